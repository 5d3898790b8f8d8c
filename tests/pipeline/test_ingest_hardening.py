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
