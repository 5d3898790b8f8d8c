"""The engine's data: a data graph held as dicts and sets of rdflib terms (:class:`Data`), the
results it gives (:class:`Result`, with :class:`InversePath` paths), and :class:`Unsupported`
for a shapes graph it leaves to pySHACL."""

from __future__ import annotations

from typing import Iterable, NamedTuple

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.reach import reachable
from kg.shacl.vocab import RDF_TYPE, RDFS_SUBCLASS

__all__ = ["Data", "InversePath", "Result", "Unsupported"]

_EMPTY: set = set()


class Unsupported(Exception):
    """A shapes graph (or part of one) this engine does not evaluate exactly like pySHACL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InversePath(NamedTuple):
    """The path ``[ sh:inversePath predicate ]``."""

    predicate: URIRef


class Result(NamedTuple):
    """One validation result, as in a pySHACL report. ``path`` is an IRI, an
    :class:`InversePath`, the report's own node for a path pySHACL alone handles, or None."""

    focus: Node
    path: URIRef | InversePath | Node | None
    value: Node | None
    shape: Node
    severity: Node
    message: str | None
    component: URIRef


class Data:
    """A data graph as dicts of rdflib terms: ``out[s][p]`` and ``into[o][p]`` are sets."""

    __slots__ = ("out", "into", "_supers", "_by_predicate")

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]] = ()) -> None:
        self.out: dict[Node, dict[Node, set[Node]]] = {}
        self.into: dict[Node, dict[Node, set[Node]]] = {}
        self._supers: dict[Node, set[Node]] = {}
        self._by_predicate: tuple[dict, dict] | None = None  # p -> subjects, p -> objects
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s: Node, p: Node, o: Node) -> None:
        out = self.out.get(s)
        if out is None:
            out = self.out[s] = {}
        objs = out.get(p)
        if objs is None:
            out[p] = {o}
        else:
            objs.add(o)
        into = self.into.get(o)
        if into is None:
            into = self.into[o] = {}
        subs = into.get(p)
        if subs is None:
            into[p] = {s}
        else:
            subs.add(s)
        self._by_predicate = None
        if p == RDFS_SUBCLASS:
            self._supers.clear()

    def __iter__(self):
        for s, po in self.out.items():
            for p, objs in po.items():
                for o in objs:
                    yield s, p, o

    def graph(self) -> Graph:
        """The same triples as an rdflib graph (for pySHACL)."""
        g = Graph()
        for t in self:
            g.add(t)
        return g

    def objects(self, s: Node, p: Node) -> set[Node]:
        po = self.out.get(s)
        return po.get(p, _EMPTY) if po else _EMPTY

    def subjects(self, p: Node, o: Node) -> set[Node]:
        po = self.into.get(o)
        return po.get(p, _EMPTY) if po else _EMPTY

    def values(self, focus: Node, path: URIRef | InversePath) -> set[Node]:
        if isinstance(path, InversePath):
            return self.subjects(path.predicate, focus)
        return self.objects(focus, path)

    def _closure(self, start: Node, index: dict) -> set[Node]:
        return reachable(start, lambda n: index.get(n, {}).get(RDFS_SUBCLASS, ()))

    def superclasses(self, cls: Node) -> set[Node]:
        """``cls`` and its ``rdfs:subClassOf*`` ancestors in the data."""
        got = self._supers.get(cls)
        if got is None:
            got = self._supers[cls] = self._closure(cls, self.out)
        return got

    def is_instance(self, node: Node, cls: Node) -> bool:
        return any(t == cls or cls in self.superclasses(t) for t in self.objects(node, RDF_TYPE))

    def instances(self, cls: Node) -> set[Node]:
        """Nodes with ``rdf:type`` ``cls`` or one of its subclasses in the data."""
        found = set(self.subjects(RDF_TYPE, cls))
        for sub in self._closure(cls, self.into):
            if sub != cls:
                found.update(self.subjects(RDF_TYPE, sub))
        return found

    def _predicates(self) -> tuple[dict, dict]:
        if self._by_predicate is None:
            subjects: dict[Node, set[Node]] = {}
            objects: dict[Node, set[Node]] = {}
            for index, by in ((self.out, subjects), (self.into, objects)):
                for n, po in index.items():
                    for p in po:
                        got = by.get(p)
                        if got is None:
                            by[p] = {n}
                        else:
                            got.add(n)
            self._by_predicate = (subjects, objects)
        return self._by_predicate

    def subjects_of(self, p: Node) -> set[Node]:
        return self._predicates()[0].get(p, _EMPTY)

    def objects_of(self, p: Node) -> set[Node]:
        return self._predicates()[1].get(p, _EMPTY)
