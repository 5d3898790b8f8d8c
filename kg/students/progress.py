"""Re-export of :class:`kg.progress.TrainingBar` (moved to the core so the critic can use it)."""

from kg.progress import TrainingBar

__all__ = ["TrainingBar"]
