"""The critic: signals without labels, the combined score, the threshold, precision/recall."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.critic import CRITIC_CHECK, Critic, Signals, Weights, evaluate, label_key, load_labels
from kg.errors import ConfigError, FormatError
from kg.iri import mint_iri
from kg.records import Candidate, Completion, Reason, Verdict

GEO = "https://w3id.org/kgdistill/ontology/geography#"
CAPITAL = URIRef(GEO + "hasCapital")
POPULATION = URIRef(GEO + "population")
NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")


def cand(head: str, tail: str, prompt: str = "p1", sample: int = 0, predicate: URIRef = CAPITAL) -> Candidate:
    completion = Completion(prompt, f"prompt {prompt}", "t", f"1. {tail}", sample)
    obj = tail if isinstance(tail, Literal) else mint_iri(tail)
    return Candidate(mint_iri(head), predicate, obj, completion, tail, "lists", head, None if isinstance(tail, Literal) else tail)


def test_self_consistency_is_the_share_of_samples_that_agree() -> None:
    verdicts = [
        Verdict.accept(cand("France", "Paris", sample=0)),
        Verdict.accept(cand("France", "Paris", sample=1)),
        Verdict.accept(cand("France", "Lyon", sample=2)),
    ]
    signals = Critic().signals(verdicts)
    assert [s.consistency for s in signals] == pytest.approx([2 / 3, 2 / 3, 1 / 3])
    # the true number of samples counts, also those that gave no candidate
    signals = Critic().signals(verdicts, samples_per_prompt={"p1": 4})
    assert signals[2].consistency == pytest.approx(1 / 4)


def test_one_sample_gives_no_consistency_signal_and_prompts_count() -> None:
    verdicts = [Verdict.accept(cand("France", "Paris", "p1")), Verdict.accept(cand("France", "Paris", "p2"))]
    signals = Critic().signals(verdicts)
    assert signals[0].consistency is None
    assert signals[0].prompts == pytest.approx(0.75)  # two prompts said it


def test_reference_agreement_by_value_and_functional_contradiction() -> None:
    france, paris = mint_iri("France"), mint_iri("Paris")
    reference = [
        (france, CAPITAL, paris),
        (france, POPULATION, Literal("66987244", datatype=NON_NEGATIVE)),
    ]
    critic = Critic(reference=reference, functional=[CAPITAL, POPULATION])
    rounded = cand("France", Literal("67000000", datatype=NON_NEGATIVE), predicate=POPULATION)
    wrong = cand("France", Literal("50000000", datatype=NON_NEGATIVE), predicate=POPULATION)
    signals = critic.signals([Verdict.accept(c) for c in (cand("France", "Paris"), cand("France", "Lyon"), rounded, wrong)])
    assert [s.reference for s in signals] == [1.0, 0.0, 0.75, 0.0]


def test_combined_score_is_the_weighted_mean_of_present_signals() -> None:
    critic = Critic(weights=Weights(validator=2, consistency=1, prompts=0, reference=1, student=1))
    assert critic.combine(Signals(validator=1.0, consistency=0.5)) == pytest.approx(2.5 / 3)
    assert critic.combine(Signals(validator=0.7)) == pytest.approx(0.7)
    assert critic.combine(Signals()) == 0.0


def test_judge_rejects_below_threshold_and_keeps_check_rejections() -> None:
    low = cand("France", "Lyon", sample=2)
    verdicts = [
        Verdict.accept(cand("France", "Paris", sample=0), 0.7),
        Verdict.accept(cand("France", "Paris", sample=1), 0.7),
        Verdict.accept(low, 0.7),
        Verdict.reject(cand("France", "France", sample=0), Reason("irreflexive", "borders itself")),
    ]
    judged = Critic(threshold=0.6).judge(verdicts)
    assert [v.accepted for v in judged] == [True, True, False, False]
    assert judged[2].reasons[0].check == CRITIC_CHECK and "0.60" in judged[2].reasons[0].message
    assert judged[3].reasons[0].check == "irreflexive"
    assert judged[0].confidence > judged[2].confidence > judged[3].confidence


def test_student_plausibility_feeds_the_score() -> None:
    verdicts = [Verdict.accept(cand("France", "Paris"), 0.7), Verdict.accept(cand("France", "Berlin"), 0.7)]
    critic = Critic(threshold=0.6, plausibility=lambda cands: [0.9, 0.0])
    judged = critic.judge(verdicts)
    assert judged[0].accepted and not judged[1].accepted


def test_bad_threshold_and_weights_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="1.5"):
        Critic(threshold=1.5)
    with pytest.raises(ConfigError, match="validator"):
        Weights(validator=-1)


def test_labels_and_precision_recall(tmp_path: Path) -> None:
    labels_file = tmp_path / "labels.tsv"
    labels_file.write_text(
        "subject\trelation\tobject\tlabel\n"
        "France\thasCapital\tParis\tvalid\n"
        "France\tgeo:hasCapital\tLyon\tinvalid\n"
        "Spain\thasCapital\tMadrid\tvalid\n"
        "Italy\thasCapital\tRome\tvalid\n",
        encoding="utf-8",
    )
    labels = load_labels(labels_file)
    assert labels[("france", "hascapital", "lyon")] is False
    verdicts = [
        Verdict.accept(cand("France", "Paris"), 0.9),
        Verdict.reject(cand("France", "Lyon"), Reason(CRITIC_CHECK, "low"), confidence=0.5),
        Verdict.accept(cand("Spain", "Madrid"), 0.65),
        Verdict.reject(cand("Italy", "Rome"), Reason("domain", "no"), confidence=0.3),
        Verdict.accept(cand("Peru", "Lima"), 0.9),  # not labelled: ignored
    ]
    assert label_key(verdicts[0].candidate) == ("france", "hascapital", "paris")
    result = evaluate(verdicts, labels, 0.6)
    assert (result.matched, result.positives) == (4, 3)
    assert result.precision == pytest.approx(1.0)
    assert result.recall == pytest.approx(2 / 3)
    curve = {t: (p, r) for t, p, r in result.curve}
    assert curve[0.5] == pytest.approx((2 / 3, 2 / 3))  # Lyon kept at 0.5, Rome never (a check)
    assert curve[0.9] == pytest.approx((1.0, 1 / 3))


def test_malformed_labels_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "labels.csv"
    bad.write_text("France,hasCapital,Paris,valid\nFrance,hasCapital,Lyon,perhaps\n", encoding="utf-8")
    with pytest.raises(FormatError, match=":2:.*perhaps"):
        load_labels(bad)
