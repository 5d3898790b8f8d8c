"""Choosing a round's prompts: score the pool, take the best within the round's share of the budget.

``grid`` takes the pool in its order (seeds, then the graph's heads; relations sorted), as
``kg distill`` without a strategy does; ``random`` in an order drawn from the seed; ``active`` by
the weighted sum of the signals (:mod:`kg.active.signals`, and the expected yield of
:mod:`kg.active.yields`), each weighted by the user (``[strategy] w_*``). A signal that has
nothing to say about a pair adds nothing; one weighted 0 is not computed. With the yield signal
on, a round's pairs are taken one at a time, each lowering the exploration bonus of its
relation for the rest of the round. With ``[strategy] yield_critic``, the generator students'
proposals for the shortlisted pairs are scored by the critic first, and the yield signal adds its
view of each pair (:attr:`kg.active.yields.YieldModel.critic`). Ties, and the
random order, are broken by a hash of the seed and the pair, so a choice depends on the seed
and the graph only, never on the order the pool was read in.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Sequence


from kg.active.pool import GraphState, Pair
from kg.active.signals import GeneratorProposer, Proposer, conflict, disagree, sparse, unsure
from kg.active.yields import YieldModel, critic_share, observations
from kg.config import StrategyConfig

if TYPE_CHECKING:
    from kg.critic import LearnedJudge

__all__ = ["Weights", "Choice", "choose", "tiebreak", "SIGNALS", "CRITIC_TAILS"]

SIGNALS = ("sparse", "unsure", "disagree", "conflict", "yields")
CRITIC_TAILS = 10
"""proposals per pair the critic scores for the yield signal's critic term (10 beat 5 on dev)"""


@dataclass(frozen=True)
class Weights:
    """The signals' weights, and the settings of the yield signal's bandit (:class:`YieldModel`);
    the defaults are ``[strategy]``'s (:class:`kg.config.StrategyConfig`): the yield signal alone."""

    sparse: float = StrategyConfig.model_fields["w_sparse"].default
    unsure: float = StrategyConfig.model_fields["w_unsure"].default
    disagree: float = StrategyConfig.model_fields["w_disagree"].default
    conflict: float = StrategyConfig.model_fields["w_conflict"].default
    yields: float = StrategyConfig.model_fields["w_yields"].default
    explore: float = StrategyConfig.model_fields["yield_explore"].default
    """the width of the yield's upper bound, in spreads (0: no exploration)"""
    similar_heads: float = 1.0
    """the weight of what heads like the pair's yielded (0: relations only)"""
    critic: float = StrategyConfig.model_fields["yield_critic"].default
    """the weight of the critic's view of the pair in its expected yield (0: not asked)"""

    @classmethod
    def from_config(cls, config: Any) -> "Weights":
        """From a :class:`kg.config.StrategyConfig` (``w_sparse``, ..., ``yield_explore``, ``yield_heads``)."""
        return cls(
            **{name: float(getattr(config, f"w_{name}")) for name in SIGNALS},
            explore=float(config.yield_explore), similar_heads=float(config.yield_heads), critic=float(config.yield_critic),
        )


@dataclass(frozen=True)
class Choice:
    """A pair chosen for the teacher, its score, its signals and why."""

    head: str
    relation: str
    score: float
    signals: Mapping[str, float | None] = field(default_factory=dict)
    why: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "head": self.head, "relation": self.relation, "score": round(self.score, 6),
            "signals": {k: (None if v is None else round(v, 4)) for k, v in self.signals.items()}, "why": self.why,
        }


def tiebreak(seed: int, pair: Pair) -> float:
    """A number in [0, 1) drawn from the seed and the pair alone."""
    digest = hashlib.sha256(f"{seed}\x00{pair[0]}\x00{pair[1]}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def choose(
    pool: Sequence[Pair],
    k: int,
    *,
    strategy: str,
    seed: int,
    state: GraphState | None = None,
    relation_iris: Mapping[str, str] | None = None,
    weights: Weights = Weights(),
    proposers: Sequence[Proposer] = (),
    judge: LearnedJudge | None = None,
    shortlist: int = 200,
    top_k: int = 5,
    notes: list[str] | None = None,
) -> list[Choice]:
    """The ``k`` best pairs of ``pool`` for ``strategy`` (grid, random or active).

    ``active``: the cheap signals (sparse, conflict, yields; from ``state``) rank the whole pool; the best
    ``shortlist`` pairs (at least ``2 k``) are then asked of the ``proposers`` (trained students),
    whose proposals ``judge`` (a learned critic: ``score(triples)``, ``threshold``) scores for the
    ``unsure`` signal and which are compared for ``disagree``. With ``weights.critic``, the
    generator students' :data:`CRITIC_TAILS` proposals per shortlisted pair are scored too, and the
    share the critic accepts enters the yield signal. Absent students or critic leave their signals
    out, with a note in ``notes``."""
    if k <= 0 or not pool:
        return []
    notes = notes if notes is not None else []
    if strategy == "grid":
        return [Choice(h, r, 0.0, {}, f"grid order, position {i + 1} of the pool") for i, (h, r) in enumerate(pool[:k])]
    if strategy == "random":
        order = sorted(pool, key=lambda p: (tiebreak(seed, p), p))
        return [Choice(h, r, 0.0, {}, f"random order (seed {seed})") for h, r in order[:k]]
    if strategy != "active":
        from kg.errors import ConfigError

        raise ConfigError(f"unknown strategy {strategy!r}; use grid, random or active")
    state = state or GraphState()
    iris = dict(relation_iris or {})
    model = None
    if weights.yields:
        model = YieldModel(observations(state, iris), explore=weights.explore, heads=weights.similar_heads)
    cheap: dict[Pair, dict[str, float | None]] = {}
    for pair in pool:
        iri = iris.get(pair[1], pair[1])
        cheap[pair] = {
            "sparse": sparse(pair[0], iri, state) if weights.sparse else None,
            "conflict": conflict(pair[0], iri, state) if weights.conflict else None,
        }
    if model is not None:
        bounds = {pair: max(0.0, model.bound(*pair)) for pair in pool}
        top = max(bounds.values()) or 1.0
        for pair in pool:
            cheap[pair]["yields"] = bounds[pair] / top

    def total(sig: Mapping[str, float | None]) -> float:
        return sum(getattr(weights, name) * v for name, v in sig.items() if v is not None)

    ranked = sorted(pool, key=lambda p: (-total(cheap[p]), tiebreak(seed, p), p))
    short = list(ranked[: max(shortlist, 2 * k)])
    # the critic term needs a generator student and a learned critic; without them it is left out
    with_critic = model is not None and weights.critic > 0 and judge is not None and any(s.name == GeneratorProposer.name for s in proposers)
    proposed: dict[Pair, dict[str, list[str]]] = {p: {} for p in short}
    if not (weights.unsure or weights.disagree or with_critic):
        proposers = ()
        notes.append("the unsure and disagree signals are weighted 0: the students are not asked")
    else:
        asked = proposers if (weights.unsure or weights.disagree) else [s for s in proposers if s.name == GeneratorProposer.name]
        for student in asked:
            want = max(top_k, CRITIC_TAILS) if with_critic and student.name == GeneratorProposer.name else top_k
            for pair, tails in zip(short, student.propose(short, want)):
                if tails:
                    proposed[pair][student.name] = list(tails)
        if weights.unsure or weights.disagree:
            if not proposers:
                notes.append("no student proposes: the unsure and disagree signals are skipped")
            elif len(proposers) < 2:
                notes.append(f"one student ({proposers[0].name}): the disagree signal is skipped")
    top_tails = {p: {n: t[:top_k] for n, t in by.items()} for p, by in proposed.items()}
    scores: dict[tuple[str, str, str], float] = {}
    if judge is not None and ((proposers and weights.unsure) or with_critic):
        triples = list(dict.fromkeys((p[0], p[1], t) for p in short for tails in (proposed[p] if with_critic else top_tails[p]).values() for t in tails))
        scores = dict(zip(triples, (float(x) for x in (judge.score(triples) if triples else []))))
    elif proposers and weights.unsure:
        notes.append("no learned critic: the unsure signal is skipped")
    threshold = float(judge.threshold) if judge is not None else 0.5
    if with_critic and model is not None:
        shares: dict[Pair, float] = {}
        for p in short:
            tails = proposed[p].get(GeneratorProposer.name, [])
            if tails:
                shares[p] = critic_share([scores[(p[0], p[1], t)] for t in tails], threshold)
        model = YieldModel(model.seen, explore=weights.explore, heads=weights.similar_heads,  # the same observations
                           critic=shares, critic_weight=weights.critic)
        bounds = {pair: max(0.0, model.bound(*pair)) for pair in pool}
        top = max(bounds.values()) or 1.0
        for pair in pool:
            cheap[pair]["yields"] = bounds[pair] / top
    signals = {p: dict(cheap[p], unsure=None, disagree=None) for p in pool}
    for pair in short:
        if proposers and weights.unsure and judge is not None:
            signals[pair]["unsure"] = unsure([scores[(pair[0], pair[1], t)] for ts in top_tails[pair].values() for t in dict.fromkeys(ts)], threshold)
        if proposers and weights.disagree:
            signals[pair]["disagree"] = disagree(top_tails[pair])
    proposed = top_tails
    if model is None:
        best = sorted(pool, key=lambda p: (-total(signals[p]), tiebreak(seed, p), p))[:k]
        return [Choice(h, r, total(signals[(h, r)]), signals[(h, r)], _why(signals[(h, r)], weights, proposed.get((h, r), {}))) for h, r in best]
    # one pair at a time: a pair chosen lowers its relation's exploration bonus for the rest of the
    # round. A round takes at most k pairs of a relation, so only each relation's best k compete
    # (exact when the yield signal is the only one weighted: a relation's pairs keep their order)
    out: list[Choice] = []
    pending: Counter = Counter()
    per_relation: Counter = Counter()
    left = set()
    for pair in sorted(pool, key=lambda p: (-total(signals[p]), tiebreak(seed, p), p)):
        if per_relation[pair[1]] < k:
            per_relation[pair[1]] += 1
            left.add(pair)
    bounds = {pair: max(0.0, model.bound(*pair)) for pair in left}
    rest = {pair: total({n: v for n, v in signals[pair].items() if n != "yields"}) for pair in left}
    ties = {pair: tiebreak(seed, pair) for pair in left}
    for _ in range(min(k, len(left))):
        top = max(bounds.values()) or 1.0
        h, r = min(left, key=lambda p: (-(rest[p] + weights.yields * bounds[p] / top), ties[p], p))
        left.discard((h, r))
        sig = dict(signals[(h, r)], yields=bounds.pop((h, r)) / top)
        why = _why(sig, weights, proposed.get((h, r), {})) + "; " + model.estimate(h, r, pending[r]).why
        out.append(Choice(h, r, total(sig), sig, why))
        pending[r] += 1
        for pair in left:
            if pair[1] == r:
                bounds[pair] = max(0.0, model.bound(pair[0], r, pending[r]))
    return out


def _why(sig: Mapping[str, float | None], weights: Weights, proposed: Mapping[str, Sequence[str]]) -> str:
    parts = []
    for name in SIGNALS:
        v = sig.get(name)
        if not getattr(weights, name):
            continue
        if v is None:
            parts.append(f"{name} n/a")
        else:
            parts.append(f"{name} {v:.2f} x {getattr(weights, name):g}")
    said = "; ".join(f"{n} proposes {', '.join(repr(t) for t in tails[:2])}" for n, tails in proposed.items())
    return ", ".join(parts) + (f" ({said})" if said else "")
