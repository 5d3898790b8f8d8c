"""Benchmark: rule materialisation (reasoners.rules) against owlrl, on synthetic geography.

    python bench/reason.py                 # 100k and 1M triples; owlrl at 1k and 5k
    python bench/reason.py --sizes 100000 --owlrl-sizes 1000

The data: countries on 6 continents, each with 5 regions of 4 cities (city locatedIn region
locatedIn country: transitive chains), one capital per country, borders between countries,
labels, populations; about 97 triples per country. Prints times, ratios against owlrl measured
in the same run, and whether both produce the same inferred triples (restricted to the rules we
implement) where both finish. Targets: 1M triples in under 2 minutes; adding a batch of 1,000
triples to a 1M store within 1.5x of adding it to an empty store, and under 1 second.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.namespaces import RESOURCE  # noqa: E402
from kg.ontology import load_domain  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402
from reasoners.rules import Materializer  # noqa: E402
from reasoners.schema import TYPE, Triple  # noqa: E402

GEO = "https://w3id.org/kgdistill/ontology/geography#"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
INT = "<http://www.w3.org/2001/XMLSchema#integer>"
P = {name: f"<{GEO}{name}>" for name in ("locatedIn", "onContinent", "borders", "capitalOf", "population")}
CITY, COUNTRY = f"<{GEO}City>", f"<{GEO}Country>"
REGIONS, CITIES = 5, 4


def res(name: str) -> str:
    return f"<{RESOURCE}{name}>"


def country_block(i: int, rng: random.Random, n_existing: int, prefix: str = "c") -> list[Triple]:
    """About 97 triples about one country, its regions and cities."""
    c = res(f"{prefix}{i}")
    out: list[Triple] = [
        (c, LABEL, f'"Country {prefix}{i}"'),
        (c, P["onContinent"], res(f"continent{i % 6}")),
        (c, P["population"], f'"{rng.randrange(10**6, 10**8)}"^^{INT}'),
    ]
    if rng.random() < 0.5:
        out.append((c, TYPE, COUNTRY))
    for _ in range(2):
        if n_existing:
            out.append((c, P["borders"], res(f"c{rng.randrange(n_existing)}")))
    for r in range(REGIONS):
        reg = res(f"{prefix}{i}_r{r}")
        out += [(reg, LABEL, f'"Region {prefix}{i}.{r}"'), (reg, P["locatedIn"], c)]
        for k in range(CITIES):
            city = res(f"{prefix}{i}_r{r}_{k}")
            out += [
                (city, LABEL, f'"City {prefix}{i}.{r}.{k}"'),
                (city, P["locatedIn"], reg),
                (city, P["population"], f'"{rng.randrange(10**3, 10**7)}"^^{INT}'),
                (city, TYPE, CITY),
            ]
    out.append((res(f"{prefix}{i}_r0_0"), P["capitalOf"], c))
    return out


def generate(n_triples: int, seed: int = 0) -> list[Triple]:
    rng = random.Random(seed)
    out: list[Triple] = []
    i = 0
    while len(out) < n_triples:
        out += country_block(i, rng, i)
        i += 1
    return out[:n_triples]


def batch_of(n: int, n_countries: int, seed: int = 1) -> list[Triple]:
    """New countries (bordering existing ones) making about ``n`` triples."""
    rng = random.Random(seed)
    out: list[Triple] = []
    i = 0
    while len(out) < n:
        out += country_block(i, rng, n_countries, prefix=f"new{seed}_")
        i += 1
    return out[:n]


def quads(triples: list[Triple], graph: ox.NamedNode) -> list[ox.Quad]:
    text = "".join(f"{s} {p} {o} {graph} .\n" for s, p, o in triples)
    return list(ox.parse(input=text.encode(), format=ox.RdfFormat.N_QUADS))


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def bench_size(domain, n: int, tmp: Path, batch_size: int, repeats: int) -> dict[str, float]:
    data = generate(n)
    store = EmbeddedStore.create(tmp / f"store-{n}")
    accepted = store.graph_node("accepted")
    store.add_quads(quads(data, accepted))
    m = Materializer(domain, store)
    cpu0 = time.process_time()
    inferred, t_rebuild = timed(m.rebuild)
    cpu = time.process_time() - cpu0
    print(f"  rebuild: {len(data):,} asserted -> {inferred:,} inferred in {t_rebuild:.2f} s wall, "
          f"{cpu:.2f} s CPU of this process ({len(data) / t_rebuild:,.0f} asserted triples/s wall; "
          f"includes compacting the store); target < 120 s")

    def add_batch(target: EmbeddedStore, seed: int) -> tuple[float, float]:
        """(write to accepted + materialise, materialise only) for one new batch."""
        batch = batch_of(batch_size, n_countries=len(data) // 97, seed=seed)
        materializer = Materializer(domain, target)  # built once per store by a pipeline
        t0 = time.perf_counter()
        target.add_quads(quads(batch, accepted))
        t1 = time.perf_counter()
        materializer.add(batch)
        t2 = time.perf_counter()
        return t2 - t0, t2 - t1

    big, empty = [], []
    for seed in range(100, 100 + repeats):  # interleaved, so machine load hits both alike
        big.append(add_batch(store, seed))
        fresh = EmbeddedStore.create(tmp / f"empty-{n}-{seed}")
        empty.append(add_batch(fresh, seed))
        fresh.close()
    for k, what in ((1, "materialise only"), (0, "write accepted + materialise")):
        t_big = statistics.median(b[k] for b in big)
        t_empty = statistics.median(e[k] for e in empty)
        print(f"  add a {batch_size:,}-triple batch ({what}), median of {repeats}: "
              f"{t_big * 1000:.0f} ms on the {n:,} store, {t_empty * 1000:.0f} ms on an empty store "
              f"(ratio {t_big / t_empty:.2f}x; target <= 1.5x and < 1 s)")
    store.close()
    return {"rebuild": t_rebuild}


def restricted(triples, schema_terms: set[str], individuals: set[str]) -> set[Triple]:
    """Inferred triples about individuals with an ontology property or class: the part of
    OWL 2 RL both reasoners are asked to compute."""
    out = set()
    for s, p, o in triples:
        if s not in individuals:
            continue
        if p == TYPE and o in schema_terms:
            out.add((s, p, o))
        elif p in schema_terms and p != TYPE and (o in individuals or o.startswith('"')):
            out.add((s, p, o))
    return out


def bench_owlrl(domain, n: int) -> tuple[float, float, bool, int]:
    import owlrl
    from rdflib import Graph

    from reasoners.schema import term

    data = generate(n)
    nt = "".join(f"{s} {p} {o} .\n" for s, p, o in data)
    g = Graph()
    for t in domain.ontology:
        g.add(t)
    g.parse(data=nt, format="nt")
    before = {(term(s), term(p), term(o)) for s, p, o in g}
    _, t_owlrl = timed(lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g))
    theirs = {(term(s), term(p), term(o)) for s, p, o in g} - before

    m = Materializer(domain, store=None, domain_rules=False)  # type: ignore[arg-type]
    ours, t_ours = timed(lambda: m.closure(data))
    schema_terms = {term(x) for x in domain.ontology.subjects() if not str(x).startswith("_")} | {TYPE}
    individuals = {t for triple in data for t in (triple[0], triple[2]) if t.startswith(f"<{RESOURCE}")}
    a, b = restricted(ours, schema_terms, individuals), restricted(theirs, schema_terms, individuals)
    if a != b:
        print(f"    differ: ours-only {sorted(a - b)[:3]} owlrl-only {sorted(b - a)[:3]}")
    return t_owlrl, t_ours, a == b, len(a)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--owlrl-sizes", type=int, nargs="*", default=[1_000, 5_000])
    ap.add_argument("--owlrl-limit", type=float, default=300.0, help="skip larger owlrl sizes after one takes longer")
    ap.add_argument("--batch", type=int, default=1_000)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    domain = load_domain("geography")
    print(f"reasoners.rules benchmark (geography ontology, {len(domain.ontology)} ontology triples)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            print(f"{n:,} asserted triples:")
            bench_size(domain, n, Path(tmp), args.batch, args.repeats)
    for n in args.owlrl_sizes:
        t_owlrl, t_ours, same, size = bench_owlrl(domain, n)
        print(f"{n:,} triples, in memory: owlrl {t_owlrl:.2f} s, ours {t_ours * 1000:.1f} ms "
              f"(owlrl/ours = {t_owlrl / t_ours:,.0f}x); same inferred triples (restricted, {size:,}): {same}")
        if t_owlrl > args.owlrl_limit:
            print("  owlrl over the time limit: larger sizes skipped")
            break


if __name__ == "__main__":
    main()
