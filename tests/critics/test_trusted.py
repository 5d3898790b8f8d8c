"""Trusted facts of a store: what human teachers wrote, read by one SPARQL query; a critic
trained on them lands in STORE/critic and shows in `kg report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from tests.critics.conftest import toy_rows, write_jsonl


@pytest.fixture
def atomic_store(tmp_path: Path, capsys) -> Path:
    rows = [
        {"head": "PersonX calls a friend", "relation": "xNeed", "tails": ["a phone"],
         "generations": ["to find a phone", "to dial"]},
        {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it", "none"], "generations": ["to sell it"]},
        {"head": "PersonX bakes bread", "relation": "xIntent", "tails": [], "generations": ["to eat"]},
    ]
    data = write_jsonl(tmp_path / "atomic.jsonl", rows)
    store = tmp_path / "store"
    main(["ingest", str(data), "--domain", "commonsense", "--critic", "none", "--store", str(store), "--json"])
    capsys.readouterr()
    return store


def test_trusted_rows_are_the_human_facts(atomic_store: Path) -> None:
    from kg.critics.examples import Row
    from kg.critics.trusted import trusted_rows
    from kg.pipeline import load_domain

    domain = load_domain("commonsense")
    rows = trusted_rows(atomic_store, domain, ())
    assert rows == [
        Row("PersonX bakes bread", "xWant", ("to eat it",)),
        Row("PersonX calls a friend", "xNeed", ("a phone",)),
    ]
    more = {(r.head, r.relation): set(r.tails) for r in trusted_rows(atomic_store, domain, ["atomic2020:comet-bart"])}
    assert more[("PersonX calls a friend", "xNeed")] == {"a phone", "to find a phone", "to dial"}
    assert more[("PersonX bakes bread", "xIntent")] == {"to eat"}


def test_train_on_a_store_saves_its_critic_and_the_report_shows_it(tiny_bert: Path, tmp_path: Path, capsys) -> None:
    data = write_jsonl(tmp_path / "toy.jsonl", toy_rows())
    store = tmp_path / "store"
    main(["ingest", str(data), "--domain", "commonsense", "--critic", "none", "--store", str(store), "--json"])
    capsys.readouterr()
    main([
        "critic", "train", "--domain", "commonsense", "--store", str(store), "--base-model", str(tiny_bert),
        "--max-seconds", "10", "--epochs", "1", "--threads", "1", "--quiet",
    ])
    assert "saved the critic" in capsys.readouterr().out
    meta = json.loads((store / "critic" / "critic.json").read_text(encoding="utf-8"))
    assert 0 < meta["trained"]["train_heads"] < 80 and meta["trained"]["positives"] > 0  # human tails only
    out = tmp_path / "report.html"
    main(["report", "--store", str(store), "-o", str(out)])
    capsys.readouterr()
    html = out.read_text(encoding="utf-8")
    assert 'id="critic"' in html and "Learned critic" in html and meta["id"] in html
    assert "calibration ROC-AUC" in html and html.count("data:image/png;base64,") >= 2
    assert f"over {meta['calibration']['accepted']} accepted" in html  # the precision's 95% interval
    assert "precision at the threshold (on the heads that chose it: in-sample)" in html
    assert "xWant" in html  # per relation precision/recall

    # `kg critic rescore` with the store's critic: a dry run changes nothing, and a real run
    # never demotes what people wrote
    from kg.critics.trusted import trusted_rows

    before = trusted_rows(store, None, ())
    main(["critic", "rescore", "--store", str(store), "--domain", "commonsense", "--dry-run", "--json"])
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"] and dry["critic"] == meta["id"] and dry["judged"] > 0
    assert dry["judged"] == dry["kept"] + dry["demoted"] + dry["promoted"] + dry["unchanged_rejected"]
    assert trusted_rows(store, None, ()) == before
    main(["critic", "rescore", "--store", str(store), "--domain", "commonsense", "--quiet"])
    assert "judged" in capsys.readouterr().out
    assert trusted_rows(store, None, ()) == before


def test_rescore_without_a_critic_or_domain_is_one_line(atomic_store: Path, capsys) -> None:
    for args, words in (
        (["critic", "rescore", "--store", str(atomic_store), "--domain", "commonsense"], "no trained critic"),
        (["critic", "rescore", "--store", str(atomic_store)], "no domain given"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code != 0
        err = capsys.readouterr().err
        assert words in err and len([ln for ln in err.splitlines() if ln.strip()]) == 1


def test_trusted_rows_of_a_store_written_before_sampling_nodes(atomic_store: Path) -> None:
    """Stores written before 2026-11-24 name the teacher on the completion itself (no kg:Sampling
    node between them): `kg critic train --store` on such a store found none of its human facts
    (12,131 human tails of ATOMIC's dev file: '0 accepted facts from trusted teachers') while
    `kg why` and `kg critic rescore` read them."""
    from kg.critics.trusted import trusted_rows
    from kg.pipeline import load_domain
    from kg.store import open_store

    domain = load_domain("commonsense")
    before = trusted_rows(atomic_store, domain, ())
    store = open_store(str(atomic_store))
    try:  # rewrite the provenance as the old writer wrote it
        store.update(
            "DELETE { GRAPH graph:provenance { ?c prov:wasGeneratedBy ?g } } "
            "INSERT { GRAPH graph:provenance { ?c kg:teacher ?t ; prov:wasGeneratedBy ?run } } "
            "WHERE { GRAPH graph:provenance { ?c a kg:Completion ; prov:wasGeneratedBy ?g . ?g kg:teacher ?t ; kg:run ?run } }"
        )
        store.update("DELETE WHERE { GRAPH graph:provenance { ?g a kg:Sampling ; ?p ?o } }")
        assert not store.query("ASK { GRAPH graph:provenance { ?g a kg:Sampling } }", graph="all").boolean
    finally:
        store.close()
    assert before and trusted_rows(atomic_store, domain, ()) == before
