"""Learned-critic commands: ``kg critic train``, ``kg critic eval``, ``kg critic rescore``.

* ``train``: fine-tune a cross-encoder critic (:mod:`kg.critics.cross_encoder`) on trusted
  facts (a dataset's human tails, ``--data``; a store's facts from human teachers, ``--store``)
  and a user's labels (``--labels``), and calibrate its threshold on held-out heads;
* ``eval``: a saved critic on held-out rows (with corrupted negatives of every kind) and/or
  labelled rows, less those on heads it trained or calibrated on (``critic.json``'s
  ``head_keys``; a note says how many): ROC-AUC, precision at recall, precision/recall at the threshold, per relation,
  per negative kind, the precision–recall curve;
* ``rescore``: re-judge a store's facts with a (new) critic (:mod:`kg.critics.rescore`).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Annotated, Any, Optional, Sequence

import typer
from rich.table import Table

from kg.cli.common import JsonAlias, StoreOption, console, err_console, output_format, write_json
from kg.errors import ConfigError, CriticError, FormatError, UsageError, part_fault

critic_app = typer.Typer(help="Train, evaluate and apply the learned critic.", no_args_is_help=True)

DomainOpt = Annotated[
    Optional[str],
    typer.Option("--domain", "-d", help="Domain folder or name: relations and verbalisation templates (default: the store's kg.toml)."),
]
CURVE_POINTS = 200
"""At most this many points of a precision–recall curve are reported by ``kg critic eval``."""


def _all_cores() -> int:
    """``--threads``'s default: every core (the command owns its process)."""
    return max(1, os.cpu_count() or 1)


def _domain_name(domain: str | None, store: str | None) -> str | None:
    """``--domain``, else the domain of the store's ``kg.toml``, else None."""
    if domain:
        return domain
    if store:
        from kg.config import find_config, load_config

        path = find_config(store)
        if path is not None:
            return load_config(path).domain or None
    return None


def _load_domain(name: str):
    from kg.pipeline import load_domain

    return load_domain(name)


def _templates(domain) -> dict[str, str]:
    return {name: r.verbalization for name, r in domain.relations.items()}


def _merge(rows: Sequence) -> list:
    """Rows of several sources, one per (head, relation), tails united in first-seen order."""
    from kg.critics.examples import Row

    tails: dict[tuple[str, str], dict[str, None]] = {}
    for row in rows:
        tails.setdefault((row.head, row.relation), {}).update(dict.fromkeys(row.tails))
    return [Row(h, r, tuple(ts)) for (h, r), ts in tails.items()]


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


# -- train ------------------------------------------------------------------------------------


def train(
    domain: DomainOpt = None,
    data: Annotated[Optional[list[Path]], typer.Option("--data", help="ATOMIC-style JSONL (head, relation, tails): the human tails are positives. Repeatable.")] = None,
    store: Annotated[Optional[str], typer.Option("--store", "-s", help="Store whose accepted facts from human teachers are positives; the critic is saved to STORE/critic.", envvar="KG_STORE")] = None,
    trusted_teacher: Annotated[Optional[list[str]], typer.Option("--trusted-teacher", help="Also trust facts from this teacher id (besides ids ending in ':human'). Repeatable.")] = None,
    labels: Annotated[Optional[list[Path]], typer.Option("--labels", help="CSV/TSV/JSONL of head,relation,tail,label: a user's labels, added to the training data. Repeatable: several people's files vote (the majority's label; a tie: left out).")] = None,
    base_model: Annotated[Optional[Path], typer.Option("--base-model", help="Fine-tune this local transformers model instead of the bundled all-MiniLM-L6-v2.")] = None,
    max_seconds: Annotated[float, typer.Option(help="Training time budget in seconds: when the first steps' speed says the epochs would overrun it, fewer steps are run.")] = 600.0,
    epochs: Annotated[float, typer.Option(help="Epochs (fewer when --max-seconds would end them early).")] = 1.5,
    steps: Annotated[Optional[int], typer.Option(help="Run exactly this many optimiser steps instead of --epochs (the same critic for a seed at any machine load; --max-seconds only stops a run gone wrong).")] = None,
    negatives_per_positive: Annotated[float, typer.Option(help="Corrupted tails drawn for each right tail.")] = 3.0,
    rank_weight: Annotated[float, typer.Option(help="Weight of the listwise loss (each right tail against its own corrupted tails; 0: pointwise only).")] = 1.0,
    target_precision: Annotated[float, typer.Option(help="The threshold is the lowest score whose precision on held-out heads (a 1:1 mix of right and corrupted tails) reaches this; the precision reported is measured on those same heads.")] = 0.9,
    seed: Annotated[int, typer.Option(help="Seed of the split, the negatives and the training.")] = 0,
    threads: Annotated[Optional[int], typer.Option(help="Torch CPU threads (default: all cores). The same --seed gives the same critic with the same thread count only (its last bits differ with another); critic.json records the count.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Critic folder: a new one, or a critic's, replaced whole (default: STORE/critic with --store).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Train the learned critic on trusted facts and labels, and calibrate its threshold."""
    from kg.critics import store_critic_dir
    from kg.critics.cross_encoder import CriticTrainConfig, train_critic
    from kg.critics.examples import read_labelled, read_rows

    if output is None:
        if store is None:
            raise CriticError("where should the critic go? give -o DIR (or --store STORE to save it in STORE/critic)")
        if store.startswith(("http://", "https://")):
            raise CriticError("a remote store has no critic folder; give one with -o DIR")
        output = store_critic_dir(store)
    if not data and store is None and not labels:
        raise CriticError("no training data: give --data FILE.jsonl, --store STORE (facts from human teachers) or --labels FILE")
    name = _domain_name(domain, store)
    if name is None:
        raise ConfigError("no domain given; pass --domain NAME or a domain folder (its relations' templates verbalise the facts)")
    dom = _load_domain(name)
    config = CriticTrainConfig(
        epochs=epochs, steps=steps, max_seconds=max_seconds, target_precision=target_precision, seed=seed,
        negatives_per_positive=negatives_per_positive, rank_weight=rank_weight, threads=threads or _all_cores(), progress=not quiet,
    )  # checks the figures before any data is read
    rows: list = []
    for path in data or ():
        got = read_rows(path)
        if not quiet:
            err_console.print(f"{path}: {sum(len(r.tails) for r in got):,} trusted tails of {len(got):,} (head, relation) rows")
        rows.extend(got)
    reviewed: list = []
    if store is not None and (store.startswith(("http://", "https://")) or Path(store).exists()):
        from kg.critics.review import reviewed_examples
        from kg.critics.trusted import trusted_rows
        from kg.store import open_store

        with open_store(store) as st:  # one opening for both: the trusted facts and the reviews
            got = trusted_rows(st, dom, trusted_teacher or ())
            reviewed = reviewed_examples(st)
        if not quiet:
            teachers = ", ".join(["*:human", *(trusted_teacher or ())])
            err_console.print(f"{store}: {sum(len(r.tails) for r in got):,} accepted facts from trusted teachers ({teachers})")
        rows.extend(got)
    rows = _merge(rows)
    labelled = read_labelled(labels) if labels else []
    if labels and not quiet:
        err_console.print(f"{', '.join(map(str, labels))}: {len(labelled):,} labelled rows ({sum(e.label for e in labelled):,} valid)")
    if reviewed:
        given = {(e.head.casefold(), e.relation, e.tail.casefold()) for e in labelled}  # the file's labels win
        reviewed = [e for e in reviewed if (e.head.casefold(), e.relation, e.tail.casefold()) not in given]
        if reviewed and not quiet:
            err_console.print(f"{store}: {len(reviewed):,} facts people reviewed (kg review apply; {sum(e.label for e in reviewed):,} valid)")
        labelled = [*labelled, *reviewed]
    if not rows and not labelled:
        sources = [*(["--data files"] if data else []), *(["--labels files"] if labels else []), *(["the store"] if store is not None else [])]
        raise CriticError(
            f"no training data: {' and '.join(sources) or 'nothing given'} hold no trusted facts and no labelled rows"
            + (" (a store's facts count when a teacher id ends in ':human' or is given with --trusted-teacher)" if store is not None else "")
        )
    unknown = sorted({r.relation for r in rows} - set(dom.relations))
    if unknown and not quiet:
        err_console.print(f"[yellow]note:[/] relations without a template in the {dom.name} domain are verbalised as 'head relation tail': {', '.join(unknown[:10])}")
    critic = train_critic(
        rows, templates=_templates(dom), config=config, labelled=labelled,
        base_model=base_model, log=None if quiet else (lambda msg: err_console.print(msg, highlight=False)),
    )
    critic.save(output)
    _print_trained(critic, output)


def _print_trained(critic, output: Path) -> None:
    trained = critic.info.get("trained") or {}
    console.print(f"saved the critic [bold]{critic.id}[/] to {output}", highlight=False, soft_wrap=True)
    console.print(
        f"trained on {trained.get('examples', 0):,} examples ({trained.get('positives', 0):,} right, "
        f"{trained.get('labelled', 0):,} labelled) for {trained.get('steps', 0):,} steps, {trained.get('seconds', 0)} s",
        highlight=False, soft_wrap=True,
    )
    console.print(f"threshold {critic.threshold:.4f} for target precision {critic.target_precision:.2f}", highlight=False, soft_wrap=True)
    cal = critic.info.get("calibration")
    if not cal:
        console.print(
            "[yellow]not calibrated:[/] no held-out heads with right and wrong examples; the threshold is 0.5",
            highlight=False, soft_wrap=True,
        )
        return
    interval = cal.get("precision_interval")
    console.print(
        f"calibration on {cal.get('heads', 0):,} held-out heads ({cal.get('examples', 0):,} examples): "
        f"ROC-AUC {_fmt(cal.get('roc_auc'))}, precision {_fmt(cal.get('precision_at_threshold'))}"
        + (f" (95% interval {interval[0]:.2f}-{interval[1]:.2f} over the {cal['accepted']:,} it accepts)" if interval else "")
        + f", recall {_fmt(cal.get('recall_at_threshold'))} at the threshold",
        highlight=False, soft_wrap=True,
    )
    console.print(
        "  (measured on the heads that chose the threshold: in-sample, a point or two optimistic on new heads; "
        "`kg critic eval --data NEW.jsonl` measures heads it never saw)",
        highlight=False, soft_wrap=True,
    )
    if critic.missed_target:  # on stderr, with --quiet too: the threshold does not give the precision asked for
        err_console.print(f"[yellow]warning:[/] {critic.missed_target}", highlight=False, soft_wrap=True)


# -- eval -------------------------------------------------------------------------------------


def _downsample(curve: Sequence, points: int = CURVE_POINTS) -> list[list[float]]:
    import numpy as np

    if not curve:
        return []
    keep = sorted(set(np.linspace(0, len(curve) - 1, min(len(curve), points)).round().astype(int).tolist()))
    return [[round(float(x), 6) for x in curve[i]] for i in keep]


def _nan_none(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), 4)


def evaluate_examples(critic, examples: Sequence) -> dict[str, Any]:
    """The figures of ``kg critic eval`` for one set of examples (see the module docstring)."""
    import numpy as np

    from kg.critics import metrics

    scores = np.asarray(critic.score([(e.head, e.relation, e.tail) for e in examples]), dtype=np.float64)
    y = np.asarray([e.label for e in examples], dtype=bool)
    t = float(critic.threshold)
    precision, recall = metrics.precision_recall_at(scores, y, t)
    out: dict[str, Any] = {
        "examples": len(examples),
        "positives": int(y.sum()),
        "roc_auc": _nan_none(metrics.roc_auc(scores, y)),
        "average_precision": _nan_none(metrics.average_precision(scores, y)),
        "brier": _nan_none(metrics.brier(scores, y)),
        "ece": _nan_none(metrics.expected_calibration_error(scores, y)),
        "precision_at_recall": {
            "0.5": metrics.precision_at_recall(scores, y, 0.5),
            "0.8": metrics.precision_at_recall(scores, y, 0.8),
        },
        "threshold": t,
        "precision": precision,
        "recall": recall,
    }
    relations = np.asarray([e.relation for e in examples])
    per_relation = {}
    for rel in sorted(set(relations.tolist())):
        mask = relations == rel
        p, r = metrics.precision_recall_at(scores[mask], y[mask], t)
        per_relation[rel] = {
            "n": int(mask.sum()), "positives": int(y[mask].sum()),
            "auc": _nan_none(metrics.roc_auc(scores[mask], y[mask])), "precision": p, "recall": r,
        }
    out["per_relation"] = per_relation
    kinds = np.asarray([e.kind for e in examples])
    per_kind = {}
    for kind in sorted({e.kind for e in examples if not e.label}):
        mask = (kinds == kind) & ~y
        per_kind[kind] = {"n": int(mask.sum()), "rejected": round(float((scores[mask] < t).mean()), 4)}
    out["per_kind"] = per_kind
    out["curve"] = _downsample(metrics.pr_curve(scores, y)) if len(examples) else []
    return out


def eval_critic(
    critic_dir: Annotated[Path, typer.Option("--critic", "-c", help="A trained critic's folder (e.g. STORE/critic), or a critic plugin's NAME:ARG (kg plugins lists them).")],
    data: Annotated[Optional[Path], typer.Option("--data", help="ATOMIC-style JSONL of held-out rows: all its right tails, and as many corrupted ones of every negative kind (rows on heads the critic trained or calibrated on are left out, with a note).")] = None,
    labels: Annotated[Optional[list[Path]], typer.Option("--labels", help="CSV/TSV/JSONL of head,relation,tail,label (rows on heads the critic trained or calibrated on are left out). Repeatable: several people's files vote (the majority's label; a tie: left out).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the corrupted negatives.")] = 0,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json (json includes the precision–recall curve).")] = "table",
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Also draw the precision–recall curve(s) to this PNG.")] = None,
    threads: Annotated[Optional[int], typer.Option(help="Torch CPU threads (default: all cores).")] = None,
) -> None:
    """Evaluate a saved critic on held-out rows and/or labelled rows, on the heads it never saw."""
    from kg.critics.cross_encoder import CrossEncoderCritic
    from kg.critics.examples import balanced_eval_set, head_key, leave_out_heads, read_labelled, read_rows

    format = format.lower()
    if format not in ("table", "json"):
        raise FormatError(f"unknown output format {format!r}; use table or json")
    if data is None and not labels:
        raise UsageError("nothing to evaluate on: give --data FILE.jsonl and/or --labels FILE")
    rows: list | None = None
    labelled: list | None = None
    if data is not None:
        rows = read_rows(data)
        if not rows:
            raise FormatError(f"{data}: no rows with a right tail")
    if labels:
        labelled = read_labelled(labels)
        if not labelled:
            raise FormatError(f"{', '.join(map(str, labels))}: no labelled rows")
    critic = _critic_to_evaluate(str(critic_dir), threads)
    seen = critic.seen_heads if isinstance(critic, CrossEncoderCritic) else None
    notes: list[str] = []
    if seen is None and isinstance(critic, CrossEncoderCritic):
        notes.append("the critic keeps no record of the heads it trained on (saved before kg did): whether these rows are "
                     "new to it cannot be checked")
    sets: dict[str, list] = {}
    for name, items, where in (("data", rows, str(data)), ("labels", labelled, ", ".join(map(str, labels or ())))):
        if items is None:
            continue
        if seen:
            items, trained = leave_out_heads(items, seen)
            if trained:
                notes.append(f"left out {len(trained):,} {'rows' if name == 'data' else 'labelled rows'} of {where} "
                             f"({len({head_key(x.head) for x in trained}):,} heads) on heads the critic trained on or "
                             "chose its threshold on; scored on the heads it never saw")
            if not items:
                raise UsageError(f"{where}: every row is on a head the critic trained on or chose its threshold on; "
                                  "give rows on other heads")
        sets[name] = balanced_eval_set(items, seed=seed) if name == "data" else items
    for note in notes:
        err_console.print(f"note: {note}", highlight=False, soft_wrap=True)
    with part_fault(CriticError, f"the critic {critic.id}"):
        report: dict[str, Any] = {
            "critic": critic.id, "threshold": critic.threshold, "target_precision": critic.target_precision,
            **{name: evaluate_examples(critic, examples) for name, examples in sets.items()},
        }
    if data is not None:
        report["data"]["file"] = str(data)
    if labels:
        report["labels"]["file"] = ", ".join(map(str, labels))
    if notes:
        report["notes"] = notes
    if isinstance(critic, CrossEncoderCritic) and critic.missed_target:  # "calibrated for precision 0.90" of a critic that measured 0.759 said nothing of it
        report["missed_target"] = critic.missed_target
        err_console.print(f"[yellow]warning:[/] {critic.missed_target}", highlight=False, soft_wrap=True)
    if plot is not None:
        _plot(report, [name for name in sets], plot)
    if format == "json":
        write_json(report)
        return
    _print_eval(report, list(sets))
    if plot is not None:
        console.print(f"precision–recall curve: {plot}", highlight=False)


def _critic_to_evaluate(spec: str, threads: int | None) -> Any:
    """A trained critic's folder, or a critic plugin's ``NAME[:ARG]`` (made as ``kg distill
    --critic`` makes it, with no teacher: ``llm`` asks one, so it cannot be evaluated here)."""
    from kg.critics import check_judge, load_judge
    from kg.critics.cross_encoder import CrossEncoderCritic
    from kg.registry import critics as critic_registry

    name = spec.partition(":")[0]
    if not Path(spec).exists() and name in critic_registry:
        if name == "llm":
            raise UsageError("kg critic eval cannot evaluate --critic llm: it asks the run's teacher; give a trained critic's folder or a critic plugin's NAME:ARG")
        return load_judge(spec)
    if ":" in spec and not Path(spec).exists():
        check_judge(spec)  # NAME:ARG of no critic: a usage error listing the critics' names
    return CrossEncoderCritic.load(spec, threads=threads or _all_cores())  # a folder: "no trained critic at ..." if none


def _print_eval(report: dict[str, Any], names: list[str]) -> None:
    console.print(
        f"critic [bold]{report['critic']}[/]: threshold {report['threshold']:.4f} "
        + ("(trained for precision {:.2f}, missed: see the warning)" if report.get("missed_target") else
           "(calibrated for precision {:.2f})").format(report["target_precision"]),
        highlight=False, soft_wrap=True,
    )
    for name in names:
        r = report[name]
        what = "held-out rows with corrupted negatives" if name == "data" else "labelled rows"
        table = Table("metric", "value", title=f"{r['file']}: {what}")
        table.add_row("examples (right)", f"{r['examples']:,} ({r['positives']:,})")
        table.add_row("ROC-AUC", _fmt(r["roc_auc"]))
        table.add_row("average precision", _fmt(r["average_precision"]))
        table.add_row("Brier score (lower is better)", _fmt(r["brier"]))
        table.add_row("expected calibration error (10 bins)", _fmt(r["ece"]))
        for level, value in r["precision_at_recall"].items():
            table.add_row(f"precision at recall {level}", _fmt(value))
        table.add_row("precision at the threshold", _fmt(r["precision"]))
        table.add_row("recall at the threshold", _fmt(r["recall"]))
        console.print(table)
        rel = Table("relation", "n", "ROC-AUC", "precision", "recall", title="per relation")
        for key, v in r["per_relation"].items():
            rel.add_row(key, f"{v['n']:,}", _fmt(v["auc"]), _fmt(v["precision"]), _fmt(v["recall"]))
        console.print(rel)
        if r["per_kind"]:
            kinds = Table("wrong tail", "n", "rejected", title="per negative kind")
            for key, v in r["per_kind"].items():
                kinds.add_row(key, f"{v['n']:,}", _fmt(v["rejected"]))
            console.print(kinds)


def _plot(report: dict[str, Any], names: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for name in names:
        curve = report[name]["curve"]
        if curve:
            label = f"{Path(report[name]['file']).name} (AUC {_fmt(report[name]['roc_auc'])})"
            ax.plot([c[2] for c in curve], [c[1] for c in curve], label=label)
        if report[name]["precision"] is not None:
            ax.plot([report[name]["recall"]], [report[name]["precision"]], "o", color="#c62828")
    ax.axhline(report["target_precision"], color="#777", linestyle=":", linewidth=1, label="target precision")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(f"critic {report['critic']} (dot: threshold {report['threshold']:.3f})")
    ax.legend(loc="lower left", fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)


# -- rescore ----------------------------------------------------------------------------------


def rescore_cmd(
    store: StoreOption = "kg-store",
    critic_dir: Annotated[Optional[str], typer.Option("--critic", "-c", help="A trained critic's folder (default: STORE/critic).")] = None,
    domain: DomainOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Score and count what would move; change nothing.")] = False,
    target_precision: Annotated[
        Optional[float],
        typer.Option("--target-precision", min=0.0, max=1.0, help="Accept at this precision on the critic's calibration heads (as measured on the heads that choose the threshold: in-sample; default, or 0: the one it was trained for, as in kg ingest)."),
    ] = None,
    quantize: Annotated[bool, typer.Option("--quantize/--no-quantize", help="Score with fp16 weights (fp32 activations), as the gate does.")] = True,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
    as_json: JsonAlias = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Re-judge the store's facts with a learned critic (demote what it now rejects, promote
    what it now accepts)."""
    try:
        from kg.critics.rescore import rescore
    except ImportError as exc:
        raise CriticError(f"`kg critic rescore` is not available in this checkout (kg.critics.rescore: {exc})") from None
    from kg.critics import coverage_note, load_judge, store_critic_dir
    from kg.store import open_store

    as_json = output_format(format, as_json, ("table", "json")) == "json"
    name = _domain_name(domain, store)
    if name is None:
        raise ConfigError("no domain given; pass --domain NAME or a domain folder (or set domain in STORE/kg.toml)")
    dom = _load_domain(name)
    if critic_dir is None and not (store_critic_dir(store) / "critic.json").is_file():
        target_precision = None  # the error below says what is missing
    judge = load_judge(critic_dir or "auto", store=store, quantize=quantize, target_precision=target_precision)
    if judge is None:
        raise CriticError(
            f"no trained critic at {str(store_critic_dir(store))!r}; train one with "
            f"`kg critic train --store {store}` or give --critic DIR"
        )
    from kg.progress import stage_bars

    uncovered = coverage_note(judge, dom, explicit=critic_dir is not None)
    with open_store(store) as st, stage_bars(not (quiet or as_json), labels={}, width=8) as tell:  # read, score, write, infer
        report = rescore(st, dom, judge, dry_run=dry_run, progress=tell)
    if uncovered:
        report.notes.insert(0, uncovered)
    if as_json:
        write_json(report.as_dict())
        return
    console.print(report.summary() + (" (dry run: nothing changed)" if dry_run else ""), highlight=False, soft_wrap=True)
    for note in report.notes:
        err_console.print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    critic_app.command("train")(train)
    critic_app.command("eval")(eval_critic)
    critic_app.command("rescore")(rescore_cmd)
    app.add_typer(critic_app, name="critic")
