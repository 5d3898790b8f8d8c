"""Training progress bars (rich, on stderr) for the students and the critic, or nothing when disabled."""

from __future__ import annotations

from typing import Any


class TrainingBar:
    """A rich progress bar over ``total`` units (steps, epochs, relations) named ``label``, with a
    free description:

    >>> with TrainingBar(total=100, enabled=False) as bar:   # doctest: +SKIP
    ...     bar.update(advance=1, description="loss 0.52")
    """

    def __init__(self, total: int, *, enabled: bool = True, completed: int = 0, label: str = "training") -> None:
        self.enabled = enabled
        self.label = label
        self.total = total
        self.completed = completed
        self._bar: Any = None

    def __enter__(self) -> "TrainingBar":
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total, completed=self.completed)
        return self

    def update(self, *, completed: int | None = None, advance: int = 0, description: str | None = None) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=completed, advance=advance or None, description=description)

    def set_total(self, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, total=total)

    def log(self, message: str) -> None:
        if self._bar is not None:
            self._bar.console.print(message)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
