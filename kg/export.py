"""Export a graph to files other tools read.

RDF formats (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) are written by pyoxigraph;
property-graph formats go through networkx (GraphML, GEXF: IRIs as node ids, ``rdfs:label``,
the class and literal-valued properties as node attributes typed to fit their values, so
``attr.type`` is long/double/boolean/string, an integer a double cannot hold exactly a string, a double
written as Java reads it: ``Infinity``, ``NaN``; predicates as edge attributes) or are written as
CSV by the rules of ``neo4j-admin database import`` (:mod:`kg.exporters.neo4j`).

Graph selectors: one graph name, ``knowledge`` (accepted + inferred) or ``all`` (every named
graph; quad formats keep graph names, the other formats flatten them).

Without a format, the output file's extension tells it (:func:`export_format`: ``.graphml`` is
GraphML, ``.ttl`` Turtle, ...); a format that contradicts the extension is refused.

Exporters are found by format name in :data:`kg.registry.exporters`; a plugin adds a format
through the entry-point group ``kg.exporters``: a callable ``(store, path, graph, progress) ->
int`` (triples or edges written), chosen with ``--format NAME``.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import io
import operator
import os
import re
import secrets
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator, Sequence

import pyoxigraph as ox

from kg.errors import ExporterError, FormatError, OutputError, UsageError, cannot_write, part_fault
from kg.files import file_to_replace, left_by_dead_process, new_folder, writer_id
from kg.exporters.columns import (
    ARRAY_DELIMITERS, RDF_TYPE, Value, add_known_types, add_literal, cast, column_names, column_type, free_delimiter, iter_quads, java_double,
    node_id,
)
from kg.iri import local_name
from kg.registry import exporters as exporter_registry
from kg.store import RDF_FORMATS, Progress, Store, graph_names, loaded_graphs_in_words, user_graph
from kg.store.formats import COMPRESSIONS, create_rdf
from kg.terms import ox_value, used_prefixes

if TYPE_CHECKING:  # networkx is imported where a graph is built (0.1 s of `import kg.api`)
    import networkx as nx

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


def _export_rdf(store: Store, path: Path, format: str, graph: str, progress: Progress | None) -> int:
    with create_rdf(path) as fh:  # dump.nq.gz is written compressed
        return _write_rdf(store, fh, format, graph, progress)


def _write_rdf(store: Store, fh: IO[bytes], format: str, graph: str, progress: Progress | None) -> int:
    """Stream the selection into ``fh``: a 6M-quad N-Quads export held every quad in a list
    first (3.2 GB). Only a flattened selection of several graphs keeps a set, of its triples, to
    write each once."""
    fmt = RDF_FORMATS[format]
    keep_graphs = format in ("nquads", "trig") or (fmt.supports_datasets and graph == "all")
    flatten_many = not keep_graphs and len(graph_names(graph)) > 1

    def items(report: Progress | None) -> Iterator[ox.Quad | ox.Triple]:
        seen: set[ox.Triple] = set()
        for q in iter_quads(store, graph, report):
            if keep_graphs:
                yield q
                continue
            t = ox.Triple(q.subject, q.predicate, q.object)
            if flatten_many:
                if t in seen:
                    continue
                seen.add(t)
            yield t

    prefixes = None
    if format in ("turtle", "trig", "rdfxml"):  # written with prefixed names, as a person reads them
        from kg.domains import store_prefixes
        from kg.namespaces import PREFIXES

        first_pass = items(None) if format != "rdfxml" else _xml_writable(items(None))
        prefixes = used_prefixes({**PREFIXES, **store_prefixes(store)}, first_pass)  # a first pass
    written = 0

    def counted() -> Iterator[ox.Quad | ox.Triple]:
        nonlocal written
        for item in items(progress):
            written += 1
            yield item

    out = fh if format != "rdfxml" else _CarriageReturns(fh)
    ox.serialize(counted(), out, format=fmt, prefixes=prefixes)  # type: ignore[arg-type]  # all quads or all triples
    return written


# an XML name's local part: what RDF/XML needs of a predicate's IRI to write it as an element
_NCNAME_END = re.compile(r"[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][\w.\-\u00B7\u0300-\u036F\u203F-\u2040]*$")


def _xml_writable(items: Iterator[ox.Quad | ox.Triple]) -> Iterator[ox.Quad | ox.Triple]:
    """``items``, checked for what RDF/XML cannot write: a literal with a character XML 1.0
    cannot hold (U+0001: the file was written and could not be read back), a predicate whose IRI
    ends in no XML name (``http://example.org/p/123``: pyoxigraph wrote ``<oxprefix:>``, which
    no other parser reads); a FormatError names the first, before anything is written."""
    for item in items:
        p, o = item.predicate.value, item.object
        if not _NCNAME_END.search(p):
            raise FormatError(f"RDF/XML cannot write the predicate <{p}> (its IRI does not end in an XML name); export Turtle or N-Triples")
        if isinstance(o, ox.Literal) and (bad := _NOT_XML.search(o.value)):
            raise FormatError(f"RDF/XML is XML, which cannot hold U+{ord(bad.group()):04X}: a value of <{p}> has it; export Turtle or N-Triples")
        yield item


class _CarriageReturns:
    """A binary file that writes each carriage return as ``&#13;``: raw, an XML parser reads it
    back as a line feed (RDF/XML holds one only inside values)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh

    def write(self, data: bytes) -> int:
        self.fh.write(bytes(data).replace(b"\r", b"&#13;"))
        return len(data)

    def flush(self) -> None:
        self.fh.flush()


def to_networkx(
    store: Store, graph: str = "accepted", progress: Progress | None = None, delimiters: Sequence[str] = ARRAY_DELIMITERS
) -> nx.MultiDiGraph:
    """A property graph: IRI/blank nodes as nodes (a blank node's id is ``_:id``, as in every
    export), IRI-to-IRI triples as edges (``predicate`` and ``label``).

    Node attributes: ``label`` (``rdfs:label``, else the IRI's last segment), ``type`` (the
    class names, joined; from ``accepted`` and ``inferred`` too when the selection leaves them
    out, so a node always shows its class), and one attribute per literal-valued property,
    named by its local name (or its prefixed name where that is taken or means something to the
    format: :func:`kg.exporters.columns.column_names`) and typed to fit all its values (int,
    float, bool, else text); a property some node holds several values of is text, the values
    joined by the first of ``delimiters`` (``;``, ``|``, ...) that no value holds, or where each
    is in some value, the first that none of the joined values holds: the graph's
    ``value_delimiter`` attribute says which. An RDF 1.2 triple term (the object of
    ``rdf:reifies``, never a subject) is a text attribute, as a literal is: its N-Triples text
    ``<<( <s> <p> <o> )>>``, which reads back as the term."""
    import networkx as nx

    g = nx.MultiDiGraph()
    props: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, set[str]] = defaultdict(set)
    for q in iter_quads(store, graph, progress):
        s, p, o = node_id(q.subject), q.predicate.value, q.object
        g.add_node(s)
        if isinstance(o, (ox.Literal, ox.Triple)):  # a triple term (rdf:reifies) as its N-Triples text
            add_literal(props, s, p, o)
        elif p == RDF_TYPE:
            types[s].add(local_name(ox_value(o)))
        else:
            g.add_edge(s, node_id(o), key=p, predicate=p, label=local_name(p))
    add_known_types(store, graph, g.nodes, types)
    keys: dict[str, set[str]] = defaultdict(set)
    for node, node_props in props.items():
        for key in node_props:
            keys[key].add(node)
    from kg.domains import store_prefixes
    from kg.namespaces import PREFIXES

    names = column_names(keys, _NODE_ATTRIBUTES, {**PREFIXES, **store_prefixes(store)})
    joined = [t for values in props.values() for vs in values.values() if len(vs) > 1 for _, t in vs]
    joined += [t for ts in types.values() if len(ts) > 1 for t in ts]
    single = [t for values in props.values() for vs in values.values() if len(vs) == 1 for _, t in vs]
    single += [t for ts in types.values() if len(ts) == 1 for t in ts]
    try:
        delimiter = free_delimiter(joined + single, delimiters)
    except FormatError:  # a value holds each: one that no joined value holds (a single value is not split)
        delimiter = free_delimiter(joined, delimiters)
    g.graph["value_delimiter"] = delimiter
    for key, nodes in keys.items():
        multi = key == "label" or any(len(props[n][key]) > 1 for n in nodes)
        kind = "string" if multi else column_type(props[n][key][0] for n in nodes)
        for n in nodes:
            values = props[n][key]
            g.nodes[n][names[key]] = delimiter.join(sorted(t for _, t in values)) if multi else cast(values[0], kind)
    for node, classes in types.items():
        if node in g:
            g.nodes[node]["type"] = delimiter.join(sorted(classes))
    for node, data in g.nodes(data=True):
        data.setdefault("label", local_name(node))
    return g


_NODE_ATTRIBUTES = frozenset({"label", "type", "id", "pid", "start", "end", "viz", "predicate", "networkx_key"})
"""Node attribute names the exporters or the formats use themselves (GEXF takes ``id``,
``pid``, ``start``, ``end`` and ``viz`` as the node's structure)."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold, not even escaped."""

_XML_DELIMITERS = tuple(d for d in ARRAY_DELIMITERS if not _NOT_XML.search(d))
"""The delimiters GraphML and GEXF join several values with: U+001F, the last resort, is not
XML (the export was refused, telling the user to clean a value that held none)."""


def _xml_safe(g: nx.MultiDiGraph, format: str) -> None:
    """A FormatError naming the first node whose id or attribute holds a character XML 1.0
    cannot carry: one such literal made the whole GraphML/GEXF file unreadable (exit 0)."""
    for node, data in g.nodes(data=True):
        for key, value in [("id", node), *data.items()]:
            if isinstance(value, str) and (bad := _NOT_XML.search(value)):
                raise FormatError(
                    f"{format} is XML, which cannot hold U+{ord(bad.group()):04X}: {key} of <{node}> has it; "
                    "export N-Triples, Turtle or Parquet, which can, or clean the value"
                )


def export_graphml(store: Store, path: Path, graph: str, progress: Progress | None) -> int:
    from networkx.readwrite.graphml import GraphMLWriter

    class JavaDoubles(GraphMLWriter):
        """GraphML types are Java's: a double is written as ``Double.parseDouble`` reads it
        (``Infinity``, ``NaN``; networkx wrote ``inf``, which yEd, Gephi and Cytoscape refuse,
        and reads either back)."""

        def add_data(self, name: str, element_type: type, value: Any, scope: str = "all", default: Any = None) -> Any:
            if element_type is float:
                value = java_double(float(value))
            return super().add_data(name, element_type, value, scope, default)

    g = to_networkx(store, graph, progress, _XML_DELIMITERS)
    _xml_safe(g, "GraphML")
    buffer = io.BytesIO()
    writer = JavaDoubles(encoding="utf-8", infer_numeric_types=True)  # long/double/boolean/string per key
    writer.add_graph_element(g)
    writer.dump(buffer)
    # a raw carriage return in a value reads back as a line feed (XML end-of-line handling):
    # written as a character reference it stays one
    path.write_bytes(buffer.getvalue().replace(b"\r", b"&#13;"))
    return g.number_of_edges()


def export_gexf(store: Store, path: Path, graph: str, progress: Progress | None) -> int:
    import networkx as nx

    g = to_networkx(store, graph, progress, _XML_DELIMITERS)
    _xml_safe(g, "GEXF")
    nx.write_gexf(g, path)
    return g.number_of_edges()


class RdfExporter:
    """The exporter of one RDF format (``kg.registry.exporters`` names ``rdf_exporters.FORMAT``)."""

    def __init__(self, format: str) -> None:
        self.format = format

    def __call__(self, store: Store, path: Path, graph: str, progress: Progress | None) -> int:
        return _export_rdf(store, path, self.format, graph, progress)

    def __repr__(self) -> str:
        return f"RdfExporter({self.format!r})"


rdf_exporters = SimpleNamespace(**{name: RdfExporter(name) for name in RDF_EXPORTS})
"""An exporter per RDF format, by format name."""

EXPORT_FORMATS = tuple(exporter_registry.names())
"""The formats known when this module was imported (plugins installed later: see the registry)."""

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
    ".tsv": ("pykeen-tsv", "atomic"),
    ".jsonl": ("atomic",),
    ".parquet": ("parquet",),
    ".csv": ("csv", "neo4j-csv"),
}
"""The formats a file extension may hold, the one it implies first."""

FOLDER_FORMATS = ("neo4j-csv",)
"""Formats written as a folder of files, not as one file."""


def export_format(path: str | Path, format: str | None = None) -> str:
    """The export format for ``path``: ``format`` when given (refused when the extension says
    otherwise), else the one the extension implies (an extension that is a format's name, as a
    plugin's ``csvw`` for ``graph.csvw``, implies that format)."""
    suffix = Path(str(path)).suffix.lower()
    compressed = suffix in COMPRESSIONS
    if compressed:  # dump.nq.gz: an RDF format, compressed
        suffix = Path(str(path)).with_suffix("").suffix.lower()
    implied = EXPORT_EXTENSIONS.get(suffix)
    if implied is None and not compressed and suffix[1:] in exporter_registry:  # a plugin's format: graph.csvw
        implied = (suffix[1:],)
    if compressed and not set(implied or (format,)) & set(RDF_EXPORTS):
        raise FormatError(
            f"{str(path)!r}: only RDF exports are written compressed ({', '.join(RDF_EXPORTS)}); "
            f"name the file for one, e.g. graph.nq{Path(str(path)).suffix}"
        )
    if compressed and implied is not None:
        implied = tuple(f for f in implied if f in RDF_EXPORTS)
    if format is not None:
        shorthand = EXPORT_EXTENSIONS.get("." + format.lower().lstrip("."), ())
        if format not in exporter_registry and len(shorthand) == 1:  # "nt", "ttl": as the extension says
            format = shorthand[0]
        if format not in exporter_registry:
            raise FormatError(f"unknown export format {format!r}; use one of {', '.join(exporter_registry.names())}")
        if implied is not None and format not in implied:
            own = [ext for ext, formats in EXPORT_EXTENSIONS.items() if format in formats]
            writes = f" (it writes {' or '.join(own)})" if own else ""
            raise FormatError(
                f"the format {format!r} does not match the extension of {str(path)!r} ({implied[0]}); "
                f"drop --format to write {implied[0]}, or name the file for {format}{writes}"
            )
        return format
    if implied is None:
        raise FormatError(
            f"cannot tell the export format of {str(path)!r} from its extension; pass --format "
            f"(format= from Python): {', '.join(exporter_registry.names())}"
        )
    return implied[0]


def export_graph(
    store: Store, path: Path, *, format: str | None = None, graph: str = "accepted", progress: Progress | None = None,
    domain: Any = None,
) -> int:
    """Write ``graph`` of ``store`` to ``path`` in ``format`` (default: the one ``path``'s
    extension implies, :func:`export_format`); returns triples (or edges) written. A file is
    written under a partial name and renamed when whole: a failed or interrupted export leaves
    ``path`` as it was. ``domain`` (a domain, its folder or name): the atomic format writes its
    relations' facts only; an RDF or property-graph export is the whole graph."""
    format = export_format(path, format)
    if domain is not None and format != "atomic":
        raise UsageError(f"--domain chooses the relations of an atomic export (COMET rows); a {format} export writes the whole graph")
    _check_selection(store, graph)
    if path.parent and not path.parent.exists():
        raise FormatError(f"cannot write {str(path)!r}: the directory {str(path.parent)!r} does not exist")
    exporter = exporter_registry.load(format)
    if domain is not None:
        exporter = functools.partial(exporter, domain=domain)
    if format in FOLDER_FORMATS:  # written whole beside it, then put in its place
        try:
            with new_folder(path) as folder:
                return _run_exporter(exporter, store, folder, path, format, graph, progress)
        except OSError as exc:  # making the new folder, or putting it in place
            raise cannot_write(path, exc) from exc
    with _written_whole(path) as partial:
        return _run_exporter(exporter, store, partial, path, format, graph, progress)


def _run_exporter(
    exporter: Exporter, store: Store, path: Path, target: Path, format: str, graph: str, progress: Progress | None
) -> int:
    """``exporter`` writing ``path`` for ``target``; its errors name ``target``, not the partial file
    or folder (which is removed)."""
    after = f"; {str(target)!r} may be incomplete" if path == target else ""
    entry = exporter_registry.entry(format)
    name = f"the {format} exporter" + (f" ({entry.origin})" if entry.package else "")
    try:
        with part_fault(ExporterError, name, after):
            try:
                written = exporter(store, path, graph, progress)
            except OSError as exc:
                if entry.package:  # a plugin's own OSError: its fault, or the file's, it says which
                    raise ExporterError(f"{name} failed writing {str(target)!r}: {type(exc).__name__}: {exc}") from exc
                raise cannot_write(target, exc) from exc
            try:
                return operator.index(written)
            except TypeError:
                raise ExporterError(
                    f"{name} returned {type(written).__name__}, not the number of triples or edges it wrote"
                ) from None
    except (FormatError, OutputError, ExporterError) as exc:
        if path == target:
            raise
        raise type(exc)(str(exc).replace(str(path), str(target))) from exc


@contextlib.contextmanager
def _written_whole(path: Path) -> Iterator[Path]:
    """A partial file beside ``path`` (same folder, same extensions) to write the export into:
    renamed to ``path`` when the block ends, removed when it fails or is interrupted (Ctrl-C;
    SIGTERM through ``kg export``). ``path`` is the whole export or as it was: an interrupted
    export left a truncated file there that ``kg load`` read as whole."""
    target = file_to_replace(path)
    if target is None:  # /dev/null, a named pipe: written as it is
        yield path
        return
    path = target
    extensions = "".join(s for s in path.suffixes[-2:] if len(s) <= 8)
    prefix = f".{path.name[:40]}."
    _remove_stale_partials(path, prefix, f".partial{extensions}")
    partial = path.with_name(f"{prefix}{writer_id()}-{secrets.token_hex(4)}.partial{extensions}")
    try:
        yield partial
        try:
            os.replace(partial, path)
        except OSError as exc:  # a folder of that name
            raise cannot_write(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def _remove_stale_partials(path: Path, prefix: str, suffix: str) -> None:
    """Remove the partial files of ``path`` that a killed export left (SIGKILL runs no cleanup):
    those of a process no longer running, and those of a kg before partial names held the pid."""
    for leftover in path.parent.glob(f"{glob.escape(prefix)}*{glob.escape(suffix)}"):
        middle = leftover.name[len(prefix):-len(suffix)]
        if re.fullmatch(r"[0-9a-f]{8}", middle) or (re.fullmatch(r"\d+(?:\.[0-9a-f]{8})?-[0-9a-f]{8}", middle) and left_by_dead_process(leftover.name, prefix)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def write_export(store: Store, fh: IO[bytes], *, format: str, graph: str = "accepted", progress: Progress | None = None) -> int:
    """Stream ``graph`` of ``store`` into the binary stream ``fh`` (standard output) as it is
    read, in an RDF format (:data:`RDF_EXPORTS`); returns the triples written."""
    if format not in RDF_EXPORTS:
        raise FormatError(f"only RDF formats are written as a stream ({', '.join(RDF_EXPORTS)}), not {format!r}")
    _check_selection(store, graph)
    return _write_rdf(store, fh, format, graph, progress)


def stream_extension(format: str, asked: str | None = None) -> str:
    """The file extension an export in ``format`` is written with where the output has no name
    (standard output): the one ``asked`` names when it holds ``format`` (``-f jsonl``: atomic's
    .jsonl), else the first extension that implies ``format`` (atomic: .tsv); "" for none."""
    named = "." + (asked or "").lower().lstrip(".")
    if format in EXPORT_EXTENSIONS.get(named, ()):
        return named
    return next((ext for ext, formats in EXPORT_EXTENSIONS.items() if format in formats), "")


def _check_selection(store: Store, graph: str) -> None:
    """A FormatError for a graph selector that names nothing the store holds."""
    graph_names(graph)  # validates the selector
    if (iri := user_graph(graph)) and not store.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", graph="all"):
        raise FormatError(f"the store has no graph <{iri}>; {loaded_graphs_in_words(store)}")
