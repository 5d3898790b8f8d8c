"""Evaluating the link predictor's model: filtered ranks of test or validation triples among
every entity (:func:`kg.students.metrics.evaluate_ranking`), and the fixed sample of validation
triples that early stopping ranks."""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from kg.students.linkpred_model import LinkPredictionModel
from kg.students.metrics import RankMetrics, evaluate_ranking
from kg.students.triples import Split


@torch.no_grad()
def rank_metrics(
    model: LinkPredictionModel, triples: np.ndarray, known: np.ndarray, *, batch_size: int = 512,
    exclude: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None,
) -> RankMetrics:
    """Filtered metrics of ``triples`` (tail and head queries, ids of the model's vocabulary)
    ranked among all entities, ``known`` triples filtered out; ``exclude(entities,
    relations)`` (e.g. :meth:`~kg.students.constraints.TypeConstraints.excluded`) masks
    candidates out per query. The model is scored in eval mode and left in the mode it was in."""
    was = model.training
    model.eval()
    z = model.entity_repr()
    R, E = model.num_relations, model.num_entities
    tails = lambda h, r: model.score_against(z[h], r, z[:E])  # noqa: E731
    heads = lambda t, r: model.score_against(z[t], r + R, z[:E])  # noqa: E731
    try:
        return evaluate_ranking(
            tails, heads, triples, num_entities=E, num_relations=R, known=known,
            batch_size=max(1, min(batch_size, 20_000_000 // max(E, 1))), exclude=exclude,
        )
    finally:
        model.train(was)


def validation_sample(split: Split, size: int | None, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(triples, known)``: at most ``size`` validation triples (a fixed, seeded sample; None:
    all) and the triples their ranks filter, training and validation only: the test split never
    steers model selection."""
    valid = split.validation.triples
    if size is not None and len(valid) > size:
        pick = np.random.default_rng(seed).choice(len(valid), size, replace=False)
        valid = valid[np.sort(pick)]
    return valid, np.concatenate([split.train.triples, split.validation.triples])


__all__ = ["rank_metrics", "validation_sample"]
