"""The names a chat answer gives a meteorologist's storms and places, a mineralogist's classes and
a wine lover's appellations (found by their audits): a storm's own name is no other name of it,
"(now X)" of a known X is X; each rule with counterexamples of other fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import Domain, load_domain
from kg.records import Candidate
from tests.extractors.measured import read_chat

_ONTOLOGY = """@prefix : <https://example.org/tc#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/tc> a owl:Ontology ; rdfs:label "Storms" .
:TropicalCyclone a owl:Class ; rdfs:label "tropical cyclone"@en .
:Place a owl:Class ; rdfs:label "place"@en .
:Person a owl:Class ; rdfs:label "person"@en .
:MineralClass a owl:Class ; rdfs:label "mineral class"@en .
:Mineral a owl:Class ; rdfs:label "mineral"@en .
:affected a owl:ObjectProperty ; rdfs:domain :TropicalCyclone ; rdfs:range :Place .
:landfallAt a owl:ObjectProperty ; rdfs:domain :TropicalCyclone ; rdfs:range :Place .
:mineralClass a owl:ObjectProperty ; rdfs:domain :Mineral ; rdfs:range :MineralClass .
:alternateName a owl:DatatypeProperty ; rdfs:domain :TropicalCyclone ; rdfs:range xsd:string .
:otherNames a owl:DatatypeProperty ; rdfs:domain :Person ; rdfs:range xsd:string .
:commonName a owl:DatatypeProperty ; rdfs:domain :Mineral ; rdfs:range xsd:string .
:IMAStatus a owl:Class ; rdfs:label "IMA status"@en .
:Luster a owl:Class ; rdfs:label "luster"@en .
:Appellation a owl:Class ; rdfs:label "appellation"@en .
:WineRegion a owl:Class ; rdfs:label "wine region"@en .
:Winery a owl:Class ; rdfs:label "winery"@en .
:Genre a owl:Class ; rdfs:label "genre"@en .
:Band a owl:Class ; rdfs:label "band"@en .
[] a owl:AllDisjointClasses ; owl:members ( :Place :MineralClass :IMAStatus :Luster :Appellation :WineRegion :Winery :Genre ) .
:imaStatus a owl:ObjectProperty ; rdfs:domain :Mineral ; rdfs:range :IMAStatus .
:luster a owl:ObjectProperty ; rdfs:domain :Mineral ; rdfs:range :Luster .
:wineryInAppellation a owl:ObjectProperty ; rdfs:domain :Winery ; rdfs:range :Appellation .
:genre a owl:ObjectProperty ; rdfs:domain :Band ; rdfs:range :Genre .
"""

_REFERENCE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix : <https://example.org/tc#> .
""" + "".join(f'res:{name.casefold().replace(" ", "_")} a :{kind} ; rdfs:label "{name}" .\n' for kind, names in (
    ("Place", ("Bangladesh", "China", "Sri Lanka", "Australia", "Ireland")), ("TropicalCyclone", ("Typhoon Haiyan",)),
    ("MineralClass", ("sulfide", "sulfate", "oxide", "Honor")), ("IMAStatus", ("grandfathered", "approved")), ("Luster", ("metallic",)),
    ("Appellation", ("Pauillac", "Rías Baixas DO")), ("WineRegion", ("Rioja", "Napa Valley")), ("Genre", ("rock",)),
    ("Place", ("Mexico", "Mississippi"))) for name in names)

_RELATIONS = """[domain]
name = "storms"
prefix = "tc"
namespace = "https://example.org/tc#"
""" + "".join(
    f'\n[relations.{name}]\nprompt = "What is the {words} of {{head}}?"\nverbalization = "{{head}} {words} {{tail}}"\n'
    for name, words in (("affected", "areas affected"), ("landfallAt", "made landfall at"), ("mineralClass", "mineral class"), ("alternateName", "alternate name"),
                        ("otherNames", "other names"), ("commonName", "common name"), ("imaStatus", "IMA status"),
                        ("luster", "luster"), ("wineryInAppellation", "appellation"), ("genre", "genre"))
)


@pytest.fixture(scope="module")
def storms(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    folder: Path = tmp_path_factory.mktemp("domain") / "storms"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(_ONTOLOGY)
    (folder / "relations.toml").write_text(_RELATIONS)
    (folder / "reference.ttl").write_text(_REFERENCE)
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    return load_domain(folder)


@pytest.mark.parametrize(
    ("head", "text"),
    [("Cyclone Nargis", "Cyclone Nargis (no other name)"), ("Cyclone Idai", "Idai (no other name)"),
     ("Hurricane Patricia", "1. Hurricane Patricia"), ("Hurricane Ian", "Ian (retired 2023)"), ("Typhoon Haiyan", "Haiyan")],
)
def test_a_storms_own_name_is_no_other_name_of_it(storms, spacy_model, head: str, text: str) -> None:
    values, unread, extractor = read_chat(storms, head, "alternateName", text, spacy_model)
    assert values == [] and unread == []
    assert sum(extractor.stats.as_dict()["dropped"].values()) == 1


@pytest.mark.parametrize(
    ("head", "relation", "text", "kept"),
    [("Typhoon Haiyan", "alternateName", "Yolanda", "Yolanda"),
     ("Madonna Louise Ciccone", "otherNames", "Madonna", "Madonna"),  # a person's given name is her other name
     ("Edson Arantes do Nascimento", "otherNames", "Pelé", "Pelé"),
     ("The Coca-Cola Company", "otherNames", "Coca-Cola", "Coca-Cola"),  # a company's short name
     ("Mount Everest", "alternateName", "Everest", "Everest"),  # "Mount" says no kind of the domain's
     ("fool's gold", "commonName", "fool's gold", "fool's gold")],  # a common name is a thing's own name
)
def test_other_names_that_are_other_names_are_kept(storms, spacy_model, head: str, relation: str, text: str, kept: str) -> None:
    values, _, _ = read_chat(storms, head, relation, text, spacy_model)
    assert values == [kept]


@pytest.mark.parametrize(
    ("text", "place"),
    [("East Pakistan (now Bangladesh)", "Bangladesh"), ("Southern China", "China"),
     ("1. Ceylon (now Sri Lanka)\n2. Southern China", "Sri Lanka|China")],
)
def test_a_places_old_name_or_part_is_the_known_place_of_today(storms, spacy_model, text: str, place: str) -> None:
    values, _, _ = read_chat(storms, "Cyclone Bhola", "affected", text, spacy_model)
    assert values == place.split("|")


@pytest.mark.parametrize(
    ("relation", "text", "kept"),
    [("affected", "Bombay (now Mumbai)", "Bombay"),  # an unknown place of today: the name as written
     ("affected", "Western Sahara", "Western Sahara"), ("affected", "Northern Ireland", "Northern Ireland"),
     ("affected", "Central African Republic", "Central African Republic"), ("affected", "South Africa", "South Africa"),
     ("affected", "Königsberg (now part of China)", "Königsberg"), ("affected", "Bohemia (now Czech Republic)", "Bohemia"),
     ("affected", "Eastern Europe", "Eastern Europe"), ("affected", "Western Australia", "Western Australia"),
     ("mineralClass", "Eastern China", "Eastern China"),  # no place relation
     ("mineralClass", "sulfide (now Bangladesh)", "sulfide")],
)
def test_names_of_places_that_are_no_known_place_of_today_stay(storms, spacy_model, relation: str, text: str, kept: str) -> None:
    values, _, _ = read_chat(storms, "Cyclone Bhola", relation, text, spacy_model)
    assert values == [kept]


@pytest.mark.parametrize(
    ("relation", "text", "known"),
    [("mineralClass", "sulphide", "sulfide"), ("mineralClass", "Sulphate", "sulfate"), ("mineralClass", "Sulphides", "sulfide"),
     ("mineralClass", "Honour", "Honor")],
)
def test_a_name_spelt_the_british_or_the_american_way_is_the_known_one(storms, spacy_model, relation: str, text: str, known: str) -> None:
    values, _, _ = read_chat(storms, "galena", relation, text, spacy_model)
    assert [v.casefold() for v in values] == [known.casefold()]


@pytest.mark.parametrize("text", ["sulphite", "four", "Peter", "acre", "oxidise", "Sulphur"])
def test_a_word_spelt_otherwise_that_is_no_known_name_stays(storms, spacy_model, text: str) -> None:
    values, _, _ = read_chat(storms, "galena", "mineralClass", text, spacy_model)
    assert values == [text]


@pytest.mark.parametrize(
    ("head", "relation", "text", "known"),
    [("Château Latour", "wineryInAppellation", "Pauillac AOC", "Pauillac"),
     ("Château Latour", "wineryInAppellation", "Pauillac appellation", "Pauillac"),
     ("galena", "imaStatus", "Grandfathered mineral", "grandfathered"),
     ("galena", "luster", "Metallic lustre", "metallic"), ("Oasis", "genre", "Rock genre", "rock"),
     ("Oasis", "genre", "Rock band", "rock")],  # "a rock band": the band's own kind after its genre
)
def test_a_known_value_with_a_word_of_its_kind_after_it_is_that_value(storms, spacy_model, head: str, relation: str, text: str, known: str) -> None:
    values, _, _ = read_chat(storms, head, relation, text, spacy_model)
    assert [v.casefold() for v in values] == [known.casefold()]


@pytest.mark.parametrize(
    ("relation", "text"),
    [("wineryInAppellation", "Rías Baixas DO"),  # a known name whole
     ("wineryInAppellation", "Rioja DOCa"), ("wineryInAppellation", "Napa Valley AVA"),  # a region, no known appellation
     ("affected", "Mexico City"), ("affected", "Mississippi River"),  # a place's kind is no word of the range's name
     ("imaStatus", "Discredited IMA"),  # "IMA" is a word of the range's name, "Discredited" no known status
     ("mineralClass", "Sulfide mineral group"), ("genre", "Rock Island")],
)
def test_a_name_with_a_word_after_it_that_names_no_known_value_of_its_kind_stays(storms, spacy_model, relation: str, text: str) -> None:
    values, _, _ = read_chat(storms, "Château Latour", relation, text, spacy_model)
    assert values == [text]


@pytest.mark.parametrize(
    ("text", "places"),
    [("Near Beira, Mozambique", ["Beira, Mozambique"]), ("Near Cuixmala, Jalisco, Mexico", ["Cuixmala, Jalisco, Mexico"]),
     ("near Cayo Costa, Florida", ["Cayo Costa, Florida"]),
     ("1. Near Hallandale Beach, Florida\n2. just north of Beira, Mozambique", ["Hallandale Beach, Florida", "Beira, Mozambique"]),
     ("Near Bangladesh", ["Bangladesh"])],
)
def test_near_a_place_is_where_the_answer_is_not_its_name(storms, spacy_model, text: str, places: list[str]) -> None:
    values, _, _ = read_chat(storms, "Cyclone Idai", "landfallAt", text, spacy_model)
    assert values == places
    (plain,) = read_chat(storms, "Cyclone Idai", "landfallAt", f"1. {places[0]}", spacy_model)[0]  # as the place alone reads
    assert plain == places[0]


@pytest.mark.parametrize(
    ("relation", "text", "kept"),
    [("landfallAt", "Near East", ["Near East"]), ("landfallAt", "Near Islands", ["Near Islands"]),  # a place's own name
     ("landfallAt", "South of France", ["South of France"]), ("genre", "Off Broadway", ["Off Broadway"]),
     ("affected", "Beira, Mozambique", ["Beira", "Mozambique"])],  # without "near" a line of areas lists them
)
def test_a_name_that_begins_with_near_or_off_keeps_it(storms, spacy_model, relation: str, text: str, kept: list[str]) -> None:
    values, _, _ = read_chat(storms, "Cyclone Idai", relation, text, spacy_model)
    assert values == kept


def test_a_files_cell_near_a_place_reads_as_a_chat_answer_does(storms, tmp_path: Path) -> None:
    from kg.pipeline.units import read_units

    cells = tmp_path / "landfalls.csv"
    cells.write_text('head,relation,tail\nCyclone Idai,landfallAt,"Near Beira, Mozambique"\nCyclone Idai,landfallAt,"Beira, Mozambique"\n')
    read = [r for unit in read_units(cells, storms) for r in unit]
    assert [(str(r.object_label), r.rationale) for r in read if isinstance(r, Candidate)] == [("Beira, Mozambique", "near"), ("Beira, Mozambique", None)]
    assert len({r.object for r in read if isinstance(r, Candidate)}) == 1


@pytest.mark.parametrize(
    ("relation", "text", "known"),
    [("mineralClass", "Sulphide", "sulfide"), ("imaStatus", "Grandfathered mineral", "grandfathered")],
)
def test_a_known_value_written_otherwise_keeps_the_known_names_case(storms, spacy_model, relation: str, text: str, known: str) -> None:
    values, _, _ = read_chat(storms, "galena", relation, text, spacy_model)
    assert values == [known]
