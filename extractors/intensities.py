"""An earthquake's intensity given on another scale than the one a relation names, and the relation's own scale's name
written about its level. The scales: Mercalli (the Modified Mercalli, "MMI", "MM"; Mercalli–Cancani–Sieberg), the
European Macroseismic ("EMS-98"), Medvedev–Sponheuer–Karnik ("MSK-64"), the Japan Meteorological Agency's ("JMA",
"shindo") and Rossi–Forel; a relation names one where its name or synonyms speak of an intensity ("maximum Mercalli
intensity"). Of such a relation, "shindo 7 (JMA scale)" is no Mercalli intensity, and "MMI X" and "XII (Extreme) on
the Modified Mercalli scale" are X and XII; "MMI 9" is IX (Mercalli, EMS and MSK levels are written in Roman
numerals, I to XII). A bare "9" stays as written: it may be a level of another scale whose answer does not name it
(a Japanese earthquake's shindo), which as IX would read as a Mercalli level. A relation that names no scale
("intensity") reads any answer as before."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["intensity_scale", "other_intensity_scale", "own_intensity"]

_SCALES = {
    "Mercalli": r"(?:Modified\s+)?Mercalli(?:[-–\s]+Cancani[-–\s]+Sieberg)?|MMI|MCS|MM(?=\s*(?:[IVX]|\d))",
    "EMS": r"EMS(?:[-\s]?98)?|European\s+Macroseismic",
    "MSK": r"MSK(?:[-\s]?64)?|Medvedev[-–\s]+Sponheuer[-–\s]+Karnik",
    "JMA": r"JMA|Japan\s+Meteorological\s+Agency|[Ss]hindo",
    "Rossi-Forel": r"Rossi[-–\s]+Forel",
}
"""Each intensity scale's names, as written about a level ("MMI X", "shindo 7", "VIII on the EMS-98 scale")."""
_NAMED = re.compile("|".join(f"(?P<{name.replace('-', '_')}>(?<![A-Za-z])(?:{written})(?![A-Za-z]))" for name, written in _SCALES.items()))
_ROMAN_SCALES = ("Mercalli", "EMS", "MSK")
"""The scales whose levels are written in Roman numerals, I to XII."""
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_LEVEL = r"(?P<level>XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I|1[0-2]|[1-9])(?![\w.,])"
_DESCRIPTOR = r"(?:\s*[(–—-]\s*(?P<descriptor>[A-Z][a-z]+(?:\s[a-z]+)?)\)?)?"
"""A level's word in brackets or after a dash: "XII (Extreme)", "IX – Violent"."""


def _scales_in(text: str) -> list[str]:
    """The intensity scales ``text`` names, in order, each once."""
    return list(dict.fromkeys((m.lastgroup or "").replace("_", "-") for m in _NAMED.finditer(text)))


def intensity_scale(relation: Relation) -> str | None:
    """The one intensity scale ``relation``'s name or synonyms name where they speak of an intensity, or None:
    "maximum Mercalli intensity" is Mercalli.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> intensity_scale(Relation("maxIntensity", URIRef("x:i"), "", "", synonyms=["maximum Mercalli intensity"]))
    'Mercalli'
    >>> intensity_scale(Relation("maxIntensity", URIRef("x:i"), "", "", synonyms=["maximum intensity"])) is None
    True
    """
    phrases = " ".join((re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name), *relation.synonyms))
    if not re.search(r"intensit|shindo", phrases, re.IGNORECASE):
        return None
    named = _scales_in(phrases)
    return named[0] if len(named) == 1 else None


def other_intensity_scale(relation: Relation, text: str) -> str | None:
    """Why ``text`` gives no intensity on the scale ``relation`` names, or None: it names another scale, and not the
    relation's own ("shindo 7 (JMA scale)" of a Mercalli intensity).

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> mercalli = Relation("maxIntensity", URIRef("x:i"), "", "", synonyms=["maximum Mercalli intensity"])
    >>> other_intensity_scale(mercalli, "shindo 7 (JMA scale)")
    "an intensity on another scale ('shindo'), not maxIntensity's Mercalli"
    >>> other_intensity_scale(mercalli, "IX (MMI)") is None
    True
    """
    own = intensity_scale(relation)
    named = _scales_in(text) if own is not None else []
    if not named or own in named:
        return None
    written = next(m.group(0) for m in _NAMED.finditer(text))
    return f"an intensity on another scale ({written!r}), not {relation.name}'s {own}"


def own_intensity(relation: Relation, text: str) -> str | None:
    """The level ``text`` gives on ``relation``'s own intensity scale, without the scale's name written before or
    after it and the level's word, or None where ``text`` writes no such thing: "MMI X" is X, "XII (Extreme) on the
    Modified Mercalli scale" XII, "MMI 9" IX (a level of Mercalli, EMS or MSK in Roman numerals, the scale named).

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> mercalli = Relation("maxIntensity", URIRef("x:i"), "", "", synonyms=["maximum Mercalli intensity"])
    >>> [own_intensity(mercalli, t) for t in ("MMI X", "XII (Extreme) on the Modified Mercalli scale", "MMI 9", "9", "XI")]
    ['X', 'XII', 'IX', None, None]
    """
    own = intensity_scale(relation)
    if own is None:
        return None
    names = "|".join(f"(?:{written})" for name, written in _SCALES.items() if name == own)
    scale = rf"(?:the\s+)?(?:{names})(?:\s+[Ii]ntensity)?(?:\s+[Ss]cale)?"
    prefix = rf"(?P<prefix>{scale}\s*(?:[Ll]evel\s+|[Oo]f\s+|:\s*)?)"
    suffix = rf"(?P<suffix>\s*(?:\(\s*(?:on\s+)?{scale}\s*\)|,?\s*(?:on|in)\s+{scale}|\s{scale}))"
    m = re.fullmatch(rf"{prefix}?{_LEVEL}{_DESCRIPTOR}{suffix}?", text.strip(" *_."))
    if m is None or not (m["prefix"] or m["suffix"] or m["descriptor"]):
        return None
    level = m["level"]
    if not level.isdigit():
        return level
    if not (m["prefix"] or m["suffix"]):
        return None  # "9 (Violent)": which scale's 9?
    return _ROMAN[int(level) - 1] if own in _ROMAN_SCALES else level  # "shindo 7" of a shindo: 7
