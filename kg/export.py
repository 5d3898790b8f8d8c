"""Export a graph to files other tools read.

RDF formats (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) are written by pyoxigraph;
property-graph formats go through networkx (GraphML, GEXF: IRIs as node ids, ``rdfs:label``
and literal-valued properties as node attributes, predicates as edge attributes) or are written
as CSV in the header format of ``neo4j-admin database import``.

Graph selectors: one graph name, ``knowledge`` (accepted + inferred) or ``all`` (every named
graph; quad formats keep graph names, the other formats flatten them).

Without a format, the output file's extension tells it (:func:`export_format`: ``.graphml`` is
GraphML, ``.ttl`` Turtle, ...); a format that contradicts the extension is refused.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.errors import FormatError
from kg.store import RDF_FORMATS, Progress, Store, graph_names

RDF_EXPORTS = {
    "turtle": "turtle",
    "ntriples": "ntriples",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
    "rdfxml": "rdfxml",
}
PROPERTY_GRAPH_EXPORTS = ("graphml", "gexf", "neo4j-csv")

Exporter = Callable[[Store, Path, str, "Progress | None"], int]
EXPORTERS: dict[str, Exporter] = {}
"""Exporters by format name; other modules (students) register more (pyg, pykeen)."""

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    for sep in ("#", "/", ":"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def iter_quads(store: Store, graph: str, progress: Progress | None = None) -> Iterator[ox.Quad]:
    step = 0
    for name in graph_names(graph):
        for quad in store.match(graph=name):
            yield quad
            step += 1
            if progress and step == 10_000:
                progress(step)
                step = 0
    if progress and step:
        progress(step)


def _export_rdf(store: Store, path: Path, format: str, graph: str, progress: Progress | None) -> int:
    fmt = RDF_FORMATS[format]
    names = graph_names(graph)
    keep_graphs = format in ("nquads", "trig") or (fmt.supports_datasets and graph == "all")
    if keep_graphs:
        items: list = list(iter_quads(store, graph, progress))
    else:
        seen = {ox.Triple(q.subject, q.predicate, q.object) for q in iter_quads(store, graph, progress)}
        items = list(seen) if len(names) > 1 else sorted(seen, key=str)
    ox.serialize(items, str(path), format=fmt)
    return len(items)


def to_networkx(store: Store, graph: str = "accepted", progress: Progress | None = None) -> nx.MultiDiGraph:
    """A property graph: IRI/blank nodes as nodes (``label``, ``type`` and literal properties
    as attributes), IRI-to-IRI triples as edges (``predicate`` and ``label``)."""
    g = nx.MultiDiGraph()
    literal_props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, list[str]] = defaultdict(list)
    for q in iter_quads(store, graph, progress):
        s, p, o = str(q.subject.value), q.predicate.value, q.object
        g.add_node(s)
        if isinstance(o, ox.Literal):
            key = "label" if p == RDFS_LABEL else local_name(p)
            literal_props[s][key].append(o.value)
        elif p == RDF_TYPE:
            types[s].append(local_name(o.value))
        else:
            g.add_edge(s, o.value, key=p, predicate=p, label=local_name(p))
    for node, props in literal_props.items():
        for key, values in props.items():
            g.nodes[node][key] = ";".join(sorted(set(values)))
    for node, names in types.items():
        g.add_node(node)
        g.nodes[node]["type"] = ";".join(sorted(set(names)))
    for node, data in g.nodes(data=True):
        data.setdefault("label", local_name(node))
    return g


def _export_graphml(store: Store, path: Path, graph: str, progress: Progress | None) -> int:
    g = to_networkx(store, graph, progress)
    nx.write_graphml(g, path)
    return g.number_of_edges()


def _export_gexf(store: Store, path: Path, graph: str, progress: Progress | None) -> int:
    g = to_networkx(store, graph, progress)
    nx.write_gexf(g, path)
    return g.number_of_edges()


_NEO4J_TYPES = {
    "http://www.w3.org/2001/XMLSchema#integer": "long",
    "http://www.w3.org/2001/XMLSchema#int": "long",
    "http://www.w3.org/2001/XMLSchema#long": "long",
    "http://www.w3.org/2001/XMLSchema#nonNegativeInteger": "long",
    "http://www.w3.org/2001/XMLSchema#double": "double",
    "http://www.w3.org/2001/XMLSchema#float": "double",
    "http://www.w3.org/2001/XMLSchema#decimal": "double",
    "http://www.w3.org/2001/XMLSchema#boolean": "boolean",
}


def _export_neo4j(store: Store, path: Path, graph: str, progress: Progress | None) -> int:
    """``path`` is a directory: ``nodes.csv`` and ``relationships.csv`` for
    ``neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv``."""
    path.mkdir(parents=True, exist_ok=True)
    props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    prop_types: dict[str, str] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    nodes: set[str] = set()
    edges: list[tuple[str, str, str, str]] = []
    for q in iter_quads(store, graph, progress):
        s, p, o = str(q.subject.value), q.predicate.value, q.object
        nodes.add(s)
        if isinstance(o, ox.Literal):
            key = "label" if p == RDFS_LABEL else local_name(p)
            props[s][key].append(o.value)
            prop_types.setdefault(key, _NEO4J_TYPES.get(o.datatype.value, "string"))
        elif p == RDF_TYPE:
            labels[s].add(local_name(o.value))
        else:
            nodes.add(o.value)
            edges.append((s, o.value, local_name(p), p))
    prop_types.pop("label", None)
    columns = sorted(prop_types)
    with open(path / "nodes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["iri:ID", "label"] + [f"{c}:{prop_types[c]}[]" for c in columns] + [":LABEL"])
        for n in sorted(nodes):
            p = props.get(n, {})
            w.writerow(
                [n, ";".join(p.get("label", [])) or local_name(n)]
                + [";".join(p.get(c, [])) for c in columns]
                + [";".join(sorted(labels.get(n, ()))) or "Resource"]
            )
    with open(path / "relationships.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE", "iri"])
        w.writerows(edges)
    return len(edges)


for _name in RDF_EXPORTS:
    EXPORTERS[_name] = (lambda fmt: lambda st, p, g, pr: _export_rdf(st, p, fmt, g, pr))(_name)
EXPORTERS["graphml"] = _export_graphml
EXPORTERS["gexf"] = _export_gexf
EXPORTERS["neo4j-csv"] = _export_neo4j

from kg.students.triples import export_pyg, export_pykeen_tsv  # noqa: E402  (numpy only; torch on use)

EXPORTERS["pyg"] = export_pyg
EXPORTERS["pykeen-tsv"] = export_pykeen_tsv

EXPORT_FORMATS = tuple(EXPORTERS)

EXPORT_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".ttl": ("turtle",),
    ".turtle": ("turtle",),
    ".nt": ("ntriples",),
    ".nq": ("nquads",),
    ".trig": ("trig",),
    ".jsonld": ("jsonld",),
    ".json": ("jsonld",),
    ".rdf": ("rdfxml",),
    ".owl": ("rdfxml",),
    ".xml": ("rdfxml", "graphml", "gexf"),
    ".graphml": ("graphml",),
    ".gexf": ("gexf",),
    ".pt": ("pyg",),
    ".tsv": ("pykeen-tsv",),
}
"""The formats a file extension may hold, the one it implies first."""

FOLDER_FORMATS = ("neo4j-csv",)
"""Formats written as a folder of files, not as one file."""


def export_format(path: str | Path, format: str | None = None) -> str:
    """The export format for ``path``: ``format`` when given (refused when the extension says
    otherwise), else the one the extension implies."""
    suffix = Path(str(path)).suffix.lower()
    implied = EXPORT_EXTENSIONS.get(suffix)
    if format is not None:
        if format not in EXPORTERS:
            raise FormatError(f"unknown export format {format!r}; use one of {', '.join(EXPORTERS)}")
        if implied is not None and format not in implied:
            raise FormatError(
                f"the format {format!r} does not match the extension of {str(path)!r} ({implied[0]}); "
                f"drop --format to write {implied[0]}, or name the file for {format}"
            )
        return format
    if implied is None:
        raise FormatError(
            f"cannot tell the export format of {str(path)!r} from its extension; pass --format "
            f"({', '.join(EXPORTERS)})"
        )
    return implied[0]


def export_graph(
    store: Store, path: Path, *, format: str | None = None, graph: str = "accepted", progress: Progress | None = None
) -> int:
    """Write ``graph`` of ``store`` to ``path`` in ``format`` (default: the one ``path``'s
    extension implies, :func:`export_format`); returns triples (or edges) written."""
    format = export_format(path, format)
    graph_names(graph)  # validates the selector
    if path.parent and not path.parent.exists():
        raise FormatError(f"cannot write {str(path)!r}: the directory {str(path.parent)!r} does not exist")
    return EXPORTERS[format](store, path, graph, progress)
