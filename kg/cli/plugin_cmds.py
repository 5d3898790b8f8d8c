"""``kg plugins``: the parts there are (prompt kinds, teachers, extractors, critics, exporters,
students, reasoners), built in or
from installed plugins (entry points; see :mod:`kg.registry`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from kg.cli.common import FormatOption, console, emit, output_format

if TYPE_CHECKING:
    from kg.registry import Entry

COLUMNS = ("kind", "name", "origin", "group", "help")


def plugins(format: FormatOption = "table") -> None:
    """List the prompt kinds, teachers, extractors, critics, exporters, students and reasoners there are and
    where each comes from: built in, or the package whose entry point (in the group shown) adds it.
    An entry point that cannot be chosen (it takes a built-in's name, or another package's) says why."""
    from kg.registry import REGISTRIES

    fmt = output_format(format)
    rows = [
        {"kind": r.kind, "name": entry.name, "origin": entry.origin, "group": group,
         "help": entry.conflict or entry.help or _plugin_help(entry)}
        for group, r in REGISTRIES.items()
        for entry in r.listing()
    ]
    if emit(fmt, data=rows, columns=COLUMNS, rows=([row[c] for c in COLUMNS] for row in rows)):
        return
    table = Table("kind", "name", "from", "entry-point group", "what")
    for row in rows:
        table.add_row(row["kind"], row["name"], row["origin"], row["group"], row["help"])
    console.print(table)


def _plugin_help(entry: Entry) -> str:
    """A plugin's line of help: the first line of its object's docstring, or why it cannot be
    loaded (loading it here is the check a plugin's author wants: ``kg plugins`` after installing)."""
    from kg.errors import ConfigError

    try:
        obj = entry.load()
    except ConfigError as exc:
        return f"cannot be loaded: {exc}"
    doc = (obj.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def register(app: typer.Typer) -> None:
    app.command()(plugins)
