"""pySHACL itself, for the fallback and for comparison: its results in the form
:meth:`kg.shacl.Shapes.validate` gives them."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef

from kg.shacl.data import InversePath, Result
from kg.shacl.vocab import SH_INVERSE, sh

__all__ = ["pyshacl_validate"]


def pyshacl_validate(data: Graph, shapes: Graph) -> tuple[bool, list[Result]]:
    """pySHACL's ``(conforms, results)`` for a data graph, in the form :meth:`Shapes.validate`
    gives them (an inverse path as :class:`InversePath`)."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, abort_on_first=False,
        allow_warnings=True, inplace=True,
    )
    results = []
    for r in report.objects(None, sh("result")):
        path = report.value(r, sh("resultPath"))
        if isinstance(path, BNode):
            inv = report.value(path, SH_INVERSE)
            if isinstance(inv, URIRef):
                path = InversePath(inv)
        message = report.value(r, sh("resultMessage"))
        results.append(Result(
            report.value(r, sh("focusNode")), path, report.value(r, sh("value")), report.value(r, sh("sourceShape")),
            report.value(r, sh("resultSeverity")), None if message is None else str(message),
            report.value(r, sh("sourceConstraintComponent")),
        ))
    return bool(conforms), results
