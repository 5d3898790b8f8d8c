"""Benchmark: ``kg serve`` under 32 concurrent clients, against the Python API.

    python bench/serve.py                       # 32 clients, 30 s, ~100k triples
    python bench/serve.py --seconds 10 --clients 8 --workers 2

Builds a synthetic store of about 100k triples (people who know each other and live in cities
of countries), starts ``kg serve`` on a free loopback port as a real process, and runs
``--clients`` concurrent HTTP clients (httpx, asyncio) for ``--seconds``, each sending a random
query of the mix below and reading the whole response:

* ``type-count``: ``SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c``
* ``two-hop-filter``: friends of friends of one person, older than 40
* ``lookup``: every triple of one subject
* ``optional``: people of one city with their e-mail when they have one (OPTIONAL)
* ``path-limit``: ``?x ex:knows/ex:livesIn/ex:inCountry <country>`` with ``LIMIT 20`` (a
  transitive ``ex:knows+`` is not in the mix: Oxigraph computes the whole closure before the
  LIMIT, ~0.2 s a query here, which measures the path, not the server)

Prints requests/s, p50 and p99 latency and errors (target: zero errors), per query and in
all; then runs the same mix again while one more client keeps a pathological query running
(``--pathological``, a three-way cross product: it runs until the server's timeout) and prints
the cheap queries' p99 both ways (target: within 2x; issue #18); then the same mix through
:class:`kg.api.KnowledgeGraph` (one thread, in this process, rows read into Python) for the
same time, and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from kg.api import KnowledgeGraph  # noqa: E402

EX = "http://example.org/bench/"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def node(kind: str, i: int) -> ox.NamedNode:
    return ox.NamedNode(f"{EX}{kind}/{i}")


def p(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def build_store(path: Path, people: int, seed: int = 7) -> int:
    """About 7 triples per person: ``people=14_000`` gives ~100k triples."""
    rng = random.Random(seed)
    cities, countries = max(people // 7, 10), max(people // 140, 3)
    triples: list[tuple] = []
    for c in range(countries):
        triples += [(node("country", c), TYPE, p("Country")), (node("country", c), LABEL, ox.Literal(f"Country {c}"))]
    for c in range(cities):
        city = node("city", c)
        triples += [
            (city, TYPE, p("City")),
            (city, LABEL, ox.Literal(f"City {c}")),
            (city, p("inCountry"), node("country", rng.randrange(countries))),
            (city, p("population"), ox.Literal(str(rng.randrange(1000, 5_000_000)), datatype=INT)),
        ]
    for i in range(people):
        person = node("person", i)
        triples += [
            (person, TYPE, p("Person")),
            (person, LABEL, ox.Literal(f"Person {i}")),
            (person, p("age"), ox.Literal(str(rng.randrange(18, 90)), datatype=INT)),
            (person, p("livesIn"), node("city", rng.randrange(cities))),
            (person, p("knows"), node("person", rng.randrange(people))),
            (person, p("knows"), node("person", rng.randrange(people))),
        ]
        if i % 2:
            triples.append((person, p("email"), ox.Literal(f"person{i}@example.org")))
    with KnowledgeGraph.create(path) as kg:
        kg.add(triples, source=None)
    return len(triples)


def query_mix(people: int) -> dict[str, Callable[[random.Random], str]]:
    cities, countries = max(people // 7, 10), max(people // 140, 3)
    return {
        "type-count": lambda r: "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
        "two-hop-filter": lambda r: (
            f"SELECT ?f ?ff ?a WHERE {{ {node('person', r.randrange(people))} <{EX}knows> ?f . "
            f"?f <{EX}knows> ?ff . ?ff <{EX}age> ?a FILTER(?a > 40) }}"
        ),
        "lookup": lambda r: f"SELECT ?p ?o WHERE {{ {node('person', r.randrange(people))} ?p ?o }}",
        "optional": lambda r: (
            f"SELECT ?x ?l ?e WHERE {{ ?x <{EX}livesIn> {node('city', r.randrange(cities))} ; "
            f"rdfs:label ?l OPTIONAL {{ ?x <{EX}email> ?e }} }}"
        ),
        "path-limit": lambda r: (
            f"SELECT ?x WHERE {{ ?x <{EX}knows>/<{EX}livesIn>/<{EX}inCountry> "
            f"{node('country', r.randrange(countries))} }} LIMIT 20"
        ),
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def report(title: str, latencies: dict[str, list[float]], errors: dict[str, int], seconds: float) -> float:
    print(f"\n{title}")
    print(f"  {'query':<16}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    every: list[float] = []
    for name in latencies:
        lat = latencies[name]
        every += lat
        print(
            f"  {name:<16}{len(lat):>10}{len(lat) / seconds:>10.1f}{percentile(lat, .5) * 1e3:>10.1f}"
            f"{percentile(lat, .99) * 1e3:>10.1f}{errors.get(name, 0):>8}"
        )
    rate = len(every) / seconds
    print(
        f"  {'all':<16}{len(every):>10}{rate:>10.1f}{percentile(every, .5) * 1e3:>10.1f}"
        f"{percentile(every, .99) * 1e3:>10.1f}{sum(errors.values()):>8}"
    )
    return rate


class RawClient:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator shares the
    machine with the server, so it should cost as little CPU as possible (httpx costs ~3 ms of
    CPU a request here, more than the server; ``--client httpx`` uses it anyway)."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port, self.path = host, port, path
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        data = body.encode()
        self.writer.write(
            f"POST {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n".encode() + data
        )
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(int(l.split(":", 1)[1]) for l in lines if l.lower().startswith("content-length:"))
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def http_load(url: str, mix: dict[str, Callable[[random.Random], str]], clients: int, seconds: float, client_kind: str = "raw"):
    from urllib.parse import urlsplit

    latencies: dict[str, list[float]] = {name: [] for name in mix}
    errors: dict[str, int] = {name: 0 for name in mix}
    samples: list[str] = []
    deadline = time.perf_counter() + seconds
    parts = urlsplit(url)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as shared:

        async def one_client(k: int) -> None:
            rng = random.Random(1000 + k)
            names = list(mix)
            raw = RawClient(parts.hostname or "127.0.0.1", parts.port or 80, parts.path)
            try:
                while time.perf_counter() < deadline:
                    name = rng.choice(names)
                    query = mix[name](rng)
                    started = time.perf_counter()
                    try:
                        if client_kind == "httpx":
                            r = await shared.post(url, content=query, headers={
                                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
                            status, body = r.status_code, r.content
                        else:
                            status, body = await raw.post(query)
                        json.loads(body)
                        ok = status == 200
                        if not ok and len(samples) < 5:
                            samples.append(f"{name}: {status} {body[:200]!r}")
                    except Exception as exc:  # noqa: BLE001 - counted as an error
                        ok = False
                        await raw.close()
                        raw = RawClient(parts.hostname or "127.0.0.1", parts.port or 80, parts.path)
                        if len(samples) < 5:
                            samples.append(f"{name}: {type(exc).__name__}: {exc}")
                    if ok:
                        latencies[name].append(time.perf_counter() - started)
                    else:
                        errors[name] += 1
            finally:
                await raw.close()

        started = time.perf_counter()
        await asyncio.gather(*(one_client(k) for k in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed, samples


PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Hog:
    """One client sending a pathological query again and again (each runs until the server
    stops it at its timeout), in a thread of its own."""

    def __init__(self, url: str, query: str) -> None:
        self.url, self.query = url, query
        self.statuses: list[int] = []
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=120) as client:
            while not self.stopping:
                try:
                    r = client.post(self.url, content=self.query, headers={"Content-Type": "application/sparql-query"})
                    self.statuses.append(r.status_code)
                except httpx.HTTPError:
                    self.statuses.append(0)
                    time.sleep(0.5)

    def __enter__(self) -> "Hog":
        self.thread.start()
        time.sleep(1.0)  # it is running (and counted long) before the measured clients start
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping = True
        self.answered = list(self.statuses)  # before the server stops: later answers are its shutdown


def api_load(store: Path, mix: dict[str, Callable[[random.Random], str]], seconds: float):
    latencies: dict[str, list[float]] = {name: [] for name in mix}
    errors: dict[str, int] = {name: 0 for name in mix}
    rng = random.Random(99)
    names = list(mix)
    with KnowledgeGraph.open(store) as kg:
        started = time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            name = rng.choice(names)
            t0 = time.perf_counter()
            try:
                list(kg.query(mix[name](rng)))
                latencies[name].append(time.perf_counter() - t0)
            except Exception:  # noqa: BLE001
                errors[name] += 1
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def _cpu_meter(pid: int) -> Callable[[], tuple[float | None, float]]:
    """CPU seconds used from now by the server (and its workers) and by this process."""
    import resource

    def own() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    try:
        import psutil
    except ImportError:
        start = own()
        return lambda: (None, own() - start)
    server = psutil.Process(pid)
    procs = [server] + server.children(recursive=True)

    def total() -> float:
        out = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                out += t.user + t.system
            except psutil.Error:
                pass
        return out

    s0, c0 = total(), own()
    return lambda: (total() - s0, own() - c0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    ap.add_argument("--people", type=int, default=14_000, help="14,000 people give ~100k triples")
    ap.add_argument("--store", type=Path, help="reuse (or create) the store here")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw", help="HTTP client of the load generator")
    ap.add_argument("--pathological", default=PATHOLOGICAL, help="the query kept running in the second run ('' skips it)")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="kg-bench-serve-")
    store = args.store or Path(tmp.name) / "store"
    if not store.exists():
        t0 = time.perf_counter()
        n = build_store(store, args.people)
        print(f"built {n:,} triples in {time.perf_counter() - t0:.1f} s at {store}")
    mix = query_mix(args.people)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
         "--workers", str(args.workers), "--row-cap", "100000", "--timeout", "30"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"kg serve did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.2)
        print(
            f"kg serve: {args.workers} workers; {args.clients} clients for {args.seconds:g} s "
            f"on {os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f})"
        )
        cpu = _cpu_meter(proc.pid)
        latencies, errors, elapsed, samples = asyncio.run(
            http_load(url + "/sparql", mix, args.clients, args.seconds, args.client)
        )
        server_cpu, client_cpu = cpu()
        hogged = None
        if args.pathological:
            with Hog(url + "/sparql", args.pathological) as hog:
                hogged = asyncio.run(http_load(url + "/sparql", mix, args.clients, args.seconds, args.client))
            health = httpx.get(url + "/health", timeout=30).json()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    http_rate = report(f"HTTP (kg serve, {args.clients} concurrent clients, {args.client} client)", latencies, errors, elapsed)
    done = sum(len(v) for v in latencies.values()) + sum(errors.values())
    if server_cpu is not None and done:
        print(
            f"  CPU: server (main + workers) {server_cpu:.1f} s = {server_cpu / done * 1e3:.2f} ms a request; "
            f"load generator {client_cpu:.1f} s; wall {elapsed:.1f} s on {os.cpu_count()} CPUs "
            f"(load average now {os.getloadavg()[0]:.1f})"
        )
    for s in samples:
        print(f"  error sample: {s}")
    failed = sum(errors.values())
    if hogged is not None:
        h_lat, h_err, h_elapsed, h_samples = hogged
        report("HTTP, the same while one client keeps a pathological query running", h_lat, h_err, h_elapsed)
        for s in h_samples:
            print(f"  error sample: {s}")
        alone = percentile([x for v in latencies.values() for x in v], 0.99)
        beside = percentile([x for v in h_lat.values() for x in v], 0.99)
        print(
            f"  the pathological query: {len(hog.answered)} answered during the run "
            f"{sorted(set(hog.answered))} (503: stopped at the server's 30 s timeout), one running at the end; "
            f"server: {health.get('long_queries_running')} long query running, "
            f"{health.get('workers_killed_at_timeout')} killed at the timeout"
        )
        print(
            f"\ncheap-query p99: {alone * 1e3:.1f} ms alone, {beside * 1e3:.1f} ms beside a pathological query "
            f"(x{beside / alone:.2f}; target <= 2)"
        )
        failed += sum(h_err.values())

    api_lat, api_err, api_elapsed = api_load(store, mix, args.seconds)
    api_rate = report("Python API (KnowledgeGraph.query, one thread, same process)", api_lat, api_err, api_elapsed)
    print(f"\nratio HTTP / Python API throughput: {http_rate / api_rate:.2f}")
    tmp.cleanup()
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
