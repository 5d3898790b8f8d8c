"""`kg validate FILE`: SPARQL query results are read as triples, and a file that gives no
candidates is an error, never a silent success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import kg_exit_code

KGEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"

SRJ = {
    "head": {"vars": ["s", "p", "o"]},
    "results": {"bindings": [{
        "s": {"type": "uri", "value": RES + "lyon"},
        "p": {"type": "uri", "value": KGEO + "capitalOf"},
        "o": {"type": "uri", "value": RES + "france"},
    }]},
}
SRX = f"""<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="subject"/><variable name="predicate"/><variable name="object"/></head>
  <results><result>
    <binding name="subject"><uri>{RES}lyon</uri></binding>
    <binding name="predicate"><uri>{KGEO}capitalOf</uri></binding>
    <binding name="object"><uri>{RES}france</uri></binding>
  </result></results>
</sparql>
"""
TSV = f"?s\t?p\t?o\n<{RES}lyon>\t<{KGEO}capitalOf>\t<{RES}france>\n"


@pytest.mark.parametrize("name, text", [
    ("res.json", json.dumps(SRJ)), ("res.srj", json.dumps(SRJ)), ("res.srx", SRX), ("res.xml", SRX), ("res.tsv", TSV),
])
def test_a_sparql_result_of_triples_is_validated(tmp_path, capsys, name, text):
    # a SPARQL JSON result read as JSON-LD gave 0 candidates and exit 0; .srj was refused
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(path), "--format", "json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["candidates"] == 1 and out["unreadable"] == 0
    assert "Paris capitalOf France, not Lyon" in out["verdicts"][0]["reasons"][0]["message"]


def test_a_sparql_result_of_other_variables_is_refused_with_why(tmp_path, capsys):
    path = tmp_path / "res.json"
    path.write_text(json.dumps({"head": {"vars": ["city"]}, "results": {"bindings": []}}), encoding="utf-8")
    assert kg_exit_code("validate", str(path)) == 2
    assert "?s ?p ?o" in capsys.readouterr().err


def test_a_file_of_no_candidates_is_an_error(tmp_path, capsys):
    path = tmp_path / "teacher.json"
    path.write_text('{"answers": []}', encoding="utf-8")
    assert kg_exit_code("validate", str(path)) == 2
    assert "no candidate triples" in capsys.readouterr().err


def test_an_unknown_extension_names_the_input_format_option(tmp_path, capsys):
    path = tmp_path / "facts.dat"
    path.write_text("", encoding="utf-8")
    assert kg_exit_code("validate", str(path)) == 2
    err = capsys.readouterr().err
    assert "--input-format" in err and "pass --format" not in err


def test_a_json_array_of_triples_is_read_as_kg_ingest_reads_it(tmp_path, capsys):
    # [{"subject", "predicate", "object"}] was "no candidate triples in it" (read as JSON-LD only),
    # while kg ingest took the same file
    path = tmp_path / "g.json"
    path.write_text(json.dumps([{"subject": "France", "predicate": "population", "object": 67000000},
                                {"subject": "Lyon", "predicate": "capitalOf", "object": "France"},
                                {"subject": "France", "predicate": "capitolOf", "object": "Paris"}]), encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(path), "--domain", "geography", "--format", "json") == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["candidates"], out["accepted"], out["rejected"], out["unreadable"]) == (2, 1, 1, 1)
    assert "Paris capitalOf France, not Lyon" in out["verdicts"][1]["reasons"][0]["message"]
    assert "unknown relation 'capitolOf'; did you mean 'capitalOf'?" in out["unreadable_rows"][0]["reason"]  # as a TSV's row


BOOKS = Path(__file__).parents[1] / "extractors" / "books"


def test_an_empty_cell_of_a_users_file_is_named_as_the_files_not_as_a_teachers_answer(tmp_path, capsys):
    """An art museum's own TSV with an empty tail was unreadable because "the teacher's answer
    is empty": no teacher answered it."""
    rows = tmp_path / "rows.tsv"
    rows.write_text("head\trelation\ttail\nFrance\tpopulation\t\nSpain\thasCapital\tMadrid\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(rows), "--domain", "geography", "--format", "json") == 1  # an unreadable row
    out = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in out["unreadable_rows"]] == ["line 2: the file's cell is empty"]


def test_an_unknown_relation_in_a_users_file_says_which_it_likely_means(tmp_path, capsys):
    """An astronomer's row with the relation 'orbitss' was only "unknown relation 'orbitss'", where
    kg why offered "did you mean ast:orbits?"."""
    rows = tmp_path / "rows.tsv"
    rows.write_text("Lyon\tcapitalOff\tFrance\nLyon\tfoo\tFrance\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(rows), "--domain", "geography", "--format", "json") == 1
    reasons = [r["reason"] for r in json.loads(capsys.readouterr().out)["unreadable_rows"]]
    assert reasons == ["line 1: unknown relation 'capitalOff'; did you mean 'capitalOf'?", "line 2: unknown relation 'foo'"]
    store = tmp_path / "store"
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", str(store), "--critic", "none") == 0
    assert "'capitalOff' (1; did you mean 'capitalOf'?), 'foo' (1)" in capsys.readouterr().out


def test_a_none_answer_with_a_remark_in_a_users_file_is_a_none_answer(tmp_path, capsys):
    """An energy user's row 'Hoover Dam decommissioningYear N/A (still operating)' was "not a valid
    gYear"; a none answer with a bracketed remark is a none answer, and a name after a none word
    stays a name ("Nobody (2021 film)" is the film)."""
    rows = tmp_path / "rows.tsv"
    rows.write_text("The Hobbit\ttranslator\tN/A (never translated)\nThe Sequel\tpart of series\tNobody (2021 film)\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(rows), "--domain", str(BOOKS), "--format", "json") == 1
    out = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in out["unreadable_rows"]] == ["line 1: object is a none answer, no fact: 'N/A (never translated)'"]
    assert [v["object"].startswith(f"<{RES}nobody_2021_film") for v in out["verdicts"]] == [True]


def test_a_rows_name_that_reads_like_no_answer_is_a_name_and_a_none_answer_is_listed(tmp_path, capsys):
    # a film archive's rows "Nobody 2 sequelOf Nobody" and "Unknown director Jaume Collet-Serra"
    # vanished as none answers (exit 0, no word); a file whose only row said no one directed a
    # film was "no candidate triples in it ... is it the format its extension says?"
    rows = tmp_path / "rows.tsv"
    rows.write_text("Unknown\tauthor\tJane Doe\nThe Sequel\tpart of series\tNobody\nThe Hobbit\ttranslator\tNobody\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("validate", str(rows), "--domain", str(BOOKS), "--format", "json") == 1
    out = json.loads(capsys.readouterr().out)
    assert {(v["subject"], v["object"]) for v in out["verdicts"]} == {
        (f"<{RES}unknown>", f"<{RES}jane_doe>"), (f"<{RES}the_sequel>", f"<{RES}nobody>"),
    }
    assert [r["reason"] for r in out["unreadable_rows"]] == ["line 3: object is a none answer, no fact: 'Nobody'"]  # no one translated it
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"head": "The Hobbit", "relation": "translator", "tail": "Nobody"}) + "\n", encoding="utf-8")
    assert kg_exit_code("validate", str(one), "--domain", str(BOOKS)) == 1
    err = capsys.readouterr().err
    assert "object is a none answer, no fact: 'Nobody'" in err and "no candidate triples" not in err


def test_the_same_rows_in_json_jsonl_tsv_and_csv_are_validated_alike(tmp_path, capsys):
    """`kg validate` read an automotive analyst's row one way from a .json (the object's gloss
    split off) and another from a .tsv (kept whole), and a .jsonl of subject, predicate, object
    lines gave "not an ATOMIC row ('head')" per line where `kg ingest` reads it: every format is
    read as `kg ingest` reads it, a cell as the same chat answer."""
    rows = [("Lyon", "locatedIn", "France (in the south-east)"), ("France", "borders", "Spain and Belgium")]
    files = {"v.tsv": "".join(f"{s}\t{p}\t{o}\n" for s, p, o in rows),
             "v.csv": "".join(f'{s},{p},"{o}"\n' for s, p, o in rows),
             "v.json": json.dumps([{"subject": s, "predicate": p, "object": o} for s, p, o in rows]),
             "v.jsonl": "".join(json.dumps({"subject": s, "predicate": p, "object": o}) + "\n" for s, p, o in rows)}
    verdicts = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        capsys.readouterr()
        assert kg_exit_code("validate", str(tmp_path / name), "--domain", "geography", "--format", "json") == 0
        out = json.loads(capsys.readouterr().out)
        assert out["unreadable_rows"] == []
        verdicts[name] = sorted((v["subject"], v["object"]) for v in out["verdicts"])
    assert verdicts["v.tsv"] == verdicts["v.csv"] == verdicts["v.json"] == verdicts["v.jsonl"] == [
        (f"<{RES}france>", f"<{RES}belgium>"), (f"<{RES}france>", f"<{RES}spain>"), (f"<{RES}lyon>", f"<{RES}france>"),
    ]
