"""The Python reasoning API: KnowledgeGraph.open, query, add, neighbors, paths, and the methods
that delegate to the reasoners, the pipeline and the students (tested where those exist)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.api import KnowledgeGraph
from kg.errors import KGError

GEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"
ROOT = Path(__file__).resolve().parents[2]


def has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.fixture
def geo(store_dir, sample_ttl):
    with KnowledgeGraph.create(store_dir) as kg:
        kg.load(sample_ttl)
    kg = KnowledgeGraph.open(store_dir)
    yield kg
    kg.close()


def test_open_query_add(geo):
    rows = geo.query("SELECT ?c WHERE { ?c a kgeo:Country } ORDER BY ?c").bindings()
    assert [str(r["c"]) for r in rows] == [RES + "france", RES + "spain"]
    n = geo.add([(URIRef(RES + "madrid"), URIRef(GEO + "capitalOf"), URIRef(RES + "spain"))], source="test")
    assert n == 1
    assert geo.query("ASK { res:madrid kgeo:capitalOf res:spain }").boolean


def test_resolve_labels_and_iris(geo):
    assert geo.resolve("France") == URIRef(RES + "france")
    assert geo.resolve("france") == URIRef(RES + "france")  # case-insensitive label
    assert geo.resolve("res:spain") == URIRef(RES + "spain")
    assert geo.resolve(RES + "lyon") == URIRef(RES + "lyon")
    from kg.iri import mint_iri

    assert geo.resolve('Évry" } "quoted') == mint_iri('Évry" } "quoted')  # unknown: minted, no injection
    with pytest.raises(KGError):
        geo.resolve("  ")
    with pytest.raises(KGError, match="not a valid IRI"):
        geo.neighbors("http://example.org/x> } UNION { ?s ?p ?o")


def test_neighbors(geo):
    facts = {(n.direction, n.predicate.rsplit("#", 1)[-1], n.label or n.node) for n in geo.neighbors("France")}
    assert facts == {
        ("out", "type", GEO + "Country"),
        ("out", "borders", "Spain"),
        ("out", "onContinent", "Europe"),
        ("in", "capitalOf", "Paris"),
        ("in", "locatedIn", "Lyon"),
    }
    paris = {str(n.fact) for n in geo.neighbors(RES + "paris")}
    assert "Paris --capitalOf--> France" in paris
    assert "Paris --population--> '2102650'" in paris


def test_paths(geo):
    paths = geo.paths("Lyon", "Spain")
    assert [[str(f) for f in p] for p in paths] == [["Lyon --locatedIn--> France", "France --borders--> Spain"]]
    assert geo.paths("Lyon", "Spain", directed=True)[0][-1].object == RES + "spain"
    assert geo.paths("Lyon", "Spain", max_length=1) == []
    assert geo.paths("Lyon", "Atlantis") == []
    # the cached graph follows writes made through the API
    geo.add([(URIRef(RES + "lyon"), URIRef(GEO + "borders"), URIRef(RES + "spain"))])
    assert [str(f) for f in geo.paths("Lyon", "Spain")[0]] == ["Lyon --borders--> Spain"]


def test_open_remote_url_gives_remote_store():
    from kg.remote import RemoteStore

    kg = KnowledgeGraph.open("http://127.0.0.1:9/sparql")
    assert isinstance(kg.store, RemoteStore)
    kg.close()


def test_missing_layer_is_a_clear_error(geo, monkeypatch):
    import importlib

    real = importlib.import_module

    def fake(name, *a, **k):
        if name == "reasoners.explain":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(KGError, match="needs the module reasoners.explain"):
        geo.why(("Paris", GEO + "capitalOf", "France"))


@pytest.mark.skipif(not has("reasoners.rules"), reason="needs reasoners.rules (not in this tree yet)")
def test_infer_with_the_geography_rules(geo):
    n = geo.infer(ROOT / "ontologies" / "geography")
    assert n > 0
    assert geo.query("ASK { GRAPH graph:inferred { ?s ?p ?o } }", graph="all").boolean


@pytest.mark.skipif(not has("reasoners.explain"), reason="needs reasoners.explain (not in this tree yet)")
def test_why_explains_an_accepted_fact(geo):
    explanation = geo.why(("Paris", GEO + "capitalOf", "France"))
    assert explanation is not None
    assert "capitalOf" in str(explanation) or "paris" in str(explanation).lower()


@pytest.mark.java
@pytest.mark.skipif(not has("reasoners.owl"), reason="needs reasoners.owl (not in this tree yet)")
def test_check_finds_the_sample_consistent(geo):
    report = geo.check(ROOT / "ontologies" / "geography")
    assert report.consistent is True
