"""Rule materialisation: each OWL 2 RL rule, domain rules, incremental = rebuild, and all of it
against owlrl's OWL 2 RL closure (an independent reasoner, as bench/reason.py compares)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import owlrl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.errors import OntologyError
from kg.store import init_store
from reasoners.rules import Materializer, compile_rule
from reasoners.schema import term

from .conftest import EX, ONTOLOGY, R, RULE, make_domain

A = RDF.type
TYPE = term(A)


def inferred(store) -> set[tuple[str, str, str]]:
    return {(term(q.subject), term(q.predicate), term(q.object)) for q in store.match(graph="inferred")}


def t(s, p, o) -> tuple[str, str, str]:
    return (term(s), term(p), term(o))


def owlrl_inferred(ontology: Graph, facts, rules: tuple[str, ...] = ()) -> set[tuple[str, str, str]]:
    """What owlrl's OWL 2 RL closure (with ``rules``, SPARQL CONSTRUCTs run by rdflib, applied
    to a common fixpoint) infers about the facts' individuals with the ontology's classes and
    properties: the part both reasoners are asked to compute (bench/reason.py's ``restricted``)."""
    g = Graph()
    g += ontology
    for f in facts:
        g.add(f)
    before = {t(*x) for x in g}
    while True:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
        new = [x for rule in rules for x in g.query(rule) if x not in g]
        if not new:
            break
        for x in new:
            g.add(x)
    individuals = {term(x) for f in facts for x in (f[0], f[2]) if str(x).startswith(str(R))}
    schema = {term(x) for x in ontology.subjects() if isinstance(x, URIRef)} | {TYPE}
    return {
        (s, p, o) for s, p, o in (t(*x) for x in g)
        if (s, p, o) not in before and s in individuals
        and ((p == TYPE and o in schema) or (p != TYPE and p in schema and (o in individuals or o.startswith('"'))))
    }


@pytest.mark.parametrize(
    "rule, asserted, expected",
    [
        ("cax-sco", [(R.paris, A, EX.City)], (R.paris, A, EX.Place)),
        ("cax-eqc1", [(R.lyon, A, EX.Town)], (R.lyon, A, EX.City)),
        ("cax-eqc2", [(R.lyon, A, EX.City)], (R.lyon, A, EX.Town)),
        ("prp-spo1", [(R.paris, EX.capitalOf, R.france)], (R.paris, EX.locatedIn, R.france)),
        ("prp-eqp1", [(R.paris, EX.locatedIn, R.france)], (R.paris, EX.within, R.france)),
        ("prp-eqp2", [(R.paris, EX.within, R.france)], (R.paris, EX.locatedIn, R.france)),
        ("prp-dom", [(R.paris, EX.capitalOf, R.france)], (R.paris, A, EX.City)),
        ("prp-rng", [(R.paris, EX.capitalOf, R.france)], (R.france, A, EX.Country)),
        ("prp-inv1", [(R.paris, EX.capitalOf, R.france)], (R.france, EX.hasCapital, R.paris)),
        ("prp-inv2", [(R.france, EX.hasCapital, R.paris)], (R.paris, EX.capitalOf, R.france)),
        ("prp-symp", [(R.france, EX.borders, R.spain)], (R.spain, EX.borders, R.france)),
        (
            "prp-trp",
            [(R.montmartre, EX.locatedIn, R.paris), (R.paris, EX.locatedIn, R.france)],
            (R.montmartre, EX.locatedIn, R.france),
        ),
        (
            "rule:city_continent",
            [(R.paris, A, EX.City), (R.paris, EX.locatedIn, R.france), (R.france, A, EX.Country),
             (R.france, EX.onContinent, R.europe)],
            (R.paris, EX.onContinent, R.europe),
        ),
    ],
)
def test_each_rule_infers_its_consequence(domain, store, rule, asserted, expected):
    store.add_triples(asserted)
    n = Materializer(domain, store).add(asserted)
    got = inferred(store)
    assert t(*expected) in got, rule
    assert n == len(got)
    assert not {t(*x) for x in asserted} & got  # asserted triples never go to inferred
    assert got == owlrl_inferred(domain.ontology, asserted, (RULE,) if rule.startswith("rule:") else ())


def test_literal_objects_get_no_range_type_and_no_inverse(domain, store):
    asserted = [(R.paris, EX.population, Literal(2100000, datatype=XSD.nonNegativeInteger))]
    store.add_triples(asserted)
    assert Materializer(domain, store).add(asserted) == 0
    assert owlrl_inferred(domain.ontology, asserted) == set()


def test_domain_rule_fires_whichever_premise_arrives_last(domain, store):
    m = Materializer(domain, store)
    first = [(R.france, EX.onContinent, R.europe), (R.france, A, EX.Country)]
    store.add_triples(first)
    m.add(first)
    assert t(R.paris, EX.onContinent, R.europe) not in inferred(store)
    # the city's facts come later: the delta joins against what the store already holds
    second = [(R.paris, EX.capitalOf, R.france)]  # gives City (prp-dom) and locatedIn (prp-spo1)
    store.add_triples(second)
    m.add(second)
    assert t(R.paris, EX.onContinent, R.europe) in inferred(store)


def test_rebuild_recomputes_the_same_and_drops_stale(domain, store):
    m = Materializer(domain, store)
    batch = [(R.a, EX.locatedIn, R.b), (R.b, EX.locatedIn, R.c), (R.paris, EX.capitalOf, R.france)]
    store.add_triples(batch)
    m.add(batch)
    before = inferred(store)
    assert m.rebuild() == len(before)
    assert inferred(store) == before
    # asserting a triple that was inferred moves it out of inferred
    store.add_triples([(R.a, EX.locatedIn, R.c)])
    m.add([(R.a, EX.locatedIn, R.c)])
    assert t(R.a, EX.locatedIn, R.c) not in inferred(store)
    after = inferred(store)
    m.rebuild()
    assert inferred(store) == after


@pytest.mark.parametrize("run", ["update", "rebuild"])
def test_inferences_about_a_blank_node_stay_on_that_node(domain, store, run):
    """`kg reason` wrote what it inferred about a blank node (``x capitalOf [ ]``: the node is a
    Country) onto a new blank node nothing else named, and each rerun added another copy."""
    from rdflib import BNode

    batch = [(R.paris, EX.capitalOf, BNode("c"))]
    store.add_triples(batch)
    m = Materializer(domain, store)
    for _ in range(2):
        getattr(m, run)()
    node = next(iter(store.match(None, None, None, graph="accepted"))).object
    country = str(EX.Country)
    assert {str(q.object) for q in store.match(node, None, None, graph="inferred")} >= {f"<{country}>"}
    assert len(list(store.match(graph="inferred"))) == len(m.entailed())


def test_the_shipped_geography_rule_compiles_and_fires(store):
    from kg.ontology import load_domain

    geo = load_domain("geography")
    G = "https://w3id.org/kgdistill/ontology/geography#"
    asserted = [
        (R.lyon, URIRef(G + "locatedIn"), R.france),
        (R.lyon, A, URIRef(G + "City")),
        (R.france, A, URIRef(G + "Country")),
        (R.france, URIRef(G + "onContinent"), R.europe),
    ]
    store.add_triples(asserted)
    Materializer(geo, store).add(asserted)
    assert t(R.lyon, URIRef(G + "onContinent"), R.europe) in inferred(store)


@pytest.mark.parametrize(
    "text, message",
    [
        ("CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b }", "constant predicate"),
        ("CONSTRUCT { ?a <urn:p> ?b } WHERE { ?a <urn:q> ?b FILTER(?a > ?b) }", "may only say that variables differ"),
        ("CONSTRUCT { ?a <urn:p> ?z } WHERE { ?a <urn:q> ?b }", "not bound"),
        ("SELECT * WHERE { ?a <urn:q> ?b }", "CONSTRUCT"),
        ("CONSTRUCT { nonsense", "not valid SPARQL"),
    ],
)
def test_unsupported_rules_are_refused_with_the_reason(text, message):
    with pytest.raises(OntologyError, match=message):
        compile_rule(text, name="bad")


def test_a_rule_file_saved_with_a_byte_order_mark_loads_and_domain_show_checks_the_rules(tmp_path, capsys):
    """A rule file saved with a UTF-8 byte-order mark (Windows Notepad) broke `kg reason` ("not
    valid SPARQL ... found '\\ufeff'") while the domain's other files took one; `kg domain show`,
    which says it loads a domain as a run does, exited 0 on a rule that does not compile."""
    import shutil

    from kg.config import resolve_domain_path
    from tests.conftest import kg_exit_code

    folder = tmp_path / "geo"
    shutil.copytree(resolve_domain_path("geography"), folder)
    rule = folder / "rules" / "city_on_continent.rq"
    rule.write_bytes(b"\xef\xbb\xbf" + rule.read_bytes())
    assert kg_exit_code("domain", "show", str(folder)) == 0
    assert "1 rule: city_on_continent" in capsys.readouterr().out
    assert kg_exit_code("init", str(tmp_path / "s"), "--domain", str(folder)) == 0
    assert kg_exit_code("reason", "--store", str(tmp_path / "s")) == 0
    (folder / "rules" / "broken.rq").write_text("CONSTRUCT { nonsense", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("domain", "show", str(folder)) == 1
    assert "broken.rq: not valid SPARQL" in capsys.readouterr().err


# -- incremental = rebuild, on random batch orders -------------------------------------------

ENTITIES = [R[f"e{i}"] for i in range(6)]
PREDICATES = [EX.locatedIn, EX.capitalOf, EX.hasCapital, EX.borders, EX.within, EX.onContinent, EX.unrelated, A]
CLASSES = [EX.City, EX.Country, EX.Town, EX.Place]
CHAINS = ONTOLOGY + """
ex:capitalOn a owl:ObjectProperty ; owl:propertyChainAxiom ( ex:capitalOf ex:onContinent ) .
ex:neighbourOn a owl:ObjectProperty ; owl:propertyChainAxiom ( ex:borders ex:locatedIn ex:onContinent ) .
"""


@st.composite
def triples(draw):
    p = draw(st.sampled_from(PREDICATES))
    s = draw(st.sampled_from(ENTITIES))
    o = draw(st.sampled_from(CLASSES if p == A else ENTITIES))
    return (s, p, o)


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(facts=st.lists(triples(), min_size=1, max_size=25), cuts=st.lists(st.integers(0, 25), max_size=4))
@pytest.mark.parametrize("ontology", [ONTOLOGY, CHAINS], ids=["ontology", "property-chains"])
def test_incremental_equals_rebuild_on_random_batches(ontology, facts, cuts):
    bounds = sorted({0, len(facts), *[c % (len(facts) + 1) for c in cuts]})
    with tempfile.TemporaryDirectory() as tmp:
        domain = make_domain(Path(tmp), ontology=ontology, rules={"city_continent": RULE})
        store = init_store(Path(tmp) / "s")
        m = Materializer(domain, store)
        for lo, hi in zip(bounds, bounds[1:]):
            batch = facts[lo:hi]
            store.add_triples(batch)
            m.add(batch)
        incremental = inferred(store)
        m.rebuild()
        assert inferred(store) == incremental
        assert incremental == m.closure(facts) - {t(*f) for f in facts}
        store.close()


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    facts=st.lists(triples(), min_size=1, max_size=25), cuts=st.lists(st.integers(0, 25), max_size=4),
    forget=st.booleans(),
)
def test_tracked_derive_before_the_write_equals_rebuild(facts, cuts, forget):
    """The pipeline's way: one view kept across batches, each batch's inferences derived before
    the batch is written and written with it, triples now asserted moved out of ``inferred``.
    The first view starts on an empty store (it never asks the store); with ``forget``, later
    batches start a new view on the non-empty store."""
    from kg.provenance import triples_nquads
    from reasoners.rules import _quads

    bounds = sorted({0, len(facts), *[c % (len(facts) + 1) for c in cuts]})
    with tempfile.TemporaryDirectory() as tmp:
        domain = make_domain(Path(tmp), rules={"city_continent": RULE})
        store = init_store(Path(tmp) / "s")
        m = Materializer(domain, store)
        m.track_writes()
        for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
            if forget and i:
                m.forget()
            new = [f for f in dict.fromkeys(facts[lo:hi]) if next(iter(store.match(*f, graph="accepted")), None) is None]
            result = m.derive(new)
            store.add_triples(new)
            store.add_nquads(triples_nquads(result.derived))
            if result.stale:
                store.remove_quads(_quads(result.stale))
        incremental = inferred(store)
        m.rebuild()
        assert inferred(store) == incremental
        assert incremental == m.closure(facts) - {t(*f) for f in facts}
        store.close()


# owlrl has prp-fp (a functional property's two values are owl:sameAs, then every fact is
# copied across); our rules leave functional properties to the checks, so the random facts
# are compared under the ontology without its functional properties
NO_FUNCTIONAL = ONTOLOGY.replace(", owl:FunctionalProperty", "")


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(facts=st.lists(triples(), min_size=1, max_size=25))
def test_closure_equals_owlrl_on_random_facts(facts):
    with tempfile.TemporaryDirectory() as where:
        domain = make_domain(Path(where), ontology=NO_FUNCTIONAL, rules={"city_continent": RULE})
        store = init_store(Path(where) / "s")
        store.add_triples(facts)
        Materializer(domain, store).add(facts)
        assert inferred(store) == owlrl_inferred(domain.ontology, facts, (RULE,))
        store.close()


def test_a_property_chain_infers_and_explains_as_owlrl_does(tmp_path):
    """owl:propertyChainAxiom (prp-spo2) was accepted and never used: residesIn ≡ livesIn ∘
    locatedIn gave nothing, where owlrl derives it; now it infers, and `kg why` cites the chain."""
    from reasoners.explain import explain

    domain = make_domain(tmp_path, ontology=CHAINS)
    store = init_store(tmp_path / "s")
    facts = [(R.paris, EX.capitalOf, R.france), (R.france, EX.onContinent, R.europe),
             (R.spain, EX.borders, R.e1), (R.e1, EX.locatedIn, R.e2), (R.e2, EX.onContinent, R.asia)]
    m = Materializer(domain, store)
    for f in facts:  # one at a time: each premise arrives last once
        store.add_triples([f])
        m.add([f])
    got = inferred(store)
    assert {t(R.paris, EX.capitalOn, R.europe), t(R.spain, EX.neighbourOn, R.asia)} <= got
    assert got == owlrl_inferred(domain.ontology, facts)
    m.rebuild()
    assert inferred(store) == got
    why = explain(store, (R.spain, EX.neighbourOn, R.asia), domain=domain)
    assert why.tree.rule == "prp-spo2" and len(why.tree.premises) == 3
    assert "owl:propertyChainAxiom" in why.tree.axioms[0]
    store.close()

