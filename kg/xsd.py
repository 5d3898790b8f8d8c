"""The XSD 1.1 lexical spaces of the date, time and duration datatypes, checked by pattern.

rdflib cannot judge these: it reads a date or a time through Python's ``datetime``, so it calls
valid XSD 1.1 values ill-typed (``"24:00:00"^^xsd:time``, the years ``0000`` and ``10000``), and
it does not read ``xsd:gYear`` and the other ``g*`` types at all (``"hello"^^xsd:gYear`` is not
ill-typed to it). The patterns are those of XSD 1.1 Part 2 (appendix D.3), with the day checked
against its month (``2021-02-29`` is no date; year ``0000`` is 1 BCE, a leap year).

:func:`quantity` reads a literal as a number to compare by value, for every check that does.
"""

from __future__ import annotations

import logging
import re
import warnings
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Iterator

from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["DECIMAL_TYPES", "INTEGER_TYPES", "lexically_valid", "number_value", "quantity", "rdflib_quiet"]

INTEGER_TYPES = frozenset(
    str(XSD[t]) for t in (
        "integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    )
)
"""The datatypes of a count, as IRIs' text."""
DECIMAL_TYPES = frozenset({str(XSD.decimal), str(XSD.float), str(XSD.double)})
"""The datatypes of a figure with decimals, as IRIs' text."""

_YEAR = r"(?P<year>-?(?:[1-9]\d{3,}|0\d{3}))"
_MONTH = r"(?P<month>0[1-9]|1[0-2])"
_DAY = r"(?P<day>0[1-9]|[12]\d|3[01])"
_TIME = r"(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?)"
_ZONE = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))"
_TIME_PART = r"T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?"

_PATTERNS: dict[str, re.Pattern[str]] = {
    str(XSD[name]): re.compile(pattern)
    for name, pattern in (
        ("date", rf"{_YEAR}-{_MONTH}-{_DAY}{_ZONE}?"),
        ("dateTime", rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}?"),
        ("dateTimeStamp", rf"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}"),
        ("time", rf"{_TIME}{_ZONE}?"),
        ("gYear", rf"{_YEAR}{_ZONE}?"),
        ("gYearMonth", rf"{_YEAR}-{_MONTH}{_ZONE}?"),
        ("gMonthDay", rf"--{_MONTH}-{_DAY}{_ZONE}?"),
        ("gMonth", rf"--{_MONTH}{_ZONE}?"),
        ("gDay", rf"---{_DAY}{_ZONE}?"),
        ("duration", rf"-?P(?=.)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:{_TIME_PART})?"),
        ("dayTimeDuration", rf"-?P(?=.)(?:\d+D)?(?:{_TIME_PART})?"),
        ("yearMonthDuration", r"-?P(?=\d)(?:\d+Y)?(?:\d+M)?"),
    )
}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _day_in_month(match: re.Match[str]) -> bool:
    """Whether the day ``match`` read (if any) is in its month: February 29 only in a leap year
    (without a year, as in ``xsd:gMonthDay``, February 29 is allowed)."""
    parts = match.groupdict()
    if parts.get("day") is None or parts.get("month") is None:
        return True
    day, month = int(parts["day"]), int(parts["month"])
    if month == 2 and day == 29 and parts.get("year") is not None:
        year = int(parts["year"])
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _DAYS_IN_MONTH[month - 1]


def lexically_valid(datatype: str, text: str) -> bool | None:
    """Whether ``text`` is a lexical form of ``datatype`` (an XSD date, time or duration type,
    leading and trailing whitespace aside); None for a datatype not checked here."""
    pattern = _PATTERNS.get(str(datatype))
    if pattern is None:
        return None
    match = pattern.fullmatch(text.strip(" \t\n\r"))
    return match is not None and _day_in_month(match)


def number_value(text: str) -> Decimal | None:
    """The value of a text that is a number and nothing else, in the lexical form of an XSD
    integer, decimal or double (``"66987244"``, ``"105.40"``, ``"6.7E7"``, whitespace aside);
    None for any other text and for ``INF`` and ``NaN``."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def quantity(literal: Literal) -> Decimal | None:
    """A literal's value as a number to compare by value and within a tolerance: a literal of
    a numeric datatype, and a plain literal that reads as a number (``"66987244"``: a reference
    graph converted from CSV); None for any other (a boolean, a year or a date is the same or
    another, never "within 10 %"; an ``xsd:string`` is text)."""
    if literal.datatype is not None and (
        not isinstance(literal.toPython(), (int, float, Decimal)) or isinstance(literal.toPython(), bool)
    ):
        return None
    return number_value(str(literal))


@contextmanager
def rdflib_quiet() -> Iterator[None]:
    """rdflib without its words on an ill-typed literal: it logs a traceback for each one
    ("Failed to convert Literal lexical form to value") and warns of a "weird boolean"; the
    literal is read, and judged, here."""
    rdflib_log = logging.getLogger("rdflib.term")
    level = rdflib_log.level
    rdflib_log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        rdflib_log.setLevel(level)
