"""The store as one batch of the validator asks about it (:class:`StoreView`): point lookups
about the batch's own entities, each answered once, so the cost of a batch does not grow with
the store."""

from __future__ import annotations

import re
from itertools import islice
from typing import Iterable, Iterator, cast

import pyoxigraph as ox

from rdflib import URIRef
from rdflib.term import Node

from kg.store import EmbeddedStore, Store
from kg.terms import from_ox, to_ox
from kg.validate.common import RDF_TYPE

_OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = ["NEIGHBOURHOOD_CAP", "StoreView"]

NEIGHBOURHOOD_CAP = 1000
"""At most this many store triples per (entity, shape path) join a batch's SHACL run (a
count above ``sh:maxCount`` is still seen as one)."""
PREFETCH_CHUNK = 2000
"""Entities per prefetch query."""
_PLAIN_IRI = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')
"""An IRI that can be written between ``<>`` in a query as it is."""


class StoreView:
    """The store's ``accepted`` (and ``inferred``) graphs as one batch asks about them: point
    lookups only, each answered once. :meth:`prefetch` learns, in two SPARQL queries for the
    whole batch, which predicates each entity takes part in (each way); a question whose
    predicate the entity does not take part in is then answered without a lookup, which is
    most questions (new entities, relations an entity lacks). The other lookups go to
    pyoxigraph directly on an embedded store, each term converted once. Values come graph by
    graph, in the store's order, at most ``limit`` per graph."""

    def __init__(
        self,
        store: Store | None,
        graphs: tuple[str, ...],
        predicates: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None,
        types: dict[str, list[Node]] | None = None,
        *,
        fresh: bool = False,
    ) -> None:
        self.store = store
        self.graphs = graphs
        self._raw = store.raw if isinstance(store, EmbeddedStore) else None
        self._graph_nodes = {g: store.graph_node(g) for g in graphs} if self._raw is not None else {}  # type: ignore[union-attr]
        self._terms: dict[Node, _OxTerm] = {}
        # entity IRI -> its predicates' IRIs, out / in (shared across batches when writes are tracked)
        self._predicates: tuple[dict[str, set[str]], dict[str, set[str]]] = predicates or ({}, {})
        self._iris: dict[Node, str] = {}  # predicate -> its IRI as a plain str
        self._points: dict[tuple[Node | None, Node, Node | None], bool] = {}
        # entity IRI -> its classes (shared across batches when writes are tracked: a class
        # written later is added by ``Validator.observe``)
        self._types: dict[str, list[Node]] = types if types is not None else {}
        self._fresh = fresh  # ``predicates`` holds every entity the store has (see Validator)

    def prefetch(self, nodes: Iterable[Node]) -> None:
        """Learn the predicates of the quads each entity (an IRI) is the subject / object of."""
        if self.store is None:
            return
        known = self._predicates[0]
        iris = list({n for n in nodes if isinstance(n, URIRef) and str(n) not in known and _PLAIN_IRI.match(n)})
        if self._fresh:  # what the store has of them, the index was told (observe)
            for n in iris:
                known.setdefault(str(n), set())
                self._predicates[1].setdefault(str(n), set())
            return
        for start in range(0, len(iris), PREFETCH_CHUNK):
            chunk = iris[start:start + PREFETCH_CHUNK]
            values = " ".join(f"<{n}>" for n in chunk)
            for index, pattern in zip(self._predicates, ("?n ?p ?o", "?o ?p ?n")):
                found: dict[str, set[str]] = {str(n): set() for n in chunk}
                query = f"SELECT DISTINCT ?n ?p WHERE {{ VALUES ?n {{ {values} }} {pattern} }}"
                for n, p in self._query(query):
                    found[n.value].add(p.value)
                for n in chunk:
                    index[str(n)] = found[str(n)]

    def _query(self, sparql: str) -> Iterable:
        """SELECT rows over the graphs in use (on an embedded store, without waiting for the
        store's background writes, which go to other graphs)."""
        if self._raw is not None:
            rows = self._raw.query(sparql, default_graph=[self._graph_nodes[g] for g in self.graphs])
            if not isinstance(rows, ox.QuerySolutions):
                raise TypeError(f"not a SELECT query: {sparql}")
            return rows
        return self.store.query(sparql, graph="knowledge")  # type: ignore[union-attr]

    def _ox(self, term: Node | None) -> _OxTerm | None:
        if term is None:
            return None
        got = self._terms.get(term)
        if got is None:
            got = self._terms[term] = to_ox(term)
        return got

    def _absent(self, s: Node | None, p: Node, o: Node | None) -> bool:
        """Whether the prefetched predicates show that nothing matches (s p ?) / (? p o)."""
        preds = self._predicates[0].get(str(s)) if s is not None else self._predicates[1].get(str(o))
        if preds is None:
            return False
        iri = self._iris.get(p)
        if iri is None:
            iri = self._iris[p] = str(p)
        return iri not in preds

    def possible(self, node: Node, predicates: list[URIRef], way: int) -> list[URIRef]:
        """Those of ``predicates`` (in order) that the prefetched predicates of ``node`` (out:
        ``way`` 0, in: 1) do not rule out."""
        known = self._predicates[way].get(str(node))
        if known is None:
            return predicates
        if not known:
            return []
        iris = self._iris
        return [p for p in predicates if (iris.get(p) or iris.setdefault(p, str(p))) in known]

    def _match(self, s: Node | None, p: Node | None, o: Node | None, graph: str) -> Iterator:
        if self._raw is not None:
            # what pyoxigraph accepts in each position (it rejects a literal subject or predicate
            # with a TypeError: the casts change nothing at run time)
            subject, predicate = cast("ox.NamedNode | ox.BlankNode | None", self._ox(s)), cast("ox.NamedNode | None", self._ox(p))
            return self._raw.quads_for_pattern(subject, predicate, self._ox(o), self._graph_nodes[graph])
        return self.store.match(s, p, o, graph=graph)  # type: ignore[union-attr]

    def values(self, s: Node | None, p: Node, o: Node | None, limit: int = NEIGHBOURHOOD_CAP,
               graphs: tuple[str, ...] | None = None) -> list[Node]:
        """Objects (``o`` None) or subjects (``s`` None) of ``p`` in the store."""
        if self.store is None or self._absent(s, p, o):
            return []
        out: list[Node] = []
        for g in self.graphs if graphs is None else graphs:
            for q in islice(self._match(s, p, o, g), limit):
                out.append(from_ox(q.object if o is None else q.subject))
        return out

    def types(self, node: Node) -> list[Node]:
        """``node``'s classes in the store (``values(node, rdf:type, None)``), read once."""
        if not isinstance(node, URIRef):
            return self.values(node, RDF_TYPE, None)
        key = str(node)
        got = self._types.get(key)
        if got is None:
            got = self._types[key] = self.values(node, RDF_TYPE, None)
        return got

    def has(self, s: Node | None, p: Node, o: Node | None) -> bool:
        if self.store is None or self._absent(s, p, o) or (s is not None and o is not None and self._absent(None, p, o)):
            return False
        key = (s, p, o)
        got = self._points.get(key)
        if got is None:
            got = self._points[key] = any(next(iter(self._match(s, p, o, g)), None) is not None for g in self.graphs)
        return got

