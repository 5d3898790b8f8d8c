"""``FuzzyIndex.best`` picks exactly what ``process.extractOne(..., scorer=fuzz.ratio)`` picks.

Random choices over tiny alphabets (so near matches and ties are frequent), very short strings,
duplicates and several cutoffs; each with no extra counting (the bare prefix filter), a little
and all of it. Then perturbed ATOMIC 2020 labels against the dev set's heads and generations,
and the normaliser resolving perturbed heads as its linear scan did.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from rdflib import RDFS

from extractors.fuzzy import FuzzyIndex
from extractors.normalize import Normalizer, _same_markers, _short_words_alike, match_key
from kg.iri import mint_iri, normalize_label

DEV = Path(__file__).resolve().parents[2] / "kg" / "data" / "atomic2020" / "dev.jsonl"
CUTOFFS = [0.5, 0.8, 0.9, 0.92, 0.97, 1.0]


def expected(query: str, choices: list[str], cutoff: float) -> str | None:
    best = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    return None if best is None else best[0]


def perturb(rng: random.Random, s: str, alphabet: str, edits: int) -> str:
    for _ in range(edits):
        i = rng.randrange(len(s) + 1)
        kind = rng.choice("dis")
        if kind == "d" and s:
            s = s[: min(i, len(s) - 1)] + s[min(i, len(s) - 1) + 1 :]
        elif kind == "s" and len(s) >= 2:
            i = min(i, len(s) - 2)
            s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        else:
            s = s[:i] + rng.choice(alphabet) + s[i:]
    return s


@st.composite
def cases(draw):
    alphabet = draw(st.sampled_from(["ab", "abc", "ab é", "abcdefgh"]))
    word = st.text(alphabet, max_size=draw(st.sampled_from([3, 8, 20])))
    pool = draw(st.lists(word, min_size=1, max_size=12))
    choices = draw(st.lists(st.sampled_from(pool), max_size=40))  # duplicates on purpose
    rng = random.Random(draw(st.integers(0, 2**32)))
    queries = draw(st.lists(word, max_size=3))
    queries += [perturb(rng, rng.choice(pool), alphabet, rng.randrange(4)) for _ in range(5)]
    return choices, queries, draw(st.sampled_from(CUTOFFS)), draw(st.sampled_from([0, 5, 10**9]))


@settings(max_examples=400, deadline=None)
@given(cases())
def test_same_choice_as_extract_one(case) -> None:
    choices, queries, cutoff, budget = case
    index = FuzzyIndex(choices, cutoff, budget=budget)
    for query in queries:
        assert index.best(query) == expected(query, choices, cutoff), (query, cutoff, budget)


def test_odd_cutoffs_and_empty_choices() -> None:
    choices = ["", "a", "ab", "abc", "abd", "b\udc80c"]
    for cutoff in (0.0, 0.3, 1.0):
        index = FuzzyIndex(choices, cutoff)
        for query in ("", "a", "abc", "abdd", "b\udc80", "zzz"):
            assert index.best(query) == expected(query, choices, cutoff)
    with pytest.raises(TypeError):  # rapidfuzz refuses cutoffs above 100 either way
        FuzzyIndex(choices, 1.5).best("abc")
    assert FuzzyIndex([], 0.9).best("abc") is None


def test_perturbed_atomic_labels() -> None:
    labels: set[str] = set()
    with DEV.open() as rows:
        for line in rows:
            row = json.loads(line)
            labels.add(row["head"].lower())
            labels.update(g.lower() for g in row["generations"])
    choices = sorted(labels)
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz '"
    queries = [perturb(rng, rng.choice(choices), alphabet, rng.randrange(1, 4)) for _ in range(300)]
    queries += [rng.choice(choices) + " x" for _ in range(50)]
    for cutoff in (0.8, 0.92):
        index = FuzzyIndex(choices, cutoff)
        got = [index.best(q) for q in queries]
        assert got == [expected(q, choices, cutoff) for q in queries]
        assert sum(g is not None for g in got) > len(queries) // 3  # near matches were found


class _Rows:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows

    def bindings(self) -> list[dict[str, str]]:
        return self.rows


class _Store:
    """Just enough of a store for the normaliser's label index."""

    def __init__(self, labels: list[str]) -> None:
        self.rows = [{"s": f"http://example.org/e{i}", "p": str(RDFS.label), "l": label} for i, label in enumerate(labels)]

    def query(self, sparql: str, graph: str) -> _Rows:
        return _Rows(self.rows)


def test_normalizer_resolves_as_the_linear_scan_did() -> None:
    with DEV.open() as rows:
        heads = sorted({json.loads(line)["head"] for line in rows})[:1500]
    norm = Normalizer(None, _Store(heads))
    labels = norm._label_index()
    choices = sorted(labels["norm"])

    def scan(label: str):  # the resolution before the index: exact, normalised, lemma, extractOne
        for kind, key in (("exact", label), ("norm", normalize_label(label)), ("lemma", match_key(label))):
            if key in labels[kind]:
                return labels[kind][key]
        best = expected(normalize_label(label), choices, 0.92)
        if best is not None and not (_same_markers(best, normalize_label(label)) and _short_words_alike(best, normalize_label(label))):
            # another number or letter, another short word ("jon snow", "john snow"): another thing
            best = None
        return mint_iri(label) if best is None else labels["norm"][best]

    rng = random.Random(3)
    alphabet = "abcdefghijklmnopqrstuvwxyz "
    queries = [perturb(rng, rng.choice(heads), alphabet, rng.randrange(1, 5)) for _ in range(200)]
    resolved = [norm.entity(q) for q in queries]
    assert resolved == [scan(q) for q in queries]
    assert sum(r not in {mint_iri(q) for q in queries} for r in resolved) > 50  # found in the store
