"""Figures of a demographer's and a hydrologist's domains as a chat answer gives them: South Asia's scale words
(crore, lakh), densities per area, volumes in acre-feet, a relation's own abbreviation before its figure, a figure
that changed between two years, a fraction of a relation in %, a word figure glossed by its figure, a refusal."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from kg.units import unit_in, unit_named
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("population", "integer", "population", None), ("speakers", "integer", "number of speakers", None),
    ("lakes", "integer", "number of lakes", None), ("gdp", "decimal", "GDP in US dollars", None),
    ("density", "decimal", "population density (people per km²)", "/km²"), ("area", "decimal", "area (km²)", "km²"),
    ("yieldPerArea", "decimal", "sediment yield (t)", "t"), ("capacity", "decimal", "reservoir capacity (km³)", "km³"),
    ("fertility", "decimal", "total fertility rate (children per woman)", None), ("output", "decimal", "gross domestic product", None),
    ("voteShare", "decimal", "vote share (%)", "%"), ("lifeExpectancy", "decimal", "life expectancy at birth (years)", "yr"),
    ("seats", "integer", "number of seats", None),
)


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a demographer's, a linguist's, a hydrologist's and an economist's figures of a person
    (a test double of each field's), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("population", "140 crore", "1400000000"), ("population", "1.24 crore (2011 census)", "12400000"),
    ("population", "2.1 crore", "21000000"), ("population", "about 1.8 lakh", "180000"), ("population", "3 lakhs", "300000"),
    ("population", "5 lacs", "500000"), ("population", "2 crores", "20000000"), ("speakers", "about 53 crore", "530000000"),
    ("gdp", "296 lakh crore", "296000000000000"),  # a lakh of crores: 10^12
    # counterexamples: the scales every answer writes, and a count of something else, read as before
    ("population", "140 million", "140000000"), ("population", "1.4 billion people", "1400000000"),
    ("lakes", "188,000 lakes", "188000"), ("population", "68 thousand", "68000"),
    ("gdp", "₹1,200 crore", "object is in INR, not the USD gdp is in"),  # rupees of a GDP in US dollars: refused as before
])
def test_a_figure_in_crores_or_lakhs_is_read_in_its_scale(people: Domain, relation: str, written: str, read: str) -> None:
    """A population of '140 crore' was stored as 140 and '1.24 crore (2011 census)', '2.1 crore', 'about 1.8 lakh'
    were not valid integers (found by a demographer's audit): a crore is 10^7, a lakh (in English also 'lac') 10^5."""
    assert chat_values(people, relation, written) == [read]


@pytest.mark.parametrize("written", ["140 zillion", "about 3 gazillion", "5 quadrillion", "2 sextillion people"])
def test_a_scale_word_kg_does_not_read_leaves_no_bare_figure(people: Domain, written: str) -> None:
    """'140 crore' of a population was stored as 140, the scale word after it passed over as any word after a count
    ('140 people'): a word of a scale kg does not read after a figure ('zillion', 'quadrillion') is refused, its
    figure no count of ones."""
    assert chat_values(people, "population", written) == ["object is in " + repr(written.split()[-1] if "people" not in written
                                                                                  else "sextillion") + ", a scale kg does not read"]


def test_a_label_per_km2_names_a_unit_of_density() -> None:
    """`kg domain new` said 'population density (people per km²)' ended in "no unit kg.units knows", so no unit was
    declared and '94 per sq mi (36 per km²)' was stored as 94 (found by a demographer's audit)."""
    assert [unit_named(t).name for t in ("people per km²", "/km²", "inhabitants per square kilometre", "per sq mi", "/mi²")] == [
        "/km²", "/km²", "/km²", "/sq mi", "/sq mi"]
    assert [unit_named(t).name for t in ("km²", "sq mi", "per cent")] == ["km²", "sq mi", "%"]  # an area is no density


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("density", "94 per sq mi (36 per km²)", "36"), ("density", "29,302 per square mile (11,313/km²)", "11313"),
    ("density", "about 100 per sq mi", "38.6"), ("density", "259 per sq mi", "100"), ("density", "36 people per km²", "36"), ("density", "11,313/km²", "11313"),
    ("density", "421 inhabitants per square kilometre", "421"), ("density", "36", "36"),
    ("density", "36 km²", "object is in km², not the /km² density is in"),  # an area is no density
    # counterexamples: an area, and a mass per area, read as before
    ("area", "36 km²", "36"), ("area", "40.7 sq mi", "105.413"), ("area", "36 per km²", "object is in /km², not the km² area is in"),
    ("yieldPerArea", "5 t/km²", "5"),
])
def test_a_density_per_sq_mi_is_converted_or_its_figure_per_km2_taken(people: Domain, relation: str, written: str, read: str) -> None:
    """A population density in people per km² of '94 per sq mi (36 per km²)' was stored as 94 and '29,302 per square
    mile (11,313/km²)' as 29,302 (found by a demographer's audit): a count per km² or per sq mi is a unit kg reads."""
    assert chat_values(people, relation, written) == [read]
    assert unit_in("5 kg/km²").name == "kg"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("capacity", "32 million acre-feet", "39.4714"), ("capacity", "32 MAF", "39.4714"), ("capacity", "26.1 million acre-ft", "32.1939"),
    ("capacity", "28,537,000 AF", "35.1999"), ("capacity", "about 500,000 acre-feet", "0.617"), ("capacity", "39.3 km³", "39.3"),
    # counterexamples: an acre is an area, no volume; an area in acres converted as before
    ("capacity", "5,000 acres", "object is in acre, not the km³ capacity is in"), ("area", "2,471 acres", "9.99978"),
    ("area", "8 AF", "object is in acre-ft, not the km² area is in"),
])
def test_a_volume_in_acre_feet_is_converted(people: Domain, relation: str, written: str, read: str) -> None:
    """A reservoir capacity in km³ of '32 million acre-feet' was refused as 'in acre, not the km³' (found by a
    hydrologist's audit): an acre-foot (a foot of water over an acre, 1,233.48184 m³; 'acre-ft', 'AF' after a figure)
    and a million of them ('MAF') are volumes."""
    assert chat_values(people, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("fertility", "TFR 1.35", "1.35"), ("fertility", "TFR: 1.35", "1.35"), ("output", "GDP 1.2 trillion", "1200000000000"),
    # counterexamples: the initials of another quantity, and another quantity's word, refused as before
    ("fertility", "GFR 60", "object is a figure of another quantity ('GFR'), not fertility"),
    ("fertility", "GDP 1.35", "object is a figure of another quantity ('GDP'), not fertility"),
    ("output", "GNI 1.1 trillion", "object is a figure of another quantity ('GNI'), not output"),
    ("voteShare", "turnout 66.6%", "object is a figure of another quantity ('turnout'), not voteShare"),
])
def test_the_relations_own_abbreviation_labels_its_figure(people: Domain, relation: str, written: str, read: str) -> None:
    """A total fertility rate of 'TFR 1.35' was refused as 'a figure of another quantity ('TFR')' where 'TFR: 1.35' read
    1.35 (found by a demographer's audit): the initials of the relation's name or label label its own figure."""
    assert chat_values(people, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("lifeExpectancy", "76.4 years in 2021, up to 77.5 in 2022", "77.5"), ("lifeExpectancy", "76.4 years (2021), 77.5 years (2022)", "77.5"),
    ("lifeExpectancy", "76.4 years in 2021, down to 75.5 years in 2022.", "75.5"),
    ("population", "5.1 million in 1990, rising to 5.4 million in 2020", "5400000"), ("seats", "120 in 2015, down to 90 in 2019", "90"),
    # counterexamples: the first figure the latest, a figure to come, a change along a place: as before
    ("lifeExpectancy", "77.5 years in 2022, up from 76.4 in 2021", "77.5"),
    ("population", "1.4 billion in 2023, rising to 1.7 billion in 2050", "1400000000"),
    ("population", "1.4 billion in 2020, projected to rise to 1.5 billion in 2024", "1400000000"),
    ("population", "5.1 million in the north, rising to 7 million in the south", "object is several values, not one"),
])
def test_a_figure_that_changed_between_two_years_is_read_as_the_later_years(people: Domain, relation: str, written: str, read: str) -> None:
    """A life expectancy of '76.4 years in 2021, up to 77.5 in 2022' was stored as 76.4, where '76.4 years (2021), 77.5
    years (2022)' gave 77.5 (found by a demographer's audit): a figure said to change from one year's to a later one's
    is the later one's, as the latest year's figure is taken; a year to come (a projection) gives no figure of today."""
    assert chat_values(people, relation, written) == [read]


_SHARES = (("urbanShare", "decimal", "urban population share (%)", "%"), ("inflation", "decimal", "inflation rate (%)", "%"),
           ("unemployment", "decimal", "unemployment rate (%)", "%"), ("growth", "decimal", "population growth rate (%)", "%"))


@pytest.fixture(scope="module")
def shares(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """Shares in %: an urban share whose examples are 1 % or more, an inflation with one below 1 %, an unemployment rate
    with none (a test double of a demographer's and an economist's domains)."""
    return measured_domain(tmp_path_factory, _SHARES, examples={
        "urbanShare": '[{head = "Japan", tails = ["91.9"]}, {head = "India", tails = ["36.4"]}]',
        "inflation": '[{head = "Japan", tails = ["0.4"]}, {head = "India", tails = ["5.1"]}]',
        "growth": '[{head = "India", tails = ["0.8"]}]'})


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("urbanShare", "0.875", "object is a fraction, not a figure in the % urbanShare is in (its examples are 1 % or more)"),
    ("urbanShare", "about 0.31", "object is a fraction, not a figure in the % urbanShare is in (its examples are 1 % or more)"),
    ("urbanShare", "87.5", "87.5"), ("urbanShare", "87.5%", "87.5"), ("urbanShare", "0.5%", "0.5"),
    # counterexamples: a share below 1 % is one where the examples have one, or have none
    ("inflation", "0.875", "0.875"), ("unemployment", "0.875", "0.875"), ("growth", "0.7", "0.7"),
])
def test_a_bare_fraction_of_a_share_whose_examples_are_percents_is_refused(shares: Domain, relation: str, written: str, read: str) -> None:
    """An urban population share in % of '0.875' was stored as 0.875 % (found by a demographer's and an economist's
    audits): a bare decimal below 1 with no % sign, of a relation in % whose few-shot examples are all 1 % or more,
    is a fraction and refused; with no examples, or one below 1 %, it is taken as written (an inflation of 0.875 %)."""
    assert chat_values(shares, relation, written) == [read]


@pytest.mark.parametrize(("written", "read"), [
    ("Roughly half (54%)", ["54"]), ("about two-thirds (~65 %)", ["65"]), ("a majority of the population (58 per cent)", ["58"]),
    ("about 54%", ["54"]),
    # counterexamples: a name with a proportion's word, a bracket with no %, a bracket of several figures: not read
    ("Half Moon (54%)", ["object not a valid decimal"]), ("Half (50)", ["object not a valid decimal"]),
    ("half (54% in 2020, 60% in 2023)", ["object not a valid decimal"]),
])
def test_a_proportion_in_words_glossed_by_its_figure_in_percent_is_that_figure(shares: Domain, written: str, read: list[str]) -> None:
    """An urban share in % of 'Roughly half (54%)' was 'not a valid decimal' where 'about 54%' read 54 (found by a
    demographer's audit): a proportion in words ('half', 'two-thirds', 'a majority') whose bracket gives it in % is
    that figure."""
    assert chat_values(shares, "urbanShare", written) == read


@pytest.mark.parametrize("written", [
    "I don't have reliable data for Abuja's density.", "I do not have accurate statistics on this.", "I don't have data on that.",
])
def test_a_sentence_saying_the_teacher_has_no_data_is_a_none_answer(shares: Domain, written: str) -> None:
    """'I don't have reliable data for Abuja's density.' of a population density was 'not a valid decimal' (found by a
    demographer's audit): a sentence saying the teacher has no (reliable, accurate ...) data, figures or statistics for
    something, no figure after it, is a none answer; one that gives a figure after it is no such sentence."""
    assert chat_values(shares, "urbanShare", written) == []
    assert chat_values(shares, "urbanShare", "I don't have reliable figures for 2023, but in 2022 it was 54%") != []
