"""Trusted facts of a store: the positives a critic can learn from without human labels.

A fact is trusted when it is in the ``accepted`` graph and at least one completion it was read
from was written by a trusted teacher: a teacher whose id ends in ``:human`` (the human column
of a dataset, e.g. ``atomic2020:human``, :mod:`extractors.atomic`) or one named by the caller
(``kg critic train --trusted-teacher ID``). The provenance path (:mod:`kg.provenance`)::

    statement --prov:wasDerivedFrom--> support --prov:wasDerivedFrom--> completion
              --prov:wasGeneratedBy--> sampling --kg:teacher--> "atomic2020:human"

(a store written before ``kg:Sampling`` nodes, 2026-11-24, has ``kg:teacher`` on the completion
itself: read too, as ``kg why`` and ``kg critic rescore`` read it).

Heads and tails are the ``rdfs:label`` of the subject and object in the ``accepted`` graph (a
literal object: its text); the relation is the predicate's local name.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from kg.critics.examples import Row, clean_tail
from kg.iri import local_name

if TYPE_CHECKING:
    from kg.ontology import Domain

__all__ = ["HUMAN_SUFFIX", "trusted_rows", "is_trusted_teacher"]

HUMAN_SUFFIX = ":human"
"""Teachers whose id ends so are people (a dataset's human column)."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def is_trusted_teacher(teacher: str, extra: Iterable[str] = ()) -> bool:
    return teacher.endswith(HUMAN_SUFFIX) or teacher in set(extra)




def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _query(teachers: Iterable[str]) -> str:
    from kg.namespaces import GRAPH, PROV
    from kg.provenance import completion_teacher

    named = sorted(set(teachers))
    condition = f'STRENDS(STR(?teacher), "{HUMAN_SUFFIX}")'
    if named:
        condition += f" || STR(?teacher) IN ({', '.join(_sparql_string(t) for t in named)})"
    prov, acc = str(GRAPH["provenance"]), str(GRAPH["accepted"])
    return f"""SELECT ?s ?p ?o (MIN(STR(?sl)) AS ?head) (MIN(STR(?ol)) AS ?tail) WHERE {{
  GRAPH <{prov}> {{
    ?st a <{_RDF}Statement> ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o ;
        <{PROV.wasDerivedFrom}> ?support .
    ?support <{PROV.wasDerivedFrom}> ?completion .
    {completion_teacher("?completion", "?teacher")}
  }}
  FILTER({condition})
  GRAPH <{acc}> {{ ?s ?p ?o }}
  OPTIONAL {{ GRAPH <{acc}> {{ ?s <{_RDFS_LABEL}> ?sl }} }}
  OPTIONAL {{ GRAPH <{acc}> {{ ?o <{_RDFS_LABEL}> ?ol }} }}
}} GROUP BY ?s ?p ?o"""


def _text(term: Any, label: Any) -> str:
    """A node's label, else a literal's text, else its IRI's local name with ``_`` as spaces."""
    if label is not None:
        return str(label)
    from rdflib import Literal

    if isinstance(term, Literal):
        return str(term)
    return local_name(str(term)).replace("_", " ")


def trusted_rows(store: Any, domain: Domain | None = None, teachers: Iterable[str] = ()) -> list[Row]:
    """The accepted facts of ``store`` (a :class:`kg.store.Store` or a store directory) that a
    trusted teacher wrote (see the module docstring), as rows: one per (head, relation), its
    tails in a stable order. With a ``domain``, only its relations are kept. One SPARQL query."""
    from kg.store import Store, open_store

    own = not isinstance(store, Store)
    st = open_store(store if isinstance(store, (str, Path)) else str(store)) if own else store
    try:
        bindings = st.query(_query(teachers), graph="all").bindings()
    finally:
        if own:
            st.close()
    relations = set(domain.relations) if domain is not None else None
    tails: dict[tuple[str, str], set[str]] = defaultdict(set)
    for b in bindings:
        relation = local_name(str(b["p"]))
        if relations is not None and relation not in relations:
            continue
        head = clean_tail(_text(b["s"], b.get("head")))
        tail = clean_tail(_text(b["o"], b.get("tail")))
        if head and tail:
            tails[(head, relation)].add(tail)
    return [Row(head, relation, tuple(sorted(ts))) for (head, relation), ts in sorted(tails.items())]
