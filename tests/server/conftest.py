"""Fixtures: a real ``kg serve`` process on a free loopback port, over a small store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import pytest

KG = [sys.executable, "-m", "kg"]
TOKEN = "s3cret-token-for-tests"
N_ITEMS = 300  # items in the generated part of the store (a value and a label each)


def sample_size() -> int:
    from rdflib import Graph

    from tests.conftest import SAMPLE_TTL

    return len(Graph().parse(data=SAMPLE_TTL, format="turtle"))


EXPECTED_ACCEPTED = sample_size() + 2 * N_ITEMS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    store: Path
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(store: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    port = free_port()
    handle = open(log, "wb")
    proc = subprocess.Popen(
        [*KG, "serve", "--store", str(store), "--port", str(port), *args],
        stdout=handle,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited with {proc.returncode}: {log.read_text()}")
        try:
            if httpx.get(url + "/health", timeout=5).status_code == 200:
                return Server(url, proc, store, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"kg serve did not start within 60 s: {log.read_text()}")


def make_store(path: Path, sample_ttl_text: str) -> Path:
    """The conftest sample (geography) plus N_ITEMS generated items, loaded with `kg load`."""
    ttl = path.parent / "data.ttl"
    lines = [sample_ttl_text, "@prefix ex: <http://example.org/> ."]
    lines += [f'ex:item{i} ex:value {i} ; rdfs:label "item {i}" .' for i in range(N_ITEMS)]
    ttl.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run([*KG, "init", str(path)], check=True, capture_output=True)
    subprocess.run([*KG, "load", str(ttl), "--store", str(path), "-q"], check=True, capture_output=True)
    return path


@pytest.fixture(scope="package")
def sample_text() -> str:
    from tests.conftest import SAMPLE_TTL

    return SAMPLE_TTL


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory, sample_text: str) -> Iterator[Server]:
    """A read-only server: timeout 3 s, row cap 100, 2 workers."""
    root = tmp_path_factory.mktemp("served")
    store = make_store(root / "store", sample_text)
    srv = start_server(store, root / "serve.log", "--timeout", "3", "--row-cap", "100", "--workers", "2")
    yield srv
    srv.stop()


@pytest.fixture(scope="package")
def writable_server(tmp_path_factory: pytest.TempPathFactory, sample_text: str) -> Iterator[Server]:
    """A server with --allow-update and a token (from KG_SERVE_TOKEN)."""
    root = tmp_path_factory.mktemp("served-rw")
    store = make_store(root / "store", sample_text)
    srv = start_server(
        store, root / "serve.log", "--allow-update", "--timeout", "3", env={"KG_SERVE_TOKEN": TOKEN}
    )
    yield srv
    srv.stop()
