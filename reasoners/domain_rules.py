"""Domain rules: SPARQL ``CONSTRUCT`` files compiled into rules the reasoner runs.

A domain rule is a file ``NAME.rq`` (or ``.sparql``) in a domain's rules folder
(:func:`load_domain_rules`), or an accepted mined rule in the store's ``rules`` graph
(:func:`store_rules`). :func:`compile_rule` turns one into a :class:`DomainRule`: its ``WHERE``
must be a basic graph pattern (triple patterns with constant predicates; no OPTIONAL, UNION or
property paths), with at most a ``FILTER`` of inequalities between variables (``?X != ?Y &&
?Z != ?X``: a mined rule's variables bind distinct entities), its ``CONSTRUCT`` template triple
patterns; variables are ``?name`` strings, other terms N-Triples strings (:mod:`reasoners.schema`). :class:`reasoners.ruleset.RuleSet`
runs them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Variable

from kg.errors import OntologyError
from kg.namespaces import PREFIXES
from kg.store import Store
from kg.terms import ox_value
from reasoners.schema import Triple, term

__all__ = ["DomainRule", "compile_rule", "load_domain_rules", "store_rules", "is_var", "object_identity"]

LABEL_IRI = "http://www.w3.org/2000/01/rdf-schema#label"



_PARSING = threading.Lock()
"""rdflib's SPARQL parser (pyparsing) is not safe to use from several threads: eight first
``why()`` calls at once left it broken for the life of the process ("<lambda>() missing 1
required positional argument"), every later rule and query parse failing."""

def is_var(t: str) -> bool:
    """Whether a pattern term is a variable (``?name``)."""
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
    different: tuple[tuple[str, str], ...] = ()
    """Pairs of variables that must bind different terms (the WHERE's ``FILTER(?X != ?Y)``)."""

    @property
    def rule_id(self) -> str:
        return f"rule:{self.name}"

    def allows(self, binding: dict) -> bool:
        """Whether a full binding of the body keeps the rule's inequalities."""
        return all(binding.get(a, a) != binding.get(b, b) for a, b in self.different)


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
        with _PARSING:
            query = prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # noqa: BLE001 - rdflib's parser raises pyparsing exceptions
        raise OntologyError(f"{where}: not valid SPARQL: {' '.join(str(exc).split())[:200]}") from None
    algebra = query.algebra
    if algebra.name != "ConstructQuery":
        raise OntologyError(f"{where}: a rule must be a CONSTRUCT query, got {algebra.name}")
    node = algebra.p
    while getattr(node, "name", None) in ("Project", "Distinct", "Reduced"):
        node = node.p
    different: list[tuple[str, str]] = []
    if getattr(node, "name", None) == "Filter":
        _inequalities(node.expr, different, where)
        node = node.p
    body: list[Triple] = []
    _collect(node, body, where)
    head = tuple(
        (_pattern_term(s, where), _pattern_term(p, where), _pattern_term(o, where))
        for s, p, o in algebra.template or ()
    )
    if not body or not head:
        raise OntologyError(f"{where}: a rule needs a non-empty CONSTRUCT template and WHERE")
    for _, p, _ in body:
        if is_var(p):
            raise OntologyError(f"{where}: a rule's body patterns need a constant predicate, got {p}")
    body_vars = {t for pat in body for t in pat if is_var(t)}
    for pat in head:
        for t in pat:
            if is_var(t) and t not in body_vars:
                raise OntologyError(f"{where}: template variable {t} is not bound by the WHERE")
            if t.startswith("_:"):
                raise OntologyError(f"{where}: blank nodes in a rule's template are not supported")
    for pair in different:
        for t in pair:
            if is_var(t) and t not in body_vars:
                raise OntologyError(f"{where}: FILTER variable {t} is not bound by the WHERE")
    return DomainRule(name, path, head, tuple(body), text, label, tuple(different))


def _inequalities(expr: object, out: list[tuple[str, str]], where: str) -> None:
    """Append the ``?a != ?b`` pairs of a FILTER (a conjunction of them) to ``out``."""
    kind = getattr(expr, "name", None)
    if kind == "ConditionalAndExpression":
        for part in [expr.expr, *expr.other]:  # type: ignore[attr-defined]
            _inequalities(part, out, where)
        return
    if kind == "RelationalExpression" and expr.op == "!=":  # type: ignore[attr-defined]
        a, b = expr.expr, expr.other  # type: ignore[attr-defined]
        if isinstance(a, Variable) or isinstance(b, Variable):
            out.append((_pattern_term(a, where), _pattern_term(b, where)))
            return
    raise OntologyError(f"{where}: a rule's FILTER may only say that variables differ (?X != ?Y && ...)")


def object_identity(rule: DomainRule) -> DomainRule:
    """``rule`` with every two of its variables, and each variable and constant of its body and
    head (predicates aside), bound to different terms: the mined rules' semantics (object
    identity, as AnyBURL; :mod:`kg.students.rule_mining`), whatever their ``kg:sparql`` says.
    Run without it, ``marriedTo(X, Y) <= parentOf(X, Z), parentOf(Y, Z)`` derived ``a marriedTo a``."""
    terms = {t for s, _, o in (*rule.body, *rule.head) for t in (s, o)}
    variables = sorted(t for t in terms if is_var(t))
    constants = sorted(t for t in terms if not is_var(t))
    pairs = {(a, b) for i, a in enumerate(variables) for b in variables[i + 1:]}
    pairs |= {(v, c) for v in variables for c in constants}
    missing = tuple(sorted(pairs - set(rule.different)))
    return replace(rule, different=rule.different + missing) if missing else rule


def _collect(n: object, body: list[Triple], where: str) -> None:
    """Append the triple patterns of a basic graph pattern (joins of BGPs) to ``body``."""
    kind = getattr(n, "name", None)
    if kind == "BGP":
        for s, p, o in n.triples:  # type: ignore[attr-defined]
            body.append((_pattern_term(s, where), _pattern_term(p, where), _pattern_term(o, where)))
    elif kind == "Join":
        _collect(n.p1, body, where)  # type: ignore[attr-defined]
        _collect(n.p2, body, where)  # type: ignore[attr-defined]
    else:
        raise OntologyError(
            f"{where}: only basic graph patterns are supported in a rule's WHERE "
            f"(found {kind}); split the rule or drop FILTER/OPTIONAL/UNION/paths"
        )


def load_domain_rules(rules_dir: Path | str | None) -> list[DomainRule]:
    """Every ``*.rq`` / ``*.sparql`` file of a rules folder, compiled, in name order."""
    if rules_dir is None:
        return []
    folder = Path(rules_dir)
    if not folder.is_dir():
        return []
    files = sorted([*folder.glob("*.rq"), *folder.glob("*.sparql")])
    return [compile_rule(_rule_text(f), name=f.stem, path=f) for f in files]


def _rule_text(path: Path) -> str:
    """A rule file's text; a byte-order mark (Windows Notepad's) is no part of it, as in the
    domain's other files (it was: "not valid SPARQL ... found '\\ufeff'")."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OntologyError(f"{path}: not UTF-8 text (byte {exc.start}); save the rule as UTF-8") from None


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
        rule = compile_rule(ox_value(text.object), name=f"mined-{key}", label=ox_value(label.object) if label else "")
        rules.append(object_identity(rule))
    return sorted(rules, key=lambda r: r.name)

