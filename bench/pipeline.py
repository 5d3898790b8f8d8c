"""Benchmark of the distillation pipeline end to end: `kg ingest` of ATOMIC-style teacher output.

The ATOMIC 2020 sample (COMET-BART generations) is repeated with new heads (a suffix per copy)
until it holds at least ``--candidates`` candidates, then ingested into a fresh store through
the same checks as a distillation run (extraction, validation, conflicts, critic, store write in
one transaction per batch, incremental inference). Printed: candidates/s end to end, peak
memory, the time per batch at the start and at the end of the run, seconds per stage, and two
baselines measured in the same run on the same data: reading + extraction alone, and loading the
run's quads into an empty store with pyoxigraph's bulk loader, one call per batch (the floor set
by the store; the pipeline writes through that loader behind its journal).

    python bench/pipeline.py                    # >= 100,000 candidates
    python bench/pipeline.py --candidates 20000 --batch-size 5000
    python bench/pipeline.py --candidates 20000 --critic DIR   # with a learned critic deciding

Without ``--critic`` the gate is the weighted mean of the signals (``critic.model = "none"``);
with it, the trained critic in DIR (``kg critic train``) scores every candidate that passed the
checks, int8-quantised as in a run, and the "critic" stage's seconds say what it costs.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

SUFFIXES = ["", " at home", " at work", " on a Sunday", " again", " with a friend", " in the city", " by accident"]


def make_input(path: Path, want: int, sample: Path) -> int:
    """Write ATOMIC rows (generations only) repeated with new heads; returns rows written."""
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    per_copy = sum(len(r.get("generations") or []) for r in rows)
    copies = max(1, -(-want // per_copy))
    if copies > len(SUFFIXES):
        raise SystemExit(f"at most {len(SUFFIXES) * per_copy} candidates from the sample")
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for suffix in SUFFIXES[:copies]:
            for r in rows:
                fh.write(json.dumps({**r, "head": r["head"] + suffix}) + "\n")
                n += 1
    return n


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000, help="candidates per transaction")
    parser.add_argument("--keep", type=Path, default=None, help="keep the store in this directory")
    parser.add_argument("--no-materialize", action="store_true")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--critic", type=Path, default=None, help="a trained critic folder: the learned gate decides")
    args = parser.parse_args(argv)

    from kg.config import load_config
    from kg.pipeline import ingest, read_units

    sample = Path(__file__).resolve().parents[1] / "kg" / "data" / "atomic2020" / "dev.jsonl"
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        data = work / "atomic.jsonl"
        rows = make_input(data, args.candidates, sample)
        store_dir = args.keep or (work / "store")
        if args.keep and store_dir.exists():
            shutil.rmtree(store_dir)
        cfg = load_config(None, {
            "domain": "commonsense", "store": str(store_dir), "run.ingest_batch_size": args.batch_size,
            "run.materialize": not args.no_materialize,
            "critic.model": str(args.critic) if args.critic else "none",
        })
        print(f"input: {rows:,} ATOMIC rows (generations only) in {data}; critic: "
              f"{'learned, ' + str(args.critic) if args.critic else 'weighted mean of the signals'}", flush=True)
        started = time.perf_counter()
        report = ingest(data, "commonsense", str(store_dir), config=cfg, atomic_sources=("generations",))
        wall = time.perf_counter() - started
        batches = report.batch_seconds
        # the final batch holds the remainder (1,564 candidates at the default size): it is left
        # out of the "last" window when there are enough full batches
        full = batches[:-1] if len(batches) >= 8 else batches
        k = max(1, min(3, len(full) // 4))
        first = sum(full[:k]) / k
        last = sum(full[-k:]) / k
        print(f"candidates: {report.candidates:,} ({report.accepted:,} accepted, {report.rejected:,} rejected, "
              f"{report.unreadable:,} unreadable), {report.new_triples:,} new triples, {report.inferred:,} inferred")
        print(f"end to end: {wall:.1f} s, {report.candidates / wall:,.0f} candidates/s")
        print(f"peak memory: {peak_mb():,.0f} MB")
        print(f"per batch ({args.batch_size:,} candidates): first {k} mean {first:.2f} s, last {k} full mean {last:.2f} s, "
              f"ratio last/first {last / first:.2f}")
        stages = sorted(report.stage_seconds.items(), key=lambda kv: -kv[1])
        print("seconds per stage: " + ", ".join(f"{name} {sec:.1f}" for name, sec in stages))

        t0 = time.perf_counter()
        reopened = __import__("kg.store", fromlist=["open_store"]).open_store(store_dir)
        reopened.close()
        print(f"reopen after the run: {time.perf_counter() - t0:.2f} s")

        if not args.no_baselines:
            # baseline 1: reading and extraction alone
            from kg.ontology import load_domain
            from extractors import Extractor

            domain = load_domain("commonsense")
            t0 = time.perf_counter()
            extractor = Extractor(domain)
            n = sum(len(u) for u in read_units(data, domain, extractor=extractor, atomic_sources=("generations",)))
            read_s = time.perf_counter() - t0
            print(f"baseline read+extract alone: {read_s:.1f} s ({n / read_s:,.0f} candidates/s); "
                  f"end to end is {wall / read_s:.1f}x that")
            # baseline 2: the store's floor: the run's quads, bulk-loaded in as many calls as batches
            import pyoxigraph as ox

            src = ox.Store(str(store_dir / "oxigraph"))
            lines = [f"{q} ." for q in src]
            del src
            step = max(1, len(lines) // max(1, len(batches)))
            texts = ["\n".join(lines[i : i + step]) for i in range(0, len(lines), step)]
            dst = ox.Store(str(work / "floor"))
            t0 = time.perf_counter()
            for text in texts:
                dst.bulk_load(text, format=ox.RdfFormat.N_QUADS)
            floor_s = time.perf_counter() - t0
            del dst
            print(f"baseline store write alone ({len(lines):,} quads bulk-loaded in {len(texts)} calls): {floor_s:.1f} s; "
                  f"end to end is {wall / floor_s:.1f}x that")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
