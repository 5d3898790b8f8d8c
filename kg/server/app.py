"""The ``kg serve`` application: :func:`create_app` assembles the routes, the worker pool and the
CORS policy; :func:`serve` runs it under uvicorn."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

from kg.errors import ConfigError, NotAStoreError
from kg.server.config import ServeConfig
from kg.server.cors import cors_middleware
from kg.server.metrics import Metrics
from kg.server.pool import StreamCut, WorkerPool, pool_for
from kg.store import locking

__all__ = ["check_store_dir", "create_app", "serve"]


def create_app(config: ServeConfig, *, pool: WorkerPool | None = None):  # -> Starlette
    """The Starlette application of ``kg serve`` (the worker pool starts with the app)."""
    # Starlette is imported here, not with the package: the query workers import the package
    from starlette.applications import Starlette

    from kg.server.routes import Routes

    routes = Routes(config, pool)
    routes.metrics = Metrics(Starlette(routes=routes.table(), lifespan=routes.lifespan))
    return _check_host(_limit_url(cors_middleware(_nosniff(routes.metrics), config.cors)), config)


MAX_URL_BYTES = 256 * 1024
"""The longest request target (path and query string) answered: a longer one is a ``414``. The
HTTP parser is told to buffer that much and :data:`MAX_HEADER_BYTES` more (h11's 16 KiB default
made a GET of a 20 KB query succeed or fail, with a reset, depending on how the bytes arrived)."""

MAX_HEADER_BYTES = 64 * 1024
"""What the request's headers may take beside its target."""


def _limit_url(app: Any) -> Any:
    """A ``414`` for a request target longer than :data:`MAX_URL_BYTES` (a long query is POSTed)."""
    from starlette.responses import PlainTextResponse

    async def checked(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            length = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            if length > MAX_URL_BYTES:
                message = (f"the URL is {length:,} bytes long; this endpoint takes at most {MAX_URL_BYTES:,}: "
                           "POST a long query (application/sparql-query or a form)\n")
                await PlainTextResponse(message, status_code=414)(scope, receive, send)
                return
        await app(scope, receive, send)

    return checked


def _check_host(app: Any, config: ServeConfig) -> Any:
    """A request whose ``Host`` header names another server is a 400 before anything else sees
    it (:meth:`ServeConfig.host_allowed`): on loopback, a DNS-rebinding page read the whole store."""
    from starlette.responses import PlainTextResponse

    async def checked(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not config.host_allowed(host):
                message = (f"the Host header {host!r} does not name this server; behind a proxy or by a DNS name, "
                           "start it with kg serve --allowed-host NAME\n")
                await PlainTextResponse(message, status_code=400)(scope, receive, send)
                return
        await app(scope, receive, send)

    return checked


def _nosniff(app: Any) -> Any:
    """Every response says ``X-Content-Type-Options: nosniff`` (a browser must not read an error
    message that echoes a query, sent as text/plain, as HTML) and ``Referrer-Policy:
    no-referrer`` (a link followed from the page does not carry its query string away)."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-content-type-options", b"nosniff"),
                                       (b"referrer-policy", b"no-referrer"), (b"vary", b"Accept")]
            await send(message)

        await app(scope, receive, with_headers if scope["type"] == "http" else send)

    return wrapped


class _StreamCutFilter(logging.Filter):
    """Drops uvicorn's "Exception in ASGI application" traceback for a graph stream cut on
    purpose (raising is how the transfer is aborted, so the client sees it broken, not short);
    the routes log the cut on one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], StreamCut))


def log_config(level: str) -> dict[str, Any]:
    """Logging for ``kg serve``: one line per record on stderr, each with its time (ISO 8601),
    level and source, for the server's messages (``kg.server``: queries stopped, workers
    replaced), uvicorn's, and the access log (its lines are INFO: shown whatever ``level``).
    Before, lines had no time, and kg's own warnings no level."""
    line = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    stream = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "default": {"format": line, "datefmt": "%Y-%m-%dT%H:%M:%S%z"},
            "access": {
                "()": "uvicorn.logging.AccessFormatter", "use_colors": False, "datefmt": "%Y-%m-%dT%H:%M:%S%z",
                "fmt": '%(asctime)s INFO access: %(client_addr)s "%(request_line)s" %(status_code)s',
            },
        },
        "filters": {"stream_cut": {"()": _StreamCutFilter}},
        "handlers": {
            "default": {**stream, "formatter": "default", "filters": ["stream_cut"]},
            "access": {**stream, "formatter": "access"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "kg": {"handlers": ["default"], "level": "INFO", "propagate": False},
        },
    }


def check_store_dir(path: Path) -> None:
    from kg.store import MARKER

    if not path.is_dir() or not (path / MARKER).is_file() or not (path / "oxigraph").is_dir():
        raise NotAStoreError(f"{str(path)!r} is not a kg store; create one with `kg init DIR`")


def serve(config: ServeConfig, *, log_level: str = "warning", access_log: bool = False, ready: Any = None) -> None:
    """Run the server until interrupted (the ``kg serve`` command)."""
    import uvicorn

    check_store_dir(config.store)
    # bind, take the lock and start the workers before saying "serving": a port in use or a
    # locked store fails at once, in one line
    sock = _listen(config.host, config.port)
    # the lock names the server's URL to whoever it keeps out, from the moment it is taken
    locking.announce(config.store, _local_url(config.host, sock.getsockname()[1]))
    try:
        pool = pool_for(config)
        pool.start()
    except BaseException:
        sock.close()
        raise
    app = create_app(config, pool=pool)
    if ready is not None:
        ready(pool)
    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # stop the queries with the server: their clients get a 503 now, instead of a 500
            # and a traceback in the log after the graceful-shutdown wait
            pool.close()
            super().handle_exit(sig, frame)

    server = Server(uvicorn.Config(
        app, host=config.host, port=config.port, log_level=log_level, access_log=access_log, timeout_graceful_shutdown=5,
        log_config=log_config(log_level), h11_max_incomplete_event_size=MAX_URL_BYTES + MAX_HEADER_BYTES,
    ))
    # uvicorn sets its access logger to --log-level (warning by default): its lines are INFO
    logging.getLogger("uvicorn.access").setLevel(logging.INFO)
    try:
        server.run(sockets=[sock])
    finally:
        pool.close()


def _local_url(host: str, port: int) -> str:
    """The server's URL as a process on this machine reaches it (a wildcard address: loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _listen(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` as uvicorn binds one (IPv6 when the host has a ':'),
    or a one-line :class:`ConfigError` (uvicorn logged the error and exited with status 3)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise ConfigError(f"cannot listen on {host}:{port}: {reason.lower()}; choose another --port or --host") from None
    sock.set_inheritable(True)
    return sock
