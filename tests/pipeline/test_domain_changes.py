"""The domain evolves after the graph is built: which content of it each run checked under
(``kg:domainDigest``), what a rerun does, and what `kg validate --store` and `kg reason` say."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import main
from tests.conftest import kg_exit_code

ROWS = "head,relation,tail\nTübingen,locatedIn,Germany\nTübingen,population,90000\n"
LOOSE = 'sh:minInclusive 0 ;\n        sh:message "a place has one population'


@pytest.fixture
def own_store(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """A copy of geography named "mygeo", a store `kg init --domain` made for it, and a CSV of
    two facts ingested there (Tübingen's population, 90000, accepted)."""
    from kg.ontology import domains_dir

    folder = tmp_path / "mygeo"
    shutil.copytree(domains_dir() / "geography", folder)
    relations = folder / "relations.toml"
    relations.write_text(relations.read_text(encoding="utf-8").replace('name = "geography"', 'name = "mygeo"'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    store = tmp_path / "st"
    main(["init", str(store), "--domain", str(folder)])
    rows = tmp_path / "rows.csv"
    rows.write_text(ROWS, encoding="utf-8")
    assert kg_exit_code("ingest", str(rows), "--store", str(store), "-q") == 0
    return {"folder": folder, "store": store, "rows": rows}


def _tighten(folder: Path, minimum: int = 1_000_000) -> None:
    """Populations must be at least ``minimum`` now: Tübingen's 90000 is out of the schema."""
    shapes = folder / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    assert LOOSE in text
    shapes.write_text(text.replace(LOOSE, LOOSE.replace("minInclusive 0", f"minInclusive {minimum}")), encoding="utf-8")


def _ingest_json(rows: Path, store: Path, capsys) -> dict:
    capsys.readouterr()
    kg_exit_code("ingest", str(rows), "--store", str(store), "-q", "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_validate_store_checks_the_stores_own_domain(own_store, capsys) -> None:
    """`kg validate --store S` without --domain checked the shipped geography domain, not the
    store's own (its kg.toml's): after the store's shape was tightened it said "0 rejected",
    exit 0, to the ontology engineer asking which stored facts the new schema rejects."""
    _tighten(own_store["folder"])
    capsys.readouterr()
    assert kg_exit_code("validate", "--store", str(own_store["store"]), "--format", "json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["domain"] == "mygeo" and out["rejected"] == 1 and out["checks"] == {"shacl": 1}


def test_validate_without_store_or_domain_keeps_geography(sample_ttl, capsys) -> None:
    """A FILE alone is still checked against the shipped geography domain (the help says so)."""
    kg_exit_code("validate", str(sample_ttl), "--format", "json")
    assert json.loads(capsys.readouterr().out)["domain"] == "geography"


def test_each_run_records_the_digest_of_the_domain_it_checked_under(own_store) -> None:
    """A run's provenance named the domain and its folder, not which content of the folder the
    facts were checked under: after an edit in place nothing told the old facts' schema apart."""
    import pyoxigraph as ox

    from kg.namespaces import KG
    from kg.ontology import load_domain
    from kg.store import open_store

    with open_store(own_store["store"]) as store:
        digests = [q.object.value for q in store.match(None, ox.NamedNode(str(KG.domainDigest)), None, graph="provenance")]
    assert digests == [load_domain(own_store["folder"]).digest]
    assert digests[0].startswith("sha256:")


def test_a_copy_of_a_domain_has_its_digest_and_an_edit_changes_it(own_store, tmp_path: Path) -> None:
    from kg.ontology import load_domain

    copy = tmp_path / "copy"
    shutil.copytree(own_store["folder"], copy)
    (copy / "README.md").write_text("notes of mine\n", encoding="utf-8")  # docs are not checked
    assert load_domain(copy).digest == load_domain(own_store["folder"]).digest
    _tighten(copy)
    assert load_domain(copy).digest != load_domain(own_store["folder"]).digest


def test_a_rerun_after_the_domain_changed_checks_under_the_new_domain(own_store, capsys) -> None:
    """The same `kg ingest` after the shapes were tightened was the same run: "resumed", the old
    verdicts (accepted 2, rejected 0) printed as current, exit 0, no word of the change."""
    first = _ingest_json(own_store["rows"], own_store["store"], capsys)
    assert first["batches_resumed"] == 1 and not any("changed since" in n for n in first["notes"])  # unchanged: resumed
    _tighten(own_store["folder"])
    second = _ingest_json(own_store["rows"], own_store["store"], capsys)
    assert second["run"] != first["run"] and second["batches_resumed"] == 0
    assert (second["accepted"], second["rejected"]) == (1, 1)
    [note] = [n for n in second["notes"] if "changed since" in n]
    assert first["run"].rsplit("/", 1)[1] in note and "kg validate --store" in note and "--rebuild" in note
    third = _ingest_json(own_store["rows"], own_store["store"], capsys)  # and that run resumes as any run
    assert third["run"] == second["run"] and third["batches_resumed"] == 1
    assert not any("changed since" in n for n in third["notes"])


def test_validate_and_reason_say_the_stored_facts_were_checked_under_an_earlier_domain(own_store, capsys) -> None:
    """After an edit of the domain, neither `kg validate --store` nor `kg reason` said that the
    stored facts (and their inferences) were checked under the earlier content."""
    store = str(own_store["store"])
    kg_exit_code("reason", "--store", store, "-q")
    assert "changed since" not in capsys.readouterr().err
    _tighten(own_store["folder"])
    kg_exit_code("validate", "--store", store, "--format", "json")
    assert "changed since the store's latest run" in capsys.readouterr().err
    assert kg_exit_code("reason", "--store", store, "-q") == 0
    assert "`kg reason --store" in capsys.readouterr().err


def test_validate_store_of_several_domains_asks_which(own_store, tmp_path: Path, capsys) -> None:
    """A store of two domains is checked against one: its kg.toml's (a note says so), else
    without --domain it says so (exit 2)."""
    (tmp_path / "city.csv").write_text("head,relation,tail\nUlm,locatedIn,Germany\n", encoding="utf-8")
    kg_exit_code("ingest", str(tmp_path / "city.csv"), "--store", str(own_store["store"]), "--domain", "geography", "-q")
    capsys.readouterr()
    assert kg_exit_code("validate", "--store", str(own_store["store"])) in (0, 1)
    assert "checking against mygeo (its kg.toml's domain)" in capsys.readouterr().err
    config = own_store["store"] / "kg.toml"
    config.write_text("".join(line for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("domain")), encoding="utf-8")
    assert kg_exit_code("validate", "--store", str(own_store["store"])) == 2
    err = capsys.readouterr().err
    assert "--domain" in err and "mygeo" in err and "Traceback" not in err


def test_the_same_distill_after_a_shape_changed_is_checked_as_a_new_run(geo_files, tmp_path: Path, capsys) -> None:
    """`kg distill` rerun after the shapes were tightened said "this run had finished: nothing
    was asked" and printed the earlier domain's verdicts; now it is a new run of the prompts the
    earlier one saved (a replay transcript, or the teacher's cache, answers them: built again
    they took their few-shot examples from the store), checked under today's shapes. A rerun
    then finds that run finished."""
    from tests.pipeline.conftest import distill_args

    folder = tmp_path / "geography"
    shutil.copytree(Path(__file__).parents[2] / "ontologies" / "geography", folder)
    args = distill_args(geo_files, tmp_path / "store", f"replay:{geo_files['transcript']}", "--json")
    args[args.index("geography")] = str(folder)
    main(args)
    first = json.loads(capsys.readouterr().out)
    _tighten(folder, 100_000_000)  # France's 67 million and Paris's 2 million are out
    main(args)
    second = json.loads(capsys.readouterr().out)
    assert second["run"] != first["run"] and second["asked_prompts"] == first["asked_prompts"] > 0
    assert second["rejected_by_reason"].get("shacl", 0) > first["rejected_by_reason"].get("shacl", 0)
    assert any("changed since" in note for note in second["notes"])
    main(args)  # the same command again: that new run, finished
    third = json.loads(capsys.readouterr().out)
    assert third["run"] == second["run"] and third["asked_prompts"] == 0


def test_again_after_a_shape_changed_starts_another_run(geo_files, tmp_path: Path, capsys) -> None:
    """--again keeps its meaning under the domain's digest: a new run of the current identity."""
    from tests.pipeline.conftest import distill_args

    folder = tmp_path / "geography"
    shutil.copytree(Path(__file__).parents[2] / "ontologies" / "geography", folder)
    args = distill_args(geo_files, tmp_path / "store", f"replay:{geo_files['transcript']}", "--json", "--domain-examples")
    args[args.index("geography")] = str(folder)
    main(args)
    first = json.loads(capsys.readouterr().out)
    _tighten(folder, 100_000_000)
    main([*args, "--again"])
    again = json.loads(capsys.readouterr().out)
    assert again["run"] != first["run"] and again["asked_prompts"] == first["asked_prompts"]
    assert any("changed since" in note for note in again["notes"])
    main([*args, "--again"])
    assert json.loads(capsys.readouterr().out)["run"] not in (first["run"], again["run"])
