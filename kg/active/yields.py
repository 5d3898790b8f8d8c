"""The expected-yield signal: how many accepted facts will a call on this (head, relation) bring?

It learns from the prompts already asked in the store (:attr:`GraphState.asked`: the calls each
(head, relation) cost; :attr:`GraphState.facts_by_relation`: the facts of it the gates accepted;
:attr:`GraphState.rejected`: those they turned down). A pair's expected accepted facts per call is

    mean(r) + head(h)        mean(r) = (sum of y over the asked pairs of r + m * mu) / (n_r + m)
                             head(h) = sum_j sim(h, h_j) (y_j - mean(r_j)) / (sum_j sim(h, h_j) + m)

with ``y`` the accepted facts per call of an asked pair, ``mu`` the mean ``y`` of all asked pairs,
``m`` the prior strength (pseudo-calls) and ``sim`` the overlap (Jaccard) of the heads' content
words (the same head: 1), so a head like those that yielded well is expected to yield well.

With ``critic`` (:attr:`YieldModel.critic`: for some pairs, the share of a generator's proposals
for them that the critic accepts, :func:`critic_share`) the mean gains the critic's view of the
pair itself, before it is asked:

    + w (a(h, r) - mean a over r's pairs) * returned(r)

``returned(r)``: the answers per call of ``r`` the gates saw (accepted + rejected; all relations'
when ``r`` has none yet, 1 before anything is asked), so the term is in accepted facts per call;
``w``: :attr:`YieldModel.critic_weight`. A pair without a share gets nothing from it.

It is a bandit: the signal is the upper bound ``mean(r) + head(h) + c * s / sqrt(n_r + m + p_r)``
(``s``: the spread of ``y``; ``c``: :attr:`YieldModel.explore`; ``p_r``: calls on ``r`` already
chosen this round and not yet answered, so one round spreads over the relations it knows little
about instead of spending all its calls on one), divided by the best bound in the pool so it lies
in [0, 1]. Before anything is asked every relation ties and the round spreads over all of them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from kg.active.pool import GraphState, key
from kg.config import StrategyConfig

__all__ = ["Observation", "Estimate", "YieldModel", "observations", "critic_share"]

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an the to of and or in on at for with by from be is are was his her their its personx persony personz ___".split())


@dataclass(frozen=True)
class Observation:
    """One asked (head key, relation name): the calls it cost and what the gates did with its answers."""

    head: str
    relation: str
    calls: int
    accepted: int
    rejected: int = 0

    @property
    def per_call(self) -> float:
        return self.accepted / self.calls if self.calls else 0.0


@dataclass(frozen=True)
class Estimate:
    """The model's view of one pair: expected accepted facts per call, its upper bound, and why."""

    mean: float
    bound: float
    why: str


def observations(state: GraphState, relation_iris: Mapping[str, str]) -> list[Observation]:
    """Every asked pair of the store with its accepted and rejected facts (sorted, so the model
    does not depend on the order the store returned them in)."""
    out = []
    for (head, rel), calls in sorted(state.asked.items()):
        iri = relation_iris.get(rel, rel)
        out.append(Observation(head, rel, calls, state.facts_by_relation[(head, iri)], state.rejected[(head, iri)]))
    return out


def critic_share(scores: Sequence[float], threshold: float, *, width: float = 0.02) -> float:
    """How many of the proposals scored ``scores`` the critic would accept, softly: the mean of
    ``1 / (1 + exp(-(s - threshold) / width))`` (0 without proposals)."""
    if not scores:
        return 0.0
    return sum(1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, (s - threshold) / width)))) for s in scores) / len(scores)


def _words(head: str) -> frozenset[str]:
    """A head's content words, and its shape: a blank to fill (``___``), a second person."""
    folded = head.casefold()
    words = {w for w in _WORD.findall(folded) if w not in _STOP}
    if "___" in folded:
        words.add("<blank>")
    if "persony" in folded:
        words.add("<persony>")
    return frozenset(words)


class YieldModel:
    """Expected accepted facts per call of a (head, relation), learnt from ``seen``.

    ``prior``: the prior strength ``m`` in pseudo-calls; ``explore``: the width ``c`` of the upper
    bound; ``heads``: the weight of the similar-heads term (0: relations only); ``critic``: the
    critic's share of a generator's proposals per (head, relation) (:func:`critic_share`), and
    ``critic_weight`` its weight (0: not used)."""

    def __init__(self, seen: Sequence[Observation], *, prior: float = 2.0, explore: float | None = None, heads: float = 1.0,
                 critic: Mapping[tuple[str, str], float] | None = None, critic_weight: float = 0.0) -> None:
        explore = StrategyConfig.model_fields["yield_explore"].default if explore is None else explore
        self.prior, self.explore, self.heads = prior, explore, heads
        self.critic = dict(critic or {}) if critic_weight else {}
        self.critic_weight = critic_weight
        shares: dict[str, list[float]] = {}
        for (_, relation), share in sorted(self.critic.items()):
            shares.setdefault(relation, []).append(share)
        self._critic_mean = {r: sum(v) / len(v) for r, v in shares.items()}
        self.seen = [o for o in seen if o.calls > 0]
        ys = [o.per_call for o in self.seen]
        self.mu = sum(ys) / len(ys) if ys else 0.0
        # the spread of y: unknown before two observations, then never below one fact per call
        var = sum((y - self.mu) ** 2 for y in ys) / (len(ys) - 1) if len(ys) > 1 else 1.0
        self.spread = math.sqrt(max(var, 1.0))
        self.n: Counter = Counter()  # calls per relation
        self.accepted: Counter = Counter()  # accepted facts per relation
        self.returned: Counter = Counter()  # accepted + rejected per relation
        for o in self.seen:
            self.n[o.relation] += o.calls
            self.accepted[o.relation] += o.accepted
            self.returned[o.relation] += o.accepted + o.rejected
        self._heads: dict[str, float] = {}
        self._by_word: dict[str, list[tuple[frozenset[str], float]]] = {}
        self._same: dict[str, list[float]] = {}
        for o in self.seen:
            residual = o.per_call - self.relation_mean(o.relation)
            self._same.setdefault(key(o.head), []).append(residual)
            words = _words(o.head)
            for w in words:
                self._by_word.setdefault(w, []).append((words, residual))

    def relation_mean(self, relation: str) -> float:
        """``(sum of y over r's calls + m mu) / (calls on r + m)``."""
        return (self.accepted[relation] + self.prior * self.mu) / (self.n[relation] + self.prior)

    def head_term(self, head: str) -> float:
        """How much better than their relations' means heads like ``head`` did (shrunk to 0)."""
        if not self.heads or not self.seen:
            return 0.0
        k = key(head)
        if k not in self._heads:
            self._heads[k] = self._head_term(head)
        return self._heads[k]

    def _head_term(self, head: str) -> float:
        num = den = 0.0
        for r in self._same.get(key(head), []):  # the same head, asked with other relations
            num, den = num + r, den + 1.0
        words = _words(head)
        if words:
            sims: dict[int, tuple[float, float]] = {}
            for w in words:
                for other, residual in self._by_word.get(w, ()):
                    if other != words:
                        sims[id(other)] = (len(words & other) / len(words | other), residual)
            for sim, residual in sims.values():
                num, den = num + sim * residual, den + sim
        return self.heads * num / (den + self.prior) if den else 0.0

    def returned_per_call(self, relation: str) -> float:
        """Answers per call of ``relation`` the gates saw (all relations' before it is asked; 1 before anything)."""
        if self.n[relation]:
            return self.returned[relation] / self.n[relation]
        calls = sum(self.n.values())
        return sum(self.returned.values()) / calls if calls else 1.0

    def critic_term(self, head: str, relation: str) -> float:
        """``w (a(h, r) - mean a over r's pairs) returned(r)``: 0 for a pair without a share."""
        share = self.critic.get((head, relation))
        if share is None:
            return 0.0
        return self.critic_weight * (share - self._critic_mean[relation]) * self.returned_per_call(relation)

    def pair_mean(self, head: str, relation: str) -> float:
        """The pair's expected accepted facts per call: its relation's mean, the similar heads'
        term and the critic's."""
        return self.relation_mean(relation) + self.head_term(head) + self.critic_term(head, relation)

    def bound(self, head: str, relation: str, pending: int = 0) -> float:
        """The upper bound on the pair's accepted facts per call; ``pending``: calls on
        ``relation`` chosen this round and not yet answered."""
        mean = self.pair_mean(head, relation)
        return mean + self.explore * self.spread / math.sqrt(self.n[relation] + self.prior + pending)

    def estimate(self, head: str, relation: str, pending: int = 0) -> Estimate:
        """The pair's expected accepted facts per call, its upper bound, and why."""
        n = self.n[relation]
        mean = self.pair_mean(head, relation)
        bound = self.bound(head, relation, pending)
        critic = ""
        if (head, relation) in self.critic:
            critic = (f"; the critic accepts {self.critic[(head, relation)]:.0%} of what the generator proposes for it "
                      f"({relation}'s mean {self._critic_mean[relation]:.0%}): {self.critic_term(head, relation):+.1f}")
        if not self.seen:
            return Estimate(mean, bound, "no yields seen yet: exploring the relations" + critic)
        if n:
            rate = f", {self.accepted[relation]}/{self.returned[relation]} of its answers accepted" if self.returned[relation] else ""
            said = f"relation {relation} yielded {self.accepted[relation] / n:.1f} accepted/call so far ({n} calls{rate})"
        else:
            said = f"relation {relation} not asked yet (all: {self.mu:.1f} accepted/call)"
        head_term = self.head_term(head)
        if abs(head_term) >= 0.05:
            said += f"; heads like it {head_term:+.1f}"
        said += critic
        return Estimate(mean, bound, f"{said}; expect {mean:.1f}, up to {bound:.1f}")


