"""kg.files.new_folder: a swap killed between its two renames is finished by the next load; leftovers
of killed saves are removed by the next save."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.conftest import KILLED_AFTER_MOVING_THE_OLD_ASIDE, run_python


def test_a_swap_killed_between_its_renames_is_finished_by_the_next_load(tmp_path: Path) -> None:
    """The old folder was moved aside and the process killed before the new one took its place:
    no folder was left there (and a store then gated without its critic), the two copies under
    random names no later run removed."""
    from kg.files import finish_interrupted_swap, new_folder

    target = tmp_path / "model"
    target.mkdir()
    (target / "weights").write_text("old", encoding="utf-8")
    done = run_python(KILLED_AFTER_MOVING_THE_OLD_ASIDE + textwrap.dedent(f"""
    from kg.files import new_folder
    with new_folder(pathlib.Path({str(target)!r})) as tmp:
        (tmp / "weights").write_text("new", encoding="utf-8")
    """), check=False)
    assert done.returncode == 9 and not target.exists()
    finish_interrupted_swap(target)
    assert (target / "weights").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
    # a save killed while it wrote leaves its folder: the next save removes it
    done = run_python(f"""
    import os, pathlib
    from kg.files import new_folder
    with new_folder(pathlib.Path({str(target)!r})) as tmp:
        (tmp / "weights").write_text("half", encoding="utf-8")
        os._exit(9)
    """, check=False)
    assert done.returncode == 9 and len(list(tmp_path.iterdir())) == 2
    with new_folder(target) as tmp:
        (tmp / "weights").write_text("newer", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
    assert (target / "weights").read_text(encoding="utf-8") == "newer"


def test_a_folder_with_a_long_name_is_replaced_whole(tmp_path: Path) -> None:
    """Its swap's folders are named after it: a 250-byte name would make theirs too long."""
    from kg.files import new_file, new_folder

    target = tmp_path / ("m" * 250)
    for text in ("old", "new"):
        with new_folder(target) as tmp:
            (tmp / "weights").write_text(text, encoding="utf-8")
        with new_file(target / ("c" * 250)) as partial:
            partial.write_text(text, encoding="utf-8")
    assert (target / "weights").read_text(encoding="utf-8") == "new" and (target / ("c" * 250)).read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name] and len(list(target.iterdir())) == 2


def _save(target: Path, files: dict[str, str]) -> None:
    from kg.files import new_folder

    with new_folder(target) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")


def test_a_save_into_a_folder_holding_other_files_keeps_them(tmp_path: Path) -> None:
    """`kg train linkpred -o STORE` replaced the store's folder with the model's: 657,451 quads
    gone; `-o "$PWD"` emptied the user's folder."""
    store = tmp_path / "store"
    (store / "oxigraph").mkdir(parents=True)
    (store / "kg.toml").write_text("domain = 'geography'\n", encoding="utf-8")
    (store / "config.json").write_text("old", encoding="utf-8")
    _save(store, {"config.json": "new", "model.pt": "weights"})
    assert sorted(p.name for p in store.iterdir()) == ["config.json", "kg.toml", "model.pt", "oxigraph"]
    assert (store / "config.json").read_text(encoding="utf-8") == "new"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_save_into_the_current_folder_keeps_it(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    _save(tmp_path / "here", {"config.json": "new"})
    assert Path.cwd().exists() and (tmp_path / "here" / "config.json").read_text(encoding="utf-8") == "new"


def test_a_save_through_a_link_writes_where_it_points_and_keeps_the_link(tmp_path: Path) -> None:
    """A symlinked -o folder was replaced by a real folder: the model landed on the link's disk."""
    real = tmp_path / "disk" / "models"
    real.mkdir(parents=True)
    link = tmp_path / "model"
    link.symlink_to(real)
    _save(link, {"config.json": "v1"})
    _save(link, {"config.json": "v2"})
    assert link.is_symlink() and (real / "config.json").read_text(encoding="utf-8") == "v2"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_replaced_folder_keeps_its_mode(tmp_path: Path) -> None:
    """A team's 2770 model folder came back 755 after a retrain: readable by every user."""
    target = tmp_path / "model"
    _save(target, {"config.json": "v1"})
    target.chmod(0o2770)
    _save(target, {"config.json": "v2"})
    assert (target.stat().st_mode & 0o7777) == 0o2770 and (target / "config.json").read_text(encoding="utf-8") == "v2"


def test_a_leftover_of_a_writer_on_another_machine_is_kept(tmp_path: Path) -> None:
    """Leftovers were told by a pid alone: on a folder two machines (or containers) share, another
    machine's save in progress, its pid not running here, was removed as a dead process's."""
    import subprocess
    import sys

    from kg.files import new_file, new_folder, writer_id

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    host = writer_id().split(".", 1)[1]
    other = "0" * 8 if host != "0" * 8 else "1" * 8
    target = tmp_path / "model"
    theirs, ours = tmp_path / f".model.new-{dead}.{other}-abc", tmp_path / f".model.new-{dead}.{host}-abc"
    older = tmp_path / f".model.new-{dead}-abc"  # as kg named them before: a pid only
    for folder in (theirs, ours, older):
        folder.mkdir()
    with new_folder(target) as tmp:
        (tmp / "weights").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["model", theirs.name])
    their_file = tmp_path / f".rules.rq.tmp-{dead}.{other}"
    their_file.write_text("half", encoding="utf-8")
    with new_file(tmp_path / "rules.rq") as tmp:
        tmp.write_text("whole", encoding="utf-8")
    assert their_file.exists() and (tmp_path / "rules.rq").read_text(encoding="utf-8") == "whole"
