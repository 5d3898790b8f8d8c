"""Distilling through a batch run (OpenAI's Batch API, vLLM's run_batch): `kg distill
--batch-requests FILE` writes the requests, `--teacher replay:RESULTS` reads the answers."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from kg.errors import TeacherError
from kg.pipeline import distill
from kg.store import open_store
from kg.teachers.replay import ReplayTeacher
from kg.teachers.testing import FakeOpenAIServer
from tests.conftest import kg_exit_code


def _answer(prompt: str, index: int) -> str:
    return "1. to eat\n2. To rest, perhaps" if index == 0 else "1. to sleep"


def _accepted(store: Path) -> set[tuple[str, str, str]]:
    with open_store(store) as st:
        return {(q.subject.value, q.predicate.value, q.object.value) for q in st.match(graph="accepted")}


def _run_batch(server: FakeOpenAIServer, requests: Path, results: Path, *, fail: int) -> str:
    """What a batch runner does with the request file: each body sent as it is; the request
    number ``fail`` fails as OpenAI's Batch API reports a failed request. Returns its custom id."""
    failed = ""
    with requests.open(encoding="utf-8") as src, results.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            req = json.loads(line)
            if i == fail:
                failed = req["custom_id"]
                body = {"error": {"message": "context length exceeded", "type": "invalid_request_error"}}
                out.write(json.dumps({"custom_id": failed, "response": {"status_code": 400, "body": body}, "error": None}) + "\n")
                continue
            url = server.base_url.removesuffix("/v1") + req["url"]
            call = urllib.request.Request(url, data=json.dumps(req["body"]).encode(), headers={"content-type": "application/json"})
            with urllib.request.urlopen(call) as response:
                body = json.loads(response.read())
            out.write(json.dumps({"id": f"req-{i}", "custom_id": req["custom_id"], "response": {"status_code": 200, "body": body}, "error": None}) + "\n")
    return failed


def test_a_batch_run_gives_what_the_live_run_gives(tmp_path: Path) -> None:
    """A user distilling at scale runs the prompts as a batch (half the price on OpenAI's Batch
    API; vLLM's run_batch offline): the only way in was a live server. The request file holds
    the bodies a live run sends, keyed by prompt id; the results read back give the live run's
    facts, and a request the batch failed fails its prompt (exit code 3), no other."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX bakes bread\nPersonX runs a marathon\n", encoding="utf-8")
    base = {"domain": "commonsense", "prompts.seeds_file": str(seeds), "prompts.shots": 0, "prompts.by_type": True,
            "critic.model": "none", "teacher.samples": 2, "teacher.no_cache": True, "run.materialize": False}
    with FakeOpenAIServer(answer=_answer) as server:
        spec = f"openai:tiny@{server.base_url}"
        live = distill(base | {"store": str(tmp_path / "live"), "teacher.spec": spec})
        asked = server.requests
        requests, results = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
        assert kg_exit_code("distill", "--store", str(tmp_path / "batch"), "--domain", "commonsense", "--teacher", spec, "--seeds", str(seeds),
                    "--shots", "0", "-n", "2", "--by-type", "--batch-requests", str(requests), "-q") == 0
        assert server.requests == asked  # writing the requests asks nothing
        lines = [json.loads(line) for line in requests.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == live.prompts and {line["body"]["n"] for line in lines} == {2}
        assert server.bodies[0] in [line["body"] for line in lines]  # the body a live call sent
        failed = _run_batch(server, requests, results, fail=0)
    batch = distill(base | {"store": str(tmp_path / "batch"), "teacher.spec": f"replay:{results}"})
    assert batch.failed_prompts == 1 and batch.outcome != live.outcome
    failed_head = next(line for line in lines if line["custom_id"] == failed)
    lost = {t for t in _accepted(tmp_path / "live") if t not in _accepted(tmp_path / "batch")}
    assert _accepted(tmp_path / "batch") <= _accepted(tmp_path / "live") and lost  # only the failed prompt's facts are missing
    assert ReplayTeacher(results).id.startswith("replay:tiny@")  # provenance names the model that answered (and the file by its digest)
    assert failed_head["custom_id"] in ReplayTeacher(results)._errors


def test_batch_results_for_other_prompts_and_a_teacher_without_requests_are_clear_errors(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps({"custom_id": "p-unknown", "response": {"status_code": 200, "body": {
        "model": "m", "choices": [{"index": 0, "message": {"content": "1. to eat"}, "finish_reason": "stop"}]}}}) + "\n")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX bakes bread\n", encoding="utf-8")
    cfg = {"domain": "commonsense", "store": str(tmp_path / "s"), "prompts.seeds_file": str(seeds), "critic.model": "none",
           "teacher.spec": f"replay:{results}", "teacher.no_cache": True}
    with pytest.raises(TeacherError, match="has no answer for prompt"):
        distill(cfg)
    code = kg_exit_code("distill", "--store", str(tmp_path / "s"), "--domain", "commonsense", "--teacher", f"replay:{results}",
                "--batch-requests", str(tmp_path / "r.jsonl"))
    assert code == 2 and "needs an openai:MODEL@URL teacher" in capsys.readouterr().err


def test_a_batch_result_whose_usage_count_is_no_finite_number_is_read(tmp_path: Path) -> None:
    """A batch-results line with a usage count of 1e999 (JSON reads it as infinity) failed with
    an uncaught OverflowError; the count is left out now, the answer read."""
    from kg.prompts import Prompt

    results = tmp_path / "results.jsonl"
    results.write_text('{"custom_id": "ID", "response": {"status_code": 200, "body": {"model": "m", "choices": '
                       '[{"index": 0, "text": "1. to eat"}], "usage": {"prompt_tokens": 1e999, "completion_tokens": 3}}}}\n')
    out = ReplayTeacher(results).complete([Prompt("ID", "p", "list", head="h", relation="xWant")], n=1)
    assert [(c.text, c.usage) for c in out] == [("1. to eat", {"completion_tokens": 3})]


def test_batch_output_of_a_reasoning_model_without_its_opening_tag_is_read_after_its_reasoning(tmp_path: Path) -> None:
    """vLLM's run_batch with an R1-distill model and no reasoning parser: the content holds the
    reasoning and a bare "</think>" (the template put "<think>" in the prompt). The candidates
    the model rejected while reasoning were stored."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX burns the toast\n", encoding="utf-8")
    requests, results = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    args = ("distill", "--store", str(tmp_path / "s"), "--domain", "commonsense", "--seeds", str(seeds), "--relations", "xWant",
            "--shots", "0", "--critic", "none", "-q")
    assert kg_exit_code(*args, "--teacher", "openai:r1@http://127.0.0.1:9/v1", "--batch-requests", str(requests)) == 0
    (line,) = [json.loads(text) for text in requests.read_text(encoding="utf-8").splitlines()]
    content = "Ideas:\n1. to set the kitchen on fire\nNo, that is silly; drop it.\n</think>\n\n1. to make another slice"
    results.write_text(json.dumps({"custom_id": line["custom_id"], "response": {"status_code": 200, "body": {
        "model": "r1", "choices": [{"index": 0, "message": {"content": content}, "finish_reason": "stop"}]}}}) + "\n")
    assert kg_exit_code(*args, "--teacher", f"replay:{results}") == 0
    tails = {o for _, p, o in _accepted(tmp_path / "s") if p.endswith("#label")}
    assert "to make another slice" in tails and "to set the kitchen on fire" not in tails
