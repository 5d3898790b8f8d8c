"""How well a critic's scores separate right from wrong: ROC-AUC, the precision–recall curve,
precision at a recall, and the threshold that reaches a target precision.

Scores are P(valid) (higher: more likely right); labels are booleans. Precision where nothing is
kept is undefined: ``None``, never 1.0.

>>> roc_auc([0.9, 0.8, 0.3, 0.1], [True, False, True, False])
0.75
>>> threshold_for_precision([0.9, 0.8, 0.3, 0.1], [True, True, False, False], 1.0, min_kept=1)
0.8
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

Scores = Sequence[float] | np.ndarray
"""Scores, one per example: a sequence or a 1-d array."""
Labels = Sequence[bool] | np.ndarray
"""Whether each example is right: a sequence or a 1-d array."""

__all__ = ["roc_auc", "average_precision", "brier", "expected_calibration_error", "pr_curve", "precision_at_recall", "precision_recall_at", "threshold_for_precision", "calibrate"]


def _arrays(scores: Scores, labels: Labels) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    y = np.asarray(labels, dtype=bool).reshape(-1)
    if s.shape != y.shape:
        raise ValueError(f"{s.size} scores but {y.size} labels")
    return s, y


def roc_auc(scores: Scores, labels: Labels) -> float:
    """The probability that a right example scores above a wrong one (ties count half):
    the Mann–Whitney statistic. NaN when either class is missing."""
    s, y = _arrays(scores, labels)
    pos, neg = int(y.sum()), int((~y).sum())
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=np.float64)
    sorted_s = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def pr_curve(scores: Scores, labels: Labels) -> list[tuple[float, float, float]]:
    """``(threshold, precision, recall)`` for every distinct score as the threshold (kept:
    ``score >= threshold``), from the highest threshold down."""
    s, y = _arrays(scores, labels)
    pos = int(y.sum())
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    tp = np.cumsum(y_sorted)
    kept = np.arange(1, len(s) + 1)
    last = np.r_[s_sorted[1:] != s_sorted[:-1], True]  # the last index of each distinct score
    return [
        (float(s_sorted[i]), float(tp[i] / kept[i]), float(tp[i] / pos) if pos else 0.0)
        for i in np.flatnonzero(last)
    ]


def average_precision(scores: Scores, labels: Labels) -> float:
    """The area under the precision–recall step curve, as sklearn's ``average_precision_score``:
    the sum over distinct thresholds of precision × the recall it adds. NaN without a positive."""
    s, y = _arrays(scores, labels)
    if not y.any():
        return float("nan")
    curve = pr_curve(s, y)
    recalls = [0.0] + [r for _, _, r in curve]
    return float(sum((recalls[i + 1] - recalls[i]) * p for i, (_, p, _) in enumerate(curve)))


def brier(scores: Scores, labels: Labels) -> float:
    """The mean squared distance of P(valid) from the label (0 is perfect; NaN with no example)."""
    s, y = _arrays(scores, labels)
    return float(np.mean((s - y.astype(np.float64)) ** 2)) if len(s) else float("nan")


def expected_calibration_error(scores: Scores, labels: Labels, bins: int = 10) -> float:
    """ECE over ``bins`` equal-width bins of P(valid): the examples-weighted mean gap between a
    bin's mean score and its share of right examples (Guo et al. 2017); NaN with no example."""
    s, y = _arrays(scores, labels)
    if not len(s):
        return float("nan")
    which = np.minimum((s * bins).astype(int), bins - 1)
    gap = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            gap += mask.sum() * abs(float(s[mask].mean()) - float(y[mask].mean()))
    return gap / len(s)


def precision_recall_at(scores: Scores, labels: Labels, threshold: float) -> tuple[float | None, float]:
    """Precision (None when nothing is kept) and recall of ``score >= threshold``."""
    s, y = _arrays(scores, labels)
    keep = s >= threshold
    pos = int(y.sum())
    precision = float(y[keep].mean()) if keep.any() else None
    recall = float((y & keep).sum() / pos) if pos else 0.0
    return (None if precision is None else round(precision, 6)), round(recall, 6)


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval (95% by default) of a proportion ``successes / n``; None for n 0."""
    if n <= 0:
        return None
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)


def precision_at_recall(scores: Scores, labels: Labels, recall: float) -> float | None:
    """Precision at the highest threshold whose recall reaches ``recall`` (None: never reached)."""
    for _t, p, r in pr_curve(scores, labels):
        if r >= recall:
            return p
    return None


def fewest_kept(positives: int, examples: int) -> int:
    """The fewest examples a threshold chosen for a precision may keep: 10, or 2% of the right
    ones if more (never more than there are), so that a threshold never rests on a handful of
    scores. One rule for training's calibration and for retargeting a saved critic."""
    return min(max(10, int(0.02 * positives)), examples)


def threshold_for_precision(
    scores: Scores, labels: Labels, target: float, *, min_kept: int | None = None
) -> float:
    """The lowest threshold whose kept set has precision >= ``target`` (the most recall at that
    precision), among thresholds above 0 (at 0 every score passes) that keep at least
    ``min_kept`` examples (default: :func:`fewest_kept`). When no
    threshold reaches the target, the one with the highest precision (see
    :func:`calibrate` for whether the target was reached)."""
    return calibrate(scores, labels, target, min_kept=min_kept)[0]


def calibrate(
    scores: Scores, labels: Labels, target: float, *, min_kept: int | None = None
) -> tuple[float, bool]:
    """``(threshold, reached)``: :func:`threshold_for_precision`, and whether its precision
    reaches ``target``."""
    s, y = _arrays(scores, labels)
    min_kept = fewest_kept(int(y.sum()), len(s)) if min_kept is None else min(min_kept, len(s))
    best = None
    fallback: tuple[float, float] | None = None  # (precision, threshold)
    kept = 0
    counts: dict[float, int] = {}
    for t in s:
        counts[t] = counts.get(t, 0) + 1
    for t, p, _r in pr_curve(scores, labels):
        kept += counts[t]
        if kept < min_kept or t <= 0.0:  # at 0 every score passes: no gate
            continue
        if p >= target:
            best = t
        if fallback is None or p > fallback[0]:
            fallback = (p, t)
    if best is not None:
        return float(best), True
    if fallback is None:
        return 1.0, False
    return float(fallback[1]), False
