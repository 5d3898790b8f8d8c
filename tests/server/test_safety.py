"""The SERVICE / LOAD detector and content negotiation, without a server."""

from __future__ import annotations

import pytest

from kg.server import RefusedQuery, check_sparql, decode_escapes, keywords, negotiate, parse_accept


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * { service<http://x/>{?s ?p ?o} }",
        "SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * { \\U00000053\\U00000045RVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o . FILTER(?o < 3) SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "SELECT * {\n  # a comment with a quote '\n  SERVICE <http://x/> { ?s ?p ?o }\n}",
        "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }}}}}} broken",  # refused even when it does not parse
        "PREFIX : <http://x/> SELECT * { SERVICE:x { ?s ?p ?o } }",  # Oxigraph: SERVICE <http://x/x>
        "PREFIX : <http://x/> SELECT * { ?s ?p ?o . true.SERVICE:x { ?s ?p ?o } }",
    ],
)
def test_service_found(text):
    with pytest.raises(RefusedQuery, match="SERVICE"):
        check_sparql(text, update=False)
    check_sparql(text, update=False, allow_service=True)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * { ?s ?p '''multi\nline SERVICE'''}",
        "SELECT * { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX ex: <http://e/> SELECT * { ?s ex:SERVICE ?o ; ex:LOAD ?x }",
        "SELECT ?SERVICE { ?s ?p ?SERVICE } # SERVICE in a comment",
        'SELECT * { ?s ?p "\\u0053ERVICE" }',
        "PREFIX webservice: <urn:d:> SELECT * { ?s webservice:x ?o }",  # was "SERVICE is disabled"
    ],
)
def test_service_word_elsewhere_is_fine(text):
    check_sparql(text, update=False)


def test_a_prefix_holding_load_is_fine_in_an_update():
    """`PREFIX download:` was refused as "LOAD is disabled"."""
    check_sparql("PREFIX download: <urn:d:> INSERT DATA { GRAPH <urn:g> { download:a download:b download:c } }", update=True)


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <http://x/data.ttl>",
        "load silent <file:///etc/passwd> into graph <http://g/>",
        "\\u004COAD <http://x/data.ttl>",
        "INSERT DATA { <a:s> <a:p> 1 } ; LOAD <http://x/>",
    ],
)
def test_load_found_in_updates(text):
    with pytest.raises(RefusedQuery, match="LOAD"):
        check_sparql(text, update=True)
    check_sparql(text, update=True, allow_load=True)


@pytest.mark.parametrize(
    "text",
    [
        # a string ending in an escaped backslash as Oxigraph reads it (escapes inside the token):
        # a reader decoding escapes first sees the string run on over SERVICE (the #18 bypass)
        'SELECT * { BIND("\\u005C" AS ?x) SERVICE <http://x/> { ?s ?p ?o } } #"',
        "SELECT * { SERVICESILENT<http://x/>{} }",  # Oxigraph reads keywords without a boundary
        "SELECT * { ?s ?p true.SERVICE <http://x/> {} }",
        "PREFIX ex: <http://e/> SELECT * { ?a ex:b\\' ?c . SERVICE <http://x/> {} } #'",  # \' in a pname
    ],
)
def test_service_found_however_the_text_is_read(text):
    with pytest.raises(RefusedQuery, match="SERVICE"):
        check_sparql(text, update=False)


def test_decode_escapes_and_keywords():
    assert decode_escapes("\\u0053ERVICE \\U0001F600") == "SERVICE \U0001F600"
    assert keywords("SELECT ?x WHERE { ?x a <http://FROM/> }") == {"SELECT", "WHERE", "A"}
    assert "FROM" in keywords("SELECT * FROM <http://g/> { ?s ?p ?o }")


@pytest.mark.parametrize(
    "accept,kind,expected",
    [
        ("*/*", "select", "json"),
        ("*/*", "graph", "turtle"),
        ("text/csv", "select", "csv"),
        ("application/sparql-results+xml;q=0.9, text/tab-separated-values", "select", "tsv"),
        ("application/json", "graph", "jsonld"),
        ("application/n-triples, text/turtle;q=0.5", "graph", "ntriples"),
        ("text/*", "select", "csv"),
        ("image/png", "select", None),
        ("text/turtle;q=0", "graph", None),
    ],
)
def test_negotiate(accept, kind, expected):
    chosen = negotiate(parse_accept(accept), kind)
    assert (chosen and chosen.format) == expected


@pytest.mark.parametrize(
    "accept,kind,expected",
    [
        ("application/sparql-results+json;q=0, */*;q=0.5", "select", ("xml", "application/sparql-results+xml")),
        ("application/sparql-results+json;q=0, application/sparql-results+xml;q=0.1, */*;q=0.5", "select",
         ("csv", "text/csv")),
        ("text/turtle;q=0, */*", "graph", ("ntriples", "application/n-triples")),
        ("text/turtle;q=0, application/n-triples;q=0.5, */*;q=0.9", "graph", ("jsonld", "application/ld+json")),
        ("text/turtle;q=0, text/*", "graph", ("ntriples", "text/plain")),
        ("application/json", "select", ("json", "application/json")),
        ("text/*;q=0, application/json", "graph", ("jsonld", "application/json")),
    ],
)
def test_q0_refuses_a_format_under_any_spelling_and_the_label_is_one_accepted(accept, kind, expected):
    """text/turtle;q=0, */* got Turtle (*/* matched its alias application/x-turtle) labelled
    text/turtle, the type refused; text/turtle;q=0, text/* got N-Triples (through text/plain)
    labelled application/n-triples, a type the client never accepted (RFC 9110 12.4.2, 12.5.1)."""
    assert negotiate(parse_accept(accept), kind) == expected
