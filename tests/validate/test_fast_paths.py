"""The validator's fast paths give what the plain ones give: the compiled SHACL engine the same
verdicts as pySHACL, and the batch's store view the same answers as ``store.match``."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.iri import mint_iri as m
from kg.records import Candidate
from kg.store import EmbeddedStore
from kg.terms import from_ox, to_ox
from kg.validate import Validator
from kg.validate.view import StoreView as _StoreView

GEO = "https://w3id.org/kgdistill/ontology/geography#"
NAMES = ["Paris", "France", "Lyon", "Spain", "Europe", "Gotham", "Freedonia"]
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = EmbeddedStore.create(tmp_path_factory.mktemp("fast") / "store")
    yield s
    s.close()


def _fill(store, quads) -> None:
    for g in ("accepted", "inferred", "rejected"):
        store.clear_graph(g)
    store.add_quads([ox.Quad(to_ox(s), to_ox(p), to_ox(o), store.graph_node(g)) for s, p, o, g in quads])


def _geo_triples(geography):
    preds = [URIRef(GEO + r) for r in ("capitalOf", "hasCapital", "borders", "locatedIn", "onContinent")]
    classes = sorted(geography.index.classes)
    node = st.sampled_from([m(n) for n in NAMES])
    pop = st.integers(-5, 10).map(lambda v: Literal(str(v), datatype=XSD.nonNegativeInteger))
    return st.one_of(
        st.tuples(node, st.sampled_from(preds), node),
        st.tuples(node, st.just(RDF.type), st.sampled_from(classes)),
        st.tuples(node, st.just(URIRef(GEO + "population")), pop),
    )


@given(data=st.data())
@_SETTINGS
def test_compiled_shacl_gives_pyshacls_verdicts(geography, store, data):
    triples = _geo_triples(geography)
    _fill(store, [(*t, g) for t, g in data.draw(st.lists(st.tuples(triples, st.sampled_from(["accepted", "inferred"])), max_size=12))])
    batch = [Candidate(s, p, o, subject_label=str(s).rsplit("/", 1)[-1] if i % 2 else None)
             for i, (s, p, o) in enumerate(data.draw(st.lists(triples, min_size=1, max_size=12)))]
    compiled = Validator(geography, store, use_reference=False)
    assert compiled.shacl_fallback is None
    assert compiled.validate(batch) == Validator(geography, store, use_reference=False, shacl_engine="pyshacl").validate(batch)


@given(data=st.data())
@_SETTINGS
def test_store_view_answers_like_store_match(geography, store, data):
    triples = _geo_triples(geography)
    quads = data.draw(st.lists(st.tuples(triples, st.sampled_from(["accepted", "inferred", "rejected"])), max_size=15))
    _fill(store, [(*t, g) for t, g in quads])
    graphs = ("accepted", "inferred")
    view = _StoreView(store, graphs)
    nodes = [m(n) for n in NAMES]
    if data.draw(st.booleans()):
        view.prefetch(nodes[: data.draw(st.integers(0, len(nodes)))])
    preds = [URIRef(GEO + p) for p in ("capitalOf", "borders", "population")] + [RDF.type]
    for s in nodes:
        for p in preds:
            want = [from_ox(q.object) for g in graphs for q in store.match(s, p, None, graph=g)]
            assert view.values(s, p, None) == want
            assert view.has(s, p, None) == bool(want)
            assert view.values(s, p, None, graphs=("accepted",)) == [from_ox(q.object) for q in store.match(s, p, None)]
            want_in = [from_ox(q.subject) for g in graphs for q in store.match(None, p, s, graph=g)]
            assert view.values(None, p, s) == want_in
            assert view.has(None, p, s) == bool(want_in)
            for o in nodes[:3]:
                assert view.has(s, p, o) == any(True for g in graphs for _ in store.match(s, p, o, graph=g))


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path, geography):
    """A shapes graph outside the compiled subset runs on pySHACL, and the validator says why."""
    import shutil

    from kg.ontology import domains_dir, load_domain

    folder = tmp_path / "geo-xone"
    shutil.copytree(domains_dir() / "geography", folder)
    shapes = folder / "shapes.ttl"
    shapes.write_text(shapes.read_text() + """
geos:XoneShape a sh:NodeShape ; sh:targetSubjectsOf kgeo:borders ;
    sh:xone ( [ sh:class kgeo:Country ] [ sh:class kgeo:City ] ) .
""")
    domain = load_domain(folder)
    v = Validator(domain, use_reference=False)
    assert v.shacl_fallback is not None and "xone" in v.shacl_fallback
    [verdict] = v.validate([Candidate(m("Paris"), URIRef(GEO + "capitalOf"), m("France"))])
    assert verdict.accepted
    assert Validator(geography, shacl_engine="pyshacl").shacl_fallback == "shacl_engine='pyshacl'"
    with pytest.raises(ValueError):
        Validator(geography, shacl_engine="fast")


def test_the_reference_graph_is_indexed_once_per_loaded_domain(tmp_path, monkeypatch):
    """`KnowledgeGraph.validate` indexed the domain's reference graph again at every call (88% of
    a call's time in a web app, though the docs promise milliseconds after the first call); a
    domain whose files change is indexed again."""
    import shutil
    from pathlib import Path

    from kg.api import KnowledgeGraph
    from kg.validate import reference

    built = []
    real_init = reference.Reference.__init__
    monkeypatch.setattr(reference.Reference, "__init__", lambda self, *a, **k: built.append(1) or real_init(self, *a, **k))
    domain = tmp_path / "geo"
    shutil.copytree(Path(__file__).resolve().parents[2] / "ontologies" / "geography", domain)
    with KnowledgeGraph.create(tmp_path / "store") as kg:
        for _ in range(3):
            (verdict,) = kg.validate([("Lyon", "capitalOf", "France")], domain=str(domain))
            assert not verdict.accepted and verdict.reasons[0].check == "reference"
        assert len(built) == 1
        with (domain / "reference.ttl").open("a", encoding="utf-8") as fh:
            fh.write("\n# edited\n")
        kg.validate([("Lyon", "capitalOf", "France")], domain=str(domain))
        assert len(built) == 2
