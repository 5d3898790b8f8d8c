"""The validator: :class:`Validator` runs the checks on a batch of candidates, in order, and
keeps what it learns of the store from one batch to the next (see the kg.validate package
docstring for the checks and how a batch is judged)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.errors import OntologyError
from kg.forms import FORMS, PHRASE_FORM
from kg.ontology import Domain, load_domain
from kg.records import Candidate, Reason, Verdict
from kg.store import Store
from kg.validate.batch import Batch, Conflicts
from kg.validate.common import RDF_TYPE, RDF_TYPE_IRI, Judgement, Names, dedupe, show
from kg.validate.reference import Reference
from kg.validate.shapes import ShapeCheck
from kg.validate.terms import TermChecks
from kg.validate.view import StoreView

__all__ = ["GRAPHS", "INDEX_LIMIT", "SHACL_ENGINES", "Validator"]

GRAPHS = ("accepted", "inferred")
INDEX_LIMIT = 2_000_000
"""Entities a tracking validator remembers before it starts its index afresh (bounds memory)."""
SHACL_ENGINES = ("compiled", "pyshacl")


UNKNOWN_CONFIDENCE = 0.7
"""The confidence in a fact the checks pass and the reference graph could check but does not
hold (``unknown``): the least a passing fact gets, by default."""


class Validator:
    """Judges candidate triples against a domain (see the kg.validate package docstring).

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
        unknown_confidence: float = UNKNOWN_CONFIDENCE,
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
        self.reference = Reference.of(self.domain) if use_reference else None
        self.terms = TermChecks(self.domain)
        # how messages name things; its labels are the batch's being validated
        self.names = Names(self.index, self.terms.relations, self.reference.labels if self.reference else None)
        self.shapes = ShapeCheck(self.domain.shapes, engine=shacl_engine, enabled=use_shacl)
        self.shacl_fallback: str | None = self.shapes.fallback
        # classes disjoint with C -> predicates whose domain (out) / range (in) is such a class
        self._conflicts = Conflicts(self.index)
        self._graphs: tuple[str, ...] = ()  # the graphs the batch being validated reads
        self._tracking = False
        self._index: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None
        self._types: dict[str, list[Node]] = {}  # tracked entity IRI -> its classes in the store
        self._index_graphs: tuple[str, ...] = ()
        self._fresh = False  # the index was started on an empty store (see _tracked_predicates)
        self.trusted = False
        """Whether the candidates are rows a user trusts (``kg ingest --trusted``): one goes in over
        a class the store only inferred from an accepted fact's relation, noted in :attr:`overruled`."""
        self.overruled: dict[str, str] = {}
        """The trusted rows accepted over such a class (by candidate id), and the fact that implied it."""
        self.read_as_known: dict[str, str] = {}
        """The trusted rows whose figure was read as a known figure it agrees with (by candidate id): the store keeps that one."""
        self.typed_by_answers: dict[str, dict[str, set[str]]] = {}
        """The subjects of no class in the store or the reference graph that accepted answers
        typed, across batches: name -> class label -> the relations that implied it."""

    # -- public ----------------------------------------------------------------------------

    def validate(self, candidates: Sequence[Candidate] | Iterable[Candidate]) -> list[Verdict]:
        """One verdict per candidate, in order."""
        cands = list(candidates)
        judged = [Judgement([]) for _ in cands]
        labels: dict[Node, str] = {}
        self.names.labels = labels
        for c in cands:
            if c.subject_label:
                labels.setdefault(c.subject, c.subject_label)
            if c.object_label:
                labels.setdefault(c.object, c.object_label)
        self._graphs = self._graphs_in_use()
        nodes = [n for c in cands for n in ((c.subject,) if c.predicate == RDF_TYPE else (c.subject, c.object))]
        for i, c in enumerate(cands):
            judged[i].reasons.extend(self.terms.check(c))
        for i, c in enumerate(cands):
            if judged[i].ok and self.reference is not None:
                reasons, confidence, word = self.reference.check(c, self.names, self.tolerance_for, self.unknown_confidence)
                judged[i].reasons.extend(reasons)
                judged[i].confidence = confidence
                judged[i].reference = word
        # the batch's own conflicts (a second value of a functional property, two disjoint
        # types), then the shapes; a candidate the shapes reject takes no part in the batch's
        # conflicts: if it had turned a later one away, the batch is decided again without it
        # ("400 g/mol" is not refused for the "99999" the shapes refused)
        before = [Judgement(list(j.reasons), j.confidence, j.reference) for j in judged]
        by_shapes: dict[int, list[Reason]] = {}
        while True:
            judged = [Judgement(list(j.reasons), j.confidence, j.reference) for j in before]
            for i, reasons in by_shapes.items():
                judged[i].reasons.extend(reasons)
            batch = self._batch()
            batch.trusted = self.trusted
            batch.view.prefetch(nodes)
            turned_away = False
            for i in batch.decision_order(cands, judged):
                found = batch.check_and_add(cands[i])
                judged[i].reasons.extend(found)
                turned_away |= bool(found)
            survivors = [i for i, j in enumerate(judged) if j.ok]
            # each candidate as the batch read it: a figure that agrees with a known one is that one
            read = [replace(c, object=batch.known_figure[c.id]) if c.id in batch.known_figure else c for c in cands]
            new = False
            if self.use_shacl and survivors:
                for i, reason in self.shapes.check(read, survivors, batch):
                    judged[i].reasons.append(reason)
                    by_shapes.setdefault(i, []).append(reason)
                    new = True
            if not (new and turned_away):
                break
        self.overruled.update(batch.overruled)
        self.read_as_known.update(batch.read_as_known)
        self._note_typed_by_answers(batch, cands, judged)
        verdicts = []
        for c, r, j in zip(cands, read, judged):
            if j.ok:
                verdicts.append(Verdict.accept(r, j.confidence, reference=j.reference))
            else:
                verdicts.append(Verdict.reject(c, *dedupe(j.reasons), confidence=0.0, reference=j.reference))
        return verdicts

    def _note_typed_by_answers(self, batch: Batch, cands: Sequence[Candidate], judged: Sequence[Judgement]) -> None:
        """Keep the subjects the batch's accepted answers typed (:attr:`typed_by_answers`), by
        name: the class and the relations that implied it ("JOIDES Resolution" as a research
        vessel, from operator and flag)."""
        accepted = {c.subject for c, j in zip(cands, judged) if j.ok}
        for node, classes in batch.typed_by_answers.items():
            if node not in accepted:
                continue
            name = self.names.entity(node)
            for cls, relations in classes.items():
                self.typed_by_answers.setdefault(name, {}).setdefault(self.index.label(cls), set()).update(relations)

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

    def _batch(self) -> Batch:
        """A new batch, reading the store through a view that shares what the run's index knows."""
        forms = self.form_classes  # checked before the store is asked anything
        tracked = self._tracked_predicates()
        view = StoreView(
            self.store, self._graphs, tracked, self._types if tracked is not None else None, fresh=tracked is not None and self._fresh
        )
        return Batch(self.index, self.reference, view, self.names, self._conflicts, forms, self.tolerance_for)

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
                if iri == RDF_TYPE_IRI and ks in types:
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

    # -- typing by form -------------------------------------------------------------------------

    @cached_property
    def form_classes(self) -> dict[str, URIRef]:
        """Phrase form (:mod:`kg.forms`) -> the domain's class for phrases of that form, from the
        ontology's ``kg:phraseForm`` annotations; empty for a domain that is not typed by form."""
        found: dict[str, URIRef] = {}
        for cls, form in sorted(self.domain.ontology.subject_objects(PHRASE_FORM)):
            where = f"{self.domain.name} ontology: {show(cls)} kg:phraseForm {form.n3()}"
            if str(form) not in FORMS:
                raise OntologyError(f"{where}: the form must be one of {', '.join(FORMS)}")
            if not isinstance(cls, URIRef) or cls not in self.index.classes:
                raise OntologyError(f"{where}: not a class of the ontology")
            if found.setdefault(str(form), cls) != cls:
                raise OntologyError(f"{where}: the form already types {show(found[str(form)])}")
        return found

    @property
    def by_form(self) -> bool:
        """Whether this domain types its entities by the form of their labels (see the
        kg.validate package docstring)."""
        return bool(self.form_classes)


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
