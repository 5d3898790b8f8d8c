"""Short codes and their brackets in a text relation, a trailing group of unnamed partners, two
places on either side of a slash (found by an economist's and a seismologist's audits): a credit
rating's grades on one line, each agency part of its grade, on every line alike; 'with regional
partners' no organisation; 'Marin County / Daly City area' two places. Each rule beside
counterexamples of other fields (a conservation status, a climate class, an address, a title, a
band, places whose names hold 'and' or a slash)."""

from __future__ import annotations

import pytest

from kg.ontology import load_domain
from kg.scaffold import scaffold_domain
from tests.conftest import kg_exit_code
from tests.extractors.measured import read_chat

_WORLD = """@prefix : <http://example.org/world#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/world> a owl:Ontology .
:Country a owl:Class ; rdfs:label "country" .
:Commodity a owl:Class ; rdfs:label "commodity" .
:Network a owl:Class ; rdfs:label "seismic network" .
:Organization a owl:Class ; rdfs:label "organization" .
:Earthquake a owl:Class ; rdfs:label "earthquake" .
:Place a owl:Class ; rdfs:label "place" .
:Band a owl:Class ; rdfs:label "band" .
:Festival a owl:Class ; rdfs:label "festival" .
:creditRating a owl:DatatypeProperty ; rdfs:label "sovereign credit rating" ; rdfs:domain :Country ; rdfs:range xsd:string .
:conservationStatus a owl:DatatypeProperty ; rdfs:label "conservation status" ; rdfs:domain :Country ; rdfs:range xsd:string .
:climateClass a owl:DatatypeProperty ; rdfs:label "Köppen climate class" ; rdfs:domain :Country ; rdfs:range xsd:string .
:address a owl:DatatypeProperty ; rdfs:label "address" ; rdfs:domain :Country ; rdfs:range xsd:string .
:mainExport a owl:ObjectProperty ; rdfs:label "main export" ; rdfs:domain :Country ; rdfs:range :Commodity .
:operatedBy a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:label "operated by" ; rdfs:domain :Network ; rdfs:range :Organization .
:epicentreRegion a owl:ObjectProperty ; rdfs:label "epicentre region" ; rdfs:domain :Earthquake ; rdfs:range :Place .
:headliner a owl:ObjectProperty ; rdfs:label "headliner" ; rdfs:domain :Festival ; rdfs:range :Band .
:ANSS a :Network ; rdfs:label "Advanced National Seismic System" .
:SF1906 a :Earthquake ; rdfs:label "1906 San Francisco earthquake" .
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("world")
    (folder / "ontology.ttl").write_text(_WORLD, encoding="utf-8")
    scaffold_domain(folder / "ontology.ttl", folder / "domain")
    return load_domain(folder / "domain")


def _read(world, relation: str, text: str, spacy_model, head: str = "France") -> tuple[list[str], list[str]]:
    read, unread, _ = read_chat(world, head, relation, text, spacy_model)
    return read, unread


@pytest.mark.parametrize(
    ("text", "grades"),
    [
        ("AA (S&P), Aa2 (Moody's), AA- (Fitch)", ["AA (S&P)", "Aa2 (Moody's)", "AA- (Fitch)"]),
        ("AA (S&P); Aa2 (Moody's); AA- (Fitch)", ["AA (S&P)", "Aa2 (Moody's)", "AA- (Fitch)"]),
        ("BBB- (S&P); Baa3 (Moody's)", ["BBB- (S&P)", "Baa3 (Moody's)"]),
        ("A+ / A1 / A+", ["A+", "A1"]),
    ],
)
def test_a_line_of_grades_is_each_grade(world, spacy_model, text, grades) -> None:
    """A line of short codes, each with its own bracket or each a code no prose writes, was one
    text ('AA (S&P), Aa2 (Moody's), AA- (Fitch)' stored whole): each grade, its agency part of it."""
    assert _read(world, "creditRating", text, spacy_model) == (grades, [])


@pytest.mark.parametrize(
    "text",
    ["10 Downing Street, London SW1A 2AA", "Crime and Punishment, Part 1", "A/A-1 (S&P)", "Oil (Brent), Gas (Henry Hub)",
     "AA / Aa2"],
)
def test_a_text_with_commas_or_a_slash_stays_one_value(world, spacy_model, text) -> None:
    """An address, a title, a long and a short term's grade of one agency, words with brackets, and
    two codes that might be words are one text, as before."""
    read, _ = _read(world, "address", text, spacy_model)
    assert len(read) == 1, read


@pytest.mark.parametrize(
    "text",
    ["AA+ (S&P)\nAaa (Moody's)\nAA+ (Fitch)", "- **AA+** (S&P)\n- **Aaa** (Moody's)\n- **AA+** (Fitch)", "1. AA+ (S&P)\n2. Aaa (Moody's)\n3. AA+ (Fitch)"],
)
def test_each_line_keeps_its_agency_alike(world, spacy_model, text) -> None:
    """'AA+ (S&P)' and 'AA+ (Fitch)' kept their agencies (the same grade twice) while 'Aaa
    (Moody's)' lost its own to a note, and bold grades lost theirs: every line keeps its agency."""
    assert _read(world, "creditRating", text, spacy_model) == (["AA+ (S&P)", "Aaa (Moody's)", "AA+ (Fitch)"], [])


def test_a_trusted_cell_of_grades_is_each_grade(world, tmp_path, capsys) -> None:
    """A user's cell 'AAA (S&P), Aaa (Moody's)' is two grades as a chat answer's line is."""
    rows = tmp_path / "rows.csv"
    rows.write_text('head,relation,tail\nGermany,creditRating,"AAA (S&P), Aaa (Moody\'s)"\n', encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(rows), "--domain", str(world.path), "--format", "csv")
    out = capsys.readouterr().out
    assert '""AAA (S&P)""' in out and '""Aaa (Moody\'s)""' in out


@pytest.mark.parametrize(
    ("relation", "text", "value"),
    [
        ("creditRating", "AA+ (stable outlook)", "AA+"),
        ("creditRating", "AAA (all three agencies)", "AAA"),
        ("conservationStatus", "EN (Endangered)", "EN"),
        ("conservationStatus", "LC (Least Concern)", "LC"),
        ("climateClass", "Cfb (Oceanic)", "Cfb"),
        ("climateClass", "ET (tundra)", "ET"),
    ],
)
def test_a_note_after_a_code_stays_a_note(world, spacy_model, relation, text, value) -> None:
    """A bracket that spells the code out or says something of it is a note, not part of the value."""
    assert _read(world, relation, text, spacy_model) == ([value], [])


@pytest.mark.parametrize(
    "text",
    ["United States Geological Survey (USGS), with regional partners", "United States Geological Survey, along with regional networks",
     "United States Geological Survey, among others", "United States Geological Survey, plus university partners"],
)
def test_a_trailing_group_of_others_is_no_organisation(world, spacy_model, text) -> None:
    """'..., with regional partners' gave a second operator 'with_regional_partners': the phrase
    names no one, a note on the one organisation it follows."""
    read, unread = _read(world, "operatedBy", text, spacy_model, head="Advanced National Seismic System")
    assert (read, unread) == (["United States Geological Survey"], [])


@pytest.mark.parametrize(
    ("relation", "text", "names"),
    [
        ("operatedBy", "Northrop Grumman (prime contractor), with Ball Aerospace", ["Northrop Grumman", "Ball Aerospace"]),
        ("headliner", "Simon & Garfunkel", ["Simon & Garfunkel"]),
        ("headliner", "Earth, Wind & Fire", ["Earth, Wind & Fire"]),
        ("headliner", "Crosby, Stills, Nash & Young", ["Crosby, Stills, Nash & Young"]),
    ],
)
def test_a_named_partner_and_a_band_s_name_stay(world, spacy_model, relation, text, names) -> None:
    """A partner 'with' names is a second answer, as before; a band's name with '&' is one."""
    read, _ = _read(world, relation, text, spacy_model, head="Advanced National Seismic System")
    assert read == names


@pytest.mark.parametrize("text", ["1. Marin County / Daly City area", "Marin County / Daly City area", "1. Marin County / Daly City"])
def test_places_either_side_of_a_slash_are_two(world, spacy_model, text) -> None:
    """'1. Marin County / Daly City area' was one place 'Marin County / Daly City area' (a bare
    line gave 'Daly City area'): two places, the area they share a note."""
    read, unread = _read(world, "epicentreRegion", text, spacy_model, head="1906 San Francisco earthquake")
    assert (read, unread) == (["Marin County", "Daly City"], [])



def test_places_either_side_of_a_slash_in_a_numbered_list_are_two(world, spacy_model) -> None:
    """The audit's answer: '2. Marin County / Daly City area' below '1. San Francisco' was one place."""
    read, unread = _read(world, "epicentreRegion", "1. San Francisco\n2. Marin County / Daly City area", spacy_model,
                         head="1906 San Francisco earthquake")
    assert (read, unread) == (["San Francisco", "Marin County", "Daly City"], [])
    read, _ = _read(world, "epicentreRegion", "- Kobe\n- Bosnia and Herzegovina\n- Sumatra/Andaman", spacy_model, head="1906 San Francisco earthquake")
    assert read == ["Kobe", "Bosnia and Herzegovina", "Sumatra/Andaman"]


@pytest.mark.parametrize(
    "text", ["1. Bosnia and Herzegovina", "1. Tyne and Wear", "1. Provence-Alpes-Côte d'Azur", "1. Greater Tokyo area", "1. San Francisco Bay Area"],
)
def test_a_place_s_own_name_stays_one(world, spacy_model, text) -> None:
    """A place whose name holds 'and', hyphens or 'area' is one place, as before."""
    read, _ = _read(world, "epicentreRegion", text, spacy_model, head="1906 San Francisco earthquake")
    assert read == [text[3:]]


def test_a_slash_without_spaces_stays_one_name(world, spacy_model) -> None:
    """'AC/DC' is a band's name, whole."""
    read, _ = _read(world, "headliner", "1. AC/DC", spacy_model)
    assert read == ["AC/DC"]
