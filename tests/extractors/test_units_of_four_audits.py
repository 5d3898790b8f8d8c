"""Figures of a numismatist's, an agronomist's and a mountaineer's domains as a chat answer gives them: troy ounces,
yields per area, feet written with a prime, a range with the period it is of, a pH range glossed by a soil's class."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from kg.units import unit_named
from tests.extractors.measured import chat_ranges, chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("coinMass", "decimal", "mass (g)", "g"), ("servingMass", "decimal", "serving size (g)", "g"),
    ("bodyMass", "decimal", "body mass (kg)", "kg"), ("yieldDeclared", "decimal", "average yield (t/ha)", "t/ha"),
    ("yieldLabelled", "decimal", "grain yield (t/ha)", None), ("farmArea", "decimal", "farm area (km²)", "km²"),
    ("harvest", "decimal", "harvest (t)", "t"), ("elevation", "decimal", "elevation (m)", "m"),
    ("firstAscent", "gYear", "first ascent year", None), ("chartWeeks", "integer", "weeks on the chart", None),
    ("waterNeed", "decimal", "water requirement (mm)", "mm"), ("annualRain", "decimal", "annual rainfall (mm)", "mm"),
    ("optimalTemp", "decimal", "optimal temperature (°C)", "°C"), ("seasonLength", "decimal", "growing season length (days)", "d"),
    ("soilPH", "decimal", "optimal soil pH", None), ("population", "integer", "population", None),
)


@pytest.fixture(scope="module")
def fields(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a numismatist's, an agronomist's and a mountaineer's figures of a person (a test
    double of each field's), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("coinMass", "1 troy oz (31.10 g)", "31.1"), ("coinMass", "1.0909 troy ounces (33.93 g)", "33.93"),
    ("coinMass", "1 troy oz", "31.1035"), ("coinMass", "2 oz t", "62.207"), ("coinMass", "1 ozt", "31.1035"),
    ("coinMass", "0.5 troy ounce", "15.5517"), ("bodyMass", "32.15 troy ounces", "0.999977"),
    ("coinMass", "1 oz (31.1 g)", "31.1"),  # a bare ounce glossed in grams: the grams
    # a bare ounce is a coin's troy ounce or a food's avoirdupois one (28.35 g): refused, never read as either
    ("coinMass", "1 oz", "object is in oz, troy or avoirdupois (not said which), not the g coinMass is in"),
    ("servingMass", "8 ounces", "object is in oz, troy or avoirdupois (not said which), not the g servingMass is in"),
    ("servingMass", "1/10 oz", "object is in oz, troy or avoirdupois (not said which), not the g servingMass is in"),
    # counterexamples: grams and pounds as before; a fluid ounce is no mass
    ("coinMass", "31.1 g", "31.1"), ("bodyMass", "150 lb", "68.0389"),
    ("servingMass", "12 fl oz", "object is in 'fl', no unit kg reads, not the g servingMass is in"),
])
def test_a_troy_ounce_is_a_mass_and_a_bare_ounce_none(fields: Domain, relation: str, written: str, read: str) -> None:
    """A coin's mass in g of '1 troy oz (31.10 g)' was stored as 1 g and '1.0909 troy ounces (33.93 g)' as 1.0909 (found
    by a numismatist's audit): a troy ounce (troy oz, oz t, ozt) is 31.1034768 g, and the grams a bracket gives are read."""
    assert chat_values(fields, relation, written) == [read]


_BUSHELS = "a unit whose weight depends on the crop"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("yieldDeclared", "3.5 t/ha", "3.5"), ("yieldDeclared", "8 tonnes per hectare", "8"), ("yieldDeclared", "3,500 kg/ha", "3.5"),
    ("yieldDeclared", "35 q/ha", "3.5"), ("yieldDeclared", "4.2 tons/ha", "4.2"), ("yieldDeclared", "3.5 t ha-1", "3.5"),
    ("yieldDeclared", "2,800 kilograms per hectare", "2.8"), ("yieldLabelled", "3.5 t/ha", "3.5"),
    # bushels per acre weigh what the crop's bushel weighs: refused, never the figure as t/ha
    ("yieldDeclared", "52 bu/ac", f"object is in bu/ac, {_BUSHELS}, not the t/ha yieldDeclared is in"),
    ("yieldDeclared", "175 bushels per acre", f"object is in bu/ac, {_BUSHELS}, not the t/ha yieldDeclared is in"),
    ("yieldLabelled", "52 bu/ac", f"object is in bu/ac, {_BUSHELS}, not the t/ha the label of yieldLabelled names"),
    ("yieldLabelled", "175 bushels per acre", f"object is in bu/ac, {_BUSHELS}, not the t/ha the label of yieldLabelled names"),
    # counterexamples: an area in hectares or acres, a mass in tonnes or tons, as before
    ("farmArea", "1,200 acres", "4.85623"), ("farmArea", "500 ha", "5"), ("harvest", "3 t", "3"),
    ("harvest", "52,310 tons", "object is in tons, short, long or metric (not said which), not the t harvest is in"),
])
def test_a_yield_per_area_is_read_in_its_unit_and_bushels_per_acre_refused(fields: Domain, relation: str, written: str, read: str) -> None:
    """'52 bu/ac' of an 'average yield (t/ha)' was stored as 52 t/ha and '175 bushels per acre' refused as 'in acre' (an
    agronomist's audit): a yield in t/ha, kg/ha, q/ha (100 kg/ha) is converted; bushels per acre are refused, saying why."""
    assert chat_values(fields, relation, written) == [read]


def test_a_label_in_tonnes_per_hectare_names_its_unit() -> None:
    """`kg domain new` said 'average yield (t/ha)' ended in "no unit kg.units knows"."""
    assert [unit_named(t).name for t in ("t/ha", "kg/ha", "q/ha", "tonnes per hectare", "bu/ac")] == ["t/ha", "kg/ha", "q/ha", "t/ha", "bu/ac"]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("elevation", "27,940'", "8516.11"), ("elevation", "19,341'", "5895.14"), ("elevation", "27,940’", "8516.11"),
    ("elevation", "27,940′", "8516.11"), ("elevation", "about 29,032' (8,849 m)", "8849"), ("elevation", "18\"", "0.4572"),
    # counterexamples: a quoted figure, a coordinate's minutes, a name, a year, a decade, a count: no feet
    ("elevation", "'8516'", "8516"), ("elevation", "8,611 m ('K2')", "8611"), ("elevation", "8,516 m", "8516"),
    ("firstAscent", "1953 ('53)", "1953"), ("chartWeeks", "12 weeks ('Hey Jude')", "12"),
])
def test_a_figure_with_an_apostrophe_after_it_is_in_feet_of_a_length(fields: Domain, relation: str, written: str, read: str) -> None:
    """An elevation in m of "27,940'" was stored as 27,940 m and "19,341'" (Kilimanjaro) as 19,341 m (a mountaineer's
    audit): an apostrophe after a figure of a length is a prime, feet, and a quotation mark a double prime, inches."""
    assert [f"{float(v):g}" if v[0].isdigit() else v for v in chat_values(fields, relation, written)] == [f"{float(read):g}"]


@pytest.mark.parametrize("written", ["27°59'17\"N", "the 1950's"])
def test_minutes_of_arc_and_a_decade_are_no_feet(fields: Domain, written: str) -> None:
    """Counterexamples: a coordinate's minutes and seconds, a decade's apostrophe, are no feet nor inches."""
    assert not any(v[0].isdigit() for v in chat_values(fields, "elevation", written))


_RANGE = "object is a range, not one value"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("waterNeed", "500–800 mm per season", ("650", ("500", "800"), "range: 500–800 mm per season")),
    ("yieldDeclared", "8–10 tonnes per hectare", ("9", ("8", "10"), "range: 8–10 tonnes per hectare")),
    ("annualRain", "1500–2500 mm per year", ("2000", ("1500", "2500"), "range: 1500–2500 mm per year")),
    ("optimalTemp", "18–24 °C during the growing season", ("21", ("18", "24"), "range: 18–24 °C during the growing season")),
    ("seasonLength", "150–180 days from bloom to harvest", ("165", ("150", "180"), "range: 150–180 days from bloom to harvest")),
    ("waterNeed", "1,000–1,500 mm annually", ("1250", ("1000", "1500"), "range: 1,000–1,500 mm annually")),  # as before
    ("waterNeed", "650 mm per season", ("650", None, None)),
    # counterexamples: a condition, a place, what the figures are of, stay a range refused; a length a year of a relation
    # that is no year's is refused as one figure is
    ("waterNeed", "500–800 mm in summer", _RANGE), ("yieldDeclared", "8–10 tonnes in Iowa", _RANGE),
    ("bodyMass", "350–700 kg of males", _RANGE), ("elevation", "25–30 cm long tail", _RANGE),
    ("waterNeed", "1500–2500 mm per year", _RANGE), ("waterNeed", "1500 mm per year", "object is in mm/yr, not the mm waterNeed is in"),
])
def test_a_range_with_the_period_it_is_of_is_read_as_one_figure_is(fields: Domain, relation: str, written: str, read: object) -> None:
    """'500–800 mm per season', '8–10 tonnes per hectare', '18–24 °C during the growing season', '150–180 days from bloom
    to harvest' were 'a range, not one value' where '650 mm per season' was read (an agronomist's audit): a range with a
    period ('per season'), a time ('during …') or a stretch ('from … to …') after it is read, each end as one figure with
    it is, and a unit written with 'per' is a unit, no condition."""
    assert chat_ranges(fields, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("soilPH", "slightly acidic (pH 5.5–6.5)", ("6", ("5.5", "6.5"), "range: pH 5.5–6.5; slightly acidic")),
    ("soilPH", "slightly acidic to neutral (pH 6.0–7.5)", ("6.75", ("6", "7.5"), "range: pH 6.0–7.5; slightly acidic to neutral")),
    ("soilPH", "Slightly acidic (pH 6.5)", ("6.5", None, "Slightly acidic")), ("soilPH", "pH 5.5–6.5", ("6", ("5.5", "6.5"), "range: pH 5.5–6.5")),
    ("soilPH", "5.5–6.5", ("6", ("5.5", "6.5"), "range: 5.5–6.5")),  # as before
    # counterexamples: a name, a denial, a figure after no symbol of the label, a symbol of another quantity, stay unread
    ("soilPH", "Lagos (pH 6)", "object not a valid decimal"), ("soilPH", "not acidic (pH 7)", "object not a valid decimal"),
    ("soilPH", "neutral (about 7)", "object not a valid decimal"), ("soilPH", "slightly acidic (EC 2.5)", "object not a valid decimal"),
    ("population", "the metro area (population 21 million)", "object not a valid integer"),
])
def test_a_ph_range_in_a_bracket_after_class_words_is_read(fields: Domain, relation: str, written: str, read: object) -> None:
    """'slightly acidic (pH 5.5–6.5)' and 'slightly acidic to neutral (pH 6.0–7.5)' of an 'optimal soil pH' were 'not a
    valid decimal' (an agronomist's audit): the figure or range a bracket gives after the symbol the relation's label
    writes (pH) is read, the words that class it its note; 'pH 5.5–6.5' is a range of pH."""
    assert chat_ranges(fields, relation, written) == [read]
