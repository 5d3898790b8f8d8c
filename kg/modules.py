"""Importing a module of kg-distill's own on demand (an optional layer, a checker, an
extractor), with an error that says why it cannot be had: not installed, failing to import,
or another package of the same name imported in its place (a user's ``reasoners/`` folder in
the current directory, ahead of ours on Python's path)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from kg.errors import KGError

__all__ = ["import_own", "own_attribute"]

_OURS = Path(__file__).resolve().parent.parent  # the folder holding kg/, extractors/, reasoners/


def _foreign(module: str) -> str | None:
    """Where the imported top-level package of ``module`` comes from, when that is not beside kg."""
    top = sys.modules.get(module.split(".")[0])
    where = getattr(top, "__file__", None) or next(iter(getattr(top, "__path__", None) or []), None)
    if where and Path(where).resolve().parent.parent != _OURS and Path(where).resolve() != _OURS / module.split(".")[0]:
        return str(where)
    return None


def _shadowed(module: str, what: str, where: str, hint: str) -> str:
    top = module.split(".")[0]
    return (
        f"{what} needs kg-distill's module {module}, but another package named {top!r} ({where}) is "
        "imported in its place, from a folder ahead of kg-distill's on Python's path (often the current "
        f"one); rename that package or run from another folder{hint}"
    )


def import_own(module: str, what: str, *, error: type[KGError] = KGError, hint: str = "") -> ModuleType:
    """kg-distill's ``module``, or ``error`` saying why ``what`` cannot have it. A part that fails
    to import is an error, never skipped: for a checker, that would let facts in unchecked."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            where = _foreign(module)
            if where:
                raise error(_shadowed(module, what, where, hint)) from None
            raise error(f"{what} needs the module {module}, which this installation does not have{hint}") from None
        raise error(f"{what} needs {module}, which failed to import ({type(exc).__name__}: {exc}){hint}") from None
    except ImportError as exc:
        raise error(f"{what} needs {module}, which failed to import ({type(exc).__name__}: {exc}){hint}") from None


def own_attribute(module: str, attr: str, what: str, *, error: type[KGError] = KGError, hint: str = "") -> Any:
    """``module.attr`` of kg-distill's, or ``error`` as :func:`import_own` has it; a module that
    lacks ``attr`` is another package's of that name, and the error names where it is."""
    mod = import_own(module, what, error=error, hint=hint)
    try:
        return getattr(mod, attr)
    except AttributeError:
        where = _foreign(module) or getattr(mod, "__file__", None) or "a namespace package"
        raise error(_shadowed(module, what, where, hint)) from None
