"""The RDF file formats the store reads and writes, by name and by file extension; files
compressed with gzip, bzip2 or xz (``dump.nt.gz``, as DBpedia and Wikidata publish them) are read
as they stream."""

from __future__ import annotations

import bz2
import gzip
import lzma
from pathlib import Path
from typing import IO, Iterator, cast

import pyoxigraph as ox

from kg.errors import FormatError

__all__ = ["COMPRESSIONS", "RDF_FORMATS", "create_rdf", "guess_format", "open_rdf", "read_quads"]

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


_CODECS = {".gz": gzip, ".bz2": bz2, ".xz": lzma}

COMPRESSIONS = tuple(_CODECS)
"""File name endings read (and written, by ``kg export``) compressed."""


def _open(path: Path, mode: str) -> IO[bytes]:
    codec = _CODECS.get(path.suffix.lower())
    if codec is None:
        return path.open(mode)
    # gzip(1)'s level when writing: 9, gzip's default in Python, took 63 s, not 51 s, for 6M quads
    level = {"compresslevel": 6} if codec is gzip and mode == "wb" else {}
    return cast(IO[bytes], codec.open(path, mode, **level))


def create_rdf(path: str | Path) -> IO[bytes]:
    """A file to write RDF into: compressed when its name ends in ``.gz``, ``.bz2`` or ``.xz``."""
    return _open(Path(path), "wb")


def open_rdf(path: str | Path) -> IO[bytes]:
    """A file's RDF bytes: decompressed as read when it ends in ``.gz``, ``.bz2`` or ``.xz``, and
    without a leading byte-order mark (Windows editors write one; it is no part of the data)."""
    stream = _open(Path(path), "rb")
    if stream.read(3) != b"\xef\xbb\xbf":
        stream.seek(0)  # a compressed stream rewinds too (three bytes read again)
    return stream


def read_quads(path: str | Path, name: str) -> Iterator[ox.Quad]:
    """A file's quads in the format ``name`` as it streams; a file that is not valid, or cannot be
    read (a compressed file cut short, or not compressed), is a :class:`~kg.errors.FormatError`."""
    path = Path(path)
    try:
        with open_rdf(path) as fh:
            yield from ox.parse(fh, format=RDF_FORMATS[name], base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        if "LoadDocumentCallback" in str(exc):  # Oxigraph's words for a remote JSON-LD @context
            raise FormatError(
                f"{path}: its @context is a URL, and kg reads files offline: put the context in the file "
                "(\"@context\": {...}) or convert it to Turtle or N-Triples first"
            ) from None
        raise FormatError(f"{path}: not valid {name}: {exc}") from None
    except (OSError, ValueError, EOFError, lzma.LZMAError) as exc:  # gzip's BadGzipFile is an OSError
        raise FormatError(f"{path}: cannot read as {name}: {exc}") from None


def guess_format(path: str | Path, explicit: str | None = None, *, option: str = "--format") -> str:
    """The RDF format of a file, from ``explicit`` or its extension (under a compression one:
    ``.nt.gz`` is N-Triples); ``option`` is the command's option that names it, for the error."""
    if explicit:
        name = explicit.lower().replace("-", "").replace("_", "")
        aliases = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "xml": "rdfxml", "json": "jsonld"}
        name = aliases.get(name, name)
        if name not in RDF_FORMATS:
            raise FormatError(f"unknown RDF format {explicit!r}; use one of {', '.join(RDF_FORMATS)}")
        return name
    path = Path(path)
    if path.suffix.lower() in _CODECS:
        path = path.with_suffix("")
    suffix = path.suffix.lower()
    if suffix not in _EXTENSIONS:
        raise FormatError(
            f"cannot tell the RDF format of {str(path)!r} from its extension; pass {option} "
            f"(format= from Python): {', '.join(RDF_FORMATS)}"
        )
    return _EXTENSIONS[suffix]
