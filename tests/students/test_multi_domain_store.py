"""A store that holds commonsense (its kg.toml's domain) and geography: the student and the
ATOMIC export are the kg.toml domain's unless --domain names another."""

from __future__ import annotations

import json

import pytest

from tests.conftest import kg_exit_code


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("multi")
    store = str(root / "s")
    assert kg_exit_code("init", store, "--domain", "commonsense") == 0
    commonsense = root / "cs.jsonl"
    rows = [
        {"head": "PersonX goes to Paris", "relation": "xWant", "tails": ["to see the Eiffel tower", "to eat a croissant"]},
        {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"]},
        {"head": "PersonX buys a car", "relation": "xIntent", "tails": ["to drive to work"]},
    ]
    commonsense.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert kg_exit_code("ingest", str(commonsense), "--store", store, "--quiet", "--critic", "none") == 0
    geography = root / "geo.csv"
    geography.write_text("head,relation,tail\nParis,capitalOf,France\nBerlin,capitalOf,Germany\n")
    assert kg_exit_code("ingest", str(geography), "--domain", "geography", "--store", store, "--quiet") == 0
    return store


@pytest.mark.slow  # torch's import and the retrieval index: seconds on a loaded machine
def test_the_generator_trains_on_the_stores_kg_toml_domain(store, tmp_path):
    """Without --domain the student was trained on every domain of the store: asked
    "PersonX goes to Paris" capitalOf, it answered "France"."""
    model = tmp_path / "model"
    assert kg_exit_code("train", "generator", "--store", store, "-m", str(model), "--heldout", "0", "--quiet") == 0
    relations = json.loads((model / "generator.json").read_text())["relations"]
    assert "capitalOf" not in relations and "xWant" in relations


def test_the_atomic_export_writes_the_stores_kg_toml_domain(store, tmp_path):
    """The COMET rows held geography's facts (Paris<TAB>capitalOf<TAB>France) with no word."""
    out = tmp_path / "train.tsv"
    assert kg_exit_code("export", "--store", store, "-f", "atomic", "-o", str(out), "--quiet") == 0
    relations = {line.split("\t")[1] for line in out.read_text().splitlines()}
    assert relations == {"xWant", "xIntent"}
    assert kg_exit_code("export", "--store", store, "-o", str(tmp_path / "geo.jsonl"), "--domain", "geography", "--quiet") == 0
    rows = [json.loads(line) for line in (tmp_path / "geo.jsonl").read_text().splitlines()]
    assert {row["relation"] for row in rows} == {"capitalOf"}


def test_an_rdf_export_is_whole_and_refuses_a_domain(store, tmp_path):
    assert kg_exit_code("export", "--store", store, "-o", str(tmp_path / "g.ttl"), "--domain", "geography") == 2
    assert not (tmp_path / "g.ttl").exists()


def test_an_atomic_export_of_a_domain_the_store_never_recorded_is_refused(tmp_path, capsys):
    """`kg export -f atomic --domain commonsense` of a geography store replaced the user's COMET
    training file with an empty one, exit 0, no word: the wrong store or the wrong domain."""
    store = str(tmp_path / "s")
    assert kg_exit_code("init", store, "--domain", "geography") == 0
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nParis,capitalOf,France\n")
    assert kg_exit_code("ingest", str(geography), "--store", store, "--quiet") == 0
    out = tmp_path / "train.tsv"
    out.write_text("PersonX\txWant\tto eat\n")
    capsys.readouterr()
    assert kg_exit_code("export", "--store", store, "-f", "atomic", "--domain", "commonsense", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "commonsense" in err and "geography" in err and "Traceback" not in err
    assert out.read_text() == "PersonX\txWant\tto eat\n"
