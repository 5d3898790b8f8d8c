"""Benchmark: the learned critic (cross-encoder) against the old weighted-mean critic and a
bag-of-words baseline, on ATOMIC-style heads none of them saw (issue #16).

Data: ``--data`` (default ``kg/data/atomic2020/dev.jsonl``; any ATOMIC-style JSONL with
``head``, ``relation`` and human ``tails`` works). For each seed of ``--seeds`` the rows are
split by head (:func:`kg.critics.examples.split_by_head`, 20% of the heads held out). The
critics train on the training heads only and are judged on the held-out heads' balanced set
(:func:`kg.critics.examples.balanced_eval_set`: every right tail, and as many wrong ones spread
evenly over the nine negative kinds). Evasive answers are split in two: training sees the
``train`` half of the phrases, the test set uses only the ``test`` half, so an evasive answer at
test time is one no critic saw.

Three critics per seed, in the same run:

* **learned**: :func:`kg.critics.cross_encoder.train_critic` (all-MiniLM-L6-v2 cross-encoder,
  ``--max-seconds`` of training; threshold calibrated on held-out training heads for precision
  0.9), scored in fp32 and again after ``.quantize()`` (fp16 weights, fp32 activations; same
  threshold, as the pipeline loads it). The targets are read off the quantised critic when its mean ROC-AUC is within
  0.01 of fp32's, else off fp32 (the output says which). Its score includes the form check
  (empty, evasive, head restated: 0 without the model);
* **old**: the pipeline's checks with ``critic.model = "none"``, i.e. validation, conflicts and
  the signals' weighted mean (:class:`kg.critic.Critic`). Each test example becomes one ATOMIC
  completion under a prompt of its own, read by the ATOMIC extractor (``atomic_candidates``)
  and checked by ``kg.pipeline.make_check`` in batches of ``run.ingest_batch_size``, in the
  set's order, against a fresh empty store. Score: the verdict's confidence; decision: the
  verdict. An example the extractor drops (an empty or "none" answer, an unknown relation) never
  reaches the store: rejected, score 0. Its candidates/s time the checks only (not extraction);
* **bow**: TF-IDF (word 1–2 grams) of the verbalised triple plus a relation token, and a
  logistic regression (scikit-learn), trained on exactly the examples the cross-encoder trains
  on (the training heads minus its calibration heads, same seed; the vacuous negatives the
  cross-encoder leaves to its form check are kept, as the baseline has no form check), its
  threshold chosen on the same calibration heads for precision 0.9.

Figures per critic and seed, and mean ± standard deviation over seeds: ROC-AUC, precision at
recall 0.5 and 0.8, precision and recall at the critic's own threshold (its decision), the
rejection rate of each negative kind at that threshold, and candidates/s of batched scoring on
this CPU. Targets (on the mean): P@R0.5 >= 0.90, ROC-AUC >= 0.90, >= 95% of evasive, empty and
head_copy answers rejected, >= 500 candidates/s.

    pip install -e '.[bench]'                         # scikit-learn
    python bench/critic.py                            # 3 seeds x 600 s of training: ~35 min on 2 cores
    python bench/critic.py --seeds 0 --max-seconds 60 --skip-old --skip-bow   # a quick look
    python bench/critic.py --data held_out.jsonl --json critic.json           # other data, all figures
    python bench/critic.py --seeds 0 --critic DIR --skip-old --skip-bow       # rescore a saved critic

With ``--critic`` no critic is trained: the saved one is scored on each seed's held-out heads,
less those it trained or calibrated on (``critic.json``'s ``head_keys``; a note says how many,
and a critic saved before kg recorded them cannot be checked: train it on that seed's training
split). Each learned line also says how far a score moves when its triple is scored alone
instead of in the whole set (0 when a score depends on its triple only).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"
DOMAIN = ROOT / "ontologies" / "commonsense"
TEST_FRACTION = 0.2
TARGET_PRECISION = 0.9
VACUOUS_KINDS = ("evasive", "empty", "head_copy")
TARGETS = {
    "p_at_r50": 0.90,
    "auc": 0.90,
    "vacuous_rejected": 0.95,
    "cand_per_s": 500.0,
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- figures ----------------------------------------------------------------------------------------


def figures(examples: Sequence[Any], scores: np.ndarray, keep: np.ndarray, seconds: float, **extra: Any) -> dict[str, Any]:
    """The figures of one critic on one evaluation set: ``scores`` (higher: more likely right)
    and ``keep`` (its decision) per example; ``seconds`` spent scoring them."""
    from kg.critics import metrics
    from kg.critics.examples import NEGATIVE_KINDS

    y = np.asarray([e.label for e in examples], dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    keep = np.asarray(keep, dtype=bool)
    kinds = np.asarray([e.kind for e in examples])
    tp, kept, pos = int((keep & y).sum()), int(keep.sum()), int(y.sum())
    reject = {}
    for kind in NEGATIVE_KINDS:
        mask = kinds == kind
        reject[kind] = float((~keep[mask]).mean()) if mask.any() else None
    return {
        "examples": len(examples),
        "auc": metrics.roc_auc(s, y),
        "p_at_r50": metrics.precision_at_recall(s, y, 0.5),
        "p_at_r80": metrics.precision_at_recall(s, y, 0.8),
        "precision": tp / kept if kept else None,
        "recall": tp / pos if pos else 0.0,
        "reject": reject,
        "cand_per_s": len(examples) / seconds if seconds > 0 else float("inf"),
        "score_seconds": seconds,
        **extra,
    }


def _num(x: Any) -> float:
    return float("nan") if x is None else float(x)


def _vacuous(fig: dict[str, Any]) -> float:
    """The lowest rejection rate of the evasive, empty and head_copy answers."""
    return min(_num(fig["reject"].get(k)) for k in VACUOUS_KINDS)


def _keys(fig: dict[str, Any]) -> dict[str, float]:
    flat = {k: _num(fig[k]) for k in ("auc", "p_at_r50", "p_at_r80", "precision", "recall", "cand_per_s", "threshold")}
    flat.update({f"reject_{k}": _num(v) for k, v in fig["reject"].items()})
    flat["vacuous_rejected"] = _vacuous(fig)
    return flat


def summarise(per_seed: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Mean and standard deviation (n - 1; none for one seed) of each figure over seeds."""
    flats = [_keys(f) for f in per_seed]
    out: dict[str, dict[str, float | None]] = {}
    for key in flats[0]:
        values = np.asarray([f[key] for f in flats], dtype=np.float64)
        mean = float(values.mean())  # NaN when a seed has no value: not hidden by averaging the rest
        std = float(values.std(ddof=1)) if len(values) > 1 else None
        out[key] = {"mean": mean, "std": std}
    return out


# -- the critics ----------------------------------------------------------------------------------


def run_learned(train_rows, eval_set, templates, *, seed: int, args) -> tuple[dict, dict, dict]:
    """(fp32 figures, quantised figures, training figures) of the cross-encoder."""
    from kg.critics.cross_encoder import CriticTrainConfig, CrossEncoderCritic, train_critic
    from kg.critics.examples import evasive_phrases

    t0 = time.perf_counter()
    if args.critic:
        critic = CrossEncoderCritic.load(args.critic)
    else:
        config = CriticTrainConfig(
            max_seconds=args.max_seconds, seed=seed, evasive=evasive_phrases("train"), progress=not args.quiet,
            target_precision=TARGET_PRECISION, **({"epochs": args.epochs} if args.epochs else {}),
        )
        critic = train_critic(train_rows, templates=templates, config=config, base_model=args.base_model)
    wall = time.perf_counter() - t0
    trained = critic.info.get("trained", {})
    calibration = critic.info.get("calibration") or {}
    training = {
        "wall_seconds": wall,
        "train_seconds": trained.get("seconds"),
        "steps": trained.get("steps"),
        "epochs": trained.get("epochs"),
        "examples": trained.get("examples"),
        "train_heads": trained.get("train_heads"),
        "threshold": critic.threshold,
        "calibration": calibration,
    }
    triples = [(e.head, e.relation, e.tail) for e in eval_set]
    out = []
    for precision in ("fp32", "fp16"):
        if precision == "fp16":
            critic.quantize()
        t = time.perf_counter()
        scores = critic.score(triples)
        seconds = time.perf_counter() - t
        out.append(figures(eval_set, scores, scores >= critic.threshold, seconds, threshold=critic.threshold,
                           drift=_drift(critic, triples, scores)))
    return out[0], out[1], training


def _drift(critic, triples, scores: np.ndarray, n: int = 200) -> float:
    """The largest change of a score when its triple is scored alone, by a fresh critic with the
    same model, instead of in the whole set: 0 when a score depends on its triple only."""
    from kg.critics.cross_encoder import CrossEncoderCritic

    picked = np.random.default_rng(0).choice(len(triples), size=min(n, len(triples)), replace=False)
    alone = [CrossEncoderCritic(critic.model, critic.tokenizer, templates=critic.templates).score([triples[i]])[0] for i in picked]
    return float(np.max(np.abs(np.asarray(alone, dtype=np.float64) - scores[picked]))) if len(picked) else 0.0


def run_old(eval_set, *, seed: int) -> dict:
    """The old gate's figures: validation + conflicts + the signals' weighted mean."""
    from extractors.atomic import HUMAN, atomic_candidates
    from kg.config import load_config
    from kg.pipeline import make_check, resolve_parts
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion
    from kg.store import init_store

    work = Path(tempfile.mkdtemp(prefix="kg-bench-critic-"))
    store = None
    try:
        location = work / "store"
        store = init_store(location)
        config = load_config(None, {"domain": str(DOMAIN), "store": str(location), "critic.model": "none"})
        parts = resolve_parts(config, store, None, need_teacher=False)
        if parts.critic is None or parts.critic.model is not None:
            raise SystemExit("the old critic came with a learned judge; critic.model = 'none' was not honoured")
        normalizer = parts.extractor.normalizer
        candidates: list[Any] = []
        owner: list[int] = []
        t = time.perf_counter()
        for i, e in enumerate(eval_set):
            # one prompt per example (its index in the text): no two examples share a prompt or dedupe
            prompt = Prompt.make(f"{e.head} {e.relation} [GEN] #{seed}:{i}", "list", head=e.head, relation=e.relation)
            completion = Completion(prompt.id, prompt.text, HUMAN, e.tail, 0, {"split": "test"})
            for record in atomic_candidates([(prompt, completion)], normalizer):
                if isinstance(record, Candidate):
                    candidates.append(record)
                    owner.append(i)
        extract_seconds = time.perf_counter() - t
        check = make_check(parts)
        size = config.run.ingest_batch_size
        verdicts: list[Any] = []
        t = time.perf_counter()
        for k in range(0, len(candidates), size):
            verdicts.extend(check(candidates[k : k + size]))
        seconds = time.perf_counter() - t
        score = np.zeros(len(eval_set), dtype=np.float64)
        keep = np.zeros(len(eval_set), dtype=bool)
        seen: set[int] = set()
        reasons: Counter = Counter()
        for i, v in zip(owner, verdicts):
            if i in seen:  # an example read as several candidates: its weakest one decides
                score[i] = min(score[i], v.confidence)
                keep[i] = keep[i] and v.accepted
            else:
                seen.add(i)
                score[i], keep[i] = v.confidence, v.accepted
            reasons.update(r.check for r in v.reasons)
        dropped = [e for i, e in enumerate(eval_set) if i not in seen]
        fig = figures(
            eval_set, score, keep, seconds, threshold=parts.critic.threshold,
            candidates=len(candidates), extract_seconds=extract_seconds,
            dropped_by_extractor=len(dropped), dropped_positives=sum(e.label for e in dropped),
            reject_reasons=dict(reasons.most_common()),
        )
        # the rate of the checks alone, over the candidates they judged
        fig["cand_per_s"] = len(candidates) / seconds if seconds > 0 else float("inf")
        return fig
    finally:
        if store is not None:
            store.close()
        shutil.rmtree(work, ignore_errors=True)


def run_bow(train_rows, eval_set, templates, *, seed: int) -> tuple[dict, dict]:
    """(figures, training figures) of TF-IDF + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from kg.critics import metrics
    from kg.critics.cross_encoder import CriticTrainConfig, verbalizer
    from kg.critics.examples import evasive_phrases, make_examples, split_by_head

    defaults = CriticTrainConfig(seed=seed)  # the cross-encoder's own split and example settings
    inner, calib_rows = split_by_head(train_rows, defaults.calibration_fraction, seed=seed, salt="calibration")
    evasive = evasive_phrases("train")
    train = make_examples(inner, seed=seed, negatives_per_positive=defaults.negatives_per_positive, mix=defaults.mix, evasive=evasive)
    calib = make_examples(calib_rows, seed=seed + 1, negatives_per_positive=defaults.negatives_per_positive, mix=defaults.mix, evasive=evasive)
    verbalize = verbalizer(templates)

    def text(head: str, relation: str, tail: str) -> str:
        return f"rel_{relation} {verbalize(head, relation, tail)}"

    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        LogisticRegression(max_iter=2000, random_state=seed),
    )
    t = time.perf_counter()
    model.fit([text(e.head, e.relation, e.tail) for e in train], [e.label for e in train])
    fit_seconds = time.perf_counter() - t
    calib_scores = model.predict_proba([text(e.head, e.relation, e.tail) for e in calib])[:, 1]
    calib_y = np.asarray([e.label for e in calib], dtype=bool)
    threshold = metrics.threshold_for_precision(calib_scores, calib_y, TARGET_PRECISION)
    t = time.perf_counter()
    scores = model.predict_proba([text(e.head, e.relation, e.tail) for e in eval_set])[:, 1]
    seconds = time.perf_counter() - t
    training = {
        "fit_seconds": fit_seconds, "examples": len(train), "calibration_examples": len(calib),
        "threshold": threshold, "calibration_auc": metrics.roc_auc(calib_scores, calib_y),
    }
    return figures(eval_set, scores, scores >= threshold, seconds, threshold=threshold), training


# -- output ---------------------------------------------------------------------------------------


def fmt(x: Any, digits: int = 3, pct: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.1%}" if pct else f"{x:.{digits}f}"


def fmt_ms(stat: dict[str, float | None], digits: int = 3, pct: bool = False, rate: bool = False) -> str:
    mean, std = stat["mean"], stat["std"]
    if rate:
        text = "n/a" if mean is None or math.isnan(mean) else f"{mean:,.0f}"
        return text if std is None or math.isnan(std) else f"{text} ± {std:,.0f}"
    text = fmt(mean, digits, pct)
    if std is None or math.isnan(std) or text == "n/a":
        return text
    return f"{text} ± {fmt(std, digits, pct)}"


def tables(results: dict[str, dict[int, dict]], summary: dict[str, dict], seeds: Sequence[int]) -> str:
    from kg.critics.examples import NEGATIVE_KINDS

    head = ["critic", "seed", "ROC-AUC", "P@R0.5", "P@R0.8", "threshold", "P@thr", "R@thr", "cand/s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, by_seed in results.items():
        for seed in seeds:
            f = by_seed[seed]
            lines.append(
                f"| {name} | {seed} | {fmt(f['auc'])} | {fmt(_num(f['p_at_r50']))} | {fmt(_num(f['p_at_r80']))} | "
                f"{fmt(f['threshold'])} | {fmt(_num(f['precision']))} | {fmt(f['recall'])} | {f['cand_per_s']:,.0f} |"
            )
        s = summary[name]
        if len(seeds) > 1:
            lines.append(
                f"| **{name}** | mean | {fmt_ms(s['auc'])} | {fmt_ms(s['p_at_r50'])} | {fmt_ms(s['p_at_r80'])} | "
                f"{fmt_ms(s['threshold'])} | {fmt_ms(s['precision'])} | {fmt_ms(s['recall'])} | {fmt_ms(s['cand_per_s'], rate=True)} |"
            )
    short = {"other_relation": "other rel.", "other_head": "other head", "ungrammatical": "ungramm.", "contradiction": "contradict."}
    head2 = ["critic", "seed", *(short.get(k, k) for k in NEGATIVE_KINDS)]
    lines2 = ["| " + " | ".join(head2) + " |", "|" + "---|" * len(head2)]
    for name, by_seed in results.items():
        for seed in seeds:
            r = by_seed[seed]["reject"]
            lines2.append(f"| {name} | {seed} | " + " | ".join(fmt(r[k], pct=True) for k in NEGATIVE_KINDS) + " |")
        s = summary[name]
        if len(seeds) > 1:
            lines2.append(f"| **{name}** | mean | " + " | ".join(fmt_ms(s[f"reject_{k}"], pct=True) for k in NEGATIVE_KINDS) + " |")
    return (
        "Figures on held-out heads (P@thr / R@thr: precision / recall of the critic's own decision; the old "
        "critic decides by its checks and its threshold on the weighted mean):\n\n"
        + "\n".join(lines)
        + "\n\nRejection rate per negative kind, at each critic's own decision:\n\n"
        + "\n".join(lines2)
    )


def target_table(summary: dict[str, dict], names: Sequence[str]) -> tuple[str, dict[str, dict[str, bool]]]:
    rows = [
        ("P@R0.5 >= 0.90", "p_at_r50", False),
        ("ROC-AUC >= 0.90", "auc", False),
        ("evasive, empty, head_copy each >= 95% rejected (lowest of the three)", "vacuous_rejected", True),
        ("candidates/s >= 500", "cand_per_s", False),
    ]
    met: dict[str, dict[str, bool]] = {n: {} for n in names}
    head = ["target (on the mean)", *names]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, key, pct in rows:
        cells = []
        for n in names:
            mean = summary[n][key]["mean"]
            ok = mean is not None and not math.isnan(mean) and mean >= TARGETS[key]
            met[n][key] = bool(ok)
            value = f"{mean:,.0f}" if key == "cand_per_s" and mean is not None and not math.isnan(mean) else fmt(mean, pct=pct)
            cell = f"{value} {'met' if ok else 'NOT met'}"
            if key == "vacuous_rejected":  # rejecting everything meets it too: say what is kept
                cell += f" (keeps {fmt(summary[n]['recall']['mean'], pct=True)} of right tails)"
            cells.append(cell)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines), met


def _clean_json(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _clean_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean_json(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) or math.isinf(x) else x
    if isinstance(x, np.integer):
        return int(x)
    return x


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="ATOMIC-style JSONL with head, relation, tails (default: the bundled dev sample)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="split / training seeds (default 0 1 2)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="training budget of the cross-encoder per seed (default 600)")
    parser.add_argument("--epochs", type=float, default=None, help="epochs of the cross-encoder (default: kg critic train's); with a large --max-seconds the figures do not depend on the machine's load")
    parser.add_argument("--critic", type=Path, default=None, help="score this saved critic instead of training one per seed, on the held-out heads it did not train or calibrate on (e.g. one trained on a seed's training split)")
    parser.add_argument("--base-model", default=None, help="a local folder to fine-tune instead of the verified all-MiniLM-L6-v2")
    parser.add_argument("--json", type=Path, default=None, help="write all figures to this JSON file")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or per-seed lines")
    parser.add_argument("--skip-old", action="store_true", help="leave out the old weighted-mean critic")
    parser.add_argument("--skip-bow", action="store_true", help="leave out the bag-of-words baseline")
    args = parser.parse_args(argv)

    import torch
    from transformers.utils import logging as hf_logging

    from kg.critics.cross_encoder import CrossEncoderCritic, seen_heads
    from kg.critics.examples import balanced_eval_set, evasive_phrases, leave_out_heads, read_rows, split_by_head
    from kg.ontology import load_domain

    if not args.skip_bow:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            print("scikit-learn is not installed: pip install scikit-learn (or pip install -e .[bench]), or pass --skip-bow", file=sys.stderr)
            return 2
    hf_logging.disable_progress_bar()
    # torch's dynamic quantisation warns that its quantised tensors are deprecated (once per layer)
    warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor", category=UserWarning)
    say = (lambda m: None) if args.quiet else log
    domain = load_domain(str(DOMAIN))
    templates = {name: r.verbalization for name, r in domain.relations.items()}
    rows = read_rows(args.data)
    heads = {r.head for r in rows}
    say(
        f"# critic bench: python {platform.python_version()}, torch {torch.__version__}, {os.cpu_count()} CPUs, "
        f"{torch.get_num_threads()} torch threads; data {args.data} ({len(rows):,} rows with human tails, "
        f"{len(heads):,} heads, {sum(len(r.tails) for r in rows):,} tails); seeds {args.seeds}; "
        f"training budget {args.max_seconds:.0f} s per seed"
    )
    unknown = sorted({r.relation for r in rows} - set(templates))
    if unknown:
        say(f"relations without a template in the commonsense domain (verbalised 'head relation tail'): {', '.join(unknown)}")

    seen: frozenset[str] | None = None
    if args.critic:
        seen = seen_heads(CrossEncoderCritic.describe_folder(args.critic))
        if seen is None:
            log(f"note: {args.critic} keeps no record of the heads it trained on (saved before kg did): whether the "
                "held-out heads are new to it cannot be checked")

    results: dict[str, dict[int, dict]] = {}
    training: dict[int, dict[str, Any]] = {}
    data_info: dict[int, dict[str, Any]] = {}
    for seed in args.seeds:
        train_rows, test_rows = split_by_head(rows, TEST_FRACTION, seed=seed)
        if seen:  # a saved critic is judged on the held-out heads it never saw
            test_rows, trained = leave_out_heads(test_rows, seen)
            if trained:
                log(f"seed {seed}: note: left out {len({r.head for r in trained}):,} held-out heads {args.critic} trained "
                    "or calibrated on")
            if not test_rows:
                print(f"seed {seed}: {args.critic} trained or calibrated on every held-out head; give a critic trained on "
                      "this seed's training split", file=sys.stderr)
                return 2
        if not train_rows or not test_rows:
            print(f"seed {seed}: the split by head left {len(train_rows)} training and {len(test_rows)} test rows; need more data", file=sys.stderr)
            return 2
        eval_set = balanced_eval_set(test_rows, seed=seed + 100, evasive=evasive_phrases("test"))
        kinds = Counter(e.kind for e in eval_set)
        data_info[seed] = {
            "train_rows": len(train_rows), "train_heads": len({r.head for r in train_rows}),
            "test_rows": len(test_rows), "test_heads": len({r.head for r in test_rows}),
            "eval_examples": len(eval_set), "eval_kinds": dict(sorted(kinds.items())),
        }
        say(
            f"seed {seed}: train {len(train_rows):,} rows / {data_info[seed]['train_heads']:,} heads; "
            f"held out {len(test_rows):,} rows / {data_info[seed]['test_heads']:,} heads -> {len(eval_set):,} examples "
            f"({kinds['positive']:,} right; " + ", ".join(f"{k} {n}" for k, n in kinds.items() if k != "positive") + ")"
        )
        fp32, fp16, info = run_learned(train_rows, eval_set, templates, seed=seed, args=args)
        results.setdefault("learned fp32", {})[seed] = fp32
        results.setdefault("learned fp16", {})[seed] = fp16
        training[seed] = {"learned": info}
        cal = info["calibration"] or {}
        say(
            f"  learned: trained {fmt(info['train_seconds'], 1)} s ({info['steps']} steps, {info['epochs']} epochs over "
            f"{info['examples']:,} examples), wall {info['wall_seconds']:.1f} s incl. data and calibration; threshold "
            f"{info['threshold']:.3f} (calibration AUC {fmt(cal.get('roc_auc'))}); test AUC fp32 {fmt(fp32['auc'])} "
            f"({fp32['cand_per_s']:,.0f} cand/s), fp16 weights {fmt(fp16['auc'])} ({fp16['cand_per_s']:,.0f} cand/s); largest change of "
            f"a score scored alone instead of in the set: fp32 {fp32['drift']:.1e}, fp16 {fp16['drift']:.1e}"
        )
        if not args.skip_old:
            old = run_old(eval_set, seed=seed)
            results.setdefault("old weighted mean", {})[seed] = old
            say(
                f"  old: AUC {fmt(old['auc'])}, {old['candidates']:,} candidates ({old['dropped_by_extractor']} examples dropped "
                f"by the extractor, {old['dropped_positives']} of them right), checks {old['cand_per_s']:,.0f} cand/s; "
                f"rejections by check: {old['reject_reasons']}"
            )
        if not args.skip_bow:
            bow, bow_info = run_bow(train_rows, eval_set, templates, seed=seed)
            results.setdefault("bow logreg", {})[seed] = bow
            training[seed]["bow"] = bow_info
            say(
                f"  bow: fit {bow_info['fit_seconds']:.1f} s on {bow_info['examples']:,} examples, threshold "
                f"{bow_info['threshold']:.3f} (calibration AUC {fmt(bow_info['calibration_auc'])}), test AUC {fmt(bow['auc'])}"
            )

    summary = {name: summarise([by_seed[s] for s in args.seeds]) for name, by_seed in results.items()}
    fp32_auc, fp16_auc = summary["learned fp32"]["auc"]["mean"], summary["learned fp16"]["auc"]["mean"]
    chosen = "learned fp16" if fp16_auc >= fp32_auc - 0.01 else "learned fp32"
    why = (
        f"fp16's mean ROC-AUC {fp16_auc:.3f} is within 0.01 of fp32's {fp32_auc:.3f}"
        if chosen == "learned fp16" else f"fp16's mean ROC-AUC {fp16_auc:.3f} is more than 0.01 below fp32's {fp32_auc:.3f}"
    )
    names = [chosen, *(n for n in ("old weighted mean", "bow logreg") if n in results)]
    targets, met = target_table(summary, names)

    print(tables(results, summary, args.seeds))
    print()
    print(f"Targets ({chosen} decides: {why}):")
    print()
    print(targets)
    print()
    train_s = [training[s]["learned"]["train_seconds"] for s in args.seeds]
    wall_s = [training[s]["learned"]["wall_seconds"] for s in args.seeds]
    line = (
        f"Training: cross-encoder {np.mean(train_s):.0f} s of training per seed (budget {args.max_seconds:.0f} s; "
        f"{np.mean(wall_s):.0f} s wall with examples, loading and calibration; steps "
        f"{', '.join(str(training[s]['learned']['steps']) for s in args.seeds)}; epochs "
        f"{', '.join(str(training[s]['learned']['epochs']) for s in args.seeds)})"
    )
    if "bow logreg" in results:
        line += f"; bag of words {np.mean([training[s]['bow']['fit_seconds'] for s in args.seeds]):.1f} s per seed"
    ev = [data_info[s]["eval_examples"] for s in args.seeds]
    print(
        line + f". Held-out examples per seed: {', '.join(f'{n:,}' for n in ev)}; seeds {' '.join(map(str, args.seeds))}; "
        f"torch threads {torch.get_num_threads()}; {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs (shared)."
    )

    if args.json:
        payload = {
            "settings": {
                "data": str(args.data), "seeds": args.seeds, "max_seconds": args.max_seconds, "epochs": args.epochs, "base_model": args.base_model,
                "test_fraction": TEST_FRACTION, "target_precision": TARGET_PRECISION, "cpus": os.cpu_count(),
                "torch_threads": torch.get_num_threads(), "python": platform.python_version(), "torch": torch.__version__,
            },
            "data": data_info,
            "results": results,
            "summary": summary,
            "training": training,
            "decides": chosen,
            "decides_why": why,
            "targets": TARGETS,
            "met": met,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(_clean_json(payload), indent=2, sort_keys=True), encoding="utf-8")
        say(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
