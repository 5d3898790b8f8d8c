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
  within 2% of the reference's value (a rounded figure), 0.0 when it holds a different value
  for a functional property, absent otherwise;
* ``student``: a trained student's plausibility score, when one is given.

The combined score is the weighted mean of the signals present::

    score = Σ_i w_i · s_i / Σ_i w_i        (i over the signals present)

with default weights ``validator 2.0, consistency 1.0, prompts 0.5, reference 1.5,
student 1.0`` (:class:`kg.config.CriticConfig`) and threshold 0.6. A candidate that passed the checks is accepted
when ``score >= threshold``; otherwise it is rejected with the reason ``critic``. A candidate a
check rejected stays rejected; it gets the score too, so that precision–recall curves over
labelled candidates see every candidate.

Signals are computed within one batch (all samples of a prompt are in one batch), so that a
rerun of the same batch gives the same scores (resume is deterministic).

With labels (``subject,relation,object,label`` rows), :func:`evaluate` reports precision and
recall at the threshold and the precision–recall curve, in the manner of the critic of West et
al. ("Symbolic Knowledge Distillation", NAACL 2022).
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import ConfigError, FormatError
from kg.iri import normalize_label
from kg.records import Candidate, Reason, Verdict

__all__ = [
    "Signals",
    "Weights",
    "Critic",
    "Plausibility",
    "CriticEvaluation",
    "load_labels",
    "label_key",
    "evaluate",
    "CRITIC_CHECK",
]

CRITIC_CHECK = "critic"
"""The ``Reason.check`` of a rejection by the critic's threshold."""

Plausibility = Callable[[Sequence[Candidate]], Sequence[float | None]]
"""A student's plausibility score per candidate (``None``: no opinion)."""

NUMBER_TOLERANCE = Decimal("0.02")
"""A number within 2% of the reference value counts as a rounded agreement (signal 0.75)."""

SIGNALS = ("validator", "consistency", "prompts", "reference", "student")


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
    validator: float = 2.0
    consistency: float = 1.0
    prompts: float = 0.5
    reference: float = 1.5
    student: float = 1.0

    def __post_init__(self) -> None:
        for name in SIGNALS:
            if getattr(self, name) < 0:
                raise ConfigError(f"critic weight {name} = {getattr(self, name)!r}: must be >= 0")


def _value_key(term: object) -> object:
    """Literals by value (``"547030"`` and ``"547030.0"`` as decimals are one value)."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            try:
                return ("number", Decimal(str(value)).normalize())
            except InvalidOperation:
                return ("literal", str(term))
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
        threshold: float = 0.6,
        *,
        weights: Weights | None = None,
        reference: Iterable[tuple] | None = None,
        functional: Iterable[URIRef] = (),
        plausibility: Plausibility | None = None,
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"critic threshold {threshold!r}: must lie in [0, 1]")
        self.threshold = threshold
        self.weights = weights or Weights()
        self._weights = tuple(getattr(self.weights, name) for name in SIGNALS)
        self.plausibility = plausibility
        self._functional = frozenset(functional)
        self._reference: set[tuple] = set()
        self._reference_sp: dict[tuple, set] = defaultdict(set)
        for s, p, o in reference or ():
            self._reference.add(_reference_key(s, p, o))
            value = _value_key(o)
            if p in self._functional or (isinstance(value, tuple) and value[0] == "number"):
                self._reference_sp[(s, p)].add(value)

    @classmethod
    def from_config(cls, config, *, domain=None, plausibility: Plausibility | None = None) -> "Critic":
        """A critic from a :class:`kg.config.CriticConfig` and (optionally) a loaded domain,
        whose reference graph and functional properties feed the ``reference`` signal."""
        weights = Weights(
            validator=config.w_validator,
            consistency=config.w_consistency,
            prompts=config.w_prompts,
            reference=config.w_reference,
            student=config.w_student,
        )
        reference = getattr(domain, "reference", None) if domain is not None else None
        functional: set = set()
        ontology = getattr(domain, "ontology", None) if domain is not None else None
        if ontology is not None:
            functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
        return cls(
            config.threshold,
            weights=weights,
            reference=reference,
            functional=functional,
            plausibility=plausibility,
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
                    reference=self._reference_signal(key),
                    student=None if student is None else min(1.0, max(0.0, float(student))),
                )
            )
        return out

    def _reference_signal(self, key: tuple) -> float | None:
        if not self._reference:
            return None
        s, p, o = key
        if _reference_key(s, p, o) in self._reference:
            return 1.0
        known = self._reference_sp.get((s, p))
        if not known:
            return None
        value = _value_key(o)
        if isinstance(value, tuple) and value[0] == "number":
            numbers = [k[1] for k in known if isinstance(k, tuple) and k[0] == "number"]
            if numbers:
                closest = min(abs(value[1] - n) / max(abs(n), Decimal(1)) for n in numbers)
                if closest <= NUMBER_TOLERANCE:
                    return 0.75  # a rounded figure ("67 million" for 66,987,244)
        return 0.0 if p in self._functional else None

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
    ) -> list[Verdict]:
        """New verdicts with the critic's confidence; checked candidates below the threshold
        become rejections with the reason ``critic``."""
        out = []
        for v, sig in zip(verdicts, self.signals(verdicts, samples_per_prompt=samples_per_prompt)):
            score = self.combine(sig)
            if not v.accepted:
                out.append(replace(v, confidence=score))
            elif score >= self.threshold:
                out.append(Verdict.accept(v.candidate, score))
            else:
                parts = ", ".join(f"{k} {x:.2f}" for k, x in sig.present().items())
                reason = Reason(
                    CRITIC_CHECK,
                    f"confidence {score:.2f} below the threshold {self.threshold:.2f} ({parts})",
                    focus_node=v.candidate.subject,
                    needs_review=True,
                )
                out.append(Verdict.reject(v.candidate, reason, confidence=score))
        return out


# -- evaluation against labels -------------------------------------------------------------------


def _local_name(term: object) -> str:
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def _norm_relation(text: str) -> str:
    """``geo:hasCapital``, ``hasCapital`` and the full IRI name one relation."""
    return _local_name(text.strip()).rsplit(":", 1)[-1].casefold()


def label_key(candidate: Candidate) -> tuple[str, str, str]:
    """How a candidate is matched to a labelled row: normalised subject label, relation local
    name (case-folded), normalised object label (or literal value)."""
    subject = candidate.subject_label or _local_name(candidate.subject).replace("_", " ")
    if isinstance(candidate.object, Literal):
        obj = str(candidate.object)
    else:
        obj = candidate.object_label or _local_name(candidate.object).replace("_", " ")
    return (normalize_label(subject), _norm_relation(str(candidate.predicate)), normalize_label(obj))


_TRUE = {"1", "true", "valid", "yes", "y", "accept", "accepted", "correct", "+"}
_FALSE = {"0", "false", "invalid", "no", "n", "reject", "rejected", "incorrect", "-"}


def load_labels(path: str | Path) -> dict[tuple[str, str, str], bool]:
    """Read ``subject,relation,object,label`` rows (CSV, or TSV when the file has tabs; a
    header row is skipped). Labels: valid/invalid, true/false, 1/0, yes/no."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no labels file at {str(path)!r}")
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = "\t" if "\t" in first else ","
    labels: dict[tuple[str, str, str], bool] = {}
    for lineno, row in enumerate(csv.reader(text.splitlines(), delimiter=delimiter), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 4:
            raise FormatError(
                f"{path}:{lineno}: expected 4 columns subject,relation,object,label, got {len(row)}"
            )
        s, r, o, label = (cell.strip() for cell in row)
        flag = label.casefold()
        if lineno == 1 and flag not in _TRUE | _FALSE:
            continue  # header
        if flag not in _TRUE | _FALSE:
            raise FormatError(f"{path}:{lineno}: label {label!r} is neither valid nor invalid")
        labels[(normalize_label(s), _norm_relation(r), normalize_label(o))] = flag in _TRUE
    return labels


@dataclass(frozen=True)
class CriticEvaluation:
    """Precision and recall of the kept candidates against labels, at the threshold and over
    a sweep of thresholds (``curve``: (threshold, precision, recall) rows)."""

    threshold: float
    precision: float
    recall: float
    labelled: int
    matched: int
    positives: int
    curve: list[tuple[float, float, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "threshold": self.threshold,
            "precision": self.precision,
            "recall": self.recall,
            "labelled": self.labelled,
            "matched": self.matched,
            "positives": self.positives,
            "curve": [list(row) for row in self.curve],
        }


def _pr(items: list[tuple[float, bool, bool]], t: float) -> tuple[float, float]:
    kept = [label for score, passed, label in items if passed and score >= t]
    positives = sum(1 for _, _, label in items if label)
    tp = sum(1 for label in kept if label)
    precision = tp / len(kept) if kept else 1.0
    recall = tp / positives if positives else 0.0
    return round(precision, 6), round(recall, 6)


def evaluate(
    verdicts: Iterable[Verdict],
    labels: Mapping[tuple[str, str, str], bool],
    threshold: float,
) -> CriticEvaluation:
    """Precision/recall of the critic's accepted set against labelled candidates.

    Candidates are matched to labels by :func:`label_key`; several candidates of one triple
    count once (their best score). A candidate is *kept* at threshold ``t`` when it passed the
    hard checks and its score is ``>= t``.
    """
    best: dict[tuple[str, str, str], tuple[float, bool]] = {}
    for v in verdicts:
        key = label_key(v.candidate)
        if key not in labels:
            continue
        passed = v.accepted or all(r.check == CRITIC_CHECK for r in v.reasons)
        score, was_passed = best.get(key, (-1.0, False))
        best[key] = (max(score, v.confidence), was_passed or passed)
    items = [(score, passed, labels[key]) for key, (score, passed) in best.items()]
    precision, recall = _pr(items, threshold)
    thresholds = sorted({round(s, 6) for s, _, _ in items} | {0.0, 1.0})
    curve = [(t, *_pr(items, t)) for t in thresholds]
    return CriticEvaluation(
        threshold=threshold,
        precision=precision,
        recall=recall,
        labelled=len(labels),
        matched=len(items),
        positives=sum(1 for _, _, label in items if label),
        curve=curve,
    )
