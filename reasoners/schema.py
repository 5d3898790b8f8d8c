"""The TBox of a domain, compiled once for the reasoners.

Terms are kept as their N-Triples text (``<http://...>``, ``_:b0``, ``"5"^^<...>``): the form
pyoxigraph prints and dumps, so triples read from the store, from a dump or from rdflib all
meet as the same hashable, interned Python strings (cheap to hash and compare, no decoding
table needed). Subsumption is closed here (OWL 2 RL ``scm-sco``, ``scm-spo``, ``scm-eqc1/2``,
``scm-eqp1/2``), so a rule applies a whole chain of super-classes in one step. Property chains
(``owl:propertyChainAxiom``) of named properties are kept as given; one with an inverse
property expression in it is not read.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from kg.namespaces import prefixed_name
from kg.ontology import DomainLike, ontology_of
from kg.terms import stored_literal, to_ox

Term = str
"""A term in N-Triples form."""

Triple = tuple[Term, Term, Term]

TYPE: Term = f"<{RDF.type}>"
LABEL: Term = f"<{RDFS.label}>"


_OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


def _as_stored(text: str) -> str:
    """A literal as the store holds it (:func:`kg.terms.stored_literal`), so a candidate and the
    stored fact it repeats meet as one term (a functional property's one value, not two)."""
    return stored_literal(text)


def term(node: object) -> Term:
    """The interned N-Triples text of an rdflib or pyoxigraph term, literals as the store
    holds them (:func:`_as_stored`).

    An rdflib IRI is written as ``<iri>`` directly (what pyoxigraph prints for it; this is the
    hot path: three calls per candidate), other terms go through pyoxigraph."""
    kind = type(node)
    if kind is URIRef:
        return sys.intern(f"<{node}>")
    if type(node) is str:
        return sys.intern(_as_stored(node))
    if kind in _OX_TERMS:
        return sys.intern(_as_stored(str(node)))
    if isinstance(node, str) and not isinstance(node, Node):
        return sys.intern(_as_stored(node))
    if isinstance(node, _OX_TERMS):
        return sys.intern(_as_stored(str(node)))
    if not isinstance(node, Node):
        raise TypeError(f"not an RDF term: {node!r}")
    return sys.intern(_as_stored(str(to_ox(node))))


def is_literal(t: Term) -> bool:
    return t.startswith('"')


def to_node(t: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term from its N-Triples text."""
    if t.startswith("<"):
        return ox.NamedNode(t[1:-1])
    if t.startswith("_:"):
        return ox.BlankNode(t[2:])
    quad = next(iter(ox.parse(input=f"<urn:x:s> <urn:x:p> {t} .", format=ox.RdfFormat.N_TRIPLES)))
    return quad.object


def to_rdflib(t: Term) -> Node:
    from kg.terms import from_ox

    return from_ox(to_node(t))


def short(t: Term) -> str:
    """A prefixed name for an IRI term when a known prefix fits, else the term itself."""
    return (prefixed_name(t[1:-1]) if t.startswith("<") else None) or t


def _closure(direct: dict[Term, set[Term]]) -> dict[Term, frozenset[Term]]:
    """Strict reflexive-free transitive closure of a relation given as adjacency sets."""
    out: dict[Term, frozenset[Term]] = {}
    for start in direct:
        seen: set[Term] = set()
        stack = list(direct[start])
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            stack.extend(direct.get(x, ()))
        seen.discard(start)
        out[start] = frozenset(seen)
    return out


Axiom = tuple[Term, str, Term]
"""A schema axiom as the ontology writes it: ``(term, "rdfs:subClassOf", term)``."""


def _edges(g: Graph, sub: URIRef, equivalent: URIRef, written: dict[tuple[Term, Term], Axiom]) -> dict[Term, set[Term]]:
    """Direct subsumption edges between named terms; an equivalence is an edge both ways.
    ``written`` is given each edge's axiom as the ontology writes it."""
    out: dict[Term, set[Term]] = defaultdict(set)
    for prop, both in ((sub, False), (equivalent, True)):
        name = prefixed_name(str(prop)) or f"<{prop}>"
        for a, b in g.subject_objects(prop):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                axiom = (term(a), name, term(b))
                out[term(a)].add(term(b))
                written.setdefault((term(a), term(b)), axiom)
                if both:
                    out[term(b)].add(term(a))
                    written.setdefault((term(b), term(a)), axiom)
    return out


def _path(edges: dict[Term, set[Term]], start: Term, end: Term) -> list[tuple[Term, Term]]:
    """The shortest chain of ``edges`` from ``start`` to ``end`` (none: empty)."""
    previous: dict[Term, Term] = {}
    frontier = [start]
    while frontier and end not in previous:
        following = []
        for x in frontier:
            for y in sorted(edges.get(x, ())):
                if y != start and y not in previous:
                    previous[y] = x
                    following.append(y)
        frontier = following
    path: list[tuple[Term, Term]] = []
    node = end
    while node in previous:
        path.append((previous[node], node))
        node = previous[node]
    return path[::-1]


@dataclass
class Schema:
    """The parts of an OWL ontology the reasoners use, with terms in N-Triples form."""

    super_classes: dict[Term, frozenset[Term]] = field(default_factory=dict)
    super_properties: dict[Term, frozenset[Term]] = field(default_factory=dict)
    domains: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    inverses: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    symmetric: set[Term] = field(default_factory=set)
    transitive: set[Term] = field(default_factory=set)
    functional: set[Term] = field(default_factory=set)
    inverse_functional: set[Term] = field(default_factory=set)
    asymmetric: set[Term] = field(default_factory=set)
    irreflexive: set[Term] = field(default_factory=set)
    disjoint_classes: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    disjoint_properties: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    datatype_properties: set[Term] = field(default_factory=set)
    labels: dict[Term, str] = field(default_factory=dict)
    sub_class_axioms: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    sub_property_axioms: dict[Term, set[Term]] = field(default_factory=lambda: defaultdict(set))
    written: dict[tuple[Term, Term], Axiom] = field(default_factory=dict)
    """Each direct edge of ``sub_class_axioms`` and ``sub_property_axioms``: its axiom as written."""
    chains: dict[Term, list[tuple[Term, ...]]] = field(default_factory=lambda: defaultdict(list))
    """``q owl:propertyChainAxiom ( p1 ... pn )``: q's chains of named properties (prp-spo2)."""

    def supers(self, cls: Term) -> frozenset[Term]:
        return self.super_classes.get(cls, frozenset())

    def with_supers(self, classes: Iterable[Term]) -> set[Term]:
        out: set[Term] = set()
        for c in classes:
            out.add(c)
            out |= self.supers(c)
        return out

    def axioms(self, sub: Term, sup: Term) -> list[Axiom]:
        """The ontology's axioms, as written, that make ``sub`` a sub-class (or sub-property) of
        ``sup``: the shortest chain of them (``scm-sco``/``scm-spo`` closed it in one step)."""
        for edges in (self.sub_class_axioms, self.sub_property_axioms):
            path = _path(edges, sub, sup)
            if path:
                return [self.written[edge] for edge in path]
        return []

    def label(self, t: Term) -> str:
        return self.labels.get(t) or short(t)

    @classmethod
    def from_graph(cls, g: Graph) -> "Schema":
        s = cls()
        sub_c = _edges(g, RDFS.subClassOf, OWL.equivalentClass, s.written)
        sub_p = _edges(g, RDFS.subPropertyOf, OWL.equivalentProperty, s.written)
        s.sub_class_axioms, s.sub_property_axioms = sub_c, sub_p
        s.super_classes = _closure(sub_c)
        s.super_properties = _closure(sub_p)
        for p, c in g.subject_objects(RDFS.domain):
            if isinstance(c, URIRef):
                s.domains[term(p)].add(term(c))
        for p, c in g.subject_objects(RDFS.range):
            if isinstance(c, URIRef):
                s.ranges[term(p)].add(term(c))
        for a, b in g.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                s.inverses[term(a)].add(term(b))
                s.inverses[term(b)].add(term(a))
        kinds = {
            OWL.SymmetricProperty: s.symmetric,
            OWL.TransitiveProperty: s.transitive,
            OWL.FunctionalProperty: s.functional,
            OWL.InverseFunctionalProperty: s.inverse_functional,
            OWL.AsymmetricProperty: s.asymmetric,
            OWL.IrreflexiveProperty: s.irreflexive,
            OWL.DatatypeProperty: s.datatype_properties,
        }
        for kind, target in kinds.items():
            for p in g.subjects(RDF.type, kind):
                if isinstance(p, URIRef):
                    target.add(term(p))
        for a, b in g.subject_objects(OWL.disjointWith):
            s.disjoint_classes[term(a)].add(term(b))
            s.disjoint_classes[term(b)].add(term(a))
        for a, b in g.subject_objects(OWL.propertyDisjointWith):
            s.disjoint_properties[term(a)].add(term(b))
            s.disjoint_properties[term(b)].add(term(a))
        for kind, members_prop, disjoint in (
            (OWL.AllDisjointClasses, OWL.members, s.disjoint_classes),
            (OWL.AllDisjointProperties, OWL.members, s.disjoint_properties),
        ):
            for node in g.subjects(RDF.type, kind):
                head = g.value(node, members_prop)
                if head is None:
                    continue
                members = [term(m) for m in Collection(g, head) if isinstance(m, URIRef)]
                for first in members:
                    for second in members:
                        if first != second:
                            disjoint[first].add(second)
        for q, head in g.subject_objects(OWL.propertyChainAxiom):
            chain = list(Collection(g, head))
            if isinstance(q, URIRef) and chain and all(isinstance(p, URIRef) for p in chain):
                s.chains[term(q)].append(tuple(term(p) for p in chain))
        for x, label in g.subject_objects(RDFS.label):
            if isinstance(x, URIRef) and isinstance(label, Literal):
                s.labels.setdefault(term(x), str(label))
        return s


def schema_of(domain: DomainLike | Graph | Schema) -> Schema:
    """The compiled schema of a Domain, an rdflib Graph, or a Schema."""
    return domain if isinstance(domain, Schema) else Schema.from_graph(ontology_of(domain))


__all__ = ["Axiom", "Schema", "schema_of", "term", "to_node", "to_rdflib", "short", "is_literal", "TYPE", "LABEL", "Term", "Triple"]
