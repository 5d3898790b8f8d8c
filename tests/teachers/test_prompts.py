"""Prompt building from a domain's relation templates."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDFS, Literal, URIRef

from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.prompts import Prompt, build_prompts, prompt_id
from kg.store import init_store


def test_list_prompts_are_deterministic_few_shot_from_the_domain() -> None:
    geo = load_domain("geography")
    first = build_prompts(geo, ["Peru", "Chile"], kind="list", relations=["capitalOf", "borders"])
    again = build_prompts(geo, ["Peru", "Chile"], kind="list", relations=["capitalOf", "borders"])
    assert [p.id for p in first] == [p.id for p in again] and len(first) == 4
    p = first[0]
    assert p.kind == "list" and p.head == "Peru" and p.relation == "borders" and p.id == prompt_id(p.text)
    assert p.text.rstrip().endswith(geo.relations["borders"].prompt.format(head="Peru"))
    assert p.text.count("1. ") == 3  # three shots from the domain's reference graph
    assert "Peru" not in p.text.split(geo.relations["borders"].prompt.format(head="Peru"))[0]


def test_few_shot_examples_come_from_the_store_when_it_has_any(tmp_path: Path) -> None:
    geo = load_domain("geography")
    rel = geo.relations["borders"]
    store = init_store(tmp_path / "store")
    try:
        triples = []
        for a, b in [("Atlantis", "Lemuria"), ("Atlantis", "Mu"), ("Lemuria", "Mu")]:
            triples += [(mint_iri(a), URIRef(str(rel.iri)), mint_iri(b)),
                        (mint_iri(a), RDFS.label, Literal(a)), (mint_iri(b), RDFS.label, Literal(b))]
        store.add_triples(triples)
        prompt = build_prompts(geo, ["Mu"], store=store, relations=["borders"], shots=2)[0]
    finally:
        store.close()
    assert "Atlantis" in prompt.text and "1. Lemuria" in prompt.text


def test_json_prompt_names_every_relation() -> None:
    geo = load_domain("geography")
    (p,) = build_prompts(geo, ["France"], kind="json")
    assert p.kind == "json" and p.topic == "France"
    assert all(f"- {name}" in p.text for name in geo.relations)
    assert Prompt.make(p.text, "json").id == p.id
