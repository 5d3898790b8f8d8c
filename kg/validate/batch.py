"""What one batch of candidates has established so far (types, edges), judged candidate by
candidate in a fixed order: the ``domain`` / ``range`` / ``disjoint-class`` / ``self-loop``
checks on the entities' known types, and the property axioms (``irreflexive``, ``asymmetric``,
``disjoint-property``, ``cardinality``) on the store and the batch so far."""

from __future__ import annotations

from dataclasses import replace

import re
from decimal import Decimal
from typing import Callable, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.forms import phrase_form
from kg.namespaces import RESOURCE
from kg.ontology import OntologyIndex, nearest_points, relative_difference, toward
from kg.provenance import statement_node, stored_bounds, taught_only
from kg.records import Candidate, Reason
from kg.validate.common import (
    META_LITERAL_PREDICATES,
    RDF_TYPE,
    RDFS_LABEL,
    Judgement,
    Names,
    article,
    fmt,
    number,
    same,
    same_text,
    show,
    triple_key,
)
from kg.terms import to_ox
from kg.validate.reference import Reference
from kg.validate.terms import _DECIMAL_TYPES as NUMBER_TYPES
from kg.validate.view import StoreView

__all__ = ["Batch", "Conflicts"]

EARLIER_IN_BATCH = "an earlier candidate of this batch"
TYPED_IN_BATCH = "an rdf:type candidate of this batch"
"""Where a reason says a class it names came from, when that was the batch itself (a caller
checking facts of no batch words it its own way: ``kg reason --check``)."""
_HASHED = re.compile(r"_[0-9a-f]{10}$")
"""The tail :func:`kg.iri.mint_iri` gives an IRI whose slug lost part of its label."""


def _in_datatype(known: Literal, claimed: Literal) -> Literal:
    """The number ``known`` written in ``claimed``'s datatype (the store gives a
    ``nonNegativeInteger`` back as an ``integer``), where its value can be."""
    value = number(known)
    if value is None or claimed.datatype is None:
        return known
    if value == value.to_integral_value():
        return Literal(str(int(value)), datatype=claimed.datatype)
    return known if isinstance(claimed.toPython(), int) else Literal(str(value), datatype=claimed.datatype)


def _partner_of(joint: str, name: str) -> bool:
    """Whether ``joint`` is a joint name written with an en dash and ``name`` one of its partners:
    "Pfizer–BioNTech" names "Pfizer" (never a hyphen's one name: "Baden-Baden", "Stratford-upon-Avon")."""
    partners = [p.strip().casefold() for p in joint.split("–")]
    return len(partners) > 1 and name.strip().casefold() in partners


class Conflicts:
    """For a class: the predicates whose domain / range is disjoint with it, and the classes
    disjoint with it (worked out once per class, across batches)."""

    def __init__(self, index: OntologyIndex) -> None:
        self.index = index
        self._cache: dict[URIRef, tuple[list[URIRef], list[URIRef], set[URIRef]]] = {}

    def of(self, cls: URIRef) -> tuple[list[URIRef], list[URIRef], set[URIRef]]:
        cached = self._cache.get(cls)
        if cached is None:
            ix = self.index
            # properties are IRIs (a blank node with a domain names no property)
            out_preds = [p for p, d in ix.domain.items() if isinstance(p, URIRef) and ix.disjoint(d, cls)]
            in_preds = [
                p for p, r in ix.range.items()
                if isinstance(p, URIRef) and p in ix.object_properties and ix.disjoint(r, cls)
            ]
            classes = {k for k in ix.classes if ix.disjoint(k, cls)}
            cached = (out_preds, in_preds, classes)
            self._cache[cls] = cached
        return cached


class Batch:
    """What one batch has established so far (types, edges), judged candidate by candidate.

    ``forms`` maps a phrase form to the domain's class for it (empty for a domain not typed by
    form: see the kg.validate package docstring); ``names`` names things in messages, and reads
    the batch's labels."""

    def __init__(
        self,
        index: OntologyIndex,
        reference: Reference | None,
        view: StoreView,
        names: Names,
        conflicts: Conflicts,
        forms: dict[str, URIRef],
        tolerance_for: Callable[[Node], Decimal],
    ) -> None:
        self.index = index
        self.reference = reference
        self.tolerance_for = tolerance_for
        self.known_figure: dict[str, Literal] = {}  # candidate id -> the known value its figure (or text) is
        self.view = view
        self.names = names
        self.conflicts = conflicts
        self.forms = forms
        self.types: dict[Node, dict[URIRef, str]] = {}  # node -> class -> where we know it from
        self.edges: set[tuple[Node, Node, Node]] = set()
        self._out: dict[tuple[Node, Node], set[Node]] = {}
        self._in: dict[tuple[Node, Node], set[Node]] = {}
        self._ranges: dict[tuple[Node, Node, Node], tuple[Literal, Literal]] = {}  # a batch's figure -> the range it is the middle of
        self._store_types: dict[Node, dict[URIRef, str]] = {}
        self._probed: set[tuple[Node, URIRef]] = set()
        self.by_form = bool(forms)
        self._declared: dict[Node, set[URIRef]] = {}  # by form: the batch's rdf:type candidates
        self._asserted: dict[Node, dict[URIRef, str]] = {}  # by form: types besides the batch's
        self.trusted = False
        """Whether the candidates are rows a user trusts (``kg ingest --trusted``): a class the
        store only infers from an accepted fact's relation does not turn one away (:meth:`_yields`)."""
        self.overruled: dict[str, str] = {}  # candidate id -> what a trusted row was accepted over
        self.read_as_known: dict[str, str] = {}  # the read candidate's id -> a trusted row's figure read as a known one (:meth:`_read_as`)
        self.typed_by_answers: dict[Node, dict[URIRef, set[str]]] = {}
        """A subject of no class in the store or the reference graph -> the classes the batch's
        accepted candidates gave it -> the relations that did (for the run's report)."""
        self.held: dict[tuple[Node, URIRef], str] = {}  # (node, class) -> why its answers implying the class wait for review

    def known_types(self, node: Node) -> dict[URIRef, str]:
        known = dict(self._base_types(node))
        known.update(self.types.get(node, {}))
        return known

    def _base_types(self, node: Node) -> dict[URIRef, str]:
        cached = self._store_types.get(node)
        if cached is None:
            cached = {}
            for t in self.view.types(node):
                if isinstance(t, URIRef):
                    cached[t] = "the store"
            if self.reference is not None:
                for t in self.reference.types.get(self.reference.resolve(node), ()):
                    cached.setdefault(t, "the reference graph")
            self._store_types[node] = cached
        return cached

    def _probe(self, node: Node, cls: URIRef) -> None:
        """Ask the store whether ``node`` takes part in a relation that makes it a class
        disjoint with ``cls`` (point lookups only)."""
        if (node, cls) in self._probed or self.view.store is None:
            return
        self._probed.add((node, cls))
        out_preds, in_preds, _ = self.conflicts.of(cls)
        base = self._base_types(node)
        ix, view = self.index, self.view
        for p in view.possible(node, out_preds, 0):
            if view.has(node, p, None):
                base.setdefault(ix.domain[p], f"the store ({self.names.entity(node)} {self.names.relation(p)} ...)")
        for p in view.possible(node, in_preds, 1):
            if view.has(None, p, node):
                base.setdefault(ix.range[p], f"the store (... {self.names.relation(p)} {self.names.entity(node)})")

    # -- typing by form ----------------------------------------------------------------------------

    def decision_order(self, cands: Sequence[Candidate], judged: list[Judgement]) -> list[int]:
        """The candidates still in the running, in the order they are decided: as given, or, in a
        domain typed by form, by their triples, so that the batch's verdicts (and messages) do
        not depend on the order of its candidates."""
        live = self._closest_first(cands, [i for i, j in enumerate(judged) if j.ok])
        if not self.by_form:
            self.held = self._contested([cands[i] for i in live])
            return live
        labels = self.names.labels
        for c in cands:  # one label per entity whatever the order: the least
            for node, label in ((c.subject, c.subject_label), (c.object, c.object_label)):
                if label and label < labels.get(node, label + "\uffff"):
                    labels[node] = label
        for i in live:
            c = cands[i]
            if c.predicate == RDF_TYPE and isinstance(c.object, URIRef):
                self._declared.setdefault(c.subject, set()).add(c.object)
        return sorted(live, key=lambda i: triple_key(cands[i]))

    def _contested(self, cands: Sequence[Candidate]) -> dict[tuple[Node, URIRef], str]:
        """The classes a batch's answers imply for an entity of no known class that are held for
        review, with why: where its relations' domains and ranges imply disjoint classes, the
        class implied by more distinct relations than all the classes disjoint with it wins and
        the others are held; with no such class, all are ("JOIDES Resolution currentSpeed 11.5
        knots" made a research vessel an ocean current, and turned away its operator, flag and
        length, only because it came first). An entity the batch declares a class of
        (``rdf:type``) is left to the checks, as are the store's and the reference graph's."""
        votes: dict[Node, dict[URIRef, set[str]]] = {}
        for c in cands:
            if self._doomed(c):  # "Gout treats Aspirin" beside a known drug Aspirin: refused anyway, it types no Gout
                continue
            for node, cls in self._implied(c):
                votes.setdefault(node, {}).setdefault(cls, set()).add(self.names.relation(c.predicate))
        declared = {c.subject for c in cands if c.predicate == RDF_TYPE}  # an rdf:type of the batch decides, as before
        held: dict[tuple[Node, URIRef], str] = {}
        for node, by_class in votes.items():
            if node in declared:
                continue
            if len(by_class) > 1 and self._disjoint_pair(by_class) and not self._class_known(node, by_class):
                held.update(self._outvoted(node, by_class))
        return held

    def _implied(self, c: Candidate) -> list[tuple[Node, URIRef]]:
        """The classes a relation's candidate implies for its subject (the relation's domain) and
        for its object (its range)."""
        s, p, o = c.triple
        if p == RDF_TYPE or p in META_LITERAL_PREDICATES:
            return []
        d, r = self.index.domain.get(p), self.index.range.get(p)
        out: list[tuple[Node, URIRef]] = [(s, d)] if isinstance(d, URIRef) else []
        if isinstance(r, URIRef) and isinstance(o, (URIRef, BNode)):
            out.append((o, r))
        return out

    def _doomed(self, c: Candidate) -> bool:
        """Whether a candidate implies a class disjoint with one the store or the reference graph
        gives its other end: refused by the checks whatever its class votes, it casts none."""
        for node, cls in self._implied(c):
            self._probe(node, cls)
            if any(self.index.disjoint(known, cls) for known in self._base_types(node)):
                return True
        return False

    def _disjoint_pair(self, by_class: dict[URIRef, set[str]]) -> bool:
        classes = sorted(by_class, key=str)
        return any(self.index.disjoint(a, b) for i, a in enumerate(classes) for b in classes[i + 1:])

    def _class_known(self, node: Node, by_class: dict[URIRef, set[str]]) -> bool:
        """Whether the store or the reference graph types ``node`` (then its class decides, as
        the checks do): asserted, or by a relation of a fact it takes part in."""
        for cls in by_class:
            self._probe(node, cls)
        return bool(self._base_types(node))

    def _outvoted(self, node: Node, by_class: dict[URIRef, set[str]]) -> dict[tuple[Node, URIRef], str]:
        """``node``'s implied classes held for review: those disjoint with the class most of its
        relations imply (by more than those disjoint with it together), else each in conflict."""
        ix = self.index

        def apart(cls: URIRef) -> set[str]:
            return {rel for k, rels in by_class.items() if ix.disjoint(k, cls) for rel in rels}

        def agree(cls: URIRef) -> set[str]:
            return {rel for k, rels in by_class.items() if not ix.disjoint(k, cls) for rel in rels}

        winners = [k for k in sorted(by_class, key=str) if len(agree(k) - apart(k)) > len(apart(k))]
        implied = "; ".join(f"{article(ix.label(k))} ({', '.join(sorted(rels))})" for k, rels in sorted(by_class.items(), key=lambda kv: str(kv[0])))
        who = self.names.entity(node)
        if winners:
            win = winners[0]
            why = (f"the class of {who} is not known, and its answers imply {implied}; most imply {article(ix.label(win))}, "
                   "so this answer waits for review")
            return {(node, k): why for k in by_class if ix.disjoint(k, win)}
        why = f"the class of {who} is not known, and its answers imply {implied}, classes that are disjoint; each waits for review"
        return {(node, k): why for k in by_class if apart(k)}

    def _closest_first(self, cands: Sequence[Candidate], order: list[int]) -> list[int]:
        """``order`` with the figures of one functional subject and property that agree with the
        reference's figure swapped among their places, the closest to it first: the others are
        read as it (:meth:`_agreeing`), whatever the order of the rows or the samples."""
        groups: dict[tuple[Node, Node], list[tuple[Decimal, str, int]]] = {}
        for i in order:
            c = cands[i]
            if c.predicate not in self.index.functional or not isinstance(c.object, Literal):
                continue
            agreed, claimed = self._reference_figure(c, c.object), number(c.object)
            if agreed is not None and claimed is not None:
                groups.setdefault((c.subject, c.predicate), []).append((abs(toward(claimed, c.bounds, agreed) - agreed), str(c.object), i))
        placed = {i: i for i in order}
        for group in groups.values():
            for place, (_, _, i) in zip(sorted(i for _, _, i in group), sorted(group)):
                placed[place] = i
        return [placed[i] for i in order]

    def _named(self, term: Node) -> str:
        """A value as a message shows it: an entity by its label (the batch's, the reference's,
        else the store's), a literal with its datatype."""
        known = self.names.labels.get(term) or (self.names.reference_labels or {}).get(term)
        if known or not isinstance(term, URIRef):
            return known or show(term)
        return self._label(term) or show(term)

    def _label(self, node: Node) -> str | None:
        """The label an entity's form is read from: the batch's, else the store's, else the
        local name of an IRI minted from a label without loss."""
        label = self.names.labels.get(node)
        if label is None and isinstance(node, URIRef):
            for x in self.view.values(node, RDFS_LABEL, None, limit=1, graphs=("accepted",)):
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
            cls = self._form_class(self._label(node)) if isinstance(node, URIRef) else None
            if cls is not None:
                got[cls] = "its form"
            if self.view.store is not None:
                for t in self.view.values(node, RDF_TYPE, None, graphs=("accepted",)):
                    if isinstance(t, URIRef):
                        got.setdefault(t, "the store")
            ref = self.reference
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
        ix = self.index
        declared = self._declared.get(node)
        if not declared:
            return self._given_types(node)
        known = dict(self._given_types(node))
        for t in sorted(declared, key=str):
            if declaring is not None:
                if t != declaring:
                    known.setdefault(t, TYPED_IN_BATCH)
            elif not any(ix.disjoint(t, k) for k in known) and not any(ix.disjoint(t, u) for u in declared):
                known.setdefault(t, TYPED_IN_BATCH)
        return known

    def _type_conflict(self, node: Node, cls: URIRef, declaring: bool = False) -> tuple[URIRef, str] | None:
        ix = self.index
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

    def _typing_fact(self, node: Node, known: URIRef, cls: URIRef) -> tuple[Node, URIRef, Node] | None:
        """The accepted fact that gave ``node`` the store's class ``known`` (disjoint with
        ``cls``) by its relation's domain or range; None where none did (an asserted type)."""
        ix, view = self.index, self.view
        out_preds, in_preds, _ = self.conflicts.of(cls)
        facts: list[tuple[Node, URIRef, Node]] = []  # not an asserted type: "Atlantis is a country (from the store)" names it
        for p in sorted(out_preds, key=lambda p: ix.domain[p] != known):
            facts += [(node, p, o) for o in view.values(node, p, None, limit=1, graphs=("accepted",))]
        for p in sorted(in_preds, key=lambda p: ix.range[p] != known):
            facts += [(s, p, node) for s in view.values(None, p, node, limit=1, graphs=("accepted",))]
        return facts[0] if facts else None

    def _typed_by(self, fact: tuple[Node, URIRef, Node] | None) -> str | None:
        """Where the store's class of a node comes from, for a message: the accepted ``fact``
        that typed it so (:meth:`_typing_fact`), and how to undo it ("IBM is a person (from the
        store)" named neither, and a trusted row that says otherwise stayed rejected)."""
        if fact is None:
            return None
        s, p, o = fact
        return (f"the accepted fact '{self._named(s)} {self.names.relation(p)} {self._named(o)}'; if that is wrong, label it invalid and this "
                "one valid in `kg review export --graph both --all` and `kg review apply` the file")

    def check_and_add(self, c: Candidate) -> list[Reason]:
        names, ix = self.names, self.index
        s, p, o = c.triple
        name = names.relation(p)
        implied: list[tuple[Node, URIRef, str]] = []
        reasons: list[Reason] = []
        if p == RDF_TYPE:
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
                        f"it cannot be that {names.fact(s, p, s)}: {names.entity(s)} would be both {article(dl)} (the subject of {name}) "
                        f"and {article(rl)} (its object); {dl} and {rl} are disjoint",
                        s,
                    ))
                elif s == o and d is not None and ix.apart(d, r) and p not in ix.reflexive:
                    # "Indo-European languageFamily Indo-European": a family taken for a language,
                    # or two things merged into one name; rarely one thing of both kinds
                    dl, rl = ix.label(d), ix.label(r)
                    reasons.append(Reason(
                        "self-loop",
                        f"{names.fact(s, p, s)} would make {names.entity(s)} both {article(dl)} (the subject of {name}) and {article(rl)} "
                        f"(its object), two classes neither of which the ontology puts under the other; if it is one thing of both "
                        "kinds, label it valid in `kg review export --graph both --all` and `kg review apply` the file",
                        s,
                    ))
            if s == o and isinstance(o, (URIRef, BNode)) and not reasons and p not in ix.reflexive and p not in ix.irreflexive:
                reasons.extend(self._self_loop(s, p, name))
        for node, cls, check in implied:
            held = self.held.get((node, cls))
            if held is not None:
                reasons.append(Reason(check, f"needs review: {held}", node, needs_review=True))
                continue
            conflict = self._type_conflict(node, cls, check == "disjoint-class")
            if conflict is None:
                continue
            known, source = conflict
            if source == "batch":
                source = EARLIER_IN_BATCH
            elif source.startswith("the store"):
                fact = self._typing_fact(node, known, cls)
                typed_by = self._typed_by(fact)
                if check != "disjoint-class" and typed_by is not None and self._yields(node, cls, fact):
                    self.overruled[c.id] = f"{names.fact(s, p, o)}, though {typed_by.split(';')[0]} made {names.entity(node)} {article(ix.label(known))}"
                    continue
                source = typed_by or source
            if check == "disjoint-class":
                msg = f"{self.names.entity(node)} is {article(ix.label(known))} (from {source}), so it cannot be {article(ix.label(cls))}: the two classes are disjoint"
            else:
                role = "subject" if check == "domain" else "object"
                msg = (f"{name} needs {article(ix.label(cls))} as its {role}, but {self.names.entity(node)} is {article(ix.label(known))} "
                       f"(from {source}); {ix.label(known)} and {ix.label(cls)} are disjoint")
            reasons.append(Reason(check, msg, node))
        if p != RDF_TYPE and p not in META_LITERAL_PREDICATES:
            reasons.extend(self._union_conflicts(s, p, o, name))
            reasons.extend(self._axioms(c, name))
        if reasons:
            return reasons
        for node, cls, _ in implied:
            self.types.setdefault(node, {}).setdefault(cls, "batch")
            if node == s and p != RDF_TYPE and not self._base_types(node):
                self.typed_by_answers.setdefault(node, {}).setdefault(cls, set()).add(name)
        # a figure read as a known one is that one: a repeat of the row is read as it too (the
        # raw figure among the values would be taken as known and read as itself, a second value)
        o = self.known_figure.get(c.id, o)
        if c.bounds is not None and o == c.object:
            self._ranges[(s, p, o)] = c.bounds  # a range's middle: a figure after it is compared with the range
        self.edges.add((s, p, o))
        self._out.setdefault((s, p), set()).add(o)
        self._in.setdefault((o, p), set()).add(s)
        return []

    def _self_loop(self, s: Node, p: URIRef, name: str) -> list[Reason]:
        """Why ``s p s`` of a property neither reflexive nor irreflexive is turned away or held:
        "Zeus parent Zeus", "Apollo equivalent Apollo" (one class both ends) are two names
        merged into one or the question's subject given back. It goes in where a user's trusted
        row says it (``kg ingest --trusted``) or the reference graph holds it ("photon
        antiparticle photon"); a teacher's answer of a symmetric property that may relate a
        thing to itself ("neutral pion antiparticle neutral pion") waits for review, since
        owl:ReflexiveProperty would make every particle its own antiparticle."""
        ref = self.reference
        if self.trusted or (ref is not None and ref.resolve(s) in ref.objects.get((ref.resolve(s), p), ())):
            return []
        fact, who = self.names.fact(s, p, s), self.names.entity(s)
        if p in self.index.symmetric and self.index.may_relate_to_itself(p):
            return [Reason("self-loop", f"needs review: {fact} relates {who} to itself; {name} is symmetric, and a thing may be its own "
                           f"{name}, or two names were merged into one: label it in `kg review export` and `kg review apply` the file",
                           s, needs_review=True)]
        return [Reason(
            "self-loop",
            f"it cannot be that {fact}: it relates {who} to itself, and {name} is not declared "
            "reflexive (owl:ReflexiveProperty); likely two names merged into one or the question's subject given back",
            s,
        )]

    def _yields(self, node: Node, cls: URIRef, fact: tuple[Node, URIRef, Node] | None) -> bool:
        """Whether a trusted row implying ``cls`` for ``node`` goes in over the store's class of
        it: where an accepted ``fact`` that teachers' answers alone support implied that ("Nebra
        sky disc locatedInCountry Germany" made the disc a site), not a file's row (an earlier
        trusted row keeps its class), nor where a class disjoint with ``cls`` is asserted
        (``rdf:type`` in ``accepted``) or the reference graph's."""
        store = self.view.store
        if not self.trusted or fact is None or store is None or not taught_only(store, *(to_ox(t) for t in fact)):
            return False
        given = [t for t in self.view.values(node, RDF_TYPE, None, graphs=("accepted",)) if isinstance(t, URIRef)]
        ref = self.reference
        given += ref.types.get(ref.resolve(node), ()) if ref is not None else ()
        return not any(self.index.disjoint(t, cls) for t in given)

    def _union_conflicts(self, s: Node, p: Node, o: Node, name: str) -> list[Reason]:
        """A union domain or range (``owl:unionOf``) is broken when the node is of a class
        disjoint with every member: a City as the object of a property whose range is Person
        or Organisation."""
        ix, out = self.index, list[Reason]()
        if not isinstance(p, URIRef):
            return out
        for node, members, check in ((s, ix.domain_union.get(p), "domain"), (o, ix.range_union.get(p), "range")):
            if not members or not isinstance(node, (URIRef, BNode)):
                continue
            clashes = [self._type_conflict(node, m, False) for m in sorted(members, key=str)]
            first = clashes[0]
            if first is not None and all(clashes):
                known, source = first
                source = EARLIER_IN_BATCH if source == "batch" else source
                role = "subject" if check == "domain" else "object"
                wanted = " or ".join(article(ix.label(m)) for m in sorted(members, key=str))
                out.append(Reason(check, f"{name} needs {wanted} as its {role}, but {self.names.entity(node)} is "
                                  f"{article(ix.label(known))} (from {source}), which is disjoint with each", node))
        return out

    # -- property axioms and cardinality ---------------------------------------------------

    def _has(self, s: Node, p: Node, o: Node) -> bool:
        return (s, p, o) in self.edges or self.view.has(s, p, o)

    def _values(self, s: Node | None, p: URIRef, o: Node | None) -> set[Node]:
        """Objects of (s, p) or subjects of (p, o) in the store and the batch so far, with
        inverse properties folded in."""
        ix = self.index
        out: set[Node] = set()
        if o is None:
            out.update(self.view.values(s, p, None))
            for q in ix.inverse.get(p, ()):
                out.update(self.view.values(None, q, s))
            if s is not None:  # the batch holds no edge of an unknown subject
                out.update(self._out.get((s, p), ()))
                for q in ix.inverse.get(p, ()):
                    out.update(self._in.get((s, q), ()))
        else:
            out.update(self.view.values(None, p, o))
            out.update(self._in.get((o, p), ()))
            for q in ix.inverse.get(p, ()):
                out.update(self.view.values(o, q, None))
                out.update(self._out.get((o, q), ()))
        return out

    def _axioms(self, c: Candidate, name: str) -> list[Reason]:
        ix = self.index
        s, p, o = c.triple
        reasons: list[Reason] = []
        inverses = ix.inverse.get(p, set())
        if p in ix.irreflexive and s == o:
            reasons.append(Reason("irreflexive", f"it cannot be that {self.names.fact(s, p, o)}: {name} is irreflexive (nothing stands in it to itself)", s))
        if p in ix.asymmetric and s != o:
            clash = None
            if self._has(o, p, s):
                clash = self.names.fact(o, p, s)
            else:
                for q in inverses:
                    if self._has(s, q, o):
                        clash = self.names.fact(s, q, o)
            if clash:
                reasons.append(Reason("asymmetric", f"it cannot be that {self.names.fact(s, p, o)}: it is already known that {clash}, and {name} is asymmetric (it never holds both ways)", s))
        for q in ix.property_disjoint.get(p, ()):
            if self._has(s, q, o):
                reasons.append(Reason("disjoint-property", f"it cannot be that {self.names.fact(s, p, o)}: it is already known that {self.names.fact(s, q, o)}, and {name} and {self.names.relation(q)} never hold for the same pair", s))
        functional = p in ix.functional or any(q in ix.inverse_functional for q in inverses)
        inverse_functional = p in ix.inverse_functional or any(q in ix.functional for q in inverses)
        agreeing, closer, values = self._agreeing(c)
        if functional:
            held = values if values is not None else self._values(s, p, None)
            others = {x for x in held if not same(x, o) and x not in agreeing}
            texts = sorted((x for x in others if same_text(x, o)), key=str)
            # the known "10.1038/nature14539" for "10.1038/NATURE14539": read as it; a stored text
            # beside its case variant (kg validate --store) is a second value, as the reasoner counts it
            if texts and isinstance(texts[0], Literal) and not any(same(x, o) for x in held):
                self.known_figure[c.id] = texts[0]
                others.difference_update(texts)
            if others:
                claimed = number(o) if isinstance(o, Literal) else None
                if all(isinstance(x, Literal) and x.datatype in NUMBER_TYPES for x in [o, *others]):
                    shown, read = ", ".join(sorted(map(str, others))), str(o)  # "already has 16, not 9": datatypes shown read as the reason
                else:
                    shown, read = ", ".join(sorted(self._named(x) for x in others)), self._named(o)
                stale = f", not {read}"  # the value read ("already has 2011" hid the 2016 rejected)
                if len(others) == 1 and _partner_of(shown, read):
                    stale = f", which names {read} as one of its partners, not {read} alone"  # "Pfizer–BioNTech" of "Pfizer"
                if closer is not None and claimed is not None:
                    stale = (f", farther from the reference graph's {fmt(closer)} than {fmt(claimed)} is: to have this one "
                             "instead, label the stored figure invalid (kg review export -g accepted, then kg review apply) "
                             "and give this one again")
                reasons.append(Reason("cardinality", f"{self.names.entity(s)} can have only one {name}, and it already has {shown}{stale}", s))
        if inverse_functional and isinstance(o, (URIRef, BNode)):
            others = {x for x in self._values(None, p, o) if x != s}
            if others:
                first = sorted(others, key=str)[0]
                more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
                known = self.names.fact(first, p, o)
                reasons.append(Reason("cardinality", f"it cannot be that {self.names.fact(s, p, o)}: it is already known that {known}{more}, and only one thing can be so", o))
        return reasons

    def _agreeing(self, c: Candidate) -> tuple[list[Node], Decimal | None, set[Node] | None]:
        """The values known for ``c``'s subject and predicate that ``c``'s number is read as: those
        that agree with the reference's figure as ``c``'s does and are no farther from it (the
        teacher's 1,500,000 and the reference's 1,505,005 loaded into the store), the closest
        noted in :attr:`known_figure`, for ``c`` to be read as it. A known value farther from the
        figure than ``c`` is none of them (a stale 160 million does not absorb the reference's
        195,874,740): then the reference's figure comes back too, for the conflict's reason. Last,
        the known values where they were read (None where not), for the cardinality check."""
        obj = c.object
        agreed = self._reference_figure(c, obj)
        claimed = number(obj) if isinstance(obj, Literal) else None
        if agreed is None and claimed is not None and isinstance(obj, Literal) and obj.datatype in NUMBER_TYPES and not self._reference_figures(c):
            values = self._values(c.subject, c.predicate, None)
            return self._near_known(c, obj, claimed, values), None, values
        if agreed is None or claimed is None or not isinstance(obj, Literal):
            return [], None, None
        values = self._values(c.subject, c.predicate, None)
        distance: dict[Node, Decimal] = {}
        for x in values:
            value = number(x) if isinstance(x, Literal) else None
            if value is not None and self._reference_figure(c, x) == agreed:
                distance[x] = abs(value - agreed)
        agreeing = sorted((x for x in distance if distance[x] <= abs(claimed - agreed)), key=lambda x: (distance[x], str(x)))
        if agreeing and isinstance(agreeing[0], Literal) and not any(same(x, obj) for x in values):
            self._read_as(c, _in_datatype(agreeing[0], obj))
        farther = any(x not in agreeing and not same(x, obj) for x in distance)
        return agreeing, agreed if farther else None, values

    def _read_as(self, c: Candidate, known: Literal) -> None:
        """Read ``c``'s figure as the ``known`` one it agrees with, and note a trusted row's figure so
        read where it is another ("Aconcagua prominence 6961, read as the stored 6962"): the
        store keeps its figure, with the row as its support (:func:`kg.pipeline.ingestion.read_as_known_note`)."""
        self.known_figure[c.id] = known
        if self.trusted and isinstance(c.object, Literal) and number(c.object) != number(known):
            read = replace(c, object=known)  # the candidate as the checks pass it on (kg.validate.Validator.validate)
            self.read_as_known[read.id] = f"{self.names.fact(c.subject, c.predicate, c.object)}, read as the stored {known}"

    def _near_known(self, c: Candidate, obj: Literal, claimed: Decimal, values: set[Node]) -> list[Node]:
        """Where the reference graph gives no figure for ``c``'s subject and predicate: the known
        figures ``c``'s number is within the property's tolerance of ("5,772 mi", 9289.13 km, of
        a line whose length 9289 is known), the closest noted in :attr:`known_figure`, for ``c``
        to be read as it: one value, written at another precision or in another unit. ``values``:
        the known values of ``c``'s subject and predicate."""
        tolerance = self.tolerance_for(c.predicate)
        near = sorted(
            ((abs(value - claimed), str(x), x) for x in values if isinstance(x, Literal) and x.datatype in NUMBER_TYPES
             and (value := number(x)) is not None and self._agrees(c, claimed, x, value, tolerance)),
            key=lambda t: t[:2])
        if near and not any(same(x, obj) for x in values):
            self._read_as(c, _in_datatype(near[0][2], obj))
        return [x for _, _, x in near]

    def _agrees(self, c: Candidate, claimed: Decimal, held: Literal, value: Decimal, tolerance: Decimal) -> bool:
        """Whether ``c``'s figure (a range where it is one) and the held figure ``held`` (a range's middle, where the
        batch or the store holds it as one: "3.5" beside a held 3.75 of 3.5–4) are within ``tolerance``."""
        if relative_difference(toward(claimed, c.bounds, value), value) <= tolerance:
            return True
        bounds = self._held_bounds(c.subject, c.predicate, held)
        return bounds is not None and relative_difference(*nearest_points(claimed, c.bounds, value, bounds)) <= tolerance

    def _held_bounds(self, s: Node, p: Node, o: Literal) -> tuple[Literal, Literal] | None:
        """The range the held figure ``o`` of ``s`` and ``p`` is the middle of: the batch's, else the store's; or None."""
        if (s, p, o) in self._ranges:
            return self._ranges[(s, p, o)]
        store = self.view.store
        if store is None or not isinstance(s, URIRef) or not isinstance(p, URIRef):
            return None
        statement = statement_node(to_ox(s), ox.NamedNode(str(p)), to_ox(o)).value
        return stored_bounds(store, statement).get(statement)

    def _reference_figures(self, c: Candidate) -> bool:
        """Whether the reference graph gives figures for ``c``'s subject and predicate."""
        ref = self.reference
        return ref is not None and bool(ref.figures(ref.resolve(c.subject, c.subject_label), c.predicate))

    def _reference_figure(self, c: Candidate, value: Node) -> Decimal | None:
        """The reference's figure for ``c``'s subject and predicate that the number ``value``
        agrees with (within the property's tolerance), or None."""
        ref = self.reference
        if ref is None:
            return None
        bounds = c.bounds if value == c.object else None  # the candidate's own figure: its range, where it is one
        return ref.figure(ref.resolve(c.subject, c.subject_label), c.predicate, value, self.tolerance_for(c.predicate), bounds)

    def _form_class(self, label: str | None) -> URIRef | None:
        if not label:
            return None
        form = phrase_form(label)
        return self.forms.get(form) if form is not None else None
