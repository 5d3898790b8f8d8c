"""Neo4j bulk-import CSV: ``nodes.csv``, ``relationships.csv`` and ``import.sh`` (the
``neo4j-admin database import full`` command line that reads them with the right options).

The files follow the importer's rules (Neo4j operations manual, "Import: CSV header format"):

* header fields ``name:type``; each property column gets one type that fits all its values
  (:mod:`kg.exporters.columns`): ``long``, ``double``, ``boolean`` or ``string``; a column where
  some node has several values is an array (``long[]``, ...), its items joined by an array
  delimiter that occurs in none of the array items (and the ``:LABEL`` values), chosen from
  :data:`ARRAY_DELIMITERS` and passed as ``--array-delimiter``;
* fields separated by ``,``; every text field quoted with ``"``, a quote inside doubled (the
  importer's default quoting; no backslash escapes); a field holding a line break needs
  ``--multiline-fields=true``, which ``import.sh`` passes exactly when one does;
* numbers written so Java parses them (``NaN``, ``Infinity``), booleans ``true``/``false``;
  an empty unquoted field is no property.
"""

from __future__ import annotations

import math
import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import FormatError
from kg.exporters.columns import ColumnType, Value, cast, column_type, iter_quads, literal, local_name

__all__ = ["export_neo4j", "ARRAY_DELIMITERS"]

ARRAY_DELIMITERS = (";", "|", "¦", "~", "^", "\u001f")
"""Candidates for ``--array-delimiter``, in order of preference."""

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _Quoted(str):
    """A field to write quoted (text), as opposed to a bare number or boolean."""


def _field(value: Any, kind: ColumnType) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    return _Quoted(value)


class _Writer:
    """A CSV writer that quotes text fields (and only them), doubling inner quotes."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.line_breaks = False

    def row(self, fields: list[Any]) -> None:
        out = []
        for f in fields:
            if isinstance(f, _Quoted):
                if "\n" in f or "\r" in f:
                    self.line_breaks = True
                out.append('"' + f.replace('"', '""') + '"')
            else:
                out.append(f)
        self.fh.write(",".join(out) + "\n")


def _delimiter(items: list[str]) -> str:
    for d in ARRAY_DELIMITERS:
        if not any(d in item for item in items):
            return d
    raise FormatError("no array delimiter is free: array values hold every one of " + " ".join(map(repr, ARRAY_DELIMITERS)))


def export_neo4j(store: Any, path: Path, graph: str, progress: Any = None) -> int:
    """Write ``graph`` of ``store`` into the folder ``path``; returns the relationships written."""
    path.mkdir(parents=True, exist_ok=True)
    props: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, set[str]] = defaultdict(set)
    nodes: set[str] = set()
    edges: set[tuple[str, str, str, str]] = set()
    for q in iter_quads(store, graph, progress):
        s, p, o = str(q.subject.value), q.predicate.value, q.object
        nodes.add(s)
        if isinstance(o, ox.Literal):
            key = "label" if p == RDFS_LABEL else local_name(p)
            values = props[s][key]
            if all(v[1] != o.value for v in values):
                values.append(literal(o))
        elif p == RDF_TYPE:
            labels[s].add(local_name(o.value))
        else:
            nodes.add(str(o.value))
            edges.add((s, str(o.value), local_name(p), p))

    columns: dict[str, tuple[ColumnType, bool]] = {}  # name -> (type, is an array)
    for node_props in props.values():
        for key, values in node_props.items():
            kind, array = columns.get(key, (None, False))
            columns[key] = (kind, array or len(values) > 1)  # type: ignore[assignment]
    for key in columns:
        kind = column_type(v for node_props in props.values() for v in node_props.get(key, ()))
        columns[key] = (kind, columns[key][1])
    columns.pop("label", None)  # the node's text label: one string column, values joined
    names = sorted(columns)
    array_items = [
        str(_field(cast(v, columns[k][0]), columns[k][0]))
        for node_props in props.values()
        for k in names
        if columns[k][1]
        for v in node_props.get(k, ())
    ] + [name for node_labels in labels.values() for name in node_labels]
    delimiter = _delimiter(array_items)

    def node_label(n: str) -> str:
        values = props.get(n, {}).get("label", [])
        return " / ".join(sorted(text for _, text in values)) or local_name(n)

    breaks = False
    with open(path / "nodes.csv", "w", newline="", encoding="utf-8") as fh:
        w = _Writer(fh)
        header = ["iri:ID", "label:string"]
        header += [f"{_header_name(k)}:{columns[k][0]}{'[]' if columns[k][1] else ''}" for k in names]
        w.row(header + [":LABEL"])
        for n in sorted(nodes):
            node_props = props.get(n, {})
            row: list[Any] = [_Quoted(n), _Quoted(node_label(n))]
            for k in names:
                kind, array = columns[k]
                values = sorted(node_props.get(k, ()), key=lambda v: v[1])
                if not values:
                    row.append("")
                elif array:
                    items = [str(_field(cast(v, kind), kind)) for v in values]
                    row.append(_Quoted(delimiter.join(items)))
                else:
                    row.append(_field(cast(values[0], kind), kind))
            row.append(_Quoted(delimiter.join(sorted(labels.get(n, ()))) or "Resource"))
            w.row(row)
        breaks = w.line_breaks
    with open(path / "relationships.csv", "w", newline="", encoding="utf-8") as fh:
        w = _Writer(fh)
        w.row([":START_ID", ":END_ID", ":TYPE", "iri:string"])
        for s, o, name, p in sorted(edges):
            w.row([_Quoted(s), _Quoted(o), _Quoted(name), _Quoted(p)])
        breaks = breaks or w.line_breaks
    command = [
        "neo4j-admin", "database", "import", "full",
        f"--nodes={path.resolve() / 'nodes.csv'}",
        f"--relationships={path.resolve() / 'relationships.csv'}",
        f"--array-delimiter={delimiter if delimiter != chr(0x1f) else 'U+001F'}",
        f"--multiline-fields={'true' if breaks else 'false'}",
        "neo4j",
    ]
    (path / "import.sh").write_text(
        "#!/bin/sh\n# written by `kg export -f neo4j-csv`: the options these files need\n"
        + " ".join(shlex.quote(c) for c in command) + ' "$@"\n',
        encoding="utf-8",
    )
    return len(edges)


def _header_name(key: str) -> str:
    # a property name holds no ':' (it would split the header field) and no quote or comma
    return "".join(c if c not in ':",\n\r' else "_" for c in key) or "_"

