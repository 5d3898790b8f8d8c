"""Conversion between rdflib terms (used by records and APIs) and pyoxigraph terms (used on
hot paths inside the store). Keep hot loops on pyoxigraph terms: converting many rows to rdflib
costs more than the query (oxrdflib, rdflib's API on pyoxigraph, is 3-6x slower than pyoxigraph
when many rows become rdflib terms: docs/baselines.md)."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)

STORED_AS_INTEGER: dict[str, tuple[int | None, int | None]] = {
    str(XSD[name]): bounds
    for name, bounds in (
        ("nonNegativeInteger", (0, None)), ("positiveInteger", (1, None)), ("nonPositiveInteger", (None, 0)),
        ("negativeInteger", (None, -1)), ("long", (-(2**63), 2**63 - 1)), ("int", (-(2**31), 2**31 - 1)),
        ("short", (-(2**15), 2**15 - 1)), ("byte", (-128, 127)), ("unsignedLong", (0, 2**64 - 1)),
        ("unsignedInt", (0, 2**32 - 1)), ("unsignedShort", (0, 2**16 - 1)), ("unsignedByte", (0, 255)),
    )
}
"""The integer types derived from ``xsd:integer``, with the values each holds: the store
(Oxigraph) keeps a literal of any of them as ``xsd:integer`` (``"1512491"^^xsd:nonNegativeInteger``
comes back as ``"1512491"^^xsd:integer``)."""

def stored_literal(text: str) -> str:
    """A term's N-Triples text as the store holds it. The store (Oxigraph) keeps a literal of a
    type it knows by its value, in that value's canonical form: ``"1.50"^^xsd:decimal`` as
    ``"1.5"``, ``"15E-1"^^xsd:double`` as ``"1.5E0"``'s value ``"1.5"``, ``"0042"^^xsd:integer``
    as ``"42"``, and an integer of a type derived from ``xsd:integer``
    (``"1512491"^^xsd:nonNegativeInteger``, :data:`STORED_AS_INTEGER`) as ``xsd:integer``. The
    form is the store's own: the literal is put in an in-memory store and read back. Any other
    term (an IRI, a plain or language-tagged string, an ill-typed literal) is returned as it is."""
    held = _held(text)
    return text if held is None else str(held)


@lru_cache(maxsize=65536)
def _held(text: str) -> ox.Literal | None:
    """The typed literal of N-Triples ``text`` as the store holds it; None for another term."""
    if text[:1] != '"' or text[-1:] != ">":  # only a typed literal ends with its datatype's IRI
        return None
    try:
        quad = next(iter(ox.parse(f"<urn:kg:s> <urn:kg:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    except (SyntaxError, ValueError, StopIteration):
        return None
    store = ox.Store()
    store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    held = next(iter(store)).object
    return held if isinstance(held, ox.Literal) else None


def stored_form(literal: Literal) -> Literal:
    """``literal`` in the lexical form the store gives its value (:func:`stored_literal`), its
    datatype kept (a derived integer type stays that type): ``"1.50"^^xsd:decimal`` is
    ``"1.5"^^xsd:decimal``, the same value as a stored ``1.5``, not a second one."""
    if literal.datatype is None or literal.language:
        return literal
    held = _held(str(to_ox(literal)))
    if held is None or held.value == str(literal):
        return literal
    return Literal(held.value, datatype=literal.datatype, normalize=False)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (IRIs from a bounded cache: the same entities and
    predicates are converted over and over)."""
    if type(term) is URIRef:
        return _named_node(term)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=1 << 16)
def _named_node(iri: URIRef) -> ox.NamedNode:
    # keyed by the URIRef itself: URIRefs hash and compare as their IRI, never equal to a literal
    return ox.NamedNode(str(iri))


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term; a literal keeps its lexical form (rdflib would
    write the value it guessed for an ill-typed one: ``"abc"^^xsd:boolean`` as ``"false"``)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    if isinstance(term, ox.DefaultGraph):
        raise TypeError("the default graph is not a term")
    raise TypeError(f"not a pyoxigraph term: {term!r}")


def ox_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The value of a pyoxigraph term read from a quad: an IRI, a blank node's id, a literal's
    lexical form. A triple term (RDF 1.2) has none: :func:`triple_term_text` writes one."""
    if isinstance(term, ox.Triple):
        raise TypeError(f"a triple term has no value: {term}")
    return term.value


def triple_term_text(term: ox.Triple) -> str:
    """An RDF 1.2 triple term (the object of ``rdf:reifies``, as Turtle's ``<< ex:a ex:b ex:c >>
    ex:certainty 0.9`` loads) as N-Triples writes it, which reads back as the same term:
    ``<<( <http://example.org/a> <http://example.org/b> <http://example.org/c> )>>``."""
    return f"<<( {term} )>>"


def used_prefixes(prefixes: Mapping[str, str], items: Iterable[ox.Quad | ox.Triple]) -> dict[str, str]:
    """The ``prefixes`` whose namespace a term of ``items`` (triples or quads) is in: a published
    file (or an answer) declares the prefixes it writes, not every one the project knows."""
    spaces: set[str] = set()
    for item in items:
        for term in (item.subject, item.predicate, item.object, getattr(item, "graph_name", None)):
            iri = term.value if isinstance(term, ox.NamedNode) else term.datatype.value if isinstance(term, ox.Literal) else None
            if iri is not None:
                spaces.add(iri[: max(iri.rfind("#"), iri.rfind("/")) + 1])
    return {p: ns for p, ns in prefixes.items() if ns in spaces}
