"""People's "invalid" outranks the gate: a candidate whose triple a review (``kg review apply``)
found invalid stays quarantined whatever the checks and the critic say of it
(:func:`keep_out_what_people_rejected`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from kg.critics.rescore import REVIEW_CHECK, REVIEW_PREFIX
from kg.namespaces import GRAPH, KG, PROV, REJECTION
from kg.provenance import nt
from kg.records import Reason, Verdict
from kg.store import Store
from kg.terms import stored_literal

LOOKUP_CHUNK = 500
"""Triples of a batch per lookup (one query each), when people rejected more than the batch holds."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True)
class PeoplesVerdicts:
    """A batch's verdicts with what people rejected kept out, and the quads that record, on each
    candidate kept out, the review whose verdict it follows (``kg:confirmedBy``: no critic
    promotes it and no review export asks about it again)."""

    verdicts: list[Verdict]
    records: str


def keep_out_what_people_rejected(store: Store, verdicts: Sequence[Verdict]) -> PeoplesVerdicts:
    """Reject, with the check ``review``, each accepted verdict whose triple people marked
    invalid: a rejection in ``rejected`` that a review confirmed (:mod:`kg.critics.review`),
    the triple not in ``accepted`` (a later review let it in). Looked up once a batch."""
    triples = list(dict.fromkeys(v.candidate.triple for v in verdicts if v.accepted))
    reviews = _rejecting_reviews(store, triples)
    if not reviews:
        return PeoplesVerdicts(list(verdicts), "")
    out: list[Verdict] = []
    records: list[str] = []
    for v in verdicts:
        review = reviews.get(v.candidate.triple) if v.accepted else None
        if review is None:
            out.append(v)
            continue
        activity, reviewer = review
        reason = Reason(
            REVIEW_CHECK,
            f"{reviewer} marked it invalid (people's verdict outranks the gate; a later review that marks it valid lets it in)",
            v.candidate.subject,
        )
        out.append(replace(v, accepted=False, reasons=(reason,)))
        records.append(f"<{REJECTION}{v.candidate.id}> <{KG.confirmedBy}> <{activity}> <{GRAPH['rejected']}> .\n")
    return PeoplesVerdicts(out, "".join(dict.fromkeys(records)))


def _rejecting_reviews(store: Store, triples: Sequence[tuple]) -> dict[tuple, tuple[str, str]]:
    """Of ``triples``, those people marked invalid and that are not accepted -> the latest
    review that did: ``(its activity IRI, its id "review:NAME")``.

    The store matches a rejection's triple at about 0.1 ms a row, so the lookup starts from the
    smaller side: the rejections people confirmed (counted first, a few µs each: none in a store
    never reviewed), else the batch's triples (a ``VALUES`` per :data:`LOOKUP_CHUNK`)."""
    if not triples:
        return {}
    g = {name: f"<{GRAPH[name]}>" for name in ("accepted", "rejected", "provenance")}
    confirmed = f"?r <{KG.confirmedBy}> ?a"
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g['rejected']} {{ {confirmed} }} }}", graph="all")
    count = next(iter(rows), None)
    reviewed = int(count[0].value) if count is not None and count[0] is not None else 0
    if reviewed == 0:
        return {}
    # keyed as the store answers: an integer of a derived type ("6700000"^^xsd:nonNegativeInteger,
    # a population) comes back as xsd:integer, a decimal in its canonical form
    by_terms = {(nt(s), nt(p), stored_literal(nt(o))): (s, p, o) for s, p, o in triples}
    chunks = [[]] if reviewed <= len(by_terms) else [list(by_terms)[i : i + LOOKUP_CHUNK] for i in range(0, len(by_terms), LOOKUP_CHUNK)]
    found: dict[tuple, tuple[str, str]] = {}
    rejection = f"?r <{_RDF}object> ?o ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?p"
    for chunk in chunks:
        # the store joins in the order written: what is bound first (a ten times faster lookup)
        pattern = f"{rejection} . {confirmed}" if chunk else f"{confirmed} . {rejection}"
        values = f"VALUES (?s ?p ?o) {{ {' '.join(f'({s} {p} {o})' for s, p, o in chunk)} }} " if chunk else ""
        sparql = (
            f"SELECT ?s ?p ?o ?a ?by WHERE {{ {values}"
            f"GRAPH {g['rejected']} {{ {pattern} }} "
            f"GRAPH {g['provenance']} {{ ?a <{KG.critic}> ?by FILTER(STRSTARTS(STR(?by), \"{REVIEW_PREFIX}\")) "
            f"OPTIONAL {{ ?a <{PROV.startedAtTime}> ?t }} }} "
            f"FILTER NOT EXISTS {{ GRAPH {g['accepted']} {{ ?s ?p ?o }} }} }} ORDER BY DESC(STR(?t)) ?by"
        )
        for row in store.query(sparql, graph="all"):
            key = by_terms.get((str(row[0]), str(row[1]), str(row[2])))
            if key is not None:
                found.setdefault(key, (row[3].value, row[4].value))
    return found
