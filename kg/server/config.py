"""What ``kg serve`` is told: :class:`ServeConfig`, checked when it is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from kg.errors import ConfigError
from kg.server.cors import CorsPolicy

__all__ = ["ServeConfig", "MAX_SECONDS"]

MAX_SECONDS = 86_400.0
"""Longest ``--timeout`` (and ``--long-after``): a day. Past about 9e9 s the waits on a worker
overflow (``--timeout 1e300`` started, then answered every request 500); inf and nan did too."""


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
    max_response_mb: int = 64
    """Most megabytes of terms in one SELECT/CONSTRUCT answer: past it the answer is cut as at
    the row cap (``X-KG-Truncated``, ``X-KG-Size-Cap``); 0: no cap. (10,000 rows of 64 KB
    strings made a 657 MB answer, 2.1 GB in the server process.)"""
    max_query_memory_mb: int = 2048
    """Resident memory (MB) past which a query's worker is stopped (a 503); 0: no cap."""
    allow_update: bool = False
    token: str | None = None
    allow_service: bool = False
    allow_load: bool = False
    max_body_bytes: int = 64 * 1024 * 1024
    max_query_chars: int = 1024 * 1024
    """Longest query text (an update's may be up to ``max_body_bytes``)."""
    max_client_queries: int | None = None
    """Most queries of one client (its address) waiting for or on the regular workers at once
    (default: ``workers``; 0: no limit); a query that turns long gives its turn back. Its other
    queries wait their turn apart, never in the workers' queue ahead of other clients' (one
    client's 64 heavy queries at a time made every other client's ``ASK`` wait 6 s for a 503;
    now ~0.7 s, and ~0 with 1 on two workers). A client with more than ``MAX_CLIENT_WAITING``
    waiting gets a 429. Behind a proxy on this machine, uvicorn takes the address from
    ``X-Forwarded-For``."""
    long_after: float = 0.5
    """Seconds after which a running query counts as long: deprioritised, its worker replaced."""
    max_long: int | None = None
    """Most long queries running at once (default: ``workers``)."""
    cors: CorsPolicy = CorsPolicy()
    """Which other origins' pages may query (and, if it says so, write): off by default."""
    backup_dir: Path | None = None
    """Where ``POST /backup`` (with the token) writes copies of the store; None: backups off."""
    allowed_hosts: tuple[str, ...] = ()
    """Names the ``Host`` header may give besides the loopback ones (a proxy's, a DNS name): on
    a loopback address only those, so a page whose DNS name turns into 127.0.0.1 (DNS
    rebinding) cannot read the store; on another address, with none given, any."""
    prefixes: Mapping[str, str] = field(default_factory=dict)
    """The store's domains' own prefixes (``fd:``), usable undeclared beside the project's."""

    def host_allowed(self, host: str) -> bool:
        """Whether a request's ``Host`` header (its port left out) names this server; a request
        without one (HTTP/1.0) is let through."""
        name = _host_name(host)
        allowed = {h.lower() for h in self.allowed_hosts}
        if not name:
            return True
        if self.host in ("localhost", "::1") or self.host.startswith("127."):
            return name in allowed | {"127.0.0.1", "localhost", "::1", self.host}
        return not allowed or name in allowed | {self.host}

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise ConfigError(
                "--allow-update needs a bearer token: pass --token or set KG_SERVE_TOKEN"
            )
        if self.backup_dir is not None and not self.token:  # else every POST /backup is refused
            raise ConfigError("--backup-dir ([server] backup_dir) needs a bearer token for POST /backup: set KG_SERVE_TOKEN")
        if not self.host.strip():
            raise ConfigError(f"--host must name an address to bind (127.0.0.1, 0.0.0.0, ::1, a host name), not {self.host!r}")
        if not 1 <= self.port <= 65535:
            raise ConfigError(f"--port must be 1 to 65535, not {self.port}")
        if self.workers < 1:
            raise ConfigError(f"--workers must be at least 1, not {self.workers}")
        if not 0 < self.timeout <= MAX_SECONDS:  # nan fails it too
            raise ConfigError(f"--timeout must be a positive number of seconds up to {MAX_SECONDS:g} (a day), not {self.timeout}")
        if self.max_response_mb < 0:
            raise ConfigError(f"--max-response-mb must be 0 (no cap) or more, not {self.max_response_mb}")
        if self.max_query_memory_mb < 0:
            raise ConfigError(f"--max-query-memory must be 0 (no cap) or more, not {self.max_query_memory_mb}")
        if self.max_client_queries is not None and self.max_client_queries < 0:
            raise ConfigError(f"--max-client-queries must be 0 (no cap) or more, not {self.max_client_queries}")
        if self.row_cap < 1:
            raise ConfigError(f"--row-cap must be at least 1, not {self.row_cap}")
        if not 0 < self.long_after <= MAX_SECONDS:
            raise ConfigError(f"--long-after must be a positive number of seconds up to {MAX_SECONDS:g} (a day), not {self.long_after}")
        if self.max_long is not None and self.max_long < 0:
            raise ConfigError(f"--max-long must be at least 0, not {self.max_long}")



def _host_name(header: str) -> str:
    """``example.org:7878`` as ``example.org``, ``[::1]:7878`` as ``::1``, lower-cased."""
    name = header.strip().lower()
    if name.startswith("["):
        return name[1 : name.index("]")] if "]" in name else name
    return name.split(":", 1)[0] if name.count(":") == 1 else name
