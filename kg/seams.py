"""The typed seams of a run: what the pipeline calls on its parts, as ``Protocol``s.

The pipeline (:mod:`kg.pipeline`) holds each part by one of these types, never by ``Any``, and
calls only what is written here. An implementation need not import this module (the check is
structural: ``kg.validate.Validator``, ``reasoners.conflicts.ConflictChecker``,
``reasoners.rules.Materializer``, ``extractors.Extractor`` and the teachers of ``kg.teachers``
match them as they are); one that subclasses a protocol inherits the defaults written here, so
that a check that keeps no memory of the run's writes says nothing about them::

    class RejectAtlantis(Checker):
        def validate(self, candidates):
            return [Verdict.reject(c, Reason("made-up", "no such country"))
                    if c.object_label == "Atlantis" else Verdict.accept(c, 1.0) for c in candidates]

``RunMemory`` is the part of a check's life the pipeline drives: on an embedded store (which one
process holds at a time) it calls :meth:`~RunMemory.track_writes` once, then tells the check what
each batch wrote (``observe``), so that checks need not ask the store again; before a student's
proposals are judged it calls :meth:`~RunMemory.forget` (the student's caller writes what it
keeps itself, untracked).

Three parts are chosen by name from :mod:`kg.registry`: a :class:`PromptKind` (``prompts.kind``,
``kg distill --kind``), a :class:`Student` (``student.kind``, ``kg distill --student``) and a
:class:`Consistency` reasoner (``kg reason --check --reasoner``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Protocol, Sequence, runtime_checkable

if TYPE_CHECKING:  # annotations only: importing the seams (the CLI does, for help texts) stays cheap
    from rdflib.term import Node

    from kg.config import StudentConfig
    from kg.ontology import Domain, Relation
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion, Unreadable, Verdict
    from kg.store import Store

__all__ = [
    "Check",
    "Checker",
    "Consistency",
    "Derivation",
    "ExtractionCounts",
    "Extractor",
    "Inference",
    "Normalizer",
    "PromptKind",
    "Resolver",
    "RunMemory",
    "Student",
    "StudentRound",
    "Teacher",
    "TeacherFailure",
    "TeacherUsage",
    "RequestCounts",
    "PaidAnswers",
    "ResumedSpend",
    "Revisioned",
    "CountsResumedSpend",
    "teacher_revision",
    "TripleLike",
    "NTriple",
]

TripleLike = tuple[object, object, object]
"""A triple of rdflib or pyoxigraph terms (or N-Triples strings)."""

NTriple = tuple[str, str, str]
"""A triple of N-Triples terms, as the rule reasoner reads and writes them."""


class RunMemory(Protocol):
    """A part that can remember the run's writes instead of asking the store for each batch."""

    def track_writes(self) -> None:
        """From now on, every write of the run is told to this part (default: none is kept)."""
        return None

    def forget(self) -> None:
        """Drop what was remembered: someone else writes next (default: nothing to drop)."""
        return None


class Checker(RunMemory, Protocol):
    """Validation (``kg.validate.Validator``): one verdict per candidate, in order."""

    def validate(self, candidates: Sequence[Candidate]) -> list[Verdict]: ...

    def observe(self, triples: Iterable[TripleLike]) -> None:
        """Triples the run just wrote to ``accepted`` or ``inferred`` (default: ignored)."""
        return None


class Resolver(RunMemory, Protocol):
    """Conflict resolution (``reasoners.conflicts.ConflictChecker``): the verdicts again, in
    order, some accepted ones now rejected."""

    def resolve(self, verdicts: Sequence[Verdict]) -> list[Verdict]: ...

    def observe(self, triples: Iterable[TripleLike]) -> None:
        """Triples the run just accepted (default: ignored)."""
        return None


class Derivation(Protocol):
    """What inference found for a batch before its write."""

    @property
    def derived(self) -> Sequence[NTriple]:
        """New inferred triples, written with the batch to ``inferred``."""
        ...

    @property
    def stale(self) -> Sequence[NTriple]:
        """Asserted triples of the batch that ``inferred`` holds: removed from it."""
        ...


class Inference(RunMemory, Protocol):
    """The run's reasoner for inference (``reasoners.rules.Materializer``, OWL 2 RL rules)."""

    @property
    def last_derived(self) -> Sequence[NTriple]:
        """What the last :meth:`derive` found."""
        ...

    def derive(self, triples: Iterable[TripleLike]) -> Derivation:
        """The consequences of a batch's new triples, not written."""
        ...

    def rebuild(self) -> int:
        """The ``inferred`` graph derived again from ``accepted``; the number of triples."""
        ...


class Normalizer(Protocol):
    """An extractor's entity resolution (``extractors.normalize.Normalizer``): labels are
    resolved against what the run wrote."""

    def track_writes(self) -> None: ...

    def observe(self, triples: Any) -> None: ...

    def named(self, node: str) -> bool:
        """Whether the store names the entity (N-Triples ``<iri>``) before the batch written now."""
        ...

    def known_casing(self, label: str) -> str | None:
        """The name the reference or the domain's seeds write ``label`` as, where they write it in
        another case only ("aragonite" of an answer's "Aragonite"); None otherwise."""
        ...


class ExtractionCounts(Protocol):
    """What an extractor read and made neither a candidate nor a quarantined record of, by why,
    and the relation names it did not know (``extractors.ExtractionStats``)."""

    @property
    def dropped(self) -> Mapping[str, int]: ...

    @property
    def unknown_relations(self) -> Mapping[str, int]:
        """Relation names given that the domain does not know, as given (their answers are unreadable)."""
        ...

    @property
    def answers_by_extractor(self) -> Mapping[str, int]:
        """How many answers each extractor was given."""
        ...

    @property
    def extractor_errors(self) -> Mapping[str, Mapping[str, int]]:
        """Per extractor, the errors it failed with (``Type: message``) and how often."""
        ...


class Extractor(Protocol):
    """Teacher output → candidates (``extractors.Extractor``), one per run."""

    @property
    def normalizer(self) -> Normalizer: ...

    @property
    def stats(self) -> ExtractionCounts: ...

    def extract(self, completion: Completion, prompt: Any = None) -> list[Candidate | Unreadable]: ...


class TeacherUsage(Protocol):
    """What a teacher spent (``kg.teachers.base.TeacherStats``)."""

    @property
    def hits(self) -> int: ...

    @property
    def prompt_tokens(self) -> int: ...

    @property
    def completion_tokens(self) -> int: ...


class TeacherFailure(Protocol):
    """A prompt the teacher gave up on (``kg.teachers.base.Failure``)."""

    @property
    def error(self) -> str: ...


@runtime_checkable
class RequestCounts(Protocol):
    """What a teacher's usage may also count (``kg.teachers.base.TeacherStats`` does): requests
    sent and retried. The run's report adds them up; a teacher without them reports 0."""

    requests: int
    retries: int


@runtime_checkable
class PaidAnswers(Protocol):
    """What a teacher's usage may also count (``kg.teachers.base.TeacherStats`` does): the answers
    a server gave and was paid for (a failed request, a cache hit or a replayed answer is none)."""

    paid: int


@runtime_checkable
class ResumedSpend(Protocol):
    """What a :class:`CountsResumedSpend` teacher's usage counts: the tokens of cached answers
    this run paid for before a resume (spent, not free hits)."""

    resumed_tokens: int


@runtime_checkable
class Revisioned(Protocol):
    """A teacher that knows its revision: a content hash of what answers (a transcript's, a local
    model's), or None. It joins the run's identity, so another transcript is another run."""

    @property
    def revision(self) -> str | None: ...


@runtime_checkable
class CountsResumedSpend(Protocol):
    """A teacher whose cache tells this run's earlier paid answers from older ones: the pipeline
    sets ``paid_since`` to the run's start (a POSIX time), and a resumed batch counts the tokens
    of the answers cached since as spent (:class:`ResumedSpend`), not as free hits."""

    paid_since: float | None


def teacher_revision(teacher: object) -> str | None:
    """``teacher``'s revision (:class:`Revisioned`), None for a teacher that has none."""
    return teacher.revision if isinstance(teacher, Revisioned) else None


class Teacher(Protocol):
    """A teacher (``kg.teachers.base.Teacher``): ``n`` completions per prompt. It may also be
    :class:`Revisioned` and :class:`CountsResumedSpend`, and its usage :class:`RequestCounts`."""

    @property
    def id(self) -> str: ...

    @property
    def stats(self) -> TeacherUsage: ...

    @property
    def last_failures(self) -> Sequence[TeacherFailure]:
        """The prompts the last :meth:`complete` gave up on."""
        ...

    def complete(self, prompts: Iterable[Any], n: int = 1, params: Mapping[str, Any] | None = None) -> list[Completion]: ...

    def close(self) -> None:
        """Let go of connections and models (default: nothing held)."""
        return None


Check = Callable[[list["Candidate"]], list["Verdict"]]
"""The run's checks as one callable (``kg.pipeline.make_check``): validation, conflicts, critic."""


@dataclass(frozen=True)
class StudentRound:
    """What a student did in a run's student round."""

    summary: dict[str, Any] = field(default_factory=dict)
    """Figures for the run's report (``RunReport.student``): time, test metrics, rules mined."""
    proposals: list[Candidate] | None = None
    """Facts the student proposes: the pipeline judges them with the run's checks and writes
    them as one more batch of the run. None: the student judged its proposals through ``check``
    and wrote what it kept itself (the generator's train-generate-check rounds); the pipeline
    then records what ``check`` saw."""


class Student(Protocol):
    """A student of the graph (registered in :data:`kg.registry.students`): trained on the
    accepted graph, it proposes new facts. It never scores its own proposals: the run's critic
    judges them like any candidate."""

    def __call__(
        self, store: Store, check: Check, *, domain: Domain, config: StudentConfig, heads: Sequence[str]
    ) -> StudentRound: ...


class PromptKind(Protocol):
    """How to ask (registered in :data:`kg.registry.prompts`, ``prompts.kind = NAME``): the
    prompts for ``heads`` over ``relations`` (the domain's, sorted by name). A prompt's own
    ``kind`` names the extractor that reads its answers (``kg.prompts.list_prompts`` and
    ``json_prompts`` are ours)."""

    def __call__(
        self, domain: Domain, heads: Sequence[str], *, store: Any, shots: int, relations: Sequence[Relation], rationales: bool
    ) -> list[Prompt]: ...


class Consistency(Protocol):
    """An OWL reasoner for consistency checks (registered in :data:`kg.registry.reasoners`,
    made from the ontology): whether the ontology and ``facts`` together are consistent. The
    facts responsible for an inconsistency are found by calling it on subsets (QuickXplain,
    ``reasoners.owl.check_consistency``)."""

    def consistent(self, facts: Sequence[tuple[Node, Node, Node]]) -> bool: ...
