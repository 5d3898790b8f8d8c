"""A domain folder from an ontology someone already has (``kg domain new DIR --ontology FILE``).

A knowledge engineer with an OWL ontology (Turtle, or RDF/XML as Protégé saves it; N-Triples,
N3, TriG, JSON-LD are converted) gets the folder format of ``ontologies/README.md`` without
writing it by hand:

- the ontology, kept as it is (Turtle or RDF/XML) or converted to ``ontology.ttl``;
- ``relations.toml``: one ``[relations.X]`` per ``owl:ObjectProperty`` and
  ``owl:DatatypeProperty`` (an RDFS vocabulary's ``rdf:Property`` is typed as one by its
  range, in the ``ontology.ttl`` written), its prompt derived from the property's label
  (``rdfs:label``, else ``skos:prefLabel``, else its local name split: ``dependsOn`` → "depends on"), its range (the
  class's label, or what kind of value a datatype is) and whether it is functional; its
  verbalization ``{head} LABEL {tail}``; synonyms from the label, the split local name and
  ``skos:altLabel``; the comment (``rdfs:comment``, ``skos:definition``) as its description;
  few-shot examples from what the ontology itself asserts with the property about named things;
- ``shapes.ttl``: a label shape, and a note that domains, ranges, datatypes, functional and
  other property characteristics are checked from the ontology itself (shapes are for what it
  cannot say: value ranges, patterns);
- ``seeds.txt``: the labels of the ontology's named individuals, if it has any;
- ``README.md``: what was derived from what, and what to review.

The prompts are cloze questions that read whatever the label's grammar ("depends on", "capital
of", "has capital", "license"): ``Which packages complete "numpy depends on ___"? List them, one
per line.`` Edit them into plain questions where you like; ``load_domain`` checks the folder at
the end, so what is written always loads.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import split_uri

from kg.errors import DomainArgumentError, OntologyError
from kg.iri import mint_iri
from kg.namespaces import RESOURCE
from kg.units import UNITS, asked_as, unit_named

__all__ = ["DerivedDomain", "scaffold_domain"]

_PARSERS = {
    ".ttl": "turtle", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".nt": "nt", ".n3": "n3",
    ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld",
}
_KEPT = {".ttl": "ontology.ttl", ".owl": "ontology.owl", ".rdf": "ontology.rdf"}

_VALUE_KINDS = [  # what to ask for, by the datatype a data property takes
    ({"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
      "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"}, "a whole number"),
    ({"decimal", "double", "float"}, "a number"),
    ({"gYear"}, "a year"),
    ({"date"}, "a date (YYYY-MM-DD)"),
    ({"dateTime", "dateTimeStamp"}, "a date and time (YYYY-MM-DDThh:mm:ss)"),
    ({"boolean"}, "yes or no"),
    ({"duration", "dayTimeDuration"}, "a length of time (hours:minutes:seconds)"),
    ({"anyURI"}, "a URL"),
]


_TEXT = "a short text"
"""What a data property of a datatype no other kind names (xsd:string, rdf:langString) takes."""

_ESTIMATED = re.compile(
    r"\b(?:per\s+(?:year|annum|month|day)|annual|yearly|monthly|daily|sold|sales|speakers|population|inhabitants|residents"
    r"|visitors|passengers|users|subscribers|viewers|viewership|audience|circulation|downloads|employees|attendance)\b",
    re.IGNORECASE,
)
"""A count people estimate and round, no exact one: passengers per year, copies sold, speakers of a language."""
_MONEY = re.compile(
    r"\b(?:box office|budget|gross(?! tonnage)|revenue|price|cost|income|earnings|salary|turnover|profit|net worth|market cap\w*|funding)\b",
    re.IGNORECASE,
)
"""A data property's label that names a sum of money: its prompt asks for the figure in one
currency (``extractors.figures`` quarantines a figure in another)."""


MIN_KINDS = 5
"""Fewest most-specific classes taken as seeds of an ontology that models its things as
classes (pizza.owl has 58); fewer are categories, not things to ask about."""


@dataclass(frozen=True)
class DerivedDomain:
    """What :func:`scaffold_domain` wrote: the folder, the domain's name, prefix and namespace,
    the relations (name → prompt), the seeds found, and notes on what it left out."""

    folder: Path
    name: str
    prefix: str
    namespace: str
    relations: dict[str, str]
    seeds: int
    notes: tuple[str, ...]


def scaffold_domain(
    ontology: str | Path,
    folder: str | Path,
    *,
    name: str | None = None,
    prefix: str | None = None,
    namespace: str | None = None,
) -> DerivedDomain:
    """Write a domain folder in ``folder`` (absent or empty) from the OWL ontology in the file
    ``ontology`` (see the module docstring). ``name`` (default: the folder's name), ``prefix`` and
    ``namespace`` (default: the namespace most of the ontology's properties share, and the prefix
    the file gives it) go to ``[domain]``. The folder is checked with ``load_domain`` before this
    returns; on any error nothing is left behind."""
    source = Path(ontology).expanduser()
    target = Path(folder).expanduser()
    if not source.is_file():
        raise OntologyError(f"no ontology file at {str(source)!r}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DomainArgumentError(f"{str(target)!r} exists and is not an empty folder; name a new one")
    graph = _read(source)
    declared = _declare_rdfs_properties(graph)
    properties = sorted(
        {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    )
    if not properties:
        raise OntologyError(
            f"{source}: declares no owl:ObjectProperty, owl:DatatypeProperty or rdf:Property; a domain asks the teacher "
            "about properties"
        )
    namespace = namespace or _main_namespace(properties)
    prefix = prefix or _prefix_for(graph, namespace)
    name = name or target.name
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", prefix):
        raise DomainArgumentError(f"prefix {prefix!r} is not a SPARQL prefix name (letters, digits, _ . -, not starting with a digit)")
    from kg.namespaces import PREFIXES

    if PREFIXES.get(prefix, namespace) != namespace:
        raise DomainArgumentError(f"prefix {prefix!r} is the project's, for <{PREFIXES[prefix]}>; choose another (--prefix)")
    notes: list[str] = []
    for shadowed, ns in _shadowed(source).items():  # said once, here: the domain's prefix names its namespace from now on
        notes.append(f"the ontology's @prefix {shadowed}: <{ns}> is kg's own <{PREFIXES[shadowed]}> in every query, export and "
                     + (f"display: this domain names <{ns}> {prefix}: (relations.toml's prefix); write {prefix}:NAME, not {shadowed}:NAME"
                        if ns == namespace else f"display; declare another prefix for <{ns}>"))
    imports = sorted(str(o) for o in graph.objects(None, OWL.imports))
    if imports:
        notes.append(
            f"the ontology imports {', '.join(imports[:3])}{' ...' if len(imports) > 3 else ''}, which is not read here: "
            "merge the imports into one file first (e.g. robot merge -i IN -o merged.owl) for their properties and classes"
        )
    if declared:
        notes.append(
            f"{declared} rdf:Property declarations (an RDFS vocabulary) were typed owl:ObjectProperty or owl:DatatypeProperty "
            "by their ranges, in the ontology.ttl written here"
        )
    relations = _relations(graph, properties, namespace, notes)
    if bounded := [r.name for r in relations if r.non_negative]:
        notes.append(_bounds_note(bounded))
    seeds, seeds_from = _seeds(graph, properties)
    target.mkdir(parents=True, exist_ok=True)
    try:
        kept = _write_ontology(graph, source, target, changed=bool(declared))
        reference = _reference(graph, relations)
        # relations with domain classes: a head the store or reference.ttl types (a Mountain) is not
        # asked a relation of a class disjoint with its own (a River's length: 139 of 256 prompts were)
        typed = any(isinstance(d, URIRef) for r in relations for d in graph.objects(r.iri, RDFS.domain))
        (target / "relations.toml").write_text(
            _relations_toml(name, prefix, namespace, graph, relations, by_type=typed), encoding="utf-8"
        )
        (target / "shapes.ttl").write_text(_SHAPES + "".join(_bound(r) for r in relations if r.non_negative), encoding="utf-8")
        (target / "seeds.txt").write_text(
            "# one head (a name to ask the teacher about) a line\n" + "".join(f"{s}\n" for s in seeds), encoding="utf-8"
        )
        facts = sum(1 for r in relations for _ in reference.triples((None, r.iri, None)))
        if len(reference):  # its individuals' names and classes, even where it asserts no fact of them
            reference.bind(prefix, namespace)
            reference.bind("res", RESOURCE)
            (target / "reference.ttl").write_text(_REFERENCE_HEAD + reference.serialize(format="turtle"), encoding="utf-8")
            named = len(set(reference.subjects(RDFS.label, None)))
            notes.append((f"the ontology's own facts about its individuals ({facts}) are in reference.ttl, which a teacher's "
                          "claims are checked against; delete it if they are only illustrations." if facts else
                          f"the ontology's named individuals ({named}) are in reference.ttl with their labels, other names and "
                          "classes (it asserts no fact of them to check a claim against): a teacher's name for one is that one.")
                         + " Each individual is there under the IRI its name mints (res:zeus for a Zeus of the ontology's own "
                         "namespace), not its own IRI: a run's facts go onto that IRI; ask by the name (kg why, rdfs:label)")
        (target / "README.md").write_text(_readme(name, source, kept, relations, seeds, seeds_from, notes), encoding="utf-8")
        from kg.ontology import load_domain

        load_domain(target)  # what was written loads, or nothing is left
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return DerivedDomain(target, name, prefix, namespace, {r.name: r.prompt for r in relations}, len(seeds), tuple(notes))


# -- reading -----------------------------------------------------------------------------------


def _read(source: Path) -> Graph:
    suffix = source.suffix.lower()
    if suffix in (".owx", ".omn", ".ofn"):
        raise OntologyError(
            f"{source}: OWL/XML, Manchester and functional syntax cannot be read here; save the ontology as "
            "RDF/XML or Turtle (Protégé: File > Save as...), or convert it: robot convert -i IN -o ontology.ttl"
        )
    graph = Graph()
    try:
        graph.parse(source, format=_PARSERS.get(suffix, "turtle"))
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds; the user gets one line
        raise OntologyError(f"{source}: cannot read it as {_PARSERS.get(suffix, 'turtle')} ({type(exc).__name__}: {exc})"[:400]) from None
    return graph


def _declare_rdfs_properties(graph: Graph) -> int:
    """Type each ``rdf:Property`` the ontology does not type in OWL (an RDFS vocabulary: Dublin
    Core, schema.org's ``rangeIncludes`` aside) as the domain folder needs it: a data property when
    its range is a datatype (``xsd:``, ``rdfs:Literal``), else an object property. How many."""
    owl_kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    count = 0
    for prop in set(graph.subjects(RDF.type, RDF.Property)):
        if not isinstance(prop, URIRef) or any((prop, RDF.type, kind) in graph for kind in owl_kinds):
            continue
        ranges = [r for r in graph.objects(prop, RDFS.range) if isinstance(r, URIRef)]
        literal = any(str(r).startswith(str(XSD)) or r == RDFS.Literal for r in ranges)
        graph.add((prop, RDF.type, OWL.DatatypeProperty if literal else OWL.ObjectProperty))
        count += 1
    return count


def _main_namespace(properties: list[URIRef]) -> str:
    spaces = Counter(_split(p)[0] for p in properties)
    return spaces.most_common(1)[0][0]


def _split(iri: URIRef) -> tuple[str, str]:
    try:
        return split_uri(iri)
    except ValueError:
        text = str(iri)
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        return text[:cut], text[cut:]


def _shadowed(source: Path) -> dict[str, str]:
    """The prefixes the ontology file declares for a namespace other than the project's prefix of
    that name (``@prefix sh: <https://example.org/ships#>``; sh: is SHACL's in every query)."""
    from kg.namespaces import PREFIXES
    from kg.ontology import declared_prefix_pairs

    return {p: ns for p, ns in declared_prefix_pairs(source.read_text(encoding="utf-8-sig", errors="replace"))
            if p in PREFIXES and PREFIXES[p] != ns and ns}


def _prefix_for(graph: Graph, namespace: str) -> str:
    """The prefix the file binds the namespace to, else one made from its words; never one the
    project gives another namespace (``kg:``, ``res:``), which a query would read as the project's."""
    from kg.namespaces import PREFIXES

    def free(prefix: str) -> bool:
        return PREFIXES.get(prefix, namespace) == namespace

    bindings = {bound: str(ns) for bound, ns in graph.namespaces()}
    for bound, ns in bindings.items():
        # not rdflib's rename of a prefix it binds itself (the file's sh: as sh1, since sh: is SHACL's)
        renamed = re.fullmatch(r"(.*\D)\d+", bound)
        if ns == namespace and bound and free(bound) and not (renamed and bindings.get(renamed[1], namespace) != namespace):
            return bound
    words = re.findall(r"[a-z]+", namespace.lower().split("//", 1)[-1])
    useful = [w for w in words if w not in ("www", "http", "https", "org", "com", "net", "owl", "ontology", "ontologies", "ns")]
    prefix = (useful[-1] if useful else "dom")[:8]
    return prefix if free(prefix) else prefix + "x"


def _english(value: Literal) -> bool:
    return value.language is None or value.language == "en" or value.language.startswith("en-")


def _text(graph: Graph, node: URIRef, *predicates: URIRef) -> str | None:
    """The node's first English (or untagged) value of the first predicate that has one: the
    prompts are English, so a label only in Portuguese ("CoberturaDaPizza") is passed over for
    the local name."""
    for predicate in predicates:
        values = sorted(str(v) for v in graph.objects(node, predicate) if isinstance(v, Literal) and _english(v))
        if values:
            return " ".join(values[0].split())
    return None


def _name(graph: Graph, node: URIRef, *, lower: bool = True) -> str:
    """What a class is called: its English label, else its local name in words."""
    return _text(graph, node, RDFS.label, SKOS.prefLabel) or _words(_split(node)[1], lower=lower)


def _individual(graph: Graph, node: URIRef) -> str:
    """What an individual is called: its English (or untagged) label, else its label in another
    language (the least tag: ``wd:Q2280 rdfs:label "Charles de Gaulle"@fr``; a name, not the
    IRI's "Q2280"), else its local name in words. Of several English labels, the one its local
    name spells, else one that starts with a letter or digit: ``ast:Pluto`` labelled "Pluto" and
    "(134340) Pluto" is Pluto."""
    own = _words(_split(node)[1], lower=False).casefold()
    for predicate in (RDFS.label, SKOS.prefLabel):
        labels = sorted((v.language or "", " ".join(str(v).split())) for v in graph.objects(node, predicate) if isinstance(v, Literal))
        english = sorted(
            (" ".join(str(v).split()) for v in graph.objects(node, predicate) if isinstance(v, Literal) and _english(v)),
            key=lambda text: (text.casefold() != own, not text[:1].isalnum(), text),
        )
        if labels:
            return english[0] if english else labels[0][1]
    return _words(_split(node)[1], lower=False)


def _words(local: str, *, lower: bool = True) -> str:
    """``dependsOn`` → "depends on", ``has_capital`` → "has capital", ``ISBN13`` → "ISBN13";
    ``FourSeasons`` → "Four Seasons", ``goodOmens`` → "Good Omens" with ``lower=False`` (a name)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    if not lower:  # a name: its first letter capital (goodOmens -> "Good Omens")
        return spaced[:1].upper() + spaced[1:] if spaced else spaced
    return " ".join(w if w.isupper() else w.lower() for w in spaced.split())


def _own_casing(term: str) -> bool:
    """Whether ``term``'s capitals are its own, not an identifier's word breaks: a capital
    after one letter or a capital alone ("logP", "pKa", "mRNA", "eGFR"; "dependsOn" and
    "AtLocation" are words run together)."""
    return any(len(part) == 1 and part.isalpha() for part in re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", term).split())


def _noun(name: str) -> str:
    """A class's name as a noun in a sentence: "Person" → "person", "Record label" → "record
    label"; a first word with capitals of its own stays as written ("IUCN conservation status",
    "DNA sequence", "McLaren model", "iPhone model")."""
    first = name.split(" ", 1)[0]
    return name if not first or not first[0].isupper() or any(c.isupper() for c in first[1:]) else name[0].lower() + name[1:]


def _union_classes(graph: Graph, prop: URIRef) -> list[URIRef]:
    """The named classes of ``prop``'s ``rdfs:range [ owl:unionOf (...) ]``, in order; none
    when its range is not such a union."""
    from kg.ontology_index import union_of

    return next((found for node in graph.objects(prop, RDFS.range) if (found := union_of(graph, node))), [])


_IRREGULAR = {"genus": "genera", "phylum": "phyla", "taxon": "taxa", "datum": "data", "data": "data", "criterion": "criteria",
              "phenomenon": "phenomena", "bacterium": "bacteria", "medium": "media", "index": "indices", "matrix": "matrices"}
"""Nouns with no regular plural ("genus": "genera"); "species" and "series" are their own (:func:`_plural`)."""


def _plural(noun: str) -> str:
    """A noun's plural, a phrase's by its last word ("record label": "record labels"), or by the
    word before its "of" ("school of thought": "schools of thought"), each side of an "or" its own
    ("metal or alloy": "metals or alloys"; "rock and roll band" is one noun)."""
    if " or " in noun:
        return " or ".join(_plural(side) for side in noun.split(" or "))
    if (of := re.fullmatch(r"(?P<noun>.+?) (?P<rest>of .+)", noun)) is not None:
        return f"{_plural(of.group('noun'))} {of.group('rest')}"
    head, space, last = noun.rpartition(" ")
    irregular = _IRREGULAR.get(last.casefold())
    if irregular is not None:
        return head + space + (irregular.capitalize() if last[:1].isupper() else irregular)
    if noun.endswith("ies"):  # "species", "series": their own plural
        return noun
    if noun.endswith("sis"):  # "analysis": "analyses"
        return noun[:-2] + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


# -- deriving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Relation:
    name: str
    iri: URIRef
    prompt: str
    verbalization: str
    synonyms: list[str]
    description: str
    source: str  # what the prompt was derived from, for relations.toml's comment
    examples: list[tuple[str, list[str]]]  # few-shot (head, tails) from the ontology's own assertions
    exact: bool = False  # a whole number: a count, checked against the reference with no tolerance (not one people estimate: passengers per year)
    unit: str | None = None  # of kg.units, named by the label: "maximum speed (km/h)"
    tolerance: str | None = None  # a numeric relation's, written to relations.toml (:func:`_tolerance`)
    absolute_tolerance: str | None = None  # a percentage's, in percentage points (:data:`PERCENT_POINTS`)
    non_negative: bool = False  # a count or a measured quantity: shapes.ttl gives it sh:minInclusive 0


def _equivalents(graph: Graph, properties: list[URIRef], notes: list[str]) -> tuple[list[URIRef], set[URIRef]]:
    """``properties`` less the second of each owl:equivalentProperty pair (the two asked the
    same thing twice), and the ones kept that are functional because their equivalent is
    (placeOfBirth ≡ the functional birthPlace got a list prompt)."""
    kept, functional = list(properties), set()
    for a, b in sorted(graph.subject_objects(OWL.equivalentProperty)):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a in kept and b in kept and a != b:
            first, second = sorted((a, b), key=str)
            kept.remove(second)
            if (second, RDF.type, OWL.FunctionalProperty) in graph:
                functional.add(first)
            notes.append(f"{_split(second)[1]}: the same property as {_split(first)[1]} (owl:equivalentProperty), asked once as it")
    return kept, functional


def _relations(graph: Graph, properties: list[URIRef], namespace: str, notes: list[str]) -> list[_Relation]:
    out: list[_Relation] = []
    taken: set[str] = set()
    asked, functional_too = _equivalents(graph, properties, notes)
    for prop in asked:
        ns, local = _split(prop)
        name = re.sub(r"[^A-Za-z0-9_]", "_", local) or "relation"
        if name in taken:  # the same local name in two namespaces
            name = f"{name}_{len(taken)}"
        taken.add(name)
        label_from, label = next(
            ((name, text) for name, p in (("rdfs:label", RDFS.label), ("skos:prefLabel", SKOS.prefLabel)) if (text := _text(graph, prop, p))),
            ("local name", local),
        )
        written = label
        label = _slot_free(label if " " in label or _own_casing(label) else _words(label))  # an identifier as a label: "AtLocation"
        rng = next((r for r in graph.objects(prop, RDFS.range) if isinstance(r, URIRef)), None)
        functional = (prop, RDF.type, OWL.FunctionalProperty) in graph or prop in functional_too
        literal = (prop, RDF.type, OWL.DatatypeProperty) in graph or (rng is not None and str(rng).startswith(str(XSD)))
        blank = f'"{{head}} {label} ___"'
        exact = False  # a whole number's: a count (a sum of money is rounded)
        unit = None
        if literal:
            kind = _value_kind(rng)
            if kind in ("a number", "a whole number") and _MONEY.search(label):  # "box office": a figure of which currency
                kind = f"{kind} (in US dollars)"
            exact = kind == "a whole number" and not _ESTIMATED.search(f"{label} {_words(local)}")  # "~80M passengers" of 79.2 million
            unit = _label_unit(written) if kind in ("a number", "a whole number") else None
            if unit is not None:  # "Nile length ___? ... a number in km": the unit asked once, not read in the cloze
                blank = f'"{{head}} {_slot_free(_label_unit_cut(label))} ___"'
            prompt = _literal_prompt(blank, kind, unit, several=not functional and (kind == _TEXT or rng == RDF.langString))
            if unit is None and kind in ("a number", "a whole number") and (bracket := _LABEL_BRACKET.search(written)):
                notes.append(f"{name}: its label {written!r} ends in ({bracket.group(1)}), no unit kg.units knows: no unit declared, "
                             "figures are read as written (declare one of kg.units in relations.toml if it is a unit)")
            answers = kind + (f" in {unit}, declared as its unit" if unit else
                              ' (declare unit = "kg", "km", "km/h" ... of kg.units to convert figures given in other units)'
                              if kind == "a number" else "")
        else:
            # a range that is a class, or a union of classes (rdfs:range [ owl:unionOf (A B) ])
            members = [rng] if rng is not None else _union_classes(graph, prop)
            things = [_noun(_slot_free(_name(graph, m))) for m in members]
            thing = " or ".join(things) or None
            if functional:
                prompt = f"Which {thing or 'name'} completes {blank}? Answer with one item: its name."
            else:
                plural = " or ".join(_plural(t) for t in things) or "names"
                prompt = f"Which {plural} complete {blank}? List them, one per line."
            answers = thing or "any name"
        synonyms = list(dict.fromkeys(
            [label, _words(local)] + [" ".join(str(a).split()) for a in graph.objects(prop, SKOS.altLabel) if isinstance(a, Literal)]
        ))
        description = _text(graph, prop, RDFS.comment, SKOS.definition) or ""
        out.append(_Relation(
            name=name,
            iri=prop,
            prompt=prompt,
            verbalization=f"{{head}} {label} {{tail}}",
            synonyms=synonyms,
            description=description[:300],
            source=f"label {written!r} ({label_from}); answers: {answers}" + ("; functional: one answer" if functional else ""),
            examples=_examples(graph, prop),
            exact=exact,
            unit=unit,
            tolerance=(tolerance := _tolerance(kind, exact, unit, f"{label} {_words(local)}") if literal else None),
            absolute_tolerance=PERCENT_POINTS if literal and unit == "%" else None,
            # a count, a length, an area, a mass ... is never below 0 (campusArea "-5"); a year, a sum (a profit), an elevation,
            # a percentage (an inflation rate, a growth, a balance of GDP) may be
            non_negative=(tolerance in ("0", "0.002", "0.02") or (tolerance == "0.10" and kind == "a whole number"))
            and unit != "%" and not _YEAR.search(f"{label} {_words(local)}") and not _SIGNED.search(f"{label} {_words(local)}"),
        ))
        if ns != namespace:
            notes.append(f"{name}: in {ns}, not the domain's namespace; its iri is given in relations.toml")
    return out


def _literal_prompt(blank: str, kind: str, unit: str | None, *, several: bool) -> str:
    """A data property's question: one item (asked with no list instruction, kg.prompts.ONE_ITEM),
    or a list where it takes ``several`` values (a text not functional: a plant's common names,
    its synonyms). A number, a year, a date ... is asked once whether functional or not (a
    population or a year founded no ontology declared functional is one value, not a list).

    >>> _literal_prompt('"{head} common name ___"', "a short text", None, several=True)
    'Which values complete "{head} common name ___"? List them, one per line.'
    >>> _literal_prompt('"{head} authority ___"', "a short text", None, several=False)
    'What completes "{head} authority ___"? Answer with one item: a short text.'
    """
    if several:
        return f"Which values complete {blank}? List them, one per line."
    return f"What completes {blank}? Answer with one item: {kind}{f' in {asked_as(UNITS[unit])}' if unit else ''}."


_YEAR = re.compile(r"(?<!per )\byear\b", re.IGNORECASE)
"""A whole number's label that names a year ("year founded"; not "passengers per year"): no count, no bound at 0."""
_SIGNED = re.compile(
    r"\b(?:elevation|altitude|temperature|temp|sea\s+level|below|depression|anomaly|change|difference|balance|latitude|longitude)\b",
    re.IGNORECASE,
)
"""A data property's label that names a quantity that may be below 0 ("elevation": the Dead Sea's is -430 m; a
temperature, a depth below a level, a change): no bound at 0."""
_MEASURED = re.compile(
    r"\b(?:length|height|tall|elevation|altitude|depth|width|breadth|thickness|area|volume|mass|weight|speed|velocity"
    r"|distance|diameter|radius|span|discharge|capacity|thrust|power|density)\b",
    re.IGNORECASE,
)
"""A data property's label that names a measured quantity: measured to a few parts in a hundred."""
_TOLERANCE_SAYS = {
    "0": 'a count is exact; a figure people round (a population) takes more: see "Numeric tolerance" in ontologies/README.md',
    "0.01": "a temperature: within 1 % of the reference's figure in kelvin",
    "0.002": "an air pressure (hPa, mbar, inHg): within 0.2 % of the reference's figure (about 2 hPa) agrees with it and is "
             'stored as the answer gives it, one within 0.2 % of a stored figure is read as that one; 2 % would be 18 hPa, '
             'wider than a storm category: see "Numeric tolerance" in ontologies/README.md',
    "0.02": "a measured quantity: a figure within 2 % of the reference's agrees with it and is stored as the answer gives it, "
            "one within 2 % of a stored figure is read as that one (8,000 m is no 8,848.86 m); populations and estimates take "
            'more (0.10): see "Numeric tolerance" in ontologies/README.md',
    "0.10": "a figure people round or estimate: one within 10 % of the reference's agrees with it and is stored as the answer "
            "gives it, one within 10 % of a stored figure is read as that one; a measured quantity takes less (0.02): see "
            '"Numeric tolerance" in ontologies/README.md',
}
PERCENT_POINTS = "0.15"
"""The ``absolute_tolerance`` of a relation in %, in percentage points: a figure given to one decimal agrees with the
reference's one last digit off (an unemployment rate's 3.7 with 3.6, 3 % off it, outside a relative 2 %), not two
(3.8), nor a policy rate's next step of 0.25 points (5.5 for 5.25), nor the Bank of Japan's -0.1 as 0.1."""
_PERCENT_SAYS = (f"a percentage: a figure within {PERCENT_POINTS} percentage points of the reference's agrees with it too "
                 "(3.7 for 3.6: one last digit off), as one within the relative tolerance does (5 points of a debt of 255 %); "
                 'a policy rate\'s 0.25-point step is none: see "Numeric tolerance" in ontologies/README.md')
_AIR_PRESSURES = frozenset({"hPa", "mbar", "inHg"})
"""The units of an air pressure (a weather map's, a storm's): figures near 1,000 hPa, where a storm's category is some
ten hPa apart, so a relative tolerance of 2 % (18 hPa) means nothing; 0.2 % is about 2 hPa."""


def _tolerance(kind: str, exact: bool, unit: str | None, label: str) -> str | None:
    """The ``tolerance`` a numeric relation is written with (a key of :data:`_TOLERANCE_SAYS`):
    0 for a count, 1 % for a temperature, 0.2 % for an air pressure (:data:`_AIR_PRESSURES`), 2 % for a measured quantity (a unit, or a label that
    names a length, an area, a mass, a speed ...), 10 % for a figure people round or estimate (a
    population, a sum of money, a speed in a length a year: a slip rate of "24 ± 2 mm/yr"); None for no number (a year, a date, a text)."""
    if not kind.startswith(("a number", "a whole number")):
        return None
    if exact:
        return "0"
    named = unit_named(unit) if unit is not None else None
    if named is not None and named.measure == "temperature":
        return "0.01"
    if named is not None and named.name in _AIR_PRESSURES:
        return "0.002"
    if named is not None and named.name.endswith("/yr"):  # a fault's slip rate, a plate's motion: "24 ± 2 mm/yr", an estimate
        return "0.10"
    if (unit is not None or _MEASURED.search(label)) and not _ESTIMATED.search(label) and not _MONEY.search(label):
        return "0.02"
    return "0.10"


_LABEL_BRACKET = re.compile(r"\(\s*((?:[^()]|\([^()]*\))+?)\s*\)\s*$")
"""A label's last bracket, one bracket inside it too: "(km/h)", "thermal conductivity (W/(m·K))"."""
_LABEL_IN = re.compile(r"\sin\s+([^()]+?)\s*$")
"""A label's last words after "in": "elevation in metres", "maximum speed in km/h"."""


def _label_unit(label: str) -> str | None:
    """The unit of :data:`kg.units.UNITS` a numeric property's label names in brackets at its
    end ("maximum speed (km/h)", "thrust (kN)", "orbital period (days)", "length (kilometres)")
    or after a last "in" ("elevation in metres", "speed in km/h"; not "years in service"), or None."""
    named = _LABEL_BRACKET.search(label) or _LABEL_IN.search(label)
    unit = unit_named(named.group(1)) if named is not None else None
    return unit.name if unit is not None else None


def _label_unit_cut(label: str) -> str:
    """``label`` without the unit :func:`_label_unit` reads at its end: "length (km)" → "length",
    "elevation in metres" → "elevation"."""
    named = _LABEL_BRACKET.search(label) or _LABEL_IN.search(label)
    return label[: named.start()].rstrip() if named is not None and label[: named.start()].strip() else label


def _examples(graph: Graph, prop: URIRef, most: int = 3) -> list[tuple[str, list[str]]]:
    """Few-shot examples from what the ontology asserts with ``prop`` about named things (an
    ontology that ships individuals: ``lib:dune lib:writtenBy lib:herbert``): up to ``most``
    heads, by name, with their values by name (or as written, for a data property)."""
    by_head: dict[str, list[str]] = {}
    for subject, value in graph.subject_objects(prop):
        if not isinstance(subject, URIRef):
            continue
        if isinstance(value, Literal):
            tail = _as_asked(value)
        elif isinstance(value, URIRef):
            tail = _individual(graph, value)
        else:
            continue
        if tail:
            by_head.setdefault(_slot_free(_individual(graph, subject)), []).append(_slot_free(tail))
    return [(head, sorted(set(tails))) for head, tails in sorted(by_head.items())[:most]]


_REFERENCE_HEAD = """# Derived by `kg domain new`: the ontology's own facts about its individuals, under the IRIs the
# pipeline names things by (minted from their labels). A teacher's claim these contradict is
# rejected ("water meltingPoint 100"); delete this file if they are only illustrations.
"""


def _reference(graph: Graph, relations: list[_Relation]) -> Graph:
    """What the ontology asserts with the relations about named things (``bio:water
    bio:meltingPoint 0.0``), as a reference graph: each thing under the IRI the pipeline mints
    from its name, with its labels in every language (or that name), its other names (its
    ``skos:prefLabel`` and ``skos:altLabel``, as aliases) and its classes; so is every named
    individual (``owl:NamedIndividual``, or typed with a class the ontology declares)."""
    reference = Graph()
    classes = set(graph.subjects(RDF.type, OWL.Class))

    def entity(node: URIRef) -> URIRef | None:
        label = _individual(graph, node)
        if not label:
            return None
        iri = mint_iri(label)
        labels = [v for v in graph.objects(node, RDFS.label) if isinstance(v, Literal)] or [Literal(label)]
        for value in labels:  # "Köln"@de, "Genève"@fr: a claim in any of them names the thing
            reference.add((iri, RDFS.label, value))
        names = {str(v) for v in labels}
        for naming in (SKOS.prefLabel, SKOS.altLabel):  # "John Ronald Reuel Tolkien" finds lib:tolkien's node
            for alias in graph.objects(node, naming):
                if isinstance(alias, Literal) and str(alias) not in names:
                    reference.add((iri, SKOS.altLabel, alias))
        for kind in graph.objects(node, RDF.type):
            if kind in classes:
                reference.add((iri, RDF.type, kind))
        return iri

    for relation in relations:
        for subject, value in graph.subject_objects(relation.iri):
            if not isinstance(subject, URIRef) or not isinstance(value, (URIRef, Literal)):
                continue
            head = entity(subject)
            tail = value if isinstance(value, Literal) else entity(value)
            if head is not None and tail is not None:
                reference.add((head, relation.iri, tail))
    # a named individual the relations assert nothing of is named all the same: its labels in
    # other languages and its other names find it ("三峡大坝" is the Three Gorges Dam)
    individuals = {s for s in graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)}
    individuals |= {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    for individual in sorted(individuals - classes):
        entity(individual)
    return reference


_CLOCK_LENGTH = re.compile(r"P(?:(\d+)D)?T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?")


_YES_NO = {"true": "yes", "1": "yes", "false": "no", "0": "no"}
"""An ``xsd:boolean``'s lexical forms as a prompt asks for them ("yes or no", :data:`_VALUE_KINDS`)."""


def _as_asked(value: Literal) -> str:
    """A literal as its relation's prompt asks for it: a length of time (``PT2H1M``, ``PT121M``)
    as hours:minutes:seconds (``2:01:00``), a boolean (``true``, ``0``) as yes or no, as
    :data:`_VALUE_KINDS` asks; other values as written."""
    text = " ".join(str(value).split())
    if value.datatype == XSD.boolean:
        return _YES_NO.get(text, text)
    clock = _CLOCK_LENGTH.fullmatch(text) if value.datatype in (XSD.duration, XSD.dayTimeDuration) else None
    if clock is None:
        return text
    days, hours, minutes, seconds = (int(part or 0) for part in clock.groups())
    hours, rest = divmod(((days * 24 + hours) * 60 + minutes) * 60 + seconds, 3600)
    return f"{hours}:{rest // 60:02}:{rest % 60:02}"


def _slot_free(text: str) -> str:
    """A label as a template may hold it: braces would read as slots ("{head}") when filled."""
    return text.replace("{", "(").replace("}", ")")


def _value_kind(datatype: URIRef | None) -> str:
    if datatype is None or not str(datatype).startswith(str(XSD)):
        return "a short value"
    local = str(datatype)[len(str(XSD)):]
    return next((kind for names, kind in _VALUE_KINDS if local in names), _TEXT)


def _seeds(graph: Graph, properties: list[URIRef]) -> tuple[list[str], str]:
    """What to ask about, by name (English labels, else labels in another language, else local
    names in words): the named
    individuals (``owl:NamedIndividual``, or things typed with a class the ontology declares)
    that some property's domain class holds, or any where no domain is stated; without any, as
    an ontology that models kinds as classes has it (the pizza ontology's Margherita, American),
    the most specific named subclasses two or more levels below the properties' domain classes,
    when there are at least :data:`MIN_KINDS` of them. And where they came from, in words."""
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    individuals = {s for s in graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)}
    individuals |= {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    children: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sub != sup:
            children.setdefault(sup, set()).add(sub)
    domains = {d for p in properties for d in graph.objects(p, RDFS.domain) if isinstance(d, URIRef)}
    depth: dict[URIRef, int] = {d: 0 for d in domains}  # classes below the domains, by fewest steps down
    todo = list(domains)
    while todo:
        node = todo.pop(0)
        for child in children.get(node, ()):
            if child not in depth:
                depth[child] = depth[node] + 1
                todo.append(child)
    if domains:
        individuals = {i for i in individuals if not set(graph.objects(i, RDF.type)) & classes or set(graph.objects(i, RDF.type)) & set(depth)}
    # kinds: leaves at least two steps down (Pizza > NamedPizza > Margherita), not a domain's
    # plain subtypes (Place > City), which are categories, not things to ask about
    kinds = {c for c, d in depth.items() if d >= 2 and not children.get(c)}
    if len(kinds) < MIN_KINDS:  # a few leaves are categories (commonsense's "mental state"), not things
        kinds = set()
    names = sorted({_individual(graph, s) if individuals else _name(graph, s, lower=False) for s in individuals or kinds} - {""})
    if individuals:
        return names, "the ontology's named individuals"
    if kinds:
        return names, "names of the most specific classes, two or more levels below the properties' domains: kinds, not individuals"
    return names, "none found: write the heads to ask about"


# -- writing -----------------------------------------------------------------------------------


def _write_ontology(graph: Graph, source: Path, target: Path, *, changed: bool) -> str:
    kept = _KEPT.get(source.suffix.lower())
    if kept is not None and not changed:
        shutil.copyfile(source, target / kept)
        return kept
    graph.serialize(target / "ontology.ttl", format="turtle")
    return "ontology.ttl"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_string(name)


def _relations_toml(name: str, prefix: str, namespace: str, graph: Graph, relations: list[_Relation], *, by_type: bool = False) -> str:
    title = None
    for onto in graph.subjects(RDF.type, OWL.Ontology):
        if isinstance(onto, URIRef):
            title = _text(graph, onto, RDFS.label, RDFS.comment)
            break
    lines = [
        f"# Derived by `kg domain new` on {date.today().isoformat()} from the ontology's properties: review the",
        "# prompts (cloze questions; rewrite them as plain questions where you like), add few-shot",
        "# examples (examples = [{head = \"...\", tails = [\"...\"]}]) and synonyms. See ontologies/README.md.",
        "",
        "[domain]",
        f"name = {_toml_string(name)}",
        f"prefix = {_toml_string(prefix)}",
        f"namespace = {_toml_string(namespace)}",
        f"description = {_toml_string(title or f'Derived from the ontology {namespace}')}",
    ]
    if by_type:
        lines.append("by_type = true  # ask no head a relation whose domain class is disjoint with the head's class "
                     "(a mountain its length as a river); false asks every relation of every seed")
    for r in relations:
        lines += ["", f"# {r.source}", f"[relations.{_toml_key(r.name)}]"]
        if str(r.iri) != namespace + r.name:
            lines.append(f"iri = {_toml_string(str(r.iri))}")
        lines += [
            f"prompt = {_toml_string(r.prompt)}",
            f"verbalization = {_toml_string(r.verbalization)}",
            "synonyms = [" + ", ".join(_toml_string(s) for s in r.synonyms) + "]",
        ]
        if r.tolerance is not None:
            lines.append(f"tolerance = {r.tolerance}  # {_TOLERANCE_SAYS[r.tolerance]}")
        if r.absolute_tolerance is not None:
            lines.append(f"absolute_tolerance = {r.absolute_tolerance}  # {_PERCENT_SAYS}")
        if r.unit:  # a figure in another unit of its measure is converted to it, one of another refused
            lines.append(f"unit = {_toml_string(r.unit)}")
        if r.description:
            lines.append(f"description = {_toml_string(r.description)}")
        if r.examples:
            shown = ", ".join(
                f"{{head = {_toml_string(head)}, tails = [{', '.join(_toml_string(t) for t in tails)}]}}" for head, tails in r.examples
            )
            lines.append(f"examples = [{shown}]  # from the ontology's own assertions")
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # written as TOML, read back as TOML
    return text


_SHAPES = """\
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dshape: <urn:kg-distill:derived-shapes#> .

# SHACL shapes, derived by `kg domain new`. Domains, ranges, datatypes, disjoint classes and
# property characteristics (functional, inverse functional, irreflexive, asymmetric, ...) are
# checked from the ontology itself; add shapes here for what it cannot say: value ranges
# (sh:minInclusive), patterns (sh:pattern), lengths. Give each a clear sh:message.

dshape:LabelShape a sh:NodeShape ;
    sh:targetSubjectsOf <http://www.w3.org/2000/01/rdf-schema#label> ;
    sh:property [
        sh:path <http://www.w3.org/2000/01/rdf-schema#label> ;
        sh:or ( [ sh:datatype xsd:string ] [ sh:datatype rdf:langString ] ) ;
        sh:minLength 1 ;
        sh:message "a label must be a non-empty text literal" ;
    ] .
"""


def _bounds_note(names: list[str]) -> str:
    """What ``kg domain new`` says of the relations shapes.ttl bounds at 0 (:func:`_bound`).

    >>> _bounds_note(["campusArea", "students"])
    'shapes.ttl bounds campusArea, students at 0 (sh:minInclusive 0: a count or a measure cannot be negative); delete the shape dshape:NAMENotNegative of one whose figures may be below 0 (a change, a balance, a rate)'
    """
    return (f"shapes.ttl bounds {', '.join(names)} at 0 (sh:minInclusive 0: a count or a measure cannot be negative); delete the "
            "shape dshape:NAMENotNegative of one whose figures may be below 0 (a change, a balance, a rate)")


def _bound(relation: _Relation) -> str:
    """A shape that keeps ``relation``'s figures at 0 or more (a count, a length, an area ...)."""
    message = _slot_free(f"{relation.name} is a count or a measure: it cannot be negative").replace('"', "'")
    return f"""
dshape:{relation.name}NotNegative a sh:NodeShape ;
    sh:targetSubjectsOf <{relation.iri}> ;
    sh:property [
        sh:path <{relation.iri}> ;
        sh:minInclusive 0 ;
        sh:message "{message}" ;
    ] .
"""


def _readme(
    name: str, source: Path, kept: str, relations: list[_Relation], seeds: list[str], seeds_from: str, notes: list[str]
) -> str:
    lines = [
        f"# {name}",
        "",
        f"Derived by `kg domain new` on {date.today().isoformat()} from `{source.name}` (kept as `{kept}`):",
        f"{len(relations)} relations in `relations.toml`, {len(seeds)} seeds in `seeds.txt` ({seeds_from}).",
        "Review before a run:",
        "",
        "- the prompts: each is a cloze question on the property's label; rewrite the ones that read badly;",
        "- few-shot examples (`examples = [...]`) for the relations the teacher gets wrong;",
        "- `seeds.txt`: the heads to ask about;",
        "- `shapes.ttl`: value ranges and patterns the ontology cannot state;",
        "- this README: what the domain covers, its sources and licences.",
        "",
        "Check it: `kg domain show DIR`, then `kg init STORE --domain DIR`.",
    ]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"
