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
    if not candidates:
        return []
    clock = _Clock(stages)
    reps, index = _representatives(candidates)
    clock.lap("dedupe")
    if parts.validator is not None:
        judged = list(parts.validator.validate(reps))
        if len(judged) != len(reps):
            raise KGError("the validator returned a different number of verdicts than candidates")
    else:
        judged = [Verdict.accept(c, 1.0) for c in reps]
    clock.lap("validate")
    if parts.conflicts is not None:
        judged = list(parts.conflicts.resolve(judged))
        if len(judged) != len(reps):
            raise KGError("the conflict checker returned a different number of verdicts than it was given")
    clock.lap("conflicts")
    verdicts = [
        judged[r] if judged[r].candidate is c else replace(judged[r], candidate=_as_judged(c, reps[r], judged[r].candidate))
        for c, r in zip(candidates, index)
    ]
    critic = parts.critic or Critic()
    out = critic.judge(verdicts, samples_per_prompt=samples_per_prompt, confirmed_only=confirmed_only)
    clock.lap("critic")
    return out
