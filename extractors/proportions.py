"""A proportion given as a ratio or a percentage for a relation that declares no unit: a disease's
prevalence "1 in 365 births" is 1/365, never 1; "~1:3,500 live births" 1/3,500; "0.02%" of a prevalence
whose examples are fractions (0.0004) 0.0002. A relation is a proportion by its name or synonyms
(prevalence, incidence, frequency, proportion, fraction, probability, penetrance; not a "rate", which
may be per 1,000, per year or per minute); a ratio of any other unitless relation is no figure of it, and
a ratio for each of two groups ("1 in 4,000 males and 1 in 8,000 females") several values.
A relation in % reads a ratio as :func:`extractors.figures.value_problem` says (refused)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext
from typing import TYPE_CHECKING, NamedTuple

from kg.xsd import DECIMAL_TYPES

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["Ratio", "as_fraction", "proportion_problem", "ratios"]

_PROPORTION_WORDS = frozenset({"prevalence", "incidence", "frequency", "proportion", "fraction", "probability", "penetrance"})
"""Words of a relation's name or synonyms that make its values a share of a whole (no "rate": a birth rate is per 1,000)."""
_WORD = re.compile(r"[A-Z]?[a-z]+")
_COUNT = r"\d{1,3}(?:,\d{3})+|\d+"
_RATIO = re.compile(rf"(?<![\d.,:])(?P<part>\d{{1,3}})\s*(?:in|out\s+of)\s+(?P<whole>{_COUNT})(?![\d.,]*\d)(?!\s*%)"
                    rf"|(?<![\d.,:])(?P<one>1)\s?:\s?(?P<of>\d{{1,3}},\d{{3}}(?:,\d{{3}})*|\d{{3,}})(?![\d.,:]*\d)", re.IGNORECASE)
"""So many in so many: "1 in 365", "3 out of 10", "1:3,500" (a colon's only after a 1 and before three digits or more: no
time of day, "1:30", no score)."""
_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s?(?:%|per\s?cent)", re.IGNORECASE)


def _is_proportion(relation: Relation) -> bool:
    """Whether ``relation`` is a unitless decimal whose name or synonyms name a proportion: "prevalence", "allele frequency"."""
    if relation.unit is not None or str(relation.datatype or "") not in DECIMAL_TYPES:
        return False
    return any(w.casefold() in _PROPORTION_WORDS for phrase in (relation.name, *relation.synonyms) for w in _WORD.findall(phrase))


def _fractions_given(relation: Relation) -> bool:
    """Whether ``relation``'s examples give its values, each a fraction of one (a prevalence's 0.0004), not a figure in %."""
    tails = [tail for _, tails in relation.examples for tail in tails]
    try:
        return bool(tails) and all(0 < Decimal(tail) < 1 for tail in tails)
    except InvalidOperation:
        return False


class Ratio(NamedTuple):
    """One ratio an answer writes: as written, its part and its whole, and where in the text its whole begins."""

    written: str
    part: Decimal
    whole: Decimal
    whole_at: int


def ratios(text: str) -> list[Ratio]:
    """The ratios ``text`` writes (:data:`_RATIO`), a part less than its whole and no year after "in".

    >>> [r.written for r in ratios("1 in 365 births; ~1:3,500; 42 in 2020; 3 out of 10; at 1:30")]
    ['1 in 365', '1:3,500', '3 out of 10']
    """
    found = (Ratio(m.group(0), Decimal(m.group("part") or m.group("one")), Decimal((m.group("whole") or m.group("of")).replace(",", "")),
                   m.start("whole") if m.group("whole") else m.start("of")) for m in _RATIO.finditer(text))
    return [r for r in found if 0 < r.part < r.whole and not _year_like(r.written, r.part, r.whole)]


def _year_like(written: str, part: Decimal, whole: Decimal) -> bool:
    """Whether a ratio's whole may be a year: "42 in 2020" is 42, dated; "1 in 2000" a ratio only of a 1."""
    return part != 1 and 1000 <= whole <= 2100 and "," not in written


def proportion_problem(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives no one figure of the unitless decimal ``relation`` as a ratio or a percentage, or None:
    ratios for several groups, a ratio of a relation that is no proportion, a percentage of a proportion whose
    examples give no fractions to read it by.

    >>> from rdflib import XSD, URIRef
    >>> from kg.ontology import Relation
    >>> prevalence = Relation("prevalence", URIRef("x:p"), "", "", datatype=XSD.decimal)
    >>> proportion_problem(prevalence, "1 in 4,000 males and 1 in 8,000 females")
    'several ratios, not one value'
    >>> proportion_problem(Relation("meanAge", URIRef("x:a"), "", "", datatype=XSD.decimal), "1 in 365")
    "a ratio ('1 in 365'), not a figure of meanAge"
    >>> proportion_problem(prevalence, "0.02%")
    'a figure in %, where prevalence declares no unit and its examples give no fractions to read it by'
    """
    if relation.unit is not None or str(relation.datatype or "") not in DECIMAL_TYPES:
        return None
    given = ratios(text)
    if len(given) > 1:  # "1 in 400 to 1 in 800": a range of ratios, left unread (extractors.ranges reads figures)
        joined = re.search(rf"{re.escape(given[0].written)}\s*(?:[-–—]|to)\s*{re.escape(given[1].written)}", text)
        return "a range of ratios, not one value" if joined else "several ratios, not one value"
    if given and not _is_proportion(relation):
        return f"a ratio ({given[0].written!r}), not a figure of {relation.name}"
    if not given and _is_proportion(relation) and _PERCENT.search(text) and not _fractions_given(relation):
        return f"a figure in %, where {relation.name} declares no unit and its examples give no fractions to read it by"
    return None


def as_fraction(relation: Relation, text: str) -> str:
    """``text`` with the one ratio or percentage it gives of the proportion ``relation`` written as a fraction of one
    (to six significant digits), or as it is.

    >>> from rdflib import XSD, URIRef
    >>> from kg.ontology import Relation
    >>> prevalence = Relation("prevalence", URIRef("x:p"), "", "", datatype=XSD.decimal, examples=(("x", ("0.0004",)),))
    >>> as_fraction(prevalence, "~1:3,500 live births")
    '0.000285714'
    >>> as_fraction(prevalence, "1 in 365 African-American births")
    '0.00273973'
    >>> as_fraction(prevalence, "0.02%")
    '0.0002'
    """
    if not _is_proportion(relation):
        return text
    given = ratios(text)
    if len(given) == 1:
        with localcontext() as context:
            context.prec = 6
            return format((given[0].part / given[0].whole).normalize(), "f")
    if not given and _fractions_given(relation) and len(percents := _PERCENT.findall(text)) == 1:
        return format((Decimal(percents[0]) / 100).normalize(), "f")
    return text
