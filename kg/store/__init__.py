"""Stores: the embedded on-disk store (pyoxigraph) behind one small interface.

A store holds five named graphs (``accepted``, ``inferred``, ``rejected``,
``provenance``, ``ontology``). Every write of a batch of verdicts is one transaction: after a
crash (even ``kill -9``) the store holds whole batches only. Writes are idempotent: writing the
same batch twice leaves the store unchanged.

Guarantees of the embedded store: transactions are atomic and survive the process being
killed; durability against power loss is not promised (RocksDB's write-ahead log is not synced
on every commit); :meth:`Store.close` flushes. A batch of verdicts (:meth:`Store.add_nquads`)
is written the fast way, through RocksDB's bulk loader, behind our own redo journal: the batch's
N-Quads are written to ``DIR/journal/`` (fsynced, then renamed into place) before they are
loaded, and removed after; opening the store loads any journal left by a crash first. So a
reader through this module never sees part of a batch, and a killed writer leaves whole
batches. One process at a time may open a store; a second gets :class:`~kg.errors.StoreLockedError`.
Within a process, opening a store already open gives another handle on the same database, which
closes with its last handle.

``open_store(location)`` picks the backend: a directory path gives :class:`EmbeddedStore`;
an ``http(s)://`` URL gives the remote SPARQL store (:mod:`kg.store.remote`).

Modules: :mod:`kg.store.base` (the :class:`Store` interface, records, RDF formats),
:mod:`kg.store.embedded` (:class:`EmbeddedStore`), :mod:`kg.store.remote` (:class:`RemoteStore`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol, Sequence

from kg.errors import StoreError, UsageError
from kg.iri import mint_iri
from kg.namespaces import GRAPH, GRAPH_NAMES
from kg.results import QueryResult
from kg.store.base import (
    BULK_THRESHOLD,
    MARKER,
    GraphSelector,
    PatternTerm,
    Progress,
    Stats,
    Store,
    WriteSummary,
    _graph_name,
    sparql_error,
)
from kg.store.embedded import EmbeddedStore
from kg.store.formats import RDF_FORMATS, guess_format

__all__ = [
    "Store",
    "EmbeddedStore",
    "QueryResult",
    "Stats",
    "WriteSummary",
    "GraphSelector",
    "PatternTerm",
    "Progress",
    "MARKER",
    "BULK_THRESHOLD",
    "open_store",
    "as_store",
    "HoldsStore",
    "init_store",
    "graph_names",
    "user_graph",
    "loaded_graphs_in_words",
    "mint_iri",
    "RDF_FORMATS",
    "guess_format",
    "sparql_error",
]


def _as_url(location: str | Path) -> str | None:
    """The URL of a remote store, or None for a directory. ``Path("http://h/x")`` has lost a
    slash (``http:/h/x``); both spellings are URLs."""
    m = re.match(r"^(https?):/+(.*)$", str(location))
    return f"{m.group(1)}://{m.group(2)}" if m else None


_OTHER_URL = re.compile(r"^(?!https?:)([A-Za-z][A-Za-z0-9+.-]+):/+(.*)$")
"""A URL of another scheme than http(s) (``ftp://h/x``, or ``ftp:/h/x`` as a Path spells it);
a one-letter scheme is a Windows drive (``C:/stores/geo``)."""


def _location(location: object) -> str | Path:
    """``location``, or a UsageError when it is not a directory or an http(s) URL (a str or a Path)."""
    if not isinstance(location, (str, Path)):
        raise UsageError(f"a store is a directory or an endpoint URL (a str or a Path), not {type(location).__name__} {location!r}")
    other = _OTHER_URL.match(str(location))
    if other:
        raise UsageError(
            f"a store is a folder or an http:// or https:// SPARQL endpoint (in lower case), not a URL of scheme {other.group(1)}: "
            f"'{other.group(1)}://{other.group(2)}'"
        )
    return location


def init_store(location: str | Path) -> Store:
    """Create a new store (a directory path); an endpoint URL is opened as it is."""
    location = _location(location)
    if _as_url(location):
        return open_store(location)
    return EmbeddedStore.create(location)


def open_store(location: str | Path) -> Store:
    """Open a store: a directory path (embedded) or an ``http(s)://`` SPARQL endpoint."""
    text = _as_url(_location(location))
    if text:
        try:
            from kg.store.remote import RemoteStore
        except ImportError as exc:  # pragma: no cover - depends on the remote backend
            raise StoreError(f"remote stores are not available: {exc}") from None
        return RemoteStore(text)
    return EmbeddedStore.open(location)


class HoldsStore(Protocol):
    """What holds a store: a :class:`~kg.api.KnowledgeGraph` (its ``.store``)."""

    @property
    def store(self) -> Store: ...


def as_store(store: Store | HoldsStore | object) -> Store:
    """``store`` when it is a :class:`Store`, a :class:`~kg.api.KnowledgeGraph`'s ``.store``
    when it is one; else a TypeError naming what to pass (a KnowledgeGraph once failed deep
    inside with "'KnowledgeGraph' object has no attribute 'match'")."""
    if isinstance(store, Store):
        return store
    inner = getattr(store, "store", None)
    if isinstance(inner, Store):
        return inner
    raise TypeError(f"expected a store: a KnowledgeGraph (KnowledgeGraph.open(path)) or its .store, "
                    f"not {type(store).__name__} {str(store)[:80]!r}")


def user_graph(selector: str) -> str | None:
    """The IRI a selector names when it names a graph of the user's own (``<IRI>`` or a bare
    ``http(s)://`` IRI: a graph ``kg load`` of N-Quads or TriG brought in), else None."""
    bracketed = selector.startswith("<") and selector.endswith(">")
    iri = selector[1:-1] if bracketed else selector
    if not (bracketed or "://" in iri or iri.startswith("urn:")):
        return None  # a graph's short name (accepted, all, ...)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$", iri) and not iri.startswith(str(GRAPH)):
        return iri
    return None


def loaded_graphs_in_words(store: Store) -> str:
    """The named graphs a user loaded into ``store`` (beside the store's own), for a message."""
    own = ", ".join(f"<{GRAPH[name]}>" for name in GRAPH_NAMES)
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} FILTER(isIRI(?g) && ?g NOT IN ({own})) }} ORDER BY ?g LIMIT 6", graph="all")
    names = [f"<{row[0].value}>" for row in rows]
    if not names:
        return "it holds no graph of its own beside the store's (kg load of N-Quads or TriG keeps their graph names)"
    more = ", ..." if len(names) > 5 else ""
    return f"its loaded graphs: {', '.join(names[:5])}{more}"


def graph_names(selector: str) -> Sequence[str]:
    """Graph short names a selector covers (none for a graph of the user's own, :func:`user_graph`)."""
    if user_graph(selector):
        return ()
    if selector == "all":
        return GRAPH_NAMES
    if selector == "knowledge":
        return ("accepted", "inferred")
    return (_graph_name(selector),)
