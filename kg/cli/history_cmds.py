"""``kg runs`` (what ran against the store), ``kg retract`` (withdraw what one run or loaded
file brought in: :mod:`kg.critics.retract`) and ``kg erase`` (delete every trace of some text
for good: :mod:`kg.pipeline.erase`)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from kg.cli.common import FormatOption, JsonAlias, StoreOption, console, emit, err_console, escape, open_kg, output_format, write_json

_COLUMNS = (
    "id", "kind", "status", "started", "ended", "domain", "teacher", "batches", "prompts", "cache_hits", "requests", "retries", "accepted", "rejected",
    "unreadable", "new", "retracted", "answered_since",
)


def runs(store: StoreOption = "kg-store", format: FormatOption = "table") -> None:
    """The runs that wrote to the store, oldest first: id (what `kg retract` takes), kind,
    start and end, domain, teacher, and what each accepted, rejected, kept as unreadable and added,
    and its status (an unfinished run names the later runs that answered what it left); csv/tsv
    add its prompts, cache hits, and requests to the teacher with the retries among them; --format json every key for every run (null where unknown),
    and its completions, candidates and tokens, the software
    that ran it, the teacher's revision and an ingest's input file (path, digest, format,
    sources, limit)."""
    fmt = output_format(format)
    with open_kg(store) as kg:
        found = kg.runs()
    rows = [tuple(" ".join(r[k]) if k == "answered_since" else r.get(k) for k in _COLUMNS) for r in found]
    if emit(fmt, data=found, columns=_COLUMNS, rows=rows):
        return
    if not found:
        console.print("no runs yet: kg distill and kg ingest record theirs (a file kg load brought in is withdrawn by its path: kg retract FILE)")
        return
    if console.width < 110:  # seven columns do not fit: a run in two lines, nothing cut
        for r in found:
            console.print(f"[bold]{r['id']}[/]  {_status(r)}  {_started(r)}", highlight=False, soft_wrap=False)
            console.print(f"  {escape(_short_teacher(r.get('teacher') or '', r.get('teacher_revision')))}: {r['accepted']:,} accepted, "
                          f"{r['rejected']:,} rejected, {r['unreadable']:,} unreadable, {r['new']:,} new", highlight=False, soft_wrap=False)  # wrapped at a word
        _answered_since(found)
        return
    table = Table(title=f"runs of {store}")
    table.add_column("id", no_wrap=True)  # what a person copies into kg retract: never cut
    table.add_column("started", no_wrap=True)
    table.add_column("teacher", ratio=1, overflow="fold")
    for name in ("accepted", "rejected", "unreadable", "new"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for r in found:
        table.add_row(r["id"], _started(r), escape(_short_teacher(r.get("teacher") or "", r.get("teacher_revision"))),
                      f"{r['accepted']:,}", f"{r['rejected']:,}", f"{r['unreadable']:,}", f"{r['new']:,}", _status(r))
    console.print(table)
    _answered_since(found)


def _answered_since(runs: list[dict[str, Any]]) -> None:
    """A line per unfinished run whose unanswered prompts later runs answered (the table's
    column has no room for their ids)."""
    for r in runs:
        if r.get("answered_since"):
            console.print(f"{r['id']} (unfinished): its unanswered prompts were answered since by {', '.join(r['answered_since'])}; "
                          "its own command need not be rerun", highlight=False, soft_wrap=True)


def _started(run: dict[str, Any]) -> str:
    return _minute(run["started"])


def _minute(stamp: Any) -> str:
    """An ISO time to the minute, its zone said: ``2026-12-06 03:49 UTC`` (a UTC time shown
    bare was read as local time)."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)[:16].replace("T", " ")
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _status(run: dict[str, Any]) -> str:
    if run.get("retracted"):
        return f"retracted {_minute(run['retracted'])}"
    status = run["status"]
    if run.get("answered_since"):  # a later run of a changed command (more seeds) asked what it left: named below the table
        status += ", answered since"
    if run.get("budget"):  # a budgeted run: what it spent of it
        status += f", {run['spent']:,} of {run['budget']:,} calls"
    return status


def _short_teacher(spec: str, revision: str | None = None) -> str:
    """``replay:/long/path/transcript.jsonl`` as ``replay:transcript.jsonl``, and with the first 12
    digits of the teacher's revision where it has one (``hf:final@c06e96eca5ac``, as provenance
    names it): two checkpoints or transcripts of one name are two teachers here too."""
    kind, sep, rest = spec.partition(":")
    short = f"{kind}:{rest.rstrip('/').rsplit('/', 1)[-1]}" if sep and "/" in rest and "://" not in rest else spec
    return f"{short}@{revision[:12]}" if revision else short


def retract(
    run: Annotated[str, typer.Argument(help="A run's id as `kg runs` shows it, or the path of a file `kg load` loaded.")],
    store: StoreOption = "kg-store",
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why, recorded with every fact it moves.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would move; change nothing.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
    as_json: JsonAlias = False,
) -> None:
    """Withdraw what one run (or one loaded file) brought in: every accepted fact that only it
    supports moves to quarantine (check `retracted`, with the reason); facts other runs, files
    or people also support stay, as do facts a review vouched for. Nothing is deleted."""
    from kg.progress import stage_bars

    as_json = output_format(format, as_json, ("table", "json")) == "json"
    with open_kg(store) as kg, stage_bars(not as_json, labels={}, width=8) as tell:
        report = kg.retract(run, reason=reason, dry_run=dry_run, progress=tell)
    if as_json:
        write_json(report.as_dict())
        return
    console.print(report.summary(), highlight=False, soft_wrap=True)
    for note in report.notes:
        err_console.print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)


def erase(
    text: Annotated[list[str], typer.Argument(help="What to erase: a name, an e-mail address, a phone number... (each matched case-insensitively, as whole words: 'Ran' never takes France).")],
    store: StoreOption = "kg-store",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be removed; change nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Erase without asking (what is erased cannot be brought back).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Erase a TEXT found in the store's namespaces (org, http), or one that removes most of the store.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json.")] = "table",
    as_json: JsonAlias = False,
) -> None:
    """Erase every trace of TEXT from the store, for good (right to erasure): every quad of any
    graph whose subject, object or literal holds it, or that names an entity one of whose labels
    holds it (facts, labels, quarantined answers, runs'
    prompts), the teacher cache's answers that hold it, and its bytes in the database's files
    (the database is rewritten). Lists what else under the store still holds it (students,
    critic). Backups, exports and reports made before are yours to delete."""
    import sys

    from kg.errors import UsageError

    as_json = output_format(format, as_json, ("table", "json")) == "json"
    if not dry_run and not yes:
        if not sys.stdin.isatty():
            raise UsageError("kg erase deletes for good: add --yes to erase, or --dry-run to count what it would remove")
        if not typer.confirm(f"erase every trace of {', '.join(map(repr, text))} from {store}, for good?"):
            raise typer.Exit(1)
    with open_kg(store) as kg:
        report = kg.erase(text, dry_run=dry_run, force=force)
    if as_json:
        write_json(report.as_dict())
        return
    console.print(report.summary(), highlight=False, soft_wrap=True)
    if report.leftovers:
        console.print("still holding it under the store:", highlight=False)
    for place in report.leftovers:
        shown = ", ".join(place.files[:3]) + (f" and {len(place.files) - 3} more" if len(place.files) > 3 else "")
        console.print(f"  {escape(place.path)} ({escape(shown)}): {place.todo}", highlight=False, soft_wrap=True)
    for note in report.notes:
        err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(runs)
    app.command()(retract)
    app.command()(erase)
