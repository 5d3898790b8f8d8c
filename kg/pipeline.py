"""The distillation run: prompts → teacher → extractors → validation → reasoner → critic → store.

>>> from kg.config import load_config
>>> from kg.pipeline import distill
>>> report = distill(load_config(None, {"domain": "ontologies/geography",
...                                     "teacher.spec": "replay:transcript.jsonl",
...                                     "store": "geo-store"}))   # doctest: +SKIP
>>> report.accepted                                                  # doctest: +SKIP

One call over swappable parts (:class:`Parts`): each part not given is resolved from the
configuration (``kg.ontology``, ``kg.teachers``, ``extractors``, ``kg.validate``,
``reasoners.conflicts``, ``reasoners.rules``, :mod:`kg.critic`).

Batches and resume
------------------
The run's prompts are fixed when the run starts and saved on its ``kg:Run`` node (the run's IRI
is a hash of its configuration and seeds, so the same command names the same run). They are cut
into batches of ``run.batch_size`` prompts. Each batch is one transaction: its verdicts, its
unreadable outputs and a ``kg:Batch`` node (``run kg:batchDone batch``, with the batch's
counts) go into the store in one ``add_nquads`` call (journaled, see :mod:`kg.store`). After a crash the store holds whole batches
only; rerunning the same command skips the finished batches without asking the teacher, and
the teacher's SQLite cache answers what the interrupted batch had already been told.

Inference (``reasoners.rules.Materializer.derive``) runs before each batch's write, and its
result goes into the same ``add_nquads`` call, with ``kg:inferredCount`` on the batch node. Only
when asserted triples of the batch were inferred before (they must leave ``inferred``) is the
removal, and then the mark, a second write; a batch found finished but not marked on resume makes
the run rebuild the ``inferred`` graph once (it is derived data).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import itertools
import json
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, cast

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from kg.config import DistillConfig, load_config, user_cache_dir
from kg.critic import Critic, CriticEvaluation, evaluate, load_labels
from kg.errors import ConfigError, FormatError, KGError
from kg.lines import MAX_DOCUMENT, read_lines
from kg.namespaces import KG, PROV, RUN
from kg.provenance import ACCEPTED, PROVENANCE, batch_nquads, parse_nquads, triples_nquads
from kg.records import SURROGATES, Candidate, Completion, Unreadable, Verdict
from kg.store import EmbeddedStore, Store, init_store, open_store

__all__ = [
    "Parts",
    "RunReport",
    "ProgressSink",
    "distill",
    "ingest",
    "make_check",
    "run_history",
    "resolve_parts",
]

ProgressSink = Callable[..., None]
"""``progress(stage, advance=0, total=None)``: told how far each stage is (CLI: rich bars)."""

_N = ox.NamedNode
_TYPE = _N(str(RDF.type))
_INT = _N(str(XSD.integer))
_DOUBLE = _N(str(XSD.double))
_DATETIME = _N(str(XSD.dateTime))
_LABEL = RDFS.label  # rdflib namespace attributes are slow to look up


def _k(term: Any) -> ox.NamedNode:
    return _N(str(term))


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=_INT)


def _now() -> ox.Literal:
    return ox.Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=_DATETIME)


# -- the parts ---------------------------------------------------------------------------------


@dataclass
class Parts:
    """The swappable parts of a run. ``None`` means: resolve from the configuration.

    ``extract(completion, prompt, domain, store=...)`` reads candidates (default: one
    ``extractors.Extractor`` per run, also kept as ``extractor``); ``validator.validate``,
    ``conflicts.resolve`` and ``materializer.add/rebuild`` follow docs/INTERFACES.md.
    """

    domain: Any = None
    teacher: Any = None
    extract: Callable[..., list] | None = None
    validator: Any = None
    conflicts: Any = None
    materializer: Any = None
    critic: Critic | None = None
    notes: list[str] = field(default_factory=list)
    extractor: Any = None
    proposers: Sequence[Any] | None = None
    """``--strategy active``: students whose proposals feed the signals (``kg.active.Proposer``);
    None: trained on the store each round (``strategy.students``)."""


def _required(module: str, attr: str, what: str, hint: str = "") -> Any:
    """``module.attr``, or a :class:`ConfigError` saying what cannot run without it (a part that
    fails to import is never skipped: for a checker, that would let facts in unchecked)."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            raise ConfigError(f"{what} needs {module}, which is not installed in this checkout{hint}") from None
        raise ConfigError(f"{what} needs {module}, which failed to import ({type(exc).__name__}: {exc}){hint}") from None
    try:
        return getattr(mod, attr)
    except AttributeError:
        raise ConfigError(f"{what} needs {module}.{attr}, which this checkout lacks{hint}") from None


def load_domain(path: str | Path) -> Any:
    """A domain by folder or shipped name (``kg.ontology.load_domain``)."""
    if not str(path):
        raise ConfigError("no domain given; pass --domain ontologies/NAME or set domain in kg.toml")
    return _required("kg.ontology", "load_domain", "loading a domain")(str(path))


def teacher_cache_path(config: DistillConfig) -> Path | None:
    """Where the teacher's answers are cached: ``teacher.cache`` when set; else with the store
    (``STORE/teacher-cache.sqlite``); for a remote store (an endpoint URL), in the user's cache
    folder, one file per endpoint (``<user cache>/teacher-cache/<hash of the URL>.sqlite``),
    never the current directory. None with ``teacher.no_cache``."""
    if config.teacher.no_cache:
        return None
    if config.teacher.cache:
        return Path(config.teacher.cache)
    location = str(config.store)
    if location.startswith(("http://", "https://")):
        digest = hashlib.sha256(location.rstrip("/").encode("utf-8")).hexdigest()[:16]
        return user_cache_dir() / "teacher-cache" / f"{digest}.sqlite"
    return Path(location) / "teacher-cache.sqlite"


def resolve_parts(
    config: DistillConfig, store: Store, parts: Parts | None = None, *, need_teacher: bool = True
) -> Parts:
    """Fill every part not given from the configuration."""
    p = parts or Parts()
    notes = list(p.notes)
    domain = p.domain if p.domain is not None else load_domain(config.domain)
    teacher = p.teacher
    if teacher is None and need_teacher:
        if not config.teacher.spec:
            raise ConfigError("no teacher given; pass --teacher replay:PATH|openai:MODEL@URL|hf:PATH")
        make_teacher = _required("kg.teachers", "make_teacher", "the teacher")
        teacher = make_teacher(
            config.teacher.spec,
            cache_path=teacher_cache_path(config),
            no_cache=config.teacher.no_cache,
            **config.teacher.options(),
        )
    extract = p.extract
    extractor = p.extractor
    if extract is None:
        if extractor is None:
            cls = _required("extractors", "Extractor", "reading teacher output")
            extractor = cls(domain, store)  # one per run: keeps the normaliser and spaCy loaded
        worker = extractor

        def extract(completion: Completion, prompt: Any, domain: Any, *, store: Any = None) -> list:
            return worker.extract(completion, prompt)
    # a checker that cannot be imported is an error, never an open gate: facts would be let in
    # unchecked (so is the reasoner, when inference is asked for: --no-materialize skips it)
    validator = p.validator
    if validator is None:
        validator = _required("kg.validate", "Validator", "validation")(domain, store)
    conflicts = p.conflicts
    if conflicts is None:
        conflicts = _required("reasoners.conflicts", "ConflictChecker", "conflict resolution")(domain, store)
    materializer = p.materializer
    if materializer is None and config.run.materialize:
        materializer = _required("reasoners.rules", "Materializer", "inference", "; or pass --no-materialize")(domain, store)
    critic = p.critic
    if critic is None:
        from kg.critics import load_judge

        judge = load_judge(
            config.critic.model, store=config.store, quantize=config.critic.quantize, teacher=teacher, domain=domain
        )
        if judge is None and config.critic.model == "auto" and _open_world(domain):
            notes.append(
                "no learned critic: open-world facts are judged by the signals' weighted mean only; "
                "train one with `kg critic train --store STORE`"
            )
        critic = Critic.from_config(config.critic, domain=domain, model=judge)
    return Parts(domain, teacher, extract, validator, conflicts, materializer, critic, notes, extractor, p.proposers)


def _open_world(domain: Any) -> bool:
    """A domain without a reference graph: nothing but a learned critic can refute its facts."""
    return getattr(domain, "reference", None) is None


def make_check(parts: Parts, store: Store | None = None) -> Callable[[list[Candidate]], list[Verdict]]:
    """The checks of a run as one callable (validation + conflicts + critic), for students
    whose predictions re-enter as candidates."""

    def check(candidates: list[Candidate]) -> list[Verdict]:
        for part in (parts.validator, parts.conflicts, parts.materializer):
            forget = getattr(part, "forget", None)
            if forget is not None:
                forget()  # a student's caller writes what it keeps itself, untracked
        return _check(list(candidates), parts, {})

    return check


def _track_writes(parts: Parts, store: Store) -> None:
    """Let the run's checks remember entities across batches: every write of the run goes
    through :func:`_write_batch`, which reports it (``Validator.observe``; the materializer
    derives each batch's inferences itself). Only on the embedded store, which one process
    holds at a time: other clients may write to a SPARQL endpoint during the run, so there
    each batch asks the store afresh."""
    if not isinstance(store, EmbeddedStore):
        return
    for part in (parts.validator, parts.conflicts, parts.materializer, _normalizer(parts)):
        track = getattr(part, "track_writes", None)
        if track is not None:
            track()


def _normalizer(parts: Parts) -> Any:
    """The run's label normaliser (entity resolution), when its extractor has one."""
    return getattr(parts.extractor, "normalizer", None)


def _representatives(candidates: list[Candidate]) -> tuple[list[Candidate], list[int]]:
    """One candidate per distinct triple, the best-supported first, and for each candidate
    the index of its representative.

    The checks judge a batch as if its candidates were written one after another (of two
    conflicting values the earlier wins), so the triple most samples and prompts agree on goes
    first; duplicates are judged once and share the verdict.
    """
    first: dict[tuple, int] = {}
    support: dict[tuple, set] = {}
    for i, c in enumerate(candidates):
        key = c.triple
        first.setdefault(key, i)
        comp = c.completion
        support.setdefault(key, set()).add((comp.prompt_id, comp.sample_index) if comp else i)
    order = sorted(first, key=lambda k: (-len(support[k]), first[k]))
    rank = {key: r for r, key in enumerate(order)}
    reps = [candidates[first[key]] for key in order]
    return reps, [rank[c.triple] for c in candidates]


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


def _check(
    candidates: list[Candidate],
    parts: Parts,
    samples_per_prompt: dict[str, int],
    stages: dict[str, float] | None = None,
) -> list[Verdict]:
    if not candidates:
        return []
    clock = _Clock(stages)
    reps, index = _representatives(candidates)
    clock.lap("dedupe")
    if parts.validator is not None:
        judged = list(parts.validator.validate(reps))
        if len(judged) != len(reps):
            raise KGError("the validator returned a different number of verdicts than candidates")
    else:
        judged = [Verdict.accept(c, 1.0) for c in reps]
    clock.lap("validate")
    if parts.conflicts is not None:
        judged = list(parts.conflicts.resolve(judged))
        if len(judged) != len(reps):
            raise KGError("the conflict checker returned a different number of verdicts than it was given")
    clock.lap("conflicts")
    verdicts = [
        judged[r] if judged[r].candidate is c else replace(judged[r], candidate=c)
        for c, r in zip(candidates, index)
    ]
    critic = parts.critic or Critic()
    out = critic.judge(verdicts, samples_per_prompt=samples_per_prompt)
    clock.lap("critic")
    return out


# -- the report ---------------------------------------------------------------------------------


FUNNEL = (
    ("prompts", "prompts"),
    ("completions", "completions"),
    ("candidates", "candidates"),
    ("unreadable", "unreadable outputs"),
    ("accepted", "accepted"),
    ("rejected", "rejected"),
    ("new_triples", "new triples"),
    ("inferred", "inferred"),
    ("cache_hits", "cache hits"),
    ("tokens", "tokens"),
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
    accepted: int = 0
    rejected: int = 0
    new_triples: int = 0
    inferred: int = 0
    cache_hits: int = 0
    tokens: int = 0
    failed_prompts: int = 0
    asked_prompts: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
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


def _batch_node(run: ox.NamedNode, index: int) -> ox.NamedNode:
    return _N(f"{run.value}/batch/{index}")


def _objects(store: Store, s: ox.NamedNode, p: Any) -> list[Any]:
    return [q.object for q in store.match(s, _k(p), None, graph="provenance")]


def _done_batches(store: Store, run: ox.NamedNode) -> dict[int, ox.NamedNode]:
    out = {}
    for node in _objects(store, run, KG.batchDone):
        out[int(node.value.rsplit("/", 1)[1])] = node
    return out


def _start_run(
    store: Store,
    run: ox.NamedNode,
    *,
    kind: str,
    domain: str,
    teacher: str,
    config: DistillConfig,
    total_batches: int,
    prompts_json: str | None = None,
) -> bool:
    """Write the run node unless it exists; True when the run is new."""
    if _objects(store, run, KG.runKind):
        return False
    g = PROVENANCE
    quads = [
        ox.Quad(run, _TYPE, _k(KG.Run), g),
        ox.Quad(run, _TYPE, _k(PROV.Activity), g),
        ox.Quad(run, _k(KG.runKind), ox.Literal(kind), g),
        ox.Quad(run, _k(KG.domain), ox.Literal(domain), g),
        ox.Quad(run, _k(KG.teacher), ox.Literal(teacher), g),
        ox.Quad(run, _k(KG.configJson), ox.Literal(config.model_dump_json()), g),
        ox.Quad(run, _k(KG.totalBatches), _int(total_batches), g),
        ox.Quad(run, _k(PROV.startedAtTime), _now(), g),
    ]
    if prompts_json is not None:
        quads.append(ox.Quad(run, _k(KG.promptsJson), ox.Literal(prompts_json), g))
    store.add_quads(quads)
    return True


@dataclass
class _BatchCounts:
    prompts: int = 0
    completions: int = 0
    candidates: int = 0
    unreadable: int = 0
    accepted: int = 0
    rejected: int = 0
    new_triples: int = 0
    cache_hits: int = 0
    tokens: int = 0
    failed_prompts: int = 0
    reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def quads(self, run: ox.NamedNode, node: ox.NamedNode, index: int) -> list[ox.Quad]:
        g = PROVENANCE
        out = [
            ox.Quad(run, _k(KG.batchDone), node, g),
            ox.Quad(node, _TYPE, _k(KG.Batch), g),
            ox.Quad(node, _k(KG.batchIndex), _int(index), g),
            ox.Quad(node, _k(PROV.endedAtTime), _now(), g),
            ox.Quad(node, _k(KG.seconds), ox.Literal(repr(round(self.seconds, 4)), datatype=_DOUBLE), g),
            ox.Quad(node, _k(KG.reasonsJson), ox.Literal(json.dumps(dict(sorted(self.reasons.items())))), g),
        ]
        for attr, term in _COUNT_TERMS:
            out.append(ox.Quad(node, _k(term), _int(getattr(self, attr)), g))
        return out


_COUNT_TERMS = (
    ("prompts", KG.promptCount),
    ("completions", KG.completionCount),
    ("candidates", KG.candidateCount),
    ("unreadable", KG.unreadableCount),
    ("accepted", KG.acceptedCount),
    ("rejected", KG.rejectedCount),
    ("new_triples", KG.newTripleCount),
    ("cache_hits", KG.cacheHits),
    ("tokens", KG.tokenCount),
)


def _totals(store: Store, run: ox.NamedNode, report: RunReport) -> None:
    """Fill the report's counts from the run's batch nodes (the whole run, resumed or not)."""
    sums = " ".join(
        f"(SUM(COALESCE(?{attr}_, 0)) AS ?{attr})" for attr, _ in _COUNT_TERMS + (("inferred", None),)
    )
    opts = " ".join(
        f"OPTIONAL {{ ?b <{term}> ?{attr}_ }}" for attr, term in _COUNT_TERMS + (("inferred", KG.inferredCount),)
    )
    sparql = f"SELECT {sums} WHERE {{ {run} <{KG.batchDone}> ?b . {opts} }}"
    result = store.query(sparql, graph="provenance")
    row = next(iter(result), None)
    if row is not None:
        for name, value in zip(result.variables, row):
            if value is not None:
                setattr(report, name, int(float(value.value)))
    reasons: Counter = Counter()
    for node in _done_batches(store, run).values():
        for lit in _objects(store, node, KG.reasonsJson):
            reasons.update(json.loads(lit.value))
    report.rejected_by_reason = dict(reasons.most_common())


def _finish_run(store: Store, run: ox.NamedNode) -> None:
    if not _objects(store, run, PROV.endedAtTime):
        store.add_quads([ox.Quad(run, _k(PROV.endedAtTime), _now(), PROVENANCE)])


def run_history(store: Store) -> list[dict[str, Any]]:
    """Every run in the store, oldest first: kind, start/end time, batches and counts."""
    sparql = f"""
    SELECT ?run ?kind ?started ?ended ?domain ?teacher
           (COUNT(DISTINCT ?b) AS ?batches) (SUM(COALESCE(?a_, 0)) AS ?accepted)
           (SUM(COALESCE(?r_, 0)) AS ?rejected) (SUM(COALESCE(?n_, 0)) AS ?new)
           (SUM(COALESCE(?i_, 0)) AS ?inferred) (SUM(COALESCE(?c_, 0)) AS ?candidates)
    WHERE {{
      ?run a <{KG.Run}> ; <{KG.runKind}> ?kind ; <{PROV.startedAtTime}> ?started .
      OPTIONAL {{ ?run <{PROV.endedAtTime}> ?ended }}
      OPTIONAL {{ ?run <{KG.domain}> ?domain }}
      OPTIONAL {{ ?run <{KG.teacher}> ?teacher }}
      OPTIONAL {{ ?run <{KG.batchDone}> ?b .
                 OPTIONAL {{ ?b <{KG.acceptedCount}> ?a_ }} OPTIONAL {{ ?b <{KG.rejectedCount}> ?r_ }}
                 OPTIONAL {{ ?b <{KG.newTripleCount}> ?n_ }} OPTIONAL {{ ?b <{KG.inferredCount}> ?i_ }}
                 OPTIONAL {{ ?b <{KG.candidateCount}> ?c_ }} }}
    }} GROUP BY ?run ?kind ?started ?ended ?domain ?teacher ORDER BY ?started ?run
    """
    out = []
    for row in store.query(sparql, graph="provenance").bindings():
        item: dict[str, Any] = {k: (str(v) if k in ("run", "kind", "started", "ended", "domain", "teacher") else int(float(str(v)))) for k, v in row.items()}
        out.append(item)
    return out


# -- the batch step -----------------------------------------------------------------------------


def _new_triples(store: Store, verdicts: Sequence[Verdict]) -> list[tuple]:
    """Distinct accepted triples of a batch that the store does not hold yet."""
    seen: set = set()
    out = []
    raw = store.raw if isinstance(store, EmbeddedStore) else None
    for v in verdicts:
        if not v.accepted:
            continue
        t = v.candidate.triple
        if t in seen:
            continue
        seen.add(t)
        if raw is not None:
            from kg.terms import to_ox

            # an accepted candidate's subject is an IRI or a blank node and its predicate an IRI
            s, p = cast("ox.NamedNode | ox.BlankNode", to_ox(t[0])), cast(ox.NamedNode, to_ox(t[1]))
            quad = ox.Quad(s, p, to_ox(t[2]), ACCEPTED)
            if quad in raw:
                continue
        elif next(iter(store.match(*t, graph="accepted")), None) is not None:
            continue
        out.append(t)
    return out


def _commit_batch(
    store: Store,
    parts: Parts,
    run: ox.NamedNode,
    index: int,
    items: Sequence[Candidate | Unreadable],
    counts: _BatchCounts,
    samples_per_prompt: dict[str, int],
    progress: ProgressSink | None,
    collect: list[Verdict] | None,
    stages: dict[str, float] | None = None,
    *,
    done: bool = True,
) -> _BatchCounts:
    """Check a batch and write it (:func:`_write_batch`)."""
    start = time.perf_counter()
    candidates = [x for x in items if isinstance(x, Candidate)]
    unreadable = [x for x in items if isinstance(x, Unreadable)]
    verdicts = _check(candidates, parts, samples_per_prompt, stages)
    if progress:
        progress("check", len(candidates))
    if collect is not None:
        collect.extend(verdicts)
    counts.seconds += time.perf_counter() - start
    return _write_batch(
        store, parts, run, index, verdicts, unreadable, counts, stages=stages, done=done,
        progress=progress,
    )


def _write_batch(
    store: Store,
    parts: Parts,
    run: ox.NamedNode,
    index: int,
    verdicts: Sequence[Verdict],
    unreadable: Sequence[Unreadable],
    counts: _BatchCounts,
    *,
    stages: dict[str, float] | None = None,
    done: bool = True,
    progress: ProgressSink | None = None,
) -> _BatchCounts:
    """Write a batch's verdicts and what they let the rules infer in one transaction; with
    ``done`` the transaction also records the batch as finished (a batch some of whose prompts
    failed is written but not marked, so a rerun asks for the failed prompts again)."""
    start = time.perf_counter()
    before = counts.seconds
    clock = _Clock(stages)
    _tally(counts, verdicts)
    counts.unreadable += len(unreadable)
    if unreadable:
        counts.reasons["unreadable"] += len(unreadable)
    new = _new_triples(store, verdicts)
    counts.new_triples = len(new)
    clock.lap("new-triples")
    materializer = parts.materializer
    derive = getattr(materializer, "derive", None)
    derivation = derive(new) if derive is not None and new else None
    inferred = len(derivation.derived) if derivation is not None else 0
    stale = derivation.stale if derivation is not None else []
    if materializer is not None:
        clock.lap("infer")
    batch = batch_nquads((*verdicts, *unreadable), run)
    counts.seconds = before + time.perf_counter() - start
    node = _batch_node(run, index)
    knowledge, records = batch.knowledge, batch.records
    if derivation is not None:
        knowledge += triples_nquads(derivation.derived)
    if done:
        records += "".join(f"{q} .\n" for q in counts.quads(run, node, index))
    marker = _inferred_mark(node, inferred)
    if done and derive is not None and not stale:
        records += f"{marker} .\n"
    clock.lap("quads")
    # atomic: the batch, its inferences and its record of being done (with the inferred count,
    # unless triples move from ``inferred`` to ``accepted``: that removal is a second write, and
    # a crash in between leaves the batch unmarked, so a rerun rebuilds ``inferred``); the
    # records load in the background while the next batch is read and checked (reads of their
    # graphs wait for them)
    store.add_nquads(knowledge, records)
    if stale:
        store.remove_quads(parse_nquads(triples_nquads(stale)))
        if done:
            store.add_quads([marker])
    clock.lap("write")
    observe = getattr(parts.validator, "observe", None)
    if observe is not None:
        observe(_written_triples(verdicts))
    normalizer = _normalizer(parts)
    if normalizer is not None:  # the next batch resolves labels against what this one wrote
        normalizer.observe(_written_triples(verdicts))
    if hasattr(parts.conflicts, "observe"):
        parts.conflicts.observe(v.candidate.triple for v in verdicts if v.accepted)
    if materializer is not None:
        if derive is None:  # a materializer without ``derive``: infer after the write
            inferred = int(materializer.add(new) or 0) if new else 0
            if done:
                store.add_quads([_inferred_mark(node, inferred)])
        if observe is not None and new:
            observe(getattr(materializer, "last_derived", ()))
        clock.lap("infer")
    if progress:
        progress("write", 1)
    counts.seconds = before + time.perf_counter() - start  # with the write and inference
    return counts


def _inferred_mark(node: ox.NamedNode, inferred: int) -> ox.Quad:
    """The quad that marks a batch's inferences as written, with their number."""
    return ox.Quad(node, _k(KG.inferredCount), _int(inferred), PROVENANCE)


def _written_triples(verdicts: Sequence[Verdict]) -> Iterator[tuple]:
    """The triples a batch writes to ``accepted``: accepted facts and their labels."""
    for v in verdicts:
        if v.accepted:
            c = v.candidate
            yield c.triple
            if c.subject_label:
                yield (c.subject, _LABEL, c.subject_label)
            if c.object_label and not isinstance(c.object, Literal):
                yield (c.object, _LABEL, c.object_label)


def _repair_inference(store: Store, parts: Parts, run: ox.NamedNode, done: dict[int, ox.NamedNode], notes: list[str]) -> None:
    if parts.materializer is None:
        return
    missing = [i for i, node in done.items() if not _objects(store, node, KG.inferredCount)]
    if not missing:
        return
    rebuild = getattr(parts.materializer, "rebuild", None)
    n = int(rebuild() or 0) if rebuild else 0
    forget = getattr(parts.validator, "forget", None)
    if forget is not None:
        forget()
    # the rebuilt triples are counted on the first unmarked batch (beyond what the store's
    # batches already count), so the runs' inferred counts still add up to the graph rebuilt
    rows = store.query(f"SELECT (SUM(?i) AS ?n) WHERE {{ ?b <{KG.inferredCount}> ?i }}", graph="provenance")
    known = next(iter(rows), None)
    known_n = int(float(known[0].value)) if known is not None and known[0] is not None else 0
    store.add_quads([_inferred_mark(done[i], max(0, n - known_n) if k == 0 else 0) for k, i in enumerate(missing)])
    notes.append(f"inferred graph rebuilt after an interrupted run ({n} triples)")


def _chunks(seq: Sequence[Any], size: int) -> Iterator[tuple[int, Sequence[Any]]]:
    for i in range(0, len(seq), size):
        yield i // size, seq[i : i + size]


def _open_or_create(location: str) -> Store:
    if location.startswith(("http://", "https://")) or Path(location).exists():
        return open_store(location)
    return init_store(location)


# -- distill ------------------------------------------------------------------------------------


def _seeds(config: DistillConfig, domain: Any) -> list[str]:
    if config.prompts.seeds_file:
        path = Path(config.prompts.seeds_file)
        if not path.is_file():
            raise ConfigError(f"no seeds file at {str(path)!r}")
        seeds = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        seeds = [s for s in seeds if s and not s.startswith("#")]
    else:
        seeds = list(getattr(domain, "seeds", None) or [])
    if config.prompts.max_seeds:
        seeds = seeds[: config.prompts.max_seeds]
    if not seeds:
        raise ConfigError(
            "no seeds to prompt about: the domain lists none; pass --seeds FILE (one per line)"
        )
    return seeds


def _prompt_dicts(prompts: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"id": p.id, "text": p.text, "kind": p.kind, "head": p.head, "relation": p.relation, "topic": p.topic}
        | ({"rationales": True} if getattr(p, "rationales", False) else {})
        for p in prompts
    ]


def _prompts_from_json(text: str) -> list[Any]:
    Prompt = _required("kg.prompts", "Prompt", "resuming a run")
    return [Prompt(**d) for d in json.loads(text)]


def _teacher_counts(teacher: Any) -> tuple[int, int]:
    stats = getattr(teacher, "stats", None)
    if stats is None:
        return 0, 0
    hits = int(getattr(stats, "hits", 0))
    tokens = int(getattr(stats, "prompt_tokens", 0)) + int(getattr(stats, "completion_tokens", 0))
    return hits, tokens


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
    own_store = store is None
    store = store or _open_or_create(config.store)
    try:
        return _distill(config, store, parts, progress, started)
    finally:
        if own_store:
            store.close()


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
        if own_teacher and hasattr(p.teacher, "close"):
            p.teacher.close()


def _identity(config: DistillConfig, domain: Any, teacher: Any, seeds: list[str]) -> dict[str, Any]:
    """What determines a distillation's output: its run's IRI is a hash of it. A strategy other
    than the default grid without a budget joins it; the default leaves it as it always was."""
    identity = {
        "domain": getattr(domain, "name", str(config.domain)),
        "teacher": config.teacher.spec or getattr(teacher, "id", repr(teacher)),
        "samples": config.teacher.samples,
        "params": config.teacher.params(),
        # rationales off leaves the run's identity as it was before the setting existed
        "prompts": config.prompts.model_dump(
            exclude={"seeds_file", "max_seeds"} | (set() if config.prompts.rationales else {"rationales"})
        ),
        "seeds": seeds,
        "batch_size": config.run.batch_size,
        "critic": config.critic.model_dump(exclude={"labels"}),
    }
    if _chooses(config):
        identity["strategy"] = config.strategy.model_dump()
    return identity


def _chooses(config: DistillConfig) -> bool:
    """Whether the run chooses its prompts round by round (a budget, or a strategy other than grid)."""
    return config.strategy.kind != "grid" or config.strategy.budget > 0


def _distill_with(config: DistillConfig, store: Store, p: Parts, progress: ProgressSink | None, started: float) -> RunReport:
    if _chooses(config):
        return _distill_rounds(config, store, p, progress, started)
    domain = p.domain
    teacher = p.teacher
    seeds = _seeds(config, domain)
    identity = _identity(config, domain, teacher, seeds)
    run = _run_iri("distill", identity)
    existing = _objects(store, run, KG.promptsJson)
    if existing:
        prompts = _prompts_from_json(existing[0].value)
    else:
        build_prompts = _required("kg.prompts", "build_prompts", "building prompts")
        prompts = build_prompts(
            domain, seeds, store=store if config.prompts.store_examples else None,
            kind=config.prompts.kind, shots=config.prompts.shots, rationales=config.prompts.rationales,
        )
    batches = list(_chunks(prompts, config.run.batch_size))
    _start_run(
        store, run, kind="distill", domain=identity["domain"], teacher=identity["teacher"],
        config=config, total_batches=len(batches), prompts_json=json.dumps(_prompt_dicts(prompts)),
    )
    report = RunReport(run.value, "distill", store.location, identity["domain"], identity["teacher"])
    report.notes = list(p.notes)
    done = _done_batches(store, run)
    report.batches = len(batches)
    report.batches_resumed = len(done)
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


def _ask_batch(
    config: DistillConfig,
    store: Store,
    p: Parts,
    run: ox.NamedNode,
    index: int,
    batch: Sequence[Any],
    by_id: dict[str, Any],
    report: RunReport,
    progress: ProgressSink | None,
    collect: list[Verdict] | None,
) -> None:
    """Ask the teacher one batch of prompts, check the answers and write them (one transaction)."""
    teacher, domain = p.teacher, p.domain
    t0 = time.perf_counter()
    clock = _Clock(report.stage_seconds)
    hits0, tokens0 = _teacher_counts(teacher)
    completions = teacher.complete(batch, n=config.teacher.samples, params=config.teacher.params())
    hits1, tokens1 = _teacher_counts(teacher)
    report.asked_prompts += len(batch)
    for failure in getattr(teacher, "last_failures", ()):
        error = str(failure.error)[:300]
        report.failures[error] = report.failures.get(error, 0) + 1
    clock.lap("teacher")
    if progress:
        progress("teacher", len(batch))
    samples: Counter = Counter(c.prompt_id for c in completions)
    # a prompt is answered when all its samples are in. One with some missing is failed: its
    # samples are not judged now (self-consistency would see part of them), and the batch is
    # left unmarked, so a rerun asks for the missing ones (the cache answers the rest)
    whole = [c for c in completions if samples[c.prompt_id] >= config.teacher.samples]
    counts = _BatchCounts(prompts=len(batch), completions=len(whole))
    counts.cache_hits, counts.tokens = hits1 - hits0, tokens1 - tokens0
    counts.failed_prompts = sum(1 for pr in batch if samples[pr.id] < config.teacher.samples)
    items: list[Candidate | Unreadable] = []
    extract = p.extract
    assert extract is not None, "resolve_parts sets extract"
    for completion in whole:
        items.extend(extract(completion, by_id[completion.prompt_id], domain, store=store))
    clock.lap("extract")
    counts.seconds = time.perf_counter() - t0
    counts = _commit_batch(
        store, p, run, index, items, counts, {k: v for k, v in samples.items() if v >= config.teacher.samples},
        progress, collect, report.stage_seconds, done=counts.failed_prompts == 0,
    )
    report.batch_seconds.append(counts.seconds)
    report.failed_prompts += counts.failed_prompts
    if counts.failed_prompts:
        report.notes.append(
            f"batch {index}: {counts.failed_prompts} prompts failed for good (or some of their samples "
            "did); the batch's answered prompts are saved but the batch is not marked done, so a rerun "
            "asks for what is missing"
        )


_PROMPT_KEYS = ("id", "text", "kind", "head", "relation", "topic", "rationales")


def _distill_rounds(config: DistillConfig, store: Store, p: Parts, progress: ProgressSink | None, started: float) -> RunReport:
    """``--strategy``/``--budget``: before each round, choose the round's prompts from the pool
    (``kg.active``), save them with why on the round's batch node, then ask them as a batch.
    ``strategy.budget`` teacher calls (prompts x samples) are never exceeded: round ``i`` takes
    at most the rest of the budget divided by the rounds left."""
    from kg.active import Weights, answered_pairs, candidate_pool, choose, read_state, train_proposers

    strategy = config.strategy
    if strategy.budget <= 0:
        raise ConfigError(f"--strategy {strategy.kind} needs --budget N: the teacher calls it may spend")
    if config.prompts.kind != "list":
        raise ConfigError("--strategy and --budget choose (head, relation) prompts; use --kind list")
    domain, teacher, samples = p.domain, p.teacher, config.teacher.samples
    seeds = _seeds(config, domain)
    identity = _identity(config, domain, teacher, seeds)
    run = _run_iri("distill", identity)
    _start_run(store, run, kind="distill", domain=identity["domain"], teacher=identity["teacher"], config=config,
               total_batches=strategy.rounds)
    report = RunReport(run.value, "distill", store.location, identity["domain"], identity["teacher"])
    report.notes = list(p.notes)
    done = _done_batches(store, run)
    report.batches_resumed = len(done)
    _repair_inference(store, p, run, done, report.notes)
    collect: list[Verdict] | None = [] if config.critic.labels else None
    iris = {name: str(rel.iri) for name, rel in domain.relations.items()}
    judge = getattr(p.critic, "model", None)
    if config.critic.model == "llm" and strategy.kind == "active":
        judge = None  # asking the teacher whether proposals hold would spend calls outside the budget
        report.notes.append("critic.model = llm: the unsure signal is skipped (it would spend teacher calls)")
    max_prompts, asked = strategy.budget // samples, 0
    log: list[dict[str, Any]] = []
    Prompt = _required("kg.prompts", "Prompt", "choosing prompts")
    build_prompts = _required("kg.prompts", "build_prompts", "building prompts")
    for index in range(strategy.rounds):
        node = _batch_node(run, index)
        saved = _objects(store, node, KG.promptsJson)
        notes: list[str] = []
        if saved:  # chosen by an earlier invocation of this run: ask the same
            chosen = json.loads(saved[0].value)
        else:
            quota = (max_prompts - asked) // (strategy.rounds - index) + bool((max_prompts - asked) % (strategy.rounds - index))
            state = read_state(store, iris.values())
            pool = candidate_pool(seeds, state.heads, list(iris), answered=answered_pairs(store), teacher=teacher)
            proposers = p.proposers
            if strategy.kind == "active" and proposers is None:
                proposers, why = train_proposers(
                    store, domain, state, strategy.students, seconds=strategy.student_seconds, seed=strategy.seed
                )
                notes.extend(why)
            choices = choose(
                pool, quota, strategy=strategy.kind, seed=strategy.seed + index, state=state, relation_iris=iris,
                weights=Weights.from_config(strategy), proposers=proposers or (), judge=judge,
                shortlist=strategy.shortlist, top_k=config.student.top_k, notes=notes,
            )
            if not choices:
                report.notes.append(f"round {index}: nothing left to ask (pool of {len(pool)} pairs)")
                break
            store_examples = store if config.prompts.store_examples else None
            prompts = [
                build_prompts(domain, [c.head], store=store_examples, kind="list", shots=config.prompts.shots,
                              relations=[c.relation], rationales=config.prompts.rationales)[0]
                for c in choices
            ]
            chosen = [d | c.as_dict() for d, c in zip(_prompt_dicts(prompts), choices)]
            store.add_quads([ox.Quad(node, _k(KG.promptsJson), ox.Literal(json.dumps(chosen)), PROVENANCE)])
        batch = [Prompt(**{k: d[k] for k in _PROMPT_KEYS if k in d}) for d in chosen]
        asked += len(batch)
        log.append({"round": index, "prompts": len(batch), "calls": len(batch) * samples, "notes": notes, "chosen": chosen})
        if index in done:
            continue
        if progress:
            progress("teacher", 0, max_prompts)
        _ask_batch(config, store, p, run, index, batch, {pr.id: pr for pr in batch}, report, progress, collect)
    report.batches = len(log)
    report.strategy = {
        "kind": strategy.kind, "budget": strategy.budget, "unit": "teacher calls (prompts x samples)",
        "spent": asked * samples, "rounds": log,
    }
    return _end_run(config, store, p, run, report, collect, strategy.rounds, progress, seeds, started)


def _end_run(
    config: DistillConfig,
    store: Store,
    p: Parts,
    run: ox.NamedNode,
    report: RunReport,
    collect: list[Verdict] | None,
    base_index: int,
    progress: ProgressSink | None,
    seeds: list[str],
    started: float,
) -> RunReport:
    """How every distill run ends, whatever chose its prompts: the run marked finished, its
    totals, the evaluation against labels, the student's round (batches from ``base_index``)."""
    _finish_run(store, run)
    _totals(store, run, report)
    if config.critic.labels and collect is not None:
        report.evaluation = evaluate(collect, load_labels(config.critic.labels), config.critic.threshold)
    if config.student.kind != "none":
        report.student = run_student(
            config, store, p, run, base_index=base_index, progress=progress, heads=seeds
        )
        _totals(store, run, report)
    report.seconds = round(time.perf_counter() - started, 3)
    if hasattr(store, "flush"):
        store.flush()
    return report


# -- students in the loop ---------------------------------------------------------------------------


def run_student(
    config: DistillConfig,
    store: Store,
    parts: Parts,
    run: ox.NamedNode,
    *,
    base_index: int,
    progress: ProgressSink | None = None,
    heads: Sequence[str] = (),
) -> dict[str, Any]:
    """Train a student on the graph and feed its predictions back through the same checks
    (validation, conflicts, critic), written as one more batch of the run (skipped on a rerun
    once written), whose counts (accepted, rejected and why, new triples) join the run's.

    ``linkpred``: a link predictor trained on the accepted graph proposes its top-k new tails.
    ``rules``: rules mined from the accepted graph propose theirs (``kg.students.rules``), each
    completion naming the rule behind each tail.
    ``generator``: ``kg.students.loop.run_rounds`` (train → generate for ``heads`` → check →
    write, ``student.rounds`` times). A student never scores its own proposals: the critic
    judges them like any candidate, without the student's plausibility.
    """
    kind = config.student.kind
    node = _batch_node(run, base_index)
    if _objects(store, node, KG.batchIndex):
        return {"kind": kind, "skipped": "already done by an earlier invocation of this run"}
    if kind == "linkpred":
        lp = importlib.import_module("kg.students.linkpred")
        read_store = _required("kg.students.triples", "read_store", "--student linkpred")
        training = lp.TrainConfig(
            epochs=config.student.epochs or 100, max_seconds=config.student.max_seconds,
            progress=False, eval_every=10,
        )
        predictor = lp.LinkPredictor.train(read_store(store, graph="accepted"), training=training)
        check = make_check(parts, store)  # the run's critic: no plausibility of this predictor
        candidates = list(lp.propose_candidates(predictor, store, k=config.student.top_k))
        verdicts = check(candidates)
        counts = _write_batch(store, parts, run, base_index, verdicts, (), _BatchCounts())
        return {
            "kind": kind,
            "proposed": len(candidates),
            **_student_counts(counts),
            "test": str(getattr(getattr(predictor, "report", None), "test", None)),
            "seconds": round(float(getattr(getattr(predictor, "report", None), "seconds", 0.0)), 1),
        }
    if kind == "rules":
        rules = importlib.import_module("kg.students.rules")
        read_store = _required("kg.students.triples", "read_store", "--student rules")
        predictor, mined = rules.RulePredictor.fit(read_store(store, graph="accepted"))
        check = make_check(parts, store)  # the run's critic judges the rules' proposals
        candidates = list(rules.propose_candidates(predictor, store, k=config.student.top_k))
        verdicts = check(candidates)
        counts = _write_batch(store, parts, run, base_index, verdicts, (), _BatchCounts())
        return {
            "kind": kind, "rules": len(mined.rules), "proposed": len(candidates), **_student_counts(counts),
            "seconds": round(mined.seconds, 1),
        }
    if kind == "generator":
        loop = importlib.import_module("kg.students.loop")
        gen = importlib.import_module("kg.students.generator")
        check = make_check(parts, store)
        counts = _BatchCounts()

        def counted(candidates: list[Candidate]) -> list[Verdict]:
            # each round's verdicts, counted before run_rounds writes them: what is new is
            # what the store does not hold yet (earlier rounds' writes included)
            verdicts = check(candidates)
            _tally(counts, verdicts)
            counts.new_triples += len(_new_triples(store, verdicts))
            return verdicts

        result = loop.run_rounds(
            store, parts.domain, rounds=config.student.rounds, check=counted, heads=list(heads),
            model=config.student.size,
            config=gen.TrainConfig(epochs=config.student.epochs or 20, max_seconds=config.student.max_seconds),
        )
        store.add_quads(counts.quads(run, node, base_index))
        return {"kind": kind, "rounds": [r.__dict__ for r in result.rounds], **_student_counts(counts)}
    raise ConfigError(f"unknown student {kind!r}; use linkpred, rules or generator")


def _tally(counts: _BatchCounts, verdicts: Sequence[Verdict]) -> None:
    """Count verdicts into ``counts`` as :func:`_write_batch` does: accepted, rejected and the
    first reason of each rejection."""
    counts.candidates += len(verdicts)
    for v in verdicts:
        if v.accepted:
            counts.accepted += 1
        else:
            counts.rejected += 1
            counts.reasons[v.reasons[0].check] += 1


def _student_counts(counts: _BatchCounts) -> dict[str, Any]:
    return {
        "accepted": counts.accepted,
        "rejected": counts.rejected,
        "new_triples": counts.new_triples,
        "rejected_by_reason": dict(counts.reasons.most_common()),
    }


# -- ingest -------------------------------------------------------------------------------------


def _file_digest(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_units(
    path: Path,
    domain: Any,
    *,
    store: Store | None = None,
    extract: Callable | None = None,
    extractor: Any = None,
    format: str | None = None,
    atomic_sources: Sequence[str] = ("human", "generations"),
) -> Iterator[list[Candidate | Unreadable]]:
    """Teacher output someone already has, as units (the candidates of one source record;
    all samples of one prompt stay in one unit, so self-consistency sees them together).

    Formats: ATOMIC-style TSV/JSONL (``extractors.atomic``), a replay transcript (JSONL of
    prompts and completions, read by ``extractors.extract``), JSON triples
    (``extractors.json_triples``), Turtle/N-Triples (``extractors.rdf_text``).
    """
    fmt = format or _guess_ingest_format(path)
    if fmt == "atomic":
        yield from _atomic_units(path, domain, store=store, extractor=extractor, sources=atomic_sources)
        return
    if fmt == "transcript":
        yield from _transcript_units(path, domain, store=store, extract=extract)
        return
    if fmt in ("json", "turtle", "ntriples"):
        yield from _document_units(path, fmt, domain, store=store, extract=extract)
        return
    raise FormatError(f"cannot ingest {str(path)!r} as {fmt!r}; use atomic, transcript, json or turtle")


def _guess_ingest_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return "atomic"
    if suffix in (".ttl", ".nt", ".turtle"):
        return "turtle" if suffix != ".nt" else "ntriples"
    if suffix == ".json":
        return "json"
    if suffix == ".jsonl":
        with path.open("rb") as fh:
            for line in read_lines(fh):
                raw = line.raw
                if raw is None:
                    raise FormatError(f"{path}: {line.too_long()}; cannot tell its format")
                try:
                    text = raw.decode("utf-8").strip()
                except UnicodeDecodeError:
                    raise FormatError(f"{path}: the first line is not UTF-8 text; cannot tell its format") from None
                if not text:
                    continue
                try:
                    first = json.loads(text)
                except (ValueError, RecursionError):
                    raise FormatError(f"{path}: the first line is not JSON; cannot tell its format") from None
                if isinstance(first, dict) and "completions" in first:
                    return "transcript"
                if isinstance(first, dict) and "head" in first and "relation" in first:
                    return "atomic"
                raise FormatError(
                    f"{path}: the first line is neither a transcript line (prompt, completions) nor an "
                    "ATOMIC row (head, relation, tails/generations); pass --format"
                )
    raise FormatError(
        f"cannot tell how to ingest {str(path)!r} from its extension; use .tsv/.jsonl (ATOMIC), "
        ".jsonl (transcript), .json or .ttl, or pass --format"
    )


def _atomic_units(
    path: Path, domain: Any, *, store: Store | None, extractor: Any, sources: Sequence[str]
) -> Iterator[list[Candidate | Unreadable]]:
    atomic = importlib.import_module("extractors.atomic")
    if extractor is None:
        extractor = _required("extractors", "Extractor", "reading ATOMIC data")(domain, store)
    normalizer = extractor.normalizer
    if path.suffix.lower() == ".tsv":
        items = atomic.read_atomic_tsv(path)
    else:
        items = atomic.read_atomic_jsonl(path, sources=tuple(sources))
    group: list[Any] = []
    group_id = None
    for item in items:
        if isinstance(item, Unreadable):
            yield [item]
            continue
        prompt = item[0]
        if prompt.id != group_id and group:
            yield list(atomic.atomic_candidates(group, normalizer))
            group = []
        group_id = prompt.id
        group.append(item)
    if group:
        yield list(atomic.atomic_candidates(group, normalizer))


def _transcript_units(
    path: Path, domain: Any, *, store: Store | None, extract: Callable | None
) -> Iterator[list[Candidate | Unreadable]]:
    """A replay transcript (``kg.teachers.replay`` format): one prompt a line with its
    completions; optional ``kind``, ``head``, ``relation``, ``topic`` and ``teacher`` keys say
    how to read it (without them the extractor is chosen from the text)."""
    extract = extract or _required("extractors", "extract", "reading a transcript")
    Prompt = _required("kg.prompts", "Prompt", "reading a transcript")
    prompt_id = _required("kg.prompts", "prompt_id", "reading a transcript")
    with path.open("rb") as fh:
        for read in read_lines(fh):
            lineno, raw = read.number, read.raw
            if raw is None:
                yield [Unreadable(None, read.head.decode("utf-8", "replace"), "transcript", read.too_long())]
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("utf-8", "replace")[:2000]
                yield [Unreadable(None, text, "transcript", f"line {lineno}: not UTF-8 text (byte {exc.start})")]
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = str(record["prompt"])
                answers = record["completions"]
                if not isinstance(answers, list):
                    raise TypeError("completions must be a list")
            except RecursionError:
                yield [Unreadable(None, line[:2000], "transcript", f"line {lineno}: JSON nested too deeply")]
                continue
            except (ValueError, KeyError, TypeError) as exc:
                yield [Unreadable(None, line[:2000], "transcript", f"line {lineno}: not a transcript line ({exc})")]
                continue
            if SURROGATES.search(text):  # its id could not be computed, nor the text stored
                yield [Unreadable(None, line[:2000], "transcript", f"line {lineno}: the prompt holds a lone surrogate")]
                continue
            kind = record.get("kind") or ("json" if "JSON" in text else "text")
            prompt = Prompt(
                str(record.get("prompt_id") or prompt_id(text)), text, kind,
                head=record.get("head"), relation=record.get("relation"), topic=record.get("topic"),
            )
            teacher = str(record.get("teacher") or f"transcript:{path.stem}")
            unit: list[Candidate | Unreadable] = []
            for i, answer in enumerate(answers):
                body = answer if isinstance(answer, dict) else {"text": answer}
                completion = Completion(
                    prompt.id, text, teacher, str(body.get("text", "")), i,
                    finish_reason=body.get("finish_reason"), usage=dict(body.get("usage") or {}),
                )
                unit.extend(extract(completion, prompt, domain, store=store))
            yield unit


def _document_units(path: Path, fmt: str, domain: Any, *, store: Store | None, extract: Callable | None) -> Iterator[list[Candidate | Unreadable]]:
    """A JSON or Turtle file as one completion (up to :data:`kg.lines.MAX_DOCUMENT` bytes); an
    N-Triples file, whose lines stand alone, a piece of about a MiB of whole lines at a time."""
    extract = extract or _required("extractors", "extract", "reading a file")
    Prompt = _required("kg.prompts", "Prompt", "reading a file")
    kind = "json" if fmt == "json" else "rdf"
    if fmt == "ntriples":
        yield from _ntriples_units(path, domain, store=store, extract=extract, Prompt=Prompt)
        return
    size = path.stat().st_size
    if size > MAX_DOCUMENT:
        raise FormatError(
            f"{path}: {size / 2**20:,.0f} MiB is too large to read as one {fmt} document (at most "
            f"{MAX_DOCUMENT // 2**20} MiB); split it, or write JSON Lines or N-Triples, which are read a line at a time"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text (byte {exc.start}); cannot read it as {fmt}") from None
    prompt = Prompt.make(f"file {path.name}", kind)
    completion = Completion(prompt.id, prompt.text, f"file:{path.name}", text)
    yield list(extract(completion, prompt, domain, store=store))


def _ntriples_units(path: Path, domain: Any, *, store: Store | None, extract: Callable, Prompt: Any) -> Iterator[list[Candidate | Unreadable]]:
    piece: list[str] = []
    size = first = 0

    def unit() -> list[Candidate | Unreadable]:
        prompt = Prompt.make(f"file {path.name} lines {first}-{first + len(piece) - 1}", "rdf")
        completion = Completion(prompt.id, prompt.text, f"file:{path.name}", "".join(piece))
        return list(extract(completion, prompt, domain, store=store))

    with path.open("rb") as fh:
        for line in read_lines(fh):
            if line.raw is None:
                yield [Unreadable(None, line.head.decode("utf-8", "replace"), "rdf", line.too_long())]
                continue
            try:
                text = line.raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                span = line.raw.decode("utf-8", "replace")[:2000]
                yield [Unreadable(None, span, "rdf", f"line {line.number}: not UTF-8 text (byte {exc.start})")]
                continue
            if not piece:
                first = line.number
            piece.append(text)
            size += len(line.raw)
            if size >= _NT_PIECE:
                yield unit()
                piece, size = [], 0
    if piece:
        yield unit()


_NT_PIECE = 2**20
"""Bytes of N-Triples read as one completion."""


@_fewer_collections()
def ingest(
    path: str | Path,
    domain: Any,
    store: Store | str | Path,
    *,
    config: DistillConfig | None = None,
    parts: Parts | None = None,
    format: str | None = None,
    progress: ProgressSink | None = None,
    units: Iterable[list[Candidate | Unreadable]] | None = None,
    atomic_sources: Sequence[str] = ("human", "generations"),
    limit: int | None = None,
) -> RunReport:
    """Run the checks of a distillation on outputs someone already has, and store the result.

    ``domain``: a loaded domain or a domain folder. ``units``: already-read units (skips
    reading ``path``; the run is still named by ``path``'s contents). ``atomic_sources``: which
    columns of an ATOMIC 2020 JSONL are teacher output (human, generations, greedy).
    ``limit``: read only the first ``limit`` units (source records).
    """
    started = time.perf_counter()
    path = Path(path)
    if units is None and not path.is_file():
        raise FormatError(f"no such file: {str(path)!r}")
    config = config or DistillConfig()
    own = not isinstance(store, Store)
    st = store if isinstance(store, Store) else _open_or_create(str(store))
    try:
        if not isinstance(domain, (str, Path)):
            parts = parts or Parts()
            parts.domain = parts.domain or domain
        else:
            config = config.replace(domain=str(domain))
        p = resolve_parts(config, st, parts, need_teacher=False)
        _track_writes(p, st)
        name = getattr(p.domain, "name", str(config.domain))
        identity = {
            "file": _file_digest(path) if path.is_file() else str(path),
            "domain": name,
            "batch_size": config.run.ingest_batch_size,
            "critic": config.critic.model_dump(exclude={"labels"}),
            "format": format,
            "sources": list(atomic_sources),
            "limit": limit,
        }
        run = _run_iri("ingest", identity)
        report = RunReport(run.value, "ingest", st.location, name, f"file:{path.name}")
        report.notes = list(p.notes)
        done = _done_batches(st, run)
        report.batches_resumed = len(done)
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
        _start_run(st, run, kind="ingest", domain=name, teacher=f"file:{path.name}", config=config, total_batches=0)
        _repair_inference(st, p, run, done, report.notes)
        collect: list[Verdict] | None = [] if config.critic.labels else None
        size = config.run.ingest_batch_size
        index = 0
        pending: list[Candidate | Unreadable] = []
        records = 0

        def flush(items: list, n_records: int) -> None:
            nonlocal index
            if index not in done:
                samples: Counter[str] = Counter()
                seen: set[str] = set()
                for x in items:
                    c = x.completion
                    if c is not None and c.id not in seen:
                        seen.add(c.id)
                        samples[c.prompt_id] += 1
                counts = _BatchCounts(prompts=n_records, completions=len(seen))
                counts = _commit_batch(
                    st, p, run, index, items, counts, dict(samples), progress, collect, report.stage_seconds,
                )
                report.batch_seconds.append(counts.seconds)
            index += 1

        clock = _Clock(report.stage_seconds)
        for unit in units:
            clock.lap("read+extract")
            pending.extend(unit)
            records += 1
            if len(pending) >= size:
                flush(pending, records)
                pending, records = [], 0
            clock.last = time.perf_counter()
        if pending:
            flush(pending, records)
        report.batches = index
        _finish_run(st, run)
        _totals(st, run, report)
        if config.critic.labels and collect is not None:
            report.evaluation = evaluate(collect, load_labels(config.critic.labels), config.critic.threshold)
        report.seconds = round(time.perf_counter() - started, 3)
        return report
    finally:
        if own:
            st.close()
