"""`kg ingest` on input it cannot read, and resumed after a kill (issue #18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.store import init_store, open_store


def _runs(store_dir: Path) -> int:
    with open_store(store_dir) as store:
        return len(list(store.query("SELECT ?r WHERE { ?r a kg:Run }", graph="provenance")))


@pytest.mark.parametrize(
    "name,data,needle",
    [
        ("facts.json", b"\xff\xfe\x00 binary", "not UTF-8"),
        ("rows.jsonl", b"not json at all\n", "not JSON"),
        ("rows.jsonl", b"\x00\x9f\x92\x96\n", "not UTF-8"),
        # classic Mac line endings: "unexpected Error: new-line character seen in unquoted field"
        ("rows.csv", b"head,relation,tail\rParis,capitalOf,France\r", "its lines end in CR alone"),
        ("rows.tsv", b"Paris\tcapitalOf\tFrance\rLyon\tlocatedIn\tFrance\r", "its lines end in CR alone"),
    ],
)
def test_an_unreadable_input_is_one_line_and_records_no_run(tmp_path: Path, capsys, name, data, needle) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    store = tmp_path / "s"
    init_store(store).close()
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(path), "--domain", "geography", "--store", str(store), "--quiet"])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip()
    assert needle in err and "\n" not in err and "Traceback" not in err
    assert _runs(store) == 0


def test_deeply_nested_json_is_quarantined_not_a_traceback(tmp_path: Path, capsys) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    main(["ingest", str(path), "--domain", "geography", "--store", str(tmp_path / "s"), "--quiet", "--format", "json"])
    import json

    report = json.loads(capsys.readouterr().out)
    assert report["unreadable"] == 1 and report["accepted"] == 0
    assert _runs(tmp_path / "s") == 1


ATOMIC = Path(__file__).resolve().parents[2] / "kg" / "data" / "atomic2020" / "dev.jsonl"


def _graphs(store_dir: Path) -> dict[str, set[str]]:
    with open_store(store_dir) as store:
        return {g: {str(q) for q in store.match(graph=g)} for g in ("accepted", "rejected", "inferred")}


class _Stop(Exception):
    pass


def _stop_at(stage: str, n: int):
    """A progress sink that interrupts the run at the ``n``-th report of ``stage``."""
    seen = {"count": 0}

    def progress(at: str, advance: int = 0, total: int | None = None) -> None:
        if at == stage and advance:
            seen["count"] += 1
            if seen["count"] == n:
                raise _Stop

    return progress


@pytest.mark.parametrize("stage,n", [("write", 2), ("check", 3)])
def test_ingest_interrupted_then_resumed_ends_as_an_uninterrupted_one(tmp_path: Path, stage: str, n: int) -> None:
    """Entity resolution sees what earlier batches wrote, in both runs: it read the store's
    labels once, so an uninterrupted ingest into an empty store minted every label while the
    resumed one resolved against the batches written before the interruption."""
    from kg.config import DistillConfig
    from kg.pipeline import ingest

    config = DistillConfig().replace(**{"run.ingest_batch_size": 250, "domain": "commonsense", "critic.model": "none"})
    ingest(ATOMIC, "commonsense", tmp_path / "whole", config=config, limit=60)
    with pytest.raises(_Stop):
        ingest(ATOMIC, "commonsense", tmp_path / "cut", config=config, limit=60, progress=_stop_at(stage, n))
    report = ingest(ATOMIC, "commonsense", tmp_path / "cut", config=config, limit=60)
    assert report.batches_resumed == (n if stage == "write" else n - 1)  # a write reports after it is done
    assert _graphs(tmp_path / "cut") == _graphs(tmp_path / "whole")


@pytest.mark.slow
def test_kill_9_at_random_points_of_distill_and_ingest_then_finish(tmp_path: Path) -> None:
    """bench/crash.py with a few kill points: both stores end equal to uninterrupted runs', and
    distill pays twice only for what was in flight at a kill. Its ~430 MB of stores are removed
    after (they were left in the temporary folder, and filled CI's disk over repeated runs)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    temp = tmp_path / "temp"
    temp.mkdir()
    done = subprocess.run(
        [sys.executable, str(root / "bench" / "crash.py"), "--points", "3", "--seed", "7"],
        capture_output=True, text=True, timeout=1800, env={**os.environ, "TMPDIR": str(temp)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("equals the uninterrupted one: yes") == 2, done.stdout
    assert not list(temp.iterdir())


def test_a_sparse_input_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 256 MiB JSON Lines file of one ATOMIC row and then NUL bytes (no newline): read a line
    at a time, each at most kg.lines.MAX_LINE, the long one quarantined. Reading it whole took
    more than twice its size (2.2 GB for 1 GiB)."""
    import subprocess
    import sys

    path = tmp_path / "sparse.jsonl"
    path.write_bytes(ATOMIC.read_bytes().split(b"\n", 1)[0] + b"\n")
    with path.open("r+b") as fh:
        fh.truncate(256 * 2**20)  # sparse: no disk used
    script = (
        "import json, resource, sys\nfrom kg.config import DistillConfig\nfrom kg.pipeline import ingest\n"
        # no learned critic: what is measured is reading (one trained earlier in the session
        # would be loaded, with its model, by critic.model = auto)
        "config = DistillConfig().replace(**{'critic.model': 'none'})\n"
        f"r = ingest({str(path)!r}, 'commonsense', {str(tmp_path / 's')!r}, config=config)\n"
        # the peak of this process's own memory: ru_maxrss keeps the forking parent's peak
        # across exec on Linux (a pytest session holding spaCy and torch: ~950 MB)
        "hwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "peak = hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'unreadable': r.unreadable, 'accepted': r.accepted, 'rss_mb': peak / 1024}))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["unreadable"] == 1 and result["accepted"] > 0
    assert result["rss_mb"] < 256, result  # less than the file (256 MiB): it was 587 MB


def test_lines_past_the_limit_are_skipped_and_reported() -> None:
    import io

    from kg.lines import read_lines

    data = b"short\n" + b"x" * 5000 + b"\nafter\n" + b"y" * 3000
    lines = list(read_lines(io.BytesIO(data), limit=1000))
    assert [(line.number, line.raw) for line in lines] == [(1, b"short\n"), (2, None), (3, b"after\n"), (4, None)]
    assert set(lines[1].head) == {ord("x")} and "line 2: longer than" in lines[1].too_long()


def test_a_document_too_large_to_read_whole_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    from kg.lines import MAX_DOCUMENT

    path = tmp_path / "big.json"
    with path.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT + 1)
    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(path), "--domain", "geography", "--store", str(tmp_path / "s"), "--quiet"])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip()
    assert "too large to read as one json document" in err and "\n" not in err


_ATOMIC = Path(__file__).parents[2] / "kg/data/atomic2020/dev.jsonl"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["distill", "--teacher", f"offline:{_ATOMIC}", "--budget", "1", "--domain", "geograpy"], "no domain folder at 'geograpy'"),
        (["ingest", "FACTS", "--domain", "geograpy"], "no domain folder at 'geograpy'"),
        (["distill", "--teacher", "ofline:x", "--domain", "geography"], "unknown teacher backend 'ofline'"),
        (["distill", "--domain", "geography"], "no teacher given"),
        (["distill", "--teacher", "replay:no-such-transcript.jsonl", "--domain", "geography"], "no such transcript"),
    ],
)
def test_a_mistyped_domain_or_teacher_is_one_line_and_creates_no_store(tmp_path: Path, capsys, args: list[str], needle: str) -> None:
    facts = tmp_path / "facts.tsv"
    facts.write_text("Paris\tcapitalOf\tFrance\n", encoding="utf-8")
    store = tmp_path / "new-store"
    with pytest.raises(SystemExit) as exc:
        main([str(facts) if a == "FACTS" else a for a in args] + ["--store", str(store), "--quiet"])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip()
    assert needle in err and "\n" not in err and "Traceback" not in err
    assert not store.exists()  # before: an empty store was created, then the domain or teacher failed
