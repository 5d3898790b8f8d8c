"""Answers that deny the relation beside another clause, or give a value of another clause or of
the past (found by the wine, mineralogy and meteorology users' audits; a small domain of theirs
made as ``kg domain new`` writes one: grape varieties and their parents, appellations and their
grapes, wineries' classifications, minerals' namesakes and years of discovery, storms' dates)."""

from __future__ import annotations

import pytest

from kg.ontology import load_domain
from tests.extractors.measured import read_chat

_ONTOLOGY = """@prefix w: <http://example.org/wine#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://example.org/wine> a owl:Ontology ; rdfs:label "Wine, minerals and storms" .
w:GrapeVariety a owl:Class ; rdfs:label "grape variety" .
w:Appellation a owl:Class ; rdfs:label "appellation" .
w:Winery a owl:Class ; rdfs:label "winery" .
w:Mineral a owl:Class ; rdfs:label "mineral" .
w:Person a owl:Class ; rdfs:label "person" .
w:Storm a owl:Class ; rdfs:label "tropical cyclone" .
w:Film a owl:Class ; rdfs:label "film" .
w:parentVariety a owl:ObjectProperty ; rdfs:label "parent variety" ; rdfs:domain w:GrapeVariety ; rdfs:range w:GrapeVariety .
w:permittedGrape a owl:ObjectProperty ; rdfs:label "permitted grape" ; rdfs:domain w:Appellation ; rdfs:range w:GrapeVariety .
w:classification a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "classification" ; rdfs:domain w:Winery ; rdfs:range xsd:string .
w:namedAfter a owl:ObjectProperty ; rdfs:label "named after" ; rdfs:domain w:Mineral ; rdfs:range w:Person .
w:discoveryYear a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "year of discovery" ; rdfs:domain w:Mineral ; rdfs:range xsd:gYear .
w:dissipatedDate a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "dissipation date" ; rdfs:domain w:Storm ; rdfs:range xsd:date .
w:landfallDate a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "landfall date" ; rdfs:domain w:Storm ; rdfs:range xsd:date .
w:director a owl:ObjectProperty ; rdfs:label "director" ; rdfs:domain w:Film ; rdfs:range w:Person .
"""

_RELATIONS = """[domain]
name = "domain"
prefix = "w"
namespace = "http://example.org/wine#"
description = "Wine, minerals and storms"

[relations.parentVariety]
prompt = "Which grape varieties complete \\"{head} parent variety ___\\"? List them, one per line."
verbalization = "{head} parent variety {tail}"
synonyms = ["parent variety"]

[relations.permittedGrape]
prompt = "Which grape varieties complete \\"{head} permitted grape ___\\"? List them, one per line."
verbalization = "{head} permitted grape {tail}"
synonyms = ["permitted grape"]

[relations.classification]
prompt = "What completes \\"{head} classification ___\\"? Answer with one item: a short text."
verbalization = "{head} classification {tail}"
synonyms = ["classification"]

[relations.namedAfter]
prompt = "Which persons complete \\"{head} named after ___\\"? List them, one per line."
verbalization = "{head} named after {tail}"
synonyms = ["named after"]

[relations.discoveryYear]
prompt = "What completes \\"{head} year of discovery ___\\"? Answer with one item: a year."
verbalization = "{head} year of discovery {tail}"
synonyms = ["year of discovery", "discovery year"]

[relations.dissipatedDate]
prompt = "What completes \\"{head} dissipation date ___\\"? Answer with one item: a date (YYYY-MM-DD)."
verbalization = "{head} dissipation date {tail}"
synonyms = ["dissipation date", "dissipated date"]

[relations.landfallDate]
prompt = "What completes \\"{head} landfall date ___\\"? Answer with one item: a date (YYYY-MM-DD)."
verbalization = "{head} landfall date {tail}"
synonyms = ["landfall date"]

[relations.director]
prompt = "Which persons complete \\"{head} director ___\\"? List them, one per line."
verbalization = "{head} director {tail}"
synonyms = ["director", "directed by"]
"""


@pytest.fixture(scope="module")
def wine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wine") / "domain"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(_ONTOLOGY)
    (folder / "relations.toml").write_text(_RELATIONS)
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    return load_domain(folder)


def test_a_past_value_in_a_glosss_last_clause_is_quarantined(wine, spacy_model) -> None:
    """'Pinot Noir (up to 15%, until 2015)' among Beaujolais's permitted grapes was accepted."""
    labels, unreadable, _ = read_chat(wine, "Beaujolais", "permittedGrape", "1. Gamay\n2. Pinot Noir (up to 15%, until 2015)", spacy_model)
    assert labels == ["Gamay"] and len(unreadable) == 1 and "past value" in unreadable[0]


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Beaujolais", "permittedGrape", "1. Gamay\n2. Pinot Noir (up to 15%, until 2035)", ["Gamay", "Pinot Noir"]),  # not yet past
        ("Beaujolais", "permittedGrape", "1. Gamay\n2. Pinot Noir (up to 15%)", ["Gamay", "Pinot Noir"]),
        ("Barolo", "permittedGrape", "Nebbiolo (since 1966, until the 2010 revision was drafted)", ["Nebbiolo"]),
    ],
)
def test_a_share_or_a_years_words_in_a_gloss_stay(wine, spacy_model, head, relation, text, labels) -> None:
    assert read_chat(wine, head, relation, text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("dissipatedDate", "2012-10-29 (became post-tropical); dissipated November 2, 2012", ["2012-11-02"]),
        ("landfallDate", "2012-10-29 (made landfall); dissipated November 2, 2012", ["2012-10-29"]),  # the gloss is the relation's
        ("dissipatedDate", "2012-11-02 (over Ontario); became post-tropical October 29, 2012", ["2012-11-02"]),  # the figure alone
    ],
)
def test_a_date_whose_gloss_names_another_event_yields_to_the_relations_clause(wine, spacy_model, relation, text, labels) -> None:
    """'2012-10-29 (became post-tropical); dissipated November 2, 2012' gave Sandy's dissipation date 2012-10-29."""
    assert read_chat(wine, "Hurricane Sandy", relation, text, spacy_model)[0] == labels
