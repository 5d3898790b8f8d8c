"""Evaluation of the generator student: generated tails scored against held-out human
references with the COMET-ATOMIC 2020 scorer (:mod:`kg.students.textmetrics`), and how far the
output has collapsed.

Every function here takes any system's outputs (``{(head, relation): tail}``), so a bench can
score another model's generations (COMET-BART's) on the same rows:

* :func:`score_outputs`: BLEU-1/2, ROUGE-L, exact match, novelty, and the collapse metrics;
* :func:`collapse`: distinct tails (count and share), distinct-2, head sensitivity;
* :func:`head_sensitivity`: the share of prompts whose tail changes when the head is replaced by
  another held-out head with the same relation (a seeded pairing, :func:`head_pairs`).

:func:`evaluate` generates one tail per held-out prompt with a :class:`Generator` and reports
all of them as a :class:`GeneratorEval`.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Mapping, Sequence, TypedDict

from kg.errors import StudentError
from kg.records import Candidate
from kg.seams import Check
from kg.students.generator import TailGenerator
from kg.students.generator_data import Example
from kg.students.textmetrics import corpus_bleu, distinct_n, distinct_tails, normalize_tail, rouge_l

__all__ = [
    "GeneratorEval",
    "Collapse",
    "references_by_prompt",
    "score_outputs",
    "OutputScores",
    "collapse",
    "head_pairs",
    "head_sensitivity",
    "evaluate",
]

Prompt = tuple[str, str]
"""``(head, relation)``."""



class OutputScores(TypedDict):
    """What :func:`score_outputs` returns (a plain dict at run time)."""

    prompts: int
    bleu1: float
    bleu2: float
    rouge_l: float
    exact_match: float
    novelty: float | None
    distinct_tails: int
    distinct_tails_share: float
    distinct_2: float
    head_sensitivity: float | None


@dataclass(frozen=True)
class GeneratorEval:
    """Scores of generated tails against held-out references (see :mod:`kg.students.textmetrics`)
    and the collapse metrics (see :class:`Collapse`)."""

    prompts: int
    bleu1: float
    bleu2: float
    rouge_l: float
    exact_match: float
    novelty: float | None
    validity: float | None
    tails_per_second: float
    parameters: int
    distinct_tails: int = 0
    distinct_tails_share: float = 0.0
    distinct_2: float = 0.0
    head_sensitivity: float | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class Collapse:
    """How varied one tail per prompt is.

    ``distinct_tails``: different tails (lower-cased, whitespace-normalised);
    ``distinct_tails_share``: that over the number of prompts; ``distinct_2``: different bigrams
    over all bigrams; ``head_sensitivity``: see :func:`head_sensitivity` (``None`` when no
    relation has two heads)."""

    prompts: int
    distinct_tails: int
    distinct_tails_share: float
    distinct_2: float
    head_sensitivity: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def references_by_prompt(examples: Iterable[Example]) -> dict[Prompt, list[str]]:
    """Reference tails grouped by ``(head, relation)``, in first-seen order."""
    refs: dict[Prompt, list[str]] = defaultdict(list)
    for e in examples:
        refs[(e.head, e.relation)].append(e.tail)
    return dict(refs)


def head_pairs(prompts: Iterable[Prompt], *, seed: int = 0) -> dict[Prompt, Prompt]:
    """For each ``(head, relation)``, the prompt with the same relation and another head that
    replaces it. Per relation, the distinct heads are sorted, shuffled by a generator seeded with
    ``seed`` and the relation's name, and each head is paired with the next one (the last with the
    first), so the pairing is deterministic, never pairs a head with itself, and does not depend on
    which other relations there are. Relations with a single head get no pair."""
    heads: dict[str, set[str]] = defaultdict(set)
    for head, relation in prompts:
        heads[relation].add(head)
    pairs: dict[Prompt, Prompt] = {}
    for relation, hs in sorted(heads.items()):
        if len(hs) < 2:
            continue
        order = sorted(hs)
        random.Random(f"{seed}:{relation}").shuffle(order)
        for head, other in zip(order, order[1:] + order[:1]):
            pairs[(head, relation)] = (other, relation)
    return pairs


def head_sensitivity(outputs: Mapping[Prompt, str], *, seed: int = 0) -> float | None:
    """The share of prompts whose tail changes when the head is replaced by another prompt's head
    with the same relation (pairs from :func:`head_pairs` over the prompts of ``outputs``; tails
    compared lower-cased and whitespace-normalised). 1.0: every head gets its own tail; 0.0: the
    tail depends on the relation only. ``None`` when no relation has two heads."""
    pairs = head_pairs(outputs, seed=seed)
    if not pairs:
        return None
    changed = sum(normalize_tail(outputs[a]) != normalize_tail(outputs[b]) for a, b in pairs.items())
    return changed / len(pairs)


def collapse(outputs: Mapping[Prompt, str], *, seed: int = 0) -> Collapse:
    """The collapse metrics of one tail per prompt (any system's; see :class:`Collapse`)."""
    tails = list(outputs.values())
    distinct = distinct_tails(tails)
    return Collapse(
        prompts=len(tails),
        distinct_tails=distinct,
        distinct_tails_share=distinct / len(tails) if tails else 0.0,
        distinct_2=distinct_n(tails, 2),
        head_sensitivity=head_sensitivity(outputs, seed=seed),
    )


def score_outputs(
    outputs: Mapping[Prompt, str],
    references: Mapping[Prompt, Sequence[str]],
    *,
    train_tails: Iterable[str] | None = None,
    seed: int = 0,
) -> OutputScores:
    """BLEU-1/2, ROUGE-L (COMET-ATOMIC 2020's scorer), exact match, novelty and the collapse
    metrics (:func:`collapse`, seeded by ``seed``) of one output per prompt (any system's), on
    the prompts that have both an output and references."""
    keys = [k for k in references if k in outputs]
    hyps = [outputs[k] for k in keys]
    refs = [list(references[k]) for k in keys]
    exact = sum(normalize_tail(h) in {normalize_tail(r) for r in rs} for h, rs in zip(hyps, refs))
    novelty = None
    if train_tails is not None:
        seen = {normalize_tail(t) for t in train_tails}
        novelty = sum(normalize_tail(h) not in seen for h in hyps) / len(hyps) if hyps else 0.0
    spread = collapse({k: outputs[k] for k in keys}, seed=seed)
    return {
        "prompts": len(keys),
        "bleu1": corpus_bleu(hyps, refs, 1),
        "bleu2": corpus_bleu(hyps, refs, 2),
        "rouge_l": rouge_l(hyps, refs),
        "exact_match": exact / len(keys) if keys else 0.0,
        "novelty": novelty,
        "distinct_tails": spread.distinct_tails,
        "distinct_tails_share": spread.distinct_tails_share,
        "distinct_2": spread.distinct_2,
        "head_sensitivity": spread.head_sensitivity,
    }


def evaluate(
    generator: TailGenerator,
    examples: Sequence[Example],
    *,
    train_tails: Iterable[str] | None = None,
    check: Check | None = None,
    candidates: Callable[[Sequence[tuple[str, str, str]]], Sequence[Candidate]] | None = None,
    batch_size: int = 128,
    num_beams: int = 1,
    length_penalty: float = 1.0,
    seed: int = 0,
) -> GeneratorEval:
    """Evaluate on held-out ``examples`` (their tails are the references: pass human tails only):
    one tail per ``(head, relation)`` (greedy, or the best of ``num_beams`` beams) scored
    against all its reference tails, and the collapse metrics of those tails (head pairs seeded
    by ``seed``).

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
    scores = score_outputs(generated, refs, train_tails=train_tails, seed=seed)
    validity = None
    if check is not None:
        triples = [(h, r, generated[(h, r)]) for h, r in keys]
        if candidates is None:
            raise StudentError("validity needs `candidates` to turn generated triples into records for `check`")
        verdicts = check(list(candidates(triples)))
        validity = sum(v.accepted for v in verdicts) / len(triples)
    return GeneratorEval(
        prompts=len(keys),
        bleu1=float(scores["bleu1"]),
        bleu2=float(scores["bleu2"]),
        rouge_l=float(scores["rouge_l"]),
        exact_match=float(scores["exact_match"]),
        novelty=scores["novelty"],
        validity=validity,
        tails_per_second=len(keys) / seconds if seconds > 0 else float("inf"),
        parameters=generator.num_parameters,
        distinct_tails=int(scores["distinct_tails"]),
        distinct_tails_share=float(scores["distinct_tails_share"]),
        distinct_2=float(scores["distinct_2"]),
        head_sensitivity=scores["head_sensitivity"],
    )
