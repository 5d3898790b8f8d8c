"""``kg serve`` refuses unsafe or impossible configurations with one clear line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"}
    return subprocess.run([sys.executable, "-m", "kg", "serve", *args], capture_output=True, text=True,
                          timeout=60, env={**environment, **(env or {})})


def test_allow_update_needs_a_token(tmp_path):
    r = run("--store", str(tmp_path), "--allow-update")
    assert r.returncode != 0
    assert "--allow-update needs a bearer token" in r.stderr
    assert "Traceback" not in r.stderr


def test_not_a_store(tmp_path):
    r = run("--store", str(tmp_path / "nothing"))
    assert r.returncode != 0
    assert "is not a kg store" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_port_in_use_is_one_line_before_serving(tmp_path):
    """It printed "serving ... at http://HOST:PORT/" and then uvicorn's own ERROR line (exit 3)."""
    import socket

    store = tmp_path / "kg"
    subprocess.run([sys.executable, "-m", "kg", "init", str(store)], check=True, capture_output=True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = run("--store", str(store), "--port", str(port))
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0] == f"error: cannot listen on 127.0.0.1:{port}: address already in use; choose another --port or --host"


def test_an_unreachable_service_is_a_502(tmp_path, sample_text):
    """With --allow-service, a SERVICE endpoint nobody listens on is the upstream's failure (502),
    not the server's (it was a 500)."""
    import httpx

    from tests.server.conftest import free_port, make_store, start_server

    store = make_store(tmp_path / "kg", sample_text)
    srv = start_server(store, tmp_path / "serve.log", "--allow-service")
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
        r = httpx.post(srv.url + "/sparql", data={"query": query}, timeout=30)
        assert r.status_code == 502, r.text
        assert "query failed" in r.text and "refused" in r.text.lower()
    finally:
        srv.stop()


def test_access_log_gives_a_line_per_request(tmp_path):
    """An operator had no record of the requests served (uvicorn's access log was always off)."""
    import time

    import httpx

    from tests.server.conftest import start_server

    store = tmp_path / "kg"
    subprocess.run([sys.executable, "-m", "kg", "init", str(store)], check=True, capture_output=True)
    srv = start_server(store, tmp_path / "serve.log", "--access-log")
    try:
        httpx.get(srv.sparql, params={"query": "ASK { ?s ?p ?o }"})
        time.sleep(0.5)
    finally:
        srv.stop()
    log = (tmp_path / "serve.log").read_text()
    assert '"GET /sparql?query=ASK+%7B+%3Fs+%3Fp+%3Fo+%7D HTTP/1.1" 200' in log
    # each line with its time: a log redirected to a file had none
    import re

    line = next(ln for ln in log.splitlines() if "GET /sparql" in ln)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO access: 127\.0\.0\.1:\d+ ", line), line


def test_a_token_on_the_command_line_or_a_short_one_is_warned_about(tmp_path):
    """kg serve took --token x without a word: a token in the process list, and one a client
    could guess."""
    from tests.server.conftest import start_server

    store = tmp_path / "kg"
    subprocess.run([sys.executable, "-m", "kg", "init", str(store)], check=True, capture_output=True)
    srv = start_server(store, tmp_path / "serve.log", "--allow-update", "--token", "abc")
    srv.stop()
    log = " ".join((tmp_path / "serve.log").read_text().split())
    assert "--token shows the token to every user of this machine" in log
    assert "the update token has 3 characters" in log
    srv = start_server(store, tmp_path / "quiet.log", "--allow-update", env={"KG_SERVE_TOKEN": "a-long-enough-token-0123"})
    srv.stop()
    assert "warning" not in (tmp_path / "quiet.log").read_text()


def test_the_stores_kg_toml_sets_the_server_and_flags_win(tmp_path):
    """[server] held only the CORS settings: an operator's row cap, timeout, workers, port or
    access log could only be flags (a service unit's command line)."""
    import httpx

    from tests.server.conftest import start_server

    store = tmp_path / "kg"
    subprocess.run([sys.executable, "-m", "kg", "init", str(store)], check=True, capture_output=True)
    (store / "kg.toml").write_text("[server]\nrow_cap = 3\nworkers = 1\naccess_log = true\n", encoding="utf-8")
    data = tmp_path / "d.nt"
    data.write_text("".join(f"<urn:x:{i}> <urn:x:p> \"{i}\" .\n" for i in range(5)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "load", str(data), "--store", str(store), "-q"], check=True, capture_output=True)
    query = {"query": "SELECT ?s WHERE { ?s <urn:x:p> ?o }"}
    for flags, cap in (((), 3), (("--row-cap", "4"), 4)):
        srv = start_server(store, tmp_path / "serve.log", *flags)
        try:
            r = httpx.get(srv.sparql, params=query)
            health = httpx.get(srv.url + "/health").json()
        finally:
            srv.stop()
        assert len(r.json()["results"]["bindings"]) == cap and r.headers["x-kg-row-cap"] == str(cap)
        assert health["workers"] == 1
        assert '"GET /sparql?query=' in (tmp_path / "serve.log").read_text()  # the access log


def test_a_served_store_is_backed_up_without_stopping_it(tmp_path):
    """kg backup needs the store's lock, so a served store had to be stopped for it."""
    import httpx

    from tests.server.conftest import start_server

    store = tmp_path / "kg"
    subprocess.run([sys.executable, "-m", "kg", "init", str(store)], check=True, capture_output=True)
    data = tmp_path / "d.nt"
    data.write_text("".join(f"<urn:x:{i}> <urn:x:p> \"{i}\" .\n" for i in range(50)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "load", str(data), "--store", str(store), "-q"], check=True, capture_output=True)
    token = "a-long-enough-token-0123"
    srv = start_server(store, tmp_path / "serve.log", "--backup-dir", str(tmp_path / "backups"), env={"KG_SERVE_TOKEN": token})
    try:
        assert httpx.post(srv.url + "/backup").status_code == 401
        r = httpx.post(srv.url + "/backup", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201, r.text
        assert httpx.get(srv.sparql, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]  # still serving
    finally:
        srv.stop()
    copy = Path(r.json()["path"])
    assert copy.parent == tmp_path / "backups"
    stats = subprocess.run([sys.executable, "-m", "kg", "stats", "--store", str(copy), "--format", "json"],
                           capture_output=True, text=True, check=True)
    assert json.loads(stats.stdout)["graphs"]["accepted"] == 50
    off = start_server(store, tmp_path / "off.log", env={"KG_SERVE_TOKEN": token})
    try:  # not asked for: off
        r = httpx.post(off.url + "/backup", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 404 and "--backup-dir" in r.text
    finally:
        off.stop()


def test_backups_on_a_server_without_a_token_are_refused_at_start(tmp_path, capsys, monkeypatch):
    """`kg serve --backup-dir DIR` without KG_SERVE_TOKEN started and then refused every POST
    /backup (403 "it has none"): the operator learnt only from a client's failure that backups
    were never possible. "Authorization: Bearer" (an empty token) never matched, and nothing can
    match now: the server does not start."""
    import kg.server

    from tests.conftest import kg_exit_code

    monkeypatch.setattr(kg.server, "serve", _never_served)
    monkeypatch.delenv("KG_SERVE_TOKEN", raising=False)
    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store)) == 0
    capsys.readouterr()
    assert kg_exit_code("serve", "--store", str(store), "--backup-dir", str(tmp_path / "backups")) == 2
    assert capsys.readouterr().err == "error: --backup-dir ([server] backup_dir) needs a bearer token for POST /backup: set KG_SERVE_TOKEN\n"
    (store / "kg.toml").write_text("[server]\nbackup_dir = 'backups'\n", encoding="utf-8")
    assert kg_exit_code("serve", "--store", str(store)) == 2
    assert not (tmp_path / "backups").exists() and not (store / "backups").exists()


def _never_served(*args: object, **kwargs: object) -> None:
    raise AssertionError("kg serve started serving")


def test_a_timeout_of_inf_or_nan_is_refused_at_start(tmp_path, capsys, monkeypatch):
    """`kg serve --timeout inf` (or nan, or 1e300, or --long-after inf, or `timeout = inf` in
    [server]) started, then answered every request 500 (OverflowError); --timeout 0 exited 1, not
    as a usage error."""
    import kg.server

    from tests.conftest import kg_exit_code

    monkeypatch.setattr(kg.server, "serve", _never_served)
    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store)) == 0
    for flags in (("--timeout", "inf"), ("--timeout", "nan"), ("--long-after", "inf"), ("--timeout", "0"), ("--timeout", "1e300")):
        capsys.readouterr()
        assert kg_exit_code("serve", "--store", str(store), *flags) == 2, flags
        assert capsys.readouterr().err == (
            f"error: {flags[0]} must be a positive number of seconds up to 86400 (a day), not {float(flags[1])}\n")
    (store / "kg.toml").write_text("[server]\ntimeout = inf\n", encoding="utf-8")
    assert kg_exit_code("serve", "--store", str(store)) == 2
    assert "server.timeout = inf: Input should be a finite number" in capsys.readouterr().err


def test_a_port_out_of_range_or_an_empty_host_is_a_usage_error(tmp_path, capsys, monkeypatch):
    """`kg serve --port 70000` (or -1, or `port = 65536` in [server]) said "unexpected
    OverflowError: bind(): port must be 0-65535"; `host = ""` served on every address, saying
    "listening on , ..." and http://:7878/."""
    import kg.server

    from tests.conftest import kg_exit_code

    monkeypatch.setattr(kg.server, "serve", _never_served)
    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store)) == 0
    for port in ("70000", "-1", "0"):
        capsys.readouterr()
        assert kg_exit_code("serve", "--store", str(store), "--port", port) == 2
        assert capsys.readouterr().err == f"error: --port must be 1 to 65535, not {port}\n"
    assert kg_exit_code("serve", "--store", str(store), "--host", "") == 2
    assert "error: --host must name an address to bind" in capsys.readouterr().err
    for setting, message in (("port = 65536", "server.port = 65536: Input should be less than or equal to 65535"),
                             ('host = ""', "server.host = '': Value error, an address to bind is needed")):
        (store / "kg.toml").write_text(f"[server]\n{setting}\n", encoding="utf-8")
        assert kg_exit_code("serve", "--store", str(store)) == 2
        assert message in capsys.readouterr().err


@pytest.mark.parametrize("setting", ["workers = 0", "row_cap = -1", "max_long = -1"])
def test_a_bad_server_setting_in_kg_toml_is_blamed_on_the_file(tmp_path, capsys, monkeypatch, setting):
    """[server] workers, row_cap and max_long had no bounds in the kg.toml schema: `kg distill`
    accepted `workers = 0`, and `kg serve` then blamed a flag nobody passed ("--workers must be
    at least 1, not 0"). The file's value is now refused, naming the file and the key."""
    import kg.server

    from tests.conftest import kg_exit_code

    monkeypatch.setattr(kg.server, "serve", _never_served)
    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store)) == 0
    (store / "kg.toml").write_text(f"[server]\n{setting}\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("serve", "--store", str(store)) == 2
    err = capsys.readouterr().err
    assert f"kg.toml: server.{setting.split()[0]} = " in err and "--" not in err


class _FullDevice(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_serve_starts_when_its_messages_cannot_be_written(tmp_path, monkeypatch):
    """`kg serve 2>/dev/full` (its log volume full) exited 1 at once, silently: the banner's
    write failed. Its warnings and banner are not worth a server: it serves."""
    import kg.server

    from tests.conftest import kg_exit_code

    served = []

    def serve_and_say_ready(config: object, *, ready, **kwargs: object) -> None:
        ready(SimpleNamespace(sandboxed=False))
        served.append(config)

    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store)) == 0
    monkeypatch.setattr(kg.server, "serve", serve_and_say_ready)
    monkeypatch.setattr(sys, "stderr", _FullDevice())
    assert kg_exit_code("serve", "--store", str(store), "--host", "0.0.0.0", "--cors-origin", "https://example.org") == 0
    assert len(served) == 1
