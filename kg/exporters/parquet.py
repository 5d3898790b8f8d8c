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
``value``          a numeric literal's value as a double (else null)
``graph``          the store graph it is in (``accepted``, ``inferred``, ...)
``confidence``     the evidence's confidence (double)
``extractor``      the extractor that read it; ``span`` the text it was read from
``teacher``        the teacher's id; ``prompt_id`` the prompt; ``completion`` the completion IRI
``run``            the run IRI; ``source`` the file it was loaded from (``kg load``)
``retracted``      whether ``kg retract`` withdrew this piece of evidence (its run or file):
                   a kept fact still lists a retracted teacher's support, so count facts per
                   teacher over ``~retracted`` rows (null on a row without evidence)
=================  ===========================================================================

Needs pyarrow (the ``[parquet]`` extra); without it the export is a one-line error.
"""

from __future__ import annotations

import importlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError
from kg.exporters.columns import iter_quads
from kg.namespaces import GRAPH, GRAPH_NAMES
from kg.results import python_value
from kg.terms import triple_term_text

__all__ = ["export_parquet", "COLUMNS"]

COLUMNS = (
    "subject", "predicate", "object", "object_kind", "datatype", "language", "value", "graph",
    "confidence", "extractor", "span", "teacher", "prompt_id", "completion", "run", "source", "retracted",
)
_PROVENANCE_FIELDS = ("confidence", "extractor", "span", "teacher", "prompt_id", "completion", "run", "source", "retracted")

# every support of every statement, with what provenance_of (reasoners.explain) reads per triple
_EVIDENCE = """
SELECT ?s ?p ?o ?extractor ?span ?confidence ?run ?completion ?teacher ?prompt_id ?source ?retracted WHERE {
  ?stmt rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?support .
  OPTIONAL { ?support kg:path ?source }
  OPTIONAL { ?support kg:extractor ?extractor }
  OPTIONAL { ?support kg:rawSpan ?span }
  OPTIONAL { ?support kg:confidence ?confidence }
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


def export_parquet(store: Any, path: Path, graph: str, progress: Any = None) -> int:
    """Write the edges of ``graph`` with their provenance to the Parquet file ``path``;
    returns the number of triples (rows may be more: one per piece of evidence)."""
    pq, pa = _pyarrow()
    evidence: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in store.query(_EVIDENCE, graph="provenance"):
        key = (str(row["s"]), str(row["p"]), str(row["o"]))
        rec = {name: (python_value(row[name]) if row[name] is not None else None) for name in _PROVENANCE_FIELDS}
        if rec["confidence"] is not None:
            rec["confidence"] = float(rec["confidence"])
        for name in ("prompt_id", "span", "extractor", "teacher", "source"):
            if rec[name] is not None:
                rec[name] = str(rec[name])
        evidence.setdefault(key, []).append(rec)
    graph_names = {str(GRAPH[name]): name for name in GRAPH_NAMES}
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    empty = dict.fromkeys(_PROVENANCE_FIELDS)
    triples = 0
    for q in iter_quads(store, graph, progress):
        triples += 1
        s, p, o = q.subject, q.predicate, q.object
        where = graph_names.get(q.graph_name.value, q.graph_name.value) if isinstance(q.graph_name, ox.NamedNode) else ""
        literal = isinstance(o, ox.Literal)
        value = python_value(o) if literal else None
        number = float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else None
        recs = evidence.get((str(s), str(p), str(o)), [empty]) if where == "accepted" else [empty]
        for rec in recs:
            columns["subject"].append(_text(s))
            columns["predicate"].append(p.value)
            columns["object"].append(_text(o))
            columns["object_kind"].append(_kind(o))
            columns["datatype"].append(o.datatype.value if isinstance(o, ox.Literal) and not o.language else None)
            columns["language"].append(o.language if isinstance(o, ox.Literal) else None)
            columns["value"].append(number)
            columns["graph"].append(where)
            for name in _PROVENANCE_FIELDS:
                columns[name].append(rec[name])
    types = {"value": pa.float64(), "confidence": pa.float64(), "retracted": pa.bool_()}
    table = pa.table({name: pa.array(values, type=types.get(name, pa.string())) for name, values in columns.items()})
    pq.write_table(table, str(path))
    return triples

