"""Typing by form (issue #16, item 5): in the commonsense domain a phrase's class comes from its
wording (kg.forms), so a batch's verdicts do not depend on the order of its candidates, nor on
which batch used a phrase first; a self-loop across disjoint classes is rejected at once."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.forms import CHARACTERISTIC, EVENT, phrase_form
from kg.iri import mint_iri as m
from kg.records import Candidate
from kg.store import EmbeddedStore
from kg.validate import Validator
from reasoners.rules import Materializer

CS = "https://w3id.org/kgdistill/ontology/commonsense#"
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def c(s: str, p: str, o: str) -> Candidate:
    return Candidate(m(s), URIRef(CS + p), m(o), subject_label=s, object_label=o)


def checks(verdict) -> list[str]:
    return sorted(r.check for r in verdict.reasons)


def by_triple(verdicts) -> dict:
    out: dict = {}
    for v in verdicts:
        out.setdefault(v.candidate.triple, set()).add((v.accepted, tuple(checks(v))))
    return out


@pytest.fixture(scope="module")
def validator(commonsense):
    return Validator(commonsense)


# -- the forms ---------------------------------------------------------------------------------

@pytest.mark.parametrize("label, form", [
    ("to eat", EVENT), ("to get a phone.", EVENT), ("PersonX goes home", EVENT), ("Person X calls PersonY", EVENT),
    ("they cry", EVENT), ("eat dinner", EVENT), ("gets wet", EVENT), ("relax", EVENT), ("cries", EVENT),
    ("going home", EVENT), ("play the game", EVENT), ("clean up", EVENT),
    ("happy", CHARACTERISTIC), ("Happy.", CHARACTERISTIC), ("very tired", CHARACTERISTIC),
    ("not satisfied", CHARACTERISTIC), ("kind and caring", CHARACTERISTIC), ("open-minded", CHARACTERISTIC),
    ("helpful", CHARACTERISTIC), ("relieved", CHARACTERISTIC), ("unhappy", CHARACTERISTIC), ("adventurous", CHARACTERISTIC),
    # uncertain: no class from the form
    ("a phone", None), ("kitchen", None), ("closet", None), ("companionship", None), ("snow", None),
    ("feels happy", None), ("they feel grateful", None), ("in love", None), ("like a good person", None),
    ("to school", None), ("to PersonY", None), ("PersonX's car", None), ("PersonX and PersonY", None),
    ("leaves", None), ("building", None), ("swimming pool", None), ("play area", None), ("giving", None),
    ("arrested", None), ("let down", None), ("", None),
])
def test_phrase_forms(label, form):
    assert phrase_form(label) == form


def test_labels_of_one_iri_share_a_form():
    for a, b in [("Happy", "happy."), ("PersonX goes home", "personx goes HOME"), ("To eat", " to eat! ")]:
        assert m(a) == m(b) and phrase_form(a) == phrase_form(b)


# -- order independence ----------------------------------------------------------------------------

HEADS = ["PersonX wins the game", "PersonX eats dinner", "umbrella", "snow", "happy", "to eat", "kitchen"]
TAILS = ["happy", "very tired", "to eat", "gets wet", "kitchen", "a phone", "closet", "snow", "umbrella",
         "PersonX eats dinner", "PersonX wins the game", "relieved"]
RELATIONS = ["xReact", "xWant", "xAttr", "xNeed", "AtLocation", "ObjectUse", "HasProperty", "Causes", "isBefore",
             "isAfter", "Desires", "NotDesires", "MadeUpOf", "CapableOf"]
CLASSES = ["Event", "PhysicalEntity", "Location", "Characteristic", "MentalState", "Attribute", "Concept"]


def _candidates():
    relation = st.builds(c, st.sampled_from(HEADS + TAILS), st.sampled_from(RELATIONS), st.sampled_from(TAILS + HEADS))
    declared = st.builds(
        lambda s, k: Candidate(m(s), RDF.type, URIRef(CS + k), subject_label=s),
        st.sampled_from(HEADS + TAILS), st.sampled_from(CLASSES),
    )
    return st.lists(st.one_of(relation, relation, relation, declared), min_size=1, max_size=25)


@given(data=st.data())
@_SETTINGS
def test_a_permuted_batch_gets_the_same_verdicts(validator, data):
    batch = data.draw(_candidates())
    permuted = data.draw(st.permutations(batch))
    assert by_triple(validator.validate(permuted)) == by_triple(validator.validate(batch))


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory, commonsense):
    """A store with facts about the batch's phrases: a use ("closet" as an xReact tail, "snow"
    as an event) and an asserted type."""
    store = EmbeddedStore.create(tmp_path_factory.mktemp("forms") / "store")
    facts = [c("PersonX wins the game", "xReact", "closet"), c("PersonX eats dinner", "Causes", "snow"),
             c("umbrella", "AtLocation", "closet")]
    store.add_triples([x.triple for x in facts] + [(m("kitchen"), RDF.type, URIRef(CS + "Location"))])
    Materializer(commonsense, store).add([x.triple for x in facts])  # inferred: domains, ranges
    yield store
    store.close()


@given(data=st.data())
@_SETTINGS
def test_a_permuted_batch_gets_the_same_verdicts_against_a_store(commonsense, filled_store, data):
    batch = data.draw(_candidates())
    permuted = data.draw(st.permutations(batch))
    v = Validator(commonsense, filled_store)
    assert by_triple(v.validate(permuted)) == by_triple(v.validate(batch))


def _write(store, materializer, verdicts) -> None:
    """What the pipeline writes for a batch: accepted triples with their labels, and their
    inferences (the domains and ranges of the facts, as rdf:type in ``inferred``)."""
    accepted = [v.candidate for v in verdicts if v.accepted]
    labels = [(n, RDFS.label, Literal(lbl)) for x in accepted
              for n, lbl in ((x.subject, x.subject_label), (x.object, x.object_label)) if lbl]
    store.add_triples([x.triple for x in accepted] + labels)
    materializer.add([x.triple for x in accepted])


# the same tail under two relations whose ranges are disjoint
PAIRS = [
    (c("PersonX wins the game", "xReact", "happy"), c("PersonX loses the game", "xWant", "happy")),  # characteristic
    (c("PersonX wins the game", "xWant", "to celebrate"), c("PersonX loses the game", "xReact", "to celebrate")),  # event
    (c("PersonX opens the closet", "xReact", "closet"), c("umbrella", "AtLocation", "closet")),  # uncertain form
    (c("PersonX wins the game", "Causes", "snow"), c("snow", "ObjectUse", "build a snowman")),  # uncertain, as head
]


@pytest.mark.parametrize("first, second", PAIRS)
def test_a_tail_under_disjoint_ranges_is_decided_alike_in_one_batch(validator, first, second):
    assert by_triple(validator.validate([first, second])) == by_triple(validator.validate([second, first]))


@pytest.mark.parametrize("first, second", PAIRS)
def test_a_tail_under_disjoint_ranges_is_decided_alike_across_batches(commonsense, tmp_path, first, second):
    results = []
    for name, order in (("ab", (first, second)), ("ba", (second, first))):
        store = EmbeddedStore.create(tmp_path / name)
        try:
            v, mat = Validator(commonsense, store), Materializer(commonsense, store)
            verdicts = []
            for cand in order:  # one batch each, written before the next
                got = v.validate([cand])
                _write(store, mat, got)
                verdicts += got
            results.append(by_triple(verdicts))
        finally:
            store.close()
    assert results[0] == results[1]


def test_the_form_decides_which_use_stands(validator):
    happy_react, happy_want = PAIRS[0]
    for batch in ([happy_react, happy_want], [happy_want, happy_react]):
        verdicts = {v.candidate.triple: v for v in validator.validate(batch)}
        assert verdicts[happy_react.triple].accepted
        bad = verdicts[happy_want.triple]
        assert checks(bad) == ["range"] and "characteristic (from its form)" in bad.reasons[0].message


# -- self-loops ------------------------------------------------------------------------------------

def test_a_self_loop_across_disjoint_classes_is_rejected(validator):
    verdicts = validator.validate([
        c("PersonX helps PersonY", "xAttr", "PersonX helps PersonY"),  # head copied as its tail: event vs attribute
        c("comfort", "ObjectUse", "comfort"),  # no form: physical entity vs event
        c("solar system", "MadeUpOf", "solar system"),  # concept -> concept: not declared reflexive
        c("PersonX helps PersonY", "xWant", "PersonX helps PersonY"),  # event -> event: the head given back
        c("PersonX helps PersonY", "xWant", "to help PersonY again"),  # a phrase tail of its own
    ])
    assert [checks(v) for v in verdicts] == [["range", "self-loop"], ["self-loop"], ["self-loop"], ["self-loop"], []]
    msg = next(r.message for r in verdicts[1].reasons if r.check == "self-loop")
    assert "physical entity" in msg and "event" in msg and "disjoint" in msg


# -- the conflict checker ------------------------------------------------------------------------------

def test_the_conflict_checker_types_by_assertion_only(commonsense, tmp_path):
    from kg.records import Verdict
    from reasoners.conflicts import ConflictChecker

    store = EmbeddedStore.create(tmp_path / "s")
    try:
        store.add_triples([
            c("PersonX wins the game", "Causes", "snow").triple,  # snow used as an event
            (m("umbrella"), RDF.type, URIRef(CS + "PhysicalEntity")),  # umbrella asserted a thing
        ])
        checker = ConflictChecker(commonsense, store)
        assert checker.by_form
        out = checker.resolve([
            Verdict.accept(c("snow", "ObjectUse", "build a snowman"), 1.0),  # another use: no conflict
            Verdict.accept(c("umbrella", "xWant", "to stay dry"), 1.0),  # against the asserted type
        ])
        assert [v.accepted for v in out] == [True, False]
        assert out[1].reasons[0].check == "conflict:disjoint-classes"
    finally:
        store.close()
