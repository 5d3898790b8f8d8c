"""Teacher text as the value of a data property: numbers as people write them, and typed literals.

- :func:`parse_number`: ``"2,102,650"``, ``"about 2.1 million"``, ``"1.512.491"`` (German),
  ``"376万"``, ``"6.8e7"``; a year that dates the figure passed over.
- :func:`figure`: the number of a numeric answer, or None for a range or a decade.
- :func:`number_text`, :class:`NumberText`: a JSON number as written, read so in every language.
- :func:`value_literal`: the literal of a relation's datatype (a figure in another unit of the
  relation's measure converted, :mod:`kg.units`), as a run reads it (of text a user gives, a range
  too: :func:`extractors.ranges.read_value`);
  :func:`value_problem`: why text is not one value of the relation; :func:`century_year`: a
  century with its year beside it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation, localcontext
from typing import TYPE_CHECKING

from rdflib import RDF, XSD, Literal, URIRef

from extractors.datatypes import SPLIT_YEAR_PROBLEM, before_christ, figure_before_christ, lexical_form, split_year, without_event_years
from extractors.elements import element_symbol
from extractors.hardness import other_scale, own_scale_part
from extractors.proportions import as_fraction, proportion_problem, ratios
from extractors.ranks import is_rank, rank_problem, rank_text
from extractors.regions import COUNTRIES, STATES, TERRITORIES
from extractors.text import powers_of_ten
from kg.iri import fold_accents
from kg.languages import ENGLISH, ENGLISH_MONTH_ABBREVIATIONS, ENGLISH_NUMBER_WORDS, LANGUAGES, Language
from kg.xsd import DECIMAL_TYPES, INTEGER_TYPES
from kg.units import UNITS, UNSCALED, Unit, convert, one_figure, read_as, unit_in, unit_named

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = [
    "parse_number", "figure", "value_literal", "value_problem", "number_text", "NumberText", "century_year", "in_own_currency",
    "own_unit_gloss", "per_100_gloss", "sentence_figure", "word_proportion", "other_percent", "other_condition", "label_before_value", "labelled_line", "other_event", "disputed_figure", "disputed_part", "wider_figure",
    "none_counted", "yearly_count", "unvouched_figure", "ambiguous_grouping", "number_literal", "RANGE_PROBLEM", "other_period", "versioned_parts", "current_part", "approximation", "flourished", "symbol_gloss",
]

_NUMBER = re.compile(r"(?<![A-Za-z\d])(?:[-+\u2212]|(?<!\S)\u2013)?\d(?:[\d\u202f\u00a0 ]|[.,'’](?=\d))*")
"""Digits with the separators people group them by (``,`` ``.`` spaces, ``'`` in Switzerland)
and a decimal separator (``.`` or ``,``), each followed by a digit; not the digit of a word
(the unit ``km2``, ``m2``, the ``CO2`` of a name), nor the end of one (flight level ``FL500`` is
no 0). A sign before them: ``-``, ``+``, the minus sign ``−`` (U+2212, ``logP ≈ −1.19``) and an en dash set as one (``–0.5``, at the start or
after a space; between numbers it is a range)."""
_SCALE = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
    "trillion": 10**12, "trillions": 10**12,
    "k": 10**3, "m": 10**6, "b": 10**9, "bn": 10**9, "mln": 10**6, "mn": 10**6, "bln": 10**9, "tn": 10**12, "trn": 10**12,
    # the same words in the languages of kg.languages (a language's own: Language.scales)
    "tausend": 10**3, "tsd": 10**3, "mio": 10**6, "millionen": 10**6, "mrd": 10**9, "milliarde": 10**9,
    "milliarden": 10**9, "mille": 10**3, "milliard": 10**9, "milliards": 10**9, "millón": 10**6, "millones": 10**6,
    "milione": 10**6, "milioni": 10**6, "miliardo": 10**9, "miliardi": 10**9, "miljoen": 10**6, "miljard": 10**9,
    "milhão": 10**6, "milhões": 10**6, "bilhão": 10**9, "bilhões": 10**9,
    # South Asia's, in English too: "140 crore" (1.4 billion), "1.8 lakh", "296 lakh crore" (10^12; a lakh of crores)
    "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7,
}
_CJK_SCALE = re.compile(r"(\d+(?:\.\d+)?)(千万|千萬|万亿|萬億|億|亿|万|萬)")
"""A number with a Chinese or Japanese scale character after it, no space between: ``376万``
(3,760,000), ``1億2千万`` (120,000,000: each part read and added), ``4.2万亿`` (4.2 × 10^12)."""
_CJK_UNIT = {"千万": 10**7, "千萬": 10**7, "万亿": 10**12, "萬億": 10**12, "億": 10**8, "亿": 10**8, "万": 10**4, "萬": 10**4}
_OTHER_SCALES = frozenset({word for lang in LANGUAGES.values() for word, _ in lang.scales} - set(_SCALE) - {"mil"})
"""Scale words of one language only ("Billionen", 10^12 in German; "billón", "billones", "bilione"), which a
number in another is not read with: no bare 4.2 of "4,2 Billionen US-Dollar" in an English domain ("mil" alone is
also a thousandth of an inch: :func:`_unread_scale`)."""
_SCALE_WORDS = "|".join(sorted((re.escape(w) for w in _SCALE), key=len, reverse=True))
_RANGE_END = re.compile(rf"^(?:and|to|or|bis|und|-|–|—)\s*[\d.,]+\s*({_SCALE_WORDS})\b")
_MONEY_SIGN = r"(?:[A-Z]{0,3}[$€£¥₹]\s?)"
"""A currency's sign before a figure: "$", "US$", "€"."""
_RANGE = re.compile(
    r"\d\s*(?:[%‰€£¥₹]\s*)?(?:[-–—]|\b(?:to|or|and|bis|und|oder)\b)\s*(?:(?:over|more\s+than|about|around|approximately|nearly|almost|under|less\s+than)\s+)?"
    rf"{_MONEY_SIGN}?\d",
    re.IGNORECASE)
"""Two numbers as one value: "75 to 325 mg", "200-400 mg", "1991 or 1992", "from 1 to over 3,000"; each figure with its
sign, a percentage's or a currency's ("5.25%–5.50%", "$13,000–$14,000", "between $13,000 and $14,000")."""
_CROSS_UNIT_RANGE = re.compile(r"\d\s*([^\W\d_]{1,8})\.?\s*(?:[-–—]|\bto\b)\s*\d", re.IGNORECASE)
"""Two figures as one value, each in a unit of its own: "12 hours to 5 days" (its first unit :func:`kg.units.unit_named` knows)."""
_VAGUE = re.compile(
    r"\W*(?:(?:a\s+)?few\s+|several\s+)?(?:seconds|minutes|hours|days|weeks|months|years|decades)\s+(?:to|or)\s+"
    r"(?:(?:a\s+)?few\s+|several\s+|many\s+)?(?:minutes|hours|days|weeks|months|years|decades|a\s+lifetime)\b", re.IGNORECASE)
"""A time given in units with no figure, no value: "Weeks to years; most ... within 2 years" (the figure after it a bound)."""
_UNIT_RANGE = re.compile(rf"\d\s*([^\W\d_]{{1,5}})\.?\s*(?:[-–—]|\bto\b)\s*{_MONEY_SIGN}?\d[\d.,]*\s*\1(?!\w)", re.IGNORECASE)
"""Two figures in one unit as one value, the unit after each: "25 hp to 50 hp", "$13bn–$14bn"."""
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?(?![\d-])")
"""An ISO date, "1996-12-17" or "2001-05": its hyphens part no range, for a year."""
_YEAR_RANGE = re.compile(
    r"\d(?:\s*(?:BCE?|AD|CE))?\s*(?:[-–—]|\b(?:to|until|till|through)\b)\s*(?:(?:AD|CE)\s*)?\d|\d{4}\s*/\s*\d{2}(?:\d{2})?\b"
)
"""Two years as one: "1643 until 1715", "27 BC to AD 14", "1450/51"."""
_DAY_RANGE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s*(?:[-–—]|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,}"
    r"|\b[A-Za-z]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:[-–—]|to|and)\s*\d{1,2}\b(?!:)"
)
"""Days as one date: "18–19 June 1815", "between 1 and 3 July 1863", "July 1–3, 1863"."""
_DECADE = re.compile(r"\d0'?s\b")
"""A decade: "the early 1990s", "the 80's"."""
_SPAN_OF_YEARS = re.compile(
    r"(?:\b(?i:from|between)\s+|\(\s*)(?:1[89]|20)\d{2}\s*(?:[-–—]|\b(?:to|until|till|through|and)\b)\s*(?:1[89]|20)\d{2}\b\s*\)?"
    r"(?!\s*(?!(?:on|in|at|and|with|for)\b)[A-Za-z])"
)
"""The years a figure held in, beside it: "11 seasons, from 1972 to 1983", "256 episodes
(1972–1983)"; not years that are the figure's own range ("between 1900 and 2000 employees")."""
_UNITS = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "g": "g", "gram": "g", "grams": "g", "kg": "kg",
    "kilogram": "kg", "kilograms": "kg", "mcg": "µg", "µg": "µg", "ug": "µg", "microgram": "µg", "micrograms": "µg",
    "ml": "ml", "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml",
}
"""Units of mass and volume a relation may name ("dosageMg", "dosage in mg") and a value be given in."""
_UNIT_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|µg")
_CURRENCIES = (  # the first of several at one place: "HK$" before "$", "Canadian dollars" before "dollars"
    ("CAD", r"C\$|CA\$|CAD|Canadian\s+dollars?"), ("AUD", r"A\$|AU\$|AUD|Australian\s+dollars?"),
    ("HKD", r"HK\$|HKD|Hong\s+Kong\s+dollars?"), ("NZD", r"NZ\$|NZD|New\s+Zealand\s+dollars?"), ("BRL", r"R\$|BRL|reais"),
    ("TWD", r"NT\$|TWD|(?:New\s+)?Taiwan(?:ese)?\s+dollars?"), ("SGD", r"S\$|SGD|Singapore\s+dollars?"),
    ("MXN", r"Mex\$|MXN|Mexican\s+pesos?"),
    ("USD", r"US\$|U\.S\.\s?\$|USD|(?:US|U\.S\.|American)\s+dollars?|\$|dollars?"), ("EUR", r"€|EUR|euros?"),
    ("GBP", r"£|GBP|pounds?\s+sterling|pounds?"), ("CNY", r"CN¥|CNY|RMB|yuan|renminbi|元"), ("JPY", r"JP¥|¥|JPY|yen|円"),
    ("INR", r"₹|INR|(?-i:Rs)\.?|rupees?"), ("KRW", r"₩|KRW"), ("CHF", r"CHF|Swiss\s+francs?"), ("RUB", r"₽|RUB|roubles?|rubles?"),
    ("MYR", r"(?-i:MYR|RM)|ringgit"), ("TRY", r"₺|(?-i:TRY)|(?:Turkish\s+)?liras?"), ("PLN", r"zł|(?-i:PLN)|zlot(?:y|ys|ych)"),
    ("other", r"[₱฿₫₪₦₴₸₡₲₵₭₮]|(?-i:Rp|kr)\.?|(?-i:" + "|".join((  # another ISO 4217 code, before or after a figure
        "AED", "SAR", "QAR", "KWD", "BHD", "OMR", "JOD", "ILS", "EGP", "IDR", "PHP", "THB", "VND", "PKR", "BDT", "LKR", "NPR", "ARS", "CLP",
        "COP", "PEN", "ZAR", "NGN", "KES", "SEK", "NOK", "DKK", "ISK", "CZK", "HUF", "RON", "BGN", "UAH", "KZT", "MAD", "XAF", "XOF"))
     + r")|dirhams?|riyals?|rials?|dinars?|rupiah|baht|pesos?|rand|shekels?|naira|forints?|kronor|kroner|kron[ae]"),
)
_CURRENCY = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(f"(?P<{code}>{written})" for code, written in _CURRENCIES) + r")(?![A-Za-z])", re.IGNORECASE
)
"""A currency, as a symbol, a code or in words: "¥30.4 billion", "US$274 million", "1.2 billion euros"."""


_POWER = re.compile(r"(?:[eE]|\s*[x×·*]\s*10\s*\^\s*)([+\-\u2212]?\d{1,3})(?!\d)")
"""A power of ten after a number: ``6.8e7``, ``5.5 × 10^5``, ``1.977 × 10^−3`` (a minus sign);
``10⁻³`` in superscripts and LaTeX's ``10^{-3}`` are read as ``10^-3`` (:func:`_plain`)."""
_LATEX_MATH = re.compile(r"\$+([^$]*)\$+|\\[()\[\]]")
"""LaTeX's math delimiters: ``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]`` (a lone ``$`` is a dollar)."""
_LATEX_TIMES = re.compile(r"\\(?:times|cdot)(?![A-Za-z])")
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|mbox)\s*\{([^{}]*)\}")
_LATEX_SPACE = re.compile(r"\\[A-Za-z]+|\\[,;: !]")
"""A command left (``\\approx``, ``\\sim``) and LaTeX's spaces (``\\,`` between digit groups)."""
_RANK_MARK = re.compile(r"(?:#|\bNo\.)\s*$")
"""A rank's mark before a number: "ranked #20 with 68 million" gives the figure 68 million, not 20."""
_MINUS_WORD = re.compile(r"\b(?:minus|negative)\s+$", re.IGNORECASE)
"""A sign in words before a figure: "minus 78.5 °C"."""
_BELOW_ZERO = re.compile(r"[^\d;,()\[\]]{0,24}?\bbelow\s+(?:(?:mean\s+)?sea[\s-]level|zero)\b", re.IGNORECASE)
"""A figure's sign in words after it: "59 m below sea level", "194 ft below mean sea level", "40 below zero"."""
_KELVIN = re.compile(r"\s*(?<=\s)K(?![^\W_])")
"""An upper-case K set apart from its figure: a kelvin (``273.15 K``), not a thousand (``68K``, ``68k``)."""
_ABBREVIATED = {"k", "m", "b", "bn", "mln", "mn", "bln", "tn", "trn"}
"""The scales written as letters, not words."""
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₹]|\b(?:USD|EUR|GBP))\s*$")
"""A currency's symbol or code right before a figure: a ``T`` after it is a trillion ("$1.5T"), no tonnes."""
_DATED = re.compile(r"(?:\b(?:as of|in|since|by|from|until|circa|year|census|estimated?)\s+|\()$", re.IGNORECASE)


_NUMBER_WORDS = "|".join(sorted((w.replace("-", "[-‐‑ ]") for w in ENGLISH_NUMBER_WORDS), key=len, reverse=True))
_NUMBER_WORD = re.compile(
    rf"\s*({_NUMBER_WORDS})(?:\s+(?!(?:{_NUMBER_WORDS}|or|to|and|of|hundred|dozen|{_SCALE_WORDS})\b)[^\W\d]+){{0,2}}"
    r"\.?\s*(?:\([^()]*\))?\s*$",
    re.IGNORECASE)
"""A whole answer that is a number in words, perhaps with what it counts and a gloss in brackets:
"Three", "Three astronauts", "Two (pilot and first officer)", "Ninety-five"; not "two or three", nor a word in a
sentence ("one of the largest"), nor a number with its scale ("twelve thousand": no 12)."""
_WORD_RANGE = re.compile(rf"\b(?:{_NUMBER_WORDS})\s+(?:or|to)\s+(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
"""Two numbers in words as one value: "two or three", "three to four"."""


_BOUND_BEFORE = re.compile(
    r"(?<![\w-])(?:over|more\s+than|at\s+least|in\s+excess\s+of|upwards\s+of|fewer\s+than|less\s+than|under|up\s+to|[<>≤≥])\s*"
    rf"(?:(?:{'|'.join(written for _, written in _CURRENCIES)})\s*)?$",  # "more than $250 million" as "more than 250 million"
    re.IGNORECASE)
_BOUND_AFTER = re.compile(
    rf"(?:\s*(?:{_SCALE_WORDS})\b\.?)?\s*\+(?!\s*\d)|\s*(?:\w+\s+)?(?:or\s+more|or\s+fewer|or\s+less|plus\b(?!\s*\d))", re.IGNORECASE)
"""A figure given as a bound, not as the value: "over 1,600", "more than 30", "at least 12",
"under 500", "1,600+", "10 million+", "40 or more", "over $250 million" (an approximate figure, "about 1,600", is the teacher's value)."""


_PRODUCT = re.compile(r"\s*(?:[^\W\d]{1,3}\.?\s*)?[×x✕]\s*(?!10\s*\^)\d")
"""After an answer's figure, a figure it is multiplied by, not one value: "4 × 1,100 MW" (units times
each one's capacity: 4,400 MW, or the two sides of "77 × 53 cm"); not a power of ten, "1.9 × 10^27"."""
_SUM = re.compile(r"\s*(?:[^\W\d][^\s+]*\s*){0,3}\+\s*\d")
"""After an answer's figure, a figure added to it, not one value: "4 + 2" (units built and planned), "16 MB L2 + 36 MB L3"
(each with its unit and label)."""
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SIDE = r"(\d[\d.,]*)\s*([^\W\d×]{1,3}\b)?"
_SIDES = re.compile(rf"\s*{_SIDE}\s*[×x✕]\s*(?!10\s*\^){_SIDE}(?:\s*[×x✕]\s*{_SIDE})?")
"""An object's sides, height first as museums give them: "349.3 × 776.6 cm", "77 cm × 53 cm", "H × W × D"."""
_SIDE_NAMES = ("height", "width", "depth")


_NOUN_YEAR = re.compile(r"(?<![\w.,])(?:1\d{3}|20\d{2})(?![\w.,]\w)(?=(?:['’]s)?\s+[^\W\d_])")
"""A year before a word: "The 1883 caldera", "the June 1991 plume", "The January 2022 eruption's plume"."""


def _without_noun_years(relation: Relation, text: str) -> str:
    """``text`` less the years that name what its figure is of ("The 1883 caldera is roughly 7 km wide" is
    "The      caldera is roughly 7 km wide"), where ``relation`` declares a unit and a later figure is given in a
    unit of its measure; a year before a unit ("1883 m") is a figure, and a relation of no unit ("1883 people")
    keeps its first."""
    if relation.unit is None:
        return text
    years = [m for m in _NOUN_YEAR.finditer(text) if not _unit_after(text, m.end())]
    measured = [m for m in _NUMBER.finditer(text) if (unit := _unit_after(text, m.end())) is not None and unit.measure == relation.unit.measure]
    cut = [m for m in years if any(figure.start() > m.end() for figure in measured)]
    for year in cut:
        text = text[: year.start()] + " " * len(year.group(0)) + text[year.end() :]
    return text


def _unit_after(text: str, end: int) -> Unit | None:
    """The unit of :data:`kg.units.UNITS` written right after a figure that ends at ``end`` ("7 km", "7km"), or None."""
    at = re.compile(r"[\s\u00a0]?").match(text, end)
    start = at.end() if at is not None else end
    return next((u for u in UNITS.values() if u.written.match(text, start)), None)


def _side(relation: Relation, text: str) -> str | None:
    """The side of an object's sides ("349.3 × 776.6 cm", height × width × depth) that the
    relation names ("width" gives "776.6 cm", the unit after the last side each one's), or None."""
    named = [i for i, name in enumerate(_SIDE_NAMES) if name in relation.name.casefold()]
    sides = _SIDES.match(_BRACKETED.sub(" ", _plain(text)))
    if len(named) != 1 or sides is None or sides.group(2 * named[0] + 1) is None:
        return None
    unit = next((u for u in sides.groups()[2 * named[0] + 1 :: 2] if u), "")
    return f"{sides.group(2 * named[0] + 1)} {unit}".strip()


_NOW = re.compile(r"\b(?:today|nowadays|now|currently|at present|presently)\b", re.IGNORECASE)
"""What introduces today's figure after a past one."""
_YEAR_ONLY = re.compile(r"(?:(?:c|ca|circa|in|as of|est)\.?\s*)?\d{4}\s*(?:est\.?)?", re.IGNORECASE)
"""A part of an answer that is only the year of the figure before it: "68 million, c. 2023"."""
_AVERAGED = re.compile(
    r"\d+[\s-]?(?:min(?:ute)?s?|sec(?:ond)?s?|s|h(?:ou)?r?s?)\.?(?:[\s-](?:sustained|average[ds]?|averaged|mean))?(?:\s+(?:winds?|speeds?))?",
    re.IGNORECASE)
"""A part of an answer that is only the period its figure is averaged over: "280 km/h, 1-minute sustained", "1-min"."""
_PART_END = re.compile(r",\s+|;\s*|\s+/\s+")
_FIGURE_LED = re.compile(
    r"[^\w$€£¥₹₩₽]*(?:(?:about|approximately|approx|around|roughly|nearly|almost|ca|circa)\.?\s+)?(?:\d{4}\s*:\s*)?\D{0,3}\d", re.IGNORECASE)
"""A part of an answer that opens with its figure: "88.2 TWh (2021)", "~8,212 MW (gross)", "2021: 88.2 TWh", "US$26 billion"."""


_DISPUTED = re.compile(
    r"\b(?:(?:by|to|in|according\s+to)\s+(?:some|other)\s+(?:sources|measurements|estimates|accounts)|(?:some|other)\s+(?:sources|estimates)\s+(?:say|give|put|cite))\b",
    re.IGNORECASE)
"""What gives another figure as what others say, a note beside the answer's: "2,888 km by some measurements"."""


def disputed_part(text: str) -> str | None:
    """The part of an answer that gives another figure as what others say, its note ("2,850 km;
    2,888 km by some measurements" gives "2,888 km by some measurements"), or the uncertainty of its
    figure ("156.3 ± 2 Ma" gives "± 2"), or None."""
    parts = [p.strip(" ,;/()") for p in re.split(r"[;()]|,\s+|\s/\s", text)]
    uncertainty = _UNCERTAINTY.search(text)
    return next((p for p in parts if disputed_figure(p)), uncertainty.group(0).strip() if uncertainty else None)


def disputed_figure(gloss: str) -> bool:
    """Whether an answer's ``gloss`` gives another figure as what others say ("though some sources
    say 6,695 km"): a note beside the answer's figure, no doubt of it."""
    return _DISPUTED.search(gloss) is not None and re.search(r"\d", gloss) is not None


def _figures_given(text: str) -> list[tuple[str, int | None]]:
    """The parts of ``text`` that each give a figure in the same unit, beside one another
    outside brackets ("101.6 TWh (2020), 88.2 TWh (2021)", "7,965 MW (net) / 8,212 MW (gross)"),
    each with the one year that dates it (or None); [] where ``text`` gives one figure, or
    figures in other units or currencies ("6,601,670 sq mi / 17,098,246 km²": one in each) or
    in a sentence, which :func:`parse_number` reads as before."""
    masked = _BRACKETED.sub(lambda m: "\0" * len(m.group(0)), text)
    cuts = [0, *(m.end() for m in _PART_END.finditer(masked))]
    parts, units = [], set()
    for start, end in zip(cuts, [*cuts[1:], len(text)]):
        part = text[start:end].strip(" ,;/")
        numbers = list(_NUMBER.finditer(part))
        figures = [m for m in numbers if not _when(part, m)]
        if not figures or _YEAR_ONLY.fullmatch(part) or _DISPUTED.search(part):
            continue  # "As of 2023", "though estimates vary", "68 million, c. 2023", "2,888 km by some measurements"
        if not _FIGURE_LED.match(part):
            return []
        words = [w for w in re.findall(r"[^\W\d_]+|[^\w\s(),]+", _BRACKETED.sub(" ", part[figures[0].end():]).casefold()) if w not in _SCALE]
        unit = " ".join(words[:2]) if words[:1] in (["square"], ["sq"], ["cubic"], ["cu"]) else words[0] if words else ""
        units.add((unit, tuple(_currencies(part))))  # "357,386 square kilometres / 137,988 square miles": two units
        years = {int(m.group(0).strip(" ,")) for m in numbers if m not in figures}
        parts.append((part, years.pop() if len(years) == 1 else None))
    return parts if len(parts) > 1 and len(units) == 1 else []


_QUALIFIER = re.compile(
    r"\b(?:(?P<period>\d+)(?:-min(?:ute)?\b|\s?min(?:ute)?s?\s+(?=sustained|average|mean))|(?P<moment>peak|landfall)\b)", re.IGNORECASE)
"""What qualifies a wind's figure: the period it is averaged over ("1-minute", "10-min", "10 minutes sustained"; not a
time, "30 min") or the moment it was measured at ("peak", "at landfall")."""
_MOMENT_WORDS = re.compile(r"^\W*(?:at\s+)?(?:peak|landfall)\b\s*:?\s*|\s+at\s+(?:[A-Z][\w.-]*\s+){0,3}(?:peak|landfall)\W*$", re.IGNORECASE)


def _qualifiers(text: str) -> frozenset[str]:
    """The qualifiers (:data:`_QUALIFIER`) ``text`` names: "175 mph (1-minute sustained)" gives {"1-minute"}."""
    return frozenset(f"{int(m.group('period'))}-minute" if m.group("period") else m.group("moment").casefold()
                     for m in _QUALIFIER.finditer(text))


def _qualified_parts(relation: Relation, text: str) -> list[str] | None:
    """Where ``text`` gives figures each qualified otherwise ("175 mph (1-minute sustained); 150 km/h (10-minute)",
    "150 mph (240 km/h) at Florida landfall; peak 160 mph (260 km/h)"): its parts whose qualifier ``relation``'s name,
    synonyms or description name (a description "1-minute sustained, at peak" names the 1-minute's and the peak's), the
    word of the moment left out ("160 mph (260 km/h)"); none or several where it names no one. None where ``text``
    gives one figure, or figures not each qualified, or qualified alike ("Peak 3 (UK); 5 (US)" of a chart position)."""
    masked = _BRACKETED.sub(lambda m: m.group(0).replace(",", "\0").replace(";", "\0"), text)
    parts = [p.replace("\0", ",").strip() for p in re.split(r";\s*|,\s+", masked)]
    figured = [p for p in parts if re.search(r"\d", p) and not _AVERAGED.fullmatch(p)]
    qualified = [_qualifiers(p) for p in figured]
    if len(figured) < 2 or not all(qualified) or len(set(qualified)) < len(qualified):
        return None
    named = _qualifiers(" ".join((relation.name, *relation.synonyms, relation.description)))
    return [_MOMENT_WORDS.sub("", p) for p, q in zip(figured, qualified) if q & named]


_VERSION = re.compile(r"(?:(?<![\w.])|(?<=[A-Z]))(?:v|version\s?)(?P<major>\d{1,2})(?:\.\d{1,2})*(?![\w.]|\.\d)", re.IGNORECASE)
"""A version that labels a figure: "CVSS v3", "v3.1", "CVSSv2", "version 4" (its major number: v3.1 is a v3's)."""
_SENTENCE_PARTS = re.compile(r";\s*|,\s+|(?<=[\w)])\.\s+(?=[A-Z])")


def _versions(text: str) -> frozenset[str]:
    """The versions (:data:`_VERSION`) ``text`` names: "10.0 (CVSS v2)" gives {"v2"}, "CVSS v3.1: 9.8" {"v3"}."""
    return frozenset(f"v{int(m.group('major'))}" for m in _VERSION.finditer(text))


def versioned_parts(relation: Relation, text: str) -> list[str] | None:
    """Where ``text`` gives figures each of another version ("CVSS v2: 10.0; CVSS v3: 9.8", "5.0 (CVSS v2). NVD has
    since assigned a CVSS v3 score of 7.5."), as :func:`_qualified_parts` reads a wind's periods: its parts of the
    version ``relation``'s name, synonyms or description name ("CVSS v3 base score" gives "CVSS v3: 9.8"); none or
    several where it names none. None where ``text`` gives one figure, or figures not each of one version of their own."""
    if str(relation.datatype or "") not in INTEGER_TYPES | DECIMAL_TYPES or "year" in relation.name.casefold():
        return None
    parts = [p.strip(" .") for p in _SENTENCE_PARTS.split(_BRACKETED.sub(lambda m: m.group(0).replace(",", "\0").replace(";", "\0"), text))]
    figured = [p.replace("\0", ",") for p in parts if re.search(r"\d", _VERSION.sub(" ", p))]
    versions = [_versions(p) for p in figured]
    if len(figured) < 2 or not all(len(v) == 1 for v in versions) or len(set(versions)) < len(versions):
        return None
    named = _versions(" ".join((relation.name, *relation.synonyms, relation.description)))
    return [_VERSION.sub(" ", p) for p, v in zip(figured, versions) if v & named]  # "CVSS v3.1: 9.8" is "CVSS  : 9.8", no 1


_SUPERSEDED = re.compile(
    r"\W*(?:originally|initially|at\s+first|first)\b(?P<old>[^;]*?\d[^;]*?)[,;]?\s+(?:(?:but|and)\s+)?(?:was\s+|has\s+been\s+)?"
    r"(?:later|since|subsequently|then|now)\s+(?:been\s+)?(?:raised|lowered|changed|revised|updated|increased|decreased|reduced|"
    r"upgraded|downgraded|rescored|re-scored|reassessed|corrected|adjusted)\s+to\s+(?P<new>\D{0,12}\d.*)", re.IGNORECASE)
"""A figure superseded by a later one: "Originally 3.7 (Low), later raised to 9.0 (Critical).", "initially 12, since revised to 15"."""


def current_part(relation: Relation, text: str) -> str | None:
    """The part of ``text`` that gives the current figure where it says an earlier one was superseded ("Originally 3.7
    (Low), later raised to 9.0 (Critical)." gives "9.0 (Critical)"), as a past value gives way to today's; None where
    it says no such thing, or of a year or a date (a plan "originally 2020, later changed to 2021" is no figure)."""
    if str(relation.datatype or "") not in INTEGER_TYPES | DECIMAL_TYPES or "year" in relation.name.casefold():
        return None
    superseded = _SUPERSEDED.fullmatch(text.strip())
    return superseded.group("new").strip(" .") if superseded is not None else None


_PLANNED = re.compile(r"\b(?:planned|target(?:ed)?|expected|anticipated|projected|intended)\b", re.IGNORECASE)
"""What says a figure was planned, not reached: "Around 40,000 participants were planned"."""
_PLAN_PARTS = re.compile(r";\s*|,\s+(?:but\s+|while\s+|and\s+)?|(?<=[\w)])\.\s+(?=[A-Z\d])|\s+but\s+")


def actual_part(relation: Relation, text: str) -> str | None:
    """The part of ``text`` that gives the figure reached where another part gives the one planned ("Around 40,000
    participants were planned; 44,325 enrolled." gives "44,325 enrolled"), or None: no figure said to be planned, or
    several not, or a relation that is itself of a plan ("target enrollment", "planned capacity"), or of a year or a
    date. Only one of the other parts may give a figure, and each planned part only its own.

    >>> from types import SimpleNamespace as Relation
    >>> count = Relation(datatype="http://www.w3.org/2001/XMLSchema#integer", name="enrollment", synonyms=(), description="")
    >>> actual_part(count, "Around 40,000 participants were planned; 44,325 enrolled."), actual_part(count, "44,325 enrolled of 40,000 planned, 43,783 analysed")
    ('44,325 enrolled', None)
    """
    if str(relation.datatype or "") not in INTEGER_TYPES | DECIMAL_TYPES or "year" in relation.name.casefold():
        return None
    if any(_PLANNED.search(" ".join(_UNIT_WORD.findall(p))) for p in (relation.name, *relation.synonyms, relation.description)):
        return None
    parts = [p.strip(" .") for p in _PLAN_PARTS.split(text.strip()) if _NUMBER.search(p)]
    planned = [p for p in parts if _PLANNED.search(p) and _figures(p) == 1]  # "44,325 enrolled of 40,000 planned": no plan alone
    reached = [p for p in parts if not _PLANNED.search(p)]
    return reached[0] if planned and len(reached) == 1 and len(parts) == len(planned) + 1 else None


_APPROXIMATED = re.compile(r"[\s*_]*(?P<hedge>(?:c|ca|approx|fl)\.|circa|about|approximately|around|roughly|[~≈])\s*(?=\d)", re.IGNORECASE)
"""A word or sign before a figure, a year or a date that says it is approximate: "c. 1501", "circa 1501", "about 7.5",
"approximately 2.65 g/cm³", "~1501"; or "fl." (flourished: when the person was active)."""
_LIFE_EVENTS = re.compile(r"birth|born|death|died|baptism|baptized|baptised|burial", re.IGNORECASE)


def approximation(relation: Relation, text: str) -> str | None:
    """The hedge (:data:`_APPROXIMATED`) before the figure, year or date ``text`` gives of ``relation``, kept as its
    note: "c. 1501" gives "c.", "about 7.5" "about", "approximately 2.65 g/cm³" "approximately"; None where it has none,
    or where ``relation`` takes text (a title "About 7 Days" is a name)."""
    dt = str(relation.datatype or "")
    if dt not in INTEGER_TYPES | DECIMAL_TYPES and dt not in (str(XSD.gYear), str(XSD.date)):
        return None
    hedged = _APPROXIMATED.match(text)
    return hedged.group("hedge").casefold() if hedged is not None else None  # "About 40%": "about"


def flourished(relation: Relation, text: str) -> str | None:
    """Why ``text`` is no year or date of a birth or a death (``relation``'s name or synonyms say which): "fl. 1320s",
    "fl. 1320" (flourished) say when the person was active; None otherwise ("fl. 1320" of when a person was active is one)."""
    hedged = _APPROXIMATED.match(text)
    if hedged is None or hedged.group("hedge").casefold() != "fl." or not any(_LIFE_EVENTS.search(w) for w in (relation.name, *relation.synonyms)):
        return None
    return "a floruit (fl.: when the person was active), not when the person was born or died"


def other_period(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives its figures averaged over another period than the one ``relation``'s words or description name,
    or None: "195 km/h (10-minute)" of a 1-minute wind; a figure of no period, or of the relation's among others, is none.
    A moment ("at landfall") is no other period: a peak may be at landfall."""
    named = {q for q in _qualifiers(" ".join((relation.name, *relation.synonyms, relation.description))) if q.endswith("-minute")}
    given = {q for q in _qualifiers(text) if q.endswith("-minute")}
    if not named or not given or given & named:
        return None
    return f"a figure averaged over another period ({', '.join(sorted(given))}), not the {', '.join(sorted(named))} {relation.name} is of"


_CHANGING = re.compile(
    r"\d[^;]*?[,;]?\s+(?:and\s+)?(?:increasing|rising|decreasing|falling|dropping|growing|declining|swelling)\s+to\s+\D{0,12}\d", re.IGNORECASE)
"""A figure said to change to another, along a place or a time: "~30 Sv off Florida, increasing to 150 Sv by 55°W"."""
_A_YEAR = re.compile(r"(?<![\d.,])(?:1\d{3}|20\d{2})(?![\d.,]\d|\d)")


def changing_figure(text: str) -> bool:
    """Whether ``text`` gives a figure that changes to another along a place or a time, neither of them dated by a
    year ("~30 Sv off Florida, increasing to 150 Sv by 55°W": several values, one of each place), not a figure
    superseded by a later one (:func:`current_part`: "originally 500 mg, later reduced to 250 mg") nor figures each of
    a year ("5.1 million in 1990, rising to 5.4 million in 2020": the latest's is read).

    >>> changing_figure("~30 Sv off Florida, increasing to 150 Sv by 55°W"), changing_figure("5.1 million in 1990, rising to 5.4 million in 2020")
    (True, False)
    """
    return _CHANGING.search(text) is not None and _A_YEAR.search(text) is None and _SUPERSEDED.match(text) is None


_YEARLY_CHANGE = re.compile(
    r"[^;]*?\d[^;]*?\bin\s+(?P<before>1\d{3}|20\d{2})\s*[,;]?\s+(?:and\s+|but\s+)?(?:has\s+)?"
    r"(?:rising|rose|risen|increasing|increased|growing|grew|climbing|climbed|falling|fell|dropping|dropped|declining|declined|"
    r"decreasing|decreased|up|down)\s+to\s+(?P<after>[^\d;]{0,12}\d[^;]*?\bin\s+(?P<year>1\d{3}|20\d{2}))[\s.]*", re.IGNORECASE)
"""A figure of one year that changed to another's: "76.4 years in 2021, up to 77.5 in 2022"."""
_PROJECTED = re.compile(r"\b(?:project\w*|expect\w*|forecast\w*|predict\w*|estimated\s+to|will|would|could|may|set\s+to|likely)\b", re.IGNORECASE)
"""Words of a figure to come, no figure given: "projected to rise to 1.7 billion in 2050"."""


def _changed_to(text: str) -> str | None:
    """The part of ``text`` that gives the later figure where it says a figure of one year changed to another's of a
    later year, no year to come ("76.4 years in 2021, up to 77.5 in 2022" gives "77.5 in 2022"), or None: "rising to
    1.7 billion in 2050" is a projection, no figure of today.

    >>> _changed_to("5.1 million in 1990, rising to 5.4 million in 2020"), _changed_to("76.4 in 2021, down to 75.5 in 2022")
    ('5.4 million in 2020', '75.5 in 2022')
    >>> _changed_to("1.4 billion in 2023, rising to 1.7 billion in 2050"), _changed_to("77.5 in 2022, up from 76.4 in 2021")
    (None, None)
    """
    change = _YEARLY_CHANGE.fullmatch(text.strip())
    if change is None or _PROJECTED.search(text) or not int(change["before"]) < int(change["year"]) <= date.today().year:
        return None
    return change["after"].strip()


def _latest(text: str) -> str | None:
    """The part of ``text`` that gives the latest year's figure, where each of its figures is dated
    by a year of its own ("101.6 TWh (2020), 88.2 TWh (2021)" gives "88.2 TWh (2021)"; "76.4 years in 2021, up to 77.5
    in 2022" "77.5 in 2022", :func:`_changed_to`), or None."""
    if (changed := _changed_to(text)) is not None:
        return changed
    parts = _figures_given(text)
    years = [year for _, year in parts]
    if not parts or None in years or len(set(years)) < len(years):
        return None
    return max(parts, key=lambda part: part[1] or 0)[0]


_LABEL_STOP = {"and", "the", "for", "per", "with", "number"}


def _labelled_parts(text: str) -> list[tuple[str, set[str]]]:
    """The parts of ``text`` that each give one figure, outside brackets, with the words that
    label it after it, scales and units left out ("~13 million L1, ~17 million total" gives
    {"l1"} and {"total"}; "357,386 km² / 137,988 sq mi" no words); [] where ``text`` gives one
    figure or says them in a sentence."""
    masked = _BRACKETED.sub(lambda m: "\0" * len(m.group(0)), text)
    cuts = [0, *(m.end() for m in _PART_END.finditer(masked))]
    parts = []
    for start, end in zip(cuts, [*cuts[1:], len(text)]):
        part = masked[start:end].strip(" ,;/")
        figures = [m for m in _NUMBER.finditer(part) if not _when(part, m)]
        if not figures or _YEAR_ONLY.fullmatch(part.replace("\0", "")) or _AVERAGED.fullmatch(part):
            continue
        if not _FIGURE_LED.match(part) or len(figures) > 1:
            return []
        words = {w for w in re.findall(r"[^\W_]+", part[figures[0].end():].casefold())
                 if w not in _SCALE and w not in _LABEL_STOP and not w.isdigit() and unit_named(w) is None and not _currencies(w)}
        parts.append((text[start:end].strip(" ,;/"), words))
    return parts if len(parts) > 1 else []


def _named_part(relation: Relation, text: str) -> str | None:
    """The part of ``text`` whose figure is labelled with a word of the relation's name or synonyms,
    where its parts label theirs ("~13 million L1, ~17 million total" of totalSpeakers gives "~17
    million total"), or None."""
    parts = _labelled_parts(text)
    names = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase)} - _LABEL_STOP
    named = [(part, words) for part, words in parts if words & names]
    if len(named) > 1:  # "13 million native speakers, 17 million total": the one said in the relation's words alone
        named = [(part, words) for part, words in named if words <= names]
    return named[0][0] if len(named) == 1 else None


_MAXIMA = frozenset({"max", "maximum", "greatest", "highest", "tallest", "longest"})
"""Words of a relation's name that make it a maximum: "maxHeight", "maximum height (m)" (not "top", "peak": "top ten
singles" is a count, "peak position" a rank)."""
_UP_TO = re.compile(r"(?<![\w-])up\s+to\s*$", re.IGNORECASE)
_UP_TO_PART = re.compile(r"\s*up\s+to\s+(?:(?:about|approximately|around|roughly|~|≈)\s*)?(?=\d)", re.IGNORECASE)


def names_maximum(relation: Relation) -> bool:
    """Whether ``relation``'s name or a synonym names a maximum (:data:`_MAXIMA`): "maxHeight", "maximum height (m)";
    not "height", "minimum depth", "typical length", nor a rank ("highest chart position")."""
    return not is_rank(relation) and any(w.casefold() in _MAXIMA for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase))


def _maximum_part(relation: Relation, text: str) -> str | None:
    """The part of ``text`` that gives a maximum's figure, "up to" it, where the relation names a maximum and every
    other part a typical figure ("Typically 2–4.5 m in cultivation, up to about 10 m in the wild" gives "about 10 m
    in the wild"), or None."""
    if not names_maximum(relation):
        return None
    parts = [p.strip() for p in _PART_END.split(_BRACKETED.sub(lambda m: m.group(0).replace(",", "\0"), text)) if p.strip()]
    ups = [p for p in parts if _UP_TO_PART.match(p)]
    others = [p for p in parts if p not in ups]
    if len(ups) != 1 or not others or not all(_TYPICAL.match(p) for p in others):
        return None
    return re.sub(r"^\s*up\s+to\s+", "", ups[0], flags=re.IGNORECASE).replace("\0", ",")


_TYPICAL = re.compile(r"\W*(?:typically|usually|generally|normally|commonly|mostly|often|on\s+average|average)\b", re.IGNORECASE)


_HEDGED_FIGURE = re.compile(r"\s*(?:(?:about|approximately|approx\.?|around|roughly|ca\.|~|≈)\s*)?\d[\d,.]*\s*", re.IGNORECASE)
_NOT_SAID = re.compile(r"\b(?:not|no|never|unknown|uncertain|unclear|disputed|n/a|without|lacks?)\b|n't\b", re.IGNORECASE)


def sentence_figure(relation: Relation, item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` is a sentence with no figure that names ``relation`` and its ``gloss`` split off
    it the figure alone, hedged or not: "Spinach has a negligible glycemic index (~15)" gives 15; not "Glycemic
    index not established (~15)", nor a gloss that says more than a figure ("(~15 in some tables)")."""
    if re.search(r"\d", item) or _NOT_SAID.search(item) or not _HEDGED_FIGURE.fullmatch(gloss):
        return False
    said = " ".join(_UNIT_WORD.findall(item)).casefold()
    return any(f" {p.casefold()} " in f" {said} " for p in (" ".join(_UNIT_WORD.findall(s)) for s in (relation.name, *relation.synonyms)) if " " in p)


_SYMBOL_FIGURE = re.compile(
    r"\s*(?P<symbol>[^\W\d_]{1,3})\s*[:=]?\s*(?:(?:about|approximately|around|roughly|~|≈)\s*)?\d[\d.]*(?:\s*(?:[-–—]|to)\s*\d[\d.]*)?\s*",
    re.IGNORECASE)
"""A figure or a range after a quantity's symbol, as a gloss gives it: "pH 5.5–6.5", "pH 6.0 to 7.5", "pH ~6.5"."""
_CLASS_WORDS = re.compile(r"[a-z]+(?:[\s-]+[a-z]+){0,5}|[A-Z][a-z]*(?:[\s-]+[a-z]+){1,5}")
"""A few words in lower case, the first capitalised where more follow, that class a value: "slightly acidic to neutral",
"Slightly acidic"; no name ("Lagos")."""


def symbol_gloss(relation: Relation, item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` is a few words that class a value and its ``gloss`` split off it the figure or the
    range of ``relation`` after the symbol its label writes (a short word with a capital: "pH"): "slightly acidic (pH
    5.5–6.5)" of an "optimal soil pH" gives 5.5–6.5, the words its note; not "Lagos (pH 6)" (a name), "not acidic (pH 7)",
    nor a gloss after a word the label does not write ("neutral (about 7)", "a majority (of 12)").

    >>> from kg.ontology import Relation
    >>> ph = Relation("soilPH", URIRef("x:p"), "", "", synonyms=("optimal soil pH",))
    >>> symbol_gloss(ph, "slightly acidic", "pH 5.5–6.5"), symbol_gloss(ph, "Lagos", "pH 6"), symbol_gloss(ph, "not acidic", "pH 7")
    (True, False, False)
    """
    found = _SYMBOL_FIGURE.fullmatch(gloss)
    if found is None or not _CLASS_WORDS.fullmatch(item.strip()) or _NOT_SAID.search(item):
        return False
    symbols = {w.casefold() for phrase in relation.synonyms for w in re.findall(r"[^\W\d_]+", phrase) if len(w) <= 3 and not w.islower()}
    return found.group("symbol").casefold() in symbols


_WORD_PROPORTION = re.compile(
    r"\s*(?:(?:roughly|about|around|approximately|nearly|almost|just\s+(?:over|under)|over|under|more\s+than|less\s+than|"
    r"well\s+over|some)\s+)?(?:(?:a|one|two|three|four)[\s-]+)?(?:half|thirds?|quarters?|fifths?|tenths?|(?:a\s+)?majority|most)"
    r"(?:\s+of\s+(?:the\s+|its\s+)?(?:population|people|residents|inhabitants))?\s*", re.IGNORECASE)
"""A proportion in words: "Roughly half", "about two-thirds", "a majority of the population"."""
_PERCENT_FIGURE = re.compile(r"\s*(?:(?:about|approximately|approx\.?|around|roughly|ca\.|~|≈)\s*)?\d[\d,.]*\s*(?:%|per\s?cent)\s*", re.IGNORECASE)


def word_proportion(item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` is a proportion in words and its ``gloss`` split off it that proportion in %, hedged
    or not: "Roughly half (54%)" gives 54%; not "Half Moon (54%)", nor "half (54)" (no % said), nor "half (54% in 2020, 60%
    in 2023)".

    >>> word_proportion("Roughly half", "54%"), word_proportion("about two-thirds", "~65 %"), word_proportion("Half Moon", "54%")
    (True, True, False)
    """
    return _WORD_PROPORTION.fullmatch(item) is not None and _PERCENT_FIGURE.fullmatch(gloss) is not None


def _other_labels(relation: Relation, text: str) -> bool:
    """Whether ``text`` gives figures each with a label of its own, none of them the relation's
    (:func:`_named_part`): "~13 million L1, ~17 million second-language" of speakers are several values."""
    parts = _labelled_parts(text)
    return bool(parts) and all(words for _, words in parts) and len({frozenset(w) for _, w in parts}) > 1 and _named_part(relation, text) is None


_LABELLED_LINE = re.compile(
    r"\s*(?:[-*•]\s+|\d{1,2}[.)]\s+)?\|?\s*[*_]*(?P<label>[^\W\d_][^:|\n]{0,40}?)[*_]*\s*[:|]\s*(?P<value>[^|\n]*\d[^|\n]*?)\s*\|?\s*")
"""A line of a spec sheet, a list or a table that labels its figure: "Base Clock: 2.23 GHz", "- L2: 32 MB", "| CPU cores | 12 |"."""


def labelled_line(relation: Relation, text: str) -> list[tuple[str, str, str]] | None:
    """Where ``text`` gives figures on several lines, each after its label (a spec sheet, a bulleted list, a
    Markdown table): the lines whose labels name the relation's words, each as (line, label, figure): one
    ("Base Clock: 2.23 GHz" of baseClock beside "Boost Clock: 2.52 GHz"), or none or several where no one line
    answers ("- L2: 32 MB", "- L3: 36 MB" of a total cache); None where ``text`` is no such list."""
    lines = [line for line in text.splitlines() if re.search(r"\d", line)]
    labelled = [(line, m) for line in lines if (m := _LABELLED_LINE.fullmatch(line)) is not None]
    if len(lines) < 2 or len(labelled) != len(lines):
        return None
    names = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase)} - _LABEL_STOP
    words = {line: {w.casefold() for w in _UNIT_WORD.findall(m.group("label"))} - _LABEL_STOP for line, m in labelled}
    named = [(line, m) for line, m in labelled if words[line] & names]
    if len(named) > 1:  # "Base Clock" and "Boost Clock" of a base clock: the one whose words are all the relation's
        named = [(line, m) for line, m in named if words[line] <= names]
    return [(line.strip(), m.group("label").strip(), m.group("value")) for line, m in named]


_LABELLED = re.compile(r"[^\W\d_][^:;,\d]{0,30}:\s*\S{0,4}\d")
"""A figure after its label and a colon, the label no year: "NDA: ~43%" ("2021: 88.2 TWh" is dated)."""


def _labelled_values(text: str) -> bool:
    """Whether ``text`` gives several figures outside brackets, one labelled before a colon at least:
    "BJP: 36.56%; NDA: ~43%", "36.56%; NDA: ~43%" (what is left of the first where its label was split off)."""
    masked = _BRACKETED.sub(lambda m: "\0" * len(m.group(0)), text)
    parts = [p for p in _PART_END.split(masked) if re.search(r"\d", p)]
    return len(parts) > 1 and any(_LABELLED.match(p.strip(" *_")) for p in parts)


_LEAD = {
    "about", "approximately", "approx", "around", "roughly", "nearly", "almost", "ca", "c", "circa", "some", "estimated", "est",
    "a", "an", "the", "just", "only", "exactly", "over", "under", "more", "less", "fewer", "than", "at", "least", "up", "to",
    "total", "minus", "negative", "no", "number", "in", "of", "by", "with", "and", "it", "its", "this", "that", "they", "he", "she",
    "between", "from", "since", "until", "as", "per", "on", "for", "after", "before", "ranked", "rank", "still",
    "was", "is", "were", "are", "be", "been", "has", "have", "had", "reached", "peaked", "holds", "held", "won", "got", "sold",
    "took", "contains", "measures", "weighs", "spans", "lasts", "stands", "employs", "rose", "fell", "grew", "became", "totalled",
    "totaled", "counts", "covers", "runs", "spent", "seats", "people", "inhabitants", "residents",
    # the same in the languages of kg.languages: "unos 58 mil", "etwa 3,7 Millionen", "environ 2 millions"
    "unos", "unas", "cerca", "aproximadamente", "alrededor", "más", "menos", "de", "etwa", "rund", "ungefähr", "knapp", "über",
    "mehr", "als", "fast", "bis", "zu", "environ", "près", "plus", "moins", "quasi", "oltre", "ongeveer", "bijna", "ruim",
    "mais", "quase",
}
"""The words before a figure that say how it is given, no other quantity it is of: "about 1,600", "a total of 17 million"."""
_LABEL_LEAD = re.compile(r"\s*(?P<label>[^\W\d_]{2,}(?:[\s-](?!of\b)[^\W\d_]{2,})?)\s+(?:of\s+)?(?=\D{0,3}\d)")
"""One or two words right before the text's figure: "turnout 66.6%", "majority of 174"."""
_COUNT_AFTER = re.compile(r"\s*(?P<label>[^\W\d_]{3,}(?:\s+[^\W\d_]{3,})?)")


_TONNAGES = (
    ("deadweight", r"(?-i:DWT|dwt|TDW|tdw)|dead[\s-]?weight"),
    ("gross register tonnage", r"(?-i:GRT|grt|BRT)|gross\s+regist(?:er|ered)\s+tons?|register\s+tons?"),
    ("gross tonnage", r"(?-i:GT)|gross\s+tonnage|gross\s+tons?"),
    ("net tonnage", r"(?-i:NT|NRT)|net\s+(?:register\s+)?tonnage|net\s+(?:register\s+)?tons?"),
    ("displacement", r"displacement|displacing"),
)
_TONNAGE = re.compile(r"(?<![^\W_])(?:" + "|".join(f"(?P<{name.replace(' ', '_')}>{written})" for name, written in _TONNAGES) + r")(?![^\W_])",
                      re.IGNORECASE)
"""A ship's tonnage by the measure it names: deadweight (a cargo's mass), gross register tons (a volume, of 100 cu ft),
gross tonnage (GT, a volume index since 1982), net tonnage, displacement (the ship's mass): five quantities."""


def _other_tonnage(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives another tonnage than the one ``relation`` names, or None: "200,000 DWT" of a
    gross tonnage, "46,328 GRT" of a gross tonnage (GT), "52,310 tons (displacement)" of a deadweight."""
    phrases = (" ".join(_UNIT_WORD.findall(relation.name)), *relation.synonyms)
    own = {m.lastgroup for phrase in phrases for m in _TONNAGE.finditer(phrase)}
    given = [m for m in _TONNAGE.finditer(text) if m.lastgroup]
    if len(own) != 1 or not given or any(m.lastgroup in own for m in given):
        return None
    return f"a figure of another tonnage ({given[0].group(0)!r}, {str(given[0].lastgroup).replace('_', ' ')}), not {relation.name}"


_AVERAGES = frozenset({"average", "averages", "mean", "median", "typical", "typically", "usually", "generally"})
"""Words before a figure that say it is a central one: "Average about 50%" of a case fatality rate is the rate, hedged."""
_EXTREMES = frozenset({"max", "maximum", "min", "minimum", "peak", "top", "record", "highest", "lowest", "largest", "smallest"})


def _averages(names: set[str]) -> frozenset[str]:
    """The words of :data:`_AVERAGES` that say how a figure of a relation named with ``names`` is given, no other
    quantity: all of them, or those it names where it names one ("median" of a median, no "mean"); none where it
    names an extreme ("average 250 km/h" is no top speed)."""
    if names & _EXTREMES:
        return frozenset()
    return frozenset(names & _AVERAGES) or _AVERAGES


_SEXES = (re.compile(r"\b(?:males?|men|bulls?)\b", re.IGNORECASE), re.compile(r"\b(?:females?|women|cows?)\b", re.IGNORECASE))
_SETTINGS = (("in the wild", re.compile(r"\bwild\b", re.IGNORECASE)), ("in captivity", re.compile(r"\bcaptiv(?:e|ity)\b", re.IGNORECASE)))


def _by_sex(text: str) -> bool:
    """Whether ``text`` gives its first figure for one sex and another for the other: "Males ~90 kg, females ~45 kg",
    "6 tonnes (males); females about 3 tonnes"; not a whole's figure with each sex's beside it ("5 (3 men, 2 women)")."""
    masked = _BRACKETED.sub(lambda m: "\0" * len(m.group(0)), text)
    cuts = [0, *(m.end() for m in _PART_END.finditer(masked)), len(text)]
    parts = [text[start:end] for start, end in zip(cuts, cuts[1:]) if any(not _when(text[start:end], m) for m in _NUMBER.finditer(text[start:end]))]
    if len(parts) < 2:
        return False
    first = [sex.search(parts[0]) is not None for sex in _SEXES]
    rest = [any(sex.search(part) for part in parts[1:]) for sex in _SEXES]
    return first.count(True) == 1 and rest[first.index(False)]


def other_condition(relation: Relation, text: str) -> str | None:
    """Why ``text`` (an answer with its glosses) gives a figure of another quantity than ``relation``'s for the
    condition it is measured in, or None: figures for each sex where the relation names none ("Approximately 220 kg
    (males); females around 140 kg": several values), a figure in captivity of a relation that names the wild
    ("about 14 years in captivity" of a lifespan in the wild) or in the wild of one in captivity. A relation that
    names neither setting takes a figure in either ("190 kg (in captivity)" of an adult mass)."""
    names = " ".join((" ".join(_UNIT_WORD.findall(relation.name)), *relation.synonyms))
    if _by_sex(text) and not any(sex.search(names) for sex in _SEXES):
        return "several values, not one (one for each sex)"
    named = [setting for setting, said in _SETTINGS if said.search(names)]
    given = [setting for setting, said in _SETTINGS if said.search(text)]
    if len(named) == 1 and given and named[0] not in given:
        return f"a figure {given[0]}, not {named[0]} as {relation.name} is"
    return None


_SMALL_WORDS = frozenset({"of", "at", "in", "the", "a", "an", "and", "per", "for", "to", "on"})


def _initials(relation: Relation) -> set[str]:
    """The abbreviations of ``relation``'s name, label and synonyms, their words' initials (of three words or more,
    each with and without the small words of :data:`_SMALL_WORDS`; a bracket's unit left out), in lower case: "total
    fertility rate (children per woman)" gives "tfr", "life expectancy at birth" "leb" and "leab"."""
    found = set()
    for phrase in (" ".join(_UNIT_WORD.findall(relation.name)), *relation.synonyms):
        words = [w.casefold() for w in _UNIT_WORD.findall(_BRACKETED.sub(" ", phrase))]
        for kept in (words, [w for w in words if w not in _SMALL_WORDS]):
            if len(kept) >= 3:
                found.add("".join(w[0] for w in kept))
    return found


_BARE_FRACTION = re.compile(r"\s*(?:(?:about|approximately|around|roughly|~|≈)\s*)?0?\.\d+\s*\.?\s*")
"""A bare decimal below 1, no % sign nor unit: "0.875", "~.31"."""


def _fraction_of_percent(relation: Relation, text: str) -> str | None:
    """Why ``text`` is a fraction, not a figure in the % ``relation`` is in, or None: a bare decimal below 1 ("0.875")
    where each of the relation's few-shot examples is a figure of 1 or more (87.5 %, as the answer should be); a
    relation with no examples, or one below 1 among them (an inflation of 0.4 %), takes it as written."""
    if relation.unit is None or relation.unit.measure != "percent" or not relation.examples or not _BARE_FRACTION.fullmatch(text):
        return None
    figures = [parse_number(tail) for _, tails in relation.examples for tail in tails]
    if not all(f is not None and f >= 1 for f in figures):
        return None
    return f"a fraction, not a figure in the % {relation.name} is in (its examples are 1 % or more)"


def _other_quantity(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives a figure of another quantity than ``relation``'s, or None: a word before it
    that labels it and is none of the relation's words ("turnout 66.6%" of a vote share, "majority of
    174" of seats won), or, of a relation in %, a word after it that counts something else ("312
    electoral votes")."""
    names = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase)} | _initials(relation)
    lead = _LABEL_LEAD.match(text)
    figure = _NUMBER.search(text, lead.end()) if lead is not None else None
    rest = _BRACKETED.sub(" ", text[figure.end():]).split() if figure is not None else []
    if lead is not None and len(rest) <= 1:  # "turnout 66.6%", "majority of 174" (not "spent 14 weeks on the chart")
        words = set(re.split(r"[\s-]", lead.group("label").casefold())) - _LEAD - _averages(names)
        if words and not words & names and not _currencies(lead.group("label")) and not any(unit_named(w) or _currencies(w) or w in _SCALE for w in words):
            return f"a figure of another quantity ({lead.group('label')!r}), not {relation.name}"
    first = _NUMBER.search(text)
    unit = relation.unit or _label_unit(relation)  # a "public debt (% of GDP)" that declares no unit: "2.55 times GDP" is none
    if unit is None or unit.measure != "percent" or first is None or unit_in(text, "percent") is not None:
        return None
    if (ratio := next((r for r in ratios(text) if not _when(text, next(_NUMBER.finditer(text, r.whole_at)))), None)) is not None:
        return f"a ratio ({ratio.written!r}), not a figure in the % {relation.name} is in"  # "1 in 1,000 cases", "1:3,500"
    after = _COUNT_AFTER.match(text, first.end())
    word = after.group("label") if after is not None else ""
    if word and word.split()[0].casefold() not in _SCALE and not unit_named(word.split()[0]) and not word.casefold().startswith("of "):
        return f"a figure of another quantity ({word!r}), not in the % {relation.name} is in"
    return None


_TRANSITIONS = re.compile(r"\b(?P<point>melting|boiling)\b|\b(?P<verb>melts?|boils?)\b", re.IGNORECASE)
_NO_TRANSITION = re.compile(
    r"\b(?:decompos\w*|sublim\w*|rather\s+than\s+(?:melting|boiling)|(?:does\s+not|doesn['’]t|do\s+not|never)\s+(?:melt|boil))",
    re.IGNORECASE)
"""What an answer says of a substance that has no melting or boiling point: it decomposes or sublimes first."""
_TRANSITION_LABEL = re.compile(r"\b(?:melts?|melting\s+point|boils?|boiling\s+point)\b(?:\s+(?:is|of|at))?[\s:=~≈]*(?:about|approximately|around|roughly|approx\.?|ca\.?)?\s*[~≈]?\s*$",
                               re.IGNORECASE)


def no_transition(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives no melting or boiling point of ``relation`` (one of them by its name or synonyms), or
    None: it says the substance decomposes or sublimes ("~500 °C (decomposes)", "sublimes at about 2,700 °C
    rather than melting"), unless its figure is labelled as the melting itself ("melts at 1,455 °C; decomposes
    above 2,000 °C")."""
    named = {m.group("point").casefold() for phrase in (" ".join(_UNIT_WORD.findall(relation.name)), *relation.synonyms)
             for m in _TRANSITIONS.finditer(phrase) if m.group("point")}
    said = _NO_TRANSITION.search(text)
    first = _NUMBER.search(text)
    if len(named) != 1 or said is None or first is None or _TRANSITION_LABEL.search(text[: first.start()]):
        return None
    return f"a decomposition or sublimation temperature, not a {named.pop()} point"


_STRENGTHS = re.compile(
    r"\b(?P<kind>tensile|compressive|compression|flexural|flexure|bending|yield|shear|impact|fatigue|torsional|proof)\s+"
    r"(?:strength|stress)\b(?:\s+(?:is|of|at))?[\s:=~≈]*(?:about|approximately|around|roughly|approx\.?|ca\.?|typically)?\s*[~≈]?\s*$",
    re.IGNORECASE)
"""A kind of strength labelling the figure after it: "flexural strength ~380 MPa", "yield strength: 215 MPa"."""


def other_strength(relation: Relation, text: str) -> str | None:
    """Why ``text``'s figure is of another strength than the one ``relation`` names, or None: "Not typically
    specified for ceramics in tension; flexural strength ~380 MPa" of a tensile strength is a flexural strength."""
    names = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase)}
    first = _NUMBER.search(text)
    label = _STRENGTHS.search(text[: first.start()]) if first is not None and "strength" in names else None
    if label is None or label.group("kind").casefold() in names:
        return None
    return f"a figure of another quantity ({label.group(0).strip(' :=~≈')!r}), not {relation.name}"


_GRAVITY = re.compile(
    r"(?P<label>\W*(?:(?-i:SG|S\.G\.)|sp\.\s?gr\.?|specific\s+gravity)(?:\s*(?:of|is|=|:|≈|~)(?!\w))?\s*)"
    r"(?P<figure>(?:(?:about|approximately|approx\.?|around|roughly|ca\.?|c\.|~|≈)\s*)?\d+(?:\.\d+)?)(?![.,]?\d)(?!\s*[-–]?\s*\d)",
    re.IGNORECASE)
"""A specific gravity given for a density: "SG 4.5", "S.G. 2.65", "sp. gr. 7.4-7.6" (a range, left), "Specific gravity: about 2.7"."""


def _gravity_as_density(relation: Relation, text: str) -> str:
    """``text`` with a specific gravity it opens with written as the density in g/cm³ it equals (water's density is 1 g/cm³
    to three decimals), where ``relation`` is a density: "SG 4.5" is "4.5 g/cm³"; a relation of another measure keeps it
    ("SG 4.5" of an area is a figure of another quantity), and so does a figure with a word or a unit of another measure after it
("SG 4.5 kg"); one in a unit of density ("SG 4.5 g/cm³") is read in it.

    >>> from kg.ontology import Relation
    >>> from kg.units import UNITS
    >>> _gravity_as_density(Relation("density", URIRef("x:d"), "", "", unit=UNITS["g/cm³"]), "SG 4.5 (heavy)")
    '4.5 g/cm³ (heavy)'
    """
    gravity = _GRAVITY.match(text)
    if gravity is None or relation.unit is None or relation.unit.measure != "density":
        return text
    rest = text[gravity.end():]
    worded = re.match(r"\s*[^\W\d_]", rest) is not None  # "SG 4.5 g/cm³": the label alone left out; "SG 4.5 kg" kept
    if worded and getattr(unit_in(rest), "measure", None) != "density":
        return text
    return f"{gravity.group('figure')}{'' if worded else ' g/cm³'}{rest}"


_FIELD_VECTOR = re.compile(
    r"[`(\[]?(?<![\w/:.])(?:[A-Za-z][\w.]{0,9}:)?[\w.]{1,5}/(?:[A-Za-z][\w.]{0,9}:[\w.]{1,5}/)+[A-Za-z][\w.]{0,9}:[\w.]{1,5}(?![\w/:])[`)\]]?")
"""A code of three or more slash-separated fields, each a name, a colon and its value: a CVSS vector,
"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV:N/AC:L/Au:N/C:P/I:P/A:P", or one whose first field's
name was read as a label ("3.1/AV:N/AC:L/PR:N"). A number in it ("3.1", the version of the vector's
scheme) is no figure; not a time ("10:30"), a ratio ("1:10"), an address ("https://..."), a fraction ("3/4")."""


def _unvectored(text: str) -> str:
    """``text`` less its vectors (:data:`_FIELD_VECTOR`): "9.8 CVSS:3.1/AV:N/AC:L/PR:N" is "9.8 "."""
    return _FIELD_VECTOR.sub(" ", text) if ":" in text else text


def _vector_only(text: str) -> bool:
    """Whether ``text`` gives a vector (:data:`_FIELD_VECTOR`) and no figure beside it: "`CVSS:3.1/AV:N/AC:L/PR:N/UI:N`"
    (its 3.1 the scheme's version); not "9.8 (CVSS:3.1/AV:N/AC:L/PR:N/UI:N)", whose 9.8 is the score."""
    return _FIELD_VECTOR.search(text) is not None and re.search(r"\d", _unvectored(text)) is None


_LEAD_IN = r"^\s*(?:(?:and|while|but|whereas)\s+)?"
_OTHER_SUBJECT = re.compile(
    rf"{_LEAD_IN}(?:(?:the|a|its|their)\s+(?:(?:second|third|other|next|later|earlier)\s+(?:event|shock|quake|earthquake|tremor|eruption|one)"
    r"|(?:(?:largest|biggest|strongest|main)\s+)?(?:aftershocks?|foreshocks?))|another)\b",
    re.IGNORECASE)
"""The start of a part of an answer about something else than what was asked of: "the second event was 7.5–7.7", "its
largest aftershock", "another ...". """
_SUBJECT_PARTS = re.compile(r";\s*|(?<=[\w)])\.\s+(?=[A-Z])")


def _own_subject_part(text: str) -> str:
    """``text``'s first part, where it gives a figure and each part after it (after a semicolon or a sentence's end) is
    about something else (:data:`_OTHER_SUBJECT`): "7.8 (Mw); the second event was 7.5–7.7" gives "7.8 (Mw)"; else
    ``text`` ("about 19,759 (confirmed); 2,553 missing" as it is)."""
    first, *rest = _SUBJECT_PARTS.split(text)
    if not rest or not _NUMBER.search(first) or not all(_OTHER_SUBJECT.match(part) for part in rest):
        return text
    return first


def _when(text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` is a year that dates the figure rather than being it: "As of 2023,
    France has 68 million people", "(2021 census)"."""
    digits = match.group(0).strip(" ,\u202f\u00a0")
    if not (len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100):
        return False
    after = text[match.end() :].lstrip(" ,").casefold()  # "2023: 68 million": the colon dates what follows
    return bool(_DATED.search(text[: match.start()])) or after.startswith(("estimate", "census", "figure", "data", ":"))


def _digits(raw: str, decimal_comma: bool | None) -> str:
    """The plain decimal form of a number as people write it: ``1,512,491.5`` (English),
    ``1.512.491,5`` (German), ``1 512 491``, ``1'512'491``. Which of ``.`` and ``,`` separates
    the decimals: the last of the two when both occur; a separator that occurs twice groups
    thousands; one ``,`` or ``.`` alone is read by ``decimal_comma`` (the domain's language:
    ``3,7`` and ``1.512`` in German), and where the language says nothing (None) by its form:
    followed by three digits it groups thousands in English's way (``1,512``, ``1.512`` a
    decimal), otherwise a ``,`` is a decimal comma (``891,7`` is no English number)."""
    text = re.sub(r"[\u202f\u00a0 '’]", "", raw)
    text = "-" + text[1:] if text[:1] in "\u2212\u2013" else text  # "−1.19", "–0.5"
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        point = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas > 1 or dots > 1:
        point = ""
    elif commas or dots:
        sep = "," if commas else "."
        lead = text.lstrip("+-").split(sep)[0]  # a group of thousands follows 1-3 digits, not 0: "0,001" is no 1
        grouped = len(text) - text.rfind(sep) - 1 == 3 and 1 <= len(lead) <= 3 and not lead.startswith("0")
        if decimal_comma is None:
            point = "." if sep == "." else ("" if grouped else ",")
        elif decimal_comma:
            point = "," if sep == "," else ("" if grouped else ".")
        else:
            point = "." if sep == "." else ("" if grouped else ",")
    else:
        return text
    group = {",": ".", ".": ",", "": ""}[point]
    if group:
        text = text.replace(group, "")
    elif not point:
        text = text.replace(",", "").replace(".", "")
    return text.replace(",", ".")


class NumberText(str):
    """A number given as one (a JSON number, a Python API's), not as text: its digits as written
    (``3.10``, ``141.063``), with no language's way of writing numbers. The value of a relation is
    read from it as a decimal point writes it, in every language (141.063 is no 141063 in a German
    domain); a text value keeps it as written (the version ``3.10``). Text (a JSON string
    ``"141.063"``) is read in the domain's language."""


def number_text(value: int | float | Decimal) -> NumberText:
    """A number given as one as :class:`NumberText`: its own form (``2.5``, ``1e-05``; a JSON
    number read as a :class:`~decimal.Decimal` keeps its digits as written, ``3.10``, ``1.20``)."""
    return NumberText(value)


def _cjk_number(text: str, start: int) -> Decimal:
    """The number written with scale characters at ``start``: ``376万``, ``1億2千万``, ``1万5000``."""
    total, at = Decimal(0), start
    while (part := _CJK_SCALE.match(text, at)) is not None:
        total += Decimal(part.group(1)) * _CJK_UNIT[part.group(2)]
        at = part.end()
    rest = re.match(r"\d+", text[at:])  # "1万5000": the ones after the last scale
    return total + (Decimal(rest.group(0)) if rest else 0)


def _in_a_name(text: str, match: re.Match[str]) -> bool:
    """Whether the hyphen of a :data:`_RANGE` match joins the digits of a name, no two numbers:
    a letter beside them ("the 747-8I", "A330-300", "MiG-29") or a second number below the first
    ("the 747-8")."""
    if match.group(0)[1:-1] != "-":
        return False
    left = re.search(r"[\w,.]*$", text[: match.start() + 1])
    right = re.match(r"[\w,.]*", text[match.end() - 1 :])
    words = (left.group(0) if left else "", right.group(0) if right else "")
    if any(re.search(r"[^\W\d_]", word) for word in words):
        return True
    return all(word.isdigit() for word in words) and int(words[1]) < int(words[0])


RANGE_PROBLEM = "a range, not one value"
"""What :func:`value_problem` says of two figures given as one value ("75 to 325 mg")."""


def _not_one_value(text: str, year: bool = False) -> str | None:
    """Why ``text`` gives no one number or year, or None: a range ("75 to 325 mg", "1991 or
    1992"; for a ``year`` also "1643 until 1715", "27 BC to AD 14", "1450/51") or a decade ("the
    early 1990s"). For a ``year``, an ISO date ("1996-12-17") is its year, no range; for a
    figure, the years it held in are no range of it ("11 seasons, from 1972 to 1983"), nor a
    hyphen in a name ("747-8I")."""
    text = text if year else _undated(text)
    plain = _ISO_DATE.sub(r"\1", text) if year else text
    unglossed = re.sub(r"\s+", " ", _BRACKETED.sub(" ", plain))  # "25 hp (early models) to 50 hp"
    if any(not _in_a_name(plain, m) for m in _RANGE.finditer(plain)) or _UNIT_RANGE.search(unglossed):
        return RANGE_PROBLEM
    if unglossed != plain and any(not _in_a_name(unglossed, m) for m in _RANGE.finditer(unglossed)):
        return RANGE_PROBLEM
    if not year and any(unit_named(m.group(1)) is not None for m in _CROSS_UNIT_RANGE.finditer(unglossed)):
        return RANGE_PROBLEM  # "12 hours to 5 days"
    if not year and _WORD_RANGE.search(unglossed):
        return RANGE_PROBLEM  # "Two or three, 21 days apart"
    if year and _YEAR_RANGE.search(_ISO_DATE.sub(r"\1", text)):
        return RANGE_PROBLEM
    if _DECADE.search(text):
        return "a decade, not one year"
    return None


def _undated(text: str) -> str:
    """``text`` less the years its figure held in (:data:`_SPAN_OF_YEARS`: "ran for 11 seasons,
    from 1972 to 1983"), where a figure is left."""
    undated = _SPAN_OF_YEARS.sub(" ", text)
    return undated if undated != text and _NUMBER.search(undated) else text


def figure(text: str) -> Decimal | None:
    """The number the extractor makes of ``text`` as a numeric relation's answer
    (:func:`parse_number`: ``"68 millions"``, ``"ca. 68 million"``, ``"105.4 km²"``,
    ``"68 million people"``), or None where it makes none: no number, a range or a decade
    (quarantined: :func:`value_problem`). A lone ``,`` or ``.`` is read as English writes it
    (``1,512``; ``3,7`` is a decimal comma), whatever language the text is in."""
    return None if _not_one_value(text) is not None else parse_number(text)


_ALTERNATIVE = re.compile(r"[(\[/;=]|\bor\b")  # "6,601,670 sq mi (17,098,246 km²)", "... sq mi / ... km²"


def _figures(text: str) -> int:
    """How many figures ``text`` gives: "4.10 × 10^30" is one, "20 × 700" two."""
    return len(_NUMBER.findall(_POWER.sub("", _plain(text))))


def _figure_in_own_unit(text: str, unit: Unit, language: Language) -> Decimal | None:
    """The figure ``text`` also gives in ``unit`` itself, beside one in another unit, or None."""
    written = unit.written.search(text)
    if written is None:
        return None
    before = text[: written.end()]
    starts = [m.end() for m in _ALTERNATIVE.finditer(text, 0, written.start())]  # not the "/" of "km/h"
    if not starts or _figures(before[starts[-1]:]) != 1:  # "14 GW (20 × 700 MW units)": no figure in MW
        return None
    if not _FIGURE_LED.match(text, starts[-1]):  # "4 ft (shoulder height 80 cm)": a labelled figure, another length's
        return None
    return parse_number(before[starts[-1]:], decimal_comma=language.decimal_comma, abbreviations=False, scales=language.scales)


_TOKEN = re.compile(r"\s?([^\s\d()\[\],;:]+)")
_UNKNOWN_SCALE = re.compile(r"[^\W\d_]*illions?", re.IGNORECASE)
_COUNTED = re.compile(r"\s*[-‐]?\s*(?:storeys|stories|floors|levels|storey|story|floor|level)\b", re.IGNORECASE)
"""What a building's height may be given as, a count of storeys, no length: "30 storeys", "a 30-storey tower"."""
_UNREAD_WORDS = re.compile(r"leagues?|furlongs?|cubits?|versts?|stadia", re.IGNORECASE)
"""Old units of length written as words that :data:`kg.units.UNITS` does not read ("6 leagues": a league was
3 miles, or 4 km, or 5.6 km, by country and century): no figure in a declared unit."""
_LEVELS = {"amsl", "msl", "asl", "agl", "mamsl"}
"""The level a height is measured from, written after its unit ("25 m AMSL"): no unit."""
_COUNT_NOUNS = re.compile(r"(?:viral\s+)?(?:particles?|cells?|copies|units?|doses?|vp|IU|CFU|PFU)(?![^\W_])", re.IGNORECASE)
"""What a figure may count, no unit of a measure: "5 × 10^10 viral particles", "2 × 10^6 cells", "1,000 IU", "10^5 PFU"."""
_WORDS = re.compile(r"[a-z]+(?:\s+[a-z]+)?")
"""One or two words in lower case: "viral particles"."""


def _counted_noun(text: str, number: re.Match[str], power: re.Match[str] | None) -> str | None:
    """What the figure ``number`` (with its ``power`` of ten) counts, written right after it, or None: a count noun
    (:data:`_COUNT_NOUNS`: "5 × 10^10 vp", "1,000 IU") or words in lower case after a power of ten ("5 × 10^10 viral
    particles"), no unit of any measure; a unit (``u.written``, checked before) is none of them."""
    after = power.end() if power is not None else number.end()
    space = re.match(r"\s*", text[after:])
    start = after + (space.end() if space else 0)
    if (noun := _COUNT_NOUNS.match(text, start)) is not None:
        return noun.group(0)
    words = _WORDS.match(text, start) if power is not None else None
    return words.group(0) if words is not None else None


_SHORT_WORDS = frozenset((
    "a an and are as at be but by for from had has he her his if in is it its of on or our per she so the to up us was we who "
    "yet all any ago old new one two six ten few est ish min max avg mid top low non pre via vs ca th st nd rd"
).split())
"""Words of two or three letters that may follow a figure in a sentence ("380 at room temperature", "21st", "5 or 6"),
no unit's symbol."""


def _lower_symbol(symbol: str) -> bool:
    """Whether ``symbol``, written right after a figure, is a unit's symbol in lower case: two or three letters and no
    short word (:data:`_SHORT_WORDS`: "45 ksi", "5 ppm"; not "5 or 6", "380 at 20 °C"), or a prefix's letter before a
    unit kg knows ("45 kbar", "60 kpsi")."""
    if not (symbol.isalpha() and symbol.islower() and symbol.isascii()):
        return False
    return 2 <= len(symbol) <= 3 and symbol not in _SHORT_WORDS or len(symbol) > 3 and symbol[0] in "kmgtpnucd" and unit_named(symbol[1:]) is not None


def _unknown_scale(text: str) -> str | None:
    """The scale word ``text`` writes right after a figure that :data:`_SCALE` does not read, or None: "5 sextillion"
    gives "sextillion", its figure no count of ones; "5 million", "5 people" none.

    >>> _unknown_scale("about 140 zillion"), _unknown_scale("140 million people"), _unknown_scale("140 pavilions")
    ('zillion', None, None)
    """
    for number in _NUMBER.finditer(text):
        token = _TOKEN.match(text, number.end())
        if token is not None and _UNKNOWN_SCALE.fullmatch(word := token.group(1).rstrip(".,")) and word.casefold() not in _SCALE:
            return word
    return None


def _unknown_unit(text: str) -> str | None:
    """What ``text`` writes right after a figure as its unit that :data:`kg.units.UNITS` does not
    know, or None: a symbol ("5972 Yg", "3,411 MWt", "5.8 kK", "M_J" with no unit of that name), an old
    unit of length in words (:data:`_UNREAD_WORDS`: "6 leagues"), a scale no one reads ("5.972 sextillion tonnes"), what the
    first figure counts (:func:`_counted_noun`: "5 × 10^10 viral particles", "1,000 IU"); not a word ("12 apostles", "5 Jan 2024"), nor the
    level a height is measured from (:data:`_LEVELS`: "25 m AMSL")."""
    for index, number in enumerate(_NUMBER.finditer(text)):
        end = power.end() if (power := _POWER.match(text, number.end())) is not None else number.end()
        token = _TOKEN.match(text, end)
        if token is not None and token.group(1).rstrip(".").casefold() in _SCALE:
            token = _TOKEN.match(text, token.end())  # "100 billion kWh"
        if token is None:
            continue
        symbol = token.group(1).rstrip(".")
        if symbol.casefold() in _LEVELS:
            continue
        if _UNREAD_WORDS.fullmatch(symbol):  # "6 leagues"
            return symbol
        if _UNKNOWN_SCALE.fullmatch(symbol):
            rest = _TOKEN.match(text, token.end())
            return f"{symbol} {rest.group(1)}" if rest is not None else symbol
        if any(u.written.match(text, token.start(1)) for u in UNITS.values()):
            continue
        if index == 0 and (counted := _counted_noun(text, number, power)) is not None:  # "5 × 10^10 viral particles" of a dose in µg
            return counted
        capitals = any(c.isupper() for c in symbol) and len(symbol) <= 4 and not (symbol.istitle() and len(symbol) > 2)
        marks = any(c.isalpha() for c in symbol) and any(c == "_" or unicodedata.category(c).startswith("S") for c in symbol)
        if capitals or marks or index == 0 and _lower_symbol(symbol):  # "45 ksi"; not "3.4 g per 100 ml"
            return symbol
    return None


def _currencies(text: str) -> list[str]:
    """The currencies ``text`` names, in order (ISO 4217 codes): "¥31.68 billion (about US$274
    million)" gives JPY and USD."""
    return [m.group(0) if m.lastgroup == "other" else m.lastgroup for m in _CURRENCY.finditer(text) if m.lastgroup]


_SHARED_CURRENCY_WORD = re.compile(
    r"(?i)\$|¥|(?-i:Rs)\.?|kr\.?|dollars?|pounds?|liras?|rupees?|pesos?|francs?|dinars?|dirhams?|riyals?|rials?|kron[ae]|kroner|kronor|crowns?")
"""A currency's word or sign that many currencies share alone: "dollar" is the US's, Canada's, Fiji's..."""


def currency_code(name: str) -> str | None:
    """The ISO 4217 code of the one currency ``name`` names whole (:data:`_CURRENCIES`): its code
    ("GBP", "PLN"), its name as the table writes it with its country's adjective ("US dollar",
    "pound sterling", "Swiss franc"), a currency's own word, alone or after one adjective ("Złoty",
    "Polish złoty", not after an article); None for a word many currencies share (:data:`_SHARED_CURRENCY_WORD`), alone or
    after an adjective the table has not ("dollar", "Fijian dollar", "Italian lira"), or more words."""
    folded = fold_accents(name.strip())
    found = list(_CURRENCY.finditer(folded))
    if len(found) != 1 or found[0].end() != len(folded) or not found[0].lastgroup or _SHARED_CURRENCY_WORD.fullmatch(found[0].group(0)):
        return None
    before = folded[: found[0].start()].strip()
    if before and (not re.fullmatch(r"[A-Z][a-z]+", before) or before in ("The", "An")):  # "The euro (€)": read as a name with an article
        return None
    return found[0].group(0) if found[0].lastgroup == "other" else found[0].lastgroup


def _currency(relation: Relation) -> str | None:
    """The one currency the relation's name, synonyms, prompt or description names ("boxOfficeUSD", "Answer
    with a number (in US dollars) only.", "In US dollars."), or None."""
    phrases = (" ".join(_UNIT_WORD.findall(relation.name)), *relation.synonyms, relation.prompt, relation.description)
    named = {c for phrase in phrases for c in _currencies(phrase)}
    return named.pop() if len(named) == 1 else None


def _figure_in_own_currency(text: str, currency: str) -> str | None:
    """The part of ``text`` that gives its figure in ``currency`` beside one in another (``¥31.68
    billion (about US$274 million)`` gives ``about US$274 million``), or None."""
    own = next((m for m in _CURRENCY.finditer(text) if m.lastgroup == currency), None)
    if own is None:
        return None
    starts = [m.end() for m in _ALTERNATIVE.finditer(text, 0, own.start())]
    ends = [m.start() for m in _ALTERNATIVE.finditer(text, own.end())]
    return text[starts[-1] if starts else 0 : ends[0] if ends else len(text)].strip(" )]")


def in_own_currency(relation: Relation, item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` gives its figure in another currency than the one ``relation``
    names and the ``gloss`` split off it gives it in that one: "¥31.68 billion (about US$274
    million)" gives 274 million for a box office in US dollars."""
    own = _currency(relation)
    given = _currencies(item)
    return own is not None and given != [] and own not in given and _currencies(gloss)[:1] == [own] and value_literal(relation, gloss) is not None


_HEDGE = re.compile(r"(?:\b(?:about|approximately|approx\.?|around|roughly|circa|ca\.)|[~≈])\s*$", re.IGNORECASE)
"""A word or sign right before a figure that says it is rounded: "About 4 ft", "~40 in"."""


def _converted(text: str, value: Decimal, given: Unit, unit: Unit) -> Decimal:
    """The figure ``value`` of ``text`` in ``given`` as :func:`kg.units.convert` gives it in ``unit``, to three
    significant digits where ``text`` hedges a figure of one or two ("About 4 ft" of a length in cm is 122, not
    121.92; "4 ft" is 121.92, "about 40.7 sq mi" of an area 105.413 km²; a temperature as convert gives it)."""
    converted = convert(value, given, unit)
    first = _NUMBER.search(text)
    if given.origin or unit.origin or first is None or _HEDGE.search(text, 0, first.start()) is None:
        return converted
    if len(value.normalize().as_tuple().digits) > 2:
        return converted
    with localcontext() as context:
        context.prec = 3
        return (+converted).normalize()


def _count_in_words(text: str) -> Decimal | None:
    """The count an English answer opens with in words, before a part that gives a figure of another measure: "Two doses,
    21 days apart" is 2 (the 21 days are the doses' interval); None where its first part has a digit or is no count in
    words, or the figure after it has no unit ("Seven seasons, 162 episodes": the 162 episodes are the answer's count)."""
    first = _PART_END.split(_BRACKETED.sub(" ", text), maxsplit=1)[0]
    if first == text or re.search(r"\d", first) or unit_in(text) is None or (word := _NUMBER_WORD.match(first)) is None:
        return None
    return Decimal(ENGLISH_NUMBER_WORDS.index(re.sub(r"[‐‑ ]", "-", word.group(1).casefold())))


def value_literal(relation: Relation, text: str, language: Language = ENGLISH) -> Literal | None:
    """The literal object of the data property ``relation`` that ``text`` gives, typed by its
    datatype (``"83 million"`` is ``"83000000"^^xsd:nonNegativeInteger``, ``"July 4th, 1776"``
    ``"1776-07-04"^^xsd:date``), or None if unreadable. ``language``: the text's (its decimal
    comma, its months' names)."""
    datatype = relation.datatype
    dt = str(datatype) if datatype else ""
    if dt in INTEGER_TYPES or dt in DECIMAL_TYPES:
        if _vector_only(text):
            return None  # "CVSS:3.1/AV:N/AC:L/...": no score (value_problem says why)
        if _era_year(relation, text):
            return _astronomical_year(dt, text)  # "c. 340 BC" of a publication year: -339, no year AD
        text = _without_noun_years(relation, _unsprinted(one_figure(_gravity_as_density(relation, _own_subject_part(_unvectored(text))))))  # "33 1/8 in", "2 ft 6 in"; "0–100 km/h: 2.1 s"; "The 1883 caldera"
        text = as_fraction(relation, own_scale_part(relation, text))  # "1 in 365 births" of a prevalence: 1/365, no 1; "~36 HRC (≈ 334 HB)": 334 HB
        abbreviations = relation.unit is None or relation.unit.measure not in UNSCALED
        qualified = _qualified_parts(relation, text) or []  # "175 mph (1-minute sustained); 150 km/h (10-minute)" of 1-minute winds
        text = qualified[0] if len(qualified) == 1 else text
        text = _side(relation, text) or _named_part(relation, text) or _maximum_part(relation, text) or _latest(text) or text  # "101.6 TWh (2020), 88.2 TWh (2021)": 2021's, as today's figure is taken over a past one
        currency = _currency(relation)
        if currency is not None and _currencies(text)[:1] not in ([], [currency]):  # "¥31.68 billion (about US$274 million)": the dollars
            text = _figure_in_own_currency(text, currency) or text
        ranked = dt in INTEGER_TYPES and is_rank(relation)  # "number one for 8 weeks": 1
        text = without_event_years(text) if "year" in relation.name.casefold() else text  # "after the 1995 Kobe earthquake, in 1997"
        counted = _count_in_words(text) if relation.unit is None and language.code == ENGLISH.code and not ranked else None
        number = counted if counted is not None else parse_number(  # releaseYear: the year is the value
            rank_text(text) if ranked else text, dates="year" not in relation.name.casefold(), decimal_comma=language.decimal_comma,
            abbreviations=abbreviations, scales=language.scales,  # a count or an area is never in kelvin: a population of "68 K" is 68,000
            kelvin=relation.unit.measure == "temperature" if relation.unit is not None else dt not in INTEGER_TYPES,
        )
        if number is None and language.code == ENGLISH.code and (word := _NUMBER_WORD.match(text)) is not None:
            written = re.sub(r"[‐‑ ]", "-", word.group(1).casefold())  # "Twenty eight", "Twenty-eight"
            number = Decimal(ENGLISH_NUMBER_WORDS.index(written))  # a crew of "Three", "Two (pilot and first officer)"
        if number is None:
            return None
        given = _unit_given(text, relation.unit, relation) if relation.unit is not None else None
        if given is not None and relation.unit is not None and given != relation.unit:
            own = _figure_in_own_unit(text, relation.unit, language)  # "1,269,346 sq mi (3,287,590 km²)": the km² as written
            if own is None and _decimal_unit(relation.unit, text) is None:  # "About 4 ft (1.2 m) head and body": 1.2 m, 120 cm
                own = _figure_in_metric_unit(text, relation.unit, language)
            if own is None and given.measure != relation.unit.measure:
                return None  # "Mach 3.3" of a speed in km/h: no figure of it (value_problem says why)
            number = own if own is not None else _converted(text, number, given, relation.unit)  # "40.7 sq mi" of an area in km²
        return number_literal(dt, number)
    if dt == str(RDF.langString):  # rdf:langString needs a tag: the answer's language
        return Literal(text, lang=language.code)
    if dt and dt != str(XSD.string):
        lexical = lexical_form(dt, text, language)
        return None if lexical is None else Literal(lexical, datatype=URIRef(dt))
    return Literal(_formula_text(text))  # "(Mg, Fe)2SiO4" as "(Mg,Fe)2SiO4"


_FORMULA = re.compile(r"(?:[A-Z][a-z]?|\d+|[()\[\],·.+□]|(?<=,) )+")
"""A chemical formula as text writes it: element symbols, counts, brackets, a comma and a space between the elements of a
bracket that substitute one another ("(Mg, Fe)2SiO4"), a dot of water ("CaSO4·2H2O"), a vacancy (□)."""
_BRACKET_COMMA = re.compile(r"(?<=[A-Za-z\d]),\s+(?=[A-Z][^()\[\]]*[)\]])")


def _formula_text(text: str) -> str:
    """``text`` with no space after a comma inside a bracket where it is a chemical formula (:data:`_FORMULA`: its
    capitals element symbols, a count among them): "(Mg, Fe)2SiO4" is "(Mg,Fe)2SiO4", as a mineral's formula is stored;
    "(a, b)2", "(V, VI)" and "(Sr, Ba)" (no count) are as written.

    >>> _formula_text("(Mg, Fe)2SiO4"), _formula_text("(Ca, Na)(Mg, Fe, Al)(Si, Al)2O6"), _formula_text("(a, b)2"), _formula_text("(V, VI)")
    ('(Mg,Fe)2SiO4', '(Ca,Na)(Mg,Fe,Al)(Si,Al)2O6', '(a, b)2', '(V, VI)')
    """
    if ", " not in text or not re.search(r"\d", text) or not _FORMULA.fullmatch(text):
        return text
    if any(not element_symbol(symbol) for symbol in re.findall(r"[A-Z][a-z]?", text)):
        return text
    return _BRACKET_COMMA.sub(",", text)


_ROUND_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}\.000(?![\d.,]*\d)")
"""A figure with one dot before three zeros: "66.000" (a European 66,000, or 66 to three decimals)."""


def _era_year(relation: Relation, text: str) -> bool:
    """Whether ``text`` dates a value of ``relation``, a year relation of a number datatype (a publication year in
    ``xsd:integer``), before Christ: "c. 340 BC", "375 BCE", "the 4th century BC"."""
    return "year" in relation.name.casefold() and before_christ(text)


def _astronomical_year(datatype: str, text: str) -> Literal | None:
    """The year ``text`` gives as a signed astronomical year of the number ``datatype``, as ``xsd:gYear`` numbers it
    (:func:`extractors.datatypes.lexical_form`: 1 BC is 0, 375 BC -374), or None where it gives no one year ("the 4th
    century BC", "428/427 BC"): no year AD read of it."""
    lexical = lexical_form(str(XSD.gYear), text)
    return None if lexical is None else number_literal(datatype, Decimal(int(lexical)))


def number_literal(datatype: str, number: Decimal) -> Literal | None:
    """``number`` as a literal of the numeric ``datatype``, or None where it is none of its values
    (a fraction of a count, a negative count). One lexical form per value: "547030.0" and "547030"
    are one area, so a batch holds one value and SHACL's sh:maxCount does not count two (both were
    rejected for it)."""
    if datatype in INTEGER_TYPES:
        if number != number.to_integral_value():
            return None
        value = int(number)
        if datatype in {str(XSD.nonNegativeInteger), str(XSD.positiveInteger)} and value < 0:
            return None
        return Literal(str(value), datatype=URIRef(datatype))
    canonical = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
    return Literal(canonical, datatype=URIRef(datatype))


def ambiguous_grouping(relation: Relation, text: str, language: Language = ENGLISH) -> str | None:
    """Why ``text`` gives no one figure of the numeric ``relation`` in a language that writes a decimal point
    (:attr:`kg.languages.Language.decimal_comma` False or None), or None: its figure has one dot before three zeros,
    "66.000 ha", which a European answer writes for 66,000 and no one for 66 to three decimals (an English domain
    reads a dot as a decimal point, so it would be 66). "2.650 g/cm³" and "1.512" are decimals; a German
    domain's "66.000" is 66,000.

    >>> from kg.ontology import Relation
    >>> area = Relation("vineyardArea", URIRef("x:a"), "", "", datatype=XSD.decimal, object_is_literal=True)
    >>> ambiguous_grouping(area, "66.000 ha"), ambiguous_grouping(area, "2.650"), ambiguous_grouping(area, "66,000 ha")
    ("an ambiguous figure ('66.000': 66, or 66,000 as Europe writes it), not one value", None, None)
    """
    if language.decimal_comma or str(relation.datatype or "") not in INTEGER_TYPES | DECIMAL_TYPES:
        return None
    found = _ROUND_THOUSANDS.search(text)
    if found is None or not any(m.group(0).strip() == found.group(0) for m in _NUMBER.finditer(text)):
        return None
    whole = found.group(0).split(".")[0]
    return f"an ambiguous figure ({found.group(0)!r}: {whole}, or {whole},000 as Europe writes it), not one value"


_OTHER_EVENTS = (
    (re.compile(r"birth|born", re.IGNORECASE), re.compile(r"\b(?:bapti[sz]\w*|christen\w*)", re.IGNORECASE), "a baptism date, not the birth"),
    (re.compile(r"death|died", re.IGNORECASE), re.compile(r"\b(?:buried|burial|interred|interment)\b", re.IGNORECASE), "a burial date, not the death"),
)
"""A date a gloss says is of another event than the relation's: "6 June 1599 (baptised)" is no birth date."""


_SPRINT = re.compile(r"(?<![\d.,])0\s*[-–—]\s*(\d{2,3})\s*(km/h|kph|mph)(?![\w/])", re.IGNORECASE)
"""The speeds an acceleration is timed between, the quantity's label, no range: "0–100 km/h", "0-60 mph"."""


def _sprint_speed(match: re.Match[str]) -> float:
    """The speed a sprint ends at, in km/h: "0-62 mph" is 0–100 km/h as Europe writes it in miles."""
    return int(match.group(1)) * (1.609344 if match.group(2).casefold() == "mph" else 1)


def _other_sprint(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives the time of another sprint than the one ``relation`` names ("0–60 mph in
    1.99 s" of a 0–100 km/h time), or None."""
    given = _SPRINT.search(text)
    own = _SPRINT.search(" ".join((relation.name, *relation.synonyms, relation.prompt or "")))
    if given is None or own is None or abs(_sprint_speed(given) - _sprint_speed(own)) < 1:
        return None
    return f"a {given.group(0)} time, not the {own.group(0)} time {relation.name} is"


def _unsprinted(text: str) -> str:
    """``text`` less the speeds its time is of (the quantity's label): "0–100 km/h: 2.1 s" is "2.1 s",
    "2.5 s (0–100 km/h)" "2.5 s"."""
    if _SPRINT.search(text) is None:
        return text
    bare = re.sub(r"\(\s*\)|\[\s*\]", " ", _SPRINT.sub(" ", text))
    return re.sub(r"^\s*(?:[:–—-]|in\b|time\b)*\s*", "", bare).strip()


_WIDER = re.compile(
    r"\ball\s+(?:generations|models|versions|variants|editions|series)\b|\b(?:generations|models|versions|variants)\s+combined\b"
    r"|\btotal\s+(?:for|of|across)\s+all\b|\bacross\s+all\s+(?:generations|models|versions|variants)\b", re.IGNORECASE)
"""A gloss that widens a figure to more than its subject: "~50 million (Corolla, all generations)" is no one generation's."""


def wider_figure(relation: Relation, head: str, text: str) -> str | None:
    """Why ``text`` gives a figure of more than ``head``, one generation or model of a line (its name
    has a bracket or a number: "Toyota Corolla (E210)"), or None: "~50 million (Corolla, all
    generations)" is the whole line's."""
    if str(relation.datatype or "") not in INTEGER_TYPES | DECIMAL_TYPES or not re.search(r"[(\d]", head):
        return None
    wider = _WIDER.search(text)
    return None if wider is None else f"a figure of more than {head} ({wider.group(0)!r}), not its own"


def other_event(relation: Relation, text: str) -> str | None:
    """Why ``text`` (an answer or its gloss) gives the date of another event than the date
    relation ``relation``'s, or None: "6 June 1599 (baptised)", "31 October 1632 (baptism)" for a
    birth date, "(buried)" for a death date; or the time of another sprint than the one it names
    ("0–60 mph" of a 0–100 km/h time)."""
    if (sprint := _other_sprint(relation, text)) is not None:
        return sprint
    if str(relation.datatype or "") not in _DATED_TYPES:
        return None
    names = " ".join((relation.name, *relation.synonyms))
    return next((why for event, said, why in _OTHER_EVENTS if event.search(names) and said.search(text)), None)


_TOLL_WORDS = {"toll", "deaths", "fatalities", "casualties", "victims", "killed", "count"}
"""Words that make a whole-number relation a count of things ("deathToll", "casualties", "moonCount"), with
"number" first ("numberOfMoons"; a "jerseyNumber" is no count)."""
_NONE_OF = re.compile(
    r"\s*(?:none|zero|nil|no\s+(?!(?:known|reliable|official|confirmed|reported|recorded|data|records?|figures?|information|"
    r"estimates?|counts?|numbers?|answer|idea|one)\b)[^\W\d_]+(?:\s+[^\W\d_]+)?)"
    r"\s*\.?\s*(?:\(\s*(?:no|none|zero)\b[^()]*\))?\s*\.?\s*", re.IGNORECASE)
"""An answer that says there was none: "None", "None (no direct fatalities)", "No deaths", "Zero"; not "None known", "No
reliable figures", "No data", "No confirmed deaths" (none known is no count of 0), nor "None (buried in ash)"."""


def none_counted(relation: Relation, text: str) -> bool:
    """Whether ``text`` answers the count ``relation`` (a whole number of things: "deathToll", "numberOfMoons") with 0:
    it says there were none of them ("None (no direct fatalities)", "No deaths", "Zero"); a rank, a year, an index or
    a number that names (a VEI, a jersey number) has no none of 0, and "None known" is no count."""
    if str(relation.datatype or "") not in INTEGER_TYPES or is_rank(relation) or "year" in relation.name.casefold():
        return False
    phrases = [[w.casefold() for w in _UNIT_WORD.findall(phrase)] for phrase in (relation.name, *relation.synonyms)]
    counted = any(set(words) & _TOLL_WORDS or words[:1] in (["number"], ["num"]) for words in phrases)
    return counted and _NONE_OF.fullmatch(text) is not None


_SIDE_FIGURE = re.compile(
    r"(?<![\w.,])\d[\d,.]*\+?\s+(?:(?:(?:thousand|million|billion)\s+)?(?:in|among)\s+(?:the\s+)?)?([A-Z][^\W\d_]+)(?![^\W_])")
"""A figure and the capitalised word after it that may name whose it is: "86,000 Romans", "30,000+ Axis", or where:
"53,537 in Turkey", "2.1 million in Paris"."""
_SIDE_JOIN = re.compile(r"\s*(?:,|;|\band\b|\bvs?\.?|\bversus\b|\bagainst\b)\s*(?:[^\W\d_]+\s+){0,2}?[~≈]?\s*", re.IGNORECASE)
"""What joins one side's figure to the next: "and", "vs", a comma, with a word or two of how it is given ("and about")."""


def _per_side(relation: Relation, text: str) -> bool:
    """Whether ``text`` gives figures one after another, each followed by a capitalised word of its own that is no
    word of ``relation``, a month, a scale or a currency (the side it is of): "86,000 Romans and 50,000 Carthaginians",
    "About 13,500 Allied and 30,000+ Axis casualties", "104,000 Union vs 75,000 Confederate", "53,537 in Turkey and 8,476 in
    Syria" (the place each is of); not a whole with its
    sides in brackets ("About 46,000 (23,000 Union and 23,000 Confederate)"), nor "11 Seasons and 256 Episodes" of
    seasons, nor "about 160,000 men and 300 guns" (no side named)."""
    names = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase)}
    plain = _BRACKETED.sub(" ", text)
    sides = [m for m in _SIDE_FIGURE.finditer(plain) if not _side_word_is_other(m.group(1), names)]
    joined = any((join := _SIDE_JOIN.match(plain, a.end())) is not None and join.end() == b.start() for a, b in zip(sides, sides[1:]))
    return joined and len({m.group(1) for m in sides}) > 1


def _side_word_is_other(word: str, names: set[str]) -> bool:
    """Whether ``word`` after a figure says what the figure is, or when, not whose: a word of the relation, a month, a
    scale ("Million"), a currency, an era."""
    folded = word.casefold()
    return (folded in names or folded.rstrip("s") in names or folded in _SCALE or bool(_currencies(word))
            or folded[:3] in ENGLISH_MONTH_ABBREVIATIONS or word in {"BC", "BCE", "AD", "CE"})


_EQUIPMENT = re.compile(
    r"(?:aircraft|airplanes|planes|fighters|bombers|carriers|ships|warships|vessels|battleships|cruisers|destroyers|frigates"
    r"|submarines|tanks|guns|cannons?|artillery|vehicles|horses|elephants|chariots|galleys)\b", re.IGNORECASE)
_TROOP_WORDS = frozenset({"troop", "troops", "strength", "personnel", "soldiers", "men", "army", "casualties", "losses", "killed", "dead"})


def _equipment_count(relation: Relation, text: str) -> str | None:
    """Why ``text``'s figure counts machines or animals of war, not the people a relation of troops or casualties
    counts ("3 carriers and ~360 aircraft" of a troop strength), or None ("about 160,000 men and 300 guns": the men)."""
    names = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in _UNIT_WORD.findall(phrase)}
    first = _NUMBER.search(text)
    if not names & _TROOP_WORDS or first is None:
        return None
    after = text[first.end():]
    counted = _EQUIPMENT.match(text, first.end() + len(after) - len(after.lstrip(" +")))  # "3 carriers", "30+ tanks"
    return f"a count of {counted.group(0)}, not of the people {relation.name} counts" if counted else None


_PER_100 = re.compile(r"\bper\s+100\s?(?:g|grams?)(?![^\W_])", re.IGNORECASE)
"""A relation's basis, a food's hundred grams: "energy per 100 g (kcal)", "potassium per 100 g (mg)"."""
_SERVING_SIZES = r"small|medium|large|whole|single|cups?|servings?|slices?|pieces?|portions?|handful|glass|bowl|tablespoons?|teaspoons?|tbsp|tsp"
_SERVING = re.compile(
    rf"^\W*(?:an?|one|1)\s+(?:{_SERVING_SIZES})\b|^\W*1\s+(?!\d)[^\W\d_]+"  # "A medium avocado (200 g) has ...", "1 cup chopped carrots ≈ 52 kcal"
    rf"|\b(?:in|per)\s+(?:an?|one|1)\s+[^\W\d_]+|\bper\s+(?!100\b|cent\b)(?:{_SERVING_SIZES}|[^\W\d_]+\b(?!\s*%))",  # "in a medium banana", "per mango"
    re.IGNORECASE)
"""A serving an answer's figure is of: a count of one, or "a"/"an" and a serving's size, opening the answer, or "in a ...",
"per ..." after its figure (not "per 100 g", "per cent")."""


def _per_serving(relation: Relation, text: str) -> str | None:
    """Why ``text`` is no value of a relation given per 100 g ("energy per 100 g (kcal)") where it gives a figure of a
    serving, or None: "1 cup chopped carrots ≈ 52 kcal", "A medium avocado (200 g) has about 322 calories", "About
    564 mg per mango" (a figure per 100 g beside it is read: :func:`per_100_gloss`); "116 kcal per 100 g cooked" is one."""
    phrases = (relation.name, *relation.synonyms, relation.prompt, relation.verbalization)
    if not any(_PER_100.search(p) for p in phrases) or _PER_100.search(text):
        return None
    serving = _SERVING.search(text)
    if serving is None or (unit_in(serving.group(0)) is not None and not _SERVING_WORD.search(serving.group(0))):
        return None  # "1 g", "per kg"
    return "per serving, not per 100 g"


_SERVING_WORD = re.compile(rf"\b(?:{_SERVING_SIZES})\b", re.IGNORECASE)


def per_100_gloss(relation: Relation, item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` gives a figure of a serving for a relation given per 100 g and the ``gloss`` split
    off it the figure per 100 g: "About 564 mg per mango (168 mg per 100 g)" gives 168."""
    return (_per_serving(relation, item) is not None and _PER_100.search(gloss) is not None
            and value_problem(relation, gloss) is None and value_literal(relation, gloss) is not None)


_TOTAL_COUNT = re.compile(r"\b(?:mintages?|minted|deaths?|fatalities|casualties|killed|victims)\b", re.IGNORECASE)
"""The words of a relation whose value is a count of all time, never of a year: a coin's mintage, a
mountain's or a storm's deaths."""
_STRUCK = re.compile(r"\b(?:mintages?|minted)\b", re.IGNORECASE)
"""The words of a count made over many years, of which one year's is never the whole: a coin's mintage
(a storm's or an earthquake's deaths "in 1995" are its own year's, the whole)."""
_PER_YEAR = re.compile(
    r"^\W*vari(?:es|able|ed)\b|\bvar(?:ies|ied|ying|y)\s+(?:by|from|with\s+the|each)\s+(?:year|issue|date|mintage)\b"
    r"|\b(?:per\s+(?:year|annum|season)|a\s+year|each\s+year|every\s+year|annually|yearly|year\s+by\s+year)\b",
    re.IGNORECASE)
"""A figure given per year, or a count said to vary ("Varies by year; ...", "varies; ..."); not its estimates' doubt
("c. 65,000 (estimates vary)")."""
_IN_A_YEAR = re.compile(r"\b(?:in|during|for)\s+(?:the\s+year\s+)?(?P<in>1\d{3}|20\d{2})\b(?![-–/]\d)|\((?P<bracket>1\d{3}|20\d{2})\)")


def _words_of(relation: Relation) -> str:
    """``relation``'s name, its camel case cut into words ("deathCount" is "death Count"), and its synonyms."""
    return " ".join((re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name), *relation.synonyms))


def yearly_count(relation: Relation, text: str) -> str | None:
    """Why ``text`` is no value of ``relation``, a count of all time (:data:`_TOTAL_COUNT`), where it gives
    a rate or a count that varies ("roughly 10 per year" of a mountain's deaths, "varies; about 1,000,000
    annually" of a mintage), or one year's count of a count made over many (:data:`_STRUCK`: "about 205
    million in 1987", "10,712,525,000 (1982)" of a mintage); None otherwise, and of a relation that is a
    year's figure (:func:`_yearly`).

    >>> from kg.ontology import Relation
    >>> def count(name): return Relation(name, URIRef(f"ex:{name}"), "{head}?", "{head} {tail}", object_is_literal=True)
    >>> yearly_count(count("deathCount"), "roughly 10 per year"), yearly_count(count("mintage"), "about 205 million in 1987")
    ('a rate or a count that varies, not the whole number of deaths', "one year's figure (1987), not the whole mintage")
    >>> yearly_count(count("deathCount"), "5,502 in 1995"), yearly_count(count("population"), "67.8 million (2023)")
    (None, None)
    """
    words = _words_of(relation)
    if (count := _TOTAL_COUNT.search(words)) is None or _yearly(relation) or not re.search(r"\d|\bvar", text):
        return None
    noun = "mintage" if _STRUCK.search(words) else f"number of {count.group(0).casefold().rstrip('s')}s"
    if _PER_YEAR.search(text):
        return f"a rate or a count that varies, not the whole {noun}"
    if _STRUCK.search(words) and (year := _IN_A_YEAR.search(text)) is not None:
        return f"one year's figure ({year['in'] or year['bracket']}), not the whole {noun}"
    return None


_NO_FIGURE_LEAD = re.compile(
    r"\W*(?:i\s+(?:do\s+not|don['’]?t|dont)\s+have|there\s+(?:is|are)\s+no|no)\s+(?:any\s+|an?\s+)?"
    r"(?:(?:reliable|accurate|verified|precise|specific|exact|official|firm|good|solid|consistent|confirmed)\s+)*"
    r"(?:data|figures?|information|records?|statistics|numbers?|counts?|estimates?)\b", re.IGNORECASE)
"""A teacher's lead saying it has no figure it vouches for: "I don't have reliable data; estimates range from 1,000 to
several thousand", "No reliable figures, but about 300": what follows is a guess, never the value."""


def unvouched_figure(text: str) -> str | None:
    """Why ``text`` gives no value where it opens saying the teacher has no reliable figure
    (:data:`_NO_FIGURE_LEAD`) and goes on to give one anyway, or None ("Reliable data: 1,000" is a value).

    >>> unvouched_figure("No reliable data; estimates range from 1,000 to several thousand.")
    "hedged: the teacher says it has no reliable figure ('No reliable data')"
    >>> unvouched_figure("1,000 (no reliable data before 1950)") is None, unvouched_figure("Reliable data: 1,000") is None
    (True, True)
    """
    lead = _NO_FIGURE_LEAD.match(text)
    if lead is None or not re.search(r"(?<![^\W\d_])\d", text[lead.end():]):
        return None
    return f"hedged: the teacher says it has no reliable figure ({lead.group(0).strip()!r})"


_CONTINENTS = frozenset((
    "Africa", "Asia", "Europe", "North America", "South America", "Latin America", "Central America", "Oceania", "Antarctica",
    "Sub-Saharan Africa", "West Africa", "East Africa", "North Africa", "Southern Africa", "East Asia", "South Asia", "Southeast Asia",
    "Central Asia", "Middle East", "Western Europe", "Eastern Europe", "Americas", "Caribbean",
))
_PLACE_NAMED = re.compile(r"\((?:in\s+)?(?:the\s+)?(?P<bracket>[A-Z][^()\d,;]*?)\)|\b(?:in|across)\s+(?:the\s+)?(?P<in>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)")
_PLACE_PARTS = re.compile(r";\s*|,\s+(?=[^,;]*\d)|\s+(?:but|while|whereas)\s+")


def _places_named(part: str) -> set[str]:
    """The countries, states and continents ``part`` names in brackets or after "in": "About 10 t/ha (Africa)" names
    Africa, "up to 25 t/ha in Asia" Asia; "(Mw)", "in March" none."""
    places = COUNTRIES | STATES | TERRITORIES | _CONTINENTS
    return {name for m in _PLACE_NAMED.finditer(part) if (name := (m["bracket"] or m["in"]).strip()) in places}


def several_places(text: str) -> bool:
    """Whether ``text`` gives figures each of another place ("About 10 t/ha (Africa); up to 25 t/ha in Asia",
    "5.8 t/ha in the United States, 3 t/ha in Brazil"): several values, one of each, never the relation's one.

    >>> several_places("About 10 t/ha (Africa); up to 25 t/ha in Asia"), several_places("10 t/ha (in Kenya; a 2019 survey)")
    (True, False)
    >>> several_places("5.8 t/ha in the United States, 3 t/ha in Brazil"), several_places("1,000 (US); 1,000 (US)")
    (True, False)
    """
    masked = _BRACKETED.sub(lambda m: m.group(0).replace(";", "\0").replace(",", "\0"), text)
    parts = [p for p in _PLACE_PARTS.split(masked) if re.search(r"(?<![^\W\d_])\d", p)]
    places = [frozenset(_places_named(p.replace("\0", ","))) for p in parts]
    return len(parts) > 1 and all(places) and len(set(places)) == len(places)


def value_problem(relation: Relation, text: str) -> str | None:
    """Why ``text`` is not one value of the numeric, year or date relation ``relation``, or None: a
    range ("75 to 325 mg", "1991 or 1992", "18–19 June 1815"), a decade ("the early 1990s"), a
    product ("4 × 1,100 MW"; an object's sides, "349.3 × 776.6 cm", give its height, width or depth) or a sum ("4 + 2"), several figures in one unit ("7,965 MW (net) / 8,212 MW (gross)";
    each dated by a year of its own, "101.6 TWh (2020), 88.2 TWh (2021)", the latest's is read), a
    figure's bound ("over 1,600", "1,600+": the value is not 1,600; "about 1,600" is), a date of
    another event (:func:`other_event`: "6 June 1599 (baptised)"), or a unit other than the one the relation names
    ("0.5 g", "50 micrograms" for ``dosageMg``) or declares (``unit = "km²"``: "3 kg"; a figure in
    another unit of area is converted, :func:`kg.units.convert`), or a currency other than the one
    it names in its name, synonyms or prompt ("¥30.4 billion" for a box office in US dollars; a
    figure also given in its own is read, :func:`value_literal`), figures each labelled before a colon
    ("BJP: 36.56%; NDA: ~43%"), or a figure of another quantity (:func:`_other_quantity`: "turnout
    66.6%" of a vote share). The speeds a time is of label it ("0–100 km/h: 2.1 s"), no range."""
    dt = str(relation.datatype or "")
    if (event := other_event(relation, text)) is not None:
        return event
    if (unvouched := unvouched_figure(text)) is not None:
        return unvouched  # "I don't have reliable data; estimates range from 1,000 to several thousand."
    if dt == str(XSD.date):
        return RANGE_PROBLEM if _DAY_RANGE.search(text) else None
    if dt not in INTEGER_TYPES and dt not in DECIMAL_TYPES and dt != str(XSD.gYear):
        return None
    if dt != str(XSD.gYear) and (yearly := yearly_count(relation, text)) is not None:
        return yearly  # "roughly 10 per year" of a mountain's deaths, "about 205 million in 1987" of a mintage
    if dt != str(XSD.gYear) and _vector_only(text):
        return "a vector of fields, not a score or figure"  # "CVSS:3.1/AV:N/AC:L/...": 3.1 is the vector's version
    if (dt == str(XSD.gYear) or "year" in relation.name.casefold()) and split_year(text):
        return SPLIT_YEAR_PROBLEM  # "428/427 BC" of a birth year
    if dt != str(XSD.gYear) and (era := _era_problem(relation, text)) is not None:
        return era  # "c. 340 BC" of a count
    text = _own_subject_part(_unvectored(text)) if dt != str(XSD.gYear) else text  # "7.8 (Mw); the second event was 7.5–7.7"
    text = _without_noun_years(relation, _unsprinted(one_figure(_gravity_as_density(relation, text)))) if dt != str(XSD.gYear) else text  # "0–100 km/h: 2.1 s": 2.1 s, its label no range
    if dt in INTEGER_TYPES and is_rank(relation) and (bound := rank_problem(text)) is not None:
        return bound  # "Top 10"
    if (proportion := proportion_problem(relation, text)) is not None:
        return proportion  # "1 in 4,000 males and 1 in 8,000 females"
    if (scale := other_scale(relation, text)) is not None:
        return scale  # "~60 HRC" of a Brinell hardness
    text = as_fraction(relation, own_scale_part(relation, text))
    year = dt == str(XSD.gYear) or "year" in relation.name.casefold()
    if not year and _other_labels(relation, text):
        return "several values, not one"  # "~13 million L1, ~17 million L2" of total speakers
    if not year and several_places(text):
        return "several values, not one (one for each place)"  # "About 10 t/ha (Africa); up to 25 t/ha in Asia"
    if not year and (other := other_period(relation, text)) is not None:
        return other  # "195 km/h (10-minute)" of a 1-minute wind
    if not year and (qualified := _qualified_parts(relation, text)) is not None:
        if len(qualified) != 1:
            return "several values, not one (each averaged or measured otherwise, none the one the relation names)"
        text = qualified[0]  # "peak 160 mph (260 km/h)" beside the landfall's of a peak wind
    if not year and _labelled_values(text):
        return "several labelled values, not one"  # "BJP: 36.56%; NDA: ~43%"
    if not year and _VAGUE.match(text):
        return "no one figure (a span of units, no number)"  # "Weeks to years; most ... within 2 years"
    if not year and (serving := _per_serving(relation, text)) is not None:
        return serving  # "1 avocado ≈ 322 kcal" of an energy per 100 g
    if not year and (other := other_condition(relation, text)) is not None:
        return other  # "220 kg (males); females around 140 kg", "about 14 years in captivity" of a lifespan in the wild
    if not year and (other := _other_tonnage(relation, text)) is not None:
        return other  # "200,000 DWT" of a gross tonnage
    if not year and relation.unit is None and _per_side(relation, text):
        return "several values, not one (one for each side)"  # "86,000 Romans and 50,000 Carthaginians"
    if not year and relation.unit is None and (other := _equipment_count(relation, text)) is not None:
        return other  # "3 carriers and ~360 aircraft" of a troop strength
    if not year and ((other := no_transition(relation, text)) or (other := other_strength(relation, text))):
        return other  # "~500 °C (decomposes)" of a melting point; "flexural strength ~380 MPa" of a tensile strength
    if not year and (fraction := _fraction_of_percent(relation, text)) is not None:
        return fraction  # "0.875" of an urban share in % whose examples are 87.5, 31.2
    if not year and not is_rank(relation) and (other := _other_quantity(relation, text)) is not None:
        return other  # "turnout 66.6%" of a vote share, "majority of 174" of seats won, "312 electoral votes" in %
    text = _side(relation, text) or _named_part(relation, text) or _maximum_part(relation, text) or text  # "349.3 × 776.6 cm": the height, the width; "~17 million total"
    several = _not_one_value(text, year=year)
    if several is not None:
        return several
    if not year and changing_figure(text):
        return "several values, not one"  # "~30 Sv off Florida, increasing to 150 Sv by 55°W": one of each place
    if not year and _figures_given(text) and _latest(text) is None and not _NOW.search(text):
        return "several values, not one"  # "7,965 MW (net) / 8,212 MW (gross)"; of figures each of a year, the latest's is read
    plain = _BRACKETED.sub(" ", _plain(text))  # "14 GW (20 × 700 MW)", "1,320 MW — 165 × 8 MW turbines": the figure read is no product
    if not year and (first := _NUMBER.search(plain)) is not None:
        if _PRODUCT.match(plain, first.end()):  # "4 × 1,100 MW": 4 is no capacity
            return "a product of figures, not one value"
        if _SUM.match(plain, first.end()):  # "4 + 2": no bound ("1,600+" is)
            return "a sum of figures, not one value"
    bound = None  # "over 1,600" built: not 1,600 ("about 1,600" is); a unit refused says so first ("Mach 3.3+")
    if not year and (first := _NUMBER.search(text)) is not None and (
            _BOUND_BEFORE.search(text[: first.start()]) or (_BOUND_AFTER.match(text, first.end()) and not _UNCERTAINTY.match(text, first.end()))):
        bound = None if _UP_TO.search(text[: first.start()]) and names_maximum(relation) else "a bound, not one value"  # "Up to 40 m" of a maxHeight
    named = {_UNITS[w] for phrase in (relation.name, *relation.synonyms) for w in map(str.casefold, _UNIT_WORD.findall(phrase)) if w in _UNITS}
    first = _NUMBER.search(text)  # the figure read, before its gloss: "828 m (163 floors)" is a height
    if relation.unit is not None and relation.unit.measure == "length" and first and _COUNTED.match(text, first.end()):
        return f"a count of storeys, floors or levels, not the {relation.unit.name} {relation.name} is in"  # "30 storeys" is no 30 m
    if relation.unit is None and (scale := _unknown_scale(text)) is not None:  # "140 zillion": no 140
        return f"in {scale!r}, a scale kg does not read"
    if relation.unit is not None and (unknown := _unknown_unit(text)) is not None:  # "5972 Yg": no kg
        return f"in {unknown!r}, no unit kg reads, not the {relation.unit.name} {relation.name} is in"
    if relation.unit is not None:  # declared: a figure in another unit of its measure is converted (literal)
        unit = _unit_given(text, relation.unit, relation)
        if unit is not None:  # "Mach 1.6 (1,976 km/h)": the figure in the relation's own unit
            own = unit.measure == relation.unit.measure or _figure_in_own_unit(text, relation.unit, ENGLISH) is not None
            if not own and unit.measure == "ambiguous ton":  # "52,310 tons": 47,454 t, 53,150 t or 52,310 t
                return _ambiguous_tons(relation, unit)
            if not own and unit.measure in _NO_ONE_SIZE:  # "1 oz": 31.1 g or 28.3 g
                return f"in {unit.name}, {_NO_ONE_SIZE[unit.measure]}, not the {relation.unit.name} {relation.name} is in"
            return bound if own else f"in {unit.name}, not the {relation.unit.name} {relation.name} is in"
        named = {relation.unit.name}
    given = [_UNITS[w] for w in map(str.casefold, _UNIT_WORD.findall(text)) if w in _UNITS]
    if len(named) == 1 and given and given[0] not in named:
        return f"in {given[0]}, not the {next(iter(named))} {relation.name} is in"
    if relation.unit is None and (labelled := _label_unit(relation)) is not None:
        written = read_as(unit_in(text, labelled.measure), labelled)  # "0.511 MeV/c²" of a "rest mass (MeV)": MeV; "23 Calories" kcal
        if written is not None and written.measure in _NO_ONE_SIZE:  # "52 bu/ac" of an "average yield (t/ha)"
            return f"in {written.name}, {_NO_ONE_SIZE[written.measure]}, not the {labelled.name} the label of {relation.name} names"
        if written is not None and not _same_scale(written, labelled):  # "about 19 kb" of a "gene length in base pairs" with no unit declared
            return f'in {written.name}, not the {labelled.name} the label of {relation.name} names (declare unit = "{labelled.name}" to convert)'
    if relation.unit is None and _label_unit(relation) is None and (problem := _unknown_label_unit_problem(relation, text)) is not None:
        return problem
    currency = _currency(relation)
    currencies = _currencies(text) if currency is not None else []
    if currencies and currency not in currencies:  # "¥30.4 billion" for a box office in US dollars
        return f"in {currencies[0]}, not the {currency} {relation.name} is in"
    return bound


def _era_problem(relation: Relation, text: str) -> str | None:
    """Why ``text`` dated before Christ is no value of ``relation``, a relation of a number datatype, or None: a year BC
    is no figure of a count ("340 BC" of a number of dialogues); of a year relation, one the year reading finds no one
    year in ("the 4th century BC", "428/427 BC") is no year, nor a year AD."""
    if "year" not in relation.name.casefold():
        return f"a year before Christ, not a figure of {relation.name}" if figure_before_christ(text) else None
    if not before_christ(text) or lexical_form(str(XSD.gYear), text) is not None:
        return None
    return "no one year before Christ"


def _unit_given(text: str, unit: Unit, relation: Relation) -> Unit | None:
    """The unit of :data:`kg.units.UNITS` ``text`` gives its figure in, as a value of ``relation`` in ``unit``
    (:func:`kg.units.read_as`), or None; a length a year is a length of a relation whose name or label says it is a
    year's (an annual rainfall in mm: "1,200 mm per year" is 1,200 mm), a speed of any other ("30 m per year" of a
    glacier's length is refused)."""
    given = read_as(unit_in(text, unit.measure), unit)
    if given is not None and given.name.endswith("/yr") and unit.measure == "length" and _yearly(relation):
        return UNITS[given.name.removesuffix("/yr")]
    return given


_YEARLY = re.compile(r"\b(?:annual|annually|yearly|per\s+year|a\s+year|each\s+year|per\s+annum)\b", re.IGNORECASE)
"""A relation's name or label that names a year's figure: "annual rainfall", "rainfall per year"."""


def _yearly(relation: Relation) -> bool:
    """Whether ``relation`` is a figure of a year ("annual precipitation (mm)", ``annualRainfall``)."""
    return any(_YEARLY.search(phrase) for phrase in (re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name), *relation.synonyms))


_LABEL_UNIT = re.compile(r"\(\s*((?:[^()]|\([^()]*\))+?)\s*\)\s*$|\sin\s+([^()]+?)\s*$")
"""A unit a relation's label names in its last bracket or after a last "in": "Young's modulus (GPa)", "gene length in
base pairs" (as :mod:`kg.scaffold` reads a label)."""


def _label_unit(relation: Relation) -> Unit | None:
    """The unit of :data:`kg.units.UNITS` ``relation``'s synonyms (its label among them) name, where it declares none (a
    domain written before kg read the unit), or None: "gene length in base pairs" names bp; "years in service" none."""
    for phrase in relation.synonyms:
        if (m := _LABEL_UNIT.search(phrase)) is not None and (unit := unit_named(m.group(1) or m.group(2))) is not None:
            return unit
    return None


def _unknown_label_unit_problem(relation: Relation, text: str) -> str | None:
    """Why a figure in a unit of :data:`kg.units.UNITS` is no value of ``relation``, whose label names a unit kg does not
    know that begins with another of them (a domain's "(km/s)", written before kg read it), or None: "6100 m/s" of a
    "seismic velocity (km/s)" is no 6,100 km/s; "6.1 km/s" is read, and so is a figure with no unit."""
    for phrase in relation.synonyms:
        if (m := _LABEL_UNIT.search(phrase)) is None or (begun := _unit_begun(m.group(1) or m.group(2))) is None:
            continue
        given = unit_in(text, begun.measure)
        if given is not None and not _same_scale(given, begun):
            return f"in {given.name}, not the {(m.group(1) or m.group(2)).strip()} the label of {relation.name} names, no unit kg knows"
    return None


def _unit_begun(phrase: str) -> Unit | None:
    """The unit of :data:`kg.units.UNITS` a label's unit kg does not know begins with (the longest): "km/s" → km,
    "t CO2 per capita" → t, "mg/kg" → mg; "service" (of "years in service") and "Mw" none."""
    found = ((m.end(), u) for u in UNITS.values() if (m := u.written.match("1 " + phrase.strip(), 2)) is not None)
    return max(found, key=lambda end_unit: end_unit[0], default=(0, None))[1]


def _same_scale(given: Unit, unit: Unit) -> bool:
    """Whether a figure in ``given`` is the same figure in ``unit``: the same unit, or one of a measure's units of one
    size (a salinity's ‰ and PSU)."""
    return given == unit or given.measure == unit.measure and given.size == unit.size and given.origin == unit.origin


_NO_ONE_SIZE = {"ambiguous ounce": "troy or avoirdupois (not said which)", "crop bushel": "a unit whose weight depends on the crop"}
"""The measures of :data:`kg.units.UNITS` whose unit has no one size, and why: a bare ounce is a coin's troy ounce
(31.1 g) or a food's avoirdupois one (28.3 g); a bushel per acre weighs what the crop's bushel weighs (60 lb of soybeans,
56 lb of maize)."""


def _ambiguous_tons(relation: Relation, unit: Unit) -> str:
    """Why a figure in tons of no one kind is no value of ``relation``: "52,310 tons" is 47,454 t, 53,150 t or
    52,310 t; "60 megatons" is of those, or a TNT equivalent (an energy), where "60 Mt" and "60 megatonnes" are mass."""
    own = f"not the {relation.unit.name if relation.unit else ''} {relation.name} is in"
    if unit.name == "ton":
        return f"in tons, short, long or metric (not said which), {own}"
    return f"in {unit.name}s, of short, long or metric tons or of TNT (not said which), {own}"


_CENTURY = re.compile(r"\b(?:centur(?:y|ies)|jahrhunderts?|jh\.|siècles?|siglos?|secol[oi]|séculos?|eeuw(?:en)?)(?!\w)", re.IGNORECASE)
"""A century named: "13th century", "13. Jahrhundert", "XIIIe siècle", "siglo XIII", "XIII secolo"."""


_CENTURY_NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|\.)?\s*(?:centur(?:y|ies)|jahrhunderts?|jh\.)", re.IGNORECASE)


def century_year(relation: Relation, item: str, gloss: str) -> str | None:
    """The year, as text to read, where an answer's ``item`` names a century, no value of
    ``relation``, and the ``gloss`` split off it one value, the year: "siglo XIII (1218)", "im 13.
    Jahrhundert (1218)", "13th century (1218)" give 1218; "10th century (964)" gives "AD 964" (a
    number below 1000 alone is no year, but one in the century beside it is); else None."""
    if not _CENTURY.search(item) or value_literal(relation, item) is not None:
        return None
    named = _CENTURY_NUMBER.search(item)
    if named is not None and re.fullmatch(r"\d{1,3}", gloss.strip()) and 0 <= int(named.group(1)) * 100 - int(gloss) < 100:
        gloss = f"AD {gloss.strip()}"
    return gloss if value_problem(relation, gloss) is None and value_literal(relation, gloss) is not None else None


def label_before_value(relation: Relation, item: str, gloss: str, span: str) -> str | None:
    """The text to read where an answer's ``item`` is a label before a colon and the ``gloss``
    split off it the figure or date of ``relation`` it labels ("first power: 21 December 2024"
    gives "21 December 2024", "Unit 1: 1,100 MW" "1,100 MW"; a year that dates a figure stays
    with it, "2020: 101.6 TWh"), or None: the gloss is read, and quarantined with its own reason
    where it gives no value."""
    dt = str(relation.datatype or "")
    if not (dt in INTEGER_TYPES or dt in DECIMAL_TYPES or dt in _DATED_TYPES) or re.search(rf"{re.escape(item)}[*_\s]*:", span) is None:
        return None
    if dt not in _DATED_TYPES and "year" not in relation.name.casefold() and re.fullmatch(r"\d{4}", item.strip()):
        return f"{item.strip()}: {gloss}"
    if _FIGURE_LED.match(item) or not (re.search(r"\d", gloss) if dt in _DATED_TYPES else _FIGURE_LED.match(gloss)):
        return None
    return gloss


_DATED_TYPES = {str(XSD.date), str(XSD.dateTime), str(XSD.gYear), str(XSD.gYearMonth)}


def own_unit_gloss(relation: Relation, item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` gives the value of ``relation`` in another unit than it
    declares, and the ``gloss`` split off it the value in that unit itself: "1,553 mph (2,500
    km/h)" and "Mach 1.6 (1,976 km/h)" give 2,500 and 1,976 km/h, as written."""
    if relation.unit is None:
        return False
    unit = relation.unit
    if unit.written.search(gloss) is None and _decimal_unit(unit, item) is None:  # not "123 cm (1.2 m)": the item's as precise
        unit = _decimal_unit(unit, gloss) or unit  # "About 4 ft (1.2 m)" of a length in cm: 1.2 m, 120 cm
    if unit.written.search(gloss) is None or unit_in(item, unit.measure) in (None, unit) and not _fraction_of(item, gloss, unit):
        return False  # "627 PS (461 kW; 618 bhp)" of a power in hp: 618 bhp, written after another unit
    written = unit.written.search(gloss)
    start = max([0] + [m.end() for m in _ALTERNATIVE.finditer(gloss, 0, written.start() if written else 0)])
    if written is None or _figures(gloss[start : written.start()]) != 1:
        return False  # "14 GW (20 × 700 MW units)": the units, no figure of the 14 GW
    if not _FIGURE_LED.match(gloss, start):
        return False  # "4 ft (shoulder height 80 cm)" of a body length: a labelled figure, of another length
    return value_problem(relation, gloss) is None and value_literal(relation, gloss) is not None


def _decimal_unit(unit: Unit, text: str) -> Unit | None:
    """The unit ``text`` gives its figure in where it is ``unit`` or of its measure and a power of ten of it
    (metres of a length in cm: "1.2 m" is 120 cm as written; no foot, no mile), or None."""
    given = unit_in(text, unit.measure)
    return given if given is not None and _power_of_ten(given, unit) else None


def _power_of_ten(given: Unit, unit: Unit) -> bool:
    """Whether ``given`` is a unit of ``unit``'s measure a power of ten of it (m of cm, kg of t; no ft of m, no °C of K)."""
    return given.measure == unit.measure and not (given.origin or unit.origin) and (given.size / unit.size).normalize().as_tuple().digits == (1,)


def _figure_in_metric_unit(text: str, unit: Unit, language: Language) -> Decimal | None:
    """The figure ``text`` also gives beside one in another unit in a unit a power of ten of ``unit``, in ``unit``,
    where the bracket (or the part after "/", "or") opens with it ("About 4 ft (1.2 m) head and body" of a length in
    cm gives 120), or None."""
    metric = sorted(((m.start(), u.name) for u in UNITS.values() if u != unit and _power_of_ten(u, unit) and (m := u.written.search(text))))
    for start, name in metric:
        given, opens = UNITS[name], [m.end() for m in _ALTERNATIVE.finditer(text, 0, start)]
        if opens and _FIGURE_LED.match(text, opens[-1]) and (figure := _figure_in_own_unit(text, given, language)) is not None:
            return convert(figure, given, unit)  # not "4 ft (shoulder height 0.8 m)": the bracket's figure is of another length
    return None


def _fraction_of(item: str, gloss: str, unit: Unit) -> bool:
    """Whether ``item`` is a bare figure that is the fraction ``gloss`` gives in %: "0.001 (0.1%)" of a rate in %
    (not "50 (0.5%)", two figures that disagree)."""
    if unit.measure != "percent" or not _bare_figure(item):
        return False
    fraction, percent = parse_number(item), parse_number(gloss)
    return fraction is not None and percent is not None and fraction * 100 == percent


def _bare_figure(item: str) -> bool:
    """Whether ``item`` is a figure and nothing else: "0.001", "~50" (not "50%", "50 cases")."""
    return re.fullmatch(r"[~≈]?\s*\d[\d.,]*", item.strip()) is not None


def other_percent(relation: Relation, item: str, gloss: str) -> str | None:
    """Why an answer's bare figure ``item`` and the one figure in % its ``gloss`` gives are several values of
    ``relation`` in %, or None: "50 (0.5%)" is neither 50 % nor a fraction of 0.5 %, the answer says two rates;
    "0.001 (0.1%)" (the fraction, :func:`own_unit_gloss`), "50 (50%)" and "50 (2014: 40%)" (a dated figure) are none."""
    unit = relation.unit
    if unit is None or unit.measure != "percent" or not _bare_figure(item) or unit.written.search(gloss) is None or _figures(gloss) != 1:
        return None
    figure, percent = parse_number(item), parse_number(gloss)
    if figure is None or percent is None or percent in (figure, figure * 100):
        return None
    return "several values, not one"


def _plain(text: str) -> str:
    """``text`` with a figure's LaTeX and superscripts as plain text: ``\\(6.43\\times10^5\\)`` is
    `` 6.43×10^5 ``, ``$\\approx 68$ million`` ``68 million``, ``1{,}285{,}216`` ``1,285,216``,
    ``68.4\\text{ million}`` ``68.4 million``; ``1.977 × 10⁻³`` ``1.977 × 10^-3``."""
    if "{" in text or "\\" in text or "$" in text:
        text = _LATEX_MATH.sub(r" \1 ", text)
        text = _LATEX_TEXT.sub(r"\1", _LATEX_TIMES.sub("×", text))
        text = _LATEX_SPACE.sub(" ", text).replace("{", "").replace("}", "")
    return powers_of_ten(text)


_UNCERTAINTY = re.compile(r"\s*(?:±|\+/-|\+/−|\+-)\s*\d+(?:[.,]\d+)?")
"""The uncertainty written after a figure: "156.3 ± 2", "68 +/- 0.5"; the figure is the value, its scale and unit after both."""
_WORD_END = re.compile(r"(?:\[\d{1,3}\]|[)\]])+$")
"""What closes a gloss or marks a footnote after a scale word: "(≈ US$26 billion)", "26 billion[1]"."""


def _scale_word(word: str) -> str:
    """A word after a number as a scale word is written: "13 million, though ...", "Mio.",
    "Mrd." (not "m.", metres at a sentence's end), "billion)" at a gloss's end, "billion[1]"
    before a footnote (not "m)", no letter of a scale there either)."""
    word = word.rstrip(",;:+")  # "10 million+": a bound of 10 million, no 10
    bare = _WORD_END.sub("", word).rstrip(",;:+")
    return bare.rstrip(".") if len(bare) > 2 else word


_CONCISE_UNCERTAINTY = re.compile(r"(?<![\w.,])(?P<figure>\d+\.(?P<decimals>\d+))\((?P<digits>\d{1,3})\)(?=\s*(?:[x×·*]\s*10|[eE][-+\u2212]?\d|[^\W\d_]|$))")
"""A figure with its uncertainty in its last digits in brackets, as CODATA writes it: "9.1093837015(28)×10⁻³¹ kg"."""
_BRACKETED_UNCERTAINTY = re.compile(
    r"\(\s*(?P<inner>[-+\u2212]?\d[\d.,]*\s*(?:±|\+/-|\+/−|\+-)\s*\d[\d.,]*)\s*\)(?=\s*(?:[x×·*]\s*10\s*(?:\^|[⁻⁺¹²³⁴⁵⁶⁷⁸⁹⁰])|[eE][-+\u2212]?\d))")
"""A figure and its uncertainty in brackets before the power of ten of both: "(8.21 ± 0.11) × 10⁻¹¹ s"."""


def uncertainty_written_out(text: str) -> str:
    """``text`` with a figure's uncertainty written after it with ``±``, so that the power of ten and the unit after
    them are the figure's: the concise form's digits in brackets are the figure's last ones ("9.1093837015(28)×10⁻³¹
    kg" is "9.1093837015 ± 0.0000000028×10⁻³¹ kg"), and a bracket around a figure and its uncertainty before a power
    of ten is no gloss ("(8.21 ± 0.11) × 10⁻¹¹ s" is "8.21 ± 0.11 × 10⁻¹¹ s"). A name's brackets ("Ca5(PO4)3"), a
    footnote ("[28]"), a year in brackets after a figure ("9.8 (2019)") and a bracket with no power after it are as written.

    >>> uncertainty_written_out("1.67262192369(51)×10⁻²⁷ kg"), uncertainty_written_out("(8.21 ± 0.11) × 10⁻¹¹ s")
    ('1.67262192369 ± 0.00000000051×10⁻²⁷ kg', '8.21 ± 0.11 × 10⁻¹¹ s')
    >>> uncertainty_written_out("9.8 (2019)"), uncertainty_written_out("(about 30) × 2")
    ('9.8 (2019)', '(about 30) × 2')
    """
    def concise(match: re.Match[str]) -> str:
        digits = Decimal(match["digits"]).scaleb(-len(match["decimals"]))
        return f"{match['figure']} ± {format(digits, 'f')}"

    return _BRACKETED_UNCERTAINTY.sub(r"\g<inner>", _CONCISE_UNCERTAINTY.sub(concise, text))


_CONFIDENCE_GLOSS = re.compile(
    r"(?P<figure>[^()]*?\d[^()]*?)\s*\((?P<interval>[^()]*\b(?:CI|CrI|confidence\s+interval|credible\s+interval)\b[^()]*)\)\s*(?P<rest>[^()]*)")
"""A figure, its confidence interval in brackets and what it is of after them: "66.9% (95% CI 59.0–73.4) against moderate COVID-19"."""
_STANDALONE_FIGURE = re.compile(r"(?<![\w-])\d")
"""A figure of its own, not the digits of a name ("COVID-19", "SARS-CoV-2")."""


def confidence_interval_noted(text: str) -> tuple[str, str] | None:
    """(the figure, its note) of an answer that gives a figure, its confidence interval in brackets and words after them
    that give no other figure: "66.9% (95% CI 59.0–73.4) against moderate to severe/critical COVID-19" is "66.9%" noted
    "95% CI 59.0–73.4; against moderate to severe/critical COVID-19" (the interval is no range of the figure); None
    where the words after the bracket give a figure ("... in adults, 80% in the elderly") or there is no interval.

    >>> confidence_interval_noted("66.9% (95% CI 59.0–73.4) against COVID-19")
    ('66.9%', '95% CI 59.0–73.4; against COVID-19')
    >>> confidence_interval_noted("66.9% (95% CI 59.0–73.4) in adults, 80% in the elderly") is None
    True
    """
    match = _CONFIDENCE_GLOSS.fullmatch(text.strip())
    if match is None or _STANDALONE_FIGURE.search(match["rest"]) or _figures(match["figure"]) != 1:
        return None
    return match["figure"].strip(), "; ".join(filter(None, (match["interval"].strip(), match["rest"].strip(" .,;"))))


def parse_number(
    text: str, *, dates: bool = True, decimal_comma: bool | None = False, abbreviations: bool = True, kelvin: bool = True,
    scales: tuple[tuple[str, int], ...] = (),
) -> Decimal | None:
    """A number from text: ``"2,102,650"``, ``"about 2.1 million"``, ``"105.4 km²"``; with
    ``dates`` (a figure, not a year), a year that dates the figure is passed over ("As of 2023,
    ... 68 million" gives 68 million, "11 seasons, from 1972 to 1983" 11) unless no other number
    is there; a figure after "today"
    ("now", "currently") is taken over one before it ("In 1990 it had 5.1 million; today it has
    5.4 million" gives 5.4 million). ``decimal_comma``: how
    the answer's language writes decimals (:attr:`kg.languages.Language.decimal_comma`; German
    ``"ca. 3,76 Millionen"``, ``"1.512.491"``), see :func:`_digits`. A number in LaTeX is read
    as written (``\\(1{,}285{,}216\\)``, ``\\(6.43\\times10^5\\)``), and so is a power of ten in
    superscripts (``1.977 × 10⁻³``) and a sign in words ("minus 78.5"). A scale in letters
    (``68k``, ``2.1m``) is read unless ``abbreviations`` is False (a temperature: ``273.15K``);
    an upper-case ``K`` set apart from the figure is a kelvin, as SI writes it (``273.15 K``,
    ``1,074 K``), no thousand, unless ``kelvin`` is False (a count: a population of ``68 K``).
    ``scales``: the language's own scale words (:attr:`kg.languages.Language.scales`: Spanish's
    ``58 mil``), read before those every language shares; a scale word followed by a greater one
    multiplies by both (``3 mil millones``, three thousand millions)."""
    text = _undated(_plain(text)) if dates else _plain(text)
    found = list(_NUMBER.finditer(text))
    if not found:
        return None
    figures = [m for m in found if not (dates and _when(text, m)) and not _RANK_MARK.search(text, 0, m.start())] or found[:1]
    now = _NOW.search(text)  # "In 1990 ... 5.1 million; today ... 5.4 million": today's figure
    match = next((m for m in figures if now is not None and m.start() >= now.end()), figures[0])
    try:
        value = Decimal(_digits(match.group(0), decimal_comma))
    except InvalidOperation:
        return None
    if match.group(0)[:1].isdigit() and (_MINUS_WORD.search(text, 0, match.start()) or _BELOW_ZERO.match(text, match.end())):
        value = -value  # "minus 78.5 °C", "59 m below sea level", "40 below zero"
    if _CJK_SCALE.match(text, match.start()):
        return _cjk_number(text, match.start())
    after = _UNCERTAINTY.match(text, match.end())  # "156 ± 2 million years": the scale is the figure's
    if (power := _POWER.match(text, after.end() if after else match.end())) is not None:  # "6.8e7", "5.5 × 10^5", "8.21 ± 0.11 × 10^-11"
        return value.scaleb(int(power.group(1).replace("\u2212", "-")))
    rest = re.sub(r"[*_]", "", text[after.end() if after else match.end() :]).strip().casefold()  # "**1,08 million**": Markdown's bold
    word, then, *_ = [_scale_word(w) for w in rest.split(maxsplit=2)] + ["", ""]
    ranged = _RANGE_END.match(rest)  # "67 to 68 million", "1.2–1.4 billion": the range's scale
    abbreviated = abbreviations and not (kelvin and _KELVIN.match(text, match.end()))
    scale = {**_SCALE, **dict(scales)}
    if _unread_scale(word, then, scale):
        return None  # "4,2 Billionen US-Dollar" in English: a scale of another language's, no 4.2
    if word == "t" and abbreviated and _MONEY_BEFORE.search(text, 0, match.start()):  # "$1.5T": a trillion, no tonnes
        value *= 10**12
    elif word in scale and (abbreviated or word not in _ABBREVIATED):
        value *= scale[word]
        if scale.get(then, 0) > scale[word] and then not in _ABBREVIATED:  # "3 mil millones": a thousand millions
            value *= scale[then]
    elif ranged and (abbreviated or ranged.group(1) not in _ABBREVIATED):
        value *= _SCALE[ranged.group(1)]
    if not value.is_finite():
        return None
    return value


def _unread_scale(word: str, then: str, scale: dict[str, int]) -> bool:
    """Whether ``word`` (and ``then`` after it), after a number, is a scale ``scale`` does not hold: another language's
    (:data:`_OTHER_SCALES`: "billones"; "mil millones", a thousand millions in Spanish, where "mil" is none) or a
    character no language's scales read (``兆``, 10^12 in Japanese, 10^6 or 10^12 in Chinese)."""
    if word in scale:
        return False
    return word in _OTHER_SCALES or word == "mil" and then in scale and then not in _ABBREVIATED or word.startswith("兆")


_PORTION = re.compile(r"(?:\d+(?:[.,/]\d+)?|[½¼¾⅓⅔]|one|two|three|half\s+a)\s+\S", re.IGNORECASE)
"""A portion written as a count of something: "1 medium", "1/2 cup", "2 slices", "one cup"."""
_MEASURE = re.compile(r"(?:about\s+|approx\.?\s+|~\s*)?\d+(?:[.,]\d+)?\s?(?P<unit>[^\W\d_]{1,5}(?:\s?oz)?)\.?", re.IGNORECASE)
_KITCHEN_UNITS = frozenset({"ml", "l", "oz", "fl oz", "floz", "tbsp", "tsp", "cup", "cups", "kcal", "cal"})
"""Units a serving is measured in that :data:`kg.units.UNITS` does not hold."""


def measured_portion(value: str, gloss: str) -> bool:
    """Whether the bracket ``gloss`` after the text value ``value`` is the measure that defines
    it, a portion's weight or volume (``1 medium (182 g)``, ``1 cup (240 ml)``, ``1/2 cup (40 g)``),
    so part of the value; not a gloss of a name (``Ocean's Eleven (2001)``, ``(Linnaeus, 1758)``).

    >>> measured_portion("1 medium", "182 g"), measured_portion("Route 66", "3,940 km"), measured_portion("1 cup", "Linnaeus, 1758")
    (True, False, False)
    """
    measure = _MEASURE.fullmatch(gloss.strip())
    if measure is None or not _PORTION.match(value.strip()):
        return False
    unit = measure.group("unit").casefold()
    return unit in _KITCHEN_UNITS or unit_in(measure.group(0)) is not None
