"""The query page's example queries, built from what the store holds."""

from __future__ import annotations

from pathlib import Path

from kg.namespaces import PREFIXES
from kg.server.page import example_queries
from kg.store import init_store

RES = "https://w3id.org/kgdistill/resource/"


def test_the_examples_for_classes_with_odd_names_are_valid_sparql(tmp_path: Path) -> None:
    """The query page offered "Instances of res:-draft" and "Instances of res:area_km²": names a
    SPARQL local name cannot be (a leading '-', '²'), so the example failed with 400 on Run (and
    `kg stats` printed the same names, which `kg query` could not read)."""
    classes = [f"{RES}-draft", f"{RES}area_km\u00b2"]
    source = tmp_path / "a.nt"
    source.write_text("".join(f"<http://ex.org/x{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{c}> .\n"
                              for i, c in enumerate(classes)), encoding="utf-8")
    with init_store(tmp_path / "st") as store:
        store.load(source)
        examples = [e for e in example_queries({}, classes, [], PREFIXES) if e["title"].startswith("Instances of")]
        found = [[str(row["x"]) for row in store.query(e["query"]).bindings()] for e in examples]
    assert [e["title"] for e in examples] == [f"Instances of <{c}>" for c in classes]
    assert found == [["http://ex.org/x0"], ["http://ex.org/x1"]]
