"""Progress bars (rich, on stderr): a run's stages (:func:`stage_bars`, the pipeline's
``progress(stage, advance, total)`` sink) and training (:class:`TrainingBar`, the students and
the critic), or nothing when disabled.

When stderr is not a terminal (``nohup``, a CI log, ``2> train.log``) a bar that redraws itself
shows nothing until the end; there a line is printed at each tenth of the work instead:
``training 154/1540 (10%) loss 1.52, 46 s``.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, Iterator

_LINES = 10
"""Progress lines printed over the whole work when stderr is not a terminal."""


STAGE_LABELS = {"teacher": "teacher (prompts)", "check": "checks (candidates)", "write": "batches written"}


class StageBars:
    """A pipeline's progress sink, ``bars(stage, advance=0, total=None)``, as one rich bar per
    stage (a stage's bar appears when it first reports; the display starts with the first)."""

    def __init__(self, progress: Any, labels: dict[str, str] | None = None) -> None:
        self._progress = progress
        self._labels = STAGE_LABELS if labels is None else labels
        self._tasks: dict[str, Any] = {}

    def __call__(self, stage: str, advance: int = 0, total: int | None = None) -> None:
        task = self._tasks.get(stage)
        if not self._tasks:  # shown from the first report on: a run that fails first left an empty line
            self._progress.start()
        if task is None:
            task = self._tasks[stage] = self._progress.add_task(self._labels.get(stage, stage), total=total)
        elif total is not None:
            self._progress.update(task, total=total)
        if advance:
            self._progress.advance(task, advance)


@contextlib.contextmanager
def stage_bars(enabled: bool = True, *, labels: dict[str, str] | None = None, width: int = 22) -> Iterator[StageBars | None]:
    """Bars for a run's stages on stderr while the block runs (None when not ``enabled``)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = [TextColumn(f"{{task.description:<{width}}}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    progress = Progress(*columns, console=Console(stderr=True), transient=False)
    try:
        yield StageBars(progress, labels)
    finally:
        if progress.live.is_started:
            progress.stop()


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
        self._lines: Any = None  # the console written to line by line when stderr is not a terminal
        self._description = ""
        self._started = 0.0
        self._reported = completed

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

            console = Console(stderr=True)
            if not console.is_terminal:
                self._lines = console
                self._started = time.monotonic()
                return self
            self._bar = Progress(
                TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                TimeElapsedColumn(), TimeRemainingColumn(), console=console,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total, completed=self.completed)
        return self

    def update(
        self, *, completed: int | None = None, advance: int = 0, description: str | None = None, total: int | None = None
    ) -> None:
        """Move the bar; ``total``: a new total (a budget that cut the steps)."""
        if total is not None:
            self.total = total
        if self._bar is not None:
            self._bar.update(self._task, completed=completed, advance=advance or None, description=description, total=total)
        elif self._lines is not None:
            self.completed = completed if completed is not None else self.completed + advance
            self._description = description if description is not None else self._description
            step = max(1, self.total // _LINES)
            if self.completed >= self._reported + step or (self.completed >= self.total > self._reported):
                self._reported = self.completed
                self._line()

    def _line(self) -> None:
        share = f" ({100 * self.completed // self.total}%)" if self.total else ""
        about = f" {self._description}," if self._description else ""
        self._lines.print(
            f"{self.label} {self.completed}/{self.total}{share}{about} {time.monotonic() - self._started:.0f} s",
            highlight=False, soft_wrap=True,
        )

    def set_total(self, total: int) -> None:
        self.total = total
        if self._bar is not None:
            self._bar.update(self._task, total=total)

    def log(self, message: str) -> None:
        if self._bar is not None:
            self._bar.console.print(message)
        elif self._lines is not None:
            self._lines.print(message, highlight=False, soft_wrap=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
        elif self._lines is not None and self.completed > self._reported:
            self._line()  # where the work ended (a time budget, early stopping)
