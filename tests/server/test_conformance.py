"""``kg serve`` against the W3C and IETF texts it implements: SPARQL 1.1/1.2 results, content
negotiation (RFC 9110), XML well-formedness, HEAD, the service description, RDF/XML encodings."""

from __future__ import annotations

import httpx
import pyoxigraph as ox

from kg.store.remote import RemoteStore

DIRECTIONAL = 'SELECT ("القاهرة"@ar--rtl AS ?d) ("a"@en AS ?e) {}'


def test_select_results_keep_a_literals_base_direction(server):
    """"a"@ar--rtl came back as "a"@ar in every SELECT format (its:dir was never written), while
    CONSTRUCT kept it; a client writing the value back lost the direction."""
    for accept, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        r = httpx.get(server.sparql, params={"query": DIRECTIONAL}, headers={"Accept": accept}, timeout=30)
        assert r.status_code == 200, r.text
        (row,) = list(ox.parse_query_results(r.content, format=fmt))
        assert (row["d"].language, str(row["d"].direction)) == ("ar", "rtl"), (accept, r.text)
        assert row["e"].direction is None, r.text
    r = httpx.get(server.sparql, params={"query": DIRECTIONAL}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.json()["results"]["bindings"][0]["d"]["its:dir"] == "rtl"
    with RemoteStore(server.url) as store:  # kg's own client reads it back whole
        (row,) = list(store.query(DIRECTIONAL))
        assert row[0] == ox.Literal("القاهرة", language="ar", direction=ox.BaseDirection.RTL)


def test_a_type_refused_with_q0_is_not_sent_and_the_label_was_accepted(server):
    """text/turtle;q=0, */* got 200 text/turtle (*/* matched Turtle's alias); text/turtle;q=0,
    text/* got N-Triples labelled application/n-triples, which text/* does not accept."""
    construct = "CONSTRUCT { <http://ex/s> <http://ex/p> 1 } WHERE {}"
    for accept, media in (
        ("text/turtle;q=0, */*", "application/n-triples"),
        ("text/turtle;q=0, text/*", "text/plain"),
    ):
        r = httpx.get(server.sparql, params={"query": construct}, headers={"Accept": accept}, timeout=30)
        assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media, (accept, r.headers)
    r = httpx.get(server.sparql, params={"query": "SELECT * {}"},
                  headers={"Accept": "application/sparql-results+json;q=0, */*;q=0.5"}, timeout=30)
    assert r.headers["content-type"].startswith("application/sparql-results+xml"), r.headers
    r = httpx.get(server.url + "/store", params={"graph": "accepted"}, headers={"Accept": "text/turtle;q=0, */*"}, timeout=30)
    assert r.headers["content-type"].startswith("application/n-triples"), r.headers
