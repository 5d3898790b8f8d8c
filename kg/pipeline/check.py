"""The checks of a run: validation, conflicts and the critic over a batch of candidates, each
distinct triple judged once (:func:`_representatives`); :func:`make_check` hands the same checks
to students whose predictions re-enter as candidates."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from kg.critic import Critic
from kg.errors import KGError
from kg.pipeline.parts import Parts
from kg.pipeline.runs import _Clock
from kg.records import Candidate, Verdict
from kg.seams import Normalizer, RunMemory
from kg.store import EmbeddedStore, Store

__all__ = ["make_check"]


def make_check(parts: Parts) -> Callable[[list[Candidate]], list[Verdict]]:
    """The checks of a run as one callable (validation + conflicts + critic), for students
    whose predictions re-enter as candidates."""
    return _StudentCheck(parts)


class _StudentCheck:
    """:func:`make_check`'s callable: the run's checks, their memory of the run's writes
    forgotten first (a student's caller writes what it keeps itself, untracked)."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def __call__(self, candidates: list[Candidate]) -> list[Verdict]:
        for part in _memories(self.parts):
            part.forget()
        return _check(list(candidates), self.parts, {}, confirmed_only=True)  # a student's guess needs evidence


def _track_writes(parts: Parts, store: Store) -> None:
    """Let the run's checks remember entities across batches: every write of the run goes
    through :func:`_write_batch`, which reports it (``Validator.observe``; the materializer
    derives each batch's inferences itself). Only on the embedded store, which one process
    holds at a time: other clients may write to a SPARQL endpoint during the run, so there
    each batch asks the store afresh."""
    if not isinstance(store, EmbeddedStore):
        return
    for part in _memories(parts):
        part.track_writes()
    normalizer = _normalizer(parts)
    if normalizer is not None:
        normalizer.track_writes()


def _memories(parts: Parts) -> list[RunMemory]:
    """The run's checks that can remember its writes (each one there is)."""
    return [part for part in (parts.validator, parts.conflicts, parts.materializer) if part is not None]


def _normalizer(parts: Parts) -> Normalizer | None:
    """The run's label normaliser (entity resolution), when it has its own extractor."""
    return parts.extractor.normalizer if parts.extractor is not None else None


def _representatives(candidates: list[Candidate]) -> tuple[list[Candidate], list[int]]:
    """One candidate per distinct triple, the best-supported first, and for each candidate
    the index of its representative.

    The checks judge a batch as if its candidates were written one after another (of two
    conflicting values the earlier wins), so the triple most samples and prompts agree on goes
    first; duplicates are judged once and share the verdict.
    """
    first: dict[tuple, int] = {}
    support: dict[tuple, set] = {}
    for i, c in enumerate(candidates):
        key = c.triple
        first.setdefault(key, i)
        comp = c.completion
        support.setdefault(key, set()).add((comp.prompt_id, comp.sample_index) if comp else i)
    order = sorted(first, key=lambda k: (-len(support[k]), first[k]))
    rank = {key: r for r, key in enumerate(order)}
    reps = [candidates[first[key]] for key in order]
    return reps, [rank[c.triple] for c in candidates]


def _as_judged(c: Candidate, rep: Candidate, judged: Candidate) -> Candidate:
    """``c`` as its representative ``rep`` was judged: with the object the validator read it as
    when that differs (a figure within the tolerance of the reference's, one the store holds,
    is that stored figure: the teacher's "1,500,000" supports Munich's 1,505,005)."""
    return c if judged.object == rep.object else replace(c, object=judged.object)


def _check(
    candidates: list[Candidate],
    parts: Parts,
    samples_per_prompt: dict[str, int],
    stages: dict[str, float] | None = None,
    *,
    confirmed_only: bool = False,
) -> list[Verdict]:
    """The verdicts of a batch. The checks judge its candidates as if written one after another,
    so a second value of a relation of one value is rejected against the first; when the critic
    then rejects the first, the second was turned away for a value that is never stored
    ("Tenzing Norgay can have only one nationality, and it already has Nepal", Nepal rejected):
    such candidates are judged again after the batch's accepted candidates about the same
    entities (:func:`_blocked`), till none is freed."""
    if not candidates:
        return []
    clock = _Clock(stages)
    out = _judged(candidates, parts, samples_per_prompt, clock, confirmed_only=confirmed_only)
    for _ in candidates:  # each pass that changes a verdict frees one value of a group at least
        blocked = _blocked(out)
        if not blocked:
            break
        nodes = {n for i in blocked for n in (candidates[i].subject, candidates[i].object)}
        held = [v.candidate for v in out if v.accepted and (v.candidate.subject in nodes or v.candidate.object in nodes)]
        again = _judged([candidates[i] for i in blocked], parts, samples_per_prompt, clock,
                        confirmed_only=confirmed_only, after=held)
        if all(new.accepted == out[i].accepted and new.reasons == out[i].reasons for i, new in zip(blocked, again)):
            break
        for i, new in zip(blocked, again):
            out[i] = new
    return out


_ONE_VALUE_CHECKS = frozenset({"cardinality", "conflict:functional", "conflict:inverse-functional"})
"""The checks that turn a candidate away for another value of a relation of one value."""


def _blocked(verdicts: list[Verdict]) -> list[int]:
    """The candidates turned away only for another value of a relation of one value where the
    batch accepted no value of that subject and relation, nor of that relation and object: the
    value they were turned away for was rejected after them (by the critic), or is stored."""
    pairs: set[tuple[object, object]] = {(v.candidate.subject, v.candidate.predicate) for v in verdicts if v.accepted}
    pairs |= {(v.candidate.predicate, v.candidate.object) for v in verdicts if v.accepted}
    return [
        i for i, v in enumerate(verdicts)
        if not v.accepted and v.reasons and all(r.check in _ONE_VALUE_CHECKS for r in v.reasons)
        and (v.candidate.subject, v.candidate.predicate) not in pairs and (v.candidate.predicate, v.candidate.object) not in pairs
    ]


def _judged(
    candidates: list[Candidate],
    parts: Parts,
    samples_per_prompt: dict[str, int],
    clock: _Clock,
    *,
    confirmed_only: bool,
    after: list[Candidate] | None = None,
) -> list[Verdict]:
    """Validation, conflicts and the critic over ``candidates``, each distinct triple judged once;
    ``after``: accepted candidates of the batch they are judged after (checked against, not judged)."""
    reps, index = _representatives(candidates)
    context, _ = _representatives(after or [])
    clock.lap("dedupe")
    if parts.validator is not None:
        judged = list(parts.validator.validate([*context, *reps]))
        if len(judged) != len(context) + len(reps):
            raise KGError("the validator returned a different number of verdicts than candidates")
    else:
        judged = [Verdict.accept(c, 1.0) for c in [*context, *reps]]
    clock.lap("validate")
    if parts.conflicts is not None:
        resolved = list(parts.conflicts.resolve(judged))
        if len(resolved) != len(judged):
            raise KGError("the conflict checker returned a different number of verdicts than it was given")
        judged = resolved
    judged = judged[len(context):]
    clock.lap("conflicts")
    verdicts = [
        judged[r] if judged[r].candidate is c else replace(judged[r], candidate=_as_judged(c, reps[r], judged[r].candidate))
        for c, r in zip(candidates, index)
    ]
    critic = parts.critic or Critic()
    out = critic.judge(verdicts, samples_per_prompt=samples_per_prompt, confirmed_only=confirmed_only)
    clock.lap("critic")
    return out
