"""Benchmark: the rules student against the GNN link predictor, and mining at scale.

Datasets: Kinships, UMLS and Nations with their fixed train / validation / test splits, read as
TSV folders (:func:`kg.students.triples.read_split`) from the copies bundled in the PyKEEN
wheel (found without importing PyKEEN; ``--data DIR`` points at another folder holding
``kinships/``, ``umls/``, ``nations/``). For each, in one process:

* rules: mined from the training triples (default :class:`~kg.students.rules.MiningConfig` plus
  rules with constants, ``constants=True``: on both sides of the head) and the exclusions
  (negative rules), the best 3,000 rules per relation (:class:`~kg.students.rules.RulePredictor`),
  their aggregation (max or noisy-or over a candidate's top rules, with or without the
  exclusions) chosen by :meth:`~kg.students.rules.RulePredictor.choose` on the validation triples;
* the GNN: :class:`~kg.students.linkpred.LinkPredictor` with bench/linkpred.py's settings (default
  model and training config, at most 100 epochs, one torch thread);
* the ensemble (:class:`~kg.students.ensemble.Ensemble`): rules first with the GNN for ties, or a
  score mix ``alpha · rules + (1 - alpha) · GNN`` with alpha from 0 (the GNN alone) to 1 (the
  rules alone), whichever has the best validation MRR (test triples never choose).

The splits are fixed, so what varies is the seed (``--seeds``, default 42, 43, 44): it seeds the
GNN's initialisation and sampling; mining and the rules' ranking have nothing random (their MRR
is the same each time, their time is measured each time). Each figure is the mean ± standard
deviation over the seeds.

Metrics: filtered MRR / Hits@k on the test split, head and tail queries, realistic ranks, all
through :func:`kg.students.metrics.evaluate_ranking`. Times are wall seconds; the ratio column
compares each with the GNN's of the same seed.

Then a synthetic store of about 1M triples (100,000 entities; random relations plus planted
compositions and inverses) is written to an embedded store, read back and mined: the number of
rules, the read and mining times, and whether the planted rules were found.

    python bench/rules.py                  # all three datasets + the 1M store
    python bench/rules.py --datasets umls --no-synthetic
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

DATASETS = ("kinships", "umls", "nations")


def data_folder(arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    spec = importlib.util.find_spec("pykeen")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "datasets"


def run_dataset(name: str, folder: Path, *, epochs: int, seeds: list[int], threads: int) -> list[tuple]:
    """Rows ``(dataset, model, seed, metrics, seconds)``: per seed the rules (mined and chosen
    again, so their time is measured each time; mining and ranking are deterministic), the GNN
    (trained with that seed) and their ensemble."""
    from kg.students.ensemble import Ensemble
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig
    from kg.students.rules import MiningConfig, RulePredictor
    from kg.students.triples import read_split

    split = read_split(folder / name)
    tr = split.train
    print(f"{name}: {len(split.train)}/{len(split.validation)}/{len(split.test)} triples, "
          f"{tr.num_entities} entities, {tr.num_relations} relations", file=sys.stderr)
    known_valid = np.concatenate([split.train.triples, split.validation.triples])
    rows = []
    torch.set_num_threads(threads)
    for seed in seeds:
        t0 = time.perf_counter()
        fitted, mined = RulePredictor.fit(split, MiningConfig(constants=True))
        t_fit = time.perf_counter() - t0
        rules, tried = fitted.choose(split.validation.triples, known=known_valid)
        m = rules.evaluate(split.test.triples, known=split.all_triples)
        t_rules = time.perf_counter() - t0
        n_const = sum(r.constant is not None for r in mined.rules)
        print(f"  seed {seed} rules: {len(mined.rules):,} mined ({n_const:,} with constants) in {mined.seconds:.1f} s, "
              f"predictor built in {t_fit - mined.seconds:.1f} s; validation MRR "
              + ", ".join(f"{k} {v:.4f}" for k, v in tried.items()) + f"; test {m}", file=sys.stderr)
        rows.append((name, "rules", seed, m, t_rules, f"{len(mined.rules):,} rules ({rules.rule_count:,} used), "
                     f"{len(mined.exclusions):,} exclusions; {rules.ranking}"))

        t0 = time.perf_counter()
        gnn = LinkPredictor.train(split, model=ModelConfig(),
                                  training=TrainConfig(epochs=epochs, seed=seed, threads=threads, progress=False))
        t_gnn = time.perf_counter() - t0
        rep = gnn.report
        print(f"  seed {seed} GNN: {rep.epochs} epochs ({rep.stopped}), {t_gnn:.1f} s, test {rep.test}", file=sys.stderr)
        rows.append((name, "GNN", seed, rep.test, t_gnn, "ComplEx, bench defaults"))

        t0 = time.perf_counter()
        ens, tried = Ensemble.choose(rules, gnn, split.validation.triples, known=known_valid)
        m = ens.evaluate(split.test.triples, known=split.all_triples)
        t_ens = time.perf_counter() - t0 + t_rules + t_gnn
        print(f"  seed {seed} ensemble validation MRR: " + ", ".join(f"{k} {v:.4f}" for k, v in tried.items())
              + f"; chose {ens.name}; test {m}", file=sys.stderr)
        rows.append((name, "ensemble", seed, m, t_ens, ens.name))
    return rows


def synthetic(entities: int, seed: int) -> tuple[list[tuple[int, int, int]], list[str]]:
    """About 1M triples: 14 random relations of 60,000 triples; c0 = r0∘r1, c1 = r2∘r3⁻¹ and
    c2 = r4∘r5 (70% of each composition's pairs); i0 = r6⁻¹ and i1 = r7⁻¹ (90%)."""
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    E, n = entities, 60_000
    base = [np.unique(rng.integers(0, E, size=(n, 2)), axis=0) for _ in range(14)]
    base = [b[b[:, 0] != b[:, 1]] for b in base]
    mat = lambda b: sp.csr_matrix((np.ones(len(b)), (b[:, 0], b[:, 1])), shape=(E, E))  # noqa: E731
    planted = []
    for a, b, inv in ((0, 1, False), (2, 3, True), (4, 5, False)):
        m = (mat(base[a]) @ (mat(base[b]).T if inv else mat(base[b]))).tocoo()
        pairs = np.stack([m.row, m.col], 1)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        planted.append(pairs[rng.random(len(pairs)) < 0.7])
    for a in (6, 7):
        pairs = base[a][:, ::-1]
        planted.append(pairs[rng.random(len(pairs)) < 0.9])
    names = [f"r{i}" for i in range(14)] + ["c0", "c1", "c2", "i0", "i1"]
    rows = [(int(h), r, int(t)) for r, arr in enumerate(base + planted) for h, t in arr]
    return rows, names


def run_synthetic(entities: int, seed: int) -> list[str]:
    from rdflib import URIRef

    from kg.api import KnowledgeGraph
    from kg.students.rules import MiningConfig, mine
    from kg.students.triples import read_store

    ex = "http://example.org/"
    rows, names = synthetic(entities, seed)
    ent = [URIRef(f"{ex}e{i}") for i in range(entities)]
    rel = [URIRef(ex + n) for n in names]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        with KnowledgeGraph.create(Path(tmp) / "store") as kg:
            t0 = time.perf_counter()
            kg.store.add_triples(((ent[h], rel[r], ent[t]) for h, r, t in rows), bulk=True, batch_size=200_000)
            t_load = time.perf_counter() - t0
            t0 = time.perf_counter()
            data = read_store(kg.store)
            t_read = time.perf_counter() - t0
            mined = mine(data, MiningConfig(progress=sys.stderr.isatty()))
    found = {(r.head.rsplit("/", 1)[-1], tuple((b.rsplit("/", 1)[-1], inv) for b, inv in r.body)) for r in mined.rules}
    want = {
        ("c0", (("r0", False), ("r1", False))), ("c1", (("r2", False), ("r3", True))),
        ("c2", (("r4", False), ("r5", False))), ("i0", (("r6", True),)), ("i1", (("r7", True),)),
    }
    out.append(f"synthetic store: {len(data):,} triples, {data.num_entities:,} entities, {data.num_relations} relations; "
               f"bulk load {t_load:.1f} s, read {t_read:.1f} s")
    out.append(f"mining (default thresholds: support >= 2, head coverage >= 0.01, length <= 3): "
               f"{len(mined.rules):,} rules ({mined.candidates:,} past support/coverage) in {mined.seconds:.1f} s "
               f"(x{mined.seconds / t_read:.2f} of reading the store); planted rules found: {len(want & found)}/{len(want)}")
    return out


def _ms(values: np.ndarray, digits: int = 3, sign: bool = False) -> str:
    """``mean ± standard deviation`` (n - 1; 0 for one value)."""
    sd = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return f"{values.mean():{'+' if sign else ''}.{digits}f} ± {sd:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma list of kinships,umls,nations")
    ap.add_argument("--data", default=None, help="folder with kinships/ umls/ nations/ (default: PyKEEN's bundled copies)")
    ap.add_argument("--epochs", type=int, default=100, help="most GNN epochs (bench/linkpred.py's default: 100)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seeds", default="42,43,44", help="GNN seeds, one run of every model per seed (comma list)")
    ap.add_argument("--entities", type=int, default=100_000, help="entities of the synthetic store")
    ap.add_argument("--no-synthetic", action="store_true", help="skip the 1M-triple store")
    args = ap.parse_args(argv)

    seeds = [int(x) for x in args.seeds.split(",") if x]
    folder = data_folder(args.data)
    names = [d for d in args.datasets.split(",") if d]
    if names and (folder is None or not (folder / names[0]).is_dir()):
        print("the datasets are not here: pip install pykeen (its wheel bundles them) or give --data DIR", file=sys.stderr)
        return 2
    print(f"# rules bench: python {platform.python_version()}, torch {torch.__version__}, {os.cpu_count()} CPUs, "
          f"{args.threads} torch thread(s), GNN at most {args.epochs} epochs, seeds {seeds}", file=sys.stderr)
    rows = []
    for name in names:
        rows += run_dataset(name, folder, epochs=args.epochs, seeds=seeds, threads=args.threads)
    print(f"mean ± standard deviation over {len(seeds)} GNN seeds ({', '.join(map(str, seeds))}); rules are "
          "deterministic (their spread is 0 but for time); the last column: per seed, the same seed's GNN")
    print("| dataset | model | MRR | Hits@1 | Hits@10 | time (wall) | MRR - GNN | time / GNN | per seed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in dict.fromkeys(r[0] for r in rows):
        group = [r for r in rows if r[0] == name]
        gnn = {r[2]: r for r in group if r[1] == "GNN"}
        for model in ("rules", "GNN", "ensemble"):
            runs = [r for r in group if r[1] == model]
            mrr, h1, h10, secs = (np.array([f(r) for r in runs]) for f in (
                lambda r: r[3].mrr, lambda r: r[3].hits_at_1, lambda r: r[3].hits_at_10, lambda r: r[4]))
            delta = np.array([r[3].mrr - gnn[r[2]][3].mrr for r in runs])
            ratio = np.array([r[4] / gnn[r[2]][4] for r in runs])
            other = model == "GNN"
            notes = "; ".join(dict.fromkeys(r[5] for r in runs))
            print(f"| {name} | {model} | {_ms(mrr)} | {_ms(h1)} | {_ms(h10)} | {_ms(secs, 1)} s | "
                  f"{'' if other else _ms(delta, sign=True)} | {'' if other else _ms(ratio, 2)} | {notes} |")
    if not args.no_synthetic:
        print()
        for line in run_synthetic(args.entities, seeds[0]):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
