"""Students distilled from the graph: a link predictor (linkpred), mined rules and a generator.

Each is listed in :data:`kg.registry.students` (a plugin adds one through the entry-point
group ``kg.students``) as a :class:`kg.seams.Student`, the run's student round
(:mod:`kg.students.rounds`). Submodules are imported on use; importing this package loads no
model code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import ConfigError
from kg.registry import students as student_registry

if TYPE_CHECKING:
    from kg.seams import Student

__all__ = ["load_student", "student_registry"]

def load_student(name: str) -> Student:
    """The student registered as ``name``, or a :class:`ConfigError` naming the ones there are."""
    student = student_registry.load(name)
    if not callable(student):
        raise ConfigError(f"student {name!r} is not callable; a student is {student_registry.contract}")
    return student
