"""The records that flow between stages: Completion → Candidate → Verdict.

A stage takes an iterable of one record type and yields the next; records are frozen and a
stage never mutates what it received. Terms are rdflib terms.

Ids are sha1 digests of the identifying fields, computed on first access and kept in the
record's hidden ``_id`` slot (not part of ``__init__``, equality or ``repr``; a
``dataclasses.replace`` copy computes its own).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal as TypingLiteral, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

Subject = URIRef | BNode
Object = URIRef | BNode | Literal


SURROGATES = re.compile(r"[\ud800-\udfff]")
"""Lone surrogates (a JSON ``"\\ud800"`` escape decodes to one): not encodable as UTF-8, so text
holding one can be neither stored nor hashed as it is."""


def _digest(*parts: str) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))  # teacher text may hold a lone surrogate
        h.update(b"\x1f")
    return h.hexdigest()


_PARAMS_JSON: dict[tuple[object, ...], str] = {}


def params_json(params: Mapping[str, Any]) -> str:
    """Sampling parameters as canonical JSON (sorted keys), cached: a run repeats a few settings
    across thousands of completions. The cache key keeps each value's type (``True`` and ``1``
    give different JSON)."""
    try:
        key = tuple(sorted((k, type(v), v) for k, v in params.items()))
        got = _PARAMS_JSON.get(key)
    except TypeError:  # an unhashable or unorderable value: no caching
        return json.dumps(dict(params), sort_keys=True, default=str)
    if got is None:
        if len(_PARAMS_JSON) > 4096:
            _PARAMS_JSON.clear()
        got = _PARAMS_JSON[key] = json.dumps(dict(params), sort_keys=True, default=str)
    return got


_REASONING_TAGS = r"(?:think|thinking|reasoning|seed:think)"
_REASONING = re.compile(
    rf"<({_REASONING_TAGS})>.*?</\1>\s*|\[THINK\].*?\[/THINK\]\s*", re.IGNORECASE | re.DOTALL
)
_REASONING_OPEN = re.compile(rf"<{_REASONING_TAGS}>|\[THINK\]", re.IGNORECASE)
_REASONING_CLOSE = re.compile(rf"</{_REASONING_TAGS}>\s*|\[/THINK\]\s*", re.IGNORECASE)
"""A reasoning block's tags: ``<think>`` (DeepSeek-R1, Qwen3, QwQ), ``<thinking>``,
``<reasoning>``, ``<seed:think>`` (Seed-OSS) and ``[THINK]`` (Magistral)."""

_HARMONY_MESSAGE = re.compile(
    r"([^<]*?)(?:<\|constrain\|>[^<]*)?<\|message\|>(.*?)(?=<\|(?:end|return|call|start|channel)\|>|$)", re.DOTALL
)
"""One message of gpt-oss's Harmony format, written inline by a server without its parser:
``<|channel|>analysis<|message|>...<|end|><|start|>assistant<|channel|>final<|message|>...``; the
channel's name (what precedes ``<|message|>``) and the message."""
_HARMONY_THOUGHTS = ("analysis", "commentary")

_END_OF_TURN = re.compile(
    r"<[|｜](?:im_end|eot_id|eom_id|end|return|call|endoftext|end_of_text|end[_▁]of[_▁]sentence)[|｜]>"
    r"|</s>|<end_of_turn>|<eos>",
    re.IGNORECASE,
)
"""A chat template's end-of-turn token left in the text (a wrong template, the completions
endpoint): the answer ends there, and what follows is the model running on past its turn."""


def _harmony_answer(text: str) -> str:
    """The final channel's messages of Harmony text; none (an empty answer) when the model only
    reasoned (the analysis channel), e.g. cut off by the token limit."""
    finals = []
    for header, message in _HARMONY_MESSAGE.findall(text):
        channel = header.rpartition(">")[2].strip().split(" ")[0].casefold()
        if channel not in _HARMONY_THOUGHTS:
            finals.append(message)
    return "\n".join(finals)


def without_reasoning(text: str) -> str:
    """``text`` without the model's reasoning: paired blocks; all before a closing tag that
    has no opening one (DeepSeek-R1-Distill's and Qwen3's chat templates end the prompt with
    ``<think>``, so the answer holds only ``</think>``); all from an opening tag left open (the
    token limit came first); Harmony's analysis channel; and all from an end-of-turn token on."""
    if "<|message|>" in text:
        text = _harmony_answer(text)
    text = _REASONING.sub("", text)
    closes = list(_REASONING_CLOSE.finditer(text))
    if closes:
        text = text[closes[-1].end() :]
    opened = _REASONING_OPEN.search(text)
    if opened:
        text = text[: opened.start()]
    ended = _END_OF_TURN.search(text)
    return text[: ended.start()] if ended else text


def reasoning_left_open(prompt: str) -> str:
    """The reasoning tag a rendered chat prompt ends with (``"<think>\\n"`` from the chat
    templates of DeepSeek-R1-Distill and Qwen3), which the model's text goes on from; ``""`` when
    none."""
    opened = _OPEN_AT_END.search(prompt)
    return opened.group() if opened else ""


_OPEN_AT_END = re.compile(rf"(?:<{_REASONING_TAGS}>|\[THINK\])\s*\Z", re.IGNORECASE)


_HTML_SCRIPT = re.compile(r"<(su[bp])>([^<>]*)</\1>", re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("0123456789+-−=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")


def without_html_scripts(text: str) -> str:
    """``text`` with HTML subscripts and superscripts as text: ``H<sub>2</sub>O`` as ``H2O``,
    ``10<sup>-3</sup>`` as ``10⁻³`` (a superscript's digits and signs as superscript characters,
    so an exponent stays one: not ``10-3``)."""
    def written(match: re.Match[str]) -> str:
        return match.group(2) if match.group(1).casefold() == "sub" else match.group(2).translate(_SUPERSCRIPT)

    return _HTML_SCRIPT.sub(written, text)


_FENCE = re.compile(r"^[ \t]*(?:```|~~~)[^\n`]*\n?", re.MULTILINE)
"""A Markdown code fence's line, with its language tag (```` ```markdown ````)."""


def _kept_id() -> Any:
    """The hidden slot a record keeps its id in once computed."""
    return field(default=None, init=False, repr=False, compare=False)


_CUT_OFF = {"length": "at the token limit", "content_filter": "by the server's content filter"}


@dataclass(frozen=True, slots=True)
class Completion:
    """One sample of a teacher's answer to one prompt.

    ``params`` are the sampling parameters (temperature, top_p, max_tokens, ...); ``usage``
    holds token counts when the backend reports them; ``cached`` says the teacher's cache
    answered with what an earlier run was told.
    """

    prompt_id: str
    prompt: str
    teacher: str
    text: str
    sample_index: int = 0
    params: Mapping[str, Any] = field(default_factory=dict)
    finish_reason: str | None = None
    usage: Mapping[str, int] = field(default_factory=dict)
    cached: bool = field(default=False, compare=False)
    """Answered by the teacher's cache with what an earlier run was told: the same answer
    replayed, not a new one (not part of the id)."""
    _id: str | None = _kept_id()

    @property
    def id(self) -> str:
        """A stable identifier: the same prompt, teacher, parameters, sample and text give the
        same id. The text is part of it: rows of a dataset that share a head and a relation (and
        a student's tails for one prompt) are distinct completions, each with its own record."""
        if self._id is None:
            parts = (
                self.teacher, self.prompt_id, self.prompt, params_json(self.params), str(self.sample_index), self.text,
            )
            object.__setattr__(self, "_id", _digest(*parts))
        return str(self._id)

    @property
    def truncated(self) -> bool:
        """The answer ended at the token limit (``finish_reason`` ``length``)."""
        return self.finish_reason == "length"

    @property
    def cut_off(self) -> str | None:
        """Why the answer stops before its end, None when it does not: ``"at the token limit"``
        (``length``), ``"by the server's content filter"`` (``content_filter``: OpenAI and Azure
        stop the output mid-stream when a filter fires). Its last item may be half-written."""
        return _CUT_OFF.get(self.finish_reason or "")

    @property
    def answer(self) -> str:
        """What the extractors read: the text without the model's reasoning, the
        ``<think>...</think>`` block a reasoning model (DeepSeek-R1, Qwen3, QwQ) writes before
        its answer when the server does not split it off (``<thinking>`` and ``<reasoning>``
        too). A block left open (the token limit came first) leaves no answer. Markdown code
        fences are left out, language tag and all (```` ```markdown ```` made the entity
        "markdown": France borders markdown), and HTML subscripts and superscripts are text
        (:func:`without_html_scripts`: ``H<sub>2</sub>O`` was read as ``sub>O``). ``text`` keeps
        everything the teacher said."""
        answer = self.text
        if "<" in answer or "[" in answer:
            answer = without_html_scripts(without_reasoning(answer))
        if "```" in answer or "~~~" in answer:
            answer = _FENCE.sub("", answer)
        # one form per character: "Janáček" with a combining accent (NFD, as macOS and some
        # tokenizers write it) is the head "Janáček" (NFC) the prompt named
        return answer if answer.isascii() or unicodedata.is_normalized("NFC", answer) else unicodedata.normalize("NFC", answer)


class Name(str):
    """An entity's name as a run chose it (:meth:`extractors.normalize.Normalizer.named_entity`),
    with where it came from: ``language``, the tag of the reference's label it is (None: the
    domain's language, the teacher's own text); ``written``, the name the teacher (or the seed)
    wrote when the reference's was chosen instead, kept as ``skos:altLabel`` ("Kraków" for the
    reference's "Krakau"@de), ``also`` its other names after the first ("Mount Everest (Sagarmatha /
Chomolungma)"), each an alias too. A plain ``str`` label is the teacher's text."""

    language: str | None = None
    written: str | None = None
    also: tuple[str, ...] = ()

    @classmethod
    def of(cls, text: str, language: str | None, written: str | None = None, also: tuple[str, ...] = ()) -> Name:
        name = cls(text)
        name.language, name.written, name.also = language or None, written, also
        return name


@dataclass(frozen=True, slots=True)
class Candidate:
    """A triple read from a completion, not yet judged.

    ``span`` is the raw text it was read from; ``extractor`` the name of the extractor.
    ``subject_label`` / ``object_label`` are the human labels the IRIs were minted from, written
    as ``rdfs:label`` when the candidate is accepted (a :class:`Name` keeps its language tag and
    the name as written). ``rationale`` is the teacher's reason for
    the triple when it gave one (a prompt can ask why): kept in provenance with the evidence, never
    part of the triple or of the id (the span it was read from already is). ``bounds``: the lower
    and upper ends of a range the object is the middle of ("25–30 cm": 0.275 m, bounds 0.25 and
    0.3; :mod:`extractors.ranges`), as Wikidata bounds a quantity; kept in provenance
    (``kg:lowerBound``, ``kg:upperBound``), and the checks compare the range, not its middle.
    """

    subject: Subject
    predicate: URIRef
    object: Object
    completion: Completion | None = None
    span: str = ""
    extractor: str = ""
    subject_label: str | None = None
    object_label: str | None = None
    rationale: str | None = None
    bounds: tuple[Literal, Literal] | None = None
    _id: str | None = _kept_id()

    @property
    def triple(self) -> tuple[Subject, URIRef, Object]:
        return (self.subject, self.predicate, self.object)

    @property
    def id(self) -> str:
        """Stable identity of this piece of evidence (triple + where it came from)."""
        if self._id is None:
            source = self.completion.id if self.completion else ""
            triple = (self.subject.n3(), self.predicate.n3(), self.object.n3())
            object.__setattr__(self, "_id", _digest(*triple, source, self.extractor, self.span))
        return str(self._id)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a candidate was rejected: the check (or SHACL shape) that failed, in words a user
    understands, and the node it is about."""

    check: str
    message: str
    focus_node: Node | None = None
    shape: Node | None = None
    needs_review: bool = False


Status = TypingLiteral["accepted", "rejected"]
ReferenceWord = TypingLiteral["confirmed", "within tolerance", "unknown", "contradicted"]
"""What a domain's reference graph said of a candidate: it holds the fact (or the very figure),
a figure within the tolerance, nothing for that subject and property (the claim passes at the
validator's lower confidence), or something else (a ``reference`` rejection). Written on the
fact's support node as ``kg:referenceCheck``."""
NOT_CHECKED = "not checked"
"""What a run's report and ``kg validate`` count an accepted candidate under when the reference
graph holds no value of its relation, so cannot check it (no word is recorded on its support)."""


@dataclass(frozen=True, slots=True)
class CriticMark:
    """A learned critic's judgement of a candidate: which critic (its id), the score it gave
    (P(valid)) and the threshold it was held to. Written into the fact's provenance, so that a
    later critic can re-judge the graph (``kg critic rescore``)."""

    critic: str
    score: float
    threshold: float


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one candidate. A rejected verdict always carries at least one reason."""

    candidate: Candidate
    accepted: bool
    reasons: tuple[Reason, ...] = ()
    confidence: float = 1.0
    critic: CriticMark | None = None
    reference: ReferenceWord | None = None  # None: the domain has no reference graph (or no check ran)

    def __post_init__(self) -> None:
        if not self.accepted and not self.reasons:
            raise ValueError("a rejected verdict needs at least one reason")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must lie in [0, 1], got {self.confidence!r}")

    @property
    def status(self) -> Status:
        return "accepted" if self.accepted else "rejected"

    @classmethod
    def accept(cls, candidate: Candidate, confidence: float = 1.0, reference: ReferenceWord | None = None) -> "Verdict":
        return cls(candidate, True, (), confidence, reference=reference)

    @classmethod
    def reject(cls, candidate: Candidate, *reasons: Reason, confidence: float = 0.0, reference: ReferenceWord | None = None) -> "Verdict":
        return cls(candidate, False, tuple(reasons), confidence, reference=reference)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Teacher output an extractor could not turn into any triple, kept for quarantine."""

    completion: Completion | None
    span: str
    extractor: str
    reason: str
    head: str | None = None
    """The head its prompt asked about, where the prompt named one (not part of the id)."""
    relation: str | None = None
    """The relation its prompt asked for, where the prompt named one (not part of the id)."""
    _id: str | None = _kept_id()

    @property
    def id(self) -> str:
        """Stable identity of this unreadable span (where it came from + the span)."""
        if self._id is None:
            source = self.completion.id if self.completion else ""
            object.__setattr__(self, "_id", _digest(source, self.extractor, self.span))
        return str(self._id)
