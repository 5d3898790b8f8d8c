"""The openai_compat backend against a real HTTP server on loopback, faults included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.prompts import Prompt
from kg.teachers import CompletionCache, make_teacher
from kg.teachers.testing import FakeOpenAIServer


def _teacher(server: FakeOpenAIServer, cache: Path | None, **options):
    options.setdefault("timeout", 0.5)
    options.setdefault("concurrency", 4)
    teacher = make_teacher(f"openai:tiny@{server.base_url}", cache_path=cache, no_cache=cache is None, **options)
    teacher.retry.base = 0.01  # keep the backoff short in tests; the policy itself is tested below
    teacher.retry.cap = 0.05
    return teacher


def test_faults_every_prompt_answered_or_failed_none_paid_twice(tmp_path: Path) -> None:
    faults = {
        "q-429": ["429", "429"],
        "q-500": ["500", "503", "500"],
        "q-slow": ["slow"],
        "q-badjson": ["badjson"],
        "q-drop": ["drop", "drop"],
        "q-mixed": ["drop", "429", "badjson", "500"],
        "q-400": ["400", "400"],  # a 400 to n=2 is asked again for one sample (a server may refuse n only)
        "q-dead": ["500"] * 50,
    }
    prompts = [f"prompt {name}" for name in faults] + [f"prompt plain {i}" for i in range(12)]
    n = 2
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(faults=faults, slow_seconds=1.0) as server:
        teacher = _teacher(server, cache, max_retries=4)
        out = teacher.complete(prompts, n=n)
        got = {(c.prompt, c.sample_index) for c in out}
        failed = {(f.prompt, i) for f in teacher.last_failures for i in f.sample_indices}
        wanted = {(p, i) for p in prompts for i in range(n)}
        # none lost: every sample answered or reported failed, never both
        assert got | failed == wanted and not got & failed
        assert {f.prompt for f in teacher.last_failures} == {"prompt q-400", "prompt q-dead"}
        assert "HTTP 400" in next(f.error for f in teacher.last_failures if "400" in f.prompt)
        assert "gave up after 5 attempts" in next(f.error for f in teacher.last_failures if "dead" in f.prompt)
        # none paid twice: the server answered each successful sample exactly once
        for prompt in prompts:
            expected = 0 if prompt in ("prompt q-400", "prompt q-dead") else n
            assert server.served[prompt] == expected, prompt
        assert teacher.stats.paid == len(got) and len(CompletionCache(cache)) == len(got)
        assert teacher.stats.retries > 0 and teacher.stats.completion_tokens > 0
        assert all(c.usage.get("completion_tokens") for c in out)
        requests_before = server.requests

        # a rerun (new process, same cache) pays only for what failed
        again = _teacher(server, cache, max_retries=0)
        out2 = again.complete(prompts, n=n)
        assert again.stats.hits == len(got)
        assert server.requests - requests_before == 2  # q-400 (now fine) and q-dead (fails again)
        assert {(c.prompt, c.sample_index) for c in out2} == wanted - {("prompt q-dead", 0), ("prompt q-dead", 1)}
        assert server.served["prompt q-400"] == n
        print(f"\nfault run: {len(got)} answered, {len(failed)} failed, {teacher.stats.retries} retries, "
              f"{server.actions['ok']} ok responses for {len(got)} samples")


def test_a_gzip_compressed_answer_is_read_and_paid_once(tmp_path: Path) -> None:
    """httpx asks for gzip on every request, and a server or proxy that honours it (nginx before
    vLLM, a hosted gateway) answered every prompt with "internal error: DecodingError": the body was
    decoded once while read and again from its kept Content-Encoding header; the paid answer was lost."""
    with FakeOpenAIServer(gzip=True, faults={"broken": ["badgzip"]}) as server:
        teacher = _teacher(server, tmp_path / "cache.sqlite")
        out = teacher.complete(["hello", "a broken body"], n=1)
        errors = [f.error for f in teacher.last_failures]
    assert [c.prompt for c in out] == ["hello", "a broken body"] and out[0].text and not errors
    assert server.actions["badgzip"] == 1  # a body that does not decode is asked again
    assert teacher.stats.paid == 2 and teacher.stats.completion_tokens > 0


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    with FakeOpenAIServer(faults={"wait": ["429"]}, retry_after="1") as server:
        teacher = _teacher(server, None)
        start = time.monotonic()
        out = teacher.complete(["please wait"], n=1)
        elapsed = time.monotonic() - start
    assert len(out) == 1 and server.requests == 2
    assert elapsed >= 1.0, f"retried after {elapsed:.2f}s despite Retry-After: 1"


def test_fewer_choices_than_n_are_asked_again_and_indices_are_distinct() -> None:
    with FakeOpenAIServer(max_choices=1) as server:  # like Ollama, which ignores n
        teacher = _teacher(server, None, timeout=10)  # a request timed out on a loaded machine is asked again: served 4
        out = teacher.complete([Prompt.make("one", "list"), Prompt.make("two", "list")], n=3)
    assert [(c.prompt, c.sample_index) for c in out] == [("one", i) for i in range(3)] + [("two", i) for i in range(3)]
    assert len({c.text for c in out}) == 6
    assert server.served == {"one": 3, "two": 3}


def test_request_body_params_json_mode_and_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_TEACHER_API_KEY", "sk-test")
    with FakeOpenAIServer() as server:
        teacher = _teacher(server, None)
        out = teacher.complete(["hello"], n=2, params={"temperature": 0.7, "max_tokens": 32, "json_mode": True})
        legacy = _teacher(server, None, endpoint="completions").complete(["base model"], n=1)
    body = server.bodies[0]
    assert body["n"] == 2 and body["temperature"] == 0.7 and body["max_tokens"] == 32
    assert body["response_format"] == {"type": "json_object"}
    assert body["messages"][-1] == {"role": "user", "content": "hello"}
    assert server.auth[0] == "Bearer sk-test"
    assert server.bodies[1]["prompt"] == "base model" and legacy[0].text
    assert out[0].params["temperature"] == 0.7 and out[0].teacher == f"openai:tiny@{teacher.server}"
    assert out[0].finish_reason == "stop"


def test_finish_reason_length_is_recorded() -> None:
    with FakeOpenAIServer(faults={"long": ["length"]}) as server:
        teacher = _teacher(server, None)
        out = teacher.complete(["a long one"], n=1)
    assert out[0].truncated and teacher.stats.truncated == 1 and server.requests == 1


def test_a_body_without_end_fails_that_prompt_not_the_run() -> None:
    """The whole body was read into memory whatever its size: a server or proxy gone wrong
    took the run's memory with it, and again on every rerun."""
    with FakeOpenAIServer(faults={"endless": ["huge"]}) as server:
        teacher = _teacher(server, None, timeout=10)
        out = teacher.complete(["endless prompt", "a fine prompt"], n=1)
    assert [c.prompt for c in out] == ["a fine prompt"]
    assert len(teacher.last_failures) == 1 and "more than a completion may take" in teacher.last_failures[0].error
    assert server.requests == 2  # not asked again: it would answer the same


def test_bad_spec_and_options_are_clear_errors() -> None:
    with pytest.raises(ConfigError, match="MODEL@URL"):
        make_teacher("openai:http://localhost:8000", no_cache=True)
    with pytest.raises(ConfigError, match="http://"):
        make_teacher("openai:m@localhost:8000", no_cache=True)
    with pytest.raises(ConfigError, match="unknown teacher backend"):
        make_teacher("gpt:foo", no_cache=True)
    with pytest.raises(ConfigError, match="bad option"):
        make_teacher("openai:m@http://x", no_cache=True, colour="red")
    teacher = make_teacher("openai:m@http://127.0.0.1:9", no_cache=True)
    with pytest.raises(ConfigError, match="unknown sampling parameter"):
        teacher.complete(["x"], params={"temprature": 1})


def test_connection_refused_is_a_failure_not_an_exception() -> None:
    teacher = make_teacher("openai:m@http://127.0.0.1:9/v1", no_cache=True, max_retries=1, timeout=0.5)
    teacher.retry.base = 0.01
    out = teacher.complete(["anyone there?"], n=1)
    assert out == [] and len(teacher.last_failures) == 1
    assert "connection error" in teacher.last_failures[0].error


_CHILD = textwrap.dedent(
    """
    import sys
    from kg.teachers import make_teacher
    teacher = make_teacher("openai:tiny@" + sys.argv[1], cache_path=sys.argv[2], concurrency=4)
    print("started", flush=True)
    teacher.complete([f"kill prompt {i}" for i in range(60)], n=1)
    """
)


def test_sigkill_loses_at_most_in_flight_requests(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(delay=0.05) as server:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, server.base_url, str(cache)],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == b"started"
            deadline = time.monotonic() + 60
            while sum(server.served.values()) < 12 and time.monotonic() < deadline:
                time.sleep(0.01)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait()
        time.sleep(0.5)  # let the server finish the requests it had in flight
        served_before = sum(server.served.values())
        cached = len(CompletionCache(cache))
        assert 0 < cached < 60
        assert served_before - cached <= 4  # at most the requests in flight were lost
        teacher = _teacher(server, cache)
        out = teacher.complete([f"kill prompt {i}" for i in range(60)], n=1)
    assert len(out) == 60
    paid_twice = sum(server.served.values()) - 60
    print(f"\nSIGKILL after {served_before} answers: cached {cached}, paid twice {paid_twice} (in flight)")
    assert paid_twice == served_before - cached <= 4
    assert teacher.stats.hits == cached


def test_completions_file_roundtrip_json() -> None:
    # the cache stores params as JSON: non-JSON params are refused early, not at write time
    with FakeOpenAIServer() as server:
        teacher = _teacher(server, None)
        out = teacher.complete(["x"], params={"stop": "\n\n", "seed": 7})
    assert out[0].params["stop"] == ["\n\n"] and json.dumps(dict(out[0].params))


def test_a_usage_count_that_is_no_finite_number_is_left_out() -> None:
    """A server's usage count of 1e999 (read as infinity) failed the prompt as "internal error:
    OverflowError", a paid answer lost; a NaN count made it "malformed" and asked again."""
    with FakeOpenAIServer(faults={"odd": ["odd-usage"]}) as server:
        teacher = _teacher(server, None, max_retries=0)
        out = teacher.complete(["odd usage"])
    assert not teacher.last_failures and out[0].text
    assert out[0].usage == {"total_tokens": 7}


def test_lone_surrogate_in_an_answer_is_repaired_and_cached(tmp_path: Path) -> None:
    with FakeOpenAIServer(answer=lambda prompt, i: "bad \ud800 text") as server:
        teacher = _teacher(server, tmp_path / "cache.sqlite")
        out = teacher.complete(["x"])
    assert out[0].text == "bad \ufffd text" and not teacher.last_failures
    assert len(CompletionCache(tmp_path / "cache.sqlite")) == 1


def test_reasoning_split_off_by_the_server_is_kept_and_a_refusal_is_its_text() -> None:
    """vLLM/Ollama/DeepSeek return a reasoning model's thinking as reasoning_content (or
    reasoning), and OpenAI a refusal as refusal with no content: the thinking was dropped and a
    refusal became an empty completion, which left no trace."""
    from extractors import Extractor
    from kg.ontology import load_domain
    from kg.prompts import Prompt
    from kg.records import Candidate, Unreadable

    def answer(prompt: str, i: int):
        if "refuse" in prompt:
            return {"content": None, "refusal": "I'm sorry, I can't assist with that."}
        key = "reasoning" if "ollama" in prompt else "reasoning_content"
        return {"content": "1. Spain\n2. Belgium", key: "France has several neighbours. Let me list them."}

    with FakeOpenAIServer(answer=answer) as server:
        out = _teacher(server, None).complete(["borders of France", "borders of France (ollama)", "please refuse"], n=1)
    by_prompt = {c.prompt: c for c in out}
    thinking, ollama, refused = by_prompt["borders of France"], by_prompt["borders of France (ollama)"], by_prompt["please refuse"]
    for c in (thinking, ollama):
        assert c.text.startswith("<think>\nFrance has several neighbours") and c.answer.strip() == "1. Spain\n2. Belgium"
    assert refused.text == "I'm sorry, I can't assist with that."
    geo = load_domain("geography")
    prompt = Prompt.make("borders of France", "list", head="France", relation="borders")
    records = Extractor(geo).extract(thinking, prompt)
    assert sorted(r.object_label for r in records if isinstance(r, Candidate)) == ["Belgium", "Spain"]
    records = Extractor(geo).extract(refused, prompt)
    assert [type(r) for r in records] == [Unreadable] and "refusal" in records[0].reason


def test_tool_calls_and_empty_answers_are_quarantined_with_their_reason() -> None:
    """A message of tool calls (content null) and an empty answer were dropped without a word
    ("dropped: empty completion 21"): nothing in the rejected graph, the run a success. Both are
    unreadables now, with their reason; the tool calls are kept as the completion's text."""
    from extractors import Extractor
    from kg.ontology import load_domain
    from kg.records import Unreadable

    calls = [{"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{\"country\": \"France\"}"}}]

    def answer(prompt: str, i: int):
        return {"content": None, "tool_calls": calls} if "tool" in prompt else {"content": ""}

    with FakeOpenAIServer(answer=answer) as server:
        out = {c.prompt: c for c in _teacher(server, None).complete(["tool: borders of France", "empty: borders of France"], n=1)}
    tool, empty = out["tool: borders of France"], out["empty: borders of France"]
    assert tool.finish_reason == "tool_calls" and json.loads(tool.text) == calls
    geo = load_domain("geography")
    prompt = Prompt.make("borders of France", "list", head="France", relation="borders")
    for completion, reason in ((tool, "called a tool instead of answering"), (empty, "the teacher's answer is empty")):
        records = Extractor(geo).extract(completion, prompt)
        assert [type(r) for r in records] == [Unreadable] and reason in records[0].reason, records


def test_no_cache_asks_anew_and_replaces_what_the_cache_held(tmp_path: Path) -> None:
    """--no-cache, the documented fix after a model's weights changed behind its name, asked the
    teacher but wrote nothing to the cache: the next run that read it got the stale answers."""
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(answer=lambda prompt, i: "old answer") as server:
        assert [c.text for c in _teacher(server, cache).complete(["q"], n=1)] == ["old answer"]
    with FakeOpenAIServer(answer=lambda prompt, i: "new answer") as server:
        fresh = make_teacher(f"openai:tiny@{server.base_url}", cache_path=cache, no_cache=True, timeout=0.5)
        assert [c.text for c in fresh.complete(["q"], n=1)] == ["new answer"]
        fresh.close()
        assert [c.text for c in _teacher(server, cache).complete(["q"], n=1)] == ["new answer"]
        assert sum(server.served.values()) == 1  # the last run read the cache


def test_a_refused_key_says_which_variables_hold_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP 401 told the server's words only; a hosted API's user needs to know where kg reads
    the key from and whether it sent one."""
    monkeypatch.delenv("KG_TEACHER_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAIServer(faults={"q": ["401"]}) as server:
        teacher = _teacher(server, None)
        assert teacher.complete(["prompt q"]) == []
        (failure,) = teacher.last_failures
        assert "HTTP 401" in failure.error and "kg sent no key; set KG_TEACHER_API_KEY or OPENAI_API_KEY" in failure.error


def test_the_timeout_is_for_the_whole_answer() -> None:
    """--teacher-timeout bounded the gap between two reads: a server dripping an answer 20 bytes
    at a time got past a 3 s timeout for 23 s. The timeout is now the whole answer's."""
    with FakeOpenAIServer(faults={"drip": ["drip"] * 10}) as server:
        teacher = _teacher(server, None, timeout=1.0, max_retries=0)
        started = time.monotonic()
        out = teacher.complete(["drip: borders of France"], n=1)
        assert out == [] and "no whole answer within 1 s" in teacher.last_failures[0].error
        assert time.monotonic() - started < 2.5


def test_the_completions_endpoint_is_not_answered_from_chats_cache(tmp_path: Path) -> None:
    """A teacher on the legacy completions endpoint (a base model) got the chat endpoint's
    cached answer for the same prompt: the cache key left the endpoint out."""
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(answer=lambda prompt, i: "an answer") as server:
        _teacher(server, cache).complete(["Which countries border France?"], n=1)
        completions = _teacher(server, cache, endpoint="completions")
        completions.complete(["Which countries border France?"], n=1)
        chat = _teacher(server, cache)
        chat.complete(["Which countries border France?"], n=1)
    assert [("messages" in body, "prompt" in body) for body in server.bodies] == [(True, False), (False, True)]
    assert (completions.stats.hits, chat.stats.hits) == (0, 1)
    assert chat.cache_model == f"tiny@{chat.server}"


def test_two_servers_with_one_model_name_are_two_teachers(tmp_path: Path) -> None:
    """Two servers that serve one model name (two llama.cpp servers both called ``tiny``): the
    second was never asked, answered from the first's cache, and credited in provenance as the
    same teacher ``openai:tiny``. The same server named otherwise (a trailing slash) or restarted on
    its URL is still one teacher and answers from the cache."""
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(answer=lambda prompt, i: "1. Paris") as good, FakeOpenAIServer(answer=lambda prompt, i: "1. Lyon") as bad:
        first = _teacher(good, cache).complete(["capital of France?"], n=1)
        second_teacher = _teacher(bad, cache)
        second = second_teacher.complete(["capital of France?"], n=1)
        port = good.base_url.split(":")[2].split("/")[0]
        again = make_teacher(f"openai:tiny@http://127.0.0.1:{port}/v1/", cache_path=cache)
        third = again.complete(["capital of France?"], n=1)
    assert [c.text for c in first + second + third] == ["1. Paris", "1. Lyon", "1. Paris"]
    assert (len(bad.bodies), second_teacher.stats.hits, again.stats.hits, len(good.bodies)) == (1, 0, 1, 1)
    assert first[0].teacher == f"openai:tiny@http://127.0.0.1:{port}/v1" == third[0].teacher != second[0].teacher


def test_a_seed_differs_for_each_request_of_later_samples() -> None:
    """With a seed and a server answering one sample a request (supports_n=False, or one that
    ignores n), every request carried the same seed: the samples were copies of one answer."""
    with FakeOpenAIServer() as server:
        _teacher(server, None, supports_n=False).complete(["one"], n=3, params={"seed": 7, "temperature": 0.9})
        _teacher(server, None, max_retries=0).complete(["two"], n=2, params={"seed": 7, "temperature": 0.9})
    assert [(body["n"], body["seed"]) for body in server.bodies] == [(1, 7), (1, 8), (1, 9), (2, 7)]


_FULL_DISK_CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from kg.teachers import make_teacher
    teacher = make_teacher("openai:tiny@" + sys.argv[1], cache_path=sys.argv[2], concurrency=4)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (24_000, 24_000))
    out = teacher.complete([f"full prompt {i}" for i in range(30)], n=1)
    print(len(out), len(teacher.last_failures), teacher.stats.paid)
    """
)


def test_a_cache_that_cannot_be_written_keeps_the_paid_answers(tmp_path: Path) -> None:
    """With the teacher cache's disk full, every answer the teacher was paid for was thrown away
    as an "internal error" of the prompt (the run then stopped, blaming the teacher); the answers
    are now kept, with one warning that they are not cached."""
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(answer=lambda prompt, i: "1. " + "x" * 3000) as server:
        child = subprocess.run(
            [sys.executable, "-c", _FULL_DISK_CHILD, server.base_url, str(cache)],
            capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["30", "0", "30"]  # answered, none failed, all paid for once
    assert child.stderr.count("not cached") == 1 and "not written" in child.stderr
    assert sum(server.served.values()) == 30
    assert len(CompletionCache(cache)) < 30  # what could be written, if anything


_READ_ONLY_CHILD = textwrap.dedent(
    """
    import sys
    from kg.teachers import make_teacher
    teacher = make_teacher("openai:tiny@" + sys.argv[1], cache_path=sys.argv[2], concurrency=4)
    out = teacher.complete([f"shared prompt {i}" for i in range(4)], n=1)
    print(len(out), teacher.stats.hits, teacher.stats.paid)
    """
)


def test_a_read_only_cache_answers_what_it_holds(tmp_path: Path) -> None:
    """A teacher cache on a read-only filesystem (a class's read-only share of paid answers)
    stopped every run: "cannot open the teacher cache ...: unable to open database file; delete
    it or pass --no-cache". Its answers are now used, and new ones asked but not cached, with a note."""
    import shutil

    share = tmp_path / "share"
    share.mkdir()
    cache = share / "cache.sqlite"
    with FakeOpenAIServer() as server:
        teacher = _teacher(server, cache)
        teacher.complete(["shared prompt 0", "shared prompt 1"], n=1)
        teacher.cache.close()
        command = [sys.executable, "-c", _READ_ONLY_CHILD, server.base_url, str(cache)]
        root = os.geteuid() == 0
        if root:  # root writes any file: a read-only bind mount, in a mount namespace of its own
            if shutil.which("unshare") is None:
                pytest.skip("no unshare to make a read-only filesystem as root")
            mount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
            command = ["unshare", "--mount", "sh", "-c", mount, str(share), *command]
        else:
            cache.chmod(0o444)
            share.chmod(0o555)
        try:
            child = subprocess.run(
                command, capture_output=True, text=True, timeout=120,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
            )
        finally:
            share.chmod(0o755)
            cache.chmod(0o644)
    if root and child.returncode != 0 and ("mount" in child.stderr or "unshare" in child.stderr) and "Traceback" not in child.stderr:
        pytest.skip(f"cannot mount here: {child.stderr.strip()}")
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["4", "2", "2"]  # answered; 2 from the cache, 2 paid
    assert "is read-only: its answers are used, new answers are not cached" in child.stderr
    assert len(CompletionCache(cache)) == 2


def test_a_cache_on_a_full_disk_is_not_to_be_deleted(tmp_path: Path) -> None:
    """A new teacher cache on a full disk said "delete it or pass --no-cache", as for a damaged
    file; it now says the disk is full and where to free space."""
    import shutil

    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a full filesystem is made with a tmpfs mount, as root")
    folder = tmp_path / "small"
    folder.mkdir()
    child_code = (
        "import sys\nfrom kg.errors import TeacherError\nfrom kg.teachers import CompletionCache\n"
        "try:\n    CompletionCache(sys.argv[1])\nexcept TeacherError as exc:\n    print(exc)\n"
    )
    mount = 'mount -t tmpfs -o size=64k tmpfs "$0" && (cat /dev/zero > "$0/fill" 2>/dev/null; exec "$@")'
    child = subprocess.run(
        ["unshare", "--mount", "sh", "-c", mount, str(folder), sys.executable, "-c", child_code, str(folder / "tc.sqlite")],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    if child.returncode != 0 and ("mount" in child.stderr or "unshare" in child.stderr) and "Traceback" not in child.stderr:
        pytest.skip(f"cannot mount here: {child.stderr.strip()}")
    assert f"its disk is full; free space on {folder}" in child.stdout, child.stdout + child.stderr
    assert "delete it" not in child.stdout


def test_a_whole_response_of_an_odd_shape_is_read_or_failed_once_with_its_tokens_counted() -> None:
    """Mistral's Magistral answers content as a list of parts, and a proxy answers a filtered
    answer with "choices": []: each was retried 6 times as a malformed body, 7 paid answers
    thrown away, with 0 tokens reported."""
    parts = {"content": [{"type": "thinking", "thinking": [{"type": "text", "text": "1. Japan? No."}]},
                         {"type": "text", "text": "1. Spain\n2. Belgium"}]}
    with FakeOpenAIServer(answer=lambda prompt, i: parts) as server:
        (answer,) = _teacher(server, None).complete(["q"])
    assert answer.answer == "1. Spain\n2. Belgium" and "1. Japan? No." in answer.text
    with FakeOpenAIServer(max_choices=0) as server:
        teacher = _teacher(server, None)
        assert teacher.complete(["q"]) == [] and server.requests == 1
    (failure,) = teacher.last_failures
    assert "no choices" in failure.error and teacher.stats.prompt_tokens == 1


def test_a_server_that_rejects_n_is_asked_one_sample_at_a_time() -> None:
    """llama.cpp builds and TGI answer 400 "Only one completion choice is allowed" to n > 1:
    every prompt failed, and the run said to rerun the same command, which fails the same way."""
    with FakeOpenAIServer(faults={"q": ["400"]}) as server:
        teacher = _teacher(server, None)
        answers = teacher.complete(["q"], n=3, params={"temperature": 0.7})
    assert len(answers) == 3 and teacher.last_failures == [] and server.requests == 4
    assert [body["n"] for body in server.bodies] == [3, 1, 1, 1]


def test_supports_n_is_a_setting_of_kg_distill_and_kg_toml(tmp_path: Path) -> None:
    """The documented remedy, supports_n=False, was a make_teacher keyword only: kg.toml said
    "unknown key" and no flag set it."""
    from tests.conftest import kg_exit_code

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\n", encoding="utf-8")
    config = tmp_path / "kg.toml"
    config.write_text("[teacher]\nsupports_n = false\n", encoding="utf-8")
    with FakeOpenAIServer(answer=lambda prompt, i: "1. Spain") as server:
        args = ["distill", "--domain", "geography", "--teacher", f"openai:m@{server.base_url}", "--seeds", str(seeds),
                "--relations", "borders", "-n", "2", "--temperature", "0.7", "--critic", "none", "--no-cache", "-q"]
        assert kg_exit_code(*args, "--store", str(tmp_path / "s"), "--config", str(config)) == 0
        assert kg_exit_code(*args, "--store", str(tmp_path / "d"), "--no-supports-n", "--dry-run") == 0
    assert [body["n"] for body in server.bodies] == [1, 1]


def test_a_timeout_names_the_setting_that_gives_the_model_longer() -> None:
    """A reasoning model's answer took longer than --teacher-timeout: the failure said only
    "timeout", and the summary "rerun the same command", which times out again."""
    with FakeOpenAIServer(faults={"q": ["slow"]}, slow_seconds=1.0) as server:
        teacher = _teacher(server, None, max_retries=0)
        assert teacher.complete(["q"]) == []
    assert "--teacher-timeout" in teacher.last_failures[0].error


@pytest.mark.parametrize(
    "url, server",
    [
        ("http://User:secret@LocalHost:8000/v1/", "http://localhost:8000/v1"),
        ("https://api.example.com/v1", "https://api.example.com:443/v1"),
        ("http://[::1]:8080", "http://[::1]:8080/v1"),
    ],
)
def test_a_server_is_named_scheme_host_port_path(url: str, server: str) -> None:
    """The server in a teacher's id and cache keys: never a password, the same server one way."""
    from kg.teachers.openai_compat import OpenAICompatTeacher

    assert OpenAICompatTeacher("m", url).id == f"openai:m@{server}"


@pytest.mark.parametrize("answer", [
    "",
    {"content": None, "tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
    {"content": "", "reasoning_content": "Let me think about the store..."},
])
def test_an_answer_with_nothing_to_read_is_kept_but_not_cached(tmp_path: Path, answer) -> None:
    """An empty answer, a tool call or reasoning with no answer (a wrong chat template, an
    overloaded server) was cached as a good answer: after the server was fixed, `--again` got it
    from the cache again and only --no-cache (paying for every prompt) or deleting the cache helped."""
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(answer=lambda prompt, i: answer if "broken" in prompt else "1. Spain") as server:
        out = _teacher(server, cache).complete(["a broken prompt", "a good prompt"], n=1)
        assert len(out) == 2  # both kept: the empty one goes to quarantine with its reason
        again = _teacher(server, cache)
        again.complete(["a broken prompt", "a good prompt"], n=1)
    assert (again.stats.hits, again.stats.paid) == (1, 1)
    assert server.requests_per_prompt == {"a broken prompt": 2, "a good prompt": 1}


@pytest.mark.parametrize(("answer", "finish"), [("<think>Let me think about the store, and", "length"), ("", "content_filter")])
def test_an_answer_cut_at_the_token_limit_or_by_a_filter_is_cached(tmp_path: Path, answer: str, finish: str) -> None:
    """A reasoning answer cut at max_tokens (only `<think>...`) or an empty one the content
    filter stopped was asked and paid for again at every run: asked with the same settings
    (max_tokens is in the cache key) it stops at the same place."""
    cache = tmp_path / "cache.sqlite"
    with FakeOpenAIServer(answer=lambda prompt, i: answer, faults={"cut": [finish, finish]}) as server:
        (first,) = _teacher(server, cache).complete(["a cut prompt"], n=1)
        again = _teacher(server, cache)
        again.complete(["a cut prompt"], n=1)
    assert first.finish_reason == finish and not first.answer.strip()
    assert (again.stats.hits, again.stats.paid) == (1, 0)
    assert server.requests_per_prompt == {"a cut prompt": 1}


def test_a_web_page_fails_at_once_naming_the_address_and_a_200_error_is_retried(tmp_path: Path) -> None:
    """A 200 that is a web page (a chat UI's port instead of the API's) was retried --retries
    times and failed with "malformed response body (JSONDecodeError ...)", nothing pointing at the
    address; a gateway's {"error": {"message": "model overloaded", "code": 503}} in a 200 failed
    the prompt for good at once ("KeyError: 'choices'") though it says it is transient."""
    with FakeOpenAIServer(faults={"page": ["html", "html", "html"], "busy": ["error200"]}) as server:
        teacher = _teacher(server, None, max_retries=2)
        out = teacher.complete(["a page", "a busy gateway"], n=1)
        errors = {f.prompt: f.error for f in teacher.last_failures}
        url = server.base_url
    assert [c.prompt for c in out] == ["a busy gateway"]  # asked again, answered
    assert server.requests_per_prompt["a page"] == 1  # a page is not asked again
    assert "answered with a web page" in errors["a page"] and url in errors["a page"]
    assert "Open WebUI login" in errors["a page"]


def test_a_200_that_is_no_json_and_no_web_page_is_retried() -> None:
    """Any 200 whose body began with "<" was taken for a web page and failed the prompt at once,
    even said to be JSON: a proxy's transient `<error>busy</error>` was retried and answered before."""
    with FakeOpenAIServer(faults={"busy": ["xml200"]}) as server:
        teacher = _teacher(server, None, max_retries=2)
        out = teacher.complete(["a busy proxy"], n=1)
    assert [c.prompt for c in out] == ["a busy proxy"] and not teacher.last_failures
    assert server.requests_per_prompt["a busy proxy"] == 2
