"""A plain CSV edge list (``kg export -o edges.csv``, format ``csv``): one row per triple,
``head,relation,tail`` as a person reads them, then the terms they name,
``head_iri,relation_iri,tail_iri``, then the range a figure is the middle of,
``tail_lower,tail_upper``:

* a node by its ``rdfs:label`` (its first, an untagged or English one first), else its IRI's
  local name (:func:`kg.iri.local_name`); a relation by its local name (``madeOf``, ``type``);
* a literal tail as written (``bronze``, ``1999``), its ``tail_iri`` empty; a triple term (the
  object of ``rdf:reifies``) as N-Triples writes it;
* a figure an answer gave as a range (``3.5–4`` of a hardness, stored as 3.75) with the range's
  ends (:func:`kg.provenance.stored_bounds`: ``kg:lowerBound`` and ``kg:upperBound`` on the fact's
  support), as Wikidata gives a quantity with its bounds; empty for any other row;
* a node's labels name it and are no rows; a triple several selected graphs hold is one row;
* fields separated by ``,``, quoted where they must be (Python's :mod:`csv`, Excel's dialect).

Neo4j's bulk importer reads a folder of typed files instead (``neo4j-csv``,
:mod:`kg.exporters.neo4j`).

>>> _label_rank(ox.Literal("Nebra sky disc", language="en")) < _label_rank(ox.Literal("Himmelsscheibe von Nebra", language="de"))
True
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyoxigraph as ox

from kg.exporters.columns import iter_quads, node_id
from kg.iri import local_name
from kg.provenance import statement_node, stored_bounds
from kg.store import Progress, Store, graph_names
from kg.terms import ox_value, triple_term_text

__all__ = ["export_csv", "HEADER"]

HEADER = ("head", "relation", "tail", "head_iri", "relation_iri", "tail_iri", "tail_lower", "tail_upper")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _label_rank(label: ox.Literal) -> tuple[int, str]:
    """The order a node's labels are chosen in: untagged or English first, then by text."""
    return (0 if (label.language or "en").lower().split("-")[0] == "en" else 1, label.value)


def _labels(store: Store, graph: str) -> dict[str, str]:
    """Each node's name: its first label in the selection ``graph`` or in ``accepted`` (where
    the pipeline writes them), by :func:`_label_rank`."""
    found: dict[str, list[ox.Literal]] = {}
    for name in dict.fromkeys((*graph_names(graph), "accepted")):
        for q in store.match(None, _LABEL, None, graph=name):
            if isinstance(q.object, ox.Literal):
                found.setdefault(node_id(q.subject), []).append(q.object)
    return {node: min(labels, key=_label_rank).value for node, labels in found.items()}


def _tail(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, labels: dict[str, str]) -> tuple[str, str]:
    """A tail's (name, IRI): a literal's value and no IRI."""
    if isinstance(term, ox.Triple):
        return triple_term_text(term), ""
    if isinstance(term, ox.Literal):
        return ox_value(term), ""
    node = node_id(term)
    return labels.get(node, local_name(node)), node


def export_csv(store: Store, path: Path, graph: str, progress: Progress | None = None) -> int:
    """Write ``graph`` of ``store`` to ``path`` as an edge list; returns the rows written."""
    labels = _labels(store, graph)
    bounds = stored_bounds(store)
    seen: set[tuple[str, str, str]] = set()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        for q in iter_quads(store, graph, progress):
            if q.predicate == _LABEL:
                continue
            head, relation = node_id(q.subject), q.predicate.value
            tail, tail_iri = _tail(q.object, labels)
            key = (head, relation, str(q.object))
            if key in seen:
                continue
            seen.add(key)
            ends = bounds.get(statement_node(q.subject, q.predicate, q.object).value) if bounds and isinstance(q.object, ox.Literal) else None
            lower, upper = (str(ends[0]), str(ends[1])) if ends else ("", "")
            writer.writerow((labels.get(head, local_name(head)), local_name(relation), tail, head, relation, tail_iri, lower, upper))
    return len(seen)
