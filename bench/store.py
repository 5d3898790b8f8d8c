"""Store benchmark: load and query N generated triples through our API, raw pyoxigraph and rdflib.

    python bench/store.py                 # 1M triples (rdflib at 200k: it needs ~2 GB and ~1 min per 1M)
    python bench/store.py --size 200000 --rdflib-size 200000

Prints load throughput and per-query times, with the ratios ours/raw-pyoxigraph (target ≤ 1.2)
and rdflib/ours. All three run in this one process on the same generated data.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.api import KnowledgeGraph  # noqa: E402

EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"

QUERIES = {
    "type count (GROUP BY)": PREFIX + "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "2-hop join + FILTER": PREFIX
    + "SELECT ?a ?c WHERE { ?a ex:knows ?b . ?b ex:livesIn ?c . ?a ex:age ?age FILTER(?age > 90) }",
    "OPTIONAL": PREFIX
    + "SELECT ?p ?e WHERE { ?p a ex:Person . OPTIONAL { ?p ex:email ?e } } LIMIT 50000",
    "property path + LIMIT": PREFIX + "SELECT ?x ?r WHERE { ?x ex:partOf+ ?r } LIMIT 1000",
}
LOOKUPS = 1000


def generate(path: Path, size: int, seed: int = 7) -> int:
    """About 10 triples per entity: people, cities in a region hierarchy."""
    rnd = random.Random(seed)
    people = size // 10
    cities = max(people // 50, 10)
    n = 0
    with path.open("w") as fh:
        w = fh.write
        for c in range(cities):
            w(f"<{EX}city{c}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}City> .\n")
            w(f"<{EX}city{c}> <{EX}partOf> <{EX}city{c // 4}> .\n" if c else "")
            n += 2 if c else 1
        for p in range(people):
            s = f"<{EX}person{p}>"
            w(f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Person> .\n")
            w(f'{s} <{EX}name> "Person {p}" .\n')
            w(f'{s} <{EX}age> "{rnd.randint(1, 99)}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
            w(f"{s} <{EX}livesIn> <{EX}city{rnd.randrange(cities)}> .\n")
            for _ in range(4):
                w(f"{s} <{EX}knows> <{EX}person{rnd.randrange(people)}> .\n")
            if p % 3 == 0:
                w(f'{s} <{EX}email> "p{p}@example.org" .\n')
            w(f"{s} <{EX}partOf> <{EX}city{rnd.randrange(cities)}> .\n")
            n += 9 + (p % 3 == 0)
    return n


def timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def run_queries(query, subjects) -> dict[str, tuple[float, int]]:
    """``query(text) -> iterable of rows``; every row is consumed."""
    results = {}
    for name, text in QUERIES.items():
        best = None
        for _ in range(3):
            t, rows = timed(lambda text=text: sum(1 for _ in query(text)))
            best = (t if best is None else min(t, best[0]), rows)
        results[name] = best
    lookup = PREFIX + "SELECT ?p ?o WHERE { <%s> ?p ?o }"
    t, rows = timed(lambda: sum(sum(1 for _ in query(lookup % s)) for s in subjects))
    results[f"{LOOKUPS} single-subject lookups"] = (t, rows)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--rdflib-size", type=int, default=200_000, help="0 to skip rdflib")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:  # ~350 MB at 1M triples
        run(args, Path(tmp))


def run(args: argparse.Namespace, tmp: Path) -> None:
    data = tmp / "data.nt"
    n = generate(data, args.size)
    rnd = random.Random(1)
    subjects = [f"{EX}person{rnd.randrange(args.size // 10)}" for _ in range(LOOKUPS)]
    print(f"generated {n:,} triples")

    t_ours, _ = timed(lambda: KnowledgeGraph.create(tmp / "ours"))
    kg = _
    t_ours, loaded = timed(lambda: kg.load(data))
    raw = ox.Store(str(tmp / "raw"))
    t_raw, _ = timed(lambda: raw.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES))
    print("\nload (on disk)                       triples/s")
    print(f"  ours (transactional, + provenance) {loaded / t_ours:>10,.0f}  ({t_ours:.1f} s)")
    print(f"  raw pyoxigraph bulk_load           {n / t_raw:>10,.0f}  ({t_raw:.1f} s)")

    ours = run_queries(lambda q: kg.query(q), subjects)
    accepted = kg.store.graph_node("accepted")
    same = run_queries(lambda q: kg.store.raw.query(q, default_graph=accepted), subjects)
    rawq = run_queries(lambda q: raw.query(q), subjects)
    rd = None
    if args.rdflib_size:
        import rdflib

        small = tmp / "small.nt"
        m = generate(small, args.rdflib_size)
        g = rdflib.Graph()
        t_rd, _ = timed(lambda: g.parse(small, format="nt"))
        print(f"  rdflib parse ({m:,} triples)      {m / t_rd:>10,.0f}  ({t_rd:.1f} s)")
        sub_small = [f"{EX}person{rnd.randrange(args.rdflib_size // 10)}" for _ in range(LOOKUPS)]
        kg_small = KnowledgeGraph.create(tmp / "ours-small")
        kg_small.load(small)
        ours_small = run_queries(lambda q: kg_small.query(q), sub_small)

        def rdq(q):
            try:
                return g.query(q)
            except RecursionError:
                return []

        rd = (m, run_queries(rdq, sub_small), ours_small)

    print(f"\nqueries at {n:,} triples (best of 3; seconds, rows)")
    print("  raw-same: pyoxigraph called directly on our store (same data layout: the API's own cost)")
    print("  raw-plain: pyoxigraph with the data alone in its default graph (no provenance, no named graphs)")
    print(f"  {'query':32} {'ours':>8} {'raw-same':>9} {'raw-plain':>9} {'ours/same':>9} {'ours/plain':>10}")
    worst = worst_plain = 0.0
    for name in ours:
        (to, ro), (ts, rs), (tr, rr) = ours[name], same[name], rawq[name]
        assert ro == rr == rs, f"{name}: ours {ro} rows, raw {rr} rows"
        worst, worst_plain = max(worst, to / ts), max(worst_plain, to / tr)
        print(f"  {name:32} {to:8.4f} {ts:9.4f} {tr:9.4f} {to / ts:8.2f}x {to / tr:9.2f}x   ({ro:,} rows)")
    print(f"  worst ratio ours/raw-same: {worst:.2f}x (target ≤ 1.2x); ours/raw-plain: {worst_plain:.2f}x")
    if rd:
        m, rdres, ours_small = rd
        print(f"\nrdflib vs ours at {m:,} triples")
        print(f"  {'query':32} {'rdflib':>9} {'ours':>9} {'rdflib/ours':>11}")
        for name in rdres:
            (tr, rr), (to, ro) = rdres[name], ours_small[name]
            note = "" if rr == ro else f"  (rdflib {rr:,} rows vs ours {ro:,})"
            print(f"  {name:32} {tr:9.4f} {to:9.4f} {tr / to:10.1f}x{note}")
    kg.close()


if __name__ == "__main__":
    main()
