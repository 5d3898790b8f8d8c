"""A teacher of one's own in one method (``RequestTeacher.ask``): the base asks concurrently,
retries what is worth retrying, and reports and caches each sample as ours do."""

from __future__ import annotations

import threading
import time

import pytest

from kg.teachers.cache import CompletionCache
from kg.teachers.simple import Answer, RequestTeacher, RetryableError, RetryPolicy


class Lab(RequestTeacher):
    backend = "lab"

    def __init__(self, **kwargs) -> None:
        super().__init__("svc", retry=RetryPolicy(max_retries=kwargs.pop("max_retries", 3), base=0.0), **kwargs)
        self.calls: dict[tuple[str, int], int] = {}
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def ask(self, prompt, params, sample_index):
        with self.lock:
            key = (prompt.text, sample_index)
            self.calls[key] = self.calls.get(key, 0) + 1
            self.running += 1
            self.most = max(self.most, self.running)
            calls = self.calls[key]
        try:
            time.sleep(0.02)
            if "busy" in prompt.text and calls <= 2:
                raise RetryableError("HTTP 503", retry_after=0.0)
            if "always busy" in prompt.text:
                raise RetryableError("HTTP 429")
            if "broken" in prompt.text:
                raise KeyError("generated_text")
            if "long" in prompt.text:
                return Answer("1. a very long", finish_reason="length", usage={"prompt_tokens": 5, "completion_tokens": 3})
            return f"{prompt.text} #{sample_index}"
        finally:
            with self.lock:
                self.running -= 1


def test_samples_are_asked_concurrently_retried_and_cached() -> None:
    teacher = Lab(concurrency=4, cache=CompletionCache())
    out = teacher.complete(["a", "b", "busy c", "long d"], n=2)
    assert [c.text for c in out][:2] == ["a #0", "a #1"] and len(out) == 8
    assert teacher.calls[("busy c", 0)] == 3 and teacher.stats.retries == 4  # two retries per sample of "busy c"
    long = [c for c in out if c.prompt.startswith("long")][0]
    assert long.finish_reason == "length" and long.usage["completion_tokens"] == 3 and teacher.stats.truncated == 2
    assert 2 <= teacher.most <= 4  # concurrent, within the limit
    again = teacher.complete(["a", "b"], n=2)
    assert [c.text for c in again] == ["a #0", "a #1", "b #0", "b #1"] and teacher.stats.hits == 4  # from the cache
    assert teacher.calls[("a", 0)] == 1


def test_a_sample_that_fails_is_reported_never_raised() -> None:
    teacher = Lab(concurrency=2, max_retries=2)
    out = teacher.complete(["fine", "always busy", "broken"], n=1)
    assert [c.text for c in out] == ["fine #0"]
    errors = {f.prompt: f.error for f in teacher.last_failures}
    assert errors["always busy"] == "gave up after 3 attempts: HTTP 429"
    assert errors["broken"] == "KeyError: 'generated_text'"


def test_a_teacher_without_ask_or_with_no_concurrency_says_so() -> None:
    from kg.errors import ConfigError

    class Empty(RequestTeacher):
        backend = "empty"

    empty = Empty("x")
    assert empty.complete(["a"]) == [] and "must implement ask" in empty.last_failures[0].error
    with pytest.raises(ConfigError, match="concurrency must be at least 1"):
        Lab(concurrency=0)


def test_an_answer_that_is_not_text_fails_its_sample_instead_of_being_stored_as_its_repr() -> None:
    """An `ask` that returned the client's response (a dict), a list of tails, bytes or None
    had its Python repr stored as what the teacher said, and facts read out of it
    ("{'choices': [{'message': {'content': 'Python'}}]}" gave writtenIn Python)."""

    class Raw(RequestTeacher):
        backend = "raw"

        def ask(self, prompt, params, sample_index):
            return {"dict": {"choices": []}, "list": ["numpy"], "bytes": b"2001", "none": None}.get(prompt.text, prompt.text)

    teacher = Raw("svc")
    out = teacher.complete(["dict", "list", "bytes", "none", "text"], n=1)
    assert [c.text for c in out] == ["text"]
    errors = {f.prompt: f.error for f in teacher.last_failures}
    assert errors["dict"] == "Raw.ask returned dict, not the answer's text (a str) or an Answer"
    assert set(errors) == {"dict", "list", "bytes", "none"}


class Hanging(RequestTeacher):
    """A client that ignores ``self.timeout``: its ask blocks until released."""

    backend = "hanging"

    def __init__(self, **kwargs) -> None:
        super().__init__("svc", **kwargs)
        self.release = threading.Event()

    def ask(self, prompt, params, sample_index):
        if "hang" in prompt.text:
            self.release.wait(30)
        return "answer"


def test_an_ask_that_ignores_the_timeout_fails_its_sample_after_it() -> None:
    """``--teacher-timeout`` was only handed to the plugin: an ask blocking for an hour held the run an hour."""
    teacher = Hanging(timeout=0.2, concurrency=2)
    start = time.monotonic()
    out = teacher.complete(["hang", "quick"])
    teacher.release.set()
    assert time.monotonic() - start < 5
    assert [c.text for c in out] == ["answer"]
    [failure] = teacher.last_failures
    assert failure.prompt == "hang" and "did not return within the teacher timeout of 0.2 s" in failure.error


def test_an_interrupt_stops_the_asking_at_once(monkeypatch) -> None:
    """Ctrl-C waited for every ask in flight (the thread pool's exit joined them)."""
    import os
    import signal

    teacher = Hanging(timeout=60, concurrency=2)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # set here: the test relies on no default
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    start = time.monotonic()
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            teacher.complete(["hang 1", "hang 2", "hang 3"])
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
        teacher.release.set()
    assert time.monotonic() - start < 5
