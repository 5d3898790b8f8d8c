"""Teacher text as a clean label, and what makes a label no answer.

- :func:`clean_text`: Unicode NFKC, control and invisible characters out, whitespace collapsed,
  edge quotes, emphasis and trailing punctuation stripped (an abbreviation keeps its period:
  "Washington, D.C.", "Enterobacter sp."; a title's "!" or "?" inside the quotes around it stays,
  '"Help!"', and so does the one that closes a "¡" or "¿": "¡Tré!"), HTML subscripts as text,
  ATOMIC placeholders made canonical (``Person X``, ``personx`` → ``PersonX``; ``____`` →
  ``___``). :meth:`extractors.normalize.Normalizer.clean` is it, cached.
- :func:`check_label`: why a clean label is no entity (empty, a "none" answer, a refusal, too
  long, damaged, RDF syntax), or None.
- :func:`undecorated`, :func:`unticked`, :func:`unstruck`, :func:`crossed`: the emoji and marks
  chat models set beside names, what they strike through, and the crosses that say an item is
  *not* an answer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

from kg.forms import phrase_form
from kg.iri import CACHE_SIZE, SIGNED_NAME
from kg.languages import Language
from kg.records import SURROGATES, without_html_scripts

__all__ = [
    "BRACKETED",
    "TITLE_SMALL_WORDS",
    "SUPRA",
    "MARKDOWN_LINK",
    "unlinked",
    "clean",
    "clean_text",
    "powers_of_ten",
    "clean_written",
    "check_label",
    "label_problem",
    "is_none",
    "titled",
    "abbreviated",
    "phrase_case",
    "undecorated",
    "unticked",
    "unstruck",
    "crossed",
    "MARK",
    "NONE_ANSWERS",
    "REFUSAL",
    "NO_LETTERS",
    "END_MARKS",
    "DAMAGED",
    "MAX_LABEL",
    "FENCE",
]

SUPRA = re.compile(r",\s*supra(?: note \d+)?(?:,? at \d+(?:[-–]\d+)?)?\s*$", re.IGNORECASE)
"""A legal citation's pointer back after a case's name: ``Planned Parenthood v. Casey, supra, at
846`` names the case."""
_TARGET = r"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*"  # "https://en.wikipedia.org/wiki/Georgia_(country)"
_TITLE = r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?"""  # '"Spain on Wikipedia"'
MARKDOWN_LINK = re.compile(rf"\[([^\[\]]+)\]\((?:<(?:https?://|www\.|/)[^<>\n]*>|(?:https?://|www\.|/){_TARGET}){_TITLE}\)")
"""A Markdown link, ``[Spain](https://en.wikipedia.org/wiki/Spain)``, its address in angle
brackets or with a title after it: its text is the answer."""
_IMAGE = rf"!\[([^\[\]]*)\]\((?:<[^<>\n]*>|{_TARGET}){_TITLE}\)"
_LONE_IMAGE = re.compile(rf"^([ \t]*(?:[-*+•][ \t]+|\d+[.)][ \t]+)?){_IMAGE}[ \t]*$", re.MULTILINE)
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[([^\[\]]+)\]:[ \t]*<?(?:https?://|www\.|/).*$\n?", re.MULTILINE)
_WIKI_AUTOLINK = re.compile(r"<https?://[^<>\s]*/wiki/([^<>\s/?#]+)>")


def unlinked(text: str) -> str:
    """A chat answer without Markdown's links and images: a link's text is the answer
    (``[Spain](https://...)``, ``[Spain][1]``, ``[Spain]`` with its ``[Spain]: https://...``
    line, which goes), an autolink to a wiki's article its title (``<https://en.wikipedia.org/
    wiki/Georgia_(country)>``), and an image is no part of a name (``![flag](es.png) Spain``)
    unless it is all its line holds (``- ![Spain](es.png)``: its text)."""
    defined = _LINK_DEFINITION.findall(text)
    text = _LINK_DEFINITION.sub("", text)
    text = re.sub(_IMAGE, "", _LONE_IMAGE.sub(r"\1\2", text))
    text = _REFERENCE_LINK.sub(r"\1", MARKDOWN_LINK.sub(r"\1", text))
    for label in defined:
        if not label.isdigit():  # "[Spain]" (a footnote's "[1]" stays)
            text = text.replace(f"[{label}]", label)
    return _WIKI_AUTOLINK.sub(lambda m: unquote(m.group(1)).replace("_", " "), text)


MAX_LABEL = 200
"""Longest label (characters) taken as an entity; longer spans are unreadable."""

FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_-]*)[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)
"""A Markdown code fence: group 1 the language, group 2 the body (an unclosed fence runs to the end)."""
NONE_ANSWERS = frozenset(
    {
        "none", "nothing", "n/a", "na", "no answer", "null", "nil", "-", "no one", "nobody", "unknown", "not applicable",
        "none of the above", "none of these", "none of them",
    }
)
NAMED_NONE_ANSWERS = frozenset({"nothing", "no one", "nobody", "unknown"})
"""The none answers that are names too where a user's file writes them capitalised: the films
"Nobody", "Unknown" and "Nothing" ("None", "N/A", "null", "-": a table's empty cell, never)."""
NO_PERSON_ANSWERS = frozenset({"anonymous", "anon", "unknown author", "author unknown", "unattributed"})
"""The answers that name no one where the answers are people ("Anonymous" wrote Beowulf and Sir
Gawain, one person for every anonymous work): read like "none" there (a none answer, counted)."""

_NO_KNOWLEDGE = re.compile(
    r"^(?:i\s*(?:do not|don't|dont|doesn't)\s*know|i(?:'m| am) not (?:sure|certain|aware)|not sure|no idea|"
    r"there (?:are|is) (?:none|no (?:known|such))|none (?:known|that i know|(?:widely |commonly |generally )?(?:used|accepted|recogni[sz]ed)|in (?:common|wide|general|current) use)|i have no (?:idea|information)|i (?:do not|don't) have (?:any )?(?:information|records?|data) (?:about|on|of)|i (?:do not|don't|cannot|can't) (?:have )?access\b|"
    r"i (?:do not|don't) have (?:any |an? )?(?:(?:reliable|accurate|verified|precise|specific|exact|official|current|up-to-date|recent)\s+)?"
    r"(?:information|records?|data|figures?|statistics|numbers?)\s+(?:about|on|of|for)\b(?=(?:\D|(?<=[^\W\d_])\d)*$))\b",
    re.IGNORECASE,
)
"""A teacher saying it does not know (``I don't have access to real-time registry data.``, ``I don't have reliable data
for Abuja's density.``, ``I don't have a specific figure for IR8.``: a sentence with no figure after it, a name's digits
none), or that there is none in use (``None widely used``, ``None in common use``): read like "none" (no fact, counted as
a none answer)."""
_NO_RECORD = re.compile(
    r"no\s+(?:(?:reliable|specific|accurate|verified|official|exact|precise|published|good|firm)\s+)?(?:data|figures?|information|records?|statistics)"
    r"(?:\s+(?:available|known|found|recorded|published))?"
    r"|not\s+(?:(?:specifically|reliably|well|clearly|formally|officially|separately)\s+)?(?:documented|recorded|reported|published)",
    re.IGNORECASE,
)
"""A teacher saying nothing is written down of it, as the whole answer: ``No reliable data.``, ``Not specifically
documented``, ``No data available``: read like "none" (``No Data``, a title, is a name)."""
_NOT_APPLYING = re.compile(
    r"(?:(?:this|that|it)(?:\s+(?:question|relation|property|field|category|item))?\s+)?"
    r"(?:does\s*not|doesn['’]?t|is\s+not|isn['’]t)\s+(?:apply|applicable|relevant)"
    r"|not\s+(?:relevant|applicable\s+here)",
    re.IGNORECASE,
)
_NOT_APPLYING_TO = re.compile(r"\s+(?:here|in\s+this\s+case|(?:to|for)\s+(?:a|an|the|this|that|these|those|it|them|such)\b[^.,;:!?]*)", re.IGNORECASE)
"""A teacher saying the question does not apply to the head, as the whole answer: ``This doesn't
apply.``, ``That doesn't apply``, ``Not relevant``, ``This question doesn't apply to a
currency.``, ``Does not apply here``: read like "not applicable" (a title, ``It Doesn't Apply``,
is a name; ``This does not apply to Scotland`` says where it does not, no none answer)."""
_AT_PAGE = r"(?:,? at \d+(?:[-–]\d+)?)"
_BACK_REFERENCE = re.compile(rf"(?:Id|Ibid|ibid|Idem|idem)(?:\.?{_AT_PAGE})?|id\.?{_AT_PAGE}|[Ss]upra(?: note \d+)?{_AT_PAGE}?")
"""A legal citation's short form for a case cited before ("Id.", "Ibid.", "Id. at 533", "supra
note 3"): it names no case of its own, so it is read like "none" (a lone "ID" is Idaho, a
lower-case "id" a language code: both stay); "Roe, supra" names Roe (:data:`SUPRA`)."""
_NOTHING_MORE = re.compile(
    r"(?:(?:i think|and) )?(?:nothing (?:else|more)(?: comes to mind| to add)?|nothing (?:comes to mind|to add)|"
    r"(?:that's|that is) (?:about )?(?:all|it|everything|the (?:full|complete|whole) list)(?:,? folks| (?:i can think of|i know(?: of)?|for now))?|"
    r"no (?:other|more|further) (?:ideas|answers))\W*",
    re.IGNORECASE,
)
"""A teacher saying its list is done, as the whole item ("That's all.", "That's all I can think
of", "that's it for now", "That's about it", "I think that's all", "And that's it", "That's
everything", "That's the full list", "Nothing else comes to mind", "Nothing else."): read like
"none"; "that's all right", "that is it, they forgive" are answers."""
_REFUSAL = re.compile(
    r"^(?:(?:i'?m|i am) sorry\b|sorry(?:,| but\b)|i apologi[sz]e\b|as an ai\b|i (?:can't|cannot|can not|am unable to|won't|will not)\b|"
    r"i'm unable to\b)",
    re.IGNORECASE,
)
"""A teacher refusing or apologising: quarantined (the prompts it refuses are worth seeing)."""
REFUSAL = "is the teacher's refusal, not an answer"
NO_LETTERS = "no letters or digits"
"""Why a label of symbols alone is no answer, unless the store, the reference or a seed names
so (:meth:`extractors.normalize.Normalizer.label_problem`: the band "!!!", the album "÷")."""

DAMAGED = "damaged text (U+FFFD: a lone surrogate or bytes that were not UTF-8)"
"""Why a label holding U+FFFD is quarantined: lone surrogates are replaced by it before text
is cached or stored, and a decoder puts it where bytes were not text; either way the label is not
what the teacher meant, and minting it would make a second, misspelt entity."""

_TAGGED = re.compile(r'"([^"]+)"@[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# invisible marks with no letter of their own (zero-width space, left-to-right and right-to-left
# marks and embeddings, word joiner, byte-order mark, soft hyphen) are removed, not made spaces;
# the zero-width joiner and non-joiner (U+200C, U+200D) are part of the text they sit in
# ("👨‍👩‍👧" is one family, Persian "می‌خواهد" one word) and stay
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
SPACE = re.compile(r"\s+")
_EDGE = " \t\n\r\"'`“”‘’«»„‚‹›*"
_TRAILING = ".,;:!?…™℠®"
"""What ends a label and is no part of it: punctuation, and a trademark sign ("Advil™" is
Advil; a text value keeps it, "Ecotrin™")."""
_TRADEMARK = re.compile("([™℠¼½¾\u2150-\u215e\u2189\u2033\u2034\u2057\u00b2\u00b3\u00b9\u2070-\u207f])")
"""Signs NFKC spells as letters ("Ecotrin™" as "EcotrinTM"), vulgar fractions it spells with a
fraction slash (the film "8½" as "81⁄2"), the double and triple primes it spells as primes (the
seconds of "27°59′17″N" as "17′′") and superscripts, which it spells as figures and signs on
the line (the muon's "μ⁻" as "μ−", "¹⁴C" as "14C", "π⁰" as "π0", "K⁺" as "K+"): kept as written;
a comparison folds them (:func:`kg.iri.normalize_label`). A power of ten in superscripts is read
before (:func:`powers_of_ten`); a subscript is a formula's count, the same on the line ("H₂O" is
H2O)."""
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_SUPERSCRIPT_POWER = re.compile(r"(?<![\w.,])10([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def powers_of_ten(text: str) -> str:
    """A power of ten in superscripts as a caret writes it: ``1.977 × 10⁻³`` is ``1.977 × 10^-3``
    (NFKC would make it ``10−3``, and ``2 × 10³`` ``2 × 103``)."""
    return _SUPERSCRIPT_POWER.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPT), text)


_ABBREVIATION = re.compile(
    r"(?:(?:^|[\s(])(?:[A-Za-z]\.){2,}|\b(?:Jr|Sr|St|Dr|Mt|Ft|Inc|Ltd|Co|Corp|Bros|sp|spp|ssp|subsp|var|cf|aff)\.|(?<=[a-z]{3}\s)(?:a|aa|n|nn|v|vv|m|mm|lig|proc)\.)$"
)
"""A name that ends in an abbreviation, whose last period is part of it: initials
("E.T.", "U.S.", "D.C.") or a title or company suffix ("Jr.", "St.", "Inc."), or a taxon's rank
("Enterobacter sp.", "Klebsiella spp.", "Brassica oleracea var.")."""


def abbreviated(text: str) -> bool:
    """Whether ``text`` ends in an abbreviation whose period is its own (:data:`_ABBREVIATION`):
    "Syncopy Inc.", "Washington, D.C.", "Sammy Davis Jr."."""
    return _ABBREVIATION.search(text) is not None


_AUTHOR = r"[A-Z][a-z]{0,7}\.(?:\s?[a-z]{1,3}\.)?"
_AUTHORS = rf"{_AUTHOR}(?:\s+(?:&|ex|et)\s+{_AUTHOR})*"
_TEXT_ABBREVIATION = re.compile(
    r"(?:^[A-Z]\."  # a lone initial: "L."
    r"|\b[A-Z][a-z]*\.\s?[a-z]{1,3}\."  # a son's or a rank's after it: "Hook.f.", "L. f."
    rf"|\([A-Z][^()]*\)\s*{_AUTHORS}"  # after the author in brackets: "(Suckow) Borkh.", "(L.) Mill."
    rf"|^{_AUTHOR}(?:\s+(?:&|ex|et)\s+{_AUTHOR})+"  # joined authors: "Hook. & Arn.", "Nutt. ex Torr."
    r"|^[A-Z][a-z]+\s(?!(?:and|or|of|on|in|the|for|with|type)\s)[a-z-]{3,}\s[A-Z]\.)$"  # a binomial's: "Pyrus malus L."
)
"""What else ends a text value in an abbreviation whose period is its own (an author's as a
species' authority writes it): a lone one of one or two letters, one with a son's or a rank's
after it, one after a lower-case epithet, or one after a bracketed author or another author
joined by "&", "ex" or "et". A lone longer word ("Spring.", "Brazil.", "Mill.") cannot be told
from a sentence's last word, and loses its stop."""


def text_abbreviated(text: str) -> bool:
    """Whether the text value ``text`` ends in an abbreviation whose period is its own:
    :func:`abbreviated` ("Syncopy Inc.", "Washington, D.C."), or a species' authority ("L.",
    "(Suckow) Borkh.", "Hook.f.", "Pyrus malus L.", "Hook. & Arn."); never a sentence ("Oil on
    canvas.", "Plan B.", "In God We Trust.") or a lone word ("Spring.", "Etc.").

    >>> [text_abbreviated(t) for t in ("L.", "(Suckow) Borkh.", "Hook.f.", "Oil on canvas.", "Plan B.")]
    [True, True, True, False, False]
    """
    bare = text.strip()
    return abbreviated(bare) or _TEXT_ABBREVIATION.search(bare) is not None


_PAIRED_MARK = {"¡": "!", "¿": "?"}
"""Spanish opening marks: a name that opens with one keeps the mark that closes it ("¡Tré!")."""
_QUOTED_TITLE = re.compile(r"[\s*_]*([\"“„«])[^\"“”„«»]*[!?]([\"”“»])[\s*_]*")
"""A label written whole in quotes with a "!" or "?" inside them ('"Help!"'): the mark is the
title's (English puts a sentence's own "!" and "?" outside the quotes)."""
BRACKETED = r"\((?:[^()]|\([^()]*\))*\)"
"""A bracket and what it holds, a bracket inside it part of it: ``(OTC)``, ``(renamed
allanite-(Ce) in 2006)`` is one bracket, whole."""
TITLE_SMALL_WORDS = frozenset("a an the and or nor but of in on at to for by with from as vs v via de la le du von van".split())
"""The short words a title leaves in lower case, every other word capitalised: ``None of the
Above``, ``Star Wars: Episode IV – A New Hope``, ``Roe v Wade``."""
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_PERSON = re.compile(r"\bperson\s?([xyz])\b(?!-)", re.IGNORECASE)
_BLANK = re.compile(r"(?<!\w)(_{2,})(?!_)(?![^\W_]+_)(?!\S.*?(?<=\S)\1(?!\w))")
"""A blank ("PersonX takes ___ to the vet", "to eat ____s"): a whole run of underscores with no
letter or digit before it, written ``___`` whatever its length; the underscores of a name in
code are none (``__future__``, ``___init___``, ``snake__case`` stay as written), and neither is
a run that opens emphasis another closes (``__to go home__``)."""
UNDERSCORE_EMPHASIS = re.compile(r"(_{1,2})(?!_)(\S(?:(?:[^_]|(?<=[^\W_])_+(?=[^\W_]))*\S)?)(?<!_)\1", re.DOTALL)
"""Markdown's other emphasis, ``__bold__`` and ``_italic_`` around a whole item (CommonMark: the
same as ``**bold**`` and ``*italic*``); the underscores inside are a word's own (``_a snake_case
name_``), so ``_x_ and _y_`` is two spans, not one from its first underscore to its last; a
blank (``___``) is no emphasis, and neither are the underscores of an identifier
(:data:`_IDENTIFIER`)."""
_IDENTIFIER = re.compile(r"__[a-z][a-z0-9]*(?:_[a-z0-9]+)*__|_[a-z0-9]+(?:_[a-z0-9]+)+_")
"""Underscores around a name in code, not emphasis: a Python dunder name (``__future__``,
``__init__``; ``__fever__`` too, which could be bold, but a dunder is read as written) or a
lower-case name with an inner underscore (``_snake_case_``). One word in single underscores is
italics (``_numpy_``, ``_fever_``, ``_ctypes_``: nothing tells it from a name, and Markdown
renders it so), and so is anything with a capital, a space or only digits (``__Ecuador__``,
``_to go home_``, ``_1990_``); a name the store already holds with its underscores keeps them
(:meth:`Normalizer.candidate`)."""
_RDF_SYNTAX = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|\"\s*\.\s*<|\^\^\s*<|@prefix\s", re.IGNORECASE)


def phrase_case(label: str) -> str:
    """A phrase's label as a dataset writes it: a first word in sentence case lower-cased when
    no other word is capitalised (a name: ``New York``) and a one-word label has a phrase form
    (:func:`kg.forms.phrase_form`): ``To get married`` -> ``to get married``, ``Happy`` ->
    ``happy``, ``The stove is broken`` -> ``the stove is broken``; ``Paris``, ``Central Park``,
    ``PersonX goes home``, ``NASA`` stay."""
    first, _, rest = label.partition(" ")
    if first == "I" or not (first[:1].isupper() and first[1:].isalpha() and first[1:].islower()):
        return label
    if any(w[:1].isupper() and not w.startswith("Person") for w in rest.split()):
        return label
    if not rest and phrase_form(label) is None:
        return label
    return first[0].lower() + label[1:]


def clean(text: str, markdown: bool = True) -> str:
    """:meth:`Normalizer.clean`, cached for text up to :data:`_CACHED_TEXT` characters;
    ``markdown=False`` (a file's label) keeps underscores around it."""
    return _clean_cached(text, _TRAILING, markdown) if len(text) <= _CACHED_TEXT else clean_text(text, _TRAILING, markdown)


END_MARKS = ".!?…"
"""The marks that may end a name ("Help!", "Takk...", the band "!!!") as well as a sentence."""


def clean_written(text: str, markdown: bool = True) -> str:
    """:func:`clean`, keeping the marks that may end a name (:data:`END_MARKS`): the label as
    written, for the store, the reference or a seed to say whether they are the name's."""
    trailing = _TRAILING.translate({ord(ch): None for ch in END_MARKS})
    return _clean_cached(text, trailing, markdown) if len(text) <= _CACHED_TEXT else clean_text(text, trailing, markdown)


def label_problem(label: str) -> str | None:
    """:meth:`Normalizer.label_problem`, cached for labels up to :data:`_CACHED_TEXT` characters."""
    return _label_problem_cached(label) if len(label) <= _CACHED_TEXT else check_label(label)


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?=[^`\s])([^`\n]+?)(?<=[^`\s])\1(?!`)")
"""A Markdown code span, its marks on both sides: ```log4j-core``` of ```log4j-core` < 2.15.0``."""


def uncoded(text: str) -> str:
    """``text`` without the Markdown marks of its code spans, wherever they are: ``log4j-core <
    2.15.0`` of ```log4j-core` < 2.15.0``, ``Use --force`` of ``Use `--force```; a lone backtick
    stays (``rock`n'roll``)."""
    return _CODE_SPAN.sub(r"\2", text) if "`" in text else text


def clean_text(text: str, trailing: str = _TRAILING, markdown: bool = True) -> str:
    text = SURROGATES.sub("\ufffd", text)
    if "<" in text:  # "H<sub>2</sub>O": a formula's subscripts as text
        text = without_html_scripts(text)
    parts = _TRADEMARK.split(powers_of_ten(text))  # "Ecotrin™", not "EcotrinTM"; "8½", not "81⁄2"
    text = "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))
    text = SPACE.sub(" ", _INVISIBLE.sub("", _CONTROL.sub(" ", text)))
    tagged = _TAGGED.fullmatch(text.strip())
    if tagged:  # '"東京"@ja', an RDF literal written as text: the text, not '東京"@ja'
        text = tagged.group(1)
    code = "`" in text  # `__init__` is a name in code, not emphasis
    text = uncoded(text) if markdown else text
    if SIGNED_NAME.fullmatch(text.strip()):  # "C*", "Go!": a short name's signs are its own
        return text.strip()
    if _QUOTED_TITLE.fullmatch(text) or SIGNED_NAME.fullmatch(_strip_edges(text)):  # '"Help!"', '"Isn't It?"', "**Go!**": the title's own mark
        trailing = trailing.replace("!", "").replace("?", "")
    text = _strip_edges(text, markdown)
    if text[:1] in _PAIRED_MARK:  # "¡Tré!": the mark that closes it is the name's too
        trailing = trailing.replace(_PAIRED_MARK[text[0]], "")
    previous = None
    while previous != text:
        previous = text
        stripped = text.rstrip(trailing)
        if stripped != text and text[len(stripped)] == "." and _ABBREVIATION.search(stripped + "."):
            stripped += "."  # "E.T.", "Washington, D.C.", "Sammy Davis Jr." keep their last period
        text = _strip_edges(stripped, markdown)
        emphasis = None if code or not markdown else UNDERSCORE_EMPHASIS.fullmatch(text)
        if emphasis and not _IDENTIFIER.fullmatch(text):
            text = _strip_edges(emphasis.group(2), markdown)
    text = _PERSON.sub(lambda m: "Person" + m.group(1).upper(), text)
    text = _BLANK.sub("___", text)
    return text


_EMOJI = (
    "\U0001F000-\U0001FAFF\uFE0F\u200D\u20E3\U000E0020-\U000E007F"
    # the other emoji whose default presentation is emoji (Unicode's Emoji_Presentation)
    "\u231A\u231B\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB"
    "\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2705\u270A\u270B\u2728\u274C\u274E"
    "\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF\u2B1B\u2B1C\u2B50\u2B55"
    # and the marks chat models set beside names, emoji or not
    "\u2713-\u2718\u2611\u2612\u2605\u2606\u2764\u2763\u26A0\u27A1"
    # and the dagger a list sets beside an extinct taxon or a man killed in action (†Archaeopterygidae)
    "\u2020"
)
_MUSIC = "\u2669-\u266F"
"""♩ ♪ ♫ ♬ ♭ ♮ ♯: a note's or a key's sign, part of a name (``C♯``, ``Nocturne in E♭``)."""
_DECORATION = rf"[{_EMOJI}]|[^\s\w{_EMOJI}{_MUSIC}]\uFE0F"
"""Emoji, pictographs and flags (regional indicator pairs), with the joiners and selectors they
are written with, the marks chat models set beside names (✅ ✓ ✔ ✗ ☑ ★ ✨ ⚡ ❤ ☕ ❌ ⚠ ⭐ †) and a
symbol written as an emoji (with U+FE0F); other symbols are text (♯ and ♭ in "C♯", "Nocturne
in E♭", ♀, ©)."""
_DECORATED = re.compile(rf"^((?:{_DECORATION}|\s)*)(.*?)((?:{_DECORATION}|\s)*)$", re.DOTALL)
TICKS = "\u2713\u2714\u2705\u2611"
"""The ticks a chat model sets beside an answer: ✓ ✔ ✅ ☑."""
CROSSES = "\u2717\u2718\u2716\u274C"
"""The crosses a chat model sets beside a wrong one: ✗ ✘ ✖ ❌."""
_CROSS = f"[{CROSSES}\U0001F6AB]"  # and 🚫
_CROSSED = re.compile(rf"^\s*{_CROSS}|{_CROSS}\uFE0F?\s*(?:\([^()]*\)\W*)?$|^\s*~~[^~].*~~\W*$")
"""A cross at an item's edge (``❌ Perl``, ``Perl ✗``, before an aside: ``Perl ✗ (close, but no)``)
or the item struck through (``~~Perl~~``): the model says it is *not* an answer."""
MARK = f"[{TICKS}{CROSSES}]\uFE0F?"
"""A tick or a cross a chat model sets after an item (✓ ✔ ✅ ☑ ✗ ✘ ✖ ❌)."""
_TICK = re.compile(rf"^\s*[{TICKS}]\uFE0F?\s*|\s*[{TICKS}]\uFE0F?\s*$")
_STRUCK = re.compile(r"\s*~~[^~]+~~\s*")
_LEFT_SEPARATOR = re.compile(r"^[–—:-]\s+|\s+[–—:-]$")
"""What separated a mark from the name, left at its edge once the mark is off (a table row's
``Python – ✅`` as ``Python –``)."""


def undecorated(text: str) -> str:
    """``text`` without the emoji, pictographs and flags at its edges, which a chat model adds
    to a name (``🇪🇨 Ecuador``, ``Brazil ✅``, ``✨Rust``, ``Somalia (disputed border) ⚠️``) and are
    no part of it, written against the name too; symbols inside a name, a key's sign after it
    (``C♯``) and letters of any script stay, and so does text that is nothing else (an emoji
    answer). A domain of names reads its labels without them; a phrase keeps them (``to share
    with 👨‍👩‍👧``)."""
    if text.isascii():
        return text
    bare = _LEFT_SEPARATOR.sub("", _DECORATED.fullmatch(text).group(2))  # type: ignore[union-attr]
    return bare if any(ch.isalnum() for ch in bare) else text


def unticked(text: str) -> str:
    """``text`` without a tick at its edge (``to buy flour ✅``, ``✓ tired``): a phrase's mark,
    no part of it, where the phrase keeps its other emoji (``to share with 👨‍👩‍👧``)."""
    return text if text.isascii() else _TICK.sub("", text)


def unstruck(text: str) -> str:
    """``text`` without what a chat model struck through, when something is left: ``~~Portugal~~
    Andorra`` is Andorra, ``Belgium ~~and the Netherlands~~`` Belgium; ``~~Portugal~~`` stays
    (:func:`crossed`: no answer)."""
    if "~~" not in text:
        return text
    rest = _STRUCK.sub(" ", text).strip()
    return rest if any(ch.isalnum() for ch in rest) else text


def crossed(text: str) -> bool:
    """Whether a chat model marked the item ``text`` as wrong: ``❌ Perl``, ``Perl ✗``, ``~~Perl~~``."""
    return (not text.isascii() or "~~" in text) and _CROSSED.search(text) is not None


_QUOTES = (('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("‚", "‘"), ("‹", "›"))


_STARRED = re.compile(r"\s[^\W_]{1,2}$")
"""The designation a star ends a name after in a chat answer: ``Sagittarius A*``, ``Sgr A*``."""


def _strip_edges(text: str, markdown: bool = True) -> str:
    """``text`` without the spaces, quotes and emphasis around it; a quote whose other one is
    inside stays: ``Symphony No. 6 "Pathétique"`` (it lost its last quote), ``"Fast" Eddie Clarke``
    (its first); emphasis over the first or last words goes whole (``*Klebsiella* spp.``). A star
    no emphasis opens is the name's own, after a designation (``Sgr A*``, ``**Sagittarius A***``)
    or anywhere in a file's label (no Markdown: ``markdown=False``)."""
    stripped = text.strip(_EDGE)
    end = len(text.rstrip(_EDGE))
    start = len(text) - len(text.lstrip(_EDGE))
    for opening, closing in _QUOTES:
        if closing not in text[end:]:
            continue
        unmatched = stripped.count(opening) % 2 if opening == closing else stripped.count(opening) > stripped.count(closing)
        if unmatched and stripped:
            stripped += closing
    for opening, closing in _QUOTES:
        if opening not in text[:start]:
            continue
        unmatched = stripped.count(closing) % 2 if opening == closing else stripped.count(closing) > stripped.count(opening)
        if unmatched and stripped:
            stripped = opening + stripped
    stripped = _single_quotes_paired(text[:start], stripped, text[end:])
    if "*" in stripped and ("*" in text[:start]) != ("*" in text[end:]):
        runs = list(re.finditer(r"\*+", stripped))
        run = runs[0] if "*" in text[:start] else runs[-1]
        own = len(run.group()) - text[:start].count("*") if len(runs) == 1 and _owns_star(stripped[: run.start()], markdown) else 0
        stripped = stripped[: run.start()] + "*" * max(own, 0) + stripped[run.end() :]  # "**Sgr A***." keeps Sgr A*'s
    own = text[end:].count("*") - text[:start].count("*")
    if own > 0 and text[end:][:1] == "*" and "*" not in text.strip(_EDGE) and _owns_star(stripped, markdown):
        stripped += "*" * own
    return stripped


_SINGLE_OPENING = re.compile(r"(?<!\S)['‘](?=\w)")
_SINGLE_CLOSING = re.compile(r"(?<=\w)['’](?!\S)")
"""A single quote that opens a quoted part (after a space or at the start, before a letter) and
one that closes it (after a letter, before a space or at the end); an apostrophe inside a word
(``O'Neill``) is neither."""


def _single_quotes_paired(before: str, stripped: str, after: str) -> str:
    """``stripped`` with the single quote stripped off its edge whose other one is inside: the
    cultivar ``Malus domestica 'Golden Delicious'`` keeps its last quote as ``"Pathétique"``
    keeps its double one; a name whose quotes all went (``'Jack O'Neill'``, ``'Gala'``), or
    whose quotes inside pair (``Rock 'n' Roll``), loses its edge's."""
    opened, closed = len(_SINGLE_OPENING.findall(stripped)), len(_SINGLE_CLOSING.findall(stripped))
    closing = next((ch for ch in after if ch in "'’"), None)
    if closing is not None and opened > closed:
        return stripped + closing
    opening = next((ch for ch in reversed(before) if ch in "'‘"), None)
    if opening is not None and closed > opened:
        return opening + stripped
    return stripped


def _owns_star(name: str, markdown: bool) -> bool:
    """Whether a star after ``name`` is its own, not emphasis: after a designation (``Sgr A*``), or
    after any word in a file's label (no Markdown)."""
    return name[-1:].isalnum() and (not markdown or _STARRED.search(name) is not None)


@lru_cache(maxsize=16)
def none_words(lang: Language) -> tuple[frozenset[str], tuple[str, ...]]:
    """A language's "no answer" words as labels are compared: case-folded ("weiß" is "weiss"),
    apostrophes as ``'``."""
    return frozenset(w.casefold().replace("’", "'") for w in lang.none_answers), tuple(w.casefold().replace("’", "'") for w in lang.no_knowledge)


_OWN_NAME = re.compile(
    r"(?:(?:he|she|they)\s+(?:\w+\s+){0,2})?(?:published|wrote|writes|writing|publishes|write|publish|worked|works|work)\s+"
    r"(?:only\s+)?(?:under|with|using)\s+(?:his|her|their)\s+(?:own|real|birth|given)\s+name\W*",
    re.IGNORECASE,
)
"""A sentence saying a person used no other name than their own: ``He published under his own
name.``, ``She writes under her real name``: no pen name (a title written so is a name)."""


def titled(text: str) -> bool:
    """Whether ``text`` is written as a title: two words or more, each capitalised but the small
    ones ("of", "the"): ``None of the Above``, ``I'm Not Dead``, ``Isn't It?`` (a name, where a
    sentence would say no answer)."""
    words = _WORD.findall(text)
    return len(words) > 1 and words[0][0].isupper() and all(w[0].isupper() or w in TITLE_SMALL_WORDS for w in words)


@lru_cache(maxsize=CACHE_SIZE)
def is_none(label: str) -> bool:
    """Whether ``label`` says there is no answer in English: "none", "n/a", "NA", "I don't know",
    "Id.", ...; not a name written with such words, as a title ("None of the Above") or as an
    element's symbol ("Na", sodium)."""
    key = label.casefold().strip(" .!")
    if key in NONE_ANSWERS:
        return not (" " in key and titled(label)) and label.strip(" .!") != "Na"
    own_name = _OWN_NAME.fullmatch(label.strip()) is not None and not titled(label)  # "He published under his own name."
    not_applying = _not_applying(label) and not titled(label)  # "This doesn't apply." ("It Doesn't Apply", a title)
    no_record = _NO_RECORD.fullmatch(label.strip(" .!")) is not None and not titled(label)  # "No reliable data."
    return bool(_NO_KNOWLEDGE.match(label) or no_record or _NOTHING_MORE.fullmatch(label) or _BACK_REFERENCE.fullmatch(label) or own_name or not_applying)


def _not_applying(label: str) -> bool:
    """Whether ``label`` is a sentence saying the question does not apply (:data:`_NOT_APPLYING`),
    alone or to the head's kind (``... to a currency``), with nothing else after it."""
    match = _NOT_APPLYING.match(label.strip())
    if match is None:
        return False
    rest = label.strip()[match.end():]
    to = _NOT_APPLYING_TO.match(rest)  # "... to a currency"
    return rest[to.end() if to else 0:].strip(" .!") == ""


def check_label(label: str) -> str | None:
    if not label:
        return "empty"
    if is_none(label):
        return "none answer"
    if len(label) > MAX_LABEL:
        return "label too long"
    if not any(ch.isalnum() for ch in label):
        return NO_LETTERS
    if _REFUSAL.match(label):
        return REFUSAL
    if "\ufffd" in label:
        return DAMAGED
    if _RDF_SYNTAX.search(label):
        return "looks like RDF syntax (injected statement?)"
    return None


_CACHED_TEXT = 4 * MAX_LABEL
"""Longest text whose cleaning and label check are kept: longer text is rare and never a valid
label, and would make the caches' memory grow with the teacher's output."""
_clean_cached = lru_cache(maxsize=CACHE_SIZE)(clean_text)
_label_problem_cached = lru_cache(maxsize=CACHE_SIZE)(check_label)
