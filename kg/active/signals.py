"""Where is the graph weakest? One small function per signal, each in [0, 1] or ``None``
(the signal has nothing to say about the pair), and the students whose proposals feed them.

| signal | meaning |
|---|---|
| ``sparse`` | the head has few accepted facts (``0.5/(1+facts of the head) + 0.5/(1+facts of the pair)``) |
| ``unsure`` | the learned critic scores what the students propose for the pair near its threshold |
| ``disagree`` | the students propose different tails for the pair (1 - mean pairwise overlap) |
| ``conflict`` | the conflict checks rejected candidates about the pair's head (``1 - 1/(1+n)``) |

A student is anything with ``name`` and ``propose(pairs, k) -> tails per pair``
(:class:`Proposer`); :func:`train_proposers` trains the ones a run asks for on the accepted graph.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, Sequence

from kg.active.pool import GraphState, Pair, key

if TYPE_CHECKING:
    from kg.students.generator import TailGenerator
    from kg.students.linkpred import LinkPredictor

__all__ = [
    "Proposer",
    "LinkPredProposer",
    "RulesProposer",
    "GeneratorProposer",
    "train_proposers",
    "sparse",
    "unsure",
    "disagree",
    "conflict",
]


class Proposer(Protocol):
    """A student as the signals use it: its top-``k`` tail labels for each (head, relation)."""

    name: str

    def propose(self, pairs: Sequence[Pair], k: int) -> list[list[str]]: ...


def _by_relation(pairs: Sequence[Pair]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, (_, rel) in enumerate(pairs):
        out.setdefault(rel, []).append(i)
    return out


class LinkPredProposer:
    """A trained :class:`kg.students.linkpred.LinkPredictor` (heads it has not seen are placed by
    their label features); ``iris`` maps relation names to the IRIs it was trained on."""

    name = "linkpred"

    def __init__(self, predictor: LinkPredictor, iris: Mapping[str, str]) -> None:
        self.predictor, self.iris = predictor, dict(iris)

    def propose(self, pairs: Sequence[Pair], k: int) -> list[list[str]]:
        from kg.errors import StudentError

        out: list[list[str]] = [[] for _ in pairs]
        placed = self.predictor.model.config.label_features
        for rel, where in _by_relation(pairs).items():
            if not placed:  # without label features it knows the graph's heads only
                where = [i for i in where if self.predictor.entity_id(pairs[i][0]) is not None]
            if not where:
                continue
            try:
                preds = self.predictor.predict_many([pairs[i][0] for i in where], self.iris.get(rel, rel), k)
            except StudentError:  # a relation (or a head without label features) it does not know
                continue
            for i, row in zip(where, preds):
                out[i] = [p.label for p in row]
        return out


class RulesProposer:
    """A :class:`kg.students.rules.RulePredictor`: rules fire for heads already in the graph only;
    ``iri_of`` maps a head label to its entity IRI."""

    name = "rules"

    def __init__(self, predictor: Any, iris: Mapping[str, str], iri_of: Callable[[str], str | None]) -> None:
        self.predictor, self.iris, self.iri_of = predictor, dict(iris), iri_of

    def propose(self, pairs: Sequence[Pair], k: int) -> list[list[str]]:
        from kg.errors import StudentError

        out: list[list[str]] = [[] for _ in pairs]
        for rel, where in _by_relation(pairs).items():
            heads = [self.iri_of(pairs[i][0]) or "" for i in where]
            try:
                preds = self.predictor.predict_many(heads, self.iris.get(rel, rel), k)
            except StudentError:  # no rule or fact uses the relation
                continue
            for i, row in zip(where, preds):
                out[i] = [p.label or p.entity for p in row]
        return out


class GeneratorProposer:
    """A generator student (:class:`kg.students.generator.TailGenerator`: its public
    ``generate_batch``); :func:`train_proposers` builds the retrieval student."""

    name = "generator"

    def __init__(self, generator: TailGenerator) -> None:
        self.generator = generator

    def propose(self, pairs: Sequence[Pair], k: int) -> list[list[str]]:
        known = set(self.generator.relations)
        todo = [i for i, (_, rel) in enumerate(pairs) if rel in known]
        out: list[list[str]] = [[] for _ in pairs]
        if todo:
            for i, tails in zip(todo, self.generator.generate_batch([pairs[i] for i in todo], k)):
                out[i] = [t for t in dict.fromkeys(tails) if t.strip()]
        return out


def train_proposers(
    store: Any, domain: Any, state: GraphState, names: Sequence[str], *, seconds: float, seed: int
) -> tuple[list[Proposer], list[str]]:
    """The students ``names`` trained on the store's accepted graph; a student that cannot be
    trained (too few facts, not installed) is left out with a note saying why."""
    from kg.errors import KGError

    iris = {name: str(rel.iri) for name, rel in domain.relations.items()}
    out: list[Proposer] = []
    notes: list[str] = []
    for name in names:
        try:
            if name == "linkpred":
                from kg.students import linkpred as lp
                from kg.students.triples import read_store

                cfg = lp.TrainConfig(epochs=50, max_seconds=seconds, progress=False, eval_every=5, seed=seed)
                out.append(LinkPredProposer(lp.LinkPredictor.train(read_store(store, graph="accepted"), training=cfg), iris))
            elif name == "rules":
                from kg.students import rules
                from kg.students.triples import read_store

                predictor, _ = rules.RulePredictor.fit(read_store(store, graph="accepted"))
                out.append(RulesProposer(predictor, iris, lambda head: state.iri.get(key(head))))
            elif name == "generator":  # the product's default generator: the retrieval student
                from kg.students.generator import examples_from_store, train_generator

                examples = examples_from_store(store, domain)
                if not examples:
                    raise KGError("no labelled facts to train on")
                templates = {n: r.verbalization for n, r in domain.relations.items()}
                out.append(GeneratorProposer(train_generator(examples, templates=templates)))
        except (KGError, ImportError, ValueError) as exc:
            notes.append(f"student {name} absent this round ({type(exc).__name__}: {str(exc)[:120]}); its signals skip it")
    return out, notes


# -- the signals ----------------------------------------------------------------------------


def sparse(head: str, relation_iri: str, state: GraphState) -> float:
    """1 for a head the graph knows nothing about, falling as its accepted facts grow."""
    k = key(head)
    return 0.5 / (1 + state.facts[k]) + 0.5 / (1 + state.facts_by_relation[(k, relation_iri)])


def unsure(scores: Sequence[float], threshold: float) -> float | None:
    """How close the critic's scores of the students' proposals come to its threshold (1: one
    sits on it; 0: all as far from it as can be); ``None`` without proposals."""
    if not scores:
        return None
    span = max(threshold, 1.0 - threshold) or 1.0
    return max(1.0 - abs(float(s) - threshold) / span for s in scores)


_WORD = re.compile(r"[a-z0-9]+")


def _norm(tail: str) -> str:
    return " ".join(_WORD.findall(tail.casefold()))


def disagree(proposals: Mapping[str, Sequence[str]]) -> float | None:
    """1 - the mean overlap (Jaccard, normalised tails) of the students' proposals, over pairs of
    students that proposed something; ``None`` with fewer than two such students."""
    sets = {name: {_norm(t) for t in tails} - {""} for name, tails in proposals.items()}
    sets = {n: s for n, s in sets.items() if s}
    if len(sets) < 2:
        return None
    overlaps = [len(a & b) / len(a | b) for a, b in itertools.combinations(sets.values(), 2)]
    return 1.0 - sum(overlaps) / len(overlaps)


def conflict(head: str, relation_iri: str, state: GraphState) -> float:
    """``1 - 1/(1 + n)``, n: candidates about the head (this relation counts double) that the
    conflict checks rejected."""
    k = key(head)
    n = sum(c for (h, _), c in state.conflicts.items() if h == k) + state.conflicts[(k, relation_iri)]
    return 1.0 - 1.0 / (1 + n)
