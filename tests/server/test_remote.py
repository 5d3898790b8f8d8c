"""``kg.store.remote.RemoteStore`` against a real SPARQL 1.1 server: Oxigraph's (PyPI ``oxigraph``),
and ``kg serve`` itself. The remote graph must hold the same quads as the embedded run."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.api import KnowledgeGraph
from kg.errors import QueryError, StoreError
from kg.records import Candidate, Completion, Reason, Unreadable, Verdict
from kg.store.remote import RemoteStore, endpoint_urls
from tests.server.conftest import EXPECTED_ACCEPTED, TOKEN, free_port, sample_size

KG = [sys.executable, "-m", "kg"]
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
GEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"


def verdicts() -> list[Verdict | Unreadable]:
    c = Completion("p1", "What is the capital of Italy?", "replay:test", 'Rome. "quoted" \\ and\nnewline')
    rome, italy = URIRef(RES + "rome"), URIRef(RES + "italy")
    accepted = Candidate(rome, URIRef(GEO + "capitalOf"), italy, c, "Rome", "lists", "Rome", "Italy")
    pop = Candidate(rome, URIRef(GEO + "population"), Literal(2873000), c, "2,873,000", "lists", "Rome")
    wrong = Candidate(italy, URIRef(GEO + "capitalOf"), rome, c, "Italy", "lists", "Italy", "Rome")
    return [
        Verdict.accept(accepted, 0.9),
        Verdict.accept(pop, 0.75),
        Verdict.reject(wrong, Reason("shape", "a country is not a capital", italy), confidence=0.1),
        Unreadable(c, '{"broken": ', "json_triples", "invalid JSON"),
    ]


@contextlib.contextmanager
def oxigraph_server(directory: Path) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port; yields its URL."""
    # the server comes with the [dev] extra (PyPI oxigraph): missing, the test fails, not skips
    assert Path(OXIGRAPH).exists(), f"no oxigraph server at {OXIGRAPH}: pip install -e '.[dev]'"
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as url:
        yield url


def nquads(path: Path) -> set[str]:
    return {str(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}


def kg(*args: str) -> subprocess.CompletedProcess:
    r = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


def test_endpoint_urls():
    assert endpoint_urls("http://h:7878") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoint_urls("http://h:3030/ds") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoint_urls("http://h:3030/ds/sparql") == ("http://h:3030/ds/sparql", "http://h:3030/ds/update")
    assert endpoint_urls("https://h/x/query", "https://h/y") == ("https://h/x/query", "https://h/y")
    with pytest.raises(StoreError):
        endpoint_urls("ftp://h/")


def test_cli_and_store_write_against_oxigraph_server_match_embedded(oxigraph_url, tmp_path, sample_ttl):
    # the embedded run (in this process)
    local = tmp_path / "local"
    with KnowledgeGraph.create(local) as graph:
        graph.load(sample_ttl)
        summary_local = graph.write(verdicts())
        graph.export(tmp_path / "local.nq", format="nquads", graph="all")
        q = "SELECT ?city ?l WHERE { ?city kgeo:capitalOf ?k ; rdfs:label ?l } ORDER BY ?l"
        rows_local = [(str(r["city"]), str(r["l"])) for r in graph.query(q).bindings()]
        stats_local = graph.stats().as_dict()

    # the same through the CLI with --store http://... and through RemoteStore
    kg("load", str(sample_ttl), "--store", oxigraph_url, "-q")
    with RemoteStore(oxigraph_url) as st:
        summary_remote = st.write(verdicts())
        st.write(verdicts())  # idempotent, as on the embedded store
        assert st.count("accepted") == sample_size() + 4  # 2 facts + 2 labels
    kg("export", "-o", str(tmp_path / "remote.nq"), "-f", "nquads", "-g", "all", "--store", oxigraph_url, "-q")

    assert summary_remote == summary_local
    local_quads, remote_quads = nquads(tmp_path / "local.nq"), nquads(tmp_path / "remote.nq")
    assert len(local_quads) > 60
    assert remote_quads == local_quads

    # queries answer the same, prefixes predeclared, default graph = accepted + inferred
    out = kg("query", q, "--store", oxigraph_url, "-f", "csv").stdout
    assert list(csv.reader(io.StringIO(out)))[1:] == [list(r) for r in rows_local]
    assert [r[1] for r in rows_local] == ["Paris", "Rome"]
    stats_remote = json.loads(kg("stats", "--store", oxigraph_url, "-f", "json").stdout)
    cache = stats_remote.pop("teacher_cache")  # the CLI also says where a remote store's answers are cached
    assert "kg-distill" in cache["path"] and stats_remote == stats_local


def test_remote_store_primitives(oxigraph_url):
    with RemoteStore(oxigraph_url) as st:
        st.clear_graph("inferred")
        a, p, b = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org/b")
        g = ox.NamedNode("https://w3id.org/kgdistill/graph/inferred")
        tricky = ox.Literal('say "hi" } . <http://evil/> <http://evil/> <http://evil/> .\n\\')
        st.add_quads([ox.Quad(a, p, b, g), ox.Quad(a, p, tricky, g)])
        assert {str(q.object) for q in st.match(a, graph="inferred")} == {str(b), str(tricky)}
        assert st.query("ASK { <http://example.org/a> <http://example.org/p> <http://example.org/b> }").boolean
        assert not st.query("ASK { <http://evil/> ?p ?o }", graph="all").boolean
        assert {str(q.object) for q in st.match(graph="inferred")} == {str(b), str(tricky)}  # Oxigraph's /store
        st.remove_quads([ox.Quad(a, p, tricky, g)])
        assert [str(q.object) for q in st.match(a, graph="inferred")] == [str(b)]
        st.clear_graph("inferred")
        assert st.count("inferred") == 0
        st.bulk_chunk = 2  # a bulk load goes in several requests
        many = [ox.Quad(a, p, ox.Literal(str(i)), g) for i in range(5)]
        assert st.add_quads(many, bulk=True) == 5
        assert st.count("inferred") == 5
        st.clear_graph("inferred")
        with pytest.raises(QueryError, match="400"):
            st.query("SELECT * WHERE { ?s ?p }")


def test_remote_store_against_kg_serve(server, writable_server):
    with RemoteStore(server.url) as st:  # bare URL: /query and /update, as Oxigraph
        assert st.count("accepted") == EXPECTED_ACCEPTED
        # a whole graph comes through the Graph Store Protocol, streamed and never cut: the
        # CONSTRUCT it was read with stopped at the row cap (100 here), so a remote export or
        # training on any real graph failed
        whole = list(st.match(graph="accepted"))
        assert len(whole) == EXPECTED_ACCEPTED and len(set(whole)) == EXPECTED_ACCEPTED
        with pytest.raises(StoreError, match="row cap"):  # a pattern's truncation is an error, never silent
            list(st.match(predicate=ox.NamedNode("http://example.org/value"), graph="accepted"))
        with pytest.raises(StoreError, match="403"):
            st.update("CLEAR ALL")
    with RemoteStore(writable_server.sparql, token=TOKEN) as st:
        st.write(verdicts())
        assert st.query("ASK { res:rome kgeo:capitalOf res:italy }").boolean
    with RemoteStore(writable_server.sparql) as st:
        with pytest.raises(StoreError, match="401"):
            st.write(verdicts())


def test_every_graph_of_a_remote_store_counts_as_on_the_embedded_one(oxigraph_url, tmp_path):
    """On a remote store "all" meant the six graphs kg writes: `kg stats` and `kg export -g all`
    left out a graph a user keeps beside them (the embedded store counted it)."""
    mine = ox.NamedNode("http://example.org/graph/mine")
    with RemoteStore(oxigraph_url) as st:
        st.add_quads([ox.Quad(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/y"), ox.Literal("z"), mine)])
        try:
            assert st.stats().graphs[mine.value] == 1
            assert st.query(f"ASK {{ GRAPH <{mine.value}> {{ ?s ?p ?o }} }}", graph="all").boolean
            kg("export", "--store", oxigraph_url, "-g", "all", "-o", str(tmp_path / "all.nq"), "--quiet")
            assert f'<http://example.org/x> <http://example.org/y> "z" <{mine.value}>' in nquads(tmp_path / "all.nq")
        finally:
            st.update(f"DROP SILENT GRAPH <{mine.value}>")


def test_a_dataset_of_many_graphs_is_read_whole(server, writable_server):
    """'all' names every graph of the endpoint: 400 graphs in the URL's query string (60 KB)
    were more than the server reads (a 431/400), so the dataset goes in a form body."""
    graphs = [f"http://example.org/graph/a-rather-long-graph-name-number-{i:04d}" for i in range(400)]
    x, y = ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/y")
    with RemoteStore(writable_server.sparql, token=TOKEN) as st:
        st.add_quads([ox.Quad(x, y, ox.Literal(i), ox.NamedNode(g)) for i, g in enumerate(graphs)])
        try:
            stats = st.stats()
            assert all(stats.graphs[g] == 1 for g in graphs)
        finally:
            st.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))


def test_mined_rules_are_written_read_and_accepted_on_a_remote_store(oxigraph_url):
    from kg.students.rule_graph import read_rules, set_status, write_rules
    from kg.students.rules import MiningConfig, mine

    ex, parent, grand = "http://example.org/", "http://example.org/parentOf", "http://example.org/grandparentOf"
    pairs = [("a", "b"), ("a", "c"), ("b", "d"), ("b", "e"), ("c", "f")]
    triples = [(ex + x, parent, ex + y) for x, y in pairs] + [(ex + "a", grand, ex + "d"), (ex + "a", grand, ex + "e")]
    mined = mine(triples, MiningConfig(min_support=2))
    assert mined.rules
    with RemoteStore(oxigraph_url) as st:
        st.clear_graph("rules")
        write_rules(st, mined)  # the rules graph's node comes from the graph name, not the embedded store
        assert {r for _, _, r in read_rules(st)} == set(mined.rules)
        assert set_status(st, "accepted") == len(mined.rules)
        assert {status for _, status, _ in read_rules(st)} == {"accepted"}
        st.clear_graph("rules")


def test_unreachable_endpoint_is_a_clear_error():
    port = free_port()
    with RemoteStore(f"http://127.0.0.1:{port}") as st:
        with pytest.raises(StoreError, match="cannot reach"):
            st.query("ASK {}")


def test_pipeline_ingest_infer_and_why_against_oxigraph_server(tmp_path, sample_ttl):
    domain = Path(__file__).resolve().parents[2] / "ontologies" / "geography"
    with oxigraph_server(tmp_path / "db") as url, KnowledgeGraph.open(url) as graph:
        report = graph.ingest(sample_ttl, domain)
        assert report.accepted > 0 and report.batches == 1
        before = graph.stats().graphs
        graph.ingest(sample_ttl, domain)  # a rerun adds nothing
        assert graph.stats().graphs == before
        assert graph.query("ASK { res:paris kgeo:capitalOf res:france }").boolean
        assert graph.infer(domain) > 0
        assert graph.query("ASK { GRAPH graph:inferred { ?s ?p ?o } }", graph="all").boolean
        assert graph.why(("Paris", "kgeo:capitalOf", "France")).status == "accepted"
        assert graph.why(("Lyon", "kgeo:capitalOf", "France")).status == "unknown"


def test_remote_writers_keep_accepted_out_of_inferred_whatever_the_interleaving(writable_server):
    """Two `kg ingest --store http://...` through one `kg serve --allow-update` left facts in both
    graph:accepted and graph:inferred: each batch's update is evaluated by the server as it
    writes, so the second writer's stale inference is not added and its fact leaves inferred."""
    from tests.core.test_store import apart, interleaved_writers

    with RemoteStore(writable_server.sparql, token=TOKEN) as st:
        before = apart(st)
        interleaved_writers(st.add_nquads)
        assert apart(st) == (before[0] + 2, before[1])


def test_a_parquet_export_of_a_served_store_is_not_cut_at_the_row_cap(server, tmp_path):
    """The Parquet export asked for every support of the store in one SELECT, which kg serve cuts
    at its row cap (10,000 by default, 100 here): past it the export failed ("truncated the
    result at its row cap"), where the RDF formats, read through the Graph Store GET, export any
    size. The provenance is asked for a chunk of statements at a time, a chunk the endpoint
    cuts asked again in halves."""
    import pyarrow.parquet as pq

    from kg.cli import main

    out = tmp_path / "edges.parquet"
    main(["export", "--store", server.url, "-o", str(out), "-q"])
    rows = pq.read_table(out).to_pylist()
    assert len(rows) > 100 and len({(r["subject"], r["predicate"], r["object"]) for r in rows}) == EXPECTED_ACCEPTED
    assert all(r["source"] is not None and r["retracted"] is False for r in rows)  # each loaded from the file, once
