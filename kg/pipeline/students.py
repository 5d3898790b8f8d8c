"""The students' round of a run: a student (:class:`kg.seams.Student`, chosen by
``student.kind`` from :data:`kg.registry.students`) trained on the accepted graph proposes facts,
which go through the run's checks and are written as one more batch of the run."""

from __future__ import annotations

from typing import Any, Sequence

import pyoxigraph as ox

from kg.config import DistillConfig
from kg.errors import StudentError, part_fault
from kg.namespaces import KG
from kg.provenance import PROVENANCE as _PROVENANCE
from kg.pipeline.check import make_check
from kg.pipeline.parts import Parts, load_domain
from kg.pipeline.runs import _batch_node, _BatchCounts, _objects, _student_counts, _tally
from kg.pipeline.write import _new_triples, _write_batch
from kg.records import Candidate, Verdict
from kg.seams import Check, StudentRound
from kg.store import Store
from kg.students import load_student

__all__ = ["run_student"]


def run_student(
    config: DistillConfig,
    store: Store,
    parts: Parts,
    run: ox.NamedNode,
    *,
    base_index: int,
    heads: Sequence[str] = (),
) -> dict[str, Any]:
    """Train a student on the graph and feed its predictions back through the same checks
    (validation, conflicts, critic), written as one more batch of the run (skipped on a rerun
    once written), whose counts (accepted, rejected and why, new triples) join the run's.

    The student is ``parts.student``, else the one registered as ``student.kind``: ours are
    ``linkpred``, ``rules`` and ``generator`` (:mod:`kg.students.rounds`). A student never
    scores its own proposals: the critic judges them like any candidate, without the student's
    plausibility.
    """
    kind = config.student.kind
    index = _student_batch(store, run, base_index, kind)
    if index is None:
        return {"kind": kind, "skipped": "already done by an earlier invocation of this run"}
    base_index, node = index, _batch_node(run, index)
    store.add_quads([ox.Quad(node, ox.NamedNode(str(KG.studentKind)), ox.Literal(kind), _PROVENANCE)])
    student = parts.student or load_student(kind)
    domain = parts.domain if parts.domain is not None else load_domain(config.domain)
    check = make_check(parts)  # the run's critic: no plausibility of the student
    counted = _CountedCheck(check, store)
    with part_fault(
        StudentError, f"student {kind!r}",
        " (the run's batches are stored: the same command runs the student again without asking the teacher)",
    ):
        result = student(store, counted, domain=domain, config=config.student, heads=heads)
    if not isinstance(result, StudentRound):
        raise StudentError(f"student {kind!r} returned {type(result).__name__}, not a kg.seams.StudentRound")
    if result.proposals is not None and not all(isinstance(c, Candidate) for c in result.proposals):
        raise StudentError(f"student {kind!r} proposed something that is not a kg.records.Candidate")
    out: dict[str, Any] = {"kind": kind}
    if result.proposals is not None:
        out["proposed"] = len(result.proposals)
        counts = _write_batch(store, parts, run, base_index, check(result.proposals), (), _BatchCounts())
    else:  # the student wrote what it kept; the batch records what the checks saw
        counts = counted.counts
        store.add_quads(counts.quads(run, node, base_index))
    return out | _student_counts(counts) | result.summary


def _student_batch(store: Store, run: ox.NamedNode, base_index: int, kind: str) -> int | None:
    """The index of the batch ``kind``'s round of ``run`` writes: the first from ``base_index``
    that no other student's round holds; None when a round of ``kind`` is written already (a
    rerun). A round written before students recorded their kind counts as this one."""
    index = base_index
    while _objects(store, node := _batch_node(run, index), KG.batchIndex):
        kinds = _objects(store, node, KG.studentKind)
        if not kinds or kinds[0].value == kind:
            return None
        index += 1
    return index


class _CountedCheck:
    """The run's checks, counting each call's verdicts as :func:`_write_batch` would, before
    the student writes them: what is new is what the store does not hold yet (earlier rounds'
    writes included)."""

    def __init__(self, check: Check, store: Store) -> None:
        self.check = check
        self.store = store
        self.counts = _BatchCounts()

    def __call__(self, candidates: list[Candidate]) -> list[Verdict]:
        verdicts = self.check(candidates)
        _tally(self.counts, verdicts)
        self.counts.new_triples += len(_new_triples(self.store, verdicts))
        return verdicts
