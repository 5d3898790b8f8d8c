"""A range of figures given as one value ("25–30 cm", "3.5 to 4", "between 7,000 and 10,000"): read as
its middle with its ends as bounds, as Wikidata bounds a quantity (asked for by five audits: a mineral's
hardness, an organ's mass, a disease's incubation period, a sea's salinity, an animal's lifespan were each
quarantined as "a range, not one value")."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_ranges, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("height", "decimal", "height (cm)", "cm"), ("density", "decimal", "density (g/cm3)", "g/cm3"),
    ("population", "nonNegativeInteger", "population", None), ("dosage", "decimal", "maximum daily dose (mg)", "mg"),
    ("hardness", "decimal", "Mohs hardness", None), ("birthYear", "gYear", "year of birth", None),
    ("incubation", "decimal", "incubation period (days)", "d"),
)

_chat = chat_ranges


@pytest.fixture(scope="module")
def domain(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("hardness", "3.5–4", ("3.75", ("3.5", "4"), "range: 3.5–4")),
    ("hardness", "3.5 to 4", ("3.75", ("3.5", "4"), "range: 3.5 to 4")),
    ("height", "25–30 cm", ("27.5", ("25", "30"), "range: 25–30 cm")),
    ("height", "1.5 to 2.07 m", ("178.5", ("150", "207"), "range: 1.5 to 2.07 m")),  # each end converted
    ("height", "25 cm to 30 cm", ("27.5", ("25", "30"), "range: 25 cm to 30 cm")),
    ("density", "approximately 2.63 - 2.92", ("2.775", ("2.63", "2.92"), "range: approximately 2.63 - 2.92")),
    ("population", "between 7,000 and 10,000", ("8500", ("7000", "10000"), "range: between 7,000 and 10,000")),
    ("population", "Estimated 14,000–20,000", ("17000", ("14000", "20000"), "range: Estimated 14,000–20,000")),
    ("dosage", "75 to 325 mg", ("200", ("75", "325"), "range: 75 to 325 mg")),
    ("incubation", "12 hours to 5 days", ("2.75", ("0.5", "5"), "range: 12 hours to 5 days")),  # a unit of its own each
    ("hardness", "6.5–6", ("6.25", ("6", "6.5"), "range: 6.5–6")),  # the ends in either order
    ("hardness", "42–62, depending on ripeness", ("52", ("42", "62"), "range: 42–62, depending on ripeness")),  # what it spans
])
def test_a_range_is_its_middle_with_its_ends_as_bounds(domain: Domain, relation: str, written: str, read: tuple) -> None:
    """'3.5–4' of a mineral's hardness was quarantined, 'a range, not one value', as was every range five audits gave:
    the fact is the range's middle, its ends its bounds (in the relation's unit), the range as written its note."""
    assert _chat(domain, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written"), [
    ("height", "160 or 170 cm"),  # alternatives, no range
    ("population", "two or three"),
    ("hardness", "42–62 in summer"),  # more said than the range
    ("hardness", "30–60% among severe cases"),
    ("population", "1 in 2,000 to 1 in 4,000"),  # ratios
    ("population", "3–14"),  # a count's middle, 8.5, is no count
    ("birthYear", "1501–1502"),  # a year's range is a period
    ("height", "from 1 to over 3,000 cm"),  # a bound, no end
    ("height", "5-5 cm"),
])
def test_what_is_no_plain_range_stays_unreadable(domain: Domain, relation: str, written: str) -> None:
    """Alternatives, ratios, a range with a condition after it, a count with no whole middle and a period of years stay
    quarantined as before: the reader takes apart only two figures of the relation joined as one value."""
    read = _chat(domain, relation, written)
    assert read and all(isinstance(r, str) for r in read), read


def test_a_model_number_is_no_range(domain: Domain) -> None:
    """A hyphen between digits of a name is no range ('747-8': the second number below the first), as before."""
    assert not any(isinstance(r, tuple) and r[1] is not None for r in _chat(domain, "hardness", "747-8"))
