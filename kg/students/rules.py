"""Student 3: closed Horn rules mined from the graph, and a link predictor that reads them.

Mining (AMIE's rules up to three atoms, AnyBURL's rules with constants, exclusions) is
:mod:`kg.students.rule_mining`; ranking with the rules (:class:`RulePredictor`) is
:mod:`kg.students.rule_ranking`; storing them as a graph is :mod:`kg.students.rule_graph`. This
module turns the predictor's answers into candidates for the multilevel loop
(:func:`propose_candidates`) and re-exports the names callers use::

    predictor, mined = RulePredictor.fit(read_store(store, graph="accepted"))
    candidates = propose_candidates(predictor, store, k=5)
"""

from __future__ import annotations

from typing import Sequence

from kg.iri import local_name
from kg.students.rule_mining import Exclusion, MinedRules, MiningConfig, Rule, measure, mine
from kg.students.rule_ranking import (
    AGGREGATIONS,
    TOP_RULES,
    RulePrediction,
    RulePredictor,
    check_aggregation,
    dense_ranks,
)

__all__ = [
    "MiningConfig", "Rule", "MinedRules", "mine", "measure", "RulePredictor", "RulePrediction", "dense_ranks",
    "propose_candidates", "TOP_RULES", "TEACHER", "AGGREGATIONS", "check_aggregation", "Exclusion",
]

TEACHER = "student:rules"


def propose_candidates(
    predictor: RulePredictor,
    store=None,
    *,
    k: int = 5,
    threshold: float = 0.5,
    heads: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
):
    """The rules' top-``k`` new tails per ``(head, relation)`` whose best rule's confidence is
    at least ``threshold``, as :class:`kg.records.Candidate` records (extractor and teacher
    ``student:rules``; one :class:`~kg.records.Completion` per query whose text names, for each
    tail, the rule that predicts it: the candidate's rationale). Facts already in the store's
    ``accepted`` graph (or among the rules' training facts) are left out. The same gates
    (validation, reasoner, critic) judge them as any teacher's candidates."""
    import hashlib

    from rdflib import URIRef

    from kg.records import Candidate, Completion

    vocab = predictor.vocab
    head_names = list(heads) if heads is not None else list(vocab.entities)
    rel_names = list(relations) if relations is not None else [vocab.relations[r] for r in sorted(predictor.rules)]
    out = []
    for rel in rel_names:
        for start in range(0, len(head_names), 256):
            chunk = head_names[start : start + 256]
            for head, preds in zip(chunk, predictor.predict_many(chunk, rel, k)):
                keep = [p for p in preds if p.confidence >= threshold]
                if store is not None:
                    keep = [p for p in keep if not store.holds(head, rel, p.entity)]
                if not keep:
                    continue
                h_label = vocab.labels.get(head, "") or local_name(head)
                completion = Completion(
                    prompt_id=f"rules:{hashlib.sha1(f'{head} {rel}'.encode()).hexdigest()[:16]}",
                    prompt=f"{h_label} {local_name(rel)} ?",
                    teacher=TEACHER,
                    text="\n".join(f"{p.label or local_name(p.entity)}\t{p.confidence:.4f}\t{p.rule.text(local_name)}" for p in keep),
                    params={"k": k, "threshold": threshold},
                )
                for p in keep:
                    out.append(Candidate(
                        subject=URIRef(head), predicate=URIRef(rel), object=URIRef(p.entity), completion=completion,
                        span=p.label or local_name(p.entity), extractor=TEACHER, subject_label=h_label or None,
                        object_label=p.label or None,
                    ))
    return out
