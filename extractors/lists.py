"""Numbered and bulleted lists: the tails for a known head and relation.

``1. to dial 911`` / ``2) get a phone`` / ``- a phone`` / ``• phone`` each give one candidate
``(head, relation, tail)``; so do lines that each start with their running number (``1 Spain`` /
``2 Andorra``), and items numbered 1000 and on that follow item 999. A completion with no list
markers at all is read as one tail per line (COMET-style one-line answers). An item that held
control characters or is a JSON or markup fragment (``{"oops": [``) is unreadable, with that
reason. Lines that are prose beside list items (a preamble, a closing remark) are counted as
dropped; a completion that gives nothing is unreadable. When the teacher stopped at the token
limit, a last item without its line ending may be cut off: it is kept as unreadable, with that
reason.

A chat model's formatting is read through (answers of a model, not dataset rows; the readings
are in :mod:`extractors.chat_answers`):

- a preamble ending with ":" and a note indented under an item are prose;
- an item's gloss is split off and kept as its rationale (``**Spain** – the longest border``,
  ``Belgium: in the north``, ``Germany (northeast)`` give Spain, Belgium, Germany);
- an item that restates the fact in the relation's verbalisation gives what stands for {tail}
  (``PersonX wants to buy food.`` -> ``to buy food``; :func:`restated`);
- in a domain of named entities (not one typed by phrase form, whose tails may hold commas), a
  line that lists several items is read as those items (``Spain, Belgium and Germany``), a
  sentence as the entities it names (``France borders Spain and Belgium.``, through spaCy), and
  of several unmarked lines a sentence is a closing remark; a value is never split. A name
  stays whole where the store or the reference knows it, a title emphasised or quoted in a
  sentence is one name (``It appears on *A Night at the Opera* (1975).``), and a functional
  relation's ``Manchester, England`` gives the part typed as its range (England, of a country;
  the readings of places are :mod:`extractors.places`').

When the prompt asked for reasons (``rationales``), an item's trailing ``because ...`` clause is
the teacher's rationale: ``to eat it because they are hungry`` gives the tail ``to eat it`` with
the rationale ``they are hungry``. Without that request an item is read whole, as before.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Collection, Sequence

from rdflib.namespace import XSD

from extractors.chat_answers import (
    inside_brackets, framed_value, known_pair,
    CLAUSE, COMPASS, FIRM_PARTNERS, a_words_meaning, affirmed, agent, authored, bracketed_alias, cast_role, counted, full_name, inline_items, one_name, contrasted_versions, split_bracketed,
    split_gloss, split_qualifier, times_counted, two_names, unframed, unhedged, chained, unarticled, unstopped_phrase, where_working, with_workshop, untitled_person, unranked, unhedged_names, shared_surname,
)
from extractors.denials import (
    answered_questions, asked_and_denied, denied_beside_answer, before_hedged_origin, denied_by, denied_head_kind, denied_kind, denies_another, hedged_aside, denied_answer, disputed_value, doubted, doubted_gloss, head_of_another_kind, ignorant, lapsed_gloss,
    disputed_gloss, states_inverse, may_answer, negated_label, other_hand, others_value, projected, modal_hedge,
    denies_own_verb, outdated, disputed_item, inverse_of_another, contrasted_kind, denies_own_word, no_longer_held, says_none, bracketed_hedge, done_without, leading_hedge, qualified_gloss, unsure_but,
)
from extractors.elements import element_symbol
from extractors.figures import disputed_figure, measured_portion
from extractors.list_items import MAX_LINE, TABLE_RULE, debris, header_word, list_items, numbered_inline
from extractors.labels import is_remark, labelled_value, labels_head, line_label, names_one, possessed_value, role_labelled, stated_value
from extractors.normalize import Normalizer, kind_synonym
from extractors.places import (
    COMMA, address, at_place, compass_part, holds_places, in_regions, known_with_commas, lies_in, listed_countries, name_and_where, names_only,
    near_place, one_place, organisation_and_place, person_at_organisation, places_own, qualified, ranges_over_places, regions_joined, split_placed, within_known,
)
from extractors.regions import COUNTRIES, region_rank
from extractors.titles import one_persons_name, own_epithet, regnal_name, title_of_realms, titled_person
from extractors.phrases import conjuncts, phrase_answers, relation_words, restated
from extractors.text import MARK, NONE_ANSWERS, REFUSAL, SUPRA, crossed, titled, undecorated, unlinked, unstruck, unticked
from kg.iri import fold_accents, local_name, normalize_label
from kg.languages import ENGLISH, ENGLISH_MONTHS, LANGUAGE_NAMES, LANGUAGES, MONTH_NAMES, NAME_PARTICLES, Language, foreign_script, letter_symbol, unread_sentences
from kg.ontology_index import WORK_WORDS, names_works
from kg.records import Candidate, Completion, Unreadable

if TYPE_CHECKING:
    from rdflib import URIRef

    from kg.ontology import Relation

__all__ = ["extract_list", "list_items", "split_rationale", "NAME"]

NAME = "lists"

_BECAUSE = re.compile(r"[\s,;:(\[–—-]*\bbecause\b(?:\s+of\b)?[\s:,]*(?P<why>.*?)[\s.)\]]*$", re.IGNORECASE)


_DOSED = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<dose>\d[\d.,]*(?:\s*[×x]\s*10\^?[-−]?\d+)?\s*(?:µg|μg|mcg|mg|ng|g|mL|ml|IU|vp|units?)\b.*)$")
"""A name and a dose after it: "BNT162b2 30 µg, two doses 21 days apart", "mRNA-1273 100 µg"."""


def _dosed(tail: str, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the known name, its dose) of an answer that is a known name and a dose after it (a figure and
    a unit of a dose): "mRNA-1273 100 µg" is mRNA-1273, the dose a note; None where the whole is a
    known name or the name before the dose no known one ("Acme 5 mg" stays as written)."""
    dosed = _DOSED.match(tail.strip())
    if dosed is None or normalizer.names(tail) or not normalizer.names(dosed["name"]):
        return None
    return dosed["name"].strip(), dosed["dose"].strip()


_CLASS_WORDS = re.compile(r"^sea of\s+|\s+(?:sea|current)$")
"""The class word of a sea's or a current's name: "Sea of Okhotsk", "Okhotsk Sea", "Kuroshio Current"."""


def _own_name_key(name: str) -> tuple[str, bool]:
    """(the name less its bracket, accents and class word, whether it had one): "Ōkhotsk Sea" is
    ("okhotsk", True), "Kuroshio (黒潮)" ("kuroshio", False)."""
    bare = fold_accents(re.sub(r"\s*\([^()]*\)", "", name).strip().casefold())
    unclassed = _CLASS_WORDS.sub("", bare)
    return unclassed, unclassed != bare


def _heads_own_name(tail: str, head: str, normalizer: Normalizer) -> bool:
    """Whether ``tail`` is the head's own name in another form: its class word moved ("Okhotsk Sea",
    "Ōkhotsk Sea" of the Sea of Okhotsk) or left out where no known entity has the name so
    ("Kuroshio (黒潮)" of the Kuroshio Current, the class word after the name); "Japan" of the Sea
    of Japan (a country's name, known or not), "Coral" of a Coral Sea where a known entity is named
    Coral, and "Coral Sea Islands" of the Coral Sea are other things."""
    own, classed = _own_name_key(head)
    given, given_classed = _own_name_key(tail)
    if not classed or not own or given != own or normalizer.names(tail):
        return False
    if given_classed:
        return True
    suffixed = re.search(r"\s(?:sea|current)$", head.strip().casefold()) is not None  # "Japan" of the Sea of Japan: a country's name
    return suffixed and not normalizer.names(re.sub(r"\s*\([^()]*\)", "", tail))


def _listed(value: str, normalizer: Normalizer) -> bool:
    """Whether a labelled value lists its answers (``Works: Rusalka, Stabat Mater``, ``Borders:
    Spain, Andorra``, ``Bavaria, Germany``: the last part a known name or neither part one,
    ``Depends on: urllib3 and certifi``), not one name written with a comma: a name the store or
    the reference holds (``Korea, Republic of``), one ending in ``of (the)`` (``Congo, Democratic
    Republic of the``), a known place and where it lies that is not (``Paris, Texas``, ``London,
    Ontario``), a name and an abbreviation (``Georgia, USA``, ``Washington, D.C.``)."""
    if normalizer.names(value):
        return False
    if not COMMA.search(value):  # "urllib3 and certifi", "Spain and Andorra (south, Pyrenees)"
        return True
    name, where = split_qualifier(value)
    if where is None or "," in where:  # a name and an abbreviation; three parts and more list anyway
        return where is not None
    if re.search(r"\bof(?:\s+the)?$", where, re.IGNORECASE):
        return False
    known = [normalizer.names(split_bracketed(p)[0]) for p in (name, where)]  # "Spain (south)"
    return known[1] or not known[0]


def _several(value: str, head: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The answers an unlabelled line gives a relation with several values, when it names two or
    more: between commas, short names or titles (``Parlophone, Capitol``, ``The Piper at the
    Gates of Dawn, Meddle``: ``[value]``, to be read as a list; a title after a name that names one
    person is its gloss: ``Mary I, Queen of England``, else the name's: ``Arthur Wellesley, 1st Duke
    of Wellington``, :func:`extractors.titles.one_persons_name`); joined by "and", "&" or " / ", a part the store
    or the reference knows (``The Beatles and Wings``, ``Fe and O``) or names in one script
    (``Parlophone / Capitol``): the parts. None for one name: one known whole, one written so
    (``Earth, Wind & Fire``: :func:`one_name`), a place and where it lies (``Oslo, Norway`` of a
    city: a known country; ``Paris, Texas``: a known name and an unknown one), two unknown names
    and a join (``Simon & Garfunkel``, ``Bosnia and Herzegovina``), a person's written surname
    first (``Torvalds, Linus``: :func:`_surname_first`); None for a sentence or a phrase about a
    known name joined to another (``Bordered by Spain and Belgium.``: :func:`_phrase`, but for
    one in the relation's own words: ``France borders Spain and Belgium``, :func:`restated`) and
    for a join inside a list (``Spain, to the south, and Belgium, to the north``: :func:`_joins_names`)."""
    if normalizer.names(value) or one_name(value) or ";" in value:  # semicolons list already: "XL Recordings; Columbia"
        return None
    if _known_glossed(value, normalizer):  # "Bosnia and Herzegovina (Balkans)": one known name, its gloss
        return None
    comma, slash = COMMA.search(value) is not None, _SLASH.search(value) is not None  # "Framatome and Siemens (as Areva–Siemens / Areva NP)": one bracket
    joined = "|".join(map(re.escape, normalizer.language.joins))
    parts = [p.strip() for p in (COMMA.split(value) if comma else _SLASH.split(value) if slash else re.split(rf"\s+(?:{joined}|&)\s+{FIRM_PARTNERS}", value))]
    if comma and not all(re.match(r",\s", value[m.start() :]) for m in COMMA.finditer(value)):
        return None  # "United States: 8,891 km": a figure's comma
    if comma:  # "Spain, Italy, and Belgium": the last part's join word is the list's
        parts[-1] = re.sub(rf"^(?:{joined})\s+", "", parts[-1])
    if len(parts) < 2 or not all(parts) or not comma and len({p.casefold() for p in parts}) == 1:  # "Faber and Faber": one firm
        return None
    if comma and any(_TITLE_OF.match(p) for p in parts[1:]):  # "Mary I, Queen of England": the name and its title
        named: list[str] = []
        for before, p in zip(["", *parts], parts):  # "King in Prussia (1740–1772), King of Prussia": two titles
            if named and _TITLE_OF.match(p) and not _TITLE_LEAD.match(before):
                whole = not one_persons_name(named[-1]) and not normalizer.names(named[-1])  # "Marie, Countess of Champagne": one name
                named[-1] = f"{named[-1]}, {p}" if whole else f"{named[-1]} ({p})"
            else:
                named.append(re.sub(rf"^(?:{joined})\s+", "", p))  # "Marie, Countess of Champagne, and Alix, ...": Alix
        return None if named == [value.strip()] else named  # one name whole
    if comma and (_surname_first(parts, relation, normalizer) or any(_joins_names(p, joined, normalizer) for p in parts[:-1])):
        return None
    if not comma and not slash and _element_symbols(parts, relation):  # "Mg and Si": two elements
        return parts
    if not comma and not slash and any(_phrase(restated(p, head, relation), normalizer) for p in parts):
        return None
    if relation.range is not None and any(normalizer.of_class(split_bracketed(p)[0], relation.range) is False for p in parts):
        return None
    if comma:  # "Paris, Texas": a known place and where it lies, unknown (of a relation whose answers may be places)
        placed = relation.range is None or holds_places(relation.range, normalizer)
        return [value] if len(parts) > 2 or normalizer.names(parts[1]) or not normalizer.names(parts[0]) or not placed else None
    if slash:
        return parts if len({_script(p) for p in parts}) == 1 else None  # "Moscow / Москва": one name twice
    if any(normalizer.names(split_bracketed(p)[0]) for p in parts):
        return parts
    return [re.sub(r"^the\s+", "", p) for p in parts] if _named_apart(parts) and not _people(relation, normalizer) and not _one_firm(value, parts) else None  # ("Joel and Ethan Coen": two_names)


def _title_not_sentence(body: str, parts: list[str], joins: Sequence[str], said: Collection[str]) -> bool:
    """Whether a line read as a sentence (its ``parts`` the names it gives) is one work's title:
    written as titles are, each word capitalised but the small ones, no comma, no word of the
    relation's (``said``: ``There Is No Sequel`` of a sequel says there is none), and a
    capitalised word of it in none of the parts: ``There Is No Alternative`` (read as
    "Alternative"), ``Sometimes I Sit and Think`` (read as no answer); ``Rusalka and Stabat
    Mater`` keeps its two."""
    line = split_bracketed(body.strip(" *_.!"))[0].strip()
    if not titled(line) or re.search(r"[,;:]", line):
        return False
    if any(w.casefold().removesuffix("s") in said or w.casefold() in said for w in _TITLE_WORD.findall(line)):
        return False
    kept = {w for p in parts for w in _TITLE_WORD.findall(p)}
    return any(w[:1].isupper() and w not in kept and w not in joins for w in _TITLE_WORD.findall(line))


_TITLE_WORD = re.compile(r"[^\W_][\w'’-]*")
_WORK_KINDS = WORK_WORDS | {"sequel", "prequel", "successor", "predecessor", "answer", "record"}
"""Words that name a kind of work or an answer: a line with one says what there is (``There Is No
Sequel``, ``No Known Works``), no title."""


def _known_glossed(value: str, normalizer: Normalizer) -> bool:
    """Whether ``value`` is one name the store or the reference knows and a gloss in brackets
    after it: ``Bosnia and Herzegovina (Balkans)``, ``Saint Kitts and Nevis (Caribbean)``, never
    also split at its join word (``Spain and France (Pyrenees)`` names no known whole)."""
    name, gloss = split_bracketed(value.strip())
    return gloss is not None and normalizer.names(name)


_COMPONENTS = re.compile(
    r"(?P<name>[^\W\d_].*?(?:\b[A-Z]|\d)[^\s]*)\s+(?P<first>[A-Z])(?:\s+(?:and|&)\s+|\s*/\s*)(?P<second>[A-Z])(?P<gloss>\s+\([^()]*\))?[.!]?"
)
"""A name, its last word capitalised, and two component letters: ``Alpha Centauri A and B``, ``Sirius A/B`` (not ``hip hop and R&B``)."""


def _components(value: str) -> list[str] | None:
    """The two bodies a name and two component letters give, each named whole: ``Alpha Centauri
    A and B`` is Alpha Centauri A and Alpha Centauri B (a gloss in brackets the last one's), never
    a body "B"; None for any other value, and for two letters that do not follow one another
    after a slash (``Xbox Series X/S``)."""
    match = _COMPONENTS.fullmatch(value.strip())
    if match is None or "/" in match.group(0) and ord(match.group("second")) != ord(match.group("first")) + 1:
        return None  # "Xbox Series X/S": one console line (a star's components follow one another: "Sirius A/B")
    name = match.group("name")
    return [f"{name} {match.group('first')}", f"{name} {match.group('second')}{match.group('gloss') or ''}"]


_SHARED_KIND = re.compile(
    r"(?:the\s+)?(?P<first>[A-Z][^,;()]*?(?:,\s+(?:the\s+)?[A-Z][^,;()]*?)*),?\s+(?:and|&)\s+(?:the\s+)?(?P<second>[A-Z][^,;()]*?)\s+"
    r"(?P<plural>[^\W\d_]+s)(?P<gloss>\s+\([^()]*\))?[.!]?"
)
"""Two names or more that share one plural class word: ``North American and Pacific plates``, ``the San
Andreas and Hayward faults``, ``Philadelphia, Denver, and San Francisco Mints``."""


def _shared_kind(value: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The things of the relation's range class names give that share its class word in the
    plural, each named whole: of plates the reference names "... Plate" (:meth:`Normalizer.class_word`),
    ``North American and Pacific plates`` is North American Plate and Pacific Plate, of mints
    ``Philadelphia, Denver, and San Francisco Mints`` three (never a "San Francisco Mints"); of another
    range whose class's name ends in the word (``fault``), each part names the known thing it does
    with the word or without it (``the San Andreas and Hayward faults`` of a known San Andreas Fault
    and Hayward Fault). None for a name known whole (``Turks and Caicos Islands``), a last word of
    no class of the range (``Bosnia and Herzegovina``, ``the Beatles and the Rolling Stones``,
    ``Tom and Jerry``), or a part that names nothing known where the names do not all end in the word."""
    match = _SHARED_KIND.fullmatch(value.strip())
    index = normalizer.domain.index if normalizer.domain is not None else None
    if match is None or index is None or relation.range is None or normalizer.names(value.strip(" .!")):
        return None
    plural, gloss = match.group("plural").casefold(), match.group("gloss") or ""
    singulars = {plural[:-3] + "y", plural[:-2], plural[:-1]}
    parts = [re.sub(r"^the\s+", "", p.strip()) for p in match.group("first").split(",")] + [match.group("second").strip()]
    if (word := normalizer.class_word(relation.range)) is not None and word.casefold() in singulars:
        named = [f"{p} {word}" for p in parts]
    elif (kind := index.label(relation.range).split()[-1:]) and kind[0].casefold() in singulars:
        named = [next((n for n in (f"{p} {kind[0]}", p) if normalizer.names(n)), "") for p in parts]
    else:
        return None
    return [n + gloss for n in named] if all(named) else None


_DESCRIPTION = re.compile(r"(?i:an?|one)\s+(?P<words>[a-z][\w-]*(?:\s+[a-z][\w-]*)*)")
"""A thing described by its kind, in lower case after an indefinite article: ``A blind thrust
fault``, ``an unnamed strike-slip fault``."""


def _description(tail: str, relation: Relation, normalizer: Normalizer) -> str | None:
    """The description ``tail`` is, a thing of the relation's range class described by its kind
    (:data:`_DESCRIPTION`, its last word the class's: ``A blind thrust fault`` of faults), where the
    reference names the class's things with capitals ("San Andreas Fault"), so the answer names
    none of them; None for a name (``A Tribe Called Quest``), a known one, and a class whose values
    are kinds ("a shield volcano" of a volcano's type)."""
    described = _DESCRIPTION.fullmatch(tail.strip(" *_."))
    index = normalizer.domain.index if normalizer.domain is not None else None
    if described is None or index is None or relation.range is None or normalizer.names(tail.strip(" *_.")):
        return None
    kind = index.label(relation.range).casefold().split()[-1:]
    names = normalizer.class_names(relation.range)
    named = len(names) > 1 and all(n[:1].isupper() for n in names)
    return described.group(0) if kind and described.group("words").split()[-1] == kind[0] and named else None


_SUSCEPTIBLE = re.compile(r"^(?:(?:highly|very|quite|especially|particularly)\s+)?(?:susceptible|vulnerable|prone)\s+to\s+(?=\S)", re.IGNORECASE)
"""What says a thing suffers the pests or diseases after it: ``Susceptible to bacterial blight``."""
_AFFLICTIONS = re.compile(r"(?i:pest|disease|pathogen|parasite|threat|predator|blight|infest)")
"""A relation's or its range's words that say its answers afflict the head (``majorPest``, a ``Pest or disease``)."""


def _unled_susceptibility(body: str, relation: Relation, normalizer: Normalizer) -> str:
    """``body`` without the words that say the head suffers what follows, of a relation whose
    answers afflict it (:data:`_AFFLICTIONS`): ``Susceptible to bacterial blight and tungro
    virus`` of a rice's major pests is bacterial blight and tungro virus; never of another
    relation (``Susceptible to penicillin`` of a bacterium's resistances names none), nor
    ``Resistant to ...``, which says the opposite."""
    return _SUSCEPTIBLE.sub("", body, count=1) if _afflicts(relation, normalizer) else body


def _afflicts(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether the relation's answers afflict its head: its name, a synonym or its range's label
    says pests or diseases (:data:`_AFFLICTIONS`: ``majorPest``, a ``Pest or disease``), not a
    genre's or a firm's (``genre``, ``subsidiary``)."""
    index = normalizer.domain.index if normalizer.domain is not None else None
    words = " ".join((relation.name, *relation.synonyms, index.label(relation.range) if index is not None and relation.range is not None else ""))
    return _AFFLICTIONS.search(words) is not None


_TWO_AFFLICTIONS = re.compile(r"(?P<one>[A-Za-z][a-z-]*(?:\s+[a-z][a-z-]*)+|[A-Za-z][a-z-]*[^s\W]s)\s+and\s+(?P<two>[a-z][a-z-]*(?:\s+[a-z][a-z-]*)+|[a-z][a-z-]*[^s\W]s)")
"""Two lower-case names of pests or diseases joined by "and", each two words or more or one
plural word (the first capitalised at most, as a line opens): ``bacterial blight and tungro
virus``, ``aphids and whiteflies``; not ``foot and mouth disease`` (one word and two: one disease)."""


def _afflictions_joined(body: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The two pests or diseases ``body`` joins by "and" (:data:`_TWO_AFFLICTIONS`), of a relation
    whose answers afflict the head (:func:`_afflicts`): ``bacterial blight and tungro virus`` of a
    rice's major pests is bacterial blight and tungro virus; None of another relation (``rock and
    roll`` of a genre, ``research and development`` of a department, ``salt and pepper``), for a
    name known whole, and for ``foot and mouth disease`` (its first side one singular word)."""
    joined = _TWO_AFFLICTIONS.fullmatch(body.strip(" *_."))
    if joined is None or not _afflicts(relation, normalizer) or normalizer.names(body.strip(" *_.")):
        return None
    return [joined.group("one"), joined.group("two")]


_LOWER_PHRASE = re.compile(r"(?:[A-Z][\w'’-]*\s+)?(?P<words>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)*)")
"""A phrase of lower-case words, a capitalised word before them at most: ``Eurozone member
states``, ``National designers for the national side``."""


def _plural_description(tail: str, relation: Relation, normalizer: Normalizer) -> str | None:
    """The description ``tail`` is, a lower-case phrase of a plural common noun (:data:`_LOWER_PHRASE`:
    ``Eurozone member states`` of a coin's issuer, ``National designers for the national side`` of
    its designers), where the reference names the class's things with capitals ("United
    Kingdom", "Luc Luycx"), so the answer names none of them; None for a name the store or the
    reference knows in any case (``United states``), one word (``Statins``), a phrase of no plural
    (``Fall armyworm``), a known name with its kind word after it (``Andes mountains``) and a class the
    reference names in lower case ("beta blockers" of a drug's class)."""
    bare = tail.strip(" *_.")
    phrase = _LOWER_PHRASE.fullmatch(bare)
    if phrase is None or len(bare.split()) < 2 or relation.range is None or normalizer.names(bare) or normalizer.names(bare.title()):
        return None
    if bare.split()[0].casefold() in _QUANTIFYING:  # "Most countries", "The members": a group the reader reads apart
        return None
    lead = " ".join(itertools.takewhile(lambda w: w[:1].isupper(), bare.split()))
    if lead and normalizer.names(lead):  # "Andes mountains": a known name and its kind word (normalize reads it as the Andes)
        return None
    plural = any(len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) for w in phrase.group("words").split())
    names = normalizer.class_names(relation.range)
    named = len(names) > 1 and all(n[:1].isupper() and all(w[:1].isupper() or w in _NAME_PARTICLES for w in n.split()) for n in names)
    return bare if plural and named else None


_QUANTIFYING = frozenset("most many some all several various other others few both each any every the a an these those their its no".split())
"""A first word that quantifies or points at what follows, no description's own: ``Most countries``."""
_NAME_PARTICLES = frozenset("of the and de del da di du van von la le y".split())
"""Lower-case words a name writes between its capitalised ones: ``Bosnia and Herzegovina``, ``Isle of Man``."""


_CROSS_SIGN = re.compile(r"\s+[×x✕]\s+")
_CAPITALISED_NAME = re.compile(r"[*_]*[A-Z][^\W\d_][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|d[aeiu]|del|à|la|le|von|van))*[*_]*")
_PARENTAGE = re.compile(r"parent|cross|bred|breed|pedigree|ancest|lineage|sire|dam\b", re.IGNORECASE)
"""A relation's words that say its answers are a crossing's parents (``parentVariety``, ``crossOf``, ``bredFrom``)."""


def _crossed_parents(value: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The two parents a crossing names, each an answer: ``Cabernet Franc × Sauvignon Blanc`` (or
    ``x``) of a relation of parents, or of any relation where both are known of its class; None
    for a hybrid's name with its lower-case epithet (``Fragaria × ananassa``), a product (``3 × 5
    km``), a title (``Hunter × Hunter``) where the relation names no parents, and a sign inside
    brackets (``Riesling × Madeleine Royale (originally thought to be Riesling × Silvaner)``: two
    parents, the crossing's gloss each one's)."""
    value = value.strip()
    signs = [m for m in _CROSS_SIGN.finditer(value) if not inside_brackets(value, m.start())]
    if len(signs) != 1:
        return None
    sides = [value[: signs[0].start()], value[signs[0].end() :]]
    names = [split_bracketed(side.strip())[0].strip() for side in sides]
    if not all(_CAPITALISED_NAME.fullmatch(name) for name in names):
        return None
    parentage = any(_PARENTAGE.search(word) for word in (relation.name, *relation.synonyms))
    of_class = relation.range is not None and all(normalizer.of_class(name.strip("*_"), relation.range) for name in names)
    gloss = split_bracketed(sides[1].strip())[1]
    return [f"{names[0]} ({gloss})" if gloss else names[0], sides[1].strip()] if parentage or of_class else None


_JOINED_MARKED = re.compile(r"(?:[×x✕÷/&+,;~-]|and|or|with)\s*(?:\*\*|__)\S", re.IGNORECASE)
"""What follows a marked name when it is no gloss but another marked name joined to it: ``**Dureza**
× **Mondeuse Blanche**`` (read as two names where a rule splits them, else kept unreadable)."""


_EQUALS = re.compile(r"\s+=\s+")


def _equated(value: str, head: str, normalizer: Normalizer) -> list[str] | None:
    """The names a chain of equal names gives, each one name of the same thing, less the head
    itself (counted): ``Zinfandel = Primitivo = Crljenak Kaštelanski = Tribidrag`` of Primitivo
    gives Zinfandel, Crljenak Kaštelanski and Tribidrag; None unless every part is a capitalised
    name (``E = mc²``, ``1 bar = 100 kPa`` are no names)."""
    parts = [p.strip() for p in _EQUALS.split(value.strip())]
    if len(parts) < 2 or not all(_CAPITALISED_NAME.fullmatch(split_bracketed(p)[0].strip()) for p in parts):
        return None
    others = [p for p in parts if split_bracketed(p)[0].strip(" *_").casefold() != head.strip().casefold()]
    if len(others) < len(parts):
        normalizer.stats.drop("object: the head itself", len(parts) - len(others))
    return others


_NAMES_APART = re.compile(r",\s+|\s*/\s*")
_INITIALS_SLASHED = re.compile(r"[A-Z]{1,3}/[A-Z]{1,3}")
"""One name of two initialisms about an unspaced slash: ``AC/DC``, ``TCP/IP`` (``Garnacha/Grenache`` are two names)."""
_FIRM_WORD = re.compile(r"(?:Inc|Ltd|LLC|Co|Corp|GmbH|AG|SA|plc|Bros)\.?", re.IGNORECASE)
_WITH_SHARE = re.compile(r"(?P<first>[^,()]+),\s+with\s+(?P<share>(?:up\s+to\s+|about\s+|some\s+)?\d+(?:\.\d+)?\s*%)\s+(?P<second>[^,()]+)")


def _named_values(value: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The names a line of a relation with several named values gives, each capitalised
    (particles aside): between commas or slashes (``Merlot Noir, Bigney``, ``Garnacha/Grenache
    Noir/Cannonau (Sardinia)``, a bracket the last one's), joined by "and" where the relation's
    words speak of parents (``Albillo Mayor and Benedicto``), a share a gloss (``Syrah, with up to
    20% Viognier``); None for a combination whose gloss names its parts in parallel (``Zabdeno/Mvabea
    (Ad26.ZEBOV/MVA-BN-Filo)``: one regimen), a relation whose answers are places, people or works, a firm
    (``Procter & Gamble``, ``Skidmore, Owings & Merrill``, ``Sun Microsystems, Inc.``) and a name
    the store or the reference knows whole."""
    cls = relation.range
    if cls is None or normalizer.names(value) or holds_places(cls, normalizer) or _works(cls, normalizer) or _people(relation, normalizer):
        return None
    if _INITIALS_SLASHED.fullmatch(value.strip(" *_.")):  # "AC/DC": a band's name
        return None
    if shared := _WITH_SHARE.fullmatch(value.strip(" .")):
        parts = [shared.group("first").strip(), f"{shared.group('second').strip()} ({shared.group('share')})"]
    else:
        name, gloss = split_bracketed(value.strip(" ."))
        if gloss and "/" in gloss:  # "Zabdeno/Mvabea (Ad26.ZEBOV/MVA-BN-Filo)": a regimen of two, its parts named in parallel
            return None
        parentage = any(_PARENTAGE.search(word) for word in (relation.name, *relation.synonyms))
        apart = _NAMES_APART if not parentage else re.compile(rf"{_NAMES_APART.pattern}|\s+and\s+")
        parts = [p.strip() for p in apart.split(name.strip())]
        if gloss and len(parts) > 1:
            parts[-1] = f"{parts[-1]} ({gloss})"
    names = [split_bracketed(p)[0].strip() for p in parts]
    if len(parts) < 2 or "&" in value or any(_FIRM_WORD.fullmatch(n) or not _CAPITALISED_NAME.fullmatch(n) for n in names):
        return None
    return parts


_SHARED = re.compile(r"(?i:binational|bi-national|shared|jointly|joint|both|each|border|cross-border|transboundary)\b")
"""A gloss that says a value joined by "and" is two: ``Brazil and Paraguay (binational)``."""


def _joined_values(value: str, head: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether a functional relation's answer joins two values with "and", "&" or " / " (no
    comma: ``Bergen, Norway`` is a place and where it lies): as :func:`_several` reads them
    (``Brazil / Paraguay``, a known part), or two names and a gloss that says they share it
    (``Brazil and Paraguay (binational)``); never one name so written (``Bosnia and Herzegovina``)."""
    if COMMA.search(value) or normalizer.names(split_bracketed(value)[0]):
        return False
    parts = _several(value, head, relation, normalizer)
    if parts is not None and len(parts) > 1:
        return True
    name, gloss = split_bracketed(value)
    joined = "|".join(map(re.escape, normalizer.language.joins))
    return gloss is not None and _SHARED.search(gloss) is not None and re.search(rf"\s(?:{joined}|&|/)\s", name) is not None


_SHARED_DEED = r"(?:followed|joined|assisted|aided|helped|accompanied|succeeded|replaced|preceded|partnered|supported|co-discovered)"
_TRAILING_GLOSS = re.compile(
    r",\s+(?P<gloss>(?:a|an)\s+(?=[^,;()]*\b[a-z]{3,})[^,;()]*|(?:twins|triplets)|\d+(?:\.\d+)?\s*(?:%|/\s*\d+(?:\.\d+)?\s*%?)(?:\s+each)?"
    rf"|(?!{_SHARED_DEED}\b)[a-z]{{3,}}ed\s+by\s+[^,;()]+)\s*\.?$"
)
"""What a line says of the answers before it after its last comma, no answer: an apposition (``Teollisuuden
Voima Oyj (TVO), a Finnish consortium``), their shares (``Ørsted and Global Infrastructure Partners, 50/50``),
that they are twins (``Victoria (1556–1556) and Joan (1556–1556), twins``) or what another did with it (``NSA
(Equation Group), leaked by the Shadow Brokers``; not one who shared the deed: ``Spain, followed by Portugal``,
``Mayor, assisted by Queloz``)."""
_PAST_LEAD = re.compile(r"[\s*_(]*(?P<when>previously|formerly|originally)\b[\s*_):,]*(?=\S)", re.IGNORECASE)
_UNTIL = rf"(?:until|till|up to)\s+(?:\d{{1,2}}\s+)?(?:(?:{'|'.join(ENGLISH_MONTHS)})\s+(?:\d{{1,2}},?\s+)?)?(?P<year>\d{{4}})"
_PAST_END = re.compile(rf"[\s,(]+(?P<when>{_UNTIL})\)?[\s.]*$", re.IGNORECASE)
_PAST_GLOSS = re.compile(
    rf"\s*(?:\(\s*|\s[–—-]\s*)(?P<when>{_UNTIL}|(?P<since>\d{{4}})\s*[–—-]\s*(?P<to>\d{{4}})|formerly|previously|former)\s*\)?[\s.]*$",
    re.IGNORECASE,
)
"""A gloss that says its answer held only in the past: ``Olaf Scholz (until May 2025)``, ``(formerly)``,
a term that is over (``Joseph R. Biden Jr. (2021–2025)``, ``AMLO — 2018–2024``); not one of today
(``(acting)``, ``(incumbent)``, ``since 2014``, ``2017–present``)."""
_PAST_CLAUSE = re.compile(rf"\([^()]*[,;]\s*(?P<when>{_UNTIL})\s*\)[\s.]*$", re.IGNORECASE)
"""A gloss whose last clause says its answer held only until a year: ``Pinot Noir (up to 15%, until
2015)``, ``Bonn (seat of government, until 1999)``; not ``(until the 2020 census)``."""
_PERIOD_LABEL = re.compile(
    r"[\s*_]*(?P<period>(?P<current>post[-‐ ]?\d{4}|(?:since|from|after)\s+\d{4}|\d{4}\s*[–—-]\s*(?:present|today|now)|\d{4}\s+onwards?)"
    r"|pre[-‐ ]?\d{4}|(?:before|until|till)\s+\d{4}|\d{4}\s*[–—-]\s*\d{2,4})[\s*_]*[:,]\s*(?P<value>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
"""An item led by the period its value held in, before a colon or a comma: ``pre-1982: 95% copper, 5% zinc``,
``post-1982: copper-plated zinc``, ``since 2014, nickel-plated steel``, ``1979–1982: 99.9%`` (a period, never a name)."""


_PERIOD_ALONE = re.compile(
    r"(?:pre|post)[-‐ ]?\d{4}|(?:since|from|after|before|until|till)\s+\d{4}|\d{4}\s*[–—-]\s*(?:\d{2,4}|present|today|now)|\d{4}\s+onwards?",
    re.IGNORECASE)
"""A period alone, no value: "since 2014", "pre-1982", "1979–1982" (a lone year is a name's: the album "1989")."""
_PERIOD_GLOSS = re.compile(r"\s*\([^()]*\)")


def period_labelled(item: str) -> tuple[str, str, bool] | None:
    """(the period, its value, whether the period lasts until today) of an item led by the period its value held in
    (:data:`_PERIOD_LABEL`), or None.

    >>> period_labelled("post-1982: copper-plated zinc"), period_labelled("1979–1982: 99.9%")
    (('post-1982', 'copper-plated zinc', True), ('1979–1982', '99.9%', False))
    >>> period_labelled("1848: Revolutions"), period_labelled("Post Malone: rapper")
    (None, None)
    """
    match = _PERIOD_LABEL.match(item)
    return None if match is None else (match["period"].strip(), match["value"].strip(), match["current"] is not None)


_TERM_YEARS = 25
"""The most years a closed span after a person's name is read as a term (an office held, no
longer held): a longer one is a life (``Johann Sebastian Bach (1685–1750)``), no past value."""
_RECENT_YEARS = 30
"""How recently a term of a many-valued relation ended to be read as a value gone from today's
graph (``Joseph R. Biden Jr. (2021–2025)`` among heads of state); an older one is history."""


def _one_glossed(name: str, gloss: str, language: Language) -> bool:
    """Whether ``name, gloss`` is one name and what it is, in lower-case words: ``Zika virus
    (ZIKV), a flavivirus``, ``Zika virus, a mosquito-borne flavivirus`` (the name of up to
    :data:`_GLOSSED_WORDS` words, capitalised, no join word, no comma); not a list's part
    (``Spain, Portugal, a France``) nor a sentence (``Italy borders San Marino, an enclave``)."""
    words = re.sub(r"\([^()]*\)", "", name).split()
    return (
        bool(words) and len(words) <= _GLOSSED_WORDS and name[:1].isupper() and "," not in name
        and not any(w in language.joins or w == "&" for w in words)
        and re.fullmatch(r"an?(?:\s+[a-z][a-z-]*)+", gloss.strip()) is not None
    )


_GLOSSED_WORDS = 3


_ALTERNATIVE_TITLE = re.compile(r"[^\W\d_][^;,()]*;\s*or,\s+[A-Z][^;,()]*")
"""A title and its alternative after "; or," and a capital: ``Pierre; or, The Ambiguities``,
``Frankenstein; or, The Modern Prometheus``."""
_EPITHET_TITLE = re.compile(r"[A-Z][^;,()]*,\s+the\s+[A-Z][\w'’-]*")
"""A title and its epithet, one capitalised word after ", the": ``Felix Holt, the Radical``; read
so of a relation whose answers are works only (``Paris, the capital`` is a place and its gloss)."""


def _one_title(value: str) -> bool:
    """Whether a work's answer is one title written with a semicolon or a comma (its gloss in
    brackets after it apart): :data:`_ALTERNATIVE_TITLE` or :data:`_EPITHET_TITLE`; never
    ``Middlemarch, Felix Holt`` (two titles)."""
    name = split_bracketed(value.strip().rstrip("."))[0].strip()
    return _ALTERNATIVE_TITLE.fullmatch(name) is not None or _EPITHET_TITLE.fullmatch(name) is not None


_AFTER_BRACKETS = re.compile(r"(?P<name>[^()]*[^\s()])\s*\((?P<gloss>[^()]+)\)\s+(?P<rest>[a-z][^()]*)")
"""A name, a gloss in brackets and lower-case words after them: ``Havok (physics) on a proprietary engine``."""


_SINCE_YEAR = re.compile(rf"(?:since|as of)\s+(?:(?:\d{{1,2}}\s+)?(?i:{'|'.join(ENGLISH_MONTHS)})\s+)?\d{{4}}[.!]?")
"""When a current value holds from: ``since 2021``, ``as of March 2023``."""
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9-]{1,7}")
"""A name's abbreviation in capitals: ``BCG``, ``MMR``, ``EN``."""


def _continued_name(on: re.Match[str], relation: Relation, normalizer: Normalizer) -> str | None:
    """A name the words after its bracket continue or qualify (:data:`_AFTER_BRACKETS`), its
    bracket a gloss: a current value's ``since <year>`` (``Endangered (EN) since 2021`` is
    Endangered, glossed ``EN; since 2021``), the relation's kind word (``BCG (Bacillus
    Calmette–Guérin) vaccine`` and ``Bacillus Calmette–Guérin (BCG) vaccine`` are BCG vaccine: the
    form the store or the reference knows, else the abbreviation's, the other its gloss). None
    for any other phrase (``Havok (physics) on a proprietary engine``), and for a kind word after
    two forms neither of which is known or an abbreviation (``Pfizer (BNT162b2) vaccine``)."""
    name, gloss, rest = on.group("name"), on.group("gloss"), on.group("rest").strip()
    if _SINCE_YEAR.fullmatch(rest):
        return f"{name} ({gloss}; {rest})"
    if rest.casefold() not in _range_kinds(relation, normalizer):
        return None
    forms = [(f"{name} {rest}", gloss), (f"{gloss} {rest}", name)]
    known = [f for f in forms if normalizer.names(f[0])]
    short = [f for f in forms if _ABBREVIATION.fullmatch(f[0][: -len(rest) - 1])]
    if not known and not short and kind_synonym(f"{name} {rest}", f"{gloss} {rest}"):  # "Fibular (peroneal) artery": two names of one artery
        return f"{name} {rest} ({gloss} {rest})"
    if not known and not short:  # "Pfizer (BNT162b2) vaccine": which of the two is the vaccine's name?
        return None
    whole, other = (known or short)[0]
    return f"{whole} ({other})"


def _past(tail: str, people: bool, single: bool = False) -> str | None:
    """What says an answer is no value today, or None: ``previously coal``, ``*(formerly)* Tokyo
    Electric Light Company``, ``coal until 2023`` (a year past; ``until 2030`` still holds), its
    gloss (:data:`_PAST_GLOSS`; a closed span only of ``people``, as their term, of a one-value
    relation or ended in the last :data:`_RECENT_YEARS` years: a car's ``Peugeot 307
    (2001–2008)`` are its own years, and Henry VIII's spouses ``Catherine of Aragon (1509–1533),
    Anne Boleyn (1533–1536)`` were each his wife, a fact of history, not one of today's gone)."""
    if (lead := _PAST_LEAD.match(tail)) is not None:
        return lead.group("when").casefold()
    if (gloss := _PAST_GLOSS.search(tail)) is not None:
        since, to = gloss.group("since"), int(gloss.group("to") or gloss.group("year") or 0)
        year = date.today().year
        if not since and (to == 0 or to < year) or (since and people and int(since) <= to < year and to - int(since) <= _TERM_YEARS
                                                    and (single or to >= year - _RECENT_YEARS)):
            return " ".join(gloss.group("when").split())
    if (clause := _PAST_CLAUSE.search(tail)) is not None and int(clause.group("year")) < date.today().year:
        return " ".join(clause.group("when").split())  # "Pinot Noir (up to 15%, until 2015)": the gloss's last clause
    end = _PAST_END.search(re.sub(r"\s*\([^()]*\)", "", tail))  # "Berlin (~~Bonn~~ until 1990)": the gloss's past, not Berlin's
    return end.group("when") if end is not None and int(end.group("year")) < date.today().year else None


_DEED_WORDS = re.compile(
    r"(?:excavat|discover|describ|explor|survey|found|built|construct|design|writ|wrote|author|compos|paint|sculpt|invent"
    r"|translat|illustrat|photograph|restor|unearth|identifi|creat|dig|dug)\w*"
)
"""A relation's word that says a deed done (``excavatedBy``, ``discovered by``, ``designer``): a span of
years after its person is when they did it (``Ian Hodder (1993–2017)`` excavated Çatalhöyük), not
an office's term that is over (``coach``, ``leader``, ``director``, ``head of state``)."""


def _deeds(relation: Relation) -> bool:
    """Whether the relation's words say a deed done, not an office or a role held (:data:`_DEED_WORDS`)."""
    words = re.findall(r"[A-Za-z][a-z]*", " ".join((relation.name, *relation.synonyms)))
    return any(_DEED_WORDS.fullmatch(w.casefold()) for w in words)


_TIME_SPAN = re.compile(r"(?P<first>[A-Z][^()]*?)\s+(?P<join>to|through|until|till|into)\s+(?P<last>[A-Z][^()]*?)\s*(?:\([^()]*\))?[\s.]*")
_TIME_WORDS = re.compile(r"(?i:period|era|epoch|age|phase|stage|dynasty|culture|century|horizon|time)")
"""The words of a relation whose answers are spans of time (``hasPeriod``, ``era``, ``dynasty``)."""


def _span_of_times(tail: str, relation: Relation, normalizer: Normalizer) -> str | None:
    """The join word of an answer that is a range of periods, no period (``Late Neolithic to
    Early Bronze Age``, ``Middle Kingdom through Ptolemaic period``: those between are in it too),
    of a relation whose answers are spans of time (:data:`_TIME_WORDS`); None for a name the store
    or the reference knows and of another relation (``Ticket to Ride``, ``Passage to India``)."""
    words = re.findall(r"[A-Za-z][a-z]*", " ".join((relation.name, *relation.synonyms, local_name(relation.range or ""))))
    if not any(_TIME_WORDS.fullmatch(w) for w in words) or normalizer.names(tail):
        return None
    match = _TIME_SPAN.fullmatch(tail.strip(" *_"))
    return match.group("join") if match else None


_VALUE_RANGE = re.compile(r"(?P<first>[^\W\d_][\w-]*)\s+(?P<join>to)\s+(?P<last>[^\W\d_][\w-]*)")
"""A range between two one-word values of a class: ``Adamantine to vitreous``, ``Waxy to subvitreous``."""
_QUALITY = re.compile(r"[^\W\d_]+(?:y|ous|ine|ic|al|ent|ant|ed|ish|ive|ar|less|ful|ose|ile|id)", re.IGNORECASE)
"""A word that reads as a quality, an adjective's ending: ``waxy``, ``vitreous``, ``adamantine``,
``metallic`` (not ``Will``, ``power``)."""


def _range_of_values(value: str, relation: Relation, normalizer: Normalizer) -> tuple[list[str], bool] | None:
    """(the two ends, whether both are known of the class) of an answer that is a range between
    two one-word values of a relation's class of named values (``Adamantine to vitreous`` of a
    mineral's luster: both lusters it has; ``Waxy to subvitreous``, an end unknown); None for a name the store or the reference knows whole,
    for two ends neither known nor a quality's word (``Will to power`` of a philosopher's ideas), and of a relation
    whose answers are places, people, works or spans of time (``Ticket to Ride``, ``Late Neolithic
    to Early Bronze Age``: :func:`_span_of_times`)."""
    cls = relation.range
    match = _VALUE_RANGE.fullmatch(split_bracketed(value.strip(" *_."))[0].strip(" *_"))
    if match is None or cls is None or normalizer.names(value) or holds_places(cls, normalizer) or _works(cls, normalizer):
        return None
    words = re.findall(r"[A-Za-z][a-z]*", " ".join((relation.name, *relation.synonyms, local_name(cls))))
    if any(_TIME_WORDS.fullmatch(w) for w in words) or _people(relation, normalizer):
        return None
    ends = [match.group("first"), match.group("last")]
    known = [normalizer.of_class(end, cls) is True for end in ends]
    if _named_with_to(ends, known):  # "Will to power" of a philosopher's ideas: a name
        return None
    return ends, all(known)


def _named_with_to(ends: list[str], known: list[bool]) -> bool:
    """Whether two words with "to" between them are a name, no range: neither end a known value of
    the relation's class nor a quality's word (``Will to power``; ``Waxy to subvitreous`` is a range).

    >>> _named_with_to(["Will", "power"], [False, False]), _named_with_to(["Waxy", "subvitreous"], [False, False])
    (True, False)
    """
    return not any(known) and not all(_QUALITY.fullmatch(end) for end in ends)


def _name_with_to(value: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether ``value`` is two words with "to" between them that :func:`_range_of_values` reads as
    a name (``Will to power``): one name whole, no sentence to parse ("Will" no modal verb)."""
    match = _VALUE_RANGE.fullmatch(split_bracketed(value.strip(" *_."))[0].strip(" *_"))
    if match is None or relation.range is None or _range_of_values(value, relation, normalizer) is not None:
        return False
    ends = [match.group("first"), match.group("last")]
    return _named_with_to(ends, [normalizer.of_class(end, relation.range) is True for end in ends])


_ALONE = re.compile(r"(?P<name>[A-Z][^()]*?\S)\s+(?P<alone>alone|only)")
"""A name the answer says is the only one: ``Zeus alone``, ``Gaia only`` (the name, and that it is alone a gloss)."""


def _named_beside_none(item: str, head: str) -> str | None:
    """The names a bracketed gloss after a none answer gives, the head's words and the gloss's first word
    aside, or None: ``none (born from Gaia alone, according to Hesiod)`` names Gaia and Hesiod
    (``N/A (it is a language specification, not a program)``, ``None (Iceland is an island)`` of
    Iceland name none)."""
    gloss = re.match(r"[^()]*\((?P<gloss>[^()]*)\)", item)  # a bracket's ("Unknown, but probably Travis Oliphant" is a guess, no answer)
    own = set(head.casefold().split())
    names = [w for w in re.findall(r"\b[A-Z][\w'’-]+", gloss.group("gloss").split(None, 1)[-1] if gloss else "") if w.casefold() not in own]
    return ", ".join(names) or None


def _element_symbols(parts: list[str], relation: Relation) -> bool:
    """Whether the parts a join word joins are chemical elements' symbols of a relation whose range
    is elements (``Mg and Si``, ``Cr & Ni`` of an alloying element); not of another range
    (``P and O``, a ferry company's "P&O")."""
    elements = relation.range is not None and "element" in local_name(relation.range).casefold()
    return elements and all(element_symbol(p) for p in parts)


def _named_apart(parts: list[str]) -> bool:
    """Whether names a join word joins are each a name of their own: every word capitalised or a
    figure, an article and brackets aside, and each after the first two words or more
    (``Aérospatiale and the British Aircraft Corporation (BAC)``, ``Sud Aviation & British
    Aircraft Corporation``, ``F-16 Fighting Falcon and A-10 Thunderbolt II``); not ``Simon &
    Garfunkel``, ``Bob Marley and the Wailers``, ``Department of Health and Human Services`` nor a
    plural noun the names share (``the Hugo and Nebula Awards``, ``the Virgin and Cayman Islands``)."""
    words = [re.sub(r"^the\s+", "", split_bracketed(p)[0], flags=re.IGNORECASE).split() for p in parts]
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for part in words for w in part)
    shared = len(words[0]) == 1 and re.search(r"[^s]s$", words[-1][-1]) is not None  # "the Hugo and Nebula Awards": one plural noun's
    shared = shared and split_bracketed(parts[-1])[1] is None  # "Ørsted and Global Infrastructure Partners (GIP)": the last named whole
    return capitalised and all(len(part) >= 2 for part in words[1:]) and not shared


def _one_firm(value: str, parts: list[str]) -> bool:
    """Whether "&" joins one word to the rest of one name (``Food & Drug Administration``,
    ``Marks & Spencer Group``, ``Ernst & Young Global``): a firm's or an agency's name writes
    "&" between its words; two names it joins are each of two words or more (``Sud Aviation &
    British Aircraft Corporation``), and "and" joins two (``Boeing and Lockheed Martin``)."""
    return len(parts) == 2 and re.search(r"\s&\s", value) is not None and len(split_bracketed(parts[0])[0].split()) == 1


def _inverse_verb(relation: Relation, normalizer: Normalizer) -> re.Pattern[str] | None:
    """The active verb of ``relation``'s inverse in any tense, where the relation's own words
    are no part of it: ``prey(s/ed) on`` of ``preyedOnBy`` (``preys on``); None where the domain
    declares no inverse or its words are the relation's too (``capital of`` beside ``capital``)."""
    domain = normalizer.domain
    if domain is None:
        return None
    own = [w.casefold() for w in (*relation.synonyms, relation.name)]
    verbs = []
    for iri in domain.index.inverse.get(relation.iri, ()):
        inverse = domain.relation_by_iri(iri)
        for words in (inverse.synonyms if inverse is not None else ()):
            first, *rest = words.casefold().split()
            if not rest or any(w in words.casefold() or words.casefold() in w for w in own) or len(first) < 4:
                continue
            stem = re.sub(r"(?:es|s)$", "", first)
            after = r"\s+".join(map(re.escape, rest))
            verbs.append(rf"{re.escape(stem)}(?:s|es|ed|d|ing)?\s+{after}\b(?!\s+by\b)")
    return re.compile(rf"\b(?:{'|'.join(verbs)})", re.IGNORECASE) if verbs else None


_PERSON_NOUN = (
    r"physician|doctor|surgeon|scientist|researcher|bacteriologist|virologist|epidemiologist|microbiologist|pathologist"
    r"|anatomist|biologist|naturalist|zoologist|botanist|chemist|physicist|astronomer|geologist|explorer|scholar|historian"
    r"|philosopher|writer|author|poet|professor|priest|monk|missionary|engineer|inventor|mathematician|traveller|traveler"
)
_BY_PERSON = re.compile(
    rf"\bby\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){{0,3}}?(?:{_PERSON_NOUN})s?\s+(?P<name>(?-i:[A-Z])[^\s,;.()]*(?:\s+(?-i:[A-Z])[^\s,;.()]*)*)",
    re.IGNORECASE,
)
"""A person a sentence names as the doer of its act by what they were: ``first described by the
Persian physician Rhazes``, ``by the explorer Henry Morton Stanley``."""


def _doers(text: str) -> set[str]:
    """The names of the people ``text`` says did its act (:data:`_BY_PERSON`), case-folded."""
    return {m.group("name").casefold() for m in _BY_PERSON.finditer(text)}


_TEAM_OF = re.compile(
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|di|du|del|la|le|al-\w+))*\s+[A-Z][\w'’-]*?)['’]s?"
    r"\s+(?P<group>(?:(?:research|scientific)\s+)?(?:team|group|lab|laboratory|research\s+group))"
)
"""A person's team: ``Mark Skolnick's team``, ``Ludwig van Beethoven's group``, ``James Gusella's lab``."""
_INSTITUTION_WORD = re.compile(
    r"(?i:universit(?:y|ies)|institut(?:e|ion)|genetics|laborator(?:y|ies)|labs?|hospital|college|school|company|corporation|foundation"
    r"|cent(?:er|re)|society|academy|council|agency|department|pharmaceuticals?|therapeutics|sciences?|technolog(?:y|ies)|inc|corp|ltd)"
)
"""A word that makes a name an institution's, not a person's: ``Myriad Genetics``, ``Broad Institute``."""


def _team_leader(tail: str) -> tuple[str, str] | None:
    """(the person, their team as a gloss) of a team named by its leader (:data:`_TEAM_OF`): ``Mark
    Skolnick's team`` is Mark Skolnick's work; None otherwise (``Sgt. Pepper's Lonely Hearts Club
    Band``, ``Doctors Without Borders``)."""
    bare, gloss = split_bracketed(tail.strip(" *_."))
    match = _TEAM_OF.fullmatch(bare.strip())
    if match is None or any(_INSTITUTION_WORD.fullmatch(w.strip(".")) for w in match.group("name").split()):
        return None  # "Myriad Genetics' team": an institution's, no person
    return match.group("name"), "; ".join(filter(None, (f"{match.group('group')}", gloss)))


def _where_done(tail: str, span: str) -> bool:
    """Whether a sentence ``span`` names ``tail`` only as where its act was done, after "at" or
    "in" (``cloned by Mark Skolnick's team at Myriad Genetics``, ``Developed in the US``): an
    institution or a place, never a person who did it."""
    name = re.escape(split_bracketed(tail.strip(" *_."))[0].strip())
    said = list(re.finditer(rf"(?<![\w'’-]){name}(?![\w'’-])", span))
    return bool(said) and all(re.search(r"\b(?:at|in)\s+(?:the\s+)?$", span[: m.start()]) for m in said)


def _unkinded(item: str, normalizer: Normalizer) -> str:
    """A titled work's name without the kind or remark one word names before a colon (``Opera:
    Rusalka``, ``Notes: Humoresques``, ``Film: Dune``): a label, no title's first part (``Alien:
    Covenant``); ``item`` otherwise."""
    label, colon, rest = item.partition(":")
    word = label.strip(" *_").casefold()
    kinds = normalizer.domain.index.kind_words if normalizer.domain is not None else frozenset()
    labelled = word in WORK_WORDS | kinds or word.removesuffix("s") in WORK_WORDS | kinds | set(normalizer.language.remarks)
    return rest.strip() if colon and rest.strip() and " " not in word and labelled and not normalizer.names(item) else item


def _works(cls: URIRef, normalizer: Normalizer) -> bool:
    """Whether ``cls`` is a class of titled works: a title goes on after its colon ("Star Wars:
    Episode IV – A New Hope")."""
    return normalizer.domain.index.holds_works(cls) if normalizer.domain is not None else names_works(cls)


def _titled_person(tail: str, normalizer: Normalizer) -> tuple[str, str] | None:
    """:func:`titled_person` of ``tail``, its name known to the store or the reference or not."""
    name = tail.partition(", ")[0].strip()
    return titled_person(tail, known=bool(normalizer.names(name)))


_TITLE_OF = re.compile(
    r"(?:\d+(?:st|nd|rd|th)\s+)?(?:Duke|Duchess|King|Queen|Prince|Princess|Emperor|Empress|Earl|Countess|Count|Baroness|Baron|Marquess|Viscount)\s+of\b"
)
"""A title after a name, its apposition: ``1st Duke of Wellington``, ``Queen of England``."""
_TITLE_LEAD = re.compile(
    r"(?:\d+(?:st|nd|rd|th)\s+)?(?:Grand\s+)?(?:Duke|Duchess|King|Queen|Prince|Princess|Emperor|Empress|Earl|Countess|Count|Baroness|Baron|Marquess|Viscount"
    r"|Elector|Electress|Archduke|Archduchess|Margrave|Landgrave|Lord|Lady|Tsar|Czar|Sultan)\s+(?:of|in)\b"
)
"""A part that is itself a title (``King in Prussia (1740–1772)``, ``King of Spain``): a title after
it is another of the list, no apposition of a name."""


def _phrase(part: str, normalizer: Normalizer) -> bool:
    """Whether a part of a line is a phrase about a known name, not a name: a lower-case word
    beside the name (``Bordered by Spain``, ``France shares borders with "Spain"``; an article is
    the name's: ``the Isle of Man``, and a compass phrase says where it lies: ``Spain to the
    south``)."""
    words = split_bracketed(part.strip(" .!"))[0].split()  # "Spain (1 border crossing)"
    if not words or normalizer.names(" ".join(words)) or words[-1].casefold() in COMPASS:  # "Bosnia and Herzegovina", "Spain to the south"
        return False
    return any(
        any(w[:1].islower() and w != "the" for w in rest) and normalizer.names(" ".join(name).strip("\"'“”‘’*_"))
        for k in range(1, len(words))
        for name, rest in ((words[:k], words[k:]), (words[k:], words[:k]))
    )


def _joins_names(part: str, joined: str, normalizer: Normalizer) -> bool:
    """Whether a part between commas that is not the last joins a known name to another, a
    clause of a sentence, not one of a list's names: ``and Belgium`` (``Spain, to the south, and
    Belgium, to the north``), ``Belgium and Luxembourg to the northeast`` (not ``Pride and
    Prejudice``, nor a name known whole: ``Bosnia and Herzegovina``)."""
    pieces = re.split(rf"(?:^|\s+)(?:{joined})\s+", part)
    return len(pieces) > 1 and not normalizer.names(part) and any(not p or normalizer.names(split_bracketed(p)[0]) for p in pieces)


_INITIALS = r"(?:[^\W\d_]\.\s?){1,3}"
"""A person's initials: ``J.``, ``J. R. R.``."""
_NAME_WORD = r"[^\W\d_][\w'’-]+"
"""One word of a person's name: ``Torvalds``, ``O'Brien``."""
_SURNAME_FIRST = re.compile(rf"(?P<surname>{_NAME_WORD}),\s+(?P<given>{_INITIALS}|{_NAME_WORD})")


def _surname_first(parts: list[str], relation: Relation, normalizer: Normalizer) -> bool:
    """Whether two parts are a person's name written surname first, of a relation whose answers
    are people: the second initials (``Smith, J.``), or one given name the store does not know of
    its own after a surname with a particle (``van Rossum, Guido``), of a relation with one value,
    or of a person the store knows given name first (``Torvalds, Linus`` for a known Linus
    Torvalds); not two names (``Haydn, Salieri``, ``Guido, Barry``) nor a title (``Duke of
    Wellington, Napoleon``)."""
    if len(parts) != 2 or not _people(relation, normalizer) or normalizer.names(parts[1]) or " of " in parts[0]:
        return False
    if re.fullmatch(_INITIALS, parts[1]):
        return True
    if not re.fullmatch(_NAME_WORD, parts[1]):
        return False
    one = normalizer.domain is not None and relation.iri in normalizer.domain.index.functional
    return one or _particle_first(parts[0]) or bool(normalizer.names(f"{parts[1]} {parts[0]}"))


def _particle_first(surname: str) -> bool:
    """Whether a surname opens with a particle (:data:`kg.languages.NAME_PARTICLES`): ``van
    Rossum``, ``de la Cruz``, ``ibn Battuta``; not ``Vandermeer``, ``Torvalds``.

    >>> _particle_first("van Rossum"), _particle_first("Vandermeer")
    (True, False)
    """
    first = re.match(r"(\S+)\s", surname)
    return first is not None and first.group(1) in NAME_PARTICLES


def _script(text: str) -> str:
    """The script of a name's first letter: LATIN, CYRILLIC, CJK ...; "" for a name with no letter (``80188``)."""
    letter = next((ch for ch in text if ch.isalpha()), None)
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


_DONE_LEAD = re.compile(r"^(?:[A-Z][a-z]+ed)\s+(?:from|at|in|on|by|after|for)\s+(?=[A-Z])")
"""A participle and its preposition before an answer, no part of its name: ``Launched from Cape
Canaveral``, ``Built by Boeing``, ``Assembled in Toulouse``."""
_WITH = re.compile(r"^(?:(?:along|together)\s+)?with\s+(?=[A-Z])")
"""``with`` before a name a list goes on with: ``Northrop Grumman (prime contractor), with Ball
Aerospace`` names two makers."""
_OWN = re.compile(r"(?:his|her|their|its|our)\s")
"""A phrase about those of another answer, no name: ``his team at Marshall Space Flight Center``."""
_GROUP = re.compile(
    r"(?i:most|all|many|some|several|few|various|numerous|certain|other)(?:\s+(?i:other|of the))?(?:\s+[a-z][\w-]*)+"
    r"|(?i:(?:about|around|over|some|~)\s*)?\d[\d,]*\+?\s+(?:others?|more)(?:\s+[a-z][\w-]*)*"
)
"""A quantified group of things, in a domain of names no entity: ``Most vertebrates``, ``All
mammals``, ``Many other species``, ``16 others``, ``16 other countries`` (a title is
capitalised: ``All Things Must Pass``)."""

_SCOPE = re.compile(
    r"(?:world-?wide|global(?:ly)?|everywhere|ubiquitous|cosmopolitan|(?:throughout|around|all over) the (?:world|globe)"
    r"|(?:in\s+)?(?:all|most|every) (?:countries|continents|regions|parts of the world)|the (?:whole|entire) world)",
    re.IGNORECASE,
)
"""A scope a chat model gives for where something is, naming no place: ``Worldwide (seasonal
circulation)``, ``Global``, ``Everywhere``, ``all over the world`` (a place's relation has no
value for it: the answer is held for review, with its reason)."""


_PARTICLES = NAME_PARTICLES | {"the", "of", "i", "e", "und"}
"""Lower-case words a person's name holds, its particles (:data:`kg.languages.NAME_PARTICLES`) and
the words that join its parts: ``Ludwig van Beethoven``, ``Isidore of Miletus``, ``Lluís Bonet i Garí``."""
_LOWER_IN_NAMES = _PARTICLES.union(ENGLISH.joins)
"""Lower-case words in a line of people's names: a name's (:data:`_PARTICLES`) and those that
join two names (English's "and", "or": ``Joel and Ethan Coen``)."""
_COMMA_LIST = re.compile(r"[^,;()]+(?:,\s+[^,;()]+)+,?\s+(?:and|&)\s+[^,;()]+")
"""Names between commas and a last join word: ``Vitamin C, vitamin K and folate``."""
_SLASHED = re.compile(r"[A-Z][^/;()]*?(?:\s/\s[A-Z][^/;()]*?)+")
"""Names on either side of a spaced slash: ``Marin County / Daly City`` (not ``AC/DC``)."""
_SHARED_AREA = re.compile(r"(?P<names>[A-Z][^/;()]*?(?:\s/\s[A-Z][^/;()]*?)+)\s+(?P<area>area|region|vicinity|areas|regions)")
"""Places on either side of a slash and the lower-case word of their surroundings both share:
``Marin County / Daly City area`` (``San Francisco Bay Area`` is a name)."""
_AND_OTHERS = re.compile(r"(?P<named>[^()]*?[^\s,()]),?\s+and\s+(?:many\s+|various\s+|several\s+)?other\s+(?P<group>[a-z][^()]*)")
"""A name and the group of others like it a line ends with: ``Flies and other small insects``
(``Sleepless Nights and Other Stories``, a title, writes its own words capitalised)."""
_LATER = re.compile(r"(?:^|(?<=;))\s*(?:and\s+)?(?:later|subsequently|then|afterwards)\b[\s,:]*(?=[A-Z])")
"""A lead before more people in a list of people: ``...; later Kurt Bittel and Peter Neve`` (who
came after did it too; ``formerly``/``previously`` say a past value: :data:`_PAST_LEAD`)."""
_ALSO = re.compile(r"^(?:and\s+)?(?:also|plus)\s+(?=\S)")
"""A word a line adds its last answer with, no part of it: ``also the Atbara``."""
_DONE_BY = re.compile(r"^(?P<lead>[a-z]+(?:ed|en)\s+(?:by|with))\s+(?=[A-Z])")
"""A participle and who did it before a name: ``continued by Domènec Sugrañes``, ``shared with Model Y``."""
_PARTY = re.compile(r"(?i:(?:his|her|their)\s+)?(?:party|team|companions|crew|colleagues|others)")
"""The rest of a group a person led, no person: ``Edward Whymper and party``."""


_BEINGS = frozenset({"person", "human", "deity", "god", "goddess", "figure", "character", "creature", "hero", "spirit"})
_AGENTS = _BEINGS | {"agent", "architect", "engineer", "designer", "artist", "author"}
_NAME = r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’.-]*|[a-z]{1,3}(?=\s+[A-Z])))*"
_BYNAME = re.compile(rf"{_NAME}\s+of\s+(?:the\s+)?{_NAME}")
"""A person named by where they came from: ``Isidore of Miletus``, ``Anthemius of Tralles``."""
_OF_FIRM = re.compile(
    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s+of\s+(?P<firm>[A-Z][^()]*?&[^()]*?)(?:\s*\((?P<gloss>[^()]*)\))?[\s.]*"
)
"""A person and the firm they worked at: ``David Childs of Skidmore, Owings & Merrill (SOM)``."""


def _range_kinds(relation: Relation, normalizer: Normalizer) -> set[str]:
    """The local names of the relation's range and the classes above it, case-folded."""
    if relation.range is None or normalizer.domain is None:
        return set()
    return {local_name(c).casefold() for c in (relation.range, *normalizer.domain.index.ancestors(relation.range))}


def _joined_pair(value: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The two a relation of people, deities or other beings joins with "and" (``Borr and
    Bestla``, ``Apollo and Artemis``: one word each; a gloss after the last is both's), or two
    people each named by where they came from (``Isidore of Miletus and Anthemius of Tralles``);
    None for any other value ("&" joins a pair's one name: ``Simon & Garfunkel``)."""
    kinds = _range_kinds(relation, normalizer)
    name, gloss = split_bracketed(value.strip().rstrip(".!"))
    parts = re.split(r"\s+and\s+", name.strip())
    if len(parts) != 2 or not kinds & _AGENTS:
        return None
    glossed = [f"{p} ({gloss})" if gloss else p for p in parts]
    if all(_BYNAME.fullmatch(p) for p in parts) or kinds & _BEINGS and all(re.fullmatch(r"[A-Z][\w'’-]*", p) for p in parts):
        return glossed
    return None


_OF_TEAM = re.compile(r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){1,3})\s+of\s+(?P<team>(?:the\s+)?[A-Z][^()]*?)(?:\s*\((?P<gloss>[^()]*)\))?[\s.]*")
"""A full name and the team or firm after "of": ``Chen Zhaojun of Alibaba Cloud Security Team``."""


def _of_agents(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether the relation's answers are people or other agents: a class of people, one that may
    be (:func:`_maybe_people`), or one named for what its members do (``Discoverer``, ``Founder``;
    not ``Country``)."""
    kinds = _range_kinds(relation, normalizer)
    return _maybe_people(relation, normalizer) or bool(kinds & _AGENTS) or any(re.fullmatch(r"[a-z]{3,}(?:er|or)", k) for k in kinds)


def _known_of_team(item: str, relation: Relation, normalizer: Normalizer) -> str | None:
    """``item`` with the team a known person worked in as their gloss: ``Chen Zhaojun of Alibaba
    Cloud Security Team`` is the reference's Chen Zhaojun (of the team), where the relation's
    answers are people and the full name before "of" is a known value of its range; None otherwise
    (``Catherine of Aragon``, ``Bank of America``: one word before "of"; ``Isidore of Miletus``
    unknown; ``United States of America`` of a country: no person)."""
    match = _OF_TEAM.fullmatch(item.strip())
    if match is None or relation.range is None or not _of_agents(relation, normalizer):
        return None
    if not normalizer.of_class(match.group("name"), relation.range):
        return None
    gloss = "; ".join(filter(None, (f"of {match.group('team')}", match.group("gloss"))))
    return f"{match.group('name')} ({gloss})"


_VERSIONED = re.compile(r"(?P<name>[^\W\d_].*?[^\s\d])\s+v?(?P<version>\d+(?:\.\d+)*(?:-?(?:alpha|beta|rc)\d*)?)")
"""A name and a version number after it: ``Apache HTTP Server 2.4.49``, ``Apache Log4j 2``."""
_SOFTWARE = re.compile(r"software|.*(?:product|package|library|application)")
"""A class of software products, by its local name: ``SoftwareProduct``, ``Package``."""


def _versioned(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the product, its version) of an answer naming a known product of a relation whose answers
    are software with a version number after it: ``Apache HTTP Server 2.4.49`` is the reference's
    Apache HTTP Server, ``version 2.4.49`` a note; None of a name known as written, or unknown
    without its number, or of another range (``Apollo 11`` of a mission is no version of Apollo)."""
    match = _VERSIONED.fullmatch(tail.strip(" *_"))
    if match is None or not any(_SOFTWARE.match(kind) for kind in _range_kinds(relation, normalizer)):
        return None
    if normalizer.names(tail.strip(" *_")) or not normalizer.names(match.group("name")):
        return None
    return match.group("name"), f"version {match.group('version')}"


def _of_firm(item: str, relation: Relation, normalizer: Normalizer) -> str:
    """``item`` with the firm a person worked at (a name with "&") as the person's gloss, of a
    relation of people or agents: ``David Childs of Skidmore, Owings & Merrill (SOM)`` is David
    Childs (of the firm), not "David Childs of Skidmore" and "Owings & Merrill"."""
    if (known := _known_of_team(item, relation, normalizer)) is not None:
        return known
    match = _OF_FIRM.fullmatch(item.strip())
    if match is None or not _range_kinds(relation, normalizer) & _AGENTS:
        return item
    gloss = "; ".join(filter(None, (f"of {match.group('firm')}", match.group("gloss"))))
    return f"{match.group('name')} ({gloss})"


_BORDER = re.compile(r"(?i:(?:on|along|at)\s+)?(?:the\s+)?(?P<pair>[^()]+?)\s+(?i:border|frontier)\b(?P<rest>.*)")
_PAIR_MARK = re.compile(r"\s*(?:/|–|—|-(?=\S))\s*|,\s+")


def _countries(value: str, relation: Relation, normalizer: Normalizer, single: bool) -> list[str] | None:
    """The countries a relation whose answers are countries is given as a pair or a place and
    its country: ``Switzerland/Italy border``, ``On the France–Italy border (...)`` and
    ``Peru/Bolivia``, ``United States, Mexico`` are two countries, ``Alaska, United States`` its
    country; None for any other value (a name of one country: ``Guinea-Bissau``), and of a
    relation with one value for a known country and where it lies (``England, UK``: England)."""
    if not _range_kinds(relation, normalizer) & {"country", "nation", "sovereignstate"} or normalizer.names(value):
        return None
    name, gloss = split_bracketed(value.strip().rstrip("."))
    border = _BORDER.fullmatch(name.strip())
    pair = border.group("pair") if border and not border.group("rest").strip() else name
    parts = [p.strip() for p in _PAIR_MARK.split(pair)]
    if len(parts) != 2 or any(p in COUNTRIES for p in (pair.strip(),)):
        return None
    ranks = [2 if relation.range and normalizer.of_class(p, relation.range) else region_rank(p, last=k == 1) for k, p in enumerate(parts)]
    if single and "," in pair and ranks[0] == 2:
        return None
    nations = parts if ranks == [2, 2] else parts[1:] if ranks == [1, 2] and "," in pair else None
    return [f"{p} ({gloss})" for p in nations] if nations and gloss else nations


_KIND_NAME = re.compile(r"^(?!(?:in|of|has|is)[A-Z])\w*(?:Type|Kind|Class|Category)$|^(?:type|kind|class|category)$")
"""A relation whose answer is what kind of thing the head is, by its name: ``volcanoType``,
``drugClass`` (not ``typeLocality``, nor ``inClass``'s taxon: ``in`` before it)."""


_JAPANESE_NO = re.compile(r"(?<=[^\W\d_])\s+no\s+(?=[A-Z])")
"""The particle of a Japanese name of the court or of legend between two capitalised words, a
name's part as "of", "de" or "van" are: ``En no Gyōja``, ``Minamoto no Yoritomo``, ``Ono no Komachi``."""


_ORDINAL_NUMBER = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
"""An ordinal in figures, a title's (``James Hepburn, 4th Earl of Bothwell``): no lower-case word of a phrase."""


_PARTNERS = re.compile(
    r"(?P<name>[^,;()]*[^\s,;()]),\s+(?P<gloss>(?:in\s+(?:collaboration|partnership|cooperation|association)\s+with|with\s+(?:funding|support|grants?|money)\s+from"
    r"|with\s+the\s+(?:support|help|backing)\s+of|(?:supported|funded|financed|backed)\s+by)\s+(?=(?:the\s+)?[A-Z])[^;()]*?)[\s.]*"
)
"""A name and, after a comma, a phrase of the partners or funders beside it: ``Pfizer, in
collaboration with BioNTech``, ``Moderna, with funding from BARDA and NIAID``."""


def _each_in_area(body: str) -> str:
    """``body`` with the lower-case word of the surroundings that places on either side of a slash
    share (:data:`_SHARED_AREA`) as each place's gloss: ``Marin County / Daly City area`` gives
    ``Marin County (area) / Daly City (area)``, two places, never a place "Daly City area"; any
    other body as it is (``Greater Tokyo area``, ``Tohoku / Sanriku coast``)."""
    match = _SHARED_AREA.fullmatch(body.strip(" ."))
    if match is None:
        return body
    return " / ".join(f"{name.strip()} ({match.group('area')})" for name in match.group("names").split(" / "))


_GROUP_NOUNS = (r"others|partners|collaborators|associates|agencies|institutions|institutes|organi[sz]ations|networks|universities"
                r"|observatories|contributors|members|affiliates|operators|groups|bodies|authorities|governments|companies|firms"
                r"|stakeholders|laboratories|labs|cent(?:re|er)s|offices|services|contractors|subcontractors|suppliers|sponsors|funders")
_UNNAMED_OTHERS = re.compile(
    rf"(?P<name>.*?[^\s,;]),?\s+(?P<gloss>(?:(?:along|together)\s+with|with|plus|among)\s+(?:[a-z][\w-]*\s+){{0,3}}(?:{_GROUP_NOUNS}))[\s.]*"
)
"""A name and a trailing phrase of others beside it that names none of them: ``United States
Geological Survey (USGS), with regional partners``, ``USGS, along with university networks``,
``NIED, among others`` (``Northrop Grumman, with Ball Aerospace`` names a second maker)."""


def _partners_noted(item: str) -> str:
    """``item`` with a phrase of partners or funders after its name (:data:`_PARTNERS`) or of others
    it names none of (:data:`_UNNAMED_OTHERS`) as the name's gloss in brackets: ``Moderna (with
    funding from BARDA and NIAID)``, ``United States Geological Survey (USGS) (with regional
    partners)``; the partners are not the answer (a collaborator is no sponsor, a funder no maker),
    never an entity "with funding from BARDA" or "with regional partners". Any other item as it
    is (``Procter & Gamble, Cincinnati``, ``Earth, Wind & Fire``)."""
    match = _PARTNERS.fullmatch(item.strip()) or _UNNAMED_OTHERS.fullmatch(item.strip())
    return f"{match.group('name')} ({match.group('gloss')})" if match else item


_ID_WORDS = r"(?:number|no\.?|nr\.?|id|identifier|code|registry|registration|accession)"
_ID_LABEL = re.compile(rf"[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?\s+{_ID_WORDS}", re.IGNORECASE)
_ID_RELATION = re.compile(rf"(?i:{_ID_WORDS}|registry|trial|database|catalog(?:ue)?|reference)")
_IDENTIFIER = re.compile(r"[\w./:-]*\d[\w./:-]*")


def _identifier_labelled(item: str, relation: Relation) -> str | None:
    """The identifier after a label that names its kind (``EudraCT Number: 2020-002641-42``,
    ``ISRCTN ID: ISRCTN12345678``, ``Catalogue No.: BWV 1007``... its last word number, no.,
    ID, identifier, code, registry), of a relation of identifiers of any scheme (``registryId``,
    ``accessionNumber``: its name's words all identifier words), where the value is one token
    holding a figure; None for any other item or relation (of ``icd10Code`` an EudraCT number
    is no answer; ``Lead sponsor: Pfizer``)."""
    labelled = line_label(item)
    if labelled is None or not _ID_LABEL.fullmatch(labelled[0].strip(" *_")):
        return None
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", relation.name)  # "registryId": registry, Id
    if not words or not all(_ID_RELATION.fullmatch(w) for w in words):  # not "icd10Code": an EudraCT number is no ICD-10 code
        return None
    value = labelled[1].strip(" *_`.")
    return value if _IDENTIFIER.fullmatch(value) else None


_CASE = r"(?:the\s+)?[^;\s][^;]*?\s+for\s+(?:the\s+|an?\s+)?[^;\s][^;]*?"
_PER_CASE = re.compile(rf"{_CASE}(?:\s*;\s*{_CASE})+[\s.]*")
"""Answers each for a case, between semicolons: ``K⁻ for the K⁺; the K̄⁰ for the K⁰`` (the
kaon's antiparticle, one of each kaon), ``Oscar for Best Picture; BAFTA for Best Film``."""


_TRAILING_SHARE = re.compile(r"(?:(?<=[^\W\d_])|(?<=\)))\s+(?P<share>[~≈≤≥<>]?\s?\d+(?:\.\d+)?\s?%)(?=[\s.]*$)")
"""A share after a name, a note of it (a branching ratio, a stake, a content): ``b b̄ (bottom
quark pair) ~58%``, ``muon 63.6%``, ``Manganese ≤ 2%``, ``Chromium ≥10.5%``; not a share inside
its brackets (read there) nor after a comma (:data:`_TRAILING_GLOSS`)."""
_LISTED_SHARE = re.compile(r"(?:(?<=[^\W\d_])|(?<=\)))\s+(?P<share>[~≈≤≥<>]?\s?\d+(?:\.\d+)?\s?%)(?=\s*[,;])(?![^()]*\))")
"""A share after a name in a one-line list, before the comma or the semicolon that ends its item, a
note of it as :data:`_TRAILING_SHARE`'s: ``Indo-Aryan 72%, Dravidian 25%`` (not one in brackets)."""
_OTHERS = re.compile(r"(?i:others?|other groups?|the rest)")
"""What a list names for the rest it does not name, no entity: ``others 2%``, ``Mongoloid and other 3%``."""
_LEADING_SHARE = re.compile(r"(?:^|(?<=,\s)|(?<=\band\s)|(?<=\bwith\s)|(?<=[+&(]\s))(?P<share>[~≈≤≥<>]?\s?\d+(?:\.\d+)?\s?%)\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)(?![\w(])(?![^()]*\))")
"""A share before a name, a note of it, opening the item or a part after a comma, "and", "with": ``18%
Cr``, ``100% Cabernet Sauvignon`` (each word of the name capitalised: ``2% milk`` is a product;
``Syrah, with up to 20% Viognier``: a bound, read as before); never one inside a bracket, a gloss
already (``Aluminium bronze (92% Cu, 6% Al, 2% Ni)``)."""
_PLUS = re.compile(r"\s+\+\s+")
_LOWER_SHARE = re.compile(
    r"(?:^|(?<=,\s)|(?<=;\s)|(?<=\band\s))(?P<share>\d+(?:\.\d+)?\s?%|\d{1,2}(?:-|\s)(?:carat|karat|ct))\s+(?P<name>[a-z][a-z-]*)(?=\s*(?:[,;]|$|\sand\s))(?![^()]*\))"
)
"""A share or a fineness before a lower-case name, its item's whole: ``91.67% gold``, ``22-carat
gold`` (never inside a bracket, a gloss already)."""


def _fineness_noted(item: str, normalizer: Normalizer) -> str:
    """``item`` with each share or fineness before a lower-case name the store or the reference knows
    moved after it as its gloss, the mirror of ``Indo-Aryan 72%``: ``91.67% gold, 8.33% copper`` is
    gold and copper, ``22-carat gold`` gold; a name no one knows stays as written (``2% milk`` is a
    product, ``100% juice`` a kind of drink)."""
    def noted(found: re.Match[str]) -> str:
        name = found.group("name")
        return f"{name} ({found.group('share')})" if normalizer.names(name) else found.group(0)

    return _LOWER_SHARE.sub(noted, item)


def _summed(value: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The things " + " joins, of a relation of several things (``Muon + muon neutrino (K⁺ →
    μ⁺ν_μ)`` of decay products: muon and muon neutrino, each with the bracket's note); None for
    a known whole, a side with "the" (``Florence + the Machine``), a relation of people or
    agents, a side holding a comma or a semicolon (a list's parts, cut first), or a value without
    " + " (``C++``, ``Canal+``)."""
    name, gloss = split_bracketed(value)
    parts = _PLUS.split(name)
    if len(parts) < 2 or any(not p or re.match(r"(?i:the)\s", p) or re.search(r"[,;]", p) for p in parts) or normalizer.knows(name):
        return None
    if _range_kinds(relation, normalizer) & _AGENTS:
        return None
    return [f"{p} ({gloss})" if gloss else p for p in parts]


def _phrase_not_name(tail: str, people: bool) -> str | None:
    """The words that make a named entity's tail a phrase, not a name: a participle and "by"
    before a name (``continued by Domènec Sugrañes``), and of a person a lower-case word beside
    a full name (``predecessor Olaf Scholz``, ``President since 1 January 2023``, ``Hudson Stuck's
    1913 expedition``; not a particle: ``Ludwig van Beethoven``) or the rest of a group
    (``party``); None for a name (``npm, Inc.``, ``id Tech 6``)."""
    bare = re.sub(r"\s*\([^()]*\)", "", tail).strip(" *_.,;:")
    if (lead := _DONE_BY.match(bare)) is not None:
        return lead.group("lead")
    if not people:
        return None
    if _PARTY.fullmatch(bare):
        return bare
    words = re.findall(r"[^\W\d_][\w'’-]*", _ORDINAL_NUMBER.sub(" ", _JAPANESE_NO.sub(" ", bare)))
    lower = [w for w in words if w[:1].islower() and w.rstrip("'’") not in _LOWER_IN_NAMES and not re.match(r"(?:d|l|al|el)['’-]", w)]
    return " ".join(lower) if lower and sum(w[:1].isupper() for w in words) >= 2 else None


_NEXT_LABEL = re.compile(r"[,;]\s*(?=(?:\*\*|__)?[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)?(?:(?:\*\*|__)?:|:(?:\*\*|__))\s)")
"""A comma or a semicolon before another label in a labelled line: ``Country: Australia,
Continent: Oceania``, ``State: Bavaria; Country: Germany``."""


_GROUP_LABEL = re.compile(r"^[*_]*(?P<label>[A-Z][a-z]+(?: [a-z]+)?)[*_]*\s*:[*_]*\s+(?P<value>\S.*?)\s*$")
"""A part of a line that a group's label opens: ``Adults: none``, ``Cubs: snow leopards, ...``."""
_GROUP_PARTS = re.compile(r"(?<=[.;])\s+(?=[*_]*[A-Z][a-z]+(?: [a-z]+)?[*_]*\s*:)")


_PART_WORDS = frozenset({
    "head", "heads", "belly", "bellies", "part", "parts", "portion", "portions", "fibres", "fibers", "branch", "branches", "division",
    "divisions", "lobe", "lobes", "segment", "segments",
})
"""The words of a label that names a part of the thing asked about: ``Short head``, ``Clavicular part``,
``Anterior fibres``, ``Northern part``."""


def _part_labelled(item: str) -> str:
    """A line labelled with a part of the head (``**Short head:** coracoid process of the scapula``:
    words before a part word of :data:`_PART_WORDS` in lower case) as its value, the part its gloss
    (``coracoid process of the scapula (Short head)``); any other line as it is: a name is no part
    (``**Beachy Head:** a headland``, ``**Spain:** the longest border``)."""
    labelled = line_label(item)
    if labelled is None:
        return item
    label, value = labelled
    words = label.split()
    part = len(words) > 1 and len(words) <= 3 and words[-1] in _PART_WORDS
    return f"{value.strip()} ({label})" if part else item


_GROUP_HEADER = re.compile(
    r"(?:^|(?<=[.;])\s+)(?P<header>(?:With|By)\s+[A-Z][^:;.,]{0,60}?|From\s+(?:his|her|their)\s+(?:[a-z]+\s+)?marriage(?:\s+(?:to|with)\s+[A-Z][^:;.,]{0,60}?)?)\s*:\s+"
)
"""A header of a group of a person's children or kin, by whom they were had: ``With Louis VII:``,
``By Catherine of Aragon:``, ``From his first marriage:``, at the line's start or after a
sentence's end."""
_GROUP_ITEM_END = re.compile(r";(?![^()]*\))")


def _grouped(item: str) -> list[str] | None:
    """The items of a line that groups them under headers (:data:`_GROUP_HEADER`), each with its
    header as its gloss: ``With Louis VII: Marie, Countess of Champagne; Alix. With Henry II:
    Henry the Young King`` gives ``Marie, Countess of Champagne (with Louis VII)``, ``Alix (with
    Louis VII)``, ``Henry the Young King (with Henry II)``; the items of a group are cut at its
    semicolons only. None for a line that opens with no such header (``Isabella, by her first
    marriage``)."""
    headers = list(_GROUP_HEADER.finditer(item.strip()))
    if not headers or headers[0].start() != 0:
        return None
    text, ends = item.strip(), [h.start() for h in headers[1:]] + [len(item.strip())]
    parts = []
    for header, end in zip(headers, ends):
        gloss = header.group("header")
        gloss = gloss[:1].lower() + gloss[1:]
        parts += [f"{p.strip().rstrip('.')} ({gloss})" for p in _GROUP_ITEM_END.split(text[header.end():end]) if p.strip(" .")]
    return parts or None


def _labelled_groups(line: str, normalizer: Normalizer) -> list[str]:
    """The values of a line of sentences each a group's label and its values, the labels no
    values: ``Adults: none. Cubs: snow leopards, yellow-throated martens and Asiatic black
    bears.`` gives ``none`` and ``snow leopards, ...``; of sentences each a name the store knows
    and its gloss, each sentence (``Belgium: in the north. Spain: in the south.``); ``[line]``
    where a part is no such labelled one, or some labels are names and some not."""
    parts = _GROUP_PARTS.split(line.strip())
    groups = [_GROUP_LABEL.match(p.rstrip(".;")) for p in parts]
    if len(parts) < 2 or not all(groups):
        return [line]
    named = [normalizer.names(g.group("label")) for g in groups if g]
    if all(named):  # "Belgium: in the north. Spain: in the south.": each a name and its gloss (Spain was lost)
        return [p.rstrip(".;") for p in parts]
    return [line] if any(named) else [g.group("value") for g in groups if g]


_SCHEME_LABEL = re.compile(r"[^:]*\b[A-Z]{2,}[*_]*\s*:\s*\S")
"""A text value that names its scheme in capitals before a colon: ``ESRB: M``, ``PEGI: 16``,
``PEGI 12 / ESRB: E10+`` (an age rating): the colon is the value's, the capitals no name glossed."""


def _short_label(item: str) -> tuple[str, str] | None:
    """The label and the value of a line whose label is one or two words before its values:
    ``**Indications:** pain, fever`` (:func:`line_label`)."""
    labelled = line_label(item)
    return labelled if labelled and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)?", labelled[0]) else None


_TITLE = re.compile(r'(?<![*\w])\*(?!\*)([^*\n]+?)\*(?![*\w])|(?<![_\w])_(?!_)([^_\n]+?)_(?![_\w])|["“]([^"“”\n]+)["”]')
"""A title a chat model sets in italics or quotes: ``*Fahrenheit 451*``, ``"Catch-22"``."""


_CITATION_PART = re.compile(r"(?i:vol|volume|no|issue|pp?|pages?)\.?\s*\d+(?:\s*\(\d+\))?(?:\s*[-–—]\s*\d+)?")
"""A volume, issue or page reference of a citation, no entity: ``vol. 521``, ``no. 7553``, ``pp. 436–444``."""


def _without_titles(value: str, head: str) -> str:
    """A value's sentence less what names something, not the value, where a figure is left
    beside it: the head in italics, bold or quotes (``*Dune* was published in 1965.``), or as
    written where it holds a figure (``Catch-22 has 453 pages.``, ``1984 was published in
    1949.``; not inside a date: ``1984-01-09``), and a title with a figure in italics or quotes
    (``*Fahrenheit 451* has 158 pages.``). The album *1984*'s ``1984 (1984)`` stays as it is; a
    sentence whose only figure is the head's (``Arthur Wellesley, 1st Duke of Wellington is a
    general.``) has none left."""
    if head.strip().casefold() not in value.casefold():  # nothing to drop, no pattern to compile
        return _titles_dropped(value)
    name = re.escape(head.strip())
    marked = rf'(?:\*\*?|__?|["“]){name}(?:\*\*?|__?|["”])'
    bare = rf"(?<![\w./-]){name}(?![\w/]|[-.]\d)"
    named = re.compile(f"{marked}|{bare}" if any(c.isdigit() for c in head) else marked, re.IGNORECASE)
    left = named.sub("", value)
    if not any(c.isdigit() for c in left):  # "1999 was composed in 1999.": the head named, then its figure
        left = named.sub("", value, count=1)
    said = any(c.isdigit() for c in left) or re.search(r"[^\W\d_]{2}", left) is not None  # "..., 1st Duke of Wellington is a general."
    return _titles_dropped(left if said else value)


def _titles_dropped(value: str) -> str:
    """``value`` less a title with a figure in italics or quotes, where a figure is left beside it."""
    left = _TITLE.sub(_untitled, value)
    return left if any(c.isdigit() for c in left) else value


def _untitled(match: re.Match[str]) -> str:
    """A span in italics or quotes, or nothing for a title with a figure: ``*Fahrenheit 451*``, not ``"453 pages"``."""
    span = match.group(0)
    return "" if any(c.isupper() for c in span) and any(c.isdigit() for c in span) else span


def _gloss_then_place(tail: str, gloss: str | None, why: str | None, reason: str | None, normalizer: Normalizer) -> str | None:
    """The note of an item: its reason, else, where its bracket's ``gloss`` is another name of
    ``tail`` (:meth:`extractors.normalize.Normalizer.glossed`), the gloss before the place its
    comma gave (``why``), so that the name is read with it: "International Rice Research
    Institute (IRRI), Los Baños, Philippines" notes "IRRI; Los Baños, Philippines" (a known IRRI,
    the institute); else ``why`` or ``gloss`` ("Candia (Heraklion), Crete, Republic of Venice":
    "Crete, Republic of Venice")."""
    if gloss and why and why != reason and normalizer.glossed(normalizer.clean(tail), gloss.strip()):
        return f"{gloss}; {why}"
    return why or gloss


def _people(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether the relation's answers are people, as far as the ontology says."""
    return normalizer.domain is not None and relation.range is not None and normalizer.domain.index.holds_people(relation.range)


_COMMANDER_WORDS = re.compile(r"commander|officer|admiral", re.IGNORECASE)


def _commanders(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether the relation's answers are people a rank is written before: a class of people
    (:func:`_people`), or one named as commanders or officers (``:Commander`` "military commander")."""
    if _people(relation, normalizer):
        return True
    if normalizer.domain is None or relation.range is None:
        return False
    return bool(_COMMANDER_WORDS.search(local_name(relation.range)))


def _maybe_people(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether the relation's answers may be people: a class of people, one with a class of people
    under it (a Discoverer, of which a Person is one and an Observatory another), or no range."""
    if normalizer.domain is None or relation.object_is_literal:
        return False
    index = normalizer.domain.index
    return relation.range is None or any(index.holds_people(c) and relation.range in index.ancestors(c) for c in index.classes)


def _given_first(value: str, one: bool) -> str:
    """A person's name written surname first, given name first: ``Reitz, K.`` as ``K. Reitz``
    (an initial is never a name of its own), ``Torvalds, Linus`` as ``Linus Torvalds`` under a
    label for one (``one``; ``Maintainers: Guido, Barry`` lists two); ``value`` otherwise."""
    match = _SURNAME_FIRST.fullmatch(value.strip())
    if match is None or not (one or match.group("given").rstrip().endswith(".")):
        return value
    return f"{value[: len(value) - len(value.lstrip())]}{match.group('given').strip()} {match.group('surname')}"


_SLASH = re.compile(r" (?:/|↔|<->) (?![^()]*\))")
"""A slash between two values, or a two-way arrow (``London St Pancras ↔ Paris Gare du Nord``: both ends), not one in
brackets (``Areva–Siemens (a Framatome / Siemens joint venture)``)."""


def _separately_glossed(value: str) -> list[str] | None:
    """The parts of a functional relation's value between commas when each has its own gloss in
    brackets or its own mark (``Sucre (constitutional), La Paz (administrative)``, ``Sucre ✅,
    Santa Cruz ❌``): several answers, not a name and where it lies (``Bergen, Norway``); None
    otherwise."""
    parts = [p.strip() for p in COMMA.split(value)]
    marked = [split_bracketed(p)[1] is not None or undecorated(p) != p or crossed(p) for p in parts]
    return parts if len(parts) > 1 and all(marked) else None


_SHORT_TOKEN = re.compile(r"`[^`]+`|\S*(?:[A-Za-z]\d|\d[A-Za-z]|\w\.\w|(?<!\w)\.\w)\S*")
"""A word no prose writes: code (`` `.tsx` ``), a file extension (``.c``), a version (``v21.4.0``,
``3.10``), a name with a dot in it (``Node.js``); not a word, a year or a number alone."""

_CATALOGUE_NUMBER = re.compile(r"[A-Z][A-Za-z]{0,3}#\s?\d+[A-Za-z]?(?:\.\d+)?")
"""A catalogue's number, its letters and a ``#`` before it: ``KM# 797``, ``Y# 12a`` (no prose writes it)."""

_BINOMIAL = re.compile(r"[A-Z][a-z]+\s+(?:×\s+)?[a-z]{3,}\b(?!\.)")
"""A species' two names opening a part: ``Coffea arabica L.``, ``Coffea canephora Pierre ex A.Froehner``."""


_SPECIES_RELATION = re.compile(r"botanical|scientific|binomial|taxon|latin", re.IGNORECASE)
"""A word of a relation whose values are species' names: ``botanicalName``, "scientific name"."""


def _of_species(relation: Relation) -> bool:
    """Whether ``relation``'s name or a synonym says its values are species' names (:data:`_SPECIES_RELATION`)."""
    return any(_SPECIES_RELATION.fullmatch(w) for name in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", name))


def _slashed_grades(value: str, parts: list[str]) -> bool:
    """Whether ``value`` is grades of a scale written apart with " / ", each a code no prose
    writes alone (:data:`_GRADE`), one at least with its sign (:data:`_SIGNED_GRADE`): ``PD / F+``
    (the Alpine and another scale's), ``AA+ / Aa1``; not names (``Alto Adige / Südtirol``), one
    status's two initialisms (``AOP / AOC``), two codes that might be words (``AA / Aa2``), nor one
    grade (``A/A-1``).

    >>> _slashed_grades("PD / F+", ["PD", "F+"]), _slashed_grades("AOP / AOC", ["AOP", "AOC"])
    (True, False)
    """
    codes = [split_bracketed(p)[0].strip(" *_") for p in parts]
    return " / " in value and len(codes) > 1 and all(map(_GRADE.fullmatch, codes)) and any(map(_SIGNED_GRADE.fullmatch, codes))


_COORDINATES = re.compile(
    r"[-−]?\d{1,3}(?:\.\d+)?\s*°[^,;/NSns]*\s*[NSns]?\s*,?\s+[-−]?\d{1,3}(?:\.\d+)?\s*°[^,;/EWew]*\s*[EWew]?"
    r"|[-−]?\d{1,2}\.\d+\s*,\s*[-−]?\d{1,3}\.\d+")
"""A place's latitude and longitude: "27.9881° N, 86.9250° E", "27°59′17″N, 86°55′31″E", "27.9881, 86.9250"."""


_INNER_BOLD = re.compile(r"(\*\*|__)(?=[^\s*_])([^*\n]+?)(?<=[^\s*_])\1")
"""Markdown's bold inside a text value: "**fiber-optic cable** reinforcement"."""


def _unbolded(value: str, *, leading: bool = True) -> str:
    """``value`` without the marks of the bold spans in it: "racing sails, and **fiber-optic
    cable** reinforcement" gives "racing sails, and fiber-optic cable reinforcement", "**David
    Lane** and **Lionel Crawford**" "David Lane and Lionel Crawford"; a lone "**" (``2**10``)
    stays. Without ``leading``, a span that opens the value keeps its marks: it marks the value,
    what follows its gloss (``**First Growth** (Premier Cru) in the 1855 Classification``)."""
    if "**" not in value and "__" not in value:
        return value
    return _INNER_BOLD.sub(lambda m: m.group(2) if leading or value[: m.start()].strip() else m.group(0), value)


_OTHERS_VALUES = re.compile(
    r"\s*[;,.]\s*(?:(?:similar|comparable|competing|rival)\s+[^:;,.]{1,40}|competitors?|rivals?|alternatives?|compare|cf\.?):\s.*$",
    re.IGNORECASE)
"""What follows a text value as the values of others: "; similar aramids: Twaron®, Technora®",
"; competitors: Zytel®" (not "; other names: p53", "; equivalent: 1.4301", the head's own)."""


def _own_values(value: str) -> str:
    """``value`` without the values it says are other things' (:data:`_OTHERS_VALUES`):
    "Kevlar® (DuPont); similar aramids: Twaron®, Technora®" gives "Kevlar® (DuPont)"."""
    own = _OTHERS_VALUES.sub("", value)
    return own if own.strip() else value


def _heads_gloss(tail: str, gloss: str | None, head: str) -> tuple[str, str | None]:
    """A functional text relation's value and its gloss, where the answer repeats the head and its
    bracket gives the value: ``*TP53* (tumor protein p53)`` of TP53's full name gives ``tumor protein
    p53``, ``Germany (Deutschland)`` of Germany's native name ``Deutschland``; any other value stays
    as it is (``Berlin (capital)``; a relation of several values reads the head's own name with its
    gloss its own way: "Charles the Bold (French: ...)" of his epithets, "Cyclone Nargis (no other
    name)")."""
    if gloss and head.strip() and tail.strip(" *_").casefold() == head.strip(" *_").casefold():
        return gloss, None
    return tail, gloss


_ONE_GRADE = r"(?:[A-Z]{1,4}[+-]?|[A-Z][a-z]{0,2}\d[+-]?|[A-Z]a{1,2}|[A-Z]{1,2}-\d)"
_GRADE = re.compile(rf"{_ONE_GRADE}(?:/{_ONE_GRADE})?")
"""A short code a scale gives as a value, one word: a grade (``AA+``, ``BBB-``, ``Baa3``, ``A1``,
Moody's ``Aaa``, a long and a short term's ``A/A-1``), a class (``EN``, ``ET``); not a word
(``Oil``, ``Ann``), a version, a symbol with figures in it (``SW1A``)."""
_SIGNED_GRADE = re.compile(r"[A-Z]{1,4}[+-]")
"""A grade with its sign, a code no prose writes: ``A+``, ``BBB-`` (not ``C++``)."""
_ISSUER = re.compile(r"[A-Z][A-Za-z]*(?:&[A-Z][A-Za-z]*)+|[A-Z]{2,6}|[A-Z][\w.-]*(?:\s+(?:&|[A-Z][\w.-]*)){0,3}['’]s")
"""Who gives a grade, named in its bracket: an initialism (``S&P``, ``MPAA``, ``ESRB``), a name in the
possessive (``Moody's``, ``Standard & Poor's``); not a word that spells the code out (``Endangered``),
a phrase (``stable outlook``, ``all three agencies``)."""
_PROPER = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}")
"""A name of one to three capitalised words: ``Fitch``, ``Fitch Ratings``."""


def _coded(part: str) -> bool:
    """Whether a text value's part is a short code with its own gloss in brackets (``AA (S&P)``,
    ``Aa2 (Moody's)``) or a code no prose writes (``A+``, ``A1``): one of a line's list of grades."""
    code, gloss = split_bracketed(_unbolded(part).strip(" *_."))
    if gloss is not None:
        return _GRADE.fullmatch(code.strip(" *_")) is not None
    return _SIGNED_GRADE.fullmatch(code) is not None or _SHORT_TOKEN.fullmatch(code) is not None and " " not in code


def _issued(text: str) -> bool:
    """Whether an answer gives a short code with who gives it in its bracket (``AA+ (S&P)``,
    ``**A1** (Moody's)``): its other codes' capitalised brackets name their issuers too (``AA+ (Fitch)``)."""
    return any(_GRADE.fullmatch(code) and _ISSUER.fullmatch(gloss.strip())
               for code, gloss in re.findall(r"([^\s(),;/]+)\s*\(([^()]*)\)", _unbolded(text).replace("*", "")))


def _qualified(code: str, gloss: str, issued: bool) -> bool:
    """Whether the bracket after a text value's short code qualifies it, part of the value (the
    agency of a grade: ``AA+ (S&P)``, ``Aaa (Moody's)``, and ``AA+ (Fitch)`` where the answer names
    issuers so), not a note on it (``AA+ (stable outlook)``, ``EN (Endangered)``, ``ET (tundra)``,
    ``Cfb (Oceanic)`` alone); only its first part where it holds several (``S&P; stable outlook``)."""
    first = gloss.split(";")[0].strip()
    if _GRADE.fullmatch(code.strip(" *_")) is None or first.casefold()[:1] in code.casefold():
        return False
    return _ISSUER.fullmatch(first) is not None or issued and _PROPER.fullmatch(first) is not None


def _text_tokens(value: str, joins: tuple[str, ...], *, semicolons: bool = True, binomials: bool = False) -> list[str] | None:
    """The values a text value's answer lists between commas, semicolons, "and", "or" or " / "
    when each is a short token (:data:`_SHORT_TOKEN`, up to three words and its gloss in
    brackets): ``.c, .h``, ``.java (source), .class (bytecode)``, `` `.ts` and `.tsx` ``,
    ``v21.4.0 (Current) / v20.10.0 (LTS)``, ``2.17.1 (Java 8); 2.12.4 (Java 7)``, catalogue numbers
    (``KM# 797 (1982), KM# 826 (1986)``: :data:`_CATALOGUE_NUMBER`); so do grades
    each with its own bracket or each a code no prose writes (``AA (S&P), Aa2 (Moody's)``, ``A+ / A1
    / A+``: :func:`_coded`); a product
    named before the first version only is each one's (``Citrix ADC 10.5, 11.1`` gives ``Citrix
    ADC 11.1``: :func:`_of_product`); None for one text, however many commas it holds (a motto,
    a species' authority ``Castellani & Chalmers, 1919``, a date ``June 1, 2020``). Without
    ``semicolons`` (a relation of one value: its own reading says the values are several) a
    semicolon cuts nothing. ``binomials``: the relation's values are species' names, so two that
    each open with one are two (``Coffea arabica L. and Coffea canephora Pierre ex A.Froehner``)."""
    joined = "|".join(map(re.escape, (*joins, "/")))
    cut = "[,;]" if semicolons else ","
    parts = [p.strip() for p in re.split(rf"{cut}\s*(?:(?:{joined})\s+)?(?![^()]*\))|\s+(?:{joined})\s+(?![^()]*\))", value)]
    words = [split_bracketed(p)[0].split() for p in parts]
    several = len(parts) > 1 and all(0 < len(w) <= 3 and any(_SHORT_TOKEN.fullmatch(x.strip("*_").rstrip(",;:")) for x in w) for w in words)
    several = several or len(parts) > 1 and all(_CATALOGUE_NUMBER.fullmatch(" ".join(w)) for w in words)  # "KM# 797 (1982), KM# 826 (1986)"
    several = several or binomials and len(parts) > 1 and all(_BINOMIAL.match(p) for p in parts)  # "Coffea arabica L. and Coffea canephora"
    graded = len(parts) > 1 and all(map(_coded, parts)) and len({split_bracketed(p)[1] is None for p in parts}) == 1
    graded = graded or _slashed_grades(value, parts)  # "PD / F+": two grades
    return _of_product(parts) if several else parts if graded else None


_VERSION = r"v?\d+(?:\.\d+)+[a-z]?"
_PRODUCT_VERSION = re.compile(rf"(?P<product>(?:[A-Za-z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][\w.+-]*)(?:\s+[A-Z][\w.+-]*){{0,3}})\s+{_VERSION}\b.*")
"""A product's name (each word capitalised, or a name such as ``macOS``) and a version after it:
``Citrix ADC 10.5``, ``FortiOS 6.0.0 to 6.0.4``, ``macOS 12.1``; not ``version 2.1``."""
_BARE_VERSION = re.compile(rf"{_VERSION}(?:\s*(?:to|through|[-–])\s*{_VERSION})?(?:\s*\([^()]*\))?")
"""A version alone, or a range of versions, its gloss in brackets: ``11.1``, ``5.6.3 to 5.6.7``, ``2.12.4 (Java 7)``."""


_SEGMENTS_RELATION = re.compile(r"spinal|nerve|roots?|segments?|vertebra[el]?|dermatomes?|myotomes?|innervat\w*", re.IGNORECASE)
"""A word of a relation whose values are the spine's segments: ``spinalRoots``, "nerve roots", "innervation"."""
_SEGMENT_RANGE = re.compile(r"(?P<letter>[CTLS])(?P<first>\d{1,2})\s*[–-]\s*(?P=letter)(?P<last>\d{1,2})")
_SEGMENT_COUNT = {"C": 8, "T": 12, "L": 5, "S": 5}
"""The spinal segments of each region: C1–C8, T1–T12, L1–L5, S1–S5."""


def _of_segments(relation: Relation) -> bool:
    """Whether ``relation``'s name or a synonym says its values are spinal segments (:data:`_SEGMENTS_RELATION`)."""
    return any(_SEGMENTS_RELATION.fullmatch(w) for name in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", name))


def _segment_range(value: str) -> list[str] | None:
    """The spinal segments a range of them names, each (``C5–C7`` gives C5, C6, C7; ``L4-L5`` L4,
    L5); None for anything else: another letter at its end (``C7–T1``), a segment the spine has
    not (``C5–C9``), a range that does not rise."""
    match = _SEGMENT_RANGE.fullmatch(value.strip(" *_."))
    if match is None:
        return None
    letter, first, last = match.group("letter"), int(match.group("first")), int(match.group("last"))
    if not 1 <= first < last <= _SEGMENT_COUNT[letter]:
        return None
    return [f"{letter}{k}" for k in range(first, last + 1)]


def _of_product(parts: list[str]) -> list[str]:
    """``parts`` with the product the first names before its version put before each later part
    that is a bare version (``Citrix ADC 10.5``, ``11.1``, ``12.0`` give ``Citrix ADC 11.1``,
    ``Citrix ADC 12.0``), where every later part is one: the version alone says not of what.
    ``parts`` as they are otherwise (``2.17.1, 2.12.4``; ``Python 3.12, Kotlin 1.9``)."""
    first = _PRODUCT_VERSION.fullmatch(parts[0]) if parts else None
    if first is None or len(parts) < 2 or not all(_BARE_VERSION.fullmatch(p) for p in parts[1:]):
        return parts
    return [parts[0], *(f"{first.group('product')} {p}" for p in parts[1:])]


_NAME_PART = re.compile(r"[^\W\d_][\w'’®™-]*(?:\s[^\W_][\w'’®™-]*){0,3}")
"""A short name between commas or semicolons, up to four words, the first a word's, a figure in
a later one or a trade mark sign after one: "English ivy", "alpha-globin 1", "Grade 5 titanium",
"Ultramid® A"; not "79 AD", "2020"."""
_SYMBOL = re.compile(r"[^\W_][\w-]*[®™](?:\s\S+)*|(?=\S*[A-Z])(?=\S*(?:\d|[A-Z]{2}))[A-Z0-9][A-Za-z0-9-]*[A-Z0-9]")
"""A name no place has: a trade name with its sign ("Zytel®", "Ultramid® A") or a symbol of capitals and figures
("ABCC7", "FMRP", "POF1", "Ti64")."""
_TONGUES = "|".join(sorted(LANGUAGE_NAMES, key=len, reverse=True))
_TONGUE_LABEL = re.compile(rf"(?P<tongue>{_TONGUES})\s*:\s*(?=\S)")
"""A name labelled with the language it is written in: "German: Echter Salbei"."""
_TONGUE_GLOSS = re.compile(rf"(?:{_TONGUES})(?:\s+name)?")
"""A bracket that says which language a name is in: "Löwe (German)", "*simba* (Swahili)"."""


def _foreign(name: str, language: Language) -> str | None:
    """The other language ``name`` is labelled or glossed with, or None: "German: Echter Salbei"
    and "Löwe (German)" are German names, no value of an English domain's text relation."""
    if label := _TONGUE_LABEL.match(name.strip(" *_")):
        return label.group("tongue")
    gloss = split_bracketed(name.strip())[1]
    return gloss if gloss and _TONGUE_GLOSS.fullmatch(gloss.strip(" *_")) and gloss.strip(" *_") != language.name else None


_NAMES_RELATION = re.compile(r"(?:name|alias|nickname)(?:es|s)?$", re.IGNORECASE)
"""A relation of names by its own name's end: ``commonName``, ``tradeNames``, ``alias``; not ``namedAfter``."""


_OTHER_TONGUES_RELATION = re.compile(r"local|native|endonyms?|indigenous", re.IGNORECASE)
"""A word of a relation whose values are a thing's names in its own people's languages: ``localName``, "native name"."""


def _of_other_tongues(relation: Relation) -> bool:
    """Whether ``relation``'s name or a synonym says its values are names in other languages than
    the domain's (``localName``, "native name", "endonym"): a foreign name is its answer, the
    language a note, never a name to quarantine (``commonName``, ``vernacularName`` are not)."""
    return any(_OTHER_TONGUES_RELATION.fullmatch(w) for name in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", name))


_COMMA_OR_SEMICOLON = re.compile(r"[,;](?![^()]*\))")
"""A comma or a semicolon outside brackets, between two parts of a line."""


def _names_of(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether ``relation``'s text values are names of a thing that is no person (``commonName``,
    ``vernacularName``), each a value of its own; a person's ``birthName`` is written "Sumner,
    Gordon", surname first."""
    domain = normalizer.domain
    people = domain is not None and relation.domain is not None and domain.index.holds_people(relation.domain)
    return _NAMES_RELATION.search(relation.name) is not None and not people


_ALTERNATIVES = re.compile(r"\s+/\s+|\s+or\s+|[,;]\s*(?![^()]*\))")


def _in_tongues(value: str) -> list[tuple[str, str]] | None:
    """(name, language) of each name an answer gives as alternatives in several languages, each
    glossed with its language (``Encephalon (Greek) / Cerebrum (Latin)``, ``Löwe (German), león
    (Spanish)``); None for an answer that is not so (``Cerebrum``, ``Cerebrum (brain)``)."""
    parts = [split_bracketed(p.strip()) for p in _ALTERNATIVES.split(value.strip().rstrip("."))]
    glossed = [(name.strip(), gloss.strip(" *_")) for name, gloss in parts if gloss and name.strip() and _TONGUE_GLOSS.fullmatch(gloss.strip(" *_"))]
    return glossed if len(parts) > 1 and len(glossed) == len(parts) else None


def _in_relations_tongue(names: list[tuple[str, str]], relation: Relation) -> str | None:
    """The one name of ``names`` whose language the relation's name or a synonym says (the Latin of
    ``latinName``); None where the relation names no language, or not one of them alone."""
    said = {w.casefold() for name in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", name)}
    own = [name for name, tongue in names if tongue.split()[0].casefold() in said]
    return own[0] if len(own) == 1 else None


def _own_tongue(name: str, language: Language) -> str:
    """``name`` without the label of the domain's own language: "English: Common ivy" is "Common
    ivy" in an English domain; "German: Echter Salbei" stays labelled."""
    label = _TONGUE_LABEL.match(name)
    return name[label.end():] if label and label.group("tongue") == language.name else name


def _short_names(value: str, language: Language, *, foreign: bool = False) -> tuple[list[str], int] | None:
    """(the names, how many names in another language were left out) of a names relation's answer
    that lists short names between commas or semicolons (``Common ivy, English ivy``; ``Common
    sage; German: Echter Salbei; French: sauge officinale`` gives Common sage, two left out;
    ``Löwe (German), león (Spanish)`` none, two left out), or None for one text: a part with a
    figure, longer than four words, or where a place lies (``Pompeii, Italy``; ``Candia, Crete,
    Republic of Venice``). ``foreign``: names in other languages are the relation's answers
    (:func:`_of_other_tongues`), none left out (``Mont Blanc (French), Monte Bianco (Italian)``)."""
    parts = [_own_tongue(p.strip(), language) for p in _COMMA_OR_SEMICOLON.split(value.strip().rstrip("."))]
    own = [p for p in parts if foreign or not _foreign(p, language)]
    if len(parts) < 2 or not all(_NAME_PART.fullmatch(split_bracketed(p)[0].strip(" *_")) for p in own):
        return None
    symbols = all(_SYMBOL.fullmatch(split_bracketed(p)[0].strip(" *_")) for p in own)  # "ABCC7, CF, MRP7": no place and where it lies
    if not symbols and (address(value, language) or lies_in(value, language)) or any(region_rank(p, last=True) for p in own[1:]):
        return None
    return own, len(parts) - len(own)


_WORD_ITEM = re.compile(r"[^\W\d_][\w'’-]*(?:\s[a-z][\w'’-]*){0,2}")
"""A short item of a text relation's list, up to three words, only its first capitalised, no figure: "rose-pink", "Azure blue"."""
_LISTED_KIND = re.compile(r"colou?rs?|lust(?:er|re)s?|uses?|habits?|tastes?|flavou?rs?|odou?rs?|textures?|shapes?|finish", re.IGNORECASE)
"""A text relation whose values are words a list gives, each its own: a colour, a luster, a use (not a
motto, a slogan, a file extension: "Liberté, égalité, fraternité" is one text)."""
_RARE = re.compile(r"(?P<how>rarely|occasionally|sometimes|seldom)\s+(?=\S)")
_WORD_LIST_SPLIT = re.compile(r"(?:[,;]|\s+/\s+|\s+(?:and|or)\s+)(?![^()]*\))")
_LEADING_JOIN = re.compile(r"^(?:and|or)\s+(?=\S)")
"""The join word that opens a list's last part after its comma: "..., and reinforcement"."""
_NO_ITEM_WORDS = frozenset({"the", "a", "an", "of", "is", "are", "was", "be", "it", "its", "to", "in", "on", "for", "by", "with", "really", "very"})
"""Words that make a phrase or a sentence of a part, no listed item: "Every color of the rainbow", "vitreous to pearly"."""


def _lists_words(relation: Relation) -> bool:
    """Whether a text relation's name or a synonym says its values are words a list gives (:data:`_LISTED_KIND`):
    ``colour``, ``luster``, ``uses``; not ``motto``, ``slogan``, ``fileExtension``, ``alias``."""
    return any(_LISTED_KIND.fullmatch(w) for name in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", name))


def _word_list(value: str, language: Language) -> tuple[list[str], list[str]] | None:
    """(the items, the rare ones: after "rarely") of a text relation's answer that lists short
    words between commas, semicolons, " / ", "and" or "or", each up to three words, its gloss in
    brackets kept (``Green (emerald), blue (aquamarine)``, ``Yellow, orange, red``, ``rose-pink,
    red; rarely brown or grey``, ``Azure blue / deep blue``); None for one text: a phrase
    (``Every color of the rainbow, really``, ``vitreous to pearly``), an address or a place, a
    part after the first capitalised (a slogan ``Liberty, Equality, Fraternity``, a name surname
    first ``Dvořák, Antonín``)."""
    parts: list[str] = []
    rare: list[str] = []
    for chunk in _COMMA_OR_SEMICOLON.split(value.strip().rstrip(".")):
        how = _RARE.match(chunk.strip())
        chunk = _LEADING_JOIN.sub("", chunk.strip())  # "..., and fiber-optic cable reinforcement": the last item
        items = [p.strip() for p in _WORD_LIST_SPLIT.split(chunk[how.end():] if how else chunk)]
        (rare if how else parts).extend(items)
    words = [w.casefold() for p in parts + rare for w in split_bracketed(p)[0].split()]
    if len(parts) + len(rare) < 2 or not parts or set(words) & _NO_ITEM_WORDS:
        return None
    if any(p.strip(" *_")[:1].isupper() for p in _COMMA_OR_SEMICOLON.split(value.strip())[1:]):
        return None  # "Liberty, Equality, Fraternity", "Dvořák, Antonín": names, one text
    if not all(_WORD_ITEM.fullmatch(split_bracketed(p)[0].strip(" *_")) for p in parts + rare):
        return None
    if address(value, language) or lies_in(value, language) or any(region_rank(p, last=True) for p in parts + rare):
        return None
    return parts, rare


_PART_END = re.compile(r"(?<=[,;])(?![^()]*\))")
"""Where a part of a line ends, after its comma or semicolon (not one in brackets)."""


def _undenied(value: str, head: str) -> tuple[str, int]:
    """A value less its parts between commas or semicolons that their gloss denies (``Spain,
    Portugal (no)`` is ``Spain``, ``Portugal (no, it borders only Spain)`` nothing), and how many
    went."""
    parts = _PART_END.split(value)
    kept = [p for p in parts if not ((gloss := split_bracketed(p.strip(" ,;"))[1]) and denied_by(gloss, head))]
    return "".join(kept).strip(" ,;"), len(parts) - len(kept)


_COMPANIONS_LEAD = re.compile(
    r",\s+(?:with\s+(?:(?:his|her|their|the)\s+)?(?:guides?|porters?|Sherpas?|companions?|partners?)|also)\s+(?=[A-Z])"
)
"""Words after a comma that say more answers follow, no part of the next name: ``Charles
Barrington, with guides Christian Almer and Peter Bohren``, ``Chhogori (Balti), also Mount
Godwin-Austen`` (never ``also known as ...``, lower case after it)."""


_HEAD_VERB = r"\s+(?:is|was|are|were|has|had|lies|lay|sits|stands|remains)\s"
"""A verb after the head that makes a sentence of a tail: ``Mount Etna is a stratovolcano``."""


def _head_sentence(tail: str, head: str) -> bool:
    """Whether ``tail`` is a sentence about the ``head``, the head and a lower-case verb after it:
    ``Mount Etna is a stratovolcano`` (of Mount Etna), never a name (``Etna Valley``) nor a
    title of a work (a relation of titles keeps ``Paris is Burning``)."""
    return bool(head.strip()) and re.match(rf"[*_]*(?i:{re.escape(head.strip())}){_HEAD_VERB}", tail.strip()) is not None


_REFLEXIVES = frozenset({"itself", "himself", "herself", "themselves", "themself", "oneself"})
"""Reflexive pronouns: no name (``Skara Brae is itself a site.``)."""


def _role(span: str, tail: str) -> str | None:
    """The phrase ``as a <tail>`` of ``span`` where ``tail`` is a lower-case noun, or None: what
    the head serves as (``Widely planted as a street tree worldwide``), no name (``As a Man
    Thinketh`` is a title whole).

    >>> _role("Widely planted as a street tree worldwide", "street tree")
    'as a street tree'
    """
    bare = tail.strip(" *_.")
    if not bare or not bare[0].islower():
        return None
    match = re.search(rf"\bas\s+an?\s+{re.escape(bare)}\b", span)
    return " ".join(match.group(0).split()) if match else None


_KIND_CLAUSE = r"\s+(?:itself\s+)?(?:is|was)\s+(?:itself\s+)?(?:a|an)\s+[^;.]*[;.]\s*"
_OTHER_SUBJECT = re.compile(r"(?P<its>its\s+[^,;()]{1,40}),\s+[^,;]+,\s+(?:is|are|was|were)\b", re.IGNORECASE)


def _another_subject(body: str, head: str) -> str | None:
    """What a later clause speaks of where the answer's first says what kind of thing the head is
    and the next names another subject: ``Malus domestica itself is a cultivated hybrid; its main
    wild ancestor, *Malus sieversii*, is native to Central Asia`` (Central Asia is the ancestor's,
    not the head's); None otherwise.

    >>> _another_subject("Malus domestica itself is a cultivated hybrid; its main wild ancestor, *M. sieversii*, is native to Asia.", "Malus domestica")
    'its main wild ancestor'
    """
    opening = re.match(rf"[*_]*(?i:{re.escape(head.strip())})[*_]*{_KIND_CLAUSE}", body.strip()) if head.strip() else None
    other = _OTHER_SUBJECT.match(body.strip(), opening.end()) if opening else None
    return " ".join(other.group("its").split()) if other else None


def _before_clause(tail: str) -> str:
    """``tail`` up to where a sentence goes on past the name (:data:`CLAUSE`: "Paris, which is
    also its largest city"), never inside a bracket: "Indonesia (West Nusa Tenggara province, on
    Sumbawa)" is Indonesia and its gloss whole, not "Indonesia (West Nusa Tenggara province"."""
    for found in CLAUSE.finditer(tail):
        if tail.count("(", 0, found.start()) <= tail.count(")", 0, found.start()):
            return tail[: found.start()]
    return tail


def split_rationale(item: str) -> tuple[str, str | None]:
    """(tail, rationale) of one list item: the text before its first ``because`` and the reason
    after it; ``(item, None)`` when it gives no reason (or nothing before it)."""
    match = _BECAUSE.search(item)
    if match is None:
        return item, None
    tail, why = item[: match.start()].strip(), match.group("why").strip()
    if not tail:
        return item, None
    return tail, why or None


_LEAD = re.compile(r"(\w+)\s*\{tail\}")


def _without_lead(body: str, relation: Relation, language: Language = ENGLISH, *, titles: bool = False) -> str:
    """A name answer without the word the relation's verbalisation puts before its tail, when
    the answer opens with it and a name follows: ``In France.`` for ``{head} is located in
    {tail}`` (``In Deutschland.``, ``En France.`` in those languages' domains) is France. Where
    that word is a place preposition (``in``), so is each of ``language``'s (``À Paris.``, ``Au
    Portugal.``, ``En España.``); a title's stays (``Au Bonheur des Dames`` for ``schrieb``).
    Where the relation's words lead nothing, a participle and its preposition do: ``Launched from
    Cape Canaveral``, ``Built by Boeing`` (not where the range holds ``titles``, ``Licensed to
    Ill``, nor a passive's agent, ``Founded by Jeff Bezos in 1994``, which ``agent`` reads)."""
    body = _without_relation_lead(body, relation, language)
    body = body if titles else _BORDER_LEAD.sub("", body)  # "On the border between Chile and Bolivia.": Chile and Bolivia
    return body if titles or agent(body, relation) is not None else _DONE_LEAD.sub("", body)


_BORDER_LEAD = re.compile(r"^(?:(?:on|along|at|astride)\s+the\s+border\s+(?:between|of)|straddl(?:es|ing)\s+the\s+border\s+(?:between|of))\s+(?=[A-Z])", re.IGNORECASE)
"""A lead that puts the answer on a border between the places it names: ``On the border between
Chile and Bolivia`` (both places, not one named so)."""


def _without_relation_lead(body: str, relation: Relation, language: Language) -> str:
    lead = _LEAD.search(relation.verbalization or "")
    if lead is None:
        return body
    word = lead.group(1)
    places = language.places if any(word.casefold() in lang.places for lang in LANGUAGES.values()) else ()
    either = "|".join(re.escape(w) for w in sorted({word, *places}, key=len, reverse=True))
    match = re.match(rf"(?:{either})\s+(?=[^\W\d_])", body, re.IGNORECASE)
    if match is None or not body[match.end()].isupper():
        return body
    return body[match.end() :]


_TOKEN = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_NOT = {"not", "no", "never", "nor"}


def _named_in(sentence: str, head: str, relation: Relation, normalizer: Normalizer) -> str | None:
    """The one answer a sentence in a language without sentence rules names, or None: it says
    the relation in its own words (a synonym's or the relation name's word of four letters or
    more: "geboren"), denies nothing (the language's negations), and names exactly one entity the
    store or the reference knows besides the head: "Thomas Mann wurde in Lübeck geboren." gives
    Lübeck. The longest known name wins where names overlap."""
    words = list(_TOKEN.finditer(sentence))
    folded = [w.group(0).casefold() for w in words]
    said = {w.casefold() for phrase in (*relation.synonyms, *re.findall(r"[A-Z]?[a-z]+", relation.name))
            for w in phrase.split() if len(w) >= 4}
    if not said & set(folded) or (_NOT | normalizer.language.negations) & set(folded):
        return None
    head_key = normalize_label(head) if head.strip() else ""
    names: set[str] = set()
    taken: list[tuple[int, int]] = []
    for size in range(min(6, len(words)), 0, -1):  # the longest names first
        for i in range(len(words) - size + 1):
            if any(a <= i < b or a < i + size <= b for a, b in taken):
                continue
            span = sentence[words[i].start() : words[i + size - 1].end()]
            key = normalize_label(span)
            if normalizer.names(span):
                taken.append((i, i + size))
                if not (head_key and key in head_key):  # the head, or a part of it ("Mann")
                    names.add(span)
    return names.pop() if len(names) == 1 else None


_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""A letter of a script written without spaces between words: Thai, Lao, Burmese, Khmer, kana, CJK."""


def _sentence(text: str, head: str) -> bool:
    """Whether a one-line answer reads as a sentence, not a name: it names the head and is not
    written as a name (``État de São Paulo``, ``Bundesstaat São Paulo, Brasilien``: every word
    capitalised but name particles), or it is five words or more ending with a full stop."""
    words = text.split()
    named = bool(head.strip()) and head.strip().casefold() in text.casefold()
    if len(words) < 3 and _UNSPACED.search(text):  # a script written without spaces: 夏目漱石は東京で生まれた。
        return len(text) >= 8 and (named or text.rstrip().endswith(("。", ".", "！", "!")))
    named = named and not full_name(text.replace(",", " "))
    return len(words) >= 4 and (named or (len(words) >= 5 and text.rstrip().endswith((".", "!"))))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_BRACKETED = re.compile(r"\(([^()]*)\)\W*")
_SEE_ALSO = re.compile(r"^\s*(?:see also|cf\.|compare)\s+(?=[*_\"“]|[A-Z])", re.IGNORECASE)
"""What points to an answer before it: ``See also *Gonzales v. Carhart*``, ``Cf. Roe v. Wade``."""
_LEADING_ASIDE = re.compile(r"^\s*\((?P<aside>[^()]+)\)\s+(?P<rest>[^\s(].*)$")
"""An aside in brackets before the item it is about: ``(I'm not 100% sure about this one) Czech
Republic`` is read as ``Czech Republic (I'm not ...)`` (:func:`_aside`)."""


def _aside(text: str, text_valued: bool = False) -> bool:
    """Whether a leading bracket is an aside: four words or more, a number or version, or when
    (``(as of 2.31) urllib3``, ``(since 2.0)``); not a title's first words (``(What a) Wonderful
    World``, ``(Sittin' On) The Dock of the Bay``). Before a text value (``text_valued``) only a
    remark of four words or more, or a when with its figure (``(as of 2024) Linnaeus, 1758``), is
    one: a short bracket is part of the text (a species' authority ``(Migula, 1895) Castellani &
    Chalmers, 1919``)."""
    if text_valued:
        when = re.match(r"(?:as of|since|until)\s+\S*\d", text, re.IGNORECASE)
        return len(text.split()) >= 4 and not re.search(r"\d", text) or when is not None
    return len(text.split()) >= 4 or bool(re.search(r"\d", text)) or bool(re.match(r"(?:as of|since|from|until|before|after)\b", text, re.IGNORECASE))


_ASIDE_WORDS = {
    "and", "or", "more", "many", "others", "other", "among", "etc", "etcetera", "so", "on", "forth", "context", "needed",
    "it", "depends", "depending", "the", "a", "situation", "circumstances", "see", "above", "below", "if", "any", "not",
    "exhaustive", "list", "possibly", "maybe", "information", "details", "to", "name", "few",
}
"""The words of an aside in brackets that is list filler: ``(more context needed)``, ``(and
others)``, ``(depends on the situation)``; ``(Monaco)`` is a name in brackets."""
_BRACKET_LEAD = re.compile(
    r"^(?:(?:and|or|e\.\s?g\.|i\.\s?e\.|eg|ie|maybe|possibly|perhaps|probably|also|including|plus)[\s,:]+)?(?:the\s+)?",
    re.IGNORECASE,
)
"""What leads the name in an aside: ``(and Andorra)``, ``(e.g. Belgium)``, ``(maybe Spain)``,
``(including Monaco)``, ``(the Vatican)``."""
_ASIDE = re.compile(r"[a-z]+ly|disputed|contested|untitled|optional|deprecated|unconfirmed|unclear|uncertain|unknown|rare|former")
"""One lower-case word in brackets that says something of the item before it, no name:
``(disputed)``, ``(approximately)``, ``(historically)``, ``(optional)``."""


@lru_cache(maxsize=16)
def _fillers(language: Language) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What a list item that is the list's own syntax, no answer, is in English or ``language``
    (``etc.``, ``and so on``, ``usw.``, ``u. a.``, ``et bien d’autres``), whole and after the
    last name of an item (``Wien u. a.``, ``Vienne et Budapest, etc.``): written in lower case,
    and in any case."""
    words = sorted({*ENGLISH.fillers, *language.fillers}, key=len, reverse=True)
    either = "|".join(re.escape(w).replace(r"\.", r"\.\s*").replace(r"\ ", r"\s+").replace("'", "['’]") for w in words)
    after = rf"(?:\s*,\s*|\s+)(?:{either})\W*$"
    return re.compile(rf"(?:{either})\W*", re.IGNORECASE), re.compile(after), re.compile(after, re.IGNORECASE)


def _unfilled(item: str, normalizer: Normalizer, people: bool) -> str:
    """``item`` without the filler after its last name: ``Ulm, Wien u. a.`` is ``Ulm, Wien``,
    ``Budapest etc.`` Budapest, and of people in any case ``Stephenie Meyer and Others`` Stephenie
    Meyer, ``David Charbonneau et al. (transit)`` David Charbonneau (transit) (an album's ``Songs
    and More``, and a name the store or the reference knows whole, stay)."""
    if normalizer.names(item):
        return item
    pieces = re.split(r"(\s*;\s*)(?![^()]*\))", item)  # "David Charbonneau et al. (transit); Gregory W. Henry et al."
    return "".join(piece if k % 2 else _unfilled_part(piece, normalizer, people) for k, piece in enumerate(pieces))


def _unfilled_part(item: str, normalizer: Normalizer, people: bool) -> str:
    name, gloss = split_bracketed(item)  # "David Charbonneau et al. (transit)": the filler before a gloss
    bare = _fillers(normalizer.language)[2 if people else 1].sub("", name)
    return bare + (f" ({gloss})" if gloss else "") if bare.strip() and bare != name else item


def _filler(item: str, language: Language = ENGLISH) -> bool:
    """Whether a list item is filler, no answer: ``etc.``, ``and so on``, ``usw.`` in German
    (:func:`_fillers`), an aside in brackets."""
    aside = _BRACKETED.fullmatch(item.strip())
    if aside:
        return set(re.findall(r"\w+", aside.group(1).casefold())) <= _ASIDE_WORDS
    return _fillers(language)[0].fullmatch(item.strip()) is not None


def _bracketed_name(item: str, inline: bool, normalizer: Normalizer) -> str | None:
    """The name an item in brackets gives, read then as its line would be, or None when it is
    an aside: in a domain of named entities, what a capital opens (``(Monaco)``, ``(e.g.
    Belgium)``, ``(Spain, Italy and Andorra)``, ``(Andorra, via the Pyrenees)``) or a name the
    store knows, or one lower-case word that is no aside (``(pyarrow)``); a lower-case or
    numeric aside (``(disputed)``, ``(via Gibraltar)``, ``(2 km)``), ``(I think)`` and any aside
    in a domain of phrases are none."""
    inner = _BRACKETED.fullmatch(item.strip()).group(1).strip()  # type: ignore[union-attr]
    if not inline or not inner:
        return None
    if normalizer.names(inner):  # "(the Gambia)"
        return inner
    inner = _BRACKET_LEAD.sub("", inner, count=1)
    if not inner or re.match(r"I\b", inner):
        return None
    word = re.fullmatch(r"[a-z][\w.+-]*", inner) is not None and not _ASIDE.fullmatch(inner)
    return inner if inner[0].isupper() or word or normalizer.names(inner) else None


def _own_script(tail: str, gloss: str | None, normalizer: Normalizer) -> tuple[str, str | None]:
    """(tail, gloss) with the name in the domain's script first: a name in another script
    glossed with a capitalised one in the domain's, on either side (``東京 (Tokyo)``, ``Москва /
    Moscow``, ``Moscow / Москва``, ``Tokyo / 東京都 / Tōkyō-to``) gives that name, the others its
    gloss, and so does a gloss that goes on after a comma (``北京 (Beijing, formerly Peking)``);
    any other item as it is (a foreign name alone is quarantined)."""
    language = normalizer.language
    names = [n.strip() for n in _SLASH.split(tail)] if gloss is None else [tail, gloss]
    foreign = [n for n in names if foreign_script(n, language) is not None and not letter_symbol(n)]  # "π⁻": a symbol
    own = [n for n in names if n not in foreign]
    if not foreign or not own:
        return tail, gloss
    name, more = (re.split(r"[,;]", own[0], maxsplit=1) + [""])[:2]  # "北京 (Beijing, formerly Peking)", "東京 (Tokyo) – since 1868"
    if not name[:1].isupper() or len(name.split()) > 4:
        return tail, gloss
    return name.strip(), "; ".join([" / ".join(n for n in names if n != own[0]), *filter(None, [more.strip()])])


_YEAR = re.compile(r"\d{4}")


def _dated(tail: str, gloss: str | None, relation: Relation, normalizer: Normalizer) -> tuple[str, str | None]:
    """(tail, gloss) with the gloss part of the name where it tells a known thing apart: the store
    or the reference names the whole (``*Ocean's Eleven* (2001)``, stored as "Ocean's Eleven
    (2001)" beside the 1960 "Ocean's Eleven"), a seed is written so (``Space Shuttle Columbia
    (OV-102)``, as a file's row names it too), or a year in brackets follows a name that is a
    thing outside the relation's range (``Dune (2021)`` as a film, the reference's "Dune" a novel)."""
    if not gloss or relation.object_is_literal:
        return tail, gloss
    whole = f"{tail} ({gloss})"
    if normalizer.names(whole) or normalizer.known_as_written(whole) or (_YEAR.fullmatch(gloss) and relation.range is not None and normalizer.of_class(tail, relation.range) is False):
        return whole, None
    return tail, gloss


def _after_marks(item: str, joins: tuple[str, ...]) -> list[str]:
    """An item whose parts are each marked, cut after each tick or cross that a name follows,
    with its comma or join word (``Spain ✅ Belgium ✅ Portugal ❌``, ``C ✓ and Python ✓``, ``tired
    ✓, sleepy ✓``): one item each; a mark before a gloss (``Spain ✓ (Pyrenees)``) is the item's,
    and an item that does not end with a mark, or whose parts go on after a comma, is one (``to
    check ✓ the list``, ``Spain ❌ wait, yes it does ✅``)."""
    if not re.search(rf"{MARK}\s*$", item):
        return [item]
    joined = "|".join(map(re.escape, joins)) or "(?!)"
    parts = re.sub(rf"([\w)]\s*{MARK})(?:\s*,)?\s+(?:(?:{joined})\s+)?(?=[^\W\d_])", "\\1\n", item, flags=re.IGNORECASE).split("\n")
    return [item] if any("," in p for p in parts) else parts


_CLAUSE_END = re.compile(r"[;.]\s+|\s+[–—]\s+")
"""Where an item's first clause ends: ``None of the above; it is used as a solvent.``"""
_REGION_LABEL = re.compile(r"\s*(?:\*\*|__)?NA(?:\*\*|__)?\s*:")
"""North America's label before its value, no "N/A": ``NA: May 13, 2016``."""
_GLOSS_START = re.compile(r"\s*[(:]|,(?!\s*(?i:but|though|however|although)\b(?!\s+(?i:probably|possibly|perhaps|maybe|likely)\b))|\s+[–—-]\s+")
"""Where the gloss after an answer begins: ``N/A (it is a specification)``, ``None, it is an island``
(``N/A, but the reference implementation is written in C.`` goes on to an answer; ``Unknown, but
probably Donald Knuth`` to a guess)."""


_VALUE_CLAUSES = re.compile(r"(?:\s*;\s*|,?\s+(?:but|while|whereas|though|although)\s+|,\s+and\s+)(?![^()]*\))", re.IGNORECASE)
"""Where the clauses of a sentence that gives a value part: ``... came out in 2023, but ... was first released in 1995``."""


_WHEN_TYPES = (XSD.gYear, XSD.gYearMonth, XSD.date)
"""The datatypes of a when, whose answer may give another event's year beside it (a figure's
answer is read by :func:`extractors.figures.parse_number`: today's figure over a past one)."""


_STEM = re.compile(r"(?:ed|es|e|s|ing)$")
"""The ending a word's forms differ in: ``release``, ``released``, ``releases``."""


def _figure_alone(clause: str) -> bool:
    """Whether a clause is a year's or a date's figure alone, with its gloss: ``1995``, ``1967
    (London)``, ``December 18, 2009 (US)``, ``NA: August 13, 1991``, ``10th of Dec. 2009``, ``c. 1096
    (teaching existed)``, ``44 BC``."""
    clause = re.sub(r"^\s*[^\W\d_][^:\d]{0,30}:\s*(?=\S)", "", clause)  # "NA: August 13, 1991": its label, a gloss
    bare = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", re.sub(r"\([^()]*\)", "", clause))
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", bare)]
    return all(w in _YEAR_WORDS or w in MONTH_NAMES or len(w) >= 3 and any(m.startswith(w) for m in MONTH_NAMES) for w in words)


_ANCIENT = re.compile(
    r"\b(?:known|used|mined|worked|recogni[sz]ed)\s+(?:since|from|in)\s+(?:antiquity|ancient\s+times|prehistor(?:y|ic\s+times)|classical\s+times|the\s+ancient\s+world)\b",
    re.IGNORECASE,
)
"""A clause of a when's answer that says the thing was known before any record: ``Known since
antiquity``, ``used since prehistoric times``: no year, whatever year another clause gives (``the
name dates from 1530``); not a place's settling (``inhabited since antiquity; founded 1250``)."""


_EVENT_GLOSS = re.compile(r"\(\s*(?:[^()]*\s)?(?-i:became|began|made|[a-z]+ed)\b[^()]*\)")
"""A figure's gloss that names another event by its verb: ``2012-10-29 (became post-tropical)``, ``c. 1096
(teaching existed)``; not a place or a version (``1967 (London)``, ``2009 (US)``)."""


_YEAR_WORDS = {"of", "c", "ca", "circa", "about", "around", "bc", "bce", "ad", "ce"}
"""The words a year or a date alone may have beside it: "c. 1096", "44 BC", "10th of Dec. 2009"."""


_DONE_IN = re.compile(r"^[\W_]*[A-Za-z][a-z]+ed\s+(?:in|on|by|with|as\s+of|since|through)\s", re.IGNORECASE)
"""A sentence that opens with what was done and when or where: ``Fixed in builds released ...``, ``Patched on ...``."""
_VERSION_NUMBER = re.compile(r"\d+(?:\.\d+)+|\bv\d|\b\d+[a-z]\b|\bbuild\s+\d", re.IGNORECASE)
"""A version's number: ``2.4.51``, ``1.0.1g``, ``v13``, ``build 1234``."""


_EXAMPLES = re.compile(r"(?:^|[;:,.(—–-]\s*|\s)(?:e\.\s?g\.|for\s+(?:example|instance))[,:]?\s+(?P<examples>\S.*)$", re.IGNORECASE)
"""Values an answer gives as examples: ``Stainless steel is a family; e.g. S30400, S31600``."""


def _given_as_examples(text: str) -> str | None:
    """Why a text answer that gives its values as examples (:data:`_EXAMPLES`, outside brackets) is
    no value of the head: the examples are some of many (of a family's members: ``Stainless steel is
    a family; e.g. S30400, S31600, S41000`` of a UNS number), not the head's own; None where no
    example is given, or only in a gloss's brackets (``Chromium (e.g. 18%)``).

    >>> _given_as_examples("Stainless steel is a family; e.g. S30400, S31600, S41000")
    'several values, given as examples'
    >>> _given_as_examples("S30400 (e.g. as 304 in AISI)") is None
    True
    """
    match = _EXAMPLES.search(re.sub(r"\([^()]*\)", "", text))
    if match is None:
        return None
    several = re.search(r",|;|\s(?:and|or)\s", match.group("examples").strip(" .")) is not None
    return "several values, given as examples" if several else "a value given as an example"


def _done_without_version(text: str, relation: Relation) -> bool:
    """Whether a text answer of a relation asking a version (its name says ``version``) is a
    sentence of what was done that names no version (:data:`_DONE_IN`, :data:`_VERSION_NUMBER`):
    ``Fixed in builds released January 19-24, 2020.``; not ``Fixed in 2.4.51``, ``Windows 10 1903``.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> version = Relation("fixedVersion", URIRef("urn:x:fixedVersion"), "", "")
    >>> _done_without_version("Fixed in builds released January 19-24, 2020.", version), _done_without_version("Fixed in 2.4.51", version)
    (True, False)
    """
    asks_version = "version" in re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name).casefold().split()
    return asks_version and _DONE_IN.match(text) is not None and _VERSION_NUMBER.search(text) is None


def _value_clause(item: str, relation: Relation) -> str | None:
    """The clause of a year's or a date's answer that gives its value where two clauses or more give
    different figures: the one that says the relation in the most of its own words, as whole words
    (of firstReleased, ``Java SE 21 came out in 2023, but Java was first released in 1995.`` gives
    ``Java was first released in 1995.``, ``Kotlin 1.0 came out in 2016, but JetBrains first unveiled
    it in 2011.`` the clause of 2011; ``re-released`` is another act), or a figure alone with its
    gloss, the answer as asked (``1995; Java 21 came out in 2023``, ``1967 (London); the classic
    line-up formed in 1975``, unless its gloss names another event and another clause says the
relation in its words: ``2012-10-29 (became post-tropical); dissipated November 2, 2012`` of a
dissipation date gives the second; two such, ``December 10, 2009 (London premiere); December 18, 2009
    (US)``, are several); where none does, the first (``It came out in 1979, and was
    re-released in 2003.``) unless ``but`` or ``while`` sets another beside it; None where several
    do, or none beside a ``but``: several values. ``item`` where one clause or none gives a figure,
    or all the same."""
    clauses = [c for c in _VALUE_CLAUSES.split(item) if re.search(r"\d", c)]
    figure = r"\b\d{4}\b" if relation.datatype == XSD.gYear else r"\d+"  # a year's "26 September 1969" is 1969
    if len(clauses) < 2 or len({tuple(re.findall(figure, c)) for c in clauses}) == 1:
        return item
    said = _said_words(relation)
    worded = [len(said & {_STEM.sub("", w) for w in re.findall(r"\w+(?:-\w+)*", c.casefold())}) for c in clauses]
    told = any(score and not _figure_alone(c) for c, score in zip(clauses, worded))  # "dissipated November 2, 2012"
    scores = [
        len(said) + 1 if _figure_alone(c) and not (told and not score and _EVENT_GLOSS.search(c)) else score
        for c, score in zip(clauses, worded)
    ]
    if not max(scores) and not re.search(r"\b(?:but|while|whereas)\b", item, re.IGNORECASE):
        return clauses[0]  # "It premiered in 1927, though restored versions appeared in 2010."
    best = [c for c, score in zip(clauses, scores) if score and score == max(scores)]
    return best[0] if len(best) == 1 else None


def _said_words(relation: Relation) -> set[str]:
    """The stems of the words that say ``relation`` (its name, synonyms and verbalization), of four
    letters or more: ``describ``, ``year`` of ``yearDescribed``."""
    phrases = (relation.name, *relation.synonyms, re.sub(r"\{\w+\}", "", relation.verbalization or ""))
    return {_STEM.sub("", w.casefold()) for phrase in phrases for w in re.findall(r"[A-Za-z][a-z]+", phrase) if len(w) > 3}


_TITLED_SENTENCE = re.compile(r"[^\d]*\s(?:in|by)\s+[*_]{1,2}[^*_\d]+[*_]{1,2}\s*")
"""A sentence without a figure that ends in a work's title in italics: "It was first described
by Humphry Marshall in *Arbustrum Americanum*"."""


def _title_year(tail: str, gloss: str | None, relation: Relation) -> tuple[str, str | None]:
    """(tail, gloss) of a year's or a date's answer with the year in brackets after an italic title
    that ends a sentence in the relation's own words as the value, the sentence its gloss: of
    yearDescribed, ``It was first described by Humphry Marshall in *Arbustrum Americanum*
    (1785).`` is 1785 (the sentence says "described"); of a band's year founded, ``The band
    released *Abbey Road* (1969).`` is no founding year, and stays as it was."""
    if relation.datatype not in _WHEN_TYPES or not gloss or not _YEAR.fullmatch(gloss.strip()) or not _TITLED_SENTENCE.fullmatch(tail):
        return tail, gloss
    words = {_STEM.sub("", w) for w in re.findall(r"\w+(?:-\w+)*", tail.casefold())}
    return (gloss.strip(), tail.strip()) if words & (_said_words(relation) - {"year"}) else (tail, gloss)


_HOLDS_SINCE = re.compile(
    r"(?P<value>(?!(?i:it|this|that|they|he|she)\b)[^\W\d_][^\s()]*(?:\s+[^\s()]+){0,3}?),?\s+(?P<when>(?:since|as of|from)\s+(?:c\.\s*)?\d{4})[.!]?"
)
"""A short value and the year from which it holds after it, unbracketed: "AOC since 1940",
"DOCG as of 1984", "Approved since 1962" (not a sentence: "It became a DOCG in 1980")."""


def _since_bracketed(body: str, relation: Relation, titles: bool) -> str:
    """An answer that says from which year it holds after it (:data:`_HOLDS_SINCE`) with the year in
    brackets, its gloss, as ``DOCG (since 1980)`` is read: ``AOC since 1940`` is ``AOC (since
    1940)``; a figure's answer (``since 1940`` of a year or a count) and a work's title (``Letters
    from 1945``) stay as they are."""
    figure = relation.object_is_literal and relation.datatype not in (None, XSD.string)
    match = None if figure or titles else _HOLDS_SINCE.fullmatch(body.strip())
    return f"{match.group('value')} ({match.group('when')})" if match else body


_YEAR_AFTER_NAME = re.compile(r"(?P<name>[^\W\d_][^,;()|]*?(?:[^\W\d_]|\.)),\s+(?P<year>(?:(?:c\.|ca\.|circa|in)\s*)?\d{4})[.!]?")
"""A name and a bare year after its comma: ``Harry Brearley, 1913``, ``Roy Plunkett, c. 1938``;
not a date's (``Dec 21, 2020``: the name ends in a letter or an abbreviation's stop)."""


def _year_bracketed(body: str, relation: Relation, titles: bool) -> str:
    """A named entity's answer with a bare year after its name's comma (:data:`_YEAR_AFTER_NAME`)
    with the year in brackets, its gloss: ``Harry Brearley, 1913`` of an inventor is ``Harry
    Brearley (1913)``, never a second answer "1913"; a work's titles (``Red, 1989``: two albums), a
    literal's value (``Paris, 1900`` of a text) and a sentence (more than six words) stay as they are."""
    match = None if relation.object_is_literal or titles else _YEAR_AFTER_NAME.fullmatch(body.strip())
    if match is None or len(match.group("name").split()) > 6:
        return body
    return f"{match.group('name').strip()} ({match.group('year')})"


_NUMBER_ALONE = re.compile(r"[\W_]*(?:c\.\s*)?\d[\d,.]*[\W_]*")
"""A tail that is a number alone: ``1913``, ``1,200``, ``(1938)``."""


def _number_not_name(tail: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether ``tail`` is a number alone (:data:`_NUMBER_ALONE`) where the relation's answers are
    people or places, whose names a number never is (``1913`` of an inventor); a band's or a
    work's may be (``311``, ``1989``)."""
    return _NUMBER_ALONE.fullmatch(tail) is not None and (_people(relation, normalizer) or ranges_over_places(relation, normalizer))


_COUNT_TYPES = frozenset({XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long})
_PART_PLACE = re.compile(
    r"(?:(?:officially|reported|confirmed|including)\s+)?(?:[\d.,]+\s+)?in\s+(?P<place>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’.-]*){0,3})"
)
"""A count's gloss that is only the place it counts in, another figure there maybe before it: "in
Puerto Rico", "officially 6,352 in the Philippines"."""
_NO_PLACE = frozenset({"celsius", "fahrenheit", "kelvin", "total", "all", "ad", "bc", "ce", "bce", *map(str.casefold, ENGLISH_MONTHS)})


def _part_counted(gloss: str | None, head: str, relation: Relation) -> str | None:
    """The place a count's gloss says it counts in, a part of the head's whole (``2975 (in Puerto
    Rico)`` of a hurricane's fatalities), or None: no count, a gloss that says more than a place
    (``in 2005 USD``, ``in total``, ``in March``, ``in USD``, ``in Spanish``), or the head's own
    place (``3,200,000 (in Puerto Rico)`` of Puerto Rico, ``(in Berlin proper)`` of Berlin)."""
    match = _PART_PLACE.fullmatch(gloss.strip(" .")) if gloss and relation.datatype in _COUNT_TYPES else None
    if match is None:
        return None
    place = re.sub(r"^the\s+", "", match.group("place"))
    first = place.split()[0]
    own = {w.casefold() for w in re.findall(r"\w+", head)} & {w.casefold() for w in re.findall(r"[A-Z]\w+", place)}
    if first.casefold() in _NO_PLACE or first in LANGUAGE_NAMES or first.isupper() or own:  # "(in Berlin proper)" of Berlin
        return None
    return match.group(0)


_SUBJECT_THEN_VERB = re.compile(r"^[*_]*(?P<name>[A-Z][^\s()]*(?:\s+[A-Z][^\s()]*)*)[*_]*(?P<rest>\s+[a-z]+\s.*)$")
"""A sentence that opens with a capitalised name and goes on with a word in lower case: "Lao-tzu was born in the State of Chu."."""


def _head_for_alias(part: str, head: str, normalizer: Normalizer) -> str:
    """``part`` with the head's name for the other name of the head it opens with, the subject
    of its sentence: "Lao-tzu was born in the State of Chu." of Laozi, whose alias the store,
    the reference or this batch holds, reads as "Laozi was born in ..." (the State of Chu, never
    Lao-tzu too); ``part`` as it is where the name is the head's as written, unknown, or
    another entity's ("Zhuangzi was taught by Laozi" of Laozi keeps Zhuangzi)."""
    opened = _SUBJECT_THEN_VERB.match(part.strip())
    if opened is None or not head.strip() or not normalizer.names(name := opened.group("name")) or not normalizer.names(head):
        return part
    if normalizer.clean(name).casefold() == normalizer.clean(head).casefold():
        return part
    same = normalizer.named_entity(normalizer.clean(name))[0] == normalizer.named_entity(normalizer.clean(head))[0]
    return f"{head.strip()}{opened.group('rest')}" if same else part


def _tails(parts: list[str], head: str, relation: Relation, said: bool, inline: bool, normalizer: Normalizer) -> list[str]:
    """The tails the parts of an item give: a chat answer (``said``) in the relation's own words
    gives its tail (:func:`restated`); in a phrase domain (not ``inline``) an answer in prose
    gives the tail of each sentence and each phrase a sentence joins (:func:`phrase_answers`),
    its other sentences counted as remarks."""
    out: list[str] = []
    for part in parts:
        answers = phrase_answers(part, head, relation) if said and not inline else None
        if answers is None:  # phrase_answers found no restatement in it already
            out.append(restated(part, head, relation) if said and inline else part)
            continue
        tails, remarks = answers
        if remarks:
            normalizer.stats.drop("sentence beside an answer", remarks)
        out.extend(tails)
    return out


_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")


def extract_list(
    completion: Completion,
    head: str,
    relation: Relation,
    normalizer: Normalizer,
    *,
    rationales: bool = False,
    chat: bool = False,
    inline: bool = False,
    nlp: Any = None,
    single: bool = False,
    one_tail: bool = False,
) -> list[Candidate | Unreadable]:
    """Candidates ``(head, relation, item)`` for each list item of ``completion``; with
    ``rationales``, each item's ``because ...`` clause is kept as the candidate's rationale.
    ``chat``: the answer is a model's, not a dataset row, so an item's gloss is split off
    (:func:`split_gloss`); with ``inline`` too (a domain of named entities), an unmarked line
    that lists several items is read as those items (:func:`inline_items`, with the spaCy
    pipeline ``nlp`` for sentences). ``single``: the relation is functional, so a named entity's
    answer is one name and what follows its comma qualifies it: ``Bergen, Norway`` gives
    ``Bergen`` (``Norway`` its gloss); a name the store holds whole, or one ending in an
    abbreviation (``Washington, D.C.``), stays whole. In a language the sentence rules do not
    read (:func:`kg.languages.unread_sentences`), an answer in a sentence gives the one known
    name it says the relation of, else is kept unreadable with the reason, never taken whole as
    a name. ``one_tail``: the text is one tail however many lines it spans (a dataset row's
    tail: ``"a pen and\npaper"``), its line breaks folded, never split into items."""
    text = _LINE_BREAKS.sub(" ", completion.answer) if one_tail else completion.answer
    unsure = chat and unsure_but(text) is not None  # "I'm not sure of the exact figure, but roughly 34 kcal.": a hedged value, read on
    if "\n" not in text.strip() and not (one_tail and normalizer.names_none(completion)) and not unsure and normalizer.is_none(normalizer.clean(text)):
        # "k. A." is no lettered item "A."; a user's file row "Nobody" may name a film (Normalizer.candidate)
        if chat and inline and (kept := _none_beside_answer(completion, text, head, relation)) is not None:
            return normalizer.dedupe([kept])  # "I don't know of a dedicated observatory; SERNAGEOMIN monitors it remotely."
        normalizer.stats.drop("object: none answer")
        return normalizer.dedupe([])
    if chat and inline and (no_value := _denied_answer(completion, text, head, relation, normalizer)) is not None:
        return no_value
    if chat and inline and _of_another_kind(text, head, relation, normalizer):
        normalizer.stats.drop("object: none answer")  # "Battle of Poltava is a person, not a battle.": no rank
        return normalizer.dedupe([])  # "Vesuvius has been climbed since antiquity; the first recorded ascent is unknown": none
    reader = _ListReader(completion, head, relation, normalizer, rationales=rationales, chat=chat, inline=inline, nlp=nlp, single=single, one_tail=one_tail)
    return normalizer.dedupe(reader.read(text))


@dataclass
class _Line:
    """One item of an answer as :class:`_ListReader` reads it."""

    span: str
    """The item as the answer gives it: what an unreadable record of it keeps."""
    item: str
    """The item once read: its label, decoration and pointers read off."""
    body: str
    """The item's answer: its rationale, hedges, filler and lead-in read off."""
    reason: str | None
    """The teacher's rationale (``because ...``)."""
    answered: bool
    """The item says something (not a none answer nor a refusal)."""
    labelled: bool
    """A label led the item (``Capitals: Sucre, La Paz``)."""
    introduced: bool
    """A sentence's frame led the item (``C was designed by Dennis Ritchie``, ``his son, Edward VI``)."""
    denied: int
    """How many of the item's parts its glosses deny (``Spain, Portugal (no)``)."""
    filled: bool
    """The item ended in a list's filler (``Köln, Bonn usw.``)."""
    split: bool = False
    """The item may list several answers."""
    known: bool = False
    """The store or the reference knows the item's answer whole."""
    said_of: str | None = None
    """What the item says of its answers (``..., a Finnish consortium``): their gloss."""


class _ListReader:
    """The reading of one answer's items (:func:`extract_list`, whose flags it keeps): the
    answer is cut into items (:meth:`_items`), each item cleaned (:meth:`_cleaned`), read to its
    answer (:meth:`_line`), cut into tails (:meth:`_tails_of`), and each tail checked and made a
    candidate (:meth:`_tail`); what is read, and what is unreadable, in :attr:`out`."""

    def __init__(
        self, completion: Completion, head: str, relation: Relation, normalizer: Normalizer, *,
        rationales: bool, chat: bool, inline: bool, nlp: Any, single: bool, one_tail: bool,
    ) -> None:
        self.completion, self.head, self.relation, self.normalizer = completion, head, relation, normalizer
        self.rationales, self.chat, self.inline, self.nlp, self.single, self.one_tail = rationales, chat, inline, nlp, single, one_tail
        self.language = normalizer.language
        self.unread = unread_sentences(self.language) if nlp is None else None
        self.text_valued = relation.object_is_literal and relation.datatype in (None, XSD.string)  # a motto, an authority
        self.words = relation_words(relation) if inline and not relation.object_is_literal else set()
        self.labels = relation_words(relation) if chat else set()
        self.kinds = normalizer.domain.index.kind_words if chat and normalizer.domain is not None else frozenset()
        self.reflexive = normalizer.domain is None or normalizer.domain.index.may_relate_to_itself(relation.iri)
        self.people = chat and _people(relation, normalizer)
        self.titles = relation.range is not None and _works(relation.range, normalizer)  # "Dune: Part Two" is one title
        self.answer_words = frozenset(header_word(w) for name in (relation.name, *relation.synonyms, local_name(relation.range or ""))
                                      for w in re.findall(r"[A-Za-z][a-z]*", name))  # "| Tradition | Equivalent |": the column of the answers
        self.out: list[Candidate | Unreadable] = []
        # what the answer's items say of it (set by _items)
        self.marked = self.tabled = self.split_lines = self.answered_in_words = self.lone = False
        self.twins: set[str] = set()
        self.issued = False  # the answer names who gives its codes ("AA+ (S&P)"): set by read

    def read(self, text: str) -> list[Candidate | Unreadable]:
        """The candidates of the answer ``text`` and its unreadable items."""
        relation, normalizer = self.relation, self.normalizer
        if self.chat:  # "- [Spain](https://en.wikipedia.org/wiki/Spain)": the link's text; "(1) Spain (2) Belgium": two lines
            text = "\n".join(numbered_inline(line) for line in unlinked(text).split("\n"))
        self.issued = self.text_valued and _issued(text)
        items = self._items(text)
        if items is None:
            return self.out
        for item in items:
            if (cleaned := self._cleaned(item)) is None or (line := self._line(item, cleaned)) is None:
                continue
            for tail in self._tails_of(line) or []:
                self._tail(line, tail)
        if self.chat and self.inline and not relation.object_is_literal:  # "Evergreen Marine (operator); Shoei Kisen Kaisha (owner)"
            self.out = _own_role(self.out, relation, normalizer)
        if self.chat and relation.object_is_literal:  # "1643 (some say 1642)": two years
            self.out = [_other_sources_value(r, relation, normalizer) for r in self.out]
        if not text.strip():
            self.out.append(normalizer.empty(self.completion, NAME))
        return self.out

    def _refuse(self, span: str, why: str) -> None:
        """Keep ``span`` unreadable, with ``why``."""
        self.out.append(Unreadable(self.completion, span[:2000], NAME, why))

    def _value_of(self, item: str) -> str:  # "Dependencies: numpy, pytz" (not "United States: 8,891 km")
        relation = self.relation
        value = labelled_value(item, self.labels, self.kinds, self.normalizer.names, self.head)
        if self.people and value == item:  # "Chair: Jerome H. Powell": the person, the office a gloss
            value = role_labelled(item)
        if self.chat and self.inline and not relation.object_is_literal and value == item:  # "His main patrons were Ludovico Sforza and ..."
            return possessed_value(value, relation)
        if self.chat and self.text_valued and value == item and (number := _identifier_labelled(item, relation)):
            return number  # "EudraCT Number: 2020-002641-42": the identifier
        return stated_value(value, relation) if self.chat and self.text_valued and value == item else value  # "The DOI is 10.1038/..."

    def _items(self, text: str) -> list[str] | None:
        """The answer's items, each read on its own (a line's labelled values, groups, questions and
        ticked names each one); None where the whole answer is kept unreadable."""
        completion, relation, normalizer, chat, inline = self.completion, self.relation, self.normalizer, self.chat, self.inline
        items, prose, marked = list_items(text, chat=chat, answer_words=self.answer_words)
        self.marked = marked
        self.tabled = chat and marked and any(TABLE_RULE.match(ln) and "-" in ln for ln in text.splitlines())  # a Markdown table's rows
        if not items and prose:  # "Here are the countries that border Peru:" and nothing after it
            self._refuse(text, "a table with no rows" if marked else "the answer is only a lead-in, with no answer after it")
            return None
        if completion.cut_off and items and not text.endswith("\n"):
            self._refuse(items.pop(), f"cut off {completion.cut_off} (finish_reason={completion.finish_reason})")
        if prose:
            normalizer.stats.drop("prose line beside a list", len(prose))
        # a domain of named entities: a line may list several (never a value: "68,000,000"); of
        # several unmarked lines, a sentence is a remark ("These are the main ones.")
        self.split_lines = inline and not marked and not relation.object_is_literal
        if self.split_lines and len(items) > 1:
            remarks = [i for i in items if i.rstrip().endswith((".", "!")) and len(i.split()) >= 4]
            if remarks and len(remarks) < len(items):
                normalizer.stats.drop("prose line beside a list", len(remarks))
                items = [i for i in items if i not in remarks]
        if not marked and len(items) > 1 and all(len(i) > 150 for i in items):
            self._refuse(text, "prose, not a list")
            return None
        if chat:  # "Country: Australia, Continent: Oceania": each labelled value as its own line
            lines, items = items, []
            for line in lines:
                first, *more = _NEXT_LABEL.split(line) if self._value_of(line) != line else [line]
                other = [part for part in more if relation.object_is_literal and self._value_of(part) == part]  # "Year: 2023" beside a population
                if other:
                    normalizer.stats.drop("remark beside an answer", len(other))
                items += [first, *(part for part in more if part not in other)]
        if chat and inline and not relation.object_is_literal:  # "Adults: none. Cubs: snow leopards, ...": the groups' values
            items = [part for item in items for part in (_labelled_groups(item, normalizer) if self._value_of(item) == item else [item])]
        if chat:  # "Portugal? No. Spain? Yes.": each question an item, crossed out where answered no
            items = [part for item in items for part in answered_questions(item)]
        if chat:  # "Spain ✓ Belgium ✓ Portugal ✗", "tired ✓, sleepy ✓": a tick or a cross before a name ends an item
            items = [part for item in items for part in _after_marks(item, normalizer.language.joins)]
        if self.text_valued and len(items) > 1:  # "1. FortiOS 6.0.0 to 6.0.4" / "2. 5.6.3 to 5.6.7": FortiOS's too
            items = owned if (owned := _of_product([i.strip() for i in items])) != [i.strip() for i in items] else items
        if chat:  # "**Short head:** coracoid process of the scapula": the origin, the head's part its gloss
            items = [_part_labelled(item) for item in items]
        if self.people:  # "With Louis VII: Marie; Alix. With Henry II: William IX": each child, the parent a gloss
            items = [part for item in items for part in _grouped(item) or [item]]
        self.answered_in_words = chat and not inline and not marked and any(phrase_answers(i, self.head, relation) for i in items)
        glossed_names = [(name.casefold(), gloss) for name, gloss in (split_bracketed(i.strip(" *_.")) for i in items)]
        self.twins = {n for n, g in glossed_names if g and len({g2 for n2, g2 in glossed_names if n2 == n}) > 1}  # "Hanzi (simplified)", "Hanzi (traditional)"
        self.lone = len(items) == 1
        return items

    def _of_period(self, span: str, tail: str) -> str | None:
        """``tail`` as it is, or where the period its value held in labels it (:func:`period_labelled`), the value of
        a period lasting until today with the period its gloss ("post-1982: copper-plated zinc (97.5% Zn)" is
        "copper-plated zinc (post-1982)"), and None of a past one or of a period alone ("pre-1982: 95% copper",
        "since 2014"), kept unreadable: a period is never a name."""
        if _PERIOD_ALONE.fullmatch(tail.strip(" .;,*_")):
            self._refuse(span, f"a period ({tail.strip(' .;,*_')}), not a name: {self.normalizer.clean(tail)[:80]!r}")
            return None
        labelled = period_labelled(tail)
        if labelled is None:
            return tail
        period, value, current = labelled
        if not current:
            self._refuse(span, f"a past value ({period}), not a current one: {self.normalizer.clean(tail)[:80]!r}")
            return None
        unglossed = _PERIOD_GLOSS.sub("", value).strip(" .;")
        return f"{unglossed} ({period})"

    def _cleaned(self, item: str) -> str | None:
        """``item`` with what is no part of its answer read off (decoration, a pointer, an alias, a
        person's titles and role, a count, an author, a leading aside); None where it gives no answer
        (a remark, filler, a none answer: counted; debris, prose: kept unreadable)."""
        completion, head, relation, normalizer, chat, inline = self.completion, self.head, self.relation, self.normalizer, self.chat, self.inline
        one_tail, language, marked, split_lines, text_valued, reflexive = self.one_tail, self.language, self.marked, self.split_lines, self.text_valued, self.reflexive
        people, titles, answered_in_words = self.people, self.titles, self.answered_in_words
        span = item
        if chat and inline and (backwards := _inverse(item, head, relation, normalizer)):  # "X are junior synonyms of <head>"
            self._refuse(span, f"the answer states the inverse ({backwards!r}), not {relation.name} of {head}")
            return None
        if chat and (unsure := unsure_but(item)):  # "I'm not sure of the exact figure, but roughly 34 kcal.": a hedged value
            self._refuse(span, f"hedged answer ({unsure!r}), not a firm fact: {normalizer.clean(item)[:80]!r}")
            return None
        if chat and inline and not crossed(item):  # "🇪🇨 Ecuador", "Brazil ✅": decoration, not part of the name
            item = undecorated(item)
        if chat:  # "See also *Gonzales v. Carhart*", "Casey, supra": a pointer to the answer, not part of it
            item = SUPRA.sub("", _SEE_ALSO.sub("", item))
        if chat:  # "David Heinemeier Hansson, a.k.a. DHH": an alias, a gloss
            item = bracketed_alias(item)
        if chat and not relation.object_is_literal:  # "Pfizer, in collaboration with BioNTech": Pfizer, the partner a gloss
            item = _TRAILING_SHARE.sub(r" (\g<share>)", _partners_noted(item))  # "W boson pair ~21%": its share a gloss
            item = _LISTED_SHARE.sub(r" (\g<share>)", item) if inline else item  # "Indo-Aryan 72%, Dravidian 25%": each share a gloss
            item = _LEADING_SHARE.sub(r"\g<name> (\g<share>)", item)  # "Fe with 18% Cr and 8% Ni": Cr, its share a gloss
            item = _fineness_noted(item, normalizer)  # "91.67% gold, 8.33% copper", "22-carat gold": gold, its share a gloss
        if _people(relation, normalizer) and not normalizer.known_as_written(item.strip()):
            item = shared_surname(untitled_person(item))  # "Sir Keir Starmer KCB KC", "President Droupadi Murmu": the person's name
        if _commanders(relation, normalizer) and not normalizer.known_as_written(item.strip()):
            item = unranked(item)  # "Maj. Gen. George G. Meade", "Generalfeldmarschall Erwin Rommel": the person's name
        if people:  # "Brad Pitt as Tyler Durden", "Rubens and workshop": the role a person played, the workshop, a gloss
            item = with_workshop(cast_role(item))
        if chat and inline and not relation.object_is_literal and not normalizer.names(item):
            item = _of_firm(item, relation, normalizer)  # "David Childs of Skidmore, Owings & Merrill (SOM)": the person
        if chat and relation.range is not None and (people or _maybe_people(relation, normalizer)) and not normalizer.names(item):
            item = where_working(item)  # "Clyde Tombaugh at Lowell Observatory in Flagstaff, Arizona": the person, where a gloss
        if chat and inline and not relation.object_is_literal and not titles and not normalizer.names(item):
            item = counted(item)  # "11 Academy Awards, including Best Picture": one award, the count a gloss ("12 Angry Men" is a title)
        if chat and titles and not normalizer.names(item):  # "Jurassic Park by Michael Crichton": the title, its author a gloss
            item = authored(item)
        if chat and (aside := _LEADING_ASIDE.match(item)) and _aside(aside.group("aside"), text_valued):  # "(I'm not 100% sure about this one) Czech Republic"
            item = f"{aside.group('rest')} ({aside.group('aside')})"
        held = chat and normalizer.known_as_written(item.strip())  # the album "( )": a name the store, the reference or a seed holds so
        whole_bracket = text_valued and self.lone  # a species' authority "(Linnaeus, 1758)": its brackets say it moved genus
        if chat and _BRACKETED.fullmatch(item.strip()) and not _filler(item, language) and not held and not whole_bracket:  # "(Monaco)", "(e.g. Belgium)"
            name = _bracketed_name(item, inline, normalizer)
            if name is None:  # "(disputed)", "(via Gibraltar)": an aside
                normalizer.stats.drop("list filler (etc., an aside in brackets)")
                return None
            item = name
        if chat and (is_remark(item, language) or _filler(item, language)) and not held:  # "Note: ...", "etc.", "usw.", "(more context needed)"
            normalizer.stats.drop("remark beside an answer" if is_remark(item, language) else "list filler (etc., an aside in brackets)")
            return None
        if chat and not inline and not marked and phrase_answers(item, head, relation) is None and _sentence(item, ""):
            if answered_in_words:  # "Overall, these are the most common motivations." beside sentences that answer
                normalizer.stats.drop("sentence beside an answer")
                return None
            if len(_SENTENCE_END.split(item.strip())) > 1:  # a paragraph that says nothing in the relation's words
                self._refuse(span, "prose that gives no answer in the relation's words")
                return None
        if len(item) > MAX_LINE:
            self._refuse(span, "list item too long")
            return None
        if (broken := debris(item)) is not None:
            self._refuse(span, broken)
            return None
        if chat and labels_head(item, head, relation, reflexive):  # "Country: France" above its neighbours ("Capital: Singapore" is an answer)
            normalizer.stats.drop("label naming the head")
            return None
        if chat and inline and asked_and_denied(item):  # "β-blocker? No — it is an ARB."
            normalizer.stats.drop("item its gloss denies (no, not indicated, contraindicated)")
            return None
        if chat and (first := _CLAUSE_END.split(item, maxsplit=1)[0]) != item:
            # "None of the above; it is used as a solvent.", "- That's all. Hope this helps!", "- Id.; see Casey": no
            # answer (a line that lists answers reads each of its parts: "Id.; Gonzales v. Carhart")
            said_first = normalizer.clean(first)
            if said_first.casefold() in NONE_ANSWERS or (not split_lines and normalizer.is_none(said_first)):
                if chat and inline and (kept := _none_beside_answer(completion, span, head, relation)) is not None:
                    self.out.append(kept)  # "I don't know of a dedicated observatory; SERNAGEOMIN monitors it remotely": not no answer
                    return None
                normalizer.stats.drop("object: none answer")
                return None
            if not split_lines and SUPRA.search(first):  # "Roe, supra. The Court cited it again.": the case, and a note on it
                item = SUPRA.sub("", first)
        if (chat and (bare := normalizer.clean(_GLOSS_START.split(item.strip(), maxsplit=1)[0])) != normalizer.clean(item)
                and bare.casefold() in NONE_ANSWERS and normalizer.is_none(bare) and not _REGION_LABEL.match(item)):
            if one_tail and normalizer.names_none(completion):  # a user's row: "N/A (never translated)" listed, "Nobody (2021 film)" the film
                normalizer.candidate(completion, NAME, span, head, relation, item, out=self.out)
                return None
            if naming := _named_beside_none(item, head):  # "none (born from Gaia alone, according to Hesiod)": Gaia is one
                self._refuse(span, f"a none answer whose gloss names {naming!r}, not no answer: {normalizer.clean(item)[:80]!r}")
                return None
            normalizer.stats.drop("object: none answer")  # "N/A (it is a language specification, not a program)": a reason, no answer
            return None
        return item

    def _line(self, span: str, item: str) -> _Line | None:
        """The answer ``item`` (cleaned from ``span``) gives: its label's value, without its
        rationale, hedges, filler, lead-in and the head's name; None where it gives no firm answer
        (denied, hedged, a sentence in the inverse relation's words: counted or kept unreadable)."""
        head, relation, normalizer, chat, inline, single = self.head, self.relation, self.normalizer, self.chat, self.inline, self.single
        rationales, nlp, language, tabled, split_lines, text_valued = self.rationales, self.nlp, self.language, self.tabled, self.split_lines, self.text_valued
        people, titles = self.people, self.titles
        value = self._value_of(item) if chat else item  # "**Capital:** Hargeisa": the value
        if split_lines and not single and value == item and (over := _short_label(item)) and not normalizer.names(over[0]):
            # "**Indications:** pain, fever, inflammation", "Authors: Smith, J.": a label above the values it lists
            values = [p.strip() for p in COMMA.split(over[1])]
            if _several(over[1], head, relation, normalizer) is not None or _surname_first(values, relation, normalizer):
                value = over[1]
        labelled = value != item
        if labelled and chat and negated_label(item[: item.rfind(value)] if value in item else ""):
            normalizer.stats.drop("item its gloss denies (no, not indicated, contraindicated)")  # "Not bordering: Portugal"
            return None
        item = value
        said = normalizer.clean(item)  # a whole-line non-answer is read whole: "I am not sure" names nothing
        answered = not normalizer.is_none(said) and normalizer.label_problem(said) != REFUSAL
        # the reason first: "Ridley Scott - because he is credited as the director." is one
        # name and its reason, not a sentence to read names from
        body, reason = split_rationale(item) if rationales else (item, None)
        body = _COMPANIONS_LEAD.sub(", ", body) if chat and not single else body  # "Charles Barrington, with guides Christian Almer and ..."
        if chat and inline and answered and not relation.object_is_literal and not titles and (hedge := self._hedged(body)):
            self._refuse(span, f"hedged answer ({hedge!r}), not a firm fact: {normalizer.clean(body)[:80]!r}")
            return None
        hedge_kept = inline and not relation.object_is_literal and not titles and bracketed_hedge(body)  # "African Plate (possibly)": its gloss a hedge
        body = unhedged(body) if chat and answered and not hedge_kept else body
        body = _unled_susceptibility(body, relation, normalizer) if chat and answered and not relation.object_is_literal else body
        # "Ulm, Wien u. a.", "Vienne et Budapest, etc.", "David Silver et al."
        filled = chat and answered and (bare := _unfilled(body, normalizer, _people(relation, normalizer))) != body
        if filled:  # the list's filler, no part of its last name; what is left lists ("Köln, Bonn usw.")
            normalizer.stats.drop("list filler (etc., an aside in brackets)")
            body = bare
        if chat and answered and head and body.lstrip("*_").casefold().startswith(head.strip().casefold()):
            # "Aspirin: 180.16 g/mol": the head named before the answer ("Half-Life 2: Episode One" is a title whole)
            named = re.match(rf"^[*_]*{re.escape(head.strip())}[*_]*\s*(?::|\s[–—-])\s+(?P<rest>\S.*)$", body, re.IGNORECASE)
            subtitled = named is not None and titles and not normalizer.names(named.group("rest"))
            if named and tabled and not relation.object_is_literal:
                # "| Hamlet | Prince of Denmark |" under "| Character | Role |" of Hamlet's characters: the row's answer
                # is its first cell, the head's name (the head itself, or a namesake?), never its gloss
                self._refuse(span, f"a table row whose answer is the head's name: {normalizer.clean(span)[:80]!r}")
                return None
            body = named.group("rest") if named and not subtitled else body
        if chat and answered and head.strip() and relation.object_is_literal and not text_valued:  # "Catch-22 has 453 pages.": 453
            body = _without_titles(body, head)
        if chat and answered and relation.datatype in _WHEN_TYPES and (ancient := _ANCIENT.search(body)) and re.search(r"\d", body):
            # "Known since antiquity; the name dates from 1530 (Agricola).": no year, and 1530 another clause's
            self._refuse(span, f"no year: the answer says {' '.join(ancient.group(0).split())!r}: {normalizer.clean(body)[:80]!r}")
            return None
        if chat and answered and relation.datatype in _WHEN_TYPES and (clause := _value_clause(body, relation)) != body:
            if clause is None:  # "Kotlin 1.0 came out in 2016, but it turned 5 in 2021": two values, neither the relation's
                self._refuse(span, f"object is several values, not one: {normalizer.clean(body)[:80]!r}")
                return None
            body = clause  # "Java SE 21 came out in 2023, but Java was first released in 1995.": the clause of 1995
        if chat and answered and text_valued and (denies_own_word(body, relation) or says_none(body, relation)):
            normalizer.stats.drop("object: none answer")  # "Not classified — ...", "...; not part of any cru classification"
            return None
        if chat and answered and text_valued and (origin_less := before_hedged_origin(body)):
            body = origin_less  # "Aconcagua; possibly from Quechua Ackon Cahuak, 'Sentinel of Stone'": the name, no etymology
        if chat and answered and text_valued and (status := no_longer_held(body, relation)):
            self._refuse(span, f"a status ({status!r}), no current value: {normalizer.clean(body)[:80]!r}")  # "Withdrawn — S&P, ... withdrew their ratings"
            return None
        if chat and answered and text_valued and (framed := framed_value(body, self.labels)):
            body = framed  # "This is a Phase 1/2/3 study (originally Phase 1/2).": Phase 1/2/3, its gloss a note
        if chat and answered and text_valued and (examples := _given_as_examples(body)):
            self._refuse(span, f"{examples}: {normalizer.clean(body)[:80]!r}")  # "Stainless steel is a family; e.g. S30400, S31600"
            return None
        if chat and answered and text_valued and _done_without_version(body, relation):
            self._refuse(span, f"a sentence, no version: {normalizer.clean(body)[:80]!r}")  # "Fixed in builds released January 19-24, 2020."
            return None
        denied = 0
        if inline and chat and answered and not relation.object_is_literal and (doubt := doubted(body) or hedged_aside(body)):
            # "attributed to Giorgione", "It is believed to be owned by ...": no firm fact
            self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {normalizer.clean(body)[:80]!r}")
            return None
        if inline and chat and answered and not relation.object_is_literal and (doubt := modal_hedge(_before_clause(body))):
            # "cubs may be killed by spotted hyenas" of the lion's predators: it may be so, no firm fact ("Lula, who may run
            # again": a clause on the answer)
            self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {normalizer.clean(body)[:80]!r}")
            return None
        if inline and chat and answered and not relation.object_is_literal and contrasted_versions(body, nlp):
            # "Giugiaro designed the first-generation's predecessor; the modern one was designed in-house": whose?
            self._refuse(span, f"prose contrasting versions of the head, not one answer: {normalizer.clean(body)[:80]!r}")
            return None
        if inline and chat and answered and not relation.object_is_literal and a_words_meaning(body):  # "Dimidium is Latin for 'half'"
            self._refuse(span, f"what a word means, no name of a thing: {normalizer.clean(body)[:80]!r}")
            return None
        if inline and chat and answered and not relation.object_is_literal and (kinds := contrasted_kind(body, head, self.words)):
            # "Pinot Gris is a colour mutation of Pinot Noir, not a crossing." of its parents: a mutation's source, no parent
            self._refuse(span, f"the answer says the head is another kind of thing ({kinds!r}), not {relation.name}: {normalizer.clean(body)[:80]!r}")
            return None
        if inline and chat and answered and people and (hand := other_hand(body)):  # "workshop of Rubens", "Follower of Rembrandt"
            self._refuse(span, f"a work of another hand ({hand!r}), not the artist's own: {normalizer.clean(body)[:80]!r}")
            return None
        if inline and chat and answered and not relation.object_is_literal:  # a named entity's answer
            body = _head_for_alias(body, head, normalizer)  # "Lao-tzu was born in ..." of Laozi: the head, no answer
            # "Spain, Portugal (no)", "Portugal (no, it borders only Spain)" ("Java ❌ (no)" is dropped as crossed out)
            body, denied = (body, 0) if crossed(body) else _undenied(body, head)
            if denied:
                normalizer.stats.drop("item its gloss denies (no, not indicated, contraindicated)", denied)
                if not body.strip():
                    return None
            if denies_own_verb(body, self.words):  # "It was found by treasure hunters, not excavated.": no one excavated it
                normalizer.stats.drop("object: none answer")
                return None
            if other := _another_subject(body, head):  # "X itself is a cultivated hybrid; its main wild ancestor, Y, is native to ..."
                self._refuse(span, f"the answer speaks of another subject ({other!r}), not of {head!r}: {normalizer.clean(body)[:80]!r}")
                return None
            body = affirmed(unhedged_names(body), head)  # "Humans, occasionally tigers": tigers
            if not body:  # "Iceland is an island and has no land borders.": no fact
                normalizer.stats.drop("object: none answer")
                return None
            if (inverse := _inverse_verb(relation, normalizer)) and (verb := inverse.search(body)) and re.search(r"\w", body[: verb.start()]):
                # "Lions occasionally prey on calves." of the elephant's predators: the subject answers, not the object
                self._refuse(span, f"a sentence in the inverse relation's words ({verb.group(0)!r}): {normalizer.clean(body)[:80]!r}")
                return None
            body = _without_lead(body, relation, language, titles=titles)  # "In France.", "Launched from Cape Canaveral ..."
            by = agent(body, relation)  # "C was designed by Dennis Ritchie at Bell Labs": who, not where, and all who did
            body, introduced = unframed(by or body, head, people)  # "Pius XII → John XXIII", "his son, Edward VI"
            introduced = introduced or by is not None
        else:
            introduced = False
        if labelled and people:  # "Maintainers: Ronacher, A.; Lord, D.", "Maintainer: Torvalds, Linus"
            one = names_one(span)
            body = ";".join(_given_first(part, one) for part in body.split(";"))
        if chat and self.inline and not relation.object_is_literal and not self.titles and (others := _AND_OTHERS.fullmatch(body.strip(" ."))):
            body = others.group("named")  # "Flies and other small insects": Flies, the group no entity
            self.normalizer.stats.drop("object: a group of others, no entity")
        if people and not self.single:  # "Hugo Winckler and Theodor Makridi; later Kurt Bittel and Peter Neve": more who did it
            body = _LATER.sub(", ", body).replace(";, ", ", ")
        if self.chat and not self.normalizer.names(body.strip(" .")):  # "AOC since 1940": AOC, from when its gloss
            body = _since_bracketed(body, relation, self.titles)
        if self.chat and self.inline and not self.normalizer.names(body.strip(" .")):  # "Harry Brearley, 1913": the year a gloss
            body = _year_bracketed(body, relation, self.titles)
        return _Line(span, item, body, reason, answered, labelled, introduced, denied, filled)

    def _hedged(self, body: str) -> str | None:
        """The hedge word that opens an answer of a named entity (``possibly the National
        Archaeological Museum, Athens``), or None; a name the store or the reference knows so is
        none (a song ``Maybe Baby``)."""
        hedge = leading_hedge(body)
        return hedge if hedge and not self.normalizer.names(body.strip(" *_.")) else None

    def _tails_of(self, line: _Line) -> list[str] | None:
        """The tails ``line``'s answer gives: the names it lists or joins, or its one name where it
        names a thing and where it lies; None where it gives no value (several values of a
        functional relation, crossed out, a scope, a sentence naming no answer)."""
        head, relation, normalizer, chat, inline, single = self.head, self.relation, self.normalizer, self.chat, self.inline, self.single
        one_tail, nlp, language, unread, split_lines, text_valued = self.one_tail, self.nlp, self.language, self.unread, self.split_lines, self.text_valued
        words, people, titles, answer_words = self.words, self.people, self.titles, self.answer_words
        span, item, body, answered, labelled = line.span, line.item, line.body, line.answered, line.labelled
        introduced, denied, filled = line.introduced, line.denied, line.filled
        split_lines = split_lines or self._lone_numbered_list(body) or self._slashed_places(body)  # "1. Vitamin C, vitamin K and folate": three
        split = split_lines or ((labelled or introduced) and inline and not relation.object_is_literal)  # "- North: Belgium, Luxembourg"
        known = split and answered and (normalizer.knows(body) or known_with_commas(body, normalizer))  # a name the store holds, commas and all
        known = known or split and answered and titles and _one_title(body)  # "Pierre; or, The Ambiguities (1852)"
        # a labelled value lists its answers: "Works: Rusalka, Stabat Mater" (not one name: "Located in: Paris, Texas")
        listed = introduced or labelled and (not single or not names_one(span)) and _listed(body, normalizer)  # "Capitals: Sucre, La Paz"
        listed = listed or denied > 0 or filled  # "Spain, Portugal (no), Belgium": what is left still lists
        if split_lines and answered and not known and ranges_over_places(relation, normalizer):  # "Marin County / Daly City area"
            body = _each_in_area(body)
        said_of = None  # "..., a Finnish consortium", "..., 50/50": what the line says of its answers, their gloss
        if (chat and inline and answered and not relation.object_is_literal and not known and (after := _TRAILING_GLOSS.search(body))
                and (names_only(body[: after.start()], language) or _one_glossed(body[: after.start()], after.group("gloss"), language))):
            # not a sentence's: "Italy borders ... and San Marino, an enclave."
            body, said_of = body[: after.start()], after.group("gloss")
        if answered and not known and not relation.object_is_literal and self._one_person_or_title(body):
            # "Isabella I of Castile", "Antoine de Bourbon, Duke of Vendôme", "Queen of England and Ireland": one name each
            line.split, line.known, line.said_of = split, known, said_of
            return _tails([body], head, relation, chat and answered, inline, normalizer)
        if (split or self._numbered_row()) and answered and not known and not people and not titles and organisation_and_place(body, relation, normalizer):
            # "Royal Canadian Mint, Ottawa" of a coin's mints, bare or "1. Royal Canadian Mint, Ottawa": one mint, where it lies
            # its note (never a mint "Ottawa")
            line.split, line.known, line.said_of = split, known, said_of
            return _tails([body], head, relation, chat and answered, inline, normalizer)
        several = _several(body, head, relation, normalizer) if split_lines and not labelled and not single and answered and not known else None
        of_names = inline and chat and answered and not relation.object_is_literal
        pair = _components(body) if of_names else None
        pair = None if pair and normalizer.knows(body) else pair
        pair = pair or (_shared_kind(body, relation, normalizer) if of_names and not known else None)  # "North American and Pacific plates"
        pair = pair or (_crossed_parents(body, relation, normalizer) if of_names and not normalizer.knows(body) else None)  # "A × B"
        pair = pair or (_equated(body, head, normalizer) if of_names else None)  # "Zinfandel = Primitivo = Tribidrag"
        pair = pair or (_named_values(body, relation, normalizer) if of_names and not single and not known else None)  # "Merlot Noir, Bigney"
        pair = pair or (_summed(body, relation, normalizer) if of_names and not single and not known and not titles and not people else None)
        nations = _countries(body, relation, normalizer, single) if of_names else None  # "Switzerland/Italy border", "Alaska, United States"
        pair = pair or (nations if nations and len(nations) > 1 else None)
        pair = pair or (listed_countries(body, relation, normalizer) if of_names and not single else None)  # "Guyana, Suriname"
        if of_names and not known and (ranged := _range_of_values(body, relation, normalizer)) is not None:
            if not ranged[1]:  # "Waxy to subvitreous": an end no value of the class known
                self._refuse(span, f"a range of values ({ranged[0][0]!r} to {ranged[0][1]!r}), an end no known value: {normalizer.clean(body)[:80]!r}")
                return None
            pair, said_of = pair or ranged[0], "; ".join(filter(None, (said_of, f"a range: {normalizer.clean(body)}")))  # "Adamantine to vitreous"
        body, several = (nations[0], None) if nations and len(nations) == 1 else (body, several)
        if single and of_names and not titles and _PER_CASE.fullmatch(body):  # "K⁻ for the K⁺; the K̄⁰ for the K⁰": an answer per case
            self._refuse(span, f"several values, not one: {normalizer.clean(body)[:80]!r}")
            return None
        if single and (pair or of_names and not normalizer.knows(body) and _joined_values(body, head, relation, normalizer)):
            # "Brazil and Paraguay (binational)", "Brazil / Paraguay", "Alpha Centauri A and B" of a relation with one value
            self._refuse(span, f"several values, not one: {normalizer.clean(body)[:80]!r}")
            return None
        listed = listed or several is not None  # "Parlophone, Capitol": a relation's two values
        parts = pair or (several if several and several != [body] else None)  # "The Beatles and Wings", "Parlophone / Capitol"
        if parts is None and split and answered and not known and not single and relation.range is not None and holds_places(relation.range, normalizer):
            parts = regions_joined(body, normalizer)  # "Tasmania and Victoria (southeastern Australia)": two states
        if parts is None and (people or chat and _maybe_people(relation, normalizer)) and answered and not normalizer.knows(body):
            # "1. Richard Pevear and Larissa Volokhonsky", of discoverers "1. Michel Mayor and Didier Queloz"
            parts = two_names(_unbolded(body), normalizer.language.joins, normalizer.names)  # two people, bare or numbered, "&" as "and", bold or not
        if parts is None and of_names and not known and not normalizer.knows(body):  # "Borr and Bestla", "Isidore of Miletus and Anthemius of Tralles"
            parts = _joined_pair(body, relation, normalizer)
        if parts is None and of_names and not single and not known and answered:  # "1. Blue Nile and White Nile": two known rivers
            parts = known_pair(body, language.joins, normalizer.names)
        if parts is None and of_names and not single and not known and answered:  # "bacterial blight and tungro virus" of pests
            parts = _afflictions_joined(body, relation, normalizer)
        if parts is None and single and split and answered and not known and relation.range is not None and holds_places(relation.range, normalizer):
            # "Candia (Heraklion), Crete, Republic of Venice": one place, where it lies (not "Pretoria, Cape Town, Bloemfontein":
            # names of the range's own class are answers each)
            peers = any(normalizer.of_class(split_bracketed(p.strip())[0], relation.range) for p in COMMA.split(body)[1:])
            country = region_rank(COMMA.split(body)[0], last=False) == 2  # "United Kingdom, France, Belgium": three countries
            parts = [body] if address(body, language) and not peers and not country else None
        if parts is None and single and split and answered and not known and not people and not titles and name_and_where(body, relation, normalizer, words):
            parts = [body]  # "Harland and Wolff, Belfast": one shipyard, where it lies its gloss (never "Harland" and "Wolff")
        if parts is None and split and answered and not known and (in_regions(body, relation, normalizer) or one_tail and one_place(body, relation, normalizer)
                                                                   or near_place(body, relation, normalizer)):
            # "Atlanta, Georgia, U.S.": Atlanta, where it lies its gloss; a user's cell "Galveston, Texas" of places struck: one
            # place (a chat line "Kyoto, Japan" of where Kyoto lies is Japan, "Auvergne-Rhône-Alpes, France" the region and country)
            parts = [body]
        if parts is None and split and answered and not known and not relation.object_is_literal and at_place(body, relation, normalizer):
            parts = [body]  # "Ohio River at Cairo, Illinois": the river, where it is given at its gloss (never a river Illinois)
        if parts is None and single and split and answered and not known and _DISSENT.fullmatch(body.strip(" .")):
            parts = [body]  # "ET (tundra) — though some sources say EF (ice cap)": ET, and the view it doubts its gloss
        if parts is None and of_names and not known and _name_with_to(body, relation, normalizer):
            parts = [body]  # "Will to power": one name, no sentence of the modal "Will"
        if parts is None and split and answered and not known:
            parts = inline_items(
                body, nlp, head, words, normalizer.language.joins, listed=listed, known=normalizer.names, dropped=normalizer.stats.drop,
                kind=_KIND_NAME.search(relation.name) is not None,
            )
            if chat and titles and parts is not None and _title_not_sentence(body, parts, normalizer.language.joins, answer_words | set(words) | _WORK_KINDS):
                parts = [body]  # "There Is No Alternative", "Sometimes I Sit and Think": a work's title, no sentence
            if parts and people and ";" in body:  # "A and B (theorized, 1964); observed at SLAC in 1968": A and B
                parts = [name for part in parts for name in (two_names(part, normalizer.language.joins, normalizer.names) or [part])]
            if parts and of_names and not single and not titles and not people and ";" in body:  # "Electron + electron neutrino; muon + ..."
                parts = [name for part in parts for name in (_summed(part, relation, normalizer) or [part])]
        if single and parts and len(parts) > 1 and re.search(r"\sor\s(?![^()]*\))", body):  # "Af (tropical rainforest) or Am (tropical monsoon)"
            self._refuse(span, f"several values, not one: {normalizer.clean(body)[:80]!r}")
            return None
        if single and split and answered and len(parts or [body]) == 1 and (glossed := _separately_glossed(body)):
            parts = glossed  # "Sucre (constitutional), La Paz (administrative)": two answers, each with its gloss
        if parts is None and chat and labelled and not inline and answered:  # "Traits: tired, sleepy, relaxed"
            parts = conjuncts(body)
        if parts is None and split and answered and unread and _sentence(body, head):
            spotted = _named_in(body, head, relation, normalizer)
            if spotted is None:
                self._refuse(span, unread)
                return None
            parts = [spotted]
        if chat and answered and text_valued:  # "**fiber-optic cable** reinforcement", "Kevlar®; similar aramids: Twaron®"
            body = _own_values(_unbolded(body, leading=False))
        if (parts is None and chat and answered and text_valued and not _COORDINATES.fullmatch(body.strip(" *_."))
                and (tokens := _text_tokens(body, language.joins, semicolons=not single, binomials=_of_species(relation))) is not None):  # "27.9881° N, 86.9250° E": one place
            if single:  # "v21.4.0 (Current) / v20.10.0 (LTS)": which one is the value?
                self._refuse(span, f"several values, not one: {body[:80]!r}")
                return None
            parts = tokens  # ".c, .h", "`.ts` and `.tsx`": each a value
        if parts is None and chat and answered and text_valued and (tongues := _in_tongues(body)) is not None:
            # "Encephalon (Greek) / Cerebrum (Latin)" of a Latin name: Cerebrum
            own = _in_relations_tongue(tongues, relation)
            if own is None and single:
                self._refuse(span, f"several values, not one: {normalizer.clean(body)[:80]!r}")
                return None
            body = own or body
        if chat and answered and text_valued and _names_of(relation, normalizer):  # "English: Common ivy": the name
            body = _own_tongue(body.strip(), language)
        if (chat and answered and text_valued and _names_of(relation, normalizer) and not _COMMA_OR_SEMICOLON.search(body)
                and not _of_other_tongues(relation) and (tongue := _foreign(body, language))):  # "Löwe (German)", "German: Stieleiche": no name of the domain's language
            self._refuse(span, f"a name in another language ({tongue}), not in the domain's: {normalizer.clean(body)[:80]!r}")
            return None
        if (parts is None and chat and answered and text_valued and not single and _names_of(relation, normalizer)
                and (names := _short_names(body, language, foreign=_of_other_tongues(relation))) is not None):  # "Common ivy, English ivy"
            parts, foreign = names
            if not parts:  # "Löwe (German), león (Spanish)": no name in the domain's language
                self._refuse(span, f"names in other languages, not in the domain's: {normalizer.clean(body)[:80]!r}")
                return None
            if foreign:
                normalizer.stats.drop("a name in another language (German: ...)", foreign)
        if (parts is None and chat and answered and text_valued and not single and _lists_words(relation)
                and (listed_words := _word_list(body, language)) is not None):  # "Yellow, orange, red, blue, green": five colours
            parts, rare = listed_words
            for value in rare:  # "rarely brown or grey": a value the answer hedges
                self._refuse(span, f"hedged answer ('rarely'), not a firm fact: {value[:80]!r}")
        if parts and len(parts) > 1 and of_names:  # "Osiris and Nephthys (in later tradition); Ra": each part's pair too
            parts = [q for p in parts for q in (None if normalizer.knows(p) else _joined_pair(p, relation, normalizer)) or [p]]
        # "❌ Perl", "❌ No runtime dependencies": the model says the line is no answer ("Spain,
        # Portugal ✗" crosses out its last item alone)
        if chat and crossed(item) and (len(parts or [body]) == 1 or crossed(item.split()[0])):
            normalizer.stats.drop("item marked wrong (❌, ✗)")
            return None
        if parts == [] and chat and inline and (scope := _SCOPE.search(body)) and ranges_over_places(relation, normalizer):
            # "COVID-19 is now considered endemic worldwide.": a scope, no named place
            self._refuse(span, f"a scope ({scope.group(0)!r}), no named place: {normalizer.clean(span)[:80]!r}")
            return None
        if parts == [] and chat:  # sentences that name no answer: "Sydney is a city."
            normalizer.stats.drop("object: sentence naming no answer")
            return None
        if answered and text_valued and not single and _of_segments(relation):  # "C5–C7": C5, C6 and C7
            parts = [level for part in parts or [body] for level in _segment_range(part) or [part]]
        line.split, line.known, line.said_of = split, known, said_of
        return _tails(parts or [body], head, relation, chat and answered, inline, normalizer)

    def _one_person_or_title(self, body: str) -> bool:
        """Whether ``body`` is one name, never a list's nor a sentence's parts: of a relation
        whose answers are people a ruler's name with the realm (``Isabella I of Castile``:
        :func:`regnal_name`) or a person's name and title (``Charles V, Holy Roman Emperor``:
        :func:`titled_person`); of any relation a title of two realms (``Queen of England and
        Ireland``: :func:`title_of_realms`)."""
        name = split_bracketed(body.strip())[0].strip()
        if self.people and (regnal_name(name) is not None or titled_person(body) is not None):
            return True
        return title_of_realms(name)

    def _numbered_row(self) -> bool:
        """Whether the line is a marked item of an answer of named entities (``1. Royal Canadian Mint,
        Ottawa``), read as a bare line's answer is where it names a thing and where it lies; never a
        table's row."""
        return self.marked and not self.tabled and self.inline and not self.relation.object_is_literal

    def _lone_numbered_list(self, body: str) -> bool:
        """Whether the one marked item of an answer lists several names as a bare line would: its
        parts between commas and a last join word (``1. Vitamin C, vitamin K and folate``); never a
        name written with a comma (``1. Paris, Texas``, ``1. Earth, Wind & Fire``), a work's title
        (``1. Pride, Prejudice and Zombies``) nor a table's row."""
        lone = self.marked and self.lone and not self.tabled and self.inline and not self.relation.object_is_literal and not self.titles
        return lone and _COMMA_LIST.fullmatch(body.strip(" .")) is not None and not self.normalizer.names(body)

    def _slashed_places(self, body: str) -> bool:
        """Whether a marked item names places on either side of a spaced slash, each an answer as a
        bare line's are (``2. Marin County / Daly City area``); never ``AC/DC``, ``Bosnia and
        Herzegovina``, a name the store or the reference knows whole, nor of a relation of other things."""
        slashed = self.marked and not self.tabled and self.inline and _SLASHED.fullmatch(_SHARED_AREA.sub(r"\g<names>", body.strip(" ."))) is not None
        return slashed and ranges_over_places(self.relation, self.normalizer) and not self.normalizer.names(body)

    def _disputed(self, gloss: str) -> str | None:
        """The words with which an entity's gloss says it is disputed (``Luwian (disputed)``: not of a
        place, ``Kashmir (disputed)`` being the territory) or holds only another way (``Gluten (through
        cross-contamination)``), or None."""
        relation, normalizer = self.relation, self.normalizer
        if relation.object_is_literal:
            return None
        disputed = None if self.people or ranges_over_places(relation, normalizer) else disputed_item(gloss)  # people: disputed_value
        return disputed or qualified_gloss(gloss)

    def _tail(self, line: _Line, tail: str) -> None:
        """The candidate ``tail`` gives, with its gloss as rationale, or why it is unreadable (a past
        value, a plan, a hedge, a chain of names, a phrase, a sentence about the head)."""
        completion, head, relation, normalizer, chat, inline = self.completion, self.head, self.relation, self.normalizer, self.chat, self.inline
        single, nlp, language, text_valued, words, people = self.single, self.nlp, self.language, self.text_valued, self.words, self.people
        titles, twins = self.titles, self.twins
        span, reason, said_of, known, answered, split = line.span, line.reason, line.said_of, line.known, line.answered, line.split
        if chat and not relation.object_is_literal:  # "pre-1982: 95% copper", "post-1982: copper-plated zinc"
            if (dated := self._of_period(span, tail)) is None:
                return
            tail = dated
        if inline and chat and answered and not relation.object_is_literal and (when := _past(tail, people and not _deeds(relation), single)):
            # "previously coal", "coal until 2023", "*(formerly)* Tokyo Electric Light Company": no value today
            self._refuse(span, f"a past value ({when}), not a current one: {normalizer.clean(tail)[:80]!r}")
            return
        if chat and answered and (plan := projected(tail)):  # "expected 2026", "125 (planned)": no fact yet
            self._refuse(span, f"a plan or projection ({plan!r}), not a fact: {normalizer.clean(tail)[:80]!r}")
            return
        if chat and answered and text_valued and (doubt := disputed_gloss(tail) or outdated(tail)):  # "Stalemate (disputed; ...)", "(may be outdated)"
            self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {normalizer.clean(tail)[:80]!r}")
            return
        if chat and answered and relation.object_is_literal and not text_valued and (doubt := disputed_value(tail)):  # "56.7 °C (disputed)": a hedge
            self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {normalizer.clean(tail)[:80]!r}")
            return
        if chat and not relation.object_is_literal and not titles and _OTHERS.fullmatch(split_bracketed(tail.strip(" ."))[0].strip()) and not normalizer.names(tail):
            normalizer.stats.drop("list filler (etc., an aside in brackets)")  # "others (2%)": the rest, no entity
            return
        if chat and not relation.object_is_literal and _heads_own_name(tail, head, normalizer):
            tail = head  # "Kuroshio (黒潮)" of the Kuroshio Current: the head, a self-loop the checks judge
        within = within_known(tail, relation, normalizer) if chat and not relation.object_is_literal else None
        within = within or (places_own(tail, normalizer) if chat and not relation.object_is_literal else None)
        within = within or (_dosed(tail, normalizer) if chat and not relation.object_is_literal else None)
        within = within or (compass_part(tail, relation, normalizer) if chat and not relation.object_is_literal else None)
        within = within or (at_place(tail, relation, normalizer) if chat and not relation.object_is_literal else None)
        if within is not None:  # "Challenger Deep, in the Mariana Trench": the known trench, the deep its gloss; "the UK's MHRA"
            tail, reason = within[0], reason or within[1]
        elif split and chat:  # a name, not the clause a sentence goes on with
            tail = _before_clause(tail)
        if inline and chat and not relation.object_is_literal:  # "9 × Merlin 1D": one engine, nine of it
            tail = times_counted(tail)
        if inline and chat and not relation.object_is_literal:  # "also the Atbara": the Atbara
            tail = _ALSO.sub("", tail)
        if inline and chat and not relation.object_is_literal and not normalizer.names(tail):
            tail = _WITH.sub("", self._value_of(tail))  # "chief designer: Mikhail Strelets", "with Ball Aerospace": the name
            if _OWN.match(tail):  # "Wernher von Braun and his team at Marshall ...": no name
                normalizer.stats.drop("object: a phrase about another answer, no name")
                return
        if inline and chat and not relation.object_is_literal and (on := _AFTER_BRACKETS.fullmatch(tail.strip())) and not normalizer.names(tail):
            if continued := _continued_name(on, relation, normalizer):  # "BCG (Bacillus Calmette–Guérin) vaccine", "Endangered (EN) since 2021"
                tail = continued
            elif not re.fullmatch(r"(?:in|at)\s+[A-Z].*", on.group("rest")) or not names_only(on.group("rest")[3:], language):
                # "Havok (physics) on a proprietary engine": a phrase goes on after the brackets, no name
                self._refuse(span, f"a phrase after a name's brackets, no name: {normalizer.clean(tail)[:80]!r}")
                return
            else:  # "... Committee (国家语言文字工作委员会) in China": where, a gloss
                tail = f"{on.group('name')} ({on.group('gloss')}; {on.group('rest')})"
        if inline and chat and answered and not relation.object_is_literal and _number_not_name(tail, relation, normalizer):
            normalizer.stats.drop("object: a number, no name")  # "Harry Brearley, 1913; Elwood Haynes, 1912": the years no inventors
            return
        why = reason
        if people and answered and not normalizer.names(tail) and (titled := _titled_person(tail, normalizer)) is not None:  # "Charles V, Holy Roman Emperor": the title a gloss
            tail, said_of = titled[0], "; ".join(filter(None, (titled[1], said_of)))
        elif (inline and chat and answered and not relation.object_is_literal and not known and not titles
              and (worked := person_at_organisation(tail, relation, normalizer))):
            tail, why = worked[0], why or worked[1]  # "Gonjiro Inazuka at the Iwate ... Station, Japan": the station
        elif inline and chat and answered and not relation.object_is_literal and not known and (placed := organisation_and_place(tail, relation, normalizer)):
            tail, why = placed[0], why or placed[1]  # "Royal Canadian Mint, Ottawa": the mint, Ottawa its note
        elif single and inline and chat and answered and not relation.object_is_literal and not known:
            tail, qualifier = qualified(tail, relation, normalizer)
            why = why or qualifier
        elif inline and chat and answered and not relation.object_is_literal and not known:
            tail, where = split_placed(tail, relation, normalizer)
            why = why or where
        if chat:
            tail = _unkinded(tail, normalizer) if titles else tail  # "Opera: Rusalka": Rusalka
            tail = _year_bracketed(tail, relation, titles) if inline and not normalizer.names(tail) else tail  # "Elwood Haynes, 1912" of a list
            schemed = text_valued and _SCHEME_LABEL.match(tail)  # "ESRB: M (Mature 17+)": the rating, its scheme's name no gloss's tail
            tail, gloss = split_gloss(tail, titles) if not normalizer.names(tail) and not schemed else split_bracketed(tail)  # "Star Wars: Episode IV – A New Hope"
            if text_valued and single and gloss and not normalizer.is_none(gloss):  # "*TP53* (tumor protein p53)": the full name
                tail, gloss = _heads_gloss(tail, gloss, head)
            if gloss and _JOINED_MARKED.match(gloss):  # "**Dureza** ÷ **Mondeuse Blanche**": a second name, no gloss
                self._refuse(span, f"a second marked name joined to the first, no gloss: {span.strip()[:80]!r}")
                return
            local = text_valued and _names_of(relation, normalizer) and _of_other_tongues(relation)  # 富士山 (Fujisan) of Fuji's local name
            tail, gloss = (unstruck(tail), gloss) if local else _own_script(unstruck(tail), gloss, normalizer)  # "~~Bonn~~ Berlin": Berlin
            tail, gloss = _dated(tail, gloss, relation, normalizer)  # "Ocean's Eleven (2001)", stored so
            tail, gloss = _title_year(tail, gloss, relation)  # "It was first described ... in *Arbustrum Americanum* (1785).": 1785
            if inline and not relation.object_is_literal and (versioned := _versioned(tail, relation, normalizer)) is not None:
                tail, gloss = versioned[0], "; ".join(filter(None, (versioned[1], gloss)))  # "Apache HTTP Server 2.4.49": the product
            if (part := _part_counted(gloss, head, relation)) is not None:  # "2975 (in Puerto Rico)" of Hurricane Maria
                self._refuse(span, f"a figure of a part ({part}), not of the whole: {tail[:80]!r}")
                return
            if text_valued and gloss and measured_portion(tail, gloss):  # "1 medium (182 g)": the serving, its weight part of it
                tail, gloss = f"{tail} ({gloss})", None
            if text_valued and gloss and _qualified(tail, gloss, self.issued):  # "AA+ (S&P)": the agency's grade, the agency part of it
                tail, gloss = f"{tail.strip(' *_')} ({gloss.split(';')[0].strip()})", "; ".join(g.strip() for g in gloss.split(";")[1:]) or None
            if inline and not relation.object_is_literal and not titles and (alone := _ALONE.fullmatch(tail.strip())) and not normalizer.names(tail):
                tail, gloss = alone.group("name"), "; ".join(filter(None, (alone.group("alone"), gloss)))  # "Zeus alone (from his head)": Zeus
            if inline and not relation.object_is_literal and not titles and (described := _plural_description(tail, relation, normalizer)):
                # "Eurozone member states (issued nationally; ...)" of an issuer: who, described, no name of one
                self._refuse(span, f"a description ({described!r}), no name: {normalizer.clean(span)[:80]!r}")
                return
            if inline and not relation.object_is_literal and (described := _description(tail, relation, normalizer)):
                # "A blind thrust fault (Northridge Thrust / Pico Thrust)": what kind of fault, no name of one
                self._refuse(span, f"a description ({described!r}), no name: {normalizer.clean(span)[:80]!r}")
                return
            if inline and not relation.object_is_literal and not titles and not normalizer.known_as_written(tail.strip()):
                tail = unarticled(tail)  # "the Yangtze", "The Yangtze River": a sentence's article ("The Hague" keeps its own)
            # "Portugal ✗", "Java ❌ (no)", "to sing ❌": no answer ("C (not Java ❌)" crosses Java out)
            if crossed(tail) or (gloss and crossed(gloss) and not denies_another(gloss)):
                normalizer.stats.drop("item marked wrong (❌, ✗)")
                return
            if inline and gloss and denied_by(gloss, head):  # "Gout (contraindicated)", "Rust (not yet)"
                normalizer.stats.drop("item its gloss denies (no, not indicated, contraindicated)")
                return
            if inline and gloss and (doubt := doubted_gloss(gloss)) and not (relation.object_is_literal and disputed_figure(gloss)):  # "Giorgione (attributed; some scholars suggest Titian)"
                self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {tail[:80]!r} ({gloss[:80]})")
                return
            if inline and gloss and (lapsed := lapsed_gloss(gloss)):  # "Apatosaurus (long considered a junior synonym; reinstated ...)"
                self._refuse(span, f"its gloss says the relation no longer holds ({lapsed!r}): {tail[:80]!r} ({gloss[:80]})")
                return
            if inline and gloss and people and (doubt := disputed_value(f"({gloss})")):  # "Diego de Ordaz (disputed)": the credit is
                self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {tail[:80]!r} ({gloss[:80]})")
                return
            if inline and gloss and not relation.object_is_literal and done_without(gloss, words):  # "apomictic (sets seed without pollination)"
                normalizer.stats.drop("item its gloss denies (no, not indicated, contraindicated)")
                return
            if inline and gloss and (doubt := self._disputed(gloss)):  # "Luwian (disputed)", "Gluten (through cross-contamination)"
                self._refuse(span, f"hedged answer ({doubt!r}), not a firm fact: {tail[:80]!r} ({gloss[:80]})")
                return
            if inline and gloss and (kind := denied_kind(gloss, words)):  # "Blue Period (not a movement, but a phase)"
                self._refuse(span, f"its gloss denies it is such an answer ({kind!r}): {tail[:80]!r} ({gloss[:80]})")
                return
            if gloss and tail.strip(" *_").casefold() in twins and not normalizer.names(tail):
                # "Hanzi (simplified)" beside "Hanzi (traditional)": two values, each named whole (a known "Paris (capital)" is Paris)
                tail, gloss = f"{tail} ({gloss})", None
            tail = tail if inline else unticked(tail)  # "to buy flour ✅" (a name is undecorated whole)
            why = _gloss_then_place(tail, gloss, why, reason, normalizer)
            if people and answered and not normalizer.names(tail) and (titled := _titled_person(tail, normalizer)) is not None:  # a table's "Lorenzo II de' Medici, Duke of Urbino | 1518"
                tail, why = titled[0], "; ".join(filter(None, (titled[1], why)))
        why = "; ".join(filter(None, (why, said_of))) or None
        if inline and chat and not relation.object_is_literal and (ends := _span_of_times(tail, relation, normalizer)):
            # "Late Neolithic to Early Bronze Age" of periods: the two and those between, not one period
            self._refuse(span, f"a range of periods ({ends!r}), not one: {tail[:80]!r}")
            return
        if inline and chat and not relation.object_is_literal and chained(tail):  # "Areva NP → Framatome": the next or the last?
            self._refuse(span, f"a chain of names (→), not one answer: {tail[:80]!r}")
            return
        if people and answered and (team := _team_leader(tail)) is not None:  # "Mark Skolnick's team": Mark Skolnick
            tail, why = team[0], "; ".join(filter(None, (why, team[1])))
        if people and answered and split and not normalizer.names(tail) and _where_done(tail, span):
            # "the gene was cloned by Mark Skolnick's team at Myriad Genetics": where, no one who did it
            self._refuse(span, f"where it was done (at, in), not a person: {normalizer.clean(tail)[:80]!r}")
            return
        if inline and chat and answered and not relation.object_is_literal and (phrase := _phrase_not_name(tail, people)):
            # "predecessor Olaf Scholz", "President since 1 January 2023", "continued by Domènec Sugrañes": no name
            self._refuse(span, f"a phrase ({phrase!r}), not a name: {tail[:80]!r}")
            return
        if (inline and chat and not relation.object_is_literal and split_bracketed(tail.strip(" *_."))[0].casefold() in _doers(span)
                and ranges_over_places(relation, normalizer)):
            # "Measles was first described by the Persian physician Rhazes ... in what is now Iran.": a person, no place
            self._refuse(span, f"a person who did it, not a place: {normalizer.clean(tail)[:80]!r}")
            return
        if inline and chat and not relation.object_is_literal and not titles and _head_sentence(tail, head):
            # "Mount Etna is a stratovolcano, and it is ..." of its dominant rock: a sentence about the head, no name
            self._refuse(span, f"a sentence about {head!r}, not a name: {normalizer.clean(tail)[:80]!r}")
            return
        if inline and chat and not relation.object_is_literal and tail.strip(" *_.").casefold() in _REFLEXIVES:
            normalizer.stats.drop("object: sentence naming no answer")  # "Skara Brae is itself a site.": no name
            return
        if inline and chat and not relation.object_is_literal and (role := _role(span, tail)):
            # "Widely planted as a street tree worldwide" of where it was introduced: what it is there, no place
            self._refuse(span, f"a role ({role!r}), not a name: {normalizer.clean(tail)[:80]!r}")
            return
        if inline and chat and not relation.object_is_literal and _GROUP.fullmatch(tail.strip(" *_.")):
            normalizer.stats.drop("object: a quantified group, no entity")  # "Most vertebrates", "All mammals"
            return
        if inline and chat and not relation.object_is_literal and _SCOPE.fullmatch(tail.strip(" *_.")) and ranges_over_places(relation, normalizer):
            # "Worldwide (seasonal circulation)" of where swine flu is endemic: no named place
            self._refuse(span, f"a scope ({tail.strip(' *_.')!r}), no named place: {normalizer.clean(span)[:80]!r}")
            return
        if inline and chat and not relation.object_is_literal and _CITATION_PART.fullmatch(tail.strip(" *_.")):
            normalizer.stats.drop("object: a volume, issue or page reference, no entity")  # "*Nature*, vol. 521, pp. 436–444"
            return
        if chat and text_valued and nlp is not None:  # "Oil on canvas." above a note: the phrase, no sentence's stop
            tail = unstopped_phrase(tail, nlp)
        if chat and text_valued and _EPITHET_RELATION.search(" ".join((relation.name, *relation.synonyms))):
            tail = own_epithet(tail, head)  # "Louis XIV, the Sun King" of Louis XIV: "the Sun King"
        normalizer.candidate(completion, NAME, span, head, relation, tail, out=self.out, rationale=why)


_EPITHET_RELATION = re.compile(r"(?i)epithet|byname|sobriquet")
"""A relation whose values are a person's epithets (``epithet``), written after the person's name."""


def _none_beside_answer(completion: Completion, text: str, head: str, relation: Relation) -> Unreadable | None:
    """An answer whose first clause is a none answer (``I don't know of a dedicated observatory``)
    kept unreadable where a clause after it may give the value (:func:`may_answer`: ``SERNAGEOMIN
    monitors it remotely``): an "I don't know" is a none answer only when no sentence gives a
    fact; None where none does (``...; the Aeta people lived on its slopes``) or where the first
    clause says there is none (``None — awards such as the Nobel did not exist until 1901.``)."""
    first, *rest = _CLAUSE_END.split(text.strip(), maxsplit=1)
    if not rest or not ignorant(first) or not may_answer(rest[0], head, relation):
        return None
    return Unreadable(completion, text[:2000], NAME, f"a none answer ({first.strip()[:60]!r}) beside a clause that may give one")


def _inverse(item: str, head: str, relation: Relation, normalizer: Normalizer) -> str | None:
    """The words with which an item names the head as the object of the relation's own phrase
    (:func:`states_inverse`: ``(junior synonym of Archaeopteryx)`` of Archaeopteryx's synonymOf),
    the answer saying the relation the other way round; None for a symmetric relation."""
    if normalizer.domain is not None and relation.iri in normalizer.domain.index.symmetric:
        return None
    return states_inverse(item, head, relation) or inverse_of_another(item, head, relation)  # "It is a parent of ..."


def _of_another_kind(text: str, head: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether a one-line answer says the head is another kind of thing than the prompt took it for
    (:func:`head_of_another_kind`: ``The Bahariya Formation is a rock formation, not an organism,
    so this doesn't apply.``), a none answer; not of a relation whose answer is the head's kind
    (``volcanoType``: :data:`_KIND_NAME`), nor where the kind it says is a known value
    (``Tyrannosaurus is a carnivore, not a herbivore.`` of a diet the reference names)."""
    if "\n" in text.strip() or _KIND_NAME.search(relation.name):
        return False
    kind = head_of_another_kind(text, head)
    return kind is not None and not normalizer.names(kind) or _denied_domain_kind(text, head, relation, normalizer)


def _denied_domain_kind(text: str, head: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether an answer's first clause denies the head is of the relation's subject class, more
    following it (:func:`denied_head_kind`): ``The Royal Mint is a mint, not a coin; it is in the
    United Kingdom.`` of a coin's issuer, ``Maize is a crop species, not a cultivar, so ... CIMMYT
    is the main maize breeding centre.`` of a cultivar's breeder; what follows is a note, no
    answer. Not where the kind denied is another (``Greenland is an island, not a country; ...``
    of an island's highest point)."""
    denied = denied_head_kind(text, head)
    if denied is None or relation.domain is None or normalizer.domain is None:
        return False
    subject = normalizer.domain.index.label(relation.domain).casefold().split()
    return bool(subject) and denied.casefold().split()[-1].removesuffix("s") == subject[-1].removesuffix("s")


_NAME_BRACKETED = re.compile(r"(?P<name>[^()]+?)\s*\((?P<gloss>[^()]+)\)[\s.]*")
"""A name and one bracket after it, the whole answer: ``Bern (de facto; Switzerland has no de jure capital)``."""


def _named_before_bracket(text: str, normalizer: Normalizer) -> bool:
    """Whether an answer is a name and a bracket after it, names alone before the bracket (no
    none word, no sentence): what the bracket says, a denial too, is the name's gloss (``Bern (de
    facto; Switzerland has no de jure capital)`` is Bern); ``None (Switzerland has no de jure
    capital)``, ``It has none (...)`` stay denials."""
    found = _NAME_BRACKETED.fullmatch(text.strip())
    if found is None:
        return False
    name = found["name"].strip(" *_")
    return name[:1].isupper() and names_only(name, normalizer.language) and not normalizer.is_none(name)


def _denied_answer(completion: Completion, text: str, head: str, relation: Relation, normalizer: Normalizer) -> list[Candidate | Unreadable] | None:
    """Nothing, a none answer counted, where a one-paragraph answer says there is no value and no
    other clause gives one (:func:`denied_answer`: ``it has no recorded first ascent``, its other
    clause ``Hunga Tonga–Hunga Haʻapai is largely a submarine volcano`` no answer); None otherwise."""
    if "\n" in text.strip() or _named_before_bracket(text, normalizer):
        return None
    if (denial := denied_beside_answer(text, head, relation)) is not None:  # "Anne Boleyn was not a member of a royal house; she ... married into the House of Tudor."
        why = f"the answer denies the relation ({denial.strip(' .;')[:60]!r}) beside a clause that may give a value"
        return normalizer.dedupe([Unreadable(completion, text[:2000], NAME, why)])
    if denied_answer(text, head, relation) is None:
        return None
    normalizer.stats.drop("object: none answer")
    return normalizer.dedupe([])


def _other_sources_value(record: Candidate | Unreadable, relation: Relation, normalizer: Normalizer) -> Candidate | Unreadable:
    """``record``, or an :class:`Unreadable` where its note gives another value as what others say
    and the two differ by more than the relation's tolerance: ``1643 (some say 1642)`` of a year
    (a year, a date, a text are exact), ``VEI 3 (some sources say 4)`` and ``57 (some counts say
    58)`` of an exact count are several values, not one (``2,850 km; 2,888 km by some
    measurements`` of a length is 2,850 km, the other within 2 %: its note)."""
    from extractors.ranges import read_value
    from kg.ontology import relative_difference

    told = others_value(str(record.rationale)) if isinstance(record, Candidate) and record.rationale else None
    other = read_value(relation, told) if told is not None else None
    if other is None or not isinstance(record, Candidate) or other == record.object:
        return record
    tolerance = normalizer.domain.tolerance(relation.iri) if normalizer.domain is not None else Decimal(0)
    first, second = record.object.toPython(), other.toPython()
    if isinstance(first, (int, float, Decimal)) and isinstance(second, (int, float, Decimal)) and tolerance and (
        relative_difference(Decimal(str(second)), Decimal(str(first))) <= tolerance
    ):
        return record
    written = f"{record.span.strip()[:80]!r}"
    return Unreadable(record.completion, record.span, NAME, f"several values, not one (another as what others say): {written}")


_DISSENT = re.compile(r"[^–—]+?\s+[–—]\s+(?:though|although|but|however|whereas)\b[^–—]*", re.IGNORECASE)
"""A one-value answer and another view after a dash: ``ET (tundra) — though some sources say EF (ice cap)``."""


_ROLE_GLOSS = re.compile(r"[a-z]+(?:er|or)")
"""A gloss that names a role: ``(operator)``, ``(owner)``, ``(builder)``."""


def _own_role(out: list[Candidate | Unreadable], relation: Relation, normalizer: Normalizer) -> list[Candidate | Unreadable]:
    """An answer's candidates less those whose gloss names another role than the relation's,
    where another's names the relation's own: of an operator ``Evergreen Marine (operator);
    Shoei Kisen Kaisha (owner)`` is Evergreen Marine, the owner another role's answer."""
    own = relation_words(relation)
    roles = [str(r.rationale).strip().casefold() if isinstance(r, Candidate) and r.rationale else "" for r in out]
    if not any(role in own for role in roles):
        return out
    other = [bool(role) and role not in own and role not in ("former", "other", "later", "latter") and _ROLE_GLOSS.fullmatch(role) is not None
             for role in roles]
    if any(other):
        normalizer.stats.drop("another role's answer (its gloss names another role than the relation's)", sum(other))
    return [r for r, another in zip(out, other) if not another]
