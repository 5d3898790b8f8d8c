"""How long ``kg --help`` and ``kg distill --help`` take to start, and what they import.

    nice -n 10 python bench/cli_startup.py                      # this tree, against bare python
    nice -n 10 python bench/cli_startup.py --against OLD_TREE   # and against another source tree

``OLD_TREE`` is a folder holding ``kg/``, ``extractors/`` and ``reasoners/`` of another commit
(``git archive COMMIT kg extractors reasoners | tar -x -C OLD_TREE``); it runs with that folder
first on ``sys.path``. Each round runs every variant once, in turn, so a change in the machine's
load falls on all of them alike; the medians are printed with their ratio to this tree's. The
modules ``import kg.cli`` loads (and whether rdflib or the teachers are among them) are counted
once per tree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {"kg --help": ["--help"], "kg distill --help": ["distill", "--help"]}
WATCHED = ("rdflib", "kg.teachers", "kg.records", "extractors", "kg.export", "pyoxigraph", "torch")
PROBE = f"import sys, kg.cli; print(len(sys.modules), ' '.join(m for m in {WATCHED!r} if m in sys.modules))"


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tree), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _time(argv: list[str], tree: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=tree, env=_env(tree), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", type=Path, help="another source tree to compare with")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    trees = {"this tree": ROOT}
    if args.against:
        trees["against"] = args.against.resolve()
    for name, tree in trees.items():
        out = subprocess.run([sys.executable, "-c", PROBE], cwd=tree, env=_env(tree), capture_output=True, text=True, check=True)
        count, _, watched = out.stdout.strip().partition(" ")
        print(f"{name} ({tree}): import kg.cli loads {count} modules; of {', '.join(WATCHED)}: {watched or 'none'}")
    for label, argv in COMMANDS.items():
        times: dict[str, list[float]] = {"bare python": [], **{name: [] for name in trees}}
        for _ in range(args.rounds):
            times["bare python"].append(_time([sys.executable, "-c", "pass"], ROOT))
            for name, tree in trees.items():
                times[name].append(_time([sys.executable, "-m", "kg", *argv], tree))
        mine = statistics.median(times["this tree"])
        print(f"\n{label}: median of {args.rounds} runs")
        for name, values in times.items():
            med = statistics.median(values)
            print(f"  {name:12s} {med * 1000:7.1f} ms   ({med / mine:.2f}x this tree)")


if __name__ == "__main__":
    main()
