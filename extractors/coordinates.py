"""A latitude or a longitude written as a place's coordinate: its hemisphere a letter or a word before or after the
figure ("38.29° S", "S 38.29°", "38.29 degrees south": south and west are negative), in degrees, minutes and seconds
("34°12′47″N", "34°12.8′N": decimal degrees, six decimals at most), or a pair of both ("38.297°N, 142.373°E": the
latitude's or the longitude's, as the relation asks). A relation is of a latitude or a longitude when it holds a
decimal and its name or synonyms say so ("epicentreLatitude", "lat", "longitude"); any other reads figures as before
(a figure with an "S" after it elsewhere is no coordinate)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from kg.xsd import DECIMAL_TYPES

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["Coordinate", "axis_of", "read_coordinate"]

_AXIS_WORDS = {"latitude": "latitude", "lat": "latitude", "longitude": "longitude", "lon": "longitude", "lng": "longitude"}
"""The words of a relation's name or synonyms that say which axis it gives."""
_HEMISPHERES = {"n": "N", "north": "N", "s": "S", "south": "S", "e": "E", "east": "E", "w": "W", "west": "W"}
_AXIS_HEMISPHERES = {"latitude": "NS", "longitude": "EW"}
_LIMITS = {"latitude": 90, "longitude": 180}
_HEMISPHERE = r"(?<![A-Za-z])(?:[NSEW]|[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?![A-Za-z])"
_NUMBER = r"\d{1,3}(?:\.\d+)?"
_DEGREE = r"\s?(?:°|º|˚|\s?deg(?:rees?)?(?![A-Za-z]))"
_MINUTE = r"\s?(?:′|'|’)"
_SECOND = r"\s?(?:″|\"|”|''|′′)"
_FIGURE = (rf"(?P<sign>[-−+])?(?<![\d.,])(?P<deg>{_NUMBER})(?![\d])(?P<mark>{_DEGREE})?"
           rf"(?:(?<=[°º˚])\s?(?P<min>\d{{1,2}}(?:\.\d+)?){_MINUTE}(?:\s?(?P<sec>\d{{1,2}}(?:\.\d+)?){_SECOND})?)?")
_ONE = re.compile(rf"(?:(?P<before>{_HEMISPHERE})\s?)?{_FIGURE}(?:\s?(?P<after>{_HEMISPHERE}))?")
"""One coordinate: "38.29° S", "S 38.29°", "34°12′47″N", "34°12.8′N", "38.29 degrees south", "-38.29"."""
_HEDGE = re.compile(r"^(?:~|≈|approx(?:\.|imately)\s|about\s|around\s|c(?:a)?\.\s?)\s*", re.IGNORECASE)
_PAIR_JOIN = re.compile(r"\s*(?:[,;/]|\sand\s)?\s*")


@dataclass(frozen=True)
class Coordinate:
    """A coordinate relation's reading of a value: its decimal degrees as text, or why it gives none."""

    value: str | None = None
    problem: str | None = None


def axis_of(relation: Relation) -> str | None:
    """"latitude" or "longitude" where ``relation`` holds a decimal its name or synonyms say is one, else None.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    >>> axis_of(Relation("epicentreLatitude", URIRef("x:l"), "", "", datatype=decimal, object_is_literal=True))
    'latitude'
    >>> axis_of(Relation("flatRate", URIRef("x:f"), "", "", datatype=decimal, object_is_literal=True)) is None
    True
    """
    if str(relation.datatype or "") not in DECIMAL_TYPES:
        return None
    words = re.findall(r"[A-Za-z][a-z]*", " ".join((relation.name, *relation.synonyms)))
    axes = {_AXIS_WORDS[w.casefold()] for w in words if w.casefold() in _AXIS_WORDS}
    return axes.pop() if len(axes) == 1 else None


def _degrees(m: re.Match[str]) -> Decimal | None:
    """The decimal degrees of a coordinate match, unsigned, or None where its minutes or seconds are no such (60 or more)."""
    minutes, seconds = Decimal(m["min"] or 0), Decimal(m["sec"] or 0)
    if minutes >= 60 or seconds >= 60 or (m["min"] and "." in m["deg"]) or (m["sec"] and "." in m["min"]):
        return None
    if not m["min"]:
        return Decimal(m["deg"])
    return (Decimal(m["deg"]) + minutes / 60 + seconds / 3600).quantize(Decimal("0.000001")).normalize()


def _hemisphere(m: re.Match[str]) -> str | None:
    """The hemisphere letter a coordinate match writes ("N", "S", "E", "W"), or None; "?" where it writes two."""
    written = [_HEMISPHERES[h.casefold()] for h in (m["before"], m["after"]) if h]
    return written[0] if len(written) == 1 else "?" if written else None


def _coordinates(text: str) -> list[re.Match[str]] | None:
    """The coordinates ``text`` is, one or a pair, each with a hemisphere, a degree mark or minutes; None where it is
    anything else (a figure alone, "-38.29", is read as before)."""
    text = _HEDGE.sub("", text.strip(" *_.")).strip()
    found: list[re.Match[str]] = []
    at = 0
    while at < len(text) and len(found) < 2:
        m = _ONE.match(text, at)
        if m is None or not m.group(0).strip() or not (_hemisphere(m) or m["mark"] or m["min"]):
            return None
        found.append(m)
        join = _PAIR_JOIN.match(text, m.end())
        at = join.end() if join is not None else m.end()
    if at < len(text) or not found:
        return None
    return found if any(_hemisphere(m) or m["min"] for m in found) else None


def _signed(m: re.Match[str], axis: str) -> Coordinate:
    """The value of one coordinate of ``axis``: negative in the south or the west."""
    hemisphere, degrees = _hemisphere(m), _degrees(m)
    if degrees is None:
        return Coordinate(problem=f"no coordinate: minutes or seconds of 60 or more ({m.group(0).strip()!r})")
    if hemisphere == "?" or hemisphere and m["sign"]:
        return Coordinate(problem=f"a coordinate with two signs ({m.group(0).strip()!r})")
    if hemisphere and hemisphere not in _AXIS_HEMISPHERES[axis]:
        other = "latitude" if axis == "longitude" else "longitude"
        return Coordinate(problem=f"a {other} ({m.group(0).strip()!r}), not a {axis}")
    if degrees > _LIMITS[axis]:
        return Coordinate(problem=f"no {axis}: {degrees} degrees is over {_LIMITS[axis]}")
    negative = hemisphere in ("S", "W") or m["sign"] in ("-", "−")
    return Coordinate(value=f"{'-' if negative and degrees else ''}{degrees:f}")  # "40°0′N": 40, no "4E+1"


def read_coordinate(relation: Relation, text: str) -> Coordinate | None:
    """The reading of ``text`` as the latitude or longitude ``relation`` gives (:func:`axis_of`), or None where it is
    none or ``text`` writes no hemisphere and no minutes (its figure is read as any other).

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    >>> latitude = Relation("epicentreLatitude", URIRef("x:l"), "", "", datatype=decimal, object_is_literal=True)
    >>> [read_coordinate(latitude, t).value for t in ("38.29° S", "34°12′47″N", "38.297°N, 142.373°E")]
    ['-38.29', '34.213056', '38.297']
    >>> read_coordinate(latitude, "142.373°E").problem
    "a longitude ('142.373°E'), not a latitude"
    >>> read_coordinate(latitude, "-38.29") is None
    True
    """
    axis = axis_of(relation)
    if axis is None:
        return None
    found = _coordinates(text)
    if found is None:
        return _in_prose(text, axis)
    if len(found) == 1:
        return _signed(found[0], axis)
    return _of_pair(text, found, axis)


def _in_prose(text: str, axis: str) -> Coordinate | None:
    """The coordinate a sentence gives ("The epicentre was at 38.29° S, 73.05° W."), each with its degree mark and its
    hemisphere; where a figure's hemisphere stands without its degree mark ("34 12 47 N"), none: it is unreadable."""
    marked = [m for m in _ONE.finditer(text) if _hemisphere(m)]
    if not marked:
        return None
    if any(not (m["mark"] or m["min"]) for m in marked):
        return Coordinate(problem=f"a coordinate kg reads only with its degree mark ({marked[0].group(0).strip()!r})")
    return _signed(marked[0], axis) if len(marked) == 1 else _of_pair(text, marked, axis)


def _of_pair(text: str, found: list[re.Match[str]], axis: str) -> Coordinate:
    """The value of ``axis`` of a latitude and a longitude, or why ``found`` is no such pair."""
    own = [m for m in found if (_hemisphere(m) or "") in _AXIS_HEMISPHERES[axis] and _hemisphere(m)]
    others = [m for m in found if m not in own and _hemisphere(m) not in (None, "?")]
    if len(own) != 1 or len(others) != 1:
        return Coordinate(problem=f"several values, not one ({text.strip()!r}, no pair of a latitude and a longitude)")
    return _signed(own[0], axis)
