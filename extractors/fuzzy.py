"""Exact fuzzy lookup without a linear scan: a q-gram index in front of ``fuzz.ratio``.

:class:`FuzzyIndex` answers ``best(query)`` with exactly the choice that
``process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100)`` returns
(or None): the first choice, in the given order, with the highest score at or above the cutoff.
It only verifies a small candidate set with that same call, so it is exact as long as the
candidate set holds every choice that can reach the cutoff. Why it does:

- ``fuzz.ratio`` is the normalised Indel similarity: ``100 * (1 - d / (l1 + l2))`` with ``d``
  the Indel distance (insertions and deletions only), ``d = l1 + l2 - 2 * LCS``. A match needs
  ``d <= (1 - c)(l1 + l2)``, and ``d`` has the parity of ``l1 + l2``; call the largest such
  ``d`` ``dmax(l2)``. Since ``d >= |l1 - l2|``, only lengths with ``|l1 - l2| <= dmax(l2)`` can
  match (the length window).
- q-gram count filter (Ukkonen): align the two strings along a longest common subsequence, with
  ``dele = l1 - LCS`` characters of the query deleted and ``ins = l2 - LCS`` inserted. Of the
  query's ``l1 - q + 1`` q-grams, a deleted character spoils at most ``q`` and an insertion point
  at most ``q - 1``; every other one is copied whole into the choice. So at least
  ``T = l1 - q + 1 - q * dele - (q - 1) * ins`` query positions hold a q-gram copied whole
  (counting the same copies from the choice's side: ``l2 - q + 1 - q * ins - (q - 1) * dele``;
  the larger bound holds). ``T`` falls as ``d`` grows, so ``d = dmax(l2)`` gives the least ``T``
  of any match of length ``l2``.
- position filter: that surviving q-gram at query position ``p`` sits in the choice at
  ``p - (deletions before it) + (insertions before it)``, so within ``[p - dele, p + ins]``.
  The index keeps every q-gram occurrence of the choices sorted by (gram, position), so the
  choices holding a query q-gram within that band are one slice of it.
- count filter: every match has ``>= T`` query positions whose q-gram it holds within the band.
  Counting such hits over only some query positions (the rarest, the smallest slices first),
  a match misses at most the ``skipped`` others, so it has ``>= T - skipped`` hits. Counting at
  least ``n - T + 1`` of the ``n`` positions keeps that ``>= 1`` (the prefix filter: a match
  holds one of them), so only choices in the counted slices need the check; beyond that prefix
  a query counts more slices while their total stays within ``budget`` entries, which prunes
  more. The survivors of length ``l2`` with ``>= T(l2) - skipped`` hits are verified.
- Where ``T <= 0`` (short queries, low cutoffs) every choice in the length window is verified.

Cutoffs outside ``(0, 1]`` scan every choice. The strings are used exactly as given.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

Q = 3  # q-gram size: selective, and a 3-gram of code points (< 2**21 each) packs into an int64
BUDGET = 50_000
_SLACK = 1e-6  # widens the float cutoff so the candidate set never loses a borderline match


class FuzzyIndex:
    """``best(query)`` == the choice ``extractOne(query, choices, fuzz.ratio, cutoff * 100)`` picks.

    Built once over the choices (numpy arrays: one int64 cell and one owner per q-gram
    occurrence); ``best`` then costs a few slices of it and a rapidfuzz call on the survivors.
    """

    def __init__(self, choices: Sequence[str], cutoff: float, *, budget: int = BUDGET) -> None:
        self.choices = list(choices)
        self.cutoff = cutoff
        self.budget = budget  # posting entries a query may count beyond its prefix: fewer candidates
        self.lengths = np.fromiter(map(len, self.choices), dtype=np.int64, count=len(self.choices))
        # every q-gram occurrence as cell (gram id * stride + position) -> its choice, sorted
        owner = np.repeat(np.arange(len(self.choices)), self.lengths)
        pos = np.arange(len(owner)) - (np.cumsum(self.lengths) - self.lengths)[owner]
        n = max(len(owner) - Q + 1, 0)
        inside = pos[:n] + Q <= self.lengths[owner[:n]]  # the gram does not run into the next choice
        keys, owner, pos = _gram_keys("".join(self.choices))[inside], owner[:n][inside], pos[:n][inside]
        order = np.lexsort((pos, keys))  # by gram, then position
        keys, pos, self._owners = keys[order], pos[order], owner[order]
        new = np.ones(len(keys), dtype=bool)
        new[1:] = keys[1:] != keys[:-1]
        self._grams = keys[new]  # the distinct grams, sorted: a gram's id is its index here
        self._stride = int(self.lengths.max(initial=0)) + 1
        self._cells = (np.cumsum(new) - 1) * self._stride + pos

    def best(self, query: str) -> str | None:
        found = self.candidates(query)
        if found is None or 4 * len(found) > len(self.choices):  # a scan is as cheap, same answer
            choices = self.choices
        else:
            choices = [self.choices[i] for i in found.tolist()]
        best = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff * 100)
        return None if best is None else best[0]

    def candidates(self, query: str) -> np.ndarray | None:
        """Indexes (ascending) of every choice that can score ``>= cutoff``; None: all of them."""
        c, l1 = self.cutoff, len(query)
        if not 0 < c <= 1:
            return None
        shortest = max(math.floor(l1 * c / (2 - c)) - 1, 0)
        longest = min(math.ceil(l1 * (2 - c) / c) + 1, self._stride - 1)  # no choice is longer
        window = [l2 for l2 in range(shortest, longest + 1) if abs(l1 - l2) <= self._dmax(l1, l2)]
        if not window:
            return np.arange(0)
        bounds = [self._bounds(l1, l2) for l2 in window]
        least = min(b[0] for b in bounds)
        if least <= 0 or l1 < Q or not len(self._grams):  # no q-gram guarantee: verify the length window
            return np.flatnonzero((self.lengths >= window[0]) & (self.lengths <= window[-1]))
        back, ahead = max(b[1] for b in bounds), max(b[2] for b in bounds)
        # the choices holding each query q-gram within [p - back, p + ahead] of its position p
        keys = _gram_keys(query)
        at = np.minimum(np.searchsorted(self._grams, keys), len(self._grams) - 1)
        p = np.arange(len(keys))
        lo = np.searchsorted(self._cells, at * self._stride + np.maximum(p - back, 0))
        last = np.minimum(p + ahead, self._stride - 1)
        hi = np.searchsorted(self._cells, at * self._stride + last, side="right")
        sizes = np.where(self._grams[at] == keys, hi - lo, 0)
        # count hits over the rarest q-grams: the prefix, then more within the budget
        order = np.argsort(sizes, kind="stable")
        cost = np.cumsum(sizes[order])
        prefix = len(keys) - least + 1
        taken = max(prefix, int(np.searchsorted(cost, cost[prefix - 1] + self.budget, side="right")))
        hits = np.zeros(len(self.choices), dtype=np.int32)
        for j in order[:taken]:
            hits[self._owners[lo[j] : hi[j]]] += 1  # once per choice, even where it repeats
        skipped = len(keys) - taken  # a match misses at most these of its guaranteed hits
        need = np.full(self._stride, len(keys) + 1)  # hits a choice of each length needs
        for l2, b in zip(window, bounds):
            need[l2] = b[0] - skipped
        found = np.flatnonzero(hits >= least - skipped)
        return found[hits[found] >= need[self.lengths[found]]]

    def _dmax(self, l1: int, l2: int) -> int:
        """The largest Indel distance (parity of l1 + l2) that still reaches the cutoff."""
        d = math.floor((1 - self.cutoff) * (l1 + l2) + _SLACK)
        return d - (d - l1 - l2) % 2

    def _bounds(self, l1: int, l2: int) -> tuple[int, int, int]:
        """For matches of length l2: least shared q-grams, most deletions, most insertions."""
        d = self._dmax(l1, l2)
        dele, ins = (d + l1 - l2) // 2, (d - l1 + l2) // 2
        least = max(l1 - Q + 1 - Q * dele - (Q - 1) * ins, l2 - Q + 1 - Q * ins - (Q - 1) * dele)
        return least, dele, ins


def _gram_keys(text: str) -> np.ndarray:
    """The q-grams of ``text`` (by start position) as int64 keys, code points packed 21 bits apart."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    n = max(len(codes) - Q + 1, 0)
    keys = np.zeros(n, dtype=np.int64)
    for j in range(Q):
        keys = (keys << 21) | codes[j : j + n]
    return keys
