"""What the checks of :mod:`kg.validate` share: the SHACL terms, the checks' names, how
messages name entities, relations and values (:class:`Names`, :func:`show`), and the small
helpers on literals."""

from __future__ import annotations

import re

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.ontology import OntologyIndex, Relation
from kg.iri import local_name
from kg.records import Candidate, Reason, ReferenceWord
from kg.terms import stored_form
from kg.xsd import number_value

SH = "http://www.w3.org/ns/shacl#"
SH_PATH = URIRef(SH + "path")
SH_INVERSE = URIRef(SH + "inversePath")
SH_PROPERTY = URIRef(SH + "property")
SH_RESULT = URIRef(SH + "result")
SH_FOCUS = URIRef(SH + "focusNode")
SH_RPATH = URIRef(SH + "resultPath")
SH_VALUE = URIRef(SH + "value")
SH_SOURCE_SHAPE = URIRef(SH + "sourceShape")
SH_MESSAGE = URIRef(SH + "resultMessage")
SH_SEVERITY = URIRef(SH + "resultSeverity")
SH_VIOLATION = URIRef(SH + "Violation")

CHECKS = (
    "unknown-predicate", "unknown-class", "entity-expected", "literal-expected", "datatype", "value",
    "domain", "range", "disjoint-class", "self-loop", "irreflexive", "asymmetric", "disjoint-property",
    "cardinality", "reference", "shacl",
)

RDF_TYPE, RDFS_LABEL = RDF.type, RDFS.label  # rdflib namespace attributes are slow to look up
RDF_TYPE_IRI = str(RDF.type)
META_LITERAL_PREDICATES = {RDFS.label, RDFS.comment, SKOS.altLabel, SKOS.prefLabel}
STRING_TYPES = {None, XSD.string, RDF.langString}


def readable(term: Node) -> str:
    """A short readable name for an entity IRI: its local name with spaces."""
    return local_name(term).replace("_", " ")


def number(lit: Literal) -> Decimal | None:
    """A literal's text as a number (:func:`kg.xsd.number_value`), whatever its datatype."""
    return number_value(str(lit))


@dataclass
class Judgement:
    reasons: list[Reason]
    confidence: float = 1.0
    reference: ReferenceWord | None = None  # the reference graph's word, where it judged

    @property
    def ok(self) -> bool:
        return not self.reasons


class Names:
    """How messages name things: an entity by its label in the batch being judged (``labels``,
    set for each batch) or in the reference graph, else by its IRI's local name; a relation by
    the domain's name for it."""

    def __init__(
        self, index: OntologyIndex, relations: dict[URIRef, Relation], reference_labels: dict[Node, str] | None
    ) -> None:
        self.index = index
        self.relations = relations
        self.reference_labels = reference_labels
        self.labels: dict[Node, str] = {}

    def entity(self, term: Node) -> str:
        label = self.labels.get(term)
        if label is None and self.reference_labels is not None:
            label = self.reference_labels.get(term)
        return label or readable(term)

    def relation(self, p: URIRef) -> str:
        rel = self.relations.get(p)
        return rel.name if rel else self.index.label(p)

    def fact(self, s: Node, p: URIRef, o: Node) -> str:
        """A triple in words: its relation's verbalization with the names filled in ("X v. Y cites
        Z", "Paris is the capital of France"), whether the relation is named by a verb or a noun."""
        rel = self.relations.get(p)
        head, tail = self.entity(s), self.entity(o)
        return rel.verbalize(head, tail) if rel is not None and rel.verbalization else f"{head} {self.relation(p)} {tail}"


def triple_key(c: Candidate) -> tuple[str, str, str, str]:
    o = c.object
    return (str(c.subject), str(c.predicate), type(o).__name__, o.n3() if isinstance(o, Literal) else str(o))


def article(word: str) -> str:
    """``word`` with its indefinite article: "a city", "an event"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def same(a: Node, b: Node) -> bool:
    """Whether two terms are one value: numbers by value, other literals in the store's lexical
    form (``"2020-01-01T00:00:00+00:00"`` is the stored ``...Z``)."""
    if isinstance(a, Literal) and isinstance(b, Literal):
        x, y = number(a), number(b)
        if x is not None and y is not None:
            return x == y
        return str(a) == str(b) or str(stored_form(a)) == str(stored_form(b))
    return a == b


_NUMBERED = re.compile(r"\b(?P<word>(?i:phase|stage|grade|type|class|tier|level|category))\s+(?P<numerals>[IVX]+(?:\s*/\s*[IVX]+)*)\b")
"""A kind's number in Roman numerals after the word that counts it: ``Phase III``, ``Phase I/II``, ``Stage IV``,
``Grade II``, ``Type I``: the same as ``Phase 3``, ``Phase 1/2``."""
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _arabic(numeral: str) -> str:
    values = [_ROMAN[c] for c in numeral]
    return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)))


def text_form(text: str) -> str:
    """A text as texts are compared: up to case and spaces, the minus sign (U+2212) as the hyphen-minus a
    keyboard writes ("−1" of a particle's charge is the reference's "-1"), and a kind's number in Roman
    numerals after its word as in figures (a trial's "Phase III" is "Phase 3", "Phase I/II" "Phase 1/2";
    :data:`_NUMBERED`: not a name's numerals, "Henry VIII", "Apollo XI").

    >>> text_form("  Oil on  Poplar panel"), text_form("−1/3"), text_form("Phase I/II"), text_form("Henry VIII")
    ('oil on poplar panel', '-1/3', 'phase 1/2', 'henry viii')
    """
    text = _NUMBERED.sub(lambda m: f"{m['word']} " + "/".join(_arabic(n.strip()) for n in m["numerals"].split("/")), text)
    return " ".join(text.split()).replace("\u2212", "-").casefold()


def same_text(a: Node, b: Node) -> bool:
    """Whether two texts (``xsd:string``, or of one language) are one up to case, spaces and the minus sign
    (:func:`text_form`), as names are compared: "euro" is "Euro", a DOI "10.1038/NATURE14539" the "10.1038/nature14539"."""
    return (isinstance(a, Literal) and isinstance(b, Literal) and _text(a) and _text(b) and a.language == b.language
            and text_form(str(a)) == text_form(str(b)))


def _text(literal: Literal) -> bool:
    return literal.datatype in (None, XSD.string, RDF.langString)


def show(term: Node) -> str:
    if isinstance(term, Literal):
        return f'"{term}"' if term.datatype in STRING_TYPES else f"{term} ({local_name(term.datatype)})"
    if isinstance(term, URIRef):
        return readable(term) if "/resource/" in str(term) else f"<{term}>"
    return str(term)


def fmt(x: Decimal) -> str:
    """A figure in a message: a whole one with its thousands grouped, one under 100 to four
    significant digits (``0.001977``, not ``0.00``), a larger one to two decimals."""
    if x == x.to_integral_value():
        return f"{int(x):,}"
    return f"{float(x):.4g}" if abs(x) < 100 else f"{float(x):,.2f}"


def dedupe(reasons: list[Reason]) -> list[Reason]:
    seen = set()
    out = []
    for r in reasons:
        key = (r.check, r.message, r.focus_node)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
