"""Property-based: arbitrary text into every extractor. No exception escapes, every triple is
valid RDF with safe IRIs, and survives an N-Triples round trip (rdflib and pyoxigraph)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph

from extractors import Extractor
from kg.namespaces import RESOURCE
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

SAFE_IRI = re.compile(r"^https://w3id\.org/kgdistill/[A-Za-z0-9_/#.-]+$")

FRAGMENTS = [
    "1. ", "\n", "- ", "• ", "Paris", "France", "capitalOf", "borders", "population", "none", "PersonX",
    "Person Y", "___", '{"subject": "', '", "predicate": "', '", "object": "', '"}', "[", "]", "{", "}",
    ",", "'", '"', "```json\n", "```turtle\n", "```", "@prefix ex: <http://example.org/> .\n", "ex:a ",
    "kgeo:capitalOf ", "res:paris ", "<http://x/y> ", "<rel> ", "_:b ", " .\n", '"lit" ', '"2"^^xsd:integer ',
    " a kgeo:City ", "foo:bar ", "NaN", "Infinity", "1e999", "\\", "\\u0000", "\x00", "\u202e", "é", "\ud800", "\\ud800",
    " is the capital of ", " borders ", " is located in ", ". ", " <a> <b> <c> . ", "%3E", ">", "<",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30).map("".join),
)
finishes = st.sampled_from([None, "stop", "length"])

RELATIONS = ["capitalOf", "borders", "located in", "population", "area", "LIKES", "a"]
labels = st.one_of(st.text(max_size=40), st.sampled_from(["Paris", "Saint-Étienne", "New  York.", "none", "x" * 300, "a\udc00b"]))


def _usable(label: str, *, answer: bool = False) -> bool:
    """A label the normaliser takes as an entity name (letters or digits, not too long, not a
    "none" answer, no RDF syntax; as a model's answer, mostly in Latin letters in an English
    domain): a document holding one such fact must yield a candidate."""
    from extractors.normalize import Normalizer
    from kg.languages import ENGLISH, foreign_script

    norm = Normalizer(None)
    clean = norm.clean(label)
    return norm.label_problem(clean) is None and not (answer and foreign_script(clean, ENGLISH))


@st.composite
def json_docs(draw) -> tuple[str, bool]:
    """JSON triples with arbitrary labels, in the wrappings teachers use; and whether at least
    one candidate must come out."""
    import json

    items = draw(st.lists(st.tuples(labels, st.sampled_from(RELATIONS), labels), min_size=1, max_size=5))
    doc = json.dumps([{"subject": s, "predicate": p, "object": o} for s, p, o in items], ensure_ascii=draw(st.booleans()))
    wrap = draw(st.sampled_from(["{}", "```json\n{}\n```", "Here you go: {} Hope it helps.", "{{\"triples\": {}}}"]))
    text = wrap.format(doc) if wrap != "{{\"triples\": {}}}" else '{"triples": ' + doc + "}"
    cut = draw(st.one_of(st.none(), st.integers(0, len(text))))
    if cut is not None:
        return text[:cut], False
    good = any(p in ("capitalOf", "borders", "located in") and _usable(s) and _usable(o, answer=True) for s, p, o in items)
    return text, good


@st.composite
def turtle_docs(draw) -> tuple[str, bool]:
    """Turtle with arbitrary IRIs, prefixes and literals; and whether a candidate must come out."""
    from rdflib import Literal as L

    def node(kind: str, label: str) -> str:
        local = re.sub(r"[^A-Za-z0-9_]", "", label) or "x"
        return {
            "iri": "<http://example.org/" + re.sub(r"[^A-Za-z0-9_%./-]", "", label).replace(">", "") + ">",
            "rel": "<" + local + ">",
            "ex": "ex:" + local,
            "undeclared": "zz:" + local,
            "res": "res:" + local,
            "lit": L(label).n3(),
        }[kind]

    def example_iri(kind: str, label: str) -> str:
        """Which node a node of these kinds is: its IRI for ``ex`` and ``iri``, else a key."""
        if kind == "iri":
            return "http://example.org/" + re.sub(r"[^A-Za-z0-9_%./-]", "", label).replace(">", "")
        local = re.sub(r"[^A-Za-z0-9_]", "", label) or "x"
        return "http://example.org/" + local if kind == "ex" else f"{kind}:{local}"

    lines = ["@prefix ex: <http://example.org/> ."]
    facts: list[tuple[str, str]] = []  # (subject, object) of the facts that must yield
    renamed: set[str] = set()  # nodes an rdfs:label line names (perhaps "NONE": then no fact)
    for _ in range(draw(st.integers(1, 4))):
        s_label, o_label = draw(labels), draw(labels)
        s_kind = draw(st.sampled_from(["iri", "rel", "ex", "undeclared", "res"]))
        o_kind = draw(st.sampled_from(["iri", "rel", "ex", "undeclared", "res", "lit"]))
        pred = draw(st.sampled_from(["kgeo:capitalOf", "kgeo:borders", "<locatedIn>", "ex:likes", "a", "rdfs:label"]))
        lines.append(f"{node(s_kind, s_label)} {pred} {node(o_kind, o_label)} .")
        if pred == "rdfs:label":
            renamed.add(example_iri(s_kind, s_label))
        if (
            pred in ("kgeo:capitalOf", "kgeo:borders") and s_kind in ("ex", "res", "undeclared")
            and o_kind == "ex" and _usable(re.sub(r"[^A-Za-z0-9_]", "", s_label).replace("_", " "))
            and _usable(re.sub(r"[^A-Za-z0-9_]", "", o_label).replace("_", " "))
        ):
            facts.append((example_iri(s_kind, s_label), example_iri(o_kind, o_label)))
    good = any(subject not in renamed and obj not in renamed for subject, obj in facts)
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = "```turtle\n" + text + "\n```"
    return text, good


def _check(records: list[Candidate | Unreadable]) -> None:
    graph = Graph()
    for record in records:
        if isinstance(record, Unreadable):
            assert not record.reason.startswith("extractor error"), record.reason
            continue
        s, p, o = record.triple
        assert SAFE_IRI.match(str(s)) and str(s).startswith(str(RESOURCE)), s
        assert SAFE_IRI.match(str(p)) or p == RDF.type, p
        if not hasattr(o, "datatype"):
            assert SAFE_IRI.match(str(o)), o
        graph.add(record.triple)
    data = graph.serialize(format="nt")
    back = Graph().parse(data=data, format="nt")
    assert set(back) == set(graph)
    quads = list(ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert len(quads) == len(graph)


@pytest.fixture(scope="module")
def geo_extractor(geo, spacy_model):
    ex = Extractor(geo)
    ex.spacy = spacy_model
    return ex


@pytest.fixture(scope="module")
def cs_extractor(cs):
    return Extractor(cs)


PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(text=texts, finish=finishes)
def test_lists_never_raise_and_mint_safe_iris(cs_extractor, text: str, finish) -> None:
    prompt = Prompt.make("p", "list", head="PersonX goes to the mall", relation="xIntent")
    _check(cs_extractor.extract(Completion(prompt.id, "p", "t", text, finish_reason=finish), prompt, using="lists"))


@PROPS
@given(text=texts, finish=finishes)
def test_json_never_raises_and_mints_safe_iris(geo_extractor, text: str, finish) -> None:
    prompt = Prompt.make("p", "json", topic="France")
    _check(geo_extractor.extract(Completion(prompt.id, "p", "t", text, finish_reason=finish), prompt, using="json"))


@PROPS
@given(text=texts, finish=finishes)
def test_rdf_never_raises_and_mints_safe_iris(geo_extractor, text: str, finish) -> None:
    prompt = Prompt.make("p", "rdf")
    _check(geo_extractor.extract(Completion(prompt.id, "p", "t", text, finish_reason=finish), prompt, using="rdf"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_freetext_never_raises_and_mints_safe_iris(geo_extractor, text: str) -> None:
    prompt = Prompt.make("p", "text")
    _check(geo_extractor.extract(Completion(prompt.id, "p", "t", text), prompt, using="freetext"))


@PROPS
@given(doc=json_docs())
def test_json_documents_with_arbitrary_labels(geo_extractor, doc) -> None:
    text, must_yield = doc
    prompt = Prompt.make("p", "json", topic="France")
    out = geo_extractor.extract(Completion(prompt.id, "p", "t", text), prompt, using="json")
    _check(out)
    if must_yield:
        assert any(isinstance(r, Candidate) for r in out), text


@PROPS
@given(doc=turtle_docs())
@example(doc=('@prefix ex: <http://example.org/> .\n<http://example.org/0> rdfs:label "NONE" .\n'
              "ex:0 kgeo:capitalOf ex:0 .", False))  # its label says "none": the fact names no entity
def test_turtle_documents_with_arbitrary_iris(geo_extractor, doc) -> None:
    text, must_yield = doc
    prompt = Prompt.make("p", "rdf")
    out = geo_extractor.extract(Completion(prompt.id, "p", "t", text), prompt, using="rdf")
    _check(out)
    if must_yield:
        assert any(isinstance(r, Candidate) for r in out), text


@PROPS
@given(text=st.one_of(texts, json_docs().map(lambda d: d[0]), turtle_docs().map(lambda d: d[0])))
@example(text="@prefix :<>.")  # parses, but holds no statement
@example(text='<> <> <>.<"><><>.')  # rdflib parses <"> but cannot write it back: was an "extractor error"
def test_dispatch_never_loses_a_completion(geo_extractor, text: str) -> None:
    prompt = Prompt.make("p", "json", topic="France")
    dropped_before = sum(geo_extractor.stats.dropped.values())
    out = geo_extractor.extract(Completion(prompt.id, "p", "t", text), prompt)
    _check(out)
    if text.strip() and not out:
        # nothing produced and nothing unreadable: only when what it held was counted as dropped
        assert sum(geo_extractor.stats.dropped.values()) > dropped_before, text
