"""Content negotiation: which format a result is sent in, from ``Accept`` or ``?format=``."""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

__all__ = ["GRAPH_OX", "GRAPH_TYPES", "RESULT_OX", "RESULT_TYPES", "Negotiated", "content_type", "negotiate", "parse_accept"]

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


class Negotiated(NamedTuple):
    """The format an answer is sent in, and the media type it is labelled with: one the client
    accepted (``text/plain`` for N-Triples asked for as ``text/*``), the format's own otherwise."""

    format: str
    media: str


def _acceptance(accept: list[tuple[str, float]], media: str) -> tuple[float, int]:
    """How much the header accepts ``media``: its most specific matching entry's q (RFC 9110,
    12.5.1), with that entry's specificity (2 exact, 1 ``type/*``, 0 ``*/*``, -1 none)."""
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
    return q, specificity


def _spelling_acceptance(accept: list[tuple[str, float]], media: str) -> tuple[float, int]:
    """:func:`_acceptance`, an unregistered spelling (``application/x-turtle``) counting only
    when the client names it: ``application/*`` is not a request for a legacy alias."""
    q, specificity = _acceptance(accept, media)
    unregistered = media.partition("/")[2].startswith("x-")
    return (0.0, -1) if unregistered and specificity < 2 else (q, specificity)


def negotiate(
    accept: list[tuple[str, float]], kind: str, format: str | None = None, *, excluding: str | None = None
) -> Negotiated | None:
    """The format to answer a ``kind`` (select/ask/graph) result in, and its label, or None (406);
    ``excluding`` a format it cannot be sent in (the next best acceptable one then, or None).

    A format refused under its own media type (``text/turtle;q=0``) is not sent under another
    spelling a wildcard matches (``application/x-turtle`` for ``*/*``: RFC 9110 12.4.2's q=0 is
    "not acceptable"); a format is labelled by the type of it that the client accepts most, and
    a wildcard never matches an unregistered spelling (``application/*`` is not Turtle)."""
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if format:
        if "/" in format:  # a media type given as ?format= (as Fuseki accepts)
            accept = parse_accept(format)
        else:
            name = _FORMAT_ALIASES.get((kind == "graph", format.lower()), format.lower())
            if name in table:
                return Negotiated(name, table[name][0]) if name != excluding else None
            # an unknown name (e.g. SPARQLWrapper's format=n3): the Accept header decides
    best: tuple[float, Negotiated] | None = None
    for name, types in table.items():
        if name == excluding:
            continue
        # what the client said most specifically of any spelling of the format decides (its own
        # type first on a tie): text/turtle;q=0 beats */* matching application/x-turtle
        (_, q), media = max(((_spelling_acceptance(accept, media)[::-1], media) for media in types), key=lambda pair: pair[0])
        if q > 0 and (best is None or q > best[0]):
            best = (q, Negotiated(name, media))
    return best[1] if best else None


def content_type(media: str) -> str:
    """The ``Content-Type`` of an answer of ``media`` (a text, JSON or XML one says UTF-8)."""
    return media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")
