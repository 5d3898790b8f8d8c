"""One exception tree for the whole project.

::

    KGError                      every error we raise on purpose
    ├── StoreError               opening, reading or writing a store
    │   ├── NotAStoreError       the directory is not a kg store
    │   ├── TargetTakenError     a store or backup asked for where a folder is not empty (also a UsageError)
    │   ├── StoreLockedError     another process holds the store
    │   └── TruncatedResultError an endpoint cut a query's result at its row or size cap
    ├── QueryError               a SPARQL query or update that cannot run (syntax, refused op)
    ├── FormatError              an unknown or unreadable file format
    ├── ConfigError              a bad configuration value or file
    │   ├── StudentSettingError  a student's training or mining setting out of range (also a StudentError)
    │   └── CriticSettingError   a critic's training setting out of range (also a CriticError)
    ├── UsageError               a name that names nothing, an input that is not there, nothing to do
    │   └── UnknownNameError     a relation or rule id a student does not know (also a StudentError)
    ├── OntologyError            a domain folder that cannot be loaded
    ├── TeacherError             a teacher backend failed for good
    ├── ReasonerError            a reasoner could not run (e.g. no Java)
    ├── StudentError             a student model cannot be trained or loaded
    ├── CriticError              a learned critic cannot be trained, loaded or trusted
    ├── OutputError              output cannot be written (standard output closed, a full disk)
    └── InterruptedSaveError     a folder's save a kill interrupted that cannot be finished

The CLI prints a ``KGError`` as one line (no traceback) and exits with its class's
``exit_code``: 2 for the user's mistakes in what a command was given (``QueryError``,
``FormatError``, ``ConfigError``, ``UsageError``: as click's usage errors), 1 otherwise. Messages
say what was wrong, with the offending value, and what to do.
"""

from __future__ import annotations

import contextlib
from typing import Iterator


class KGError(Exception):
    """Root of every error raised on purpose by this project."""

    exit_code = 1


class StoreError(KGError):
    """A store could not be opened, read or written."""


class NotAStoreError(StoreError):
    """The directory exists but does not hold a kg store."""


class StoreLockedError(StoreError):
    """Another process holds the store open for writing."""


class TruncatedResultError(StoreError):
    """A SPARQL endpoint cut a query's result at its row or size cap (``kg serve --row-cap``):
    the result is not used; a caller that can ask for less (fewer statements a query) does."""


class QueryError(KGError):
    """A SPARQL query or update that cannot be run."""

    exit_code = 2


class FormatError(KGError):
    """An unknown file format, or a file that does not parse in its format."""

    exit_code = 2


class ConfigError(KGError):
    """A bad configuration value or file."""

    exit_code = 2


class UsageError(KGError):
    """A user's mistake in what a command was given: a name that names nothing (a relation, a
    rule id), an input file that is not there, nothing to work on."""

    exit_code = 2


class OntologyError(KGError):
    """A domain folder that cannot be loaded."""


class DomainNotFoundError(OntologyError, UsageError):
    """``--domain`` names no domain folder and no shipped domain: the user's mistake, exit code 2
    (it was 1, beside 2 for an unknown relation); still an ``OntologyError``."""


class TargetTakenError(StoreError, UsageError):
    """``kg init`` or ``kg backup`` told to make a store in a folder that is not empty (or a file):
    the user's mistake in what the command was given, exit code 2 as a taken ``-o FILE`` of ``kg
    review export`` and a taken folder of ``kg domain new`` (it was 1); still a ``StoreError``."""


class DomainArgumentError(OntologyError, UsageError):
    """``kg domain new`` given a folder that is taken or a ``--prefix`` it cannot use: the user's
    mistake, exit code 2 as :class:`TargetTakenError` (it was 1); still an ``OntologyError``."""


class TeacherError(KGError):
    """A teacher backend failed for good (after its retries)."""


class ReasonerError(KGError):
    """A reasoner could not run."""


class StudentError(KGError):
    """A student model cannot be trained, loaded or used."""


class CriticError(KGError):
    """A learned critic cannot be trained, loaded or trusted (e.g. its weights fail their checksum)."""


class ExporterError(KGError):
    """An exporter's own fault (a plugin's bug, or what it could not write): not the user's."""


class OutputError(KGError):
    """Output cannot be written: standard output (closed: ``kg ... >&-``, a full device, a bad
    descriptor) or a file (a full disk, a file-size limit, no permission): the environment's
    failure, not the user's. A reader that left (``kg ... | head``) is not one: the CLI ends
    quietly with 141 then."""


def cannot_write(path: object, exc: OSError) -> KGError:
    """The error for ``exc`` met writing the file or folder ``path``, naming it: a
    :class:`FormatError` where ``path`` is a folder or under a file (the user named the wrong
    thing), else an :class:`OutputError` (a full disk, ``ulimit -f``, no permission: exit 1, not
    the 2 of a usage error)."""
    wrong_kind = isinstance(exc, (IsADirectoryError, NotADirectoryError, FileExistsError))
    return (FormatError if wrong_kind else OutputError)(f"cannot write {str(path)!r}: {exc.strerror or exc}")


class InterruptedSaveError(KGError):
    """A model folder's save was interrupted between its two renames (the old folder moved
    aside, the new not yet in place) and the swap cannot be finished here."""


class UnknownNameError(StudentError, UsageError):
    """A relation or a rule id that a student (the link predictor, the generator, the rules)
    does not know: the user's mistake, exit code 2 as ``kg rules predict`` gave it (``kg predict``
    and ``kg generate`` gave 1); still a ``StudentError`` for code that catches those."""


class StudentSettingError(StudentError, ConfigError):
    """A student's setting out of its range (``kg train linkpred --dim 0``, ``kg mine rules
    --min-support -1``): the user's mistake, exit code 2; still a ``StudentError``."""


class CriticSettingError(CriticError, ConfigError):
    """A learned critic's training setting out of its range (``kg critic train --steps 0``):
    the user's mistake, exit code 2; still a ``CriticError``."""


@contextlib.contextmanager
def part_fault(error: type[KGError], part: str, after: str = "") -> Iterator[None]:
    """Name the part whose own code failed (a plugin's teacher, student, critic, ...): any
    exception but a ``KGError`` leaving the block becomes ``error("PART failed: Type: message"
    + after)``, chained to the original (``KG_DEBUG=1`` shows where), never "unexpected"."""
    try:
        yield
    except KGError:
        raise
    except Exception as exc:
        raise error(f"{part} failed: {type(exc).__name__}: {exc}"[:400] + after) from exc
