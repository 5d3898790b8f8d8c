"""`kg backup`: a consistent copy of the whole store that is itself a store."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.errors import StoreError
from kg.store import init_store, open_store
from tests.conftest import SAMPLE_TTL, kg_exit_code

EX = "http://ex.org/"


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "s"
    kg_exit_code("init", str(store), "--domain", "geography")
    (tmp_path / "sample.ttl").write_text(SAMPLE_TTL, encoding="utf-8")
    (tmp_path / "mine.nq").write_text(f"<{EX}a> <{EX}p> <{EX}b> <{EX}g1> .\n", encoding="utf-8")
    assert kg_exit_code("load", str(tmp_path / "sample.ttl"), str(tmp_path / "mine.nq"), "--store", str(store), "-q") == 0
    with sqlite3.connect(store / "teacher-cache.sqlite") as db:  # a cache in WAL mode, as the teacher's
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE answers (k TEXT PRIMARY KEY, v TEXT)")
        db.executemany("INSERT INTO answers VALUES (?, ?)", [(str(i), "x" * 100) for i in range(500)])
    (store / "students" / "linkpred").mkdir(parents=True)
    (store / "students" / "linkpred" / "model.pt").write_bytes(b"weights")
    return store


def _quads(location: Path) -> set[str]:
    with open_store(location) as store:
        rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", graph="all")
        return {" ".join(str(term) for term in row) for row in rows}


def test_backup_is_a_whole_store_of_its_own(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = _quads(store)
    assert kg_exit_code("backup", str(tmp_path / "bk"), "--store", str(store)) == 0
    copy = tmp_path / "bk"
    assert _quads(copy) == before and any(f"<{EX}g1>" in q for q in before)
    with sqlite3.connect(copy / "teacher-cache.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 500
    assert (copy / "students" / "linkpred" / "model.pt").read_bytes() == b"weights"
    # its kg.toml names the copy: a run configured by it must not write to the original
    assert f'store = "{copy.absolute()}"' in (copy / "kg.toml").read_text(encoding="utf-8")
    assert f'store = "{store.absolute()}"' in (store / "kg.toml").read_text(encoding="utf-8")
    # independent: a write to the copy leaves the original as it was
    with KnowledgeGraph(str(copy)) as kg:
        kg.store.update(f"INSERT DATA {{ GRAPH <{EX}g2> {{ <{EX}x> <{EX}y> <{EX}z> }} }}")
    assert _quads(store) == before and len(_quads(copy)) == len(before) + 1


@pytest.mark.parametrize("quote", ["'", '"'])
def test_backup_repoints_a_store_line_however_it_is_quoted(tmp_path: Path, quote: str) -> None:
    """kg backup re-pointed only `store = "..."` with no quote in the path: a kg.toml with
    `store = '/.../orig'` (TOML's literal string) kept naming the original, so runs configured by
    the copy's kg.toml wrote into the original; a store path with a `"` gave the copy a kg.toml
    no command could read."""
    import tomllib

    store = tmp_path / ('o"q' if quote == '"' else "orig")
    kg_exit_code("init", str(store), "--domain", "geography")
    text = (store / "kg.toml").read_text(encoding="utf-8")
    if quote == "'":
        text = text.replace(f'store = "{store.absolute()}"', f"store = '{store.absolute()}'")
        (store / "kg.toml").write_text(text, encoding="utf-8")
    copy = tmp_path / ('bk"q' if quote == '"' else "bk")
    assert kg_exit_code("backup", str(copy), "--store", str(store)) == 0
    assert tomllib.loads((copy / "kg.toml").read_text(encoding="utf-8"))["store"] == str(copy)
    assert tomllib.loads((store / "kg.toml").read_text(encoding="utf-8"))["store"] == str(store.absolute())


def test_backup_refuses_a_target_it_would_spoil(tmp_path: Path, capsys) -> None:
    store = _store(tmp_path)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine", encoding="utf-8")
    for target in (tmp_path / "full", store / "inside"):
        assert kg_exit_code("backup", str(target), "--store", str(store)) != 0
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: cannot back up") and "\n" not in err
    assert (tmp_path / "full" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (store / "inside").exists()


def test_backup_takes_a_long_name_and_a_link_to_an_empty_folder(tmp_path: Path, capsys) -> None:
    """`kg backup` refused valid targets: a 250-byte name ("File name too long: '....partial'",
    the name it builds first) and a symbolic link to an empty folder (checked as empty, then the
    rename onto the link failed: "Not a directory")."""
    store = _store(tmp_path)
    long_name = tmp_path / ("b" * 250)
    assert kg_exit_code("backup", str(long_name), "--store", str(store)) == 0, capsys.readouterr().err
    assert (long_name / "kg-store.json").is_file() and sorted(p.name for p in tmp_path.iterdir() if ".partial" in p.name) == []
    (tmp_path / "dest").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "dest")
    assert kg_exit_code("backup", str(tmp_path / "link"), "--store", str(store)) == 0, capsys.readouterr().err
    assert (tmp_path / "link").is_symlink() and (tmp_path / "dest" / "kg-store.json").is_file()
    with open_store(tmp_path / "link") as copy:
        assert copy.stats().graphs["accepted"] > 0
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    capsys.readouterr()
    assert kg_exit_code("backup", str(tmp_path / "dangling"), "--store", str(store)) != 0
    assert "symbolic link" in capsys.readouterr().err and not (tmp_path / "nowhere").exists()


def test_backup_of_a_locked_or_remote_store_is_one_clear_line(tmp_path: Path, capsys) -> None:
    store = _store(tmp_path)
    holder = subprocess.Popen(  # another process's lock, as kg serve holds it
        [sys.executable, "-c", f"from kg.store import open_store; s = open_store({str(store)!r}); print('open', flush=True); input()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        assert kg_exit_code("backup", str(tmp_path / "bk"), "--store", str(store)) != 0
    finally:
        holder.kill()
        holder.wait()
    assert "locked" in capsys.readouterr().err and not (tmp_path / "bk").exists()
    with pytest.raises(StoreError, match="back a served store up where it runs"):
        from kg.store.remote import RemoteStore

        RemoteStore("http://127.0.0.1:9").backup(tmp_path / "bk")


def test_a_failed_backup_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    store = init_store(tmp_path / "s")
    monkeypatch.setattr("kg.store.embedded.shutil.copy2", _fail)
    with pytest.raises(StoreError, match="failed, nothing kept"):
        store.backup(tmp_path / "bk")
    store.close()
    assert not (tmp_path / "bk").exists()


def _fail(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")
