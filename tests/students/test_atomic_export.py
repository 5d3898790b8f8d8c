"""``kg export -f atomic``: the distilled corpus as ATOMIC data that COMET's tools and ours read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import kg_exit_code


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_distilled_corpus_exports_as_atomic_data_and_reads_back(tmp_path: Path) -> None:
    """A researcher distilling commonsense wants the corpus as COMET trains on it (head, relation,
    tail by label): the TSV exporter wrote IRIs (PyKEEN's format), and nothing wrote the JSONL
    rows the sample, `kg ingest`, `kg critic train --data` and `kg train generator --data` read."""
    from kg.config import DistillConfig
    from kg.pipeline import ingest
    from kg.students.generator_data import read_examples

    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        json.dumps({"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it", "none"],
                    "generations": ["to share it", "to eat it"]}) + "\n"
        + json.dumps({"head": "PersonX runs a marathon", "relation": "xReact", "tails": ["tired"], "generations": ["proud"]}) + "\n",
        encoding="utf-8",
    )
    config = DistillConfig().replace(**{"domain": "commonsense", "critic.model": "none", "run.materialize": False})
    ingest(rows, "commonsense", tmp_path / "s", config=config)
    corpus = tmp_path / "corpus.jsonl"
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-o", str(corpus), "-q") == 0
    assert _rows(corpus) == [  # who wrote a tail is kept: a person's (or both's) under tails, a model's alone under generations
        {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"], "generations": ["to share it"]},
        {"head": "PersonX runs a marathon", "relation": "xReact", "tails": ["tired"], "generations": ["proud"]},
    ]
    tsv = tmp_path / "train.tsv"
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-f", "atomic", "-o", str(tsv), "-q") == 0
    assert tsv.read_text(encoding="utf-8").splitlines()[0] == "PersonX bakes bread\txWant\tto eat it"
    assert {(e.head, e.relation, e.tail) for e in read_examples(tsv)} == {
        ("PersonX bakes bread", "xWant", "to eat it"), ("PersonX bakes bread", "xWant", "to share it"),
        ("PersonX runs a marathon", "xReact", "tired"), ("PersonX runs a marathon", "xReact", "proud"),
    }
    ingest(corpus, "commonsense", tmp_path / "again", config=config)  # the export reads back as it was written
    assert kg_exit_code("export", "--store", str(tmp_path / "again"), "-o", str(tmp_path / "again.jsonl"), "-q") == 0
    assert _rows(tmp_path / "again.jsonl") == _rows(corpus)


def test_the_atomic_format_names_the_files_it_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.store import init_store

    init_store(tmp_path / "s")
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-f", "atomic", "-o", str(tmp_path / "x.csv")) == 2
    assert "writes .tsv" in capsys.readouterr().err and not (tmp_path / "x.csv").exists()  # .csv is the csv edge list's


def test_the_atomic_format_writes_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`kg export -f atomic -o -` (and `-f jsonl -o -`) failed with "the atomic format writes .tsv
    ... not '/tmp/kg-export-xxx/export'", naming an internal temporary file; -o - is standard
    output: COMET's TSV for atomic, the rows of tails for jsonl."""
    from kg.config import DistillConfig
    from kg.pipeline import ingest

    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"]}) + "\n", encoding="utf-8")
    config = DistillConfig().replace(**{"domain": "commonsense", "critic.model": "none", "run.materialize": False})
    ingest(rows, "commonsense", tmp_path / "s", config=config)
    capsys.readouterr()
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-f", "atomic", "-o", "-", "-q") == 0
    assert capsys.readouterr().out == "PersonX bakes bread\txWant\tto eat it\n"
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-f", "jsonl", "-o", "-", "-q") == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == [
        {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"], "generations": []}
    ]


def test_the_atomic_format_writes_the_critics_rejections_and_refuses_mixed_graphs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-g rejected -f atomic` wrote an empty file and said "wrote 0 triples" (the quarantine keeps
    reified statements, which the exporter did not read); `-g all` and `-g knowledge` were refused
    with an error listing them as valid graphs; `-g provenance`, `ontology` and `rules` wrote an
    empty file, exit 0: refused the same way."""
    from kg.api import KnowledgeGraph
    from tests.students.test_generate_cli import _write

    store = tmp_path / "s"
    with KnowledgeGraph.create(store) as kg:
        _write(kg, [
            ("PersonX bakes", "xWant", "to eat", "atomic2020:human", None),
            ("PersonX bakes", "xWant", "to fly", "openai:gpt", "critic"),
            ("PersonX bakes", "xNeed", "an oven", "atomic2020:human", "critic"),
        ])
    out = tmp_path / "rejected.jsonl"
    assert kg_exit_code("export", "--store", str(store), "-g", "rejected", "-f", "atomic", "-o", str(out), "-q") == 0
    assert _rows(out) == [
        {"head": "PersonX bakes", "relation": "xNeed", "tails": ["an oven"], "generations": []},
        {"head": "PersonX bakes", "relation": "xWant", "tails": [], "generations": ["to fly"]},
    ]
    tsv = tmp_path / "rejected.tsv"
    assert kg_exit_code("export", "--store", str(store), "-g", "rejected", "-f", "atomic", "-o", str(tsv), "-q") == 0
    assert tsv.read_text(encoding="utf-8") == "PersonX bakes\txNeed\tan oven\nPersonX bakes\txWant\tto fly\n"
    capsys.readouterr()
    for graph in ("all", "knowledge", "provenance", "ontology", "rules"):
        assert kg_exit_code("export", "--store", str(store), "-g", graph, "-f", "atomic", "-o", str(tmp_path / "x.tsv")) == 2
        err = capsys.readouterr().err
        assert "the atomic format writes the facts of one graph: accepted, inferred or rejected" in err and f"not {graph!r}" in err
        assert "Traceback" not in err and not (tmp_path / "x.tsv").exists()


def test_an_atomic_export_of_rejections_a_check_made_is_refused_not_an_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kg export -g rejected -o rej.jsonl` of a quarantine whose rejections a shape made wrote a
    0-byte file ("wrote 0 triples") while `-o rej.nt` wrote them: the atomic format writes the
    critic's rejections only, and now says so in place of the empty file."""
    from kg.api import KnowledgeGraph
    from tests.students.test_generate_cli import _write

    store = tmp_path / "s"
    with KnowledgeGraph.create(store) as kg:
        _write(kg, [("PersonX bakes", "xNeed", "a river", "openai:gpt", "shacl")])
    out = tmp_path / "rej.jsonl"
    capsys.readouterr()
    assert kg_exit_code("export", "--store", str(store), "-g", "rejected", "-o", str(out), "-q") == 2
    err = capsys.readouterr().err
    assert "1 candidates a check rejected" in err and "kg review export --all" in err and not out.exists()


def test_a_tail_holding_a_line_break_is_one_tail_and_reads_back(tmp_path: Path) -> None:
    """A row's tail holding a line break ("a pen and\\npaper") was split by the list extractor into
    two tails, and a fragment nobody wrote ("paper") could be accepted; the export writes such a
    tail (a label kg load stored) JSON-escaped, and `kg ingest` of it split it again. Each element
    of `tails` is one tail, its whitespace folded."""
    from kg.config import DistillConfig
    from kg.pipeline import ingest

    config = DistillConfig().replace(**{"domain": "commonsense", "critic.model": "none", "run.materialize": False})
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"head": "PersonX writes a letter", "relation": "xNeed",
                                "tails": ["a pen and\npaper", "to sit down"]}) + "\n", encoding="utf-8")
    ingest(rows, "commonsense", tmp_path / "s", config=config)
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-o", str(tmp_path / "s.jsonl"), "-q") == 0
    assert _rows(tmp_path / "s.jsonl") == [
        {"head": "PersonX writes a letter", "relation": "xNeed", "tails": ["a pen and paper", "to sit down"], "generations": []},
    ]
    loaded = tmp_path / "loaded.ttl"  # a label with a line break, as kg load keeps it
    loaded.write_text('@prefix cs: <https://w3id.org/kgdistill/ontology/commonsense#> .\n'
                      '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                      '<urn:h> rdfs:label "PersonX writes a letter" ; cs:xNeed <urn:t> .\n'
                      '<urn:t> rdfs:label "a pen and\\npaper" .\n', encoding="utf-8")
    assert kg_exit_code("init", str(tmp_path / "l"), "--domain", "commonsense") == 0
    assert kg_exit_code("load", str(loaded), "--store", str(tmp_path / "l"), "-q") == 0
    assert kg_exit_code("export", "--store", str(tmp_path / "l"), "-o", str(tmp_path / "l.jsonl"), "-q") == 0
    assert _rows(tmp_path / "l.jsonl")[0]["tails"] == ["a pen and\npaper"]
    ingest(tmp_path / "l.jsonl", "commonsense", tmp_path / "again", config=config)
    assert kg_exit_code("export", "--store", str(tmp_path / "again"), "-o", str(tmp_path / "again.jsonl"), "-q") == 0
    assert _rows(tmp_path / "again.jsonl")[0]["tails"] == ["a pen and paper"]


def test_a_teachers_none_answer_exports_as_an_atomic_none(tmp_path: Path) -> None:
    """A teacher's 'None' was stored nowhere, so an export could not give ATOMIC's 'none' rows;
    it is kept in quarantine now, and a .jsonl export writes it among the row's generations."""
    from kg.api import KnowledgeGraph
    from kg.teachers.simple import RequestTeacher

    class Teacher(RequestTeacher):
        backend = "nones"

        def ask(self, prompt, params, sample_index):
            return {"xIntent": "None", "xWant": "1. to smile"}[prompt.relation]

    head = "PersonX pays PersonY a compliment"
    with KnowledgeGraph.create(tmp_path / "s") as kg:
        kg.distill(Teacher("v"), domain="commonsense", seeds=[head],
                   settings={"critic.model": "none", "prompts.relations": ["xIntent", "xWant"]})
    out = tmp_path / "out.jsonl"
    assert kg_exit_code("export", "--store", str(tmp_path / "s"), "-f", "atomic", "-o", str(out), "-q") == 0
    assert sorted(_rows(out), key=lambda r: r["relation"]) == [
        {"head": head, "relation": "xIntent", "tails": [], "generations": ["none"]},
        {"head": head, "relation": "xWant", "tails": [], "generations": ["to smile"]},
    ]
