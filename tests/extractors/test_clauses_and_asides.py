"""Clauses, asides and glosses after a chat answer that are no value of their own: a bracket with
a bracket inside it, ", like all quartz", a remark after a semicolon, "since 1940", a figure of a
part ("in Puerto Rico"), and the short lists a text relation of several values gives."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from tests.extractors.measured import read_chat

_ONTOLOGY = """@prefix ge: <https://example.org/gems#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://example.org/gems> a owl:Ontology ; rdfs:label "gems, wines and storms" .
ge:Thing a owl:Class ; rdfs:label "thing" .
ge:Status a owl:Class ; rdfs:label "status" .
ge:System a owl:Class ; rdfs:label "crystal system" .
ge:Colour a owl:Class ; rdfs:label "berry colour" .
ge:City a owl:Class ; rdfs:label "city" .
[] a owl:AllDisjointClasses ; owl:members ( ge:Thing ge:Status ge:System ge:Colour ge:City ) .
ge:status a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "IMA status" ; rdfs:domain ge:Thing ; rdfs:range ge:Status .
ge:crystalSystem a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "crystal system" ; rdfs:domain ge:Thing ; rdfs:range ge:System .
ge:berryColour a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "berry colour" ; rdfs:domain ge:Thing ; rdfs:range ge:Colour .
ge:capital a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "capital" ; rdfs:domain ge:Thing ; rdfs:range ge:City .
ge:appellationStatus a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "appellation status" ; rdfs:domain ge:Thing ; rdfs:range xsd:string .
ge:motto a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "motto" ; rdfs:domain ge:Thing ; rdfs:range xsd:string .
ge:chemicalFormula a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "chemical formula" ; rdfs:domain ge:Thing ; rdfs:range xsd:string .
ge:colour a owl:DatatypeProperty ; rdfs:label "colour" ; rdfs:domain ge:Thing ; rdfs:range xsd:string .
ge:fatalities a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "number of fatalities" ; rdfs:domain ge:Thing ; rdfs:range xsd:integer .
"""

_RELATIONS = {
    "status": "IMA status", "crystalSystem": "crystal system", "berryColour": "berry colour", "capital": "capital",
    "appellationStatus": "appellation status", "motto": "motto", "chemicalFormula": "chemical formula", "colour": "colour",
    "fatalities": "number of fatalities",
}


@pytest.fixture(scope="module")
def gems(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """A user's domain of several fields made with ``kg domain new``: a mineral's IMA status and
    crystal system (closed classes, one answer), a grape's berry colour, a country's capital, an
    appellation's status and a country's motto (one short text), a formula, a mineral's colours (a
    text of several answers) and a storm's fatalities (a whole number); no reference."""
    folder = tmp_path_factory.mktemp("gems") / "domain"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(_ONTOLOGY)
    toml = '[domain]\nname = "gems"\nprefix = "ge"\nnamespace = "https://example.org/gems#"\ndescription = "gems, wines and storms"\n'
    for name, words in _RELATIONS.items():
        toml += f'\n[relations.{name}]\nprompt = "What is the {words} of {{head}}?"\nverbalization = "{{head}} {words} {{tail}}"\nsynonyms = ["{words}"]\n'
    (folder / "relations.toml").write_text(toml)
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    return load_domain(folder)


def _read(domain: Domain, head: str, relation: str, text: str, spacy_model) -> list[str]:
    """The candidates' labels (or literal values) a chat answer gives, and each unreadable span's reason."""
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [str(r.object_label or r.object) if isinstance(r, Candidate) else f"unreadable: {r.reason}" for r in out]


@pytest.mark.parametrize(("head", "relation", "text", "expected"), [
    ("allanite", "status", "Approved (renamed allanite-(Ce) in 2006)", ["Approved"]),
    ("allanite", "status", "Approved (renamed allanite in 2006)", ["Approved"]),
    ("India", "capital", "New Delhi (renamed from Delhi (Dilli) in 1931)", ["New Delhi"]),
    ("slaked lime", "chemicalFormula", "Ca(OH)2", ["Ca(OH)2"]),
    ("malachite", "chemicalFormula", "Cu2CO3(OH)2", ["Cu2CO3(OH)2"]),
])
def test_a_bracket_with_a_bracket_inside_is_one_gloss(gems, spacy_model, head, relation, text, expected):
    assert _read(gems, head, relation, text, spacy_model) == expected


@pytest.mark.parametrize(("head", "relation", "text", "expected"), [
    ("amethyst", "crystalSystem", "Trigonal, like all quartz.", ["Trigonal"]),
    ("emerald", "crystalSystem", "Hexagonal, as in all beryl", ["Hexagonal"]),
    ("ruby", "crystalSystem", "Trigonal, as are all corundum varieties", ["Trigonal"]),
    ("Pinot Gris", "berryColour", "Grey, unlike Pinot Noir", ["Grey"]),
])
def test_a_likeness_after_the_answer_is_its_aside(gems, spacy_model, head, relation, text, expected):
    assert _read(gems, head, relation, text, spacy_model) == expected


@pytest.mark.parametrize(("head", "relation", "text", "expected"), [
    ("Madonna", "composed", "Vogue, Like a Prayer", ["Vogue", "Like a Prayer"]),  # a title that opens with "Like"
    ("Antonín Dvořák", "playedInstrument", "viola, as well as organ", 2),  # more, no likeness: not dropped
])
def test_a_likeness_rule_keeps_titles_and_more_items(music, spacy_model, head, relation, text, expected):
    labels = read_chat(music, head, relation, text, spacy_model)[0]
    assert (len(labels) if isinstance(expected, int) else sorted(labels)) == (expected if isinstance(expected, int) else sorted(expected))


@pytest.mark.parametrize(("head", "relation", "text", "expected"), [
    ("Grenache", "berryColour", "Red (Grenache Noir); white and grey mutations also exist", ["Red"]),
    ("Pinot Noir", "berryColour", "Red; paler clones occur", ["Red"]),
])
def test_a_sentence_after_a_semicolon_is_a_remark(gems, spacy_model, head, relation, text, expected):
    assert _read(gems, head, relation, text, spacy_model) == expected


@pytest.mark.parametrize(("head", "relation", "text", "expected"), [
    ("Lisinopril", "sideEffect", "Dry cough; blood pressure drops", ["Dry cough", "blood pressure drops"]),  # a name the parser reads with a verb
    ("Imatinib", "treats", "Gastrointestinal stromal tumour; chronic myeloid leukemia", ["Gastrointestinal stromal tumour", "chronic myeloid leukemia"]),
])
def test_a_remark_rule_keeps_names_the_parser_reads_as_sentences(medicine, spacy_model, head, relation, text, expected):
    assert sorted(read_chat(medicine, head, relation, text, spacy_model)[0]) == sorted(expected)


@pytest.mark.parametrize(("head", "relation", "text", "expected"), [
    ("Chablis", "appellationStatus", "AOC since 1940", ["AOC"]),
    ("Barolo", "appellationStatus", "DOCG (since 1980)", ["DOCG"]),
    ("Vino Nobile di Montepulciano", "appellationStatus", "DOCG as of 1980.", ["DOCG"]),
    ("allanite", "status", "Approved since 1962", ["Approved"]),
    ("Germany", "capital", "Berlin, since 1990", ["Berlin"]),
])
def test_a_year_from_which_the_answer_holds_is_its_gloss(gems, spacy_model, head, relation, text, expected):
    assert _read(gems, head, relation, text, spacy_model) == expected


def test_a_since_rule_keeps_titles_mottos_and_sentences(music, gems, spacy_model):
    assert read_chat(music, "Antonín Dvořák", "composed", "Letters from 1945", spacy_model)[0] == ["Letters from 1945"]  # a work's title
    assert _read(gems, "France", "motto", "Liberté, égalité, fraternité since 1848", spacy_model) == ["Liberté, égalité, fraternité"]  # one motto
    assert _read(gems, "Italy", "appellationStatus", "It became a DOCG from 1980 onwards", spacy_model) != ["It became a DOCG"]  # a sentence


@pytest.mark.parametrize(("text", "part"), [
    ("2975 (in Puerto Rico)", "in Puerto Rico"),
    ("6,300 (officially 6,352 in the Philippines)", "officially 6,352 in the Philippines"),
    ("1392 (in Louisiana and Mississippi)", "in Louisiana and Mississippi"),
])
def test_a_count_of_a_part_is_no_count_of_the_whole(gems, spacy_model, text, part):
    assert _read(gems, "Hurricane Maria", "fatalities", text, spacy_model) == [f"unreadable: a figure of a part ({part}), not of the whole: {text.split(' (')[0]!r}"]


@pytest.mark.parametrize(("head", "text", "expected"), [
    ("Hurricane Maria", "2975 (in total)", "2975"),
    ("Hurricane Katrina", "1392 (in 2005)", "1392"),
    ("Hurricane Katrina", "1392 (in March)", "1392"),
    ("Hurricane Katrina", "1392 (in USD)", "1392"),
    ("Puerto Rico", "3200000 (in Puerto Rico)", "3200000"),  # the head's own place
    ("Berlin", "3645000 (in Berlin proper)", "3645000"),
    ("Spanish", "130000000 (in Spanish)", "130000000"),  # a language, no place
])
def test_a_part_rule_keeps_counts_glossed_otherwise(gems, spacy_model, head, text, expected):
    assert _read(gems, head, "fatalities", text, spacy_model) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Green (emerald), blue (aquamarine), pink (morganite), golden (heliodor), colourless (goshenite)",
     ["Green", "blue", "pink", "golden", "colourless"]),
    ("Yellow, orange, red, blue, green", ["Yellow", "orange", "red", "blue", "green"]),
    ("Azure blue / deep blue", ["Azure blue", "deep blue"]),
    ("rose-pink, red; rarely brown or grey",
     ["unreadable: hedged answer ('rarely'), not a firm fact: 'brown'", "unreadable: hedged answer ('rarely'), not a firm fact: 'grey'",
      "rose-pink", "red"]),
])
def test_a_text_relation_of_several_values_lists_short_words(gems, spacy_model, text, expected):
    assert _read(gems, "beryl", "colour", text, spacy_model) == expected


@pytest.mark.parametrize(("head", "relation", "text"), [
    ("France", "motto", "Liberty, Equality, Fraternity"),  # one value: a motto
    ("Paris", "colour", "Liberty, Equality, Fraternity"),  # of several values, still one text: names after the first
    ("fluorite", "colour", "Every color of the rainbow, really"),  # a phrase
    ("talc", "colour", "white to pale green"),
    ("Sherlock Holmes", "colour", "Baker Street, Marylebone, London"),  # an address
])
def test_a_word_list_rule_keeps_one_text_whole(gems, spacy_model, head, relation, text):
    assert _read(gems, head, relation, text, spacy_model) == [text]
