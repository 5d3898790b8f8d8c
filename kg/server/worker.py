"""The query worker process of ``kg serve``: it opens the store, runs what the server sends it
down a pipe (queries, counts, an update's check, an update) and sends back a :data:`Response`.

A worker runs under the network sandbox (kg/server/guard.py) unless SERVICE/LOAD are allowed
for what it runs, and answers from a thread with a large stack. The server side of the pipe is
kg/server/process.py; the pool of workers kg/server/pool.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.namespaces import GRAPH, GRAPH_NAMES, PREFIXES
from kg.results import term_json
from kg.terms import used_prefixes
from kg.server.guard import QueryRejected, RefusedQuery, check_sparql, deny_network, offline
from kg.server.negotiation import (
    GRAPH_OX,
    GRAPH_TYPES,
    RESULT_OX,
    RESULT_TYPES,
    content_type,
    negotiate,
)
from kg.server.unnamed import UNNAMED_GRAPH_COPIED, UNNAMED_GRAPH_WRITE, unnamed_graph_use

__all__ = ["Response", "worker_main"]

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
    a bad argument) is a 400; a SERVICE endpoint that could not be reached or did not answer
    (``--allow-service``) a 502; the store failing to read is a 500."""
    message = " ".join(str(exc).split())
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return ("error", 502, f"{what} failed: {message}")
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
        return store.query(req["query"], prefixes=_PREFIXES, **_dataset_kwargs(req, "FROM" in found.words))
    except Exception as exc:  # noqa: BLE001 - mapped to a status by _failed
        return _failed(exc)


def _run_query(store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> Response:
    result = _guarded(store, req, policy)
    if isinstance(result, tuple):
        return result
    cap = int(req["row_cap"])
    byte_cap = int(req.get("byte_cap") or 0)  # the answer's size, roughly: its terms' text
    accept = req["accept"]
    headers: dict[str, str] = {}
    try:
        if isinstance(result, ox.QueryBoolean):
            chosen = negotiate(accept, "ask", req.get("format"))
            if chosen is None:
                return _not_acceptable("ask")
            return ("ok", 200, content_type(chosen.media), result.serialize(format=RESULT_OX[chosen.format]), headers)
        if isinstance(result, ox.QuerySolutions):
            chosen = negotiate(accept, "select", req.get("format"))
            if chosen is None:
                return _not_acceptable("select")
            fmt = chosen.format
            variables = [v.value for v in result.variables]
            bindings = []
            cells: list[list[str]] = []  # the CSV's rows
            truncated = False
            size = 0
            for i, solution in enumerate(result):
                if i >= cap or (byte_cap and size > byte_cap):
                    truncated = True
                    break
                row = {}
                for name, value in zip(variables, solution):
                    if value is not None:
                        row[name] = term_json(value)
                        size += len(str(value)) + 16  # any term, a quoted triple too
                bindings.append(row)
                if fmt in ("csv", "xml"):  # XML may give way to CSV
                    cells.append([_csv_cell(v) for v in solution])
            json_body = json.dumps(
                {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
            ).encode("utf-8")
            body = _results(json_body, fmt, variables, cells)
            if fmt == "xml" and (bad := _not_xml(body)) is not None:
                # the client may accept another format (a browser's */*): the next best, else 406
                chosen = negotiate(accept, "select", req.get("format"), excluding="xml")
                if chosen is None:
                    return _xml_cannot_carry(bad, "select")
                body = _results(json_body, chosen.format, variables, cells)
            elif fmt == "xml":
                body = body.replace(b"\r", b"&#13;")
            if truncated:
                headers.update(_truncation_headers(cap, byte_cap))
            return ("ok", 200, content_type(chosen.media), body, headers)
        chosen = negotiate(accept, "graph", req.get("format"))
        if chosen is None:
            return _not_acceptable("graph")
        fmt = chosen.format
        triples: list[ox.Triple] = []
        size = 0
        for triple in result:
            if len(triples) >= cap or (byte_cap and size > byte_cap):
                headers.update(_truncation_headers(cap, byte_cap))
                break
            triples.append(triple)
            size += len(str(triple))
        graph_body = _graph(triples, fmt)
        if fmt == "rdfxml" and (bad := _not_xml(graph_body)) is not None:
            # the client may accept another format (a browser's */*): the next best, else 406
            chosen = negotiate(accept, "graph", req.get("format"), excluding="rdfxml")
            if chosen is None:
                return _xml_cannot_carry(bad, "graph")
            graph_body = _graph(triples, chosen.format)
        return ("ok", 200, content_type(chosen.media), graph_body, headers)
    except Exception as exc:  # noqa: BLE001 - errors raised while the results are read
        return _failed(exc)


def _results(json_body: bytes, fmt: str, variables: list[str], cells: list[list[str]]) -> bytes:
    """SELECT results (their SPARQL JSON, and the CSV's rows) in ``fmt``."""
    if fmt == "csv":
        return _csv(variables, cells)
    if fmt == "json":
        return json_body
    return _bytes(ox.parse_query_results(json_body, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_OX[fmt]))


def _graph(triples: list[ox.Triple], fmt: str) -> bytes:
    """``triples`` in ``fmt`` (Turtle declaring the prefixes it uses: a geography answer declared
    cs:, sh:, graph: ...)."""
    prefixes = used_prefixes(_PREFIXES, triples) if fmt == "turtle" else None
    return ox.serialize(triples, format=GRAPH_OX[fmt], prefixes=prefixes) or b""


def _csv_cell(term: Any) -> str:
    """A term as SPARQL 1.1's CSV results write it: an IRI or a literal's lexical form, a blank
    node as ``_:label``, nothing for an unbound variable."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(variables: list[str], rows: list[list[str]]) -> bytes:
    """SELECT results as CSV (RFC 4180: CRLF, a field with a comma, quote or line break quoted).
    pyoxigraph's writer left an IRI with a comma (``http://ex.org/a,b``) unquoted: the row had
    one field too many, and a client read ``http://ex.org/a``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# what XML 1.0's Char production leaves out, in UTF-8: C0 controls but tab, LF and CR; U+FFFE,
# U+FFFF (surrogates cannot be in a UTF-8 text)
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _not_xml(body: bytes) -> int | None:
    """The first character of ``body`` (UTF-8) that XML 1.0 cannot carry, as a code point: an
    answer holding one is not well-formed XML. A carriage return can be carried (SELECT's XML
    writes it as ``&#13;``, as XML parsers read a raw one as a line feed)."""
    bad = _NOT_XML.search(body)
    return None if bad is None else ord(bad.group().decode("utf-8"))


def _xml_cannot_carry(code_point: int, kind: str) -> Response:
    """The 406 of an XML answer (SELECT's results, a graph's RDF/XML) that would not be well-formed."""
    others = "JSON or TSV (Accept: application/sparql-results+json)" if kind == "select" else (
        "Turtle, N-Triples or JSON-LD (Accept: text/turtle)")
    return ("error", 406, f"a value holds U+{code_point:04X}, which XML cannot carry; ask for {others}")


class _NotXml(Exception):
    """A streamed RDF/XML graph reached a character XML cannot carry (its code point)."""


class _ChunkWriter:
    """A file-like object for ``ox.serialize`` that sends what it is given to the server in
    chunks: a graph of any size streams through without being held whole anywhere. The
    response's ``start`` goes with the first chunk; with ``xml``, each chunk is checked first
    for characters XML cannot carry (:class:`_NotXml`), so a graph whose first chunk holds one is
    refused before anything is sent."""

    SIZE = 256 * 1024

    def __init__(self, conn: Any, start: Response, xml: bool) -> None:
        self.conn, self.start, self.xml = conn, start, xml
        self.buffer = bytearray()
        self.started = False
        self.tail = b""  # the last bytes sent: a character's UTF-8 may span two chunks

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= self.SIZE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.xml:
            if (bad := _not_xml(self.tail + self.buffer)) is not None:
                raise _NotXml(bad)
            self.tail = bytes(self.buffer[-2:])
        if not self.started:
            self.conn.send(self.start)
            self.started = True
        if self.buffer:
            self.conn.send(("chunk", bytes(self.buffer)))
            self.buffer.clear()


def _stream_graph(conn: Any, store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> None:
    """A CONSTRUCT's whole result, serialized as it is read: ``("stream", 200, media, None,
    headers)``, ``("chunk", bytes)``..., then ``("end",)``; ``("fail", message)`` if reading
    fails midway (the server then aborts the response: a cut is never a silent truncation)."""
    chosen = negotiate(req["accept"], "graph", req.get("format"))
    if chosen is None:
        conn.send(_not_acceptable("graph"))
        return
    while True:
        fmt = chosen.format
        result = _guarded(store, req, policy)
        if isinstance(result, tuple):
            conn.send(result)
            return
        writer = _ChunkWriter(conn, ("stream", 200, content_type(chosen.media), None, {}), xml=fmt == "rdfxml")
        try:
            # pyoxigraph's stub asks for an IO[bytes]; it only calls write() on the output
            ox.serialize(result, writer, format=GRAPH_OX[fmt], prefixes=_PREFIXES if fmt == "turtle" else None)  # type: ignore[arg-type]
            writer.flush()
        except (BrokenPipeError, EOFError):
            raise
        except Exception as exc:  # noqa: BLE001 - reported in the stream
            if isinstance(exc, _NotXml) and not writer.started:
                # nothing sent yet: the client may accept another format (a browser's */*)
                fallback = negotiate(req["accept"], "graph", req.get("format"), excluding="rdfxml")
                if fallback is not None:
                    chosen = fallback
                    continue
            refusal = _xml_cannot_carry(exc.args[0], "graph") if isinstance(exc, _NotXml) else _failed(exc, "reading the graph")
            # once the first chunk went, the 200 is sent: the transfer is cut, never a broken document
            conn.send(("fail", refusal[2]) if writer.started else refusal)
            return
        conn.send(("end",))
        return


def _bytes(serialized: bytes | None) -> bytes:
    """What a pyoxigraph ``serialize`` given no output returns (typed ``bytes | None`` for the
    case with an output)."""
    if serialized is None:
        raise TypeError("serialize() without an output returned nothing")
    return serialized


def _truncation_headers(cap: int, byte_cap: int = 0) -> dict[str, str]:
    """The headers of a truncated answer: the row cap, and the size cap (bytes) when there is one."""
    return {"X-KG-Truncated": "true", "X-KG-Row-Cap": str(cap)} | ({"X-KG-Size-Cap": str(byte_cap)} if byte_cap else {})


_QUERY_FORMS = {"ask": "an ASK query", "select": "a SELECT query", "graph": "a CONSTRUCT or DESCRIBE query"}


def _not_acceptable(kind: str) -> Response:
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    offered = ", ".join(t for types in table.values() for t in types[:1])
    return ("error", 406, f"cannot answer {_QUERY_FORMS[kind]} in the requested format; offered: {offered}")


def _counts(store: ox.Store) -> dict[str, int]:
    counts = {name: 0 for name in GRAPH_NAMES}
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    if not isinstance(rows, ox.QuerySolutions):
        raise TypeError("a SELECT query gave no solutions")
    for row in rows:
        iri = row[0].value
        short = iri[len(str(GRAPH)):] if iri.startswith(str(GRAPH)) else iri
        counts[short] = int(row[1].value)
    return counts


UNTRIABLE = (
    "this update's SERVICE or LOAD is spelled so that it cannot be taken out of the trial run that checks "
    "where the update writes (glued to another word, escaped, a prefix); write it as SERVICE <iri> or "
    "LOAD <iri> INTO GRAPH <g>; nothing was written"
)


def _unnamed_graph_problem(store: ox.Store, update: str) -> Response | None:
    """The 400 (or the error the update would meet) for an update that would use the store's
    unnamed default graph; None when it may run. Read off the update's tokens first (a pattern
    without GRAPH: :func:`kg.server.unnamed.unnamed_graph_use`), then tried on an empty
    in-memory store holding the store's named graphs (so ``CLEAR GRAPH <g>`` fails or not as
    it will), Oxigraph's own reading: triples in its unnamed graph after are a refusal. The
    trial has no SERVICE and no LOAD (:func:`kg.server.guard.offline`): it never reaches the
    network."""
    problem = unnamed_graph_use(update)
    if problem == UNNAMED_GRAPH_COPIED and _holds_unnamed(store):
        problem = None  # MOVE DEFAULT TO <g> recovers triples written there before
    if problem is not None:
        return ("error", 400, problem)
    probe_text = offline(update)
    if probe_text is None:
        return ("error", 400, UNTRIABLE)
    probe = ox.Store()
    for graph in store.named_graphs():
        probe.add_graph(graph)
    try:
        probe.update(probe_text, prefixes=_PREFIXES)
    except Exception as exc:  # noqa: BLE001 - what the real run would answer
        return _failed(exc, "update")
    if _holds_unnamed(probe):
        return ("error", 400, UNNAMED_GRAPH_WRITE)
    return None


def _holds_unnamed(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def _handle(store: ox.Store, req: dict[str, Any], policy: dict[str, bool]) -> Response:
    op = req["op"]
    if op == "query":
        return _run_query(store, req, policy)
    if op == "counts":
        return ("ok", 200, "application/json", json.dumps(_counts(store)).encode(), {})
    if op == "backup":  # POST /backup: a copy of the store from this reader's read-only open
        from kg.store.embedded import backup_store  # only here: the worker stays light

        started = time.monotonic()
        try:
            path = backup_store(store, Path(req["store_dir"]), req["target"])
        except Exception as exc:  # noqa: BLE001 - the store's errors say what failed
            return ("error", 500, f"backup failed: {exc}")
        body = {"path": str(path), "seconds": round(time.monotonic() - started, 3)}
        return ("ok", 201, "application/json", json.dumps(body).encode(), {})
    if op == "has_graph":  # the Graph Store Protocol's 404 for a graph the store lacks
        found = store.contains_named_graph(ox.NamedNode(req["graph"]))
        return ("ok", 200, "application/json", json.dumps(found).encode(), {})
    if op == "check":  # an update's text, checked by a reader before the writer starts
        try:
            check_sparql(req["update"], update=True, **policy)
        except RefusedQuery as exc:
            return ("error", 403, str(exc))
        except QueryRejected as exc:
            return ("error", 400, str(exc))
        return _unnamed_graph_problem(store, req["update"]) or ("ok", 200, "text/plain", b"", {})
    if op == "update":
        try:
            store.update(req["update"], prefixes=_PREFIXES)
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


_PREFIXES: dict[str, str] = dict(PREFIXES)
"""The prefixes queries and updates may use undeclared: the project's, and the served store's
domains' (set once, when :func:`worker_main` starts this process)."""

# Oxigraph recurses on the query tree (a long chain of UNIONs or of `+`, nested groups): on the
# default 8 MiB stack a 40 KB query overflows it and kills the worker. Queries run in a thread
# with a large stack (address space only: pages are touched as the recursion goes).
_STACK_SIZES = (1 << 30, 256 << 20, 0)


def _exit_without(server_pid: int) -> None:
    """Exit this process once the server is gone. Its parent is the fork server, not the server,
    so nothing else tells it: a server killed (SIGKILL, an OOM kill) left a worker running its
    query, the store open, with no lock held any more. Queries release the GIL, so this thread
    runs while one does."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except OSError:  # there, but not ours to signal: still alive
            continue


def worker_main(
    conn: Any, store_dir: str, writable: bool, policy: dict[str, bool], prefixes: dict[str, str] | None = None,
    server_pid: int | None = None,
) -> None:
    """A worker process: sandboxed (unless SERVICE/LOAD are allowed for what it runs), opens the
    store and answers requests from the pipe, in a large-stack thread, until told to stop or
    until the process ``server_pid`` is gone.
    ``prefixes``: the store's domains' own, predeclared beside the project's (for this process)."""
    if server_pid is not None:
        threading.Thread(target=_exit_without, args=(server_pid,), name="kg-lifeline", daemon=True).start()
    _PREFIXES.update(prefixes or {})
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
