"""``/health`` answers from counts it keeps: orchestrators call it every few seconds, and
counting reads the whole store (2 s for 6M quads, measured), so each probe was a long query
that took a worker out, and a store too big to count within the timeout was "unavailable"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from kg.server.app import create_app
from kg.server.config import ServeConfig


class CountingPool:
    """The worker pool's interface, answering at once and recording what it was asked."""

    killed = long_running = crowded = memory_stopped = 0
    sandboxed = True

    def __init__(self, counts: dict[str, int] | None) -> None:
        self.counts, self.asked = counts, []

    def start(self) -> None: ...

    def close(self) -> None: ...

    def store_gone(self) -> None:
        return None

    def run(self, req: dict[str, Any], timeout: float | None = None) -> tuple:
        self.asked.append(req["op"])
        if req["op"] == "counts":
            if self.counts is None:
                return ("error", 503, "query stopped: it ran past the 10 s timeout of this endpoint")
            return ("ok", 200, "application/json", json.dumps(self.counts).encode(), {})
        if req["op"] == "check":
            return ("ok", 200, "text/plain", b"", {})
        return ("ok", 200, "application/sparql-results+json", b'{"head":{},"boolean":true}', {})

    def update(self, text: str) -> tuple:
        self.counts = {k: v + 1 for k, v in (self.counts or {}).items()}
        return ("ok", 204, "text/plain", b"", {})


def _client(tmp_path: Path, pool: CountingPool) -> TestClient:
    config = ServeConfig(store=tmp_path, allow_update=True, token="t")
    return TestClient(create_app(config, pool=pool), base_url="http://127.0.0.1")  # type: ignore[arg-type]


def test_health_counts_once_and_again_after_a_write(tmp_path: Path) -> None:
    pool = CountingPool({"accepted": 5, "provenance": 25})
    with _client(tmp_path, pool) as client:
        for _ in range(5):
            body = client.get("/health").json()
            assert body["status"] == "ok" and body["total"] == 30
        assert pool.asked.count("counts") == 1
        assert client.post("/update", content="INSERT DATA { <a:b> <a:c> <a:d> }", headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer t"}).status_code == 204
        assert client.get("/health").json()["total"] == 32  # counted again: the write changed them
        assert pool.asked.count("counts") == 2


def test_a_store_too_big_to_count_is_still_healthy(tmp_path: Path) -> None:
    pool = CountingPool(None)
    with _client(tmp_path, pool) as client:
        for _ in range(3):
            r = client.get("/health")
            assert r.status_code == 200 and r.json()["status"] == "ok"
            assert r.json()["triples"] is None and "timeout" in r.json()["error"]
        assert pool.asked.count("counts") == 1  # not a count killed by the timeout every probe


def test_a_store_removed_or_replaced_while_served_is_said_not_served_stale(tmp_path, sample_text):
    """`rm -rf STORE` (or moving a backup where it was) while kg serve ran: the server went on
    answering from the deleted files and /health said ok."""
    import shutil

    import httpx

    from tests.server.conftest import make_store, start_server

    store = make_store(tmp_path / "store", sample_text)
    srv = start_server(store, tmp_path / "serve.log")
    try:
        assert httpx.get(srv.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code == 200
        shutil.copytree(store, tmp_path / "copy")
        shutil.rmtree(store)
        shutil.move(str(tmp_path / "copy"), str(store))  # a backup put where the store was
        r = httpx.get(srv.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert r.status_code == 503 and "restart kg serve" in r.text
        health = httpx.get(srv.url + "/health", timeout=10)
        assert health.status_code == 503 and "another store was put" in health.json()["error"]
    finally:
        srv.stop()
