"""Rules and the GNN link predictor together, the way of combining them chosen on validation.

Two ways: ``rules first`` (the rules' max-aggregation order, the GNN's probability breaking its
ties and ordering what no rule predicts) and a mix ``alpha · rules + (1 - alpha) · GNN``, the rule
score scaled to ``[0, 1]`` (its best rule's confidence, the next rules below the third decimal)
and the GNN's softmax probability over all entities. :meth:`Ensemble.choose` scores each way on
the validation triples (filtered by training and validation triples only) and keeps the best;
test triples never steer the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from kg.students.linkpred import LinkPredictor
from kg.students.metrics import RankMetrics, evaluate_ranking
from kg.students.rules import RulePredictor, dense_ranks

__all__ = ["Ensemble", "ALPHAS"]

ALPHAS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
"""Mix weights tried; 0 is the GNN alone and 1 the rules alone, so the choice can fall back on
either when mixing does not help on validation."""


@dataclass
class Ensemble:
    """``alpha`` None: rules first; else the mix's weight of the rules."""

    rules: RulePredictor
    gnn: LinkPredictor
    alpha: float | None = None

    @property
    def name(self) -> str:
        if self.alpha is None:
            return "rules first, GNN for ties"
        return {0.0: "GNN alone (alpha=0)", 1.0: "rules alone (alpha=1)"}.get(self.alpha, f"mix alpha={self.alpha:g}")

    @torch.no_grad()
    def _gnn_probabilities(self, ents: np.ndarray, rels: np.ndarray) -> np.ndarray:
        model = self.gnn.model
        was = model.training
        model.eval()
        try:
            z = model.entity_repr()
            logits = model.score_against(z[torch.from_numpy(ents)], torch.from_numpy(rels), z[: model.num_entities])
            return torch.softmax(logits.double(), dim=1).numpy()
        finally:
            model.train(was)

    def lex_scores(self, entities: np.ndarray, relations: np.ndarray) -> np.ndarray:
        """Float64 ``[B, E]`` scores of queries ``(entity, relation')`` (``r + R``: heads)."""
        ents = np.asarray(entities, dtype=np.int64).reshape(-1)
        rels = np.asarray(relations, dtype=np.int64).reshape(-1)
        rule = self.rules.unit_scores(ents, rels)
        prob = self._gnn_probabilities(ents, rels)
        if self.alpha is None:  # the rules' order (dense ranks: whole numbers), the GNN within ties
            return dense_ranks(rule) + 0.999 * prob
        return self.alpha * rule + (1.0 - self.alpha) * prob

    def evaluate(self, triples: np.ndarray, *, known: np.ndarray, batch_size: int = 256) -> RankMetrics:
        """Filtered metrics through :func:`kg.students.metrics.evaluate_ranking`."""
        R = self.rules.R

        def score(e: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
            return torch.from_numpy(dense_ranks(self.lex_scores(e.numpy(), r.numpy())))

        return evaluate_ranking(
            score, lambda t, r: score(t, r + R), triples, num_entities=self.rules.E, num_relations=R,
            known=known, batch_size=batch_size,
        )

    @classmethod
    def choose(
        cls, rules: RulePredictor, gnn: LinkPredictor, validation: np.ndarray, *, known: np.ndarray,
        alphas: Sequence[float] = ALPHAS,
    ) -> tuple["Ensemble", dict[str, float]]:
        """The way with the best validation MRR (``known``: training + validation triples),
        and every way's validation MRR."""
        tried: dict[str, float] = {}
        best: tuple[float, Ensemble] | None = None
        for alpha in (None, *alphas):
            ens = cls(rules, gnn, alpha)
            mrr = ens.evaluate(validation, known=known).mrr
            tried[ens.name] = mrr
            if best is None or mrr > best[0]:
                best = (mrr, ens)
        assert best is not None
        return best[1], tried
