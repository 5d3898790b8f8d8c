"""Run commands: distill, ingest, report, demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from kg.cli.common import (
    OUTPUT_FORMATS,
    JsonAlias,
    StandardOutput,
    console,
    emit,
    err_console,
    is_stdout,
    output_format,
    terminate_as_interrupt,
)
from kg.cli.views import print_report, stage_progress
from kg.demo import CRITIC_MAX_SECONDS, CRITIC_STEPS
from kg.errors import ConfigError, FormatError
from kg.registry import students as student_registry
from kg.registry import teachers as teacher_registry

INPUT_FORMATS = ("atomic", "transcript", "json", "turtle", "ntriples")
"""How ``kg ingest --input-format`` reads a file."""

ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", "-c", help="A kg.toml (default: STORE/kg.toml when it exists)."),
]
StoreOpt = Annotated[
    Optional[str],
    typer.Option("--store", "-s", help="Store directory (created if absent) or SPARQL endpoint URL.", envvar="KG_STORE"),
]
DomainOpt = Annotated[
    Optional[str], typer.Option("--domain", "-d", help="A shipped domain's name (geography, commonsense) or a domain folder.")
]
ThresholdOpt = Annotated[
    Optional[float],
    typer.Option("--threshold", help="Accept threshold in [0, 1] of the critic's signals' mean (what no trained critic decides; a trained critic's: --target-precision)."),
]
TargetPrecisionOpt = Annotated[
    Optional[float],
    typer.Option("--target-precision", help="The trained critic accepts at this precision on its calibration heads (as measured on the heads that choose the threshold: in-sample; default: the one it was trained for; critic.target_precision)."),
]
CriticOpt = Annotated[
    Optional[str],
    typer.Option("--critic", help="The learned judge: auto (STORE/critic when trained), none, llm, a critic folder, or a plugin's NAME:ARG (critic.model; kg plugins)."),
]
BatchOpt = Annotated[
    Optional[int], typer.Option("--batch-size", help="Prompts (distill) or candidates (ingest) per transaction.")
]
LabelsOpt = Annotated[
    Optional[Path], typer.Option("--labels", help="CSV/TSV subject,relation,object,label or JSONL head,relation,tail,label: report precision/recall.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")]
STUDENT_HELP = " | ".join(["none", *student_registry.builtin_names()]) + ", or a plugin's (kg plugins lists them)"
"""``--student``'s choices: the registered students (:data:`kg.registry.students`)."""
TEACHER_HELP = " | ".join(teacher_registry.entry(n).help.split(",")[0] for n in teacher_registry.builtin_names()) + ", or a plugin's (kg plugins lists them)"
"""``--teacher``'s forms: the registered teachers (:data:`kg.registry.teachers`)."""
ReportFormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="The run report: table (for people) | json | csv | tsv (on stdout).")
]


EXIT_CODES = {"success": 0, "failed": 1, "partial": 3}
"""``kg distill``'s exit code by the run's outcome (:attr:`kg.pipeline.RunReport.outcome`)."""


FLAGS = {
    "store": "--store", "domain": "--domain", "teacher.spec": "--teacher", "prompts.seeds_file": "--seeds",
    "prompts.seeds": "--seeds", "prompts.max_seeds": "--max-seeds", "prompts.kind": "--kind", "prompts.shots": "--shots",
    "prompts.store_examples": "--store-examples", "prompts.rationales": "--rationales", "prompts.by_type": "--by-type",
    "prompts.relations": "--relations", "teacher.samples": "--samples (-n)", "teacher.temperature": "--temperature",
    "teacher.max_tokens": "--max-tokens", "teacher.timeout": "--teacher-timeout", "teacher.retries": "--retries",
    "teacher.concurrency": "--concurrency", "teacher.device": "--device", "teacher.cache": "--cache",
    "teacher.supports_n": "--no-supports-n", "teacher.chat": "--chat/--no-chat",
    "teacher.no_cache": "--no-cache", "run.again": "--again", "run.batch_size": "--batch-size",
    "run.ingest_batch_size": "--batch-size", "run.materialize": "--no-materialize", "critic.model": "--critic",
    "critic.threshold": "--threshold", "critic.target_precision": "--target-precision", "critic.labels": "--labels",
    "strategy.kind": "--strategy", "strategy.budget": "--budget", "strategy.rounds": "--strategy-rounds",
    "strategy.seed": "--strategy-seed", "strategy.generator": "--generator", "strategy.yield_critic": "--yield-critic",
    "student.kind": "--student", "student.rounds": "--rounds", "student.epochs": "--student-epochs",
    "student.size": "--student-size",
}
"""The flag of each ``kg distill`` / ``kg ingest`` override (``strategy.w_*``: ``--signal-weight``), so
a bad value is blamed on the flag that gave it, not on the kg.toml."""


def _load(config: Optional[Path], store: Optional[str], overrides: dict[str, Any]):
    from kg.config import find_config, load_config

    path = find_config(store, config)
    flags = {key: FLAGS.get(key, "--signal-weight" if key.startswith("strategy.w_") else "flags") for key in overrides}
    cfg = load_config(path, {"store": store, **overrides}, flags={"store": FLAGS["store"], **flags})
    return cfg


def distill(
    domain: DomainOpt = None,
    teacher: Annotated[Optional[str], typer.Option("--teacher", "-t", help=TEACHER_HELP)] = None,
    store: StoreOpt = None,
    config: ConfigOption = None,
    seeds: Annotated[Optional[Path], typer.Option("--seeds", help="Heads/topics, one a line (default: the domain's seeds).")] = None,
    max_seeds: Annotated[Optional[int], typer.Option("--max-seeds", help="Use only the first N seeds.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="Prompt kind: list | json, or a plugin's (kg plugins).")] = None,
    shots: Annotated[Optional[int], typer.Option("--shots", help="Few-shot examples per prompt.")] = None,
    store_examples: Annotated[
        Optional[bool],
        typer.Option("--store-examples/--domain-examples", help="Few-shot examples from the store (default) or the domain only."),
    ] = None,
    rationales: Annotated[
        Optional[bool],
        typer.Option("--rationales/--no-rationales", help="Ask the teacher for a short reason with each answer (prompts.rationales)."),
    ] = None,
    by_type: Annotated[
        Optional[bool],
        typer.Option("--by-type/--every-relation", help="Leave out prompts that ask a head a relation of a class its known type is disjoint with (prompts.by_type; unset: on where the domain types heads by their wording, as commonsense does)."),
    ] = None,
    samples: Annotated[Optional[int], typer.Option("--samples", "-n", help="Completions per prompt.")] = None,
    temperature: Annotated[Optional[float], typer.Option("--temperature", help="Sampling temperature of the teacher (teacher.temperature).")] = None,
    max_tokens: Annotated[Optional[int], typer.Option("--max-tokens", help="Most tokens in one teacher answer (teacher.max_tokens).")] = None,
    batch_size: BatchOpt = None,
    critic: CriticOpt = None,
    threshold: ThresholdOpt = None,
    target_precision: TargetPrecisionOpt = None,
    labels: LabelsOpt = None,
    strategy: Annotated[Optional[str], typer.Option("--strategy", help="Which prompts to ask: grid (default) | random | active (strategy.kind).")] = None,
    relations: Annotated[
        Optional[str], typer.Option("--relations", help="Ask only these relations, by name, comma-separated (prompts.relations).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Ask nothing: count the prompts per relation, the teacher calls and tokens they would take.")
    ] = False,
    budget: Annotated[Optional[int], typer.Option("--budget", help="Teacher calls (prompts x samples) the run may spend; needed by random and active; with the grid, 0 is no limit.")] = None,
    strategy_rounds: Annotated[Optional[int], typer.Option("--strategy-rounds", help="Rounds the budget is spent in (strategy.rounds).")] = None,
    strategy_seed: Annotated[Optional[int], typer.Option("--strategy-seed", help="Seed of the random order and of ties (strategy.seed).")] = None,
    signal_weight: Annotated[Optional[list[str]], typer.Option("--signal-weight", help="active: NAME=W for sparse, unsure, disagree, conflict, yields (repeatable).")] = None,
    generator: Annotated[Optional[Path], typer.Option(
        "--generator", help="active: a saved generator (kg train generator) whose proposals for a pair the learned critic "
        "scores, for the yield signal's critic term (strategy.generator); skipped without a learned critic.",
    )] = None,
    yield_critic: Annotated[Optional[float], typer.Option(
        "--yield-critic", help="active: weight of the yield signal's critic term, the share of --generator's proposals "
        "the learned critic accepts (strategy.yield_critic, default 0.5; 0: off); skipped without a learned critic.",
    )] = None,
    student: Annotated[Optional[str], typer.Option("--student", help=STUDENT_HELP)] = None,
    rounds: Annotated[Optional[int], typer.Option("--rounds", help="Rounds of the generator loop.")] = None,
    student_epochs: Annotated[Optional[int], typer.Option("--student-epochs", help="Training epochs of the student.")] = None,
    student_size: Annotated[Optional[str], typer.Option("--student-size", help="Generator: retrieval (default: the nearest heads' tails, nothing trained) | tiny | small | base (decoder-only) | bart | minilm (encoder-decoder).")] = None,
    teacher_timeout: Annotated[Optional[float], typer.Option("--teacher-timeout", help="openai and plugin teachers: seconds to wait for one answer (default 60).")] = None,
    retries: Annotated[Optional[int], typer.Option("--retries", help="openai and plugin teachers: retries of a failed request, with backoff (default 6).")] = None,
    concurrency: Annotated[Optional[int], typer.Option("--concurrency", help="openai and plugin teachers: requests in flight at once, at most a batch's prompts (--batch-size, default 16); hf: prompts generated together (default 8).")] = None,
    supports_n: Annotated[Optional[bool], typer.Option("--supports-n/--no-supports-n", help="openai teacher: ask for all of a prompt's samples in one request (n, the default), or one request per sample for a server that rejects n (teacher.supports_n).")] = None,
    chat: Annotated[Optional[bool], typer.Option("--chat/--no-chat", help="hf teacher: wrap each prompt in the tokenizer's chat template (the default when it has one), or send the bare prompt: another teacher, hf:FOLDER@REV (no chat template) (teacher.chat).")] = None,
    device: Annotated[Optional[str], typer.Option("--device", help="hf teacher: where the local model runs: auto (a CUDA GPU when torch sees one, else the CPU), cpu, cuda, cuda:1, mps (teacher.device).")] = None,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Teacher cache file (SQLite).")] = None,
    no_cache: Annotated[Optional[bool], typer.Option("--no-cache/--use-cache", help="Ask the teacher, not its cache; its answers replace the cached ones (with --again after a finished run).")] = None,
    again: Annotated[bool, typer.Option("--again", help="Start a new run when the same one already finished (a rerun resumes it, as any run).")] = False,
    no_materialize: Annotated[bool, typer.Option("--no-materialize", help="Skip inference.")] = False,
    quiet: QuietOpt = False,
    batch_requests: Annotated[
        Optional[Path],
        typer.Option("--batch-requests", help="Ask nothing: write the prompts as a batch request file for the openai teacher's model (OpenAI's Batch API, vLLM's run_batch); then distil with --teacher replay:RESULTS."),
    ] = None,
    format: ReportFormatOpt = "table",
    as_json: JsonAlias = False,
) -> None:
    """Distil a teacher into the store: prompts → teacher → extractors → checks → critic → store.

    Interrupt it at any point; rerunning the same command resumes where it stopped.

    Exit code 0: every prompt answered.
    Exit code 3: some prompts failed for good; the rest is stored, rerun to ask again.
    Exit code 1: every prompt failed, or an error."""
    from kg.pipeline import distill as run_distill

    overrides: dict[str, Any] = {
        "domain": domain,
        "teacher.spec": teacher,
        "prompts.seeds_file": str(seeds) if seeds else None,
        "prompts.seeds": [] if seeds else None,  # --seeds FILE replaces a kg.toml's list
        "prompts.max_seeds": max_seeds,
        "prompts.kind": kind,
        "prompts.shots": shots,
        "prompts.store_examples": store_examples,
        "prompts.rationales": rationales,
        "prompts.by_type": by_type,
        "prompts.relations": [r.strip() for r in relations.split(",") if r.strip()] if relations else None,
        "teacher.samples": samples,
        "teacher.temperature": temperature,
        "teacher.max_tokens": max_tokens,
        "teacher.timeout": teacher_timeout,
        "teacher.retries": retries,
        "teacher.concurrency": concurrency,
        "teacher.supports_n": supports_n,
        "teacher.chat": chat,
        "teacher.device": device,
        "teacher.cache": str(cache) if cache else None,
        "teacher.no_cache": no_cache,
        "run.again": True if again else None,
        "run.batch_size": batch_size,
        "run.materialize": False if no_materialize else None,
        "critic.model": critic,
        "critic.threshold": threshold,
        "critic.target_precision": target_precision,
        "critic.labels": str(labels) if labels else None,
        "strategy.kind": strategy,
        "strategy.budget": budget,
        "strategy.rounds": strategy_rounds,
        "strategy.seed": strategy_seed,
        **_signal_weights(signal_weight or []),
        "strategy.generator": _generator_dir(generator),
        "strategy.yield_critic": _weight("--yield-critic", yield_critic),
        "student.kind": student,
        "student.rounds": rounds,
        "student.epochs": student_epochs,
        "student.size": student_size,
    }
    fmt = output_format(format, as_json)
    cfg = _load(config, store, overrides)
    if dry_run:
        _print_plan(cfg, fmt)
        return
    if batch_requests is not None:
        from kg.pipeline import write_batch_requests

        written = write_batch_requests(cfg, batch_requests)
        console.print(
            f"wrote {written.requests:,} requests ({written.requests * written.samples:,} completions) for {written.model} "
            f"to {written.path}; run them (OpenAI's Batch API, or vLLM: python -m vllm.entrypoints.openai.run_batch "
            f"-i {written.path} -o results.jsonl --model {written.model}), then run this command again with "
            "--teacher replay:results.jsonl in place of --batch-requests",
            highlight=False, soft_wrap=True,
        )
        for note in written.notes:
            err_console.print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)
        return
    # SIGTERM (systemctl stop, docker stop, timeout) ends it as Ctrl-C does: one line, exit 143
    with terminate_as_interrupt(), stage_progress(quiet or fmt != "table" or cfg.run.quiet) as progress:
        report = run_distill(cfg, progress=progress)
    print_report(report, format=fmt)
    if EXIT_CODES[report.outcome]:
        sys.exit(EXIT_CODES[report.outcome])


def _print_plan(cfg: Any, fmt: str) -> None:
    """``kg distill --dry-run``: what the run would ask, asking nothing; ``fmt`` json: the plan,
    csv or tsv: the prompts per relation (notes on stderr in every format)."""
    import dataclasses

    from kg.pipeline import plan_distill

    plan = plan_distill(cfg)
    per_relation = sorted(plan.per_relation.items(), key=lambda kv: (-kv[1], kv[0]))
    data = {**dataclasses.asdict(plan), "calls": plan.calls}
    if not emit(fmt, data=data, columns=("relation", "prompts"), rows=per_relation):
        _draw_plan(plan, per_relation)
    for note in plan.notes:
        err_console.print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)


def _draw_plan(plan: Any, per_relation: list[tuple[str, int]]) -> None:
    """The dry run's plan for people: prompts per relation, then the calls and tokens in words."""
    from rich.table import Table

    if per_relation:
        table = Table("relation", "prompts")
        for name, n in per_relation:
            table.add_row(name, f"{n:,}")
        console.print(table)
    known = ", ".join(part for part in (
        f"{plan.answered:,} answered by this command's run before" if plan.answered else "",
        f"{plan.cached:,} answered by the teacher's cache" if plan.cached else "",
    ) if part)
    console.print(
        f"{plan.strategy}: {_n(plan.seeds, 'seed')}, {_n(plan.relations, 'relation')}; {_n(plan.prompts, 'prompt')} x "
        f"{_n(plan.samples, 'sample')}" + (f" ({known})" if known else "") + f": {_n(plan.calls, 'teacher call')}"
        + (f"; about {plan.prompt_tokens:,} prompt tokens (characters / 4)" if plan.prompt_tokens else "")
        + f", at most {plan.max_completion_tokens:,} completion tokens (max_tokens each). Nothing was asked.",
        highlight=False, soft_wrap=True,
    )


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _signal_weights(items: list[str]) -> dict[str, float]:
    """``--signal-weight sparse=2`` as ``{"strategy.w_sparse": 2.0}``."""
    from kg.active import SIGNALS
    from kg.errors import ConfigError

    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        try:
            weight = float(value)
        except ValueError:
            weight = None
        if not sep or name not in SIGNALS or weight is None:
            raise ConfigError(f"--signal-weight {item!r}: write NAME=WEIGHT with NAME one of {', '.join(SIGNALS)}")
        out[f"strategy.w_{name}"] = weight
    return out


def _generator_dir(path: Optional[Path]) -> Optional[str]:
    """``--generator DIR`` as ``strategy.generator``, once DIR is known to hold a saved generator."""
    from kg.errors import ConfigError
    from kg.students.generator_model import MODEL_FILE

    if path is None:
        return None
    if not path.is_dir():
        raise ConfigError(f"--generator {str(path)!r}: no such directory; save a generator there with `kg train generator -o DIR`")
    if not (path / MODEL_FILE).is_file():
        raise ConfigError(f"--generator {str(path)!r}: not a saved generator (no {MODEL_FILE}); save one with `kg train generator -o DIR`")
    return str(path)


def _weight(option: str, value: Optional[float]) -> Optional[float]:
    """A weight option's value, refused when negative."""
    from kg.errors import ConfigError

    if value is not None and not value >= 0:
        raise ConfigError(f"{option} {value}: a weight is 0 or more")
    return value


def ingest(
    file: Annotated[Path, typer.Argument(help="Teacher output: ATOMIC TSV/JSONL, a CSV or TSV of head,relation,tail rows, a transcript JSONL, JSON or Turtle.")],
    domain: DomainOpt = None,
    store: StoreOpt = None,
    config: ConfigOption = None,
    input_format: Annotated[
        Optional[str], typer.Option("--input-format", help="How to read FILE: atomic | transcript | json | turtle (default: from its extension and first line).")
    ] = None,
    sources: Annotated[
        str, typer.Option("--sources", help="ATOMIC 2020 JSONL columns read as teacher output: human,generations,greedy.")
    ] = "human,generations",
    batch_size: BatchOpt = None,
    critic: CriticOpt = None,
    threshold: ThresholdOpt = None,
    target_precision: TargetPrecisionOpt = None,
    labels: LabelsOpt = None,
    no_materialize: Annotated[bool, typer.Option("--no-materialize", help="Skip inference.")] = False,
    trusted: Annotated[bool, typer.Option(
        "--trusted",
        help="FILE holds facts you trust (curated rows, not a teacher's answers): the checks and the reference still reject what they refute, and no critic scores the rest.",
    )] = False,
    again: Annotated[bool, typer.Option(
        "--again", help="Check FILE anew, as a new run, when the same run already finished (a rerun resumes it, as any run; "
        "after kg review apply or kg retract withdrew a value the file contradicted).",
    )] = False,
    quiet: QuietOpt = False,
    format: ReportFormatOpt = "table",
    as_json: JsonAlias = False,
) -> None:
    """Run the checks of a distillation on teacher output you already have, and store the result."""
    from kg.pipeline import ingest as run_ingest

    if trusted and (given := [name for name, value in (("--critic", critic), ("--threshold", threshold), ("--target-precision", target_precision)) if value is not None]):
        raise ConfigError(f"--trusted takes in what the checks pass, with no critic: leave out {' and '.join(given)}")

    overrides = {
        "domain": domain,
        "run.ingest_batch_size": batch_size,
        "run.materialize": False if no_materialize else None,
        "critic.model": critic,
        "critic.threshold": threshold,
        "critic.target_precision": target_precision,
        "critic.labels": str(labels) if labels else None,
    }
    if format.lower() in INPUT_FORMATS and format.lower() not in OUTPUT_FORMATS:
        raise FormatError(
            f"--format is the report's format now (table, json, csv, tsv); "
            f"read the file as {format} with --input-format {format}"
        )
    fmt = output_format(format, as_json)
    cfg = _load(config, store, overrides)
    with terminate_as_interrupt(), stage_progress(quiet or fmt != "table" or cfg.run.quiet) as progress:
        report = run_ingest(
            file, cfg.domain, cfg.store, config=cfg, format=input_format, progress=progress,
            atomic_sources=tuple(s.strip() for s in sources.split(",") if s.strip()), trusted=trusted, again=again,
        )
    print_report(report, format=fmt)


def report(
    store: Annotated[str, typer.Option("--store", "-s", help="Store directory.", envvar="KG_STORE")] = "kg-store",
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write; - for standard output.")] = Path("report.html"),
    samples: Annotated[int, typer.Option("--samples", help="Accepted and rejected facts to show (0 or more).")] = 25,
) -> None:
    """Write one self-contained HTML page about the store: funnel, relations, rejections,
    confidence, growth per run, samples of accepted and rejected facts."""

    from kg.errors import ConfigError
    from kg.report import collect_store, render_html, write_report

    if samples < 0:
        raise ConfigError(f"--samples is how many facts to show: 0 or more, got {samples}")
    if is_stdout(output):  # a file named "-" was written
        StandardOutput().write(render_html(collect_store(store, samples=samples)))
        return
    write_report(store, output, samples=samples)
    console.print(f"wrote {output}")


def demo(
    store: Annotated[Path, typer.Option("--store", "-s", help="Demo store directory (recreated).")] = Path("demo-store"),
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML report.")] = Path("demo-report.html"),
    atomic_rows: Annotated[int, typer.Option("--atomic-rows", help="ATOMIC sample rows to ingest (0: all 3,059).")] = 1000,
    no_students: Annotated[bool, typer.Option("--no-students", help="Skip the students (the link predictor and the retrieval generator).")] = False,
    critic_steps: Annotated[int, typer.Option(
        "--critic-steps", min=1,
        help="Training steps of the learned critic: a fixed number, so the same critic on any machine (a trained one is cached).",
    )] = CRITIC_STEPS,
    critic_seconds: Annotated[float, typer.Option(
        "--critic-seconds", min=1.0, help="Safety stop on the critic's training time; the demo says when it stopped one.",
    )] = CRITIC_MAX_SECONDS,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing (no bars, no narration); the store and the report are still written.",
    )] = False,
) -> None:
    """Build a demo graph offline from bundled teacher output, query it, explain a fact and
    write the HTML report."""
    from kg.demo import run_demo

    if is_stdout(output):
        raise ConfigError("kg demo narrates on standard output; give its report a file: -o FILE.html")
    run_demo(
        store, output=output, atomic_rows=atomic_rows or None, students=not no_students, quiet=quiet,
        critic_steps=critic_steps, critic_seconds=critic_seconds,
    )


def register(app: typer.Typer) -> None:
    app.command()(distill)
    app.command()(ingest)
    app.command()(report)
    app.command()(demo)
