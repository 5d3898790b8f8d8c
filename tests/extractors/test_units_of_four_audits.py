"""Figures of a numismatist's, an agronomist's and a mountaineer's domains as a chat answer gives them: troy ounces,
yields per area, feet written with a prime, a range with the period it is of, a pH range glossed by a soil's class."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("coinMass", "decimal", "mass (g)", "g"), ("servingMass", "decimal", "serving size (g)", "g"),
    ("bodyMass", "decimal", "body mass (kg)", "kg"),
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
