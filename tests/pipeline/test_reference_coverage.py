"""What the domain's reference graph said of each fact: recorded on its support node
(``kg:referenceCheck``), shown by ``kg why`` and by ``kg report``'s coverage table.

Before, a fact-checker could not tell a fact the reference confirmed from one it had never
heard of: "UK population 6700000" (a subject the reference lacks, accepted at the validator's
0.7) read as any other accepted fact."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import kg_exit_code

ROWS = (
    "head,relation,tail\n"
    "Germany,population,82927922\n"  # the reference's very figure
    "France,population,66 million\n"  # the reference's 66,987,244, within the tolerance
    "Atlantis Republic,population,5 million\n"  # a country the reference lacks
    "Australia,hasCapital,Sydney\n"  # the reference says Canberra
)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("coverage")
    rows = folder / "facts.csv"
    rows.write_text(ROWS, encoding="utf-8")
    store = folder / "store"
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", str(store), "-q") == 0
    return store


def _why(store: Path, triple: str, capsys) -> dict:
    capsys.readouterr()
    assert kg_exit_code("why", triple, "--store", str(store), "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("triple", "word"),
    [
        ("Germany kgeo:population 82927922", "confirmed"),
        ("France kgeo:population 66000000", "within tolerance"),
        ("Atlantis Republic kgeo:population 5000000", "unknown"),
    ],
)
def test_kg_why_says_what_the_reference_said_of_an_accepted_fact(ingested, capsys, triple, word) -> None:
    found = _why(ingested, triple, capsys)
    assert found["status"] == "accepted"
    assert [rec.get("reference") for rec in found["tree"]["provenance"]] == [word]
    assert kg_exit_code("why", triple, "--store", str(ingested)) == 0
    assert f"reference={word!r}" in capsys.readouterr().out


def test_kg_why_says_the_reference_contradicted_a_rejected_candidate(ingested, capsys) -> None:
    found = _why(ingested, "Australia kgeo:hasCapital Sydney", capsys)
    assert found["status"] == "rejected"
    assert [rej.get("reference") for rej in found["rejections"]] == ["contradicted"]


def test_kg_report_has_a_reference_coverage_table(ingested, tmp_path) -> None:
    out = tmp_path / "report.html"
    assert kg_exit_code("report", "--store", str(ingested), "-o", str(out)) == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="coverage"' in html
    section = html[html.index('id="coverage"'):html.index('id="reasons"')]
    rows = re.findall(r"<tr>(.*?)</tr>", section)
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in rows]
    assert cells[0] == ["relation", "accepted", "confirmed", "within tolerance", "unknown"]
    assert ["kgeo:population", "3", "1", "1", "1"] in cells


def test_the_run_report_counts_accepted_facts_by_what_the_reference_said(tmp_path, capsys) -> None:
    rows = tmp_path / "facts.csv"
    rows.write_text(ROWS, encoding="utf-8")
    capsys.readouterr()
    store = str(tmp_path / "store")
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", store, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accepted_by_reference"] == {"confirmed": 1, "unknown": 1, "within tolerance": 1}
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", store) == 0  # the table says it too
    shown = " ".join(capsys.readouterr().out.split())  # however wide the console
    assert "accepted, by what the reference graph said: confirmed 1, unknown 1, within tolerance 1" in shown


def test_a_candidate_the_batch_cardinality_check_rejects_keeps_the_reference_word(tmp_path, capsys) -> None:
    """The reference knew nothing of either capital; the batch's cardinality check rejects one,
    and its record still says the reference was asked."""
    rows = tmp_path / "facts.csv"
    rows.write_text("head,relation,tail\nAtlantis Republic,hasCapital,Poseidonia\nAtlantis Republic,hasCapital,Tritonis\n", encoding="utf-8")
    store = str(tmp_path / "store")
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", store, "-q") == 0
    words = []
    for city in ("Poseidonia", "Tritonis"):
        found = _why(Path(store), f"Atlantis Republic kgeo:hasCapital {city}", capsys)
        if found["status"] == "rejected":
            words += [rej.get("reference") for rej in found["rejections"]]
    assert words and set(words) == {"unknown"}


def test_kg_validate_says_what_the_reference_said(tmp_path, capsys) -> None:
    rows = tmp_path / "facts.csv"
    rows.write_text(ROWS, encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(rows), "--domain", "geography", "--format", "json") == 1  # Sydney is refused
    verdicts = json.loads(capsys.readouterr().out)["verdicts"]
    assert [v["reference"] for v in verdicts] == ["confirmed", "within tolerance", "unknown", "contradicted"]
    assert kg_exit_code("validate", str(rows), "--domain", "geography") == 1
    shown = " ".join(capsys.readouterr().out.split())
    assert "accepted, by what the reference graph said: confirmed 1, unknown 1, within tolerance 1" in shown
    assert kg_exit_code("validate", str(rows), "--domain", "geography", "--format", "csv") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(",reference") and [line.rsplit(",", 1)[1] for line in lines[1:]] == [
        "confirmed", "within tolerance", "unknown", "contradicted"]


def test_a_review_that_lets_a_rejection_in_keeps_the_reference_word(tmp_path, capsys) -> None:
    """The promoted fact's new support had no reference word: kg why said none and kg report had
    no coverage row for it."""
    rows, labels, store = tmp_path / "facts.csv", tmp_path / "labels.csv", str(tmp_path / "store")
    rows.write_text('head,relation,tail\nAtlantis Republic,area,"1,234,567"\n', encoding="utf-8")
    labels.write_text("subject,relation,object,label\nAtlantis Republic,area,1234567,valid\n", encoding="utf-8")
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", store, "--threshold", "0.95", "-q") == 0
    assert kg_exit_code("review", "apply", str(labels), "--store", store, "-q") == 0
    found = _why(Path(store), "Atlantis Republic kgeo:area 1234567", capsys)
    assert found["status"] == "accepted"
    assert [rec.get("reference") for rec in found["tree"]["provenance"]] == ["unknown"]


def test_a_relation_the_reference_holds_nothing_of_records_no_word(tmp_path, capsys) -> None:
    """A reference without areas said "unknown" at full confidence for every area claim: it had
    checked nothing."""
    import shutil

    from rdflib import Graph, URIRef

    from kg.ontology import load_domain

    folder = tmp_path / "geo"
    shutil.copytree(load_domain("geography").path, folder)
    reference = Graph().parse(folder / "reference.ttl")
    reference.remove((None, URIRef("https://w3id.org/kgdistill/ontology/geography#area"), None))
    reference.serialize(folder / "reference.ttl", format="turtle")
    rows = tmp_path / "facts.csv"
    rows.write_text("head,relation,tail\nFrance,area,5\nAtlantis Republic,population,5 million\n", encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(rows), "--domain", str(folder), "--format", "json")
    verdicts = json.loads(capsys.readouterr().out)["verdicts"]
    assert [(v["reference"], v["confidence"]) for v in verdicts] == [(None, 1.0), ("unknown", 0.7)]


def test_the_counts_by_reference_word_add_up_to_the_accepted(tmp_path, capsys) -> None:
    """An aerospace distill said 'accepted 158' and 'confirmed 22, unknown 132': the 4 facts of a
    relation the reference holds no value of were counted under no word."""
    import shutil

    folder = tmp_path / "geo"
    shutil.copytree("ontologies/geography", folder)
    reference = folder / "reference.ttl"
    reference.write_text("".join(line for line in reference.read_text(encoding="utf-8").splitlines(keepends=True)
                                 if "kgeo:area" not in line), encoding="utf-8")
    rows = tmp_path / "facts.csv"
    rows.write_text(ROWS + "Germany,area,357022\n", encoding="utf-8")
    capsys.readouterr()
    store = str(tmp_path / "store")
    assert kg_exit_code("ingest", str(rows), "--domain", str(folder), "--store", store, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accepted"] == 4 == sum(report["accepted_by_reference"].values())
    assert report["accepted_by_reference"]["not checked"] == 1
    assert kg_exit_code("validate", str(rows), "--domain", str(folder)) == 1  # Sydney is refused
    shown = " ".join(capsys.readouterr().out.split())
    assert ("accepted, by what the reference graph said: confirmed 1, unknown 1, within tolerance 1, "
            "not checked 1 (the reference holds no value of their relation)") in shown
