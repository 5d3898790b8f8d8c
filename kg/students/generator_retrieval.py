"""A nonparametric generator student: the tails of the nearest training heads, chosen by consensus.

Nothing is trained. :meth:`RetrievalGenerator.build` embeds every training head with the
all-MiniLM-L6-v2 sentence encoder (the learned critic's backbone, SHA-verified by
:func:`kg.critics.backbone.resolve_backbone`; mean pooling, unit length) and keeps, per
relation, the heads, their tails and the tails' word n-grams. For a prompt ``(head, relation)``:

1. the head is embedded the same way, and the ``k`` training heads of that relation with the
   highest cosine similarity ``s_j`` are its neighbours, weighted ``w_j = softmax(s_j / τ)``;
2. the candidates are the neighbours' tails;
3. each candidate ``c`` is scored by minimum Bayes risk against the neighbours' tails::

       score(c) = Σ_j w_j · u(c, j)  +  β · prior(c)
       u(c, j)  = 1                      if c is a tail of neighbour j
                  p1^(2/3) · p2^(1/3)    else: p1 = share of c's words among j's tails' words,
                                               p2 = (bigrams of c among j's + 0.1) / (bigrams of c + 0.1)

   (words lower-cased and split on whitespace, as the COMET-ATOMIC 2020 scorer reads them; the
   unigram weight 2/3 gave 2 points more BLEU-2 on the dev splits than BLEU-2's 1/2), and
   ``prior(c)`` is the relation-wide evidence: the mean, over c's words, of the share of the
   relation's training heads that have the word in a tail (so every head of the relation is
   evidence with a small uniform weight β = ``prior``, which prefers the relation's common
   words when the neighbours disagree);
4. the ``n`` best-scored candidates are the output (an n-best list, the analogue of beams), or
   ``n`` are drawn without replacement with probability ∝ ``score ** (1 / temperature)``.

So the tail follows the head (different heads have different neighbours), and a tail that
several similar heads share wins over one written for a single head. Every output is a tail of
the training corpus: the model writes nothing new (novelty 0), so a head unlike any training
head gets its nearest heads' tails. ``k = 10``, ``τ = 0.07`` and ``β = 0.05`` were chosen on
ATOMIC 2020 dev heads that no reported held-out split holds (``bench/generator.py --dev``, six
dev folds): the highest BLEU-2 whose head sensitivity stays ≥ 0.8 by more than its spread over
the folds (β 0.05 and 0.1 tie on BLEU-2, 0.05 reads the head more; larger ``k`` or ``τ`` buy
~1 point of BLEU-2 with fewer distinct tails and head sensitivity 0.81; docs/generator.md).

Saved as ``generator.json`` (metadata, ``architecture: "retrieval"``), ``index.jsonl`` (the
``(head, relation, tail)`` rows) and ``heads.npy`` (one vector per distinct head, in the order
of ``heads.json``); the encoder is not copied: it is resolved and verified again at load.
``parameters`` counts the encoder's weights plus the stored head vectors.

Python::

    gen = RetrievalGenerator.build(split.train, templates=templates)
    gen.generate_batch([("PersonX goes to the store", "xWant")], n=3)
    gen.save("model"); RetrievalGenerator.load("model")
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from kg.errors import StudentError, cannot_write
from kg.files import finish_interrupted_swap, new_folder
from kg.software import software_version
from kg.students.generator_data import Example, GeneratorFacts, record_seen_heads, require_relations
from kg.students.textmetrics import is_none, normalize_tail, tokenize

__all__ = ["RETRIEVAL", "RetrievalConfig", "RetrievalGenerator", "HeadEncoder"]

RETRIEVAL = "retrieval"
"""The ``architecture`` a retrieval generator's ``generator.json`` names (and ``--size``)."""

MODEL_FILE = "generator.json"
INDEX_FILE = "index.jsonl"
CHECKPOINT = "checkpoint"
"""The subfolder of a neural generator's training checkpoint (kept when a model is saved there)."""
HEADS_FILE = "heads.json"
VECTORS_FILE = "heads.npy"
_BIGRAM_SMOOTHING = 0.1
_BLOCK_CELLS = 1 << 21  # about the most (candidate, neighbour) utilities computed in one sparse product


@dataclass(frozen=True)
class RetrievalConfig:
    """``neighbours`` (k): training heads consulted per prompt; ``temperature`` (τ): how sharply
    the neighbours' weights follow their similarity; ``batch_size``: heads embedded at a time;
    ``max_length``: word pieces of a head read by the encoder; ``bfloat16``: run the encoder in
    bfloat16 (autocast; ~2.7x the heads per CPU-second of float32 on a CPU with AVX-512 BF16,
    cosine to the float32 vectors ~1.000), ``None``: when the CPU supports it (decided when
    the index is built, and kept with it); ``prior`` (β): weight of the relation-wide evidence
    (the share of the relation's heads whose tails hold each of a candidate's words; 0: the
    neighbours alone decide)."""

    neighbours: int = 10
    temperature: float = 0.07
    batch_size: int = 64
    max_length: int = 48
    bfloat16: bool | None = None
    prior: float = 0.05

    def __post_init__(self) -> None:
        if self.neighbours < 1:
            raise StudentError(f"neighbours must be at least 1, got {self.neighbours}")
        if self.temperature <= 0:
            raise StudentError(f"temperature must be positive, got {self.temperature}")
        if self.prior < 0:
            raise StudentError(f"prior must be at least 0, got {self.prior}")


class HeadEncoder:
    """all-MiniLM-L6-v2 (or a local ``transformers`` folder) as a sentence encoder: mean of the
    last layer over the word pieces, scaled to unit length."""

    def __init__(self, path: str | Path | None = None, *, max_length: int = 48, bfloat16: bool = False) -> None:
        from transformers import AutoModel, AutoTokenizer

        from kg.critics.backbone import quiet_loading, resolve_backbone

        folder = resolve_backbone(path)
        try:
            with quiet_loading():  # no "Loading weights" bar on the caller's stderr at each load
                self.tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
                self.model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
        except (OSError, ValueError) as exc:
            raise StudentError(f"cannot load the head encoder in {str(folder)!r}: {exc}") from None
        self.max_length = max_length
        self.bfloat16 = bfloat16

    @property
    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters())

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``len(texts) x d`` float32 unit vectors; texts are batched by length (less padding)."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), int(self.model.config.hidden_size)), dtype=np.float32)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16):
            for i in range(0, len(order), batch_size):
                rows = order[i : i + batch_size]
                enc = self.tokenizer(
                    [texts[j] for j in rows], padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
                )
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
                out[rows] = torch.nn.functional.normalize(pooled.float(), dim=-1).numpy()
        return out


class _RelationIndex:
    """One relation's training heads (vectors), their tails and the tails' word n-grams."""

    def __init__(self, heads: list[str], tails_of: list[list[str]], vectors: np.ndarray) -> None:
        from scipy import sparse

        self.heads = heads
        self.vectors = vectors
        self.tails: list[str] = []
        position: dict[str, int] = {}
        owner_rows, owner_cols = [], []
        for j, tails in enumerate(tails_of):
            for tail in tails:
                key = normalize_tail(tail)
                if key not in position:
                    position[key] = len(self.tails)
                    self.tails.append(tail)
                owner_rows.append(j)
                owner_cols.append(position[key])
        shape = (len(heads), len(self.tails))
        self.owner = sparse.csr_matrix((np.ones(len(owner_rows), np.float32), (owner_rows, owner_cols)), shape=shape)
        self.owner_t = self.owner.T.tocsr()
        self.tails_of = np.split(self.owner.indices, self.owner.indptr[1:-1])  # per head: its tail ids
        vocab: dict[tuple[str, ...], int] = {}
        grams: list[list[tuple[int, int]]] = [[], []]  # per order: (tail, n-gram) pairs
        for i, tail in enumerate(self.tails):
            words = tokenize(tail)
            for order in (1, 2):
                for start in range(len(words) - order + 1):
                    gram = tuple(words[start : start + order])
                    grams[order - 1].append((i, vocab.setdefault(gram, len(vocab))))
        size = (len(self.tails), max(len(vocab), 1))
        self.grams = []  # tails x vocab: counts of unigrams, of bigrams
        for pairs in grams:
            r = [p[0] for p in pairs]
            c = [p[1] for p in pairs]
            self.grams.append(sparse.csr_matrix((np.ones(len(pairs), np.float32), (r, c)), shape=size))
        self.lengths = [np.asarray(g.sum(1)).ravel() for g in self.grams]
        # heads x vocab: which n-grams occur in any tail of the head (1/0)
        self.union = [(self.owner @ g).sign().tocsr() for g in self.grams]
        # per tail: the mean over its words of the share of heads with the word in a tail
        word_share = np.asarray(self.union[0].sum(0)).ravel() / max(len(heads), 1)
        self.prior = (self.grams[0] @ word_share) / np.maximum(self.lengths[0], 1)

    def rank(self, queries: np.ndarray, k: int, n: int, temperature: float, prior: float = 0.0,
             cells: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each row of ``queries`` (unit head vectors): its candidate tail ids and their
        scores (see the module docstring), at least ``n`` candidates when the relation has them
        (more neighbours are consulted if needed). The word-overlap utilities of consecutive
        prompts are computed together, in one sparse product over the union of their candidates
        and neighbours (at most about ``cells`` of them, default ``_BLOCK_CELLS``), of which each
        prompt reads its block."""
        cells = _BLOCK_CELLS if cells is None else cells
        # one matrix-vector product per prompt: a matrix product would start OpenBLAS's threads,
        # whose spinning costs more than it saves on a loaded machine (6x slower ranking here)
        sims = np.stack([self.vectors @ query for query in queries]) if len(queries) else np.zeros((0, len(self.heads)))
        order = np.argsort(-sims, axis=1, kind="stable")
        out: list[tuple[np.ndarray, np.ndarray]] = []
        chunk: list[tuple[int, np.ndarray, np.ndarray]] = []
        for q in range(len(queries)):
            size = min(k, order.shape[1])
            while True:
                near = order[q, :size]
                candidates = np.unique(np.concatenate([self.tails_of[j] for j in near]))
                if len(candidates) >= n or size == order.shape[1]:
                    break
                size = min(2 * size, order.shape[1])
            chunk.append((q, near, candidates))
            if q + 1 < len(queries) and sum(len(c[1]) for c in chunk) * sum(len(c[2]) for c in chunk) < cells:
                continue
            all_near = np.unique(np.concatenate([c[1] for c in chunk]))
            all_candidates = np.unique(np.concatenate([c[2] for c in chunk]))
            utility = self._utility(all_candidates, all_near)
            for p, near, candidates in chunk:
                s = sims[p, near]
                w = np.exp((s - s.max()) / temperature)
                w /= w.sum()
                block = utility[np.ix_(np.searchsorted(all_candidates, candidates), np.searchsorted(all_near, near))]
                out.append((candidates, block @ w + prior * self.prior[candidates]))
            chunk = []
        return out

    def _utility(self, candidates: np.ndarray, heads: np.ndarray) -> np.ndarray:
        """``candidates x heads``: u(c, j) of the module docstring."""
        m1 = (self.grams[0][candidates] @ self.union[0][heads].T).toarray()
        m2 = (self.grams[1][candidates] @ self.union[1][heads].T).toarray()
        p1 = m1 / np.maximum(self.lengths[0][candidates], 1)[:, None]
        p2 = (m2 + _BIGRAM_SMOOTHING) / (self.lengths[1][candidates] + _BIGRAM_SMOOTHING)[:, None]
        utility = np.cbrt(p1 * p1 * p2)
        utility[self.owner_t[candidates][:, heads].toarray() > 0] = 1.0
        return utility


class RetrievalGenerator(GeneratorFacts):
    """A generator whose tails are the nearest training heads' tails (see the module docstring).
    It has the :class:`~kg.students.generator.Generator`'s interface for generating, saving and
    loading, so ``kg generate``, ``kg eval generator`` and the bench use it unchanged."""

    def __init__(self, rows: Sequence[Example], vectors: Mapping[str, np.ndarray], encoder: HeadEncoder,
                 meta: Mapping[str, Any]) -> None:
        self.meta: dict[str, Any] = dict(meta)
        self.encoder = encoder
        self.rows = list(rows)
        self._rng: np.random.Generator | None = None  # the last seeded sampling's draws, for the next call
        self._vectors = dict(vectors)
        by: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for e in self.rows:
            by[e.relation].setdefault(e.head, []).append(e.tail)
        self.index = {
            relation: _RelationIndex(list(heads), list(heads.values()), np.stack([self._vectors[h] for h in heads]))
            for relation, heads in sorted(by.items())
        }

    # -- facts about the model

    @property
    def config(self) -> RetrievalConfig:
        return RetrievalConfig(**self.meta["retrieval"])

    @property
    def num_parameters(self) -> int:
        """The encoder's weights plus the stored head vectors."""
        return self.encoder.num_parameters + sum(v.size for v in self._vectors.values())

    def __repr__(self) -> str:
        return (
            f"RetrievalGenerator({len(self.rows):,} tails of {len(self._vectors):,} heads, "
            f"{len(self.relations)} relations, k={self.config.neighbours})"
        )

    def check_relations(self, relations: Sequence[str]) -> None:
        """Raise :class:`StudentError` naming every relation in ``relations`` the index does not
        hold, and listing the ones it does."""
        require_relations(relations, self.relations)

    def source(self, head: str, relation: str) -> str:
        """What the encoder reads for ``(head, relation)``: the head (the relation picks the index)."""
        self.check_relations([relation])
        return head

    # -- building

    @classmethod
    def build(
        cls,
        examples: Sequence[Example],
        *,
        config: RetrievalConfig = RetrievalConfig(),
        templates: Mapping[str, str] | None = None,
        encoder: str | Path | None = None,
    ) -> "RetrievalGenerator":
        """Index ``examples`` (their heads embedded by ``encoder``: a local ``transformers``
        folder, default all-MiniLM-L6-v2 from its package, verified). Tails written "none" and
        repeats of a ``(head, relation, tail)`` (lower-cased, whitespace-normalised) are left out."""
        started = time.monotonic()
        rows: list[Example] = []
        seen: set[tuple[str, str, str]] = set()
        for e in examples:
            key = (e.head, e.relation, normalize_tail(e.tail))
            if e.tail.strip() and not is_none(e.tail) and key not in seen:
                seen.add(key)
                rows.append(Example(e.head, e.relation, e.tail.strip()))
        if not rows:
            raise StudentError("no training examples: the graph (or file) holds no labelled triples")
        rows.sort(key=lambda e: (e.relation, e.head))  # stable: a head's tails keep their order
        if config.bfloat16 is None:
            config = replace(config, bfloat16=_bfloat16_supported())
        head_encoder = HeadEncoder(encoder, max_length=config.max_length, bfloat16=bool(config.bfloat16))
        heads = sorted({e.head for e in rows})
        vectors = dict(zip(heads, head_encoder.encode(heads, config.batch_size)))
        relations = sorted({e.relation for e in rows})
        meta = {
            "architecture": RETRIEVAL,
            "relations": relations,
            "templates": {r: t for r, t in (templates or {}).items() if r in relations},
            "retrieval": asdict(config),
            "encoder": str(encoder) if encoder is not None else None,
            "train": {"epochs": 0, "seconds": time.monotonic() - started, "stopped": "indexed", "examples": len(rows)},
        }
        record_seen_heads(meta, rows)
        return cls(rows, vectors, head_encoder, meta)

    # -- generation

    def generate(self, head: str, relation: str, n: int = 1, *, sample: bool = False, **kwargs: Any) -> list[str]:
        """``n`` tails for ``(head, relation)``: the n best, or drawn with ``sample``."""
        return self.generate_batch([(head, relation)], n, sample=sample, **kwargs)[0]

    def generate_batch(
        self,
        pairs: Sequence[tuple[str, str]],
        n: int = 1,
        *,
        sample: bool = False,
        num_beams: int | None = None,
        temperature: float = 1.0,
        top_p: float = 0.9,
        batch_size: int = 128,
        seed: int | None = None,
        no_repeat_ngram_size: int = 2,
        length_penalty: float = 1.0,
    ) -> list[list[str]]:
        """``n`` distinct tails for each ``(head, relation)`` (fewer when the relation's index
        holds fewer), heads embedded ``batch_size`` at a time: the ``n`` best by score, or with
        ``sample`` ``n`` drawn without replacement from the smallest set of best candidates
        holding ``top_p`` of the probability ∝ ``score ** (1 / temperature)`` (seeded by
        ``seed``). ``num_beams``, ``no_repeat_ngram_size`` and ``length_penalty`` are the
        neural generators' decoding options; they have no effect here (the output is the n-best
        list, and every tail is a training tail)."""
        if n < 1:
            raise StudentError(f"n must be at least 1, got {n}")
        if sample and temperature <= 0:
            raise StudentError(f"temperature must be positive, got {temperature}")
        self.check_relations([r for _, r in pairs])
        cfg = self.config
        heads = list(dict.fromkeys(h for h, _ in pairs))
        vectors = dict(zip(heads, self.encoder.encode(heads, batch_size))) if heads else {}
        by_relation: dict[str, list[int]] = defaultdict(list)
        for i, (_, relation) in enumerate(pairs):
            by_relation[relation].append(i)
        ranked: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # prompt -> candidate ids, scores
        for relation, positions in by_relation.items():
            queries = np.stack([vectors[pairs[i][0]] for i in positions])
            ranked.update(zip(positions, self.index[relation].rank(queries, cfg.neighbours, n, cfg.temperature, cfg.prior)))
        # drawn in prompt order: a seed gives the same tails, and a call without one goes on with
        # the last seeded call's draws (as torch's generator does for the neural sizes), so the
        # tails of a file generated in chunks are those of one call (they were drawn unseeded)
        rng = np.random.default_rng(seed) if seed is not None or self._rng is None else self._rng
        if sample:
            self._rng = rng
        out: list[list[str]] = []
        for i, (_, relation) in enumerate(pairs):
            ids, scores = ranked[i]
            best = sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))
            if sample:
                best = _draw(best, scores, n, temperature, top_p, rng)
            out.append([self.index[relation].tails[ids[i]] for i in best[:n]])
        return out

    # -- persistence

    def save(self, directory: str | Path) -> Path:
        """Write ``generator.json``, ``index.jsonl``, ``heads.json`` and ``heads.npy`` into a folder
        beside ``directory`` that then takes its place (:func:`kg.files.new_folder`): a save
        killed half-way leaves the generator there before whole, never one head's name on another's
        vector. A neural training's ``checkpoint/`` there is kept."""
        directory = Path(directory)
        try:
            with new_folder(directory, keep=(CHECKPOINT,)) as tmp:
                self._write(tmp)
        except OSError as exc:  # a full disk, ulimit -f: "File too large" named no file
            raise cannot_write(directory, exc) from exc
        return directory

    def _write(self, directory: Path) -> None:
        with open(directory / INDEX_FILE, "w", encoding="utf-8") as fh:
            for e in self.rows:
                fh.write(json.dumps({"head": e.head, "relation": e.relation, "tail": e.tail}, ensure_ascii=False) + "\n")
        heads = sorted(self._vectors)
        (directory / HEADS_FILE).write_text(json.dumps(heads, ensure_ascii=False), encoding="utf-8")
        np.save(directory / VECTORS_FILE, np.stack([self._vectors[h] for h in heads]), allow_pickle=False)
        meta = dict(self.meta, parameters=self.num_parameters)
        meta.setdefault("software", software_version("torch", "transformers"))  # what built it: kept by a re-save
        (directory / MODEL_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path) -> "RetrievalGenerator":
        """A retrieval generator saved by :meth:`save`; the encoder is resolved (and, the
        default one, verified) again."""
        directory = Path(directory)
        finish_interrupted_swap(directory)
        if not (directory / MODEL_FILE).is_file():
            raise StudentError(f"no generator in {str(directory)!r} (no {MODEL_FILE}); train one with `kg train generator`")
        meta = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
        if meta.get("architecture") != RETRIEVAL:
            raise StudentError(f"the generator in {str(directory)!r} is a {meta.get('architecture')!r} model, not a retrieval one")
        for name in (INDEX_FILE, HEADS_FILE, VECTORS_FILE):
            if not (directory / name).is_file():
                raise StudentError(f"the generator in {str(directory)!r} is incomplete (no {name}); train it again with `kg train generator`")
        try:
            rows = [Example(**json.loads(line)) for line in (directory / INDEX_FILE).read_text(encoding="utf-8").splitlines() if line]
            heads = json.loads((directory / HEADS_FILE).read_text(encoding="utf-8"))
            matrix = np.load(directory / VECTORS_FILE, allow_pickle=False)
        except (OSError, ValueError, TypeError) as exc:
            raise StudentError(f"cannot load the generator in {str(directory)!r}: {exc}") from None
        if len(heads) != len(matrix):
            raise StudentError(f"the generator in {str(directory)!r} is damaged: {len(heads)} heads but {len(matrix)} vectors")
        config = RetrievalConfig(**{"prior": 0.0, **meta["retrieval"]})  # saved before the prior: none
        meta["retrieval"] = asdict(config)
        encoder = HeadEncoder(meta.get("encoder"), max_length=config.max_length, bfloat16=bool(config.bfloat16))
        return cls(rows, dict(zip(heads, matrix)), encoder, meta)


def _bfloat16_supported() -> bool:
    """Whether this CPU runs bfloat16 matrix products natively (oneDNN's check)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def _draw(best: list[int], scores: np.ndarray, n: int, temperature: float, top_p: float,
          rng: np.random.Generator) -> list[int]:
    """``n`` of ``best`` (positions, best first) drawn without replacement, probability ∝
    ``score ** (1 / temperature)`` within the nucleus holding ``top_p`` of it."""
    weights = np.maximum(scores[best], 1e-12) ** (1.0 / temperature)
    weights = weights / weights.sum()
    keep = max(int(np.searchsorted(np.cumsum(weights), top_p) + 1), min(n, len(best)))
    pool = np.array(best[:keep])
    p = weights[:keep] / weights[:keep].sum()
    return [int(i) for i in rng.choice(pool, size=min(n, len(pool)), replace=False, p=p)]
