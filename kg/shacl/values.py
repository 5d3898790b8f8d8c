"""Value tests as pySHACL makes them: a node's kind, its string, whether a literal is of a
datatype, and the comparison behind ``sh:minInclusive`` and the like."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Callable

from rdflib import BNode, Literal
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.xsd import lexically_valid
from kg.shacl.vocab import RDF_LANGSTRING, RDFS_DATATYPE, RDFS_LITERAL, XSD_STRING

__all__ = ["datatype_ok", "in_range", "node_kind", "text_of"]


def node_kind(v: Node) -> str:
    if isinstance(v, BNode):
        return "bnode"
    if isinstance(v, Literal):
        return "literal"
    return "iri"


def text_of(v: Node) -> str:
    """pySHACL's ``value_node_to_string``: the SPARQL ``str`` of a node."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF_LANGSTRING, XSD_STRING):
        return str(v.value)
    return str(v)


def datatype_ok(v: Node, rule: Node) -> bool:
    """pySHACL's ``DatatypeConstraintComponent`` test for one value."""
    if not isinstance(v, Literal):
        return False
    datatype, lang = v.datatype, v.language
    if datatype == rule:
        # a g* value rdflib does not read ("hello"^^xsd:gYear) is judged by its lexical form
        return getattr(v, "ill_typed", None) is not True and lexically_valid(str(rule), str(v)) is not False and _actual(v.value, rule)
    if rule == RDFS_LITERAL:
        return True
    if rule == RDFS_DATATYPE and datatype:
        return True
    if datatype is None and lang is None and rule == XSD_STRING:
        return _actual(v.value, rule)
    if rule == RDF_LANGSTRING and lang:
        return _actual(v.value, rule)
    return False


_ACTUAL = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


def _actual(value: object, rule: Node) -> bool:
    kind = _ACTUAL.get(rule)  # type: ignore[call-overload]
    return True if kind is None else isinstance(value, kind)


def _compare(l1: Literal, l2: Literal) -> int:
    """pySHACL's ``compare_literal``."""
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime, time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def in_range(v: Node, bound: Literal, test: Callable[[int], bool]) -> bool:
    """pySHACL's min/max inclusive/exclusive test of one value against one bound."""
    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return test(_compare(v, bound))
    except (TypeError, NotImplementedError):
        return False
