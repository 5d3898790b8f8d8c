"""Rationales (#22): a prompt can ask the teacher why; the reason is kept with the fact's
evidence in the store (``kg:rationale``) and shown by ``kg why`` and the report."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from kg.cli import main
from kg.namespaces import KG
from kg.ontology import load_domain
from kg.prompts import build_prompts
from kg.store import open_store

ANSWER = json.dumps([
    {"subject": "France", "predicate": "hasCapital", "object": "Paris",
     "reason": "the government sits in Paris"},
    {"subject": "Paris", "predicate": "locatedIn", "object": "France", "because": "it is on the Seine in France"},
    {"subject": "France", "predicate": "onContinent", "object": "Europe"},
])


def _distill(tmp_path: Path, *extra: str) -> Path:
    geo = load_domain("geography")
    (prompt,) = build_prompts(geo, ["France"], kind="json", rationales=True)
    transcript = tmp_path / "transcript.jsonl"
    transcript.write_text(json.dumps({"prompt": prompt.text, "completions": [ANSWER]}) + "\n", encoding="utf-8")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\n", encoding="utf-8")
    store = tmp_path / "store"
    with contextlib.redirect_stdout(io.StringIO()):
        main([
            "distill", "--domain", "geography", "--teacher", f"replay:{transcript}", "--store", str(store),
            "--seeds", str(seeds), "--kind", "json", "--rationales", "--samples", "1", "--quiet",
            "--no-materialize", *extra,
        ])
    return store


def test_rationales_survive_a_round_trip_through_the_store(tmp_path: Path, capsys) -> None:
    store = _distill(tmp_path)
    st = open_store(store)
    try:
        rows = st.query(
            f"""SELECT ?sl ?ol ?why WHERE {{
                  GRAPH ?g {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                       <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
                       <http://www.w3.org/ns/prov#wasDerivedFrom> ?sup . ?sup <{KG.rationale}> ?why }}
                  GRAPH ?a {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?sl .
                              ?o <http://www.w3.org/2000/01/rdf-schema#label> ?ol }} }}""",
            graph="all",
        ).bindings()
        found = {(str(r["sl"]), str(r["ol"]), str(r["why"])) for r in rows}
        accepted = {(str(r["sl"]),) for r in st.query(
            "SELECT ?sl WHERE { ?s <https://w3id.org/kgdistill/ontology/geography#onContinent> ?o . "
            "?s <http://www.w3.org/2000/01/rdf-schema#label> ?sl }", graph="accepted").bindings()}
    finally:
        st.close()
    assert ("France", "Paris", "the government sits in Paris") in found
    assert ("Paris", "France", "it is on the Seine in France") in found
    assert accepted == {("France",)}  # a fact given without a reason is stored all the same
    assert not any(sl == "France" and ol == "Europe" for sl, ol, _ in found)

    capsys.readouterr()
    main(["why", "France hasCapital Paris", "--store", str(store), "--domain", "geography", "--format", "json"])
    shown = json.loads(capsys.readouterr().out)
    assert [rec.get("rationale") for rec in shown["tree"]["provenance"]] == ["the government sits in Paris"]
    main(["why", "France hasCapital Paris", "--store", str(store), "--domain", "geography"])
    assert "because: 'the government sits in Paris'" in capsys.readouterr().out

    from kg.report import collect, render_html

    st = open_store(store)
    try:
        data = collect(st)
    finally:
        st.close()
    assert {r["rationale"] for r in data.rationales} == {"the government sits in Paris", "it is on the Seine in France"}
    assert "the government sits in Paris" in render_html(data)


def test_without_the_setting_prompts_are_as_before() -> None:
    geo = load_domain("geography")
    for kind in ("list", "json"):
        plain = build_prompts(geo, ["France"], kind=kind)
        asked = build_prompts(geo, ["France"], kind=kind, rationales=True)
        assert all("reason" not in p.text and not p.rationales for p in plain)
        assert all("reason" in p.text and p.rationales for p in asked)
        assert {p.id for p in plain}.isdisjoint({p.id for p in asked})
    # the prompt text without the setting, fixed: ids (and so cached answers) do not move
    (json_prompt,) = build_prompts(geo, ["France"], kind="json", relations=["hasCapital"])
    assert json_prompt.text.endswith('"object": "B"}]\nAnswer with the JSON array only.\n')


def _distill_glossed(tmp_path: Path) -> Path:
    """A store of one list answer with a gloss ("Spain (Espagne)") and a reason ("because ...")."""
    geo = load_domain("geography")
    (prompt,) = build_prompts(geo, ["France"], relations=["borders"], shots=0, rationales=True)
    transcript = tmp_path / "transcript.jsonl"
    answer = "1. Spain (Espagne)\n2. Belgium because it lies to the north"
    transcript.write_text(json.dumps({"prompt": prompt.text, "completions": [answer]}) + "\n", encoding="utf-8")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\n", encoding="utf-8")
    store = tmp_path / "store"
    with contextlib.redirect_stdout(io.StringIO()):
        main(["distill", "--domain", "geography", "--teacher", f"replay:{transcript}", "--store", str(store), "--seeds", str(seeds),
              "--relations", "borders", "--shots", "0", "--rationales", "--samples", "1", "--quiet", "--no-materialize"])
    return store


def test_kg_why_shows_a_bracketed_gloss_as_a_note_and_a_reason_as_because(tmp_path: Path, capsys) -> None:
    """The list reader keeps an item's gloss as its rationale too: 'Spain (Espagne)' was shown
    as "because: 'Espagne'", as if the teacher had given a reason."""
    store = _distill_glossed(tmp_path)
    capsys.readouterr()
    main(["why", "France borders Spain", "--store", str(store), "--domain", "geography"])
    out = capsys.readouterr().out
    assert "note: 'Espagne'" in out and "because:" not in out
    main(["why", "France borders Belgium", "--store", str(store), "--domain", "geography"])
    assert "because: 'it lies to the north'" in capsys.readouterr().out


def test_the_apis_why_names_a_gloss_a_note_as_kg_why_does(tmp_path: Path) -> None:
    """An archaeologist's `print(kg.why(...))` showed the gloss the reader kept of "Spain
    (Espagne)" as "because Espagne", where `kg why` says "note: 'Espagne'": a gloss is no
    teacher's reason. The API words a rationale as the CLI does."""
    from kg.api import KnowledgeGraph

    store = _distill_glossed(tmp_path)
    with KnowledgeGraph.open(store) as kg:
        glossed, reasoned = str(kg.why(("France", "borders", "Spain"))), str(kg.why(("France", "borders", "Belgium")))
    assert "note: 'Espagne'" in glossed and "because" not in glossed
    assert "because: 'it lies to the north'" in reasoned
