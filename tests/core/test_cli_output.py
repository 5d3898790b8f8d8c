"""How the command line writes its output: to a reader that leaves early, to a 0x0 terminal, to
a closed or full standard output, to a pipe, in an ASCII locale; and what it writes ends with a
line break."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_cli_conventions import ROOT, run


def kg_process(*argv: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    """``kg ARGV`` in a process of its own; ``env`` sets (a value) or removes (None) variables."""
    environment = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "-m", "kg", *argv], capture_output=True, text=True, env=environment, cwd=ROOT,
        timeout=300,
    )


@pytest.fixture
def loaded(capsys, store_dir, sample_ttl) -> Path:
    assert run(capsys, "init", str(store_dir))[0] == 0
    assert run(capsys, "load", str(sample_ttl), "--store", str(store_dir), "-q")[0] == 0
    return store_dir


def test_a_reader_that_leaves_early_ends_with_141_not_a_failure(loaded):
    """`kg stats | head -1` and `kg --help | head -1` exited 1, the code of a failure (for kg
    distill: "every prompt failed"), though the command had done its work; now 141 (128 +
    SIGPIPE, what a shell expects of a tool whose reader left), with nothing on stderr."""
    for argv in (["--help"], ["stats", "--store", str(loaded)]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader left before the first byte
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=300) == 141, (argv, err)
        assert err == "", argv


def test_columns_0_draws_tables_and_help_at_a_default_width(loaded):
    """COLUMNS=0 (a 0x0 pseudo-terminal in CI) made kg query, kg stats and kg --help print
    nothing at all, with exit 0: they were drawn 0 columns wide."""
    proc = kg_process("query", "SELECT ?l WHERE { ?s rdfs:label ?l }", "--store", str(loaded), env={"COLUMNS": "0"})
    assert proc.returncode == 0 and "Paris" in proc.stdout and "5 rows" in proc.stderr, proc.stderr
    proc = kg_process("--help", env={"COLUMNS": "0"})
    assert proc.returncode == 0 and "distill" in proc.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "SELECT ?l WHERE { ?s rdfs:label ?l }"],
        ["query", "SELECT ?l WHERE { ?s rdfs:label ?l }", "--format", "csv"],
        ["stats"],
        ["stats", "--format", "json"],
        ["export", "-o", "-", "-q"],
    ],
)
def test_standard_output_that_cannot_be_written_is_one_error(capsys, loaded, monkeypatch, argv):
    """With standard output closed (`kg ... >&-`) a table was lost silently (exit 0) and
    --format csv said "unexpected AttributeError"; on a full device kg query exited 2 (a query
    error) and kg stats 1. Now each says "cannot write to standard output" and exits 1."""
    monkeypatch.setattr(sys, "stdout", None)  # what Python makes of a closed descriptor 1
    code, _, err = run(capsys, *argv, "--store", str(loaded))
    assert code == 1 and err.startswith("error: cannot write to standard output: it is closed"), err
    monkeypatch.undo()
    if not Path("/dev/full").exists():
        return
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        code, _, err = run(capsys, *argv, "--store", str(loaded))
        monkeypatch.undo()
    assert code == 1 and err.startswith("error: cannot write to standard output: No space left on device"), err


def test_a_table_cut_short_by_a_file_size_limit_is_an_error(loaded, tmp_path):
    """`kg query ... > out.txt` under `ulimit -f` (or on a disk filling up) left the table cut
    mid-row, exit 0: it is one large write, and Python's stream took the kernel's short write as
    done. --format csv said "cannot write to standard output"; now the table does too, exit 1."""
    limit = 300_000  # above what opening the store writes (RocksDB's LOG), below the table

    def file_size_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    values = " ".join(f'"{n:04d}{"x" * 400}"' for n in range(1000))
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }}", encoding="utf-8")
    out = tmp_path / "out.txt"
    with out.open("wb") as sink:
        proc = subprocess.run(
            [sys.executable, "-m", "kg", "query", "--file", str(query), "--store", str(loaded)],
            stdout=sink, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=300, preexec_fn=file_size_limit,
            env={**os.environ, "COLUMNS": "500"},
        )
    assert out.stat().st_size == limit, (proc.returncode, proc.stderr)
    assert proc.returncode == 1 and proc.stderr == "error: cannot write to standard output: File too large\n", proc.stderr
    reader = subprocess.Popen(  # `| head -1`: the reader leaves in the middle of the table's write
        [sys.executable, "-m", "kg", "query", "--file", str(query), "--store", str(loaded)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "COLUMNS": "500"},
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()
    assert reader.wait(timeout=300) == 141 and reader.stderr.read() == b""


def test_messages_to_a_pipe_are_not_broken_into_lines(loaded, tmp_path):
    """`kg export -o LONG/PATH -q | grep` saw "wrote 0 triples to" and the path on the next
    line, and kg backup's message came in four lines: rich wrapped them at 80 columns though
    standard output was no terminal."""
    folder = tmp_path / "artifacts" / "ci_pipeline_build_number_000123" / "exports"
    folder.mkdir(parents=True)
    output = folder / "knowledge-graph-export-with-a-long-name.ttl"
    proc = kg_process("export", "--store", str(loaded), "-o", str(output), "-q", env={"COLUMNS": "80"})
    assert proc.returncode == 0 and proc.stdout == f"wrote 15 triples to {output}\n", proc.stdout
    backup = tmp_path / "artifacts" / "ci_pipeline_build_number_000123" / "backup"
    proc = kg_process("backup", str(backup), "--store", str(loaded), env={"COLUMNS": "80"})
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 1 and str(backup) in proc.stdout, proc.stdout


@pytest.mark.parametrize(
    "sparql, fmt",
    [
        ("ASK { ?s ?p ?o }", "csv"),
        ("ASK { ?s ?p ?o }", "tsv"),
        ("ASK { ?s ?p ?o }", "json"),
        ("ASK { ?s ?p ?o }", "xml"),
        ("SELECT ?l WHERE { ?s rdfs:label ?l }", "json"),
        ("SELECT ?l WHERE { ?s rdfs:label ?l }", "xml"),
        ("CONSTRUCT WHERE { ?s rdfs:label ?l }", "jsonld"),
    ],
)
def test_query_output_ends_with_a_line_break(capsys, loaded, sparql, fmt):
    """`kg query 'ASK {}' -f csv | read -r answer` failed: ASK in csv/tsv/json/xml, SELECT in
    json/xml and CONSTRUCT in JSON-LD ended without a line break."""
    code, out, err = run(capsys, "query", sparql, "--store", str(loaded), "--format", fmt)
    assert code == 0, err
    assert out.endswith("\n") and not out.endswith("\n\n")
    if fmt in ("json", "jsonld"):
        json.loads(out)


def test_export_to_standard_output_ends_with_a_line_break(capsys, loaded):
    """`kg export -o - -f jsonld` (and rdfxml) ended without a line break."""
    for fmt in ("jsonld", "rdfxml", "turtle"):
        code, out, err = run(capsys, "export", "--store", str(loaded), "-o", "-", "-f", fmt, "-q")
        assert code == 0 and out.endswith("\n") and not out.endswith("\n\n"), (fmt, err)


def test_an_ascii_locale_gets_help_and_tables_not_an_encoding_error(tmp_path, capsys):
    """With LC_ALL=C and Python's UTF-8 mode and locale coercion off (ASCII standard streams),
    `kg --help` and a table holding "Genève" ended in "unexpected UnicodeEncodeError"."""
    store = tmp_path / "store"
    ttl = tmp_path / "g.ttl"
    ttl.write_text('<https://example.org/g> <http://www.w3.org/2000/01/rdf-schema#label> "Genève" .\n', encoding="utf-8")
    assert run(capsys, "init", str(store))[0] == 0
    assert run(capsys, "load", str(ttl), "--store", str(store), "-q")[0] == 0
    ascii_env = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": None, "LANG": None}
    proc = kg_process("--help", env=ascii_env)
    assert proc.returncode == 0 and "distill" in proc.stdout, proc.stderr
    proc = kg_process("query", "SELECT ?l WHERE { ?s rdfs:label ?l }", "--store", str(store), env=ascii_env)
    assert proc.returncode == 0 and "Genève" in proc.stdout, proc.stderr


def test_an_ascii_io_encoding_prints_a_file_name_that_is_not_utf8(loaded, tmp_path):
    """With PYTHONIOENCODING=ascii, `kg export -o $'caf\\xe9.ttl'` wrote the file, then said
    "unexpected UnicodeEncodeError" and exited 1: the name's byte could not be printed."""
    output = tmp_path / os.fsdecode(b"caf\xe9.ttl")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "KG_DEBUG")}
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "export", "--store", str(loaded), "-o", str(output), "-q"],
        capture_output=True, cwd=ROOT, timeout=300, env={**env, "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
    )
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    assert output.is_file() and proc.stdout == b"wrote 15 triples to " + os.fsencode(output) + b"\n"


def test_the_runs_table_says_its_times_are_utc(capsys, tmp_path, monkeypatch):
    """`kg runs` showed "2026-12-06 03:49": UTC, which a user east or west of it read as local
    time (the server's log is local with its offset, csv/json say Z). The table says UTC."""
    from kg.cli.common import console

    atomic = tmp_path / "atomic.jsonl"
    atomic.write_text(json.dumps({"head": "PersonX naps", "relation": "xWant", "tails": ["to rest"]}) + "\n", encoding="utf-8")
    store = tmp_path / "cs"
    assert run(capsys, "ingest", str(atomic), "--domain", "commonsense", "--store", str(store), "--critic", "none", "-q")[0] == 0
    code, out, _ = run(capsys, "runs", "--store", str(store), "--format", "json")
    started = json.loads(out)[0]["started"]
    assert started.endswith("Z")  # the machine formats keep ISO 8601 in UTC
    for width in (80, 130):  # the two lines of a narrow terminal, the table of a wide one
        monkeypatch.setattr(console, "width", width)
        code, out, _ = run(capsys, "runs", "--store", str(store))
        assert code == 0 and f"{started[:10]} {started[11:16]} UTC" in out, out
