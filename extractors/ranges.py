"""A range of figures given as one value of a numeric relation: "25–30 cm", "3.5 to 4",
"between 7,000 and 10,000", "approximately 1,000–1,100 °C", "−1.8 to 30 °C".

Wikidata gives such a quantity as an amount with a lower and an upper bound; so does kg: the
middle of the range is the fact's value, its ends the fact's bounds (``kg:lowerBound`` and
``kg:upperBound`` on its support, :class:`kg.records.Candidate`'s ``bounds``), and the range as
written its note. The checks compare the range, not its middle, with another figure
(:func:`kg.ontology.toward`, :func:`kg.ontology.nearest_points`). What the range spans may
follow it ("160–200 kcal, depending on the variety"). A range the reader cannot take apart
into two figures of the relation stays unreadable, as before: alternatives ("1991 or 1992"),
words ("two or three"), a ratio ("1 in 2,000 to 1 in 4,000"), a range with more said ("42–62
in summer"), a year's or a date's ("1942–1943": a period, no year), a count whose middle is no
whole number ("3–14 days" of days counted in whole numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import XSD, Literal

from extractors.figures import RANGE_PROBLEM, ambiguous_grouping, number_literal, value_literal, value_problem
from extractors.text import clean, clean_text
from kg.languages import ENGLISH, Language
from kg.units import unit_in
from kg.xsd import DECIMAL_TYPES, INTEGER_TYPES, quantity

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["Range", "read_range", "read_value"]

_HEDGE = r"(?:(?:c|ca|approx)\.|circa|about|approximately|around|roughly|estimated|typically|usually|generally|[~≈])"
_FIGURE = r"[-+\u2212]?\d(?:[\d\u202f\u00a0]|[.,'’](?=\d))*"
_MONEY = r"(?:(?:US|A|C|HK|NZ|NT|R|S)?\$|[€£¥₹])"
_PLAIN_RANGE = re.compile(
    rf"^\s*(?:{_HEDGE}\s*)?(?:(?P<between>between)\s+|from\s+)?"
    rf"(?P<low_money>{_MONEY}\s?)?(?P<low>{_FIGURE})(?P<low_unit>\s*(?:%|[^\W\d_][^\d\-–—,;:()]{{0,15}}?))?\s*"
    rf"(?(between)and|(?:[-–—]|to))\s*"
    rf"(?P<money>{_MONEY}\s?)?(?P<high>{_FIGURE})(?P<unit>\s*[^\d\-–—,;:()]{{0,20}}?)\s*$",
    re.IGNORECASE,
)
"""Two figures joined as one value, with nothing else said: a hedge before them ("about",
"approximately", "estimated"), "between ... and" or "from ... to", each figure's unit after it
or one unit after the second ("25–30 cm", "25 hp to 50 hp", "12 hours to 5 days", "5.25%–5.50%"),
each figure's currency before it or one before the first ("$13,000–$14,000", "between $13,000 and
$14,000", "$13,000–14,000")."""


_DEPENDING = re.compile(r",?\s+(?:depending\s+on|varying\s+with|according\s+to)\s+[^\d;]*$", re.IGNORECASE)
"""What a range spans, said after it: "160–200 kcal, depending on the variety", "2–10 °C depending on season" (kept
in the note, as written)."""


_CONTEXT = re.compile(
    r"\s+(?:(?:per|a|each|every)\s+(?:growing\s+)?(?:season|year|annum|month|week|day|crop|cycle)|during\s+[^\d;]+|from\s+[^\d;]+?\s+to\s+[^\d;]+?)\s*$",
    re.IGNORECASE)
"""What a range's figures are of, said after it: a period ("500–800 mm per season", "1500–2500 mm per year"), a time
("18–24 °C during the growing season"), a stretch ("150–180 days from bloom to harvest"); each end is read with it,
as one figure is ("650 mm per season")."""


_SCALE_NAME = re.compile(r"^\s*(?:(?:moment\s+)?magnitude|Mw?|(?P<other>Ms|ML|mb))\s*(?:[:=]\s*)?(?=[\d~≈]|about|approx)")
"""A magnitude scale's name before the figures of a magnitude: "Mw 9.0–9.1", "M9.0–9.1", "magnitude 9.0–9.1"; ``other``
a scale other than the moment magnitude ("Ms 7.8–8.0", the surface-wave magnitude)."""


_CONDITION = re.compile(
    r"\b(?:in|at|on|for|of|per|during|among|with|without|from|by|the|a|an|when|after|before|under|over|until|except|if|each|and|or|plus)\b",
    re.IGNORECASE)
"""A word of what follows a range's second figure that makes it a condition or another quantity, no unit: "42–62 in
summer", "30–60% among severe cases", "350–700 kg of males"."""


@dataclass(frozen=True, slots=True)
class Range:
    """A range read as one value: its ``middle`` (the fact's value), its ``lower`` and ``upper``
    ends (literals of the relation's datatype, in its unit), and the ``note`` a fact keeps of it
    ("range: 25–30 cm")."""

    middle: Literal
    lower: Literal
    upper: Literal
    note: str


def read_range(relation: Relation, text: str, language: Language = ENGLISH) -> Range | None:
    """The range ``text`` gives as the value of the numeric ``relation``, or None where it gives
    none the reader takes apart (see the module's docstring).

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> from kg.units import unit_named
    >>> height = Relation("height", URIRef("x:h"), "", "", datatype=XSD.decimal, object_is_literal=True, unit=unit_named("m"))
    >>> found = read_range(height, "25–30 cm")
    >>> str(found.middle), str(found.lower), str(found.upper), found.note
    ('0.275', '0.25', '0.3', 'range: 25–30 cm')
    >>> read_range(height, "1991 or 1992"), read_range(height, "42–62 in summer"), read_range(height, "747-8")
    (None, None, None)
    """
    datatype = str(relation.datatype or "")
    if datatype not in INTEGER_TYPES | DECIMAL_TYPES or "year" in relation.name.casefold():
        return None
    plain, context = _context_cut(_DEPENDING.sub("", _unscaled(relation, text)))
    found = _PLAIN_RANGE.match(plain)
    if found is None or value_problem(relation, plain) != RANGE_PROBLEM:  # "747-8": a name's hyphen, no range
        return None
    unit = found.group("unit") or ""
    if _said_more(unit) or _said_more(found.group("low_unit") or ""):
        return None  # "42–62 in summer": a condition, no unit
    money = found.group("low_money") or ""
    ends = (money + found.group("low") + (found.group("low_unit") or unit), (found.group("money") or money) + found.group("high") + unit)
    read = [_end(relation, end + context, language) for end in ends]  # "800 mm per season" as one figure reads
    values = sorted(((v, x) for x in read if x is not None and (v := quantity(x)) is not None), key=lambda t: t[0])
    if len(values) != 2 or values[0][0] == values[1][0]:
        return None
    (low, lower), (high, upper) = values
    middle = number_literal(datatype, (low + high) / Decimal(2))
    if middle is None:
        return None  # "3–14 days" of a count: no whole middle
    return Range(middle, lower, upper, f"range: {' '.join(text.split())}")


def _said_more(unit: str) -> bool:
    """Whether the words after a range's figure say more than its unit: more than two words, or a word of a condition
    (:data:`_CONDITION`: "in summer", "of males"), a unit of :data:`kg.units.UNITS` written with "per" counted as one
    word ("tonnes per hectare").

    >>> _said_more(" in summer"), _said_more(" tonnes per hectare"), _said_more(" cm"), _said_more(" cm long tail")
    (True, False, False, True)
    """
    given = unit_in(unit)
    bare = given.written.sub(" unit ", unit, count=1) if given is not None else unit
    return len(bare.split()) > 2 or _CONDITION.search(bare) is not None


def _context_cut(text: str) -> tuple[str, str]:
    """(``text`` less what its range is of, said after it (:data:`_CONTEXT`), that context): "500–800 mm per season" is
    ("500–800 mm", " per season"); "42–62 in summer" and "25–30 cm" are as written, with no context.

    >>> _context_cut("500–800 mm per season"), _context_cut("42–62 in summer")
    (('500–800 mm', ' per season'), ('42–62 in summer', ''))
    """
    context = _CONTEXT.search(text)
    return (text[: context.start()], context.group(0)) if context is not None else (text, "")


_SYMBOL = re.compile(r"^\s*([^\W\d_]{1,3})\s*[:=]?\s*(?=\d)")
"""A quantity's symbol before the figures of a range: "pH 5.5–6.5"."""


def _unscaled(relation: Relation, text: str) -> str:
    """``text`` less the symbol of ``relation``'s quantity before it, as its label writes it (:data:`_SYMBOL`: "pH 5.5–6.5"
    of an "optimal soil pH"), or less the magnitude scale's name before it (:data:`_SCALE_NAME`: "Mw 9.0–9.1"), where ``relation`` is a
    magnitude of that scale (its name or synonyms say so: a moment magnitude's is "Mw", "M" or "magnitude"); else ``text``
    (an "M" before the figures of a mass is no scale)."""
    if (symbol := _SYMBOL.match(text)) is not None and symbol.group(1) in {w for p in relation.synonyms for w in p.split() if not w.islower()}:
        return text[symbol.end():]  # "pH 5.5–6.5" of an "optimal soil pH"
    names = " ".join((relation.name, *relation.synonyms)).casefold()
    named = _SCALE_NAME.match(text)
    if named is None or "magnitude" not in names or named.group("other") and ("moment" in names or "mw" in names):
        return text  # "Ms 7.8–8.0" of a moment magnitude: another scale's figures
    return text[named.end():]


def _end(relation: Relation, text: str, language: Language) -> Literal | None:
    """One end of a range as the relation's value, or None where it reads as none by itself."""
    return None if value_problem(relation, text) is not None else value_literal(relation, text.strip(), language)


def read_value(relation: Relation, text: str, language: Language = ENGLISH) -> Literal | None:
    """A data property's value as a run reads the teacher's or a file's ``text`` (``kg
    ingest``, ``kg validate FILE``): :func:`value_literal` of the text cleaned as an answer is,
    or None where a run reads none and quarantines the span (:func:`value_problem`: a range
    it cannot take apart, a decade, another unit; or text not of the datatype); of a range, its
    middle. ``kg why`` and the Python API's
    ``why`` and ``validate`` read a value given as text through it."""
    text_value = relation.datatype is None or str(relation.datatype) == str(XSD.string)
    cleaned = clean_text(text, ",;:") if text_value else clean(text)
    if ambiguous_grouping(relation, cleaned, language) is not None:
        return None
    if (problem := value_problem(relation, cleaned)) is not None:
        ranged = read_range(relation, cleaned, language) if problem == RANGE_PROBLEM else None
        return ranged.middle if ranged is not None else None  # "25–30 cm": the middle a run stores
    return value_literal(relation, cleaned, language)
