"""Stopping `kg serve` stops its queries: a query still running when the server stopped kept
its worker process alive, reading the store after the server's lock was gone, and burning a core
until its end; SIGTERM answered its client with a 500 after the 5 s graceful wait and a
traceback in the log."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import TOKEN, make_store, start_server

FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (by /proc parent links)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            os.kill(pid, 0)
            out.add(pid)
        except ProcessLookupError:
            pass
    return out


def until_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive(pids)


FOREVER_UPDATE = (
    "INSERT { GRAPH <http://example.org/g> { ?a <http://example.org/x> ?c } } "
    'WHERE { GRAPH ?x { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "x")) } }'
)


@pytest.fixture(params=["query"])
def busy_server(request: pytest.FixtureRequest, tmp_path: Path, sample_text: str):
    """A server running a query that does not end (with ``update``: a writable server running
    an update that does not end)."""
    store = make_store(tmp_path / "store", sample_text)
    update = request.param == "update"
    writable = ("--allow-update",) if update else ()
    srv = start_server(store, tmp_path / "serve.log", "--timeout", "120", *writable, env={"KG_SERVE_TOKEN": TOKEN})
    answer: dict[str, object] = {}

    def ask() -> None:
        try:
            if update:
                r = httpx.post(srv.url + "/update", content=FOREVER_UPDATE, timeout=60, headers={
                    "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
            else:
                r = httpx.post(srv.sparql, data={"query": FOREVER}, timeout=60)
            answer["status"], answer["text"] = r.status_code, r.text
        except httpx.HTTPError as exc:
            answer["error"] = exc

    thread = threading.Thread(target=ask)
    thread.start()
    time.sleep(1.5)  # the query is running
    workers = descendants(srv.process.pid)
    assert workers
    yield srv, thread, answer, workers
    srv.stop()
    for pid in alive(workers):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_sigterm_stops_the_running_query_with_a_503(busy_server):
    srv, thread, answer, workers = busy_server
    srv.process.send_signal(signal.SIGTERM)
    srv.process.wait(30)
    thread.join(30)
    # the pool closed on the signal: a 503 at once (before, a 500 after the 5 s graceful wait)
    assert answer.get("status") == 503 and "shutting down" in str(answer.get("text"))
    assert until_gone(workers, 5) == set()
    assert "Traceback" not in srv.log.read_text()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("busy_server", ["query", "update"], indirect=True)
def test_a_worker_the_stop_killed_before_the_server_heard_of_it_is_the_stop(busy_server):
    """systemd's stop (and `timeout`'s) sends SIGTERM to every process of the service: a worker
    (or the fork server) dead before the server's handler closed the pool answered a remote
    `kg ingest` with "500 the query worker died (no signal) ... replaced" or "the update worker
    died", not the documented 503."""
    srv, thread, answer, workers = busy_server
    for pid in workers:  # the stop reaches the workers first
        os.kill(pid, signal.SIGTERM)
    time.sleep(0.3)
    srv.process.send_signal(signal.SIGTERM)
    srv.process.wait(30)
    thread.join(30)
    assert answer.get("status") == 503 and "shutting down" in str(answer.get("text")), answer
    assert "Traceback" not in srv.log.read_text()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_server_leaves_no_worker_behind(busy_server):
    srv, thread, answer, workers = busy_server
    srv.process.kill()
    srv.process.wait(10)
    assert until_gone(workers, 10) == set()  # each worker notices within a second or two
    thread.join(30)
