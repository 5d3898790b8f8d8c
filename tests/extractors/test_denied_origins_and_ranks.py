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
w:Place a owl:Class ; rdfs:label "place" .
w:Company a owl:Class ; rdfs:label "company" .
w:capitalOf a owl:ObjectProperty ; rdfs:label "capital of" ; rdfs:domain w:Place ; rdfs:range w:Place .
w:neighbour a owl:ObjectProperty ; rdfs:label "neighbour" ; rdfs:domain w:Place ; rdfs:range w:Place .
w:subsidiary a owl:ObjectProperty ; rdfs:label "subsidiary" ; rdfs:domain w:Company ; rdfs:range w:Company .
w:placeNamedAfter a owl:ObjectProperty ; rdfs:label "named after" ; rdfs:domain w:Place ; rdfs:range w:Person .
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

[relations.capitalOf]
prompt = "Which places complete \\"{head} capital of ___\\"? List them, one per line."
verbalization = "{head} capital of {tail}"
synonyms = ["capital of"]

[relations.neighbour]
prompt = "Which places complete \\"{head} neighbour ___\\"? List them, one per line."
verbalization = "{head} neighbour {tail}"
synonyms = ["neighbour"]

[relations.subsidiary]
prompt = "Which companies complete \\"{head} subsidiary ___\\"? List them, one per line."
verbalization = "{head} subsidiary {tail}"
synonyms = ["subsidiary"]

[relations.placeNamedAfter]
prompt = "Which persons complete \\"{head} named after ___\\"? List them, one per line."
verbalization = "{head} named after {tail}"
synonyms = ["named after"]

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


@pytest.mark.parametrize(
    ("head", "text"),
    [
        ("Nebbiolo", "Its parents are unknown, but it is a parent of several Piedmontese varieties."),
        ("Primitivo", "Primitivo is genetically identical to Zinfandel; no known parents."),
        ("Primitivo", "It is genetically identical to Zinfandel. There are no known parents."),
    ],
)
def test_no_known_parents_beside_another_clause_is_a_none_answer(wine, spacy_model, head, text) -> None:
    """'Its parents are unknown, but it is a parent of several Piedmontese varieties.' gave Nebbiolo
    the parent 'several Piedmontese varieties'; '...identical to Zinfandel; no known parents.' Zinfandel."""
    labels, unreadable, extractor = read_chat(wine, head, "parentVariety", text, spacy_model)
    assert labels == [] and unreadable == []
    assert extractor.stats.as_dict()["dropped"].get("object: none answer") == 1


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("Nebbiolo", "parentVariety", "It is a parent of several Piedmontese varieties."),
        ("YouTube", "subsidiary", "It is a subsidiary of Google."),  # Google's subsidiary, not YouTube's
    ],
)
def test_the_head_as_the_relations_noun_of_another_is_the_inverse(wine, spacy_model, head, relation, text) -> None:
    labels, unreadable, _ = read_chat(wine, head, relation, text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and "inverse" in unreadable[0]


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Paris", "capitalOf", "Paris is the capital of France.", ["France"]),  # the relation's own phrase
        ("Spain", "neighbour", "It is a neighbour of France.", ["France"]),  # holds both ways
        ("Cabernet Sauvignon", "parentVariety", "Cabernet Franc\nSauvignon Blanc", ["Cabernet Franc", "Sauvignon Blanc"]),
        ("Zinfandel", "parentVariety", "Its parent is Tribidrag.", ["Tribidrag"]),
    ],
)
def test_the_relations_own_direction_and_mutual_nouns_stay(wine, spacy_model, head, relation, text, labels) -> None:
    assert read_chat(wine, head, relation, text, spacy_model)[0] == labels


def test_a_mutation_of_a_variety_not_a_crossing_is_no_parent(wine, spacy_model) -> None:
    """'Pinot Gris is a colour mutation of Pinot Noir, not a crossing.' gave Pinot Gris the parent Pinot Noir."""
    text = "Pinot Gris is a colour mutation of Pinot Noir, not a crossing."
    labels, unreadable, _ = read_chat(wine, "Pinot Gris", "parentVariety", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and "another kind" in unreadable[0]


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Merlot", "parentVariety", "Merlot is an offspring of Cabernet Franc and Magdaleine Noire des Charentes.",
         ["Cabernet Franc", "Magdaleine Noire des Charentes"]),  # no contrast
        ("Zinfandel", "parentVariety", "Zinfandel is a parent of Primitivo, not a crossing of it.", []),  # the inverse, said
    ],
)
def test_a_kind_without_a_contrast_stays(wine, spacy_model, head, relation, text, labels) -> None:
    assert read_chat(wine, head, relation, text, spacy_model)[0] == labels


def test_a_cross_not_a_mutation_is_kept_unreadable(wine, spacy_model) -> None:
    """Which kind of origin is the relation's the words do not say: a cross's parents are kept unreadable, not stored."""
    text = "Merlot is a cross of Cabernet Franc and Magdaleine Noire des Charentes, not a mutation."
    labels, unreadable, _ = read_chat(wine, "Merlot", "parentVariety", text, spacy_model)
    assert labels == [] and len(unreadable) == 1


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("Quartz", "namedAfter", "Quartz is not named after a person; the name comes from the German 'Quarz'."),
        ("Hematite", "namedAfter", "It is not named after anyone; the name comes from the Greek word for blood."),
        ("Paris", "placeNamedAfter", "Paris is not named after a person; the name comes from the Parisii, a Gallic tribe."),
    ],
)
def test_not_named_after_a_person_is_a_none_answer(wine, spacy_model, head, relation, text) -> None:
    """'Quartz is not named after a person; the name comes from the German 'Quarz'.' gave the person 'German Quarz'."""
    labels, unreadable, extractor = read_chat(wine, head, relation, text, spacy_model)
    assert labels == [] and unreadable == []
    assert extractor.stats.as_dict()["dropped"].get("object: none answer") == 1


@pytest.mark.parametrize(
    ("head", "text", "labels"),
    [
        ("Washington, D.C.", "It is not named after Martha Washington but after George Washington.", ["George Washington"]),
        ("Sillimanite", "It is named after Benjamin Silliman.", ["Benjamin Silliman"]),
    ],
)
def test_a_denial_of_one_namesake_keeps_the_other(wine, spacy_model, head, text, labels) -> None:
    assert read_chat(wine, head, "placeNamedAfter", text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    "text",
    [
        "Not classified — the Rhône has no official classification of producers.",
        "Ribera del Duero DO producer; not part of any cru classification",
        "Unclassified",
        "Not classified.",
    ],
)
def test_a_text_saying_the_head_is_not_classified_is_a_none_answer(wine, spacy_model, text) -> None:
    """'Not classified — the Rhône has no official classification of producers.' was stored as the
    classification 'Not classified'; '...; not part of any cru classification' stored whole."""
    labels, unreadable, extractor = read_chat(wine, "Domaine Jamet", "classification", text, spacy_model)
    assert labels == [] and unreadable == []
    assert extractor.stats.as_dict()["dropped"].get("object: none answer") == 1


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Premier Grand Cru Classé", ["Premier Grand Cru Classé"]),
        ("Cru Bourgeois (not in the 1855 classification)", ["Cru Bourgeois"]),  # one ranking denied, its own class given
        ("Premier Grand Cru Classé; not part of the Saint-Émilion classification",
         ["Premier Grand Cru Classé; not part of the Saint-Émilion classification"]),  # one other denied
        ("Unclassified road", ["Unclassified road"]),  # a class's name that goes on
        ("Not Evaluated", ["Not Evaluated"]),  # another relation's word (IUCN's category of a status)
    ],
)
def test_a_class_beside_a_denial_of_another_stays(wine, spacy_model, text, labels) -> None:
    assert read_chat(wine, "Château Margaux", "classification", text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    "text",
    [
        "Known since antiquity; the name dates from 1530 (Agricola).",
        "Known since ancient times; first described scientifically in 1546 by Agricola.",
        "Used since prehistoric times (named in 1868)",
    ],
)
def test_a_year_beside_known_since_antiquity_is_no_year_of_discovery(wine, spacy_model, text) -> None:
    """'Known since antiquity; the name dates from 1530 (Agricola).' gave quartz's year of discovery 1530."""
    labels, unreadable, _ = read_chat(wine, "Quartz", "discoveryYear", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and "no year" in unreadable[0]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("1789 (by Martin Heinrich Klaproth)", ["1789"]),
        ("Discovered in 1789; its name dates from 1790.", ["1789"]),  # the clause in the relation's words
        ("Inhabited since antiquity; discovered in 1922", ["1922"]),  # another verb than knowing it
    ],
)
def test_a_year_of_discovery_stays(wine, spacy_model, text, labels) -> None:
    assert read_chat(wine, "Uraninite", "discoveryYear", text, spacy_model)[0] == labels
