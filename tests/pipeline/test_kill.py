"""kill -9 during `kg distill`, ten times at random points, then run to the end: the store
equals an uninterrupted run's and the teacher is asked nothing twice (beyond what was in flight
at the kill)."""

from __future__ import annotations

import os
import re
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import open_store
from tests.pipeline.conftest import SEEDS, answers_by_text

pytestmark = pytest.mark.slow

KILLS = 10
_RUN = re.compile(r"run/distill-[0-9a-f]+|(?<=/completion/)[0-9a-f]+")  # and the completions, which hash it


def _snapshot(store_dir: Path) -> dict[str, object]:
    with open_store(store_dir) as store:
        # the run's IRI hashes the teacher's URL, whose port differs between the two servers
        out: dict[str, object] = {
            g: {_RUN.sub("run/X", str(q)) for q in store.match(graph=g)}
            for g in ("accepted", "rejected", "inferred")
        }
        rows = store.query(
            "SELECT (COUNT(DISTINCT ?s) AS ?st) (COUNT(DISTINCT ?b) AS ?b) WHERE { "
            "{ ?s a rdf:Statement } UNION { ?r kg:batchDone ?b } }",
            graph="provenance",
        )
        out["counts"] = tuple(v.value for v in next(iter(rows)))
        del rows
    return out


def _command(store: Path, seeds: Path, url: str) -> list[str]:
    return [
        sys.executable, "-m", "kg", "distill", "--domain", "geography", "--teacher", f"openai:demo@{url}",
        "--store", str(store), "--seeds", str(seeds), "--samples", "1", "--batch-size", "1", "--quiet",
    ]


def test_sigkill_at_random_points_then_resume(tmp_path: Path) -> None:
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(SEEDS) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    answer = lambda prompt, i: answers[prompt][0]  # noqa: E731

    # one server for both: its address is part of the teacher's identity (two servers are two teachers)
    with FakeOpenAIServer(answer=answer) as server:
        whole = tmp_path / "whole"
        subprocess.run(_command(whole, seeds, server.base_url), check=True, env=env, capture_output=True)
        expected = _snapshot(whole)
        before = dict(server.requests_per_prompt)
        server.delay = 1.0

        rng = random.Random(6)
        cut = tmp_path / "cut"
        kills = attempts = 0
        while kills < KILLS and attempts < 3 * KILLS:
            attempts += 1
            proc = subprocess.Popen(_command(cut, seeds, server.base_url), env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 2.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
        final = subprocess.run(_command(cut, seeds, server.base_url), env=env, capture_output=True, text=True)
        assert final.returncode == 0, final.stderr
        requests = {p: n - before.get(p, 0) for p, n in server.requests_per_prompt.items() if n > before.get(p, 0)}
    # on a fast machine the last attempts may find the run already finished; half the kills
    # landing is still many interruptions at random points
    assert kills >= KILLS // 2, f"only {kills} kills landed: the run finished too fast; raise the server delay"
    assert _snapshot(cut) == expected
    # every prompt answered once; a kill can lose at most the one request in flight (batch size 1)
    assert set(requests) == set(answers)
    repeats = sum(n - 1 for n in requests.values())
    print(f"kills {kills}, prompts asked again after a kill {repeats} of {len(answers)}")
    assert repeats <= kills
    with sqlite3.connect(cut / "teacher-cache.sqlite") as db:
        rows, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT prompt_id) FROM completions").fetchone()
    assert rows == distinct == len(answers)
