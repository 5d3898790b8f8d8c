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
  an empty unquoted field is no property;
* an RDF 1.2 triple term (the object of ``rdf:reifies``) is a string property of its node, as a
  literal is: its N-Triples text ``<<( <s> <p> <o> )>>``.

A node's ``iri:ID`` is its IRI, or ``_:id`` for a blank node, as in every export (Parquet's
``subject``/``object``, GraphML and GEXF node ids, PyKEEN TSV), so the files join.
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.exporters.columns import (
    ARRAY_DELIMITERS, RDF_TYPE, ColumnType, Value, add_known_types, add_literal, cast, column_names, column_type,
    free_delimiter, iter_quads, java_double, node_id,
)
from kg.iri import local_name
from kg.terms import ox_value

__all__ = ["export_neo4j", "ARRAY_DELIMITERS"]



class _Quoted(str):
    """A field to write quoted (text), as opposed to a bare number or boolean."""


def _field(value: Any, kind: ColumnType) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return java_double(value)
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




def export_neo4j(store: Any, path: Path, graph: str, progress: Any = None) -> int:
    """Write ``graph`` of ``store`` into the folder ``path``; returns the relationships written."""
    path.mkdir(parents=True, exist_ok=True)
    props: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, set[str]] = defaultdict(set)
    nodes: set[str] = set()
    edges: set[tuple[str, str, str, str]] = set()
    for q in iter_quads(store, graph, progress):
        s, p, o = node_id(q.subject), q.predicate.value, q.object
        nodes.add(s)
        if isinstance(o, (ox.Literal, ox.Triple)):  # a triple term (rdf:reifies) as its N-Triples text
            add_literal(props, s, p, o)
        elif p == RDF_TYPE:
            labels[s].add(local_name(ox_value(o)))
        else:
            nodes.add(node_id(o))
            edges.add((s, node_id(o), local_name(p), p))
    add_known_types(store, graph, nodes, labels)
    from kg.domains import store_prefixes
    from kg.namespaces import PREFIXES

    # a column per property: ex:name and foaf:name were one column, ex:iri a second iri column
    named = column_names({k for of_node in props.values() for k in of_node}, {"label", "iri"}, {**PREFIXES, **store_prefixes(store)})
    props = {n: {named[k]: values for k, values in of_node.items()} for n, of_node in props.items()}

    by_key: dict[str, list[Value]] = defaultdict(list)  # every value of each property
    arrays: set[str] = set()  # properties some node has several values of
    for node_props in props.values():
        for key, values in node_props.items():
            by_key[key] += values
            if len(values) > 1:
                arrays.add(key)
    by_key.pop("label", None)  # the node's text label: one string column, values joined
    columns: dict[str, tuple[ColumnType, bool]] = {k: (column_type(v), k in arrays) for k, v in by_key.items()}
    names = sorted(columns)
    index = {k: i for i, k in enumerate(names)}
    array_items = [
        str(_field(cast(v, columns[k][0]), columns[k][0])) for k in arrays if k in columns for v in by_key[k]
    ] + [name for node_labels in labels.values() for name in node_labels]
    delimiter = free_delimiter(array_items)

    breaks = False
    with open(path / "nodes.csv", "w", newline="", encoding="utf-8") as fh:
        w = _Writer(fh)
        header = ["iri:ID", "label:string"]
        header += [f"{_header_name(k)}:{columns[k][0]}{'[]' if columns[k][1] else ''}" for k in names]
        w.row(header + [":LABEL"])
        for n in sorted(nodes):
            of_node = props.get(n)
            cells: list[Any] = [""] * len(names)
            label = ""
            for k, values in (of_node or {}).items():
                if k == "label":
                    label = " / ".join(sorted(text for _, text in values))
                    continue
                kind, array = columns[k]
                if array:
                    items = [str(_field(cast(v, kind), kind)) for v in sorted(values, key=lambda v: v[1])]
                    cells[index[k]] = _Quoted(delimiter.join(items))
                else:
                    cells[index[k]] = _field(cast(values[0], kind), kind)
            node_labels = labels.get(n)
            kinds = delimiter.join(sorted(node_labels)) if node_labels else "Resource"
            w.row([_Quoted(n), _Quoted(label or local_name(n)), *cells, _Quoted(kinds)])
        breaks = w.line_breaks
    with open(path / "relationships.csv", "w", newline="", encoding="utf-8") as fh:
        w = _Writer(fh)
        w.row([":START_ID", ":END_ID", ":TYPE", "iri:string"])
        for start, end, name, iri in sorted(edges):
            w.row([_Quoted(start), _Quoted(end), _Quoted(name), _Quoted(iri)])
        breaks = breaks or w.line_breaks
    options = [
        f"--array-delimiter={delimiter if delimiter != chr(0x1f) else 'U+001F'}",
        f"--multiline-fields={'true' if breaks else 'false'}",
        "neo4j",
    ]
    # the files beside the script, wherever the folder is: it is written elsewhere and moved into place
    (path / "import.sh").write_text(
        "#!/bin/sh\n# written by `kg export -f neo4j-csv`: the options these files need\n"
        'here=$(cd "$(dirname "$0")" && pwd)\n'
        'neo4j-admin database import full "--nodes=$here/nodes.csv" "--relationships=$here/relationships.csv" '
        + " ".join(shlex.quote(c) for c in options) + ' "$@"\n',
        encoding="utf-8",
    )
    return len(edges)


def _header_name(key: str) -> str:
    # a property name holds no ':' (it would split the header field) and no quote or comma
    return "".join(c if c not in ':",\n\r' else "_" for c in key) or "_"

