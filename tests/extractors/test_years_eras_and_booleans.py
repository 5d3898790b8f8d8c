"""Years before Christ of a year relation in a number datatype, split years, dates that never came and yeses that
contradict themselves, as a chat answer gives them (the philosopher's, the numismatist's and the mountaineer's
audits)."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("publicationYear", "integer", "publication year", None), ("foundingYear", "integer", "founding year", None),
    ("birthYear", "gYear", "birth year", None), ("dialogues", "nonNegativeInteger", "number of dialogues", None),
    ("population", "nonNegativeInteger", "population", None), ("dose", "decimal", "dose (mg)", "mg"),
    ("demonetised", "date", "demonetisation date", None), ("introduced", "date", "introduction date", None),
    ("releaseDate", "date", "release date", None), ("withdrawalYear", "gYear", "year of withdrawal", None),
    ("firstAscent", "date", "first ascent date", None), ("isActiveVolcano", "boolean", "is an active volcano", None),
    ("isAlive", "boolean", "is alive", None), ("isActiveBand", "boolean", "is an active band", None),
)


@pytest.fixture(scope="module")
def domain(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a philosophy's, a geography's and a pharmacology's relations of a person (a test double), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("publicationYear", "c. 340 BC", "-339"), ("publicationYear", "375 BCE", "-374"), ("publicationYear", "1 BC", "0"),
    ("foundingYear", "founded in 753 BC", "-752"), ("publicationYear", "44 v. Chr.", "-43"),
    ("birthYear", "322 BC", "-0321"),  # a gYear: the same numbering
    ("publicationYear", "1781", "1781"), ("publicationYear", "AD 14", "14"), ("publicationYear", "c. 1641", "1641"),
    ("population", "30,000 (founded c. 753 BC)", "30000"),  # the city's founding dates it: the figure is 30,000
    ("dose", "500 mg", "500"),
])
def test_a_year_before_christ_of_an_integer_year_is_signed_as_a_gyear_is(domain: Domain, relation: str, written: str, read: str) -> None:
    assert chat_values(domain, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written"), [
    ("publicationYear", "the 4th century BC"),  # no one year: no year AD either
    ("dialogues", "340 BC"), ("population", "c. 5000 BCE"),  # a year BC is no count
])
def test_a_year_before_christ_gives_no_count_and_no_year_ad(domain: Domain, relation: str, written: str) -> None:
    assert all(not value.lstrip("-").isdigit() for value in chat_values(domain, relation, written)), chat_values(domain, relation, written)


@pytest.mark.parametrize(("relation", "written"), [
    ("birthYear", "428/427 BC"), ("birthYear", "1066/67"), ("birthYear", "Born 428/427 BC in Athens."),
    ("publicationYear", "428/427 BC"), ("foundingYear", "2023/24"), ("foundingYear", "1999/2000"),
])
def test_a_split_year_is_two_years_not_one(domain: Domain, relation: str, written: str) -> None:
    assert chat_values(domain, relation, written) == ["object is two years, not one (a year split between two, as an Attic or a fiscal year is)"]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("birthYear", "c. 428 BCE", "-0427"), ("foundingYear", "1066", "1066"),
    ("dose", "1/2 cup", None), ("population", "24/7", None),  # no year relation: no split year
])
def test_a_fraction_or_one_year_is_no_split_year(domain: Domain, relation: str, written: str, read: str | None) -> None:
    values = chat_values(domain, relation, written)
    assert (values == [read]) if read else not any("two years" in v for v in values), values


@pytest.fixture(scope="module")
def taught(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The test domain whose years' examples are before Christ (stored as XSD 1.1 and a signed integer year) and AD."""
    return measured_domain(tmp_path_factory, _RELATIONS, examples={
        "birthYear": '[{head = "Aristotle", tails = ["-0383"]}, {head = "Kant", tails = ["1724"]}, {head = "Jesus", tails = ["0000"]}]',
        "publicationYear": '[{head = "Republic", tails = ["-374"]}, {head = "Meditations", tails = ["1641"]}]',
        "population": '[{head = "Lyon", tails = ["-5"]}]',
    })


@pytest.mark.parametrize(("relation", "shown", "not_shown"), [
    ("birthYear", ["1. 384 BC", "1. 1724", "1. 1 BC"], ["-0383", "0000"]),
    ("publicationYear", ["1. 375 BC", "1. 1641"], ["-374"]),
    ("population", ["1. -5"], ["BC"]),  # no year relation: its figure as stored
])
def test_an_example_year_before_christ_shows_as_prose_writes_it(taught: Domain, relation: str, shown: list[str], not_shown: list[str]) -> None:
    from kg.prompts import build_prompts

    text = build_prompts(taught, ["Plato"], relations=[relation], shots=3)[0].text
    assert all(s in text for s in shown) and not any(n in text for n in not_shown), text


def test_an_unreadable_year_is_quoted_as_written(domain: Domain) -> None:
    from extractors import Extractor
    from kg.prompts import Prompt
    from kg.records import Completion, Unreadable

    prompt = Prompt.make("p", "list", head="Thales", relation="birthYear")
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", "c. 6th century BC", finish_reason="stop"), prompt)
    assert [r.reason for r in out if isinstance(r, Unreadable)] == ["object not a valid gYear: 'c. 6th century BC'"]


def _read(domain: Domain, head: str, relation: str, written: str) -> list[str]:
    """What a chat answer ``written`` of ``relation`` of ``head`` gives: its values, and each refusal's whole reason."""
    from extractors import Extractor
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion

    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [str(r.object) if isinstance(r, Candidate) else r.reason for r in out]


@pytest.mark.parametrize(("relation", "written"), [
    ("demonetised", "The 1 euro coin has not been demonetised; it is still legal tender."),
    ("demonetised", "Production ended in 2025 but the cent remains legal tender."),
    ("demonetised", "It is still in circulation."), ("demonetised", "Still current."),
    ("demonetised", "It hasn't been demonetized yet."), ("withdrawalYear", "It remains in circulation."),
    ("releaseDate", "The album has not been released yet."),  # music: its own verb denied
])
def test_an_event_that_has_not_come_is_a_none_answer(domain: Domain, relation: str, written: str) -> None:
    assert _read(domain, "1 euro coin", relation, written) == []


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("introduced", "Introduced on 1 January 2002; still in circulation.", "2002-01-01"),  # a beginning: still current says nothing
    ("demonetised", "28 February 2002", "2002-02-28"),
    ("releaseDate", "Released on 14 March 2003, it has not been remastered.", "2003-03-14"),  # another verb denied
])
def test_a_date_beside_a_current_thing_is_read(domain: Domain, relation: str, written: str, read: str) -> None:
    assert _read(domain, "1 euro coin", relation, written) == [read]


@pytest.mark.parametrize(("relation", "written"), [
    ("firstAscent", "It has not been climbed since 1990."),  # mountaineering: another verb, a year beside it
    ("demonetised", "It remains legal tender until 2030."),  # an end told
])
def test_a_clause_of_another_verb_or_an_end_told_is_no_none_answer(domain: Domain, relation: str, written: str) -> None:
    assert _read(domain, "Lhotse", relation, written) != []


def test_an_unreadable_date_quotes_the_heads_name_as_written(domain: Domain) -> None:
    assert _read(domain, "1 euro coin", "demonetised", "The 1 euro coin was demonetised in spring.") == [
        "object not a valid date: 'The 1 euro coin was demonetised in spring'"]


@pytest.mark.parametrize(("relation", "written"), [
    ("isActiveVolcano", "Yes, it is a dormant volcano."), ("isActiveVolcano", "Yes (dormant)."),
    ("isActiveVolcano", "Yes, an extinct volcano."), ("isAlive", "Yes, he is dead."),
])
def test_a_yes_that_says_a_state_the_relation_denies_contradicts_itself(domain: Domain, relation: str, written: str) -> None:
    assert [r.split(" (it says")[0] for r in _read(domain, "Mount Rainier", relation, written)] == ["object is a yes that contradicts itself"]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("isActiveVolcano", "Yes, it is active.", "true"), ("isActiveVolcano", "Yes, it is not dormant.", "true"),
    ("isActiveVolcano", "Yes, it is no longer dormant.", "true"), ("isActiveVolcano", "Yes.", "true"),
    ("isActiveVolcano", "No (dormant)", "false"), ("isActiveVolcano", "No, it is extinct.", "false"),
    ("isAlive", "Yes, she is alive; her husband is dead.", "true"),  # another's state, in another clause
    ("isActiveBand", "Yes, the band is active and touring.", "true"),  # music
])
def test_a_yes_or_no_that_says_no_state_denied_is_read(domain: Domain, relation: str, written: str, read: str) -> None:
    assert _read(domain, "Mount Rainier", relation, written) == [read]
