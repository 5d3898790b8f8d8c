"""Content negotiation: which format a result is sent in, from ``Accept`` or ``?format=``."""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["GRAPH_OX", "GRAPH_TYPES", "RESULT_OX", "RESULT_TYPES", "content_type", "negotiate", "parse_accept"]

RESULT_TYPES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_TYPES: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
}
RESULT_OX = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` header → ``[(media type, q)]`` (parameters other than q dropped)."""
    out = []
    for part in (header or "*/*").split(","):
        items = [p.strip() for p in part.split(";")]
        media = items[0].lower()
        if not media:
            continue
        q = 1.0
        for param in items[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out or [("*/*", 1.0)]


_FORMAT_ALIASES = {
    (True, "ttl"): "turtle",
    (True, "n3"): "turtle",
    (True, "nt"): "ntriples",
    (True, "n-triples"): "ntriples",
    (True, "json-ld"): "jsonld",
    (True, "json"): "jsonld",
    (True, "xml"): "rdfxml",
    (True, "rdf"): "rdfxml",
    (False, "srj"): "json",
    (False, "srx"): "xml",
}


def negotiate(accept: list[tuple[str, float]], kind: str, format: str | None = None) -> str | None:
    """The format name to answer a ``kind`` (select/ask/graph) result in, or None (406)."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if format:
        if "/" in format:  # a media type given as ?format= (as Fuseki accepts)
            accept = parse_accept(format)
        else:
            name = _FORMAT_ALIASES.get((kind == "graph", format.lower()), format.lower())
            if name in table:
                return name
            # an unknown name (e.g. SPARQLWrapper's format=n3): the Accept header decides
    best: tuple[float, int, str] | None = None
    for rank, (name, types) in enumerate(table.items()):
        for media in types:
            # the most specific matching entry of the header decides (RFC 9110, 12.5.1)
            q, specificity = 0.0, -1
            for wanted, wq in accept:
                if wanted == media:
                    level = 2
                elif wanted.endswith("/*") and wanted != "*/*" and media.startswith(wanted[:-1]):
                    level = 1
                elif wanted == "*/*":
                    level = 0
                else:
                    continue
                if level > specificity or (level == specificity and wq > q):
                    q, specificity = wq, level
            if q > 0 and (best is None or q > best[0]):
                best = (q, rank, name)
    return best[2] if best else None


def content_type(format: str) -> str:
    table = {**GRAPH_TYPES, **RESULT_TYPES}
    media = table[format][0]
    return media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")

