"""Extractors: teacher output (:class:`~kg.records.Completion`) → candidate triples.

One module per output format, one normaliser for all:

- :mod:`extractors.lists`        numbered / bulleted tails for a known head and relation
- :mod:`extractors.chat_answers` a chat model's wording of an item read back to its tail
- :mod:`extractors.json_triples` JSON subject/predicate/object objects
- :mod:`extractors.rdf_text`     Turtle / N-Triples
- :mod:`extractors.freetext`     free text through spaCy
- :mod:`extractors.atomic`       datasets distilled by others (ATOMIC TSV / JSONL)
- :mod:`extractors.normalize`    labels, entity resolution, relation names, safe IRIs
- :mod:`extractors.datatypes`    teacher text as an XSD year, date, time or boolean

:func:`extract` chooses the extractor from the prompt's kind and the text itself. Nothing an
extractor meets stops a run: what it cannot read becomes an :class:`~kg.records.Unreadable` with
the reason; "none" answers and duplicates are counted in :attr:`Extractor.stats`.

For many completions make one :class:`Extractor` (it keeps the spaCy pipeline and the store's
labels loaded); :func:`extract` is the one-off convenience.

Extractors are found by name in :data:`kg.registry.extractors`; a plugin adds one through the
entry-point group ``kg.extractors``: a callable ``(completion, prompt, context) ->
list[Candidate | Unreadable]`` (:class:`ExtractionContext` gives it the normaliser, which names
relations and mints entity IRIs as ours do). It reads the completions of prompts whose ``kind``
is its name, or every completion when forced (``Extractor.extract(..., using=NAME)``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractors.normalize import ExtractionStats, Normalizer
from kg.errors import ConfigError, KGError
from kg.forms import PHRASE_FORM
from kg.languages import ENGLISH
from kg.prompts import READ_BY_BUILT_IN
from kg.records import SURROGATES, Candidate, Completion, Unreadable, without_reasoning
from kg.registry import extractors as extractor_registry

if TYPE_CHECKING:
    from kg.ontology import Domain, Relation
    from kg.prompts import Prompt
    from kg.store import Store

__all__ = ["Extractor", "ExtractionContext", "extract", "read_answer", "choose_extractor", "ExtractionStats", "Normalizer"]


_JSON_START = re.compile(r"^\s*(?:```[ \t]*json[^\n]*\n\s*)?[\[{]", re.IGNORECASE)
_BRACKETED_WORDS = re.compile(r'^\s*\[[^\[\]"\n]*\][ \t]*[^\s,\]}]')
"""An answer that opens with a bracket and goes on after it on that line is text, not JSON: a UK
neutral citation ``[1932] UKHL 100``, a footnote mark ``[1] Paris``, a Markdown link ``[Paris](...)``."""


def choose_extractor(completion: Completion, prompt: Prompt | None = None) -> str:
    """Which extractor reads ``completion``: from the prompt's kind, overridden by the text
    when it plainly is JSON or RDF."""
    from extractors.rdf_text import looks_like_rdf

    text = completion.answer
    kind = (prompt.kind if prompt is not None else None) or "text"
    if kind not in READ_BY_BUILT_IN and kind in extractor_registry:
        return kind  # a plugin's kind: its extractor reads it
    is_json = (bool(_JSON_START.match(text)) and not _BRACKETED_WORDS.match(text)) or "```json" in text.casefold()
    is_rdf = not is_json and looks_like_rdf(text)
    if kind == "list" and prompt is not None and prompt.head and prompt.relation:
        return "json" if is_json else "rdf" if is_rdf else "lists"
    if kind == "json":  # a Markdown table of triples too: its rows are read as the objects asked for
        from extractors.json_triples import MARKDOWN_TABLE

        return "rdf" if is_rdf else "json" if is_json or "{" in text or "[" in text or MARKDOWN_TABLE.search(text) else "freetext"
    if kind in ("rdf", "turtle", "ntriples"):
        return "json" if is_json else "rdf"
    return "json" if is_json else "rdf" if is_rdf else "freetext"


@dataclass(frozen=True)
class ExtractionContext:
    """What an extractor gets besides the completion and its prompt: the domain, the shared
    normaliser (relation names, entity resolution, IRIs, dedup and counts) and the spaCy model."""

    domain: Domain | None
    normalizer: Normalizer
    spacy: Any
    named_entities: bool = True
    """Whether the domain's entities are named things (geography), not free phrases typed by
    form (commonsense): only then is a one-line answer that lists several items split into them."""


def extract_lists(completion: Completion, prompt: Prompt | None, context: ExtractionContext) -> list[Candidate | Unreadable]:
    norm = context.normalizer
    asked = prompt.relation if prompt is not None else None
    relation = norm.relation(asked or "")
    if prompt is None or relation is None or not prompt.head:
        why = f"unknown relation {asked!r}" if relation is None else "a list answer needs the prompt's head"
        if relation is None:
            norm.stats.unknown_relations[asked or ""] += 1
        return norm.dedupe([Unreadable(completion, completion.answer[:2000], "lists", why)])
    return read_answer(completion, prompt.head, relation, context, rationales=prompt.rationales)


def read_answer(
    completion: Completion, head: str, relation: Relation, context: ExtractionContext, *, rationales: bool = False, one_tail: bool = False,
) -> list[Candidate | Unreadable]:
    """``completion`` read as a chat model's answer to the list prompt (``head``, ``relation``):
    glosses split off, several names in one line split (or, for a relation with one value, kept
    unreadable as several values), hedges and qualifiers read as the chat reader reads them.
    ``one_tail``: the text is a file's cell, its line breaks folded (a domain of names reads a
    user's row as it reads the same answer from a teacher, :func:`extractors.atomic.atomic_candidates`)."""
    from extractors.datatypes import never_dated
    from extractors.denials import asks_winner, none_were
    from extractors.figures import labelled_line, none_counted
    from extractors.lists import extract_list
    from extractors.phrases import own_answer

    single = context.domain is not None and relation.iri in context.domain.index.functional
    spacy = context.spacy
    nlp = spacy if context.named_entities and spacy.missing is None else None  # parsed on first use: a file of figures loads no pipeline
    if relation.object_is_literal and single and (named := labelled_line(relation, completion.answer)) is not None:
        out: list[Candidate | Unreadable] = []
        if len(named) == 1:  # "Base Clock: 2.23 GHz" of a base clock, not "Boost Clock: 2.52 GHz" above it
            line, label, figure = named[0]
            context.normalizer.candidate(completion, "lists", line, head, relation, figure, out=out, rationale=label)
        else:  # "- L2: 32 MB\n- L3: 36 MB" of a total cache: no one line answers
            written = " / ".join(line.strip(" -*•|") for line in completion.answer.splitlines() if line.strip(" -*•|"))
            out.append(Unreadable(completion, completion.answer[:2000], "lists", f"object is several labelled values, not one: {written[:80]!r}"))
        return context.normalizer.dedupe(out)
    if relation.object_is_literal and never_dated(completion.answer, str(relation.datatype or ""), [relation.name, *relation.synonyms]):
        context.normalizer.stats.drop("object: none answer")  # "The 1 euro coin has not been demonetised; it is still legal tender."
        return context.normalizer.dedupe([])
    none = none_were(completion.answer) if relation.object_is_literal else None  # "There were no ships involved."
    if none is not None and not none_counted(relation, none):
        context.normalizer.stats.drop("object: none answer")
        return context.normalizer.dedupe([])
    if not relation.object_is_literal and asks_winner(relation) and "\n" not in completion.answer.strip():
        if (result := _winner_of_result(completion, head, relation, context.normalizer)) is not None:
            return result  # "Inconclusive", "Pyrrhic French victory" of a victor: a result, not a party
    if relation.object_is_literal and (none is not None or none_counted(relation, completion.answer)):  # "None (no direct fatalities)" of a death toll: 0
        said: list[Candidate | Unreadable] = []
        context.normalizer.candidate(completion, "lists", completion.answer.strip(), head, relation, "0", out=said,
                                     rationale=completion.answer.strip())
        return context.normalizer.dedupe(said)
    if not relation.object_is_literal and "\n" not in completion.answer.strip() and own_answer(relation, completion.answer):
        own: list[Candidate | Unreadable] = []  # "The Higgs boson is its own antiparticle.": the head, a self-loop the checks judge
        context.normalizer.candidate(completion, "lists", completion.answer.strip(), head, relation, head, out=own)
        return context.normalizer.dedupe(own)
    return extract_list(
        completion, head, relation, context.normalizer, rationales=rationales, chat=True,
        inline=context.named_entities, nlp=nlp, single=single, one_tail=one_tail,
    )


def _winner_of_result(completion: Completion, head: str, relation: Relation, normalizer: Normalizer) -> list[Candidate | Unreadable] | None:
    """What a result given for a relation asking who won says (:func:`extractors.denials.no_winner`,
    :func:`extractors.denials.victory_of`): nothing, a none answer, where no side won
    (``Inconclusive``, ``Stalemate``, ``Draw``); the side a victory names where it is a known
    entity (``Union victory``: Union); kept unreadable where it is not (``Pyrrhic French
    victory``: ``French`` names no known party); None where the answer is no result (a name)."""
    from extractors.denials import no_winner, victory_of

    text = completion.answer.strip()
    if no_winner(text):
        normalizer.stats.drop("object: none answer")
        return normalizer.dedupe([])
    party = victory_of(text)
    if party is None:
        return None
    if not normalizer.names(party):
        why = f"a result, not a party: {party!r} in {text[:60]!r} names no known entity"
        return normalizer.dedupe([Unreadable(completion, text[:2000], "lists", why)])
    out: list[Candidate | Unreadable] = []
    normalizer.candidate(completion, "lists", text, head, relation, party, out=out, rationale=text)
    return normalizer.dedupe(out)


def extract_json_objects(completion: Completion, prompt: Prompt | None, context: ExtractionContext) -> list[Candidate | Unreadable]:
    from extractors.json_triples import extract_json

    norm = context.normalizer
    if prompt is not None and prompt.kind == "list" and prompt.head and prompt.relation:
        relation = norm.relation(prompt.relation)
        if relation is not None:  # a list prompt answered in JSON: its tails, and any triples
            return extract_json(completion, norm, head=prompt.head, relation=relation)
    return extract_json(completion, norm, topic=prompt.topic if prompt is not None else None)


def extract_rdf_text(completion: Completion, prompt: Prompt | None, context: ExtractionContext) -> list[Candidate | Unreadable]:
    from extractors.rdf_text import extract_rdf

    return extract_rdf(completion, context.normalizer, context.domain)


def extract_free_text(completion: Completion, prompt: Prompt | None, context: ExtractionContext) -> list[Candidate | Unreadable]:
    from extractors.freetext import extract_freetext

    return extract_freetext(completion, context.normalizer, context.spacy, head=prompt.head if prompt is not None else None)


class Extractor:
    """Every extractor for one domain (and optionally one store), sharing one normaliser."""

    def __init__(
        self,
        domain: Domain | None,
        store: Store | None = None,
        *,
        fuzzy: float | None = 0.92,
        spacy_model: str | None = None,
    ) -> None:
        from extractors.freetext import SpacyModel

        self.domain = domain
        self.normalizer = Normalizer(domain, store, fuzzy=fuzzy)
        self.spacy = SpacyModel(spacy_model, domain.language if domain is not None else ENGLISH)
        self.named_entities = domain is None or next(domain.ontology.subjects(PHRASE_FORM), None) is None

    @property
    def stats(self) -> ExtractionStats:
        return self.normalizer.stats

    def extract(self, completion: Completion, prompt: Prompt | None = None, *, using: str | None = None) -> list[Candidate | Unreadable]:
        """Candidates and unreadables from one completion (``using`` forces an extractor)."""
        if SURROGATES.search(completion.text):
            # lone surrogates cannot be encoded (parsers, hashes, the store): read a repaired copy
            # (the copy has its own id, from the repaired text: the one its records carry)
            completion = dataclasses.replace(completion, text=SURROGATES.sub("\ufffd", completion.text))
        name = using or choose_extractor(completion, prompt)
        if name not in extractor_registry:
            raise ConfigError(f"unknown extractor {name!r}; use one of {', '.join(extractor_registry.names())}")
        if completion.finish_reason == "tool_calls":  # kept as the text: nothing the teacher said is lost
            why = "the teacher called a tool instead of answering in text (the calls are kept as the text)"
            return self.normalizer.dedupe([Unreadable(completion, completion.text[:2000], name, why)])
        if not completion.answer.strip() and without_reasoning(completion.text).strip():  # "```\n```"
            why = "the teacher's answer is an empty code block"
            return self.normalizer.dedupe([Unreadable(completion, completion.text[:2000], name, why)])
        if not completion.answer.strip() and completion.answer != completion.text:
            why = "no answer after the model's reasoning"
            if completion.truncated:
                why += " (the token limit was reached inside it: raise max_tokens)"
            return self.normalizer.dedupe([Unreadable(completion, completion.text[-2000:], name, why)])
        self.stats.answers_by_extractor[name] += 1
        self.normalizer.asked(prompt.head if prompt is not None else None)  # a seed's name as written: "Help!", "!!!"
        dropped_before = self.stats.dropped.total()
        try:
            found = self._run(name, completion, prompt)
        except KGError:  # a user-facing error (a bad setting, a store that cannot answer), not a bug
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in one extractor must not stop the run or lose the text
            error = f"{type(exc).__name__}: {exc}"[:300]
            self.stats.extractor_errors.setdefault(name, Counter())[error] += 1
            return self.normalizer.dedupe([Unreadable(completion, completion.text[:2000], name, f"extractor error: {error}")])
        if not found and completion.answer.strip() and self.stats.dropped.total() == dropped_before:
            # read nothing and said not why: the answer is kept, so nothing the teacher said is lost
            why = f"the {name!r} extractor read nothing in the answer"
            return self.normalizer.dedupe([Unreadable(completion, completion.answer[:2000], name, why)])
        return found

    @property
    def context(self) -> ExtractionContext:
        """What an extractor gets besides the completion and its prompt."""
        return ExtractionContext(self.domain, self.normalizer, self.spacy, self.named_entities)

    def _run(self, name: str, completion: Completion, prompt: Prompt | None) -> list[Candidate | Unreadable]:
        context = self.context
        plugin = extractor_registry.entry(name).package
        result = extractor_registry.load(name)(completion, prompt, context)
        found = list(result) if isinstance(result, (list, tuple)) else None
        odd = next((x for x in found if not isinstance(x, (Candidate, Unreadable))), None) if found is not None else result
        if found is None or odd is not None:  # kept as unreadable with this as the reason, like a crash
            raise TypeError(
                f"the extractor returned {type(result).__name__}"
                + (f" holding a {type(odd).__name__}" if found is not None else "")
                + ", not a list of kg.records.Candidate or Unreadable"
            )
        if plugin:  # provenance names the extractor kg called, whatever name a plugin wrote
            return [x if x.extractor == name else dataclasses.replace(x, extractor=name) for x in found]
        return found


def extract(
    completion: Completion,
    prompt: Prompt | None,
    domain: Domain | None,
    *,
    store: Store | None = None,
    extractor: Extractor | None = None,
) -> list[Candidate | Unreadable]:
    """Candidates and unreadables from one completion, the extractor chosen by prompt kind and
    text. Pass ``extractor`` to reuse loaded state across calls."""
    worker = extractor or Extractor(domain, store)
    return worker.extract(completion, prompt)
