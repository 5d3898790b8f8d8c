"""Figures a seismologist's and an economist's audits found read wrong: a fault's slip rate in cm a year read as the
mm a year its label names, a public debt "2.55 times GDP" read as 2.55 % of GDP; each beside counterexamples of other
fields (a rainfall, a glacier's length, a crop's yield, a magnitude, a time in service) that must read as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.ontology import Domain
from kg.units import UNITS, convert, unit_in, unit_named
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = [
    ("slipRate", "decimal", "slip rate", "mm/yr"),
    ("plateSpeed", "decimal", "plate velocity", "cm/yr"),
    ("oldSlipRate", "decimal", "slip rate (mm/yr)", None),  # a domain written before kg read mm/yr
    ("annualRainfall", "decimal", "annual rainfall (mm)", "mm"),
    ("glacierLength", "decimal", "glacier length", "km"),
    ("seismicVelocity", "decimal", "P-wave velocity (km/s)", None),  # a unit kg does not know, begun by km
    ("groundAcceleration", "decimal", "peak ground acceleration (cm/s²)", None),
    ("cropYield", "decimal", "crop yield (kg/ha)", None),
    ("momentMagnitude", "decimal", "moment magnitude (Mw)", None),
    ("serviceYears", "decimal", "years in service", None),
    ("debtToGdp", "decimal", "public debt (% of GDP)", None),  # as a domain written before kg read "% of GDP"
    ("publicDebt", "decimal", "public debt", "%"),
]


@pytest.fixture(scope="module")
def measures(tmp_path_factory) -> Domain:
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("written", "unit"), [
    ("mm/yr", "mm/yr"), ("mm per year", "mm/yr"), ("mm a⁻¹", "mm/yr"), ("mm/a", "mm/yr"), ("mm yr⁻¹", "mm/yr"),
    ("cm/year", "cm/yr"), ("cm/yr", "cm/yr"), ("m/yr", "m/yr"), ("in/yr", "in/yr"), ("inches per year", "in/yr"),
    ("millimetres per year", "mm/yr"), ("% of GDP", "%"), ("percent of total exports", "%"),
    ("Mw", None), ("service", None), ("%GDP", None), ("% of", None),
])
def test_a_slow_speed_and_a_percent_of_something_are_units_a_label_names(written, unit) -> None:
    named = unit_named(written)
    assert (named.name if named is not None else None) == unit


@pytest.mark.parametrize(("text", "unit"), [
    ("2.4 cm per year", "cm/yr"), ("about 24 mm a year", "mm/yr"), ("5 mm per annum", "mm/yr"), ("10 mm yr-1", "mm/yr"),
    ("3 in a year", None),  # three of something in a year: no inches
    ("5 m/s", "m/s"), ("12 km", "km"),
])
def test_a_speed_in_a_length_a_year_is_found_after_its_figure(text, unit) -> None:
    found = unit_in(text, "speed")
    assert (found.name if found is not None else None) == unit


def test_a_slow_speed_converts_through_a_julian_year() -> None:
    assert convert(Decimal("2.4"), UNITS["cm/yr"], UNITS["mm/yr"]) == Decimal(24)
    assert convert(Decimal(1), UNITS["in/yr"], UNITS["mm/yr"]) == Decimal("25.4")
    assert convert(Decimal(8766000), UNITS["mm/yr"], UNITS["km/h"]) == Decimal("0.001")  # 8,766 km in 8,766 hours


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("slipRate", "2.4 cm per year", ["24"]),  # was 2.4 (the domain declared no unit; kg knew none)
    ("slipRate", "3–4 cm/yr", ["35"]),  # was 3.5
    ("slipRate", "8.3 cm/year", ["83"]),  # was 8.3
    ("slipRate", "about 24 mm/yr", ["24"]),
    ("slipRate", "24", ["24"]),
    ("slipRate", "1 inch per year", ["25.4"]),
    ("plateSpeed", "about 70 mm/yr", ["7"]),
    ("slipRate", "about 24 km", ["object is in km, not the mm/yr slipRate is in"]),  # a length, no speed
    ("oldSlipRate", "2.4 cm per year",  # was 2.4: the label's unit is now known, though the domain declares none
     ['object is in cm/yr, not the mm/yr the label of oldSlipRate names (declare unit = "mm/yr" to convert)']),
    ("oldSlipRate", "24 mm/yr", ["24"]),
    ("annualRainfall", "about 1,200 mm per year", ["1200"]),  # a year's rainfall: its length in a year, as before
    ("annualRainfall", "1,200 mm", ["1200"]),
    ("glacierLength", "retreating about 30 m per year", ["object is in m/yr, not the km glacierLength is in"]),  # was 0.03
    ("glacierLength", "about 12 km", ["12"]),
])
def test_a_slip_rate_in_cm_a_year_is_converted_or_refused_never_read_as_mm(measures, relation, written, read) -> None:
    assert chat_values(measures, relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("seismicVelocity", "6100 m/s", ["object is in m/s, not the km/s the label of seismicVelocity names, no unit kg knows"]),  # was 6100
    ("seismicVelocity", "6.1 km/s", ["6.1"]),
    ("seismicVelocity", "about 6.1", ["6.1"]),
    ("groundAcceleration", "0.3 g", ["object is in g, not the cm/s² the label of groundAcceleration names, no unit kg knows"]),
    ("groundAcceleration", "about 300 cm/s²", ["300"]),
    ("cropYield", "1.2 t/ha", ['object is in t/ha, not the kg/ha the label of cropYield names (declare unit = "kg/ha" to convert)']),  # was 1.2
    ("cropYield", "1,200 kg/ha", ["1200"]),
    ("momentMagnitude", "Mw 7.8", ["7.8"]),  # a bracket that begins with no unit kg knows: figures as written
    ("momentMagnitude", "7.8", ["7.8"]),
    ("serviceYears", "about 12 days", ["12"]),  # "in service" names no unit
])
def test_a_figure_in_a_known_unit_is_no_figure_in_a_label_s_unknown_unit_that_begins_with_another(measures, relation, written, read) -> None:
    assert chat_values(measures, relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("debtToGdp", "2.55 times GDP", ["object is a figure of another quantity ('times GDP'), not in the % debtToGdp is in"]),  # was 2.55
    ("debtToGdp", "about 255% of GDP", ["255"]),
    ("debtToGdp", "255", ["255"]),
    ("debtToGdp", "about 255 km", ['object is in km, not the % the label of debtToGdp names (declare unit = "%" to convert)']),
    ("publicDebt", "2.55 times GDP", ["object is a figure of another quantity ('times GDP'), not in the % publicDebt is in"]),
])
def test_a_multiple_of_gdp_is_no_percent_of_it(measures, relation, written, read) -> None:
    assert chat_values(measures, relation, written) == read
