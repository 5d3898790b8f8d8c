"""Benchmark: the generator student against COMET-BART on held-out ATOMIC 2020 heads.

Data: ``kg/data/atomic2020/dev.jsonl`` (3,059 head–relation rows; CC-BY 4.0). The student
trains from scratch (its own BPE tokenizer, no download) on the human tails ("none" skipped) of
a fixed, seeded split by head, and is evaluated on the held-out heads, which it never saw. The
same held-out (head, relation) prompts are scored for COMET-BART (BART-large, ~406M parameters,
fine-tuned on all of ATOMIC 2020) from the generations stored in the same file: its greedy tail
(and, as a second row, its first beam). A relation prior (each relation's most frequent training
tail) is measured in the same run as a floor.

Metrics (kg.students.textmetrics, as COMET-ATOMIC 2020 reports them): corpus BLEU-1/2 with all
human tails of a prompt as references, ROUGE-L, exact match, novelty (tails not among the
training tails), validity (share of generated triples the commonsense Validator accepts, when
kg.validate is importable; else n/a), and the student's generation throughput on this CPU
(batched greedy, or --beams; beam search with 5 beams alongside). The summary also gives the
validation loss with the validation heads shuffled: equal to the true loss, the student is not
reading the head.

    python bench/generator.py                 # default: small model, 420 s training budget
    python bench/generator.py --seconds 60    # quicker, lower scores
    python bench/generator.py --teacher       # also train on the teacher's tails for the training heads
    python bench/generator.py --model-seed 1  # same split, another initialisation (run-to-run spread)
    python bench/generator.py --save m/ && python bench/generator.py --load m/ --beams 4   # re-score

The table is printed as Markdown (docs/generator.md holds a copy).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"
COMET_PARAMETERS = 406_291_456  # BART-large (facebook/bart-large), the COMET-BART backbone


def _validity_check():
    """The commonsense Validator as ``check``, with a ``candidates`` builder, or (None, None)."""
    try:
        from kg.ontology import load_domain
        from kg.store import init_store
        from kg.students.loop import to_candidates
        from kg.validate import Validator
    except ImportError:
        return None, None, None
    domain = load_domain("commonsense")
    tmp = tempfile.mkdtemp(prefix="kg-bench-gen-")
    store = init_store(Path(tmp) / "store")
    validator = Validator(domain, store)
    return validator.validate, (lambda triples: to_candidates(triples, domain, store=store)), store


def _validity(check, candidates, outputs: dict) -> float | None:
    if check is None:
        return None
    triples = [(h, r, t) for (h, r), t in outputs.items()]
    verdicts = check(candidates(triples))
    return sum(v.accepted for v in verdicts) / len(triples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="small", help="model: tiny | small | base (decoder-only) | bart (encoder–decoder)")
    parser.add_argument("--seconds", type=float, default=420.0, help="training budget (wall clock, checked per epoch)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--label-smoothing", type=float, default=0.0, help="label smoothing of the training loss")
    parser.add_argument("--test", type=float, default=0.2, help="share of heads held out")
    parser.add_argument("--seed", type=int, default=0, help="seed of the train / validation / held-out split by head")
    parser.add_argument(
        "--model-seed", type=int, default=None,
        help="seed of the model's initialisation and batch order (default: --seed); vary it to see run-to-run spread on one split",
    )
    parser.add_argument("--beams", type=int, default=1, help="decode the student's tail with beam search (1: greedy)")
    parser.add_argument("--length-penalty", type=float, default=1.0, help="beam search length penalty (with --beams > 1)")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (at most 2 here)")
    parser.add_argument(
        "--teacher", action="store_true",
        help="also train on COMET-BART's generations for the training heads (distillation from the teacher)",
    )
    parser.add_argument("--save", type=Path, default=None, help="save the trained model here")
    parser.add_argument(
        "--load", type=Path, default=None,
        help="score a model saved with --save (same split and options) instead of training one",
    )
    args = parser.parse_args()
    model_seed = args.seed if args.model_seed is None else args.model_seed
    decoding = "greedy" if args.beams == 1 else f"beam-{args.beams}"

    import torch
    from transformers.utils import logging as hf_logging

    from kg.students.generator import (
        Example,
        Generator,
        TrainConfig,
        read_examples,
        split_by_head,
    )
    from kg.students.generator_eval import evaluate, references_by_prompt, score_outputs
    from kg.students.textmetrics import normalize_tail

    hf_logging.disable_progress_bar()
    torch.set_num_threads(args.threads)
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    examples = read_examples(DATA)
    split = split_by_head(examples, test=args.test, validation=0.05, seed=args.seed)
    refs = references_by_prompt(split.test)
    print(
        f"data: {len(examples):,} human tails of {len({e.head for e in examples}):,} heads; "
        f"train {len(split.train):,} / validation {len(split.validation):,} / held out {len(split.test):,} "
        f"({len(refs)} held-out prompts); split seed {args.seed}, model seed {model_seed}",
        file=sys.stderr,
    )

    training = list(split.train)
    if args.teacher:
        heads = split.heads("train")
        teacher = {
            Example(r["head"], r["relation"], t)
            for r in rows
            if r["head"] in heads
            for t in [*r["generations"], r["greedy"]]
            if t.strip() and t.strip().lower() != "none"
        }
        training += sorted(teacher, key=lambda e: (e.head, e.relation, e.tail))
        print(f"+ {len(teacher):,} COMET-BART tails of the training heads", file=sys.stderr)
    train_tails = [e.tail for e in training]  # novelty: not among any tail trained on
    config = TrainConfig(
        epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, warmup_steps=100,
        max_seconds=args.seconds, seed=model_seed, threads=args.threads, label_smoothing=args.label_smoothing,
    )
    wall, cpu = time.perf_counter(), time.process_time()
    if args.load:
        gen = Generator.load(args.load)
        args.size = gen.meta.get("size", args.size)
    else:
        gen = Generator.train(training, validation=split.validation, model=args.size, config=config, progress=sys.stderr.isatty())
        gen.meta["size"] = args.size
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    train = gen.meta["train"]
    if args.load:  # the training run's own figures
        wall, cpu = train["seconds"], float("nan")
    if args.save:
        gen.save(args.save)

    check, candidates, store = _validity_check()
    decode = {"num_beams": args.beams, "length_penalty": args.length_penalty}
    ours = evaluate(gen, split.test, train_tails=train_tails, num_beams=args.beams, length_penalty=args.length_penalty)
    ours_outputs = {k: o[0] for k, o in zip(refs, gen.generate_batch(list(refs), 1, **decode))}
    # does the student read the head? validation loss with each validation head's tails moved to
    # another validation head (same relations, seeded): equal losses mean the head is ignored
    vheads = sorted(split.heads("validation"))
    moved = dict(zip(vheads, vheads[1:] + vheads[:1]))
    shuffled = [Example(moved[e.head], e.relation, e.tail) for e in split.validation]
    head_loss = (gen.validation_loss(split.validation), gen.validation_loss(shuffled))
    t = time.perf_counter()
    beams = gen.generate_batch(list(refs), 5, batch_size=64)
    beam_rate = sum(len(b) for b in beams) / (time.perf_counter() - t)

    comet_greedy = {(r["head"], r["relation"]): r["greedy"] for r in rows if (r["head"], r["relation"]) in refs}
    comet_beam = {(r["head"], r["relation"]): r["generations"][0] for r in rows if (r["head"], r["relation"]) in refs}
    prior: dict[str, Counter] = defaultdict(Counter)
    for e in split.train:
        prior[e.relation][normalize_tail(e.tail)] += 1
    prior_out = {k: (prior[k[1]].most_common(1)[0][0] if prior[k[1]] else "") for k in refs}

    table = []
    for name, outputs, params, rate in (
        ("COMET-BART greedy", comet_greedy, COMET_PARAMETERS, None),
        ("COMET-BART first beam", comet_beam, COMET_PARAMETERS, None),
        ("relation prior (most frequent tail)", prior_out, 0, None),
        (f"student ({args.size}{', + teacher tails' if args.teacher else ''}) "
         f"{decoding}", ours_outputs, gen.num_parameters, ours.tails_per_second),
    ):
        s = score_outputs(outputs, refs, train_tails=train_tails)
        s.update(system=name, parameters=params, tails_per_s=rate, validity=_validity(check, candidates, outputs))
        table.append(s)
    if store is not None:
        store.close()

    comet = table[0]
    student = table[-1]
    ratio_bleu2 = student["bleu2"] / comet["bleu2"] if comet["bleu2"] else float("nan")
    ratio_params = student["parameters"] / COMET_PARAMETERS

    def f(x, pct=False):
        if x is None:
            return "n/a"
        return f"{x:.1%}" if pct else f"{x:.3f}"

    header = ["system", "params", "BLEU-1", "BLEU-2", "ROUGE-L", "exact", "novelty", "validity", "tails/s (CPU)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for s in table:
        params = f"{s['parameters'] / 1e6:.1f}M" if s["parameters"] else "-"
        rate = f"{s['tails_per_s']:.0f} {decoding}, {beam_rate:.0f} beam-5" if s["tails_per_s"] else "n/a"
        lines.append(
            f"| {s['system']} | {params} | {f(s['bleu1'])} | {f(s['bleu2'])} | {f(s['rouge_l'])} | "
            f"{f(s['exact_match'], True)} | {f(s['novelty'], True)} | {f(s['validity'], True)} | {rate} |"
        )
    cpu_s = "n/a" if args.load else f"{cpu:.0f} s"
    summary = (
        f"student/COMET-BART: BLEU-2 {ratio_bleu2:.0%} (target >= 60%), parameters {ratio_params:.2%} "
        f"(1/{1 / ratio_params:.0f}; target <= 1/20), {decoding} {ours.tails_per_second:.0f} tails/s (target >= 100). "
        f"Training: {train['epochs']} epochs, {train['steps']} steps, {wall:.0f} s wall / {cpu_s} CPU "
        f"({train['stopped']}), best validation loss {min(train['validation_loss'] or [float('nan')]):.3f} "
        f"({head_loss[1]:.3f} with the validation heads shuffled); distinct tails {len(set(ours_outputs.values()))} "
        f"of {len(ours_outputs)} (COMET-BART greedy {len(set(comet_greedy.values()))}). "
        f"{len(refs)} held-out prompts; split seed {args.seed}, model seed {model_seed}; torch threads {args.threads}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs (shared)."
    )
    print("\n".join(lines))
    print()
    print(summary)


if __name__ == "__main__":
    main()
