"""Ingestion: the checks of a distillation run on teacher output someone already has
(:func:`ingest`), read as units (:func:`~kg.pipeline.units.read_units`) and written in batches of
``run.ingest_batch_size`` candidates."""

from __future__ import annotations

import hashlib
import itertools
import shlex
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
    RunInput, RunReport, _BatchCounts, _Clock, _done_batches, _fewer_collections, _finish_run, _objects, _run_for, _run_store, _run_iri,
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
    again: bool = False,
) -> RunReport:
    """Run the checks of a distillation on outputs someone already has, and store the result.

    ``domain``: a loaded domain or a domain folder. ``units``: already-read units (skips
    reading ``path``; the run is still named by ``path``'s contents). ``atomic_sources``: which
    columns of an ATOMIC 2020 JSONL are teacher output (human, generations, greedy).
    ``limit``: read only the first ``limit`` units (source records). ``trusted``: the file's
    facts are ones the user trusts (curated rows, not a teacher's answers): the symbolic checks
    and the reference still reject what they refute, and the rest is accepted, with no critic and
    no signals' mean (which would score the rows of one head and relation as a teacher's samples).
    ``again``: check a file a finished run ingested before anew, as a new run, against the store
    as it is now (after ``kg review apply`` or ``kg retract`` withdrew a value it contradicted);
    without it, the same file is that run, resumed where it stopped, and nothing more once it
    finished.
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
        _trust_rows(p, trusted)
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
        if not _objects(st, _run_iri("ingest", identity), KG.runKind):  # a run recorded by a version whose identity had no digest
            before_digest = {k: v for k, v in identity.items() if k != "domain_digest"}
            identity = before_digest if _objects(st, _run_iri("ingest", before_digest), KG.runKind) else identity
        run = _run_for(st, "ingest", identity, again)
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
        collect: list[Verdict] | None = [] if config.critic.labels or trusted else None
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
        if batches and len(done) >= batches:
            report.notes.append(ingested_before_note(path, run.value, trusted, report.store))
        if trusted and collect and (refused := refused_rows_note(collect, path, report.store)) is not None:
            report.notes.append(refused)
        if trusted and collect and (overruled := overruled_note(p, collect, report.store)) is not None:
            report.notes.append(overruled)
        if trusted and collect and (read_as := read_as_known_note(p, collect, report.store)) is not None:
            report.notes.append(read_as)
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


def _again_command(path: Path, trusted: bool, store: str) -> str:
    """The command that ingests ``path`` again, as a new run: the same command with --again."""
    return f"the same command with --again (kg ingest {shlex.quote(str(path))} --store {shlex.quote(store)}{' --trusted' if trusted else ''} --again)"


def ingested_before_note(path: Path, run: str, trusted: bool, store: str) -> str:
    """What a rerun of a finished ingest says: nothing was read, checked or written, the counts
    are the earlier run's, and how to check the file anew."""
    return (
        f"{path.name} was ingested before, unchanged, under the same domain and settings (run {run.rsplit('/', 1)[-1]}): "
        f"nothing was checked or written now, and the counts above are that run's. To check it again against the store as "
        f"it is now (after kg review apply or kg retract withdrew a value it contradicted): {_again_command(path, trusted, store)}"
    )


_SHOWN = 3
"""How many rows a note names."""


def _rows(rows: list[str], more: str = "") -> str:
    """The first :data:`_SHOWN` of a note's ``rows``, then how many more (``more``: where to see them)."""
    rest = f" (and {len(rows) - _SHOWN} more{more})" if len(rows) > _SHOWN else ""
    return "; ".join(rows[:_SHOWN]) + rest


def _trust_rows(p: Parts, trusted: bool) -> None:
    """A trusted file's rows go in over a class the store only inferred from an accepted fact's
    relation (the validator notes each, :func:`overruled_note`)."""
    from kg.validate import Validator
    from reasoners.conflicts import ConflictChecker

    for part in (p.validator, p.conflicts):
        if trusted and isinstance(part, (Validator, ConflictChecker)):
            part.trusted = True


def overruled_note(p: Parts, verdicts: Sequence[Verdict], store: str) -> str | None:
    """The trusted rows accepted though an accepted fact's relation had typed their subject or
    object otherwise ("Nebra sky disc madeOf bronze, though the accepted fact 'Nebra sky disc
    locatedInCountry Germany' made Nebra sky disc an archaeological site"), and how to review
    that fact; None when there are none."""
    from kg.validate import Validator
    from reasoners.conflicts import ConflictChecker

    notes: dict[str, str] = {}
    for part in (p.conflicts, p.validator):  # the validator's word, where both went over a class
        if isinstance(part, (Validator, ConflictChecker)):
            notes.update(part.overruled)
    overruled = [notes[v.candidate.id] for v in verdicts if v.accepted and v.candidate.id in notes]
    if not overruled:
        return None
    return (
        f"{len(overruled)} of the file's trusted rows {'was' if len(overruled) == 1 else 'were'} accepted over a class an "
        f"accepted fact's relation implied: {_rows(overruled)}. The store now holds both: review those "
        f"facts: kg review export --store {store} -g accepted --all -o facts.csv, mark the wrong ones invalid, kg review apply facts.csv --store {store}"
    )


def read_as_known_note(p: Parts, verdicts: Sequence[Verdict], store: str) -> str | None:
    """The trusted rows whose figure, within the relation's tolerance of one the store held, was
    read as that one and recorded as its support ("Aconcagua prominence 6961, read as the stored
    6962": the teacher's rounded or older figure kept, the row's exact one nowhere), and how to put
    the file's figure in its place; None when there are none."""
    from kg.validate import Validator

    notes = p.validator.read_as_known if isinstance(p.validator, Validator) else {}
    read = [notes[v.candidate.id] for v in verdicts if v.accepted and v.candidate.id in notes]
    if not read:
        return None
    return (
        f"{len(read)} of the file's trusted rows {'was' if len(read) == 1 else 'were'} read as a figure the store held, "
        f"within the relation's tolerance, and recorded as its support: {_rows(read)}. The store keeps "
        f"its figure; to have the file's instead, mark the stored fact invalid (kg review export --store {store} -g accepted "
        f"--all -o facts.csv, then kg review apply facts.csv --store {store}) and ingest the file again with --again"
    )


def refused_rows_note(verdicts: Sequence[Verdict], path: Path, store: str) -> str | None:
    """A trusted file's rows refused as a second value of a one-value relation ("Comirnaty can
    have only one dosesInPrimarySeries, and it already has 21, not 2"), and how to put the
    file's value in the stored one's place; None when there are none."""
    refused = [
        reason.message for v in verdicts if not v.accepted for reason in v.reasons if reason.check == "cardinality"
    ]
    if not refused:
        return None
    return (
        f"{len(refused)} of the file's trusted rows {'contradicts' if len(refused) == 1 else 'contradict'} a value the "
        f"store holds for a one-value relation, which stays: {_rows(refused, ': kg review export --all')}. To have the file's value instead, withdraw the stored one: "
        f"kg review export --store {store} -g accepted -o facts.csv, mark its row invalid, kg review apply facts.csv "
        f"--store {store} (or kg retract RUN --store {store} withdraws all the run that brought it: kg why shows the run, "
        f"kg runs lists them); then ingest the file again: {_again_command(path, True, store)}"
    )


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
