"""Command groups shared by several modules: ``kg train X`` and ``kg eval X``."""

import typer

train_app = typer.Typer(help="Train a student model on the graph.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate a student model.", no_args_is_help=True)
