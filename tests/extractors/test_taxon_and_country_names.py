"""The names a chat answer gives the entities of a botanist, a nutritionist and an archaeologist
(found by their audits, tests/extractors/corpus/botany, nutrition and archaeology): a hybrid's
sign is the ASCII "x", a taxon's authority is its name's gloss, a cultivar keeps its quotes, a
comma inside a gloss cuts no name, "&" is "and" against the reference, a country's new name is
its known one, "Vit." is "vitamin"; each rule with counterexamples of other fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Normalizer
from kg.iri import mint_iri
from kg.ontology import load_domain
from tests.extractors.measured import chat_candidates as _read

_CORPUS = Path(__file__).parent / "corpus"
_RES = "https://w3id.org/kgdistill/resource/"


@pytest.fixture(scope="module")
def domains():
    return {field: load_domain(str(_CORPUS / field / "domain")) for field in ("botany", "nutrition", "archaeology")}


def _subject(domain, head: str, spacy_model) -> tuple[str, str]:
    """The subject (its IRI's local name, its label) of an answer about ``head``."""
    relation, answer = ("family", "Rosaceae") if "family" in domain.relations else ("locatedInCountry", "Greece")
    (candidate,) = _read(domain, head, relation, answer, spacy_model)
    return str(candidate.subject).removeprefix(_RES), str(candidate.subject_label)


def _objects(domain, head: str, relation: str, text: str, spacy_model) -> list[str]:
    return [str(c.object).removeprefix(_RES) for c in _read(domain, head, relation, text, spacy_model)]


def test_a_hybrids_sign_and_the_ascii_x_name_one_taxon(domains, spacy_model) -> None:
    signed = _subject(domains["botany"], "Fragaria × ananassa", spacy_model)
    typed = _subject(domains["botany"], "Fragaria x ananassa", spacy_model)
    assert signed == ("fragaria_x_ananassa", "Fragaria × ananassa")
    assert typed[0] == signed[0]
    assert mint_iri("× Chitalpa tashkentensis") == mint_iri("x Chitalpa tashkentensis")
    assert mint_iri("Fragaria ×ananassa") == mint_iri("Fragaria x ananassa")


@pytest.mark.parametrize(
    ("signed", "typed"),
    [("10 × 20", "10 x 20"), ("3 × 5 km", "3 x 5 km"), ("Spy × Family", "Spy x Family"), ("Hunter × Hunter", "Hunter x Hunter"),
     ("P. orientalis × P. occidentalis", "P. orientalis x P. occidentalis")],
)
def test_a_products_or_two_names_sign_is_no_hybrids(signed: str, typed: str) -> None:
    assert mint_iri(signed) != mint_iri(typed)


def test_an_x_of_other_names_stays_as_it_is() -> None:
    assert str(mint_iri("Malcolm X")).removeprefix(_RES) == "malcolm_x"
    assert str(mint_iri("Xbox")).removeprefix(_RES) == "xbox"
    assert mint_iri("X Æ A-12") != mint_iri("× Æ A-12")


@pytest.mark.parametrize(
    ("head", "named"),
    [("Quercus robur L.", ("quercus_robur", "Quercus robur")), ("Lavandula angustifolia Mill.", ("lavandula_angustifolia", "Lavandula angustifolia")),
     ("Picea abies (L.) H.Karst.", ("picea_abies", "Picea abies")), ("Canis lupus Linnaeus, 1758", ("canis_lupus", "Canis lupus")),
     ("Platanus × hispanica Mill. ex Münchh.", ("platanus_x_hispanica", "Platanus × hispanica"))],
)
def test_a_taxons_authority_is_its_names_gloss(domains, head: str, named: tuple[str, str], spacy_model) -> None:
    assert _subject(domains["botany"], head, spacy_model) == named


def test_a_known_genus_keeps_no_authority(domains, spacy_model) -> None:
    assert _objects(domains["botany"], "Quercus robur", "genus", "Quercus L.", spacy_model) == ["quercus"]


@pytest.mark.parametrize(
    ("field", "head"),
    [("archaeology", "Quercus robur L."),  # no domain of taxa, and no Quercus robur known there
     ("botany", "Vincent van Gogh"), ("botany", "Carl von Linné"), ("botany", "Henry L."), ("botany", "Ludwig van Beethoven"),
     ("botany", "Terminator in L.A."), ("botany", "Johnson and Johnson Inc."), ("botany", "Quercus robur Linnaeus")],  # an author's name unabbreviated and with no year: no authority told apart
)
def test_a_name_with_no_taxons_authority_stays_whole(domains, field: str, head: str, spacy_model) -> None:
    iri, label = _subject(domains[field], head, spacy_model)
    assert label.rstrip(".") == head.rstrip(".")
    assert iri.startswith(head.split()[0].lower()) and iri.count("_") >= 1


def test_a_cultivars_quotes_go_together(domains, spacy_model) -> None:
    assert _subject(domains["botany"], "Malus domestica 'Golden Delicious'", spacy_model)[1] == "Malus domestica 'Golden Delicious'"
    assert _subject(domains["botany"], "Malus domestica ‘Golden Delicious’", spacy_model)[1] == "Malus domestica ‘Golden Delicious’"


@pytest.mark.parametrize(
    ("written", "clean"),
    [("'Gala'", "Gala"), ("'Jack O'Neill'", "Jack O'Neill"), ("Rock 'n' Roll", "Rock 'n' Roll"), ("Guns N' Roses", "Guns N' Roses"),
     ("the Smiths'", "the Smiths"), ("'Bohemian Rhapsody' by Queen", "'Bohemian Rhapsody' by Queen")],
)
def test_a_single_quote_stays_only_with_its_pair(written: str, clean: str) -> None:
    assert Normalizer.clean(written) == clean


@pytest.mark.parametrize(
    "answer",
    ["Lamiaceae (mint family, also known as Labiatae)", "Lamiaceae (mint family; also known as Labiatae)",
     "Lamiaceae (mint family, also called Labiatae)", "Lamiaceae, also known as Labiatae"],
)
def test_a_comma_inside_a_gloss_cuts_no_name(domains, answer: str, spacy_model) -> None:
    assert _objects(domains["botany"], "Lavandula angustifolia", "family", answer, spacy_model) == ["lamiaceae"]


def test_an_alias_outside_a_bracket_is_still_its_gloss(domains, spacy_model) -> None:
    (candidate,) = _read(domains["archaeology"], "Ur", "excavatedBy", "Leonard Woolley, also known as Sir Leonard Woolley", spacy_model)
    assert str(candidate.object).removeprefix(_RES) == "leonard_woolley"


def test_an_ampersand_is_and_against_the_reference(domains, spacy_model) -> None:
    for answer in ("1. Nuts & seeds", "1. Nuts & Seeds", "1. nuts & seeds", "1. Nuts and seeds"):
        assert _objects(domains["nutrition"], "almond", "foodGroup", answer, spacy_model) == ["nuts_and_seeds"]
    assert _objects(domains["nutrition"], "almond", "foodGroup", "1. Nuts & legumes", spacy_model) != ["nuts_and_seeds"]
    assert _objects(domains["nutrition"], "almond", "foodGroup", "1. AT&T", spacy_model) != ["at_and_t"]


def test_a_countrys_new_name_is_the_known_country(domains, spacy_model) -> None:
    (candidate,) = _read(domains["archaeology"], "Göbekli Tepe", "locatedInCountry", "Türkiye", spacy_model)
    assert (str(candidate.object).removeprefix(_RES), str(candidate.object_label)) == ("turkey", "Turkey")


def test_a_new_name_with_no_known_country_stays(domains, spacy_model) -> None:
    # nutrition's reference knows no Turkey; Greece was never renamed; Macedonia is also a region and a kingdom
    assert _objects(domains["nutrition"], "lentils", "originCountry", "1. Türkiye", spacy_model) == ["turkiye"]
    assert _objects(domains["archaeology"], "Mycenae", "locatedInCountry", "Hellas", spacy_model) == ["hellas"]
    assert _objects(domains["archaeology"], "Mycenae", "locatedInCountry", "Macedonia", spacy_model) == ["macedonia"]


def test_vit_is_vitamin_before_its_letter(domains, spacy_model) -> None:
    assert _objects(domains["nutrition"], "peanut", "richIn", "1. Vit. E\n2. Vit. C", spacy_model) == ["vitamin_e", "vitamin_c"]
    assert "vitamin_e" not in _objects(domains["nutrition"], "peanut", "richIn", "1. Vit E", spacy_model)
    assert all(not o.startswith("vitamin") for o in _objects(domains["nutrition"], "peanut", "richIn", "1. Vit. Z", spacy_model))
