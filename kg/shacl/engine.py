"""The engine: :class:`Shapes` compiles a shapes graph once (finding its shapes as pySHACL does,
refusing what it cannot evaluate exactly like pySHACL) and validates :class:`~kg.shacl.Data`
against it (see the kg.shacl package docstring)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.shacl.components import CompiledShape, Compiler, RawResult
from kg.shacl.data import Data, InversePath, Result, Unsupported
from kg.shacl.vocab import (
    ALLOWED,
    COMPONENTS,
    KNOWN,
    SH,
    SH_AND,
    SH_DEACTIVATED,
    SH_INVERSE,
    SH_MESSAGE,
    SH_NODE,
    SH_NODE_SHAPE,
    SH_NOT,
    SH_OR,
    SH_PATH,
    SH_PROPERTY,
    SH_PROPERTY_SHAPE,
    SH_SEVERITY,
    SH_TARGET_CLASS,
    SH_TARGET_NODE,
    SH_TARGET_OBJECTS,
    SH_TARGET_SUBJECTS,
)

__all__ = ["Shapes"]


class Shapes(Compiler):
    """A shapes graph compiled for :meth:`validate`; raises :class:`Unsupported` (with the
    reason) for a shapes graph outside the subset of the kg.shacl package docstring."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, CompiledShape] = {}
        self._scratch = Graph()  # stands in for pySHACL's data graph when naming data nodes
        self._data: Data | None = None
        unknown = {p for p in graph.predicates() if isinstance(p, URIRef) and p.startswith(SH) and p not in KNOWN}
        unknown |= {o for o in graph.objects(None, RDF.type)
                    if isinstance(o, URIRef) and o.startswith(SH) and o not in (SH_NODE_SHAPE, SH_PROPERTY_SHAPE)}
        if unknown:
            raise Unsupported(", ".join(sorted("sh:" + t[len(SH):] for t in unknown)) + " not supported")
        found = self._discover()
        for node, path in found.items():
            self._shapes[node] = CompiledShape(node)
            self._shapes[node].path_node = path
        for node, path in found.items():
            self._compile(self._shapes[node], path)
        self._check_acyclic()

    # -- compiling ------------------------------------------------------------------------------

    def _discover(self) -> dict[Node, Node | None]:
        """The shapes pySHACL finds (``ShapesGraph._build_node_shape_cache``), with their paths."""
        g = self.graph
        node_shapes = set(g.subjects(RDF.type, SH_NODE_SHAPE))
        prop_shapes = set(g.subjects(RDF.type, SH_PROPERTY_SHAPE))
        if node_shapes & prop_shapes:
            raise Unsupported("a shape is both a node shape and a property shape")
        found: dict[Node, Node | None] = {}
        implied: list[Node] = []
        for p in (SH_TARGET_CLASS, SH_TARGET_NODE, SH_TARGET_OBJECTS, SH_TARGET_SUBJECTS, SH_PROPERTY, SH_NODE):
            implied.extend(g.subjects(p, None))
        for p in (SH_PROPERTY, SH_NODE, SH_NOT):
            implied.extend(g.objects(None, p))
        for p in (SH_AND, SH_OR):
            for lst in g.objects(None, p):
                members = list(g.items(lst))
                if not members:
                    raise Unsupported("an empty sh:and / sh:or list")
                implied.extend(members)
        for s in [*node_shapes, *prop_shapes, *implied]:
            paths = list(g.objects(s, SH_PATH))
            if len(paths) > 1:
                raise Unsupported(f"shape {s.n3()} has more than one sh:path")
            if s in node_shapes and paths:
                raise Unsupported(f"node shape {s.n3()} has a sh:path")
            if s in prop_shapes and not paths:
                raise Unsupported(f"property shape {s.n3()} has no sh:path")
            found[s] = paths[0] if paths else None
        for s in found:
            if set(g.objects(s, RDF.type)) - {SH_NODE_SHAPE, SH_PROPERTY_SHAPE}:
                raise Unsupported(f"shape {s.n3()} has another rdf:type (implicit class targets)")
        return found

    def _one(self, node: Node, p: URIRef) -> Node | None:
        vals = list(self.graph.objects(node, p))
        if len(vals) > 1:
            raise Unsupported(f"{node.n3()} has more than one {p.n3()}")
        return vals[0] if vals else None


    def _compile(self, shape: CompiledShape, path: Node | None) -> None:
        g, node = self.graph, shape.node
        if path is not None:
            if isinstance(path, URIRef):
                shape.path = path
            else:
                pairs = list(g.predicate_objects(path))
                if len(pairs) != 1 or pairs[0][0] != SH_INVERSE or not isinstance(pairs[0][1], URIRef):
                    raise Unsupported(f"the path of {node.n3()} is neither an IRI nor an inverse IRI")
                shape.path = InversePath(pairs[0][1])
        deactivated = self._one(node, SH_DEACTIVATED)
        if deactivated is not None:
            if not isinstance(deactivated, Literal):
                raise Unsupported("sh:deactivated is not a literal")
            shape.deactivated = bool(deactivated.value)
        severity = self._one(node, SH_SEVERITY)
        if severity is not None:
            shape.severity = severity
        shape.allowed = shape.severity in ALLOWED
        messages = set(g.objects(node, SH_MESSAGE))
        if messages:
            shape.message = str(next(iter(messages)))
        targets = tuple(list(g.objects(node, p)) for p in (SH_TARGET_NODE, SH_TARGET_CLASS, SH_TARGET_SUBJECTS, SH_TARGET_OBJECTS))
        shape.targets = targets
        done: set[str] = set()
        for p, _ in g.predicate_objects(node):
            if not isinstance(p, URIRef) or p not in COMPONENTS or COMPONENTS[p][0] in done:
                continue
            kind, iri = COMPONENTS[p]
            done.add(kind)
            params = list(g.objects(node, p))
            shape.components.append(getattr(self, "_c_" + kind.lower())(shape, iri, params))

    def _check_acyclic(self) -> None:
        refs: dict[Node, list[Node]] = {}
        g = self.graph
        for node in self._shapes:
            out = [*g.objects(node, SH_PROPERTY), *g.objects(node, SH_NODE), *g.objects(node, SH_NOT)]
            for p in (SH_AND, SH_OR):
                for lst in g.objects(node, p):
                    out.extend(g.items(lst))
            refs[node] = out
        state: dict[Node, int] = {}
        for n in refs:
            if n not in state:
                _visit(n, refs, state)

    # -- validating -----------------------------------------------------------------------------

    def _validate(self, shape: CompiledShape, focus: Node) -> tuple[bool, list[RawResult]]:
        """pySHACL's ``Shape.validate`` for one focus node: (conforms, raw results)."""
        if shape.deactivated:
            return True, []
        values = self._data.values(focus, shape.path) if shape.path is not None else (focus,)  # type: ignore[union-attr]
        conforms, out = True, []
        for comp in shape.components:
            ok, results = comp.check(self, focus, values)
            if results:
                out.extend(results)
                if not ok and conforms and not shape.allowed and any(r[0].severity not in ALLOWED for r in results):
                    conforms = False
        return conforms, out

    def _conforms(self, shape: CompiledShape, focus: Node) -> bool:
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

    def _result(self, raw: RawResult) -> Result:
        shape, comp, focus, value = raw
        message = shape.message if shape.message is not None else comp.generic(focus, value)
        return Result(focus, shape.path, value, shape.node, shape.severity, message, comp.iri)


def _visit(n: Node, refs: dict[Node, list[Node]], state: dict[Node, int]) -> None:
    """Depth-first through the shapes ``n`` refers to (state 1: on the path, 2: done); a
    reference back to a shape on the path is a cycle."""
    state[n] = 1
    for m in refs.get(n, ()):
        if state.get(m) == 1:
            raise Unsupported(f"recursive shapes through {m.n3()}")
        if m not in state:
            _visit(m, refs, state)
    state[n] = 2
