"""The critic: signals without labels, the combined score, the threshold, precision/recall."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.critic import CRITIC_CHECK, Critic, Signals, Weights
from kg.config import CriticConfig
from kg.critics.evaluation import evaluate, label_key, load_labels
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


def test_a_critic_rejection_of_a_files_rows_says_how_to_take_in_rows_you_trust() -> None:
    """A legal user's CSV of known facts lost correct rows to 'confidence 0.57 below the threshold
    0.60 (... consistency 0.33 ...)' with no word of why rows were scored or how to take them in;
    the rejection of a file's row now says so, and a teacher's answer keeps its reason."""
    def row(tail: str, teacher: str) -> Verdict:
        completion = Completion("p1", "prompt p1", teacher, tail, 0)
        return Verdict.accept(Candidate(mint_iri("Shelby"), CAPITAL, mint_iri(tail), completion, tail, "lists", "Shelby", tail), 0.7)

    for teacher, hint in (("atomic-csv:facts", True), ("t", False)):
        verdicts = Critic().judge([row(t, teacher) for t in ("Roberts", "Roberts Jr", "John Roberts")], samples_per_prompt={"p1": 3})
        messages = [r.message for v in verdicts for r in v.reasons if r.check == CRITIC_CHECK]
        assert len(messages) == 3 and messages[0].startswith("confidence 0.57 below the threshold 0.60 (validator 0.70, consistency 0.33")
        assert all(("kg ingest --trusted" in m and "kg review" in m) == hint for m in messages)
        assert ": their weighted mean)" in messages[0]  # with --critic none too: what the confidence is


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


def test_the_reference_agrees_with_a_text_up_to_case_as_the_validator_does() -> None:
    """An art museum's reference gave the Mona Lisa's medium as "oil on poplar panel"; the teacher's
    "Oil on poplar panel" was confirmed by the validator's reference check (texts agree up to case
    and spaces) but scored reference 0.00 by the critic and quarantined."""
    medium = URIRef("https://museum.example.org/ontology/art#medium")
    mona = mint_iri("Mona Lisa")
    critic = Critic(reference=[(mona, medium, Literal("oil on poplar panel"))], functional=[medium])
    assert critic.reference_signal((mona, medium, Literal("Oil on  poplar panel"))) == 1.0
    assert critic.reference_signal((mona, medium, Literal("oil on canvas"))) == 0.0
    assert critic.reference_signal((mona, medium, Literal("Oil on poplar panel", lang="en"))) == 0.0  # another language's text


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


# -- issue #16: labels match what the extractor made of the text; undefined precision -------------


def _extracted(text: str, head: str = "Person X eats.") -> list[Candidate]:
    """Candidates the list extractor reads from ``text`` for ``head`` xWant (commonsense)."""
    from extractors.lists import extract_list
    from extractors.normalize import Normalizer
    from kg.ontology import load_domain

    norm = Normalizer(load_domain("commonsense"))
    completion = Completion("p-cs", f"{head} xWant", "t", text)
    return [c for c in extract_list(completion, head, norm.relation("xWant"), norm) if isinstance(c, Candidate)]


def test_labelled_rows_match_the_candidates_the_extractor_normalised(tmp_path: Path) -> None:
    cands = _extracted("1. Person X goes home.\n2. to sleep")
    assert [(c.subject_label, c.object_label) for c in cands] == [
        ("PersonX eats", "PersonX goes home"), ("PersonX eats", "to sleep"),
    ]
    labels_file = tmp_path / "labels.csv"
    labels_file.write_text(
        "head,relation,tail,label\n"
        '"Person X eats.",xWant,"Person X goes home.",valid\n'  # as the teacher wrote it
        "person x eats,x_want,to sleep.,invalid\n"
        "Person X eats,xWant,to fly,valid\n",  # no candidate: counted and named
        encoding="utf-8",
    )
    labels = load_labels(labels_file)
    assert [label_key(c) in labels for c in cands] == [True, True]
    result = evaluate([Verdict.accept(c, 0.9) for c in cands], labels, 0.6)
    assert (result.labelled, result.matched, result.unmatched, result.positives) == (3, 2, 1, 1)
    assert result.precision == pytest.approx(0.5) and result.recall == pytest.approx(1.0)
    assert result.unmatched_rows == ["labels.csv:4: Person X eats, xWant, to fly"]
    assert result.as_dict()["unmatched"] == 1
    assert "1 labelled rows matched no candidate" in result.summary()


def test_numbers_in_labels_match_literal_candidates_by_value(tmp_path: Path) -> None:
    big = Literal("66987244", datatype=NON_NEGATIVE)
    two_million = Literal("2000000", datatype=NON_NEGATIVE)
    labels_file = tmp_path / "labels.csv"
    labels_file.write_text(
        "France,population,\"66,987,244\",valid\nParis,population,about 2 million,invalid\n", encoding="utf-8"
    )
    labels = load_labels(labels_file)
    verdicts = [
        Verdict.accept(cand("France", big, predicate=POPULATION), 0.9),
        Verdict.accept(cand("Paris", two_million, predicate=POPULATION), 0.9),
    ]
    result = evaluate(verdicts, labels, 0.6)
    assert (result.matched, result.unmatched) == (2, 0)


def test_a_figure_labelled_as_the_teacher_wrote_it_matches_the_number_the_extractor_read(tmp_path: Path) -> None:
    """The extractor reads "68 millions", "ca. 48 million", "59 million people", "2.02 km²" as
    numbers; a labels row written the same way once kept its own narrower number grammar, stayed
    text and matched no candidate (precision and recall were computed without it)."""
    from extractors.lists import extract_list
    from extractors.normalize import Normalizer
    from kg.ontology import load_domain

    norm = Normalizer(load_domain("geography"))
    answers = {("France", "population"): "68 millions", ("Spain", "population"): "ca. 48 million",
               ("Italy", "population"): "59 million people", ("Monaco", "area"): "2.02 km²"}
    cands = []
    for (head, relation), answer in answers.items():
        completion = Completion(f"p-{head}", f"{head} {relation}", "t", f"1. {answer}")
        cands += [c for c in extract_list(completion, head, norm.relation(relation), norm) if isinstance(c, Candidate)]
    assert [str(c.object) for c in cands] == ["68000000", "48000000", "59000000", "2.02"]
    rows = [f"{head},{relation},{answer},{'valid' if head != 'Italy' else 'invalid'}" for (head, relation), answer in answers.items()]
    (tmp_path / "a.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for labels in (load_labels(tmp_path / "a.csv"), load_labels([tmp_path / "a.csv", tmp_path / "b.csv"])):
        result = evaluate([Verdict.accept(c, 0.9) for c in cands], labels, 0.6)
        assert (result.matched, result.unmatched, result.positives) == (4, 0, 3)
    # a text that holds a number is still its own text: two answers with one number are two facts
    texts = tmp_path / "texts.csv"
    texts.write_text("PersonX eats,xWant,to buy 2 apples,valid\nPersonX eats,xWant,to buy 2 pears,invalid\n", encoding="utf-8")
    assert sorted(load_labels(texts).values()) == [False, True]


def test_jsonl_labels_with_head_tail_or_subject_object_keys(tmp_path: Path) -> None:
    labels_file = tmp_path / "labels.jsonl"
    labels_file.write_text(
        '{"head": "France", "relation": "hasCapital", "tail": "Paris", "label": true}\n'
        "\n"
        '{"subject": "France", "relation": "kgeo:hasCapital", "object": "Lyon.", "label": "invalid"}\n'
        '{"head": "Spain", "relation": "hasCapital", "tail": "Madrid", "label": 1}\n',
        encoding="utf-8",
    )
    labels = load_labels(labels_file)
    assert dict(labels) == {
        ("france", "hascapital", "paris"): True,
        ("france", "hascapital", "lyon"): False,
        ("spain", "hascapital", "madrid"): True,
    }
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"head": "France", "relation": "hasCapital", "tail": "Paris", "label": "yes"}\n{"head": "x"}\n')
    with pytest.raises(FormatError, match=r"bad.jsonl:2:.*relation"):
        load_labels(bad)


def test_two_rows_labelling_one_candidate_both_ways_are_an_error(tmp_path: Path) -> None:
    labels_file = tmp_path / "labels.csv"
    labels_file.write_text("PersonX eats,xWant,to sleep,valid\nPerson X eats,xWant,to sleep.,invalid\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r":2:.*labels.csv:1"):
        load_labels(labels_file)


def test_precision_is_undefined_when_nothing_is_kept(tmp_path: Path, capsys) -> None:
    from kg.cli.views import print_report
    from kg.pipeline import RunReport

    labels = {("france", "hascapital", "lyon"): False, ("france", "hascapital", "paris"): True}
    verdicts = [
        Verdict.reject(cand("France", "Lyon"), Reason("domain", "no"), confidence=0.3),
        Verdict.reject(cand("France", "Paris"), Reason(CRITIC_CHECK, "low"), confidence=0.5),
    ]
    result = evaluate(verdicts, labels, 0.6)
    assert result.precision is None and result.recall == 0.0
    assert result.as_dict()["precision"] is None
    curve = {t: (p, r) for t, p, r in result.curve}
    assert curve[0.5] == (1.0, 1.0) and curve[1.0] == (None, 0.0)
    assert "precision undefined (nothing kept)" in result.summary()
    print_report(RunReport("run/x", "distill", "store", evaluation=result))
    assert "precision undefined (nothing kept)" in capsys.readouterr().out


def test_reference_signal_uses_the_domains_tolerance_per_property_and_its_aliases() -> None:
    """Issue #16 item 7: a true figure rounded as people round it ("Spain has 48,000,000
    people"; the reference: 46,723,749) agrees, as the validator says; 30 % off does not. Each
    property's tolerance is the domain's (population 25 %), the default without one 10 %."""
    from rdflib.namespace import SKOS

    from kg.config import CriticConfig
    from kg.ontology import load_domain

    spain = mint_iri("Spain")
    reference = [(spain, POPULATION, Literal("46723749", datatype=NON_NEGATIVE))]
    figures = ["48000000", "53000000", "61000000", "4700000"]  # 3 %, 13 %, 31 % and 90 % off
    verdicts = [Verdict.accept(cand("Spain", Literal(x, datatype=NON_NEGATIVE), predicate=POPULATION)) for x in figures]
    plain = Critic(reference=reference, functional=[POPULATION])  # no domain: 10 %
    assert [s.reference for s in plain.signals(verdicts)] == [0.75, 0.0, 0.0, 0.0]
    loose = Critic(reference=reference, functional=[POPULATION], tolerance=lambda p: 0.25 if p == POPULATION else 0.1)
    assert [s.reference for s in loose.signals(verdicts)] == [0.75, 0.75, 0.0, 0.0]
    geography = load_domain("geography")
    critic = Critic.from_config(CriticConfig(), domain=geography)
    assert [s.reference for s in critic.signals(verdicts)] == [0.75, 0.75, 0.0, 0.0]
    assert critic.judge(verdicts[:1])[0].accepted
    # a name the reference knows as an alternative label is its entity, as in the validator
    france, paris = mint_iri("France"), mint_iri("Paris")
    aliased = Critic(reference=[(paris, URIRef(GEO + "capitalOf"), france), (france, SKOS.altLabel, Literal("French Republic"))],
                     functional=[URIRef(GEO + "capitalOf")])
    said = cand("Paris", "French Republic", predicate=URIRef(GEO + "capitalOf"))
    assert [s.reference for s in aliased.signals([Verdict.accept(said)])] == [1.0]
    # accents: "Brasília" and "Brasilia" are one reference entity, known to be Brazil's capital
    for city in ("Brasília", "Brasilia"):
        said = cand(city, "Brazil", predicate=URIRef(GEO + "capitalOf"))
        assert [s.reference for s in critic.signals([Verdict.accept(said)])] == [1.0]


def test_a_figure_exactly_at_the_tolerance_agrees() -> None:
    """The tolerance is inclusive, as the validator's: 110 against 100 at 10 % is a rounded agreement."""
    town = mint_iri("Town")
    reference = [(town, POPULATION, Literal("100", datatype=NON_NEGATIVE))]
    verdicts = [Verdict.accept(cand("Town", Literal(x, datatype=NON_NEGATIVE), predicate=POPULATION)) for x in ("110", "111")]
    critic = Critic(reference=reference, functional=[POPULATION], tolerance=lambda p: 0.1)
    assert [s.reference for s in critic.signals(verdicts)] == [0.75, 0.0]


def test_a_temperature_is_compared_with_the_reference_in_kelvin() -> None:
    """Against a reference melting point of 0 °C every other figure was 100 % off: a relation
    whose unit is a temperature in °C is compared in kelvin, as the validator compares it (found
    by the biologist's audit)."""
    melting = URIRef("https://example.org/chem#meltingPoint")
    decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    water = mint_iri("water")
    reference = [(water, melting, Literal("0.0", datatype=decimal))]
    verdicts = [Verdict.accept(cand("water", Literal(x, datatype=decimal), predicate=melting)) for x in ("-0.01", "0.5", "25")]
    critic = Critic(reference=reference, functional=[melting], tolerance=lambda p: 0.01, origins={melting: Decimal("273.15")})
    assert [s.reference for s in critic.signals(verdicts)] == [0.75, 0.75, 0.0]


def test_a_python_critic_and_an_unset_critic_section_score_alike() -> None:
    python, configured = Critic(), Critic.from_config(CriticConfig())
    assert python.threshold == configured.threshold
    assert python.weights == configured.weights


def test_the_critic_defaults_are_the_critic_sections() -> None:
    """One place holds the defaults: a changed ``[critic]`` default is ``Critic()``'s too
    (before, kg/critic.py wrote the weights and threshold out a second time)."""
    code = (
        "from kg.config import CriticConfig\n"
        "for name in ('threshold', 'w_validator', 'w_consistency', 'w_prompts', 'w_reference', 'w_student'):\n"
        "    CriticConfig.model_fields[name].default = 0.25\n"
        "from kg.critic import Critic\n"
        "critic = Critic()\n"
        "print(critic.threshold, *(getattr(critic.weights, n) for n in ('validator', 'consistency', 'prompts', 'reference', 'student')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.split() == ["0.25"] * 6


def test_a_run_with_no_learned_critic_and_one_sample_says_the_mean_let_in_every_answer(geo_files, tmp_path, capsys) -> None:
    """The epidemiology user's kg distill -n 1 (critic.model = auto, no trained critic) accepted
    every answer the checks passed (174 the reference does not hold, as "unknown") and said
    nothing of it: with one sample the signals' mean has no agreement to weigh. The run says so
    once, and what to do; not where samples agree or disagree, where the user chose no critic,
    or where the threshold still keeps such answers out."""
    import json

    from kg.cli import main
    from tests.pipeline.conftest import distill_args

    def notes(name: str, *extra: str) -> list[str]:
        main([*distill_args(geo_files, tmp_path / name, f"replay:{geo_files['transcript']}", "--json"), *extra])
        report = json.loads(capsys.readouterr().out)
        return [n for n in report["notes"] if "no learned critic" in n]

    (said,) = notes("one", "-n", "1")
    assert "signals' mean decided" in said and "one sample per prompt (-n 1)" in said
    assert f"kg critic train --store {tmp_path / 'one'}" in said and "-n 3" in said
    assert notes("three") == []  # --samples 3: their agreement is weighed
    assert notes("none", "-n", "1", "--critic", "none") == []
    assert notes("strict", "-n", "1", "--threshold", "0.9") == []
