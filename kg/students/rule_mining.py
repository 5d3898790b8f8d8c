"""Student 3's mining: closed Horn rules found in the graph (:func:`mine`), and what it returns.

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
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Iterable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from kg.errors import StudentError, StudentSettingError
from kg.iri import local_name
from kg.progress import TrainingBar
from kg.students.triples import TripleSet, from_triples

__all__ = ["MiningConfig", "Rule", "Exclusion", "MinedRules", "mine", "measure", "IndexedGraph", "Bodies"]


_EPS = 1e-9
"""Slack for threshold tests: ``0.07 * 100`` is ``7.000000000000001``, so a rule with head
coverage exactly 0.07 failed ``--min-head-coverage 0.07`` (support 7 against ``ceil`` 8)."""


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
            raise StudentSettingError(f"max_length must be 2 or 3 atoms (head included), got {self.max_length}")
        if self.min_exclusion_body < 1:
            raise StudentSettingError(f"min_exclusion_body must be at least 1, got {self.min_exclusion_body}")
        if self.min_support < 1:
            raise StudentSettingError(f"min_support must be at least 1, got {self.min_support}")
        for name in ("min_head_coverage", "min_confidence", "min_pca_confidence", "min_constant_confidence",
                     "max_exclusion_confidence"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise StudentSettingError(f"{name} must be between 0 and 1, got {v}")


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

    def sparql(self, prefixes: Mapping[str, str] | None = None) -> str:
        """The rule as a SPARQL ``CONSTRUCT`` the reasoner compiles (``reasoners.rules``); with
        ``prefixes``, for people: ``PREFIX`` lines and prefixed names where they fit."""
        from kg.namespaces import prefixed_name

        head, body = self.atoms()
        used: set[str] = set()

        def t(x: str) -> str:
            if x.startswith("?"):
                return x
            name = prefixed_name(x, prefixes) if prefixes else None
            if name is None:
                return f"<{x}>"
            used.add(name.split(":", 1)[0])
            return name

        pat = lambda a: f"{t(a[0])} {t(a[1])} {t(a[2])} ."  # noqa: E731
        # object identity: every two variables, and each variable and constant, bind different terms
        terms = {x for s, _, o in (head, *body) for x in (s, o)}
        names = sorted(x for x in terms if x.startswith("?"))
        differ = [f"{a} != {b}" for i, a in enumerate(names) for b in names[i + 1:]]
        differ += [f"{v} != {t(c)}" for v in names for c in sorted(terms - set(names))]
        where = " ".join(pat(b) for b in body) + (f" FILTER({' && '.join(differ)})" if differ else "")
        query = f"CONSTRUCT {{ {pat(head)} }}\nWHERE {{ {where} }}\n"
        return "".join(f"PREFIX {p}: <{(prefixes or {})[p]}>\n" for p in sorted(used)) + query

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
    _bodies: Bodies | None = field(default=None, repr=False, compare=False)  # the groundings computed, for the predictor
    mining: str | None = None
    """The ``kg:RuleMining`` node the rules were stored under (None: not stored)."""


# -- mining -------------------------------------------------------------------------------


class IndexedGraph:
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


class Bodies:
    """Body groundings (``x != y``), computed once per body and shared by mining and ranking:
    ``stats`` gives ``(|B|, groundings per x)``, ``matrix`` the 0/1 ``[E, E]`` CSR matrix."""

    def __init__(self, g: IndexedGraph) -> None:
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


def _body_matrix(g: IndexedGraph, body: tuple[int, ...]) -> sp.csr_matrix:
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


def _path_estimate(g: IndexedGraph, body: tuple[int, int]) -> int:
    """Paths through ``body`` (an upper bound of its groundings), from degrees alone."""
    a, b = g.adjacency(body[0]), g.adjacency(body[1])
    return int(np.dot(np.diff(a.tocsc().indptr), np.diff(b.indptr)))


def _count_supports(g: IndexedGraph, x: np.ndarray, y: np.ndarray, max_length: int, chunk: int) -> tuple[np.ndarray, np.ndarray]:
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
    g = IndexedGraph(triples, E, R)
    groundings = Bodies(g)
    L = 2 * R
    bodies: dict[tuple[int, ...], tuple[int, np.ndarray] | None] = {}
    found: list[Rule] = []
    exclusions: list[Exclusion] = []
    label_sizes = np.bincount(g.lab, minlength=L)  # pairs of each one-atom body
    candidates = skipped = 0
    counts = np.bincount(triples[:, 1], minlength=R)
    stated = _stated_by_ontology(data)
    with TrainingBar(total=R, enabled=config.progress, label="mining") as bar:
        for r in np.argsort(-counts, kind="stable"):
            r = int(r)
            facts = triples[triples[:, 1] == r]
            head_size = len(facts)
            bar.update(advance=1, description=f"{local_name(data.relations[r])} ({head_size:,} facts), {len(found):,} rules")
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
            need = max(config.min_support, int(np.ceil(config.min_head_coverage * head_size - _EPS)))
            one[r] = 0  # r(X, Y) <= r(X, Y)
            for body in stated.get(r, ()):  # what the ontology says already (symmetry, inverses, ...)
                if len(body) == 1:
                    one[body[0]] = 0
                else:
                    two[body] = 0
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
                if rule.confidence >= config.min_confidence - _EPS and rule.pca_confidence >= config.min_pca_confidence - _EPS:
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


def measure(data: TripleSet, rules: Sequence[Rule]) -> list[Rule]:
    """``rules`` with their metrics on ``data``, as :func:`mine` counts them (a rule a person
    decided on keeps its status when a later mining's thresholds leave it out: its metrics must
    still say what it does). A rule with constants, or one naming a relation ``data`` lacks,
    comes back with support 0 (its body sizes as they were for constants)."""
    if not rules:
        return []
    triples = np.unique(np.asarray(data.triples, dtype=np.int64).reshape(-1, 3), axis=0)
    E, R = data.num_entities, data.num_relations
    ids = data.relation_index()
    groundings = Bodies(IndexedGraph(triples, E, R)) if len(triples) else None
    out = []
    for rule in rules:
        facts = triples[triples[:, 1] == ids[rule.head]] if rule.head in ids else triples[:0]
        if rule.constant is not None or groundings is None or any(rel not in ids for rel, _ in rule.body):
            out.append(replace(rule, support=0, head_size=len(facts)))
            continue
        body = tuple(ids[rel] + (R if inverse else 0) for rel, inverse in rule.body)
        size, rowcounts = groundings.stats(body)
        has_tail = np.zeros(E, dtype=bool)
        has_tail[facts[:, 0]] = True
        xs, ys = groundings.pairs(body)
        heads = set((facts[:, 0] * E + facts[:, 2]).tolist())
        support = sum(1 for key in (xs * E + ys).tolist() if key in heads)
        out.append(replace(rule, support=support, head_size=len(facts), body_size=int(size),
                           pca_body_size=int(rowcounts[has_tail].sum())))
    return out


def _stated_by_ontology(data: TripleSet) -> dict[int, list[tuple[int, ...]]]:
    """The bodies the ontology already gives each head relation, as body labels (``l >= R``:
    read backwards): ``r(X, Y) <= r(Y, X)`` for a symmetric ``r``, ``r(X, Y) <= q(Y, X)`` for
    ``r owl:inverseOf q``, ``r(X, Y) <= p(X, Y)`` for ``p rdfs:subPropertyOf r`` (or
    ``owl:equivalentProperty``), ``r(X, Y) <= r(X, Z), r(Z, Y)`` for a transitive ``r``. The
    reasoner derives them; mined, they would be proposed as if they were news."""
    ids = {name: i for i, name in enumerate(data.relations)}
    R = data.num_relations
    out: dict[int, list[tuple[int, ...]]] = {}
    for name in data.symmetric:
        if name in ids:
            out.setdefault(ids[name], []).append((ids[name] + R,))
    for a, b in data.inverse_pairs:
        if a in ids and b in ids:
            out.setdefault(ids[a], []).append((ids[b] + R,))
            out.setdefault(ids[b], []).append((ids[a] + R,))
    for p, q in data.subproperties:
        if p in ids and q in ids:
            out.setdefault(ids[q], []).append((ids[p],))
    for name in data.transitive:
        if name in ids:
            out.setdefault(ids[name], []).append((ids[name], ids[name]))
    return out


def _constant_rules(g: IndexedGraph, triples: np.ndarray, data: TripleSet, config: MiningConfig) -> list[Rule]:
    """Every kind of rule with constants the config asks for (:func:`_constant_kind`)."""
    out = []
    for subject in (False, True) if config.subject_constants else (False,):
        for free in (False, True) if config.free_variable else (False,):
            out += _constant_kind(g, triples, data, config, subject=subject, free=free)
    return out


def _constant_kind(g: IndexedGraph, triples: np.ndarray, data: TripleSet, config: MiningConfig, *, subject: bool,
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
    need = np.maximum(config.min_support, np.ceil(config.min_head_coverage * head_size[rel] - _EPS))
    keep = (support >= need) & ~(same & ((d == const) | free))
    # a blank node names nothing outside the file it came from: never a rule's constant
    blank = np.fromiter((e.startswith("_:") for e in data.entities), dtype=bool, count=E)
    keep &= ~blank[const] & ~((d >= 0) & blank[np.maximum(d, 0)])
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
    ok = (support >= floor * body - _EPS) & (support >= config.min_pca_confidence * pca - _EPS) & (body > 0)
    out = []
    for i in np.flatnonzero(ok):
        out.append(Rule(
            head=data.relations[rel[i]], body=((data.relations[label[i] % R], bool(label[i] >= R)),),
            support=int(support[i]), head_size=int(head_size[rel[i]]), body_size=int(body[i]),
            pca_body_size=int(pca[i]), constant=data.entities[const[i]],
            body_constant=None if free else data.entities[d[i]], constant_subject=subject,
        ))
    return out
