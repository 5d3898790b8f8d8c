"""Benchmark: our link predictor student against PyKEEN, in one process on the same CPU.

Four parts, each of which can be skipped (``--skip-small``, ``--skip-atomic``,
``--skip-synthetic``, ``--skip-pykeen``):

1. PyKEEN's bundled Kinships, UMLS and Nations (shipped in the pykeen wheel; no download), with
   PyKEEN's own train / validation / test splits, so both sides see the same triples.
2. The ATOMIC store: the bundled ATOMIC 2020 sample (``kg/data/atomic2020/dev.jsonl``, human
   tails and COMET generations) ingested by ``kg ingest`` into a fresh store (or ``--atomic
   STORE``), read as the student reads it and split once (seeded, leak-free); both sides train
   and test on that split. PyKEEN there: the same strong recipe, for ``--atomic-pykeen-epochs``
   epochs (an epoch of 1-N scoring over ~22k entities takes about a minute here).
3. A synthetic graph of ``--synthetic-entities`` entities and ``--synthetic-triples`` triples
   (100k / 1M by default) with learnable structure (:func:`synthetic_split`: blocks on a cycle,
   each of 20 relations a shift between blocks, popular tails more often), written to a fresh
   on-disk store (``kg.store``, pyoxigraph's bulk loader) and read back from it as ``kg train
   linkpred`` reads a store (both timed apart from training). Ours trains with sampled
   negatives under a time budget (``--synthetic-seconds``); printed: time and CPU per epoch, peak memory, validation MRR after every epoch.

PyKEEN runs the strong recipe of docs/baselines.md: LCWA training, CrossEntropyLoss,
inverse triples, Adam lr 0.01, embedding_dim 200, batch 128, xavier-normal initialisation for
ComplEx, early stopping every 10 epochs with patience 3 (on the validation MRR, the same
criterion as ours). Ours: the default :class:`~kg.students.linkpred.ModelConfig` /
:class:`~kg.students.linkpred.TrainConfig` (ComplEx decoder, no GNN encoder, dim 200, 1-N
cross-entropy with inverse relations, early stopping on validation MRR every 5 epochs, patience 3).
Both get the same maximum number of epochs and the same torch thread count; training time
includes each side's periodic validation. The splits are fixed; ours trains once per seed
(``--seeds``, default 3: ``--seed``, ``--seed`` + 1, ...) on the small datasets and the ATOMIC
store, and the table gives the mean ± standard deviation over the seeds with each seed's MRR;
PyKEEN runs once (seed ``--seed``) or is reused (``--reuse-pykeen``), as the output says. The
synthetic graph is one run (seed ``--seed``: it takes ten minutes).
CPU time (process time of the whole call: training, validation and the final test evaluation)
is printed too: on a shared machine it is steadier than wall time. Metrics: filtered, realistic ranks, head and tail
queries together (PyKEEN's ``both.realistic``); our evaluator is cross-checked against PyKEEN's
on the PyKEEN ComplEx model.

    pip install pykeen        # or: pip install -e .[bench]
    python bench/linkpred.py            # everything (see "Measured run times" below)
    python bench/linkpred.py --seeds 5  # ours over seeds 42..46
    python bench/linkpred.py --quick    # UMLS, PyKEEN ComplEx only, fewer epochs, no ATOMIC / synthetic
    python bench/linkpred.py --skip-small --skip-synthetic     # the ATOMIC store alone
    python bench/linkpred.py --json run.json                   # also write every row, as it comes, to run.json
    python bench/linkpred.py --reuse-pykeen run.json           # PyKEEN's rows from that earlier run, not retrained

``--reuse-pykeen`` exists because PyKEEN RotatE on Kinships alone can take most of an hour on a
busy machine: its rows are then copied from the earlier run's JSON (same datasets and splits,
checked by their triple counts), marked "(reused)" in the table, with the run they come from
(its start time and commit) printed under it; their wall and CPU times are that run's.

Measured run times (2 cores shared with other work, niced; ``uptime`` load average as given):

- ``--reuse-pykeen FILE --skip-synthetic`` (the small datasets and ATOMIC, 3 seeds of ours):
  about 6 minutes (16:16:06 to about 16:22 UTC, commit 3c966e4, load 5.4 at the start, 2.0 at
  the end).
- ``--skip-small --skip-atomic --skip-pykeen`` (the synthetic graph alone): about 11 minutes
  (16:44:54 to 16:55:38 UTC, commit 8d01275, load 7.0 at the start, 0.8 at the end); training
  599 s wall of its 600 s budget, 591 s CPU; store write 12.0 s, read 14.6 s.
- PyKEEN's side, when not reused: its training in the run whose rows were reused above (h20d's,
  started 13:07:57 UTC) took 1,458 s wall in all (RotatE on Kinships 376 s, ComplEx on ATOMIC
  911 s); the whole run without ``--reuse-pykeen`` was not timed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

if TYPE_CHECKING:
    from kg.students.triples import Split

ROOT = Path(__file__).resolve().parents[1]
ATOMIC_SAMPLE = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"

BEST_PYKEEN = {"kinships": "ComplEx,RotatE", "umls": "ComplEx", "nations": "ComplEx"}
"""PyKEEN's best models per dataset in docs/baselines.md (RotatE leads on Kinships, ComplEx elsewhere)."""

PYKEEN_MODELS: dict[str, dict[str, Any]] = {
    "ComplEx": dict(
        embedding_dim=200, entity_initializer="xavier_normal", relation_initializer="xavier_normal"
    ),
    "RotatE": dict(embedding_dim=200),
    "DistMult": dict(embedding_dim=200),
}


@dataclass
class Row:
    """One training run's test metrics and times (``seed``: the training seed; ``valid_mrr``:
    ours' best validation MRR, the one early stopping kept; None where not recorded)."""

    dataset: str
    model: str
    mrr: float
    hits1: float
    hits10: float
    seconds: float
    epochs: int
    cpu: float = 0.0
    seed: int | None = None
    valid_mrr: float | None = None


def load_dataset(name: str):
    from pykeen.datasets import UMLS, Kinships, Nations

    return {"kinships": Kinships, "umls": UMLS, "nations": Nations}[name.lower()](create_inverse_triples=True)


def run_pykeen(ds, name: str, model: str, *, epochs: int, seed: int, frequency: int = 10) -> tuple[Row, object]:
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
            frequency=frequency, patience=3, metric="inverse_harmonic_mean_rank", evaluation_batch_size=256
        ),
        evaluation_kwargs=dict(batch_size=256, use_tqdm=False),
        random_seed=seed,
        device="cpu",
    )
    m = result.get_metric
    row = Row(
        name, f"PyKEEN {model}", m("both.realistic.inverse_harmonic_mean_rank"), m("both.realistic.hits_at_1"),
        m("both.realistic.hits_at_10"), result.train_seconds, len(result.losses), time.process_time() - cpu0, seed,
    )
    return row, result.model


def split_of(ds):
    from kg.students.triples import Split, TripleSet

    tf = ds.training
    entities = tuple(sorted(tf.entity_to_id, key=tf.entity_to_id.get))
    relations = tuple(sorted(tf.relation_to_id, key=tf.relation_to_id.get))
    part = lambda f: TripleSet(entities, relations, f.mapped_triples.numpy())  # noqa: E731
    return Split(part(ds.training), part(ds.validation), part(ds.testing))


def run_ours(split, name: str, *, epochs: int, seed: int, threads: int, decoder: str, encoder: str, variant: str = "",
             **training) -> Row:
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig

    t0, cpu0 = time.perf_counter(), time.process_time()
    lp = LinkPredictor.train(
        split,
        model=ModelConfig(decoder=decoder, encoder=encoder),
        training=TrainConfig(epochs=epochs, seed=seed, threads=threads, progress=False, **training),
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rep = lp.report
    assert rep.test is not None
    label = f"ours {decoder}" + ("" if encoder == "none" else f"+{encoder}") + (f", {variant}" if variant else "")
    print(f"  {label} seed {seed}: {rep.epochs} epochs ({rep.stopped}; best {rep.best_epoch}, validation MRR "
          f"{rep.best_valid_mrr:.4f}), train {rep.seconds:.1f} s, wall {wall:.1f} s, CPU {cpu:.1f} s, test {rep.test}",
          file=sys.stderr)
    return Row(name, label, rep.test.mrr, rep.test.hits_at_1, rep.test.hits_at_10, rep.seconds, rep.epochs, cpu, seed,
               rep.best_valid_mrr)


def pykeen_dataset(split):
    """Our split as a PyKEEN dataset (same ids, inverse triples as the strong recipe has them)."""
    from pykeen.datasets import EagerDataset
    from pykeen.triples import TriplesFactory

    e2id = {e: i for i, e in enumerate(split.train.entities)}
    r2id = {r: i for i, r in enumerate(split.train.relations)}

    def factory(part):
        return TriplesFactory(torch.from_numpy(part.triples), entity_to_id=e2id, relation_to_id=r2id,
                              create_inverse_triples=True)

    return EagerDataset(factory(split.train), factory(split.validation), factory(split.test))


def atomic_split(store: Path | None, seed: int):
    """The ATOMIC store's triples (``kg ingest`` of the bundled sample into a fresh store unless
    ``store`` is given), split once, seeded and leak-free."""
    from kg.api import KnowledgeGraph
    from kg.students.triples import read_store, split_triples

    work = None
    if store is None:
        work = Path(tempfile.mkdtemp(prefix="kg-bench-lp-"))
        store = work / "atomic"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "ingest", str(ATOMIC_SAMPLE), "--domain", "commonsense",
                        "--store", str(store), "--critic", "none", "-q"], check=True, stdout=subprocess.DEVNULL)
        print(f"atomic: kg ingest of {ATOMIC_SAMPLE.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    try:
        with KnowledgeGraph.open(store) as kg:
            data = read_store(kg.store)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return split_triples(data, seed=seed)


def synthetic_split(entities: int, triples: int, *, seed: int, relations: int = 20, blocks: int = 100, held: int = 2000):
    """A graph with learnable, low-rank structure: entities fall in ``blocks`` blocks on a
    cycle; relation ``r`` leads from block ``b`` to block ``b + shift_r``, and its tails are
    drawn there by popularity (Zipf, exponent 1.3, over a random order of the block's members).
    ``held`` triples each for validation and test (their entities all occur in training)."""
    from kg.students.triples import Split, TripleSet

    rng = np.random.default_rng(seed)
    size = entities // blocks
    shifts = rng.choice(np.arange(1, blocks), relations, replace=False)
    order = np.stack([rng.permutation(size) for _ in range(blocks)])
    n = int(triples * 1.3) + 1000
    h = rng.integers(0, blocks * size, n)
    r = rng.integers(0, relations, n)
    target = (h // size + shifts[r]) % blocks
    rank = np.minimum(rng.zipf(1.3, n) - 1, size - 1)
    t = target * size + order[target, rank]
    rows = np.unique(np.stack([h, r, t], 1), axis=0)
    rows = rows[rng.permutation(len(rows))[:triples]]
    train, rest = rows[2 * held:], rows[: 2 * held]
    seen = np.zeros(entities, dtype=bool)
    seen[train[:, 0]] = seen[train[:, 2]] = True
    rest = rest[seen[rest[:, 0]] & seen[rest[:, 2]]]
    vocab = TripleSet(tuple(f"e{i}" for i in range(entities)), tuple(f"r{i}" for i in range(relations)), train)
    split = Split(vocab, vocab.with_triples(rest[: len(rest) // 2]), vocab.with_triples(rest[len(rest) // 2:]))
    return split, (size, shifts, order)


SYNTHETIC = "http://example.org/synthetic/"


def synthetic_store_split(split: "Split", location: Path) -> tuple["Split", dict[str, float]]:
    """Write the synthetic graph (all three parts) into a new on-disk store (``kg.store``:
    pyoxigraph, through its journaled bulk loader), reopen it and read it back as ``kg train
    linkpred`` reads a store (:func:`~kg.students.triples.read_store`). The parts stay the
    generator's, mapped by IRI onto the vocabulary read from the store. Returns the split and
    the seconds of the write and of the read."""
    import pyoxigraph as ox

    from kg.store import init_store, open_store
    from kg.students.triples import Split, read_store

    ents = [ox.NamedNode(f"{SYNTHETIC}{e}") for e in split.train.entities]
    rels = [ox.NamedNode(f"{SYNTHETIC}{r}") for r in split.train.relations]
    rows = split.all_triples
    t0 = time.perf_counter()
    store = init_store(location)
    try:
        store.add_triples(((ents[h], rels[r], ents[t]) for h, r, t in rows.tolist()), bulk=True)
        store.flush()
    finally:
        store.close()
    written = time.perf_counter() - t0
    t0 = time.perf_counter()
    with open_store(location) as store:
        data = read_store(store)
    read = time.perf_counter() - t0
    if len(data) != len(rows):
        raise RuntimeError(f"the store gave back {len(data):,} triples of the {len(rows):,} written")
    index, rindex = data.entity_index(), data.relation_index()
    e_map = np.array([index.get(e.value, -1) for e in ents], dtype=np.int64)
    r_map = np.array([rindex[r.value] for r in rels], dtype=np.int64)

    def part(p):
        return data.with_triples(np.stack([e_map[p.triples[:, 0]], r_map[p.triples[:, 1]], e_map[p.triples[:, 2]]], 1))

    return Split(part(split.train), part(split.validation), part(split.test)), {"write_s": written, "read_s": read}


def synthetic_oracle_mrr(split, params) -> float:
    """Test MRR of the generator itself (tails by block and popularity rank, heads uniform in
    their block; filtered like ours): the ceiling a model of this graph can reach."""
    from kg.students.metrics import evaluate_ranking

    size, shifts, order = params
    blocks, E = len(order), split.train.num_entities
    rank = np.zeros(E, dtype=np.float32)
    for b in range(blocks):
        rank[b * size + order[b]] = np.arange(size)
    block = torch.from_numpy(np.arange(E) // size)
    shift = torch.from_numpy(shifts)
    pop = torch.from_numpy(-rank)

    def tails(h, r):
        ok = block.unsqueeze(0) == ((block[h] + shift[r]) % blocks).unsqueeze(1)
        return torch.where(ok, pop.unsqueeze(0), torch.tensor(-1e9))

    def heads(t, r):
        ok = block.unsqueeze(0) == ((block[t] - shift[r]) % blocks).unsqueeze(1)
        return torch.where(ok, torch.tensor(0.0), torch.tensor(-1e9))

    return evaluate_ranking(tails, heads, split.test.triples, num_entities=E, num_relations=len(shifts),
                            known=split.all_triples, batch_size=128).mrr


def run_synthetic(args) -> dict:
    """Train on the synthetic graph (in this process: run it in a child for its peak memory)."""
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig, peak_memory_mb

    t0 = time.perf_counter()
    generated, params = synthetic_split(args.synthetic_entities, args.synthetic_triples, seed=args.seed)
    made = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="kg-bench-synthetic-") as work:
        split, load = synthetic_store_split(generated, Path(work) / "store")
    load_mb = peak_memory_mb()
    cpu0 = time.process_time()
    lp = LinkPredictor.train(
        split, model=ModelConfig(dim=args.synthetic_dim),
        training=TrainConfig(
            epochs=100, sampler="neighbor", batch_size=args.large_batch, negatives=args.synthetic_negatives,
            eval_every=1, patience=2, min_delta=0.002, valid_sample=2000, max_seconds=args.synthetic_seconds,
            plateau_decay=args.synthetic_plateau_decay,
            seed=args.seed, threads=args.threads, progress=False,
        ),
    )
    rep = lp.report
    return {
        "entities": split.train.num_entities, "train": len(split.train), "valid": len(split.validation),
        "test": len(split.test), "made_s": made, "train_s": rep.seconds, "cpu_s": time.process_time() - cpu0,
        "epochs": rep.epochs, "stopped": rep.stopped, "history": rep.history, "best_valid_mrr": rep.best_valid_mrr,
        "best_epoch": rep.best_epoch, "test_mrr": rep.test.mrr if rep.test else None, "peak_mb": peak_memory_mb(),
        "oracle_mrr": synthetic_oracle_mrr(generated, params), "load_mb": load_mb, **load,
    }


def synthetic_report(args) -> list[str]:
    """Run :func:`run_synthetic` in a child process (its own peak memory) and describe it."""

    cmd = [sys.executable, __file__, "--synthetic-child", "--seed", str(args.seed), "--threads", str(args.threads),
           "--synthetic-entities", str(args.synthetic_entities), "--synthetic-triples", str(args.synthetic_triples),
           "--synthetic-seconds", str(args.synthetic_seconds), "--synthetic-dim", str(args.synthetic_dim),
           "--large-batch", str(args.large_batch), "--synthetic-negatives", str(args.synthetic_negatives),
           "--synthetic-plateau-decay", str(args.synthetic_plateau_decay)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    lines = [
        f"synthetic: {res['entities']:,} entities, {res['train']:,} training / {res['valid']:,} validation / "
        f"{res['test']:,} test triples (made in {res['made_s']:.1f} s, written to an on-disk store in {res['write_s']:.1f} s, "
        f"read back in {res['read_s']:.1f} s, peak memory {res['load_mb']:,.0f} MB by then); dim {args.synthetic_dim}, sampled negatives "
        f"{args.synthetic_negatives}, batch {args.large_batch}, plateau decay {args.synthetic_plateau_decay}, "
        f"budget {args.synthetic_seconds:.0f} s",
        "| epoch | steps | seconds | validation MRR | peak memory |",
        "|---|---|---|---|---|",
    ]
    for row in res["history"]:
        mrr = f"{row['valid_mrr']:.4f}" if "valid_mrr" in row else ""
        lines.append(f"| {row['epoch']} | {row['steps']} | {row['seconds']:.1f} s | {mrr} | {row['peak_mb']:,.0f} MB |")
    full = [r["seconds"] for r in res["history"] if r["steps"] == res["history"][0]["steps"]]
    lines.append(
        f"synthetic: {res['epochs']} epochs in {res['train_s']:.1f} s wall ({res['cpu_s']:.1f} s CPU; {res['stopped']}), "
        f"{sum(full) / max(len(full), 1):.1f} s per full epoch, best validation MRR {res['best_valid_mrr']:.4f} at epoch "
        f"{res['best_epoch']}, test MRR {res['test_mrr']:.4f} (the generator itself: {res['oracle_mrr']:.4f}), "
        f"peak memory {res['peak_mb']:,.0f} MB"
    )
    return lines


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


class Record:
    """The run so far as JSON (``--json``), rewritten after every row so a cut run keeps its rows."""

    def __init__(self, path: Path | None, argv: list[str]) -> None:
        self.path = path
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        self.data: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "argv": argv,
                           "commit": commit.stdout.strip() or "unknown", "splits": {}, "rows": [], "checks": [],
                           "synthetic": None}

    def add(self, key: str, value) -> None:
        if isinstance(self.data[key], list):
            self.data[key].append(value)
        else:
            self.data[key] = value
        self.write()

    def write(self) -> None:
        if self.path is not None:
            self.path.write_text(json.dumps(self.data, indent=1), encoding="utf-8")


def reused_pykeen(path: Path) -> tuple[dict, dict[str, list[Row]]]:
    """An earlier run's JSON and its PyKEEN rows by dataset, each marked "(reused)"."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: dict[str, list[Row]] = {}
    for r in data["rows"]:
        if r["model"].startswith("PyKEEN"):
            rows.setdefault(r["dataset"], []).append(Row(**{**r, "model": f"{r['model']} (reused)"}))
    return data, rows


def parse_variants(spec: str) -> dict[str, dict[str, Any]]:
    """``"label_smoothing=0.1,lr=0.003"`` -> ``{"": {}, "label smoothing 0.1": {...}, "lr 0.003": {...}}``:
    the product's defaults first, then one :class:`~kg.students.linkpred.TrainConfig` change each."""
    import dataclasses

    from kg.students.linkpred import TrainConfig

    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    out: dict[str, dict[str, Any]] = {"": {}}
    for item in filter(None, (x.strip() for x in spec.split(","))):
        key, eq, value = item.partition("=")
        if not eq or key not in fields:
            raise ValueError(f"--variants: {item!r} is not FIELD=VALUE of a TrainConfig field ({', '.join(sorted(fields))})")
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError(f"--variants: {item!r}: the value must be a number, true/false or a JSON string") from None
        out[f"{key.replace('_', ' ')} {value}"] = {key: parsed}
    return out


def _ms(values: list[float], digits: int = 3) -> str:
    """``mean ± sd`` (n - 1) of several runs; the value alone for one."""
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{np.mean(values):.{digits}f} ± {np.std(values, ddof=1):.{digits}f}"


def table(rows: list[Row]) -> str:
    """Rows of the same dataset and model (one per seed) as one line: mean ± sd over the seeds,
    each seed's MRR in the last column; the ratios compare means with the best PyKEEN model's.
    Where ours ran in several variants, the one with the best mean validation MRR (the product's
    validation: filtered by training and validation triples, never test) is marked "validation's
    choice"."""
    out = ["| dataset | model | runs | MRR | Hits@1 | Hits@10 | validation MRR | train time (wall) | CPU time | epochs "
           "| MRR / best PyKEEN | wall / best PyKEEN | CPU / best PyKEEN | MRR per seed |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for ds in dict.fromkeys(r.dataset for r in rows):
        groups = {m: [r for r in rows if r.dataset == ds and r.model == m] for m in dict.fromkeys(r.model for r in rows if r.dataset == ds)}
        mean = {m: {k: float(np.mean([getattr(r, k) for r in g])) for k in ("mrr", "seconds", "cpu")} for m, g in groups.items()}
        pk = [m for m in groups if m.startswith("PyKEEN")]
        best = mean[max(pk, key=lambda m: mean[m]["mrr"])] if pk else None
        validated = {m: float(np.mean([r.valid_mrr for r in g])) for m, g in groups.items()
                     if all(r.valid_mrr is not None for r in g) and not m.startswith("PyKEEN")}
        chosen = max(validated, key=validated.__getitem__) if len(validated) > 1 else None
        for m, g in groups.items():
            ours = best is not None and not m.startswith("PyKEEN")
            ratio = f"{mean[m]['mrr'] / best['mrr']:.3f}" if ours and best else ""
            tratio = f"{mean[m]['seconds'] / best['seconds']:.2f}" if ours and best else ""
            cratio = f"{mean[m]['cpu'] / best['cpu']:.2f}" if ours and best and best["cpu"] else ""
            seeds = ", ".join(f"{r.seed}: {r.mrr:.3f}" if r.seed is not None else f"{r.mrr:.3f}" for r in g)
            valid = _ms([float(r.valid_mrr) for r in g if r.valid_mrr is not None]) if m in validated else ""
            name = f"**{m}** (validation's choice)" if m == chosen else m
            out.append(
                f"| {ds} | {name} | {len(g)} | {_ms([r.mrr for r in g])} | {_ms([r.hits1 for r in g])} "
                f"| {_ms([r.hits10 for r in g])} | {valid} | {_ms([r.seconds for r in g], 1)} s | {_ms([r.cpu for r in g], 1)} s "
                f"| {_ms([float(r.epochs) for r in g], 0)} | {ratio} | {tratio} | {cratio} | {seeds if len(g) > 1 else ''} |"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="UMLS only, PyKEEN ComplEx only, at most 60 epochs, no ATOMIC, no synthetic")
    ap.add_argument("--datasets", default=None, help="comma list: kinships,umls,nations (default all; --quick: umls)")
    ap.add_argument("--pykeen-models", default=None,
                    help="comma list of ComplEx,RotatE,DistMult (default: the best per dataset, ComplEx and on Kinships RotatE too)")
    ap.add_argument("--epochs", type=int, default=None, help="most epochs on the small datasets, both sides (default 100; --quick 60)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads, both sides (default 1)")
    ap.add_argument("--seed", type=int, default=42, help="the first seed; PyKEEN's, the ATOMIC split's and the synthetic run's")
    ap.add_argument("--seeds", type=int, default=3,
                    help="our runs per dataset, seeds --seed, --seed+1, ... (default 3): mean ± sd and each seed's MRR")
    ap.add_argument("--decoder", default="complex", help="our decoder")
    ap.add_argument("--variants", default="label_smoothing=0.1",
                    help="comma list of TrainConfig field=value, each trained beside the defaults on the small datasets "
                         "(default label_smoothing=0.1; '' for the defaults alone); the table marks the one validation chooses")
    ap.add_argument("--encoder", default="none", help="our encoder: none | rgcn")
    ap.add_argument("--no-cross-check", action="store_true", help="skip evaluating PyKEEN's ComplEx with our evaluator")
    ap.add_argument("--skip-small", action="store_true", help="skip Kinships / UMLS / Nations")
    ap.add_argument("--skip-atomic", action="store_true", help="skip the ATOMIC store")
    ap.add_argument("--skip-synthetic", action="store_true", help="skip the synthetic 100k / 1M graph")
    ap.add_argument("--skip-pykeen", action="store_true", help="ours only")
    ap.add_argument("--atomic", type=Path, default=None, help="an ATOMIC store to read (default: kg ingest the bundled sample)")
    ap.add_argument("--atomic-seconds", type=float, default=60, help="our time budget on the ATOMIC store")
    ap.add_argument("--atomic-pykeen-epochs", type=int, default=5, help="PyKEEN's epochs on the ATOMIC store")
    ap.add_argument("--large-batch", type=int, default=512, help="queries per step on the large graphs (sampled negatives)")
    ap.add_argument("--large-negatives", type=int, default=4096, help="sampled negatives per step on the large graphs")
    ap.add_argument("--synthetic-entities", type=int, default=100_000)
    ap.add_argument("--synthetic-triples", type=int, default=1_000_000)
    ap.add_argument("--synthetic-seconds", type=float, default=600, help="the synthetic graph's time budget")
    ap.add_argument("--synthetic-dim", type=int, default=100)
    ap.add_argument("--synthetic-negatives", type=int, default=1024, help="sampled negatives per step on the synthetic graph")
    ap.add_argument("--synthetic-plateau-decay", type=float, default=0.3,
                    help="TrainConfig.plateau_decay on the synthetic graph (default 0.3: chosen on its validation MRR, "
                         "docs/linkpred.md; 1 for the product default, off)")
    ap.add_argument("--json", type=Path, default=None, help="write the run (rows, checks, synthetic) to this JSON file as it goes")
    ap.add_argument("--reuse-pykeen", type=Path, default=None, metavar="JSON",
                    help="take PyKEEN's rows from an earlier run's --json file instead of training PyKEEN (marked '(reused)')")
    ap.add_argument("--synthetic-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.synthetic_child:
        print(json.dumps(run_synthetic(args)))
        return 0
    if args.quick:
        args.skip_atomic = args.skip_synthetic = True
    reused: dict[str, list[Row]] | None = None
    if args.reuse_pykeen is not None:
        earlier, reused = reused_pykeen(args.reuse_pykeen)
    needs_pykeen = not args.skip_pykeen and reused is None and not (args.skip_small and args.skip_atomic)
    if needs_pykeen or not args.skip_small:
        try:
            import pykeen  # noqa: F401
        except ImportError:
            print("PyKEEN is not installed: pip install pykeen (or pip install -e .[bench]); or --skip-small --skip-pykeen",
                  file=sys.stderr)
            return 2
        logging.getLogger("pykeen").setLevel(logging.ERROR)
        logging.getLogger("torch_max_mem").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")

    datasets = (args.datasets or ("umls" if args.quick else "kinships,umls,nations")).split(",")
    def models_for(name: str) -> list[str]:
        if args.skip_pykeen:
            return []
        return (args.pykeen_models or ("ComplEx" if args.quick else BEST_PYKEEN.get(name, "ComplEx"))).split(",")

    epochs = args.epochs or (60 if args.quick else 100)
    if args.seeds < 1:
        print(f"--seeds must be at least 1, got {args.seeds}", file=sys.stderr)
        return 2
    seeds = [args.seed + i for i in range(args.seeds)]
    try:
        variants = parse_variants(args.variants)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    version = importlib.metadata.version("pykeen") if needs_pykeen or not args.skip_small else "not used"
    print(
        f"# link prediction bench: python {platform.python_version()}, torch {torch.__version__}, "
        f"pykeen {version}, {os.cpu_count()} CPUs, {args.threads} torch thread(s), "
        f"at most {epochs} epochs, ours over seeds {', '.join(map(str, seeds))}, PyKEEN seed {args.seed}",
        file=sys.stderr,
    )
    record = Record(args.json, sys.argv if argv is None else argv)
    rows: list[Row] = []
    checks: list[str] = []

    def add(row: Row) -> None:
        rows.append(row)
        record.add("rows", row.__dict__)

    def take_reused(name: str, split) -> bool:
        """Add PyKEEN's rows for ``name`` from the earlier run; False when not reusing."""
        if reused is None or args.skip_pykeen:
            return False
        sizes = [len(split.train), len(split.validation), len(split.test)]
        if earlier["splits"].get(name) != sizes or name not in reused:
            raise SystemExit(f"{args.reuse_pykeen}: no PyKEEN rows for {name} on a {'/'.join(map(str, sizes))} split")
        for row in reused[name]:
            add(row)
        return True

    for name in [] if args.skip_small else datasets:
        ds = load_dataset(name)
        split = split_of(ds)
        print(f"{name}: {len(split.train)}/{len(split.validation)}/{len(split.test)} triples, "
              f"{split.train.num_entities} entities, {split.train.num_relations} relations", file=sys.stderr)
        record.data["splits"][name] = [len(split.train), len(split.validation), len(split.test)]
        for variant, settings in variants.items():
            for seed in seeds:
                add(run_ours(split, name, epochs=epochs, seed=seed, threads=args.threads, decoder=args.decoder,
                             encoder=args.encoder, variant=variant, **settings))
        for model in [] if take_reused(name, split) else models_for(name):
            torch.set_num_threads(args.threads)
            row, pk_model = run_pykeen(ds, name, model, epochs=epochs, seed=args.seed)
            print(f"  PyKEEN {model}: {row.epochs} epochs, train {row.seconds:.1f} s, CPU {row.cpu:.1f} s, "
                  f"MRR {row.mrr:.4f} Hits@1 {row.hits1:.4f} Hits@10 {row.hits10:.4f}", file=sys.stderr)
            add(row)
            if model == "ComplEx" and not args.no_cross_check:
                mrr, h10 = cross_check(ds, pk_model, split)
                checks.append(f"{name}: PyKEEN ComplEx by PyKEEN's evaluator MRR {row.mrr:.4f}, by ours {mrr:.4f}")
                record.add("checks", checks[-1])
    if not args.skip_atomic:
        split = atomic_split(args.atomic, args.seed)
        print(f"atomic: {len(split.train)}/{len(split.validation)}/{len(split.test)} triples, "
              f"{split.train.num_entities} entities, {split.train.num_relations} relations", file=sys.stderr)
        record.data["splits"]["atomic"] = [len(split.train), len(split.validation), len(split.test)]
        for seed in seeds:
            add(run_ours(split, "atomic", epochs=200, seed=seed, threads=args.threads, decoder=args.decoder,
                         encoder=args.encoder, sampler="neighbor", batch_size=args.large_batch,
                         negatives=args.large_negatives, max_seconds=args.atomic_seconds))
        if not args.skip_pykeen and not take_reused("atomic", split):
            torch.set_num_threads(args.threads)
            row, _ = run_pykeen(pykeen_dataset(split), "atomic", "ComplEx", epochs=args.atomic_pykeen_epochs,
                                seed=args.seed, frequency=max(1, args.atomic_pykeen_epochs))
            print(f"  PyKEEN ComplEx: {row.epochs} epochs, train {row.seconds:.1f} s, CPU {row.cpu:.1f} s, "
                  f"MRR {row.mrr:.4f} Hits@1 {row.hits1:.4f} Hits@10 {row.hits10:.4f}", file=sys.stderr)
            add(row)
    if rows:
        print(f"ours: mean ± sd over {len(seeds)} training seed(s) ({', '.join(map(str, seeds))}) on fixed splits; "
              + ("PyKEEN: " + ("rows reused from an earlier run (below)" if reused is not None else f"one run, seed {args.seed}")
                 if not args.skip_pykeen else "PyKEEN skipped"))
        print(table(rows))
    if reused is not None and rows:
        print(f"\n(reused): PyKEEN's rows are copied from {args.reuse_pykeen}, the run started {earlier['started']} "
              f"at commit {earlier['commit']} ({' '.join(earlier['argv'])}); their times are that run's.")
        for line in earlier["checks"]:
            checks.append(f"{line} (reused)")
    for line in checks:
        print(f"\nevaluator cross-check: {line}")
    if not args.skip_synthetic:
        print()
        lines = synthetic_report(args)
        record.add("synthetic", lines)
        for line in lines:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
