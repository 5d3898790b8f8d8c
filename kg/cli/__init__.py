"""The ``kg`` command. Each area's commands live in their own module with a
``register(app)`` function, listed in :data:`COMMAND_MODULES`; this module only wires them and
turns a :class:`~kg.errors.KGError` into one clear line and a non-zero exit code."""

from __future__ import annotations

import importlib
import sys

import typer

from kg.cli.common import console, err_console
from kg.errors import KGError

COMMAND_MODULES = [
    "kg.cli.store_cmds",
    "kg.cli.validate_cmds",
    "kg.cli.serve_cmds",
    "kg.cli.run_cmds",
    "kg.cli.linkpred_cmds",
    "kg.cli.generator_cmds",
    "kg.cli.reason_cmds",
    "kg.cli.critic_cmds",
]

app = typer.Typer(
    name="kg",
    help="Distil what a language model knows into a checked, queryable knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """kg: teacher LLM → candidate triples → checks → knowledge graph → students."""


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)

from kg.cli.groups import eval_app, train_app  # noqa: E402  (filled by the modules above)

if train_app.registered_commands:
    app.add_typer(train_app, name="train")
if eval_app.registered_commands:
    app.add_typer(eval_app, name="eval")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``kg`` console script."""
    try:
        app(args=argv, standalone_mode=False)
    except KGError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted; every finished batch is saved, rerun the command to resume")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


__all__ = ["app", "main", "console"]
