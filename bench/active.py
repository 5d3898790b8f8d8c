"""Grid, random and active prompt choice with equal budgets on the offline teacher (issue #23).

    nice -n 10 python bench/active.py --critic DIR     # a trained critic; 3 seeds, 200 heads, 5 steps of 20 calls
    nice -n 10 python bench/active.py                  # trains a critic first (--critic-seconds)
    python bench/active.py --critic DIR --seeds 1 --heads 30 --step 10 --steps 2   # a quick look
    python bench/active.py --critic DIR --split dev --heads 100 ...                # where weights are chosen

The heads a critic never trained on are split once, by a hash of the head, into a dev third
(``--split dev``: where the active strategy's weights and settings are chosen) and an eval rest
(``--split eval``, the default: what is reported). For each seed, ``--heads`` heads of the split
are drawn; their rows are the offline teacher's data (COMET-BART's generations answer each
(head, relation) prompt) and the heads are the run's seeds. Every strategy chooses from the same
pool: the (head, relation) pairs the data answers (so the grid is not charged for prompts the
offline data cannot answer), grid in seed order, random in a seeded order, active by its
signals. Each budget step is one ``kg distill --strategy S --budget STEP`` run on the strategy's
store (earlier steps' pairs are never asked again). After each step the bench prints, per
strategy and cumulatively:

- accepted facts per 100 teacher calls (the gate: validation, conflicts and a learned critic:
  ``--critic DIR``, a critic trained on this sample by ``kg critic train``/``kg demo``, whose
  training heads are then left out of every pool (recomputed from its ``critic.json``: its seed
  and calibration fraction; its calibration heads, which only set its threshold, may be drawn);
  without it, one trained here on the human tails of the heads outside every pool, pointwise,
  for ``--critic-seconds``);
- human match: the share of accepted facts whose tail matches a human tail of its (head,
  relation) (token F1 >= 0.5 after lower-casing; the held-out human tails of the sample, never
  seen by the critic or the students). A proxy for precision: a right tail a human did not
  write counts as wrong, so read it as a comparison between strategies, not as precision;
- link-predictor MRR: a ComplEx link predictor with label features (so heads and tails it has
  not seen can be scored) trained on the accepted graph for ``--lp-seconds``, ranking each pool
  pair's human tails among 49 human tails of other heads of the same relation (sampled MRR,
  the same candidates for every strategy); a relation the graph does not have yet scores what
  a random order would (mean 1/rank over 50). It trains for ``--lp-epochs`` (no time budget, so
  a busy machine does not change the model);
- generator BLEU-2: the product's generator student (the retrieval student,
  :func:`kg.students.generator.train_generator`: the accepted graph indexed) gives one tail per
  pool pair that has human tails, scored with the COMET-ATOMIC 2020 scorer
  (:func:`kg.students.generator_eval.score_outputs`, as ``bench/generator.py``) against those
  held-out human tails; a pair whose relation the graph does not have yet answers "none".

The active strategy runs with the product's weights (``[strategy]``'s defaults, chosen on the dev
split: the expected-yield signal alone; ``--signal-weight`` overrides one). When a signal that
needs students is weighted, that link predictor and the rules mined from the graph are its
students (their proposals feed the unsure and disagree signals), with the learned critic. The
yield signal's critic term (``[strategy] yield_critic``) reads a retrieval generator indexed on the
human tails the critic was trained on (heads outside every pool: data the run has before its first
call, as a user has their critic's training data; no pool head's tails are in it), whose
proposals for each shortlisted pair the critic scores. Each step is spent in ``--rounds`` rounds (every strategy), so
the yield signal learns between them. At the end: a table of the means ± sd over the seeds per
strategy and step, the calls active (and random) needed to reach the grid's final MRR, and the
ratio of accepted facts per call to the grid's at the last step, per seed. The default steps (5 of
20 calls) put one at 60 % of the budget, the issue's target for reaching the grid's final student
quality.

With ``--ceiling`` every pool pair is then asked once more, on a store of its own with the same
gate, and the bench prints per step what two oracles would have reached with the same calls: one
that knows every pair's accepted facts, one that knows only the relations' true means (a random
pair within a relation), beside each strategy, all over the pool's mean (``docs/active.md``). It
adds one pass over the pool per seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"
STRATEGIES = ("grid", "random", "active")


def split_of(head: str) -> str:
    """``dev`` for a third of the heads (by a hash of the head), ``eval`` for the rest."""
    return "dev" if int(hashlib.sha256(head.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "eval"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"to", "a", "an", "the", "be", "is", "of", "personx", "persony", "x", "y"}


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in _STOP] or _WORD.findall(text.casefold())


def _f1(a: str, b: str) -> float:
    x, y = _tokens(a), _tokens(b)
    if not x or not y:
        return 0.0
    common = sum(min(x.count(w), y.count(w)) for w in set(x))
    if not common:
        return 0.0
    p, r = common / len(x), common / len(y)
    return 2 * p * r / (p + r)


def _human(row: dict) -> list[str]:
    return [t.strip() for t in row.get("tails") or [] if t.strip() and t.strip().casefold() != "none"]


def critic_training_rows(critic_dir: Path) -> list:
    """The rows (``kg.critics.examples.Row``) a critic trained on the sample trained on,
    recomputed from its ``critic.json`` (its seed and calibration fraction)."""
    from kg.critics.examples import read_rows, split_by_head

    meta = json.loads((critic_dir / "critic.json").read_text(encoding="utf-8"))
    trained_cfg = meta["trained"]["config"]
    train, _ = split_by_head(read_rows(DEV), trained_cfg["calibration_fraction"], seed=trained_cfg["seed"], salt="calibration")
    if len({r.head for r in train}) != meta["trained"]["train_heads"]:
        raise SystemExit(f"{critic_dir} was not trained on {DEV.name} alone: its training heads cannot be recomputed")
    return train


def untrained_heads(all_rows: list[dict], critic_dir: Path) -> list[str]:
    """The sample's heads a critic trained on the sample never trained on (its calibration
    heads and heads without human tails)."""
    from kg.critics.examples import clean_tail

    seen = {r.head.casefold() for r in critic_training_rows(critic_dir)}
    return sorted({r["head"] for r in all_rows if clean_tail(r["head"]).casefold() not in seen})


def critic_data_generator(rows: list, pool_heads: set[str]):
    """The retrieval generator indexed on the human tails of ``rows`` (the critic's training
    rows: ``Row``), which must share no head with any pool."""
    from kg.critics.examples import clean_tail
    from kg.ontology import load_domain
    from kg.students.generator import train_generator
    from kg.students.generator_data import Example

    pooled = {clean_tail(h).casefold() for h in pool_heads}
    if any(r.head.casefold() in pooled for r in rows):
        raise SystemExit("a pool head is among the critic's training rows: the generator would see its tails")
    templates = {name: r.verbalization for name, r in load_domain("commonsense").relations.items()}
    return train_generator([Example(r.head, r.relation, t) for r in rows for t in r.tails], templates=templates)


def bench_critic_rows(rows: list[dict]) -> list:
    """``rows``' human tails as the critic's training rows (``kg.critics.examples.Row``)."""
    from kg.critics.examples import Row, clean_tail

    return [Row(clean_tail(r["head"]), r["relation"], tuple(clean_tail(t) for t in _human(r))) for r in rows if _human(r)]


def train_bench_critic(rows: list[dict], out: Path, seconds: float):
    """A short pointwise critic on the human tails of ``rows`` (heads outside every pool)."""
    from kg.critics.cross_encoder import CriticTrainConfig, CrossEncoderCritic, train_critic
    from kg.ontology import load_domain

    if (out / "critic.json").is_file():
        return CrossEncoderCritic.load(out, quantize=True)
    domain = load_domain("commonsense")
    templates = {name: r.verbalization for name, r in domain.relations.items()}
    train = bench_critic_rows(rows)
    config = CriticTrainConfig(max_seconds=seconds, epochs=2.0, negatives_per_positive=1.0, rank_weight=0.0, progress=False)
    critic = train_critic(train, templates=templates, config=config)
    critic.save(out)
    return CrossEncoderCritic.load(out, quantize=True)


class Evaluation:
    """Sampled MRR of a link predictor on the pool's human tails, and the human match of facts."""

    def __init__(self, pool_rows: list[dict], all_rows: list[dict], iris: dict[str, str], seed: int) -> None:
        rng = random.Random(seed)
        by_rel: dict[str, list[str]] = {}
        for r in all_rows:
            by_rel.setdefault(r["relation"], []).extend(_human(r))
        self.iris = iris
        self.human = {(r["head"], r["relation"]): _human(r) for r in pool_rows}
        self.references = {(r["head"], r["relation"]): list(r["tails"]) for r in pool_rows if _human(r)}
        self.queries = []  # (head, relation, [gold, 49 distractors])
        for r in pool_rows:
            gold = _human(r)
            if not gold:
                continue
            others = sorted({t for t in by_rel[r["relation"]] if t not in gold})
            self.queries.append((r["head"], r["relation"], [gold[0], *rng.sample(others, min(49, len(others)))]))

    def mrr(self, predictor) -> float:
        from kg.errors import StudentError

        total = 0.0
        for head, rel, cands in self.queries:
            try:
                scores = predictor.score_triples([(head, self.iris[rel], t) for t in cands])
            except StudentError:  # a relation the graph does not have yet: a random order
                total += sum(1 / k for k in range(1, len(cands) + 1)) / len(cands)
                continue
            rank = 1 + sum(1 for s in scores[1:] if s > scores[0]) + 0.5 * sum(1 for s in scores[1:] if s == scores[0])
            total += 1 / rank
        return total / len(self.queries)

    def bleu2(self, generator) -> float:
        """Corpus BLEU-2 of the generator's best tail per pool pair against its human tails
        ("none" for a relation the generator does not know)."""
        from kg.students.generator_eval import score_outputs

        known = set(generator.relations)
        asked = [k for k in self.references if k[1] in known]
        outputs = {k: "none" for k in self.references}
        outputs.update({k: tails[0] if tails else "none" for k, tails in zip(asked, generator.generate_batch(asked, 1))})
        return float(score_outputs(outputs, self.references)["bleu2"])

    def human_match(self, facts: list[tuple[str, str, str]]) -> float | None:
        judged = [any(_f1(t, h) >= 0.5 for h in self.human.get((head, rel), [])) for head, rel, t in facts]
        return sum(judged) / len(judged) if judged else None


def accepted_facts(store, iris: dict[str, str]) -> list[tuple[str, str, str]]:
    names = {iri: name for name, iri in iris.items()}
    rows = store.query(
        "SELECT ?hl ?p ?tl WHERE { ?s ?p ?o . ?s <http://www.w3.org/2000/01/rdf-schema#label> ?hl . "
        "?o <http://www.w3.org/2000/01/rdf-schema#label> ?tl }",
        graph="accepted",
    ).bindings()
    return [(str(r["hl"]), names[str(r["p"])], str(r["tl"])) for r in rows if str(r["p"]) in names]


def measure_pairs(data: Path, seeds: Path, store_dir: Path, judge, evaluation: Evaluation) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Every (head, relation) pair the offline data ``data`` answers, asked once (one ``kg distill``
    run in random order, the gate's critic ``judge``): its accepted facts, those that match a human
    tail (``evaluation``), and the candidates the gates rejected."""
    from kg.active import key, read_state
    from kg.config import load_config
    from kg.critic import Critic
    from kg.ontology import load_domain
    from kg.pipeline import Parts, distill
    from kg.store import open_store
    from kg.teachers.offline import OfflineTeacher

    domain = load_domain("commonsense")
    iris = {n: str(r.iri) for n, r in domain.relations.items()}
    teacher = OfflineTeacher(data)
    pairs = teacher.pairs()
    cfg = load_config(None, {
        "domain": "commonsense", "store": str(store_dir), "teacher.spec": f"offline:{data}", "teacher.no_cache": True,
        "prompts.seeds_file": str(seeds), "prompts.shots": 1, "run.materialize": False,
        "strategy.kind": "random", "strategy.budget": len(pairs), "strategy.rounds": 1,
    })
    distill(cfg, parts=Parts(domain=domain, teacher=teacher, critic=Critic.from_config(cfg.critic, domain=domain, model=judge)))
    store = open_store(str(store_dir))
    try:
        state = read_state(store, iris.values())
        facts = accepted_facts(store, iris)
    finally:
        store.close()
    by_pair: dict[tuple[str, str], list] = {}
    for f in facts:
        by_pair.setdefault((f[0], f[1]), []).append(f)
    out = {}
    for h, r in pairs:
        got = by_pair.get((h, r), [])
        match = evaluation.human_match(got) or 0.0
        out[(h, r)] = (state.facts_by_relation[(key(h), iris[r])], round(match * len(got)), state.rejected[(key(h), iris[r])])
    return out


def oracles(yields: dict[tuple[str, str], tuple], calls: int) -> dict[str, float]:
    """Accepted facts per call of ``calls`` pairs of the pool ``yields`` chosen by an oracle that
    knows every pair's accepted facts (``pairs``) and by one that knows only the relations' true
    means (``relations``: a random pair within a relation brings its mean), over the pool's mean."""
    mean = sum(y[0] for y in yields.values()) / len(yields)
    calls = min(calls, len(yields))
    best = sorted((y[0] for y in yields.values()), reverse=True)[:calls]
    by_rel: dict[str, list[int]] = {}
    for (_, r), y in yields.items():
        by_rel.setdefault(r, []).append(y[0])
    got, left = 0.0, calls
    for ys in sorted(by_rel.values(), key=lambda ys: -sum(ys) / len(ys)):
        take = min(left, len(ys))
        got, left = got + take * sum(ys) / len(ys), left - take
    return {"pairs": sum(best) / calls / mean, "relations": got / calls / mean, "pool_mean": mean}


def train_students(store, domain, epochs: int, seed: int):
    """The link predictor, the mined rules and the generator student of the accepted graph (each
    ``None`` when the graph is too small for it)."""
    from kg.errors import StudentError
    from kg.students import linkpred as lp
    from kg.students import rules
    from kg.students.generator import examples_from_store, train_generator
    from kg.students.triples import read_store

    data = read_store(store, graph="accepted")
    try:
        model = lp.ModelConfig(dim=64, label_features=True)
        # a fixed number of epochs, no time budget: the same graph gives the same model on a busy machine
        training = lp.TrainConfig(epochs=epochs, progress=False, eval_every=5, seed=seed, split=(0.9, 0.1, 0.0))
        predictor = lp.LinkPredictor.train(data, model=model, training=training)
    except StudentError:
        predictor = None
    try:
        mined, _ = rules.RulePredictor.fit(data)
    except StudentError:
        mined = None
    examples = examples_from_store(store, domain)
    templates = {name: r.verbalization for name, r in domain.relations.items()}
    generator = train_generator(examples, templates=templates) if examples else None
    return predictor, mined, generator


def run_seed(seed: int, args, all_rows: list[dict], eligible: list[str], work: Path, load_judge,
             critic_rows: list) -> tuple[dict[str, list[dict]], list[dict]]:
    """Each strategy's learning curve on the seed's pool, and with ``--ceiling`` the oracles' per
    budget step (every pool pair asked once more, on a store of its own, after the strategies)."""
    from kg.active import GeneratorProposer, LinkPredProposer, RulesProposer, key, read_state
    from kg.critic import Critic
    from kg.config import load_config
    from kg.ontology import load_domain
    from kg.pipeline import Parts, distill
    from kg.store import open_store
    from kg.teachers.offline import OfflineTeacher

    domain = load_domain("commonsense")
    iris = {name: str(rel.iri) for name, rel in domain.relations.items()}
    heads = list(eligible)
    random.Random(seed).shuffle(heads)
    chosen = heads[: args.heads]
    pool_rows = [r for r in all_rows if r["head"] in set(chosen)]
    data = work / f"rows-{seed}.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in pool_rows), encoding="utf-8")
    seeds = work / f"seeds-{seed}.txt"
    seeds.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    evaluation = Evaluation(pool_rows, all_rows, iris, seed)
    pairs = len(OfflineTeacher(data).pairs())
    print(f"seed {seed}: {len(chosen)} heads, {pairs} answerable (head, relation) pairs, "
          f"{len(evaluation.queries)} MRR queries", flush=True)
    curves: dict[str, list[dict]] = {}
    critic_gen = GeneratorProposer(critic_data_generator(critic_rows, set(eligible))) if "active" in args.strategies else None
    for strategy in args.strategies.split(","):
        store_dir = work / f"store-{seed}-{strategy}"
        teacher = OfflineTeacher(data)
        # a fresh critic per strategy: it caches its scores, and an int8 score depends on the texts
        # batched with it, so a shared one would let one strategy's runs change another's verdicts
        judge = load_judge()
        proposers: list = [critic_gen] if strategy == "active" and critic_gen is not None else []
        calls = accepted = 0
        curve = []
        for step in range(1, args.steps + 1):
            cfg = load_config(None, {
                "domain": "commonsense", "store": str(store_dir), "teacher.spec": f"offline:{data}", "teacher.no_cache": True,
                "prompts.seeds_file": str(seeds), "prompts.shots": 1, "run.materialize": False,
                "strategy.kind": strategy, "strategy.budget": args.step, "strategy.rounds": args.rounds,
                "strategy.seed": seed * 1000 + step, "strategy.shortlist": args.shortlist,
                **{f"strategy.w_{w.split('=')[0]}": float(w.split("=")[1]) for w in args.signal_weight},
                **({"strategy.yield_explore": args.yield_explore} if args.yield_explore is not None else {}),
                **({"strategy.yield_heads": args.yield_heads} if args.yield_heads is not None else {}),
                **({"strategy.yield_critic": args.yield_critic} if args.yield_critic is not None else {}),
            })
            parts = Parts(domain=domain, teacher=teacher, critic=Critic.from_config(cfg.critic, domain=domain, model=judge),
                          proposers=proposers)
            t0 = time.perf_counter()
            report = distill(cfg, parts=parts)
            calls += report.strategy["spent"]
            accepted += report.accepted
            store = open_store(str(store_dir))
            try:
                facts = accepted_facts(store, iris)
                predictor, mined, generator = train_students(store, domain, args.lp_epochs, seed)
                state = read_state(store, iris.values())
            finally:
                store.close()
            mrr = evaluation.mrr(predictor) if predictor is not None else None
            bleu2 = evaluation.bleu2(generator) if generator is not None else None
            proposers = [critic_gen] if strategy == "active" and critic_gen is not None else []
            if predictor is not None:
                proposers.append(LinkPredProposer(predictor, iris))
            if mined is not None:
                proposers.append(RulesProposer(mined, iris, lambda head, s=state: s.iri.get(key(head))))
            row = {
                "step": step, "calls": calls, "paid": teacher.stats.paid, "accepted": accepted,
                "per100": 100 * accepted / calls if calls else 0.0, "facts": len(facts),
                "match": evaluation.human_match(facts), "mrr": mrr, "bleu2": bleu2, "seconds": round(time.perf_counter() - t0, 1),
            }
            curve.append(row)
            match = "n/a" if row["match"] is None else f"{row['match']:.3f}"
            print(f"  {strategy:<6} step {step}: {calls:>4} calls (paid {row['paid']}), {accepted:>5} accepted, "
                  f"{row['per100']:6.1f} per 100 calls, human match {match}, MRR {mrr if mrr is None else round(mrr, 4)}, "
                  f"BLEU-2 {bleu2 if bleu2 is None else round(bleu2, 4)}, "
                  f"{row['seconds']} s", flush=True)
        curves[strategy] = curve
    ceiling = []
    if args.ceiling:
        yields = measure_pairs(data, seeds, work / f"store-{seed}-oracle", load_judge(), evaluation)
        for row in curves["grid"]:
            o = oracles(yields, row["calls"])
            ceiling.append({"calls": row["calls"], **o, **{s: c[row["step"] - 1]["per100"] / 100 / o["pool_mean"] for s, c in curves.items()}})
            print(f"  oracle step {row['step']}: {row['calls']} calls of {len(yields)} pairs (pool mean {o['pool_mean']:.2f} accepted/call): "
                  f"knowing every pair {o['pairs']:.2f}x the pool's mean, the relations' means {o['relations']:.2f}x; "
                  + ", ".join(f"{s} {ceiling[-1][s]:.2f}x" for s in curves), flush=True)
    return curves, ceiling


def calls_to_reach(curve: list[dict], targets: dict[str, float | None]) -> int | None:
    """The calls after which ``curve`` first reaches every score in ``targets`` (``mrr``, ``bleu2``)."""
    for row in curve:
        if all(t is None or (row[m] is not None and row[m] >= t) for m, t in targets.items()):
            return row["calls"]
    return None


def _ms(values: list) -> str:
    xs = [v for v in values if v is not None]
    if not xs:
        return "n/a"
    return f"{statistics.mean(xs):.3f} ± {statistics.stdev(xs):.3f}" if len(xs) > 1 else f"{xs[0]:.3f}"


def table(results: dict[int, dict[str, list[dict]]]) -> None:
    """Means ± sd over the seeds, per strategy and step, and accepted per call against the grid's."""
    seeds = list(results)
    print("\n| strategy | calls | accepted per 100 calls | human match | MRR | BLEU-2 | per call / grid's |")
    print("|---|---|---|---|---|---|---|")
    for s in results[seeds[0]]:
        for i, row in enumerate(results[seeds[0]][s]):
            per100 = [results[k][s][i]["per100"] for k in seeds]
            ratio = [results[k][s][i]["per100"] / results[k]["grid"][i]["per100"] for k in seeds if results[k]["grid"][i]["per100"]]
            print(f"| {s} | {row['calls']} | {statistics.mean(per100):.0f} ± {statistics.stdev(per100) if len(per100) > 1 else 0:.0f} "
                  f"| {_ms([results[k][s][i]['match'] for k in seeds])} | {_ms([results[k][s][i]['mrr'] for k in seeds])} "
                  f"| {_ms([results[k][s][i]['bleu2'] for k in seeds])} "
                  f"| {_ms(ratio)} |")


def ceiling_table(ceilings: dict[int, list[dict]]) -> None:
    """Means ± sd over the seeds of the oracles' and the strategies' accepted per call over the
    pool's mean, per budget step."""
    seeds = list(ceilings)
    names = [k for k in ceilings[seeds[0]][0] if k not in ("calls", "pairs", "relations", "pool_mean")]
    print("\naccepted per call over the pool's mean (every pool pair asked once, with the same gate):")
    print("| calls | oracle: every pair's yield | oracle: the relations' true means | " + " | ".join(names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    for i, row in enumerate(ceilings[seeds[0]]):
        cols = [_ms([ceilings[k][i][c] for k in seeds]) for c in ("pairs", "relations", *names)]
        print(f"| {row['calls']} | " + " | ".join(cols) + " |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--first-seed", type=int, default=0, help="run seeds FIRST .. FIRST+SEEDS-1 (more seeds in parallel runs)")
    ap.add_argument("--heads", type=int, default=200, help="heads drawn per seed from the split (their rows are the pool)")
    ap.add_argument("--split", choices=("eval", "dev"), default="eval", help="dev: where the active settings are chosen")
    ap.add_argument("--step", type=int, default=20, help="teacher calls per budget step")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=4, help="rounds per step (every strategy)")
    ap.add_argument("--yield-explore", type=float, help="active: the yield signal's exploration (default: the config's)")
    ap.add_argument("--yield-heads", type=float, help="active: the yield signal's weight on similar heads")
    ap.add_argument("--yield-critic", type=float, help="active: the yield signal's weight on the critic's view of the pair")
    ap.add_argument("--shortlist", type=int, default=80)
    ap.add_argument("--lp-epochs", type=int, default=100, help="link predictor epochs (early stopping on its validation MRR)")
    ap.add_argument("--strategies", default=",".join(STRATEGIES), help="which to run (grid must be one: the others are compared to it)")
    ap.add_argument("--signal-weight", action="append", default=[], help="active: NAME=W (sparse, unsure, disagree, conflict, yields), over the config's")
    ap.add_argument("--critic", type=Path, help="a critic trained on the sample (kg critic train / kg demo)")
    ap.add_argument("--critic-seconds", type=float, default=90.0)
    ap.add_argument("--critic-dir", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-active-critic")
    ap.add_argument("--json", type=Path, help="write the curves here")
    ap.add_argument("--ceiling", action="store_true",
                    help="also ask every pool pair once (its own store) and print what oracles reach per step, over the pool's mean")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    all_rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    from kg.critics.cross_encoder import CrossEncoderCritic

    if args.critic is not None:
        eligible = untrained_heads(all_rows, args.critic)
        critic_rows = critic_training_rows(args.critic)
        judge = CrossEncoderCritic.load(args.critic, quantize=True)
        auc = json.loads((args.critic / "critic.json").read_text(encoding="utf-8"))["calibration"].get("roc_auc")
        print(f"critic {judge.id} from {args.critic}: threshold {judge.threshold:.3f}, ROC-AUC {auc} on its held-out heads; "
              f"pools drawn from the {len(eligible)} heads it never trained on", flush=True)
    else:
        pooled: set[str] = set()
        eligible = sorted({r["head"] for r in all_rows})
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            heads = [h for h in eligible if split_of(h) == args.split]
            random.Random(seed).shuffle(heads)
            pooled.update(heads[: args.heads])
        outside = [r for r in all_rows if r["head"] not in pooled]
        judge = train_bench_critic(outside, args.critic_dir, args.critic_seconds)
        critic_rows = bench_critic_rows(outside)
        print(f"critic {judge.id}: threshold {judge.threshold:.3f}, trained on the human tails of "
              f"{len({r['head'] for r in all_rows} - pooled)} heads outside every pool ({time.perf_counter() - t0:.0f} s)", flush=True)
    eligible = [h for h in eligible if split_of(h) == args.split]
    print(f"split {args.split}: {len(eligible)} heads; {args.heads} drawn per seed", flush=True)
    results, ceilings = {}, {}
    with tempfile.TemporaryDirectory(prefix="bench-active-") as tmp:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            folder = args.critic if args.critic is not None else args.critic_dir
            results[seed], ceilings[seed] = run_seed(seed, args, all_rows, eligible, Path(tmp), lambda folder=folder: CrossEncoderCritic.load(folder, quantize=True),
                                     critic_rows)
    print("\nper seed: calls to reach the grid's final MRR, BLEU-2 and both; accepted per call vs grid at the last step")
    summary = []
    for seed, curves in results.items():
        final = {m: curves["grid"][-1][m] for m in ("mrr", "bleu2")}
        last = {s: curves[s][-1] for s in curves}
        line = {"seed": seed, "grid_final_mrr": final["mrr"], "grid_final_bleu2": final["bleu2"], "grid_calls": last["grid"]["calls"]}
        for s in [x for x in ("random", "active") if x in curves]:
            line[f"{s}_calls_to_grid_mrr"] = calls_to_reach(curves[s], {"mrr": final["mrr"]}) if final["mrr"] is not None else None
            line[f"{s}_calls_to_grid_bleu2"] = calls_to_reach(curves[s], {"bleu2": final["bleu2"]}) if final["bleu2"] is not None else None
            line[f"{s}_calls_to_grid_quality"] = calls_to_reach(curves[s], final)
            g = last["grid"]["per100"]
            line[f"{s}_per_call_vs_grid"] = last[s]["per100"] / g if g else None
            line[f"{s}_match"], line["grid_match"] = last[s]["match"], last["grid"]["match"]
        summary.append(line)
        print(json.dumps(line))
    for s in ("random", "active"):
        ratios = [x[f"{s}_per_call_vs_grid"] for x in summary if x.get(f"{s}_per_call_vs_grid") is not None]
        if ratios:
            print(f"{s}: accepted per call / grid's = {statistics.mean(ratios):.2f} (mean of {len(ratios)} seeds: "
                  + ", ".join(f"{r:.2f}" for r in ratios) + ")")
    table(results)
    if args.ceiling:
        ceiling_table(ceilings)
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, "curves": results, "summary": summary,
                                         **({"ceiling": ceilings} if args.ceiling else {})}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
