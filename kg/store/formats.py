"""The RDF file formats the store reads and writes, by name and by file extension; files
compressed with gzip, bzip2 or xz (``dump.nt.gz``, as DBpedia and Wikidata publish them) are read
as they stream."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path
from typing import IO, Callable, cast

import pyoxigraph as ox

from kg.errors import FormatError

__all__ = ["COMPRESSIONS", "RDF_FORMATS", "READ_ERRORS", "create_rdf", "guess_format", "open_rdf"]

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


_COMPRESSED: dict[str, Callable[[Path], IO[bytes]]] = {
    ".gz": lambda path: cast(IO[bytes], gzip.open(path, "rb")),
    ".bz2": lambda path: cast(IO[bytes], bz2.open(path, "rb")),
    ".xz": lambda path: cast(IO[bytes], lzma.open(path, "rb")),
}

COMPRESSIONS = (".gz", ".bz2", ".xz")
"""File name endings read (and written, by ``kg export``) compressed."""

_COMPRESSING: dict[str, Callable[[Path], IO[bytes]]] = {
    ".gz": lambda path: cast(IO[bytes], gzip.open(path, "wb", compresslevel=6)),  # gzip(1)'s level (9: 63 s, not 51 s, for 6M quads)
    ".bz2": lambda path: cast(IO[bytes], bz2.open(path, "wb")),
    ".xz": lambda path: cast(IO[bytes], lzma.open(path, "wb")),
}


def create_rdf(path: str | Path) -> IO[bytes]:
    """A file to write RDF into: compressed when its name ends in ``.gz``, ``.bz2`` or ``.xz``."""
    path = Path(path)
    opener = _COMPRESSING.get(path.suffix.lower())
    return opener(path) if opener else path.open("wb")


READ_ERRORS = (OSError, ValueError, EOFError, lzma.LZMAError)
"""What reading a file through :func:`open_rdf` raises for a file it cannot read (gzip's
``BadGzipFile`` is an ``OSError``; a compressed file cut short raises ``EOFError``)."""


def open_rdf(path: str | Path) -> IO[bytes]:
    """A file's RDF bytes: decompressed as read when it ends in ``.gz``, ``.bz2`` or ``.xz``, and
    without a leading byte-order mark (Windows editors write one; it is no part of the data)."""
    path = Path(path)
    opener = _COMPRESSED.get(path.suffix.lower())
    stream = opener(path) if opener else path.open("rb")
    if stream.read(3) != b"\xef\xbb\xbf":
        stream.seek(0)  # a compressed stream rewinds too (three bytes read again)
    return stream


def guess_format(path: str | Path, explicit: str | None = None) -> str:
    """The RDF format of a file, from ``explicit`` or its extension (under a compression one:
    ``.nt.gz`` is N-Triples)."""
    if explicit:
        name = explicit.lower().replace("-", "").replace("_", "")
        aliases = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "xml": "rdfxml", "json": "jsonld"}
        name = aliases.get(name, name)
        if name not in RDF_FORMATS:
            raise FormatError(f"unknown RDF format {explicit!r}; use one of {', '.join(RDF_FORMATS)}")
        return name
    path = Path(path)
    if path.suffix.lower() in _COMPRESSED:
        path = path.with_suffix("")
    suffix = path.suffix.lower()
    if suffix not in _EXTENSIONS:
        raise FormatError(
            f"cannot tell the RDF format of {str(path)!r} from its extension; pass --format "
            f"(format= from Python): {', '.join(RDF_FORMATS)}"
        )
    return _EXTENSIONS[suffix]
