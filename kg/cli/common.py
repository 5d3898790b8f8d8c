"""Shared pieces of the CLI: consoles, options, progress bars."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Iterator

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console()
err_console = Console(stderr=True)

StoreOption = Annotated[
    str,
    typer.Option("--store", "-s", help="Store directory, or http(s):// URL of a SPARQL endpoint.", envvar="KG_STORE"),
]
GraphOption = Annotated[
    str,
    typer.Option(
        "--graph",
        "-g",
        help="accepted, inferred, rejected, provenance, ontology, knowledge (accepted+inferred) or all.",
    ),
]


@contextlib.contextmanager
def progress_bar(description: str, total: int | None = None, *, quiet: bool = False) -> Iterator:
    """A rich progress bar; yields a callback ``advance(n)``."""
    columns = [SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn()]
    columns += [MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err_console, disable=quiet, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


def open_kg(store: str):
    from kg.api import KnowledgeGraph

    return KnowledgeGraph.open(store)


def existing_file(path: Path) -> Path:
    from kg.errors import FormatError

    if not path.is_file():
        raise FormatError(f"no such file: {str(path)!r}")
    return path


def student_dir(store: str, model: Path | None, student: str) -> Path:
    """A student's model folder: ``--model`` if given, else ``<store>/students/<student>``."""
    from kg.errors import StudentError

    if model is not None:
        return model
    if store.startswith(("http://", "https://")):
        raise StudentError("a remote store has no model folder; give one with --model DIR")
    return Path(store) / "students" / student
