"""The checks of one candidate on its own, against the domain's vocabulary: a predicate or class
the domain does not define, a literal where an entity is needed (or the other way round), a
literal that is not a value of the relation's datatype or lies outside its range."""

from __future__ import annotations

import difflib
import re
from functools import cached_property

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.iri import local_name
from kg.ontology import Domain
from kg.records import Candidate, Reason
from kg.xsd import lexically_valid
from kg.validate.common import META_LITERAL_PREDICATES, RDF_TYPE, STRING_TYPES, number, show

__all__ = ["TermChecks"]

_INTEGER_TYPES = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger,
    XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte, XSD.nonPositiveInteger,
    XSD.negativeInteger,
}
_DECIMAL_TYPES = _INTEGER_TYPES | {XSD.decimal, XSD.double, XSD.float}
_NON_NEGATIVE = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.unsignedInt, XSD.unsignedLong,
                 XSD.unsignedShort, XSD.unsignedByte}
_INT_RE = re.compile(r"^[+-]?\d+$")
_READ_AS = {XSD.gYear: "a year", XSD.date: "a date", XSD.gYearMonth: "a month of a year", XSD.dateTime: "a date and time",
            XSD.time: "a time"}
"""What text of a date or time datatype was to be read as, for the reason that it was not."""


class TermChecks:
    """``unknown-predicate``, ``unknown-class``, ``entity-expected`` / ``literal-expected``,
    ``datatype`` and ``value``: what a candidate gets wrong whatever else is known."""

    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.index = domain.index
        self.relations = {r.iri: r for r in domain.relations.values()}
        self.properties = self.index.properties | set(self.relations)

    @cached_property
    def _class_names(self) -> list[str]:
        return sorted({self.index.label(k) for k in self.index.classes})

    def _known(self, what: str, names: list[str], given: object, most: int = 12) -> str:
        """The domain's ``what`` for a message: all of them when few; else the nearest to
        ``given`` and how many there are (an ontology's 1,500 classes made each rejection a
        28,599-character line)."""
        if len(names) <= most:
            return f"{what}: {', '.join(names)}"
        local = local_name(given)
        near = difflib.get_close_matches(local.casefold(), [n.casefold() for n in names], n=5, cutoff=0.5)
        shown = [next(n for n in names if n.casefold() == m) for m in near]
        nearest = f"the nearest: {', '.join(shown)}; " if shown else ""
        return f"{nearest}{len(names):,} {what} in all: kg domain show lists them"

    def check(self, c: Candidate) -> list[Reason]:
        s, p, o = c.triple
        ix = self.index
        if p == RDF_TYPE:
            if not isinstance(o, URIRef) or o not in ix.classes:
                known = self._known("classes", self._class_names, o)
                return [Reason("unknown-class", f"{show(o)} is not a class of the {self.domain.name} domain ({known})", s)]
            return []
        if p in META_LITERAL_PREDICATES:
            if not isinstance(o, Literal):
                return [Reason("literal-expected", f"{ix.label(p)} needs a text literal, got the entity {show(o)}", s)]
            return []
        if p not in self.properties:
            known = self._known("relations", sorted(self.domain.relations), p)
            return [Reason("unknown-predicate", f"{show(p)} is not a relation of the {self.domain.name} domain ({known})", s)]
        rel = self.relations.get(p)
        is_literal = rel.object_is_literal if rel else p in ix.datatype_properties
        name = rel.name if rel else ix.label(p)
        if is_literal and not isinstance(o, Literal):
            return [Reason("literal-expected", f"{name} needs a literal value, got the entity {show(o)}", s)]
        if not is_literal and isinstance(o, Literal):
            what = ix.label(rel.range) if rel and rel.range else "entity"
            return [Reason("entity-expected", f"{name} needs an entity ({what}) as its object, got the literal {o.n3()}; mint an IRI from the label instead", s)]
        if isinstance(o, Literal):
            datatype = rel.datatype if rel else ix.range.get(p)
            return self.literal(name, s, o, datatype)
        return []

    def literal(self, name: str, s: Node, o: Literal, datatype: URIRef | None) -> list[Reason]:
        if datatype is None or datatype == RDFS.Literal:
            return []
        if o.datatype == RDF.langString and not o.language:  # not RDF: no store would take it
            return [Reason("datatype", f"{name} needs text with a language tag (\"...\"@en), got {o.n3()}", s)]
        if datatype in (XSD.string, RDF.langString):
            if o.datatype not in STRING_TYPES:
                return [Reason("datatype", f"{name} needs text, got {o.n3()}", s)]
            return []
        shown = f'"{o}"'
        if datatype in _INTEGER_TYPES:
            if o.datatype not in _INTEGER_TYPES:
                hint = f' (write it as "{o}"^^xsd:{local_name(datatype)})' if _INT_RE.match(str(o).strip()) else ""
                return [Reason("datatype", f"{name} must be a whole number (xsd:{local_name(datatype)}), got {shown}{hint}", s)]
            if not _INT_RE.match(str(o).strip()):
                return [Reason("datatype", f"{name} must be a whole number, got {shown}", s)]
            value = int(str(o).strip())
            if (datatype in _NON_NEGATIVE or o.datatype in _NON_NEGATIVE) and value < 0:
                return [Reason("value", f"{name} cannot be negative, got {value:,}", s)]
            if datatype == XSD.positiveInteger and value <= 0:
                return [Reason("value", f"{name} must be positive, got {value:,}", s)]
            return []
        if datatype in _DECIMAL_TYPES:
            if o.datatype not in _DECIMAL_TYPES:
                return [Reason("datatype", f"{name} must be a number (xsd:{local_name(datatype)}), got {shown}", s)]
            if number(o) is None:
                return [Reason("datatype", f"{name} must be a finite number, got {shown}", s)]
            return []
        # rdflib does not read xsd:gYear and the other g* types ("hello"^^xsd:gYear was no ill-typed value to it)
        if o.datatype == datatype and lexically_valid(datatype, str(o)) is False and datatype in _READ_AS:
            # text no reading made a value of ("27 BC" before BC was read): the text, not its datatype, is the problem
            return [Reason("datatype", f'{name} must be an xsd:{local_name(datatype)}: could not read "{o}" as {_READ_AS[datatype]}', s)]
        if o.datatype != datatype or o.ill_typed or lexically_valid(datatype, str(o)) is False:
            return [Reason("datatype", f"{name} must be an xsd:{local_name(datatype)}, got {o.n3()}", s)]
        return []

    # -- reference graph -----------------------------------------------------------------
