"""An answer cut into its items: list markers (``1.``, ``2)``, ``-``, ``•``, ``a)``, ``ii.``),
lines numbered in a run (``1 Spain`` / ``2 Andorra``, items 1000 and on after 999), marks inline
(``(1) Spain (2) Belgium``), Markdown tables (a row's answer cell), lettered lists, and what is
no item (prose beside a list, a header, JSON or markup debris). :func:`list_items` is the whole
cut; :mod:`extractors.lists` reads each item it gives."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from extractors.denials import denying_header, verdict, yes_or_no
from kg.languages import MONTH_NAMES

__all__ = ["MAX_LINE", "TABLE_RULE", "debris", "list_items", "numbered_inline"]

_MONTH_AND_YEAR = r"\s+(?i:" + "|".join(sorted({m[:n] for m in MONTH_NAMES for n in range(3, len(m) + 1)}, key=len, reverse=True)) + r")\.?\s+\d{4}(?!\d)"
"""A month's name or its abbreviation, in any language, and a year: after a number and a dot, a
day (``17. Juli 1954``, ``6. Okt. 1875``), not the item numbered 17 or 6 (``2. June 1, 1974``, ``1.
May 16`` are items; so is ``1. Mars 2020`` beside other numbered items: :data:`_DAY_ITEM`)."""
_ITEM = re.compile(
    r"""^\s*(?:
        \(?\d{1,3}(?:[)\]:]|\.(?!""" + _MONTH_AND_YEAR + r"""))\s+ |  # 1.  1)  (1)  1:  (not 17. Juli 1954)
        \(?[a-zA-Z][.)]\s+(?=\S) | # a)  b.
        \(?(?:ii|iii|iv|vi|vii|viii|ix|II|III|IV|VI|VII|VIII|IX)[.)]\s+(?=\S) |  # ii. iv) (i., v., x. are letters)
        [-*•‣◦·+–—]\s+             # bullets
    )(?P<item>.*\S)\s*$""",
    re.VERBOSE,
)
_DAY_ITEM = re.compile(r"^\s*\(?\d{1,3}\.\s+(?P<item>.*\S)\s*$")
"""A numbered item :data:`_ITEM` reads as a day (``1. Mars 2020``): an item where other lines of
the answer are numbered items (``2. Perseverance``)."""
MAX_LINE = 1000
_LONG_NUMBER = re.compile(r"^\s*\(?(?P<number>\d{4,})[.)\]:]\s+(?P<item>.*\S)\s*$")
"""An item numbered 1000 or more: a marker only where it follows the item numbered before it
(a line "1975: released" alone is an answer, not an item)."""
_BARE_NUMBER = re.compile(r"^\s*(?P<number>\d{1,5})\s+(?P<item>\S.*?)\s*$")
_INLINE_MARK = re.compile(r"\((\d{1,2}|[a-z]|[ivx]{1,4})\)[ \t]+(?=\S)")
_RUNS = ([str(k) for k in range(1, 100)], [chr(k) for k in range(ord("a"), ord("z") + 1)], ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])


def numbered_inline(line: str) -> str:
    """A line that numbers its items inline as lines of one item each (``(1) Spain (2) Belgium``,
    ``(a) Spain, (b) Belgium``: marks that open the line and run on from 1, a or i); any other
    line as it is (``(500) Days of Summer``)."""
    marks = list(_INLINE_MARK.finditer(line))
    numbers = [m.group(1) for m in marks]
    if len(marks) < 2 or line[: marks[0].start()].strip() or not any(numbers == run[: len(numbers)] for run in _RUNS):
        return line
    ends = [m.start() for m in marks[1:]] + [len(line)]
    return "\n".join(line[m.start() : end].strip().rstrip(",;") for m, end in zip(marks, ends))


def _numbered_run(line: str) -> list[str]:
    """A numbered item that goes on with the next numbers ("1. to rest 2. to sleep") as one line
    per item; any other line as it is. Only numbers in sequence cut it, so
    "1. to buy 2 apples" stays whole."""
    first = re.match(r"\s*\(?(\d{1,2})([.)])\s", line)
    if first is None:
        return [line]
    mark = re.escape(first.group(2))
    pieces, start, number = [], 0, int(first.group(1)) + 1
    while (cut := re.search(rf"\s{number}{mark}\s", line[start + 1 :])) is not None:
        end = start + 1 + cut.start()
        pieces.append(line[start:end].strip())
        start, number = end + 1, number + 1
    return [*pieces, line[start:].strip()] if pieces else [line]


_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+(?:\s*:?-+:?\s*)?\|?\s*$")
"""A Markdown table's delimiter row: a cell of one hyphen or more, a colon at either end (GFM)."""
_KEY_COLUMNS = {"metric", "property", "attribute", "parameter", "field", "specification", "characteristic", "key", "feature"}
_VALUE_COLUMNS = {"value", "values", "figure", "amount", "answer"}
"""The headers of a two-column table of named values (``| Metric | Value |``): its second column
holds the answers."""


def header_word(word: str) -> str:
    """A word as a table's header and a relation's words are compared: case-folded, in the
    singular ("Countries" → "country", "Borders" → "border", "Species" → "specie")."""
    folded = word.casefold()
    return folded[:-3] + "y" if folded.endswith("ies") and len(folded) > 4 else folded.removesuffix("s")


def _header_words(cell: str) -> set[str]:
    """A table header's words as :func:`_table_items` compares them: case-folded, no plural."""
    return {header_word(w) for w in re.findall(r"[^\W\d_]+", cell)}


def _verdicts(cells: Iterable[str]) -> bool:
    """Whether a table's column says yes or no of each row (``| May | yes |`` / ``| July |
    sometimes |`` under ``| Month | Flowering |``), a hedge among them: whether its row holds,
    never the answer."""
    said = [c.casefold().strip(" .!") for c in cells if c.strip()]
    return bool(said) and any(yes_or_no(c) for c in said) and all(yes_or_no(c) or c in _HEDGED_VERDICTS for c in said)


_HEDGED_VERDICTS = frozenset({"sometimes", "occasionally", "rarely", "partly", "partially", "maybe", "possibly", "varies", "some years"})


def _table_items(lines: list[str], answer_words: frozenset[str] = frozenset()) -> tuple[list[str], list[str]] | None:
    """(items, prose) of an answer holding a Markdown table (``| Drug | Effect |`` / ``|---|---|``
    / ``| Aspirin | more bleeding |``): each row after the rule is an item, its first cell (after a
    row number) the answer and the other cells its gloss (``Aspirin – more bleeding``); in a table
    of named values (``| Metric | Value |`` / ``| Max speed | 2,180 km/h |``) the value is the
    answer and its name the gloss; so is a later column headed in the relation's words
    (``answer_words``: ``| Tradition | Equivalent |`` / ``| Roman | Jupiter |`` of an equivalent
    deity gives Jupiter, "Roman" its gloss) when the first column's header is not. The header and
    the lines outside the table are prose. None without such a table."""
    rule = next((i for i, ln in enumerate(lines) if TABLE_RULE.match(ln) and "-" in ln), None)
    if rule is None or rule == 0 or not _TABLE_ROW.match(lines[rule - 1]):
        return None
    items: list[str] = []
    prose = lines[: rule - 1]
    header = [c.strip() for c in _TABLE_ROW.match(lines[rule - 1]).group("cells").split("|")]  # type: ignore[union-attr]
    keyed = len(header) == 2 and (header[0].casefold() in _KEY_COLUMNS or header[1].casefold() in _VALUE_COLUMNS)
    keyed = keyed and not _header_words(header[0]) & answer_words  # "| Nutrient | Amount |" of richIn: the nutrients answer
    rows = [[c.strip() for c in m.group("cells").split("|")] for ln in lines[rule + 1 :] if (m := _TABLE_ROW.match(ln))]
    named = [not any(re.match(r"[~≈<>]?\d", r[k]) for r in rows if len(r) == len(header)) for k in range(len(header))]  # "Border length": figures
    verdicts_of = [_verdicts(r[k] for r in rows if len(r) == len(header)) for k in range(len(header))]
    named = [n and not said for n, said in zip(named, verdicts_of)]  # "| May | yes |": May, the column whether it holds
    headed = [bool(_header_words(h) & answer_words) and n for h, n in zip(header, named)]
    answer = next((k for k, said in enumerate(headed) if said), 0) if not headed[:1] or not headed[0] else 0  # "| Tradition | Equivalent |"
    plural = headed[answer] and any(w.casefold() != header_word(w) for w in re.findall(r"[^\W\d_]+", header[answer]))  # "Countries"
    if (dated := _dated_figures(header, rows, named, answer_words)) is not None:
        end = next((k for k in range(rule + 1, len(lines)) if not _TABLE_ROW.match(lines[k])), len(lines))
        return [dated], prose + [lines[rule - 1]] + lines[end:]
    end = rule + 1
    while end < len(lines) and (row := _TABLE_ROW.match(lines[end])):
        cells = [c.strip() for c in row.group("cells").split("|")]
        names = header if len(header) == len(cells) else [""] * len(cells)
        if cells and re.fullmatch(r"\d{1,3}\.?", cells[0]):
            cells, names = cells[1:], names[1:]
        if len(cells) == len(header) and any(v and c.casefold().strip(" .!") in _HEDGED_VERDICTS for v, c in zip(verdicts_of, cells)):
            prose.append(lines[end])  # "| July | sometimes |": a hedge, no firm answer (counted beside the list)
            end += 1
            continue
        said = [(name, c) for name, c in zip(names, cells) if c]
        if answer and len(cells) == len(header) and cells[answer]:
            said = [(header[answer], cells[answer])] + [(name, c) for k, (name, c) in enumerate(zip(names, cells)) if c and k != answer]
        elif keyed and len(said) == 2:
            said.reverse()  # "| Max speed | 2,180 km/h |" under "| Metric | Value |": the value, its metric the gloss
        if said:
            verdicts = [verdict(name, c) for name, c in said[1:]]
            gloss = [c for (_, c), v in zip(said[1:], verdicts) if v is None and not yes_or_no(c)]
            denied = any(v == "no" for v in verdicts)  # "| Crohn's disease | No |" under "Indicated"
            joined = "; ".join(gloss)
            # "| China General Nuclear Power Group (CGN) | 33.5% |": a gloss in brackets too, as a dash's would be the name's
            glossed = f" ({joined})" if said[0][1].endswith(")") and not re.search(r"[()]", joined) else f" – {joined}"
            names = _cell_names(said[0][1]) if plural else [said[0][1]]
            items.extend(("❌ " if denied else "") + name + (glossed if gloss else "") for name in names)
        end += 1
    return items, prose + [lines[rule - 1]] + lines[end:]


_YEAR_CELL = re.compile(r"(?:1\d{3}|20\d{2})")


def _dated_figures(header: list[str], rows: list[list[str]], named: list[bool], answer_words: frozenset[str]) -> str | None:
    """The one item of a table whose first column is the years of the figures in the others
    (``| Year | Mintage |`` / ``| 1982 | 10,712,525,000 |`` / ``| 2000 | 14.3 billion |``): each
    figure dated by its year in brackets, the rows one after another ("10,712,525,000 (1982);
    14.3 billion (2000)"), as a figure of each year is read when so written (never a range of the
    year and the figure); None for any other table, and where the first column's header is in the
    relation's words (``| Year |`` of a ``firstYear``: the years answer).

    >>> _dated_figures(["Year", "Mintage"], [["1982", "10,712,525,000"], ["2000", "14.3 billion"]], [False, False], frozenset())
    '10,712,525,000 (1982); 14.3 billion (2000)'
    >>> _dated_figures(["Year", "Winner"], [["1982", "Italy"]], [False, True], frozenset()) is None
    True
    """
    full = [r for r in rows if len(r) == len(header)]
    if len(header) < 2 or not full or len(full) < len(rows) or any(named[1:]) or _header_words(header[0]) & answer_words:
        return None
    if not all(_YEAR_CELL.fullmatch(r[0]) and any(r[1:]) for r in full):
        return None
    if len(header) == 2:
        return "; ".join(f"{r[1]} ({r[0]})" for r in full if r[1])
    return "; ".join(f"{c} ({r[0]}, {name})" for r in full for name, c in zip(header[1:], r[1:]) if c)  # "| Year | P | D |": each mint's


_CELL_NAME = re.compile(r"[A-Z][^\W\d_][^\d,;()]*")


def _cell_names(cell: str) -> list[str]:
    """The names of a cell of a column headed in the plural of the relation's words, cut at its
    commas (``| West | Egypt, Sudan, Eritrea |`` under ``| Side | Countries |``): each part a
    capitalised name without figures; a cell with any other part stays one ("Washington, D.C.",
    "Paris (2 times), Lyon", "Symphony No. 5, Op. 67")."""
    parts = [p.strip() for p in cell.split(",")]
    return parts if len(parts) > 1 and all(_CELL_NAME.fullmatch(p) for p in parts) else [cell]


def _bare_numbers(lines: list[str]) -> list[str] | None:
    """The items of a list numbered without marks ("1 Spain" / "2 Andorra" / "3 Belgium"): each
    line starts with its running number, from 1, and a space; None for any other lines (a
    single "1 cup of flour", or "2 eggs" / "3 apples", are answers, not items)."""
    matches = [_BARE_NUMBER.match(ln) for ln in lines]
    if len(lines) < 2 or not all(m is not None and int(m.group("number")) == i for i, m in enumerate(matches, 1)):
        return None
    return [m.group("item") for m in matches if m is not None]


_PAIRS = {")": "(", "]": "[", "}": "{"}
_JSON_START = re.compile(r"^\s*(?:\{|\[\s*(?:[\"{\[]|$))")  # an object, or an array (not "[Spain](...)")
_SPECIAL_TOKEN = re.compile(r"<[|\uff5c][^<>\s]{1,40}[|\uff5c]>")
"""A chat template's special token (``<|python_tag|>``; DeepSeek's with full-width bars) left in
the text: Completion.answer ends the answer at the end-of-turn ones, this catches the others."""


def debris(item: str) -> str | None:
    """Why a list item is no answer but a piece of broken output, or None: it held control
    characters (``\x00\x07garbage``), or it is a JSON or markup fragment (``{"oops": [``:
    it opens a JSON object or array, holds a special token (``<|python_tag|>``), its brackets do
    not pair up, or it opens a double quote it never closes)."""
    if any(unicodedata.category(ch) == "Cc" and ch != "\t" for ch in item):
        return "list item holds control characters"
    if _JSON_START.match(item):
        return "list item is a JSON fragment"
    if _SPECIAL_TOKEN.search(item):
        return "list item holds a chat template's special token"
    unpaired = "list item is a fragment: its brackets or quotes do not pair up"
    if item.lstrip().startswith('"') and item.count('"') % 2:  # a quote opened, never closed (5" tall opens none)
        return unpaired
    opened: list[str] = []
    for ch in item:
        if ch in "([{":
            opened.append(ch)
        elif ch in _PAIRS and (not opened or opened.pop() != _PAIRS[ch]):
            return unpaired
    return unpaired if opened else None


def _number(line: str) -> int | None:
    """The number an item's marker gives it ("12." 12), None for a bullet or a letter."""
    found = re.match(r"\s*\(?(\d+)", line)
    return int(found.group(1)) if found else None


_MATH_DELIMITER = re.compile(r"^\s*(?:\\\[|\\\]|\\\(|\\\)|\$\$)\s*$")
"""A line that only opens or closes LaTeX display math (``\\[`` / ``\\boxed{1285216}`` / ``\\]``,
as reasoning models write their answer): no item; the line between is."""
_LETTER_MARKER = re.compile(r"\s*\(?([a-zA-Z])[.)]\s")
_ROMAN_MARKER = re.compile(r"\s*\(?(?:ii|iii|iv|vi|vii|viii|ix|II|III|IV|VI|VII|VIII|IX)[.)]\s")


def _header(line: str) -> bool:
    """Whether a chat answer's line heads what follows: ``Approved for:``, ``**Not approved for:**``."""
    return line.strip().strip("*_# ").endswith(":")


def _lettered(lines: list[str]) -> bool:
    """Whether the lines' letter marks make a lettered list: they run from a (or A), or are two
    letters or more in a row ("b. Spain" / "c. Belgium"); i, v and x count in a list numbered
    in roman numerals ("i." / "ii." / "iii.")."""
    marks = [m.group(1) for ln in lines if (m := _LETTER_MARKER.match(ln))]
    if any(_ROMAN_MARKER.match(ln) for ln in lines):
        marks = [m for m in marks if m not in "ivxIVX"]
    if not marks:
        return False
    if marks[0] == "A" and len(marks) == 1:
        return False  # "A. Kay", "A. van Wijngaarden, B. J. Mailloux": an initial, not a list of one
    return marks[0] in "aA" or (len(marks) >= 2 and all(ord(b) == ord(a) + 1 for a, b in zip(marks, marks[1:])))


def list_items(text: str, *, chat: bool = False, answer_words: frozenset[str] = frozenset()) -> tuple[list[str], list[str], bool]:
    """(items, prose lines, has_markers) of a completion's text. ``chat`` (a model's answer):
    a line ending with ":" ("Here are the countries:") is prose, and so is a marked line indented
    under an item (a note on it: "1. Spain" / "   - shares the Pyrenees"); a Markdown table's
    rows are its items (:func:`_table_items`; ``answer_words``: the relation's, which head the
    answers' column)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not (chat and _MATH_DELIMITER.match(ln))]
    if chat and "|" in text and (table := _table_items(lines, answer_words)) is not None:
        return table[0], table[1], True
    if chat:  # "1. Spain 2. Belgium 3. Germany": a numbered list whose line breaks were lost
        lines = [part for ln in lines for part in _numbered_run(ln)]
    if (bare := _bare_numbers(lines)) is not None:
        return bare, [], True
    items, prose = [], []
    marked = False
    indent: int | None = None
    number: int | None = None  # the last item's
    denied = False  # under a header that says its items are no answers
    lettered = _lettered(lines)
    roman = any(_ROMAN_MARKER.match(ln) for ln in lines)
    numbered = sum(_ITEM.match(ln[:MAX_LINE]) is not None and _number(ln) is not None for ln in lines)
    for line in lines:
        match = _ITEM.match(line[:MAX_LINE]) or (_DAY_ITEM.match(line[:MAX_LINE]) if numbered else None)
        letter = _LETTER_MARKER.match(line) if match and not lettered else None
        if letter and not _ROMAN_MARKER.match(line) and not (roman and letter.group(1) in "ivxIVX"):
            match = None  # "H. pylori infection", "J. K. Rowling", "E. coli": an initial, not an item's letter
        if match is None and number is not None and (long := _LONG_NUMBER.match(line[:MAX_LINE])):
            match = long if int(long.group("number")) == number + 1 else None  # item 1000 after item 999
        if chat and match is None and _header(line):  # "**Not approved for:**" denies what follows
            denied = denying_header(line)
        if match:
            depth = len(line) - len(line.lstrip())
            if chat and indent is not None and depth > indent + 1:
                prose.append(line)
                continue
            number = _number(line)
            indent = depth if indent is None else indent
            marked = True
            items.append(("❌ " if denied else "") + match.group("item"))  # crossed out: dropped and counted
        else:
            prose.append(line)
    if not marked:
        if chat:
            prose, items = [], []
            for line in lines:
                if _header(line):  # "Here are the countries:", "**Not approved for:**"
                    denied = denying_header(line)
                    prose.append(line.strip())
                else:
                    items.append(("❌ " if denied else "") + line.strip())
            return items, prose, False
        return [ln.strip() for ln in lines], [], False
    return items, prose, True
