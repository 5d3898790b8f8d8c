"""Writing a batch: its verdicts, its unreadable outputs, what the rules infer from its new
triples and its ``kg:Batch`` record, in one transaction (:func:`_write_batch`); and the repair
of the ``inferred`` graph after an interrupted run (:func:`_repair_inference`)."""

from __future__ import annotations

import dataclasses
import time
from typing import Callable, Iterator, Sequence, cast

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from kg.namespaces import KG, PROV
from kg.pipeline.check import _check, _normalizer
from kg.pipeline.parts import NONE_ANSWER, Parts, ProgressSink
from kg.pipeline.reviewed import keep_out_what_people_rejected
from kg.pipeline.runs import _COUNT_TERMS, _batch_node, _BatchCounts, _Clock, _int, _k, _objects, _tally, request_counts, teacher_counts
from kg.provenance import ACCEPTED, PROVENANCE, batch_nquads, triples_nquads
from kg.records import Candidate, Name, Unreadable, Verdict
from kg.store import EmbeddedStore, Store

_LABEL, _ALT_LABEL = RDFS.label, SKOS.altLabel  # rdflib namespace attributes are slow to look up


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
    tokens0 = teacher_counts(parts.teacher)[1] if parts.teacher is not None else 0
    requests0 = request_counts(parts.teacher) if parts.teacher is not None else (0, 0)
    verdicts = _check(candidates, parts, samples_per_prompt, stages)
    if parts.teacher is not None:  # an LLM judge (--critic llm) asks the run's teacher: its tokens and requests are the run's
        counts.tokens += teacher_counts(parts.teacher)[1] - tokens0
        requests1 = request_counts(parts.teacher)
        counts.requests += requests1[0] - requests0[0]
        counts.retries += requests1[1] - requests0[1]
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
    """Write a batch's verdicts and what they let the rules infer in one transaction, with the
    batch's record: finished with ``done``, else unfinished (some of its prompts failed: what it
    wrote is counted, and a rerun asks the batch again, its record replacing this one). A
    candidate people marked invalid in a review stays out whatever the checks said of it
    (:func:`kg.pipeline.reviewed.keep_out_what_people_rejected`)."""
    start = time.perf_counter()
    before = counts.seconds
    clock = _Clock(stages)
    peoples = keep_out_what_people_rejected(store, verdicts)
    verdicts = peoples.verdicts
    clock.lap("reviewed")
    _tally(counts, verdicts)
    # an answer that says there is none ("I don't know") is no fact, counted apart: not unreadable
    none = sum(1 for u in unreadable if u.extractor == NONE_ANSWER)
    counts.no_answers += none
    counts.unreadable += len(unreadable) - none
    if len(unreadable) > none:
        counts.reasons["unreadable"] += len(unreadable) - none
    new = _new_triples(store, verdicts)
    counts.new_triples = len(new) + _forget_unfinished(store, run, _batch_node(run, index))
    clock.lap("new-triples")
    materializer = parts.materializer
    derivation = materializer.derive(new) if materializer is not None and new else None
    stale = derivation.stale if derivation is not None else []
    # what the batch adds to ``inferred``, less the inferred triples it asserts (they leave it):
    # the runs' counts add up to the graph
    inferred = len(derivation.derived) - len(stale) if derivation is not None else 0
    if materializer is not None:
        clock.lap("infer")
    normalizer = _normalizer(parts)  # its label index knows which entities the store names: no lookups
    verdicts = _known_labels(verdicts, normalizer.known_casing if normalizer is not None else None)
    batch = batch_nquads(
        (*verdicts, *unreadable), run, normalizer.named if normalizer is not None else store.has_label,
        parts.domain.label_language if parts.domain is not None else None,
    )
    counts.seconds = before + time.perf_counter() - start
    node = _batch_node(run, index)
    knowledge, records = batch.knowledge, batch.records
    if derivation is not None:
        knowledge += triples_nquads(derivation.derived)
    records += peoples.records
    records += "".join(f"{q} .\n" for q in counts.quads(run, node, index, done=done))
    if done and materializer is not None:
        records += f"{_inferred_mark(node, inferred)} .\n"
    clock.lap("quads")
    # atomic: the batch, its inferences and its record of being done (with the inferred count);
    # the store keeps ``accepted`` and ``inferred`` apart as it writes (an inferred triple now
    # asserted leaves ``inferred``; one another writer asserted meanwhile is not added); the
    # records load in the background while the next batch is read and checked (reads of their
    # graphs wait for them)
    store.add_nquads(knowledge, records)
    clock.lap("write")
    validator = parts.validator
    if validator is not None:
        validator.observe(_written_triples(verdicts, batch.labels, batch.aliases))
    if normalizer is not None:  # the next batch resolves labels against what this one wrote
        normalizer.observe(_written_triples(verdicts, batch.labels, batch.aliases))
    if parts.conflicts is not None:
        parts.conflicts.observe(v.candidate.triple for v in verdicts if v.accepted)
    if materializer is not None:
        if validator is not None and new:
            validator.observe(materializer.last_derived)
        clock.lap("infer")
    if progress:
        progress("write", 1)
    counts.seconds = before + time.perf_counter() - start  # with the write and inference
    return counts


_RECORD = tuple(str(term) for _attr, term in _COUNT_TERMS) + (str(KG.seconds), str(KG.reasonsJson), str(PROV.endedAtTime))


def _forget_unfinished(store: Store, run: ox.NamedNode, node: ox.NamedNode) -> int:
    """Take out the record an earlier attempt at this batch wrote when some of its prompts failed
    (this attempt's record counts the batch whole; both would count its answered prompts twice).
    Returns the new triples that attempt counted: they were new to this run, not to this attempt."""
    if node not in _objects(store, run, KG.batchUnfinished):
        return 0
    old = [q for q in store.match(node, None, None, graph="provenance") if q.predicate.value in _RECORD]
    new = sum(int(q.object.value) for q in old if q.predicate.value == str(KG.newTripleCount) and isinstance(q.object, ox.Literal))
    store.remove_quads([*old, ox.Quad(run, _k(KG.batchUnfinished), node, PROVENANCE)])
    return new


def _inferred_mark(node: ox.NamedNode, inferred: int) -> ox.Quad:
    """The quad that marks a batch's inferences as written, with their number."""
    return ox.Quad(node, _k(KG.inferredCount), _int(inferred), PROVENANCE)


def _written_triples(
    verdicts: Sequence[Verdict], labels: Sequence[tuple[str, str]], aliases: Sequence[tuple[str, str]] = ()
) -> Iterator[tuple]:
    """The triples a batch writes to ``accepted``: accepted facts and the labels and aliases
    written (an entity the store names gets no label: the run's indexes must see what a resumed
    run reads)."""
    for v in verdicts:
        if v.accepted:
            yield v.candidate.triple
    for node, label in labels:
        yield (URIRef(node[1:-1]), _LABEL, label)
    for node, alias in aliases:
        yield (URIRef(node[1:-1]), _ALT_LABEL, alias)


def _rebuild_inferred(store: Store, parts: Parts, notes: list[str]) -> int:
    """``inferred`` derived again: by the run's reasoner when the store records no other domain,
    else by every recorded domain's rules (the run's reasoner knows one domain's: its rebuild
    dropped what the store's other domains had inferred)."""
    from kg.critics.moves import rebuild_inferred
    from kg.domains import domains_for
    from kg.errors import KGError

    assert parts.materializer is not None and parts.domain is not None
    try:
        recorded = {d.name for d in domains_for(store)[0]}
    except KGError:
        recorded = set()
    if recorded <= {parts.domain.name}:
        return parts.materializer.rebuild()
    size = rebuild_inferred(store, lambda *_: None, notes, also=parts.domain)
    return parts.materializer.rebuild() if size is None else size


def _repair_inference(store: Store, parts: Parts, run: ox.NamedNode, done: dict[int, ox.NamedNode], notes: list[str]) -> None:
    if parts.materializer is None:
        return
    missing = [i for i, node in done.items() if not _objects(store, node, KG.inferredCount)]
    if not missing:
        return
    n = _rebuild_inferred(store, parts, notes)
    if parts.validator is not None:
        parts.validator.forget()
    # the rebuilt triples are counted on the first unmarked batch (beyond what the store's
    # batches already count), so the runs' inferred counts still add up to the graph rebuilt
    rows = store.query(f"SELECT (SUM(?i) AS ?n) WHERE {{ ?b <{KG.inferredCount}> ?i }}", graph="provenance")
    known = next(iter(rows), None)
    known_n = int(float(known[0].value)) if known is not None and known[0] is not None else 0
    store.add_quads([_inferred_mark(done[i], max(0, n - known_n) if k == 0 else 0) for k, i in enumerate(missing)])
    notes.append(f"inferred graph rebuilt after an interrupted run ({n} triples)")


def _known_labels(verdicts: Sequence[Verdict], known: Callable[[str], str | None] | None) -> list[Verdict]:
    """``verdicts`` with each accepted candidate's entity labels written as the reference or the
    domain's seeds write them where the answer wrote them in another case only
    (:meth:`extractors.normalize.Normalizer.known_casing`): the reference's and the seeds'
    "aragonite", named first by another head's "1. Aragonite", is labelled "aragonite", with no
    alias. A label an entity already has stays (the store's first label wins). ``known``: the
    run's normaliser's ``known_casing``; None (a run without its own normaliser): as they are."""
    if known is None:
        return list(verdicts)
    return [_known_label(v, known) if v.accepted else v for v in verdicts]


def _known_label(verdict: Verdict, known: Callable[[str], str | None]) -> Verdict:
    """``verdict`` with its candidate's subject and object labels as :func:`_known_labels` says."""
    cand = verdict.candidate
    subject = _recased(cand.subject_label, known) if isinstance(cand.subject, URIRef) else None
    obj = _recased(cand.object_label, known) if isinstance(cand.object, URIRef) else None
    if subject is None and obj is None:
        return verdict
    relabelled = dataclasses.replace(cand, subject_label=subject or cand.subject_label, object_label=obj or cand.object_label)
    return dataclasses.replace(verdict, candidate=relabelled)


def _recased(label: str | None, known: Callable[[str], str | None]) -> Name | None:
    """``label`` as ``known`` writes it, with the language tag and the aliases either carries;
    None where ``known`` has no other casing of it."""
    cased = known(label) if label else None
    if cased is None:
        return None
    if not isinstance(label, Name):
        return Name.of(cased, None, None, ())
    return Name.of(cased, label.language, label.written, label.also)
