"""A figure of a measured quantity as a chat answer gives it: in weeks or months, beside one in the
relation's own unit, for each sex, in captivity, as a count in words, a range across units, a ratio."""

from __future__ import annotations


import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("gestation", "decimal", "gestation period (days)", "d"), ("halfLife", "decimal", "elimination half-life (hours)", "h"),
    ("lifespanWild", "decimal", "lifespan in the wild (years)", "yr"), ("lifespanCaptive", "decimal", "lifespan in captivity (years)", "yr"),
    ("bodyLength", "decimal", "body length (cm)", "cm"), ("adultMass", "decimal", "adult mass (kg)", "kg"),
    ("area", "decimal", "area (km²)", "km²"), ("fatality", "decimal", "case fatality rate (%)", "%"),
    ("femaleShare", "decimal", "share of female members (%)", "%"), ("topSpeed", "decimal", "maximum speed (km/h)", "km/h"),
    ("medianAge", "decimal", "median age (years)", "yr"), ("doses", "integer", "number of doses", None),
    ("members", "integer", "number of members", None), ("reproduction", "decimal", "basic reproduction number", None),
)


@pytest.fixture(scope="module")
def measures(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a person's measured quantities (a test double of a zoology's,
    an epidemiology's, a geography's, a band's, a car's), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


_chat = chat_values


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("gestation", "15 weeks", "105"), ("gestation", "About 2 weeks", "14"), ("gestation", "approximately 22 months", "670"),
    ("gestation", "8.5 months (about 260 days)", "260"), ("gestation", "About 3.5 months (approximately 110 days)", "110"),
    ("gestation", "110 days", "110"), ("lifespanWild", "18 months", "1.5"), ("halfLife", "about 2 weeks", "336"),
    ("halfLife", "6 hours", "6"), ("lifespanWild", "about 14 years", "14"),
    ("adultMass", "3 months", "object is in mo, not the kg adultMass is in"),  # no time is a mass
])
def test_a_figure_in_weeks_or_months_is_converted_never_taken_as_days(measures: Domain, relation: str, written: str, read: str) -> None:
    """'15 weeks' of a gestation period in days was stored as 15, 'About 2 weeks' of an incubation period as 2 and
    '8.5 months (about 260 days)' as 8.5: kg read no week or month, and took the figure as the declared unit (the
    zoologist's and the epidemiologist's audits). A week is 7 days, a month a mean month (30.4375 days), a figure in
    months keeping its own significant digits (at least three: '22 months' is 670 days, not 669.625); the days beside
    it are read as written."""
    assert _chat(measures, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("bodyLength", "About 4 ft (1.2 m)", "120"), ("bodyLength", "48 in (1.2 m)", "120"), ("fatality", "0.001 (0.1%)", "0.1"),
    ("bodyLength", "About 4 ft (1.2 m) head and body", "120"), ("adultMass", "400 lb (about 0.18 t) in the wild", "180"),
    ("bodyLength", "4 ft (shoulder height 0.8 m) long", "121.92"), ("bodyLength", "4 ft tall, 1.2 m long", "object is several values, not one"),
    ("bodyLength", "123 cm (1.2 m)", "123"), ("bodyLength", "1,230 mm (1.2 m)", "123"),  # the item's own: as precise or more
    ("bodyLength", "1.23 m (4 ft)", "123"), ("bodyLength", "2 ft 6 in", "76.2"), ("adultMass", "0.2 t (190 kg)", "190"),
    ("adultMass", "400 lb (181 kg)", "181"), ("area", "40.7 sq mi", "105.413"), ("area", "3,000 acres (12 km²)", "12"),
    ("area", "1,200 ha (12 km²)", "12"), ("fatality", "10% (0.1)", "10"),
    ("topSpeed", "1,553 mph (2,500 km/h)", "2500"), ("topSpeed", "1,553 mph (2,500 m/s)", "2499.31"),  # m/s is no power of ten of km/h
])
def test_a_figure_the_answer_gives_in_the_relations_unit_or_a_metric_one_is_taken_over_a_conversion(
        measures: Domain, relation: str, written: str, read: str) -> None:
    """'About 4 ft (1.2 m)' of a body length in cm was stored as 121.92 (four feet converted, with digits the answer
    never gave) and '0.001 (0.1%)' of a case fatality rate in % as 0.001 (the fraction, not the figure in %). A figure
    beside it in a unit a power of ten of the declared one is read (1.2 m is 120 cm), and a figure in % beside a bare
    fraction; a figure of the item's own in such a unit is kept ('123 cm (1.2 m)')."""
    assert _chat(measures, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("fatality", "50 (0.5%)", "object is several values, not one"), ("fatality", "~50 (0.5%)", "object is several values, not one"),
    ("femaleShare", "30 (0.3%)", "object is several values, not one"), ("fatality", "0.001 (0.1%)", "0.1"), ("fatality", "50 (50%)", "50"),
    ("fatality", "0.5 (50%)", "50"), ("fatality", "50% (0.5)", "50"), ("fatality", "50 (2014: 40%)", "50"), ("fatality", "50%", "50"),
])
def test_a_bare_figure_and_a_figure_in_percent_that_disagree_are_several_values(
        measures: Domain, relation: str, written: str, read: str) -> None:
    """'50 (0.5%)' of a case fatality rate in % was stored as 50, though the answer's figure in % says 0.5 and 50 is
    no fraction of it (the epidemiologist's audit): the answer gives two rates, several values, not one; a bare
    fraction its figure in % agrees with ('0.001 (0.1%)', '0.5 (50%)'), the same figure twice and a dated figure
    in the gloss read as before."""
    assert _chat(measures, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("bodyLength", "4 ft (shoulder height 80 cm) long", "121.92"), ("bodyLength", "190 cm (tail 90 cm)", "190"),
    ("bodyLength", "6 ft (tail 90 cm)", "182.88"), ("adultMass", "400 lb (brain 0.5 kg)", "181.437"),
    ("area", "40.7 sq mi (urban area 30 km²)", "105.413"), ("topSpeed", "1,553 mph (2,500 km/h)", "2500"),
    ("topSpeed", "Mach 1.6 (about 1,976 km/h)", "1976"), ("area", "3,000 acres (~12 km²)", "12"),
])
def test_a_labelled_figure_in_a_bracket_is_another_quantity_not_the_answer_in_its_unit(
        measures: Domain, relation: str, written: str, read: str) -> None:
    """'4 ft (shoulder height 80 cm) long' of a body length in cm was stored as 80, a shoulder height (the zoologist's
    audit): a figure in the relation's unit after the answer's is taken only where the bracket opens with it (a hedge
    before it aside); one a label leads ('shoulder height', 'tail', 'urban area') is another quantity, and the
    answer's own figure is converted."""
    assert _chat(measures, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("bodyLength", "About 4 ft", "122"), ("bodyLength", "4 ft", "121.92"), ("bodyLength", "~40 in", "102"),
    ("bodyLength", "roughly 1,500 ft", "45700"), ("area", "approximately 40.7 sq mi", "105.413"), ("area", "45 sq mi", "116.549"),
    ("adultMass", "about 400 lb", "181"), ("topSpeed", "Around 60 mph", "96.6"), ("halfLife", "about 2 weeks", "336"),
    ("gestation", "approximately 22 months", "670"), ("adultMass", "nearly 400 lb", "181.437"),
])
def test_a_hedged_figure_of_one_or_two_digits_converted_keeps_three(measures: Domain, relation: str, written: str, read: str) -> None:
    """'About 4 ft' of a body length in cm was stored as 121.92, digits the answer never gave (the zoologist's audit):
    a figure of one or two significant digits that a hedge leads ('about', 'approximately', 'around', 'roughly', '~')
    converted keeps three (122); a figure written with more, or with no hedge, keeps six as before ('40.7 sq mi' is
    105.413 km², '4 ft' 121.92 cm), and a bound ('nearly') is no hedge."""
    assert _chat(measures, relation, written) == [read]


_SEXES = "object is several values, not one (one for each sex)"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("adultMass", "Approximately 220 kg (males); females around 140 kg", _SEXES), ("adultMass", "Males ~90 kg, females ~45 kg", _SEXES),
    ("adultMass", "6 tonnes (males); females about 3 tonnes", _SEXES), ("adultMass", "190 kg", "190"),
    ("adultMass", "190 kg (males 220 kg, females 140 kg)", "190"),  # the species' figure, each sex's its gloss
    ("members", "5 (3 men, 2 women)", "5"), ("members", "200 (120 men, 80 women)", "200"),  # a band's, a company's whole
    ("femaleShare", "40% female, 60% male", "40"),  # a relation that names a sex: its own figure
])
def test_figures_for_each_sex_are_several_values_not_the_species_one(measures: Domain, relation: str, written: str, read: str) -> None:
    """'Approximately 220 kg (males); females around 140 kg' of an adult mass was stored as 220, 'Males ~90 kg, females
    ~45 kg' as 90, '6 tonnes (males); females about 3 tonnes' as 6,000: the males' figure as the species' (the
    zoologist's audit)."""
    assert _chat(measures, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("lifespanWild", "about 14 years in captivity", "object is a figure in captivity, not in the wild as lifespanWild is"),
    ("lifespanWild", "about 14 years (captive)", "object is a figure in captivity, not in the wild as lifespanWild is"),
    ("lifespanCaptive", "about 10 years in the wild", "object is a figure in the wild, not in captivity as lifespanCaptive is"),
    ("lifespanWild", "about 14 years in the wild", "14"), ("lifespanCaptive", "20 years in captivity", "20"),
    ("adultMass", "190 kg (in captivity)", "190"), ("adultMass", "190 kg in the wild", "190"),  # names neither: either's
])
def test_a_figure_in_captivity_is_no_value_of_a_relation_in_the_wild(measures: Domain, relation: str, written: str, read: str) -> None:
    """'about 14 years in captivity' of a lifespan in the wild was stored as 14 (the zoologist's audit)."""
    assert _chat(measures, relation, written) == [read]


_RANGE = "object is a range, not one value"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("doses", "Two doses, 21 days apart", "2"), ("doses", "Two doses", "2"), ("doses", "2 doses", "2"),
    ("doses", "Two or three, 21 days apart", _RANGE), ("members", "Three (pilot and first officer)", "3"),
    ("members", "Seven seasons, 162 episodes", "162"), ("members", "Two million, 2,000,000 in all", "2000000"),
    ("reproduction", "Highly variable; estimates range from 1 to over 3,000", _RANGE), ("reproduction", "about 1.5", "1.5"),
    ("gestation", "12 hours to 5 days", "2.75"), ("gestation", "2 hours to 5 days", "2.54166665"), ("gestation", "3 to 6 days", "4.5"),
    ("halfLife", "2 to 3 hours", "2.5"), ("topSpeed", "Mach 1.6 (1,976 km/h)", "1976"),
    ("gestation", "Weeks to years; most active disease develops within 2 years of infection.",
     "object is no one figure (a span of units, no number)"),
    ("fatality", "1 in 1,000 cases", "object is a ratio ('1 in 1,000'), not a figure in the % fatality is in"),
    ("fatality", "~1:3,500 cases", "object is a ratio ('1:3,500'), not a figure in the % fatality is in"),
    ("fatality", "12% in 2020", "12"), ("members", "411 of 650", "411"),
])
def test_a_count_in_words_a_range_across_units_and_a_ratio(measures: Domain, relation: str, written: str, read: str) -> None:
    """'Two doses, 21 days apart' of the doses in a primary series was stored as 21, 'estimates range from 1 to over
    3,000' of a reproduction number as 1, '12 hours to 5 days' of an incubation period in days as 0.5, '1 in 1,000 cases'
    of a fatality rate in % as 1 (and '~1:3,500 cases' as 1, where "1 in" and "1:" were read apart), and 'Weeks to years; most ... within 2 years' as 730.5 days (the epidemiologist's audit).
    A plain range ('12 hours to 5 days', each end in a unit of its own) is its middle, its ends its bounds
    (extractors.ranges: it was quarantined as a range until then); one with a bound ('to over 3,000') is none."""
    assert _chat(measures, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("fatality", "Average about 50% (range 25%–90% in past outbreaks)", "50"), ("fatality", "typically 40%", "40"),
    ("medianAge", "median 38 years", "38"),
    ("medianAge", "mean 38 years", "object is a figure of another quantity ('mean'), not medianAge"),
    ("topSpeed", "average 250 km/h", "object is a figure of another quantity ('average'), not topSpeed"),
    ("fatality", "turnout 66.6%", "object is a figure of another quantity ('turnout'), not fatality"),
])
def test_an_average_is_the_figure_hedged_unless_the_relation_names_an_extreme(measures: Domain, relation: str, written: str, read: str) -> None:
    """'Average about 50% (range 25%–90% in past outbreaks)' of a case fatality rate was quarantined as "a figure of
    another quantity ('Average about')" (the epidemiologist's audit): an average is the rate, hedged; of a top speed it
    is another quantity, and so is a mean of a median."""
    assert _chat(measures, relation, written) == [read]
