"""Brackets and glosses after names of the philosophy and agronomy audits: a work's original
title before its known English one, a person's other name in brackets, a work named like its
author with the author's name in another script, an institute's acronym before where it lies, a
taxon's authority after a botanical name, and the head's alias opening a sentence. Each rule is
checked against answers of other fields that it must leave as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

_ONTOLOGY = """@prefix : <http://example.org/gl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

:Philosopher a owl:Class ; rdfs:label "philosopher" .
:Place a owl:Class ; rdfs:label "place" .
:Work a owl:Class ; rdfs:label "philosophical work" .
:Party a owl:Class ; rdfs:label "party" .
:Institution a owl:Class ; rdfs:label "institution" .
:Cultivar a owl:Class ; rdfs:label "cultivar" .
:Crop a owl:Class ; rdfs:label "crop" .
:Philosopher owl:disjointWith :Place, :Work .
:Work owl:disjointWith :Place .
:bornIn a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "born in" ; rdfs:domain :Philosopher ; rdfs:range :Place .
:influencedBy a owl:ObjectProperty ; rdfs:label "influenced by" ; rdfs:domain :Philosopher ; rdfs:range :Philosopher .
:wrote a owl:ObjectProperty ; rdfs:label "wrote" ; rdfs:domain :Philosopher ; rdfs:range :Work .
:party a owl:ObjectProperty ; rdfs:label "party" ; rdfs:domain :Philosopher ; rdfs:range :Party .
:bredBy a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "breeding institution" ; rdfs:domain :Cultivar ; rdfs:range :Institution .
:botanicalName a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "botanical name" ; rdfs:domain :Crop ; rdfs:range xsd:string .
:synonym a owl:DatatypeProperty ; rdfs:label "synonym" ; rdfs:domain :Crop ; rdfs:range xsd:string .
:motto a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "motto" ; rdfs:domain :Crop ; rdfs:range xsd:string .
"""

_REFERENCE = """@prefix gl: <http://example.org/gl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .

res:laozi a gl:Philosopher ; rdfs:label "Laozi" ; skos:altLabel "Lao-tzu" .
res:zhuangzi a gl:Philosopher ; rdfs:label "Zhuangzi" .
res:averroes a gl:Philosopher ; rdfs:label "Averroes", "Ibn Rushd" .
res:immanuel_kant a gl:Philosopher ; rdfs:label "Immanuel Kant" .
res:critique_of_pure_reason a gl:Work ; rdfs:label "Critique of Pure Reason" .
res:the_lord_of_the_rings a gl:Work ; rdfs:label "The Lord of the Rings" .
res:das_rheingold a gl:Work ; rdfs:label "Das Rheingold" .
res:paris a gl:Place ; rdfs:label "Paris" .
res:democratic_party a gl:Party ; rdfs:label "Democratic Party" .
res:irri a gl:Institution ; rdfs:label "IRRI" .
res:ir8 a gl:Cultivar ; rdfs:label "IR8" ; gl:bredBy res:irri .
res:wheat a gl:Crop ; rdfs:label "Wheat" ; gl:botanicalName "Triticum aestivum" .
"""

_RELATIONS = {
    "bornIn": "Which place completes {head} born in ___? Answer with one item: its name.",
    "influencedBy": "Which philosophers complete {head} influenced by ___? List them, one per line.",
    "wrote": "Which philosophical works complete {head} wrote ___? List them, one per line.",
    "party": "Which parties complete {head} party ___? List them, one per line.",
    "bredBy": "What completes {head} breeding institution ___? Answer with one item: its name.",
    "botanicalName": "What completes {head} botanical name ___? Answer with one item: a short text.",
    "synonym": "What completes {head} synonym ___? List them, one per line.",
    "motto": "What completes {head} motto ___? Answer with one item: a short text.",
}


@pytest.fixture(scope="module")
def glossed(tmp_path_factory) -> Domain:
    """A small domain of philosophers, their works and places, and crops with their cultivars."""
    folder: Path = tmp_path_factory.mktemp("domain") / "glossed"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(_ONTOLOGY, encoding="utf-8")
    (folder / "reference.ttl").write_text(_REFERENCE, encoding="utf-8")
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    relations = ['[domain]\nname = "glossed"\nprefix = "gl"\nnamespace = "http://example.org/gl#"\n']
    for name, prompt in _RELATIONS.items():
        relations.append(f'[relations.{name}]\nprompt = "{prompt}"\nverbalization = "{{head}} {name} {{tail}}"\n')
    (folder / "relations.toml").write_text("\n".join(relations), encoding="utf-8")
    return load_domain(folder)


def _read(domain: Domain, head: str, relation: str, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(object, its label, its label's other names) of each candidate of a chat answer; ("UNREADABLE", why, ()) of each unreadable span."""
    prompt = Prompt.make(f"{head} {relation}", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    read: list[tuple[str, str, tuple[str, ...]]] = []
    for record in out:
        if isinstance(record, Candidate):
            label = record.object_label
            others = (*filter(None, [getattr(label, "written", None)]), *getattr(label, "also", ()))
            read.append((str(record.object).rsplit("/", 1)[-1], str(label) if label is not None else str(record.object), tuple(others)))
        elif isinstance(record, Unreadable):
            read.append(("UNREADABLE", record.reason, ()))
    return read


def test_an_original_title_before_its_known_english_title_is_that_work(glossed) -> None:
    """'**Kritik der reinen Vernunft** (Critique of Pure Reason)' minted kritik_der_reinen_vernunft
    beside the reference's Critique of Pure Reason: the known work, the German title an alias."""
    read = _read(glossed, "Immanuel Kant", "wrote", "- **Kritik der reinen Vernunft** (Critique of Pure Reason)")
    assert read == [("critique_of_pure_reason", "Critique of Pure Reason", ("Kritik der reinen Vernunft",))]


@pytest.mark.parametrize(("text", "iri"), [
    ("1. The Two Towers (The Lord of the Rings)", "the_two_towers"),  # a part in its whole: no other language
    ("1. Der Ring des Nibelungen (Das Rheingold)", "der_ring_des_nibelungen"),  # both German: a part, no translation
])
def test_a_known_work_in_brackets_after_a_name_in_the_same_language_stays_apart(glossed, text, iri) -> None:
    assert [r[0] for r in _read(glossed, "Immanuel Kant", "wrote", text)] == [iri]


def test_a_place_in_brackets_after_a_place_in_another_language_is_not_that_place(glossed) -> None:
    assert [r[0] for r in _read(glossed, "Immanuel Kant", "bornIn", "Île de la Cité (Paris)")] != ["paris"]


def test_a_one_word_bracket_after_a_persons_name_is_no_alias_of_them(glossed) -> None:
    """'1. Ibn Bajja (Avempace)' keeps "Avempace" as its note, not as an alias: one unknown
    capitalised word in brackets after a person's name is as often their birthplace ("Kant
    (Königsberg)") as another name of them, and a wrong alias merges two entities."""
    read = _read(glossed, "Averroes", "influencedBy", "1. Ibn Bajja (Avempace)\n2. Immanuel Kant (Königsberg)")
    assert [others for _, _, others in read] == [(), ()]


@pytest.mark.parametrize(("text", "gloss"), [
    ("1. Le Corbusier (Paris)", "Paris"),  # a known place
    ("1. Joe Biden (Democratic Party)", "Democratic Party"),  # two words, a known party
    ("1. Plotinus (Neoplatonist)", "Neoplatonist"),  # what kind of thinker
    ("1. Hegel (Germany)", "Germany"),  # a country
    ("1. Tolstoy (Russian)", "Russian"),  # a language, a people
    ("1. Henry Kissinger (Republican)", "Republican"),  # a party's member
])
def test_a_bracket_naming_something_else_after_a_persons_name_is_no_alias(glossed, text, gloss) -> None:
    read = _read(glossed, "Averroes", "influencedBy", text)
    assert all(gloss not in others for _, _, others in read)


def test_a_bracket_after_a_name_of_no_person_is_no_alias(glossed) -> None:
    """A party's range holds no people: "Labour (Corbyn)" keeps no alias Corbyn."""
    assert all("Corbyn" not in others for _, _, others in _read(glossed, "Zhuangzi", "party", "1. Labour (Corbyn)"))


def test_a_work_named_like_its_author_is_labelled_without_the_authors_other_script(glossed) -> None:
    """'1. Zhuangzi (莊子)' of Zhuangzi's works was labelled "Zhuangzi (莊子) (philosophical work)":
    the namesake's label is "Zhuangzi (philosophical work)", 莊子 its alias."""
    (read,) = _read(glossed, "Zhuangzi", "wrote", "1. Zhuangzi (莊子)")
    assert read[1:] == ("Zhuangzi (philosophical work)", ("莊子",))
    assert _read(glossed, "Zhuangzi", "wrote", "1. Zhuangzi")[0][0] == read[0]


def test_an_institutes_acronym_before_where_it_lies_is_the_known_acronym(glossed) -> None:
    """'International Rice Research Institute (IRRI), Los Baños, Philippines' of IR8's breeder was
    "International Rice Research Institute", rejected against the reference's IRRI: the place is
    a note and the bracket the known acronym, IRRI."""
    read = _read(glossed, "IR8", "bredBy", "International Rice Research Institute (IRRI), Los Baños, Philippines")
    assert [r[0] for r in read] == ["irri"]
    assert [r[0] for r in _read(glossed, "IR8", "bredBy", "IRRI (International Rice Research Institute)")] == ["irri"]


def test_a_company_and_its_city_after_a_comma_keeps_its_name(glossed) -> None:
    assert [r[0] for r in _read(glossed, "IR8", "bredBy", "Bayer AG (Germany), Leverkusen")] == ["bayer_ag"]


@pytest.mark.parametrize(("text", "value"), [
    ("Triticum aestivum L.", "Triticum aestivum"),
    ("Glycine max (L.) Merr.", "Glycine max"),
    ("Malus domestica Borkh.", "Malus domestica"),
    ("*Zea mays* L.", "Zea mays"),
    ("Zea mays L.", "Zea mays"),
    ("Coffea canephora Pierre ex A.Froehner", "Coffea canephora"),
    ("Homo sapiens Linnaeus, 1758", "Homo sapiens"),
    ("Triticum aestivum", "Triticum aestivum"),
])
def test_a_botanical_names_authority_is_its_note(glossed, text, value) -> None:
    """'Triticum aestivum L.' was rejected against the reference's "Triticum aestivum", 'Malus
    domestica Borkh.' stored as "Malus domestica Borkh": the binomial is the botanical name."""
    assert [r[0] for r in _read(glossed, "Wheat", "botanicalName", text)] == [value]


@pytest.mark.parametrize(("relation", "text", "value"), [
    ("synonym", "Pyrus malus L.", "Pyrus malus L."),  # a synonym's citation keeps its authority
    ("motto", "Carpe diem Horace.", "Carpe diem Horace"),  # no name of a taxon asked
])
def test_an_authority_stays_in_other_text_values(glossed, relation, text, value) -> None:
    assert [r[0] for r in _read(glossed, "Wheat", relation, text)] == [value]


def test_the_heads_alias_opening_a_sentence_is_its_subject(glossed) -> None:
    """'Lao-tzu was born in the State of Chu.' of Laozi's birthplace gave Lao-tzu and the State of
    Chu: Lao-tzu, the reference's alias of Laozi, is the sentence's subject, no value."""
    assert [r[0] for r in _read(glossed, "Laozi", "bornIn", "Lao-tzu was born in the State of Chu.")] == ["state_of_chu"]


def test_another_known_person_opening_a_sentence_is_still_its_answer(glossed) -> None:
    assert [r[0] for r in _read(glossed, "Zhuangzi", "influencedBy", "Laozi was a major influence.")] == ["laozi"]
