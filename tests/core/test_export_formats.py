"""Property-graph exports read by the tools they are for: Neo4j's bulk importer (every file
checked against its CSV rules) and GraphML/GEXF read back with networkx (typed attributes,
the class of every node)."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.records import Candidate, Completion, Verdict

RES = "https://w3id.org/kgdistill/resource/"
GEO = "https://w3id.org/kgdistill/ontology/geography#"

DATA = """\
@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
res:paris a kgeo:City ; rdfs:label "Paris" ; kgeo:population 2102650 ; kgeo:area 105.4 ;
    kgeo:capitalOf res:france ; ex:motto "Fluctuat nec mergitur; \\"it is tossed\\",\\nbut does not sink" ;
    ex:nick "City of Light; Ville|Lumière" , "Paname" ; ex:big true .
res:france a kgeo:Country ; rdfs:label "France" ; kgeo:population 68000000 ; kgeo:area 551695 ; ex:big false .
res:lyon rdfs:label "Lyon" ; kgeo:locatedIn res:france ; kgeo:area "47.87"^^xsd:double .
"""

# neo4j-admin database import: header types, and how a value of each is written
TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "date", "datetime"}
JAVA_NUMBER = re.compile(r"^[+-]?(NaN|Infinity|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$")


def check_value(kind: str, text: str) -> None:
    if kind in ("long", "int", "short", "byte"):
        assert re.fullmatch(r"[+-]?\d+", text), f"not a {kind}: {text!r}"
        assert -(2**63) <= int(text) < 2**63
    elif kind in ("double", "float"):
        assert JAVA_NUMBER.match(text), f"not a {kind} Java reads: {text!r}"
    elif kind == "boolean":
        assert text in ("true", "false"), f"not a boolean: {text!r}"


def read_import(folder: Path) -> tuple[str, bool]:
    """The --array-delimiter and --multiline-fields that import.sh passes."""
    words = shlex.split((folder / "import.sh").read_text().splitlines()[-1])
    opts = dict(w[2:].split("=", 1) for w in words if w.startswith("--"))
    delimiter = opts["array-delimiter"]
    if delimiter.startswith("U+"):
        delimiter = chr(int(delimiter[2:], 16))
    return delimiter, opts["multiline-fields"] == "true"


def check_neo4j_folder(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Every file against the importer's rules; returns the rows, values split and parsed."""
    delimiter, multiline = read_import(folder)
    assert len(delimiter) == 1
    out: dict[str, list[dict[str, object]]] = {}
    ids: set[str] = set()
    for name in ("nodes.csv", "relationships.csv"):
        with open(folder / name, newline="", encoding="utf-8") as fh:
            text = fh.read()
        # quoting: a quote only opens or closes a field or is doubled inside one (strict reader)
        rows = list(csv.reader(text.splitlines(keepends=True), delimiter=",", quotechar='"', doublequote=True, strict=True))
        header, body = rows[0], rows[1:]
        columns = []
        for field in header:
            prop, _, kind = field.partition(":")
            array = kind.endswith("[]")
            kind = kind.removesuffix("[]")
            assert kind in TYPES | {"ID", "LABEL", "START_ID", "END_ID", "TYPE"}, f"{name}: bad header field {field!r}"
            columns.append((prop or kind, kind, array))
        parsed = []
        for row in body:
            assert len(row) == len(header), f"{name}: row of {len(row)} fields under {len(header)}: {row}"
            record: dict[str, object] = {}
            for (prop, kind, array), value in zip(columns, row):
                if not multiline:
                    assert "\n" not in value and "\r" not in value, f"{name}: line break without --multiline-fields"
                if value == "":
                    continue
                items = value.split(delimiter) if array or kind == "LABEL" else [value]
                for item in items:
                    check_value(kind, item)
                record[prop] = items if array or kind == "LABEL" else value
            parsed.append(record)
        if name == "nodes.csv":
            ids = {str(r["ID"] if "ID" in r else r["iri"]) for r in parsed}
            assert len(ids) == len(parsed), "node ids are unique"
        else:
            for r in parsed:
                assert r["START_ID"] in ids and r["END_ID"] in ids
        out[name] = parsed
    return out


@pytest.fixture
def store(tmp_path: Path) -> Path:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    store = tmp_path / "store"
    with KnowledgeGraph.create(store) as kg:
        kg.load(data)
        # provenance with teacher text: line breaks, quotes, commas, semicolons
        completion = Completion("p1", 'Name the capital of "France", please;\nthanks', "replay:t", 'Paris,\n"the capital"; yes')
        cand = Candidate(URIRef(RES + "lyon"), URIRef(GEO + "locatedIn"), URIRef(RES + "france"), completion, span="Lyon; France", extractor="lists")
        kg.write([Verdict.accept(cand, 0.9)])
    return store


def test_neo4j_csv_of_every_graph_follows_the_importer_rules(store, tmp_path):
    folder = tmp_path / "neo"
    main(["export", "--store", str(store), "-f", "neo4j-csv", "-g", "all", "-o", str(folder), "-q"])
    rows = check_neo4j_folder(folder)
    header = next(csv.reader((folder / "nodes.csv").open(newline="")))
    # 2102650, 68000000 and 551695 are integers, 105.4 a decimal and 47.87 a double: one double column
    assert "area:double" in header and "population:long" in header and "big:boolean" in header
    assert "nick:string[]" in header  # paris has two nicknames: an array
    delimiter, multiline = read_import(folder)
    assert delimiter not in (";", "|") and multiline  # the data hold ';', '|' and line breaks
    nodes = {r["iri"]: r for r in rows["nodes.csv"]}
    paris = nodes[RES + "paris"]
    assert float(paris["area"]) == 105.4 and paris["population"] == "2102650" and paris["big"] == "true"
    assert paris["motto"] == 'Fluctuat nec mergitur; "it is tossed",\nbut does not sink'
    assert sorted(paris["nick"]) == ["City of Light; Ville|Lumière", "Paname"]
    assert paris["LABEL"] == ["City"] and float(nodes[RES + "lyon"]["area"]) == 47.87
    texts = {v for r in rows["nodes.csv"] for v in r.values() if isinstance(v, str)}
    assert 'Paris,\n"the capital"; yes' in texts  # the completion's text, from the provenance graph
    types = {r["TYPE"] for r in rows["relationships.csv"]}
    assert {"capitalOf", "locatedIn", "wasDerivedFrom"} <= types


def test_neo4j_csv_of_the_accepted_graph(store, tmp_path):
    folder = tmp_path / "neo"
    main(["export", "--store", str(store), "-f", "neo4j-csv", "-o", str(folder), "-q"])
    rows = check_neo4j_folder(folder)
    delimiter, multiline = read_import(folder)
    assert multiline  # the motto holds a line break
    assert len(rows["relationships.csv"]) == 2  # capitalOf, locatedIn (loaded and distilled: once)


def test_graphml_and_gexf_attributes_are_typed_and_carry_the_class(store, tmp_path):
    for name, read in (("g.graphml", nx.read_graphml), ("g.gexf", nx.read_gexf)):
        main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])
        g = read(tmp_path / name)
        paris, france, lyon = (g.nodes[RES + n] for n in ("paris", "france", "lyon"))
        assert paris["population"] == 2102650 and type(paris["population"]) is int
        assert paris["area"] == 105.4 and france["area"] == 551695.0 and type(france["area"]) is float
        assert lyon["area"] == 47.87
        assert paris["big"] is True and france["big"] is False
        assert paris["type"] == "City" and france["type"] == "Country"
        assert paris["label"] == "Paris"
        # several values: text, joined by a delimiter no value holds (";" and "|" are taken
        # here: joined by ";" as before, the values could not be told apart)
        assert paris["nick"].split("¦") == ["City of Light; Ville|Lumière", "Paname"]
        if name.endswith(".graphml"):
            assert g.graph["value_delimiter"] == "¦"
    text = (tmp_path / "g.graphml").read_text()
    for key, kind in (("population", "long"), ("area", "double"), ("big", "boolean"), ("type", "string")):
        assert f'attr.name="{key}" attr.type="{kind}"' in text


def test_the_class_comes_from_inferred_when_only_accepted_is_exported(tmp_path):
    store = tmp_path / "s"
    with KnowledgeGraph.create(store) as kg:
        kg.add([(URIRef(RES + "lyon"), URIRef(GEO + "locatedIn"), URIRef(RES + "france"))])
        kg.add([(URIRef(RES + "lyon"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(GEO + "City"))], graph="inferred")
        kg.add([(URIRef(RES + "lyon"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Lyon"))])
        kg.export(tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.nodes[RES + "lyon"]["type"] == "City" and g.nodes[RES + "lyon"]["label"] == "Lyon"
    main(["export", "--store", str(store), "-f", "neo4j-csv", "-o", str(tmp_path / "neo"), "-q"])  # the same in Neo4j
    nodes = {row["iri"]: row for row in check_neo4j_folder(tmp_path / "neo")["nodes.csv"]}
    assert nodes[RES + "lyon"]["LABEL"] == ["City"] and nodes[RES + "france"]["LABEL"] == ["Resource"]


def test_parquet_is_one_table_of_edges_with_their_provenance(store, tmp_path):
    import pyarrow.parquet as pq  # the [dev] extra installs it: missing, this fails, not skips
    out = tmp_path / "edges.parquet"
    main(["export", "--store", str(store), "-g", "knowledge", "-o", str(out), "-q"])  # format from .parquet
    table = pq.read_table(out)
    rows = table.to_pylist()
    assert table.schema.field("confidence").type == "double" and table.schema.field("value").type == "double"
    assert len({(r["subject"], r["predicate"], r["object"]) for r in rows}) == 17  # every triple of the data
    lyon = [r for r in rows if r["subject"] == RES + "lyon" and r["predicate"] == GEO + "locatedIn"]
    # loaded from a file and distilled from a completion: two pieces of evidence, two rows
    assert sorted((r["source"] is not None, r["teacher"]) for r in lyon) == [(False, "replay:t"), (True, None)]
    (distilled,) = [r for r in lyon if r["teacher"]]
    assert distilled["confidence"] == 0.9 and distilled["extractor"] == "lists" and distilled["span"] == "Lyon; France"
    assert distilled["prompt_id"] == "p1" and distilled["graph"] == "accepted" and distilled["object_kind"] == "iri"
    area = next(r for r in rows if r["subject"] == RES + "paris" and r["predicate"] == GEO + "area")
    assert area["value"] == 105.4 and area["object"] == "105.4" and area["object_kind"] == "literal"
    assert area["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"


def test_parquet_without_pyarrow_is_a_clear_error(store, tmp_path, monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(SystemExit) as exit:
        main(["export", "--store", str(store), "-o", str(tmp_path / "e.parquet"), "-q"])
    err = capsys.readouterr().err
    assert exit.value.code != 0 and "needs pyarrow, which is not installed" in err and "Traceback" not in err
    assert not (tmp_path / "e.parquet").exists()


def test_parquet_names_every_graph_of_the_store(store, tmp_path):
    """The graph column names each of the store's graphs, the mined rules' too (it held the
    rules graph's IRI: the exporter listed graph names of its own)."""
    import pyoxigraph as ox

    from kg.namespaces import GRAPH
    from kg.store import open_store

    import pyarrow.parquet as pq  # the [dev] extra installs it: missing, this fails, not skips
    with open_store(store) as st:
        st.add_quads([ox.Quad(ox.NamedNode(RES + "rule1"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("r(X,Y) <= b(Y,X)"), ox.NamedNode(str(GRAPH["rules"])))])
    out = tmp_path / "all.parquet"
    main(["export", "--store", str(store), "-g", "all", "-o", str(out), "-q"])
    graphs = {r["graph"] for r in pq.read_table(out).to_pylist()}
    assert "rules" in graphs and not any(g.startswith("http") for g in graphs)


def test_a_turtle_export_declares_the_prefixes_it_uses(store, tmp_path):
    """Every project prefix was declared (cs:, sh:, graph:, kg:, ...), used or not: a file to
    publish names only what it writes."""
    from rdflib import Graph

    out = tmp_path / "g.ttl"
    main(["export", "--store", str(store), "-o", str(out), "-q"])
    text = out.read_text(encoding="utf-8")
    declared = set(re.findall(r"^@prefix (\w*):", text, re.MULTILINE))
    assert declared == {"kgeo", "res", "rdf", "rdfs", "xsd"} and "cs:" not in text
    Graph().parse(data=text, format="turtle")  # and it still parses


def test_a_format_may_be_named_as_its_extension(store, tmp_path):
    """export(path, format="nt") was "unknown export format 'nt'", though a .nt file name chose
    the same format; an extension that names one format names it as --format too."""
    with KnowledgeGraph.open(store) as kg:
        assert kg.export(tmp_path / "a.nt", format="nt") == kg.export(tmp_path / "b.nt", format="ntriples")
        assert kg.export(tmp_path / "c.ttl", format="ttl") > 0
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
    main(["export", "--store", str(store), "-o", str(tmp_path / "d.nq"), "-f", "nq", "-q"])
    assert (tmp_path / "d.nq").stat().st_size > 0


def test_property_graph_columns_keep_every_property_apart_and_the_format_its_structure(tmp_path):
    """A literal property named ``id`` (or pid, start, end) took over GEXF's node ids (two
    nodes "same", an edge turned into a self-loop), ``viz`` crashed the exporter; ex:type and
    ex:label were merged into the classes and the label; ex:name and foaf:name were one column;
    ex:iri made a second iri column in neo4j-csv. XML cannot hold U+0001: the file was written
    unreadable (exit 0); a carriage return came back a line feed from GraphML."""
    import csv

    ttl = tmp_path / "d.ttl"
    ttl.write_text("""@prefix ex: <http://ex.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:A ex:id "same" ; ex:type "megacity" ; ex:label "not the label" ; ex:name "ex name" ; foaf:name "foaf name" ;
     ex:iri "an iri value" ; ex:viz "v" ; ex:note "carriage\\rreturn" ; ex:knows ex:B .
ex:B ex:id "same" .
""", encoding="utf-8")
    store = tmp_path / "st"
    main(["init", str(store)])
    main(["load", str(ttl), "--store", str(store), "-q"])
    for name, read in (("g.gexf", nx.read_gexf), ("g.graphml", nx.read_graphml)):
        main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])
        g = read(tmp_path / name)
        a = g.nodes["http://ex.org/A"]
        assert set(g.nodes) == {"http://ex.org/A", "http://ex.org/B"} and g.has_edge("http://ex.org/A", "http://ex.org/B")
        ex = "http://ex.org/"  # no prefix known for it: the IRI names the column
        assert a[ex + "id"] == "same" and a[ex + "type"] == "megacity" and a[ex + "label"] == "not the label" and a["label"] == "A"
        assert a[ex + "name"] == "ex name" and a["http://xmlns.com/foaf/0.1/name"] == "foaf name" and a["note"] == "carriage\rreturn"
    main(["export", "--store", str(store), "-o", str(tmp_path / "neo"), "-f", "neo4j-csv", "-q"])
    with open(tmp_path / "neo" / "nodes.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header.count("iri:ID") == 1 and "http_//ex.org/iri:string" in header
    assert "http_//ex.org/name:string" in header and "http_//xmlns.com/foaf/0.1/name:string" in header

    bad = tmp_path / "bad.nt"
    bad.write_text('<http://ex.org/C> <http://ex.org/note> "a\\u0001b" .\n', encoding="utf-8")
    main(["load", str(bad), "--store", str(store), "-q"])
    for name in ("x.graphml", "x.gexf"):
        with pytest.raises(SystemExit):
            main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])


def test_rdfxml_is_written_readable_or_refused(tmp_path, capsys):
    """RDF/XML of a predicate whose IRI ends in no XML name (http://example.org/p/123) was
    written as <oxprefix:>, which rdflib cannot read; a value with U+0001 made the file
    unreadable; a carriage return came back a line feed. Refused with one line, or kept."""
    from rdflib import Graph

    ok = tmp_path / "ok.nt"
    ok.write_text('<http://ex.org/s> <http://ex.org/q> "a\\rb" .\n', encoding="utf-8")
    store = tmp_path / "st"
    main(["init", str(store)])
    main(["load", str(ok), "--store", str(store), "-q"])
    main(["export", "--store", str(store), "-o", str(tmp_path / "ok.rdf"), "-q"])
    assert [str(o) for o in Graph().parse(tmp_path / "ok.rdf").objects()] == ["a\rb"]
    for line, message in (('<http://ex.org/s> <http://example.org/p/123> "x" .\n', "does not end in an XML name"),
                          ('<http://ex.org/s> <http://ex.org/q> "a\\u0001b" .\n', "cannot hold U+0001")):
        bad = tmp_path / "bad.nt"
        bad.write_text(line, encoding="utf-8")
        other = tmp_path / f"st{len(message)}"
        main(["init", str(other)])
        main(["load", str(bad), "--store", str(other), "-q"])
        capsys.readouterr()
        with pytest.raises(SystemExit):
            main(["export", "--store", str(other), "-o", str(tmp_path / "bad.rdf"), "-q"])
        assert message in capsys.readouterr().err


def test_integers_past_a_double_keep_every_digit(tmp_path):
    """An xsd:integer past a long became a double column (12345678901234567890123 read back as
    1.2345678901234568e+22), and a long past 2**53 beside a double in one column lost its last
    digits: both are written as their lexical form now."""
    ttl = tmp_path / "d.ttl"
    ttl.write_text("""@prefix ex: <http://ex.org/> .
ex:A ex:big 12345678901234567890123 ; ex:mixed 9007199254740993 ; ex:small 5 ; ex:knows ex:B .
ex:B ex:mixed 1.5 ; ex:small 7 .
""", encoding="utf-8")
    store = tmp_path / "st"
    main(["init", str(store)])
    main(["load", str(ttl), "--store", str(store), "-q"])
    for name, read in (("g.gexf", nx.read_gexf), ("g.graphml", nx.read_graphml)):
        main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])
        a = read(tmp_path / name).nodes["http://ex.org/A"]
        assert a["big"] == "12345678901234567890123" and a["mixed"] == "9007199254740993" and a["small"] == 5


def test_exports_name_columns_labels_and_relationships_by_the_iris_local_names(tmp_path):
    """IRIs that end in ``/`` or ``#``, and ``urn:`` IRIs, are named by kg.iri.local_name's
    rules in every export: before, the exporters' own copy wrote a column
    ``//ex.org/vocab/population/``, a column ``motto#``, a label ``//ex.org/onto/City/`` and a
    relationship type ``//ex.org/rel/capitalOf/``."""
    ttl = tmp_path / "d.ttl"
    ttl.write_text("""\
<http://ex.org/res/paris> a <http://ex.org/onto/City/> ; <http://ex.org/vocab/population/> 2102650 ;
    <http://ex.org/motto#> "Fluctuat" ; <http://ex.org/rel/capitalOf/> <http://ex.org/res/france> ;
    <urn:ex:rel:twinOf> <urn:isbn:0451450523> .
""", encoding="utf-8")
    store = tmp_path / "st"
    main(["init", str(store)])
    main(["load", str(ttl), "--store", str(store), "-q"])
    main(["export", "--store", str(store), "-o", str(tmp_path / "neo"), "-f", "neo4j-csv", "-q"])
    rows = check_neo4j_folder(tmp_path / "neo")
    nodes = {r["iri"]: r for r in rows["nodes.csv"]}
    paris = nodes["http://ex.org/res/paris"]
    assert paris["LABEL"] == ["City"] and paris["population"] == "2102650" and paris["motto"] == "Fluctuat"
    assert nodes["urn:isbn:0451450523"]["label"] == "0451450523"
    assert {r["TYPE"] for r in rows["relationships.csv"]} == {"capitalOf", "twinOf"}
    main(["export", "--store", str(store), "-o", str(tmp_path / "g.graphml"), "-q"])
    g = nx.read_graphml(tmp_path / "g.graphml")
    paris = g.nodes["http://ex.org/res/paris"]
    assert paris["population"] == 2102650 and paris["motto"] == "Fluctuat" and paris["type"] == "City"
    assert {label for _, _, label in g.edges(data="label")} == {"capitalOf", "twinOf"}


STATEMENT_ABOUT_A_STATEMENT = """\
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a rdfs:label "a" ; ex:b ex:c .
ex:c rdfs:label "c" .
<< ex:a ex:b ex:c >> ex:certainty 0.9 .
"""
TRIPLE_TERM = "<<( <http://example.org/a> <http://example.org/b> <http://example.org/c> )>>"


def test_a_triple_term_is_exported_as_its_text_or_left_out_as_a_literal_is(tmp_path, capsys):
    """`kg load` keeps RDF 1.2 triple terms (Turtle's `<< ex:a ex:b ex:c >> ex:certainty 0.9`: a
    reifier `rdf:reifies` the triple term) and every exporter but the RDF ones failed with an
    internal error ("'pyoxigraph.Triple' object has no attribute 'value'"). A triple term, as a
    literal only ever an object, is written as its N-Triples text (which reads back as the term)
    where the format has values: a node property in GraphML, GEXF and Neo4j, a Parquet row's
    object (`object_kind` triple); PyKEEN TSV leaves the statement out, as it leaves literals out,
    and the ATOMIC rows as a fact with no label."""
    import pyarrow.parquet as pq
    import pyoxigraph as ox

    from tests.conftest import kg_exit_code

    data = tmp_path / "in.ttl"
    data.write_text(STATEMENT_ABOUT_A_STATEMENT, encoding="utf-8")
    store = str(tmp_path / "s")
    assert kg_exit_code("init", store) == 0 and kg_exit_code("load", str(data), "--store", store, "-q") == 0
    for name in ("g.graphml", "g.gexf", "g.parquet", "g.tsv", "g.jsonl"):
        assert kg_exit_code("export", "--store", store, "-o", str(tmp_path / name), "-q") == 0, name
    assert kg_exit_code("export", "--store", store, "-f", "neo4j-csv", "-o", str(tmp_path / "neo4j"), "-q") == 0
    assert "error" not in capsys.readouterr().err
    for g in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert [(d["reifies"], d["certainty"]) for _, d in g.nodes(data=True) if "reifies" in d] == [(TRIPLE_TERM, 0.9)]
        assert g.has_edge("http://example.org/a", "http://example.org/c")
    with open(tmp_path / "neo4j" / "nodes.csv", newline="", encoding="utf-8") as fh:
        assert [r["reifies:string"] for r in csv.DictReader(fh) if r["reifies:string"]] == [TRIPLE_TERM]
    (row,) = [r for r in pq.read_table(tmp_path / "g.parquet").to_pylist() if r["object_kind"] == "triple"]
    assert row["predicate"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies" and row["object"] == TRIPLE_TERM
    (read,) = ox.parse(f"<urn:s> <urn:p> {row['object']} .".encode(), format=ox.RdfFormat.N_TRIPLES)
    assert read.object == ox.Triple(*(ox.NamedNode(f"http://example.org/{x}") for x in "abc"))
    assert (tmp_path / "g.tsv").read_text(encoding="utf-8") == "http://example.org/a\thttp://example.org/b\thttp://example.org/c\n"
    assert (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines() == [
        '{"head": "a", "relation": "b", "tails": ["c"], "generations": []}'
    ]


def test_parquet_is_written_in_row_groups_as_the_graph_is_read(store, tmp_path, monkeypatch):
    """The Parquet export read every support of the store into a dict and kept every row before
    writing one table (478 MB at 100k triples, 652 MB at 200k, where N-Triples stays at ~100 MB),
    its bar at 0 while the provenance query ran: the triples are read in chunks, each chunk's
    provenance asked for by its statement nodes, and the rows written a row group at a time."""
    import pyarrow.parquet as pq

    from kg.exporters import parquet

    whole = tmp_path / "whole.parquet"
    main(["export", "--store", str(store), "-g", "all", "-o", str(whole), "-q"])
    monkeypatch.setattr(parquet, "TRIPLES_PER_QUERY", 7, raising=False)
    monkeypatch.setattr(parquet, "ROWS_PER_GROUP", 10, raising=False)
    chunked = tmp_path / "chunked.parquet"
    main(["export", "--store", str(store), "-g", "all", "-o", str(chunked), "-q"])
    rows = pq.read_table(chunked).to_pylist()
    assert pq.ParquetFile(chunked).metadata.num_row_groups >= len(rows) // 17 > 1
    key = lambda r: tuple(str(v) for v in r.values())  # noqa: E731
    assert sorted(rows, key=key) == sorted(pq.read_table(whole).to_pylist(), key=key)
    lyon = [r for r in rows if r["subject"] == RES + "lyon" and r["predicate"] == GEO + "locatedIn" and r["graph"] == "accepted"]
    assert sorted((r["source"] is not None, r["teacher"]) for r in lyon) == [(False, "replay:t"), (True, None)]


def load_store(tmp_path: Path, text: str, name: str = "st") -> Path:
    """A store holding ``text`` (Turtle), loaded with `kg load`."""
    data = tmp_path / f"{name}.ttl"
    data.write_text(text, encoding="utf-8")
    store = tmp_path / name
    main(["init", str(store)])
    main(["load", str(data), "--store", str(store), "-q"])
    return store


def test_parquet_keeps_a_literals_base_direction(tmp_path):
    """An RDF 1.2 literal's base direction (``"مرحبا"@ar--rtl``) was dropped: the row said
    language ``ar`` and nothing else, so the table could not be turned back into the same RDF."""
    import pyarrow.parquet as pq

    store = load_store(tmp_path, '@prefix ex: <http://example.org/> .\nex:a ex:name "مرحبا"@ar--rtl , "hello"@en , "plain" .\n')
    out = tmp_path / "x.parquet"
    main(["export", "--store", str(store), "-o", str(out), "-q"])
    rows = {r["object"]: r for r in pq.read_table(out).to_pylist()}
    assert (rows["مرحبا"]["language"], rows["مرحبا"]["direction"]) == ("ar", "rtl")
    assert (rows["hello"]["language"], rows["hello"]["direction"]) == ("en", None)
    assert rows["plain"]["direction"] is None and pq.read_schema(out).field("direction").type == "string"


def test_graphml_writes_doubles_as_java_reads_them(tmp_path):
    """GraphML's types are Java's, and a non-finite double was written ``inf``/``-inf``/``nan``
    (Python's spelling), which Double.parseDouble, and so yEd, Gephi and Cytoscape, refuse; it
    is ``Infinity``/``-Infinity``/``NaN`` now, as in the Neo4j CSV, and networkx reads it back."""
    store = load_store(tmp_path, """@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:x "INF"^^xsd:double . ex:b ex:x "NaN"^^xsd:double . ex:c ex:x "-INF"^^xsd:double . ex:d ex:x 2.5e0 .
""")
    out = tmp_path / "g.graphml"
    main(["export", "--store", str(store), "-o", str(out), "-q"])
    text = out.read_text(encoding="utf-8")
    (key,) = re.findall(r'<key id="(\w+)" for="node" attr.name="x" attr.type="double"', text)
    values = re.findall(rf'<data key="{key}">([^<]*)</data>', text)
    assert sorted(values) == ["-Infinity", "2.5", "Infinity", "NaN"]
    assert all(JAVA_NUMBER.match(v) for v in values)
    x = dict(nx.read_graphml(out).nodes(data="x"))
    assert x["http://example.org/a"] == float("inf") and x["http://example.org/c"] == float("-inf")
    assert x["http://example.org/b"] != x["http://example.org/b"] and x["http://example.org/d"] == 2.5


def test_several_values_are_joined_by_a_delimiter_xml_can_hold(tmp_path, capsys):
    """A literal holding every printable delimiter (; | ¦ ~ ^) made GraphML and GEXF join a
    property's several values with U+001F, then refuse the file as holding U+001F, telling the
    user to "clean the value" of a property whose values were x and y. The delimiter is one no
    joined value holds (a single value is never split), and one XML can hold."""
    store = load_store(tmp_path, """@prefix ex: <http://example.org/> .
ex:a ex:note "a;b|c¦d~e^f" ; ex:knows ex:b .
ex:b ex:tag "x" , "y" .
""")
    for name, read in (("g.graphml", nx.read_graphml), ("g.gexf", nx.read_gexf)):
        main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])
        g = read(tmp_path / name)
        assert g.nodes["http://example.org/b"]["tag"] == "x;y" and g.nodes["http://example.org/a"]["note"] == "a;b|c¦d~e^f"
    assert nx.read_graphml(tmp_path / "g.graphml").graph["value_delimiter"] == ";"
    # where the joined values themselves hold every one, the error says so
    store = load_store(tmp_path, '@prefix ex: <http://example.org/> .\nex:b ex:tag "a;b|c" , "d¦e~f^g" .\n', "taken")
    for name in ("t.graphml", "t.gexf"):
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit:
            main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])
        err = capsys.readouterr().err
        assert exit.value.code == 2 and "no delimiter is free to join a property's several values" in err
        assert "U+001F" not in err and "clean the value" not in err and not (tmp_path / name).exists()


def test_a_blank_node_has_one_id_in_every_export(tmp_path):
    """Parquet and PyKEEN TSV wrote a blank node ``_:ID``, GraphML, GEXF and Neo4j CSV ``ID``:
    a join of the Neo4j nodes (or GraphML) with the Parquet edge table missed every blank node.
    It is ``_:ID`` (N-Triples' form, never an IRI) in all of them."""
    import pyarrow.parquet as pq

    store = load_store(tmp_path, '@prefix ex: <http://example.org/> .\nex:q4 ex:address [ ex:city "Springfield" ] .\n')
    for name in ("x.parquet", "x.tsv", "x.graphml", "x.gexf"):
        main(["export", "--store", str(store), "-o", str(tmp_path / name), "-q"])
    main(["export", "--store", str(store), "-f", "neo4j-csv", "-o", str(tmp_path / "neo"), "-q"])
    rows = pq.read_table(tmp_path / "x.parquet").to_pylist()
    (blank,) = {r["object"] for r in rows if r["object_kind"] == "blank"}
    assert blank.startswith("_:") and {r["subject"] for r in rows} == {"http://example.org/q4", blank}
    assert (tmp_path / "x.tsv").read_text(encoding="utf-8").split("\n")[0].split("\t")[2] == blank
    for name, read in (("x.graphml", nx.read_graphml), ("x.gexf", nx.read_gexf)):
        g = read(tmp_path / name)
        assert set(g.nodes) == {"http://example.org/q4", blank} and g.nodes[blank]["city"] == "Springfield"
    neo = check_neo4j_folder(tmp_path / "neo")
    assert {r["iri"] for r in neo["nodes.csv"]} == {"http://example.org/q4", blank}
    assert [(r["START_ID"], r["END_ID"]) for r in neo["relationships.csv"]] == [("http://example.org/q4", blank)]


def test_an_edge_list_csv_is_written_for_a_csv_file_by_name_with_the_iris(store, tmp_path, capsys):
    """A botanist's `kg export -o edges.csv` said "cannot tell the export format": a CSV edge
    list (head,relation,tail by name, then the IRIs) is the ``csv`` format, chosen by ``.csv``;
    a value with a comma, a quote or a line break is quoted as CSV quotes it, and neo4j-csv
    still writes its folder where it is named."""
    out = tmp_path / "edges.csv"
    main(["export", "--store", str(store), "-o", str(out), "-q"])
    rows = list(csv.reader(out.open(newline="", encoding="utf-8"), strict=True))
    assert rows[0] == ["head", "relation", "tail", "head_iri", "relation_iri", "tail_iri", "tail_lower", "tail_upper"]
    body = {tuple(r[:3]): r for r in rows[1:]}
    assert body[("Paris", "capitalOf", "France")][3:] == [RES + "paris", GEO + "capitalOf", RES + "france", "", ""]
    assert body[("Lyon", "locatedIn", "France")][5] == RES + "france"  # loaded and distilled: one row
    assert len([r for r in rows if r[:3] == ["Lyon", "locatedIn", "France"]]) == 1
    assert body[("Paris", "population", "2102650")][5] == ""  # a literal: no IRI
    assert body[("Paris", "motto", 'Fluctuat nec mergitur; "it is tossed",\nbut does not sink')]
    assert body[("Paris", "type", "City")][5] == GEO + "City"
    assert not [r for r in rows if r[1] == "label"]  # the labels name the nodes
    assert f"wrote {len(rows) - 1:,} rows" in capsys.readouterr().out
    main(["export", "--store", str(store), "-f", "neo4j-csv", "-o", str(tmp_path / "neo.csv"), "-q"])
    assert (tmp_path / "neo.csv" / "nodes.csv").is_file()
