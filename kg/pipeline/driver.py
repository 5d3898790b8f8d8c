"""The distillation driver: :func:`distill`, one call over swappable parts returning a
:class:`~kg.pipeline.runs.RunReport`. The default grid asks every prompt in batches; a strategy
or a budget hands the run to :mod:`kg.pipeline.rounds`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from kg.config import DistillConfig, load_config
from kg.active.pool import read_types, type_fit
from kg.namespaces import KG
from kg.pipeline.parts import Parts, ProgressSink, resolve_parts
from kg.prompts import build_prompts
from kg.pipeline.check import _track_writes
from kg.pipeline.rounds import _distill_rounds
from kg.pipeline.runs import (
    RunReport, _chunks, _done_batches, _fewer_collections, _objects, _run_store, _run_iri, _start_run,
)
from kg.pipeline.teach import _ask_batch, _chooses, _end_run, _identity, _prompt_dicts, _prompts_from_json, _seeds
from kg.pipeline.write import _repair_inference
from kg.records import Verdict
from kg.store import Store

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
    identity = _identity(config, domain, teacher, seeds)
    run = _run_iri("distill", identity)
    existing = _objects(store, run, KG.promptsJson)
    untyped = 0
    if existing:
        prompts = _prompts_from_json(existing[0].value)
    else:
        prompts = build_prompts(
            domain, seeds, store=store if config.prompts.store_examples else None,
            kind=config.prompts.kind, shots=config.prompts.shots, rationales=config.prompts.rationales,
        )
        fits = type_fit(domain, read_types(store, seeds))  # a city is not asked whom it studied with
        kept = [pr for pr in prompts if pr.kind != "list" or fits(pr.head or "", pr.relation or "")]
        untyped = len(prompts) - len(kept)
        prompts = kept if config.prompts.by_type else prompts
    batches = list(_chunks(prompts, config.run.batch_size))
    _start_run(
        store, run, kind="distill", domain=identity["domain"], teacher=identity["teacher"],
        config=config, total_batches=len(batches), prompts_json=json.dumps(_prompt_dicts(prompts)),
    )
    report = RunReport(run.value, "distill", store.location, identity["domain"], identity["teacher"])
    report.notes = list(p.notes)
    if untyped:
        report.notes.append(
            f"{untyped} prompts not asked: their head is of a class disjoint with the relation's domain "
            "(known from the store, the reference graph or the head's wording)" if config.prompts.by_type else
            f"{untyped} prompts ask a head a relation of a class its type is disjoint with (known from the store, the "
            "reference graph or the head's wording); --by-type ([prompts] by_type = true) leaves them out"
        )
    done = _done_batches(store, run)
    report.batches = len(batches)
    report.batches_resumed = sum(1 for i in done if i < len(batches))  # not the students' rounds after them
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
