"""Figures, dates and texts written as people write them: "68 mln", "2023: 68 million", "6.8e7",
"1776-7-4" were misread or refused; an ambiguous "04/07/1776" got "not a valid date"; a text
the reference gives as "Euro" refused "euro"."""

from __future__ import annotations

import json
import shutil

from kg.ontology import load_domain
from tests.conftest import kg_exit_code

EXTRA_ONTOLOGY = """
kgeo:independence a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "independence" ;
    rdfs:domain kgeo:Country ; rdfs:range xsd:date .
kgeo:currency a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "currency" ;
    rdfs:domain kgeo:Country ; rdfs:range xsd:string .
"""
EXTRA_RELATIONS = """
[relations.independence]
prompt = "On what date did {head} become independent?"
verbalization = "{head} became independent on {tail}"

[relations.currency]
prompt = "What is the currency of {head}?"
verbalization = "the currency of {head} is {tail}"
"""
REFERENCE = """@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
res:france a kgeo:Country ; rdfs:label "France" ; kgeo:population "66987244"^^xsd:nonNegativeInteger ; kgeo:currency "Euro" .
res:germany a kgeo:Country ; rdfs:label "Germany" ; kgeo:population "82927922"^^xsd:nonNegativeInteger ; kgeo:currency "Euro" .
res:italy a kgeo:Country ; rdfs:label "Italy" ; kgeo:population "60431283"^^xsd:nonNegativeInteger .
res:united_states a kgeo:Country ; rdfs:label "United States" ; kgeo:independence "1776-07-04"^^xsd:date ;
    kgeo:currency "United States dollar" .
"""


def test_figures_dates_and_texts_as_people_write_them(tmp_path, capsys):
    domain = tmp_path / "geox"
    shutil.copytree(load_domain("geography").path, domain, ignore=shutil.ignore_patterns("reference.ttl", "*.py"))
    with open(domain / "ontology.ttl", "a", encoding="utf-8") as f:
        f.write(EXTRA_ONTOLOGY)
    with open(domain / "relations.toml", "a", encoding="utf-8") as f:
        f.write(EXTRA_RELATIONS)
    (domain / "reference.ttl").write_text(REFERENCE, encoding="utf-8")
    facts = tmp_path / "facts.csv"
    facts.write_text(
        "head,relation,tail\nFrance,population,68 mln\nGermany,population,2023: 83 million\nItaly,population,6.04e7\n"
        "United States,independence,1776-7-4\nFrance,currency,euro\nUnited States,currency,United States Dollar\n"
        "Germany,currency,dollar\nMexico,independence,04/07/1821\n",
        encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", str(domain), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    read = [(v["status"], v["object"].split('"')[1]) for v in report["verdicts"]]
    assert read == [("accepted", "68000000"), ("accepted", "83000000"), ("accepted", "60400000"),
                    ("accepted", "1776-07-04"), ("accepted", "euro"), ("accepted", "United States Dollar"),
                    ("rejected", "dollar")]
    assert "gives the currency of Germany as Euro, not dollar" in report["verdicts"][-1]["reasons"][0]["message"]
    [ambiguous] = [row["reason"] for row in report["unreadable_rows"]]
    assert ambiguous.startswith("line 9: object is ambiguous: 04/07/1821 may be 1821-07-04 or 1821-04-07 (day and month cannot be told apart")


def test_an_identifier_of_digits_is_text_not_a_figure_within_a_tolerance(tmp_path, capsys):
    """A volcano's GVP number (range xsd:string, "372020" in the reference) was compared as a
    figure: "399999" for Eyjafjallajökull was accepted "within tolerance" (10 %), and the right
    "372020" then refused as "farther from the reference graph's 372,020"."""
    domain = tmp_path / "geox"
    shutil.copytree(load_domain("geography").path, domain, ignore=shutil.ignore_patterns("reference.ttl", "*.py"))
    with open(domain / "ontology.ttl", "a", encoding="utf-8") as f:
        f.write('kgeo:code a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "code" ;\n'
                "    rdfs:domain kgeo:Country ; rdfs:range xsd:string .\n")
    with open(domain / "relations.toml", "a", encoding="utf-8") as f:
        f.write('\n[relations.code]\nprompt = "What is the code of {head}?"\nverbalization = "the code of {head} is {tail}"\n')
    (domain / "reference.ttl").write_text(REFERENCE + 'res:france kgeo:code "372020" .\n', encoding="utf-8")
    facts = tmp_path / "facts.csv"
    facts.write_text("head,relation,tail\nFrance,code,399999\nFrance,code,372020\n", encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", str(domain), "--format", "json")
    verdicts = json.loads(capsys.readouterr().out)["verdicts"]
    assert [(v["status"], v["object"].split('"')[1]) for v in verdicts] == [("rejected", "399999"), ("accepted", "372020")]
    assert "gives the code of France as 372020, not 399999" in verdicts[0]["reasons"][0]["message"]
