"""Figures written with their uncertainty and a power of ten, figures in units kg.units does not read, counts
beside one another, confidence intervals and months, as a chat answer or a user's file gives them (the physicist's,
the clinical researcher's and the oceanographer's audits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from tests.conftest import kg_exit_code
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("restMassKg", "double", "rest mass (kg)", "kg"), ("meanLifetime", "double", "mean lifetime (s)", "s"),
    ("radius", "double", "radius (m)", "m"), ("version", "string", "version", None), ("startDate", "date", "start date", None),
    ("doseAmount", "decimal", "dose (µg)", "µg"), ("elevation", "decimal", "elevation (m)", "m"), ("apostles", "integer", "number of apostles", None),
    ("windSpeed", "decimal", "wind speed (km/h)", "km/h"), ("efficacy", "decimal", "vaccine efficacy (%)", "%"),
    ("lifetime", "decimal", "lifetime (yr)", "yr"), ("transport", "decimal", "volume transport (Sv)", None),
    ("enrollment", "integer", "enrollment (participants)", None),
)


@pytest.fixture(scope="module")
def domain(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a physics's, a clinical trial's and an oceanography's relations of a person (a test double), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


def _noted(domain: Domain, relation: str, written: str) -> list[tuple[str, str | None]]:
    """(value, note) of each candidate a chat answer ``written`` gives for ``relation`` of the electron."""
    prompt = Prompt.make("p", "list", head="Electron", relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [(str(r.object), r.rationale) for r in out if isinstance(r, Candidate)]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("restMassKg", "9.1093837015(28)×10⁻³¹ kg", ("9.1093837015e-31", "± 0.0000000028")),
    ("restMassKg", "1.67262192369(51)×10⁻²⁷ kg", ("1.67262192369e-27", "± 0.00000000051")),
    ("restMassKg", "9.1093837015(28)e-31 kg", ("9.1093837015e-31", "± 0.0000000028")),
    ("meanLifetime", "(8.21 ± 0.11) × 10⁻¹¹ s", ("8.21e-11", "± 0.11")),
    ("meanLifetime", "8.21 ± 0.11 × 10⁻¹¹ s", ("8.21e-11", "± 0.11")),
    ("restMassKg", "9.1093837015×10⁻³¹ kg", ("9.1093837015e-31", None)),
    ("radius", "0.8414(19) m", ("0.8414", "± 0.0019")),
    ("radius", "156.3 ± 2 m", ("156.3", "± 2")),
])
def test_a_figure_with_its_uncertainty_keeps_its_power_of_ten(domain: Domain, relation: str, written: str, read: tuple[str, str | None]) -> None:
    """The electron's rest mass '9.1093837015(28)×10⁻³¹ kg' (CODATA's uncertainty in its last digits, in brackets) was
    stored as 9.1093837015, and the Omega baryon's lifetime '(8.21 ± 0.11) × 10⁻¹¹ s' as 10 (the physicist's audit):
    the power of ten is both figures', the figure's, and the uncertainty its note."""
    assert _noted(domain, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("version", "2.1(3)", "2.1(3)"),  # a text value is as written
    ("radius", "9.8 (2019)", "9.8"),  # a year in brackets is no uncertainty
])
def test_no_other_bracket_is_read_as_an_uncertainty(domain: Domain, relation: str, written: str, read: str) -> None:
    """A text value's brackets and a year after a figure are no uncertainty of it."""
    assert chat_values(domain, relation, written) == [read]


def test_a_users_row_with_a_concise_uncertainty_keeps_its_power_of_ten(domain: Domain, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user's trusted row '9.1093837015(28)e-31 kg' was 9.1093837015: it is 9.1093837015e-31 kg."""
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nElectron,restMassKg,9.1093837015(28)e-31 kg\n", encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(rows), "--domain", str(domain.path), "--format", "csv")
    assert '""9.1093837015e-31""^^' in capsys.readouterr().out


@pytest.mark.parametrize(("written", "read"), [
    ("Sept 2020", "object is a month, not a day"), ("Sept. 2020", "object is a month, not a day"),
    ("Feb. 2023", "object is a month, not a day"), ("15 Sept 2020", "2020-09-15"), ("Sept 15, 2020", "2020-09-15"),
    ("Sep 15, 2020", "2020-09-15"), ("2020", "object is a year, not a day"),
])
def test_sept_is_september(domain: Domain, written: str, read: str) -> None:
    """A trial's start date 'Sept 2020' was refused as 'a year, not a day' (the clinical researcher's audit): 'Sept' was
    read as no month, though 'Feb.' was. It is September: 'Sept 2020' is a month, '15 Sept 2020' a day."""
    assert chat_values(domain, "startDate", written) == [read]


_NO_UNIT = "object is in '{}', no unit kg reads, not the µg doseAmount is in"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("doseAmount", "5 × 10^10 viral particles", _NO_UNIT.format("viral particles")), ("doseAmount", "5 × 10^10 vp", _NO_UNIT.format("vp")),
    ("doseAmount", "5×10^10 viral particles", _NO_UNIT.format("viral particles")),
    ("doseAmount", "5 × 10¹⁰ viral particles", _NO_UNIT.format("viral particles")),
    ("doseAmount", "1,000 IU", _NO_UNIT.format("IU")), ("doseAmount", "2 × 10^6 cells", _NO_UNIT.format("cells")),
    ("doseAmount", "0.3 mL", _NO_UNIT.format("mL")),
    # a figure in a unit, or with words that are no unit after it, is read as before
    ("doseAmount", "25 µg", "25"), ("doseAmount", "30 µg, 2 doses", "30"), ("doseAmount", "25 micrograms per dose", "25"),
    ("elevation", "8,849 m above sea level", "8849"), ("elevation", "3 × 10^3 metres above sea level", "3000"),
    ("apostles", "12 apostles", "12"), ("windSpeed", "150 at landfall", "150"), ("windSpeed", "3 × 10^2 km/h at landfall", "300"),
    ("efficacy", "about 40 percent", "40"), ("lifetime", "4.5 × 10^9 years", "4500000000"),
])
def test_a_count_of_particles_is_no_mass(domain: Domain, relation: str, written: str, read: str) -> None:
    """AZD1222's dose in µg '5 × 10^10 viral particles' was stored as 50000000000 µg (the clinical researcher's audit):
    the words after the figure were no unit kg reads, and the figure was taken as the relation's own unit. A count noun
    (particles, cells, copies, units, doses, vp, IU, CFU, PFU) or words in lower case right after a figure written with
    a power of ten are no unit: refused, as '0.3 mL' is. A relation with no unit counts what it counts ('12 apostles')."""
    assert chat_values(domain, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("transport", "~30 Sv off Florida, increasing to 150 Sv by 55°W", "object is several values, not one"),
    ("enrollment", "30,000 at first, rising to 44,325", "object is several values, not one"),
    ("transport", "~30 Sv off Florida", "30"), ("transport", "30 Sv", "30"),
    ("elevation", "8,849 m, rising to 8,850 m in 2020", "8849"),  # each of a year: as before
    ("doseAmount", "Originally 500 µg, later reduced to 250 µg", "250"),  # superseded: the later one
])
def test_a_figure_that_changes_along_a_place_is_several_values(domain: Domain, relation: str, written: str, read: str) -> None:
    """The Gulf Stream's transport '~30 Sv off Florida, increasing to 150 Sv by 55°W' was stored as 30 with nothing to
    say the answer gave another figure further along (the oceanographer's audit): a figure said to increase (rise,
    decrease, fall...) to another is several values, unreadable, unless each is dated by a year or the first superseded."""
    assert chat_values(domain, relation, written) == [read]


@pytest.mark.parametrize(("written", "read"), [
    ("66.9% (95% CI 59.0–73.4) against moderate to severe/critical COVID-19",
     [("66.9", "95% CI 59.0–73.4; against moderate to severe/critical COVID-19")]),
    ("70.4% (95% confidence interval, 54.8 to 80.6) against symptomatic disease",
     [("70.4", "95% confidence interval, 54.8 to 80.6; against symptomatic disease")]),
    ("95% (95% CI 90.3–97.6)", [("95", "95% CI 90.3–97.6")]),
    ("66.9% (95% CI 59.0–73.4) in adults, 80% in the elderly", []),  # another figure after it: several, as before
    ("62–90% (depending on dosing)", [("76", "range: 62–90%; depending on dosing")]),  # a range: its middle (extractors.ranges)
])
def test_a_confidence_interval_is_no_range_of_the_figure(domain: Domain, written: str, read: list[tuple[str, str | None]]) -> None:
    """A vaccine's efficacy '66.9% (95% CI 59.0–73.4) against moderate to severe/critical COVID-19' was refused as a
    range (the clinical researcher's audit), while '95% (95% CI 90.3–97.6)' was 95: the interval in brackets was read as
    a range of the figure where words follow it. The figure is read, the interval and the words after it its note."""
    assert _noted(domain, "efficacy", written) == read


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("enrollment", "Around 40,000 participants were planned; 44,325 enrolled.", "44325"),
    ("enrollment", "The trial planned to enroll 40,000 participants, but 44,325 were enrolled.", "44325"),
    ("elevation", "A height of 5,000 m was expected; 4,810 m measured.", "4810"),
    ("enrollment", "44,325 enrolled of 40,000 planned, 43,783 analysed", "44325"),  # no plan alone: the first figure, as before
    ("enrollment", "44,325", "44325"),
])
def test_a_planned_figure_gives_way_to_the_one_reached(domain: Domain, relation: str, written: str, read: str) -> None:
    """A trial's enrollment 'Around 40,000 participants were planned; 44,325 enrolled.' was stored as 40,000 (the
    clinical researcher's audit): the part that named the relation's word (participants) was taken, though it gave
    the plan. Where one part gives a figure planned (expected, targeted...) and one other part a figure, that one is read."""
    assert chat_values(domain, relation, written) == [read]


def test_a_relation_of_a_plan_keeps_its_figure(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A relation that is itself of a plan ('target enrollment') is not read so."""
    planned = measured_domain(tmp_path_factory, [("targetEnrollment", "integer", "target enrollment", None)])
    assert chat_values(planned, "targetEnrollment", "Around 40,000 participants were planned; 44,325 enrolled.") != ["44325"]
