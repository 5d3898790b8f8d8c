"""The store commands as a user runs them: init, load, query, stats, export, and their errors."""

from __future__ import annotations

import csv
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from kg.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def loaded(capsys, store_dir, sample_ttl) -> Path:
    assert run(capsys, "init", str(store_dir))[0] == 0
    code, out, _ = run(capsys, "load", str(sample_ttl), "--store", str(store_dir), "-q")
    assert code == 0 and "15 triples" in out
    return store_dir


def test_query_formats(capsys, loaded):
    q = "SELECT ?c ?l WHERE { ?c a kgeo:Country ; rdfs:label ?l } ORDER BY ?l"
    code, out, _ = run(capsys, "query", q, "--store", str(loaded), "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["France", "Spain"]
    code, out, _ = run(capsys, "query", q, "--store", str(loaded), "--format", "csv")
    assert out.splitlines()[0] == "c,l" and out.splitlines()[1].endswith(",France")
    code, out, _ = run(capsys, "query", q, "--store", str(loaded), "--format", "tsv")
    assert out.splitlines()[0] == "?c\t?l"
    code, out, _ = run(capsys, "query", q, "--store", str(loaded))
    assert code == 0 and "France" in out and "Spain" in out
    code, out, _ = run(capsys, "query", "CONSTRUCT WHERE { ?s kgeo:borders ?o }", "--store", str(loaded), "--format", "turtle")
    g = rdflib.Graph().parse(data=out, format="turtle")
    assert len(g) == 1
    code, out, _ = run(capsys, "query", "ASK { res:paris kgeo:capitalOf res:france }", "--store", str(loaded))
    assert out.strip() == "yes"


def test_query_from_file(capsys, loaded, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a kgeo:City }")
    code, out, _ = run(capsys, "query", "--file", str(q), "--store", str(loaded), "-f", "csv")
    assert code == 0 and out.splitlines()[1] == "2"


def test_stats_json(capsys, loaded):
    code, out, _ = run(capsys, "stats", "--store", str(loaded), "--format", "json")
    data = json.loads(out)
    assert data["graphs"]["accepted"] == 15 and data["entities"] == 5


def test_stats_says_where_the_ontology_is_read_when_its_graph_is_empty(capsys, tmp_path, sample_ttl):
    """After `kg init --domain D`, `kg stats` listed the graph ontology with 0 triples, as if the domain's
    ontology were missing (the README lists an ontology graph): it is read from the domain folder, the
    graph holds only one loaded with `kg load --graph ontology`. The table says where it is read."""
    store = tmp_path / "geo"
    assert run(capsys, "init", str(store), "--domain", "geography")[0] == 0
    code, out, _ = run(capsys, "stats", "--store", str(store))
    assert code == 0 and "the ontology graph is empty" in out and str(Path("geography") / "ontology.ttl") in out, out
    bare = tmp_path / "bare"
    run(capsys, "init", str(bare))
    code, out, _ = run(capsys, "stats", "--store", str(bare))
    assert "the store records no domain" in out, out
    run(capsys, "load", str(sample_ttl), "--store", str(bare), "--graph", "ontology", "-q")
    code, out, _ = run(capsys, "stats", "--store", str(bare))
    assert code == 0 and "the ontology graph is empty" not in out and "records no domain" not in out, out


def test_stats_says_when_the_stores_kg_toml_does_not_validate(capsys, loaded):
    """`kg stats` silently ignored a kg.toml with one misspelt key and reported the default
    teacher cache instead of the one the file names; it now warns, in one line, naming the key."""
    (loaded / "kg.toml").write_text('[teacher]\ncache = "elsewhere.sqlite"\n[critic]\ntreshold = 0.6\n', encoding="utf-8")
    code, out, err = run(capsys, "stats", "--store", str(loaded), "--format", "json")
    assert code == 0 and json.loads(out)["graphs"]["accepted"] == 15
    assert "warning:" in err and "critic.treshold: unknown key" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "fmt,parse_as", [("turtle", "turtle"), ("ntriples", "nt"), ("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld"), ("rdfxml", "xml")]
)
def test_export_rdf_formats_round_trip(capsys, loaded, tmp_path, fmt, parse_as):
    out = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, "export", "--store", str(loaded), "-f", fmt, "-o", str(out), "-q")
    assert code == 0, err
    if parse_as in ("nquads", "trig"):
        ds = rdflib.Dataset()
        ds.parse(out, format=parse_as)
        assert len(ds) == 15
    else:
        assert len(rdflib.Graph().parse(out, format=parse_as)) == 15


def test_export_graphml_and_gexf_carry_labels(capsys, loaded, tmp_path):
    out = tmp_path / "g.graphml"
    code, printed, _ = run(capsys, "export", "--store", str(loaded), "-f", "graphml", "-o", str(out), "-q")
    # the count is the edges (it said "wrote 4 triples" of a 15-triple graph)
    assert code == 0 and printed.startswith("wrote 4 edges (types and literal values are node properties)")
    g = nx.read_graphml(out)
    paris = "https://w3id.org/kgdistill/resource/paris"
    assert g.nodes[paris]["label"] == "Paris" and g.nodes[paris]["type"] == "City"
    assert g.nodes[paris]["population"] == 2102650  # typed: attr.type long
    assert g.number_of_edges() == 4
    gexf = tmp_path / "g.gexf"
    assert run(capsys, "export", "--store", str(loaded), "-f", "gexf", "-o", str(gexf), "-q")[0] == 0
    assert nx.read_gexf(gexf).number_of_nodes() == 5


def test_export_format_follows_the_extension(capsys, loaded, tmp_path):
    graphml = tmp_path / "graph.graphml"
    code, _, err = run(capsys, "export", "--store", str(loaded), "-o", str(graphml), "-q")
    assert code == 0, err
    assert nx.read_graphml(graphml).number_of_edges() == 4  # GraphML, not Turtle in a .graphml file
    for name, parse_as in (("g.ttl", "turtle"), ("g.nt", "nt"), ("g.jsonld", "json-ld"), ("g.rdf", "xml")):
        assert run(capsys, "export", "--store", str(loaded), "-o", str(tmp_path / name), "-q")[0] == 0
        assert len(rdflib.Graph().parse(tmp_path / name, format=parse_as)) == 15
    # a format that contradicts the extension is refused, and nothing is written
    code, _, err = run(capsys, "export", "--store", str(loaded), "-f", "turtle", "-o", str(tmp_path / "x.graphml"))
    assert code == 2 and "does not match the extension" in err and not (tmp_path / "x.graphml").exists()
    # no extension, no format: ask for one
    code, _, err = run(capsys, "export", "--store", str(loaded), "-o", str(tmp_path / "graph"))
    assert code == 2 and "pass --format" in err
    # the Python API infers it the same way
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(loaded) as kg:
        assert kg.export(tmp_path / "api.gexf") == 4
    assert nx.read_gexf(tmp_path / "api.gexf").number_of_nodes() == 5


def test_export_dash_means_standard_output(capsys, loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "export", "--store", str(loaded), "-o", "-", "-q")
    assert code == 0, err
    assert len(rdflib.Graph().parse(data=out, format="turtle")) == 15  # Turtle by default
    assert not (tmp_path / "-").exists()
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "export", "--store", str(loaded), "-o", "-", "-f", "ntriples", "-q"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 15 and not (tmp_path / "-").exists()
    code, _, err = run(capsys, "export", "--store", str(loaded), "-o", "-", "-f", "neo4j-csv")
    assert code == 2 and "folder" in err


KILLED_MIDWAY = """
import os, signal, sys
import kg.export
from kg.cli import main

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal: a background job starts with SIGINT ignored

real = kg.export.iter_quads


def iter_quads(*args, **kwargs):  # the signal comes after the first quads are written
    for i, quad in enumerate(real(*args, **kwargs)):
        if i == 3:
            sys.stdout.flush()
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        yield quad


kg.export.iter_quads = iter_quads
main(sys.argv[2:])
"""


@pytest.mark.parametrize("sig,code", [("SIGINT", 130), ("SIGTERM", 143)])
def test_export_interrupted_leaves_the_output_file_as_it_was(loaded, tmp_path, sig, code):
    """An interrupted `kg export -o FILE` (Ctrl-C, SIGTERM) left a truncated but well-formed file
    at FILE, which `kg load` then loaded as whole; FILE is now the whole export or as it was."""
    out = tmp_path / "out" / "dump.nt"
    out.parent.mkdir()
    argv = ["export", "--store", str(loaded), "-o", str(out), "-q"]
    proc = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, sig, *argv], capture_output=True, text=True)
    assert proc.returncode == code, proc.stderr
    assert "export stopped" in proc.stderr and "Traceback" not in proc.stderr
    assert list(out.parent.iterdir()) == []  # neither the file nor a partial one
    out.write_text("old\n")
    proc = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, sig, *argv], capture_output=True, text=True)
    assert proc.returncode == code and out.read_text() == "old\n" and list(out.parent.iterdir()) == [out]


def test_export_removes_the_partial_files_killed_exports_of_its_target_left(capsys, loaded, tmp_path):
    """SIGKILL runs no cleanup: each killed `kg export -o FILE` left a hidden partial file (as big
    as the export) under a random name, which no later export removed."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # a process no longer running
    gone.wait()
    from kg.files import writer_id

    host = writer_id().split(".", 1)[1]
    stale = [tmp_path / f".out.nt.{gone.pid}-0123abcd.partial.nt", tmp_path / ".out.nt.89abcdef.partial.nt",
             tmp_path / f".out.nt.{gone.pid}.{host}-0123abcd.partial.nt"]
    running = tmp_path / f".out.nt.{os.getpid()}-00000000.partial.nt"  # an export writing now
    other = tmp_path / f".other.nt.{gone.pid}-0123abcd.partial.nt"  # another target's
    elsewhere = tmp_path / f".out.nt.{gone.pid}.{'f' * 8 if host != 'f' * 8 else 'e' * 8}-0123abcd.partial.nt"  # another machine's
    for path in (*stale, running, other, elsewhere):
        path.write_text("half", encoding="utf-8")
    code, _, err = run(capsys, "export", "--store", str(loaded), "-o", str(tmp_path / "out.nt"), "-q")
    assert code == 0, err
    assert not any(p.exists() for p in stale)
    assert running.exists() and other.exists() and elsewhere.exists() and len((tmp_path / "out.nt").read_text().splitlines()) == 15


TERMINATED_WHILE_RUNNING = """
import os, signal, sys
import kg.pipeline
from kg.cli import main


def terminated(*args, **kwargs):  # `kill PID` while the run asks its teacher
    os.kill(os.getpid(), signal.SIGTERM)
    signal.pause()


kg.pipeline.distill = kg.pipeline.ingest = terminated
main(sys.argv[1:])
"""


@pytest.mark.parametrize("command", ["distill", "ingest"])
def test_sigterm_ends_distill_and_ingest_as_ctrl_c_does(tmp_path, command):
    """SIGTERM (systemctl stop, docker stop, timeout) ended kg distill with the default action:
    exit 143 and nothing on stderr, where Ctrl-C says what is kept."""
    store, rows = tmp_path / "kg", tmp_path / "rows.jsonl"
    rows.write_text("", encoding="utf-8")
    argv = ["distill", "--teacher", f"replay:{rows}"] if command == "distill" else ["ingest", str(rows)]
    argv += ["--domain", "geography", "--store", str(store)]
    proc = subprocess.run([sys.executable, "-c", TERMINATED_WHILE_RUNNING, *argv], capture_output=True, text=True)
    assert proc.returncode == 143, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "terminated; every finished batch is kept: rerun the command to resume"


def test_export_to_stdout_streams_and_leaves_no_spool(loaded, tmp_path):
    """`kg export -o -` wrote the whole export into $TMPDIR before any of it reached standard
    output, and SIGTERM left that copy behind; an RDF export now streams, nothing in $TMPDIR."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    argv = ["export", "--store", str(loaded), "-o", "-", "-f", "ntriples", "-q"]
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_MIDWAY, "SIGTERM", *argv], capture_output=True, text=True, env={**os.environ, "TMPDIR": str(spool)}
    )
    assert proc.returncode == 143, proc.stderr
    assert len(proc.stdout.splitlines()) >= 3  # what was read before the signal reached stdout
    assert list(spool.iterdir()) == []


def test_export_neo4j_csv_header_format(capsys, loaded, tmp_path):
    out = tmp_path / "neo"
    assert run(capsys, "export", "--store", str(loaded), "-f", "neo4j-csv", "-o", str(out), "-q")[0] == 0
    nodes = list(csv.reader((out / "nodes.csv").open(newline="")))
    rels = list(csv.reader((out / "relationships.csv").open(newline="")))
    assert nodes[0][0] == "iri:ID" and nodes[0][-1] == ":LABEL" and "population:long" in nodes[0]
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "iri:string"]
    assert len(nodes) == 6 and len(rels) == 5
    assert {r[2] for r in rels[1:]} == {"capitalOf", "locatedIn", "borders", "onContinent"}


def test_a_failed_neo4j_export_keeps_the_previous_folder_whole(capsys, loaded, tmp_path, monkeypatch):
    """`kg export -f neo4j-csv -o DIR` rewrote DIR file by file: a disk filling up left a
    truncated nodes.csv beside the previous export's relationships.csv (neo4j-admin then met
    edges to missing nodes). The folder is now written beside DIR and put in its place whole;
    its import.sh names the files where they are, not where they were written."""
    out = tmp_path / "neo"
    assert run(capsys, "export", "--store", str(loaded), "-f", "neo4j-csv", "-o", str(out), "-q")[0] == 0
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    from kg.exporters import neo4j

    def disk_full(self, fields):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(neo4j._Writer, "row", disk_full)
    code, _, err = run(capsys, "export", "--store", str(loaded), "-f", "neo4j-csv", "-o", str(out), "-q")
    assert {f.name: f.read_bytes() for f in out.iterdir()} == before
    assert (code, err) == (1, f"error: cannot write {str(out)!r}: No space left on device\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo", "sample.ttl", "store"]  # no partial folder
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "neo4j-admin").write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    (fake / "neo4j-admin").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    said = subprocess.run(["sh", str(out / "import.sh")], capture_output=True, text=True, env=env, cwd=tmp_path).stdout
    assert f"--nodes={out}/nodes.csv" in said.splitlines() and f"--relationships={out}/relationships.csv" in said.splitlines()


def test_a_full_disk_is_not_a_usage_error(capsys, loaded):
    """`kg export -o /dev/full` exited 2 (usage, format errors: "fix your command"); a full disk
    is the environment's failure: 1, as `kg export -o - > /dev/full`."""
    code, _, err = run(capsys, "export", "--store", str(loaded), "-o", "/dev/full", "-f", "turtle", "-q")
    assert (code, err) == (1, "error: cannot write '/dev/full': No space left on device\n")


def test_user_mistakes_give_one_line_and_nonzero_exit(capsys, loaded, tmp_path):
    bad_ttl = tmp_path / "bad.ttl"
    bad_ttl.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e .\n")
    code, _, err = run(capsys, "load", str(bad_ttl), "--store", str(loaded), "-q")
    assert code != 0 and "not valid turtle" in err and "Traceback" not in err
    code, out, _ = run(capsys, "stats", "--store", str(loaded), "-f", "json")
    assert json.loads(out)["graphs"]["accepted"] == 15  # nothing of the bad file was added
    cases = [
        (["query", "SELEC ?x", "--store", str(loaded)], "invalid SPARQL"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(loaded), "-g", "facts"], "unknown graph"),
        (["load", str(tmp_path / "missing.ttl"), "--store", str(loaded)], "no such file"),
        (["load", str(bad_ttl.with_suffix(".xyz")), "--store", str(loaded)], "no such file"),
        (["export", "--store", str(loaded), "-f", "docx", "-o", str(tmp_path / "x")], "unknown export format"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "nowhere")], "no store at"),
        (["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(loaded), "-f", "turtle"], "is a table"),
    ]
    for argv, message in cases:
        code, _, err = run(capsys, *argv)
        assert code != 0, argv
        assert message in err, (argv, err)
        assert "Traceback" not in err


def test_a_service_that_cannot_be_reached_is_one_line(capsys, loaded):
    """`kg query` runs a user's own SERVICE (the server refuses it); one that cannot be reached
    failed while the rows were printed, as an 'unexpected ConnectionRefusedError'."""
    import socket

    with socket.socket() as sock:  # a local port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    for fmt in ("table", "json"):
        code, _, err = run(capsys, "query", sparql, "--store", str(loaded), "-f", fmt)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: query failed:"), err


def test_unknown_extension_asks_for_format(capsys, loaded, tmp_path):
    f = tmp_path / "data.xyz"
    f.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n")
    code, _, err = run(capsys, "load", str(f), "--store", str(loaded))
    assert code != 0 and "pass --format" in err
    code, out, err = run(capsys, "load", str(f), "--store", str(loaded), "--format", "ntriples", "-q")
    assert code == 0 and "1 triples" in out


def test_init_into_a_file_path_is_a_clear_error(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "init", str(blocker / "store"))
    assert code != 0 and "cannot create a store" in err


def test_real_process_exit_code_and_no_traceback(loaded):
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "query", "SELECT ?x WHERE {", "--store", str(loaded)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: invalid SPARQL") and "Traceback" not in proc.stderr


def test_loading_an_ontology_as_knowledge_says_where_it_belongs(capsys, tmp_path):
    """A user loaded their OWL ontology (classes, properties) with `kg load`: its axioms went
    into the accepted graph, counted as knowledge, without a word. They still do, as asked, and
    a note says --graph ontology is the place for them."""
    onto = tmp_path / "onto.ttl"
    onto.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ex: <http://example.org/> .\n"
        "ex:onto a owl:Ontology . ex:Drug a owl:Class .\n", encoding="utf-8")
    store = tmp_path / "st"
    assert run(capsys, "init", str(store))[0] == 0
    code, out, err = run(capsys, "load", str(onto), "--store", str(store), "-q")
    assert code == 0 and "2 triples" in out and "--graph ontology" in err
    code, out, err = run(capsys, "load", str(onto), "--store", str(store), "-q", "--graph", "ontology")
    assert code == 0 and "--graph ontology" not in err


def test_the_list_of_commands_gives_each_summary_as_one_line(capsys, monkeypatch):
    """The list of commands kept the docstrings' line breaks ("funnel, relations, rejections," /
    "confidence, ..."), ragged at any terminal width."""
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    line = next(ln for ln in out.splitlines() if " report " in ln)
    assert "rejections, confidence, growth per run" in line
    code, out, _ = run(capsys, "rules", "--help")
    assert "`kg reason` then infers with them and `kg why` shows" in next(ln for ln in out.splitlines() if " accept " in ln)


def test_control_characters_from_the_store_do_not_reach_the_terminal(tmp_path, capsys):
    """Rich prints ESC as it is: a teacher's label "\\x1b]0;pwned\\x07\\x1b[2J" retitled and
    cleared the terminal of whoever ran kg query or kg why (terminal escape injection)."""
    store = tmp_path / "s"
    data = tmp_path / "evil.nt"
    data.write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "EVIL\\u001B]0;pwned\\u0007\\u001B[2J\\u009B31m" .\n'
                    '<urn:x:a> <urn:x:p> <urn:x:b> .\n', encoding="utf-8")
    main(["init", str(store)])
    main(["load", str(data), "--store", str(store), "-q"])
    capsys.readouterr()
    main(["query", "SELECT ?l WHERE { ?s rdfs:label ?l }", "--store", str(store)])
    main(["why", "<urn:x:a> <urn:x:p> <urn:x:b>", "--store", str(store)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "EVIL" in text and "\\x1b]0;pwned" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b")


def test_load_and_init_say_what_the_path_really_is(capsys, loaded, tmp_path):
    """`kg load DIR` and `kg load /dev/stdin` (a pipe) said "no such file", and `kg init` on a
    symbolic link to nothing said "File exists"; each now names what the path is."""
    (tmp_path / "adir").mkdir()
    code, _, err = run(capsys, "load", str(tmp_path / "adir"), "--store", str(loaded))
    assert code == 2 and "is a directory" in err
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "load", str(fifo), "--store", str(loaded))
    assert code == 2 and "is not a regular file" in err
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    code, _, err = run(capsys, "init", str(tmp_path / "dangling"))
    assert code == 1 and "symbolic link" in err and "which does not exist" in err and "File exists" not in err
    spaced = tmp_path / "st ü x"
    code, out, _ = run(capsys, "init", str(spaced), "--domain", "geography")
    command = out.split("`")[1]  # the command it suggests runs as shown (the name was unquoted)
    assert code == 0 and shlex.split(command) == ["kg", "distill", "--store", str(spaced)]


def test_a_failed_init_leaves_nothing_so_the_retry_works(capsys, tmp_path, monkeypatch):
    """`kg init` that failed part-way (a path past PATH_MAX: kg.lock could not be opened) left a
    folder with kg-store.json, and the retry said it "already holds a kg store; open it instead"."""
    monkeypatch.chdir(tmp_path)
    for _ in range(20):  # an absolute path of over 4,000 bytes, reached by relative steps
        os.mkdir("d" * 200)
        os.chdir("d" * 200)
    name = "e" * 200
    for _ in range(2):
        code, _, err = run(capsys, "init", name)
        assert code == 1 and "cannot lock" in err and "already holds" not in err
        assert not os.path.lexists(name)


def test_report_and_review_sheet_are_written_whole(capsys, loaded, tmp_path, monkeypatch):
    """On a full disk `kg report -o r.html` and `kg review export -o rev.csv` left an empty or
    truncated file in place of the earlier one (a sheet a reviewer may have been labelling), and
    said only "No space left on device". Now the earlier file stays and the error names it."""
    import pathlib

    report, sheet = tmp_path / "r.html", tmp_path / "rev.csv"
    report.write_text("the earlier report")
    sheet.write_text("the earlier sheet")
    write_text = pathlib.Path.write_text

    def half_then_disk_full(self, text, *args, **kwargs):
        write_text(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(28, "No space left on device")

    def disk_full(self, rows):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_text", half_then_disk_full)
    monkeypatch.setattr(csv.DictWriter, "writerows", disk_full)
    said = [run(capsys, "report", "--store", str(loaded), "-o", str(report)),
            run(capsys, "review", "export", "--store", str(loaded), "--graph", "accepted", "-o", str(sheet), "--force")]
    monkeypatch.undo()
    assert (report.read_text(), sheet.read_text()) == ("the earlier report", "the earlier sheet")
    assert [(code, err) for code, _, err in said] == [
        (1, f"error: cannot write {str(path)!r}: No space left on device\n") for path in (report, sheet)
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "rev.csv", "sample.ttl", "store"]


def test_the_quarantine_exports_as_the_rejected_graph_and_an_unknown_graph_fails_before_exporting(capsys, loaded, tmp_path):
    """`kg export -g quarantine` (the docs' word for the rejected graph) showed 'exporting
    quarantine as atomic' and then failed, 'unknown graph' (found by the transport user's audit):
    quarantine now names the rejected graph, and an unknown name fails before any progress."""
    from rdflib import URIRef

    from kg.api import KnowledgeGraph
    from kg.iri import mint_iri
    from kg.records import Candidate, Reason, Verdict

    with KnowledgeGraph(loaded) as kg:
        cand = Candidate(mint_iri("France"), URIRef("https://w3id.org/kgdistill/ontology/geography#borders"), mint_iri("France"))
        kg.store.write([Verdict.reject(cand, Reason("irreflexive", "borders itself", mint_iri("France")))])
    code, out, err = run(capsys, "export", "--store", str(loaded), "-g", "quarantine", "-o", "-", "-f", "ntriples")
    assert code == 0 and "borders itself" in out, err
    code, _, err = run(capsys, "export", "--store", str(loaded), "-g", "quarantin", "-o", str(tmp_path / "q.nt"))
    assert code == 2 and "unknown graph 'quarantin'" in err and "exporting" not in err and not (tmp_path / "q.nt").exists()
