"""A compiled SHACL Core engine: pySHACL's validation results, over plain Python indexes.

``Shapes(shapes_graph)`` compiles a shapes graph once; ``Shapes.validate(data)`` checks a
:class:`Data` (a data graph held as dicts and sets of rdflib terms, no rdflib ``Graph``) and
returns ``(conforms, results)``, each :class:`Result` a ``(focus, path, value, shape, severity,
message, component)``. The results, the conformance flag and the messages are those of
``pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
allow_warnings=True)`` (pySHACL 0.40), which :func:`pyshacl_validate` runs for comparison and
as the fallback: ``tests/validate/test_shacl_engine.py`` checks the two agree on random data.

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
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Callable, Iterable, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

__all__ = ["Data", "InversePath", "Result", "Shapes", "Unsupported", "pyshacl_validate"]

SH = "http://www.w3.org/ns/shacl#"


def _sh(name: str) -> URIRef:
    return URIRef(SH + name)


_NODE_SHAPE, _PROPERTY_SHAPE = _sh("NodeShape"), _sh("PropertyShape")
_PATH, _INVERSE = _sh("path"), _sh("inversePath")
_PROPERTY, _NODE, _NOT, _AND, _OR = _sh("property"), _sh("node"), _sh("not"), _sh("and"), _sh("or")
_TARGET_CLASS, _TARGET_NODE = _sh("targetClass"), _sh("targetNode")
_TARGET_SUBJECTS, _TARGET_OBJECTS = _sh("targetSubjectsOf"), _sh("targetObjectsOf")
_DEACTIVATED, _SEVERITY, _MESSAGE, _FLAGS = _sh("deactivated"), _sh("severity"), _sh("message"), _sh("flags")
_VIOLATION = _sh("Violation")
_TYPE, _SUBCLASS, _LANGSTRING = RDF.type, RDFS.subClassOf, RDF.langString  # namespace attributes are slow
_XSD_STRING, _RDFS_LITERAL, _RDFS_DATATYPE = XSD.string, RDFS.Literal, RDFS.Datatype
_ALLOWED = {_sh("Warning"), _sh("Info")}
"""Severities that do not make a shape fail (pySHACL's ``allow_warnings=True``)."""

_COMPONENTS = {  # parameter -> (component kind, sh:sourceConstraintComponent)
    _sh(p): (p, _sh(c + "ConstraintComponent"))
    for p, c in (
        ("class", "Class"), ("datatype", "Datatype"), ("nodeKind", "NodeKind"), ("minCount", "MinCount"),
        ("maxCount", "MaxCount"), ("minLength", "MinLength"), ("maxLength", "MaxLength"), ("pattern", "Pattern"),
        ("in", "In"), ("hasValue", "HasValue"), ("minInclusive", "MinInclusive"), ("maxInclusive", "MaxInclusive"),
        ("minExclusive", "MinExclusive"), ("maxExclusive", "MaxExclusive"), ("or", "Or"), ("and", "And"),
        ("not", "Not"), ("node", "Node"), ("property", "Property"), ("languageIn", "LanguageIn"),
        ("uniqueLang", "UniqueLang"),
    )
}
_KNOWN = set(_COMPONENTS) | {
    _PATH, _INVERSE, _TARGET_CLASS, _TARGET_NODE, _TARGET_SUBJECTS, _TARGET_OBJECTS, _DEACTIVATED, _SEVERITY,
    _MESSAGE, _FLAGS, _sh("name"), _sh("description"), _sh("order"), _sh("group"), _sh("defaultValue"),
}
"""The ``sh:`` predicates a shapes graph may use; any other one means pySHACL."""

_WHOLE = {XSD.integer, XSD.int, XSD.long, XSD.negativeInteger, XSD.nonNegativeInteger, XSD.nonPositiveInteger,
          XSD.positiveInteger, XSD.short, XSD.byte, XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort,
          XSD.unsignedByte}
_KIND_OK = {  # sh:nodeKind -> node kinds ("iri", "bnode", "literal") it accepts
    _sh("IRI"): {"iri"}, _sh("BlankNode"): {"bnode"}, _sh("Literal"): {"literal"},
    _sh("BlankNodeOrIRI"): {"bnode", "iri"}, _sh("BlankNodeOrLiteral"): {"bnode", "literal"},
    _sh("IRIOrLiteral"): {"iri", "literal"},
}


class Unsupported(Exception):
    """A shapes graph (or part of one) this engine does not evaluate exactly like pySHACL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InversePath(NamedTuple):
    """The path ``[ sh:inversePath predicate ]``."""

    predicate: URIRef


class Result(NamedTuple):
    """One validation result, as in a pySHACL report. ``path`` is an IRI, an
    :class:`InversePath`, the report's own node for a path pySHACL alone handles, or None."""

    focus: Node
    path: URIRef | InversePath | Node | None
    value: Node | None
    shape: Node
    severity: Node
    message: str | None
    component: URIRef


class Data:
    """A data graph as dicts of rdflib terms: ``out[s][p]`` and ``into[o][p]`` are sets."""

    __slots__ = ("out", "into", "_supers", "_by_predicate")

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]] = ()) -> None:
        self.out: dict[Node, dict[Node, set[Node]]] = {}
        self.into: dict[Node, dict[Node, set[Node]]] = {}
        self._supers: dict[Node, set[Node]] = {}
        self._by_predicate: tuple[dict, dict] | None = None  # p -> subjects, p -> objects
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s: Node, p: Node, o: Node) -> None:
        out = self.out.get(s)
        if out is None:
            out = self.out[s] = {}
        objs = out.get(p)
        if objs is None:
            out[p] = {o}
        else:
            objs.add(o)
        into = self.into.get(o)
        if into is None:
            into = self.into[o] = {}
        subs = into.get(p)
        if subs is None:
            into[p] = {s}
        else:
            subs.add(s)
        self._by_predicate = None
        if p == _SUBCLASS:
            self._supers.clear()

    def __iter__(self):
        for s, po in self.out.items():
            for p, objs in po.items():
                for o in objs:
                    yield s, p, o

    def graph(self) -> Graph:
        """The same triples as an rdflib graph (for pySHACL)."""
        g = Graph()
        for t in self:
            g.add(t)
        return g

    def objects(self, s: Node, p: Node) -> set[Node]:
        po = self.out.get(s)
        return po.get(p, _EMPTY) if po else _EMPTY

    def subjects(self, p: Node, o: Node) -> set[Node]:
        po = self.into.get(o)
        return po.get(p, _EMPTY) if po else _EMPTY

    def values(self, focus: Node, path: URIRef | InversePath) -> set[Node]:
        if type(path) is InversePath:
            return self.subjects(path.predicate, focus)
        return self.objects(focus, path)

    def _closure(self, start: Node, index: dict) -> set[Node]:
        seen = {start}
        todo = [start]
        while todo:
            for n in index.get(todo.pop(), {}).get(_SUBCLASS, ()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return seen

    def superclasses(self, cls: Node) -> set[Node]:
        """``cls`` and its ``rdfs:subClassOf*`` ancestors in the data."""
        got = self._supers.get(cls)
        if got is None:
            got = self._supers[cls] = self._closure(cls, self.out)
        return got

    def is_instance(self, node: Node, cls: Node) -> bool:
        return any(t == cls or cls in self.superclasses(t) for t in self.objects(node, _TYPE))

    def instances(self, cls: Node) -> set[Node]:
        """Nodes with ``rdf:type`` ``cls`` or one of its subclasses in the data."""
        found = set(self.subjects(_TYPE, cls))
        for sub in self._closure(cls, self.into):
            if sub != cls:
                found.update(self.subjects(_TYPE, sub))
        return found

    def _predicates(self) -> tuple[dict, dict]:
        if self._by_predicate is None:
            subjects: dict[Node, set[Node]] = {}
            objects: dict[Node, set[Node]] = {}
            for index, by in ((self.out, subjects), (self.into, objects)):
                for n, po in index.items():
                    for p in po:
                        got = by.get(p)
                        if got is None:
                            by[p] = {n}
                        else:
                            got.add(n)
            self._by_predicate = (subjects, objects)
        return self._by_predicate

    def subjects_of(self, p: Node) -> set[Node]:
        return self._predicates()[0].get(p, _EMPTY)

    def objects_of(self, p: Node) -> set[Node]:
        return self._predicates()[1].get(p, _EMPTY)


_EMPTY: set = set()


# -- compiled shapes ------------------------------------------------------------------------------

_Raw = tuple  # (shape, component, focus, value): a result before its message is made


class _Shape:
    """A compiled shape: its path, severity, message and components."""

    __slots__ = ("node", "path", "path_node", "deactivated", "severity", "allowed", "message", "components",
                 "targets")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.path: URIRef | InversePath | None = None
        self.path_node: Node | None = None
        self.deactivated = False
        self.severity: Node = _VIOLATION
        self.allowed = False
        self.message: str | None = None
        self.components: list[_Component] = []
        self.targets: tuple = ((), (), (), ())


class _Component:
    """One constraint component of a shape: ``check(focus, values)`` -> (conforms, raw results);
    ``generic(focus, value)`` makes pySHACL's message when the shape has none."""

    __slots__ = ("shape", "iri", "check", "generic")

    def __init__(self, shape: _Shape, iri: URIRef, generic: Callable[[Node, Node | None], str]) -> None:
        self.shape = shape
        self.iri = iri
        self.generic = generic
        self.check: Callable = None  # type: ignore[assignment]


class Shapes:
    """A shapes graph compiled for :meth:`validate`; raises :class:`Unsupported` (with the
    reason) for a shapes graph outside the subset of the module docstring."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, _Shape] = {}
        self._scratch = Graph()  # stands in for pySHACL's data graph when naming data nodes
        self._data: Data | None = None
        unknown = {p for p in graph.predicates() if isinstance(p, URIRef) and p.startswith(SH) and p not in _KNOWN}
        unknown |= {o for o in graph.objects(None, RDF.type)
                    if isinstance(o, URIRef) and o.startswith(SH) and o not in (_NODE_SHAPE, _PROPERTY_SHAPE)}
        if unknown:
            raise Unsupported(", ".join(sorted("sh:" + t[len(SH):] for t in unknown)) + " not supported")
        found = self._discover()
        for node, path in found.items():
            self._shapes[node] = _Shape(node)
            self._shapes[node].path_node = path
        for node, path in found.items():
            self._compile(self._shapes[node], path)
        self._check_acyclic()

    # -- compiling ------------------------------------------------------------------------------

    def _discover(self) -> dict[Node, Node | None]:
        """The shapes pySHACL finds (``ShapesGraph._build_node_shape_cache``), with their paths."""
        g = self.graph
        node_shapes = set(g.subjects(RDF.type, _NODE_SHAPE))
        prop_shapes = set(g.subjects(RDF.type, _PROPERTY_SHAPE))
        if node_shapes & prop_shapes:
            raise Unsupported("a shape is both a node shape and a property shape")
        found: dict[Node, Node | None] = {}
        implied: list[Node] = []
        for p in (_TARGET_CLASS, _TARGET_NODE, _TARGET_OBJECTS, _TARGET_SUBJECTS, _PROPERTY, _NODE):
            implied.extend(g.subjects(p, None))
        for p in (_PROPERTY, _NODE, _NOT):
            implied.extend(g.objects(None, p))
        for p in (_AND, _OR):
            for lst in g.objects(None, p):
                members = list(g.items(lst))
                if not members:
                    raise Unsupported("an empty sh:and / sh:or list")
                implied.extend(members)
        for s in [*node_shapes, *prop_shapes, *implied]:
            paths = list(g.objects(s, _PATH))
            if len(paths) > 1:
                raise Unsupported(f"shape {s.n3()} has more than one sh:path")
            if s in node_shapes and paths:
                raise Unsupported(f"node shape {s.n3()} has a sh:path")
            if s in prop_shapes and not paths:
                raise Unsupported(f"property shape {s.n3()} has no sh:path")
            found[s] = paths[0] if paths else None
        for s in found:
            if set(g.objects(s, RDF.type)) - {_NODE_SHAPE, _PROPERTY_SHAPE}:
                raise Unsupported(f"shape {s.n3()} has another rdf:type (implicit class targets)")
        return found

    def _one(self, node: Node, p: URIRef) -> Node | None:
        vals = list(self.graph.objects(node, p))
        if len(vals) > 1:
            raise Unsupported(f"{node.n3()} has more than one {p.n3()}")
        return vals[0] if vals else None

    def _shape(self, node: Node, *, property: bool | None = None) -> _Shape:
        shape = self._shapes.get(node)
        if shape is None:
            raise Unsupported(f"{node.n3()} is not a shape")
        if property is not None and (shape.path_node is not None) != property:
            raise Unsupported(f"{node.n3()} is not a {'property' if property else 'node'} shape")
        return shape

    def _compile(self, shape: _Shape, path: Node | None) -> None:
        g, node = self.graph, shape.node
        if path is not None:
            if isinstance(path, URIRef):
                shape.path = path
            else:
                pairs = list(g.predicate_objects(path))
                if len(pairs) != 1 or pairs[0][0] != _INVERSE or not isinstance(pairs[0][1], URIRef):
                    raise Unsupported(f"the path of {node.n3()} is neither an IRI nor an inverse IRI")
                shape.path = InversePath(pairs[0][1])
        deactivated = self._one(node, _DEACTIVATED)
        if deactivated is not None:
            if not isinstance(deactivated, Literal):
                raise Unsupported("sh:deactivated is not a literal")
            shape.deactivated = bool(deactivated.value)
        severity = self._one(node, _SEVERITY)
        if severity is not None:
            shape.severity = severity
        shape.allowed = shape.severity in _ALLOWED
        messages = set(g.objects(node, _MESSAGE))
        if messages:
            shape.message = str(next(iter(messages)))
        targets = tuple(list(g.objects(node, p)) for p in (_TARGET_NODE, _TARGET_CLASS, _TARGET_SUBJECTS, _TARGET_OBJECTS))
        shape.targets = targets
        done: set[str] = set()
        for p, _ in g.predicate_objects(node):
            if p not in _COMPONENTS or _COMPONENTS[p][0] in done:
                continue
            kind, iri = _COMPONENTS[p]
            done.add(kind)
            params = list(g.objects(node, p))
            shape.components.append(getattr(self, "_c_" + kind.lower())(shape, iri, params))

    def _check_acyclic(self) -> None:
        refs: dict[Node, list[Node]] = {}
        g = self.graph
        for node in self._shapes:
            out = [*g.objects(node, _PROPERTY), *g.objects(node, _NODE), *g.objects(node, _NOT)]
            for p in (_AND, _OR):
                for lst in g.objects(node, p):
                    out.extend(g.items(lst))
            refs[node] = out
        state: dict[Node, int] = {}

        def visit(n: Node) -> None:
            state[n] = 1
            for m in refs.get(n, ()):
                if state.get(m) == 1:
                    raise Unsupported(f"recursive shapes through {m.n3()}")
                if m not in state:
                    visit(m)
            state[n] = 2

        for n in refs:
            if n not in state:
                visit(n)

    # -- message text, as pySHACL makes it --------------------------------------------------

    def _s(self, node: Node) -> str:
        """A shapes-graph node as pySHACL names it."""
        from pyshacl.rdfutil import stringify_node

        return stringify_node(self.graph, node)

    def _d(self, node: Node) -> str:
        """A data-graph node as pySHACL names it (a blank node by the triples it starts)."""
        from pyshacl.rdfutil import stringify_node

        if not isinstance(node, BNode):
            return stringify_node(self._scratch, node)
        g = Graph()
        todo, seen = [node], {node}
        out = self._data.out if self._data is not None else {}
        while todo:
            n = todo.pop()
            for p, objs in out.get(n, {}).items():
                for o in objs:
                    g.add((n, p, o))
                    if isinstance(o, BNode) and o not in seen:
                        seen.add(o)
                        todo.append(o)
        return stringify_node(g, node)

    def _list(self, nodes: list[Node], one: str, many: str, sep: str = ", ") -> Callable[[], str]:
        return lambda: one.format(self._s(nodes[0])) if len(nodes) < 2 else many.format(sep.join(self._s(n) for n in nodes))

    # -- components: each returns a _Component whose check gives (conforms, raw results) ----

    def _value_rule(self, shape: _Shape, iri: URIRef, generic, ok: Callable[[Node], bool]) -> _Component:
        comp = _Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for v in values if not ok(v)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_class(self, shape, iri, classes):
        comp = _Component(shape, iri, lambda f, v, t=self._list(classes, "Value does not have class {}", "Value class is not in classes ({})"): t())

        def check(engine, focus, values):
            data = engine._data
            bad = [(shape, comp, focus, v) for c in classes for v in values
                   if isinstance(v, Literal) or not data.is_instance(v, c)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_datatype(self, shape, iri, params):
        if len(params) != 1:
            raise Unsupported("sh:datatype must have one value")
        rule = params[0]
        return self._value_rule(shape, iri, lambda f, v: f"Value is not Literal with datatype {self._s(rule)}",
                                lambda v: _datatype_ok(v, rule))

    def _c_nodekind(self, shape, iri, params):
        if len(params) != 1:
            raise Unsupported("sh:nodeKind must have one value")
        rule = params[0]
        kinds = _KIND_OK.get(rule, set())
        return self._value_rule(shape, iri, lambda f, v: f"Value is not of Node Kind {self._s(rule)}",
                                lambda v: _kind(v) in kinds)

    def _count(self, shape, iri, params, name):
        if len(params) != 1 or shape.path is None:
            raise Unsupported(f"sh:{name} must have one value, on a property shape")
        n = params[0]
        if not (isinstance(n, Literal) and n.datatype == XSD.integer) or int(n.value) < 0:
            raise Unsupported(f"sh:{name} must be a non-negative xsd:integer")
        return int(n.value), str(n.value)

    def _c_mincount(self, shape, iri, params):
        n, text = self._count(shape, iri, params, "minCount")

        def generic(f, v):
            try:
                focus = self._d(f)
            except (LookupError, ValueError):
                focus = str(f)
            return f"Less than {text} values on {focus}->{self._s(shape.path_node)}"

        comp = _Component(shape, iri, generic)
        comp.check = lambda engine, focus, values: (True, []) if len(values) >= n else (False, [(shape, comp, focus, None)])
        return comp

    def _c_maxcount(self, shape, iri, params):
        n, text = self._count(shape, iri, params, "maxCount")
        comp = _Component(shape, iri, lambda f, v: f"More than {text} values on {self._d(f)}->{self._s(shape.path_node)}")
        comp.check = lambda engine, focus, values: (True, []) if len(values) <= n else (False, [(shape, comp, focus, None)])
        return comp

    def _length(self, shape, iri, params, name, sign, test):
        if len(params) != 1:
            raise Unsupported(f"sh:{name} must have one value")
        r = params[0]
        if (not isinstance(r, Literal) or getattr(r, "ill_typed", False) or r.datatype not in _WHOLE
                or r.datatype in (XSD.negativeInteger, XSD.nonPositiveInteger) or r.value < 0):
            raise Unsupported(f"sh:{name} must be a non-negative integer")
        limit = r.value
        return self._value_rule(shape, iri, lambda f, v: f"String length not {sign} {self._d(r)}",
                                lambda v: not isinstance(v, BNode) and test(len(_text(v)), limit))

    def _c_minlength(self, shape, iri, params):
        return self._length(shape, iri, params, "minLength", ">=",
                            lambda n, limit: limit == 0 or n >= limit)

    def _c_maxlength(self, shape, iri, params):
        return self._length(shape, iri, params, "maxLength", "<=", lambda n, limit: n <= limit)

    def _c_pattern(self, shape, iri, patterns):
        if not all(isinstance(p, Literal) for p in patterns):
            raise Unsupported("sh:pattern must be a literal")
        flags = set(self.graph.objects(shape.node, _FLAGS))
        re_flags = 0
        if flags:
            text = str(next(iter(flags)).value).lower()
            re_flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        try:
            compiled = [re.compile(str(p.value) if p.value is not None and len(p.value) > 1 else str(p), re_flags)
                        for p in patterns]
        except re.error as exc:
            raise Unsupported(f"sh:pattern does not compile: {exc}") from None
        generic = (lambda f, v: f"Value does not match pattern '{patterns[0].value}'") if len(patterns) < 2 else (
            lambda f, v: "Value does not match every pattern in ('{}')".format("', '".join(str(p.value) for p in patterns)))
        comp = _Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for rx in compiled for v in values
                   if isinstance(v, BNode) or not rx.search(_text(v))]
            return not bad, bad

        comp.check = check
        return comp

    def _c_languagein(self, shape, iri, params):
        if len(params) != 1:
            raise Unsupported("sh:languageIn must have one value")
        langs = list(self.graph.items(params[0]))
        if not all(isinstance(x, Literal) and isinstance(x.value, str) for x in langs):
            raise Unsupported("sh:languageIn must list strings")
        need = {str(x.value).lower() for x in langs}

        def ok(v):
            if not isinstance(v, Literal) or not v.language:
                return False
            lang = str(v.language)
            return "*" in need or lang.lower() in need or lang.split("-")[0].lower() in need

        return self._value_rule(shape, iri, lambda f, v: f"String language is not in {self._s(params[0])}", ok)

    def _c_uniquelang(self, shape, iri, params):
        if len(params) != 1 or shape.path is None or not isinstance(params[0], Literal) or not isinstance(params[0].value, bool):
            raise Unsupported("sh:uniqueLang must be one boolean, on a property shape")
        on = params[0].value
        comp = _Component(shape, iri, lambda f, v: "More than one String shares the same Language")

        def check(engine, focus, values):
            if not on:
                return True, []
            seen: set[str] = set()
            dupes: set[str] = set()
            for v in values:
                if isinstance(v, Literal) and v.language:
                    low = str(v.language).lower()
                    (dupes if low in seen else seen).add(low)
            bad = [(shape, comp, focus, None) for _ in dupes]
            return not bad, bad

        comp.check = check
        return comp

    def _c_in(self, shape, iri, params):
        if len(params) != 1:
            raise Unsupported("sh:in must have one value")
        allowed: set[Node] = set()
        for item in self.graph.items(params[0]):
            allowed.add(item)
        return self._value_rule(
            shape, iri,
            lambda f, v: "Value {} not in list {}".format(self._d(v), [self._s(x) for x in allowed]),
            lambda v: v in allowed)

    def _c_hasvalue(self, shape, iri, params):
        wanted = set(params)

        def generic(f, v):
            the_set = [self._s(x) for x in wanted]
            if shape.path_node is not None:
                return f"Node {self._d(f)}->{self._s(shape.path_node)} does not contain a value in the set: {the_set}"
            return f"Node {self._d(f)} value is not a in the set of values: {the_set}"

        comp = _Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, None) for hv in wanted if hv not in values]
            return not bad, bad

        comp.check = check
        return comp

    def _range(self, shape, iri, bounds, sign, test):
        if not all(isinstance(b, Literal) for b in bounds):
            raise Unsupported("a range bound must be a literal")
        generic = self._list(bounds, f"Value is not {sign} {{}}", f"Value is not {sign} in ({{}})")
        comp = _Component(shape, iri, lambda f, v: generic())

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for b in bounds for v in values if not _in_range(v, b, test)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_mininclusive(self, shape, iri, bounds):
        return self._range(shape, iri, bounds, ">=", lambda c: c >= 0)

    def _c_minexclusive(self, shape, iri, bounds):
        return self._range(shape, iri, bounds, ">", lambda c: c > 0)

    def _c_maxinclusive(self, shape, iri, bounds):
        return self._range(shape, iri, bounds, "<=", lambda c: c <= 0)

    def _c_maxexclusive(self, shape, iri, bounds):
        return self._range(shape, iri, bounds, "<", lambda c: c < 0)

    def _members_text(self, lists: list[Node]) -> str:
        if len(lists) < 2:
            return " , ".join(self._s(x) for x in self.graph.items(lists[0]))
        return " and ".join("({})".format(" , ".join(self._s(x) for x in self.graph.items(lst))) for lst in lists)

    def _logical(self, shape, iri, lists, word, passes):
        groups = [[self._shape(m) for m in set(self.graph.items(lst))] for lst in lists]
        comp = _Component(shape, iri, lambda f, v: f"Node {self._d(v)} must conform to {word} in {self._members_text(lists)}")

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for members in groups for v in values
                   if not passes(engine._conforms(m, v) for m in members)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_or(self, shape, iri, lists):
        return self._logical(shape, iri, lists, "one or more shapes", any)

    def _c_and(self, shape, iri, lists):
        return self._logical(shape, iri, lists, "all shapes", all)

    def _c_not(self, shape, iri, params):
        nots = [self._shape(n) for n in params]

        def generic(f, v):
            if len(params) == 1:
                return f"Node {self._d(v)} must not conform to shape {self._s(params[0])}"
            return f"Node {self._d(v)} must not conform to any shapes in {' , '.join(self._s(n) for n in params)}"

        comp = _Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for n in nots for v in values if engine._conforms(n, v)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_node(self, shape, iri, params):
        targets = [self._shape(n, property=False) for n in params]
        text = self._list(params, "Value does not conform to Shape {}.", "Value must conform to every Shape in ('{}').", "', '")
        comp = _Component(shape, iri, lambda f, v: text() + " See details for more information.")

        def check(engine, focus, values):
            bad = []
            for n in targets:
                for v in values:
                    ok, results = engine._validate(n, v)
                    if not ok or results:
                        bad.append((shape, comp, focus, v))
            return not bad, bad

        comp.check = check
        return comp

    def _c_property(self, shape, iri, params):
        props = [self._shape(n, property=True) for n in params]
        comp = _Component(shape, iri, lambda f, v: "")

        def check(engine, focus, values):
            ok, out = True, []
            for p in props:
                for v in values:
                    conforms, results = engine._validate(p, v)
                    ok = ok and conforms
                    out.extend(results)
            return ok, out

        comp.check = check
        return comp

    # -- validating -----------------------------------------------------------------------------

    def _validate(self, shape: _Shape, focus: Node) -> tuple[bool, list[_Raw]]:
        """pySHACL's ``Shape.validate`` for one focus node: (conforms, raw results)."""
        if shape.deactivated:
            return True, []
        values = self._data.values(focus, shape.path) if shape.path is not None else (focus,)  # type: ignore[union-attr]
        conforms, out = True, []
        for comp in shape.components:
            ok, results = comp.check(self, focus, values)
            if results:
                out.extend(results)
                if not ok and conforms and not shape.allowed and any(r[0].severity not in _ALLOWED for r in results):
                    conforms = False
        return conforms, out

    def _conforms(self, shape: _Shape, focus: Node) -> bool:
        return self._validate(shape, focus)[0]

    def validate(self, data: Data) -> tuple[bool, list[Result]]:
        """``(conforms, results)`` for ``data``, as pySHACL gives them (see the module docstring)."""
        self._data = data
        try:
            conforms, raw = True, []
            for shape in self._shapes.values():
                if shape.deactivated:
                    continue
                nodes, classes, subjects_of, objects_of = shape.targets
                focus = set(nodes)
                for c in classes:
                    focus |= data.instances(c)
                for p in subjects_of:
                    focus |= data.subjects_of(p)
                for p in objects_of:
                    focus |= data.objects_of(p)
                for f in focus:
                    ok, results = self._validate(shape, f)
                    conforms = conforms and ok
                    raw.extend(results)
            return conforms, [self._result(r) for r in raw]
        finally:
            self._data = None

    def _result(self, raw: _Raw) -> Result:
        shape, comp, focus, value = raw
        message = shape.message if shape.message is not None else comp.generic(focus, value)
        return Result(focus, shape.path, value, shape.node, shape.severity, message, comp.iri)


def _kind(v: Node) -> str:
    if isinstance(v, BNode):
        return "bnode"
    if isinstance(v, Literal):
        return "literal"
    return "iri"


def _text(v: Node) -> str:
    """pySHACL's ``value_node_to_string``: the SPARQL ``str`` of a node."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, _LANGSTRING, _XSD_STRING):
        return str(v.value)
    return str(v)


def _datatype_ok(v: Node, rule: Node) -> bool:
    """pySHACL's ``DatatypeConstraintComponent`` test for one value."""
    if not isinstance(v, Literal):
        return False
    datatype, lang = v.datatype, v.language
    if datatype == rule:
        return getattr(v, "ill_typed", None) is not True and _actual(v.value, rule)
    if rule == _RDFS_LITERAL:
        return True
    if rule == _RDFS_DATATYPE and datatype:
        return True
    if datatype is None and lang is None and rule == _XSD_STRING:
        return _actual(v.value, rule)
    if rule == _LANGSTRING and lang:
        return _actual(v.value, rule)
    return False


_ACTUAL = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


def _actual(value: object, rule: Node) -> bool:
    kind = _ACTUAL.get(rule)  # type: ignore[call-overload]
    return True if kind is None else isinstance(value, kind)


def _compare(l1: Literal, l2: Literal) -> int:
    """pySHACL's ``compare_literal``."""
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime, time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def _in_range(v: Node, bound: Literal, test: Callable[[int], bool]) -> bool:
    """pySHACL's min/max inclusive/exclusive test of one value against one bound."""
    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return test(_compare(v, bound))
    except (TypeError, NotImplementedError):
        return False


# -- pySHACL, for the fallback and for comparison ------------------------------------------------


def pyshacl_validate(data: Graph, shapes: Graph) -> tuple[bool, list[Result]]:
    """pySHACL's ``(conforms, results)`` for a data graph, in the form :meth:`Shapes.validate`
    gives them (an inverse path as :class:`InversePath`)."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, abort_on_first=False,
        allow_warnings=True, inplace=True,
    )
    results = []
    for r in report.objects(None, _sh("result")):
        path = report.value(r, _sh("resultPath"))
        if isinstance(path, BNode):
            inv = report.value(path, _INVERSE)
            if isinstance(inv, URIRef):
                path = InversePath(inv)
        message = report.value(r, _sh("resultMessage"))
        results.append(Result(
            report.value(r, _sh("focusNode")), path, report.value(r, _sh("value")), report.value(r, _sh("sourceShape")),
            report.value(r, _sh("resultSeverity")), None if message is None else str(message),
            report.value(r, _sh("sourceConstraintComponent")),
        ))
    return bool(conforms), results
