"""The RDF file formats the store reads and writes, by name and by file extension."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import FormatError

__all__ = ["RDF_FORMATS", "guess_format"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}

_EXTENSIONS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".n3": "n3",
}


def guess_format(path: str | Path, explicit: str | None = None) -> str:
    """The RDF format of a file, from ``explicit`` or its extension."""
    if explicit:
        name = explicit.lower().replace("-", "").replace("_", "")
        aliases = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "xml": "rdfxml", "json": "jsonld"}
        name = aliases.get(name, name)
        if name not in RDF_FORMATS:
            raise FormatError(f"unknown RDF format {explicit!r}; use one of {', '.join(RDF_FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise FormatError(
            f"cannot tell the RDF format of {str(path)!r} from its extension; pass --format "
            f"(format= from Python): {', '.join(RDF_FORMATS)}"
        )
    return _EXTENSIONS[suffix]
