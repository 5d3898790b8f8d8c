"""The HTTP routes of ``kg serve``: SPARQL queries and updates (``/sparql``, ``/query``,
``/update``, ``/``), the Graph Store Protocol (``/store``), ``/health`` and the query page.

:class:`Routes` holds what the handlers share (the configuration, the worker pool, the thread
pool that waits on workers, the query page's examples); each handler is one method. Nothing here
reads a query's text: the guard runs in the worker, under the timeout, so no query can hold up
the event loop."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import logging
from dataclasses import dataclass
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    StreamingResponse,
)
from starlette.responses import Response as HTTPResponse
from starlette.routing import Route

from kg.namespaces import PREFIXES
from kg.server.config import ServeConfig
from kg.server.metrics import Metrics, exposition
from kg.server.negotiation import GRAPH_OX, GRAPH_TYPES, content_type, negotiate, parse_accept
from kg.server.page import GRAPH_IRIS, content_security_policy, example_queries, query_page, service_description
from kg.server.pool import GraphStream, StreamCut, WorkerPool, pool_for
from kg.server.protocol import (
    Reply,
    SparqlRequest,
    authorize,
    authorize_token,
    dataset_graphs,
    error,
    graph_store_graph,
    may_write,
    query_body_limit,
    read_body,
    sparql_request,
    to_http,
    xml_as_utf8,
    xml_entity_expansion,
)
from kg.server.worker import Response

log = logging.getLogger("kg.server")

__all__ = ["Routes"]

BACKUP_SECONDS = 600.0
"""How long a backup may take (a checkpoint is seconds; the teacher cache and students are copied)."""


MAX_CLIENT_WAITING = 100
"""Most queries one client may have waiting for a turn (``max_client_queries``); one more is a 429."""


@dataclass
class _ClientTurns:
    slots: asyncio.Semaphore  # max_client_queries turns: its queries waiting for or on regular workers
    users: int = 0  # its queries holding or waiting for a turn


class Routes:
    """The endpoint's handlers over one worker pool (started by :meth:`lifespan` unless given)."""

    def __init__(self, config: ServeConfig, pool: WorkerPool | None = None) -> None:
        self.config = config
        self._pool = pool
        self.examples: list[dict[str, str]] | None = None  # the query page's, made on first view
        # triples per graph: counting reads the whole store (2 s for 6M quads), so /health, which
        # orchestrators call every few seconds, answers from this; only the server's own writes
        # change the store while it holds the lock, and each drops it
        self._counts: tuple[dict[str, int] | None, str | None] | None = None  # or why not counted
        self.metrics: Metrics | None = None  # the app's response counts (create_app sets it)
        self._turns: dict[str, _ClientTurns] = {}  # per client address: its queries' turns
        # request threads wait on a worker (a long query holds one): more than asyncio's default
        self.executor = ThreadPoolExecutor(max_workers=32 + 2 * config.workers, thread_name_prefix="kg-request")

    def table(self) -> list[Route]:
        return [
            Route("/", self.root, methods=["GET", "POST"]),
            Route("/sparql", self.endpoint, methods=["GET", "POST"]),
            Route("/query", self.endpoint, methods=["GET", "POST"]),
            Route("/update", self.update_endpoint, methods=["POST"]),
            Route("/health", self.health, methods=["GET"]),
            Route("/metrics", self.metrics_page, methods=["GET"]),
            Route("/store", self.graph_store, methods=["GET", "PUT", "POST", "DELETE"]),
            Route("/backup", self.backup, methods=["POST"]),
        ]

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        """Start the worker pool (if none was given) with the app; close it, and stop waiting on
        workers, when the app stops."""
        if self._pool is None:
            pool = pool_for(self.config)
            await asyncio.to_thread(pool.start)
            self._pool = pool
        try:
            yield
        finally:
            await asyncio.to_thread(self.pool.close)
            self.executor.shutdown(wait=False, cancel_futures=True)

    @property
    def pool(self) -> WorkerPool:
        if self._pool is None:
            raise RuntimeError("the worker pool starts with the app (its lifespan)")
        return self._pool

    async def blocking(self, fn: Any, *args: Any) -> Any:
        """``fn(*args)`` in a request thread (it waits on a worker)."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def run(self, req: dict[str, Any]) -> Response:
        return await self.blocking(self.pool.run, req)

    # -- SPARQL protocol: queries and updates

    async def endpoint(self, request: Request) -> HTTPResponse:
        try:
            asked = await sparql_request(request, self._body_limit(request))
            if asked.query is not None:
                return await self.query(request, asked)
            if asked.update is not None:
                return await self.update(request, asked)
            if request.method in ("GET", "HEAD"):
                return self.describe(request)
            raise Reply(400, "no query: send query= (or update=) or a sparql-query body")
        except Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    async def update_endpoint(self, request: Request) -> HTTPResponse:
        try:
            authorize(request, self.config)  # before the body is read: a writer's may be large
            asked = await sparql_request(request, self.config.max_body_bytes)
            if asked.update is None:
                raise Reply(400, "no update: POST update= or an application/sparql-update body")
            return await self.update(request, asked)
        except Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    def _body_limit(self, request: Request) -> int:
        """A query's body is small; only a request with the write token may send a large one."""
        return self.config.max_body_bytes if may_write(request, self.config) else query_body_limit(self.config)

    async def query(self, request: Request, asked: SparqlRequest) -> HTTPResponse:
        # the guard (SERVICE, nesting) runs in the worker, under the timeout: nothing here reads
        # the query text, so no query can hold up the event loop
        config = self.config
        if gone := self.pool.store_gone():
            raise Reply(503, gone)
        text = asked.query or ""
        if asked.using:  # an update's dataset (SPARQL 1.1 Protocol 2.2.3), not a query's
            raise Reply(400, "using-graph-uri / using-named-graph-uri name an update's dataset; a query's is "
                        "default-graph-uri / named-graph-uri (or FROM / FROM NAMED)")
        if len(text) > config.max_query_chars:
            raise Reply(413, f"the query is {len(text):,} characters long; this endpoint takes at most {config.max_query_chars:,}")
        req = {
            "op": "query",
            "query": text,
            "default_graphs": dataset_graphs(asked.default),
            "named_graphs": dataset_graphs(asked.named),
            "accept": parse_accept(request.headers.get("accept")),
            "format": asked.format,
            "row_cap": config.row_cap,
            "byte_cap": config.max_response_mb * 1_000_000,
        }
        async with self._client_turn(request) as turned_long:
            return to_http(await self.blocking(self.pool.run, req, None, turned_long))

    @contextlib.asynccontextmanager
    async def _client_turn(self, request: Request) -> AsyncIterator[Callable[[], None]]:
        """Wait until the request's client (its address) has fewer than ``max_client_queries``
        queries waiting for or on the regular workers, then hold one of its turns until the
        query ends or turns long (the callable given: the pool calls it then, from its
        watchdog). So a client's extra queries wait here, apart, never in the workers' queue
        ahead of other clients' (one client's flood of heavy queries made everyone else's wait
        6 s, then fail), and its long queries, which have workers of their own, do not hold up
        its next ones."""
        cap = self.config.max_client_queries
        cap = self.config.workers if cap is None else cap
        if not cap:
            yield lambda: None
            return
        key = request.client.host if request.client else ""
        turns = self._turns.get(key) or self._turns.setdefault(key, _ClientTurns(asyncio.Semaphore(cap)))
        if turns.users >= cap + MAX_CLIENT_WAITING:
            raise Reply(429, f"this client has {turns.users} queries running or waiting at this endpoint; "
                        "retry when some have ended", {"Retry-After": "1"})
        turns.users += 1
        try:
            try:
                await asyncio.wait_for(turns.slots.acquire(), self.config.timeout)
            except TimeoutError:
                raise Reply(503, f"this client's other queries kept their {cap} turns for {self.config.timeout:g} s "
                            "(kg serve --max-client-queries); try again", {"Retry-After": "1"}) from None
            held = True

            def give_back() -> None:
                nonlocal held
                if held:
                    held = False
                    turns.slots.release()

            loop = asyncio.get_running_loop()

            def turned_long() -> None:
                loop.call_soon_threadsafe(give_back)

            try:
                yield turned_long
            finally:
                give_back()
        finally:
            turns.users -= 1
            if not turns.users:
                del self._turns[key]

    async def update(self, request: Request, asked: SparqlRequest) -> HTTPResponse:
        authorize(request, self.config)
        text = asked.update or ""
        if asked.using:
            raise Reply(400, "using-graph-uri / using-named-graph-uri are not supported; use USING or WITH in the update")
        if asked.default or asked.named:
            raise Reply(400, "default-graph-uri / named-graph-uri name a query's dataset; an update names its "
                        "graphs with GRAPH, WITH or USING")
        checked = await self.run({"op": "check", "update": text})  # in a reader, under the timeout
        if checked[0] != "ok":
            return to_http(checked)
        return to_http(await self.write(text))

    # -- what the endpoint says about itself

    def describe(self, request: Request) -> HTTPResponse:
        """The service description, in the RDF format the ``Accept`` header asks for (as every
        graph answer: Turtle, N-Triples, JSON-LD, RDF/XML), or a 406."""
        chosen = negotiate(parse_accept(request.headers.get("accept")), "graph")
        if chosen is None:
            offered = ", ".join(types[0] for types in GRAPH_TYPES.values())
            return error(406, f"cannot answer the service description in the requested format; offered: {offered}")
        url = str(request.url.replace(query="", fragment=""))
        if not url.endswith(("/sparql", "/query")):
            url = url.rstrip("/") + "/sparql"
        turtle = service_description(url, self.config)
        if chosen.format == "turtle":  # as written, with its prefixes
            return HTTPResponse(turtle, media_type=content_type(chosen.media))
        triples = [quad.triple for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
        return HTTPResponse(ox.serialize(triples, format=GRAPH_OX[chosen.format]), media_type=content_type(chosen.media))

    async def root(self, request: Request) -> HTTPResponse:
        if "query" in request.query_params or request.method == "POST":
            return await self.endpoint(request)
        accepted = parse_accept(request.headers.get("accept"))
        wants_html = any(m in ("text/html", "application/xhtml+xml") and q > 0 for m, q in accepted)
        if not wants_html and negotiate(accepted, "graph") is not None:  # an RDF client
            return self.describe(request)
        page = await self.page()
        return HTMLResponse(page, headers={"Content-Security-Policy": content_security_policy(page)})

    async def write(self, update: str) -> Response:
        """Run an update alone (the pool stops the readers meanwhile); the counts change."""
        try:
            return await self.blocking(self.pool.update, update)
        finally:
            self._counts = None

    async def counts(self) -> tuple[dict[str, int] | None, str | None]:
        """Triples per graph, or None and why not: counted once, and again after a write (a
        store too big to count within the timeout is not counted again on every call)."""
        if self._counts is None:
            resp = await self.blocking(self.pool.run, {"op": "counts"}, min(self.config.timeout, 30.0))
            self._counts = (json.loads(resp[3]), None) if resp[0] == "ok" else (None, resp[2])
        return self._counts

    async def page(self) -> str:
        if self.examples is None:
            c, _ = await self.counts()
            classes: list[str] = []
            predicates: list[str] = []
            for q, target in (
                ("SELECT ?c WHERE { ?x a ?c } GROUP BY ?c ORDER BY DESC(COUNT(?x)) LIMIT 5", classes),
                ("SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(COUNT(*)) LIMIT 50", predicates),
            ):
                resp = await self.run(
                    {"op": "query", "query": q, "accept": [("application/sparql-results+json", 1.0)], "row_cap": 100}
                )
                if resp[0] == "ok":
                    for b in json.loads(resp[3])["results"]["bindings"]:
                        target.append(next(iter(b.values()))["value"])
            self.examples = example_queries(c or {}, classes, predicates, {**PREFIXES, **self.config.prefixes})
        return query_page(self.examples, self.config.store.name or "kg", [*PREFIXES, *self.config.prefixes])

    async def health(self, request: Request) -> HTTPResponse:
        """Whether a worker answers (a query that reads nothing), and the counts; a store too
        big to count within the timeout is still healthy (``triples`` null, ``error`` says why)."""
        gone = self.pool.store_gone()
        ping = ("error", 503, gone) if gone else await self.blocking(
            self.pool.run, {"op": "query", "query": "ASK {}", "accept": [("*/*", 1.0)], "row_cap": 1}, min(self.config.timeout, 5.0))
        alive = ping[0] == "ok"
        c, problem = await self.counts() if alive else (None, ping[2])
        config, pool = self.config, self.pool
        body = {
            "status": "ok" if alive else "unavailable",
            "store": str(config.store),
            "read_only": not config.allow_update,
            "workers": config.workers,
            "timeout_s": config.timeout,
            "row_cap": config.row_cap,
            "workers_killed_at_timeout": pool.killed,
            "long_queries_running": pool.long_running,
            "long_queries_stopped": pool.crowded,
            "queries_stopped_for_memory": pool.memory_stopped,
            "network_sandbox": pool.sandboxed,
            "triples": c,
            "total": sum(c.values()) if c else None,
        }
        if problem:
            body["error"] = problem
        return JSONResponse(body, status_code=200 if alive else 503)

    async def metrics_page(self, request: Request) -> HTTPResponse:
        """Prometheus' text format: responses by route and status, their durations, queries
        stopped, long queries running, workers, triples per graph."""
        if self.metrics is None:
            raise RuntimeError("the metrics middleware is set up by create_app")
        counts, _ = await self.counts()
        pool = self.pool
        gauges: dict[str, tuple[str, str, dict[str, float] | float | None]] = {
            "kg_queries_stopped_total": ("counter", "Queries stopped: at the timeout, as one long query too many, or past the memory cap.",
                                         {"reason=timeout": float(pool.killed), "reason=crowded": float(pool.crowded),
                                          "reason=memory": float(pool.memory_stopped)}),
            "kg_long_queries_running": ("gauge", "Queries running past --long-after now.", pool.long_running),
            "kg_workers": ("gauge", "Query worker processes (--workers).", self.config.workers),
            "kg_store_triples": ("gauge", "Triples per graph of the store (counted once, again after each write).",
                                 {f"graph={g}": float(n) for g, n in counts.items()} if counts is not None else None),
        }
        return PlainTextResponse(exposition(self.metrics, gauges), media_type="text/plain; version=0.0.4; charset=utf-8")

    async def backup(self, request: Request) -> HTTPResponse:
        """``POST /backup`` (with the token): a copy of the store in ``--backup-dir``, made by a
        reader while the server runs (an update waits for it, as for any query); 201 and
        ``{"path", "seconds"}``. The client names nothing on the server's disk."""
        try:
            folder = self.config.backup_dir
            if folder is None:
                raise Reply(404, "backups are off: kg serve --backup-dir DIR ([server] backup_dir) turns them on")
            authorize_token(request, self.config, "backups")
            stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
            target = folder / f"{self.config.store.absolute().name}-{stamp}"
            req = {"op": "backup", "target": str(target), "store_dir": str(self.config.store)}
            resp = await self.blocking(self.pool.run, req, max(self.config.timeout, BACKUP_SECONDS))
            if resp[0] == "ok":
                log.info("backed up the store to %s", target)
            return to_http(resp)
        except Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    # -- SPARQL 1.1 Graph Store HTTP Protocol

    async def graph_store(self, request: Request) -> HTTPResponse:
        """SPARQL 1.1 Graph Store HTTP Protocol (indirect identification: ``?graph=`` or ``?default``)."""
        try:
            params = request.query_params
            iri = graph_store_graph(request)
            iri_node = str(ox.NamedNode(iri)) if iri else ""
            target = f"GRAPH {iri_node}" if iri else ""
            if request.method in ("GET", "HEAD"):
                accept = parse_accept(request.headers.get("accept"))
                chosen = negotiate(accept, "graph", params.get("format"))
                if chosen is not None and iri and not await self.has_graph(iri):
                    raise Reply(404, f"this store has no graph <{iri}>")
                if request.method == "HEAD" and chosen is not None:  # what GET would answer, without the graph
                    head = HTTPResponse(status_code=200, media_type=content_type(chosen.media))
                    # the graph's size is not known without reading it, and a Content-Length
                    # must be what GET would send (RFC 9110 8.6): none, as GET streams it
                    del head.headers["content-length"]
                    return head
                # the whole graph, streamed: never cut at the row cap
                q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {target} {{ ?s ?p ?o }} }}"
                return await self.stream(request, {"query": q, "accept": accept, "format": params.get("format")})
            authorize(request, self.config)
            if not iri:
                raise Reply(
                    405,
                    "the default graph is the store's knowledge (accepted + inferred), read-only here: "
                    "write to a named graph (?graph=IRI)",
                    {"Allow": "GET, HEAD"},
                )
            existed = await self.has_graph(iri)
            if request.method == "DELETE":
                if not existed:
                    raise Reply(404, f"this store has no graph <{iri}>")
                return to_http(await self.write(f"DROP SILENT GRAPH {iri_node}"))
            media = request.headers.get("content-type", "text/turtle").split(";")[0].strip().lower()
            formats = {t: name for name, types in GRAPH_TYPES.items() for t in types}
            if media not in formats or media == "application/json":
                raise Reply(415, f"unsupported RDF content type {media!r}; send text/turtle, application/n-triples, application/ld+json or application/rdf+xml")
            body = await read_body(request, self.config.max_body_bytes)
            # parsed in a thread: a large upload does not hold up the server's other requests
            data = await asyncio.to_thread(self._triples_text, body, formats[media])
            # CREATE: a graph put or posted empty exists after (the 201 said so, then a GET was a 404)
            insert = f"CREATE SILENT GRAPH {iri_node} ; INSERT DATA {{ {target} {{ {data} }} }}"
            if request.method == "PUT":
                insert = f"DROP SILENT GRAPH {iri_node} ; {insert}"
            resp = await self.write(insert)
            if resp[0] == "ok" and not existed:  # the protocol's answer for a graph created
                return HTTPResponse(status_code=201, headers={"Location": str(request.url)})
            return to_http(resp)
        except Reply as reply:
            return error(reply.status, reply.message, reply.headers)

    def _triples_text(self, body: bytes, fmt: str) -> str:
        """A Graph Store body as the triples of an ``INSERT DATA``; a 400 (or 413) for a body
        that is not valid ``fmt``, or whose XML entities would expand past the body limit."""
        if fmt == "rdfxml":
            body = xml_as_utf8(body)  # first: the entities are looked for in UTF-8
            xml_entity_expansion(body, self.config.max_body_bytes)
        try:
            quads = ox.parse(body, format=GRAPH_OX[fmt])
            return " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        except (SyntaxError, ValueError) as exc:
            raise Reply(400, f"the body is not valid {fmt}: {exc}") from None

    async def has_graph(self, iri: str) -> bool:
        """Whether the store holds the named graph ``iri`` (its own graphs always count)."""
        if iri in GRAPH_IRIS.values():
            return True
        resp = await self.run({"op": "has_graph", "graph": iri})
        if resp[0] != "ok":
            raise Reply(resp[1], resp[2])
        return bool(json.loads(resp[3]))

    async def stream(self, request: Request, req: dict[str, Any]) -> HTTPResponse:
        # the client's slot is held while it waits for a worker and the stream starts (where one
        # client's flood would keep others waiting), not while the body is sent
        async with self._client_turn(request) as turned_long:
            started = await self.blocking(self.pool.stream, req, turned_long)
        if isinstance(started, tuple):
            return to_http(started)
        return StreamingResponse(
            self._chunks(started), status_code=started.status, media_type=started.media, headers=started.headers
        )

    async def _chunks(self, started: GraphStream) -> AsyncIterator[bytes]:
        try:
            while (chunk := await self.blocking(started.next)) is not None:
                yield chunk
        except StreamCut as exc:
            # raising aborts the response: the client sees a broken transfer, not a short graph
            log.warning("graph store GET cut: %s", exc)
            raise
        finally:
            # a no-op after the end; if the client went away midway (this generator is being
            # cancelled, so no await here), the worker is killed and replaced at once
            started.close()
