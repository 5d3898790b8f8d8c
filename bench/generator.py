"""Benchmark: the generator student against COMET-BART on held-out ATOMIC 2020 heads.

Data: ``kg/data/atomic2020/dev.jsonl`` (3,059 head–relation rows; CC-BY 4.0; the project's
development sample, whose rows come from ATOMIC 2020's *test* split, ``system_eval/test.tsv``, see
its README): human ``tails`` and COMET-BART's (BART-large, ~406M parameters, the released
COMET-ATOMIC 2020 system-evaluation output, ``system_eval/BART/BART-atomic_2020.json``)
``generations`` (9 beams) and ``greedy`` tail. COMET-BART was fine-tuned on ATOMIC 2020's training
split (Hwang et al., AAAI 2021), which holds none of these test heads: it never saw the held-out
heads or their human tails, so the "% of COMET-BART" figures compare against a model that did
not train on what is scored. For every split seed, the heads are split (20% held out, 5% for the
validation loss); the student trains on the training heads only: their human tails and, with
``--corpus both`` (default), COMET-BART's generations for them (symbolic knowledge distillation:
the teacher's output for heads the student learns from, never for held-out heads). With
``--critic-splits N``, on the first N splits a learned critic is trained on the training heads'
human tails only (it never sees a held-out head), the teacher's tails it scores below its
threshold are dropped, and a second student trains on that filtered corpus.

Scores (kg.students.generator_eval, COMET-ATOMIC 2020's scorer): corpus BLEU-1/2 against the
held-out prompts' human tails (lower-cased, split on whitespace, punctuation kept, rows whose
references are all "none" skipped), for the student's greedy tail and COMET-BART's greedy tail
on the same prompts; distinct tails, distinct-2, head sensitivity (the share of prompts whose
tail changes when the head is replaced by another held-out head with the same relation);
parameters; the student's tails/s (batched greedy, ``--gen-threads`` torch threads) and tails per
CPU-second of the process (the same run's tails over its CPU time, which a shared machine's load
does not shrink: a lower bound of what one free core gives).

``--size retrieval``: the nonparametric student (kg.students.generator_retrieval): the corpus is
its index (nothing is trained, ``--epochs`` does not apply); filtered vs unfiltered filters the index.

``--dev``: score on dev heads instead, for choosing models and options: for split seed s, a share
``--test`` of all heads drawn (seeded by s) from split s's training heads that no reported split
(seeds 0, 1, 2 and ``--splits``) holds out, so no dev head is ever a reported held-out head; the
student indexes or trains on split s's other training heads. No held-out head of split s is
read, and no held-out head of any reported split is scored.

    python bench/generator.py                          # minilm, 3 splits, 1 epoch, greedy + 4 teacher beams, filtered on split 0
    python bench/generator.py --dev --splits 0 --size small --epochs 8   # the from-scratch student on dev
    python bench/generator.py --size retrieval                          # the retrieval student, 3 splits

Training is bound by epochs, not wall clock (the CPU is shared). The table is Markdown
(docs/generator.md holds a copy).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"
REPORTED_SPLITS = (0, 1, 2)  # the held-out splits the figures are reported on: never dev heads
VALIDATION = 0.05
COMET_PARAMETERS = 406_291_456  # BART-large (facebook/bart-large), the COMET-BART backbone


def _teacher_examples(rows, heads, Example, beams=9):
    """COMET-BART's generations for ``heads``: its greedy tail and first ``beams`` beams, "none"
    skipped."""
    out = {
        Example(r["head"], r["relation"], t.strip())
        for r in rows
        if r["head"] in heads
        for t in [r["greedy"], *r["generations"][:beams]]
        if t.strip() and t.strip().lower() != "none"
    }
    return sorted(out, key=lambda e: (e.head, e.relation, e.tail))


def _dev_heads(examples, split, seed, args, split_by_head) -> set[str]:
    """Dev heads for split ``seed``: a share ``args.test`` of all heads, drawn from the split's
    training heads that no reported split holds out."""
    reserved = set().union(
        *(split_by_head(examples, test=args.test, validation=VALIDATION, seed=s).heads("test")
          for s in sorted({*REPORTED_SPLITS, *args.splits}))
    )
    pool = sorted(split.heads("train") - reserved)
    random.Random(seed).shuffle(pool)
    dev = set(pool[: int(round(args.test * len({e.head for e in examples})))])
    assert not dev & reserved
    return dev


def _rank_one_prompt(index, query, k, n, temperature, prior):
    """The retrieval student's ranking as it was before it was batched per relation (one
    prompt at a time, its own sparse products): the baseline of the ranking speed."""
    import numpy as np

    sims = index.vectors @ query
    order = np.argsort(-sims, kind="stable")
    k = min(k, len(order))
    while True:
        near = order[:k]
        candidates = np.unique(index.owner[near].indices)
        if len(candidates) >= n or k == len(order):
            break
        k = min(2 * k, len(order))
    w = np.exp((sims[near] - sims[near].max()) / temperature)
    w /= w.sum()
    m1 = (index.grams[0][candidates] @ index.union[0][near].T).toarray()
    m2 = (index.grams[1][candidates] @ index.union[1][near].T).toarray()
    p1 = m1 / np.maximum(index.lengths[0][candidates], 1)[:, None]
    p2 = (m2 + 0.1) / (index.lengths[1][candidates] + 0.1)[:, None]
    utility = np.cbrt(p1 * p1 * p2)
    utility[index.owner_t[candidates][:, near].toarray() > 0] = 1.0
    return candidates, utility @ w + prior * index.prior[candidates]


def _ranking_speed(gen, prompts, repeats=3):
    """The retrieval student's ranking alone (heads embedded once beforehand): seconds for
    ``prompts`` batched per relation (the model's code) and one prompt at a time (the code
    before), medians of ``repeats`` alternating runs; the encoder's seconds for their heads;
    and the share of prompts whose best tail is the same."""
    import numpy as np

    cfg = gen.config
    heads = list(dict.fromkeys(h for h, _ in prompts))
    t, cpu = time.perf_counter(), time.process_time()
    vectors = dict(zip(heads, gen.encoder.encode(heads)))
    encoder_s, encoder_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    by_relation: dict[str, list[int]] = {}
    for i, (_, r) in enumerate(prompts):
        by_relation.setdefault(r, []).append(i)

    def best(ids, scores):
        return int(ids[min(range(len(ids)), key=lambda i: (-scores[i], ids[i]))])

    times: dict[str, list[float]] = {"batched_s": [], "one_by_one_s": [], "batched_cpu_s": [], "one_by_one_cpu_s": []}
    for _ in range(repeats):
        t, cpu = time.perf_counter(), time.process_time()
        new = {}
        for r, pos in by_relation.items():
            ranked = gen.index[r].rank(np.stack([vectors[prompts[i][0]] for i in pos]), cfg.neighbours, 1, cfg.temperature, cfg.prior)
            new.update({i: best(*got) for i, got in zip(pos, ranked)})
        times["batched_s"].append(time.perf_counter() - t)
        times["batched_cpu_s"].append(time.process_time() - cpu)
        t, cpu = time.perf_counter(), time.process_time()
        old = {i: best(*_rank_one_prompt(gen.index[r], vectors[h], cfg.neighbours, 1, cfg.temperature, cfg.prior))
               for i, (h, r) in enumerate(prompts)}
        times["one_by_one_s"].append(time.perf_counter() - t)
        times["one_by_one_cpu_s"].append(time.process_time() - cpu)
    return {**{k: statistics.median(v) for k, v in times.items()}, "encoder_s": encoder_s, "encoder_cpu_s": encoder_cpu_s, "prompts": len(prompts), "heads": len(heads),
            "same_best": sum(new[i] == old[i] for i in old) / len(old)}


def _critic_filter(human, teacher, templates, *, seed, epochs, log, cache=None):
    """Train a critic on ``human`` (the training heads' human tails) and keep the ``teacher``
    tails it accepts; returns (kept, critic description). With ``cache`` (a JSON file), the
    kept tails and the description are read from it when it holds this very corpus (the same
    human and teacher tails), else written to it: the filter does not depend on the student."""
    from kg.critics.cross_encoder import CriticTrainConfig, train_critic
    from kg.critics.examples import Row

    key = hashlib.sha256(json.dumps([[list(map(str, (e.head, e.relation, e.tail))) for e in c] for c in (human, teacher)]).encode()).hexdigest()
    if cache is not None and cache.is_file():
        saved = json.loads(cache.read_text())
        if saved["corpus"] == key and saved["epochs"] == epochs:
            log(f"  critic: read from {cache} (threshold {saved['meta']['threshold']:.3f}, kept {len(saved['kept']):,} of {len(teacher):,} teacher tails)")
            return [type(teacher[0])(*t) for t in saved["kept"]], saved["meta"]

    by_prompt: dict[tuple[str, str], list[str]] = {}
    for e in human:
        by_prompt.setdefault((e.head, e.relation), []).append(e.tail)
    rows = [Row(h, r, tuple(dict.fromkeys(ts))) for (h, r), ts in by_prompt.items()]
    config = CriticTrainConfig(
        epochs=epochs, max_seconds=3600.0, negatives_per_positive=1.0, rank_weight=0.0, seed=seed, threads=1,
        progress=False,
    )
    t = time.perf_counter()
    critic = train_critic(rows, templates=templates, config=config)
    scores = critic.score([(e.head, e.relation, e.tail) for e in teacher])
    kept = [e for e, s in zip(teacher, scores) if s >= critic.threshold]
    meta = critic.describe()
    log(f"  critic: {time.perf_counter() - t:.0f} s, threshold {critic.threshold:.3f}, kept {len(kept):,} of {len(teacher):,} teacher tails")
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        meta = {k: meta.get(k) for k in ("id", "threshold")}
        cache.write_text(json.dumps({"corpus": key, "epochs": epochs, "meta": meta, "kept": [[e.head, e.relation, e.tail] for e in kept]}))
    return kept, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", type=int, nargs="+", default=[0, 1, 2], help="split seeds (heads)")
    parser.add_argument("--test", type=float, default=0.2, help="share of heads held out")
    parser.add_argument("--dev", action="store_true", help="score on dev heads (training heads no reported split holds out), not the held-out heads")
    parser.add_argument("--size", default="minilm", help="model: minilm (warm-started) | tiny | small | base | bart (from scratch) | retrieval (no training)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--neighbours", type=int, default=None, help="retrieval: training heads consulted per prompt (default: the model's)")
    parser.add_argument("--temperature", type=float, default=None, help="retrieval: softmax temperature of the neighbours' weights (default: the model's)")
    parser.add_argument("--prior", type=float, default=None, help="retrieval: weight of the relation-wide word evidence (default: the model's)")
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate (default: the model's)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--corpus", choices=("human", "teacher", "both"), default="both")
    parser.add_argument("--teacher-beams", type=int, default=4, help="COMET-BART tails per training prompt: greedy + this many beams")
    parser.add_argument("--critic-splits", type=int, default=1, help="train a critic and a student on the filtered corpus on this many splits")
    parser.add_argument("--critic-epochs", type=float, default=1.0)
    parser.add_argument("--critic-cache", type=Path, default=None,
                        help="keep each split's critic-filtered teacher tails in this folder and reuse them (the same corpus only)")
    parser.add_argument("--beams", type=int, default=1, help="decode with beam search (1: greedy)")
    parser.add_argument("--no-repeat", type=int, default=2, help="no repeated n-gram of this size within a tail (0: off)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads for training")
    parser.add_argument("--gen-threads", type=int, default=2, help="torch threads for the tails/s measurement")
    parser.add_argument("--runs", nargs="+", default=["unfiltered", "filtered"], help="which students to train (two processes can share the work)")
    parser.add_argument("--merge", type=Path, nargs="*", default=[], help="with --out: first merge these results files into it")
    parser.add_argument("--out", type=Path, default=None, help="write the per-split results here (JSON) after each run")
    parser.add_argument("--resume", action="store_true", help="with --out: skip the runs already in that file")
    parser.add_argument("--save", type=Path, default=None, help="keep the models here (one folder per split)")
    args = parser.parse_args()

    import torch
    from transformers.utils import logging as hf_logging

    from kg.ontology import load_domain
    from kg.students.generator import Example, Generator, TrainConfig, read_examples, split_by_head
    from kg.students.generator_eval import score_outputs
    from kg.students.generator_retrieval import RETRIEVAL, RetrievalConfig, RetrievalGenerator

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    examples = read_examples(DATA)
    domain = load_domain("commonsense")
    templates = {name: r.verbalization for name, r in domain.relations.items()}
    results: dict[int, dict] = {}
    if args.resume and args.out and args.out.is_file():
        results = {int(k): v for k, v in json.loads(args.out.read_text()).items()}
    for path in args.merge:
        for k, v in json.loads(path.read_text()).items():
            results.setdefault(int(k), {}).update(v)
    # every split's unfiltered student first, then the filtered ones: the core figures come first
    jobs = [(seed, "unfiltered") for seed in args.splits]
    if args.corpus != "human":
        jobs += [(seed, "filtered") for seed in args.splits[: args.critic_splits]]
    jobs = [(seed, name) for seed, name in jobs if name in args.runs]
    for seed, name in jobs:
        if name in results.get(seed, {}):
            continue
        split = split_by_head(examples, test=args.test, validation=VALIDATION, seed=seed)
        train_part, validation, held = split.train, split.validation, split.test
        if args.dev:  # dev heads that no reported split holds out, from this split's training heads
            dev = _dev_heads(examples, split, seed, args, split_by_head)
            train_part = [e for e in split.train if e.head not in dev]
            held = [e for e in split.train if e.head in dev]
        held_heads = {e.head for e in held}
        refs = {
            (r["head"], r["relation"]): list(r["tails"])
            for r in rows
            if r["head"] in held_heads and any(t.strip().lower() != "none" for t in r["tails"])
        }
        prompts = list(refs)
        train_heads = {e.head for e in train_part}
        human = list(train_part) if args.corpus != "teacher" else []
        teacher = _teacher_examples(rows, train_heads, Example, args.teacher_beams) if args.corpus != "human" else []
        # a relation no training head has (xReason: one row in the file) cannot be asked of the
        # student: those prompts are left out for both systems
        trained_relations = {e.relation for e in [*human, *teacher]}
        refs = {k: v for k, v in refs.items() if k[1] in trained_relations}
        prompts = list(refs)
        row = results.setdefault(seed, {"split": seed, "prompts": len(prompts)})
        if "comet" not in row:
            greedy = {(r["head"], r["relation"]): r["greedy"] for r in rows}
            row["comet"] = score_outputs({k: greedy[k] for k in prompts}, refs, seed=seed)
        log(
            f"split {seed}{' (dev)' if args.dev else ''}, {name}: {len(train_heads):,} training heads, "
            f"{len(human):,} human + {len(teacher):,} teacher tails; {len(prompts)} scored prompts"
        )
        if name == "filtered":
            cache = args.critic_cache / f"critic-{'dev' if args.dev else 'heldout'}-{seed}.json" if args.critic_cache else None
            teacher, critic_meta = _critic_filter(list(train_part), teacher, templates, seed=seed, epochs=args.critic_epochs, log=log,
                                                  cache=cache)
            row["critic"] = {k: critic_meta.get(k) for k in ("id", "threshold")}
        corpus = human + teacher
        torch.set_num_threads(args.threads)
        config = TrainConfig(epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, seed=seed, threads=args.threads)
        t = time.perf_counter()
        if args.size == RETRIEVAL:
            knobs = {k: v for k, v in (("neighbours", args.neighbours), ("temperature", args.temperature), ("prior", args.prior)) if v is not None}
            gen = RetrievalGenerator.build(corpus, templates=templates, config=RetrievalConfig(**knobs))
        else:
            gen = Generator.train(corpus, validation=validation, model=args.size, config=config, templates=templates, progress=False)
        train_s = time.perf_counter() - t
        if args.save:
            gen.save(args.save / f"{name}-{seed}")
        torch.set_num_threads(args.gen_threads)
        gen.generate_batch(prompts[:64], 1)  # warm-up
        t, cpu = time.perf_counter(), time.process_time()
        outs = gen.generate_batch(prompts, 1, num_beams=args.beams, no_repeat_ngram_size=args.no_repeat)
        rate = len(prompts) / (time.perf_counter() - t)
        cpu_rate = len(prompts) / max(time.process_time() - cpu, 1e-9)
        ours = {k: o[0] for k, o in zip(prompts, outs)}
        s = score_outputs(ours, refs, seed=seed)
        if args.size == RETRIEVAL:
            s["ranking"] = _ranking_speed(gen, prompts)
        s.update(parameters=gen.num_parameters, tails_per_s=rate, tails_per_cpu_s=cpu_rate, train_s=train_s, examples=len(corpus),
                 epochs=gen.meta["train"]["epochs"], validation_loss=min(gen.meta["train"].get("validation_loss") or [float("nan")]),
                 sample=[[h, r, ours[(h, r)]] for h, r in prompts[:5]])
        row[name] = s
        log(
            f"  {name}: {len(corpus):,} examples, {train_s:.0f} s; BLEU-2 {s['bleu2']:.3f} "
            f"(COMET-BART {row['comet']['bleu2']:.3f}), distinct {s['distinct_tails']} "
            f"(COMET-BART {row['comet']['distinct_tails']}), head sensitivity {s['head_sensitivity']:.2f}, {rate:.0f} tails/s, "
            f"{cpu_rate:.0f} tails/CPU-s"
        )
        if args.out:
            args.out.write_text(json.dumps(results, indent=1))
    results = [results[k] for k in sorted(results) if k in args.splits]
    _print(args, results)


def _stat(values):
    """Mean and sample standard deviation (0 for one value), or "n/a"."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def _ratio(stat, n: int) -> str:
    if stat == "n/a":
        return stat
    return f"{stat[0]:.0%}" + (f" ± {stat[1]:.0%}" if n > 1 else "")


def _print(args, results) -> None:
    def cell(key, system, fmt="{:.3f}"):
        got = _stat([r[system][key] for r in results if system in r])
        if got == "n/a":
            return got
        mean, spread = got
        n = sum(system in r for r in results)
        return fmt.format(mean) + (f" ± {fmt.format(spread)}" if n > 1 else "")

    header = ["system", "splits", "params", "BLEU-1", "BLEU-2", "BLEU-2 / COMET", "distinct tails", "distinct / COMET",
              "distinct-2", "head sensitivity", "tails/s", "tails/CPU-s"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    trained = "index" if args.size == "retrieval" else f"{args.epochs} epoch(s)"
    systems = [("comet", "COMET-BART greedy")] + [
        (name, f"student ({args.size}, {args.corpus}, {name}, {trained})") for name in ("unfiltered", "filtered")
    ]
    for key, label in systems:
        used = [r for r in results if key in r]
        if not used:
            continue
        params = COMET_PARAMETERS if key == "comet" else used[0][key]["parameters"]
        ratio = _stat([r[key]["bleu2"] / r["comet"]["bleu2"] for r in used])
        dratio = _stat([r[key]["distinct_tails"] / r["comet"]["distinct_tails"] for r in used])
        rate = "n/a" if key == "comet" else cell("tails_per_s", key, "{:.0f}")
        cpu_rate = "n/a" if key == "comet" or not all("tails_per_cpu_s" in r[key] for r in used) else cell("tails_per_cpu_s", key, "{:.0f}")
        lines.append(
            f"| {label} | {', '.join(str(r['split']) for r in used)} | {params / 1e6:.1f}M | {cell('bleu1', key)} | "
            f"{cell('bleu2', key)} | {_ratio(ratio, len(used))} | {cell('distinct_tails', key, '{:.0f}')} | {_ratio(dratio, len(used))} | "
            f"{cell('distinct_2', key)} | {cell('head_sensitivity', key, '{:.2f}')} | {rate} | {cpu_rate} |"
        )
    print("\n".join(lines))
    print()
    both = [r for r in results if "unfiltered" in r and "filtered" in r]
    if both:
        def diff(key, fmt):
            mean, sd = _stat([r["filtered"][key] - r["unfiltered"][key] for r in both])
            return f"{fmt.format(mean)} ± {fmt.replace('+', '').format(sd)}" if len(both) > 1 else fmt.format(mean)

        ratio = _stat([(r["filtered"]["bleu2"] - r["unfiltered"]["bleu2"]) / r["comet"]["bleu2"] for r in both])
        print(
            f"filtered minus unfiltered corpus (splits {', '.join(str(r['split']) for r in both)}): BLEU-2 {diff('bleu2', '{:+.3f}')} "
            f"({ratio[0]:+.1%} of COMET-BART's), distinct tails {diff('distinct_tails', '{:+.0f}')}, "
            f"head sensitivity {diff('head_sensitivity', '{:+.2f}')}"
        )
    ranked = [r["unfiltered"]["ranking"] for r in results if "ranking" in r.get("unfiltered", {})]
    if ranked:
        per = lambda key: _stat([1e3 * x[key] / x["prompts"] for x in ranked])  # noqa: E731
        speedup = _stat([x["one_by_one_cpu_s"] / x["batched_cpu_s"] for x in ranked])
        wall = _stat([x["one_by_one_s"] / x["batched_s"] for x in ranked])
        total = _stat([(x["encoder_cpu_s"] + x["one_by_one_cpu_s"]) / (x["encoder_cpu_s"] + x["batched_cpu_s"]) for x in ranked])
        print(
            f"ranking (heads already embedded; median of 3): batched per relation {per('batched_cpu_s')[0]:.3f} CPU-ms a prompt, "
            f"one prompt at a time (the code before) {per('one_by_one_cpu_s')[0]:.3f}: {speedup[0]:.1f}x ± {speedup[1]:.1f} "
            f"(wall clock {wall[0]:.1f}x ± {wall[1]:.1f}); the same best tail for "
            f"{statistics.fmean(x['same_best'] for x in ranked):.1%} of prompts; the encoder "
            f"{statistics.fmean(1e3 * x['encoder_cpu_s'] / x['heads'] for x in ranked):.2f} CPU-ms a head; encoder and ranking "
            f"together {total[0]:.2f}x ± {total[1]:.2f} the tails per CPU-second of the code before"
        )
    for r in results:
        bits = [f"split {r['split']}: {r['prompts']} prompts"]
        for key in ("unfiltered", "filtered"):
            if key in r:
                s = r[key]
                if args.size == "retrieval":
                    bits.append(f"{key}: {s['examples']:,} examples, {s['train_s']:.0f} s indexing")
                else:
                    bits.append(f"{key}: {s['examples']:,} examples, {s['epochs']} epoch(s), {s['train_s']:.0f} s training, "
                                f"validation loss {s['validation_loss']:.3f}")
        if "critic" in r:
            bits.append(f"critic {r['critic']['id']} threshold {r['critic']['threshold']:.3f}")
        print("; ".join(bits))
    print(
        f"{'dev heads (none held out by a reported split)' if args.dev else 'held-out heads'}; decoding "
        f"{'greedy' if args.beams == 1 else f'beam-{args.beams}'}, no-repeat {args.no_repeat}; training threads {args.threads}, "
        f"tails/s with {args.gen_threads} threads; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs (shared), "
        f"load average {os.getloadavg()[0]:.1f} at the end; ± is the standard deviation over the splits."
    )


if __name__ == "__main__":
    main()
