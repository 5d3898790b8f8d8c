"""Places written with where they lie, and descriptions written where a name is asked: what a chat
answer gives of a crop's region of origin, a coin's mint and issuer, a person's place of death."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion

_ONTOLOGY = """@prefix : <http://example.org/field#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:Crop a owl:Class ; rdfs:label "crop" .
:Region a owl:Class ; rdfs:label "region" .
:Place a owl:Class ; rdfs:label "place" .
:City a owl:Class ; rdfs:label "city" .
:Country a owl:Class ; rdfs:label "country" .
:Mint a owl:Class ; rdfs:label "mint" .
:Person a owl:Class ; rdfs:label "person" .
:Pest a owl:Class ; rdfs:label "pest or disease" .
:Institution a owl:Class ; rdfs:label "institution" .
:originRegion a owl:ObjectProperty ; rdfs:label "region of origin" ; rdfs:domain :Crop ; rdfs:range :Region .
:partOf a owl:ObjectProperty, owl:TransitiveProperty ; rdfs:label "lies in" ; rdfs:domain :Region ; rdfs:range :Region .
:struckAt a owl:ObjectProperty ; rdfs:label "mint" ; rdfs:domain :Crop ; rdfs:range :Mint .
:issuedBy a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "issuing country" ; rdfs:domain :Crop ; rdfs:range :Country .
:designedBy a owl:ObjectProperty ; rdfs:label "designer" ; rdfs:domain :Crop ; rdfs:range :Person .
:majorPest a owl:ObjectProperty ; rdfs:label "major pest or disease" ; rdfs:domain :Crop ; rdfs:range :Pest .
:bredBy a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "breeding institution" ; rdfs:domain :Crop ; rdfs:range :Institution .
:diedIn a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "place of death" ; rdfs:domain :Person ; rdfs:range :Place .
"""
_REFERENCE = """@prefix : <http://example.org/field#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
res:philadelphia_mint a :Mint ; rdfs:label "Philadelphia Mint" .
res:denver_mint a :Mint ; rdfs:label "Denver Mint" .
res:royal_canadian_mint a :Mint ; rdfs:label "Royal Canadian Mint" .
res:united_kingdom a :Country ; rdfs:label "United Kingdom" .
res:united_states a :Country ; rdfs:label "United States" .
res:luc_luycx a :Person ; rdfs:label "Luc Luycx" .
res:john_flanagan a :Person ; rdfs:label "John Flanagan" .
res:fall_armyworm a :Pest ; rdfs:label "Fall armyworm" .
res:brown_planthopper a :Pest ; rdfs:label "Brown planthopper" .
"""
_RELATIONS = """[domain]
name = "field"
prefix = "fd"
namespace = "http://example.org/field#"
description = "Crops, coins and people: a test double of users' domains."
""" + "".join(
    f'\n[relations.{name}]\nprompt = "What is the {words} of {{head}}?"\nverbalization = "{{head}} {words} {{tail}}"\n'
    for name, words in (("originRegion", "region of origin"), ("partOf", "region"), ("struckAt", "mint"), ("issuedBy", "issuer"),
                        ("designedBy", "designer"), ("majorPest", "major pest"), ("bredBy", "breeder"), ("diedIn", "place of death"))
)


@pytest.fixture(scope="module")
def field(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """A user's domain of crops, coins and people, as `kg domain new` writes one."""
    folder: Path = tmp_path_factory.mktemp("domain") / "field"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(_ONTOLOGY, encoding="utf-8")
    (folder / "relations.toml").write_text(_RELATIONS, encoding="utf-8")
    (folder / "reference.ttl").write_text(_REFERENCE, encoding="utf-8")
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    return load_domain(folder)


def _read(domain: Domain, head: str, relation: str, written: str) -> list[tuple[str, str | None]]:
    """(name, note) of each candidate a chat answer gives; ("unreadable", reason) of each refusal."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [(str(r.object_label), r.rationale) if isinstance(r, Candidate) else ("unreadable", r.reason) for r in out]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("originRegion", "Clay County, West Virginia, USA", [("Clay County", "West Virginia, USA")]),
    ("originRegion", "1. Santa Rosa, California", [("Santa Rosa", "California")]),
    ("originRegion", "Yangtze River valley, China", [("Yangtze River valley", "China")]),
    ("originRegion", "Spain, Portugal, France", [("Spain", None), ("Portugal", None), ("France", None)]),  # lists
    ("originRegion", "Texas, Oklahoma", [("Texas", None), ("Oklahoma", None)]),
    ("partOf", "Bavaria, Germany", [("Bavaria", None), ("Germany", None)]),  # where a region lies: each region an answer
])
def test_a_place_with_the_regions_it_lies_in_is_one_region_of_origin(field: Domain, relation: str, written: str,
                                                                     read: list[tuple[str, str | None]]) -> None:
    """An agronomist's region of origin of a cultivar 'Clay County, West Virginia, USA' gave three regions, 'Santa Rosa,
    California' two: a range of regions took each part after a comma for an answer, as it takes the regions a place lies in.
    Where the head is no place (a crop) and the relation not transitive, a place and the larger regions it lies in are
    one answer, the rest its note; regions listed ('Spain, Portugal, France', 'Texas, Oklahoma') and a region's own
    regions (a transitive 'lies in') are each an answer still."""
    assert _read(field, "Golden Delicious", relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("struckAt", "Royal Canadian Mint, Ottawa", [("Royal Canadian Mint", "Ottawa")]),
    ("struckAt", "Fábrica Nacional de Moneda y Timbre (FNMT), Madrid", [("Fábrica Nacional de Moneda y Timbre", "FNMT; Madrid")]),  # the bracket's other name first (gl)
    ("struckAt", "Royal Mint, Perth Mint", [("Royal Mint", None), ("Perth Mint", None)]),  # two mints
    ("struckAt", "Parlophone, Capitol", [("Parlophone", None), ("Capitol", None)]),  # no kind named: a list
    ("designedBy", "Luc Luycx, Belgium", [("Luc Luycx", None), ("Belgium", None)]),  # no organisation: read as before
    ("struckAt", "Philadelphia, Denver, and San Francisco Mints", [("Philadelphia Mint", None), ("Denver Mint", None), ("San Francisco Mint", None)]),
    ("struckAt", "Philadelphia and Denver Mints", [("Philadelphia Mint", None), ("Denver Mint", None)]),
])
def test_a_place_after_an_organisation_is_its_note(field: Domain, relation: str, written: str, read: list[tuple[str, str | None]]) -> None:
    """A numismatist's mints of the Gold Maple Leaf 'Royal Canadian Mint, Ottawa' gave a mint 'Ottawa', 'Fábrica Nacional de
    Moneda y Timbre (FNMT), Madrid' a mint 'Madrid': a range of no places took the place after the comma for a second
    answer. A thing that says it is one of the range (its kind's word, its initials, a known one) and one to three
    capitalised words after its comma, none of the range's words, is the thing, the place its note; 'Royal Mint, Perth
    Mint' lists two. 'Philadelphia, Denver, and San Francisco Mints' gave a 'San Francisco Mints': the plural class
    word is each name's."""
    assert _read(field, "Gold Maple Leaf", relation, written) == read


def test_a_bracketed_place_is_no_alias_of_an_organisation(field: Domain) -> None:
    """'Royal Dutch Mint (Utrecht)' stored Utrecht as another name of the mint (skos:altLabel): 'Utrecht' was taken for a
    spelling of the name's word 'Dutch' (two letters and two alike). A word is akin to a name's only with three letters
    or more in one run; 'Cronus (Kronos)' and 'Burj Khalifa (Burj Dubai)' are aliases still, 'Eiffel Tower (Paris)' none."""
    normalizer = Extractor(field).normalizer
    assert not normalizer.glossed("Royal Dutch Mint", "Utrecht")
    assert not normalizer.glossed("Eiffel Tower", "Paris")
    assert normalizer.glossed("Cronus", "Kronos") and normalizer.glossed("Burj Khalifa", "Burj Dubai")
    assert normalizer.glossed("Jupiter", "Iuppiter") and normalizer.glossed("Luiz Inácio Lula da Silva", "Lula")


@pytest.mark.parametrize(("written", "read"), [
    ("Freiburg im Breisgau, West Germany", [("Freiburg im Breisgau", "West Germany")]),
    ("Freiburg im Breisgau", [("Freiburg im Breisgau", None)]),
    ("Frankfurt am Main", [("Frankfurt am Main", None)]),
    ("Halle an der Saale", [("Halle an der Saale", None)]),
    ("Kingston upon Hull", [("Kingston upon Hull", None)]),
    ("Rio de Janeiro, Brazil", [("Rio de Janeiro", "Brazil")]),
    ("Boulogne-sur-Mer, France", [("Boulogne-sur-Mer", "France")]),
])
def test_a_place_whose_name_a_particle_joins_is_one_place(field: Domain, written: str, read: list[tuple[str, str | None]]) -> None:
    """A philosopher's place of death 'Freiburg im Breisgau, West Germany' gave Freiburg and a place 'm': spaCy parsed
    'im' as "I'm", the name as a sentence. Capitalised words a place's particle joins (im, am, an der, upon, sur, de) are
    one name, and the country after the comma its note."""
    assert _read(field, "Martin Heidegger", "diedIn", written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("issuedBy", "Eurozone member states (issued nationally; e.g. Germany, France)", ["a description"]),
    ("designedBy", "1. Luc Luycx (common side)\n2. National designers for the national side", ["Luc Luycx", "a description"]),
    ("issuedBy", "United States", ["United States"]),
    ("issuedBy", "Low Countries", ["Low Countries"]),  # capitalised: a name
    ("majorPest", "Stem borers", ["Stem borers"]),  # a class the reference names in sentence case
    ("designedBy", "John Flanagan", ["John Flanagan"]),
])
def test_a_lower_case_plural_phrase_is_a_description(field: Domain, relation: str, written: str, read: list[str]) -> None:
    """A numismatist's issuer of the 1 euro coin 'Eurozone member states (issued nationally; ...)' stored a country
    'Eurozone member states', its designers '2. National designers for the national side' a person: a lower-case
    phrase of a plural common noun describes who, and names none, where the reference names the range's things with
    capitals (countries, people); a name ('Low Countries') or a class named in sentence case (pests) reads as before."""
    prompt = Prompt.make("p", "list", head="1 euro coin", relation=relation)
    out = Extractor(field).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    assert [str(r.object_label) if isinstance(r, Candidate) else r.reason.split(" (")[0] for r in out] == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("majorPest", "1. Susceptible to rice blast", [("rice blast", None)]),
    ("majorPest", "Highly susceptible to brown planthopper", [("brown planthopper", None)]),
    ("majorPest", "Resistant to rice blast", [("Resistant to rice blast", None)]),  # the opposite: no lead-in read off
    ("designedBy", "Susceptible to Criticism", [("unreadable", "a phrase ('to'), not a name: 'Susceptible to Criticism'")]),  # no pests: as before
    ("bredBy", "Gonjiro Inazuka at the Iwate Prefecture Agricultural Experiment Station, Japan",
     [("Iwate Prefecture Agricultural Experiment Station", "Gonjiro Inazuka; Japan")]),
    ("bredBy", "Night at the Museum", [("Night at the Museum", None)]),
    ("bredBy", "Breakfast at Tiffany's", [("Breakfast at Tiffany's", None)]),
    ("bredBy", "Orville Vogel of Washington State University", [("Orville Vogel of Washington State University", None)]),
])
def test_what_a_phrase_says_around_the_answer_is_read_off(field: Domain, relation: str, written: str, read: list[tuple[str, str | None]]) -> None:
    """An agronomist's major pest of IR8 'Susceptible to bacterial blight and tungro virus' stored one entity of that name;
    the breeding institution of Norin 10 'Gonjiro Inazuka at the Iwate Prefecture Agricultural Experiment Station, Japan'
    one institution of the whole phrase. 'Susceptible to' before what afflicts the head is read off of a relation of pests
    or diseases (never 'Resistant to', nor of another relation); a person 'at' an organisation whose last word says it is
    one (Station, Institute, University) is that organisation, the person and where it lies its note."""
    assert _read(field, "IR8", relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("majorPest", "Susceptible to bacterial blight and tungro virus", [("bacterial blight", None), ("tungro virus", None)]),
    ("majorPest", "Brown planthopper and bacterial blight", [("Brown planthopper", None), ("bacterial blight", None)]),
    ("majorPest", "aphids and whiteflies", [("aphids", None), ("whiteflies", None)]),
    ("majorPest", "foot and mouth disease", [("foot and mouth disease", None)]),  # one disease: its first side one singular word
    ("majorPest", "salt and pepper", [("salt and pepper", None)]),
    ("majorPest", "rock and roll", [("rock and roll", None)]),
    ("majorPest", "research and development", [("research and development", None)]),
    ("bredBy", "fire and rescue services", [("fire and rescue services", None)]),
    ("bredBy", "crop science and plant breeding", [("crop science and plant breeding", None)]),  # no pests: one answer
])
def test_two_pests_joined_by_and_are_two_answers(field: Domain, relation: str, written: str, read: list[tuple[str, str | None]]) -> None:
    """An agronomist's major pests of IR8 'Susceptible to bacterial blight and tungro virus' stored one pest 'bacterial blight
    and tungro virus'. Of a relation of pests or diseases, two lower-case names joined by "and", each of two words or more
    or one plural word, are two answers; 'foot and mouth disease' (a disease), 'salt and pepper', 'rock and roll' and
    'research and development' stay one, and so does any phrase of a relation of no pests."""
    assert _read(field, "IR8", relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("struckAt", "1. Royal Canadian Mint, Ottawa\n2. Royal Mint, Llantrisant", [("Royal Canadian Mint", "Ottawa"), ("Royal Mint", "Llantrisant")]),
    ("struckAt", "- Royal Canadian Mint, Ottawa\n- Philadelphia Mint", [("Royal Canadian Mint", "Ottawa"), ("Philadelphia Mint", None)]),
    ("struckAt", "1. Royal Mint, Perth Mint\n2. Denver Mint", [("Royal Mint", None), ("Perth Mint", None), ("Denver Mint", None)]),  # two mints
    ("struckAt", "1. Denver Mint, Philadelphia Mint\n2. Royal Mint", [("Denver Mint", None), ("Philadelphia Mint", None), ("Royal Mint", None)]),
    ("struckAt", "1. Parlophone, Capitol\n2. Denver Mint", [("Parlophone", None), ("Capitol", None), ("Denver Mint", None)]),  # no kind
])
def test_a_numbered_organisation_with_its_place_is_one_answer(field: Domain, relation: str, written: str,
                                                              read: list[tuple[str, str | None]]) -> None:
    """A numismatist's mints '1. Royal Canadian Mint, Ottawa\\n2. Royal Mint, Llantrisant' gave mints 'Ottawa' and 'Llantrisant':
    the rule that reads 'Royal Canadian Mint, Ottawa' as one mint, the place its note, held for a bare line only. A marked
    item is read so too; two organisations ('Royal Mint, Perth Mint', 'Denver Mint, Philadelphia Mint') and names of
    no kind ('Parlophone, Capitol') are each an answer still."""
    assert _read(field, "Gold Maple Leaf", relation, written) == read
