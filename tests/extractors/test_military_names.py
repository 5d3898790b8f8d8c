"""The names a chat answer gives a military historian's and a paleontologist's own domains: a
rank is no part of a commander's name, a dagger no part of a taxon's or a fallen man's (found by
the new users' audits: military, paleontology)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

_CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def military():
    """The answer corpus's military domain with its reference: battles, their commanders
    (``:Commander``, no class of people), belligerents and places."""
    return load_domain(_CORPUS / "military" / "domain")


@pytest.fixture(scope="module")
def paleontology():
    """Dinosaurs, their families, diets, describers and the countries they were found in."""
    return load_domain(_CORPUS / "paleontology" / "domain")


def _read(domain, head: str, relation: str, text: str) -> tuple[list[str], list[str]]:
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [r.object_label for r in out if isinstance(r, Candidate)], [r.reason for r in out if isinstance(r, Unreadable)]


@pytest.mark.parametrize(
    ("head", "text", "labels"),
    [
        ("Battle of Gettysburg", "1. Maj. Gen. George G. Meade\n2. Gen. Robert E. Lee", ["George G. Meade", "Robert E. Lee"]),
        ("Second Battle of El Alamein", "1. Field Marshal Bernard Montgomery\n2. Generalfeldmarschall Erwin Rommel",
         ["Bernard Montgomery", "Erwin Rommel"]),
        ("Battle of Midway", "1. Adm. Chester W. Nimitz\n2. Admiral Isoroku Yamamoto", ["Chester W. Nimitz", "Isoroku Yamamoto"]),
        ("Battle of Agincourt", "King Henry V", ["King Henry V"]),  # a monarch's title is the name's
        ("Battle of Trafalgar", "1. Vice Admiral Horatio Nelson\n2. Vice-Admiral Cuthbert Collingwood", ["Horatio Nelson", "Cuthbert Collingwood"]),
        ("Battle of Midway", "1. RAdm. Raymond A. Spruance\n2. VAdm. Chūichi Nagumo", ["Raymond A. Spruance", "Chūichi Nagumo"]),
    ],
)
def test_a_military_rank_is_no_part_of_a_commanders_name(military, head, text, labels) -> None:
    """'Maj. Gen. George G. Meade', 'Gen. Robert E. Lee', 'Field Marshal Bernard Montgomery' and
    'Generalfeldmarschall Erwin Rommel' were people apart from the reference's George G. Meade,
    Robert E. Lee: a rank before a full name goes from a commander's name, as an honorific does."""
    assert _read(military, head, "commander", text) == (labels, [])


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Battle of Gettysburg", "location", "General Santos City", ["General Santos City"]),  # a place, no commander
        ("Battle of Gettysburg", "belligerent", "1. Major League Baseball Union", ["Major League Baseball Union"]),
    ],
)
def test_a_rank_word_in_another_relations_name_stays(military, head, relation, text, labels) -> None:
    """A place or a group whose name begins with a rank's word keeps it: ranks go only from a
    relation whose answers are commanders or people."""
    assert _read(military, head, relation, text)[0] == labels


@pytest.mark.parametrize(
    ("domain", "head", "relation", "text", "labels"),
    [
        ("military", "Battle of Hastings", "commander", "1. King Harold II †\n2. William the Conqueror", ["King Harold II", "William the Conqueror"]),
        ("military", "Battle of Cannae", "commander", "1. Hannibal\n2. Lucius Aemilius Paullus †", ["Hannibal", "Lucius Aemilius Paullus"]),
        ("paleontology", "Archaeopteryx", "inFamily", "†Archaeopterygidae", ["Archaeopterygidae"]),
    ],
)
def test_a_dagger_is_no_part_of_a_name(request, domain, head, relation, text, labels) -> None:
    """'†Archaeopterygidae' and 'Lucius Aemilius Paullus †' (an extinct taxon, a man killed in
    action) kept the dagger in the entity's name: it is a mark beside the name."""
    assert _read(request.getfixturevalue(domain), head, relation, text) == (labels, [])


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("location", "Gettysburg, Pennsylvania", ["Gettysburg, Pennsylvania"]),  # the reference's label, whole
        ("location", "Sharpsburg, Maryland", ["Sharpsburg"]),  # unknown whole: the place, its state a gloss
    ],
)
def test_a_name_the_reference_holds_with_its_comma_is_one(military, relation, text, labels) -> None:
    """The location 'Gettysburg, Pennsylvania', the reference's exact label, was read as
    'Gettysburg' and refused against it: a line that is, whole, a name the store or the reference
    holds is that entity before its commas are read."""
    assert _read(military, "Battle of Gettysburg", relation, text)[0] == labels


@pytest.mark.parametrize(
    ("head", "text", "labels"),
    [
        ("Triceratops", "Herbivorous", ["herbivore"]),
        ("Velociraptor", "carnivorous", ["carnivore"]),
        ("Spinosaurus", "piscivorous", ["piscivorous"]),  # no known piscivore: as written
        ("Stegosaurus", "Ravenous", ["Ravenous"]),  # no -vorous adjective
    ],
)
def test_an_adjective_of_a_diet_is_its_known_noun(paleontology, head, text, labels) -> None:
    """The diet 'Herbivorous' was refused against the reference's 'herbivore' ('carnivorous'
    beside 'carnivore'): an adjective in -vorous of a known noun in -vore is that noun."""
    assert _read(paleontology, head, "hasDiet", text)[0] == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("United States of America", ["United States"]),
        ("USA", ["United States"]),
        ("United States Navy", ["United States Navy"]),  # no name of the country
    ],
)
def test_a_countrys_other_name_is_the_known_country(paleontology, text, labels) -> None:
    """'United States of America' minted res:united_states_of_america beside the reference's
    'United States': a country's other common name (its short form or its long one) is the
    country the store or the reference knows by one of them."""
    assert _read(paleontology, "Apatosaurus", "foundInCountry", text)[0] == labels
