"""Why does the graph hold (or not hold) a triple?

``explain(store, triple)`` gives, for

* an accepted fact: its provenance: every piece of support (teacher, prompt, completion,
  extractor, raw span, the teacher's rationale when it gave one, confidence, the reference
  graph's word on it where the domain has one, run), or the file it
  was loaded from;
* an inferred fact: its derivation tree: the rule (OWL 2 RL name or ``rule:NAME``), the schema
  axioms it used as the ontology writes them (every one of a chain of sub-classes the schema
  closure took in one step) and its premises, down to asserted facts. Derivations are not stored; they are
  re-derived on demand with the rules of :mod:`reasoners.rules` against ``accepted`` +
  ``inferred`` (the first well-founded proof found, preferring asserted premises);
* a rejected candidate: the reasons it was rejected (check, message, needs-review flag).

The rules come from ``domain`` when given, else from the store's ``ontology`` graph, with the
store's accepted mined rules (``rules`` graph) in both cases.
"""

from __future__ import annotations

import difflib
import json
import re
import shlex
from decimal import Decimal
from typing import Any, Callable, Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD, Namespace

from extractors.ranges import read_range, read_value
from extractors.text import clean
from extractors.normalize import Normalizer, component
from kg.errors import QueryError
from kg.iri import mint_iri, normalize_label
from kg.languages import ENGLISH
from kg.namespaces import GRAPH, KG, PREFIXES, PROV
from kg.ontology import Domain, entity_namespace, relative_difference
from kg.provenance import REVIEW_PREFIX, statement_node
from kg.store import Store
from kg.terms import from_ox, ox_value
from kg.xsd import lexically_valid, number_value, rdflib_quiet
from reasoners.domain_rules import is_var, store_rules
from reasoners.explanation import Explanation, Step
from reasoners.rules import reference_premises
from reasoners.ruleset import CHAIN, DomainSpec, RuleSet, solutions
from reasoners.schema import TYPE, Schema, Term, Triple, is_literal, short, term, to_node
from reasoners.views import StoreView

__all__ = ["resolve_predicate", "data_value", "data_bounds", "Explanation", "Step", "explain", "parse_triple"]

_NUMBERS = {str(XSD[t]) for t in ("integer", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger", "int", "long")}
_NOT_IN_IRI = re.compile(r"[\s<>\"{}|\\^`\[\]]|%(?![0-9A-Fa-f]{2})")
"""A character no IRI holds (RFC 3987), or a ``%`` that opens no percent-encoding (``8%``): a word
with one is no relation's local name."""
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
MAX_EXPANSIONS = 5_000
MAX_DEPTH = 40


# -- reading the store ---------------------------------------------------------------------

_N = lambda t: to_node(term(t))  # noqa: E731


def _value(store: Store, node: Any, prop: Any, graph: str) -> str | None:
    for q in store.match(node, _N(prop), None, graph=graph):
        return ox_value(q.object)
    return None


def provenance_of(store: Store, t: Triple) -> list[dict[str, Any]]:
    """The support records of an asserted triple (one per piece of evidence or source file)."""
    stmt = statement_node(*t)  # type: ignore[arg-type]
    out: list[dict[str, Any]] = []
    for q in store.match(stmt, _N(PROV.wasDerivedFrom), None, graph="provenance"):
        node = q.object
        types = {ox_value(x.object) for x in store.match(node, _N(RDF.type), None, graph="provenance")}
        retracted = _value(store, node, KG.retractedBy, "provenance")  # kg retract withdrew it
        if str(KG.Source) in types:
            out.append({"source": _value(store, node, KG.path, "provenance"), **({"retracted": retracted} if retracted else {})})
            continue
        rec: dict[str, Any] = {"support": ox_value(node)}
        for key, prop in (
            ("extractor", KG.extractor), ("span", KG.rawSpan), ("rationale", KG.rationale), ("confidence", KG.confidence),
            ("critic", KG.critic), ("critic_score", KG.criticScore), ("reference", KG.referenceCheck),
        ):
            rec[key] = _value(store, node, prop, "provenance")
        for key in ("confidence", "critic_score"):
            if rec[key] is not None:
                rec[key] = float(rec[key])
        rec["run"] = _value(store, node, PROV.wasGeneratedBy, "provenance")
        completion = _value(store, node, PROV.wasDerivedFrom, "provenance")
        if completion:
            cnode = to_node(f"<{completion}>")
            rec["completion"] = completion
            rec["text"] = _value(store, cnode, KG.text, "provenance")
            sample = _value(store, cnode, KG.sampleIndex, "provenance")
            rec["sample"] = int(sample) if sample is not None else None  # which of the prompt's completions
            if _value(store, cnode, KG.fromCache, "provenance") == "true":  # an earlier run's answer, replayed
                rec["cached"] = True
            activity = _value(store, cnode, PROV.wasGeneratedBy, "provenance")  # its kg:Sampling
            anode = to_node(f"<{activity}>") if activity else None
            rec["teacher"] = _value(store, anode, KG.teacher, "provenance") if anode else None
            run = _value(store, anode, KG.run, "provenance") if anode else None
            if rec["teacher"] is None:  # a store written before kg:Sampling: on the completion
                rec["teacher"], run = _value(store, cnode, KG.teacher, "provenance"), activity
            rec["run"] = rec["run"] or run
            prompt = _value(store, cnode, KG.prompt, "provenance")
            pnode = to_node(f"<{prompt}>") if prompt else None
            rec["prompt_id"] = _value(store, pnode, KG.promptId, "provenance") if pnode else None
            rec["prompt"] = _value(store, pnode, KG.promptText, "provenance") if pnode else None
        promoted_from = _value(store, node, KG.promotedFrom, "provenance")
        if promoted_from:  # a rescoring (or a review) moved it out of quarantine: say so, and why it was there
            former = to_node(f"<{promoted_from}>")
            rec["promoted_by"] = _value(store, former, KG.promotedBy, "provenance")
            rec["rejected_before"] = sorted(
                str(_value(store, reason.object, KG.message, "provenance"))
                for reason in store.match(former, _N(KG.reason), None, graph="provenance")
            )
        if retracted:
            rec["retracted"] = retracted
        out.append(rec)
    return out


def _verdicts(store: Store, node: Any, props: tuple[Any, ...], verdict: str, graph: str) -> list[dict[str, Any]]:
    """What reviews decided about one node (a statement, a rejection): each ``kg:Rescoring`` of
    a review (critic ``review:NAME``) that ``props`` link it to, with its time."""
    out = []
    for prop in props:
        for q in store.match(node, _N(prop), None, graph=graph):
            by = _value(store, q.object, KG.critic, "provenance")
            if by is not None and by.startswith(REVIEW_PREFIX):
                at = _value(store, q.object, PROV.endedAtTime, "provenance") or _value(store, q.object, PROV.startedAtTime, "provenance")
                out.append({"review": by, "verdict": verdict, "at": at})
    return sorted(out, key=lambda v: (v["at"] or "", v["review"]))


def reviews_of(store: Store, t: Triple) -> list[dict[str, Any]]:
    """People's verdicts on an accepted triple: the reviews that confirmed it or let it in."""
    return _verdicts(store, statement_node(*t), (KG.confirmedBy, KG.promotedBy), "valid", "provenance")  # type: ignore[arg-type]


def rejections_of(store: Store, t: Triple) -> list[dict[str, Any]]:
    """Every quarantined candidate with this triple, with its reasons."""
    s, p, o = (to_node(x) for x in t)
    out = []
    for q in store.match(None, _N(RDF.subject), s, graph="rejected"):
        node = q.subject
        if next(iter(store.match(node, _N(RDF.predicate), p, graph="rejected")), None) is None:
            continue
        if next(iter(store.match(node, _N(RDF.object), o, graph="rejected")), None) is None:
            continue
        reasons = []
        for r in store.match(node, _N(KG.reason), None, graph="rejected"):
            reasons.append(
                {
                    "check": _value(store, r.object, KG.check, "rejected"),
                    "message": _value(store, r.object, KG.message, "rejected"),
                    "needs_review": _value(store, r.object, KG.needsReview, "rejected") == "true",
                }
            )
        conf = _value(store, node, KG.confidence, "rejected")
        out.append(
            {
                "rejection": ox_value(node),
                "extractor": _value(store, node, KG.extractor, "rejected"),
                "span": _value(store, node, KG.rawSpan, "rejected"),
                "confidence": float(conf) if conf is not None else None,
                "reference": _value(store, node, KG.referenceCheck, "rejected"),
                "reasons": sorted(reasons, key=lambda r: (r["check"] or "", r["message"] or "")),
                "reviews": _verdicts(store, node, (KG.confirmedBy,), "invalid", "rejected"),  # people decided: no longer awaits review
            }
        )
    return out


# -- re-deriving ---------------------------------------------------------------------------


class _Deriver:
    def __init__(self, store: Store, rules: RuleSet, premises: frozenset[Triple] = frozenset()) -> None:
        """``premises``: the domain's reference facts, which the closure joins with
        (:func:`reasoners.rules.reference_premises`): a proof's leaves, as asserted facts are."""
        self.store = store
        self.rules = rules
        self.view = StoreView(store, rules.indexed)
        self.premises = premises
        for t in premises:
            self.view.local.give(t)
        sch = rules.schema
        self.sub_classes: dict[Term, set[Term]] = {}
        for c, supers in sch.super_classes.items():
            for d in supers:
                self.sub_classes.setdefault(d, set()).add(c)
        self.by_domain: dict[Term, set[Term]] = {}
        self.by_range: dict[Term, set[Term]] = {}
        for p, classes in sch.domains.items():
            for c in classes:
                self.by_domain.setdefault(c, set()).add(p)
        for p, classes in sch.ranges.items():
            for c in classes:
                self.by_range.setdefault(c, set()).add(p)
        self.sub_properties: dict[Term, set[Term]] = {}
        for p, supers in sch.super_properties.items():
            for q in supers:
                self.sub_properties.setdefault(q, set()).add(p)
        self.expansions = 0
        self.proofs: dict[Triple, Step] = {}

    def asserted(self, t: Triple) -> bool:
        return not is_literal(t[0]) and self.view.in_store(t, "accepted")

    def held(self, t: Triple) -> bool:
        """Whether the store holds ``t`` (accepted or inferred)."""
        return not is_literal(t[0]) and self.view.in_store(t)

    def known(self, t: Triple) -> bool:
        """Whether a proof may use ``t``: the store holds it, or the reference (a premise)."""
        return self.held(t) or t in self.premises

    def candidates(self, t: Triple) -> Iterator[tuple[str, list[Triple], list[str]]]:
        """One-step derivations of ``t``: (rule, premises, schema axioms used)."""
        sch = self.rules.schema
        s, p, o = t
        if p == TYPE:
            for c in sorted(self.sub_classes.get(o, ())):
                if self.known((s, TYPE, c)):
                    name, axioms = _as_written(sch, c, o, "cax-eqc", "cax-sco")
                    yield (name, [(s, TYPE, c)], axioms)
            for q in sorted(self.by_domain.get(o, ())):
                for y in sorted(self.view.objects(s, q))[:5]:
                    yield ("prp-dom", [(s, q, y)], [f"{short(q)} rdfs:domain {short(o)}"])
            for q in sorted(self.by_range.get(o, ())):
                for x in sorted(self.view.subjects(q, s))[:5]:
                    yield ("prp-rng", [(x, q, s)], [f"{short(q)} rdfs:range {short(o)}"])
        else:
            for q in sorted(self.sub_properties.get(p, ())):
                if self.known((s, q, o)):
                    name, axioms = _as_written(sch, q, p, "prp-eqp", "prp-spo1")
                    yield (name, [(s, q, o)], axioms)
            if not is_literal(o):
                for q in sorted(sch.inverses.get(p, ())):
                    if self.known((o, q, s)):
                        yield ("prp-inv", [(o, q, s)], [f"{short(p)} owl:inverseOf {short(q)}"])
                if p in sch.symmetric and self.known((o, p, s)):
                    yield ("prp-symp", [(o, p, s)], [f"{short(p)} a owl:SymmetricProperty"])
                if p in sch.transitive:
                    for y in sorted(self.view.objects(s, p)):
                        if y not in (s, o) and self.known((y, p, o)):
                            yield ("prp-trp", [(s, p, y), (y, p, o)], [f"{short(p)} a owl:TransitiveProperty"])
        joined = [(r, r.rule_id) for r in self.rules.domain_rules] + [(r, CHAIN) for r in self.rules.chain_rules]
        for rule, rule_id in joined:
            for head in rule.head:
                binding: dict[str, Term] = {}
                ok = True
                for x, v in zip(head, t):
                    if is_var(x):
                        if binding.setdefault(x, v) != v:
                            ok = False
                    elif x != v:
                        ok = False
                if not ok:
                    continue
                found = (full for full in solutions(rule.body, binding, self.view) if rule.allows(full))
                for n, full in enumerate(found):
                    if n >= 5:
                        break
                    premises = [tuple(full.get(x, x) for x in pat) for pat in rule.body]
                    yield (rule_id, premises, [rule.label or (str(rule.path.name) if rule.path else rule.name)])  # type: ignore[misc]

    def prove(self, t: Triple, path: frozenset[Triple], depth: int = 0) -> Step | None:
        if t in self.proofs:
            return self.proofs[t]
        if self.asserted(t):
            step = Step(t, "asserted", provenance=provenance_of(self.store, t))
            self.proofs[t] = step
            return step
        if t in self.premises and not self.view.in_store(t):  # a premise the store holds is proved from it first
            return self._premise(t)
        if depth >= MAX_DEPTH or self.expansions >= MAX_EXPANSIONS:
            return None
        self.expansions += 1
        options = list(self.candidates(t))
        options.sort(key=lambda c: sum(not self.asserted(x) for x in c[1]))
        for rule, premises, axioms in options:
            if any(x in path or x == t for x in premises):
                continue
            children = []
            for x in premises:
                child = self.prove(x, path | {t}, depth + 1)
                if child is None:
                    break
                children.append(child)
            else:
                step = Step(t, "inferred", rule, axioms, children)
                self.proofs[t] = step
                return step
        return self._premise(t) if t in self.premises else None

    def _premise(self, t: Triple) -> Step:
        """A proof's leaf from the domain's reference graph (:attr:`premises`)."""
        step = self.proofs[t] = Step(t, "reference")
        return step


def _as_written(schema: Schema, sub: Term, sup: Term, equivalent: str, subsumed: str) -> tuple[str, list[str]]:
    """The rule that takes ``sub`` to ``sup`` (``equivalent`` where only equivalences lead
    there, else ``subsumed``) and the ontology's axioms it uses, as written, in order."""
    path = schema.axioms(sub, sup)
    rule = equivalent if path and all(kind.startswith("owl:equivalent") for _, kind, _ in path) else subsumed
    return rule, [f"{short(a)} {kind} {short(b)}" for a, kind, b in path]


def _rules_for(store: Store, domain: DomainSpec | None) -> RuleSet:
    mined = store_rules(store)  # the store's accepted mined rules, with either
    if domain is not None:
        return RuleSet.for_domain(domain).with_rules(mined)
    g = Graph()
    for q in store.match(graph="ontology"):
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return RuleSet.for_domain(g).with_rules(mined)


def explain(store: Store, triple: tuple[Any, Any, Any], *, domain: DomainSpec | None = None) -> Explanation:
    """Explain one triple (rdflib or pyoxigraph terms): provenance, derivation or reasons."""
    t = (term(triple[0]), term(triple[1]), term(triple[2]))
    rules = _rules_for(store, domain)
    deriver = _Deriver(store, rules, reference_premises(domain, rules.relevant) if domain is not None else frozenset())
    rejections = rejections_of(store, t) if not is_literal(t[0]) else []
    if deriver.asserted(t):
        return Explanation(t, "accepted", deriver.prove(t, frozenset()), rejections, reviews=reviews_of(store, t))
    if deriver.held(t):
        tree = deriver.prove(t, frozenset())
        note = "" if tree else (
            "inferred, but no derivation was found with these rules"
            + ("" if domain is not None else " (pass the domain to use its rules)")
            + "; `kg reason --rebuild` recomputes the inferred graph"
        )
        return Explanation(t, "inferred", tree, rejections, note)
    if rejections:
        return Explanation(t, "rejected", None, rejections)
    if (invalid := _no_value(t[2])) is not None:
        return Explanation(t, "unknown", None, [], invalid + _held_instead(store, t, domain))
    return Explanation(t, "unknown", None, [], "the store neither holds nor rejected this triple" + _held_instead(store, t, domain)
                       + _rejected_instead(store, t) + _unreadable_instead(store, t, domain))


def _no_value(obj: Term) -> str | None:
    """Why a literal object is no value of its datatype (``"two hours"^^xsd:duration``: text a
    run reads no length from is kept as given), or None: the note says so rather than show
    the ill-typed literal as a triple the store might hold."""
    if not is_literal(obj):
        return None
    with rdflib_quiet():
        literal = from_ox(to_node(obj))
        if not isinstance(literal, Literal) or literal.datatype is None:
            return None
        valid = lexically_valid(str(literal.datatype), str(literal))
        if valid is None:
            valid = not literal.ill_typed
    if valid:
        return None
    return f"{str(literal)!r} is no valid {short(f'<{literal.datatype}>')} (a run reads no value from it and quarantines it as unreadable)"


def _held_instead(store: Store, t: Triple, domain: DomainSpec | None = None) -> str:
    """What the store holds of a literal's subject and predicate instead, as a note's end: a
    figure the teacher wrote within the relation's tolerance of a known one is stored as that one
    (``181.2`` as the reference's ``180.16``), so asking for it by the teacher's figure found
    nothing to say. That is said only where the figure is within the tolerance ``domain`` gives
    the relation of a held one (18 is no 12 at a tolerance of 0)."""
    if is_literal(t[0]):
        return ""
    held = sorted({_shown(store, q.object, "accepted") for q in store.match(to_node(t[0]), to_node(t[1]), None, graph="accepted")})
    if not held:
        return ""
    shown = _listed(held)
    lexical, _, datatype = t[2].rpartition("^^")
    figure = is_literal(t[2]) and datatype.strip("<>") in _NUMBERS  # by its datatype: "75 to 85 million" is no number to convert
    claimed = number_value(lexical.strip('"')) if figure else None
    tolerance = next((d.tolerance(to_node(t[1])) for d in _domains(domain) if isinstance(d, Domain)), None)  # by its IRI, no "<...>"
    near = [h for h in held if claimed is not None and tolerance is not None
            and (value := number_value(h)) is not None and relative_difference(claimed, value) <= tolerance]
    why = (f" ({lexical.strip(chr(34))} is within the relation's tolerance, {float(tolerance or 0) * 100:g} %, of {near[0]}: "
           "a figure given so is read as the known one, and stored as it)" if near else "")
    return f"; it holds {shown} for this subject and relation{why}"


def _shown(store: Store, node: Any, graph: str) -> str:
    """A node as a note names it: a literal's value, an entity's label (else its short IRI)."""
    if isinstance(node, ox.Literal):
        return ox_value(node)
    return _value(store, node, RDFS.label, graph) or _value(store, node, RDFS.label, "accepted") or short(term(node))


def _listed(found: list[str]) -> str:
    return ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")


def _rejected_instead(store: Store, t: Triple) -> str:
    """The other objects the store rejected for this subject and relation, with a reason each, as a
    note's end: asked for "Blohm & Voss", it rejected "Voss" ("can have only one builder")."""
    if is_literal(t[0]):
        return ""
    s, p = to_node(t[0]), to_node(t[1])
    said = set()
    for q in store.match(None, _N(RDF.subject), s, graph="rejected"):
        if next(iter(store.match(q.subject, _N(RDF.predicate), p, graph="rejected")), None) is None:
            continue
        for o in store.match(q.subject, _N(RDF.object), None, graph="rejected"):
            reason = next((_value(store, r.object, KG.message, "rejected") for r in store.match(q.subject, _N(KG.reason), None, graph="rejected")), None)
            said.add(_shown(store, o.object, "rejected") + (f" ({reason})" if reason else ""))
    return f"; it rejected {_listed(sorted(said))} for this subject and relation" if said else ""


def _unreadable_instead(store: Store, t: Triple, domain: DomainSpec | None) -> str:
    """What the quarantine keeps as no fact (an unreadable answer, a none answer) for this subject
    and relation, with its reason, as a note's end: asked for 280, it holds the answer "280 km/h
    (175 mph), 1-minute sustained" as unreadable, and why."""
    if is_literal(t[0]):
        return ""
    subject, iri = t[0][1:-1], t[1][1:-1]
    labels = {ox_value(q.object).casefold() for q in store.match(to_node(t[0]), _N(RDFS.label), None)}
    namespace = Namespace(subject[: max(subject.rfind("/"), subject.rfind("#")) + 1])

    def named(head: str) -> bool:  # by a label, or by the IRI a run mints from the head (one with no fact has no label)
        return head.casefold() in labels or (bool(normalize_label(head)) and str(mint_iri(head, namespace)) == subject)

    relations = {r.name for d in _domains(domain) if isinstance(d, Domain) if (r := d.relation_by_iri(iri)) is not None}
    relations.add(re.split(r"[#/]", iri)[-1])
    asked: dict[str, tuple[str, str]] = {}  # prompt id -> head, relation, from the runs' saved prompt lists
    for row in store.query(f"SELECT ?json WHERE {{ ?x <{KG.promptsJson}> ?json }}", graph="provenance"):
        for prompt in json.loads(row[0].value):
            asked[prompt.get("id", "")] = (prompt.get("head") or "", prompt.get("relation") or "")
    sparql = (
        f"SELECT ?raw ?text ?message ?id ?prompt WHERE {{ GRAPH <{GRAPH['rejected']}> {{ ?r a <{KG.Rejection}> ; "
        f"<{KG.reason}> ?x . OPTIONAL {{ ?x <{KG.message}> ?message }} OPTIONAL {{ ?r <{KG.rawSpan}> ?raw }} "
        f"FILTER NOT EXISTS {{ ?r <{RDF.subject}> ?s }} ?r <{PROV.wasDerivedFrom}> ?c }} "
        f"GRAPH <{GRAPH['provenance']}> {{ ?c <{KG.text}> ?text ; <{KG.prompt}> ?p . "
        f"OPTIONAL {{ ?p <{KG.promptId}> ?id }} OPTIONAL {{ ?p <{KG.promptText}> ?prompt }} }} }}"
    )
    said = set()
    for raw, text, message, pid, prompt in store.query(sparql, graph="all"):
        head, relation = asked.get(pid.value if pid else "", ("", ""))
        if not head and prompt and prompt.value.endswith(" [GEN]"):  # a file's row, asked as COMET is: "{head} {relation} [GEN]"
            head, _, relation = prompt.value.removesuffix(" [GEN]").rpartition(" ")
        if relation in relations and named(head):
            answer = (raw or text).value
            why = (message.value if message else "unreadable").removesuffix(f": {answer!r}")
            said.add(f"{answer!r} ({why})")
    return f"; the quarantine keeps the answer {_listed(sorted(said))} for this subject and relation, read as no fact" if said else ""


# -- reading a triple from the command line -------------------------------------------------


def _domains(domain: DomainSpec | None) -> list[Any]:
    parts = domain if isinstance(domain, (list, tuple)) else [domain]
    return [d for d in parts if d is not None and not isinstance(d, (Graph, Schema))]


def _resolve(store: Store, token: str, position: str, domain: DomainSpec | None) -> Any:
    if token.startswith("<") and token.endswith(">"):
        return _written_iri(token[1:-1], token)
    if position == "predicate" and token == "a":
        return RDF.type
    if not token.strip():
        raise QueryError(f"the {position} of the triple is empty: give a label, a prefixed name or an <IRI>")
    domains = _domains(domain)
    own = {p: ns for d in domains if isinstance(d, Domain) for p, ns in d.prefixes.items()}
    prefixes = {**own, **PREFIXES}
    # not '"551695"^^xsd:decimal' (the shell ate its quotes), nor the label "Star Wars: A New Hope" or the value "42:49"
    if _PREFIXED.match(token) and not token.startswith('"') and "^^" not in token and " " not in token:
        prefix, local = token.split(":", 1)
        if prefix in prefixes:
            return _written_iri(prefixes[prefix] + local, token)
        if "//" not in local:
            raise QueryError(f"unknown prefix {prefix!r} in {token!r}; use one of {', '.join(prefixes)} or <IRI>")
        return URIRef(token)
    if "^^" in token or token.startswith('"'):
        text, _, dt = token.partition("^^")
        dt_iri = _resolve(store, dt, "object", domain) if dt else None
        return Literal(text.strip('"'), datatype=dt_iri)
    if position == "predicate":
        named = [r.iri for d in domains if isinstance(d, Domain) for name, r in d.relations.items() if name == token]
        if named:  # a relation's name, whatever its IRI (iri = "http://schema.org/director")
            return URIRef(str(named[0]))
        spaces = [str(d.namespace) for d in domains] + [PREFIXES[k] for k in ("kgeo", "cs", "rdfs", "owl", "rdf")]
        if _NOT_IN_IRI.search(token):  # "[1932]" of "Donoghue v Stevenson [1932] UKHL 100": a name's word, no relation
            raise QueryError(f"cannot read {token!r} as a predicate: it holds a character no IRI may hold")
        for ns in [s for s in spaces if s]:
            iri = URIRef(ns + token)
            for graph in ("accepted", "inferred"):
                if next(iter(store.match(None, iri, None, graph=graph)), None) is not None:
                    return iri
            if next(iter(store.match(None, RDF.predicate, iri, graph="rejected")), None) is not None:
                return iri
        names = _relation_names(domains)
        close = difflib.get_close_matches(token, list(names.values()), n=1)
        example = next((k for k, r in names.items() if close and r == close[0]), None)
        listed = ", ".join(list(names)[:12]) + (", ..." if len(names) > 12 else "")
        hint = (
            f"did you mean {example}? (a prefixed name or <IRI>)" if example
            else f"the relations are {listed} (or give a prefixed name or <IRI>)" if names
            else "use a prefixed name (kgeo:capitalOf) or <IRI>"
        )
        raise QueryError(f"cannot read {token!r} as a predicate of this store; {hint}")

    # a label: an entity with that rdfs:label, else the IRI minted from it
    key = normalize_label(token)
    for graph in ("accepted", "rejected"):
        for variant in {token, key, token.strip()}:
            for q in store.match(None, RDFS.label, Literal(variant), graph=graph):
                return from_ox(q.subject)
    # a label in a language ("Antonín Dvořák"@cs, as a user's own data names entities)
    name = Literal(token.strip()).n3()
    for graph in ("accepted", "rejected"):
        rows = store.query(
            f"SELECT ?x WHERE {{ ?x <{RDFS.label}> ?l FILTER(isIRI(?x) && LANG(?l) != \"\" && STR(?l) = {name}) }} LIMIT 1",
            graph=graph,
        ).bindings()
        if rows:
            return URIRef(str(rows[0]["x"]))
    cased = component(token) is not None  # "Kepler-16 b", the planet, is no "Kepler-16 B", the star, as a run reads it
    for graph in ("accepted", "rejected"):  # as entity resolution matches a name (NFC for NFD, "istanbul")
        found = None if cased else store.label_keys(graph).get(key)
        if found is not None:
            return found
    for d in domains:  # a name the store holds otherwise, as a run reads it: an alias, a typo it merged ("Fyodor Dostoyevsky")
        normalizer = Normalizer(d, store) if isinstance(d, Domain) else None
        found = normalizer.iri_for(token) if normalizer is not None else None
        if normalizer is not None and found is not None and normalizer.named(found.n3()):
            return found
    for d in domains:  # an alias of a reference entity ("French Republic"): a run labels it by its own name
        own_name = Normalizer(d).own_name(token) if isinstance(d, Domain) else None
        if own_name is not None:
            return _resolve(store, own_name, position, domain)
    first = next((d for d in domains if isinstance(d, Domain)), None)
    return (Normalizer(first, store).iri_for(token) if cased and first is not None else None) or mint_iri(token, entity_namespace(first))


def _written_iri(iri: str, token: str) -> URIRef:
    """The IRI a ``<IRI>`` or a prefixed name ``token`` writes; a :class:`QueryError` where it holds
    a ``%`` that opens no percent-encoding (``material:8%``), which the store cannot hold."""
    if _BAD_PERCENT.search(iri):
        raise QueryError(f"cannot read {token!r} as an IRI: a '%' in an IRI opens a percent-encoding (%25 is '%' itself); "
                         "give a value or a label in quotes ('\"8%\"') instead")
    return URIRef(iri)


def _relation_names(domains: list[Any]) -> dict[str, str]:
    """``{written name: relation name}`` of the domains' relations: a prefixed name where one
    of the domain's prefixes fits the relation's IRI (``fd:cuisine``, ``schema:director``), else
    the name alone."""
    from kg.namespaces import prefixed_name

    return {
        (prefixed_name(str(r.iri), {**d.prefixes, **PREFIXES}) or name): name
        for d in domains if isinstance(d, Domain) for name, r in d.relations.items()
    }


def resolve_term(store: Store, token: str, *, position: str = "object", domain: DomainSpec | None = None) -> Any:
    """A triple's subject or object (``position``) as ``kg why`` reads it: ``<IRI>``, a prefixed
    name, a quoted literal, or a label (an entity the store names so, accepted or rejected; else
    the IRI the label mints)."""
    return _resolve(store, token, position, domain)


def resolve_predicate(store: Store, name: str, *, domain: DomainSpec | None = None) -> Any:
    """A predicate IRI from ``<IRI>``, a prefixed name (the project's prefixes and ``domain``'s)
    or a bare relation name (``capitalOf``) the store uses; :class:`QueryError` otherwise."""
    return _resolve(store, name, "predicate", domain)


_IN_WORD_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_PREFIXED = re.compile(r"[A-Za-z][\w.-]*:")
_WORD_END_APOSTROPHE = re.compile(r"(?<=\w)'(?!\w)")
_WRITTEN_WORD = re.compile(r"""(?:"(?:\\.|[^"\\])*"|'[^']*'|\\.|[^\s"'\\])+""")  # a word as shlex reads it, quotes kept


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The words and quoted labels of ``text``, and each as written (its quotes kept): an
    apostrophe inside a word is part of it, no quote ("Cushing's syndrome"); so is one at a
    word's end where a quote would be left open ("Guns N' Roses", "the Beatles' album").
    ValueError when one is left open all the same."""
    protected = _IN_WORD_APOSTROPHE.sub("\0", text)
    try:
        words = shlex.split(protected)
    except ValueError:
        protected = _WORD_END_APOSTROPHE.sub("\0", protected)
        words = shlex.split(protected)
    written = _WRITTEN_WORD.findall(protected)
    if len(written) != len(words):  # shlex reads what the pattern does not: the words as read
        written = words
    return [w.replace("\0", "'") for w in words], [w.replace("\0", "'") for w in written]


def _in_name(written: list[str], i: int) -> bool:
    """Whether word ``i`` is quoted between two unquoted words: a part of a name
    (``Yukihiro "Matz" Matsumoto``), its quotes kept."""
    return 0 < i < len(written) - 1 and _quoted(written[i]) and not _quoted(written[i - 1]) and not _quoted(written[i + 1])


def _quoted(word: str) -> bool:
    return word.startswith(('"', "'"))


def entity_named(store: Store, text: str, *, domain: DomainSpec | None = None) -> URIRef | None:
    """The entity ``text`` alone names where the store holds a fact of it, as ``kg why NAME`` reads
    it: a label (``Elizabeth Boleyn, Countess of Wiltshire``, quoted or not), a prefixed name
    (``res:anne_boleyn``) or an ``<IRI>``; None for a value, or a name the store holds no fact of."""
    token = text.strip()
    if len(token) > 1 and token[0] == token[-1] and token[0] in "\"'":
        token = token[1:-1].strip()
    if not token or token.startswith('"') or "^^" in token:
        return None
    try:
        node = _resolve(store, token, "subject", domain)
    except QueryError:
        return None
    return node if isinstance(node, URIRef) and facts_of(store, node, limit=1) else None


def facts_of(store: Store, entity: URIRef, *, limit: int | None = None) -> list[tuple[Any, Any, Any]]:
    """The triples ``entity`` is the subject or object of, each once, ``limit`` at most: the accepted, then
    the inferred, then the rejected (its labels aside): what ``kg why NAME`` explains one by one."""
    found: dict[tuple[Any, Any, Any], None] = {}
    node = _N(entity)
    for graph in ("accepted", "inferred"):
        for q in [*store.match(node, None, None, graph=graph), *store.match(None, None, node, graph=graph)]:
            if q.predicate.value != str(RDFS.label):
                found.setdefault((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)), None)
            if limit is not None and len(found) >= limit:
                return list(found)
    for side in (RDF.subject, RDF.object):
        for q in store.match(None, _N(side), node, graph="rejected"):
            parts = [next(iter(store.match(q.subject, _N(x), None, graph="rejected")), None) for x in (RDF.subject, RDF.predicate, RDF.object)]
            if all(part is not None for part in parts):
                found.setdefault(tuple(from_ox(part.object) for part in parts if part is not None), None)  # type: ignore[arg-type]
            if limit is not None and len(found) >= limit:
                return list(found)
    return list(found)


def parse_triple(store: Store, text: str, *, domain: DomainSpec | None = None) -> tuple[Any, Any, Any]:
    """``"Paris capitalOf France"``, ``'"New York" kgeo:locatedIn res:usa'``, ``"<a> <b> <c>"``:
    labels, prefixed names or IRIs. Labels with spaces may go unquoted when one word alone
    names a predicate: ``"Jaws directedBy Steven Spielberg"``; a quoted word inside one is a
    part of it: ``'Ruby designedBy Yukihiro "Matz" Matsumoto'``."""
    try:  # an apostrophe inside a word is part of it, no quote: "Cushing's syndrome", "Crohn's disease"
        tokens, written = _tokens(text)
    except ValueError as exc:
        raise QueryError(
            f"cannot read {text!r}: {exc}; close each quote you open, and quote a label with spaces in "
            "double quotes (\"Reye's syndrome\") or single ones ('New York')"
        ) from None
    if len(tokens) == 3 and _in_name(written, 1) and not _names_predicate(store, tokens[1], domain):
        raise QueryError(  # 'Yukihiro "Matz" Matsumoto': a name, no triple ("cannot read 'Matz' as a predicate")
            f"give a triple as three terms (subject predicate object), got one name in {text!r} "
            "(a quoted word between two others is a part of a name)"
        )
    if len(tokens) >= 2 and tokens[-1] != "a" and _names_predicate(store, tokens[-1], domain) and not any(
            _names_predicate(store, t, domain) for t in tokens[1:-1]):
        raise QueryError(  # "Burj Khalifa height": no "cannot read 'Khalifa' as a predicate"
            f"{text!r} names no object: its last word {tokens[-1]!r} is a relation; give a triple as three terms, subject predicate object "
            f"('{' '.join(tokens)} VALUE'; quote a label with spaces: '\"{' '.join(tokens[:-1])}\" {tokens[-1]} VALUE')"
        )
    split = tokens if len(tokens) == 3 else _split_at_predicate(store, tokens, written, domain)
    if split is None and len(tokens) > 3:
        names = list(_relation_names(_domains(domain)))
        known = f"a predicate ({', '.join(names[:8])}{', ...' if len(names) > 8 else ''})" if names else "a predicate"
        raise QueryError(
            f"cannot tell which word of {text!r} is the predicate: write {known} between the subject and the "
            "object, or quote labels with spaces: '\"New York\" kgeo:locatedIn res:usa'"
        )
    if split is None:
        raise QueryError(
            f"give a triple as three terms (subject predicate object), got {len(tokens)} in {text!r}; "
            "quote labels with spaces: '\"New York\" kgeo:locatedIn res:usa'"
        )
    s, p, o = split
    predicate = _resolve(store, p, "predicate", domain)
    # "42:49" (an album's length) is a value: a prefixed name's prefix opens with a letter
    value = data_value(predicate, o, domain) if not o.startswith(("<", '"')) and not _PREFIXED.match(o) else None
    obj = value if value is not None else _resolve(store, o, "object", domain)
    subject = _namesake_stating(store, s, _resolve(store, s, "subject", domain), "subject", lambda n: (n, predicate, obj))
    obj = obj if value is not None else _namesake_stating(store, o, obj, "object", lambda n: (subject, predicate, n))
    return (subject, predicate, obj)


def _namesake_stating(store: Store, token: str, found: Any, position: str, triple: Callable[[URIRef], Triple]) -> Any:
    """The entity a label ``token`` names (``found``, the first the store names so), where the store
    names several so: the one of them whose ``triple`` the store holds or rejected ("CFTR" the
    human gene of "CFTR associatedWith cystic fibrosis", not a mouse gene a run labelled "CFTR" too);
    a :class:`QueryError` listing their IRIs where none or several are. A token that is no label (an
    <IRI>, a prefixed name, a literal) is ``found``."""
    if not isinstance(found, URIRef) or token.startswith(("<", '"')) or _PREFIXED.match(token) and " " not in token:
        return found
    namesakes = sorted({q.subject for graph in ("accepted", "rejected") for variant in {token, token.strip(), normalize_label(token)}
                        for q in store.match(None, RDFS.label, Literal(variant), graph=graph) if isinstance(q.subject, ox.NamedNode)},
                       key=str)
    if len(namesakes) < 2:
        return found
    stating = [URIRef(n.value) for n in namesakes if _stated(store, triple(URIRef(n.value)))]
    if len(stating) == 1:
        return stating[0]
    iris = ", ".join(f"<{n.value}>" for n in namesakes)
    which = "each of them is" if stating else "none of them is"
    raise QueryError(f"{token!r} names {len(namesakes)} entities ({iris}) and {which} the {position} of this triple "
                     "in the store; give the one you mean by its <IRI>")


def _stated(store: Store, t: Triple) -> bool:
    """Whether the store holds the triple ``t`` (accepted or inferred) or rejected it."""
    s, p, o = (_N(x) for x in t)
    if any(next(iter(store.match(s, p, o, graph=graph)), None) is not None for graph in ("accepted", "inferred")):
        return True
    return any(next(iter(store.match(q.subject, _N(RDF.predicate), p, graph="rejected")), None) is not None
               and next(iter(store.match(q.subject, _N(RDF.object), o, graph="rejected")), None) is not None
               for q in store.match(None, _N(RDF.subject), s, graph="rejected"))


def _names_predicate(store: Store, word: str, domain: DomainSpec | None) -> bool:
    try:
        _resolve(store, word, "predicate", domain)
    except QueryError:
        return False
    return True


def _split_at_predicate(store: Store, tokens: list[str], written: list[str], domain: DomainSpec | None) -> list[str] | None:
    """Subject, predicate and object from more than three words, when exactly one word between
    the first and the last names a predicate (``a`` for ``rdf:type`` only when nothing else
    does), or the words of a relation's label or synonym of several words do (``maximum speed
    (km/h)``, as its prompt writes it; the longest where they hold a word that names one: ``range
    (km)``); else None. A label keeps the quotes of a word inside it (``Yukihiro "Matz" Matsumoto``)."""
    found, own = [], []
    for i in range(1, len(tokens) - 1):
        try:
            iri = str(_resolve(store, tokens[i], "predicate", domain))
        except QueryError:
            continue
        found.append(i)
        if tokens[i] != "a" and not iri.startswith((str(RDF), str(RDFS), str(OWL))):
            own.append(i)
    if len(found) > 1:  # the domain's word before rdf:type or rdfs:label ("treats type 2 diabetes")
        found = own or [i for i in found if tokens[i] != "a"]
    spans = _relation_label_spans(tokens, domain)
    if len(found) != 1 or any(i <= found[0] < j for i, j, _ in spans):
        spans |= {(i, i + 1, tokens[i]) for i in found}
        widest = {(i, j, name) for i, j, name in spans if not any((a, b) != (i, j) and a <= i and j <= b for a, b, _ in spans)}
        if len(widest) != 1:
            return None
        ((i, end, name),) = widest
    else:
        i, end, name = found[0], found[0] + 1, tokens[found[0]]

    def label(first: int, end: int) -> str:
        inside = any(_in_name(written[first:end], j) for j in range(end - first))
        return " ".join((written if inside else tokens)[first:end])

    return [label(0, i), name, label(end, len(tokens))]


def _relation_label_spans(tokens: list[str], domain: DomainSpec | None) -> set[tuple[int, int, str]]:
    """``(start, end, relation name)`` of each run of ``tokens`` between the first and the last
    that is a relation's label or synonym of several words, in any case."""
    folded = [t.casefold() for t in tokens]
    spans: set[tuple[int, int, str]] = set()
    for d in _domains(domain):
        if not isinstance(d, Domain):
            continue
        for name, r in d.relations.items():
            label = d.index.labels.get(r.iri)
            for words in {tuple(w.casefold().split()) for w in [*r.synonyms, *([label] if label else [])]}:
                n = len(words)
                spans.update((i, i + n, name) for i in range(1, len(tokens) - n) if n > 1 and tuple(folded[i:i + n]) == words)
    return spans


def data_bounds(predicate: Any, value: object, domain: DomainSpec | None) -> tuple[Literal, Literal] | None:
    """The ends of the range ``value`` gives as text for ``predicate``, a numeric relation of
    ``domain`` (``"25–30 cm"``: :func:`extractors.ranges.read_range`), or None: of a range,
    :func:`data_value` reads the middle, and the checks compare the range."""
    if not isinstance(value, str):
        return None
    for d in _domains(domain):
        relation = d.relation_by_iri(URIRef(str(predicate))) if isinstance(d, Domain) else None
        if relation is not None and relation.object_is_literal and relation.datatype is not None:
            ranged = read_range(relation, clean(value), d.language)
            return (ranged.lower, ranged.upper) if ranged is not None else None
    return None


def data_value(predicate: Any, value: object, domain: DomainSpec | None) -> Literal | None:
    """``value`` (text or a number) as a literal of ``predicate``'s datatype when ``domain``
    names it a data property (``135`` for ``fd:calories`` is ``"135"^^xsd:decimal``), else None:
    by its relation in relations.toml, else by the ontology's ``owl:DatatypeProperty`` and its
    ``rdfs:range`` (a relation no longer asked keeps its stored values: ``Italy area 301230``
    was read as the entity ``res:301230`` once ``[relations.area]`` was removed). A relation's
    value given as text is read as a run reads it (:func:`extractors.ranges.read_value`):
    ``"83,000,000"`` and ``"83 million"`` are the ``83000000`` the store holds; text it reads
    no value from is kept as given, for the checks to reject."""
    iri = URIRef(str(predicate))
    for d in _domains(domain):
        if not isinstance(d, Domain):
            continue
        relation = d.relation_by_iri(iri)
        with rdflib_quiet():  # text of no value of the datatype is kept as given, and judged: no rdflib traceback
            if relation is not None and relation.object_is_literal and relation.datatype is not None:
                # text read as a run reads the teacher's: "83,000,000", "83 million", "July 4th, 1776";
                # a literal given as one is taken at its word (its lexical form, the relation's datatype)
                # a number given as one has no language: 2.125 is no 2125 in a German domain
                number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
                read = None if isinstance(value, Literal) else read_value(relation, str(value), ENGLISH if number else d.language)
                return read or Literal(str(value), datatype=relation.datatype)
            if relation is None and iri in d.index.datatype_properties and d.index.value_datatype(iri) is not None:
                return Literal(str(value), datatype=d.index.value_datatype(iri))
    return None


