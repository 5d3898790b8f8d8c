"""People's names, works' titles, a known name with 'and' in it, a sentence about the head and a
modal hedge in chat answers (found by developers' audits of literature, volcanology, zoology and
geography answers), each beside counterexamples of other fields that a too-wide rule would misread."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import Domain, load_domain
from tests.extractors.measured import chat_labels as _read

VOLCANOES = Path(__file__).parent / "corpus" / "volcanology" / "domain"


@pytest.fixture(scope="module")
def volcanoes() -> Domain:
    return load_domain(str(VOLCANOES))


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Brazil", "headOfState", "Pelé and Diego Maradona", ["Pelé", "Diego Maradona"]),
        ("Brazil", "headOfState", "1. Pelé and Diego Maradona", ["Pelé", "Diego Maradona"]),
        ("United Kingdom", "headOfState", "Lloyd-Webber and Tim Rice", ["Lloyd-Webber", "Tim Rice"]),
        ("Matterhorn", "firstAscentBy", "Jean-Antoine and Louis Carrel", ["Jean-Antoine Carrel", "Louis Carrel"]),  # a compound given name
        ("Fargo", "headOfState", "Joel and Ethan Coen", ["Joel Coen", "Ethan Coen"]),  # a plain given name, as before
    ],
)
def test_a_one_word_name_before_a_full_name_keeps_its_own(almanac, spacy_model, head, relation, text, labels) -> None:
    """'Pelé and Diego Maradona' gave the person 'Pelé Maradona' and 'Lloyd-Webber and Tim Rice'
    'Lloyd-Webber Rice': a one-word name with an accent or a hyphen (a nickname, a double-barrelled
    surname) joined to a full name is its own person; a compound given name ('Jean-Antoine') and a
    plain one ('Joel') still share the surname after them."""
    assert _read(almanac, head, relation, text, spacy_model) == (labels, [])


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("notableWork", "There Is No Alternative", ["There Is No Alternative"]),
        ("notableWork", "Sometimes I Sit and Think", ["Sometimes I Sit and Think"]),
        ("notableWork", "None but the Lonely Heart", ["None but the Lonely Heart"]),
        ("notableWork", "Never Let Me Go", ["Never Let Me Go"]),
        ("followedBy", "There Is No Sequel", ["Sequel"]),  # a kind of work named: no title (read as before)
        ("notableWork", "None Known", []),  # a none answer
        ("notableWork", "There Are None", []),
    ],
)
def test_a_title_written_as_titles_are_is_a_works_name(literature, spacy_model, relation, text, labels) -> None:
    """'There Is No Alternative' of a writer's works gave 'Alternative' and 'Sometimes I Sit and
    Think' nothing (a sentence naming no answer): of a relation whose answers are works, a line
    written as a title (each word capitalised but the small ones, no comma) that a sentence's
    reading would leave words of is one title; one naming a kind of work ('There Is No Sequel')
    is no title."""
    assert _read(literature, "Margaret Thatcher", relation, text, spacy_model)[0] == labels


def test_a_title_like_sentence_of_a_relation_of_places_is_read_as_before(geo, spacy_model) -> None:
    """'There Is No Capital' of a capital names none: the title rule is a works relation's only."""
    assert _read(geo, "Vatican City", "hasCapital", "There Is No Capital", spacy_model)[0] == []


@pytest.mark.parametrize(
    "text",
    ["Located in: Bosnia and Herzegovina (Balkans)", "Bosnia and Herzegovina (Balkans)", "Bosnia and Herzegovina"],
)
def test_a_known_name_with_and_in_it_is_one_name(geo, spacy_model, text) -> None:
    """'Located in: Bosnia and Herzegovina (Balkans)' of Sarajevo gave Bosnia and Herzegovina and a
    separate 'Herzegovina': a name the reference knows, 'and' and all, is one name, its gloss
    after it."""
    assert _read(geo, "Sarajevo", "locatedIn", text, spacy_model)[0] == ["Bosnia and Herzegovina"]


def test_two_places_joined_with_a_gloss_are_still_two(geo, spacy_model) -> None:
    """'Spain and Portugal (Iberia)' names no known whole: two countries, as before."""
    assert _read(geo, "Andorra", "borders", "Spain and France (Pyrenees)", spacy_model)[0] == ["Spain", "France"]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Mount Etna is a stratovolcano, and it is the tallest active volcano in Europe.", ["stratovolcano"]),
        ("Mount Etna is a stratovolcano, with a summit caldera.", ["stratovolcano"]),
        ("It is not a caldera. It is a stratovolcano.", ["stratovolcano"]),
        ("Mount Etna is a stratovolcano.", ["stratovolcano"]),
    ],
)
def test_the_kind_a_sentence_with_commas_says_the_head_is(volcanoes, spacy_model, text, labels) -> None:
    """'Mount Etna is a stratovolcano, and it is the tallest active volcano in Europe.' of its type
    stored the entity 'Mount Etna is a stratovolcano': the kind a clause says the head is, not
    denied, is the answer of a line with commas too."""
    assert _read(volcanoes, "Mount Etna", "volcanoType", text, spacy_model)[0] == labels


def test_a_sentence_about_the_head_is_no_name(volcanoes, spacy_model) -> None:
    """The same sentence of Etna's dominant rock stored the whole sentence as a rock: a tail that
    is the head and a verb is a sentence, kept unreadable; a place after the head's verb is read
    as before."""
    text = "Mount Etna is a stratovolcano, and it is the tallest active volcano in Europe."
    labels, bad = _read(volcanoes, "Mount Etna", "dominantRock", text, spacy_model)
    assert labels == [] and len(bad) == 1 and "sentence about 'Mount Etna'" in bad[0]


def test_a_modal_hedge_before_the_verb_is_no_firm_fact(zoology, spacy_model) -> None:
    """'Adult lions have no natural predators; cubs may be killed by spotted hyenas' stored spotted
    hyenas (and 'cubs') as predators of the lion: 'may', 'might', 'could', 'possibly' before the
    verb that gives the value hedge it, quarantined as other hedges are."""
    text = "Adult lions have no natural predators; cubs may be killed by spotted hyenas"
    labels, bad = _read(zoology, "lion", "preyedOnBy", text, spacy_model)
    assert labels == [] and len(bad) == 1 and "hedged answer ('may be killed')" in bad[0]


@pytest.mark.parametrize(
    ("domain", "head", "relation", "text", "labels"),
    [
        ("medicine", "Ibuprofen", "sideEffect", "Ibuprofen may cause stomach ulcers and kidney damage.", ["stomach ulcers", "kidney damage"]),
        ("medicine", "Ibuprofen", "sideEffect", "Common side effects may include nausea and headache.", ["nausea", "headache"]),
        ("medicine", "Ibuprofen", "treats", "It may be used to treat fever and arthritis.", ["fever", "arthritis"]),
        ("almanac", "Brazil", "headOfState", "Lula, who may run again in 2026", ["Lula"]),  # a clause on the answer
        ("music", "Franz Liszt", "studiedWith", "In May 1822 he studied with Carl Czerny.", ["Carl Czerny"]),  # the month
    ],
)
def test_a_modal_of_a_risk_a_list_or_a_clause_on_the_answer_is_no_hedge(request, spacy_model, domain, head, relation, text, labels) -> None:
    """'may cause' (a side effect is said so), 'may include', 'may be used to treat', a modal in a
    clause after the answer and the month May hedge nothing."""
    assert _read(request.getfixturevalue(domain), head, relation, text, spacy_model)[0] == labels


def test_a_person_who_might_have_taught_is_hedged(music, spacy_model) -> None:
    """'He might have studied with Carl Czerny.' is a guess, no teacher."""
    labels, bad = _read(music, "Franz Liszt", "studiedWith", "He might have studied with Carl Czerny.", spacy_model)
    assert labels == [] and "hedged answer ('might have studied')" in bad[0]
