"""Student 3: closed Horn rules mined from the graph, and a link predictor that reads them.

Rules (AMIE's language, up to three atoms; ``X``, ``Y`` the head's variables, ``Z`` the path's)::

    r(X, Y) <= b(X, Y)                  r(X, Y) <= b(Y, X)              one body atom
    r(X, Y) <= b1(X|Z, Z|X), b2(Z|Y, Y|Z)                             two atoms, a path X - Z - Y

A body is a path from ``X`` to ``Y`` of one or two relation steps, each step a relation or its
inverse (label ``l < R``: ``b``, ``l >= R``: ``b^-1``). Variables bind distinct entities (object
identity, as AnyBURL): ``X != Y``, and ``Z`` is neither. For a head relation ``r`` with facts
``H_r`` and a body with groundings ``B`` (pairs ``(x, y)``):

========================= ============================================================
support                   ``|H_r ∩ B|``
head coverage             ``support / |H_r|``
standard confidence       ``support / |B|``
PCA confidence            ``support / |{(x, y) ∈ B : ∃y' r(x, y')}|`` (AMIE's partial
                          completeness assumption, on the head's subject)
========================= ============================================================

Mining is vectorised with numpy / scipy.sparse, per head relation: every head fact ``(x, y)``
is joined with the edges leaving ``x`` (``x -l1-> z``), then ``(z, y)`` is looked up in a sorted
index of every edge (``z -l2-> y``): one pass counts the support of every two-atom body at once
(and a lookup of ``(x, y)`` every one-atom body), in chunks of bounded size. Only rules with
enough support and head coverage have their body materialised (a sparse product
``A_l1 @ A_l2``, shared by every head) to count ``|B|`` and the PCA body. The cost grows with
the head facts times the degree of their subjects, not with the number of possible rules.

With ``MiningConfig(constants=True)``, also AnyBURL's rules with constants
``r(X, c) <= b(X, d)`` and ``r(c, Y) <= b(Y, d)`` (``free_variable``: also ``b(X, Z)``, its AC2),
support from one sparse product of head and body features per entity. Exclusions
(:class:`Exclusion`, negative rules ``not r(X, Y) <= b(X, Y)``) come free from the one-atom counts.

Ranking (:class:`RulePredictor`): a query ``(h, r, ?)`` fires every rule of head ``r`` whose body
holds from ``h``; a candidate is ranked over its best rules, by the best one with the next ones
breaking ties (max-aggregation, AnyBURL's) or by their noisy-or; candidates an exclusion rules out
come last. Head queries ``(?, r, t)`` read the same bodies backwards.
"""

from __future__ import annotations

import copy
import time
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
import torch

from kg.errors import StudentError
from kg.students.metrics import RankMetrics, evaluate_ranking
from kg.progress import TrainingBar
from kg.students.triples import Split, TripleSet, from_triples

__all__ = [
    "MiningConfig", "Rule", "MinedRules", "mine", "RulePredictor", "RulePrediction", "dense_ranks",
    "propose_candidates", "TOP_RULES", "TEACHER", "AGGREGATIONS", "check_aggregation", "Exclusion",
]

TEACHER = "student:rules"
TOP_RULES = 4
"""How many of a candidate's best rules decide its rank (later ones only break exact ties)."""
_LEVELS = 1000  # confidence quantised to 1/1000 for the lexicographic score


@dataclass(frozen=True)
class MiningConfig:
    """What to mine: rules of at most ``max_length`` atoms (2 or 3, head included) with at least
    ``min_support`` supporting facts, ``min_head_coverage`` and the two confidences.

    ``max_body``: a two-atom body with more groundings than this (estimated by its path count
    first) is not materialised; its rules are dropped and counted in ``skipped_bodies``.
    ``chunk``: head-fact joins per step (memory bound: about 40 bytes each)."""

    max_length: int = 3
    min_support: int = 2
    min_head_coverage: float = 0.01
    min_confidence: float = 0.0
    min_pca_confidence: float = 0.0
    max_body: int = 50_000_000
    chunk: int = 4_000_000
    progress: bool = False
    constants: bool = False
    """Also mine rules with constants, ``r(X, c) <= b(X, d)`` (AnyBURL's kind with a constant in
    the head and in the body), counted for every ``(r, c, b, d)`` at once by one sparse product
    of the entities' head and body features."""
    min_constant_confidence: float = 0.5
    subject_constants: bool = True
    """With ``constants``, also rules whose head's subject is the constant: ``r(c, Y) <= b(Y, d)``."""
    free_variable: bool = False
    exclusions: bool = True
    """Also mine exclusions (negative rules, :class:`Exclusion`): ``r(X, Y)`` does not hold
    where ``b(X, Y)`` (or ``b(Y, X)``) does, when ``b`` has at least ``min_exclusion_body``
    pairs and at most ``max_exclusion_confidence`` of them hold ``r`` too."""
    min_exclusion_body: int = 10
    max_exclusion_confidence: float = 0.0
    """With ``constants``, also AnyBURL's AC2 rules, a constant head and a free body variable:
    ``r(X, c) <= b(X, Z)`` (and ``r(c, Y) <= b(Y, Z)``)."""
    """Rules with constants are many (90,000 on Kinships at support 2): only those with at least
    this standard confidence are kept (below it they seldom decide a rank)."""

    def __post_init__(self) -> None:
        if self.max_length not in (2, 3):
            raise StudentError(f"max_length must be 2 or 3 atoms (head included), got {self.max_length}")
        if self.min_support < 1:
            raise StudentError(f"min_support must be at least 1, got {self.min_support}")
        for name in ("min_head_coverage", "min_confidence", "min_pca_confidence", "min_constant_confidence",
                     "max_exclusion_confidence"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise StudentError(f"{name} must be between 0 and 1, got {v}")


@dataclass(frozen=True)
class Rule:
    """A closed rule ``head(X, Y) <= body``: ``body`` is the path from X to Y, one
    ``(relation, inverse)`` step per atom."""

    head: str
    body: tuple[tuple[str, bool], ...]
    support: int
    head_size: int
    body_size: int
    pca_body_size: int
    constant: str | None = None
    """A rule with constants: ``head(X, constant) <= b(X, body_constant)`` (or ``b(body_constant,
    X)`` when the one body step is inverse); ``body_constant`` None: a free body variable,
    ``head(X, constant) <= b(X, Z)`` (AnyBURL's AC2)."""
    body_constant: str | None = None
    constant_subject: bool = False
    """The head's constant is its subject: ``head(constant, Y) <= b(Y, body_constant)``."""

    @property
    def head_coverage(self) -> float:
        return self.support / self.head_size if self.head_size else 0.0

    @property
    def confidence(self) -> float:
        return self.support / self.body_size if self.body_size else 0.0

    @property
    def pca_confidence(self) -> float:
        return self.support / self.pca_body_size if self.pca_body_size else 0.0

    @property
    def length(self) -> int:
        return len(self.body) + 1

    def atoms(self) -> tuple[tuple[str, str, str], tuple[tuple[str, str, str], ...]]:
        """``(head atom, body atoms)`` as ``(subject, relation, object)`` with variables
        ``?X``, ``?Y``, ``?Z`` (constants: IRIs)."""
        if self.constant is not None:
            rel, inverse = self.body[0]
            v = "?Y" if self.constant_subject else "?X"
            d = "?Z" if self.body_constant is None else self.body_constant
            head = (self.constant, self.head, v) if self.constant_subject else (v, self.head, self.constant)
            return head, ((d, rel, v) if inverse else (v, rel, d),)
        names = ["?X", *(["?Z"] if len(self.body) == 2 else []), "?Y"]
        body = tuple(
            (names[i + 1], rel, names[i]) if inverse else (names[i], rel, names[i + 1])
            for i, (rel, inverse) in enumerate(self.body)
        )
        return ("?X", self.head, "?Y"), body

    def text(self, short=lambda iri: iri) -> str:
        """``grandparentOf(X, Y) <= parentOf(X, Z), parentOf(Z, Y)``; ``short`` names relations."""
        name = lambda t: t[1:] if t.startswith("?") else short(t)  # noqa: E731
        atom = lambda a: f"{short(a[1])}({name(a[0])}, {name(a[2])})"  # noqa: E731
        head, body = self.atoms()
        return f"{atom(head)} <= {', '.join(atom(b) for b in body)}"

    def sparql(self) -> str:
        """The rule as a SPARQL ``CONSTRUCT`` the reasoner compiles (``reasoners.rules``)."""
        head, body = self.atoms()
        t = lambda x: x if x.startswith("?") else f"<{x}>"  # noqa: E731
        pat = lambda a: f"{t(a[0])} <{a[1]}> {t(a[2])} ."  # noqa: E731
        return f"CONSTRUCT {{ {pat(head)} }}\nWHERE {{ {' '.join(pat(b) for b in body)} }}\n"

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self), "body": [[r, inv] for r, inv in self.body], "head_coverage": self.head_coverage,
            "confidence": self.confidence, "pca_confidence": self.pca_confidence, "rule": self.text(),
        }


@dataclass(frozen=True)
class Exclusion:
    """A negative rule ``not head(X, Y) <= body(X, Y)`` (``inverse``: ``body(Y, X)``): of the
    ``body_size`` pairs that hold ``body``, only ``co_occurrences`` hold ``head`` too (none, by
    default). Kinship terms are one per pair, for instance: a pair already named ``father``
    is seldom also ``brother``. The predictor ranks such candidates below all others."""

    head: str
    body: str
    inverse: bool
    co_occurrences: int
    body_size: int

    @property
    def confidence(self) -> float:
        """How often the exclusion holds: ``1 - co_occurrences / body_size``."""
        return 1.0 - self.co_occurrences / self.body_size if self.body_size else 0.0

    def text(self, short=lambda iri: iri) -> str:
        """``not brotherOf(X, Y) <= fatherOf(X, Y)``."""
        args = "Y, X" if self.inverse else "X, Y"
        return f"not {short(self.head)}(X, Y) <= {short(self.body)}({args})"


@dataclass
class MinedRules:
    """The rules found (best PCA confidence first), the exclusions, what was mined and how long
    it took."""

    rules: list[Rule]
    config: MiningConfig
    triples: int
    entities: int
    relations: int
    seconds: float
    skipped_bodies: int = 0
    candidates: int = 0  # rules with enough support and head coverage (before the confidences)
    info: dict[str, float] = field(default_factory=dict)
    exclusions: list[Exclusion] = field(default_factory=list)
    _bodies: _Bodies | None = field(default=None, repr=False, compare=False)  # the groundings computed, for the predictor


# -- mining -------------------------------------------------------------------------------


class _Graph:
    """Edges in both directions (labels ``l < R`` forward, ``l + R`` backward, self-loops
    left out: object identity), sorted by source and indexed by ``(source, target)``."""

    def __init__(self, triples: np.ndarray, num_entities: int, num_relations: int) -> None:
        E, R = num_entities, num_relations
        self.E, self.R = E, R
        h, r, t = triples[:, 0], triples[:, 1], triples[:, 2]
        keep = h != t
        src = np.concatenate([h[keep], t[keep]])
        dst = np.concatenate([t[keep], h[keep]])
        lab = np.concatenate([r[keep], r[keep] + R])
        order = np.argsort(src, kind="stable")
        self.src, self.dst, self.lab = src[order], dst[order], lab[order]
        self.offsets = np.concatenate([[0], np.cumsum(np.bincount(self.src, minlength=E))])
        keys = src * E + dst
        order = np.argsort(keys, kind="stable")
        self.pair_keys, self.pair_labels = keys[order], lab[order]
        self._adj: dict[int, sp.csr_matrix] = {}

    def degree(self, nodes: np.ndarray) -> np.ndarray:
        return self.offsets[nodes + 1] - self.offsets[nodes]

    def edges_from(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(row, label, target)`` for every edge leaving ``nodes[row]``."""
        start, count = self.offsets[nodes], self.degree(nodes)
        rows = np.repeat(np.arange(len(nodes)), count)
        first = np.repeat(np.cumsum(count) - count, count)
        idx = np.repeat(start, count) + (np.arange(len(rows)) - first)
        return rows, self.lab[idx], self.dst[idx]

    def labels_of(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(row, label)`` for every edge ``keys[row]`` (``source * E + target``) holds."""
        lo = np.searchsorted(self.pair_keys, keys, side="left")
        hi = np.searchsorted(self.pair_keys, keys, side="right")
        count = hi - lo
        rows = np.repeat(np.arange(len(keys)), count)
        first = np.repeat(np.cumsum(count) - count, count)
        idx = np.repeat(lo, count) + (np.arange(len(rows)) - first)
        return rows, self.pair_labels[idx]

    def adjacency(self, label: int) -> sp.csr_matrix:
        """The 0/1 matrix of one label's edges (no self-loops), ``[E, E]``."""
        found = self._adj.get(label)
        if found is None:
            sel = self.lab == label
            data = np.ones(int(sel.sum()), dtype=np.int64)
            found = sp.csr_matrix((data, (self.src[sel], self.dst[sel])), shape=(self.E, self.E))
            found.sum_duplicates()
            found.data[:] = 1
            self._adj[label] = found
        return found


DENSE_ENTITIES = 64
"""Graphs of at most this many entities compute their bodies densely, one batched product per
first step (``A_l1 @ A_all``): Nations has 12,000 bodies of 14 × 14 entities, where one sparse
product per body is mostly call overhead. A dense product costs ``E³``: from about a hundred
entities (Kinships) the sparse ones are faster."""


class _Bodies:
    """Body groundings (``x != y``), computed once per body and shared by mining and ranking:
    ``stats`` gives ``(|B|, groundings per x)``, ``matrix`` the 0/1 ``[E, E]`` CSR matrix."""

    def __init__(self, g: _Graph) -> None:
        self.g = g
        L, E = 2 * g.R, g.E
        self.A: np.ndarray | None = None
        if E <= DENSE_ENTITIES:
            self.A = np.zeros((L, E, E), dtype=np.float32)
            self.A[g.lab, g.src, g.dst] = 1.0
        self._first: dict[int, np.ndarray] = {}
        self._ends: tuple[np.ndarray, np.ndarray] | None = None
        self._any: np.ndarray | None = None
        self._csr: dict[tuple[int, ...], sp.csr_matrix] = {}

    def _constant(self, body: tuple[int, ...]) -> np.ndarray:
        """The variable's entities ``v`` of a constant body ``(-1, l, d, c, side)``: ``l(v, d)``
        (``d = -1``: ``l(v, z)`` for some ``z``), ``v != c``."""
        _, label, d, c, _ = body
        g = self.g
        if d < 0:
            if self._any is None:  # every (label, source) once
                self._any = np.unique(g.lab * g.E + g.src)
            keys = self._any
            xs = keys[np.searchsorted(keys, label * g.E) : np.searchsorted(keys, (label + 1) * g.E)] - label * g.E
            return xs[xs != c]
        if self._ends is None:  # edges sorted by (label, target), with their sources
            keys = g.lab * g.E + g.dst
            order = np.argsort(keys, kind="stable")
            self._ends = (keys[order], g.src[order])
        keys, sources = self._ends
        key = label * g.E + d
        xs = sources[np.searchsorted(keys, key, side="left") : np.searchsorted(keys, key, side="right")]
        return xs[xs != c]

    def _constant_pairs(self, body: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """``(x, y)`` of a constant body: ``(v, c)``, or ``(c, v)`` when the head's subject is the constant."""
        vs = self._constant(body).astype(np.int64)
        cs = np.full(len(vs), body[3], dtype=np.int64)
        return (cs, vs) if body[4] else (vs, cs)

    def pairs(self, body: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The groundings ``(x, y)`` of a body, as two int64 arrays."""
        if body[0] == -1 and self.A is None:
            return self._constant_pairs(body)
        coo = self.matrix(body).tocoo()
        return coo.row.astype(np.int64), coo.col.astype(np.int64)

    def _dense(self, body: tuple[int, ...]) -> np.ndarray:
        assert self.A is not None
        if body[0] == -1:
            m = np.zeros((self.g.E, self.g.E), dtype=bool)
            m[self._constant_pairs(body)] = True
            return m
        if len(body) == 1:
            return self.A[body[0]] > 0
        both = self._first.get(body[0])
        if both is None:  # every second step at once: [2R, E, E]
            both = self._first[body[0]] = np.matmul(self.A[body[0]], self.A) > 0
            idx = np.arange(self.g.E)
            both[:, idx, idx] = False
        return both[body[1]]

    def stats(self, body: tuple[int, ...]) -> tuple[int, np.ndarray]:
        if self.A is not None:
            m = self._dense(body)
            return int(m.sum()), m.sum(axis=1)
        m = self.matrix(body)
        return m.nnz, np.diff(m.indptr)

    def matrix(self, body: tuple[int, ...]) -> sp.csr_matrix:
        found = self._csr.get(body)
        if found is None:
            if self.A is not None:
                found = sp.csr_matrix(self._dense(body))
            elif body[0] == -1:
                xs, ys = self._constant_pairs(body)
                found = sp.csr_matrix((np.ones(len(xs), dtype=np.int64), (xs, ys)), shape=(self.g.E, self.g.E))
            else:
                found = _body_matrix(self.g, body)
            self._csr[body] = found
        return found


def _body_matrix(g: _Graph, body: tuple[int, ...]) -> sp.csr_matrix:
    """The groundings ``(x, y)`` of a body path, ``x != y``, as a 0/1 ``[E, E]`` matrix."""
    m = g.adjacency(body[0])
    for label in body[1:]:
        m = m @ g.adjacency(label)
    m = sp.csr_matrix(m)
    if m.diagonal().any():
        m = m - sp.diags(m.diagonal(), format="csr", dtype=m.dtype)
        m.eliminate_zeros()
    m.data[:] = 1
    return m


def _path_estimate(g: _Graph, body: tuple[int, int]) -> int:
    """Paths through ``body`` (an upper bound of its groundings), from degrees alone."""
    a, b = g.adjacency(body[0]), g.adjacency(body[1])
    return int(np.dot(np.diff(a.tocsc().indptr), np.diff(b.indptr)))


def _count_supports(g: _Graph, x: np.ndarray, y: np.ndarray, max_length: int, chunk: int) -> tuple[np.ndarray, np.ndarray]:
    """Support of every one-atom body ``[2R]`` and every two-atom body ``[2R, 2R]`` for head
    facts ``(x, y)`` (``x != y``)."""
    L = 2 * g.R
    one = np.zeros(L, dtype=np.int64)
    two = np.zeros(L * L, dtype=np.int64)
    if len(x) == 0:
        return one, two.reshape(L, L)
    rows, labels = g.labels_of(x * g.E + y)
    one += np.bincount(labels, minlength=L)
    if max_length < 3:
        return one, two.reshape(L, L)
    deg = g.degree(x)
    bounds = np.searchsorted(np.cumsum(deg), np.arange(chunk, int(deg.sum()) + chunk, chunk), side="right")
    start = 0
    for stop in list(dict.fromkeys([*bounds.tolist(), len(x)])):
        stop = max(stop, start + 1)
        if start >= len(x):
            break
        xs, ys = x[start:stop], y[start:stop]
        row, l1, z = g.edges_from(xs)
        keep = z != ys[row]
        row, l1, z = row[keep], l1[keep], z[keep]
        hit, l2 = g.labels_of(z * g.E + ys[row])
        fact = row[hit]
        keys = np.unique(fact * (L * L) + l1[hit] * L + l2)
        two += np.bincount(keys % (L * L), minlength=L * L)
        start = stop
    return one, two.reshape(L, L)


def mine(data: TripleSet | Iterable[tuple[str, str, str]], config: MiningConfig | None = None) -> MinedRules:
    """Mine closed rules from ``data`` (a :class:`TripleSet`, e.g. a split's training part, or
    string triples); rules come back best PCA confidence first."""
    config = config or MiningConfig()
    if not isinstance(data, TripleSet):
        data = from_triples(data)
    t0 = time.perf_counter()
    triples = np.unique(np.asarray(data.triples, dtype=np.int64).reshape(-1, 3), axis=0)
    E, R = data.num_entities, data.num_relations
    if len(triples) == 0:
        raise StudentError("no entity-to-entity triples to mine; load or distil some facts first")
    g = _Graph(triples, E, R)
    groundings = _Bodies(g)
    L = 2 * R
    bodies: dict[tuple[int, ...], tuple[int, np.ndarray] | None] = {}
    found: list[Rule] = []
    exclusions: list[Exclusion] = []
    label_sizes = np.bincount(g.lab, minlength=L)  # pairs of each one-atom body
    candidates = skipped = 0
    counts = np.bincount(triples[:, 1], minlength=R)
    with TrainingBar(total=R, enabled=config.progress, label="mining") as bar:
        for r in np.argsort(-counts, kind="stable"):
            r = int(r)
            facts = triples[triples[:, 1] == r]
            head_size = len(facts)
            bar.update(advance=1, description=f"{data.relations[r]} ({head_size:,} facts), {len(found):,} rules")
            if head_size == 0:
                continue
            x, y = facts[:, 0], facts[:, 2]
            has_tail = np.zeros(E, dtype=bool)
            has_tail[x] = True
            proper = x != y
            one, two = _count_supports(g, x[proper], y[proper], config.max_length, config.chunk)
            if config.exclusions:
                rare = (label_sizes >= config.min_exclusion_body) & (one <= config.max_exclusion_confidence * label_sizes)
                exclusions += [
                    Exclusion(data.relations[r], data.relations[l % R], bool(l >= R), int(one[l]), int(label_sizes[l]))
                    for l in np.flatnonzero(rare) if l != r
                ]
            need = max(config.min_support, int(np.ceil(config.min_head_coverage * head_size)))
            one[r] = 0  # r(X, Y) <= r(X, Y)
            todo: list[tuple[tuple[int, ...], int]] = [((int(l),), int(one[l])) for l in np.flatnonzero(one >= need)]
            todo += [((int(a), int(b)), int(two[a, b])) for a, b in zip(*np.nonzero(two >= need))]
            candidates += len(todo)
            for body, support in todo:
                if body not in bodies:
                    if len(body) == 2 and _path_estimate(g, body) > config.max_body:
                        bodies[body] = None
                    else:
                        bodies[body] = groundings.stats(body)
                got = bodies[body]
                if got is None:
                    skipped += 1
                    continue
                size, rowcounts = got
                pca = int(rowcounts[has_tail].sum())
                rule = Rule(
                    head=data.relations[r],
                    body=tuple((data.relations[l % R], l >= R) for l in body),
                    support=support, head_size=head_size, body_size=int(size), pca_body_size=pca,
                )
                if rule.confidence >= config.min_confidence and rule.pca_confidence >= config.min_pca_confidence:
                    found.append(rule)
    if config.constants:
        found += _constant_rules(g, triples, data, config)
    found.sort(key=lambda q: (-q.pca_confidence, -q.confidence, -q.support, q.head, q.body, q.constant or "", q.body_constant or "",
                             q.constant_subject))
    mined = MinedRules(
        found, config, len(triples), E, R, time.perf_counter() - t0, skipped_bodies=skipped, candidates=candidates,
        exclusions=exclusions,
    )
    mined._bodies = groundings
    return mined


def _constant_rules(g: _Graph, triples: np.ndarray, data: TripleSet, config: MiningConfig) -> list[Rule]:
    """Every kind of rule with constants the config asks for (:func:`_constant_kind`)."""
    out = []
    for subject in (False, True) if config.subject_constants else (False,):
        for free in (False, True) if config.free_variable else (False,):
            out += _constant_kind(g, triples, data, config, subject=subject, free=free)
    return out


def _constant_kind(g: _Graph, triples: np.ndarray, data: TripleSet, config: MiningConfig, *, subject: bool,
                   free: bool) -> list[Rule]:
    """Rules ``r(V, c) <= l(V, d)`` (``subject``: ``r(c, V)``; ``free``: ``l(V, Z)``, any ``Z``),
    ``l`` a label (a relation or its inverse), ``V`` neither ``c`` nor ``d``: support from
    ``H^T @ B`` where ``H[v, (r, c)]`` marks head facts and ``B[v, (l, d)]`` (``B[v, l]``) the
    body's features of ``v``; body sizes from ``B``'s column counts (less ``v = c``); the PCA
    body counts the ``v`` with some ``r`` fact on the variable's side.

    A free body atom never is the head's own relation on the same side (``r(X, c) <= r(X, Z)``
    would count each head fact as its own body, with ``Z = c``)."""
    E, R = g.E, g.R
    L = 2 * R
    v, r, c = (triples[:, 2], triples[:, 1], triples[:, 0]) if subject else (triples[:, 0], triples[:, 1], triples[:, 2])
    proper = v != c
    H = sp.csr_matrix((np.ones(int(proper.sum())), (v[proper], r[proper] * E + c[proper])), shape=(E, R * E))
    if free:
        keys = np.unique(g.lab * E + g.src)
        B = sp.csr_matrix((np.ones(len(keys)), (keys % E, keys // E)), shape=(E, L))
    else:
        B = sp.csr_matrix((np.ones(len(g.src)), (g.src, g.lab * E + g.dst)), shape=(E, L * E))
    S = (H.T @ B).tocoo()
    head_size = np.bincount(r, minlength=R)
    hr, bf, support = S.row.astype(np.int64), S.col.astype(np.int64), S.data.astype(np.int64)
    rel, const = hr // E, hr % E
    label, d = (bf, np.full(len(bf), -1)) if free else (bf // E, bf % E)
    same = label == rel + (R if subject else 0)  # the head's relation, read from the variable
    need = np.maximum(config.min_support, np.ceil(config.min_head_coverage * head_size[rel]))
    keep = (support >= need) & ~(same & ((d == const) | free))
    rel, const, label, d, support, bf = rel[keep], const[keep], label[keep], d[keep], support[keep], bf[keep]
    if not len(rel):
        return []
    # |B| and the PCA body, both without V = c: c's own feature and whether c has an r-fact
    col = np.asarray(B.sum(axis=0)).ravel().astype(np.int64)
    has = sp.csr_matrix((np.ones(len(v)), (v, r)), shape=(E, R))
    has.data[:] = 1
    pca_all = (has.T @ B).tocsr()
    own = np.asarray(B[const, bf]).ravel().astype(np.int64)
    own_pca = own * np.asarray(has[const, rel]).ravel().astype(np.int64)
    body = col[bf] - own
    pca = np.asarray(pca_all[rel, bf]).ravel().astype(np.int64) - own_pca
    floor = max(config.min_confidence, config.min_constant_confidence)
    ok = (support >= floor * body) & (support >= config.min_pca_confidence * pca) & (body > 0)
    out = []
    for i in np.flatnonzero(ok):
        out.append(Rule(
            head=data.relations[rel[i]], body=((data.relations[label[i] % R], bool(label[i] >= R)),),
            support=int(support[i]), head_size=int(head_size[rel[i]]), body_size=int(body[i]),
            pca_body_size=int(pca[i]), constant=data.entities[const[i]],
            body_constant=None if free else data.entities[d[i]], constant_subject=subject,
        ))
    return out


# -- ranking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RulePrediction:
    """A predicted entity, the best rule that predicts it and that rule's ranking confidence."""

    entity: str
    label: str
    confidence: float
    rule: Rule


AGGREGATIONS = ("max", "noisy-or")


def check_aggregation(aggregation: str, top_rules: int) -> None:
    """Raise a one-line :class:`StudentError` for an unknown aggregation or a ``top_rules`` out of range."""
    if aggregation not in AGGREGATIONS:
        raise StudentError(f"unknown aggregation {aggregation!r}; use one of {', '.join(AGGREGATIONS)}")
    most = 5 if aggregation == "max" else 10_000  # max: 1000**5 is still exact in float64
    if not 1 <= top_rules <= most:
        raise StudentError(f"top_rules must be between 1 and {most}, got {top_rules}")


class RulePredictor:
    """Ranks the answers of ``(h, r, ?)`` and ``(?, r, t)`` by the rules that fire, over each
    candidate's best ``top_rules`` rules (:data:`TOP_RULES`):

    * ``aggregation="max"`` (AnyBURL's): the best rule's confidence decides, the next ones break
      ties (the confidences, quantised to 1/1000, read lexicographically);
    * ``"noisy-or"``: ``1 - Π (1 - conf)`` over those rules, so agreeing rules add up.

    A rule's ranking confidence is AnyBURL's: ``support / (body_size + unseen)``, which ranks a
    rule seen twice below one seen a hundred times at the same ratio."""

    def __init__(self, rules: Sequence[Rule], vocab: TripleSet, *, unseen: int = 5, max_rules: int = 3000,
                 aggregation: str = "max", top_rules: int = TOP_RULES, exclusions: Sequence[Exclusion] = (),
                 _bodies: "_Bodies | None" = None) -> None:
        check_aggregation(aggregation, top_rules)
        self.vocab = vocab
        self.unseen = unseen
        self.aggregation, self.top_rules = aggregation, top_rules
        E, R = vocab.num_entities, vocab.num_relations
        self.E, self.R = E, R
        r_idx = vocab.relation_index()
        g = _Graph(np.unique(vocab.triples.reshape(-1, 3), axis=0), E, R) if len(vocab.triples) else None
        # per query relation: the pairs an exclusion rules out, [E, E] (heads: transposed)
        self.exclusions = [ex for ex in exclusions if ex.head in r_idx and ex.body in r_idx]
        self.use_exclusions = bool(self.exclusions)
        self._excluded: dict[int, sp.csr_matrix] = {}
        labels: dict[int, list[int]] = {}
        for ex in self.exclusions:
            labels.setdefault(r_idx[ex.head], []).append(r_idx[ex.body] + (R if ex.inverse else 0))
        for r, ls in labels.items():
            if g is None:
                break
            sel = np.isin(g.lab, ls)
            m = sp.csr_matrix((np.ones(int(sel.sum()), dtype=np.int8), (g.src[sel], g.dst[sel])), shape=(E, E))
            m.sum_duplicates()
            self._excluded[r], self._excluded[r + R] = m, m.T.tocsr()
        by_head: dict[int, list[tuple[float, tuple[int, ...], Rule]]] = {}
        e_idx = vocab.entity_index()
        for rule in rules:
            if rule.head not in r_idx or any(b not in r_idx for b, _ in rule.body):
                continue
            body = tuple(r_idx[b] + (R if inv else 0) for b, inv in rule.body)
            if rule.constant is not None:
                if rule.constant not in e_idx or (rule.body_constant is not None and rule.body_constant not in e_idx):
                    continue
                d = -1 if rule.body_constant is None else e_idx[rule.body_constant]
                body = (-1, body[0], d, e_idx[rule.constant], int(rule.constant_subject))
            conf = rule.support / (rule.body_size + unseen)
            by_head.setdefault(r_idx[rule.head], []).append((conf, body, rule))
        # per query relation (r: tails, r + R: heads): [E, n_rules * E] body rows side by side,
        # rules best first, and their quantised confidences
        self._stack: dict[int, tuple[sp.csr_matrix, np.ndarray, np.ndarray]] = {}
        matrices: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}  # body -> its (x, y) pairs
        bodies = _bodies if _bodies is not None else (_Bodies(g) if g is not None else None)
        self.rules: dict[int, list[tuple[float, Rule]]] = {}  # per head relation, best first
        self.rule_count = 0
        for r, items in by_head.items():
            items = sorted(items, key=lambda c: -c[0])[:max_rules]
            self.rules[r] = [(c, rule) for c, _, rule in items]
            self.rule_count += len(items)
            if g is None or bodies is None:  # bodies is None only without a graph
                continue
            confs = np.array([c for c, _, _ in items], dtype=np.float64)
            q = np.floor(confs * (_LEVELS - 1)) + 1
            if bodies.A is not None:  # [rules, x, y] -> rows x, columns (rule, y)
                D = np.stack([bodies._dense(body) for _, body, _ in items])
                self._stack[r] = (sp.csr_matrix(D.transpose(1, 0, 2).reshape(E, -1)), q, confs)
                self._stack[r + R] = (sp.csr_matrix(D.transpose(2, 0, 1).reshape(E, -1)), q, confs)
                continue
            xs, ys, cols = [], [], []
            for j, (_, body, _) in enumerate(items):
                if body not in matrices:
                    matrices[body] = bodies.pairs(body)
                x, y = matrices[body]
                xs.append(x)
                ys.append(y)
                cols.append(np.full(len(x), j * E, dtype=np.int64))
            x, y, offset = np.concatenate(xs), np.concatenate(ys), np.concatenate(cols)
            ones = np.ones(len(x), dtype=np.int8)
            self._stack[r] = (sp.csr_matrix((ones, (x, offset + y)), shape=(E, len(items) * E)), q, confs)
            self._stack[r + R] = (sp.csr_matrix((ones, (y, offset + x)), shape=(E, len(items) * E)), q, confs)

    @classmethod
    def fit(cls, data: TripleSet | Split, config: MiningConfig | None = None, **options) -> tuple["RulePredictor", MinedRules]:
        """Mine rules from ``data`` (a split's training part) and build the predictor."""
        train = data.train if isinstance(data, Split) else data
        mined = mine(train, config)
        return cls(mined.rules, train, exclusions=mined.exclusions, _bodies=mined._bodies, **options), mined

    def lex_scores(self, entities: np.ndarray, relations: np.ndarray) -> np.ndarray:
        """``[B, E]`` float64 scores of queries ``(entity, relation')``, ``relation' = r`` for
        tails and ``r + R`` for heads (0: no rule fires). ``max``: a candidate's top rules'
        confidences (quantised to 1/1000, integers ``1..1000``) read as the digits of one number,
        best first; whole numbers, so anything in ``[0, 1)`` added only breaks ties.
        ``noisy-or``: ``1 - Π (1 - conf)`` over its top rules."""
        ents = np.asarray(entities, dtype=np.int64).reshape(-1)
        rels = np.asarray(relations, dtype=np.int64).reshape(-1)
        out = np.zeros((len(ents), self.E), dtype=np.float64)
        weights = float(_LEVELS) ** np.arange(self.top_rules - 1, -1, -1)
        for rel in np.unique(rels):
            got = self._stack.get(int(rel))
            if got is None:
                continue
            stack, q, conf = got
            where = np.flatnonzero(rels == rel)
            fired = stack[ents[where]].tocoo()
            rule, cand = fired.col // self.E, fired.col % self.E
            key = fired.row.astype(np.int64) * self.E + cand
            order = np.lexsort((rule, key))  # by query and candidate, then best rule first
            key, rule = key[order], rule[order]
            first = np.r_[True, key[1:] != key[:-1]]
            pos = np.arange(len(key)) - np.maximum.accumulate(np.where(first, np.arange(len(key)), 0))
            top = pos < self.top_rules
            vals = np.zeros(len(where) * self.E)
            if self.aggregation == "max":
                np.add.at(vals, key[top], q[rule[top]] * weights[pos[top]])
            else:  # log Π (1 - conf), then 1 - Π
                np.add.at(vals, key[top], np.log1p(-np.minimum(conf[rule[top]], 1.0 - 1e-12)))
                vals = -np.expm1(vals)
            out[where] = vals.reshape(len(where), self.E)
        return out

    def with_ranking(self, aggregation: str, top_rules: int = TOP_RULES, *, exclusions: bool = True) -> "RulePredictor":
        """The same rules ranked another way (a shallow copy: the rules are shared); ``exclusions``
        False: the exclusions are not used."""
        check_aggregation(aggregation, top_rules)
        other = copy.copy(self)
        other.aggregation, other.top_rules = aggregation, top_rules
        other.use_exclusions = exclusions and bool(self.exclusions)
        return other

    def choose(self, validation: np.ndarray, *, known: np.ndarray,
               ways: Sequence[tuple[str, int]] = (("max", TOP_RULES), ("noisy-or", 3), ("noisy-or", 5), ("noisy-or", 10)),
               ) -> tuple["RulePredictor", dict[str, float]]:
        """The ranking (an aggregation ``(name, top_rules)`` of ``ways``, with or without the
        exclusions) with the best MRR on the ``validation`` triples (filtered by ``known``:
        training and validation triples, never test ones), and every way's validation MRR."""
        tried: dict[str, float] = {}
        best: tuple[float, RulePredictor] | None = None
        for use in (True, False) if self.exclusions else (False,):
            for aggregation, top in ways:
                other = self.with_ranking(aggregation, top, exclusions=use)
                mrr = other.evaluate(validation, known=known).mrr
                tried[other.ranking] = mrr
                if best is None or mrr > best[0]:
                    best = (mrr, other)
        assert best is not None
        return best[1], tried

    @property
    def ranking(self) -> str:
        """How it ranks, in words: ``noisy-or top 5, exclusions``."""
        return f"{self.aggregation} top {self.top_rules}" + (", exclusions" if self.use_exclusions else "")

    def excluded(self, entities: np.ndarray, relations: np.ndarray) -> np.ndarray:
        """``[B, E]`` bool: the candidates an exclusion rules out (all False when they are not used)."""
        ents = np.asarray(entities, dtype=np.int64).reshape(-1)
        rels = np.asarray(relations, dtype=np.int64).reshape(-1)
        out = np.zeros((len(ents), self.E), dtype=bool)
        if not self.use_exclusions:
            return out
        for rel in np.unique(rels):
            m = self._excluded.get(int(rel))
            if m is not None:
                where = np.flatnonzero(rels == rel)
                out[where] = m[ents[where]].toarray() > 0
        return out

    def unit_scores(self, entities: np.ndarray, relations: np.ndarray) -> np.ndarray:
        """The ranking as scores in ``[0, 1]``: :meth:`lex_scores` scaled (``max``: the best
        rule's confidence, the next ones below its third decimal); with exclusions, halved, and
        the candidates no exclusion rules out lifted by 0.5 (above all others)."""
        s = self.lex_scores(entities, relations)
        s = s / float(_LEVELS) ** self.top_rules if self.aggregation == "max" else s
        if self.use_exclusions:
            s = (s + ~self.excluded(entities, relations)) / 2.0
        return s

    def scores(self, entities: torch.Tensor | np.ndarray, relations: torch.Tensor | np.ndarray) -> torch.Tensor:
        """:meth:`lex_scores` as dense ranks per row (0 for candidates no rule predicts), those
        no exclusion rules out lifted above the others (by ``E + 1``): exact in float32 (the
        evaluator's precision)."""
        ents, rels = np.asarray(entities), np.asarray(relations)
        ranks = dense_ranks(self.lex_scores(ents, rels))
        if self.use_exclusions:
            ranks += (self.E + 1) * ~self.excluded(ents, rels)
        return torch.from_numpy(ranks)

    def best_rules(self, entity: int, relation: int) -> dict[int, Rule]:
        """For one query ``(entity, relation')``: each predicted candidate's best rule."""
        got = self._stack.get(relation)
        if got is None:
            return {}
        fired = got[0][[entity]].tocoo()
        out: dict[int, Rule] = {}
        rules = self.rules[relation % self.R]
        for j, cand in sorted(zip((fired.col // self.E).tolist(), (fired.col % self.E).tolist())):
            out.setdefault(cand, rules[j][1])
        return out

    def predict(self, head: str, relation: str, k: int = 10, *, include_known: bool = False) -> list[RulePrediction]:
        """The ``k`` best tails of ``(head, relation, ?)`` that some rule predicts and no
        exclusion rules out (IRIs or ids as in the vocabulary), each with its best rule and that
        rule's confidence."""
        return self.predict_many([head], relation, k, include_known=include_known)[0]

    def predict_many(self, heads: Sequence[str], relation: str, k: int = 10, *,
                     include_known: bool = False) -> list[list[RulePrediction]]:
        e_idx, r_idx = self.vocab.entity_index(), self.vocab.relation_index()
        if relation not in r_idx:
            raise StudentError(f"unknown relation {relation!r}: no rule or fact uses it")
        r = r_idx[relation]
        known: set[tuple[int, int]] = set()
        if not include_known:
            rows = self.vocab.triples[self.vocab.triples[:, 1] == r]
            known = set(zip(rows[:, 0].tolist(), rows[:, 2].tolist()))
        ids = [e_idx.get(h) for h in heads]
        present = [i for i in ids if i is not None]
        queries = (np.array(present, dtype=np.int64), np.full(len(present), r))
        scores = self.lex_scores(*queries) if present else None
        ruled_out = self.excluded(*queries) if present else None
        out: list[list[RulePrediction]] = []
        row = 0
        for h in ids:
            if h is None:
                out.append([])
                continue
            assert scores is not None and ruled_out is not None  # a known head: present is not empty
            s, out_ = scores[row], ruled_out[row]
            row += 1
            best = self.best_rules(h, r)
            order = [int(c) for c in np.argsort(-s, kind="stable")
                     if s[c] > 0 and not out_[c] and (h, int(c)) not in known][:k]
            conf = {id(rule): c for c, rule in self.rules.get(r, [])}
            out.append([
                RulePrediction(self.vocab.entities[c], self.vocab.labels.get(self.vocab.entities[c], ""),
                               conf[id(best[c])], best[c]) for c in order
            ])
        return out

    def evaluate(self, triples: np.ndarray, *, known: np.ndarray, batch_size: int = 256) -> RankMetrics:
        """Filtered metrics (head and tail queries, realistic ranks) through the link
        predictor's evaluator (:func:`kg.students.metrics.evaluate_ranking`)."""
        R = self.R
        return evaluate_ranking(
            lambda h, r: self.scores(h, r), lambda t, r: self.scores(t, r + R), triples,
            num_entities=self.E, num_relations=R, known=known, batch_size=batch_size,
        )


def dense_ranks(values: np.ndarray) -> np.ndarray:
    """Each row's values replaced by their dense rank in that row (the smallest value 0): the
    same order, in numbers float32 holds exactly."""
    idx = np.argsort(values, axis=1, kind="stable")
    ordered = np.take_along_axis(values, idx, axis=1)
    steps = np.concatenate([np.zeros((len(values), 1)), np.cumsum(np.diff(ordered, axis=1) > 0, axis=1)], axis=1)
    out = np.empty_like(steps)
    np.put_along_axis(out, idx, steps, axis=1)
    return out


# -- the multilevel loop: predictions as candidates -----------------------------------------


def propose_candidates(
    predictor: RulePredictor,
    store=None,
    *,
    k: int = 5,
    threshold: float = 0.5,
    heads: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
):
    """The rules' top-``k`` new tails per ``(head, relation)`` whose best rule's confidence is
    at least ``threshold``, as :class:`kg.records.Candidate` records (extractor and teacher
    ``student:rules``; one :class:`~kg.records.Completion` per query whose text names, for each
    tail, the rule that predicts it: the candidate's rationale). Facts already in the store's
    ``accepted`` graph (or among the rules' training facts) are left out. The same gates
    (validation, reasoner, critic) judge them as any teacher's candidates."""
    import hashlib

    from rdflib import URIRef

    from kg.records import Candidate, Completion

    vocab = predictor.vocab
    head_names = list(heads) if heads is not None else list(vocab.entities)
    rel_names = list(relations) if relations is not None else [vocab.relations[r] for r in sorted(predictor.rules)]
    short = lambda iri: iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # noqa: E731
    out = []
    for rel in rel_names:
        for start in range(0, len(head_names), 256):
            chunk = head_names[start : start + 256]
            for head, preds in zip(chunk, predictor.predict_many(chunk, rel, k)):
                keep = [p for p in preds if p.confidence >= threshold]
                if store is not None:
                    keep = [p for p in keep if not _in_store(store, head, rel, p.entity)]
                if not keep:
                    continue
                h_label = vocab.labels.get(head, "") or short(head)
                completion = Completion(
                    prompt_id=f"rules:{hashlib.sha1(f'{head} {rel}'.encode()).hexdigest()[:16]}",
                    prompt=f"{h_label} {short(rel)} ?",
                    teacher=TEACHER,
                    text="\n".join(f"{p.label or short(p.entity)}\t{p.confidence:.4f}\t{p.rule.text(short)}" for p in keep),
                    params={"k": k, "threshold": threshold},
                )
                for p in keep:
                    out.append(Candidate(
                        subject=URIRef(head), predicate=URIRef(rel), object=URIRef(p.entity), completion=completion,
                        span=p.label or short(p.entity), extractor=TEACHER, subject_label=h_label or None,
                        object_label=p.label or None,
                    ))
    return out


def _in_store(store, h: str, r: str, t: str) -> bool:
    from rdflib import URIRef

    if h.startswith("_:") or t.startswith("_:"):
        return False
    return next(iter(store.match(URIRef(h), URIRef(r), URIRef(t), graph="accepted")), None) is not None
