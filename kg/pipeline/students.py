"""The students' round of a run: a student trained on the accepted graph proposes facts, which
go through the run's checks and are written as one more batch of the run."""

from __future__ import annotations

import importlib
from typing import Any, Sequence

import pyoxigraph as ox

from kg.config import DistillConfig
from kg.errors import ConfigError
from kg.namespaces import KG
from kg.pipeline.check import make_check
from kg.pipeline.parts import Parts, ProgressSink, _required
from kg.pipeline.runs import _batch_node, _BatchCounts, _objects, _student_counts, _tally
from kg.pipeline.write import _new_triples, _write_batch
from kg.records import Candidate, Verdict
from kg.store import Store

__all__ = ["run_student"]


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
