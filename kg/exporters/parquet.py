"""``kg export -f parquet``: one table of edges, with their provenance, for pandas / Arrow users.

One row per triple of the selected graph(s) and piece of evidence (an accepted triple that two
completions support is two rows; a triple without recorded evidence, e.g. an inferred one,
is one row with empty provenance columns):

=================  ===========================================================================
``subject``        IRI (or ``_:id``)
``predicate``      IRI
``object``         IRI, ``_:id``, a literal's text, or a triple term's N-Triples text
``object_kind``    ``iri`` | ``blank`` | ``literal`` | ``triple`` (an RDF 1.2 triple term, the
                   object of ``rdf:reifies``: ``<<( <s> <p> <o> )>>``, which reads back as it)
``datatype``       a literal's datatype IRI; ``language`` its language tag
``direction``      an RDF 1.2 literal's base direction, ``ltr`` | ``rtl`` (``"مرحبا"@ar--rtl``:
                   language ``ar``, direction ``rtl``; else null)
``value``          a numeric literal's value as a double (else null)
``graph``          the store graph it is in (``accepted``, ``inferred``, ...)
``confidence``     the evidence's confidence (double)
``extractor``      the extractor that read it; ``span`` the text it was read from
``teacher``        the teacher's id; ``prompt_id`` the prompt; ``completion`` the completion IRI
``run``            the run IRI; ``source`` the file it was loaded from (``kg load``)
``retracted``      whether ``kg retract`` withdrew this piece of evidence (its run or file):
                   a kept fact still lists a retracted teacher's support, so count facts per
                   teacher over ``~retracted`` rows (null on a row without evidence)
``lower_bound``    where this evidence gave the figure as a range (``3.5–4``, stored as its
                   middle, 3.75), the range's lower end as a double (``kg:lowerBound`` of the
                   support, :mod:`extractors.ranges`), else null; ``upper_bound`` its upper end
=================  ===========================================================================

A blank node is ``_:id`` here as in every export (GraphML, GEXF, Neo4j CSV, PyKEEN TSV), so
the tables join on it.

Written as it is read: the triples in chunks, each chunk's provenance asked for by its
statement nodes (:func:`kg.provenance.statement_node`, as ``kg why`` finds it), the rows in row
groups of :data:`ROWS_PER_GROUP`; memory stays flat however big the graph (the whole
provenance was read into a dict and every row kept before anything was written: 650 MB at 200k
triples). A query an endpoint cuts at its row cap (``kg serve --row-cap``) is asked again for
half the statements, so a served store of any size exports.

Needs pyarrow (the ``[parquet]`` extra); without it the export is a one-line error.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, Iterator

import pyoxigraph as ox

from kg.errors import KGError, TruncatedResultError
from kg.exporters.columns import iter_quads
from kg.namespaces import GRAPH, GRAPH_NAMES
from kg.provenance import statement_node
from kg.results import python_value
from kg.store import Progress, Store
from kg.terms import triple_term_text

__all__ = ["export_parquet", "COLUMNS"]

COLUMNS = (
    "subject", "predicate", "object", "object_kind", "datatype", "language", "direction", "value", "graph",
    "confidence", "extractor", "span", "teacher", "prompt_id", "completion", "run", "source", "retracted", "lower_bound", "upper_bound",
)
_PROVENANCE_FIELDS = ("confidence", "extractor", "span", "teacher", "prompt_id", "completion", "run", "source", "retracted",
                      "lower_bound", "upper_bound")

_ACCEPTED = ox.NamedNode(str(GRAPH.accepted))

TRIPLES_PER_QUERY = 1_000
"""Statements whose provenance one query asks for (halved where an endpoint cuts the answer)."""

ROWS_PER_GROUP = 50_000
"""Rows written as one Parquet row group."""

# every support of each statement VALUES names, with what provenance_of (reasoners.explain) reads per triple
_EVIDENCE = """
SELECT ?stmt ?extractor ?span ?confidence ?run ?completion ?teacher ?prompt_id ?source ?retracted ?lower_bound ?upper_bound WHERE {
  VALUES ?stmt { %s }
  ?stmt prov:wasDerivedFrom ?support .
  OPTIONAL { ?support kg:path ?source }
  OPTIONAL { ?support kg:extractor ?extractor }
  OPTIONAL { ?support kg:rawSpan ?span }
  OPTIONAL { ?support kg:confidence ?confidence }
  OPTIONAL { ?support kg:lowerBound ?lower_bound ; kg:upperBound ?upper_bound }
  OPTIONAL { ?support prov:wasGeneratedBy ?supportRun }
  OPTIONAL {
    ?support prov:wasDerivedFrom ?completion .
    OPTIONAL { ?completion prov:wasGeneratedBy ?sampling .
               OPTIONAL { ?sampling kg:teacher ?samplingTeacher } OPTIONAL { ?sampling kg:run ?samplingRun } }
    OPTIONAL { ?completion kg:teacher ?completionTeacher }
    OPTIONAL { ?completion kg:prompt ?prompt . ?prompt kg:promptId ?prompt_id }
  }
  BIND(COALESCE(?samplingTeacher, ?completionTeacher) AS ?teacher)
  BIND(COALESCE(?supportRun, ?samplingRun) AS ?run)
  BIND(EXISTS { ?support kg:retractedBy ?retraction } AS ?retracted)
}"""

Evidence = dict[str, Any]
"""One support's provenance fields (:data:`_PROVENANCE_FIELDS`)."""


def _pyarrow() -> Any:
    try:
        return importlib.import_module("pyarrow.parquet"), importlib.import_module("pyarrow")
    except ModuleNotFoundError:
        raise KGError(
            "kg export -f parquet needs pyarrow, which is not installed; pip install 'kg-distill[parquet]' (or pyarrow)"
        ) from None


def _text(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return triple_term_text(term)
    return term.value


def _kind(term: Any) -> str:
    if isinstance(term, ox.Literal):
        return "literal"
    return "blank" if isinstance(term, ox.BlankNode) else "triple" if isinstance(term, ox.Triple) else "iri"


def _evidence(store: Store, statements: list[ox.NamedNode]) -> dict[ox.NamedNode, list[Evidence]]:
    """The supports of each of ``statements`` (absent: none recorded); asked again in halves
    where an endpoint cuts the answer at its cap."""
    try:
        rows = list(store.query(_EVIDENCE % " ".join(map(str, statements)), graph="provenance"))
    except TruncatedResultError:
        if len(statements) == 1:  # one statement's supports pass the cap: nothing smaller to ask
            raise
        half = len(statements) // 2
        return {**_evidence(store, statements[:half]), **_evidence(store, statements[half:])}
    out: dict[ox.NamedNode, list[Evidence]] = defaultdict(list)
    for row in rows:
        rec = {name: (python_value(row[name]) if row[name] is not None else None) for name in _PROVENANCE_FIELDS}
        for name in ("confidence", "lower_bound", "upper_bound"):
            if (number := rec[name]) is not None:
                rec[name] = float(number)
        for name in ("prompt_id", "span", "extractor", "teacher", "source"):
            if rec[name] is not None:
                rec[name] = str(rec[name])
        out[row["stmt"]].append(rec)
    return out


def export_parquet(store: Store, path: Path, graph: str, progress: Progress | None = None) -> int:
    """Write the edges of ``graph`` with their provenance to the Parquet file ``path``;
    returns the number of triples (rows may be more: one per piece of evidence)."""
    pq, pa = _pyarrow()
    types = {"value": pa.float64(), "confidence": pa.float64(), "retracted": pa.bool_(), "lower_bound": pa.float64(), "upper_bound": pa.float64()}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])
    triples = 0
    batches: list[Any] = []  # Arrow record batches of the row group being gathered
    with pq.ParquetWriter(str(path), schema) as writer:
        for chunk in _chunks(iter_quads(store, graph, progress), TRIPLES_PER_QUERY):
            triples += len(chunk)
            batches.append(pa.RecordBatch.from_pydict(_rows(store, chunk), schema=schema))
            if sum(b.num_rows for b in batches) >= ROWS_PER_GROUP:
                writer.write_table(pa.Table.from_batches(batches, schema))
                batches = []
        if batches:
            writer.write_table(pa.Table.from_batches(batches, schema))
    return triples


_GRAPH_NAMES = {str(GRAPH[name]): name for name in GRAPH_NAMES}
_NO_EVIDENCE = [dict.fromkeys(_PROVENANCE_FIELDS)]


def _rows(store: Store, chunk: list[ox.Quad]) -> dict[str, list[Any]]:
    """The rows of ``chunk``'s quads, by column: one per piece of evidence of an accepted triple
    (asked for by its statement node), one for any other triple."""
    statements = [statement_node(q.subject, q.predicate, q.object) if q.graph_name == _ACCEPTED else None for q in chunk]
    asked = list({stmt for stmt in statements if stmt is not None})
    evidence = _evidence(store, asked) if asked else {}
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for q, stmt in zip(chunk, statements):
        s, p, o = q.subject, q.predicate, q.object
        where = _GRAPH_NAMES.get(q.graph_name.value, q.graph_name.value) if isinstance(q.graph_name, ox.NamedNode) else ""
        literal = isinstance(o, ox.Literal)
        value = python_value(o) if literal else None
        number = float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else None
        for rec in evidence.get(stmt, _NO_EVIDENCE) if stmt is not None else _NO_EVIDENCE:
            columns["subject"].append(_text(s))
            columns["predicate"].append(p.value)
            columns["object"].append(_text(o))
            columns["object_kind"].append(_kind(o))
            columns["datatype"].append(o.datatype.value if isinstance(o, ox.Literal) and not o.language else None)
            columns["language"].append(o.language if isinstance(o, ox.Literal) else None)
            columns["direction"].append(o.direction.value if isinstance(o, ox.Literal) and o.direction else None)
            columns["value"].append(number)
            columns["graph"].append(where)
            for name in _PROVENANCE_FIELDS:
                columns[name].append(rec[name])
    return columns


def _chunks(quads: Iterator[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    while chunk := list(islice(quads, size)):
        yield chunk
