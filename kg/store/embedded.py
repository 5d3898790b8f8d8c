"""The embedded on-disk store: pyoxigraph (RocksDB) in a directory, behind a redo journal
(see :mod:`kg.store`)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shlex
import shutil
import sqlite3
import sys
import threading
import contextlib
import ctypes
import logging
import time
import tomllib
import weakref
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

import pyoxigraph as ox

from kg.config import toml_string
from kg.errors import NotAStoreError, QueryError, StoreError, StoreLockedError, TargetTakenError
from kg.files import finish_interrupted_swap, new_folder, remove_stale
from kg.namespaces import GRAPH, GRAPH_NAMES, PREFIXES, prefix_hint
from kg.provenance import source_quads
from kg.results import QueryResult
from kg.store import locking
from kg.store.base import (
    JOURNAL,
    MARKER,
    STORE_FORMAT_VERSION,
    GraphSelector,
    PatternTerm,
    Progress,
    Store,
    _graph_name,
    _ox,
    _sourced,
    _source,
    keep_apart,
    sparql_error,
    update_error,
)
from kg.store.formats import RDF_FORMATS, guess_format

JOURNAL_CHUNK = 2_000_000
"""Quads a bulk load hands RocksDB's bulk loader at once (its memory: ~1.2 GB at this size)."""

_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

log = logging.getLogger("kg.store")


def _may_hold_blank_nodes(text: str | None, path: Path | None) -> bool:
    """Whether N-Quads text (or the file at ``path``) holds ``_:`` anywhere (a blank node, or a
    literal that holds those two characters)."""
    if text is not None:
        return "_:" in text
    if path is None:
        return False
    with open(path, "rb") as fh:
        tail = b""
        while block := fh.read(1 << 20):
            if b"_:" in tail + block:
                return True
            tail = block[-1:]
    return False


class _Database:
    """One open RocksDB database and its background write, shared by every handle this process
    opened on the same directory (RocksDB's lock admits one opener per process)."""

    def __init__(self, raw: ox.Store, key: str) -> None:
        self.raw: ox.Store | None = raw
        self.key = key
        self.handles = 0
        self.pending: threading.Thread | None = None  # a batch's background part, loading
        self.pending_error: StoreError | None = None
        self.writing = threading.RLock()  # one batch write at a time, and its background part
        self.forked = False  # open in the parent of this (forked) process: never used here


def _drop_parser_caches() -> None:
    """Empty pyparsing's packrat cache, where it is on (matplotlib's mathtext turns it on for the
    whole process, so a notebook that drew a plot has it): rdflib's SPARQL parser fills it with
    parse exceptions whose tracebacks keep every frame of the caller alive, and with them any
    unfinished query result there, which keeps the database open after its last handle closed."""
    pyparsing = sys.modules.get("pyparsing")
    if pyparsing is not None:
        pyparsing.ParserElement.reset_cache()


_OPEN: dict[str, _Database] = {}  # resolved directory -> the database open in this process
_FORKED: set[str] = set()  # directories the parent of this forked process has open
_OPEN_LOCK = threading.RLock()


_FORKED_MESSAGE = (
    "the store {path!r} was open in the process this one was forked from, so it cannot be opened here: fork "
    "before opening it (each child opens its own), or serve it with `kg serve` to several processes"
)


def _after_fork_in_child() -> None:
    """In a forked child, the parent's open databases are the parent's: a child that wrote
    through an inherited handle lost its writes or, with the parent, corrupted the store
    ("Sequence number is being set backwards"), and a second child's open got the inherited
    handle and hung. Each is marked, so a handle on it raises, and kept alive for good (RocksDB
    would write as it closed)."""
    global _OPEN_LOCK
    _OPEN_LOCK = threading.RLock()  # another thread of the parent may have held it
    for database in _OPEN.values():
        database.forked = True
        _FORKED.add(database.key)
        if database.raw is not None:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(database.raw))
    _OPEN.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _release(database: _Database) -> None:
    """One handle fewer on ``database``: with the last, the database closes (its lock goes)."""
    if database.forked:
        return
    with _OPEN_LOCK:
        database.handles -= 1
        if database.handles <= 0:
            database.raw = None
            if _OPEN.get(database.key) is database:
                del _OPEN[database.key]
            locking.let_go(database.key)


class EmbeddedStore(Store):
    """A persistent store in a directory, on pyoxigraph (RocksDB).

    One process at a time may open a directory; within it, opening a store that is already open
    (a notebook cell run again before the last handle was closed) gives a second handle on the
    same database, as DuckDB does, and the database closes with its last handle."""

    def __init__(self, path: str | Path, _database: _Database) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._db = _database
        self._open = True
        _database.handles += 1
        # a handle dropped without close() lets go of the database when it is collected, as a
        # store did before handles were shared (the lock must not outlive every handle)
        self._release = weakref.finalize(self, _release, _database)
        self._graphs = {name: ox.NamedNode(str(GRAPH[name])) for name in GRAPH_NAMES}
        self._background_graphs = {self._graphs["provenance"], self._graphs["rejected"]}

    @property
    def _store(self) -> ox.Store:
        if self._db.forked:
            raise StoreError(
                f"the store {self.location!r} was opened before this process was forked, and is the "
                "parent's: fork before opening it (each child opens its own), or serve it with "
                "`kg serve` to several processes"
            )
        if not self._open:
            raise StoreError(f"the store {self.location!r} is closed; open it again")
        return self._db.raw  # type: ignore[return-value]

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path) -> "EmbeddedStore":
        """Create a new, empty store in ``path`` (absent or an empty directory)."""
        path = Path(path).expanduser()
        if path.is_symlink() and not path.exists():
            raise StoreError(f"cannot create a store at {str(path)!r}: it is a symbolic link to {os.readlink(path)!r}, "
                             "which does not exist; create that directory, or remove the link")
        if path.exists() and not path.is_dir():
            raise TargetTakenError(f"cannot create a store at {str(path)!r}: it is a file")
        if path.is_dir() and (path / MARKER).exists():
            raise TargetTakenError(f"{str(path)!r} already holds a kg store; open it instead")
        if path.is_dir() and any(path.iterdir()):
            raise TargetTakenError(f"cannot create a store in {str(path)!r}: the directory is not empty")
        made = not path.exists()
        try:
            try:
                path.mkdir(parents=True, exist_ok=True)
                (path / MARKER).write_text(
                    json.dumps({"kg_store": STORE_FORMAT_VERSION, "backend": "pyoxigraph"}) + "\n"
                )
            except OSError as exc:
                raise StoreError(f"cannot create a store at {str(path)!r}: {exc.strerror or exc}") from None
            store = cls._open_raw(path)
        except BaseException:
            _unmake(path, made)
            raise
        for g in store._graphs.values():
            store._store.add_graph(g)
        return store

    @classmethod
    def open(cls, path: str | Path) -> "EmbeddedStore":
        """Open an existing store for reading and writing."""
        path = Path(path).expanduser()
        if not path.exists():
            # runnable as shown: quoted, and after `--` where it starts with a dash (an option to kg init)
            init = f"kg init {'-- ' if str(path).startswith('-') else ''}{shlex.quote(str(path))}"
            raise NotAStoreError(f"no store at {str(path)!r}; create one with `{init}`")
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
        key = os.path.realpath(path)
        with _OPEN_LOCK:
            database = _OPEN.get(key)
            if database is None:
                try:
                    locking.hold(path)  # the project's lock, beside RocksDB's (kg.store.locking)
                except StoreLockedError:
                    if key in _FORKED:
                        raise StoreLockedError(_FORKED_MESSAGE.format(path=str(path))) from None
                    raise
                try:
                    finish_interrupted_swap(path / "oxigraph")  # a rewrite killed between its two renames
                    remove_stale(path / "oxigraph")  # a killed rewrite's partial copy (.oxigraph.new-X)
                    database = _Database(cls._open_database(path), key)
                except BaseException:
                    locking.let_go(key)
                    raise
                _prune_info_logs(path / "oxigraph")
                store = cls(path, database)
                store._replay_journal()
                _OPEN[key] = database
            else:
                store = cls(path, database)
            return store

    @staticmethod
    def _open_database(path: Path) -> ox.Store:
        try:
            try:
                raw = ox.Store(str(path / "oxigraph"))
            except OSError as exc:
                if "lock" not in str(exc).lower():
                    raise
                # this process may hold it still: a store closed but kept by a reference cycle
                # (freed by the next garbage collection, whenever that comes) locks it for us too,
                # as does a query's result left in a frame that a parser's cache keeps alive
                _drop_parser_caches()
                gc.collect()
                raw = ox.Store(str(path / "oxigraph"))
        except OSError as exc:
            text = str(exc)
            if "current process" in text.lower() and os.path.realpath(path) in _FORKED:
                raise StoreLockedError(_FORKED_MESSAGE.format(path=str(path))) from None
            if "current process" in text.lower():  # RocksDB: "lock hold by current process"
                raise StoreLockedError(
                    f"the store {str(path)!r} is still open in this process: a closed handle's query result "
                    "or an earlier error's traceback (a notebook keeps the last one) still holds it; "
                    "finish or drop that result, or restart the kernel"
                ) from None
            if "lock" in text.lower():
                raise StoreLockedError(
                    f"the store {str(path)!r} is locked by another process (a running `kg` command, "
                    "`kg serve`, or a program that opened it?); one process at a time opens a store: "
                    "stop that one, or serve the store (kg serve) and open its URL"
                ) from None
            if not os.access(path, os.W_OK) or "read-only" in text.lower() or "permission" in text.lower():
                raise StoreError(f"cannot open the store {str(path)!r} for writing: {text}") from None
            raise StoreError(f"cannot open the store {str(path)!r}: {text}") from None
        except RuntimeError as exc:  # RocksDB: "Corruption: ...", a damaged database folder
            raise StoreError(
                f"the store {str(path)!r} is damaged and cannot be opened ({exc}); restore it from a "
                "backup (kg backup makes one), or recreate it (kg init) and load an export"
            ) from None
        return raw

    # -- the redo journal of batch writes ---------------------------------------------------

    def add_nquads(self, text: str, background: str = "") -> None:
        """Add a batch atomically, the fast way: journal it, bulk-load it, drop the journal (see
        the module docstring); several times faster than a transaction for large batches.
        ``background`` is loaded on a worker thread (the bulk loader releases the GIL, so the
        caller's next batch overlaps it); one batch at a time, whichever handle or thread writes it."""
        with self._db.writing:
            self.wait()
            text, background = _content(text), _content(background)
            if not text and not background:
                return
            _check_nquads(self.location, text, background)
            entry = self._journal(text, background)
            if text:
                self._load_knowledge(entry, text)
            if not background:
                entry.unlink()
                return
            worker = threading.Thread(target=self._finish, args=(entry, background), name="kg-store-writer", daemon=True)
            self._db.pending = worker
            worker.start()

    def wait(self) -> None:
        database = self._db
        with database.writing:
            worker, database.pending = database.pending, None
            if worker is not None:
                worker.join()
            error, database.pending_error = database.pending_error, None
        if error is not None:
            raise error

    def _finish(self, entry: Path, text: str) -> None:
        try:
            self._bulk_load(entry, text)
            entry.unlink()
        except StoreError as exc:
            self._db.pending_error = exc

    @contextlib.contextmanager
    def _new_entry(self, suffix: str) -> Iterator[tuple[Path, Path]]:
        """A journal entry written under a hidden name (the caller writes it, durably) and renamed
        into place whole, or removed: a batch exists whole in the journal, or not at all. Yields
        (the hidden path to write, the entry's path once in place)."""
        journal = self.path / JOURNAL
        try:
            journal.mkdir(exist_ok=True)
            entry = journal / f"{time.time_ns():020d}-{os.getpid()}{suffix}"
            partial = journal / f".{entry.name}.partial"
            try:
                yield partial, entry
            except BaseException:  # never renamed into place: nothing was written
                shutil.rmtree(partial, ignore_errors=True) if partial.is_dir() else partial.unlink(missing_ok=True)
                raise
            os.replace(partial, entry)
            _fsync_dir(journal)
        except OSError as exc:
            raise StoreError(f"write to {self.location!r} failed, nothing written: {exc}") from None

    def _journal(self, *parts: str) -> Path:
        """Write a batch's N-Quads to the journal, durably, whole or not at all."""
        with self._new_entry(".nq") as (partial, entry), open(partial, "w", encoding="utf-8") as fh:
            for part in parts:
                fh.write(part)
            fh.flush()
            os.fsync(fh.fileno())
        return entry

    def _journal_chunks(self, lines: Iterable[str], chunk: int) -> Path:
        """Write a large load's N-Quads lines to the journal as files of ``chunk`` lines in one
        folder, durably, renamed into place whole or not at all: the bulk loader's memory grows
        with what one call loads (~0.45 GB a million quads), so each file is loaded on its own,
        and a crash between them leaves the rest for the next open (a load is a set of quads:
        loading a file again adds nothing)."""
        with self._new_entry(".d") as (partial, entry):
            partial.mkdir()
            it, more, k = iter(lines), True, 0
            while more:
                with open(partial / f"{k:06d}.nq", "w", encoding="utf-8") as fh:
                    written, more = 0, False
                    for text in it:  # a text may hold several quads' lines
                        fh.write(text)
                        written += text.count("\n")
                        if written >= chunk:
                            more = True
                            break
                    fh.flush()
                    os.fsync(fh.fileno())
                k += 1
            _fsync_dir(partial)
        return entry

    def _load_knowledge(self, entry: Path, text: str) -> None:
        """Bulk-load a batch (journaled in ``entry``) keeping ``accepted`` and ``inferred`` apart
        (:func:`kg.store.base.keep_apart`): its inferred triples that ``accepted`` holds are left
        out, and ``inferred``'s copies of the triples it accepts are removed after the load (a
        crash in between: the journal's replay loads and removes again)."""
        raw = self._store
        inferred = self._graphs["inferred"]
        if str(inferred) not in text and next(raw.quads_for_pattern(None, None, None, inferred), None) is None:
            self._bulk_load(entry, text)  # nothing inferred, before or in the batch: nothing to keep apart
            return
        try:
            quads = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
        except SyntaxError as exc:
            raise StoreError(f"write to {self.location!r} failed: {exc}; the batch stays in {str(entry)!r}") from None
        add, remove = keep_apart(quads, raw.__contains__)
        self._bulk_load(entry, text if len(add) == len(quads) else "".join(f"{q} .\n" for q in add))
        for q in remove:
            if q in raw:  # a point lookup; a removal is a transaction of its own
                raw.remove(q)

    def _load_entry(self, entry: Path) -> None:
        """Bulk-load one journal entry (a file, or a folder of chunk files in order) and drop it."""
        if not entry.is_dir():
            self._load_knowledge(entry, entry.read_text(encoding="utf-8"))
            entry.unlink()
            return
        for part in sorted(entry.glob("*.nq")):
            self._bulk_load(part)
            part.unlink()
        entry.rmdir()

    def bulk_load_nquads(self, text: str | None = None, *, path: Path | None = None) -> None:
        """Bulk-load N-Quads (text, or a file), unjournaled, keeping blank nodes' labels.

        pyoxigraph's bulk loader gives a document's blank nodes fresh labels: ``_:b`` of an
        inferred triple (or of a large ``kg load``) became a node nothing else names, and each
        reload added another. A document that may hold one (``_:`` anywhere) is parsed here,
        labels kept, and handed to the bulk loader as quads (slower; the rest is not)."""
        if not _may_hold_blank_nodes(text, path):
            self._store.bulk_load(text, format=ox.RdfFormat.N_QUADS, path=None if path is None else str(path))
        elif path is not None:
            self._store.bulk_extend(ox.parse(format=ox.RdfFormat.N_QUADS, path=str(path)))
        else:
            self._store.bulk_extend(ox.parse(text, format=ox.RdfFormat.N_QUADS))

    def _bulk_load(self, entry: Path, text: str | None = None) -> None:
        try:
            self.bulk_load_nquads(text, path=entry if text is None else None)
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
        for partial in journal.glob(".*.partial"):  # never renamed into place: not written at all
            shutil.rmtree(partial) if partial.is_dir() else partial.unlink()
        entries = sorted([*journal.glob("*.nq"), *journal.glob("*.d")])
        if entries:  # a killed load of a million triples takes most of a minute here: say why
            size = sum(f.stat().st_size for e in entries for f in ([e] if e.is_file() else e.iterdir()))
            log.warning("finishing what an interrupted write left in the journal of %s (%d batch(es), %.1f MB): "
                        "this store was closed mid-write", self.location, len(entries), size / 1e6)
        for entry in entries:
            try:
                self._load_entry(entry)
            except StoreError:
                if not _unreadable(entry):
                    raise
                # a batch that can never load (journaled before batches were checked): set aside,
                # kept, so the store opens; before, every command failed on it until removed by hand
                failed = journal / "failed"
                failed.mkdir(exist_ok=True)
                os.replace(entry, failed / entry.name)
                log.warning("a journaled batch of %r is not valid N-Quads and was not loaded; it is kept in %s",
                            self.location, failed / entry.name)

    def add_triples(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        graph: str = "accepted",
        source: str | None = None,
        batch_size: int = 10_000,
        bulk: bool = False,
        progress: Progress | None = None,
        restored: bool = False,
    ) -> int:
        """As :meth:`Store.add_triples`; with ``bulk=True`` the triples (and their provenance)
        are streamed into one journal entry (files of ``JOURNAL_CHUNK`` quads) and bulk-loaded
        from it: one atomic write however large (a crash leaves nothing, or a journal the next
        open loads whole), in memory that does not grow with the load."""
        if not bulk:
            return super().add_triples(
                triples, graph=graph, source=source, batch_size=batch_size, progress=progress, restored=restored
            )
        self.wait()
        count = [0]

        def lines() -> Iterator[str]:
            g = self.graph_node(graph)
            source_node, header = _source(source)
            for t in triples:
                s, p, o = _ox(t[0]), _ox(t[1]), _ox(t[2])
                target = t[3] if len(t) > 3 else g
                yield f"{ox.Quad(s, p, o, target)} .\n"
                if source_node is not None and _sourced(t, target, restored):  # as Store.add_triples
                    yield "".join(f"{q} .\n" for q in [*header, *source_quads(s, p, o, source_node)])
                    header = []  # the file is described once, where it is a source
                count[0] += 1
                if progress and count[0] % batch_size == 0:
                    progress(batch_size)

        self._load_entry(self._journal_chunks(lines(), JOURNAL_CHUNK))
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
        raw = self._store
        with self._db.writing:  # this process's one writer: what keep_apart reads stays true until written
            add, remove = keep_apart(quads, raw.__contains__)
            try:
                if bulk:
                    raw.bulk_extend(add)
                else:
                    raw.extend(add)  # one transaction: all or nothing
                for q in remove:
                    if q in raw:
                        raw.remove(q)
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
            raise update_error(sparql) or QueryError(f"invalid SPARQL: {sparql_error(exc)}{prefix_hint(sparql)}") from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:  # RuntimeError: an unknown function
            raise QueryError(f"query failed: {exc}") from None

    def update(self, sparql: str) -> None:
        self.wait()
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {sparql_error(exc)}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def has_label(self, node: str) -> bool:
        quads = self._store.quads_for_pattern(ox.NamedNode(node[1:-1]), _RDFS_LABEL, None, self.graph_node("accepted"))
        return next(iter(quads), None) is not None

    def _match(
        self,
        subject: PatternTerm | None,
        predicate: PatternTerm | None,
        object: PatternTerm | None,
        *,
        graph: str,
    ) -> Iterator[ox.Quad]:
        g = self.graph_node(graph)
        if g in self._background_graphs:
            self.wait()
        return self._store.quads_for_pattern(
            _ox(subject) if subject is not None else None,
            _ox(predicate) if predicate is not None else None,
            _ox(object) if object is not None else None,
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
            self._store.dump(target, format=fmt)
        else:
            self._store.dump(target, format=fmt, from_graph=self.graph_node(graph))

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the whole store directory in ``target`` (absent or empty), itself
        a store (:func:`backup_store`)."""
        self.wait()
        self._store.flush()
        return backup_store(self._store, self.path, target)

    def rewrite(self, drop: Callable[[ox.Quad], bool] | None = None) -> int:
        """Copy the database into a fresh one, leaving out the quads ``drop`` picks, and put the
        copy in its place; returns how many quads it holds. The only way a deleted string leaves
        the files: Oxigraph never forgets a string it stored (a SPARQL DELETE and a compaction
        keep it in the ``.sst`` files). The copy is built beside the old folder
        (``.oxigraph.new-X``) and swapped in whole (:func:`kg.files.new_folder`) while this
        process holds the store's lock, so a kill at any moment leaves the old database or the
        new one (the next open finishes a swap cut between its two renames)."""
        folder = self.path / "oxigraph"
        if folder.is_symlink() or os.path.ismount(folder):
            raise StoreError(f"cannot rewrite the database of {self.location!r}: {str(folder)!r} is a link or a mount "
                             "point; move the database into the store folder first")
        database = self._db
        with database.writing:
            self.wait()
            old = self._store
            old.flush()
            try:
                with new_folder(folder, own=True) as tmp:
                    fresh = ox.Store(str(tmp))
                    for graph in old.named_graphs():
                        fresh.add_graph(graph)
                    fresh.bulk_extend(q for q in old.quads_for_pattern(None, None, None) if drop is None or not drop(q))
                    fresh.flush()
                    kept = len(fresh)
                    del fresh
                    database.raw = None  # both close before the swap (RocksDB writes as it closes)
                    del old
                    gc.collect()
            except OSError as exc:
                raise StoreError(f"rewrite of {self.location!r} failed, the old database is kept: {exc}") from None
            finally:
                if database.raw is None:
                    database.raw = self._open_database(self.path)
        return kept

    def flush(self) -> None:
        self._store.flush()  # a batch loading in the background is safe in its journal

    def close(self) -> None:
        """Close this handle (again: nothing); the database closes, flushed, with its last handle.
        The wait for a background write is outside the registry's lock: a garbage collection on
        the writer's thread may release another handle, which takes that lock."""
        if not self._open:
            return
        if self._db.forked:  # the parent's: nothing to flush or release here
            self._open = False
            return
        try:
            self.wait()
            try:
                self._store.flush()  # this handle still holds the database: it is open
            except OSError as exc:
                raise StoreError(f"cannot flush the store {self.location!r} as it closes: {exc}; what was "
                                 "committed is in its write-ahead log and is read at the next open") from None
        finally:
            self._open = False
            self._release()  # once, however often close() is called


def _unmake(path: Path, made: bool) -> None:
    """Undo a store creation that failed part-way (the lock could not be taken, the database not
    opened): remove the folder it made, or empty the empty one it was given. A kg-store.json left
    behind made the retry say "already holds a kg store"."""
    if made:
        shutil.rmtree(path, ignore_errors=True)
        return
    with contextlib.suppress(OSError):
        for item in path.iterdir():
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink()


def backup_store(database: ox.Store, folder: Path, target: str | Path) -> Path:
    """Copy the store in ``folder``, whose database ``database`` is open (read-write, or
    read-only as ``kg serve``'s readers have it), into ``target`` (absent or empty): the
    database as a RocksDB checkpoint (hard links to its immutable files where ``target`` is on
    the same file system, so seconds for any size), SQLite files (the teacher cache) through
    SQLite's online backup, the rest (kg.toml, students, critics) copied; the copy's kg.toml
    names the copy as its store. It is built in ``TARGET.partial`` and renamed when whole, and a
    failed backup is removed: ``target`` is a whole store or absent (a process killed midway
    leaves a ``.partial`` folder, never a half store under the name)."""
    target = Path(target).absolute()
    if target.is_symlink():  # a link to an empty directory: the backup goes there (the rename replaced no link)
        if not target.exists():
            raise StoreError(f"cannot back up into {str(target)!r}: it is a symbolic link to {os.readlink(target)!r}, which does not exist")
        target = Path(os.path.realpath(target))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise TargetTakenError(f"cannot back up into {str(target)!r}: it exists and is not an empty directory")
    if target == folder.absolute() or folder.absolute() in target.parents:
        raise StoreError(f"cannot back up {str(folder)!r} into itself ({str(target)!r})")
    work = target.with_name(_partial_name(target.name))
    try:
        shutil.rmtree(work, ignore_errors=True)  # an earlier attempt's
        work.mkdir(parents=True)
        database.backup(str(work / "oxigraph"))
        (work / JOURNAL).mkdir()  # every batch is loaded: nothing to redo
        for item in sorted(folder.iterdir()):
            if item.name in ("oxigraph", JOURNAL, MARKER) or item.name.endswith(("-wal", "-shm", "-journal")):
                continue
            _copy_item(item, work / item.name, folder, target)
        shutil.copy2(folder / MARKER, work / MARKER)
        work.rename(target)  # onto an absent or empty directory
    except (OSError, sqlite3.Error) as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise StoreError(f"backup of {str(folder)!r} to {str(target)!r} failed, nothing kept: {exc}") from None
    return target


def _partial_name(name: str) -> str:
    """The name a backup is built under beside ``name``: ``NAME.partial``, or where that would
    pass the file system's 255 bytes a fixed short one for ``name`` (a 250-byte target failed
    with "File name too long: '....partial'")."""
    partial = f"{name}.partial"
    if len(os.fsencode(partial)) <= 255:
        return partial
    return f".kg-backup-{hashlib.sha256(os.fsencode(name)).hexdigest()[:16]}.partial"


INFO_LOGS_KEPT = 10


def _prune_info_logs(folder: Path, keep: int = INFO_LOGS_KEPT) -> None:
    """Delete RocksDB's informational logs (``LOG.old.<time>``) past the ``keep`` newest. Each
    read-write open leaves one (~140 KB) and RocksDB keeps 1,000: a store of 1.6 MB carried
    4.5 MB of them after 35 commands, and a cron job querying every minute would keep ~140 MB.
    The database never reads them; we hold the lock, so no other process is writing one."""
    try:
        old = sorted((p for p in folder.iterdir() if p.name.startswith("LOG.old.")), key=lambda p: (len(p.name), p.name))
    except OSError:
        return
    for stale in old[: max(len(old) - keep, 0)]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _copy_item(item: Path, dest: Path, source_dir: Path, target_dir: Path) -> None:
    """One entry of a store directory into its backup (see :meth:`EmbeddedStore.backup`)."""
    if item.is_dir():
        dest.mkdir()
        for child in sorted(item.iterdir()):
            if not child.name.endswith(("-wal", "-shm", "-journal")):
                _copy_item(child, dest / child.name, source_dir, target_dir)
    elif item.suffix in (".sqlite", ".sqlite3", ".db"):
        # a plain copy of a database in WAL mode can miss its last commits or be torn
        with contextlib.closing(sqlite3.connect(item.absolute().as_uri() + "?mode=ro", uri=True)) as src, contextlib.closing(sqlite3.connect(dest)) as out:
            src.backup(out)
    elif item.name == "kg.toml" and item.parent == source_dir:
        dest.write_text(_repoint_store(item.read_text(encoding="utf-8"), source_dir, target_dir), encoding="utf-8")
        shutil.copystat(item, dest)
    else:
        shutil.copy2(item, dest)


# a top-level `store = VALUE` line, VALUE a basic ("...") or literal ('...') TOML string
_STORE_LINE = re.compile(r"""^(store[ \t]*=[ \t]*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*')""", re.MULTILINE)


def _repoint_store(text: str, source_dir: Path, target_dir: Path) -> str:
    """A store's kg.toml for its backup: a ``store`` that names this store names the copy
    instead (its runs would go back to the original), however the value is quoted."""
    try:
        named = tomllib.loads(text).get("store")
    except tomllib.TOMLDecodeError:
        return text  # copied as it is: every command reading it says what is wrong
    if not isinstance(named, str) or Path(named).expanduser().absolute() != source_dir.absolute():
        return text
    header = re.search(r"^[ \t]*\[", text, re.MULTILINE)  # the top-level keys end at the first table
    match = _STORE_LINE.search(text, 0, header.start() if header else len(text))
    if match is None:
        return text
    return text[: match.start(2)] + toml_string(str(target_dir)) + text[match.end(2) :]


def _check_nquads(location: str, *texts: str) -> None:
    """A :class:`StoreError` unless every text is valid N-Quads: the bulk loader is not atomic (a
    bad line midway leaves the lines before it written), and a journaled batch that cannot load
    failed again at every open, so no command could open the store."""
    for text in texts:
        try:
            for _ in ox.parse(text, format=ox.RdfFormat.N_QUADS):
                pass
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"write to {location!r} failed, nothing written: the batch is not valid N-Quads: {exc}") from None


def _unreadable(entry: Path) -> bool:
    """Whether a journal entry (file or folder of chunks) fails to parse as N-Quads."""
    for part in sorted(entry.glob("*.nq")) if entry.is_dir() else [entry]:
        try:
            for _ in ox.parse(path=str(part), format=ox.RdfFormat.N_QUADS):
                pass
        except (SyntaxError, ValueError):
            return True
    return False


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
