"""Shared pieces of the CLI: consoles, options, progress bars."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import IO, Annotated, Any, Iterable, Iterator, Sequence

import typer
from rich.console import Console
from rich.markup import escape as rich_escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class StandardOutput:
    """Standard output as it is at each write (``sys.stdout``: tests swap it), where the console
    and the commands' machine formats write. A write that cannot be made is one
    :class:`~kg.errors.OutputError`: closed (``>&-``: Python has no ``sys.stdout``, and rich
    dropped every table silently, exit 0, while ``--format csv`` failed as "unexpected
    AttributeError"), a full device, a bad descriptor. ``BrokenPipeError`` (the reader left)
    passes as it is: the CLI ends quietly. ``binary``: its ``buffer``, for bytes."""

    def __init__(self, *, binary: bool = False) -> None:
        self._binary = binary

    def _stream(self) -> Any:
        from kg.errors import OutputError

        stream = _stdout()
        if stream is None:
            raise OutputError("cannot write to standard output: it is closed")
        return stream.buffer if self._binary else stream

    def write(self, data: Any) -> int:
        """All of ``data``, or an error. Python's streams take a short write (a file-size limit
        or a full disk part-way, a reader leaving a pipe) as done and drop the rest: a ``kg
        query`` table, one large write, came out cut short with exit 0."""
        with _said_as_output_error():
            stream = self._stream()
            if self._binary:
                _write_all(stream, data)
            elif isinstance(stream, io.TextIOWrapper):
                if not stream.write_through:
                    stream.flush()  # text written before, first
                _write_all(stream.buffer, data.encode(stream.encoding, stream.errors or "strict"))
            else:  # a stream of text only (a StringIO in place of sys.stdout)
                stream.write(data)
            return len(data)

    def flush(self) -> None:
        if _stdout() is not None:
            with _said_as_output_error():
                self._stream().flush()

    def isatty(self) -> bool:
        return _is_terminal(_stdout())

    @property
    def encoding(self) -> str:
        return getattr(_stdout(), "encoding", None) or "utf-8"

    @property
    def buffer(self) -> StandardOutput:
        return StandardOutput(binary=True)


class _LineEnded:
    """A binary stream that ends what was written to it with a line break, if it did not."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._last = b""

    def write(self, data: bytes) -> int:
        if data:
            self._last = bytes(data[-1:])
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()

    def end(self) -> None:
        if self._last not in (b"", b"\n"):
            self._stream.write(b"\n")
        self._stream.flush()


@contextlib.contextmanager
def stdout_lines() -> Iterator[_LineEnded]:
    """Standard output for bytes (a serialised result or graph), ended with a line break when
    the block ends: ``read -r`` and ``wc -l`` need one, and some formats end without it."""
    out = _LineEnded(StandardOutput(binary=True))
    yield out
    out.end()


def _write_all(binary: IO[bytes], data: bytes) -> None:
    """``data`` to ``binary``, again from where a short write stopped: the next write raises the
    reason (EFBIG, ENOSPC, EPIPE)."""
    view = memoryview(data).cast("B")
    while view:
        written = binary.write(view)
        if not written:
            raise OSError(errno.EIO, "nothing could be written")
        view = view[written:]


def _stdout() -> Any:
    """``sys.stdout``; the one under a progress bar's stand-in (rich puts one there while a bar
    is drawn on stderr, and unwraps it for its own consoles: so do we)."""
    return getattr(sys.stdout, "rich_proxied_file", sys.stdout)


def _is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (OSError, ValueError):  # closed
        return False


@contextlib.contextmanager
def _said_as_output_error() -> Iterator[None]:
    from kg.errors import OutputError

    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:  # kg query called a full device a failed query (exit 2), kg stats said only its errno
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from exc


def _console(file: Any, *, stderr: bool = False) -> Console:
    """A console that draws at the terminal's width (COLUMNS=0, a 0x0 pseudo-terminal in CI,
    made rich draw every table 0 columns wide: nothing, exit 0) and, when not writing to a
    terminal, never breaks a line of text ("wrote 12 triples to" and its path on two lines broke
    grep)."""
    made = Console(file=file, stderr=stderr, soft_wrap=not _is_terminal(sys.stderr if file is None else file))
    if made.width < 1:
        made.width = shutil.get_terminal_size().columns  # COLUMNS=0 means unknown to it: the terminal's, else 80
    return made


console = _console(StandardOutput())
err_console = _console(None, stderr=True)

_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n"}


def escape(text: str) -> str:
    """``text`` (teacher output, store values) to print through rich: markup escaped, and
    control characters shown as ``\\x1b`` rather than sent to the terminal. Rich passes ESC
    through, so a label such as ``"\\x1b]0;…\\x07\\x1b[2J"`` retitled and cleared the user's
    terminal from ``kg query`` and ``kg why`` (terminal escape injection)."""
    return rich_escape(text.translate(_CONTROLS))

StoreOption = Annotated[
    str,
    typer.Option("--store", "-s", help="Store directory, or http(s):// URL of a SPARQL endpoint.", envvar="KG_STORE"),
]


# -- one output convention: a table for people, --format json|csv|tsv for machines -------------

OUTPUT_FORMATS = ("table", "json", "csv", "tsv")
"""What a command that prints data accepts with ``--format``: ``table`` (the default, for people),
``json``, ``csv`` and ``tsv`` (for machines, on standard output, nothing else there)."""

FormatOption = Annotated[
    str,
    typer.Option("--format", "-f", help="table (for people) | json | csv | tsv (for machines, on stdout)."),
]
JsonAlias = Annotated[
    bool,
    typer.Option("--json", hidden=True, help="Deprecated: the same as --format json."),
]


def output_format(format: str, as_json: bool = False, allowed: Sequence[str] = OUTPUT_FORMATS) -> str:
    """The checked ``--format``; the deprecated ``--json`` flag means ``--format json`` (with a
    note on stderr)."""
    from kg.errors import FormatError

    fmt = (format or "table").lower()
    if as_json:
        if fmt not in ("table", "json"):
            raise FormatError(f"--json and --format {format} disagree; give only --format")
        err_console.print("note: --json is deprecated; use --format json", highlight=False, soft_wrap=True)
        fmt = "json"
    if fmt not in allowed:
        raise FormatError(f"unknown output format {format!r}; use one of {', '.join(allowed)}")
    return fmt


def write_json(data: Any) -> None:
    """``data`` as indented JSON on standard output (plain text: no colours, no wrapping)."""
    out = StandardOutput()
    out.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    out.flush()


def write_rows(format: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], out: IO[str] | None = None) -> None:
    """A header (none when ``columns`` is empty: more rows of a table begun) and rows as CSV
    (RFC 4180) or TSV (tabs and line breaks inside a value become spaces) on ``out`` (default:
    standard output); ``None`` is written as an empty field."""
    sink: Any = out if out is not None else StandardOutput()
    if format == "csv":
        writer = csv.writer(sink, lineterminator="\n")
        if columns:
            writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    else:
        def cell(v: Any) -> str:
            return "" if v is None else " ".join(str(v).replace("\t", " ").splitlines())

        if columns:
            sink.write("\t".join(columns) + "\n")
        for row in rows:
            sink.write("\t".join(cell(v) for v in row) + "\n")
    sink.flush()


def emit(format: str, *, data: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bool:
    """Write the machine form of a command's output (``json``: ``data``; ``csv``/``tsv``:
    ``columns`` and ``rows``); False for ``table``, which the command draws itself."""
    if format == "json":
        write_json(data)
        return True
    if format in ("csv", "tsv"):
        write_rows(format, columns, rows)
        return True
    return False


@contextlib.contextmanager
def progress_bar(description: str, total: int | None = None, *, quiet: bool = False) -> Iterator:
    """A rich progress bar; yields a callback ``advance(n)``."""
    columns = [SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn()]
    columns += [MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err_console, disable=quiet, transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


class Terminated(BaseException):
    """SIGTERM, raised where the program is (inside :func:`terminate_as_interrupt`), so that its
    cleanups run as they do for Ctrl-C; the CLI exits 143 (128 + SIGTERM)."""


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` rather than ending the process at
    once: ``kg export`` removes its half-written file (``kill`` left a truncated export, and with
    ``-o -`` its whole spool in $TMPDIR). Outside the main thread: nothing changes."""
    def raise_terminated(signum: int, frame: Any) -> None:
        raise Terminated()

    try:
        before = signal.signal(signal.SIGTERM, raise_terminated)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def open_kg(store: str):
    from kg.api import KnowledgeGraph

    return KnowledgeGraph.open(store)


def is_stdout(output: Path | str | None) -> bool:
    """``-o -``: standard output, in every command that takes an output file (it wrote a file
    named ``-`` in some)."""
    return output is not None and str(output) == "-"


def existing_file(path: Path) -> Path:
    """``path``, a regular file; else a FormatError naming what it is (a folder, a pipe such as
    /dev/stdin: they were all "no such file")."""
    from kg.errors import FormatError

    if path.is_file():
        return path
    if path.is_dir():
        raise FormatError(f"{str(path)!r} is a directory; give the files in it (e.g. {str(path / '*')})")
    if path.exists():
        raise FormatError(f"{str(path)!r} is not a regular file (a pipe or a device: standard input is not read); "
                          "save its content to a file and give that")
    if path.is_symlink():
        raise FormatError(f"{str(path)!r} is a symbolic link to {os.readlink(path)!r}, which does not exist")
    raise FormatError(f"no such file: {str(path)!r}")


def old_model_kept(folder: Path) -> str:
    """What a training that failed adds about the model already in ``folder`` (nothing when
    there is none): it is kept, and still answers with what it learnt before."""
    if not folder.is_dir() or not any(folder.iterdir()):
        return ""
    return (f"; the model already in {folder} is kept and still answers with what it learnt before: "
            f"delete that folder to remove it")


def student_dir(store: str, model: Path | None, student: str) -> Path:
    """A student's model folder: ``--model`` if given, else ``<store>/students/<student>``."""
    from kg.errors import StudentError

    if model is not None:
        return model
    if store.startswith(("http://", "https://")):
        raise StudentError("a remote store has no model folder; give one with --model DIR")
    return Path(store) / "students" / student
