"""Figures a materials engineer's and a geneticist's audits found read wrong: a stress in ksi or GPa, a gene's length
in kb, a prevalence as "1 in N", a hardness on another scale, a melting point of a substance that decomposes, a
strength of another kind; each beside counterexamples of other fields that must read as before."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = [
    ("tensileStrength", "decimal", "ultimate tensile strength", "MPa"),
    ("youngsModulus", "decimal", "Young's modulus", "GPa"),
    ("density", "decimal", "density", "g/cm³"),
    ("geneLength", "integer", "gene length in base pairs", "bp"),
    ("fileSize", "decimal", "file size", "MB"),
    ("brinellHardness", "decimal", "Brinell hardness (HB)", None),
    ("hardness", "decimal", "hardness", None),
    ("meltingPoint", "decimal", "melting point", "°C"),
    ("boilingPoint", "decimal", "boiling point", "°C"),
    ("peakTemperature", "decimal", "peak temperature", "°C"),
    ("thermalConductivity", "decimal", "thermal conductivity", "W/(m·K)"),
    ("meanAge", "decimal", "mean age", None),
    ("geneSize", "integer", "gene length in base pairs", None),  # a domain written before kg read the unit
    ("stiffness", "decimal", "Young's modulus (GPa)", None),
    ("landArea", "decimal", "land area in km²", None),
    ("serviceYears", "decimal", "years in service", None),
    ("restMass", "decimal", "rest mass (MeV)", None),
    ("salinity", "decimal", "salinity (PSU)", None),
    ("foodEnergy", "decimal", "energy (kcal)", None),
]


@pytest.fixture(scope="module")
def materials(tmp_path_factory) -> Domain:
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.fixture(scope="module")
def genetics(tmp_path_factory) -> Domain:
    """Proportions with no unit: a prevalence whose examples are fractions, an allele frequency with none."""
    return measured_domain(tmp_path_factory, [("prevalence", "decimal", "prevalence", None), ("alleleFrequency", "decimal", "allele frequency", None)],
                           examples={"prevalence": '[{head = "cystic fibrosis", tails = ["0.0004"]}]'})


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("tensileStrength", "45 ksi", ["310.264"]),  # was 45 (MPa)
    ("tensileStrength", "about 3.6 GPa", ["3600"]),  # was refused: GPa no unit kg read
    ("youngsModulus", "29,000 ksi", ["199.948"]),  # was 29000 (GPa)
    ("youngsModulus", "about 29 Msi", ["200"]),
    ("youngsModulus", "193 GPa", ["193"]),
    ("tensileStrength", "505 MPa", ["505"]),
    ("tensileStrength", "73,000 psi", ["503.317"]),
    ("tensileStrength", "about 505 at room temperature", ["505"]),  # a short word after the figure is no unit
    ("tensileStrength", "505 MPa, tested on 25 ml samples", ["505"]),  # a lower-case symbol after a figure not read is none of its unit
    ("thermalConductivity", "about 16.2 W/m·K", ["16.2"]),
    ("thermalConductivity", "16 W m⁻¹ K⁻¹", ["16"]),
    ("thermalConductivity", "16 W/mK", ["16"]),
    ("thermalConductivity", "6.7 W/m-K", ["6.7"]),
])
def test_a_stress_in_ksi_or_gpa_is_converted_and_a_thermal_conductivity_read(materials, relation, written, read) -> None:
    assert chat_values(materials, relation, written) == read


@pytest.mark.parametrize(("relation", "written", "reason"), [
    ("density", "8 ppm", "object is in 'ppm', no unit kg reads, not the g/cm³ density is in"),  # was 8 g/cm³
    ("tensileStrength", "45 kbar", "object is in 'kbar', no unit kg reads, not the MPa tensileStrength is in"),  # was 45
    ("fileSize", "5 Mb", "object is in Mb, not the MB fileSize is in"),  # megabases, or megabits: no megabyte
    ("tensileStrength", "3 kb", "object is in kb, not the MPa tensileStrength is in"),
])
def test_a_figure_in_a_unit_kg_does_not_read_or_of_another_measure_is_refused(materials, relation, written, reason) -> None:
    assert chat_values(materials, relation, written) == [reason]


@pytest.mark.parametrize(("written", "read"), [
    ("about 19 kb", ["19000"]),  # was 19
    ("~170 kb", ["170000"]),
    ("1.6 kb", ["1600"]),  # was unreadable: no integer
    ("2.2 Mb (about 2,220,000 bp)", ["2220000"]),
    ("about 2,300 base pairs", ["2300"]),
    ("4.6 kilobases", ["4600"]),
    ("188,700 bp", ["188700"]),
])
def test_a_gene_length_in_kb_or_mb_is_a_count_of_base_pairs(materials, written, read) -> None:
    assert chat_values(materials, "geneLength", written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("prevalence", "1 in 365 African-American births", ["0.00273973"]),  # was 1
    ("prevalence", "~1:3,500 live births", ["0.000285714"]),  # was 1
    ("prevalence", "0.02%", ["0.0002"]),  # was 0.02: its examples are fractions
    ("prevalence", "1 in 4,000 males and 1 in 8,000 females", ["object is several ratios, not one value"]),  # was 1
    ("prevalence", "approximately 1 in 5,000 to 1 in 20,000", ["object is a range of ratios, not one value"]),
    ("prevalence", "0.0004", ["0.0004"]),
    ("prevalence", "about 1.2 million", ["1200000"]),  # no ratio: as before
    ("alleleFrequency", "1 in 20", ["0.05"]),
    ("alleleFrequency", "5%", [
        "object is a figure in %, where alleleFrequency declares no unit and its examples give no fractions to read it by"]),
])
def test_a_ratio_of_a_proportion_is_one_over_n_never_one(genetics, relation, written, read) -> None:
    assert chat_values(genetics, relation, written) == read


@pytest.mark.parametrize(("written", "read"), [
    ("1 in 365", ["object is a ratio ('1 in 365'), not a figure of meanAge"]),  # a ratio of no proportion: was 1
    ("about 42 in 2020", ["42"]),  # a year, no ratio
    ("1:30", ["1"]),  # a time of day's colon, no ratio: as before
])
def test_a_ratio_of_a_relation_that_is_no_proportion_is_unreadable(materials, written, read) -> None:
    assert chat_values(materials, "meanAge", written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("brinellHardness", "~60 HRC", ["object is a figure of another quantity ('HRC'), not brinellHardness"]),  # was 60
    ("brinellHardness", "~36 HRC (≈ 334 HB)", ["334"]),  # was 36
    ("brinellHardness", "HV 210", ["object is a figure of another quantity ('HV'), not brinellHardness"]),
    ("brinellHardness", "Vickers 180 HV", ["object is a figure of another quantity ('Vickers'), not brinellHardness"]),
    ("brinellHardness", "70 Shore D", ["object is a figure of another quantity ('Shore D'), not brinellHardness"]),
    ("brinellHardness", "217 HB", ["217"]),
    ("brinellHardness", "about 95 HBW", ["95"]),
    ("hardness", "~60 HRC", ["60"]),  # a hardness that names no scale: as before
])
def test_a_hardness_on_another_scale_is_no_brinell_figure(materials, relation, written, read) -> None:
    assert chat_values(materials, relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("meltingPoint", "~500 °C (decomposes)", ["object is a decomposition or sublimation temperature, not a melting point"]),  # was 500
    ("meltingPoint", "SiC sublimes at about 2,700 °C rather than melting.",
     ["object is a decomposition or sublimation temperature, not a melting point"]),  # was 2700
    ("boilingPoint", "decomposes at 300 °C before boiling", ["object is a decomposition or sublimation temperature, not a boiling point"]),
    ("meltingPoint", "Melts at 1,455 °C; decomposes above 2,000 °C", ["1455"]),
    ("meltingPoint", "1,455 °C", ["1455"]),
    ("peakTemperature", "~500 °C (the sample decomposes)", ["500"]),  # no melting point: as before
    ("tensileStrength", "Not typically specified for ceramics in tension; flexural strength ~380 MPa",
     ["object is a figure of another quantity ('flexural strength'), not tensileStrength"]),  # was 380
    ("tensileStrength", "yield strength: 215 MPa", ["object is a figure of another quantity ('yield strength'), not tensileStrength"]),
    ("tensileStrength", "tensile strength about 505 MPa", ["505"]),
])
def test_a_figure_of_a_decomposition_or_another_strength_is_refused(materials, relation, written, read) -> None:
    assert chat_values(materials, relation, written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("geneSize", "about 19 kb", ['object is in kb, not the bp the label of geneSize names (declare unit = "bp" to convert)']),  # was 19
    ("stiffness", "29,000 ksi", ['object is in ksi, not the GPa the label of stiffness names (declare unit = "GPa" to convert)']),
    ("landArea", "40.7 sq mi", ['object is in sq mi, not the km² the label of landArea names (declare unit = "km²" to convert)']),
    ("geneSize", "81,189 bp", ["81189"]),
    ("stiffness", "193 GPa", ["193"]),
    ("stiffness", "about 200", ["200"]),
    ("serviceYears", "about 12 days", ["12"]),
    ("restMass", "80.4 GeV", ['object is in GeV, not the MeV the label of restMass names (declare unit = "MeV" to convert)']),  # was 80.4
    ("restMass", "938.272 MeV/c²", ["938.272"]),  # a rest mass and its energy are one figure (c = 1): as before
    ("salinity", "38‰", ["38"]),  # one scale with PSU
    ("salinity", "34–35‰", ["34.5"]),
    ("foodEnergy", "23 Calories", ["23"]),  # a food's Calorie is a kcal
    ("foodEnergy", "About 0.26 MJ", ['object is in MJ, not the kcal the label of foodEnergy names (declare unit = "kcal" to convert)']),  # "in service" names no unit: figures read as written, as before
])
def test_a_figure_in_another_unit_than_a_label_names_is_refused_where_no_unit_is_declared(materials, relation, written, read) -> None:
    assert chat_values(materials, relation, written) == read

