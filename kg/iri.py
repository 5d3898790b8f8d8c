"""Deterministic, safe IRIs minted from labels.

``mint_iri("São Paulo")`` always gives the same IRI, whatever run or machine mints it, and
never carries raw teacher text: the local name is an ASCII slug, with a short hash of the
normalised label appended whenever the slug alone would lose information (punctuation, other
scripts, length), so two labels that normalise differently never share an IRI. Labels that
differ only by case, spacing, edge punctuation, the form of an apostrophe or quote (``’`` and
``'``) or the accents of Latin and Greek letters normalise alike (:func:`normalize_label`):
"Brasília" and "Brasilia" are one entity, ``res:brasilia``.

Both functions are pure and called for the same labels over and over (every tail of a head, the
common tails): they keep bounded caches of their last results. A key is the label itself; rdflib
terms (str subclasses) are equal only when their text is, so a term and its text share results.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from rdflib import Namespace, URIRef

from kg.namespaces import RESOURCE

_SPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EDGE_PUNCT = " \t\n\r.,;:!?\"'`()[]{}<>"
MAX_SLUG = 64
SIGNED_NAME = re.compile(r"[^\W\d_][^\W_]?[-*!+#]+")
"""A short name whose signs are most of it: a letter (and a second letter or digit) and signs (``C--``,
``C*``, ``Go!``, ``R++``, ``A+``): its signs are part of it, ``C--`` is not ``C`` nor ``Go!``
``Go`` (a longer name's end mark is not: ``Help!`` is ``Help``)."""
CACHE_SIZE = 1 << 16
"""How many labels' results each cached function keeps."""


_STROKES = {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ƚ": "l", "ɨ": "i"}
"""Latin letters whose diacritic does not decompose (a stroke, a missing dot), as folded."""


_CYRILLIC_VOWELS = frozenset("аеиоуыэюяіїєАЕИОУЫЭЮЯІЇЄ")
_STRESS = frozenset("\u0301\u0300")
"""Stress marks on a Cyrillic vowel (``Белару́сь`` is ``Беларусь``), dropped; a mark that makes
a letter stays (``й``, ``ё``, Macedonian ``ѓ``: the letter before it is no vowel, or the mark no
stress mark)."""
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
"""Marks with no letter of their own (zero-width space, joiners, direction marks, soft hyphen):
not part of a label's key."""
_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})
"""Typographic quotes and apostrophes as ASCII ones: "Côte d’Ivoire" (what chat models write)
is "Côte d'Ivoire"."""


@lru_cache(maxsize=4096)
def _folds_marks(ch: str) -> bool:
    """Whether the combining marks after the base character ``ch`` are accents to drop: after
    a Latin or Greek letter (not after Cyrillic, where "й" and "и" are different letters, nor
    in scripts whose vowels are marks)."""
    return unicodedata.name(ch, "").startswith(("LATIN ", "GREEK "))


@lru_cache(maxsize=CACHE_SIZE)
def fold_accents(text: str) -> str:
    """``text`` without the accents of Latin and Greek letters (NFC): ``"Brasília"`` →
    ``"Brasilia"``, ``"Zürich"`` → ``"Zurich"``, ``"Łódź"`` → ``"Lodz"``; other scripts
    are left as they are."""
    if text.isascii():
        return text
    out: list[str] = []
    drop = False  # the current base character is a Latin or Greek letter
    stressed = False  # ... a Cyrillic vowel, whose acute or grave is a stress mark, not a letter
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            if not drop and not (stressed and ch in _STRESS):
                out.append(ch)
            continue
        stressed = ch in _CYRILLIC_VOWELS
        if ch.isascii():
            drop = True
            out.append(ch)
            continue
        folded = _STROKES.get(ch)
        if folded is None:
            folded = _STROKES.get(ch.lower())
            folded = folded.upper() if folded is not None else ch
        drop = _folds_marks(ch)
        out.append(folded)
    return unicodedata.normalize("NFC", "".join(out))


_FRACTION = re.compile("[¼½¾\u2150-\u215e\u2189\u2044]")
"""A vulgar fraction (``½``) and the fraction slash, which NFKC spells ``1⁄2``: ``8½`` would be ``81⁄2``."""


def _fraction(match: re.Match[str]) -> str:
    """A vulgar fraction as it is typed, apart from a number before it: ``8½`` is ``8 1/2``."""
    return "/" if match.group() == "\u2044" else " " + unicodedata.normalize("NFKC", match.group()).replace("\u2044", "/")


_HYBRID_SIGN = re.compile(r"(?P<genus>\b[A-Z][a-z]+\s)\u00d7\s?(?=[a-z]{2})|^\u00d7\s?(?=[A-Z][a-z]{2})")
"""The multiplication sign of a hybrid's name, between a capitalised genus and a lowercase
epithet (``Fragaria × ananassa``) or before a genus (``× Chitalpa``), which the usual ASCII
spelling writes as a lone ``x`` (``Fragaria x ananassa``); not the sign of a product
(``10 × 20``, ``3 × 5 km``) nor of two names (``Spy × Family``, ``P. orientalis × P. occidentalis``)."""


def _hybrid_as_typed(label: str) -> str:
    """``label`` with a hybrid's sign (:data:`_HYBRID_SIGN`) as the ASCII ``x``: ``Fragaria ×
    ananassa`` is ``Fragaria x ananassa``, ``× Chitalpa`` ``x Chitalpa``."""
    return _HYBRID_SIGN.sub(lambda m: (m.group("genus") or "") + "x ", label) if "\u00d7" in label else label


@lru_cache(maxsize=CACHE_SIZE)
def normalize_label(label: str) -> str:
    """The key a label is identified by: NFKC, case-folded, whitespace collapsed, no edge
    punctuation, no accents on Latin or Greek letters nor stress marks on Cyrillic vowels
    (:func:`fold_accents`), no invisible marks, a typographic hyphen as ``-`` and a typographic
    quote or apostrophe as the ASCII one (``’`` as ``'``), a vulgar fraction as typed (``8½`` as ``8 1/2``). ``"  Paris. "``
    and ``"paris"`` normalise alike, and so do ``"Brasília"`` and ``"brasilia"``, ``"Fragaria ×
    ananassa"`` and ``"Fragaria x ananassa"`` (a hybrid's sign, :data:`_HYBRID_SIGN`),
    ``"Nordrhein‑Westfalen"`` and ``"Nordrhein-Westfalen"``. A name of punctuation alone keeps
    it (the band ``"!!!"``, the album ``"( )"``): edge punctuation is all it has; a short name of
    signs (:data:`SIGNED_NAME`) keeps its ``!`` (``"Go!"`` is not ``"go"``)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", _FRACTION.sub(_fraction, _hybrid_as_typed(label)))).replace("\u2010", "-").translate(_QUOTES)
    text = _SPACE.sub(" ", fold_accents(text.casefold()))
    signed = text.strip(_EDGE_PUNCT.replace("!", ""))
    if SIGNED_NAME.fullmatch(signed):
        return signed
    return text.strip(_EDGE_PUNCT) or text.strip()


def acronym(label: str) -> bool:
    """Whether ``label`` is a short name in capitals, an acronym (``US``, ``UK``, ``NASA``): it
    names what it names only as written so, not a word written otherwise (the film ``Us``, the
    film ``It``, the film ``Up``)."""
    return 2 <= len(label) <= 4 and label.isalpha() and label.isupper()


def name_form(label: str) -> str:
    """The key a name is matched by: :func:`normalize_label`, but an acronym (:func:`acronym`)
    as written."""
    return label if acronym(label) else normalize_label(label)


def slugify(label: str) -> str:
    """An ASCII slug of a label, possibly lossy (use :func:`mint_iri` for identity)."""
    ascii_text = unicodedata.normalize("NFKD", normalize_label(label))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("_", ascii_text).strip("_")


@lru_cache(maxsize=CACHE_SIZE)
def mint_iri(label: str, namespace: Namespace = RESOURCE) -> URIRef:
    """The IRI for an entity named ``label``; the same normalised label gives the same IRI."""
    key = normalize_label(label)
    if not key:
        raise ValueError(f"cannot mint an IRI from an empty label: {label!r}")
    slug = slugify(key)
    lossless = slug and slug.replace("_", " ") == key and len(slug) <= MAX_SLUG
    if lossless:
        return URIRef(namespace + slug)
    return _hashed(key, slug, namespace)


def distinct_iri(label: str, namespace: Namespace = RESOURCE, *, cased: bool = False) -> URIRef:
    """The IRI for a new entity named ``label`` where the one :func:`mint_iri` gives is already
    another entity's (``ent:waterloo``, a reference's IRI for the Battle of Waterloo, minted for
    the place Waterloo): the hashed form ``mint_iri`` gives a lossy slug (``ent:waterloo_<hash>``).
    ``cased``: the hash tells the case of ``label``'s last letter too, where the other entity's
    name is ``label`` in the other case ("Kepler-16 b", the planet, and "Kepler-16 B", the star)."""
    key = normalize_label(label)
    if not key:
        raise ValueError(f"cannot mint an IRI from an empty label: {label!r}")
    return _hashed(key + label.strip()[-1] if cased else key, slugify(key), namespace)


def _hashed(key: str, slug: str, namespace: Namespace) -> URIRef:
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    slug = slug[:MAX_SLUG].rstrip("_")
    return URIRef(namespace + (f"{slug}_{digest}" if slug else f"x_{digest}"))


def local_name(iri: object) -> str:
    """The name an IRI ends with (``iri`` a term, its text or a prefixed name), the one rule for
    every name the project shows or writes (export columns and Neo4j labels, rule text, critic
    relations, messages):

    - the fragment, after ``#``: ``http://x.org/ns#capitalOf`` → ``capitalOf``
      (``http://x.org/a#b/c`` → ``b/c``: a ``/`` in a fragment is part of it);
    - else the last path segment: ``http://x.org/resource/Paris`` → ``Paris``;
    - else (no ``#``, no ``/``: ``urn:``, ``mailto:``, a prefixed name, a blank node's ``_:b0``)
      the part after the last ``:``: ``urn:isbn:0451450523`` → ``0451450523``,
      ``kgeo:capitalOf`` → ``capitalOf``;
    - a trailing ``/`` or ``#`` names nothing, so the name is the one before it:
      ``http://x.org/onto/`` → ``onto``, ``http://x.org/ns#`` → ``ns``;
    - text these rules leave no name in (``#``, ``http://``) is its own name;
    - an IRI written in ``<...>`` (as N-Triples and pyoxigraph write it) is read without them."""
    text = str(iri)
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    trimmed = text.rstrip("/#")
    if "#" in trimmed:
        name = trimmed.split("#", 1)[1]
    elif "/" in trimmed:
        name = trimmed.rsplit("/", 1)[1]
    else:
        name = trimmed.rsplit(":", 1)[-1]
    return name or text


class ReferenceNames:
    """How a candidate's entity is found in a trusted graph whatever IRIs either uses: the graph's
    nodes by the IRI each of their names (``rdfs:label``, ``skos:altLabel``, any language) mints
    (an acronym, :func:`acronym`, by itself: "US" is no "Us").
    A reference written with Wikidata IRIs (``wd:Q7298 rdfs:label "Antonín Dvořák"@cs``) is found
    from the minted ``res:antonin_dvorak``, and a store entity loaded with its own IRI is found by
    the name the teacher gave it. ``namespace``: where the names mint (the domain's ``[domain]
    entities``), so a stored fact's ``ent:waterloo`` with no name given is found too."""

    def __init__(self, names: Iterable[tuple[object, object]], nodes: Iterable[object], namespace: Namespace = RESOURCE) -> None:
        self.namespace = namespace
        self.alias: dict[URIRef, object] = {}
        self.named: dict[URIRef, set[object]] = {}  # every node a name mints to: homonyms too
        self.acronyms: dict[str, object] = {}  # "US": as written only, the film "Us" mints its IRI too
        for node, name in names:
            if isinstance(node, URIRef) and acronym(str(name)):
                self.acronyms.setdefault(str(name), node)
            elif isinstance(node, URIRef):
                try:
                    key = mint_iri(str(name), namespace)
                except ValueError:  # an empty name
                    continue
                self.alias.setdefault(key, node)
                self.named.setdefault(key, set()).add(node)
        self.nodes = set(nodes) | set(self.alias.values())

    def homonyms(self, name: str | None) -> set[object]:
        """The graph's nodes ``name`` names when it names more than one ("Paris": the capital
        and Paris, Texas), else an empty set."""
        try:
            found = self.named.get(mint_iri(name, self.namespace), set()) if name else set()
        except ValueError:
            return set()
        return found if len(found) > 1 else set()

    def resolve(self, term: object, name: str | None = None) -> object:
        """The graph's node for ``term`` (the term itself when the graph has none), trying the
        IRI ``name`` mints when the graph does not know ``term``."""
        if not isinstance(term, URIRef):
            return term
        if term in self.nodes:  # a node of the graph is itself (ent:waterloo, the battle, not the town "Waterloo" mints)
            return term
        found = self.alias.get(term)
        if found is not None:
            return found
        if name and acronym(name):
            return self.acronyms.get(name, term)
        if name:
            try:
                return self.alias.get(mint_iri(name, self.namespace), term)
            except ValueError:
                return term
        return term
