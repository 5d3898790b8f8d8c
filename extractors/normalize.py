"""The one normaliser every extractor uses: text → clean label → IRI, and names → relations.

- :meth:`Normalizer.clean`: Unicode NFKC, control characters out, whitespace collapsed, edge
  quotes and trailing punctuation stripped, ATOMIC placeholders made canonical (``Person X``,
  ``personx`` → ``PersonX``; ``____`` → ``___``).
- :func:`match_key`: a lemmatised key for matching (case-folded, accents dropped, articles and
  a leading "to" dropped, plural and verb endings stripped): ``"To dial the numbers."`` ~
  ``"dial number"``, ``"Bogotá"`` ~ ``"Bogota"``.
- "none" answers (``none``, ``nothing``, ``n/a``, ...) are dropped with a counted reason.
- :meth:`Normalizer.entity`: a label resolved to an entity of the domain already in the store
  (not one typed only by another domain's classes: :meth:`Normalizer._other_domains_entities`; exact label,
  then normalised label, then lemmatised key, then a fuzzy match above ``fuzzy``), else a
  fresh IRI minted with :func:`kg.iri.mint_iri`. An IRI never carries raw teacher text. In a
  domain of phrases (typed by form: commonsense) only the exact and normalised label match:
  "to learn from PersonY" is not "to learn from PersonX", nor "gets a new job" "to get a new job".
- :meth:`Normalizer.relation`: a relation of the domain by name, IRI local name, label or
  synonym, case- and separator-insensitive (``"capital of"``, ``"capitalOf"``, ``"CAPITAL_OF"``).
- :meth:`Normalizer.dedupe`: duplicates within one completion merged (counted).

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
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import groupby
from typing import TYPE_CHECKING, Any, Sequence

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

from extractors.datatypes import lexical_form, lexical_problem
from kg.errors import StoreError
from kg.forms import phrase_form, typed_by_form
from kg.iri import CACHE_SIZE, fold_accents, local_name, mint_iri, normalize_label
from kg.languages import ENGLISH, Language, foreign_script, preferred_label, words as split_words
from kg.namespaces import PREFIXES, RESOURCE
from kg.ontology import entity_namespace
from kg.records import SURROGATES, Candidate, Completion, Unreadable
from kg.units import Unit, convert, unit_in

if TYPE_CHECKING:
    from kg.ontology import Domain, Relation
    from kg.store import Store

__all__ = [
    "Normalizer",
    "ExtractionStats",
    "match_key",
    "relation_key",
    "figure",
    "read_value",
    "value_literal",
    "NONE_ANSWERS",
    "REFUSAL",
    "MAX_LABEL",
    "FENCE",
    "undecorated",
    "crossed",
]

MAX_LABEL = 200
"""Longest label (characters) taken as an entity; longer spans are unreadable."""

FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_-]*)[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)
"""A Markdown code fence: group 1 the language, group 2 the body (an unclosed fence runs to the end)."""
NONE_ANSWERS = frozenset(
    {"none", "nothing", "n/a", "na", "no answer", "null", "nil", "-", "no one", "nobody", "unknown", "not applicable"}
)

_NO_KNOWLEDGE = re.compile(
    r"^(?:i\s*(?:do not|don't|dont|doesn't)\s*know|i(?:'m| am) not (?:sure|certain|aware)|not sure|no idea|"
    r"there (?:are|is) (?:none|no (?:known|such))|none (?:known|that i know)|i have no (?:idea|information))\b",
    re.IGNORECASE,
)
"""A teacher saying it does not know: read like "none" (no fact, counted as a none answer)."""
_NOTHING_MORE = re.compile(
    r"(?:i think )?(?:nothing (?:else|more)(?: comes to mind| to add)?|nothing (?:comes to mind|to add)|"
    r"(?:that's|that is) (?:about )?(?:all|it|everything|the (?:full|complete|whole) list)(?:,? folks| (?:i can think of|i know(?: of)?|for now))?|"
    r"no (?:other|more|further) (?:ideas|answers))\W*",
    re.IGNORECASE,
)
"""A teacher saying its list is done, as the whole item ("That's all.", "That's all I can think
of", "that's it for now", "That's about it", "I think that's all", "That's everything", "That's
the full list", "Nothing else comes to mind", "Nothing else."): read like "none"; "that's all
right", "that is it, they forgive" are answers."""
_REFUSAL = re.compile(
    r"^(?:(?:i'?m|i am) sorry\b|sorry(?:,| but\b)|i apologi[sz]e\b|as an ai\b|i (?:can't|cannot|can not|am unable to|won't|will not)\b|"
    r"i'm unable to\b)",
    re.IGNORECASE,
)
"""A teacher refusing or apologising: quarantined (the prompts it refuses are worth seeing)."""
REFUSAL = "is the teacher's refusal, not an answer"

DAMAGED = "damaged text (U+FFFD: a lone surrogate or bytes that were not UTF-8)"
"""Why a label holding U+FFFD is quarantined: lone surrogates are replaced by it before text
is cached or stored, and a decoder puts it where bytes were not text; either way the label is not
what the teacher meant, and minting it would make a second, misspelt entity."""
FILE_SOURCE = "file:"
"""The ``Completion.teacher`` prefix of a JSON or RDF file read by ``kg ingest``: its labels are
the user's own, not a model's answer, and keep their case. (ATOMIC rows are lowered as a model's
answers are: their 766 tails in sentence case are the same phrases as the lower-case ones.)"""
TABLE_SOURCE = "atomic-"
"""The ``Completion.teacher`` prefix of a CSV/TSV table's rows read by ``kg ingest``
(:func:`extractors.atomic.read_atomic_tsv`)."""
_TAGGED = re.compile(r'"([^"]+)"@[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# invisible marks with no letter of their own (zero-width space, left-to-right and right-to-left
# marks and embeddings, word joiner, byte-order mark, soft hyphen) are removed, not made spaces;
# the zero-width joiner and non-joiner (U+200C, U+200D) are part of the text they sit in
# ("👨‍👩‍👧" is one family, Persian "می‌خواهد" one word) and stay
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")
_EDGE = " \t\n\r\"'`“”‘’«»„‚‹›*"
_TRAILING = ".,;:!?…"
_ABBREVIATION = re.compile(r"(?:(?:^|[\s(])(?:[A-Za-z]\.){2,}|\b(?:Jr|Sr|St|Dr|Mt|Ft|Inc|Ltd|Co|Corp|Bros)\.)$")
"""A name that ends in an abbreviation, whose last period is part of it: initials
("E.T.", "U.S.", "D.C.") or a title or company suffix ("Jr.", "St.", "Inc.")."""
_PERSON = re.compile(r"\bperson\s?([xyz])\b(?!-)", re.IGNORECASE)
_BLANK = re.compile(r"(?<!\w)(_{2,})(?!_)(?![^\W_]+_)(?!\S.*?(?<=\S)\1(?!\w))")
"""A blank ("PersonX takes ___ to the vet", "to eat ____s"): a whole run of underscores with no
letter or digit before it, written ``___`` whatever its length; the underscores of a name in
code are none (``__future__``, ``___init___``, ``snake__case`` stay as written), and neither is
a run that opens emphasis another closes (``__to go home__``)."""
_UNDERSCORE_EMPHASIS = re.compile(r"(_{1,2})(?!_)(\S(?:(?:[^_]|(?<=[^\W_])_+(?=[^\W_]))*\S)?)(?<!_)\1", re.DOTALL)
"""Markdown's other emphasis, ``__bold__`` and ``_italic_`` around a whole item (CommonMark: the
same as ``**bold**`` and ``*italic*``); the underscores inside are a word's own (``_a snake_case
name_``), so ``_x_ and _y_`` is two spans, not one from its first underscore to its last; a
blank (``___``) is no emphasis, and neither are the underscores of an identifier
(:data:`_IDENTIFIER`)."""
_IDENTIFIER = re.compile(r"__[a-z][a-z0-9]*(?:_[a-z0-9]+)*__|_[a-z0-9]+(?:_[a-z0-9]+)+_")
"""Underscores around a name in code, not emphasis: a Python dunder name (``__future__``,
``__init__``; ``__fever__`` too, which could be bold, but a dunder is read as written) or a
lower-case name with an inner underscore (``_snake_case_``). One word in single underscores is
italics (``_numpy_``, ``_fever_``, ``_ctypes_``: nothing tells it from a name, and Markdown
renders it so), and so is anything with a capital, a space or only digits (``__Ecuador__``,
``_to go home_``, ``_1990_``); a name the store already holds with its underscores keeps them
(:meth:`Normalizer.candidate`)."""
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
_RDF_SYNTAX = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|\"\s*\.\s*<|\^\^\s*<|@prefix\s", re.IGNORECASE)
_ARTICLES = frozenset({"a", "an", "the"})
_INT_TYPES = {
    str(XSD[t])
    for t in (
        "integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    )
}
_DEC_TYPES = {str(XSD.decimal), str(XSD.float), str(XSD.double)}
_NOT_KEY = re.compile(r"[^a-z0-9]")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"(?<![A-Za-z])[-+]?\d(?:[\d\u202f\u00a0 ]|[.,'’](?=\d))*")
"""Digits with the separators people group them by (``,`` ``.`` spaces, ``'`` in Switzerland)
and a decimal separator (``.`` or ``,``), each followed by a digit; not the digit of a word
(the unit ``km2``, ``m2``, the ``CO2`` of a name)."""
_SCALE = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
    "k": 10**3, "m": 10**6, "bn": 10**9, "mln": 10**6, "mn": 10**6, "bln": 10**9,
    # the same words in the languages of kg.languages
    "tausend": 10**3, "tsd": 10**3, "mio": 10**6, "millionen": 10**6, "mrd": 10**9, "milliarde": 10**9,
    "milliarden": 10**9, "mille": 10**3, "milliard": 10**9, "milliards": 10**9, "millón": 10**6, "millones": 10**6,
    "milione": 10**6, "milioni": 10**6, "miliardo": 10**9, "miliardi": 10**9, "miljoen": 10**6, "miljard": 10**9,
    "milhão": 10**6, "milhões": 10**6, "bilhão": 10**9, "bilhões": 10**9,
}
_CJK_SCALE = re.compile(r"(\d+(?:\.\d+)?)(千万|千萬|億|亿|万|萬)")
"""A number with a Chinese or Japanese scale character after it, no space between: ``376万``
(3,760,000), ``1億2千万`` (120,000,000: each part read and added)."""
_CJK_UNIT = {"千万": 10**7, "千萬": 10**7, "億": 10**8, "亿": 10**8, "万": 10**4, "萬": 10**4}
_SCALE_WORDS = "|".join(sorted((re.escape(w) for w in _SCALE), key=len, reverse=True))
_RANGE_END = re.compile(rf"^(?:and|to|or|bis|und|-|–|—)\s*[\d.,]+\s*({_SCALE_WORDS})\b")
_RANGE = re.compile(r"\d\s*(?:[-–—]|\b(?:to|or|and|bis|und|oder)\b)\s*\d", re.IGNORECASE)
"""Two numbers as one value: "75 to 325 mg", "200-400 mg", "1991 or 1992"."""
_DECADE = re.compile(r"\d0'?s\b")
"""A decade: "the early 1990s", "the 80's"."""
_UNITS = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "g": "g", "gram": "g", "grams": "g", "kg": "kg",
    "kilogram": "kg", "kilograms": "kg", "mcg": "µg", "µg": "µg", "ug": "µg", "microgram": "µg", "micrograms": "µg",
    "ml": "ml", "millilitre": "ml", "millilitres": "ml", "milliliter": "ml", "milliliters": "ml",
}
"""Units of mass and volume a relation may name ("dosageMg", "dosage in mg") and a value be given in."""
_UNIT_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|µg")


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


@lru_cache(maxsize=CACHE_SIZE)
def match_key(text: str) -> str:
    """A lemmatised key for matching labels: case-folded, accents dropped (as
    :func:`kg.iri.normalize_label` drops them), articles and a leading "to" dropped, simple
    plural/verb endings stripped."""
    words = split_words(fold_accents(unicodedata.normalize("NFKD", text).casefold()))
    if words and words[0] == "to" and len(words) > 1:
        words = words[1:]
    return " ".join(_lemma(w) for w in words if w not in _ARTICLES)


_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}


def _markers(key: str) -> tuple[list[str], list[str]]:
    """The words of a normalised label that tell one thing from its siblings: its numbers, and
    its single letters and roman numerals ("type 1 diabetes", "iphone 13"; "hepatitis b",
    "world war ii"). Numerals of other scripts count as numbers: the runs of characters with a
    numeric value (Han "第十三届" and "第十四届", Devanagari "१३")."""
    words = [w for w in re.split(r"[^0-9a-z]+", key) if w]
    numbers = [w for w in words if any(c.isdigit() for c in w)]
    numbers += ["".join(run) for numeral, run in groupby(key, _is_numeral) if numeral]
    return sorted(numbers), sorted(w for w in words if len(w) == 1 or w in _ROMAN)


def _is_numeral(ch: str) -> bool:
    return not ch.isascii() and unicodedata.numeric(ch, None) is not None


def _same_markers(a: str, b: str) -> bool:
    """Whether a fuzzy match of ``a`` for ``b`` keeps what tells things apart: the same numbers,
    and the same letters where both have some ("world war i" is not "world war ii"; "person x
    goes home" is "personx goes home")."""
    (numbers_a, letters_a), (numbers_b, letters_b) = _markers(a), _markers(b)
    return numbers_a == numbers_b and (letters_a == letters_b or not letters_a or not letters_b)


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
        self._reference: list[dict[str, dict[str, URIRef]]] | None = None  # the reference's names, aliases
        self._reference_labels: dict[URIRef, str] = {}  # each reference node's own name
        self._named: set[str] = set()  # the IRIs the label index holds a label of
        self._others: set[str] = set()  # the store's entities of another domain: no name resolves to them
        self._fuzzy_index: Any = None  # a FuzzyIndex of the store's normalised labels, on first use
        self._fuzzy_recent: _Recent | None = None  # normalised labels observed since it was built
        self._tracking = False
        self._entities: dict[str, tuple[URIRef, str]] = {}  # label → IRI and name, bounded by _keep
        self._relations_by_name: dict[str, Relation | None] = {}  # name → relation or None, bounded by _keep
        self._predicates: dict[str, URIRef] = {}  # one per relation of the domain
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
        return _clean(text)

    def is_none(self, label: str) -> bool:
        """Whether ``label`` says there is no answer: "none", "n/a", "I don't know", ...; in
        the domain's language too ("Keine Angabe", "Das weiß ich leider nicht")."""
        if _is_none(label):
            return True
        if self.language is ENGLISH:
            return False
        answers, openings = _none_words(self.language)
        if not (answers or openings):
            return False
        key = label.casefold().strip(" .!")
        return key in answers or key.startswith(openings)

    def label_problem(self, label: str) -> str | None:
        """Why a clean label cannot name an entity, or None when it can."""
        problem = _label_problem(label)
        if problem is None and self.language is not ENGLISH and self.is_none(label):
            return "none answer"
        return problem

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
            except Exception as exc:  # noqa: BLE001 - never resolve nothing and mint everything in silence
                raise StoreError(
                    f"entity resolution cannot read the labels of the store {self.store.location!r} "
                    f"({type(exc).__name__}: {exc}); without them every label would be minted as a new entity"
                ) from None
            for row in rows:
                self._add_name(URIRef(str(row["s"])), URIRef(str(row["p"])), str(row["l"]))
        return self._labels

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
                labels: dict[URIRef, list[tuple[str | None, str]]] = {}
                for node, name in reference.subject_objects(RDFS.label):
                    if isinstance(node, URIRef):
                        labels.setdefault(node, []).append((name.language if isinstance(name, Literal) else None, str(name)))
                self._reference_labels = {node: str(preferred_label(found, self.language.code)) for node, found in labels.items()}
            self._reference = [names, aliases]
        return self._reference

    def _reference_name(self, label: str) -> str | None:
        """The reference entity's own name (its label in the domain's language) when ``label`` is
        a name or an alias of it: "French Republic" and "Frankreich"@de are "France"."""
        keys = (("exact", label), ("norm", normalize_label(label)), ("lemma", match_key(label)))
        for names in self._reference_index():
            for kind, key in keys:
                node = names[kind].get(key) if key else None
                if node is not None:
                    return self._reference_labels.get(node)
        return None

    def _add_name(self, iri: URIRef, predicate: URIRef, label: str) -> None:
        """Index one name of ``iri`` in the store: ``rdfs:label`` and ``skos:prefLabel`` as
        names, ``skos:altLabel`` as an alias."""
        if str(iri) in self._others:  # another domain's entity: named, but no name of this domain's resolves to it
            if predicate == RDFS.label:
                self._named.add(str(iri))
        elif predicate == _ALT_LABEL:
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
        key = normalize_label(label)
        if _index_name(index, iri, label) and key and self._fuzzy_recent is not None:
            bisect.insort(self._fuzzy_recent.choices, key)
            self._fuzzy_recent.index = None

    def track_writes(self) -> None:
        """This run is the store's only writer: :meth:`observe` adds what it writes to the label
        index (else the index is read from the store afresh after each write)."""
        self._tracking = True

    def observe(self, triples: Any) -> None:
        """The triples a batch just wrote to ``accepted``: labels among them join the index, and
        resolutions made before are forgotten. So each batch resolves against the store as it
        stands before the batch, written by this run or by an earlier, interrupted one: a resumed
        run mints and resolves exactly as an uninterrupted one."""
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
        label = _clean(text)
        return bool(label) and normalize_label(label) in self._label_index()["norm"]

    def names(self, text: str) -> bool:
        """Whether ``text`` names an entity the store or the domain's reference graph names
        (a name or an alias, normalised, no fuzzy match)."""
        label = _clean(text)
        if not label:
            return False
        key = normalize_label(label)
        return any(key in index["norm"] for index in (self._label_index(), self._aliases, *self._reference_index()))

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

    def named_entity(self, label: str) -> tuple[URIRef, str]:
        """The IRI for an entity called ``label`` (a clean, valid label) and the name a candidate
        gives it (its ``rdfs:label`` when new): a reference entity's own name for a name or an
        alias of it ("French Republic" is ``res:france``, "France"), else ``label``."""
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
        name the store holds a close spelling of (fuzzy); else a new IRI minted from ``label``."""
        index = self._label_index()
        keys = (("exact", label), ("norm", normalize_label(label)), ("lemma", match_key(label)))
        for names in (index, self._aliases):
            for kind, key in keys:
                if kind == "lemma" and self._exact_only:
                    break
                found = names[kind].get(key) if key else None
                if found is not None:
                    return found, label
        own = self._reference_name(label)
        if own is not None and normalize_label(own) != normalize_label(label):
            return self.named_entity(own)
        if self.fuzzy and index["norm"] and not self._exact_only:
            key = normalize_label(label)
            best = self._fuzzy_best(key, self.fuzzy)
            if best is not None and _same_markers(best, key):  # not "type 2 diabetes" for "type 1 diabetes"
                return index["norm"][best], label
        return mint_iri(label, self.entity_namespace), label

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
        why = "the teacher's answer is empty" + (" (the token limit was reached: raise max_tokens)" if completion.truncated else "")
        self.stats.unreadable[why] += 1
        return Unreadable(completion, completion.text[:2000], extractor, why)

    def literal(self, relation: Relation, text: str) -> Literal | None:
        """The literal object of a data property, typed by its datatype, or None if unreadable
        (:func:`value_literal` in the teacher's language)."""
        return value_literal(relation, text, self.language)

    # -- candidates ---------------------------------------------------------------------------

    def _label(self, text: str, markdown: bool) -> str:
        """``text`` cleaned as a label: underscores around it are emphasis in a model's Markdown
        (``_numpy_``), but not around a name the store holds with them (a file's ``_ctypes_``,
        then a model's answer naming it)."""
        label = _clean(text, markdown=markdown)
        if not markdown or "_" not in text or (written := _clean(text, markdown=False)) == label:
            return label
        return written if normalize_label(written) in self._label_index()["norm"] else label

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
        from_file = completion is not None and completion.teacher.startswith((FILE_SOURCE, TABLE_SOURCE))
        s_iri = self.written_iri(subject) if from_file else None
        o_iri = self.written_iri(obj) if from_file and not relation.object_is_literal else None
        markdown = not from_file and extractor not in ("json", "rdf")  # a file's "_private_", a JSON string's "_ctypes_": no emphasis
        s_label = "" if s_iri is not None else self._label(subject, markdown)
        o_label = "" if o_iri is not None else self._label(obj, markdown)
        if not self._phrases and not from_file:  # "🇪🇨 Ecuador": decoration, no part of a name (a phrase may end in one: "to share with 👨‍👩‍👧")
            s_label, o_label = self._label(undecorated(s_label), markdown), self._label(undecorated(o_label), markdown)
        if self._phrases and markdown:  # "_happy_": one word in italics (a phrase is no identifier)
            s_label, o_label = (_clean(m.group(2)) if (m := _UNDERSCORE_EMPHASIS.fullmatch(x)) else x for x in (s_label, o_label))
        if self._phrases and not (completion is not None and completion.teacher.startswith(FILE_SOURCE)):
            # "To get married", "Happy": a chat model's sentence case, not a name; a JSON or RDF
            # file's labels keep the case they were written in
            s_label, o_label = phrase_case(s_label), phrase_case(o_label)
        for which, label, iri_given in (("subject", s_label, s_iri), ("object", o_label, o_iri)):
            if iri_given is not None:
                continue
            problem = self.label_problem(label)
            if problem is None and which == "object" and completion is not None and not from_file and not relation.object_is_literal:
                # a model's answer in another language ("Москва" in an English domain) would mint
                # an entity beside the one it names; a user's own file or API call may name so, and
                # a text value (a native name) may be in any script
                script = foreign_script(label, self.language)
                if script is not None:
                    out.append(Unreadable(completion, span, extractor, f"object written in {script} script, not in the domain's "
                                          f"language ({self.language.name}): {label[:80]!r}"))
                    return None
            if problem == "none answer" or (problem == "empty" and which == "object"):
                self.stats.drop(f"{which}: {problem}")
                return None
            if problem is not None:
                out.append(Unreadable(completion, span, extractor, f"{which} {problem}: {label[:80]!r}"))
                return None
        object_label: str | None
        if relation.object_is_literal:
            problem = value_problem(relation, o_label)
            if problem is not None:
                out.append(Unreadable(completion, span, extractor, f"object is {problem}: {o_label[:80]!r}"))
                return None
            text_value = relation.datatype is None or str(relation.datatype) == str(XSD.string)
            # a text value keeps its sentence's end: "In space, no one can hear you scream."
            literal = self.literal(relation, _clean_text(obj, ",;:") if text_value else o_label)
            if literal is None:
                kind = local_name(str(relation.datatype or "value"))
                problem = lexical_problem(str(relation.datatype or ""), o_label)
                why = f"object is {problem}" if problem else f"object not a valid {kind}"
                out.append(Unreadable(completion, span, extractor, f"{why}: {o_label[:80]!r}"))
                return None
            obj_term: Any = literal
            object_label = None
        elif o_iri is not None:
            obj_term, object_label = o_iri, None
        else:
            obj_term, object_label = self.named_entity(o_label)
        iri = str(relation.iri)
        predicate = self._predicates.get(iri) or self._predicates.setdefault(iri, URIRef(iri))
        if s_iri is None:
            s_iri, s_label = self.named_entity(s_label)  # an alias of a reference entity: its own name
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
        )
        out.append(cand)
        return cand

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
                    obj = match_key(record.object_label) if record.object_label else record.object
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


def _empty_index() -> dict[str, dict[str, URIRef]]:
    """Entities by name: the name as written, its normalised form, its match key."""
    return {"exact": {}, "norm": {}, "lemma": {}}


def _index_name(index: dict[str, dict[str, URIRef]], iri: URIRef, label: str) -> bool:
    """Index ``iri`` under each key of ``label``, the least IRI winning; whether its normalised
    key is new to the index."""
    new = False
    for kind, key in (("exact", label), ("norm", normalize_label(label)), ("lemma", match_key(label))):
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


def _keep(cache: dict[str, Any], key: str, value: Any) -> Any:
    """``value``, kept in ``cache`` under ``key``; a full cache (:data:`CACHE_SIZE`) is emptied first."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def reason_key(reason: str) -> str:
    """The category of an unreadable reason, for counting: quoted values and details dropped."""
    head = reason.split(": ", 1)[0]
    return _SPACE.sub(" ", _QUOTED.sub("…", head)).strip()


def phrase_case(label: str) -> str:
    """A phrase's label as a dataset writes it: a first word in sentence case lower-cased when
    no other word is capitalised (a name: ``New York``) and a one-word label has a phrase form
    (:func:`kg.forms.phrase_form`): ``To get married`` -> ``to get married``, ``Happy`` ->
    ``happy``, ``The stove is broken`` -> ``the stove is broken``; ``Paris``, ``Central Park``,
    ``PersonX goes home``, ``NASA`` stay."""
    first, _, rest = label.partition(" ")
    if first == "I" or not (first[:1].isupper() and first[1:].isalpha() and first[1:].islower()):
        return label
    if any(w[:1].isupper() and not w.startswith("Person") for w in rest.split()):
        return label
    if not rest and phrase_form(label) is None:
        return label
    return first[0].lower() + label[1:]


def _clean(text: str, markdown: bool = True) -> str:
    """:meth:`Normalizer.clean`, cached for text up to :data:`_CACHED_TEXT` characters;
    ``markdown=False`` (a file's label) keeps underscores around it."""
    return _clean_cached(text, _TRAILING, markdown) if len(text) <= _CACHED_TEXT else _clean_text(text, _TRAILING, markdown)


def _label_problem(label: str) -> str | None:
    """:meth:`Normalizer.label_problem`, cached for labels up to :data:`_CACHED_TEXT` characters."""
    return _label_problem_cached(label) if len(label) <= _CACHED_TEXT else _check_label(label)


def _clean_text(text: str, trailing: str = _TRAILING, markdown: bool = True) -> str:
    text = unicodedata.normalize("NFKC", SURROGATES.sub("\ufffd", text))
    text = _SPACE.sub(" ", _INVISIBLE.sub("", _CONTROL.sub(" ", text)))
    tagged = _TAGGED.fullmatch(text.strip())
    if tagged:  # '"東京"@ja', an RDF literal written as text: the text, not '東京"@ja'
        text = tagged.group(1)
    code = "`" in text  # `__init__` is a name in code, not emphasis
    text = _strip_edges(text)
    previous = None
    while previous != text:
        previous = text
        stripped = text.rstrip(trailing)
        if stripped != text and text[len(stripped)] == "." and _ABBREVIATION.search(stripped + "."):
            stripped += "."  # "E.T.", "Washington, D.C.", "Sammy Davis Jr." keep their last period
        text = _strip_edges(stripped)
        emphasis = None if code or not markdown else _UNDERSCORE_EMPHASIS.fullmatch(text)
        if emphasis and not _IDENTIFIER.fullmatch(text):
            text = _strip_edges(emphasis.group(2))
    text = _PERSON.sub(lambda m: "Person" + m.group(1).upper(), text)
    text = _BLANK.sub("___", text)
    return text


_EMOJI = (
    "\U0001F000-\U0001FAFF\uFE0F\u200D\u20E3\U000E0020-\U000E007F"
    # the other emoji whose default presentation is emoji (Unicode's Emoji_Presentation)
    "\u231A\u231B\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB"
    "\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2705\u270A\u270B\u2728\u274C\u274E"
    "\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF\u2B1B\u2B1C\u2B50\u2B55"
    # and the marks chat models set beside names, emoji or not
    "\u2713-\u2718\u2611\u2612\u2605\u2606\u2764\u2763\u26A0\u27A1"
)
_MUSIC = "\u2669-\u266F"
"""♩ ♪ ♫ ♬ ♭ ♮ ♯: a note's or a key's sign, part of a name (``C♯``, ``Nocturne in E♭``)."""
_DECORATION = rf"[{_EMOJI}]|[^\s\w{_EMOJI}{_MUSIC}]\uFE0F"
"""Emoji, pictographs and flags (regional indicator pairs), with the joiners and selectors they
are written with, the marks chat models set beside names (✅ ✓ ✔ ✗ ☑ ★ ✨ ⚡ ❤ ☕ ❌ ⚠ ⭐) and a
symbol written as an emoji (with U+FE0F); other symbols are text (♯ and ♭ in "C♯", "Nocturne
in E♭", ♀, ©)."""
_DECORATED = re.compile(rf"^((?:{_DECORATION}|\s)*)(.*?)((?:{_DECORATION}|\s)*)$", re.DOTALL)
_CROSSED = re.compile(r"^\s*[\u274C\u2717\u2718\u2716\U0001F6AB]|[\u274C\u2717\u2718\u2716\U0001F6AB]\uFE0F?\s*$|^\s*~~[^~].*~~\W*$")
"""A cross at an item's edge (``❌ Perl``, ``Perl ✗``) or the item struck through
(``~~Perl~~``): the model says it is *not* an answer."""
_LEFT_SEPARATOR = re.compile(r"^[–—:-]\s+|\s+[–—:-]$")
"""What separated a mark from the name, left at its edge once the mark is off (a table row's
``Python – ✅`` as ``Python –``)."""


def undecorated(text: str) -> str:
    """``text`` without the emoji, pictographs and flags at its edges, which a chat model adds
    to a name (``🇪🇨 Ecuador``, ``Brazil ✅``, ``✨Rust``, ``Somalia (disputed border) ⚠️``) and are
    no part of it, written against the name too; symbols inside a name, a key's sign after it
    (``C♯``) and letters of any script stay, and so does text that is nothing else (an emoji
    answer). A domain of names reads its labels without them; a phrase keeps them (``to share
    with 👨‍👩‍👧``)."""
    if text.isascii():
        return text
    bare = _LEFT_SEPARATOR.sub("", _DECORATED.fullmatch(text).group(2))  # type: ignore[union-attr]
    return bare if any(ch.isalnum() for ch in bare) else text


def crossed(text: str) -> bool:
    """Whether a chat model marked the item ``text`` as wrong: ``❌ Perl``, ``Perl ✗``, ``~~Perl~~``."""
    return (not text.isascii() or "~~" in text) and _CROSSED.search(text) is not None


_QUOTES = (('"', '"'), ("“", "”"), ("„", "“"), ("«", "»"), ("»", "«"), ("‚", "‘"), ("‹", "›"))


def _strip_edges(text: str) -> str:
    """``text`` without the spaces, quotes and emphasis around it; a closing quote whose opening
    one is inside stays: ``Symphony No. 6 "Pathétique"`` (it lost its last quote)."""
    stripped = text.strip(_EDGE)
    end = len(text.rstrip(_EDGE))
    for opening, closing in _QUOTES:
        if closing not in text[end:]:
            continue
        unmatched = stripped.count(opening) % 2 if opening == closing else stripped.count(opening) > stripped.count(closing)
        if unmatched and stripped:
            stripped += closing
    return stripped


@lru_cache(maxsize=16)
def _none_words(lang: Language) -> tuple[frozenset[str], tuple[str, ...]]:
    """A language's "no answer" words as labels are compared: case-folded ("weiß" is "weiss")."""
    return frozenset(w.casefold() for w in lang.none_answers), tuple(w.casefold() for w in lang.no_knowledge)


@lru_cache(maxsize=CACHE_SIZE)
def _is_none(label: str) -> bool:
    """Whether ``label`` says there is no answer in English: "none", "n/a", "I don't know", ..."""
    return label.casefold().strip(" .!") in NONE_ANSWERS or bool(_NO_KNOWLEDGE.match(label) or _NOTHING_MORE.fullmatch(label))


def _check_label(label: str) -> str | None:
    if not label:
        return "empty"
    if _is_none(label):
        return "none answer"
    if len(label) > MAX_LABEL:
        return "label too long"
    if not any(ch.isalnum() for ch in label):
        return "no letters or digits"
    if _REFUSAL.match(label):
        return REFUSAL
    if "\ufffd" in label:
        return DAMAGED
    if _RDF_SYNTAX.search(label):
        return "looks like RDF syntax (injected statement?)"
    return None


_CACHED_TEXT = 4 * MAX_LABEL
"""Longest text whose cleaning and label check are kept: longer text is rare and never a valid
label, and would make the caches' memory grow with the teacher's output."""
_clean_cached = lru_cache(maxsize=CACHE_SIZE)(_clean_text)
_label_problem_cached = lru_cache(maxsize=CACHE_SIZE)(_check_label)


_POWER = re.compile(r"(?:[eE]|\s*[x×·*]\s*10\s*\^\s*)([+-]?\d{1,3})(?!\d)")
"""A power of ten after a number: ``6.8e7``, ``5.5 × 10^5``."""
_DATED = re.compile(r"(?:\b(?:as of|in|since|by|from|until|circa|year|census|estimated?)\s+|\()$", re.IGNORECASE)


_NOW = re.compile(r"\b(?:today|nowadays|now|currently|at present|presently)\b", re.IGNORECASE)
"""What introduces today's figure after a past one."""


def _when(text: str, match: re.Match[str]) -> bool:
    """Whether ``match`` is a year that dates the figure rather than being it: "As of 2023,
    France has 68 million people", "(2021 census)"."""
    digits = match.group(0).strip(" ,\u202f\u00a0")
    if not (len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100):
        return False
    after = text[match.end() :].lstrip(" ,").casefold()  # "2023: 68 million": the colon dates what follows
    return bool(_DATED.search(text[: match.start()])) or after.startswith(("estimate", "census", "figure", "data", ":"))


def _digits(raw: str, decimal_comma: bool | None) -> str:
    """The plain decimal form of a number as people write it: ``1,512,491.5`` (English),
    ``1.512.491,5`` (German), ``1 512 491``, ``1'512'491``. Which of ``.`` and ``,`` separates
    the decimals: the last of the two when both occur; a separator that occurs twice groups
    thousands; one ``,`` or ``.`` alone is read by ``decimal_comma`` (the domain's language:
    ``3,7`` and ``1.512`` in German), and where the language says nothing (None) by its form:
    followed by three digits it groups thousands in English's way (``1,512``, ``1.512`` a
    decimal), otherwise a ``,`` is a decimal comma (``891,7`` is no English number)."""
    text = re.sub(r"[\u202f\u00a0 '’]", "", raw)
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        point = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas > 1 or dots > 1:
        point = ""
    elif commas or dots:
        sep = "," if commas else "."
        lead = text.lstrip("+-").split(sep)[0]  # a group of thousands follows 1-3 digits, not 0: "0,001" is no 1
        grouped = len(text) - text.rfind(sep) - 1 == 3 and 1 <= len(lead) <= 3 and not lead.startswith("0")
        if decimal_comma is None:
            point = "." if sep == "." else ("" if grouped else ",")
        elif decimal_comma:
            point = "," if sep == "," else ("" if grouped else ".")
        else:
            point = "." if sep == "." else ("" if grouped else ",")
    else:
        return text
    group = {",": ".", ".": ",", "": ""}[point]
    if group:
        text = text.replace(group, "")
    elif not point:
        text = text.replace(",", "").replace(".", "")
    return text.replace(",", ".")


def _cjk_number(text: str, start: int) -> Decimal:
    """The number written with scale characters at ``start``: ``376万``, ``1億2千万``, ``1万5000``."""
    total, at = Decimal(0), start
    while (part := _CJK_SCALE.match(text, at)) is not None:
        total += Decimal(part.group(1)) * _CJK_UNIT[part.group(2)]
        at = part.end()
    rest = re.match(r"\d+", text[at:])  # "1万5000": the ones after the last scale
    return total + (Decimal(rest.group(0)) if rest else 0)


def _not_one_value(text: str) -> str | None:
    """Why ``text`` gives no one number or year, or None: a range ("75 to 325 mg", "1991 or
    1992") or a decade ("the early 1990s")."""
    if _RANGE.search(text):
        return "a range, not one value"
    if _DECADE.search(text):
        return "a decade, not one year"
    return None


def figure(text: str) -> Decimal | None:
    """The number the extractor makes of ``text`` as a numeric relation's answer
    (:func:`parse_number`: ``"68 millions"``, ``"ca. 68 million"``, ``"105.4 km²"``,
    ``"68 million people"``), or None where it makes none: no number, a range or a decade
    (quarantined: :func:`value_problem`). A lone ``,`` or ``.`` is read as English writes it
    (``1,512``; ``3,7`` is a decimal comma), whatever language the text is in."""
    return None if _not_one_value(text) is not None else parse_number(text)


_ALTERNATIVE = re.compile(r"[(\[/;=]|\bor\b")  # "6,601,670 sq mi (17,098,246 km²)", "... sq mi / ... km²"


def _figure_in_own_unit(text: str, unit: Unit, language: Language) -> Decimal | None:
    """The figure ``text`` also gives in ``unit`` itself, beside one in another unit, or None."""
    written = unit.written.search(text)
    if written is None:
        return None
    before = text[: written.end()]
    starts = [m.end() for m in _ALTERNATIVE.finditer(before)]
    return parse_number(before[starts[-1]:], decimal_comma=language.decimal_comma) if starts else None


def value_literal(relation: Relation, text: str, language: Language = ENGLISH) -> Literal | None:
    """The literal object of the data property ``relation`` that ``text`` gives, typed by its
    datatype (``"83 million"`` is ``"83000000"^^xsd:nonNegativeInteger``, ``"July 4th, 1776"``
    ``"1776-07-04"^^xsd:date``), or None if unreadable. ``language``: the text's (its decimal
    comma, its months' names)."""
    datatype = relation.datatype
    dt = str(datatype) if datatype else ""
    if dt in _INT_TYPES or dt in _DEC_TYPES:
        number = parse_number(  # releaseYear: the year is the value
            text, dates="year" not in relation.name.casefold(), decimal_comma=language.decimal_comma
        )
        if number is None:
            return None
        given = unit_in(text) if relation.unit is not None else None
        if given is not None and relation.unit is not None and given != relation.unit and given.measure == relation.unit.measure:
            own = _figure_in_own_unit(text, relation.unit, language)  # "1,269,346 sq mi (3,287,590 km²)": the km² as written
            number = own if own is not None else convert(number, given, relation.unit)  # "40.7 sq mi" of an area in km²
        if dt in _INT_TYPES:
            if number != number.to_integral_value():
                return None
            value = int(number)
            if dt in {str(XSD.nonNegativeInteger), str(XSD.positiveInteger)} and value < 0:
                return None
            return Literal(str(value), datatype=URIRef(dt))
        # one lexical form per value: "547030.0" and "547030" are one area, so a batch holds one
        # value and SHACL's sh:maxCount does not count two (both were rejected for it)
        canonical = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
        return Literal(canonical, datatype=URIRef(dt))
    if dt == str(RDF.langString):  # rdf:langString needs a tag: the answer's language
        return Literal(text, lang=language.code)
    if dt and dt != str(XSD.string):
        lexical = lexical_form(dt, text, language)
        return None if lexical is None else Literal(lexical, datatype=URIRef(dt))
    return Literal(text)


def read_value(relation: Relation, text: str, language: Language = ENGLISH) -> Literal | None:
    """A data property's value as a run reads the teacher's or a file's ``text`` (``kg
    ingest``, ``kg validate FILE``): :func:`value_literal` of the text cleaned as an answer is,
    or None where a run reads none and quarantines the span (:func:`value_problem`: a range,
    a decade, another unit; or text not of the datatype). ``kg why`` and the Python API's
    ``why`` and ``validate`` read a value given as text through it."""
    text_value = relation.datatype is None or str(relation.datatype) == str(XSD.string)
    cleaned = _clean_text(text, ",;:") if text_value else _clean(text)
    if value_problem(relation, cleaned) is not None:
        return None
    return value_literal(relation, cleaned, language)


def value_problem(relation: Relation, text: str) -> str | None:
    """Why ``text`` is not one value of the numeric or year relation ``relation``, or None: a
    range ("75 to 325 mg", "1991 or 1992"), a decade ("the early 1990s"), or a unit other than the one the relation names
    ("0.5 g", "50 micrograms" for ``dosageMg``) or declares (``unit = "km²"``: "3 kg"; a figure in
    another unit of area is converted, :func:`kg.units.convert`)."""
    dt = str(relation.datatype or "")
    if dt not in _INT_TYPES and dt not in _DEC_TYPES and dt != str(XSD.gYear):
        return None
    several = _not_one_value(text)
    if several is not None:
        return several
    named = {_UNITS[w] for phrase in (relation.name, *relation.synonyms) for w in map(str.casefold, _UNIT_WORD.findall(phrase)) if w in _UNITS}
    if relation.unit is not None:  # declared: a figure in another unit of its measure is converted (literal)
        named = {relation.unit.name}
    given = [_UNITS[w] for w in map(str.casefold, _UNIT_WORD.findall(text)) if w in _UNITS]
    if len(named) == 1 and given and given[0] not in named:
        return f"in {given[0]}, not the {next(iter(named))} {relation.name} is in"
    return None


def parse_number(text: str, *, dates: bool = True, decimal_comma: bool | None = False) -> Decimal | None:
    """A number from text: ``"2,102,650"``, ``"about 2.1 million"``, ``"105.4 km²"``; with
    ``dates`` (a figure, not a year), a year that dates the figure is passed over ("As of 2023,
    ... 68 million" gives 68 million) unless no other number is there; a figure after "today"
    ("now", "currently") is taken over one before it ("In 1990 it had 5.1 million; today it has
    5.4 million" gives 5.4 million). ``decimal_comma``: how
    the answer's language writes decimals (:attr:`kg.languages.Language.decimal_comma`; German
    ``"ca. 3,76 Millionen"``, ``"1.512.491"``), see :func:`_digits`."""
    found = list(_NUMBER.finditer(text))
    if not found:
        return None
    figures = [m for m in found if not (dates and _when(text, m))] or found[:1]
    now = _NOW.search(text)  # "In 1990 ... 5.1 million; today ... 5.4 million": today's figure
    match = next((m for m in figures if now is not None and m.start() >= now.end()), figures[0])
    try:
        value = Decimal(_digits(match.group(0), decimal_comma))
    except InvalidOperation:
        return None
    if _CJK_SCALE.match(text, match.start()):
        return _cjk_number(text, match.start())
    if (power := _POWER.match(text, match.end())) is not None:  # "6.8e7", "5.5 × 10^5"
        return value.scaleb(int(power.group(1)))
    rest = text[match.end() :].strip().casefold()
    word = rest.split(" ", 1)[0].rstrip(",;:") if rest else ""  # "13 million, though ...": the scale word
    word = word.rstrip(".") if len(word) > 2 else word  # "Mio.", "Mrd." (not "m.", metres at a sentence's end)
    ranged = _RANGE_END.match(rest)  # "67 to 68 million", "1.2–1.4 billion": the range's scale
    if word in _SCALE:
        value *= _SCALE[word]
    elif ranged:
        value *= _SCALE[ranged.group(1)]
    if not value.is_finite():
        return None
    return value
