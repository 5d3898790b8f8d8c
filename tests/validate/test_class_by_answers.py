"""A head of no known class whose answers in one batch imply disjoint classes: the class most of
its relations imply wins and the others wait for review; with no majority, all wait. It was the
first answer that typed the head ("JOIDES Resolution currentSpeed 11.5 knots" made a research
vessel an ocean current, and its operator, flag and length were rejected)."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.records import Candidate, Verdict
from kg.validate import Validator
from tests.conftest import domain_folder

OC = "https://example.org/ocean#"

ONTOLOGY = """
@prefix oc: <https://example.org/ocean#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
oc:OceanCurrent a owl:Class ; rdfs:label "ocean current" ; owl:disjointWith oc:ResearchVessel, oc:Organisation .
oc:ResearchVessel a owl:Class ; rdfs:label "research vessel" ; owl:disjointWith oc:Organisation .
oc:Organisation a owl:Class ; rdfs:label "organisation" .
oc:Person a owl:Class ; rdfs:label "person" ; owl:disjointWith oc:OceanCurrent, oc:ResearchVessel, oc:Organisation .
oc:Composer a owl:Class ; rdfs:subClassOf oc:Person ; rdfs:label "composer" .
oc:currentSpeed a owl:DatatypeProperty ; rdfs:label "current speed" ; rdfs:domain oc:OceanCurrent ; rdfs:range xsd:decimal .
oc:operator a owl:ObjectProperty ; rdfs:label "operator" ; rdfs:domain oc:ResearchVessel ; rdfs:range oc:Organisation .
oc:flag a owl:DatatypeProperty ; rdfs:label "flag" ; rdfs:domain oc:ResearchVessel ; rdfs:range xsd:string .
oc:launchYear a owl:DatatypeProperty ; rdfs:label "launch year" ; rdfs:domain oc:ResearchVessel ; rdfs:range xsd:gYear .
oc:founder a owl:ObjectProperty ; rdfs:label "founder" ; rdfs:domain oc:Organisation ; rdfs:range oc:Person .
oc:composed a owl:DatatypeProperty ; rdfs:label "composed" ; rdfs:domain oc:Composer ; rdfs:range xsd:string .
oc:birthYear a owl:DatatypeProperty ; rdfs:label "birth year" ; rdfs:domain oc:Person ; rdfs:range xsd:gYear .
"""

REFERENCE = """
@prefix oc: <https://example.org/ocean#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
res:gulf_stream a oc:OceanCurrent ; rdfs:label "Gulf Stream" .
"""

RELATIONS = """
[domain]
name = "ocean"
prefix = "oc"
namespace = "https://example.org/ocean#"

[relations.currentSpeed]
prompt = "What is the currentSpeed of {head}?"
verbalization = "{head} currentSpeed {tail}"

[relations.operator]
prompt = "What is the operator of {head}?"
verbalization = "{head} operator {tail}"

[relations.flag]
prompt = "What is the flag of {head}?"
verbalization = "{head} flag {tail}"

[relations.launchYear]
prompt = "What is the launchYear of {head}?"
verbalization = "{head} launchYear {tail}"

[relations.founder]
prompt = "What is the founder of {head}?"
verbalization = "{head} founder {tail}"

[relations.composed]
prompt = "What is the composed of {head}?"
verbalization = "{head} composed {tail}"

[relations.birthYear]
prompt = "What is the birthYear of {head}?"
verbalization = "{head} birthYear {tail}"
"""


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> Validator:
    folder = domain_folder(tmp_path_factory.mktemp("ocean"), ontology=ONTOLOGY, reference=REFERENCE, relations=RELATIONS)
    return Validator(load_domain(folder))


def said(head: str, relation: str, tail: object) -> Candidate:
    if isinstance(tail, Literal):
        return Candidate(mint_iri(head), URIRef(OC + relation), tail, subject_label=head)
    return Candidate(mint_iri(head), URIRef(OC + relation), mint_iri(str(tail)), subject_label=head, object_label=str(tail))


def verdicts(validator: Validator, cands: list[Candidate]) -> dict[str, Verdict]:
    return {str(c.predicate).removeprefix(OC): v for c, v in zip(cands, validator.validate(cands))}


def held(v: Verdict) -> bool:
    return not v.accepted and all(r.needs_review for r in v.reasons)


VESSEL = [
    ("operator", "Texas A&M University"),
    ("flag", Literal("Cyprus")),
    ("launchYear", Literal("1978", datatype=XSD.gYear)),
]


@pytest.mark.parametrize("first", [True, False])
def test_the_class_most_answers_imply_wins_and_the_other_waits_for_review(validator, first):
    """Whichever comes first: the vessel's three answers go in, its speed waits for review."""
    speed = said("JOIDES Resolution", "currentSpeed", Literal("11.5", datatype=XSD.decimal))
    rest = [said("JOIDES Resolution", r, t) for r, t in VESSEL]
    got = verdicts(validator, [speed, *rest] if first else [*rest, speed])
    assert all(got[r].accepted for r, _ in VESSEL), got
    assert held(got["currentSpeed"]), got["currentSpeed"]
    message = got["currentSpeed"].reasons[0].message
    assert "JOIDES Resolution" in message and "research vessel" in message and "ocean current" in message, message


def test_with_no_majority_each_answer_implying_a_class_waits(validator):
    got = verdicts(validator, [said("RV Falkor", "currentSpeed", Literal("10", datatype=XSD.decimal)),
                               said("RV Falkor", "operator", "Schmidt Ocean Institute")])
    assert held(got["currentSpeed"]) and held(got["operator"]), got


def test_a_class_the_reference_gives_still_decides(validator):
    """The Gulf Stream is an ocean current in the reference: its operator is rejected, not held."""
    got = verdicts(validator, [said("Gulf Stream", "operator", "NOAA"), said("Gulf Stream", "operator", "NASA"),
                               said("Gulf Stream", "currentSpeed", Literal("2.5", datatype=XSD.decimal))])
    assert got["currentSpeed"].accepted
    assert not got["operator"].accepted and not any(r.needs_review for r in got["operator"].reasons)


@pytest.mark.parametrize("head, answers", [
    ("Ludwig van Beethoven", [("birthYear", Literal("1770", datatype=XSD.gYear)), ("composed", Literal("Fidelio"))]),
    ("Pfizer", [("founder", "Charles Pfizer"), ("founder", "Charles F. Erhart")]),
])
def test_classes_that_are_not_disjoint_are_not_contested(validator, head, answers):
    """A composer is a person (music, people's names with particles); a company's two founders
    (pharmacology, companies): nothing is held."""
    cands = [said(head, r, t) for r, t in answers]
    assert all(v.accepted for v in validator.validate(cands))


def test_an_object_of_two_disjoint_ranges_waits_too(validator):
    """'Texas A&M University' as an operator (an organisation) and as a founder (a person) in one
    batch, once each: neither wins."""
    got = verdicts(validator, [said("JOIDES Resolution", "operator", "Texas A&M University"),
                               said("Ocean Drilling Program", "founder", "Texas A&M University")])
    assert held(got["operator"]) and held(got["founder"]), got
