"""The critic: a confidence per candidate from signals that exist without human labels, and the
accept threshold.

Signals (each in [0, 1], or absent when it says nothing about a candidate):

* ``validator``: the validators' and the reasoner's verdict: the confidence they put on the
  verdict (1.0 clean, e.g. 0.7 for a fact unknown to the reference graph), 0.0 when a hard
  check rejected the candidate;
* ``consistency``: self-consistency: the share of the teacher's ``n`` samples for a prompt that
  produced the same triple (absent when ``n == 1``);
* ``prompts``: how many distinct prompts produced the triple, ``1 - 0.5**k`` (one prompt: 0.5,
  two: 0.75, three: 0.875);
* ``reference``: 1.0 when the domain's reference graph holds the triple, 0.75 for a number
  within the property's tolerance of the reference's value (a rounded figure; the tolerance
  the validator's reference check allows, :meth:`kg.ontology.Domain.tolerance`), 0.0 when it
  holds a different value for a functional property, absent otherwise; entities are resolved
  through the reference's ``skos:altLabel`` names, as the validator resolves them;
* ``student``: a trained student's plausibility score, when one is given.

The combined score is the weighted mean of the signals present::

    score = Σ_i w_i · s_i / Σ_i w_i        (i over the signals present)

with the weights and threshold of ``[critic]`` (:class:`kg.config.CriticConfig`, whose defaults
:class:`Weights` and :class:`Critic` take too; ``kg init``'s kg.toml shows them). A candidate that passed the checks is accepted
when ``score >= threshold``; otherwise it is rejected with the reason ``critic``. A candidate a
check rejected stays rejected; it gets the score too, so that precision–recall curves over
labelled candidates see every candidate.

Signals are computed within one batch (all samples of a prompt are in one batch), so that a
rerun of the same batch gives the same scores (resume is deterministic).

With labels (``subject,relation,object,label`` rows), :func:`kg.critics.evaluation.evaluate`
reports precision and recall at the threshold and the precision–recall curve.
"""

from __future__ import annotations

from decimal import Decimal
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Mapping, Protocol, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.config import CriticConfig
from kg.errors import ConfigError, CriticError, part_fault
from kg.iri import ReferenceNames, local_name
from kg.reach import reachable
from kg.ontology import DEFAULT_TOLERANCE, Domain, relative_difference, toward
from kg.critics.examples import is_vacuous
from kg.records import Candidate, CriticMark, Reason, Verdict
from kg.validate.common import text_form
from kg.xsd import quantity

__all__ = [
    "Signals",
    "Weights",
    "Critic",
    "LearnedJudge",
    "label_triple",
    "Plausibility",
    "CRITIC_CHECK",
]

CRITIC_CHECK = "critic"
UNCONFIRMED_CHECK = "unconfirmed"
"""The ``Reason.check`` of a rejection by the critic's threshold."""

Plausibility = Callable[[Sequence[Candidate]], Sequence[float | None]]
"""A student's plausibility score per candidate (``None``: no opinion)."""

NUMBER_TOLERANCE = DEFAULT_TOLERANCE
"""A number within this relative difference of the reference value counts as a rounded
agreement (signal 0.75) when the critic is given no domain; with one, each property's
tolerance is the domain's (:meth:`kg.ontology.Domain.tolerance`), the validator's too."""

Tolerance = Callable[[object], Decimal]
"""The relative tolerance of a predicate's numbers (``Domain.tolerance``)."""

SIGNALS = ("validator", "consistency", "prompts", "reference", "student")


FILE_ROWS_HINT = (
    "; a file's rows are judged as a teacher's answers (the rows of one head and relation as the samples of one "
    "question): to take in rows you trust, ingest the file with kg ingest --trusted (the checks alone judge them) "
    "or accept them with kg review export and kg review apply"
)
"""What a critic's rejection of a row of a file given to ``kg ingest`` adds: how to take in rows
the user trusts."""


def _from_file(candidate: Candidate) -> str:
    """:data:`FILE_ROWS_HINT` for a candidate read from a user's file (a table, JSON, Turtle), else ""."""
    from extractors.normalize import FILE_SOURCE, TABLE_SOURCE

    completion = candidate.completion
    return FILE_ROWS_HINT if completion is not None and completion.teacher.startswith((FILE_SOURCE, TABLE_SOURCE)) else ""


@dataclass(frozen=True, slots=True)
class Signals:
    validator: float | None = None
    consistency: float | None = None
    prompts: float | None = None
    reference: float | None = None
    student: float | None = None

    def present(self) -> dict[str, float]:
        return {name: v for name in SIGNALS if (v := getattr(self, name)) is not None}


@dataclass(frozen=True, slots=True)
class Weights:
    """The signals' weights in the critic's mean; the defaults are ``[critic]``'s
    (:class:`kg.config.CriticConfig`), so ``Critic()`` scores as a kg.toml without them does."""

    validator: float = CriticConfig.model_fields["w_validator"].default
    consistency: float = CriticConfig.model_fields["w_consistency"].default
    prompts: float = CriticConfig.model_fields["w_prompts"].default
    reference: float = CriticConfig.model_fields["w_reference"].default
    student: float = CriticConfig.model_fields["w_student"].default

    def __post_init__(self) -> None:
        for name in SIGNALS:
            if getattr(self, name) < 0:
                raise ConfigError(f"critic weight {name} = {getattr(self, name)!r}: must be >= 0")


def _value_key(term: object) -> object:
    """Literals by value: a number as :func:`kg.xsd.quantity` reads it, as the validator's
    reference check does (``"547030"`` and ``"547030.0"`` as decimals are one value, and so is
    a plain ``"547030"``); a text (``xsd:string``, or of one language) up to case and spaces, as
    the validator compares texts (:func:`kg.validate.common.same_text`, the minus sign a hyphen-minus): "Oil on poplar panel"
    is the reference's "oil on poplar panel"."""
    if isinstance(term, Literal):
        value = quantity(term)
        if value is not None:
            return ("number", value.normalize())
        if term.datatype in (None, XSD.string, RDF.langString):
            return ("text", term.language, text_form(str(term)))
        return ("literal", str(term))
    return term


def _triple_key(c: Candidate) -> tuple:
    return (c.subject, c.predicate, c.object)


def _reference_key(s: object, p: object, o: object) -> tuple:
    return (s, p, _value_key(o))


class Critic:
    """Scores candidates and applies the accept threshold.

    >>> critic = Critic(threshold=0.5)
    >>> # verdicts = critic.judge(checked_verdicts)   # doctest: +SKIP
    """

    def __init__(
        self,
        threshold: float = CriticConfig.model_fields["threshold"].default,
        *,
        weights: Weights | None = None,
        reference: Iterable[tuple] | None = None,
        functional: Iterable[URIRef] = (),
        plausibility: Plausibility | None = None,
        tolerance: Tolerance | float | Decimal | None = None,
        model: LearnedJudge | None = None,
        containment: Mapping[URIRef, set[URIRef]] | None = None,
        origins: Mapping[URIRef, Decimal] | None = None,
        within: Mapping[URIRef, Decimal] | None = None,
    ) -> None:
        """``containment``: for each transitive property, the properties whose chains it
        follows (itself and its sub-properties): the reference then confirms ``Kenya locatedIn
        Africa`` from ``Kenya onContinent Africa``, as the validator's reference check does.
        ``origins``: where the scale of a property's figures has its zero, below theirs
        (:attr:`kg.ontology.Domain.origins`: a temperature in °C is compared in kelvin). ``within``:
        the difference each property allows whatever a figure's size (:attr:`kg.ontology.Domain.absolute_tolerances`)."""
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"critic threshold {threshold!r}: must lie in [0, 1]")
        self.threshold = threshold
        self.model = model
        self.weights = weights or Weights()
        self._weights = tuple(getattr(self.weights, name) for name in SIGNALS)
        self.plausibility = plausibility
        self._functional = frozenset(functional)
        if tolerance is None or isinstance(tolerance, (int, float, Decimal)):
            fixed = NUMBER_TOLERANCE if tolerance is None else Decimal(str(tolerance))
            self._tolerance_of: Tolerance = lambda p: fixed
        else:
            self._tolerance_of = tolerance
        self._tolerances: dict[object, Decimal] = {}
        self._origins: dict[object, Decimal] = {p: zero for p, zero in (origins or {}).items()}
        self._within: dict[object, Decimal] = {p: d for p, d in (within or {}).items()}
        self._reference: set[tuple] = set()
        self._reference_sp: dict[tuple, set] = defaultdict(set)
        self._containment = dict(containment or {})
        followed = set().union(*self._containment.values()) if self._containment else set()
        self._edges: dict[tuple, set] = defaultdict(set)  # the chains of the transitive properties
        named: list[tuple[object, object]] = []
        nodes: set[object] = set()
        for s, p, o in reference or ():  # one pass: ``reference`` may be an iterator
            nodes.add(s)
            if p in (RDFS.label, SKOS.altLabel):
                named.append((s, o))
            if p == SKOS.altLabel or isinstance(o, Literal) and o.ill_typed:
                continue  # (an ill-typed value is no value: the validator's reference check leaves it out too)
            self._reference.add(_reference_key(s, p, o))
            value = _value_key(o)
            if p in self._functional or (isinstance(value, tuple) and value[0] == "number"):
                self._reference_sp[(s, p)].add(value)
            if p in followed and isinstance(o, URIRef):
                self._edges[(s, p)].add(o)
        self._names = ReferenceNames(named, nodes)

    @classmethod
    def from_config(
        cls, config, *, domain: Domain | None = None, plausibility: Plausibility | None = None, model: LearnedJudge | None = None
    ) -> "Critic":
        """A critic from a :class:`kg.config.CriticConfig` and (optionally) a loaded domain,
        whose reference graph, functional properties and numeric tolerances feed the
        ``reference`` signal."""
        weights = Weights(
            validator=config.w_validator,
            consistency=config.w_consistency,
            prompts=config.w_prompts,
            reference=config.w_reference,
            student=config.w_student,
        )
        reference = domain.reference if domain is not None else None
        functional: set = set()
        containment: dict[URIRef, set[URIRef]] = {}
        if domain is not None:
            functional = set(domain.ontology.subjects(RDF.type, OWL.FunctionalProperty))
            containment = {p: domain.index.subproperties(p) for p in domain.index.transitive}
        return cls(
            config.threshold,
            weights=weights,
            reference=reference,
            functional=functional,
            plausibility=plausibility,
            tolerance=domain.tolerance if domain is not None else None,
            model=model,
            containment=containment,
            origins=domain.origins if domain is not None else None,
            within=domain.absolute_tolerances if domain is not None else None,
        )

    # -- signals --------------------------------------------------------------------------------

    def signals(
        self,
        verdicts: Sequence[Verdict],
        *,
        samples_per_prompt: Mapping[str, int] | None = None,
    ) -> list[Signals]:
        """The signals of each verdict's candidate, computed over this batch.

        ``samples_per_prompt`` gives the number of completions the teacher returned per prompt
        id; by default it is counted from the candidates' completions (a sample that yielded no
        candidate is then missed, so the pipeline passes the true numbers).
        """
        samples_seen: dict[str, set] = defaultdict(set)
        triple_samples: dict[tuple, set] = defaultdict(set)
        triple_prompts: dict[tuple, set] = defaultdict(set)
        for v in verdicts:
            c = v.candidate
            if c.completion is None:
                continue
            pid = c.completion.prompt_id
            samples_seen[pid].add(c.completion.sample_index)
            key = _triple_key(c)
            triple_samples[(pid, key)].add(c.completion.sample_index)
            triple_prompts[key].add(pid)
        n_of = dict(samples_per_prompt or {})
        student_scores: Sequence[float | None] = [None] * len(verdicts)
        if self.plausibility is not None and verdicts:
            student_scores = list(self.plausibility([v.candidate for v in verdicts]))
            if len(student_scores) != len(verdicts):
                raise ValueError("plausibility must return one score per candidate")
        out = []
        for v, student in zip(verdicts, student_scores):
            c = v.candidate
            key = _triple_key(c)
            consistency = prompts = None
            if c.completion is not None:
                pid = c.completion.prompt_id
                n = max(n_of.get(pid, 0), len(samples_seen[pid]))
                if n > 1:
                    consistency = len(triple_samples[(pid, key)]) / n
                prompts = 1.0 - 0.5 ** len(triple_prompts[key])
            out.append(
                Signals(
                    validator=float(v.confidence) if v.accepted else 0.0,
                    consistency=consistency,
                    prompts=prompts,
                    reference=self.reference_signal(key, names=(c.subject_label, c.object_label), bounds=c.bounds),
                    student=None if student is None else min(1.0, max(0.0, float(student))),
                )
            )
        return out

    def reference_signal(
        self, triple: tuple, names: tuple[str | None, str | None] = (None, None), bounds: tuple[Literal, Literal] | None = None
    ) -> float | None:
        """The ``reference`` signal of a ``(subject, predicate, object)`` of rdflib terms: 1.0
        when the reference graph holds it, 0.75 for a number within the property's tolerance,
        0.0 when it holds another value of a functional property, None when it says nothing.
        ``names``: what the teacher called the subject and the object, to find them in a
        reference that names them by other IRIs (:class:`kg.iri.ReferenceNames`)."""
        if not self._reference:
            return None
        s, p, o = triple
        s, o = self._names.resolve(s, names[0]), self._names.resolve(o, names[1])
        known = self._reference_sp.get((s, p), set())
        value = _value_key(o)
        # a reference that gives a functional value twice disagrees with itself: it confirms
        # only what agrees with every value (kg.ontology.reference_warnings)
        disagrees = p in self._functional and isinstance(value, tuple) and len(known) > 1
        if (_reference_key(s, p, o) in self._reference and not disagrees) or o in self._containers(s, p):
            return 1.0
        if not known:
            return None
        if disagrees and value[0] != "number":  # type: ignore[index]
            return None if value in known else 0.0
        if isinstance(value, tuple) and value[0] == "number":
            numbers = {k[1] for k in known if isinstance(k, tuple) and k[0] == "number"}
            if numbers:
                # as the validator's reference check: the closest reference value, within the
                # property's tolerance ("48 million" for 47,4xx,xxx; "67 million" for 66,987,244);
                # of a reference that gives a functional figure twice, every value, else none (it
                # disagrees with itself: a figure near one of them is unknown to it)
                claimed = value[1]
                origin, within = self._origins.get(p, Decimal(0)), self._within.get(p, Decimal(0))
                near = [relative_difference(toward(claimed, bounds, n), n, origin, within) <= self._tolerance(p) for n in numbers]
                if disagrees:
                    return 0.75 if all(near) else None if any(near) else 0.0
                if any(near):
                    return 0.75
        return 0.0 if p in self._functional else None

    def _containers(self, node: object, p: object) -> set:
        """What the reference places ``node`` in through transitive ``p`` (and its sub-properties)."""
        preds = self._containment.get(p)  # type: ignore[call-overload]
        if not preds:
            return set()
        return reachable(node, lambda n: (o for q in preds for o in self._edges.get((n, q), ())), include_start=False)

    def _tolerance(self, p: object) -> Decimal:
        found = self._tolerances.get(p)
        if found is None:
            found = self._tolerances[p] = Decimal(str(self._tolerance_of(p)))
        return found

    def combine(self, signals: Signals) -> float:
        """The weighted mean of the signals present (0.0 when none is)."""
        total = weight = 0.0
        for value, w in zip(
            (signals.validator, signals.consistency, signals.prompts, signals.reference, signals.student),
            self._weights,
        ):
            if value is not None:
                total += w * value
                weight += w
        return round(total / weight, 6) if weight > 0 else 0.0

    # -- judging --------------------------------------------------------------------------------

    def judge(
        self,
        verdicts: Sequence[Verdict],
        *,
        samples_per_prompt: Mapping[str, int] | None = None,
        confirmed_only: bool = False,
    ) -> list[Verdict]:
        """New verdicts with the critic's confidence. A candidate that passed the checks is
        decided by the learned judge when there is one for its relation and no reference
        confirms or refutes it (its P(valid) against the judge's calibrated threshold); else
        by the weighted mean of the signals against :attr:`threshold`. Rejections carry the
        reason ``critic``; a candidate a check rejected stays rejected.

        ``confirmed_only`` (a student's proposals): a candidate neither the reference graph
        (its ``reference`` signal) nor the learned judge speaks for is rejected (``unconfirmed``,
        for review): the other signals measure how much a teacher agrees with itself, and a
        check that finds nothing wrong is no evidence that a student's guess is right."""
        sigs = self.signals(verdicts, samples_per_prompt=samples_per_prompt)
        learned = self._learned(verdicts, sigs)
        out = []
        for i, (v, sig) in enumerate(zip(verdicts, sigs)):
            score = self.combine(sig)
            if not v.accepted:
                out.append(replace(v, confidence=score))
            elif i in learned:
                out.append(learned[i])
            elif confirmed_only and sig.reference is None:
                reason = Reason(
                    UNCONFIRMED_CHECK,
                    "a student's proposal that neither the reference graph nor a learned critic confirms "
                    "(a learned critic for the domain: kg critic train)",
                    focus_node=v.candidate.subject,
                    needs_review=True,
                )
                out.append(Verdict.reject(v.candidate, reason, confidence=score, reference=v.reference))
            elif score >= self.threshold:
                out.append(Verdict.accept(v.candidate, score, reference=v.reference))
            else:
                parts = ", ".join(f"{k} {x:.2f}" for k, x in sig.present().items())
                reason = Reason(
                    CRITIC_CHECK,
                    "confidence {} below the threshold {} ({}: their weighted mean)".format(*below(score, self.threshold), parts) + _from_file(v.candidate),
                    focus_node=v.candidate.subject,
                    needs_review=True,
                )
                out.append(Verdict.reject(v.candidate, reason, confidence=score, reference=v.reference))
        return out

    def _learned(self, verdicts: Sequence[Verdict], sigs: Sequence[Signals]) -> dict[int, Verdict]:
        """The learned judge's verdicts, by index, for the candidates it decides."""
        model = self.model
        if model is None:
            return {}
        todo = [
            i for i, (v, sig) in enumerate(zip(verdicts, sigs))
            if v.accepted and sig.reference is None and model.covers(local_name(v.candidate.predicate))
        ]
        if not todo:
            return {}
        triples = [label_triple(verdicts[i].candidate) for i in todo]
        threshold, critic_id = float(model.threshold), model.id
        with part_fault(CriticError, f"the critic {critic_id}"):  # no verdict from a crash
            raw = model.score(triples)
        try:
            scores = [float(x) for x in raw]
        except (TypeError, ValueError) as exc:
            raise CriticError(f"the critic {critic_id} gave a score that is not a number: {exc}") from None
        if len(scores) != len(triples):  # zip would leave the rest as the signals decided: an open gate
            raise CriticError(f"the critic {critic_id} gave {len(scores)} scores for {len(triples)} facts; it must score each")
        out: dict[int, Verdict] = {}
        for i, (head, _rel, tail), p in zip(todo, triples, scores):
            p = min(1.0, max(0.0, p)) if p == p else 0.0  # NaN: no evidence it holds
            mark = CriticMark(critic_id, p, threshold)
            cand = verdicts[i].candidate
            why = is_vacuous(head, tail)  # the form check rejects whatever the threshold
            if p >= threshold and why is None:
                out[i] = Verdict(cand, True, (), p, mark, verdicts[i].reference)
                continue
            message = (
                f"{why} (the critic's form check)" if why else
                "the learned critic {} gives P(valid) {}, below its threshold {}".format(critic_id, *below(p, threshold))
                + _precision_note(model)
            )
            reason = Reason(CRITIC_CHECK, message, focus_node=cand.subject, needs_review=why is None)
            out[i] = Verdict(cand, False, (reason,), p, mark, verdicts[i].reference)
        return out


def _precision_note(model: "LearnedJudge") -> str:
    """What the threshold's precision is: as measured on the critic's calibration heads, the
    heads that chose the threshold (in-sample; it may fall short of its target), else the target
    it was calibrated for, else nothing."""
    measured = getattr(model, "measured_precision", None)
    if isinstance(measured, (int, float)):
        return f" (precision {measured:.2f} on the calibration heads that chose it)"
    return f" (calibrated for precision {model.target_precision:.2f})" if model.target_precision else ""


def below(score: float, threshold: float) -> tuple[str, str]:
    """``score`` and the ``threshold`` it fell below, written with the fewest decimals (2 to 6)
    that show the difference: "0.7249, below its threshold 0.7250", not "0.72, below its
    threshold 0.72"."""
    digits = 2
    while digits < 6 and round(score, digits) >= round(threshold, digits):
        digits += 1
    return f"{score:.{digits}f}", f"{threshold:.{digits}f}"


def label_triple(candidate: Candidate) -> tuple[str, str, str]:
    """A candidate as the words a learned critic reads: subject label, relation local name,
    object label (or the literal's text)."""
    subject = candidate.subject_label or local_name(candidate.subject).replace("_", " ")
    if isinstance(candidate.object, Literal):
        obj = str(candidate.object)
    else:
        obj = candidate.object_label or local_name(candidate.object).replace("_", " ")
    return subject, local_name(candidate.predicate), obj


class LearnedJudge(Protocol):
    """A learned critic as the gate uses it (:class:`kg.critics.cross_encoder.CrossEncoderCritic`,
    :class:`kg.critics.llm_judge.LLMJudge`): P(valid) for label triples, the threshold that
    decides, and a stable id for provenance."""

    threshold: float
    target_precision: float

    @property
    def id(self) -> str: ...

    def covers(self, relation: str) -> bool:
        """Whether the judge was made for this relation (its local name)."""
        ...

    def score(self, triples: Sequence[tuple[str, str, str]]) -> Iterable[float]:
        """P(valid) of each triple, in order (a list, or an array of them)."""
        ...


def critic_only_rejections(node: str, pattern: str = "", *, graph: str = "") -> str:
    """A SPARQL subquery selecting the rejection nodes ``node`` (a variable) whose every reason
    is the critic's, in one grouped pass (a ``FILTER EXISTS`` / ``NOT EXISTS`` per rejection took
    minutes on 21,000 rejections: bench/rejections.py). ``pattern``: more about ``node`` (its
    predicate); ``graph``: the rejected graph's IRI in ``<>`` when the query reads all graphs."""
    from kg.namespaces import KG

    inner = f"{pattern} {node} <{KG.reason}> ?reason_ . ?reason_ <{KG.check}> ?check_"
    if graph:
        inner = f"GRAPH {graph} {{ {inner} }}"
    return (
        f"{{ SELECT {node} WHERE {{ {inner} }} GROUP BY {node} "
        f'HAVING (MIN(STR(?check_)) = "{CRITIC_CHECK}" && MAX(STR(?check_)) = "{CRITIC_CHECK}") }} '
    )
