"""Figures as a mineralogist's, a vintner's and a meteorologist's answers give them: a specific gravity for a density,
a density in lb/ft³, a European thousands separator, a formula's spaces, figures of several qualifiers."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("density", "decimal", "density (g/cm³)", "g/cm³"), ("densityKg", "decimal", "density (kg/m³)", "kg/m³"),
    ("area", "decimal", "area (km²)", "km²"), ("adultMass", "decimal", "adult mass (kg)", "kg"),
    ("vineyardArea", "decimal", "vineyard area (ha)", "ha"), ("members", "integer", "number of members", None),
    ("dose", "decimal", "dose (mg)", "mg"), ("formula", "string", "chemical formula", None), ("motto", "string", "motto", None),
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


_AMBIGUOUS = "object is an ambiguous figure ('{0}.000': {0}, or {0},000 as Europe writes it), not one value"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("vineyardArea", "66.000 ha", _AMBIGUOUS.format(66)), ("members", "1.000", _AMBIGUOUS.format(1)),
    ("dose", "2.000 mg", _AMBIGUOUS.format(2)), ("area", "about 505.000 km²", _AMBIGUOUS.format(505)),
    ("vineyardArea", "66,000 ha", "66000"), ("vineyardArea", "66 000 ha", "66000"), ("vineyardArea", "1.512.491 ha", "1512491"),
    ("density", "2.650 g/cm³", "2.65"), ("density", "2.65 g/cm³", "2.65"), ("area", "1.512 km²", "1.512"),
    ("dose", "0.000 mg", "0"), ("area", "66.0005 km²", "66.0005"), ("area", "1,000.000 km²", "1000"),
])
def test_a_dot_before_three_zeros_is_no_decimal_point_in_an_english_domain(measures: Domain, relation: str, written: str, read: str) -> None:
    """A vintner's vineyard area of Rioja '66.000 ha' was stored as 66 (then rejected as 100 % off the reference's
    66,000): an English domain reads a lone dot as a decimal point, but a European answer writes 66,000 so, and no
    one writes 66 hectares to three decimals. A figure whose one dot stands before three zeros is now unreadable as
    ambiguous; a density to three decimals ('2.650 g/cm³'), a dot before other digits, a comma, a space and a dot
    that occurs twice are read as before."""
    assert chat_values(measures, relation, written) == [read]


def test_a_german_domain_reads_a_dot_before_three_zeros_as_thousands(literatur) -> None:
    """A domain in German writes 66.000 for 66,000: read so, no ambiguity."""
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion
    from extractors import Extractor

    prompt = Prompt.make("q", "list", head="München", relation="einwohnerzahl")
    out = Extractor(literatur).extract(Completion(prompt.id, prompt.text, "t", "66.000"), prompt)
    assert [str(c.object) for c in out if isinstance(c, Candidate)] == ["66000"]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("formula", "(Mg, Fe)₂SiO₄", "(Mg,Fe)2SiO4"), ("formula", "(Mg,Fe)2SiO4", "(Mg,Fe)2SiO4"),
    ("formula", "(Ca, Na)(Mg, Fe, Al)(Si, Al)2O6", "(Ca,Na)(Mg,Fe,Al)(Si,Al)2O6"), ("formula", "CaSO4·2H2O", "CaSO4·2H2O"),
    ("motto", "(a, b)2", "(a, b)2"), ("motto", "(B, C)", "(B, C)"), ("motto", "(V, VI)", "(V, VI)"),
    ("motto", "Route (A, B) 66", "Route (A, B) 66"), ("motto", "(Xy, Fe)2", "(Xy, Fe)2"),
])
def test_a_formulas_space_after_a_comma_in_a_bracket_is_no_difference(measures: Domain, relation: str, written: str, read: str) -> None:
    """A mineralogist's chemical formula of olivine '(Mg, Fe)₂SiO₄' was rejected by cardinality beside the stored
    '(Mg,Fe)2SiO4': the space after the comma made it a second text. A text that is a chemical formula (element
    symbols, counts, brackets) is read with no space after a comma in a bracket; a text that is no formula (lower-case
    letters, no count, a word, no element's symbol) keeps its spaces."""
    assert chat_values(measures, relation, written) == [read]


@pytest.fixture(scope="module")
def winds(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """A meteorologist's winds in km/h: a peak 1-minute wind (its description says so), a wind that names no
    qualifier, a population and a drug's time to onset."""
    from kg.ontology import load_domain

    domain = measured_domain(tmp_path_factory, [("maxWind", "decimal", "maximum sustained winds (km/h)", "km/h"),
                                                ("anyWind", "decimal", "sustained winds (km/h)", "km/h"),
                                                ("population", "integer", "population", None),
                                                ("onset", "decimal", "time to onset (minutes)", "min")])
    folder = domain.path
    toml = (folder / "relations.toml").read_text(encoding="utf-8")
    toml = toml.replace('synonyms = ["maximum sustained winds (km/h)"]\n', 'synonyms = ["maximum sustained winds (km/h)"]\ndescription = "1-minute sustained, at peak."\n')
    (folder / "relations.toml").write_text(toml, encoding="utf-8")
    return load_domain(folder)


_QUALIFIED = "object is several values, not one (each averaged or measured otherwise, none the one the relation names)"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("maxWind", "175 mph (1-minute sustained); 150 km/h (10-minute)", "281.635"),
    ("maxWind", "150 mph (240 km/h) at Florida landfall; peak 160 mph (260 km/h)", "260"),
    ("maxWind", "215 km/h (10-minute sustained); 260 km/h (1-minute sustained)", "260"),
    ("maxWind", "260 km/h, 1-minute sustained", "260"), ("maxWind", "280 km/h (1-minute sustained)", "280"),
    ("maxWind", "150 km/h (10-minute); 185 km/h (3-minute)",
     "object is a figure averaged over another period (10-minute, 3-minute), not the 1-minute maxWind is of"),
    ("anyWind", "175 mph (1-minute sustained); 150 km/h (10-minute)", _QUALIFIED),
    ("anyWind", "150 mph (240 km/h) at landfall; peak 160 mph (260 km/h)", _QUALIFIED),
    ("population", "peak 5,000,000 (1950); 3,000,000 (2020)", "5000000"),  # not each qualified: as before
    ("maxWind", "195 km/h (10-minute)", "object is a figure averaged over another period (10-minute), not the 1-minute maxWind is of"),
    ("maxWind", "195 km/h at landfall", "195"), ("anyWind", "195 km/h (10-minute)", "195"),
    ("onset", "15 min (IV); 30 min (oral)", "object is several values, not one"), ("onset", "30 min", "30"),  # a time, no period
])
def test_a_wind_given_for_several_periods_or_moments_is_the_one_the_relation_names(winds: Domain, relation: str, written: str, read: str) -> None:
    """A meteorologist's maximum sustained winds (km/h), described '1-minute sustained, at peak', read '175 mph (1-minute
    sustained); 150 km/h (10-minute)' as 150 (the figure in km/h, though the two disagree) and Hurricane Ian's '150 mph
    (240 km/h) at Florida landfall; peak 160 mph (260 km/h)' as 240, the landfall's. Figures each qualified by a period
    or a moment are now the one the relation's words or description name, converted where it is in another unit;
    where they name none, several values; one figure of another period than the one named ('195 km/h (10-minute)' of a
    1-minute wind) is refused. Figures not each qualified are read as before, and so is a time in minutes ('30 min')."""
    assert chat_values(winds, relation, written) == [read]
