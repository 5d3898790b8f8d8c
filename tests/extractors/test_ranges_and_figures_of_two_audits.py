"""Ranges and figures a seismologist's and an economist's audits found read wrongly: a range with a currency or a
percent sign on each end stored as its lower end, a magnitude scale's name before a range, a figure followed by
another event's range, deaths of two countries stored as the first's, a year of an event named in the sentence taken
for the relation's, and a scale word of another language dropped (checked against counterexamples of other fields)."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_ranges, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("gdpPerCapita", "decimal", "GDP per capita in US dollars", None), ("policyRate", "decimal", "policy interest rate (%)", "%"),
    ("gdp", "decimal", "nominal GDP in US dollars", None), ("momentMagnitude", "decimal", "moment magnitude (Mw)", None),
    ("deaths", "nonNegativeInteger", "number of deaths", None), ("foundedYear", "gYear", "year founded", None),
    ("foundingYear", "integer", "founding year", None), ("mass", "decimal", "mass (kg)", "kg"),
    ("population", "nonNegativeInteger", "population", None), ("seats", "nonNegativeInteger", "seats won", None),
    ("releaseYear", "gYear", "year of release", None), ("thickness", "decimal", "film thickness", None),
)

_chat = chat_ranges


@pytest.fixture(scope="module")
def domain(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    return measured_domain(tmp_path_factory, _RELATIONS)


def _values(domain: Domain, relation: str, written: str) -> list[str]:
    return [r[0] if isinstance(r, tuple) else r for r in _chat(domain, relation, written)]


@pytest.mark.parametrize(("relation", "written", "middle", "bounds"), [
    ("gdpPerCapita", "$13,000–$14,000", "13500", ("13000", "14000")),
    ("gdpPerCapita", "between $13,000 and $14,000", "13500", ("13000", "14000")),
    ("gdpPerCapita", "US$13,000 to US$14,000", "13500", ("13000", "14000")),
    ("gdpPerCapita", "$13,000–14,000", "13500", ("13000", "14000")),  # one sign, before the first
    ("gdpPerCapita", "$13,000 - $14,000", "13500", ("13000", "14000")),
    ("gdpPerCapita", "13,000–14,000 USD", "13500", ("13000", "14000")),  # as before
    ("gdp", "$13bn–$14bn", "13500000000", ("13000000000", "14000000000")),
    ("policyRate", "5.25%–5.50%", "5.375", ("5.25", "5.5")),
    ("policyRate", "5.25% to 5.5%", "5.375", ("5.25", "5.5")),
    ("policyRate", "between 5.25% and 5.5%", "5.375", ("5.25", "5.5")),
    ("policyRate", "5.25–5.50%", "5.375", ("5.25", "5.5")),  # as before
])
def test_a_range_with_a_sign_on_each_end_is_a_range(domain: Domain, relation: str, written: str, middle: str, bounds: tuple) -> None:
    """'$13,000–$14,000' of a GDP per capita was stored as 13000, with no note, and '5.25%–5.50%' of a policy rate as
    5.25: the sign after or before each figure hid the range from the check that finds one, so the first figure was
    read. A range with a currency's sign or a percent on each end is a range: its middle, its ends the bounds."""
    assert _chat(domain, relation, written) == [(middle, bounds, f"range: {written}")]


@pytest.mark.parametrize(("relation", "written"), [
    ("policyRate", "5.25% or 5.5%"),  # alternatives
    ("gdpPerCapita", "$13,000–$14,000 per worker"),  # more said than the range
    ("gdpPerCapita", "$13,000 and 5%"),
])
def test_a_signed_range_the_reader_cannot_take_apart_is_never_its_first_figure(domain: Domain, relation: str, written: str) -> None:
    """Any two signed figures as one value that the range reader leaves stay unreadable: never the first figure."""
    read = _chat(domain, relation, written)
    assert read and all(isinstance(r, str) for r in read), read


@pytest.mark.parametrize(("written", "read"), [
    ("Mw 9.0–9.1", ("9.05", ("9", "9.1"))), ("M9.0–9.1", ("9.05", ("9", "9.1"))), ("magnitude 9.0–9.1", ("9.05", ("9", "9.1"))),
    ("9.0–9.1", ("9.05", ("9", "9.1"))), ("M 7.8", ("7.8", None)), ("Mw 9.1", ("9.1", None)),
])
def test_a_magnitude_scale_s_name_before_a_range(domain: Domain, written: str, read: tuple) -> None:
    """'Mw 9.0–9.1' of a moment magnitude was unreadable, 'a range, not one value', while '9.0–9.1' was read: the scale's
    name before the range is no part of it. 'M 7.8' and 'Mw 9.1' read as before."""
    assert [r[:2] if isinstance(r, tuple) else r for r in _chat(domain, "momentMagnitude", written)] == [read]


@pytest.mark.parametrize(("relation", "written"), [
    ("momentMagnitude", "Ms 7.8–8.0"),  # the surface-wave magnitude's figures, no moment magnitude
    ("mass", "M 5–6 kg"),  # an M before a mass is no scale
])
def test_another_scale_s_range_stays_unreadable(domain: Domain, relation: str, written: str) -> None:
    read = _chat(domain, relation, written)
    assert read and all(isinstance(r, str) for r in read), read


@pytest.mark.parametrize(("written", "value"), [
    ("7.8 (Mw); the second event was 7.5–7.7", "7.8"),
    ("7.8; its largest aftershock was 7.5", "7.8"),
    ("7.8. Another quake of 7.5 followed", "7.8"),
])
def test_a_figure_before_another_event_s(domain: Domain, written: str, value: str) -> None:
    """'7.8 (Mw); the second event was 7.5–7.7' was unreadable, 'a range': the range is another event's, after the
    semicolon; the figure stated first is the answer's."""
    assert _values(domain, "momentMagnitude", written) == [value]


def test_a_range_after_a_semicolon_of_no_other_event_stays_unreadable(domain: Domain) -> None:
    """Only a part clearly about something else is left out: '7.8; 7.5–7.7 by other estimates' gives no one value."""
    assert all(not r[0].isdigit() for r in _values(domain, "momentMagnitude", "7.8 (Mw); 7.5–7.7 by other estimates"))


@pytest.mark.parametrize(("relation", "written"), [
    ("deaths", "53,537 in Turkey and 8,476 in Syria"),
    ("deaths", "about 1,500 in Lisbon and 10,000 in Morocco"),
    ("population", "2.1 million in Paris and 12.2 million in Greater Paris"),
])
def test_figures_of_several_places_are_several_values(domain: Domain, relation: str, written: str) -> None:
    """'53,537 in Turkey and 8,476 in Syria' of deaths was stored as 53537: figures each of a place of their own,
    joined by 'and', are several values (unreadable), never the first."""
    assert _values(domain, relation, written) == ["object is several values, not one (one for each side)"]


@pytest.mark.parametrize(("relation", "written", "value"), [
    ("deaths", "about 19,759 (confirmed); 2,553 missing", "19759"),
    ("deaths", "53,537 in Turkey", "53537"),
    ("population", "68 million (2023)", "68000000"),
    ("seats", "411 of 650", "411"),
])
def test_one_figure_with_a_place_or_a_note_is_read(domain: Domain, relation: str, written: str, value: str) -> None:
    assert _values(domain, relation, written) == [value]


@pytest.mark.parametrize(("relation", "written", "value"), [
    ("foundedYear", "established after the 1995 Kobe earthquake, in 1997", "1997"),
    ("foundedYear", "founded in 1997 after the 1995 earthquake", "1997"),
    ("foundedYear", "set up in 2005, after the 2004 tsunami", "2005"),
    ("foundingYear", "established after the 1995 Kobe earthquake, in 1997", "1997"),  # a year as an integer
    ("releaseYear", "1998, a remake of the 1954 film", "1998"),
    ("foundedYear", "after the 1995 earthquake", "1995"),  # no other year: as before
    ("foundedYear", "in the 1990s", "object is a decade, not one year"),
])
def test_a_year_that_names_an_event_is_no_answer(domain: Domain, relation: str, written: str, value: str) -> None:
    """'established after the 1995 Kobe earthquake, in 1997' of a year founded gave 1995, and 'founded in 1997 after the
    1995 earthquake' was unreadable: a year in an event's name ('the 1995 Kobe earthquake') is context where the
    sentence gives another year."""
    assert _values(domain, relation, written) == [value]


@pytest.mark.parametrize("written", ["4,2 Billionen US-Dollar", "4.2 billones de dólares", "4,2 mil millones de dólares", "4.2兆ドル"])
def test_a_scale_word_of_another_language_is_never_dropped(domain: Domain, written: str) -> None:
    """'4,2 Billionen US-Dollar' (a German answer in an English domain) of a GDP was stored as 4.2: a scale word the
    domain's language does not read after the figure makes the answer unreadable, never the bare figure."""
    read = _values(domain, "gdp", written)
    assert read and not any(r[0].isdigit() for r in read), read


@pytest.mark.parametrize(("relation", "written", "value"), [
    ("gdp", "4,2 Milliarden US-Dollar", "4200000000"), ("gdp", "$4.2 trillion", "4200000000000"),
    ("gdp", "4.2 billion", "4200000000"), ("thickness", "5 mil", "5"),  # a thousandth of an inch, no Spanish thousand
])
def test_scale_words_kg_reads_are_read_as_before(domain: Domain, relation: str, written: str, value: str) -> None:
    assert _values(domain, relation, written) == [value]


def test_a_chinese_scale_of_ten_to_the_twelve() -> None:
    """'4.2万亿' was read as 42,000 (万 alone); 万亿 is 10^12."""
    from extractors.figures import parse_number

    assert (parse_number("4.2万亿"), parse_number("376万")) == (4200000000000, 3760000)
