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

    nice -n 10 python bench/active_dev.py --critic DIR --save-yields dev.json   # measure once, keep it
    python bench/active_dev.py --critic DIR --yields dev.json --critic-term 0,0.5,1 --steps 5

``--critic-term W`` replays the product's yield critic term (``[strategy] yield_critic``) as
``bench/active.py`` runs it: a retrieval generator indexed on the human tails the critic trained
on (no dev head among them) proposes for the shortlisted pairs and the critic scores them. Each
setting prints the ratio at each of ``--steps`` budget steps (cumulative: the learning curve of
``bench/active.py``), and ``--ceiling`` prints what an oracle reaches at the same steps: one that
knows every pair's measured yield, one that knows only the relations' true means, and one that
knows the relations' true means and adds the critic term (``docs/active.md``).
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


def measure(critic: Path, work: Path) -> dict:
    """Each dev pair's (accepted facts, human-matched facts, rejected candidates), from one pass over all of them."""
    from kg.critics.cross_encoder import CrossEncoderCritic
    from kg.ontology import load_domain

    rows = [json.loads(line) for line in bench.DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    heads = [h for h in bench.untrained_heads(rows, critic) if bench.split_of(h) == "dev"]
    dev_rows = [r for r in rows if r["head"] in set(heads)]
    (work / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in dev_rows), encoding="utf-8")
    (work / "seeds.txt").write_text("\n".join(heads) + "\n", encoding="utf-8")
    iris = {n: str(r.iri) for n, r in load_domain("commonsense").relations.items()}
    judge = CrossEncoderCritic.load(critic, quantize=True)
    return bench.measure_pairs(work / "rows.jsonl", work / "seeds.txt", work / "store", judge, bench.Evaluation(dev_rows, rows, iris, 0))


def replay(yields: dict, weights, *, seed: int, heads: int, budget: int, round_size: int, steps: int = 1,
           proposers: tuple = (), judge=None, shortlist: int = 200) -> tuple[list[float], float]:
    """Accepted facts per call of the replayed choice over the pool's mean at each of ``steps``
    budget steps (cumulative), and the human match of the whole budget's facts."""
    from kg.active import GraphState, choose, key

    iris = _iris()
    drawn = sorted({h for h, _ in yields})
    random.Random(seed).shuffle(drawn)
    pool = sorted(p for p in yields if p[0] in set(drawn[:heads]))
    state, asked = GraphState(), []
    while len(asked) < min(budget, len(pool)):
        left = [p for p in pool if p not in set(asked)]
        k = min(round_size, budget - len(asked))
        for c in choose(left, k, strategy="active", seed=seed * 1000 + len(asked), state=state, relation_iris=iris, weights=weights,
                        proposers=proposers, judge=judge, shortlist=shortlist):
            pair = (c.head, c.relation)
            asked.append(pair)
            accepted, _, rejected = yields[pair]
            state.asked[(key(c.head), c.relation)] = 1
            state.facts_by_relation[(key(c.head), iris[c.relation])] += accepted
            state.rejected[(key(c.head), iris[c.relation])] += rejected
            state.facts[key(c.head)] += accepted
    mean = statistics.mean(yields[p][0] for p in pool)
    ratios = []
    for i in range(1, steps + 1):
        upto = asked[: len(asked) * i // steps]
        ratios.append(sum(yields[p][0] for p in upto) / len(upto) / mean)
    got = sum(yields[p][0] for p in asked)
    return ratios, (sum(yields[p][1] for p in asked) / got if got else 0.0)


def ceiling(yields: dict, shares: dict | None, *, seeds: int, heads: int, budget: int, steps: int) -> list[str]:
    """What oracles reach at each budget step, over the pool's mean: :func:`bench.oracles` (one that
    knows every pair's accepted facts, one that knows only the relations' true means) and, with
    ``shares``, one that knows the relations' true means and answers per call and adds the critic
    term at weight 0.5 (``kg.active.yields``)."""
    drawn = sorted({h for h, _ in yields})
    out: dict[str, list[list[float]]] = {"every pair's yield": [], "the relations' true means": []}
    if shares:
        out["the relations' true means + the critic term 0.5"] = []
    for seed in range(seeds):
        order = drawn[:]
        random.Random(seed).shuffle(order)
        pool = {p: y for p, y in yields.items() if p[0] in set(order[:heads])}
        calls = [min(budget, len(pool)) * i // steps for i in range(1, steps + 1)]
        found = [bench.oracles(pool, n) for n in calls]
        out["every pair's yield"].append([o["pairs"] for o in found])
        out["the relations' true means"].append([o["relations"] for o in found])
        if shares:
            by_rel: dict[str, list] = {}
            for p in pool:
                by_rel.setdefault(p[1], []).append(p)
            rel_mean = {r: statistics.mean(pool[p][0] for p in ps) for r, ps in by_rel.items()}
            returned = {r: statistics.mean(pool[p][0] + pool[p][2] for p in ps) for r, ps in by_rel.items()}
            centre = {r: statistics.mean(shares.get(p, 0.0) for p in ps) for r, ps in by_rel.items()}
            ranked = sorted(pool, key=lambda p: -(rel_mean[p[1]] + 0.5 * (shares.get(p, 0.0) - centre[p[1]]) * returned[p[1]]))
            mean = found[0]["pool_mean"]
            out["the relations' true means + the critic term 0.5"].append([sum(pool[p][0] for p in ranked[:n]) / n / mean for n in calls])
    return [f"oracle, {name}: " + " / ".join(f"{statistics.mean(col):.2f}" for col in zip(*rows)) for name, rows in out.items()]


def _iris() -> dict[str, str]:
    from kg.ontology import load_domain

    return {n: str(r.iri) for n, r in load_domain("commonsense").relations.items()}


def critic_parts(critic: Path, yields: dict):
    """The yield critic term's generator (indexed on the critic's training rows, which share no
    head with the dev pairs) and the judge, as ``bench/active.py`` gives them to active."""
    from kg.active import GeneratorProposer
    from kg.critics.cross_encoder import CrossEncoderCritic

    generator = _Remembered(GeneratorProposer(bench.critic_data_generator(bench.critic_training_rows(critic), {h for h, _ in yields})))
    return generator, CrossEncoderCritic.load(critic, quantize=True)


class _Remembered:
    """A proposer that answers a (pair, k) it proposed for before from memory (replays ask the
    same pairs round after round; the retrieval generator's answer depends on the pair alone)."""

    def __init__(self, proposer) -> None:
        self.name, self.proposer, self.memory = proposer.name, proposer, {}

    def propose(self, pairs, k: int) -> list[list[str]]:
        todo = [p for p in dict.fromkeys(pairs) if (p, k) not in self.memory]
        for p, tails in zip(todo, self.proposer.propose(todo, k) if todo else []):
            self.memory[(p, k)] = tails
        return [list(self.memory[(p, k)]) for p in pairs]


def critic_shares(yields: dict, generator, judge) -> dict:
    """Every pair's critic share (:func:`kg.active.yields.critic_share` of the generator's proposals)."""
    from kg.active.choose import CRITIC_TAILS
    from kg.active.yields import critic_share

    pairs = sorted(yields)
    proposed = generator.propose(pairs, CRITIC_TAILS)
    triples = list(dict.fromkeys((h, r, t) for (h, r), tails in zip(pairs, proposed) for t in tails))
    scores = dict(zip(triples, (float(x) for x in judge.score(triples))))
    return {p: critic_share([scores[(*p, t)] for t in tails], judge.threshold) for p, tails in zip(pairs, proposed) if tails}


def main(argv: list[str] | None = None) -> int:
    from kg.active import Weights

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--critic", type=Path, required=True)
    ap.add_argument("--yields", type=Path, help="the measured dev yields saved by --save-yields (skips the measuring pass)")
    ap.add_argument("--save-yields", type=Path, help="write the measured dev yields here")
    ap.add_argument("--heads", type=int, default=100, help="dev heads drawn per replay seed")
    ap.add_argument("--budget", type=int, default=50, help="calls per replay (50 of about 160 pairs: the eval bench's share)")
    ap.add_argument("--steps", type=int, default=1, help="budget steps to print the ratio at (5: eval's 20..100 calls of ~300)")
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--explore", default="0,0.25,0.5,1,2")
    ap.add_argument("--similar-heads", default="0,1,2")
    ap.add_argument("--round", default="5,25")
    ap.add_argument("--sparse", default="0,0.3")
    ap.add_argument("--critic-term", default="0", help="yield_critic weights (> 0: the critic-data generator and the critic)")
    ap.add_argument("--shortlist", default="200", help="pairs the critic term scores per round")
    ap.add_argument("--ceiling", action="store_true", help="print the oracles' ratios at the same steps")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    if args.yields:
        yields = {(h, r): (a, m, j) for h, r, a, m, j in json.loads(args.yields.read_text(encoding="utf-8"))}
    else:
        with tempfile.TemporaryDirectory(prefix="bench-active-dev-") as tmp:
            yields = measure(args.critic, Path(tmp))
    if args.save_yields:
        args.save_yields.write_text(json.dumps([[h, r, *v] for (h, r), v in sorted(yields.items())]), encoding="utf-8")
    total = sum(y for y, _, _ in yields.values())
    print(f"dev split: {len({h for h, _ in yields})} heads, {len(yields)} pairs, {total / len(yields):.2f} accepted per call, "
          f"human match {sum(m for _, m, _ in yields.values()) / total:.3f}")
    terms = [float(w) for w in args.critic_term.split(",")]
    generator, judge = critic_parts(args.critic, yields) if any(terms) or args.ceiling else (None, None)
    if args.ceiling:
        shares = critic_shares(yields, generator, judge)
        for line in ceiling(yields, shares, seeds=max(args.seeds, 100), heads=args.heads, budget=args.budget, steps=args.steps):
            print(line)
    settings = (args.explore, args.similar_heads, args.round, args.sparse, args.critic_term, args.shortlist)
    for explore, heads, round_size, sparse, term, shortlist in itertools.product(*(map(float, v.split(",")) for v in settings)):
        w = Weights(sparse=sparse, unsure=0, disagree=0, conflict=0, yields=1, explore=explore, similar_heads=heads, critic=term)
        parts = {"proposers": (generator,), "judge": judge, "shortlist": int(shortlist)} if term else {}
        res = [replay(yields, w, seed=s, heads=args.heads, budget=args.budget, round_size=int(round_size), steps=args.steps, **parts)
               for s in range(args.seeds)]
        last = [r[-1] for r, _ in res]
        curve = " / ".join(f"{statistics.mean(col):.2f}" for col in zip(*(r for r, _ in res)))
        print(f"explore {explore:g} similar_heads {heads:g} round {int(round_size)} sparse {sparse:g} critic {term:g}"
              f"{f' shortlist {int(shortlist)}' if term else ''}: {curve} (x the pool's mean per call; last ± "
              f"{statistics.stdev(last):.2f} [{' '.join(f'{x:.2f}' for x in last)}]), human match {statistics.mean(m for _, m in res):.3f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
