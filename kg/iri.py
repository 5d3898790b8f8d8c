"""Deterministic, safe IRIs minted from labels.

``mint_iri("São Paulo")`` always gives the same IRI, whatever run or machine mints it, and
never carries raw teacher text: the local name is an ASCII slug, with a short hash of the
normalised label appended whenever the slug alone would lose information (accents, punctuation,
length), so two different labels never share an IRI.

Both functions are pure and called for the same labels over and over (every tail of a head, the
common tails): they keep bounded caches of their last results. A key is the label itself; rdflib
terms (str subclasses) are equal only when their text is, so a term and its text share results.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import Namespace, URIRef

from kg.namespaces import RESOURCE

_SPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_EDGE_PUNCT = " \t\n\r.,;:!?\"'`()[]{}<>"
MAX_SLUG = 64
CACHE_SIZE = 1 << 16
"""How many labels' results each cached function keeps."""


@lru_cache(maxsize=CACHE_SIZE)
def normalize_label(label: str) -> str:
    """The key a label is identified by: NFKC, case-folded, whitespace collapsed, no edge
    punctuation. ``"  Paris. "`` and ``"paris"`` normalise alike."""
    text = unicodedata.normalize("NFKC", label)
    text = _SPACE.sub(" ", text).strip(_EDGE_PUNCT)
    return text.casefold()


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
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    slug = slug[:MAX_SLUG].rstrip("_")
    return URIRef(namespace + (f"{slug}_{digest}" if slug else f"x_{digest}"))
