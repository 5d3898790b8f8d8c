"""The multilevel distillation loop, and reward-ranked refinement of the generator.

:func:`run_rounds`: round by round, train the generator on what the store has accepted, let it
write tails for new heads, pass them through the ``check`` the pipeline supplies (validation,
reasoner, critic: ``list[Candidate] -> list[Verdict]``) and write the verdicts to the store
(accepted triples with provenance ``teacher="student:generator"``, rejected ones to
quarantine); then retrain. A fixed set of held-out heads (never trained on, never generated
for) measures BLEU against their human tails round after round. The generator is the
retrieval student by default (:class:`~kg.students.generator_retrieval.RetrievalGenerator`:
the nearest training heads' tails; each round indexes the grown graph again, so the tails
accepted in one round are proposed for similar heads in the next; it proposes only tails the
graph already holds); a neural size (``model="small"``, ...) trains a
:class:`~kg.students.generator.Generator` in round 1 and continues training it after.

:func:`refine`: the RL style of distillation, for a neural generator. Sample ``k`` tails per
prompt, score them with a reward callable (critic and checks, a link predictor), fine-tune on
the best one of each prompt, and report mean reward and validity of the greedy output before
and after. A retrieval generator has no weights to fine-tune: ``refine`` refuses it.

Python::

    report = run_rounds(store, domain, rounds=3, check=pipeline_check, heads=new_heads)
    print(report.table())
    gen = train_generator(examples, model="small")     # refine needs a neural generator
    refine(gen, pairs, reward_from_check(pipeline_check, domain), k=8, steps=50)
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from kg.errors import StudentError
from kg.records import Candidate, Completion, Unreadable
from kg.seams import Check
from kg.students.generator import (
    SIZES,
    Example,
    Generator,
    ModelConfig,
    TrainConfig,
    examples_from_store,
    split_by_head,
    train_generator,
)
from kg.students.generator_retrieval import RETRIEVAL, RetrievalConfig, RetrievalGenerator
from kg.students.generator_eval import evaluate

__all__ = [
    "TEACHER",
    "build_candidates",
    "to_candidates",
    "RoundReport",
    "LoopReport",
    "run_rounds",
    "Reward",
    "RefineReport",
    "refine",
    "reward_from_check",
]

TEACHER = "student:generator"
"""The teacher and extractor name on everything the generator writes."""

Reward = Callable[[Sequence[tuple[str, str, str]]], Sequence[float]]
"""``[(head, relation, tail), ...] -> [reward in [0, 1], ...]``."""


def build_candidates(
    triples: Sequence[tuple[str, str, str]],
    domain,
    *,
    store=None,
    sources: Sequence[str] | None = None,
    params: dict | None = None,
) -> list[Candidate | Unreadable | None]:
    """One record per generated ``(head, relation, tail)``, in order, built by the project's
    one normaliser (:class:`extractors.normalize.Normalizer`: labels cleaned, entities resolved
    against ``store``'s labels or minted, literal objects typed): a :class:`Candidate`, an
    :class:`Unreadable` for a tail that cannot name anything, or ``None`` for a "none" answer.
    Each carries a :class:`Completion` with ``teacher="student:generator"`` whose prompt is the
    model input (``sources[i]``) and whose text is the tail."""
    from extractors.normalize import Normalizer

    normalizer = Normalizer(domain, store)
    out: list[Candidate | Unreadable | None] = []
    for i, (head, relation, tail) in enumerate(triples):
        rel = domain.relations.get(relation)
        if rel is None:
            raise StudentError(f"relation {relation!r} is not in domain {domain.name!r}")
        completion = Completion(
            prompt_id=f"{TEACHER}:{relation}:{head}",
            prompt=sources[i] if sources is not None else f"<{relation}> {head}",
            teacher=TEACHER,
            text=tail,
            params=dict(params or {}),
        )
        made: list[Candidate | Unreadable] = []
        normalizer.candidate(completion, TEACHER, tail, head, rel, tail, out=made)
        out.append(made[0] if made else None)
    return out


def to_candidates(triples: Sequence[tuple[str, str, str]], domain, *, store=None, **options) -> list[Candidate]:
    """The :class:`Candidate` records of :func:`build_candidates` (unreadable tails left out)."""
    return [c for c in build_candidates(triples, domain, store=store, **options) if isinstance(c, Candidate)]


# -- the multilevel loop -------------------------------------------------------------------


@dataclass(frozen=True)
class RoundReport:
    """One round: what the student trained on, generated, and got accepted; its BLEU on the
    fixed held-out heads (measured after this round's training, before its generation).
    ``generated`` counts distinct (head, relation, tail) triples; ``accept_rate`` is
    ``accepted / generated`` (unreadable tails count as not accepted)."""

    round: int
    train_examples: int
    prompts: int
    generated: int
    accepted: int
    accept_rate: float
    bleu1: float | None
    bleu2: float | None
    rouge_l: float | None
    seconds: float


@dataclass
class LoopReport:
    """Every round's :class:`RoundReport`, the held-out heads, and where the model was saved."""

    rounds: list[RoundReport] = field(default_factory=list)
    heldout_heads: list[str] = field(default_factory=list)
    model_dir: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def table(self) -> str:
        """The per-round figures as a Markdown table."""
        lines = [
            "| round | trained on | prompts | generated | accepted | accept rate | BLEU-1 | BLEU-2 | ROUGE-L |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        f = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
        for r in self.rounds:
            lines.append(
                f"| {r.round} | {r.train_examples} | {r.prompts} | {r.generated} | {r.accepted} | "
                f"{r.accept_rate:.1%} | {f(r.bleu1)} | {f(r.bleu2)} | {f(r.rouge_l)} |"
            )
        return "\n".join(lines)


def run_rounds(
    store,
    domain,
    *,
    rounds: int,
    check: Check,
    heads: Sequence[str],
    relations: Sequence[str] | None = None,
    n: int = 3,
    sample: bool = False,
    heldout: float = 0.1,
    seed: int = 0,
    model: ModelConfig | RetrievalConfig | str = RETRIEVAL,
    config: TrainConfig = TrainConfig(),
    retrain: TrainConfig | None = None,
    model_dir: str | Path | None = None,
    progress: bool = False,
    on_round: Callable[[RoundReport], None] | None = None,
) -> LoopReport:
    """Run ``rounds`` rounds of train → generate → check → write.

    ``heads`` are split into ``rounds`` consecutive chunks, one per round; each head is asked for
    ``n`` tails of every relation in ``relations`` (default: every relation the generator
    knows). A ``heldout`` share of the store's heads (seeded) is never trained on nor generated
    for; BLEU against their human tails (``None`` without any) is reported each round.

    ``model``: a size of :data:`~kg.students.generator.SIZES` or a config. ``retrieval``
    (default) or a :class:`RetrievalConfig`: every round indexes the graph as it stands
    (``config`` and ``retrain`` do not apply). A neural size or a :class:`ModelConfig`: round 1
    trains a model with ``config``; later rounds continue training it on the grown graph with
    ``retrain`` (default: ``config``). The final model is saved to ``model_dir`` when given.
    """
    if rounds < 1:
        raise StudentError(f"rounds must be at least 1, got {rounds}")
    if isinstance(model, str) and model not in SIZES:
        raise StudentError(f"unknown generator size {model!r}; use one of {', '.join(SIZES)}")
    examples = examples_from_store(store, domain)
    if not examples:
        raise StudentError("the store's accepted graph holds no labelled triples of the domain to train on")
    split = split_by_head(examples, test=heldout, validation=0.0, seed=seed)
    held_heads = split.heads("test")
    # scored against the held-out heads' human tails only (a teacher id ending in ":human"), never
    # against a teacher's generations or the student's own; no BLEU when there are none
    reference = [e for e in examples_from_store(store, domain, corpus="human") if e.head in held_heads]
    templates = {name: r.verbalization for name, r in domain.relations.items()}
    heads = [h for h in dict.fromkeys(heads) if h not in held_heads]
    chunk = math.ceil(len(heads) / rounds) if heads else 0
    report = LoopReport(heldout_heads=sorted(held_heads))
    gen: Generator | RetrievalGenerator | None = None
    for r in range(1, rounds + 1):
        started = time.monotonic()
        train = [e for e in examples_from_store(store, domain) if e.head not in held_heads]
        if isinstance(gen, Generator):
            gen.fit(train, config=retrain or config, progress=progress)
        else:  # round 1, or a retrieval generator: indexed again on the grown graph
            gen = train_generator(train, model=model, config=config, templates=templates, progress=progress)
        bleu = evaluate(gen, reference) if reference else None
        these = heads[(r - 1) * chunk : r * chunk]
        rels = [x for x in (relations or gen.relations) if x in gen.relations]
        pairs = [(h, x) for h in these for x in rels]
        triples: list[tuple[str, str, str]] = []
        sources: list[str] = []
        if pairs:
            outputs = gen.generate_batch(pairs, n, sample=sample, seed=seed + r)
            for (h, x), tails in zip(pairs, outputs):
                for t in dict.fromkeys(t for t in tails if t.strip()):
                    triples.append((h, x, t))
                    sources.append(gen.source(h, x))
        records = build_candidates(
            triples, domain, store=store, sources=sources, params={"round": r, "n": n, "sample": sample}
        )
        candidates = [c for c in records if isinstance(c, Candidate)]
        unreadable = [c for c in records if isinstance(c, Unreadable)]
        verdicts = list(check(candidates)) if candidates else []
        if verdicts or unreadable:
            store.write([*verdicts, *unreadable], language=domain.label_language)
        accepted = sum(v.accepted for v in verdicts)
        row = RoundReport(
            round=r,
            train_examples=len(train),
            prompts=len(pairs),
            generated=len(triples),
            accepted=accepted,
            accept_rate=accepted / len(triples) if triples else 0.0,
            bleu1=bleu.bleu1 if bleu else None,
            bleu2=bleu.bleu2 if bleu else None,
            rouge_l=bleu.rouge_l if bleu else None,
            seconds=time.monotonic() - started,
        )
        report.rounds.append(row)
        if on_round is not None:
            on_round(row)
    if model_dir is not None and gen is not None:
        gen.save(model_dir)
        report.model_dir = str(model_dir)
    return report


# -- reward-ranked refinement --------------------------------------------------------------


@dataclass(frozen=True)
class RefineReport:
    """Mean reward and validity (share of greedy tails with reward >= threshold) of the
    generator's greedy output, before and after refinement."""

    prompts: int
    samples: int
    selected: int
    steps: int
    mean_reward_before: float
    mean_reward_after: float
    validity_before: float
    validity_after: float
    mean_sample_reward: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def reward_from_check(check: Check, domain) -> Reward:
    """A reward from the pipeline's ``check``: an accepted triple earns its verdict's
    confidence, a rejected one 0."""

    def reward(triples: Sequence[tuple[str, str, str]]) -> list[float]:
        if not triples:
            return []
        records = build_candidates(triples, domain)
        candidates = [c for c in records if isinstance(c, Candidate)]
        verdicts = iter(check(candidates) if candidates else [])
        scores = []
        for record in records:
            if isinstance(record, Candidate):
                v = next(verdicts)
                scores.append(float(v.confidence) if v.accepted else 0.0)
            else:  # unreadable or "none": no reward
                scores.append(0.0)
        return scores

    return reward


def _greedy_reward(gen: Generator, pairs: Sequence[tuple[str, str]], reward: Reward, threshold: float) -> tuple[float, float]:
    tails = [o[0] for o in gen.generate_batch(pairs, 1)]
    scores = list(reward([(h, r, t) for (h, r), t in zip(pairs, tails)]))
    if not scores:
        return 0.0, 0.0
    return sum(scores) / len(scores), sum(s >= threshold for s in scores) / len(scores)


def refine(
    generator: Generator | RetrievalGenerator,
    pairs: Sequence[tuple[str, str]],
    reward: Reward,
    *,
    k: int = 8,
    steps: int = 50,
    lr: float = 2e-4,
    threshold: float = 0.5,
    batch_size: int = 16,
    temperature: float = 1.0,
    seed: int = 0,
) -> RefineReport:
    """Reward-ranked fine-tuning: for each ``(head, relation)`` sample ``k`` tails, score them
    with ``reward``, keep the best one of each prompt when it scores at least ``threshold``,
    and fine-tune ``generator`` (in place) for about ``steps`` optimiser steps on those. A
    :class:`RetrievalGenerator` has no weights to fine-tune: :class:`StudentError`."""
    if isinstance(generator, RetrievalGenerator):
        raise StudentError(
            "refine fine-tunes a neural generator; a retrieval generator has no weights to tune "
            "(build it again on the accepted graph instead, or train a neural size: "
            f"{', '.join(s for s in SIZES if s != RETRIEVAL)})"
        )
    pairs = [p for p in dict.fromkeys(pairs) if p[1] in generator.relations]
    if not pairs:
        raise StudentError("refine needs (head, relation) pairs with relations the generator knows")
    before, valid_before = _greedy_reward(generator, pairs, reward, threshold)
    samples = generator.generate_batch(pairs, k, sample=True, temperature=temperature, seed=seed)
    flat = [(h, r, t) for (h, r), tails in zip(pairs, samples) for t in tails]
    scores = list(reward(flat))
    best: list[Example] = []
    for i in range(len(pairs)):
        chunk = list(zip(scores[i * k : (i + 1) * k], flat[i * k : (i + 1) * k]))
        score, (h, r, t) = max(chunk, key=lambda x: x[0])
        if score >= threshold and t.strip():
            best.append(Example(h, r, t))
    done = 0
    if best:
        per_epoch = math.ceil(len(best) / batch_size)
        epochs = max(1, math.ceil(steps / per_epoch))
        config = TrainConfig(
            epochs=epochs, batch_size=batch_size, lr=lr, warmup_steps=0, label_smoothing=0.0, seed=seed
        )
        done = generator.fit(best, config=config, progress=False).steps
    after, valid_after = _greedy_reward(generator, pairs, reward, threshold)
    return RefineReport(
        prompts=len(pairs),
        samples=len(flat),
        selected=len(best),
        steps=done,
        mean_reward_before=before,
        mean_reward_after=after,
        validity_before=valid_before,
        validity_after=valid_after,
        mean_sample_reward=sum(scores) / len(scores) if scores else 0.0,
    )
