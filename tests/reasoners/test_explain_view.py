"""Explanations in a notebook: ``_repr_html_`` (a table of the steps) and an inline SVG of the
explanation's subgraph."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.api import KnowledgeGraph
from kg.records import Candidate, Reason, Verdict
from reasoners.explain import explain
from reasoners.rules import Materializer

from .conftest import EX, R

SVG = "{http://www.w3.org/2000/svg}"


def _svg(text: str) -> ET.Element:
    root = ET.fromstring(text)  # well-formed XML, or this raises
    assert root.tag == SVG + "svg"
    return root


def test_an_inferred_fact_shows_a_table_and_its_subgraph(domain, store):
    facts = [(R.montmartre, EX.locatedIn, R.paris), (R.paris, EX.capitalOf, R.france)]
    store.add_triples(facts, source="file:///facts.ttl")
    Materializer(domain, store).add(facts)
    ex = explain(store, (R.montmartre, EX.locatedIn, R.france), domain=domain)
    html = ex._repr_html_()
    # one row per step of the tree: the fact, its two premises and the capitalOf fact under one
    assert html.count("<tr>") == 1 + 4
    assert "prp-trp" in html and "prp-spo1" in html and "file file:///facts.ttl" in html
    assert "rdfs:subPropertyOf" in html and "<svg" in html
    root = _svg(ex.to_svg())
    paths = root.findall(f".//{SVG}path[@stroke-width]")
    # the explained triple (thick), paris locatedIn france (inferred: dashed), two asserted facts
    assert len(paths) == 4
    assert sum(1 for p in paths if p.get("stroke-dasharray")) == 1
    assert sum(1 for p in paths if p.get("stroke-width") == "2.5") == 1
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert {"montmartre", "france", "paris", "locatedIn", "capitalOf"} <= labels
    assert "http://example.org/res/montmartre" in {t.text for t in root.iter(f"{SVG}title")}
    assert ex.to_svg() == ex.to_svg()  # the same picture every time (a seeded layout)


def test_a_rejected_candidate_shows_its_reasons_in_red_and_escapes_text(store):
    cand = Candidate(R.france, EX.borders, R.france, extractor="lists", span="France borders France")
    store.write([Verdict.reject(cand, Reason("conflict:irreflexive", "borders <b>is</b> irreflexive", R.france))])
    ex = explain(store, (R.france, EX.borders, R.france))
    html = ex._repr_html_()
    assert "conflict:irreflexive" in html and "borders &lt;b&gt;is&lt;/b&gt; irreflexive" in html
    assert "<b>is</b>" not in html
    (edge,) = _svg(ex.to_svg()).findall(f".//{SVG}path[@stroke-width]")
    assert edge.get("stroke") == "#c0392b"


def test_the_api_why_returns_what_a_notebook_draws(store_dir, sample_ttl):
    with KnowledgeGraph.create(store_dir) as kg:
        kg.load(sample_ttl)
        ex = kg.why(("Paris", "kgeo:capitalOf", "France"))
        html = ex._repr_html_()
    assert ex.status == "accepted"
    assert "res:paris" in html and "kgeo:capitalOf" in html and "file " in html
    root = _svg(ex.to_svg())
    assert {"res:paris", "res:france", "kgeo:capitalOf"} <= {t.text for t in root.iter(f"{SVG}text")}


def test_long_names_stay_inside_the_picture_apart_and_it_has_an_accessible_name(store):
    """In why()'s SVG, names over about 40 characters ran off the picture's left edge and over
    each other, hiding the edge between them; the picture had no role or title for a screen
    reader."""
    from rdflib import URIRef

    head = URIRef("http://ex.org/PersonX_goes_to_the_grocery_store_to_buy_some_bread_and_milk_for_the_whole_family")
    tail = URIRef("http://ex.org/to_eat_a_sandwich_with_friends_later")
    store.add_triples([(head, EX.locatedIn, tail)], source="file:///facts.ttl")
    root = _svg(explain(store, (head, EX.locatedIn, tail)).to_svg())
    width = float(root.get("width"))
    boxes = sorted((float(r.get("x")), float(r.get("x")) + float(r.get("width"))) for r in root.iter(f"{SVG}rect"))
    assert len(boxes) == 2 and boxes[0][0] >= 0 and boxes[1][1] <= width
    assert boxes[0][1] < boxes[1][0]  # apart: the edge between them shows
    assert "PersonX_goes_to_the_grocery_st…" in {t.text for t in root.iter(f"{SVG}text")}
    assert str(head) in {t.text for t in root.iter(f"{SVG}title")}  # the whole name, as a tooltip
    assert root.get("role") == "img" and root[0].tag == SVG + "title" and "PersonX_goes" in root[0].text
