"""``kg serve``: a SPARQL 1.1 endpoint over an embedded store, and a query page.

What it speaks
--------------
* SPARQL 1.1 Protocol queries: ``GET /sparql?query=`` and ``POST /sparql`` (url-encoded form or
  a direct ``application/sparql-query`` body), ``default-graph-uri`` / ``named-graph-uri``
  mapped to the store's graphs. ``/query`` and ``/`` (with ``?query=``) answer the same way.
* Content negotiation: SPARQL results JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples,
  JSON-LD (and RDF/XML) for CONSTRUCT/DESCRIBE. ``?format=json|xml|csv|tsv|turtle|ntriples|
  jsonld`` overrides the ``Accept`` header. Nothing acceptable: 406.
* A SPARQL 1.1 Service Description (Turtle) at ``GET /sparql`` with no query, and at ``GET /``
  for clients that do not ask for HTML; the query page at ``GET /`` for browsers.
* ``GET /health``: JSON with the status and the triple count of each graph.
* SPARQL Update (``POST /sparql`` or ``/update``) and the Graph Store Protocol (``/store``)
  only with ``--allow-update`` and a bearer token, and from another web origin only with
  ``--cors-updates``.
* CORS (kg/server_cors.py): off by default; ``--cors-origin`` names the pages elsewhere that
  may query; preflights are answered.

Safety (see docs/serving.md)
----------------------------
* Bound to 127.0.0.1 unless told otherwise; read-only by default.
* ``SERVICE`` and ``LOAD`` are refused (403) unless enabled, in two layers (kg/server_guard.py):
  the worker tokenizes the query (in linear time, under the query timeout, never in the event
  loop) and refuses the keyword; and every worker runs under a seccomp filter that forbids it
  any socket but a Unix one, so whatever spelling gets past the tokenizer, the store cannot
  connect out: a query that tries kills its worker (SIGSYS), and the answer is a 403 too.
* A query nested deeper than ``MAX_NESTING``, or using a function the store does not know, is a
  400 with the reason; a query longer than ``max_query_chars`` a 413.
* Every query runs in a worker process with a wall-clock timeout. At the timeout the worker is
  killed (SIGKILL: the query really stops) and replaced; the answer is ``503`` with a message.
  A query running past ``long_after`` seconds is *long*: its worker drops to the lowest CPU
  priority and a fresh worker takes its place, so cheap queries keep every worker and the CPUs;
  at most ``max_long`` long queries run at once.
* A result-row cap: a SELECT result (or CONSTRUCT triples) longer than the cap is truncated to
  the cap and the response carries ``X-KG-Truncated: true`` and ``X-KG-Row-Cap: N``. A Graph
  Store GET streams the whole graph (cut only at the timeout, by aborting the response).

Processes and the store lock
----------------------------
An embedded RocksDB store can be opened read-write by one process only. The server process
opens no store: it takes the store's RocksDB ``LOCK`` (the same ``fcntl`` lock RocksDB takes),
so no other ``kg`` process can open the store for writing while the server runs (they get the
usual "store is locked" error), and each worker opens the store with
``pyoxigraph.Store.read_only``. With ``--allow-update``, an update waits for running queries,
stops the readers, runs in a one-shot read-write worker (with the same timeout; an update killed
at its timeout is rolled back, Oxigraph updates being transactions), then restarts the readers.
So a reader never has the store open while a writer does.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hmac
import html
import json
import logging
import multiprocessing
import os
import queue
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, AsyncIterator

import pyoxigraph as ox

from kg.errors import NotAStoreError, StoreError, StoreLockedError
from kg.namespaces import GRAPH, GRAPH_NAMES, PREFIXES
from kg.results import term_json
from kg.server_cors import CorsPolicy, cors_middleware
from kg.server_guard import (  # noqa: F401 - decode_escapes, keywords: re-exported
    NETWORK_DENIED,
    SERVICE_REFUSED,
    QueryRejected,
    RefusedQuery,
    check_sparql,
    decode_escapes,
    deny_network,
    keywords,
)

log = logging.getLogger("kg.server")

__all__ = [
    "ServeConfig",
    "RefusedQuery",
    "check_sparql",
    "create_app",
    "serve",
    "negotiate",
]

# -- configuration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServeConfig:
    """Everything ``kg serve`` is told. Defaults are the safe ones."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    workers: int = 2
    timeout: float = 10.0
    """Seconds a query (or update) may run before its worker is killed."""
    row_cap: int = 10_000
    """Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one response."""
    allow_update: bool = False
    token: str | None = None
    allow_service: bool = False
    allow_load: bool = False
    max_body_bytes: int = 64 * 1024 * 1024
    max_query_chars: int = 1024 * 1024
    """Longest query text (an update's may be up to ``max_body_bytes``)."""
    long_after: float = 0.5
    """Seconds after which a running query counts as long: deprioritised, its worker replaced."""
    max_long: int | None = None
    """Most long queries running at once (default: ``workers``)."""
    cors: CorsPolicy = CorsPolicy()
    """Which other origins' pages may query (and, if it says so, write): off by default."""

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise StoreError(
                "--allow-update needs a bearer token: pass --token or set KG_SERVE_TOKEN"
            )
        if self.workers < 1:
            raise StoreError(f"--workers must be at least 1, not {self.workers}")
        if self.timeout <= 0:
            raise StoreError(f"--timeout must be positive, not {self.timeout}")
        if self.row_cap < 1:
            raise StoreError(f"--row-cap must be at least 1, not {self.row_cap}")
        if self.long_after <= 0:
            raise StoreError(f"--long-after must be positive, not {self.long_after}")
        if self.max_long is not None and self.max_long < 0:
            raise StoreError(f"--max-long must be at least 0, not {self.max_long}")


# -- content negotiation -------------------------------------------------------------------------

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
_RESULT_OX = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_OX = {
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


# -- worker processes ----------------------------------------------------------------------------

Response = tuple  # ("ok", status, media type, body, headers) | ("error", status, message)


def _dataset_kwargs(req: dict[str, Any], has_from: bool) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if req.get("default_graphs") or req.get("named_graphs"):
        if req.get("default_graphs"):
            kwargs["default_graph"] = [ox.NamedNode(g) for g in req["default_graphs"]]
        if req.get("named_graphs"):
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req["named_graphs"]]
    elif not has_from:
        # the store's default: what the graph knows (accepted + inferred); GRAPH reaches all
        kwargs["default_graph"] = [ox.NamedNode(str(GRAPH.accepted)), ox.NamedNode(str(GRAPH.inferred))]
    return kwargs


def _failed(exc: Exception, what: str = "query") -> Response:
    """A query error as the client should see it: its own fault (syntax, an unknown function,
    a bad argument) is a 400; the store failing to read is a 500."""
    message = " ".join(str(exc).split())
    if isinstance(exc, SyntaxError):
        return ("error", 400, f"invalid SPARQL {what}: {message}")
    if isinstance(exc, (ValueError, TypeError, RuntimeError)):  # RuntimeError: unknown function
        return ("error", 400, f"{what} failed: {message}")
    return ("error", 500, f"{what} failed: {message}")


def _guarded(store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> Any:
    """The guard, then ``store.query``: the query's result object, or an error Response."""
    try:
        found = check_sparql(req["query"], update=False, allow_service=policy["allow_service"])
    except RefusedQuery as exc:
        return ("error", 403, str(exc))
    except QueryRejected as exc:
        return ("error", 400, str(exc))
    try:
        return store.query(req["query"], prefixes=PREFIXES, **_dataset_kwargs(req, "FROM" in found.words))
    except Exception as exc:  # noqa: BLE001 - mapped to a status by _failed
        return _failed(exc)


def _run_query(store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> Response:
    result = _guarded(store, req, policy)
    if isinstance(result, tuple):
        return result
    cap = int(req["row_cap"])
    accept = req["accept"]
    headers: dict[str, str] = {}
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = negotiate(accept, "ask", req.get("format"))
            if fmt is None:
                return _not_acceptable("ask")
            return ("ok", 200, content_type(fmt), result.serialize(format=_RESULT_OX[fmt]), headers)
        if isinstance(result, ox.QuerySolutions):
            fmt = negotiate(accept, "select", req.get("format"))
            if fmt is None:
                return _not_acceptable("select")
            variables = [v.value for v in result.variables]
            bindings = []
            truncated = False
            for i, solution in enumerate(result):
                if i >= cap:
                    truncated = True
                    break
                row = {}
                for name, value in zip(variables, solution):
                    if value is not None:
                        row[name] = term_json(value)
                bindings.append(row)
            body = json.dumps(
                {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
            ).encode("utf-8")
            if fmt != "json":
                body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(
                    format=_RESULT_OX[fmt]
                )
            if truncated:
                headers.update(_truncation_headers(cap))
            return ("ok", 200, content_type(fmt), body, headers)
        fmt = negotiate(accept, "graph", req.get("format"))
        if fmt is None:
            return _not_acceptable("graph")
        triples = list(islice(result, cap + 1))
        if len(triples) > cap:
            triples = triples[:cap]
            headers.update(_truncation_headers(cap))
        body = ox.serialize(triples, format=_GRAPH_OX[fmt], prefixes=PREFIXES if fmt == "turtle" else None)
        return ("ok", 200, content_type(fmt), body or b"", headers)
    except Exception as exc:  # noqa: BLE001 - errors raised while the results are read
        return _failed(exc)


class _ChunkWriter:
    """A file-like object for ``ox.serialize`` that sends what it is given to the server in
    chunks: a graph of any size streams through without being held whole anywhere."""

    SIZE = 256 * 1024

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= self.SIZE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send(("chunk", bytes(self.buffer)))
            self.buffer.clear()


def _stream_graph(conn: Any, store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> None:
    """A CONSTRUCT's whole result, serialized as it is read: ``("stream", 200, media, None,
    headers)``, ``("chunk", bytes)``..., then ``("end",)``; ``("fail", message)`` if reading
    fails midway (the server then aborts the response: a cut is never a silent truncation)."""
    fmt = negotiate(req["accept"], "graph", req.get("format"))
    if fmt is None:
        conn.send(_not_acceptable("graph"))
        return
    result = _guarded(store, req, policy)
    if isinstance(result, tuple):
        conn.send(result)
        return
    conn.send(("stream", 200, content_type(fmt), None, {}))
    writer = _ChunkWriter(conn)
    try:
        ox.serialize(result, writer, format=_GRAPH_OX[fmt], prefixes=PREFIXES if fmt == "turtle" else None)
        writer.flush()
    except (BrokenPipeError, EOFError):
        raise
    except Exception as exc:  # noqa: BLE001 - reported in the stream
        conn.send(("fail", f"reading the graph failed: {' '.join(str(exc).split())}"))
        return
    conn.send(("end",))


def _truncation_headers(cap: int) -> dict[str, str]:
    return {"X-KG-Truncated": "true", "X-KG-Row-Cap": str(cap)}


def _not_acceptable(kind: str) -> Response:
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    offered = ", ".join(t for types in table.values() for t in types[:1])
    return ("error", 406, f"cannot answer a {kind.upper()} query in the requested format; offered: {offered}")


def _counts(store: ox.Store) -> dict[str, int]:
    counts = {name: 0 for name in GRAPH_NAMES}
    for row in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    ):
        iri = row[0].value
        short = iri[len(str(GRAPH)):] if iri.startswith(str(GRAPH)) else iri
        counts[short] = int(row[1].value)
    return counts


def _handle(store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> Response:
    op = req["op"]
    if op == "query":
        return _run_query(store, req, policy)
    if op == "counts":
        return ("ok", 200, "application/json", json.dumps(_counts(store)).encode(), {})
    if op == "check":  # an update's text, checked by a reader before the writer starts
        try:
            check_sparql(req["update"], update=True, **policy)
        except RefusedQuery as exc:
            return ("error", 403, str(exc))
        except QueryRejected as exc:
            return ("error", 400, str(exc))
        return ("ok", 200, "text/plain", b"", {})
    if op == "update":
        try:
            store.update(req["update"], prefixes=PREFIXES)
            store.flush()
        except Exception as exc:  # noqa: BLE001 - mapped to a status by _failed
            return _failed(exc, "update")
        return ("ok", 204, "text/plain", b"", {})
    return ("error", 500, f"unknown worker operation {op!r}")


def _serve_requests(conn: Any, store: ox.Store, writable: bool, policy: dict[str, bool], sandboxed: bool) -> None:
    conn.send(("ready", {"tid": threading.get_native_id(), "sandboxed": sandboxed}))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            break
        if req is None:
            break
        try:
            if req["op"] == "stream":
                _stream_graph(conn, store, req, policy)
                continue
            resp = _handle(store, req, policy)
        except (BrokenPipeError, EOFError):
            break
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500
            resp = ("error", 500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send(resp)
        except (BrokenPipeError, OSError):
            break
    if writable:
        store.flush()


# Oxigraph recurses on the query tree (a long chain of UNIONs or of `+`, nested groups): on the
# default 8 MiB stack a 40 KB query overflows it and kills the worker. Queries run in a thread
# with a large stack (address space only: pages are touched as the recursion goes).
_STACK_SIZES = (1 << 30, 256 << 20, 0)


def _worker_main(conn: Any, store_dir: str, writable: bool, policy: dict[str, bool]) -> None:
    """A worker process: sandboxed (unless SERVICE/LOAD are allowed for what it runs), opens the
    store and answers requests from the pipe, in a large-stack thread, until told to stop."""
    allow_network = policy["allow_service"] or (writable and policy["allow_load"])
    sandboxed = False if allow_network else deny_network()
    try:
        path = str(Path(store_dir) / "oxigraph")
        store = ox.Store(path) if writable else ox.Store.read_only(path)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    for size in _STACK_SIZES:
        try:
            threading.stack_size(size)
            thread = threading.Thread(target=_serve_requests, args=(conn, store, writable, policy, sandboxed))
            thread.start()
            break
        except (ValueError, RuntimeError):  # no room for that stack: a smaller one
            continue
    thread.join()
    del store


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pyoxigraph", "kg.server"])
        return ctx
    return multiprocessing.get_context("spawn")


class _WorkerDied(Exception):
    pass


class _Worker:
    """One worker process and the pipe to it. ``fate`` says why the pool killed it, if it did."""

    def __init__(
        self, ctx: multiprocessing.context.BaseContext, store_dir: Path, writable: bool, policy: dict[str, bool]
    ) -> None:
        parent, child = ctx.Pipe()
        self.conn = parent
        self.process = ctx.Process(
            target=_worker_main, args=(child, str(store_dir), writable, policy), daemon=True
        )
        self.process.start()
        child.close()
        self.long = False  # past long_after: deprioritised, its place in the pool taken
        self.fate: str | None = None  # "timeout" | "crowded" | "abandoned": killed by the pool
        if not parent.poll(60):
            self.kill()
            raise StoreError(f"a query worker did not open the store {str(store_dir)!r} within 60 s")
        try:
            status, detail = parent.recv()
        except EOFError:
            self.kill()
            raise StoreError(f"a query worker died opening the store {str(store_dir)!r}") from None
        if status != "ready":
            self.kill()
            if "lock" in str(detail).lower():
                raise StoreLockedError(
                    f"the store {str(store_dir)!r} is locked by another process; stop it first"
                )
            raise StoreError(f"a query worker cannot open the store {str(store_dir)!r}: {detail}")
        self.tid: int = detail["tid"]
        self.sandboxed: bool = detail["sandboxed"]

    def send(self, req: dict[str, Any]) -> None:
        try:
            self.conn.send(req)
        except (BrokenPipeError, OSError):
            raise _WorkerDied() from None

    def receive(self, timeout: float) -> Any:
        """The worker's next message, or None if none came within ``timeout``; raises
        :class:`_WorkerDied` if the process went away."""
        try:
            if not self.conn.poll(timeout):
                return None
            return self.conn.recv()
        except (EOFError, BrokenPipeError, OSError):
            raise _WorkerDied() from None

    def call(self, req: dict[str, Any], timeout: float) -> Response | None:
        self.send(req)
        return self.receive(timeout)

    def demote(self) -> None:
        """Lowest CPU priority for the thread running its query, so cheap queries on the other
        workers keep the CPUs (a nice value cannot be lowered again: the worker is retired
        after this query)."""
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.tid, 19)

    def signal(self) -> int | None:
        """The signal the process died of, once it is gone (None if it exited or still runs)."""
        self.process.join(5)
        code = self.process.exitcode
        return -code if code is not None and code < 0 else None

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.process.join(10)
        if self.process.is_alive():
            self.kill()
        self.conn.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(10)
        with contextlib.suppress(Exception):
            self.conn.close()


class _StoreLock:
    """Holds the store's RocksDB LOCK (an fcntl lock, as RocksDB takes it), so no other process
    opens the store read-write while the readers have it open."""

    def __init__(self, store_dir: Path) -> None:
        self.path = store_dir / "oxigraph" / "LOCK"
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StoreLockedError(
                f"the store {str(self.path.parent.parent)!r} is locked by another process (a "
                "running `kg` command or another `kg serve`?); stop it first"
            ) from None
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                fcntl.lockf(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class StreamCut(Exception):
    """A streamed response stopped before its end (timeout, worker death, read error)."""


class WorkerPool:
    """Reader processes answering queries, each killable at the timeout; updates run
    exclusively in a one-shot writer process (see the module docstring).

    Admission: ``size`` workers take the queries. A query still running after ``long_after``
    seconds is *long*: its worker is deprioritised (nice 19) and a fresh worker takes its place,
    so cheap queries keep ``size`` workers and most of the CPU; at most ``max_long`` long
    queries run at once (one more is stopped with a 503). A watchdog thread enforces this and
    the timeout."""

    def __init__(
        self,
        store_dir: Path,
        *,
        size: int,
        timeout: float,
        long_after: float = 0.5,
        max_long: int | None = None,
        allow_service: bool = False,
        allow_load: bool = False,
    ) -> None:
        self.store_dir = store_dir
        self.size = size
        self.timeout = timeout
        self.long_after = long_after
        self.max_long = size if max_long is None else max_long
        self.policy = {"allow_service": allow_service, "allow_load": allow_load}
        self._ctx = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = _StoreLock(store_dir)
        self._cond = threading.Condition()
        self._busy: dict[_Worker, tuple[float, float]] = {}  # worker -> (started, timeout)
        self._active = 0  # requests holding or waiting for a worker
        self._long = 0  # long queries running
        self._pending = 0  # readers being started in the background
        self._exclusive = False
        self._closed = False
        self._watchdog: threading.Thread | None = None
        self.sandboxed: bool | None = None  # whether the readers run without network
        self.killed = 0  # workers killed at the timeout (reported by /health)
        self.crowded = 0  # long queries stopped because max_long were running

    def start(self) -> None:
        self._lock.acquire()
        try:
            self._start_workers()
        except Exception:
            self._lock.release()
            raise
        self._watchdog = threading.Thread(target=self._watch, name="kg-watchdog", daemon=True)
        self._watchdog.start()

    def _new_worker(self, writable: bool = False) -> _Worker:
        worker = _Worker(self._ctx, self.store_dir, writable, self.policy)
        if not writable:
            self.sandboxed = worker.sandboxed
        return worker

    def _start_workers(self) -> None:
        threads, errors = [], []

        def one() -> None:
            try:
                self._idle.put(self._new_worker())
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

        for _ in range(self.size):
            t = threading.Thread(target=one)
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        if errors:
            self._drain()
            raise errors[0]

    def _replace(self) -> None:
        """Start a reader in the background to take the place of one killed or turned long. An
        update waits for pending replacements, so no reader opens the store while the writer
        has it."""
        with self._cond:
            self._pending += 1

        def one() -> None:
            try:
                for _ in range(10):
                    if self._closed:
                        return
                    try:
                        self._idle.put(self._new_worker())
                        return
                    except Exception as exc:  # noqa: BLE001 - retried, then the pool runs one short
                        log.warning("cannot start a query worker: %s", exc)
                        time.sleep(1)
            finally:
                with self._cond:
                    self._pending -= 1
                    self._cond.notify_all()

        threading.Thread(target=one, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return

    # -- the watchdog: timeouts and long queries

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(0.05)
            now = time.monotonic()
            with self._cond:
                busy = [(w, now - started, limit) for w, (started, limit) in self._busy.items() if w.fate is None]
            for worker, elapsed, limit in busy:
                if elapsed > limit:
                    self._cut(worker, "timeout")
                elif not worker.long and elapsed > self.long_after:
                    with self._cond:
                        crowded = self._long >= self.max_long
                        if not crowded:
                            self._long += 1
                            worker.long = True
                    if crowded:
                        self._cut(worker, "crowded")
                    else:
                        worker.demote()
                        self._replace()

    def _cut(self, worker: _Worker, fate: str) -> None:
        """Kill a busy worker; the request thread waiting on it reports why (``fate``)."""
        worker.fate = fate
        if fate == "timeout":
            self.killed += 1
        elif fate == "crowded":
            self.crowded += 1
        with contextlib.suppress(Exception):
            worker.process.kill()

    # -- requests

    def _acquire(self, timeout: float) -> _Worker | Response:
        with self._cond:
            if not self._cond.wait_for(lambda: not self._exclusive or self._closed, timeout):
                return ("error", 503, "the server is busy with an update; try again")
            if self._closed:
                return ("error", 503, "the server is shutting down")
            self._active += 1
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()
            return ("error", 503, f"all {self.size} query workers stayed busy for {timeout:g} s; try again")

    def _begin(self, worker: _Worker, req: dict[str, Any], timeout: float) -> None:
        with self._cond:
            self._busy[worker] = (time.monotonic(), timeout)
        worker.send(req)

    def _next(self, worker: _Worker, timeout: float) -> Any:
        """The worker's next message; the watchdog kills it at the timeout (the extra seconds
        here are only a backstop)."""
        msg = worker.receive(timeout + 5)
        if msg is None:
            self._cut(worker, "timeout")
            raise _WorkerDied()
        return msg

    def _release(self, worker: _Worker) -> None:
        """A request is done with its worker: back to the pool, retired, or replaced."""
        with self._cond:
            self._busy.pop(worker, None)
        dead = worker.fate is not None or not worker.process.is_alive()
        if dead:
            worker.kill()
        elif worker.long:
            worker.stop()  # deprioritised: its replacement already runs
        else:
            self._idle.put(worker)
        if dead and not worker.long:
            self._replace()
        with self._cond:
            if worker.long:
                self._long -= 1
            self._active -= 1
            self._cond.notify_all()

    def _obituary(self, worker: _Worker, req: dict[str, Any], timeout: float) -> Response:
        """Why a worker died running ``req``, as the client's answer."""
        text = req.get("query") or req.get("update")
        if worker.fate == "timeout":
            log.warning("query stopped at the %g s timeout: %.200r", timeout, text)
            return (
                "error",
                503,
                f"query stopped: it ran past the {timeout:g} s timeout of this endpoint "
                "(kg serve --timeout); narrow it or add a LIMIT",
            )
        if worker.fate == "crowded":
            return (
                "error",
                503,
                f"query stopped: it ran past {self.long_after:g} s while {self.max_long} long "
                "queries were already running (kg serve --max-long); try again later",
            )
        if worker.fate == "abandoned":
            return ("error", 499, "the client went away")
        sig = worker.signal()
        if sig == NETWORK_DENIED:
            log.warning("a query tried to connect out and was stopped: %.200r", text)
            return ("error", 403, SERVICE_REFUSED + " (the query tried to connect out; it was stopped)")
        name = signal.Signals(sig).name if sig else "no signal"
        log.warning("a query worker died (%s) running %.200r; replaced", name, text)
        hint = " (out of memory?)" if sig == signal.SIGKILL else ""
        return ("error", 500, f"the query worker died ({name}){hint} running this query; it has been replaced")

    def run(self, req: dict[str, Any], timeout: float | None = None) -> Response:
        """Run one request on a reader; an error Response when it fails, passes the timeout or
        is stopped as one long query too many."""
        timeout = self.timeout if timeout is None else timeout
        worker = self._acquire(timeout)
        if isinstance(worker, tuple):
            return worker
        try:
            self._begin(worker, req, timeout)
            return self._next(worker, timeout)
        except _WorkerDied:
            return self._obituary(worker, req, timeout)
        finally:
            self._release(worker)

    def stream(self, req: dict[str, Any]) -> Response | _Stream:
        """Start a streamed CONSTRUCT (op ``stream``): an error Response, or a :class:`_Stream`
        whose ``next()`` gives the body's chunks."""
        worker = self._acquire(self.timeout)
        if isinstance(worker, tuple):
            return worker
        try:
            self._begin(worker, {**req, "op": "stream"}, self.timeout)
            first = self._next(worker, self.timeout)
        except _WorkerDied:
            resp = self._obituary(worker, req, self.timeout)
            self._release(worker)
            return resp
        if first[0] != "stream":
            self._release(worker)
            return first
        return _Stream(self, worker, req, first)

    def update(self, text: str) -> Response:
        """Run an update alone: wait for queries, stop the readers, write, restart readers."""
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._exclusive = True
            self._cond.wait_for(lambda: self._active == 0 and self._pending == 0)
        try:
            self._drain()  # every reader is idle now: stop them all
            self._lock.release()
            try:
                try:
                    writer = self._new_worker(writable=True)
                except StoreError as exc:
                    return ("error", 503, f"cannot write: {exc}")
                try:
                    resp = writer.call({"op": "update", "update": text}, self.timeout)
                except _WorkerDied:
                    sig = writer.signal()
                    writer.kill()
                    if sig == NETWORK_DENIED:
                        return ("error", 403, "LOAD and SERVICE are disabled on this endpoint: the update "
                                "tried to connect out and was stopped; nothing was written")
                    return ("error", 500, "the update worker died; nothing was written")
                if resp is None:
                    writer.kill()
                    self.killed += 1
                    return (
                        "error",
                        503,
                        f"update stopped: it ran past the {self.timeout:g} s timeout; nothing was written",
                    )
                writer.stop()
                return resp
            finally:
                self._lock.acquire()
                self._start_workers()
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()

    @property
    def long_running(self) -> int:
        return self._long

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._drain()
        self._lock.release()


class _Stream:
    """A streamed response in progress: holds its worker until the end (or a cut)."""

    def __init__(self, pool: WorkerPool, worker: _Worker, req: dict[str, Any], first: tuple) -> None:
        self.pool, self.worker, self.req = pool, worker, req
        _, self.status, self.media, _, self.headers = first
        self.finished = False  # the worker sent its last message (or died)
        self.done = False
        self._closing = threading.Lock()  # the event loop (client gone) and a reading thread

    def next(self) -> bytes | None:
        """The next chunk; None at the end; :class:`StreamCut` if it stops before the end."""
        try:
            msg = self.pool._next(self.worker, self.pool.timeout)
        except _WorkerDied:
            self.finished = True
            reason = self.pool._obituary(self.worker, self.req, self.pool.timeout)[2]
            self.close()
            raise StreamCut(reason) from None
        if msg[0] == "chunk":
            return msg[1]
        self.finished = True
        self.close()
        if msg[0] == "end":
            return None
        raise StreamCut(msg[1])

    def close(self) -> None:
        """Done, or the client went away: a worker still streaming is killed and replaced."""
        with self._closing:
            if self.done:
                return
            self.done = True
        if not self.finished:
            self.pool._cut(self.worker, "abandoned")
        self.pool._release(self.worker)


# -- the HTTP application ------------------------------------------------------------------------

GRAPH_IRIS = {name: str(GRAPH[name]) for name in GRAPH_NAMES}


def service_description(endpoint: str, config: ServeConfig) -> str:
    """A SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    formats = [
        "<http://www.w3.org/ns/formats/SPARQL_Results_JSON>",
        "<http://www.w3.org/ns/formats/SPARQL_Results_XML>",
        "<http://www.w3.org/ns/formats/SPARQL_Results_CSV>",
        "<http://www.w3.org/ns/formats/SPARQL_Results_TSV>",
        "<http://www.w3.org/ns/formats/Turtle>",
        "<http://www.w3.org/ns/formats/N-Triples>",
        "<http://www.w3.org/ns/formats/JSON-LD>",
        "<http://www.w3.org/ns/formats/RDF_XML>",
    ]
    languages = ["sd:SPARQL11Query"] + (["sd:SPARQL11Update"] if config.allow_update else [])
    feature = "    sd:feature sd:BasicFederatedQuery ;\n" if config.allow_service else ""
    named = "".join(
        f"""        sd:namedGraph [ a sd:NamedGraph ; sd:name <{iri}> ] ;\n""" for iri in GRAPH_IRIS.values()
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint}> a sd:Service ;
    rdfs:label "kg-distill SPARQL endpoint" ;
    rdfs:comment "Default graph: the union of <{GRAPH_IRIS['accepted']}> and <{GRAPH_IRIS['inferred']}>. Read-only: {str(not config.allow_update).lower()}. Timeout {config.timeout:g} s; row cap {config.row_cap} (X-KG-Truncated header when reached)." ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {", ".join(languages)} ;
    sd:resultFormat {", ".join(formats)} ;
{feature}    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; rdfs:comment "accepted + inferred" ] ;
{named}    ] .
"""


def _example_queries(counts: dict[str, int], classes: list[str], predicates: list[str]) -> list[dict[str, str]]:
    def short(iri: str) -> str:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w\-]*", iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    out = [
        {
            "title": "Classes and how many instances",
            "query": "SELECT ?class (COUNT(?x) AS ?n)\nWHERE { ?x a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)\nLIMIT 50",
        },
        {
            "title": "Relations and how many facts",
            "query": "SELECT ?relation (COUNT(*) AS ?n)\nWHERE { ?s ?relation ?o }\nGROUP BY ?relation\nORDER BY DESC(?n)\nLIMIT 50",
        },
        {
            "title": "Triples per named graph",
            "query": "SELECT ?graph (COUNT(*) AS ?n)\nWHERE { GRAPH ?graph { ?s ?p ?o } }\nGROUP BY ?graph",
        },
    ]
    if "https://w3id.org/kgdistill/ontology/geography#capitalOf" in predicates:
        out.append(
            {
                "title": "Capitals (geography)",
                "query": "SELECT ?city ?country\nWHERE {\n  ?c kgeo:capitalOf ?k .\n  ?c rdfs:label ?city .\n  ?k rdfs:label ?country .\n}\nORDER BY ?country\nLIMIT 100",
            }
        )
    if any(p.startswith(PREFIXES["cs"]) for p in predicates):
        rel = next(p for p in predicates if p.startswith(PREFIXES["cs"]))
        out.append(
            {
                "title": f"Commonsense: {short(rel)}",
                "query": f"SELECT ?head ?tail\nWHERE {{\n  ?h {short(rel)} ?t .\n  OPTIONAL {{ ?h rdfs:label ?head }}\n  OPTIONAL {{ ?t rdfs:label ?tail }}\n}}\nLIMIT 100",
            }
        )
    for cls in classes[:2]:
        out.append(
            {
                "title": f"Instances of {short(cls)}",
                "query": f"SELECT ?x ?label\nWHERE {{\n  ?x a {short(cls)} .\n  OPTIONAL {{ ?x rdfs:label ?label }}\n}}\nLIMIT 100",
            }
        )
    if counts.get("provenance"):
        out.append(
            {
                "title": "Where facts came from (provenance)",
                "query": "SELECT ?s ?p ?o ?evidence\nWHERE {\n  GRAPH graph:provenance {\n    ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;\n        prov:wasDerivedFrom ?evidence .\n  }\n}\nLIMIT 50",
            }
        )
    if counts.get("rejected"):
        out.append(
            {
                "title": "Rejected candidates and why",
                "query": "SELECT ?candidate ?check ?message\nWHERE {\n  GRAPH graph:rejected {\n    ?candidate a kg:Rejection ; kg:reason ?r .\n    ?r kg:check ?check ; kg:message ?message .\n  }\n}\nLIMIT 50",
            }
        )
    return out


class _Reply(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def create_app(config: ServeConfig, *, pool: WorkerPool | None = None):  # -> Starlette
    """The Starlette application of ``kg serve`` (the worker pool starts with the app)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response as HTTPResponse
    from starlette.responses import StreamingResponse
    from starlette.routing import Route

    state: dict[str, Any] = {"pool": pool, "examples": None}
    # request threads wait on a worker (a long query holds one): more than asyncio's default
    executor = ThreadPoolExecutor(max_workers=32 + 2 * config.workers, thread_name_prefix="kg-request")

    async def blocking(fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        if state["pool"] is None:
            p = pool_for(config)
            await asyncio.to_thread(p.start)
            state["pool"] = p
        try:
            yield
        finally:
            await asyncio.to_thread(state["pool"].close)
            executor.shutdown(wait=False, cancel_futures=True)

    def error(status: int, message: str, headers: dict[str, str] | None = None) -> HTTPResponse:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    async def run(req: dict[str, Any]) -> Response:
        return await blocking(state["pool"].run, req)

    def to_http(resp: Response) -> HTTPResponse:
        if resp[0] == "ok":
            _, status, media, body, headers = resp
            if status == 204:
                return HTTPResponse(status_code=204)
            return HTTPResponse(body, status_code=status, media_type=media, headers=headers)
        return error(resp[1], resp[2])

    async def read_body(request: Request) -> bytes:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > config.max_body_bytes:
            raise _Reply(413, f"request body over {config.max_body_bytes} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > config.max_body_bytes:
                raise _Reply(413, f"request body over {config.max_body_bytes} bytes")
        return bytes(body)

    async def sparql_request(request: Request) -> tuple[str | None, str | None, list[str], list[str]]:
        """(query, update, default graphs, named graphs) of a protocol request."""
        params = request.query_params
        default = params.getlist("default-graph-uri") + params.getlist("using-graph-uri")
        named = params.getlist("named-graph-uri") + params.getlist("using-named-graph-uri")
        if request.method == "GET":
            if "update" in params:
                raise _Reply(405, "a SPARQL update must be sent with POST", {"Allow": "POST"})
            return params.get("query"), None, default, named
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request)
        if media == "application/x-www-form-urlencoded":
            from urllib.parse import parse_qs

            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                raise _Reply(400, "the form body is not UTF-8") from None
            default += form.get("default-graph-uri", []) + form.get("using-graph-uri", [])
            named += form.get("named-graph-uri", []) + form.get("using-named-graph-uri", [])
            query = (form.get("query") or [None])[0]
            update = (form.get("update") or [None])[0]
            if query is not None and update is not None:
                raise _Reply(400, "send either query or update, not both")
            return query, update, default, named
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Reply(400, "the request body is not UTF-8") from None
        if media == "application/sparql-query":
            return text, None, default, named
        if media == "application/sparql-update":
            return None, text, default, named
        raise _Reply(
            415,
            f"unsupported content type {media or '(none)'!r}; POST application/sparql-query, "
            "application/sparql-update or an url-encoded form",
        )

    def authorize(request: Request) -> None:
        if not config.allow_update:
            raise _Reply(
                403,
                "this endpoint is read-only; updates need kg serve --allow-update with a token",
            )
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if not config.cors.may_write(request.headers.get("origin"), own):
            raise _Reply(403, "cross-origin updates are off; kg serve --cors-updates allows them from --cors-origin pages")
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), (config.token or "").encode()
        ):
            raise _Reply(
                401,
                "updates need the server's token: send Authorization: Bearer TOKEN",
                {"WWW-Authenticate": 'Bearer realm="kg"'},
            )

    def dataset_graphs(iris: list[str]) -> list[str]:
        out = []
        for iri in iris:
            iri = GRAPH_IRIS.get(iri, iri)  # short names accepted too
            try:
                out.append(ox.NamedNode(iri).value)  # a valid IRI: safe to write as <iri>
            except ValueError as exc:
                raise _Reply(400, f"not a graph IRI: {iri!r} ({exc})") from None
        return out

    async def do_query(request: Request, text: str, default: list[str], named: list[str]) -> HTTPResponse:
        # the guard (SERVICE, nesting) runs in the worker, under the timeout: nothing here reads
        # the query text, so no query can hold up the event loop
        if len(text) > config.max_query_chars:
            raise _Reply(413, f"the query is {len(text):,} characters long; this endpoint takes at most {config.max_query_chars:,}")
        req = {
            "op": "query",
            "query": text,
            "default_graphs": dataset_graphs(default),
            "named_graphs": dataset_graphs(named),
            "accept": parse_accept(request.headers.get("accept")),
            "format": request.query_params.get("format") or request.query_params.get("output"),
            "row_cap": config.row_cap,
        }
        return to_http(await run(req))

    async def do_update(request: Request, text: str, default: list[str], named: list[str]) -> HTTPResponse:
        authorize(request)
        if default or named:
            raise _Reply(400, "using-graph-uri / using-named-graph-uri are not supported; use USING or WITH")
        checked = await run({"op": "check", "update": text})  # in a reader, under the timeout
        if checked[0] != "ok":
            return to_http(checked)
        return to_http(await blocking(state["pool"].update, text))

    async def endpoint(request: Request) -> HTTPResponse:
        try:
            query, update, default, named = await sparql_request(request)
            if query is not None:
                return await do_query(request, query, default, named)
            if update is not None:
                return await do_update(request, update, default, named)
            if request.method == "GET":
                return describe(request)
            raise _Reply(400, "no query: send query= (or update=) or a sparql-query body")
        except _Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    async def update_endpoint(request: Request) -> HTTPResponse:
        try:
            query, update, default, named = await sparql_request(request)
            if update is None:
                raise _Reply(400, "no update: POST update= or an application/sparql-update body")
            return await do_update(request, update, default, named)
        except _Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    def describe(request: Request) -> HTTPResponse:
        url = str(request.url.replace(query="", fragment=""))
        if not url.endswith(("/sparql", "/query")):
            url = url.rstrip("/") + "/sparql"
        return PlainTextResponse(
            service_description(url, config), media_type="text/turtle; charset=utf-8"
        )

    async def root(request: Request) -> HTTPResponse:
        if "query" in request.query_params or request.method == "POST":
            return await endpoint(request)
        accepted = parse_accept(request.headers.get("accept"))
        wants_html = any(m in ("text/html", "application/xhtml+xml") and q > 0 for m, q in accepted)
        if not wants_html and negotiate(accepted, "graph", None) == "turtle":
            return describe(request)
        return HTMLResponse(await page())

    async def counts() -> tuple[dict[str, int] | None, str | None]:
        resp = await blocking(state["pool"].run, {"op": "counts"}, min(config.timeout, 30.0))
        if resp[0] != "ok":
            return None, resp[2]
        return json.loads(resp[3]), None

    async def page() -> str:
        if state["examples"] is None:
            c, _ = await counts()
            classes: list[str] = []
            predicates: list[str] = []
            for q, target in (
                ("SELECT ?c WHERE { ?x a ?c } GROUP BY ?c ORDER BY DESC(COUNT(?x)) LIMIT 5", classes),
                ("SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(COUNT(*)) LIMIT 50", predicates),
            ):
                resp = await run(
                    {"op": "query", "query": q, "accept": [("application/sparql-results+json", 1.0)], "row_cap": 100}
                )
                if resp[0] == "ok":
                    for b in json.loads(resp[3])["results"]["bindings"]:
                        target.append(next(iter(b.values()))["value"])
            state["examples"] = _example_queries(c or {}, classes, predicates)
        return QUERY_PAGE.replace("__EXAMPLES__", json.dumps(state["examples"]).replace("</", "<\\/")).replace(
            "__TITLE__", html.escape(config.store.name or "kg")
        )

    async def health(request: Request) -> HTTPResponse:
        c, problem = await counts()
        body = {
            "status": "ok" if c is not None else "unavailable",
            "store": str(config.store),
            "read_only": not config.allow_update,
            "workers": config.workers,
            "timeout_s": config.timeout,
            "row_cap": config.row_cap,
            "workers_killed_at_timeout": state["pool"].killed,
            "long_queries_running": state["pool"].long_running,
            "long_queries_stopped": state["pool"].crowded,
            "network_sandbox": state["pool"].sandboxed,
            "triples": c,
            "total": sum(c.values()) if c else None,
        }
        if problem:
            body["error"] = problem
        return JSONResponse(body, status_code=200 if c is not None else 503)

    async def stream(req: dict[str, Any]) -> HTTPResponse:
        started = await blocking(state["pool"].stream, req)
        if isinstance(started, tuple):
            return to_http(started)

        async def body() -> AsyncIterator[bytes]:
            try:
                while (chunk := await blocking(started.next)) is not None:
                    yield chunk
            except StreamCut as exc:
                # raising aborts the response: the client sees a broken transfer, not a short graph
                log.warning("graph store GET cut: %s", exc)
                raise
            finally:
                # a no-op after the end; if the client went away midway (this generator is being
                # cancelled, so no await here), the worker is killed and replaced at once
                started.close()

        return StreamingResponse(body(), status_code=started.status, media_type=started.media, headers=started.headers)

    async def graph_store(request: Request) -> HTTPResponse:
        """SPARQL 1.1 Graph Store HTTP Protocol (indirect identification: ``?graph=`` or ``?default``)."""
        try:
            params = request.query_params
            if "graph" in params:
                iri_node = str(ox.NamedNode(dataset_graphs([params["graph"]])[0]))
                target = f"GRAPH {iri_node}"
            elif "default" in params:
                target, iri_node = "", "DEFAULT"
            else:
                raise _Reply(400, "name the graph: ?graph=IRI or ?default")
            if request.method == "GET":  # the whole graph, streamed: never cut at the row cap
                q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {target} {{ ?s ?p ?o }} }}"
                req = {"query": q, "accept": parse_accept(request.headers.get("accept")), "format": params.get("format")}
                return await stream(req)
            authorize(request)
            if request.method == "DELETE":
                return to_http(await blocking(state["pool"].update, f"DROP SILENT GRAPH {iri_node}" if target else "DROP SILENT DEFAULT"))
            media = request.headers.get("content-type", "text/turtle").split(";")[0].strip().lower()
            formats = {t: name for name, types in GRAPH_TYPES.items() for t in types}
            if media not in formats or media == "application/json":
                raise _Reply(415, f"unsupported RDF content type {media!r}; send text/turtle, application/n-triples, application/ld+json or application/rdf+xml")
            body = await read_body(request)
            try:
                triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=_GRAPH_OX[formats[media]])]
            except (SyntaxError, ValueError) as exc:
                raise _Reply(400, f"the body is not valid {formats[media]}: {exc}") from None
            data = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
            insert = f"INSERT DATA {{ {target} {{ {data} }} }}" if target else f"INSERT DATA {{ {data} }}"
            if request.method == "PUT":
                drop = f"DROP SILENT GRAPH {iri_node}" if target else "DROP SILENT DEFAULT"
                insert = f"{drop} ; {insert}"
            resp = await blocking(state["pool"].update, insert)
            return to_http(resp)
        except _Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    routes = [
        Route("/", root, methods=["GET", "POST"]),
        Route("/sparql", endpoint, methods=["GET", "POST"]),
        Route("/query", endpoint, methods=["GET", "POST"]),
        Route("/update", update_endpoint, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/store", graph_store, methods=["GET", "PUT", "POST", "DELETE"]),
    ]
    return cors_middleware(Starlette(routes=routes, lifespan=lifespan), config.cors)


def pool_for(config: ServeConfig) -> WorkerPool:
    return WorkerPool(
        config.store,
        size=config.workers,
        timeout=config.timeout,
        long_after=config.long_after,
        max_long=config.max_long,
        allow_service=config.allow_service,
        allow_load=config.allow_load,
    )


def check_store_dir(path: Path) -> None:
    from kg.store import MARKER

    if not path.is_dir() or not (path / MARKER).is_file() or not (path / "oxigraph").is_dir():
        raise NotAStoreError(f"{str(path)!r} is not a kg store; create one with `kg init DIR`")


def serve(config: ServeConfig, *, log_level: str = "warning", ready: Any = None) -> None:
    """Run the server until interrupted (the ``kg serve`` command)."""
    import uvicorn

    check_store_dir(config.store)
    # take the lock and start the workers before binding, so a locked store fails fast
    pool = pool_for(config)
    pool.start()
    app = create_app(config, pool=pool)
    if ready is not None:
        ready(pool)
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=5,
    )


QUERY_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SPARQL: __TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
  h1 { font-size: 1.3em; margin: 0 0 .6em; }
  #query { width: 100%; height: 14em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
  .bar { margin: .5em 0; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
  button { font-size: 14px; padding: .3em 1.2em; }
  #status { color: #555; }
  #status.error { color: #b00; white-space: pre-wrap; }
  table { border-collapse: collapse; margin-top: .5em; }
  th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; }
  td { font-family: ui-monospace, monospace; font-size: 12px; }
  pre { background: #f7f7f7; padding: .6em; overflow: auto; }
</style>
</head>
<body>
<h1>SPARQL query: __TITLE__</h1>
<div class="bar">
  <label for="examples">Examples</label> <select id="examples"></select>
  <span>Prefixes rdf rdfs owl xsd prov sh kg res graph cs kgeo are predeclared.</span>
</div>
<textarea id="query" spellcheck="false"></textarea>
<div class="bar">
  <button id="run" type="button">Run</button>
  <span id="status"></span>
</div>
<div id="results"></div>
<script>
"use strict";
const EXAMPLES = __EXAMPLES__;
const select = document.getElementById("examples");
const editor = document.getElementById("query");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
EXAMPLES.forEach((ex, i) => {
  const opt = document.createElement("option");
  opt.value = String(i); opt.textContent = ex.title; select.appendChild(opt);
});
if (EXAMPLES.length) editor.value = EXAMPLES[0].query;
select.addEventListener("change", () => { editor.value = EXAMPLES[Number(select.value)].query; });
function cell(term) {
  if (!term) return "";
  if (term.type === "literal") {
    let s = term.value;
    if (term["xml:lang"]) s += "@" + term["xml:lang"];
    return s;
  }
  if (term.type === "bnode") return "_:" + term.value;
  if (term.type === "triple") return "<< " + cell(term.value.subject) + " " + cell(term.value.predicate) + " " + cell(term.value.object) + " >>";
  return term.value;
}
async function run() {
  statusLine.className = ""; statusLine.textContent = "running…"; results.textContent = "";
  const started = performance.now();
  let response;
  try {
    response = await fetch("sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: editor.value,
    });
  } catch (e) {
    statusLine.className = "error"; statusLine.textContent = "request failed: " + e; return;
  }
  const ms = Math.round(performance.now() - started);
  const text = await response.text();
  if (!response.ok) {
    statusLine.className = "error"; statusLine.textContent = response.status + ": " + text; return;
  }
  const truncated = response.headers.get("X-KG-Truncated") === "true"
    ? " (truncated at the row cap of " + response.headers.get("X-KG-Row-Cap") + ")" : "";
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = text; results.appendChild(pre);
    statusLine.textContent = "graph result in " + ms + " ms" + truncated; return;
  }
  const data = JSON.parse(text);
  if (typeof data.boolean === "boolean") {
    statusLine.textContent = "answer in " + ms + " ms";
    const p = document.createElement("p"); p.id = "boolean"; p.textContent = data.boolean ? "yes" : "no";
    results.appendChild(p); return;
  }
  const vars = data.head.vars, rows = data.results.bindings;
  const table = document.createElement("table"); table.id = "result-table";
  const head = table.createTHead().insertRow();
  vars.forEach(v => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
  const body = table.createTBody();
  rows.forEach(b => { const tr = body.insertRow(); vars.forEach(v => { tr.insertCell().textContent = cell(b[v]); }); });
  results.appendChild(table);
  statusLine.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + ms + " ms" + truncated;
}
document.getElementById("run").addEventListener("click", run);
editor.addEventListener("keydown", e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body>
</html>
"""
