"""A store behind any SPARQL 1.1 Query + Update endpoint (the SPARQL 1.1 Protocol).

``RemoteStore("http://127.0.0.1:7878")`` implements :class:`kg.store.Store` over HTTP, so the
pipeline, ``kg load``, ``kg query`` and ``kg export`` work with ``--store http://...``.

Endpoints: give the query URL; the update URL is derived from it (or pass ``update_url``):

=====================================  ==========================================
``--store`` URL                         query URL → update URL
=====================================  ==========================================
``http://host:7878`` (Oxigraph server)  ``/query`` → ``/update``
``http://host:3030/ds`` (Fuseki)        ``/ds/query`` → ``/ds/update``
``.../query`` or ``.../sparql``         itself → ``.../update``
=====================================  ==========================================

A bare ``http://host:port`` means Oxigraph's layout (``/query``, ``/update``; ``kg serve`` has
both too); a URL with a path not ending in ``query``/``sparql`` is a Fuseki dataset.

Guarantees: a batch (:meth:`write`, :meth:`add_quads`) is one ``INSERT DATA`` request, so it is
atomic on stores that run an update in one transaction (Oxigraph, Fuseki/TDB2). The graphs are
the same named graphs as in the embedded store (``kg.namespaces.GRAPH``). Queries are sent
with the project's prefixes declared and with ``default-graph-uri`` / ``named-graph-uri`` set
so they see what they see on the embedded store (default graph: accepted + inferred; ``all``:
every named graph of the endpoint), all in a form body (a URL's length is limited).

The bearer token for an endpoint that needs one: ``token=`` or env ``KG_STORE_TOKEN``.
"""

from __future__ import annotations

import io
import os
from typing import Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.errors import QueryError, StoreError, TruncatedResultError
from kg.namespaces import GRAPH, GRAPH_NAMES, sparql_prologue
from kg.results import QueryResult
from kg.store.base import GraphSelector, PatternTerm, Store, _graph_name, _ox

__all__ = ["RemoteStore", "endpoint_urls"]

_RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def endpoint_urls(url: str, update_url: str | None = None) -> tuple[str, str]:
    """``(query URL, update URL)`` for a ``--store`` URL (see the module docstring)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not an http(s) endpoint URL: {url!r}")
    for given in (url, update_url):
        try:
            httpx.URL(given or url)
        except httpx.InvalidURL as exc:  # a host such as 256.0.0.1
            raise StoreError(f"not an http(s) endpoint URL: {given!r} ({exc})") from None
    path = parts.path.rstrip("/")
    if not path:
        query_path, update_path = "/query", "/update"
    elif path.endswith(("/query", "/sparql")):
        query_path = path
        update_path = path.rsplit("/", 1)[0] + "/update"
    else:  # a Fuseki dataset
        query_path, update_path = path + "/query", path + "/update"
    base = (parts.scheme, parts.netloc)
    query = urlunsplit((*base, query_path, parts.query, ""))
    return query, update_url or urlunsplit((*base, update_path, parts.query, ""))


def graph_store_url(query_url: str) -> str:
    """Where the endpoint of ``query_url`` likely serves the SPARQL 1.1 Graph Store Protocol:
    ``/store`` beside a root ``/query`` or ``/sparql`` (kg serve, Oxigraph), ``DATASET/data``
    beside a Fuseki dataset's ``DATASET/query``."""
    parts = urlsplit(query_url)
    folder = parts.path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, folder + "/data" if folder else "/store", "", ""))


def _form(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields, a key repeated as often as it comes (httpx takes a list per key)."""
    form: dict[str, list[str]] = {}
    for key, value in fields:
        form.setdefault(key, []).append(value)
    return form


class _ChunkReader(io.RawIOBase):
    """An HTTP body's chunks as a readable binary file, for a parser that reads as it goes."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._left = chunks, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "memoryview | bytearray") -> int:  # type: ignore[override]
        while not self._left:
            try:
                self._left = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]  # a view: the chunk is not copied again on every read
        return n


class RemoteStore(Store):
    """A :class:`~kg.store.Store` over the SPARQL 1.1 Protocol."""

    bulk_chunk = 50_000
    """Quads per request when a bulk load (``add_quads(..., bulk=True)``) is split."""

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        token: str | None = None,
        timeout: float = 300.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.location = url
        self.query_url, self.update_url = endpoint_urls(url, update_url)
        self.store_url = graph_store_url(self.query_url)
        token = token or os.environ.get("KG_STORE_TOKEN")
        headers = {"User-Agent": "kg-distill"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = client or httpx.Client(timeout=timeout, headers=headers)
        self._prologue = sparql_prologue()
        self._graphs = [str(GRAPH[name]) for name in GRAPH_NAMES]

    # -- HTTP -----------------------------------------------------------------------------------

    def _post(self, url: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._client.post(url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from None
        if response.status_code >= 400:
            text = " ".join(response.text.split())[:300]
            if response.status_code == 400:
                raise QueryError(f"the endpoint {url} refused the request (400): {text}")
            if response.status_code in (401, 403):
                raise StoreError(
                    f"the endpoint {url} refused the request ({response.status_code}): {text}; "
                    "give a token with KG_STORE_TOKEN if it needs one"
                )
            raise StoreError(f"the endpoint {url} failed ({response.status_code}): {text}")
        return response

    def _dataset(self, graph: GraphSelector) -> list[tuple[str, str]]:
        named = self._graphs
        if graph in (None, "knowledge"):
            default = [str(GRAPH.accepted), str(GRAPH.inferred)]
        elif graph == "all":  # every named graph, as on the embedded store: a user's own too
            named = default = sorted({*self._graphs, *self._named_graphs()})
        else:
            default = [str(GRAPH[_graph_name(graph)])]
        return [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]

    def _named_graphs(self) -> list[str]:
        """The endpoint's named graphs (its whole dataset: no dataset parameters)."""
        response = self._post(
            self.query_url,
            content=b"SELECT ?g WHERE { GRAPH ?g { } }",  # the graphs, read from no triple
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        try:
            rows = response.json()["results"]["bindings"]
            return [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the endpoint {self.query_url} listed its graphs in an unreadable answer: {exc}") from None

    # -- Store interface ------------------------------------------------------------------------

    def query(self, sparql: str, *, graph: GraphSelector = None) -> QueryResult:
        # a form body (the protocol's POST with URL-encoded parameters): the dataset's graphs
        # travel in it, not in the URL, whose length servers and proxies limit
        response = self._post(
            self.query_url,
            data=_form([("query", self._prologue + sparql), *self._dataset(graph)]),
            headers={"Accept": _RESULTS_ACCEPT},
        )
        if response.headers.get("x-kg-truncated") == "true":
            raise TruncatedResultError(
                f"the endpoint {self.query_url} truncated the result at its row cap of "
                f"{response.headers.get('x-kg-row-cap')} rows; raise its --row-cap or page the query"
            )
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if media in ("application/sparql-results+json", "application/json"):
                return QueryResult(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON))
            if media in ("application/sparql-results+xml", "application/xml"):
                return QueryResult(ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML))
            if media in ("application/n-triples", "text/plain"):
                return QueryResult(_Triples(response.content, ox.RdfFormat.N_TRIPLES))
            if media == "text/turtle":
                return QueryResult(_Triples(response.content, ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise StoreError(f"the endpoint {self.query_url} sent an unreadable {media} result: {exc}") from None
        raise StoreError(f"the endpoint {self.query_url} answered in an unexpected format {media!r}")

    def update(self, sparql: str) -> None:
        self._post(
            self.update_url,
            content=(self._prologue + sparql).encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def add_quads(self, quads: Iterable[ox.Quad], *, bulk: bool = False) -> int:
        """One update request (one transaction on Oxigraph, Fuseki/TDB2) that keeps ``accepted``
        and ``inferred`` apart as :func:`kg.store.base.keep_apart` says, evaluated by the endpoint
        as it writes (another writer's batch may have landed since this one was read); with
        ``bulk``, requests of :attr:`bulk_chunk` quads each (not atomic as a whole)."""
        quads = quads if isinstance(quads, list) else list(quads)
        step = self.bulk_chunk if bulk else max(len(quads), 1)
        for start in range(0, len(quads), step):
            self.update(_insert_apart(quads[start:start + step]))
        return len(quads)

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        quads = list(quads)
        if quads:
            self.update(f"DELETE DATA {{ {_quad_data(quads)} }}")

    def _match(
        self,
        subject: PatternTerm | None,
        predicate: PatternTerm | None,
        object: PatternTerm | None,
        *,
        graph: str,
    ) -> Iterator[ox.Quad]:
        g = ox.NamedNode(str(GRAPH[_graph_name(graph)]))
        if subject is None and predicate is None and object is None:
            whole = self._whole_graph(g)
            if whole is not None:
                return whole
        s = str(_ox(subject)) if subject is not None else "?s"
        p = str(_ox(predicate)) if predicate is not None else "?p"
        o = str(_ox(object)) if object is not None else "?o"
        result = self.query(f"CONSTRUCT {{ {s} {p} {o} }} WHERE {{ {s} {p} {o} }}", graph=graph)  # that graph as the default
        if result.kind != "graph":
            raise StoreError(f"the endpoint {self.query_url} answered a CONSTRUCT with a {result.kind} result")
        return (ox.Quad(t[0], t[1], t[2], g) for t in result)

    def _whole_graph(self, graph: ox.NamedNode) -> Iterator[ox.Quad] | None:
        """The whole graph through the Graph Store Protocol, streamed and parsed as it comes
        (a CONSTRUCT is cut at a kg serve endpoint's row cap, so a remote export or training
        on a big graph failed; a Graph Store GET is never cut); None where the endpoint has
        no Graph Store at the usual place, or not for this graph (a CONSTRUCT then)."""
        request = self._client.build_request(
            "GET", self.store_url, params={"graph": graph.value}, headers={"Accept": "application/n-triples"}
        )
        try:
            response = self._client.send(request, stream=True)
        except httpx.HTTPError:
            return None
        media = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            fmt = ox.RdfFormat.from_media_type(media) if response.status_code == 200 else None
        except ValueError:
            fmt = None
        if fmt is None:  # not there (a 404 may be a missing route as well as an empty graph)
            response.close()
            return None
        return self._parse_stream(response, fmt, graph)

    def _parse_stream(self, response: httpx.Response, fmt: ox.RdfFormat, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        try:
            for q in ox.parse(io.BufferedReader(_ChunkReader(response.iter_bytes())), format=fmt):
                yield ox.Quad(q.subject, q.predicate, q.object, graph)
        except (httpx.HTTPError, SyntaxError, OSError) as exc:
            raise StoreError(f"reading the graph {graph} from {self.store_url} failed midway: {exc}") from None
        finally:
            response.close()

    def clear_graph(self, name: str) -> None:
        self.update(f"CLEAR SILENT GRAPH <{GRAPH[_graph_name(name)]}>")

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return f"RemoteStore(query={self.query_url!r}, update={self.update_url!r})"


class _Triples(list[ox.Triple]):
    """CONSTRUCT/DESCRIBE triples parsed from a response (a list of ``pyoxigraph.Triple``)."""

    def __init__(self, data: bytes, format: ox.RdfFormat) -> None:
        super().__init__(ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=format))


_ACCEPTED, _INFERRED = ox.NamedNode(str(GRAPH.accepted)), ox.NamedNode(str(GRAPH.inferred))


def _matchable(q: ox.Quad) -> bool:
    """Whether a quad's triple can be named in ``VALUES`` and ``DELETE DATA`` (no blank node,
    which names a node within one request only, and no quoted triple)."""
    return isinstance(q.subject, ox.NamedNode) and isinstance(q.object, (ox.NamedNode, ox.Literal))


def _insert_apart(quads: list[ox.Quad]) -> str:
    """The update that adds ``quads`` with ``accepted`` and ``inferred`` kept apart: the quads
    as ``INSERT DATA`` (those of ``inferred`` aside), then ``DELETE DATA`` of ``inferred``'s copies
    of the accepted triples, then each inferred triple inserted only where ``accepted`` lacks it
    (``FILTER NOT EXISTS``): one request, which the endpoint runs as one transaction."""
    inferred = [q for q in quads if q.graph_name == _INFERRED and _matchable(q)]
    plain = [q for q in quads if not (q.graph_name == _INFERRED and _matchable(q))]
    asserted = [ox.Quad(q.subject, q.predicate, q.object, _INFERRED) for q in quads if q.graph_name == _ACCEPTED and _matchable(q)]
    ops = [f"INSERT DATA {{ {_quad_data(plain)} }}"] if plain else []
    if asserted:
        ops.append(f"DELETE DATA {{ {_quad_data(asserted)} }}")
    if inferred:
        rows = "\n".join(f"({q.subject} {q.predicate} {q.object})" for q in inferred)
        ops.append(
            f"INSERT {{ GRAPH {_INFERRED} {{ ?s ?p ?o }} }} WHERE {{ VALUES (?s ?p ?o) {{\n{rows}\n}} "
            f"FILTER NOT EXISTS {{ GRAPH {_ACCEPTED} {{ ?s ?p ?o }} }} }}"
        )
    return " ;\n".join(ops) or "INSERT DATA { }"


def _quad_data(quads: list[ox.Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA, grouped by graph (terms written by
    pyoxigraph in N-Triples syntax, so values are escaped properly)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for g, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(f"GRAPH {g} {{\n{body}\n}}" if g else body)
    return "\n".join(parts)
