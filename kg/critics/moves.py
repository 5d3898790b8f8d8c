"""Moving facts between the stored graphs, as a rescoring, a review and a retraction do: the
N-Triples names they write with, the one SPARQL Update per chunk of moves, the labels that go
with a moved fact, and the rebuild of ``inferred`` afterwards (with every domain's rules).

A move is recorded as a ``kg:Rescoring`` activity whose end (``prov:endedAtTime``) is written
after the rebuild: one without an end was cut short (:func:`unfinished_moves`), and the next
move rebuilds ``inferred`` for it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, XSD

from kg.errors import KGError
from kg.namespaces import GRAPH, KG, PROV
from kg.ontology import Domain

__all__ = [
    "NT", "GRAPHS", "LABEL", "Progress", "EntityLabels", "select_rows", "unfinished_moves", "now_literal",
    "integer_literal", "double_literal", "text_literal", "label_lines", "apply_update", "rebuild_inferred",
]

Progress = Callable[..., None]
"""``progress(stage, advance=0, total=None)``: stages ``read``, ``score``, ``write``,
``infer``; ``total`` is given once per stage when known."""


NT = {
    name: f"<{iri}>"
    for name, iri in {
        "type": RDF.type, "subject": RDF.subject, "predicate": RDF.predicate, "object": RDF.object,
        "Statement": RDF.Statement, "label": RDFS.label, "derived": PROV.wasDerivedFrom,
        "generated": PROV.wasGeneratedBy, "Activity": PROV.Activity, "started": PROV.startedAtTime,
        "ended": PROV.endedAtTime, "Rejection": KG.Rejection, "Reason": KG.Reason, "reason": KG.reason,
        "check": KG.check, "message": KG.message, "focusNode": KG.focusNode, "needsReview": KG.needsReview,
        "confidence": KG.confidence, "critic": KG.critic, "criticScore": KG.criticScore,
        "criticThreshold": KG.criticThreshold, "extractor": KG.extractor, "rawSpan": KG.rawSpan,
        "Rescoring": KG.Rescoring, "demotedBy": KG.demotedBy, "promotedBy": KG.promotedBy,
        "promotedFrom": KG.promotedFrom, "confirmedBy": KG.confirmedBy, "demotedCount": KG.demotedCount,
        "promotedCount": KG.promotedCount, "domain": KG.domain, "teacher": KG.teacher,
        "Source": KG.Source, "Completion": KG.Completion, "retracted": KG.retracted, "retractedBy": KG.retractedBy,
        "inputFile": KG.inputFile, "inputDigest": KG.inputDigest,
    }.items()
}
GRAPHS = {name: f"<{GRAPH[name]}>" for name in ("accepted", "rejected", "provenance")}
LABEL = ox.NamedNode(str(RDFS.label))


def select_rows(store: Any, sparql: str, graph: str) -> Iterator[Any]:
    yield from store.query(sparql, graph=graph)


class EntityLabels:
    """``rdfs:label`` of entities, from ``accepted`` (else ``rejected``): one label each (the
    least, so that the choice is stable), fetched in chunks."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.known: dict[Any, str | None] = {}

    def fetch(self, nodes: Iterable[Any]) -> None:
        todo = list(dict.fromkeys(x for x in nodes if isinstance(x, ox.NamedNode) and x not in self.known))
        for graph in ("accepted", "rejected"):
            for i in range(0, len(todo), 500):
                chunk = todo[i : i + 500]
                values = " ".join(str(x) for x in chunk)
                for row in select_rows(
                    self.store,
                    f"SELECT ?x (MIN(STR(?l)) AS ?label) WHERE {{ VALUES ?x {{ {values} }} ?x {LABEL} ?l }} GROUP BY ?x",
                    graph,
                ):
                    if row[1] is not None:
                        self.known.setdefault(row[0], row[1].value)
        for x in todo:
            self.known.setdefault(x, None)

    def get(self, node: Any) -> str | None:
        return self.known.get(node)


def unfinished_moves(store: Any) -> list[str]:
    """Rescorings whose end (after the rebuild of ``inferred``) was never written: a crash."""
    rows = select_rows(
        store,
        f"SELECT ?a WHERE {{ ?a {NT['type']} {NT['Rescoring']} FILTER NOT EXISTS {{ ?a {NT['ended']} ?t }} }}",
        "provenance",
    )
    return [row[0].value for row in rows]


def now_literal() -> str:
    return f'"{datetime.now(timezone.utc).isoformat(timespec="seconds")}"^^<{XSD.dateTime}>'


def integer_literal(n: int) -> str:
    return f'"{int(n)}"^^<{XSD.integer}>'


def double_literal(x: float) -> str:
    return f'"{round(float(x), 6)!r}"^^<{XSD.double}>'


def text_literal(value: str) -> str:
    return str(ox.Literal(value))


def label_lines(labels: EntityLabels, s: Any, o: Any, g: str) -> list[str]:
    out = []
    for x in (s, o):
        label = labels.get(x) if isinstance(x, ox.NamedNode) else None
        if label:
            out.append(f"{x} {NT['label']} {text_literal(label)} {g} .")
    return out


def apply_update(store: Any, delete: Sequence[str], insert: Sequence[str]) -> None:
    """One chunk's moves as one SPARQL Update request (one transaction)."""
    parts = []
    if delete:
        parts.append("DELETE DATA { " + " ".join(graph_blocks(delete)) + " }")
    if insert:
        parts.append("INSERT DATA { " + " ".join(graph_blocks(insert)) + " }")
    if parts:
        store.update(" ;\n".join(parts))


def graph_blocks(lines: Iterable[str]) -> list[str]:
    """N-Quads lines (``s p o <g> .``) as ``GRAPH <g> { s p o . ... }`` blocks."""
    by_graph: dict[str, list[str]] = {}
    for line in dict.fromkeys(lines):
        body, graph = line[: -2].rstrip().rsplit(" ", 1)
        by_graph.setdefault(graph, []).append(body + " .")
    return [f"GRAPH {g} {{ {' '.join(triples)} }}" for g, triples in by_graph.items()]


def rebuild_inferred(store: Any, tell: Progress, notes: list[str], *, also: Domain | None = None) -> int | None:
    """Rebuild ``inferred`` with the rules of every domain the store records, and ``also``'s (a
    rebuild with one domain's rules dropped what the store's other domains inferred: a review of
    a commonsense and geography store took out every inferred border)."""
    try:
        from reasoners.rules import Materializer
    except ImportError as exc:  # pragma: no cover - reasoners not installed
        notes.append(f"inferred graph not rebuilt: {exc}")
        return None
    from kg.domains import domains_for

    try:
        domains, _ = domains_for(store)
    except KGError:
        domains = []
    names = {getattr(d, "name", None) for d in domains}
    if also is not None and also.name not in names:
        domains.append(also)
    if not domains:
        notes.append("inferred graph not rebuilt: the store records no domain (kg reason --rebuild --domain NAME)")
        return None
    materializer = Materializer(domains[0] if len(domains) == 1 else domains, store)
    tell("infer", 0, store.count("accepted"))
    size = int(materializer.rebuild(progress=lambda k: tell("infer", k)) or 0)
    if materializer.withheld:
        notes.append(
            f"{materializer.withheld:,} facts people rejected are still entailed by accepted facts (an inverse or "
            "symmetric twin, a rule): left out of the inferred graph, as people decided (kg why FACT shows the "
            "rejection; to let the reasoner have them, review the entailing facts too)"
        )
    return size
