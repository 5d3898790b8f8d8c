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

    config = DistillConfig().replace(**{"run.ingest_batch_size": 250, "domain": "commonsense"})
    ingest(ATOMIC, "commonsense", tmp_path / "whole", config=config, limit=60)
    with pytest.raises(_Stop):
        ingest(ATOMIC, "commonsense", tmp_path / "cut", config=config, limit=60, progress=_stop_at(stage, n))
    report = ingest(ATOMIC, "commonsense", tmp_path / "cut", config=config, limit=60)
    assert report.batches_resumed == (n if stage == "write" else n - 1)  # a write reports after it is done
    assert _graphs(tmp_path / "cut") == _graphs(tmp_path / "whole")


@pytest.mark.slow
def test_kill_9_at_random_points_of_distill_and_ingest_then_finish() -> None:
    """bench/crash.py with a few kill points: both stores end equal to uninterrupted runs', and
    distill pays twice only for what was in flight at a kill."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(root / "bench" / "crash.py"), "--points", "3", "--seed", "7"],
        capture_output=True, text=True, timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("equals the uninterrupted one: yes") == 2, done.stdout
