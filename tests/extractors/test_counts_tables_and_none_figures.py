"""Figures of a numismatist's, a mountaineer's and an agronomist's domains as a chat answer gives them: a table of
figures by year, a count of all time given per year or for one year, a figure after the teacher says it has no
reliable one, figures of several places, and sentences saying nothing is recorded (none answers)."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, dynasties_with, measured_domain, read_chat

_RELATIONS = (  # name, datatype, words, unit
    ("mintage", "nonNegativeInteger", "mintage", None), ("deathCount", "nonNegativeInteger", "number of deaths", None),
    ("fatalities", "integer", "number of fatalities", None), ("population", "integer", "population", None),
    ("annualDeaths", "integer", "deaths per year", None), ("averageYield", "decimal", "average yield (t/ha)", None),
    ("elevation", "decimal", "elevation (m)", "m"), ("chartPosition", "integer", "peak chart position", None),
)
_ONE_YEAR = "object is one year's figure"


@pytest.fixture(scope="module")
def counts(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a coin's, a mountain's, a storm's, a place's and a crop's figures of a person (a test
    double of each field's), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


def _refused(values: list[str]) -> list[str]:
    """Each reason as far as its first bracket or colon: "object is one year's figure (1982), ..." as _ONE_YEAR."""
    return [v.split(" (")[0].split(",")[0] for v in values]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("mintage", "| Year | Mintage |\n|---|---|\n| 1982 | 10,712,525,000 |\n| 2000 | 14.3 billion |", [_ONE_YEAR]),
    # a place's figure of each year: the latest's, as "7,937,932 (2006); 15,388,000 (2020)" written inline is read
    ("population", "| Year | Population |\n|---|---|\n| 2006 | 7,937,932 |\n| 2020 | 15,388,000 |", ["15388000"]),
    ("population", "| Year | Census | Estimate |\n|---|---|---|\n| 2006 | 7,937,932 | 8,048,430 |",
     ["object is several values"]),
    # counterexample: a table of figures by a label, read as before
    ("elevation", "| Metric | Value |\n|---|---|\n| Elevation | 8,849 m |", ["8849"]),
])
def test_a_table_of_years_and_figures_dates_each_figure(counts: Domain, relation: str, written: str, read: list[str]) -> None:
    """Each row of '| Year | Mintage |' / '| 1982 | 10,712,525,000 |' / '| 2000 | 14.3 billion |' was read as a range
    of its two cells, a mintage of 5,356,263,491 ((1982 + 10,712,525,000) / 2) stored (found by a numismatist's
    audit): a first column of years dates the figures beside it ("10,712,525,000 (1982); 14.3 billion (2000)"), and a
    table's cells are never the ends of a range."""
    assert _refused(chat_values(counts, relation, written)) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("mintage", "varies; about 1,000,000 annually", ["object is a rate or a count that varies"]),
    ("mintage", "Varies by year; about 1 million in 1979", ["object is a rate or a count that varies"]),
    ("mintage", "about 205 million in 1987", [_ONE_YEAR]), ("mintage", "10,712,525,000 (1982)", [_ONE_YEAR]),
    ("deathCount", "roughly 10 per year", ["object is a rate or a count that varies"]),
    ("fatalities", "about 20 each year", ["object is a rate or a count that varies"]),
    # counterexamples: a count of all time, an event's toll of its year, a dated estimate of a state, a yearly relation
    ("mintage", "About 49 million (1817–1917 in total)", ["49000000"]), ("mintage", "1,000,000", ["1000000"]),
    ("deathCount", "over 300 as of 2023", ["object is a bound"]), ("deathCount", "about 310 (2023)", ["310"]),
    ("fatalities", "5,502 in 1995", ["5502"]), ("fatalities", "c. 65,000 (estimates vary)", ["65000"]), ("population", "8,336,817 (2020 census)", ["8336817"]),
    ("population", "about 67.8 million (2023)", ["67800000"]), ("annualDeaths", "roughly 10 per year", ["10"]),
    ("population", "about 3.7 million, growing 1% annually", ["3700000"]),
])
def test_a_count_of_all_time_given_per_year_or_for_one_year_is_refused(counts: Domain, relation: str, written: str,
                                                                        read: list[str]) -> None:
    """A sovereign's mintage 'varies; about 1,000,000 annually', a Gold Maple Leaf's 'Varies by year; about 1 million in
    1979', a loonie's 'about 205 million in 1987' and Kilimanjaro's deaths 'roughly 10 per year' were stored as the
    whole count (found by a numismatist's and a mountaineer's audits): a count of all time (a mintage, deaths) given per
    year or as varying is a rate, and a mintage given for one year one year's figure; both refused."""
    assert _refused(chat_values(counts, relation, written)) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("deathCount", "I don't have reliable data; estimates range from 1,000 to several thousand.", ["object is hedged: the teacher says it has no reliable figure"]),
    ("averageYield", "No reliable figures, but about 5 t/ha", ["object is hedged: the teacher says it has no reliable figure"]),
    ("averageYield", "I don't have a specific figure for IR8.", []), ("averageYield", "No reliable data.", []),
    ("averageYield", "Not specifically documented", []), ("averageYield", "No data available", []),
    # counterexamples: a figure with a note on the data, and a figure of a name with digits
    ("averageYield", "4.5 t/ha (no reliable data before 1950)", ["4.5"]), ("averageYield", "About 8 t/ha for IR8", ["8"]),
])
def test_a_figure_after_no_reliable_data_is_none(counts: Domain, relation: str, written: str, read: list[str]) -> None:
    """Mont Blanc's deaths 'I don't have reliable data; estimates range from 1,000 to several thousand.' were stored as
    1,000, and an agronomist's 'I don't have a specific figure for IR8.', 'No reliable data.', 'Not specifically
    documented' were each "not a valid decimal" (found by a mountaineer's and an agronomist's audits): a figure after a
    lead saying there is no reliable one is hedged, refused; such a sentence alone is a none answer."""
    assert [v.split(" (")[0].split(": '")[0].split(': "')[0] for v in chat_values(counts, relation, written)] == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("averageYield", "About 10 t/ha (Africa); up to 25 t/ha in Asia", ["object is several values"]),
    ("averageYield", "5.8 t/ha in the United States, 3 t/ha in Brazil", ["object is several values"]),
    ("chartPosition", "3 (UK); 5 (US)", ["object is several values"]),
    # counterexamples: one place's figure, a figure and a note, one figure given in two units
    ("averageYield", "About 10 t/ha (in Kenya)", ["10"]), ("averageYield", "about 4.7 t/ha (world average)", ["4.7"]),
    ("elevation", "8,849 m (29,032 ft) in Nepal", ["8849"]),
])
def test_figures_of_several_places_are_several_values(counts: Domain, relation: str, written: str, read: list[str]) -> None:
    """A crop's average yield 'About 10 t/ha (Africa); up to 25 t/ha in Asia' was stored as 10, Asia's dropped (found by
    an agronomist's audit): figures each of another country, state or continent are several values, refused for a
    relation of one."""
    assert _refused(chat_values(counts, relation, written)) == read


_METALS = {
    "madeOf": ("owl:ObjectProperty ; rdfs:range hist:Metal", "composition", '["composition", "made of"]'),
    "albums": ("owl:ObjectProperty ; rdfs:range hist:Album", "albums", '["albums"]'),
    "borders": ("owl:ObjectProperty ; rdfs:range hist:Country", "borders", '["borders", "neighbour"]'),
}


@pytest.fixture(scope="module")
def coins(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The historian's test domain with a coin's metals, a singer's albums and a country's neighbours, each many-valued."""
    return dynasties_with(tmp_path_factory, "coins", {"Metal": "metal", "Album": "album", "Country": "country"}, _METALS)


@pytest.mark.parametrize(("head", "relation", "written", "read"), [
    ("Lincoln cent", "madeOf", "pre-1982: 95% copper, 5% zinc; post-1982: copper-plated zinc (97.5% Zn, 2.5% Cu)",
     ["copper-plated zinc"]),
    ("loonie", "madeOf", "Nickel-brass until 2013; since 2014, nickel-plated steel", ["nickel-plated steel"]),
    ("Gold Maple Leaf", "madeOf", "Gold; 1979–1982: 99.9% gold", ["Gold"]),
    # counterexamples: titles that are years, names of a list
    ("Taylor Swift", "albums", "1989; Red", ["1989", "Red"]), ("Prince", "albums", "1999; Purple Rain", ["1999", "Purple Rain"]),
    ("Slovakia", "borders", "Czechia; Austria", ["Czechia", "Austria"]),
])
def test_a_period_label_is_never_a_name(coins: Domain, spacy_model, head: str, relation: str, written: str, read: list[str]) -> None:
    """A Lincoln cent's composition 'pre-1982: 95% copper, 5% zinc; post-1982: copper-plated zinc (97.5% Zn, 2.5% Cu)'
    stored the metals 'pre-1982' and 'post-1982' (copper-plated zinc lost), '... until 2013; since 2014, nickel-plated
    steel' a metal 'since 2014', and '...; 1979–1982: 99.9%' a metal '1979–1982' (found by a numismatist's audit): a
    period is never a name; the value of a period lasting until today is read, the period its gloss, a past period's
    kept unreadable."""
    labels, unreadable, _ = read_chat(coins, head, relation, written, spacy_model)
    assert labels == read and not any(p in " ".join(labels) for p in ("1982", "2014")), unreadable
