"""``kg serve`` refuses unsafe or impossible configurations with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys


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
