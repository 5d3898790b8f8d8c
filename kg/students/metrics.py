"""Filtered rank-based link prediction metrics, computed in batches.

For a test triple ``(h, r, t)`` the tail query ``(h, r, ?)`` scores every entity; every other
entity ``e`` with ``(h, r, e)`` known (training, validation or test: the *filter*) is removed,
and the rank of ``t`` is taken among the rest. Ties count with the realistic rank, the mean of
the optimistic rank ``1 + #{score > s_t}`` and the pessimistic rank ``1 + #{score >= s_t} - 1``
(``t`` itself excluded). The head query ``(?, r, t)`` is ranked alike. MRR is the mean of
``1 / rank``; Hits@k the share of ranks ``<= k``; both over head and tail queries together
(PyKEEN's ``both.realistic``).

Memory stays bounded: queries are scored ``batch_size`` at a time (``[batch, entities]``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np
import torch

ScoreFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
"""``(entities [B], relations [B]) -> scores [B, num_entities]``."""


@dataclass(frozen=True)
class RankMetrics:
    """Filtered rank metrics (realistic ranks, head and tail queries together)."""

    mrr: float
    hits_at_1: float
    hits_at_3: float
    hits_at_10: float
    mean_rank: float
    count: int

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_ranks(cls, ranks: torch.Tensor) -> "RankMetrics":
        ranks = ranks.double()
        if ranks.numel() == 0:
            return cls(0.0, 0.0, 0.0, 0.0, 0.0, 0)
        return cls(
            mrr=float((1.0 / ranks).mean()),
            hits_at_1=float((ranks <= 1).double().mean()),
            hits_at_3=float((ranks <= 3).double().mean()),
            hits_at_10=float((ranks <= 10).double().mean()),
            mean_rank=float(ranks.mean()),
            count=int(ranks.numel()),
        )

    def __str__(self) -> str:
        return (
            f"MRR {self.mrr:.4f}  Hits@1 {self.hits_at_1:.4f}  Hits@3 {self.hits_at_3:.4f}  "
            f"Hits@10 {self.hits_at_10:.4f}  MR {self.mean_rank:.2f}  (n={self.count})"
        )


def realistic_ranks(scores: torch.Tensor, targets: torch.Tensor, filter_mask: torch.Tensor | None = None) -> torch.Tensor:
    """Realistic ranks of ``targets`` [B] in ``scores`` [B, E]; ``filter_mask`` [B, E] marks
    entities to leave out (the target itself is never left out)."""
    rows = torch.arange(scores.shape[0])
    true = scores[rows, targets].unsqueeze(1)
    keep = torch.ones_like(scores, dtype=torch.bool)
    if filter_mask is not None:
        keep &= ~filter_mask
    keep[rows, targets] = False
    greater = ((scores > true) & keep).sum(dim=1)
    greater_eq = ((scores >= true) & keep).sum(dim=1)
    # a NaN compares false with everything: its answer came first (a diverged model scored MRR
    # 1.0); a NaN answer ranks last, a NaN candidate below every number
    lost = torch.isnan(true.squeeze(1))
    if bool(lost.any()):
        everyone = keep.sum(dim=1)
        greater, greater_eq = torch.where(lost, everyone, greater), torch.where(lost, everyone, greater_eq)
    return (greater + greater_eq).double() / 2.0 + 1.0


class Filter:
    """Known answers of queries ``(entity, relation')``, where ``relation' = r`` asks for tails
    and ``r + num_relations`` for heads; built once from every known triple."""

    def __init__(self, known: np.ndarray, num_relations: int) -> None:
        known = np.asarray(known, dtype=np.int64).reshape(-1, 3)
        self.num_relations = num_relations
        h, r, t = known[:, 0], known[:, 1], known[:, 2]
        queries = np.concatenate([np.stack([h, r], 1), np.stack([t, r + num_relations], 1)])
        answers = np.concatenate([t, h])
        keys = queries[:, 0] * (2 * num_relations) + queries[:, 1]
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._answers = answers[order]

    def mask(self, entities: torch.Tensor, relations: torch.Tensor, num_entities: int) -> torch.Tensor:
        """A boolean [B, num_entities] mask of known answers for a batch of queries."""
        keys = entities.numpy() * (2 * self.num_relations) + relations.numpy()
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        counts = hi - lo
        rows = np.repeat(np.arange(len(keys)), counts)
        cols = self._answers[np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)])] if counts.sum() else np.array([], dtype=np.int64)
        mask = torch.zeros(len(keys), num_entities, dtype=torch.bool)
        mask[torch.from_numpy(rows), torch.from_numpy(cols.astype(np.int64))] = True
        return mask


@torch.no_grad()
def evaluate_ranking(
    score_tails: ScoreFn,
    score_heads: ScoreFn,
    triples: np.ndarray,
    *,
    num_entities: int,
    num_relations: int,
    known: np.ndarray | None = None,
    batch_size: int = 256,
    exclude: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None = None,
) -> RankMetrics:
    """Filtered metrics of ``triples`` [n, 3]. ``score_tails(h, r)`` scores every tail of
    ``(h, r, ?)``; ``score_heads(t, r)`` every head of ``(?, r, t)``; ``known`` (default:
    ``triples`` alone) are the triples filtered out. Unfiltered when ``known`` is empty.
    ``exclude(entities, relations')`` (``relations' = r`` for tails, ``r + num_relations`` for
    heads) gives a ``[B, num_entities]`` mask of further candidates to leave out (type
    constraints); the true answer is never left out."""
    triples = np.asarray(triples, dtype=np.int64).reshape(-1, 3)
    flt = Filter(triples if known is None else known, num_relations)
    ranks = []
    for start in range(0, len(triples), batch_size):
        batch = torch.from_numpy(triples[start : start + batch_size])
        h, r, t = batch[:, 0], batch[:, 1], batch[:, 2]
        for q, rel, answer, score in ((h, r, t, score_tails), (t, r + num_relations, h, score_heads)):
            mask = flt.mask(q, rel, num_entities)
            if exclude is not None:
                mask |= exclude(q, rel)
            ranks.append(realistic_ranks(score(q, rel % num_relations).float(), answer, mask))
    return RankMetrics.from_ranks(torch.cat(ranks) if ranks else torch.zeros(0))
