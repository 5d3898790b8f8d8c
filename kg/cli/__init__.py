"""The ``kg`` command. Each area's commands live in their own module with a
``register(app)`` function, listed in :data:`COMMAND_MODULES`; this module only wires them and
turns every error into one clear line on stderr and a non-zero exit code: a
:class:`~kg.errors.KGError` (its own code), a usage error (a missing argument, an unknown option,
a bad value: 2), anything unexpected (1). ``KG_DEBUG=1`` prints the traceback as well."""

from __future__ import annotations

import codecs
import errno
import importlib
import io
import os
import signal
import sys
from typing import Annotated, Optional

import typer

from kg.cli.common import StandardOutput, Terminated, console, err_console, escape
from kg.errors import KGError, OutputError

COMMAND_MODULES = [
    "kg.cli.store_cmds",
    "kg.cli.validate_cmds",
    "kg.cli.serve_cmds",
    "kg.cli.run_cmds",
    "kg.cli.linkpred_cmds",
    "kg.cli.generator_cmds",
    "kg.cli.reason_cmds",
    "kg.cli.critic_cmds",
    "kg.cli.review_cmds",
    "kg.cli.history_cmds",
    "kg.cli.rules_cmds",
    "kg.cli.plugin_cmds",
    "kg.cli.domain_cmds",
]

app = typer.Typer(
    name="kg",
    help="Distil what a language model knows into a checked, queryable knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def version() -> str:
    """The installed version of kg-distill."""
    from kg.software import kg_version

    return kg_version()


def _print_version(value: bool) -> None:
    if value:
        StandardOutput().write(f"kg-distill {version()}\n")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """kg: teacher LLM → candidate triples → checks → knowledge graph → students."""


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)

from kg.cli.groups import eval_app, train_app  # noqa: E402  (filled by the modules above)

if train_app.registered_commands:
    app.add_typer(train_app, name="train")
if eval_app.registered_commands:
    app.add_typer(eval_app, name="eval")


def _one_line_summaries(typer_app: typer.Typer) -> None:
    """Each command's line in the list of commands: its docstring's first paragraph as one line
    (typer kept the docstring's line breaks there: "funnel, relations, rejections," / "confidence")."""
    import inspect

    for info in typer_app.registered_commands:
        if info.short_help is None and info.callback is not None and info.callback.__doc__:
            first = inspect.cleandoc(info.callback.__doc__).split("\n\n")[0]
            info.short_help = " ".join(first.split())
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _one_line_summaries(group.typer_instance)


_one_line_summaries(app)


def _debug() -> bool:
    return os.environ.get("KG_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def _fail(message: str, code: int, exc: BaseException | None = None) -> None:
    """One line on stderr (the traceback first with ``KG_DEBUG=1``), then exit with ``code``."""
    
    if exc is not None and _debug():
        import traceback

        traceback.print_exception(exc)
    line = " ".join(part.strip() for part in str(message).splitlines() if part.strip())
    err_console.print(f"[bold red]error:[/] {escape(line)}", highlight=False, soft_wrap=True)
    sys.exit(code)


def _usage_message(exc: Exception) -> str:
    """A click usage error in one line, with where to look for help."""
    message = exc.format_message()  # type: ignore[attr-defined]
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


def _click_exceptions(name: str) -> tuple[type, ...]:
    """A click exception class by name: typer's vendored copy of click (typer >= 0.17) and
    click's own (older typer, or click loaded by someone else), whichever exist."""
    classes: list[type] = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        if module.startswith("click") and "click" not in sys.modules:
            continue
        try:
            cls = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if isinstance(cls, type):
            classes.append(cls)
    return tuple(classes)


def _no_transformers_bars() -> None:
    """Our own progress bars only: transformers' tqdm bars ("Loading weights") broke into them.
    ``HF_HUB_DISABLE_PROGRESS_BARS=0`` brings them back."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # read when transformers is imported
    hf_logging = sys.modules.get("transformers.utils.logging")
    if hf_logging is not None and os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] == "1":  # imported already: in-process
        hf_logging.disable_progress_bar()


def _no_zero_columns() -> None:
    """COLUMNS=0 (a 0x0 pseudo-terminal, some CI runners) is no width: unset, rich measures the
    terminal (80 where there is none); typer drew ``--help`` 0 columns wide, i.e. not at all."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) == 0:
        del os.environ["COLUMNS"]


def _utf8_for_ascii_streams() -> None:
    """Standard output and error in UTF-8 where they are ASCII (the C locale with Python's UTF-8
    mode and locale coercion turned off), as coercion would have made them: ``kg --help`` (its
    arrows) and a table holding "Genève" ended in "unexpected UnicodeEncodeError"."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and codecs.lookup(encoding).name == "ascii" and hasattr(stream, "reconfigure"):
            # surrogateescape: bytes from argv as given (PYTHONIOENCODING=ascii makes it "strict":
            # a file name holding a non-UTF-8 byte made a finished export end in UnicodeEncodeError)
            stream.reconfigure(encoding="utf-8", errors="surrogateescape" if stream.errors == "strict" else stream.errors)


def _stdout_write_through() -> None:
    """Standard output's text layer keeps nothing back: :class:`~kg.cli.common.StandardOutput`
    writes bytes beneath it, and need not flush it before each write."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(write_through=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``kg`` console script."""
    _no_transformers_bars()
    _no_zero_columns()
    _utf8_for_ascii_streams()
    _stdout_write_through()
    try:
        # standalone_mode=False: click's errors reach us as exceptions; typer then turns Ctrl-C
        # (KeyboardInterrupt) and typer.Exit into a returned exit code, which must not be lost
        code = app(args=argv, prog_name="kg", standalone_mode=False)
    except KGError as exc:
        if isinstance(exc, OutputError):
            _discard_stdout()
        _fail(str(exc), exc.exit_code, exc)
    except KeyboardInterrupt:
        _interrupted(argv)
    except Terminated:
        _interrupted(argv, signal.SIGTERM)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except SystemExit as exc:
        if _broken_pipe(exc.__context__):  # typer ends a broken pipe itself, with 1 ("failed")
            _reader_left()
        raise
    except BrokenPipeError:
        _reader_left()
    except Exception as exc:  # noqa: BLE001 - a boundary: see the handler
        if isinstance(exc, _click_exceptions("NoArgsIsHelpError")):  # `kg`, `kg train`: the help
            exc.show()  # type: ignore[attr-defined]
            sys.exit(2)
        if isinstance(exc, _click_exceptions("Abort")):
            sys.exit(1)
        if isinstance(exc, _click_exceptions("ClickException")):
            _fail(_usage_message(exc), getattr(exc, "exit_code", 2) or 2, exc)
        if isinstance(exc, RecursionError):
            _fail("the input is nested too deeply to read", 1, exc)
        if isinstance(exc, UnicodeDecodeError):
            _fail(f"the input is not UTF-8 text ({exc.reason} at byte {exc.start})", 1, exc)
        if isinstance(exc, OSError) and exc.strerror:
            where = f" {exc.filename!r}" if exc.filename else ""
            _fail(f"{exc.strerror}{where}", 1, exc)
        hint = "" if _debug() else "; rerun with KG_DEBUG=1 for the traceback"
        _fail(f"unexpected {type(exc).__name__}: {exc}{hint}", 1, exc)
    if code == 130:  # typer's Ctrl-C
        _interrupted(argv)
    if isinstance(code, int) and not isinstance(code, bool) and code:
        sys.exit(code)


def _broken_pipe(exc: BaseException | None) -> bool:
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE


def _reader_left() -> None:
    """``kg query ... | head -1``: the reader left, nothing to say; exit code 141 (128 + SIGPIPE),
    as for a tool the signal ended. It was 1, a failure (for kg distill: "every prompt failed")."""
    _discard_stdout()
    sys.exit(141)


def _discard_stdout() -> None:
    """Point standard output at /dev/null: what it could not take stays in its buffer, and the
    flush at exit would fail again ("Exception ignored ...", exit 120)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # closed, or not a file (a test's capture)
        pass


def _interrupted(argv: list[str] | None, sig: signal.Signals = signal.SIGINT) -> None:
    """Ctrl-C (or SIGTERM where a command catches it): one line saying what stays, and exit code
    128 + the signal (130 for Ctrl-C), as shells expect."""
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    command = words[0] if words else ""
    if command == "export":
        said = "the export stopped: its output file is as it was before (standard output may hold part of it)"
    elif command in ("distill", "ingest"):
        said = "every finished batch is kept: rerun the command to resume"
    elif command == "load":
        said = ("a file already read through was journaled and is loaded whole at the store's next open; the one "
                "being read added nothing (kg retract FILE withdraws a loaded file)")
    else:
        said = "what the store holds is whole"
    err_console.print(f"{'interrupted' if sig == signal.SIGINT else 'terminated'}; {said}", highlight=False)
    sys.exit(128 + sig)


__all__ = ["app", "main", "console", "version"]
