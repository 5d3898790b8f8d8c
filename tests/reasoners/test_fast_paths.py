"""The store fast paths of the reasoners give the same results as the plain definitions.

``Materializer.add`` answers "already known?" with point lookups and joins with cached scans;
``ConflictChecker`` reads each entity's classes with batched SPARQL, reads order edges and
reverse facts with targeted lookups, and searches backwards first for a cycle. Here random stores and batches are run through both the
fast paths and plain references (the in-memory closure; a checker that reads every fact).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from kg.records import Candidate, Verdict
from kg.store import init_store
from reasoners.conflict_facts import edges
from reasoners.conflicts import ConflictChecker
from reasoners.rules import Materializer
from reasoners.schema import term

from .conftest import EX, R, RULE, make_domain

A = RDF.type
ORDER_RULE = """
PREFIX ex: <http://example.org/onto#>
CONSTRUCT { ?a ex:isBefore ?c } WHERE { ?a ex:isBefore ?b . ?b ex:isBefore ?c . }
"""
ENTITIES = [R[f"e{i}"] for i in range(7)]
PREDICATES = [
    EX.locatedIn, EX.capitalOf, EX.hasCapital, EX.borders, EX.within, EX.onContinent, EX.isBefore,
    EX.isAfter, EX.Desires, EX.NotDesires, EX.unrelated, A,
]
CLASSES = [EX.City, EX.Country, EX.Town, EX.Place]


@st.composite
def triples(draw):
    p = draw(st.sampled_from(PREDICATES + [EX.population]))
    s = draw(st.sampled_from(ENTITIES))
    if p == A:
        o = draw(st.sampled_from(CLASSES))
    elif p == EX.population:
        o = Literal(draw(st.integers(0, 3)), datatype=XSD.nonNegativeInteger)
    else:
        o = draw(st.sampled_from(ENTITIES))
    return (s, p, o)


def inferred(store) -> set[tuple[str, str, str]]:
    return {(term(q.subject), term(q.predicate), term(q.object)) for q in store.match(graph="inferred")}


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(facts=st.lists(triples(), min_size=1, max_size=40), cuts=st.lists(st.integers(0, 40), max_size=5))
def test_incremental_add_equals_the_in_memory_closure(facts, cuts):
    """Batches (some re-asserting what an earlier batch inferred) give the closure exactly."""
    bounds = sorted({0, len(facts), *[c % (len(facts) + 1) for c in cuts]})
    with tempfile.TemporaryDirectory() as tmp:
        domain = make_domain(Path(tmp), rules={"city_continent": RULE, "order": ORDER_RULE})
        store = init_store(Path(tmp) / "s")
        m = Materializer(domain, store)
        for lo, hi in zip(bounds, bounds[1:]):
            store.add_triples(facts[lo:hi])
            m.add(facts[lo:hi])
        asserted = {(term(s), term(p), term(o)) for s, p, o in facts}
        assert inferred(store) == m.closure(facts) - asserted
        store.close()


class PlainChecker(ConflictChecker):
    """The conflict checks on every fact of an entity, with no batched or targeted reads."""

    def _prefetch_types(self, entities):
        pass

    def _store_types(self, x):
        return frozenset(self.schema.disjoint_classes)  # never skip the loop over the facts

    def _stored_edges(self, x, p, inverses):
        return list(edges(self._store_facts(x), x, p, inverses))

    def _may_reach(self, start, goal, p, batch):
        return True  # always search for a cycle forwards

    def _reverse_facts(self, t, inverses, batch):
        s, p, o = t
        return [
            f
            for f in self._facts(s, batch)
            if (f.triple[1] == p and f.triple[0] == o and f.triple[2] == s)
            or (f.triple[1] in inverses and f.triple[0] == s and f.triple[2] == o)
        ]


def _verdict(triple, confidence: float) -> Verdict:
    s, p, o = triple
    label = str(s).rsplit("/", 1)[-1] if confidence > 0.5 else None
    return Verdict.accept(Candidate(s, p, o, extractor="test", span="x", subject_label=label), confidence)


confidences = st.sampled_from([0.3, 0.5, 0.5, 0.7, 0.9])


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    stored=st.lists(st.tuples(triples(), confidences, st.booleans()), max_size=25),
    batches=st.lists(st.lists(st.tuples(triples(), confidences), min_size=1, max_size=15), min_size=1, max_size=3),
)
def test_conflict_verdicts_equal_the_plain_checks(stored, batches):
    with tempfile.TemporaryDirectory() as tmp:
        domain = make_domain(Path(tmp))
        store = init_store(Path(tmp) / "s")
        for triple, confidence, from_file in stored:
            if from_file:
                store.add_triples([triple], source="file:///facts.ttl")
            else:
                store.write([_verdict(triple, confidence)])
        store.add_triples([(ENTITIES[0], RDFS.label, Literal("first"))])
        fast, plain = ConflictChecker(domain, store), PlainChecker(domain, store)
        for batch in batches:
            verdicts = [_verdict(t, c) for t, c in batch]
            out = fast.resolve(verdicts)
            assert out == plain.resolve(verdicts)
            store.write(out)  # the next batch sees this one's accepted facts
        store.close()
