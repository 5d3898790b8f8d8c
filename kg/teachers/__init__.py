"""Teachers: language models (or recordings of them) that answer prompts with completions.

``make_teacher(spec)`` picks the backend from a short spec:

- ``replay:PATH``     a recorded transcript (JSONL), see :mod:`kg.teachers.replay`
- ``openai:MODEL@URL`` any OpenAI-compatible server, see :mod:`kg.teachers.openai_compat`
- ``hf:PATH``          a local ``transformers`` model directory, see :mod:`kg.teachers.hf_local`
- ``offline:PATH[#greedy]`` answers from a held-out ATOMIC-style dataset, for measurement
  (:mod:`kg.teachers.offline`)

Other backends come from plugins (:mod:`kg.registry`, entry-point group ``kg.teachers``).

A persistent SQLite cache (:mod:`kg.teachers.cache`) sits in front of every backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import ConfigError, KGError, TeacherError
from kg.registry import teachers as teacher_registry
from kg.teachers.base import DEFAULT_PARAMS, Failure, Job, Sink, Teacher, TeacherStats, normalize_params
from kg.teachers.cache import CompletionCache

__all__ = [
    "check_spec",
    "make_teacher",
    "Teacher",
    "TeacherStats",
    "Job",
    "Sink",
    "Failure",
    "CompletionCache",
    "DEFAULT_PARAMS",
    "normalize_params",
]



def replay_teacher(arg: str, *, cache: CompletionCache | None, **options: Any) -> Teacher:
    from kg.teachers.replay import ReplayTeacher

    return ReplayTeacher(arg, cache=cache, **options)


def openai_model_url(arg: str) -> tuple[str, str]:
    """The model and the URL of an ``openai:MODEL@URL`` spec's argument, or a :class:`ConfigError`
    (checked by ``kg distill --dry-run`` too, which makes no teacher)."""
    model, at, url = arg.rpartition("@")
    if not at or not model or not url:
        raise ConfigError(
            f"bad teacher spec 'openai:{arg}': openai needs MODEL@URL, e.g. openai:llama3.1@http://localhost:11434/v1"
        )
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"teacher URL {url!r} must start with http:// or https://")
    return model, url


def openai_teacher(arg: str, *, cache: CompletionCache | None, **options: Any) -> Teacher:
    from kg.teachers.openai_compat import OpenAICompatTeacher

    model, url = openai_model_url(arg)
    return OpenAICompatTeacher(model, url, cache=cache, **options)


def hf_teacher(arg: str, *, cache: CompletionCache | None, **options: Any) -> Teacher:
    from kg.teachers.hf_local import HFLocalTeacher

    return HFLocalTeacher(arg, cache=cache, **options)


def offline_teacher(arg: str, *, cache: CompletionCache | None, **options: Any) -> Teacher:
    from kg.teachers.offline import OfflineTeacher

    path, _, source = arg.partition("#")
    return OfflineTeacher(path, source=source or "generations", cache=cache, **options)


def spec_help() -> str:
    """The teacher specs there are, built-in and from plugins, for errors and ``--help``."""
    return "use " + ", ".join(e.help.split(",")[0] if e.help else f"{n}:ARG" for n, e in teacher_registry.entries().items())


def check_spec(spec: str) -> tuple[str, str]:
    """A teacher spec's backend and argument (``NAME:ARG``), or a :class:`ConfigError` where it
    is malformed or names no backend; makes no teacher."""
    backend, sep, arg = spec.partition(":")
    if not sep or not arg:
        raise ConfigError(f"bad teacher spec {spec!r}; {spec_help()}")
    if backend not in teacher_registry:
        raise ConfigError(f"unknown teacher backend {backend!r} in {spec!r}; {spec_help()}")
    if backend == "openai":
        openai_model_url(arg)
    return backend, arg


def make_teacher(
    spec: str,
    *,
    cache_path: str | Path | None = None,
    no_cache: bool = False,
    **options: Any,
) -> Teacher:
    """A teacher from a spec string ``NAME:ARG``, the backend found in :data:`kg.registry.teachers`
    (built in, or a plugin's entry point in the group ``kg.teachers``). ``cache_path=None``
    keeps the cache in memory (this process only); ``no_cache=True`` asks the teacher, never the
    cache, and writes its answers over the cached ones (after `ollama pull` of a newer build,
    the old answers were served again by the next run that read the cache); a cache that cannot
    be opened is then left out. ``options``
    go to the backend's constructor (e.g. ``concurrency=32, timeout=30`` for ``openai``)."""
    backend, arg = check_spec(spec)
    factory = teacher_registry.load(backend)
    if no_cache:
        try:
            cache: CompletionCache | None = CompletionCache(cache_path, read=False)
        except TeacherError:  # a damaged cache file: no cache at all, as --no-cache always allowed
            cache = None
    else:
        cache = CompletionCache(cache_path)
    origin = teacher_registry.entry(backend).origin
    try:
        teacher = factory(arg, cache=cache, **options)
        if not isinstance(teacher, Teacher):
            raise TeacherError(
                f"the teacher {backend!r} ({origin}) made a {type(teacher).__name__}, not a kg.teachers.Teacher"
            )
        return named(teacher, backend)
    except BaseException as exc:
        if cache is not None:
            cache.close()
        if isinstance(exc, TypeError):
            raise ConfigError(f"bad option for teacher {spec!r}: {exc}") from None
        if isinstance(exc, Exception) and not isinstance(exc, KGError):  # the factory's own fault: name it
            raise TeacherError(f"the teacher {backend!r} ({origin}) could not be made: {type(exc).__name__}: {exc}"[:400]) from exc
        raise


def named(teacher: Teacher, backend: str) -> Teacher:
    """``teacher`` with the name it was chosen by as its backend: its id (provenance) and its cache
    keys begin ``NAME:``, so two plugins' teachers (say both subclasses of RequestTeacher, whose
    ``backend`` is ``request``) never share an id or each other's cached answers. A teacher whose
    own ``id`` still says otherwise is refused: its facts would be credited to another."""
    try:
        teacher.backend = backend
    except AttributeError:  # a read-only backend: the check below says what is wrong
        pass
    if not teacher.id.startswith(f"{backend}:"):
        raise TeacherError(
            f"the teacher {backend!r} made one whose id is {teacher.id!r}; its id must begin with {backend + ':'!r}, "
            "the name it was chosen by (provenance and the cache key answers by it)"
        )
    return teacher
