"""Views of the closure a rule joins against: in memory, or over a store plus what is new.

:class:`View` is what :class:`reasoners.ruleset.RuleSet` asks (``add``, ``contains``,
``objects``, ``subjects``, ``pairs``); :class:`MemoryView` holds the whole closure in sets
(:meth:`reasoners.rules.Materializer.rebuild`), :class:`StoreView` asks the store's
``accepted`` + ``inferred`` and keeps the batch's new triples beside it
(:meth:`reasoners.rules.Materializer.derive`; :mod:`reasoners.explain`).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Iterable, Iterator, Protocol, cast

import pyoxigraph as ox

from kg.provenance import ACCEPTED, INFERRED
from kg.store import EmbeddedStore, Store
from reasoners.schema import TYPE, Term, Triple, is_literal, term, to_node

__all__ = ["View", "MemoryView", "StoreView", "SCAN_AFTER"]

_Subject = ox.NamedNode | ox.BlankNode
_GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph  # what a quad's graph_name can be

SCAN_AFTER = 3
"""Questions about one subject's classes answered by point lookups before they are read in
one scan."""


class View(Protocol):
    """What rules join against: the triples known so far (:class:`StoreView` over a store,
    :class:`MemoryView` in memory). ``add`` says whether the triple is new."""

    def add(self, t: Triple) -> bool: ...

    def contains(self, t: Triple) -> bool: ...

    def objects(self, s: Term, p: Term) -> Iterable[Term]: ...

    def subjects(self, p: Term, o: Term) -> Iterable[Term]: ...

    def pairs(self, p: Term) -> Iterable[tuple[Term, Term]]: ...


class MemoryView:
    """The closure in memory: a set of triples, plus (s,p)→{o} and (p,o)→{s} indexes for the
    predicates that take part in joins."""

    def __init__(self, indexed: frozenset[Term]) -> None:
        self.known: set[Triple] = set()
        self.given: set[Triple] = set()  # premises joined with, not known (:meth:`give`)
        self.indexed = indexed
        self.sp: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        self.po: dict[tuple[Term, Term], set[Term]] = defaultdict(set)

    def add(self, t: Triple) -> bool:
        if t in self.known:
            return False
        self.known.add(t)
        if t[1] in self.indexed:
            self.sp[(t[0], t[1])].add(t[2])
            self.po[(t[1], t[2])].add(t[0])
        return True

    def give(self, t: Triple) -> None:
        """Let ``t`` take part in joins and membership tests as a premise (a trusted reference
        fact) without knowing it: :meth:`add` of it is still new, so where the closure derives it,
        it is inferred."""
        self.given.add(t)
        if t[1] in self.indexed:
            self.sp[(t[0], t[1])].add(t[2])
            self.po[(t[1], t[2])].add(t[0])

    def objects(self, s: Term, p: Term) -> Iterable[Term]:
        found = self.sp.get((s, p))
        return tuple(found) if found else ()

    def subjects(self, p: Term, o: Term) -> Iterable[Term]:
        found = self.po.get((p, o))
        return tuple(found) if found else ()

    def contains(self, t: Triple) -> bool:
        return t in self.known or t in self.given

    def pairs(self, p: Term) -> Iterable[tuple[Term, Term]]:
        return [(s, o) for (s, q, o) in [*self.known, *self.given] if q == p]


class StoreView:
    """The store's ``accepted`` + ``inferred`` (closed under the rules) plus ``local``, the
    triples asserted or derived since the view was made: a membership test is a point lookup
    per graph (``inferred`` first, where a derived triple the store holds mostly is);
    ``objects`` (``s p ?``) and ``subjects`` (``? p o``) one index scan each, cached for the
    view's life (one batch, or a run's batches when the materializer tracks writes: what the
    store held when asked plus ``local`` stays the whole answer as long as every write to the
    two graphs is in ``local``); terms are converted to pyoxigraph once per view."""

    def __init__(
        self, store: Store, indexed: frozenset[Term], ranges: dict[Term, tuple[Term, ...]] | None = None,
        *, empty: bool = False,
    ) -> None:
        self.store = store
        self.local = MemoryView(indexed)
        self.ranges = ranges or {}
        # the store held nothing in the two graphs when the view was made, and every write to
        # them since is in ``local`` (a tracked run on a fresh store): nothing to ask the store
        self.empty = empty
        # an embedded store answers one scan over every graph, filtered to the two we read: half
        # the scans of asking accepted and inferred in turn (the raw store is fetched per
        # lookup, never kept: a kept reference would hold the store's lock after ``close()``)
        self._embedded = store if isinstance(store, EmbeddedStore) else None
        self._graphs = (INFERRED, ACCEPTED)  # a derived triple the store holds is mostly inferred
        self._nodes: dict[Term, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self._objects: dict[tuple[Term, Term], set[Term]] = {}
        self._asked: dict[Term, int] = {}  # point lookups of each subject's classes
        self._scans: dict[tuple[Term, Term], dict[Term, list[_GraphName]]] = {}
        self._subjects: dict[tuple[Term, Term], set[Term]] = {}

    def node(self, t: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """``t`` as a pyoxigraph term (converted once per view)."""
        found = self._nodes.get(t)
        if found is None:
            found = self._nodes[t] = to_node(t)
        return found

    def _match(self, s: Term | None, p: Term | None, o: Term | None) -> Iterator[ox.Quad]:
        if self.empty:
            return
        node = self.node
        sn = node(s) if s is not None else None
        pn = node(p) if p is not None else None
        on = node(o) if o is not None else None
        if self._embedded is not None:
            graphs = self._graphs
            # callers never ask with a literal subject; a predicate is an IRI
            subject, predicate = cast("_Subject | None", sn), cast("ox.NamedNode | None", pn)
            for q in self._embedded.raw.quads_for_pattern(subject, predicate, on, None):
                if q.graph_name in graphs:
                    yield q
            return
        for graph in ("accepted", "inferred"):
            yield from self.store.match(sn, pn, on, graph=graph)

    def _holds(self, t: Triple, graphs: tuple[ox.NamedNode, ...]) -> bool:
        """Whether one of ``graphs`` holds ``t``. On an embedded store, a point lookup per graph
        (several times cheaper than opening an index scan, and nothing to decode); but from the
        :data:`SCAN_AFTER`-th question about one subject's classes on, one scan of its classes
        (few: bounded by the ontology) answers them (a city's classes would cost many lookups).
        Other predicates are not scanned: an order's closure can give a subject hundreds of
        objects, each decoded."""
        s, p, o = t
        if s[0] == '"' or self.empty:
            return False
        found = self._scans.get((s, p))
        if found is None and self._embedded is not None:
            if p == TYPE:
                asked = self._asked[s] = self._asked.get(s, 0) + 1
            if p != TYPE or asked < SCAN_AFTER:
                raw = self._embedded.raw
                nodes = self._nodes
                sn, pn, on = nodes.get(s) or self.node(s), nodes.get(p) or self.node(p), nodes.get(o) or self.node(o)
                # s is not a literal (checked above) and a triple's predicate is an IRI: casts, not
                # isinstance checks, on this hot path
                subject, predicate = cast(_Subject, sn), cast(ox.NamedNode, pn)
                for g in graphs:
                    if ox.Quad(subject, predicate, on, g) in raw:
                        return True
                return False
        in_graphs = (found if found is not None else self._scan(s, p)).get(o)
        return in_graphs is not None and any(g in in_graphs for g in graphs)

    def _scan(self, s: Term, p: Term) -> dict[Term, list[_GraphName]]:
        """Every ``o`` with ``s p o`` in ``accepted`` or ``inferred``, with the graphs holding it
        (one index scan, cached for the view's life)."""
        found = self._scans.get((s, p))
        if found is None:
            found = self._scans[(s, p)] = defaultdict(list)
            for q in self._match(s, p, None):
                found[sys.intern(str(q.object))].append(q.graph_name)
        return found

    def in_store(self, t: Triple, graph: str | None = None) -> bool:
        """Whether the store holds ``t`` in ``accepted`` or ``inferred`` (cached answers), or,
        given ``graph``, in that graph now (asked each time)."""
        if graph is None:
            return self._holds(t, self._graphs)
        if is_literal(t[0]):
            return False
        sn, pn, on = self.node(t[0]), self.node(t[1]), self.node(t[2])
        if self._embedded is not None:
            # t[0] is not a literal (checked above) and a triple's predicate is an IRI
            quad = ox.Quad(cast(_Subject, sn), cast(ox.NamedNode, pn), on, self._embedded.graph_node(graph))
            return quad in self._embedded.raw
        return next(iter(self.store.match(sn, pn, on, graph=graph)), None) is not None

    def add(self, t: Triple) -> bool:
        return self.local.add(t) and not self.in_store(t)

    def objects(self, s: Term, p: Term) -> Iterable[Term]:
        """Every ``o`` with ``s p o`` (a set the caller must not change)."""
        local = self.local.sp.get((s, p))
        if s[0] == '"':
            return set(local) if local else ()
        found = self._objects.get((s, p))
        if found is None:
            found = self._objects[(s, p)] = set(self._scan(s, p))
        return found | local if local else found

    def subjects(self, p: Term, o: Term) -> Iterable[Term]:
        """Every ``s`` with ``s p o`` (a set the caller must not change)."""
        local = self.local.po.get((p, o))
        found = self._subjects.get((p, o))
        if found is None:
            if self._no_incoming(p, o):
                found = set()
            else:
                found = {sys.intern(str(q.subject)) for q in self._match(None, p, o)}
            self._subjects[(p, o)] = found
        return found | local if local else found

    def _no_incoming(self, p: Term, o: Term) -> bool:
        """True when the store surely holds no ``? p o``: the store is closed under prp-rng,
        so such a triple would have typed ``o`` with ``p``'s range, and ``o`` has no such
        type (point lookups instead of an index scan; most entities of a batch are new)."""
        ranges = self.ranges.get(p)
        if not ranges or o[0] == '"':
            return False
        return not any(self._holds((o, TYPE, c), self._graphs) for c in ranges)

    def contains(self, t: Triple) -> bool:
        return self.local.contains(t) or self.in_store(t)

    def pairs(self, p: Term) -> Iterable[tuple[Term, Term]]:
        out = set(self.local.pairs(p))
        out.update((term(q.subject), term(q.object)) for q in self._match(None, p, None))
        return out
