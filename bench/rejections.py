"""Benchmark: finding the rejections whose every reason is the learned critic's.

Two readers need them: the generator's unfiltered corpus (``--unfiltered``: the accepted graph
plus the candidates only the critic rejected) and ``kg critic rescore`` (the candidates a new
critic may promote). Both asked with ``FILTER EXISTS`` / ``FILTER NOT EXISTS`` per rejection,
which pyoxigraph evaluates by scanning the reasons again for every rejection: on a store made by
ingesting ATOMIC 2020's dev file (21,000 rejections) the corpus query took 285 s and rescoring's
266 s. Now each is one grouped pass over the reasons (``GROUP BY ... HAVING``).

    python bench/rejections.py                 # 6,000 candidates, a third of them critic-only rejections
    python bench/rejections.py --size 20000

Builds a store in a temporary folder, then times the old queries (kept here as the baseline)
against the code's own, in this process, checks that both find the same rejections, and prints
the ratios.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CS = "https://w3id.org/kgdistill/ontology/commonsense#"
RELATIONS = ("xWant", "xNeed", "xIntent", "xReact", "xEffect", "xAttr")


def _old_corpus_query(graph, kg, critic: str) -> str:
    rdf, prov = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/ns/prov#"
    check = f"<{kg.check}>"
    return (
        f"SELECT DISTINCT ?s ?p ?o (STRENDS(STR(?t), \":human\") AS ?human) WHERE {{ "
        f"GRAPH <{graph['rejected']}> {{ ?n a <{kg.Rejection}> ; <{rdf}subject> ?s ; <{rdf}predicate> ?p ; "
        f"<{rdf}object> ?o ; <{prov}wasDerivedFrom> ?c . "
        f"FILTER EXISTS {{ ?n <{kg.reason}> ?r1 . ?r1 {check} ?k1 FILTER(STR(?k1) = \"{critic}\") }} "
        f"FILTER NOT EXISTS {{ ?n <{kg.reason}> ?r2 . ?r2 {check} ?k2 FILTER(STR(?k2) != \"{critic}\") }} }} "
        f"GRAPH <{graph['provenance']}> {{ {{ ?c <{prov}wasGeneratedBy> ?g . ?g <{kg.teacher}> ?t }} UNION {{ ?c <{kg.teacher}> ?t }} }} }}"
    )


def _old_rescore_query(p: str, kg, critic: str) -> str:
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return (
        f"SELECT ?r ?s ?o WHERE {{ ?r <{rdf}type> <{kg.Rejection}> ; <{rdf}predicate> <{p}> ; <{rdf}subject> ?s ; <{rdf}object> ?o . "
        f'FILTER EXISTS {{ ?r <{kg.reason}> ?x . ?x <{kg.check}> ?c1 FILTER(STR(?c1) = "{critic}") }} '
        f'FILTER NOT EXISTS {{ ?r <{kg.reason}> ?y . ?y <{kg.check}> ?c2 FILTER(STR(?c2) != "{critic}") }} '
        f"FILTER NOT EXISTS {{ ?r <{kg.confirmedBy}> ?review }} FILTER(isIRI(?s) && !isBlank(?o)) }}"
    )


def _build(location: Path, size: int) -> None:
    """``size`` candidates over the relations: a third rejected by the critic alone, a third by
    the critic and a shape, a third by a shape alone (each with a completion and a teacher)."""
    from rdflib import URIRef

    from kg.iri import mint_iri
    from kg.records import Candidate, Completion, CriticMark, Reason, Verdict
    from kg.store import init_store

    st = init_store(location)
    try:
        verdicts = []
        for i in range(size):
            relation = RELATIONS[i % len(RELATIONS)]
            head, tail = f"PersonX does thing {i // 7}", f"outcome {i}"
            completion = Completion(prompt_id=f"p{i}", prompt=f"{head} {relation}", teacher="bench:teacher", text=tail)
            cand = Candidate(mint_iri(head), URIRef(CS + relation), mint_iri(tail), span=tail, extractor="lists",
                             subject_label=head, object_label=tail, completion=completion)
            reasons = [(Reason("critic", "low"),), (Reason("shape", "too long"), Reason("critic", "low")), (Reason("shape", "too long"),)][i % 3]
            verdicts.append(Verdict(cand, False, reasons, 0.1, CriticMark("bench:critic", 0.1, 0.5)))
        st.write(verdicts)
    finally:
        st.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=6000, help="rejected candidates in the store")
    args = parser.parse_args()

    import pyoxigraph as ox

    from kg.critic import CRITIC_CHECK
    from kg.critics.rescore import _rejections
    from kg.namespaces import GRAPH, KG
    from kg.store import open_store
    from kg.students.generator_data import _writers

    with tempfile.TemporaryDirectory() as tmp:
        location = Path(tmp) / "store"
        t = time.perf_counter()
        _build(location, args.size)
        print(f"store: {args.size:,} rejected candidates written in {time.perf_counter() - t:.1f} s")
        st = open_store(str(location))
        try:
            t = time.perf_counter()
            old = {(r[0].value, r[1].value, r[2].value) for r in st.query(_old_corpus_query(GRAPH, KG, CRITIC_CHECK), graph="all")}
            old_corpus = time.perf_counter() - t
            t = time.perf_counter()
            new = {(s.value, p, o.value) for s, p, o, _who in _writers(st, quarantined=True).values()}
            new_corpus = time.perf_counter() - t
            assert old == new, "the corpus queries disagree"
            old_rescore = new_rescore = 0.0
            for relation in RELATIONS:
                p = CS + relation
                t = time.perf_counter()
                before = {r[0].value for r in st.query(_old_rescore_query(p, KG, CRITIC_CHECK), graph="rejected")}
                old_rescore += time.perf_counter() - t
                t = time.perf_counter()
                after = {r.node.value for r in _rejections(st, ox.NamedNode(p))}
                new_rescore += time.perf_counter() - t
                assert before == after, f"the rescoring queries disagree on {relation}"
        finally:
            st.close()
    print(f"unfiltered corpus ({len(new):,} critic-only rejections): FILTER EXISTS {old_corpus:.2f} s, grouped {new_corpus:.2f} s: "
          f"{old_corpus / new_corpus:.0f}x faster")
    print(f"rescore's rejections ({len(RELATIONS)} relations): FILTER EXISTS {old_rescore:.2f} s, grouped {new_rescore:.2f} s: "
          f"{old_rescore / new_rescore:.0f}x faster")


if __name__ == "__main__":
    main()
