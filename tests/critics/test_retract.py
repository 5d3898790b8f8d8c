"""``kg runs`` and ``kg retract``: withdraw what one run or one loaded file brought in, keep what
other evidence or people support, lose nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from tests.conftest import kg_exit_code
from tests.critics.test_review import _graph_of

BAD = """<https://w3id.org/kgdistill/resource/spain> <https://w3id.org/kgdistill/ontology/geography#capitalOf> <https://w3id.org/kgdistill/resource/germany> .
<https://w3id.org/kgdistill/resource/france> <https://w3id.org/kgdistill/ontology/geography#borders> <https://w3id.org/kgdistill/resource/belgium> .
<https://w3id.org/kgdistill/resource/atlantis> <https://w3id.org/kgdistill/ontology/geography#borders> <https://w3id.org/kgdistill/resource/france> .
<https://w3id.org/kgdistill/resource/atlantis> <http://www.w3.org/2000/01/rdf-schema#label> "Atlantis" .
"""


def _runs(store: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert kg_exit_code("runs", "--store", str(store), "--format", "json") == 0
    return json.loads(capsys.readouterr().out)


def test_retracting_a_loaded_file_moves_only_what_it_alone_said(store, tmp_path, capsys):
    bad = tmp_path / "bad.nt"
    bad.write_text(BAD, encoding="utf-8")
    assert kg_exit_code("load", str(bad), "--store", str(store)) == 0
    assert _graph_of(store, ("Spain", "capitalOf", "Germany")) == {"accepted"}
    capsys.readouterr()
    assert kg_exit_code("retract", "bad.nt", "--store", str(store), "--reason", "loaded by mistake", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    # Spain capitalOf Germany and Atlantis borders France: only the file said them; France borders Belgium: the run did too
    assert (report["retracted"], report["kept"]) == (3, 1)  # the label of Atlantis is a fact the file stated too
    assert _graph_of(store, ("Spain", "capitalOf", "Germany")) == {"rejected"}
    assert _graph_of(store, ("France", "borders", "Belgium")) == {"accepted"}
    with KnowledgeGraph.open(store) as kg:
        assert kg.why(("Spain", "capitalOf", "Germany")).status == "rejected"
        reasons = kg.query('SELECT ?m WHERE { ?x kg:check "retracted" ; kg:message ?m }', graph="rejected").bindings()
        assert {str(r["m"]) for r in reasons} == {f"the evidence of {bad.resolve().as_uri()} was withdrawn (loaded by mistake)"}
        # borders is symmetric: what the file's border inferred went with it; the run's stays
        assert not kg.query("ASK { res:france kgeo:borders res:atlantis }").boolean
        assert kg.query("ASK { res:belgium kgeo:borders res:france }").boolean
        kept = kg.why(("France", "borders", "Belgium")).tree.provenance  # the file's support, marked
        assert [bool(rec.get("retracted")) for rec in kept if "source" in rec] == [True]
        assert any("run" in rec and not rec.get("retracted") for rec in kept)
        # an entity left with no fact loses its label in accepted (the rejection keeps a copy)
        assert not kg.query('ASK { ?x rdfs:label "Atlantis" }', graph="accepted").boolean
        assert kg.query('ASK { ?x rdfs:label "Atlantis" }', graph="rejected").boolean


def test_retracting_a_run_keeps_what_a_review_vouched_for_and_a_second_time_moves_nothing(store, tmp_path, capsys):
    [run] = _runs(store, capsys)
    assert run["id"].startswith("distill-") and run["retracted"] is None and run["accepted"] > 0
    labels = tmp_path / "ana.csv"
    labels.write_text("subject,relation,object,label\nFrance,borders,Belgium,valid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(labels), "--store", str(store), "-q") == 0
    with KnowledgeGraph.open(store) as kg:
        before = kg.stats().graphs
        dry = kg.retract(run["id"], dry_run=True)
        assert kg.stats().graphs == before  # a dry run writes nothing
        report = kg.retract(run["id"], reason="wrong model behind the name")
        assert (report.retracted, report.reviewed) == (dry.retracted, 1) and report.retracted > 5
        assert report.inferred is not None  # rebuilt
        assert kg.query("ASK { res:france kgeo:borders res:belgium }", graph="accepted").boolean  # people said so
        assert not kg.query("ASK { res:paris kgeo:capitalOf res:france }", graph="accepted").boolean
        # Paris has no fact left: the label the run wrote with it goes too; France keeps its own
        assert report.unlabelled > 0 and not kg.query('ASK { ?x rdfs:label "Paris" }', graph="accepted").boolean
        assert kg.query('ASK { ?x rdfs:label "France" }', graph="accepted").boolean
        assert kg.stats().graphs["rejected"] > before["rejected"]
        assert report.closed > 0  # the run's quarantined candidates no longer await review
        awaiting = Path(store).parent / "awaiting.csv"
        kg.export_review(awaiting)
        assert awaiting.read_text(encoding="utf-8").count("\n") == 1  # the header alone
        again = kg.retract(run["id"])
        assert again.retracted == 0 and again.activity is None and "retracted before" in again.notes[0]
    [after] = _runs(store, capsys)
    assert after["retracted"]
    assert kg_exit_code("retract", "distill-nope", "--store", str(store)) == 2
    assert "no run or loaded file 'distill-nope'" in capsys.readouterr().err


def test_a_retraction_cut_short_before_its_inferences_are_rebuilt_finishes_on_the_next(store, monkeypatch, capsys):
    import kg.critics.retract as retracting
    from kg.store import open_store

    [run] = _runs(store, capsys)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the process stopped after the moves, before the rebuild

    with open_store(str(store)) as st:
        monkeypatch.setattr(retracting, "rebuild_inferred", crash)
        with pytest.raises(KeyboardInterrupt):
            retracting.retract(st, run["id"], chunk_size=3)
        monkeypatch.undo()
        assert st.query("ASK { res:belgium kgeo:borders res:france }", graph="inferred")  # stale: its fact is gone
        again = retracting.retract(st, run["id"])
        assert again.retracted == 0 and again.inferred is not None
        assert not st.query("ASK { res:belgium kgeo:borders res:france }", graph="inferred")
        assert not st.query(f"ASK {{ ?a a <{retracting.KG.Rescoring}> FILTER NOT EXISTS {{ ?a prov:endedAtTime ?t }} }}",
                            graph="provenance")


@pytest.mark.parametrize("ended_by_another", [False, True])
def test_a_retraction_killed_while_it_moves_facts_is_finished_whole_by_the_next(store, monkeypatch, capsys, ended_by_another):
    """kill -9 during `kg retract`, then the same command again: the labels of the facts moved
    before the kill stayed in accepted, and the record of the cut-short retraction had no count,
    so `kg report` showed the retraction quarantining 0 facts (also when another move, finishing
    in between, stamped the cut-short one's end)."""
    import kg.critics.retract as retracting
    from kg.store import open_store

    [run] = _runs(store, capsys)
    writes, moves = retracting.apply_update, []
    bare = 'ASK { ?x rdfs:label ?l FILTER NOT EXISTS { ?x ?p ?o FILTER(?p != rdfs:label) } FILTER NOT EXISTS { ?s ?q ?x } }'

    def killed(store: object, delete: list, insert: list) -> None:
        moves.extend(delete[:1])
        if len(moves) > 4:
            raise KeyboardInterrupt  # the process died part-way through the moves
        writes(store, delete, insert)

    with open_store(str(store)) as st:
        whole = retracting.retract(st, run["id"], dry_run=True).retracted
        monkeypatch.setattr(retracting, "apply_update", killed)
        with pytest.raises(KeyboardInterrupt):
            retracting.retract(st, run["id"], chunk_size=3)
        monkeypatch.undo()
        assert st.query(bare, graph="accepted")  # entities the moves left with nothing but a label
        if ended_by_another:
            st.update('INSERT { GRAPH graph:provenance { ?a prov:endedAtTime "2026-12-05T00:00:00Z"^^xsd:dateTime } } '
                      'WHERE { GRAPH graph:provenance { ?a a kg:Rescoring } }')
    with KnowledgeGraph.open(store) as kg:
        again = kg.retract(run["id"])
        assert 0 < again.retracted < whole and "cut short" in again.notes[0]
        counts = kg.query("SELECT ?n WHERE { ?a a kg:Rescoring ; kg:demotedCount ?n }", graph="provenance").records()
        assert [row["n"] for row in counts] == [whole]  # one record, of the whole retraction
        assert not kg.query(bare, graph="accepted").boolean  # the labels of what the killed one moved went too


def test_a_person_who_finds_a_retracted_fact_valid_brings_it_back(store, tmp_path, capsys):
    """A retracted fact marked valid in a review was 'held, rejected by a hard check'."""
    [run] = _runs(store, capsys)
    with KnowledgeGraph.open(store) as kg:
        kg.retract(run["id"])
        report = kg.apply_review([("Paris", "capitalOf", "France", True)], reviewer="ana")
        assert (report.promoted, report.held) == (1, 0)
        assert kg.why(("Paris", "capitalOf", "France")).status == "accepted"


def test_retracting_a_run_that_never_finished_says_resuming_it_brings_the_rest(store, capsys):
    [run] = _runs(store, capsys)
    with KnowledgeGraph.open(store) as kg:
        kg.store.update(f"DELETE WHERE {{ GRAPH graph:provenance {{ <{run['run']}> prov:endedAtTime ?t }} }}")
        report = kg.retract(run["id"])
    assert any("never finished: rerunning its command resumes it" in note for note in report.notes)


@pytest.mark.parametrize("width", [80, 130])
def test_kg_runs_shows_every_run_whole_at_any_width(store, tmp_path, capsys, monkeypatch, width):
    """At 80 columns the runs table cut its headers and the status ("fi…") and folded the
    teacher letter by letter; narrow terminals now get each run in two lines."""
    from kg.cli.common import console

    (run,) = _runs(store, capsys)
    assert kg_exit_code("retract", run["id"], "--store", str(store), "--format", "json") == 0
    runs = _runs(store, capsys)
    monkeypatch.setattr(console, "width", width)
    assert kg_exit_code("runs", "--store", str(store)) == 0
    shown = capsys.readouterr().out
    assert max(len(line) for line in shown.splitlines()) <= width, shown
    for run in runs:
        assert run["id"] in shown and f"{run['accepted']:,}" in shown
    assert "retracted 20" in shown
    assert ("status" in shown) == (width >= 110)  # the table's header on a wide terminal only


def test_kg_runs_and_retract_say_where_a_loaded_file_and_its_facts_go(tmp_path, capsys):
    """After `kg load`, `kg runs` said 'no runs yet (... kg load write to the store)', though a
    load is no run and is withdrawn by its path; `kg retract` said facts moved 'to rejected'
    where its help says quarantine."""
    store = tmp_path / "s"
    assert kg_exit_code("init", str(store)) == 0
    (tmp_path / "f.nt").write_text("<http://e.org/a> <http://e.org/p> <http://e.org/b> .\n", encoding="utf-8")
    assert kg_exit_code("load", str(tmp_path / "f.nt"), "--store", str(store)) == 0
    capsys.readouterr()
    assert kg_exit_code("runs", "--store", str(store)) == 0
    assert "kg retract FILE" in " ".join(capsys.readouterr().out.split())
    assert kg_exit_code("retract", str(tmp_path / "f.nt"), "--store", str(store)) == 0
    assert "to quarantine (the rejected graph)" in " ".join(capsys.readouterr().out.split())


def _distill_again(store: Path, tmp_path: Path, *options: str) -> None:
    """A second run of the store fixture's prompts (a new run id, the same answers)."""
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)
    assert kg_exit_code("distill", "--domain", "geography", "--teacher", f"replay:{files['transcript']}", "--store",
                        str(store), "--seeds", str(files["seeds"]), "--samples", "3", "--quiet", *options) == 0


def test_two_runs_that_asked_the_same_prompts_are_retracted_one_after_the_other(store, tmp_path, capsys):
    """A second run of the same prompts shared the first's completion and support nodes: `kg why`
    named one run for both, and retracting each run moved 0 facts, 'kept' for the other run's
    (already retracted) support, so every fact stayed accepted."""
    _distill_again(store, tmp_path, "--domain-examples")  # the examples the first run, on an empty store, had
    first, second = _runs(store, capsys)
    with KnowledgeGraph.open(store) as kg:
        shown = kg.why(("Paris", "capitalOf", "France")).tree.provenance
        assert {rec["run"] for rec in shown} == {first["run"], second["run"]}  # each run's own evidence
        one = kg.retract(first["id"])
        assert one.retracted == 0 and one.kept > 5  # the second run still says them
        shown = kg.why(("Paris", "capitalOf", "France")).tree.provenance
        assert {rec["run"] for rec in shown if rec.get("retracted")} == {first["run"]}
        assert {rec["run"] for rec in shown if not rec.get("retracted")} == {second["run"]}
        two = kg.retract(second["id"])
        assert two.retracted == one.kept and two.kept == 0
        assert not kg.query("ASK { res:paris kgeo:capitalOf res:france }", graph="accepted").boolean


def test_a_fact_a_rerun_brought_back_after_a_retraction_goes_with_the_rerun(store, tmp_path, capsys):
    """After retracting a run, `kg distill --again` brought its facts back; retracting that
    second run moved 0 facts: its support was the retracted run's node, counted as other support."""
    [first] = _runs(store, capsys)
    with KnowledgeGraph.open(store) as kg:
        moved = kg.retract(first["id"]).retracted
    _distill_again(store, tmp_path, "--again")
    _, second = _runs(store, capsys)
    with KnowledgeGraph.open(store) as kg:
        assert kg.query("ASK { res:paris kgeo:capitalOf res:france }", graph="accepted").boolean
        shown = kg.why(("Paris", "capitalOf", "France")).tree.provenance
        assert {bool(rec.get("retracted")) for rec in shown if rec["run"] == second["run"]} == {False}
        again = kg.retract(second["id"])
        assert again.retracted > 0 and again.retracted >= moved - again.reviewed
        assert not kg.query("ASK { res:paris kgeo:capitalOf res:france }", graph="accepted").boolean


def test_retracting_a_run_says_the_students_trained_before_still_hold_its_facts(store, tmp_path, capsys):
    """After kg retract, the trained students still proposed and ranked by the retracted facts
    (the retrieval generator answered with tails only the rejected graph held now), and
    nothing said they were stale."""
    [run] = _runs(store, capsys)
    other = tmp_path / "other.nt"  # a fact the run did not bring: something is left to retrain on
    other.write_text(f"<{_RES}italy> <{_GEO}borders> <{_RES}austria> .\n", encoding="utf-8")
    assert kg_exit_code("load", str(other), "--store", str(store)) == 0
    assert kg_exit_code("train", "linkpred", "--store", str(store), "--dim", "8", "--epochs", "2", "-q") == 0
    capsys.readouterr()
    assert kg_exit_code("retract", run["id"], "--store", str(store), "--reason", "test") == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "students/linkpred" in said and "until retrained (kg train linkpred)" in said and "generator" not in said
    assert "critic" not in said


def test_a_model_trained_before_the_run_is_not_said_to_have_learnt_its_facts(store, capsys):
    """`kg retract` of a day's run said "students/linkpred learnt the retracted facts" of a link
    predictor trained days before the run: it only looked whether the folder held anything."""
    import os
    import time

    [run] = _runs(store, capsys)
    for folder in ("students/linkpred", "critic"):
        (store / folder).mkdir(parents=True)
        (store / folder / "config.json").write_text("{}", encoding="utf-8")
    day_before = time.time() - 86400
    os.utime(store / "students/linkpred/config.json", (day_before, day_before))  # saved before the run started
    capsys.readouterr()
    assert kg_exit_code("retract", run["id"], "--store", str(store)) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "critic learnt the retracted facts" in said and "linkpred" not in said


def test_retracting_the_last_facts_says_to_delete_the_students_and_the_critic_that_learnt_them(store, capsys):
    """After retracting every run, the note said "retrain" (kg train linkpred), which failed on the
    empty graph while the old model kept answering with the person; STORE/critic, trained on the
    facts too, was never named."""
    [run] = _runs(store, capsys)
    for folder in ("students/generator", "students/linkpred", "critic"):  # models trained on the run's facts
        (store / folder).mkdir(parents=True)
        (store / folder / "config.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("retract", run["id"], "--store", str(store)) == 0
    said = " ".join(capsys.readouterr().err.split())
    assert "students/generator, students/linkpred, critic learnt the retracted facts" in said
    assert "no fact is left to retrain them on: delete those folders" in said and "kg train linkpred" not in said
    assert kg_exit_code("train", "linkpred", "--store", str(store), "--dim", "8", "--epochs", "2", "-q") == 1
    said = " ".join(capsys.readouterr().err.split())
    assert f"the model already in {store / 'students' / 'linkpred'} is kept and still answers" in said
    assert "delete that folder to remove it" in said
    assert kg_exit_code("train", "generator", "--store", str(store), "--domain", "geography", "-q") == 1
    assert f"the model already in {store / 'students' / 'generator'} is kept" in " ".join(capsys.readouterr().err.split())


def test_retracting_an_ingest_says_nothing_of_a_teacher_cache(tmp_path, capsys):
    """Retracting a file ingest (no teacher asked, no cache in the store) said "the teacher cache
    still holds the run's answers"."""
    data = tmp_path / "atomic.jsonl"
    data.write_text(json.dumps({"head": "PersonX calls a friend", "relation": "xNeed", "tails": ["a phone"]}) + "\n",
                    encoding="utf-8")
    store = tmp_path / "store"
    assert kg_exit_code("ingest", str(data), "--domain", "commonsense", "--critic", "none", "--store", str(store), "-q") == 0
    [run] = _runs(store, capsys)
    assert run["kind"] == "ingest" and not (store / "teacher-cache.sqlite").exists()
    assert kg_exit_code("retract", run["id"], "--store", str(store)) == 0
    assert "teacher cache" not in capsys.readouterr().err


def test_an_unknown_run_is_a_usage_error(tmp_path, capsys):
    """`kg retract no-such-run` exited 1 and `KnowledgeGraph.retract("no-such-run")` raised a
    bare KGError, though a name that names nothing is a usage error (exit 2, UsageError)."""
    from kg.errors import UsageError

    with KnowledgeGraph.create(tmp_path / "store") as kg:
        with pytest.raises(UsageError, match="no run or loaded file 'no-such-run'"):
            kg.retract("no-such-run")
    assert kg_exit_code("retract", "no-such-run", "--store", str(tmp_path / "store")) == 2
    assert "no run or loaded file 'no-such-run'" in capsys.readouterr().err


_RES, _GEO = "https://w3id.org/kgdistill/resource/", "https://w3id.org/kgdistill/ontology/geography#"


def test_a_fact_also_written_through_the_api_outlives_the_retraction_of_its_file(tmp_path, capsys):
    """A support of unknown origin (``store.write`` with no run) still counts: the fact stays."""
    from rdflib import URIRef

    from kg.records import Candidate, Verdict
    from kg.store import open_store

    store, data = tmp_path / "s", tmp_path / "a.nt"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    data.write_text(f"<{_RES}france> <{_GEO}borders> <{_RES}belgium> .\n", encoding="utf-8")
    assert kg_exit_code("load", str(data), "--store", str(store)) == 0
    with open_store(store) as st:
        fact = Candidate(URIRef(_RES + "france"), URIRef(_GEO + "borders"), URIRef(_RES + "belgium"), extractor="api", span="x")
        st.write([Verdict.accept(fact, 0.9)])
    assert kg_exit_code("retract", str(data), "--store", str(store)) == 0
    with KnowledgeGraph.open(store) as kg:
        assert kg.query("ASK { res:france kgeo:borders res:belgium }", graph="accepted").boolean


def test_retracting_one_file_keeps_a_label_another_file_states(tmp_path, capsys):
    """a.nt says Atlantis borders France, b.nt labels Atlantis: retracting a.nt leaves the label,
    a fact of b.nt's own."""
    store, a, b = tmp_path / "s", tmp_path / "a.nt", tmp_path / "b.nt"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    a.write_text(f"<{_RES}atlantis> <{_GEO}borders> <{_RES}france> .\n", encoding="utf-8")
    b.write_text(f'<{_RES}atlantis> <http://www.w3.org/2000/01/rdf-schema#label> "Atlantis" .\n', encoding="utf-8")
    for f in (a, b):
        assert kg_exit_code("load", str(f), "--store", str(store)) == 0
    capsys.readouterr()
    assert kg_exit_code("retract", str(a), "--store", str(store), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["retracted"], report["unlabelled"]) == (1, 0)
    with KnowledgeGraph.open(store) as kg:
        assert kg.query('ASK { res:atlantis rdfs:label "Atlantis" }', graph="accepted").boolean


def test_every_support_is_marked_retracted_across_write_chunks(store, tmp_path, capsys):
    """The marks go in chunks: none may fall between two (an unmarked support still counts as live)."""
    import shutil

    from kg.critics.retract import retract
    from kg.namespaces import KG
    from kg.store import open_store

    [run] = _runs(store, capsys)
    whole = tmp_path / "whole"
    shutil.copytree(store, whole)
    marked = {}
    for location, chunk in ((store, 2), (whole, 100_000)):
        with open_store(location) as st:
            retract(st, run["id"], chunk_size=chunk)
            rows = st.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x <{KG.retractedBy}> ?by }}", graph="provenance")
            marked[chunk] = [int(row[0].value) for row in rows][0]
    assert marked[2] == marked[100_000] > 3


def test_a_file_name_two_loaded_files_share_is_a_usage_error(tmp_path, capsys):
    store = tmp_path / "s"
    assert kg_exit_code("init", str(store)) == 0
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "f.nt").write_text(f"<http://e.org/{folder}> <http://e.org/p> <http://e.org/b> .\n", encoding="utf-8")
        assert kg_exit_code("load", str(tmp_path / folder / "f.nt"), "--store", str(store)) == 0
    capsys.readouterr()
    assert kg_exit_code("retract", "f.nt", "--store", str(store)) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "names 2 loaded files" in err and "give the whole path" in err


def test_the_parquet_export_marks_the_supports_of_a_retracted_file(store, tmp_path):
    """After `kg retract`, the parquet "edges with provenance" still listed the retracted file's
    (or run's) support of a kept fact with nothing to tell it apart: counting facts per teacher
    or source in pandas counted the withdrawn one too. A `retracted` column marks it."""
    import pyarrow.parquet as pq

    bad = tmp_path / "bad.nt"
    bad.write_text(BAD, encoding="utf-8")
    assert kg_exit_code("load", str(bad), "--store", str(store)) == 0
    assert kg_exit_code("retract", "bad.nt", "--store", str(store)) == 0
    out = tmp_path / "edges.parquet"
    assert kg_exit_code("export", "--store", str(store), "-o", str(out), "-q") == 0
    res, geo = "https://w3id.org/kgdistill/resource/", "https://w3id.org/kgdistill/ontology/geography#"
    rows = [r for r in pq.read_table(out).to_pylist() if (r["subject"], r["predicate"], r["object"]) == (res + "france", geo + "borders", res + "belgium")]
    assert sorted((r["source"] is not None, r["retracted"]) for r in rows) == [(False, False)] * (len(rows) - 1) + [(True, True)]


def test_kg_runs_counts_a_runs_unreadable_outputs_and_its_spend(store, tmp_path, capsys, monkeypatch):
    """A run whose every answer was unreadable showed as "0 accepted, 0 rejected, 0 new", as if
    it had said nothing; -f json had no prompts, completions or tokens, though the batch nodes
    record them (a per-teacher comparison had no count of unusable answers and no cost)."""
    from kg.cli.common import console

    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nParis,twinnedWith,Rome\nLyon,twinnedWith,Milan\n", encoding="utf-8")
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", str(store), "-q") == 0
    distilled, ingested = _runs(store, capsys)
    assert (ingested["accepted"], ingested["rejected"], ingested["unreadable"]) == (0, 0, 2)
    assert distilled["completions"] >= distilled["prompts"] > 0 and distilled["unreadable"] == 8  # the transcript's (and five answers read to nothing, kept since fix-sn)
    assert isinstance(distilled["tokens"], int) and isinstance(distilled["cache_hits"], int)
    monkeypatch.setattr(console, "width", 80)
    assert kg_exit_code("runs", "--store", str(store)) == 0
    assert "0 accepted, 0 rejected, 2 unreadable, 0 new" in capsys.readouterr().out
    monkeypatch.setattr(console, "width", 130)
    assert kg_exit_code("runs", "--store", str(store)) == 0
    shown = capsys.readouterr().out
    assert "unreadable" in shown
    (row,) = [line for line in shown.splitlines() if ingested["id"] in line]
    assert [cell.strip() for cell in row.split("│")[4:8]] == ["0", "0", "2", "0"], row


def test_kg_why_into_a_file_keeps_each_support_line_whole(store, tmp_path, capsys, monkeypatch):
    """Written to a file or a pipe, `kg why` cut each support line at 80 columns: the run and
    "(retracted: kg retract withdrew it)", which come last, were lost."""
    from kg.cli.common import console

    bad = tmp_path / "bad.nt"
    bad.write_text(BAD, encoding="utf-8")
    assert kg_exit_code("load", str(bad), "--store", str(store)) == 0
    (run,) = _runs(store, capsys)
    assert kg_exit_code("retract", run["id"], "--store", str(store)) == 0
    monkeypatch.setattr(console, "width", 80)
    capsys.readouterr()
    assert kg_exit_code("why", "France kgeo:borders Belgium", "--store", str(store)) == 0
    supports = [line for line in capsys.readouterr().out.splitlines() if "support:" in line]
    assert supports and all(f"{run['id']}'" in line and line.endswith("(retracted: kg retract withdrew it)") for line in supports), supports


def test_the_html_reports_table_of_runs_marks_a_retracted_run(store, tmp_path, capsys):
    """The report's "Graph growth per run" table listed a retracted run as any other (the
    retraction showed only among the rescorings)."""
    import re

    (run,) = _runs(store, capsys)
    assert kg_exit_code("retract", run["id"], "--store", str(store)) == 0
    (run,) = _runs(store, capsys)
    out = tmp_path / "report.html"
    assert kg_exit_code("report", "--store", str(store), "-o", str(out), "--samples", "0") == 0
    growth = out.read_text(encoding="utf-8").split('id="growth"', 1)[1].split("</table>", 1)[0]
    (row,) = re.findall(r"<tr>(?:(?!</tr>).)*?" + re.escape(run["id"]) + r".*?</tr>", growth)
    assert "<th>retracted</th>" in growth and f"<td>{run['retracted']}</td>" in row, row
