"""An LLM as the judge: the teacher (or any :class:`kg.teachers.base.Teacher`) is asked whether
each fact holds, as KGGen and "LLM-as-a-judge" setups do, through the protocol the gate uses
(:class:`kg.critic.LearnedJudge`).

For each triple the judge asks::

    Is this statement true? <the statement>. Answer yes or no.

where the statement is the triple verbalised through the domain's relation templates
(``"{head}; as a result, PersonX wants {tail}"``; without a template ``"head relation
tail"``); a domain in another language (``[domain] language``) asks in it (German: ``Stimmt
diese Aussage? <the statement>. Antworte mit Ja oder Nein.``). The answer after any ``<think>``
block is read as yes/no (``yes``/``no``, ``true``/``false``, a judgement in words such as ``The
statement is false.``, and the language's words: ``Ja``, ``Das stimmt nicht.``; case,
punctuation, quotes and a leading ``Answer:`` do not matter). P(valid) is the share of yes
over the answers; an answer that is neither counts as no (no evidence the fact holds) and is
counted in :attr:`LLMJudge.unparsed`; a sample the teacher failed to give does not vote (it is
counted in :attr:`LLMJudge.failed`), and a question no sample answered, or a call none of whose
three or more answers could be read, is a :class:`kg.errors.CriticError`. A tail that says nothing by its form (empty, evasive, the head
restated: :func:`kg.critics.examples.is_vacuous`) scores 0 without asking, as the
cross-encoder does.

All the questions of one :meth:`LLMJudge.score` call go to the teacher in one
``teacher.complete(prompts, n=samples, params=...)`` call; a teacher constructed with a cache
(``kg.teachers.cache.CompletionCache``) keeps every answer, so asking again costs nothing.
With ``samples > 1`` the answers are sampled (temperature 0.7 unless ``params`` says
otherwise), with one sample they are greedy (temperature 0).

The judge is not calibrated: ``threshold`` is the one given (default 0.5: a majority of yes),
and ``target_precision`` is 0.0, meaning "no precision target was calibrated" (the attribute
exists because the gate's rejection message names it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from kg.critics.examples import is_vacuous
from kg.errors import CriticError
from kg.languages import ENGLISH, Language
from kg.ontology import fill
from kg.prompts import Prompt

if TYPE_CHECKING:
    from kg.records import Completion
    from kg.ontology import Domain

__all__ = ["LLMJudge", "parse_verdict", "QUESTION"]

QUESTION = "Is this statement true? {statement}. Answer yes or no."
"""The question put to the teacher for each triple."""

_YES = {"yes", "true", "correct", "yep", "yeah"}
_NO = {"no", "false", "incorrect", "nope", "wrong"}
_FIRST_WORD = re.compile(r"[a-z]+")
_JUDGED = re.compile(
    r"(?:(?:the|this|that|it|it's)\s+)?(?:(?:given\s+)?(?:statement|claim|fact|sentence)\s+)?(?:is\s+|'s\s+)?"
    r"(not\s+)?(true|correct|accurate|false|incorrect|inaccurate|wrong)\b"
)
"""A judgement in words: "The statement is true.", "This is false", "It's not correct", "Not true"."""
_LEAD = re.compile(r"^[\s\"'`*_#>\-\(\[]*(?:(?:final\s+)?answer\s*[:\-]\s*)?[\s\"'`*_\(\[]*", re.IGNORECASE)


def parse_verdict(text: str, language: Language = ENGLISH) -> bool | None:
    """``True`` for an answer that starts with yes/true/correct or says the statement is true,
    ``False`` for no/false/incorrect or that it is false or not true, else ``None``; in
    ``language``'s words too (German: ``Ja``, ``Nein.``, ``Die Aussage ist falsch.``, ``Das
    stimmt nicht.``: the first yes or no word among the first four, turned round by a negation
    around it).

    >>> parse_verdict(" **Yes.** It is."), parse_verdict("false"), parse_verdict("Maybe")
    (True, False, None)
    >>> parse_verdict("The statement is false."), parse_verdict("It's not correct"), parse_verdict("Incorrect.")
    (False, False, False)
    """
    rest = _LEAD.sub("", text or "", count=1).casefold()
    judged = _JUDGED.match(rest)
    if judged is not None:
        holds = judged.group(2) in ("true", "correct", "accurate")
        return holds != bool(judged.group(1))
    m = _FIRST_WORD.match(rest)
    word = m.group(0) if m is not None else ""
    if word in _YES:
        return True
    if word in _NO:
        return False
    return _in_words(rest, language) if language is not ENGLISH else None


def _in_words(answer: str, language: Language) -> bool | None:
    """A yes or no in ``language``'s words among an answer's first four words (see
    :func:`parse_verdict`)."""
    words = re.findall(r"\w+", answer)[:5]
    for i, word in enumerate(words[:4]):
        if word in language.yes or word in language.no:
            negated = any(w in language.negations for w in words[max(0, i - 1) : i + 2] if w != word)
            return (word in language.yes) != negated
    return None


class LLMJudge:
    """P(valid) of label triples by asking a teacher yes/no questions; see the module docstring.

    >>> judge = LLMJudge(teacher, templates={"xWant": "{head}; as a result, PersonX wants {tail}"})  # doctest: +SKIP
    >>> judge.score([("PersonX bakes bread", "xWant", "to eat it")])  # doctest: +SKIP
    [1.0]
    """

    kind = "llm-judge"

    def __init__(
        self,
        teacher: Any,
        *,
        templates: Mapping[str, str] | None = None,
        threshold: float = 0.5,
        samples: int = 1,
        params: Mapping[str, Any] | None = None,
        language: Language = ENGLISH,
    ) -> None:
        if not 0.0 <= float(threshold) <= 1.0:
            raise CriticError(f"LLM judge threshold {threshold!r}: must lie in [0, 1]")
        if int(samples) < 1:
            raise CriticError(f"LLM judge samples {samples!r}: must be at least 1")
        self.teacher = teacher
        self.templates = dict(templates or {})
        self.threshold = float(threshold)
        self.samples = int(samples)
        self.target_precision = 0.0  # not calibrated (see the module docstring)
        self.language = language
        default = {"temperature": 0.0 if self.samples == 1 else 0.7, "max_tokens": 8}
        self.params = {**default, **dict(params or {})}
        self.asked = 0  # questions put (cached or not)
        self.answers = 0  # answers got
        self.unparsed = 0  # answers that were neither yes nor no (counted as no)
        self.unparsed_cut_off = 0  # of them, those cut off (at the token limit, or with no answer after the reasoning)
        self.first_unparsed = ""  # the text of the first
        self.failed = 0  # samples the teacher did not give

    @classmethod
    def for_domain(cls, teacher: Any, domain: Domain, **kwargs: Any) -> "LLMJudge":
        """A judge that verbalises through a domain's relation templates (and covers its
        relations only)."""
        templates = {name: rel.verbalization for name, rel in domain.relations.items()}
        return cls(teacher, templates=templates, language=domain.language, **kwargs)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.teacher.id}"

    def covers(self, relation: str) -> bool:
        """Every relation, or those with a template when the judge was given templates."""
        return not self.templates or relation in self.templates

    def statement(self, head: str, relation: str, tail: str) -> str:
        """A triple as one sentence (the relation's template, else ``head relation tail``)."""
        template = self.templates.get(relation)
        text = f"{head} {relation} {tail}" if template is None else fill(template, head=head, tail=tail)
        return " ".join(text.split()).rstrip(" .")

    def question(self, head: str, relation: str, tail: str) -> str:
        """The question put for a triple, in the domain's language (English's without one)."""
        return (self.language.judge_question or QUESTION).format(statement=self.statement(head, relation, tail))

    def score(self, triples: Sequence[tuple[str, str, str]]) -> list[float]:
        """P(valid) of ``(head, relation, tail)`` label triples, asking each distinct question
        once (one ``teacher.complete`` call for all of them)."""
        out = [0.0] * len(triples)
        asks: dict[str, list[int]] = {}
        for i, (head, relation, tail) in enumerate(triples):
            if is_vacuous(head, tail) is None:
                asks.setdefault(self.question(head, relation, tail), []).append(i)
        if not asks:
            return out
        prompts = {text: Prompt.make(text, "text") for text in asks}
        self.asked += len(prompts)
        completions = self.teacher.complete(list(prompts.values()), n=self.samples, params=self.params)
        votes: dict[str, list[float]] = {p.id: [] for p in prompts.values()}
        unread: list[Completion] = []
        for c in completions:
            verdict = parse_verdict(c.answer, self.language)  # the answer after any <think> block
            if verdict is None:
                unread.append(c)
            votes.setdefault(c.prompt_id, []).append(float(bool(verdict)))  # unread: no evidence it holds
        self.answers += len(completions)
        self.unparsed += len(unread)
        self.unparsed_cut_off += sum(c.truncated or not c.answer.strip() for c in unread)  # or inside the reasoning
        self.first_unparsed = self.first_unparsed or (unread[0].text if unread else "")
        if completions and len(unread) == len(completions) >= 3:
            raise CriticError(
                f"the LLM judge {self.id} could read none of its {len(completions)} answers "
                f"(the first: {unread[0].text[:80]!r}); " + self._unread_advice()
            )
        for text, where in asks.items():
            got = votes.get(prompts[text].id, [])
            self.failed += max(0, self.samples - len(got))
            if not got:  # no sample came back: the judge could not run on it
                failures = "; ".join(sorted({f.error for f in self.teacher.last_failures}))[:200]
                raise CriticError(f"the LLM judge {self.id} got no answer to {text[:80]!r}" + (f" ({failures})" if failures else ""))
            p = sum(got) / len(got)
            for i in where:
                out[i] = p
        return out

    def _unread_advice(self) -> str:
        if self.unparsed_cut_off:
            return (
                f"it asks for yes or no in at most {self.params['max_tokens']} tokens, and answers were cut off before it: "
                "a model that reasons first needs more (critic.model = \"llm:max_tokens=512\")"
            )
        return "they were neither yes nor no"

    def unread_note(self) -> str | None:
        """A note for a run in which some answers were neither yes nor no: each counted as no,
        so the facts they judged read as judged false (P(valid) 0.00) though the judge said nothing."""
        if not self.unparsed:
            return None
        return (
            f"the LLM judge {self.id} read {self.unparsed} of its {self.answers} answers as neither yes nor no "
            f"(the first: {self.first_unparsed[:80]!r}); each counted as no, which may have rejected true facts; "
            + self._unread_advice()
        )

    def __repr__(self) -> str:
        return f"LLMJudge({self.id!r}, threshold={self.threshold}, samples={self.samples})"
