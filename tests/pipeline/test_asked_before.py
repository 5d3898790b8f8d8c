"""A question the store asked before is asked in the words it was asked then, so the teacher's
cache answers it, however many facts the store accepted since (the few-shot examples drawn from
the store changed with every one, and the prompt's text is the cache's key: daily runs of a
growing seed file paid for most old prompts again, and ``--again`` got 1 cache hit of 6)."""

from __future__ import annotations

import json
from pathlib import Path

from kg.cli import main
from kg.teachers.testing import FakeOpenAIServer

ANSWERS = {"Spain": "1. Madrid", "Norway": "1. Oslo", "France": "1. Paris", "Italy": "1. Rome"}


def _answer(prompt: str, index: int) -> str:
    question = prompt.rstrip("\n").rsplit("\n\n", 1)[-1]
    return next((tail for head, tail in ANSWERS.items() if head in question), "1. Nowhere")


def _distill(store: Path, seeds: Path, server: FakeOpenAIServer, capsys, *extra: str) -> dict:
    main([
        "distill", "--domain", "geography", "--teacher", f"openai:fake@{server.base_url}", "--store", str(store),
        "--seeds", str(seeds), "--relations", "hasCapital", "--quiet", "--format", "json", *extra,
    ])
    return json.loads(capsys.readouterr().out)


def test_again_and_a_grown_seed_file_pay_no_old_prompt_twice(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    store, seeds = tmp_path / "store", tmp_path / "seeds.txt"
    seeds.write_text("Spain\nNorway\n", encoding="utf-8")
    with FakeOpenAIServer(answer=_answer) as server:
        first = _distill(store, seeds, server, capsys)
        assert first["accepted"] >= 2 and server.requests == 2
        again = _distill(store, seeds, server, capsys, "--again")  # the store now gives other examples
        assert again["run"] != first["run"]
        assert (again["cache_hits"], server.requests) == (2, 2)
        seeds.write_text("Spain\nNorway\nFrance\nItaly\n", encoding="utf-8")  # the next day: two heads more
        grown = _distill(store, seeds, server, capsys)
        assert (grown["prompts"], grown["cache_hits"], server.requests) == (4, 2, 4)
        fresh = _distill(store, seeds, server, capsys, "--again", "--no-cache")  # still asks anew
        assert (fresh["cache_hits"], server.requests) == (0, 8)


def test_a_cached_answer_a_later_run_replays_is_marked_as_no_new_evidence(tmp_path: Path, capsys, monkeypatch) -> None:
    """`kg why` listed 33 supports of one fact after 30 daily runs, 29 of them the same cached
    completion replayed, each shown as independent evidence."""
    from kg.api import KnowledgeGraph

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    store, seeds = tmp_path / "store", tmp_path / "seeds.txt"
    seeds.write_text("Spain\n", encoding="utf-8")
    with FakeOpenAIServer(answer=_answer) as server:
        first = _distill(store, seeds, server, capsys, "--domain-examples")
        again = _distill(store, seeds, server, capsys, "--domain-examples", "--again")
        assert again["cache_hits"] == 1 and server.requests == 1
    with KnowledgeGraph.open(store) as kg:
        supports = {rec["run"].rsplit("/", 1)[-1]: rec for rec in kg.why(("Spain", "hasCapital", "Madrid")).tree.provenance}
    cached = {run: bool(rec.get("cached")) for run, rec in supports.items()}
    assert cached == {first["run"].rsplit("/", 1)[-1]: False, again["run"].rsplit("/", 1)[-1]: True}
    capsys.readouterr()
    assert main(["why", "Spain kgeo:hasCapital Madrid", "--store", str(store)]) in (None, 0)
    assert " ".join(capsys.readouterr().out.split()).count("from the teacher's cache: an earlier run's answer") == 1
