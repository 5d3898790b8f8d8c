"""`kg demo` and its bundled data."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kg.demo import GEOGRAPHY_TRANSCRIPT, run_demo


def test_bundled_transcript_answers_the_demo_prompts() -> None:
    """Fails when the geography domain's prompts change: rerun
    ``python kg/data/demo/make_geography_transcript.py``."""
    path = GEOGRAPHY_TRANSCRIPT.parent / "make_geography_transcript.py"
    spec = importlib.util.spec_from_file_location("make_geography_transcript", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = [json.loads(line) for line in GEOGRAPHY_TRANSCRIPT.read_text(encoding="utf-8").splitlines()]
    assert shipped == module.build_records()


def test_demo_builds_queries_explains_and_reports(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    store = tmp_path / "demo-store"
    (store).mkdir()
    (store / "stale").write_text("x")
    with pytest.raises(Exception, match="neither empty nor a kg store"):
        run_demo(store, output=tmp_path / "r.html", atomic_rows=5, students=False, quiet=True)
    store = tmp_path / "demo-store-2"
    from kg.store import init_store

    init_store(store).close()  # an old demo store is recreated
    out = run_demo(store, output=tmp_path / "report.html", atomic_rows=40, students=False, quiet=True, critic_seconds=8)
    assert [r["kind"] for r in out["runs"]] == ["ingest", "distill", "distill"]
    capitals = dict(map(tuple, out["queries"]["Capitals the graph knows (accepted and inferred)"]))
    assert capitals["France"] == "Paris" and capitals["Japan"] == "Tokyo"
    assert "Sydney" not in capitals.values()  # the teacher's wrong capital was caught
    assert "capitalOf" in out["why"] and "replay:geography_transcript" in out["why"]  # derivation → provenance
    assert (tmp_path / "report.html").stat().st_size > 10_000
    # the learned critic was trained, saved with the store, and judged the commonsense facts
    assert out["critic"]["id"].startswith("cross-encoder:") and (store / "critic" / "critic.json").is_file()
    from kg.store import open_store

    with open_store(store) as kg_store:
        marked = kg_store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?x kg:critic ?c ; kg:criticScore ?s }", graph="all"
        ).bindings()
    assert int(marked[0]["n"].value) > 0


@pytest.mark.slow
def test_the_demo_critic_keeps_a_fair_share_of_the_generations(tmp_path, monkeypatch):
    """With its 90 s budget the demo's critic keeps a fair share of COMET-BART's generations
    (about 40%); the listwise defaults, made for 600 s, kept 1% there and starved the students."""
    from kg.demo import run_demo

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))  # train, do not reuse a cached critic
    out = run_demo(tmp_path / "store", output=tmp_path / "report.html", students=False, quiet=True)
    run = out["runs"][0]
    assert run["kind"] == "ingest" and run["accepted"] > 0.2 * (run["accepted"] + run["rejected"])


@pytest.mark.slow
def test_the_demo_generator_is_the_retrieval_student(tmp_path, monkeypatch):
    """The demo's generator step uses the product's default generator, the retrieval student
    (nothing trained), and its tails for new heads go through the commonsense checks."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    lines = []
    out = run_demo(tmp_path / "store", output=tmp_path / "report.html", atomic_rows=300, quiet=True,
                   critic_seconds=8, echo=lambda *a, **k: lines.append(" ".join(map(str, a))))
    generator = out["students"]["generator"]
    assert generator["model"] == "retrieval" and generator["generated"] > 0
    assert 0 <= generator["accepted"] <= generator["generated"]
    assert any("the retrieval student" in line for line in lines)
    assert any(line.strip().startswith("RetrievalGenerator(") for line in lines)
