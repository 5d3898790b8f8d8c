"""Scoring any system's generated tails: the COMET-ATOMIC 2020 scorer through score_outputs, and
the collapse metrics (distinct tails, distinct-2, head sensitivity) on hand-made outputs."""

from __future__ import annotations

import math

import pytest

from kg.students.generator_eval import (
    collapse,
    head_pairs,
    head_sensitivity,
    references_by_prompt,
    score_outputs,
)
from kg.students.generator_data import Example


def test_head_sensitivity_by_hand():
    outputs = {
        ("A", "r1"): "x", ("B", "r1"): "X ",  # same tail for both heads: 0 of 2 change
        ("C", "r2"): "y", ("D", "r2"): "z",   # 2 of 2 change
        ("E", "r3"): "w",                     # one head: no pair
    }
    assert head_sensitivity(outputs) == pytest.approx(2 / 4)
    assert head_sensitivity({("A", "r1"): "x", ("A", "r2"): "y"}) is None
    # the tail depends on the relation only: 0; on the head: 1
    heads = [f"PersonX plays {g}" for g in ("chess", "golf", "piano", "dice")]
    assert head_sensitivity({(h, "xWant"): "to win" for h in heads}) == 0.0
    assert head_sensitivity({(h, "xWant"): f"to {h}" for h in heads}) == 1.0


def test_head_pairs_are_seeded_deterministic_and_never_the_same_head():
    prompts = [(f"h{i}", r) for i in range(20) for r in ("a", "b")]
    pairs = head_pairs(prompts, seed=1)
    assert set(pairs) == set(prompts)
    assert all(o[1] == p[1] and o[0] != p[0] for p, o in pairs.items())
    assert sorted({o for o in pairs.values()}) == sorted(prompts)  # every head replaces one other
    assert head_pairs(list(reversed(prompts)), seed=1) == pairs
    assert head_pairs(prompts, seed=2) != pairs
    # a relation's pairing does not depend on the other relations
    only_a = head_pairs([p for p in prompts if p[1] == "a"], seed=1)
    assert only_a == {p: o for p, o in pairs.items() if p[1] == "a"}


def test_collapse_by_hand():
    outputs = {("A", "r"): "to eat food", ("B", "r"): "To eat food", ("C", "r"): "happy", ("D", "r"): "to eat"}
    c = collapse(outputs)
    assert (c.prompts, c.distinct_tails) == (4, 3)
    assert c.distinct_tails_share == pytest.approx(3 / 4)
    assert c.distinct_2 == pytest.approx(2 / 5)  # to eat, eat food (x2), to eat
    assert c.head_sensitivity is not None and 0.0 <= c.head_sensitivity <= 1.0


def test_score_outputs_scores_any_system_on_shared_rows():
    refs = references_by_prompt(
        [Example("A", "r", "to eat"), Example("A", "r", "to get food"), Example("B", "r", "happy."), Example("C", "r", "none")]
    )
    outputs = {("A", "r"): "to eat food", ("B", "r"): "happy", ("C", "r"): "sad", ("Z", "r"): "ignored"}
    s = score_outputs(outputs, refs, train_tails=["happy"])
    assert s["prompts"] == 3
    # C is skipped by BLEU (only "none"); unigrams 3/3 + 0/1; bigrams 1/2 + 0/0; c = r = 4
    assert s["bleu1"] == pytest.approx(3 / 4)
    assert s["bleu2"] == pytest.approx(math.sqrt(3 / 4 * 1 / 2))
    assert s["exact_match"] == 0.0
    assert s["novelty"] == pytest.approx(2 / 3)
    assert (s["distinct_tails"], s["distinct_tails_share"]) == (3, 1.0)
    assert s["head_sensitivity"] == 1.0
