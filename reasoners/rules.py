"""Materialisation of the OWL 2 RL consequences that matter for our domains, into ``inferred``.

Rules (names from the OWL 2 RL profile, section 4.3; the TBox side is closed once by
:mod:`reasoners.schema` with ``scm-sco``, ``scm-spo``, ``scm-eqc1/2``, ``scm-eqp1/2``):

=========== ========================================================================
cax-sco     ``x a C``, ``C rdfs:subClassOf D``           ⇒ ``x a D``
cax-eqc1/2  ``x a C``, ``C owl:equivalentClass D``        ⇒ ``x a D`` (and back)
prp-spo1    ``x p y``, ``p rdfs:subPropertyOf q``        ⇒ ``x q y``
prp-eqp1/2  ``x p y``, ``p owl:equivalentProperty q``     ⇒ ``x q y`` (and back)
prp-dom     ``x p y``, ``p rdfs:domain C``                ⇒ ``x a C``
prp-rng     ``x p y``, ``p rdfs:range C``                 ⇒ ``y a C`` (``y`` not a literal)
prp-inv1/2  ``x p y``, ``p owl:inverseOf q``              ⇒ ``y q x`` (and back)
prp-symp    ``x p y``, ``p a owl:SymmetricProperty``      ⇒ ``y p x``
prp-trp     ``x p y``, ``y p z``, ``p a owl:TransitiveProperty`` ⇒ ``x p z``
rule:NAME   a domain rule: a SPARQL ``CONSTRUCT`` file ``NAME.rq`` in the domain's rules dir, or
            an accepted mined rule of the store's ``rules`` graph (``rule:mined-KEY``)
=========== ========================================================================

How it runs. Terms are interned N-Triples strings (see :mod:`reasoners.schema`); the closure
lives in Python sets and dicts. Evaluation is semi-naive: every new triple (asserted or derived)
is processed once, and only the rules that can use it fire; a join rule (``prp-trp`` and the
domain rules) joins that one new triple against the full closure, which already holds every
earlier triple. So:

* :meth:`Materializer.update` computes the same closure and adds to ``inferred`` what it lacks,
  removing nothing another domain's rules (or an older run) put there (``kg reason``);
* :meth:`Materializer.rebuild` reads ``accepted`` (one N-Triples dump; triples whose predicate
  no rule reads or writes, such as labels, are left out), saturates it in memory with indexes
  only for the predicates that take part in joins, clears ``inferred`` and writes the result
  (the embedded store's bulk loader, then a compaction; ``store.add_quads`` elsewhere);
* :meth:`Materializer.derive` takes a batch of asserted triples not yet in ``accepted`` and
  computes only the new consequences, without writing them (the pipeline writes them with the
  batch, in one journaled bulk load; :meth:`Materializer.add` writes them itself, for a batch
  already in ``accepted``): its joins are lookups in the store (``accepted`` + ``inferred``,
  which are closed under the rules) plus the batch's own new triples, so its cost depends on
  the batch and its neighbourhood, not on the store's size. With
  :meth:`Materializer.track_writes`, what the lookups found and every triple asserted or
  derived since are kept from one batch to the next, so a popular entity is read once a run.
  "Is this derived triple already known?" is a point lookup per graph (``Quad in store``: several times cheaper than opening an index scan,
  and no stored triple is decoded); a join reads one index scan per (subject, predicate) or
  (predicate, object), cached for the batch; terms are converted to pyoxigraph once per batch.
  :meth:`Materializer.add` writes with ``store.add_quads`` (one transaction).

Domain rules are compiled, not run as SPARQL: the ``WHERE`` of a rule must be a basic graph
pattern (triple patterns with constant predicates; no FILTER, OPTIONAL, UNION or property
paths), and its ``CONSTRUCT`` template triple patterns. Each body pattern is indexed by its
predicate; a new triple matching a body pattern binds it and the other patterns are joined
against the closure, so domain rules are as incremental as the built-in ones.

Derivations are not stored (one per inferred triple would triple the write volume);
:mod:`reasoners.explain` re-derives an inferred triple's proof tree on demand with the same
rules. Retraction is not incremental: after removing asserted facts, call :meth:`rebuild`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence, cast

import pyoxigraph as ox
from rdflib import Variable

from kg.errors import OntologyError
from kg.namespaces import PREFIXES
from kg.provenance import ACCEPTED, INFERRED, parse_nquads, triples_nquads
from kg.store import EmbeddedStore, Store
from kg.terms import ox_value
from reasoners.schema import LABEL, TYPE, Schema, Term, Triple, is_literal, schema_of, term, to_node

_Subject = ox.NamedNode | ox.BlankNode
_GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph  # what a quad's graph_name can be

__all__ = ["Materializer", "Derivation", "Update", "RuleSet", "DomainRule", "load_domain_rules", "store_rules", "RULES"]

RULES = {
    "cax-sco": "x a C, C rdfs:subClassOf D => x a D",
    "cax-eqc": "x a C, C owl:equivalentClass D => x a D",
    "prp-spo1": "x p y, p rdfs:subPropertyOf q => x q y",
    "prp-eqp": "x p y, p owl:equivalentProperty q => x q y",
    "prp-dom": "x p y, p rdfs:domain C => x a C",
    "prp-rng": "x p y, p rdfs:range C => y a C",
    "prp-inv": "x p y, p owl:inverseOf q => y q x",
    "prp-symp": "x p y, p a owl:SymmetricProperty => y p x",
    "prp-trp": "x p y, y p z, p a owl:TransitiveProperty => x p z",
}
"""The built-in rules, by OWL 2 RL name."""

Progress = Callable[[int], None]

SCAN_AFTER = 3
"""Questions about one subject's classes answered by point lookups before they are read in
one scan."""

# --------------------------------------------------------------------------------------------
# domain rules (SPARQL CONSTRUCT files)


def _is_var(t: str) -> bool:
    return t.startswith("?")


@dataclass(frozen=True)
class DomainRule:
    """A compiled domain rule: ``head`` ⇐ ``body``; variables are ``?name`` strings."""

    name: str
    path: Path | None
    head: tuple[Triple, ...]
    body: tuple[Triple, ...]
    text: str
    label: str = ""  # a readable form (a mined rule's ``head(X, Y) <= body``), shown by ``kg why``

    @property
    def rule_id(self) -> str:
        return f"rule:{self.name}"


def _pattern_term(node: object, where: str) -> str:
    if isinstance(node, Variable):
        return "?" + str(node)
    try:
        return term(node)
    except TypeError:
        raise OntologyError(f"{where}: unsupported term {node!r} in a rule") from None


def compile_rule(text: str, *, name: str, path: Path | None = None, label: str = "") -> DomainRule:
    """Compile a SPARQL CONSTRUCT rule whose WHERE is a basic graph pattern."""
    from rdflib.plugins.sparql import prepareQuery

    where = str(path) if path else name
    try:
        query = prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # noqa: BLE001 - rdflib's parser raises pyparsing exceptions
        raise OntologyError(f"{where}: not valid SPARQL: {' '.join(str(exc).split())[:200]}") from None
    algebra = query.algebra
    if algebra.name != "ConstructQuery":
        raise OntologyError(f"{where}: a rule must be a CONSTRUCT query, got {algebra.name}")
    node = algebra.p
    while getattr(node, "name", None) in ("Project", "Distinct", "Reduced"):
        node = node.p
    body: list[Triple] = []

    def collect(n: object) -> None:
        kind = getattr(n, "name", None)
        if kind == "BGP":
            for s, p, o in n.triples:  # type: ignore[attr-defined]
                body.append((_pattern_term(s, where), _pattern_term(p, where), _pattern_term(o, where)))
        elif kind == "Join":
            collect(n.p1)  # type: ignore[attr-defined]
            collect(n.p2)  # type: ignore[attr-defined]
        else:
            raise OntologyError(
                f"{where}: only basic graph patterns are supported in a rule's WHERE "
                f"(found {kind}); split the rule or drop FILTER/OPTIONAL/UNION/paths"
            )

    collect(node)
    head = tuple(
        (_pattern_term(s, where), _pattern_term(p, where), _pattern_term(o, where))
        for s, p, o in algebra.template or ()
    )
    if not body or not head:
        raise OntologyError(f"{where}: a rule needs a non-empty CONSTRUCT template and WHERE")
    for _, p, _ in body:
        if _is_var(p):
            raise OntologyError(f"{where}: a rule's body patterns need a constant predicate, got {p}")
    body_vars = {t for pat in body for t in pat if _is_var(t)}
    for pat in head:
        for t in pat:
            if _is_var(t) and t not in body_vars:
                raise OntologyError(f"{where}: template variable {t} is not bound by the WHERE")
            if t.startswith("_:"):
                raise OntologyError(f"{where}: blank nodes in a rule's template are not supported")
    return DomainRule(name, path, head, tuple(body), text, label)


def load_domain_rules(rules_dir: Path | str | None) -> list[DomainRule]:
    """Every ``*.rq`` / ``*.sparql`` file of a rules folder, compiled, in name order."""
    if rules_dir is None:
        return []
    folder = Path(rules_dir)
    if not folder.is_dir():
        return []
    files = sorted([*folder.glob("*.rq"), *folder.glob("*.sparql")])
    return [compile_rule(f.read_text(encoding="utf-8"), name=f.stem, path=f) for f in files]


def store_rules(store: Store) -> list[DomainRule]:
    """The rules of the store's ``rules`` graph whose ``kg:ruleStatus`` is ``accepted`` (mined
    rules a person or ``kg rules accept`` accepted: :mod:`kg.students.rule_graph`), compiled
    from their ``kg:sparql``; named ``mined-<key>``, labelled with their ``rdfs:label``."""
    from kg.namespaces import KG

    rules = []
    status = ox.NamedNode(str(KG.ruleStatus))
    for q in store.match(None, status, ox.Literal("accepted"), graph="rules"):
        node = q.subject
        text = next(iter(store.match(node, ox.NamedNode(str(KG.sparql)), None, graph="rules")), None)
        if text is None:
            continue
        label = next(iter(store.match(node, ox.NamedNode(LABEL_IRI), None, graph="rules")), None)
        key = ox_value(node).rstrip("/").rsplit("/", 1)[-1]
        rules.append(compile_rule(ox_value(text.object), name=f"mined-{key}", label=ox_value(label.object) if label else ""))
    return sorted(rules, key=lambda r: r.name)


LABEL_IRI = "http://www.w3.org/2000/01/rdf-schema#label"


# --------------------------------------------------------------------------------------------
# views of the closure a rule joins against


class View(Protocol):
    """What rules join against: the triples known so far (:class:`StoreView` over a store,
    :class:`_MemoryView` in memory). ``add`` says whether the triple is new."""

    def add(self, t: Triple) -> bool: ...

    def contains(self, t: Triple) -> bool: ...

    def objects(self, s: Term, p: Term) -> Iterable[Term]: ...

    def subjects(self, p: Term, o: Term) -> Iterable[Term]: ...

    def pairs(self, p: Term) -> Iterable[tuple[Term, Term]]: ...


class _MemoryView:
    """The closure in memory: a set of triples, plus (s,p)→{o} and (p,o)→{s} indexes for the
    predicates that take part in joins."""

    def __init__(self, indexed: frozenset[Term]) -> None:
        self.known: set[Triple] = set()
        self.indexed = indexed
        self.sp: dict[tuple[Term, Term], set[Term]] = defaultdict(set)
        self.po: dict[tuple[Term, Term], set[Term]] = defaultdict(set)

    def add(self, t: Triple) -> bool:
        if t in self.known:
            return False
        self.known.add(t)
        if t[1] in self.indexed:
            self.sp[(t[0], t[1])].add(t[2])
            self.po[(t[1], t[2])].add(t[0])
        return True

    def objects(self, s: Term, p: Term) -> Iterable[Term]:
        found = self.sp.get((s, p))
        return tuple(found) if found else ()

    def subjects(self, p: Term, o: Term) -> Iterable[Term]:
        found = self.po.get((p, o))
        return tuple(found) if found else ()

    def contains(self, t: Triple) -> bool:
        return t in self.known

    def pairs(self, p: Term) -> Iterable[tuple[Term, Term]]:
        return [(s, o) for (s, q, o) in list(self.known) if q == p]


class StoreView:
    """The store's ``accepted`` + ``inferred`` (closed under the rules) plus ``local``, the
    triples asserted or derived since the view was made: a membership test is a point lookup
    per graph (``inferred`` first, where a derived triple the store holds mostly is);
    ``objects`` (``s p ?``) and ``subjects`` (``? p o``) one index scan each, cached for the
    view's life (one batch, or a run's batches when the materializer tracks writes: what the
    store held when asked plus ``local`` stays the whole answer as long as every write to the
    two graphs is in ``local``); terms are converted to pyoxigraph once per view."""

    def __init__(
        self, store: Store, indexed: frozenset[Term], ranges: dict[Term, tuple[Term, ...]] | None = None,
        *, empty: bool = False,
    ) -> None:
        self.store = store
        self.local = _MemoryView(indexed)
        self.ranges = ranges or {}
        # the store held nothing in the two graphs when the view was made, and every write to
        # them since is in ``local`` (a tracked run on a fresh store): nothing to ask the store
        self.empty = empty
        # an embedded store answers one scan over every graph, filtered to the two we read: half
        # the scans of asking accepted and inferred in turn (the raw store is fetched per
        # lookup, never kept: a kept reference would hold the store's lock after ``close()``)
        self._embedded = store if isinstance(store, EmbeddedStore) else None
        self._graphs = (INFERRED, ACCEPTED)  # a derived triple the store holds is mostly inferred
        self._nodes: dict[Term, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        self._objects: dict[tuple[Term, Term], set[Term]] = {}
        self._asked: dict[Term, int] = {}  # point lookups of each subject's classes
        self._scans: dict[tuple[Term, Term], dict[Term, list[_GraphName]]] = {}
        self._subjects: dict[tuple[Term, Term], set[Term]] = {}

    def node(self, t: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        """``t`` as a pyoxigraph term (converted once per view)."""
        found = self._nodes.get(t)
        if found is None:
            found = self._nodes[t] = to_node(t)
        return found

    def _match(self, s: Term | None, p: Term | None, o: Term | None) -> Iterator[ox.Quad]:
        if self.empty:
            return
        node = self.node
        sn = node(s) if s is not None else None
        pn = node(p) if p is not None else None
        on = node(o) if o is not None else None
        if self._embedded is not None:
            graphs = self._graphs
            # callers never ask with a literal subject; a predicate is an IRI
            subject, predicate = cast("_Subject | None", sn), cast("ox.NamedNode | None", pn)
            for q in self._embedded.raw.quads_for_pattern(subject, predicate, on, None):
                if q.graph_name in graphs:
                    yield q
            return
        for graph in ("accepted", "inferred"):
            yield from self.store.match(sn, pn, on, graph=graph)

    def _holds(self, t: Triple, graphs: tuple[ox.NamedNode, ...]) -> bool:
        """Whether one of ``graphs`` holds ``t``. On an embedded store, a point lookup per graph
        (several times cheaper than opening an index scan, and nothing to decode); but from the
        :data:`SCAN_AFTER`-th question about one subject's classes on, one scan of its classes
        (few: bounded by the ontology) answers them (a city's classes would cost many lookups).
        Other predicates are not scanned: an order's closure can give a subject hundreds of
        objects, each decoded."""
        s, p, o = t
        if s[0] == '"' or self.empty:
            return False
        found = self._scans.get((s, p))
        if found is None and self._embedded is not None:
            if p == TYPE:
                asked = self._asked[s] = self._asked.get(s, 0) + 1
            if p != TYPE or asked < SCAN_AFTER:
                raw = self._embedded.raw
                nodes = self._nodes
                sn, pn, on = nodes.get(s) or self.node(s), nodes.get(p) or self.node(p), nodes.get(o) or self.node(o)
                # s is not a literal (checked above) and a triple's predicate is an IRI: casts, not
                # isinstance checks, on this hot path
                subject, predicate = cast(_Subject, sn), cast(ox.NamedNode, pn)
                for g in graphs:
                    if ox.Quad(subject, predicate, on, g) in raw:
                        return True
                return False
        in_graphs = (found if found is not None else self._scan(s, p)).get(o)
        return in_graphs is not None and any(g in in_graphs for g in graphs)

    def _scan(self, s: Term, p: Term) -> dict[Term, list[_GraphName]]:
        """Every ``o`` with ``s p o`` in ``accepted`` or ``inferred``, with the graphs holding it
        (one index scan, cached for the view's life)."""
        found = self._scans.get((s, p))
        if found is None:
            found = self._scans[(s, p)] = defaultdict(list)
            for q in self._match(s, p, None):
                found[sys.intern(str(q.object))].append(q.graph_name)
        return found

    def in_store(self, t: Triple, graph: str | None = None) -> bool:
        """Whether the store holds ``t`` in ``accepted`` or ``inferred`` (cached answers), or,
        given ``graph``, in that graph now (asked each time)."""
        if graph is None:
            return self._holds(t, self._graphs)
        if is_literal(t[0]):
            return False
        sn, pn, on = self.node(t[0]), self.node(t[1]), self.node(t[2])
        if self._embedded is not None:
            # t[0] is not a literal (checked above) and a triple's predicate is an IRI
            quad = ox.Quad(cast(_Subject, sn), cast(ox.NamedNode, pn), on, self._embedded.graph_node(graph))
            return quad in self._embedded.raw
        return next(iter(self.store.match(sn, pn, on, graph=graph)), None) is not None

    def add(self, t: Triple) -> bool:
        return self.local.add(t) and not self.in_store(t)

    def objects(self, s: Term, p: Term) -> Iterable[Term]:
        """Every ``o`` with ``s p o`` (a set the caller must not change)."""
        local = self.local.sp.get((s, p))
        if s[0] == '"':
            return set(local) if local else ()
        found = self._objects.get((s, p))
        if found is None:
            found = self._objects[(s, p)] = set(self._scan(s, p))
        return found | local if local else found

    def subjects(self, p: Term, o: Term) -> Iterable[Term]:
        """Every ``s`` with ``s p o`` (a set the caller must not change)."""
        local = self.local.po.get((p, o))
        found = self._subjects.get((p, o))
        if found is None:
            if self._no_incoming(p, o):
                found = set()
            else:
                found = {sys.intern(str(q.subject)) for q in self._match(None, p, o)}
            self._subjects[(p, o)] = found
        return found | local if local else found

    def _no_incoming(self, p: Term, o: Term) -> bool:
        """True when the store surely holds no ``? p o``: the store is closed under prp-rng,
        so such a triple would have typed ``o`` with ``p``'s range, and ``o`` has no such
        type (point lookups instead of an index scan; most entities of a batch are new)."""
        ranges = self.ranges.get(p)
        if not ranges or o[0] == '"':
            return False
        return not any(self._holds((o, TYPE, c), self._graphs) for c in ranges)

    def contains(self, t: Triple) -> bool:
        return self.local.contains(t) or self.in_store(t)

    def pairs(self, p: Term) -> Iterable[tuple[Term, Term]]:
        out = set(self.local.pairs(p))
        out.update((term(q.subject), term(q.object)) for q in self._match(None, p, None))
        return out


# --------------------------------------------------------------------------------------------
# the rule set


@dataclass(frozen=True)
class _PropertyRules:
    spo: tuple[Term, ...]  # prp-spo1 / prp-eqp: super-properties
    dom: tuple[Term, ...]  # prp-dom: domain classes
    rng: tuple[Term, ...]  # prp-rng: range classes
    inv: tuple[Term, ...]  # prp-inv1/2: inverse properties
    symmetric: bool  # prp-symp
    transitive: bool  # prp-trp


class _Plan:
    """One domain rule triggered by a new triple matching its body pattern ``trigger``: the
    other body patterns in a fixed join order (most selective first, given what is bound)."""

    __slots__ = ("rule", "trigger", "steps", "head")

    def __init__(self, rule: DomainRule, i: int) -> None:
        self.rule = rule
        self.trigger = rule.body[i]
        self.head = rule.head
        bound = {x for x in (self.trigger[0], self.trigger[2]) if _is_var(x)}
        rest = [pat for j, pat in enumerate(rule.body) if j != i]
        steps: list[tuple[str, Triple]] = []
        while rest:

            def selectivity(pat: Triple) -> int:
                # a bound subject or bound variable object narrows the lookup to one entity; a
                # constant object (``?x a kgeo:City``) still matches a whole class: counts less
                s, _, o = pat
                score = 2 if (not _is_var(s) or s in bound) else 0  # noqa: B023 - used in this iteration
                if _is_var(o):
                    score += 2 if o in bound else 0  # noqa: B023 - used in this iteration
                else:
                    score += 1
                return score

            best = max(range(len(rest)), key=lambda k: selectivity(rest[k]))
            s, p, o = pat = rest.pop(best)
            s_known = not _is_var(s) or s in bound
            o_known = not _is_var(o) or o in bound or (o == s and s_known)  # ``?x p ?x``
            mode = "check" if s_known and o_known else "obj" if s_known else "subj" if o_known else "scan"
            steps.append((mode, pat))
            bound |= {x for x in (s, o) if _is_var(x)}
        self.steps = tuple(steps)

    def fire(self, t: Triple, view: View) -> Iterator[Triple]:
        binding = _bind(self.trigger, t, {})
        if binding is None:
            return
        for full in self._join(0, binding, view):
            for head in self.head:
                out = tuple(full.get(x, x) for x in head)
                if not is_literal(out[0]):
                    yield out  # type: ignore[misc]

    def _join(self, k: int, b: dict[str, Term], view: View) -> Iterator[dict[str, Term]]:
        if k == len(self.steps):
            yield b
            return
        mode, (s, p, o) = self.steps[k]
        sv, ov = b.get(s, s), b.get(o, o)
        if mode == "check":
            if view.contains((sv, p, ov)):
                yield from self._join(k + 1, b, view)
        elif mode == "obj":  # the object is a variable bound here (the subject is known)
            for x in view.objects(sv, p):
                nb = dict(b)
                nb[o] = x
                yield from self._join(k + 1, nb, view)
        elif mode == "subj":  # the subject is a variable bound here (the object is known)
            for x in view.subjects(p, ov):
                nb = dict(b)
                nb[s] = x
                yield from self._join(k + 1, nb, view)
        else:
            for x, y in view.pairs(p):
                bound = _bind((s, p, o), (x, p, y), b)
                if bound is not None:
                    yield from self._join(k + 1, bound, view)


class RuleSet:
    """The built-in rules compiled for one schema, plus the domain's rules."""

    def __init__(self, schema: Schema, domain_rules: Sequence[DomainRule] = ()) -> None:
        self.schema = schema
        self.domain_rules = list(domain_rules)
        props = (
            set(schema.super_properties)
            | set(schema.domains)
            | set(schema.ranges)
            | set(schema.inverses)
            | schema.symmetric
            | schema.transitive
        )
        self.properties: dict[Term, _PropertyRules] = {}
        for p in props:
            self.properties[p] = _PropertyRules(
                spo=tuple(sorted(schema.super_properties.get(p, ()))),
                dom=tuple(sorted(schema.domains.get(p, ()))),
                rng=tuple(sorted(schema.ranges.get(p, ()))),
                inv=tuple(sorted(schema.inverses.get(p, ()))),
                symmetric=p in schema.symmetric,
                transitive=p in schema.transitive,
            )
        self.supers = {c: tuple(sorted(d)) for c, d in schema.super_classes.items() if d}
        self.ranges = {p: r.rng for p, r in self.properties.items() if r.rng}
        # domain rules, indexed by the predicate (and constant object) of each body pattern
        self.plans_by_p: dict[Term, list[_Plan]] = defaultdict(list)
        self.plans_by_po: dict[tuple[Term, Term], list[_Plan]] = defaultdict(list)
        for rule in self.domain_rules:
            for i, (_, p, o) in enumerate(rule.body):
                if _is_var(o):
                    self.plans_by_p[p].append(_Plan(rule, i))
                else:
                    self.plans_by_po[(p, o)].append(_Plan(rule, i))
        body_predicates = {p for rule in self.domain_rules for (_, p, _) in rule.body}
        self.indexed = frozenset(schema.transitive) | frozenset(body_predicates)
        # predicates a rule can derive (None: any, a domain rule's head has a variable predicate)
        head_predicates = {p for rule in self.domain_rules for (_, p, _) in rule.head}
        if any(_is_var(p) for p in head_predicates):
            self.derivable: frozenset[Term] | None = None
        else:
            derivable = {TYPE} | head_predicates | schema.symmetric | schema.transitive
            for r in self.properties.values():
                derivable |= set(r.spo) | set(r.inv)
            self.derivable = frozenset(derivable)
        # predicates a rule reads or writes; a triple with any other predicate (rdfs:label, ...)
        # neither derives anything nor can be derived, so a rebuild may leave it out
        self.relevant: frozenset[Term] | None = None
        if self.derivable is not None:
            self.relevant = frozenset(self.properties) | frozenset(body_predicates) | self.derivable

    def with_rules(self, extra: Sequence[DomainRule]) -> "RuleSet":
        """These rules and ``extra`` (e.g. :func:`store_rules`)."""
        return RuleSet(self.schema, [*self.domain_rules, *extra]) if extra else self

    @classmethod
    def for_domain(cls, domain: object, *, domain_rules: bool = True) -> "RuleSet":
        """The rules of a domain (a Domain, an rdflib Graph, a Schema), or of several together (a
        list or tuple of them: their ontologies' union, and every domain's rules)."""
        if isinstance(domain, (list, tuple)):
            if len(domain) == 1:
                return cls.for_domain(domain[0], domain_rules=domain_rules)
            from rdflib import Graph

            union = Graph()
            rules: list[DomainRule] = []
            for d in domain:
                ontology = d if isinstance(d, Graph) else getattr(d, "ontology", None)
                if not isinstance(ontology, Graph):
                    raise TypeError(f"expected Domains or rdflib Graphs, got {type(d).__name__}")
                union += ontology
                if domain_rules:
                    rules.extend(load_domain_rules(getattr(d, "rules_dir", None)))
            return cls(schema_of(union), rules)
        rules = load_domain_rules(getattr(domain, "rules_dir", None)) if domain_rules else []
        return cls(schema_of(domain), rules)

    # -- one step ---------------------------------------------------------------------------

    def consequences(self, t: Triple, view: View) -> list[Triple]:
        """Every triple one rule application derives from ``t`` and the closure in ``view``."""
        s, p, o = t
        out: list[Triple] = []
        if p == TYPE:
            for d in self.supers.get(o, ()):  # cax-sco, cax-eqc1/2
                out.append((s, TYPE, d))
        else:
            rules = self.properties.get(p)
            if rules is not None:
                for q in rules.spo:  # prp-spo1, prp-eqp1/2
                    out.append((s, q, o))
                for c in rules.dom:  # prp-dom
                    out.append((s, TYPE, c))
                if o[0] != '"':
                    for c in rules.rng:  # prp-rng
                        out.append((o, TYPE, c))
                    for q in rules.inv:  # prp-inv1/2
                        out.append((o, q, s))
                    if rules.symmetric:  # prp-symp
                        out.append((o, p, s))
                    if rules.transitive:  # prp-trp, the new triple joined on both sides
                        for z in view.objects(o, p):
                            out.append((s, p, z))
                        for w in view.subjects(p, s):
                            out.append((w, p, o))
        plans = self.plans_by_p.get(p)
        if plans:
            for plan in plans:  # rule:NAME
                out.extend(plan.fire(t, view))
        plans = self.plans_by_po.get((p, o))
        if plans:
            for plan in plans:
                out.extend(plan.fire(t, view))
        return out

    def saturate(
        self, view: View, seeds: Iterable[Triple], progress: Progress | None = None, every: int = 20_000
    ) -> list[Triple]:
        """Process ``seeds`` (already in ``view``) and everything they derive; return the new
        derived triples (semi-naive: each triple is processed exactly once)."""
        derived: list[Triple] = []
        add = view.add
        consequences = self.consequences
        # the in-memory view's set answers "already known" without a method call (hot loop)
        known: set[Triple] = view.known if isinstance(view, _MemoryView) else set()
        done = 0
        for seed in seeds:
            stack = [seed]
            while stack:
                for c in consequences(stack.pop(), view):
                    if c not in known and add(c):
                        stack.append(c)
                        derived.append(c)
            done += 1
            if progress is not None and done % every == 0:
                progress(every)
        if progress is not None and done % every:
            progress(done % every)
        return derived


def _bind(pattern: Triple, t: Triple, binding: dict[str, Term]) -> dict[str, Term] | None:
    out = dict(binding)
    for x, v in zip(pattern, t):
        if x[0] == "?":
            bound = out.get(x)
            if bound is None:
                out[x] = v
            elif bound != v:
                return None
        elif x != v:
            return None
    return out


# --------------------------------------------------------------------------------------------
# the materialiser


def _chunks(items: Sequence[Triple], size: int) -> Iterator[Sequence[Triple]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _quads(triples: Iterable[Triple], graph: ox.NamedNode = INFERRED) -> list[ox.Quad]:
    """Triples (N-Triples terms) as pyoxigraph quads, parsed in one go by the Rust parser."""
    return parse_nquads(triples_nquads(triples, graph))


@dataclass
class Derivation:
    """What a batch of asserted triples adds to ``inferred`` (:meth:`Materializer.derive`)."""

    derived: list[Triple]  # new inferred triples (N-Triples terms)
    stale: list[Triple]  # asserted triples of the batch that ``inferred`` holds: to remove from it


@dataclass
class Update:
    """What :meth:`Materializer.update` did to ``inferred``: ``added`` new consequences,
    ``kept`` triples these rules do not derive (left in place), ``now_asserted`` triples removed
    because ``accepted`` holds them, ``total`` its size afterwards."""

    added: int
    kept: int
    now_asserted: int
    total: int


VIEW_LIMIT = 2_000_000
"""Triples a tracked view (:meth:`Materializer.track_writes`) remembers before it starts over."""


class Materializer:
    """Materialises a domain's rules over a store into its ``inferred`` graph.

    >>> m = Materializer(load_domain("geography"), store)   # doctest: +SKIP
    >>> store.write(verdicts); m.add([v.candidate.triple for v in verdicts if v.accepted])
    """

    def __init__(self, domain: object, store: Store, *, domain_rules: bool = True, write_batch: int = 200_000) -> None:
        self.store = store
        self.rules = RuleSet.for_domain(domain, domain_rules=domain_rules)
        if domain_rules:  # and the store's accepted mined rules
            self.rules = self.rules.with_rules(store_rules(store))
        self.write_batch = write_batch
        self.last_derived: list[Triple] = []  # what the last :meth:`derive` found (N-Triples terms)
        self._tracking = False
        self._view: StoreView | None = None

    def track_writes(self) -> None:
        """Keep one view of the store from one batch to the next (what it read, and every
        triple asserted or derived since), so that what a run already knows is not asked of the
        store again. The caller promises that every later write to ``accepted`` and
        ``inferred`` is a :meth:`derive`'s batch and its result (the pipeline's are); call
        :meth:`forget` after any other change."""
        self._tracking = True
        self._view = None

    def forget(self) -> None:
        """Drop the kept view (after an untracked change of the store)."""
        self._view = None

    def _fresh(self) -> bool:
        """Whether a tracked view can answer without the store: ``accepted`` and ``inferred``
        are empty, and no rule reads or writes ``rdfs:label`` (the pipeline writes labels to
        ``accepted`` without deriving from them)."""
        relevant = self.rules.relevant
        if not self._tracking or relevant is None or LABEL in relevant:
            return False
        return self.store.is_empty("accepted", "inferred")

    def derive(self, triples: Iterable[tuple[object, object, object]]) -> Derivation:
        """The consequences of a batch of asserted triples not yet in ``accepted`` (written
        before or together with the result, which this does not write)."""
        view = self._view
        if view is None or len(view.local.known) > VIEW_LIMIT:
            view = StoreView(self.store, self.rules.indexed, self.rules.ranges, empty=self._fresh())
            self._view = view if self._tracking else None
        asserted = list(dict.fromkeys((term(s), term(p), term(o)) for s, p, o in triples))
        seeds = [t for t in asserted if view.local.add(t)]
        derived = self.rules.saturate(view, seeds)
        self.last_derived = derived
        # only a triple with a derivable predicate can be in ``inferred`` (written by this class)
        derivable = self.rules.derivable
        stale = [t for t in asserted if (derivable is None or t[1] in derivable) and view.in_store(t, "inferred")]
        return Derivation(derived, stale)

    def add(self, triples: Iterable[tuple[object, object, object]]) -> int:
        """Materialise the consequences of a batch of asserted triples (already written to
        ``accepted``) and write the new ones to ``inferred``; returns how many were new.

        A triple of the batch that was inferred before is now asserted: it is removed from
        ``inferred``, so that the result equals :meth:`rebuild`'s."""
        result = self.derive(triples)
        for chunk in _chunks(result.derived, self.write_batch):
            self.store.add_quads(_quads(chunk))
        view = self._view or StoreView(self.store, self.rules.indexed)
        stale = [t for t in result.stale if view.in_store(t, "accepted")]
        if stale:
            self.store.remove_quads(_quads(stale))
        return len(result.derived)

    def rebuild(self, progress: Progress | None = None, *, compact: bool = True) -> int:
        """Recompute ``inferred`` from scratch from ``accepted``; returns its size.

        ``progress`` is told how many asserted triples were processed. With ``compact`` (the
        default), an embedded store is compacted afterwards: the bulk loader leaves files that
        every later lookup must consult, and compaction makes later :meth:`add` calls on a
        large store about 2x faster (10 s for 1M triples)."""
        self._view = None
        asserted = read_graph(self.store, "accepted", self.rules.relevant)
        if progress is not None:  # triples no rule reads count as done at once
            progress(max(0, self.store.count("accepted") - len(asserted)))
        view = _MemoryView(self.rules.indexed)
        seeds = [t for t in asserted if view.add(t)]
        del asserted
        derived = self.rules.saturate(view, seeds, progress)
        del view, seeds
        self.store.clear_graph("inferred")
        raw = self.store.raw if isinstance(self.store, EmbeddedStore) else None
        for chunk in _chunks(derived, self.write_batch):
            if raw is not None:
                # the inferred graph is rebuildable, so the embedded store's bulk loader (not
                # one transaction per chunk; 2-3x faster) is safe: after a crash, rebuild again
                raw.bulk_load(input=triples_nquads(chunk).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            else:
                self.store.add_quads(_quads(chunk))
        if raw is not None and compact:
            raw.optimize()
        return len(derived)

    def update(self, progress: Progress | None = None, *, compact: bool = True) -> "Update":
        """Complete ``inferred`` with every consequence of ``accepted`` under these rules, and
        remove nothing it holds that is still knowledge: what these rules do not derive (a
        triple another domain's rules inferred, or one whose premises were retracted) is kept
        and counted in ``Update.kept``; only triples that are now asserted (in ``accepted``)
        leave ``inferred``. :meth:`rebuild` is the one that replaces ``inferred``.

        ``progress`` is told how many asserted triples were processed."""
        self._view = None
        asserted = read_graph(self.store, "accepted", self.rules.relevant)
        if progress is not None:
            progress(max(0, self.store.count("accepted") - len(asserted)))
        view = _MemoryView(self.rules.indexed)
        seeds = [t for t in asserted if view.add(t)]
        del asserted
        derived = self.rules.saturate(view, seeds, progress)
        del view
        asserted_set = set(seeds)
        del seeds
        existing = set(read_graph(self.store, "inferred"))
        new = [t for t in derived if t not in existing]
        now_asserted = [t for t in existing if t in asserted_set]
        derived_set = set(derived)
        kept = sum(1 for t in existing if t not in derived_set and t not in asserted_set)
        del derived, derived_set, asserted_set
        raw = self.store.raw if isinstance(self.store, EmbeddedStore) else None
        for chunk in _chunks(new, self.write_batch):
            if raw is not None:  # rebuildable, as in :meth:`rebuild`
                raw.bulk_load(input=triples_nquads(chunk).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            else:
                self.store.add_quads(_quads(chunk))
        if now_asserted:
            self.store.remove_quads(_quads(now_asserted))
        if raw is not None and compact and new:
            raw.optimize()
        return Update(added=len(new), kept=kept, now_asserted=len(now_asserted), total=self.store.count("inferred"))

    def closure(self, triples: Iterable[tuple[object, object, object]]) -> set[Triple]:
        """The inferred triples of a set of asserted triples, in memory only (no store)."""
        view = _MemoryView(self.rules.indexed)
        seeds = [t for t in ((term(s), term(p), term(o)) for s, p, o in triples) if view.add(t)]
        return set(self.rules.saturate(view, seeds))


def read_graph(store: Store, graph: str, predicates: frozenset[Term] | None = None) -> list[Triple]:
    """Every triple of one graph (with a predicate in ``predicates``, when given) as interned
    N-Triples terms (one dump on an embedded store)."""
    embedded = store if isinstance(store, EmbeddedStore) else None
    names: dict[str, str] = {}
    intern = names.setdefault
    out: list[Triple] = []
    if embedded is not None:
        # dump() without an output returns the bytes (typed ``bytes | None`` for the other case)
        data = embedded.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=embedded.graph_node(graph)) or b""
        for line in data.decode("utf-8").splitlines():
            if not line:
                continue
            s, p, rest = line.split(" ", 2)
            if predicates is not None and p not in predicates:
                continue
            o = rest[:-2] if rest.endswith(" .") else rest.rstrip(" .")
            out.append((intern(s, s), intern(p, p), intern(o, o)))
        return out
    for q in store.match(graph=graph):
        s, p, o = str(q.subject), str(q.predicate), str(q.object)
        if predicates is not None and p not in predicates:
            continue
        out.append((intern(s, s), intern(p, p), intern(o, o)))
    return out



def solutions(body: Sequence[Triple], binding: dict[str, Term], view: View) -> Iterator[dict[str, Term]]:
    """Every extension of ``binding`` that matches all ``body`` patterns in ``view`` (most
    selective pattern first); used to re-derive a domain rule's premises."""
    if not body:
        yield binding
        return

    def selectivity(pat: Triple) -> int:
        s, _, o = pat
        score = 2 if (not _is_var(s) or s in binding) else 0
        return score + ((2 if o in binding else 0) if _is_var(o) else 1)

    k = max(range(len(body)), key=lambda i: selectivity(body[i]))
    s, p, o = body[k]
    rest = list(body[:k]) + list(body[k + 1 :])
    sv, ov = binding.get(s, s), binding.get(o, o)
    s_known, o_known = not _is_var(sv), not _is_var(ov)
    if s_known and o_known:
        matches = [(sv, ov)] if view.contains((sv, p, ov)) else []
    elif s_known:
        matches = [(sv, x) for x in view.objects(sv, p)]
    elif o_known:
        matches = [(x, ov) for x in view.subjects(p, ov)]
    else:
        matches = list(view.pairs(p))
    for ms, mo in matches:
        nb = _bind((s, p, o), (ms, p, mo), binding)
        if nb is not None:
            yield from solutions(rest, nb, view)
