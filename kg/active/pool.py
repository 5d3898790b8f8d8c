"""The pool of candidate prompts for a round: (head, relation) pairs, and what the graph knows.

Heads come from the run's seeds and from the entities the graph already has facts about (the
subjects of its accepted triples of the domain's relations) and, in a domain of named entities,
the entities those facts name (a composer's teachers, the city of her birth); each is paired with
every relation of the domain whose domain class the head's known types are not disjoint with (a
city is never asked whom it studied with). A pair already asked (by any run in the store whose batch is done, or by an earlier
round of this run) is never in the pool again. When the teacher says which pairs it can answer
(:class:`Coverage`, e.g. the offline teacher), the pool keeps those only.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import AbstractSet, Any, Callable, Iterable, Protocol, Sequence, runtime_checkable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.forms import PHRASE_FORM, phrase_form
from kg.namespaces import KG

__all__ = ["Pair", "Coverage", "GraphState", "read_state", "asked_calls", "candidate_pool", "read_types", "type_fit", "key"]

Pair = tuple[str, str]
"""``(head label, relation name)``."""


@runtime_checkable
class Coverage(Protocol):
    """A teacher that can say which (head, relation) pairs it answers (:class:`kg.teachers.offline.OfflineTeacher`)."""

    def covers(self, head: str, relation: str) -> bool: ...


def key(label: str) -> str:
    """How head labels are compared: case and spacing folded."""
    return " ".join(label.split()).casefold()


@dataclass
class GraphState:
    """What the accepted and rejected graphs say about each head (by :func:`key` of its label)."""

    facts: Counter = field(default_factory=Counter)
    """accepted facts per head"""
    facts_by_relation: Counter = field(default_factory=Counter)
    """accepted facts per (head, relation IRI)"""
    conflicts: Counter = field(default_factory=Counter)
    """candidates the conflict checks rejected, per (head, relation IRI)"""
    rejected: Counter = field(default_factory=Counter)
    """candidates any check rejected, per (head, relation IRI)"""
    asked: dict[Pair, int] = field(default_factory=dict)
    """teacher calls spent on each (head key, relation name) by finished batches (:func:`asked_calls`)"""
    iri: dict[str, str] = field(default_factory=dict)
    """head key -> its entity IRI"""
    heads: list[str] = field(default_factory=list)
    """labels of entities with accepted facts of the domain's relations, sorted"""
    named: list[str] = field(default_factory=list)
    """labels of the entities those facts name (their objects) that are no head, sorted"""
    types: dict[str, set[str]] = field(default_factory=dict)
    """head key -> the classes the graph (accepted and inferred) gives it"""


def read_state(store: Any, relations: Iterable[str]) -> GraphState:
    """Counts per head from the store (``relations``: the domain's IRIs), and what was asked."""
    rels = set(relations)
    state = GraphState()
    label = str(RDFS.label)
    rows = store.query(
        f"SELECT ?s ?l ?p (COUNT(?o) AS ?n) WHERE {{ ?s <{label}> ?l . ?s ?p ?o . FILTER(?p != <{label}>) }} "
        "GROUP BY ?s ?l ?p",
        graph="accepted",
    ).bindings()
    heads: set[str] = set()
    for row in rows:
        p = str(row["p"])
        if p not in rels:
            continue
        k, n = key(str(row["l"])), int(str(row["n"]))
        state.facts[k] += n
        state.facts_by_relation[(k, p)] += n
        state.iri.setdefault(k, str(row["s"]))
        heads.add(str(row["l"]))
    state.heads = sorted(heads)
    rows = store.query(
        f"SELECT DISTINCT ?p ?l WHERE {{ ?s ?p ?o . ?o <{label}> ?l . FILTER(isIRI(?o)) }}", graph="accepted"
    ).bindings()
    subjects = {key(h) for h in heads}
    state.named = sorted({str(r["l"]) for r in rows if str(r["p"]) in rels and key(str(r["l"])) not in subjects})
    state.types = read_types(store)
    rows = store.query(
        "SELECT ?l ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        "?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ; "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ; "
        f"<{KG.reason}> ?r . ?r <{KG.check}> ?c . ?s <{label}> ?l . "
        'FILTER(STRSTARTS(STR(?c), "conflict")) } GROUP BY ?l ?p',
        graph="rejected",
    ).bindings()
    for row in rows:
        state.conflicts[(key(str(row["l"])), str(row["p"]))] += int(str(row["n"]))
    rows = store.query(
        "SELECT ?l ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        "?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ; "
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ; <{KG.reason}> ?r . ?s <{label}> ?l }} GROUP BY ?l ?p",
        graph="rejected",
    ).bindings()
    for row in rows:
        state.rejected[(key(str(row["l"])), str(row["p"]))] += int(str(row["n"]))
    state.asked = asked_calls(store)
    return state


def read_types(store: Any, labels: Iterable[str] | None = None, language: str | None = None) -> dict[str, set[str]]:
    """Entity label key -> the classes the graph (accepted and inferred) gives the entity; with
    ``labels``, of the entities those labels name exactly only (index lookups, not a scan), as
    plain strings or tagged ``language`` (the domain's labels')."""
    values = ""
    if labels is not None:
        terms = [Literal(label) for label in labels] + ([Literal(label, lang=language) for label in labels] if language else [])
        values = "VALUES ?l { " + " ".join(term.n3() for term in terms) + " } "
    rows = store.query(
        f"SELECT DISTINCT ?l ?t WHERE {{ {values}?s <{RDFS.label}> ?l ; <{RDF.type}> ?t . FILTER(isIRI(?t)) }}"
    ).bindings()
    types: dict[str, set[str]] = {}
    for row in rows:
        types.setdefault(key(str(row["l"])), set()).add(str(row["t"]))
    return types


def asked_calls(store: Any) -> dict[Pair, int]:
    """The teacher calls (the run's samples per prompt) spent on each (head key, relation name)
    by a finished batch of any run in the store: a grid run's prompts are saved on its run node
    and cut into batches of its batch size; a round of a random or active run saves its own
    prompts on its batch node."""
    out: dict[Pair, int] = {}

    def add(prompts: Sequence[dict], config: str) -> None:
        samples = int(json.loads(config).get("teacher", {}).get("samples", 1) or 1)
        for pair in _pairs(prompts):
            out[pair] = out.get(pair, 0) + samples

    runs = store.query(
        f"SELECT ?run ?prompts ?config WHERE {{ ?run <{KG.promptsJson}> ?prompts ; <{KG.configJson}> ?config }}",
        graph="provenance",
    ).bindings()
    for row in runs:
        size = int(json.loads(str(row["config"])).get("run", {}).get("batch_size", 16))
        prompts = json.loads(str(row["prompts"]))
        done = store.query(
            f"SELECT ?i WHERE {{ <{row['run']}> <{KG.batchDone}> ?b . ?b <{KG.batchIndex}> ?i }}", graph="provenance"
        ).bindings()
        for d in done:
            i = int(str(d["i"]))
            add(prompts[i * size : (i + 1) * size], str(row["config"]))
    rounds = store.query(
        f"SELECT ?prompts ?config WHERE {{ ?run <{KG.batchDone}> ?b ; <{KG.configJson}> ?config . ?b <{KG.promptsJson}> ?prompts }}",
        graph="provenance",
    ).bindings()
    for row in rounds:
        add(json.loads(str(row["prompts"])), str(row["config"]))
    return out


def prompt_pairs(prompts: Sequence[dict]) -> Iterable[Pair]:
    """The (head key, relation name) pairs saved prompts ask (``kg:promptsJson`` items)."""
    return _pairs(prompts)


def _pairs(prompts: Sequence[dict]) -> Iterable[Pair]:
    for p in prompts:
        if p.get("head") and p.get("relation"):
            yield key(p["head"]), p["relation"]


def candidate_pool(
    seeds: Sequence[str],
    graph_heads: Sequence[str],
    relations: Sequence[str],
    *,
    answered: AbstractSet[Pair] = frozenset(),
    teacher: Any = None,
    fits: Callable[[str, str], bool] | None = None,
) -> list[Pair]:
    """Every (head, relation) not yet asked: seeds first (in their order), then the graph's
    heads (sorted), each with every relation (sorted); pairs the teacher cannot answer are left
    out when it says which it can (:class:`Coverage`), and pairs ``fits(head, relation)`` turns
    away (:func:`type_fit`)."""
    covers = teacher.covers if isinstance(teacher, Coverage) else None
    seen: set[str] = set()
    out: list[Pair] = []
    for head in [*seeds, *graph_heads]:
        k = key(head)
        if not k or k in seen:
            continue
        seen.add(k)
        for rel in sorted(relations):
            if (k, rel) in answered or (covers is not None and not covers(head, rel)):
                continue
            if fits is not None and not fits(head, rel):
                continue
            out.append((head, rel))
    return out


def type_fit(domain: Any, types: dict[str, set[str]]) -> Callable[[str, str], bool]:
    """``fits(head, relation)``: whether a head may be asked a relation: none of the classes
    ``types`` (:func:`read_types`), the domain's reference graph or, in a domain typed by form,
    the head's wording (``PersonX burns the toast`` is an event: :mod:`kg.forms`) give it is
    disjoint with the relation's domain class (an untyped head may be asked anything)."""
    index = domain.index
    known = {k: set(v) for k, v in types.items()}
    if domain.reference is not None:
        for s, label in domain.reference.subject_objects(RDFS.label):
            for t in domain.reference.objects(s, RDF.type):
                known.setdefault(key(str(label)), set()).add(str(t))
    by_form = {str(form): str(cls) for cls, form in domain.ontology.subject_objects(PHRASE_FORM)}

    def fits(head: str, relation: str) -> bool:
        rel = domain.relations.get(relation)
        wanted = rel.domain if rel is not None else None
        if wanted is None:
            return True
        classes = set(known.get(key(head), ()))
        form = phrase_form(head) if by_form else None
        if form in by_form:
            classes.add(by_form[form])
        return not any(index.disjoint(URIRef(t), wanted) for t in classes)

    return fits
