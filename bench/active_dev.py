"""Choosing the active strategy's settings on the dev split (issue #23; docs/active.md).

    nice -n 10 python bench/active_dev.py --critic DIR

Every (head, relation) pair of the dev split (``bench/active.py``'s ``split_of``: a third of the
heads the critic never trained on, never drawn by the reported ``--split eval`` runs) is asked
once of the offline teacher through ``kg distill`` with the critic's gate, and its accepted facts
are counted. The chooser (:func:`kg.active.choose`, the yield signal with the other signals at
``--sparse`` or 0) is then replayed on those measured yields for each setting: per replay seed,
``--heads`` dev heads are drawn, ``--budget`` calls are spent in rounds of ``--round`` and the
accepted facts per call are divided by the pool's mean (what a random choice gets on average).
The human match (``bench/active.py``) of the chosen pairs' facts is printed beside it. A replay
assumes a pair yields the same whenever it is asked (the real loop re-scores with the critic,
whose int8 scores move a little with their batch mates).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import active as bench  # noqa: E402  (bench/active.py)


def measure(critic: Path, work: Path) -> tuple[dict, float]:
    """Each dev pair's accepted facts and human-matched facts, from one pass over all of them."""
    from kg.active import key, read_state
    from kg.config import load_config
    from kg.critic import Critic
    from kg.critics.cross_encoder import CrossEncoderCritic
    from kg.ontology import load_domain
    from kg.pipeline import Parts, distill
    from kg.store import open_store
    from kg.teachers.offline import OfflineTeacher

    rows = [json.loads(line) for line in bench.DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    heads = [h for h in bench.untrained_heads(rows, critic) if bench.split_of(h) == "dev"]
    dev_rows = [r for r in rows if r["head"] in set(heads)]
    (work / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in dev_rows), encoding="utf-8")
    (work / "seeds.txt").write_text("\n".join(heads) + "\n", encoding="utf-8")
    domain = load_domain("commonsense")
    iris = {n: str(r.iri) for n, r in domain.relations.items()}
    teacher = OfflineTeacher(work / "rows.jsonl")
    pairs = teacher.pairs()
    cfg = load_config(None, {
        "domain": "commonsense", "store": str(work / "store"), "teacher.spec": f"offline:{work / 'rows.jsonl'}",
        "teacher.no_cache": True, "prompts.seeds_file": str(work / "seeds.txt"), "prompts.shots": 1,
        "run.materialize": False, "strategy.kind": "random", "strategy.budget": len(pairs), "strategy.rounds": 1,
    })
    judge = CrossEncoderCritic.load(critic, quantize=True)
    distill(cfg, parts=Parts(domain=domain, teacher=teacher, critic=Critic.from_config(cfg.critic, domain=domain, model=judge)))
    store = open_store(str(work / "store"))
    try:
        state = read_state(store, iris.values())
        facts = bench.accepted_facts(store, iris)
    finally:
        store.close()
    evaluation = bench.Evaluation(dev_rows, rows, iris, 0)
    by_pair: dict[tuple[str, str], list] = {}
    for f in facts:
        by_pair.setdefault((f[0], f[1]), []).append(f)
    out = {}
    for h, r in pairs:
        y = state.facts_by_relation[(key(h), iris[r])]
        match = evaluation.human_match(by_pair.get((h, r), []))
        out[(h, r)] = (y, round((match or 0.0) * len(by_pair.get((h, r), []))))
    return out, len(heads)


def replay(yields: dict, weights, *, seed: int, heads: int, budget: int, round_size: int) -> tuple[float, float]:
    """Accepted facts per call of the replayed choice over the pool's mean, and its human match."""
    from kg.active import GraphState, choose, key
    from kg.ontology import load_domain

    iris = {n: str(r.iri) for n, r in load_domain("commonsense").relations.items()}
    drawn = sorted({h for h, _ in yields})
    random.Random(seed).shuffle(drawn)
    pool = sorted(p for p in yields if p[0] in set(drawn[:heads]))
    state, asked = GraphState(), []
    while len(asked) < min(budget, len(pool)):
        left = [p for p in pool if p not in set(asked)]
        k = min(round_size, budget - len(asked))
        for c in choose(left, k, strategy="active", seed=seed * 1000 + len(asked), state=state, relation_iris=iris, weights=weights):
            pair = (c.head, c.relation)
            asked.append(pair)
            state.asked[(key(c.head), c.relation)] = 1
            state.facts_by_relation[(key(c.head), iris[c.relation])] += yields[pair][0]
            state.facts[key(c.head)] += yields[pair][0]
    got = sum(yields[p][0] for p in asked)
    mean = statistics.mean(yields[p][0] for p in pool)
    return got / len(asked) / mean, (sum(yields[p][1] for p in asked) / got if got else 0.0)


def main(argv: list[str] | None = None) -> int:
    from kg.active import Weights

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--critic", type=Path, required=True)
    ap.add_argument("--heads", type=int, default=100, help="dev heads drawn per replay seed")
    ap.add_argument("--budget", type=int, default=50, help="calls per replay (50 of about 160 pairs: the eval bench's share)")
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--explore", default="0,0.25,0.5,1,2")
    ap.add_argument("--similar-heads", default="0,1,2")
    ap.add_argument("--round", default="5,25")
    ap.add_argument("--sparse", default="0,0.3")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="bench-active-dev-") as tmp:
        yields, n = measure(args.critic, Path(tmp))
    total = sum(y for y, _ in yields.values())
    print(f"dev split: {n} heads, {len(yields)} pairs, {total / len(yields):.2f} accepted per call, "
          f"human match {sum(m for _, m in yields.values()) / total:.3f}")
    grid = itertools.product(*(map(float, v.split(",")) for v in (args.explore, args.similar_heads, args.round, args.sparse)))
    for explore, heads, round_size, sparse in grid:
        w = Weights(sparse=sparse, unsure=0, disagree=0, conflict=0, yields=1, explore=explore, similar_heads=heads)
        res = [replay(yields, w, seed=s, heads=args.heads, budget=args.budget, round_size=int(round_size)) for s in range(args.seeds)]
        ratios = [r for r, _ in res]
        print(f"explore {explore:g} similar_heads {heads:g} round {int(round_size)} sparse {sparse:g}: "
              f"{statistics.mean(ratios):.2f}x ± {statistics.stdev(ratios):.2f} the pool's mean per call, "
              f"human match {statistics.mean(m for _, m in res):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
