"""Crash benchmark: ``kill -9`` at random points of ``kg distill`` and ``kg ingest``, then finish.

Both commands run on bundled data: ``kg distill`` of the demo's geography seeds, answered by a
loopback OpenAI-compatible server (:class:`kg.teachers.testing.FakeOpenAIServer`) from the
recorded transcript (three samples a prompt, one prompt a batch, one request at a time);
``kg ingest`` of the ATOMIC 2020 sample. Each command is first run uninterrupted (its wall time
``T`` measured here). Then ``--points`` kill points are drawn as fractions of the run, sorted,
and for each one a process is started and sent SIGKILL at it: for distill, a random moment after
the teacher has answered that fraction of the prompts (or during startup when it has already);
for ingest, after its startup (measured here on a tiny run) plus its share of ``T``. Each
restart resumes what the killed one left, so kills also land during startup, journal replay and
resume. A last run finishes the work, and its store is
compared with the uninterrupted one: the ``accepted``, ``rejected`` and ``inferred`` graphs quad
for quad, and ``provenance`` without the quads that may differ (times, durations, cache hits and
token counts, the configuration with its store path).

Printed per command: kill points landed, whether the stores are equal (and how many quads
differ), and for distill the teacher's work: samples paid for, samples paid twice, and the bound
set by what can be in flight at a kill (one request of three samples). Exits 1 when a store
differs, the last run fails, or distill pays more twice than was in flight.

    python bench/crash.py                    # 10 kill points each
    python bench/crash.py --points 50
    python bench/crash.py --points 5 --only ingest
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.store import open_store  # noqa: E402
from kg.teachers.testing import FakeOpenAIServer  # noqa: E402

DEMO = ROOT / "kg" / "data" / "demo"
TRANSCRIPT = DEMO / "geography_transcript.jsonl"
SEEDS = DEMO / "geography_seeds.txt"
ATOMIC = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"
SAMPLES = 3
VARYING = {  # provenance predicates whose values may differ between two runs of the same work
    "http://www.w3.org/ns/prov#startedAtTime",
    "http://www.w3.org/ns/prov#endedAtTime",
    "https://w3id.org/kgdistill/vocab#seconds",
    "https://w3id.org/kgdistill/vocab#cacheHits",
    "https://w3id.org/kgdistill/vocab#tokenCount",
    "https://w3id.org/kgdistill/vocab#requestCount",  # spend, as cache hits: a killed invocation's requests die with it
    "https://w3id.org/kgdistill/vocab#retryCount",
    "https://w3id.org/kgdistill/vocab#configJson",
}
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def snapshot(store_dir: Path) -> dict[str, set[str]]:
    with open_store(store_dir) as store:
        out = {g: {str(q) for q in store.match(graph=g)} for g in ("accepted", "rejected", "inferred")}
        out["provenance"] = {str(q) for q in store.match(graph="provenance") if q.predicate.value not in VARYING}
    return out


def differing(a: dict[str, set[str]], b: dict[str, set[str]]) -> dict[str, int]:
    return {g: len(a[g] ^ b[g]) for g in a if a[g] != b[g]}


def run(command: list[str]) -> float:
    """Run to the end; its wall time."""
    start = time.perf_counter()
    done = subprocess.run(command, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[2:5])} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return time.perf_counter() - start


def kill_at_points(
    command: list[str],
    points: int,
    startup: float,
    span: float,
    rng: random.Random,
    *,
    progress: Callable[[], int] | None = None,
    total: int = 0,
) -> tuple[int, int]:
    """Start ``command`` once per kill point and SIGKILL it at the point; returns (kills landed,
    runs that finished before their kill).

    Points are fractions of the run, sorted. With ``progress`` (units of work done so far, of
    ``total``) a process is killed a random moment (up to one unit's time) after the work reaches
    its point, or during its startup when it is there already; else ``startup`` plus the point's
    share of ``span`` seconds after it starts."""
    fractions = sorted(rng.random() for _ in range(points))
    unit = span / max(total, 1)
    kills = finished = 0
    previous = 0.0
    for fraction in fractions:
        proc = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if progress is None:
            wait = startup * rng.uniform(0.5, 1.0) + (fraction - previous) * span
        else:
            target = int(fraction * total)
            if progress() >= target:
                wait = rng.uniform(0.0, startup)  # during startup and resume
            else:
                while progress() < target and proc.poll() is None:
                    time.sleep(0.005)
                wait = rng.uniform(0.0, unit)
        previous = fraction
        try:
            proc.wait(timeout=wait)
            finished += 1  # it finished first (at the run's end, or a no-op rerun)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
    return kills, finished


def distill_command(store: Path, url: str) -> list[str]:
    return [
        sys.executable, "-m", "kg", "distill", "--domain", "geography", "--teacher", f"openai:demo@{url}",
        "--store", str(store), "--seeds", str(SEEDS), "--samples", str(SAMPLES), "--batch-size", "1",
        "--concurrency", "1", "--domain-examples", "--quiet",
    ]


def bench_distill(points: int, work: Path, rng: random.Random, delay: float) -> bool:
    answers = {}
    for line in TRANSCRIPT.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        answers[record["prompt"]] = [c if isinstance(c, str) else c.get("text", "") for c in record["completions"]]

    def answer(prompt: str, i: int) -> str:
        texts = answers.get(prompt) or [""]
        return texts[i % len(texts)]

    with FakeOpenAIServer(answer=answer) as server:  # one server: the run's IRI holds its URL
        startup = run(distill_command(work / "distill-startup", server.base_url) + ["--max-seeds", "1"])
        server.delay = delay  # each answer takes this long: a run long enough to be killed in
        before = Counter(server.served)
        whole = run(distill_command(work / "distill-whole", server.base_url))
        paid_whole = sum(server.served.values()) - sum(before.values())
        before = Counter(server.served)
        cut = work / "distill-cut"
        prompts = len(server.requests_per_prompt)

        def answered() -> int:  # prompts whose samples the server has sent since the cut began
            return sum(1 for p, n in server.served.items() if n - before[p] >= SAMPLES)

        kills, finished = kill_at_points(
            distill_command(cut, server.base_url), points, startup, whole - startup, rng,
            progress=answered, total=prompts,
        )
        run(distill_command(cut, server.base_url))
        served = {p: n - before[p] for p, n in server.served.items() if n - before[p]}
    twice = sum(max(0, n - SAMPLES) for n in served.values())
    prompts_again = sum(1 for n in served.values() if n > SAMPLES)
    diff = differing(snapshot(work / "distill-whole"), snapshot(cut))
    bound = kills * SAMPLES  # one request (of SAMPLES choices) in flight at a time
    print(f"kg distill: {kills} kill points landed ({finished} runs finished first), uninterrupted {whole:.1f} s")
    print(f"  store after the last run equals the uninterrupted one: {'yes' if not diff else f'NO, quads differing: {diff}'}")
    print(f"  samples paid: {sum(served.values())} (uninterrupted: {paid_whole}); paid twice: {twice} "
          f"({prompts_again} prompts asked again); in flight at the kills: at most {bound}")
    return not diff and twice <= bound and sum(served.values()) - twice == paid_whole


def ingest_command(store: Path, data: Path, batch: int) -> list[str]:
    return [
        sys.executable, "-m", "kg", "ingest", str(data), "--domain", "commonsense", "--store", str(store),
        "--batch-size", str(batch), "--critic", "none", "--quiet",  # the gate's mean: no critic to train first
    ]


def bench_ingest(points: int, work: Path, rng: random.Random, batch: int) -> bool:
    tiny = work / "one-row.jsonl"
    tiny.write_text(ATOMIC.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    startup = run(ingest_command(work / "ingest-startup", tiny, batch))
    whole = run(ingest_command(work / "ingest-whole", ATOMIC, batch))
    cut = work / "ingest-cut"
    kills, finished = kill_at_points(ingest_command(cut, ATOMIC, batch), points, startup, whole - startup, rng)
    run(ingest_command(cut, ATOMIC, batch))
    a, b = snapshot(work / "ingest-whole"), snapshot(cut)
    diff = differing(a, b)
    print(f"kg ingest: {kills} kill points landed ({finished} runs finished first), uninterrupted {whole:.1f} s, "
          f"{len(a['accepted']):,} accepted quads")
    print(f"  store after the last run equals the uninterrupted one: {'yes' if not diff else f'NO, quads differing: {diff}'}")
    return not diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=10, help="kill points per command")
    parser.add_argument("--only", choices=("distill", "ingest"), default=None)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--delay", type=float, default=0.15, help="seconds the fake teacher takes per answer")
    parser.add_argument("--batch-size", type=int, default=1000, help="kg ingest: candidates per batch")
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores in this directory")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return bench_all(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="kg-crash-") as work:  # ~430 MB of stores
        return bench_all(args, Path(work))


def bench_all(args: argparse.Namespace, work: Path) -> int:
    rng = random.Random(args.seed)
    ok = True
    if args.only in (None, "distill"):
        ok &= bench_distill(args.points, work, rng, args.delay)
    if args.only in (None, "ingest"):
        ok &= bench_ingest(args.points, work, rng, args.batch_size)
    print("all equal" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
