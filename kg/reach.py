"""What a node reaches along a relation, transitively: a class's superclasses, a property's
sub-properties or equivalents, the places a city lies in. One walk for the hierarchies the
ontology, the SHACL engine, the reference and the students close over."""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, TypeVar

__all__ = ["reachable"]

T = TypeVar("T", bound=Hashable)


def reachable(start: T, neighbours: Callable[[T], Iterable[T]], *, include_start: bool = True) -> set[T]:
    """``start`` and every node reached from it by following ``neighbours`` (each visited once,
    so cycles end). ``include_start=False``: only what it reaches (``start`` too where a cycle
    leads back to it)."""
    seen: set[T] = {start} if include_start else set()
    todo = [start]
    while todo:
        for node in neighbours(todo.pop()):
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return seen
