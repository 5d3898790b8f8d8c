"""The SPARQL 1.1 Protocol side of a request, before any worker sees it: reading the body (with
its size limit), telling a query from an update, the dataset's graphs, the update token, and
turning a worker's :data:`~kg.server.worker.Response` into an HTTP response.

A client's mistake is raised as :class:`Reply` (status, one-line message, headers) and answered
by the route as plain text."""

from __future__ import annotations

import asyncio
import codecs
import hmac
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.responses import Response as HTTPResponse

from kg.server.config import ServeConfig
from kg.server.page import GRAPH_IRIS
from kg.server.worker import Response

__all__ = ["Reply", "MAX_FORM_FIELDS", "may_write", "query_body_limit", "authorize", "authorize_token", "dataset_graphs", "error", "graph_store_graph", "read_body", "SparqlRequest", "sparql_request", "to_http", "xml_as_utf8", "xml_entity_expansion"]


class Reply(Exception):
    """An answer other than the result: a status, a one-line message, headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error(status: int, message: str, headers: dict[str, str] | None = None) -> HTTPResponse:
    """A plain-text answer other than a result."""
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def to_http(resp: Response) -> HTTPResponse:
    """A worker's answer as the client's HTTP response."""
    if resp[0] == "ok":
        _, status, media, body, headers = resp
        if status == 204:
            return HTTPResponse(status_code=204)
        return HTTPResponse(body, status_code=status, media_type=media, headers=headers)
    return error(resp[1], resp[2])


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body; a 413 past ``limit`` bytes (told or counted), a 415 for a body in a
    content coding (``Content-Encoding: gzip``: it is read as it comes, never decompressed)."""
    coding = request.headers.get("content-encoding", "").strip().lower()
    if coding not in ("", "identity"):
        raise Reply(415, f"the request body is {coding}-encoded (Content-Encoding: {coding}); this endpoint "
                    "takes bodies without a content coding", {"Accept-Encoding": "identity"})
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise Reply(413, f"request body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Reply(413, f"request body over {limit} bytes")
    return bytes(body)


MAX_FORM_FIELDS = 1000
"""Most fields of a url-encoded form body (a protocol request has a handful)."""


def query_body_limit(config: ServeConfig) -> int:
    """The most bytes of a request body that is not known to be a writer's: the longest query
    text, percent-encoded in a form. (A body up to ``max_body_bytes`` needs the token: parsing
    64 MiB of form fields froze the server for 17 s and took 5 GB before any token was asked.)"""
    return 3 * config.max_query_chars + 65_536


def may_write(request: Request, config: ServeConfig) -> bool:
    """Whether the request carries what a write needs (updates on, its origin, the token)."""
    try:
        authorize(request, config)
    except Reply:
        return False
    return True


def _parse_form(body: bytes) -> dict[str, list[str]]:
    try:
        # strict: a percent-escape that is not UTF-8 (caf%E9) became U+FFFD, and an update wrote it
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS, errors="strict")
    except UnicodeDecodeError:
        raise Reply(400, "the form body is not UTF-8 (percent-escape the query's UTF-8 bytes)") from None
    except ValueError:
        raise Reply(400, f"the form body has more than {MAX_FORM_FIELDS} fields") from None


@dataclass
class SparqlRequest:
    """What a protocol request asks: a query or an update (or neither), its dataset's graphs, the
    update-only dataset parameters it sent, and the results format it names (``format=`` or
    ``output=``, in the URL or a form body)."""

    query: str | None = None
    update: str | None = None
    default: list[str] = field(default_factory=list)  # default-graph-uri
    named: list[str] = field(default_factory=list)  # named-graph-uri
    using: list[str] = field(default_factory=list)  # using-graph-uri, using-named-graph-uri
    format: str | None = None


_USING = ("using-graph-uri", "using-named-graph-uri")


async def sparql_request(request: Request, body_limit: int) -> SparqlRequest:
    """The protocol request's parameters, from the URL and a form or SPARQL body. A form body
    is parsed in a thread, so a large one does not hold up the server's other requests."""
    _check_query_string(request)
    params = request.query_params
    fields: dict[str, list[str]] = {name: params.getlist(name) for name in params.keys()}
    asked = SparqlRequest()
    if request.method in ("GET", "HEAD"):
        if "update" in params:
            raise Reply(405, "a SPARQL update must be sent with POST", {"Allow": "POST"})
        asked.query = _one(params.getlist("query"), "query")
        return _with_parameters(asked, fields)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, body_limit)
    if media == "application/x-www-form-urlencoded":
        form = await asyncio.to_thread(_parse_form, body) if len(body) > 65_536 else _parse_form(body)
        for name, values in form.items():
            fields[name] = fields.get(name, []) + values
        asked.query, asked.update = _one(fields.get("query", []), "query"), _one(fields.get("update", []), "update")
        if asked.query is not None and asked.update is not None:
            raise Reply(400, "send either query or update, not both")
        return _with_parameters(asked, fields)
    if media in ("application/sparql-query", "application/sparql-update") and ("query" in params or "update" in params):
        raise Reply(400, f"the {media.split('-')[-1]} is the request body: send it once, without query= or update= in the URL")
    if not media and not body:  # a POST of nothing: no query, as a GET without one
        return _with_parameters(asked, fields)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Reply(400, "the request body is not UTF-8") from None
    if media == "application/sparql-query":
        asked.query = text
    elif media == "application/sparql-update":
        asked.update = text
    else:
        raise Reply(
            415,
            f"unsupported content type {media or '(none)'!r}; POST application/sparql-query, "
            "application/sparql-update or an url-encoded form",
        )
    return _with_parameters(asked, fields)


def _with_parameters(asked: SparqlRequest, fields: dict[str, list[str]]) -> SparqlRequest:
    """``asked`` with the dataset and format parameters of the request's ``fields``."""
    asked.default = fields.get("default-graph-uri", [])
    asked.named = fields.get("named-graph-uri", [])
    asked.using = [value for name in _USING for value in fields.get(name, [])]
    asked.format = next((value for name in ("format", "output") for value in fields.get(name, [])[:1] if value), None)
    return asked


def _check_query_string(request: Request) -> None:
    """A 400 for percent-escapes that are not UTF-8 in the URL (``?query=%FF``): decoded
    leniently, they became U+FFFD and the query ran on text the client never sent, where the
    same query in a POST body got a 400."""
    raw = request.scope.get("query_string", b"")
    if b"%" in raw:
        try:
            parse_qs(raw.decode("latin-1"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise Reply(400, "the URL's parameters are not UTF-8 (percent-escape the query's UTF-8 bytes)") from None


def _one(values: list[str], name: str) -> str | None:
    """The one ``name`` parameter of a request, None without one; a 400 for several (the
    protocol allows one: running the first and dropping the rest would lose an update)."""
    if len(values) > 1:
        raise Reply(400, f"send one {name}, not {len(values)}: the protocol takes one {name} per request")
    return values[0] if values else None


def graph_store_graph(request: Request) -> str:
    """The graph a Graph Store request names: its checked IRI, or ``""`` for ``?default``; a 400
    for none, or for two (``?graph=A&graph=B`` wrote B alone, ``?graph=A&default`` wrote A)."""
    params = request.query_params
    graphs = params.getlist("graph")
    if graphs and "default" in params:
        raise Reply(400, "name one graph: ?graph=IRI or ?default, not both")
    if "default" in params:
        return ""
    graph = _one(graphs, "graph")
    if graph is None:
        raise Reply(400, "name the graph: ?graph=IRI or ?default")
    return dataset_graphs([graph])[0]


def authorize(request: Request, config: ServeConfig) -> None:
    """Raise unless updates are on, the request comes from an origin that may write, and it
    carries the server's token."""
    if not config.allow_update:
        raise Reply(
            403,
            "this endpoint is read-only; updates need kg serve --allow-update with a token",
        )
    authorize_token(request, config, "updates")


def authorize_token(request: Request, config: ServeConfig, what: str) -> None:
    """Raise unless the request comes from an origin that may write and carries the server's
    token (``what``: what it is for, in the message)."""
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    origin = request.headers.get("origin")
    if not config.cors.may_write(origin, own):
        if config.cors.updates:
            raise Reply(403, f"{what} from {origin} are refused: that origin is not one of kg serve --cors-origin's")
        raise Reply(403, f"cross-origin {what} are off; kg serve --cors-updates allows them from --cors-origin pages")
    if not config.token:
        raise Reply(403, f"{what} need the server's token, and it has none: start it with KG_SERVE_TOKEN set")
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), (config.token or "").encode()
    ):
        raise Reply(
            401,
            f"{what} need the server's token: send Authorization: Bearer TOKEN",
            {"WWW-Authenticate": 'Bearer realm="kg"'},
        )


def dataset_graphs(iris: list[str]) -> list[str]:
    """Graph IRIs (or the store's short graph names) as checked IRIs; a 400 for one that is not."""
    out = []
    for iri in iris:
        iri = GRAPH_IRIS.get(iri, iri)  # short names accepted too
        try:
            out.append(ox.NamedNode(iri).value)  # a valid IRI: safe to write as <iri>
        except ValueError as exc:
            raise Reply(400, f"not a graph IRI: {iri!r} ({exc})") from None
    return out


_ENTITY = re.compile(rb'<!ENTITY\s+([^\s%"\'>]+)\s+"([^"]*)"')
_AMPERSAND = re.compile(rb"&(#[0-9]+|#x[0-9a-fA-F]+|[^\s;&]*);?")
_SAFE_IN_ENTITY = {b"amp", b"lt", b"gt", b"quot", b"apos"}


_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")
_DECLARED_ENCODING = re.compile(r"""^(<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2""")


def xml_as_utf8(body: bytes) -> bytes:
    """An XML body in UTF-8, the one encoding Oxigraph's RDF/XML parser reads (XML 1.0 4.3.3:
    every processor reads UTF-16 too): one in UTF-16 (by its byte order mark) or in the
    encoding its XML declaration names (ISO-8859-1 ...) is transcoded, the declaration then
    saying UTF-8; a 415 for an encoding this server does not know, a 400 for a body not in
    the encoding it declares."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif (declared := _XML_ENCODING.match(body)) is not None:
        encoding = declared.group(1).decode("ascii")
    else:
        return body  # UTF-8, with or without its byte order mark
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return body
        text = body.decode(encoding).removeprefix("\ufeff")
    except LookupError:
        raise Reply(415, f"the RDF/XML body's encoding {encoding!r} is unknown here; send it in UTF-8 (or UTF-16)") from None
    except UnicodeDecodeError as exc:
        raise Reply(400, f"the RDF/XML body is not in the encoding it declares ({encoding}): {exc.reason} at byte {exc.start}") from None
    return _DECLARED_ENCODING.sub(r'\1"UTF-8"', text, count=1).encode("utf-8")


def xml_entity_expansion(body: bytes, limit: int) -> int:
    """The bytes an RDF/XML body's internal entities add when the parser expands them; a 400
    for an entity whose value refers to another entity (the "billion laughs": ten entities of
    ten references each expand 300 bytes to 3 GB), and a 413 when the references would expand
    past ``limit``. Every ``<!ENTITY`` in the body is counted, inside the DTD or not: counting
    too many is safe. Flat entities (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``, common in
    ontologies) are fine."""
    if b"<!ENTITY" not in body:
        return 0
    added = 0
    for match in _ENTITY.finditer(body):
        name, value = match.group(1), match.group(2)
        for ref in _AMPERSAND.finditer(value):
            what = ref.group(1)
            if what.lower() in (b"#38", b"#x26") or not (what in _SAFE_IN_ENTITY or what.startswith(b"#")):
                raise Reply(400, f"the RDF/XML body's entity {name.decode(errors='replace')!r} refers to another "
                            "entity; nested entities are not accepted (they can expand without bound)")
        added += body.count(b"&" + name + b";") * len(value)
        if added > limit:
            raise Reply(413, f"the RDF/XML body's entities expand it by more than {limit} bytes")
    return added
