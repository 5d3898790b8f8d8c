"""One type per property column, fitting every value it holds.

A literal's value is read by its XSD datatype (:func:`kg.results.python_value`); a column is
``long`` when every value is a whole number in 64 bits, ``double`` when every value is a number
(so ``105`` and ``105.4`` make a ``double`` column, never a ``long`` one holding 105.4),
``boolean`` when every value is a boolean, and ``string`` otherwise (dates, text, a number
written as text, a mix).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Set as AbstractSet
from decimal import Decimal
from typing import Any, Iterable, Iterator, Literal as TypingLiteral, Sequence

import pyoxigraph as ox

from kg.errors import FormatError
from kg.iri import local_name
from kg.namespaces import GRAPH, GRAPH_NAMES, prefixed_name
from kg.results import python_value
from kg.store import Progress, Store, graph_names, user_graph
from kg.terms import ox_value, triple_term_text

ColumnType = TypingLiteral["long", "double", "boolean", "string"]

__all__ = [
    "ARRAY_DELIMITERS", "ColumnType", "Value", "column_type", "column_names", "free_delimiter", "cast", "literal", "add_literal",
    "iter_quads", "add_known_types", "RDF_TYPE", "node_id", "java_double",
]

Value = tuple[Any, str]
"""A literal as (typed Python value, lexical form)."""

_LONG = (-(2**63), 2**63 - 1)
_EXACT_IN_DOUBLE = 2**53  # every integer up to this is a double exactly


def node_id(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A node's id in every export: an IRI as it is, a blank node as ``_:id`` (N-Triples' form:
    it cannot be mistaken for an IRI); GraphML, GEXF and Neo4j wrote the bare id and Parquet and
    PyKEEN TSV ``_:id``, so a join of two exports missed every blank node."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return ox_value(term)


def java_double(value: float) -> str:
    """A double as Java's ``Double.parseDouble`` reads it, as the Java tools that read GraphML and
    Neo4j CSV do: ``NaN``, ``Infinity``, ``-Infinity`` (Python's ``nan``/``inf`` are refused)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def literal(term: ox.Literal | ox.Triple) -> Value:
    """A literal's value and lexical form; an RDF 1.2 triple term, which like a literal is only
    ever an object, is a value too: its N-Triples text (:func:`kg.terms.triple_term_text`), a string."""
    if isinstance(term, ox.Triple):
        text = triple_term_text(term)
        return text, text
    return python_value(term), term.value


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def add_literal(
    props: dict[str, dict[str, list[Value]]], subject: str, predicate: str, term: ox.Literal | ox.Triple
) -> None:
    """Record a literal-valued property of ``subject`` under its IRI (``rdfs:label`` as
    ``label``), each distinct text once; :func:`column_names` names the columns. A triple term
    (``rdf:reifies``) is a text property (:func:`literal`)."""
    values = props[subject]["label" if predicate == RDFS_LABEL else predicate]
    value = literal(term)
    if not values or all(v[1] != value[1] for v in values):
        values.append(value)


def column_names(keys: Iterable[str], reserved: AbstractSet[str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """A column name for each property IRI of :func:`add_literal` (``label`` stays): its local
    name, unless another property has the same local name or the format gives the name a
    meaning of its own (``reserved``: GEXF reads a node attribute ``id`` as the node's id, and
    ``type`` holds the classes); then its prefixed name (``ex:type``), else the IRI. Before,
    ``ex:name`` and ``foaf:name`` were one column, and ``ex:id`` took over GEXF's node ids."""
    keys = [k for k in keys if k != "label"]
    shared = Counter(local_name(k) for k in keys)
    out = {"label": "label"}
    for k in keys:
        local = local_name(k)
        out[k] = prefixed_name(k, prefixes) or k if local in reserved or shared[local] > 1 else local
    return out


ARRAY_DELIMITERS = (";", "|", "¦", "~", "^", "\u001f")
"""Candidates for joining several values into one cell, in order of preference."""


def free_delimiter(items: Iterable[str], candidates: Sequence[str] = ARRAY_DELIMITERS) -> str:
    """The first of ``candidates`` that occurs in none of ``items`` (so the joined values can be
    split again); a FormatError when every one occurs."""
    items = list(items)
    for d in candidates:
        if not any(d in item for item in items):
            return d
    raise FormatError(
        "no delimiter is free to join a property's several values: they hold every one of " + " ".join(map(repr, candidates))
    )


def _kind(value: Any) -> ColumnType:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):  # past a long, a double would lose digits: the lexical form keeps them
        return "long" if _LONG[0] <= value <= _LONG[1] else "string"
    if isinstance(value, (float, Decimal)):
        return "double"
    return "string"


def column_type(values: Iterable[Value]) -> ColumnType:
    """The narrowest type that fits every value (``string`` for none)."""
    values = list(values)
    kinds = {_kind(v) for v, _ in values}
    if not kinds:
        return "string"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= {"long", "double"} and all(abs(v) <= _EXACT_IN_DOUBLE for v, _ in values if _kind(v) == "long"):
        return "double"
    return "string"


def cast(value: Value, kind: ColumnType) -> Any:
    """``value`` as a column of ``kind`` holds it: int, float, bool, or the lexical form."""
    typed, text = value
    if kind == "long":
        return int(typed)
    if kind == "double":
        return float(typed)
    if kind == "boolean":
        return bool(typed)
    return text


def iter_quads(store: Store, graph: str, progress: Progress | None = None) -> Iterator[ox.Quad]:
    """The quads of a graph selector (one graph, ``knowledge`` or ``all``), telling
    ``progress`` every 10,000."""
    step = 0
    for quad in _selected_quads(store, graph):
        yield quad
        step += 1
        if progress and step == 10_000:
            progress(step)
            step = 0
    if progress and step:
        progress(step)


def _selected_quads(store: Store, graph: str) -> Iterator[ox.Quad]:
    if iri := user_graph(graph):  # a graph the user loaded (kg load of N-Quads or TriG)
        for s, p, o in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", graph="all"):
            yield ox.Quad(s, p, o, ox.NamedNode(iri))
        return
    for name in graph_names(graph):
        yield from store.match(graph=name)
    if graph == "all":  # every named graph: the ones a user loaded (kg load of N-Quads) too
        own = ", ".join(f"<{GRAPH[name]}>" for name in GRAPH_NAMES)
        rows = store.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({own})) }}", graph="all")
        for s, p, o, g in rows:
            yield ox.Quad(s, p, o, g)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def add_known_types(store: Store, graph: str, nodes: Iterable[str], types: dict[str, set[str]]) -> None:
    """Add to ``types`` the class names of ``nodes`` from ``accepted`` and ``inferred`` where the
    selection ``graph`` leaves them out, so a property-graph node always shows its class (the
    reasoner writes the types that relations' domains and ranges imply to ``inferred``)."""
    wanted = set(nodes)
    selected = graph_names(graph)
    for name in ("accepted", "inferred"):
        if name in selected:
            continue
        for q in store.match(None, ox.NamedNode(RDF_TYPE), None, graph=name):
            node = node_id(q.subject)
            if node in wanted and isinstance(q.object, (ox.NamedNode, ox.BlankNode)):
                types[node].add(local_name(ox_value(q.object)))
