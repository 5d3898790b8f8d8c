"""An OWL ontology read as plain Python sets (:class:`OntologyIndex`): its named classes and
their hierarchy, disjointness, property domains, ranges and characteristics, equivalent and
sub-properties, and one label a term; what the validator, the reasoners and the extractors ask
of a domain's ontology."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.iri import local_name
from kg.languages import label_order
from kg.reach import reachable

__all__ = ["OntologyIndex", "preferred_labels", "union_of", "datatype_of"]


def union_of(g: Graph, node: Node) -> list[URIRef]:
    """The named classes of ``node`` when it is an ``owl:unionOf`` of named classes (a blank
    node), in the ontology's order; else none."""
    head = g.value(node, OWL.unionOf) if not isinstance(node, URIRef) else None
    items: list[Node] = list(g.items(head)) if head is not None else []
    return [m for m in items if isinstance(m, URIRef)] if items and all(isinstance(m, URIRef) for m in items) else []


def _unions(g: Graph, axis: URIRef) -> dict[URIRef, frozenset[URIRef]]:
    """``property -> its classes`` for each ``axis`` (rdfs:domain, rdfs:range) that is an
    ``owl:unionOf`` of named classes."""
    return {p: frozenset(m) for p, node in g.subject_objects(axis) if isinstance(p, URIRef) and (m := union_of(g, node))}


def _inherited(
    prop: URIRef, supers: dict[URIRef, set[URIRef]], named: dict[Any, Any], union: dict[URIRef, frozenset[URIRef]]
) -> URIRef | frozenset[URIRef] | None:
    """The nearest domain (or range) among ``prop``'s super-properties and equivalents,
    breadth first (the same IRI whatever the graph's order: ties go to the least)."""
    seen, level = {prop}, sorted(supers.get(prop, ()), key=str)
    while level:
        for q in level:
            if isinstance(named.get(q), URIRef):
                return named[q]
            if q in union:
                return union[q]
        seen.update(level)
        level = sorted({r for q in level for r in supers.get(q, ()) if r not in seen}, key=str)
    return None


class OntologyIndex:
    """Classes, property characteristics and axioms of an OWL ontology, as plain Python sets.

    Only the named-class fragment is read (``rdfs:subClassOf`` between named classes,
    ``owl:disjointWith``, ``owl:AllDisjointClasses``, property domains/ranges and
    characteristics); that is what the validator's checks use.
    """

    def __init__(self, graph: Graph, language: str = "en") -> None:
        g = graph
        self.classes: set[URIRef] = {
            c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)
        } | {c for c in g.subjects(RDF.type, RDFS.Class) if isinstance(c, URIRef)}
        self.object_properties = {p for p in g.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
        self.datatype_properties = {p for p in g.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)}
        self.properties = self.object_properties | self.datatype_properties
        self.domain = {p: d for p, d in g.subject_objects(RDFS.domain) if isinstance(d, URIRef)}
        self.range = {p: r for p, r in g.subject_objects(RDFS.range) if isinstance(r, URIRef)}
        # rdfs:range [ owl:unionOf (A B) ]: a value is one of the classes (which one, the
        # ontology does not say, so it types nothing); before, such ranges were not read at all
        self.domain_union = _unions(g, RDFS.domain)
        self.range_union = _unions(g, RDFS.range)

        parents: dict[URIRef, set[URIRef]] = {}
        for sub, sup in g.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                parents.setdefault(sub, set()).add(sup)
        for a, b in g.subject_objects(OWL.equivalentClass):  # each a subclass of the other
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                parents.setdefault(a, set()).add(b)
                parents.setdefault(b, set()).add(a)
        self._parents = parents
        self._ancestors: dict[URIRef, frozenset[URIRef]] = {}

        disjoint: set[frozenset[URIRef]] = set()
        for a, b in g.subject_objects(OWL.disjointWith):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                disjoint.add(frozenset((a, b)))
        for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
            head = g.value(node, OWL.members)
            members = [m for m in g.items(head) if isinstance(m, URIRef)] if head is not None else []
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    disjoint.add(frozenset((a, b)))
        self.disjoint_pairs = disjoint

        def typed(kind: URIRef) -> set[URIRef]:
            return {p for p in g.subjects(RDF.type, kind) if isinstance(p, URIRef)}

        # owl:equivalentProperty (either way, transitively): one property under several IRIs (a
        # renamed one and its owl:deprecated old name), so each has the others' characteristics
        # and inverses, and their facts are one relation's (before: a rename left the old and the
        # new IRI without the symmetric / functional checks the other had)
        linked: dict[URIRef, set[URIRef]] = {}
        for a, b in g.subject_objects(OWL.equivalentProperty):
            if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
                linked.setdefault(a, set()).add(b)
                linked.setdefault(b, set()).add(a)
        self.equivalents: dict[URIRef, frozenset[URIRef]] = {}
        for start in linked:
            if start not in self.equivalents:
                group = reachable(start, lambda q: linked.get(q, ()))
                for q in group:
                    self.equivalents[q] = frozenset(group)

        def typed_with_equivalents(kind: URIRef) -> set[URIRef]:
            return {q for p in typed(kind) for q in self.same_as(p)}

        self.functional = typed_with_equivalents(OWL.FunctionalProperty)
        self.inverse_functional = typed_with_equivalents(OWL.InverseFunctionalProperty)
        self.symmetric = typed_with_equivalents(OWL.SymmetricProperty)
        self.asymmetric = typed_with_equivalents(OWL.AsymmetricProperty)
        self.irreflexive = typed_with_equivalents(OWL.IrreflexiveProperty)
        self.transitive = typed_with_equivalents(OWL.TransitiveProperty)
        self.reflexive = typed_with_equivalents(OWL.ReflexiveProperty)
        inverse: dict[URIRef, set[URIRef]] = {}
        for a, b in g.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                for x in self.same_as(a):
                    inverse.setdefault(x, set()).update(self.same_as(b))
                for y in self.same_as(b):
                    inverse.setdefault(y, set()).update(self.same_as(a))
        self.inverse = inverse
        pdisjoint: dict[URIRef, set[URIRef]] = {}
        for a, b in g.subject_objects(OWL.propertyDisjointWith):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                pdisjoint.setdefault(a, set()).add(b)
                pdisjoint.setdefault(b, set()).add(a)
        self.property_disjoint = pdisjoint
        subprops: dict[URIRef, set[URIRef]] = {}
        for sub, sup in g.subject_objects(RDFS.subPropertyOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                subprops.setdefault(sup, set()).add(sub)
        self._subprops = subprops
        # a property without a domain (range) of its own takes its super-properties' and
        # equivalents' (RDFS: a sub-property's facts are the super-property's facts too)
        supers: dict[URIRef, set[URIRef]] = {}
        for sup, subs in subprops.items():
            for one in subs:
                supers.setdefault(one, set()).add(sup)
        for a, b in g.subject_objects(OWL.equivalentProperty):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                supers.setdefault(a, set()).add(b)
                supers.setdefault(b, set()).add(a)
        for named, union in ((self.domain, self.domain_union), (self.range, self.range_union)):
            for p in list(supers):
                if p in named or p in union:
                    continue
                found = _inherited(p, supers, named, union)
                if isinstance(found, frozenset):
                    union[p] = found
                elif found is not None:
                    named[p] = found
        # one label a term, in the domain's language where the ontology has one, else untagged,
        # else English (before: whichever came first, so messages mixed "ville" and "personne")
        self.language = language
        self.labels = preferred_labels(g, language)

    def ancestors(self, cls: URIRef) -> frozenset[URIRef]:
        """``cls`` and every named superclass of it."""
        cached = self._ancestors.get(cls)
        if cached is not None:
            return cached
        result = frozenset(reachable(cls, lambda c: self._parents.get(c, ())))
        self._ancestors[cls] = result
        return result

    def closure(self, classes: set[URIRef] | frozenset[URIRef]) -> set[URIRef]:
        out: set[URIRef] = set()
        for c in classes:
            out |= self.ancestors(c)
        return out

    def disjoint(self, a: URIRef, b: URIRef) -> bool:
        """True when the ontology says no individual is both an ``a`` and a ``b``."""
        if a == b or not self.disjoint_pairs:
            return False
        for x in self.ancestors(a):
            for y in self.ancestors(b):
                if frozenset((x, y)) in self.disjoint_pairs:
                    return True
        return False

    def apart(self, a: URIRef, b: URIRef) -> bool:
        """True when ``a`` and ``b`` are two classes neither of which the ontology puts under the
        other (a language and a language family; not a person and ``owl:Thing``, nor a datatype)."""
        top = (OWL.Thing, RDFS.Resource)
        if a in top or b in top or datatype_of(a) is not None or datatype_of(b) is not None:
            return False
        return a not in self.ancestors(b) and b not in self.ancestors(a)

    def value_datatype(self, prop: URIRef) -> URIRef | None:
        """The datatype of a property's values where its ``rdfs:range`` is one (``xsd:decimal``
        for ``kgeo:area``), else None."""
        return datatype_of(self.range.get(prop))

    def same_as(self, prop: URIRef) -> frozenset[URIRef]:
        """``prop`` and every property ``owl:equivalentProperty`` makes the same (either way,
        transitively): ``kgeo:borders`` and the ``kgeo:sharesBorderWith`` it was renamed to."""
        return self.equivalents.get(prop, frozenset((prop,)))

    def subproperties(self, prop: URIRef) -> set[URIRef]:
        """``prop`` and every property declared (transitively) a sub-property of it."""
        return reachable(prop, lambda q: self._subprops.get(q, ()))

    def label(self, term: URIRef) -> str:
        """A short human name for an ontology term."""
        if term in self.labels:
            return self.labels[term]
        return local_name(term)

    @cached_property
    def kind_words(self) -> frozenset[str]:
        """The kinds of thing the ontology has, as a label names them: the last word of each
        class's label, case-folded ("country", "continent"; "language" of "programming language")."""
        return frozenset(words[-1].casefold() for c in self.classes if (words := self.label(c).split()))

    def holds_places(self, cls: URIRef) -> bool:
        """Whether ``cls`` is a class of places, as far as the ontology says: a word of its name,
        or of a class above it, says so (:func:`names_places`: ``City``, ``PopulatedPlace``, a
        ``Capital`` under ``City``)."""
        return any(names_places(c) for c in self.ancestors(cls))

    def holds_works(self, cls: URIRef) -> bool:
        """Whether ``cls`` is a class of titled works (films, novels, albums), as far as the
        ontology says: a word of its name, or of a class above it (:func:`names_works`)."""
        return any(names_works(c) for c in self.ancestors(cls))

    def holds_people(self, cls: URIRef) -> bool:
        """Whether ``cls`` is a class of people, as far as the ontology says: named Person or
        Human, or a class under one (a Composer)."""
        return any(local_name(c).casefold() in ("person", "human") for c in self.ancestors(cls))

    @cached_property
    def _never_reflexive(self) -> frozenset[URIRef]:
        return frozenset(
            q for p in self.irreflexive | self.asymmetric | self.transitive for q in self.subproperties(p)
        )

    def may_relate_to_itself(self, prop: URIRef) -> bool:
        """Whether ``prop`` may hold of a thing and itself (Singapore is Singapore's capital): not
        when it, or a property it is a sub-property of, is irreflexive, asymmetric or transitive
        (``borders``; ``locatedIn``: a place is in another)."""
        return prop not in self._never_reflexive


PLACE_WORDS = frozenset({
    "place", "location", "city", "country", "region", "town", "state", "area", "settlement", "territory", "province",
    "county", "village", "continent", "site", "geo", "municipality", "district", "capital", "nation", "island",
})
"""The words a class of places is named with."""


WORK_WORDS = frozenset({
    "work", "artwork", "film", "movie", "book", "novel", "album", "song", "single", "series", "show", "game", "play",
    "opera", "musical", "poem", "episode", "publication", "painting",
})
"""The words a class of titled works is named with."""


def names_places(cls: URIRef) -> bool:
    """Whether a class's name says it holds places: one of its words (``PopulatedPlace``,
    ``GeoArea``, ``city``; not ``Website`` or ``Statement``) is a :data:`PLACE_WORDS` word."""
    return _named_with(cls, PLACE_WORDS)


def names_works(cls: URIRef) -> bool:
    """Whether a class's name says it holds titled works: one of its words (``CreativeWork``,
    ``TVSeries``, ``film``; not ``Network``, ``Framework`` or ``Player``) is a :data:`WORK_WORDS` word."""
    return _named_with(cls, WORK_WORDS)


def _named_with(cls: URIRef, kind: frozenset[str]) -> bool:
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", local_name(cls))
    return any(w.casefold() in kind for w in words)


def preferred_labels(graph: Graph, language: str | None) -> dict[URIRef, str]:
    """One ``rdfs:label`` a term of ``graph``: in ``language`` where it has one, else untagged,
    else English, else the least other (:func:`kg.languages.label_order`), whatever the order
    the graph gives them in."""
    best: dict[URIRef, tuple[int, str, str]] = {}
    for s, o in graph.subject_objects(RDFS.label):
        if isinstance(s, URIRef):
            order = label_order(getattr(o, "language", None), str(o), language)
            if s not in best or order < best[s]:
                best[s] = order
    return {s: order[2] for s, order in best.items()}


def datatype_of(rng: URIRef | None) -> URIRef | None:
    """``rng`` when it is a datatype (an XSD one, ``rdfs:Literal``, ``rdf:langString``), else None."""
    if rng is not None and (str(rng).startswith(str(XSD)) or rng == RDFS.Literal or rng == RDF.langString):
        return rng
    return None
