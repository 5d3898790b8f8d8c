"""Ingestion: the checks of a distillation run on teacher output someone already has
(:func:`ingest`), read as units (:func:`~kg.pipeline.units.read_units`) and written in batches of
``run.ingest_batch_size`` candidates."""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from kg.config import DistillConfig
from kg.domains import changed_domain_note
from kg.critics.evaluation import evaluate, load_labels
from kg.errors import FormatError
from kg.namespaces import KG
from kg.ontology import Domain
from kg.pipeline.check import _track_writes
from kg.pipeline.parts import Parts, ProgressSink, resolve_parts
from kg.pipeline.runs import (
    RunInput, RunReport, _BatchCounts, _Clock, _done_batches, _fewer_collections, _finish_run, _objects, _run_store, _run_iri,
    _start_run, _totals, judged_before_note, report_extraction,
)
from kg.pipeline.units import read_units
from kg.pipeline.write import _commit_batch, _repair_inference
from kg.records import Candidate, Completion, Unreadable, Verdict
from kg.store import Store

__all__ = ["ingest"]


def _file_digest(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@_fewer_collections()
def ingest(
    path: str | Path,
    domain: Domain | str | Path,
    store: Store | str | Path,
    *,
    config: DistillConfig | None = None,
    parts: Parts | None = None,
    format: str | None = None,
    progress: ProgressSink | None = None,
    units: Iterable[list[Candidate | Unreadable]] | None = None,
    atomic_sources: Sequence[str] = ("human", "generations"),
    limit: int | None = None,
    trusted: bool = False,
) -> RunReport:
    """Run the checks of a distillation on outputs someone already has, and store the result.

    ``domain``: a loaded domain or a domain folder. ``units``: already-read units (skips
    reading ``path``; the run is still named by ``path``'s contents). ``atomic_sources``: which
    columns of an ATOMIC 2020 JSONL are teacher output (human, generations, greedy).
    ``limit``: read only the first ``limit`` units (source records). ``trusted``: the file's
    facts are ones the user trusts (curated rows, not a teacher's answers): the symbolic checks
    and the reference still reject what they refute, and the rest is accepted, with no critic and
    no signals' mean (which would score the rows of one head and relation as a teacher's samples).
    """
    started = time.perf_counter()
    path = Path(path)
    if units is None and not path.is_file():
        raise FormatError(f"no such file: {str(path)!r}")
    config = config or DistillConfig()
    if trusted:
        config = config.replace(**{"critic.model": "none", "critic.threshold": 0.0})
    with _run_store(store) as st:
        if not isinstance(domain, (str, Path)):
            parts = parts or Parts()
            parts.domain = parts.domain or domain
        else:
            config = config.replace(domain=str(domain))
        p = resolve_parts(config, st, parts, need_teacher=False)
        _track_writes(p, st)
        assert p.domain is not None, "resolve_parts sets the domain"
        name = p.domain.name
        digest = _file_digest(path) if path.is_file() else None
        identity = {
            "file": digest or str(path),
            "domain": name,
            "batch_size": config.run.ingest_batch_size,
            "critic": config.critic.identity(),
            "format": format,
            "sources": list(atomic_sources),
            "limit": limit,
            # an edited ontology, shape, reference or rule judges otherwise: another run, which
            # checks the file under today's domain (a rerun printed the earlier domain's verdicts)
            "domain_digest": p.domain.digest,
        }
        run = _run_iri("ingest", identity)
        if not _objects(st, run, KG.runKind):  # a run recorded by a version whose identity had no digest
            before_digest = _run_iri("ingest", {k: v for k, v in identity.items() if k != "domain_digest"})
            run = before_digest if _objects(st, before_digest, KG.runKind) else run
        changed = changed_domain_note(st, p.domain)
        report = RunReport(run.value, "ingest", st.location, name, f"file:{path.name}")
        report.notes = list(p.notes) + ([changed] if changed else [])
        if trusted:
            report.notes.append("the file's facts were taken as trusted: the checks and the reference judged them, no critic")
        done = _done_batches(st, run)
        report.batches_resumed = len(done)
        if (note := judged_before_note(len(done), p.critic)) is not None:
            report.notes.append(note)
        if units is None:
            units = read_units(
                path, p.domain, store=st, extract=p.extract, extractor=p.extractor, format=format,
                atomic_sources=atomic_sources,
            )
        if limit is not None:
            units = itertools.islice(units, limit)
        # the run is recorded once its input reads: a file that cannot be read at all (not
        # UTF-8, an unknown format) fails here and leaves no kg:Run node behind, as no run
        # took place; one that fails later has finished batches, and a rerun resumes it
        units = iter(units)
        first = next(units, None)
        if first is not None:
            units = itertools.chain([first], units)
        source = RunInput(str(path.resolve()), f"sha1:{digest}" if digest else None, format, tuple(atomic_sources), limit)
        _start_run(st, run, kind="ingest", domain=name, domain_digest=p.domain.digest, teacher=f"file:{path.name}", config=config, total_batches=0,
                   source=source)
        _repair_inference(st, p, run, done, report.notes)
        collect: list[Verdict] | None = [] if config.critic.labels else None
        batches = 0
        for items, n_records in _batches(units, config.run.ingest_batch_size, _Clock(report.stage_seconds)):
            if batches not in done:
                completions = _completions(items)
                samples = Counter(c.prompt_id for c in completions.values())
                counts = _BatchCounts(prompts=n_records, completions=len(completions))
                counts = _commit_batch(
                    st, p, run, batches, items, counts, dict(samples), progress, collect, report.stage_seconds,
                )
                report.batch_seconds.append(counts.seconds)
            batches += 1
        report.batches = batches
        _finish_run(st, run, total_batches=batches)
        _totals(st, run, report)
        if p.extractor is not None:
            report_extraction(report, p.extractor.stats, p.domain)
        if config.critic.labels and collect is not None:
            labels = load_labels(config.critic.labels)
            if p.domain is not None:  # a row by the teacher's alias ("UK") names the candidate labelled by its own name
                from extractors.normalize import Normalizer

                labels.name_entities(Normalizer(p.domain).own_name)
            report.evaluation = evaluate(collect, labels, config.critic.threshold)
        report.seconds = round(time.perf_counter() - started, 3)
        return report


def _batches(
    units: Iterable[list[Candidate | Unreadable]], size: int, clock: _Clock
) -> Iterator[tuple[list[Candidate | Unreadable], int]]:
    """Units gathered into batches of at least ``size`` items (the last one smaller), each with
    its number of units (source records); reading is timed as ``read+extract``, not the work
    done on a batch between two reads."""
    pending: list[Candidate | Unreadable] = []
    records = 0
    for unit in units:
        clock.lap("read+extract")
        pending.extend(unit)
        records += 1
        if len(pending) >= size:
            yield pending, records
            pending, records = [], 0
        clock.last = time.perf_counter()
    if pending:
        yield pending, records


def _completions(items: Sequence[Candidate | Unreadable]) -> dict[str, Completion]:
    """The distinct completions a batch's items were read from, by id."""
    out: dict[str, Completion] = {}
    for x in items:
        c = x.completion
        if c is not None and c.id not in out:
            out[c.id] = c
    return out
