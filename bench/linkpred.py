"""Benchmark: our link predictor student against PyKEEN, in one process on the same CPU.

Datasets: PyKEEN's bundled UMLS and Nations (shipped in the pykeen wheel; no download), with
PyKEEN's own train / validation / test splits, so both sides see the same triples.

PyKEEN runs the strong recipe of /work/shared/BASELINES.md: LCWA training, CrossEntropyLoss,
inverse triples, Adam lr 0.01, embedding_dim 200, batch 128, xavier-normal initialisation for
ComplEx, early stopping every 10 epochs with patience 3 (on the validation MRR, the same
criterion as ours). Ours: the default :class:`~kg.students.linkpred.ModelConfig` /
:class:`~kg.students.linkpred.TrainConfig` (ComplEx decoder, no GNN encoder, dim 200, 1-N
cross-entropy with inverse relations, early stopping on validation MRR every 5 epochs, patience 3).
Both get the same maximum number of epochs and the same torch thread count; training time
includes each side's periodic validation.
CPU time (process time of the whole call: training, validation and the final test evaluation)
is printed too: on a shared machine it is steadier than wall time. Metrics: filtered, realistic ranks, head and tail
queries together (PyKEEN's ``both.realistic``); our evaluator is cross-checked against PyKEEN's
on the PyKEEN ComplEx model.

    pip install pykeen        # or: pip install -e .[bench]
    python bench/linkpred.py            # full: UMLS + Nations, ComplEx / RotatE / DistMult
    python bench/linkpred.py --quick    # UMLS, PyKEEN ComplEx only, fewer epochs
"""

from __future__ import annotations

import argparse
import importlib.metadata
import logging
import os
import platform
import sys
import time
import warnings
from dataclasses import dataclass

import torch

PYKEEN_MODELS = {
    "ComplEx": dict(
        embedding_dim=200, entity_initializer="xavier_normal", relation_initializer="xavier_normal"
    ),
    "RotatE": dict(embedding_dim=200),
    "DistMult": dict(embedding_dim=200),
}


@dataclass
class Row:
    dataset: str
    model: str
    mrr: float
    hits1: float
    hits10: float
    seconds: float
    epochs: int
    cpu: float = 0.0


def load_dataset(name: str):
    from pykeen.datasets import UMLS, Nations

    return {"umls": UMLS, "nations": Nations}[name.lower()](create_inverse_triples=True)


def run_pykeen(ds, name: str, model: str, *, epochs: int, seed: int) -> tuple[Row, object]:
    from pykeen.pipeline import pipeline

    cpu0 = time.process_time()
    result = pipeline(
        dataset=ds,
        model=model,
        model_kwargs=PYKEEN_MODELS[model],
        training_loop="LCWA",
        loss="CrossEntropyLoss",
        optimizer="Adam",
        optimizer_kwargs=dict(lr=0.01),
        training_kwargs=dict(num_epochs=epochs, batch_size=128, use_tqdm=False),
        stopper="early",
        stopper_kwargs=dict(
            frequency=10, patience=3, metric="inverse_harmonic_mean_rank", evaluation_batch_size=256
        ),
        evaluation_kwargs=dict(batch_size=256, use_tqdm=False),
        random_seed=seed,
        device="cpu",
    )
    m = result.get_metric
    row = Row(
        name, f"PyKEEN {model}", m("both.realistic.inverse_harmonic_mean_rank"), m("both.realistic.hits_at_1"),
        m("both.realistic.hits_at_10"), result.train_seconds, len(result.losses), time.process_time() - cpu0,
    )
    return row, result.model


def split_of(ds):
    from kg.students.triples import Split, TripleSet

    tf = ds.training
    entities = tuple(sorted(tf.entity_to_id, key=tf.entity_to_id.get))
    relations = tuple(sorted(tf.relation_to_id, key=tf.relation_to_id.get))
    part = lambda f: TripleSet(entities, relations, f.mapped_triples.numpy())  # noqa: E731
    return Split(part(ds.training), part(ds.validation), part(ds.testing))


def run_ours(split, name: str, *, epochs: int, seed: int, threads: int, decoder: str, encoder: str) -> Row:
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig

    t0, cpu0 = time.perf_counter(), time.process_time()
    lp = LinkPredictor.train(
        split,
        model=ModelConfig(decoder=decoder, encoder=encoder),
        training=TrainConfig(epochs=epochs, seed=seed, threads=threads, progress=False),
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rep = lp.report
    assert rep.test is not None
    label = f"ours {decoder}" + ("" if encoder == "none" else f"+{encoder}")
    print(f"  {label}: {rep.epochs} epochs ({rep.stopped}), train {rep.seconds:.1f} s, wall {wall:.1f} s, "
          f"CPU {cpu:.1f} s, test {rep.test}", file=sys.stderr)
    return Row(name, label, rep.test.mrr, rep.test.hits_at_1, rep.test.hits_at_10, rep.seconds, rep.epochs, cpu)


def cross_check(ds, model, split) -> tuple[float, float]:
    """MRR of a PyKEEN model by our evaluator, for comparison with PyKEEN's own."""
    from kg.students.metrics import evaluate_ranking

    model.eval()
    R = split.train.num_relations

    def tails(h, r):
        return model.predict_t(torch.stack([h, r], 1))

    def heads(t, r):
        return model.predict_h(torch.stack([r, t], 1))

    m = evaluate_ranking(
        tails, heads, split.test.triples, num_entities=split.train.num_entities, num_relations=R,
        known=split.all_triples, batch_size=256,
    )
    return m.mrr, m.hits_at_10


def table(rows: list[Row]) -> str:
    out = ["| dataset | model | MRR | Hits@1 | Hits@10 | train time (wall) | CPU time | epochs | MRR / best PyKEEN | wall / best PyKEEN | CPU / best PyKEEN |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for ds in dict.fromkeys(r.dataset for r in rows):
        group = [r for r in rows if r.dataset == ds]
        pk = [r for r in group if r.model.startswith("PyKEEN")]
        best = max(pk, key=lambda r: r.mrr) if pk else None
        for r in group:
            ratio = f"{r.mrr / best.mrr:.3f}" if best and not r.model.startswith("PyKEEN") else ""
            ours = best is not None and not r.model.startswith("PyKEEN")
            tratio = f"{r.seconds / best.seconds:.2f}" if ours else ""
            cratio = f"{r.cpu / best.cpu:.2f}" if ours and best.cpu else ""
            out.append(
                f"| {ds} | {r.model} | {r.mrr:.3f} | {r.hits1:.3f} | {r.hits10:.3f} | {r.seconds:.1f} s | {r.cpu:.1f} s "
                f"| {r.epochs} | {ratio} | {tratio} | {cratio} |"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="UMLS only, PyKEEN ComplEx only, at most 60 epochs")
    ap.add_argument("--datasets", default=None, help="comma list: umls,nations (default both; --quick: umls)")
    ap.add_argument("--pykeen-models", default=None, help="comma list of ComplEx,RotatE,DistMult")
    ap.add_argument("--epochs", type=int, default=None, help="most epochs, both sides (default 100; --quick 60)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads, both sides (default 1)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--decoder", default="complex", help="our decoder")
    ap.add_argument("--encoder", default="none", help="our encoder: none | rgcn")
    ap.add_argument("--no-cross-check", action="store_true", help="skip evaluating PyKEEN's ComplEx with our evaluator")
    args = ap.parse_args(argv)

    try:
        import pykeen  # noqa: F401
    except ImportError:
        print("PyKEEN is not installed: pip install pykeen (or pip install -e .[bench])", file=sys.stderr)
        return 2
    logging.getLogger("pykeen").setLevel(logging.ERROR)
    logging.getLogger("torch_max_mem").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    torch.set_num_threads(args.threads)

    datasets = (args.datasets or ("umls" if args.quick else "umls,nations")).split(",")
    models = (args.pykeen_models or ("ComplEx" if args.quick else "ComplEx,RotatE,DistMult")).split(",")
    epochs = args.epochs or (60 if args.quick else 100)
    print(
        f"# link prediction bench: python {platform.python_version()}, torch {torch.__version__}, "
        f"pykeen {importlib.metadata.version('pykeen')}, {os.cpu_count()} CPUs, {args.threads} torch thread(s), "
        f"at most {epochs} epochs, seed {args.seed}",
        file=sys.stderr,
    )
    rows: list[Row] = []
    checks: list[str] = []
    for name in datasets:
        ds = load_dataset(name)
        split = split_of(ds)
        print(f"{name}: {len(split.train)}/{len(split.validation)}/{len(split.test)} triples, "
              f"{split.train.num_entities} entities, {split.train.num_relations} relations", file=sys.stderr)
        rows.append(run_ours(split, name, epochs=epochs, seed=args.seed, threads=args.threads,
                             decoder=args.decoder, encoder=args.encoder))
        for model in models:
            torch.set_num_threads(args.threads)
            row, pk_model = run_pykeen(ds, name, model, epochs=epochs, seed=args.seed)
            print(f"  PyKEEN {model}: {row.epochs} epochs, train {row.seconds:.1f} s, CPU {row.cpu:.1f} s, "
                  f"MRR {row.mrr:.4f} Hits@1 {row.hits1:.4f} Hits@10 {row.hits10:.4f}", file=sys.stderr)
            rows.append(row)
            if model == "ComplEx" and not args.no_cross_check:
                mrr, h10 = cross_check(ds, pk_model, split)
                checks.append(f"{name}: PyKEEN ComplEx by PyKEEN's evaluator MRR {row.mrr:.4f}, by ours {mrr:.4f}")
    print(table(rows))
    for line in checks:
        print(f"\nevaluator cross-check: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
