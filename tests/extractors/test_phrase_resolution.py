"""Phrases of a commonsense store are matched only as written (case, punctuation and spaces
folded): entity resolution never swaps PersonX for PersonY, nor changes a word or a verb's form,
so the stored texts do not depend on what the store held before, or on the rows' order."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import kg_exit_code


def _ingest(store: Path, rows: list[dict], path: Path) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    argv = ["ingest", str(path), "--domain", "commonsense", "--store", str(store), "--critic", "none", "--threshold", "0", "-q"]
    assert kg_exit_code(*argv) == 0


def _export(store: Path, out: Path) -> set[str]:
    assert kg_exit_code("export", "--store", str(store), "-f", "atomic", "-o", str(out)) == 0
    return set(out.read_text(encoding="utf-8").splitlines())


FIRST = [
    {"head": "PersonX avoids every class", "relation": "oWant", "tails": ["to learn from PersonX"]},
    {"head": "PersonX sees PersonY", "relation": "xWant", "tails": ["to ask PersonX questions"]},
    {"head": "PersonX gives PersonY a gift", "relation": "xIntent", "tails": ["to be nice"]},
    {"head": "PersonX loses a key", "relation": "xEffect", "tails": ["PersonX doesn't have a knife"]},
    {"head": "PersonX applies for jobs", "relation": "xEffect", "tails": ["gets a new job"]},
]
SECOND = [
    {"head": "PersonX enjoys PersonY's class", "relation": "xWant", "tails": ["to learn from PersonY", "to ask PersonY questions"]},
    {"head": "PersonY gives PersonX a gift", "relation": "oReact", "tails": ["grateful"]},
    {"head": "PersonX forgets things", "relation": "xEffect", "tails": ["PersonX doesn't have a key."]},
    {"head": "PersonX applies for jobs", "relation": "xWant", "tails": ["to get a new job", "To get a new job!"]},
]


def test_phrases_are_stored_as_written_whatever_the_store_held(tmp_path: Path) -> None:
    store = tmp_path / "cs"
    assert kg_exit_code("init", str(store), "--domain", "commonsense") == 0
    _ingest(store, FIRST, tmp_path / "first.jsonl")
    _ingest(store, SECOND, tmp_path / "second.jsonl")
    lines = _export(store, tmp_path / "out.tsv")
    for row in FIRST + SECOND:
        assert f"{row['head']}\t{row['relation']}\t{row['tails'][0].rstrip('.')}" in lines
    assert "PersonX enjoys PersonY's class\txWant\tto ask PersonY questions" in lines
    assert not any("\t" in line and line.split("\t")[0] == "PersonX enjoys PersonY's class" and "PersonX" in line.split("\t")[2] for line in lines)
    # "To get a new job!" is "to get a new job" written otherwise: one fact, not two
    assert sum(line.startswith("PersonX applies for jobs\txWant") for line in lines) == 1


def test_the_same_rows_give_the_same_corpus_in_any_order(tmp_path: Path) -> None:
    exports = []
    for name, batches in (("forward", (FIRST, SECOND)), ("backward", (SECOND[::-1], FIRST[::-1]))):
        store = tmp_path / name
        assert kg_exit_code("init", str(store), "--domain", "commonsense") == 0
        for i, rows in enumerate(batches):  # the second resolves against the first
            _ingest(store, rows, tmp_path / f"{name}{i}.jsonl")
        exports.append(_export(store, tmp_path / f"{name}.tsv"))
    assert exports[0] == exports[1]
