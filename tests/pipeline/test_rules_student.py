"""`--student rules`: rules mined from the accepted graph propose facts that pass the run's gates.
Fast: the rules student is real (mining a dozen facts), the validator a stand-in."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.config import DistillConfig
from kg.critic import Critic
from kg.iri import mint_iri
from kg.pipeline import Parts, load_domain, run_student
from kg.pipeline.runs import _run_iri
from kg.records import Verdict
from kg.seams import Checker

BORDERS = URIRef("https://w3id.org/kgdistill/ontology/geography#borders")
COUNTRIES = ["France", "Spain", "Andorra", "Italy", "Austria", "Germany", "Belgium"]


class AcceptAll(Checker):
    def __init__(self) -> None:
        self.seen = []

    def validate(self, candidates):
        self.seen += candidates
        return [Verdict.accept(c, 1.0) for c in candidates]


def test_rules_student_proposes_through_the_gates_with_the_rule_in_the_completion(kg) -> None:
    store = kg.store
    ids = [mint_iri(c) for c in COUNTRIES]
    facts = []
    for a, b in zip(ids, ids[1:]):
        facts += [(a, BORDERS, b), (b, BORDERS, a)]
    facts.remove((ids[3], BORDERS, ids[2]))  # Italy borders Andorra is missing (the reverse is there)
    store.add_triples(facts + [(i, RDFS.label, Literal(c)) for i, c in zip(ids, COUNTRIES)])
    validator = AcceptAll()
    parts = Parts(domain=load_domain("geography"), validator=validator, critic=Critic(threshold=0.5))
    run = _run_iri("distill", {"test": "rules student"})
    config = DistillConfig(domain="geography").replace(**{"student.kind": "rules"})

    out = run_student(config, store, parts, run, base_index=0)

    assert out["kind"] == "rules" and out["rules"] >= 1
    assert [(c.subject, c.object) for c in validator.seen] == [(ids[3], ids[2])]  # every proposal was checked
    (cand,) = validator.seen
    assert cand.extractor == "student:rules" and "borders(X, Y) <= borders(Y, X)" in cand.completion.text
    # no reference graph and no learned critic speak for it: a student's proposal waits for review
    assert (out["accepted"], out["new_triples"], out["rejected_by_reason"]) == (0, 0, {"unconfirmed": 1})
    assert next(iter(store.match(None, None, None, graph="rejected")), None) is not None


def test_a_rerun_with_another_student_runs_it(kg) -> None:
    """`kg distill --student rules`, then the same command with `--student linkpred`: the second
    student was skipped ("already done by an earlier invocation of this run": the first had taken
    the run's student batch). Each student has its own batch; the same student again is skipped."""
    from kg.seams import StudentRound

    store = kg.store
    ids = [mint_iri(c) for c in COUNTRIES]
    store.add_triples([(a, BORDERS, b) for a, b in zip(ids, ids[1:])] + [(b, BORDERS, a) for a, b in zip(ids, ids[1:-1])])
    calls = []

    def other(store, check, *, domain, config, heads):
        calls.append(config.kind)
        return StudentRound({"stub": True}, proposals=[])

    run = _run_iri("distill", {"test": "two students"})
    base = DistillConfig(domain="geography")
    rules = base.replace(**{"student.kind": "rules"})
    first = run_student(rules, store, Parts(domain=load_domain("geography"), validator=AcceptAll(), critic=Critic(threshold=0.5)), run, base_index=3)
    assert "skipped" not in first
    stub = Parts(domain=load_domain("geography"), validator=AcceptAll(), critic=Critic(threshold=0.5), student=other)
    second = run_student(base.replace(**{"student.kind": "linkpred"}), store, stub, run, base_index=3)
    assert "skipped" not in second and second["stub"] and calls == ["linkpred"]
    again = run_student(base.replace(**{"student.kind": "linkpred"}), store, stub, run, base_index=3)
    assert "skipped" in again and calls == ["linkpred"]
    assert "skipped" in run_student(rules, store, stub, run, base_index=3)


def test_the_students_line_leaves_out_what_it_could_not_measure(capsys) -> None:
    """A link predictor trained on too few facts has no test figures: the line said 'test: None'."""
    from kg.cli.views import print_report
    from kg.pipeline import RunReport

    student = {"kind": "linkpred", "proposed": 0, "accepted": 0, "rejected": 0, "new_triples": 0, "test": None, "seconds": 0.1}
    print_report(RunReport("run/x", "distill", "store", student=student))
    out = " ".join(capsys.readouterr().out.split())
    assert "student linkpred: proposed 0, accepted 0, rejected 0, new triples 0, 0.1 s" in out and "None" not in out


def test_a_link_predictor_round_on_a_tiny_graph_reports_no_test_figures(kg) -> None:
    """The linkpred round reported the text 'None' as its test figures (str of no report), which
    the student line then printed as 'test: None'."""
    from kg.students.rounds import linkpred_round

    store = kg.store
    ids = [mint_iri(c) for c in COUNTRIES[:3]]
    store.add_triples([(a, BORDERS, b) for a, b in zip(ids, ids[1:])])
    config = DistillConfig(domain="geography").replace(**{"student.kind": "linkpred", "student.epochs": 5})
    result = linkpred_round(store, AcceptAll().validate, domain=load_domain("geography"), config=config.student, heads=[])
    assert result.summary["test"] is None
