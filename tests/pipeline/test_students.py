"""`kg distill --student ...`: the students' predictions re-enter through the same checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import open_store
from tests.pipeline.conftest import distill_args

pytestmark = pytest.mark.slow


def test_linkpred_student_proposes_and_the_checks_judge(geo_run, tmp_path: Path, capsys) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(geo_run["store"], store)
    files = geo_run["files"]
    main(distill_args(files, store, f"replay:{files['transcript']}", "--json", "--student", "linkpred",
                      "--student-epochs", "20"))
    report = json.loads(capsys.readouterr().out)
    assert report["batches_resumed"] == report["batches"]  # the teacher part was done already
    student = report["student"]
    assert student["kind"] == "linkpred" and student["proposed"] > 0
    # every proposal got a verdict from the run's checks, and what was accepted is new
    assert student["accepted"] + student["rejected"] == student["proposed"]
    assert student["accepted"] > 0 and student["new_triples"] == student["accepted"]
    with open_store(store) as st:
        rows = st.query(
            "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c prov:wasGeneratedBy ?a . ?a kg:teacher ?t "
            "FILTER(STR(?t) = 'student:linkpred') }", graph="provenance",
        )
        assert int(next(iter(rows))[0].value) > 0  # the proposals' completions, with the student as teacher
        del rows
    # a rerun skips the student phase too; the table says so in words (it printed the JSON)
    main(distill_args(files, store, f"replay:{files['transcript']}", "--json", "--student", "linkpred"))
    assert "skipped" in json.loads(capsys.readouterr().out)["student"]
    main(distill_args(files, store, f"replay:{files['transcript']}", "--student", "linkpred"))
    out = " ".join(capsys.readouterr().out.split())
    assert "student linkpred: skipped: already done by an earlier invocation of this run" in out and "{" not in out


@pytest.mark.parametrize("size", ["tiny", None])  # None: the default, the retrieval student
def test_generator_rounds(tmp_path: Path, capsys, size) -> None:
    from kg.ontology import load_domain
    from kg.prompts import build_prompts

    store = tmp_path / "store"
    atomic = Path(__file__).resolve().parents[2] / "kg" / "data" / "atomic2020" / "dev.jsonl"
    rows = atomic.read_text(encoding="utf-8").splitlines()[:150]
    data = tmp_path / "atomic.jsonl"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    main(["ingest", str(data), "--domain", "commonsense", "--store", str(store), "--quiet", "--sources", "generations",
          "--critic", "none"])
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX bakes bread\nPersonX calls a friend\n", encoding="utf-8")
    prompts = build_prompts(load_domain("commonsense"), ["PersonX bakes bread", "PersonX calls a friend"], kind="list", shots=0, store=None)
    transcript = tmp_path / "t.jsonl"
    transcript.write_text("".join(json.dumps({"prompt": p.text, "completions": ["1. to eat\n2. to rest"]}) + "\n" for p in prompts))
    capsys.readouterr()
    main(["distill", "--domain", "commonsense", "--teacher", f"replay:{transcript}", "--store", str(store),
          "--critic", "none", "--seeds", str(seeds), "--shots", "0", "--quiet", "--json", "--student", "generator", "--rounds", "1",
          "--student-epochs", "1", *(["--student-size", size] if size else [])])
    report = json.loads(capsys.readouterr().out)
    rounds = report["student"]["rounds"]
    assert len(rounds) == 1 and rounds[0]["generated"] > 0
    assert report["student"]["size"] == (size or "retrieval")
