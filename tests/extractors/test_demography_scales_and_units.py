"""Figures of a demographer's and a hydrologist's domains as a chat answer gives them: South Asia's scale words
(crore, lakh), densities per area, volumes in acre-feet, a relation's own abbreviation before its figure, a figure
that changed between two years, a fraction of a relation in %, a word figure glossed by its figure, a refusal."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("population", "integer", "population", None), ("speakers", "integer", "number of speakers", None),
    ("lakes", "integer", "number of lakes", None), ("gdp", "decimal", "GDP in US dollars", None),
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

