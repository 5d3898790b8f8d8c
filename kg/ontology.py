"""Domains: an OWL ontology, SHACL shapes and relation templates, loaded from one folder.

A domain folder (see ``ontologies/README.md``) holds::

    ontology.ttl     OWL ontology (classes, properties, domains, ranges, axioms)
    shapes.ttl       SHACL shapes every candidate triple is validated against
    relations.toml   [domain] name/prefix/namespace; [relations.<name>] prompt, verbalization, ...
    seeds.txt        heads / topics to prompt about, one a line ("# " opens a comment line; "#1 Record" is a head)
    reference.ttl    optional: a trusted graph factual claims are checked against (entities
                     whose labels normalise alike, e.g. "Brasilia" and "Brasília", are merged
                     into one node on loading: see :func:`merge_label_variants`)
    rules/           optional: SPARQL CONSTRUCT rule files for the reasoner
    README.md        what the domain covers, its sources and licences

``load_domain("geography")`` finds a shipped domain by name (in the repository's
``ontologies/`` folder, next to the ``kg`` package); ``load_domain("path/to/dir")`` loads any
folder. Everything is parsed eagerly, so a broken folder fails at load time with an
:class:`~kg.errors.OntologyError` naming the file.
"""

from __future__ import annotations

import difflib
import hashlib
import re

import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Protocol

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

import kg
from kg.errors import DomainNotFoundError, KGError, OntologyError
from kg.iri import MAX_SLUG, mint_iri, slugify
from kg.namespaces import KG
from kg.languages import ENGLISH, Language, language
from kg.xsd import quantity, rdflib_quiet
from kg.units import UNITS, Unit, asked_as, unit_named
from kg.namespaces import PREFIXES, RESOURCE
from kg.ontology_index import OntologyIndex, datatype_of, preferred_labels

__all__ = [
    "Domain", "Relation", "OntologyIndex", "load_domain", "domains_dir", "available_domains", "DomainLike", "ontology_of",
    "DEFAULT_TOLERANCE", "INTERVAL_TOLERANCE", "relative_difference", "toward", "nearest_points", "merge_label_variants", "domain_identity", "domain_prefix", "read_seeds",
    "declared_prefixes", "declared_prefix_pairs", "preferred_labels", "shadowed_prefixes", "shadowed_prefix_warning", "ontology_file", "fill",
    "CHECKED_FILES", "checked_files_digest", "entity_namespace", "domain_entities",
]

REQUIRED_FILES = ("shapes.ttl", "relations.toml")
ONTOLOGY_FILES = ("ontology.ttl", "ontology.owl", "ontology.rdf")
"""The ontology of a domain folder: Turtle, or RDF/XML as Protégé saves it (``.owl``, ``.rdf``)."""


def ontology_file(folder: str | Path) -> Path | None:
    """The domain folder's ontology file (the first of :data:`ONTOLOGY_FILES` there), or None."""
    return next((Path(folder) / n for n in ONTOLOGY_FILES if (Path(folder) / n).is_file()), None)


def _parse_ontology(path: Path) -> Graph:
    """A domain's ontology: Turtle, or RDF/XML; OWL/XML, Manchester and functional syntax (which
    rdflib cannot read) are refused with what to save instead."""
    if path.suffix == ".ttl":
        return _parse(path)
    head = path.read_bytes()[:4096].decode("utf-8-sig", "replace").lstrip()
    if not head.startswith("<") or re.search(r"<(?:owl:)?Ontology\b[^>]*xmlns=\"http://www.w3.org/2002/07/owl#\"", head):
        raise OntologyError(
            f"{path}: not RDF/XML (OWL/XML, Manchester or functional syntax?); save the ontology as RDF/XML "
            "or Turtle (Protégé: File > Save as...) or convert it, e.g. with ROBOT: robot convert -i IN -o ontology.ttl"
        )
    return _parse(path, "xml", "RDF/XML")

DEFAULT_TOLERANCE = Decimal("0.10")
"""The relative difference allowed between a numeric claim and the reference graph's value
when neither the relation (``tolerance`` in its ``[relations.X]`` table) nor the domain
(``tolerance`` in ``[domain]``) states one: a figure rounded to two significant figures is
within 5 % of the exact one, with room to spare for sources that differ slightly."""


INTERVAL_TOLERANCE = Decimal("0.01")
"""The tolerance of a temperature (a relation that declares ``unit = "°C"``, ``"K"`` or
``"°F"``) that states none of its own: 1 % of the reference's value in kelvin, 2.7 °C at
water's melting point (the domain's, when less). 10 % of it would be 27 °C."""


def relative_difference(claimed: Decimal, reference: Decimal, origin: Decimal = Decimal(0), within: Decimal = Decimal(0)) -> Decimal:
    """How far ``claimed`` is from ``reference``, relative to ``reference`` (0 when equal; 1
    when the reference is 0 and the claim is not). Both the validator's reference check and the
    critic's reference signal compare it with :meth:`Domain.tolerance`. ``origin``: where the
    figures' scale has its zero, below theirs (:attr:`Domain.origins`: 273.15 for °C): a
    temperature is compared in kelvin, so -0.01 °C is not 100 % off 0 °C. ``within``: a
    difference up to it is none (:attr:`Domain.absolute_tolerances`: a magnitude of 0.026 is the
    reference's 0.03, though 13 % off it)."""
    if abs(claimed - reference) <= within:
        return Decimal(0)
    if reference + origin:
        return abs(claimed - reference) / abs(reference + origin)
    return Decimal(0) if claimed == reference else Decimal(1)


def toward(claimed: Decimal, bounds: tuple[Literal, Literal] | None, value: Decimal) -> Decimal:
    """The figure of a claim to compare with ``value``: ``claimed`` itself, or, where the claim is
    a range (``bounds``, its ends; ``claimed`` its middle), the point of the range nearest
    ``value`` (3.5–4 holds 3.5, so a reference's 3.5 agrees with it; 0.25–0.3 m is 0.02 m off 0.32 m).
    A range agrees with a figure where some point of it does."""
    ends = sorted(v for v in (quantity(end) for end in bounds or ()) if v is not None)
    return min(max(value, ends[0]), ends[-1]) if len(ends) == 2 else claimed


def nearest_points(
    a: Decimal, a_bounds: tuple[Literal, Literal] | None, b: Decimal, b_bounds: tuple[Literal, Literal] | None
) -> tuple[Decimal, Decimal]:
    """The nearest points of two figures, each a point or a range (its middle and its ``bounds``,
    :func:`toward`): a point and a range that holds it give the point twice; two ranges that
    overlap, a point of both; two apart, their facing ends (1–2 and 5–6: 2 and 5)."""
    on_a = toward(a, a_bounds, b)
    on_b = toward(b, b_bounds, on_a)
    return toward(a, a_bounds, on_b), on_b


def domains_dir() -> Path:
    """The folder of shipped domains: ``ontologies/`` at the repository root."""
    return Path(kg.__file__).resolve().parent.parent / "ontologies"


def available_domains() -> list[str]:
    """Names of the shipped domains."""
    root = domains_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "relations.toml").is_file())


@dataclass(frozen=True)
class Relation:
    """One relation of a domain with its prompt and verbalisation templates.

    ``prompt`` has a ``{head}`` slot; ``verbalization`` has ``{head}`` and ``{tail}``.
    ``domain`` / ``range`` are class IRIs (or None); ``datatype`` is the XSD datatype of a data
    property (``object_is_literal`` is then true).
    """

    name: str
    iri: URIRef
    prompt: str
    verbalization: str
    synonyms: list[str] = field(default_factory=list)
    domain: URIRef | None = None
    range: URIRef | None = None
    datatype: URIRef | None = None
    object_is_literal: bool = False
    description: str = ""
    tolerance: Decimal | None = None
    """Relative difference allowed between a numeric claim and the reference value (None: the
    domain's default)."""
    absolute_tolerance: Decimal | None = None
    """A difference from the reference value allowed whatever the value's size, in the relation's
    unit (``absolute_tolerance = 0.05``): for figures near zero, where a share means nothing (an
    apparent magnitude of 0.03)."""
    complete: bool = False
    """Whether the domain's reference graph lists every value of the relation for each subject
    it lists any for (``complete = true``): another value is then contradicted, even one the
    reference does not know (the partial completeness assumption)."""
    unit: Unit | None = None
    """The unit a numeric relation's values are in (``unit = "km²"``): a figure given in another
    unit of its measure is converted to it ("40.7 sq mi" → 105.413 km²)."""
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Solved examples ``(head, tails)`` for few-shot prompts (``examples`` in the relation's
    table), used before the store has accepted any fact of the relation."""

    def verbalize(self, head: str, tail: str) -> str:
        return fill(self.verbalization, head=head, tail=tail)

    def prompt_for(self, head: str) -> str:
        """The prompt about ``head``; one asking for a number of a relation that declares its unit
        names the unit where the prompt does not ("Answer with one item: a number in kg.", "... in days"
        for ``d``: :func:`kg.units.asked_as`)."""
        prompt = fill(self.prompt, head=head)
        if self.unit is not None and self.unit.written.search(prompt) is None and f"({self.unit.name})" not in prompt:
            prompt = _NUMBER_ASKED.sub(rf"\g<0> in {asked_as(self.unit)}", prompt, count=1)
        return prompt


_NUMBER_ASKED = re.compile(r"\bAnswer with (?:a (?:whole )?number(?= only\b)|one item: a (?:whole )?number(?=\.))")
"""What a prompt ``kg domain new`` derives asks for a number by."""
_SLOT = re.compile(r"\{\{|\}\}|\{(\w+)\}")


def fill(template: str, **slots: str) -> str:
    """A template with its slots (``{head}``, ``{tail}``) filled, by one rule for every template
    (prompts, verbalizations, the critics' sentences): ``{{`` and ``}}`` are a brace, as in
    ``str.format``; any other brace is text (``{"tails": [...]}`` in a prompt asking for JSON,
    an unknown ``{unit}``), never a ``KeyError``."""

    def one(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if name is None:
            return token[0]
        return slots.get(name, token)

    return _SLOT.sub(one, template)


@dataclass(frozen=True, eq=False)
class Domain:
    """A loaded domain folder (see the module docstring)."""

    name: str
    path: Path
    namespace: Namespace
    prefix: str
    ontology: Graph
    shapes: Graph
    relations: dict[str, Relation]
    seeds: list[str]
    reference: Graph | None = None
    rules_dir: Path | None = None
    description: str = ""
    default_tolerance: Decimal = DEFAULT_TOLERANCE
    language: Language = ENGLISH
    """The language the teacher answers in (``[domain] language``, a BCP 47 tag; English by
    default): how its numbers, "no answer"s, lists and sentences are read (:mod:`kg.languages`)."""
    list_instruction: str = ""
    """The instruction that opens a list prompt (``[domain] list_instruction``; empty: the
    language's own)."""
    by_type: bool | None = None
    """Whether a grid leaves out the prompts that ask a head a relation of a class its type is
    disjoint with (``[domain] by_type``; ``kg domain new`` sets it where the ontology gives its
    properties domain classes and its individuals classes); a kg.toml's ``[prompts] by_type``
    decides over it, and unset both (None), :func:`kg.pipeline.teach.by_type` decides."""
    entities: Namespace = RESOURCE
    """The namespace the pipeline mints entities in (``[domain] entities``, an IRI ending in
    ``/`` or ``#``; by default ``https://w3id.org/kgdistill/resource/``, ``res:``): a publisher
    mints in a namespace it controls (``https://bib.example.de/entity/``)."""
    label_language: str | None = None
    """The language tag the entities' ``rdfs:label``s get (``"München"@de``): the domain's
    ``language`` when it states one, lower-cased; None (no ``language``): plain strings."""
    digest: str = ""
    """A digest of the files the checks read (:data:`CHECKED_FILES`, ``rules/``), as they were
    when the domain was loaded: each run records it (``kg:domainDigest``), so a store tells which
    facts were checked under which content of the domain (:func:`checked_files_digest`)."""

    def tolerance(self, predicate: object) -> Decimal:
        """The relative difference allowed between a numeric claim of ``predicate`` and the
        reference graph's value: the relation's ``tolerance``, else the domain's. The one
        source both the validator and the critic read."""
        rel = self.relation_by_iri(predicate)
        if rel is not None and rel.tolerance is not None:
            return rel.tolerance
        if rel is not None and rel.iri in self.origins:
            return min(self.default_tolerance, INTERVAL_TOLERANCE)
        return self.default_tolerance

    def nearest_relation(self, name: str) -> str | None:
        """The relation a misspelt ``name`` most likely means ("orbitss": orbits), by its name or
        a synonym; None when none is close."""
        names = {n.casefold(): rel for rel in self.relations.values() for n in (rel.name, *rel.synonyms)}
        close = difflib.get_close_matches(name.casefold(), sorted(names), n=1, cutoff=0.8)
        return names[close[0]].name if close else None

    @cached_property
    def absolute_tolerances(self) -> dict[URIRef, Decimal]:
        """Each relation's ``absolute_tolerance``, where it states one (:func:`relative_difference`'s ``within``)."""
        return {r.iri: r.absolute_tolerance for r in self.relations.values() if r.absolute_tolerance is not None}

    @cached_property
    def origins(self) -> dict[URIRef, Decimal]:
        """Where the scale of each relation's declared unit has its zero, below the unit's
        (:attr:`kg.units.Unit.origin`: 273.15 for °C), for :func:`relative_difference`: the
        relations whose unit's zero is not the measure's (a temperature in °C or °F)."""
        return {r.iri: r.unit.origin for r in self.relations.values() if r.unit is not None and r.unit.origin}

    def relation_by_iri(self, iri: object) -> Relation | None:
        """The relation whose property IRI is ``iri`` (rdflib or pyoxigraph term, or str)."""
        key = getattr(iri, "value", None) or str(iri)
        return self._by_iri.get(key)

    @cached_property
    def _by_iri(self) -> dict[str, Relation]:
        return {str(r.iri): r for r in self.relations.values()}

    @cached_property
    def index(self) -> "OntologyIndex":
        """The ontology's axioms in the form checks need them (built once)."""
        return OntologyIndex(self.ontology, self.language.code)

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """``prefix -> namespace`` a person may write for this domain's terms: its own
        (``[domain] prefix``) and those its ``ontology.ttl`` declares (``schema:`` for a relation
        mapped to ``http://schema.org/director``), less any the project gives another namespace."""
        return {**declared_prefixes(self.path), self.prefix: str(self.namespace)}

    def __repr__(self) -> str:
        ref = f", reference={len(self.reference)} triples" if self.reference is not None else ""
        return f"Domain({self.name!r}, {len(self.relations)} relations, {len(self.seeds)} seeds{ref})"


def _resolve(path: str | Path) -> Path:
    p = Path(path)
    if p.is_dir():
        return p
    if isinstance(path, str) and "/" not in path and "\\" not in path:
        candidate = domains_dir() / path
        if candidate.is_dir():
            return candidate
    names = ", ".join(available_domains()) or "none found"
    raise DomainNotFoundError(
        f"no domain folder at {str(path)!r}; give a folder path or a shipped domain name ({names})"
    )


def _check_shapes(shapes: Graph, path: Path) -> None:
    """An OntologyError for a shapes file SHACL processors would read without a word and then
    not enforce, or enforce only once data reaches the shape, with an error naming neither the
    file nor the shape:

    - a shape whose sh:class, sh:datatype or sh:path is a literal (``sh:class "City"``): every
      value was rejected with the shape's own message, which says nothing of the cause;
    - an ``sh:`` term SHACL does not define (``sh:maxCont 1``, ``sh:severity sh:violation``):
      pySHACL ignores it, so the constraint the author meant is off;
    - a count that is not a non-negative ``xsd:integer`` (``sh:maxCount "1"``), or a
      ``sh:pattern`` (with its ``sh:flags``) Python's regular expressions cannot compile."""
    for key in ("class", "datatype", "path", "targetClass"):
        for _, value in shapes.subject_objects(SH[key]):
            if isinstance(value, Literal):
                raise OntologyError(
                    f"{path}: sh:{key} {value.n3()} is a literal; it takes an IRI (<https://...> or prefix:Name)"
                )
    known = _shacl_terms()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(str(SH)) and str(term) not in known:
                raise OntologyError(
                    f"{path}: {shapes.namespace_manager.normalizeUri(term)} is not a SHACL term (misspelt?); "
                    "a SHACL processor ignores it, so the constraint it was meant to state would be off"
                )
    for key in ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount", "qualifiedMaxCount"):
        for shape, value in shapes.subject_objects(SH[key]):
            if not (isinstance(value, Literal) and value.datatype == XSD.integer and isinstance(value.toPython(), int)
                    and value.toPython() >= 0):
                raise OntologyError(
                    f"{path}: shape {_shape_name(shapes, shape)}: sh:{key} {value.n3(shapes.namespace_manager)} "
                    "must be a non-negative integer, written without quotes (sh:maxCount 1)"
                )
    for shape, pattern in shapes.subject_objects(SH.pattern):
        flags = "".join(str(f) for f in shapes.objects(shape, SH.flags))
        re_flags = sum(getattr(re, name) for letter, name in (("i", "IGNORECASE"), ("m", "MULTILINE"),
                                                            ("s", "DOTALL"), ("x", "VERBOSE")) if letter in flags)
        try:
            re.compile(str(pattern), re_flags)
        except re.error as exc:
            raise OntologyError(
                f"{path}: shape {_shape_name(shapes, shape)}: sh:pattern {str(pattern)!r} does not compile: {exc}"
            ) from None


def _shape_name(shapes: Graph, shape: Node) -> str:
    """A shape as its author wrote it: a prefixed name, or for a blank property shape the node
    shape holding it and its path."""
    if isinstance(shape, URIRef):
        return shapes.namespace_manager.normalizeUri(shape)
    owner = next(iter(shapes.subjects(SH.property, shape)), None)
    where = f" of {_shape_name(shapes, owner)}" if owner is not None else ""
    path = shapes.value(shape, SH.path)
    return f"[sh:path {path.n3(shapes.namespace_manager)}]{where}" if isinstance(path, URIRef) else f"(a blank shape){where}"


@lru_cache(maxsize=1)
def _shacl_terms() -> frozenset[str]:
    """Every term the SHACL vocabulary (and SHACL Advanced Features) defines, as pySHACL ships
    it (``pyshacl/assets/shacl.ttl``), and the few pySHACL reads besides."""
    from importlib.resources import files

    vocabulary = Graph().parse(data=files("pyshacl").joinpath("assets/shacl.ttl").read_text(encoding="utf-8"), format="turtle")
    extra = {"QualifiedValueConstraintComponent", "SHACLFunction", "ValidationFailure"}
    return frozenset({str(s) for s in vocabulary.subjects() if str(s).startswith(str(SH))} | {str(SH) + n for n in extra})


def _parse(path: Path, format: str = "turtle", name: str = "Turtle") -> Graph:
    g = Graph()
    try:
        with rdflib_quiet():  # an ill-typed value: rdflib logs a traceback; reference_note names it
            g.parse(path, format=format)
    except Exception as exc:  # noqa: BLE001 - rdflib raises many parser exception types
        raise OntologyError(f"{path}: not valid {name}: {' '.join(str(exc).split())[:300]}") from None
    return g


def _examples(value: object, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Few-shot examples from ``relations.toml``: a list of ``{head = "...", tails = ["..."]}``
    tables (``tails`` may be one string)."""
    usage = 'a list of tables such as {head = "Paris", tails = ["France"]}'
    if not isinstance(value, list):
        raise OntologyError(f"{where}: examples must be {usage}")
    out = []
    for i, example in enumerate(value, start=1):
        if not isinstance(example, dict) or set(example) - {"head", "tails"}:
            raise OntologyError(f"{where}: example {i} must be a table with the keys head and tails ({usage})")
        head, tails = example.get("head"), example.get("tails")
        tails = [tails] if isinstance(tails, str) else tails
        if not isinstance(head, str) or not head.strip() or not isinstance(tails, list) or not tails \
                or not all(isinstance(t, str) and t.strip() for t in tails):
            raise OntologyError(f"{where}: example {i} needs a head and at least one tail, all text ({usage})")
        out.append((head.strip(), tuple(t.strip() for t in tails)))
    return tuple(out)


def _number_setting(value: object, where: str, key: str, hint: str) -> Decimal:
    """A number from ``relations.toml`` (an int, a float or a numeric string), or an :class:`OntologyError`."""
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise InvalidOperation
        number = Decimal(str(value))
    except InvalidOperation:
        raise OntologyError(f"{where}: {key} {value!r} is not a number ({hint})") from None
    if not number.is_finite():
        raise OntologyError(f"{where}: {key} {value!r} is not a number ({hint})")
    return number


def _tolerance(value: object, where: str) -> Decimal:
    """A tolerance from ``relations.toml``: a number in [0, 1)."""
    tol = _number_setting(value, where, "tolerance", "a fraction: 0.1 is 10 %")
    if not 0 <= tol < 1:
        raise OntologyError(f"{where}: tolerance {value!r} must lie in [0, 1) (a fraction: 0.1 is 10 %)")
    return tol


def _absolute_tolerance(value: object, where: str) -> Decimal:
    """An ``absolute_tolerance`` from ``relations.toml``: a number >= 0, in the relation's unit."""
    tol = _number_setting(value, where, "absolute_tolerance", "in the relation's unit: 0.05")
    if tol < 0:
        raise OntologyError(f"{where}: absolute_tolerance {value!r} must be 0 or more (in the relation's unit: 0.05)")
    return tol


_MINTED = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
"""The local name :func:`kg.iri.mint_iri` gives (an ASCII slug, perhaps with a hash)."""


def _distinct(graph: Graph, a: URIRef, b: URIRef) -> bool:
    """Whether ``a`` and ``b`` are two entities: a predicate both have (but their names) gives
    them different values (two populations, two countries, two classes)."""
    values: dict[Node, set[Node]] = {}
    for p, o in graph.predicate_objects(a):
        values.setdefault(p, set()).add(o)
    other: dict[Node, set[Node]] = {}
    for p, o in graph.predicate_objects(b):
        other.setdefault(p, set()).add(o)
    return any(values[p] != other[p] for p in values.keys() & other.keys() if p not in (RDFS.label, SKOS.altLabel))


def _older_mint(node: URIRef, prefix: str, graph: Graph) -> bool:
    """Whether ``node``'s IRI is one an older :func:`kg.iri.mint_iri` gave one of its labels: the
    label's slug and a hash (``res:sao_paulo_3fd6fc89e5``, ``res:brasilia_8a19ae343e``)."""
    head, _, digest = str(node)[len(prefix):].rpartition("_")
    return re.fullmatch(r"[0-9a-f]{10}", digest) is not None and any(
        head == slugify(str(label))[:MAX_SLUG].rstrip("_") for label in graph.objects(node, RDFS.label))


def merge_label_variants(graph: Graph, namespace: Namespace = RESOURCE) -> Graph:
    """Make each entity of a reference graph the node :func:`kg.iri.mint_iri` mints from its
    label, as the pipeline mints entities from teacher text: nodes whose labels normalise alike
    ("Brasilia" holding the capital fact, "Brasília" the population) become one node, and a
    node minted by an older :func:`~kg.iri.mint_iri` (``res:sao_paulo_<hash>``) is renamed.

    Only nodes in ``namespace`` (where the pipeline mints: the domain's ``entities``) whose IRI
    looks minted (a lower-case ASCII slug: ``res:sao_paulo_<hash>``, never ``wd:Q142`` or
    ``kb:Zürich``, a user's own IRIs in that namespace) with an ``rdfs:label`` are touched; a node
    already equal to the IRI one of its labels mints stays as it is, so does one that no other
    node's label joins and no older ``mint_iri`` named (``ent:jp2 rdfs:label "John Paul II"``:
    the pipeline resolves the name to it, see :class:`extractors.normalize.Normalizer`), and so does one that would
    join a distinct entity of the same name (Paris, Texas with Paris: a predicate both have gives
    them different values). ``graph`` is changed in place (usually nothing is: a reference built
    with the current ``mint_iri`` is left alone)."""
    prefix = str(namespace)
    minted: dict[URIRef, set[URIRef]] = {}
    for s, label in graph.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and str(s).startswith(prefix) and _MINTED.fullmatch(str(s)[len(prefix):]):
            try:
                minted.setdefault(s, set()).add(mint_iri(str(label), namespace))
            except ValueError:  # an empty label
                continue
    renames = {s: min(iris) for s, iris in minted.items() if iris and s not in iris}
    # a node alone under its own IRI keeps it (ent:jp2 "John Paul II", ent:waterloo "Battle of
    # Waterloo": renamed, the IRI the file and a store that loads it use named nothing, and the
    # pipeline minted ent:waterloo for the place): only label variants of one entity and nodes
    # an older mint_iri named are renamed
    renames = {
        s: new for s, new in renames.items()
        if (_older_mint(s, prefix, graph) or sum(new in iris for iris in minted.values()) > 1)
        and not _distinct(graph, s, new)
    }
    for old, new in sorted(renames.items()):
        for _, p, o in list(graph.triples((old, None, None))):
            graph.remove((old, p, o))
            graph.add((new, p, renames.get(o, o) if isinstance(o, URIRef) else o))
        for s, p, _ in list(graph.triples((None, None, old))):
            graph.remove((s, p, old))
            graph.add((renames.get(s, s) if isinstance(s, URIRef) else s, p, new))
    return graph


class DomainLike(Protocol):
    """What the reasoners read of a domain: its namespace, its ontology graph and the folder of
    its rules (:class:`Domain` is one; so is any object with these, as in the tests)."""

    @property
    def namespace(self) -> Namespace: ...

    @property
    def ontology(self) -> Graph: ...

    @property
    def rules_dir(self) -> Path | None: ...


def ontology_of(domain: DomainLike | Graph) -> Graph:
    """The ontology graph of a domain, or the graph itself."""
    return domain if isinstance(domain, Graph) else domain.ontology


def _relations_toml(folder: Path) -> dict[str, Any]:
    try:
        return tomllib.loads((folder / "relations.toml").read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise OntologyError(f"{folder / 'relations.toml'}: not valid TOML: {exc}") from None


_PREFIX = re.compile(r"[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
"""A prefix name SPARQL and Turtle accept (PN_PREFIX, ASCII): a letter first, no '.' last."""


_RELATION_KEYS = ("prompt", "verbalization", "synonyms", "examples", "description", "iri", "domain", "range",
                  "datatype", "tolerance", "absolute_tolerance", "complete", "unit")
_DOMAIN_KEYS = ("name", "prefix", "namespace", "description", "tolerance", "language", "list_instruction", "entities", "by_type")


def _declared_unit(value: object, is_literal: bool, where: str) -> Unit:
    if not is_literal:
        raise OntologyError(f"{where}: unit applies to numeric data properties; it takes entities")
    unit = unit_named(value) if isinstance(value, str) else None  # written another way: "g/cm3", "celsius", "days"
    if unit is None:
        raise OntologyError(f"{where}: unit {value!r} is none of {', '.join(UNITS)}")
    return unit


def _known_keys(table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    """A key the loader does not read is a typo ("verbalisation", "example") that would be
    ignored silently: an error naming it and the nearest known key."""
    import difflib

    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the keys are {', '.join(known)}"
            raise OntologyError(f"{where}: unknown key {key!r}{hint}")


def _domain_table(config: dict[str, Any], folder: Path) -> tuple[str, str, Namespace]:
    """(name, prefix, namespace) of a domain's ``[domain]`` table, checked."""
    meta = config.get("domain", {})
    _known_keys(meta, _DOMAIN_KEYS, f"{folder / 'relations.toml'}: [domain]")
    name = meta.get("name", folder.name)
    ns_text = meta.get("namespace")
    if not ns_text:
        raise OntologyError(f"{folder / 'relations.toml'}: [domain] needs a namespace")
    namespace = Namespace(ns_text)
    if "prefix" in meta:
        prefix = str(meta["prefix"])
        if not _PREFIX.fullmatch(prefix):
            raise OntologyError(
                f"{folder / 'relations.toml'}: [domain] prefix {prefix!r} is not a SPARQL/Turtle prefix name: "
                "a letter, then letters, digits, _, - or ."
            )
    else:  # the name, made a prefix name: "my films" -> my_films
        prefix = re.sub(r"[^A-Za-z0-9_-]+", "_", str(name)).strip("_")
        if not _PREFIX.fullmatch(prefix):
            raise OntologyError(
                f"{folder / 'relations.toml'}: [domain] name {name!r} gives no prefix name for queries and exports; "
                'set [domain] prefix (a letter, then letters, digits, _, - or .: prefix = "films")'
            )
    if PREFIXES.get(prefix, str(namespace)) != str(namespace):
        raise OntologyError(
            f"{folder / 'relations.toml'}: [domain] prefix {prefix!r} already names <{PREFIXES[prefix]}> in every "
            f"query and export; choose another prefix for <{namespace}>"
        )
    return name, prefix, namespace


def domain_identity(path: str | Path) -> tuple[str, str]:
    """(name, namespace) of a domain folder, as :func:`load_domain` reads them: two folders with
    the same identity hold one domain (a copy, or another checkout's folder)."""
    folder = _resolve(path)
    name, _, namespace = _domain_table(_relations_toml(folder), folder)
    return str(name), str(namespace)


def domain_entities(path: str | Path) -> Namespace:
    """Where a domain folder mints its entities (``[domain] entities``; kg's ``res:`` when it
    sets none), as :func:`load_domain` reads it, without loading its ontology and shapes."""
    folder = _resolve(path)
    meta = _relations_toml(folder).get("domain", {})
    return _entities(meta, folder)


def entity_namespace(domain: object) -> Namespace:
    """Where the pipeline mints a new entity of ``domain`` (a loaded :class:`Domain`): its
    ``[domain] entities``; kg's ``res:`` for no domain or a bare ontology graph. The extractor,
    :class:`kg.api.KnowledgeGraph` and ``kg why`` mint there (:func:`kg.iri.mint_iri`)."""
    return domain.entities if isinstance(domain, Domain) else RESOURCE


def domain_prefix(path: str | Path) -> tuple[str, str]:
    """(prefix, namespace) of a domain folder, as :func:`load_domain` reads them, without
    loading its ontology and shapes."""
    folder = _resolve(path)
    _, prefix, namespace = _domain_table(_relations_toml(folder), folder)
    return prefix, str(namespace)


_DECLARED = re.compile(r"^\s*@?prefix\s+([A-Za-z][\w.-]*)\s*:\s*<([^<>\s]*)>", re.IGNORECASE | re.MULTILINE)


_XMLNS = re.compile(r"\bxmlns:([A-Za-z][\w.-]*)\s*=\s*[\"']([^\"'<>\s]*)[\"']")


def declared_prefixes(path: str | Path) -> dict[str, str]:
    """The prefixes a domain's ``ontology.ttl`` declares (``@prefix schema:
    <http://schema.org/> .``; ``path`` a folder or a shipped domain's name), read from its text
    without parsing it; the project's own (:data:`kg.namespaces.PREFIXES`) keep their namespaces."""
    return {p: ns for p, ns in _prefix_declarations(path) if PREFIXES.get(p, ns) == ns and ns}


def shadowed_prefixes(path: str | Path) -> dict[str, str]:
    """The prefixes a domain's ``ontology.ttl`` declares for a namespace the project's own prefix
    of that name does not name (``@prefix res: <https://kb.example.org/place/>``): not taken, since
    ``res:`` means kg's resources in every query, export and display; the caller says so. The
    domain's own namespace is left out: its ``[domain] prefix`` names it (``kg domain new`` of an
    ontology binding ``sh:`` to it said so once; each later command warned again)."""
    try:
        own = domain_prefix(path)[1]
    except (OSError, KGError):
        own = None
    return {p: ns for p, ns in _prefix_declarations(path) if p in PREFIXES and PREFIXES[p] != ns and ns and ns != own}


def declared_prefix_pairs(text: str) -> list[tuple[str, str]]:
    """The ``(prefix, namespace)`` pairs an ontology's text declares (Turtle's @prefix, RDF/XML's xmlns:)."""
    return _DECLARED.findall(text) + _XMLNS.findall(text)


def shadowed_prefix_warning(prefix: str, namespace: str) -> str:
    """What to tell a user whose ``ontology.ttl`` binds ``prefix`` as :func:`shadowed_prefixes` finds."""
    return (
        f"ontology.ttl's @prefix {prefix}: <{namespace}> is not used: {prefix}: is kg's own <{PREFIXES[prefix]}> "
        f"in every query, export and display; declare another prefix for <{namespace}>"
    )


def _prefix_declarations(path: str | Path) -> list[tuple[str, str]]:
    try:
        file = ontology_file(_resolve(path))
        text = file.read_text(encoding="utf-8-sig") if file is not None else ""
    except (OSError, OntologyError):
        return []
    return declared_prefix_pairs(text)


_COMMENT = re.compile(r"#(?:[#\s]|$)")
"""A seeds file's comment line: ``#`` then a space, another ``#`` or the line's end (``# heads``,
``## music``); a head may begin with ``#`` otherwise (the band ``#1 Record``, ``#MeToo``)."""


def read_seeds(path: Path) -> list[str]:
    """The heads of a seeds file: one a line, stripped; blank lines and comment lines
    (:data:`_COMMENT`: ``# ...``) skipped; a repeated head kept once (it would ask the same prompts twice); a UTF-8
    byte-order mark (Windows editors write one) is no part of the first head; accents in one
    form (NFC: an editor on macOS may save "Dvořák" with a combining caron)."""
    return clean_seeds(path.read_text(encoding="utf-8-sig").splitlines())


def clean_seeds(lines: Iterable[str]) -> list[str]:
    """Heads as :func:`read_seeds` keeps them: stripped, NFC, blanks and comment lines out, each once."""
    seeds = [unicodedata.normalize("NFC", line.strip()) for line in lines]
    return list(dict.fromkeys(s for s in seeds if s and not _COMMENT.match(s)))


_LOADED: dict[Path, tuple[tuple[tuple[str, str], ...], Domain]] = {}
"""Domains loaded in this process, by folder, with the state of their files then."""


def _files_state(folder: Path) -> tuple[tuple[str, str], ...]:
    """Name and content digest of every file a domain is read from (a digest, not the
    modification time, whose granularity can be milliseconds: hashing is ~1% of parsing)."""
    out = []
    for f in sorted([*folder.iterdir(), *(folder / "rules").glob("*")]) if folder.is_dir() else []:
        try:
            if f.is_file():
                out.append((str(f), hashlib.blake2b(f.read_bytes(), digest_size=16).hexdigest()))
        except OSError:
            continue
    return tuple(out)


CHECKED_FILES = (*ONTOLOGY_FILES, "shapes.ttl", "relations.toml", "reference.ttl")
"""The files of a domain folder that decide a candidate's verdict, with its ``rules/`` folder;
seeds and docs are left out: editing them changes no verdict."""


def checked_files_digest(state: tuple[tuple[str, str], ...], folder: Path) -> str:
    """``sha256:HEX`` of the checked files' names (relative to ``folder``: a copy of the folder
    has the digest of the original) and contents, from their :func:`_files_state`."""
    digest = hashlib.sha256()
    for name, content in state:
        relative = Path(name).relative_to(folder).as_posix()
        if relative in CHECKED_FILES or relative.startswith("rules/"):
            digest.update(f"{relative}\0{content}\0".encode())
    return "sha256:" + digest.hexdigest()


def reference_note(domain: Domain) -> str | None:
    """What a user must know of the domain's reference graph before trusting its check, or None:
    a reference that types none of its entities (a Wikidata dump typed by ``wdt:P31`` that
    ontology.ttl does not declare a sub-property of ``rdf:type``) cannot contradict a symmetric
    or transitive relation's facts, nor give an entity's class to the domain and range checks
    (values not of their datatype: :func:`reference_warnings`)."""
    ref = domain.reference
    if ref is None or len(ref) == 0:
        return None
    notes = []
    typing = domain.index.subproperties(RDF.type)
    if all(next(ref.triples((None, t, None)), None) is None for t in typing):
        notes.append(
            f"the reference graph of domain {domain.name!r} types none of its entities (no rdf:type, nor a property "
            "ontology.ttl declares rdfs:subPropertyOf rdf:type, as wdt:P31 may be): it cannot contradict the facts of a "
            "symmetric or transitive relation, nor give an entity's class to the domain and range checks"
        )
    return "; ".join(notes) or None


def disagreeing(values: Iterable[Node]) -> bool:
    """Whether the literals of ``values`` are more than one value: two numbers (by value:
    ``"1"^^xsd:integer`` and ``"01"^^xsd:nonNegativeInteger`` are one), two texts or dates."""
    literals = [x for x in values if isinstance(x, Literal) and not x.ill_typed]
    numbers = {quantity(x) for x in literals}
    return len(numbers) > 1 if None not in numbers else len({(x.datatype, str(x)) for x in literals}) > 1


def names_several(ref: Graph, node: Node) -> bool:
    """Whether the reference graph marks ``node`` as one name for several things (``kg:namesSeveral
    true``: Hamilton, Bermuda's capital and the city in Ontario); its several values of a functional
    property are theirs, not a mistake (:func:`reference_warnings` leaves it out)."""
    return (node, KG.namesSeveral, Literal(True)) in ref


def reference_warnings(domain: Domain, shown: int | None = 3) -> list[str]:
    """What is wrong in the domain's reference graph: a literal its datatype cannot read
    (``"12652910O"^^xsd:nonNegativeInteger``: the checks leave it out), and an entity given
    several values of a functional property (a duplicate or mistyped row, or two homonyms on one
    IRI), of which the reference check then confirms only what agrees with every value. One line
    for each kind, naming ``shown`` of them (every one when None)."""
    ref = domain.reference
    if ref is None:
        return []
    index = domain.index
    names = preferred_labels(ref, index.language)

    def named(node: Node) -> str:
        label = names.get(node) if isinstance(node, URIRef) else None
        return f"{label} <{node}>" if label else f"<{node}>"

    def listed(items: list[str]) -> str:
        more = len(items) - shown if shown is not None and len(items) > shown else 0
        return "; ".join(items[: len(items) - more]) + (f"; and {more} more (kg domain show lists them)" if more else "")

    ill_typed = sorted(
        f"{named(s)} {index.label(p)} {o.n3()}"
        for s, p, o in ref.triples((None, None, None))
        if isinstance(o, Literal) and o.ill_typed and isinstance(p, URIRef)
    )
    several = []
    for p in sorted(index.functional):
        for s in sorted(set(ref.subjects(p, None)), key=str):
            if names_several(ref, s):
                continue  # one name for several places, each with its value: meant so
            values = list(ref.objects(s, p))
            if disagreeing(values):
                shown_values = ", ".join(sorted(str(x) for x in values if isinstance(x, Literal) and not x.ill_typed))
                several.append(f"{named(s)} {index.label(p)}: {shown_values}")
    out = []
    if ill_typed:
        out.append(f"the reference graph holds {len(ill_typed)} value(s) not valid for their datatype, which the checks "
                   f"leave out (fix them in reference.ttl): {listed(ill_typed)}")
    if several:
        out.append(f"the reference graph gives {len(several)} entit{'y' if len(several) == 1 else 'ies'} several values of a "
                   "functional property (a duplicate or mistyped row? 10,300,000 in Turtle is three numbers), so it "
                   "disagrees with itself: a claim of one is confirmed only when it agrees with every value, refuted "
                   f"when with none, else unknown to it: {listed(several)}")
    return out


def load_domain(path: str | Path) -> Domain:
    """Load a domain folder (or a shipped domain by name) into a :class:`Domain`. A folder
    loaded before whose files have not changed since gives the same (frozen) Domain: the API's
    ``why``, ``validate`` and ``add`` loaded it on every call (~0.2-0.3 s each, rdflib parsing
    the Turtle files)."""
    if isinstance(path, Domain):  # tolerate an already-loaded domain
        return path
    folder = _resolve(path)
    state = _files_state(folder)
    known = _LOADED.get(folder.resolve())
    if known is not None and known[0] == state:
        return known[1]
    domain = _load_domain(folder, checked_files_digest(state, folder))
    if len(_LOADED) >= 32:
        _LOADED.clear()
    _LOADED[folder.resolve()] = (state, domain)
    return domain


def _load_domain(folder: Path, digest: str) -> Domain:
    missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
    ontology_path = ontology_file(folder)
    if ontology_path is None:
        missing.insert(0, "ontology.ttl (or ontology.owl in RDF/XML)")
    if missing:
        raise OntologyError(f"domain folder {str(folder)!r} lacks {', '.join(missing)} (see ontologies/README.md)")
    config = _relations_toml(folder)
    meta = config.get("domain", {})
    name, prefix, namespace = _domain_table(config, folder)
    assert ontology_path is not None
    ontology = _parse_ontology(ontology_path)
    shapes = _parse(folder / "shapes.ttl")
    _check_shapes(shapes, folder / "shapes.ttl")
    index = OntologyIndex(ontology)

    relations: dict[str, Relation] = {}
    for rel_name, spec in config.get("relations", {}).items():
        if not isinstance(spec, dict):
            raise OntologyError(f"{folder / 'relations.toml'}: [relations.{rel_name}] must be a table")
        _known_keys(spec, _RELATION_KEYS, f"{folder / 'relations.toml'}: relation {rel_name!r}")
        for key, slots in (("prompt", ("{head}",)), ("verbalization", ("{head}", "{tail}"))):
            if key not in spec:
                raise OntologyError(f"{folder / 'relations.toml'}: relation {rel_name!r} lacks {key!r}")
            missing = [slot for slot in slots if not isinstance(spec[key], str) or slot not in spec[key]]
            if missing:  # every head would get the same prompt, or a fact could not be put in words
                raise OntologyError(
                    f"{folder / 'relations.toml'}: relation {rel_name!r}: {key} {spec[key]!r} has no "
                    f"{' or '.join(missing)} slot"
                )
        iri = URIRef(spec["iri"]) if "iri" in spec else namespace[rel_name]
        if iri not in index.properties:
            raise OntologyError(
                f"{folder / 'relations.toml'}: relation {rel_name!r} ({iri}) is not declared in {ontology_path.name} "
                "as an owl:ObjectProperty or owl:DatatypeProperty"
            )
        dom = URIRef(spec["domain"]) if "domain" in spec else index.domain.get(iri)
        rng = URIRef(spec["range"]) if "range" in spec else index.range.get(iri)
        datatype = URIRef(spec["datatype"]) if "datatype" in spec else datatype_of(rng)
        is_literal = iri in index.datatype_properties or datatype is not None
        where = f"{folder / 'relations.toml'}: relation {rel_name!r}"
        tolerances: dict[str, Decimal] = {}
        for key, read in (("tolerance", _tolerance), ("absolute_tolerance", _absolute_tolerance)):
            if key in spec:
                if not is_literal:
                    raise OntologyError(f"{where}: {key} applies to numeric data properties; {rel_name} takes entities")
                tolerances[key] = read(spec[key], where)
        unit = _declared_unit(spec["unit"], is_literal, f"{folder / 'relations.toml'}: relation {rel_name!r}") if "unit" in spec else None
        if not isinstance(spec.get("complete", False), bool):
            raise OntologyError(f"{folder / 'relations.toml'}: relation {rel_name!r}: complete must be true or false, not {spec['complete']!r}")
        relations[rel_name] = Relation(
            name=rel_name,
            iri=iri,
            prompt=spec["prompt"],
            verbalization=spec["verbalization"],
            synonyms=list(spec.get("synonyms", [])),
            domain=dom,
            range=None if is_literal else rng,
            datatype=datatype,
            object_is_literal=is_literal,
            description=spec.get("description", ""),
            tolerance=tolerances.get("tolerance"),
            absolute_tolerance=tolerances.get("absolute_tolerance"),
            complete=spec.get("complete", False),
            unit=unit,
            examples=_examples(spec["examples"], f"{folder / 'relations.toml'}: relation {rel_name!r}") if "examples" in spec else (),
        )
    if not relations:
        raise OntologyError(f"{folder / 'relations.toml'}: no [relations.*] tables")

    seeds = read_seeds(folder / "seeds.txt") if (folder / "seeds.txt").is_file() else []
    entities = _entities(meta, folder)
    with rdflib_quiet():  # an ill-typed literal: Reference.warnings names it, without rdflib's traceback
        reference = _parse(folder / "reference.ttl") if (folder / "reference.ttl").is_file() else None
    if reference is not None:
        merge_label_variants(reference, entities)
    default_tolerance = (
        _tolerance(meta["tolerance"], f"{folder / 'relations.toml'}: [domain]") if "tolerance" in meta else DEFAULT_TOLERANCE
    )
    rules = folder / "rules"
    try:
        if not isinstance(meta.get("language", ""), str):
            raise ValueError(f"{meta['language']!r} is not a language tag (BCP 47 text, e.g. \"de\")")
        lang = language(meta.get("language"))
    except ValueError as exc:
        raise OntologyError(f"{folder / 'relations.toml'}: [domain] language: {exc}") from None
    return Domain(
        name=name,
        path=folder,
        namespace=namespace,
        prefix=prefix,
        ontology=ontology,
        shapes=shapes,
        relations=relations,
        seeds=seeds,
        reference=reference,
        rules_dir=rules if rules.is_dir() else None,
        description=meta.get("description", ""),
        default_tolerance=default_tolerance,
        language=lang,
        list_instruction=_text_key(meta, "list_instruction", folder),
        by_type=_bool_key(meta, "by_type", folder),
        label_language=str(meta["language"]).lower() if meta.get("language") else None,
        entities=entities,
        digest=digest,
    )


def _text_key(meta: dict[str, Any], key: str, folder: Path) -> str:
    """A ``[domain]`` key whose value is text (empty when absent)."""
    value = meta.get(key, "")
    if not isinstance(value, str):
        raise OntologyError(f"{folder / 'relations.toml'}: [domain] {key} must be text, not {value!r}")
    return value


def _bool_key(meta: dict[str, Any], key: str, folder: Path) -> bool | None:
    """A ``[domain]`` key whose value is true or false (None when absent)."""
    value = meta.get(key)
    if value is not None and not isinstance(value, bool):
        raise OntologyError(f"{folder / 'relations.toml'}: [domain] {key} must be true or false, not {value!r}")
    return value


def _entities(meta: dict[str, Any], folder: Path) -> Namespace:
    """The ``[domain] entities`` namespace, checked: an absolute IRI ending in ``/`` or ``#``."""
    text = meta.get("entities")
    if text is None:
        return RESOURCE
    if not (isinstance(text, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+[/#]", text)):
        raise OntologyError(
            f"{folder / 'relations.toml'}: [domain] entities {text!r} is not a namespace IRI: "
            'an absolute IRI ending in / or # (entities = "https://example.org/entity/")'
        )
    if text == str(meta.get("namespace")):
        raise OntologyError(
            f"{folder / 'relations.toml'}: [domain] entities is the ontology's namespace; mint entities apart from "
            "the classes and properties (\"https://example.org/entity/\")"
        )
    return Namespace(text)
