"""A figure given in another unit than the relation declares (``unit = "km²"`` for geography's
area) is converted to it: "40.7 sq mi" was stored as 40.7 km², "248,573 sq mi" for France
refused as "off by 55%", "55 million hectares" read as 55,000,000 km²."""

from __future__ import annotations

import json

import pytest

from kg.errors import OntologyError
from kg.ontology import load_domain
from tests.conftest import kg_exit_code


def test_square_miles_hectares_and_acres_are_read_as_square_kilometres(tmp_path, capsys):
    facts = tmp_path / "facts.csv"
    facts.write_text(
        'head,relation,tail\nParis,area,40.7 sq mi\nFrance,area,"248,573 square miles"\nSpain,area,50.6 million hectares\n'
        'Lyon,area,"11,800 acres"\nGermany,area,"357,021 km²"\nItaly,area,"301,340 sq. km"\nMadrid,area,3 kg\n',
        encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", "geography", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    stored = {v["subject"].rsplit("/", 1)[1].rstrip(">"): (v["status"], v["object"].split('"')[1]) for v in report["verdicts"]}
    assert stored == {
        "paris": ("accepted", "105.413"), "france": ("accepted", "643801"), "spain": ("accepted", "506000"),
        "lyon": ("accepted", "47.7529"), "germany": ("accepted", "357021"), "italy": ("accepted", "301340"),
    }
    # a unit of another measure is refused, with the unit in the reason
    assert [row["reason"] for row in report["unreadable_rows"]] == ["line 8: object is in kg, not the km² area is in: '3 kg'"]


def test_a_unit_the_loader_does_not_know_is_an_error(tmp_path):
    domain = tmp_path / "geo"
    domain.mkdir()
    for name in ("ontology.ttl", "shapes.ttl"):
        (domain / name).write_bytes((load_domain("geography").path / name).read_bytes())
    toml = (load_domain("geography").path / "relations.toml").read_text(encoding="utf-8")
    (domain / "relations.toml").write_text(toml.replace('unit = "km²"', 'unit = "furlongs"'), encoding="utf-8")
    with pytest.raises(OntologyError, match="unit .furlongs. is none of km², m², sq mi, ha, acre, g/mol, kg/mol, Da, kDa"):
        load_domain(domain)


def test_a_figure_in_square_kilometres_is_read_as_written_and_a_converted_one_keeps_its_digits(tmp_path, capsys):
    """A figure already in km² was "converted" to six significant digits: Peru's "1,285,216 km2"
    was stored as 1285220 and "17,098,246 sq km" as 17098200, another value than "17,098,246";
    "3,855,103 sq mi" (seven digits) was rounded to 9984670."""
    facts = tmp_path / "facts.csv"
    facts.write_text('head,relation,tail\nRussia,area,"17,098,246 sq km"\nPeru,area,"1,285,216 km2"\nCanada,area,"3,855,103 sq mi"\n',
                     encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", "geography", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    stored = {v["subject"].rsplit("/", 1)[1].rstrip(">"): v["object"].split('"')[1] for v in report["verdicts"]}
    assert stored == {"russia": "17098246", "peru": "1285216", "canada": "9984671"}


def test_a_figure_given_in_both_units_is_read_in_the_relations_own() -> None:
    """"1,269,346 square miles (3,287,590 km2)" was converted from the square miles (3287591):
    the figure written in km² is the one to keep."""
    from extractors.figures import value_literal
    from kg.ontology import load_domain

    area = load_domain("geography").relations["area"]
    assert str(value_literal(area, "1,269,346 square miles (3,287,590 km2)")) == "3287590"
    assert str(value_literal(area, "6,601,670 sq mi / 17,098,246 km²")) == "17098246"
    assert str(value_literal(area, "3.8 million sq mi (9.8 million km2)")) == "9800000"


def test_a_molar_mass_in_kilodaltons_is_converted_and_a_mass_or_percent_refused(tmp_path, capsys):
    """molecularWeight "149 kDa" was stored as 149, "0.18016 kg/mol" as 0.18016, "180.16 mg"
    and "180.16%" as 180.16, and relations.toml could declare no unit but one of area: now
    ``unit = "g/mol"`` converts a figure in Da, kDa, MDa or kg/mol and refuses another measure."""
    domain = tmp_path / "drugs"
    domain.mkdir()
    (domain / "ontology.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dr: <https://example.org/drug#> .\n"
        "dr:Drug a owl:Class . dr:molecularWeight a owl:DatatypeProperty, owl:FunctionalProperty ;\n"
        "  rdfs:domain dr:Drug ; rdfs:range xsd:decimal .\n", encoding="utf-8")
    (domain / "shapes.ttl").write_text("", encoding="utf-8")
    (domain / "relations.toml").write_text(
        '[domain]\nname = "drugs"\nprefix = "dr"\nnamespace = "https://example.org/drug#"\n\n'
        '[relations.molecularWeight]\nprompt = "What is the molecular weight of {head}?"\n'
        'verbalization = "{head} has molecular weight {tail}"\nunit = "g/mol"\n', encoding="utf-8")
    facts = tmp_path / "facts.csv"
    facts.write_text("head,relation,tail\nd1,molecularWeight,149 kDa\nd2,molecularWeight,0.18016 kg/mol\n"
                     "d3,molecularWeight,1.5 MDa\nd4,molecularWeight,180.16 g/mol\nd5,molecularWeight,180.16 Da\n"
                     "d6,molecularWeight,1355.38 g mol-1\nd7,molecularWeight,180.16 mg\nd8,molecularWeight,180.16%\n",
                     encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", str(domain), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    stored = {v["subject"].rsplit("/", 1)[1].rstrip(">"): v["object"].split('"')[1] for v in report["verdicts"]}
    assert stored == {"d1": "149000", "d2": "180.16", "d3": "1500000", "d4": "180.16", "d5": "180.16", "d6": "1355.38"}
    assert [row["reason"] for row in report["unreadable_rows"]] == [
        "line 8: object is in mg, not the g/mol molecularWeight is in: '180.16 mg'",
        "line 9: object is in %, not the g/mol molecularWeight is in: '180.16%'",
    ]
