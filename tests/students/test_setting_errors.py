"""Out-of-range training and mining settings: the user's mistake, one line and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import StudentError
from kg.students.generator_training import TrainConfig
from tests.conftest import SAMPLE_TTL, kg_exit_code


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("train", "linkpred", "--dim", "0", "--quiet"), "dim=0"),
        (("train", "linkpred", "--lr", "-1", "--quiet"), "got -1.0"),
        (("mine", "rules", "--min-support", "-1"), "got -1"),
        (("rules", "accept", "--min-pca-confidence", "5"), "got 5.0"),
        (("critic", "train", "--domain", "geography", "--steps", "0"), "steps (0)"),
        (("train", "generator", "--size", "tiny", "--lr", "-1", "-o", "g1"), "got -1.0"),
        (("train", "generator", "--size", "tiny", "--epochs", "0", "-o", "g2"), "epochs must be at least 1, got 0"),
    ],
)
def test_an_out_of_range_flag_is_a_usage_error(tmp_path: Path, monkeypatch, capsys, argv: tuple[str, ...], needle: str) -> None:
    """`kg train linkpred --dim 0`, `kg mine rules --min-support -1`, `kg rules accept
    --min-pca-confidence 5` and `kg critic train --steps 0` exited 1 (the last without the bad
    value); `kg train generator --lr -1` said "unexpected ValueError", and `--epochs 0` saved an
    untrained model with exit 0. Each now exits 2 with one line naming the value."""
    monkeypatch.chdir(tmp_path)
    assert kg_exit_code("init", "s") == 0
    (tmp_path / "s.ttl").write_text(SAMPLE_TTL, encoding="utf-8")
    assert kg_exit_code("load", "s.ttl", "--store", "s", "-q") == 0
    capsys.readouterr()
    assert kg_exit_code(*argv, "--store", "s") == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("error: ") and needle in last and "unexpected" not in last
    assert not (tmp_path / "g2").exists()


def test_a_bad_setting_is_still_a_student_error() -> None:
    """Code that caught a StudentError for a bad setting still does."""
    with pytest.raises(StudentError, match="learning rate"):
        TrainConfig(lr=float("nan"))
