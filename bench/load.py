"""`kg load` of a large compressed dump: peak memory and time, streaming against parse-first.

    python bench/load.py [--triples 250000 1000000 2000000]

For each size, a gzipped N-Triples dump is generated (countries with labels, types, populations
and five borders each), then loaded into a fresh store in a child process twice: by
``Store.load`` (checks the file in one streaming pass, writes it in a second, handing RocksDB's
bulk loader ``JOURNAL_CHUNK`` quads at a time) and by the loader before it, the baseline (the
whole file parsed into a list, then written as one bulk-loader call). Prints wall time and the
child's peak resident memory of both and their ratios; the streaming loader's peak should stay
flat as the file grows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://example.org/geo/"


def write_dump(path: Path, triples: int) -> None:
    rng = random.Random(0)
    countries = max(1, triples // 10)
    label, kind = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(countries):
            s = f"<{RES}c{i}>"
            fh.write(f'{s} <{label}> "Country {i}"@en .\n{s} <{kind}> <{GEO}Country> .\n')
            fh.write(f'{s} <{GEO}population> "{rng.randint(1_000, 10**8)}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
            for _ in range(5):
                fh.write(f"{s} <{GEO}borders> <{RES}c{rng.randrange(countries)}> .\n")
            fh.write(f"{s} <{GEO}onContinent> <{RES}k{rng.randrange(7)}> .\n{s} <{GEO}hasCapital> <{RES}city{i}> .\n")


def child(mode: str, dump: Path, store_dir: Path) -> None:
    import pyoxigraph as ox

    from kg.store import BULK_THRESHOLD, init_store
    from kg.store.formats import open_rdf

    start = time.perf_counter()
    with init_store(store_dir) as store:
        if mode == "streaming":
            n = store.load(dump)
        else:  # the loader before: every triple parsed into a list first, one bulk-loader call
            import kg.store.embedded

            kg.store.embedded.JOURNAL_CHUNK = 10**12
            with open_rdf(dump) as fh:
                parsed = [(q.subject, q.predicate, q.object) for q in ox.parse(fh, format=ox.RdfFormat.N_TRIPLES)]
            bulk = len(parsed) > BULK_THRESHOLD
            n = store.add_triples(parsed, source=dump.resolve().as_uri(), batch_size=200_000 if bulk else len(parsed), bulk=bulk)
    seconds = time.perf_counter() - start
    print(json.dumps({"triples": n, "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(mode: str, dump: Path, tmp: Path) -> dict[str, float]:
    store_dir = tmp / f"store-{mode}-{dump.stem}"
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(dump), str(store_dir)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[250_000, 1_000_000, 2_000_000])
    parser.add_argument("--child", nargs=3, metavar=("MODE", "DUMP", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    print(f"{'triples':>9} {'loader':<12} {'seconds':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for size in args.triples:
            dump = tmp / f"dump{size}.nt.gz"
            write_dump(dump, size)
            new, old = measure("streaming", dump, tmp), measure("before", dump, tmp)
            assert new["triples"] == old["triples"], (new, old)
            for name, row in (("streaming", new), ("before", old)):
                print(f"{int(row['triples']):>9,} {name:<12} {row['seconds']:>8.1f} {row['peak_mb']:>8.0f}")
            print(f"{'':>9} ratio (streaming / before): time {new['seconds'] / old['seconds']:.2f}x, "
                  f"peak memory {new['peak_mb'] / old['peak_mb']:.2f}x")


if __name__ == "__main__":
    main()
