"""Stores: the embedded on-disk store (pyoxigraph) behind one small interface.

A store holds the named graphs of DESIGN.md (``accepted``, ``inferred``, ``rejected``,
``provenance``, ``ontology``). Every write of a batch of verdicts is one transaction: after a
crash (even ``kill -9``) the store holds whole batches only. Writes are idempotent: writing the
same batch twice leaves the store unchanged.

Guarantees of the embedded store: transactions are atomic and survive the process being
killed; durability against power loss is not promised (RocksDB's write-ahead log is not synced
on every commit); :meth:`Store.close` flushes. A batch of verdicts (:meth:`Store.add_nquads`)
is written the fast way, through RocksDB's bulk loader, behind our own redo journal: the batch's
N-Quads are written to ``DIR/journal/`` (fsynced, then renamed into place) before they are
loaded, and removed after; opening the store loads any journal left by a crash first. So a
reader through this module never sees part of a batch, and a killed writer leaves whole batches. One process at a time may open a store; a second
gets :class:`~kg.errors.StoreLockedError`.

``open_store(location)`` picks the backend: a directory path gives :class:`EmbeddedStore`;
an ``http(s)://`` URL gives the remote SPARQL store (see ``kg.remote``).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.errors import FormatError, NotAStoreError, QueryError, StoreError, StoreLockedError
from kg.iri import mint_iri  # noqa: F401  (re-exported: the store's IRI helper)
from kg.namespaces import GRAPH, GRAPH_NAMES, KG, PREFIXES, SOURCE, prefix_hint
from kg.provenance import batch_nquads, parse_nquads, source_quads
from kg.records import Unreadable, Verdict
from kg.results import QueryResult
from kg.terms import to_ox

__all__ = [
    "Store",
    "EmbeddedStore",
    "QueryResult",
    "Stats",
    "WriteSummary",
    "open_store",
    "init_store",
    "mint_iri",
    "RDF_FORMATS",
    "guess_format",
]

MARKER = "kg-store.json"
BULK_THRESHOLD = 20_000
"""Files with more triples than this are loaded with the (non-transactional) bulk loader."""
STORE_FORMAT_VERSION = 1
JOURNAL = "journal"
"""The store directory's folder of batches journaled but not yet known to be loaded."""

Progress = Callable[[int], None]
"""A callback told how many more items were processed."""

GraphSelector = str | None
"""``None`` or ``"knowledge"``: accepted + inferred; ``"all"``: every graph; or one graph name."""

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
            f"({', '.join(RDF_FORMATS)})"
        )
    return _EXTENSIONS[suffix]


@dataclass(frozen=True)
class WriteSummary:
    accepted: int = 0
    rejected: int = 0
    quads_added: int = 0


@dataclass(frozen=True)
class Stats:
    """Counts of a store: triples per graph, and per predicate / per class over knowledge
    (accepted + inferred)."""

    graphs: dict[str, int]
    predicates: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    entities: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "graphs": self.graphs,
            "entities": self.entities,
            "predicates": self.predicates,
            "classes": self.classes,
        }


class Store(ABC):
    """The small interface every store backend implements."""

    location: str

    def write(
        self, verdicts: Iterable[Verdict | Unreadable], *, run: URIRef | None = None
    ) -> WriteSummary:
        """Write a batch of verdicts atomically (all or nothing): every backend writes the same
        quads (:func:`kg.provenance.batch_nquads`) through its ``add_nquads``."""
        items = list(verdicts)
        accepted = sum(1 for v in items if isinstance(v, Verdict) and v.accepted)
        batch = batch_nquads(items, run)
        self.add_nquads(batch.text)
        return WriteSummary(accepted, len(items) - accepted, batch.quads)

    def add_nquads(self, text: str, background: str = "") -> None:
        """Add N-Quads documents (as :mod:`kg.provenance` writes them) atomically, as one batch.
        ``background`` (quads of the ``provenance`` and ``rejected`` graphs only) may still be
        loading when this returns, where the backend can do that; reads of those graphs wait for
        it, as does :meth:`wait`."""
        if (text + background).strip():
            self.add_quads(parse_nquads(text + background))

    def wait(self) -> None:
        """Wait for a batch's background part (:meth:`add_nquads`) to be written."""

    @abstractmethod
    def add_quads(self, quads: Iterable[ox.Quad], *, bulk: bool = False) -> int:
        """Add quads in one transaction; returns how many were given. ``bulk=True`` allows a
        faster, non-transactional path for large imports (a rerun completes an interrupted one:
        writes are idempotent)."""

    @abstractmethod
    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove quads in one transaction."""

    @abstractmethod
    def query(self, sparql: str, *, graph: GraphSelector = None) -> QueryResult:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the chosen graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    @abstractmethod
    def match(
        self,
        subject: Node | None = None,
        predicate: Node | None = None,
        object: Node | None = None,
        *,
        graph: str = "accepted",
    ) -> Iterator[ox.Quad]:
        """Quads of one graph matching a pattern (``None`` matches anything)."""

    @abstractmethod
    def clear_graph(self, name: str) -> None:
        """Remove every triple of one named graph."""

    @abstractmethod
    def close(self) -> None:
        """Flush and release the store."""

    # -- shared behaviour built on the primitives --------------------------------------------

    def stats(self) -> Stats:
        graphs = {name: 0 for name in GRAPH_NAMES}
        for row in self.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", graph="all"
        ):
            iri, n = row[0].value, int(row[1].value)
            short = iri[len(str(GRAPH)) :] if iri.startswith(str(GRAPH)) else iri
            graphs[short] = n
        predicates = {
            row[0].value: int(row[1].value)
            for row in self.query(
                "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"
            )
        }
        classes = {
            row[0].value: int(row[1].value)
            for row in self.query(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)"
            )
        }
        entities = next(
            iter(self.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"))
        )[0]
        return Stats(graphs, predicates, classes, int(entities.value))

    def add_triples(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        graph: str = "accepted",
        source: str | None = None,
        batch_size: int = 10_000,
        bulk: bool = False,
        progress: Progress | None = None,
    ) -> int:
        """Add triples (rdflib or pyoxigraph terms) to a graph, in transactions of
        ``batch_size`` (or through the bulk loader with ``bulk=True``); with ``source``, each
        gets a provenance statement pointing at it. A 4-tuple's fourth term (a pyoxigraph graph
        name) is the graph of that one triple."""
        g = ox.NamedNode(str(GRAPH[graph]))
        source_node, batch = _source(source)
        total = 0
        pending = 0
        for t in triples:
            s, p, o = _ox(t[0]), _ox(t[1]), _ox(t[2])
            batch.append(ox.Quad(s, p, o, t[3] if len(t) > 3 else g))  # type: ignore[misc]
            if source_node is not None:
                batch.extend(source_quads(s, p, o, source_node))
            total += 1
            pending += 1
            if pending >= batch_size:
                self.add_quads(batch, bulk=bulk)
                if progress:
                    progress(pending)
                batch, pending = [], 0
        if batch:
            self.add_quads(batch, bulk=bulk)
            if progress:
                progress(pending)
        return total

    def load(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        graph: str = "accepted",
        progress: Progress | None = None,
        into_own_graphs: bool = False,
    ) -> int:
        """Parse an RDF file and add its triples to ``graph`` with provenance ``source=file``.

        A quad of an N-Quads/TriG file (or a named graph of JSON-LD) keeps its graph; only
        triples of the default graph go to ``graph``. Quads naming one of the store's own graphs
        (``graph:accepted``, ``rejected``, ``provenance``, ...: what runs write, with their
        bookkeeping) are refused, the whole file with them, unless ``into_own_graphs``.

        The whole file is parsed before anything is written, so a malformed file adds nothing.
        Files up to ``BULK_THRESHOLD`` triples are written in one transaction; larger ones go
        through the bulk loader (on the embedded store as one journaled write: atomic too; on a
        remote store in requests of many quads: rerun an interrupted load, it is idempotent).
        """
        path = Path(path)
        if not path.is_file():
            raise FormatError(f"no such file: {str(path)!r}")
        name = guess_format(path, format)
        own: dict[str, int] = {}
        try:
            parsed = []
            for q in ox.parse(path=str(path), format=RDF_FORMATS[name], base_iri=path.resolve().as_uri()):
                g = q.graph_name
                if isinstance(g, ox.DefaultGraph):
                    parsed.append((q.subject, q.predicate, q.object))
                    continue
                if isinstance(g, ox.NamedNode) and g.value.startswith(_OWN_GRAPHS):
                    own[g.value] = own.get(g.value, 0) + 1
                parsed.append((q.subject, q.predicate, q.object, g))
        except SyntaxError as exc:
            raise FormatError(f"{path}: not valid {name}: {exc}") from None
        except (OSError, ValueError) as exc:
            raise FormatError(f"{path}: cannot read as {name}: {exc}") from None
        if own and not into_own_graphs:
            names = ", ".join(f"graph:{iri[len(_OWN_GRAPHS):]}" for iri in sorted(own))
            raise FormatError(
                f"{path}: {sum(own.values()):,} quads name the store's own graphs ({names}), which kg "
                "runs write with their provenance; nothing loaded. Pass --into-own-graphs to load them "
                "there anyway, or rename those graphs in the file"
            )
        bulk = len(parsed) > BULK_THRESHOLD
        return self.add_triples(
            parsed,
            graph=graph,
            source=path.resolve().as_uri(),
            batch_size=200_000 if bulk else max(len(parsed), 1),
            bulk=bulk,
            progress=progress,
        )

    def triples(self, graph: str = "accepted") -> Iterator[ox.Quad]:
        return self.match(graph=graph)

    def is_empty(self, *graphs: str) -> bool:
        """Whether the named graphs hold no triple (one lookup each, not a count)."""
        return all(next(iter(self.match(graph=g)), None) is None for g in graphs)

    def count(self, graph: str = "accepted") -> int:
        row = next(iter(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH[_graph_name(graph)]}> {{ ?s ?p ?o }} }}", graph="all")))
        return int(row[0].value)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


_OWN_GRAPHS = str(GRAPH)
"""The store's own graphs (``graph:accepted`` ...) share this prefix; ``kg load`` keeps out of them."""


def _source(source: str | None) -> tuple[ox.NamedNode | None, list[ox.Quad]]:
    """The node of a loaded file and the provenance quads that describe it (none without one)."""
    if source is None:
        return None, []
    node = ox.NamedNode(str(SOURCE) + _source_key(source))
    pg = ox.NamedNode(str(GRAPH.provenance))
    return node, [
        ox.Quad(node, ox.NamedNode(str(_RDF_TYPE)), ox.NamedNode(str(KG.Source)), pg),
        ox.Quad(node, ox.NamedNode(str(KG.path)), ox.Literal(source), pg),
    ]


def _source_key(source: str) -> str:
    import hashlib

    return hashlib.sha1(source.encode("utf-8")).hexdigest()


def _ox(term: object) -> object:
    return term if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else to_ox(term)  # type: ignore[arg-type]


def sparql_error(exc: Exception, limit: int = 160) -> str:
    """A parser message short enough for one line (Oxigraph lists every expected token)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def _graph_name(name: str) -> str:
    if name not in GRAPH_NAMES:
        raise QueryError(f"unknown graph {name!r}; use one of {', '.join(GRAPH_NAMES)}, knowledge or all")
    return name


class EmbeddedStore(Store):
    """A persistent store in a directory, on pyoxigraph (RocksDB)."""

    def __init__(self, path: str | Path, _store: ox.Store) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._store = _store
        self._graphs = {name: ox.NamedNode(str(GRAPH[name])) for name in GRAPH_NAMES}
        self._pending: threading.Thread | None = None  # a batch's background part, loading
        self._pending_error: StoreError | None = None
        self._background_graphs = {self._graphs["provenance"], self._graphs["rejected"]}

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path) -> "EmbeddedStore":
        """Create a new, empty store in ``path`` (absent or an empty directory)."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"cannot create a store at {str(path)!r}: it is a file")
        if path.is_dir() and (path / MARKER).exists():
            raise StoreError(f"{str(path)!r} already holds a kg store; open it instead")
        if path.is_dir() and any(path.iterdir()):
            raise StoreError(f"cannot create a store in {str(path)!r}: the directory is not empty")
        try:
            path.mkdir(parents=True, exist_ok=True)
            (path / MARKER).write_text(
                json.dumps({"kg_store": STORE_FORMAT_VERSION, "backend": "pyoxigraph"}) + "\n"
            )
        except OSError as exc:
            raise StoreError(f"cannot create a store at {str(path)!r}: {exc.strerror or exc}") from None
        store = cls._open_raw(path)
        for name, g in store._graphs.items():
            store._store.add_graph(g)
        return store

    @classmethod
    def open(cls, path: str | Path) -> "EmbeddedStore":
        """Open an existing store for reading and writing."""
        path = Path(path)
        if not path.exists():
            raise NotAStoreError(f"no store at {str(path)!r}; create one with `kg init {path}`")
        if not path.is_dir() or not (path / MARKER).is_file():
            raise NotAStoreError(
                f"{str(path)!r} is not a kg store (no {MARKER}); create one with `kg init DIR`"
            )
        try:
            meta = json.loads((path / MARKER).read_text())
        except (OSError, ValueError, RecursionError) as exc:
            raise NotAStoreError(f"{str(path)!r}: unreadable {MARKER}: {exc}") from None
        if not isinstance(meta, dict):
            raise NotAStoreError(f"{str(path)!r}: unreadable {MARKER}: not a JSON object")
        if meta.get("kg_store") != STORE_FORMAT_VERSION:
            raise StoreError(
                f"{str(path)!r} has store format {meta.get('kg_store')!r}; this kg reads {STORE_FORMAT_VERSION}"
            )
        return cls._open_raw(path)

    @classmethod
    def _open_raw(cls, path: Path) -> "EmbeddedStore":
        try:
            raw = ox.Store(str(path / "oxigraph"))
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreLockedError(
                    f"the store {str(path)!r} is locked by another process (a running `kg` "
                    "command or `kg serve`?); stop it, or query the running server over HTTP"
                ) from None
            if not os.access(path, os.W_OK) or "read-only" in text.lower() or "permission" in text.lower():
                raise StoreError(f"cannot open the store {str(path)!r} for writing: {text}") from None
            raise StoreError(f"cannot open the store {str(path)!r}: {text}") from None
        except RuntimeError as exc:  # RocksDB: "Corruption: ...", a damaged database folder
            raise StoreError(
                f"the store {str(path)!r} is damaged and cannot be opened ({exc}); restore it from a "
                "backup, or recreate it (kg init) and load an export"
            ) from None
        store = cls(path, raw)
        store._replay_journal()
        return store

    # -- the redo journal of batch writes ---------------------------------------------------

    def add_nquads(self, text: str, background: str = "") -> None:
        """Add a batch atomically, the fast way: journal it, bulk-load it, drop the journal (see
        the module docstring); several times faster than a transaction for large batches.
        ``background`` is loaded on a worker thread (the bulk loader releases the GIL, so the
        caller's next batch overlaps it); one batch at a time."""
        self.wait()
        text, background = _content(text), _content(background)
        if not text and not background:
            return
        entry = self._journal(text, background)
        if text:
            self._bulk_load(entry, text)
        if not background:
            entry.unlink()
            return
        worker = threading.Thread(target=self._finish, args=(entry, background), name="kg-store-writer", daemon=True)
        self._pending = worker
        worker.start()

    def wait(self) -> None:
        worker, self._pending = self._pending, None
        if worker is not None:
            worker.join()
        error, self._pending_error = self._pending_error, None
        if error is not None:
            raise error

    def _finish(self, entry: Path, text: str) -> None:
        try:
            self._bulk_load(entry, text)
            entry.unlink()
        except StoreError as exc:
            self._pending_error = exc

    def _journal(self, *parts: str | Iterable[str]) -> Path:
        """Write a batch's N-Quads to the journal (parts: texts, or iterables of lines written
        as they come, so a large load need not be in memory), durably, whole or not at all."""
        journal = self.path / JOURNAL
        try:
            journal.mkdir(exist_ok=True)
            entry = journal / f"{time.time_ns():020d}-{os.getpid()}.nq"
            partial = journal / f".{entry.name}.partial"
            try:
                with open(partial, "w", encoding="utf-8") as fh:
                    for part in parts:
                        if isinstance(part, str):
                            fh.write(part)
                        else:
                            fh.writelines(part)
                    fh.flush()
                    os.fsync(fh.fileno())
            except BaseException:
                partial.unlink(missing_ok=True)  # never renamed into place: nothing was written
                raise
            os.replace(partial, entry)  # the batch now exists, whole, or not at all
            _fsync_dir(journal)
        except OSError as exc:
            raise StoreError(f"write to {self.location!r} failed, nothing written: {exc}") from None
        return entry

    def _bulk_load(self, entry: Path, text: str | None = None) -> None:
        try:
            if text is None:
                self._store.bulk_load(path=str(entry), format=ox.RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(
                f"write to {self.location!r} failed: {exc}; the batch stays in {str(entry)!r} "
                "and is loaded again when the store is next opened"
            ) from None

    def _replay_journal(self) -> None:
        """Finish the batches a killed writer journaled but may not have loaded whole."""
        journal = self.path / JOURNAL
        if not journal.is_dir():
            return
        for partial in journal.glob(".*.partial"):
            partial.unlink()  # never renamed into place: that batch was not written at all
        for entry in sorted(journal.glob("*.nq")):
            self._bulk_load(entry)
            entry.unlink()

    def add_triples(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        graph: str = "accepted",
        source: str | None = None,
        batch_size: int = 10_000,
        bulk: bool = False,
        progress: Progress | None = None,
    ) -> int:
        """As :meth:`Store.add_triples`; with ``bulk=True`` the triples (and their provenance)
        are streamed into one journal entry and bulk-loaded from it: one atomic write however
        large (a crash leaves nothing, or a journal the next open loads whole)."""
        if not bulk:
            return super().add_triples(
                triples, graph=graph, source=source, batch_size=batch_size, progress=progress
            )
        self.wait()
        count = [0]

        def lines() -> Iterator[str]:
            g = self.graph_node(graph)
            source_node, header = _source(source)
            yield "".join(f"{q} .\n" for q in header)
            for t in triples:
                s, p, o = _ox(t[0]), _ox(t[1]), _ox(t[2])
                yield f"{ox.Quad(s, p, o, t[3] if len(t) > 3 else g)} .\n"  # type: ignore[arg-type, misc]
                if source_node is not None:
                    yield "".join(f"{q} .\n" for q in source_quads(s, p, o, source_node))  # type: ignore[arg-type]
                count[0] += 1
                if progress and count[0] % batch_size == 0:
                    progress(batch_size)

        entry = self._journal(lines())
        self._bulk_load(entry)
        entry.unlink()
        if progress and count[0] % batch_size:
            progress(count[0] % batch_size)
        return count[0]

    # -- primitives ---------------------------------------------------------------------------

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store (for hot paths that need it)."""
        return self._store

    def graph_node(self, name: str) -> ox.NamedNode:
        return self._graphs[_graph_name(name)]

    def add_quads(self, quads: Iterable[ox.Quad], *, bulk: bool = False) -> int:
        quads = quads if isinstance(quads, list) else list(quads)
        try:
            if bulk:
                self._store.bulk_extend(quads)
            else:
                self._store.extend(quads)  # one transaction: all or nothing
        except OSError as exc:
            raise StoreError(f"write to {self.location!r} failed, nothing written: {exc}") from None
        return len(quads)

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        self.wait()
        quads = list(quads)
        if not quads:
            return
        # pyoxigraph has no batched removal transaction in Python; a DELETE DATA update is one.
        body = " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
        self._store.update(f"DELETE DATA {{ {body} }}")

    def _default_graphs(self, graph: GraphSelector) -> dict[str, object]:
        if graph == "all":
            return {"use_default_graph_as_union": True}
        if graph in (None, "knowledge"):
            inferred = self._graphs["inferred"]
            if next(self._store.quads_for_pattern(None, None, None, inferred), None) is None:
                return {"default_graph": self._graphs["accepted"]}
            return {"default_graph": [self._graphs["accepted"], inferred]}
        return {"default_graph": self.graph_node(graph)}

    def query(self, sparql: str, *, graph: GraphSelector = None) -> QueryResult:
        self.wait()
        kwargs = self._default_graphs(graph)
        try:
            try:
                raw = self._store.query(sparql, **kwargs)  # type: ignore[arg-type]
            except SyntaxError:
                # Our default prefixes cost a little on every parse: add them only when needed.
                # (Retry on any syntax error: an undeclared prefix inside an expression, e.g.
                # FILTER(?p != rdfs:label), is reported as "expected ENCODE_FOR_URI".)
                raw = self._store.query(sparql, prefixes=PREFIXES, **kwargs)  # type: ignore[arg-type]
            return QueryResult(raw, rerun=lambda: self.query(sparql, graph=graph))
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {sparql_error(exc)}{prefix_hint(sparql)}") from None
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def update(self, sparql: str) -> None:
        self.wait()
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {sparql_error(exc)}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def match(
        self,
        subject: Node | None = None,
        predicate: Node | None = None,
        object: Node | None = None,
        *,
        graph: str = "accepted",
    ) -> Iterator[ox.Quad]:
        g = self.graph_node(graph)
        if g in self._background_graphs:
            self.wait()
        return self._store.quads_for_pattern(
            _ox(subject) if subject is not None else None,  # type: ignore[arg-type]
            _ox(predicate) if predicate is not None else None,  # type: ignore[arg-type]
            _ox(object) if object is not None else None,  # type: ignore[arg-type]
            g,
        )

    def clear_graph(self, name: str) -> None:
        self.wait()
        self._store.clear_graph(self.graph_node(name))

    def dump(self, output: IO[bytes] | str | Path, *, format: str, graph: str) -> None:
        """Serialise one named graph (triple formats) or every graph (quad formats)."""
        fmt = RDF_FORMATS[guess_format("", format)]
        target = output if not isinstance(output, Path) else str(output)
        self.wait()
        if graph == "all" and fmt.supports_datasets:
            self._store.dump(target, format=fmt)  # type: ignore[arg-type]
        else:
            self._store.dump(target, format=fmt, from_graph=self.graph_node(graph))  # type: ignore[arg-type]

    def flush(self) -> None:
        self._store.flush()  # a batch loading in the background is safe in its journal

    def close(self) -> None:
        if self._store is not None:
            try:
                self.wait()
                self._store.flush()
            finally:
                self._store = None  # type: ignore[assignment]


def _content(text: str) -> str:
    """``text``, or "" when it holds only whitespace (without copying a batch's megabytes)."""
    return "" if not text or text.isspace() else text


def _fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _as_url(location: str | Path) -> str | None:
    """The URL of a remote store, or None for a directory. ``Path("http://h/x")`` has lost a
    slash (``http:/h/x``); both spellings are URLs."""
    m = re.match(r"^(https?):/+(.*)$", str(location))
    return f"{m.group(1)}://{m.group(2)}" if m else None


def init_store(location: str | Path) -> Store:
    """Create a new store (a directory path); an endpoint URL is opened as it is."""
    if _as_url(location):
        return open_store(location)
    return EmbeddedStore.create(location)


def open_store(location: str | Path) -> Store:
    """Open a store: a directory path (embedded) or an ``http(s)://`` SPARQL endpoint."""
    text = _as_url(location)
    if text:
        try:
            from kg.remote import RemoteStore
        except ImportError as exc:  # pragma: no cover - depends on the remote backend
            raise StoreError(f"remote stores are not available: {exc}") from None
        return RemoteStore(text)
    return EmbeddedStore.open(location)


def graph_names(selector: str) -> Sequence[str]:
    """Graph short names a selector covers."""
    if selector == "all":
        return GRAPH_NAMES
    if selector == "knowledge":
        return ("accepted", "inferred")
    return (_graph_name(selector),)
