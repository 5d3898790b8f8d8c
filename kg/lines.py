"""Reading input files a line at a time in bounded memory.

A line-oriented input (JSON Lines, TSV, N-Triples) is read without ever holding more than
:data:`MAX_LINE` bytes of it: a longer line (a file with no newlines, a sparse file of NULs) is
skipped in chunks and reported with its first bytes, so the reader can quarantine it. A whole
document (JSON, Turtle) is read at once only up to :data:`MAX_DOCUMENT` bytes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import BinaryIO, Iterator

__all__ = ["Line", "read_lines", "sniff_delimiter", "MAX_LINE", "MAX_DOCUMENT"]

MAX_LINE = 16 * 2**20
"""Longest line (bytes) read; a longer one is skipped and quarantined."""
MAX_DOCUMENT = 64 * 2**20
"""Largest JSON or Turtle document (bytes) read as one piece."""
_HEAD = 2000
_CHUNK = 2**20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Line:
    """One line: its number and bytes (``raw``, with the newline), or, for a line longer than
    the limit, ``raw`` None and its first bytes in ``head``."""

    number: int
    raw: bytes | None
    head: bytes = b""

    def too_long(self, limit: int = MAX_LINE) -> str:
        return f"line {self.number}: longer than {limit // 2**20} MiB, skipped"


def read_lines(fh: BinaryIO, limit: int = MAX_LINE) -> Iterator[Line]:
    """The lines of a binary file, each at most ``limit`` bytes in memory. A UTF-8 byte-order
    mark at the start (Excel's "CSV UTF-8", Windows editors) is no part of the first line."""
    number = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        number += 1
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield Line(number, raw)
            continue
        head = raw[:_HEAD]
        del raw
        while True:  # the rest of the line, a chunk at a time, not kept
            chunk = fh.readline(_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield Line(number, None, head)


def sniff_delimiter(first: str) -> str:
    """The delimiter of a CSV whose first line is ``first``: a tab where the line has one, else
    a comma or a semicolon (as Excel writes CSV where the decimal mark is a comma), whichever
    splits the line into more cells."""
    if "\t" in first:
        return "\t"
    cells = {d: len(next(csv.reader([first], delimiter=d), [])) for d in ",;"}
    return ";" if cells[";"] > cells[","] else ","
