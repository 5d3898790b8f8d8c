"""Our students as a run's student round (:class:`kg.seams.Student`), registered in
:data:`kg.registry.students` by :mod:`kg.students` as ``linkpred``, ``rules`` and ``generator``.

Each imports its model code when chosen (the link predictor and the generator load torch), so
that choosing one never loads the others.
"""

from __future__ import annotations

import importlib
from typing import Sequence

from kg.config import StudentConfig
from kg.ontology import Domain
from kg.seams import Check, StudentRound
from kg.store import Store

__all__ = ["generator_round", "linkpred_round", "rules_round"]


def linkpred_round(
    store: Store, check: Check, *, domain: Domain, config: StudentConfig, heads: Sequence[str]
) -> StudentRound:
    """A link predictor trained on the accepted graph proposes its top-k new tails."""
    linkpred = importlib.import_module("kg.students.linkpred")
    read_store = importlib.import_module("kg.students.triples").read_store
    training = linkpred.TrainConfig(
        epochs=config.epochs or 100, max_seconds=config.max_seconds, progress=False, eval_every=10,
    )
    predictor = linkpred.LinkPredictor.train(read_store(store, graph="accepted"), training=training)
    proposals = list(linkpred.propose_candidates(predictor, store, k=config.top_k))
    report = predictor.report
    test = str(report.test) if report.test is not None else None  # None: too few facts to hold out a test
    return StudentRound({"test": test, "seconds": round(float(report.seconds), 1)}, proposals)


def rules_round(
    store: Store, check: Check, *, domain: Domain, config: StudentConfig, heads: Sequence[str]
) -> StudentRound:
    """Rules mined from the accepted graph propose theirs (``kg.students.rules``), each
    completion naming the rule behind each tail."""
    rules = importlib.import_module("kg.students.rules")
    read_store = importlib.import_module("kg.students.triples").read_store
    predictor, mined = rules.RulePredictor.fit(read_store(store, graph="accepted"))
    proposals = list(rules.propose_candidates(predictor, store, k=config.top_k))
    return StudentRound({"rules": len(mined.rules), "seconds": round(mined.seconds, 1)}, proposals)


def generator_round(
    store: Store, check: Check, *, domain: Domain, config: StudentConfig, heads: Sequence[str]
) -> StudentRound:
    """``kg.students.loop.run_rounds``: train → generate tails for ``heads`` → ``check`` →
    write what is accepted, ``config.rounds`` times (so it writes its own proposals). The
    generator is ``config.size``: ``retrieval`` (default; the accepted graph is indexed each
    round, nothing trained, so ``epochs`` and ``max_seconds`` do not apply) or a neural size."""
    generator = importlib.import_module("kg.students.generator")
    loop = importlib.import_module("kg.students.loop")
    result = loop.run_rounds(
        store, domain, rounds=config.rounds, check=check, heads=list(heads), model=config.size,
        config=generator.TrainConfig(epochs=config.epochs or 20, max_seconds=config.max_seconds),
    )
    return StudentRound({"size": config.size, "rounds": [r.__dict__ for r in result.rounds]})
