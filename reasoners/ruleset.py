"""The rule set: the built-in OWL 2 RL rules compiled for one schema, plus the domain rules.

:class:`RuleSet` gives every triple one rule application derives from a new triple
(:meth:`~RuleSet.consequences`) and saturates a view semi-naively (:meth:`~RuleSet.saturate`):
each triple is processed once, only the rules that can use it fire, and a join rule joins that
one triple against the closure. A domain rule is compiled into one plan per body pattern (the
other patterns in a fixed join order, most selective first). :func:`solutions` matches a rule
body against a view, for :mod:`reasoners.explain`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Container, Iterable, Iterator, Sequence

from rdflib import Graph

from kg.ontology import DomainLike, ontology_of
from reasoners.domain_rules import DomainRule, is_var, load_domain_rules
from reasoners.schema import TYPE, Schema, Term, Triple, is_literal, schema_of, short
from reasoners.views import MemoryView, View

__all__ = ["RuleSet", "solutions", "Progress", "CHAIN", "chain_rule"]

Progress = Callable[[int], None]

DomainSpec = DomainLike | Graph | Schema | list[DomainLike | Graph] | tuple[DomainLike | Graph, ...]
"""What rules are built for: a domain, an ontology graph, a compiled schema, or several domains
(their ontologies' union and every domain's rules)."""


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
        bound = {x for x in (self.trigger[0], self.trigger[2]) if is_var(x)}
        rest = [pat for j, pat in enumerate(rule.body) if j != i]
        steps: list[tuple[str, Triple]] = []
        while rest:
            scores = [_selectivity(pat, bound) for pat in rest]
            best = scores.index(max(scores))
            s, p, o = pat = rest.pop(best)
            s_known = not is_var(s) or s in bound
            o_known = not is_var(o) or o in bound or (o == s and s_known)  # ``?x p ?x``
            mode = "check" if s_known and o_known else "obj" if s_known else "subj" if o_known else "scan"
            steps.append((mode, pat))
            bound |= {x for x in (s, o) if is_var(x)}
        self.steps = tuple(steps)

    def fire(self, t: Triple, view: View) -> Iterator[Triple]:
        binding = _bind(self.trigger, t, {})
        if binding is None:
            return
        for full in self._join(0, binding, view):
            if self.rule.different and not self.rule.allows(full):
                continue
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


CHAIN = "prp-spo2"
"""The OWL 2 RL rule of property chains: ``x0 p1 x1 ... xn-1 pn xn``, ``q owl:propertyChainAxiom
( p1 ... pn )`` ⇒ ``x0 q xn``; run as a rule whose body is the chain (:func:`chain_rule`)."""


def chain_rule(q: Term, chain: Sequence[Term]) -> DomainRule:
    """``q owl:propertyChainAxiom ( chain )`` as a rule (``prp-spo2``) joined like a domain rule."""
    body = tuple((f"?x{i}", p, f"?x{i + 1}") for i, p in enumerate(chain))
    label = f"{short(q)} owl:propertyChainAxiom ( {' '.join(short(p) for p in chain)} )"
    return DomainRule(CHAIN, None, (("?x0", q, f"?x{len(chain)}"),), body, "", label)


class RuleSet:
    """The built-in rules compiled for one schema, plus the domain's rules."""

    def __init__(self, schema: Schema, domain_rules: Sequence[DomainRule] = ()) -> None:
        self.schema = schema
        self.domain_rules = list(domain_rules)
        self.chain_rules = [chain_rule(q, c) for q, chains in sorted(schema.chains.items()) for c in chains]
        joined = [*self.domain_rules, *self.chain_rules]  # rules whose body is joined (one plan per pattern)
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
        for rule in joined:
            for i, (_, p, o) in enumerate(rule.body):
                if is_var(o):
                    self.plans_by_p[p].append(_Plan(rule, i))
                else:
                    self.plans_by_po[(p, o)].append(_Plan(rule, i))
        body_predicates = {p for rule in joined for (_, p, _) in rule.body}
        self.indexed = frozenset(schema.transitive) | frozenset(body_predicates)
        # predicates a rule can derive (None: any, a domain rule's head has a variable predicate)
        head_predicates = {p for rule in joined for (_, p, _) in rule.head}
        if any(is_var(p) for p in head_predicates):
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
    def for_domain(cls, domain: DomainSpec, *, domain_rules: bool = True) -> "RuleSet":
        """The rules of a domain (a Domain, an rdflib Graph, a Schema), or of several together (a
        list or tuple of them: their ontologies' union, and every domain's rules)."""
        if isinstance(domain, (list, tuple)):
            if len(domain) == 1:
                return cls.for_domain(domain[0], domain_rules=domain_rules)
            union = Graph()
            rules: list[DomainRule] = []
            for d in domain:
                union += ontology_of(d)
                if domain_rules and not isinstance(d, Graph):
                    rules.extend(load_domain_rules(d.rules_dir))
            return cls(schema_of(union), rules)
        rules = load_domain_rules(domain.rules_dir) if domain_rules and not isinstance(domain, (Graph, Schema)) else []
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
            for plan in plans:  # rule:NAME, prp-spo2
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
        known: set[Triple] = view.known if isinstance(view, MemoryView) else set()
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


def solutions(body: Sequence[Triple], binding: dict[str, Term], view: View) -> Iterator[dict[str, Term]]:
    """Every extension of ``binding`` that matches all ``body`` patterns in ``view`` (most
    selective pattern first); used to re-derive a domain rule's premises."""
    if not body:
        yield binding
        return
    k = max(range(len(body)), key=lambda i: _selectivity(body[i], binding))
    s, p, o = body[k]
    rest = list(body[:k]) + list(body[k + 1 :])
    sv, ov = binding.get(s, s), binding.get(o, o)
    s_known, o_known = not is_var(sv), not is_var(ov)
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


def _selectivity(pat: Triple, bound: Container[str]) -> int:
    """How narrow a lookup of ``pat`` is, given the variables ``bound``: a constant or bound
    subject or variable object narrows it to one entity (2 each); a constant object
    (``?x a kgeo:City``) still matches a whole class, so it counts less (1)."""
    s, _, o = pat
    score = 2 if (not is_var(s) or s in bound) else 0
    return score + ((2 if o in bound else 0) if is_var(o) else 1)
