"""Tiny ontologies and stores built in the tests themselves."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from rdflib import Graph, Namespace

from kg.store import init_store

EX = Namespace("http://example.org/onto#")
R = Namespace("http://example.org/res/")

ONTOLOGY = """
@prefix ex: <http://example.org/onto#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:Place a owl:Class .
ex:City a owl:Class ; rdfs:subClassOf ex:Place ; rdfs:label "city" .
ex:Country a owl:Class ; rdfs:subClassOf ex:Place ; rdfs:label "country" .
ex:Town a owl:Class ; owl:equivalentClass ex:City .
ex:City owl:disjointWith ex:Country .

ex:capitalOf a owl:ObjectProperty, owl:FunctionalProperty ;
    rdfs:domain ex:City ; rdfs:range ex:Country ; rdfs:subPropertyOf ex:locatedIn .
ex:hasCapital a owl:ObjectProperty ; owl:inverseOf ex:capitalOf .
ex:locatedIn a owl:ObjectProperty, owl:TransitiveProperty ; rdfs:range ex:Place .
ex:within a owl:ObjectProperty ; owl:equivalentProperty ex:locatedIn .
ex:borders a owl:ObjectProperty, owl:SymmetricProperty, owl:IrreflexiveProperty ;
    rdfs:domain ex:Country ; rdfs:range ex:Country .
ex:onContinent a owl:ObjectProperty .
ex:population a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:nonNegativeInteger .

ex:isBefore a owl:ObjectProperty, owl:AsymmetricProperty .
ex:isAfter a owl:ObjectProperty, owl:AsymmetricProperty ; owl:inverseOf ex:isBefore .
ex:Desires a owl:ObjectProperty ; owl:propertyDisjointWith ex:NotDesires .
ex:NotDesires a owl:ObjectProperty .
"""

RULE = """
PREFIX ex: <http://example.org/onto#>
CONSTRUCT { ?city ex:onContinent ?k }
WHERE { ?city a ex:City ; ex:locatedIn ?c . ?c a ex:Country ; ex:onContinent ?k . }
"""


def make_domain(tmp: Path, ontology: str = ONTOLOGY, rules: dict[str, str] | None = None) -> SimpleNamespace:
    """A stand-in for kg.ontology.Domain with the two attributes the reasoners read."""
    g = Graph()
    g.parse(data=ontology, format="turtle")
    rules_dir = None
    if rules is not None:
        rules_dir = tmp / "rules"
        rules_dir.mkdir(exist_ok=True)
        for name, text in rules.items():
            (rules_dir / f"{name}.rq").write_text(text)
    return SimpleNamespace(name="test", ontology=g, rules_dir=rules_dir)


@pytest.fixture
def domain(tmp_path: Path) -> SimpleNamespace:
    return make_domain(tmp_path, rules={"city_continent": RULE})


@pytest.fixture
def store(tmp_path: Path):
    st = init_store(tmp_path / "store")
    yield st
    st.close()
