"""A critic retrain killed between the two renames of its swap (the old critic moved aside, the
new one not yet in place) left no STORE/critic: the next run gated without one, silently."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.conftest import KILLED_AFTER_MOVING_THE_OLD_ASIDE, kg_exit_code, run_python



def test_a_critic_swap_killed_between_its_renames_still_gates_with_the_new_critic(toy_critic: Path, tmp_path: Path) -> None:
    from kg.critics import load_judge

    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store), "--domain", "commonsense") == 0
    shutil.copytree(toy_critic, store / "critic")
    done = run_python(KILLED_AFTER_MOVING_THE_OLD_ASIDE + textwrap.dedent(f"""
        import shutil
        from kg.critics.backbone import new_folder
        with new_folder(pathlib.Path({str(store / "critic")!r})) as tmp:
            shutil.copytree({str(toy_critic)!r}, tmp, dirs_exist_ok=True)
    """), check=False)
    assert done.returncode == 9, done.stderr
    assert not (store / "critic").exists()
    judge = load_judge("auto", store=store)
    assert judge is not None and (store / "critic" / "critic.json").is_file()
    assert sorted(p.name for p in store.iterdir() if p.name.startswith(".")) == []


def test_a_critic_swap_an_earlier_kg_left_interrupted_is_an_error_naming_its_folders(tmp_path: Path) -> None:
    """An earlier kg's swap named its folders .new-X and .old-.new-X, which do not say whose they
    are: a store left so by a kill is refused with their names, never gated without a critic."""
    from kg.critics import load_judge
    from kg.errors import CriticError

    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store), "--domain", "commonsense") == 0
    for folder in (store / ".new-x1", store / ".old-.new-x1"):
        folder.mkdir()
        (folder / "critic.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CriticError, match=r"interrupted: .*\.old-\.new-x1 holds the critic before it and .*\.new-x1 the new one"):
        load_judge("auto", store=store)
