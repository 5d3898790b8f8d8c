"""A run's records: the :class:`RunReport` it returns, and its bookkeeping in the provenance
graph (a ``kg:Run`` node, one ``kg:Batch`` node per written batch with the batch's counts,
finished or, when some of its prompts failed, unfinished),
from which a resumed run's totals and :func:`run_history` are read."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from kg.config import DistillConfig, resolve_domain_path
from kg.critic import Critic
from kg.critics.evaluation import CriticEvaluation
from kg.errors import ConfigError, KGError
from kg.namespaces import GRAPH_NAMES, KG, PROV, RUN
from kg.ontology import Domain
from kg.provenance import PROVENANCE
from kg.records import NOT_CHECKED, Verdict
from kg.registry import extractors as extractor_registry, loaded_plugins
from kg.seams import CountsResumedSpend, ExtractionCounts, RequestCounts, ResumedSpend, Teacher
from kg.software import software_version
from kg.store import Store, init_store, open_store

__all__ = ["FUNNEL", "RunReport", "run_history"]

_N = ox.NamedNode
_TYPE = _N(str(RDF.type))
_INT = _N(str(XSD.integer))
_DOUBLE = _N(str(XSD.double))
_DATETIME = _N(str(XSD.dateTime))


def _k(term: Any) -> ox.NamedNode:
    return _N(str(term))


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=_INT)


def _now() -> ox.Literal:
    """Now, to the millisecond: two runs started within one second were listed by their IRIs'
    order, not oldest first."""
    return ox.Literal(datetime.now(timezone.utc).isoformat(timespec="milliseconds"), datatype=_DATETIME)


class _Clock:
    """Seconds spent per stage (``RunReport.stage_seconds``)."""

    def __init__(self, into: dict[str, float] | None) -> None:
        self.into = into
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.into is not None:
            self.into[stage] = self.into.get(stage, 0.0) + (now - self.last)
        self.last = now


# -- the report ---------------------------------------------------------------------------------


FUNNEL = (
    ("prompts", "prompts"),
    ("completions", "completions"),
    ("candidates", "candidates"),
    ("unreadable", "unreadable outputs"),
    ("no_answers", "no answer"),
    ("accepted", "accepted"),
    ("rejected", "rejected"),
    ("new_triples", "new triples"),
    ("inferred", "inferred"),
    ("cache_hits", "cache hits"),
    ("tokens", "tokens"),
    ("truncated", "cut off at token limit"),
)


@dataclass
class RunReport:
    """What a run did. Counts cover the whole run, including batches finished by an earlier,
    interrupted invocation of the same command (``batches_resumed``)."""

    run: str
    kind: str
    store: str
    domain: str = ""
    teacher: str = ""
    batches: int = 0
    batches_resumed: int = 0
    prompts: int = 0
    completions: int = 0
    candidates: int = 0
    unreadable: int = 0
    no_answers: int = 0
    """Answers that say there is none ("I don't know", "None"): no fact, kept in quarantine with
    the reason ``none answer`` and counted here, not among the unreadable outputs (since 2026-12-07;
    an earlier run counted them there)."""
    accepted: int = 0
    rejected: int = 0
    new_triples: int = 0
    inferred: int = 0
    cache_hits: int = 0
    tokens: int = 0
    truncated: int = 0
    """Completions that ended at the token limit (``finish_reason`` ``length``)."""
    context_cut: int = 0
    """Of them, this invocation's that ran out of the model's context first (a local model's
    positions, which hold the prompt and the answer): their usage has ``context_tokens``."""
    failed_prompts: int = 0
    asked_prompts: int = 0
    requests: int = 0
    """Requests to the teacher (a server's calls: samples may share one; an LLM judge's too), the
    failed and retried ones included; ``retries`` of them were retries. Recorded per batch
    (``kg:requestCount``, ``kg:retryCount``) since 2026-12-06, so a resumed run counts its earlier
    invocations' too, for the batches they finished (a killed invocation's requests for the batch
    it was asking die with it, as its cache hits do)."""
    retries: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    """Rejected candidates (and unreadable outputs) per check; one several checks rejected counts
    under each, as in `kg report`."""
    accepted_by_reference: dict[str, int] = field(default_factory=dict)
    """Accepted candidates per word of the domain's reference graph (``confirmed``, ``within
    tolerance``, ``unknown``: it had no value to check them against) and ``not checked`` (of a
    relation it holds no value of); empty without a reference."""
    dropped: dict[str, int] = field(default_factory=dict)
    """What the extractors read and made neither a candidate nor a quarantined record of, by why:
    none answers ("none", "I don't know"), duplicates, prose beside a list, empty completions. An
    answer that is a none answer and nothing else is kept in quarantine instead (unreadable, with the
    reason ``none answer``: :data:`kg.pipeline.parts.NONE_ANSWER`; counted there, not here), as
    is an answer of which nothing was read and every line was dropped (beside an answer, a
    sentence naming no answer, crossed out: :data:`kg.pipeline.parts.NOTHING_READ`), so nothing
    the teacher said is lost.
    Counts of this invocation's extraction (batches an earlier one finished are not read again)."""
    extractor_errors: list[str] = field(default_factory=list)
    """One line per extractor that failed on answers of this invocation: its name, where it comes
    from, on how many of the answers it was given, its most frequent error (each answer is kept as
    unreadable with its error). Printed on stderr whatever the format."""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    evaluation: CriticEvaluation | None = None
    student: dict[str, Any] | None = None
    batch_seconds: list[float] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    strategy: dict[str, Any] | None = None
    """``--strategy``/``--budget`` runs: the budget, the calls spent, and each round's choices
    with why they were chosen (also saved on each round's batch node, ``kg:promptsJson``)."""

    def funnel(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, key)) for key, label in FUNNEL]

    @property
    def outcome(self) -> str:
        """``success``: every prompt answered; ``failed``: every prompt this invocation asked
        failed (and no earlier invocation finished a batch); else ``partial``. ``failures`` says
        why (teacher errors and how often); rerunning the command asks for what is missing."""
        if not self.failed_prompts:
            return "success"
        if self.failed_prompts >= self.asked_prompts and not self.batches_resumed:
            return "failed"
        return "partial"

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("evaluation", "batch_seconds")}
        out["stage_seconds"] = {k: round(v, 3) for k, v in self.stage_seconds.items()}
        out["outcome"] = self.outcome
        out["evaluation"] = self.evaluation.as_dict() if self.evaluation else None
        return out




# -- run bookkeeping in the provenance graph ------------------------------------------------------


def _run_iri(kind: str, identity: Any) -> ox.NamedNode:
    blob = json.dumps(identity, sort_keys=True, default=str)
    return _N(str(RUN) + f"{kind}-" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16])


def _run_for(store: Store, kind: str, identity: Any, again: bool) -> ox.NamedNode:
    """The run a command continues: the one its identity names (resumed when it was
    interrupted); with ``again``, the first later run of the same identity not yet finished (a
    new one when every earlier one finished), so ``--again`` asks anew and its rerun resumes."""
    run = _run_iri(kind, identity)
    generation = 0
    while again and _finished(store, run):
        generation += 1
        run = _run_iri(kind, {"identity": identity, "again": generation})
    return run


def _finished(store: Store, run: ox.NamedNode) -> bool:
    """Whether every batch (round) of a started run is done."""
    total = _objects(store, run, KG.totalBatches)
    return bool(total) and len(_done_batches(store, run)) >= int(total[0].value)


FINISHED_NOTE = (
    "this run had finished: nothing was asked; --again asks the same prompts as a new run "
    "(its teacher's cache answers them unless --no-cache)"
)


def request_counts(teacher: Teacher) -> tuple[int, int]:
    """The requests the teacher sent and retried so far (0, 0 for a usage that does not count them)."""
    stats = teacher.stats
    return (stats.requests, stats.retries) if isinstance(stats, RequestCounts) else (0, 0)


def teacher_counts(teacher: Teacher) -> tuple[int, int]:
    """The teacher's cache hits and tokens so far: the tokens of the answers it was paid for, now
    or by this run's earlier attempt (its cache's answers since the run began, not hits)."""
    stats = teacher.stats
    resumed = stats.resumed_tokens if isinstance(stats, ResumedSpend) else 0
    return stats.hits, stats.prompt_tokens + stats.completion_tokens + resumed


def truncated_note(report: RunReport, max_tokens: int) -> str | None:
    """A note for a run some of whose answers ended at the token limit: a reasoning model cut
    off inside its reasoning leaves no answer, which the report showed only as unreadable outputs
    of a successful run. Answers cut by the model's context are told apart: more tokens would not
    help them."""
    if not report.truncated:
        return None
    note = (
        f"{report.truncated} of {report.completions} answers were cut off at the token limit ({max_tokens} tokens): "
        "their last item, or the whole answer when the model was still reasoning, is quarantined; "
    )
    if not report.context_cut:
        return note + "raise --max-tokens (a reasoning model needs thousands)"
    return note + (
        f"{report.context_cut} of them ran out of the model's context first (its positions hold the prompt and the "
        "answer), which a higher --max-tokens does not change: fewer few-shot examples (--shots) or a model with a "
        "longer context" + ("; raise --max-tokens for the others" if report.context_cut < report.truncated else "")
    )


def judged_before_note(resumed: int, critic: Critic | None) -> str | None:
    """A note for a rerun that found batches done, when a learned critic judges: their facts keep
    the verdicts given then (a critic trained since judged nothing of them, silently, before)."""
    if not resumed or critic is None or critic.model is None:
        return None
    return (
        f"the {resumed} batch(es) done before keep the verdicts given then; if the critic was trained "
        "again since, `kg critic rescore` judges their facts with it"
    )


def _batch_node(run: ox.NamedNode, index: int) -> ox.NamedNode:
    return _N(f"{run.value}/batch/{index}")


def _objects(store: Store, s: ox.NamedNode, p: Any) -> list[Any]:
    return [q.object for q in store.match(s, _k(p), None, graph="provenance")]


def _done_batches(store: Store, run: ox.NamedNode) -> dict[int, ox.NamedNode]:
    out = {}
    for node in _objects(store, run, KG.batchDone):
        out[int(node.value.rsplit("/", 1)[1])] = node
    return out


def _paid_since_start(store: Store, run: ox.NamedNode, teacher: Teacher) -> None:
    """Tell ``teacher`` when ``run`` began: the answers its cache stored since were paid by this
    run (an attempt whose batch a failed prompt or an interruption left unrecorded), so a
    resumed batch counts their tokens as spent, not as free cache hits."""
    started = _objects(store, run, PROV.startedAtTime)
    if started and isinstance(teacher, CountsResumedSpend):
        teacher.paid_since = datetime.fromisoformat(started[0].value).timestamp()


def _start_run(
    store: Store,
    run: ox.NamedNode,
    *,
    kind: str,
    domain: str,
    domain_digest: str,
    teacher: str,
    config: DistillConfig,
    total_batches: int,
    prompts_json: str | None = None,
    command_key: str | None = None,
    teacher_revision: str | None = None,
    source: RunInput | None = None,
) -> bool:
    """Write the run node unless it exists; True when the run is new. Beside what names the run
    it records the software that ran it (``kg:softwareVersion``: kg's version, its key libraries',
    and each plugin package whose parts were loaded, ``mylab-kg 0.3.1 (plugin)``), the teacher's revision (the
    transcript's digest, the model's weights) and an ingest's ``source``: none of them is part
    of the run's identity. ``domain_digest`` (:attr:`kg.ontology.Domain.digest`, which is part
    of it) says which content of the domain's files the run's facts were checked under."""
    if _objects(store, run, KG.runKind):
        return False
    g = PROVENANCE
    quads = [
        ox.Quad(run, _TYPE, _k(KG.Run), g),
        ox.Quad(run, _TYPE, _k(PROV.Activity), g),
        ox.Quad(run, _k(KG.runKind), ox.Literal(kind), g),
        ox.Quad(run, _k(KG.domain), ox.Literal(domain), g),
        ox.Quad(run, _k(KG.domainDigest), ox.Literal(domain_digest), g),
        ox.Quad(run, _k(KG.teacher), ox.Literal(teacher), g),
        ox.Quad(run, _k(KG.configJson), ox.Literal(config.model_dump_json()), g),
        ox.Quad(run, _k(KG.totalBatches), _int(total_batches), g),
        ox.Quad(run, _k(PROV.startedAtTime), _now(), g),
        ox.Quad(run, _k(KG.softwareVersion), ox.Literal(
            "; ".join([software_version("pyoxigraph", "torch", "transformers"), *(f"{p} (plugin)" for p in loaded_plugins())])
        ), g),
    ]
    if teacher_revision is not None:
        quads.append(ox.Quad(run, _k(KG.teacherRevision), ox.Literal(teacher_revision), g))
    if source is not None:
        quads.extend(source.quads(run))
    if prompts_json is not None:
        quads.append(ox.Quad(run, _k(KG.promptsJson), ox.Literal(prompts_json), g))
    if command_key is not None:
        quads.append(ox.Quad(run, _k(KG.commandKey), ox.Literal(command_key), g))
    folder = _domain_folder(config.domain)
    if folder is not None:
        quads.append(ox.Quad(run, _k(KG.domainFolder), ox.Literal(folder), g))
    store.add_quads(quads)
    return True


@dataclass(frozen=True)
class RunInput:
    """What an ingest read: the file's absolute path, its digest (``sha1:HEX``, what names the
    run) and the options it was read with."""

    path: str
    digest: str | None
    format: str | None
    sources: tuple[str, ...]
    limit: int | None

    def quads(self, run: ox.NamedNode) -> list[ox.Quad]:
        g = PROVENANCE
        out = [ox.Quad(run, _k(KG.inputFile), ox.Literal(self.path), g)]
        if self.digest is not None:
            out.append(ox.Quad(run, _k(KG.inputDigest), ox.Literal(self.digest), g))
        options = {"format": self.format, "sources": list(self.sources), "limit": self.limit}
        out.append(ox.Quad(run, _k(KG.inputOptionsJson), ox.Literal(json.dumps(options)), g))
        return out


def _domain_folder(spec: object) -> str | None:
    """The absolute path of the domain folder ``spec`` names (as given: relative to the
    directory the command runs in), or None: recorded with the run, so that a command run from
    another directory still finds the store's domain."""
    if not isinstance(spec, (str, Path)) or not str(spec):
        return None
    try:
        return str(resolve_domain_path(spec).resolve())
    except (ConfigError, OSError):
        return None


@dataclass
class _BatchCounts:
    prompts: int = 0
    completions: int = 0
    candidates: int = 0
    unreadable: int = 0
    no_answers: int = 0
    accepted: int = 0
    rejected: int = 0
    new_triples: int = 0
    cache_hits: int = 0
    tokens: int = 0
    truncated: int = 0
    requests: int = 0
    retries: int = 0
    failed_prompts: int = 0
    reasons: Counter = field(default_factory=Counter)
    reference: Counter = field(default_factory=Counter)  # accepted candidates per kg.records.ReferenceWord
    seconds: float = 0.0

    def quads(self, run: ox.NamedNode, node: ox.NamedNode, index: int, *, done: bool = True) -> list[ox.Quad]:
        """The batch's record; ``done=False``: of a batch some of whose prompts failed (what it
        wrote is counted, and a rerun asks it again)."""
        g = PROVENANCE
        out = [
            ox.Quad(run, _k(KG.batchDone if done else KG.batchUnfinished), node, g),
            ox.Quad(node, _TYPE, _k(KG.Batch), g),
            ox.Quad(node, _k(KG.batchIndex), _int(index), g),
            ox.Quad(node, _k(PROV.endedAtTime), _now(), g),
            ox.Quad(node, _k(KG.seconds), ox.Literal(repr(round(self.seconds, 4)), datatype=_DOUBLE), g),
            ox.Quad(node, _k(KG.reasonsJson), ox.Literal(json.dumps(dict(sorted(self.reasons.items())))), g),
        ]
        if self.reference:
            out.append(ox.Quad(node, _k(KG.referenceJson), ox.Literal(json.dumps(dict(sorted(self.reference.items())))), g))
        for attr, term in _COUNT_TERMS:
            out.append(ox.Quad(node, _k(term), _int(getattr(self, attr)), g))
        return out


_COUNT_TERMS = (
    ("prompts", KG.promptCount),
    ("completions", KG.completionCount),
    ("candidates", KG.candidateCount),
    ("unreadable", KG.unreadableCount),
    ("no_answers", KG.noAnswerCount),
    ("accepted", KG.acceptedCount),
    ("rejected", KG.rejectedCount),
    ("new_triples", KG.newTripleCount),
    ("cache_hits", KG.cacheHits),
    ("tokens", KG.tokenCount),
    ("truncated", KG.truncatedCount),
    ("requests", KG.requestCount),
    ("retries", KG.retryCount),
)


def report_extraction(report: RunReport, counts: ExtractionCounts, domain: Domain | None) -> None:
    """What this invocation's extractor dropped (``report.dropped``), the extractors that failed
    (``report.extractor_errors``), and a note naming the
    relations its prompts or rows gave that the domain does not know (their answers were kept
    as unreadable), with the ones it has."""
    report.dropped = dict(sorted(counts.dropped.items()))
    for name, errors in sorted(counts.extractor_errors.items()):
        entry = extractor_registry.entries().get(name)
        origin = f" ({entry.origin})" if entry is not None and entry.origin != "built in" else ""
        (error, _), failed = Counter(errors).most_common(1)[0], sum(errors.values())
        report.extractor_errors.append(
            f"the extractor {name!r}{origin} failed on {failed:,} of {counts.answers_by_extractor.get(name, failed):,} "
            f"answers it was given (each kept as unreadable, with the error): {error}"
            + (f" and {len(errors) - 1} other error(s)" if len(errors) > 1 else "")
        )
    unknown: Mapping[str, int] = counts.unknown_relations
    if not unknown:
        return
    ranked = sorted(unknown.items(), key=lambda item: (-item[1], item[0]))
    near = {name: domain.nearest_relation(name) if domain is not None else None for name, _n in ranked[:8]}
    given = ", ".join(f"{name!r} ({n:,}{f'; did you mean {near[name]!r}?' if near[name] else ''})" for name, n in ranked[:8])
    given += f" and {len(ranked) - 8} more" if len(ranked) > 8 else ""
    known = ", ".join(sorted(domain.relations)) if domain is not None else ""
    report.notes.append(
        f"unknown relations, their answers kept as unreadable: {given}; the domain's relations are {known or 'none'} "
        "(by name, label, synonym, IRI or prefixed name)"
    )


def _totals(store: Store, run: ox.NamedNode, report: RunReport) -> None:
    """Fill the report's counts from the run's batch nodes (the whole run, resumed or not)."""
    sums = " ".join(
        f"(SUM(COALESCE(?{attr}_, 0)) AS ?{attr})" for attr, _ in _COUNT_TERMS + (("inferred", None),)
    )
    opts = " ".join(
        f"OPTIONAL {{ ?b <{term}> ?{attr}_ }}" for attr, term in _COUNT_TERMS + (("inferred", KG.inferredCount),)
    )
    sparql = f"SELECT {sums} WHERE {{ {run} <{KG.batchDone}>|<{KG.batchUnfinished}> ?b . {opts} }}"
    result = store.query(sparql, graph="provenance")
    row = next(iter(result), None)
    if row is not None:
        for name, value in zip(result.variables, row):
            if value is not None:
                setattr(report, name, int(float(value.value)))
    reasons: Counter = Counter()
    reference: Counter = Counter()
    for node in [*_done_batches(store, run).values(), *_objects(store, run, KG.batchUnfinished)]:
        for lit in _objects(store, node, KG.reasonsJson):
            reasons.update(json.loads(lit.value))
        for lit in _objects(store, node, KG.referenceJson):
            reference.update(json.loads(lit.value))
    report.rejected_by_reason = dict(reasons.most_common())
    unchecked = report.accepted - sum(reference.values())
    if reference and unchecked > 0:  # of a relation the reference holds no value of: counted, so the words add up
        reference[NOT_CHECKED] = unchecked
    report.accepted_by_reference = dict(sorted(reference.items()))


def _finish_run(store: Store, run: ox.NamedNode, *, total_batches: int | None = None) -> None:
    """Mark the run ended (once); ``total_batches``: its count of batches, known only now (an
    ingest's, which reads its file as it goes), replaces the one it started with."""
    if total_batches is not None:
        old = [q for q in store.match(run, _k(KG.totalBatches), None, graph="provenance") if q.object != _int(total_batches)]
        if old:
            store.remove_quads(old)
            store.add_quads([ox.Quad(run, _k(KG.totalBatches), _int(total_batches), PROVENANCE)])
    if not _objects(store, run, PROV.endedAtTime):
        store.add_quads([ox.Quad(run, _k(PROV.endedAtTime), _now(), PROVENANCE)])


def run_history(store: Store) -> list[dict[str, Any]]:
    """Every run in the store, oldest first: its IRI and ``id`` (what ``kg retract`` takes),
    kind, start/end time, batches and counts (what its batch nodes record: prompts,
    completions, candidates, unreadable outputs, accepted, rejected, new, inferred, cache hits,
    tokens, requests to the teacher and retries of them: 0 before 2026-12-06), when a retraction withdrew it, its ``status`` (``finished``, ``unfinished`` or
    ``retracted``; ``ended`` is None until it finishes) and, for an unfinished distillation,
    ``answered_since``: the later runs that answered every question it left unanswered (empty
    when none did)."""
    sparql = f"""
    SELECT ?run ?kind ?started ?ended ?domain ?teacher
           (COUNT(DISTINCT ?b) AS ?batches) (SUM(COALESCE(?a_, 0)) AS ?accepted)
           (SUM(COALESCE(?r_, 0)) AS ?rejected) (SUM(COALESCE(?n_, 0)) AS ?new)
           (SUM(COALESCE(?i_, 0)) AS ?inferred) (SUM(COALESCE(?c_, 0)) AS ?candidates)
           (SUM(COALESCE(?u_, 0)) AS ?unreadable) (SUM(COALESCE(?p_, 0)) AS ?prompts)
           (SUM(COALESCE(?o_, 0)) AS ?completions) (SUM(COALESCE(?h_, 0)) AS ?cache_hits)
           (SUM(COALESCE(?t_, 0)) AS ?tokens) (SUM(COALESCE(?q_, 0)) AS ?requests) (SUM(COALESCE(?y_, 0)) AS ?retries)
    WHERE {{
      ?run a <{KG.Run}> ; <{KG.runKind}> ?kind ; <{PROV.startedAtTime}> ?started .
      OPTIONAL {{ ?run <{PROV.endedAtTime}> ?ended }}
      OPTIONAL {{ ?run <{KG.domain}> ?domain }}
      OPTIONAL {{ ?run <{KG.teacher}> ?teacher }}
      OPTIONAL {{ ?run <{KG.batchDone}>|<{KG.batchUnfinished}> ?b .
                 OPTIONAL {{ ?b <{KG.acceptedCount}> ?a_ }} OPTIONAL {{ ?b <{KG.rejectedCount}> ?r_ }}
                 OPTIONAL {{ ?b <{KG.newTripleCount}> ?n_ }} OPTIONAL {{ ?b <{KG.inferredCount}> ?i_ }}
                 OPTIONAL {{ ?b <{KG.candidateCount}> ?c_ }} OPTIONAL {{ ?b <{KG.unreadableCount}> ?u_ }}
                 OPTIONAL {{ ?b <{KG.promptCount}> ?p_ }} OPTIONAL {{ ?b <{KG.completionCount}> ?o_ }}
                 OPTIONAL {{ ?b <{KG.cacheHits}> ?h_ }} OPTIONAL {{ ?b <{KG.tokenCount}> ?t_ }}
                 OPTIONAL {{ ?b <{KG.requestCount}> ?q_ }} OPTIONAL {{ ?b <{KG.retryCount}> ?y_ }} }}
    }} GROUP BY ?run ?kind ?started ?ended ?domain ?teacher ORDER BY ?started ?run
    """
    retracted = {
        str(row["run"]): str(row["when"])
        for row in store.query(
            f"SELECT ?run (MIN(?t) AS ?when) WHERE {{ ?run a <{KG.Run}> ; <{KG.retractedBy}> ?by . "
            f"?by <{PROV.startedAtTime}> ?t }} GROUP BY ?run", graph="provenance",
        ).bindings()
    }
    out = []
    for row in store.query(sparql, graph="provenance").bindings():
        text = ("run", "kind", "started", "ended", "domain", "teacher")
        item: dict[str, Any] = dict.fromkeys(text)  # every run has every key: None where unknown (an unfinished run's end)
        item.update({k: (str(v) if k in text else int(float(str(v)))) for k, v in row.items()})
        item["id"] = item["run"].removeprefix(str(RUN))
        item["retracted"] = retracted.get(item["run"])
        item["status"] = "retracted" if item["retracted"] else "finished" if item["ended"] else "unfinished"
        item.update(_recorded(store, _N(item["run"])))
        item.update(_spend(store, item["run"]))
        out.append(item)
    for item in out:
        item["answered_since"] = _answered_since(store, item, out) if item["status"] == "unfinished" else []
    return out


def _asked(store: Store, run: ox.NamedNode, *, done: bool) -> set[tuple[str, str]] | None:
    """The (head, relation) questions of a grid distillation's batches that are done (``done``)
    or not done, read from the prompts it saved and its batch size; None for a run that saved
    no prompts (an ingest, a strategy's rounds) or no batch size."""
    saved, config = _objects(store, run, KG.promptsJson), _objects(store, run, KG.configJson)
    try:
        prompts = json.loads(saved[0].value) if saved else None
        size = int(json.loads(config[0].value)["run"]["batch_size"]) if config else 0
    except (ValueError, KeyError, TypeError):
        return None
    if not prompts or size < 1:
        return None
    finished = _done_batches(store, run)
    return {
        (str(p.get("head")), str(p.get("relation")))
        for i, p in enumerate(prompts)
        if p.get("head") and p.get("relation") and ((i // size) in finished) == done
    }


def _answered_since(store: Store, run: dict[str, Any], runs: Sequence[dict[str, Any]]) -> list[str]:
    """The ids of the later runs (same kind, domain and teacher, not retracted) whose finished
    batches asked every question an unfinished distillation left unanswered: a run of a changed
    command (a seed file with more heads) answered them, so rerunning the old command is not
    needed. Empty when some question is still unanswered, or it cannot be told."""
    missing = _asked(store, _N(run["run"]), done=False)
    if not missing:
        return []
    by: list[str] = []
    for later in runs:
        if later["started"] <= run["started"] or later["retracted"] or (later["kind"], later["domain"], later["teacher"]) != (
            run["kind"], run["domain"], run["teacher"]
        ):
            continue
        answered = _asked(store, _N(later["run"]), done=True) or set()
        if missing & answered:
            by.append(later["id"])
            missing -= answered
        if not missing:
            return by
    return []


def _recorded(store: Store, run: ox.NamedNode) -> dict[str, Any]:
    """The run's ``software`` and ``teacher_revision``, and an ingest's ``input`` (path, digest,
    format, sources, limit); None where the run did not record it (one from an older version)."""

    def one(term: Any) -> str | None:
        found = _objects(store, run, term)
        return str(found[0].value) if found else None

    path = one(KG.inputFile)
    source: dict[str, Any] | None = None
    if path is not None:
        source = {"path": path, "digest": one(KG.inputDigest), **json.loads(one(KG.inputOptionsJson) or "{}")}
    return {"software": one(KG.softwareVersion), "teacher_revision": one(KG.teacherRevision), "input": source}


def _spend(store: Store, run: str) -> dict[str, Any]:
    """A budgeted run's ``strategy``, ``budget`` and ``spent`` teacher calls (the prompts its
    rounds chose, times its samples: what `kg distill --budget` counts), or nothing for a run
    without a budget."""
    config = _objects(store, _N(run), KG.configJson)
    try:
        settings = json.loads(config[0].value) if config else {}
    except ValueError:
        return {}
    strategy = settings.get("strategy") or {}
    if not strategy.get("budget"):
        return {}
    samples = int((settings.get("teacher") or {}).get("samples") or 1)
    chosen = 0
    for index in range(int(strategy.get("rounds") or 0)):
        saved = _objects(store, _batch_node(_N(run), index), KG.promptsJson)
        if not saved:
            break
        chosen += len(json.loads(saved[0].value))
    return {"strategy": strategy.get("kind"), "budget": int(strategy["budget"]), "spent": chosen * samples}


def _tally(counts: _BatchCounts, verdicts: Sequence[Verdict]) -> None:
    """Count verdicts into ``counts`` as :func:`_write_batch` does: accepted, rejected and each
    check that rejected a candidate (one several checks rejected counts under each, as `kg
    report` counts them)."""
    counts.candidates += len(verdicts)
    for v in verdicts:
        if v.accepted:
            counts.accepted += 1
            if v.reference is not None:
                counts.reference[v.reference] += 1
        else:
            counts.rejected += 1
            counts.reasons.update({r.check for r in v.reasons})


def _student_counts(counts: _BatchCounts) -> dict[str, Any]:
    return {
        "accepted": counts.accepted,
        "rejected": counts.rejected,
        "new_triples": counts.new_triples,
        "rejected_by_reason": dict(counts.reasons.most_common()),
    }


# -- ingest -------------------------------------------------------------------------------------


def _chunks(seq: Sequence[Any], size: int) -> Iterator[tuple[int, Sequence[Any]]]:
    for i in range(0, len(seq), size):
        yield i // size, seq[i : i + size]


@contextlib.contextmanager
def _run_store(store: Store | str | Path) -> Iterator[Store]:
    """``store`` itself when it is open (the caller closes it); else the store at that location,
    opened (created when there is none) and closed at the end. A store this call created is
    removed again when the run fails before writing anything to it, so a mistyped domain,
    teacher or transcript is an error that leaves no empty store behind."""
    if isinstance(store, Store):
        yield store
        return
    location = str(store)
    created = not location.startswith(("http://", "https://")) and not Path(location).exists()
    st = init_store(location) if created else open_store(location)
    finished = False
    try:
        yield st
        finished = True
    finally:
        unused = created and not finished and _holds_nothing(st)
        st.close()
        if unused:
            shutil.rmtree(location, ignore_errors=True)


def _holds_nothing(store: Store) -> bool:
    """Whether no graph of ``store`` holds a triple (False when that cannot be read)."""
    try:
        return store.is_empty(*GRAPH_NAMES)
    except (KGError, OSError):  # a store broken by the failure: keep it, and let the first error speak
        return False




@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Rarer garbage collections for the length of a run: a run keeps many long-lived objects
    (caches, the ontology, the reference graph) and allocates millions of short-lived ones.
    Python's default thresholds made full collections ~10% of an ingest's time (19 in a
    26.6k-candidate run; 1 with these); young collections every 700 allocations still took
    ~15% of the CPU time of the 106k-candidate bench (4,900 of them; 200 with these)."""
    before = gc.get_threshold()
    gc.set_threshold(20_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
