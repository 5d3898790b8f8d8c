"""Teachers: language models (or recordings of them) that answer prompts with completions.

``make_teacher(spec)`` picks the backend from a short spec:

- ``replay:PATH``     a recorded transcript (JSONL), see :mod:`kg.teachers.replay`
- ``openai:MODEL@URL`` any OpenAI-compatible server, see :mod:`kg.teachers.openai_compat`
- ``hf:PATH``          a local ``transformers`` model directory, see :mod:`kg.teachers.hf_local`
- ``offline:PATH[#greedy]`` answers from a held-out ATOMIC-style dataset, for measurement
  (:mod:`kg.teachers.offline`)

A persistent SQLite cache (:mod:`kg.teachers.cache`) sits in front of every backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.teachers.base import DEFAULT_PARAMS, Failure, Teacher, TeacherStats, normalize_params
from kg.teachers.cache import CompletionCache

__all__ = [
    "make_teacher",
    "Teacher",
    "TeacherStats",
    "Failure",
    "CompletionCache",
    "DEFAULT_PARAMS",
    "normalize_params",
]

SPEC_HELP = "use replay:PATH, openai:MODEL@URL, hf:PATH or offline:PATH"


def make_teacher(
    spec: str,
    *,
    cache_path: str | Path | None = None,
    no_cache: bool = False,
    **options: Any,
) -> Teacher:
    """A teacher from a spec string. ``cache_path=None`` keeps the cache in memory (this process
    only); ``no_cache=True`` turns it off. ``options`` go to the backend's constructor (e.g.
    ``concurrency=32, timeout=30`` for ``openai``)."""
    backend, sep, arg = spec.partition(":")
    if not sep or not arg:
        raise ConfigError(f"bad teacher spec {spec!r}; {SPEC_HELP}")
    cache = None if no_cache else CompletionCache(cache_path)
    try:
        if backend == "replay":
            from kg.teachers.replay import ReplayTeacher

            return ReplayTeacher(arg, cache=cache, **options)
        if backend == "openai":
            from kg.teachers.openai_compat import OpenAICompatTeacher

            model, at, url = arg.rpartition("@")
            if not at or not model or not url:
                raise ConfigError(
                    f"bad teacher spec {spec!r}: openai needs MODEL@URL, "
                    "e.g. openai:llama3.1@http://localhost:11434/v1"
                )
            return OpenAICompatTeacher(model, url, cache=cache, **options)
        if backend == "hf":
            from kg.teachers.hf_local import HFLocalTeacher

            return HFLocalTeacher(arg, cache=cache, **options)
        if backend == "offline":
            from kg.teachers.offline import OfflineTeacher

            path, _, source = arg.partition("#")
            return OfflineTeacher(path, source=source or "generations", cache=cache, **options)
    except TypeError as exc:
        if cache is not None:
            cache.close()
        raise ConfigError(f"bad option for teacher {spec!r}: {exc}") from None
    except Exception:
        if cache is not None:
            cache.close()
        raise
    if cache is not None:
        cache.close()
    raise ConfigError(f"unknown teacher backend {backend!r} in {spec!r}; {SPEC_HELP}")
