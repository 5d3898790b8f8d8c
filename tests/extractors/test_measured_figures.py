"""A figure of a measured quantity as a chat answer gives it: in weeks or months, beside one in the
relation's own unit, for each sex, in captivity, as a count in words, a range across units, a ratio."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion

_RELATIONS = (  # name, datatype, words, unit
    ("gestation", "decimal", "gestation period (days)", "d"), ("halfLife", "decimal", "elimination half-life (hours)", "h"),
    ("lifespanWild", "decimal", "lifespan in the wild (years)", "yr"), ("lifespanCaptive", "decimal", "lifespan in captivity (years)", "yr"),
    ("bodyLength", "decimal", "body length (cm)", "cm"), ("adultMass", "decimal", "adult mass (kg)", "kg"),
    ("area", "decimal", "area (km²)", "km²"), ("fatality", "decimal", "case fatality rate (%)", "%"),
    ("femaleShare", "decimal", "share of female members (%)", "%"), ("topSpeed", "decimal", "maximum speed (km/h)", "km/h"),
    ("medianAge", "decimal", "median age (years)", "yr"), ("doses", "integer", "number of doses", None),
    ("members", "integer", "number of members", None), ("reproduction", "decimal", "basic reproduction number", None),
)


@pytest.fixture(scope="module")
def measures(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a person's measured quantities (a test double of a zoology's,
    an epidemiology's, a geography's, a band's, a car's), each functional."""
    folder = tmp_path_factory.mktemp("domain") / "music"
    shutil.copytree(Path(__file__).parent / "music", folder)
    with (folder / "ontology.ttl").open("a") as f:
        for name, datatype, _, _ in _RELATIONS:
            f.write(f"\nmu:{name} a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain mu:Person ; rdfs:range xsd:{datatype} .\n")
    with (folder / "relations.toml").open("a") as f:
        for name, _, words, unit in _RELATIONS:
            f.write(f'\n[relations.{name}]\nprompt = "What is the {words} of {{head}}?"\nverbalization = "{{head}} {words} {{tail}}"\n'
                    f'synonyms = ["{words}"]\n' + (f'unit = "{unit}"\n' if unit else ""))
    return load_domain(folder)


def _chat(domain: Domain, relation: str, written: str) -> list[str]:
    """What a chat model's answer ``written`` for ``relation`` of Antonín Dvořák gives: its values, and each reason it is refused."""
    prompt = Prompt.make("p", "list", head="Antonín Dvořák", relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [str(r.object) if isinstance(r, Candidate) else r.reason.split(": '")[0] for r in out]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("gestation", "15 weeks", "105"), ("gestation", "About 2 weeks", "14"), ("gestation", "approximately 22 months", "670"),
    ("gestation", "8.5 months (about 260 days)", "260"), ("gestation", "About 3.5 months (approximately 110 days)", "110"),
    ("gestation", "110 days", "110"), ("lifespanWild", "18 months", "1.5"), ("halfLife", "about 2 weeks", "336"),
    ("halfLife", "6 hours", "6"), ("lifespanWild", "about 14 years", "14"),
    ("adultMass", "3 months", "object is in mo, not the kg adultMass is in"),  # no time is a mass
])
def test_a_figure_in_weeks_or_months_is_converted_never_taken_as_days(measures: Domain, relation: str, written: str, read: str) -> None:
    """'15 weeks' of a gestation period in days was stored as 15, 'About 2 weeks' of an incubation period as 2 and
    '8.5 months (about 260 days)' as 8.5: kg read no week or month, and took the figure as the declared unit (the
    zoologist's and the epidemiologist's audits). A week is 7 days, a month a mean month (30.4375 days), a figure in
    months keeping its own significant digits (at least three: '22 months' is 670 days, not 669.625); the days beside
    it are read as written."""
    assert _chat(measures, relation, written) == [read]
