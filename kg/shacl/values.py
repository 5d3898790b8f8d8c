"""Value tests as pySHACL makes them: a node's kind, its string, whether a literal is of a
datatype, and the comparison behind ``sh:minInclusive`` and the like."""

from __future__ import annotations

import re
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


_YEARS = re.compile(r"(-?\d{4,})(?:-(\d\d))?")
"""The year (and month) of an ``xsd:gYear`` (``xsd:gYearMonth``), its time zone aside."""


def _year_key(v: Literal) -> tuple[int, ...] | None:
    """An ``xsd:gYear`` or ``xsd:gYearMonth`` value as numbers to order by, None for another."""
    if v.datatype not in (XSD.gYear, XSD.gYearMonth) or not lexically_valid(str(v.datatype), str(v)):
        return None
    found = _YEARS.match(str(v).strip())
    return tuple(int(part) for part in found.groups() if part is not None) if found else None


def in_range(v: Node, bound: Literal, test: Callable[[int], bool]) -> bool:
    """pySHACL's min/max inclusive/exclusive test of one value against one bound; but a year
    (``xsd:gYear``, ``xsd:gYearMonth``) is compared with a bound of its datatype as a year,
    where pySHACL (and rdflib, which reads no value of it) fails every one: ``sh:minInclusive
    "1900"^^xsd:gYear`` rejected 1975."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == bound.datatype and (key := _year_key(v)) is not None:
        limit = _year_key(bound)
        return limit is not None and test((key > limit) - (key < limit))
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return test(_compare(v, bound))
    except (TypeError, NotImplementedError):
        return False
