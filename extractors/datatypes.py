"""Teacher text as the lexical form of an XSD date, year, time, duration or boolean.

A data property's answer comes as prose ("It was released in 1975.", "June 20, 1975",
"Yes"); the literal the graph keeps must be a valid lexical form of the property's datatype
(``"1975"^^xsd:gYear``, ``"1975-06-20"^^xsd:date``, ``"true"^^xsd:boolean``), or the answer is
unreadable. rdflib does not check ``xsd:gYear`` and the like (a ``"It was released in
1975"^^xsd:gYear`` is not ill-typed to it), and neither does SHACL's ``sh:datatype`` through it,
so a wrong form made here would pass every later check. Numbers are read by
:func:`extractors.figures.parse_number`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from rdflib import XSD, Literal, URIRef

from kg.languages import ENGLISH, ENGLISH_MONTH_ABBREVIATIONS, ENGLISH_MONTHS, Language
from kg.xsd import lexically_valid, rdflib_quiet

__all__ = ["SPLIT_YEAR_PROBLEM", "before_christ", "contradicted_yes", "figure_before_christ", "lexical_form", "lexical_problem", "never_dated", "old_style_date", "rdflib_quiet", "without_event_years"]

_YEAR = re.compile(r"(?<![\d.,])((?:(?<![\w-])-)?\d{4})(?![\d.,]\d)")  # "mid-1450": 1450, no year -1450
_BC_ERA = (
    r"BCE|BC|B\.C\.E\.|B\.C\.|v\.\s?Chr\.?|vor\s+Christus|v\.\s?u\.\s?Z\.?|av\.\s?J\.?-?C\.?|avant\s+J[ée]sus-Christ"
    r"|a\.\s?(?:de\s+)?C\.?|antes\s+de\s+Cristo|avanti\s+Cristo"
)
"""Before Christ, in English and in the words of the languages of :mod:`kg.languages`: ``BC``,
``v. Chr.``, ``av. J.-C.``, ``a. C.`` (a final dot may be cut off as the sentence's end)."""
_AD_ERA = r"AD|A\.D\.|CE|C\.E\.|n\.\s?Chr\.?|nach\s+Christus|n\.\s?u\.\s?Z\.?|apr\.\s?J\.?-?C\.?|d\.\s?(?:de\s+)?C\.?|después\s+de\s+Cristo|dopo\s+Cristo"
_ERA_YEAR = re.compile(rf"(?<![\w.,-])(?:(?:AD|A\.D\.)\s*(\d{{1,4}})|(\d{{1,4}})\s*({_BC_ERA}|{_AD_ERA}))(?![\w.]\w)")
"""A year with its era: ``AD 14``, ``1450 CE``, ``44 BC``, ``44 v. Chr.`` (astronomical year -43:
XSD 1.1's year 0000 is 1 BC)."""
_GROUPED_ERA_YEAR = re.compile(rf"(?<![\w.,])(\d),(\d{{3}})(?=\s*(?:{_BC_ERA}|{_AD_ERA})(?![\w.]\w))")
"""A year of four digits with its era, grouped by a thousands comma: ``7,300 BC``."""
_BEFORE_PRESENT = re.compile(
    r"(?<![\w.,])(?P<cal>cal(?:ibrated)?\.?\s+)?(?P<years>\d,\d{3}|\d{1,5})\s*(?P<cal2>cal(?:ibrated)?\.?\s*)?(?:(?:yrs?|years)\.?\s+)?"
    r"(?:(?-i:BP|B\.P\.)(?![\w'’])(?!\s+plc\b)|before\s+present\b)", re.IGNORECASE)
"""A year before present, 1950 (radiocarbon's convention): ``1300 BP``, ``7,300 cal BP``, ``cal. 1300 BP``, ``1300 years
before present``; not a company ("2010 BP's", "BP plc")."""
_SHORT_YEAR = re.compile(r"\b(?:c|ca|circa|around|about|in|year)\.?\s+(\d{1,3})(?!\w|[.,]\d|\s+[A-Za-z%])", re.IGNORECASE)
"""A year before 1000 without its era, after ``c.``, ``in`` or ``year`` (``c. 481``, ``in 800``); not
alone: ``800``, like ``1``, ``12`` or ``999`` for a release, may be any number (``AD 800`` is a year)."""
_WRITTEN_YEAR = r"(?:(?:c|ca|circa)\.?\s*)?(?:A\.?D\.?\s*)?\d{1,4}(?:\s*(?:AD|A\.D\.|CE|C\.E\.|BCE|BC|B\.C\.E\.|B\.C\.))?(?:\s*\([^()]*\))?"
_YEAR_LIST = re.compile(rf"{_WRITTEN_YEAR}(?:\s*[,;]\s*{_WRITTEN_YEAR})+", re.IGNORECASE)
"""Years one after another, each maybe glossed: ``43 BC (triumvir), 27 BC (princeps)``, ``1975, 1976``."""
_TWO_DIGIT_YEAR = re.compile(r"['’‘]?\d{2}|.*(?<!\w)['’‘]\d{2}\b.*")
"""A year without its century: ``'66``, ``in '15``, ``73``."""
_CIRCA = re.compile(r"\b(c|ca|circa)\.(?=\d)", re.IGNORECASE)
_BC = re.compile(rf"\d\s*(?:{_BC_ERA})(?![\w.]\w)")
_ISO_DATE = re.compile(  # not "-0044-03-15" read as 44 AD; "1776-7-4" too; "1930-02-18T00:00Z": its day, the time dropped
    r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\w)")
_ISO_YEAR_MONTH = re.compile(r"\b(\d{4}-\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2}(?:st|nd|rd|th)? (?:of )?[A-Za-z]{3,9},? \d{4}|[A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4})\b")
_WORD_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_SEPT = re.compile(r"\b(Sep)t\b", re.IGNORECASE)
_MONTH_NAME = rf"(?P<month>{'|'.join(ENGLISH_MONTHS)}|(?:{'|'.join(ENGLISH_MONTH_ABBREVIATIONS)})\.?)"
_ERA_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}|{_MONTH_NAME.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)"
    r",?\s+(?:(?:AD|A\.D\.)\s*(?P<year>\d{1,4})|(?P<year2>\d{1,4})\s*(?:AD|A\.D\.|CE|C\.E\.))(?![\w.]\w)",
    re.IGNORECASE)
"""A day of a year written with its era, AD or CE, as a year before 1000 is: ``24 August 79 AD``, ``August 24, AD 79``."""
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_CLOCK = re.compile(r"(?<![\d:.])(?:(\d+):)?(\d{1,3}):([0-5]\d)(?![\d:]|\.\d)")
"""A length as a clock shows it: ``42:49`` (minutes and seconds), ``1:17:50`` (hours first)."""
_SPELLED = re.compile(
    r"(?<![\w.])(?=\d)(?:(\d+)\s*(?:days?|d)\b\.?[\s,]*(?:and\s+)?)?(?:(\d+)\s*(?:hours?|hrs?|h)\b\.?[\s,]*(?:and\s+)?)?"
    r"(?:(\d+)\s*(?:minutes?|mins?|m)\b\.?[\s,]*(?:and\s+)?)?(?:(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s)\b)?",
    re.IGNORECASE,
)
"""A length in words: ``48 minutes``, ``42 minutes 19 seconds``, ``53 min 21 s``, ``1 h 17 min``."""
_DURATIONS = (str(XSD.duration), str(XSD.dayTimeDuration))
_TRUE = {"yes", "true", "y", "1", "correct"}
_FALSE = {"no", "false", "n", "0", "incorrect"}


def lexical_form(datatype: str, text: str, language: Language = ENGLISH) -> str | None:
    """The lexical form of ``datatype`` that ``text`` gives, or None when it gives none (or
    several: "1975 or 1976"). Datatypes without a reading here keep ``text`` as it is, unless
    rdflib finds it ill-typed. A year is XSD 1.1's (:func:`_years`: ``44 BC`` is ``-0043``,
    ``AD 800`` ``0800``). ``language``: the answer's (its months' names, whether a date
    gives the day first, its yes and no)."""
    if datatype == str(XSD.gYear):
        text = _GROUPED_ERA_YEAR.sub(r"\1\2", text)  # "7,300 BC"
        if (before_present := _BEFORE_PRESENT.search(text)) is not None:
            return _calendar_year(before_present)
        if split_year(text):
            return None  # "428/427 BC": two years (lexical_problem)
        text = without_event_years(text)  # "established after the 1995 Kobe earthquake, in 1997"
        years = _years(text)
        if len(years) > 1 and not _YEAR_LIST.fullmatch(text.strip()):  # "composed in 1899 and revised in 1900": the first clause's year
            years = _years(_first_clause(text))
        return years.pop() if len(years) == 1 else None
    if datatype == str(XSD.gYearMonth):
        found = {m.group(1) for m in _ISO_YEAR_MONTH.finditer(text) if lexically_valid(datatype, m.group(1))}
        return found.pop() if len(found) == 1 else None
    if datatype == str(XSD.date):
        if _BC.search(text):  # "14 October 1066 BC" is no 1066-10-14 (lexical_problem)
            return None
        text = _new_style_part(text) or text  # "24 March 1603 (O.S.) / 3 April 1603 (N.S.)": one day, the New Style's
        if (dual := _DUAL_YEAR.search(text)) is not None:
            return _dual_dated(text, dual, language)  # "24 March 1602/03": the Julian 24 March 1603
        days = _dates(text, language)
        if len(days) > 1 and not _date_list(text):  # "10 December 2009 (London), 18 December 2009 (US)": several, none
            days = _dates(_first_clause(text), language)
        if len(days) != 1:
            return None
        day = days.pop()
        return (_new_style(day) if _OLD_STYLE.search(text) else day).isoformat()  # "27 June 1709 (Old Style)": 1709-07-08
    if datatype == str(XSD.dateTime):
        try:
            return datetime.fromisoformat(text.strip()).isoformat()
        except ValueError:
            return None
    if datatype == str(XSD.time):
        try:
            return time.fromisoformat(text.strip()).isoformat()
        except ValueError:
            return None
    if datatype in _DURATIONS and not lexically_valid(datatype, text):
        lengths = _durations(text)  # "42:49 (UK), 43:08 (US)": several, none
        return lengths.pop() if len(lengths) == 1 else None
    if datatype == str(XSD.boolean):
        first = text.strip().split(maxsplit=1)[0].strip(".,!;:").casefold() if text.strip() else ""
        return "true" if first in _TRUE | language.yes else "false" if first in _FALSE | language.no else None
    with rdflib_quiet():
        ill_typed = Literal(text, datatype=URIRef(datatype)).ill_typed
    return None if ill_typed else text


_BEFORE_YEAR_ONE = re.compile(r"(?<![\w-])-\d{4,}-\d{2}-\d{2}")
_DATES = (str(XSD.date), str(XSD.dateTime))


def lexical_problem(datatype: str, text: str) -> str | None:
    """Why ``text`` gives no lexical form of ``datatype`` where the plain "not a valid ..."
    would mislead: a date before year 1 (``-0044-03-15``) is valid XSD 1.1, but the checks
    (rdflib, SHACL) read none, so it is not read rather than read as a year AD; ``04/07/1776``
    is the 4th of July or the 7th of April, so it is not read either; a date BC (``14 October
    1066 BC``) is one before year 1; ``June 1815`` is a month, not a day, ``2031`` a year and
    ``2003–2012`` (``2017–present``) a range of years, ``20 January 2021 – 20 January 2025`` a range of dates, ``Q4 2023`` a quarter (``H1 2024`` a half, ``Fall 2023`` a season); ``1643 (some say 1642)``
    and ``43 BC (triumvir), 27 BC (princeps)`` several years, ``42:49 (UK), 43:08 (US)`` several
    lengths; ``'66`` a year of no known century."""
    if datatype in _DATES and (_BEFORE_YEAR_ONE.search(text) or _BC.search(text)):
        return "a date before year 1, which is not read (only years 1 to 9999 are)"
    if datatype == str(XSD.gYear) and (before_present := _BEFORE_PRESENT.search(text)) is not None and _calendar_year(before_present) is None:
        return "a year before present not said to be calibrated (cal BP): radiocarbon years are no calendar years"
    if datatype == str(XSD.gYear) and split_year(text):
        return SPLIT_YEAR_PROBLEM
    text = without_event_years(_GROUPED_ERA_YEAR.sub(r"\1\2", text)) if datatype == str(XSD.gYear) else text  # "7,300 BC": one year
    text = (_new_style_part(text) or text) if datatype == str(XSD.date) else text  # "24 March 1603 (O.S.) / 3 April 1603 (N.S.)"
    if datatype == str(XSD.gYear) and (len(_years(_first_clause(text))) > 1 or _YEAR_LIST.fullmatch(text.strip())):
        return "several years, not one"
    if datatype in _DURATIONS and len(_durations(text)) > 1:
        return "several lengths, not one"
    if datatype == str(XSD.gYear) and _TWO_DIGIT_YEAR.fullmatch(text.strip()) and not _years(text):
        return "a two-digit year, not read (its century is not known)"
    if datatype == str(XSD.date) and len(_dates(text)) > 1 and _date_list(text):
        return "several dates, not one"
    if datatype == str(XSD.date) and len(_dates(text)) > 1 and _RANGE_JOIN.search(text):
        return "a range of dates, not one day"  # "20 January 2021 – 20 January 2025"
    if datatype == str(XSD.date) and not _dates(text) and _MONTH_YEAR.search(text):
        return "a month, not a day"
    if datatype == str(XSD.date) and not _dates(text) and (part := _PART_OF_YEAR.search(text)) is not None:
        return f"{'a quarter' if part.group(1) else 'a half' if part.group(2) else 'a season'} of a year, not a day"
    if datatype == str(XSD.date):
        for m in _NUMERIC_DATE.finditer(text):
            first, second, year = int(m.group(1)), int(m.group(3)), m.group(4)
            if m.group(2) == "/" and first != second and first <= 12 and second <= 12:
                return (f"ambiguous: {m.group(0)} may be {year}-{second:02}-{first:02} or {year}-{first:02}-{second:02} "
                        "(day and month cannot be told apart; write the month's name or YYYY-MM-DD)")
    if datatype == str(XSD.date) and not _dates(text) and _YEAR_SPAN.search(text):  # "June 2017 – present"
        return "a range of years, not one day"
    if datatype == str(XSD.date) and not any(written.search(text) for written in _DATE_WRITTEN):  # "31/02/1821": no day, no year alone
        if _YEAR_SPAN.search(text):
            return "a range of years, not one day"
        if len(_years(text)) == 1:
            return "a year, not a day"
    return None


_MONTH_YEAR = re.compile(
    rf"\b(?:{'|'.join(ENGLISH_MONTHS + ENGLISH_MONTH_ABBREVIATIONS)})\.?,?\s+\d{{4}}\b", re.IGNORECASE
)
"""A month of a year, no day: ``June 1815``."""
_PART_OF_YEAR = re.compile(
    r"\b(?:(Q[1-4]|(?:first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter(?:\s+of)?)|(H[12]|(?:first|second)\s+half\s+of)"
    r"|spring|summer|autumn|fall|winter)\s*,?\s*(?:FY\s*)?\d{4}\b", re.IGNORECASE)
"""A quarter, a half or a season of a year, no day: ``Q4 2023``, ``first half of 2024``, ``Fall 2023``."""
_YEAR_SPAN = re.compile(
    r"(?<![\d.,])\d{4}\s*(?:[-–—]|\b(?:to|until|till|through)\b)\s*(?:\d{2,4}(?![\d.,]\d)|(?:the\s+)?(?:present|today|now)\b)", re.IGNORECASE)
"""Years from one to another: ``2003–2012``, ``1643 until 1715``, ``2017–present``, ``from 2017 to present``."""
_RANGE_JOIN = re.compile(r"\d\s*(?:[-–—]|\b(?:to|until|till|through)\b)\s*\w", re.IGNORECASE)
_NOTE = re.compile(r"\s*\[[^\[\]]*\]")  # "7 May [O.S. 25 April] 1840": the Old Style date is a note
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/.-]|\.\d)")
_LANGUAGE_DATE = re.compile(r"(?<![\d.])(\d{1,2})(?:\.|º|er)?\s+(?:de\s+)?([^\W\d_]{3,12})\.?\s+(?:de\s+)?(\d{4})\b")
"""A day, a month's name and a year: ``6. Juni 1875``, ``1er juin 1875``, ``12 de agosto de 1875``."""


_OLD_STYLE_MARK = r"(?:in\s+the\s+)?(?:Old\s+Style|O\.\s?S\.?|Julian(?:\s+calendar)?)(?:\s+date)?"
_OLD_STYLE = re.compile(
    rf"[(\[]\s*{_OLD_STYLE_MARK}\s*[)\]]|,?\s+(?:in\s+the\s+)?(?:Old\s+Style|O\.\s?S\.|Julian\s+calendar)(?:\s+date)?\s*\.?\s*$", re.IGNORECASE)
"""A mark that the date beside it is the Julian calendar's, alone in its bracket or at the text's end: ``(Old Style)``,
``[O.S.]``, ``(Julian)``, ``O.S.``, ``in the Julian calendar``; not a bracket that gives the Old Style date as a note
(``8 July 1709 [O.S. 27 June]``: the date outside it is the New Style's)."""
_NEW_STYLE_MARK = re.compile(r"[(\[]\s*(?:New\s+Style|N\.\s?S\.?|Gregorian(?:\s+calendar)?)(?:\s+date)?\s*[)\]]", re.IGNORECASE)
"""A mark that the date before it is the Gregorian calendar's, alone in its bracket: ``(N.S.)``, ``(New Style)``, ``[Gregorian]``."""
_CALENDAR_PARTS = re.compile(r"\s*(?:/|;|\bor\b|=)\s*(?![^()\[\]]*[)\]])", re.IGNORECASE)


_DUAL_YEAR = re.compile(r"(?<![\d/])(\d{2})(\d{2})/(\d{2})(?![\d/])")
"""A year written in both the English Old Style's (the year beginning on 25 March) and the New Style's way: ``1602/03``."""


def _dual_dated(text: str, dual: re.Match[str], language: Language) -> str | None:
    """The Gregorian date of ``text``'s day where its year is written both ways (``dual``), as the English Old Style
    wrote a day from 1 January to 24 March: "24 March 1602/03" is the Julian 24 March 1603, 3 April 1603; None where
    the second year does not follow the first ("1602/05") or the day falls outside those months ("24 June 1602/03")."""
    year = int(dual.group(1) + dual.group(2)) + 1
    days = _dates(f"{text[: dual.start()]}{year}{text[dual.end():]}", language)
    if int(dual.group(3)) != year % 100 or len(days) != 1:
        return None
    day = days.pop()
    return _new_style(day).isoformat() if (day.month, day.day) <= (3, 24) else None


def _new_style_part(text: str) -> str | None:
    """The part of ``text`` that gives its day in the New Style where it gives one day in both calendars, each part
    marked ("24 March 1603 (O.S.) / 3 April 1603 (N.S.)", "3 April 1603 (N.S.); 24 March 1603 (O.S.)" give "3 April
    1603 (N.S.)"), or None: two days of one calendar ("10 December 2009 (London), 18 December 2009 (US)") are several."""
    parts = [p for p in _CALENDAR_PARTS.split(text) if p.strip()]
    if len(parts) != 2:
        return None
    new = [p for p in parts if _NEW_STYLE_MARK.search(p) and not _OLD_STYLE.search(p)]
    old = [p for p in parts if _OLD_STYLE.search(p) and not _NEW_STYLE_MARK.search(p)]
    return new[0].strip() if len(new) == 1 and len(old) == 1 else None


def old_style_date(datatype: str, item: str, gloss: str) -> str | None:
    """``item`` with its ``gloss`` where the gloss marks its date as the Julian calendar's ("26 August 1812" glossed
    "Old Style", "O.S.", "Julian": "26 August 1812 (Old Style)", which :func:`lexical_form` reads as the Gregorian
    1812-09-07), or None: a gloss that gives the Old Style date itself ("O.S. 27 June") or anything else."""
    if datatype != str(XSD.date) or re.fullmatch(_OLD_STYLE_MARK, gloss.strip(" .,;"), re.IGNORECASE) is None:
        return None
    return f"{item} ({gloss.strip()})"


def _new_style(day: date) -> date:
    """The (proleptic, as ``xsd:date`` is) Gregorian date of the Julian ``day``, by their days since the Julian Day 0:
    26 August 1812 is 7 September 1812, 27 June 1709 8 July 1709, 18 February 1700 28 February 1700 and 19 February
    1700 1 March 1700; before the Gregorian calendar too, 28 January 1547 is 7 February 1547 and 25 October 1415 3
    November 1415."""
    before_march = (14 - day.month) // 12  # years counted from March, 4800 BC: the leap day at a year's end
    year, month = day.year + 4800 - before_march, day.month + 12 * before_march - 3
    julian_day = day.day + (153 * month + 2) // 5 + 365 * year + year // 4 - 32083
    return date.fromordinal(julian_day - 1721425)


def _month(word: str, months: tuple[str, ...]) -> int | None:
    """The month (1-12) a name or an abbreviation of at least three letters names ("juni",
    "okt", "mär"), None when it names none or several."""
    if word in months:
        return months.index(word) + 1
    found = [i + 1 for i, name in enumerate(months) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


_CLAUSE_END = re.compile(r"[;,]|\s(?:and|but|while|then)\s+(?=[A-Za-z])(?!(?:in|on)\s+\d)", re.IGNORECASE)


def _year(era: str | None, digits: str) -> str | None:
    """The XSD 1.1 lexical form of a year of an era: ``44`` BC is ``-0043``, 1 BC ``0000``, AD 14 ``0014``."""
    number = int(digits)
    if number == 0:
        return None
    if era is not None and era.startswith("B"):
        number = 1 - number
    return f"{number:04}" if number >= 0 else f"-{-number:04}"


def _calendar_year(before_present: re.Match[str]) -> str | None:
    """The XSD 1.1 year of a calibrated year before present, 1950 less it (``1300 cal BP`` is ``0650``, ``7,300 cal BP``
    ``-5350``, 5351 BC), or None: an uncalibrated one (``1300 BP``, radiocarbon years) is no calendar year."""
    if not (before_present.group("cal") or before_present.group("cal2")):
        return None
    year = 1950 - int(before_present.group("years").replace(",", ""))
    lexical = f"{year:04}" if year >= 0 else f"-{-year:04}"
    return lexical if lexically_valid(str(XSD.gYear), lexical) else None


def _years(text: str) -> set[str]:
    """The years ``text`` gives, as XSD 1.1 lexical forms: ``1975``, ``AD 14`` (``0014``), ``44 BC``
    (``-0043``), ``c.1450``, ``mid-1450`` (``1450``); a year before 1000 without its era only
    after c., in or year (:data:`_SHORT_YEAR`)."""
    text = _CIRCA.sub(r"\1. ", text)
    found = set()
    for m in _ERA_YEAR.finditer(text):
        era = "BC" if m.group(3) and re.fullmatch(_BC_ERA, m.group(3)) else "AD"
        year = _year(era, m.group(1) or m.group(2))
        if year is not None:
            found.add(year)
    plain = _ERA_YEAR.sub(" ", text)
    found |= {m.group(1) for m in _YEAR.finditer(plain)}
    if not found:
        found = {y for m in _SHORT_YEAR.finditer(plain) if (y := _year(None, m.group(1))) is not None}
    return found


_SPLIT_YEAR = re.compile(r"(?<![\d/.,])(\d{3,4})\s*/\s*(\d{1,4})(?![\d/.,]\d)")
SPLIT_YEAR_PROBLEM = "two years, not one (a year split between two, as an Attic or a fiscal year is)"
"""What is said of a split year (:func:`split_year`) of a one-year relation."""


def split_year(text: str) -> bool:
    """Whether ``text`` gives a year split between two that follow each other, as an Attic, an Old Style or a fiscal
    year is written: ``428/427 BC``, ``1066/67``, ``2023/24``, ``1999/2000``; not ``1/2 cup``, ``24/7``, ``120/80`` or
    ``1066/1100`` (no two years in a row).

    >>> [split_year(t) for t in ("428/427 BC", "1066/67", "2023/24", "1/2 cup", "120/80 mmHg", "1066/1100")]
    [True, True, True, False, False, False]
    """
    for m in _SPLIT_YEAR.finditer(text):
        first, second = m.group(1), m.group(2)
        later = first[: max(len(first) - len(second), 0)] + second  # "1066/67": 1067
        if abs(int(later) - int(first)) == 1:
            return True
    return False


_NOT_YET_DONE = re.compile(
    r"\b(?:has|have)\s+(?:not|never)\s+(?:yet\s+)?been\s+(?P<done>[a-z]+)(?:\s+yet)?\W*$|\b(?:has|have)n['’]t\s+(?:yet\s+)?been\s+(?P<done2>[a-z]+)(?:\s+yet)?\W*$",
    re.IGNORECASE)
"""A clause saying the head's event has not come, its verb last: ``The 1 euro coin has not been demonetised``, ``it
hasn't been released yet``; not ``it has not been minted since 1990`` (a date beside it)."""
_STILL_CURRENT = re.compile(
    r"\b(?:remains?|is\s+still|are\s+still|still)\s+(?:legal\s+tender|in\s+circulation|current)\b(?![^.;]*\b(?:until|till|through)\b)",
    re.IGNORECASE)
"""Words saying the head is still current, so has no end yet: ``remains legal tender``, ``is still in circulation``,
``Still current``; not ``remains legal tender until 2030`` (an end told)."""
_END_WORDS = re.compile(r"^(?:demonet|withdr|discon|abolis|retire|retirement|expir|ceas|dissol|end|ended|ending)", re.IGNORECASE)
"""The words of a relation of an end: a demonetisation, a withdrawal, a discontinuation, an abolition, a retirement."""
_DATED_TYPES = (str(XSD.date), str(XSD.dateTime), str(XSD.gYear), str(XSD.gYearMonth))
_UNSAID = frozenset({"date", "year", "day", "month", "time", "when", "the", "first", "last"})


def never_dated(text: str, datatype: str, words: list[str]) -> str | None:
    """The clause of a one-paragraph answer for a date or year relation that says its event has not come, so it has
    no value (a none answer), or None. ``words``: the relation's name and synonyms. The clause denies the relation's
    own verb (``The 1 euro coin has not been demonetised; it is still legal tender.``), or, of a relation of an end
    (:data:`_END_WORDS`: a demonetisation, a withdrawal), says the head is still current (``Production ended in 2025
    but the cent remains legal tender.``, ``Still in circulation``). Not of a beginning (``Introduced in 2002; still
    in circulation`` of an introduction date is 2002), nor a clause denying another verb (``It has not been minted
    since 1990``, ``has not been climbed`` of a first ascent's date).

    >>> never_dated("It has not been demonetised.", str(XSD.date), ["demonetised", "demonetisation date"])
    'It has not been demonetised.'
    >>> never_dated("Introduced in 2002; still in circulation.", str(XSD.date), ["introduced", "introduction date"]) is None
    True
    """
    if datatype not in _DATED_TYPES or "\n" in text.strip():
        return None
    own = {w.casefold().replace("z", "s")[:6] for phrase in words for w in re.findall(r"[A-Za-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", phrase))
           if len(w) >= 5 and w.casefold() not in _UNSAID}
    for clause in re.split(r"(?<=[.;!?])\s+|,\s+(?:but|and|so)\s+|\s+but\s+", text.strip()):
        done = _NOT_YET_DONE.search(clause)
        if done is not None and (done.group("done") or done.group("done2")).casefold().replace("z", "s")[:6] in own:
            return clause
    ends = any(_END_WORDS.match(w) for phrase in words for w in re.findall(r"[A-Za-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", phrase)))
    current = _STILL_CURRENT.search(text)
    return text.strip() if ends and current is not None else None


_OPPOSITES = {
    "active": ("dormant", "extinct", "inactive"), "alive": ("dead", "deceased"), "living": ("dead", "deceased", "extinct"),
    "extant": ("extinct",), "operational": ("decommissioned", "defunct"),
}
"""A word of a yes-or-no relation and the states that deny it: a dormant or extinct volcano is no active one."""


def contradicted_yes(datatype: str, words: list[str], text: str) -> str | None:
    """Why a yes to a boolean relation (``words``: its name and synonyms) is no yes, or None: its own sentence says a
    state the relation's words deny (:data:`_OPPOSITES`: ``Yes, it is a dormant volcano.`` of "is an active
    volcano"); ``Yes, it is active.``, ``Yes, it is no longer dormant.``, ``No (dormant)`` say none.

    >>> contradicted_yes(str(XSD.boolean), ["isActiveVolcano"], "Yes, it is a dormant volcano.")
    "a yes that contradicts itself (it says 'dormant', which 'active' denies)"
    >>> contradicted_yes(str(XSD.boolean), ["isActiveVolcano"], "Yes, it is not dormant.") is None
    True
    """
    if datatype != str(XSD.boolean) or lexical_form(datatype, text) != "true":
        return None
    said = {w.casefold() for phrase in words for w in re.findall(r"[A-Za-z]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", phrase))}
    sentence = re.split(r"(?<=[.;!?])\s", text.strip(), maxsplit=1)[0]  # "Yes, he is living; his wife is dead.": its own sentence's
    for word in sorted(said & _OPPOSITES.keys()):
        for opposite in _OPPOSITES[word]:
            if re.search(rf"(?<!\bnot\s)(?<!\blonger\s)(?<!\bnot\sa\s)(?<!\bn't\s)\b{opposite}\b", sentence, re.IGNORECASE):
                return f"a yes that contradicts itself (it says {opposite!r}, which {word!r} denies)"
    return None


_BC_CENTURY = re.compile(rf"\bcentur(?:y|ies)\s*(?:{_BC_ERA})(?![\w.]\w)", re.IGNORECASE)
_BC_AFTER_FIGURE = re.compile(rf"\s*(?:{_BC_ERA})(?![\w.]\w)")


def before_christ(text: str) -> bool:
    """Whether ``text`` dates something before Christ, a year or a century: ``c. 340 BC``, ``375 BCE``,
    ``44 v. Chr.``, ``the 4th century BC``; not ``AD 14``, ``1066`` or ``BC Hydro``.

    >>> before_christ("c. 340 BC"), before_christ("4th century BCE"), before_christ("AD 14"), before_christ("BC Hydro, 1961")
    (True, True, False, False)
    """
    return _BC.search(text) is not None or _BC_CENTURY.search(text) is not None


def figure_before_christ(text: str) -> bool:
    """Whether the first figure ``text`` gives is a year before Christ: ``c. 340 BC``, ``375 BCE (traditional)``; not
    ``30 dialogues (c. 380 BC)``, whose figure is 30, nor ``1,200``.

    >>> figure_before_christ("c. 340 BC"), figure_before_christ("30 dialogues (c. 380 BC)"), figure_before_christ("1,200")
    (True, False, False)
    """
    first = re.search(r"\d[\d,]*", text)
    return first is not None and _BC_AFTER_FIGURE.match(text, first.end()) is not None


_EVENT_YEAR = re.compile(
    r"\b(?:the|a|an)\s+(?:(?:great|big|devastating|deadly)\s+)?(?P<year>\d{4})(?=\s+(?!(?:and|or|to|until|till|through|AD|BC|BCE|CE)\b)[^\W\d_])",
    re.IGNORECASE)
"""A year in the name of an event: "the 1995 Kobe earthquake", "after the 2004 tsunami"."""


def without_event_years(text: str) -> str:
    """``text`` less the years that name an event (:data:`_EVENT_YEAR`), where it gives a year besides them:
    "established after the 1995 Kobe earthquake, in 1997" gives 1997; "after the 1995 earthquake" keeps its year."""
    unnamed = _EVENT_YEAR.sub(lambda m: m.group(0)[: m.start("year") - m.start()], text)
    return unnamed if _years(unnamed) else text


def _first_clause(text: str) -> str:
    """``text`` up to where a second clause begins: "1900 and premiered in 1901" gives "1900";
    a choice stays whole ("1975 or 1976", "in 1975 and in 1976")."""
    return _CLAUSE_END.split(text, maxsplit=1)[0]


def _dates(text: str, language: Language = ENGLISH) -> set[date]:
    """The dates ``text`` gives: ISO (``1841-09-08``, ``1841-9-8``), in words (``8 September 1841``, ``July 3,
    1854``, ``15th June 1843``; in the language's words: ``6. Juni 1875``, ``12 de agosto de
    1875``), or in numbers with the day told apart from the month (``25/03/1881``,
    ``25.03.1881``, ``03/25/1881``; ``03.04.1881`` the 3rd of April, as dotted dates are written,
    and ``03/04/1881`` too in a language that writes the day first, else either: none)."""
    text = _NOTE.sub("", text)
    found: set[date] = set()
    for m in _NUMERIC_DATE.finditer(text):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        day_first = m.group(2) == "." or language.day_first
        if first != second and first <= 12 and second <= 12 and not day_first:
            continue  # day-month or month-day: ambiguous
        day, month = (first, second) if first > 12 or first == second or day_first else (second, first)
        try:
            found.add(date(year, month, day))
        except ValueError:
            continue
    for m in _ISO_DATE.finditer(text):
        try:
            found.add(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    if language.months:
        for m in _LANGUAGE_DATE.finditer(text):
            named = _month(m.group(2).casefold(), language.months)
            if named:
                try:
                    found.add(date(int(m.group(3)), named, int(m.group(1))))
                except ValueError:
                    continue
    found |= _era_dates(text)
    for m in _WORD_DATE.finditer(text):
        words = _SEPT.sub(r"\1", _ORDINAL.sub("", m.group(1).replace(",", "").replace(".", "").replace(" of ", " ")))  # "15 Sept 2020"
        for fmt in _WORD_DATE_FORMATS:
            try:
                found.add(datetime.strptime(words, fmt).date())
                break
            except ValueError:
                continue
    return found


def _era_dates(text: str) -> set[date]:
    """The days ``text`` gives with their era (:data:`_ERA_DATE`): ``24 August 79 AD`` is 0079-08-24."""
    found = set()
    for m in _ERA_DATE.finditer(text):
        month = _month((m.group("month") or m.group("month2")).rstrip(".").casefold(), ENGLISH_MONTHS)
        try:
            found.add(date(int(m.group("year") or m.group("year2")), month or 0, int(m.group("day") or m.group("day2"))))
        except ValueError:
            continue
    return found


_DATE_WRITTEN = (_NUMERIC_DATE, _ISO_DATE, _LANGUAGE_DATE, _WORD_DATE, _ERA_DATE)
_LIST_REST = re.compile(r"(?:[\s,;/&]|\b(?:and|or)\b)*", re.IGNORECASE)


_ITEM_LABEL = re.compile(r"(?:^|(?<=[;,]))\s*[^\W\d_][^:\d;,]{0,30}:\s*(?=\S)")
"""A label before a colon at the start of a list's item: ``NA:`` of ``NA: August 13, 1991``."""


def _date_list(text: str) -> bool:
    """Whether ``text`` is dates one after another, each maybe glossed, and nothing else: ``10
    December 2009 (London premiere), 18 December 2009 (US)``, ``JP: November 21, 1990; NA: August 13, 1991``, not a sentence's clauses
    (``released on 26 September 1969, and reissued on 10 October 1987``)."""
    rest = _ITEM_LABEL.sub(" ", _NOTE.sub("", text))  # "JP: November 21, 1990; NA: August 13, 1991": each labelled
    for written in _DATE_WRITTEN:
        rest = written.sub(";", rest)
    return _LIST_REST.fullmatch(re.sub(r"\([^()]*\)", "", rest).strip(" .")) is not None


def _durations(text: str) -> set[str]:
    """The lengths ``text`` gives, as ``xsd:duration`` lexical forms: ``42:49`` is
    ``PT42M49S``, ``1:17:50`` ``PT1H17M50S``, ``42 minutes 19 seconds`` ``PT42M19S``."""
    found = set()
    for m in _CLOCK.finditer(text):
        found.add(_duration(None, m.group(1), m.group(2), m.group(3)))
    for m in _SPELLED.finditer(_CLOCK.sub(" ", text)):
        if m.group(0):
            found.add(_duration(*m.groups()))
    return found


def _duration(days: str | None, hours: str | None, minutes: str | None, seconds: str | None) -> str:
    """``P1DT2H3M4S`` of its parts, those given."""
    time_part = "".join(f"{int(n) if unit != 'S' else n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return "P" + (f"{int(days)}D" if days else "") + (f"T{time_part}" if time_part else "")
