"""Reading labels files: rows of ``subject, relation, object, label`` that a person marked
valid or invalid, for evaluating the gate (:func:`kg.critics.evaluation.load_labels`) and training the
learned critic (:func:`kg.critics.examples.read_labelled`)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Iterator

from kg.errors import FormatError
from kg.lines import sniff_delimiter

__all__ = ["label_flag", "labelled_rows"]

_TRUE = {"1", "true", "valid", "yes", "y", "accept", "accepted", "correct", "+"}
_FALSE = {"0", "false", "invalid", "no", "n", "reject", "rejected", "incorrect", "-"}
NO_OPINION = {"", "?", "unsure", "not sure", "unknown", "don't know", "dont know", "maybe", "skip", "skipped", "n/a", "na"}
"""Labels that say the reviewer has no opinion: the row is skipped, as a blank label is."""


def label_flag(value: object, where: str) -> bool | None:
    """A label as a person wrote it (``valid``, ``no``, ``1``, True...) as True or False; None
    for a no-opinion mark (blank, ``unsure``); a :class:`FormatError` naming ``where`` otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):  # JSON 0.0 / 1.0 as 0 / 1
        return bool(value)
    flag = str(value).strip().casefold()
    if flag in NO_OPINION:
        return None
    if flag not in _TRUE | _FALSE:
        raise FormatError(f"{where}: label {value!r} is neither valid nor invalid (nor a no-opinion mark such as 'unsure' or blank)")
    return flag in _TRUE


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, str, str, str, object]]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise FormatError(f"{path}:{lineno}: not a JSON object ({exc})") from None
        if not isinstance(row, dict):
            raise FormatError(f"{path}:{lineno}: not a JSON object")
        values = []
        for names in (("head", "subject"), ("relation", "predicate"), ("tail", "object"), ("label",)):
            value = next((row[n] for n in names if n in row), None)
            if value is None or isinstance(value, (dict, list)):
                raise FormatError(f"{path}:{lineno}: expected the key {' or '.join(names)}")
            values.append(value)
        s, r, o, label = values
        yield lineno, str(s), str(r), str(o), label


_COLUMNS = (("subject", "head"), ("relation", "predicate"), ("object", "tail"), ("label",))


def _header(row: list[str]) -> list[int] | None:
    """The positions of subject, relation, object and label in a header row that names them
    (other columns may come between and after: a review file's), else None."""
    names = [cell.strip().casefold() for cell in row]
    where = [next((names.index(n) for n in options if n in names), -1) for options in _COLUMNS]
    return where if min(where) >= 0 else None


_SEP_LINE = re.compile(r'^"?sep=(.)"?$', re.IGNORECASE)
"""Excel's first line naming the delimiter (``sep=;``), which it writes and reads back."""


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, str, str, str, object]]:
    """The rows of a CSV labels file, each with the physical line it starts on (a quoted cell may
    hold line breaks). The first row is a header when it names its columns (:func:`_header`),
    else a row of four cells like the others."""
    lines = [line.rstrip("\r\n") for line in io.StringIO(text, newline="")]  # as the reader counts them
    at = next((i for i, line in enumerate(lines) if line.strip()), 0)
    sep = _SEP_LINE.match(lines[at].strip()) if lines else None
    skip = at + 1 if sep else 0  # the sep= line is no row
    delimiter = sep.group(1) if sep else sniff_delimiter(lines[at] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: list[int] | None = None
    first = True
    ended = 0  # the line the previous row ended on
    for row in reader:
        lineno, ended = ended + 1, reader.line_num
        if lineno <= skip or not row or all(not cell.strip() for cell in row):
            continue
        if first and (columns := _header(row)) is not None:
            first = False
            continue  # a header naming its columns: read by name, other columns ignored
        if columns is not None:
            if len(row) <= max(columns):
                raise FormatError(f"{path}:{lineno}: expected {max(columns) + 1} columns as the header names, got {len(row)}")
            s, r, o, label = (row[i].strip() for i in columns)
            yield lineno, s, r, o, label  # a blank label: a review file's row nobody judged
            continue
        if len(row) != 4:
            below = _header_below(lines, lineno) if first else None
            if below is not None:
                raise FormatError(f"{path}:{below}: the header is not the file's first line (line {lineno}: "
                                  f"{delimiter.join(row)[:40]!r}): delete the lines above the header")
            raise FormatError(
                f"{path}:{lineno}: expected 4 columns subject,relation,object,label"
                f"{' separated by ' + repr(delimiter) if delimiter != ',' else ''}, got {len(row)}"
            )
        s, r, o, label = (cell.strip() for cell in row)
        if first and label.casefold() not in _TRUE | _FALSE | NO_OPINION:
            raise FormatError(f"{path}:{lineno}: label {label!r} is neither valid nor invalid; a header row names its columns "
                              f"subject (or head), relation, object (or tail) and label")
        first = False
        yield lineno, s, r, o, label


def _header_below(lines: list[str], lineno: int) -> int | None:
    """The line of a header (:func:`_header`) among the lines after ``lineno``: a title or a
    note typed above it."""
    for i in range(lineno, min(len(lines), lineno + 20)):
        line = lines[i]
        if line.strip() and _header(next(csv.reader([line], delimiter=sniff_delimiter(line)), [])) is not None:
            return i + 1
    return None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's CSV injection list)."""


def spreadsheet_safe(text: str) -> str:
    """``text`` for a CSV a person opens in a spreadsheet: one starting like a formula gets a
    ``'`` in front, so teacher text such as ``=HYPERLINK("http://…","see")`` shows as text
    instead of running; :func:`labelled_rows` takes the ``'`` off again."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _from_spreadsheet(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _text(path: Path) -> str:
    """A labels file's text: UTF-16 by its byte-order mark (Excel's "Unicode Text"), UTF-8 (a
    byte-order mark dropped), else Windows-1252, which Excel on Windows writes when a sheet is
    saved as plain "CSV"."""
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a zip (xlsx, ods) or an OLE file (xls)
        raise FormatError(f"{path} is a spreadsheet workbook, not a CSV file: save it as CSV UTF-8 (File > Save As) and give that")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FormatError(f"{path}: not UTF-16 text after its byte-order mark (byte {exc.start}); save it as CSV UTF-8") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise FormatError(
                f"{path}: neither UTF-8 nor Windows-1252 text (byte {exc.start}); save it as CSV UTF-8"
            ) from None


def labelled_rows(path: str | Path) -> Iterator[tuple[int, str, str, str, bool]]:
    """``(line, subject, relation, object, label)`` of a labels file (see :func:`load_labels`),
    as written: the one reader of labels files (the critic's training reads them too). Rows
    without an opinion (a blank label, ``unsure``, ``?``: :data:`NO_OPINION`) are skipped."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no labels file at {str(path)!r}")
    text = _text(path)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    jsonl = path.suffix.lower() in (".jsonl", ".ndjson") or first.lstrip().startswith("{")
    for lineno, s, r, o, label in (_json_rows if jsonl else _csv_rows)(path, text):
        if not jsonl:  # a review file's cells, guarded against spreadsheets (spreadsheet_safe)
            s, o = _from_spreadsheet(s), _from_spreadsheet(o)
        flag = label_flag(label, f"{path}:{lineno}")
        if flag is not None:
            yield lineno, s, r, o, flag
