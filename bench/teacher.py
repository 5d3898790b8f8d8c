"""Teacher throughput against a loopback OpenAI-compatible server that answers after 200 ms.

    python bench/teacher.py [--prompts 1000] [--concurrency 32] [--delay 0.2]

Ideal throughput is concurrency / delay (32 / 0.2 s = 160 req/s); the run prints the measured
rate and its ratio to the ideal, with the persistent cache on (every completion committed to
SQLite as it arrives) and off, and its ratio to ``concurrency`` times a concurrency-1 baseline
measured in the same run (what the machine's own per-request latency allows: on a loaded
machine every wake-up waits for a CPU). Exit status 1 below 80% of the ideal.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.teachers import make_teacher


class Server:
    """The fake server in its own process (so it does not share the client's interpreter)."""

    def __init__(self, delay: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.teachers.testing", "--delay", str(delay)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def run(server: "Server", prompts: list[str], concurrency: int, cache: Path | None) -> float:
    teacher = make_teacher(
        f"openai:bench@{server.base_url}", cache_path=cache, no_cache=cache is None, concurrency=concurrency
    )
    start = time.perf_counter()
    out = teacher.complete(prompts, n=1)
    elapsed = time.perf_counter() - start
    teacher.close()
    if len(out) != len(prompts) or teacher.last_failures:
        sys.exit(f"lost prompts: {len(prompts) - len(out)} missing, failures {teacher.last_failures[:3]}")
    return len(prompts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    ideal = args.concurrency / args.delay
    with Server(args.delay) as server, tempfile.TemporaryDirectory() as tmp:
        base = run(server, [f"baseline prompt {i}" for i in range(10)], 1, None)
        nocache = run(server, [f"prompt {i}" for i in range(args.prompts)], args.concurrency, None)
        cached = run(server, [f"cached prompt {i}" for i in range(args.prompts)], args.concurrency, Path(tmp) / "c.sqlite")
        start = time.perf_counter()
        hits = make_teacher(f"openai:bench@{server.base_url}", cache_path=Path(tmp) / "c.sqlite")
        hits.complete([f"cached prompt {i}" for i in range(args.prompts)], n=1)
        hit_rate = args.prompts / (time.perf_counter() - start)
    load = os.getloadavg()[0]
    print(
        f"{args.prompts} prompts, concurrency {args.concurrency}, server delay {args.delay * 1000:.0f} ms; "
        f"ideal {ideal:.0f} req/s (load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    print(f"  concurrency 1 baseline : {base:7.1f} req/s  ({base / (1 / args.delay):.0%} of 1/delay)")
    print(
        f"  no cache               : {nocache:7.1f} req/s  ({nocache / ideal:.0%} of ideal; "
        f"{nocache / (args.concurrency * base):.0%} of {args.concurrency} x the concurrency-1 baseline)"
    )
    print(
        f"  with SQLite cache      : {cached:7.1f} req/s  ({cached / ideal:.0%} of ideal; "
        f"{cached / (args.concurrency * base):.0%} of {args.concurrency} x the concurrency-1 baseline)"
    )
    print(f"  rerun, all cache hits  : {hit_rate:7.0f} prompts/s (no request sent)")
    worst = min(nocache, cached) / ideal
    print(f"PASS: {worst:.0%} >= 80% of ideal" if worst >= 0.8 else f"FAIL: {worst:.0%} < 80% of ideal")
    sys.exit(0 if worst >= 0.8 else 1)


if __name__ == "__main__":
    main()
