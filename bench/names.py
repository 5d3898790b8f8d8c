"""Entity resolution of names a store does not know, as the store grows.

    python bench/names.py [--sizes 2000 20000 200000] [--queries 300]

An answer's name that no index key finds goes through the rules that look for a known name
written otherwise: with a middle initial ("Charles Francis Richter" of "Charles F. Richter"), a
genus's initial, a country's initials, a realm after a ruler. Each looks names up by their first or
last word or their initials (``extractors.normalize._NameWords``), so the time per unknown name
should grow far slower than the store. The store holds ``N`` people of three random words in a
domain that types people (the genealogy corpus's); the queries are other such names, each
resolved once (``Normalizer.named_entity``), after one warm-up that builds the indexes. Each line
prints ms per unknown name and its ratio to the smallest store's, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from pathlib import Path

from extractors.normalize import Normalizer
from kg.namespaces import GRAPH
from kg.ontology import load_domain
from kg.store import init_store

DOMAIN = Path(__file__).resolve().parents[1] / "tests" / "extractors" / "corpus" / "genealogy" / "domain"


def _name(rng: random.Random) -> str:
    return " ".join(rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=6)) for _ in range(3))


def ms_per_unknown_name(size: int, queries: int) -> float:
    """Milliseconds per unknown three-word name against a store of ``size`` named people."""
    rng = random.Random(size)
    store = init_store(Path(tempfile.mkdtemp()) / "store")
    accepted = GRAPH["accepted"]
    store.add_nquads("\n".join(
        f'<urn:bench:p{i}> <http://www.w3.org/2000/01/rdf-schema#label> "{_name(rng)}" <{accepted}> .' for i in range(size)))
    normalizer = Normalizer(load_domain(DOMAIN), store)
    normalizer.named_entity("Warm Up Name")  # the label index, the fuzzy index and the name indexes, built once
    names = [_name(rng) for _ in range(queries)]
    start = time.perf_counter()
    for name in names:
        normalizer.named_entity(name)
    return (time.perf_counter() - start) / queries * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 200000], help="known names in the store")
    parser.add_argument("--queries", type=int, default=300, help="unknown names resolved at each size")
    args = parser.parse_args()
    print(f"{'known names':>12}{'ms per unknown name':>22}{'vs smallest':>14}")
    first = None
    for size in args.sizes:
        ms = ms_per_unknown_name(size, args.queries)
        first = first or ms
        print(f"{size:>12}{ms:>22.2f}{ms / first:>13.1f}x")


if __name__ == "__main__":
    main()
