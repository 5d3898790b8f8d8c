"""Places in a chat model's answer: a place's name and the larger regions it lies in after its
commas (``Atlanta, Georgia, U.S.`` is Atlanta: :func:`lies_in`, :func:`qualified`; ``Baikonur
Cosmodrome, Kazakhstan`` a site and where it lies: :func:`split_placed`), a name and where it lies
(``Harland and Wolff, Belfast``: :func:`name_and_where`), a name and the place it is given at
(``Mississippi River at Cairo, Illinois``: :func:`at_place`), three places or more as one address
(``Mittelberg, near Nebra, Saxony-Anhalt``: :func:`address`), near which place an answer lies
(``Near Beira, Mozambique``: :func:`near_place`), a place "in" a known one (``Challenger Deep, in
the Mariana Trench``: :func:`within_known`), a country's possessive (``the UK's MHRA``:
:func:`places_own`), a compass part of a known name (``South Pacific Ocean``: :func:`compass_part`),
regions a join word joins (``Tasmania and Victoria``: :func:`regions_joined`) and countries listed
between commas (``Guyana, Suriname``: :func:`listed_countries`). The regions themselves are
:mod:`extractors.regions`'; :mod:`extractors.lists` reads its items' places through these."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.chat_answers import split_bracketed, split_qualifier
from extractors.normalize import NEAR_PLACE
from extractors.regions import REALMS, SHORT_FORMS, region_rank
from kg.iri import local_name
from kg.ontology_index import names_places

if TYPE_CHECKING:
    from rdflib import URIRef

    from extractors.normalize import Normalizer
    from kg.languages import Language
    from kg.ontology import Relation

__all__ = [
    "COMMA", "address", "at_place", "compass_part", "holds_places", "in_regions", "known_with_commas", "lies_in", "listed_countries",
    "name_and_where", "names_only", "near_place", "one_place", "organisation_and_place", "person_at_organisation", "places_own", "qualified", "ranges_over_places",
    "regions_joined", "split_placed", "within_known",
]

COMMA = re.compile(r",(?![^()]*\))")
"""A comma outside brackets, where a place's name and the regions it lies in part (``Atlanta, Georgia,
U.S.``); not the one in ``Candia (Heraklion, Crete)``."""


def names_only(text: str, language: Language) -> bool:
    """Whether ``text`` is names alone, no sentence: no lower-case word outside brackets but a join
    word, an article or a name's particle (``Ørsted and Global Infrastructure Partners (GIP)``)."""
    words = re.findall(r"(?<![\w'’-])[a-z][\w'’-]*", re.sub(r"\([^()]*\)", "", text))
    return all(w in language.joins or w in ("the", "of", "de", "del", "da", "di", "du", "van", "von", "la", "le") for w in words)


def holds_places(cls: URIRef, normalizer: Normalizer) -> bool:
    """Whether ``cls`` is a class of places: only a place's name goes on with where it lies
    ("Paris, Texas"); "C, Pascal" of a language's influences is two."""
    return normalizer.domain.index.holds_places(cls) if normalizer.domain is not None else names_places(cls)


def ranges_over_places(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether ``relation``'s answers are places (its range a class of places)."""
    return relation.range is not None and holds_places(relation.range, normalizer)


def _any_place(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether the relation's range holds places of any size, a town as well as a country (a
    ``Place``, a ``City``), not regions alone (a ``Country``, a ``State``, a ``Province``)."""
    if relation.range is None or not holds_places(relation.range, normalizer):
        return False
    return re.search(r"(?i:country|nation|state|province)", local_name(relation.range)) is None


_NEAR = re.compile(r"^(?:near|outside|close to)\s+(?=[A-Z])")
"""What a place is near, after it: ``Waterloo, near Brussels``."""


def address(value: str, language: Language) -> bool:
    """Whether a line is a place and where it lies, three names or more between commas, each
    capitalised and none joined to another (``Candia (Heraklion), Crete, Republic of Venice``,
    ``Mittelberg, near Nebra, Saxony-Anhalt``: what it is near a gloss; ``Paris, Lyon and
    Marseille`` lists three)."""
    parts = [_NEAR.sub("", p.strip()) for p in COMMA.split(value.strip().rstrip("."))]
    joined = any(w in language.joins for p in parts for w in p.split())
    return len(parts) >= 3 and not joined and all(p[:1].isupper() and names_only(p, language) for p in parts)


_LAND_FORM = re.compile(r"(?<=\w) (?:river )?(?:valley|basin|delta|plateau|highlands|lowlands|plains|coast|region)$")
"""A land form's word after a place's name, in lower case: ``Yangtze River valley``, ``Po basin``."""


def lies_in(value: str, language: Language) -> bool:
    """Whether a line is a place and the larger regions it lies in, between commas: its last part
    a country, a state or their abbreviation, each region before it smaller than the next
    (``Atlanta, Georgia, U.S.``, ``Cologne, Germany``, ``Mascot, Sydney, New South Wales``, a
    land form's word after a name too: ``Yangtze River valley, China``); not
    ``Spain, Portugal, France``, ``Texas, Oklahoma, USA`` nor ``Pretoria, Cape Town,
    Bloemfontein``, which list."""
    parts = [p.strip() for p in COMMA.split(value.strip())]
    named = [_LAND_FORM.sub("", re.sub(r"\s(?:am|an|an der|im|upon|sur)\s", " ", p)) for p in parts]  # "Frankfurt am Main", "Stratford-upon-Avon"
    if len(parts) < 2 or not all(p[:1].isupper() and names_only(p, language) for p in named):
        return False
    if any(w in language.joins for w in parts[0].split()):  # "Spain and Portugal, France": no one place
        return False
    ranks = [region_rank(p, last=False) for p in parts[:-1]] + [region_rank(parts[-1], last=True)]
    return ranks[-1] > 0 and ranks[0] < ranks[-1] and all(r < after for r, after in zip(ranks, ranks[1:]) if r)


_REGION_CLASSES = re.compile(r"(?i:country|state|region|nation|province|territor|area|place|location|county|continent|district|island|geo)")
"""A class whose name says it may hold a region: its answers are the regions themselves (``Located in: Bavaria, Germany``)."""


def in_regions(value: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether a line is one place of a relation's range and the regions it lies in
    (:func:`lies_in`): a range of settlements or sites (a city, an airport), or of regions where
    the head is no place (:func:`_regions_of_a_thing`: ``Santa Rosa, California`` of a cultivar's
    region of origin is Santa Rosa); never a range of regions a place lies in (``Cologne,
    Germany`` of a country is Germany), nor a region the store or reference types as the range
    (``Austria, Switzerland`` of a country's neighbours)."""
    if relation.range is None or not holds_places(relation.range, normalizer):
        return False
    if _REGION_CLASSES.search(local_name(relation.range)) and not _regions_of_a_thing(relation, normalizer):
        return False
    last = split_bracketed(COMMA.split(value)[-1].strip(" ."))[0]
    return lies_in(value, normalizer.language) and not normalizer.of_class(last, relation.range)


_LARGE_REGIONS = re.compile(r"(?i:country|nation|state|province|continent)")
"""A class of regions no town or county is one of: ``Cologne, Germany`` of a country is Germany."""


_WHENCE = re.compile(r"(?i:origin|born|birth|died|death|native|source)")
"""A relation's words that say its answer is the one place a thing comes from or ended in."""


def _regions_of_a_thing(relation: Relation, normalizer: Normalizer) -> bool:
    """Whether a relation's answers are regions of any size (a ``Region``, an ``Area``; not a
    ``Country``), the one place a head that is no place comes from or died in (:data:`_WHENCE`: a
    cultivar's region of origin, a person's place of death; not the areas a storm affected), and
    not transitive: one place and the regions it lies in are one answer, the
    place, as a birthplace is (``Clay County, West Virginia, USA``); of a place's own regions
    (``locatedIn`` of a city: Kyoto lies in Japan) each region is an answer."""
    if relation.range is None or _LARGE_REGIONS.search(local_name(relation.range)) or relation.domain is None:
        return False
    if not _WHENCE.search(" ".join((relation.name, *relation.synonyms))):
        return False  # "Beira, Mozambique" of areas a storm affected: both
    transitive = normalizer.domain is not None and relation.iri in normalizer.domain.index.transitive
    return not transitive and not holds_places(relation.domain, normalizer)


def _named_after_region(value: str) -> bool:
    """Whether a place written with the region it lies in is a town named after another region
    no smaller than that one (a state in a state, a country in a state), its name the whole line:
    ``Florida, Missouri``, ``Victoria, Texas``, ``Washington, Georgia``; not ``Georgia, USA`` nor
    ``Victoria, Australia`` (the state in its country), ``New York, New York`` (the city in its
    state), ``Paris, Texas`` (no region's name: read as any town is)."""
    parts = [p.strip(" .") for p in COMMA.split(value.strip())]
    if len(parts) != 2 or not all(p[:1].isupper() for p in parts) or parts[0] == parts[1]:
        return False
    town, region = region_rank(parts[0], last=False), region_rank(parts[1], last=False)
    return town > 0 and region > 0 and town >= region


def one_place(value: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether a user's cell of a relation whose range holds places, regions too (a ``Place``), is
    one settlement and the larger regions it lies in (:func:`lies_in`): ``Galveston, Texas``,
    ``New Orleans, Louisiana``, ``Arica, Chile`` are one place each, as a list item ``1. New
    Orleans, Louisiana`` is, never the place and its state as two (``Texas, Louisiana`` lists).
    Of a cell only: a chat line ``Kyoto, Japan`` or ``Auvergne-Rhône-Alpes, France`` answering
    where a place lies names the regions it lies in, each an answer."""
    if not _any_place(relation, normalizer):
        return False  # "Cologne, Germany" of a country is Germany
    return not re.search(r"[:;]|[a-z]{2}\.\s", value) and region_rank(COMMA.split(value)[0].strip(), last=False) == 0 and lies_in(value, normalizer.language)


def near_place(value: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether a line of a relation whose range holds places says near which place, and where
    that lies, its answer is (:data:`extractors.normalize.NEAR_PLACE`): ``Near Beira, Mozambique``,
    ``Near Cuixmala, Jalisco, Mexico`` are one place each (a line without "near" may list:
    ``Beira, Mozambique`` of areas affected); not ``Near East, Africa``, whose rest lies in no region."""
    lead = NEAR_PLACE.match(value.strip())
    if lead is None or not _any_place(relation, normalizer):
        return False
    place = value.strip()[lead.end() :]
    return region_rank(COMMA.split(place)[0], last=False) == 0 and lies_in(place, normalizer.language)


def name_and_where(value: str, relation: Relation, normalizer: Normalizer, words: set[str]) -> bool:
    """Whether a one-value relation's answer of a range of no places is one name and where it
    lies after its commas: ``Harland and Wolff, Belfast``, ``Blohm & Voss, Hamburg``, ``Framnæs
    shipyard, Sandefjord, Norway`` (the range's own word in the name), each part after the first
    capitalised names alone and none of the range (``Harland and Wolff, Blohm & Voss`` names two
    shipyards); the first a name the store or the reference knows whole or names alone."""
    parts = [p.strip() for p in COMMA.split(value.strip().rstrip("."))]
    language = normalizer.language
    if relation.range is None or len(parts) < 2 or not all(parts) or holds_places(relation.range, normalizer):
        return False
    if not all(p[:1].isupper() and names_only(p, language) and not any(w in language.joins for w in p.split()) for p in parts[1:]):
        return False
    if any(normalizer.of_class(split_bracketed(p)[0], relation.range) for p in parts[1:]):
        return False
    first = split_bracketed(parts[0])[0].strip()
    unkinded = " ".join(w for w in first.split() if w.casefold() not in words)
    return normalizer.knows(first) or first[:1].isupper() and names_only(unkinded, language)


_INITIALS = re.compile(r"\((?:[A-Z][A-Za-z]?){2,}\)")
"""An organisation's initials in brackets after its name: ``Fábrica Nacional de Moneda y Timbre (FNMT)``."""


_ORGANISATION_NAME = re.compile(
    r"[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|de|del|de la|des|du|di|y|e|and|of|the|für|der|van|von))*(?:\s+\((?:[A-Z][A-Za-z]?){2,}\))?")
"""An organisation's name, capitalised words and the particles between them, its initials after it in brackets."""


def organisation_and_place(value: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the organisation, where it lies) of an answer of a range of no places that names one
    thing of the range and, after one comma, a place: ``Royal Canadian Mint, Ottawa`` of a coin's
    mints is the Royal Canadian Mint, Ottawa its note (never a mint "Ottawa"); ``Fábrica Nacional
    de Moneda y Timbre (FNMT), Madrid`` so too. The thing says it is one (the range's own word in
    its name, or its initials after it; a known one of the range may be a person before another,
    ``Freddie Mercury, Brian May``), its name capitalised words alone; the place is one to three
    capitalised words, no known entity, none of the range's words nor joined ("Royal Mint, Perth
    Mint", "Harvard University, Yale University" list two; "Parlophone, Capitol" names no kind;
    "Paris, Texas" of a place is a place). None else."""
    parts = [p.strip() for p in COMMA.split(value.strip().rstrip("."))]
    if relation.range is None or len(parts) != 2 or not all(parts) or holds_places(relation.range, normalizer) or normalizer.names(value):
        return None
    name, place = parts
    kinds = _kinds_of(relation.range, normalizer)
    place_words = place.split()
    if not 1 <= len(place_words) <= 3 or not all(w[:1].isupper() for w in place_words) or any(w.casefold() in kinds for w in place_words):
        return None
    if normalizer.names(place) or not re.fullmatch(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)*", place):
        return None
    bare = split_bracketed(name)[0].strip()
    kinded = any(w.casefold() in kinds for w in bare.split()[1:])
    if not _ORGANISATION_NAME.fullmatch(name) or not (kinded or _INITIALS.search(name)):
        return None
    return name, place


def known_with_commas(value: str, normalizer: Normalizer) -> bool:
    """Whether a line with a comma is, whole, a name the store or the reference holds: the
    reference's ``Gettysburg, Pennsylvania`` is that place, never Gettysburg and its state
    (``Sharpsburg, Maryland``, unknown whole, is read as before)."""
    return "," in value and normalizer.names(value)


def qualified(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str | None]:
    """(name, qualifier) of a functional relation's one answer (:func:`split_qualifier`); a
    name the store holds, comma and all, stays whole. Where the store or the reference types a
    part as the relation's range, that part is the answer: ``Manchester, England`` of a country
    is England (Manchester its gloss), ``England, UK`` England (two known countries: the first),
    ``Oslo, Norway`` of a city Oslo; never the two as one new entity."""
    if normalizer.knows(tail):
        return tail, None
    parts = [p.strip() for p in COMMA.split(tail, maxsplit=1)]
    if _any_place(relation, normalizer) and _named_after_region(tail):
        return tail, None  # "Florida, Missouri": the town, never the state Florida
    if relation.range is not None and len(parts) == 2 and all(parts):
        first, second = (normalizer.of_class(split_bracketed(p)[0], relation.range) for p in parts)
        if first or second and _any_place(relation, normalizer) and lies_in(tail, normalizer.language):
            return parts[0], parts[1].rstrip(" .")  # "Aracataca, Colombia" of a birthplace: Aracataca, a known Colombia or not
        if second:
            return parts[1].rstrip(" ."), parts[0]
    if _named_with_regions(tail, relation, normalizer):
        return _regions_named(tail), None
    return split_qualifier(tail)


_WITHIN = re.compile(r",\s+(?:in|within|inside|part of)\s+(?:the\s+)?(?P<place>[^,;()]+?)[\s.]*$", re.IGNORECASE)
"""What says where a place lies after its comma: "Challenger Deep, in the Mariana Trench"."""


def within_known(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the known place, the name before it) of an answer that names a place and, after a comma,
    the known thing of the relation's range it lies in: "Challenger Deep, in the Mariana Trench"
    of a deepest trench is the Mariana Trench, Challenger Deep its gloss (the part the reference
    types as the relation's range is the answer); None where the place after "in" is no known one
    of the range ("Aracataca, in Colombia" of a birthplace) or the name before is one ("Manchester,
    in England" of a city)."""
    found = _WITHIN.search(tail)
    if found is None or relation.range is None or normalizer.names(tail):
        return None
    name = tail[: found.start()].strip()
    if not name or normalizer.of_class(found["place"], relation.range) is not True or normalizer.of_class(name, relation.range) is not None:
        return None
    return found["place"], name


_AT_PLACE = re.compile(r"^(?P<name>[A-Z][^,;()]*?)\s+at\s+(?P<place>[A-Z][^;()]*?)[\s.]*$")
"""A name and the place it is given at, with where that lies after a comma: "Mississippi River at Cairo, Illinois"."""


def _kinds_of(cls: URIRef, normalizer: Normalizer) -> set[str]:
    """The words that say a thing is of ``cls`` or a class under it, the last word of each class's
    label (``river``, ``lake`` of a ``WaterBody`` whose subclasses are ``River`` and ``Lake``)."""
    index = normalizer.domain.index if normalizer.domain is not None else None
    if index is None:
        return set()
    return {words[-1].casefold() for c in index.classes if cls in index.ancestors(c) and (words := index.label(c).split())}


def at_place(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the name, where as a note) of an answer that names a thing of the relation's range "at" a
    place, where it lies after a comma: "Mississippi River at Cairo, Illinois" of a river's mouth
    is the Mississippi River, "at Cairo, Illinois" its note (never the known river Illinois after
    the comma); the name is a known one of the range or ends in a word of the range's kinds
    ("River", "Lake"). None where the whole is known, the place is no names ("Murder at the
    Vicarage") or the name is neither ("Breakfast at Tiffany's", "Sunset at Montmajour")."""
    found = _AT_PLACE.match(tail.strip())
    if found is None or relation.range is None or normalizer.names(tail) or not names_only(found["place"], normalizer.language):
        return None
    name = found["name"].strip()
    kinded = name.split()[-1].casefold() in _kinds_of(relation.range, normalizer) and len(name.split()) > 1
    if not kinded and normalizer.of_class(name, relation.range) is not True:
        return None
    return name, f"at {found['place']}"


_AT_ORGANISATION = re.compile(
    r"^(?P<person>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})\s+at\s+(?:the\s+)?(?P<organisation>[A-Z][^,;()]*?)(?P<where>\s*,[^;()]*)?[\s.]*$")
"""A person's name and the organisation they worked at: ``Gonjiro Inazuka at the Iwate Prefecture
Agricultural Experiment Station, Japan``."""
_ORGANISATION_WORDS = frozenset(
    "station institute institution university college centre center laboratory laboratories academy school society company "
    "corporation foundation agency ministry department council observatory hospital".split())
"""The last word of an organisation's name that says it is one (``... Experiment Station``, ``... Research Institute``)."""


def person_at_organisation(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the organisation, the person and where as a note) of an answer of a relation whose range
    holds no people nor places that names a person "at" an organisation: ``Gonjiro Inazuka at the
    Iwate Prefecture Agricultural Experiment Station, Japan`` of a cultivar's breeding institution
    is the station (the breeder a note, never the whole phrase an institution). The person is two
    to four capitalised words, the organisation's last word one that says it is one (Station,
    Institute, University: :data:`_ORGANISATION_WORDS`) or the range's; None else ("Breakfast at
    Tiffany's", "Night at the Museum", "Murder at the Vicarage"), where the whole is known, or the
    person is the store's thing of the range."""
    found = _AT_ORGANISATION.match(tail.strip())
    if found is None or relation.range is None or holds_places(relation.range, normalizer) or normalizer.names(tail):
        return None
    organisation = found["organisation"].strip()
    last = organisation.split()[-1].casefold()
    if last not in _ORGANISATION_WORDS | _kinds_of(relation.range, normalizer) or normalizer.of_class(found["person"], relation.range) is True:
        return None
    where = (found["where"] or "").strip(" ,.")
    return organisation, "; ".join(filter(None, (found["person"], where)))


_PLACES_OWN = re.compile(r"^(?:the\s+)?(?P<place>[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3})['’]s\s+(?P<name>\S.*)$")
"""A place's possessive before a name: "the UK's MHRA", "Japan's PMDA"."""


def places_own(tail: str, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the known name, the place) of an answer that names a known entity after a country's, a
    territory's or a state's possessive: "the UK's MHRA" is the known MHRA, "the UK" its note;
    None where the name after it is no known one ("Ireland's Eye", "Japan's PMDA" unknown), the
    possessive no place's ("Schindler's List", "Hobson's Choice") or the whole a known name."""
    found = _PLACES_OWN.match(tail.strip())
    if found is None or normalizer.names(tail):
        return None
    place = found["place"]
    if region_rank(place, last=True) == 0 and place.replace(".", "") not in SHORT_FORMS:
        return None
    return (found["name"].strip(), place) if normalizer.names(found["name"]) else None


_COMPASS_PART = re.compile(
    r"^(?P<part>(?:North|South|East|West)(?:ern)?|(?:North|South)(?:east|west)(?:ern)?|Central)\s+(?P<name>[A-Z][^,;()]*?)(?P<rest>\s*,.*)?$")
"""A compass word before a name, and what follows its comma: "Western Pacific Ocean, east of the Mariana Islands"."""
_COMPASS_NAMED = frozenset(
    "North America|South America|Central America|Central Asia|East Asia|South Asia|Southeast Asia|West Africa|East Africa|"
    "North Africa|South Africa|Central Africa|Southern Africa|Western Europe|Eastern Europe|Central Europe|Northern Europe|"
    "Southern Europe|South Georgia|Northern Territory|South Island|North Island|West Bank|East Anglia|North Sea|South China Sea|"
    "East China Sea|West Indies|East Indies|Central Park|West End|East End|South Pole|North Pole|East Germany|West Germany|"
    "North Vietnam|South Vietnam|North Yemen|South Yemen|East Pakistan|West Pakistan|East Berlin|West Berlin|South Tyrol|"
    "North Rhine-Westphalia|South Ossetia|North Ossetia|West Java|East Java|Central Java|West Bengal|North West".split("|"))
"""Names a compass word opens that are names of their own, not a part of the rest (beside the
countries, states and territories of :mod:`extractors.regions`)."""


def compass_part(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str] | None:
    """(the known name, the part as a note) of an answer that names a compass part of a known entity:
    "South Pacific Ocean" and "Western Pacific Ocean, east of the Mariana Islands" are the Pacific
    Ocean; None where the whole is known, the name after the compass word is no known one, or the
    whole is a name of its own ("North America", "South Africa", "North Korea", "South Sudan",
    "Western Australia", "North Sea", "Central Park": :data:`_COMPASS_NAMED`, a country, a state
    or a territory), or the known entity is typed no thing of the relation's range ("South Pacific",
    the musical, of a known Pacific Ocean)."""
    found = _COMPASS_PART.match(tail.strip())
    if found is None:
        return None
    whole = f"{found['part']} {found['name']}".strip()
    if whole in _COMPASS_NAMED or region_rank(whole, last=True) or whole in REALMS or normalizer.names(whole) or normalizer.names(tail):
        return None
    if not normalizer.names(found["name"]) or relation.range is None or normalizer.of_class(found["name"], relation.range) is False:
        return None
    return found["name"].strip(), tail.strip()


def split_placed(tail: str, relation: Relation, normalizer: Normalizer) -> tuple[str, str | None]:
    """(name, where it lies) of an answer of a relation with several values whose part after its
    comma the store or the reference types as no thing of the relation's range: ``Baikonur
    Cosmodrome, Kazakhstan`` of a launch site, Kazakhstan a country; else ``(tail, None)``."""
    parts = [p.strip() for p in COMMA.split(tail, maxsplit=1)]
    if relation.range is None or len(parts) != 2 or not all(parts) or normalizer.names(tail):
        return tail, None
    if _named_with_regions(tail, relation, normalizer):
        return _regions_named(tail), None
    if in_regions(tail, relation, normalizer) or normalizer.of_class(parts[1].rstrip(" ."), relation.range) is False and normalizer.of_class(split_bracketed(parts[0])[0], relation.range) is not False:
        return parts[0], parts[1].rstrip(" .")
    return tail, None


def _named_with_regions(tail: str, relation: Relation, normalizer: Normalizer) -> bool:
    """Whether an answer is a place and the state or province it lies in (:func:`in_regions`)
    that names the place so, as a file's row or a JSON answer names it: ``Cambridge,
    Massachusetts`` is not the ``Cambridge`` of another answer (the English one); a place with
    its country only is the place (``Bonn, Germany``: a city's name repeats from state to state
    more than from country to country, and a country after a city is how models place it), a
    place the reference knows by its name alone is that place (``Hämeenlinna, Finland``), and a
    site is where it lies (``Guiana Space Centre, France``)."""
    parts = COMMA.split(tail)
    place = split_bracketed(parts[0].strip())[0].strip()
    range_name = local_name(relation.range) if relation.range is not None else ""
    settlement = _SETTLEMENTS.search(range_name) is not None and not _REGION_CLASSES.search(range_name)  # a "Place" holds regions too
    return (settlement and len(parts) > 1 and region_rank(parts[1], last=False) == 1 and in_regions(tail, relation, normalizer)
            and not normalizer.in_reference(place) and "(" not in tail)


_SETTLEMENTS = re.compile(r"(?i:city|town|village|settlement|municipal|place|locality|location)")
"""A class whose name says it holds settlements, whose names repeat from region to region
(``Cambridge``, ``Paris, Texas``); a site's (``Baikonur Cosmodrome, Kazakhstan``) is its own."""


def _regions_named(tail: str) -> str:
    """A place and its state as its name, the country after them dropped (``Atlanta, Georgia,
    U.S.`` is ``Atlanta, Georgia``) and a sentence's full stop."""
    parts = [p.strip(" .") for p in COMMA.split(tail.strip())]
    while len(parts) > 2 and region_rank(parts[-1], last=True) == 2:
        parts.pop()
    return ", ".join(parts)


_SIDE = re.compile(r"^(?:the\s+)?(?:(?i:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?")
"""An article and a compass word before a region's name: ``the northeastern United States``."""


def regions_joined(value: str, normalizer: Normalizer) -> list[str] | None:
    """The parts of two or more regions a join word joins, each a country, a state or a province
    (:func:`region_rank`, a compass word before it aside) and a gloss in brackets after the last
    on them all: ``Tasmania and Victoria (southeastern Australia)``, ``Eastern Canada and the
    northeastern United States``; None without a join word (``Georgia, USA``: a state and its country), where a part is none (``Bosnia and Herzegovina``,
    ``Trinidad and Tobago``: one country's name) or the whole is known."""
    name, gloss = split_bracketed(value.strip().rstrip("."))
    joined = "|".join(map(re.escape, normalizer.language.joins))
    parts = [p.strip() for p in re.split(rf",?\s+(?:{joined})\s+|,\s+", name)]
    if not re.search(rf"\s(?:{joined})\s", name) or len(parts) < 2 or normalizer.names(name) or not all(region_rank(_SIDE.sub("", p), last=False) for p in parts):
        return None
    return [re.sub(r"^the\s+", "", p) + (f" ({gloss})" if gloss else "") for p in parts]  # the gloss is of each


def listed_countries(value: str, relation: Relation, normalizer: Normalizer) -> list[str] | None:
    """The countries a line of a relation with several places as its answers lists between
    commas, each an answer with the line's gloss: ``Guyana, Suriname (as a tropical wave)`` is two
    (a cell of a user's table gives two so); None where a part is no country or could name a
    state a country goes on with (``Georgia, United States``: the state), or the store knows the
    whole (``Bonaire, Sint Eustatius and Saba``)."""
    if not ranges_over_places(relation, normalizer) or normalizer.names(value):
        return None
    name, gloss = split_bracketed(value.strip().rstrip("."))
    parts = [p.strip() for p in COMMA.split(name)]
    if len(parts) < 2 or not all(region_rank(p, last=False) == 2 for p in parts):
        return None
    return [f"{p} ({gloss})" for p in parts] if gloss else parts
