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


def test_head_of_a_graph_sends_no_content_length(server):
    """HEAD /store?graph=accepted said content-length: 0 of a graph whose GET sends thousands of
    bytes (RFC 9110 8.6: a HEAD's Content-Length, if sent, is the GET's)."""
    url = server.url + "/store"
    head = httpx.head(url, params={"graph": "accepted"}, headers={"Accept": "text/turtle"}, timeout=30)
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle")
    get = httpx.get(url, params={"graph": "accepted"}, headers={"Accept": "text/turtle"}, timeout=30)
    assert head.headers.get("content-length") in (None, str(len(get.content))), head.headers


def test_the_service_description_is_negotiated(server):
    """GET /sparql answered Turtle to every Accept (image/png too), and GET / the HTML page to an
    RDF/XML or JSON-LD client."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    for path in ("/sparql", "/"):
        for accept, fmt in (
            ("application/rdf+xml", ox.RdfFormat.RDF_XML),
            ("application/ld+json", ox.RdfFormat.JSON_LD),
            ("application/n-triples", ox.RdfFormat.N_TRIPLES),
            ("text/turtle", ox.RdfFormat.TURTLE),
        ):
            r = httpx.get(server.url + path, headers={"Accept": accept}, timeout=30)
            assert r.status_code == 200 and r.headers["content-type"].startswith(accept), (path, accept, r.headers)
            types = {q.object.value for q in ox.parse(r.content, format=fmt) if q.predicate.value.endswith("#type")}
            assert sd + "Service" in types, (path, accept, r.text)
    r = httpx.get(server.sparql, headers={"Accept": "image/png"}, timeout=30)
    assert r.status_code == 406 and "application/rdf+xml" in r.text, r.text
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert httpx.get(server.url + "/", headers={"Accept": browser}, timeout=30).headers["content-type"].startswith("text/html")


def test_xml_answers_are_well_formed_or_a_406(writable_server):
    """U+FFFE/U+FFFF in SELECT's XML results, and any of them or a form feed in RDF/XML (CONSTRUCT,
    and a Graph Store GET, which streams), came with 200 as documents no XML parser reads."""
    import xml.dom.minidom

    from tests.server.conftest import TOKEN

    for char in ("\\uFFFE", "\\uFFFF", "\\u0001"):
        r = httpx.get(writable_server.sparql, params={"query": f'SELECT ("a{char}b" AS ?x) {{}}'},
                      headers={"Accept": "application/sparql-results+xml"}, timeout=30)
        assert r.status_code == 406 and "JSON or TSV" in r.text, (char, r.text)
        construct = f'CONSTRUCT {{ <http://ex/s> <http://ex/p> "a{char}b" }} WHERE {{}}'
        r = httpx.get(writable_server.sparql, params={"query": construct}, headers={"Accept": "application/rdf+xml"}, timeout=30)
        assert r.status_code == 406 and "Turtle" in r.text, (char, r.text)
    ok = httpx.get(writable_server.sparql, params={"query": 'SELECT ("a\\u0085b" AS ?x) {}'},
                   headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    xml.dom.minidom.parseString(ok.content)  # U+0085 is an XML character
    graph = {"graph": "http://example.org/form-feed"}
    put = httpx.put(writable_server.url + "/store", params=graph, content='<http://ex/s> <http://ex/p> "page1\\u000Cpage2" .\n',
                    headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert put.status_code in (201, 204), put.text
    r = httpx.get(writable_server.url + "/store", params=graph, headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert r.status_code == 406 and "U+000C" in r.text, r.text
    r = httpx.get(writable_server.url + "/store", params=graph, headers={"Accept": "application/n-triples"}, timeout=30)
    assert r.status_code == 200 and "page1" in r.text
    whole = httpx.get(writable_server.url + "/store", params={"graph": "accepted"}, headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert whole.status_code == 200 and len(list(ox.parse(whole.content, format=ox.RdfFormat.RDF_XML))) > 100


def test_rdf_xml_uploads_in_utf16_or_a_declared_encoding_are_read(writable_server):
    """A valid UTF-16 RDF/XML document (every XML processor must read UTF-16) was a 400 "not
    valid rdfxml: cannot decode input using UTF-8", an ISO-8859-1 one "Only UTF-8 is supported"."""
    from tests.server.conftest import TOKEN

    doc = ('<?xml version="1.0" encoding="{}"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/s"><ex:p>café</ex:p></rdf:Description></rdf:RDF>')
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/rdf+xml"}
    url = writable_server.url + "/store"
    for name, body in (
        ("utf-16", doc.format("UTF-16").encode("utf-16")),
        ("latin1", doc.format("ISO-8859-1").encode("latin-1")),
    ):
        graph = {"graph": f"http://example.org/encoding-{name}"}
        put = httpx.put(url, params=graph, content=body, headers=auth, timeout=30)
        assert put.status_code in (201, 204), (name, put.text)
        got = httpx.get(url, params=graph, headers={"Accept": "application/n-triples"}, timeout=30)
        assert got.text.strip() == '<http://ex/s> <http://ex/p> "café" .', (name, got.text)
    unknown = httpx.put(url, params={"graph": "http://example.org/encoding-x"}, content=doc.format("x-unknown").encode(),
                        headers=auth, timeout=30)
    assert unknown.status_code == 415 and "x-unknown" in unknown.text, unknown.text
    laughs = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>').encode("utf-16")
    refused = httpx.put(url, params={"graph": "http://example.org/encoding-x"}, content=laughs, headers=auth, timeout=30)
    assert refused.status_code == 400 and "nested entities" in refused.text, refused.text  # checked in UTF-8


def test_xml_that_cannot_carry_a_value_gives_way_to_another_format_the_client_accepts(writable_server):
    """A browser (XML q=0.9, */* q=0.8) opening a Graph Store link to a graph holding a form feed
    got 406, though it accepts Turtle; so did a SELECT client accepting XML then */*. The next best
    format the client accepts answers; one accepting XML alone still gets the 406."""
    from tests.server.conftest import TOKEN

    graph = {"graph": "http://example.org/form-feed-browser"}
    put = httpx.put(writable_server.url + "/store", params=graph, content='<http://ex/s> <http://ex/p> "page1\\u000Cpage2" .\n',
                    headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert put.status_code in (201, 204), put.text
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    r = httpx.get(writable_server.url + "/store", params=graph, headers={"Accept": browser}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle"), (r.status_code, r.text)
    assert "page1\\fpage2" in r.text or "page1\fpage2" in r.text, r.text
    construct = 'CONSTRUCT { <http://ex/s> <http://ex/p> "a\\u000Cb" } WHERE {}'
    r = httpx.get(writable_server.sparql, params={"query": construct}, headers={"Accept": browser}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle"), (r.status_code, r.text)
    select = 'SELECT ("a\\u000Cb" AS ?x) {}'
    results_xml_first = "application/sparql-results+xml, application/rdf+xml;q=0.9, */*;q=0.1"
    r = httpx.get(writable_server.sparql, params={"query": select}, headers={"Accept": results_xml_first}, timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["x"]["value"] == "a\fb", r.text
    r = httpx.get(writable_server.sparql, params={"query": select},
                  headers={"Accept": "application/sparql-results+xml, text/csv;q=0.5"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv") and "a\fb" in r.text, r.text
    r = httpx.get(writable_server.sparql, params={"query": select, "format": "xml"}, timeout=30)
    assert r.status_code == 406 and "U+000C" in r.text, r.text


def test_a_wildcard_is_not_answered_under_an_unregistered_type(server):
    """Accept: application/* got Turtle labelled application/x-turtle, an unregistered legacy
    alias, though registered types of the range (application/n-triples ...) were on offer."""
    construct = "CONSTRUCT { <http://ex/s> <http://ex/p> 1 } WHERE {}"
    r = httpx.get(server.sparql, params={"query": construct}, headers={"Accept": "application/*"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == "application/n-triples", r.headers
    r = httpx.get(server.url + "/store", params={"graph": "accepted"}, headers={"Accept": "application/*"}, timeout=30)
    assert r.headers["content-type"].split(";")[0] == "application/n-triples", r.headers
    r = httpx.get(server.sparql, headers={"Accept": "application/*"}, timeout=30)
    assert r.headers["content-type"].split(";")[0] == "application/n-triples", r.headers
    r = httpx.get(server.sparql, params={"query": construct}, headers={"Accept": "application/x-turtle"}, timeout=30)
    assert r.headers["content-type"].split(";")[0] == "application/x-turtle", r.headers  # named: sent as asked
