"""Export benchmark: `kg export` of a generated store against pyoxigraph's own dump of the same
store, each in a fresh process, for wall time and peak memory (RSS).

    python bench/export.py                  # 300k triples loaded (1.8M quads with provenance)
    python bench/export.py --size 1000000

Prints, per export, seconds and peak MB of ours and of the raw dump, and their ratios (the
target: memory ratio near 1, i.e. the export streams; time ratio ≤ 2). Both run here, on the
same store.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EX = "http://example.org/"
PEAK = "import resource, sys; sys.stderr.write('PEAK %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"

RAW = """
import pyoxigraph as ox, sys
store = ox.Store.read_only(sys.argv[1] + "/oxigraph")
graph = None if sys.argv[3] == "all" else ox.NamedNode("https://w3id.org/kgdistill/graph/" + sys.argv[3])
fmt = {"nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE}[sys.argv[2].rsplit(".", 1)[1]]
if graph is None:
    store.dump(sys.argv[2], format=fmt)
else:
    store.dump(sys.argv[2], format=fmt, from_graph=graph)
"""

LOAD = """
import sys
from kg.api import KnowledgeGraph
from kg.store import init_store
init_store(sys.argv[1]).close()
with KnowledgeGraph(sys.argv[1]) as kg:
    kg.load(sys.argv[2])
"""

OURS = """
import sys
from kg.cli import main
try:
    main(["export", "--store", sys.argv[1], "-o", sys.argv[2], "-g", sys.argv[3], "--quiet"])
except SystemExit as exc:
    if exc.code:
        raise
"""


def measure(code: str, *args: str) -> tuple[float, float]:
    """(seconds, peak MB) of ``code`` run in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + "\n" + PEAK, *args], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr)
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK "))
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300_000, help="triples loaded (each gets 5 provenance quads)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-") as tmp:
        data, store = Path(tmp) / "data.nt", Path(tmp) / "store"
        with data.open("w") as fh:
            for i in range(args.size):
                fh.write(f'<{EX}e{i}> <{EX}p{i % 7}> "value {i}" .\n')
        # loaded in another process: a child's peak RSS counts its parent's at the fork
        measure(LOAD, str(store), str(data))
        print(f"store: {args.size:,} triples in accepted, {6 * args.size + 2:,} quads in all")
        print(f"{'export':<28} {'ours s':>8} {'raw s':>8} {'ratio':>6} {'ours MB':>8} {'raw MB':>8} {'ratio':>6}")
        for graph, ext in (("all", "nq"), ("accepted", "nq"), ("accepted", "ttl")):
            ours = measure(OURS, str(store), str(Path(tmp) / f"ours.{ext}"), graph)
            raw = measure(RAW, str(store), str(Path(tmp) / f"raw.{ext}"), graph)
            print(f"{'-g ' + graph + ' .' + ext:<28} {ours[0]:>8.1f} {raw[0]:>8.1f} {ours[0] / raw[0]:>6.2f} "
                  f"{ours[1]:>8.0f} {raw[1]:>8.0f} {ours[1] / raw[1]:>6.2f}")


if __name__ == "__main__":
    main()
