"""Metrics of a critic's scores, checked against brute force on random data."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings, strategies as st

from kg.critics import metrics


def _auc_brute(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.1, 0.5, 0.7, 0.9, 1.0]), st.booleans()), min_size=2, max_size=40))
def test_roc_auc_is_the_mann_whitney_statistic(pairs):
    scores = [s for s, _ in pairs]
    labels = [y for _, y in pairs]
    if all(labels) or not any(labels):
        assert metrics.roc_auc(scores, labels) != metrics.roc_auc(scores, labels)  # NaN
        return
    assert metrics.roc_auc(scores, labels) == pytest.approx(_auc_brute(scores, labels))


def test_precision_is_undefined_when_nothing_is_kept():
    assert metrics.precision_recall_at([0.1, 0.2], [True, False], 0.5) == (None, 0.0)


def test_precision_at_recall_reads_the_curve():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    labels = [True, False, True, True, False, False]
    assert metrics.precision_at_recall(scores, labels, 1 / 3) == 1.0
    assert metrics.precision_at_recall(scores, labels, 2 / 3) == pytest.approx(2 / 3)
    assert metrics.precision_at_recall(scores, labels, 1.0) == pytest.approx(3 / 4)


def test_threshold_calibrated_on_held_out_scores_meets_its_precision_on_fresh_scores():
    rng = random.Random(7)

    def draw(n):
        labels = [rng.random() < 0.5 for _ in range(n)]
        scores = [min(1.0, max(0.0, rng.gauss(0.7 if y else 0.3, 0.18))) for y in labels]
        return scores, labels

    cal_scores, cal_labels = draw(4000)
    threshold = metrics.threshold_for_precision(cal_scores, cal_labels, 0.9)
    precision, cal_recall = metrics.precision_recall_at(cal_scores, cal_labels, threshold)
    assert precision >= 0.9
    test_scores, test_labels = draw(4000)
    precision, recall = metrics.precision_recall_at(test_scores, test_labels, threshold)
    assert precision == pytest.approx(0.9, abs=0.02)
    assert recall > 0.4
    # the lowest threshold that reaches the target: one step lower falls below it
    lower = max(s for s in cal_scores if s < threshold)
    assert metrics.precision_recall_at(cal_scores, cal_labels, lower)[0] < 0.9 or lower == threshold


def test_a_threshold_never_rests_on_a_handful_of_scores():
    scores = [0.99] + [0.9 - i / 1000 for i in range(200)]
    labels = [True] + [i % 2 == 0 for i in range(200)]
    threshold, reached = metrics.calibrate(scores, labels, 0.9)
    assert not reached and threshold < 0.99  # the lone top score does not make the threshold
    assert metrics.calibrate([0.9, 0.8], [True, False], 1.0, min_kept=1) == (0.9, True)
    assert metrics.calibrate([0.9, 0.8], [False, True], 1.0, min_kept=1) == (0.8, False)


def test_the_wilson_interval_of_a_precision_narrows_with_its_examples():
    from kg.critics.metrics import wilson_interval

    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(11, 12)  # 0.917 on 12 examples: a wide interval
    assert low < 0.65 < 0.917 < high <= 1.0
    low, high = wilson_interval(917, 1000)
    assert 0.89 < low < 0.917 < high < 0.94


def test_a_threshold_calibrated_on_a_handful_of_examples_is_warned_about():
    """A critic trained on 97 trusted tails was calibrated on 3 heads, and `kg critic train`
    reported 'precision 0.917' at its threshold with nothing to say that 12 accepted examples
    cannot tell 0.917 from 0.65."""
    from kg.critics.cross_encoder import calibration_warning
    from kg.critics.metrics import wilson_interval

    few = {"heads": 3, "accepted": 12, "precision_interval": wilson_interval(11, 12)}
    many = {"heads": 200, "accepted": 1000, "precision_interval": wilson_interval(917, 1000)}
    warning = calibration_warning(few, 0.9)
    assert warning and "3 held-out heads" in warning and "12 accepted" in warning and "more trusted facts" in warning
    assert calibration_warning(many, 0.9) is None
    assert calibration_warning({"heads": 3}, 0.9) is None  # a critic saved before the interval was kept


def test_average_precision_brier_and_ece_agree_with_their_definitions():
    """`kg critic eval` reported no average precision, Brier score or calibration error."""
    import numpy as np

    from kg.critics import metrics

    scores = [0.9, 0.8, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1]
    labels = [True, True, False, True, False, True, False, False]
    # sklearn's average_precision_score gives 0.7708 (ties at 0.8 taken together), brier_score_loss 0.19375
    assert metrics.average_precision(scores, labels) == pytest.approx(0.25 * 1 + 0.25 * 2 / 3 + 0.25 * 0.75 + 0.25 * 4 / 6)
    assert metrics.brier(scores, labels) == pytest.approx(np.mean((np.array(scores) - np.array(labels, dtype=float)) ** 2))
    # two bins hold examples: [0.9, 1] (mean 0.95, half right) and [0, 0.1) (mean 0.05, none right)
    ece = metrics.expected_calibration_error([0.95, 0.95, 0.05, 0.05], [True, False, False, False])
    assert ece == pytest.approx((2 * abs(0.95 - 0.5) + 2 * abs(0.05 - 0.0)) / 4)
    assert np.isnan(metrics.average_precision([0.5], [False]))
