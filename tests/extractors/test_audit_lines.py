"""How a chat answer's line is cut into items and names, found by the zoology, literature and
epidemiology users' audits: a figure's thousands separator, a firm's "and Company", a title's
alternative, a date, taxonomic notation, an appositive gloss, a name continued after its
bracket. Each rule is checked against answers of other fields it must leave as they were."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def _read(domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str], list[str]]:
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [str(r.object_label or r.object) for r in out if isinstance(r, Candidate)], [r.reason for r in out if isinstance(r, Unreadable)]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Alpine and subalpine zones at 3,000–4,500 m", ["Alpine and subalpine zones at 3,000–4,500 m"]),
        ("Alpine meadows, rocky slopes at 3,000 m", None),  # read as "... at 3000 m" is
    ],
)
def test_a_thousands_separator_parts_no_items(zoology, spacy_model, text, labels) -> None:
    """'Alpine and subalpine zones at 3,000–4,500 m' gave three habitats 'Alpine and subalpine
    zones at 3', '000–4' and '500 m': a comma between a digit and three digits is a figure's."""
    got, _ = _read(zoology, "snow leopard", "habitat", text, spacy_model)
    assert labels in (got, None) and not any(g.startswith("000") or g.endswith(" 3") for g in got), got


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("habitat", "Forest, grassland, desert", ["Forest", "grassland", "desert"]),
        ("habitat", "1,2,3", ["1", "2", "3"]),  # a list of numbers: no group of three digits
        ("habitat", "100, 1,000, 10,000", ["100", "1,000", "10,000"]),
    ],
)
def test_a_comma_between_items_still_lists(zoology, spacy_model, relation, text, labels) -> None:
    assert _read(zoology, "snow leopard", relation, text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Zika virus (ZIKV), a flavivirus", ["Zika virus"]),
        ("Zika virus, a mosquito-borne flavivirus", ["Zika virus"]),
        ("Zika virus, Aedes aegypti", ["Zika virus", "Aedes aegypti"]),  # two names: two answers
    ],
)
def test_an_appositive_after_a_name_is_its_gloss(epidemiology, spacy_model, text, labels) -> None:
    """'Zika virus (ZIKV), a flavivirus' gave two pathogens, Zika virus and 'flavivirus' (and
    'mosquito-borne flavivirus' of the other): ", a <lower-case words>" after a name says what it is."""
    assert _read(epidemiology, "Zika fever", "causedBy", text, spacy_model) == (labels, [])


def test_a_sentences_appositive_stays_as_it_was(almanac, spacy_model) -> None:
    """A clause before the comma is no name to gloss: the line is read as a sentence, as before."""
    got, _ = _read(almanac, "Italy", "locatedIn", "Italy borders France, Switzerland, Austria and Slovenia, and San Marino, an enclave.", spacy_model)
    assert "San Marino" in got and "enclave" not in got, got


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Shakespeare and Company (Sylvia Beach, Paris)", ["Shakespeare and Company"]),
        ("Simon & Schuster (New York, 1925)", ["Simon & Schuster"]),  # a comma in the bracket is no list's
        ("Richard Bentley (London, 1851) and Harper & Brothers (New York)", ["Richard Bentley", "Harper & Brothers"]),
    ],
)
def test_a_firms_and_company_is_one_name(literature, spacy_model, text, labels) -> None:
    """'Shakespeare and Company (Sylvia Beach, Paris)' gave two publishers, 'Shakespeare' and
    'Company': the comma in its bracket sent the line to the reading of a list, which cut its last
    part at "and"."""
    assert _read(literature, "Ulysses", "publisher", text, spacy_model)[0] == labels


def test_a_firms_parts_in_the_store_do_not_split_it(literature, tmp_path) -> None:
    """With 'Shakespeare' and 'Company' in the store (an earlier wrong reading), even a trusted
    row 'Shakespeare and Company' was split into them, and 'Faber and Faber' gave Faber: a join
    before a firm's partners ("and Company", "& Co.", "and Sons") or between a name and itself
    is no list's; two known people joined stay two."""
    from rdflib import RDF, RDFS, Literal

    from kg.ontology import entity_namespace
    from kg.store import init_store

    store = init_store(tmp_path / "s")
    ns, publisher, writer = entity_namespace(literature), literature.relations["publisher"].range, literature.relations["author"].range
    names = {"Shakespeare": publisher, "Company": publisher, "Faber": publisher, "Haydn": writer, "Salieri": writer}
    store.add_triples([t for n, cls in names.items() for t in ((ns[n.lower()], RDFS.label, Literal(n)), (ns[n.lower()], RDF.type, cls))],
                      graph="accepted")
    extractor = Extractor(literature, store)

    def read(relation: str, text: str) -> list[str]:
        prompt = Prompt.make("p", "list", head="Ulysses", relation=relation)
        out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
        return [r.object_label for r in out if isinstance(r, Candidate)]

    assert read("publisher", "Shakespeare and Company") == ["Shakespeare and Company"]
    assert read("publisher", "Shakespeare & Co.") == ["Shakespeare & Co."]
    assert read("publisher", "Faber and Faber") == ["Faber and Faber"]
    assert read("author", "Haydn and Salieri") == ["Haydn", "Salieri"]


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("followedBy", "Pierre; or, The Ambiguities (1852)", ["Pierre; or, The Ambiguities"]),
        ("followedBy", "Frankenstein; or, The Modern Prometheus", ["Frankenstein; or, The Modern Prometheus"]),
        ("precededBy", "Felix Holt, the Radical", ["Felix Holt, the Radical"]),
        ("precededBy", "Pierre; or, The Ambiguities\nRedburn", ["Pierre; or, The Ambiguities", "Redburn"]),
    ],
)
def test_a_titles_alternative_and_epithet_are_the_titles(literature, spacy_model, relation, text, labels) -> None:
    """'Pierre; or, The Ambiguities (1852)' gave 'Pierre' and a work 'or', 'Felix Holt, the
    Radical' gave 'Felix Holt': of a relation whose answers are works, "; or," joins a title's
    alternative and ", the <Word>" its epithet."""
    assert _read(literature, "Moby-Dick", relation, text, spacy_model)[0] == labels


def test_a_places_gloss_after_the_is_no_title(literature, spacy_model) -> None:
    """Of places, ', the ...' after a name stays what it was read as (no title is made of it)."""
    assert _read(literature, "Ulysses", "setIn", "Paris, the capital", spacy_model)[0] != ["Paris, the capital"]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Dublin, Ireland, on 16 June 1904", ["Dublin", "Ireland"]),
        ("Dublin, in 1904", ["Dublin"]),
        ("Dublin, in June 1904", ["Dublin"]),
        ("Dublin, Trieste, Paris", ["Dublin", "Trieste", "Paris"]),
    ],
)
def test_a_date_in_a_list_is_no_place(literature, spacy_model, text, labels) -> None:
    """'Dublin, Ireland, on 16 June 1904' stored a place 'on 16 June 1904': a part that is a date
    alone says when, no answer."""
    assert _read(literature, "Ulysses", "setIn", text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("setIn", "Dublin, Ireland, on June 16, 1904", ["Dublin", "Ireland"]),
        ("setIn", "Dublin, Ireland, June 16, 1904", ["Dublin", "Ireland"]),
        ("setIn", "Dublin, Ireland, 16 June 1904", ["Dublin", "Ireland"]),
        ("setIn", "Dublin, Ireland, in June, 1904", ["Dublin", "Ireland"]),
        ("notableWork", "Animal Farm, 1984", ["Animal Farm", "1984"]),  # a year alone is a title's
        ("notableWork", "Animal Farm, 1984, Homage to Catalonia", ["Animal Farm", "1984", "Homage to Catalonia"]),
        ("setIn", "Augusta, Georgia, June Lake", ["Augusta", "Georgia", "June Lake"]),  # a month's name in a place's
    ],
)
def test_a_date_written_with_a_comma_or_bare_in_a_list_is_no_place(literature, spacy_model, relation, text, labels) -> None:
    """'Dublin, Ireland, on June 16, 1904' gave places 'on June 16' and '1904', and 'Dublin, Ireland, 16 June 1904'
    a place '16 June 1904' (the literature user's audit): a date its comma cut before the year is one part, and a
    date alone, with or without 'on', says when, no answer; a year alone is kept ('1984' is a title)."""
    assert _read(literature, "Ulysses" if relation == "setIn" else "George Orwell", relation, text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    ("text", "labels", "unread"),
    [
        ("BCG (Bacillus Calmette–Guérin) vaccine", ["BCG vaccine"], 0),
        ("Bacillus Calmette–Guérin (BCG) vaccine", ["BCG vaccine"], 0),
        ("Pfizer (BNT162b2) vaccine", [], 1),  # two forms, neither an abbreviation: which is the name?
        ("Havok (physics) on a proprietary engine", [], 1),  # a phrase, no name (as before)
    ],
)
def test_a_name_continued_after_its_bracket(epidemiology, spacy_model, text, labels, unread) -> None:
    """'BCG (Bacillus Calmette–Guérin) vaccine' was unreadable, "a phrase after a name's
    brackets": the relation's kind word after an abbreviation and its long form continues the
    name, the abbreviation's form the name and the other its gloss."""
    got, bad = _read(epidemiology, "tuberculosis", "preventedBy", text, spacy_model)
    assert got == labels and len(bad) == unread, (got, bad)


@pytest.mark.parametrize(
    ("text", "labels", "unread"),
    [
        ("Endangered (EN) since 2021", ["Endangered"], 0),
        ("Endangered (EN) since the 1980s", [], 1),  # no year: read as before
    ],
)
def test_a_current_values_since_after_its_bracket(zoology, spacy_model, text, labels, unread) -> None:
    """'Endangered (EN) since 2021' was unreadable, "a phrase after a name's brackets": "since
    <year>" after the bracket says since when the value holds, a gloss."""
    got, bad = _read(zoology, "tiger", "iucnStatus", text, spacy_model)
    assert got == labels and len(bad) == unread, (got, bad)


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("scientificName", "*Panthera* sp.", ["Panthera sp."]),  # a genus, no species: the checks see it so
        ("scientificName", "*Panthera leo* (Linnaeus, 1758)", ["Panthera leo"]),
        ("authority", "(Linnaeus, 1758)", ["(Linnaeus, 1758)"]),  # the brackets say the species moved genus
        ("authority", "Linnaeus, 1758", ["Linnaeus, 1758"]),
    ],
)
def test_taxonomic_notation_is_kept(zoology, spacy_model, relation, text, labels) -> None:
    """'*Panthera* sp.' stored the species name 'Panthera' (a genus), '(Linnaeus, 1758)' the
    authority 'Linnaeus, 1758': an open name's 'sp.' after an emphasised genus is the name's, and
    a text relation's answer wholly in brackets keeps them."""
    assert _read(zoology, "lion", relation, text, spacy_model)[0] == labels


@pytest.mark.parametrize(
    ("head", "text", "labels"),
    [
        ("tuberculosis", "Mycobacterium tuberculosis complex (MTBC)", ["Mycobacterium tuberculosis complex"]),
        ("tuberculosis", "Mycobacterium tuberculosis complex", ["Mycobacterium tuberculosis complex"]),
        ("cholera", "Vibrio cholerae", ["Vibrio cholerae"]),
    ],
)
def test_a_binomial_naming_the_disease_is_one_name(epidemiology, spacy_model, head, text, labels) -> None:
    """'Mycobacterium tuberculosis complex (MTBC)' for what causes tuberculosis gave 'Mycobacterium'
    (the parser took the epithet, the head's word, for a verb): a genus, the head as its epithet
    and a word after it is one name."""
    assert _read(epidemiology, head, "causedBy", text, spacy_model)[0] == labels


def test_a_trusted_row_of_a_firm_stays_whole_with_its_parts_in_the_store(literature, tmp_path) -> None:
    """After a wrong reading stored the publishers 'Shakespeare' and 'Company', a trusted row
    'Ulysses,publisher,Shakespeare and Company' (``kg ingest --trusted``) was split into them too:
    the firm is one name whatever the store holds."""

    from kg.cli import main
    from kg.store import open_store
    from tests.pipeline.conftest import accepted_set

    domain, store = str(literature.path), str(tmp_path / "s")
    parts, whole = tmp_path / "parts.csv", tmp_path / "whole.csv"
    parts.write_text("head,relation,tail\nUlysses,publisher,Shakespeare\nDubliners,publisher,Company\n", encoding="utf-8")
    whole.write_text("head,relation,tail\nUlysses,publisher,Shakespeare and Company\n", encoding="utf-8")
    for rows in (parts, whole):
        main(["ingest", str(rows), "--trusted", "--domain", domain, "--store", store, "-q"])
    with open_store(store) as st:
        published = {o for s, p, o in accepted_set(st) if s == "ulysses" and p == "publisher"}
    assert "shakespeare_and_company" in published and "company" not in published, published


def test_two_known_names_and_a_bracket_with_a_comma_stay_two(geo, spacy_model) -> None:
    """A line whose commas are all in brackets is read as one without commas (9d92d4d): two known
    countries joined, 'Spain and Andorra (south, Pyrenees)', are two as 'Spain and Andorra
    (south)' is, never one place 'Spain and Andorra', after a label too."""
    assert _read(geo, "France", "borders", "Spain and Andorra (south, Pyrenees)", spacy_model)[0] == ["Spain", "Andorra"]
    assert _read(geo, "Peru", "borders", "Bolivia and Brazil (east, 1,000 km)", spacy_model)[0] == ["Bolivia", "Brazil"]
    assert _read(geo, "France", "borders", "Borders: Spain and Andorra (south, Pyrenees)", spacy_model)[0] == ["Spain", "Andorra"]
