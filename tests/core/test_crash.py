"""A batch is one transaction: SIGKILL in the middle of a large write leaves all or nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from kg.store import EmbeddedStore

BATCH = 20_000

WRITER = textwrap.dedent(
    """
    import sys
    from rdflib import Literal, URIRef
    from kg.store import EmbeddedStore
    from kg.records import Candidate, Verdict

    store = EmbeddedStore.open(sys.argv[1])
    p = URIRef("https://w3id.org/kgdistill/ontology/geography#population")
    verdicts = [
        Verdict.accept(Candidate(URIRef(f"https://w3id.org/kgdistill/resource/c{i}"), p, Literal(i), extractor="bench"))
        for i in range(int(sys.argv[2]))
    ]
    print("writing", flush=True)
    store.write(verdicts)
    print("done", flush=True)
    store.close()
    """
)


def _accepted(path) -> int:
    with EmbeddedStore.open(path) as store:
        return store.count("accepted")


@pytest.mark.parametrize(
    "attempt", [0, 1] + [pytest.param(i, marks=pytest.mark.slow) for i in range(2, 10)]
)
def test_sigkill_during_a_batch_leaves_all_or_nothing(store_dir, attempt):
    EmbeddedStore.create(store_dir).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store_dir), str(BATCH)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(random.Random(attempt).uniform(0.0, 1.5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    n = _accepted(store_dir)
    assert n in (0, BATCH), f"partial batch after SIGKILL: {n} of {BATCH} triples"
    # a rerun completes the batch and adds nothing twice
    rerun = subprocess.run([sys.executable, "-c", WRITER, str(store_dir), str(BATCH)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _accepted(store_dir) == BATCH
