"""The rules and the GNN together: the ways of combining them keep each one's order where they
should, and the choice on validation can fall back on either alone."""

from __future__ import annotations

import numpy as np

from kg.students.ensemble import Ensemble
from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig
from kg.students.rules import MiningConfig, RulePredictor, dense_ranks
from kg.students.triples import Split, from_triples

EX = "http://example.org/"


def _split() -> Split:
    """Two families of parent chains with grandparent facts; one grandparent fact per split."""
    triples = []
    for f in range(4):
        p = [f"{EX}f{f}p{i}" for i in range(4)]
        triples += [(p[i], EX + "parentOf", p[i + 1]) for i in range(3)]
        triples += [(p[i], EX + "grandparentOf", p[i + 2]) for i in range(2)]
    vocab = from_triples(triples)
    gp = vocab.relation_index()[EX + "grandparentOf"]
    rows = vocab.triples
    held = np.flatnonzero(rows[:, 1] == gp)[:2]
    train = np.delete(rows, held, axis=0)
    return Split(vocab.with_triples(train), vocab.with_triples(rows[held[:1]]), vocab.with_triples(rows[held[1:]]))


def test_ensemble_ways_keep_the_rules_order_and_choose_on_validation():
    split = _split()
    rules, _ = RulePredictor.fit(split, MiningConfig(min_support=2))
    gnn = LinkPredictor.train(split, model=ModelConfig(dim=8),
                              training=TrainConfig(epochs=2, seed=0, progress=False, threads=1))
    ents = np.arange(split.train.num_entities)
    rels = np.full(len(ents), split.train.relation_index()[EX + "grandparentOf"])
    rule = rules.unit_scores(ents, rels)
    # alpha 1 is the rules alone, exactly; rules first keeps every strict order of the rules
    assert np.array_equal(Ensemble(rules, gnn, 1.0).lex_scores(ents, rels), rule)
    first = Ensemble(rules, gnn, None).lex_scores(ents, rels)
    ranks = dense_ranks(rule)
    above = ranks[:, :, None] > ranks[:, None, :]
    assert above.any() and (first[:, :, None] > first[:, None, :])[above].all()
    known = np.concatenate([split.train.triples, split.validation.triples])
    chosen, tried = Ensemble.choose(rules, gnn, split.validation.triples, known=known, alphas=(0.0, 0.5, 1.0))
    assert {"GNN alone (alpha=0)", "rules alone (alpha=1)", "rules first, GNN for ties"} <= set(tried)
    assert tried[chosen.name] == max(tried.values())
