"""Extractors: teacher output (:class:`~kg.records.Completion`) → candidate triples.

One module per output format, one normaliser for all:

- :mod:`extractors.lists`        numbered / bulleted tails for a known head and relation
- :mod:`extractors.json_triples` JSON subject/predicate/object objects
- :mod:`extractors.rdf_text`     Turtle / N-Triples
- :mod:`extractors.freetext`     free text through spaCy
- :mod:`extractors.atomic`       datasets distilled by others (ATOMIC TSV / JSONL)
- :mod:`extractors.normalize`    labels, entity resolution, relation names, safe IRIs

:func:`extract` chooses the extractor from the prompt's kind and the text itself. Nothing an
extractor meets stops a run: what it cannot read becomes an :class:`~kg.records.Unreadable` with
the reason; "none" answers and duplicates are counted in :attr:`Extractor.stats`.

For many completions make one :class:`Extractor` (it keeps the spaCy pipeline and the store's
labels loaded); :func:`extract` is the one-off convenience.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from extractors.normalize import SURROGATES, ExtractionStats, Normalizer
from kg.errors import ConfigError, KGError
from kg.records import Candidate, Completion, Unreadable

__all__ = ["Extractor", "extract", "choose_extractor", "ExtractionStats", "Normalizer", "EXTRACTORS"]

EXTRACTORS = ("lists", "json", "rdf", "freetext")

_JSON_START = re.compile(r"^\s*(?:```[ \t]*json[^\n]*\n\s*)?[\[{]", re.IGNORECASE)


def choose_extractor(completion: Completion, prompt: Any = None) -> str:
    """Which extractor reads ``completion``: from the prompt's kind, overridden by the text
    when it plainly is JSON or RDF."""
    from extractors.rdf_text import looks_like_rdf

    text = completion.text
    kind = getattr(prompt, "kind", None) or "text"
    is_json = bool(_JSON_START.match(text)) or "```json" in text.casefold()
    is_rdf = not is_json and looks_like_rdf(text)
    if kind == "list" and getattr(prompt, "head", None) and getattr(prompt, "relation", None):
        return "json" if is_json else "rdf" if is_rdf else "lists"
    if kind == "json":
        return "rdf" if is_rdf else "json" if is_json or "{" in text or "[" in text else "freetext"
    if kind in ("rdf", "turtle", "ntriples"):
        return "json" if is_json else "rdf"
    return "json" if is_json else "rdf" if is_rdf else "freetext"


class Extractor:
    """Every extractor for one domain (and optionally one store), sharing one normaliser."""

    def __init__(
        self,
        domain: Any,
        store: Any = None,
        *,
        fuzzy: float | None = 0.92,
        spacy_model: str | None = None,
    ) -> None:
        from extractors.freetext import SpacyModel

        self.domain = domain
        self.normalizer = Normalizer(domain, store, fuzzy=fuzzy)
        self.spacy = SpacyModel(spacy_model)

    @property
    def stats(self) -> ExtractionStats:
        return self.normalizer.stats

    def extract(self, completion: Completion, prompt: Any = None, *, using: str | None = None) -> list[Candidate | Unreadable]:
        """Candidates and unreadables from one completion (``using`` forces an extractor)."""
        if SURROGATES.search(completion.text):
            # lone surrogates cannot be encoded (parsers, hashes, the store): read a repaired copy
            # (the copy has its own id, from the repaired text: the one its records carry)
            completion = dataclasses.replace(completion, text=SURROGATES.sub("\ufffd", completion.text))
        name = using or choose_extractor(completion, prompt)
        if name not in EXTRACTORS:
            raise ConfigError(f"unknown extractor {name!r}; use one of {', '.join(EXTRACTORS)}")
        try:
            return self._run(name, completion, prompt)
        except KGError:  # a user-facing error (a bad setting, a store that cannot answer), not a bug
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in one extractor must not stop the run or lose the text
            return self.normalizer.dedupe(
                [Unreadable(completion, completion.text[:2000], name, f"extractor error: {type(exc).__name__}: {exc}"[:300])]
            )

    def _run(self, name: str, completion: Completion, prompt: Any) -> list[Candidate | Unreadable]:
        norm = self.normalizer
        if name == "lists":
            from extractors.lists import extract_list

            relation = norm.relation(getattr(prompt, "relation", None) or "")
            if relation is None:
                why = f"unknown relation {getattr(prompt, 'relation', None)!r}"
                return norm.dedupe([Unreadable(completion, completion.text[:2000], "lists", why)])
            return extract_list(completion, prompt.head, relation, norm, rationales=bool(getattr(prompt, "rationales", False)))
        if name == "json":
            from extractors.json_triples import extract_json

            return extract_json(completion, norm)
        if name == "rdf":
            from extractors.rdf_text import extract_rdf

            return extract_rdf(completion, norm, self.domain)
        from extractors.freetext import extract_freetext

        return extract_freetext(completion, norm, self.spacy)


def extract(
    completion: Completion,
    prompt: Any,
    domain: Any,
    *,
    store: Any = None,
    extractor: Extractor | None = None,
) -> list[Candidate | Unreadable]:
    """Candidates and unreadables from one completion, the extractor chosen by prompt kind and
    text. Pass ``extractor`` to reuse loaded state across calls."""
    worker = extractor or Extractor(domain, store)
    return worker.extract(completion, prompt)
