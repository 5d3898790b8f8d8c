"""A teacher of your own in one method: :class:`RequestTeacher`.

Most backends answer one sample per call (an inference service with its own API, a function of
yours). Subclass :class:`RequestTeacher` and implement :meth:`RequestTeacher.ask`; the base runs
up to ``concurrency`` calls at once on threads, retries a :class:`RetryableError` with
exponential backoff and full jitter (honouring the server's ``retry_after``), and reports each
sample to the cache and the run as it arrives, as our OpenAI-compatible teacher does::

    class TGITeacher(RequestTeacher):
        backend = "tgi"

        def ask(self, prompt, params, sample_index):
            r = httpx.post(self.model + "/generate", json={"inputs": prompt.text, ...}, timeout=self.timeout)
            if r.status_code == 429 or r.status_code >= 500:
                raise RetryableError(f"HTTP {r.status_code}", retry_after=parse_retry_after(r.headers.get("retry-after")))
            r.raise_for_status()                      # any other error fails the sample at once
            return Answer(r.json()["generated_text"], finish_reason=...)

    def make_teacher(arg, *, cache, **options):      # entry point of group kg.teachers
        return TGITeacher(arg, cache=cache, **options)  # options: timeout, max_retries, concurrency

A sample that still fails after ``max_retries`` retries, or raises anything else, is reported
as failed (the run lists the error and asks for it again when rerun), never raised mid-batch.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from kg.errors import ConfigError
from kg.prompts import Prompt
from kg.teachers.base import Job, Sink, Teacher
from kg.teachers.cache import CompletionCache

__all__ = ["RequestTeacher", "Answer", "RetryableError", "RetryPolicy", "parse_retry_after"]


class RetryPolicy:
    """Exponential backoff with full jitter; ``Retry-After`` wins when the server sends it."""

    def __init__(
        self,
        max_retries: int = 6,
        base: float = 0.5,
        cap: float = 30.0,
        retry_after_cap: float = 120.0,
        rng: random.Random | None = None,
    ) -> None:
        self.max_retries = max_retries
        self.base = base
        self.cap = cap
        self.retry_after_cap = retry_after_cap
        self._rng = rng or random.Random()

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        if retry_after is not None:
            return min(self.retry_after_cap, max(0.0, retry_after)) + self._rng.uniform(0, 0.05)
        return self._rng.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryableError(Exception):
    """A failure worth asking again (a 429, a 5xx, a timeout, a dropped connection);
    ``retry_after``: seconds the server asked to wait."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AskTimeout(Exception):
    """:meth:`RequestTeacher.ask` did not return within the teacher's timeout (not retried: its
    call may still be running)."""


@dataclass(frozen=True)
class Answer:
    """One sample's answer: its text, why generation stopped (``"length"``: the token limit,
    which the extractors report) and the token counts (``prompt_tokens``, ``completion_tokens``)."""

    text: str
    finish_reason: str | None = None
    usage: Mapping[str, int] = field(default_factory=dict)


class RequestTeacher(Teacher):
    """A teacher that asks one sample per call of :meth:`ask` (see the module docstring)."""

    backend = "request"

    def __init__(
        self,
        model: str,
        *,
        cache: CompletionCache | None = None,
        concurrency: int = 8,
        max_retries: int = 6,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        revision: str | None = None,
    ) -> None:
        super().__init__(model, cache=cache, revision=revision)
        if int(concurrency) < 1:
            raise ConfigError(f"concurrency must be at least 1, got {concurrency}")
        self.concurrency = int(concurrency)
        self.timeout = float(timeout)
        """Seconds one call may take: for :meth:`ask` to hand to its client."""
        self.retry = retry or RetryPolicy(max_retries=int(max_retries))

    def ask(self, prompt: Prompt, params: Mapping[str, Any], sample_index: int) -> Answer | str:
        """One sample of the answer to ``prompt`` (``params``: temperature, top_p, max_tokens;
        ``sample_index`` tells samples apart, e.g. as a seed). Raise :class:`RetryableError` for
        a failure worth retrying; any other exception fails the sample."""
        raise NotImplementedError(f"{type(self).__name__} must implement ask(prompt, params, sample_index)")

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        samples = deque((job, i) for job in jobs for i in job.sample_indices)
        stop = threading.Event()
        errors: list[BaseException] = []  # a worker's own fault (the cache cannot be written): raised here

        def work() -> None:
            while not stop.is_set():
                try:
                    job, index = samples.popleft()
                except IndexError:
                    return
                try:
                    self._sample(job, index, params, sink, stop)
                except BaseException as exc:  # noqa: BLE001 - raised in the asking thread below
                    errors.append(exc)
                    stop.set()

        # daemon threads, joined here: Ctrl-C stops the run at once, never waiting for an ask()
        # that hangs (a pool's exit, and the interpreter's, would join every one)
        workers = [threading.Thread(target=work, name="kg-teacher", daemon=True)
                   for _ in range(min(self.concurrency, len(samples)))]
        for worker in workers:
            worker.start()
        try:
            for worker in workers:
                worker.join()
        finally:
            stop.set()  # on an interrupt: no new sample is asked, no late answer reported
        if errors:
            raise errors[0]

    def _ask_within_timeout(self, job: Job, index: int, params: Mapping[str, Any]) -> Answer | str:
        """:meth:`ask`, given ``timeout`` (and a second's grace) to return: one that does not is
        abandoned on its daemon thread and the sample fails (a client that ignores ``timeout``
        must not hold the run for ever)."""
        got: list[Any] = []

        def call() -> None:
            try:
                got.append(self.ask(job.prompt, params, index))
            except BaseException as exc:  # noqa: BLE001 - handed to the worker, which decides
                got.append(exc)

        thread = threading.Thread(target=call, name="kg-teacher-ask", daemon=True)
        thread.start()
        thread.join(self.timeout + 1.0)
        if not got:
            raise AskTimeout(f"{type(self).__name__}.ask did not return within the teacher timeout of {self.timeout:g} s")
        if isinstance(got[0], BaseException):  # a KeyboardInterrupt or SystemExit reaches the caller, as before
            raise got[0]
        answer: Answer | str = got[0]
        return answer

    def _sample(self, job: Job, index: int, params: Mapping[str, Any], sink: Sink, stop: threading.Event) -> None:
        attempts = 0
        while True:
            sink.request(retry=attempts > 0)
            attempts += 1
            try:
                got = self._ask_within_timeout(job, index, params)
            except RetryableError as exc:
                if attempts > self.retry.max_retries:
                    sink.failed(job, [index], f"gave up after {attempts} attempts: {exc}", attempts)
                    return
                time.sleep(self.retry.delay(attempts, exc.retry_after))
                continue
            except Exception as exc:  # noqa: BLE001 - the sample fails with its reason; the rest go on
                sink.failed(job, [index], f"{type(exc).__name__}: {exc}"[:300], attempts)
                return
            if stop.is_set():  # the run was interrupted: the answer is not reported (the cache may be closed)
                return
            if not isinstance(got, (Answer, str)):  # its repr would be stored as what the teacher said
                sink.failed(job, [index], f"{type(self).__name__}.ask returned {type(got).__name__}, not the answer's "
                            "text (a str) or an Answer", attempts)
                return
            answer = got if isinstance(got, Answer) else Answer(got)
            sink.completed(job, index, answer.text, finish_reason=answer.finish_reason, usage=answer.usage)
            return

