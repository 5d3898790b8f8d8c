"""How a line is cut into answers, nothing of it lost (found by the wine, meteorology and
mineralogy audits): a crossing of two parents, a sentence whose list marks some names, names
with a lower-case particle, a chain of equal names, places between commas, a range of a closed
class; each rule beside counterexamples of other fields (hybrids' names, titles, figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import load_domain
from tests.extractors.measured import read_chat

_HERE = Path(__file__).parent
_CORPUS = _HERE / "corpus"
"""The answer corpus: each field's domain as its audit built it (tests/extractors/corpus/<field>/domain)."""


@pytest.fixture(scope="module")
def wine():
    return load_domain(_CORPUS / "wine" / "domain")


@pytest.fixture(scope="module")
def meteorology():
    return load_domain(_CORPUS / "meteorology" / "domain")


@pytest.fixture(scope="module")
def mineralogy():
    return load_domain(_CORPUS / "mineralogy" / "domain")


@pytest.mark.parametrize(
    ("head", "text", "labels"),
    [
        ("Syrah", "**Dureza** × **Mondeuse Blanche**", ["Dureza", "Mondeuse Blanche"]),
        ("Cabernet Sauvignon", "Cabernet Franc × Sauvignon Blanc", ["Cabernet Franc", "Sauvignon Blanc"]),
        ("Gamay", "Pinot Noir x Gouais Blanc", ["Pinot Noir", "Gouais Blanc"]),
    ],
)
def test_a_crossing_gives_both_parents(wine, spacy_model, head, text, labels) -> None:
    """A crossing was one made-up grape ("Cabernet Franc × Sauvignon Blanc"), or its first marked
    parent with the second as its gloss (Mondeuse Blanche lost): each parent is an answer."""
    read, unread, _ = read_chat(wine, head, "parentVariety", text, spacy_model)
    assert (read, unread) == (labels, [])


def test_a_crossings_gloss_is_each_parents(wine, spacy_model) -> None:
    """The gloss after a crossing speaks of both parents: neither is read without it (Riesling was lost)."""
    read, unread, _ = read_chat(wine, "Müller-Thurgau", "parentVariety", "Riesling × Madeleine Royale (originally thought to be Riesling × Silvaner)", spacy_model)
    assert len(read) + len(unread) == 2 and all("Riesling" in r or "Madeleine Royale" in r for r in [*read, *unread])


@pytest.mark.parametrize("text", ["Fragaria × ananassa", "Platanus x acerifolia"])
def test_a_hybrids_name_is_no_crossing(wine, spacy_model, text) -> None:
    """A hybrid's name with its lower-case epithet is one name, even of a relation of parents."""
    read, unread, _ = read_chat(wine, "Strawberry", "parentVariety", text, spacy_model)
    assert len(read) == 1 and unread == []


@pytest.mark.parametrize("text", ["Hunter × Hunter", "Spy x Family"])
def test_a_title_with_a_cross_is_one_name(music, spacy_model, text) -> None:
    """Outside a relation of parents, a cross between two unknown names is a title's."""
    read, unread, _ = read_chat(music, "Antonín Dvořák", "composed", text, spacy_model)
    assert (read, unread) == ([text], [])


def test_a_second_marked_name_is_never_a_gloss(wine, spacy_model) -> None:
    """Two marked names no rule splits: kept unreadable, the second never lost as the first's gloss."""
    read, unread, _ = read_chat(wine, "Syrah", "synonym", "**Dureza** × **Mondeuse Blanche**", spacy_model)
    assert read == [] and len(unread) == 1 and "Mondeuse Blanche" in unread[0]


def test_a_sentence_listing_some_names_marked_gives_all(meteorology, spacy_model) -> None:
    """Hurricane Maria: the bold names were read alone, the four unmarked places lost."""
    text = "Maria affected **Dominica**, **Puerto Rico**, the U.S. Virgin Islands, Guadeloupe, the Dominican Republic and the Turks and Caicos Islands."
    read, unread, _ = read_chat(meteorology, "Hurricane Maria", "affected", text, spacy_model)
    assert read == ["Dominica", "Puerto Rico", "U.S. Virgin Islands", "Guadeloupe", "Dominican Republic", "Turks and Caicos Islands"] and unread == []


@pytest.mark.parametrize(("text", "places"), [
    ("Irma hit Antigua and Barbuda, Saint Vincent and the Grenadines and Cuba.", ["Antigua and Barbuda", "Saint Vincent and the Grenadines", "Cuba"]),
    ("It struck Trinidad and Tobago and Venezuela.", ["Trinidad and Tobago", "Venezuela"]),
    ("It struck Spain and the Canary Islands.", ["Spain", "Canary Islands"]),
])
def test_a_place_whose_name_joins_two_with_and_is_one(meteorology, spacy_model, text, places) -> None:
    """'the Turks and Caicos Islands' in a sentence gave two places, Turks and Caicos Islands."""
    read, unread, _ = read_chat(meteorology, "Hurricane Irma", "affected", text, spacy_model)
    assert (read, unread) == (places, [])


def test_a_name_and_its_marked_gloss_is_still_one(geo, spacy_model) -> None:
    """A marked name with its gloss after a dash is no partly marked list (the existing reading)."""
    read, _, _ = read_chat(geo, "Spain", "borders", "**Portugal** – the longest border, with France", spacy_model)
    assert read[:1] == ["Portugal"]


def test_a_name_with_a_lower_case_particle_is_no_sentence(wine, spacy_model) -> None:
    """'Gamay Noir à Jus Blanc' of Gamay named the head and had a lower-case word: dropped as a
    sentence naming no answer; its particle is a name's, as 'de' and 'di' are."""
    read, unread, _ = read_chat(wine, "Gamay", "synonym", "Gamay Noir à Jus Blanc", spacy_model)
    assert (read, unread) == (["Gamay Noir à Jus Blanc"], [])


def test_a_sentence_naming_the_head_still_names_no_answer(wine, spacy_model) -> None:
    """A sentence about the head with lower-case words is still no name (the particle rule's counterexample)."""
    read, unread, _ = read_chat(wine, "Gamay", "synonym", "Gamay is a grape of the Beaujolais", spacy_model)
    assert "Gamay is a grape of the Beaujolais" not in read


def test_a_chain_of_equal_names_gives_each_but_the_head(wine, spacy_model) -> None:
    """'Zinfandel = Primitivo = Crljenak Kaštelanski = Tribidrag' of Primitivo: nothing read."""
    read, unread, _ = read_chat(wine, "Primitivo", "synonym", "Zinfandel = Primitivo = Crljenak Kaštelanski = Tribidrag", spacy_model)
    assert (read, unread) == (["Zinfandel", "Crljenak Kaštelanski", "Tribidrag"], [])


@pytest.mark.parametrize("text", ["E = mc²", "1 bar = 100 kPa"])
def test_an_equation_is_no_chain_of_names(music, spacy_model, text) -> None:
    """A formula's or a conversion's equals sign joins no names."""
    read, _, _ = read_chat(music, "Antonín Dvořák", "composed", text, spacy_model)
    assert not ({"E", "mc²", "1 bar", "100 kPa"} & set(read))


def test_two_countries_between_commas_are_two_places(meteorology, spacy_model) -> None:
    """Hurricane Harvey's '2. Guyana, Suriname (as a tropical wave)' was one new place."""
    read, unread, _ = read_chat(meteorology, "Hurricane Harvey", "affected", "1. Texas\n2. Guyana, Suriname (as a tropical wave)", spacy_model)
    assert (read, unread) == (["Texas", "Guyana", "Suriname"], [])


@pytest.mark.parametrize(("text", "labels"), [("1. Texas\n2. Georgia, United States", ["Georgia"]), ("1. Texas\n2. Paris, France", ["Paris"])])
def test_a_place_and_its_country_stay_one_place(meteorology, spacy_model, text, labels) -> None:
    """A state named as a country is, and a city, go on with where they lie: never two places."""
    read, _, _ = read_chat(meteorology, "Hurricane Harvey", "affected", text, spacy_model)
    assert "United States" not in read and "France" not in read and len(read) == 2


def test_a_range_of_two_known_values_gives_both(mineralogy, spacy_model) -> None:
    """'1. Adamantine to vitreous' of a luster was a new luster 'adamantine_to_vitreous'."""
    read, unread, _ = read_chat(mineralogy, "Cassiterite", "luster", "1. Adamantine to vitreous", spacy_model)
    assert (read, unread) == (["Adamantine", "vitreous"], [])


@pytest.mark.parametrize("text", ["vitreous to subresinous", "Waxy to subvitreous"])
def test_a_range_with_an_unknown_end_is_kept_unreadable(mineralogy, spacy_model, text) -> None:
    """A range with an end no known luster: never a new luster, nor dropped as a sentence."""
    read, unread, _ = read_chat(mineralogy, "Sphalerite", "luster", text, spacy_model)
    assert read == [] and len(unread) == 1 and unread[0].startswith("a range of values")


@pytest.mark.parametrize(("domain", "relation", "text"), [("music", "composed", "Ticket to Ride"), ("meteorology", "affected", "Texas to Louisiana")])
def test_to_between_names_of_works_and_places_is_no_range_of_values(request, spacy_model, domain, relation, text) -> None:
    """A title with 'to' is one name; places with 'to' are read as before."""
    read, unread, _ = read_chat(request.getfixturevalue(domain), "Antonín Dvořák", relation, text, spacy_model)
    assert not any(u.startswith("a range of values") for u in unread) and (domain != "music" or read == [text])


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Merlot", "synonym", "Merlot Noir, Bigney", ["Merlot Noir", "Bigney"]),
        ("Grenache", "synonym", "Garnacha/Grenache Noir/Cannonau (Sardinia)", ["Garnacha", "Grenache Noir", "Cannonau"]),
        ("Sangiovese", "parentVariety", "Ciliegiolo and Calabrese di Montenuovo", ["Ciliegiolo", "Calabrese di Montenuovo"]),
        ("Tempranillo", "parentVariety", "Albillo Mayor and Benedicto", ["Albillo Mayor", "Benedicto"]),
        ("Côte-Rôtie", "permittedGrape", "Syrah, with up to 20% Viognier", ["Syrah", "Viognier"]),
    ],
)
def test_a_line_of_several_names_gives_each(wine, spacy_model, head, relation, text, labels) -> None:
    """Synonyms between commas or slashes, parents joined by 'and', a grape and a share of another: each one entity was one."""
    read, unread, _ = read_chat(wine, head, relation, text, spacy_model)
    assert (read, unread) == (labels, [])


@pytest.mark.parametrize("text", ["Procter & Gamble", "Skidmore, Owings & Merrill", "Sun Microsystems, Inc."])
def test_a_firms_name_stays_whole(wine, spacy_model, text) -> None:
    """A firm's name with a comma or '&' is one name, even of a relation with several values."""
    read, _, _ = read_chat(wine, "Penfolds", "synonym", text, spacy_model)
    assert len(read) == 1


def test_names_joined_by_and_stay_whole_outside_parents(wine, spacy_model) -> None:
    """'and' joins two parents only: of another relation a name so written is not split by this rule."""
    read, _, _ = read_chat(wine, "Penfolds", "synonym", "Harland and Wolff", spacy_model)
    assert read == ["Harland and Wolff"]


def test_a_regimen_named_in_parallel_stays_whole(spacy_model) -> None:
    """Two vaccines given together, their parts named in parallel in the gloss: one regimen (epidemiology corpus)."""
    epidemiology = load_domain(_HERE / "corpus" / "epidemiology" / "domain")
    text = "1. Ervebo (rVSV-ZEBOV)\n2. Zabdeno/Mvabea (Ad26.ZEBOV/MVA-BN-Filo)"
    read, _, _ = read_chat(epidemiology, "Ebola virus disease", "preventedBy", text, spacy_model)
    assert "Zabdeno" not in read and "Mvabea" not in read


def test_a_trusted_rows_name_with_a_particle_is_stored(wine, tmp_path, capsys) -> None:
    """A user's trusted CSV row 'Gamay,synonym,Gamay Noir à Jus Blanc' was dropped as a sentence naming no answer."""
    from kg.cli import main
    from kg.store import open_store
    from tests.pipeline.conftest import accepted_set

    rows = tmp_path / "trusted.csv"
    rows.write_text("head,relation,tail\nGamay,synonym,Gamay Noir à Jus Blanc\n", encoding="utf-8")
    main(["ingest", str(rows), "--domain", str(_CORPUS / "wine" / "domain"), "--store", str(tmp_path / "s"), "--trusted", "--json"])
    capsys.readouterr()
    with open_store(tmp_path / "s") as st:
        assert [(s, o) for s, p, o in accepted_set(st) if p == "synonym"] == [("gamay", "gamay_noir_a_jus_blanc")]
