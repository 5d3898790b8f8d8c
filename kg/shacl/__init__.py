"""A compiled SHACL Core engine: pySHACL's validation results, over plain Python indexes.

``Shapes(shapes_graph)`` compiles a shapes graph once; ``Shapes.validate(data)`` checks a
:class:`Data` (a data graph held as dicts and sets of rdflib terms, no rdflib ``Graph``) and
returns ``(conforms, results)``, each :class:`Result` a ``(focus, path, value, shape, severity,
message, component)``. The results, the conformance flag and the messages are those of
``pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
allow_warnings=True)`` (pySHACL 0.40), which :func:`pyshacl_validate` runs for comparison and
as the fallback: ``tests/validate/test_shacl_engine.py`` checks the two agree on random data.
One difference: a year (``xsd:gYear``, ``xsd:gYearMonth``) is compared with a bound of its
datatype as a year (``sh:minInclusive "1900"^^xsd:gYear``), where pySHACL fails every value.

The subset: targets ``sh:targetClass`` (with ``rdfs:subClassOf*`` in the data),
``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; node shapes and property
shapes whose ``sh:path`` is an IRI or ``[ sh:inversePath IRI ]``; the components ``sh:class``,
``sh:datatype`` (a literal of that datatype that rdflib finds ill-typed does not match, as in
pySHACL), ``sh:nodeKind``, ``sh:minCount``, ``sh:maxCount``, ``sh:minLength``, ``sh:maxLength``,
``sh:pattern`` (+ ``sh:flags``), ``sh:in``, ``sh:hasValue``, ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:minExclusive``, ``sh:maxExclusive``, ``sh:or``, ``sh:and``, ``sh:not``,
``sh:node``, ``sh:property``, ``sh:languageIn``, ``sh:uniqueLang``; and ``sh:deactivated``,
``sh:severity``, ``sh:message``. Anything else in the shapes graph (``sh:sparql``,
``sh:closed``, pair constraints, qualified shapes, ``sh:xone``, complex paths, implicit class
targets, recursive shapes, a malformed parameter, ...) raises :class:`Unsupported` with the
reason, and the caller runs pySHACL instead.

Semantics kept from pySHACL with ``allow_warnings=True``: a shape of severity ``sh:Warning`` or
``sh:Info`` always conforms (its results are still reported); a shape of another severity fails
when one of its components fails with a result of a severity other than those; ``sh:or`` /
``sh:and`` / ``sh:not`` keep only the conformance of their members; ``sh:node`` fails a value
whose nested validation fails or has any result; a property shape's results are reported with
the property shape as source. A shape with ``sh:message`` reports the first of its messages in
the order pySHACL picks it (the iteration order of the set of them); one without reports
pySHACL's generic message for the component (made with pySHACL's own ``stringify_node``, on
demand).

Where it lives: ``engine`` (:class:`Shapes`: finding and compiling the shapes, validating),
``components`` (each constraint component's check and pySHACL's message for it), ``values``
(pySHACL's value tests), ``data`` (:class:`Data`, :class:`Result`), ``vocab`` (the ``sh:``
terms), ``fallback`` (pySHACL itself).
"""

from __future__ import annotations

from kg.shacl.data import Data, InversePath, Result, Unsupported
from kg.shacl.engine import Shapes
from kg.shacl.fallback import pyshacl_validate
from kg.shacl.vocab import SH

__all__ = ["SH", "Data", "InversePath", "Result", "Shapes", "Unsupported", "pyshacl_validate"]
