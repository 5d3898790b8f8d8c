"""The gate: symbolic checks first; where no reference decides, the learned judge does."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st
from rdflib import URIRef

from kg.critic import CRITIC_CHECK, Critic, label_triple
from kg.iri import mint_iri
from kg.records import Candidate, Completion, CriticMark, Reason, Verdict

CS = "https://w3id.org/kgdistill/ontology/commonsense#"
GEO = "https://w3id.org/kgdistill/ontology/geography#"


class TableJudge:
    """A learned judge that reads its scores from a table (unknown triples: 0.5)."""

    def __init__(self, scores, threshold=0.7, relations=None):
        self.scores = scores
        self.threshold = threshold
        self.target_precision = 0.9
        self.relations = relations
        self.calls = 0

    @property
    def id(self) -> str:
        return "table:1"

    def covers(self, relation: str) -> bool:
        return self.relations is None or relation in self.relations

    def score(self, triples):
        self.calls += 1
        return [self.scores.get(t, 0.5) for t in triples]


def cand(head, relation, tail, ns=CS, sample=0):
    completion = Completion(f"{head}|{relation}", f"{head} {relation}", "t", tail, sample)
    return Candidate(mint_iri(head), URIRef(ns + relation), mint_iri(tail), completion, tail, "lists", head, tail)


def test_the_learned_judge_decides_what_passed_the_checks():
    judge = TableJudge({
        ("PersonX bakes bread", "xWant", "to eat the bread"): 0.95,
        ("PersonX bakes bread", "xWant", "to fly a kite"): 0.2,
    })
    good, bad = cand("PersonX bakes bread", "xWant", "to eat the bread"), cand("PersonX bakes bread", "xWant", "to fly a kite")
    failed = Verdict.reject(cand("PersonX bakes bread", "xWant", "red"), Reason("range", "not an event"))
    out = Critic(model=judge).judge([Verdict.accept(good, 0.7), Verdict.accept(bad, 0.7), failed])
    assert out[0].accepted and out[0].confidence == pytest.approx(0.95)
    assert out[0].critic == CriticMark("table:1", pytest.approx(0.95), 0.7)
    assert not out[1].accepted and out[1].reasons[0].check == CRITIC_CHECK
    assert "table:1" in out[1].reasons[0].message and "0.20" in out[1].reasons[0].message
    assert out[1].critic.score == pytest.approx(0.2)
    assert not out[2].accepted and out[2].reasons[0].check == "range" and out[2].critic is None


def test_without_a_judge_the_old_weighted_mean_accepts_a_wrong_commonsense_tail():
    """The defect the learned judge fixes: a checked candidate's weighted mean is at least
    0.643, above the 0.6 threshold, so nothing that passed the checks is ever refused."""
    bad = cand("PersonX bakes bread", "xWant", "to fly a kite")
    assert Critic().judge([Verdict.accept(bad, 0.7)])[0].accepted
    judge = TableJudge({label_triple(bad): 0.1})
    assert not Critic(model=judge).judge([Verdict.accept(bad, 0.7)])[0].accepted


def test_a_relation_the_judge_was_not_made_for_keeps_the_weighted_mean():
    judge = TableJudge({}, relations={"xWant"})
    other = cand("France", "borders", "Spain", ns=GEO)
    out = Critic(model=judge).judge([Verdict.accept(other, 1.0)])
    assert out[0].accepted and out[0].critic is None and judge.calls == 0


def test_a_reference_decides_before_the_judge():
    france, paris = mint_iri("France"), mint_iri("Paris")
    capital = URIRef(GEO + "hasCapital")
    judge = TableJudge({("France", "hasCapital", "Paris"): 0.0})
    critic = Critic(model=judge, reference=[(france, capital, paris)], functional=[capital])
    out = critic.judge([Verdict.accept(cand("France", "hasCapital", "Paris", ns=GEO), 1.0)])
    assert out[0].accepted and out[0].critic is None


def test_vacuous_answers_are_refused_with_their_reason():
    from kg.critics.cross_encoder import CrossEncoderCritic

    class Form(TableJudge):
        def score(self, triples):
            from kg.critics.examples import is_vacuous

            return [0.0 if is_vacuous(h, t) else 0.9 for h, _, t in triples]

    out = Critic(model=Form({})).judge([Verdict.accept(cand("PersonX bakes bread", "xWant", "not sure"), 0.7)])
    assert not out[0].accepted and "evasive" in out[0].reasons[0].message
    assert CrossEncoderCritic.score  # the real critic applies the same form check (kg.critics.examples.is_vacuous)


TAILS = ["to eat the bread", "to fly a kite", "to share it", "happy", "tired", "idk", "to sleep", "to rest"]


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(16))), st.integers(0, 3))
def test_permuting_a_batch_gives_the_same_verdicts(order, seed):
    rng = random.Random(seed)
    heads = ["PersonX bakes bread", "PersonX runs a marathon"]
    cands = [cand(heads[i % 2], rng.choice(["xWant", "xReact", "xIntent"]), TAILS[i % len(TAILS)], sample=i) for i in range(16)]
    scores = {label_triple(c): rng.random() for c in cands}
    verdicts = [Verdict.accept(c, 0.7) for c in cands]
    base = {v.candidate.id: (v.accepted, v.confidence) for v in Critic(model=TableJudge(scores)).judge(verdicts)}
    permuted = [verdicts[i] for i in order]
    again = {v.candidate.id: (v.accepted, v.confidence) for v in Critic(model=TableJudge(scores)).judge(permuted)}
    assert again == base


def test_a_score_just_below_the_threshold_is_written_so_the_difference_shows():
    """The demo's review file said "gives P(valid) 0.72, below its threshold 0.72"."""
    judge = TableJudge({("PersonX asks PersonY to sign", "isBefore", "PersonX gives PersonY the contract"): 0.7249},
                       threshold=0.725)
    out = Critic(model=judge).judge([Verdict.accept(cand("PersonX asks PersonY to sign", "isBefore",
                                                         "PersonX gives PersonY the contract"), 0.7)])
    assert "P(valid) 0.7249, below its threshold 0.7250" in out[0].reasons[0].message
    far = TableJudge({("PersonX bakes bread", "xWant", "to fly a kite"): 0.2})
    out = Critic(model=far).judge([Verdict.accept(cand("PersonX bakes bread", "xWant", "to fly a kite"), 0.7)])
    assert "P(valid) 0.20, below its threshold 0.70" in out[0].reasons[0].message


def test_an_answer_the_form_check_scores_zero_is_rejected_at_any_threshold():
    """At a threshold of 0 (a low --target-precision once picked the curve's last point, 0.0),
    `score >= threshold` let in empty, evasive and head-restating answers."""
    judge = TableJudge({}, threshold=0.0)
    judge.score = lambda triples: [0.0 for _ in triples]  # as the cross-encoder scores them
    out = Critic(model=judge).judge([
        Verdict.accept(cand("PersonX bakes bread", "xWant", "I do not know"), 0.7),
        Verdict.accept(cand("PersonX bakes bread", "xWant", "PersonX bakes bread"), 0.7),
    ])
    assert [v.accepted for v in out] == [False, False]
    assert "evasive" in out[0].reasons[0].message and "restates" in out[1].reasons[0].message


class ListJudge(TableJudge):
    """A learned judge that gives its list of scores, whatever it is asked."""

    def score(self, triples):
        return list(self.scores)


def test_a_nan_score_is_no_evidence_and_rejects():
    (v,) = Critic(model=ListJudge([float("nan")])).judge([Verdict.accept(cand("PersonX bakes bread", "xWant", "to eat it"), 0.7)])
    assert not v.accepted and v.critic.score == 0.0 and v.confidence == 0.0


def test_a_judge_that_scores_fewer_facts_than_asked_is_an_error_not_an_open_gate():
    from kg.critic import CriticError

    two = [Verdict.accept(cand("PersonX bakes bread", "xWant", t), 0.7) for t in ("to eat it", "to fly a kite")]
    with pytest.raises(CriticError, match="gave 1 scores for 2 facts"):
        Critic(model=ListJudge([0.9])).judge(two)


def test_out_of_range_scores_are_clamped_into_0_1():
    (v,) = Critic(model=ListJudge([1.7])).judge([Verdict.accept(cand("PersonX bakes bread", "xWant", "to eat it"), 0.7)])
    assert v.accepted and v.critic.score == 1.0 and v.confidence == 1.0
    bare = Candidate(mint_iri("x"), URIRef(CS + "xWant"), mint_iri("y"), None, "x", "lists", "x", "y")
    # a student's raw logit (9.0) counts as 1.0, not as 9: the weighted mean stays below 0.6
    (s,) = Critic(threshold=0.6, plausibility=lambda cs: [9.0]).judge([Verdict.accept(bare, 0.1)])
    assert not s.accepted and s.confidence == pytest.approx(0.4)


def test_a_candidate_a_check_rejected_is_recorded_with_no_validator_support():
    bare = Candidate(mint_iri("x"), URIRef(CS + "xWant"), mint_iri("y"), None, "x", "lists", "x", "y")
    (v,) = Critic().judge([Verdict.reject(bare, Reason("shape", "bad"), confidence=1.0)])
    assert not v.accepted and v.confidence == 0.0 and v.reasons[0].check == "shape"
    # the other signals still count: one prompt (0.5, weight 0.5) against validator 0.0 (weight 2)
    answered = Verdict.reject(cand("PersonX bakes bread", "xWant", "red"), Reason("range", "bad"), confidence=1.0)
    (w,) = Critic().judge([answered])
    assert not w.accepted and w.confidence == pytest.approx(0.1)


def test_a_score_exactly_at_the_threshold_is_accepted():
    bare = Candidate(mint_iri("x"), URIRef(CS + "xWant"), mint_iri("y"), None, "x", "lists", "x", "y")
    (mean,) = Critic(threshold=0.6).judge([Verdict.accept(bare, 0.6)])
    assert mean.accepted
    (learned,) = Critic(model=ListJudge([0.7], threshold=0.7)).judge([Verdict.accept(cand("PersonX bakes bread", "xWant", "to eat it"), 0.7)])
    assert learned.accepted
