"""A range stored as its middle with its bounds (extractors.ranges) is checked as the range: against the
reference graph, in the store's provenance, by `kg validate --store` and by `kg why`."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.namespaces import KG
from kg.ontology import load_domain
from kg.prompts import build_prompts
from kg.store import open_store

# France's area in the geography domain's reference graph: 547,030 km², tolerance 20 %


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    return KnowledgeGraph.create(tmp_path_factory.mktemp("ranges") / "store")


def test_a_range_holding_the_reference_figure_agrees_with_it(kg: KnowledgeGraph) -> None:
    """'450,000–1,100,000 km²' holds the reference's 547,030 km², though its middle, 775,000, is 42 % off it: a range
    agrees with a figure where some point of it does ('within tolerance', never 'confirmed': the teacher gave no figure)."""
    (verdict,) = kg.validate([("France", "area", "450,000–1,100,000 km²")], domain="geography")
    assert verdict.accepted and verdict.reference == "within tolerance"
    assert str(verdict.candidate.object) == "775000"
    assert verdict.candidate.bounds is not None and [str(x) for x in verdict.candidate.bounds] == ["450000", "1100000"]


def test_a_range_off_the_reference_figure_is_contradicted_by_its_nearest_end(kg: KnowledgeGraph) -> None:
    """'100,000–200,000 km²' is refused, its message naming the range and how far its nearest end is off."""
    (verdict,) = kg.validate([("France", "area", "100,000–200,000 km²")], domain="geography")
    assert not verdict.accepted and verdict.reference == "contradicted"
    assert "the range 100,000–200,000 is off by 63%" in verdict.reasons[0].message


def _distill(tmp_path: Path, answer: str, head: str = "France") -> Path:
    geo = load_domain("geography")
    (prompt,) = build_prompts(geo, [head], relations=["area"])
    transcript = tmp_path / "transcript.jsonl"
    transcript.write_text(json.dumps({"prompt": prompt.text, "completions": [answer]}) + "\n", encoding="utf-8")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"{head}\n", encoding="utf-8")
    store = tmp_path / "store"
    with contextlib.redirect_stdout(io.StringIO()):
        main(["distill", "--domain", "geography", "--teacher", f"replay:{transcript}", "--store", str(store), "--seeds", str(seeds),
              "--relations", "area", "--samples", "1", "--quiet", "--no-materialize"])
    return store


def test_a_stored_range_keeps_its_bounds_and_is_checked_again_as_the_range(tmp_path: Path, capsys) -> None:
    """A run stores the middle, the ends as kg:lowerBound and kg:upperBound of its support; `kg validate --store`
    re-checks the stored fact as the range (read as its middle alone, 775,000 km² would be contradicted), and `kg
    why` finds the fact by the range as written."""
    store = _distill(tmp_path, "450,000–1,100,000 km²")
    st = open_store(store)
    try:
        rows = st.query(
            f"SELECT ?o ?low ?high WHERE {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ; "
            f"<http://www.w3.org/ns/prov#wasDerivedFrom> ?sup . ?sup <{KG.lowerBound}> ?low ; <{KG.upperBound}> ?high }}",
            graph="all",
        ).bindings()
        found = [(str(r["o"]), str(r["low"]), str(r["high"])) for r in rows]
    finally:
        st.close()
    assert found == [("775000", "450000", "1100000")]
    capsys.readouterr()
    main(["validate", "--store", str(store), "--domain", "geography"])
    checked = capsys.readouterr().out
    assert "1 accepted" in checked and "within tolerance 1" in checked and "contradicted" not in checked
    main(["why", "France area 450,000–1,100,000 km²", "--store", str(store)])
    shown = capsys.readouterr().out
    assert "note: 'range: 450,000–1,100,000'" in shown and "775000" in shown


def test_a_figure_within_a_stored_range_is_read_as_the_stored_fact(tmp_path: Path) -> None:
    """A country the reference knows nothing of, stored with an area of '100–200 km²' (150, its middle): a later '110 km²'
    is 27 % off the middle, more than the relation's 20 %, and was a second value of a functional relation, refused; it
    lies within the stored range, so it is read as the stored fact. '400 km²', off the range by 100 %, is still refused."""
    store = _distill(tmp_path, "100–200 km²", head="Freedonia")
    with KnowledgeGraph.open(store) as kg:
        inside, outside = kg.validate([("Freedonia", "area", "110 km²"), ("Freedonia", "area", "400 km²")])
    assert inside.accepted and str(inside.candidate.object) == "150"
    assert not outside.accepted


def test_a_figure_within_a_range_of_the_same_batch_is_read_as_it(kg: KnowledgeGraph) -> None:
    """The same within one batch: '100–200 km²' then '110 km²' of one country are one fact, 150."""
    ranged, point = kg.validate([("Freedonia", "area", "100–200 km²"), ("Freedonia", "area", "110 km²")], domain="geography")
    assert ranged.accepted and point.accepted and str(point.candidate.object) == "150"


def test_the_edge_exports_give_a_stored_range_its_ends(tmp_path: Path) -> None:
    """`kg export -o edges.csv` and `-o edges.parquet` wrote a stored range as its middle alone (775000), its ends only
    in the provenance graph: the edge list gives them in tail_lower and tail_upper, the Parquet table in lower_bound and
    upper_bound of the support's row; a figure given as one value leaves them empty."""
    import pyarrow.parquet as pq  # the [dev] extra installs it

    store = _distill(tmp_path, "450,000–1,100,000 km²")
    with contextlib.redirect_stdout(io.StringIO()):
        main(["export", "--store", str(store), "-o", str(tmp_path / "edges.csv"), "-q"])
        main(["export", "--store", str(store), "-o", str(tmp_path / "edges.parquet"), "-q"])
    table = pq.read_table(tmp_path / "edges.parquet").to_pylist()
    assert [(r["value"], r["lower_bound"], r["upper_bound"]) for r in table if r["predicate"].endswith("area")] == [(775000, 450000, 1100000)]
    assert all(r["lower_bound"] is None for r in table if not r["predicate"].endswith("area"))
    rows = list(csv.DictReader((tmp_path / "edges.csv").open(newline="", encoding="utf-8")))
    (area,) = [r for r in rows if r["relation"] == "area"]
    assert (area["tail"], area["tail_lower"], area["tail_upper"]) == ("775000", "450000", "1100000")
    assert all(r["tail_lower"] == r["tail_upper"] == "" for r in rows if r is not area)
