"""The teacher interface: ``complete(prompts, n, params) -> list[Completion]``.

A backend implements :meth:`Teacher._run`: given jobs (a prompt and the sample indices still
missing), it reports each completion to a :class:`Sink` as soon as it has it, and each prompt it
gives up on as a failure. :meth:`Teacher.complete` puts the cache in front: cached samples are
never asked for again, and every new one is written to the cache the moment it arrives.

A prompt that fails for good never raises mid-batch: it is left out of the returned list and
recorded in ``teacher.stats.failures`` (and ``teacher.last_failures`` for the last call).
"""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from kg.errors import ConfigError, TeacherError
from kg.prompts import Prompt
from kg.records import SURROGATES, Completion
from kg.teachers.cache import CompletionCache, cache_key

__all__ = ["json_objects", "Teacher", "TeacherStats", "Failure", "Job", "Sink", "normalize_params", "DEFAULT_PARAMS"]


def json_objects(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, object)`` for each non-blank line of a JSONL file a teacher answers from
    (``where`` is ``PATH:LINE`` for errors); a line that is not UTF-8 or not a JSON object is a
    :class:`~kg.errors.TeacherError` naming it."""
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise TeacherError(f"{where}: not UTF-8 text (byte {exc.start})") from None
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TeacherError(f"{where}: not JSON ({exc.msg})") from None
            except RecursionError:
                raise TeacherError(f"{where}: JSON nested too deeply") from None
            if not isinstance(record, dict):
                raise TeacherError(f"{where}: not a JSON object")
            yield where, record

DEFAULT_PARAMS: dict[str, Any] = {"temperature": 0.0, "top_p": 1.0, "max_tokens": 256}
"""Sampling parameters every request has unless the caller gives others."""

KNOWN_PARAMS = {"temperature", "top_p", "max_tokens", "json_mode", "stop", "seed", "system"}


def normalize_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Defaults merged with ``params``; unknown keys are an error (they would split the cache)."""
    out = dict(DEFAULT_PARAMS)
    for key, value in (params or {}).items():
        if key not in KNOWN_PARAMS:
            raise ConfigError(
                f"unknown sampling parameter {key!r}; use {', '.join(sorted(KNOWN_PARAMS))}"
            )
        if value is None or (key == "json_mode" and not value):
            out.pop(key, None)
            continue
        out[key] = value
    if isinstance(out.get("stop"), str):
        out["stop"] = [out["stop"]]
    return out


@dataclass(frozen=True, slots=True)
class Failure:
    """A prompt the backend gave up on (after its retries), with the samples still missing."""

    prompt_id: str
    prompt: str
    sample_indices: tuple[int, ...]
    error: str
    attempts: int = 1


@dataclass
class TeacherStats:
    """What a teacher did: cache hits and misses, paid completions and tokens, failures."""

    hits: int = 0
    misses: int = 0
    resumed: int = 0
    """Cached answers stored since :attr:`Teacher.paid_since`: paid by this run's earlier
    attempt (a batch a failure or an interruption left unrecorded), not free cache hits."""
    resumed_tokens: int = 0
    paid: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    retries: int = 0
    truncated: int = 0
    failures: list[Failure] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "hits": self.hits,
            "misses": self.misses,
            "resumed": self.resumed,
            "resumed_tokens": self.resumed_tokens,
            "paid": self.paid,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "requests": self.requests,
            "retries": self.retries,
            "truncated": self.truncated,
            "failed_prompts": len(self.failures),
        }


@dataclass(frozen=True, slots=True)
class Job:
    """One prompt and the sample indices still to get for it."""

    prompt: Prompt
    sample_indices: tuple[int, ...]


class Sink:
    """Where a backend reports results; writes each completion to the cache at once.

    Thread-safe: backends may report from worker threads or an event loop.
    """

    def __init__(self, teacher: "Teacher", params: Mapping[str, Any], cache: CompletionCache | None) -> None:
        self._teacher = teacher
        self._params = dict(params)
        self._cache = cache
        self._lock = threading.Lock()
        self.results: dict[tuple[str, int], Completion] = {}
        self.failures: list[Failure] = []

    def completed(
        self,
        job: Job,
        sample_index: int,
        text: str,
        *,
        finish_reason: str | None = None,
        usage: Mapping[str, int] | None = None,
        count_tokens: bool = True,
        paid: bool = True,
    ) -> None:
        """One new (paid) completion. ``count_tokens=False`` for the other choices of a request
        whose usage was already counted (as :func:`own_tokens` reads a usage that says so);
        ``paid=False`` for answers that cost nothing (replay)."""
        usage = {k: int(v) for k, v in (usage or {}).items() if isinstance(v, (int, float))}
        text = SURROGATES.sub("\ufffd", text)  # a lone surrogate (JSON "\ud800") cannot be stored
        teacher = self._teacher
        completion = Completion(
            prompt_id=job.prompt.id,
            prompt=job.prompt.text,
            teacher=teacher.id,
            text=text,
            sample_index=sample_index,
            params=self._params,
            finish_reason=finish_reason,
            usage=usage,
        )
        with self._lock:
            if (job.prompt.id, sample_index) in self.results:
                return
            self.results[(job.prompt.id, sample_index)] = completion  # paid for: kept, cached or not
            # a paid answer with nothing to read (empty, a tool call, reasoning and no answer) says
            # more of the server than of the model (a wrong chat template, an overloaded server):
            # kept in quarantine as every answer is, not cached, so `--again` asks it again (a
            # transcript's answers cost nothing and stay what they are: cached as they are). One
            # cut at the token limit or by a content filter is cached: asked again with the same
            # settings (max_tokens is in the key), it stops at the same place and is paid again
            readable = (completion.answer.strip() and finish_reason != "tool_calls") or finish_reason in ("length", "content_filter")
            if self._cache is not None and (readable or not paid):
                self._cache.put(
                    cache_key(teacher.backend, teacher.cache_model, job.prompt.text, self._params, sample_index),
                    teacher=teacher.id,
                    model=teacher.model,
                    prompt_id=job.prompt.id,
                    sample_index=sample_index,
                    params=self._params,
                    text=text,
                    finish_reason=finish_reason,
                    usage=usage,
                )
            stats = teacher.stats
            stats.paid += paid
            stats.truncated += finish_reason == "length"
            if count_tokens:
                prompt_tokens, completion_tokens = own_tokens(usage)
                stats.prompt_tokens += prompt_tokens
                stats.completion_tokens += completion_tokens

    def failed(self, job: Job, sample_indices: Sequence[int], error: str, attempts: int = 1) -> None:
        missing = tuple(i for i in sample_indices if (job.prompt.id, i) not in self.results)
        if not missing:
            return
        with self._lock:
            self.failures.append(Failure(job.prompt.id, job.prompt.text, missing, error, attempts))

    def spent(self, usage: Mapping[str, int]) -> None:
        """The tokens of a request that gave no completion (a response kg cannot read): paid
        for all the same."""
        with self._lock:
            self._teacher.stats.prompt_tokens += int(usage.get("prompt_tokens", 0))
            self._teacher.stats.completion_tokens += int(usage.get("completion_tokens", 0))

    def request(self, retry: bool = False) -> None:
        with self._lock:
            self._teacher.stats.requests += 1
            self._teacher.stats.retries += retry


def own_tokens(usage: Mapping[str, Any]) -> tuple[int, int]:
    """The (prompt, completion) tokens one sample accounts for. A request answering several
    samples reports its usage with each (``request_choices``: how many): its first choice
    (``request_choice`` 0) counts them, the others none; a record without ``request_choice``
    (an earlier version's cache or transcript) counts its share."""
    prompt, completion = int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
    if int(usage.get("request_choice", 0)):
        return 0, 0
    if "request_choice" not in usage and int(usage.get("request_choices", 1)) > 1:
        k = int(usage["request_choices"])
        return round(prompt / k), round(completion / k)
    return prompt, completion


def as_prompt(prompt: Prompt | str) -> Prompt:
    return prompt if isinstance(prompt, Prompt) else Prompt.make(str(prompt), "text")


class Teacher(ABC):
    """A teacher: answers prompts with completions. Subclasses set ``backend`` and implement
    :meth:`_run`."""

    backend: str = "teacher"

    def __init__(self, model: str, *, cache: CompletionCache | None = None, revision: str | None = None) -> None:
        self.model = model
        self.revision = revision
        """The content hash of what answers (a local model's files, a transcript), where the
        backend can know it: part of every cache key and of a run's identity, so other weights
        or an edited file behind the same name never get the answers cached for the old ones."""
        self.cache = cache
        self.stats = TeacherStats()
        self.paid_since: float | None = None
        """When the run asking began (seconds since the epoch): cached answers stored since were
        paid by it (:attr:`TeacherStats.resumed`); None: every cached answer is a hit."""
        self.last_failures: list[Failure] = []

    @property
    def id(self) -> str:
        """The teacher id written into provenance, e.g. ``openai:llama3``."""
        return f"{self.backend}:{self.model}"

    @property
    def cache_model(self) -> str:
        """The model as the cache keys it: ``model@revision`` when the revision is known."""
        return self.model if self.revision is None else f"{self.model}@{self.revision}"

    def complete(
        self, prompts: Iterable[Prompt | str], n: int = 1, params: Mapping[str, Any] | None = None
    ) -> list[Completion]:
        """``n`` completions per prompt, ordered by prompt then sample index. Samples that
        failed for good are left out and listed in :attr:`last_failures`."""
        if n < 1:
            raise ConfigError(f"n must be at least 1, got {n}")
        params = normalize_params(params)
        unique: dict[str, Prompt] = {}
        order: list[str] = []
        for p in prompts:
            prompt = as_prompt(p)
            unique.setdefault(prompt.id, prompt)
            order.append(prompt.id)
        keys = {
            (pid, i): cache_key(self.backend, self.cache_model, prompt.text, params, i)
            for pid, prompt in unique.items()
            for i in range(n)
        }
        cached = self.cache.get_many(keys.values()) if self.cache is not None else {}
        sink = Sink(self, params, self.cache)
        jobs: list[Job] = []
        for pid, prompt in unique.items():
            missing = []
            for i in range(n):
                hit = cached.get(keys[(pid, i)])
                if hit is None:
                    missing.append(i)
                    continue
                text, finish, usage, created = hit
                resumed = self.paid_since is not None and created >= self.paid_since  # this run paid for it
                sink.results[(pid, i)] = Completion(
                    pid, prompt.text, self.id, text, i, params, finish, usage, cached=not resumed
                )
                if resumed:
                    self.stats.resumed += 1
                    self.stats.resumed_tokens += sum(own_tokens(usage))
                else:
                    self.stats.hits += 1
            self.stats.misses += len(missing)
            if missing:
                jobs.append(Job(prompt, tuple(missing)))
        if jobs:
            self._run(jobs, params, sink)
        self.last_failures = list(sink.failures)
        self.stats.failures.extend(sink.failures)
        return [sink.results[(pid, i)] for pid in order for i in range(n) if (pid, i) in sink.results]

    @abstractmethod
    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        """Get the missing samples of ``jobs``; report each to ``sink`` as it arrives."""

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

    def __enter__(self) -> "Teacher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"
