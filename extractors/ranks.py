"""Teacher text as a rank: a chart's peak, a place in a ranking (``peakChartPosition``).

A rank is written as one (``#1``, ``No. 1``, ``number one``, ``1st``), beside other numbers
that are not it: "It was number one for 8 weeks." is the rank 1, never 8; "Top 10" bounds a
rank and gives none. A relation is read so when it takes whole numbers and its name or one of
its labels says position, rank or a chart's peak (:func:`is_rank`); a population, a count or a
year is read as a figure (:func:`extractors.figures.parse_number`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.languages import ENGLISH_NUMBER_WORDS

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["is_rank", "rank_text", "rank_problem"]

_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_RANK_WORDS = {"position", "positions", "rank", "ranking", "ranked", "placing"}
_COUNT_WORDS = {"number", "count", "weeks", "days", "total", "num"}
"""A count of positions (``numberOfPositions``, ``weeksAtPeak``) is no rank."""
_NUMBERS = ENGLISH_NUMBER_WORDS[1:21]
"""``one`` to ``twenty``, each at its value's index less one: ``number one``, ``the top twenty``."""
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_NOT_RANKED = r"(?!\s+(?:weeks?|days?|months?|years?|times?|album|single|song|record|release)\b)"
_MARKED = re.compile(
    rf"#\s*(\d+)\b|\bno\.?\s*(\d+)\b|\bnumber\s+(\d+|{'|'.join(_NUMBERS)})\b"
    rf"|(?<![\w.])(\d+)(?:st|nd|rd|th)\b{_NOT_RANKED}|\b({'|'.join(_ORDINALS)})\b{_NOT_RANKED}",
    re.IGNORECASE,
)
"""A number written as a rank: ``#1``, ``No. 1``, ``number one``, ``1st``, ``first``; not "in
its first week", "their 3rd album"."""
_BOUND = re.compile(rf"\btop[\s-]*(?:\d+|{'|'.join(_NUMBERS)}|forty|fifty|hundred)\b", re.IGNORECASE)
"""``Top 10``, ``the top forty``: a bound on a rank, not a rank."""
_PERIOD = re.compile(r"\d+\s*(?:consecutive\s+|non-consecutive\s+)?(?:weeks?|days?|months?|years?|times?)\b", re.IGNORECASE)


def is_rank(relation: Relation) -> bool:
    """Whether the values of ``relation`` (one of whole numbers) are ranks: its name or a label
    has a word of rank (``peakChartPosition``, ``worldRanking``, "chart peak"), none of a count."""
    for phrase in (relation.name, *relation.synonyms):
        words = {w.casefold() for w in _WORDS.findall(phrase)}
        if words & _COUNT_WORDS:
            return False
        if words & _RANK_WORDS or {"peak", "chart"} <= words:
            return True
    return False


def rank_text(text: str) -> str:
    """The text of the rank ``text`` gives, for :func:`extractors.figures.parse_number`: the
    first number written as a rank (``#1``, ``No. 1``, ``number one``, ``1st``: ``"1"``), else
    ``text`` without its counts of weeks or times ("1 (UK Albums Chart)", "8 weeks": none)."""
    marked = _MARKED.search(text)
    if marked is None:
        return _PERIOD.sub(" ", text)
    written = next(g for g in marked.groups() if g is not None).casefold()
    for words in (_NUMBERS, _ORDINALS):
        if written in words:
            return str(words.index(written) + 1)
    return written


def rank_problem(text: str) -> str | None:
    """Why ``text`` gives no rank, or None: a bound ("Top 10") where no rank is written."""
    return "a bound, not a value" if _MARKED.search(text) is None and _BOUND.search(text) else None
