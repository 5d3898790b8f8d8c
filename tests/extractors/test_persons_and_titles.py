"""Persons' names with a ruler's number, a realm, particles and noble titles, and epithets, as a
chat model writes them in a genealogy (the genealogy audit), beside names of other fields that the
same rules must leave as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDFS, Literal

from extractors import Extractor
from extractors.chat_answers import split_bracketed
from kg.iri import mint_iri
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def _read(domain, head: str, relation: str, text: str, store=None) -> list[Candidate | Unreadable]:
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    return Extractor(domain, store).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)


def _labels(domain, head: str, relation: str, text: str, store=None) -> list[tuple[str, str | None]]:
    """(label, note) of each candidate; ("unreadable", reason) of each unreadable span."""
    out = _read(domain, head, relation, text, store)
    return [(str(r.object_label or r.object), r.rationale) if isinstance(r, Candidate) else ("unreadable", r.reason) for r in out]


def _aliases(record: Candidate | Unreadable) -> set[str]:
    label = record.object_label if isinstance(record, Candidate) else None
    return {a for a in (getattr(label, "written", None), *getattr(label, "also", ())) if a}


def test_a_rulers_name_with_the_realm_is_one_person_never_the_realm(genealogy) -> None:
    """Catherine of Aragon's mother "Isabella I of Castile" gave res:castile ("Castile", a Person):
    the parser took "I" for a pronoun and the answer for a sentence naming Castile. A ruler's name,
    number and realm is one person's name; so is a name "of" a place."""
    assert _labels(genealogy, "Catherine of Aragon", "mother", "Isabella I of Castile") == [("Isabella I of Castile", None)]
    for name in ("Ferdinand II of Aragon", "Anne of Cleves", "Joan of Arc", "Catherine of Aragon"):
        assert [label for label, _ in _labels(genealogy, "Henry VIII", "spouse", name)] == [name], name
    two = _labels(genealogy, "Henry VIII", "parentOf", "Isabella I of Castile and Ferdinand II of Aragon")
    assert [label for label, _ in two] == ["Isabella I of Castile", "Ferdinand II of Aragon"]


def test_a_name_and_its_title_are_one_person_the_title_a_note_never_an_alias(genealogy) -> None:
    """"Antoine de Bourbon, Duke of Vendôme" gave the person the alias "Duke of Vendôme" (so a later
    César de Bourbon heldTitle Duke of Vendôme was that person), "Elizabeth Boleyn, Countess of
    Wiltshire (née Howard)" the alias "Howard", "Charles V, Holy Roman Emperor" two fathers, and
    "Lorenzo II de' Medici, Duke of Urbino" the father "Duke of Urbino". The name is the person,
    the title (and a maiden name) its note, no alias."""
    father = _read(genealogy, "Henry IV of France", "father", "Antoine de Bourbon, Duke of Vendôme")
    assert [(str(r.object_label), r.rationale) for r in father if isinstance(r, Candidate)] == [("Antoine de Bourbon", "Duke of Vendôme")]
    assert _aliases(father[0]) == set()
    mother = _read(genealogy, "Anne Boleyn", "parentOf", "1. Thomas Boleyn\n2. Elizabeth Boleyn, Countess of Wiltshire (née Howard)")
    assert [str(r.object_label) for r in mother if isinstance(r, Candidate)] == ["Thomas Boleyn", "Elizabeth Boleyn, Countess of Wiltshire"]
    assert "née Howard" in str(mother[1].rationale)
    assert _aliases(mother[1]) == set()
    assert _labels(genealogy, "Philip II of Spain", "father", "Charles V, Holy Roman Emperor") == [("Charles V", "Holy Roman Emperor")]
    assert _labels(genealogy, "Catherine de' Medici", "father", "Lorenzo II de' Medici, Duke of Urbino") == [
        ("Lorenzo II de' Medici", "Duke of Urbino")]


def test_a_title_after_a_name_is_read_so_only_of_people_and_only_after_a_full_name() -> None:
    """A given name alone before a title names no one ("Henry, Duke of Cornwall" stays whole), and
    names of other fields written with a comma keep their readings: a university and its campus,
    a place and where it lies, a band; a first name that is a rank ("Duke Ellington", "Count
    Basie") and a band named so ("Queen", "Prince") are no titles."""
    from extractors.titles import noble_title, titled_person

    assert titled_person("Henry, Duke of Cornwall") is None and titled_person("Mary, Queen of Scots") is None
    assert titled_person("Mary I, Queen of England, Edward VI") is None  # a list: a name with its title, then another name
    for other in ("University of California, Berkeley", "Paris, France", "Washington, D.C.", "Sun Microsystems, Inc.",
                  "Earth, Wind & Fire", "Prince, Queen", "Simon & Garfunkel"):
        assert titled_person(other) is None, other
    for name in ("Duke Ellington", "Count Basie", "Queen", "Prince", "King Crimson", "Bank of America", "Isle of Man", "Gulf of Mexico"):
        assert not noble_title(name), name


def test_particles_with_an_apostrophe_and_a_titles_ordinal_are_parts_of_a_name(genealogy) -> None:
    """"Marie de' Medici (m. 1600–1610)" was unreadable ("a phrase ('de''), not a name"), and the
    table row "James Hepburn, 4th Earl of Bothwell" ("a phrase ('th')"): the particle and the
    ordinal are a name's parts; a lower-case word still makes a phrase."""
    assert _labels(genealogy, "Henry IV of France", "spouse", "1. Margaret of Valois (m. 1572)\n2. Marie de' Medici (m. 1600–1610)") == [
        ("Margaret of Valois", "m. 1572"), ("Marie de' Medici", "m. 1600–1610")]
    table = "| Spouse | Married |\n|---|---|\n| Francis II of France | 1558 |\n| James Hepburn, 4th Earl of Bothwell | 1567 |"
    assert [label for label, _ in _labels(genealogy, "Mary, Queen of Scots", "spouse", table)] == [
        "Francis II of France", "James Hepburn, 4th Earl of Bothwell"]
    assert _labels(genealogy, "Henry IV of France", "mother", "Jeanne d'Albret") == [("Jeanne d'Albret", None)]
    assert _labels(genealogy, "Henry VIII", "spouse", "predecessor Anne Boleyn")[0][0] == "unreadable"


def test_a_rulers_name_with_the_realm_is_the_one_known_ruler_of_that_name(genealogy, tmp_path: Path) -> None:
    """"Henry VII of England" of Henry VIII's father was a new entity, rejected against the
    reference's Henry VII; "Louis XIII of France" an entity apart from a stored "Louis XIII". The
    name without its realm is the known ruler where exactly one known name has it and none goes on
    from it (a known "Henry IV of France" keeps "Henry IV of England" apart from a stored "Henry IV")."""
    from kg.store import init_store

    assert _read(genealogy, "Henry VIII", "father", "Henry VII of England")[0].object == mint_iri("Henry VII")
    store = init_store(tmp_path / "store")
    try:
        store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in ("Louis XIII", "Henry IV", "Edward VI")])
        assert _read(genealogy, "Louis XIV", "father", "Louis XIII of France", store)[0].object == mint_iri("Louis XIII")
        assert _read(genealogy, "Henry V", "father", "Henry IV of England", store)[0].object == mint_iri("Henry IV of England")
        assert _read(genealogy, "Henry VIII", "parentOf", "Louis XIV of Spain", store)[0].object == mint_iri("Louis XIV")
        assert _read(genealogy, "Henry VIII", "parentOf", "Edward VI of Anjou", store)[0].object != mint_iri("Edward VI")  # no realm known
    finally:
        store.close()


def test_a_title_of_two_realms_is_one_title(genealogy, tmp_path: Path) -> None:
    """"Queen of England and Ireland (1558–1603)" gave two titles, "Queen of England" (a stored
    title) and "Ireland" (a place typed Title): a title of two realms joined by "and" is one
    title; a title and a person, or two titles, stay two."""
    from kg.store import init_store

    store = init_store(tmp_path / "store")
    try:
        store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in ("Queen of England", "Ireland", "Prince of Wales", "Camilla")])
        assert _labels(genealogy, "Elizabeth I", "heldTitle", "Queen of England and Ireland (1558–1603)", store) == [
            ("Queen of England and Ireland", "1558–1603")]
        assert [label for label, _ in _labels(genealogy, "Henry VIII", "heldTitle", "Queen of England and Prince of Wales", store)] == [
            "Queen of England", "Prince of Wales"]
    finally:
        store.close()
    from extractors.titles import title_of_realms

    assert title_of_realms("King of France and Navarre") and not title_of_realms("Prince of Wales and Camilla")
    for other in ("Bosnia and Herzegovina", "Trinidad and Tobago", "Simon & Garfunkel", "Bank of America and Wells Fargo"):
        assert not title_of_realms(other), other


def test_an_epithet_is_read_without_the_heads_own_name(genealogy) -> None:
    """Louis XIV's epithet "Louis XIV, the Sun King (le Roi Soleil)" was stored whole, and Charles
    the Bold's "Charles the Bold (French: ...)" was his name: the epithet is "the Sun King", "the
    Bold"; another name of him ("Louis the Great") and an epithet of its own ("Bluff King Hal") as written."""
    assert _labels(genealogy, "Louis XIV", "epithet", "Louis XIV, the Sun King (le Roi Soleil)\nLouis the Great (Louis le Grand)") == [
        ("the Sun King", "le Roi Soleil"), ("Louis the Great", "Louis le Grand")]
    assert _labels(genealogy, "Charles the Bold", "epithet", 'Charles the Bold (French: Charles le Téméraire; also "the Rash")')[0][0] == "the Bold"
    assert _labels(genealogy, "Henry VIII", "epithet", "Bluff King Hal") == [("Bluff King Hal", None)]


@pytest.mark.parametrize("written", [
    "Louis Auguste, Duke of Maine (1670–1736)", "Marie, Countess of Champagne", "John, King of England",
    "Louis Alexandre, Count of Toulouse",
])
def test_a_name_that_names_no_one_alone_keeps_its_title(genealogy, written: str) -> None:
    """The stack of this stop's branches read "Louis Auguste, Duke of Maine" as a person "Louis Auguste" and, in a
    list of children grouped by their father, "Marie, Countess of Champagne" as "Marie" (as a line alone already was):
    every Marie, John and Louis Auguste of a store one entity. A name with neither a ruler's number nor a particle is
    the person only with its title, as encyclopaedias name them, unless the store or the reference knows it alone."""
    [(label, _)] = _labels(genealogy, "Eleanor of Aquitaine", "parentOf", written)
    assert label == split_bracketed(written)[0]


def test_a_grouped_list_keeps_each_childs_title(genealogy) -> None:
    text = "With Louis VII: Marie, Countess of Champagne; Alix, Countess of Blois. With Henry II: John, King of England; Henry the Young King"
    assert [label for label, _ in _labels(genealogy, "Eleanor of Aquitaine", "parentOf", text)] == [
        "Marie, Countess of Champagne", "Alix, Countess of Blois", "John, King of England", "Henry the Young King"]


def test_one_list_of_name_particles_serves_titles_and_lists_of_names() -> None:
    """The particles a person's name holds are one list (kg.languages.NAME_PARTICLES), read alike
    by a titled name (extractors.titles) and a line of full names (extractors.chat_answers): a
    name with one names one person (``Jean le Bon``, ``Thomas à Kempis``); the words that join
    two names are none (``Carlo e Maria``, ``Simon und Garfunkel`` are two), nor is an English
    name's ``of`` or ``and`` a particle of a line of names (``Bank of America``)."""
    from extractors.chat_answers import full_name
    from extractors.titles import one_persons_name
    from kg.languages import NAME_PARTICLES

    for name in ("Antoine de Bourbon", "Jean le Bon", "Thomas à Kempis", "Ngũgĩ wa Thiong'o", "Hilma af Klint", "José Ortega y Gasset"):
        assert one_persons_name(name) and full_name(name), name
    for two in ("Carlo e Maria", "Simon und Garfunkel", "Pau i Marta"):
        assert not one_persons_name(two) and not full_name(two), two
    assert not full_name("Bank of America") and not one_persons_name("James Hepburn")
    assert not NAME_PARTICLES & {"i", "e", "und", "and", "of", "the"}
