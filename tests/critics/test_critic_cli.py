"""`kg critic train` and `kg critic eval` on a toy ATOMIC-style file with a tiny BERT."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from tests.critics.conftest import toy_rows, write_jsonl


def _run(args: list[str]) -> None:
    try:
        main(args)
    except SystemExit as exc:  # main exits only on errors
        raise AssertionError(f"kg {' '.join(args)} exited with {exc.code}") from None


def test_train_then_eval(tiny_bert: Path, tmp_path: Path, capsys) -> None:
    rows = toy_rows()
    held_heads = {r["head"] for r in rows if r["head"].endswith("a boat")}
    train = write_jsonl(tmp_path / "train.jsonl", [r for r in rows if r["head"] not in held_heads])
    held = write_jsonl(tmp_path / "held.jsonl", [r for r in rows if r["head"] in held_heads])
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "head,relation,tail,label\n"
        "PersonX bakes a boat,xWant,to eat it,valid\n"
        "PersonX bakes a boat,xWant,to find it,invalid\n"
        "PersonX loses a boat,xReact,sad,valid\n"
        "PersonX loses a boat,xReact,proud,invalid\n",
        encoding="utf-8",
    )
    train_labels = tmp_path / "train-labels.csv"  # on training heads: the held-out heads stay new to the critic
    train_labels.write_text(labels.read_text(encoding="utf-8").replace("a boat", "a cake"), encoding="utf-8")
    out = tmp_path / "critic"
    _run([
        "critic", "train", "--domain", "commonsense", "--data", str(train), "--labels", str(train_labels),
        "--base-model", str(tiny_bert), "-o", str(out), "--max-seconds", "15", "--epochs", "2",
        "--threads", "1", "--quiet",
    ])
    printed = capsys.readouterr().out
    assert f"to {out}" in printed.replace("\n", " ") and "threshold" in printed and "target precision 0.90" in printed
    assert "ROC-AUC" in printed  # the calibration figures
    meta = json.loads((out / "critic.json").read_text(encoding="utf-8"))
    cal = meta["calibration"]
    low, high = cal["precision_interval"]  # how much the precision at the threshold can be trusted
    assert cal["accepted"] > 0 and low <= cal["precision_at_threshold"] <= high
    assert f"95% interval {low:.2f}-{high:.2f} over the {cal['accepted']:,} it accepts" in printed.replace("\n", " ")
    # measured on the heads that chose the threshold, and said to be (it was reported as if on new heads)
    assert cal["precision_in_sample"] is True
    assert "measured on the heads that chose the threshold: in-sample" in " ".join(printed.split())
    assert 0 < len(cal["curve"]) <= 100 and all(len(point) == 3 for point in cal["curve"])
    assert set(cal["per_relation"]) <= {"xWant", "xReact"} and cal["per_relation"]
    assert all({"auc", "precision", "recall", "n"} <= set(v) for v in cal["per_relation"].values())
    assert meta["trained"]["labelled"] >= 0 and meta["templates"]["xWant"].startswith("{head}")

    plot = tmp_path / "pr.png"
    _run(["critic", "eval", "--critic", str(out), "--data", str(held), "--labels", str(labels),
          "--format", "json", "--plot", str(plot), "--threads", "1"])
    report = json.loads(capsys.readouterr().out)
    assert report["critic"] == meta["id"] and report["threshold"] == pytest.approx(meta["threshold"])
    data = report["data"]
    assert data["positives"] == 2 * 2 * len(held_heads) and data["examples"] > data["positives"]
    assert set(data["precision_at_recall"]) == {"0.5", "0.8"}
    assert 0.0 <= data["roc_auc"] <= 1.0 and data["recall"] is not None
    assert set(data["per_relation"]) == {"xWant", "xReact"}
    assert {"evasive", "empty", "other_head"} <= set(data["per_kind"])
    assert data["per_kind"]["empty"]["rejected"] == 1.0  # the form check: an empty tail scores 0
    assert data["curve"] and all(len(point) == 3 for point in data["curve"])
    assert report["labels"]["examples"] == 4 and report["labels"]["per_kind"]["labelled"]["n"] == 2
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    _run(["critic", "eval", "--critic", str(out), "--data", str(held), "--threads", "1"])
    table = capsys.readouterr().out
    assert "ROC-AUC" in table and "per negative kind" in table and "xReact" in table


def test_a_run_with_the_learned_critic_prints_no_transformers_bars(tiny_bert: Path, tmp_path: Path) -> None:
    """`kg ingest` on a store with a trained critic: our progress only, not transformers'
    "Loading weights" bars (the demo printed them between its own)."""
    rows = toy_rows()
    data = write_jsonl(tmp_path / "rows.jsonl", rows)
    store = tmp_path / "kg"
    _run(["init", str(store), "--domain", "commonsense"])
    _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
          "-o", str(store / "critic"), "--max-seconds", "10", "--epochs", "1", "--threads", "1", "--quiet"])
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "ingest", str(data), "--store", str(store)],
        capture_output=True, text=True, timeout=300, env={k: v for k, v in os.environ.items() if not k.startswith("HF_HUB_DISABLE")},
    )
    assert proc.returncode == 0, proc.stderr
    assert "critic" in proc.stdout and "accepted" in proc.stdout
    assert "Loading weights" not in proc.stdout + proc.stderr


def test_a_missing_data_file_is_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "critic", "train", "--domain", "commonsense", "--data", str(missing), "-o", str(tmp_path / "c")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "error" in lines[0] and "nowhere.jsonl" in lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["critic", "train", "--domain", "commonsense", "--data", "x.jsonl"], "-o DIR"),
        (["critic", "eval", "--critic", "somewhere"], "--data"),
        (["critic", "eval", "--critic", "somewhere", "--data", "x.jsonl", "--format", "yaml"], "table or json"),
        # these failed mid-run as "unexpected ValueError/OverflowError/KeyError: nan"
        (["critic", "train", "--domain", "commonsense", "--data", "x.jsonl", "-o", "c", "--epochs", "nan"], "epochs (nan)"),
        (["critic", "train", "--domain", "commonsense", "--data", "x.jsonl", "-o", "c", "--epochs", "inf"], "epochs (inf)"),
        (["critic", "train", "--domain", "commonsense", "--data", "x.jsonl", "-o", "c", "--negatives-per-positive", "inf"],
         "negatives per positive inf"),
        (["critic", "train", "--domain", "commonsense", "--data", "x.jsonl", "-o", "c", "--rank-weight", "inf"], "rank weight inf"),
    ],
)
def test_usage_errors_are_one_line(args: list[str], words: str, capsys) -> None:
    """Each is one line; a figure no training can use (--epochs nan or inf, an infinite weight),
    which failed mid-run as 'unexpected', is refused before any data is read."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len([ln for ln in err.splitlines() if ln.strip()]) == 1


def test_a_missing_critic_is_one_line(tmp_path: Path, toy_atomic: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["critic", "eval", "--critic", str(tmp_path / "none"), "--data", str(toy_atomic)])
    assert exc.value.code != 0
    assert "no trained critic" in capsys.readouterr().err


def test_kg_critic_train_defaults_are_the_python_apis() -> None:
    import dataclasses
    import inspect

    from kg.cli.critic_cmds import train
    from kg.critics.cross_encoder import CriticTrainConfig

    api = {f.name: f.default for f in dataclasses.fields(CriticTrainConfig)}
    shared = [(name, p.default) for name, p in inspect.signature(train).parameters.items() if name in api]
    assert {"epochs", "max_seconds", "negatives_per_positive", "rank_weight", "target_precision", "seed"} <= {n for n, _ in shared}
    for name, cli in shared:
        assert cli == api[name], f"{name}: CLI default {cli!r}, API default {api[name]!r}"


def test_a_run_sets_the_trained_critics_precision(tiny_bert: Path, tmp_path: Path, capsys) -> None:
    """`kg distill --threshold 0.9` changed nothing a trained critic decided (it keeps the
    threshold it was calibrated with), and the only way to a stricter gate was training again.
    --target-precision picks the threshold for that precision from the critic's calibration
    curve, in distill, ingest and `kg critic rescore`; without a trained critic, or beyond the
    curve, it is a one-line error, never an open gate."""
    from kg.critics import load_judge, metrics

    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    store = tmp_path / "kg"
    _run(["init", str(store), "--domain", "commonsense"])
    _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
          "-o", str(store / "critic"), "--max-seconds", "10", "--epochs", "1", "--threads", "1", "--quiet"])
    meta = json.loads((store / "critic" / "critic.json").read_text(encoding="utf-8"))
    calibration = meta["calibration"]
    fewest = metrics.fewest_kept(calibration["positives"], calibration["examples"])
    supported = [point for point in calibration["curve"] if point[1] > 0 and round(point[2] * calibration["positives"] / point[1]) >= fewest]
    supported.append([meta["threshold"], calibration["precision_at_threshold"], calibration["recall_at_threshold"]])
    best = max(p for _t, p, _r in supported)
    strict = load_judge("auto", store=store, target_precision=best)
    assert strict.target_precision == best and strict.threshold == min(t for t, p, _r in supported if p >= best)
    assert load_judge("auto", store=store, target_precision=0.5).threshold <= strict.threshold

    def accepted(name: str, *extra: str) -> int:  # each run in a store of its own, with the same critic
        _run(["init", str(tmp_path / name), "--domain", "commonsense"])
        shutil.copytree(store / "critic", tmp_path / name / "critic")
        capsys.readouterr()
        _run(["ingest", str(data), "--store", str(tmp_path / name), "--format", "json", "-q", *extra])
        return json.loads(capsys.readouterr().out)["accepted"]

    assert accepted("strict", "--target-precision", str(best)) < accepted("loose", "--target-precision", "0.5")
    with pytest.raises(AssertionError, match="exited with 1"):
        _run(["ingest", str(data), "--store", str(store), "-q", "--target-precision", str(min(1.0, best + 1e-6))])
    assert "no threshold reaches precision" in capsys.readouterr().err
    bare = tmp_path / "bare"
    _run(["init", str(bare), "--domain", "commonsense"])
    with pytest.raises(AssertionError, match="exited with 2"):
        _run(["ingest", str(data), "--store", str(bare), "-q", "--target-precision", "0.9"])
    assert "gives none" in capsys.readouterr().err


def test_the_python_api_judges_facts_as_the_gate_does(tiny_bert: Path, tmp_path: Path) -> None:
    """`KnowledgeGraph.validate` runs the domain's checks only: in commonsense it accepted
    'PersonX burns the toast xWant to get married' at confidence 1.0, and a researcher scoring
    a corpus of their own from Python had to assemble the critic by hand. `judge` runs the
    checks and then the store's trained critic, without writing anything."""
    from kg.api import KnowledgeGraph
    from kg.errors import KGError

    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    store = tmp_path / "kg"
    _run(["init", str(store), "--domain", "commonsense"])
    kg = KnowledgeGraph(store)
    facts = [("PersonX bakes a cake", "xWant", "to eat it"), ("PersonX bakes a cake", "AtLocation", "kitchen")]
    with pytest.raises(KGError, match="no trained critic"):
        kg.judge(facts)
    assert [v.accepted for v in kg.judge(facts, critic="none")] == [True, False]  # the checks alone, asked for
    _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
          "-o", str(store / "critic"), "--max-seconds", "10", "--epochs", "1", "--threads", "1", "--quiet"])
    meta = json.loads((store / "critic" / "critic.json").read_text(encoding="utf-8"))
    judged, domain_error = kg.judge(facts)
    assert judged.critic is not None and judged.critic.critic == meta["id"] and judged.critic.threshold == meta["threshold"]
    assert judged.accepted == (judged.critic.score >= meta["threshold"]) and judged.confidence == judged.critic.score
    assert not domain_error.accepted and [r.check for r in domain_error.reasons] == ["domain"]
    strict = kg.judge(facts[:1], target_precision=0.5)[0]
    assert strict.critic.score == judged.critic.score and strict.critic.threshold != judged.critic.threshold
    assert kg.stats().graphs["accepted"] == 0  # nothing written


def test_training_written_to_a_log_file_shows_its_progress(tiny_bert: Path, tmp_path: Path) -> None:
    """`nohup kg critic train ... 2> train.log` (7 to 15 minutes on a laptop) wrote nothing until
    the end: a bar that redraws itself is drawn only once when stderr is not a terminal. There a
    line is printed at each tenth of the steps."""
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
         "-o", str(tmp_path / "critic"), "--max-seconds", "10", "--epochs", "1", "--threads", "1"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("training ") and "%)" in line]
    assert len(lines) >= 2 and "loss" in lines[0] and "(100%)" in lines[-1], proc.stderr


def _critic_store(tmp_path: Path, toy_critic: Path, name: str = "kg") -> Path:
    store = tmp_path / name
    _run(["init", str(store), "--domain", "commonsense"])
    shutil.copytree(toy_critic, store / "critic")
    return store


def test_rescore_at_target_precision_zero_keeps_the_trained_threshold(toy_critic: Path, tmp_path: Path, capsys) -> None:
    """kg.toml documents target_precision 0 as "the one it was trained for", and ingest reads it
    so; `kg critic rescore --target-precision 0` took the curve's lowest threshold instead and
    would have promoted every critic-only rejection."""
    from kg.critics import load_judge

    store = _critic_store(tmp_path, toy_critic)
    meta = json.loads((toy_critic / "critic.json").read_text(encoding="utf-8"))
    assert load_judge("auto", store=store, target_precision=0.0).threshold == meta["threshold"]
    capsys.readouterr()
    _run(["critic", "rescore", "-s", str(store), "--target-precision", "0", "--dry-run", "-f", "json", "-q"])
    assert json.loads(capsys.readouterr().out)["threshold"] == meta["threshold"]


def test_a_low_target_precision_never_opens_the_gate(toy_critic: Path, tmp_path: Path, capsys) -> None:
    """A low precision picked the saved curve's last point, threshold 0.0: `score >= 0` accepted
    everything, evasive and empty answers included."""
    from kg.critics import load_judge

    store = _critic_store(tmp_path, toy_critic)
    assert load_judge("auto", store=store, target_precision=0.01).threshold > 0.0
    rows = [{"head": "PersonX bakes a cake", "relation": "xWant", "tails": [],
             "generations": ["I do not know", "PersonX bakes a cake", "to eat it"]}]
    data = write_jsonl(tmp_path / "evasive.jsonl", rows)
    capsys.readouterr()
    _run(["ingest", str(data), "--store", str(store), "--sources", "generations", "--target-precision", "0.01", "-q", "-f", "json"])
    from kg.store import open_store

    with open_store(store) as st:
        objects = {q.object.value for q in st.match(graph="accepted") if not q.predicate.value.endswith("#label")}
    assert objects and not any("know" in o.lower() or o.lower().endswith("a_cake") for o in objects), objects


def test_the_trained_precision_gives_the_trained_threshold_exactly(toy_critic: Path, tmp_path: Path) -> None:
    """The saved curve is a sample of 100 points: asking for the trained precision took the
    next point (0.73 for a critic calibrated at 0.72)."""
    from kg.critics import load_judge

    store = _critic_store(tmp_path, toy_critic)
    meta_path = store / "critic" / "critic.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["calibration"]["target_reached"]
    meta["calibration"]["curve"] = [c for c in meta["calibration"]["curve"] if c[0] != meta["threshold"]]  # as a sample may
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert load_judge("auto", store=store, target_precision=meta["target_precision"]).threshold == meta["threshold"]


def test_a_missed_target_can_be_asked_for_at_the_precision_training_measured(toy_critic: Path, tmp_path: Path) -> None:
    """Training reported "measured 0.850" and suggested --target-precision, but asking 0.85 (or
    0.8, 0.75) failed with "the highest is 0.729": training's threshold had to keep 10 examples
    or 2% of the right ones, retargeting 2% recall. One rule now, so what training measured can
    be asked for (a calibration as that audit's: 974 right ones, 20 kept, 17 of them right)."""
    from kg.critics import load_judge

    store = _critic_store(tmp_path, toy_critic)
    meta_path = store / "critic" / "critic.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["threshold"], meta["target_precision"] = 0.4524, 0.9
    meta["calibration"].update(
        target_reached=False, examples=1919, positives=974, accepted=20, precision_at_threshold=0.85, recall_at_threshold=0.017454,
        curve=[[0.464826, 1.0, 0.001027], [0.453295, 0.823529, 0.014374], [0.450991, 0.727273, 0.024641],
               [0.449613, 0.729167, 0.035934], [0.448047, 0.640625, 0.042094], [0.1, 0.5, 1.0]],
    )
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    for precision in (0.85, 0.8, 0.75):
        judge = load_judge("auto", store=store, target_precision=precision)
        assert judge.threshold == 0.4524 and judge.measured_precision == 0.85, precision
    assert load_judge("auto", store=store, target_precision=0.7).threshold == 0.449613  # more recall at 0.7
    del meta["calibration"]["positives"]  # saved before kg recorded it: read from the kept and recall
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert load_judge("auto", store=store, target_precision=0.85).threshold == 0.4524
    # saved before the kept count too (kg of 2026-12-04): every --target-precision gave the trained
    # threshold (0 right ones, so no point of the curve kept enough); the curve's threshold 0 keeps all
    del meta["calibration"]["accepted"]
    meta["calibration"]["curve"][-1] = [0.0, 974 / 1919, 1.0]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert load_judge("auto", store=store, target_precision=0.7).threshold == 0.449613


def test_a_critic_folder_without_critic_json_is_an_error_not_no_critic(toy_critic: Path, tmp_path: Path, capsys) -> None:
    """STORE/critic with weights but no critic.json was taken for "no critic" under the default
    --critic auto: every fact passed unjudged, with only a note."""
    store = _critic_store(tmp_path, toy_critic)
    (store / "critic" / "critic.json").unlink()
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows()[:4])
    capsys.readouterr()
    for args in (["ingest", str(data), "--store", str(store), "-q"], ["critic", "rescore", "-s", str(store), "--dry-run", "-q"]):
        with pytest.raises(AssertionError, match="exited with"):
            _run(args)
        err = capsys.readouterr().err
        assert "no critic.json" in err and "Traceback" not in err and len([ln for ln in err.splitlines() if ln.strip()]) == 1


def test_a_critic_that_missed_its_target_says_so_in_training_and_in_use(tiny_bert: Path, toy_critic: Path, tmp_path: Path, capsys) -> None:
    """A critic that missed its target precision gated silently, `kg critic train -q` hid the
    warning, and its rejections claimed "calibrated for precision 0.90"."""
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
          "-o", str(tmp_path / "weak"), "--epochs", "0.05", "--target-precision", "0.999", "--threads", "1", "-q"])
    meta = json.loads((tmp_path / "weak" / "critic.json").read_text(encoding="utf-8"))
    assert meta["calibration"]["target_reached"] is False
    err = capsys.readouterr().err
    assert "missed its target precision 1.00" in err and f"{meta['calibration']['precision_at_threshold']:.3f}" in err

    store = _critic_store(tmp_path, toy_critic)
    meta_path = store / "critic" / "critic.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["target_precision"], meta["calibration"]["target_reached"] = 0.99, False  # as a critic that missed 0.99
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    measured = meta["calibration"]["precision_at_threshold"]
    capsys.readouterr()
    _run(["ingest", str(data), "--store", str(store), "-q", "-f", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [n for n in report["notes"] if "missed its target precision 0.99" in n and f"{measured:.3f}" in n]
    from kg.store import open_store

    with open_store(store) as st:
        messages = [str(m.value) for (m,) in st.query("SELECT ?m WHERE { ?r kg:message ?m }", graph="rejected")]
    learned = [m for m in messages if "the learned critic" in m]
    assert learned and all(f"(precision {measured:.2f} on the calibration heads that chose it)" in m and "0.99" not in m for m in learned)
    _run(["critic", "rescore", "-s", str(store), "--dry-run", "-q"])
    assert "missed its target precision 0.99" in capsys.readouterr().err
    # kg critic eval said "(calibrated for precision 0.99)" of it, with no word of the miss
    _run(["critic", "eval", "--critic", str(store / "critic"), "--data", str(write_jsonl(tmp_path / "new.jsonl", _new_heads_rows()))])
    shown = capsys.readouterr()
    assert "missed its target precision 0.99" in shown.err and "calibrated for precision" not in shown.out


def test_the_same_seed_trains_the_same_critic_when_the_budget_does_not_bind(tiny_bert: Path, tmp_path: Path, capsys) -> None:
    """The learning rate followed max(step / steps, elapsed / max_seconds), so the wall clock
    moved it (in warm-up too, with the budget far from used) and one seed gave other critics."""
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    ids = []
    for name in ("a", "b"):
        _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
              "-o", str(tmp_path / name), "--epochs", "0.5", "--max-seconds", "600", "--seed", "3", "--threads", "1", "-q"])
        meta = json.loads((tmp_path / name / "critic.json").read_text(encoding="utf-8"))
        assert meta["trained"]["stopped"] == "epochs"
        ids.append(meta["id"])
    assert ids[0] == ids[1]
    _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
          "-o", str(tmp_path / "s"), "--steps", "3", "--threads", "1", "-q"])
    assert json.loads((tmp_path / "s" / "critic.json").read_text(encoding="utf-8"))["trained"]["steps"] == 3


def test_an_epoch_budget_the_clock_would_overrun_is_cut_once_to_fit(tiny_bert: Path) -> None:
    from kg.critics.cross_encoder import CriticTrainConfig, train_critic
    from kg.critics.examples import Row

    rows = [Row(r["head"], r["relation"], tuple(r["tails"])) for r in toy_rows()]
    critic = train_critic(rows, templates={}, base_model=tiny_bert,
                          config=CriticTrainConfig(epochs=500, max_seconds=2, progress=False, threads=1))
    trained = critic.info["trained"]
    assert trained["stopped"] == "max_seconds" and 20 <= trained["steps"] and trained["seconds"] < 10


def test_training_mistakes_are_named_as_they_are(tmp_path: Path, capsys) -> None:
    """An empty labels file blamed a store that was not given, and --negatives-per-positive -1
    said "one class only"."""
    empty = tmp_path / "labels.csv"
    empty.write_text("head,relation,tail,label\n", encoding="utf-8")
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    for args, words, absent in (
        (["--labels", str(empty)], "--labels files hold no trusted facts", "store"),
        (["--data", str(data), "--negatives-per-positive", "-1"], "negatives per positive -1.0", "one class"),
    ):
        with pytest.raises(AssertionError, match="exited with"):
            _run(["critic", "train", "-d", "commonsense", "-o", str(tmp_path / "c"), "-q", *args])
        err = capsys.readouterr().err
        assert words in err and absent not in err, err


def test_json_labels_may_be_written_as_floats(tmp_path: Path) -> None:
    from kg.critics.examples import read_labelled

    path = write_jsonl(tmp_path / "labels.jsonl", [
        {"head": "PersonX bakes bread", "relation": "xWant", "tail": "to eat it", "label": 1.0},
        {"head": "PersonX bakes bread", "relation": "xWant", "tail": "to fly", "label": 0.0},
    ])
    assert [e.label for e in read_labelled(path)] == [True, False]


def test_a_critic_for_another_domain_is_not_ignored_silently(toy_critic: Path, tmp_path: Path, capsys) -> None:
    """A commonsense critic on a geography store judged nothing, and nothing said so."""
    transcript = Path(__file__).resolve().parents[2] / "kg" / "data" / "demo" / "geography_transcript.jsonl"
    store = tmp_path / "geo"
    _run(["init", str(store), "--domain", "geography"])
    capsys.readouterr()
    for args in (["ingest", str(transcript), "-d", "geography", "-s", str(store), "--critic", str(toy_critic), "-q"],
                 ["critic", "rescore", "-s", str(store), "-d", "geography", "-c", str(toy_critic), "--dry-run", "-q"]):
        with pytest.raises(AssertionError, match="exited with"):
            _run(args)
        err = capsys.readouterr().err
        assert "covers none of the geography domain's relations" in err and "Traceback" not in err
    shutil.copytree(toy_critic, store / "critic")  # --critic auto: a note
    _run(["critic", "rescore", "-s", str(store), "-d", "geography", "--dry-run", "-q"])
    assert "covers none of the geography domain's relations" in capsys.readouterr().err


def test_critic_json_records_the_thread_count_it_was_trained_with(tiny_bert: Path, tmp_path: Path) -> None:
    """The same --seed with --threads 1 and 2 (the default: every core) trained critics that differ
    in their last bits, and critic.json did not say how many threads trained it."""
    import torch

    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    before = torch.get_num_threads()
    try:
        _run(["critic", "train", "--domain", "commonsense", "--data", str(data), "--base-model", str(tiny_bert),
              "-o", str(tmp_path / "c"), "--steps", "2", "-q"])
    finally:
        torch.set_num_threads(before)
    meta = json.loads((tmp_path / "c" / "critic.json").read_text(encoding="utf-8"))
    assert meta["trained"]["config"]["threads"] == max(1, os.cpu_count() or 1)


def test_critic_json_names_the_software_that_trained_it(toy_critic: Path) -> None:
    """critic.json named no version of kg-distill, torch or transformers: a reviewer could not
    tell which code trained the critic."""
    from kg.cli import version

    software = json.loads((toy_critic / "critic.json").read_text(encoding="utf-8"))["software"]
    assert software.startswith(f"kg-distill {version()}; torch ") and "transformers " in software


def test_a_rerun_that_finds_its_batches_done_says_their_verdicts_are_the_earlier_critics(tmp_path, toy_critic, capsys):
    """Retrain the critic, run the same `kg ingest` again: the run found its batches done and
    judged nothing, silently, while its notes spoke of the new critic as if it had judged."""
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows()[:20])
    store = tmp_path / "kg"
    _run(["init", str(store), "--domain", "commonsense"])
    args = ["ingest", str(data), "--store", str(store), "--critic", str(toy_critic), "--format", "json", "-q"]
    capsys.readouterr()
    _run(args)
    first = json.loads(capsys.readouterr().out)
    _run(args)
    again = json.loads(capsys.readouterr().out)
    said = "keep the verdicts given then"
    assert not any(said in note for note in first["notes"])
    assert again["batches_resumed"] > 0 and any(said in note and "kg critic rescore" in note for note in again["notes"])


def _new_heads_rows() -> list[dict]:
    """Rows on heads no toy critic saw (``toy_rows`` has every verb with every thing)."""
    return [
        {"head": "PersonX eats a cake", "relation": "xWant", "tails": ["to share it", "to rest"]},
        {"head": "PersonX eats a cake", "relation": "xReact", "tails": ["happy"]},
        {"head": "PersonX rides a bike", "relation": "xReact", "tails": ["tired", "happy"]},
    ]


def test_critic_eval_leaves_out_the_heads_the_critic_trained_or_calibrated_on(toy_critic: Path, tmp_path: Path, capsys) -> None:
    """`kg critic eval` on the critic's own training file printed in-sample figures with no word:
    critic.json kept a count of its training heads, not the heads."""
    meta = json.loads((toy_critic / "critic.json").read_text(encoding="utf-8"))
    train, calibration = set(meta["head_keys"]["train"]), set(meta["head_keys"]["calibration"])
    assert train and calibration and not train & calibration
    assert train | calibration == {r["head"].casefold() for r in toy_rows()}
    data = write_jsonl(tmp_path / "rows.jsonl", [*toy_rows(), *_new_heads_rows()])
    _run(["critic", "eval", "--critic", str(toy_critic), "--data", str(data), "-f", "json", "--threads", "1"])
    shown = capsys.readouterr()
    report = json.loads(shown.out)
    assert report["data"]["positives"] == 5  # the new heads' right tails only
    note = f"left out {len(toy_rows())} rows of {data} (80 heads) on heads the critic trained on or chose its threshold on"
    assert note in shown.err.replace("\n", " ") and [n for n in report["notes"] if note in n]

    with pytest.raises(SystemExit) as exc:  # nothing new: an error, not in-sample figures
        main(["critic", "eval", "--critic", str(toy_critic), "--data", str(write_jsonl(tmp_path / "seen.jsonl", toy_rows()))])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "every row is on a head the critic trained on" in err and "Traceback" not in err


def test_a_critic_saved_before_kg_recorded_its_heads_evaluates_with_a_note(toy_critic: Path, tmp_path: Path, capsys) -> None:
    old = tmp_path / "old-critic"
    shutil.copytree(toy_critic, old)
    meta = json.loads((old / "critic.json").read_text(encoding="utf-8"))
    del meta["head_keys"]
    (old / "critic.json").write_text(json.dumps(meta), encoding="utf-8")
    data = write_jsonl(tmp_path / "rows.jsonl", toy_rows())
    _run(["critic", "eval", "--critic", str(old), "--data", str(data), "-f", "json", "--threads", "1"])
    shown = capsys.readouterr()
    report = json.loads(shown.out)
    assert report["data"]["positives"] == sum(len(r["tails"]) for r in toy_rows())  # every row, as before
    assert "cannot be checked" in shown.err and [n for n in report["notes"] if "cannot be checked" in n]


def test_a_critic_saved_with_the_old_head_keys_still_leaves_out_its_heads_with_other_letters(toy_critic: Path, tmp_path: Path, capsys) -> None:
    """Critics saved before the head key kept every script's letters recorded "café" as "caf": the
    new key ("café") did not find them, so such a critic was scored on its own training heads."""
    old = tmp_path / "old-critic"
    shutil.copytree(toy_critic, old)
    meta = json.loads((old / "critic.json").read_text(encoding="utf-8"))
    rows = [{**r, "head": r["head"] + " at the café"} for r in toy_rows()]
    meta["head_keys"] = {"train": sorted({r["head"].casefold().replace("é", "") for r in rows}), "calibration": []}
    (old / "critic.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["critic", "eval", "--critic", str(old), "--data", str(write_jsonl(tmp_path / "seen.jsonl", rows))])
    assert exc.value.code == 2 and "every row is on a head the critic trained on" in capsys.readouterr().err


def test_kg_distill_and_ingest_refuse_an_open_world_domain_with_no_trained_critic(toy_atomic: Path, tmp_path: Path, capsys) -> None:
    """``kg distill`` and ``kg ingest`` let in nearly every commonsense fact when the store had no
    trained critic, with only a note ("judged by the signals' weighted mean only"), an open gate,
    while the Python API refused; both refuse now in one line, before asking or writing anything,
    and ``--critic none`` (or ``--trusted``) is the explicit way to run without one."""
    store = tmp_path / "cs"
    for args in (["ingest", str(toy_atomic), "--domain", "commonsense", "--store", str(store), "-q"],
                 ["distill", "--domain", "commonsense", "--teacher", "openai:m@http://127.0.0.1:9/v1", "--store", str(store), "-q"]):  # no server
        with pytest.raises(SystemExit) as exc:
            main(args)
        err = capsys.readouterr().err
        assert exc.value.code != 0 and "no trained critic" in err and "--critic none" in err and "Traceback" not in err
        assert not (store / "runs").exists() or not any((store / "runs").iterdir())
    _run(["ingest", str(toy_atomic), "--domain", "commonsense", "--store", str(store), "-q", "--critic", "none"])
    _run(["ingest", str(toy_atomic), "--domain", "commonsense", "--store", str(tmp_path / "t"), "-q", "--trusted"])
