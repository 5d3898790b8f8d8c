"""Contradictions between candidates, the store and the rest of their batch.

Validation looks at each candidate alone; :class:`ConflictChecker` looks at what a candidate
means next to what the store holds (``accepted``) and the other accepted candidates of its
batch. The kinds of conflict (``Reason.check``):

``conflict:disjoint-classes``    an entity typed (asserted, or via a property's domain/range,
                                 super-properties and inverses, closed over sub-classes) into
                                 two disjoint classes (``owl:disjointWith``, ``owl:AllDisjointClasses``);
                                 in a domain typed by form (:mod:`kg.forms`) only an asserted
                                 ``rdf:type`` types an existing fact's entity, so two uses of a
                                 phrase never clash here (the validator judged each by its form)
``conflict:functional``          a second value of an ``owl:FunctionalProperty`` (or of the
                                 inverse of an ``owl:InverseFunctionalProperty``)
``conflict:inverse-functional``  a second subject for the same value of an inverse-functional
                                 property (or of the inverse of a functional one)
``conflict:asymmetric``          ``x p y`` against ``y p x`` (or ``x inv(p) y``) for an asymmetric ``p``
``conflict:irreflexive``         ``x p x`` for an irreflexive or asymmetric ``p``
``conflict:disjoint-properties`` ``x p y`` against ``x q y`` with ``p owl:propertyDisjointWith q``
``conflict:cycle``               a cycle in a strict order (``cs:isBefore`` / ``cs:isAfter``)

Strict orders: properties that are asymmetric or irreflexive and either transitive or the
inverse of another asymmetric property (a before/after pair; OWL 2 DL forbids declaring an
asymmetric property transitive, so the pair is how an ontology says "order"). Pass ``orders=``
to choose them yourself.

Policy. The batch is judged in decreasing confidence, so within a batch the higher-confidence
candidate wins. A candidate that conflicts with a fact of higher confidence is rejected, with a
reason naming that fact (labels and IRIs). An accepted fact is never silently dropped: when a
candidate outweighs a stored fact, the candidate goes to quarantine with ``needs_review=True``
and the reason names the stored fact, which stays. A tie quarantines for review; a tie inside
the batch quarantines both candidates, and both stay in the batch as contested sides: a later
candidate that contradicts either is rejected when less confident, and joins the review when
equally confident (it never becomes the accepted value). A stored fact's confidence is the highest
``kg:confidence`` of its support in ``provenance``; 1.0 when it was loaded from a file (or has
no recorded support).

Reading the store (once per batch, cached for it; ``resolve`` reads it afresh). The classes the
stored facts give each entity of the batch come from two SPARQL queries per 2,000 entities that
return distinct (entity, predicate) pairs only, so that a candidate whose entities get no
disjoint class from any fact (nearly all of them) costs no look at the facts themselves; order
edges (cycle search) and reverse facts (asymmetry) are read with targeted scans and point
lookups in the order a full read of the entity's facts would give. Conflicts are found exactly
as if every fact of the entity were read.

The classes a fact gives its entities are :mod:`reasoners.conflict_typing`'s; the facts, the
batch and the conflicts found are records of :mod:`reasoners.conflict_facts`.
"""

from __future__ import annotations

import sys
from collections import defaultdict, deque
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence, cast

import pyoxigraph as ox
from rdflib.namespace import RDFS

from kg.forms import typed_by_form
from kg.namespaces import KG, PROV
from kg.provenance import statement_node, taught_only
from kg.records import Reason, Verdict
from kg.store import EmbeddedStore, Store
from kg.terms import from_ox, ox_value
from reasoners.conflict_facts import Batch, Conflict, Fact, edges
from reasoners.conflict_typing import NONE, Typing
from reasoners.schema import TYPE, Schema, Term, Triple, is_literal, schema_of, short, term, to_node

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.ontology import DomainLike

__all__ = ["ConflictChecker", "Conflict"]

_LABEL = term(RDFS.label)
_DERIVED = term(PROV.wasDerivedFrom)
_CONFIDENCE = term(KG.confidence)
_Subject = ox.NamedNode | ox.BlankNode


def _solutions(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> ox.QuerySolutions:
    """The rows of a SELECT query's result."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a SELECT query gave no solutions")
    return result


MAX_SEARCH = 5_000
"""Nodes a cycle search visits at most."""
BACK_SEARCH = 200
"""Nodes the backward search before a cycle search visits at most (past it, search forwards)."""


class ConflictChecker:
    """Finds and resolves contradictions of a batch of verdicts (see the module docstring)."""

    def __init__(self, domain: DomainLike | Graph, store: Store, *, orders: Iterable[object] | None = None) -> None:
        self.schema: Schema = schema_of(domain)
        self.store = store
        # a domain typed by form (kg.forms): an entity's class comes from its wording and from
        # asserted rdf:type, never from the relations it already takes part in (the validator
        # decides those clashes, whatever the order of the facts); only rdf:type facts type it here
        self.by_form = typed_by_form(domain)
        sch = self.schema
        self.typing = Typing(sch, by_form=self.by_form)
        self.functional = set(sch.functional) | {q for p in sch.inverse_functional for q in sch.inverses.get(p, ())}
        self.inverse_functional = set(sch.inverse_functional) | {
            q for p in sch.functional for q in sch.inverses.get(p, ())
        }
        if orders is None:
            self.orders = {
                p
                for p in sch.asymmetric | sch.irreflexive
                if p in sch.transitive or any(q in sch.asymmetric for q in sch.inverses.get(p, ()))
            }
        else:
            self.orders = {term(p) for p in orders}
        # what the store says, read once per batch (cleared by ``resolve``)
        self._facts_cache: dict[Term, list[Fact]] = {}
        self._types_cache: dict[Term, frozenset[Term]] = {}
        self._next_cache: dict[tuple[Term, Term], list[tuple[Term, Fact]]] = {}
        self._prev_cache: dict[tuple[Term, Term], list[Term]] = {}
        self._nodes: dict[Term, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self._conf_cache: dict[Triple, float] = {}
        self._label_cache: dict[Term, str | None] = {}
        self._tracking = False
        self._fresh = False  # tracking began on an empty ``accepted``: every entity is remembered
        self.trusted = False
        """Whether the verdicts are of rows a user trusts (``kg ingest --trusted``): one that
        outweighs a stored fact whose relation gave an entity a disjoint class goes in over it
        (:meth:`_overrules`), noted in :attr:`overruled`, not quarantined."""
        self.overruled: dict[str, str] = {}  # candidate id -> the stored fact it went in over

    # -- remembering entities across batches -----------------------------------------------------

    def track_writes(self) -> None:
        """Keep the classes stored facts give each entity from one batch to the next (a popular
        tail's incoming facts are then read once per run). The caller promises to report every
        later write to ``accepted`` through :meth:`observe` (the pipeline does). On an empty
        ``accepted``, every entity written is remembered, so one not remembered is not stored
        (no query)."""
        self._tracking = True
        self._types_cache.clear()
        self._fresh = isinstance(self.store, EmbeddedStore) and self.store.is_empty("accepted")

    def observe(self, triples: Iterable[tuple[object, object, object]]) -> None:
        """Triples written to ``accepted``: update the classes of the entities remembered."""
        if not self._tracking:
            return
        cache = self._types_cache
        fresh = self._fresh
        for triple in triples:
            s, p, o = (term(x) for x in triple)
            if p == _LABEL:
                continue
            if fresh:
                if s not in cache and s[0] == "<":
                    cache[s] = NONE
                if o not in cache and o[0] == "<" and o != s and p != TYPE:
                    cache[o] = NONE
            if s in cache:
                if p == TYPE:
                    cache[s] |= self.typing.class_types(o)
                elif not self.by_form:
                    cache[s] |= self.typing.subject_types.get(p, NONE)
                    if o == s:
                        cache[s] |= self.typing.object_types.get(p, NONE)
            if o in cache and o != s and p != TYPE and not self.by_form:
                cache[o] |= self.typing.object_types.get(p, NONE)

    def forget(self) -> None:
        """Stop remembering (a caller that writes without reporting it)."""
        self._tracking = self._fresh = False
        self._types_cache.clear()

    # -- the store -------------------------------------------------------------------------

    def _store_facts(self, x: Term) -> list[Fact]:
        """Every accepted triple with ``x`` as subject or object (labels left out)."""
        if x in self._facts_cache:
            return self._facts_cache[x]
        out: list[Fact] = []
        if not is_literal(x):
            node = to_node(x)
            for q in self.store.match(node, None, None, graph="accepted"):
                t = (x, term(q.predicate), term(q.object))
                if t[1] != _LABEL:
                    out.append(Fact(t, "store"))
            for q in self.store.match(None, None, node, graph="accepted"):
                t = (term(q.subject), term(q.predicate), x)
                if t[0] != x:
                    out.append(Fact(t, "store"))
        self._facts_cache[x] = out
        return out

    def _store_types(self, x: Term) -> frozenset[Term]:
        """Every class the accepted triples about ``x`` give it (see :meth:`_prefetch_types`)."""
        found = self._types_cache.get(x)
        if found is None:
            given: set[Term] = set()
            for f in self._store_facts(x):
                given |= self.typing.fact_types(f.triple, x)
            found = self._types_cache[x] = frozenset(given)
        return found

    def _prefetch_types(self, entities: Iterable[Term]) -> None:
        """:meth:`_store_types` of many IRIs at once, in two SPARQL queries per chunk on an
        embedded store: the store joins and deduplicates on its own encoded terms and returns
        the distinct (entity, predicate) pairs only (plus the class of a type triple, or the
        entity itself for ``x p x``), the entity as its position in the chunk (a number is not
        looked up to be decoded); reading the triples of a much-used entity (thousands for a
        common ATOMIC tail) would decode each one."""
        embedded = self.store if isinstance(self.store, EmbeddedStore) else None
        todo = sorted({x for x in entities if x.startswith("<") and x not in self._types_cache})
        if embedded is None or not todo:
            return
        if self._fresh:  # not remembered: not in the store (see track_writes)
            self._types_cache.update((x, NONE) for x in todo)
            return
        raw, graph = embedded.raw, embedded.graph_node("accepted")
        subject_types, object_types = ({}, {}) if self.by_form else (self.typing.subject_types, self.typing.object_types)
        for start in range(0, len(todo), 2_000):
            chunk = todo[start : start + 2_000]
            given: list[set[Term]] = [set() for _ in chunk]
            values = " ".join(f"({x} {i})" for i, x in enumerate(chunk))
            outgoing = (
                f"SELECT DISTINCT ?i ?p ?c WHERE {{ VALUES (?x ?i) {{ {values} }} GRAPH {graph} {{ ?x ?p ?o }} "
                f"FILTER(!sameTerm(?p, {_LABEL})) BIND(IF(sameTerm(?p, {TYPE}), ?o, sameTerm(?o, ?x)) AS ?c) }}"
            )
            for i, p, c in _solutions(raw.query(outgoing)):
                types, p = given[int(i.value)], str(p)
                if p == TYPE:
                    types |= self.typing.class_types(str(c))
                else:
                    types |= subject_types.get(p, NONE)
                    if c.value == "true":  # x p x
                        types |= object_types.get(p, NONE)
            incoming = (
                f"SELECT DISTINCT ?i ?p WHERE {{ VALUES (?x ?i) {{ {values} }} GRAPH {graph} {{ ?s ?p ?x }} "
                f"FILTER(!sameTerm(?s, ?x) && !sameTerm(?p, {TYPE})) }}"
            )
            for i, p in _solutions(raw.query(incoming)):
                given[int(i.value)] |= object_types.get(str(p), NONE)
            for x, types in zip(chunk, given):
                self._types_cache[x] = frozenset(types)

    def _stored_edges(self, x: Term, p: Term, inverses: set[Term]) -> list[tuple[Term, Fact]]:
        """The accepted p-edges out of ``x`` (inverse edges read backwards), in the order of
        :meth:`_store_facts`, read with one index scan per property (cached for the batch)."""
        found = self._next_cache.get((x, p))
        if found is not None:
            return found
        if len(inverses) > 1:  # the store orders edges of several inverses by its own term ids
            found = list(edges(self._store_facts(x), x, p, inverses))
        else:
            found = []
            if not is_literal(x):
                node = to_node(x)
                if p != _LABEL:
                    for q in self.store.match(node, self._node(p), None, graph="accepted"):
                        o = sys.intern(str(q.object))
                        found.append((o, Fact((x, p, o), "store")))
                for inv in inverses:
                    for q in self.store.match(None, self._node(inv), node, graph="accepted"):
                        s = sys.intern(str(q.subject))
                        if s != x:
                            found.append((s, Fact((s, inv, x), "store")))
        self._next_cache[(x, p)] = found
        return found

    def _reverse_facts(self, t: Triple, inverses: set[Term], batch: Batch) -> list[Fact]:
        """The facts among :meth:`_facts` of ``s`` that state ``t = s p o`` the other way round:
        ``o p s`` or ``s inv(p) o`` (point lookups in the store, in the same order)."""
        s, p, o = t
        if len(inverses) > 1 or is_literal(s):  # the store orders several inverses by its own ids
            stored = self._store_facts(s)
        else:
            stored = [Fact((s, q, o), "store") for q in inverses if q != _LABEL and self._stored_holds((s, q, o))]
            if o != s and self._stored_holds((o, p, s)):
                stored.append(Fact((o, p, s), "store"))
        return [
            f
            for f in (*stored, *batch.by_entity.get(s, ()))
            if (f.triple[1] == p and f.triple[0] == o and f.triple[2] == s)
            or (f.triple[1] in inverses and f.triple[0] == s and f.triple[2] == o)
        ]

    def _node(self, p: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """A schema term (a property) as a pyoxigraph term, converted once."""
        found = self._nodes.get(p)
        if found is None:
            found = self._nodes[p] = to_node(p)
        return found

    def _stored_holds(self, t: Triple) -> bool:
        """Whether ``accepted`` holds ``t`` (a point lookup on an embedded store)."""
        s, p, o = to_node(t[0]), self._node(t[1]), to_node(t[2])
        if isinstance(self.store, EmbeddedStore):
            # pyoxigraph refuses a literal subject or predicate with a TypeError, as before: the
            # casts only say which terms it accepts where
            quad = ox.Quad(cast(_Subject, s), cast(ox.NamedNode, p), o, self.store.graph_node("accepted"))
            return quad in self.store.raw
        return next(iter(self.store.match(s, p, o, graph="accepted")), None) is not None

    def store_confidence(self, t: Triple) -> float:
        """The highest ``kg:confidence`` of a stored triple's support; 1.0 when loaded from a
        file or without recorded support."""
        if t in self._conf_cache:
            return self._conf_cache[t]
        stmt = statement_node(*t)  # type: ignore[arg-type]
        best: float | None = None
        from_file = False
        for q in self.store.match(stmt, to_node(_DERIVED), None, graph="provenance"):
            values = [
                float(ox_value(c.object))
                for c in self.store.match(q.object, to_node(_CONFIDENCE), None, graph="provenance")
            ]
            if not values:
                from_file = True
            for v in values:
                best = v if best is None else max(best, v)
        value = 1.0 if from_file or best is None else best
        self._conf_cache[t] = value
        return value

    def _confidence(self, fact: Fact) -> float:
        if fact.confidence is None:
            fact.confidence = self.store_confidence(fact.triple)
        return fact.confidence

    # -- describing ------------------------------------------------------------------------

    def _label(self, x: Term, labels: dict[Term, str]) -> str | None:
        if x in labels:
            return labels[x]
        if x not in self._label_cache:
            found = None
            if x.startswith("<"):
                for q in self.store.match(to_node(x), to_node(_LABEL), None, graph="accepted"):
                    found = ox_value(q.object)
                    break
            self._label_cache[x] = found
        return self._label_cache[x]

    def _name(self, x: Term, labels: dict[Term, str]) -> str:
        if is_literal(x):
            return x
        label = self._label(x, labels)
        return f'"{label}" ({short(x)})' if label else short(x)

    def _fact_text(self, fact: Fact, labels: dict[Term, str]) -> str:
        s, p, o = fact.triple
        where = "stored fact" if fact.origin == "store" else f"batch candidate #{fact.index}"
        conf = f", confidence {fact.confidence:.2f}" if fact.confidence is not None else ""
        return f"{where} {self._name(s, labels)} {short(p)} {self._name(o, labels)}{conf}"

    # -- finding conflicts -----------------------------------------------------------------

    def _facts(self, x: Term, batch: Batch) -> list[Fact]:
        return self._store_facts(x) + batch.by_entity.get(x, [])

    def conflicts(
        self, t: Triple, batch: Batch | None = None, labels: dict[Term, str] | None = None
    ) -> list[Conflict]:
        """Every conflict of triple ``t`` with the store and the (accepted so far) batch."""
        batch = batch or Batch()
        labels = labels or {}

        def name(x: Term) -> str:
            return self._name(x, labels)

        sch = self.schema
        s, p, o = t
        found: list[Conflict] = []
        inverses = sch.inverses.get(p, set())

        # disjoint classes (cax-dw), with types from domain/range typing
        for x in (s, o):
            if is_literal(x):
                continue
            mine = self.typing.types_given(t, x)
            if not mine:
                continue
            clash = self.typing.clash(mine)
            if not clash:
                continue
            if clash.isdisjoint(self._store_types(x)) and clash.isdisjoint(batch.types.get(x, ())):
                continue  # no fact gives x a clashing class (the common case: no scan of its facts)
            for f in self._facts(x, batch):
                if f.triple == t:
                    continue
                theirs = self.typing.fact_types(f.triple, x) & clash
                if theirs:
                    a = next(c for c in sorted(mine) if sch.disjoint_classes.get(c, set()) & theirs)
                    b = sorted(sch.disjoint_classes[a] & theirs)[0]
                    found.append(Conflict("conflict:disjoint-classes", (f,), f"{name(x)} would be both a {sch.label(a)} ({short(a)}) and a {sch.label(b)} ({short(b)}), which are disjoint classes; conflicts with the"))

        # functional / inverse-functional (prp-fp, prp-ifp): seen from the subject (functional)
        # or from the object (inverse-functional), through owl:inverseOf too
        for kind, props, x, y, flip in (
            ("functional", self.functional, s, o, False),
            ("inverse-functional", self.inverse_functional, o, s, True),
        ):
            if p not in props or is_literal(x):
                continue
            what = "have one value only" if not flip else "be the value of one subject only"
            for f in self._facts(x, batch):
                fs, fp, fo = f.triple
                fx, fy = (fo, fs) if flip else (fs, fo)  # the same roles as x, y in the candidate
                same_p = fp == p and fx == x and fy != y
                via_inverse = fp in inverses and fy == x and fx != y
                if f.triple != t and (same_p or via_inverse):
                    found.append(Conflict(f"conflict:{kind}", (f,), f"{short(p)} is {kind}: {name(x)} can {what}; conflicts with the"))

        # irreflexive / asymmetric / disjoint properties (prp-irp, prp-asyp, prp-pdw)
        if s == o and (p in sch.irreflexive or p in sch.asymmetric):
            found.append(Conflict("conflict:irreflexive", (), f"{short(p)} is irreflexive: nothing stands in it to itself"))
        elif p in sch.asymmetric and not is_literal(o):
            for f in self._reverse_facts(t, inverses, batch):
                found.append(Conflict("conflict:asymmetric", (f,), f"{short(p)} is asymmetric, so it cannot hold both ways: conflicts with the"))
        disjoint_props = sch.disjoint_properties.get(p, set())
        if disjoint_props:
            for f in self._facts(s, batch):
                fs, fp, fo = f.triple
                if fp in disjoint_props and fs == s and fo == o:
                    found.append(Conflict("conflict:disjoint-properties", (f,), f"{short(p)} and {short(fp)} are disjoint properties: conflicts with the"))
                elif fo == s and fs == o and any(fp in sch.inverses.get(q, ()) for q in disjoint_props):
                    found.append(Conflict("conflict:disjoint-properties", (f,), f"{short(p)} is disjoint with the inverse of {short(fp)}: conflicts with the"))

        # cycles in a strict order
        if p in self.orders and s != o and not is_literal(o) and self._may_reach(o, s, p, batch):
            path = self._path(o, s, p, batch)
            if path and not (len(path) == 1 and p in sch.asymmetric):
                found.append(Conflict("conflict:cycle", tuple(path), f"{short(p)} is an order, and this closes a cycle through"))
        return found

    def _path(self, start: Term, goal: Term, p: Term, batch: Batch) -> list[Fact] | None:
        """Facts forming a p-path start → … → goal (inverse edges read backwards), or None."""
        inverses = self.schema.inverses.get(p, set())
        parent: dict[Term, tuple[Term, Fact] | None] = {start: None}
        queue = deque([start])
        while queue and len(parent) < MAX_SEARCH:
            x = queue.popleft()
            for nxt, f in self._steps(x, p, inverses, batch):
                if nxt in parent:
                    continue
                parent[nxt] = (x, f)
                if nxt == goal:
                    path: list[Fact] = []
                    node = nxt
                    while parent[node] is not None:
                        prev, fact = parent[node]  # type: ignore[misc]
                        path.append(fact)
                        node = prev
                    return path[::-1]
                queue.append(nxt)
        return None

    def _may_reach(self, start: Term, goal: Term, p: Term, batch: Batch) -> bool:
        """False when no p-path start → … → goal can exist: the nodes with a path to ``goal``,
        searched backwards (at most :data:`BACK_SEARCH`), run out without meeting ``start``.
        Most new edges of an order close no cycle, and the nodes before ``goal`` (an event's
        own antecedents) are usually far fewer than those after ``start`` (everything a common
        event leads to), so this spares most forward searches (:meth:`_path`)."""
        inverses = self.schema.inverses.get(p, set())
        seen = {goal}
        queue = deque([goal])
        while queue:
            if len(seen) > BACK_SEARCH:
                return True
            x = queue.popleft()
            for prev in self._predecessors(x, p, inverses, batch):
                if prev == start:
                    return True
                if prev not in seen:
                    seen.add(prev)
                    queue.append(prev)
        return False

    def _predecessors(self, x: Term, p: Term, inverses: set[Term], batch: Batch) -> Iterator[Term]:
        """Nodes with a p-step into ``x``: ``y p x``, or ``x inv(p) y`` (the store's, then the
        batch's; the store's read once per batch)."""
        found = self._prev_cache.get((x, p))
        if found is None:
            found = []
            if not is_literal(x):
                node = to_node(x)
                for q in self.store.match(None, self._node(p), node, graph="accepted"):
                    found.append(sys.intern(str(q.subject)))
                for inv in inverses:
                    if inv != _LABEL:
                        for q in self.store.match(node, self._node(inv), None, graph="accepted"):
                            found.append(sys.intern(str(q.object)))
            self._prev_cache[(x, p)] = found
        yield from found
        for f in batch.by_entity.get(x, ()):
            fs, fp, fo = f.triple
            if fp == p and fo == x:
                yield fs
            elif fp in inverses and fs == x:
                yield fo

    def _steps(self, x: Term, p: Term, inverses: set[Term], batch: Batch) -> Iterator[tuple[Term, Fact]]:
        """The p-edges out of ``x`` (inverse edges read backwards) with their facts, in the
        order of :meth:`_facts`: the store's, then the batch's."""
        yield from self._stored_edges(x, p, inverses)
        yield from edges(batch.by_entity.get(x, ()), x, p, inverses)

    # -- resolving -------------------------------------------------------------------------

    def resolve(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        """One verdict per input verdict, in order: accepted candidates that contradict the
        store or a stronger candidate of the batch become rejected (or quarantined for review)."""
        # the store may have changed since the last batch: read it afresh (the classes stored
        # facts give entities are kept when the caller reports its writes, see track_writes)
        self._facts_cache.clear()
        if not self._tracking:
            self._types_cache.clear()
        self._next_cache.clear()
        self._prev_cache.clear()
        self._conf_cache.clear()
        self._label_cache.clear()
        out: list[Verdict] = list(verdicts)
        labels: dict[Term, str] = {}
        triples: dict[int, Triple] = {}
        for i, v in enumerate(verdicts):
            c = v.candidate
            triples[i] = (term(c.subject), term(c.predicate), term(c.object))
            if c.subject_label:
                labels.setdefault(triples[i][0], c.subject_label)
            if c.object_label:
                labels.setdefault(triples[i][2], c.object_label)
        order = sorted((i for i, v in enumerate(verdicts) if v.accepted), key=lambda i: -verdicts[i].confidence)
        self._prefetch_types(
            x
            for i in order
            for x in (triples[i][0], triples[i][2])
            if not is_literal(x) and self.typing.clash(self.typing.types_given(triples[i], x))
        )
        batch = Batch()
        extra: dict[int, list[Reason]] = defaultdict(list)  # reasons for earlier winners lost on a tie
        tied: set[int] = set()  # candidates that tie with one of the batch
        for i in order:
            v = verdicts[i]
            t = triples[i]
            reasons: list[Reason] = []
            for conflict in self.conflicts(t, batch, labels):
                if self._overrules(conflict):
                    self.overruled[v.candidate.id] = f"{self._triple_text(t, labels)}, though {conflict.what} {self._fact_text(conflict.facts[0], labels)}"
                    continue
                reasons.append(self._decide(i, v, t, conflict, labels, extra, tied))
            if reasons:
                out[i] = Verdict.reject(v.candidate, *reasons, confidence=v.confidence, reference=v.reference)
            if not reasons or (i in tied and all(r.needs_review for r in reasons)):
                # both sides of a tie stay in the batch, held for review: a later (no more
                # confident) candidate that contradicts either is judged against it
                batch.add(Fact(t, "batch", i, v.confidence), self.typing.fact_types)
        for j, more in extra.items():
            v = verdicts[j]
            out[j] = Verdict.reject(v.candidate, *out[j].reasons, *more, confidence=v.confidence, reference=v.reference)
        return out

    def _overrules(self, conflict: Conflict) -> bool:
        """Whether a trusted row goes in over ``conflict``: two disjoint classes, the other one
        given by stored facts' relations (a teacher's "Nebra sky disc locatedInCountry Germany"
        made the disc a site; the user's row "Nebra sky disc madeOf bronze" makes it an
        artefact), none an asserted ``rdf:type``, all supported by teachers' answers alone, however
        confident (an earlier file's row keeps its class)."""
        facts = conflict.facts
        return (self.trusted and conflict.kind == "conflict:disjoint-classes" and bool(facts)
                and all(f.origin == "store" and f.triple[1] != TYPE for f in facts)
                and all(taught_only(self.store, *f.triple) for f in facts))

    def _decide(
        self,
        i: int,
        v: Verdict,
        t: Triple,
        conflict: Conflict,
        labels: dict[Term, str],
        extra: dict[int, list[Reason]],
        tied: set[int],
    ) -> Reason:
        focus = from_ox(to_node(t[0]))
        what = conflict.what
        if not conflict.facts:  # a conflict with itself (irreflexive)
            return Reason(conflict.kind, f"{self._triple_text(t, labels)}: {what}", focus)
        strength = min(self._confidence(f) for f in conflict.facts)
        facts = "; ".join(self._fact_text(f, labels) for f in conflict.facts)
        mine = v.confidence
        head = f"{self._triple_text(t, labels)} (confidence {mine:.2f}): {what} {facts}"
        if mine < strength:
            return Reason(conflict.kind, f"{head}; the other side is more confident, so this candidate is rejected", focus)
        batch_facts = [f for f in conflict.facts if f.origin == "batch"]
        if mine > strength:
            return Reason(
                conflict.kind,
                f"{head}; this candidate is more confident, but stored facts are never dropped "
                "automatically: quarantined for review",
                focus,
                needs_review=True,
            )
        for f in batch_facts:  # a tie inside the batch: both sides go to review
            if self._confidence(f) == mine:
                extra[f.index].append(
                    Reason(
                        conflict.kind,
                        f"{self._fact_text(f, labels)}: ties with batch candidate #{i} "
                        f"{self._triple_text(t, labels)} (confidence {mine:.2f}): quarantined for review",
                        from_ox(to_node(f.triple[0])),
                        needs_review=True,
                    )
                )
                tied.add(i)
        return Reason(conflict.kind, f"{head}; equally confident: quarantined for review", focus, needs_review=True)

    def _triple_text(self, t: Triple, labels: dict[Term, str]) -> str:
        s, p, o = t
        return f"{self._name(s, labels)} {short(p)} {self._name(o, labels)}"

