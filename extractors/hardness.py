"""A hardness given on another scale than the one a relation names: a Brinell hardness's "~60 HRC" is a Rockwell C
figure, no 60 HB; "~36 HRC (≈ 334 HB)" gives the Brinell figure in its bracket, 334. The scales: Brinell (HB, HBW,
HBS), Vickers (HV, HV10), Rockwell (HRC, HRB, HRA, HR15N ...), Knoop (HK), Shore (Shore A, Shore D, HS) and Mohs; a
relation names one by its word or its symbol ("Brinell hardness (HB)"). One that names none ("hardness") reads
any figure as before."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["other_scale", "own_scale_gloss", "own_scale_part", "scale_named"]

_SCALES = {
    "Brinell": r"HB[WS]?|Brinell",
    "Vickers": r"HV(?:\d+(?:\.\d+)?)?|Vickers",
    "Rockwell": r"HR(?:\d{2}[NTWXY]|[A-HK-MPRSV])|Rockwell",
    "Knoop": r"HK(?:\d+(?:\.\d+)?)?|Knoop",
    "Shore": r"HS[CD]?|Shore(?:\s?(?:00|0|[ABCDO]{1,2})(?![a-z]))?",
    "Mohs": r"Mohs",
}
"""Each hardness scale's symbols and name, as written beside a figure (case as written: "HB", not "hb")."""
_SYMBOL = re.compile("|".join(f"(?P<{name}>(?<![A-Za-z])(?:{written})(?![A-Za-z$]))" for name, written in _SCALES.items()))
_FIGURE = r"\d[\d,]*(?:\.\d+)?"


def scale_named(relation: Relation) -> str | None:
    """The one hardness scale ``relation``'s name or synonyms name, or None: "brinellHardness" is Brinell."""
    phrases = " ".join((re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name), *relation.synonyms))
    if "hardness" not in phrases.casefold():
        return None
    named = {m.lastgroup for m in _SYMBOL.finditer(phrases.title() + " " + phrases) if m.lastgroup}
    return named.pop() if len(named) == 1 else None


def _scales_beside_figures(text: str) -> list[tuple[str, str]]:
    """The scales ``text`` writes right beside a figure, in order: (scale, as written). A scale's name may stand a
    letter away from its figure ("Rockwell C 60", "Rockwell R120"), a symbol next to it ("60 HRC", "HV 180")."""
    found = []
    for m in _SYMBOL.finditer(text):
        gap = r"\s?(?:[A-Z]\s?)?" if m.group(0)[1:2].islower() else r"\s?"
        if re.search(rf"{_FIGURE}\s?$", text[: m.start()]) or re.match(rf"{gap}{_FIGURE}", text[m.end():]):
            found.append((m.lastgroup or "", m.group(0)))
    return found


def other_scale(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives no figure on the hardness scale ``relation`` names, or None: its figure is on another
    ("~60 HRC" of a Brinell hardness), and none on the relation's own.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> brinell = Relation("brinellHardness", URIRef("x:b"), "", "", synonyms=["Brinell hardness (HB)"])
    >>> other_scale(brinell, "~60 HRC")
    "a figure of another quantity ('HRC'), not brinellHardness"
    >>> other_scale(brinell, "~36 HRC (≈ 334 HB)") is None
    True
    """
    own = scale_named(relation)
    scales = _scales_beside_figures(text) if own is not None else []
    if not scales or any(scale == own for scale, _ in scales):
        return None
    return f"a figure of another quantity ({scales[0][1]!r}), not {relation.name}"


def own_scale_part(relation: Relation, text: str) -> str:
    """The part of ``text`` that gives the figure on ``relation``'s own scale, where it gives figures on several:
    "~36 HRC (≈ 334 HB)" of a Brinell hardness is "≈ 334 HB"; else ``text`` as it is.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> own_scale_part(Relation("brinellHardness", URIRef("x:b"), "", ""), "~36 HRC (≈ 334 HB)")
    '334 HB'
    """
    own = scale_named(relation)
    scales = _scales_beside_figures(text) if own is not None else []
    if len({scale for scale, _ in scales}) < 2:
        return text
    mine = [written for scale, written in scales if scale == own]
    if len(mine) != 1:
        return text
    part = re.search(rf"(?:{re.escape(mine[0])})\s?{_FIGURE}|{_FIGURE}\s?(?:{re.escape(mine[0])})(?![A-Za-z])", text)
    return part.group(0) if part is not None else text


def own_scale_gloss(relation: Relation, item: str, gloss: str) -> bool:
    """Whether an answer's ``item`` gives a hardness on another scale than ``relation`` names and the ``gloss`` split
    off it the figure on the relation's own: "~36 HRC (≈ 334 HB)" of a Brinell hardness gives 334.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> brinell = Relation("brinellHardness", URIRef("x:b"), "", "")
    >>> own_scale_gloss(brinell, "~36 HRC", "≈ 334 HB"), own_scale_gloss(brinell, "217 HB", "≈ 230 HV")
    (True, False)
    """
    own = scale_named(relation)
    return own is not None and other_scale(relation, item) is not None and [s for s, _ in _scales_beside_figures(gloss)] == [own]
