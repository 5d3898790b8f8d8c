"""Student 3's ranking: a link predictor that reads mined rules (:class:`RulePredictor`).

A query ``(h, r, ?)`` fires every rule of head ``r`` whose body
holds from ``h``; a candidate is ranked over its best rules, by the best one with the next ones
breaking ties (max-aggregation, AnyBURL's) or by their noisy-or; candidates an exclusion rules out
come last. Head queries ``(?, r, t)`` read the same bodies backwards.
The rules come from :func:`kg.students.rule_mining.mine`; :meth:`RulePredictor.fit` mines and
builds in one call.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse as sp
import torch

from kg.errors import StudentError, UnknownNameError
from kg.students.metrics import RankMetrics, evaluate_ranking
from kg.students.rule_mining import Bodies, Exclusion, IndexedGraph, MinedRules, MiningConfig, Rule, mine
from kg.students.triples import Split, TripleSet

__all__ = ["RulePredictor", "RulePrediction", "dense_ranks", "TOP_RULES", "AGGREGATIONS", "check_aggregation"]

TOP_RULES = 4
"""How many of a candidate's best rules decide its rank (later ones only break exact ties)."""
_LEVELS = 1000  # confidence quantised to 1/1000 for the lexicographic score


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
                 _bodies: "Bodies | None" = None) -> None:
        check_aggregation(aggregation, top_rules)
        self.vocab = vocab
        self.unseen = unseen
        self.aggregation, self.top_rules = aggregation, top_rules
        E, R = vocab.num_entities, vocab.num_relations
        self.E, self.R = E, R
        r_idx = vocab.relation_index()
        g = IndexedGraph(np.unique(vocab.triples.reshape(-1, 3), axis=0), E, R) if len(vocab.triples) else None
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
        bodies = _bodies if _bodies is not None else (Bodies(g) if g is not None else None)
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
            raise UnknownNameError(f"unknown relation {relation!r}: no rule or fact uses it")
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
