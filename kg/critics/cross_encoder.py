"""A learned critic: a cross-encoder that reads a verbalised triple and gives P(valid).

The model is ``transformers``' ``AutoModelForSequenceClassification`` with one output logit
over the fine-tuned all-MiniLM-L6-v2 (:mod:`kg.critics.backbone`), which is exactly the layout
of a sentence-transformers ``CrossEncoder``: a saved critic folder opens with
``sentence_transformers.CrossEncoder(PATH)`` as well as with :meth:`CrossEncoderCritic.load`.
We train it with a plain PyTorch loop rather than ``CrossEncoder.fit`` / its HF ``Trainer``:
a schedule over a number of steps fixed up front (cut, once, to fit a wall-clock budget that
would end them early; or given, which gives the same critic at any machine load), head-split calibration, and no
``datasets``/``accelerate`` dependency on the hot path.

Input: the relation's verbalisation template from the domain (``"{head}; as a result,
PersonX wants {tail}"``) filled with the candidate's labels, as one sentence. Output:
``sigmoid(logit)``. Answers that say nothing by their form (empty, evasive, the head restated,
:func:`kg.critics.examples.is_vacuous`) score 0 without the model.

Training (:func:`train_critic`): rows with trusted tails → positives and corrupted negatives
(:func:`kg.critics.examples.make_examples`) on the training heads, learned with binary
cross-entropy plus a listwise term (``rank_weight``: each right tail against the wrong tails
drawn for it, as rerankers are trained with hard negatives); user labels, when given,
are added and override a generated example with the same text. A share of the heads is held
out to choose the **threshold**: the lowest score at which precision on those heads reaches the
target (default 0.9). The precision it reports at the threshold is measured on those same heads
(in-sample: on new heads it runs a point or two lower; ``kg critic eval --data`` measures them). The saved folder holds the model, its tokenizer and ``critic.json``: id,
threshold, target precision, calibration figures, the templates it was trained with, and the
keys of the heads it trained on and calibrated on (``head_keys``: an evaluation leaves them out).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from kg.critics import metrics
from kg.critics.backbone import DEFAULT_BACKBONE, OFFICIAL_SHA256, quiet_loading, resolve_backbone, sha256, verify
from kg.critics.examples import EVASIVE, Example, Row, balanced_eval_set, head_key, is_vacuous, make_examples, split_by_head
from kg.errors import CriticError, CriticSettingError
from kg.files import finish_interrupted_swap, new_folder
from kg.ontology import fill
from kg.software import software_version

__all__ = ["CriticTrainConfig", "CrossEncoderCritic", "train_critic", "verbalizer", "seen_heads", "CRITIC_FILE"]

CRITIC_FILE = "critic.json"
FORMAT = 2
"""2: ``critic.json`` holds the SHA-256 of every file of the folder (1: of the weights only)."""


@dataclass(frozen=True)
class CriticTrainConfig:
    """How a cross-encoder critic is trained (defaults: about 10 minutes on 2 CPU cores for the
    bundled ATOMIC sample).

    Without ``steps``, training runs for ``epochs``, and the learning rate anneals over their
    steps; only when the speed measured over the first 20 steps says ``max_seconds`` would end
    them early are the steps cut, once, to what fits (``info["trained"]["stopped"] ==
    "max_seconds"``): a seed gives the same critic whenever the time budget does not bind, and a
    loaded machine that it binds on trains fewer steps (a weaker critic). With ``steps``, it runs
    exactly that many optimiser steps, so a seed gives the same critic on a fast or a loaded
    machine; ``max_seconds`` is then only a safety stop, and a run it cut short says so."""

    epochs: float = 1.5
    max_seconds: float = 600.0
    steps: int | None = None
    batch_size: int = 32
    lr: float = 5e-5
    warmup: float = 0.06
    weight_decay: float = 0.01
    max_length: int = 64
    freeze_embeddings: bool = True
    frozen_layers: int = 0
    negatives_per_positive: float = 3.0
    rank_weight: float = 1.0
    calibration_fraction: float = 0.15
    target_precision: float = 0.9
    seed: int = 0
    threads: int | None = None
    progress: bool = True
    mix: Mapping[str, float] | None = None
    evasive: Sequence[str] = EVASIVE

    def __post_init__(self) -> None:
        if not 0.0 < self.target_precision <= 1.0:
            raise CriticSettingError(f"target precision {self.target_precision!r}: must lie in (0, 1]")
        # written so that nan (and inf, where no number is meant) fails them: --epochs nan or inf,
        # --negatives-per-positive inf, --rank-weight inf failed mid-run as 'unexpected'
        if not 0 < self.epochs < math.inf or not self.max_seconds > 0 or self.batch_size < 1 or (self.steps is not None and self.steps < 1):
            raise CriticSettingError(
                f"epochs ({self.epochs}), max_seconds ({self.max_seconds}), steps ({self.steps}) and batch_size "
                f"({self.batch_size}) must be positive numbers"
            )
        if not 0 <= self.negatives_per_positive < math.inf or not 0 <= self.rank_weight < math.inf:
            raise CriticSettingError(
                f"negatives per positive {self.negatives_per_positive!r} and rank weight {self.rank_weight!r}: must be numbers >= 0"
            )


def verbalizer(templates: Mapping[str, str]):
    """``(head, relation, tail) -> sentence`` through the relation's template, else
    ``"head relation tail"``."""

    def verbalize(head: str, relation: str, tail: str) -> str:
        template = templates.get(relation)
        if template is None:
            return f"{head} {relation} {tail}"
        return fill(template, head=head, tail=tail)

    return verbalize


def _threads(n: int | None) -> int:
    """Torch's CPU threads set to ``n``; with None, left as they are (a process-wide setting: the
    application's, or the CLI's ``--threads``). Returns how many torch uses."""
    import torch

    if n is not None:
        torch.set_num_threads(max(1, n))
    return torch.get_num_threads()


def seen_heads(meta: Mapping[str, Any]) -> frozenset[str] | None:
    """:attr:`CrossEncoderCritic.seen_heads` of a critic's ``critic.json`` (``describe_folder``)."""
    keys = meta.get("head_keys")
    if not isinstance(keys, dict):
        return None
    return frozenset(key for part in ("train", "calibration") for key in keys.get(part) or ())


MEASURED_STEPS = 20
"""Steps timed before an epoch budget that would overrun ``max_seconds`` is cut to fit it."""


class CrossEncoderCritic:
    """P(valid) for (head, relation, tail) triples; see the module docstring.

    >>> critic = CrossEncoderCritic.load("my-critic")               # doctest: +SKIP
    >>> critic.score([("PersonX bakes bread", "xWant", "to eat it")])  # doctest: +SKIP
    array([0.97], dtype=float32)
    """

    kind = "cross-encoder"

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        templates: Mapping[str, str],
        threshold: float = 0.5,
        target_precision: float = 0.9,
        max_length: int = 64,
        info: Mapping[str, Any] | None = None,
        critic_id: str | None = None,
    ) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.templates = dict(templates)
        self.threshold = float(threshold)
        self.target_precision = float(target_precision)
        self.max_length = max_length
        self.info: dict[str, Any] = dict(info or {})
        self._verbalize = verbalizer(self.templates)
        self._trained = (self.threshold, self.target_precision)  # what retarget(its own target) gives back
        self._measured: float | None = None  # the precision retarget found at its threshold
        self._id = critic_id
        self._cache: dict[str, float] = {}

    # -- identity ---------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """``cross-encoder:<digest>``: a digest of the weights and the tokenizer (its vocabulary,
        normalisation and special tokens), so two critics with the same id judge alike."""
        if self._id is None:
            h = hashlib.sha1()
            for name, tensor in sorted(self.model.state_dict().items()):
                h.update(name.encode())
                h.update(tensor.detach().float().cpu().numpy().tobytes())
            backend = getattr(self.tokenizer, "backend_tokenizer", None)
            h.update(backend.to_str().encode() if backend is not None else json.dumps(self.tokenizer.get_vocab(), sort_keys=True).encode())
            h.update(json.dumps(getattr(self.tokenizer, "special_tokens_map", {}), sort_keys=True, default=str).encode())
            self._id = f"{self.kind}:{h.hexdigest()[:12]}"
        return self._id

    @property
    def seen_heads(self) -> frozenset[str] | None:
        """The :func:`~kg.critics.examples.head_key` of every head it trained on or chose its
        threshold on: rows on them are not new to it. None: saved by a kg that did not record
        them (``head_keys`` in ``critic.json``), so an overlap cannot be checked."""
        return seen_heads(self.info)

    @property
    def measured_precision(self) -> float | None:
        """The precision at the current threshold on its calibration heads (None: not calibrated):
        the heads that chose the threshold, so an in-sample figure (on new heads expect it a point
        or two lower; ``kg critic eval --data`` measures them)."""
        if self._measured is not None:
            return self._measured
        return (self.info.get("calibration") or {}).get("precision_at_threshold")

    @property
    def missed_target(self) -> str | None:
        """A warning when it decides at a threshold whose precision missed the target it was
        trained for (training then keeps the threshold of the highest precision it found)."""
        calibration = self.info.get("calibration") or {}
        if self._measured is not None or calibration.get("target_reached") is not False:
            return None
        measured = self.measured_precision
        return (
            f"the critic {self.id} missed its target precision {self.target_precision:.2f}: it measured "
            f"{'no precision' if measured is None else f'{measured:.3f}'} on the calibration heads that chose its threshold "
            f"{self.threshold:.3f}; train it longer or on more data, or ask for what it reaches (--target-precision)"
        )

    # -- scoring ----------------------------------------------------------------------------

    def verbalize(self, head: str, relation: str, tail: str) -> str:
        return self._verbalize(head, relation, tail)

    def covers(self, relation: str) -> bool:
        """Whether the critic was trained for this relation (all relations when it has no
        templates)."""
        return not self.templates or relation in self.templates

    def score_texts(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """P(valid) of verbalised triples. Each distinct text is scored once, in a batch of texts
        with exactly as many tokens as it has: no padding, and no step of the model mixes rows
        (:meth:`quantize` keeps activations in fp32), so a text scores alike alone, in any batch,
        in any order and after any earlier call, to within the rounding of fp32 kernels that
        differ by batch shape (at most 1.2e-7 on held-out ATOMIC texts, 3% of them; int8 moved
        scores by up to 0.41)."""
        import torch

        todo = sorted({t for t in texts if t not in self._cache})
        by_length: dict[int, list[tuple[str, list[int]]]] = {}
        if todo:
            ids = self.tokenizer(todo, truncation=True, max_length=self.max_length)["input_ids"]
            for text, row in zip(todo, ids):
                by_length.setdefault(len(row), []).append((text, row))
        with torch.inference_mode():
            for items in by_length.values():
                for i in range(0, len(items), batch_size):
                    chunk = items[i : i + batch_size]
                    logits = self.model(input_ids=torch.tensor([row for _, row in chunk])).logits.reshape(-1).float()
                    for (text, _), p in zip(chunk, torch.sigmoid(logits).tolist()):
                        self._cache[text] = p
        if len(self._cache) > 200_000:
            keep = {t: self._cache[t] for t in texts}
            self._cache = keep
        return np.asarray([self._cache[t] for t in texts], dtype=np.float32)

    def score(self, triples: Sequence[tuple[str, str, str]], *, batch_size: int = 64) -> np.ndarray:
        """P(valid) of ``(head, relation, tail)`` label triples; a vacuous tail scores 0."""
        out = np.zeros(len(triples), dtype=np.float32)
        idx = [i for i, (h, _, t) in enumerate(triples) if is_vacuous(h, t) is None]
        if idx:
            texts = [self.verbalize(*triples[i]) for i in idx]
            out[idx] = self.score_texts(texts, batch_size=batch_size)
        return out

    def quantize(self) -> "CrossEncoderCritic":
        """fp16 weights in the linear layers, activations in fp32 (torch's dynamic fp16
        quantisation): as good as fp32 and about 1.4x as fast on 2 CPU cores (0.65x of int8).
        Not int8: its activation scale is taken over a whole batch, so a score moved with its
        batch mates (by up to 0.41 on held-out ATOMIC texts); fp16 weights leave each row on its
        own (see :meth:`score_texts`)."""
        import torch
        from torch.ao.quantization import quantize_dynamic

        with warnings.catch_warnings():  # torch.ao.quantization announces its move to torchao
            warnings.simplefilter("ignore")
            self.model = quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.float16)
        self._cache.clear()
        self.info["quantized"] = "fp16-weights"
        return self

    # -- files ------------------------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "id": self.id,
            "threshold": self.threshold,
            "target_precision": self.target_precision,
            "max_length": self.max_length,
            "templates": self.templates,
            **{k: v for k, v in self.info.items() if k != "quantized"},
        }

    def save(self, path: str | Path) -> Path:
        """Write the critic to a folder (a sentence-transformers ``CrossEncoder`` opens it too),
        written beside it and renamed into place: a critic there before is replaced whole, and
        two processes saving at once leave one whole critic. A folder of other files is refused."""
        if "quantized" in self.info:
            raise CriticError("a quantised critic cannot be saved; save before quantize()")
        path = Path(path)
        if path.exists() and not (path.is_dir() and (not any(path.iterdir()) or (path / CRITIC_FILE).is_file())):
            raise CriticError(f"cannot save the critic to {str(path)!r}: it is not a critic's folder nor an empty one; give a new folder")
        with new_folder(path) as tmp:
            self.model.save_pretrained(tmp)
            self.tokenizer.save_pretrained(tmp)
            meta = self.describe()
            # every file the model and its tokenizer load from: a changed tokenizer file changes verdicts
            meta["files_sha256"] = {f.name: sha256(f) for f in sorted(tmp.iterdir()) if f.is_file() and f.name != CRITIC_FILE}
            (tmp / CRITIC_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
        return path

    @staticmethod
    def describe_folder(path: str | Path) -> dict[str, Any]:
        """The ``critic.json`` of a saved critic (id, threshold, calibration), without loading it."""
        finish_interrupted_swap(Path(path))
        meta_path = Path(path) / CRITIC_FILE
        try:
            return json.loads(meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CriticError(f"no trained critic at {str(path)!r} (no {CRITIC_FILE}); train one with `kg critic train`") from None
        except ValueError as exc:
            raise CriticError(f"{meta_path}: not valid JSON ({exc})") from None

    def retarget(self, precision: float) -> None:
        """Accept at ``precision`` instead of the precision it was trained for: the lowest
        threshold above 0 on its saved calibration curve (held-out heads) whose precision reaches
        it, among those that keep as many examples as training's calibration requires
        (:func:`~kg.critics.metrics.fewest_kept`), its own threshold included: a precision
        training measured can be asked for.
        The precision it was trained for (and reached) gives back the threshold it was trained
        with, exactly (the saved curve is a sample of 100 points). Never 0: at 0 every score
        passes, answers the form check scores 0 included. A :class:`~kg.errors.CriticError` when
        the curve was not saved or never reaches it."""
        calibration = self.info.get("calibration") or {}
        if precision == self._trained[1] and calibration.get("target_reached", True) is not False:
            self.threshold, self.target_precision = self._trained
            self._measured = None
            return
        curve = calibration.get("curve") or []
        if not curve:
            raise CriticError(f"critic {self.id}: no calibration curve was saved with it, so no threshold for precision {precision:g}")
        positives = calibration.get("positives")
        if positives is None and calibration.get("accepted") is not None:  # saved before kg recorded it
            right = (calibration.get("precision_at_threshold") or 0) * calibration["accepted"]  # right ones kept / recall
            positives = round(right / calibration["recall_at_threshold"]) if calibration.get("recall_at_threshold") else 0
        if positives is None:  # saved before either: at threshold 0 every example is kept, its precision the share right
            everything = [c for c in curve if c[0] == 0 and c[2] == 1]
            positives = round(everything[0][1] * calibration.get("examples", 0)) if everything else 0
        fewest = metrics.fewest_kept(positives, calibration.get("examples", 0))
        # not a threshold that keeps a handful (training's rule), nor 0 (which keeps everything)
        supported = [c for c in curve if c[0] > 0 and c[1] > 0 and round(c[2] * positives / c[1]) >= fewest]
        if calibration.get("precision_at_threshold") is not None:  # the threshold training chose
            supported.append([self._trained[0], calibration["precision_at_threshold"], calibration["recall_at_threshold"]])
        reached = [float(t) for t, p, _r in supported if p >= precision]
        if not reached:
            top = max(supported or curve, key=lambda c: c[1])
            raise CriticError(
                f"critic {self.id}: no threshold reaches precision {precision:g} on its calibration heads "
                f"(the highest is {top[1]:.3f}, at threshold {top[0]:.3f}); ask for less, or label more data"
            )
        self.threshold = min(reached)
        self.target_precision = float(precision)
        self._measured = float(max(p for t, p, _r in supported if t == self.threshold))

    @classmethod
    def load(cls, path: str | Path, *, quantize: bool = False, threads: int | None = None) -> "CrossEncoderCritic":
        """A saved critic; every file of it is checked against the digest it was saved with (and
        a file it was not saved with is refused)."""
        path = Path(path)
        meta = cls.describe_folder(path)
        meta_path = path / CRITIC_FILE
        fix = "the critic's files are corrupt or were changed: restore the folder from a copy, or train it again"
        if meta.get("format") == 1 and meta.get("kind") == cls.kind:
            # an older kg kept the digest of the weights only: they are checked, and what they
            # are read with (the model's configuration, the tokenizer) comes from the verified
            # backbone, which the critic was trained from unchanged; its own copies are not read
            if meta.get("backbone_sha256") != OFFICIAL_SHA256["model.safetensors"] or not isinstance(meta.get("weights_sha256"), str):
                raise CriticError(
                    f"{meta_path}: a critic an older kg saved from weights of your own, with the digest of its weights "
                    "only, so its tokenizer and configuration cannot be checked; train it again with `kg critic train`"
                )
            verify(path, {"model.safetensors": meta["weights_sha256"]}, what=f"the critic at {str(path)!r}", fix=fix,
                   others=True)
            _threads(threads)
            model, tokenizer = _load_model(path, config_from=resolve_backbone())
        elif meta.get("format") == FORMAT and meta.get("kind") == cls.kind and isinstance(meta.get("files_sha256"), dict):
            verify(path, meta["files_sha256"], what=f"the critic at {str(path)!r}", fix=fix)
            _threads(threads)
            model, tokenizer = _load_model(path)
        else:
            raise CriticError(f"{meta_path}: not a {cls.kind} critic of format {FORMAT}")
        info = {k: v for k, v in meta.items() if k not in ("format", "kind", "id", "threshold", "target_precision", "max_length", "templates", "files_sha256", "weights_sha256")}
        critic = cls(
            model, tokenizer, templates=meta.get("templates", {}), threshold=meta["threshold"],
            target_precision=meta.get("target_precision", 0.9), max_length=meta.get("max_length", 64),
            info=info, critic_id=meta.get("id"),
        )
        return critic.quantize() if quantize else critic


def _load_model(path: Path, *, config_from: Path | None = None) -> tuple[Any, Any]:
    """The model and tokenizer saved in ``path``; with ``config_from``, only the weights come from
    ``path``, the model's configuration and the tokenizer from that folder."""
    from safetensors import SafetensorError
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    try:
        with quiet_loading():
            tokenizer = AutoTokenizer.from_pretrained(str(config_from or path))
            config = AutoConfig.from_pretrained(str(config_from), num_labels=1) if config_from else None
            if config is not None:
                model = AutoModelForSequenceClassification.from_pretrained(str(path), config=config)
            else:
                model = AutoModelForSequenceClassification.from_pretrained(str(path), num_labels=1)
    except (OSError, ValueError, RuntimeError, SafetensorError) as exc:  # RuntimeError: a size mismatch
        raise CriticError(f"cannot load a model from {str(path)!r}: {type(exc).__name__}: {exc}") from None
    if model.config.is_encoder_decoder and tokenizer("a")["input_ids"][-1:] != [tokenizer.eos_token_id]:
        raise CriticError(
            f"cannot use {str(path)!r} as the critic: an encoder-decoder model ({model.config.model_type}) scores a text "
            "at its end token, and this tokenizer does not end a text with one; give an encoder (BERT, RoBERTa, "
            "MiniLM) or a decoder (GPT-2) backbone"
        )
    if model.config.pad_token_id is None:  # a decoder backbone (GPT-2) scores a batch at its last real token
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        model.config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


# -- training -------------------------------------------------------------------------------------


def _freeze(model: Any, *, embeddings: bool, layers: int) -> None:
    """Freeze the token embeddings (a third of the weights, and most of the optimiser's work) and
    the lowest ``layers`` transformer layers; the rest is fine-tuned."""
    base = getattr(model, model.base_model_prefix, None)
    if base is None:
        return
    if embeddings and hasattr(base, "embeddings"):
        base.embeddings.word_embeddings.weight.requires_grad_(False)
    encoder_layers = getattr(getattr(base, "encoder", None), "layer", [])
    for layer in list(encoder_layers)[:layers]:
        for p in layer.parameters():
            p.requires_grad_(False)


def _batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of indices whose texts have similar lengths (less padding): shuffle,
    cut into pools of 50 batches, sort each pool by length, cut into batches, shuffle those."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches: list[list[int]] = []
    for i in range(0, len(order), pool):
        part = sorted(order[i : i + pool], key=lambda j: lengths[j])
        batches.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def _groups(examples: Sequence[Example], texts: Sequence[str], labels: Sequence[float], verbalize) -> list[list[int]]:
    """Indices of ``texts`` in groups: a right tail first, then the wrong tails drawn for it
    (:func:`make_examples` yields them right after it); a user's label alone. Each index lies
    in one group only (the first that claims it)."""
    index = {t: i for i, t in enumerate(texts)}
    taken: set[int] = set()
    groups: list[list[int]] = []
    for e in examples:
        i = index[verbalize(e.head, e.relation, e.tail)]
        if i in taken:
            continue
        if e.kind == "positive" and labels[i] == 1.0:
            groups.append([i])
        elif e.kind != "labelled" and labels[i] == 0.0 and groups and labels[groups[-1][0]] == 1.0:
            groups[-1].append(i)
        else:
            groups.append([i])
        taken.add(i)
    groups.extend([i] for i in range(len(texts)) if i not in taken)
    return groups


def _group_batches(groups: Sequence[list[int]], lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[list[int]]]:
    """:func:`_batches` for groups: whole groups, about ``batch_size`` texts a batch."""
    order = list(range(len(groups)))
    rng.shuffle(order)
    width = [max(lengths[j] for j in g) for g in groups]
    per_batch = max(1, round(batch_size / (sum(map(len, groups)) / max(1, len(groups)))))
    pool = per_batch * 50
    batches: list[list[list[int]]] = []
    for i in range(0, len(order), pool):
        part = sorted(order[i : i + pool], key=lambda k: width[k])
        batches.extend([groups[k] for k in part[b : b + per_batch]] for b in range(0, len(part), per_batch))
    rng.shuffle(batches)
    return batches


def _dedupe(examples: Iterable[Example], verbalize) -> tuple[list[str], list[float], list[Example]]:
    """Texts, labels and examples, one per distinct text; a user's label wins, then a positive."""
    best: dict[str, Example] = {}
    for e in examples:
        text = verbalize(e.head, e.relation, e.tail)
        old = best.get(text)
        if old is None or (e.kind == "labelled" and old.kind != "labelled") or (e.label and not old.label and old.kind != "labelled"):
            best[text] = e
    texts = list(best)
    return texts, [1.0 if best[t].label else 0.0 for t in texts], [best[t] for t in texts]


def train_critic(
    rows: Sequence[Row],
    *,
    templates: Mapping[str, str],
    config: CriticTrainConfig = CriticTrainConfig(),
    labelled: Sequence[Example] = (),
    base_model: str | Path | None = None,
    log=None,
) -> CrossEncoderCritic:
    """Fine-tune a cross-encoder critic on ``rows`` (trusted tails) and ``labelled`` examples,
    and calibrate its threshold on held-out heads (see the module docstring)."""
    import torch

    from kg.progress import TrainingBar

    if not rows and not labelled:
        raise CriticError("no training data: no trusted facts and no labelled rows")
    threads = _threads(config.threads)
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    verbalize = verbalizer(templates)
    train_rows, calib_rows = split_by_head(rows, config.calibration_fraction, seed=config.seed, salt="calibration") if rows else ([], [])
    heads_out = {head_key(r.head) for r in calib_rows}  # "same head" as split_by_head has it
    lab_train = [e for e in labelled if head_key(e.head) not in heads_out]
    lab_calib = [e for e in labelled if head_key(e.head) in heads_out]
    if labelled and not lab_calib:  # labels only: hold out a share of their heads
        held = {h for h in {head_key(e.head) for e in labelled} if hashlib.sha1(f"{config.seed}{h}".encode()).digest()[0] < 256 * config.calibration_fraction}
        lab_train = [e for e in labelled if head_key(e.head) not in held]
        lab_calib = [e for e in labelled if head_key(e.head) in held]
    examples = make_examples(train_rows, seed=config.seed, negatives_per_positive=config.negatives_per_positive, mix=config.mix, evasive=config.evasive)
    examples = [e for e in examples if e.label or is_vacuous(e.head, e.tail) is None]  # the form check owns those
    texts, labels, _kinds = _dedupe([*examples, *lab_train], verbalize)
    groups = _groups([*examples, *lab_train], texts, labels, verbalize)
    # calibrated on as many wrong tails as right ones, every kind equally often (the balanced
    # evaluation of bench/critic.py); the training mix leans on the hard kinds instead
    calib = balanced_eval_set(calib_rows, seed=config.seed + 1, evasive=config.evasive)
    calib_texts, calib_labels, calib_examples = _dedupe([*calib, *lab_calib], verbalize)
    if len(set(labels)) < 2:
        raise CriticError("the training data has one class only; a critic needs right and wrong examples")

    backbone = resolve_backbone(base_model)
    model, tokenizer = _load_model(backbone)
    enc = tokenizer(texts, truncation=True, max_length=config.max_length)
    ids = enc["input_ids"]
    lengths = [len(x) for x in ids]
    steps_per_epoch = math.ceil(len(texts) / config.batch_size)
    # the schedule is a function of the step only: the steps are fixed up front (``steps``, or
    # the epochs'), and only when the time budget would cut the epochs short does the speed
    # measured over the first MEASURED_STEPS fix fewer, once (a seed gives one critic whenever
    # the budget does not bind)
    total_steps = config.steps or max(1, int(steps_per_epoch * config.epochs))
    _freeze(model, embeddings=config.freeze_embeddings, layers=config.frozen_layers)
    decay = [p for n, p in model.named_parameters() if p.requires_grad and not any(k in n for k in ("bias", "LayerNorm", "layer_norm"))]
    other = [p for n, p in model.named_parameters() if p.requires_grad and any(k in n for k in ("bias", "LayerNorm", "layer_norm"))]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": other, "weight_decay": 0.0}], lr=config.lr
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    pad = tokenizer.pad_token_id or 0
    target = torch.tensor(labels)
    started = time.perf_counter()
    step = 0
    seen = 0
    losses: list[float] = []
    model.train()
    stop = False
    stopped = "steps" if config.steps else "epochs"
    with TrainingBar(total=total_steps, enabled=config.progress) as bar:
        while not stop:
            if config.rank_weight > 0:
                grouped = _group_batches(groups, lengths, config.batch_size, rng)
            else:
                grouped = [[[j] for j in b] for b in _batches(lengths, config.batch_size, rng)]
            for batch_groups in grouped:
                batch = [j for g in batch_groups for j in g]
                elapsed = time.perf_counter() - started
                if not config.steps and step == MEASURED_STEPS and elapsed * total_steps / step > config.max_seconds:
                    fit = step + int((config.max_seconds - elapsed) * step / elapsed)  # what the budget allows
                    total_steps, stopped = max(step + 1, fit), "max_seconds"
                    bar.update(total=total_steps)
                progress = step / total_steps
                if progress >= 1.0 or elapsed >= config.max_seconds:
                    if step < total_steps:
                        stopped = "max_seconds"
                    stop = True
                    break
                # linear warm-up, then linear decay to zero at the last step
                factor = progress / config.warmup if progress < config.warmup else (1.0 - progress) / (1.0 - config.warmup)
                for group in optimizer.param_groups:
                    group["lr"] = config.lr * max(factor, 0.0)
                width = max(lengths[j] for j in batch)
                input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
                attention = torch.zeros((len(batch), width), dtype=torch.long)
                for row, j in enumerate(batch):
                    input_ids[row, : lengths[j]] = torch.tensor(ids[j])
                    attention[row, : lengths[j]] = 1
                logits = model(input_ids=input_ids, attention_mask=attention).logits.reshape(-1)
                loss = loss_fn(logits, target[batch])
                if config.rank_weight > 0:
                    # listwise: each right tail against the wrong tails drawn for it
                    ranked, at = [], 0
                    for g in batch_groups:
                        if len(g) > 1:
                            ranked.append(torch.nn.functional.cross_entropy(logits[at : at + len(g)].unsqueeze(0), torch.zeros(1, dtype=torch.long)))
                        at += len(g)
                    if ranked:
                        loss = loss + config.rank_weight * torch.stack(ranked).mean()
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                step += 1
                seen += len(batch)
                losses.append(loss.item())
                if step % 10 == 0:
                    bar.update(completed=min(step, total_steps), description=f"loss {np.mean(losses[-50:]):.3f}")
        if losses:  # the last steps since the tenth (a short run has fewer than ten)
            bar.update(completed=min(step, total_steps), description=f"loss {np.mean(losses[-50:]):.3f}")
    seconds = time.perf_counter() - started
    model.eval()
    info: dict[str, Any] = {
        "backbone": str(base_model) if base_model else DEFAULT_BACKBONE,
        "backbone_sha256": OFFICIAL_SHA256["model.safetensors"] if not base_model else None,
        "software": software_version("torch", "transformers"),
        "trained": {
            "examples": len(texts), "positives": int(sum(labels)), "labelled": len(lab_train),
            "steps": step, "epochs": round(seen / max(1, len(texts)), 3), "seconds": round(seconds, 1),
            "stopped": stopped,
            # the threads used, not the setting: the weights' last bits depend on the thread count
            "config": {**{k: v for k, v in asdict(config).items() if k not in ("progress", "evasive")}, "threads": threads},
            "train_heads": len({r.head for r in train_rows}),
        },
        # the heads it trained on and chose its threshold on, keyed as its splits key them: an
        # evaluation leaves rows on them out (kg critic eval, bench/critic.py --critic)
        "head_keys": {
            "train": sorted({head_key(h) for h in [*(r.head for r in train_rows), *(e.head for e in lab_train)]} - {""}),
            "calibration": sorted({head_key(h) for h in [*(r.head for r in calib_rows), *(e.head for e in lab_calib)]} - {""}),
        },
    }
    critic = CrossEncoderCritic(model, tokenizer, templates=templates, target_precision=config.target_precision, max_length=config.max_length, info=info)
    info = critic.info
    if calib_texts and len(set(calib_labels)) == 2:
        # scored as the gate scores: the form check first, then the model
        scores = critic.score([(e.head, e.relation, e.tail) for e in calib_examples])
        y = np.asarray(calib_labels) > 0.5
        critic.threshold, reached = metrics.calibrate(scores, y, config.target_precision)
        kept = scores >= critic.threshold
        info["calibration"] = {
            "heads": len({r.head for r in calib_rows}), "examples": len(calib_texts), "positives": int(y.sum()),
            "target_reached": reached,
            "roc_auc": round(metrics.roc_auc(scores, y), 4),
            # measured on the examples that chose the threshold: in-sample, a point or two
            # optimistic on new heads (kg critic eval --data measures those)
            "precision_in_sample": True,
            "precision_at_threshold": metrics.precision_recall_at(scores, y, critic.threshold)[0],
            "recall_at_threshold": metrics.precision_recall_at(scores, y, critic.threshold)[1],
            # how far the precision can be trusted: the examples it was measured on
            "accepted": int(kept.sum()),
            "precision_interval": metrics.wilson_interval(int((y & kept).sum()), int(kept.sum())),
        }
        curve = metrics.pr_curve(scores, y)
        keep = sorted(set(np.linspace(0, len(curve) - 1, min(len(curve), 100)).round().astype(int).tolist()))
        info["calibration"]["curve"] = [[round(curve[i][0], 6), round(curve[i][1], 6), round(curve[i][2], 6)] for i in keep]
        calib_relations = [e.relation for e in calib_examples]
        per_relation: dict[str, dict[str, Any]] = {}
        for rel in sorted(set(calib_relations)):
            mask = np.asarray([r == rel for r in calib_relations])
            auc = metrics.roc_auc(scores[mask], y[mask])
            p, r = metrics.precision_recall_at(scores[mask], y[mask], critic.threshold)
            per_relation[rel] = {"auc": None if math.isnan(auc) else round(auc, 4), "precision": p, "recall": r, "n": int(mask.sum())}
        info["calibration"]["per_relation"] = per_relation
    else:
        info["calibration"] = None
        critic.threshold = 0.5
    if log is not None:
        log(f"critic trained: {step} steps, {seconds:.0f} s; threshold {critic.threshold:.3f} for precision {config.target_precision}")
        if config.steps and stopped == "max_seconds":
            log(f"warning: the time cap ({config.max_seconds:g} s) stopped training after {step} of {config.steps} steps; "
                "this critic is not the one its seed gives on a machine that finishes them")
        if info["calibration"] and info["calibration"]["target_reached"] and (
            warning := calibration_warning(info["calibration"], config.target_precision)
        ):  # a missed target: the caller says so (critic.missed_target), with -q too
            log(f"warning: {warning}")
    return critic


def calibration_warning(calibration: dict, target: float) -> str | None:
    """A warning when the precision at the threshold rests on too few held-out examples to be
    relied on: the lower end of its 95% interval more than 0.1 under the target (a critic
    trained on a few dozen trusted tails is calibrated on three heads)."""
    interval = calibration.get("precision_interval")
    if not interval or interval[0] >= target - 0.1:
        return None
    return (
        f"the threshold was calibrated on {calibration.get('heads', 0):,} held-out heads: a precision measured on "
        f"{calibration.get('accepted', 0):,} accepted examples may be as low as {interval[0]:.2f}; train on more "
        "trusted facts (--data ROWS, --labels, or a store holding more human facts) for a threshold to rely on"
    )
