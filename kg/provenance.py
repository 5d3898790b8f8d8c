"""Verdicts as quads: accepted triples, their provenance statement nodes, quarantined candidates.

Shared by every store backend so that the embedded and the remote store write the same
graph. The model (DESIGN.md, storage conventions):

* an accepted triple goes to ``accepted``; its labels as ``rdfs:label``;
* one ``rdf:Statement`` node per accepted triple, keyed by a hash of the triple, in
  ``provenance``, with one ``kg:Support`` node per piece of evidence (completion, extractor,
  raw span, confidence), linked with PROV-O;
* every completion a candidate came from, with its full text, in ``provenance``;
* a rejected candidate (or unreadable output) is a ``kg:Rejection`` node in ``rejected``
  with its ``kg:Reason`` nodes (check, message, focus node).

No wall-clock time is written next to a statement, so writing the same batch twice writes the
same quads (idempotence); times live on ``kg:Run`` nodes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.namespaces import (
    COMPLETION,
    GRAPH,
    KG,
    PROV,
    REJECTION,
    STATEMENT,
    SUPPORT,
)
from kg.records import Completion, Reason, Unreadable, Verdict
from kg.terms import to_ox

_N = ox.NamedNode
ACCEPTED = _N(str(GRAPH.accepted))
INFERRED = _N(str(GRAPH.inferred))
REJECTED = _N(str(GRAPH.rejected))
PROVENANCE = _N(str(GRAPH.provenance))
ONTOLOGY = _N(str(GRAPH.ontology))

_TYPE = _N(str(RDF.type))
_LABEL = _N(str(RDFS.label))
_STATEMENT = _N(str(RDF.Statement))
_SUBJ, _PRED, _OBJ = _N(str(RDF.subject)), _N(str(RDF.predicate)), _N(str(RDF.object))
_DERIVED = _N(str(PROV.wasDerivedFrom))
_GENERATED_BY = _N(str(PROV.wasGeneratedBy))


def _k(term: URIRef) -> ox.NamedNode:
    return _N(str(term))


def _lit(value: object) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_N(str(XSD.boolean)))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_N(str(XSD.integer)))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=_N(str(XSD.double)))
    return ox.Literal(str(value))


def triple_key(s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: object) -> str:
    """Hash of a triple in N-Triples form: the key of its statement node."""
    return hashlib.sha1(f"{s} {p} {o}".encode("utf-8")).hexdigest()


def statement_node(s: object, p: ox.NamedNode, o: object) -> ox.NamedNode:
    return _N(str(STATEMENT) + triple_key(s, p, o))  # type: ignore[arg-type]


def completion_quads(c: Completion) -> Iterator[ox.Quad]:
    node = _N(str(COMPLETION) + c.id)
    g = PROVENANCE
    yield ox.Quad(node, _TYPE, _k(KG.Completion), g)
    yield ox.Quad(node, _k(KG.teacher), _lit(c.teacher), g)
    yield ox.Quad(node, _k(KG.promptId), _lit(c.prompt_id), g)
    yield ox.Quad(node, _k(KG.promptText), _lit(c.prompt), g)
    yield ox.Quad(node, _k(KG.sampleIndex), _lit(c.sample_index), g)
    yield ox.Quad(node, _k(KG.text), _lit(c.text), g)
    if c.params:
        yield ox.Quad(node, _k(KG.params), _lit(json.dumps(dict(c.params), sort_keys=True, default=str)), g)
    if c.finish_reason:
        yield ox.Quad(node, _k(KG.finishReason), _lit(c.finish_reason), g)
    for key, prop in (("prompt_tokens", KG.promptTokens), ("completion_tokens", KG.completionTokens)):
        if key in c.usage:
            yield ox.Quad(node, _k(prop), _lit(int(c.usage[key])), g)


def _reason_quads(owner: ox.NamedNode, reasons: Iterable[Reason]) -> Iterator[ox.Quad]:
    g = REJECTED
    for r in reasons:
        key = hashlib.sha1(f"{owner.value}|{r.check}|{r.message}|{r.focus_node}".encode()).hexdigest()
        node = _N(owner.value + "/reason/" + key[:16])
        yield ox.Quad(owner, _k(KG.reason), node, g)
        yield ox.Quad(node, _TYPE, _k(KG.Reason), g)
        yield ox.Quad(node, _k(KG.check), _lit(r.check), g)
        yield ox.Quad(node, _k(KG.message), _lit(r.message), g)
        if r.focus_node is not None:
            yield ox.Quad(node, _k(KG.focusNode), to_ox(r.focus_node), g)
        if r.shape is not None:
            yield ox.Quad(node, _k(KG.shape), to_ox(r.shape), g)
        if r.needs_review:
            yield ox.Quad(node, _k(KG.needsReview), _lit(True), g)


def verdict_quads(item: Verdict | Unreadable, run: URIRef | None = None) -> Iterator[ox.Quad]:
    """All quads that record one verdict (or one piece of unreadable output)."""
    run_node = _N(str(run)) if run is not None else None
    if isinstance(item, Unreadable):
        node = _N(str(REJECTION) + item.id)
        yield ox.Quad(node, _TYPE, _k(KG.Rejection), REJECTED)
        yield ox.Quad(node, _k(KG.extractor), _lit(item.extractor), REJECTED)
        yield ox.Quad(node, _k(KG.rawSpan), _lit(item.span), REJECTED)
        if item.completion is not None:
            yield ox.Quad(node, _DERIVED, _N(str(COMPLETION) + item.completion.id), REJECTED)
            yield from completion_quads(item.completion)
        if run_node is not None:
            yield ox.Quad(node, _GENERATED_BY, run_node, REJECTED)
        yield from _reason_quads(node, [Reason("unreadable", item.reason)])
        return

    cand = item.candidate
    s, p, o = to_ox(cand.subject), to_ox(cand.predicate), to_ox(cand.object)
    if item.accepted:
        yield ox.Quad(s, p, o, ACCEPTED)  # type: ignore[arg-type]
        if cand.subject_label and isinstance(s, ox.NamedNode):
            yield ox.Quad(s, _LABEL, ox.Literal(cand.subject_label), ACCEPTED)
        if cand.object_label and isinstance(o, ox.NamedNode):
            yield ox.Quad(o, _LABEL, ox.Literal(cand.object_label), ACCEPTED)
        stmt = statement_node(s, p, o)
        g = PROVENANCE
        yield ox.Quad(stmt, _TYPE, _STATEMENT, g)
        yield ox.Quad(stmt, _SUBJ, s, g)
        yield ox.Quad(stmt, _PRED, p, g)
        yield ox.Quad(stmt, _OBJ, o, g)
        support = _N(str(SUPPORT) + cand.id)
        yield ox.Quad(stmt, _DERIVED, support, g)
        yield ox.Quad(support, _TYPE, _k(KG.Support), g)
        yield ox.Quad(support, _k(KG.extractor), _lit(cand.extractor), g)
        yield ox.Quad(support, _k(KG.rawSpan), _lit(cand.span), g)
        yield ox.Quad(support, _k(KG.confidence), _lit(round(float(item.confidence), 6)), g)
        if run_node is not None:
            yield ox.Quad(support, _GENERATED_BY, run_node, g)
        if cand.completion is not None:
            yield ox.Quad(support, _DERIVED, _N(str(COMPLETION) + cand.completion.id), g)
            yield from completion_quads(cand.completion)
        return

    node = _N(str(REJECTION) + cand.id)
    g = REJECTED
    yield ox.Quad(node, _TYPE, _k(KG.Rejection), g)
    yield ox.Quad(node, _SUBJ, s, g)
    yield ox.Quad(node, _PRED, p, g)
    yield ox.Quad(node, _OBJ, o, g)
    yield ox.Quad(node, _k(KG.extractor), _lit(cand.extractor), g)
    yield ox.Quad(node, _k(KG.rawSpan), _lit(cand.span), g)
    yield ox.Quad(node, _k(KG.confidence), _lit(round(float(item.confidence), 6)), g)
    if cand.subject_label:
        yield ox.Quad(s, _LABEL, ox.Literal(cand.subject_label), g)  # type: ignore[arg-type]
    if cand.object_label and isinstance(o, ox.NamedNode):
        yield ox.Quad(o, _LABEL, ox.Literal(cand.object_label), g)
    if run_node is not None:
        yield ox.Quad(node, _GENERATED_BY, run_node, g)
    if cand.completion is not None:
        yield ox.Quad(node, _DERIVED, _N(str(COMPLETION) + cand.completion.id), g)
        yield from completion_quads(cand.completion)
    yield from _reason_quads(node, item.reasons)


def source_quads(
    s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: object, source: ox.NamedNode
) -> tuple[ox.Quad, ...]:
    """Provenance of a triple loaded from a file: its statement node points at the source."""
    stmt = statement_node(s, p, o)
    g = PROVENANCE
    return (
        ox.Quad(stmt, _TYPE, _STATEMENT, g),
        ox.Quad(stmt, _SUBJ, s, g),
        ox.Quad(stmt, _PRED, p, g),
        ox.Quad(stmt, _OBJ, o, g),  # type: ignore[arg-type]
        ox.Quad(stmt, _DERIVED, source, g),
    )
