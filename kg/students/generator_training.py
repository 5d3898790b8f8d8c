"""Training the generator: :class:`TrainConfig`, :func:`fit` and the :class:`TrainReport` it returns.

:func:`fit` trains a :class:`~kg.students.generator_model.GeneratorModel` with AdamW, a linear
warm-up and cosine decay fitted to the time budget, batches of similar source lengths, early
stopping on the validation loss (the best weights kept), and a checkpoint per epoch to resume
from. :meth:`kg.students.generator.Generator.train` builds a model and calls it.
"""

from __future__ import annotations

import copy
import functools
import math
import pickle
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from kg.errors import StudentError, StudentSettingError
from kg.progress import TrainingBar
from kg.students.generator_data import Example, record_seen_heads
from kg.students.generator_model import GeneratorModel
from kg.students.generator_retrieval import CHECKPOINT

TRAINER_STATE = "trainer.pt"
DEFAULT_LR = {"from_scratch": 1e-3, "pretrained": 2e-4}
"""Peak learning rate when :class:`TrainConfig` gives none."""


@dataclass(frozen=True)
class TrainConfig:
    """How to train: epochs, batch, optimiser, early stopping, time budget, seed.

    ``max_seconds`` is a wall-clock budget: the first epoch's speed fixes how many epochs fit,
    the learning-rate schedule (linear warm-up, cosine decay) is fitted to them, and training
    stops after them (or after the epoch that passes the budget). ``patience`` stops after that
    many epochs without a better validation loss (the best weights are kept). ``threads``: torch
    CPU threads (1 by default: on a shared 2-core machine, 2 threads spin against each other).
    ``lr`` (None: the model's own, :data:`DEFAULT_LR`): 1e-3 and no label smoothing gave the
    from-scratch student the lowest validation loss on the generator bench's split (4.372, against
    4.476 at 2e-3 and 4.451 at 2e-3 with smoothing 0.1); a warm-started model uses 2e-4.
    The time budget is checked after every step, and the schedule's length re-estimated from the
    measured step time, so a slow first epoch does not fix how many epochs run.
    """

    epochs: int = 20
    batch_size: int = 64
    lr: float | None = None
    warmup_steps: int = 100
    weight_decay: float = 0.01
    label_smoothing: float = 0.0
    patience: int = 3
    max_seconds: float | None = None
    seed: int = 0
    threads: int = 1

    def __post_init__(self) -> None:
        # written so that nan fails them too: --lr -1 was "unexpected ValueError" from the
        # optimiser, --epochs 0 saved an untrained model
        for name, value in {"epochs": self.epochs, "batch_size": self.batch_size, "threads": self.threads}.items():
            if value < 1:
                raise StudentSettingError(f"{name} must be at least 1, got {value}")
        if self.lr is not None and not 0 < self.lr < math.inf:
            raise StudentSettingError(f"the learning rate must be a positive number, got {self.lr}")
        if self.warmup_steps < 0 or self.patience < 0 or not 0 <= self.weight_decay < math.inf:
            raise StudentSettingError(
                f"warmup_steps ({self.warmup_steps}), patience ({self.patience}) and weight_decay "
                f"({self.weight_decay}) must be 0 or more"
            )
        if not 0 <= self.label_smoothing < 1:
            raise StudentSettingError(f"label_smoothing must be in [0, 1), got {self.label_smoothing}")
        if self.max_seconds is not None and not self.max_seconds > 0:
            raise StudentSettingError(f"max_seconds must be more than 0 (None: no limit), got {self.max_seconds}")


@dataclass
class TrainReport:
    """What one training run did."""

    epochs: int = 0
    steps: int = 0
    train_loss: list[float] = field(default_factory=list)
    validation_loss: list[float] = field(default_factory=list)
    best_epoch: int = 0
    stopped: str = "epochs"
    seconds: float = 0.0
    examples: int = 0
    lr: float = 0.0
    """The peak learning rate used (``TrainConfig.lr``, or the model's own when that is None)."""
    validation_left_out: list[str] = field(default_factory=list)
    """Relations of validation examples left out of the validation loss: the model was not
    trained on them (a split by head can put all of a rare relation's heads in validation)."""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)



def fit(
    gen: GeneratorModel,
    examples: Sequence[Example],
    *,
    validation: Sequence[Example] = (),
    config: TrainConfig = TrainConfig(),
    out_dir: str | Path | None = None,
    resume: bool = False,
    progress: bool = True,
) -> TrainReport:
    """(Continue to) train ``gen`` on ``examples``; returns a :class:`TrainReport`, also
    kept in ``gen.meta["train"]``. The weights of the epoch with the best validation loss are
    kept (the last epoch's without validation data). Validation examples of a relation ``gen``
    does not know are left out of the validation loss (named in the report's
    ``validation_left_out``)."""
    import torch

    if config.threads:
        torch.set_num_threads(max(1, min(config.threads, torch.get_num_threads())))
    examples = [e for e in examples if e.relation in gen.meta["relations"]]
    if not examples:
        raise StudentError("no training examples with a relation this generator knows")
    rows = gen.encode(examples)
    valid = [e for e in validation if e.relation in gen.meta["relations"]]
    record_seen_heads(gen.meta, [*examples, *valid])  # validation heads choose the weights: seen too
    rng = random.Random(config.seed)
    steps_per_epoch = len(_length_batches(rows, config.batch_size, random.Random(0)))
    horizon = {"steps": max(1, steps_per_epoch * config.epochs)}  # shortened to fit max_seconds
    if gen.meta.get("freeze_embeddings"):  # the pretrained word embeddings (and output layer) stay
        gen.model.get_input_embeddings().weight.requires_grad_(False)
    no_decay = ("bias", "norm", "layernorm")
    named = [(n, p) for n, p in gen.model.named_parameters() if p.requires_grad]
    params = [
        {"params": [p for n, p in named if not any(k in n.lower() for k in no_decay)],
         "weight_decay": config.weight_decay},
        {"params": [p for n, p in named if any(k in n.lower() for k in no_decay)], "weight_decay": 0.0},
    ]
    lr = config.lr if config.lr is not None else DEFAULT_LR["from_scratch" if gen.meta.get("from_scratch", True) else "pretrained"]
    optimizer = torch.optim.AdamW(params, lr=lr)
    schedule = functools.partial(_warmup_cosine, warmup=config.warmup_steps, horizon=horizon)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    report = TrainReport(examples=len(rows), lr=lr, validation_left_out=_unknown(validation, gen.meta["relations"]))
    best_state = None
    best_loss = math.inf
    bad = 0
    start_epoch = 0
    checkpoint = Path(out_dir) / CHECKPOINT if out_dir is not None else None
    if resume and checkpoint is not None and (checkpoint / TRAINER_STATE).is_file():
        try:  # weights only: resuming from a model folder someone else made runs none of its code
            state = torch.load(checkpoint / TRAINER_STATE, weights_only=True)
        except pickle.UnpicklingError as exc:
            raise StudentError(
                f"cannot resume from {checkpoint / TRAINER_STATE}: it holds more than a trainer's state "
                f"(tensors, numbers, text), so it was not loaded ({' '.join(str(exc).split())[:200]})"
            ) from None
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        report = TrainReport(**state["report"])
        best_loss, bad, start_epoch = state["best_loss"], state["bad"], state["epoch"]
        best_state = state.get("best_state")
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"])
    started = time.monotonic() - report.seconds
    with TrainingBar(horizon["steps"], enabled=progress, completed=report.steps) as bar:
        for epoch in range(start_epoch, config.epochs):
            gen.model.train()
            batches = _length_batches(rows, config.batch_size, rng)
            running = 0.0
            out_of_time = False
            for b, batch in enumerate(batches):
                if config.max_seconds is not None and report.steps > 0:
                    spent = time.monotonic() - started
                    if spent > config.max_seconds:
                        out_of_time = True
                        break
                    if b == 20 or (b == 0 and epoch > start_epoch):
                        # fit the schedule to the steps the budget allows at the measured speed
                        per_step = spent / report.steps
                        fit_steps = report.steps + int((config.max_seconds - spent) / per_step)
                        horizon["steps"] = max(report.steps + 1, min(steps_per_epoch * config.epochs, fit_steps))
                        bar.set_total(horizon["steps"])
                chunk = [rows[i] for i in batch]
                loss = gen.loss(chunk, config.label_smoothing)
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(gen.model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                report.steps += 1
                running += float(loss.detach())
                bar.update(advance=1, description=f"epoch {epoch + 1}/{config.epochs} loss {running / (b + 1):.3f}")
            report.epochs = epoch + 1
            report.train_loss.append(running / max(1, b + (0 if out_of_time else 1)))
            vloss = gen.validation_loss(valid) if valid else report.train_loss[-1]
            if valid:
                report.validation_loss.append(vloss)
                bar.log(f"epoch {epoch + 1}: train loss {report.train_loss[-1]:.3f}, validation loss {vloss:.3f}")
            if vloss < best_loss - 1e-4:
                best_loss, bad, report.best_epoch = vloss, 0, epoch + 1
                best_state = copy.deepcopy(gen.model.state_dict())
            else:
                bad += 1
            report.seconds = time.monotonic() - started
            if checkpoint is not None:
                gen.meta["train"] = report.as_dict()
                gen.save(checkpoint)
                torch.save(
                    {
                        "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(),
                        "report": report.as_dict(),
                        "best_loss": best_loss,
                        "bad": bad,
                        "epoch": epoch + 1,
                        "best_state": best_state,
                        "rng": rng.getstate(),
                        "torch_rng": torch.get_rng_state(),
                    },
                    checkpoint / TRAINER_STATE,
                )
            if valid and bad >= config.patience:
                report.stopped = "early stopping"
                break
            if config.max_seconds is not None and (out_of_time or report.seconds > config.max_seconds):
                report.stopped = "time budget"
                break
    if best_state is not None:
        gen.model.load_state_dict(best_state)
    gen.model.eval()
    report.seconds = time.monotonic() - started
    gen.meta["train"] = report.as_dict()
    if out_dir is not None:
        gen.save(out_dir)
    return report


def _unknown(examples: Sequence[Example], relations: Sequence[str]) -> list[str]:
    """The relations of ``examples`` that are not in ``relations``, sorted."""
    return sorted({e.relation for e in examples} - set(relations))


def _warmup_cosine(step: int, *, warmup: int, horizon: dict[str, int]) -> float:
    """The learning-rate factor at ``step``: linear warm-up over ``warmup`` steps, then cosine
    decay (to no less than 5%) until ``horizon["steps"]``, which :func:`fit` shortens to fit
    its time budget."""
    if step < warmup:
        return (step + 1) / warmup
    rest = (step - warmup) / max(1, horizon["steps"] - warmup)
    return max(0.05, 0.5 * (1 + math.cos(math.pi * min(1.0, rest))))


def _length_batches(rows: Sequence[tuple], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of about ``size`` rows with similar source lengths (less padding), the
    rows of one source kept together (one encoder pass for all its tails): sources are
    shuffled, sorted by length within pools of 50 batches, packed into batches, and the batches
    shuffled."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, (src, *_) in enumerate(rows):
        groups.setdefault(tuple(src), []).append(i)
    units = list(groups.values())
    rng.shuffle(units)
    batches: list[list[int]] = []
    pool: list[list[int]] = []
    pooled = 0
    for unit in units:
        pool.append(unit)
        pooled += len(unit)
        if pooled >= size * 50:
            batches += _pack(pool, rows, size)
            pool, pooled = [], 0
    if pool:
        batches += _pack(pool, rows, size)
    rng.shuffle(batches)
    return batches


def _pack(pool: list[list[int]], rows: Sequence[tuple], size: int) -> list[list[int]]:
    """The units of ``pool`` sorted by source length and packed into batches of about ``size``."""
    batches: list[list[int]] = []
    current: list[int] = []
    for unit in sorted(pool, key=lambda u: len(rows[u[0]][0])):
        current += unit
        if len(current) >= size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    return batches
