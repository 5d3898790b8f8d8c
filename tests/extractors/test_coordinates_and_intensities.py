"""Coordinates and earthquake intensities of a seismologist's answers (found by the seismology user's audit): a
latitude's or longitude's hemisphere as its sign, degrees, minutes and seconds as decimal degrees, the one axis of a
pair, and an intensity on another scale than the relation names refused, its own scale's name dropped; each rule
beside answers of other fields that it must leave as they were."""

from __future__ import annotations

import pytest

from kg.ontology import Domain

from .measured import chat_values, measured_domain


@pytest.fixture(scope="module")
def quakes(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with coordinates, intensities and, as counterexamples, other fields' relations."""
    return measured_domain(tmp_path_factory, [
        ("epicentreLatitude", "decimal", "epicentre latitude", None), ("epicentreLongitude", "decimal", "epicentre longitude", None),
        ("maxIntensity", "string", "maximum Mercalli intensity", None), ("peakShindo", "string", "maximum JMA shindo intensity", None),
        ("flatTaxRate", "decimal", "flat tax rate", None), ("longRunGrowth", "decimal", "long-run growth", None),
        ("latencyMs", "decimal", "latency", None), ("focalDepth", "decimal", "focal depth", "km"),
        ("albumTitle", "string", "album title", None), ("regnalName", "string", "regnal name", None),
        ("coordinates", "string", "coordinates", None),
    ])


@pytest.mark.parametrize(("written", "read"), [
    ("38.29° S", "-38.29"), ("38.29°S", "-38.29"), ("38.29 S", "-38.29"), ("S 38.29°", "-38.29"), ("38.29 degrees south", "-38.29"),
    ("~38.29° S", "-38.29"), ("38.29° N", "38.29"), ("-38.29", "-38.29"), ("38.29", "38.29"),
    ("The epicentre was at 38.29° S, 73.05° W.", "-38.29"),
])
def test_a_southern_latitude_keeps_its_sign(quakes: Domain, written: str, read: str) -> None:
    """'38.29° S' of an epicentre's latitude was stored as 38.29, the north: a hemisphere after or before the figure is
    its sign, south negative."""
    assert chat_values(quakes, "epicentreLatitude", written) == [read]


def test_a_western_longitude_keeps_its_sign_and_a_hemisphere_of_the_other_axis_is_refused(quakes: Domain) -> None:
    """A longitude's W is negative, its E positive; an E of a latitude, an N of a longitude, is no value of it."""
    assert chat_values(quakes, "epicentreLongitude", "73.05° W") == ["-73.05"]
    assert chat_values(quakes, "epicentreLongitude", "142.373°E") == ["142.373"]
    assert chat_values(quakes, "epicentreLatitude", "142.373° E") == ["object is a longitude ('142.373° E'), not a latitude"]
    assert chat_values(quakes, "epicentreLongitude", "38.29° N") == ["object is a latitude ('38.29° N'), not a longitude"]
    assert chat_values(quakes, "epicentreLatitude", "91° N") == ["object is no latitude: 91 degrees is over 90"]
    assert chat_values(quakes, "epicentreLatitude", "-38.29° S") == ["object is a coordinate with two signs ('-38.29° S')"]


@pytest.mark.parametrize(("written", "read"), [
    ("34°12′47″N", "34.213056"), ("34°12'47\"N", "34.213056"), ("34°12.8′N", "34.213333"), ("34° 12′ 47″ S", "-34.213056"),
    ("34°30′N", "34.5"), ("40°0′N", "40"), ("0°30′S", "-0.5"),
])
def test_degrees_minutes_and_seconds_are_decimal_degrees(quakes: Domain, written: str, read: str) -> None:
    """'34°12′47″N' of an epicentre's latitude was stored as 34: its minutes and seconds are sixtieths."""
    assert chat_values(quakes, "epicentreLatitude", written) == [read]


def test_minutes_without_their_marks_or_over_sixty_are_unreadable(quakes: Domain) -> None:
    """'34 12 47 N' writes no mark of degrees or minutes (it was read as 341247): kg reads no such coordinate."""
    assert chat_values(quakes, "epicentreLatitude", "34 12 47 N") == ["object is a coordinate kg reads only with its degree mark ('47 N')"]
    assert chat_values(quakes, "epicentreLatitude", "34°61′N") == ["object is no coordinate: minutes or seconds of 60 or more ('34°61′N')"]


@pytest.mark.parametrize("written", ["38.297°N, 142.373°E", "38.297°N 142.373°E", "142.373°E, 38.297°N", "38.297° N / 142.373° E"])
def test_a_pair_of_coordinates_gives_the_relations_axis(quakes: Domain, written: str) -> None:
    """'38.297°N, 142.373°E' of a latitude was refused as several values: a latitude's is the N or S one, a
    longitude's the E or W one."""
    assert chat_values(quakes, "epicentreLatitude", written) == ["38.297"]
    assert chat_values(quakes, "epicentreLongitude", written) == ["142.373"]


def test_two_latitudes_are_several_values(quakes: Domain) -> None:
    assert chat_values(quakes, "epicentreLatitude", "38.24°S to 38.29°S")[0].startswith("object is several values, not one")


@pytest.mark.parametrize(("relation", "written"), [
    ("flatTaxRate", "38.29 S"), ("longRunGrowth", "2.5 W"), ("latencyMs", "38.29 S"), ("focalDepth", "29 km S"),
])
def test_a_figure_and_a_letter_of_another_relation_is_no_coordinate(quakes: Domain, relation: str, written: str) -> None:
    """A flat tax, long-run growth or latency (their names hold 'lat' and 'long' in other words) and a depth read no
    hemisphere: none gives a negative figure."""
    assert not any(value.startswith("-") for value in chat_values(quakes, relation, written))


def test_a_places_coordinates_of_a_text_relation_stay_as_written(quakes: Domain) -> None:
    assert chat_values(quakes, "coordinates", "38.297°N, 142.373°E") == ["38.297°N, 142.373°E"]


@pytest.mark.parametrize(("written", "read"), [
    ("MMI X", "X"), ("XII (Extreme) on the Modified Mercalli scale", "XII"), ("XI (Extreme)", "XI"), ("MMI 9", "IX"),
    ("IX on the Mercalli scale", "IX"), ("Modified Mercalli Intensity IX", "IX"), ("IX (MMI)", "IX"), ("IX", "IX"),
    ("9", "9"), ("VII-VIII", "VII-VIII"), ("MMI 13", "MMI 13"),
])
def test_a_mercalli_intensity_without_its_scales_name(quakes: Domain, written: str, read: str) -> None:
    """'MMI X' and 'XII (Extreme) on the Modified Mercalli scale' were stored as written, apart from X and XII: the
    relation's own scale is dropped, an Arabic level of the named scale written in Roman numerals; a bare '9' may be
    another scale's level, and stays."""
    assert chat_values(quakes, "maxIntensity", written) == [read]


@pytest.mark.parametrize(("written", "scale"), [("shindo 7 (JMA scale)", "shindo"), ("VIII on the EMS-98 scale", "EMS-98"), ("7 (JMA)", "JMA")])
def test_an_intensity_on_another_scale_is_refused(quakes: Domain, written: str, scale: str) -> None:
    """'shindo 7 (JMA scale)' of a maximum Mercalli intensity was stored as the Mercalli intensity 'shindo 7'."""
    assert chat_values(quakes, "maxIntensity", written) == [f"object is an intensity on another scale ('{scale}'), not maxIntensity's Mercalli"]


def test_a_shindo_relation_keeps_its_arabic_levels_and_refuses_mercalli(quakes: Domain) -> None:
    assert chat_values(quakes, "peakShindo", "shindo 7") == ["7"]
    assert chat_values(quakes, "peakShindo", "IX (MMI)") == ["object is an intensity on another scale ('MMI'), not peakShindo's JMA"]


@pytest.mark.parametrize(("relation", "written"), [
    ("albumTitle", "MMI X"), ("albumTitle", "Shindo 7"), ("regnalName", "Louis IX"), ("albumTitle", "XII (Extreme)"),
])
def test_a_text_relation_that_is_no_intensity_keeps_scale_words(quakes: Domain, relation: str, written: str) -> None:
    """An album's title or a king's regnal name naming a scale or a Roman numeral is read as written."""
    values = chat_values(quakes, relation, written)
    assert values and written.split(" (")[0] in values[0], values
