"""Training the link predictor's model: 1-N or sampled steps, early stopping, budget, checkpoints.

Training is 1-N scoring: each training triple and its inverse scores its ``(h, r)`` against every
entity, with a cross-entropy loss on the true tail (Adam, optional label smoothing and N3
regularisation); from 20,000 entities up (``sampler="auto"``) each step scores a sampled set of
negatives instead (:class:`~kg.students.sampling.NeighborSampler`), and the entity table gets
sparse gradients and a row-wise optimiser (``SparseAdam``): a step reads and updates only the
rows it touched. Early stopping on a validation score of the model that is kept (the caller's:
:class:`kg.students.linkpred.LinkPredictor` ranks validation triples filtered by training and
validation triples only), checkpoints and resume, fixed seeds, a time budget checked after
every step.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from kg.errors import StudentError, StudentSettingError
from kg.files import new_file
from kg.progress import TrainingBar
from kg.students.linkpred_model import LinkPredictionModel, ModelConfig
from kg.students.metrics import RankMetrics
from kg.students.sampling import NeighborSampler
from kg.students.triples import Split

SAMPLERS = ("auto", "full", "neighbor")
AUTO_NEIGHBOR_ENTITIES = 20_000
"""``sampler="auto"`` trains on sampled negatives and subgraphs from this many entities up (1-N
scoring over every entity per step is too slow there on a CPU)."""
SAMPLED_N3 = 0.1
"""The N3 weight of sampled steps when ``TrainConfig.n3`` is None (from their second epoch on).
Chosen on validation MRR, synthetic 10k entities / 100k triples, epochs 1-5, sampled steps whose
negatives are drawn uniformly only: 0.05: .143/.209/.208/.204/.206; 0.1: .143/.225/.226/.227/.229;
0.2: .143/.225/.221/.219/.214; 0.05 growing by 0.05 an epoch: .143/.209/.222/.226/.221. Without
N3 a large sampled run memorises after its first epoch (0.121, then 0.09-0.11)."""


@dataclass(frozen=True)
class TrainConfig:
    """How to train: 1-N cross-entropy, Adam, early stopping on validation MRR.

    ``sampler``: ``auto`` (``full`` below :data:`AUTO_NEIGHBOR_ENTITIES` entities, else
    ``neighbor``), ``full`` or ``neighbor``. ``max_seconds``: a time budget for training and its
    validations, checked after every step: another step is taken only if it and the last
    validation fit (the first epoch is validated to measure that cost; None: no budget).
    ``valid_sample``: early stopping ranks at most this many validation triples (a fixed,
    seeded sample; None: all). ``plateau_decay``: at a validation that does not improve, go back
    to the best weights so far and multiply the learning rate by this (1.0: off, the default;
    0.3 lifted the 100k-entity synthetic graph's peak validation MRR from 0.1464 at epoch 2 to
    0.1517 at epoch 4, where it had fallen to 0.1333). ``n3``: the weight of N3 regularisation (Lacroix et al. 2018: the
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
    plateau_decay: float = 1.0

    def __post_init__(self) -> None:
        if self.sampler not in SAMPLERS:
            raise StudentError(f"unknown sampler {self.sampler!r}; use one of {', '.join(SAMPLERS)}")
        if not 0 < self.plateau_decay <= 1:
            raise StudentError(f"plateau_decay must be in (0, 1] (1: off), got {self.plateau_decay}")
        counts = {"epochs": self.epochs, "batch_size": self.batch_size, "negatives": self.negatives,
                  "eval_every": self.eval_every, "patience": self.patience, "threads": self.threads,
                  "eval_batch_size": self.eval_batch_size}
        for name, value in counts.items():
            if value < 1:
                raise StudentSettingError(f"{name} must be at least 1, got {value}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise StudentSettingError(f"the learning rate must be a positive number, got {self.lr}")
        if not 0 <= self.label_smoothing < 1:
            raise StudentSettingError(f"label_smoothing must be in [0, 1), got {self.label_smoothing}")
        if self.n3 is not None and not self.n3 >= 0:
            raise StudentSettingError(f"the N3 weight must be 0 or more, got {self.n3}")
        if self.max_seconds is not None and not self.max_seconds > 0:
            raise StudentSettingError(f"max_seconds must be more than 0 (None: no limit), got {self.max_seconds}")

def seed_all(seed: int) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed % (2**32))


FINGERPRINT_VERSION = 2
"""How :func:`_fingerprint` reads a run's data and settings; a checkpoint keeps it. A checkpoint
without it is of this version when it keeps ``torch_rng`` (saved since), else of an older one."""


def _fingerprint(config: ModelConfig, training: TrainConfig, train: np.ndarray, n3: float) -> str:
    h = hashlib.sha1(json.dumps(asdict(config), sort_keys=True).encode())
    h.update(json.dumps([FINGERPRINT_VERSION, training.lr, training.batch_size, training.seed, training.label_smoothing, n3]).encode())
    if training.plateau_decay != 1.0:  # checkpoints made before the option stay valid
        h.update(json.dumps(["plateau_decay", training.plateau_decay]).encode())
    h.update(np.ascontiguousarray(train).tobytes())
    return h.hexdigest()


def _read_checkpoint(path: Path) -> dict:
    """The checkpoint at ``path``; one that cannot be read (cut short by a kill before its writes
    were atomic, or changed) is a :class:`StudentError` naming it."""
    try:
        checkpoint = torch.load(path, weights_only=True)
    except (OSError, RuntimeError, EOFError, ValueError, pickle.UnpicklingError) as exc:
        raise StudentError(
            f"cannot resume from {path}: the checkpoint is damaged ({' '.join(str(exc).split())[:200]}); "
            "train again without --resume"
        ) from None
    if not isinstance(checkpoint, dict):
        raise StudentError(f"cannot resume from {path}: it holds no checkpoint; train again without --resume")
    return checkpoint


def _not_resumable(path: Path, checkpoint: dict) -> str:
    """Why ``checkpoint`` (at ``path``), whose fingerprint is not this run's, cannot be resumed."""
    version = checkpoint.get("fingerprint_version", FINGERPRINT_VERSION if "torch_rng" in checkpoint else 1)
    if version == FINGERPRINT_VERSION:
        return f"checkpoint {str(path)!r} was made with other data or settings; remove it or train without --resume"
    made_by = "an older" if version < FINGERPRINT_VERSION else "a newer"
    return (f"checkpoint {str(path)!r} was made by {made_by} kg-distill, which fingerprints the data and settings "
            "another way; train without --resume (or remove it)")


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

    def scale_lr(self, factor: float) -> None:
        for opt in (self.dense, self.sparse):
            for group in opt.param_groups if opt is not None else ():
                group["lr"] *= factor

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
    resumed_from: int | None = None
    """The checkpoint's epoch a resumed run went on from (None: trained from the start)."""


def n3_penalty(h: torch.Tensor, r: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """N3 regulariser (Lacroix et al. 2018), mean over the batch."""
    return (h.abs().pow(3).sum() + r.abs().pow(3).sum() + t.abs().pow(3).sum()) / h.shape[0]


def cross_entropy(scores: torch.Tensor, target: torch.Tensor, smoothing: float = 0.0) -> torch.Tensor:
    """``F.cross_entropy`` with label smoothing spread over the finite scores of each row only
    (a sampled step scores a query's hidden candidates ``-inf``); the same as it without them."""
    if smoothing == 0 or bool(torch.isfinite(scores).all()):
        return F.cross_entropy(scores, target, label_smoothing=smoothing)
    logp = scores.log_softmax(dim=1)
    shown = torch.isfinite(scores)
    nll = -logp.gather(1, target.unsqueeze(1)).squeeze(1)
    spread = -logp.masked_fill(~shown, 0.0).sum(dim=1) / shown.sum(dim=1)
    return ((1 - smoothing) * nll + smoothing * spread).mean()


def fit(net: LinkPredictionModel, split: Split, cfg: TrainConfig, validate: Callable[[], float]) -> TrainReport:
    """Train ``net`` on ``split.train`` under ``cfg``; ``validate()`` scores the model as it is
    now (higher is better), every ``eval_every`` epochs when ``split`` has validation triples,
    and the best-scoring state is the one left in ``net`` (in eval mode) at the end. The
    report's ``test`` is left to the caller."""
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
        ck = _read_checkpoint(ckpt_path)
        if ck.get("fingerprint") != fingerprint:
            raise StudentError(_not_resumable(ckpt_path, ck))
        net.load_state_dict(ck["state"])
        opt.load_state_dict(ck["optimizer"])
        best_state, bad, start_epoch = ck["best_state"], ck["bad"], ck["epoch"]
        report = TrainReport(**ck["report"])
        generator.set_state(ck["generator"])
        if "torch_rng" in ck:  # entity dropout draws from torch's own generator
            torch.set_rng_state(ck["torch_rng"])
        report.resumed_from = start_epoch
    has_valid = len(split.validation) > 0

    # max_seconds covers the validations too: the steps stop early enough for one more
    # validation (its cost: the slowest measured so far) to end within the budget
    valid_cost: float | None = None

    def measure() -> float:
        nonlocal valid_cost
        started = time.perf_counter()
        mrr = float(validate())
        valid_cost = max(valid_cost or 0.0, time.perf_counter() - started)
        return mrr

    t0 = time.perf_counter() - report.seconds
    progress = TrainingBar(cfg.epochs, enabled=cfg.progress, completed=start_epoch)
    epoch = start_epoch
    last = cfg.epochs
    if has_valid and bad >= cfg.patience:  # the checkpoint's run had stopped early: it stays stopped
        report.stopped, last = "early stopping", start_epoch
    with progress:
        for epoch in range(start_epoch + 1, last + 1):
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
                loss = cross_entropy(scores, target, cfg.label_smoothing)
                if n3 > 0 and (sampler is None or epoch > 1):
                    loss = loss + n3 * n3_penalty(zh, net.relation(b[:, 1]), zt)
                if not bool(torch.isfinite(loss)):
                    raise StudentError(
                        f"training diverged: the loss became {float(loss.detach())} at epoch {epoch}, step {steps + 1}; "
                        f"train again with a lower learning rate (now {cfg.lr:g})"
                    )
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
                    if cfg.plateau_decay < 1.0:  # back to the best weights, on with a smaller step
                        net.load_state_dict(best_state)
                        opt.scale_lr(cfg.plateau_decay)
            report.history.append(row)
            report.epochs = epoch
            report.seconds = time.perf_counter() - t0
            measured = [r["valid_mrr"] for r in report.history if "valid_mrr" in r]
            progress.update(completed=epoch, description=f"loss {mean_loss:.4f}"
                            + (f"  val MRR {measured[-1]:.4f} (best {report.best_valid_mrr:.4f}, epoch {report.best_epoch})"
                               if measured else "")
                            + f"  {row['seconds']:.1f} s/epoch  {row['peak_mb']:,.0f} MB")
            if ckpt_path is not None and ("valid_mrr" in row or epoch % cfg.eval_every == 0):
                with new_file(ckpt_path) as partial:  # a kill while it writes leaves the previous one whole
                    torch.save(
                        {"fingerprint": fingerprint, "fingerprint_version": FINGERPRINT_VERSION, "state": net.state_dict(), "optimizer": opt.state_dict(),
                         "best_state": best_state, "bad": bad, "epoch": epoch,
                         "report": {k: v for k, v in asdict(report).items() if k != "test"},
                         "generator": generator.get_state(), "torch_rng": torch.get_rng_state()},
                        partial,
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
    return report


__all__ = ["SAMPLERS", "AUTO_NEIGHBOR_ENTITIES", "SAMPLED_N3", "TrainConfig", "TrainReport", "fit", "n3_penalty",
           "peak_memory_mb", "seed_all"]
