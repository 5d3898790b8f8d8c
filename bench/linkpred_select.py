"""Choosing the link predictor's settings on validation alone (Kinships, UMLS, Nations).

The test triples are removed before training, so no test figure exists here. The validation
triples are halved once (fixed, seed 0); each training seed runs twice, early stopping on one
half and the kept model measured on the other (filtered by training and validation triples, as
the product's validation is), and a seed's figure is the mean of the two. A setting that
validates more often thus gains nothing from picking the luckiest of more noisy readings. Printed:
per setting and dataset, the held-out validation MRR, mean ± sd over the seeds, each seed's figure
and the epochs kept. Settings: ``NAME=JSON`` of :class:`~kg.students.linkpred.TrainConfig` fields,
``model.`` prefixed for :class:`~kg.students.linkpred.ModelConfig` ones; ``defaults`` always runs.

    python bench/linkpred_select.py --setting 'ls0.1={"label_smoothing": 0.1}' --setting 'dim100={"model.dim": 100}'
    python bench/linkpred_select.py --datasets umls --seeds 42,43,44 --setting 'lr0.003={"lr": 0.003}'

The datasets are PyKEEN's bundled copies with its splits, read as bench/linkpred.py reads them.
docs/linkpred.md ("Why a seed scores low") has the table that chose the bench's settings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkpred import load_dataset, split_of  # noqa: E402  (bench/linkpred.py)


def held_out_mrr(split, model: dict, training: dict, seed: int) -> tuple[float, list[int]]:
    """The mean over both halves of the held-out half's MRR, and the epochs kept."""
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig
    from kg.students.triples import Split

    valid = split.validation.triples
    perm = np.random.default_rng(0).permutation(len(valid))
    halves = [valid[np.sort(perm[: len(valid) // 2])], valid[np.sort(perm[len(valid) // 2:])]]
    known = np.concatenate([split.train.triples, valid])
    blind = Split(split.train, split.validation, split.train.with_triples(split.train.triples[:0]))
    scores, epochs = [], []
    def on(triples: np.ndarray):
        return lambda predictor: predictor.evaluate(triples, known=known).mrr

    for k in (0, 1):
        stop, held = halves[k], halves[1 - k]
        cfg = TrainConfig(**{"epochs": 100, "seed": seed, "threads": 1, "progress": False, **training})
        lp = LinkPredictor.train(blind, model=ModelConfig(**model), training=cfg, select=on(stop))
        scores.append(lp.evaluate(held, known=known).mrr)
        epochs.append(lp.report.best_epoch)
    return float(np.mean(scores)), epochs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", default="kinships,umls,nations")
    ap.add_argument("--seeds", default="42,43,44,45,46", help="comma list of training seeds")
    ap.add_argument("--setting", action="append", default=[], metavar="NAME=JSON",
                    help="a setting to compare with the defaults (repeatable)")
    args = ap.parse_args(argv)
    settings: dict[str, tuple[dict, dict]] = {"defaults": ({}, {})}
    for item in args.setting:
        name, eq, spec = item.partition("=")
        try:
            fields = json.loads(spec) if eq else None
        except json.JSONDecodeError:
            fields = None
        if not isinstance(fields, dict):
            print(f"--setting {item!r}: give NAME={{\"field\": value, ...}}", file=sys.stderr)
            return 2
        model = {k.removeprefix("model."): v for k, v in fields.items() if k.startswith("model.")}
        settings[name] = (model, {k: v for k, v in fields.items() if not k.startswith("model.")})
    seeds = [int(s) for s in args.seeds.split(",") if s]
    torch.set_num_threads(1)
    print("| setting | dataset | held-out validation MRR | per seed | epochs kept |\n|---|---|---|---|---|")
    for name in args.datasets.split(","):
        split = split_of(load_dataset(name))
        for label, (model, training) in settings.items():
            runs = [held_out_mrr(split, model, training, seed) for seed in seeds]
            mrr = np.array([r[0] for r in runs])
            sd = float(mrr.std(ddof=1)) if len(mrr) > 1 else 0.0
            print(f"| {label} | {name} | {mrr.mean():.4f} ± {sd:.4f} | {' '.join(f'{x:.4f}' for x in mrr)} "
                  f"| {[e for r in runs for e in r[1]]} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
