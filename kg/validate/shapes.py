"""The ``shacl`` check: the domain's SHACL shapes, run once per batch on the batch, the inferred
types of its entities and the part of the store the shapes' counting constraints need; each
violation is blamed on the candidates that put the offending edge there.

The shapes run on :mod:`kg.shacl` (a compiled SHACL Core engine with pySHACL's results), or on
pySHACL itself when asked to or when the shapes are outside the compiled engine's subset
(:attr:`ShapeCheck.fallback` says why)."""

from __future__ import annotations

from typing import Iterator, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from kg.records import Candidate, Reason
from kg.iri import local_name
from kg.shacl import Data, InversePath, Shapes, Unsupported, pyshacl_validate
from kg.shacl.vocab import ALLOWED, SH_TARGET_CLASS, SH_TARGET_OBJECTS, SH_TARGET_SUBJECTS
from kg.terms import STORED_AS_INTEGER, stored_form
from kg.validate.batch import Batch
from kg.validate.common import (
    RDF_TYPE,
    RDFS_LABEL,
    SH,
    SH_INVERSE,
    SH_PATH,
    SH_PROPERTY,
    show,
)

__all__ = ["ShapeCheck"]

_PAIRS = {URIRef(SH + n) for n in ("disjoint", "equals", "lessThan", "lessThanOrEquals")}
_QUALIFIED = {URIRef(SH + "qualifiedMaxCount")}
_COUNTING = [URIRef(SH + n) for n in ("maxCount", "uniqueLang")] + sorted(_QUALIFIED | _PAIRS)


class ShapeCheck:
    """A domain's shapes, ready to judge batches. ``engine`` is ``"compiled"`` or ``"pyshacl"``;
    ``enabled`` False leaves the shapes uncompiled (the validator then runs no SHACL)."""

    def __init__(self, shapes: Graph, *, engine: str, enabled: bool = True) -> None:
        self.shapes = shapes
        self.node_shape_of: dict[Node, Node] = {ps: ns for ns, ps in shapes.subject_objects(SH_PROPERTY)}
        self.forward_paths, self.inverse_paths = self._counting_paths()
        self.compiled: Shapes | None = None
        self.fallback: str | None = "shacl_engine='pyshacl'" if engine == "pyshacl" else None
        """Why the shapes run on pySHACL (None while the compiled engine runs)."""
        if enabled and engine == "compiled":
            try:
                self.compiled = Shapes(shapes)
            except Unsupported as exc:
                self.fallback = exc.reason

    def _counting_paths(self) -> tuple[set[URIRef], set[URIRef]]:
        """Paths of property shapes with counting / pair constraints: the store triples along
        them are what a batch's SHACL run needs besides the batch itself. Also sets
        ``partners`` (a pair constraint's two properties, each to the other: ``sh:disjoint``,
        ``sh:lessThan``, ... compare a node's values along both, so a candidate along one needs
        the store's values along the other) and ``qualified`` (the paths of qualified value
        shapes, whose stored values need their types: ``sh:qualifiedValueShape [ sh:class C ]``
        counts only the values that are a C)."""
        forward: set[URIRef] = set()
        inverse: set[URIRef] = set()
        self.partners: dict[URIRef, set[URIRef]] = {}
        self.qualified: set[URIRef] = set()
        g = self.shapes
        for comp in _COUNTING:
            for shape, other in g.subject_objects(comp):
                path = g.value(shape, SH_PATH)
                if isinstance(path, URIRef):
                    forward.add(path)
                    if comp in _PAIRS and isinstance(other, URIRef):
                        self.partners.setdefault(path, set()).add(other)
                        self.partners.setdefault(other, set()).add(path)
                elif path is not None:
                    inv = g.value(path, SH_INVERSE)
                    if isinstance(inv, URIRef):
                        inverse.add(inv)
                along = path if isinstance(path, URIRef) else None if path is None else g.value(path, SH_INVERSE)
                if comp in _QUALIFIED and isinstance(along, URIRef):
                    self.qualified.add(along)
        return forward, inverse

    def check(self, cands: Sequence[Candidate], survivors: list[int], batch: Batch) -> Iterator[tuple[int, Reason]]:
        """(candidate index, reason) for each violation, among the candidates ``survivors``
        (those no earlier check rejected)."""
        data = Data()
        add = data.add
        nodes: set[Node] = set()
        labels: dict[str, Literal] = {}
        # a literal as the store will hold it: "1.50"^^xsd:decimal is the stored 1.5, one value
        objects = {i: stored_form(o) if isinstance(o := cands[i].object, Literal) else o for i in survivors}
        for i in survivors:
            c = cands[i]
            add(c.subject, c.predicate, objects[i])
            nodes.add(c.subject)
            if c.subject_label:
                add(c.subject, RDFS_LABEL, _literal(labels, c.subject_label))
            if isinstance(c.object, URIRef):
                nodes.add(c.object)
                if c.object_label:
                    add(c.object, RDFS_LABEL, _literal(labels, c.object_label))
        # the store triples the counting constraints need: a count along a path at a node can
        # only change where the batch adds an edge along that path at that node
        if batch.view.store is not None:
            wanted: set[tuple[Node, URIRef, bool]] = set()
            for i in survivors:
                s, p, o = cands[i].triple
                if p in self.forward_paths:
                    wanted.add((s, p, True))
                for other in self.partners.get(p, ()):
                    wanted.add((s, other, True))
                if p in self.inverse_paths and isinstance(o, (URIRef, BNode)):
                    wanted.add((o, p, False))
            for n, p, forward in wanted:
                if forward:
                    declared = batch.index.range.get(p)
                    found = [as_declared(x, declared) for x in batch.view.values(n, p, None, graphs=("accepted",))]
                    for x in found:
                        add(n, p, x)
                else:
                    found = list(batch.view.values(None, p, n, graphs=("accepted",)))
                    for x in found:
                        add(x, p, n)
                if p in self.qualified:  # the stored values' types, which the qualified shape reads
                    nodes.update(x for x in found if isinstance(x, URIRef))
        # types of the batch's entities (only they are focus nodes): what the batch knows of
        # each, plus the domains / ranges of the batch's edges
        typed: dict[Node, set[URIRef]] = {n: set(batch.known_types(n)) for n in nodes}
        for i in survivors:
            s, p, o = cands[i].triple
            if p == RDF_TYPE and isinstance(o, URIRef):
                typed[s].add(o)
                continue
            d = batch.index.domain.get(p)
            if d is not None:
                typed[s].add(d)
            r = batch.index.range.get(p)
            if r is not None and o in typed:
                typed[o].add(r)
        for n, classes in typed.items():
            for cls in batch.index.closure(classes):
                add(n, RDF_TYPE, cls)

        if self.compiled is not None:
            conforms, results = self.compiled.validate(data)
        else:
            conforms, results = pyshacl_validate(data.graph(), self.shapes)
        if conforms:
            return
        by_subject: dict[Node, list[int]] = {}
        by_object: dict[Node, list[int]] = {}
        for i in survivors:
            by_subject.setdefault(cands[i].subject, []).append(i)
            by_object.setdefault(objects[i], []).append(i)
        for result in results:
            if result.severity in ALLOWED:  # sh:Warning, sh:Info: pySHACL's allow_warnings (documented)
                continue
            focus, path, value = result.focus, result.path, result.value
            shape = self.node_shape_of.get(result.shape, result.shape)
            message = result.message or "violates a SHACL shape"
            targets = self._blame(cands, objects, by_subject, by_object, focus, path, value, shape, batch)
            detail = f"{message} (focus: {batch.names.entity(focus)}"
            if isinstance(path, URIRef):
                detail += f", path: {local_name(path)}"
            if value is not None:
                detail += f", value: {show(value)}"
            detail += ")"
            for i in targets:
                yield i, Reason("shacl", detail, focus, shape if isinstance(shape, URIRef) else None)

    def _blame(self, cands, objects, by_subject, by_object, focus, path, value, shape, batch: Batch) -> list[int]:
        """Candidates a SHACL result is about: those that put the offending edge there
        (``objects``: each candidate's object as the data holds it)."""
        if isinstance(path, URIRef):
            hits = [i for i in by_subject.get(focus, ()) if cands[i].predicate == path and (value is None or objects[i] == value)]
            if path == RDFS.label and not hits:
                hits = [i for i in by_subject.get(focus, ()) if cands[i].subject_label] + [
                    i for i in by_object.get(focus, ()) if cands[i].object_label
                ]
            return hits
        if isinstance(path, InversePath):
            inv = path.predicate
            return [i for i in by_object.get(focus, ()) if cands[i].predicate == inv and (value is None or cands[i].subject == value)]
        # no path: a constraint on the focus node itself (sh:class, sh:sparql, sh:node, ...).
        # A value other than the focus is the other end of the offending edge (sh:sparql's
        # ?value); else the candidates that made the node a focus of the shape are to blame,
        # not every fact about it ("Paris motto ..." was rejected for "zed worksFor Paris")
        if value is not None and value != focus:
            hits = [i for i in by_subject.get(focus, ()) if objects[i] == value] or [
                i for i in by_object.get(focus, ()) if cands[i].subject == value
            ]
            if hits:
                return hits
        hits = self._made_focus(cands, by_subject, by_object, focus, shape, batch)
        return hits or list(by_subject.get(focus, ())) or list(by_object.get(focus, ()))

    def _made_focus(self, cands, by_subject, by_object, focus, shape, batch: Batch) -> list[int]:
        """The candidates that make ``focus`` a target of ``shape``: an edge along one of its
        ``sh:targetSubjectsOf`` / ``sh:targetObjectsOf`` properties, or a type of its
        ``sh:targetClass`` (or of the shape itself, an implicit class target), stated or implied
        by a domain or range."""
        g = self.shapes
        subjects_of = set(g.objects(shape, SH_TARGET_SUBJECTS))
        objects_of = set(g.objects(shape, SH_TARGET_OBJECTS))
        classes = set(g.objects(shape, SH_TARGET_CLASS)) | {shape}
        hits = []
        for i in by_subject.get(focus, ()):
            c = cands[i]
            if c.predicate in subjects_of:
                hits.append(i)
                continue
            given = c.object if c.predicate == RDF_TYPE else batch.index.domain.get(c.predicate)
            if isinstance(given, URIRef) and classes & set(batch.index.closure({given})):
                hits.append(i)
        for i in by_object.get(focus, ()):
            c = cands[i]
            given = batch.index.range.get(c.predicate)
            if c.predicate in objects_of or (isinstance(given, URIRef) and classes & set(batch.index.closure({given}))):
                hits.append(i)
        return hits


def as_declared(value: Node, declared: Node | None) -> Node:
    """A stored value with the datatype its property declares, when the store lost it: the
    store (Oxigraph) keeps every integer as ``xsd:integer``, so ``"1512491"^^xsd:nonNegativeInteger``
    comes back as ``"1512491"^^xsd:integer``, and the shapes would count it as a second value
    beside the same candidate, and fail ``sh:datatype xsd:nonNegativeInteger`` on it. Only an
    ``xsd:integer`` whose value the declared type holds is given that type."""
    if not isinstance(declared, URIRef):
        return value
    bounds = STORED_AS_INTEGER.get(str(declared))
    if bounds is None or not (isinstance(value, Literal) and value.datatype == XSD.integer):
        return value
    number = value.toPython()
    low, high = bounds
    if not isinstance(number, int) or (low is not None and number < low) or (high is not None and number > high):
        return value
    return Literal(str(number), datatype=declared)


def _literal(labels: dict[str, Literal], text: str) -> Literal:
    """``Literal(text)``, one per text in a run."""
    lit = labels.get(text)
    if lit is None:
        lit = labels[text] = Literal(text)
    return lit
