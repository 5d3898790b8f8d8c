"""Training examples without human labels: split by head, corrupted negatives of every kind."""

from __future__ import annotations

import json
import random

import pytest

from kg.critics.examples import (
    NEGATIVE_KINDS,
    Row,
    balanced_eval_set,
    clean_tail,
    evasive_phrases,
    is_vacuous,
    make_examples,
    read_rows,
    split_by_head,
)
from kg.errors import FormatError

ROWS = [
    Row("PersonX bakes bread", "xWant", ("to eat the bread", "to share it with friends")),
    Row("PersonX bakes bread", "xAttr", ("skilled", "hungry")),
    Row("PersonX runs a marathon", "xWant", ("to rest", "to drink water")),
    Row("PersonX runs a marathon", "xReact", ("tired", "proud")),
    Row("PersonX buys a car", "xNeed", ("to save money", "to visit a dealer")),
    Row("PersonX buys a car", "xWant", ("to drive it home", "to show it off")),
]


def test_split_by_head_keeps_each_head_on_one_side_and_ignores_order():
    rows = [Row(f"PersonX does thing {i}", "xWant", ("to rest",)) for i in range(200)]
    rows += [Row(f"PersonX does thing {i}", "xNeed", ("to wake up",)) for i in range(200)]
    rest, held = split_by_head(rows, 0.25, seed=3)
    assert {r.head for r in rest}.isdisjoint({r.head for r in held})
    assert 30 < len({r.head for r in held}) < 70
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    assert {r.head for r in split_by_head(shuffled, 0.25, seed=3)[1]} == {r.head for r in held}
    assert {r.head for r in split_by_head(rows, 0.25, seed=4)[1]} != {r.head for r in held}
    # a split with another salt is independent of the first
    inner = split_by_head(rest, 0.25, seed=3, salt="calibration")[1]
    assert inner


def test_negatives_are_wrong_for_their_head_and_relation():
    examples = make_examples(ROWS, seed=0, negatives_per_positive=3)
    right = {(r.head, r.relation, t) for r in ROWS for t in r.tails}
    negatives = [e for e in examples if not e.label]
    assert {e.kind for e in negatives} <= set(NEGATIVE_KINDS)
    assert len(negatives) > 2 * len(right)
    for e in negatives:
        assert (e.head, e.relation, e.tail) not in right
    assert sum(e.label for e in examples) == len(right)


def test_every_kind_appears_in_a_balanced_eval_set():
    rows = [Row(f"PersonX does thing number {i}", rel, (f"to do the next step {i} {rel}", f"to feel good {i} {rel}"))
            for i in range(40) for rel in ("xWant", "xIntent")]
    examples = balanced_eval_set(rows, seed=1)
    kinds = {e.kind for e in examples if not e.label}
    assert kinds == set(NEGATIVE_KINDS)
    positives = sum(e.label for e in examples)
    assert abs(positives - (len(examples) - positives)) <= 0.1 * positives


def test_examples_are_deterministic_for_a_seed():
    assert make_examples(ROWS, seed=5) == make_examples(ROWS, seed=5)
    assert make_examples(ROWS, seed=5) != make_examples(ROWS, seed=6)


def test_evasive_halves_are_disjoint_and_cover_the_list():
    train, test = set(evasive_phrases("train")), set(evasive_phrases("test"))
    assert train and test and not train & test
    assert train | test == set(evasive_phrases("all"))


@pytest.mark.parametrize(
    "head, tail, vacuous",
    [
        ("PersonX bakes bread", "idk", True),
        ("PersonX bakes bread", "Not sure.", True),
        ("PersonX bakes bread", "  ...  ", True),
        ("PersonX bakes bread", "PersonX bakes bread", True),
        ("PersonX bakes bread", "personx bakes bread.", True),
        ("PersonX bakes bread", "to eat the bread", False),
        ("PersonX bakes bread", "bakes bread", True),
        ("PersonX bakes bread", "PersonY bakes bread.", True),
        ("PersonX bakes bread", "bread", False),
    ],
)
def test_form_check(head, tail, vacuous):
    assert (is_vacuous(head, tail) is not None) is vacuous


def test_read_rows_cleans_tails_and_drops_none(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(
        json.dumps({"head": "PersonX calls Person Y", "relation": "xNeed", "tails": ["none", "to get a phone.", " to get a phone"]}) + "\n"
        + json.dumps({"head": "PersonX sleeps", "relation": "xNeed", "tails": ["none"]}) + "\n",
        encoding="utf-8",
    )
    assert read_rows(path) == [Row("PersonX calls PersonY", "xNeed", ("to get a phone",))]
    assert clean_tail('"Person X goes home."') == "PersonX goes home"


def test_read_rows_reads_a_text_or_number_in_tails_as_one_tail(tmp_path):
    """'"tails": "Kawasaki disease"' trained the critic on one tail per character ('K', 'a', ...),
    and '"tails": 1923' failed with an unexpected TypeError."""
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"head": "aspirin", "relation": "treats", "tails": "Kawasaki disease"}) + "\n"
                    + json.dumps({"head": "insulin", "relation": "approvalYear", "tails": 1923}) + "\n", encoding="utf-8")
    assert read_rows(path) == [Row("aspirin", "treats", ("Kawasaki disease",)), Row("insulin", "approvalYear", ("1923",))]
    path.write_text(json.dumps({"head": "insulin", "relation": "approvalYear", "tails": {"year": 1923}}) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="rows.jsonl:1: .*tails must be a list of texts, or one text"):
        read_rows(path)


def test_read_rows_names_a_bad_line(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"head": "x"}\n', encoding="utf-8")
    with pytest.raises(FormatError, match="rows.jsonl:1"):
        read_rows(path)
