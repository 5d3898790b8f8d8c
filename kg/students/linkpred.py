"""Student 1: a link predictor distilled from the graph's structure.

It learns the accepted graph so it can score ``(head, relation, tail)`` and propose likely
missing facts cheaply, without asking the teacher.

Model::

    x_e   = E[e]  (+ W · bag(label_e))             entity features, [num_entities, d]
    z     = x                    encoder="none"     (shallow: the default, best MRR per second)
    z     = x + RGCN_L(...RGCN_1(x))  encoder="rgcn"  (PyG RGCNConv, basis decomposition, over
                                                      training edges and their inverses)
    s(h, r, t) = decoder(z_h, R[r], z_t)

Decoders: ``distmult`` ⟨z_h, r, z_t⟩; ``complex`` Re⟨z_h, r, conj(z_t)⟩ (d = 2·dim, real and
imaginary halves); ``rotate`` −‖z_h ∘ e^{iθ_r} − z_t‖. Every relation ``r`` has an inverse
``r + R``, so a head query ``(?, r, t)`` is the tail query ``(t, r⁻¹, ?)``.

Training is 1-N scoring: each training triple and its inverse scores its ``(h, r)`` against every
entity, with a cross-entropy loss on the true tail (Adam, optional label smoothing and N3
regularisation); from 20,000 entities up (``sampler="auto"``) each step scores a sampled set of
negatives instead (:class:`NeighborSampler`), and the entity table gets sparse gradients and a
row-wise optimiser (``SparseAdam``): a step reads and updates only the rows it touched.
Early stopping on the validation MRR of the model that is kept (filtered by training and
validation triples only: test triples never steer selection), checkpoints and resume, fixed
seeds, a time budget checked after every step. Evaluation: filtered realistic ranks
(:mod:`kg.students.metrics`), optionally type-constrained (:mod:`kg.students.constraints`).

Label features (``label_features=True``): a bag of hashed character 3-grams and tokens of each
entity's label through an ``EmbeddingBag`` with a row per bucket the vocabulary's labels use
(not all ``label_buckets``), with sparse gradients; a new entity with a label gets a
representation from its label's known buckets alone (inductive use), and entity dropout teaches
the model to rely on it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import resource
import time
import zlib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence, cast

import numpy as np
import torch
import torch.nn.functional as F
from rdflib import URIRef
from torch import nn

from kg.errors import StudentError
from kg.progress import TrainingBar
from kg.iri import normalize_label
from kg.namespaces import PREFIXES
from kg.students.constraints import TypeConstraints
from kg.students.metrics import RankMetrics, evaluate_ranking
from kg.students.sampling import NeighborSampler
from kg.students.triples import Schema, Split, TripleSet, from_triples, split_triples

FORMAT_VERSION = 1
DECODERS = ("distmult", "complex", "rotate")
ENCODERS = ("none", "rgcn")
SAMPLERS = ("auto", "full", "neighbor")
TEACHER = "student:linkpred"
AUTO_NEIGHBOR_ENTITIES = 20_000
"""``sampler="auto"`` trains on sampled negatives and subgraphs from this many entities up (1-N
scoring over every entity per step is too slow there on a CPU)."""
SAMPLED_N3 = 0.05
"""The N3 weight of sampled steps when ``TrainConfig.n3`` is None. Without it a large sampled run
memorises after its first epoch (synthetic 10k entities / 100k triples: validation MRR 0.121,
then 0.09-0.11; with it, from the second epoch on: 0.121, then 0.172-0.177)."""


# -- configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelConfig:
    """The model: ``decoder`` distmult | complex | rotate, ``encoder`` none | rgcn.

    ``dim`` counts complex dimensions for complex / rotate (``2·dim`` reals per entity);
    ``entity_dropout`` (the share of entities whose own embedding a step hides, so the model
    learns to place them by their label) acts only with ``label_features``."""

    decoder: str = "complex"
    encoder: str = "none"
    dim: int = 200
    layers: int = 1
    num_bases: int | None = 8
    label_features: bool = False
    label_buckets: int = 1 << 15
    entity_dropout: float = 0.2
    dropout: float = 0.0

    def __post_init__(self) -> None:
        if self.decoder not in DECODERS:
            raise StudentError(f"unknown decoder {self.decoder!r}; use one of {', '.join(DECODERS)}")
        if self.encoder not in ENCODERS:
            raise StudentError(f"unknown encoder {self.encoder!r}; use one of {', '.join(ENCODERS)}")
        if self.dim < 1 or self.layers < 0:
            raise StudentError(f"dim must be >= 1 and layers >= 0, got dim={self.dim}, layers={self.layers}")


@dataclass(frozen=True)
class TrainConfig:
    """How to train: 1-N cross-entropy, Adam, early stopping on validation MRR.

    ``sampler``: ``auto`` (``full`` below :data:`AUTO_NEIGHBOR_ENTITIES` entities, else
    ``neighbor``), ``full`` or ``neighbor``. ``max_seconds``: a time budget for training and its
    validations, checked after every step: another step is taken only if it and the last
    validation fit (the first epoch is validated to measure that cost; None: no budget).
    ``valid_sample``: early stopping ranks at most this many validation triples (a fixed,
    seeded sample; None: all). ``n3``: the weight of N3 regularisation (Lacroix et al. 2018: the
    cubed absolute values of the coordinates of the heads, relations and true tails a step
    scores); None: :data:`SAMPLED_N3` on sampled steps, 0 on 1-N steps. Sampled steps add it
    from the second epoch on: a large table starts with scores so small that the term, on from
    the first step, holds the model at chance (100k entities: for a whole epoch)."""

    epochs: int = 200
    batch_size: int = 128
    lr: float = 0.01
    label_smoothing: float = 0.0
    n3: float | None = None
    eval_every: int = 5
    patience: int = 3
    min_delta: float = 0.0
    seed: int = 42
    threads: int = 1
    max_seconds: float | None = None
    eval_batch_size: int = 512
    progress: bool = True
    checkpoint_dir: str | None = None
    resume: bool = False
    split: tuple[float, float, float] = (0.8, 0.1, 0.1)
    inductive: bool = False
    sampler: str = "auto"
    fanout: tuple[int, ...] = (10,)
    negatives: int = 1024
    valid_sample: int | None = 5000

    def __post_init__(self) -> None:
        if self.sampler not in SAMPLERS:
            raise StudentError(f"unknown sampler {self.sampler!r}; use one of {', '.join(SAMPLERS)}")


@dataclass(frozen=True)
class Prediction:
    """One proposed tail (or head) with its raw score and its softmax probability over all
    entities of the query."""

    entity: str
    label: str
    score: float
    probability: float
    known: bool = False


# -- label features -----------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")


def label_of(entity: str, labels: Mapping[str, str]) -> str:
    """The entity's label, or a readable local name of its IRI."""
    if entity in labels:
        return labels[entity]
    tail = re.split(r"[#/:]", entity.rstrip("/#"))[-1] or entity
    return tail.replace("_", " ")


def label_buckets(text: str, buckets: int) -> list[int]:
    """Hashed character 3-grams (of ``#label#``) and tokens of a normalised label."""
    norm = normalize_label(text)
    grams = [f"t:{tok}" for tok in _TOKEN.findall(norm)]
    padded = f"#{norm}#"
    grams += [padded[i : i + 3] for i in range(max(len(padded) - 2, 1))]
    return sorted({zlib.crc32(g.encode("utf-8")) % buckets for g in grams})


def _bags(texts: Sequence[str], buckets: int) -> tuple[torch.Tensor, torch.Tensor]:
    idx: list[int] = []
    offsets: list[int] = []
    for text in texts:
        offsets.append(len(idx))
        idx.extend(label_buckets(text, buckets))
    return torch.tensor(idx, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


def _known_buckets(vocab: torch.Tensor, idx: torch.Tensor, offsets: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Bags of bucket ids as rows of ``vocab`` (sorted bucket ids), unknown buckets dropped."""
    if vocab.numel() == 0 or idx.numel() == 0:
        return idx.new_zeros(0), offsets.new_zeros(offsets.shape)
    pos = torch.searchsorted(vocab, idx).clamp(max=vocab.numel() - 1)
    found = vocab[pos] == idx
    bag = torch.repeat_interleave(torch.arange(offsets.numel()), torch.diff(offsets, append=offsets.new_tensor([idx.numel()])))
    counts = torch.bincount(bag[found], minlength=offsets.numel())
    return pos[found], torch.cat([counts.new_zeros(1), counts.cumsum(0)[:-1]])


# -- the model ----------------------------------------------------------------------------


class LinkPredictionModel(nn.Module):
    r"""Entity features → optional R-GCN encoder → DistMult / ComplEx / RotatE decoder.

    Shapes: ``entity_repr()`` gives ``[E, d]``; ``score_tails(h [B], r [B])`` gives ``[B, E]``
    for relation ids in ``[0, 2R)`` (``r + R`` is the inverse of ``r``).
    """

    # buffers (register_buffer), declared for the type checker
    bag_vocab: torch.Tensor
    bag_index: torch.Tensor
    bag_offsets: torch.Tensor
    edge_index: torch.Tensor
    edge_type: torch.Tensor

    def __init__(
        self,
        config: ModelConfig,
        num_entities: int,
        num_relations: int,
        train_triples: torch.Tensor,
        labels: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.num_entities = num_entities
        self.num_relations = num_relations
        d = config.dim if config.decoder == "distmult" else 2 * config.dim
        self.d = d
        self.entity = nn.Embedding(num_entities, d)
        rel_dim = config.dim if config.decoder == "rotate" else d
        self.relation = nn.Embedding(2 * num_relations, rel_dim)
        self.label_bag: nn.EmbeddingBag | None = None
        if config.label_features:
            idx, off = _bags(labels or [""] * num_entities, config.label_buckets)
            vocab = torch.unique(idx)  # the buckets the labels use: one row each
            self.label_bag = nn.EmbeddingBag(max(vocab.numel(), 1), d, mode="mean", sparse=True)
            self.register_buffer("bag_vocab", vocab, persistent=False)
            idx, off = _known_buckets(vocab, idx, off)
            self.register_buffer("bag_index", idx, persistent=False)
            self.register_buffer("bag_offsets", off, persistent=False)
        self.convs = nn.ModuleList()
        if config.encoder == "rgcn":
            from torch_geometric.nn import RGCNConv

            bases = config.num_bases if config.num_bases and config.num_bases < 2 * num_relations else None
            for _ in range(config.layers):
                self.convs.append(RGCNConv(d, d, 2 * num_relations, num_bases=bases))
            t = train_triples.long().reshape(-1, 3)
            edge_index = torch.cat([t[:, [0, 2]].t(), t[:, [2, 0]].t()], dim=1)
            edge_type = torch.cat([t[:, 1], t[:, 1] + num_relations])
            self.register_buffer("edge_index", edge_index, persistent=False)
            self.register_buffer("edge_type", edge_type, persistent=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        nn.init.xavier_normal_(self.entity.weight)
        if self.config.decoder == "rotate":
            nn.init.uniform_(self.relation.weight, -math.pi, math.pi)
        else:
            nn.init.xavier_normal_(self.relation.weight)
        if self.label_bag is not None:
            nn.init.xavier_normal_(self.label_bag.weight)
        for conv in self.convs:
            cast(Any, conv).reset_parameters()  # RGCNConv (a Module's attributes type as Tensor | Module)

    # features and encoder

    def features(self, ids: torch.Tensor | None = None, extra_labels: Sequence[str] = ()) -> torch.Tensor:
        """Input features of entities ``ids`` (default: all), then of new labelled entities."""
        x = self.entity.weight if ids is None else self.entity(ids)
        if self.training and self.config.entity_dropout > 0 and self.label_bag is not None:
            keep = torch.rand(x.shape[0], 1, device=x.device) >= self.config.entity_dropout
            x = x * keep
        if self.label_bag is not None:
            if ids is None:
                x = x + self.label_bag(self.bag_index, self.bag_offsets)
            else:
                x = x + self.label_bag(*self._bag_subset(ids))
        if extra_labels:
            if self.label_bag is None:
                raise StudentError("this model has no label features; it cannot place new entities")
            idx, off = _known_buckets(self.bag_vocab, *_bags(extra_labels, self.config.label_buckets))
            x = torch.cat([x, self.label_bag(idx.to(x.device), off.to(x.device))])
        return x

    def _bag_subset(self, ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ends = torch.cat([self.bag_offsets[1:], self.bag_offsets.new_tensor([self.bag_index.numel()])])
        starts, lengths = self.bag_offsets[ids], (ends - self.bag_offsets)[ids]
        offsets = torch.cat([lengths.new_zeros(1), lengths.cumsum(0)[:-1]])
        pos = torch.arange(int(lengths.sum()), device=ids.device) - torch.repeat_interleave(offsets - starts, lengths)
        return self.bag_index[pos], offsets

    def encode(self, x: torch.Tensor, edge_index: torch.Tensor | None, edge_type: torch.Tensor | None) -> torch.Tensor:
        """The R-GCN layers (residual, tanh) over a graph of ``x``'s nodes; identity without."""
        for conv in self.convs:
            x = x + torch.tanh(conv(x, edge_index, edge_type))
        if self.config.dropout > 0:
            x = F.dropout(x, self.config.dropout, self.training)
        return x

    def entity_repr(self, extra_labels: Sequence[str] = ()) -> torch.Tensor:
        """Representations of every entity (then of ``extra_labels``' new entities), ``[E(+n), d]``."""
        x = self.features(extra_labels=extra_labels)
        if not self.convs:
            return self.encode(x, None, None)
        return self.encode(x, self.edge_index, self.edge_type)

    # decoder

    def _query(self, zh: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
        rel = self.relation(r)
        if self.config.decoder == "distmult":
            return zh * rel
        half = self.config.dim
        h_re, h_im = zh[:, :half], zh[:, half:]
        if self.config.decoder == "complex":
            r_re, r_im = rel[:, :half], rel[:, half:]
        else:
            r_re, r_im = torch.cos(rel), torch.sin(rel)
        return torch.cat([h_re * r_re - h_im * r_im, h_re * r_im + h_im * r_re], dim=1)

    def score_against(self, zh: torch.Tensor, r: torch.Tensor, candidates: torch.Tensor) -> torch.Tensor:
        """Scores ``[B, C]`` of queries ``(zh [B, d], r [B])`` against ``candidates [C, d]``."""
        q = self._query(zh, r)
        if self.config.decoder == "rotate":
            return -torch.cdist(q, candidates)
        return q @ candidates.t()

    def score_pairs(self, zh: torch.Tensor, r: torch.Tensor, zt: torch.Tensor) -> torch.Tensor:
        """Scores ``[B]`` of ``(zh, r, zt)`` rows."""
        q = self._query(zh, r)
        if self.config.decoder == "rotate":
            return -torch.linalg.vector_norm(q - zt, dim=1)
        return (q * zt).sum(dim=1)

    def score_tails(self, h: torch.Tensor, r: torch.Tensor, z: torch.Tensor | None = None) -> torch.Tensor:
        z = self.entity_repr() if z is None else z
        return self.score_against(z[h], r, z[: self.num_entities])

    def forward(self, h: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
        return self.score_tails(h, r)

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(decoder={c.decoder}, encoder={c.encoder}, layers={len(self.convs)}, "
            f"entities={self.num_entities}, relations={self.num_relations}, d={self.d}, "
            f"label_features={c.label_features})"
        )


# -- the predictor ------------------------------------------------------------------------


def _seed_all(seed: int) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed % (2**32))


def _fingerprint(config: ModelConfig, training: TrainConfig, train: np.ndarray, n3: float) -> str:
    h = hashlib.sha1(json.dumps(asdict(config), sort_keys=True).encode())
    h.update(json.dumps([2, training.lr, training.batch_size, training.seed, training.label_smoothing, n3]).encode())
    h.update(np.ascontiguousarray(train).tobytes())
    return h.hexdigest()


def peak_memory_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux: ``VmHWM``, this process's own;
    ``ru_maxrss`` can keep the peak of the process that forked it across ``exec``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Optimizer:
    """Adam for dense parameters, ``SparseAdam`` (row-wise: only the rows a step touched are
    read and updated) for the embedding tables that give sparse gradients."""

    def __init__(self, net: nn.Module, lr: float) -> None:
        sparse = [m.weight for m in net.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
        ids = {id(w) for w in sparse}
        dense = [w for w in net.parameters() if id(w) not in ids]
        self.dense = torch.optim.Adam(dense, lr=lr)
        self.sparse = torch.optim.SparseAdam(sparse, lr=lr) if sparse else None

    def zero_grad(self) -> None:
        self.dense.zero_grad(set_to_none=True)
        if self.sparse is not None:
            self.sparse.zero_grad(set_to_none=True)

    def step(self) -> None:
        self.dense.step()
        if self.sparse is not None:
            self.sparse.step()

    def state_dict(self) -> dict:
        return {"dense": self.dense.state_dict(), "sparse": self.sparse.state_dict() if self.sparse else None}

    def load_state_dict(self, state: dict) -> None:
        self.dense.load_state_dict(state["dense"])
        if self.sparse is not None and state.get("sparse"):
            self.sparse.load_state_dict(state["sparse"])


@dataclass
class TrainReport:
    """What training did: epochs run, best validation MRR, test metrics, seconds. Each
    ``history`` row has the epoch, its mean loss, steps, seconds and the process's peak
    memory (MB), and the validation MRR when it was measured."""

    epochs: int = 0
    best_epoch: int = 0
    best_valid_mrr: float = 0.0
    seconds: float = 0.0
    history: list[dict[str, float]] = field(default_factory=list)
    test: RankMetrics | None = None
    stopped: str = "epochs"


class LinkPredictor:
    """A trained link predictor with its vocabulary: score, predict, save, load.

    >>> lp = LinkPredictor.train([("a", "likes", "b"), ...])              # doctest: +SKIP
    >>> lp.predict("a", "likes", k=5)                                    # doctest: +SKIP
    """

    def __init__(self, model: LinkPredictionModel, data: TripleSet, split: Split, report: TrainReport | None = None) -> None:
        self.model = model
        self.data = data
        self.split = split
        self.report = report or TrainReport()
        self.constraints = TypeConstraints(data.schema, data.entities, data.relations)
        self._entity_index = data.entity_index()
        self._relation_index = data.relation_index()
        self._label_index: dict[str, int] = {}
        for i, e in enumerate(data.entities):
            self._label_index.setdefault(normalize_label(label_of(e, data.labels)), i)
        known = split.all_triples
        self._known = {(int(h), int(r), int(t)) for h, r, t in known}
        self._z: torch.Tensor | None = None

    # construction and training

    @classmethod
    def train(
        cls,
        data: TripleSet | Split | Iterable[tuple[str, str, str]],
        *,
        model: ModelConfig | None = None,
        training: TrainConfig | None = None,
        select: Callable[["LinkPredictor"], float] | None = None,
    ) -> "LinkPredictor":
        """Train on ``data``: a :class:`Split`, or triples that are split here
        (``training.split``, seeded, leak-free).

        ``select(predictor)`` scores the model as it would be kept, every ``eval_every`` epochs
        (higher is better; default: the filtered MRR of the validation split, ranked among
        training and validation triples only); the best-scoring model is the one kept."""
        model = model or ModelConfig()
        training = training or TrainConfig()
        if isinstance(data, Split):
            split = data
        else:
            if not isinstance(data, TripleSet):
                data = from_triples(data)
            if len(data) == 0:
                raise StudentError("no entity-to-entity triples to train on; load or distil some facts first")
            split = split_triples(data, ratios=training.split, seed=training.seed, inductive=training.inductive)
        if len(split.train) == 0:
            raise StudentError("the training split is empty; give more triples")
        torch.set_num_threads(max(1, training.threads))
        _seed_all(training.seed)
        vocab = split.train
        labels = [label_of(e, vocab.labels) for e in vocab.entities]
        net = LinkPredictionModel(
            model, vocab.num_entities, vocab.num_relations, torch.from_numpy(split.train.triples), labels
        )
        predictor = cls(net, vocab, split)
        predictor.report = predictor._fit(training, select)
        return predictor

    def _fit(self, cfg: TrainConfig, select: Callable[["LinkPredictor"], float] | None = None) -> TrainReport:
        net, split = self.model, self.split
        R = net.num_relations
        train = split.train.triples
        both = np.concatenate([train, np.stack([train[:, 2], train[:, 1] + R, train[:, 0]], 1)])
        queries = torch.from_numpy(both)
        kind = cfg.sampler
        if kind == "auto":
            kind = "full" if net.num_entities < AUTO_NEIGHBOR_ENTITIES else "neighbor"
        sampler = NeighborSampler(train, net.num_entities, R, cfg.fanout, cfg.negatives) if kind == "neighbor" else None
        n3 = cfg.n3 if cfg.n3 is not None else (SAMPLED_N3 if sampler is not None else 0.0)
        # sampled steps touch a few rows of the entity table: sparse gradients, row-wise Adam
        net.entity.sparse = sampler is not None
        opt = _Optimizer(net, cfg.lr)
        unseen: torch.Tensor | None = None
        if cfg.inductive:
            # entities never seen in training keep no identity: only labels (if any) place
            # them; kept at zero throughout, so validation measures the model that is kept
            seen = np.zeros(net.num_entities, dtype=bool)
            seen[train[:, 0]] = seen[train[:, 2]] = True
            unseen = torch.from_numpy(~seen)
            with torch.no_grad():
                net.entity.weight[unseen] = 0.0
        report = TrainReport()
        best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        bad = 0
        start_epoch = 0
        generator = torch.Generator().manual_seed(cfg.seed)
        ckpt_path = Path(cfg.checkpoint_dir) / "checkpoint.pt" if cfg.checkpoint_dir else None
        fingerprint = _fingerprint(net.config, cfg, train, n3)
        if ckpt_path is not None and cfg.resume and ckpt_path.is_file():
            ck = torch.load(ckpt_path, weights_only=True)
            if ck.get("fingerprint") != fingerprint:
                raise StudentError(
                    f"checkpoint {str(ckpt_path)!r} was made with other data or settings; remove it or train without --resume"
                )
            net.load_state_dict(ck["state"])
            opt.load_state_dict(ck["optimizer"])
            best_state, bad, start_epoch = ck["best_state"], ck["bad"], ck["epoch"]
            report = TrainReport(**ck["report"])
            generator.set_state(ck["generator"])
        has_valid = len(split.validation) > 0
        valid = split.validation.triples
        if cfg.valid_sample is not None and len(valid) > cfg.valid_sample:
            pick = np.random.default_rng(cfg.seed).choice(len(valid), cfg.valid_sample, replace=False)
            valid = valid[np.sort(pick)]
        # validation ranks among training and validation triples: the test split never steers
        valid_known = np.concatenate([train, split.validation.triples])

        # max_seconds covers the validations too: the steps stop early enough for one more
        # validation (its cost: the slowest measured so far) to end within the budget
        valid_cost: float | None = None

        def measure() -> float:
            nonlocal valid_cost
            started = time.perf_counter()
            self._z = None
            if select is not None:
                mrr = float(select(self))
            else:
                mrr = self._evaluate(valid, valid_known, cfg.eval_batch_size).mrr
            valid_cost = max(valid_cost or 0.0, time.perf_counter() - started)
            return mrr

        t0 = time.perf_counter() - report.seconds
        progress = TrainingBar(cfg.epochs, enabled=cfg.progress, completed=start_epoch)
        epoch = start_epoch
        with progress:
            for epoch in range(start_epoch + 1, cfg.epochs + 1):
                net.train()
                perm = torch.randperm(len(queries), generator=generator)
                total, steps, out_of_time = 0.0, 0, False
                epoch_start = time.perf_counter()
                for s in range(0, len(perm), cfg.batch_size):
                    step_start = time.perf_counter()
                    b = queries[perm[s : s + cfg.batch_size]]
                    if sampler is None:
                        z = net.entity_repr()
                        zh, zt = z[b[:, 0]], z[b[:, 2]]
                        scores = net.score_against(zh, b[:, 1], z[: net.num_entities])
                        target = b[:, 2]
                    else:
                        zh, zt, scores, target = sampler.step(net, b, generator)
                    loss = F.cross_entropy(scores, target, label_smoothing=cfg.label_smoothing)
                    if n3 > 0 and (sampler is None or epoch > 1):
                        loss = loss + n3 * _n3(zh, net.relation(b[:, 1]), zt)
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    if unseen is not None:
                        with torch.no_grad():
                            net.entity.weight[unseen] = 0.0
                    total += float(loss.detach())
                    steps += 1
                    # stop unless one more step (as long as this one) and the last validation fit
                    now = time.perf_counter()
                    reserve = (now - step_start) + ((valid_cost or 0.0) if has_valid else 0.0)
                    if cfg.max_seconds is not None and now - t0 + reserve >= cfg.max_seconds:
                        out_of_time = True
                        break
                mean_loss = total / max(steps, 1)
                row = {"epoch": epoch, "loss": mean_loss, "steps": steps,
                       "seconds": time.perf_counter() - epoch_start, "peak_mb": peak_memory_mb()}
                # under a time budget the first epoch is validated, to learn what a validation costs
                learn_cost = cfg.max_seconds is not None and valid_cost is None
                if has_valid and (epoch % cfg.eval_every == 0 or epoch == cfg.epochs or out_of_time or learn_cost):
                    mrr = measure()
                    row["valid_mrr"] = mrr
                    if mrr > report.best_valid_mrr + cfg.min_delta or report.best_epoch == 0:
                        report.best_valid_mrr, report.best_epoch, bad = mrr, epoch, 0
                        best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
                    else:
                        bad += 1
                report.history.append(row)
                report.epochs = epoch
                report.seconds = time.perf_counter() - t0
                progress.update(completed=epoch, description=f"loss {mean_loss:.4f}"
                                + (f"  val MRR {report.best_valid_mrr:.4f}" if has_valid else "")
                                + f"  {row['seconds']:.1f} s/epoch  {row['peak_mb']:,.0f} MB")
                if ckpt_path is not None and ("valid_mrr" in row or epoch % cfg.eval_every == 0):
                    ckpt_path.parent.mkdir(parents=True, exist_ok=True)
                    torch.save(
                        {"fingerprint": fingerprint, "state": net.state_dict(), "optimizer": opt.state_dict(),
                         "best_state": best_state, "bad": bad, "epoch": epoch,
                         "report": {k: v for k, v in asdict(report).items() if k != "test"},
                         "generator": generator.get_state()},
                        ckpt_path,
                    )
                if has_valid and bad >= cfg.patience:
                    report.stopped = "early stopping"
                    break
                if out_of_time:
                    report.stopped = "time budget"
                    break
        if has_valid and report.best_epoch:
            net.load_state_dict(best_state)
        else:
            report.best_epoch = epoch
        net.entity.sparse = False
        report.seconds = time.perf_counter() - t0
        net.eval()
        self._z = None
        if len(split.test):
            report.test = self._evaluate(split.test.triples, split.all_triples, cfg.eval_batch_size)
        return report

    @torch.no_grad()
    def _evaluate(self, triples: np.ndarray, known: np.ndarray, batch_size: int = 512, typed: bool = False) -> RankMetrics:
        was = self.model.training
        self.model.eval()
        z = self.model.entity_repr()
        R = self.model.num_relations
        tails = lambda h, r: self.model.score_against(z[h], r, z[: self.model.num_entities])  # noqa: E731
        heads = lambda t, r: self.model.score_against(z[t], r + R, z[: self.model.num_entities])  # noqa: E731
        try:
            return evaluate_ranking(
                tails, heads, triples, num_entities=self.model.num_entities, num_relations=R,
                known=known, batch_size=max(1, min(batch_size, 20_000_000 // max(self.model.num_entities, 1))),
                exclude=self.constraints.excluded if typed else None,
            )
        finally:
            self.model.train(was)

    def evaluate(
        self, triples: np.ndarray | None = None, *, known: np.ndarray | None = None, typed: bool = False,
        batch_size: int = 512,
    ) -> RankMetrics:
        """Filtered metrics on ``triples`` (ids of this vocabulary; default: the test split).

        ``known``: the triples filtered out (default: every triple of the model's split); triples
        from elsewhere should add themselves, so that they filter each other. ``typed``: rank
        each answer only among entities of the relation's range (domain for head queries),
        the query's own entity left out unless the relation is reflexive."""
        triples = self.split.test.triples if triples is None else np.asarray(triples, dtype=np.int64).reshape(-1, 3)
        known = self.split.all_triples if known is None else known
        return self._evaluate(triples, known, batch_size, typed)

    # names in, names out

    @property
    def entities(self) -> tuple[str, ...]:
        return self.data.entities

    @property
    def relations(self) -> tuple[str, ...]:
        return self.data.relations

    def label(self, entity: str) -> str:
        return label_of(entity, self.data.labels)

    def _expand(self, name: str) -> str:
        name = name.strip()
        if name.startswith("<") and name.endswith(">"):
            return name[1:-1]
        prefix, sep, local = name.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            return PREFIXES[prefix] + local
        return name

    def entity_id(self, name: str) -> int | None:
        """The id of an entity given as IRI, prefixed name or label; ``None`` when unknown."""
        full = self._expand(str(name))
        for key in (full, str(name)):
            if key in self._entity_index:
                return self._entity_index[key]
        return self._label_index.get(normalize_label(str(name)))

    def relation_id(self, name: str) -> int:
        """The id of a relation given as IRI, prefixed name or local name (case-insensitive)."""
        full = self._expand(str(name))
        for key in (full, str(name)):
            if key in self._relation_index:
                return self._relation_index[key]
        want = str(name).strip().casefold()
        hits = [i for i, r in enumerate(self.relations) if label_of(r, {}).casefold() in (want, want.replace("_", " "))]
        if len(hits) == 1:
            return hits[0]
        choices = ", ".join(label_of(r, {}) for r in self.relations[:12])
        more = "" if len(self.relations) <= 12 else ", ..."
        what = "ambiguous" if hits else "unknown"
        raise StudentError(f"{what} relation {name!r}; use one of {choices}{more} (or its IRI)")

    def _entity_vectors(self, names: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """Representations of ``names`` (known, or new with label features) and of all entities."""
        ids = [self.entity_id(n) for n in names]
        new = [n for n, i in zip(names, ids) if i is None]
        if new and not self.model.config.label_features:
            raise StudentError(
                f"unknown entity {new[0]!r}: not in the graph; give a label or IRI from the graph "
                "(or train with label features to place new entities)"
            )
        with torch.no_grad():
            if new:
                z = self.model.entity_repr(new)
            else:
                if self._z is None:
                    self._z = self.model.entity_repr()
                z = self._z
        E = self.model.num_entities
        pos, k = [], 0
        for i in ids:
            if i is None:
                pos.append(E + k)
                k += 1
            else:
                pos.append(i)
        return z[torch.tensor(pos, dtype=torch.long)], z[:E]

    @torch.no_grad()
    def score(self, head: str, relation: str, tail: str) -> float:
        """The raw decoder score of one triple (higher is more plausible)."""
        return float(self.score_triples([(head, relation, tail)])[0])

    @torch.no_grad()
    def score_triples(self, triples: Sequence[tuple[str, str, str]]) -> np.ndarray:
        """Raw scores of many ``(head, relation, tail)`` given by IRI, prefixed name or label."""
        self.model.eval()
        if not triples:
            return np.zeros(0, dtype=np.float32)
        zh, _ = self._entity_vectors([h for h, _, _ in triples])
        zt, _ = self._entity_vectors([t for _, _, t in triples])
        r = torch.tensor([self.relation_id(rel) for _, rel, _ in triples], dtype=torch.long)
        return self.model.score_pairs(zh, r, zt).numpy()

    @torch.no_grad()
    def predict(
        self, head: str, relation: str, k: int = 10, *, include_known: bool = False, typed: bool = True
    ) -> list[Prediction]:
        """The ``k`` most plausible tails of ``(head, relation, ?)``; known facts are left out
        unless ``include_known``. ``typed``: only entities of the relation's range class (from
        the ontology) answer, and never the head itself unless the relation is reflexive;
        probabilities are then a softmax over those candidates."""
        return self.predict_many([head], relation, k, include_known=include_known, typed=typed)[0]

    @torch.no_grad()
    def predict_many(
        self, heads: Sequence[str], relation: str, k: int = 10, *, include_known: bool = False, inverse: bool = False,
        typed: bool = True,
    ) -> list[list[Prediction]]:
        """Top-``k`` tails (or heads, with ``inverse``: then the domain class constrains) for
        several heads and one relation (see :meth:`predict`)."""
        self.model.eval()
        r_id = self.relation_id(relation)
        R = self.model.num_relations
        query = r_id + (R if inverse else 0)
        zh, z_all = self._entity_vectors(list(heads))
        r = torch.full((len(heads),), query, dtype=torch.long)
        scores = self.model.score_against(zh, r, z_all)
        ids = [self.entity_id(name) for name in heads]
        if typed:
            allowed = self.constraints.allowed(query)
            if allowed is not None:
                scores[:, ~allowed] = -math.inf
            if not self.constraints.reflexive(r_id):
                for row, h_id in enumerate(ids):
                    if h_id is not None:
                        scores[row, h_id] = -math.inf
        probs = torch.softmax(scores, dim=1)
        out = []
        for row, h_id in enumerate(ids):
            order = torch.argsort(scores[row], descending=True).tolist()
            preds = []
            for e in order:
                if scores[row, e] == -math.inf:
                    break
                fact = (e, r_id, h_id) if inverse else (h_id, r_id, e)
                known = h_id is not None and fact in self._known
                if known and not include_known:
                    continue
                ent = self.entities[e]
                preds.append(Prediction(ent, self.label(ent), float(scores[row, e]), float(probs[row, e]), known))
                if len(preds) >= k:
                    break
            out.append(preds)
        return out

    @torch.no_grad()
    def plausibility(self, triples: Sequence[tuple[str, str, str]]) -> list[float]:
        """0..1 per triple: how likely the tail is relative to the model's best tail for
        ``(head, relation, ?)``, ``exp(s(h, r, t) - max_e s(h, r, e))`` (the ratio of their
        softmax probabilities; 1 for the top tail, near 0 for tails the model rules out).
        0.5 (no opinion) when the relation, or an entity without label features, is unknown."""
        self.model.eval()
        out: list[float] = []
        for h, rel, t in triples:
            try:
                r_id = self.relation_id(rel)
                zh, z_all = self._entity_vectors([h])
                zt, _ = self._entity_vectors([t])
            except StudentError:
                out.append(0.5)
                continue
            r = torch.tensor([r_id])
            s = self.model.score_pairs(zh, r, zt)[0]
            best = torch.maximum(self.model.score_against(zh, r, z_all)[0].max(), s)
            out.append(float(torch.exp(s - best)))
        return out

    # persistence

    def save(self, directory: str | Path) -> Path:
        """Write ``config.json`` (settings, vocabulary, labels, report) and ``model.pt``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        rep = self.report
        meta = {
            "format_version": FORMAT_VERSION,
            "kind": "kg-distill linkpred",
            "model": asdict(self.model.config),
            "entities": list(self.data.entities),
            "relations": list(self.data.relations),
            "labels": dict(self.data.labels),
            "inverse_pairs": [list(p) for p in self.data.inverse_pairs],
            "symmetric": sorted(self.data.symmetric),
            "schema": self.data.schema.as_json(),
            "report": {
                "epochs": rep.epochs, "best_epoch": rep.best_epoch, "best_valid_mrr": rep.best_valid_mrr,
                "seconds": rep.seconds, "stopped": rep.stopped,
                "test": rep.test.as_dict() if rep.test else None,
            },
        }
        (directory / "config.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        torch.save(
            {
                "state_dict": self.model.state_dict(),
                "train": torch.from_numpy(self.split.train.triples),
                "validation": torch.from_numpy(self.split.validation.triples),
                "test": torch.from_numpy(self.split.test.triples),
            },
            directory / "model.pt",
        )
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> "LinkPredictor":
        """Load a model written by :meth:`save`."""
        directory = Path(directory)
        cfg_path, weights = directory / "config.json", directory / "model.pt"
        if not cfg_path.is_file() or not weights.is_file():
            raise StudentError(f"no link predictor in {str(directory)!r}; train one with `kg train linkpred`")
        meta = json.loads(cfg_path.read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise StudentError(f"{str(directory)!r} holds format {meta.get('format_version')!r}, expected {FORMAT_VERSION}")
        names = {f.name for f in fields(ModelConfig)}
        config = ModelConfig(**{k: v for k, v in meta["model"].items() if k in names})
        blob = torch.load(weights, weights_only=True)
        vocab = TripleSet(
            entities=tuple(meta["entities"]), relations=tuple(meta["relations"]), triples=blob["train"].numpy(),
            labels=meta["labels"], inverse_pairs=tuple(tuple(p) for p in meta["inverse_pairs"]),
            symmetric=frozenset(meta["symmetric"]), schema=Schema.from_json(meta.get("schema")),
        )
        split = Split(vocab, vocab.with_triples(blob["validation"].numpy()), vocab.with_triples(blob["test"].numpy()))
        labels = [label_of(e, vocab.labels) for e in vocab.entities]
        net = LinkPredictionModel(config, vocab.num_entities, vocab.num_relations, blob["train"], labels)
        state = blob["state_dict"]
        bag = state.get("label_bag.weight")
        if bag is not None and net.label_bag is not None and bag.shape[0] == config.label_buckets != net.label_bag.num_embeddings:
            state["label_bag.weight"] = bag[net.bag_vocab]  # saved with a row per bucket: keep the used ones
        net.load_state_dict(state)
        net.eval()
        r = meta.get("report") or {}
        report = TrainReport(
            epochs=r.get("epochs", 0), best_epoch=r.get("best_epoch", 0), best_valid_mrr=r.get("best_valid_mrr", 0.0),
            seconds=r.get("seconds", 0.0), stopped=r.get("stopped", ""),
            test=RankMetrics(**r["test"]) if r.get("test") else None,
        )
        return cls(net, vocab, split, report)

    def __repr__(self) -> str:
        return f"LinkPredictor({self.model!r}, triples={len(self.split.train)})"


def _n3(h: torch.Tensor, r: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """N3 regulariser (Lacroix et al. 2018), mean over the batch."""
    return (h.abs().pow(3).sum() + r.abs().pow(3).sum() + t.abs().pow(3).sum()) / h.shape[0]


# -- the multilevel loop: student predictions as candidates, and a plausibility signal ----


def propose_candidates(
    predictor: LinkPredictor,
    store=None,
    *,
    k: int = 5,
    threshold: float = 0.5,
    heads: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
    batch_size: int = 128,
):
    """The student's top-``k`` new tails per ``(head, relation)`` whose softmax probability is
    at least ``threshold``, as :class:`kg.records.Candidate` records (extractor and teacher
    ``student:linkpred``; one :class:`~kg.records.Completion` per query, prompt
    ``"<head> <relation> ?"``). Facts already in the store's ``accepted`` graph (or known to the
    model) are left out."""
    from kg.records import Candidate, Completion

    head_names = list(heads) if heads is not None else list(predictor.entities)
    rel_names = list(relations) if relations is not None else list(predictor.relations)
    out: list[Candidate] = []
    for rel in rel_names:
        r_iri = predictor.relations[predictor.relation_id(rel)]
        for s in range(0, len(head_names), batch_size):
            chunk = head_names[s : s + batch_size]
            for head, preds in zip(chunk, predictor.predict_many(chunk, rel, k)):
                h_id = predictor.entity_id(head)
                h_iri = predictor.entities[h_id] if h_id is not None else head
                keep = [p for p in preds if p.probability >= threshold]
                if store is not None:
                    keep = [p for p in keep if not _in_store(store, h_iri, r_iri, p.entity)]
                if not keep:
                    continue
                h_label = predictor.label(h_iri) if h_id is not None else head
                r_label = label_of(r_iri, {})
                prompt = f"{h_label} {r_label} ?"
                completion = Completion(
                    prompt_id=f"linkpred:{hashlib.sha1(f'{h_iri} {r_iri}'.encode()).hexdigest()[:16]}",
                    prompt=prompt,
                    teacher=TEACHER,
                    text="\n".join(f"{p.label}\t{p.probability:.4f}" for p in keep),
                    params={"k": k, "threshold": threshold},
                )
                for p in keep:
                    out.append(
                        Candidate(
                            subject=URIRef(h_iri), predicate=URIRef(r_iri), object=URIRef(p.entity),
                            completion=completion, span=p.label, extractor=TEACHER,
                            subject_label=h_label, object_label=p.label,
                        )
                    )
    return out


def _in_store(store, h: str, r: str, t: str) -> bool:
    if h.startswith("_:") or t.startswith("_:"):
        return False
    return next(iter(store.match(URIRef(h), URIRef(r), URIRef(t), graph="accepted")), None) is not None


def plausibility(predictor: LinkPredictor, candidates: Sequence) -> list[float]:
    """A 0..1 plausibility per :class:`kg.records.Candidate` for the critic (see
    :meth:`LinkPredictor.plausibility`); literal-valued candidates get 0.5 (no opinion)."""
    from rdflib import Literal

    triples, where = [], []
    out = [0.5] * len(candidates)
    for i, c in enumerate(candidates):
        if isinstance(c.object, Literal):
            continue
        head = str(c.subject) if predictor.entity_id(str(c.subject)) is not None or not c.subject_label else c.subject_label
        tail = str(c.object) if predictor.entity_id(str(c.object)) is not None or not c.object_label else c.object_label
        triples.append((head, str(c.predicate), tail))
        where.append(i)
    for i, v in zip(where, predictor.plausibility(triples)):
        out[i] = v
    return out


def default_model_dir(store_location: str | Path) -> Path:
    """``<store>/students/linkpred``."""
    return Path(store_location) / "students" / "linkpred"


__all__ = [
    "ModelConfig",
    "TrainConfig",
    "LinkPredictionModel",
    "LinkPredictor",
    "Prediction",
    "TrainReport",
    "propose_candidates",
    "plausibility",
    "default_model_dir",
]
