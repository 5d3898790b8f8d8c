"""Mined rules as knowledge: rule nodes in the store's ``rules`` graph, queryable in SPARQL.

Each rule (:class:`kg.students.rule_mining.Rule`) is a ``kg:Rule`` node keyed by a hash of the rule
(so the same rule mined twice is one node) with its head and body atoms (``kg:Atom`` nodes:
``kg:atomSubject`` / ``kg:atomObject`` a variable name such as ``"X"`` or an entity (a rule
with constants), ``kg:atomPredicate`` the relation; body atoms ordered by ``kg:atomIndex``), its metrics (``kg:support``, ``kg:headSize``,
``kg:bodySize``, ``kg:pcaBodySize``, ``kg:headCoverage``, ``kg:standardConfidence``,
``kg:pcaConfidence``), a readable ``rdfs:label``, the rule as a SPARQL ``CONSTRUCT``
(``kg:sparql``), a ``kg:ruleStatus`` (``proposed`` when mined; ``accepted`` ones are run by the
reasoner, :func:`reasoners.rules.store_rules`) and ``prov:wasGeneratedBy`` the ``kg:RuleMining``
that found it (its time, thresholds and counts; its IRI a hash of the graph, the settings and
what it found, not of the time, so the same mining again is the same node)::

    SELECT ?label ?conf WHERE { GRAPH graph:rules {
        ?r a kg:Rule ; rdfs:label ?label ; kg:pcaConfidence ?conf } } ORDER BY DESC(?conf)

A new mining replaces the proposed rules; an accepted or rejected rule keeps its status, with
the metrics of the latest mining that found it. The mining's exclusions (negative rules,
:class:`kg.students.rule_mining.Exclusion`) are ``kg:Exclusion`` nodes with the same atoms,
``kg:coOccurrences`` and ``kg:bodySize``, and no status: the reasoner never runs them, the
predictor (``kg rules predict``) does; each mining replaces them all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from collections import Counter
from typing import Callable, Iterable, Mapping, Sequence

import pyoxigraph as ox

from kg.iri import local_name
from kg.namespaces import GRAPH, KG, MINING, PROV, RULE
from kg.store import Store
from kg.students.rule_mining import Exclusion, MinedRules, Rule
from kg.terms import ox_value

__all__ = ["StoredRule", "stored_rules", "decided_rules", "rule_key", "rule_namer", "rule_id", "rule_iri", "write_rules", "read_rules", "read_exclusions", "count_rules", "set_status", "STATUSES"]

STATUSES = ("proposed", "accepted", "rejected")
DECIDED = ("accepted", "rejected")
"""Statuses a person (or a threshold they chose) gave: kept when the rules are mined again."""
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_N = lambda term: ox.NamedNode(str(term))  # noqa: E731
_RULES = ox.NamedNode(str(GRAPH.rules))  # the graph's node for any store (embedded or remote)
_Object = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def rule_key(rule: Rule) -> str:
    """A stable hash of the rule's atoms (not its metrics)."""
    atoms: list[object] = [rule.head, [[r, inv] for r, inv in rule.body]]
    if rule.constant is not None:
        atoms += [rule.constant, rule.body_constant] + (["subject"] if rule.constant_subject else [])
    text = json.dumps(atoms)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def rule_iri(rule: Rule) -> ox.NamedNode:
    return _N(RULE[rule_key(rule)])


ID_LENGTH = 8
"""Hex digits of a rule's key that ``kg rules list`` shows as its id."""


def rule_id(rule: Rule) -> str:
    """The short id a person names a rule by (``kg rules accept 3f9a1c2b``): the first
    :data:`ID_LENGTH` hex digits of :func:`rule_key`, the same each time the rule is mined."""
    return rule_key(rule)[:ID_LENGTH]


def _by_id(found: list[tuple[str, str, Rule]], ids: list[str]) -> list[tuple[str, str, Rule]]:
    """The stored rules ``ids`` name (a rule's id, or the start of its key: at least 4 digits);
    an id that names none, or several, is an error."""
    from kg.errors import UnknownNameError

    chosen: dict[str, tuple[str, str, Rule]] = {}
    for given in ids:
        want = given.strip().casefold()
        if len(want) < 4 or any(c not in "0123456789abcdef" for c in want):
            raise UnknownNameError(f"{given!r} is not a rule id: give the id `kg rules list` shows (8 hex digits)")
        hits = [item for item in found if rule_key(item[2]).startswith(want)]
        if not hits:
            raise UnknownNameError(f"no stored rule has the id {given!r}; `kg rules list` shows them")
        if len(hits) > 1:
            raise UnknownNameError(f"the id {given!r} names {len(hits)} rules; give more of it ({', '.join(rule_key(h[2])[:12] for h in hits[:3])})")
        chosen[hits[0][0]] = hits[0]
    return list(chosen.values())


def rule_namer(rules: Iterable[Rule], prefixes: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Names for the relations and constants of ``rules`` in their text: the local name, unless
    two of them share it (``a:knows`` and ``b:knows`` both read ``knows``, so two different
    rules read the same); then the prefixed name, else ``<IRI>``."""
    from kg.namespaces import PREFIXES, prefixed_name

    iris = {t for rule in rules for atom in (rule.atoms()[0], *rule.atoms()[1]) for t in atom if not t.startswith("?")}
    shared = Counter(local_name(i) for i in iris)
    known = {**PREFIXES, **(prefixes or {})}

    def name(iri: str) -> str:
        local = local_name(iri)
        return local if shared[local] <= 1 else (prefixed_name(iri, known) or f"<{iri}>")

    return name


def _int(v: int) -> ox.Literal:
    return ox.Literal(str(int(v)), datatype=ox.NamedNode(_XSD + "integer"))


def _dbl(v: float) -> ox.Literal:
    return ox.Literal(repr(float(v)), datatype=ox.NamedNode(_XSD + "double"))


def _term(value: str) -> ox.NamedNode | ox.Literal:
    return ox.Literal(value[1:]) if value.startswith("?") else ox.NamedNode(value)


def _rule_quads(rule: Rule, node: ox.NamedNode, mining: ox.NamedNode, status: str, g: ox.NamedNode,
                short: Callable[[str], str]) -> list[ox.Quad]:
    head, body = rule.atoms()
    out = [
        ox.Quad(node, _RDF_TYPE, _N(KG.Rule), g),
        ox.Quad(node, _LABEL, ox.Literal(rule.text(short)), g),
        ox.Quad(node, _N(KG.sparql), ox.Literal(rule.sparql()), g),
        ox.Quad(node, _N(KG.ruleStatus), ox.Literal(status), g),
        ox.Quad(node, _N(PROV.wasGeneratedBy), mining, g),
        ox.Quad(node, _N(KG.support), _int(rule.support), g),
        ox.Quad(node, _N(KG.headSize), _int(rule.head_size), g),
        ox.Quad(node, _N(KG.bodySize), _int(rule.body_size), g),
        ox.Quad(node, _N(KG.pcaBodySize), _int(rule.pca_body_size), g),
        ox.Quad(node, _N(KG.headCoverage), _dbl(rule.head_coverage), g),
        ox.Quad(node, _N(KG.standardConfidence), _dbl(rule.confidence), g),
        ox.Quad(node, _N(KG.pcaConfidence), _dbl(rule.pca_confidence), g),
    ]
    for i, (role, atom) in enumerate([("head", head), *(("body", b) for b in body)]):
        a = ox.NamedNode(f"{node.value}/{role}" + (f"/{i - 1}" if role == "body" else ""))
        out += [
            ox.Quad(node, _N(KG.ruleHead if role == "head" else KG.ruleBody), a, g),
            ox.Quad(a, _RDF_TYPE, _N(KG.Atom), g),
            ox.Quad(a, _N(KG.atomSubject), _term(atom[0]), g),
            ox.Quad(a, _N(KG.atomPredicate), ox.NamedNode(atom[1]), g),
            ox.Quad(a, _N(KG.atomObject), _term(atom[2]), g),
        ]
        if role == "body":
            out.append(ox.Quad(a, _N(KG.atomIndex), _int(i - 1), g))
    return out


def _exclusion_quads(x: Exclusion, mining: ox.NamedNode, g: ox.NamedNode, short: Callable[[str], str]) -> list[ox.Quad]:
    key = hashlib.sha1(json.dumps(["not", x.head, x.body, x.inverse]).encode("utf-8")).hexdigest()[:20]
    node = _N(RULE[f"x{key}"])
    out = [
        ox.Quad(node, _RDF_TYPE, _N(KG.Exclusion), g),
        ox.Quad(node, _LABEL, ox.Literal(x.text(short)), g),
        ox.Quad(node, _N(PROV.wasGeneratedBy), mining, g),
        ox.Quad(node, _N(KG.coOccurrences), _int(x.co_occurrences), g),
        ox.Quad(node, _N(KG.bodySize), _int(x.body_size), g),
    ]
    body = ("Y", x.body, "X") if x.inverse else ("X", x.body, "Y")
    for role, atom in (("head", ("X", x.head, "Y")), ("body", body)):
        a = ox.NamedNode(f"{node.value}/{role}")
        out += [
            ox.Quad(node, _N(KG.ruleHead if role == "head" else KG.ruleBody), a, g),
            ox.Quad(a, _RDF_TYPE, _N(KG.Atom), g),
            ox.Quad(a, _N(KG.atomSubject), ox.Literal(atom[0]), g),
            ox.Quad(a, _N(KG.atomPredicate), ox.NamedNode(atom[1]), g),
            ox.Quad(a, _N(KG.atomObject), ox.Literal(atom[2]), g),
        ]
    return out


def _properties(store: Store, node: _Object) -> dict[str, _Object]:
    """A node's objects in the ``rules`` graph by predicate IRI (one per predicate)."""
    return {t.predicate.value: t.object for t in store.match(node, None, None, graph="rules")}


def read_exclusions(store: Store) -> list[Exclusion]:
    """The exclusions of the latest mining (``kg:Exclusion`` nodes of the ``rules`` graph)."""
    out = []
    for q in store.match(None, _RDF_TYPE, _N(KG.Exclusion), graph="rules"):
        values = _properties(store, q.subject)
        head, body = ({k: ox_value(v) for k, v in _properties(store, values[str(key)]).items()}
                      for key in (KG.ruleHead, KG.ruleBody))
        out.append(Exclusion(
            head=head[str(KG.atomPredicate)], body=body[str(KG.atomPredicate)], inverse=body[str(KG.atomSubject)] == "Y",
            co_occurrences=int(ox_value(values[str(KG.coOccurrences)])), body_size=int(ox_value(values[str(KG.bodySize)])),
        ))
    return sorted(out, key=lambda x: (x.head, x.body, x.inverse))


def _subtree(store: Store, node: ox.NamedNode) -> list[ox.Quad]:
    """A rule node's quads and its atoms'."""
    quads = list(store.match(node, None, None, graph="rules"))
    for q in list(quads):
        if q.predicate.value in (str(KG.ruleHead), str(KG.ruleBody)):
            quads += list(store.match(q.object, None, None, graph="rules"))
    return quads


def _statuses(store: Store) -> dict[str, str]:
    return {ox_value(q.subject): ox_value(q.object) for q in store.match(None, _N(KG.ruleStatus), None, graph="rules")}


def decided_rules(store: Store) -> dict[str, Rule]:
    """The accepted and rejected rules of the ``rules`` graph, by :func:`rule_key`."""
    return {rule_key(rule): rule for _, status, rule in read_rules(store) if status in DECIDED}


def write_rules(store: Store, mined: MinedRules, *, source: str = "accepted",
                short: Callable[[str], str] | None = None, remeasured: Sequence[Rule] = ()) -> ox.NamedNode:
    """Write ``mined`` into the ``rules`` graph (one ``kg:RuleMining`` node and a node per rule)
    and drop the rules an earlier mining proposed that nobody accepted or rejected (a decided
    rule keeps its status, with the new metrics when mined again, or those of ``remeasured``:
    decided rules this mining's thresholds left out, measured on its triples); returns the
    mining's node. ``short`` names relations in the labels (default: :func:`rule_namer`)."""
    g = _RULES
    now = datetime.now(timezone.utc)
    settings = {k: v for k, v in asdict(mined.config).items() if k != "progress"}
    statuses = _statuses(store)
    new = {rule_iri(r).value: r for r in mined.rules}
    new.update({rule_iri(r).value: r for r in remeasured if statuses.get(rule_iri(r).value) in DECIDED})
    mining = _mining_iri(source, settings, mined, new)
    if short is None:
        from kg.domains import store_prefixes

        short = rule_namer(new.values(), store_prefixes(store))
    stale = list(store.match(mining, None, None, graph="rules"))  # the same mining again: its time and counts anew
    for iri, status in statuses.items():
        if status == "proposed" or iri in new:
            stale += _subtree(store, ox.NamedNode(iri))
    quads = [
        ox.Quad(mining, _RDF_TYPE, _N(KG.RuleMining), g),
        ox.Quad(mining, _RDF_TYPE, _N(PROV.Activity), g),
        ox.Quad(mining, _N(PROV.endedAtTime), ox.Literal(now.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime")), g),
        ox.Quad(mining, _N(KG.configJson), ox.Literal(json.dumps({"graph": source, **settings}, sort_keys=True)), g),
        ox.Quad(mining, _N(KG.ruleCount), _int(len(mined.rules)), g),
        ox.Quad(mining, _N(KG.seconds), _dbl(mined.seconds), g),
        ox.Quad(mining, _N(KG.newTripleCount), _int(mined.triples), g),
    ]
    for iri, rule in new.items():
        decided = statuses.get(iri)
        status = decided if decided in DECIDED else "proposed"
        quads += _rule_quads(rule, ox.NamedNode(iri), mining, status, g, short)
    for q in store.match(None, _RDF_TYPE, _N(KG.Exclusion), graph="rules"):
        if isinstance(q.subject, ox.NamedNode):
            stale += _subtree(store, q.subject)
    for x in mined.exclusions:
        quads += _exclusion_quads(x, mining, g, short)
    if stale:
        store.remove_quads(stale)
    store.add_quads(quads)
    return mining


def _mining_iri(source: str, settings: Mapping[str, object], mined: MinedRules, rules: Mapping[str, Rule]) -> ox.NamedNode:
    """A mining's node, named by what it did and found: the graph, the settings, how many triples
    it read, each rule it writes (with its metrics) and each exclusion; never by the clock, so
    mining the same graph the same way names the same node in every store (its time is only
    ``prov:endedAtTime``), and one that found anything else another."""
    found = {
        "graph": source,
        "settings": settings,
        "triples": mined.triples,
        "rules": sorted([iri, r.support, r.head_size, r.body_size, r.pca_body_size] for iri, r in rules.items()),
        "exclusions": sorted([x.head, x.body, x.inverse, x.co_occurrences, x.body_size] for x in mined.exclusions),
    }
    blob = json.dumps(found, sort_keys=True, default=str)
    return _N(MINING[hashlib.sha1(blob.encode("utf-8")).hexdigest()[:20]])


def count_rules(store: Store) -> int:
    """How many rules the ``rules`` graph holds."""
    return sum(1 for _ in store.match(None, _N(KG.ruleStatus), None, graph="rules"))


def read_rules(store: Store, *, status: str | None = None, top: int | None = None) -> list[tuple[str, str, Rule]]:
    """``(rule IRI, status, Rule)`` for the rules of the ``rules`` graph (of one status); with
    ``top``, only the best ``top`` by PCA confidence, then support (chosen by one query)."""
    if status is not None and status not in STATUSES:
        from kg.errors import StudentError

        raise StudentError(f"unknown rule status {status!r}; use one of {', '.join(STATUSES)}")
    statuses = _statuses(store)
    if top is not None:
        where = f"FILTER(?st = {json.dumps(status)})" if status is not None else ""
        rows = store.query(
            f"SELECT ?r WHERE {{ ?r <{KG.ruleStatus}> ?st ; <{KG.pcaConfidence}> ?p ; <{KG.standardConfidence}> ?c ; "
            f"<{KG.support}> ?n {where} }} ORDER BY DESC(?p) DESC(?c) DESC(?n) ?r LIMIT {int(top)}", graph="rules",
        )
        chosen = [row[0].value for row in rows]
    else:
        chosen = sorted(iri for iri, st in statuses.items() if status is None or st == status)
    out = []
    for iri in chosen:
        st = statuses[iri]
        node = ox.NamedNode(iri)
        values: dict[str, list[_Object]] = {}
        for q in store.match(node, None, None, graph="rules"):
            values.setdefault(q.predicate.value, []).append(q.object)
        atoms = []
        for a in values.get(str(KG.ruleHead), []) + values.get(str(KG.ruleBody), []):
            props = _properties(store, a)
            idx = int(ox_value(props[str(KG.atomIndex)])) if str(KG.atomIndex) in props else -1
            atoms.append((idx, ox_value(props[str(KG.atomSubject)]), ox_value(props[str(KG.atomPredicate)]),
                          ox_value(props[str(KG.atomObject)])))
        atoms.sort()
        head, body = atoms[0], atoms[1:]
        constant: str | None = None
        body_constant: str | None = None
        subject = False
        if (head[1], head[3]) != ("X", "Y"):  # r(X, c) or r(c, Y) <= b(V, d) or b(d, V) (d: Z, a free variable)
            subject = head[1] != "X"
            v = "Y" if subject else "X"
            _, s, p, o = body[0]
            steps: tuple[tuple[str, bool], ...] = ((p, s != v),)
            other = o if s == v else s
            constant, body_constant = (head[1] if subject else head[3]), (None if other == "Z" else other)
        else:
            path = ["X", *(["Z"] if len(body) == 2 else []), "Y"]
            steps = tuple((p, (s, o) != (path[i], path[i + 1])) for i, (_, s, p, o) in enumerate(body))
        support, head_size, body_size, pca_body_size = (
            int(ox_value(values[str(key)][0])) for key in (KG.support, KG.headSize, KG.bodySize, KG.pcaBodySize))
        rule = Rule(head=head[2], body=steps, support=support, head_size=head_size,
                    body_size=body_size, pca_body_size=pca_body_size, constant=constant,
                    body_constant=body_constant, constant_subject=subject)
        out.append((iri, st, rule))
    return out


@dataclass(frozen=True)
class StoredRule:
    """A rule of the rules graph: its short ``id`` (:func:`rule_id`), ``status`` and ``rule``
    (with its metrics); ``iri`` is its node."""

    id: str
    status: str
    rule: Rule
    iri: str

    def __str__(self) -> str:
        return f"{self.id} [{self.status}] {self.rule.text(rule_namer([self.rule]))}"

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, **self.rule.as_dict(), "status": self.status}


def stored_rules(store: Store, *, status: str | None = None, top: int | None = None) -> list[StoredRule]:
    """:func:`read_rules` as :class:`StoredRule` items."""
    return [StoredRule(rule_id(rule), st, rule, iri) for iri, st, rule in read_rules(store, status=status, top=top)]


def set_status(store: Store, status: str, *, ids: list[str] | None = None, min_pca_confidence: float = 0.0,
               min_confidence: float = 0.0, min_support: int = 0, min_head_coverage: float = 0.0) -> int:
    """Give the stored rules ``ids`` names (:func:`rule_id`), or without ``ids`` every stored
    rule meeting the thresholds, ``status`` (``accepted``: the reasoner runs it); returns how
    many changed."""
    from kg.errors import StudentError, StudentSettingError

    if status not in STATUSES:
        raise StudentError(f"unknown rule status {status!r}; use one of {', '.join(STATUSES)}")
    for name, value in (("min_pca_confidence", min_pca_confidence), ("min_confidence", min_confidence),
                        ("min_head_coverage", min_head_coverage)):
        if not 0.0 <= value <= 1.0:
            raise StudentSettingError(f"{name} must be between 0 and 1, got {value}")
    if min_support < 0:
        raise StudentSettingError(f"min_support must be 0 or more, got {min_support}")
    g = _RULES
    old, new = [], []
    found = read_rules(store)
    for iri, st, rule in _by_id(found, ids) if ids else found:
        if st == status:
            continue
        if not ids and (rule.pca_confidence < min_pca_confidence or rule.confidence < min_confidence
                        or rule.support < min_support or rule.head_coverage < min_head_coverage):
            continue
        if not ids and status == "accepted" and st == "rejected":
            continue  # a rejected rule is accepted again only by its id
        node = ox.NamedNode(iri)
        old.append(ox.Quad(node, _N(KG.ruleStatus), ox.Literal(st), g))
        new.append(ox.Quad(node, _N(KG.ruleStatus), ox.Literal(status), g))
    if old:
        store.remove_quads(old)
        store.add_quads(new)
    return len(new)
