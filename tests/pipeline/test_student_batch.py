"""The student batch of a run (`run_student`), with stand-in students: its verdicts' counts reach
the run's report, and a student never scores its own proposals. Fast: nothing is trained."""

from __future__ import annotations

import sys
import types
from types import SimpleNamespace

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from kg.config import DistillConfig
from kg.critic import Critic
from kg.iri import mint_iri
from kg.pipeline import Parts, RunReport, load_domain, run_student
from kg.pipeline.runs import _run_iri, _totals
from kg.records import Candidate, Completion
from tests.pipeline.conftest import BORDERS, RejectAtlantis


def borders(tail: str, teacher: str, round_: int = 1) -> Candidate:
    completion = Completion(f"{teacher}:France:borders", "France borders ?", teacher, tail, params={"round": round_})
    return Candidate(
        mint_iri("France"), BORDERS, mint_iri(tail), completion, tail, teacher, "France", tail,
    )


@pytest.fixture
def run_setup(kg):
    store = kg.store
    france, spain = mint_iri("France"), mint_iri("Spain")
    store.add_triples([
        (france, BORDERS, spain), (france, RDFS.label, Literal("France")), (spain, RDFS.label, Literal("Spain")),
    ])
    from kg.config import CriticConfig

    geography = load_domain("geography")  # its reference confirms France's true neighbours: a student's proposal needs that
    parts = Parts(domain=geography, validator=RejectAtlantis(), critic=Critic.from_config(CriticConfig(), domain=geography))
    run = _run_iri("distill", {"test": "student batch"})
    return store, parts, run


def _report(store, run) -> RunReport:
    report = RunReport(run.value, "distill", store.location)
    _totals(store, run, report)
    return report


def test_linkpred_batch_counts_reach_the_report_and_its_proposals_are_not_self_scored(run_setup, monkeypatch) -> None:
    store, parts, run = run_setup
    scored = []
    proposals = [borders("Atlantis", "student:linkpred"), borders("Andorra", "student:linkpred"),
                 borders("Spain", "student:linkpred")]
    predictor = SimpleNamespace(report=SimpleNamespace(test=None, seconds=0.0))

    def plausibility(pred, candidates):
        scored.append((pred, list(candidates)))
        return [0.0] * len(candidates)

    fake = types.ModuleType("kg.students.linkpred")
    fake.TrainConfig = lambda **kw: kw
    fake.LinkPredictor = SimpleNamespace(train=lambda triples, training: predictor)
    fake.propose_candidates = lambda pred, store, k: list(proposals)
    fake.plausibility = plausibility
    monkeypatch.setitem(sys.modules, "kg.students.linkpred", fake)
    triples = types.ModuleType("kg.students.triples")
    triples.read_store = lambda store, graph: None
    monkeypatch.setitem(sys.modules, "kg.students.triples", triples)

    config = DistillConfig(domain="geography").replace(**{"student.kind": "linkpred"})
    out = run_student(config, store, parts, run, base_index=0)

    assert scored == []  # the predictor never judges its own proposals
    assert (out["accepted"], out["rejected"], out["new_triples"]) == (2, 1, 1)  # Spain was there already
    assert out["rejected_by_reason"] == {"made-up": 1}
    report = _report(store, run)
    assert report.rejected_by_reason == {"made-up": 1}
    assert (report.accepted, report.rejected, report.new_triples, report.candidates) == (2, 1, 1, 3)


def test_a_student_proposal_nothing_confirms_is_left_for_review(run_setup, monkeypatch) -> None:
    """A student's guess passed with confidence 0.9 wherever no check found fault: the retrieval
    generator copied other composers' teachers into a music graph ('Frédéric Chopin studiedWith
    Karl Goldmark'). Without the reference or a learned critic speaking for it, a proposal is
    rejected as 'unconfirmed' (kept for review), whatever the other signals say."""
    store, _, run = run_setup
    parts = Parts(domain=load_domain("geography"), validator=RejectAtlantis(), critic=Critic(threshold=0.6))  # no reference
    proposals = [borders("Atlantis", "student:linkpred"), borders("Andorra", "student:linkpred")]
    fake = types.ModuleType("kg.students.linkpred")
    fake.TrainConfig = lambda **kw: kw
    fake.LinkPredictor = SimpleNamespace(train=lambda triples, training: SimpleNamespace(report=SimpleNamespace(test=None, seconds=0.0)))
    fake.propose_candidates = lambda pred, store, k: list(proposals)
    monkeypatch.setitem(sys.modules, "kg.students.linkpred", fake)
    triples = types.ModuleType("kg.students.triples")
    triples.read_store = lambda store, graph: None
    monkeypatch.setitem(sys.modules, "kg.students.triples", triples)

    out = run_student(DistillConfig(domain="geography").replace(**{"student.kind": "linkpred"}), store, parts, run, base_index=0)
    assert (out["accepted"], out["rejected_by_reason"]) == (0, {"made-up": 1, "unconfirmed": 1})
    assert _report(store, run).rejected_by_reason == {"made-up": 1, "unconfirmed": 1}


def test_generator_rounds_count_rejections_and_new_triples(run_setup, monkeypatch) -> None:
    store, parts, run = run_setup
    per_round = [["Atlantis", "Andorra"], ["Andorra", "Monaco", "Spain"]]

    def run_rounds(store, domain, *, rounds, check, heads, model, config):
        rows = []
        for r in range(1, rounds + 1):
            candidates = [borders(t, "student:generator", r) for t in per_round[r - 1]]
            verdicts = list(check(candidates))
            store.write(verdicts)
            rows.append(SimpleNamespace(round=r, generated=len(candidates), accepted=sum(v.accepted for v in verdicts)))
        return SimpleNamespace(rounds=rows)

    loop = types.ModuleType("kg.students.loop")
    loop.run_rounds = run_rounds
    gen = types.ModuleType("kg.students.generator")
    gen.TrainConfig = lambda **kw: kw
    monkeypatch.setitem(sys.modules, "kg.students.loop", loop)
    monkeypatch.setitem(sys.modules, "kg.students.generator", gen)

    config = DistillConfig(domain="geography").replace(**{"student.kind": "generator", "student.rounds": 2})
    out = run_student(config, store, parts, run, base_index=3, heads=["France"])

    # Andorra is new in round 1 only; Monaco in round 2; Spain was in the store before
    report = _report(store, run)
    assert report.rejected_by_reason == {"made-up": 1}
    assert (report.accepted, report.rejected, report.new_triples, report.candidates) == (4, 1, 2, 5)
    assert (out["accepted"], out["rejected"], out["new_triples"]) == (4, 1, 2)
    # a rerun of the run skips the written student batch and adds nothing
    again = run_student(config, store, parts, run, base_index=3, heads=["France"])
    assert "skipped" in again
    assert _report(store, run).new_triples == 2
