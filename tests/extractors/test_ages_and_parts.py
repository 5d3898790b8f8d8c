"""Figures of ages in millions of years (``Ma``, "million years"), figures given per side or of
another thing, and dates written in the Old Style, as a chat answer gives them (the
paleontologist's and the military historian's audits)."""

from __future__ import annotations


import pytest

from extractors import Extractor
from kg.ontology import Domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from tests.extractors.measured import chat_values, measured_domain
from kg.units import unit_in

_RELATIONS = (  # name, datatype, words, unit
    ("firstAppearance", "decimal", "first appearance (Myr)", "Myr"), ("lifespanWild", "decimal", "lifespan in the wild (years)", "yr"),
    ("height", "decimal", "height (m)", "m"), ("troopStrength", "nonNegativeInteger", "total troop strength", None),
    ("totalCasualties", "nonNegativeInteger", "total casualties", None), ("members", "nonNegativeInteger", "number of members", None),
    ("endDate", "date", "end date", None), ("startDate", "date", "start date", None),
)


@pytest.fixture(scope="module")
def domain(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a paleontology's, a military history's and a zoology's relations of a person (a test double), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


_chat = chat_values


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("firstAppearance", "155 Ma", "155"), ("firstAppearance", "150.8 Ma", "150.8"), ("firstAppearance", "~95 Ma", "95"),
    ("firstAppearance", "68 Ma (Maastrichtian)", "68"), ("firstAppearance", "152 mya", "152"), ("firstAppearance", "150 m.y.a.", "150"),
    ("firstAppearance", "68 Myr", "68"), ("firstAppearance", "156.3 ± 2 Ma", "156.3"),
    ("lifespanWild", "2 Ma", "2000000"), ("lifespanWild", "2 mya", "2000000"),  # a relation in years: millions of them
])
def test_an_age_in_ma_is_in_millions_of_years(domain: Domain, relation: str, written: str, read: str) -> None:
    """'155 Ma' of a first appearance in Myr was refused ("object is in 'Ma', no unit kg reads") while '152 mya' read
    (the paleontologist's audit): Ma (mega-annum), mya and m.y.a. right after a figure are millions of years; a figure
    with an uncertainty ("156.3 ± 2 Ma") is its first figure."""
    assert _chat(domain, relation, written) == [read]


@pytest.mark.parametrize("text", ["Ma Long won in 2008", "in 2008 Ma Long won", "Jack Ma founded it in 1999", "1999: Ma Ying-jeou", "12 Ma Long titles"])
def test_ma_of_a_name_is_no_unit(text: str) -> None:
    """'Ma' is millions of years only right after a figure and not before a name: "Ma Long", "Jack Ma", "Ma Ying-jeou"."""
    assert unit_in(text, "time") is None


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("firstAppearance", "73 million years", "73"), ("firstAppearance", "Approximately 68 million years ago", "68"),
    ("firstAppearance", "68.5 million years ago", "68.5"), ("firstAppearance", "about 156 ± 2 million years ago", "156"),
    ("firstAppearance", "1.2 billion years", "1200"), ("lifespanWild", "about 2 million years", "2000000"),
    ("lifespanWild", "18 months", "1.5"), ("height", "8,848 ± 2 m", "8848"),
])
def test_millions_of_years_are_exact_millions_of_years(domain: Domain, relation: str, written: str, read: str) -> None:
    """'73 million years' of a first appearance in Myr was stored as 72.9998 and 'Approximately 68 million years ago' as
    68.0001 (the paleontologist's audit): the conversion rounded the product before dividing; it rounds once, at the end.
    And 'about 156 ± 2 million years' gave 0.000156: the million after an uncertainty is the figure's scale."""
    assert _chat(domain, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("endDate", "26 August 1812 (Old Style)", "1812-09-07"), ("endDate", "27 June 1709 (Old Style)", "1709-07-08"),
    ("endDate", "27 June 1709 (O.S.)", "1709-07-08"), ("endDate", "27 June 1709 [O.S.]", "1709-07-08"),
    ("endDate", "25 October 1917 (Julian calendar)", "1917-11-07"), ("endDate", "18 February 1700 (O.S.)", "1700-02-28"),
    ("endDate", "19 February 1700 (O.S.)", "1700-03-01"), ("endDate", "5 October 1582 (Old Style)", "1582-10-15"),
    ("startDate", "8 July 1709 [O.S. 27 June]", "1709-07-08"), ("startDate", "7 September [O.S. 26 August] 1812", "1812-09-07"),
    ("startDate", "25 October 1415 (Old Style)", "1415-11-03"),  # before the Gregorian calendar too: xsd:date is proleptic Gregorian
    ("startDate", "7 November 1917 (New Style)", "1917-11-07"), ("startDate", "14 July 1789 (Storming of the Bastille)", "1789-07-14"),
    ("startDate", "4 July 1776 (Independence Day)", "1776-07-04"),
])
def test_a_date_marked_old_style_is_read_as_the_gregorian_date(domain: Domain, relation: str, written: str, read: str) -> None:
    """An end date '26 August 1812 (Old Style)' was stored as 1812-08-26 and '27 June 1709 (Old Style)' as 1709-06-27
    (the military historian's audit): the Julian dates as Gregorian ones, 12 and 11 days early, while '8 July 1709 [O.S.
    27 June]' gave the New Style date. A date marked Old Style, O.S. or Julian (alone in its bracket, or the answer's
    gloss) is converted to the Gregorian calendar by its day count (the leap day of 1700 that only the Julian calendar
    has included), the mark kept as its note; a date before 15 October 1582 too (xsd:date is proleptic Gregorian); another gloss is no mark."""
    assert _chat(domain, relation, written) == [read]


_SEVERAL = "object is several values, not one (one for each side)"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("troopStrength", "86,000 Romans and 50,000 Carthaginians", _SEVERAL),
    ("totalCasualties", "About 13,500 Allied and 30,000+ Axis casualties", _SEVERAL),
    ("troopStrength", "104,000 Union vs 75,000 Confederate", _SEVERAL), ("members", "303 BJP and 52 INC", _SEVERAL),
    ("troopStrength", "The US had 3 carriers and ~360 aircraft; Japan had 4 carriers and 248 aircraft.",
     "object is a count of carriers, not of the people troopStrength counts"),
    ("totalCasualties", "About 46,000 (23,000 Union and 23,000 Confederate)", "46000"),  # the whole, its sides in brackets
    ("troopStrength", "About 160,000 men and 300 guns", "160000"), ("troopStrength", "About 6,000 Swedes", "6000"),
    ("troopStrength", "About 72,000 French troops", "72000"), ("members", "4 Members and 2 Touring Musicians", "4"),
    ("members", "12,000 Employees in Germany and 3,000 Employees in France", "12000"),
    ("members", "About 2 Million Residents", "2000000"), ("members", "3 carriers", "3"),  # no relation of troops: as before
])
def test_figures_of_each_side_or_of_machines_are_no_one_count(domain: Domain, relation: str, written: str, read: str) -> None:
    """A troop strength '86,000 Romans and 50,000 Carthaginians' was stored as 86000, total casualties 'About 13,500
    Allied and 30,000+ Axis casualties' as 13500 and 'The US had 3 carriers and ~360 aircraft; ...' as 3 (the military
    historian's audit): figures each followed by a capitalised word of their own (the side, the party) are several
    values, as "Union: 93,921; Confederate: 71,699" is; and of a relation of troops or casualties, a figure of
    carriers, aircraft, ships, guns ... counts another thing."""
    assert _chat(domain, relation, written) == [read]


def test_an_uncertainty_is_the_figures_note(domain: Domain) -> None:
    """'156.3 ± 2 Ma' gives 156.3, its uncertainty kept as the candidate's note ("± 2"), as another figure that others
    give is ("2,888 km by some measurements"), after the hedge before the figure ("about"); a figure with none has no note."""
    prompt = Prompt.make("p", "list", head="Antonín Dvořák", relation="firstAppearance")
    for written, note in (("156.3 ± 2 Ma", "± 2"), ("about 156 +/- 2 million years ago", "about; +/- 2"), ("155 Ma", None)):
        out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
        assert [(r.rationale if isinstance(r, Candidate) else r) for r in out] == [note], written
