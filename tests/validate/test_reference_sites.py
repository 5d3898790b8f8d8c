"""A functional place relation answered with a building or site of the reference's place ("Tower of
London" where the reference holds London): a more specific place, held for review, not refuted."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.records import Candidate
from kg.validate import Validator
from tests.conftest import domain_folder

GEN = "https://example.org/genealogy#"

ONTOLOGY = """
@prefix gen: <https://example.org/genealogy#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
gen:Person a owl:Class ; rdfs:label "person" .
gen:Place a owl:Class ; rdfs:label "place" .
gen:deathPlace a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "death place" ;
    rdfs:domain gen:Person ; rdfs:range gen:Place .
"""

REFERENCE = """
@prefix gen: <https://example.org/genealogy#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
res:anne_boleyn a gen:Person ; rdfs:label "Anne Boleyn" ; gen:deathPlace res:london .
res:louis_xiv a gen:Person ; rdfs:label "Louis XIV" ; gen:deathPlace res:versailles .
res:louis_xiii a gen:Person ; rdfs:label "Louis XIII" ; gen:deathPlace res:saint_germain_en_laye .
res:henry_viii a gen:Person ; rdfs:label "Henry VIII" ; gen:deathPlace res:greenwich .
res:charles_the_bold a gen:Person ; rdfs:label "Charles the Bold" ; gen:deathPlace res:nancy .
res:someone a gen:Person ; rdfs:label "Someone" ; gen:deathPlace res:york .
res:a_texan a gen:Person ; rdfs:label "A Texan" ; gen:deathPlace res:paris .
res:london a gen:Place ; rdfs:label "London" .
res:versailles a gen:Place ; rdfs:label "Versailles" .
res:saint_germain_en_laye a gen:Place ; rdfs:label "Saint-Germain-en-Laye" .
res:greenwich a gen:Place ; rdfs:label "Greenwich" .
res:nancy a gen:Place ; rdfs:label "Nancy" .
res:york a gen:Place ; rdfs:label "York" .
res:paris a gen:Place ; rdfs:label "Paris" .
"""

RELATIONS = """
[domain]
name = "genealogy"
prefix = "gen"
namespace = "https://example.org/genealogy#"

[relations.deathPlace]
prompt = "Where did {head} die?"
verbalization = "{head} died in {tail}"
"""


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> Validator:
    folder = domain_folder(tmp_path_factory.mktemp("genealogy"), ontology=ONTOLOGY, reference=REFERENCE, relations=RELATIONS)
    return Validator(load_domain(folder))


def died_in(validator: Validator, person: str, place: str):
    [verdict] = validator.validate([Candidate(mint_iri(person), URIRef(GEN + "deathPlace"), mint_iri(place),
                                              subject_label=person, object_label=place)])
    return verdict


@pytest.mark.parametrize("person, place", [
    ("Anne Boleyn", "Tower of London"),
    ("Louis XIV", "Palace of Versailles"),
    ("Louis XIII", "Château de Saint-Germain-en-Laye"),
    ("Henry VIII", "Greenwich Palace"),
])
def test_a_site_of_the_reference_place_is_held_for_review_not_refuted(validator, person, place):
    """These four were rejected as contradicting the reference (London, Versailles...)."""
    v = died_in(validator, person, place)
    assert not v.accepted and [r.check for r in v.reasons] == ["reference"], v
    assert v.reasons[0].needs_review and "more specific place" in v.reasons[0].message, v.reasons
    assert v.reference == "unknown"


@pytest.mark.parametrize("person, place", [
    ("Someone", "New York"),  # York's name inside another place's: no site word
    ("Someone", "New York Hospital"),  # a site of New York, not of York
    ("A Texan", "Paris, Texas"),
    ("Charles the Bold", "Battle of Nancy"),  # an event, no building
    ("Anne Boleyn", "Paris"),
])
def test_another_place_still_contradicts_the_reference(validator, person, place):
    v = died_in(validator, person, place)
    assert not v.accepted and not v.reasons[0].needs_review and v.reference == "contradicted", v


def test_the_reference_place_itself_is_confirmed(validator):
    v = died_in(validator, "Anne Boleyn", "London")
    assert v.accepted and v.reference == "confirmed", v
