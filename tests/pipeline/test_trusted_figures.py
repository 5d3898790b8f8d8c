"""A trusted row whose figure agrees, within the relation's tolerance, with one the store holds is
read as that figure and recorded as its support. A mountaineer's exact "Aconcagua, prominence,
6,961 m" so became support of the teacher's 6962, counted as accepted, with no word that the
store kept the teacher's figure; the run's notes now name each such row and how to have the
file's figure instead."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from kg.cli import main
from kg.iri import mint_iri
from kg.records import Candidate, Completion, Verdict
from kg.store import open_store

MTN = "https://example.org/mtn#"


def _domain(tmp_path: Path) -> Path:
    folder = tmp_path / "mtn"
    folder.mkdir()
    (folder / "relations.toml").write_text(
        f'[domain]\nname = "mtn"\nprefix = "mtn"\nnamespace = "{MTN}"\n\n'
        '[relations.prominence]\nprompt = "What is the prominence of {head}?"\nverbalization = "{head} rises {tail} m"\n'
        'tolerance = 0.02\nunit = "m"\n', encoding="utf-8")
    (folder / "ontology.ttl").write_text(
        f"@prefix mtn: <{MTN}> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "mtn:Mountain a owl:Class .\n"
        "mtn:prominence a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain mtn:Mountain ; rdfs:range xsd:decimal .\n",
        encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    return folder


def _ingest(tmp_path: Path, capsys, figure: str) -> tuple[list[str], set[str]]:
    """Notes of a trusted ingest of ``Aconcagua,prominence,FIGURE`` into a store where a teacher
    gave 6962, and the figures the store then holds."""
    folder, store = _domain(tmp_path), str(tmp_path / "st")
    main(["init", store, "--domain", str(folder)])
    completion = Completion("p1", "What is the prominence of Aconcagua?", "replay:t.jsonl", "6,962 m")
    taught = Candidate(mint_iri("Aconcagua"), URIRef(MTN + "prominence"), Literal("6962", datatype=XSD.decimal), completion,
                       "6,962 m", "lists", "Aconcagua", "6,962 m")
    with open_store(store) as st:
        st.write([Verdict.accept(taught, 0.9)])
    rows = tmp_path / "rows.csv"
    rows.write_text(f'head,relation,tail\nAconcagua,prominence,"{figure}"\n', encoding="utf-8")
    capsys.readouterr()
    main(["ingest", str(rows), "--domain", str(folder), "--store", store, "--trusted", "--json"])
    notes = json.loads(capsys.readouterr().out)["notes"]
    with open_store(store) as st:
        held = {str(row["o"]) for row in st.query(f"SELECT ?o WHERE {{ ?s <{MTN}prominence> ?o }}", graph="accepted").bindings()}
    return notes, held


def test_a_trusted_figure_read_as_the_stored_one_is_named_in_the_notes(tmp_path, capsys):
    notes, held = _ingest(tmp_path, capsys, "6,961 m")
    assert held == {"6962"}
    note = next(n for n in notes if "read as a figure the store held" in n)
    assert note.startswith("1 of the file's trusted rows was read as a figure the store held, within the relation's tolerance")
    assert "recorded as its support: Aconcagua rises 6961 m, read as the stored 6962. The store keeps its figure" in note
    assert "kg review apply" in note and "--again" in note


def test_the_same_figure_is_no_note(tmp_path, capsys):
    notes, held = _ingest(tmp_path, capsys, "6,962 m")
    assert held == {"6962"} and not [n for n in notes if "read as a figure the store held" in n]


def test_a_note_names_three_rows_and_counts_the_rest(tmp_path, capsys):
    folder, store = _domain(tmp_path), str(tmp_path / "st")
    main(["init", store, "--domain", str(folder)])
    peaks = {"Aconcagua": 6962, "Denali": 6144, "Kilimanjaro": 5885, "Elbrus": 4741}
    taught = []
    for peak, figure in peaks.items():
        completion = Completion(f"p-{peak}", f"What is the prominence of {peak}?", "replay:t.jsonl", str(figure))
        taught.append(Verdict.accept(Candidate(mint_iri(peak), URIRef(MTN + "prominence"), Literal(str(figure), datatype=XSD.decimal),
                                               completion, str(figure), "lists", peak, str(figure)), 0.9))
    with open_store(store) as st:
        st.write(taught)
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\n" + "".join(f"{peak},prominence,{figure - 1}\n" for peak, figure in peaks.items()), encoding="utf-8")
    capsys.readouterr()
    main(["ingest", str(rows), "--domain", str(folder), "--store", store, "--trusted", "--json"])
    note = next(n for n in json.loads(capsys.readouterr().out)["notes"] if "read as a figure the store held" in n)
    assert note.startswith("4 of the file's trusted rows were read as a figure")
    assert note.count(", read as the stored ") == 3 and "(and 1 more)" in note
