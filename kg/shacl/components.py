"""Compiling a shape's constraint components: each ``sh:<kind>`` parameter becomes a
:class:`Component` whose ``check(engine, focus, values)`` gives ``(conforms, raw results)``,
and whose ``generic(focus, value)`` makes pySHACL's message for a shape without
``sh:message``. :class:`Compiler` holds the compilers (``_c_<kind>``) and the message text;
:class:`kg.shacl.engine.Shapes` is a Compiler, and is the engine a check is called with."""

from __future__ import annotations

import re
from typing import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.shacl.data import Data, InversePath, Unsupported
from kg.shacl.values import datatype_ok, in_range, node_kind, text_of
from kg.shacl.vocab import KIND_OK, SH_FLAGS, SH_VIOLATION, WHOLE

__all__ = ["Compiler", "CompiledShape", "Component", "RawResult"]

RawResult = tuple  # (shape, component, focus, value): a result before its message is made


class CompiledShape:
    """A compiled shape: its path, severity, message and components."""

    __slots__ = ("node", "path", "path_node", "deactivated", "severity", "allowed", "message", "components",
                 "targets")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.path: URIRef | InversePath | None = None
        self.path_node: Node | None = None
        self.deactivated = False
        self.severity: Node = SH_VIOLATION
        self.allowed = False
        self.message: str | None = None
        self.components: list[Component] = []
        self.targets: tuple = ((), (), (), ())


class Component:
    """One constraint component of a shape: ``check(focus, values)`` -> (conforms, raw results);
    ``generic(focus, value)`` makes pySHACL's message when the shape has none."""

    __slots__ = ("shape", "iri", "check", "generic")

    def __init__(self, shape: CompiledShape, iri: URIRef, generic: Callable[[Node, Node | None], str]) -> None:
        self.shape = shape
        self.iri = iri
        self.generic = generic
        self.check: Callable = None  # type: ignore[assignment]


class Compiler:
    """The component compilers and pySHACL's message text, over the shapes graph ``graph`` and
    its compiled shapes ``_shapes``; ``_data`` is the data being validated (for messages that
    name its blank nodes)."""

    graph: Graph
    _shapes: dict[Node, CompiledShape]
    _scratch: Graph
    _data: Data | None

    def _shape(self, node: Node, *, property: bool | None = None) -> CompiledShape:
        shape = self._shapes.get(node)
        if shape is None:
            raise Unsupported(f"{node.n3()} is not a shape")
        if property is not None and (shape.path_node is not None) != property:
            raise Unsupported(f"{node.n3()} is not a {'property' if property else 'node'} shape")
        return shape

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

    # -- components: each returns a Component whose check gives (conforms, raw results) ----

    def _value_rule(self, shape: CompiledShape, iri: URIRef, generic, ok: Callable[[Node], bool]) -> Component:
        comp = Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for v in values if not ok(v)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_class(self, shape, iri, classes):
        comp = Component(shape, iri, lambda f, v, t=self._list(classes, "Value does not have class {}", "Value class is not in classes ({})"): t())

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
                                lambda v: datatype_ok(v, rule))

    def _c_nodekind(self, shape, iri, params):
        if len(params) != 1:
            raise Unsupported("sh:nodeKind must have one value")
        rule = params[0]
        kinds = KIND_OK.get(rule, set())
        return self._value_rule(shape, iri, lambda f, v: f"Value is not of Node Kind {self._s(rule)}",
                                lambda v: node_kind(v) in kinds)

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

        comp = Component(shape, iri, generic)
        comp.check = lambda engine, focus, values: (True, []) if len(values) >= n else (False, [(shape, comp, focus, None)])
        return comp

    def _c_maxcount(self, shape, iri, params):
        n, text = self._count(shape, iri, params, "maxCount")
        comp = Component(shape, iri, lambda f, v: f"More than {text} values on {self._d(f)}->{self._s(shape.path_node)}")
        comp.check = lambda engine, focus, values: (True, []) if len(values) <= n else (False, [(shape, comp, focus, None)])
        return comp

    def _length(self, shape, iri, params, name, sign, test):
        if len(params) != 1:
            raise Unsupported(f"sh:{name} must have one value")
        r = params[0]
        if (not isinstance(r, Literal) or getattr(r, "ill_typed", False) or r.datatype not in WHOLE
                or r.datatype in (XSD.negativeInteger, XSD.nonPositiveInteger) or r.value < 0):
            raise Unsupported(f"sh:{name} must be a non-negative integer")
        limit = r.value
        return self._value_rule(shape, iri, lambda f, v: f"String length not {sign} {self._d(r)}",
                                lambda v: not isinstance(v, BNode) and test(len(text_of(v)), limit))

    def _c_minlength(self, shape, iri, params):
        return self._length(shape, iri, params, "minLength", ">=",
                            lambda n, limit: limit == 0 or n >= limit)

    def _c_maxlength(self, shape, iri, params):
        return self._length(shape, iri, params, "maxLength", "<=", lambda n, limit: n <= limit)

    def _c_pattern(self, shape, iri, patterns):
        if not all(isinstance(p, Literal) for p in patterns):
            raise Unsupported("sh:pattern must be a literal")
        flags = set(self.graph.objects(shape.node, SH_FLAGS))
        re_flags = 0
        if flags:
            flag = next(iter(flags))
            if not isinstance(flag, Literal):
                raise Unsupported(f"sh:flags must be a literal, got {flag.n3()}")
            text = str(flag.value).lower()
            re_flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        try:
            compiled = [re.compile(str(p.value) if p.value is not None and len(p.value) > 1 else str(p), re_flags)
                        for p in patterns]
        except re.error as exc:
            raise Unsupported(f"sh:pattern does not compile: {exc}") from None
        generic = (lambda f, v: f"Value does not match pattern '{patterns[0].value}'") if len(patterns) < 2 else (
            lambda f, v: "Value does not match every pattern in ('{}')".format("', '".join(str(p.value) for p in patterns)))
        comp = Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for rx in compiled for v in values
                   if isinstance(v, BNode) or not rx.search(text_of(v))]
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
        comp = Component(shape, iri, lambda f, v: "More than one String shares the same Language")

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

        comp = Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, None) for hv in wanted if hv not in values]
            return not bad, bad

        comp.check = check
        return comp

    def _range(self, shape, iri, bounds, sign, test):
        if not all(isinstance(b, Literal) for b in bounds):
            raise Unsupported("a range bound must be a literal")
        generic = self._list(bounds, f"Value is not {sign} {{}}", f"Value is not {sign} in ({{}})")
        comp = Component(shape, iri, lambda f, v: generic())

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for b in bounds for v in values if not in_range(v, b, test)]
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
        comp = Component(shape, iri, lambda f, v: f"Node {self._d(v)} must conform to {word} in {self._members_text(lists)}")

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

        comp = Component(shape, iri, generic)

        def check(engine, focus, values):
            bad = [(shape, comp, focus, v) for n in nots for v in values if engine._conforms(n, v)]
            return not bad, bad

        comp.check = check
        return comp

    def _c_node(self, shape, iri, params):
        targets = [self._shape(n, property=False) for n in params]
        text = self._list(params, "Value does not conform to Shape {}.", "Value must conform to every Shape in ('{}').", "', '")
        comp = Component(shape, iri, lambda f, v: text() + " See details for more information.")

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
        comp = Component(shape, iri, lambda f, v: "")

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
