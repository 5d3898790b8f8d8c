"""A physicist's figures: times below a second (ms, µs, ns, ps, fs), thousands of years (ka), and a particle's
mass or energy in electronvolts (eV to TeV, a mass in eV/c²). Before, none was a unit kg read, and a figure in
one was taken as the relation's own unit: "2.2 μs" of a lifetime in seconds was 2.2 s, "125.25 GeV/c²" of a
mass in MeV 125.25 (the physicist's audit)."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from kg.units import unit_in, unit_named
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("lifetime", "double", "mean lifetime (s)", "s"), ("halfLife", "double", "half-life (years)", "yr"),
    ("restMass", "double", "rest mass (MeV)", "MeV"), ("massKg", "double", "rest mass (kg)", "kg"),
    ("ionisation", "double", "ionisation energy (eV)", "eV"), ("pulse", "double", "pulse length (ms)", "ms"),
)


@pytest.fixture(scope="module")
def particles(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("lifetime", "2.2 μs", "2.2E-6"), ("lifetime", "2.197 microseconds", "0.000002197"), ("lifetime", "290 fs", "2.90E-13"),
    ("lifetime", "About 12 ns", "1.2E-8"), ("pulse", "0.5 s", "500"), ("halfLife", "5.73 ka", "5730"),
    ("restMass", "938.272 MeV/c²", "938.272"), ("restMass", "125.25 GeV/c²", "125250"), ("restMass", "0.511 MeV", "0.511"),
    ("restMass", "1.777 GeV/c^2", "1777"), ("ionisation", "13.6 eV", "13.6"), ("ionisation", "13.6 electronvolts", "13.6"),
    ("massKg", "0.51099895 MeV/c²", "9.10938E-31"), ("massKg", "938.272 MeV", "1.67262E-27"),
])
def test_a_figure_in_a_physics_unit_is_converted(particles: Domain, relation: str, written: str, read: str) -> None:
    assert [float(v) for v in chat_values(particles, relation, written)] == pytest.approx([float(read)], rel=1e-5)


@pytest.mark.parametrize(("relation", "written"), [("lifetime", "13.6 eV"), ("restMass", "2.2 μs"), ("ionisation", "5 kg")])
def test_a_figure_of_another_measure_is_refused(particles: Domain, relation: str, written: str) -> None:
    assert chat_values(particles, relation, written)[0].startswith("object is in ")


@pytest.mark.parametrize("text", ["Ma Long won", "the 1990s", "4 us"])
def test_words_like_the_new_units_are_none(text: str) -> None:
    """Counterexamples: a name, a decade, a word after a figure."""
    unit = unit_in(text)
    assert unit is None or unit.name not in {"kyr", "µs", "ms", "ns", "ps", "fs"}


def test_a_label_in_mev_names_its_unit() -> None:
    """`kg domain new` said 'rest mass (MeV)' ended in "no unit kg.units knows"."""
    assert [unit_named(t).name for t in ("MeV", "GeV/c²", "µs", "ka")] == ["MeV", "GeV/c²", "µs", "kyr"]


_SEA = (("salinity", "decimal", "salinity (PSU)", "PSU"), ("transport", "decimal", "volume transport (Sv)", "Sv"),
        ("maxDepth", "decimal", "maximum depth (m)", "m"), ("radius", "double", "charge radius (m)", "m"),
        ("protein", "decimal", "protein per day (g)", "g"))


@pytest.fixture(scope="module")
def seas(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    return measured_domain(tmp_path_factory, _SEA)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("salinity", "35 PSU", "35"), ("salinity", "about 35‰", "35"), ("salinity", "34.7 g/kg", "34.7"),
    ("transport", "~30 Sv", "30"), ("transport", "150 Sverdrups", "150"), ("transport", "3.0 × 10⁷ m³/s", "30"),
    ("maxDepth", "5,960 fathoms", "10899.6"), ("radius", "0.8414 fm", "8.414E-16"),
])
def test_an_oceanographers_figure_is_read_in_its_unit(seas: Domain, relation: str, written: str, read: str) -> None:
    """'(PSU)' and '(Sv)' named no unit, so '3.5%' and '35‰' of one salinity were stored as 3.5 and 35, and
    '5,960 fathoms' was refused (the oceanographer's audit); a fathom is six feet."""
    assert [float(v) for v in chat_values(seas, relation, written)] == pytest.approx([float(read)], rel=1e-5)


@pytest.mark.parametrize(("relation", "written"), [("salinity", "3.5%"), ("protein", "1.6 g/kg")])
def test_a_share_is_no_salinity_nor_a_dose_a_mass(seas: Domain, relation: str, written: str) -> None:
    assert chat_values(seas, relation, written)[0].startswith("object is in ")


_CHARGES = (("charge", "string", "electric charge", None), ("spin", "string", "spin", None),
            ("chargedWith", "string", "charged with", None), ("section", "string", "section", None))


@pytest.fixture(scope="module")
def charged(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    return measured_domain(tmp_path_factory, _CHARGES)


@pytest.mark.parametrize(("written", "read"), [("−1 e", "−1"), ("+2/3 e", "+2/3"), ("-1/3 e", "-1/3"), ("0 e", "0"), ("+1", "+1")])
def test_a_charge_in_elementary_charges_is_its_number(charged: Domain, written: str, read: str) -> None:
    """"−1 e" of a charge was the text "−1 e", refused beside the reference's "-1" (the physicist's audit)."""
    assert chat_values(charged, "charge", written) == [read]


@pytest.mark.parametrize(("relation", "written"), [("spin", "1/2 e"), ("chargedWith", "2 e"), ("section", "4 e"), ("charge", "e")])
def test_an_e_after_a_number_of_another_relation_stays(charged: Domain, relation: str, written: str) -> None:
    """Counterexamples: a spin, a charge sheet's count, a section's part: the letter is no unit there."""
    assert chat_values(charged, relation, written) == [written]
