"""The COMET-ATOMIC 2020 scorer (BLEU, ROUGE-L) and the diversity metrics, against hand-computed
examples."""

from __future__ import annotations

import math

import pytest

from kg.students.textmetrics import (
    corpus_bleu,
    distinct_n,
    distinct_tails,
    lcs_length,
    normalize_tail,
    rouge_l,
    tokenize,
)


def test_tokenize_lowercases_splits_on_whitespace_and_keeps_punctuation():
    assert tokenize("To see Person Y is hurt.") == ["to", "see", "person", "y", "is", "hurt."]
    assert normalize_tail("  Get the\tPHONE! ") == "get the phone!"


def test_bleu_perfect_match_is_one():
    assert corpus_bleu(["to go home"], [["to go home"]], 2) == pytest.approx(1.0)


def test_bleu_with_brevity_penalty_by_hand():
    # unigrams: to, go match (p1 = 2/3); bigrams: "to go" matches (p2 = 1/2);
    # c = 3 < r = 4, so BP = exp(1 - 4/3)
    bp = math.exp(1 - 4 / 3)
    assert corpus_bleu(["to go home"], [["to go to school"]], 1) == pytest.approx(bp * 2 / 3)
    assert corpus_bleu(["To go home"], [["to GO to school"]], 2) == pytest.approx(bp * math.sqrt(2 / 3 * 1 / 2))


def test_punctuation_counts():
    # "hurt." is not "hurt": p1 = 2/3 (he, is), p2 = 1/2 ("he is"), no brevity penalty (c = r = 3);
    # the old tokenizer (letters and digits only) scored this 1.0
    assert corpus_bleu(["he is hurt."], [["he is hurt"]], 2) == pytest.approx(math.sqrt(2 / 3 * 1 / 2))
    assert corpus_bleu(["he is hurt"], [["he is hurt"]], 2) == pytest.approx(1.0)


def test_bleu_clips_counts_by_the_best_single_reference():
    # "the" occurs once in each reference: three hypothesis "the"s earn one match
    assert corpus_bleu(["the the the"], [["the cat", "the dog"]], 1) == pytest.approx(1 / 3)


def test_bleu_takes_the_closest_reference_length_and_pools_the_corpus():
    # closest reference length to 3 is 2 (|2-3| < |5-3|), so no brevity penalty
    assert corpus_bleu(["the cat sat"], [["the cat sat on mat", "a cat"]], 2) == pytest.approx(1.0)
    # pooled: p1 = (2 + 1) / (2 + 2), c = 4 = r, BLEU-1 = 3/4
    assert corpus_bleu(["a b", "c d"], [["a b"], ["c x"]], 1) == pytest.approx(3 / 4)


def test_bleu_hand_computed_corpus_with_none_rows():
    hyps = ["to eat food", "happy", "to sleep", "anything"]
    refs = [["to eat", "to get food"], ["happy.", "glad"], ["none", "to rest"], ["none", "None"]]
    # the last row is skipped (only "none"); the third keeps "none" as a reference.
    # unigrams: to, eat, food (3/3) + 0/1 + to (1/2) = 4/6
    # bigrams: "to eat" (1/2) + 0/0 + 0/1 = 1/3
    # lengths: c = 3 + 1 + 2 = 6; closest r: 3 (tie 2|3 -> |2-3|=1, |3-3|=0 -> 3), 1 ("happy."), 2 -> 6
    assert corpus_bleu(hyps, refs, 1) == pytest.approx(4 / 6)
    assert corpus_bleu(hyps, refs, 2) == pytest.approx(math.sqrt(4 / 6 * 1 / 3))
    assert rouge_l(hyps, refs) == pytest.approx(rouge_l(hyps[:3], refs[:3]))


def test_bleu_without_any_bigram_match_is_tiny_not_an_error():
    assert corpus_bleu(["b a"], [["a b"]], 2) < 1e-6
    assert corpus_bleu(["b a"], [["a b"]], 1) == pytest.approx(1.0)
    assert corpus_bleu(["x"], [["none"]], 2) == 0.0  # nothing scored


def test_rouge_l_by_hand():
    assert lcs_length("a b c d".split(), "a c e".split()) == 2
    # prec = 2/4, rec = 2/3, beta = 1.2
    p, r, b2 = 0.5, 2 / 3, 1.44
    assert rouge_l(["a b c d"], [["a c e"]]) == pytest.approx((1 + b2) * p * r / (r + b2 * p))
    # max precision and max recall are taken over references separately, then averaged
    assert rouge_l(["a b", "x"], [["a b", "z"], ["y"]]) == pytest.approx(0.5)


def test_metrics_reject_mismatched_lengths():
    with pytest.raises(ValueError):
        corpus_bleu(["a"], [], 2)
    with pytest.raises(ValueError):
        rouge_l(["a"], [["a"], ["b"]])


def test_distinct_tails_and_distinct_2_by_hand():
    outputs = ["to eat food", "To eat  food", "happy", "to eat"]
    assert distinct_tails(outputs) == 3
    # bigrams: (to eat, eat food) x2, none for "happy", (to eat): 5 in all, 2 different
    assert distinct_n(outputs, 2) == pytest.approx(2 / 5)
    assert distinct_n(outputs, 1) == pytest.approx(4 / 9)
    assert distinct_n(["happy"], 2) == 0.0
