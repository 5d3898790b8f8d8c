"""``x p x`` of a property not declared reflexive: the reference graph holds "photon antiparticle
photon", and owl:ReflexiveProperty would make every particle its own antiparticle, yet "neutral
pion antiparticle neutral pion" was rejected even from ``kg ingest --trusted``. A trusted row or
the reference's own fact goes in; a teacher's answer of a symmetric property waits for review;
an irreflexive, an asymmetric or a plain property still turns it away."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.records import Candidate, Verdict
from kg.validate import Validator
from tests.conftest import domain_folder

PH = "https://example.org/phys#"

ONTOLOGY = f"""
@prefix ph: <{PH}> . @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ph:Particle a owl:Class ; rdfs:label "particle" .
ph:Country a owl:Class ; rdfs:label "country" .
ph:Person a owl:Class ; rdfs:label "person" .
ph:antiparticle a owl:ObjectProperty, owl:SymmetricProperty ; rdfs:label "antiparticle" ; rdfs:domain ph:Particle ; rdfs:range ph:Particle .
ph:borders a owl:ObjectProperty, owl:SymmetricProperty, owl:IrreflexiveProperty ; rdfs:label "borders" ;
    rdfs:domain ph:Country ; rdfs:range ph:Country .
ph:parent a owl:ObjectProperty ; rdfs:label "parent" ; rdfs:domain ph:Person ; rdfs:range ph:Person .
ph:relativeOf a owl:ObjectProperty, owl:SymmetricProperty, owl:TransitiveProperty ; rdfs:label "relative of" ;
    rdfs:domain ph:Person ; rdfs:range ph:Person .
"""

REFERENCE = f"""
@prefix ph: <{PH}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix res: <https://w3id.org/kgdistill/resource/> .
res:photon a ph:Particle ; rdfs:label "photon" ; ph:antiparticle res:photon .
res:electron a ph:Particle ; rdfs:label "electron" ; ph:antiparticle res:positron .
res:positron a ph:Particle ; rdfs:label "positron" .
"""

RELATIONS = f"""
[domain]
name = "phys"
prefix = "ph"
namespace = "{PH}"
""" + "".join(f'\n[relations.{r}]\nprompt = "What is the {r} of {{head}}?"\nverbalization = "{{head}} {r} {{tail}}"\n'
              for r in ("antiparticle", "borders", "parent", "relativeOf"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory):
    return domain_folder(tmp_path_factory.mktemp("phys"), ontology=ONTOLOGY, reference=REFERENCE, relations=RELATIONS)


def judged(folder, name: str, relation: str, *, trusted: bool = False) -> Verdict:
    validator = Validator(load_domain(folder))
    validator.trusted = trusted
    [v] = validator.validate([Candidate(mint_iri(name), URIRef(PH + relation), mint_iri(name), subject_label=name, object_label=name)])
    return v


def test_the_reference_graphs_own_self_loop_goes_in(folder):
    assert judged(folder, "photon", "antiparticle").accepted


def test_a_trusted_rows_self_loop_goes_in(folder):
    assert judged(folder, "neutral pion", "antiparticle", trusted=True).accepted


def test_a_teachers_self_loop_of_a_symmetric_property_waits_for_review(folder):
    v = judged(folder, "neutral pion", "antiparticle")
    assert not v.accepted and [(r.check, r.needs_review) for r in v.reasons] == [("self-loop", True)], v.reasons


@pytest.mark.parametrize("name, relation, trusted", [
    ("France", "borders", False), ("France", "borders", True),  # irreflexive: never, trusted or not
    ("Zeus", "parent", False),  # not symmetric: turned away, not held
    ("Johann Sebastian Bach", "relativeOf", False),  # symmetric and transitive: a relative is another
])
def test_other_self_loops_are_still_turned_away(folder, name, relation, trusted):
    v = judged(folder, name, relation, trusted=trusted)
    assert not v.accepted and not any(r.needs_review for r in v.reasons), v.reasons
