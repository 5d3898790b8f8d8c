"""The one normaliser every extractor uses: text → clean label → IRI, and names → relations.

- :meth:`Normalizer.clean`: :func:`extractors.text.clean_text`, cached (Unicode NFKC, control
  characters out, whitespace collapsed, edge quotes and trailing punctuation stripped, ATOMIC
  placeholders made canonical: ``Person X``, ``personx`` → ``PersonX``; ``____`` → ``___``).
- :func:`match_key`: a lemmatised key for matching (case-folded, accents dropped, articles and
  a leading "to" dropped, plural and verb endings stripped, " & " spelt "and"): ``"To dial the numbers."`` ~
  ``"dial number"``, ``"Bogotá"`` ~ ``"Bogota"``, ``"Simon & Schuster"`` ~ ``"Simon and Schuster"``.
- "none" answers (``none``, ``nothing``, ``n/a``, ...) are dropped with a counted reason.
- :meth:`Normalizer.entity`: a label resolved to an entity of the domain already in the store
  (not one typed only by another domain's classes: :meth:`Normalizer._other_domains_entities`; exact label,
  then normalised label, then lemmatised key, :func:`name_key`: a capitalised word keeps its plural, an acronym its capitals; a name of the reference graph, as its node where
  that is the domain's own IRI; a known name after a title or before a bracketed gloss, "Queen
  Elizabeth II", "Louis XIV (the Sun King)"; then a fuzzy match above ``fuzzy``), else a
  fresh IRI minted with :func:`kg.iri.mint_iri` (its hashed form, :func:`kg.iri.distinct_iri`,
  where that IRI is another entity's of the store or the reference). An IRI never carries raw teacher text. In a
  domain of phrases (typed by form: commonsense) only the exact and normalised label match:
  "to learn from PersonY" is not "to learn from PersonX", nor "gets a new job" "to get a new job".
- :meth:`Normalizer.relation`: a relation of the domain by name, IRI local name, label or
  synonym, case- and separator-insensitive (``"capital of"``, ``"capitalOf"``, ``"CAPITAL_OF"``).
- :meth:`Normalizer.dedupe`: duplicates within one completion merged (counted).
- A data property's value: :func:`extractors.figures.value_literal` (:meth:`Normalizer.literal`).

The normaliser owns its caches (store labels, relation index, the entity and relation each
name resolved to) and its drop counters (:class:`ExtractionStats`); make one per run, not per
completion. The label index is read from the store once, on first use; a run then tells the
normaliser what each batch wrote (:meth:`Normalizer.observe`), so each batch resolves against
the store as it stands before it, and a resumed run resolves as an uninterrupted one. Text work that depends on the text alone
(:func:`match_key`, cleaning, label checks) keeps bounded caches shared by all normalisers: a
head recurs for each of its tails, and common tails recur across heads.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby, islice
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

from extractors.chat_answers import untitled_person
from extractors.datatypes import contradicted_yes, lexical_problem, old_style_date
from extractors.elements import element_names, element_symbol
from extractors.labels import own_labelled
from extractors.phrases import relation_words
from extractors.regions import COUNTRIES, ENDONYMS, RENAMED_COUNTRIES, SHORT_FORMS, region_rank
from extractors.titles import noble_title, regnal_name
from extractors.figures import (
    NumberText, ambiguous_grouping, century_year, other_period, disputed_part, in_own_currency, label_before_value, other_event, other_condition, other_percent, own_unit_gloss, no_transition, other_strength, per_100_gloss, sentence_figure, word_proportion, value_literal, value_problem, versioned_parts, current_part, approximation, flourished,
    wider_figure, uncertainty_written_out, RANGE_PROBLEM, confidence_interval_noted, actual_part, currency_code, yearly_count, symbol_gloss,
)
from extractors.coordinates import read_coordinate
from extractors.hardness import own_scale_gloss
from extractors.intensities import other_intensity_scale, own_intensity
from extractors.ranges import Range, read_range
from extractors.text import (
    END_MARKS, MAX_LABEL, NAMED_NONE_ANSWERS, NO_LETTERS, NO_PERSON_ANSWERS, SPACE, UNDERSCORE_EMPHASIS, clean, clean_text, clean_written, is_none, label_problem, text_abbreviated,
    none_words, phrase_case, undecorated,
)
from kg.errors import StoreError
from kg.forms import typed_by_form
from kg.iri import CACHE_SIZE, SIGNED_NAME, acronym, distinct_iri, fold_accents, local_name, mint_iri, name_form, normalize_label
from kg.languages import ENGLISH, LANGUAGE_NAMES, Language, foreign_script, label_order, letter_symbol, words as split_words
from kg.namespaces import PREFIXES, RESOURCE
from kg.ontology import entity_namespace
from kg.records import Candidate, Completion, Name, Unreadable
from kg.units import primed_feet, primed_feet_inches
from kg.xsd import DECIMAL_TYPES, INTEGER_TYPES

if TYPE_CHECKING:
    from kg.ontology import Domain, Relation
    from kg.ontology_index import OntologyIndex
    from kg.store import Store

__all__ = [
    "Normalizer",
    "ExtractionStats",
    "match_key",
    "relation_key",
    "FILE_SOURCE",
    "TABLE_SOURCE",
    "HUMAN_ROWS",
]

FILE_SOURCE = "file:"
"""The ``Completion.teacher`` prefix of a JSON or RDF file read by ``kg ingest``: its labels are
the user's own, not a model's answer, and keep their case. (ATOMIC rows are lowered as a model's
answers are: their 766 tails in sentence case are the same phrases as the lower-case ones.)"""
TABLE_SOURCE = "atomic-"
"""The ``Completion.teacher`` prefix of a CSV/TSV table's rows read by ``kg ingest``
(:func:`extractors.atomic.read_atomic_tsv`)."""
HUMAN_ROWS = "atomic2020:human"
"""The ``Completion.teacher`` of a JSONL file's rows (head, relation, tails) written by people
(:func:`extractors.atomic.read_atomic_jsonl`): ATOMIC 2020's human column; a user's own file in a
domain of names is named by the file (:func:`extractors.atomic.own_file_teacher`)."""
_ALT_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
_PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
_NEUTRAL_VOCABULARIES = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2004/02/skos/core#",
)
"""Vocabularies whose classes (``owl:NamedIndividual``, ``skos:Concept``) tell no domain's entity from another's."""
_NAMES = (RDFS.label, _PREF_LABEL)
"""The predicates that give an entity its name; ``skos:altLabel`` gives it an alias, which a name
of another entity wins over."""
_ARTICLES = frozenset({"a", "an", "the"})
_NOT_KEY = re.compile(r"[^a-z0-9]")
_TITLED = re.compile(r"(?:King|Queen|Emperor|Empress|Pope|Tsar)\s+(?P<name>\S+\s+\S.*)")
"""A name of two words or more after a monarch's or pope's title, written capitalised ("Queen
Elizabeth II", "King Louis XIV"); not before one word ("King Cobra" is no Cobra, "Queen Latifah"
no Latifah), and not Prince, Duke, Dr., Sir, President or Saint, which begin other names ("Prince
Edward Island", "Duke Ellington", "Dr. Pepper", "Saint Helena")."""
_GLOSSED = re.compile(r"(?P<name>[^()]*[^\s(])\s*\((?P<gloss>[^()]+)\)")
"""A name and a bracketed gloss after it: "Louis XIV (the Sun King)"."""
_IDENTIFIED = re.compile(r"(?P<id>[A-Z]{2,6}-\d+(?:-\d+)*):?\s+(?P<name>[^\W\d_].*)")
"""A catalogue's identifier and a name after it: "CWE-125 Out-of-bounds Read"."""
_DESIGNATION = re.compile(r"[A-Z][A-Z0-9]*-[A-Z0-9]*\d[A-Z0-9]*")
"""A designation in capitals and figures with a hyphen, no year: "OV-102", "SLC-4E", "LC-39A"."""
_SURNAME_FIRST = re.compile(r"(?P<surname>[^\W\d_][\w'’-]+),\s+(?P<given>(?:[^\W\d_]\.\s?){1,3}|[^\W\d_][\w'’-]+)")
"""A person's name written surname first: "Kojima, Hideo", "Reitz, K."."""
_DOTTED = re.compile(r"(?:[Tt]he\s+)?(?P<letters>(?:[A-Z]\.){2,4})")
"""An acronym written with dots, an article before it: "The U.S.", "U.K."."""
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_SCHEMED = re.compile(r"(?P<scheme>[^\W\d_][\w-]*)\s+(?P<code>(?=\S*[A-Z])[A-Za-z0-9+]{1,4})")
"""A scheme's name and a short code in it: "Köppen BWh", "IUCN EN"."""
_LEGAL_FORMS = ("Inc.", "Inc", "Incorporated", "Corporation", "Corp.", "Corp", "Ltd.", "Ltd", "Limited", "LLC", "GmbH", "AG",
                "SA", "S.A.", "plc", "PLC", "Co.", "N.V.", "NV", "S.p.A.", "SpA", "Oyj", "AB", "ASA", "KK", "K.K.",
                "A/S", "B.V.", "BV", "SE", "S.E.", "L.P.", "LP")
"""A company's legal form, written after its name: "Intel Corporation", "Tesla, Inc.", "Nokia Oyj",
"Novo Nordisk A/S", "Janssen Vaccines & Prevention B.V.". A partner's "and Company" or "& Co." is
part of a firm's name ("Shakespeare and Company" is no Shakespeare), never a legal form."""
_DEVELOPMENT_CODE = re.compile(r"[a-z]?[A-Z]{2,4}-?\d{3,}(?:[a-z]\d*)?")
"""A product's development code: "AZD1222", "BNT162b2", "mRNA-1273", "JNJ-78436735", "PF-07321332";
not a shorter code ("CVN-65", "G20", "COVID-19", "APT35") that may name one of several things."""
_PARTNERS = re.compile(r"(?P<name>\S.*?\S)\s+(?:and|&)\s+(?:Company|Co\.?)")
"""A firm's name with a partner's tail: "Eli Lilly and Company", "Merck & Co.", "Shakespeare and Company"."""
_LEGAL_FORM = re.compile(rf"(?P<name>\S.*?[^\s,]),?\s+(?:{'|'.join(re.escape(f) for f in _LEGAL_FORMS)})")
"""A name and its legal form after it (:data:`_LEGAL_FORMS`)."""


@lru_cache(maxsize=16)
def _lead(language: Language) -> re.Pattern[str] | None:
    """An article or a preposition of ``language`` that opens a name in a sentence (:attr:`Language.articles`,
    :attr:`Language.places`): ``la Bavière``, ``l’Allemagne``, ``en Bavière``, ``im Kanton Zürich``."""
    words = sorted({*language.articles, *language.places}, key=len, reverse=True)
    forms = [rf"{re.escape(w[:-1])}['’](?=\w)" if w.endswith("'") else rf"{re.escape(w)}\s+(?=\S)" for w in words]
    return re.compile(f"^(?:{'|'.join(forms)})", re.IGNORECASE) if forms else None


@lru_cache(maxsize=CACHE_SIZE)
def _lemma(word: str) -> str:
    if len(word) <= 3:
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    return word


_NAME_SIGNS = re.compile(r"\+|#(?!\d)|\u266f|\u266d|(?<=\w)\*")
"""The signs that tell one name from another where its letters are the same: ``C``, ``C++``,
``C#``; ``Disney+``; a key's ``♯`` and ``♭``; a star after a word (``Sagittarius A*`` is not the
radio source ``Sagittarius A``). A match key spells them as words (``#`` and ``♯``
alike: ``C# minor`` is ``C♯ minor``); ``#`` before a digit is a number's sign (``#1``)."""
_SIGN_WORDS = {"+": " plus ", "#": " sharp ", "\u266f": " sharp ", "\u266d": " flat ", "*": " star "}
_SHORT_SIGNS = re.compile(r"[-*!]")
_SHORT_SIGN_WORDS = {"-": " minus ", "*": " star ", "!": " bang "}
"""The signs of a short name (:data:`kg.iri.SIGNED_NAME`) a match key spells too: ``C--``,
``C*`` and ``Go!`` are not ``C`` and ``Go``."""
_AMPERSAND = re.compile(r"\s&\s")
"""An ampersand between words, which a match key spells "and": "Simon & Schuster" is "Simon and
Schuster", "Faber and Faber" "Faber & Faber" (not "AT&T", "R&B": one name's sign)."""


@lru_cache(maxsize=CACHE_SIZE)
def match_key(text: str) -> str:
    """A lemmatised key for matching labels: case-folded, accents dropped (as
    :func:`kg.iri.normalize_label` drops them), articles and a leading "to" dropped, simple
    plural/verb endings stripped; the signs of a name spelt out (:data:`_NAME_SIGNS`: ``C++``
    is not ``C``; all of a short name's, :data:`kg.iri.SIGNED_NAME`: ``C--`` is not ``C``), and an ampersand between words as "and" (:data:`_AMPERSAND`)."""
    return _match_key(text, frozenset())


@lru_cache(maxsize=CACHE_SIZE)
def name_key(text: str) -> str:
    """:func:`match_key` of an entity's name: a capitalised word keeps its ending, a word in lower
    case loses it ("Aliens" is not "Alien", "The Rolling Stones" not "Rolling Stone": a title or a
    name is no plural of another; "beta blockers" is "beta blocker"); an acronym is its own key
    (:func:`kg.iri.acronym`: "US" is no "Us")."""
    if acronym(text):
        return text
    kept = frozenset(fold_accents(w.casefold()) for w in re.findall(r"\w+", text) if not w.islower())
    return _match_key(text, kept, name=True, initial=_MIDDLE_INITIAL_A.search(text) is not None)


_MIDDLE_INITIAL_A = re.compile(r"(?<=[^\W\d_]\s)A\.(?=\s*[A-Z])")
"""The initial "A." inside a person's name, no article: ``John A. Smith`` is no ``John Smith``."""


def _match_key(text: str, kept: frozenset[str], *, name: bool = False, initial: bool = False) -> str:
    """:func:`match_key`, the words ``kept`` not lemmatised; of a ``name``, a last word of one
    letter is no article ("Sirius A" is not "Sirius"), nor a capital "A" after its first word
    where the name writes it as an ``initial`` (:data:`_MIDDLE_INITIAL_A`)."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    if SIGNED_NAME.fullmatch(folded.strip()):  # "C--", "A+": its letters are no article nor word to lemmatise
        return " ".join(split_words(_SHORT_SIGNS.sub(lambda m: _SHORT_SIGN_WORDS[m.group()], _NAME_SIGNS.sub(lambda m: _SIGN_WORDS[m.group()], folded))))
    if not folded.isalnum():
        folded = _AMPERSAND.sub(" and ", _NAME_SIGNS.sub(lambda m: _SIGN_WORDS[m.group()], folded))
    words = split_words(fold_accents(folded))
    if words and words[0] == "to" and len(words) > 1:
        words = words[1:]
    last = len(words) - 1 if name and len(words) > 1 else -1
    return " ".join(w if w in kept else _lemma(w) for i, w in enumerate(words)
                    if w not in _ARTICLES or i == last or initial and i > 0 and w == "a" and w in kept)


def name_keys(label: str) -> tuple[tuple[str, str], ...]:
    """The keys an entity's name is indexed and looked up by: as written, normalised
    (:func:`kg.iri.name_form`), the normalised form with "and" for an ampersand between words
    (:data:`_AMPERSAND`: "Nuts & seeds" is the reference's "nuts and seeds", whose plural the
    match key keeps apart, "Nuts" being capitalised), and its :func:`name_key`."""
    spelt = _AMPERSAND.sub(" and ", label)
    ands = (("norm", name_form(spelt)),) if spelt != label else ()
    return (("exact", label), ("norm", name_form(label)), *ands, ("lemma", name_key(label)))


_GREEK_LETTER = re.compile(r"(?<![\u0370-\u03ff])[\u0370-\u03ff](?![\u0370-\u03ff])")
"""A Greek letter standing alone, as a name's sign (``α1-adrenergic receptor``, ``TNF-α``,
``14β-demethylase``), not a letter of a Greek word."""
_ROMAN = re.compile(r"(?=[ivxlcdm]{2})m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
"""A roman numeral of two letters or more (``ii``, ``xiv``, ``xxiii``): a regnal or ordinal number
that tells ``louis xiv`` from ``louis xv``, ``pius xii`` from ``pius xi``."""


def _markers(key: str) -> tuple[list[str], list[str]]:
    """The words of a normalised label that tell one thing from its siblings: its numbers and
    the signs of a name (:data:`_NAME_SIGNS`: "c++", "c♯ minor"), and its single letters, Greek
    letters standing alone, roman numerals and a last word of two letters, a component's
    designation ("type 1 diabetes", "iphone 13"; "hepatitis b", "world war ii", "β1-adrenergic
    receptor", "alpha centauri bb"). Numerals of
    other scripts count as numbers: the runs of characters with a numeric value (Han "第十三届"
    and "第十四届", Devanagari "१३")."""
    words = [w for w in re.split(r"[^0-9a-z]+", key) if w]
    numbers = [w for w in words if any(c.isdigit() for c in w)]
    numbers += ["".join(run) for numeral, run in groupby(key, _is_numeral) if numeral]
    numbers += [_SIGN_WORDS[sign] for sign in _NAME_SIGNS.findall(key)]
    letters = [w for w in words if len(w) == 1 or _ROMAN.fullmatch(w)] + _GREEK_LETTER.findall(key)
    if len(words) > 1 and len(words[-1]) == 2 and words[-1].isalpha() and not _ROMAN.fullmatch(words[-1]):
        letters.append(words[-1])
    return sorted(numbers), sorted(letters)


def _short_words_alike(a: str, b: str) -> bool:
    """Whether a fuzzy match of ``a`` for ``b`` (normalised labels) leaves their short words alike:
    where both have as many words, a word of four letters or fewer that differs is another name,
    no typo ("jon snow" is not "john snow", "anna karenina" not "anne karenina", "carl" not
    "karl"); a long word may differ ("fyodor dostoyevsky" is "fyodor dostoevsky")."""
    words_a, words_b = a.split(), b.split()
    return len(words_a) != len(words_b) or all(x == y or min(len(x), len(y)) > 4 for x, y in zip(words_a, words_b))


def _is_numeral(ch: str) -> bool:
    return not ch.isascii() and unicodedata.numeric(ch, None) is not None


def _same_markers(a: str, b: str) -> bool:
    """Whether a fuzzy match of ``a`` for ``b`` keeps what tells things apart: the same numbers,
    and the same letters ("world war i" is not "world war ii", "proxima centauri b" no
    "proxima centauri": a planet of the star), unless only spaces and punctuation tell them apart
    ("person x goes home" is "personx goes home", "washington dc" "washington, d.c", "hd 209458b"
    "hd 209458 b")."""
    if _spelt(a) == _spelt(b):
        return True
    (numbers_a, letters_a), (numbers_b, letters_b) = _markers(a), _markers(b)
    return numbers_a == numbers_b and letters_a == letters_b and not _contrasted(a, b)


_CONTRASTS = frozenset(
    "east eastern west western north northern south southern central upper lower old middle modern new early late "
    "high low greater lesser little great inner outer proto ancient classical medieval".split()
)
"""Words that tell a thing from its sibling ("East Germanic", "West Germanic"; "Upper Sorbian",
"Lower Sorbian"; "Old English", "Middle English"): never one thing by a close spelling."""


def _contrasted(a: str, b: str) -> bool:
    """Whether normalised labels ``a`` and ``b`` differ in a word that tells siblings apart
    (:data:`_CONTRASTS`), or in a word and that word with a demonym's ending ("russia" and "russian",
    "germany" and "german", "korea" and "korean": a country and its language or people) or with
    another language's ending of a movement (:func:`_other_ism`)."""
    words_a, words_b = set(re.split(r"[^\w]+", a)) - {""}, set(re.split(r"[^\w]+", b)) - {""}
    only_a, only_b = words_a - words_b, words_b - words_a
    if (only_a | only_b) & _CONTRASTS:
        return True
    return any(_demonym(x, y) or _demonym(y, x) or _other_ism(x, y) or _other_ism(y, x) for x in only_a for y in only_b)


def _other_ism(english: str, other: str) -> bool:
    """Whether ``other`` is the English movement ``english`` with another language's ending
    ("modernism" "modernisme", the Catalan style; "modernismo", "expressionismus"): another
    movement or its own country's, no typo ("kyrgyzstann" stays a typo)."""
    return english.endswith("ism") and other in {english + "e", english + "o", english + "us"}


def _demonym(place: str, adjective: str) -> bool:
    """Whether ``adjective`` is ``place`` with a demonym's ending ("russia" "russian", "germany" "german")."""
    # "+n" after a vowel only: "russia" "russian", not the typo "kyrgyzstan" "kyrgyzstann"
    return adjective in {place + "an", place + "ian"} or (place[-1:] in "aeiou" and adjective == place + "n") or (
        place.endswith("y") and adjective == place[:-1])


_NOT_WORD = re.compile(r"[\W_]+")


def _spelt(key: str) -> str:
    """A normalised label's letters and digits, its signs spelt (:data:`_NAME_SIGNS`: "sagittarius a*"
    is not "sagittarius a"), without its spaces and punctuation."""
    return _NOT_WORD.sub("", _NAME_SIGNS.sub(lambda m: _SIGN_WORDS[m.group()], key))


_COMPONENT = re.compile(r"(?<=[\d\s])[^\W\d_]$")
"""A name's last letter after a figure or a space: a component's designation, "Kepler-16 b" (the
planet), "Kepler-16 B" (the star), "Sirius A", "HD 209458b"."""


def component(label: str) -> str | None:
    """The designation letter that ends ``label`` as written, where its case is written (another
    letter of the name is a capital: "Kepler-16 b" and "Kepler-16 B" are two bodies; "kepler-16 b"
    writes no case); else None."""
    found = _COMPONENT.search(label.strip())
    return found.group() if found and any(c.isupper() for c in label.strip()[:-1]) else None


def relation_key(text: str) -> str:
    """Key of a relation name: ``capitalOf``, ``capital of``, ``CAPITAL_OF`` → ``capitalof``;
    letters of any script kept (``столица``), accents of Latin ones dropped (``Fläche`` →
    ``flache``)."""
    folded = fold_accents(unicodedata.normalize("NFKC", text).casefold())
    return _NOT_KEY.sub("", folded) if folded.isascii() else "".join(ch for ch in folded if ch.isalnum())


@dataclass
class ExtractionStats:
    """Counts over every completion a normaliser saw: candidates, unreadable spans and why
    anything else was dropped."""

    completions: int = 0
    candidates: int = 0
    unreadable: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    unknown_relations: Counter[str] = field(default_factory=Counter)
    """Relation names a prompt or a dataset row gave that the domain does not know (their
    answers are unreadable), as given."""
    answers_by_extractor: Counter[str] = field(default_factory=Counter)
    """How many answers each extractor was given (by its registered name)."""
    extractor_errors: dict[str, Counter[str]] = field(default_factory=dict)
    """Per extractor, the errors it failed with (``Type: message``), each answer kept as unreadable."""

    def drop(self, reason: str, count: int = 1) -> None:
        self.dropped[reason] += count

    def as_dict(self) -> dict[str, Any]:
        return {
            "completions": self.completions,
            "candidates": self.candidates,
            "unreadable": dict(self.unreadable),
            "dropped": dict(self.dropped),
        }


def _domain_classes(domain: Domain) -> set[str]:
    """A domain's classes: those its ontology declares or gives a relation as its domain or
    range, and their superclasses (a class of its own namespace is its own too: the caller)."""
    index = domain.index
    declared = index.classes | set(index.domain.values()) | set(index.range.values())
    return {str(c) for c in index.closure(declared)} | {str(c) for c in declared}


def _range_end(relation: Relation, gloss: str, item: str) -> bool:
    """Whether a list ``item`` is a range of values whose end was split off as the ``gloss``:
    "1643 – 1715", "27 BC – AD 14" (not "68 million (2020–2023 estimate)", a range in its gloss)."""
    return value_problem(relation, gloss) is None and value_literal(relation, gloss) is not None and value_problem(relation, item) == "a range, not one value"


def _chosen_figure(relation: Relation, span: str) -> tuple[str, str] | tuple[None, str] | None:
    """(the part of an answer's ``span`` that gives ``relation``'s figure, the answer whole as its note) where the span
    gives figures of several versions (:func:`extractors.figures.versioned_parts`: the relation's version's) or an
    earlier figure and the one that superseded it (:func:`extractors.figures.current_part`: the later); (None, why)
    where it gives figures of versions none of which the relation names; None where it gives no such figures."""
    versioned = versioned_parts(relation, span)
    if versioned is not None:
        return (versioned[0], span) if len(versioned) == 1 else (None, "several values, not one (each of another version, none the one the relation names)")
    current = current_part(relation, span) or actual_part(relation, span)  # "Around 40,000 planned; 44,325 enrolled": 44,325
    return (current, span) if current is not None else None


def _feet_inches_primed(relation: Relation, obj: str) -> str:
    """``obj`` with feet and inches written with primes (:func:`kg.units.primed_feet_inches`) where it is a length of
    ``relation`` ("about 5'3\"" of a height in cm), and a figure with an apostrophe after it in feet ("27,940'" of an elevation), else as written (a title, a name, a figure given as a number)."""
    if isinstance(obj, NumberText) or relation.unit is None or relation.unit.measure != "length":
        return obj
    return primed_feet(primed_feet_inches(obj))  # "27,940'": feet


def _uncertainty_written_out(relation: Relation, obj: str, span: str) -> str | None:
    """The answer ``span`` of a decimal ``relation`` with its figure's uncertainty written after it with ``±``
    (:func:`extractors.figures.uncertainty_written_out`: "9.1093837015(28)×10⁻³¹ kg", "(8.21 ± 0.11) × 10⁻¹¹ s"),
    or None where it writes none so (a number given as one, a count, a year, a text value)."""
    if isinstance(obj, NumberText) or str(relation.datatype) not in DECIMAL_TYPES:
        return None
    written = uncertainty_written_out(span)
    return written if written != span else None


def _confidence_interval_noted(relation: Relation, obj: str, span: str) -> tuple[str, str] | None:
    """(the figure, its note) of the answer ``span`` of a numeric ``relation`` that gives a figure with its confidence
    interval in brackets and words after them (:func:`extractors.figures.confidence_interval_noted`), or None."""
    if isinstance(obj, NumberText) or str(relation.datatype) not in DECIMAL_TYPES | INTEGER_TYPES:
        return None
    return confidence_interval_noted(span)


def _as_written(label: str, span: str, head: str) -> str:
    """What a reason quotes of an object read as ``label``: the ``span`` as written where reading cut the ``head``'s
    name out of it (its figure no value: "The 1 euro coin was demonetised in spring", not "The was demonetised in
    spring"), else ``label``.

    >>> _as_written("The  was demonetised in spring", "The 1 euro coin was demonetised in spring.", "1 euro coin")
    'The 1 euro coin was demonetised in spring'
    >>> _as_written("1965", "Dune was published in 1965.", "Dune")
    '1965'
    """
    said, written = " ".join(label.split()).strip(" ."), " ".join(span.split()).strip(" .")
    if not head.strip() or not said or said.casefold() in written.casefold():
        return label
    cut = " ".join(re.sub(re.escape(head.strip()), " ", written, flags=re.IGNORECASE).split())
    return written if said.casefold() in cut.casefold() else label


class Normalizer:
    """Labels, entities and relations for one domain (and optionally one store)."""

    def __init__(self, domain: Domain | None, store: Store | None = None, *, fuzzy: float | None = 0.92) -> None:
        self.domain = domain
        self.store = store
        self.fuzzy = fuzzy
        self.stats = ExtractionStats()
        self._relations: dict[str, Relation] | None = None
        self._relations_lemma: dict[str, Relation] = {}
        self._labels: dict[str, dict[str, URIRef]] | None = None
        self._prefix_map: dict[str, str] | None = None
        self._aliases: dict[str, dict[str, URIRef]] = _empty_index()  # the store's skos:altLabels
        self._minted: dict[str, dict[str, URIRef]] = _empty_index()  # the names this batch minted, till observe
        self._reference: list[dict[str, dict[str, URIRef]]] | None = None  # the reference's names, aliases
        self._reference_labels: dict[URIRef, Name] = {}  # each reference node's own name, with its tag
        self._named: set[str] = set()  # the IRIs the label index holds a label of
        self._components: dict[str, set[str]] = {}  # IRI → the designation letters its names end in, as written (component)
        self._others: set[str] = set()  # the store's entities of another domain: no name resolves to them
        self._fuzzy_index: Any = None  # a FuzzyIndex of the store's normalised labels, on first use
        self._fuzzy_recent: _Recent | None = None  # normalised labels observed since it was built
        self._languages: frozenset[URIRef] | None = None  # the domain's classes of languages, on first use
        self._class_names: dict[URIRef, tuple[str, ...]] = {}  # a class → the reference's names of its entities, on first use
        self._words: tuple[dict[str, URIRef], _NameWords] | None = None  # the store's names by word, for one label index
        self._reference_words: _NameWords | None = None  # the reference's names by word, on first use
        self._reference_fuzzy: Any = None  # a FuzzyIndex of the reference's normalised names, on first use
        self._tracking = False
        self._entities: dict[str, tuple[URIRef, str]] = {}  # label → IRI and name, bounded by _keep
        self._relations_by_name: dict[str, Relation | None] = {}  # name → relation or None, bounded by _keep
        self._predicates: dict[str, URIRef] = {}  # one per relation of the domain
        self._stored_types: dict[str, frozenset[URIRef]] = {}  # an entity's types in the store, bounded by _keep
        self._head: str | None = None  # the head the answer being read was asked about, as written
        self._seeds = frozenset(domain.seeds) if domain is not None else frozenset()  # the domain's seeds.txt
        self._seed_cases = _casings(self._seeds)  # a seed's casefolded form -> the seeds written so
        # labels are phrases, not names, written as English datasets write them (German nouns keep
        # their capital)
        self._phrases = domain is not None and typed_by_form(domain) and domain.language.code == "en"
        # entities are phrases ("to learn from PersonY", "PersonX gets a key"), not names: one is
        # another only when written alike (case, punctuation and spaces folded); a lemma key or a
        # typo match would swap PersonX for PersonY, a key for a knife, "to get" for "gets"
        self._exact_only = domain is not None and typed_by_form(domain)
        self.entity_namespace: Namespace = entity_namespace(domain)
        """Where entities are minted (the domain's ``[domain] entities``)."""
        self.language: Language = domain.language if domain is not None else ENGLISH
        """The language the teacher answers in: its numbers and "no answer" words."""

    # -- text ---------------------------------------------------------------------------------

    @staticmethod
    def clean(text: str) -> str:
        """A clean label from raw text (may be empty); needs no domain or store."""
        return clean(text)

    def is_none(self, label: str) -> bool:
        """Whether ``label`` says there is no answer: "none", "n/a", "I don't know", ...; in
        the domain's language too ("Keine Angabe", "Das weiß ich leider nicht")."""
        if is_none(label):
            return True
        if self.language is ENGLISH:
            return False
        answers, openings = none_words(self.language)
        if not (answers or openings):
            return False
        key = label.casefold().strip(" .!").replace("’", "'")  # "C’est tout."
        return key in answers or key.startswith(openings)

    def _no_person(self, relation: Relation, label: str) -> bool:
        """Whether ``label`` names no one (:data:`extractors.text.NO_PERSON_ANSWERS`: "Anonymous",
        "Anon.", "Unknown author") as the answer of a relation whose answers are people."""
        return (label.casefold().strip(" .!") in NO_PERSON_ANSWERS and self.domain is not None and relation.range is not None
                and self.domain.index.holds_people(relation.range))

    @staticmethod
    def from_file(completion: Completion | None) -> bool:
        """Whether ``completion`` is a row of a file (a user's JSON, RDF or CSV/TSV table, a
        dataset's), not a model's answer."""
        return completion is not None and completion.teacher.startswith((FILE_SOURCE, TABLE_SOURCE))

    def names_none(self, completion: Completion | None) -> bool:
        """Whether a none word in ``completion`` is its writer's (:meth:`candidate` reads it): a row
        of a user's file in a domain of names ("Nobody 2 sequelOf Nobody"); a dataset's
        commonsense "none" is no answer."""
        return completion is not None and completion.teacher.startswith((FILE_SOURCE, TABLE_SOURCE, HUMAN_ROWS)) and not self._phrases

    def _named_none(self, which: str, relation: Relation, label: str) -> bool:
        """Whether a none word in a user's file is a name: written capitalised
        (:data:`extractors.text.NAMED_NONE_ANSWERS`: the films "Nobody" and "Unknown") as a
        subject, or as an object that is an entity but no person ("Nobody" directed nothing)."""
        if not label[:1].isupper() or label.casefold().strip(" .!") not in NAMED_NONE_ANSWERS:
            return False
        return which == "subject" or not (relation.object_is_literal or (
            self.domain is not None and relation.range is not None and self.domain.index.holds_people(relation.range)))

    def label_problem(self, label: str) -> str | None:
        """Why a clean label cannot name an entity, or None when it can: a name of symbols alone
        can where the store, the reference or a seed names so (:meth:`known_as_written`: the
        band "!!!", the album "÷")."""
        problem = label_problem(label)
        if problem is None and self.language is not ENGLISH and self.is_none(label):
            return "none answer"
        if problem == NO_LETTERS and self.known_as_written(label):
            return None
        return problem

    def asked(self, head: str | None) -> None:
        """The answer read next was asked about ``head`` (a seed; None: no head): its name as
        written, end marks and all ("Help!", "!!!"), is a name (:meth:`known_as_written`)."""
        self._head = head.strip() if head else None

    def known_as_written(self, label: str) -> bool:
        """Whether the store, the domain's reference, its seeds or the head asked about has the name
        ``label`` exactly so: "Help!" with its "!", "(What's the Story) Morning Glory?" with its
        "?", "!!!" (a chat model's "Spain!" keeps no "!" no one else wrote)."""
        return label == self._head or label in self._seeds or any(label in names["exact"] for names in (self._label_index(), self._aliases, *self._reference_index()))

    # -- relations ----------------------------------------------------------------------------

    def _relation_index(self) -> dict[str, Relation]:
        if self._relations is not None:
            return self._relations
        index: dict[str, Relation] = {}
        lemma: dict[str, Relation] = {}
        relations = self.domain.relations if self.domain is not None else {}
        ontology = self.domain.ontology if self.domain is not None else None
        prefixes = {str(p): str(ns) for p, ns in self.domain.prefixes.items()} if self.domain is not None else {}
        for name, rel in sorted(relations.items()):
            names = [name, str(rel.iri), local_name(str(rel.iri))]
            names += [f"{prefix}:{str(rel.iri)[len(ns):]}" for prefix, ns in prefixes.items() if str(rel.iri).startswith(ns)]
            names += list(rel.synonyms)
            if ontology is not None:
                names += [str(lbl) for lbl in ontology.objects(URIRef(str(rel.iri)), RDFS.label)]
            verbal = rel.verbalization
            if verbal:
                middle = verbal.replace("{head}", " ").replace("{tail}", " ").strip()
                if middle:
                    names.append(middle)
            for n in names:
                if relation_key(n):  # a name with no key would name every name with none
                    index.setdefault(relation_key(n), rel)
                if match_key(n):
                    lemma.setdefault(match_key(n).replace(" ", ""), rel)
        # exact names win over synonyms of other relations
        for name, rel in relations.items():
            index[relation_key(name)] = rel
        self._relations, self._relations_lemma = index, lemma
        return index

    def relation(self, name: str) -> Relation | None:
        """The domain relation named ``name`` (name, IRI, local name, label or synonym)."""
        if not name or len(name) > MAX_LABEL:
            return None
        if name in self._relations_by_name:
            return self._relations_by_name[name]
        return _keep(self._relations_by_name, name, self._resolve_relation(name))

    def _resolve_relation(self, name: str) -> Relation | None:
        index = self._relation_index()
        found = index.get(relation_key(name)) if relation_key(name) else None
        if found is None and match_key(name):
            found = self._relations_lemma.get(match_key(name).replace(" ", ""))
        return found

    # -- entities -----------------------------------------------------------------------------

    def _label_index(self) -> dict[str, dict[str, URIRef]]:
        """The store's names (``rdfs:label``, ``skos:prefLabel``) by key; its ``skos:altLabel``
        aliases fill :attr:`_aliases` at the same time."""
        if self._labels is not None:
            return self._labels
        self._labels, self._aliases = _empty_index(), _empty_index()
        self._named = set()
        self._fuzzy_index, self._fuzzy_recent = None, None
        if self.store is not None:
            try:
                rows = self.store.query(
                    f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ rdfs:label <{_PREF_LABEL}> <{_ALT_LABEL}> }} "
                    "?s ?p ?l FILTER(isIRI(?s)) }",
                    graph="accepted",
                ).bindings()
                self._others = self._other_domains_entities()
                self._index_codes()
            except Exception as exc:  # noqa: BLE001 - never resolve nothing and mint everything in silence
                raise StoreError(
                    f"entity resolution cannot read the labels of the store {self.store.location!r} "
                    f"({type(exc).__name__}: {exc}); without them every label would be minted as a new entity"
                ) from None
            for row in rows:
                self._add_name(URIRef(str(row["s"])), URIRef(str(row["p"])), str(row["l"]))
        return self._labels

    def _index_codes(self) -> None:
        """The codes the store gives its entities (``iataCode "FRA"``), as aliases: a later answer
        "FRA" for a hub is that airport, no new entity "FRA"; a code two entities share names
        neither."""
        relations = self.domain.relations.values() if self.domain is not None else ()
        codes = [rel.iri for rel in relations if text_valued(rel) and "code" in relation_words(rel)]
        if not codes or self.store is None:
            return
        rows = self.store.query(
            f"SELECT ?s ?v WHERE {{ VALUES ?p {{ {' '.join(f'<{iri}>' for iri in codes)} }} ?s ?p ?v FILTER(isIRI(?s)) }}",
            graph="accepted",
        ).bindings()
        owners: dict[str, set[str]] = {}
        for row in rows:
            owners.setdefault(str(row["v"]), set()).add(str(row["s"]))
        for code, held in owners.items():
            if len(held) == 1 and _CODE_NAME.fullmatch(code):
                _index_name(self._aliases, URIRef(held.pop()), code)

    def _other_domains_classes(self) -> tuple[set[str], tuple[str, ...]] | None:
        """The classes and namespaces of the other domains the store records (its runs, its
        kg.toml: :func:`kg.domains.store_domains`); None when one of them cannot be loaded here,
        so that any class not this domain's may be its."""
        from kg.domains import store_domains
        from kg.errors import KGError
        from kg.ontology import load_domain

        assert self.domain is not None and self.store is not None
        classes: set[str] = set()
        namespaces: list[str] = []
        try:
            recorded = store_domains(self.store)
            if recorded.unresolved:
                return None
            for spec in recorded.specs:
                other = load_domain(spec)
                if str(other.namespace) != str(self.domain.namespace):
                    classes |= _domain_classes(other)
                    namespaces.append(str(other.namespace))
        except KGError:
            return None
        return classes, tuple(namespaces)

    def _other_domains_entities(self) -> set[str]:
        """The store's entities that belong to another domain: typed (``rdf:type``, accepted or inferred)
        by a class of another domain the store records (:meth:`_other_domains_classes`), but by
        none of this domain's (:func:`_domain_classes`), neither minted in this domain's own
        ``[domain] entities`` namespace nor a node of its reference graph. Untyped entities, and
        those the user loaded typed by their own classes (``schema:Country``), are no domain's,
        and stay resolvable: a single-domain store resolves as before. Geography's "Germany" was matched by the typo matcher
        to commonsense's tail "German" (a ``cs:Concept``), a person "Paris" resolved to the city."""
        if self.domain is None or self.store is None:
            return set()
        own = _domain_classes(self.domain)
        namespace = str(self.domain.namespace)
        typed = self.store.query("SELECT DISTINCT ?t WHERE { ?s a ?t FILTER(isIRI(?s) && isIRI(?t)) }", graph="knowledge")
        classes = {str(row["t"]) for row in typed.bindings()}
        others = sorted(c for c in classes if c not in own and not c.startswith((namespace, *_NEUTRAL_VOCABULARIES)))
        other_domains = self._other_domains_classes()
        if other_domains is not None:  # the user's own classes (schema:Country, loaded) are no domain's
            other_classes, other_namespaces = other_domains
            others = [c for c in others if c in other_classes or (other_namespaces and c.startswith(other_namespaces))]
        if not others:
            return set()
        mine = sorted(c for c in classes if c in own or c.startswith(namespace))
        keep = f"FILTER NOT EXISTS {{ VALUES ?o {{ {' '.join(f'<{c}>' for c in mine)} }} ?s a ?o }}" if mine else ""
        rows = self.store.query(
            f"SELECT DISTINCT ?s WHERE {{ VALUES ?t {{ {' '.join(f'<{c}>' for c in others)} }} ?s a ?t FILTER(isIRI(?s)) {keep} }}",
            graph="knowledge",
        ).bindings()
        found = {str(row["s"]) for row in rows}
        entities = str(self.entity_namespace)
        if entities != str(RESOURCE):  # the domain's own namespace: its entities, whatever else typed them
            found = {iri for iri in found if not iri.startswith(entities)}
        reference = self.domain.reference
        if reference is not None and found:
            found = {iri for iri in found if (URIRef(iri), None, None) not in reference}
        return found

    def _reference_index(self) -> list[dict[str, dict[str, URIRef]]]:
        """The domain's reference graph's names and aliases by key (the same keys as the store's),
        and each named node's own name (:attr:`_reference_labels`, in the domain's language)."""
        if self._reference is None:
            names, aliases = _empty_index(), _empty_index()
            reference = self.domain.reference if self.domain is not None else None
            if reference is not None:
                for predicate, index in ((RDFS.label, names), (_PREF_LABEL, names), (_ALT_LABEL, aliases)):
                    for node, name in reference.subject_objects(predicate):
                        if isinstance(node, URIRef):
                            _index_name(index, node, str(name))
                            self._component_of(node, str(name))
                labels: dict[URIRef, list[tuple[str | None, str]]] = {}
                for node, name in reference.subject_objects(RDFS.label):
                    if isinstance(node, URIRef):
                        labels.setdefault(node, []).append((name.language if isinstance(name, Literal) else None, str(name)))
                best = {node: min(label_order(tag, text, self.language.code) for tag, text in found) for node, found in labels.items()}
                self._reference_labels = {node: Name.of(text, tag) for node, (_, tag, text) in best.items()}
            self._reference = [names, aliases]
        return self._reference

    def _reference_name(self, label: str) -> str | None:
        """The reference entity's own name (its label in the domain's language) when ``label`` is
        a name or an alias of it: "French Republic" and "Frankreich"@de are "France"."""
        return self._reference_entity(label)[1]

    def _reference_entity(self, label: str) -> tuple[URIRef | None, Name | None]:
        """The reference's node ``label`` names (a name or an alias of it) and its own name."""
        keys = name_keys(label)
        for names in self._reference_index():
            for kind, key in keys:
                node = names[kind].get(key) if key else None
                if node is not None and not self._other_component(label, node):
                    return node, self._reference_labels.get(node)
        return None, None

    def _add_name(self, iri: URIRef, predicate: URIRef, label: str) -> None:
        """Index one name of ``iri`` in the store: ``rdfs:label`` and ``skos:prefLabel`` as
        names, ``skos:altLabel`` as an alias."""
        if str(iri) in self._others:  # another domain's entity: named, but no name of this domain's resolves to it
            if predicate == RDFS.label:
                self._named.add(str(iri))
            return
        self._component_of(iri, label)
        if predicate == _ALT_LABEL:
            _index_name(self._aliases, iri, label)
        elif predicate in _NAMES:
            self._add_label(iri, label, named=predicate == RDFS.label)

    def _add_label(self, iri: URIRef, label: str, *, named: bool = True) -> None:
        """Index one name: under each key (the label, its normalised form, its match key) the
        least IRI wins, so the index is the same whatever order labels arrive in (read from the
        store at once, or observed batch by batch). ``named``: it is an ``rdfs:label``, so the
        entity is given none."""
        index = self._labels
        assert index is not None
        if named:
            self._named.add(str(iri))
        if (spelt := _spelt_out(label)) is not None:  # "James Webb Space Telescope (JWST)": "JWST" and the name name it too
            for alias in spelt:
                _index_name(self._aliases, iri, alias)
        key = name_form(label)
        if _index_name(index, iri, label) and key and self._fuzzy_recent is not None:
            bisect.insort(self._fuzzy_recent.choices, key)
            self._fuzzy_recent.index = None

    def _component_of(self, iri: URIRef, label: str) -> None:
        """Note the designation letter ``label`` ends in as written (:func:`component`)."""
        if (letter := component(label)) is not None:
            self._components.setdefault(str(iri), set()).add(letter)

    def _other_component(self, label: str, iri: URIRef) -> bool:
        """Whether ``iri`` is named with ``label``'s designation letter in the other case only:
        the star "Kepler-16 B" for the planet "Kepler-16 b", which its other keys fold alike (a phrase
        matches up to case: "PersonX gets an A")."""
        letter = None if self._exact_only else component(label)
        known = self._components.get(str(iri), ())
        return letter is not None and letter not in known and letter.swapcase() in known

    def track_writes(self) -> None:
        """This run is the store's only writer: :meth:`observe` adds what it writes to the label
        index (else the index is read from the store afresh after each write)."""
        self._tracking = True

    def observe(self, triples: Any) -> None:
        """The triples a batch just wrote to ``accepted``: labels among them join the index, and
        resolutions made before are forgotten. So each batch resolves against the store as it
        stands before the batch, written by this run or by an earlier, interrupted one: a resumed
        run mints and resolves exactly as an uninterrupted one."""
        self._stored_types.clear()
        self._minted = _empty_index()  # stored now, or not at all
        if self._labels is None:
            return  # read from the store on first use, writes included
        if not self._tracking:
            self._labels = None
            self._entities.clear()
            return
        changed = False
        for s, p, o in triples:
            if p in (RDFS.label, _PREF_LABEL, _ALT_LABEL) and isinstance(s, URIRef):
                self._add_name(s, p, str(o))
                changed = True
        if changed:
            self._entities.clear()

    def named(self, node: str) -> bool:
        """Whether the store names the entity ``node`` (N-Triples, ``<iri>``) already, as the
        label index stands before the batch being written: it gets no second label."""
        self._label_index()
        return node[1:-1] in self._named

    def knows(self, text: str) -> bool:
        """Whether the store already names an entity ``text`` (normalised, no fuzzy match):
        "Saint Helena, Ascension and Tristan da Cunha" is one name there, not a list."""
        label = clean(text)
        return bool(label) and name_form(label) in self._label_index()["norm"]

    def in_reference(self, text: str) -> bool:
        """Whether the domain's reference graph names ``text`` (a name or an alias of an entity)."""
        label = clean(text)
        return bool(label) and self._reference_entity(label)[0] is not None

    def names(self, text: str) -> bool:
        """Whether ``text`` names an entity the store or the domain's reference graph names
        (a name or an alias, normalised, no fuzzy match)."""
        label = clean(text)
        if not label:
            return False
        key = name_form(label)
        return any(key in index["norm"] for index in (self._label_index(), self._aliases, *self._reference_index()))

    def of_class(self, text: str, cls: URIRef) -> bool | None:
        """Whether ``text`` names an entity of the class ``cls`` (or a subclass), as the
        reference graph or the store types it: True, False when it names one of other classes
        only, None when it names no entity known and typed."""
        label = clean(text)
        if self.domain is None or not label:
            return None
        types = self._types_of(label)
        return cls in self.domain.index.closure(types) if types else None

    def _types_of(self, label: str) -> set[URIRef]:
        """The classes the reference graph and the store type the entity named ``label`` with."""
        types: set[URIRef] = set()
        node, _ = self._reference_entity(label)
        reference = self.domain.reference if self.domain is not None else None
        if node is not None and reference is not None and self.domain is not None:
            for typing in self.domain.index.subproperties(RDF.type):
                types |= {t for t in reference.objects(node, typing) if isinstance(t, URIRef)}
        stored = self._label_index()["norm"].get(name_form(label))
        if stored is not None:
            types |= self._types_in_store(stored)
        return types

    def _types_in_store(self, node: URIRef) -> frozenset[URIRef]:
        """The classes the store types ``node`` with, read once until the next write."""
        found = self._stored_types.get(node)
        if found is None and self.store is not None:
            rows = self.store.query(f"SELECT ?t WHERE {{ <{node}> a ?t FILTER(isIRI(?t)) }}", graph="knowledge").bindings()
            found = _keep(self._stored_types, node, frozenset(URIRef(str(row["t"])) for row in rows))
        return found or frozenset()

    def written_iri(self, text: str) -> URIRef | None:
        """The IRI ``text`` writes, or None when it is a name: an absolute IRI
        (``http://www.wikidata.org/entity/Q142``, ``urn:...``), alone or in ``<...>``, or a
        prefixed name whose prefix is the project's or the domain's (``wd:Q142``, ``res:paris``)."""
        written = text.strip()
        if written.startswith("<") and written.endswith(">"):
            written = written[1:-1]
        if not written or any(ch.isspace() for ch in written):
            return None
        if "://" in written or written.startswith("urn:"):
            iri = written
        else:
            prefix, colon, local = written.partition(":")
            namespace = self._prefixes().get(prefix) if colon else None
            if namespace is None:
                return None
            iri = namespace + local
        try:
            return URIRef(ox.NamedNode(iri).value)  # a valid IRI, safe to write as <iri>
        except ValueError:
            return None

    def _prefixes(self) -> dict[str, str]:
        """The prefixes a prefixed name may use: the project's, then the domain's own."""
        if self._prefix_map is None:
            own = {str(p): str(ns) for p, ns in self.domain.prefixes.items()} if self.domain is not None else {}
            self._prefix_map = {**own, **PREFIXES}
        return self._prefix_map

    def entity(self, label: str) -> URIRef:
        """The IRI for an entity called ``label`` (a clean, valid label)."""
        return self.named_entity(label)[0]

    def _namesake(self, relation: Relation, label: str) -> tuple[URIRef, str] | None:
        """The entity a name the head has too is of, where the relation's domain and range are
        disjoint classes and its answers are titled works (a film is based on a novel, never on
        itself; a band's album may be named after it): the range's, named with its
        class as a title's namesake is (``The Godfather (novel)`` of ``The Godfather basedOn The
        Godfather``); None where the relation may hold of a thing and itself. A name written with
        another of its names in brackets (:meth:`_glossed_alias`) is named so without it, the other
        name an alias: ``Zhuangzi (莊子)`` of Zhuangzi is "Zhuangzi (philosophical work)", "莊子" its alias."""
        index = self.domain.index if self.domain is not None else None
        d, r = (index.domain.get(relation.iri), index.range.get(relation.iri)) if index is not None else (None, None)
        if index is None or d is None or r is None or not index.disjoint(d, r) or not index.holds_works(r):
            return None  # a city-state's capital ("Capital: Singapore") is read as before
        name, aliases = self._glossed_alias(label) or (label, ())
        namesake = f"{name} ({index.label(r)})"
        return self._with_aliases(namesake, aliases) if aliases else self.named_entity(namesake)

    def named_entity(self, label: str) -> tuple[URIRef, str]:
        """The IRI for an entity called ``label`` (a clean, valid label) and the name a candidate
        gives it (its ``rdfs:label`` when new): a reference entity's own name for a name or an
        alias of it ("French Republic" is ``res:france``, "France"), else ``label``. A name from
        the reference is a :class:`kg.records.Name` with the reference label's language tag and,
        when it is another name, ``label`` as written ("Kraków" is "Krakau"@de)."""
        found = self._entities.get(label)
        if found is None:
            found = _keep(self._entities, label, self._resolve_entity(label))
        return found

    def own_name(self, text: str) -> str | None:
        """The name a run labels the entity called ``text`` with (:meth:`named_entity`) when that
        is another name: a reference entity's own for an alias of it ("French Republic" is
        "France", "UK" "United Kingdom"); else None. A question by the name the teacher used (kg
        why, kg review apply) looks the stored entity up by it."""
        label = self.clean(text)
        if self.label_problem(label) is not None:
            return None
        name = self.named_entity(label)[1]
        return name if normalize_label(name) != normalize_label(label) else None

    def _resolve_entity(self, label: str) -> tuple[URIRef, str]:
        """The entity the store names ``label`` (by a name, then by an alias); else, for a name or
        an alias of a reference entity, the entity of that entity's own name (so two names of one
        country are one entity, minted in the domain's namespace as any name is); else one whose
        name the store holds a close spelling of (fuzzy); else a new IRI minted from ``label``.
        A reference entity whose IRI lies where the domain mints and is not the one its name mints
        is that IRI (``ent:jp2 rdfs:label "John Paul II"``); a known name with a title before it
        or a gloss after it is that name (:meth:`_bare_name`); and a minted IRI the store or the
        reference gives an entity of another name is not reused: the new entity gets the hashed
        form (:func:`kg.iri.distinct_iri`)."""
        index = self._label_index()
        keys = name_keys(label)
        for names in (index, self._aliases):
            for kind, key in keys:
                if kind == "lemma" and self._exact_only:
                    break
                found = names[kind].get(key) if key else None
                if found is not None and not self._other_component(label, found):
                    return found, label
        node, own = self._reference_entity(label)
        for kind, key in keys if own is None and not self._exact_only else ():
            # "I.M. Pei" after "I. M. Pei" of the same batch: the name minted, as it is once the batch is stored
            found = self._minted[kind].get(key) if key else None
            if found is not None and not self._other_component(label, found):
                return found, label
        if own is not None and normalize_label(own) != normalize_label(label):
            iri, name = self.named_entity(own)
            return iri, Name.of(name, own.language, written=label)  # "Krakau"@de, and "Kraków" as written
        if own is not None and self._own_iri(node, own):
            return node, own  # type: ignore[return-value]
        minted = mint_iri(label, self.entity_namespace)
        aliased = None if self._exact_only or own is not None else self._glossed_alias(label)
        if aliased is not None:  # "Teollisuuden Voima Oyj (TVO)": the company, "TVO" an alias of it
            return self._with_aliases(*aliased)
        initialled = None if self._exact_only or own is not None else self._middle_named(label)
        if initialled is not None:  # "Charles Francis Richter" of a known "Charles F. Richter": that person, as written an alias
            return self._with_aliases(initialled, (label,))
        bare = None if self._exact_only or own is not None else (
            self._bare_name(label) or self._realmless(label) or self._common_noun(label) or self._unabbreviated(label) or self._noun_form(label)
            or self._other_spelling(label))
        if bare is not None:
            return self.named_entity(bare)
        close = None if own is not None or label in self._seeds else self._close_spelling(label)
        if close is not None:  # an exact name (the store's, the reference's, a seed) wins over a close spelling
            return close
        if (str(minted) in self._named and str(minted) not in self._others) or (minted in self._reference_labels and own is None) \
                or self._other_component(label, minted):
            # another entity's IRI (the store's or the reference's: ent:pavia "Battle of Pavia"
            # for the town Pavia; ent:kepler_16_b_<hash> "Kepler-16 B" for the planet "Kepler-16 b"): a new entity gets its own
            iri = distinct_iri(label, self.entity_namespace, cased=self._other_component(label, minted))
            self._component_of(iri, label)
            _index_name(self._minted, iri, label)
            return iri, label
        if own is not None and own.startswith(label) and not own[len(label) :].strip(END_MARKS):  # "Help" is the reference's "Help!"
            return minted, own
        self._component_of(minted, label)  # "Kepler-16 B" later in the same batch is another body
        if own is None:
            _index_name(self._minted, minted, label)
        return minted, label if own is None else self._reference_named(label, node, own)

    def _with_aliases(self, label: str, aliases: tuple[str, ...]) -> tuple[URIRef, str]:
        """The entity called ``label`` (:meth:`named_entity`) and its name with ``aliases`` as its
        other names, each indexed so that a later one of this batch is the entity too, as it is
        once the aliases are stored ("TVO" of "Teollisuuden Voima Oyj (TVO)")."""
        iri, name = self.named_entity(label)
        for alias in aliases:
            _index_name(self._aliases, iri, alias)
        written = getattr(name, "written", None)  # "Kraków" of the reference's "Krakau"@de, an alias too
        others = (*aliases, *([written] if written else []))
        return iri, Name.of(name, getattr(name, "language", None), others[0] if others else None, also=others[1:])

    def _reference_named(self, label: str, node: URIRef | None, own: Name) -> Name:
        """The name a candidate gives the reference's ``node`` written ``label``, a name that
        normalises as its own name ``own`` does: ``own``, with ``label`` kept as written, where
        ``label`` is as written an alias the reference gives it ("México"@es of ``res:mexico``
        "Mexico": a query for "Mexico" finds it, "México" an alias); else ``label`` (another case
        or accents the reference does not write: the teacher's), tagged as the reference's label."""
        aliased = node is not None and self._reference_index()[1]["exact"].get(label) == node
        if aliased and label != own:
            return Name.of(own, own.language, written=label)
        return Name.of(label, own.language)

    def known_casing(self, label: str) -> str | None:
        """The name the reference or the domain's seeds write ``label`` as, where they write it in
        another case only: the reference's own name ("aragonite", "monoclinic" of "Aragonite",
        "Monoclinic"), else the one seed written so ("Molina de Aragón" of "molina de aragón");
        None where they write it so, otherwise, or not at all (a name in two cases among the
        seeds, "Reading" and "reading", is neither). A run labels a new entity so, not in the
        casing of whichever answer named it first."""
        _, own = self._reference_entity(label)
        if own is not None:
            return own if own != label and own.casefold() == label.casefold() and not _cased_apart(label, own) else None
        cased = self._seed_cases.get(label.casefold(), ())
        return cased[0] if len(cased) == 1 and cased[0] != label and not _cased_apart(label, cased[0]) else None

    def _own_iri(self, node: URIRef | None, name: str) -> bool:
        """Whether the reference's ``node`` named ``name`` is the entity's IRI in a run: the
        reference's own where the domain mints and not the IRI the name mints (``ent:jp2``
        "John Paul II"; a reference minted from its names, as geography's, mints as a run does)."""
        return node is not None and str(node).startswith(str(self.entity_namespace)) and node != mint_iri(name, self.entity_namespace)

    def iri_for(self, text: str) -> URIRef | None:
        """The IRI a run gives the entity called ``text`` (:meth:`entity`: ``ent:jp2`` for "Karol
        Wojtyła", the reference's own), None for text that names none. :class:`kg.api.KnowledgeGraph`
        resolves a name the store does not hold so."""
        label = self.clean(text)
        return self.entity(label) if label and self.label_problem(label) is None else None

    def _realmless(self, label: str) -> str | None:
        """The ruler the store or the reference names without the realm ``label`` writes after the
        name and number ("Henry VII of England" of a known "Henry VII", "Louis XIII of France" of
        "Louis XIII": :func:`regnal_name`), where no other known name goes on from it (a known "Henry
        IV of France" beside "Henry IV" leaves "Henry IV of England" a name of its own); else None."""
        ruled = regnal_name(label)
        if ruled is None or not self.names(ruled[0]):
            return None
        longer = [n for n in self._known_by("first", ruled[0].split()[0]) if n.startswith(f"{ruled[0]} ")]
        return None if longer or not self._known_by("written", ruled[0]) else ruled[0]

    def _bare_name(self, label: str) -> str | None:
        """The name the store or the reference knows that ``label`` writes with a title before it
        ("Queen Elizabeth II", "King Louis XIV": :data:`_TITLED`) or a bracketed gloss after it that
        names the same entity, an alias the store or the reference holds for it ("Louis XIV (the Sun
        King)"), or its name in another script ("Spirited Away (千と千尋の神隠し)": the name in the
        domain's script), or an article or a preposition of the domain's language before it
        (:meth:`_unled`: "la Bavière", "l’Allemagne", "en Bavière"), a known acronym written with
        dots ("The U.S." of "US"), a known name before its designation ("Space Shuttle Columbia
        (OV-102)", unless a seed is written so), or a known acronym after its spelt-out name ("James Webb Space Telescope (JWST)"
        of "JWST"), or a known person's name written surname first ("Kojima, Hideo"); else None. A gloss that names nothing known or
        another entity ("Paris (Texas)", "Mercury (planet)", "Jordan (river)") makes the whole label
        another thing."""
        if (lead := _lead(self.language)) is not None and not self.known_as_written(label) and (bare := self._unled(label, lead)):
            return bare
        if (unauthored := self._unauthored(label)) is not None:
            return unauthored
        if (identified := self._identified(label)) is not None:
            return identified
        match = _GLOSSED.fullmatch(label)
        if match is not None:
            base, gloss = match.group("name"), match.group("gloss")
            if _spelt_out(label) is not None and self.names(gloss):  # "James Webb Space Telescope (JWST)" of a known "JWST"
                return gloss
            own = [n for n in (base, gloss) if foreign_script(n, self.language) is None or letter_symbol(n)]  # "π⁻ (the π⁺ and ...)": a symbol
            if len(own) == 1:  # "Spirited Away (千と千尋の神隠し)": the name and its original script
                return own[0]
            same = self.names(gloss) and self.named_entity(gloss)[0] == self.named_entity(base)[0]
            if _DESIGNATION.fullmatch(gloss) and self.names(base) and not self.known_as_written(label):
                return base  # "Space Shuttle Columbia (OV-102)" of a stored Space Shuttle Columbia, as a chat answer reads it
            return base if same else None
        legal = _LEGAL_FORM.fullmatch(label)  # "Intel Corporation", "Tesla, Inc." of a known "Intel", "Tesla"
        if legal is not None and self.names(legal.group("name")):
            return legal.group("name")
        if label[:1].isupper() and legal is None:  # "Intel" of a known "Intel Corporation", where one entity has such a name
            formed = {self.named_entity(n)[0]: n for f in _LEGAL_FORMS for n in (f"{label} {f}", f"{label}, {f}") if self.names(n)}
            if len(formed) == 1:
                return next(iter(formed.values()))
        inverted = _SURNAME_FIRST.fullmatch(label)  # "Kojima, Hideo" of a known "Hideo Kojima"
        if inverted is not None and self.names(given_first := f"{inverted.group('given').strip()} {inverted.group('surname')}"):
            return given_first
        dotted = _DOTTED.fullmatch(label)  # "The U.S.", "U.K.": the known acronym "US", "UK" (an alias's dots are no name's)
        if dotted is not None and self.names(undotted := dotted.group("letters").replace(".", "")):
            return undotted
        short = re.fullmatch(r"(?:[Tt]he\s+)?(?P<letters>(?:[A-Z]\.?){2,3})", label)  # "U.S.", "USA": the stored country's own name
        named = [n for n in SHORT_FORMS.get(short.group("letters").replace(".", ""), ()) if self.names(n)] if short is not None else []
        if len(named) == 1 or len(named) > 1 and len({self.named_entity(n)[0] for n in named}) == 1:
            return named[0]
        if (country := self._country_written_otherwise(label)) is not None:
            return country
        titled = _TITLED.fullmatch(label)
        bare = titled.group("name") if titled else ""
        return bare if bare[:1].isupper() and self.names(bare) else self._short_form_of(label)

    def _identified(self, label: str) -> str | None:
        """The known identifier ``label`` writes with a known name of the same entity after it:
        "CWE-125" of "CWE-125 Out-of-bounds Read", the reference's CWE-125 having that alias; None
        where either part is unknown or they name two entities (a name after an identifier may be
        its maker's: "SR-71 Lockheed")."""
        match = _IDENTIFIED.fullmatch(label)
        if match is None or not self.names(match.group("id")) or not self.names(match.group("name")):
            return None
        same = self.named_entity(match.group("id"))[0] == self.named_entity(match.group("name"))[0]
        return match.group("id") if same else None

    def _unauthored(self, label: str) -> str | None:
        """The taxon's name ``label`` writes with its authority after it (:data:`_AUTHORED`), the
        name's gloss, where the domain names taxa (:meth:`_of_taxa`) or the store or the reference
        knows the name: "Quercus robur L." is Quercus robur, "Salvia L." a known Salvia; else None.
        The authority abbreviates (a dot, or the lone "L" of "L." whose dot was cleaned off) or
        gives its year; a genus alone is known, in a domain of taxa ("Sirius A" is a star); the epithet is no particle of a person's name:
        "Henry L.", "Vincent van Gogh", "Carl von Linné" are no taxa."""
        match = _AUTHORED.fullmatch(label)
        if match is None or any(label in names["exact"] for names in (self._label_index(), self._aliases, *self._reference_index())):
            return None  # a name the store or the reference holds with its authority is its own
        name, epithet, authority = match.group("name", "epithet", "authority")
        if not ("." in authority or re.search(r"\d{4}", authority) or authority == "L") or epithet in _NAME_JOINS:
            return None
        if epithet is None:  # a genus alone: a known one, in a domain of taxa ("Sirius A", "Sirius B." are stars)
            return name if self.names(name) and self._of_taxa() else None
        return name if self.names(name) or self._of_taxa() else None

    def _of_taxa(self) -> bool:
        """Whether the domain names taxa: a class of it is named so (:data:`_TAXA`: "plant
        species", "Genus", "Taxon")."""
        if self.domain is None:
            return False
        index = self.domain.index
        return any(_TAXA.search(local_name(URIRef(c))) or _TAXA.search(index.label(URIRef(c))) for c in _domain_classes(self.domain))

    def _country_written_otherwise(self, label: str) -> str | None:
        """The one name the store or the reference knows a country by that ``label``, another of
        its names in :data:`SHORT_FORMS`, writes otherwise: "United States of America" of a known
        "United States" or "USA", "United Kingdom" of a known "UK"; else None ("United States
        Navy" is none of them)."""
        forms = next(((short, *names) for short, names in SHORT_FORMS.items() if label in names), None)
        named = [n for n in forms or () if n != label and self.names(n)]
        if named and len({self.named_entity(n)[0] for n in named}) == 1:
            return named[0]
        return self._renamed_country(label)

    def _renamed_country(self, label: str) -> str | None:
        """The country the store or the reference knows, by the name written so (capitalised:
        the food "turkey" is no country), that ``label`` names by its other name in
        :data:`RENAMED_COUNTRIES`: "Türkiye" of a known "Turkey", "Burma" of a known "Myanmar";
        else None."""
        key = normalize_label(label)
        names = next((n for n in RENAMED_COUNTRIES if key in map(normalize_label, n)), ())
        known = [n for n in names if normalize_label(n) != key and self.known_as_written(n) and self._may_be_country(n)]
        return known[0] if len(known) == 1 else None

    def _may_be_country(self, name: str) -> bool:
        """Whether the entity named ``name`` is typed as a country (a class whose name says
        country, nation or state) or not typed at all: a food "Turkey" is no country."""
        types = self._types_of(name)
        index = self.domain.index if self.domain is not None else None
        named = [local_name(t) + " " + (index.label(t) if index is not None else "") for t in types]
        return not types or any(re.search(r"(?i)countr|nation|state", n) for n in named)

    def _short_form_of(self, label: str) -> str | None:
        """The one name the store or the reference knows that ``label`` writes short: a plural in
        "-oes" of a known "-o" ("Anopheles mosquitoes"; "shoes" is no "sho"), a genus by its initial
        (:data:`_GENUS_INITIAL`: "P. falciparum" of the one known "Plasmodium falciparum"; not "E.
        coli" where "Escherichia coli" and "Entamoeba coli" are known) or a name's first words by their
        initials before a joining word (:data:`_INITIALS`, :func:`_initials_of`: "DR Congo" of
        "Democratic Republic of the Congo"; not "JP Morgan" of "John Pierpont Morgan"); else None."""
        if re.fullmatch(r".*\s[a-z]+oes", label) and self.names(label[:-2]):  # "Anopheles mosquitoes"; no "sho" for "shoes"
            return label[:-2]
        if (genus := _GENUS_INITIAL.fullmatch(label)) is not None:
            pattern = re.compile(rf"{genus.group('initial')}[a-z]+ {re.escape(genus.group('epithet'))}")
            return self._one_known(n for n in self._known_by("last", genus.group("epithet").split()[-1]) if pattern.fullmatch(n))
        if (initials := _INITIALS.fullmatch(label)) is not None:
            rest, letters = initials.group("rest"), initials.group("letters")
            return self._one_known(n for n in self._known_by("last", rest) if n.endswith(" " + rest) and _initials_of(letters, n[: -len(rest)]))
        return None

    def _middle_named(self, label: str) -> str | None:
        """The one known person whose name is ``label`` with a middle name written as its initial,
        or its initial written out (:func:`_middle_initialled`): "Charles Francis Richter" of a known
        "Charles F. Richter", "John F. Kennedy" of a known "John Fitzgerald Kennedy"; else None: no
        middle name on one side ("John Smith", "John A. Smith" may be two people), another initial
        ("Charles B. Richter"), an entity of no class of people, or two people who fit."""
        words = label.split()
        if self.domain is None or not 3 <= len(words) <= _NAME_WORDS or not all(_NAME_PART.fullmatch(w) for w in words):
            return None
        people = self.domain.index.holds_people
        fits = (n for n in self._known_by("last", words[-1]) if _middle_initialled(label, n) and any(people(t) for t in self._types_of(n)))
        return self._one_known(fits)

    def class_names(self, cls: URIRef) -> tuple[str, ...]:
        """The own names the domain's reference graph gives its entities of the class ``cls`` (or a
        subclass of it), as written: "Pacific Plate", "Eurasian Plate" of tectonic plates."""
        found = self._class_names.get(cls)
        if found is None:
            self._reference_index()
            reference = self.domain.reference if self.domain is not None else None
            index = self.domain.index if self.domain is not None else None
            typings = index.subproperties(RDF.type) if index is not None else set()
            found = tuple(
                str(name) for node, name in self._reference_labels.items()
                if reference is not None and index is not None
                and cls in index.closure({t for p in typings for t in reference.objects(node, p) if isinstance(t, URIRef)})
            )
            self._class_names[cls] = found
        return found

    def class_word(self, cls: URIRef) -> str | None:
        """The word every name the reference gives an entity of ``cls`` ends in, as written, where
        it names two or more: "Plate" of "Pacific Plate", "Juan de Fuca Plate"; None where one name
        ends otherwise ("Japan Trench" beside "San Andreas Fault"), or is that word alone."""
        names = self.class_names(cls)
        last = {n.split()[-1] if len(n.split()) > 1 else "" for n in names}
        return next(iter(last)) or None if len(names) > 1 and len(last) == 1 else None

    def _known_by(self, kind: str, key: str) -> list[str]:
        """The names the store and then the reference give their entities, as written, whose
        ``kind`` (:class:`_NameWords`: "first" or "last" word, "initials", "folded" name, the name
        as "written") is ``key``: one index lookup, not a scan of every known name per candidate."""
        labels = self._label_index()["exact"]
        if self._words is None or self._words[0] is not labels:  # the label index was read afresh
            self._words = (labels, _NameWords())
        if self._reference_words is None:
            self._reference_words = _NameWords().update(self._reference_index()[0]["exact"])
        return [*self._words[1].update(labels).get(kind, key), *self._reference_words.get(kind, key)]

    def _one_known(self, names: Iterable[str]) -> str | None:
        """The first of ``names`` when they name one entity (:meth:`named_entity`); else None."""
        found = {self.named_entity(n)[0]: n for n in names}
        return next(iter(found.values())) if len(found) == 1 else None

    def glossed(self, name: str, gloss: str) -> bool:
        """Whether a chat answer's bracketed ``gloss`` after ``name`` is another name of it, an
        alias read as a row of a file or a seed reads ``name (gloss)``: the one decision of
        :meth:`_glossed_alias` ("Cronus (Kronos)", "Luiz Inácio Lula da Silva (Lula)"; not "Le
        Corbusier (Paris)", "Joe Biden (Democratic Party)")."""
        return not self._exact_only and "(" not in gloss + name and self._glossed_alias(f"{name} ({gloss})") is not None

    def _glossed_alias(self, label: str) -> tuple[str, tuple[str, ...]] | None:
        """(name, aliases) of a name written with other names of it in brackets, the one decision
        of what a bracket after a name is, for a seed, a row of a file and a chat answer alike
        (:meth:`glossed`): an abbreviation either way (:func:`_abbreviates`: "Teollisuuden Voima
        Oyj (TVO)", "TEPCO (Tokyo Electric Power Company)"), an airport's codes ("London Heathrow
        Airport (LHR/EGLL)": its first), the name in another script ("Three Gorges Dam (三峡大坝)")
        or other names (:func:`_other_names`: "Burj Khalifa (Burj Dubai)", "Mount Everest
        (Sagarmatha / Chomolungma)", "Denali (formerly Mount McKinley)"): the name, the one the
        store or the reference knows where only the other is unknown, and the aliases, kept as
        ``skos:altLabel`` so that a later "TVO" or "Burj Dubai" is the same entity; (name, ()) of a
        known name with a share after it ("Ørsted (50%)"), a long subtitle ("The Night Watch
        (Militia Company of District II ...)") or another culture's name of another thing
        ("Minerva in Rome"); else None, the label kept whole: a disambiguator ("Paris (Texas)",
        "Mercury (planet)", "Weezer (Blue Album)"), a model's code, part of its name ("911
        (992)", "BMW 3 Series (E36)"), a note ("Purple Rain (1984)"), an owner ("Itaipu Dam
        (Itaipu Binacional)") or a name the store gives another entity."""
        match = _GLOSSED.fullmatch(label)
        if match is None:
            return None
        base, gloss = match.group("name").strip(), match.group("gloss").strip()
        if any(noble_title(g) or _MAIDEN_SURNAME.fullmatch(g) for g in _NAME_LIST.split(gloss)):
            return base, ()  # "Antoine de Bourbon (Duke of Vendôme)", "Elizabeth Boleyn (née Howard)": a title, a family's name; no alias
        if _PRESENT_DAY.match(gloss):  # "Königsberg (modern-day Kaliningrad)": where it lies today, no other name
            return base, ()
        if _REACTION_OR_SHARE.search(gloss):  # "muon (K⁺ → μ⁺ν_μ, 63.6%)": a decay and its share, a note, no other name
            return base, ()
        if _SHARE.fullmatch(gloss) or (len(gloss.split()) >= _SUBTITLE_WORDS and gloss[:1].isupper() and self.names(base)):
            return base, ()
        scripts = [None if letter_symbol(n) else foreign_script(n, self.language) for n in (base, gloss)]  # "π⁻": a symbol
        if scripts.count(None) == 1:  # "Spirited Away (千と千尋の神隠し)": the name, and its name in its own script
            own, other = (base, gloss) if scripts[0] is None else (gloss, base)
            return (own, ()) if self._a_language(own) else (own, (other,))  # "Russian (Преступление и наказание)": a title, no alias
        if kind_synonym(base, gloss) or latin_name(base, gloss):
            aliases: tuple[str, ...] = (gloss,)  # "Fibular artery (peroneal artery)", "Deep brachial artery (profunda brachii)"
        elif _GROUP_CODE.fullmatch(gloss) and not any(ch.isdigit() for ch in base):
            aliases = (gloss,)  # "Phosphorus (APT35)", "LuckyMouse (APT27)": the group, its tracking code an alias
        elif (codes := _CODES.fullmatch(gloss)) is not None and _coded(codes.group("code"), base):
            aliases = (codes.group("code"),)  # "London Heathrow Airport (LHR/EGLL)": its first code the alias
        elif _abbreviates(gloss, base) or _abbreviates(base, gloss) or _native(gloss, base):
            aliases = (gloss,)
        elif _modified_group(base, gloss):
            return base, ()  # "Russians (Russian Germans)": another group, its name a note
        elif (named := _other_names(base, gloss, self.language)) is None:
            return (base, ()) if _RENAMED.match(gloss) else None  # "Bohemia (now Czech Republic)": the first name
        elif _RENAMED.match(gloss) and (current := next((a for a in named if self._held(a)), None)) is not None:
            return current, () if self._held(base) else (base,)  # "2019-nCoV (now SARS-CoV-2)" of a known SARS-CoV-2
        elif (known := self._known_also(base, gloss, named)) is not None:
            return known, (base,)
        else:
            aliases = tuple(a for a in named if not (self.names(a) and self.named_entity(a)[0] != self.named_entity(base)[0]))
            if len(aliases) < len(named):  # "Eiffel Tower (Paris)" of a known Paris: another thing, the label whole
                return None
            if not aliases:
                return base, ()
        known = next((a for a in aliases if self._held(a)), None)
        if known is not None and not self._held(base):
            return known, tuple(a for a in (base, *aliases) if a != known)
        return base, aliases

    def _a_language(self, name: str, relation: Relation | None = None) -> bool:
        """Whether ``name`` is a language: the ``relation`` it answers ranges over a class of
        languages (a class named so, or under one), or the name is one (its last word a language's
        or a people's, :data:`kg.languages.LANGUAGE_NAMES`: "Russian", "Old English"; or the store or the reference
        types it with such a class). Another script's words in brackets after it are then no other
        name of it, more often a work's title in that language ("Russian (Преступление и наказание)")."""
        languages = self._language_classes()
        if relation is not None and relation.range in languages:
            return True
        return any(w in LANGUAGE_NAMES for w in name.split()[-1:]) or any(self.of_class(name, c) for c in languages)

    def _language_classes(self) -> frozenset[URIRef]:
        """The domain's classes of languages: named with the word "language" or "tongue", or under one."""
        if self._languages is None:
            index = self.domain.index if self.domain is not None else None
            classes = index.classes if index is not None else set()
            named = {c for c in classes if re.search(r"(?i:language|tongue)", local_name(c))}
            self._languages = frozenset(c for c in classes if index is not None and index.ancestors(c) & named)
        return self._languages

    def _known_also(self, base: str, gloss: str, named: tuple[str, ...]) -> str | None:
        """The one other name a gloss that says "also called", "also known as" or "aka" gives
        (``named``, :func:`_other_names`), where the store or the reference names it and not
        ``base``: "Luzon Arc (also called the Luzon Volcanic Arc)" is the reference's Luzon
        Volcanic Arc, the gloss vouching that both name one thing; else None ("formerly", "now" or
        a bare name may name another thing: "Czechia (formerly Czechoslovakia)")."""
        if _ALSO_CALLED.match(gloss) is None or len(named) != 1 or self._held(base):
            return None
        return named[0] if self.names(named[0]) else None

    def _held(self, name: str) -> bool:
        """Whether the store or the reference names ``name`` (:meth:`names`), or this batch minted it."""
        return self.names(name) or any(self._minted[kind].get(key) is not None for kind, key in name_keys(clean(name)) if key)

    def _unled(self, label: str, lead: re.Pattern[str]) -> str | None:
        """``label`` without the articles and prepositions before its name (:func:`_lead`), when
        the last of them is in lower case before a capitalised word (``la Bavière``, ``en la comunidad
        de Castilla y León``; not ``in vitro``) or the store or the reference knows the name without
        them (``En Bavière``); else None: a capitalised article is a name's own (``Le Havre``, ``Den
        Haag``, ``Die Blechtrommel``), dropped only for a relation's range (:meth:`_unarticled`)."""
        rest, lower = label, False
        while (found := lead.match(rest)) is not None and (rest[:1].islower() or not self._article(found.group(0))):
            lower = rest[:1].islower()
            rest = rest[found.end() :]
            if self.names(rest):
                return rest
        return rest if lower and any(w[:1].isupper() for w in rest.split()) else None

    def _common_noun(self, label: str) -> str | None:
        """``label`` without the article before a common noun, all its words in lower case (``The
        eagle``, ``the owl``: a sentence's article, the thing is ``eagle``; ``The Hague`` keeps its
        own); else None."""
        if self.known_as_written(label):  # a seed's "The xx"
            return None
        first, _, rest = label.partition(" ")
        articles = {a.strip().casefold() for a in self.language.articles} or _ARTICLES
        return rest if first.casefold() in articles and rest and all(w[:1].islower() for w in rest.split()) else None

    def _unabbreviated(self, label: str) -> str | None:
        """The known name ``label`` writes with "Mt"/"Mt." for "Mount" before a capitalised word
        (:func:`_full_spellings`): "Mt Vesuvius" of a known "Mount Vesuvius", "Mt. St. Helens" of
        "Mount St. Helens", "Vit. E" of "vitamin E"; else None ("Mt Isa" stays as written where no "Mount Isa" is known)."""
        return next((name for name in _full_spellings(label) if self.names(name)), None)

    def _other_spelling(self, label: str) -> str | None:
        """The one known name ``label`` spells the British or the American way where it spells it
        the other (:func:`_spellings`): "sulphide" of a known "sulfide", "Colour" of "Color",
        "aluminum" of "aluminium", "centre" of "center"; else None (no known name so spelt, or
        two: a wrong merge is worse than two entities)."""
        spelt = _spellings(label)
        nouns = [f for name in spelt if (lowered := name[:1].lower() + name[1:]).islower() for f in _noun_forms(lowered)]  # "Sulphides"
        known = self._one_known(name for name in (*spelt, *nouns) if self.names(name))
        return self._as_known(known) if known is not None else None

    def _as_known(self, name: str) -> str:
        """``name`` as the store or the reference writes it, where one writes it in other case
        ("Dietary fiber" of a known "dietary fiber"); else as it is."""
        folded = name.casefold()
        return next(iter(self._known_by("folded", folded)), name)

    def _noun_form(self, label: str) -> str | None:
        """The known common noun (a label all in lower case, as the store or the reference writes
        it) that ``label``, in lower case but for its first letter, writes hyphenated or in the
        plural (:func:`_noun_forms`): "Strato-volcano" and "stratovolcanoes" of "stratovolcano";
        else None (a capitalised name is no plural: "The Doors", "Andes")."""
        lowered = label[:1].lower() + label[1:]
        if not lowered.islower() or self._exact_only:
            return None
        held = (self._label_index()["exact"], self._reference_index()[0]["exact"])
        return next((form for form in _noun_forms(lowered) if any(form in index for index in held)), None)

    def _article(self, word: str) -> bool:
        """Whether ``word`` as :func:`_lead` matched it (``El ``, ``l’``) is an article of the
        domain's language, not a preposition."""
        return word.strip().replace("’", "'").casefold() in self.language.articles

    def _unarticled(self, label: str, relation: Relation) -> str:
        """``label`` without a capitalised article before its name (``Die Bundesrepublik``) when the
        name without it is a thing of the relation's range: one the reference or the store types
        so, or one the relation already names as an object; else ``label`` (``El Salvador``, ``Den
        Haag``, ``La Paz``: a name's own article, whatever else is called ``Salvador``)."""
        lead = _lead(self.language)
        found = lead.match(label) if lead is not None and label[:1].isupper() else None
        if found is None or not self._article(found.group(0)) or self.names(label):
            return label
        bare = label[found.end() :]
        if relation.range is not None and self.of_class(bare, relation.range):
            return bare
        node, _ = self._reference_entity(bare)
        reference = self.domain.reference if self.domain is not None else None
        if node is not None and reference is not None and (None, relation.iri, node) in reference:
            return bare
        stored = self._label_index()["norm"].get(name_form(bare)) if self.names(bare) else None
        if stored is not None and self.store is not None:
            rows = self.store.query(f"SELECT ?s WHERE {{ ?s <{relation.iri}> <{stored}> }} LIMIT 1", graph="knowledge").bindings()
            return bare if rows else label
        return label

    def _unschemed(self, label: str, relation: Relation) -> str:
        """``label`` without the scheme's name before its code where the relation is called by
        that name, capitalised (:data:`_SCHEMED`: "Köppen BWh" of a "Köppen climate classification"
        is "BWh", as a bare "BWh" is); else ``label`` (a name the store or the reference holds whole too)."""
        found = _SCHEMED.fullmatch(label)
        if found is None or self.names(label):
            return label
        schemes = {fold_accents(w.casefold()) for phrase in relation.synonyms for w in phrase.split() if w[:1].isupper()}
        return found.group("code") if fold_accents(found.group("scheme").casefold()) in schemes else label

    def _close_spelling(self, label: str) -> tuple[URIRef, str] | None:
        """The entity whose name the store or the reference holds a close spelling of
        (:meth:`_fuzzy_best`, the better of the two; the store's on a tie): "Saint Petersbourg" of
        a stored "Saint Petersburg", "Fyodor Dostoyevsky" of the reference's "Fyodor Dostoevsky"
        (its own name, the spelling as written an alias); never one told apart by a number or a
        letter (:func:`_same_markers`: "type 2 diabetes" is no "type 1 diabetes") or by a short
        word (:func:`_short_words_alike`: "Jon Snow" is no "John Snow"), nor a reference name
        for a name of one word ("Georgina" is no "Georgia"); else None."""
        from extractors.fuzzy import FuzzyIndex
        from rapidfuzz import fuzz

        if not self.fuzzy or self._exact_only:
            return None
        key = normalize_label(label)
        norm = self._label_index()["norm"]
        stored = self._fuzzy_best(key, self.fuzzy) if norm else None
        named = self._reference_index()[0]["norm"]
        if self._reference_fuzzy is None:
            self._reference_fuzzy = FuzzyIndex(sorted(named), self.fuzzy)
        # a name of one word only as the reference writes it: a letter apart is another name as
        # often as a typo ("Georgina" is no "Georgia", "Savannah" a city as well as a savanna)
        known = self._reference_fuzzy.best(key) if named and " " in key else None
        found = [(best, nodes) for best, nodes in ((stored, norm), (known, named))
                 if best is not None and _same_markers(best, key) and _short_words_alike(best, key)
                 and not self._other_component(label, nodes[best])]
        if not found:
            return None
        best, nodes = max(found, key=lambda f: fuzz.ratio(key, f[0]))  # the store's first on a tie
        if nodes is norm:
            return norm[best], label
        own = self._reference_labels.get(named[best])
        if own is None:
            return None
        iri, name = self.named_entity(own)
        return iri, Name.of(name, own.language, written=label)

    def _fuzzy_best(self, key: str, cutoff: float) -> str | None:
        """The first of the sorted normalised labels with the best fuzz.ratio >= fuzzy, as
        rapidfuzz's extractOne picks it, found through q-gram indexes instead of a scan: one
        over the labels when it was built, one over those observed since (rebuilt when they
        change; merged into the first when they reach a quarter of it)."""
        from extractors.fuzzy import FuzzyIndex

        norm = self._label_index()["norm"]
        main = self._fuzzy_index
        recent = self._fuzzy_recent
        if main is None or main.cutoff != cutoff or (recent is not None and 4 * len(recent.choices) > len(main.choices)):
            main = self._fuzzy_index = FuzzyIndex(sorted(norm), cutoff)
            recent = self._fuzzy_recent = _Recent([], None)
        best = main.best(key)
        if recent is None or not recent.choices:
            return best
        if recent.index is None:
            recent.index = FuzzyIndex(recent.choices, cutoff)
        other = recent.index.best(key)
        if best is None or other is None:
            return best if other is None else other
        from rapidfuzz import fuzz

        a, b = fuzz.ratio(key, best), fuzz.ratio(key, other)
        return best if a > b or (a == b and best < other) else other

    def empty(self, completion: Completion, extractor: str) -> Unreadable:
        """An empty answer, quarantined with its reason: it was dropped without a word (21 empty
        answers made a run that reported success and kept nothing)."""
        if completion.teacher.startswith((FILE_SOURCE, TABLE_SOURCE)):  # a row of a user's file: no teacher answered
            why = "the file's cell is empty"
        else:
            why = "the teacher's answer is empty" + (" (the token limit was reached: raise max_tokens)" if completion.truncated else "")
        self.stats.unreadable[why] += 1
        return Unreadable(completion, completion.text[:2000], extractor, why)

    def literal(self, relation: Relation, text: str) -> Literal | None:
        """The literal object of a data property, typed by its datatype, or None if unreadable
        (:func:`value_literal` in the teacher's language; a number given as one, :class:`NumberText`,
        in none: 141.063 is no 141063 in a German domain)."""
        return value_literal(relation, text, ENGLISH if isinstance(text, NumberText) else self.language)

    # -- candidates ---------------------------------------------------------------------------

    def _label(self, text: str, markdown: bool) -> str:
        """``text`` cleaned as a label: underscores around it are emphasis in a model's Markdown
        (``_numpy_``), but not around a name the store holds with them (a file's ``_ctypes_``,
        then a model's answer naming it)."""
        label = self._as_written(text, clean(text, markdown=markdown), markdown)
        if not markdown or "_" not in text or (written := clean(text, markdown=False)) == label:
            return label
        return written if name_form(written) in self._label_index()["norm"] else label

    def _as_written(self, text: str, label: str, markdown: bool) -> str:
        """``label`` with the marks that end ``text`` where a name known so has them
        (:meth:`known_as_written`): "Help!", "Takk...", the band "!!!"; else ``label``."""
        if label and label[-1:] not in END_MARKS and text.rstrip(" \t\n\"'`“”‘’«»*_")[-1:] not in END_MARKS:
            return label
        written = clean_written(text, markdown)
        return written if written != label and self.known_as_written(written) else label

    def _text_stopped(self, relation: Relation, written: str, label: str, markdown: bool) -> str:
        """The text value ``label`` with the full stop that ends ``written`` where it ends an
        abbreviation (:func:`extractors.text.text_abbreviated`: "L.", "(Suckow) Borkh.") or where
        the domain's reference holds the value so for ``relation`` (a lone "Mill.", which no rule
        tells from a sentence's last word, "Spring."); "Oil on canvas." stays "Oil on canvas"."""
        stopped = clean_written(written, markdown)
        if label.endswith(".") or stopped != label + ".":
            return label
        reference = self.domain.reference if self.domain is not None else None
        held = reference is not None and (None, URIRef(str(relation.iri)), Literal(stopped)) in reference
        return stopped if held or text_abbreviated(stopped) else label

    def candidate(
        self,
        completion: Completion | None,
        extractor: str,
        span: str,
        subject: str,
        relation: Relation,
        obj: str,
        *,
        out: list[Candidate | Unreadable],
        rationale: str | None = None,
    ) -> Candidate | None:
        """Build one candidate from raw subject / object text; appends to ``out`` either the
        candidate or an :class:`Unreadable` (and counts "none" answers as dropped). ``rationale``
        is the teacher's reason given with the triple, kept (whitespace tidied) with the candidate."""
        # in a file (a CSV of IRIs, a SPARQL result), an IRI or a prefixed name is that entity, as
        # the Python API and RDF input read it, never a label to mint a res: entity from; a
        # model's answer names things, and its entities are minted
        from_file = self.from_file(completion)
        s_iri = self.written_iri(subject) if from_file else None
        o_iri = self.written_iri(obj) if from_file and not relation.object_is_literal else None
        markdown = not from_file and extractor not in ("json", "rdf")  # a file's "_private_", a JSON string's "_ctypes_": no emphasis
        s_label = "" if s_iri is not None else self._label(subject, markdown)
        obj = _feet_inches_primed(relation, obj)  # "about 5'3\"": its quotation mark the inches', no quote to clean off
        o_label = "" if o_iri is not None else self._label(obj, markdown)
        if from_file and self.domain is not None:  # a file's "Sir Keir Starmer KCB KC", "The Rt Hon. Boris Johnson": the person's name
            people = self.domain.index.holds_people
            if not relation.object_is_literal and relation.range is not None and people(relation.range) and not self.names(o_label):
                o_label = untitled_person(o_label)
            if relation.domain is not None and people(relation.domain) and not self.names(s_label):
                s_label = untitled_person(s_label)
        if text_valued(relation) and not isinstance(obj, NumberText):  # "L.", "(Suckow) Borkh.": the authority's own stop
            o_label = self._text_stopped(relation, obj, o_label, markdown)
        if not self._phrases and not from_file:  # "🇪🇨 Ecuador": decoration, no part of a name (a phrase may end in one: "to share with 👨‍👩‍👧")
            s_label, o_label = (self._label(bare, markdown) if (bare := undecorated(x)) != x else x for x in (s_label, o_label))
        if self._phrases and markdown:  # "_happy_": one word in italics (a phrase is no identifier)
            s_label, o_label = (clean(m.group(2)) if (m := UNDERSCORE_EMPHASIS.fullmatch(x)) else x for x in (s_label, o_label))
        if self._phrases and not (completion is not None and completion.teacher.startswith(FILE_SOURCE)):
            # "To get married", "Happy": a chat model's sentence case, not a name; a JSON or RDF
            # file's labels keep the case they were written in
            s_label, o_label = phrase_case(s_label), phrase_case(o_label)
        for which, label, iri_given in (("subject", s_label, s_iri), ("object", o_label, o_iri)):
            if iri_given is not None:
                continue
            problem = self.label_problem(label)
            if (problem == "none answer" and which == "object" and label == "NA" and rationale
                    and label_before_value(relation, label, rationale, span)):
                problem = None  # "NA: May 13, 2016": North America's date, its label no "N/A"
            if problem is None and which == "object" and self._no_person(relation, label):
                problem = "none answer"  # "Anonymous" as Beowulf's author: no one person of every anonymous work
            if (problem is None and which == "object" and self.names_none(completion) and (glossed := _GLOSSED.fullmatch(label))
                    and self.label_problem(glossed["name"]) == "none answer" and not self._named_none(which, relation, glossed["name"])):
                problem = "none answer"  # a file's "N/A (still operating)": a none answer and its remark
            if problem == "none answer" and self.names_none(completion):
                # a row of a user's file is a fact they wrote: "Nobody 2 sequelOf Nobody" names the
                # film; a none word there that names nothing is listed, never lost in a count
                if not self._named_none(which, relation, label):
                    out.append(Unreadable(completion, span, extractor, f"{which} is a none answer, no fact: {label[:80]!r}"))
                    return None
                problem = None
            if problem is None and which == "object" and completion is not None and not from_file and not relation.object_is_literal:
                # a model's answer in another language ("Москва" in an English domain) would mint
                # an entity beside the one it names; a user's own file or API call may name so, and
                # a text value (a native name) may be in any script
                script = foreign_script(label, self.language)
                if script is not None and not letter_symbol(label):  # "π⁻", "μ⁺ + ν_μ": symbols, no Greek
                    out.append(Unreadable(completion, span, extractor, f"object written in {script} script, not in the domain's "
                                          f"language ({self.language.name}): {label[:80]!r}"))
                    return None
            if problem == "none answer" or (problem == "empty" and which == "object"):
                self.stats.drop(f"{which}: {problem}")
                return None
            if problem is not None:
                out.append(Unreadable(completion, span, extractor, f"{which} {problem}: {label[:80]!r}"))
                return None
        if o_iri is None and (scaled := self._own_scale_intensity(relation, obj, o_label, rationale)) is not None:
            if scaled[0] is None:  # "shindo 7 (JMA scale)" of a Mercalli intensity
                out.append(Unreadable(completion, span, extractor, f"object is {scaled[1]}: {clean(span)[:80]!r}"))
                return None
            o_label = obj = scaled[0]  # "MMI X", "XII (Extreme) on the Modified Mercalli scale": X, XII
        object_label: str | None
        ranged: Range | None = None
        also: str | None = None  # another name of the object the answer gives, an alias of the known one it names
        if relation.object_is_literal:
            if (written_out := _uncertainty_written_out(relation, obj, clean(span))) is not None:
                o_label, rationale = written_out, None  # "(8.21 ± 0.11) × 10⁻¹¹ s": no gloss, the figure's uncertainty
            elif (noted := _confidence_interval_noted(relation, obj, clean(span))) is not None:
                o_label, rationale = noted  # "66.9% (95% CI 59.0–73.4) against ...": 66.9, the interval no range of it
            other = self.names(o_label) and name_form(clean(o_label)) != name_form(clean(subject))  # "Tuvalu: 11,204" for France: another's
            if rationale and not other and (labelled := label_before_value(relation, o_label, rationale, span)):
                o_label, rationale = clean(labelled), o_label  # "first power: 21 December 2024": the date, its label the gloss
            if rationale and (own_unit_gloss(relation, o_label, rationale) or own_scale_gloss(relation, o_label, rationale)):
                o_label, rationale = rationale, o_label  # "1,553 mph (2,500 km/h)": the km/h as written, the mph its gloss; "~36 HRC (≈ 334 HB)"
            elif rationale and per_100_gloss(relation, o_label, rationale):
                o_label, rationale = rationale, o_label  # "About 564 mg per mango (168 mg per 100 g)": the 168, the mango's its gloss
            elif rationale and sentence_figure(relation, o_label, rationale):
                o_label, rationale = rationale, o_label  # "Spinach has a negligible glycemic index (~15)": 15, the sentence its gloss
            elif rationale and symbol_gloss(relation, o_label, rationale):
                o_label, rationale = rationale, o_label  # "slightly acidic (pH 5.5–6.5)": the range, the class words its gloss
            elif rationale and word_proportion(o_label, rationale):
                o_label, rationale = rationale, o_label  # "Roughly half (54%)": 54%, the words its gloss
            if not isinstance(obj, NumberText) and (chosen := _chosen_figure(relation, clean(span))) is not None:
                if chosen[0] is None:  # "CVSS v2: 10.0; CVSS v1: 7.5" of a v3 score
                    out.append(Unreadable(completion, span, extractor, f"object is {chosen[1]}: {clean(span)[:80]!r}"))
                    return None
                o_label, rationale = chosen  # "CVSS v2: 10.0; CVSS v3: 9.8": the v3's; "Originally 3.7, later raised to 9.0": 9.0
            if not isinstance(obj, NumberText) and (charge := in_elementary_charges(relation, o_label)) is not None:
                o_label = obj = charge  # "−1 e", "+2/3 e": the charge in e, as the reference writes it ("-1", "+2/3")
            if not isinstance(obj, NumberText) and (coordinate := read_coordinate(relation, o_label)) is not None:
                if coordinate.value is None:  # "142.373°E" of a latitude
                    out.append(Unreadable(completion, span, extractor, f"object is {coordinate.problem}: {o_label[:80]!r}"))
                    return None
                o_label = obj = coordinate.value  # "38.29° S", "34°12′47″N", "38.297°N, 142.373°E": -38.29, 34.213056, 38.297
            if text_valued(relation) and not isinstance(obj, NumberText) and (authored := _authority_off(relation, o_label)) is not None:
                o_label = obj = authored[0]  # "Triticum aestivum L." of a botanical name: Triticum aestivum, "L." its note
                rationale = "; ".join(filter(None, (authored[1], rationale)))
            if text_valued(relation) and not isinstance(obj, NumberText):
                # "ISO 639-1: en", "(LHR)": a code as a model or a user's file writes it, read the same on every path
                if (bare := code_value(o_label, relation_words(relation))) != o_label:
                    o_label = obj = bare
                if (unclassed := self._class_word_off(relation, o_label)) is not None:
                    o_label = obj = unclassed  # "chromosome 17q21.31" of a cytoband the reference writes "17q21.31"
                if self.domain is not None and relation.iri in self.domain.index.functional and several_codes(o_label):
                    out.append(Unreadable(completion, span, extractor, f"object is several values, not one: {o_label[:80]!r}"))
                    return None
            if (own := self._own_name_again(relation, subject, o_label, rationale)) is not None:
                self.stats.drop(own)  # "Cyclone Nargis (no other name)", "Idai" as Cyclone Idai's alternate name: none
                return None
            problem = flourished(relation, o_label) or value_problem(relation, o_label)  # "fl. 1320s" of a birth year: no birth
            ranged = self._range(relation, obj, o_label, problem)
            if ranged is not None:  # "25–30 cm": its middle, the ends its bounds, the range as written its note
                problem, rationale = None, "; ".join(filter(None, (ranged.note, rationale)))
            problem = problem or (other_event(relation, rationale) if rationale else None)  # "(baptised)"
            problem = problem or contradicted_yes(str(relation.datatype or ""), [relation.name, *relation.synonyms], f"{o_label} {rationale or ''}")  # "Yes, it is a dormant volcano."
            problem = problem or wider_figure(relation, clean(subject), clean(span))  # "~50 million (Corolla, all generations)"
            if problem is None and not isinstance(obj, NumberText):
                problem = ambiguous_grouping(relation, o_label, self.language)  # "66.000 ha": 66, or 66,000
            problem = problem or other_period(relation, clean(span))  # "195 km/h (10-minute)" of a 1-minute wind
            problem = problem or yearly_count(relation, clean(span))  # "10,712,525,000 (1982)" of a mintage: one year's
            problem = problem or other_condition(relation, clean(span))  # "Approximately 220 kg (males); females around 140 kg"
            problem = problem or no_transition(relation, clean(span)) or other_strength(relation, clean(span))  # "~500 °C (decomposes)" of a melting point
            if problem is None and rationale and (several := other_percent(relation, o_label, rationale)):
                problem, o_label = several, clean(span)  # "50 (0.5%)" of a rate in %: two rates
            if problem is not None and rationale and in_own_currency(relation, o_label, rationale):
                problem, o_label, rationale = None, rationale, o_label  # "¥31.68 billion (about US$274 million)": the dollars
            if rationale and extractor == "lists" and value_problem(relation, clean(span)) == "several labelled values, not one":
                problem, o_label = "several labelled values, not one", clean(span)  # "BJP: 36.56%; NDA: ~43%", "BJP" a known name
            elif problem is None and rationale and extractor == "lists" and _range_end(relation, rationale, clean(span)):
                problem, o_label = RANGE_PROBLEM, clean(span)
                if (ranged := self._range(relation, obj, o_label, problem)) is not None:  # "$13,000 - $14,000": its end split off
                    problem, rationale = None, ranged.note
            elif problem is None and rationale and extractor == "lists" and (year := century_year(relation, o_label, rationale)):
                o_label, rationale = year, o_label  # "siglo XIII (1218)": the year, the century its gloss
            elif problem is None and rationale and (julian := old_style_date(str(relation.datatype), o_label, rationale)):
                o_label = rationale = julian  # "26 August 1812 (Old Style)": the Julian date, read as the Gregorian one; as written its note
            if problem is not None:
                out.append(Unreadable(completion, span, extractor, f"object is {problem}: {_as_written(o_label, span, subject)[:80]!r}"))
                return None
            if not rationale and not text_valued(relation):
                rationale = disputed_part(o_label)  # "2,850 km; 2,888 km by some measurements": the other figure a note
            gloss = rationale  # as written: no hedge a note makes of "c. 1501" quoted after it ("c. 6th century BC (c.)")
            if ranged is None and (hedge := approximation(relation, o_label)) is not None:  # "c. 1501", "about 7.5": the value, approximate, says its note
                rationale = "; ".join(dict.fromkeys(filter(None, (hedge, rationale))))
            text_value = text_valued(relation)
            # a text value keeps its sentence's end: "In space, no one can hear you scream."; one
            # word ends no sentence of its own ("CO2." is CO2, "sp." keeps its period)
            text = clean_text(obj, ",;:") if text_value else o_label
            written = o_label if " " not in text and text.rstrip(".") == o_label else text
            literal = ranged.middle if ranged is not None else self.literal(relation, NumberText(written) if isinstance(obj, NumberText) else written)
            if literal is None:
                kind = local_name(str(relation.datatype or "value"))
                problem = lexical_problem(str(relation.datatype or ""), o_label)
                why = f"object is {problem}" if problem else f"object not a valid {kind}"
                said = f"{o_label} ({gloss})" if gloss and not problem else _as_written(o_label, span, subject)  # "... glycemic index (low)": its gloss quoted too
                out.append(Unreadable(completion, span, extractor, f"{why}: {said[:80]!r}"))
                return None
            obj_term: Any = literal
            object_label = None
        elif o_iri is not None:
            obj_term, object_label = o_iri, None
        else:
            o_label = self._unschemed(self._unarticled(o_label, relation), relation)  # "Die Bundesrepublik" for liegtIn, "El Salvador" as written
            # "Teollisuuden Voima Oyj (TVO)": as a file's row reads it, a gloss after a dash aside ("(AMLO) — 2018–2024");
            # a model's code is part of the name ("911 (991)": that generation, not every 911)
            glosses = [g for g in dict.fromkeys((rationale, rationale.split("; ")[0])) if not (foreign_script(g, self.language) and self._a_language(o_label, relation))] if rationale else []
            if (held := self._symbol_holder(relation, o_label)) is not None:
                # "Pb" of a range of elements: the known element whose symbol it is, lead, "Pb" its other name; "Fe (iron)" iron
                o_label, also = held, o_label
                rationale, glosses = (None, []) if rationale and rationale.casefold() == held.casefold() else (rationale, glosses)
            if (firm := self._partners_firm(relation, o_label)) is not None:
                o_label = firm  # "Eli Lilly and Company" of a known company Eli Lilly
            if (kindless := self._kind_suffixed(relation, o_label)) is not None:
                o_label = kindless  # "Pauillac AOC", "Grandfathered mineral": the known Pauillac, grandfathered
            elif (kinded := self._class_word_added(relation, o_label)) is not None:
                # "Pacific", "Anatolian (Turkish) Plate" of plates the reference names "... Plate": the known Pacific Plate, Anatolian Plate
                o_label, rationale = kinded[0], "; ".join(filter(None, (kinded[1], rationale))) or None
                glosses = [g for g in glosses if g != kinded[1]]
            if (currency := self._known_currency(relation.range, o_label, rationale)) is not None:
                o_label = currency  # "Złoty (PLN, zł)", "GBP", "US dollar": the known currency
            if (classed := self._class_named(relation, o_label)) is not None:
                o_label = classed  # "17", "chrX", "X chromosome" of a gene's chromosome: the known "chromosome 17", "chromosome X"
            elif (short := self._written_short(relation.range, o_label)) is not None:
                o_label = short  # "Kant" of a philosopher's influences, "Everest" of a mountain: Immanuel Kant, Mount Everest
            elif (initialled := self._initialled(relation, o_label)) is not None:
                o_label = initialled  # "AR" of an inheritance pattern: the known "autosomal recessive"
            elif rationale and (inner := self._known_gloss(relation, o_label, rationale)) is not None:
                o_label, also, rationale, glosses = inner, o_label, None, []  # "Fe (iron)": the known iron, "Fe" its alias
            if (near := self._nearby(relation, o_label)) is not None:
                o_label, rationale = near[1], f"{near[0]}; {rationale}" if rationale else near[0]  # "Near Beira, Mozambique": Beira's
            if (today := self._place_today(relation, o_label, rationale)) is not None:
                o_label, rationale, glosses = today, f"{o_label} ({rationale})" if rationale else o_label, []
            known = next((g for g in glosses if self._known_in_bracket(relation, o_label, g) or self._translated_title(relation, o_label, g)), None)
            bracket = None if known else next((g for g in glosses if self.glossed(o_label, g) or model_code(g, o_label)), None)
            if bracket:
                o_label = f"{o_label} ({bracket})"
            # "ChAdOx1 nCoV-19 (AZD1222)" of a known drug AZD1222, "Kritik der reinen Vernunft (Critique of Pure Reason)":
            # the known thing, the name before it an alias
            obj_term, object_label = self._with_aliases(known, (o_label,)) if known else self.named_entity(o_label)
        iri = str(relation.iri)
        predicate = self._predicates.get(iri) or self._predicates.setdefault(iri, URIRef(iri))
        if s_iri is None:
            s_label = self._written_short(relation.domain, s_label) or s_label  # "Kant,wrote,…": the known Immanuel Kant
            s_iri, s_label = self.named_entity(s_label)  # an alias of a reference entity: its own name
        if also is not None and object_label is not None:
            object_label = Name.of(object_label, getattr(object_label, "language", None), also)
        if o_iri is None and (apart := self._symbol_apart(relation, s_iri, s_label, obj_term, o_label)) is not None:
            obj_term, object_label = apart  # "Brca1", BRCA1's mouse ortholog: a gene of its own, not BRCA1
        if obj_term == s_iri and o_iri is None and (namesake := self._namesake(relation, o_label)) is not None:
            obj_term, object_label = namesake  # "The Godfather basedOn The Godfather": the novel, not the film
        if obj_term == s_iri and o_iri is None and _NAMESAKE_RELATION.search(f"{relation.name} {' '.join(relation.synonyms)}"):
            # "Jupiter (Roman god)" of the planet Jupiter: nothing is named after itself, and its namesake has no other name
            out.append(Unreadable(completion, span, extractor, f"object is the subject itself, and nothing is named after itself: {o_label[:80]!r}"))
            return None
        cand = Candidate(
            subject=s_iri,
            predicate=predicate,
            object=obj_term,
            completion=completion,
            span=span,
            extractor=extractor,
            subject_label=s_label or None,
            object_label=object_label,
            rationale=" ".join(rationale.split()) or None if rationale else None,
            bounds=(ranged.lower, ranged.upper) if ranged is not None else None,
        )
        out.append(cand)
        return cand

    def _symbol_apart(self, relation: Relation, s_iri: URIRef, s_label: str, obj_term: object, o_label: str) -> tuple[URIRef, str] | None:
        """A new entity named ``o_label`` as written, where the name is a symbol in mixed case
        (:data:`_CASED_SYMBOL`) that entity resolution matched, ignoring case, to a symbol written
        otherwise, and where that entity is the subject itself (``BRCA1 mouseOrtholog Brca1``) or the
        relation joins two things of one class: gene symbols are case-sensitive (TP53 is human,
        Trp53 the mouse's). A symbol so written of another relation, and any other name ("paris"),
        are matched as before; None then."""
        if not isinstance(obj_term, URIRef) or not _CASED_SYMBOL.fullmatch(o_label):
            return None
        index = self.domain.index if self.domain is not None else None
        one_class = index is not None and index.domain.get(relation.iri) is not None and index.domain.get(relation.iri) == index.range.get(relation.iri)
        known = str(s_label) if obj_term == s_iri else self._reference_labels.get(obj_term) if one_class else None
        if known is None or not _cased_apart(o_label, str(known)):
            return None
        return distinct_iri(o_label, self.entity_namespace, cased=True), o_label

    @staticmethod
    def _own_scale_intensity(relation: Relation, obj: str, label: str, gloss: str | None) -> tuple[str, None] | tuple[None, str] | None:
        """An intensity's answer of a relation that names its scale (:mod:`extractors.intensities`): (its level on the
        relation's own scale, None), (None, why it gives none: another scale's), or None where it writes no scale."""
        if isinstance(obj, NumberText):
            return None
        if (other := other_intensity_scale(relation, f"{label} ({gloss})" if gloss else label)) is not None:
            return None, other
        own = own_intensity(relation, label) if text_valued(relation) or not relation.object_is_literal else None
        return (own, None) if own is not None else None

    def _class_word_off(self, relation: Relation, text: str) -> str | None:
        """A text value ``text`` without the class word before it ("chromosome 17q21.31": a kind of
        the ontology's, :meth:`_kind_word`), where the rest is one word with a figure and the
        reference writes this relation's values, none with that word before it ("17q21.31",
        "17p13.1" of a gene's cytoband); else None (a value the reference writes so, or none)."""
        word, _, rest = text.partition(" ")
        reference = self.domain.reference if self.domain is not None else None
        if reference is None or not rest or " " in rest or not any(c.isdigit() for c in rest) or not self._kind_word(word.casefold()):
            return None
        held = [str(v) for v in reference.objects(None, relation.iri)]
        return rest if held and not any(v.casefold().startswith(f"{word.casefold()} ") for v in held) else None

    def _range(self, relation: Relation, obj: object, label: str, problem: str | None) -> Range | None:
        """The range ``label`` gives as the numeric ``relation``'s value, where :func:`value_problem` found
        one (``problem``) and the reader takes it apart (:func:`extractors.ranges.read_range`), or None."""
        if problem != RANGE_PROBLEM or isinstance(obj, NumberText):
            return None
        return read_range(relation, label, self.language)

    def _kind_suffixed(self, relation: Relation, label: str) -> str | None:
        """The known value of the relation's range that ``label`` writes with a word after it that
        says its kind, or the kind of the thing it is said of: a word of the range class's name
        ("Metallic luster" of a range "luster"), an appellation's status of a range of
        appellations (:data:`_APPELLATION_MARKS`: "Pauillac AOC"), the last word of the domain
        class's name ("Grandfathered mineral" of a mineral's status); else None: a name known
        whole ("Rías Baixas DO"), or whose first words name no known thing of the range ("Rioja
        DOCa" of a region Rioja, "Mexico City" of a country Mexico, "Mississippi River"). The kind
        word may be in the plural, or the range class's whole name: "Andes mountains", "Andes
        mountain range" of the known Andes."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None:
            return None
        base, word = _kind_parted(label, index.label(relation.range))
        if not base or self.names(label) or self.of_class(base, relation.range) is not True:
            return None
        ranged = index.label(relation.range).casefold().split()
        kinds = {*ranged, *(index.label(relation.domain).casefold().split()[-1:] if relation.domain is not None else ())}
        marks = _APPELLATION_MARKS if "appellation" in ranged or "appellation" in local_name(relation.range).casefold() else ()
        said = {word.casefold(), *(w.casefold() for w in _spellings(word)), *_kind_plural(word)}
        return self._as_known(base) if said & kinds or word in marks else None

    def _class_word_added(self, relation: Relation, label: str) -> tuple[str, str | None] | None:
        """(the known name, a gloss) of an answer that names an entity of the relation's range
        class without the word every name of that class ends in (:meth:`class_word`), where the
        answer with it is a name the store or the reference gives an entity of the class: "Pacific",
        "Juan de Fuca" of plates named "Pacific Plate", "Juan de Fuca Plate"; "Anatolian (Turkish)
        Plate" (a gloss inside the name, before its class word) is the known Anatolian Plate, the
        bracket its gloss, no other name of it ("Pacific (oceanic) Plate" would be none). None for a
        known name, no such word, or no such entity ("Nazca" where no "Nazca Plate" is known,
        "Apple" of companies)."""
        word = self.class_word(relation.range) if relation.range is not None else None
        if word is None or self.names(label):
            return None
        inside = re.fullmatch(rf"(?P<name>[^()]+?)\s*\((?P<gloss>[^()]+)\)\s+{re.escape(word)}", label, re.IGNORECASE)
        name, gloss = (inside["name"], inside["gloss"].strip()) if inside else (label, None)
        named = f"{name.strip()} {word}"
        if not self.names(named) or self.of_class(named, relation.range) is not True:  # type: ignore[arg-type]
            return None
        return self._as_known(named), gloss

    def _known_in_bracket(self, relation: Relation, name: str, gloss: str) -> bool:
        """Whether ``gloss``, a development code in brackets after ``name`` (:data:`_DEVELOPMENT_CODE`),
        is the entity the answer names, ``name`` its other name: the store or the reference knows
        the code as one of the relation's range class and nothing by ``name``, a name of capitalised
        or coded words sharing none with it ("ChAdOx1 nCoV-19 (AZD1222)", "Comirnaty (BNT162b2)" of a
        known drug). Not a bracket that says which ("Paris (Texas)", "Georgia (country)", "Mercury
        (planet)": no code), a shorter code ("USS Enterprise (CVN-65)", "BMW 3 Series (G20)",
        "Pneumonia (COVID-19)": one of several things called so, or another thing), a phrase before
        it ("Booster dose (BNT162b2)") nor a range of places or people."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None or index.holds_places(relation.range) or index.holds_people(relation.range):
            return False
        words = name.split()
        if not _DEVELOPMENT_CODE.fullmatch(gloss) or not all(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words):
            return False
        if set(split_words(gloss.casefold())) & set(split_words(name.casefold())):
            return False
        return not self.names(name) and self.names(gloss) and self.of_class(gloss, relation.range) is True

    def _translated_title(self, relation: Relation, name: str, gloss: str) -> bool:
        """Whether ``gloss``, in brackets after ``name``, is the known name of the thing ``name``
        names in another language: the store or the reference knows ``gloss`` as one of the
        relation's range class and nothing by ``name``, ``name`` holds an article or a joining word
        of another language in lower case (:func:`_other_language_words`) and ``gloss``, of two
        words or more, none ("Kritik der reinen Vernunft (Critique of Pure Reason)", "Sein und Zeit
        (Being and Time)"). Not a part in its whole's name ("The Two Towers (The Lord of the
        Rings)", "Der Ring des Nibelungen (Das Rheingold)": no other language, or both in one), a
        place in a place ("Île de la Cité (Paris)": no range of places or people) nor a member of a
        one-word body ("Verband der Automobilindustrie (Volkswagen)")."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None or index.holds_places(relation.range) or index.holds_people(relation.range):
            return False
        foreign = _other_language_words(self.language)
        if len(gloss.split()) < 2 or any(w in foreign for w in gloss.casefold().split()):
            return False
        if not any(w in foreign for w in name.split()[1:]):  # "der", "und", "de la": in lower case, inside the name
            return False
        return not self.names(name) and self.names(gloss) and self.of_class(gloss, relation.range) is True

    def _symbol_holder(self, relation: Relation, label: str) -> str | None:
        """The name of the one entity of the relation's range class whose symbol (a relation of
        the domain named so, ``symbol`` or ``chemicalSymbol``) the reference or the store gives
        as ``label``, else that an element's name gives it (:func:`extractors.elements.element_names`),
        where ``label`` is an element's symbol no entity is named by: "Pb" of a range of elements,
        lead; else None. Of another relation no symbol is read ("He", "In", "As" are words there,
        no helium, indium or arsenic)."""
        if relation.range is None or self.domain is None or not element_symbol(label) or self.names(label):
            return None
        holders = {name for prop in self.domain.relations.values() if prop.object_is_literal and prop.name.casefold().endswith("symbol")
                   for name in self._held_symbol(prop.iri, label)}
        named = [n for n in holders or element_names(label) if self.names(n) and self.of_class(n, relation.range) is True]
        return self._as_known(named[0]) if len(named) == 1 else None

    def _held_symbol(self, prop: URIRef, symbol: str) -> set[str]:
        """The names of the entities the reference and the store give ``symbol`` by ``prop``."""
        names: set[str] = set()
        reference = self.domain.reference if self.domain is not None else None
        if reference is not None:
            self._reference_index()
            names |= {str(self._reference_labels[s]) for s, o in reference.subject_objects(prop)
                      if str(o) == symbol and isinstance(s, URIRef) and s in self._reference_labels}
        if self.store is not None:
            rows = self.store.query(f"SELECT ?l WHERE {{ ?s <{prop}> ?v ; <{RDFS.label}> ?l FILTER(STR(?v) = {Literal(symbol).n3()}) }}",
                                    graph="knowledge").bindings()
            names |= {str(row["l"]) for row in rows}
        return names

    def _partners_firm(self, relation: Relation, label: str) -> str | None:
        """The known firm a name with a partner's tail writes (:data:`_PARTNERS`: "Eli Lilly and
        Company", "Eli Lilly & Co." of a known Eli Lilly), where the store or the reference types
        that name with the relation's range class and it has two words or more; else None: the
        tail is part of the firm's name ("Shakespeare and Company" beside a stored Shakespeare,
        "Merck & Co." beside Merck KGaA's "Merck": one word names several firms), and a person of
        the name ("Eli Lilly", the founder, of a range of companies) is another thing."""
        partnered = _PARTNERS.fullmatch(label)
        name = partnered.group("name") if partnered is not None else ""
        if relation.range is None or len(name.split()) < 2 or not self.names(name):
            return None
        return name if self.of_class(name, relation.range) else None

    def _nearby(self, relation: Relation, label: str) -> tuple[str, str] | None:
        """(where, the place) of a place relation's answer that says where near a place it is
        (:data:`NEAR_PLACE`): "Near Beira, Mozambique" is the place "Beira, Mozambique", "near" its
        gloss, as a line without it reads; "just north of Miami" a known Miami; else None: a name
        known whole, or whose rest is no known name and no place with where it lies ("Near East",
        "Near Islands", "Off Broadway"; "South of France" is no lead at all)."""
        index = self.domain.index if self.domain is not None else None
        lead = NEAR_PLACE.match(label)
        if lead is None or index is None or relation.range is None or not index.holds_places(relation.range) or self.names(label):
            return None
        place = label[lead.end() :]
        placed = "," in place and region_rank(place.rsplit(",", 1)[1], last=True) > 0
        return (lead.group(0).strip().casefold(), place) if placed or self.names(place) else None

    def _place_today(self, relation: Relation, label: str, gloss: str | None) -> str | None:
        """The known place of today a place relation's answer names with its old name or a part
        of it, the answer the relation asks of now: "East Pakistan (now Bangladesh)", "Ceylon (now
        Sri Lanka)" of a known Bangladesh, Sri Lanka (:meth:`_renamed_place`); "Southern China" of a
        known China (:meth:`_compass_part`); else None (a relation of no places, a place unknown
        or of another class than the range's: "Bohemia (now Czech Republic)" as a city of birth)."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None or not index.holds_places(relation.range):
            return None
        today = self._renamed_place(gloss) if gloss else self._compass_part(label)
        return today if today is not None and self.of_class(today, relation.range) is not False else None

    def _renamed_place(self, gloss: str) -> str | None:
        """The place a gloss "now X" names, where the store, the reference or this batch knows X:
        "now Bangladesh", "now Sri Lanka"; else None ("now a museum", "now part of India")."""
        now = re.fullmatch(r"(?i:now)\s+(?:the\s+)?(?P<place>[A-Z][^\s()]*(?:\s+[A-Z][^\s()]*){0,3})", gloss.strip(" ."))
        return now.group("place") if now is not None and self._held(now.group("place")) else None

    def _compass_part(self, label: str) -> str | None:
        """The known country a label names a part of with a compass adjective before it
        (:data:`_COMPASS_PART`): "Southern China" of a known China; else None: a name the store
        or the reference knows whole, or one that is a country's or a state's own ("South Africa",
        "Western Sahara", "East Timor", "Northern Ireland", "Western Australia", "Central African
        Republic": no adjective before a country)."""
        part = _COMPASS_PART.fullmatch(label)
        if part is None or self.names(label) or region_rank(label, last=True):
            return None
        country = part.group("country")
        return country if region_rank(country, last=True) == 2 and self.names(country) else None

    def _own_name_again(self, relation: Relation, subject: str, value: str, gloss: str | None) -> str | None:
        """Why a text value of a relation of names (:data:`_OTHER_NAMES`: ``alternateName``,
        ``alias``) is no other name of ``subject``: a gloss that says it has none (``Cyclone Nargis
        (no other name)``: a none answer), or the subject's own name, or that name less the word
        before it that says its kind (:meth:`_kind_word`: "Idai" of "Cyclone Idai", "Patricia" of
        "Hurricane Patricia": the head itself); else None ("Yolanda" of Typhoon Haiyan; "Madonna"
        of "Madonna Louise Ciccone", "Coca-Cola" of "The Coca-Cola Company" are other names)."""
        if not _OTHER_NAMES.fullmatch(relation.name):
            return None
        if gloss and _NO_OTHER_NAME.fullmatch(gloss.strip(" .")):
            return "object: none answer"
        said, own = value.strip(" .").casefold(), clean(subject).casefold()
        first, _, rest = own.partition(" ")
        if said == own or rest and said == rest and self._kind_word(first):
            return "object: the head itself"
        return None

    def _class_named(self, relation: Relation, label: str) -> str | None:
        """The one known entity of the relation's range class whose name is ``label``, a designation
        (:data:`_DESIGNATION_ONLY`: a number, one or two capitals), with the class's name before or
        after it: "17" and "chr17" (a genome browser's short form of the class word) of a range of
        chromosomes are "chromosome 17", "X chromosome" is "chromosome X"; else None: a known name, a
        word ("Kansas" is no "Kansas City"), a range of another class, no such entity or two."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None:
            return None
        kind = index.label(relation.range)
        written = _CLASS_SHORT.fullmatch(label)
        base = label
        if written is not None and kind.casefold().startswith(written["short"]):
            base = written["designation"]
        elif label.casefold().endswith(f" {kind.casefold()}"):
            base = label[: -len(kind) - 1]
        if not _DESIGNATION_ONLY.fullmatch(base) or self.names(label):
            return None
        named = [n for n in (f"{kind} {base}", f"{base} {kind}") if self.names(n) and self.of_class(n, relation.range) is True]
        return self._one_known(named) if named else None

    def _written_short(self, cls: URIRef | None, label: str) -> str | None:
        """The known entity of the class ``cls`` (a relation's range, or its domain for the subject)
        that ``label`` names short, where ``label`` names nothing known itself: a person by the
        surname (:meth:`_by_surname`), a mountain, a lake or a cape without its generic word
        (:meth:`_without_generic`), a mountain range in the singular (:meth:`_singular_range`); else None."""
        if cls is None or self.domain is None or self.names(label):
            return None
        return (self._by_surname(cls, label) or self._without_generic(cls, label) or self._singular_range(cls, label)
                or self._country_of_people(cls, label))

    def _known_currency(self, cls: URIRef | None, label: str, gloss: str | None) -> str | None:
        """The one currency the reference gives ``cls`` (a class of currencies) that ``label``, a name
        nothing known has, names by its ISO 4217 code (:func:`_currency_of`), the codes of its ``gloss`` none other:
        "GBP" of the known pound sterling, "US dollar" of the United States dollar, "Złoty (PLN, zł)"
        of the Polish złoty; else None: two codes, a word many currencies share ("dollar"), a class
        of no currencies, two known currencies of the code."""
        index = self.domain.index if self.domain is not None else None
        if index is None or cls is None or "currenc" not in f"{index.label(cls)} {local_name(cls)}".casefold() or self.names(label):
            return None
        code = _currency_of(label)
        if code is None or {c for part in re.split(r"[,;/]", gloss or "") if (c := _currency_of(part))} - {code}:
            return None
        return self._one_known(n for n in self.class_names(cls) if _currency_of(n) == code)

    def _country_of_people(self, cls: URIRef, label: str) -> str | None:
        """The one known country of ``cls`` (a class of countries, :data:`_COUNTRY_CLASS`) that
        ``label`` names by its people (:func:`_demonym_countries`: "New Zealander" of the known New
        Zealand, "Austrian" Austria) or in its own language (:data:`ENDONYMS`: "Österreich"); else
        None: a word that begins a known country's name ("Dominican" of the Dominican Republic is
        no Dominica), a class of no countries ("Austrian" of a language)."""
        if self.domain is None or not _COUNTRY_CLASS.search(f"{self.domain.index.label(cls)} {local_name(cls)}"):
            return None
        if label in ENDONYMS:
            return ENDONYMS[label] if self.of_class(ENDONYMS[label], cls) is True else None
        if not _CAPITALISED_NAME.fullmatch(label) or any(n.startswith(f"{label} ") for n in self._known_by("first", label.split()[0])):
            return None
        return self._one_known(n for n in _demonym_countries(label) if self.known_as_written(n) and self.of_class(n, cls) is True)

    def _without_generic(self, cls: URIRef, label: str) -> str | None:
        """The one known entity of ``cls`` named ``label`` with a generic word before it
        (:data:`_GENERIC_WORDS`): "Everest" of a parent peak is the known Mount Everest, "Titicaca"
        of a lake Lake Titicaca; else None: no such entity of ``cls`` ("Geneva" of a city is no Lake
        Geneva, "Kenya" of a country no Mount Kenya), or two ("Mount Washington" and "Lake Washington" of one class)."""
        if not _CAPITALISED_NAME.fullmatch(label):
            return None
        return self._one_known(n for g in _GENERIC_WORDS for n in self._known_by("written", f"{g} {label}") if self.of_class(n, cls) is True)

    def _singular_range(self, cls: URIRef, label: str) -> str | None:
        """The known mountain range of ``cls`` (a class of mountain ranges, :data:`_RANGE_CLASS`)
        whose plural name ``label`` writes in the singular: "Himalaya" of the known Himalayas; else
        None (a band "Beatle" is no Beatles: a class of no ranges)."""
        if self.domain is None or not _RANGE_CLASS.search(f"{self.domain.index.label(cls)} {local_name(cls)}") or not _CAPITALISED_NAME.fullmatch(label):
            return None
        return self._one_known(n for n in self._known_by("written", f"{label}s") if self.of_class(n, cls) is True)

    def _by_surname(self, cls: URIRef, label: str) -> str | None:
        """The one known person whose name's last word is ``label``, one capitalised word that names
        nothing known itself (:meth:`_written_short`), where ``cls`` is a class of people
        (:func:`_of_people`): "Kant" of a philosopher's influences is the known Immanuel Kant,
        "Compagnoni" of K2's first ascensionists Achille Compagnoni; else None: two known people of
        that surname ("Bach" of J. S. Bach and C. P. E. Bach), a known person's first name too
        ("Thomas" of Dylan Thomas and Thomas Aquinas), a known name ("Washington" the city), or a
        class of no people. The word is no alias of the person: a later "Kant" is read so again."""
        if self.domain is None or not _SURNAME.fullmatch(label) or not _of_people(self.domain.index, cls):
            return None
        if any(self._a_person(n) for n in self._known_by("first", label)):
            return None
        return self._one_known(n for n in self._known_by("last", label) if n != label and self._a_person(n))

    def _a_person(self, name: str) -> bool:
        """Whether the known entity ``name`` is typed with a class of people (:func:`_of_people`)."""
        return self.domain is not None and any(_of_people(self.domain.index, t) for t in self._types_of(name))

    def _initialled(self, relation: Relation, label: str) -> str | None:
        """The one known entity of the relation's range class whose name's words begin with the
        letters of ``label``, an acronym that names nothing known (:func:`kg.iri.acronym`; a word
        after a hyphen is a word: "XLR" of "X-linked recessive", "AR" of "autosomal recessive"); else
        None: a known acronym, a range of another class or of people (initials), no such entity or
        two ("MS" where multiple sclerosis and mitral stenosis are both known)."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None or not acronym(label) or index.holds_people(relation.range) or self.names(label):
            return None  # "AC" is no known Agatha Christie: a person's initials are many people's
        named = [n for n in self._known_by("initials", label) if self.of_class(n, relation.range) is True]
        return self._one_known(named) if named else None

    def _known_gloss(self, relation: Relation, name: str, gloss: str) -> str | None:
        """The known entity a bracket after ``name`` names, where the bracket is the name the store
        or the reference gives an entity of the relation's range class, nothing is known by
        ``name``, and ``name`` is that thing's longer name ending in it ("Cellular tumor antigen p53
        (p53)") or the symbol of the element it names (:func:`extractors.elements.element_names`:
        "Fe (iron)", not "Zn (iron)"); else None: a bracket that says where or which ("Eiffel Tower
        (Paris)", "Paris (Texas)"), a known name before it, a range of places or of people ("Sancho
        Panza (Cervantes)"), a name of another class."""
        index = self.domain.index if self.domain is not None else None
        if index is None or relation.range is None or index.holds_places(relation.range) or index.holds_people(relation.range):
            return None
        words = name.split()
        ends_in = len(words) > 1 and words[-1] == gloss
        if not (ends_in or gloss.casefold() in element_names(name)) or self.names(name):
            return None
        return self._as_known(gloss) if self.names(gloss) and self.of_class(gloss, relation.range) is True else None

    def _kind_word(self, word: str) -> bool:
        """Whether ``word`` (case-folded) says what kind of thing a name names, written before it:
        a kind of the ontology's (:meth:`kg.ontology_index.OntologyIndex.kind_words`) or a
        storm's (:data:`_STORM_KINDS`: "Hurricane Ian", "Typhoon Haiyan")."""
        kinds = self.domain.index.kind_words if self.domain is not None else frozenset()
        return word in kinds or word in _STORM_KINDS

    def dedupe(self, records: Sequence[Candidate | Unreadable]) -> list[Candidate | Unreadable]:
        """Merge duplicate triples (and duplicate unreadable spans) within one completion;
        also counts the completion's candidates and unreadables."""
        seen: set[Any] = set()
        out: list[Candidate | Unreadable] = []
        merge = len(records) > 1  # a single record has nothing to merge with: no keys to make
        for record in records:
            if merge:
                key: Any
                if isinstance(record, Candidate):
                    obj = (name_key(record.object_label) or record.object) if record.object_label else record.object  # "÷" is no "( )"
                    key = (record.subject, record.predicate, obj)
                else:
                    key = ("u", record.span, record.reason)
                if key in seen:
                    self.stats.drop("duplicate within completion")
                    continue
                seen.add(key)
            out.append(record)
            if isinstance(record, Candidate):
                self.stats.candidates += 1
            else:
                self.stats.unreadable[reason_key(record.reason)] += 1
        self.stats.completions += 1
        return out


NEAR_PLACE = re.compile(r"(?:(?i:near|close\s+to|off(?:\s+the\s+coast\s+of)?|just\s+)?(?:north|south|east|west)(?:east|west)?\s+of|(?i:near|close\s+to|off(?:\s+the\s+coast\s+of)?))\s+(?=[A-Z])")
"""Words before a place that say where near it something is: "Near Beira", "just north of Miami",
"north of Miami" (a capitalised "South of France" is a name)."""
_APPELLATION_MARKS = frozenset({"AOC", "AOP", "DOC", "DOCG", "DO", "DOCa", "DOQ", "AVA", "IGP", "IGT", "GI", "WO", "PDO", "PGI"})
"""The status an appellation's name goes on with: "Pauillac AOC", "Barolo DOCG", "Napa Valley AVA"."""
_COMPASS_PART = re.compile(r"(?:Southern|Northern|Eastern|Western|Central)\s+(?P<country>[A-Z].*)")
"""A compass adjective before a country's name, a part of it: "Southern China"."""
_OTHER_NAMES = re.compile(r"(?:alternate|alternative|other)_?names?|alias(?:es)?|nicknames?|also_?known_?as", re.IGNORECASE)
"""A relation whose values are a thing's other names, never its own: ``alternateName``,
``otherNames``, ``alias``, ``nickname`` (not ``commonName``, ``birthName``: a thing's own name)."""
_NO_OTHER_NAME = re.compile(r"(?i:no\s+(?:other|alternate|alternative|known\s+other)\s+names?|none|no\s+alias(?:es)?)")
"""A gloss that says a thing has no other name: ``Cyclone Nargis (no other name)``."""
_STORM_KINDS = frozenset({"hurricane", "typhoon", "cyclone", "storm"})
"""Words that say a storm's kind before its name: ``Hurricane Ian``, ``Typhoon Haiyan``."""

_NAMESAKE_RELATION = re.compile(r"named\s*(?:after|for)|namesake|eponym", re.IGNORECASE)
"""A relation from a thing to whom or what it is named after, never itself (``namedAfter``)."""


def text_valued(relation: Relation) -> bool:
    """Whether ``relation``'s values are texts (a code, a motto), not figures, dates or names."""
    return relation.object_is_literal and (relation.datatype is None or str(relation.datatype) == str(XSD.string))


_BRACKETED_CODE = re.compile(r"\(([^\s()]+)\)")
_CODE = r"[A-Z0-9]*[A-Z][A-Z0-9]*"
_SLASHED_CODES = re.compile(rf"{_CODE}(?:/{_CODE})+")
_SEMICOLON = re.compile(r";(?![^()]*\))")
_CODE_NAME = re.compile(r"(?=.*[A-Z])[A-Z0-9]{2,5}")
"""A code an answer may name its entity by (``FRA``, ``KJFK``), not a longer identifier."""

_DESIGNATION_ONLY = re.compile(r"\d{1,3}|[A-Z]{1,2}")
"""A thing's designation alone, of no letters of a word: "17", "X", "XY" (a chromosome, a route's number)."""
_CLASS_SHORT = re.compile(r"(?P<short>[a-z]{3,})(?P<designation>\d{1,3}|[A-Z]{1,2})")
"""A class word's first letters written before a designation with no space: "chr17", "chrX" (a genome browser's)."""
_CASED_SYMBOL = re.compile(r"(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=\D*\d)[A-Za-z0-9]+")
"""A symbol in mixed case: one word of letters and digits, a capital, a small letter and a digit
among them (the mouse genes ``Brca1``, ``Trp53``, ``3110043O21Rik``), not a word (``Paris``) nor a
code in capitals (``BRCA1``)."""


def _cased_apart(label: str, other: str) -> bool:
    """Whether ``label`` and ``other`` are two names that only their case tells apart, which entity
    resolution keeps apart: an acronym (:func:`kg.iri.name_form`: "CFTR" is no "Cftr") or a symbol in
    mixed case (:data:`_CASED_SYMBOL`: "Brca1" is no "BRCA1"); not "paris" and "Paris"."""
    if label == other or label.casefold() != other.casefold():
        return False
    return name_form(label) != name_form(other) or _CASED_SYMBOL.fullmatch(label) is not None


_STANDARD_PREFIXED = re.compile(r"(?P<standard>[A-Z]{2,5})\s+(?P<identifier>(?=\S*\d)[A-Z0-9][A-Za-z0-9.\-]*)")
"""A standard's name in capitals before an identifier of it with a figure: "UNS S30400", "CAS
7732-18-5", "EC 1.1.1.1", "OMIM 191170"."""


def code_value(text: str, words: set[str]) -> str:
    """A text value without the label in the relation's own words before its colon (``ISO 639-1:
    en`` of an ISO 639-1 code, ``Glottolog: stan1293``), without brackets around it whole
    (``(LHR)``) and without the standard's name before an identifier where the relation is named
    after it (:data:`_STANDARD_PREFIXED`: ``UNS S30400`` of a UNS number, ``OMIM 191170`` of an OMIM
    number), as a chat model's list answer is read; ``text`` otherwise."""
    value = own_labelled(text, words)
    bare = _BRACKETED_CODE.fullmatch(value)
    value = bare.group(1) if bare else value
    prefixed = _STANDARD_PREFIXED.fullmatch(value)
    return prefixed["identifier"] if prefixed and prefixed["standard"].casefold() in words else value


_IN_E = re.compile(r"(?P<charge>[+\-−±]?\d+(?:[./]\d+)?)\s?e")
"""A charge in elementary charges: "−1 e", "+2/3 e", "0 e"."""


def in_elementary_charges(relation: Relation, text: str) -> str | None:
    """The number of a charge written in elementary charges (``−1 e``, ``+2/3 e``: :data:`_IN_E`)
    where the relation is a charge (its name or synonyms say "charge") of no unit of its own
    (one in coulombs reads "−1 e" as no figure); else None. Of another relation the letter is
    no unit ("2 e", a chapter's part)."""
    if relation.unit is not None or "charge" not in relation_words(relation):
        return None
    found = _IN_E.fullmatch(text.strip())
    return found.group("charge") if found else None


def several_codes(text: str) -> bool:
    """Whether a text value gives several codes where one is asked: ``EGLL/LHR`` (which one is
    the ICAO code?), ``ara (macrolanguage); arb for Modern Standard Arabic``, ``VSO (Classical
    Arabic); SVO in many dialects`` (a word, its gloss, then another value); not a motto's clauses
    (``Liberty; equality``: more than a word before its semicolon)."""
    if _SLASHED_CODES.fullmatch(text):
        return True
    first, *rest = _SEMICOLON.split(text)
    return bool(rest) and len(first.split("(")[0].split()) == 1 and bool(rest[0].strip())


_NAME_WORDS = 5
"""The most words of a person's name :meth:`Normalizer._middle_named` compares: a first name,
middle names or their initials, a surname."""
_NAME_PART = re.compile(r"[A-Z](?:\.|[^\W\d_]+(?:['’-][^\W\d_]+)*)")
"""A capitalised word of a person's name, or an initial: ``Charles``, ``F.``, ``O'Brien``."""


_SURNAME = re.compile(r"[A-Z][a-z\u00df-\u00ff]+(?:['’-][A-Z]?[a-z\u00df-\u00ff]+)?")
"""One capitalised word, as a surname alone is written: "Kant", "Kierkegaard", "Merleau-Ponty" (no "II", no "USA")."""
_CAPITALISED_NAME = re.compile(r"[A-Z][^\W\d_]+(?:[\s-][A-Z][^\W\d_]+){0,2}")
"""A name of one to three capitalised words: "Everest", "Kinabalu", "Titicaca", "Ruwenzori"."""
_GENERIC_WORDS = ("Mount", "Mt", "Mt.", "Lake", "Cape")
"""The generic words before a mountain's, a lake's or a cape's name an answer may leave off."""
_RANGE_CLASS = re.compile(r"(?i)mountain\s*range|\brange\b|mountains\b|massif|cordillera")
"""A class of mountain ranges, by its label or its local name ("mountain range", "MountainRange")."""
_COUNTRY_CLASS = re.compile(r"(?i)countr|\bnation\b|sovereign")
"""A class of countries, by its label or its local name ("country", "Country", "nation")."""
_DEMONYM_ENDINGS = (("er", ""), ("n", ""), ("ian", "y"), ("ian", "a"), ("ian", ""), ("ian", "ium"), ("ese", ""), ("i", ""))
"""A demonym's ending and its country's name's (New Zealand-er, Austria-n, Ital-ian Ital-y, Canad-ian
Canad-a, Brazil-ian, Belg-ian Belg-ium, Japan-ese, Pakistan-i)."""
_PEOPLE_NOUN = re.compile(
    r"(?i)(?:person|human|people|philosopher|thinker|writer|author|poet|novelist|playwright|composer|musician|painter|artist"
    r"|scientist|mathematician|physicist|chemist|politician|climber|mountaineer|alpinist|explorer|saint|monarch|ruler|emperor)s?")
"""The head noun of a class of people's name where the ontology puts it under no Person ("philosopher")."""


def _of_people(index: OntologyIndex, cls: URIRef) -> bool:
    """Whether ``cls`` is a class of people: under a Person (:meth:`OntologyIndex.holds_people`), or
    named so, its name's last word a noun of people (:data:`_PEOPLE_NOUN`: "philosopher", not "mountain")."""
    if index.holds_people(cls):
        return True
    words = f"{index.label(cls)} {local_name(cls)}".split()
    return bool(words) and any(_PEOPLE_NOUN.fullmatch(w) for w in (words[-2] if len(words) > 1 else "", words[-1]))


def _currency_of(name: str) -> str | None:
    """The ISO 4217 code of the currency ``name`` names (:func:`extractors.figures.currency_code`),
    a country's long name before its word read as the short form the table has ("United States
    dollar" as "US dollar")."""
    name = name.strip()
    longer = ((short, name[len(n) :]) for short, names in SHORT_FORMS.items() for n in names if name.startswith(f"{n} "))
    return currency_code(name) or next((code for short, rest in longer if (code := currency_code(short + rest))), None)


def _demonym_countries(demonym: str) -> list[str]:
    """The names a country whose people ``demonym`` names may have (:data:`_DEMONYM_ENDINGS`):
    "New Zealander" of New Zealand, "Austrian" of Austria (or Austri, Austrium: no country known)."""
    return [demonym[: -len(ending)] + country for ending, country in _DEMONYM_ENDINGS if demonym.endswith(ending) and len(demonym) > len(ending) + 2]


def _kind_parted(label: str, kind: str) -> tuple[str, str]:
    """(the name, the kind word after it) of ``label``: the range class's whole name ``kind`` of
    two words or more, its last word the kind word ("Andes mountain range": "Andes", "range"), else
    the last word ("Pauillac AOC": "Pauillac", "AOC")."""
    words = kind.split()
    if len(words) > 1 and label.casefold().endswith(f" {kind.casefold()}"):
        return label[: -len(kind) - 1], words[-1]
    base, _, word = label.rpartition(" ")
    return base, word


def _kind_plural(word: str) -> tuple[str, ...]:
    """The singular of a kind word in the plural in "-s" ("mountains": "mountain"); none of a short word."""
    folded = word.casefold()
    return (folded[:-1],) if len(folded) > 4 and folded.endswith("s") and not folded.endswith("ss") else ()


def _middle_initialled(label: str, other: str) -> bool:
    """Whether two names of a person are one name written with a middle name in one and its
    initial in the other: the same first and last words, each middle word the same or an initial
    of the other's, and one such initial at least.

    >>> _middle_initialled("Charles Francis Richter", "Charles F. Richter")
    True
    >>> _middle_initialled("Charles Francis Richter", "Charles B. Richter"), _middle_initialled("John Smith", "John A. Smith")
    (False, False)
    """
    ours, theirs = label.split(), other.split()
    if len(ours) != len(theirs) or len(ours) < 3 or ours[0] != theirs[0] or ours[-1] != theirs[-1]:
        return False
    pairs = list(zip(ours[1:-1], theirs[1:-1]))
    initialled = [a != b for a, b in pairs]
    return any(initialled) and all(a == b or _initial_of(a, b) or _initial_of(b, a) for a, b in pairs)


def _initial_of(initial: str, word: str) -> bool:
    """Whether ``initial`` (``F.``) is the initial of ``word``, a name (``Francis``)."""
    return re.fullmatch(r"[A-Z]\.", initial) is not None and len(word) > 1 and word[0] == initial[0] and word[1:].isalpha()


def _empty_index() -> dict[str, dict[str, URIRef]]:
    """Entities by name: the name as written, its normalised form, its match key."""
    return {"exact": {}, "norm": {}, "lemma": {}}


def _spelt_out(label: str) -> tuple[str, str] | None:
    """(name, acronym) of a name written with its acronym in brackets, the initials of its
    capitalised words: ``James Webb Space Telescope (JWST)``, ``British Aircraft Corporation
    (BAC)``; else None."""
    match = _GLOSSED.fullmatch(label)
    if match is None or not acronym(match.group("gloss")):
        return None
    initials = "".join(w[0] for w in match.group("name").split() if w[:1].isupper())
    return (match.group("name"), match.group("gloss")) if initials == match.group("gloss") else None


_SHARE = re.compile(r"[~≈]?\s?\d+(?:[.,]\d+)?\s?%")
"""A share after a name, no part of it: "Ørsted (50%)"."""
_SUBTITLE_WORDS = 4
"""A bracketed gloss of this many words after a known name, capitalised, is its subtitle: "The Night
Watch (Militia Company of District II under the Command of Captain Frans Banninck Cocq)"."""


_CODES = re.compile(r"(?P<code>[A-Z][A-Z0-9]{2,3})(?:\s*[/,]\s*[A-Z][A-Z0-9]{2,3})*(?:,\s*[A-Z][^\W\d_]+(?:[\s-][A-Z][^\W\d_]+)*)?")
"""A bracketed gloss of codes of three or four capitals, maybe another name after them: an
airport's IATA and ICAO codes ("HND", "LHR/EGLL", "CDG, Roissy"); not a state's two letters ("GA")."""


_FORMERLY = re.compile(
    r"(?:formerly|previously|originally|once|also(?: known as| called)?|a\.?k\.?a\.?|né[e]?|born(?: as)?|birth name|"
    r"real name(?: was| is)?|pen name of|now|renamed(?: to| as)?)(?:\s*:)?\s+", re.IGNORECASE)
"""Words before another name in brackets: "Denali (formerly Mount McKinley)", a pen name's real
name ("Mark Twain (real name Samuel Langhorne Clemens)", "George Eliot (pen name of Mary Ann
Evans)", "Marie Curie (née Skłodowska)"), a new name ("2019-nCoV (now SARS-CoV-2)")."""
_MAIDEN_SURNAME = re.compile(r"(?:née|nee|né|born)\s+[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*")
"""A woman's family name before she married, one word: "née Howard", a name of her family, no
name of her own (where "née Maria Skłodowska" names her)."""
_MOUNT = re.compile(r"\bMt(?:\.|\b)(?=\s+[A-Z])")
""""Mt" or "Mt." before a capitalised word: "Mt Vesuvius", "Mt. St. Helens"."""
_UNDOTTED_ST = re.compile(r"\bSt(?=\s+[A-Z])")
""""St" without its dot before a capitalised word: "Mt St Helens"."""
_VITAMIN = re.compile(r"^[Vv]it\.\s?(?=[A-EK]\d{0,2}$)")
""""Vit." before a vitamin's letter, and its number: "Vit. E", "Vit. B12" (not "Vit" without its dot,
a name: "Vít", "Vitus")."""


def _full_spellings(label: str) -> list[str]:
    """``label`` with "Mount" for "Mt"/"Mt." (:data:`_MOUNT`), with "St." for "St"
    (:data:`_UNDOTTED_ST`): "Mt. St. Helens" and "Mt St Helens" are "Mount St. Helens", and with
    "vitamin" for "Vit." (:data:`_VITAMIN`): "Vit. B12" is "vitamin B12"; none else.
    "St." and "Saint" are no spellings of one name: "St. Petersburg" of a chat answer about Tom
    Sawyer is the town in Missouri, not Russia's Saint Petersburg."""
    mounted = _MOUNT.sub("Mount", label)
    spellings = (mounted, _UNDOTTED_ST.sub("St.", mounted), _UNDOTTED_ST.sub("St.", label), _VITAMIN.sub("vitamin ", label), *_anatomists(label))
    return [s for s in dict.fromkeys(spellings) if s != label]


_ANATOMISTS = {"a": "artery", "aa": "arteries", "n": "nerve", "nn": "nerves", "v": "vein", "vv": "veins", "m": "muscle",
               "mm": "muscles", "lig": "ligament", "proc": "process"}
"""An anatomist's abbreviations of a structure's kind, written after its name: "Axillary n."."""
_ANATOMIST_AFTER = re.compile(rf"(?P<name>.*[a-z]{{3}})\s(?P<short>{'|'.join(_ANATOMISTS)})\.")
_MUSCULUS = re.compile(r"[Mm]m?\.\s?(?P<name>[a-z]{3,}(?:\s[a-z]+)*)")
"""A muscle's Latin name after "M." (musculus): "M. gastrocnemius"."""


def _anatomists(label: str) -> tuple[str, ...]:
    """``label`` with an anatomist's abbreviation written out: "Thoracoacromial artery" of
    "Thoracoacromial a.", "axillary nerve" of "Axillary n."; "gastrocnemius", "gastrocnemius
    muscle" and "musculus gastrocnemius" of "M. gastrocnemius"; () of any other label ("Johann S.
    Bach", "Pyrus malus L.", "Washington, D.C.")."""
    if (after := _ANATOMIST_AFTER.fullmatch(label)) is not None:
        return (f"{after.group('name')} {_ANATOMISTS[after.group('short')]}",)
    if (muscle := _MUSCULUS.fullmatch(label)) is not None:
        return (muscle.group("name"), f"{muscle.group('name')} muscle", f"musculus {muscle.group('name')}")
    return ()


_SPELLINGS = (
    (re.compile(r"(?i)(?<=sul)ph(?=[aiu])"), "f"), (re.compile(r"(?i)(?<=sul)f(?=[aiu])"), "ph"),  # sulphur, sulphide, sulphate
    (re.compile(r"(?i)(?<=\w{2}[^aeiou\W])our\b"), "or"), (re.compile(r"(?i)(?<=\w{2}[^aeiou\W])or\b"), "our"),  # colour, flavour
    (re.compile(r"(?i)(?<=\w{3})is(?=(?:e|es|ed|ing|ation|ations)\b)"), "iz"),  # crystallise, oxidised, mineralisation
    (re.compile(r"(?i)(?<=\w{3})iz(?=(?:e|es|ed|ing|ation|ations)\b)"), "is"),
    (re.compile(r"(?i)(?<=\w{2})([tb])re\b"), r"\1er"), (re.compile(r"(?i)(?<=\w{2})([tb])er\b"), r"\1re"),  # centre, lustre
    (re.compile(r"(?i)\balumini(?=um\b)"), "alumin"), (re.compile(r"(?i)\balumin(?=um\b)"), "alumini"),
)
"""British spellings and their American ones, each way: a pattern and what it writes instead."""


def _spellings(label: str) -> list[str]:
    """``label`` spelt the other way by each rule of :data:`_SPELLINGS` that changes it
    (a name of one word changed once: "sulphide" is "sulfide", "Lustre" "Luster", "center"
    "centre"; a short word none: "four", "Peter", "acre" keep theirs)."""
    found = (pattern.sub(written, label) for pattern, written in _SPELLINGS)
    return list(dict.fromkeys(f for f in found if f != label))


def _noun_forms(noun: str) -> list[str]:
    """The forms of a common noun in lower case a known label may write: without its hyphens
    (joined, or parted by a space), its last word in the singular and an adjective in -vorous
    its noun in -vore ("herbivorous" "herbivore"): "strato-volcano" is
    "stratovolcano" or "strato volcano", "stratovolcanoes" "stratovolcano", "lava domes" "lava dome"."""
    spellings = [noun, noun.replace("-", ""), noun.replace("-", " ")] if "-" in noun else [noun]
    forms = [form for s in spellings for form in (s, *_singulars(s), *_vore_noun(s))]
    return [form for form in dict.fromkeys(forms) if form != noun]


def _vore_noun(adjective: str) -> tuple[str, ...]:
    """The noun an adjective of what an animal eats is of: "herbivorous" "herbivore",
    "carnivorous" "carnivore", "insectivorous" "insectivore"; only this ending ("famous",
    "venomous" are of no noun here)."""
    return (adjective[: -len("vorous")] + "vore",) if adjective.endswith("vorous") else ()


def _singulars(noun: str) -> tuple[str, ...]:
    """The singulars a noun's plural ending may stand for: "volcanoes" "volcano" or "volcanoe",
    "calderas" "caldera", "fissuries" "fissury"; a stem of three letters is no word's ("shoes" is
    "shoe", no "sho")."""
    if noun.endswith("ies"):
        return (noun[:-3] + "y",)
    if noun.endswith("es"):
        return (noun[:-2], noun[:-1]) if len(noun) > 5 else (noun[:-1],)
    return (noun[:-1],) if noun.endswith("s") and not noun.endswith("ss") else ()


_ALSO_CALLED = re.compile(r"(?:also\s+(?:known\s+as|called)|a\.?k\.?a\.?)\s+", re.IGNORECASE)
"""Words before another name of the same thing in brackets: "Luzon Arc (also called the Luzon Volcanic Arc)"."""
_MARKED_ARTICLE = re.compile(r"^(?:the|an?)\s+(?=[A-Z])")
"""An article in lower case after :data:`_FORMERLY`'s words, before a capitalised name: "also
called the Luzon Volcanic Arc"."""


def _unmarked(part: str) -> str:
    """The other name a bracket's ``part`` gives after :data:`_FORMERLY`'s words, without them and
    an article in lower case after them: "formerly Mount McKinley" is "Mount McKinley", "also called
    the Luzon Volcanic Arc" "Luzon Volcanic Arc" ("also known as The Hague" keeps a name's own
    capitalised article)."""
    return _MARKED_ARTICLE.sub("", _FORMERLY.sub("", part, count=1), count=1)


_RENAMED = re.compile(r"(?:now|renamed)\b", re.IGNORECASE)
"""A gloss that gives the name a thing has now: "Bombay (now Mumbai)", "2019-nCoV (now SARS-CoV-2)";
no country ("Bohemia (now Czech Republic)": where it lies today, the label its first name)."""
_REACTION_OR_SHARE = re.compile(r"[→⟶⇒↦]|->|\d\s?%")
"""An arrow of a reaction or a decay (``K⁺ → μ⁺ν_μ``) or a share (``63.6%``) in a bracket after
a name: a note of the thing named, never another name of it."""
_PRESENT_DAY = re.compile(r"(?:in\s+)?(?:modern-day|present-day|today's|modern)\s+\S", re.IGNORECASE)
"""A gloss that says where a historical place lies today: "Königsberg (modern-day Kaliningrad)",
"Persepolis (in present-day Iran)": the place is the first name, the other no alias of it."""
_NAME_LIST = re.compile(r"\s*(?:[/,;]|\bor\b)\s*")
"""What parts a list of other names in brackets: "Sagarmatha / Chomolungma", "Óðinn, Woden, Wotan"."""
_GENUS_INITIAL = re.compile(r"(?P<initial>[A-Z])\.\s?(?P<epithet>[a-z][a-z-]+(?: [a-z][a-z-]+)?)")
"""A species named with its genus's initial: "P. falciparum", "E. coli", "T. rex" (not "J. Smith":
an epithet is in lower case)."""
_INITIALS = re.compile(r"(?P<letters>[A-Z]{2,4})\s+(?P<rest>[A-Z][\w'’-]+)")
"""A name's first words by their initials before its last word: "DR Congo"."""


def _initials_of(letters: str, words: str) -> bool:
    """Whether ``letters`` are the first letters of the capitalised ``words`` (a name's first words),
    in order, a lower-case joining word among or after them (:data:`_NAME_JOINS`): "DR" of
    "Democratic Republic of the"; not "JP" of "John Pierpont", no joining word (a person's initials)."""
    capitalised = [w for w in words.split() if w not in _NAME_JOINS]
    joins = [w for w in words.split() if w in _NAME_JOINS]
    return bool(joins) and all(w[:1].isupper() for w in capitalised) and "".join(w[0] for w in capitalised) == letters


def _word_initials(name: str) -> str:
    """The first letters of ``name``'s words in capitals, a word after a hyphen a word, its joining
    words and articles left out: "XLR" of "X-linked recessive", "DRC" of "Democratic Republic of the Congo"."""
    words = re.split(r"[\s\-‐]+", name)
    return "".join(w[0] for w in words if w and w.casefold() not in _NAME_JOINS and w.casefold() not in _ARTICLES).upper()


class _NameWords:
    """Names by the words a short or an initialled form of them keeps: the first and the last word
    ("Charles Francis Richter" of "Charles F. Richter", "DR Congo" of "Democratic Republic of the
    Congo"), the initials (:func:`_word_initials`), the casefolded name and the name as written. A
    label index only grows till it is read afresh, so :meth:`update` indexes the names added since."""

    def __init__(self) -> None:
        self._by: dict[str, dict[str, list[str]]] = {kind: {} for kind in ("first", "last", "initials", "folded", "written")}
        self._done = 0

    def update(self, names: dict[str, URIRef]) -> _NameWords:
        """Index the names of ``names`` (in insertion order) not indexed yet."""
        for name in islice(names, self._done, None):
            if words := name.split():
                keys = (("first", words[0]), ("last", words[-1]), ("initials", _word_initials(name)),
                        ("folded", name.casefold()), ("written", name))
                for kind, key in keys:
                    self._by[kind].setdefault(key, []).append(name)
        self._done = len(names)
        return self

    def get(self, kind: str, key: str) -> list[str]:
        """The names whose ``kind`` is ``key``, in the order they were indexed."""
        return self._by[kind].get(key, [])


_NAME_JOINS = frozenset("of in de du des la le les et and the von van der den da di del della y e zu am al el".split())
"""Lower-case words inside a name: "Swiss Federal Institute of Technology in Zurich"."""
_AUTHOR = r"(?:[A-Z]\.\s?)*[A-Z][^\W\d_]*\.?(?:[a-z]{1,2}\.)?"
_AUTHORITY = rf"{_AUTHOR}(?:\s(?:&|et|ex)\s{_AUTHOR})*(?:,\s?\d{{4}})?"
_AUTHORED = re.compile(
    rf"(?P<name>[A-Z][a-z]+(?:\s(?:[x\u00d7]\s?)?(?P<epithet>[a-z][a-z-]+))?)"
    rf"\s+(?P<authority>(?:\({_AUTHORITY}\)\s?)?{_AUTHORITY}|\({_AUTHORITY}\))")
"""A taxon's name, a genus and maybe its epithet, with the authority who named it after it:
"Quercus robur L.", "Salvia L.", "Picea abies (L.) H.Karst.", "Canis lupus Linnaeus, 1758",
"Platanus × hispanica Mill. ex Münchh."."""
_TAXA = re.compile(r"species|genus|genera|taxon|taxa|family|families|plant|animal", re.IGNORECASE)
"""The words of a class's name that say a domain names taxa ("plant species", "Genus")."""
_KINDS = frozenset(
    "album ep single song soundtrack film movie band novel book play opera musical series episode season game video "
    "river lake mountain planet moon star element city town state province county region country island god goddess "
    "deity company ship party sea ocean gulf bay club team league community "
    "version remix mix edit edition cut remaster remastered demo live acoustic deluxe redux reprise instrumental".split())
"""Kinds of things whose word ends a disambiguating gloss: "Weezer (Blue Album)", "Queen (Band)",
a work's version ("1989 (Taylor's Version)", "Old Town Road (Remix)")."""
_OWNER = re.compile(r".*\b(?:Binacional|Inc|Ltd|LLC|GmbH|AG|SA|S\.A|plc|Corp|Corporation|Company|Group|Holdings?|Oyj|Airplanes|Aircraft|"
                    r"Airlines|Airways|Motors|Records|Studios|Pictures|Entertainment|Industries|Technologies|Systems)\.?")
"""A company's name: in brackets after another thing's name, its owner or operator ("Itaipu Dam
(Itaipu Binacional)"), no other name of it; after a company's, its former name."""
_MODEL_CODE = re.compile(r"Mk\.?\s?(?:[IVX]+|\d+)|[A-Z]{1,3}-?\d{2,4}[A-Z]?|(?P<hull>[A-Z]{1,3}-\d[A-Z]?)|(?P<number>(?!(?:1[0-9]|20)\d\d)\d{3,4})")
"""A model's or a generation's code, part of its name: "911 (992)", "BMW 3 Series (E36)",
"Mercedes-Benz S-Class (W222)", "Mini (Mk II)", "Volkswagen Golf (Mk8)", a hull number ("USS Hornet (CV-8)");
not a year ("Purple Rain (1984)")."""


_GROUP_CODE = re.compile(r"(?:APT|UNC|FIN|TA)\d{1,4}|DEV-\d{4}|G\d{4}")
"""A threat group's tracking code: Mandiant's APT35, UNC2452, FIN7, Proofpoint's TA505,
Microsoft's DEV-0537, MITRE ATT&CK's G0059; another name of the group it follows ("Phosphorus
(APT35)"), no model's code ("BMW 3 Series (G20)" is a generation: MITRE's have four digits)."""


_WHICH = frozenset({"left", "right", "deep", "superficial", "anterior", "posterior", "medial", "lateral", "superior", "inferior",
                    "common", "internal", "external", "proper", "main", "major", "minor", "accessory", "upper", "lower", "middle"})
"""Words that say which of several a name is, no other name of it: "Pulmonary (left) artery"."""


def _group_named(code: str, part: str) -> bool:
    """Whether ``part`` of a bracket after a threat group's tracking ``code`` (:data:`_GROUP_CODE`)
    is the group's name ("Cozy Bear" of "APT29"): a name, not a people it is said to be of
    ("Iranian", "North Korean", "Russian-speaking")."""
    return _GROUP_CODE.fullmatch(code) is not None and not any(_of_a_people(w) for w in part.split())


def _of_a_people(word: str) -> bool:
    """Whether ``word`` says what people a thing is of: a language's or a people's name
    (:data:`kg.languages.LANGUAGE_NAMES`: "Russian"), a country's with a demonym's ending
    ("Iranian", "Pakistani"), or a word joined to one ("Russian-speaking")."""
    if "-" in word:
        return any(_of_a_people(w) for w in word.split("-"))
    folded = word.casefold()
    return word in LANGUAGE_NAMES or any(_demonym(c, folded) or folded == c + "i" for c in _COUNTRY_KEYS)


_COUNTRY_KEYS = frozenset(c.casefold() for c in COUNTRIES)


def kind_synonym(name: str, other: str) -> bool:
    """Whether ``other`` is another name of ``name``, the two one word apart before the same kind
    word, the other word in lower case: "peroneal artery" of "Fibular artery"; not a word that says
    which ("left artery" of "Pulmonary artery"), nor a capitalised name ("BNT162b2 vaccine" of
    "Pfizer vaccine": a product code and its maker)."""
    first, _, kind = name.partition(" ")
    word, _, own = other.partition(" ")
    return (bool(kind) and kind == own and " " not in kind and re.fullmatch(r"[A-Za-z][a-z]{3,}", first) is not None
            and re.fullmatch(r"[a-z]{4,}", word) is not None and word not in _WHICH and word != first.casefold())


_LATIN_ENDING = re.compile(r"[a-z]{2,}(?:ae|ii|is|us|um|ior|a|i)")
"""A word with an ending of a Latin anatomical name: "profunda", "brachii", "femoris", "longus"."""


def latin_name(name: str, gloss: str) -> bool:
    """Whether ``gloss``, lower-case words each with a Latin ending (:data:`_LATIN_ENDING`), is
    ``name``'s Latin name, one of its words of the stem of one of the name's ("profunda brachii"
    of "Deep brachial artery", "flexor carpi radialis" of "Radial wrist flexor"); not a note in
    English ("Radial artery (forearm)"), nor another thing's Latin name ("Lion (panthera leo)",
    "Requiem (missa pro defunctis)": no stem in common)."""
    words = gloss.split()
    if not 1 < len(words) <= 4 or not all(_LATIN_ENDING.fullmatch(w) for w in words):
        return False
    stems = {w[:5] for w in split_words(name.casefold()) if len(w) >= 5}
    return any(w[:5] in stems for w in words if len(w) >= 5)


def model_code(gloss: str, name: str) -> bool:
    """Whether a bracketed ``gloss`` after ``name`` is a model's code (:data:`_MODEL_CODE`), part
    of the name: a chat answer's "911 (991)" is that generation, not the "911" of every one. A
    bare number is a code only after a numbered name ("911 (991)"; not a count: "France (120)"), a hull
    number of one digit only after a name with none ("USS Hornet (CV-8)"; "PTGS1 (COX-1)" gives another code)."""
    found = _MODEL_CODE.fullmatch(gloss.strip())
    if found is None or _GROUP_CODE.fullmatch(gloss.strip()):  # "Phosphorus (APT35)": the group's other name
        return False
    if found.group("hull") is not None:  # "USS Hornet (CV-8)"; not "PTGS1 (COX-1)", a coded name's other code
        return not any(ch.isdigit() for ch in name)
    return found.group("number") is None or any(ch.isdigit() for ch in name)


def _akin(word: str, name: str) -> bool:
    """Whether ``word`` is a word of ``name`` or spelt much as one ("Kronos" of "Cronus",
    "Iuppiter" of "Jupiter", "Lula" of "Luiz Inácio Lula da Silva"), three letters or more of it
    running together ("Utrecht" is not "Dutch": "ut" and "ch" alone)."""
    folded = fold_accents(word.casefold())
    return any(_spelt_alike(folded, w) for w in split_words(fold_accents(name.casefold())))


def _spelt_alike(word: str, other: str) -> bool:
    """Whether two words (folded) are spelt much as one another: six letters in ten alike, three
    of them in one run where both words are longer than four letters ("kronos", "cronus";
    "woden", "odin"; not "utrecht", "dutch")."""
    matcher = difflib.SequenceMatcher(None, word, other, autojunk=False)
    run = matcher.find_longest_match(0, len(word), 0, len(other)).size
    return matcher.ratio() >= 0.6 and (run >= 3 or min(len(word), len(other)) <= 4)


_PINYIN_FINALS = ("a o e ai ei ao ou an en ang eng ong er i ia ie iao iu ian in iang ing iong u ua uo uai ui uan un uang ueng "
                  "ü üe üan ün ue").split()
_PINYIN_SYLLABLES = frozenset(i + f for i in ["", *"b p m f d t n l g k h j q x zh ch sh r z c s y w".split()] for f in _PINYIN_FINALS)
"""The syllables of Hanyu Pinyin without their tone marks (a few the language never writes among them)."""
_TONES = "\u0300\u0301\u0304\u030c"
"""The combining tone marks of pinyin: grave, acute, macron and caron."""


def _pinyin_syllables(word: str) -> bool:
    """Whether a word (decomposed, lower case) is pinyin syllables each with its tone mark."""
    if not word:
        return True
    for end in range(len(word), 0, -1):
        syllable = word[:end]
        toneless = unicodedata.normalize("NFC", "".join(ch for ch in syllable if ch not in _TONES))
        if toneless in _PINYIN_SYLLABLES and any(ch in _TONES for ch in syllable) and _pinyin_syllables(word[end:]):
            return True
    return False


def _pinyin(text: str) -> bool:
    """Whether ``text`` is a Chinese name in pinyin with its tone marks, each word capitalised
    and each syllable marked, a macron or a caron among them or two words: "Cháng Jiāng", "Huáng
    Hé", "Zhūjiāng", "Xī'ān"; not "Río Negro", "Rīga" (a syllable unmarked), "Tōkyō", "Dvořák",
    "Chang Jiang" (no tone marks: a name as any other)."""
    words = text.split()
    decomposed = unicodedata.normalize("NFD", text)
    if not words or not all(w[:1].isupper() for w in words) or not any(mark in decomposed for mark in "\u0304\u030c") and len(words) < 2:
        return False
    return all(_pinyin_syllables(unicodedata.normalize("NFD", re.sub(r"['’-]", "", w).casefold())) for w in words)


def _modified_group(base: str, gloss: str) -> bool:
    """Whether a bracket after a group's name names another group: the name's own word as a
    modifier of another noun, "Russians (Russian Germans)" (the Russian Germans are Germans from
    Russia, no other name of the Russians), or a people's name after a modifier, "Germans (Volga
    Germans)" (a part of them); not "Cronus (Kronos)", "United States (USA)", "Luiz Inácio Lula
    da Silva (Lula)" nor "Jones (Tom Jones)" (no people's name), other names of the same."""
    words = base.split()
    said = [w for w in gloss.split() if w.casefold() not in ("the", "a", "an")]
    if len(words) != 1 or not base.endswith("s") or len(said) < 2:
        return False
    modifier = base[:-1]
    if base in said:  # "Germans (Volga Germans)": a people's part
        return modifier in LANGUAGE_NAMES and said[-1] == base and said[0][:1].isupper()
    return modifier in said and any(w[:1].isupper() and w != modifier for w in said)


def _other_names(base: str, gloss: str, language: Language) -> tuple[str, ...] | None:
    """The other names of ``base`` a bracketed ``gloss`` gives: capitalised names or names in
    another script, a list of them ("Sagarmatha / Chomolungma", "Chang Jiang, 长江", "Óðinn,
    Woden, Wotan"), a former name ("formerly Mount McKinley"); () of another culture's name of
    another thing ("Minerva in Rome"), dropped as a note; None of anything else: a region
    ("Paris (Texas)"), a kind ("Mercury (planet)", "Weezer (Blue Album)"), a language ("Wotan
    (Old High German)"), a code ("911 (992)", "GA"), a note in lower case ("Berlin (capital since
    1990)", "Athens (the Parthenon)"), a year, a name with another number, a company after
    something that is none (its owner), or a thing named after it ("Apple (Apple Silicon)",
    "Madrid (Community of Madrid)"). A capitalised name is another name only when the gloss
    vouches for one of its names: after "formerly", "a.k.a." and the like, in a list parted by
    "/", in another script, or akin to the name (:func:`_akin`: "Cronus (Kronos)", "Burj Khalifa
    (Burj Dubai)"); else it more often names another thing ("A100 (Ampere)", its architecture;
    "Joe Biden (Democratic Party)"), and a wrong alias merges two things where a missing one only
    keeps them apart. After a threat group's tracking code (:data:`_GROUP_CODE`) a name is the
    group's ("APT29 (Cozy Bear)"), as the code is after its name ("Phosphorus (APT35)"); its
    sponsor's acronym ("APT28 (GRU)") or country ("APT41 (China)") no more than after any name."""
    if model_code(gloss, base) or region_rank(gloss, True) or acronym(gloss.replace("/", "")):
        return None
    core = re.sub(r"^(?:the|a|an)\s+", "", base, flags=re.IGNORECASE)
    names: list[str] = []
    vouched = unvouched = False
    for part in _NAME_LIST.split(gloss):
        if quoted := re.fullmatch(r"[\"“'‘](?P<nickname>[^\"“”'‘’]+)[\"”'’]", part.strip()):
            part = quoted.group("nickname")  # 'USS Constitution ("Old Ironsides")': a nickname, another name of it
        marked = _FORMERLY.match(part.strip()) is not None or "/" in gloss or quoted is not None or _group_named(base, part)
        renamed = _RENAMED.match(part.strip()) is not None  # "2019-nCoV (now SARS-CoV-2)": a new name, numbers and all
        part = _unmarked(part.strip(" .")) if _FORMERLY.match(part.strip()) else part.strip(" .")
        words = part.split()
        if not words or region_rank(part, True):
            return None
        if foreign_script(part, language) is not None or _pinyin(part):  # "Yangtze (Cháng Jiāng)": its name in pinyin
            names.append(part)
            vouched = True
            continue
        if not all(w[:1].isupper() or w[:1].isdigit() or w in _NAME_JOINS for w in words) or words[0] in _NAME_JOINS:
            return None  # a note ("capital since 1990"), a place in the thing ("Athens (the Parthenon)")
        if words[-1].casefold() in _KINDS or words[-1].split("-")[-1] in LANGUAGE_NAMES or not any(ch.isalpha() for ch in part) or acronym(part):
            return None
        if _OWNER.fullmatch(part) and not _OWNER.fullmatch(base) or not renamed and re.findall(r"\d+", part) not in ([], re.findall(r"\d+", base)):
            return None  # its owner; another number ("Grand Theft Auto V (GTA 5)")
        if re.search(rf"\bof (?:the )?{re.escape(base)}$", part, re.IGNORECASE) or re.match(rf"{re.escape(core)}\s+\S", part, re.IGNORECASE):
            return None  # "Madrid (Community of Madrid)", "Apple (Apple Silicon)": another thing, named after it
        if marked or any(_akin(w, base) for w in words if w not in _NAME_JOINS and len(w) >= 3):
            vouched = True
        else:
            unvouched = True
        in_place = re.fullmatch(r"(?P<name>\S+(?: \S+)?) in (?P<place>[A-Z]\S*)", part)
        if in_place is None:
            names.append(part)
    return None if unvouched and not vouched else tuple(names)


@lru_cache(maxsize=None)
def _other_language_words(language: Language) -> frozenset[str]:
    """The articles and joining words of the languages :mod:`kg.languages` lists other than
    ``language``, of two letters or more, less ``language``'s own and English's words among them
    ("der", "und", "la", "et", "het"; not "of", "a", "as", "or", "die" of an English name,
    "en" ...): a name holding one in lower case is in another language."""
    from kg.languages import LANGUAGES

    words = {w for lang in LANGUAGES.values() if lang.code != language.code for w in (*lang.articles, *lang.joins)}
    own = {*language.articles, *language.joins, "of", "as", "or", "and", "a", "die", "i", "o", "e", "u", "en", "ed"}
    return frozenset(w for w in words if len(w) >= 2 and w not in own and not w.endswith("'"))


_TAXON_NAME_RELATION = re.compile(r"(?:botanical|scientific|binomial|latin|taxon(?:omic)?|species)\s*name|binomial", re.IGNORECASE)
"""A text relation whose value is a taxon's name ("botanicalName", "scientific name", "binomial")."""


def _authority_off(relation: Relation, label: str) -> tuple[str, str] | None:
    """(name, authority) of a taxon's name written with its authority after it (:data:`_AUTHORED`:
    "Triticum aestivum L.", "Glycine max (L.) Merr.", "Malus domestica Borkh.", "Coffea canephora
    Pierre ex A.Froehner"), the value of a relation that asks for the name (:data:`_TAXON_NAME_RELATION`:
    a botanical name), as a reference holds it; None of any other text relation (a synonym "Pyrus
    malus L." or an authority "(Suckow) Borkh." keeps it) and of a genus alone. A capitalised
    word after a binomial is no part of a species' name: "Quercus robur Linnaeus", and "Malus
    domestica Borkh" whose stop a sentence's end took, are Quercus robur and Malus domestica.

    >>> from kg.ontology import Relation
    >>> _authority_off(Relation("botanicalName", URIRef("urn:p"), "q", "v"), "Glycine max (L.) Merr.")
    ('Glycine max', '(L.) Merr.')
    """
    words = " ".join((relation.name, *relation.synonyms))
    match = _AUTHORED.fullmatch(label) if _TAXON_NAME_RELATION.search(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", words)) else None
    if match is None or match.group("epithet") is None or match.group("epithet") in _NAME_JOINS:
        return None
    return match.group("name"), match.group("authority")


def _coded(code: str, name: str) -> bool:
    """Whether ``code`` (:data:`_CODES`) may be ``name``'s: its first letter a word's first of the
    name ("HND" of "Tokyo Haneda", "DXB" of "Dubai International"; not "TXA" of "Paris")."""
    return any(w[:1] == code[:1].casefold() for w in split_words(fold_accents(name.casefold())))


def _native(gloss: str, name: str) -> bool:
    """Whether ``gloss``, one word of letters, is ``name``'s last word in its own language, holding
    that word's first four letters or more ("Spanish (español)", "Swahili (Kiswahili)", "Turkey
    (Türkiye)", "Old English (Englisc)"); not a place ("Paris (Texas)"), a class ("Jordan (river)")
    or a word of the name ("Congo (Congo-Brazzaville)"). A native name with no stem in common
    ("Basque (Euskara)", "Old English (Anglo-Saxon)") cannot be told from another thing's name
    ("A100 (Ampere)") by its letters: the label stays whole (:func:`_other_names`)."""
    words = split_words(fold_accents(name.casefold()))
    native = fold_accents(gloss.casefold())
    if not words or not native.isalpha() or native in words:
        return False
    found = difflib.SequenceMatcher(None, words[-1], native, autojunk=False).find_longest_match(0, len(words[-1]), 0, len(native))
    return found.size >= 4 and found.a == 0


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short``, one word, abbreviates ``name``: two capitals or more, each of its letters
    the first of a word of the name, in order from its first, or the next in the word the one
    before it is of ("TVO" of "Teollisuuden Voima Oyj", "EDF" of "Électricité de France", "MoMA" of
    "The Museum of Modern Art", "OL3" of "Olkiluoto 3", "TEPCO" of "Tokyo Electric Power Company"),
    a name of two words or more; or the first letters of the name's first word ("The Met" of "The
    Metropolitan Museum of Art"). Not "GA" of "Georgia", "BA" of "Boeing Company", "Texas" of "Paris"."""
    short = re.sub(r"^[Tt]he\s+", "", short)
    head, _, number = short.rpartition(" ")
    if head and " " not in head and name.endswith(" " + number) and re.fullmatch(r"\d+|[IVXLCDM]+", number):
        return _abbreviates(head, name[: -len(number)].rstrip())  # "GTA V" of "Grand Theft Auto V"
    words = [w for w in split_words(fold_accents(name.casefold())) if w not in _ARTICLES]
    letters = "".join(split_words(fold_accents(short.casefold())))
    if " " in short or not short[:1].isupper() or not words or not letters:
        return False
    if sum(ch.isupper() for ch in short) < 2 or len(words) < 2:
        return len(letters) >= 3 and words[0].startswith(letters) and letters != words[0]

    def spelt(i: int, word: int, at: int) -> bool:  # letters[i:] from words[word][at:] on, or a later word
        if i == len(letters):
            return True
        if (found := words[word].find(letters[i], at)) >= 0 and spelt(i + 1, word, found + 1):
            return True
        return any(words[k][0] == letters[i] and spelt(i + 1, k, 1) for k in range(word + 1, len(words)))

    return words[0][0] == letters[0] and spelt(1, 0, 1)


def _index_name(index: dict[str, dict[str, URIRef]], iri: URIRef, label: str) -> bool:
    """Index ``iri`` under each key of ``label``, the least IRI winning; whether its normalised
    key is new to the index."""
    new = False
    for kind, key in name_keys(label):
        if not key:  # no key names nothing: it would join every label that has none
            continue
        table = index[kind]
        old = table.get(key)
        if old is None or str(iri) < str(old):
            table[key] = iri
        new = new or (old is None and kind == "norm")
    return new


@dataclass
class _Recent:
    """Normalised labels observed since the main fuzzy index was built (sorted), and their own
    index (None: to be rebuilt)."""

    choices: list[str]
    index: Any


def _casings(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``names`` by their casefolded form: ``{"aragonite": ("aragonite",)}``; a name written in
    two cases ("Reading", "reading") lists both, so neither is the one spelling."""
    out: dict[str, tuple[str, ...]] = {}
    for name in sorted(names):
        out[name.casefold()] = (*out.get(name.casefold(), ()), name)
    return out


def _keep(cache: dict[str, Any], key: str, value: Any) -> Any:
    """``value``, kept in ``cache`` under ``key``; a full cache (:data:`CACHE_SIZE`) is emptied first."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def reason_key(reason: str) -> str:
    """The category of an unreadable reason, for counting: quoted values and details dropped."""
    head = reason.split(": ", 1)[0]
    return SPACE.sub(" ", _QUOTED.sub("…", head)).strip()
