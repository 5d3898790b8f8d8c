"""Evaluation of the generator student: generated tails scored against held-out references
(see :mod:`kg.students.textmetrics`)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Mapping, Sequence

from kg.errors import StudentError
from kg.students.generator import Generator
from kg.students.generator_data import Example
from kg.students.textmetrics import corpus_bleu, normalize_tail, rouge_l

__all__ = ["GeneratorEval", "references_by_prompt", "score_outputs", "evaluate"]

Check = Callable[[Sequence[object]], Sequence[object]]
"""``list[Candidate] -> list[Verdict]`` (validation + reasoner + critic, from the pipeline)."""


@dataclass(frozen=True)
class GeneratorEval:
    """Scores of generated tails against held-out references (see :mod:`kg.students.textmetrics`)."""

    prompts: int
    bleu1: float
    bleu2: float
    rouge_l: float
    exact_match: float
    novelty: float | None
    validity: float | None
    tails_per_second: float
    parameters: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def references_by_prompt(examples: Iterable[Example]) -> dict[tuple[str, str], list[str]]:
    """Reference tails grouped by ``(head, relation)``, in first-seen order."""
    refs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in examples:
        refs[(e.head, e.relation)].append(e.tail)
    return dict(refs)


def score_outputs(
    outputs: Mapping[tuple[str, str], str],
    references: Mapping[tuple[str, str], Sequence[str]],
    *,
    train_tails: Iterable[str] | None = None,
) -> dict[str, float | None]:
    """BLEU-1/2, ROUGE-L, exact match and novelty of one output per prompt (any system's)."""
    keys = [k for k in references if k in outputs]
    hyps = [outputs[k] for k in keys]
    refs = [list(references[k]) for k in keys]
    exact = sum(normalize_tail(h) in {normalize_tail(r) for r in rs} for h, rs in zip(hyps, refs))
    novelty = None
    if train_tails is not None:
        seen = {normalize_tail(t) for t in train_tails}
        novelty = sum(normalize_tail(h) not in seen for h in hyps) / len(hyps) if hyps else 0.0
    return {
        "prompts": len(keys),
        "bleu1": corpus_bleu(hyps, refs, 1),
        "bleu2": corpus_bleu(hyps, refs, 2),
        "rouge_l": rouge_l(hyps, refs),
        "exact_match": exact / len(keys) if keys else 0.0,
        "novelty": novelty,
    }


def evaluate(
    generator: Generator,
    examples: Sequence[Example],
    *,
    train_tails: Iterable[str] | None = None,
    check: Check | None = None,
    candidates: Callable[[Sequence[tuple[str, str, str]]], Sequence[object]] | None = None,
    batch_size: int = 128,
    num_beams: int = 1,
    length_penalty: float = 1.0,
) -> GeneratorEval:
    """Evaluate on held-out ``examples``: one tail per ``(head, relation)`` (greedy, or the
    best of ``num_beams`` beams) scored against all its reference tails.

    ``validity`` is the share of generated triples ``check`` accepts; ``candidates`` turns
    ``(head, relation, tail)`` triples into the records ``check`` takes (see
    :func:`kg.students.loop.to_candidates`); without ``check`` it is ``None``.
    """
    refs = references_by_prompt(e for e in examples if e.relation in generator.relations)
    keys = list(refs)
    if not keys:
        raise StudentError("nothing to evaluate: no held-out example uses a relation the generator knows")
    started = time.perf_counter()
    outputs = generator.generate_batch(
        keys, 1, num_beams=num_beams, batch_size=batch_size, length_penalty=length_penalty
    )
    seconds = time.perf_counter() - started
    generated = {k: o[0] for k, o in zip(keys, outputs)}
    scores = score_outputs(generated, refs, train_tails=train_tails)
    validity = None
    if check is not None:
        triples = [(h, r, generated[(h, r)]) for h, r in keys]
        if candidates is None:
            raise StudentError("validity needs `candidates` to turn generated triples into records for `check`")
        verdicts = check(list(candidates(triples)))
        validity = sum(bool(getattr(v, "accepted", False)) for v in verdicts) / len(triples)
    return GeneratorEval(
        prompts=len(keys),
        bleu1=float(scores["bleu1"]),  # type: ignore[arg-type]
        bleu2=float(scores["bleu2"]),  # type: ignore[arg-type]
        rouge_l=float(scores["rouge_l"]),  # type: ignore[arg-type]
        exact_match=float(scores["exact_match"]),  # type: ignore[arg-type]
        novelty=scores["novelty"],
        validity=validity,
        tails_per_second=len(keys) / seconds if seconds > 0 else float("inf"),
        parameters=generator.num_parameters,
    )
