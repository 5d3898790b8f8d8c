"""``GET /metrics``: what ``kg serve`` has done, in Prometheus' text format (version 0.0.4), for
the monitoring an operator already runs (Prometheus, Grafana Agent, VictoriaMetrics...).

:class:`Metrics` is an ASGI middleware counting every response by route and status, with a
histogram of the seconds each took (to its last byte: a streamed graph counts whole). The pool's
own counters (queries stopped at the timeout or as one long query too many, long queries
running) and the store's triples per graph (the counts ``/health`` keeps) are read when scraped.
Routes are the endpoint's own paths, anything else ``other``: a label per URL a client invents
would grow without bound."""

from __future__ import annotations

import bisect
import time
from typing import Any, Awaitable, Callable, MutableMapping

__all__ = ["BUCKETS", "Metrics", "exposition"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
App = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
ROUTES = ("/", "/sparql", "/query", "/update", "/store", "/health", "/metrics")


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
"""Methods counted by name; any other is counted as ``other`` (one label per made-up method
grew /metrics without bound: 3,000 series from 3,000 requests)."""


class Metrics:
    """The middleware and its counts (one process: the server's event loop updates them)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.responses: dict[tuple[str, str, int], int] = {}  # (route, method, status) -> count
        self.histograms: dict[str, list[int]] = {}  # route -> counts per bucket (+Inf last)
        self.sums: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = scope["path"] if scope["path"] in ROUTES else "other"
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "other"  # any word is a method to h11
            self.observe(route, method, status, time.perf_counter() - started)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        key = (route, method, status)
        self.responses[key] = self.responses.get(key, 0) + 1
        counts = self.histograms.setdefault(route, [0] * (len(BUCKETS) + 1))
        counts[bisect.bisect_left(BUCKETS, seconds)] += 1
        self.sums[route] = self.sums.get(route, 0.0) + seconds


def exposition(metrics: Metrics, gauges: dict[str, tuple[str, str, dict[str, float] | float | None]]) -> str:
    """The text a scrape gets: the responses, their durations, and ``gauges`` (name -> (type,
    help, a value or values by a label written ``label=value`` in the key))."""
    lines = [
        "# HELP kg_responses_total Responses sent, by route, method and status.",
        "# TYPE kg_responses_total counter",
    ]
    for (route, method, status), n in sorted(metrics.responses.items()):
        lines.append(f'kg_responses_total{{route="{route}",method="{method}",status="{status}"}} {n}')
    lines += [
        "# HELP kg_response_seconds Seconds from a request to the last byte of its response, by route.",
        "# TYPE kg_response_seconds histogram",
    ]
    for route, counts in sorted(metrics.histograms.items()):
        running = 0
        for bound, n in zip((*BUCKETS, float("inf")), counts):
            running += n
            le = "+Inf" if bound == float("inf") else repr(bound)
            lines.append(f'kg_response_seconds_bucket{{route="{route}",le="{le}"}} {running}')
        lines.append(f'kg_response_seconds_sum{{route="{route}"}} {metrics.sums[route]:.6f}')
        lines.append(f'kg_response_seconds_count{{route="{route}"}} {running}')
    for name, (kind, text, value) in gauges.items():
        if value is None:
            continue
        lines += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]
        if isinstance(value, dict):
            for labels, v in sorted(value.items()):
                key, _, val = labels.partition("=")
                lines.append(f'{name}{{{key}="{_escape(val)}"}} {v:g}')
        else:
            lines.append(f"{name} {value:g}")
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
