"""``kg serve``: the SPARQL endpoint and query page (see kg/server/, docs/serving.md)."""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import err_console
from kg.errors import ConfigError


MIN_TOKEN_CHARS = 16


def _make_backup_dir(folder: Optional[Path]) -> None:
    """The backup folder made if missing (once the settings are checked); a clear error when it cannot be."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot use {str(folder)!r} as --backup-dir: {exc.strerror or exc}") from None


def serve(
    store: Annotated[Path, typer.Option("--store", "-s", help="Store directory.", envvar="KG_STORE")] = Path("kg-store"),
    host: Annotated[Optional[str], typer.Option(help="Address to bind. Default: \\[server] host of STORE/kg.toml, else 127.0.0.1 (loopback).")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on. Default: \\[server] port, else 7878.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Query worker processes. Default: \\[server] workers, else 2.")] = None,
    timeout: Annotated[Optional[float], typer.Option(help="Seconds a query may run before it is stopped (at most 86400, a day). Default: \\[server] timeout, else 10.")] = None,
    row_cap: Annotated[Optional[int], typer.Option("--row-cap", help="Most rows (or triples) in one response; longer results are truncated and flagged. Default: \\[server] row_cap, else 10000.")] = None,
    max_response_mb: Annotated[Optional[int], typer.Option("--max-response-mb", help="Most MB of terms in one answer; a larger one is cut and flagged, as at --row-cap (0: no cap). Default: \\[server] max_response_mb, else 64.")] = None,
    max_query_memory: Annotated[Optional[int], typer.Option("--max-query-memory", help="MB of memory a query's worker may take; past it the query is stopped with 503 (0: no cap). Default: \\[server] max_query_memory, else 2048.")] = None,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update and Graph Store writes (needs a token).")] = False,
    token: Annotated[Optional[str], typer.Option(help="Bearer token for updates (or env KG_SERVE_TOKEN).")] = None,
    allow_service: Annotated[bool, typer.Option("--allow-service", help="Allow SERVICE (federated queries: the server sends requests).")] = False,
    allow_load: Annotated[bool, typer.Option("--allow-load", help="Allow LOAD <url> in updates (the server fetches URLs).")] = False,
    max_client_queries: Annotated[Optional[int], typer.Option("--max-client-queries", help="Most queries of one client address given to the workers at once; its others wait their turn, behind no other client's (0: no limit). Default: \\[server] max_client_queries, else --workers.")] = None,
    long_after: Annotated[Optional[float], typer.Option("--long-after", help="Seconds after which a running query counts as long: lowest CPU priority, its worker replaced. Default: \\[server] long_after, else 0.5.")] = None,
    max_long: Annotated[Optional[int], typer.Option("--max-long", help="Most long queries running at once (default: \\[server] max_long, else --workers); one more is stopped with 503.")] = None,
    cors_origin: Annotated[
        Optional[list[str]],
        typer.Option("--cors-origin", help="A web origin (https://host[:port], or *) whose pages may query from a browser; repeatable. Default: \\[server] cors_origins of STORE/kg.toml, else none."),
    ] = None,
    cors_updates: Annotated[bool, typer.Option("--cors-updates", help="Let those origins' pages send updates too (with the token).")] = False,
    allowed_host: Annotated[
        Optional[list[str]],
        typer.Option("--allowed-host", help="A name the Host header may give (a proxy's, a DNS name); repeatable. On a loopback address only 127.0.0.1, localhost and these are answered (DNS rebinding); elsewhere, with none given, any. Default: \\[server] allowed_hosts."),
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "warning",
    backup_dir: Annotated[Optional[Path], typer.Option("--backup-dir", help="Turn on POST /backup (with the token): copies of the store written here while it is served. Default: \\[server] backup_dir, else off.")] = None,
    access_log: Annotated[bool, typer.Option("--access-log", help="Log one line per request (client, method, path with its query string, status) to stderr (or \\[server] access_log = true).")] = False,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol, with a query page at http://HOST:PORT/."""
    from kg.server import ServeConfig, check_store_dir, serve as run_server
    from kg.server.cors import CorsPolicy

    if token and allow_update:
        _tell(
            "[yellow]warning:[/] --token shows the token to every user of this machine (in the process list); "
            "pass it in the environment instead: KG_SERVE_TOKEN=... kg serve --allow-update", highlight=False, soft_wrap=True,
        )
    token = token or os.environ.get("KG_SERVE_TOKEN") or None
    if token and allow_update and len(token) < MIN_TOKEN_CHARS:
        _tell(
            f"[yellow]warning:[/] the update token has {len(token)} characters: one anyone who can reach the port "
            f"could guess; use {MIN_TOKEN_CHARS} or more (openssl rand -hex 16)", highlight=False, soft_wrap=True,
        )
    from kg.config import ServerConfig, find_config, load_config

    # a flag given wins; else the store's kg.toml ([server]), checked by its schema (a bad value
    # there is blamed on the file); else the defaults. A flag's value is checked by ServeConfig
    flags = {"host": host, "port": port, "workers": workers, "timeout": timeout, "row_cap": row_cap,
             "max_query_memory": max_query_memory, "max_response_mb": max_response_mb,
             "max_client_queries": max_client_queries, "long_after": long_after, "max_long": max_long, "backup_dir": str(backup_dir) if backup_dir else None}
    path = find_config(store)
    settings = (load_config(path).server if path is not None else ServerConfig()).model_copy(
        update={k: v for k, v in flags.items() if v is not None}
    )
    if not cors_origin:
        cors_origin, cors_updates = list(settings.cors_origins), cors_updates or settings.cors_updates
    host, port, access_log = settings.host, settings.port, access_log or settings.access_log
    config = ServeConfig(
        store=store,
        host=host,
        port=port,
        workers=settings.workers,
        timeout=settings.timeout,
        row_cap=settings.row_cap,
        max_query_memory_mb=settings.max_query_memory,
        max_response_mb=settings.max_response_mb,
        allow_update=allow_update,
        token=token,
        allow_service=allow_service,
        allow_load=allow_load,
        backup_dir=Path(settings.backup_dir).absolute() if settings.backup_dir else None,
        max_client_queries=settings.max_client_queries,
        long_after=settings.long_after,
        max_long=settings.max_long,
        cors=CorsPolicy.of(cors_origin or [], updates=cors_updates),
        allowed_hosts=tuple(allowed_host or settings.allowed_hosts),
    )
    check_store_dir(store)
    _make_backup_dir(config.backup_dir)
    config = dataclasses.replace(config, prefixes=_domain_prefixes(store))
    if not _is_loopback(host):
        _tell(
            f"[yellow]warning:[/] listening on {host}, reachable from other machines"
            + ("; updates are enabled (token required): over plain HTTP the token crosses the network "
               "in clear text, so put a TLS proxy in front" if allow_update else "")
        )

    def ready(pool: object) -> None:
        mode = "read-write (token required)" if allow_update else "read-only"
        if getattr(pool, "sandboxed", None) is False and not allow_service:
            _tell(
                "[yellow]warning:[/] no network sandbox on this platform (Linux x86-64/arm64 only): "
                "SERVICE and LOAD are refused by the query check alone"
            )
        if config.cors.enabled:
            writes = " (updates too)" if config.cors.updates and allow_update else ""
            _tell(f"cross-origin requests allowed from {', '.join(config.cors.origins)}{writes}", highlight=False)
        _tell(
            f"serving {store} ({mode}) at http://{host}:{port}/  "
            f"SPARQL endpoint http://{host}:{port}/sparql  (Ctrl-C stops)",
            highlight=False,
            soft_wrap=True,
        )

    run_server(config, log_level=log_level, access_log=access_log, ready=ready)


def _tell(text: str, *, highlight: bool | None = None, soft_wrap: bool | None = None) -> None:
    """A line for the operator on stderr. One that cannot be written (``2>/dev/full``: a log
    volume filled up) is lost, and does not stop the server: it exited 1, silently, at its banner."""
    with contextlib.suppress(OSError):
        err_console.print(text, highlight=highlight, soft_wrap=soft_wrap)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app: typer.Typer) -> None:
    app.command()(serve)


def _domain_prefixes(store: Path) -> dict[str, str]:
    """The prefixes of the store's own domains (``fd:``), read before the workers open it."""
    from kg.domains import store_prefixes
    from kg.store import open_store

    with open_store(store) as st:
        return store_prefixes(st)
