"""Verdicts as a SHACL validation report graph (``sh:ValidationReport``), as pySHACL writes one,
with the ``kg`` checks as source shapes of the reasons that do not come from a shape."""

from __future__ import annotations

from typing import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.namespaces import KG
from kg.records import Verdict
from kg.validate.common import (
    SH,
    SH_FOCUS,
    SH_MESSAGE,
    SH_RESULT,
    SH_RPATH,
    SH_SEVERITY,
    SH_SOURCE_SHAPE,
    SH_VALUE,
    SH_VIOLATION,
)

__all__ = ["KG_CHECK", "report_graph"]

KG_CHECK = "https://w3id.org/kgdistill/check/"
"""Source shape of a reason that comes from a check of this module, not a SHACL shape."""


def report_graph(verdicts: Sequence[Verdict]) -> Graph:
    """Verdicts as a SHACL validation report graph (``sh:ValidationReport``): one
    ``sh:ValidationResult`` per rejection reason, with the focus node, the candidate's predicate
    as path and its object as value, and the SHACL shape (or ``kg`` check) as source."""
    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, URIRef(SH + "ValidationReport")))
    conforms = all(v.accepted for v in verdicts)
    g.add((report, URIRef(SH + "conforms"), Literal(conforms)))
    for v in verdicts:
        if v.accepted:
            continue
        c = v.candidate
        for r in v.reasons:
            res = BNode()
            g.add((report, SH_RESULT, res))
            g.add((res, RDF.type, URIRef(SH + "ValidationResult")))
            g.add((res, SH_FOCUS, r.focus_node if r.focus_node is not None else c.subject))
            g.add((res, SH_RPATH, c.predicate))
            g.add((res, SH_VALUE, c.object))
            g.add((res, SH_SEVERITY, SH_VIOLATION))
            g.add((res, SH_MESSAGE, Literal(r.message)))
            g.add((res, SH_SOURCE_SHAPE, r.shape if r.shape is not None else URIRef(KG_CHECK + r.check)))
            g.add((res, KG.check, Literal(r.check)))
    return g
