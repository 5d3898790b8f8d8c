"""``kg review export`` / ``kg review apply``: people label what the gate doubted (or a sample
of what it kept), and their labels move facts (:mod:`kg.critics.review`)."""

from __future__ import annotations

import io
import shlex
from pathlib import Path
from typing import IO, Annotated, Optional, cast

import typer

from kg.cli.common import JsonAlias, StandardOutput, StoreOption, console, err_console, is_stdout, output_format, write_json

review_app = typer.Typer(help="People review the gate: export facts to label, apply the labels.", no_args_is_help=True)

DomainOpt = Annotated[Optional[str], typer.Option("--domain", "-d", help="Domain folder or name (default: the store's own).")]


def export_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="The CSV to write (subject, relation, object, label, ...); - for standard output.")],
    store: StoreOption = "kg-store",
    graph: Annotated[str, typer.Option("--graph", "-g", help="rejected (the rejections that ask for review: the critic's, an unconfirmed guess, a conflict; not a hard check's, a SHACL shape's, the reference's, domain, range, cardinality: --all adds those) | accepted (an audit of the gate) | both | unreadable (the answers and file rows read as no fact, none answers too: head, relation, the text and the reason, to read, not to label).")] = "rejected",
    everything: Annotated[bool, typer.Option("--all", help="Every rejection, also those a hard check made (a SHACL shape, the reference graph, domain, range, cardinality: their labels train the critic; applying them moves nothing).")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="A random sample of this many rows (0: all).")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample.")] = 0,
    per_relation: Annotated[int, typer.Option("--per-relation", min=0, help="This many rows of each relation (a stratified audit: a precision per relation, the rare ones included), chosen as --limit chooses.")] = 0,
    order: Annotated[str, typer.Option("--order", help="subject | uncertain: the facts whose critic score is nearest its threshold first (with --limit: those), where a label teaches the critic most.")] = "subject",
    force: Annotated[bool, typer.Option("--force", help="Replace FILE when it exists (people may be labelling it: without --force it is refused).")] = False,
) -> None:
    """Write facts for people to label: fill the label column with valid or invalid (leave rows
    blank where you have no opinion), then `kg review apply FILE`. By default the rejections
    that ask for review (the critic's, an unconfirmed guess, a conflict); a hard check's (a SHACL
    shape's, the reference's, domain, range, cardinality) only with --all, and a note says how
    many were left out. The file is also a labels file that `kg critic train`
    and `kg critic eval` read."""
    from kg.api import KnowledgeGraph
    from kg.errors import UsageError

    if not is_stdout(output) and output.exists() and not force:
        raise UsageError(f"{str(output)!r} exists (people may be labelling it); give another -o, or --force to replace it")
    with KnowledgeGraph.open(store) as kg:
        n = kg.export_review(cast(IO[str], StandardOutput()) if is_stdout(output) else output, graph=graph, everything=everything, limit=limit,
                             seed=seed, order=order, per_relation=per_relation)
        hard = reviewable = 0
        if graph in ("rejected", "both") and not everything:  # a hard check's rejections left out: say how many
            reviewable = n if graph == "rejected" and not (limit or per_relation) else kg.export_review(io.StringIO())
            hard = kg.export_review(io.StringIO(), everything=True) - reviewable
        unreadable = kg.export_review(io.StringIO(), graph="unreadable") if graph in ("rejected", "both") else 0
    if is_stdout(output):
        StandardOutput().flush()
        err_console.print(f"wrote {n:,} rows to standard output", highlight=False)
    elif graph == "unreadable":
        console.print(f"wrote {n:,} rows to {output}: what was read as no fact, with the reasons", highlight=False, soft_wrap=True)
    else:
        console.print(f"wrote {n:,} rows to {output}: label them valid or invalid, then `kg review apply {output} --store {store}`",
                      highlight=False, soft_wrap=True)
    if hard and not reviewable:  # an empty sheet while the quarantine holds rejections: a hard check made them
        err_console.print(f"[yellow]note:[/] none of the {hard:,} rejections in quarantine asks for review (hard checks made them: "
                          "a SHACL shape, the reference, domain, range, cardinality, ...); --all exports them too",
                          highlight=False, soft_wrap=True)
    elif hard:
        err_console.print(f"[yellow]note:[/] {hard:,} rejections in quarantine that hard checks made (a SHACL shape, the reference, "
                          "domain, range, cardinality, ...) are left out: labelling them moves nothing; --all exports them too",
                          highlight=False, soft_wrap=True)
    if unreadable:
        err_console.print(unreadable_note(unreadable, store), highlight=False, soft_wrap=True)


def unreadable_note(n: int, store: object) -> str:
    """Where the ``n`` outputs in quarantine that are no fact are listed (``kg review export`` and
    ``kg export -g rejected`` leave them out: they have no triple)."""
    return (f"[yellow]note:[/] {n:,} answers or rows in quarantine were read as no fact (none answers, unreadable values) and are "
            f"not in it: `kg review export --graph unreadable -o unreadable.csv --store {shlex.quote(str(store))}` lists them with their reasons")


def apply_cmd(
    labels: Annotated[list[Path], typer.Argument(help="A labels file: a filled-in review export, or any subject,relation,object,label CSV/TSV/JSONL. Several files (several people's labels): each fact moves as the majority labelled it, a tie not at all.")],
    store: StoreOption = "kg-store",
    domain: DomainOpt = None,
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Who reviewed, recorded in provenance as review:NAME (default: the file's name; several files: their names joined by +).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would move; change nothing.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
    as_json: JsonAlias = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Move what people decided: a quarantined fact marked valid enters the graph, an accepted
    one marked invalid is quarantined (check `review`), an accepted one marked valid is recorded
    as confirmed; no later critic rescoring overrides them. What would enter is checked against the
    store as it is now: what a check rejects there (a hard check's rejection, a second value of a
    one-value relation) stays, counted as held.
    Several files vote: the majority's label moves a fact, and how far they agree is shown."""
    from kg.api import KnowledgeGraph
    from kg.progress import stage_bars

    as_json = output_format(format, as_json, ("table", "json")) == "json"
    with KnowledgeGraph.open(store) as kg, stage_bars(not (quiet or as_json), labels={}, width=8) as tell:
        report = kg.apply_review(labels if len(labels) > 1 else labels[0], domain=domain, reviewer=reviewer, dry_run=dry_run, progress=tell)
    if as_json:
        write_json(report.as_dict())
        return
    verb = "would move" if dry_run else "moved"
    console.print(
        f"review {report.critic}: {verb} {report.promoted:,} quarantined → accepted and {report.demoted:,} accepted → "
        f"rejected; {report.confirmed:,} accepted facts confirmed, {report.confirmed_rejected:,} rejections confirmed, "
        f"{report.held:,} marked valid but rejected by a hard check (fix the ontology or the data)"
        + (" (dry run: nothing changed)" if dry_run else ""),
        highlight=False, soft_wrap=True,
    )
    for note in report.notes:
        err_console.print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)


def agreement_cmd(
    labels: Annotated[list[Path], typer.Argument(help="Two or more people's labels files of the same facts (filled-in review exports, or subject,relation,object,label CSV/TSV/JSONL).")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the majority's labels here (CSV: subject, relation, object, label, votes; - for standard output, the summary then on stderr); ties are left out.")] = None,
    disputed: Annotated[Optional[Path], typer.Option("--disputed", help="Write the facts the files label both ways here (CSV: subject, relation, object, then each file's label), to adjudicate.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --disputed file.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
    as_json: JsonAlias = False,
) -> None:
    """How far several people's labels agree (the share of facts all labelled the same,
    Krippendorff's alpha, each reviewer's counts and each pair's Cohen's kappa), before they
    train or measure anything; with -o, the majority's labels as one file for `kg review apply`
    and the labels option of `kg critic train` and `kg critic eval`; with --disputed, the facts
    they split on."""
    from kg.critics.review import write_majority
    from kg.errors import FormatError

    as_json = output_format(format, as_json, ("table", "json")) == "json"
    if len(labels) < 2:
        raise FormatError("give two or more labels files: agreement is between people")
    if is_stdout(output) and as_json:
        raise FormatError("-o - and --format json both write standard output; give -o FILE")
    if disputed is not None and disputed.exists() and not force:
        raise FormatError(f"{disputed} exists: give --force to replace it, or another --disputed file")
    if disputed is not None and (disputed in labels or is_stdout(disputed)):
        raise FormatError(f"--disputed {disputed}: give a new file, not one of the labels files or standard output")
    agreement = write_majority(labels, cast(IO[str], StandardOutput()) if is_stdout(output) else output, disputed)
    if as_json:
        write_json(agreement.as_dict())
    else:
        (err_console if is_stdout(output) else console).print(agreement.summary(), highlight=False, soft_wrap=True)
    if output is not None and not as_json and not is_stdout(output):
        err_console.print(f"wrote {agreement.labelled - agreement.ties:,} majority labels to {output}", highlight=False)
    if disputed is not None and not as_json:
        err_console.print(f"wrote {len(agreement.disputed):,} disputed facts to {disputed}", highlight=False)


def register(app: typer.Typer) -> None:
    review_app.command("export")(export_cmd)
    review_app.command("apply")(apply_cmd)
    review_app.command("agreement")(agreement_cmd)
    app.add_typer(review_app, name="review")
