"""Teacher output that is not valid text, and teachers that answer partly: the run goes on,
what cannot be read is quarantined with its reason, and nothing is counted as answered that
was not (issue #18)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import open_store
from tests.conftest import kg_exit_code
from tests.pipeline.conftest import answers_by_text, distill_args

MARKER = "capital city of France"


def _quarantine_messages(store) -> list[str]:
    rows = store.query("SELECT ?m WHERE { ?x a kg:Rejection ; kg:reason ?r . ?r kg:message ?m }", graph="rejected")
    return [m.value for (m,) in rows]


def _labels(store) -> list[str]:
    return [q.object.value for q in store.match(graph="accepted") if q.predicate.value.endswith("#label")]


def test_a_lone_surrogate_is_quarantined_with_its_reason_and_the_rerun_works(geo_files, tmp_path: Path, capsys) -> None:
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    assert sum(MARKER in text for text in answers) == 1

    def answer(prompt: str, i: int) -> str:
        # the server sends JSON; "\ud800" inside it decodes to a lone surrogate on our side
        return "1. Par\ud800is" if MARKER in prompt else answers[prompt][i % 3]

    store_dir = tmp_path / "store"
    with FakeOpenAIServer(answer=answer) as server:
        args = distill_args(geo_files, store_dir, f"openai:demo@{server.base_url}", "--format", "json")
        main(args)
        first = json.loads(capsys.readouterr().out)
        main(args)  # from the cache: an entry that crashed a run once would crash it forever
        second = json.loads(capsys.readouterr().out)
        assert server.served[next(t for t in answers if MARKER in t)] == 3  # asked once only
    assert first["completions"] == 42 and second["batches_resumed"] == 4
    with open_store(store_dir) as store:
        assert not any("\ufffd" in label or "\ud800" in label for label in _labels(store))
        damaged = [m for m in _quarantine_messages(store) if "damaged text" in m]
        assert damaged and all("Par\ufffdis" in m for m in damaged)
    cache = store_dir / "teacher-cache.sqlite"
    import sqlite3

    with sqlite3.connect(cache) as db:
        texts = [t for (t,) in db.execute("SELECT text FROM completions")]
    assert len(texts) == 42 - sum(not a.strip() for samples in answers.values() for a in samples)  # a paid empty answer is not cached
    for text in texts:
        text.encode("utf-8")  # no entry that cannot be read back (a lone surrogate raises here)


def test_a_lone_surrogate_in_an_ingested_file_is_quarantined(tmp_path: Path, capsys) -> None:
    path = tmp_path / "facts.json"
    path.write_text('[{"subject": "Fr\\ud800ance", "predicate": "hasCapital", "object": "Paris"}]', encoding="utf-8")
    main(["ingest", str(path), "--domain", "geography", "--store", str(tmp_path / "s"), "--quiet", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["accepted"] == 0 and report["unreadable"] == 1
    with open_store(tmp_path / "s") as store:
        assert _labels(store) == []
        assert any("damaged text" in m for m in _quarantine_messages(store))


def test_a_prompt_with_samples_missing_is_not_done_and_the_rest_are_asked_on_rerun(
    geo_files, tmp_path: Path, capsys
) -> None:
    from kg.teachers.testing import FakeOpenAIServer
    from tests.pipeline.conftest import accepted_set
    from tests.pipeline.test_distill import EXPECTED_ACCEPTED

    answers = answers_by_text()
    marker = "population of Paris"
    text = next(t for t in answers if marker in t)
    # one choice a request: the prompt's first sample arrives, then its second request fails (and
    # asked again for one sample, as after a 400 to n > 1, fails again)
    with FakeOpenAIServer(
        answer=lambda prompt, i: answers[prompt][i % 3], max_choices=1, faults={marker: ["ok", "400", "400"]}
    ) as server:
        store_dir = tmp_path / "store"
        args = distill_args(geo_files, store_dir, f"openai:demo@{server.base_url}", "--format", "json")
        _run(args)
        first = json.loads(capsys.readouterr().out)
        assert first["failed_prompts"] == 1  # 1 of its 3 samples is not an answer
        assert server.served[text] == 1
        _run(args)
        second = json.loads(capsys.readouterr().out)
        assert second["failed_prompts"] == 0
        assert server.served[text] == 3  # the two missing samples asked for, the first one not again
        assert sum(server.served.values()) == 42
    assert second["completions"] == 42
    with open_store(store_dir) as store:
        assert accepted_set(store) == EXPECTED_ACCEPTED


def _run(args: list[str]) -> int:
    """``kg ARGS``; its exit code (0 when it returns)."""
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_exit_code_tells_success_partial_and_failure(geo_files, tmp_path: Path, capsys) -> None:
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    every = {"": ["500"] * 100}  # "" is in every prompt
    with FakeOpenAIServer(answer=lambda prompt, i: answers[prompt][i % 3], faults=every) as server:
        args = distill_args(geo_files, tmp_path / "a", f"openai:demo@{server.base_url}", "--retries", "0")
        assert _run(args) == 1
        err = capsys.readouterr().err
        assert "every prompt of batch 0 failed" in err and "HTTP 500" in err and "log" not in err
        assert server.requests == 4  # --retries 0: one request a prompt, and the run stops after the first batch of 4
    with FakeOpenAIServer(answer=lambda prompt, i: answers[prompt][i % 3], faults={"population of Paris": ["400", "400"]}) as server:
        args = distill_args(geo_files, tmp_path / "b", f"openai:demo@{server.base_url}", "--format", "json")
        assert _run(args) == 3
        out = capsys.readouterr()
        assert json.loads(out.out)["outcome"] == "partial" and "1 of 14 prompts failed" in out.err
        assert _run(args) == 0  # the rerun asks for the failed prompt, and it is answered
        assert json.loads(capsys.readouterr().out)["outcome"] == "success"


def test_teacher_timeout_retries_and_concurrency_come_from_kg_toml_and_flags(tmp_path: Path) -> None:
    from kg.config import load_config
    from kg.pipeline import resolve_parts
    from kg.store import init_store

    toml = tmp_path / "kg.toml"
    toml.write_text(
        'domain = "geography"\n[teacher]\nspec = "openai:m@http://127.0.0.1:9/v1"\n'
        "timeout = 7.5\nretries = 2\nconcurrency = 3\nno_cache = true\n",
        encoding="utf-8",
    )
    with init_store(tmp_path / "s") as store:
        for overrides, expected in (({}, (7.5, 2, 3)), ({"teacher.retries": 0, "teacher.concurrency": 1}, (7.5, 0, 1))):
            teacher = resolve_parts(load_config(toml, overrides), store).teacher
            assert (teacher.timeout.read, teacher.retry.max_retries, teacher.concurrency) == expected
            teacher.close()


@pytest.mark.parametrize("module", ["kg.validate", "reasoners.conflicts", "reasoners.rules"])
def test_a_checker_that_fails_to_import_refuses_the_run(geo_files, tmp_path: Path, capsys, monkeypatch, module) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now fails
    store_dir = tmp_path / "store"
    code = _run(distill_args(geo_files, store_dir, f"replay:{geo_files['transcript']}"))
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert module in err and "\n" not in err and "Traceback" not in err
    if store_dir.exists():
        with open_store(store_dir) as store:
            assert store.is_empty("accepted", "rejected")  # nothing let in unchecked


def test_answers_with_no_fact_are_counted_in_the_report_and_kept_in_quarantine(geo_files, tmp_path: Path, capsys) -> None:
    """A teacher that says it does not know (or 'none') gives no fact; the run's report says how
    many such answers it read, and each is kept in quarantine with its completion (it was a
    count alone, the answer stored nowhere: ATOMIC keeps 'none' as a tail)."""
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()

    def answer(prompt: str, i: int) -> str:
        return "I don't know." if MARKER in prompt else answers[prompt][i % 3]

    with FakeOpenAIServer(answer=answer) as server:
        main(distill_args(geo_files, tmp_path / "store", f"openai:demo@{server.base_url}", "--format", "json"))
    report = json.loads(capsys.readouterr().out)
    # the three samples of that prompt, counted once: as no answer, not as dropped too (an art
    # museum's summary gave 583 none answers under "dropped" and again among 588 unreadable), nor
    # as unreadable outputs ("I don't know" was 183 of a universities analyst's 256 "unreadable")
    assert report["no_answers"] == 3 and "object: none answer" not in report["dropped"], report
    assert report["unreadable"] == report["rejected_by_reason"].get("unreadable", 0)
    with open_store(tmp_path / "store") as store:
        kept = store.query(
            "SELECT ?text ?i WHERE { GRAPH graph:rejected { ?rec kg:reason/kg:message 'none answer' ; prov:wasDerivedFrom ?c } "
            "GRAPH graph:provenance { ?c kg:text ?text ; kg:sampleIndex ?i } }"
        ).bindings()
    assert sorted((str(r["text"]), int(r["i"])) for r in kept) == [("I don't know.", i) for i in range(3)]
    tsv = tmp_path / "rows.tsv"
    tsv.write_text("PersonX bakes bread\txNeed\tnone\nPersonX bakes bread\txWant\tto eat it\n", encoding="utf-8")
    capsys.readouterr()
    main(["ingest", str(tsv), "--domain", "commonsense", "--store", str(tmp_path / "cs"), "--quiet", "--critic", "none"])
    assert "dropped, with no fact to check: object: none answer 1" in capsys.readouterr().out  # a file's row: not kept


def test_an_answer_all_of_which_is_dropped_as_a_remark_is_kept_in_quarantine_with_why(geo_files, tmp_path: Path, capsys) -> None:
    """'Note: varies by section; up to 140 km/h' for a railway's top speed was dropped whole as a
    remark beside an answer: in neither the accepted nor the unreadable graph, a count alone, so
    the answer could not be found (found by the transport user's audit). Now it is unreadable with
    its text, the reason naming why it was dropped, and counted there, not as dropped too."""
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    note = "Note: varies by census; about 2.5 million"

    def answer(prompt: str, i: int) -> str:
        return note if "population of Aba" in prompt else answers[prompt][i % 3]

    with FakeOpenAIServer(answer=answer) as server:
        main(distill_args(geo_files, tmp_path / "store", f"openai:demo@{server.base_url}", "--format", "json"))
    report = json.loads(capsys.readouterr().out)
    assert "remark beside an answer" not in report["dropped"]
    main(["review", "export", "--graph", "unreadable", "-o", "-", "--store", str(tmp_path / "store")])
    rows = [line for line in capsys.readouterr().out.splitlines() if note in line]
    assert rows and all("nothing read: all of it dropped as remark beside an answer" in row for row in rows)


def test_a_teacher_that_fails_every_prompt_of_a_batch_stops_the_run(tmp_path) -> None:
    """A server that refused every request (401), or was down, was asked prompt by prompt
    through every batch (490 connection attempts over 5 batches; a hung server for 21 minutes).
    The run stops after the first batch whose every prompt failed, in one line; a rerun resumes."""
    from kg.teachers.testing import FakeOpenAIServer
    from tests.conftest import kg_exit_code

    store = tmp_path / "st"
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\nSpain\nItaly\n", encoding="utf-8")
    with FakeOpenAIServer(faults={"": ["401"] * 1000}) as server:
        code = kg_exit_code(
            "distill", "--domain", "geography", "--store", str(store), "--teacher", f"openai:m@{server.base_url}",
            "--seeds", str(seeds), "--batch-size", "4", "--retries", "0", "--quiet",
        )
        asked = server.requests
    assert code != 0
    assert asked == 4  # one batch of four prompts, not the 21 of the grid


def test_several_samples_at_temperature_zero_are_noted(tmp_path) -> None:
    """--samples 3 at the default temperature 0 paid three times for one greedy answer, and the
    self-consistency signal read their agreement as evidence, without a word."""
    from kg.config import load_config
    from kg.pipeline import resolve_parts
    from kg.store import init_store

    with init_store(tmp_path / "s") as store:
        for samples, temperature, noted in ((3, 0.0, True), (3, 0.7, False), (1, 0.0, False)):
            config = load_config(None, {"domain": "geography", "store": str(tmp_path / "s"), "teacher.spec": "openai:m@http://127.0.0.1:9/v1",
                                        "teacher.samples": samples, "teacher.temperature": temperature})
            parts = resolve_parts(config, store)
            assert any("at temperature 0 are one answer paid 3 times" in n for n in parts.notes) == noted
            parts.teacher.close()


def test_answers_cut_off_inside_the_reasoning_are_counted_and_noted(tmp_path: Path, capsys) -> None:
    """A reasoning model at the default 256 tokens: every answer ended inside its reasoning,
    and the run said "success" with no note (the truncated count was never shown)."""
    from kg.teachers.testing import FakeOpenAIServer

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\n", encoding="utf-8")
    reasoning = {"content": None, "reasoning_content": "Okay, the user asks about France. Let me"}
    with FakeOpenAIServer(answer=lambda prompt, i: reasoning, faults={"France": ["length"] * 2}) as server:
        code = kg_exit_code("distill", "--domain", "geography", "--store", str(tmp_path / "s"), "--teacher", f"openai:m@{server.base_url}",
                            "--seeds", str(seeds), "--relations", "borders,capitalOf", "-n", "1", "--critic", "none", "--no-cache", "-q", "-f", "json")
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["truncated"] == 2 and report["unreadable"] == 2
    assert any("2 of 2 answers were cut off at the token limit (256 tokens)" in note and "--max-tokens" in note for note in report["notes"])


def test_a_server_that_reports_no_usage_is_named_not_read_as_free(geo_files, tmp_path: Path, capsys) -> None:
    """A server that sends no `usage` (some llama.cpp builds, gateways) gave "tokens 0" in the
    table, the run's JSON and `kg runs`, with nothing saying the spend was unknown: read as free."""
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    with FakeOpenAIServer(answer=lambda prompt, i: answers[prompt][i % 3], usage=False) as server:
        main(distill_args(geo_files, tmp_path / "store", f"openai:demo@{server.base_url}", "--format", "json"))
    report = json.loads(capsys.readouterr().out)
    assert report["tokens"] == 0
    assert any("reported no token usage" in note and "not its spend" in note for note in report["notes"])


def test_a_run_whose_requests_all_failed_has_no_note_of_missing_usage(tmp_path: Path, capsys) -> None:
    """The note counted every attempt: a run answered from the cache whose requests all failed
    (401) said the server "reported no token usage for the N requests it answered" though it
    answered none."""
    from kg.teachers.testing import FakeOpenAIServer

    cache, seeds = tmp_path / "cache.sqlite", tmp_path / "seeds.txt"
    with FakeOpenAIServer() as server:
        def distill(store: str, *names: str) -> int:
            seeds.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
            return kg_exit_code("distill", "--domain", "geography", "--teacher", f"openai:m@{server.base_url}", "--store", str(tmp_path / store),
                                "--seeds", str(seeds), "--cache", str(cache), "--batch-size", "100", "--critic", "none", "-q", "-f", "json")

        assert distill("a", "France") == 0
        capsys.readouterr()
        server.faults = {"": ["401"] * 1000}  # every request from now on
        distill("b", "France", "Spain")
    report = json.loads(capsys.readouterr().out)
    assert report["cache_hits"] > 0 and report["failed_prompts"] > 0 and report["requests"] > 0
    assert not any("token usage" in note for note in report["notes"])


def test_a_runs_requests_and_retries_are_recorded_with_it(tmp_path: Path, capsys) -> None:
    """The requests a run sent its teacher, and the retries among them, were shown once, by the
    invocation, and lost: `kg runs` could not say what a past run had cost in calls."""
    from kg.teachers.testing import FakeOpenAIServer

    seeds, store = tmp_path / "seeds.txt", str(tmp_path / "store")
    seeds.write_text("France\nSpain\n", encoding="utf-8")
    with FakeOpenAIServer(faults={"Spain": ["503"]}) as server:
        assert kg_exit_code("distill", "--domain", "geography", "--teacher", f"openai:m@{server.base_url}", "--store", store,
                            "--seeds", str(seeds), "--batch-size", "4", "--critic", "none", "--no-cache", "-q", "-f", "json") == 0
        sent = server.requests
    report = json.loads(capsys.readouterr().out)
    assert report["requests"] == sent and report["retries"] == 1
    assert kg_exit_code("runs", "--store", store, "-f", "json") == 0
    (run,) = json.loads(capsys.readouterr().out)
    assert (run["requests"], run["retries"]) == (sent, 1)


def test_an_answer_all_of_which_is_dropped_as_naming_no_answer_is_kept_in_quarantine(tmp_path: Path, capsys) -> None:
    """'COVID-19 is now considered endemic worldwide.' (and any answer whose every line the reader
    dropped: a sentence naming no answer, an item crossed out) was a count alone ('dropped ...
    sentence naming no answer 1'): in no graph, not in kg review export --graph unreadable
    (found by the epidemiology user's audit). Now it is unreadable with its text and why."""
    transcript = tmp_path / "t.jsonl"
    rows = [
        ("p1", "France", "It is a beautiful country."), ("p2", "Spain", "❌ Sydney"), ("p3", "Italy", "France, Switzerland and Austria"),
    ]
    transcript.write_text("".join(json.dumps(
        {"prompt_id": pid, "prompt": f"Which countries border {head}?", "kind": "list", "head": head, "relation": "borders",
         "completions": [{"text": text, "finish_reason": "stop"}]}) + "\n" for pid, head, text in rows), encoding="utf-8")
    store = str(tmp_path / "store")
    main(["ingest", str(transcript), "--input-format", "transcript", "--domain", "geography", "--store", store, "--quiet", "--critic", "none"])
    capsys.readouterr()
    main(["review", "export", "--graph", "unreadable", "-o", "-", "--store", store])
    out = capsys.readouterr().out
    assert "nothing read: all of it dropped as object: sentence naming no answer" in out and "It is a beautiful country." in out
    assert "nothing read: all of it dropped as item marked wrong" in out and "Sydney" in out
    assert "Switzerland" not in out  # an answer read is no quarantine's


def test_an_unreadable_answer_of_an_ingested_transcript_is_listed_under_its_prompts_head_and_relation(tmp_path: Path, capsys) -> None:
    """`kg ingest repro.jsonl --input-format transcript` then `kg review export --graph unreadable`
    wrote ``,,SG 4.5,,unreadable,...``: no head and no relation, though the transcript's prompt
    was read to find both and `kg distill`'s rows have them (found by the mineralogy user's
    audit). Now each unreadable row of a transcript names its prompt's head and relation; an
    answer read stays out of the quarantine."""
    transcript = tmp_path / "t.jsonl"
    rows = [("p1", "France", "It is a beautiful country."), ("p2", "Spain", "❌ Sydney"), ("p3", "Italy", "France, Switzerland and Austria")]
    transcript.write_text("".join(json.dumps(
        {"prompt_id": pid, "prompt": f"Which countries border {head}?", "kind": "list", "head": head, "relation": "borders",
         "completions": [{"text": text, "finish_reason": "stop"}]}) + "\n" for pid, head, text in rows), encoding="utf-8")
    store = str(tmp_path / "store")
    main(["ingest", str(transcript), "--input-format", "transcript", "--domain", "geography", "--store", store, "--quiet", "--critic", "none"])
    capsys.readouterr()
    main(["review", "export", "--graph", "unreadable", "-o", "-", "--store", store])
    rows_out = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    said = {(r["subject"], r["relation"], r["object"]) for r in rows_out}
    assert ("France", "borders", "It is a beautiful country.") in said
    assert any(s == "Spain" and rel == "borders" and "Sydney" in o for s, rel, o in said)
    assert all(r["subject"] and r["relation"] for r in rows_out) and not any(s == "Italy" for s, _, _ in said)
