"""A batch is atomic: SIGKILL in the middle of a large write leaves all or nothing, also when
its records are still loading in the background, and for a file loaded through the bulk loader;
the redo journal finishes what was begun."""

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
    if sys.argv[3] == "chunks":  # a load larger than one bulk-loader call: many chunk files, one entry
        import kg.store.embedded

        kg.store.embedded.JOURNAL_CHUNK = 7_000
    if sys.argv[3] in ("load", "chunks"):  # what `kg load` does with a large file: one journaled bulk write
        triples = [v.candidate.triple for v in verdicts]
        store.add_triples(triples, source="file:///big.nt", bulk=True, batch_size=2_000)
    elif sys.argv[3] == "background":
        from kg.provenance import batch_nquads

        batch = batch_nquads(verdicts)
        store.add_nquads(batch.knowledge, batch.records)
    else:
        store.write(verdicts)
    print("done", flush=True)
    store.close()
    """
)


def _accepted(path) -> int:
    with EmbeddedStore.open(path) as store:
        n = store.count("accepted")
        statements = store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }", graph="provenance"
        )
        assert int(next(iter(statements))[0].value) == n, "accepted triples without their provenance"
        return n


@pytest.mark.parametrize("mode", ["write", "background", "load", "chunks"])
@pytest.mark.parametrize(
    "attempt", [0, 1] + [pytest.param(i, marks=pytest.mark.slow) for i in range(2, 10)]
)
def test_sigkill_during_a_batch_leaves_all_or_nothing(store_dir, attempt, mode):
    EmbeddedStore.create(store_dir).close()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store_dir), str(BATCH), mode], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(random.Random(attempt).uniform(0.0, 1.5))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    n = _accepted(store_dir)
    assert n in (0, BATCH), f"partial batch after SIGKILL: {n} of {BATCH} triples"
    # a rerun completes the batch and adds nothing twice
    rerun = subprocess.run([sys.executable, "-c", WRITER, str(store_dir), str(BATCH), mode], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _accepted(store_dir) == BATCH


def test_opening_a_store_finishes_a_journaled_batch(store_dir):
    """... and says so: after a killed `kg load` of a million triples the next `kg query` spent
    most of a minute finishing it without a word."""
    EmbeddedStore.create(store_dir).close()
    journal = store_dir / "journal"
    journal.mkdir()
    g = "<https://w3id.org/kgdistill/graph/accepted>"
    (journal / "00000000000000000001-1.nq").write_text(
        "".join(f"<urn:x:s{i}> <urn:x:p> <urn:x:o{i}> {g} .\n" for i in range(10)), encoding="utf-8"
    )
    (journal / ".00000000000000000002-1.nq.partial").write_text(f"<urn:x:half> <urn:x:p> <urn:x:o> {g} .\n")
    import logging

    said: list[logging.LogRecord] = []
    listener = logging.Handler(logging.WARNING)
    listener.emit = said.append  # type: ignore[method-assign]
    # on the logger itself, enabled: an earlier test's logging setup (kg serve's stops propagation;
    # import-linter's disables the loggers that exist) must not decide what this test hears
    logger = logging.getLogger("kg.store")
    was = logger.disabled
    logger.disabled = False
    logger.addHandler(listener)
    try:
        with EmbeddedStore.open(store_dir) as store:
            assert store.count("accepted") == 10  # the whole batch; the unfinished journal entry is dropped
    finally:
        logger.removeHandler(listener)
        logger.disabled = was
    assert list(journal.iterdir()) == []
    text = " ".join(r.getMessage() for r in said)
    assert "finishing what an interrupted write left in the journal" in text and "1 batch(es)" in text


def test_opening_a_store_finishes_a_journaled_load_of_many_chunks(store_dir):
    """A large load is journaled as a folder of chunk files (each its own bulk-loader call, so
    memory does not grow with the file); a folder renamed into place is loaded whole at the
    next open, also after some of its chunks were loaded; one never renamed is dropped."""
    EmbeddedStore.create(store_dir).close()
    journal = store_dir / "journal"
    g = "<https://w3id.org/kgdistill/graph/accepted>"
    entry = journal / "00000000000000000001-1.d"
    entry.mkdir(parents=True)
    for k in range(3):
        (entry / f"{k:06d}.nq").write_text(
            "".join(f"<urn:x:s{k}-{i}> <urn:x:p> <urn:x:o> {g} .\n" for i in range(5)), encoding="utf-8"
        )
    unfinished = journal / ".00000000000000000002-1.d.partial"
    unfinished.mkdir()
    (unfinished / "000000.nq").write_text(f"<urn:x:half> <urn:x:p> <urn:x:o> {g} .\n", encoding="utf-8")
    with EmbeddedStore.open(store_dir) as store:
        assert store.count("accepted") == 15
    assert list(journal.iterdir()) == []
