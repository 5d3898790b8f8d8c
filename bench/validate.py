"""Benchmark: validating a batch must not get slower as the store grows.

Builds embedded stores of 0, 100k and 1M triples of synthetic geography data (countries,
cities, capitals, borders, populations, areas), then validates batches of 1,000 candidates
against each with :class:`kg.validate.Validator` (incremental: batch + neighbourhood), and
compares with the obvious alternative measured in the same run: pySHACL over the whole data
graph (store + batch), at the sizes where that finishes in reasonable time.

    python bench/validate.py                       # 0, 100k, 1M; full pySHACL up to 100k
    python bench/validate.py --sizes 0 100000 --full-max 100000 --batches 3

Every batch mixes new facts with facts about entities already in the store, so the
validator must look at the store: new cities in existing countries, second capitals of
existing countries (rejected: cardinality), new populations of existing cities (rejected),
borders between existing countries, new countries with capitals.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.provenance import ACCEPTED
from kg.records import Candidate
from kg.store import EmbeddedStore
from kg.validate import Validator

GEO = "https://w3id.org/kgdistill/ontology/geography#"
COUNTRIES = 2000  # countries in every store of 100k triples or more
TRIPLES_PER_COUNTRY = 11  # type, label, continent, population, area, ~6 borders
TRIPLES_PER_CITY = 4  # type, label, locatedIn, population (+ capitalOf for one city a country)
POOL_COUNTRIES, POOL_CITIES = 2000, 5000
"""Every batch draws its existing entities from the same pools, whatever the store size, so the
batches differ only in what the store already knows about them."""


def _g(name: str) -> ox.NamedNode:
    return ox.NamedNode(GEO + name)


def country(i: int) -> str:
    return f"Synthland {i}"


def city(i: int) -> str:
    return f"Synthville {i}"


def synthetic_quads(n_triples: int, seed: int = 7) -> tuple[list[ox.Quad], int, int]:
    """About ``n_triples`` triples of geography data; returns (quads, countries, cities)."""
    rng = random.Random(seed)
    n_countries = min(COUNTRIES, n_triples // 50)
    n_cities = max(0, (n_triples - n_countries * TRIPLES_PER_COUNTRY - n_countries) // TRIPLES_PER_CITY)
    iri = lambda label: ox.NamedNode(str(mint_iri(label)))  # noqa: E731
    typ, label = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.label))
    nni = ox.NamedNode(str(XSD.nonNegativeInteger))
    continents = [iri(n) for n in ("Africa", "Asia", "Europe", "North America", "South America", "Oceania")]
    quads: list[ox.Quad] = []
    add = lambda s, p, o: quads.append(ox.Quad(s, p, o, ACCEPTED))  # noqa: E731
    for k in range(n_countries):
        c = iri(country(k))
        add(c, typ, _g("Country"))
        add(c, label, ox.Literal(country(k)))
        add(c, _g("onContinent"), continents[k % len(continents)])
        add(c, _g("population"), ox.Literal(str(rng.randint(10_000, 10_000_000)), datatype=nni))
        add(c, _g("area"), ox.Literal(str(rng.randint(100, 1_000_000)), datatype=ox.NamedNode(str(XSD.decimal))))
        for other in rng.sample(range(n_countries), min(3, n_countries)):
            if other != k:
                add(c, _g("borders"), iri(country(other)))
                add(iri(country(other)), _g("borders"), c)
    for i in range(n_cities):
        ci = iri(city(i))
        k = i % n_countries
        add(ci, typ, _g("City"))
        add(ci, label, ox.Literal(city(i)))
        add(ci, _g("locatedIn"), iri(country(k)))
        add(ci, _g("population"), ox.Literal(str(rng.randint(1_000, 5_000_000)), datatype=nni))
        if i < n_countries:  # the first city of each country is its capital
            add(ci, _g("capitalOf"), iri(country(k)))
    return quads, n_countries, n_cities


def make_batch(b: int, n_countries: int, n_cities: int, size: int = 1000, seed: int = 11) -> list[Candidate]:
    """``size`` candidates; ``b`` numbers the batch so each batch's new names are fresh."""
    rng = random.Random(seed + b)
    m = mint_iri
    g = lambda name: URIRef(GEO + name)  # noqa: E731
    nni = lambda v: Literal(str(v), datatype=XSD.nonNegativeInteger)  # noqa: E731
    known_countries, known_cities = POOL_COUNTRIES, POOL_CITIES  # new names in a small store
    out: list[Candidate] = []
    base = 10_000_000 + b * 10_000
    for j in range(250):  # new cities in existing countries: 500 candidates
        name = city(base + j)
        out.append(Candidate(m(name), g("locatedIn"), m(country(rng.randrange(known_countries))), subject_label=name))
        out.append(Candidate(m(name), g("population"), nni(rng.randint(1_000, 900_000)), subject_label=name))
    for j in range(100):  # a second capital for an existing country (a cardinality rejection)
        name = city(base + 500 + j)
        out.append(Candidate(m(name), g("capitalOf"), m(country(rng.randrange(known_countries))), subject_label=name))
    for _ in range(100):  # a new population for an existing city (rejected when it is known)
        out.append(Candidate(m(city(rng.randrange(known_cities))), g("population"), nni(rng.randint(1_000, 900_000))))
    for _ in range(200):  # borders between existing countries
        a, z = rng.randrange(known_countries), rng.randrange(known_countries)
        if a == z:
            z = (z + 1) % known_countries
        out.append(Candidate(m(country(a)), g("borders"), m(country(z))))
    for j in range(100):  # new countries with their capitals
        cname, tname = country(base + j), city(base + 700 + j)
        out.append(Candidate(m(tname), g("capitalOf"), m(cname), subject_label=tname, object_label=cname))
    return out[:size]


def full_pyshacl_seconds(store: EmbeddedStore, batch: list[Candidate], domain) -> tuple[float, int, float]:
    """pySHACL over the whole data graph (store + batch), types included: the baseline.
    Returns (seconds in all, triples, seconds in pySHACL alone, without building the graph)."""
    import pyshacl
    from rdflib import Graph

    from kg.terms import from_ox

    start = time.perf_counter()
    data = Graph()
    for q in store.raw.quads_for_pattern(None, None, None, ACCEPTED):
        data.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    ix = domain.index
    for cand in batch:
        data.add(cand.triple)
        for node, cls in ((cand.subject, ix.domain.get(cand.predicate)), (cand.object, ix.range.get(cand.predicate))):
            if cls is not None and isinstance(node, URIRef):
                for sup in ix.ancestors(cls):
                    data.add((node, RDF.type, sup))
    for s, _, cls in list(data.triples((None, RDF.type, None))):
        for sup in ix.ancestors(cls):
            data.add((s, RDF.type, sup))
    built = time.perf_counter()
    pyshacl.validate(data, shacl_graph=domain.shapes, inference="none", advanced=False, inplace=True)
    end = time.perf_counter()
    return end - start, len(data), end - built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 100_000, 1_000_000])
    parser.add_argument("--batches", type=int, default=3, help="batches timed per size (median reported)")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--full-max", type=int, default=100_000, help="largest store size for the full-pySHACL baseline")
    args = parser.parse_args()

    domain = load_domain("geography")
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as tmp:
        for size in args.sizes:
            store = EmbeddedStore.create(Path(tmp) / f"s{size}")
            quads, n_countries, n_cities = synthetic_quads(size)
            t0 = time.perf_counter()
            if quads:
                store.raw.bulk_extend(quads)
            load_s = time.perf_counter() - t0
            n_triples = len(quads)
            del quads
            gc.collect()
            validator = Validator(domain, store)
            validator.validate(make_batch(99, n_countries, n_cities, args.batch_size))  # warm-up
            times, cpu, rejected = [], [], []
            for b in range(args.batches):
                batch = make_batch(b, n_countries, n_cities, args.batch_size)
                t0, c0 = time.perf_counter(), time.process_time()
                verdicts = validator.validate(batch)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                rejected.append(sum(not v.accepted for v in verdicts))
            per_batch = statistics.median(times)
            per_batch_cpu = statistics.median(cpu)
            full = None
            if size <= args.full_max:
                full = full_pyshacl_seconds(store, make_batch(0, n_countries, n_cities, args.batch_size), domain)
            rows.append((size, n_triples, load_s, per_batch, per_batch_cpu, rejected, full))
            store.close()
            print(
                f"store {n_triples:>9,} triples (load {load_s:5.1f} s): batch of {args.batch_size:,} in "
                f"{per_batch:.3f} s median wall ({min(times):.3f}-{max(times):.3f}), {per_batch_cpu:.3f} s CPU, "
                f"{args.batch_size / per_batch:,.0f} candidates/s, rejected per batch {rejected}"
                + (f"; full pySHACL over {full[1]:,} triples: {full[0]:.2f} s ({full[2]:.2f} s in pySHACL)" if full else "; full pySHACL: skipped"),
                flush=True,
            )

    base, base_cpu = rows[0][3], rows[0][4]
    print(
        "\n(wall time is noisy on a shared machine; CPU time is this process's own)\n"
        "| store triples | per batch wall (median) | vs empty | per batch CPU | vs empty | candidates/s (wall) "
        "| full pySHACL (store+batch) | incremental speed-up |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for _size, n, _load, per_batch, per_cpu, _rej, full in rows:
        full_text = f"{full[0]:.2f} s ({full[2]:.2f} s in pySHACL) over {full[1]:,} triples" if full else "not run"
        speed = f"{full[0] / per_batch:.1f}x" if full else "-"
        print(
            f"| {n:,} | {per_batch:.3f} s | {per_batch / base:.2f}x | {per_cpu:.3f} s | {per_cpu / base_cpu:.2f}x "
            f"| {args.batch_size / per_batch:,.0f} | {full_text} | {speed} |"
        )


if __name__ == "__main__":
    main()
