"""`kg validate`: a readable report, JSON and a SHACL report graph, and the exit code."""

from __future__ import annotations

import json
import logging

import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from kg.cli import app

CANDIDATES = """\
@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
res:paris kgeo:capitalOf res:france .
res:france kgeo:population "about 2 million"^^xsd:nonNegativeInteger .
res:paris kgeo:borders res:spain .
"""


@pytest.fixture
def candidates(tmp_path):
    path = tmp_path / "candidates.ttl"
    path.write_text(CANDIDATES, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_text_report(candidates):
    result = run("validate", str(candidates), "--domain", "geography")
    assert result.exit_code == 1
    assert "3 candidates" in result.output and "1 accepted" in result.output and "2 rejected" in result.output
    assert "population must be a whole number" in result.output
    assert "borders needs a country as its subject" in result.output
    assert "✗ res:paris kgeo:borders res:spain" in result.output  # prefixed names, not full IRIs
    assert '✗ res:france kgeo:population "about 2 million"^^xsd:nonNegativeInteger' in result.output  # datatypes too


def test_json_report(candidates):
    result = run("validate", str(candidates), "-d", "ontologies/geography", "--format", "json")
    data = json.loads(result.stdout)  # (stderr: the note on the reference's cities of two populations)
    assert data["accepted"] == 1 and data["rejected"] == 2
    assert data["checks"] == {"datatype": 1, "domain": 1}
    rejected = [v for v in data["verdicts"] if v["status"] == "rejected"]
    assert rejected[0]["reasons"][0]["focus_node"] == "<https://w3id.org/kgdistill/resource/france>"


def test_turtle_report_is_a_shacl_report_graph(candidates):
    result = run("validate", str(candidates), "--format", "turtle")
    g = Graph().parse(data=result.stdout, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    assert len(list(g.subjects(URIRef(sh + "resultSeverity"), URIRef(sh + "Violation")))) == 2


def test_a_table_of_facts_by_label_is_validated_as_kg_ingest_reads_it(tmp_path, capsys):
    """`kg validate facts.csv`: "cannot tell the RDF format"; a table of head, relation, tail by
    label (what `kg ingest` reads) had to be stored to be checked."""
    from tests.conftest import kg_exit_code

    table = tmp_path / "facts.csv"
    table.write_text("head,relation,tail\nParis,capital of,France\nParis,kgeo:borders,Spain\nParis,twinnedWith,Rome\n",
                     encoding="utf-8")
    assert kg_exit_code("validate", str(table), "--domain", "geography", "--format", "json") == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert (data["accepted"], data["rejected"]) == (1, 1) and data["checks"] == {"domain": 1}
    assert "line 4: unknown relation 'twinnedWith'" in data["unreadable_rows"][0]["reason"] and "twinnedWith" not in err


def test_atomic_jsonl_rows_are_validated_as_kg_ingest_reads_them(tmp_path, capsys):
    """A biologist's JSONL of known facts (head, relation, tails), which `kg ingest` reads, was
    refused by `kg validate` ("cannot tell the RDF format"; --input-format jsonl: "unknown RDF
    format")."""
    from tests.conftest import kg_exit_code

    rows = tmp_path / "facts.jsonl"
    rows.write_text('{"head": "Paris", "relation": "capitalOf", "tails": ["France"]}\n'
                    '{"head": "Paris", "relation": "borders", "tail": "Spain"}\n'
                    '{"head": "Lyon", "relation": "capitolOf", "tails": ["France"]}\n', encoding="utf-8")
    assert kg_exit_code("validate", str(rows), "--domain", "geography", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["accepted"], data["rejected"], data["unreadable"]) == (1, 1, 1) and data["checks"] == {"domain": 1}
    assert data["unreadable_rows"] == [
        {"span": '{"head": "Lyon", "relation": "capitolOf", "tail": "France"}', "reason": "unknown relation 'capitolOf'; did you mean 'capitalOf'?"}
    ]
    same = tmp_path / "facts.txt"
    same.write_text(rows.read_text(encoding="utf-8"), encoding="utf-8")
    assert kg_exit_code("validate", str(same), "--domain", "geography", "--input-format", "jsonl", "--format", "json") == 1
    assert json.loads(capsys.readouterr().out)["accepted"] == 1


def test_unreadable_rows_are_in_the_report_with_the_whole_row(tmp_path, capsys):
    """`kg validate c.csv -f json` exited 1 for a row it could not read (`Lyon,capitolOf,France`)
    while its JSON said 0 rejected and had no word of it, and stderr quoted the tail ("France"),
    not the row; the JSON now counts and lists the unreadable rows (span, reason), the table too."""
    from tests.conftest import kg_exit_code

    table = tmp_path / "c.csv"
    table.write_text("head,relation,tail\nParis,capitalOf,France\nLyon,capitolOf,France\n", encoding="utf-8")
    assert kg_exit_code("validate", str(table), "--format", "json") == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert (data["accepted"], data["rejected"], data["unreadable"]) == (1, 0, 1)
    assert data["unreadable_rows"] == [{"span": "Lyon,capitolOf,France", "reason": "line 3: unknown relation 'capitolOf'; did you mean 'capitalOf'?"}]
    assert "capitolOf" not in err  # the report lists it; standard error does not repeat it
    assert kg_exit_code("validate", str(table)) == 1
    out, err = capsys.readouterr()
    assert "1 unreadable rows" in out
    assert "line 3: unknown relation 'capitolOf'; did you mean 'capitalOf'?: Lyon,capitolOf,France" in err
    assert kg_exit_code("validate", str(table), "--format", "csv") == 1
    assert capsys.readouterr().out.splitlines()[-1] == ',,,unreadable,,unreadable,"line 3: unknown relation \'capitolOf\'; did you mean \'capitalOf\'?: Lyon,capitolOf,France",'


def test_a_farther_figure_given_twice_is_read_as_the_closest_one_as_kg_ingest_reads_it(tmp_path, capsys):
    """Germany's population as 65 million, 83 million and 65 million again (all within the
    reference's tolerance): the first 65 million was read as the closer 83 million, but the batch
    kept it as 65 million, so the second was read as itself, a second population, and the shapes
    refused all three ("a place has one population") where `kg ingest` accepts them."""
    from tests.conftest import kg_exit_code

    table = tmp_path / "figures.csv"
    table.write_text("head,relation,tail\nGermany,population,65 million\nGermany,population,83 million\n"
                     "Germany,population,65 million\n", encoding="utf-8")
    assert kg_exit_code("validate", str(table), "--domain", "geography", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["accepted"], data["rejected"]) == (3, 0), data
    assert {v["object"] for v in data["verdicts"]} == {'"83000000"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'}


def test_validating_a_store_against_a_domain(tmp_path):
    from kg.iri import mint_iri as m
    from kg.store import EmbeddedStore

    geo = "https://w3id.org/kgdistill/ontology/geography#"
    store = EmbeddedStore.create(tmp_path / "store")
    store.add_triples([(m("Gotham"), URIRef(geo + "capitalOf"), m("Freedonia"))])
    store.close()
    result = run("validate", "--store", str(tmp_path / "store"), "--domain", "geography")
    assert result.exit_code == 0 and "1 accepted" in result.output


@pytest.mark.parametrize(
    "args, text",
    [
        (["validate"], "give an RDF FILE"),
        (["validate", "missing.ttl"], "no such file"),
        (["validate", "x.ttl", "--domain", "atlantis"], "no domain folder at 'atlantis'"),
        (["validate", "x.ttl", "--format", "xml"], "unknown report format"),
    ],
)
def test_user_mistakes_are_one_clear_line(args, text, capsys):
    from kg.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err


def test_a_compressed_file_is_validated_as_it_streams(tmp_path):
    import gzip

    path = tmp_path / "candidates.ttl.gz"
    path.write_bytes(gzip.compress(CANDIDATES.encode("utf-8")))
    result = run("validate", str(path), "--domain", "geography")
    assert result.exit_code == 1 and "3 candidates" in result.output and "2 rejected" in result.output


def test_validating_leaves_rdflib_logging_as_it_was(candidates, caplog):
    """`kg validate` of an ill-typed literal ("about 2 million"^^xsd:nonNegativeInteger) hushes
    rdflib's traceback for it, but only while it reads: it used to set the ``rdflib.term`` logger
    to ERROR for the rest of the process, so a program that ran ``kg.cli.main(["validate", ...])``
    lost rdflib's warnings afterwards."""
    rdflib_log = logging.getLogger("rdflib.term")
    before = rdflib_log.level
    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        run("validate", str(candidates), "--domain", "geography")
        assert not [r for r in caplog.records if r.name == "rdflib.term"]  # quiet while reading
        assert rdflib_log.level == logging.WARNING  # and the level the caller set is back
    assert rdflib_log.level == before


def test_a_figure_read_as_the_known_one_shows_the_figure_given_and_the_tolerance(tmp_path, capsys):
    """"Burj Khalifa height 900" accepted as the reference's 828 printed `"object": "828"`,
    accepted, as if it were the figure given (found by the geographer's audit)."""
    from tests.conftest import kg_exit_code

    table = tmp_path / "figures.csv"
    table.write_text("head,relation,tail\nGermany,population,83166711\nGermany,population,80 million\n", encoding="utf-8")
    assert kg_exit_code("validate", str(table), "--domain", "geography", "--format", "json") == 0
    known, verdict = json.loads(capsys.readouterr().out)["verdicts"]
    assert "given" not in known
    assert verdict["object"] != verdict["given"] == '"80000000"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>', verdict
    assert verdict["read_as_known"] is True and float(verdict["tolerance"]) > 0
    assert kg_exit_code("validate", str(table), "--domain", "geography") == 0
    out = capsys.readouterr().out
    assert "read as a known value (1)" in out and '"80000000"^^xsd:nonNegativeInteger read as' in out and "% tolerance" in out, out


def test_validating_a_store_counts_its_facts_apart_from_its_labels_and_types(tmp_path):
    """`kg validate --store st` reported "249 candidates … 249 accepted" of a store of 139 facts:
    its labels were counted as candidates (found by the geographer's audit)."""
    from rdflib import RDF, RDFS, Literal

    from kg.iri import mint_iri as m
    from kg.store import EmbeddedStore

    geo = "https://w3id.org/kgdistill/ontology/geography#"
    store = EmbeddedStore.create(tmp_path / "store")
    store.add_triples([(m("Gotham"), URIRef(geo + "capitalOf"), m("Freedonia")), (m("Gotham"), RDFS.label, Literal("Gotham")),
                       (m("Freedonia"), RDFS.label, Literal("Freedonia")), (m("Freedonia"), RDF.type, URIRef(geo + "Country"))])
    store.close()
    result = run("validate", "--store", str(tmp_path / "store"), "--domain", "geography")
    assert result.exit_code == 0 and "1 fact against the geography domain: 1 accepted" in result.output, result.output
    assert "and 3 label and type triples: 3 accepted" in result.output
    result = run("validate", "--store", str(tmp_path / "store"), "--domain", "geography", "-f", "json")
    assert json.loads(result.output)["facts"] == 1


def test_validating_a_store_tallies_what_the_reference_said_of_its_facts_only(tmp_path):
    """`kg validate --store store` of a paleontology's distill said 'not checked 89' where the distill's summary said
    'not checked 7': the tally of what the reference graph said counted the store's 82 label and type triples (no
    reference checks a label) with its facts. It counts facts only, as the run does."""
    from rdflib import RDF, RDFS, Literal

    from kg.iri import mint_iri as m
    from kg.store import EmbeddedStore

    geo = "https://w3id.org/kgdistill/ontology/geography#"
    store = EmbeddedStore.create(tmp_path / "store")
    store.add_triples([(m("Paris"), URIRef(geo + "capitalOf"), m("France")), (m("Paris"), RDFS.label, Literal("Paris")),
                       (m("France"), RDFS.label, Literal("France")), (m("France"), RDF.type, URIRef(geo + "Country"))])
    store.close()
    result = run("validate", "--store", str(tmp_path / "store"), "--domain", "geography")
    assert result.exit_code == 0 and "accepted, by what the reference graph said: confirmed 1" in result.output, result.output
    assert "not checked" not in result.output, result.output


def test_the_exit_code_says_whether_all_was_accepted_and_a_json_report_is_all_its_output_says(tmp_path, capsys):
    """`kg validate probe2.csv --format json > v.json; echo $?` printed 1 with no word of what 1
    means, and each unreadable row was a line on standard error too, so `2>&1` broke json.load
    (found by the meteorology user's audit). The exit code is documented in `kg validate --help`
    (0 all accepted, 1 any rejected or unreadable, 2 a usage error), and a json, csv or tsv
    report, which lists the unreadable rows itself, is all the command writes of them."""
    from tests.conftest import kg_exit_code

    table = tmp_path / "c.csv"
    table.write_text("head,relation,tail\nParis,capitalOf,France\nLyon,capitolOf,France\n", encoding="utf-8")
    assert kg_exit_code("validate", str(table), "--domain", "geography", "--format", "json") == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["unreadable"] == 1 and "unreadable" not in err
    assert kg_exit_code("validate", str(table), "--domain", "geography", "--format", "tsv") == 1
    assert "capitolOf" not in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text("head,relation,tail\nParis,capitalOf,France\n", encoding="utf-8")
    assert kg_exit_code("validate", str(good), "--domain", "geography", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["accepted"] == 1
    assert kg_exit_code("validate", str(tmp_path / "none.csv"), "--domain", "geography", "--format", "json") == 2
    assert capsys.readouterr().out == ""
    helped = " ".join(run("validate", "--help").output.split())
    assert "Exit code 0: every candidate accepted; 1: any rejected or unreadable" in helped and "2: a usage error" in helped
