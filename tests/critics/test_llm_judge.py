"""The LLM as judge: yes/no questions to a teacher, answers read tolerantly, cached by the
teacher's own cache, through the gate's judge protocol."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import pytest
from rdflib import URIRef

from kg.critic import CRITIC_CHECK, Critic
from kg.critics.llm_judge import LLMJudge, parse_verdict
from kg.iri import mint_iri
from kg.records import Candidate, Verdict
from kg.teachers.base import Job, Sink, Teacher
from kg.teachers.cache import CompletionCache

CS = "https://w3id.org/kgdistill/ontology/commonsense#"
XWANT = "{head}; as a result, PersonX wants {tail}"


class FakeTeacher(Teacher):
    """Answers each question with ``answer(question, sample_index)`` and records what it was
    asked (what the cache did not answer)."""

    backend = "fake"

    def __init__(self, answer: Callable[[str, int], str | None], *, cache: CompletionCache | None = None) -> None:
        super().__init__("judge", cache=cache)
        self.answer = answer
        self.asked: list[tuple[str, int]] = []
        self.params_seen: list[dict] = []

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        self.params_seen.append(dict(params))
        for job in jobs:
            for i in job.sample_indices:
                self.asked.append((job.prompt.text, i))
                text = self.answer(job.prompt.text, i)
                if text is None:
                    sink.failed(job, [i], "no answer")
                else:
                    sink.completed(job, i, text)


def by_tail(question: str, _i: int) -> str:
    if "to eat it" in question:
        return " Yes."
    if "to fly" in question:
        return "**No**, PersonX cannot fly."
    return "I am not sure what you mean"


def test_yes_no_and_garbage_give_one_zero_and_zero_and_a_second_call_is_cached(tmp_path: Path) -> None:
    cache = CompletionCache(tmp_path / "cache.sqlite")
    teacher = FakeTeacher(by_tail, cache=cache)
    judge = LLMJudge(teacher, templates={"xWant": XWANT})
    triples = [
        ("PersonX bakes bread", "xWant", "to eat it"),
        ("PersonX bakes bread", "xWant", "to fly"),
        ("PersonX bakes bread", "xWant", "to paint a fence"),
        ("PersonX bakes bread", "xWant", "to eat it"),  # the same question: asked once
    ]
    assert judge.score(triples) == [1.0, 0.0, 0.0, 1.0]
    assert judge.unparsed == 1 and judge.failed == 0
    assert judge.id == "llm-judge:fake:judge" and judge.threshold == 0.5 and judge.target_precision == 0.0
    assert len(teacher.asked) == 3 and len(teacher.params_seen) == 1  # one batch
    assert ("Is this statement true? PersonX bakes bread; as a result, PersonX wants to eat it. Answer yes or no.", 0) in teacher.asked

    # asking again costs nothing: the same judge, a new judge, a new teacher on the same cache file
    assert judge.score(triples) == [1.0, 0.0, 0.0, 1.0]
    assert LLMJudge(teacher, templates={"xWant": XWANT}).score(triples[:2]) == [1.0, 0.0]
    assert len(teacher.asked) == 3 and teacher.stats.hits == 5
    cache.close()
    again = FakeTeacher(lambda q, i: pytest.fail(f"asked {q!r} again"), cache=CompletionCache(tmp_path / "cache.sqlite"))
    assert LLMJudge(again, templates={"xWant": XWANT}).score(triples) == [1.0, 0.0, 0.0, 1.0]
    assert again.asked == []


def test_several_samples_give_the_share_of_yes() -> None:
    votes = {0: "yes", 1: "No.", 2: "TRUE", 3: "false", 4: "hmm"}
    teacher = FakeTeacher(lambda q, i: votes[i], cache=CompletionCache())
    judge = LLMJudge(teacher, samples=5)
    assert judge.score([("PersonX bakes bread", "xWant", "to eat it")]) == [pytest.approx((1 + 0 + 1 + 0 + 0) / 5)]
    assert judge.unparsed == 1 and teacher.params_seen[0]["temperature"] > 0
    # without templates: "head relation tail", every relation covered
    assert teacher.asked[0][0] == "Is this statement true? PersonX bakes bread xWant to eat it. Answer yes or no."
    assert judge.covers("anything")


def test_a_failed_sample_does_not_vote_a_question_never_answered_is_an_error_and_a_vacuous_tail_is_not_asked() -> None:
    """Before: a failed sample counted 0.5, and 0.5 passed the default threshold: a judge the
    teacher could not answer let every fact in."""
    from kg.errors import CriticError

    teacher = FakeTeacher(lambda q, i: None if i == 0 else "yes", cache=CompletionCache())
    judge = LLMJudge(teacher, templates={"xWant": XWANT}, samples=3)
    assert judge.score([("PersonX bakes bread", "xWant", "to eat it"), ("PersonX bakes bread", "xWant", "none")]) == [1.0, 0.0]
    assert judge.failed == 1 and len(teacher.asked) == 3
    assert judge.covers("xWant") and not judge.covers("xNeed")
    silent = LLMJudge(FakeTeacher(lambda q, i: None, cache=CompletionCache()), templates={"xWant": XWANT})
    with pytest.raises(CriticError, match="got no answer to 'Is this statement true"):
        silent.score([("PersonX bakes bread", "xWant", "to eat it")])


def test_a_reasoning_model_cut_off_in_its_thinking_is_an_error_not_an_open_gate() -> None:
    """A model that thinks first, asked for 8 tokens, never reached its answer: every fact got
    0.5 and passed. Now its answer after </think> is read, and a call whose answers could none be
    read says so."""
    from kg.critics import make_llm_judge
    from kg.errors import ConfigError, CriticError

    thinking = FakeTeacher(lambda q, i: "<think>Okay, the user asks whether PersonX", cache=CompletionCache())
    judge = LLMJudge(thinking)
    triples = [("PersonX bakes bread", "xWant", t) for t in ("to eat it", "to sell it", "to share it")]
    with pytest.raises(CriticError, match=r"could read none of its 3 answers .*llm:max_tokens=512"):
        judge.score(triples)
    done = FakeTeacher(lambda q, i: "<think>Bread is food.</think>\nYes", cache=CompletionCache())
    roomy = make_llm_judge("max_tokens=512,samples=2", teacher=done)
    assert roomy.score(triples) == [1.0, 1.0, 1.0] and roomy.samples == 2 and done.params_seen[0]["max_tokens"] == 512
    with pytest.raises(ConfigError, match="write llm:KEY=VALUE"):
        make_llm_judge("tokens=5", teacher=done)


def test_a_verdict_after_a_bare_closing_think_tag_is_read() -> None:
    """An R1-distill judge writes its reasoning and then "</think>" (the "<think>" is in its
    chat template's prompt): "Yes." was unreadable (every true fact P(valid) 0.00), and reasoning
    that opened with "Yes, ..." before a final "No." read as yes."""
    says_yes = FakeTeacher(lambda q, i: "Okay, I need to decide. Let me think.\n</think>\n\nYes.", cache=CompletionCache())
    says_no = FakeTeacher(lambda q, i: "Yes, it sounds plausible at first... but no.\n</think>\n\nNo.", cache=CompletionCache())
    triple = [("PersonX bakes bread", "xWant", "to eat it")]
    assert LLMJudge(says_yes).score(triple) == [1.0] and LLMJudge(says_no).score(triple) == [0.0]


@pytest.mark.parametrize(
    "text, verdict",
    [("Yes", True), ("yes.", True), ("'Yes'", True), ("Answer: no", False), ("False!", False), ("TRUE", True),
     ("Not really", None), ("N/A", None), ("", None), ("Maybe yes", None), ("no", False),
     # a chat model's sentence (before: unread, P 0.5, so "The statement is false." kept the fact at threshold 0.5)
     ("The statement is false.", False), ("This statement is true.", True), ("This is not true.", False),
     ("It's correct.", True), ("Not true", False), ("Incorrect.", False), ("Correct", True), ("**The claim is accurate.**", True),
     ("Nope", False), ("The statement is partly true", None), ("Truly, I cannot say", None)],
)
def test_answers_are_read_tolerantly(text: str, verdict: bool | None) -> None:
    assert parse_verdict(text) is verdict


def test_the_gate_takes_the_llm_judge() -> None:
    teacher = FakeTeacher(by_tail, cache=CompletionCache())
    judge = LLMJudge(teacher, templates={"xWant": XWANT})

    def cand(tail: str) -> Candidate:
        head = "PersonX bakes bread"
        return Candidate(mint_iri(head), URIRef(CS + "xWant"), mint_iri(tail), None, tail, "lists", head, tail)

    out = Critic(model=judge).judge([Verdict.accept(cand("to eat it"), 0.7), Verdict.accept(cand("to fly"), 0.7)])
    assert out[0].accepted and out[0].critic is not None and out[0].critic.critic == judge.id
    assert not out[1].accepted and out[1].reasons[0].check == CRITIC_CHECK and judge.id in out[1].reasons[0].message


def test_bad_settings_are_errors() -> None:
    from kg.errors import CriticError

    teacher = FakeTeacher(by_tail)
    with pytest.raises(CriticError):
        LLMJudge(teacher, threshold=1.5)
    with pytest.raises(CriticError):
        LLMJudge(teacher, samples=0)


def test_an_ingest_cannot_use_the_llm_judge_and_says_what_to_use(tmp_path, capsys) -> None:
    """Before: "needs a teacher to ask (--teacher)", an option kg ingest does not have."""
    from tests.conftest import kg_exit_code
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)
    code = kg_exit_code("ingest", str(files["transcript"]), "--domain", "geography", "--store", str(tmp_path / "s"),
                        "--critic", "llm", "-q")
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 2 and "kg ingest asks no teacher" in err and "--teacher" not in err


@pytest.mark.parametrize(
    ("text", "verdict"),
    [("Ja.", True), ("Ja, das stimmt.", True), ("Richtig", True), ("Stimmt.", True), ("Nein.", False),
     ("Die Aussage ist falsch.", False), ("Das stimmt nicht.", False), ("Nicht richtig.", False),
     ("Nein, das stimmt nicht.", False), ("Vielleicht", None), ("Yes", True)],
)
def test_a_german_answer_is_read_in_german(text: str, verdict: bool | None) -> None:
    from kg.languages import language

    assert parse_verdict(text, language("de")) is verdict


def test_a_german_domains_judge_asks_in_german_and_reads_ja_and_nein() -> None:
    """A German domain's judge asked in English and read only English: a German model's 'Ja.'
    and 'Nein.' were unread, so every fact was a no (and three or more an error)."""
    from kg.ontology import load_domain

    literatur = load_domain(Path(__file__).resolve().parents[1] / "extractors" / "literatur")
    teacher = FakeTeacher(lambda q, i: "Ja." if "Buddenbrooks" in q else "Nein, das stimmt nicht.")
    judge = LLMJudge.for_domain(teacher, literatur)
    triples = [("Thomas Mann", "schrieb", "Buddenbrooks"), ("Thomas Mann", "schrieb", "Faust"),
               ("Thomas Mann", "schrieb", "Die Blechtrommel")]
    assert judge.score(triples) == [1.0, 0.0, 0.0] and judge.unparsed == 0
    assert teacher.asked[0][0] == "Stimmt diese Aussage? Thomas Mann schrieb Buddenbrooks. Antworte mit Ja oder Nein."


def test_the_judges_requests_and_tokens_are_the_runs_and_unreadable_verdicts_are_noted(tmp_path, capsys) -> None:
    """--critic llm asks the run's teacher: its requests and tokens were missing from the run
    report (3 requests sent, 1 reported), and verdicts it could not read, each counted as no,
    rejected true facts while the report's notes said nothing."""
    import json

    from kg.teachers.testing import FakeOpenAIServer
    from tests.conftest import kg_exit_code

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX burns the toast\n", encoding="utf-8")

    def answer(prompt: str, i: int) -> str:
        if "Is this statement true?" not in prompt:
            return "1. to make another slice\n2. to clean up the mess"
        return "Yes." if "another slice" in prompt else "Hmm, hard to say."

    with FakeOpenAIServer(answer=answer) as server:
        code = kg_exit_code("distill", "--domain", "commonsense", "--store", str(tmp_path / "s"), "--teacher", f"openai:m@{server.base_url}",
                            "--seeds", str(seeds), "--relations", "xWant", "-n", "1", "--critic", "llm", "--no-cache", "-q", "-f", "json")
    report = json.loads(capsys.readouterr().out)
    paid = sum(len(body["messages"][-1]["content"].split()) + 5 * body["n"] for body in server.bodies)  # the server's usage
    assert code == 0 and server.requests == 3 and report["requests"] == 3 and report["tokens"] == paid
    assert report["accepted"] == 1 and any("read 1 of its 2 answers as neither yes nor no" in note for note in report["notes"])


def test_answers_neither_yes_nor_no_do_not_send_the_user_to_raise_max_tokens() -> None:
    """A judge whose whole answers were unreadable was told to raise max_tokens, which cannot help."""
    from kg.errors import CriticError

    vague = LLMJudge(FakeTeacher(lambda q, i: "Hard to say.", cache=CompletionCache()))
    triples = [("PersonX bakes bread", "xWant", t) for t in ("to eat it", "to sell it", "to share it")]
    with pytest.raises(CriticError, match="they were neither yes nor no") as raised:
        vague.score(triples)
    assert "max_tokens" not in str(raised.value)
