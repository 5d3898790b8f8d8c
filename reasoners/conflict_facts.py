"""The records :mod:`reasoners.conflicts` works with: facts, the batch so far, conflicts found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from reasoners.schema import Term, Triple, is_literal

__all__ = ["Fact", "Conflict", "Batch", "edges"]


@dataclass
class Fact:
    """A fact a candidate may conflict with: a stored triple or an accepted candidate of the batch."""

    triple: Triple
    origin: str  # "store" or "batch"
    index: int = -1  # position in the batch, for batch facts
    confidence: float | None = None  # store facts: read lazily


@dataclass(frozen=True)
class Conflict:
    """One conflict of a candidate: its kind, the facts it conflicts with, and a message."""

    kind: str
    facts: tuple[Fact, ...]
    what: str


@dataclass
class Batch:
    """The candidates of a batch accepted so far, by entity, and the classes they give each entity."""

    facts: list[Fact] = field(default_factory=list)
    by_entity: dict[Term, list[Fact]] = field(default_factory=lambda: defaultdict(list))
    # classes the batch's facts give each entity
    types: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))

    def add(self, fact: Fact, given: Callable[[Triple, Term], frozenset[Term]] | None = None) -> None:
        self.facts.append(fact)
        s, _, o = fact.triple
        self.by_entity[s].append(fact)
        if o != s and not is_literal(o):
            self.by_entity[o].append(fact)
        if given is not None:
            self.types[s] |= given(fact.triple, s)
            if o != s and not is_literal(o):
                self.types[o] |= given(fact.triple, o)


def edges(facts: Iterable[Fact], x: Term, p: Term, inverses: set[Term]) -> Iterator[tuple[Term, Fact]]:
    """(next node, fact) for each fact that is a p-edge out of ``x`` (or an inverse edge into it)."""
    for f in facts:
        fs, fp, fo = f.triple
        if fp == p and fs == x:
            yield fo, f
        elif fp in inverses and fo == x:
            yield fs, f
