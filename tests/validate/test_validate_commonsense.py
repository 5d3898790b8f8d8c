"""The commonsense domain: axioms on hand-made graphs, and real ATOMIC 2020 rows accepted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

import kg
from kg.iri import mint_iri as m
from kg.records import Candidate
from kg.store import EmbeddedStore
from kg.validate import Validator

CS = "https://w3id.org/kgdistill/ontology/commonsense#"
ATOMIC = Path(kg.__file__).parent / "data" / "atomic2020" / "dev.jsonl"


def c(s: str, p: str, o: str) -> Candidate:
    return Candidate(m(s), URIRef(CS + p), m(o), subject_label=s, object_label=o)


@pytest.fixture(scope="module")
def validator(commonsense):
    return Validator(commonsense)


def checks(verdict) -> list[str]:
    return [r.check for r in verdict.reasons]


def test_is_before_and_is_after_are_asymmetric_inverses(validator):
    verdicts = validator.validate([
        c("PersonX wakes up", "isBefore", "PersonX eats breakfast"),
        c("PersonX eats breakfast", "isBefore", "PersonX wakes up"),  # asymmetry
        c("PersonX wakes up", "isAfter", "PersonX eats breakfast"),  # through the inverse
        c("PersonX eats breakfast", "isAfter", "PersonX wakes up"),  # the same fact: fine
    ])
    assert [checks(v) for v in verdicts] == [[], ["asymmetric"], ["asymmetric"], []]
    assert "isBefore is asymmetric" in verdicts[1].reasons[0].message


def test_desires_and_not_desires_exclude_each_other(validator):
    verdicts = validator.validate([c("dog", "Desires", "bone"), c("dog", "NotDesires", "bone"), c("dog", "NotDesires", "bath")])
    assert [checks(v) for v in verdicts] == [[], ["disjoint-property"], []]
    assert "never hold for the same pair" in verdicts[1].reasons[0].message


def test_asymmetric_and_disjoint_property_reasons_read_the_facts_in_the_relations_words(validator):
    """The reasons pasted a relation's name where a verb goes ('dog NotDesires bone is already
    known', unreadable for a name such as 'cites' or 'capital of'); they now say each fact as its
    relation's verbalization does."""
    verdicts = validator.validate([
        c("dog", "Desires", "bone"), c("dog", "NotDesires", "bone"),
        c("PersonX wakes up", "isBefore", "PersonX eats breakfast"), c("PersonX eats breakfast", "isBefore", "PersonX wakes up"),
    ])
    assert [r.message for v in verdicts for r in v.reasons] == [
        "it cannot be that dog does not desire bone: it is already known that dog desires bone, "
        "and NotDesires and Desires never hold for the same pair",
        "it cannot be that PersonX wakes up happens before PersonX eats breakfast: it is already known that "
        "PersonX eats breakfast happens before PersonX wakes up, and isBefore is asymmetric (it never holds both ways)",
    ]


def test_disjoint_top_classes(validator):
    # the commonsense domain types a phrase by its form (kg.forms), not by the relation that
    # used it first: an event ("to close it", "PersonX goes home") and a characteristic
    # ("happy") clash with a disjoint domain / range; a noun phrase gets no class from its form
    verdicts = validator.validate([
        c("umbrella", "AtLocation", "closet"),
        c("umbrella", "xWant", "to stay dry"),  # no class from its form: left to the critic
        c("PersonX opens the closet", "xReact", "to close it"),  # an event as a mental state
        c("PersonX goes home", "AtLocation", "closet"),  # an event where a thing is needed
        c("PersonX wins", "xWant", "happy"),  # a characteristic as an event
        Candidate(m("happy"), RDF.type, URIRef(CS + "Event")),
        Candidate(m("closet"), RDF.type, URIRef(CS + "Location")),
    ])
    assert [checks(v) for v in verdicts] == [[], [], ["range"], ["domain"], ["range"], ["disjoint-class"], []]
    assert "event" in verdicts[2].reasons[0].message and "from its form" in verdicts[2].reasons[0].message
    assert "characteristic" in verdicts[4].reasons[0].message and "event" in verdicts[4].reasons[0].message


def test_an_asserted_type_outweighs_a_use_in_any_order(validator):
    typed = Candidate(m("umbrella"), RDF.type, URIRef(CS + "PhysicalEntity"))
    used = c("umbrella", "xWant", "to stay dry")  # umbrella as an event
    for batch in ([typed, used], [used, typed]):
        verdicts = {v.candidate.triple: checks(v) for v in validator.validate(batch)}
        assert verdicts == {typed.triple: [], used.triple: ["domain"]}
    clash = Candidate(m("umbrella"), RDF.type, URIRef(CS + "Event"))  # two disjoint declarations
    assert [checks(v) for v in validator.validate([typed, clash])] == [["disjoint-class"], ["disjoint-class"]]


def test_a_literal_tail_and_an_unknown_relation(validator):
    v = validator.validate([Candidate(m("PersonX wins"), URIRef(CS + "xReact"), Literal("proud"))])[0]
    assert checks(v) == ["entity-expected"]
    v = validator.validate([c("PersonX wins", "xFeels", "proud")])[0]
    assert checks(v) == ["unknown-predicate"]


def test_types_from_the_store(commonsense, tmp_path):
    store = EmbeddedStore.create(tmp_path / "s")
    try:
        store.add_triples([
            (m("hammer"), RDF.type, URIRef(CS + "PhysicalEntity")),  # asserted: counts
            (m("saw"), URIRef(CS + "ObjectUse"), m("drive nails")),  # a use: does not type "saw"
        ])
        v = Validator(commonsense, store).validate([
            c("PersonX cooks", "xNeed", "hammer"), c("PersonX cooks", "xNeed", "drive nails"), c("PersonX cooks", "xNeed", "saw"),
        ])
        assert [checks(x) for x in v] == [["range"], [], []]
        assert "from the store" in v[0].reasons[0].message
    finally:
        store.close()


def atomic_candidates(rows, field="tails"):
    out = []
    for r in rows:
        for tail in r[field]:
            if tail.strip().lower() == "none" or not tail.strip():
                continue
            out.append(Candidate(
                m(r["head"]), URIRef(CS + r["relation"]), m(tail),
                subject_label=r["head"], object_label=tail.strip(), extractor="atomic2020",
            ))
    return out


def test_real_atomic_rows_are_accepted(validator):
    rows = [json.loads(line) for line in ATOMIC.read_text(encoding="utf-8").splitlines()]
    sample = rows[::4]  # every relation is represented; ~760 rows, ~3,000 human tails
    cands = atomic_candidates(sample)
    verdicts = validator.validate(cands)
    accepted = sum(v.accepted for v in verdicts)
    rate = accepted / len(verdicts)
    reasons = Counter(r.check for v in verdicts for r in v.reasons)
    print(f"\nATOMIC 2020 human tails: {accepted}/{len(verdicts)} accepted ({rate:.1%}); rejections by check: {dict(reasons)}")
    for v in [v for v in verdicts if not v.accepted][:5]:
        print(f"  {v.candidate.subject_label} | {v.candidate.predicate.split('#')[1]} | {v.candidate.object_label}: {v.reasons[0].message}")
    assert len({v.candidate.predicate for v in verdicts}) >= 20
    assert rate >= 0.97
