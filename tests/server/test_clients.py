"""The queries a user writes, with the project's predeclared prefixes, through SPARQL clients
we did not write (rdflib's SPARQLStore, SPARQLWrapper) against a real ``kg serve``.

rdflib's SPARQLStore declares every prefix its graph binds in front of the query, ``geo:``
(GeoSPARQL) among them: a project prefix with a well-known name would be silently redefined,
and its queries would return no rows.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.namespaces import PREFIXES

GEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"

# (query, expected rows as tuples of strings), as a user types them
SELECTS = [
    ("SELECT ?city WHERE { ?city kgeo:capitalOf ?c . ?c rdfs:label 'France' }", [(RES + "paris",)]),
    ("SELECT ?c ?l WHERE { ?c a kgeo:Country ; rdfs:label ?l } ORDER BY ?l", [(RES + "france", "France"), (RES + "spain", "Spain")]),
    ("SELECT ?n WHERE { res:france kgeo:borders ?n }", [(RES + "spain",)]),
    ("SELECT ?pop WHERE { res:paris kgeo:population ?pop }", [("2102650",)]),
    ("SELECT ?city WHERE { ?city kgeo:locatedIn res:france }", [(RES + "lyon",)]),
    (
        "SELECT ?city ?k WHERE { ?city a kgeo:City ; kgeo:capitalOf ?c . ?c kgeo:onContinent ?k }",
        [(RES + "paris", RES + "europe")],
    ),
]


def test_no_predeclared_prefix_is_a_name_rdflib_binds_to_something_else():
    bound = dict(Graph().namespaces())  # rdflib's default bindings: geo, schema, foaf, dc, ...
    for prefix, iri in PREFIXES.items():
        if prefix in bound:
            assert str(bound[prefix]) == iri, f"{prefix}: is {bound[prefix]} to rdflib, {iri} to us"
    assert "geo" not in PREFIXES and PREFIXES["kgeo"] == GEO


@pytest.mark.parametrize("fmt", ["xml", "json"])  # rdflib's default, and the common choice
@pytest.mark.parametrize("query,expected", SELECTS)
def test_rdflib_sparqlstore_with_project_prefixes(server, query, expected, fmt):
    g = Graph(store=SPARQLStore(server.sparql, returnFormat=fmt))
    assert "geo" in dict(g.namespaces())  # what the client declares in front of every query
    rows = [tuple(str(v) for v in row) for row in g.query(query)]
    assert rows == expected


def test_rdflib_sparqlstore_ask_construct_and_triples(server):
    g = Graph(store=SPARQLStore(server.sparql))  # the default: SPARQL XML results, RDF/XML graphs
    assert g.query("ASK { res:paris kgeo:capitalOf res:france }").askAnswer is True
    assert g.query("ASK { res:paris kgeo:capitalOf res:spain }").askAnswer is False
    built = g.query("CONSTRUCT { ?k kgeo:hasCapital ?c } WHERE { ?c kgeo:capitalOf ?k }").graph
    assert set(built) == {(URIRef(RES + "france"), URIRef(GEO + "hasCapital"), URIRef(RES + "paris"))}
    pop = g.value(URIRef(RES + "paris"), URIRef(GEO + "population"))
    assert pop == Literal(2102650) and pop.toPython() == 2102650
    # geo: is still the client's to use (GeoSPARQL here): it means nothing in this graph
    assert list(g.query("SELECT ?s WHERE { ?s geo:hasGeometry ?x }")) == []


@pytest.mark.parametrize("query,expected", SELECTS)
def test_sparqlwrapper_with_project_prefixes(server, query, expected):
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(JSON)
    result = sw.query().convert()
    names = result["head"]["vars"]
    rows = [tuple(b[n]["value"] for n in names) for b in result["results"]["bindings"]]
    assert rows == expected


def test_the_former_geo_prefix_fails_with_a_hint(store_dir, sample_ttl, capsys):
    from kg.cli import main

    main(["init", str(store_dir)])
    main(["load", str(sample_ttl), "--store", str(store_dir), "-q"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit:
        main(["query", "SELECT ?c WHERE { ?c a geo:Country }", "--store", str(store_dir)])
    err = capsys.readouterr().err
    assert exit.value.code == 2 and "the geography ontology's prefix is kgeo:" in err and "Traceback" not in err
    # declared by the user, geo: is theirs and no hint is given
    main(["query", "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> SELECT ?s WHERE { ?s geo:lat ?l }", "--store", str(store_dir)])
    assert "0 rows" in capsys.readouterr().err
