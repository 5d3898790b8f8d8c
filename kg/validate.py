"""Validation: judge every candidate triple against a domain's ontology, shapes and reference.

``Validator(domain, store).validate(candidates)`` returns one :class:`~kg.records.Verdict` per
candidate, in order. A rejection carries machine-readable reasons
(``Reason(check, message, focus_node, shape)``). The checks, in the order they run:

====================  ===========================================================================
check                 what it rejects
====================  ===========================================================================
``unknown-predicate`` a predicate the domain does not define
``unknown-class``     ``rdf:type`` with a class the ontology does not define
``entity-expected``   a literal where the relation needs an entity (and ``literal-expected``)
``datatype``          a literal that is not a value of the relation's datatype ("about 2 million")
``value``             a value outside the datatype's range (a negative population)
``domain`` / ``range``  a subject / object whose known type is disjoint with what the relation needs
``disjoint-class``    ``rdf:type`` with a class disjoint with the entity's known type
``self-loop``         ``x p x`` where ``p``'s domain and range are disjoint (``x xAttr x``: an event
                      and an attribute at once)
``irreflexive``       ``x borders x``
``asymmetric``        ``a isBefore b`` when ``b isBefore a`` (or ``a isAfter b``) is known
``disjoint-property`` ``a Desires b`` when ``a NotDesires b`` is known
``cardinality``       a second value of a functional property (a second capital of a country)
``reference``         a fact the domain's trusted reference graph contradicts
``shacl``             any violation of the domain's SHACL shapes (pySHACL's results)
====================  ===========================================================================

Typing: candidates rarely carry ``rdf:type``. An entity's known types come from the store
(``rdf:type`` in ``accepted``/``inferred``, and the domains / ranges of relations it already
takes part in), from the reference graph, and from earlier candidates of the same batch; a
candidate implies the relation's domain for its subject and range for its object.

Within a batch, candidates are judged as if written one after another: when two candidates
conflict (two capitals for one country, two disjoint types for one entity), the earlier one
wins and the later one is rejected with a reason naming the conflict.

Typing by form (a domain whose ontology annotates classes with ``kg:phraseForm``, such as
``commonsense``): free phrases are typed by their wording, not by the first relation that uses
them, which would make verdicts depend on the order in which candidates arrive ("happy" first
seen as an xReact tail would turn away a later xWant "happy", and the other way round). An
entity's known types are then its form's class (:func:`kg.forms.phrase_form` of its label:
"to eat" an event, "happy" a characteristic; a noun phrase gets none), ``rdf:type`` asserted in
the store's ``accepted`` graph (``inferred`` only holds the domains and ranges of earlier
facts), the reference graph's, and the ``rdf:type`` candidates of the batch (two disjoint ones
reject each other). The relations an entity takes part in, in the store or the batch, type
nothing, so two uses of an uncertain phrase never clash (the critic judges them). The batch is
decided in the order of its triples, not of its candidates, so its verdicts do not depend on
that order either (of two candidates in conflict, ``a isBefore b`` and ``b isBefore a``, the one
whose triple sorts first wins).

Incremental: the cost of a batch does not grow with the store. The store is only asked
point questions about the batch's own entities: two SPARQL queries per batch learn which
predicates each entity takes part in (each way), which answers most questions without a
lookup; the rest are pattern lookups with a bound subject or object (pyoxigraph directly on an
embedded store). The SHACL shapes run once per batch on the batch, the inferred types of its
entities and the part of the store the shapes' counting constraints need (the store's values
along a ``sh:maxCount``-style path, at a node where the batch adds an edge along that path).
Only the batch's entities are typed, so only they are focus nodes; existing store triples that
violate a shape are not blamed on the batch. The shapes run on :mod:`kg.shacl`, a compiled
SHACL Core engine with pySHACL's results (``shacl_engine="pyshacl"`` runs pySHACL itself;
shapes outside the compiled engine's subset run on pySHACL, ``Validator.shacl_fallback`` says
why).

Confidence: 1.0 for a clean candidate; ``unknown_confidence`` (0.7) for a factual claim the
domain's reference graph can check but knows nothing about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import OntologyError
from kg.forms import FORMS, PHRASE_FORM, phrase_form
from kg.iri import mint_iri
from kg.namespaces import KG, RESOURCE
from kg.ontology import Domain, OntologyIndex, load_domain, relative_difference
from kg.records import Candidate, Reason, Verdict
from kg.shacl import Data, InversePath, Shapes, Unsupported, pyshacl_validate
from kg.store import EmbeddedStore, Store
from kg.terms import from_ox, to_ox

__all__ = ["Validator", "report_graph", "CHECKS"]

SH = "http://www.w3.org/ns/shacl#"
_SH_PATH = URIRef(SH + "path")
_SH_INVERSE = URIRef(SH + "inversePath")
_SH_PROPERTY = URIRef(SH + "property")
_SH_RESULT = URIRef(SH + "result")
_SH_FOCUS = URIRef(SH + "focusNode")
_SH_RPATH = URIRef(SH + "resultPath")
_SH_VALUE = URIRef(SH + "value")
_SH_SOURCE_SHAPE = URIRef(SH + "sourceShape")
_SH_MESSAGE = URIRef(SH + "resultMessage")
_SH_SEVERITY = URIRef(SH + "resultSeverity")
_SH_VIOLATION = URIRef(SH + "Violation")
_COUNTING = [URIRef(SH + n) for n in ("maxCount", "qualifiedMaxCount", "disjoint", "equals", "lessThan", "lessThanOrEquals", "uniqueLang")]

CHECKS = (
    "unknown-predicate", "unknown-class", "entity-expected", "literal-expected", "datatype", "value",
    "domain", "range", "disjoint-class", "self-loop", "irreflexive", "asymmetric", "disjoint-property",
    "cardinality", "reference", "shacl",
)

_TYPE, _LABEL = RDF.type, RDFS.label  # rdflib namespace attributes are slow to look up
_TYPE_IRI = str(RDF.type)
META_LITERAL_PREDICATES = {RDFS.label, RDFS.comment, SKOS.altLabel, SKOS.prefLabel}
GRAPHS = ("accepted", "inferred")
NEIGHBOURHOOD_CAP = 1000
"""At most this many store triples per (entity, shape path) join a batch's SHACL run (a
count above ``sh:maxCount`` is still seen as one)."""
PREFETCH_CHUNK = 2000
INDEX_LIMIT = 2_000_000
"""Entities a tracking validator remembers before it starts its index afresh (bounds memory)."""
"""Entities per prefetch query (see ``_StoreView``)."""
_PLAIN_IRI = re.compile(r'^[^<>"{}|^`\\\x00-\x20]+$')
"""An IRI that can be written between ``<>`` in a query as it is."""
SHACL_ENGINES = ("compiled", "pyshacl")

_INTEGER_TYPES = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger,
    XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte, XSD.nonPositiveInteger,
    XSD.negativeInteger,
}
_DECIMAL_TYPES = _INTEGER_TYPES | {XSD.decimal, XSD.double, XSD.float}
_NON_NEGATIVE = {XSD.nonNegativeInteger, XSD.positiveInteger, XSD.unsignedInt, XSD.unsignedLong,
                 XSD.unsignedShort, XSD.unsignedByte}
_INT_RE = re.compile(r"^[+-]?\d+$")
_STRING_TYPES = {None, XSD.string, RDF.langString}


def _name(term: Node) -> str:
    """A short readable name for an entity IRI: its local name with spaces."""
    text = str(term)
    local = text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local.replace("_", " ") if local else text


def _num(lit: Literal) -> Decimal | None:
    try:
        value = Decimal(str(lit).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass
class _Judgement:
    reasons: list[Reason]
    confidence: float = 1.0

    @property
    def ok(self) -> bool:
        return not self.reasons


class _Reference:
    """A trusted graph indexed for the checks: functional facts, neighbours, containment, values."""

    def __init__(self, graph: Graph, index: OntologyIndex) -> None:
        self.graph = graph
        self.alias: dict[URIRef, URIRef] = {}
        for s, alt in graph.subject_objects(SKOS.altLabel):
            if isinstance(s, URIRef):
                try:
                    self.alias.setdefault(mint_iri(str(alt)), s)
                except ValueError:
                    pass
        self.labels: dict[Node, str] = {s: str(o) for s, o in graph.subject_objects(RDFS.label)}
        self.types: dict[URIRef, set[URIRef]] = {}
        for s, c in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(c, URIRef):
                self.types.setdefault(s, set()).add(c)
        self.objects: dict[tuple[URIRef, URIRef], set[Node]] = {}
        self.subjects: dict[tuple[URIRef, URIRef], set[Node]] = {}
        for s, p, o in graph:
            if p in (RDF.type, RDFS.label, SKOS.altLabel):
                continue
            self.objects.setdefault((s, p), set()).add(o)
            self.subjects.setdefault((o, p), set()).add(s)
            for q in index.inverse.get(p, ()):  # hasCapital from capitalOf
                self.objects.setdefault((o, q), set()).add(s)
                self.subjects.setdefault((s, q), set()).add(o)
        self.predicates = {p for (_, p) in self.objects}
        self.functional = index.functional
        self.inverse_functional = index.inverse_functional
        self.transitive = index.transitive
        self.symmetric = index.symmetric
        self.subproperties = {p: index.subproperties(p) for p in index.properties}

    def resolve(self, term: Node) -> Node:
        return self.alias.get(term, term) if isinstance(term, URIRef) else term

    def knows(self, term: Node) -> bool:
        return term in self.types

    def containers(self, node: Node, p: URIRef) -> set[Node]:
        """Everything ``node`` lies in through ``p`` and its sub-properties, transitively
        (a city's country, and that country's continent)."""
        preds = self.subproperties.get(p, {p})
        seen: set[Node] = set()
        todo = [node]
        while todo:
            n = todo.pop()
            for q in preds:
                for o in self.objects.get((n, q), ()):
                    if o not in seen and isinstance(o, URIRef):
                        seen.add(o)
                        todo.append(o)
        return seen


class Validator:
    """Judges candidate triples against a domain (see the module docstring).

    ``store`` may be None (validate a file on its own). ``unknown_confidence`` is the
    confidence of a claim the reference graph cannot confirm; ``tolerance`` the relative
    difference allowed between a numeric claim and the reference value: by default (None) the
    domain's, per property (:meth:`kg.ontology.Domain.tolerance`, which the critic reads too);
    a number applies to every property. ``shacl_engine``:
    ``"compiled"`` (:mod:`kg.shacl`, the same results as pySHACL, many times faster) or
    ``"pyshacl"``; a shapes graph the compiled engine does not cover runs on pySHACL, and
    ``shacl_fallback`` says why (None while the compiled engine runs).
    """

    def __init__(
        self,
        domain: Domain | str | Path,
        store: Store | None = None,
        *,
        unknown_confidence: float = 0.7,
        tolerance: float | None = None,
        use_reference: bool = True,
        use_shacl: bool = True,
        shacl_engine: str = "compiled",
    ) -> None:
        if shacl_engine not in SHACL_ENGINES:
            raise ValueError(f"shacl_engine must be one of {', '.join(SHACL_ENGINES)}, not {shacl_engine!r}")
        self.domain = domain if isinstance(domain, Domain) else load_domain(domain)
        self.store = store
        self.unknown_confidence = unknown_confidence
        self.tolerance = tolerance
        self._tolerance: dict[Node, Decimal] = {}  # predicate -> its tolerance, as looked up
        self.use_shacl = use_shacl
        self.index = self.domain.index
        self.reference = (
            _Reference(self.domain.reference, self.index)
            if use_reference and self.domain.reference is not None
            else None
        )
        self._relations = {r.iri: r for r in self.domain.relations.values()}
        self._properties = self.index.properties | set(self._relations)
        self._shapes = self.domain.shapes
        self._node_shape_of: dict[Node, Node] = {
            ps: ns for ns, ps in self._shapes.subject_objects(_SH_PROPERTY)
        }
        self._forward_paths, self._inverse_paths = self._counting_paths()
        self._compiled: Shapes | None = None
        self.shacl_fallback: str | None = "shacl_engine='pyshacl'" if shacl_engine == "pyshacl" else None
        if use_shacl and shacl_engine == "compiled":
            try:
                self._compiled = Shapes(self._shapes)
            except Unsupported as exc:
                self.shacl_fallback = exc.reason
        # classes disjoint with C -> predicates whose domain (out) / range (in) is such a class
        self._conflict_cache: dict[URIRef, tuple[list[URIRef], list[URIRef], set[URIRef]]] = {}
        self._labels: dict[Node, str] = {}  # labels of the batch being validated, for messages
        self._graphs: tuple[str, ...] = ()  # the graphs the batch being validated reads
        self._tracking = False
        self._index: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._types: dict[str, list[Node]] = {}  # tracked entity IRI -> its classes in the store
        self._index_graphs: tuple[str, ...] = ()
        self._fresh = False  # the index was started on an empty store (see _tracked_predicates)

    # -- public ----------------------------------------------------------------------------

    def validate(self, candidates: Sequence[Candidate] | Iterable[Candidate]) -> list[Verdict]:
        """One verdict per candidate, in order."""
        cands = list(candidates)
        judged = [_Judgement([]) for _ in cands]
        self._labels = {}
        for c in cands:
            if c.subject_label:
                self._labels.setdefault(c.subject, c.subject_label)
            if c.object_label:
                self._labels.setdefault(c.object, c.object_label)
        self._graphs = self._graphs_in_use()
        batch = _Batch(self)
        batch.view.prefetch(n for c in cands for n in ((c.subject,) if c.predicate == _TYPE else (c.subject, c.object)))
        for i, c in enumerate(cands):
            judged[i].reasons.extend(self._check_terms(c))
        for i, c in enumerate(cands):
            if judged[i].ok and self.reference is not None:
                reasons, confidence = self._check_reference(c)
                judged[i].reasons.extend(reasons)
                judged[i].confidence = confidence
        for i in batch.decision_order(cands, judged):
            judged[i].reasons.extend(batch.check_and_add(cands[i]))
        survivors = [i for i, j in enumerate(judged) if j.ok]
        if self.use_shacl and survivors:
            for i, reason in self._check_shacl(cands, survivors, batch):
                judged[i].reasons.append(reason)
        verdicts = []
        for c, j in zip(cands, judged):
            if j.ok:
                verdicts.append(Verdict.accept(c, j.confidence))
            else:
                verdicts.append(Verdict.reject(c, *_dedupe(j.reasons), confidence=0.0))
        return verdicts

    # -- per-candidate term checks -------------------------------------------------------

    def _check_terms(self, c: Candidate) -> list[Reason]:
        s, p, o = c.triple
        ix = self.index
        if p == _TYPE:
            if not isinstance(o, URIRef) or o not in ix.classes:
                known = ", ".join(sorted(ix.label(k) for k in ix.classes))
                return [Reason("unknown-class", f"{_show(o)} is not a class of the {self.domain.name} domain (classes: {known})", s)]
            return []
        if p in META_LITERAL_PREDICATES:
            if not isinstance(o, Literal):
                return [Reason("literal-expected", f"{ix.label(p)} needs a text literal, got the entity {_show(o)}", s)]
            return []
        if p not in self._properties:
            known = ", ".join(sorted(self.domain.relations))
            return [Reason("unknown-predicate", f"{_show(p)} is not a relation of the {self.domain.name} domain (relations: {known})", s)]
        rel = self._relations.get(p)
        is_literal = rel.object_is_literal if rel else p in ix.datatype_properties
        name = rel.name if rel else ix.label(p)
        if is_literal and not isinstance(o, Literal):
            return [Reason("literal-expected", f"{name} needs a literal value, got the entity {_show(o)}", s)]
        if not is_literal and isinstance(o, Literal):
            what = ix.label(rel.range) if rel and rel.range else "entity"
            return [Reason("entity-expected", f"{name} needs an entity ({what}) as its object, got the literal {o.n3()}; mint an IRI from the label instead", s)]
        if isinstance(o, Literal):
            datatype = rel.datatype if rel else ix.range.get(p)
            return self._check_literal(name, s, o, datatype)
        return []

    def _check_literal(self, name: str, s: Node, o: Literal, datatype: URIRef | None) -> list[Reason]:
        if datatype is None or datatype == RDFS.Literal:
            return []
        if datatype in (XSD.string, RDF.langString):
            if o.datatype not in _STRING_TYPES:
                return [Reason("datatype", f"{name} needs text, got {o.n3()}", s)]
            return []
        shown = f'"{o}"'
        if datatype in _INTEGER_TYPES:
            if o.datatype not in _INTEGER_TYPES:
                hint = f' (write it as "{o}"^^xsd:{_local(datatype)})' if _INT_RE.match(str(o).strip()) else ""
                return [Reason("datatype", f"{name} must be a whole number (xsd:{_local(datatype)}), got {shown}{hint}", s)]
            if not _INT_RE.match(str(o).strip()):
                return [Reason("datatype", f"{name} must be a whole number, got {shown}", s)]
            value = int(str(o).strip())
            if (datatype in _NON_NEGATIVE or o.datatype in _NON_NEGATIVE) and value < 0:
                return [Reason("value", f"{name} cannot be negative, got {value:,}", s)]
            if datatype == XSD.positiveInteger and value <= 0:
                return [Reason("value", f"{name} must be positive, got {value:,}", s)]
            return []
        if datatype in _DECIMAL_TYPES:
            if o.datatype not in _DECIMAL_TYPES:
                return [Reason("datatype", f"{name} must be a number (xsd:{_local(datatype)}), got {shown}", s)]
            if _num(o) is None:
                return [Reason("datatype", f"{name} must be a finite number, got {shown}", s)]
            return []
        if o.datatype != datatype or o.ill_typed:
            return [Reason("datatype", f"{name} must be an xsd:{_local(datatype)}, got {o.n3()}", s)]
        return []

    # -- reference graph -----------------------------------------------------------------

    def _check_reference(self, c: Candidate) -> tuple[list[Reason], float]:
        ref = self.reference
        assert ref is not None
        s, p, o = c.triple
        if p not in ref.predicates:
            return [], 1.0
        rs, ro = ref.resolve(s), ref.resolve(o)
        name = self._rel_name(p)
        unknown = [], self.unknown_confidence
        if isinstance(o, Literal):
            values = ref.objects.get((rs, p))
            if not values:
                return unknown
            claimed = _num(o)
            refs = [v for v in (_num(x) for x in values if isinstance(x, Literal)) if v is not None]
            if claimed is None or not refs:
                return unknown
            best = min(refs, key=lambda v: abs(v - claimed))
            off = relative_difference(claimed, best)
            tolerance = self.tolerance_for(p)
            if off > tolerance:
                return [Reason(
                    "reference",
                    f"the reference graph gives the {name} of {self._nm(s)} as {_fmt(best)}; "
                    f"{_fmt(claimed)} is off by {float(off):.0%} (tolerance {float(tolerance):.0%})",
                    s,
                )], 0.0
            return [], 1.0
        known_objs = ref.objects.get((rs, p), set())
        if ro in known_objs:
            return [], 1.0
        if p in ref.transitive:
            if ro in ref.containers(rs, p):
                return [], 1.0
            if ref.knows(rs) and ref.knows(ro) and (known_objs or ref.containers(rs, p)):
                # a known place said to lie in a known place that is not among its containers
                ro_types = ref.types.get(ro, set())
                if any(ref.types.get(x, set()) & ro_types for x in ref.containers(rs, p)):
                    where = ", ".join(sorted(self._nm(x) for x in ref.containers(rs, p) if ref.types.get(x, set()) & ro_types))
                    return [Reason("reference", f"the reference graph places {self._nm(s)} in {where}, not in {self._nm(o)}", s)], 0.0
            return unknown
        if p in ref.functional and known_objs and ref.knows(ro):
            where = ", ".join(sorted(self._nm(x) for x in known_objs))
            return [Reason("reference", f"the reference graph says {self._nm(s)} {name} {where}, not {self._nm(o)}", s)], 0.0
        known_subjs = ref.subjects.get((ro, p), set())
        if p in ref.inverse_functional and known_subjs and ref.knows(rs):
            who = ", ".join(sorted(self._nm(x) for x in known_subjs))
            return [Reason("reference", f"the reference graph says {who} {name} {self._nm(o)}, not {self._nm(s)}", s)], 0.0
        if p in ref.symmetric and rs != ro and ref.knows(rs) and ref.knows(ro) and (
            ref.types.get(rs, set()) & ref.types.get(ro, set())
        ):
            # the reference lists every neighbour of a country it knows
            listed = ", ".join(sorted(self._nm(x) for x in known_objs)) or "none"
            return [Reason("reference", f"the reference graph does not list {self._nm(o)} among the places {self._nm(s)} {name} (it lists: {listed})", s)], 0.0
        return unknown

    def tolerance_for(self, predicate: Node) -> Decimal:
        """The relative difference allowed between a numeric claim of ``predicate`` and the
        reference value: ``tolerance`` when given, else the domain's for the property."""
        found = self._tolerance.get(predicate)
        if found is None:
            found = (
                Decimal(str(self.tolerance)) if self.tolerance is not None else self.domain.tolerance(predicate)
            )
            self._tolerance[predicate] = found
        return found

    def _nm(self, term: Node) -> str:
        """How messages name an entity: its label in the batch or the reference, else its IRI's
        local name."""
        label = self._labels.get(term)
        if label is None and self.reference is not None:
            label = self.reference.labels.get(term)
        return label or _name(term)

    def _rel_name(self, p: URIRef) -> str:
        rel = self._relations.get(p)
        return rel.name if rel else self.index.label(p)

    # -- SHACL -----------------------------------------------------------------------------

    def _counting_paths(self) -> tuple[set[URIRef], set[URIRef]]:
        """Paths of property shapes with counting / pair constraints: the store triples along
        them are what a batch's SHACL run needs besides the batch itself."""
        forward: set[URIRef] = set()
        inverse: set[URIRef] = set()
        g = self._shapes
        for comp in _COUNTING:
            for shape in g.subjects(comp, None):
                path = g.value(shape, _SH_PATH)
                if isinstance(path, URIRef):
                    forward.add(path)
                elif path is not None:
                    inv = g.value(path, _SH_INVERSE)
                    if isinstance(inv, URIRef):
                        inverse.add(inv)
        return forward, inverse

    def _check_shacl(self, cands: Sequence[Candidate], survivors: list[int], batch: "_Batch") -> Iterator[tuple[int, Reason]]:
        data = Data()
        add = data.add
        nodes: set[Node] = set()
        labels: dict[str, Literal] = {}

        def label(text: str) -> Literal:
            lit = labels.get(text)
            if lit is None:
                lit = labels[text] = Literal(text)
            return lit

        for i in survivors:
            c = cands[i]
            add(*c.triple)
            nodes.add(c.subject)
            if c.subject_label:
                add(c.subject, _LABEL, label(c.subject_label))
            if isinstance(c.object, URIRef):
                nodes.add(c.object)
                if c.object_label:
                    add(c.object, _LABEL, label(c.object_label))
        # the store triples the counting constraints need: a count along a path at a node can
        # only change where the batch adds an edge along that path at that node
        if self.store is not None:
            wanted: set[tuple[Node, URIRef, bool]] = set()
            for i in survivors:
                s, p, o = cands[i].triple
                if p in self._forward_paths:
                    wanted.add((s, p, True))
                if p in self._inverse_paths and isinstance(o, (URIRef, BNode)):
                    wanted.add((o, p, False))
            for n, p, forward in wanted:
                if forward:
                    for x in batch.view.values(n, p, None, graphs=("accepted",)):
                        add(n, p, x)
                else:
                    for x in batch.view.values(None, p, n, graphs=("accepted",)):
                        add(x, p, n)
        # types of the batch's entities (only they are focus nodes): what the batch knows of
        # each, plus the domains / ranges of the batch's edges
        typed: dict[Node, set[URIRef]] = {n: set(batch.known_types(n)) for n in nodes}
        for i in survivors:
            s, p, o = cands[i].triple
            if p == _TYPE and isinstance(o, URIRef):
                typed[s].add(o)
                continue
            d = self.index.domain.get(p)
            if d is not None:
                typed[s].add(d)
            r = self.index.range.get(p)
            if r is not None and o in typed:
                typed[o].add(r)
        for n, classes in typed.items():
            for cls in self.index.closure(classes):
                add(n, _TYPE, cls)

        if self._compiled is not None:
            conforms, results = self._compiled.validate(data)
        else:
            conforms, results = pyshacl_validate(data.graph(), self._shapes)
        if conforms:
            return
        by_subject: dict[Node, list[int]] = {}
        by_object: dict[Node, list[int]] = {}
        for i in survivors:
            by_subject.setdefault(cands[i].subject, []).append(i)
            by_object.setdefault(cands[i].object, []).append(i)
        for result in results:
            if result.severity != _SH_VIOLATION:
                continue
            focus, path, value = result.focus, result.path, result.value
            shape = self._node_shape_of.get(result.shape, result.shape)
            message = result.message or "violates a SHACL shape"
            targets = self._blame(cands, by_subject, by_object, focus, path, value)
            detail = f"{message} (focus: {self._nm(focus)}"
            if isinstance(path, URIRef):
                detail += f", path: {_local(path)}"
            if value is not None:
                detail += f", value: {_show(value)}"
            detail += ")"
            for i in targets:
                yield i, Reason("shacl", detail, focus, shape if isinstance(shape, URIRef) else None)

    def _blame(self, cands, by_subject, by_object, focus, path, value) -> list[int]:
        """Candidates a SHACL result is about: those that put the offending edge there."""
        if isinstance(path, URIRef):
            hits = [i for i in by_subject.get(focus, ()) if cands[i].predicate == path and (value is None or cands[i].object == value)]
            if path == RDFS.label and not hits:
                hits = [i for i in by_subject.get(focus, ()) if cands[i].subject_label] + [
                    i for i in by_object.get(focus, ()) if cands[i].object_label
                ]
            return hits
        if isinstance(path, InversePath):
            inv = path.predicate
            return [i for i in by_object.get(focus, ()) if cands[i].predicate == inv and (value is None or cands[i].subject == value)]
        return list(by_subject.get(focus, ())) or list(by_object.get(focus, ()))

    # -- store helpers -----------------------------------------------------------------------

    # -- the run's index of entity predicates ---------------------------------------------------

    def track_writes(self) -> None:
        """Keep what batches learn of each entity's predicates from one batch to the next, so
        that an entity already seen is not asked about again (a popular tail's incoming facts
        are then read once per run, not once per batch). The caller promises to report every
        later write to ``accepted`` and ``inferred`` through :meth:`observe` (the pipeline does);
        a store changed behind the validator's back would make its answers stale."""
        self._tracking = True
        self._index = None

    def observe(self, triples: Iterable[tuple[object, object, object]]) -> None:
        """Written to ``accepted`` or ``inferred``: update the index of tracked entities (rdflib
        or pyoxigraph terms, or N-Triples strings)."""
        if self._index is None:
            return
        out, into = self._index
        types = self._types
        fresh = self._fresh
        for s, p, o in triples:
            ks, ko = _iri_key(s), _iri_key(o)
            if fresh:  # the index is the store's whole content: every entity joins it
                if ks is not None and ks not in out:
                    out[ks] = set()
                if ko is not None and ko not in into:
                    into[ko] = set()
            hit_s, hit_o = ks in out, ko in into
            if hit_s or hit_o or ks in types:
                iri = _iri_key(p)
                if hit_s:
                    out[ks].add(iri)  # type: ignore[index,arg-type]
                if hit_o:
                    into[ko].add(iri)  # type: ignore[index,arg-type]
                if iri == _TYPE_IRI and ks in types:
                    known, cls = types[ks], _iri_key(o)
                    if cls is None:
                        types.pop(ks)  # not an IRI: read the entity's classes again
                    elif URIRef(cls) not in known:
                        known.append(URIRef(cls))

    def forget(self) -> None:
        """Drop the index (after a rebuild of the inferred graph, or any untracked change)."""
        self._index = None
        self._types = {}
        self._fresh = False

    def _tracked_predicates(self) -> tuple[dict[str, set[str]], dict[str, set[str]]] | None:
        if not self._tracking:
            return None
        graphs = self._graphs
        if self._index is not None and self._fresh and len(self._index[0]) + len(self._index[1]) <= INDEX_LIMIT:
            if graphs != self._index_graphs:  # the index covers both graphs; the classes read do not
                self._index_graphs, self._types = graphs, {}
            return self._index
        if self._index is None or graphs != self._index_graphs or len(self._index[0]) + len(self._index[1]) > INDEX_LIMIT:
            self._index, self._index_graphs = ({}, {}), graphs
            self._types = {}
            # on a store whose two graphs are empty, the index learns everything from
            # :meth:`observe`: an entity it lacks is in neither graph (no prefetch query)
            self._fresh = self.store is not None and self.store.is_empty(*GRAPHS)
        return self._index

    def _graphs_in_use(self) -> tuple[str, ...]:
        """The graphs point lookups read: ``accepted``, and ``inferred`` when it holds anything."""
        if self.store is None:
            return ()
        if self.store.is_empty("inferred"):
            return ("accepted",)
        return GRAPHS

    def _conflicts_for(self, cls: URIRef) -> tuple[list[URIRef], list[URIRef], set[URIRef]]:
        """For a class: predicates whose domain / range is disjoint with it, and the classes
        disjoint with it."""
        cached = self._conflict_cache.get(cls)
        if cached is None:
            ix = self.index
            out_preds = [p for p, d in ix.domain.items() if ix.disjoint(d, cls)]
            in_preds = [p for p, r in ix.range.items() if p in ix.object_properties and ix.disjoint(r, cls)]
            classes = {k for k in ix.classes if ix.disjoint(k, cls)}
            cached = (out_preds, in_preds, classes)
            self._conflict_cache[cls] = cached
        return cached

    # -- typing by form -------------------------------------------------------------------------

    @cached_property
    def form_classes(self) -> dict[str, URIRef]:
        """Phrase form (:mod:`kg.forms`) -> the domain's class for phrases of that form, from the
        ontology's ``kg:phraseForm`` annotations; empty for a domain that is not typed by form."""
        found: dict[str, URIRef] = {}
        for cls, form in sorted(self.domain.ontology.subject_objects(PHRASE_FORM)):
            where = f"{self.domain.name} ontology: {_show(cls)} kg:phraseForm {form.n3()}"
            if str(form) not in FORMS:
                raise OntologyError(f"{where}: the form must be one of {', '.join(FORMS)}")
            if not isinstance(cls, URIRef) or cls not in self.index.classes:
                raise OntologyError(f"{where}: not a class of the ontology")
            if found.setdefault(str(form), cls) != cls:
                raise OntologyError(f"{where}: the form already types {_show(found[str(form)])}")
        return found

    @property
    def by_form(self) -> bool:
        """Whether this domain types its entities by the form of their labels (see the module
        docstring)."""
        return bool(self.form_classes)

    def _form_class(self, label: str | None) -> URIRef | None:
        if not label:
            return None
        form = phrase_form(label)
        return self.form_classes.get(form) if form is not None else None


class _StoreView:
    """The store's ``accepted`` (and ``inferred``) graphs as one batch asks about them: point
    lookups only, each answered once. :meth:`prefetch` learns, in two SPARQL queries for the
    whole batch, which predicates each entity takes part in (each way); a question whose
    predicate the entity does not take part in is then answered without a lookup, which is
    most questions (new entities, relations an entity lacks). The other lookups go to
    pyoxigraph directly on an embedded store, each term converted once. Values come graph by
    graph, in the store's order, at most ``limit`` per graph."""

    def __init__(
        self,
        store: Store | None,
        graphs: tuple[str, ...],
        predicates: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None,
        types: dict[str, list[Node]] | None = None,
        *,
        fresh: bool = False,
    ) -> None:
        self.store = store
        self.graphs = graphs
        self._raw = store.raw if isinstance(store, EmbeddedStore) else None
        self._graph_nodes = {g: store.graph_node(g) for g in graphs} if self._raw is not None else {}  # type: ignore[union-attr]
        self._terms: dict[Node, object] = {}
        # entity IRI -> its predicates' IRIs, out / in (shared across batches when writes are tracked)
        self._predicates: tuple[dict[str, set[str]], dict[str, set[str]]] = predicates or ({}, {})
        self._iris: dict[Node, str] = {}  # predicate -> its IRI as a plain str
        self._points: dict[tuple[Node | None, Node, Node | None], bool] = {}
        # entity IRI -> its classes (shared across batches when writes are tracked: a class
        # written later is added by ``Validator.observe``)
        self._types: dict[str, list[Node]] = types if types is not None else {}
        self._fresh = fresh  # ``predicates`` holds every entity the store has (see Validator)

    def prefetch(self, nodes: Iterable[Node]) -> None:
        """Learn the predicates of the quads each entity (an IRI) is the subject / object of."""
        if self.store is None:
            return
        known = self._predicates[0]
        iris = list({n for n in nodes if isinstance(n, URIRef) and str(n) not in known and _PLAIN_IRI.match(n)})
        if self._fresh:  # what the store has of them, the index was told (observe)
            for n in iris:
                known.setdefault(str(n), set())
                self._predicates[1].setdefault(str(n), set())
            return
        for start in range(0, len(iris), PREFETCH_CHUNK):
            chunk = iris[start:start + PREFETCH_CHUNK]
            values = " ".join(f"<{n}>" for n in chunk)
            for index, pattern in zip(self._predicates, ("?n ?p ?o", "?o ?p ?n")):
                found: dict[str, set[str]] = {str(n): set() for n in chunk}
                query = f"SELECT DISTINCT ?n ?p WHERE {{ VALUES ?n {{ {values} }} {pattern} }}"
                for n, p in self._query(query):
                    found[n.value].add(p.value)
                for n in chunk:
                    index[str(n)] = found[str(n)]

    def _query(self, sparql: str) -> Iterable:
        """SELECT rows over the graphs in use (on an embedded store, without waiting for the
        store's background writes, which go to other graphs)."""
        if self._raw is not None:
            return self._raw.query(sparql, default_graph=[self._graph_nodes[g] for g in self.graphs])
        return self.store.query(sparql, graph="knowledge")  # type: ignore[union-attr]

    def _ox(self, term: Node | None) -> object:
        if term is None:
            return None
        got = self._terms.get(term)
        if got is None:
            got = self._terms[term] = to_ox(term)
        return got

    def _absent(self, s: Node | None, p: Node, o: Node | None) -> bool:
        """Whether the prefetched predicates show that nothing matches (s p ?) / (? p o)."""
        preds = self._predicates[0].get(str(s)) if s is not None else self._predicates[1].get(str(o))
        if preds is None:
            return False
        iri = self._iris.get(p)
        if iri is None:
            iri = self._iris[p] = str(p)
        return iri not in preds

    def possible(self, node: Node, predicates: list[URIRef], way: int) -> list[URIRef]:
        """Those of ``predicates`` (in order) that the prefetched predicates of ``node`` (out:
        ``way`` 0, in: 1) do not rule out."""
        known = self._predicates[way].get(str(node))
        if known is None:
            return predicates
        if not known:
            return []
        iris = self._iris
        return [p for p in predicates if (iris.get(p) or iris.setdefault(p, str(p))) in known]

    def _match(self, s: Node | None, p: Node | None, o: Node | None, graph: str) -> Iterator:
        if self._raw is not None:
            return self._raw.quads_for_pattern(self._ox(s), self._ox(p), self._ox(o), self._graph_nodes[graph])
        return self.store.match(s, p, o, graph=graph)  # type: ignore[union-attr]

    def values(self, s: Node | None, p: Node, o: Node | None, limit: int = NEIGHBOURHOOD_CAP,
               graphs: tuple[str, ...] | None = None) -> list[Node]:
        """Objects (``o`` None) or subjects (``s`` None) of ``p`` in the store."""
        if self.store is None or self._absent(s, p, o):
            return []
        out: list[Node] = []
        for g in self.graphs if graphs is None else graphs:
            for q in islice(self._match(s, p, o, g), limit):
                out.append(from_ox(q.object if o is None else q.subject))
        return out

    def types(self, node: Node) -> list[Node]:
        """``node``'s classes in the store (``values(node, rdf:type, None)``), read once."""
        if not isinstance(node, URIRef):
            return self.values(node, _TYPE, None)
        key = str(node)
        got = self._types.get(key)
        if got is None:
            got = self._types[key] = self.values(node, _TYPE, None)
        return got

    def has(self, s: Node | None, p: Node, o: Node | None) -> bool:
        if self.store is None or self._absent(s, p, o) or (s is not None and o is not None and self._absent(None, p, o)):
            return False
        key = (s, p, o)
        got = self._points.get(key)
        if got is None:
            got = self._points[key] = any(next(iter(self._match(s, p, o, g)), None) is not None for g in self.graphs)
        return got


class _Batch:
    """What one batch has established so far (types, edges), judged candidate by candidate."""

    def __init__(self, v: Validator) -> None:
        self.v = v
        self.types: dict[Node, dict[URIRef, str]] = {}  # node -> class -> where we know it from
        self.edges: set[tuple[Node, Node, Node]] = set()
        self._out: dict[tuple[Node, Node], set[Node]] = {}
        self._in: dict[tuple[Node, Node], set[Node]] = {}
        self._store_types: dict[Node, dict[URIRef, str]] = {}
        self._probed: set[tuple[Node, URIRef]] = set()
        self.by_form = v.by_form
        self._declared: dict[Node, set[URIRef]] = {}  # by form: the batch's rdf:type candidates
        self._asserted: dict[Node, dict[URIRef, str]] = {}  # by form: types besides the batch's
        tracked = v._tracked_predicates()
        self.view = _StoreView(
            v.store, v._graphs, tracked, v._types if tracked is not None else None, fresh=tracked is not None and v._fresh
        )

    def known_types(self, node: Node) -> dict[URIRef, str]:
        known = dict(self._base_types(node))
        known.update(self.types.get(node, {}))
        return known

    def _base_types(self, node: Node) -> dict[URIRef, str]:
        cached = self._store_types.get(node)
        if cached is None:
            cached = {}
            v = self.v
            for t in self.view.types(node):
                if isinstance(t, URIRef):
                    cached[t] = "the store"
            if v.reference is not None:
                for t in v.reference.types.get(v.reference.resolve(node), ()):
                    cached.setdefault(t, "the reference graph")
            self._store_types[node] = cached
        return cached

    def _probe(self, node: Node, cls: URIRef) -> None:
        """Ask the store whether ``node`` takes part in a relation that makes it a class
        disjoint with ``cls`` (point lookups only)."""
        if (node, cls) in self._probed or self.v.store is None:
            return
        self._probed.add((node, cls))
        out_preds, in_preds, _ = self.v._conflicts_for(cls)
        base = self._base_types(node)
        ix, view = self.v.index, self.view
        for p in view.possible(node, out_preds, 0):
            if view.has(node, p, None):
                base.setdefault(ix.domain[p], f"the store ({self.v._nm(node)} {self.v._rel_name(p)} ...)")
        for p in view.possible(node, in_preds, 1):
            if view.has(None, p, node):
                base.setdefault(ix.range[p], f"the store (... {self.v._rel_name(p)} {self.v._nm(node)})")

    # -- typing by form ----------------------------------------------------------------------------

    def decision_order(self, cands: Sequence[Candidate], judged: list[_Judgement]) -> list[int]:
        """The candidates still in the running, in the order they are decided: as given, or, in a
        domain typed by form, by their triples, so that the batch's verdicts (and messages) do
        not depend on the order of its candidates."""
        live = [i for i, j in enumerate(judged) if j.ok]
        if not self.by_form:
            return live
        labels = self.v._labels
        for c in cands:  # one label per entity whatever the order: the least
            for node, label in ((c.subject, c.subject_label), (c.object, c.object_label)):
                if label and label < labels.get(node, label + "\uffff"):
                    labels[node] = label
        for i in live:
            c = cands[i]
            if c.predicate == _TYPE and isinstance(c.object, URIRef):
                self._declared.setdefault(c.subject, set()).add(c.object)
        return sorted(live, key=lambda i: _triple_key(cands[i]))

    def _label(self, node: Node) -> str | None:
        """The label an entity's form is read from: the batch's, else the store's, else the
        local name of an IRI minted from a label without loss."""
        label = self.v._labels.get(node)
        if label is None and isinstance(node, URIRef):
            for x in self.view.values(node, _LABEL, None, limit=1, graphs=("accepted",)):
                return str(x)
            text = str(node)
            if text.startswith(str(RESOURCE)) and not _HASHED.search(text):
                return text[len(RESOURCE):].replace("_", " ")
        return label

    def _given_types(self, node: Node) -> dict[URIRef, str]:
        """By form: the classes of ``node`` that do not come from the relations it takes part in:
        its form, ``rdf:type`` asserted in the store (``accepted``; ``inferred`` holds the
        domains and ranges of earlier facts) and the reference graph's."""
        got = self._asserted.get(node)
        if got is None:
            got = {}
            cls = self.v._form_class(self._label(node)) if isinstance(node, URIRef) else None
            if cls is not None:
                got[cls] = "its form"
            if self.v.store is not None:
                for t in self.view.values(node, _TYPE, None, graphs=("accepted",)):
                    if isinstance(t, URIRef):
                        got.setdefault(t, "the store")
            ref = self.v.reference
            if ref is not None:
                for t in ref.types.get(ref.resolve(node), ()):
                    got.setdefault(t, "the reference graph")
            self._asserted[node] = got
        return got

    def _typed(self, node: Node, declaring: URIRef | None) -> dict[URIRef, str]:
        """By form: what a candidate's implied class must not be disjoint with. For an
        ``rdf:type`` candidate (``declaring`` its class), every other class the batch declares
        for the node too (two disjoint declarations reject each other, whatever their order);
        for a relation, only the batch's declarations that stand."""
        ix = self.v.index
        declared = self._declared.get(node)
        if not declared:
            return self._given_types(node)
        known = dict(self._given_types(node))
        for t in sorted(declared, key=str):
            if declaring is not None:
                if t != declaring:
                    known.setdefault(t, "an rdf:type candidate of this batch")
            elif not any(ix.disjoint(t, k) for k in known) and not any(ix.disjoint(t, u) for u in declared):
                known.setdefault(t, "an rdf:type candidate of this batch")
        return known

    def _type_conflict(self, node: Node, cls: URIRef, declaring: bool = False) -> tuple[URIRef, str] | None:
        ix = self.v.index
        if not ix.disjoint_pairs:
            return None
        if self.by_form:
            known = self._typed(node, cls if declaring else None)
        else:
            self._probe(node, cls)
            known = self.known_types(node)
        clashes = [t for t in known if ix.disjoint(t, cls)]
        if not clashes:
            return None
        t = min(clashes, key=str)  # the same class whatever order the store lists them in
        return t, known[t]

    def check_and_add(self, c: Candidate) -> list[Reason]:
        v, ix = self.v, self.v.index
        s, p, o = c.triple
        name = v._rel_name(p)
        implied: list[tuple[Node, URIRef, str]] = []
        reasons: list[Reason] = []
        if p == _TYPE:
            implied.append((s, o, "disjoint-class"))  # type: ignore[arg-type]
        elif p not in META_LITERAL_PREDICATES:
            d, r = ix.domain.get(p), ix.range.get(p)
            if d is not None:
                implied.append((s, d, "domain"))
            if r is not None and isinstance(o, (URIRef, BNode)):
                implied.append((o, r, "range"))
                if s == o and d is not None and ix.disjoint(d, r):
                    dl, rl = ix.label(d), ix.label(r)
                    reasons.append(Reason(
                        "self-loop",
                        f"{v._nm(s)} {name} {v._nm(s)} would make {v._nm(s)} both {_a(dl)} (the subject of {name}) "
                        f"and {_a(rl)} (its object); {dl} and {rl} are disjoint",
                        s,
                    ))
        for node, cls, check in implied:
            conflict = self._type_conflict(node, cls, check == "disjoint-class")
            if conflict is None:
                continue
            known, source = conflict
            if source == "batch":
                source = "an earlier candidate of this batch"
            if check == "disjoint-class":
                msg = f"{self.v._nm(node)} is {_a(ix.label(known))} (from {source}), so it cannot be {_a(ix.label(cls))}: the two classes are disjoint"
            else:
                role = "subject" if check == "domain" else "object"
                msg = (f"{name} needs {_a(ix.label(cls))} as its {role}, but {self.v._nm(node)} is {_a(ix.label(known))} "
                       f"(from {source}); {ix.label(known)} and {ix.label(cls)} are disjoint")
            reasons.append(Reason(check, msg, node))
        if p != _TYPE and p not in META_LITERAL_PREDICATES:
            reasons.extend(self._axioms(c, name))
        if reasons:
            return reasons
        for node, cls, _ in implied:
            self.types.setdefault(node, {}).setdefault(cls, "batch")
        self.edges.add((s, p, o))
        self._out.setdefault((s, p), set()).add(o)
        self._in.setdefault((o, p), set()).add(s)
        return []

    # -- property axioms and cardinality ---------------------------------------------------

    def _has(self, s: Node, p: Node, o: Node) -> bool:
        return (s, p, o) in self.edges or self.view.has(s, p, o)

    def _values(self, s: Node | None, p: URIRef, o: Node | None) -> set[Node]:
        """Objects of (s, p) or subjects of (p, o) in the store and the batch so far, with
        inverse properties folded in."""
        ix = self.v.index
        out: set[Node] = set()
        if o is None:
            out.update(self.view.values(s, p, None))
            out.update(self._out.get((s, p), ()))
            for q in ix.inverse.get(p, ()):
                out.update(self.view.values(None, q, s))
                out.update(self._in.get((s, q), ()))
        else:
            out.update(self.view.values(None, p, o))
            out.update(self._in.get((o, p), ()))
            for q in ix.inverse.get(p, ()):
                out.update(self.view.values(o, q, None))
                out.update(self._out.get((o, q), ()))
        return out

    def _axioms(self, c: Candidate, name: str) -> list[Reason]:
        ix = self.v.index
        s, p, o = c.triple
        reasons: list[Reason] = []
        inverses = ix.inverse.get(p, set())
        if p in ix.irreflexive and s == o:
            reasons.append(Reason("irreflexive", f"{self.v._nm(s)} cannot {name} itself", s))
        if p in ix.asymmetric and s != o:
            clash = None
            if self._has(o, p, s):
                clash = f"{self.v._nm(o)} {name} {self.v._nm(s)}"
            else:
                for q in inverses:
                    if self._has(s, q, o):
                        clash = f"{self.v._nm(s)} {self.v._rel_name(q)} {self.v._nm(o)}"
            if clash:
                reasons.append(Reason("asymmetric", f"{name} is asymmetric and {clash} is already known, so {self.v._nm(s)} {name} {self.v._nm(o)} cannot also hold", s))
        for q in ix.property_disjoint.get(p, ()):
            if self._has(s, q, o):
                reasons.append(Reason("disjoint-property", f"{self.v._nm(s)} {self.v._rel_name(q)} {self.v._nm(o)} is already known; {name} and {self.v._rel_name(q)} never hold for the same pair", s))
        functional = p in ix.functional or any(q in ix.inverse_functional for q in inverses)
        inverse_functional = p in ix.inverse_functional or any(q in ix.functional for q in inverses)
        if functional:
            others = {x for x in self._values(s, p, None) if not _same(x, o)}
            if others:
                shown = ", ".join(sorted(_show(x) for x in others))
                reasons.append(Reason("cardinality", f"{self.v._nm(s)} can have only one {name}, and it already has {shown}", s))
        if inverse_functional and isinstance(o, (URIRef, BNode)):
            others = {x for x in self._values(None, p, o) if x != s}
            if others:
                shown = ", ".join(sorted(self.v._nm(x) for x in others))
                reasons.append(Reason("cardinality", f"only one thing can be {name} {self.v._nm(o)}, and {shown} already is", o))
        return reasons


def _iri_key(term: object) -> str | None:
    """An IRI as the plain string the predicate index is keyed by (None for anything else):
    rdflib and pyoxigraph terms, or N-Triples strings (the reasoner's form)."""
    kind = type(term)
    if kind is str:
        return term[1:-1] if term[:1] == "<" else None  # type: ignore[index]
    if kind is URIRef:
        return str(term)
    if kind is ox.NamedNode:
        return term.value  # type: ignore[attr-defined]
    return str(term) if isinstance(term, URIRef) else None


_HASHED = re.compile(r"_[0-9a-f]{10}$")
"""The tail :func:`kg.iri.mint_iri` gives an IRI whose slug lost part of its label."""


def _triple_key(c: Candidate) -> tuple[str, str, str, str]:
    o = c.object
    return (str(c.subject), str(c.predicate), type(o).__name__, o.n3() if isinstance(o, Literal) else str(o))


def _a(word: str) -> str:
    """``word`` with its indefinite article: "a city", "an event"."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _same(a: Node, b: Node) -> bool:
    if isinstance(a, Literal) and isinstance(b, Literal):
        x, y = _num(a), _num(b)
        if x is not None and y is not None:
            return x == y
        return str(a) == str(b)
    return a == b


def _show(term: Node) -> str:
    if isinstance(term, Literal):
        return f'"{term}"' if term.datatype in _STRING_TYPES else f"{term} ({_local(term.datatype)})"
    if isinstance(term, URIRef):
        return _name(term) if "/resource/" in str(term) else f"<{term}>"
    return str(term)


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _fmt(x: Decimal) -> str:
    return f"{int(x):,}" if x == x.to_integral_value() else f"{float(x):,.2f}"


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    seen = set()
    out = []
    for r in reasons:
        key = (r.check, r.message, r.focus_node)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# -- reports ------------------------------------------------------------------------------------

KG_CHECK = "https://w3id.org/kgdistill/check/"
"""Source shape of a reason that comes from a check of this module, not a SHACL shape."""


def report_graph(verdicts: Sequence[Verdict]) -> Graph:
    """Verdicts as a SHACL validation report graph (``sh:ValidationReport``): one
    ``sh:ValidationResult`` per rejection reason, with the focus node, the candidate's predicate
    as path and its object as value, and the SHACL shape (or ``kg`` check) as source."""
    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, URIRef(SH + "ValidationReport")))
    conforms = all(v.accepted for v in verdicts)
    g.add((report, URIRef(SH + "conforms"), Literal(conforms)))
    for v in verdicts:
        if v.accepted:
            continue
        c = v.candidate
        for r in v.reasons:
            res = BNode()
            g.add((report, _SH_RESULT, res))
            g.add((res, RDF.type, URIRef(SH + "ValidationResult")))
            g.add((res, _SH_FOCUS, r.focus_node if r.focus_node is not None else c.subject))
            g.add((res, _SH_RPATH, c.predicate))
            g.add((res, _SH_VALUE, c.object))
            g.add((res, _SH_SEVERITY, _SH_VIOLATION))
            g.add((res, _SH_MESSAGE, Literal(r.message)))
            g.add((res, _SH_SOURCE_SHAPE, r.shape if r.shape is not None else URIRef(KG_CHECK + r.check)))
            g.add((res, KG.check, Literal(r.check)))
    return g
