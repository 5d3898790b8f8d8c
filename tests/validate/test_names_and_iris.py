"""How a table's heads and tails name entities: by a name or an alias (``skos:altLabel``) of an
entity the store or the domain's reference graph holds, or by an IRI or a prefixed name written
in the cell; never a new ``res:`` entity beside the one the user already has."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import kg_exit_code

WD = "http://www.wikidata.org/entity/"
FRANCE, PARIS, LYON = f"<{WD}Q142>", f"<{WD}Q90>", f"<{WD}Q456>"
RES = "https://w3id.org/kgdistill/resource/"

REFERENCE = f"""\
@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <{WD}> .
wd:Q142 a kgeo:Country ; rdfs:label "France"@en, "Frankreich"@de ; skos:altLabel "French Republic"@en .
wd:Q90 a kgeo:City ; rdfs:label "Paris"@en ; kgeo:capitalOf wd:Q142 .
wd:Q456 a kgeo:City ; rdfs:label "Lyon"@en .
"""


@pytest.fixture
def wikidata_domain(tmp_path: Path) -> Path:
    """The geography domain with a small Wikidata-style reference, and ``wd:`` declared."""
    folder = tmp_path / "wgeo"
    shutil.copytree("ontologies/geography", folder, ignore=shutil.ignore_patterns("reference.ttl", "build_reference.py"))
    (folder / "reference.ttl").write_text(REFERENCE, encoding="utf-8")
    ontology = folder / "ontology.ttl"
    ontology.write_text(f"@prefix wd: <{WD}> .\n" + ontology.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _verdicts(capsys, *argv: str) -> list[dict]:
    capsys.readouterr()
    kg_exit_code("validate", *argv, "--format", "json")
    return json.loads(capsys.readouterr().out)["verdicts"]


def test_names_and_aliases_of_one_reference_entity_are_that_entity(tmp_path, wikidata_domain, capsys):
    # the reference's label, its @de label and its skos:altLabel of one country: one entity
    # (minted from the reference entity's own name, as any name is), not three, of which two
    # were refused as a second capitalOf of Paris
    facts = tmp_path / "facts.csv"
    facts.write_text("head,relation,tail\nParis,capitalOf,France\nParis,capitalOf,French Republic\nParis,capitalOf,Frankreich\n", encoding="utf-8")
    verdicts = _verdicts(capsys, str(facts), "--domain", str(wikidata_domain))
    assert [(v["subject"], v["object"], v["status"], v["confidence"]) for v in verdicts] == [(f"<{RES}paris>", f"<{RES}france>", "accepted", 1.0)] * 3


def test_an_alias_the_store_holds_names_its_entity(tmp_path, capsys):
    # her graph, loaded into the store, names France "Hexagone" by skos:altLabel: the teacher's
    # "Hexagone" is her entity, not a new res:hexagone
    store = tmp_path / "store"
    graph = tmp_path / "hers.ttl"
    graph.write_text(
        '@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n'
        '<http://example.org/fr> a kgeo:Country ; <http://www.w3.org/2000/01/rdf-schema#label> "La France"@fr ;\n'
        '    <http://www.w3.org/2004/02/skos/core#altLabel> "Hexagone"@fr .\n',
        encoding="utf-8",
    )
    facts = tmp_path / "facts.csv"
    facts.write_text("head,relation,tail\nLyon,locatedIn,Hexagone\n", encoding="utf-8")
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    assert kg_exit_code("load", str(graph), "--store", str(store), "-q") == 0
    [verdict] = _verdicts(capsys, str(facts), "--domain", "geography", "--store", str(store))
    assert verdict["object"] == "<http://example.org/fr>"


def test_iris_and_prefixed_names_in_a_table_are_those_entities(tmp_path, wikidata_domain, capsys):
    # a SPARQL CSV result (IRIs in every column) and prefixed names: judged as the same facts in
    # Turtle or through the Python API are, never minted into res:http_www_... with the IRI as label
    facts = tmp_path / "facts.csv"
    facts.write_text(
        "s,p,o\n"
        f"{WD}Q456,https://w3id.org/kgdistill/ontology/geography#capitalOf,{WD}Q142\n"
        "wd:Q90,capitalOf,wd:Q142\n"
        f"<{WD}Q456>,capitalOf,<{WD}Q142>\n",
        encoding="utf-8",
    )
    verdicts = _verdicts(capsys, str(facts), "--domain", str(wikidata_domain))
    assert [(v["subject"], v["object"], v["status"]) for v in verdicts] == [
        (LYON, FRANCE, "rejected"), (PARIS, FRANCE, "accepted"), (LYON, FRANCE, "rejected"),
    ]
    # named by its label in the domain's language (English), not the last of its @en/@de labels
    assert "the reference graph says Paris capitalOf France, not Lyon" in verdicts[0]["reasons"][0]["message"]


def test_labels_are_shown_in_the_domains_language(tmp_path, capsys):
    # an English domain, entities labelled @de, @en and @fr: `kg why` and the by-label export
    # named them in German ("de" sorts first): a COMET corpus in the wrong language
    store, graph = tmp_path / "store", tmp_path / "hers.ttl"
    graph.write_text(
        '@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n'
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        '<http://example.org/de> a kgeo:Country ; rdfs:label "Deutschland"@de, "Germany"@en, "Allemagne"@fr ;\n'
        '    kgeo:borders <http://example.org/fr> .\n'
        '<http://example.org/fr> a kgeo:Country ; rdfs:label "Frankreich"@de, "France"@en, "France"@fr .\n',
        encoding="utf-8",
    )
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    assert kg_exit_code("load", str(graph), "--store", str(store), "-q") == 0
    out = tmp_path / "atomic.tsv"
    assert kg_exit_code("export", "--store", str(store), "-f", "atomic", "-o", str(out), "-q") == 0
    assert "Germany\tborders\tFrance" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("why", "<http://example.org/de> kgeo:borders <http://example.org/fr>", "--store", str(store)) == 0
    shown = capsys.readouterr().out
    assert '"Germany"' in shown and '"France"' in shown and "Deutschland" not in shown


def test_an_alias_of_a_reference_entity_is_labelled_by_the_reference_s_own_name(tmp_path):
    """README: a teacher's alias of a reference entity "is read as that entity's own name (its
    label in the domain's language, 'France')". The IRI was res:france, but its rdfs:label was the
    teacher's "French Republic", so a query for the label 'France' found none of its facts."""
    from kg.api import KnowledgeGraph

    store, facts = tmp_path / "store", tmp_path / "facts.csv"
    facts.write_text('head,relation,tail\nCzech Republic,population,10.5 million\nParis,capitalOf,French Republic\n'
                     '"Korea, Republic of",population,51 million\n', encoding="utf-8")
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    assert kg_exit_code("ingest", str(facts), "--domain", "geography", "--store", str(store), "--quiet") == 0
    with KnowledgeGraph.open(store) as kg:
        rows = kg.query("SELECT ?e ?l WHERE { ?e rdfs:label ?l }").bindings()
    labels = {str(r["e"]).removeprefix(RES): str(r["l"]) for r in rows}
    assert labels == {"czechia": "Czechia", "france": "France", "paris": "Paris", "south_korea": "South Korea"}
