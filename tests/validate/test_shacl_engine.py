"""kg.shacl gives pySHACL's results: random data graphs over the shipped domains' vocabularies
and over a synthetic shapes graph that uses every supported component."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.shacl import Data, InversePath, Shapes, Unsupported, pyshacl_validate

RES = "https://w3id.org/kgdistill/resource/"
EX = "http://example.org/"

LITERALS = [
    Literal("0", datatype=XSD.integer), Literal("-5", datatype=XSD.integer), Literal("42", datatype=XSD.integer),
    Literal("abc", datatype=XSD.integer), Literal("7", datatype=XSD.nonNegativeInteger),
    Literal("-3", datatype=XSD.nonNegativeInteger), Literal("0", datatype=XSD.positiveInteger),
    Literal("2.5", datatype=XSD.decimal), Literal("-0.5", datatype=XSD.decimal), Literal("1e3", datatype=XSD.double),
    Literal("NaN", datatype=XSD.float), Literal("true", datatype=XSD.boolean), Literal("2020-01-02", datatype=XSD.date),
    Literal(""), Literal("a"), Literal("Abba"), Literal("about two million"), Literal("x", datatype=XSD.string),
    Literal("chat", lang="fr"), Literal("cat", lang="en"), Literal("Katze", lang="de"), Literal("dog", lang="en-GB"),
    Literal("hound", lang="EN"),
]

SYNTHETIC = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:AShape a sh:NodeShape ;
    sh:targetClass ex:A ;
    sh:property [ sh:path ex:p ; sh:class ex:B ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 2 ] ;
    sh:property [ sh:path ex:q ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:maxExclusive 100 ;
                  sh:message "q is a small whole number" ] ;
    sh:property [ sh:path ex:name ; sh:minLength 2 ; sh:maxLength 5 ; sh:pattern "^a" ; sh:flags "i" ;
                  sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:name ; sh:languageIn ( "en" "fr" ) ; sh:uniqueLang true ; sh:severity sh:Info ] ;
    sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:maxCount 1 ; sh:node ex:HasQ ] .

ex:HasQ a sh:NodeShape ;
    sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:minExclusive -1 ; sh:maxInclusive 50 ] .

ex:QShape a sh:NodeShape ;
    sh:targetSubjectsOf ex:q ;
    sh:property [ sh:path ex:q ; sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] ) ;
                  sh:in ( 0 42 2.5 "a" ) ] .

ex:PObjects a sh:NodeShape ;
    sh:targetObjectsOf ex:p ;
    sh:not [ sh:class ex:C ] ;
    sh:and ( [ sh:nodeKind sh:BlankNodeOrIRI ] [ sh:class ex:B ] ) ;
    sh:message "an object of p is a B and not a C"@en .

ex:Node1 a sh:NodeShape ;
    sh:targetNode ex:n1 ;
    sh:property [ sh:path ex:p ; sh:hasValue ex:n2 ] ;
    sh:hasValue ex:n1 ;
    sh:nodeKind sh:IRIOrLiteral .

ex:Off a sh:NodeShape ;
    sh:targetClass ex:A ;
    sh:deactivated true ;
    sh:property [ sh:path ex:p ; sh:minCount 5 ] .

ex:WarnNode a sh:NodeShape ;
    sh:targetClass ex:B ;
    sh:severity sh:Warning ;
    sh:property [ sh:path ex:name ; sh:datatype rdf:langString ] .
"""

SYNTHETIC = "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n" + SYNTHETIC


def _key(results) -> Counter:
    return Counter(results)


def _same(shapes_graph: Graph, compiled: Shapes, triples) -> None:
    data = Data(triples)
    conforms, results = compiled.validate(data)
    want_conforms, want = pyshacl_validate(data.graph(), shapes_graph)
    assert _key(results) == _key(want)
    assert conforms == want_conforms


def _triples(nodes, predicates, classes, objects):
    edge = st.tuples(st.sampled_from(nodes), st.sampled_from(predicates), st.sampled_from(objects))
    typing = st.tuples(st.sampled_from(nodes), st.just(RDF.type), st.sampled_from(classes))
    subclass = st.tuples(st.sampled_from(classes), st.just(RDFS.subClassOf), st.sampled_from(classes))
    return st.lists(st.one_of(edge, edge, typing, subclass), max_size=25)


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", ["geography", "commonsense"])
def test_domain_shapes_are_compiled(name, request):
    Shapes(request.getfixturevalue(name).shapes)


@given(data=st.data())
@_SETTINGS
def test_geography_matches_pyshacl(geography, data):
    compiled = Shapes(geography.shapes)
    ix = geography.index
    nodes = [URIRef(RES + n) for n in ("France", "Paris", "Lyon", "Spain", "Europe", "Atlantis")]
    predicates = sorted({r.iri for r in geography.relations.values()} | {RDFS.label})
    _same(geography.shapes, compiled, data.draw(_triples(nodes, predicates, sorted(ix.classes), nodes + LITERALS)))


@given(data=st.data())
@_SETTINGS
def test_commonsense_matches_pyshacl(commonsense, data):
    compiled = Shapes(commonsense.shapes)
    ix = commonsense.index
    nodes = [URIRef(RES + n) for n in ("PersonX eats", "to be full", "hungry", "kitchen", "bread")]
    predicates = sorted({r.iri for r in commonsense.relations.values()} | {RDFS.label})
    _same(commonsense.shapes, compiled, data.draw(_triples(nodes, predicates, sorted(ix.classes), nodes + LITERALS)))


@given(data=st.data())
@_SETTINGS
def test_every_component_matches_pyshacl(data):
    shapes = Graph().parse(data=SYNTHETIC, format="turtle")
    compiled = Shapes(shapes)
    nodes = [URIRef(EX + f"n{i}") for i in range(5)]
    classes = [URIRef(EX + c) for c in "ABC"]
    predicates = [URIRef(EX + p) for p in ("p", "q", "name")]
    _same(shapes, compiled, data.draw(_triples(nodes, predicates, classes, nodes + LITERALS)))


def test_generic_messages_match_on_a_failing_graph():
    """Every component of the synthetic shapes fails at least once here; messages included."""
    shapes = Graph().parse(data=SYNTHETIC, format="turtle")
    n = [URIRef(EX + f"n{i}") for i in range(4)]
    ex = lambda x: URIRef(EX + x)  # noqa: E731
    triples = [
        (n[0], RDF.type, ex("A")), (n[0], ex("p"), Literal("lit")), (n[0], ex("p"), n[1]), (n[0], ex("p"), n[2]),
        (n[3], ex("p"), n[1]), (n[1], RDF.type, ex("C")), (n[0], ex("q"), Literal("500", datatype=XSD.integer)),
        (n[0], ex("name"), Literal("zz", lang="de")), (n[0], ex("name"), Literal("b", lang="de")),
        (n[1], ex("q"), Literal("x")), (n[1], RDF.type, ex("B")), (n[1], RDF.type, ex("A")), (n[1], ex("name"), Literal("plain")),
        (ex("n1"), ex("p"), BNode()),
    ]
    compiled = Shapes(shapes)
    _same(shapes, compiled, triples)
    conforms, results = compiled.validate(Data(triples))
    assert not conforms
    assert {r.component.split("#")[1] for r in results} >= {
        "ClassConstraintComponent", "NodeKindConstraintComponent", "MaxCountConstraintComponent",
        "MaxExclusiveConstraintComponent", "MinLengthConstraintComponent", "PatternConstraintComponent",
        "LanguageInConstraintComponent", "UniqueLangConstraintComponent", "NodeConstraintComponent",
        "OrConstraintComponent", "InConstraintComponent", "NotConstraintComponent", "AndConstraintComponent",
        "HasValueConstraintComponent", "DatatypeConstraintComponent",
    }
    assert any(r.path == InversePath(ex("p")) for r in results)


@pytest.mark.parametrize("extra, reason", [
    ("ex:S sh:targetNode ex:n ; sh:sparql [ sh:select 'SELECT $this WHERE {}' ] .", "sh:sparql"),
    ("ex:S sh:targetNode ex:n ; sh:closed true .", "sh:closed"),
    ("ex:S sh:targetNode ex:n ; sh:xone ( [ sh:class ex:A ] ) .", "sh:xone"),
    ("ex:S sh:targetNode ex:n ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .", "path"),
    ("ex:S sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ] .", "sh:lessThan"),
    ("ex:S sh:targetNode ex:n ; sh:node ex:T . ex:T sh:node ex:S .", "recursive"),
    ("ex:S a sh:NodeShape, rdfs:Class ; sh:nodeKind sh:IRI .", "rdf:type"),
    ("ex:S sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:maxCount 1.5 ] .", "maxCount"),
    ("ex:S sh:targetNode ex:n ; sh:property [ sh:path ex:p ; sh:pattern 'a' ; sh:flags ex:i ] .", "sh:flags"),
])
def test_unsupported_shapes_are_named(extra, reason):
    ttl = ("@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> . "
           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + extra)
    with pytest.raises(Unsupported) as err:
        Shapes(Graph().parse(data=ttl, format="turtle"))
    assert reason in err.value.reason


def test_a_year_bound_is_compared_as_a_year():
    """A music engineer's ``sh:minInclusive "1900"^^xsd:gYear`` rejected every release year
    (1975 too): rdflib reads no value of an xsd:gYear, and pySHACL's comparison failed each one."""
    shapes = Graph().parse(data="""
@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Album a sh:NodeShape ; sh:targetSubjectsOf ex:year, ex:month ;
    sh:property [ sh:path ex:year ; sh:minInclusive "1900"^^xsd:gYear ; sh:maxExclusive "2100"^^xsd:gYear ] ;
    sh:property [ sh:path ex:month ; sh:minInclusive "1900-06"^^xsd:gYearMonth ] .
""", format="turtle")
    compiled = Shapes(shapes)

    def refused(*objects):
        triples = [(URIRef(EX + f"a{i}"), URIRef(EX + ("month" if "-" in o[1:] else "year")), o) for i, o in enumerate(objects)]
        return sorted(str(r.value) for r in compiled.validate(Data(triples))[1])

    assert refused(*(Literal(y, datatype=XSD.gYear) for y in ("1975", "1900", "2099", "1975Z"))) == []
    assert refused(*(Literal(y, datatype=XSD.gYear) for y in ("1899", "2100", "-0043", "abc"))) == ["-0043", "1899", "2100", "abc", "abc"]  # abc: below and above
    assert refused(Literal("1900-06", datatype=XSD.gYearMonth), Literal("1900-05", datatype=XSD.gYearMonth)) == ["1900-05"]
