"""The distillation driver: :func:`distill`, one call over swappable parts returning a
:class:`~kg.pipeline.runs.RunReport`. The default grid asks every prompt in batches; a strategy
or a budget hands the run to :mod:`kg.pipeline.rounds`."""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.config import DistillConfig, load_config
from kg.domains import changed_domain_note
from kg.errors import ConfigError
from kg.active.pool import read_types, type_fit
from kg.namespaces import KG
from kg.pipeline.parts import Parts, ProgressSink, check_names, load_domain, resolve_parts, teacher_cache_path
from kg.prompts import Prompt, build_prompts
from kg.pipeline.check import _track_writes
from kg.pipeline.rounds import _distill_rounds
from kg.pipeline.runs import (
    RunReport, _chunks, _done_batches, _fewer_collections, _objects, FINISHED_NOTE, _paid_since_start, _run_store,
    _start_run, judged_before_note,
)
from kg.pipeline.teach import (
    _as_asked_before, _ask_batch, _check_strategy, by_type, _chooses, _end_run, _identity, _prompt_dicts, _prompts_checked_before, _prompts_from_json, _relations, _run_to_continue, _seeds,
)
from kg.pipeline.write import _repair_inference
from kg.records import Verdict
from kg.seams import teacher_revision
from kg.store import Store

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.seams import Teacher as AnyTeacher
    from kg.teachers.base import Teacher

__all__ = ["distill"]


@_fewer_collections()
def distill(
    config: DistillConfig | dict[str, Any] | str | Path,
    *,
    parts: Parts | None = None,
    progress: ProgressSink | None = None,
    store: Store | None = None,
) -> RunReport:
    """Run a distillation: one call over swappable parts, returning a :class:`RunReport`.

    ``config``: a :class:`~kg.config.DistillConfig`, a dict of dotted keys, or a ``kg.toml``
    path. ``store``: an open store to use (else ``config.store`` is opened or created, and
    closed at the end).
    """
    config = _as_config(config)
    started = time.perf_counter()
    with _run_store(store if store is not None else config.store) as st:
        return _distill(config, st, parts, progress, started)


@dataclass(frozen=True)
class BatchRequests:
    """What :func:`write_batch_requests` wrote: ``requests`` lines (one per prompt, each asking
    ``samples`` completions) for ``model`` to ``path``; ``notes`` as a run's."""

    path: str
    requests: int
    samples: int
    model: str
    notes: list[str]


def write_batch_requests(config: DistillConfig | dict[str, Any] | str | Path, path: str | Path) -> BatchRequests:
    """Write the prompts a grid run of ``config`` would ask as a batch request file (OpenAI's
    Batch API, vLLM's ``python -m vllm.entrypoints.openai.run_batch``) for its ``openai:MODEL@URL``
    teacher, asking nothing: run the file there, then distil with ``--teacher replay:RESULTS``,
    which matches the results to the prompts by their ids. Needs the store the run will use (its
    accepted facts are the prompts' few-shot examples): write, run and read back against the same
    store state."""
    from kg.teachers import make_teacher
    from kg.teachers.openai_compat import OpenAICompatTeacher

    config = _as_config(config)
    if _chooses(config):
        raise ConfigError("--batch-requests writes the grid's prompts; random and active choose theirs round by round from the answers")
    if not config.teacher.spec.startswith("openai:"):
        raise ConfigError(
            f"--batch-requests needs an openai:MODEL@URL teacher (its model and sampling go in the requests), not {config.teacher.spec!r}"
        )
    teacher = make_teacher(config.teacher.spec, cache_path=None, no_cache=True, **config.teacher.options())
    assert isinstance(teacher, OpenAICompatTeacher)
    domain = load_domain(config.domain)
    with _run_store(config.store) as store:
        prompts, untyped = _grid_prompts(config, store, domain, _seeds(config, domain))
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise ConfigError(f"cannot write {str(target)!r}: the directory {str(target.parent)!r} does not exist")
    with target.open("w", encoding="utf-8") as fh:
        for prompt in prompts:
            fh.write(json.dumps(teacher.batch_request(prompt, config.teacher.samples, config.teacher.params()), ensure_ascii=False) + "\n")
    notes = [f"{untyped} of them ask a head a relation of a class its type is disjoint with; --by-type leaves them out"] if untyped and not by_type(config, domain) else []
    return BatchRequests(str(target), len(prompts), config.teacher.samples, teacher.model, notes)


@dataclass
class DistillPlan:
    """What a distillation would ask, asking nothing (``kg distill --dry-run``)."""

    strategy: str
    seeds: int
    relations: int
    prompts: int
    """The grid's prompts (those the run the command continues saved, when it has one); a
    choosing strategy's most (its budget's calls / samples)."""
    samples: int
    per_relation: dict[str, int]
    """The grid's prompts per relation (empty for a choosing strategy)."""
    answered: int
    """Prompts the run the command continues answered before (its finished batches): not asked again."""
    cached: int
    """Of the other prompts, those whose every sample the teacher's cache holds (none with --no-cache)."""
    calls: int
    """The samples the teacher would be asked for: neither answered by the run nor held by the cache."""
    prompt_tokens: int
    """About how many tokens the prompts to ask are (characters / 4): each is sent once, its
    ``samples`` asked together (``n``)."""
    max_completion_tokens: int
    notes: list[str]


def plan_distill(config: DistillConfig | dict[str, Any] | str | Path) -> DistillPlan:
    """The prompts a distillation of ``config`` would ask, counted per relation, and what they
    would cost in teacher calls and tokens, without making the teacher (a grid of 1,500 classes'
    seeds asked 175,200 prompts with no count shown before the first call)."""
    config = _as_config(config)
    _check_strategy(config)  # what the run would refuse before asking, the dry run refuses too
    check_names(config)
    domain = load_domain(config.domain)
    seeds = _seeds(config, domain)
    asking = _relations(config, domain) or sorted(domain.relations)
    samples, notes = config.teacher.samples, []
    if _chooses(config):
        most = config.strategy.budget // samples
        return DistillPlan(config.strategy.kind, len(seeds), len(asking), most, samples, {}, 0, 0, most * samples, 0,
                           most * samples * config.teacher.max_tokens,
                           [f"{config.strategy.kind}: the prompts are chosen round by round from the answers, "
                            f"at most {most:,} ({config.strategy.budget:,} calls / {samples} samples)"])
    teacher = _dry_run_teacher(config)
    location = str(config.store)
    try:
        with contextlib.ExitStack() as stack:
            if not location.startswith(("http://", "https://")) and not Path(location).exists():
                # no store yet: the prompts a new one's first run asks, and no store is left behind
                store = stack.enter_context(_run_store(Path(stack.enter_context(tempfile.TemporaryDirectory())) / "store"))
            else:
                store = stack.enter_context(_run_store(config.store))
            if teacher is None:  # no teacher: the real command refuses; the grid is counted as asked
                (prompts, untyped), done = _grid_prompts(config, store, domain, seeds), {}
            else:
                command = _command_prompts(config, store, domain, teacher, seeds)
                prompts, untyped, done = command.prompts, command.untyped, _done_batches(store, command.run)
        to_ask = [p for index, batch in _chunks(prompts, config.run.batch_size) if index not in done for p in batch]
        missing = _uncached_samples(config, teacher, to_ask)
    finally:
        if teacher is not None:
            teacher.close()
    per_relation: dict[str, int] = {}
    for prompt in prompts:
        name = prompt.relation or "(every relation: one prompt a topic)"
        per_relation[name] = per_relation.get(name, 0) + 1
    if untyped:
        notes.append(f"{untyped:,} prompts ask a head a relation of a class its type is disjoint with: "
                     + (f"left out ({_why_left_out(config, domain)})" if by_type(config, domain) else "--by-type leaves them out"))
    tokens = sum(len(p.text) for p in to_ask if missing[p.id]) // 4
    calls = sum(missing.values())
    return DistillPlan("grid", len(seeds), len(asking), len(prompts), samples, per_relation, len(prompts) - len(to_ask),
                       sum(1 for p in to_ask if not missing[p.id]), calls, tokens, calls * config.teacher.max_tokens, notes)


def _dry_run_teacher(config: DistillConfig) -> Teacher | None:
    """The command's teacher for a dry run (None without one): it names the run the command
    continues and keys the cache. Made with a cache in memory, so no file is opened or written
    for it; it asks nothing."""
    from kg.teachers import make_teacher

    if not config.teacher.spec:
        return None
    return make_teacher(config.teacher.spec, cache_path=None, no_cache=True, **config.teacher.options())


def _uncached_samples(config: DistillConfig, teacher: Teacher | None, prompts: list[Prompt]) -> dict[str, int]:
    """Per prompt id, how many of its samples the teacher's cache does not hold (all of them with
    --no-cache or no teacher); the cache file is read, never written."""
    from kg.teachers import normalize_params
    from kg.teachers.cache import cache_key, cached_keys

    samples = config.teacher.samples
    if teacher is None or config.teacher.no_cache:
        return {p.id: samples for p in prompts}
    params = normalize_params(config.teacher.params())
    keys = {p.id: [cache_key(teacher.backend, teacher.cache_model, p.text, params, i) for i in range(samples)] for p in prompts}
    held = cached_keys(teacher_cache_path(config), (k for ks in keys.values() for k in ks))
    return {pid: sum(1 for k in ks if k not in held) for pid, ks in keys.items()}


@dataclass(frozen=True)
class CommandPrompts:
    """What a grid distillation of a command asks: the run it continues (resumed when it was
    interrupted, done when it finished), its identity, a note when an earlier run asked prompts
    worded otherwise, the command's key, the prompts, and how many of them ask a head a relation
    of a class its type is disjoint with (left out with --by-type)."""

    run: ox.NamedNode
    identity: dict[str, Any]
    reworded: str | None
    command_key: str
    prompts: list[Prompt]
    untyped: int


def _command_prompts(config: DistillConfig, store: Store, domain: Any, teacher: AnyTeacher, seeds: list[str]) -> CommandPrompts:
    """The run the command continues and its prompts: those the run saved; else those this
    command's latest run saved, worded as today's; else the grid built now."""
    identity = _identity(config, domain, teacher, seeds)
    run, reworded, command_key = _run_to_continue(store, config, domain, identity)
    existing = _objects(store, run, KG.promptsJson)
    untyped = 0
    if existing:
        prompts = _prompts_from_json(existing[0].value)
    elif (asked := _prompts_checked_before(store, config, domain, command_key)) is not None:
        prompts = asked
    else:
        prompts, untyped = _grid_prompts(config, store, domain, seeds)
    return CommandPrompts(run, identity, reworded, command_key, prompts, untyped)


def _grid_prompts(config: DistillConfig, store: Store, domain: Any, seeds: list[str]) -> tuple[list[Any], int]:
    """The grid's prompts (every relation of every seed; with prompts.by_type (:func:`by_type`), not those asking a
    head a relation of a class its type is disjoint with), and how many such there are."""
    prompts = build_prompts(
        domain, seeds, store=store if config.prompts.store_examples else None,
        kind=config.prompts.kind, shots=config.prompts.shots, rationales=config.prompts.rationales,
        relations=_relations(config, domain),
    )
    if config.prompts.store_examples:  # what the store asked before is asked in the same words
        prompts = _as_asked_before(store, config, prompts)
    fits = type_fit(domain, read_types(store, seeds, domain.label_language))  # a city is not asked whom it studied with
    kept = [pr for pr in prompts if not (pr.head and pr.relation) or fits(pr.head, pr.relation)]
    return (kept if by_type(config, domain) else prompts), len(prompts) - len(kept)


def _why_left_out(config: DistillConfig, domain: Any) -> str:
    """Why a grid left out the prompts asking a head a relation of a class disjoint with its own."""
    if config.prompts.by_type:
        return "--by-type"
    if getattr(domain, "by_type", None):
        return "the domain's by_type = true (relations.toml); --every-relation (prompts.by_type = false) asks them all"
    return "the domain types its heads by their wording: an event is asked its event relations; --every-relation (prompts.by_type = false) asks them all"


def _as_config(config: DistillConfig | dict[str, Any] | str | Path) -> DistillConfig:
    if isinstance(config, DistillConfig):
        return config
    if isinstance(config, dict):
        return load_config(None, config)
    return load_config(config)


def _distill(config: DistillConfig, store: Store, parts_in: Parts | None, progress: ProgressSink | None, started: float) -> RunReport:
    p = resolve_parts(config, store, parts_in)
    _track_writes(p, store)
    own_teacher = parts_in is None or parts_in.teacher is None
    try:
        return _distill_with(config, store, p, progress, started)
    finally:
        if own_teacher and p.teacher is not None:
            p.teacher.close()


def _distill_with(config: DistillConfig, store: Store, p: Parts, progress: ProgressSink | None, started: float) -> RunReport:
    if _chooses(config):
        return _distill_rounds(config, store, p, progress, started)
    domain, teacher = p.domain, p.teacher
    assert domain is not None and teacher is not None, "resolve_parts sets the domain and the teacher"
    seeds = _seeds(config, domain)
    command = _command_prompts(config, store, domain, teacher, seeds)
    run, reworded, command_key, identity, prompts, untyped = (
        command.run, command.reworded, command.command_key, command.identity, command.prompts, command.untyped
    )
    batches = list(_chunks(prompts, config.run.batch_size))
    changed = changed_domain_note(store, domain)
    _start_run(
        store, run, kind="distill", domain=identity["domain"], domain_digest=domain.digest, teacher=config.teacher.spec or identity["teacher"],
        config=config, total_batches=len(batches), prompts_json=json.dumps(_prompt_dicts(prompts), ensure_ascii=False), command_key=command_key,
        teacher_revision=teacher_revision(teacher),
    )
    _paid_since_start(store, run, teacher)
    report = RunReport(run.value, "distill", store.location, identity["domain"], config.teacher.spec or identity["teacher"])
    report.notes = list(p.notes) + [note for note in (reworded, changed) if note]
    if untyped:
        report.notes.append(
            f"{untyped} prompts not asked: their head is of a class disjoint with the relation's domain "
            f"(known from the store, the reference graph or the head's wording; {_why_left_out(config, domain)})" if by_type(config, domain) else
            f"{untyped} prompts ask a head a relation of a class its type is disjoint with (known from the store, the "
            "reference graph or the head's wording); --by-type ([prompts] by_type = true) leaves them out"
        )
    done = _done_batches(store, run)
    if batches and len(done) >= len(batches):
        report.notes.append(FINISHED_NOTE)
    report.batches = len(batches)
    report.batches_resumed = sum(1 for i in done if i < len(batches))  # not the students' rounds after them
    if (note := judged_before_note(report.batches_resumed, p.critic)) is not None:
        report.notes.append(note)
    _repair_inference(store, p, run, done, report.notes)
    collect: list[Verdict] | None = [] if config.critic.labels else None
    if progress:
        progress("teacher", 0, len(prompts))
        progress("write", 0, len(batches))
        progress("teacher", sum(len(b) for i, b in batches if i in done))
        progress("write", len(done))
    by_id = {pr.id: pr for pr in prompts}
    for index, batch in batches:
        if index in done:
            continue
        _ask_batch(config, store, p, run, index, batch, by_id, report, progress, collect)
    return _end_run(config, store, p, run, report, collect, len(batches), progress, seeds, started)
