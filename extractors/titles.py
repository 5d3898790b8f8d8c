"""Persons' names with a ruler's number, a realm and a noble title, as chat models write them:
``Isabella I of Castile`` is one person's name (:func:`regnal_name`), ``Lorenzo II de' Medici, Duke
of Urbino`` a name and its title (:func:`titled_person`), ``Queen of England and Ireland`` one
title of two realms (:func:`title_of_realms`), ``Louis XIV, the Sun King`` of Louis XIV his
epithet (:func:`own_epithet`). A title is never a person's other name: many hold it in turn.
"""

from __future__ import annotations

import re

from extractors.regions import COUNTRIES, REALMS, STATES
from kg.languages import NAME_PARTICLES

__all__ = ["NOBLE_TITLE", "noble_title", "one_persons_name", "own_epithet", "realm", "regnal_name", "title_of_realms", "titled_person"]

_RANKS = (
    r"(?:Grand\s+)?(?:Duke|Duchess)|King|Queen|Prince|Princess|Emperor|Empress|Earl|Countess|Count|Baroness|Baron|Marquess|"
    r"Marchioness|Marquis|Viscountess|Viscount|Elector|Electress|Archduke|Archduchess|Margrave|Landgrave|Bishop|Archbishop"
)
NOBLE_TITLE = re.compile(
    rf"(?:\d+(?:st|nd|rd|th)\s+)?(?:{_RANKS})(?:\s+(?:consort|regnant|dowager))?\s+of\s+(?:the\s+)?[A-Z][^\s,;()]*(?:\s+[A-Z][^\s,;()]*){{0,3}}"
    r"|Holy\s+Roman\s+(?:Emperor|Empress)"
)
"""A noble or royal title of a place, its ordinal before it: ``Duke of Urbino``, ``4th Earl of
Bothwell``, ``Queen consort of France``, ``Holy Roman Emperor``; never a rank alone, a first name
(``Duke Ellington``, ``Count Basie``, ``Prince``) or a band (``Queen``, ``King Crimson``)."""

_NAME_WORD = r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*"
_PARTICLE = rf"(?:d['’]|de['’]|de\s+la|al-|el-|{'|'.join(sorted(NAME_PARTICLES))})"
_ORDINAL = r"[IVXL]+"
_PERSON = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_ORDINAL}|{_NAME_WORD}|{_PARTICLE}\s*{_NAME_WORD}))*")
"""A person's name: capitalised words, a ruler's number, particles (``Lorenzo II de' Medici``,
``Jeanne d'Albret``, ``Antoine de Bourbon``)."""
_REGNAL = re.compile(rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+(?P<ordinal>{_ORDINAL})\s+of\s+(?P<realm>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
"""A ruler's name, number and realm: ``Isabella I of Castile``, ``Henry VII of England``."""


def noble_title(text: str) -> bool:
    """Whether ``text`` is a noble or royal title (:data:`NOBLE_TITLE`): ``Duke of Vendôme``,
    ``4th Earl of Bothwell``, ``Holy Roman Emperor``; not ``Duke Ellington``, ``Queen``."""
    return NOBLE_TITLE.fullmatch(text.strip()) is not None


def realm(name: str) -> bool:
    """Whether ``name`` is a country, a state or a historical realm a ruler is named after:
    ``England``, ``Castile``, ``Aragon``, ``Navarre``; not ``Arc``, ``Cleves``, ``York``."""
    return name in COUNTRIES or name in STATES or name in REALMS


def regnal_name(text: str) -> tuple[str, str] | None:
    """(the ruler's name and number, the realm) of a ruler's name written with the realm:
    ``Isabella I of Castile`` gives ("Isabella I", "Castile"), ``Henry VII of England`` ("Henry
    VII", "England"); None for a name without a number (``Catherine of Aragon``), a realm no
    known one (``Louis I of Anjou`` is no ``Louis I``'s: Anjou is no realm here) or two names
    (``Isabella I of Castile and Ferdinand II of Aragon``)."""
    match = _REGNAL.fullmatch(text.strip())
    if match is None or not realm(match.group("realm")):
        return None
    return f"{match.group('name')} {match.group('ordinal')}", match.group("realm")


def one_persons_name(name: str) -> bool:
    """Whether a person's ``name`` names one person without the title written after it: it has a
    ruler's number or a particle (``Charles V``, ``Lorenzo II de' Medici``, ``Antoine de Bourbon``);
    not given names alone (``Marie``, ``Louis Auguste``), nor given name and surname, which many
    share (``James Hepburn``): encyclopaedias name such a person with the title."""
    return re.search(rf"\s(?:{_ORDINAL}|{_PARTICLE})(?:\s|$)|\s(?:d|de)['’]", name.strip()) is not None


def titled_person(text: str, known: bool = False) -> tuple[str, str] | None:
    """(the person's name, the title) of a name and the title after its comma: ``Antoine de
    Bourbon, Duke of Vendôme`` gives ("Antoine de Bourbon", "Duke of Vendôme"), ``Charles V, Holy
    Roman Emperor`` ("Charles V", "Holy Roman Emperor"), ``Elizabeth Boleyn, Countess of Wiltshire
    (née Howard)`` ("Elizabeth Boleyn (née Howard)", "Countess of Wiltshire"); None for a name
    with no title after it (``University of California, Berkeley``, ``Paris, France``,
    ``Washington, D.C.``, ``Earth, Wind & Fire``), two names (``Prince, Queen``) and a name that
    names no one by itself, unless the store or the reference knows it (``known``): a given name
    alone (``Mary, Queen of Scots``, ``Henry, Duke of Cornwall``), or names with neither a ruler's
    number nor a particle (``Louis Auguste, Duke of Maine``, ``James Hepburn, 4th Earl of
    Bothwell``): the name whole, as encyclopaedias title them."""
    bare, bracket = re.fullmatch(r"(.*?)((?:\s*\([^()]*\))*)", text.strip()).groups()  # type: ignore[union-attr]
    name, comma, title = bare.partition(", ")
    if not comma or not noble_title(title) or not _PERSON.fullmatch(name) or len(name.split()) < 2:
        return None
    if not known and not one_persons_name(name):
        return None
    return f"{name}{bracket}", title


_REALMS_JOINED = re.compile(rf"(?P<title>{NOBLE_TITLE.pattern})\s+and\s+(?P<other>{_NAME_WORD}(?:\s+{_NAME_WORD})?)")


def title_of_realms(text: str) -> bool:
    """Whether ``text`` is one title of two realms joined by "and": ``Queen of England and
    Ireland``, ``King of France and Navarre``; not a title and a person (``Prince of Wales and
    Camilla``) nor two titles (``King of England and Queen of Scotland``)."""
    match = _REALMS_JOINED.fullmatch(text.strip())
    return match is not None and realm(match.group("other")) and not noble_title(match.group("other"))


def own_epithet(value: str, head: str) -> str:
    """An epithet of ``head`` without the head's name it is written with: of Louis XIV, ``Louis
    XIV, the Sun King`` is ``the Sun King``; of Charles the Bold, ``Charles the Bold`` is ``the
    Bold``; any other value as written (``Louis the Great`` of Louis XIV, ``Bluff King Hal``)."""
    said, name = value.strip(), head.strip()
    if said.startswith(f"{name}, the ") and len(said) > len(name) + 6:
        return said[len(name) + 2 :]
    named = re.fullmatch(r"[A-Z][^\W\d_]+\s+(?P<epithet>the\s+[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)?)", name)
    return named.group("epithet") if named is not None and said == name else value
