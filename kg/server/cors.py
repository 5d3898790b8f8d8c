"""Cross-origin requests (CORS) for ``kg serve``: which web pages elsewhere may use the endpoint.

Off by default: no ``Access-Control-*`` header is sent, so a page served from another origin
(YASGUI and the like) cannot read answers. ``--cors-origin https://yasgui.example`` (repeatable,
or ``[server] cors_origins`` in the store's ``kg.toml``; ``*`` allows any origin) lets those
pages query. Writes stay same-origin unless ``--cors-updates`` (``[server] cors_updates``):

* a preflight (``OPTIONS`` with ``Access-Control-Request-Method``) from an allowed origin is
  answered here (204) with the methods and headers a query needs; for a write (``PUT``,
  ``DELETE``, ``POST`` to ``/update`` or ``/store``) only when cross-origin updates are on; from
  any other origin, or for a refused write, it is a 403 without CORS headers;
* an actual response to an allowed origin carries ``Access-Control-Allow-Origin`` (the origin
  itself) and exposes the truncation headers; every response says ``Vary: Origin``, to any
  origin or none, as the header depends on it;
* a SPARQL Update or Graph Store write whose ``Origin`` is not the server's own is refused (403)
  unless cross-origin updates are on: the endpoint checks :meth:`CorsPolicy.may_write`, since
  ``POST /sparql`` is a query or an update by its body, which a preflight does not show.

Credentials (cookies) are never allowed: updates authenticate with a bearer token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping, MutableMapping
from urllib.parse import urlsplit

from kg.errors import ConfigError

__all__ = ["CorsPolicy", "cors_middleware", "normalize_origin"]

QUERY_METHODS = ("GET", "POST")
WRITE_METHODS = ("PUT", "DELETE")
QUERY_HEADERS = ("accept", "content-type")
EXPOSED = "X-KG-Truncated, X-KG-Row-Cap, X-KG-Size-Cap, Content-Type"
WRITE_PATHS = ("/update", "/store")


def normalize_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, default ports dropped; ``*`` stays ``*``."""
    origin = origin.strip()
    if origin == "*":
        return origin
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise ConfigError(f"not a web origin: {origin!r}; give scheme://host[:port], e.g. https://yasgui.example")
    port = parts.port
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


@dataclass(frozen=True)
class CorsPolicy:
    """The origins allowed to use the endpoint from a browser, and whether they may write."""

    origins: tuple[str, ...] = ()
    updates: bool = False
    max_age: int = 600

    @classmethod
    def of(cls, origins: list[str] | tuple[str, ...] = (), *, updates: bool = False) -> "CorsPolicy":
        return cls(tuple(dict.fromkeys(normalize_origin(o) for o in origins if o.strip())), updates)

    @property
    def enabled(self) -> bool:
        return bool(self.origins)

    def allows(self, origin: str) -> bool:
        if not self.origins:
            return False
        if "*" in self.origins:
            return True
        try:
            return normalize_origin(origin) in self.origins
        except ConfigError:
            return False

    def may_write(self, origin: str | None, own: str) -> bool:
        """Whether a write from a page of ``origin`` may proceed (``own``: this server's origin,
        from the request's scheme and ``Host``). No ``Origin`` header: not a browser's
        cross-origin request."""
        if origin is None:
            return True
        try:
            if normalize_origin(origin) == normalize_origin(own):
                return True
        except ConfigError:
            return False
        return self.updates and self.allows(origin)


# the ASGI types as Starlette spells them (a scope or message is any mutable mapping)
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def _headers(scope: Scope) -> Mapping[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _varying_by_origin(message: MutableMapping[str, Any], extra: tuple[tuple[bytes, bytes], ...] = ()) -> MutableMapping[str, Any]:
    """A response start ``message`` with ``extra`` headers and ``Origin`` added to its ``Vary``
    (one ``Vary`` header: ``Accept, Origin``)."""
    headers = [*message.get("headers", []), *extra]
    vary = [v for k, v in headers if k.lower() == b"vary"]
    names = [n.strip() for v in vary for n in v.split(b",") if n.strip()]
    if b"origin" not in [n.lower() for n in names]:
        names.append(b"Origin")
    headers = [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", b", ".join(names))]
    return {**message, "headers": headers}


def cors_middleware(app: App, policy: CorsPolicy) -> App:
    """Wrap an ASGI app with ``policy`` (the app itself unchanged when CORS is off)."""
    if not policy.enabled:
        return app

    async def respond(send: Send, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
        raw.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = _headers(scope)
        origin = headers.get("origin")

        async def send_varying(message: MutableMapping[str, Any]) -> None:
            # whether an answer carries Access-Control-Allow-Origin depends on Origin: every
            # answer says so, or a shared cache gives one origin's copy to another (Fetch 3.2.5)
            await send(_varying_by_origin(message) if message["type"] == "http.response.start" else message)

        if origin is None:
            await app(scope, receive, send_varying)
            return
        allowed = policy.allows(origin)
        wanted = headers.get("access-control-request-method")
        if scope["method"] == "OPTIONS" and wanted is not None:
            method = wanted.strip().upper()
            write = method in WRITE_METHODS or (method == "POST" and scope["path"] in WRITE_PATHS)
            if not allowed or (write and not policy.updates) or method not in QUERY_METHODS + WRITE_METHODS:
                why = "this origin may not use the endpoint" if not allowed else f"cross-origin {method} writes are off"
                await respond(send, 403, [("Content-Type", "text/plain; charset=utf-8"), ("Vary", "Origin")], (why + "\n").encode())
                return
            asked = [h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",") if h.strip()]
            permitted = QUERY_HEADERS + (("authorization",) if policy.updates else ())
            refused = [h for h in asked if h not in permitted]
            if refused:
                why = f"header(s) not allowed cross-origin: {', '.join(refused)}"
                await respond(send, 403, [("Content-Type", "text/plain; charset=utf-8"), ("Vary", "Origin")], (why + "\n").encode())
                return
            methods = QUERY_METHODS + (WRITE_METHODS if policy.updates else ())
            await respond(
                send,
                204,
                [
                    ("Access-Control-Allow-Origin", origin),
                    ("Access-Control-Allow-Methods", ", ".join(methods)),
                    ("Access-Control-Allow-Headers", ", ".join(permitted)),
                    ("Access-Control-Max-Age", str(policy.max_age)),
                    ("Vary", "Origin"),
                ],
            )
            return
        if not allowed:
            await app(scope, receive, send_varying)
            return

        async def send_with_cors(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = (
                    (b"access-control-allow-origin", origin.encode("latin-1")),
                    (b"access-control-expose-headers", EXPOSED.encode()),
                )
                message = _varying_by_origin(message, extra)
            await send(message)

        await app(scope, receive, send_with_cors)

    return wrapped
