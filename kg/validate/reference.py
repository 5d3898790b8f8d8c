"""The ``reference`` check: a domain's trusted reference graph (capitals, borders, populations),
indexed, and what it says of a candidate: confirmed, contradicted (with the reference's value),
or unknown to it (a lower confidence)."""

from __future__ import annotations

import re
import threading
import weakref
from decimal import Decimal
from typing import Callable, Mapping

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.iri import ReferenceNames, fold_accents
from kg.namespaces import RESOURCE
from kg.reach import reachable
from kg.ontology import Domain, OntologyIndex, disagreeing, names_several, preferred_labels, relative_difference, toward
from kg.records import Candidate, Reason, ReferenceWord
from kg.validate.common import Names, article, fmt, same_text
from kg.xsd import quantity

TEXT_TYPES = frozenset({XSD.string, XSD.normalizedString, XSD.token, XSD.anyURI, RDF.langString})
"""Ranges whose values are text, compared as text even when they read as numbers."""

__all__ = ["Reference"]

_BUILT: "weakref.WeakKeyDictionary[Domain, Reference]" = weakref.WeakKeyDictionary()  # see Reference.of
_BUILT_LOCK = threading.Lock()


def written_precision(claimed: Decimal) -> Decimal:
    """Half a unit of the last decimal place ``claimed`` is written to, how far a reference's figure may lie from it and
    still round to it ("0.3" agrees with 0.26, "12.6" with 12.64; not "0.2" with 0.26); 0 for a whole number, whose
    last digit may be a rounding's or a count's ("0" is no 0.4)."""
    exponent = claimed.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) and exponent < 0 else Decimal(0)


SITE_WORDS = (
    "tower", "palace", "chateau", "castle", "abbey", "cathedral", "basilica", "church", "chapel", "priory", "monastery",
    "convent", "hospital", "house", "manor", "hall", "fortress", "citadel", "palais", "schloss", "palazzo",
)
"""Words of a building or site that a place's name is given with ("Tower of London", "Greenwich Palace")."""
_SITE = "|".join(SITE_WORDS)


def names_a_site_of(claimed: str, place: str) -> bool:
    """Whether ``claimed`` names a building or site of ``place`` with a :data:`SITE_WORDS` word before
    it ("Tower of London", "Palace of Versailles", "Château de Saint-Germain-en-Laye", "Château d'Amboise")
    or after it ("Greenwich Palace"): a more specific place, no other one. Not "New York" (York), "Paris,
    Texas" (Paris), "New York Hospital" (York), "Battle of Nancy" (Nancy): the rest of the name must be
    ``place``'s whole name. The name alone cannot tell that the site lies there (Buckingham Palace is in
    London, Leeds Castle in Kent): a person reviews it."""
    text, name = (" ".join(fold_accents(x).casefold().split()) for x in (claimed, place))
    at = re.escape(name)
    return bool(name) and re.fullmatch(rf"(?:(?:{_SITE}) (?:of|de) |(?:{_SITE}) d'){at}|{at} (?:{_SITE})", text) is not None


def _same(a: Literal, b: Literal) -> bool:
    """Whether two literals are one value (``"1950"^^xsd:gYear`` twice; ``"01"`` and ``"1"`` as
    integers), their lexical forms where rdflib cannot tell (it refuses to compare gYears); two
    texts (``xsd:string``, or of one language) up to case and spaces, as names are compared:
    "euro" is the reference's "Euro"."""
    if _text(a) and _text(b) and a.language == b.language:
        return same_text(a, b)
    try:
        return bool(a.eq(b))
    except TypeError:
        return a.datatype == b.datatype and str(a).strip() == str(b).strip()


def _text(literal: Literal) -> bool:
    return literal.datatype in (None, XSD.string, RDF.langString)


def _apart(names: Names, given: set[Node], claimed: Node) -> tuple[str, str]:
    """The reference's ``given`` entities and the ``claimed`` one as a message names them: by
    IRI too where a name is the same ("France capital Paris <…Q90>, not Paris <…Q16555>")."""
    shown, other = sorted(names.entity(x) for x in given), names.entity(claimed)
    if other in shown:
        return ", ".join(sorted(f"{names.entity(x)} <{x}>" for x in given)), f"{other} <{claimed}>"
    return ", ".join(shown), other


class Reference:
    """A trusted graph indexed for the checks: functional facts, neighbours, containment, values.
    Read-only once built: one serves every thread (:meth:`of`)."""

    @classmethod
    def of(cls, domain: Domain) -> "Reference | None":
        """``domain``'s reference graph indexed, built once per loaded domain (a domain folder is
        loaded again when its files change: a new :class:`Domain`, a new index); None without one.
        Before, each validation indexed it again (88% of a ``KnowledgeGraph.validate`` call)."""
        if domain.reference is None:
            return None
        with _BUILT_LOCK:
            built = _BUILT.get(domain)
        if built is None:
            built = cls(domain.reference, domain.index, complete={r.iri for r in domain.relations.values() if r.complete},
                        namespace=domain.entities, origins=domain.origins, within=domain.absolute_tolerances)
            with _BUILT_LOCK:
                built = _BUILT.setdefault(domain, built)
        return built

    def __init__(self, graph: Graph, index: OntologyIndex, complete: set[URIRef] | frozenset[URIRef] = frozenset(),
                 namespace: Namespace = RESOURCE, origins: Mapping[URIRef, Decimal] | None = None,
                 within: Mapping[URIRef, Decimal] | None = None) -> None:
        """``complete``: the properties the domain declares complete in ``graph`` (``complete =
        true`` in relations.toml): it lists every value of one for each subject it lists any for.
        ``namespace``: where the domain mints its entities (:class:`kg.iri.ReferenceNames`).
        ``origins``: where the scale of a property's figures has its zero, below theirs
        (:attr:`kg.ontology.Domain.origins`: a temperature in °C is compared in kelvin). ``within``:
        the difference each property allows whatever a figure's size (its ``absolute_tolerance``)."""
        self.graph = graph
        self.complete = {same for p in complete for same in index.same_as(p)}  # a renamed property's old IRI too
        self.origins: dict[Node, Decimal] = {p: zero for p, zero in (origins or {}).items()}
        self.within: dict[Node, Decimal] = {p: d for p, d in (within or {}).items()}
        named = [*graph.subject_objects(RDFS.label), *graph.subject_objects(SKOS.altLabel)]
        self.names = ReferenceNames(named, graph.subjects(), namespace)
        # one name an entity in messages: the domain's language first (not whichever label came last)
        self.labels: dict[Node, str] = {s: label for s, label in preferred_labels(graph, index.language).items()}
        # keyed by any term: a candidate's subject or object is looked up as it comes; typed by
        # rdf:type and by what ontology.ttl declares a sub-property of it (Wikidata's wdt:P31)
        typing = index.subproperties(RDF.type)
        self.types: dict[Node, set[URIRef]] = {}
        for t in typing:
            for s, c in graph.subject_objects(t):
                if isinstance(s, URIRef) and isinstance(c, URIRef):
                    self.types.setdefault(s, set()).add(c)
        self.objects: dict[tuple[Node, Node], set[Node]] = {}
        self.subjects: dict[tuple[Node, Node], set[Node]] = {}
        for s, p, o in graph:
            if not isinstance(p, URIRef) or p in typing or p in (RDFS.label, SKOS.altLabel):
                continue  # (a parsed graph's predicates are IRIs)
            if isinstance(o, Literal) and o.ill_typed:
                continue  # "12652910O"^^xsd:nonNegativeInteger: no value (kg.ontology.reference_warnings)
            # a fact of kgeo:borders is one of kgeo:sharesBorderWith where the ontology makes the
            # two owl:equivalentProperty (a renamed property: the reference keeps the old IRI)
            for same in index.same_as(p):
                self.objects.setdefault((s, same), set()).add(o)
                self.subjects.setdefault((o, same), set()).add(s)
                for q in index.inverse.get(same, ()):  # hasCapital from capitalOf
                    self.objects.setdefault((o, q), set()).add(s)
                    self.subjects.setdefault((s, q), set()).add(o)
                if same in index.symmetric:  # Warfarin interactsWith Aspirin: Aspirin interactsWith Warfarin
                    self.objects.setdefault((o, same), set()).add(s)
                    self.subjects.setdefault((s, same), set()).add(o)
        self.predicates = {p for (_, p) in self.objects}
        self.functional = index.functional
        self.inverse_functional = index.inverse_functional
        self.transitive = index.transitive
        self.symmetric = index.symmetric
        self.subproperties = {p: index.subproperties(p) for p in index.properties}
        self.index = index
        # a relation of text (an identifier "372020", a code): its values are the same or another,
        # never a figure within a tolerance, though they read as numbers
        self.texts = {p for p, kind in index.range.items() if kind in TEXT_TYPES}

    def resolve(self, term: Node, name: str | None = None) -> Node:
        """The reference's node for a candidate's ``term`` (named ``name`` by the teacher)."""
        return self.names.resolve(term, name)  # type: ignore[return-value]

    def fitting(self, term: Node, name: str | None, cls: URIRef | None) -> tuple[list[Node], set[Node]]:
        """The reference's homonyms named ``name`` ("Paris": the capital and Paris, Texas) that
        ``term`` may be, and of them those of the class ``cls`` the relation needs (all when
        None); nothing when ``name`` names one node, or ``term`` is a node of the reference that
        is not one of them."""
        named: set[Node] = self.names.homonyms(name)  # type: ignore[assignment]
        if not named or (term not in named and term in self.names.nodes):
            return [], set()
        fits = sorted((n for n in named if cls is None or any(cls in self.index.ancestors(t) for t in self.types.get(n, ()))), key=str)
        return fits, named

    def names_a_site_of_any(self, claimed: str | None, places: set[Node]) -> bool:
        """Whether the name ``claimed`` names a building or site of one of ``places`` by one of its
        names (:func:`names_a_site_of`): "Tower of London" of London."""
        return claimed is not None and any(
            names_a_site_of(claimed, str(label)) for x in places for q in (RDFS.label, SKOS.altLabel) for label in self.graph.objects(x, q))

    def knows(self, term: Node) -> bool:
        return term in self.types

    def containers(self, node: Node, p: URIRef) -> set[Node]:
        """Everything ``node`` lies in through ``p`` and its sub-properties, transitively
        (a city's country, and that country's continent)."""
        preds = self.subproperties.get(p, {p})
        return reachable(
            node, lambda n: (o for q in preds for o in self.objects.get((n, q), ()) if isinstance(o, URIRef)),
            include_start=False)

    def figure(self, node: Node, p: Node, value: Node, tolerance: Decimal, bounds: tuple[Literal, Literal] | None = None) -> Decimal | None:
        """The reference's figure for ``node``'s ``p`` that the number ``value`` agrees with
        (the closest, within ``tolerance``), or None: 1,500,000 is Munich's 1,505,005 at 25 %.
        ``bounds``: the range ``value`` is the middle of, where it is one (:func:`toward`)."""
        claimed = quantity(value) if isinstance(value, Literal) and p not in self.texts else None
        if claimed is None:
            return None
        refs = self.figures(node, p)
        if not refs or self.disagrees(node, p):
            return None
        best = min(refs, key=lambda v: abs(toward(claimed, bounds, v) - v))
        within = max(self.within.get(p, Decimal(0)), written_precision(claimed))
        near = toward(claimed, bounds, best)
        return best if relative_difference(near, best, self.origins.get(p, Decimal(0)), within) <= tolerance else None

    def figures(self, node: Node, p: Node) -> list[Decimal]:
        """The reference's figures for ``node``'s ``p``, each once, least first (none of a relation of text)."""
        if p in self.texts:
            return []
        return sorted({v for v in (quantity(x) for x in self.objects.get((node, p), ()) if isinstance(x, Literal)) if v is not None})

    def disagrees(self, node: Node, p: Node) -> bool:
        """Whether the reference gives ``node`` several values of the functional ``p`` (a
        duplicate or mistyped row: ``10,300,000`` in Turtle is three numbers). It then disagrees
        with itself: a claim is confirmed only when it agrees with every value, refuted when it
        agrees with none, and else unknown to it (:func:`kg.ontology.reference_warnings`)."""
        return p in self.functional and disagreeing(self.objects.get((node, p), ()))

    def check(
        self,
        c: Candidate,
        names: Names,
        tolerance_for: Callable[[Node], Decimal],
        unknown_confidence: float,
    ) -> tuple[list[Reason], float, ReferenceWord | None]:
        """Reasons the reference contradicts ``c`` (confidence 0), none (1.0), or none with
        ``unknown_confidence`` where it could check the claim but knows nothing of it; and its
        word for the claim (:data:`kg.records.ReferenceWord`; None for a property it holds
        nothing of, which it cannot check)."""
        ref = self
        s, p, o = c.triple
        if p not in ref.predicates:  # a property the reference holds nothing of: passes, unchecked (no word)
            return [], 1.0, None
        rs, ro = ref.resolve(s, c.subject_label), ref.resolve(o, c.object_label)
        name = names.relation(p)
        # a name two entities of the reference share: the one the relation's domain or range fits
        for term, label, cls in ((s, c.subject_label, ref.index.domain.get(p)), (o, c.object_label, ref.index.range.get(p))):
            if isinstance(term, Literal):
                continue
            fits, homonyms = ref.fitting(term, label, cls)
            if not homonyms:
                continue
            if len(fits) > 1 and term not in homonyms:  # a minted name: the one the fact holds for, if one
                holds = [x for x in fits if (ro in ref.objects.get((x, p), ()) if term is s else x in ref.objects.get((rs, p), ()))]
                fits = holds if len(holds) == 1 else fits
            if len(fits) == 1 and (term == fits[0] or term not in homonyms):
                rs, ro = (fits[0], ro) if term is s else (rs, fits[0])
                continue
            iris = ", ".join(f"<{x}>" for x in sorted(homonyms, key=str))
            if len(fits) == 1:
                which = f"the one that is {article(ref.index.label(cls))} is <{fits[0]}>, not <{term}>" if cls is not None else ""
            else:
                which = "which one is meant cannot be told"
            return [Reason("reference", f"{label!r} names {len(homonyms)} entities of the reference graph ({iris}); {which}: give its IRI", s)], 0.0, "contradicted"
        unknown: tuple[list[Reason], float, ReferenceWord] = ([], unknown_confidence, "unknown")
        if isinstance(o, Literal):
            values = ref.objects.get((rs, p))
            if not values:
                return unknown
            claimed = quantity(o) if p not in self.texts else None
            refs = ref.figures(rs, p)
            disagrees = ref.disagrees(rs, p)
            itself = (
                "" if not disagrees else " (the name is one node for several places, one value each)" if names_several(ref.graph, rs)
                else " (the reference disagrees with itself)"
            )
            if claimed is None or not refs:  # a year, a date, a text: the same value or another
                if any(isinstance(x, Literal) and _same(x, o) for x in values):
                    return unknown if disagrees else ([], 1.0, "confirmed")
                if p in ref.functional or p in ref.complete:
                    given = ", ".join(sorted(str(x) for x in values))
                    return [Reason("reference", f"the reference graph gives the {name} of {names.entity(s)} as {given}{itself}, not {o}", s)], 0.0, "contradicted"
                return unknown
            tolerance, origin, within = tolerance_for(p), ref.origins.get(p, Decimal(0)), ref.within.get(p, Decimal(0))
            claim = fmt(claimed) if c.bounds is None else f"the range {'–'.join(fmt(quantity(end) or claimed) for end in c.bounds)}"
            rounds = max(within, written_precision(claimed))  # "0.3" agrees with a reference's 0.26, which rounds to it
            if disagrees:
                agree = [relative_difference(toward(claimed, c.bounds, v), v, origin, rounds) <= tolerance for v in refs]
                if all(agree):
                    return [], 1.0, "within tolerance"
                if any(agree):
                    return unknown
                given = " and ".join(fmt(v) for v in refs)
                return [Reason(
                    "reference",
                    f"the reference graph gives the {name} of {names.entity(s)} as {given}{itself}; "
                    f"{claim} is off from each by more than the tolerance ({float(tolerance):.0%}"
                    f"{f', or {fmt(within)}' if within else ''})",
                    s,
                )], 0.0, "contradicted"
            best = min(refs, key=lambda v: abs(toward(claimed, c.bounds, v) - v))
            near = toward(claimed, c.bounds, best)
            off = relative_difference(near, best, origin, rounds)
            if off > tolerance:
                by = (  # a temperature: by degrees, within a share of the absolute one (-0.01 °C is not 100 % off 0 °C)
                    f"{fmt(abs(near - best))} (tolerance {float(tolerance):.0%} of the absolute temperature, {fmt(tolerance * abs(best + origin))})"
                    if origin else f"{fmt(abs(near - best))} (tolerance {fmt(within)}, or {float(tolerance):.0%} of the value)"
                    if within else f"{float(off):.0%} (tolerance {float(tolerance):.0%})"
                )
                return [Reason(
                    "reference",
                    f"the reference graph gives the {name} of {names.entity(s)} as {fmt(best)}; {claim} is off by {by}",
                    s,
                )], 0.0, "contradicted"
            return [], 1.0, "confirmed" if claimed == best and c.bounds is None else "within tolerance"
        known_objs = ref.objects.get((rs, p), set())
        if ro in known_objs:
            return [], 1.0, "confirmed"
        if p in ref.transitive:
            if ro in ref.containers(rs, p):
                return [], 1.0, "confirmed"
            if ref.knows(rs) and ref.knows(ro) and (known_objs or ref.containers(rs, p)):
                # a known place said to lie in a known place that is not among its containers
                ro_types = ref.types.get(ro, set())
                if any(ref.types.get(x, set()) & ro_types for x in ref.containers(rs, p)):
                    where = ", ".join(sorted(names.entity(x) for x in ref.containers(rs, p) if ref.types.get(x, set()) & ro_types))
                    return [Reason("reference", f"the reference graph places {names.entity(s)} in {where}, not in {names.entity(o)}", s)], 0.0, "contradicted"
            return unknown
        # another value, even one the reference does not know (Bonn for Germany's capital): the
        # claimed name was looked up by IRI and by every name of the reference's nodes, so it is
        # not another name of a value the reference gives
        if p in ref.functional and known_objs:
            where, other = _apart(names, known_objs, o)
            if ref.names_a_site_of_any(c.object_label, known_objs):
                return [Reason("reference", f"the reference graph says {names.entity(s)} {name} {where}; {other} names a building or "
                                            f"site of it, a more specific place, not another: review whether it lies there", s,
                               needs_review=True)], 0.0, "unknown"
            return [Reason("reference", f"the reference graph says {names.entity(s)} {name} {where}, not {other}", s)], 0.0, "contradicted"
        known_subjs = ref.subjects.get((ro, p), set())
        if p in ref.inverse_functional and known_subjs:
            who, other = _apart(names, known_subjs, s)
            return [Reason("reference", f"the reference graph says {who} {name} {names.entity(o)}, not {other}", s)], 0.0, "contradicted"
        # the reference lists every value of a relation the domain declares complete for a subject
        # it lists any for (the partial completeness assumption), even one naming an entity it
        # does not know ("France borders Jane Q. Doe"): checked from either side of a symmetric
        # one, and from the object's side where the relation's inverse is declared complete
        # ("Odin child Zeus" against Zeus's parents). A relation not declared complete refutes no
        # other value but a functional one's: its list may leave any out ("Thor equivalent
        # Jupiter", "Zeus spouse Metis"). An entity said of itself is the self-loop check's; an
        # entity of another kind than the listed values ("Paris borders Spain") the domain and range checks'.
        sides = [(rs, s, ro, o, p)] if p in ref.complete else []
        sides += [(ro, o, rs, s, p)] if p in ref.complete and p in ref.symmetric else []
        sides += [(ro, o, rs, s, q) for q in sorted(ref.index.inverse.get(p, ()), key=str) if q in ref.complete and q != p]
        for x, x_node, y, y_node, q in sides if rs != ro else ():
            partners = ref.objects.get((x, q), set())
            if partners and (not ref.knows(y) or any(ref.types.get(z, set()) & ref.types[y] for z in partners)):
                listed = ", ".join(sorted(names.entity(z) for z in partners))
                return [Reason("reference", f"the reference graph does not list {names.entity(y_node)} among what {names.entity(x_node)} "
                                            f"{names.relation(q)} (it lists: {listed})", s)], 0.0, "contradicted"
        return unknown
