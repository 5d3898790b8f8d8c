"""Figures as a mineralogist's, a vintner's and a meteorologist's answers give them: a specific gravity for a density,
a density in lb/ft³, a European thousands separator, a formula's spaces, figures of several qualifiers."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("density", "decimal", "density (g/cm³)", "g/cm³"), ("densityKg", "decimal", "density (kg/m³)", "kg/m³"),
    ("area", "decimal", "area (km²)", "km²"), ("adultMass", "decimal", "adult mass (kg)", "kg"),
)


@pytest.fixture(scope="module")
def measures(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a person's measured quantities (a test double of a mineralogy's, a geography's)."""
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("density", "SG 4.5", "4.5"), ("density", "S.G. 2.65", "2.65"), ("density", "Specific gravity: about 2.7", "2.7"),
    ("density", "SG 4.5 g/cm³", "4.5"), ("densityKg", "SG 4.5", "4500"), ("density", "about 160 lb/ft³", "2.56"),
    ("density", "62.4 lb/cu ft", "0.999552"), ("densityKg", "160 pounds per cubic foot", "2562.95"),
    ("density", "sp. gr. 7.4–7.6", "object is a range, not one value"),
    ("density", "SG 4.5 kg", "object is a figure of another quantity ('SG'), not density"),
    ("area", "SG 4.5", "object is a figure of another quantity ('SG'), not area"),  # "SG" of no density: Singapore's?
    ("density", "Singapore 4.5", "object is a figure of another quantity ('Singapore'), not density"),
    ("adultMass", "160 lb/ft³", "object is in lb/ft³, not the kg adultMass is in"),
    ("density", "90 lb/ft", "object is in lb, not the g/cm³ density is in"),  # a mass per length (a rail's), no density
])
def test_a_specific_gravity_is_a_density_in_g_per_cm3_and_lb_per_ft3_is_a_density(measures: Domain, relation: str, written: str, read: str) -> None:
    """A mineralogist's density 'SG 4.5' was refused as 'a figure of another quantity ('SG')', and 'about 160 lb/ft³' as
    'in lb, not the g/cm³': a specific gravity (SG, S.G., sp. gr.) is a density relative to water's, 1 g/cm³, so the
    same figure in g/cm³, and a pound per cubic foot is 0.0160185 g/cm³. A relation of another measure keeps refusing
    'SG', and a figure in lb/ft³ of a mass is refused naming the unit written."""
    assert chat_values(measures, relation, written) == [read]
