"""How a chat model words a list's items, read back to the tails a dataset would hold.

A model asked for tails answers as it talks: ``**Spain** – the longest border`` (a gloss),
``PersonX might want to buy food.`` (the fact in its own words), ``Spain, Belgium and Germany``
(several items on one line), ``The capital of France is Paris, which is also its largest city.``
(a sentence), ``Iceland has no land borders.`` (a denial). :mod:`extractors.lists` reads a chat
teacher's items through these; dataset rows keep their text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

from extractors.denials import denies
from extractors.regions import JOINED_NAMES
from extractors.text import BRACKETED, NONE_ANSWERS, TITLE_SMALL_WORDS, abbreviated, text_abbreviated, titled
from kg.languages import ENGLISH, ENGLISH_MONTH_ABBREVIATIONS, ENGLISH_NUMBER_WORDS, NAME_PARTICLES

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = [
    "split_gloss", "split_bracketed", "framed_value", "split_qualifier", "inline_items", "affirmed", "unhedged", "contrasted_versions",
    "one_name", "trimmed", "names_no_entity", "full_name", "CLAUSE", "COMPASS",
    "unframed", "unranked", "two_names", "agent", "version_after", "cast_role", "counted", "authored", "with_workshop",
    "chained", "a_words_meaning", "unarticled", "where_working",
    "unstopped_phrase", "untitled_person", "shared_surname", "inside_brackets", "known_pair",
]

_EMPHASIS_LEAD = re.compile(r"^(\*\*|__|\*|_)(?P<tail>[^*_]+?)\1(?P<rest>.*)$")
_GLOSS = re.compile(r"^(?P<tail>[^:()]+?)(?::\s+|\s+[–—-]\s+)(?P<gloss>.+)$")
_FIGURE_DASH_FIGURE = re.compile(r"\d\s+[–—-]\s+(?:\d|(?i:present|today|now)\b)")
"""A dash between two figures, spaced: a range ("1987 – 1992", "2017 – present"), not a name and its gloss."""
_DATE = r"(?:(?:c\.|ca\.|circa)\s*)?(?:(?:AD|CE)\s*)?\d[\d,]*(?:\s*(?:BCE|BC|AD|CE|BP|ka|kya))?"
_DATE_RANGE_END = re.compile(rf"{_DATE}(?=\s*(?:\(|$))")
_DATE_RANGE_START = re.compile(rf"\s*{_DATE}\s*")
"""The two ends of a range of dates a dash joins: "3000 BC – 2000 BC", "c. AD 85 – c. AD 370"."""


def _dates_joined(match: re.Match[str]) -> bool:
    """Whether the dash of a :data:`_GLOSS` match joins two dates, one range ("c. 3800 BC – 500 BC"),
    no date and its gloss; a bracket after the range is still its gloss."""
    return _DATE_RANGE_START.fullmatch(match.group("tail")) is not None and _DATE_RANGE_END.match(match.group("gloss")) is not None


_DASH_GLOSS = re.compile(r"(?P<name>[^:()–—,]+?)\s+[–—]\s+(?P<gloss>.+)")
"""A name and a gloss after a dash: "Cargo — Rust's build system and package manager"."""
_NESTED = r"\((?:[^()]|\([^()]*\))+\)"
"""A bracket, and one more inside it whole: "(renamed allanite-(Ce) in 2006)" holds a name with its own bracket."""
_PAREN = re.compile(rf"^(?P<tail>[^()]*?[^\s(])(?P<glosses>(?:\s+{_NESTED})+)[\s.;,]*$")
"""A name and what brackets after it hold, a space before each: not a subsection (``28 U.S.C. §
1254(1)``) nor a formula's brackets (``Ca(OH)2``); every bracket is peeled (``Ibuprofen (Advil)
(OTC)``), a bracket inside one a part of its gloss (``Approved (renamed allanite-(Ce) in 2006)``)."""
_PAREN_GLOSS = re.compile(r"^(?P<tail>[^()]*?[^\s(])(?P<glosses>(?:\s+\([^()]+\))+)\s+[–—]\s+(?P<gloss>\S.*)$")
"""A name, what brackets after it hold and a gloss after a dash: ``PWR (pressurized water reactor) —
specifically the EPR design``, ``Tokyo Electric Power Company (TEPCO) — now TEPCO Holdings, Inc.``."""
_GLOSS_WORDS = 6  # a tail before a gloss is short: "Belgium: in the north", not a sentence with a colon
_ENUM_WORDS = 4  # every part of a bare inline list is short: "Spain, Belgium and Italy"
_COMMAS = re.compile(r"\s*[、،]\s*")
"""Commas of other scripts (the ideographic 、 and the Arabic ،; a full-width ， is a , after NFKC)."""
_QUOTE_SPAN = re.compile(r'„([^„“”"]+)[“”]|“([^“”]+)”|"([^"]+)"|«\s?([^«»]+?)\s?»|»([^«»]+)«')
"""A title in quotation marks, in the marks of English, German, French: group 1-5 the title."""
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'(?=\S)([^'\n]+?)(?<=\S)'(?!\w)")
"""A name in single quotation marks (``France borders 'Spain'.``), not an apostrophe's ``Hitchhiker's``."""


FIRM_PARTNERS = r"(?!(?-i:Company|Co\.?|Sons|Brothers|Bros\.?)(?:[\s,;()]|$))"
"""After a join word, no firm's own partners: ``Shakespeare and Company``, ``Shakespeare & Co.``,
``William Blackwood and Sons``, ``Harper & Brothers`` are one name each, never "Company" or
"Sons" beside "Shakespeare" (``Haydn and Salieri``, ``Simon & Schuster`` are read as before)."""


@lru_cache(maxsize=64)
def _joins(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words that join a list's last two items, as a separator ("and", "or"; "und", "oder"),
    not one joining a firm's name to its partners (:data:`FIRM_PARTNERS`)."""
    return re.compile(r"\s+(?:" + "|".join(map(re.escape, words)) + r")\s+(?![^()]*\))" + FIRM_PARTNERS, re.IGNORECASE)  # not "(via Ceuta and Melilla)"


def _quoted_items(line: str, joins: tuple[str, ...]) -> list[str] | None:
    """The titles a line gives in quotation marks, when it lists two or more and nothing but
    commas, join words and brackets stands between them: ``Die bekanntesten Werke sind „Die
    Blechtrommel“, „Katz und Maus“ und „Hundejahre“.``; ``"Finlandia" (1899) and "Tapiola"``.
    None otherwise (``Symphony No. 5 "Fate", Symphony No. 9 "Choral"``: names between)."""
    spans = list(_QUOTE_SPAN.finditer(line))
    if len(spans) < 2:
        return None
    joined = "|".join(map(re.escape, joins)) or "(?!)"
    between = re.compile(rf"(?:\s|[,;/&.!:]|\([^()]*\)|\b(?:{joined})\b)*", re.IGNORECASE)
    gaps = [line[a.end() : b.start()] for a, b in zip(spans, spans[1:])] + [line[spans[-1].end() :]]
    if not all(between.fullmatch(gap) for gap in gaps):
        return None
    return [next(g for g in m.groups() if g is not None).strip() for m in spans]


_EMPHASIS_SPAN = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__|(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")


def _marked_names(line: str, head: str, joins: tuple[str, ...], known: Callable[[str], bool] | None) -> list[str] | None:
    """The names a sentence marks out, emphasised or in quotation marks, each one name however
    it reads: ``It appears on *(What's the Story) Morning Glory?* (1995).``, ``... later on *Hey
    Jude* (1970) and *1* (2000).``; not the head opening the sentence (``*Bohemian Rhapsody*
    appears on ...``). None when the line is no sentence around them (no lower-case word outside
    the marks and brackets: ``*Nevermind* (1991)``, ``Symphony No. 5 "Fate"``), a name and its
    gloss (``**Spain** – the longest border``), marks none outside brackets (``Jay-Z
    (credited as "Beyoncé featuring Jay-Z")``), is a list with some items marked whole
    (``numpy, __python-dateutil__, pytz``; every item marked: those items, ``*Jazz* and
    *Innuendo*``), or marks no name: a word a sentence stresses is none
    (``The **capital** of France is Paris.``, ``It is *mostly* in Europe.``: :func:`_name_shaped`)."""
    spans = sorted((*_EMPHASIS_SPAN.finditer(line), *_QUOTE_SPAN.finditer(line)), key=lambda m: m.start())
    spans = [m for k, m in enumerate(spans) if not any(o.start() <= m.start() < o.end() for o in spans[:k])]
    spans = [m for m in spans if line[: m.start()].count("(") <= line[: m.start()].count(")")]
    if not spans or any(m.group(0)[:1] in "„“\"«»" and re.match(r"\s+[A-Z]", line[m.end() :]) for m in spans):
        return None  # 'BSD 3-Clause "New" or "Revised" License': quoted words inside a name that goes on
    outside = _IN_BRACKETS.sub("", "".join(line[a:b] for a, b in zip([0, *(m.end() for m in spans)], [*(m.start() for m in spans), len(line)])))
    if not _lower_word(outside) or (not line[: spans[0].start()].strip() and re.match(r"\s*[:–—(-]", line[spans[0].end() :])):
        return None
    parts = {_IN_BRACKETS.sub("", p).strip(" .!;") for c in _OUTSIDE_BRACKETS.split(line) for p in _joins(joins).split(c)}
    marked = {m.group(0) for m in spans}
    if len(parts) > 1 and marked <= parts:  # "*numpy*, pytz": a list's items, not a sentence's names
        return [next(g for g in m.groups() if g is not None).strip() for m in spans] if parts <= marked else None  # "*Jazz* and *Innuendo*"
    names = [name.strip() for m in spans
             if not (_is_head(name := next(g for g in m.groups() if g is not None), head) and not _lower_word(line[: m.start()]))
             and _name_shaped(name.strip(), not line[: m.start()].strip(), known)]
    return names or None


def _emphasis_unless_all(line: str, joins: tuple[str, ...]) -> str:
    """``line`` with its emphasis marks taken off where a sentence lists some of its items marked
    whole and more unmarked (``Maria affected **Dominica**, **Puerto Rico**, the U.S. Virgin
    Islands and Guadeloupe.``): every item answers, not the marked ones alone, the line read as
    if unmarked; ``line`` as written where the marks pick its names (``It appears on *Hey Jude*
    (1970) and *1* (2000).``, ``The **capital** of France is Paris.``)."""
    spans = list(_EMPHASIS_SPAN.finditer(line))
    if not spans:
        return line
    opening = _IN_BRACKETS.sub("", _OUTSIDE_BRACKETS.split(line)[0])
    parts = {_IN_BRACKETS.sub("", p).strip(" .!;") for c in _OUTSIDE_BRACKETS.split(line)[1:] for p in _joins(joins).split(c)}
    parts |= {_IN_BRACKETS.sub("", p).strip(" .!;") for p in _joins(joins).split(opening)[1:]}
    marked = {m.group(0) for m in spans}
    if not parts & marked or not any(p and _name_shaped(p, False, None) for p in parts - marked):
        return line
    return _EMPHASIS_SPAN.sub(lambda m: next(g for g in m.groups() if g is not None), line)


def _name_shaped(name: str, opening: bool, known: Callable[[str], bool] | None) -> bool:
    """Whether a span a sentence marks is written as a name: a capital letter (not only the first
    of a span that opens the sentence) or a digit in it (``*Hey Jude*``, ``*1*``, ``**Paris**``), or
    one ``known`` says the store or the reference holds; a word stressed in lower case is none
    (``*mostly*``, ``**capital**``, ``*best-known*``), nor is ``*Mostly*`` opening the sentence."""
    written = name[1:] if opening else name
    return any(ch.isupper() or ch.isdigit() for ch in written) or (known is not None and known(name))


def _lower_word(text: str) -> bool:
    """Whether ``text`` holds a lower-case word of two letters or more, as a sentence does."""
    return any(len(w) > 1 and w.islower() for w in re.findall(r"[^\W\d_]+", text))


_LAST_BRACKETS = re.compile(r"\s*\([^()]*\)$")


def one_name(line: str) -> bool:
    """Whether a line of words between commas is one name, as bands are named: each part one
    capitalised word, the last two joined by "&" (``Earth, Wind & Fire``, ``Crosby, Stills, Nash &
    Young``); so is an organisation's name before its divisions' one word each (``Boeing Defense,
    Space & Security``), its gloss or abbreviation after it too (``Skidmore, Owings & Merrill (SOM)``);
    a chat model lists with "and"."""
    parts = [p.strip() for p in _OUTSIDE_BRACKETS.split(_LAST_BRACKETS.sub("", line.strip()))]
    last = re.split(r"\s+&\s+", parts[-1])
    words = [*parts[0].split(), *parts[1:-1], *last]
    return len(parts) >= 2 and len(last) == 2 and all(re.fullmatch(r"[^\W\d_][\w'’.-]*", w) and w[0].isupper() for w in words)


_ALIAS = re.compile(r",?\s+(?P<alias>(?:a\.k\.a\.?|aka|also known as)\s+[^,;()]+?)(?=\s*(?:[,;()]|\s(?:and|or)\s|[.!]?$))", re.IGNORECASE)


def bracketed_alias(item: str) -> str:
    """``item`` with another name written after a name in brackets, a gloss as any bracketed
    one is: ``David Heinemeier Hansson, a.k.a. DHH`` (``aka DHH``, ``also known as DHH``) is
    ``David Heinemeier Hansson (a.k.a. DHH)``, not two answers. One already inside a bracket is
    that bracket's gloss as written: ``Lamiaceae (mint family, also known as Labiatae)`` is one
    gloss of Lamiaceae, not a bracket inside another."""
    return _ALIAS.sub(lambda m: m.group(0) if inside_brackets(item, m.start()) else f" ({m.group('alias')})", item)


def inside_brackets(text: str, at: int) -> bool:
    """Whether the position ``at`` of ``text`` lies inside a round bracket opened before it."""
    return text.count("(", 0, at) > text.count(")", 0, at)


_ROLE = re.compile(
    r"(?<=[^\W\d_.])\s+(?P<role>as\s+(?:(?:the|a|an|his|her|their)\b|(?:him|her|them|it)sel(?:f|ves)\b|[A-Z])[^,;()]*?)"
    r"(?=\s*(?:[,;()]|\s(?:and|&)\s|[.!]?$))"
)


def cast_role(item: str) -> str:
    """``item`` with the role a person played after their name in brackets, a gloss as any
    bracketed one is: ``Brad Pitt as Tyler Durden`` is ``Brad Pitt (as Tyler Durden)``, ``Edward
    Norton as the Narrator`` and ``Bill Murray as himself`` so too, not a person named so; a
    sentence's ``starred as`` stays (the word before ``as`` is a name's, capitalised)."""
    return _ROLE.sub(lambda m: f" ({m.group('role')})" if item[: m.start()].split()[-1][:1].isupper() else m.group(0), item)


_WORKSHOP = re.compile(
    r"(?<=[^\W\d_.])\s+(?P<part>(?:and|&|with)\s+(?:(?:his|her|their)\s+)?(?:workshop|studio|assistants|atelier)(?:\s+assistance)?)"
    r"(?=\s*(?:[,;()]|[.!]?$))",
    re.IGNORECASE,
)


def with_workshop(item: str) -> str:
    """``item`` with the workshop a master painted with after his name in brackets, a gloss as any
    bracketed one is: ``Peter Paul Rubens and workshop`` is ``Peter Paul Rubens (and workshop)``
    (``with studio assistance`` so too), the master a creator, never a person named so."""
    return _WORKSHOP.sub(lambda m: f" ({m.group('part')})", item)


_NAME_AFTER = r"(?=(?:[A-Z]\.|[A-Z][\w'’-]*)\s+[A-Z])"  # a full name follows: "President Droupadi Murmu" (not "Dr. Seuss. He ...")
_HONORIFIC = re.compile(
    rf"(?<![\w.])(?:(?:The\s+)?(?:Rt\.?|Right)\s+Hon(?:\.|ourable\b|orable\b)?|Sir|Dame|Dr\.?)\s+{_NAME_AFTER}"
    rf"|(?<![\w.])(?:(?:Vice[ -])?President|(?:Deputy\s+)?Prime\s+Minister|Chancellor|Senator|Governor)\s+{_NAME_AFTER}"
)
_DESCRIPTION = re.compile(
    r"(?<![\w.'’-])[A-Z][a-z]+(?:an|ese|ish|ch|ss|ek|ic|i)\s+"
    r"(?!(?:predecessor|successor|ancestor|descendant|rival|opponent|partner|contemporary|mentor)\b)(?:[a-z]{3,}(?:er|ist|or|ian|ant|ent|ar|eer)|guide|priest|monk|poet|pilot|friar|missionary|conquistador)\s+" + _NAME_AFTER
)
"""A nationality and an occupation before a full name, a description of the person: ``German
geographer Hans Meyer``, ``Austrian climber Ludwig Purtscheller``, ``Dutch painter Johannes Vermeer``; not a
role that names another person (``German predecessor Olaf Scholz``)."""
_POST_NOMINALS = re.compile(r"(?:,?\s+(?:KCB|GCB|KBE|DBE|CBE|OBE|MBE|KC|QC|MP|FRS|PhD|Ph\.D\.))+(?=\s*(?:[,;()]|\s(?:and|&)\s|[.!]?$))")
_NICKNAME = re.compile(r"(?<=[^\W\d_])\s+[\"“][^\"“”]{1,30}[\"”](?=\s+[A-Z])")


_RANKS = (
    r"(?:(?:Lieutenant|Major|Brigadier)[ -])?General|(?:Lt\.?|Maj\.?|Brig\.?)\s*Gen\.|Gen\."
    r"|(?:Lieutenant[ -])?Colonel|(?:Lt\.?\s*)?Col\.|Maj\.|Capt\.|Lt\.|Cmdr\.|Cdr\.|Sgt\.|Cpl\."
    r"|Major|Captain|Lieutenant|Commander|Commodore|Brigadier|Sergeant|Corporal"
    r"|(?:(?:Vice|Rear)[ -]|(?:Fleet|Grand)\s+)?Admiral|(?:(?:Vice|Rear|Fleet)\s+|[RV])?Adm\.|[RV]ADM"
    r"|(?:Field|Air(?:\s+Chief|\s+Vice)?)\s+Marshal|Marshal"
    r"|Generalfeldmarschall|Feldmarschall|Generaloberst|Generalleutnant|Generalmajor|Gro(?:ß|ss)admiral|Oberst|Hauptmann|Leutnant"
)
_RANK = re.compile(rf"(?<![\w.-])(?:{_RANKS})\s+{_NAME_AFTER}")
"""A military rank, written out or abbreviated, English or German, before a full name: ``Maj. Gen.
George G. Meade``, ``Vice-Admiral Cuthbert Collingwood``, ``RAdm. Raymond A. Spruance``, ``Field Marshal Bernard Montgomery``, ``Generalfeldmarschall Erwin Rommel``; a
rank before one word stays (``Major Tom``), and so does a monarch's title (``King Henry V``)."""


def unranked(item: str) -> str:
    """``item`` without the military rank before a person's full name (:data:`_RANK`):
    ``Gen. Robert E. Lee`` is ``Robert E. Lee``, ``Adm. Chester W. Nimitz`` ``Chester W. Nimitz``;
    read only of a relation whose answers are people or commanders (``General Electric Company``
    is a firm's name)."""
    return _RANK.sub("", item)


_SHARED_SURNAME = re.compile(
    r"(?:^|(?<=[,;:(]\s)|(?<=\bwith\s)|(?<=\bby\s)|(?<=\band\s))"
    r"(?P<given>(?:Jean|Marie|Anne|Hans|Karl|Pierre|Louis|Paul|Franz|Klaus|Josef|José|Juan|Maria|Ana|Jan)-[A-Z][a-z]+)"
    r"\s+(?P<join>and|&)\s+(?P<other>[A-Z][\w'’.-]+)\s+(?P<surname>[A-Z][\w'’-]+)(?![\w'’-]|\s+[A-Z])"
)
"""A compound given name alone before another person's full name, the surname both share: ``Jean-Antoine
and Louis Carrel`` (Jean-Antoine Carrel and Louis Carrel); a surname alone stays (``Lloyd-Webber and Tim Rice``)."""


def shared_surname(item: str) -> str:
    """``item`` with the surname a compound given name shares with the full name after it written
    out (:data:`_SHARED_SURNAME`): ``Edward Whymper, with Jean-Antoine and Louis Carrel (1880)``
    is ``Edward Whymper, with Jean-Antoine Carrel and Louis Carrel (1880)``."""
    return _SHARED_SURNAME.sub(lambda m: f"{m.group('given')} {m.group('surname')} {m.group('join')} {m.group('other')} {m.group('surname')}", item)


def untitled_person(item: str) -> str:
    """``item`` without what a person's name is written with but is no part of it: an honorific
    (``Sir Alec Issigonis``, ``The Rt Hon. Boris Johnson``, ``Dr. ...``), an office title before
    a full name (``President Droupadi Murmu``, ``Prime Minister Shigeru Ishiba``), post-nominal
    letters (``Sir Keir Starmer KCB KC``) and a nickname in quotes (``Ferdinand Alexander "Butzi"
    Porsche``), a nationality and occupation (``German geographer Hans Meyer``: :data:`_DESCRIPTION`);
    a monarch's title stays (``King Charles III``), and so does a title alone."""
    return _NICKNAME.sub("", _POST_NOMINALS.sub("", _HONORIFIC.sub("", _DESCRIPTION.sub("", item))))


_PLACE_WORD = r"[A-Z][\w'’.-]*"
_AT_PLACE = re.compile(
    rf"(?P<name>[^\W\d_][^()]*?)\s+(?P<where>(?:at|in)\s+(?:the\s+)?{_PLACE_WORD}(?:,?\s+(?:(?:at|in|of|the|on|de|del)\s+)*{_PLACE_WORD})*)[.!]?"
)


def where_working(item: str) -> str:
    """``item`` with where a person worked after their full name in brackets, a gloss: ``Clyde
    Tombaugh at Lowell Observatory in Flagstaff, Arizona`` is ``Clyde Tombaugh (at Lowell
    Observatory in Flagstaff, Arizona)``, one discoverer, not the place's parts; any other item as
    it is (``Michel Mayor and Didier Queloz at ...`` lists two)."""
    match = _AT_PLACE.fullmatch(item.strip())
    if match is None or not full_name(match.group("name")):
        return item
    return f"{match.group('name')} ({match.group('where')})"


_NUMBER_WORDS = "|".join(ENGLISH_NUMBER_WORDS[1:21])  # one to twenty ("Twenty-One Pilots" is a band's name)
_COUNTED = re.compile(
    rf"(?P<count>\d{{1,3}}|(?i:{_NUMBER_WORDS}))\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)(?P<rest>(?:,\s+|\s*\().*)?"
)


def counted(item: str) -> str:
    """``item`` with the count before a name it holds several of as a gloss, the name one of them:
    ``11 Academy Awards, including Best Picture`` is ``Academy Award (11, including Best
    Picture)``, ``Three Academy Awards (Best Picture, Best Director)`` ``Academy Award (three; Best
    Picture, Best Director)``, ``2 Oscars`` ``Oscar (2)``; any other item as it is (``20th
    Century Studios``)."""
    match = _COUNTED.fullmatch(item.strip().rstrip("."))
    if match is None:
        return item
    name, count, rest = match.group("name"), match.group("count"), (match.group("rest") or "").strip()
    if count.casefold() not in ("1", "one") and not re.search(r"[^s]s$", name):  # "2 Spain": no count of Spains
        return item
    name = name[:-1] if name.endswith("s") and not name.endswith("ss") else name
    if rest.startswith("(") and rest.endswith(")"):
        return f"{name} ({count}; {rest[1:-1]})"
    return f"{name} ({count}, {rest.lstrip(', ')})" if rest else f"{name} ({count})"


_TIMES = re.compile(r"^\s*(?P<count>\d{1,3})\s*[×✕]\s*(?=[^\W\d_])|^\s*(?P<xcount>\d{1,3})x\s+(?=[A-Z])")


def times_counted(item: str) -> str:
    """``item`` with the count written with a times sign before a name as a gloss: ``9 × Merlin
    1D (first stage)`` is ``Merlin 1D (9 ×) (first stage)``, ``5× Rocketdyne F-1`` and ``4x
    Pratt & Whitney JT9D`` so too: how many of the one engine, no part of its name."""
    match = _TIMES.match(item)
    if match is None:
        return item
    rest = item[match.end() :].strip()
    name, gloss = split_bracketed(rest)
    count = f"{match.group('count') or match.group('xcount')} ×"
    return f"{name} ({count}; {gloss})" if gloss else f"{name} ({count})"


def split_bracketed(item: str) -> tuple[str, str | None]:
    """(name, what brackets after it hold) of ``Reye's syndrome (in children)`` or ``Chronic
    myeloid leukemia (CML)``; ``(item, None)`` without a closing bracketed part."""
    match = _PAREN.match(item)
    return (match.group("tail").strip(), _glosses(match)) if match else (item, None)


def _glosses(match: re.Match[str]) -> str:
    """What the brackets of a :data:`_PAREN` match hold: ``Advil; OTC`` of ``Ibuprofen (Advil) (OTC)``."""
    return "; ".join(gloss[1:-1].strip() for gloss in _IN_BRACKETS.findall(match.group("glosses")))


_OPEN_NAME = re.compile(r"\s*(?:spp?|subsp|ssp|var|cf|aff)\.(?:\s+[a-z]+)?\s*")
"""A taxon's open name after its genus: ``sp.`` (a species not named), ``spp.``, ``cf.``, ``var. alba``."""


def split_gloss(item: str, titles: bool = False) -> tuple[str, str | None]:
    """(tail, gloss) of a list item a chat model annotated: ``**Spain** – the longest border``,
    ``Belgium: in the north``, ``Spain (southwest)`` and ``PWR (pressurized water reactor) —
    specifically the EPR design`` give the tails ``Spain``, ``Belgium`` and ``PWR`` and the rest
    as the gloss (kept as the teacher's rationale); ``(item, None)`` otherwise.
    Where the answers are ``titles``, a title in italics is one whole (``*Mission: Impossible –
    Rogue Nation*``) and so is a title and its subtitle after a colon, every word of it
    capitalised (``Star Wars: Episode IV – A New Hope``, ``Dune: Part Two``; its brackets are
    still a gloss); so is any answer's edition after a colon (``Minecraft: Java Edition``:
    :data:`_EDITION`)."""
    match = _EMPHASIS_LEAD.match(item)
    if match and _OPEN_NAME.fullmatch(match.group("rest")):  # "*Panthera* sp.": a genus, no species named; one name, as unmarked
        return f"{match.group('tail').strip()} {match.group('rest').strip()}", None
    inner = _PAREN.match(match.group("tail").strip()) if match and not (titles and match.group(1) in "*_") else None
    if match and (inner or match.group("rest").strip(" .,;:–—-()")):
        rest = match.group("rest").strip().lstrip(":–—-").strip().rstrip(".")
        if rest.startswith("(") and rest.endswith(")"):
            rest = rest[1:-1]
        if inner:  # "**Dfd (subarctic)** — extremely cold winters": its brackets a gloss, as unmarked
            return inner.group("tail").strip(), "; ".join(filter(None, (_glosses(inner), rest.strip())))
        return match.group("tail").strip(), rest.strip() or None
    if titles and match and match.group(1) in "*_":  # "*Mission: Impossible – Rogue Nation*"
        return match.group("tail").strip(), None
    match = _GLOSS.match(item)
    if match and (_FIGURE_DASH_FIGURE.match(item, match.end("tail") - 1) or _dates_joined(match)):
        match = None  # "1987 – 1992", "3000 BC – 2000 BC": a range, no figure and its gloss
    if match and len(match.group("tail").split()) <= _GLOSS_WORDS and not ((titles or _EDITION.fullmatch(match.group("gloss"))) and _subtitle(item, match)):
        return match.group("tail").strip(), match.group("gloss").strip()
    match = _PAREN_GLOSS.match(item)  # "Pluto (Roman god of the underworld) — suggested by Venetia Burney"
    if match and len(match.group("tail").split()) <= _GLOSS_WORDS:
        return match.group("tail").strip(), f"{_glosses(match)}; {match.group('gloss').strip()}"
    match = _PAREN.match(item)
    if match:
        return match.group("tail").strip(), _glosses(match)
    return item, None


_EDITION = re.compile(r"(?:[A-Z0-9][\w.+-]*\s+){1,2}(?:Edition|Version)")
"""A product's edition after its name and a colon, part of its name: ``Minecraft: Java Edition``,
``Microsoft SQL Server: Express Edition`` (not ``Belgium: in the north``)."""


def _subtitle(item: str, match: re.Match[str]) -> bool:
    """Whether what a colon opens is a title's subtitle, not a gloss: every word of it but the
    short ones capitalised or a figure (``Episode IV – A New Hope``, ``Part Two``; not ``in the
    north``), its brackets aside."""
    return item[match.end("tail") :].startswith(":") and _title_cased(split_bracketed(match.group("gloss"))[0])


def _title_cased(text: str) -> bool:
    """Whether ``text`` is written as a title: every word but the short ones capitalised or a figure."""
    words = re.findall(r"[^\W_][\w'’.-]*", text)
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w in TITLE_SMALL_WORDS for w in words)


_AUTHORED = re.compile(r"(?P<title>.*\S)\s+by\s+(?P<who>[A-Z][^()]*?)[.!]?")


def authored(item: str) -> str:
    """A title and who wrote it (``Jurassic Park by Michael Crichton``, ``*It* by Stephen King``,
    ``The Shining (1977 novel) by Stephen King``) as the title and the author in brackets, its
    gloss; any other item as it is (``Stand by Me``, ``It was written by Stephen King``)."""
    match = _AUTHORED.fullmatch(item.strip())
    if match is None or not full_name(match.group("who")) or not _title_cased(split_bracketed(match.group("title").strip("*_\"“”"))[0]):
        return item
    return f"{match.group('title')} (by {match.group('who')})"


_HEDGE_WORDS = r"(?:perhaps|maybe|probably|possibly|(?:most |more )?likely|I (?:think|guess|believe|suppose)|if anything|potentially)"
_TRAILING_HEDGE = re.compile(rf"(?:\s*[,;]\s*|\s+[–—-]\s+|\s*\(\s*){_HEDGE_WORDS}\s*\)?[\s.!?]*$", re.IGNORECASE)
_LEADING_HEDGE = re.compile(rf"^(?:(?:perhaps|maybe|possibly|probably)\s*[,:]?|{_HEDGE_WORDS}\s*[,:])\s+(?=\S)", re.IGNORECASE)


def unhedged(item: str) -> str:
    """An item without the hedge a chat model wraps it in: ``to drive the car, perhaps``,
    ``happy (most likely)``, ``Maybe: to call a friend`` give the tail alone; an item that is
    only the hedge stays as it is."""
    out = _LEADING_HEDGE.sub("", _TRAILING_HEDGE.sub("", item))
    return out if out.strip(" .,;:*_") else item


_FREQUENCY = r"occasionally|sometimes|rarely|mostly|mainly|usually|often|primarily|frequently|commonly|largely|chiefly"
_NAME_HEDGE = re.compile(
    rf"(?:^|(?<=[,;:]\s)|(?<=\sand\s)|(?<=\sor\s))[*_]*(?:(?:{_FREQUENCY})|(?i:{_FREQUENCY})(?=\s+[*_]*[a-z]))[*_]*\s+(?=[*_]*\w)"
)
"""A frequency adverb before a name in a chat answer: ``Humans, occasionally tigers``, ``Mostly
fruit; occasionally slow lorises.``; a capitalised one before a capitalised word is a title's
(``Sometimes I Sit and Think``, ``Mostly Mozart Festival``)."""


def unhedged_names(item: str) -> str:
    """A chat answer about named entities without the frequency adverbs before its names
    (:data:`_NAME_HEDGE`): ``occasionally walrus and beluga whales`` → ``walrus and beluga whales``."""
    return _NAME_HEDGE.sub("", item)


_ABBREVIATED = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,3}")  # "D.C.", "NY"


def split_qualifier(tail: str) -> tuple[str, str | None]:
    """(name, what qualifies it) of one answer with a comma outside brackets: ``Hämeenlinna,
    Finland``, ``Nagyszentmiklós, Kingdom of Hungary (now Sânnicolau Mare, Romania)``; a name
    ending in an abbreviation, a company's suffix or a version stays whole (``Washington, D.C.``,
    ``Sun Microsystems, Inc.``, ``Apache License, Version 2.0``)."""
    parts = _OUTSIDE_BRACKETS.split(tail, maxsplit=1)
    if len(parts) < 2:
        return tail, None
    name, qualifier = parts[0].strip(), parts[1].strip().rstrip(" .")
    if not name or not qualifier or _ABBREVIATED.fullmatch(qualifier) or _ABBREVIATED.fullmatch(qualifier + ".") or _COMPANY.fullmatch(qualifier):
        return tail, None  # "Washington, D.C."; "Sun Microsystems, Inc.", "Apache License, Version 2.0"
    return name, qualifier


COMPASS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west",
}
_GENERIC = {"world", "country", "region", "area", "nation", "neighbour", "neighbor", "border", "continent"}
_QUANTIFIERS = {"every", "all", "some", "many", "several", "few", "both", "each", "other", "any", "most"}
_NAMED_TYPES = {"GPE", "LOC", "ORG", "PERSON", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"}


def names_no_entity(token: Any) -> bool:
    """Whether a noun (a spaCy token) names no entity in a domain of names, in every reader of
    sentences (:mod:`extractors.freetext`, a chat answer's sentences here): a compass word
    ("to the west", "the northwest"), a word for the kind of thing or the relation ("the world",
    "land borders", "the region"), or a noun counted or quantified ("three countries", "every
    country"); a proper noun ("West Virginia"'s "Virginia") or a named entity is a name."""
    if token.pos_ == "PROPN" and token.lower_ not in COMPASS or token.ent_type_ in _NAMED_TYPES:
        return False
    if token.lower_ in COMPASS or token.lemma_.lower() in _GENERIC:
        return True
    quantified = any(c.dep_ in ("det", "nummod") and c.lower_ in _QUANTIFIERS for c in token.children) or (
        token.tag_ == "NNS" and any(c.like_num for c in token.children)  # "14 countries", not "type 2 diabetes"
    )
    return token.pos_ == "NOUN" and quantified


_PRONOUNS = {"it", "they", "this", "that", "these", "those", "he", "she", "its", "their", "i", "you", "we"}


_DIRECTIONS = {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern", "southeastern",
               "southwestern", "north-eastern", "north-western", "south-eastern", "south-western", "coastal", "rural"}


def _is_head(text: str, head: str) -> bool:
    """Whether ``text`` names the head: the head itself, the head without its version number
    ("Perl" for "Perl 5"), or the end of a head of several capitalised words, as prose names a
    person after the first mention ("Dvořák", "de Falla" for "Antonín Dvořák", "Manuel de
    Falla"), or its given name before a particle ("Leonardo" for "Leonardo da Vinci")."""
    said, words = text.casefold().split(), head.casefold().split()
    if not said or not words:
        return False
    if said == words or len(words) >= 2 and said == words[:-1] and _VERSION.match(words[-1]):  # "Perl" names "Perl 5"
        return True
    if len(words) > len(said) and said == words[: len(said)] and words[len(said)] in NAME_PARTICLES and text[:1].isupper():
        return True  # "Leonardo" of "Leonardo da Vinci", "Rembrandt" of "Rembrandt van Rijn": a given name before the particle
    return len(words) >= 2 and head[:1].isupper() and said == words[-len(said):] and text[-1:].isalpha() and text.split()[-1][:1].isupper()


def trimmed(tokens: list[Any]) -> list[Any]:
    """The tokens of a noun phrase less what opens or closes it ("the", "its", punctuation, a
    lower-case "only"): "the United Kingdom" is "United Kingdom", "only Spain" is "Spain" ("Only
    Fools and Horses" a title); "Republic of the Congo" keeps its "the"."""
    start, end = 0, len(tokens)
    while start < end and (tokens[start].pos_ in ("DET", "PRON", "PUNCT") or tokens[start].text in ("only", "just")):
        start += 1
    while end > start and tokens[end - 1].pos_ in ("DET", "PRON", "PUNCT"):
        end -= 1
    return tokens[start:end]


def _sentence_items(doc: Any, head: str, words: set[str], kind: bool = False) -> list[str] | None:
    """The objects an answer in sentences names ("The capital of France is Paris." -> Paris),
    sentence by sentence: the noun chunks less the head, pronouns, the relation's own words and
    what brackets hold (an abbreviation or another name: "polycystic ovary syndrome (PCOS)");
    in a sentence that names a proper noun, the proper nouns only. Disease names and the like
    are lower case in prose: "It is used to treat type 2 diabetes." gives "type 2 diabetes"."""
    found: list[str] = []
    for sentence in doc.sents:
        found += _names_in(doc, sentence, head, words, kind) or []
    return list(dict.fromkeys(found))  # [] for a sentence that names nothing: "Sydney is a city."


def _kind_doing(chunk: Any, chunks: int) -> bool:
    """Whether a noun chunk is a sentence's subject that names a kind of thing doing what the
    sentence says, not an answer: a plural common noun (no proper noun), subject of a verb
    other than a copula, beside other chunks (``Domestic cats live alongside humans``;
    ``Headaches are common`` names its answer)."""
    root = chunk.root
    return (chunks > 1 and root.dep_ == "nsubj" and root.tag_ == "NNS" and root.head.dep_ == "ROOT" and root.head.pos_ == "VERB"
            and not any(t.pos_ == "PROPN" for t in chunk))


def _title_parts(before: Any, joint: Any, chunk: Any) -> bool:
    """Whether two noun chunks and the preposition between them are one title in a sentence:
    the first opens with a capitalised article inside the sentence, the second with a lower-case
    one, every other word capitalised (``It's on A Night at the Opera.``; ``The Beatles in
    Liverpool`` are two names)."""
    first, second = list(before), list(chunk)
    return (joint.pos_ == "ADP" and joint.is_lower and first[0].pos_ == "DET" and first[0].is_title and first[0].i > before.sent.start
            and second[0].lower_ in ("the", "a", "an") and second[0].is_lower and len(second) > 1
            and all(t.is_title for t in first[1:] + second[1:]))


def _one_entity(span: Any) -> bool:
    """Whether a span lies inside one named entity the parser found, a name, not a date or a
    figure (``the Nobel Prize in Literature``)."""
    return (span[0].ent_type_ in _NAMED_TYPES and span[0].ent_iob_ in ("B", "I")
            and all(t.ent_iob_ == "I" and t.ent_type_ == span[0].ent_type_ for t in span[1:]))


def _bracketed(span: Any) -> set[int]:
    """The indices of the tokens of ``span`` inside round brackets."""
    inside: set[int] = set()
    depth = 0
    for t in span:
        depth += t.text == "("
        if depth:
            inside.add(t.i)
        depth -= t.text == ")" and depth > 0
    return inside


def _in_head(span: Any, head: str) -> set[int]:
    """The indices of the tokens of ``span`` where it names the head whole: none of its words is
    an answer ("The Cat in the Hat was written by Dr. Seuss." names no "Cat")."""
    if not head.strip():
        return set()
    named = [(span.start_char + m.start(), span.start_char + m.end()) for m in re.finditer(re.escape(head.strip()), span.text, re.IGNORECASE)]
    return {t.i for t in span for start, end in named if start <= t.idx and t.idx + len(t) <= end}


def _unsaid(name: str, head: str, words: set[str]) -> str:
    """``name`` less the relation's word and the head after it, where the parser took the verb
    for a noun: ``Belgium border France`` ("Spain and Belgium border France.") is Belgium."""
    said = head.strip()
    rest = name[: -len(said)].split() if said and name.casefold().endswith(" " + said.casefold()) else []
    return " ".join(rest[:-1]) if len(rest) >= 2 and rest[-1].casefold() in words else name


_PLACE_WORDS = frozenset({"city", "town", "village", "country", "place", "region", "state", "province", "birthplace", "capital"})
"""The words of a question whose answers are places. Not :data:`kg.ontology_index.PLACE_WORDS`, the
words a class of places is named with: a question about an "area" or a "site" (a web site) asks
for a figure or a name, not a place."""


_PASSING = frozenset({"active", "dormant", "extinct", "massive", "large", "small", "huge", "tall", "young", "old", "classic",
                      "typical", "prominent", "major", "broad", "steep", "isolated", "famous", "iconic", "youthful", "potentially"})
"""Words that say how big, how lively or how known a thing is, no part of its kind: ``a massive shield volcano``."""


def _head_kind(sentence: Any, head: str, *, affirmed: bool = False) -> str | None:
    """What kind of thing a sentence says the head is (``Mount Pelée is a stratovolcano.``, ``It's
    a massive shield volcano.``: ``shield volcano``), less words of size or state (:data:`_PASSING`)
    and what follows the noun (``at the northern end of Martinique``), or None. ``affirmed``: never
    what a clause says it is not (``Mount Etna is not a caldera, ...``)."""
    for t in sentence:
        subjects = [c for c in t.head.children if c.dep_ == "nsubj"] if t.dep_ == "attr" and t.head.lemma_ == "be" else []
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children) or len(subjects) != 1:
            continue
        if affirmed and any(c.dep_ == "neg" for c in t.head.children):
            continue
        subject = subjects[0].doc[subjects[0].left_edge.i : subjects[0].right_edge.i + 1].text
        if not (_is_head(subject, head) or subject.casefold() in ("it", "this")):
            continue
        before = [c for c in t.subtree if c.i < t.i and c.dep_ in ("compound", "amod", "nmod") and c.lower_ not in _PASSING]
        return " ".join([c.text for c in before if c.i >= (before[0].i if before else t.i)] + [t.text])
    return None


def _kind_said(doc: Any, head: str) -> str | None:
    """What kind of thing a line with commas says the head is in a clause that does not deny it
    (:func:`_head_kind`): ``Mount Etna is a stratovolcano, and it is the tallest active volcano in
    Europe.`` and ``Mount Etna is not a caldera, it is a stratovolcano.`` give ``stratovolcano``;
    None for a line that says it of nothing (``Stratovolcano, shield volcano`` lists)."""
    for sentence in doc.sents:
        kind = _head_kind(sentence, head, affirmed=True)
        if kind is not None:
            return kind
    return None


_POSSESSIVES = {"its", "his", "her", "their"}


def _possessed_subject(chunk: Any, content: list[Any]) -> bool:
    """Whether a noun chunk is the subject of "is" owned by a pronoun, in common nouns only: what
    the head has, said in other words than the relation's (``its summit`` of ``Its summit is Mont
    Blanc de Courmayeur``, ``his birthplace``), never the answer; ``His father Leopold Mozart was
    ...`` names one."""
    root = chunk.root
    owned = any(c.dep_ == "poss" and c.lower_ in _POSSESSIVES for c in root.children)
    return owned and root.dep_ == "nsubj" and root.head.lemma_ == "be" and all(t.pos_ in ("NOUN", "ADJ") and t.is_lower for t in content)


def _names_in(doc: Any, sentence: Any, head: str, words: set[str], kind: bool = False) -> list[str] | None:
    if kind and (head_kind := _head_kind(sentence, head)) is not None:
        return [head_kind]  # "Mount Pelée is an active stratovolcano at the northern end of Martinique.": stratovolcano
    named = head.strip().casefold()
    own = _in_head(sentence, head)
    listed = [_unsaid(n, head, words) for n in _conjuncts(doc, sentence, head) if not all(w.casefold() in words for w in n.split())]
    if len(listed) >= 2:  # "used to reduce the risk of heart attack and stroke": not "risk"
        return listed
    described = {  # "Lisinopril is an ACE inhibitor": what kind of thing the head is, not an answer
        t.i for t in sentence if t.dep_ == "attr" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)
        and any(c.dep_ == "nsubj" and _is_head(doc[c.left_edge.i : c.right_edge.i + 1].text, head) for c in t.head.children)
    }
    bracketed = _bracketed(sentence)
    chunked = {t.i for chunk in sentence.noun_chunks for t in chunk}
    spans: list[Any] = []
    titles: set[int] = set()  # where a title opens, its capitalised article its own ("A Night at the Opera")
    for chunk in sentence.noun_chunks:  # a name in parts: "the Kingdom" "of" "Denmark" is one name
        end = chunk.end  # and the nouns the parser left out of it: "type" "2 diabetes mellitus"
        while end < sentence.end and doc[end].pos_ in ("NUM", "NOUN", "PROPN") and end not in chunked:
            end += 1
        chunk = doc[chunk.start : end]
        before = spans[-1] if spans else None
        if (before is not None and before.end == chunk.start - 1 and doc[before.end].lower_ == "of"
                and any(t.pos_ == "PROPN" for t in before) and any(t.pos_ == "PROPN" for t in chunk)):
            spans[-1] = doc[before.start : chunk.end]
        elif before is not None and before.end == chunk.start - 1 and _title_parts(before, doc[before.end], chunk):
            spans[-1] = doc[before.start : chunk.end]  # "A Night" "at" "the Opera": one title
            titles.add(before.start)
        elif before is not None and before.end == chunk.start - 1 and _one_entity(doc[before.end - 1 : chunk.end]):
            spans[-1] = doc[before.start : chunk.end]  # "the Nobel Prize" "in" "Literature": one name, as the parser's entity
        else:
            spans.append(chunk)
    keep = []
    kept: set[int] = set()  # the tokens of the names kept so far
    places = not words.isdisjoint(_PLACE_WORDS)  # a relation whose answers are places: "in Paris" may answer
    objects: list[str] = []  # the main verb's direct object, when the head is the subject
    about_head = _subject(sentence, head) is not None
    for chunk in spans:
        content = trimmed(list(chunk)) if chunk.start not in titles else [t for t in chunk if not t.is_punct]
        opened = next((k for k, t in enumerate(content) if t.i in bracketed), 0)
        content = trimmed(content[:opened]) if opened else content  # "iron (Fe": the name, not what brackets add
        while len(content) > 1 and content[0].is_lower and content[0].lower_ in _DIRECTIONS and any(t.pos_ == "PROPN" for t in content):
            content = content[1:]  # "western Norway" is in Norway ("West Virginia" is a name)
        text = doc[content[0].i : content[-1].i + 1].text if content else ""  # as written: "Jay-Z", not "Jay - Z"
        if not content or _is_head(text, head) or named in text.casefold() or chunk.root.lower_ in _PRONOUNS or all(t.i in own for t in content):
            continue
        if names_no_entity(chunk.root):  # "land borders", "three countries", "to the west"
            continue
        if _kind_doing(chunk, len(spans)):  # "Domestic cats live alongside humans": the head's kind, not an answer
            continue
        if any(t.dep_ == "poss" and _is_head(doc[t.left_edge.i : t.i + 1].text, head) for t in content):
            continue  # "Dvořák's birthplace": the head's own, not an answer
        if _possessed_subject(chunk, content):
            continue  # "its summit is Mont Blanc de Courmayeur": the head's own, not an answer
        if content[0].pos_ == "ADP" or chunk.root.i in described:  # "used off-label": a manner, not a name
            continue
        if all(t.lower_ in words or t.lemma_.lower() in words for t in content):
            continue
        if all(t.ent_type_ in ("DATE", "TIME") for t in content) or _WHEN.fullmatch(text):  # "8 September 1841": when, not what
            continue
        root = chunk.root
        if not places and root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near") and root.head.head.i in kept and root.head.head.pos_ == "PROPN":
            continue  # "the Louvre Museum in Paris", "Andrea del Verrocchio in Florence": where the name before it is
        kept.update(t.i for t in content)
        # a proper noun, or a capitalised word inside the sentence the parser took for a noun ("Nelahozeves")
        named_thing = any(t.pos_ == "PROPN" or (t.is_title and t.pos_ == "NOUN" and t.i != sentence.start) for t in content)
        keep.append((named_thing, all(t.i in bracketed for t in content), text))
        if about_head and chunk.root.dep_ == "dobj" and chunk.root.head.dep_ == "ROOT":
            objects.append(_of_name(doc, content, text))
    if objects:  # what the head does something to: "He played the viola in the Provisional Theatre orchestra."
        return objects
    if any(not inside for _, inside, _ in keep):  # what brackets hold names the same again
        keep = [k for k in keep if not k[1]]
    proper = [text for is_proper, _, text in keep if is_proper]
    if proper or keep:
        return proper or [text for _, _, text in keep]
    # no noun phrase: the complement ("It is Italian." -> Italian)
    complements = [t for t in sentence if t.dep_ in ("attr", "acomp", "oprd") and t.lower_ not in _PRONOUNS and t.lower_ not in words
                   and t.i not in described]
    return [doc[c.left_edge.i : c.right_edge.i + 1].text for c in complements] or None


def _of_name(doc: Any, content: list[Any], text: str) -> str:
    """A common noun with the name it is of: ``bombing of Guernica`` of ``Guernica depicts the
    bombing of Guernica by German warplanes`` (an event of a place, not a "bombing"); ``text``
    for a name or a noun with no such name after it."""
    after = content[-1].i + 1
    if any(t.pos_ == "PROPN" for t in content) or after >= len(doc) or doc[after].lower_ != "of" or doc[after].head.i != content[-1].i:
        return text
    named = [c for c in doc[after].children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
    return doc[content[0].i : named[0].right_edge.i + 1].text if named else text


_EXAMPLE_GLOSS = re.compile(r",\s+(?P<example>(?:especially|particularly|notably)\s+[^,;()]+?)\s*(?=,\s|;|$)")
"""An example of the item before it, between commas: ``Insects, especially the bug *Probergrothius
angolensis*, and wind`` lists Insects (the bug its gloss) and wind."""


def inline_items(
    line: str, nlp: Any = None, head: str = "", words: Iterable[str] = (), joins: tuple[str, ...] = ENGLISH.joins,
    *, listed: bool = False, known: Callable[[str], bool] | None = None, dropped: Callable[[str, int], None] | None = None, kind: bool = False,
) -> list[str] | None:
    """The items of a list written on one line, or None: titles in quotation marks
    (:func:`_quoted_items`), a bare list (``Spain, Belgium, Germany and Italy``: short parts
    between commas, the last join word (``joins``: the answer's language's ``and`` / ``or``)
    splitting the last part, none naming the ``head``), or, with a spaCy pipeline ``nlp``, the
    nouns joined in a sentence (``France borders Spain, Belgium and Germany.``: the noun chunks
    of the longest chain of conjuncts), or the names sentences give (``[]`` when they name none:
    ``Sydney is a city.``). A compass phrase after an item is passed over (``Spain to the south,
    Belgium to the north``), the line read as written when nothing is read without it (``Spain
    lies to the south.``). ``listed``: the line is a list (a label before it said so: ``Works:
    Rusalka, Stabat Mater``), so two short parts are two items too, a join word's as a comma's
    (``Depends on: urllib3 and certifi``). A name written with commas stays whole: one ``known``
    says the store or the reference holds (``Buffalo Springfield, Crosby, Stills, Nash & Young,
    Crazy Horse`` gives three), one written as bands are (:func:`one_name`). ``dropped`` counts
    what the line holds that is no answer (a part naming the head, a clause naming nothing).
    ``kind``: the relation's answer is what kind of thing the head is (``volcanoType``), so a
    sentence saying so gives it (``Mount Pelée is a stratovolcano.``), no description of the head."""
    line = _EXAMPLE_GLOSS.sub(r" (\g<example>)", line)  # "Insects, especially the bug *P. angolensis*, and wind": a gloss of Insects
    line = _emphasis_unless_all(line, joins)  # "affected **Dominica**, **Puerto Rico**, Guadeloupe": all three
    quoted = _quoted_items(line, joins) or _marked_names(line, head, joins, known)
    if quoted:
        return quoted
    if one_name(line.strip().rstrip(".!")) or _OR_LATER.fullmatch(line.strip()):  # "Earth, Wind & Fire", "GPL v3.0 or later"
        return None
    if _ACRONYM_LED.fullmatch(line.strip().rstrip(".!")):  # "OS Command Injection": one name (spaCy parses "OS" as a verb)
        return None
    if _PARTICLED_PLACE.fullmatch(line.strip().rstrip(".!")):  # "Freiburg im Breisgau": one name (spaCy parses "im" as "I'm")
        return None
    if _known_joined(line, joins, known):  # "Bosnia and Herzegovina (Balkans)": one name, its gloss after it
        return None
    dashed = _DASH_GLOSS.fullmatch(line.strip())
    if dashed and len(dashed.group("name").split()) <= _GLOSS_WORDS:  # "Cargo — Rust's build system": the names before the gloss
        return inline_items(dashed.group("name"), nlp, head, words, joins, listed=listed, known=known, dropped=dropped, kind=kind)
    unled = _COMPASS_LEAD.sub(";", line)  # "In the south, Spain and Andorra": what follows lists, a part of its own
    placed = _COMPASS_PHRASE.sub("", unled)  # "Spain to the south, Belgium to the north": where, no item
    found = _line_items(placed, nlp, head, words, joins, listed or unled != line, known, dropped, kind) if placed != line else None
    return found or _line_items(line, nlp, head, words, joins, listed, known, dropped, kind)  # "Spain lies to the south.": read as written


_ACRONYM_LED = re.compile(r"[A-Z]{2,5}(?:\s+[A-Z][\w'’-]*){1,5}")
"""A name an acronym opens, every word after it capitalised: ``OS Command Injection``, ``SQL
Injection``, one name, no verb and its object."""


_PARTICLED_PLACE = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*(?:\s+(?:im|am|an der|an|ob der|auf|bei|upon|sur|sous|de|del|de la|du|di|della|do|da)\s+[A-Z][\w'’.-]*)+")
"""A place's name whose parts a particle joins, capitalised on either side: ``Freiburg im Breisgau``,
``Frankfurt am Main``, ``Halle an der Saale``, ``Kingston upon Hull``, ``Rio de Janeiro``; one
name, never a sentence of its words (no join word: ``Freiburg and Basel`` lists two)."""


def _known_joined(line: str, joins: tuple[str, ...], known: Callable[[str], bool] | None) -> bool:
    """Whether a line is one name the store or the reference holds (``known``) with a join word
    in it, a gloss in brackets after it or none: ``Bosnia and Herzegovina (Balkans)``, ``Trinidad
    and Tobago``; one name, never also its parts (``Spain and France (Pyrenees)`` is two; a line
    with commas is a list's to read)."""
    name = split_bracketed(line.strip().rstrip(".!"))[0].strip()
    return known is not None and "," not in name and _joins(joins).search(name) is not None and known(name)


def _line_items(
    line: str, nlp: Any, head: str, words: Iterable[str], joins: tuple[str, ...], listed: bool, known: Callable[[str], bool] | None = None,
    dropped: Callable[[str, int], None] | None = None, kind: bool = False,
) -> list[str] | None:
    """:func:`inline_items` of a line less its quoted titles and compass phrases."""
    line = _COMMAS.sub(", ", line)  # the ideographic and Arabic commas list as a comma does: 夏目漱石、森鷗外
    if clause := _FEATURING_CLAUSE.search(line):  # "Thriller, featuring Billie Jean": more on the name before it, no item
        featured = [p.strip(" .!") for p in _joins(joins).split(re.sub(r"^,\s+featuring\s+", "", clause.group(0), flags=re.IGNORECASE))]
        if known is not None and all(p and known(p) for p in featured):  # "Queen, featuring David Bowie": a credit, both known
            line = line[: clause.start()] + ", " + ", ".join(featured)
        else:
            return _line_items(line[: clause.start()], nlp, head, words, joins, listed, known, dropped, kind) or [line[: clause.start()].strip()]
    credited = _FEATURING.split(line.strip().rstrip(".!")) if not re.search(r"[()\[\]\"“”]", line) else []
    # "Beyoncé feat. Jay-Z": two artists, one featured ("Queen featuring Freddie Mercury on vocals" says more than names)
    if len(credited) > 1 and all(p.strip() and not _lower_word(_joins(joins).sub(" ", p)) for p in credited):
        credited = credited[1:] if any(w.startswith("feat") for w in words) else credited
        return [item for p in credited for item in _line_items(p.strip(), nlp, head, words, joins, listed, known, dropped, kind) or [p.strip()]]
    if _SEMICOLON.search(line):  # "Hypercholesterolemia; coronary artery disease": each part as a line
        found: list[str] = []
        said = {w.casefold() for w in words if len(w) > 3}
        for part in filter(None, (_PARTITIVE.sub("", p.strip()) for p in _SEMICOLON.split(line))):  # "some in the Iraq Museum"
            name, gloss = split_bracketed(part)
            doc = nlp(name) if nlp is not None else None
            sentence = doc is not None and (_verb_said(doc) or _existence_said(doc)) and not _noun_phrase(doc)
            answer = any(f.casefold() not in NONE_ANSWERS for f in found)  # "N/A; its reference implementation is in C." has none
            if (sentence and answer and doc is not None and not any(t.lower_ in said or t.lemma_.casefold() in said for t in doc)
                    and not any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" for t in doc)):
                # "Ryan Dahl (2009); later maintained by the OpenJS Foundation": a clause in other words, no answer
                # ("Sucre; La Paz is the seat of government", "...; to the north lies Belgium" name their own)
                if dropped is not None:
                    dropped("sentence beside an answer", 1)
                continue
            # "Help! (UK)": a name and its gloss; "For Emma, Forever Ago; 22, A Million": semicolons list, the commas are the titles'
            titles = "," in part and all(p.strip()[:1].isupper() or p.strip()[:1].isdigit() for p in part.split(","))
            if gloss is not None and not sentence or known is not None and known(part) or titles and not listed and not sentence:
                found.append(part)
                continue
            items = inline_items(part, nlp, head, words, joins, listed=listed, known=known, dropped=dropped, kind=kind)
            if not items and sentence and dropped is not None:  # "Paris is a city" names no answer
                dropped("object: sentence naming no answer", 1)
            found += items or ([] if sentence else [part])
        return found or None
    if nlp is not None and _SENTENCE_BREAK.search(line.strip()):
        sentences = [sent for sent in nlp(line.strip()).sents if sent.text.strip()]
        if len(sentences) > 1:  # "... pain, fever, and inflammation. It is also used to ..."
            found = []
            for k, sent in enumerate(sentences):
                if k and not _about(sent, head):  # "These are the main ones."
                    continue
                text = sent.text.strip()
                verb = any(t.pos_ in ("VERB", "AUX") for t in sent)
                found += inline_items(text, nlp, head, words, joins, kind=kind) or ([] if verb else [text.rstrip(".!")])
            return found
    if kind and nlp is not None and _OUTSIDE_BRACKETS.search(line) and (said_kind := _kind_said(nlp(line.strip()), head)):
        return [said_kind]  # "Mount Etna is a stratovolcano, and it is the tallest ...": the clause saying what the head is
    if not _OUTSIDE_BRACKETS.search(line):  # "zones at 3,000–4,500 m", "Simon & Schuster (New York, 1925)": no list's comma
        two = [p.strip() for p in _joins(joins).split(line.strip().rstrip(".!"), maxsplit=1)] if listed else []
        if len(two) == 2 and all(p and len(p.split()) <= _ENUM_WORDS and not _is_head(p, head) for p in two):
            return two  # a labelled list's two items: "Depends on: urllib3 and certifi"
        if _REGNAL_PAIR.fullmatch(line.strip().rstrip(".!")):  # "James VI and I": one king's two numbers
            return None
        if nlp is None or len(_IN_BRACKETS.sub("", line).split()) < 3:  # "Spain (not to be confused with New Spain)": a name and its aside
            return None
        line = _SINGLE_QUOTED.sub(r"\1", line)  # "France borders 'Spain'.": a name, as the parser reads it unquoted
        doc = nlp(line)  # a sentence that names its answer: "France borders Spain."
        outside = _IN_BRACKETS.sub("", line).strip()  # "J. K. Rowling (writing as J.K. Rowling)": a name and its aside
        if _binomial_of(outside, head):  # "Mycobacterium tuberculosis complex": the parser's verb is the species' epithet
            return None
        # a title and the relation's word for its kind at its end: "The Hitchhiker's Guide to the Galaxy series"
        # ("The United States borders Canada and Mexico." is a sentence, "borders" a noun to the parser)
        kind_less = outside.rstrip(".!").split()
        while kind_less and kind_less[-1].casefold() in words:
            kind_less.pop()
        if ((not _verb_said(nlp(outside) if outside != line.strip() else doc) or _particled(line, joins))
                and (head.strip().casefold() not in line.casefold() or titled(line) or titled(" ".join(kind_less)) or _particled(line, joins)
                     or _named_after_head(outside.rstrip(".!"), head))):  # "barley yellow dwarf virus" of barley's pests: a name
            # "James Stewart and Jean Arthur"; a name: "Bosnia and Herzegovina", Ben Folds's "Ben Folds Five", Gamay's "Gamay
            # Noir à Jus Blanc" (its particle no sentence's word)
            return _two_names(line, joins)
        return _sentence_items(doc, head, {w.casefold() for w in words}, kind)
    parts = [p.strip() for p in _OUTSIDE_BRACKETS.split(_unstopped(line))]  # "upset (nausea, diarrhea)" is one
    parts = _known_runs(parts, known) if known is not None else parts
    apart = _known_pairs_apart(parts, joins, known) if len(parts) > 1 else parts  # "Blue Nile and White Nile, Atbara": three
    listed, parts = listed or len(apart) > len(parts), apart
    for i in range(len(parts) - 1, 0, -1):
        if _COMPANY.fullmatch(parts[i]):  # "Sun Microsystems, Inc.": one company, its period kept; "Apache License, Version 2.0"
            dot = "." if not parts[i].endswith(".") and line.strip().endswith(parts[i] + ".") else ""
            parts[i - 1 : i + 1] = [f"{parts[i - 1]}, {parts[i]}{dot}"]
    catalogued = False  # "Nocturne in E-flat major, Op. 9, No. 2": one work's catalogue numbers
    for i in range(len(parts) - 1, 0, -1):
        if _CATALOGUE.match(parts[i]):
            parts[i - 1 : i + 1] = [f"{parts[i - 1]}, {parts[i]}"]
            catalogued = True
    join = _joins(joins)
    opened = join.match(" " + parts[-1])  # ", and Italy": the Oxford comma's join word opens the part
    last = join.split(parts[-1][opened.end() - 1 :] if opened else parts[-1], maxsplit=1)
    if len(last) == 2 and _CATALOGUE.match(last[1]) or _SET_PHRASE.fullmatch(parts[-1]):  # "Slavonic Dances, Op. 46 and Op. 72"
        last = [parts[-1]]
    # "..., and, rarely, lactic acidosis": a part that is only a connective or an adverb is no item
    parts = [p for p in parts[:-1] + last if p and not _CONNECTIVE.fullmatch(p)]
    parts = [re.sub(r"^(?-i:then)\s+(?=\S)", "", p) for p in parts]  # "radial velocity, then transit photometry": two, in order
    parts = _dates_whole(parts)  # "Dublin, Ireland, on June 16, 1904": one date, "on June 16, 1904"
    if len(parts) > 1 and (aside := [p for p in parts[1:] if _ASIDE_PART.match(p)]):  # "Australia, since 1913"
        parts = [p for p in parts if p not in aside]
        listed = listed or len(parts) == 1
    named = head.strip().casefold()
    # "H. pylori infection (with antibiotics)"; "United States / Соединённые Штаты": a name and the same in another script
    short = [len(_IN_BRACKETS.sub("", p).split(" / ")[0].split()) <= _ENUM_WORDS for p in parts]
    if len(parts) >= 3 and opened and len(last) == 1 and sum(short) >= 2:  # "Cystic fibrosis, congenital bilateral absence of the vas deferens (CBAVD), and chronic pancreatitis"
        short = [s or _long_item(p) for s, p in zip(short, parts)]
    glossed = len(parts) == 2 and all(re.search(r"\S\s+\([^()]+\)$", p) for p in parts)  # "Warfarin (Coumadin), Lithium (Lithobid)"
    listed = listed or len(parts) >= 3 or len(last) == 2 or _two_items(parts) or (catalogued and len(parts) == 2) or glossed
    listed = listed or all(" / " in p for p in parts)  # "Russia / Россия, Mongolia / Монголия"
    kept = [p for p in parts if not _is_head(p, head)]  # "numpy, scipy, pandas" for pandas: no self-loop
    if listed and kept and all(short) and not any(_names_head_in(p, head, known) for p in kept):
        if len(kept) < len(parts) and dropped is not None:
            dropped("object: the head itself", len(parts) - len(kept))
        return kept
    joined_name = known is not None and any(known(p) and (_joins(joins).search(p) or " & " in p) for p in kept)
    if joined_name and len(kept) >= 2 and all(short) and all(p[:1].isupper() for p in kept):
        return kept  # "Harland and Wolff, Blohm & Voss": a known name whole, never "Harland" and "Wolff"
    if nlp is None:
        return None
    doc = nlp(line)
    if listed and len(parts) >= 2 and not any(named and named in p.casefold() for p in parts) and _titles(parts, doc):
        return parts  # "Finlandia, Symphony No. 2, Violin Concerto in D minor and The Swan of Tuonela"
    found = _conjuncts(doc, doc[:], head)
    if found:
        return found
    subject = _subject(doc, head, words) if head else None
    if subject is not None:
        # a sentence about the head with commas: the names of the part between commas that has its
        # subject ("Dvořák was born on 8 September 1841 in Nelahozeves, near Prague." -> Nelahozeves;
        # "At the Organ School, Dvořák studied with Josef Krejčí." -> Josef Krejčí)
        commas = [m.start() for m in _OUTSIDE_BRACKETS.finditer(line)]
        start = max((c + 1 for c in commas if c < subject.idx), default=0)
        end = min((c for c in commas if c > subject.idx), default=len(line))
        return _sentence_items(nlp(line[start:end].strip()), head, {w.casefold() for w in words}) or None
    return None


_SYMBOL_HEAD = re.compile(r"(?=\S*[A-Z])(?=\S*\d|[A-Z]{3})[A-Z0-9][A-Za-z0-9-]*")
"""A head written as a symbol of capitals and figures: ``MECP2``, ``BRCA1``, ``CFTR`` (not ``Queen``, ``Paris``)."""


def _names_head_in(part: str, head: str, known: Callable[[str], bool] | None) -> bool:
    """Whether a list's ``part`` says the head's name in it, a sentence about the head or a phrase
    (``Paris is its capital``, ``numpy-based tools`` for numpy), not a name of its own: one the
    store or the reference knows (``Blue Nile``, ``White Nile`` of the Nile's tributaries) or
    the head's symbol opens (:func:`_head_modified`)."""
    named = head.strip().casefold()
    if not named or named not in part.casefold() or _head_modified(part, head) or _named_after_head(part, head):
        return False
    return known is None or not known(split_bracketed(part)[0].strip())


def _head_modified(part: str, head: str) -> bool:
    """Whether a list's ``part`` is a name of its own that the head's symbol opens, the rest lower
    case words (``MECP2 duplication syndrome``, ``CFTR-related disorders`` for MECP2 and CFTR):
    another thing than the head, no sentence naming it; not a name that is the head's word (``Queen
    tribute bands`` for Queen) nor one with more capitalised (``MECP2 Rett Syndrome``)."""
    if not _SYMBOL_HEAD.fullmatch(head.strip()):
        return False
    return re.fullmatch(rf"{re.escape(head.strip())}(?:-[a-z]+)?(?:\s+[a-z][\w-]*){{1,4}}", part.strip()) is not None


_AFTER_HEAD_NOT_NAME = frozenset(
    "is was are were be been being has have had lies lay sits stands remains its his her their the a an of in on at by to for "
    "from with and or not also which that who near around outside".split())
"""Words after the head that make a phrase or a sentence of a part, no name the head opens: ``Paris
is its capital``, ``Barley in the north``."""


def _named_after_head(part: str, head: str) -> bool:
    """Whether a list's ``part`` is a name of its own that the head's name opens, one to four lower
    case words after it (a word or two before it), none a verb nor a function word: a crop's disease
    or pest named after the crop (``barley yellow dwarf virus``, ``Asian soybean rust``, ``Apple
    scab`` of the barley's, soybean's and apple's pests); never a sentence about the head (``Paris is its capital``,
    ``Etna erupts often``), a phrase (``numpy-based tools``) nor a name with more capitalised
    (``Spain borders France``).

    >>> _named_after_head("Soybean cyst nematode", "Soybean"), _named_after_head("Paris is its capital", "Paris")
    (True, False)
    >>> _named_after_head("Etna erupts often", "Etna"), _named_after_head("Spain borders France", "Spain")
    (False, False)
    """
    match = re.fullmatch(rf"((?:[A-Za-z][a-z-]*\s+){{0,2}})(?i:{re.escape(head.strip())})((?:\s+[a-z][a-z-]*){{1,4}})", part.strip())
    before, after = (match.group(1).casefold().split(), match.group(2).split()) if match else ([], [])
    return bool(after) and not _AFTER_HEAD_NOT_NAME & set(before + after) and not re.fullmatch(r"[a-z]+[^su]s|[a-z]+ly", after[0])


_LONG_ITEM = re.compile(r"(?:[a-z][\w-]*\s+){1,3}of\s+(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}(?:\s+\([^()]+\))?")
_NO_ITEM_LEAD = frozenset(
    "the a an this that these those its his her their which who whose where when while to in on at by for from with near as "
    "especially including mainly mostly often usually also both either".split())
"""Words that open an apposition or a clause after a list's item, no item of its own: "the capital of France", "which ..."."""


def _long_item(part: str) -> bool:
    """Whether a part of a list longer than :data:`_ENUM_WORDS` is an item of its own between
    shorter ones: a lower-case noun phrase with "of" and no verb (``congenital bilateral absence of
    the vas deferens (CBAVD)``); not an apposition (``the capital of France``, ``capital of
    Nouvelle-Aquitaine``: what it is of capitalised), a clause (``which lies on the Seine``) nor a
    phrase with more than eight words."""
    words = part.split()
    return (len(_IN_BRACKETS.sub("", part).split()) <= _TITLE_WORDS and words[0].casefold() not in _NO_ITEM_LEAD
            and _LONG_ITEM.fullmatch(part.strip()) is not None)


def known_pair(text: str, joins: tuple[str, ...], known: Callable[[str], bool] | None) -> list[str] | None:
    """The two names a join word joins where the store or the reference knows each and not the
    whole, a gloss in brackets after them on both: ``Blue Nile and White Nile`` of the Nile's
    tributaries gives two; None for a name known whole (``Bosnia and Herzegovina``, ``Trinidad
    and Tobago``), one part unknown (``Simon and Garfunkel``, ``Oka and Kama`` unknown), "&"
    (``Simon & Garfunkel``), a name joined to itself (``Faber and Faber``) or more than two parts."""
    name, gloss = split_bracketed(text.strip().rstrip(".!"))
    pieces = [p.strip() for p in _joins(joins).split(name.strip())]
    if known is None or len(pieces) != 2 or not all(pieces) or "," in name or len({p.casefold() for p in pieces}) == 1:
        return None  # "Faber and Faber": one firm
    if known(name.strip()) or not all(known(p) for p in pieces):
        return None
    return [f"{p} ({gloss})" if gloss else p for p in pieces]


def _known_pairs_apart(parts: list[str], joins: tuple[str, ...], known: Callable[[str], bool] | None) -> list[str]:
    """A line's parts between commas with each part that joins two known names (:func:`known_pair`)
    as those two, where every part is names alone: ``Blue Nile and White Nile``, ``Atbara`` give
    three (``Belgium and Luxembourg``, ``Spain to the South`` are a sentence's to read)."""
    apart = [q for p in parts for q in known_pair(p, joins, known) or [p]]
    return parts if any(_lower_word(_IN_BRACKETS.sub("", p)) for p in apart) else apart


def _known_runs(parts: list[str], known: Callable[[str], bool]) -> list[str]:
    """A line's parts between commas with each run of them that is one known name joined again:
    ``Buffalo Springfield``, ``Crosby``, ``Stills``, ``Nash & Young`` give ``Crosby, Stills,
    Nash & Young`` when the store or the reference knows it (the whole line is the caller's to
    judge)."""
    out, i = [], 0
    while i < len(parts):
        j = next((j for j in range(len(parts), i + 1, -1) if j - i < len(parts) and known(", ".join(parts[i:j]))), i + 1)
        out.append(", ".join(parts[i:j]))
        i = j
    return out


_SET_PHRASE = re.compile(r"(?i:rock (?:and|&|'n'|n') roll|rhythm and blues|drum and bass|country and western)")
"""A name a join word is part of, as the last of a line's items: ``Hard rock, blues rock, rock and roll``."""


def _titles(parts: list[str], doc: Any) -> bool:
    """Whether a line's parts are titles or names, however long: each opens with a capital or a
    digit and has at most :data:`_TITLE_WORDS` words, and the line has no verb of its own (a
    sentence's commas are no list's: "France borders Spain, Belgium and Germany."); a title's
    capitalised verb or one written onto the word before it is the title's ("Wish You Were
    Here", "That's the Way of the World")."""
    said = any(t.pos_ in ("VERB", "AUX") and t.is_lower and (not t.i or doc[t.i - 1].whitespace_) for t in doc)
    return all(p[:1].isupper() or p[:1].isdigit() for p in parts) and all(len(p.split()) <= _TITLE_WORDS for p in parts) and not said


_TITLE_WORDS = 8


_VERSION = re.compile(r"\d+(?:\.\d+)*$")


def version_after(token: Any) -> Any | None:
    """The version number right after a name, a part of it ("Python 3.12", "Numpy 2.0", "Perl
    5"), or None."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if after is not None and after.head.i == token.i and after.dep_ == "nummod" and _VERSION.match(after.text):
        return after
    return None


def _conjuncts(doc: Any, span: Any, head: str) -> list[str]:
    """The names a span lists: the noun chunks of its longest chain of conjoined nouns
    ("pain, fever, and inflammation"; "heart attack and stroke"), without their articles
    ("the BCR-ABL tyrosine kinase"), not naming the head; [] without such a chain."""
    bracketed = _bracketed(span)  # "COX-1 and COX-2 (PTGS1 and PTGS2)": the same names again
    own = _in_head(span, head)
    best: list[Any] = []
    for token in span:
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ != "conj" and token.i not in bracketed:
            chain = [t for t in (token, *token.conjuncts) if t.i not in bracketed]
            best = chain if len(chain) > len(best) else best
    if len(best) < 2:
        return []
    if best[0].dep_ == "appos" and best[0].head.pos_ == "PROPN" and best[0].head.i not in bracketed:
        best = [best[0].head, *best]  # "were Mary I, Elizabeth I and Edward VI": the parser's apposition opens the list
    chunks = {t.i: chunk for chunk in doc.noun_chunks for t in chunk}
    out: list[str] = []
    for t in best:
        start = t.i  # a name the parser left out of the noun chunks: "South" "Korea" after "North Korea borders"
        while start and doc[start - 1].dep_ == "compound" and doc[start - 1].head == t and doc[start - 1].pos_ == "PROPN":
            start -= 1
        chunk = chunks.get(t.i, doc[start : t.i + 1])
        if (version := version_after(t)) is not None and version.i >= chunk.end:  # "Perl 5", not "Perl"
            chunk = doc[chunk.start : version.i + 1]
        of = [c for c in t.children if c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children)]
        if t.pos_ == "PROPN" and of:  # "the Duke of Wellington", not "the Duke"
            chunk = doc[chunk.start : of[0].right_edge.i + 1]
        end = chunk.end
        while end < len(doc) and doc[end].like_num and doc[end].head == t and doc[end].i not in bracketed:
            end += 1  # "Perl 5 and Haskell": a version after a name is the name's
        chunk = doc[chunk.start : end]
        parts: list[list[Any]] = [[]]
        for w in chunk:  # one chunk for two names: "hypertension and heart failure"
            if w.pos_ == "CCONJ" or w.text == "," or w.i in bracketed:
                parts.append([])
            else:
                parts[-1].append(w)
        for words in parts:
            while words and words[0].pos_ in ("DET", "PRON"):
                words = words[1:]
            text = doc[words[0].i : words[-1].i + 1].text if words else ""
            if text and not _is_head(text, head) and text not in out and not names_no_entity(words[-1]) and not all(w.i in own for w in words):
                out.append(text)
    out = _joined(out, span.text)
    return _shared_noun(best, out) if len(out) >= 2 else []


def _joined(names: list[str], text: str) -> list[str]:
    """``names`` with each two the text joins into one place's name (:data:`JOINED_NAMES`) one:
    ``Turks`` and ``Caicos Islands`` of "the Turks and Caicos Islands", ``Saint Vincent`` and
    ``Grenadines`` of "Saint Vincent and the Grenadines"."""
    out: list[str] = []
    for name in names:
        joined = next((j for j in (f"{out[-1]} {w} {name}" for w in ("and", "and the", "&")) if j in JOINED_NAMES and j in text), None) if out else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(name)
    return out


def _shared_noun(chain: list[Any], names: list[str]) -> list[str]:
    """The names of a chain of conjuncts whose last plural noun is each one's (``the Hugo and
    Nebula Awards``: Hugo Award, Nebula Award; ``the Atlantic and Pacific Oceans``): in English,
    one article before the first, a proper noun of one word, and a capitalised plural after the
    last; ``names`` as they are otherwise (``Spain and the Canary Islands``, ``the Beatles and
    Rolling Stones``)."""
    last = chain[-1]
    plural = last.doc.lang_ == "en" and last.is_title and re.fullmatch(r"\w+[^s]s", last.text) is not None
    if not (plural and len(chain) == len(names) and names[-1].endswith(" " + last.text)
            and any(c.dep_ == "det" for c in chain[0].children) and not any(c.dep_ == "det" for c in last.children)
            and all(t.tag_ == "NNP" and len(n.split()) == 1 for t, n in zip(chain[:-1], names))):
        return names
    noun = re.sub(r"ies$", "y", last.text) if last.text.endswith("ies") else last.text[:-1]
    return [f"{n} {noun}" for n in names[:-1]] + [names[-1][: -len(last.text)] + noun]


_FEATURING = re.compile(r"\s+(?:feat\.?|ft\.|featuring)\s+", re.IGNORECASE)
"""How a song's credit joins its main and its featured artist: ``Beyoncé feat. Jay-Z``,
``Rihanna featuring Jay-Z``, ``Drake ft. Rihanna``: both perform it; a relation said with
"featured" (``featuredArtist``) has the second alone."""
_FEATURING_CLAUSE = re.compile(r",\s+featuring\s.*$", re.IGNORECASE)
"""After a comma "featuring" opens a clause about the name before it, no credit: ``Queen,
featuring Freddie Mercury on vocals``; unless what it features are names the store or the
reference knows (``Brian May, Roger Taylor, John Deacon, featuring Freddie Mercury``)."""
_REGNAL_PAIR = re.compile(r"[*_]*[A-Z][\w'’-]+ [IVXL]+ and [IVXL]+[*_]*")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_POINT = "|".join(sorted(COMPASS, key=len, reverse=True))
COMPASS_LABEL = re.compile(rf"\s*(?:\*\*|__)?(?i:(?:to|in)\s+the\s+)?(?i:{_POINT})(?:\*\*|__)?\s*:(?:\*\*|__)?(?=\s)")
"""A compass word as a label: "North: Belgium, Luxembourg", "To the south: Spain and Andorra"."""
_COMPASS_LEAD = re.compile(rf"(?:^|(?<=;)|(?<=[.!?])(?=\s))(?:\s*(?i:to|in)\s+the\s+(?:{_POINT}),|{COMPASS_LABEL.pattern})")
"""Where the items that follow lie, before them, at the start of the line, a clause or a
sentence: "To the north, Belgium; in the south, Spain and Andorra", "In the north, Belgium. In
the east, Germany.", "North: Denmark. South: Austria"."""
_COMPASS_PHRASE = re.compile(
    r"(?<!;)(?:\s+(?:lies|lie|is|are|sits|located|situated))*"
    rf"\s+(?:to|in|on|at)\s+(?:the|its)\s+(?:far\s+)?(?:{_POINT})(?:(?:\s*,\s*|\s+(?:and|or)\s+)(?:the\s+)?(?:{_POINT}))*+"
    r"(?![\w-])(?!\s+(?:[A-Z]|of\b))"
)
"""Where an item lies, after it: "Spain to the south", "Ethiopia lies to the west and south";
not a name's part ("the South China Sea") nor where in a place ("in the north of France")."""


def _about(sentence: Any, head: str) -> bool:
    """Whether a sentence goes on about the head: its subject is the head or a pronoun for it."""
    return _subject(sentence, head) is not None


def _subject(span: Any, head: str, words: Iterable[str] | None = None) -> Any:
    """The token of the main clause's subject when it is the head or a pronoun for it, else None;
    given the relation's ``words``, so is a kind of thing other than theirs with ``the`` (``The
    painting is housed in the Louvre Museum.``; not ``The capital is Paris.``)."""
    for token in span:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
            text = span.doc[token.left_edge.i : token.right_edge.i + 1].text
            kind = words is not None and re.fullmatch(r"(?i:the|this)\s+[a-z]+", text) is not None and token.lower_ not in set(words)
            return token if _is_head(text, head) or token.lower_ in ("it", "they", "he", "she", "this") or kind else None
    return None


_OUTSIDE_BRACKETS = re.compile(r",(?!(?<=\d,)\d{3}(?!\d))(?![^()]*\))")
"""A comma that parts a line's items: not one in brackets (``upset (nausea, diarrhea)``), nor a
thousands separator (``zones at 3,000–4,500 m``: a digit, the comma, three digits; ``1,2,3`` and
``1, 200`` still list)."""
_SEMICOLON = re.compile(r";(?![^()]*\))")
"""A semicolon that parts a line's items, not one in an aside (``J. K. Rowling (writing as J.K.
Rowling; real name Joanne Rowling)`` is one name)."""
_MONTH = rf"(?:{'|'.join(ENGLISH_MONTH_ABBREVIATIONS)})[a-z]*\.?"  # "Jan", "Sept.", "September"
_WHEN = re.compile(rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?(?:\s+\d{{3,4}})?|\d{{4}})", re.IGNORECASE)
"""A date or a year, which a sentence gives beside the answer ("born on 8 September 1841 in ...")."""
_CATALOGUE = re.compile(r"(?:Op|Opp|No|Nos|Nr|BWV|HWV|RV|K|KV|D|Hob|WoO|Sz|BB)\.?\s*(?:\d|[IVXL]+\b)")
"""A catalogue number after a work's title ("Op. 9", "No. 2", "BWV 1007", "K. 525"): no item of its own."""
_COMPANY = re.compile(r"(?:Inc|Ltd|LLC|GmbH|S\.A|Corp|Co|plc|AG)\.?|(?i:version)\s+\d+(?:\.\d+)*")
"""A company's suffix or a version after a comma ("Meta Platforms, Inc.", "Apache License,
Version 2.0"): part of the name, no item."""
_OR_LATER = re.compile(r"(?:(?!\s(?:and|or)\s)[^,;])+?\s(?:v|version\s)?\d+(?:\.\d+)*\s+or\s+(?:later|newer)(?:\s*\([^()]*\))?[.!]?", re.IGNORECASE)
"""A name whose version ends "or later": "GNU General Public License v3.0 or later" is one licence."""
_CONNECTIVE = re.compile(
    r"(?:and|or|but|also|then|plus|rarely|occasionally|commonly|frequently|sometimes|usually|typically|especially|"
    r"notably|mainly|mostly|possibly|potentially|additionally|in rare cases|less often|more rarely|less commonly)",
    re.IGNORECASE,
)
"""A part of a one-line list that only joins or hedges ("and, rarely, lactic acidosis"); not
every word ending in -ly ("Italy")."""


def _two_items(parts: list[str]) -> bool:
    """Two parts of a line that are two items: ``Ketoconazole, rifampin``, the second in lower
    case (a name's second part is capitalised: ``Paris, Texas``, ``Washington, D.C.``) and no
    phrase that goes on about the first (``Paris, the capital``, ``Paris, which ...``); or two
    full names (``Ignaz Moscheles, Carl Reinecke``; a place's qualifier is one word or not a
    name: ``Bergen, Norway``, ``Nagyszentmiklós, Kingdom of Hungary``)."""
    if len(parts) != 2:
        return False
    if all(full_name(p) for p in parts):
        return True
    return parts[1][:1].islower() and parts[1].split()[0].casefold() not in _GOES_ON


_ASIDE_PART = re.compile(
    r"(?:since|until|till|from|during|before|after|circa|via|as of|now|formerly|today)\b"
    r"|(?:like|as\s+in|as\s+(?:are\s+)?all|as\s+with|unlike)\s+(?=\S)"
    rf"|(?:on|in)\s+(?:(?:\d{{1,2}}\s+)?(?i:{_MONTH}),?\s+(?:\d{{1,2}},?\s+)?)?\d{{4}}[.!]?$"
    rf"|(?:\d{{1,2}}\s+(?i:{_MONTH})|(?i:{_MONTH})\s+\d{{1,2}},?)\s+\d{{4}}[.!]?$"
)
"""A part of a one-line list in lower case that says when or how of the item before it, no item:
"Australia, since 1913", "Morocco, via Ceuta", "Lockheed, now part of Lockheed Martin"; a likeness
("Trigonal, like all quartz", "Spanish, as in Spain", "red, as all rubies are"; not "as well as drums"); a date alone
("Dublin, Ireland, on 16 June 1904", "Dublin, in 1904", "Dublin, Ireland, 16 June 1904": when, no place;
a bare year is kept: "Animal Farm, 1984" are two titles)."""
_MONTH_DAY = re.compile(rf"(?:on|in)\s+(?i:{_MONTH})(?:\s+\d{{1,2}})?|(?i:{_MONTH})\s+\d{{1,2}}")
"""A list's part that is a date cut at the comma before its year: "on June 16" of "on June 16, 1904", "in June"
of "in June, 1904" (not "May" of "May, 1984": a name and a title)."""


def _dates_whole(parts: list[str]) -> list[str]:
    """``parts`` of a one-line list with a date its comma cut joined again: "on June 16" and "1904" are
    "on June 16, 1904" (never "June" and a year alone: "Animal Farm, 1984")."""
    out: list[str] = []
    for part in parts:
        if out and re.fullmatch(r"\d{4}[.!]?", part) and _MONTH_DAY.fullmatch(out[-1]):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out
_GOES_ON = {"the", "a", "an", "its", "their", "his", "her", "which", "who", "whom", "whose", "where", "also", "in", "on",
            "at", "near", "located", "known", "it", "and", "or", "but", "mainly", "mostly", "especially", "including", "such", "e.g.", "i.e."}


CLAUSE = re.compile(
    r",(?![^()]*\))\s+(?=(?:which|who|whom|whose|where|in|on|at|near|located|known|also|its|it|(?-i:a|an))\b)",
    re.IGNORECASE,
)
"""Where a sentence about a named entity goes on past its name: "Paris, which is also its
largest city", "France, in the Île-de-France region", "Nelahozeves, a village near Prague"
("Washington, D.C." goes on with no such
word, "The Good, the Bad and the Ugly" with none of these, and "22, A Million" with a title's
capitalised article)."""
_SENTENCES = re.compile(r"(?<=[.!?])(?<!\bv\.)(?<!\bvs\.)(?<!\b[A-Z]\.)\s+(?=[A-Z])(?![^()]*\))")
"""Where a sentence ends: not after a case name's ``v.`` or an initial, nor inside brackets
(``Not overruled (reaffirmed in *Dickerson v. United States*)`` is one sentence)."""
_CLAUSES = re.compile(r"(?:\s*;\s*|,?\s+(?-i:but)\s+|,\s+(?=not\b))(?![^()]*\))", re.IGNORECASE)
"""Where a sentence's clauses part: semicolons, "but" and ", not" ("Portugal is in Europe, not in
Africa"), outside brackets ("Netherlands ✗ (close, but no)" is one item and its aside); a
title's capitalised "But" is none (``Nothing But Thieves``)."""
_IN_BRACKETS = re.compile(BRACKETED)  # "(renamed allanite-(Ce) in 2006)": one bracket, whole
_PRONOUN = re.compile(r"^(?:it|they|she|he)\s+", re.IGNORECASE)


def affirmed(item: str, head: str) -> str:
    """What a chat answer about named entities affirms: its sentences' clauses that deny nothing
    ("France borders Spain. It does not border Portugal." gives the first sentence), a
    leading "it" read as the head ("Bolivia has no coastline; it borders Brazil and Peru" gives
    "Bolivia borders Brazil and Peru"; "Iceland has no land borders" and "None, Australia is an
    island" give nothing), without "Only" in front ("Only France.")."""
    sentences = [_affirmed_clauses(s, head) for s in _SENTENCES.split(item)]  # "... It does not border Portugal."
    return re.sub(r"^(?:only|just)\s+", "", " ".join(filter(None, sentences)), flags=re.IGNORECASE)


_DESCRIBED = re.compile(r"^(?:it|he|she|they)\s+(?:is|was|are|were)\s+(?:a|an|the|his|her|its|their|[^\W\d_]+['’]s)\s", re.IGNORECASE)
"""A clause that says what the head is, naming no answer: ``It was Dostoevsky's last novel``,
``It is a standalone play`` (not ``It is Spain``)."""


_NOT_BUT = re.compile(r"^[\W_]*not\s+(?!only\b|just\b|merely\b)\S.*?\s(?-i:but)\s+\S", re.IGNORECASE)
"""A sentence that denies one name and gives another: ``Not Lyon but Paris``; not ``Not only Paris but Lyon``."""


def _affirmed_clauses(sentence: str, head: str) -> str:
    # a denial in brackets is the item's gloss ("Fever (not in children under 12)"), read with it
    # "None but the Lonely Heart": one name, its "but" no clause's; "Not Lyon but Paris" denies one and gives another
    titles = titled(sentence.strip(" *_.")) and not _NOT_BUT.match(sentence)
    clauses = [sentence.strip()] if titles else [c.strip() for c in _CLAUSES.split(sentence) if c.strip()]
    kept = [c for c in clauses if not denies(_IN_BRACKETS.sub("", c))]
    if len(kept) < len(clauses):  # "It was Dostoevsky's last novel; ..., so there is no sequel.": what the head is, no answer
        kept = [c for c in kept if not _DESCRIBED.match(c)]
    return "; ".join(_PRONOUN.sub(lambda _: head + " ", c, count=1) for c in kept)  # a head "C:\\new" is no template


_FRAMED_VALUE = re.compile(
    r"^[\W_]*(?:this|it)\s+(?:is|was)\s+(?:a|an)\s+(?P<value>(?-i:[A-Z])[^\s,;()]*(?:\s+[^\s,;()]+)*?)\s+(?-i:[a-z][a-z-]+)"
    r"(?P<gloss>\s*\([^()]*\))?[\s.]*$",
    re.IGNORECASE,
)
"""A sentence that frames a text value as the kind of thing the head is: ``This is a Phase 1/2/3
study (originally Phase 1/2).``"""


def framed_value(text: str, words: set[str]) -> str | None:
    """The value a one-sentence text answer frames (:data:`_FRAMED_VALUE`), with its gloss, where
    the value opens with one of the relation's ``words``, or None: of a trial's phase ``This is a
    Phase 1/2/3 study (originally Phase 1/2).`` gives ``Phase 1/2/3 (originally Phase 1/2)``; ``It
    is a Least Concern species`` of a conservation status says no word of it, read as before.

    >>> framed_value("This is a Phase 1/2/3 study (originally Phase 1/2).", {"trial", "phase"})
    'Phase 1/2/3 (originally Phase 1/2)'
    >>> framed_value("It is a Least Concern species.", {"conservation", "status"}) is None
    True
    """
    match = _FRAMED_VALUE.match(text.strip())
    if match is None or match.group("value").split()[0].casefold() not in words:
        return None
    return match.group("value") + (match.group("gloss") or "")


_ARROW = re.compile(r"\s*(?:→|⟶|⇒|->|=>)\s*")
"""An arrow from one name to the next: ``Pius XII → John XXIII``."""
_LEAD_IN = re.compile(r"^(?P<lead>[^:]+?)\s*:\s+(?P<rest>\S.*)$")
"""A sentence that a colon ends, and what follows it: ``Henry VIII married six times: ...``,
``He married once: Elizabeth of York``."""
_LISTS = re.compile(r",|\s(?:and|or)\s")
_SUBJECT_PRONOUN = re.compile(r"(?:he|she|it|they|his|her|its|their)\b", re.IGNORECASE)
_OPENING = re.compile(r"(^|;\s*)(?i:as|upon|on|after|following|at|in|during|when|before)\s[^,;]*,\s+(?=[a-z])")
"""A clause that opens a sentence about a person, before a comma and the sentence's lower-case
words: ``Upon his death in 1715, the throne passed to ...``, ``as King of Spain, his son ...``."""
_KIN = (
    r"(?:great-)*(?:grand)?(?:son|daughter|child|nephew|niece|father|mother)|(?:half-|step)?(?:brother|sister)"
    r"|cousin|uncle|aunt|husband|wife|widow|heir|successor|predecessor"
)
_KINSHIP = re.compile(
    r"\b(?i:his|her|their|its)\s+(?i:(?:eldest|elder|oldest|younger|youngest|only|first|second|third|fourth|fifth|legitimate"
    rf"|illegitimate|adopted|surviving|infant|young)\s+)*(?i:{_KIN})(?i:-in-law)?"
    r"(?:,\s+(?P<name>(?:\*\*|__)?[A-Z][^,]*),(?=\s+[a-z])|,?\s+(?=(?:\*\*|__)?[A-Z]))"
)
"""Who a person is to the head, before the person's name: ``his great-grandson, Louis XV``,
``His son, Edward VI``, ``his brother Ferdinand I``, ``His only son, Edward VI, succeeded
him`` (the name is the answer)."""


_FEATURES = frozenset({"river", "sea", "ocean", "lake", "mountains", "desert", "gulf", "bay", "strait", "canal", "dam", "valley"})
"""Kinds of place an English name ends with and a sentence puts ``the`` before: ``the Yangtze River``, ``the Red Sea``."""


def unarticled(name: str) -> str:
    """``name`` without the article a sentence puts before it: ``the Yangtze`` is Yangtze (a
    name's own is capitalised), ``The Yangtze River`` Yangtze River, its last word a kind of place
    (:data:`_FEATURES`) and a capitalised word before it; a name's own ``The`` stays (``The
    Hague``, ``The Beatles``, ``The Museum of Modern Art``, ``The Walt Disney Company``)."""
    match = re.match(r"^([*_]*)(?:the\s+(?=[^\W_])|The\s+(?=[A-Z]\S*\s+(?:\S+\s+)*?(?P<kind>[^\W\d_]+)[*_.]*$))", name)
    if match is None or (match.group("kind") is not None and match.group("kind").casefold() not in _FEATURES):
        return name
    if match.group("kind") is None and not (name[match.end()].isupper() or name[match.end()].isdigit()):  # "the Şanlıurfa Museum", not "the bug"
        return name
    return match.group(1) + name[match.end() :]


def chained(tail: str) -> bool:
    """Whether an answer is a chain of names an arrow joins, none the head's (``Areva NP →
    Framatome``): which one answers, the next or the last, it does not say."""
    return len([p for p in _ARROW.split(tail) if p.strip("*_ ")]) > 1


_MEANING = re.compile(r"\b(?:means|is\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:word\s+)?for)\s+['‘\"“]")


def a_words_meaning(item: str) -> bool:
    """Whether an answer says what a word means, no name of a thing: ``Dimidium is Latin for
    'half'``, ``Betelgeuse means "hand of Orion"``."""
    return _MEANING.search(item) is not None


def unframed(item: str, head: str, people: bool = False) -> tuple[str, bool]:
    """(the part of a chat answer about named entities that names its answers, whether it lists
    them): the name an arrow leads to from the head (``Pius XII → John XXIII``, ``→ John
    XXIII``); a sentence about the head without the aside after the head's name (``Charles V, Holy
    Roman Emperor, was ...``); what follows a colon after a sentence about the head, a list
    (``Henry VIII married six times: Catherine of Aragon, ...``). Of ``people``, a clause that
    opens the sentence and who the answer is to the head go too (``Upon his death in 1715, the
    throne passed to his great-grandson Louis XV.`` names Louis XV)."""
    parts = _ARROW.split(item.strip())
    if len(parts) > 1 and (not parts[0].strip("*_ ") or any(_is_head(p.strip("*_ "), head) for p in parts)):  # not "Waterloo → Brussels" of a battle
        after = [b for a, b in zip(parts, parts[1:]) if not a.strip("*_ ") or _is_head(a.strip("*_ "), head)]
        return (after[0], False) if after and after[0] else (item, False)
    if head.strip() and head.strip() in item:  # (compiled only then: a pattern per head, a millisecond each, thrashed re's cache)
        # not a bracket's half nor a company's suffix: "npm, Inc. (now part of GitHub, owned by Microsoft)"
        item = re.sub(rf"^([*_]*{re.escape(head.strip())}[*_]*),\s+(?!(?:{_COMPANY.pattern}),)[^,()]+,\s+(?=[a-z])(?!(?:and|or)\b)", r"\1 ", item)
    lead = _LEAD_IN.match(item)
    words = lead.group("lead").strip("*_ ").split() if lead and head.strip() else []
    about = len(words) >= 3 and (" ".join(words).casefold().startswith(head.strip().casefold() + " ") or _SUBJECT_PRONOUN.fullmatch(words[0]))
    listed = bool(lead and about and (_LISTS.search(lead.group("rest")) or lead.group("rest").lstrip("*_")[:1].isupper()))
    item = _SENTENCES.split(lead.group("rest"), maxsplit=1)[0] if lead and listed else item  # "...: Europe and Asia. Most of ..."
    if people:
        item = _KINSHIP.sub(lambda kin: kin.group("name") or "", _OPENING.sub(r"\1", item))
    return item, listed


_AGENT_END = re.compile(
    r"\s*;|\s+(?-i:at|in|on|during|between|from|for|with|while|when|after|before|until|since|around|as)\s+"
    r"|(?<!\b[A-Z])(?<!\b(?:Dr|Mr|Ms|St|Jr|Sr))(?<!\b(?:Mrs|Inc|Ltd))(?<!\b(?:Prof|Corp|Bros))[.!?]\s+(?=[A-Z])"
)
"""Where the agent of a passive ends and the sentence goes on: ``by Dennis Ritchie at Bell Labs
in the early 1970s`` (where and when are no agent), ``by Evan You. It ...`` (not ``by Dr. Seuss``)."""


def agent(item: str, relation: Relation) -> str | None:
    """Who or what a sentence in the passive says did the relation's act, in the relation's own
    words (its synonyms' and verbalisation's ``designed by``, ``created by``): what follows
    ``by``, its conjuncts with it, up to where the sentence goes on (``C was designed by Dennis
    Ritchie at Bell Labs in the early 1970s.`` gives ``Dennis Ritchie``, ``Go was designed at
    Google by Robert Griesemer, Rob Pike, and Ken Thompson.`` the three, ``Vue.js was created by
    Evan You, a former Google engineer.`` ``Evan You``); None where it says no such passive
    (``later maintained by the OpenJS Foundation`` is another relation's). The verb of a doer's
    name is the relation's too: ``Directed by Joel and Ethan Coen`` of a director, ``Up was
    directed by Pete Docter, with Bob Peterson as co-director.`` gives ``Pete Docter``; a passive in
    brackets is a gloss's (``Itaipu Binacional (jointly owned by Eletrobras and ANDE)``)."""
    phrases = (*relation.synonyms, relation.verbalization or "")
    verbs = {re.escape(v.casefold()) for phrase in phrases for v in re.findall(r"([^\W\d_]+)\s+by\b", phrase)}
    roots = {w[:-2].casefold() for w in re.findall(r"[A-Za-z][a-z]+", relation.name) if w.endswith(("er", "or")) and len(w) >= 7}
    verbs |= {rf"{re.escape(root)}ed" for root in roots}  # "Directed by" of a director, "composed by" of a composer
    if not verbs:
        return None
    passives = re.finditer(rf"\b(?:{'|'.join(sorted(verbs))})(?:\s+[^\s;,()]+){{0,4}}?\s+by\s+(?=\S)", item, re.IGNORECASE)
    said = next((m for m in passives if item[: m.start()].count("(") <= item[: m.start()].count(")")), None)  # "(jointly owned by ...)": a gloss
    if said is None:
        return None
    rest = _AGENT_END.split(CLAUSE.split(item[said.end() :], maxsplit=1)[0], maxsplit=1)[0]
    return rest.strip(" .!") or None


_OTHER_VERSION = re.compile(
    r"\b(?:predecessor|successor|(?:first|second|third|earlier|later|previous|original|modern|current|new|newer|older|latest)[- ]"
    r"(?:generation|one|model|version|edition)s?)\b",
    re.IGNORECASE,
)
"""Words that speak of another version of the head than the one asked of: ``the first-generation's
predecessor``, ``the modern one``."""


def contrasted_versions(line: str, nlp: Any) -> bool:
    """Whether a line says two things or more, each a clause with its verb, joined by semicolons
    (its brackets aside), of versions of the head (:data:`_OTHER_VERSION`): ``Giorgetto Giugiaro
    designed the first-generation's predecessor; the modern one was designed in-house`` says who
    answers for another car, not the one asked of (``The constitutional capital of Bolivia is Sucre;
    La Paz is the seat of government`` answers in each clause)."""
    parts = [part for part in re.sub(r"\([^()]*\)", "", line).split(";") if part.strip()]
    return (nlp is not None and len(parts) > 1 and _OTHER_VERSION.search(line) is not None
            and all(_verb_said(nlp(part.strip())) for part in parts))


_PARTITIVE = re.compile(r"^(?:some|others|part|parts|pieces|fragments|the rest)(?:\s+of\s+(?:it|them))?(?:\s+(?:are|is))?\s+(?:in|at)\s+(?=(?:the\s+)?[A-Z])",
                        re.IGNORECASE)
"""A partitive lead before where the rest of a thing is: ``some in the Iraq Museum, Baghdad`` says
the Iraq Museum holds some of it, another answer (``some in`` no part of its name)."""


def _noun_phrase(doc: Any) -> bool:
    """Whether a parsed part is a noun phrase with a clause on its noun, no sentence: ``the Egypt
    Exploration Society (EES) team led by Barry Kemp`` names who (kept to be read or refused as a
    phrase), where ``later maintained by the OpenJS Foundation`` is a clause in other words."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    return len(roots) == 1 and roots[0].pos_ in ("NOUN", "PROPN") and not any(t.pos_ in ("AUX", "PRON") for t in doc)


def _verb_said(doc: Any) -> bool:
    """Whether a line spaCy parsed says something with a verb, so is a sentence: an auxiliary or
    a pronoun, or a verb that is neither its last word, nor after a number, nor a noun's modifier.
    The small English model tags a name's last noun a verb ("Type 2 diabetes", "Chronic myeloid
    leukemia": read as sentences they gave "Type 2" and "Chronic myeloid"), and its modifier too
    ("ankylosing spondylitis", which was dropped as a sentence naming no answer)."""
    tokens = [t for t in doc if not t.is_punct]
    if any(t.pos_ == "AUX" or t.pos_ == "PRON" and not _regnal(t) and not (t.i and t.text == "A") for t in tokens):  # "22, A Million"
        return True
    return any(
        t.pos_ == "VERB" and t.dep_ not in ("amod", "compound") and i < len(tokens) - 1 and not (i and tokens[i - 1].pos_ == "NUM")
        for i, t in enumerate(tokens)
    )


_EXISTENCE_VERBS = frozenset({"exist", "occur", "vary", "differ", "appear", "happen"})


def _existence_said(doc: Any) -> bool:
    """Whether a parsed part says that something exists or varies with its last word, a verb
    :func:`_verb_said` passes over there: ``white and grey mutations also exist``, ``rarer forms
    occur``; not a name whose last noun the parser tags a verb (``Chronic myeloid leukemia``,
    ``blood pressure drops``: no verb of existence)."""
    return any(t.dep_ == "ROOT" and t.pos_ == "VERB" and t.lemma_.casefold() in _EXISTENCE_VERBS
               and any(c.dep_ == "nsubj" for c in t.children) for t in doc)


def unstopped_phrase(text: str, nlp: Any) -> str:
    """A text value without the full stop that ends it where it is a phrase, no sentence: ``Oil on
    canvas.`` is ``Oil on canvas``; a sentence keeps its end (``Unity is strength.``), and so does
    an abbreviation (``Inc.``)."""
    bare = text.rstrip()
    if not bare.endswith(".") or bare.endswith("..") or " " not in bare or text_abbreviated(bare) or _verb_said(nlp(bare)):
        return text
    return bare[:-1]


def _regnal(token: Any) -> bool:
    """Whether a token spaCy took for the pronoun "I" is a regnal number after a name: "Ferdinand
    I", "Mary I"."""
    return token.text == "I" and token.i > 0 and token.doc[token.i - 1].is_title and token.doc[token.i - 1].pos_ == "PROPN"


def _two_names(line: str, joins: tuple[str, ...] = ENGLISH.joins) -> list[str] | None:
    """Two full names joined by "and" (``James Stewart and Jean Arthur``): each side two words
    or more, capitalised but for name particles ("Ludwig van Beethoven"). One name with "and" in
    it stays whole: "Bosnia and Herzegovina", "Saint Kitts and Nevis", "Saint Vincent and the
    Grenadines", "Simon and Garfunkel"."""
    parts = [p.strip() for p in _joins(joins).split(line.strip().rstrip(".!"))]
    if len(parts) != 2:
        return None
    # "Richard Bentley (London) and Harper & Brothers (New York)": two names, each with its gloss
    glossed = all(re.fullmatch(r"[^\W\d_][^()]*\S\s+\([^()]+\)", p) for p in parts)
    return parts if glossed or all(full_name(p) for p in parts) else None


def _unstopped(line: str) -> str:
    """``line`` without the full stop or exclamation mark that ends it, an abbreviation's period
    kept ("..., Syncopy Inc.": the company's)."""
    listing = line.strip().rstrip(".!")
    return listing + "." if line.strip().endswith(".") and abbreviated(listing + ".") else listing


def two_names(line: str, joins: tuple[str, ...] = ENGLISH.joins, known: Callable[[str], bool] | None = None) -> list[str] | None:
    """:func:`_two_names` of a line, read so of a relation whose answers are people in every form
    of the answer, a numbered item's too, and joined by "&" as by "and" (``Terry Pratchett & Neil
    Gaiman``), a given name and a full name each with the surname (``Joel and Ethan Coen``,
    ``Louise and Aylmer Maude``), a pair's name with its two in brackets those two (``The
    Wachowskis (Lana Wachowski and Lilly Wachowski)``); ``Pevear & Volokhonsky`` stays whole, and
    a line with commas is a list's to read (``Mary I, Elizabeth I and Edward VI``) unless it lists
    full names alone, the last two joined by "&" too (``Fran Walsh, Philippa Boyens & Peter
    Jackson``), a name "of" a place a full name too (``King Philip IV and Mariana of Austria``).
    ``known``: whether the store or the reference holds a name, a given name that is one of its
    own shares no surname (``Cher and Sonny Bono``)."""
    name, gloss = split_bracketed(line.strip().rstrip(".!"))
    if gloss is not None and re.match(r"(?i:the)\s", name) and (pair := _two_names(gloss, (*joins, "&"))):
        return pair  # "The Wachowskis (Lana Wachowski and Lilly Wachowski)": the two the pair's name stands for
    if "," in _IN_BRACKETS.sub("", line):  # "Fran Walsh, Philippa Boyens & Peter Jackson": full names, each a person
        parts = [p.strip() for part in _OUTSIDE_BRACKETS.split(_unstopped(line)) for p in _joins((*joins, "&")).split(part)]
        parts = [re.sub(rf"^(?:{'|'.join(map(re.escape, (*joins, '&')))})\s+", "", p, flags=re.IGNORECASE) for p in parts]
        return parts if len(parts) > 2 and all(full_name(p) for p in parts) else None
    parts = [p.strip() for p in _joins((*joins, "&")).split(line.strip().rstrip(".!"))]
    if len(parts) == 2 and re.fullmatch(r"[A-Z][\w'’-]*", parts[0]) and full_name(parts[1]) and len(parts[1].split()) == 2:
        if _plain_given_name(parts[0]) and not (known is not None and known(parts[0])):  # "Cher and Sonny Bono": a name of its own
            return [f"{parts[0]} {parts[1].split()[1]}", parts[1]]  # "Joel and Ethan Coen": the surname is each one's
        return parts  # "Pelé and Diego Maradona", "Cher and Sonny Bono": two people, the first one's name its own
    if len(parts) == 2 and all(full_name(re.sub(r"\s+of\s+(?=[A-Z])", " ", split_bracketed(p)[0])) for p in parts):
        return parts  # "King Philip IV and Mariana of Austria (reflected in the mirror)": a name "of" a place, a gloss after
    return _two_names(line, (*joins, "&"))


def _plain_given_name(word: str) -> bool:
    """Whether a one-word name before a full name may be a given name that shares its surname:
    plain letters, capitalised (``Joel`` of ``Joel and Ethan Coen``); a double-barrelled surname
    (``Lloyd-Webber`` of ``Lloyd-Webber and Tim Rice``) or a name with an accent or other letters
    a nickname is written with (``Pelé`` of ``Pelé and Diego Maradona``) is one person's own name,
    no given name (a compound given name shares it by :data:`_SHARED_SURNAME`)."""
    return re.fullmatch(r"[A-Z][a-z]+", word) is not None


def _binomial_of(name: str, head: str) -> bool:
    """Whether ``name`` is a species' binomial whose epithet is the ``head`` (a disease named for
    its pathogen), and a word after it: ``Mycobacterium tuberculosis complex`` of tuberculosis, a
    name, not a sentence about the head (``Tuberculosis affects lungs`` is one)."""
    return re.fullmatch(rf"[A-Z][a-z]+\s+{re.escape(head.strip().casefold())}(?:\s+[a-z]+)?", name.strip().rstrip(".!")) is not None


def full_name(part: str) -> bool:
    """Two words or more, capitalised but for name particles: "Ludwig van Beethoven", "Ngũgĩ wa
    Thiong'o", "Nasir al-Din al-Tusi"."""
    words = part.split()
    return len(words) >= 2 and words[0][:1].isupper() and all(w[:1].isupper() or w in NAME_PARTICLES or w.startswith(("al-", "el-")) for w in words)


def _particled(line: str, joins: tuple[str, ...]) -> bool:
    """Whether a line is full names, one with a particle the parser may take for a verb ("Ngũgĩ
    wa Thiong'o": "wa" a verb): names, no sentence."""
    parts = _joins(joins).split(line.strip().rstrip(".!"))
    return all(full_name(p) for p in parts) and any(w in NAME_PARTICLES or w.startswith(("al-", "el-")) for w in line.split())
