"""The Python reasoning API: KnowledgeGraph.open, query, add, neighbors, paths, and the methods
that delegate to the reasoners, the pipeline and the students (tested where those exist)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.api import KnowledgeGraph
from kg.errors import KGError, QueryError
from tests.conftest import kg_exit_code

GEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def geo(store_dir, sample_ttl):
    with KnowledgeGraph.create(store_dir) as kg:
        kg.load(sample_ttl)
    kg = KnowledgeGraph.open(store_dir)
    yield kg
    kg.close()


def test_open_query_add(geo):
    rows = geo.query("SELECT ?c WHERE { ?c a kgeo:Country } ORDER BY ?c").bindings()
    assert [str(r["c"]) for r in rows] == [RES + "france", RES + "spain"]
    n = geo.add([(URIRef(RES + "madrid"), URIRef(GEO + "capitalOf"), URIRef(RES + "spain"))], source="test")
    assert n == 1
    assert geo.query("ASK { res:madrid kgeo:capitalOf res:spain }").boolean


def test_a_knowledge_graph_opens_from_where_its_store_is(store_dir, sample_ttl):
    """KnowledgeGraph("my-store") failed later with "'str' object has no attribute 'query'"."""
    with KnowledgeGraph.create(store_dir) as kg:
        kg.load(sample_ttl)
    for where in (store_dir, str(store_dir)):
        with KnowledgeGraph(where) as kg:
            assert kg.resolve("France") == URIRef(RES + "france")


def test_a_store_that_is_not_a_place_is_a_kg_error():
    """KnowledgeGraph(5).query(...) raised AttributeError, KnowledgeGraph.open(None) and
    create(None) TypeError, and an endpoint URL with a bad host (http://256.0.0.1/sparql)
    httpx.InvalidURL at its first query: none of them a KGError. Each now says what a store is."""
    from kg.errors import StoreError, UsageError

    for make in (KnowledgeGraph, KnowledgeGraph.open, KnowledgeGraph.create):
        for given in (5, None):
            with pytest.raises(UsageError, match=f"a directory or an endpoint URL .* not {type(given).__name__}"):
                make(given)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match=r"not an http\(s\) endpoint URL: 'http://256.0.0.1/sparql' \(Invalid IPv4"):
        KnowledgeGraph.open("http://256.0.0.1/sparql").query("ASK {}")


def test_resolve_labels_and_iris(geo):
    assert geo.resolve("France") == URIRef(RES + "france")
    assert geo.resolve("france") == URIRef(RES + "france")  # case-insensitive label
    assert geo.resolve("res:spain") == URIRef(RES + "spain")
    assert geo.resolve(RES + "lyon") == URIRef(RES + "lyon")
    from kg.iri import mint_iri

    assert geo.resolve('Évry" } "quoted') == mint_iri('Évry" } "quoted')  # unknown: minted, no injection
    with pytest.raises(KGError):
        geo.resolve("  ")
    with pytest.raises(KGError, match="not a valid IRI"):
        geo.neighbors("http://example.org/x> } UNION { ?s ?p ?o")


def test_neighbors(geo):
    facts = {(n.direction, n.predicate.rsplit("#", 1)[-1], n.label or n.node) for n in geo.neighbors("France")}
    assert facts == {
        ("out", "type", GEO + "Country"),
        ("out", "borders", "Spain"),
        ("out", "onContinent", "Europe"),
        ("in", "capitalOf", "Paris"),
        ("in", "locatedIn", "Lyon"),
    }
    paris = {str(n.fact) for n in geo.neighbors(RES + "paris")}
    assert "Paris --capitalOf--> France" in paris
    assert "Paris --population--> '2102650'" in paris


def test_an_entity_the_graph_lacks_is_an_error_not_an_empty_answer(geo):
    """neighbors("Atlantis"), neighbors("Franse") (a typo) and paths("Lyon", "Atlantis") were
    ``[]``: the same answer as for an entity with no facts, with no hint of the typo."""
    for ask in (lambda: geo.neighbors("Atlantis"), lambda: geo.neighbors("Franse"), lambda: geo.paths("Lyon", "Atlantis")):
        with pytest.raises(QueryError, match="unknown entity '(Atlantis|Franse)': no entity of the graph has that label"):
            ask()


def test_paths(geo):
    paths = geo.paths("Lyon", "Spain")
    assert [[str(f) for f in p] for p in paths] == [["Lyon --locatedIn--> France", "France --borders--> Spain"]]
    assert geo.paths("Lyon", "Spain", directed=True)[0][-1].object == RES + "spain"
    assert geo.paths("Lyon", "Spain", max_length=1) == []
    # the cached graph follows writes made through the API
    geo.add([(URIRef(RES + "lyon"), URIRef(GEO + "borders"), URIRef(RES + "spain"))])
    assert [str(f) for f in geo.paths("Lyon", "Spain")[0]] == ["Lyon --borders--> Spain"]


def test_open_remote_url_gives_remote_store():
    from kg.store.remote import RemoteStore

    kg = KnowledgeGraph.open("http://127.0.0.1:9/sparql")
    assert isinstance(kg.store, RemoteStore)
    kg.close()


def test_a_url_of_another_scheme_is_not_taken_for_a_folder(tmp_path, capsys, monkeypatch):
    """KnowledgeGraph.open("ftp://example.org/sparql") and `kg stats --store ftp://...` said
    "no store at 'ftp:/example.org/sparql'; create one with `kg init ftp:/example.org/sparql`",
    and `kg init` would have made that folder. Now each says what a store is, in one line."""
    from kg.errors import UsageError

    monkeypatch.chdir(tmp_path)
    for make in (KnowledgeGraph.open, KnowledgeGraph.create):
        with pytest.raises(UsageError, match=r"a folder or an http:// or https:// SPARQL endpoint .* 'ftp://example.org/sparql'"):
            make("ftp://example.org/sparql")
    assert kg_exit_code("stats", "--store", "ftp://example.org/sparql") == 2
    assert kg_exit_code("init", "ftp://example.org/sparql") == 2
    err = capsys.readouterr().err
    assert "scheme ftp" in err and "Traceback" not in err and "kg init ftp" not in err
    assert list(tmp_path.iterdir()) == []


def test_missing_layer_is_a_clear_error(geo, monkeypatch):
    import importlib

    real = importlib.import_module

    def fake(name, *a, **k):
        if name == "reasoners.explain":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(KGError, match="needs the module reasoners.explain"):
        geo.why(("Paris", GEO + "capitalOf", "France"))


def test_infer_with_the_geography_rules(geo):
    inferred = "ASK { GRAPH graph:inferred { res:lyon kgeo:onContinent res:europe } }"
    assert not geo.query(inferred, graph="all").boolean
    n = geo.infer(ROOT / "ontologies" / "geography")
    assert n == len(geo.query("SELECT * WHERE { GRAPH graph:inferred { ?s ?p ?o } }", graph="all").bindings())
    # the shipped rule (a city's country's continent) and OWL 2 RL (borders is symmetric)
    assert geo.query(inferred, graph="all").boolean
    assert geo.query("ASK { GRAPH graph:inferred { res:spain kgeo:borders res:france } }", graph="all").boolean
    assert not geo.query("ASK { GRAPH graph:inferred { res:paris kgeo:capitalOf res:france } }", graph="all").boolean


def test_why_explains_an_accepted_fact_by_its_source(geo, sample_ttl):
    explanation = geo.why(("Paris", GEO + "capitalOf", "France"))
    assert explanation.status == "accepted"
    assert explanation.tree.status == "asserted"
    assert [p["source"] for p in explanation.tree.provenance] == [sample_ttl.resolve().as_uri()]
    # print(kg.why(...)), as the docs do, is text a line a step (it was the dataclass's repr)
    assert str(explanation).splitlines() == [
        "res:paris kgeo:capitalOf res:france: accepted",
        f"  res:paris kgeo:capitalOf res:france [asserted]: file {sample_ttl.resolve().as_uri()}",
    ]
    # a triple the store does not hold is not explained
    assert geo.why(("Lyon", GEO + "capitalOf", "France")).status == "unknown"


def test_why_reads_a_rejected_facts_names_as_kg_why_does(geo):
    """KnowledgeGraph.why(("Louis XIV", "succeededBy", "great")) said "unknown (the store neither
    holds nor rejected this triple)" where `kg why` showed it rejected with its reasons: an
    object the store names only in a rejected candidate ("great") was read as a text."""
    from rdflib import Literal

    from kg.records import Candidate, Reason, Verdict
    from reasoners.explain import explain, parse_triple

    cand = Candidate(URIRef(RES + "france"), URIRef(GEO + "hasCapital"), URIRef(RES + "great"), extractor="lists",
                     subject_label="France", object_label="great")
    geo.store.write([Verdict.reject(cand, Reason("reference", "the reference graph says Paris", URIRef(RES + "great")), confidence=0.1)])
    assert next(iter(geo.store.match(URIRef(RES + "great"), None, Literal("great"), graph="rejected")), None) is not None
    for relation in ("hasCapital", "kgeo:hasCapital", GEO + "hasCapital"):
        assert geo.why(("France", relation, "great")).status == "rejected", relation
    assert explain(geo.store, parse_triple(geo.store, "France kgeo:hasCapital great")).status == "rejected"  # as `kg why`


def test_resolve_gives_a_name_the_entity_a_run_gives_it(tmp_path):
    """With the reference's own IRIs (ent:jp2 "John Paul II"), resolve minted ent:john_paul_ii,
    another entity than the one a run writes, and ent:pavia, the reference's Battle of Pavia, for
    the town; 'Louis XIV (the Sun King)' a new hashed IRI though 'the Sun King' was Louis XIV."""
    from kg.cli import main
    from tests.extractors.test_extractors import _history

    domain = _history(tmp_path)
    ent = "https://example.org/hist/entity/"
    main(["init", str(tmp_path / "st"), "--domain", str(domain.path)])
    with KnowledgeGraph.open(tmp_path / "st") as kg:
        assert kg.resolve("Karol Wojtyła") == kg.resolve("John Paul II") == URIRef(ent + "jp2")
        assert kg.resolve("Louis XIV (the Sun King)") == kg.resolve("the Sun King") == URIRef(ent + "louis_xiv")
        assert str(kg.resolve("Pavia")).startswith(ent + "pavia_")
        assert kg.resolve("Tiberius") == URIRef(ent + "tiberius")


@pytest.mark.java
def test_check_finds_the_sample_consistent_and_a_self_border_not(geo):
    report = geo.check(ROOT / "ontologies" / "geography")
    assert report.consistent is True
    # borders is irreflexive: a country bordering itself makes the knowledge inconsistent
    geo.add([(URIRef(RES + "france"), URIRef(GEO + "borders"), URIRef(RES + "france"))], source="test")
    report = geo.check(ROOT / "ontologies" / "geography")
    assert report.consistent is False
    assert (URIRef(RES + "france"), URIRef(GEO + "borders"), URIRef(RES + "france")) in report.responsible


def test_distill_from_python_with_a_spec_or_a_teacher_object_and_a_list_of_seeds(tmp_path):
    """``KnowledgeGraph.distill`` (before: no such method; a notebook had to build a
    DistillConfig, write its seeds to a file and call kg.pipeline.distill) runs what
    ``kg distill`` runs: the same run for the same arguments, resumed when called again."""
    from kg.teachers.base import Teacher
    from tests.conftest import kg_exit_code
    from tests.pipeline.conftest import ANSWERS, geography_prompts, write_geo_files

    files = write_geo_files(tmp_path)
    cli_store = tmp_path / "cli"
    assert kg_exit_code("distill", "--domain", "geography", "--teacher", f"replay:{files['transcript']}", "--store",
                        str(cli_store), "--seeds", str(files["seeds"]), "--samples", "3", "--quiet") == 0
    with KnowledgeGraph.open(cli_store) as kg:
        cli_accepted = kg.stats().graphs["accepted"]

    with KnowledgeGraph.create(tmp_path / "api") as kg:
        report = kg.distill(f"replay:{files['transcript']}", domain="geography", seeds=["France", "Paris"],
                            settings={"teacher.samples": 3})
        assert report.prompts == len(geography_prompts()) and report.accepted > 0
        assert kg.stats().graphs["accepted"] == cli_accepted
        again = kg.distill(f"replay:{files['transcript']}", domain="geography", seeds=["France", "Paris"],
                           settings={"teacher.samples": 3})
        assert again.run == report.run and again.batches_resumed == again.batches  # nothing asked twice

    class Lab(Teacher):
        """A teacher of one's own: answers from a dict."""

        backend = "lab"

        def _run(self, jobs, params, sink):
            for job in jobs:
                for i in job.sample_indices:
                    sink.completed(job, i, ANSWERS[(job.prompt.head, job.prompt.relation)][i])

    with KnowledgeGraph.create(tmp_path / "own") as kg:
        told = []
        report = kg.distill(Lab("v1"), domain="geography", seeds=["France"], settings={"teacher.samples": 3},
                            progress=lambda stage, advance=0, total=None: told.append((stage, advance)))
        assert ("teacher", 7) in told
        assert report.teacher == "lab:v1" and report.accepted > 0
        assert kg.query("ASK { res:france kgeo:hasCapital res:paris }").boolean
        with pytest.raises(KGError, match="a list of heads or topics, not one string"):
            kg.distill(Lab("v1"), domain="geography", seeds="France")
        with pytest.raises(KGError, match="not both"):
            kg.distill(Lab("v1"), domain="geography", settings={"prompts.seeds": ["France"], "prompts.seeds_file": str(files["seeds"])})
        with pytest.raises(KGError, match="must be a spec"):
            kg.distill(42, domain="geography", seeds=["France"])


def test_a_teacher_object_without_a_cache_gets_the_stores_so_an_interrupted_run_pays_once(tmp_path):
    """A notebook's own teacher (a RequestTeacher made without a cache) interrupted mid-run
    (the kernel's interrupt) lost every answer it had paid for: the rerun asked all of them
    again, where a teacher named by its spec reads them back from STORE/teacher-cache.sqlite."""
    from kg.teachers.simple import RequestTeacher
    from tests.pipeline.conftest import ANSWERS

    class Lab(RequestTeacher):
        backend = "lab"
        asked: list[str] = []

        def __init__(self, interrupt_at: int = 0) -> None:
            super().__init__("v1", concurrency=1)
            self.interrupt_at = interrupt_at

        def ask(self, prompt, params, sample_index):
            if len(self.asked) + 1 == self.interrupt_at:
                raise KeyboardInterrupt
            self.asked.append(prompt.text)
            return ANSWERS[(prompt.head, prompt.relation)][sample_index]

    with KnowledgeGraph.create(tmp_path / "own") as kg:
        with pytest.raises(KeyboardInterrupt):
            kg.distill(Lab(interrupt_at=4), domain="geography", seeds=["France"])
        assert len(Lab.asked) == 3 and kg.stats().graphs["accepted"] == 0  # paid for, not yet written
        kg.distill(Lab(), domain="geography", seeds=["France"])
        assert len(Lab.asked) == len(set(Lab.asked))  # the rerun asked only what had not been answered
        assert kg.query("ASK { res:france kgeo:hasCapital res:paris }").boolean
        teacher = Lab()
        kg.distill(teacher, domain="geography", seeds=["Paris"])
        assert teacher.cache is None  # the store's cache was lent for the run, not kept


def test_distill_and_ingest_from_python_can_show_progress_bars(tmp_path, capfd):
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)
    with KnowledgeGraph.create(tmp_path / "api") as kg:
        fixed = {"prompts.store_examples": False}  # the transcript's prompts, whatever the store holds
        kg.distill(f"replay:{files['transcript']}", domain="geography", seeds=["France"], settings=fixed, progress=True)
        assert "teacher (prompts)" in capfd.readouterr().err
        kg.distill(f"replay:{files['transcript']}", domain="geography", seeds=["Paris"], settings=fixed)
        assert "teacher (prompts)" not in capfd.readouterr().err  # none unless asked: a library is quiet
        kg.ingest(files["transcript"], "geography", progress=True)
        assert "checks (candidates)" in capfd.readouterr().err


def test_ingest_from_python_reads_the_stores_configuration_and_critic_as_kg_ingest_does(tmp_path):
    """``KnowledgeGraph.ingest`` ran with a bare DistillConfig: no store, so neither the store's
    trained critic (STORE/critic: an ATOMIC file on a commonsense store with a critic kept 549 of
    550, ``kg ingest`` 264) nor its kg.toml; it now judges as ``kg ingest --store`` does."""
    from kg.errors import CriticError
    from tests.conftest import kg_exit_code
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)
    counts = {}
    for name in ("cli", "api", "default"):
        store = tmp_path / name
        KnowledgeGraph.create(store).close()
        if name != "default":  # the signals' mean decides what the reference does not hold
            (store / "kg.toml").write_text("[critic]\nthreshold = 0.99\n", encoding="utf-8")
        if name == "cli":
            assert kg_exit_code("ingest", str(files["transcript"]), "--domain", "geography", "--store", str(store), "--quiet") == 0
        with KnowledgeGraph.open(store) as kg:
            if name != "cli":
                kg.ingest(files["transcript"], "geography")
            counts[name] = kg.stats().graphs.get("accepted", 0)
    assert counts["api"] == counts["cli"] < counts["default"]
    with KnowledgeGraph.create(tmp_path / "broken") as kg:
        (tmp_path / "broken" / "critic").mkdir()
        (tmp_path / "broken" / "critic" / "model.safetensors").write_text("", encoding="utf-8")
        with pytest.raises(CriticError, match="no critic.json"):  # the store's critic is read, never passed over
            kg.ingest(files["transcript"], "geography")
        with pytest.raises(KGError, match="not both"):
            kg.ingest(files["transcript"], "geography", settings={"critic.model": "none"}, config=None)


def test_distill_from_python_whose_every_prompt_failed_is_an_error_as_kg_distill_exits_1(tmp_path):
    """A teacher that refused every request (the server down, a wrong key): ``kg distill`` exits
    1, ``KnowledgeGraph.distill`` returned a report (``failed_prompts=1``: a batch of one prompt,
    which the run's stop at a batch of failures does not cover), read as a run done."""
    from kg.errors import TeacherError
    from kg.teachers.testing import FakeOpenAIServer

    with FakeOpenAIServer(faults={"": ["401"] * 1000}) as server, KnowledgeGraph.create(tmp_path / "s") as kg:
        with pytest.raises(TeacherError, match=r"every prompt failed \(1 of 1\), nothing was stored: 1 x .*401") as caught:
            kg.distill(f"openai:m@{server.base_url}", domain="geography", seeds=["France"],
                       settings={"prompts.relations": ["hasCapital"], "teacher.retries": 0})
        assert caught.value.report.outcome == "failed"  # type: ignore[attr-defined]
        assert kg.stats().graphs.get("accepted", 0) == 0


def test_a_python_run_with_no_critic_in_an_open_world_domain_is_refused_as_judge_is(tmp_path):
    """``kg.judge`` refused to judge commonsense facts with no trained critic ("would pass on the
    checks alone") while ``kg.distill`` and ``kg.ingest`` on the same store let in 69 of 70, with
    a note in a report a notebook does not print; both refuse now, and ``critic.model = "none"``
    (or ``trusted=True``) accepts that, as ``--critic none`` does."""
    from kg.teachers.base import Teacher

    atomic = tmp_path / "rows.jsonl"
    atomic.write_text('{"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"]}\n', encoding="utf-8")

    class Kind(Teacher):
        backend = "kind"
        asked = 0

        def _run(self, jobs, params, sink):
            for job in jobs:
                Kind.asked += 1
                for i in job.sample_indices:
                    sink.completed(job, i, "to eat it")

    with KnowledgeGraph.create(tmp_path / "cs") as kg:
        for run in (lambda **kw: kg.distill(Kind("v1"), domain="commonsense", seeds=["PersonX bakes bread"], **kw),
                    lambda **kw: kg.ingest(atomic, "commonsense", **kw)):
            before = kg.stats().graphs.get("accepted", 0)
            with pytest.raises(KGError, match="no trained critic in .*open-world facts of commonsense.*--critic none"):
                run()
            assert Kind.asked == 0 and kg.stats().graphs.get("accepted", 0) == before  # refused before anything was asked or written
            with pytest.raises(KGError, match="no trained critic"):
                kg.judge([("PersonX bakes bread", "xWant", "to eat it")], domain="commonsense")
            assert run(settings={"critic.model": "none"}).accepted > 0  # the explicit opt-out, as --critic none
            Kind.asked = 0
        kg.ingest(atomic, "commonsense", trusted=True)  # facts one trusts: no critic asked for


WHY_THREADS = """
import sys
from concurrent.futures import ThreadPoolExecutor
from kg.api import KnowledgeGraph

kg = KnowledgeGraph.open(sys.argv[1])
def one(_):
    try:
        kg.why(("Paris", "kgeo:capitalOf", "France"))
        return "ok"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
with ThreadPoolExecutor(8) as pool:
    print(sorted(set(pool.map(one, range(8)))))
print(one(0))
"""


def test_the_first_why_calls_at_once_do_not_break_the_rule_parser(tmp_path, sample_ttl):
    """Eight first ``why()`` calls at once (a web app's first requests) broke rdflib's SPARQL
    parser for the life of the process: most failed with "city_on_continent.rq: not valid
    SPARQL: <lambda>() missing 1 required positional argument", and so did every later call.
    The rules are now parsed one at a time. (A fresh process: the race is on first use.)"""
    import subprocess
    import sys

    store = tmp_path / "st"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    assert kg_exit_code("load", str(sample_ttl), "--store", str(store)) == 0
    done = subprocess.run([sys.executable, "-c", WHY_THREADS, str(store)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["['ok']", "ok"], done.stdout


def test_resolve_prefers_the_exact_label_and_refuses_what_names_nothing(geo):
    """resolve() ran `{exact} UNION {case-insensitive} LIMIT 1` unordered: with "FRANCE" also a
    label, resolve("France") gave that entity (and neighbors("France") described it). None, 1
    and b"France" were read as labels: res:none, and kg.add([(1, 2, 3)]) wrote res:1 res:2 3."""
    france = geo.resolve("France")
    from rdflib import Literal, RDFS

    geo.add([(URIRef("http://ex.org/aa0"), RDFS.label, Literal("FRANCE"))])
    assert geo.resolve("France") == france and geo.resolve("FRANCE") == URIRef("http://ex.org/aa0")
    for bad in (None, 1, b"France"):
        with pytest.raises(KGError, match="named by a label or an IRI"):
            geo.resolve(bad)
    before = len(geo.query("SELECT * WHERE { ?s ?p ?o }", graph="accepted"))
    with pytest.raises(KGError, match="named by a label or an IRI"):
        geo.add([(1, 2, 3)])
    # a missing tail (None) or a list was a bare TypeError from the store: "not an RDF term: None"
    for bad in (None, ["Paris", "Lyon"]):
        with pytest.raises(QueryError, match=f"an object is a label, an IRI, an RDF term or a value .*, not {type(bad).__name__}"):
            geo.add([("Paris", "kgeo:capitalOf", bad)])
    assert len(geo.query("SELECT * WHERE { ?s ?p ?o }", graph="accepted")) == before


def test_a_query_that_fails_as_it_runs_is_a_query_error(geo):
    """An unknown function raised builtins.RuntimeError, an unreachable SERVICE a
    ConnectionRefusedError while the rows were read, query(None) a TypeError from deep inside."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens
    for sparql in ("SELECT * WHERE { BIND(<http://x/f>(1) AS ?x) }",
                   f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"):
        with pytest.raises(QueryError, match="query failed"):
            list(geo.query(sparql))
    with pytest.raises(QueryError, match="a query is SPARQL text"):
        geo.query(None)  # type: ignore[arg-type]


def test_the_cached_networkx_graph_is_frozen_and_neighbors_checks_its_limit(geo):
    """Changing the graph networkx() returned (the cache itself) made paths() fail with
    AttributeError; neighbors(limit=-1) leaked the internal query's parse error."""
    import networkx as nx

    g = geo.networkx()
    with pytest.raises(nx.NetworkXError, match="Frozen graph"):
        g.remove_node(next(iter(g)))
    copy = nx.MultiDiGraph(g)
    copy.remove_node(next(iter(copy)))
    assert geo.paths("Paris", "France")
    for bad in (-1, "5", 2.5):
        with pytest.raises(QueryError, match="limit is a whole number"):
            geo.neighbors("France", limit=bad)


def test_triples_of_the_wrong_shape_are_one_clear_error(geo):
    """add(("Paris", "capitalOf", "France")), one triple not in a list, said "not an RDF term:
    'P'"; validate() of the same, and why() of a string or None, raised TypeError/ValueError."""
    cases = [
        (lambda: geo.add(("Paris", "capitalOf", "France")), "wrap the one triple: add"),
        (lambda: geo.add([("Paris", "capitalOf")]), "add takes (subject, predicate, object) triples in a list"),
        (lambda: geo.validate(("Paris", "capitalOf", "France"), domain="geography"), "wrap the one triple: validate"),
        (lambda: geo.why("Paris kgeo:capitalOf France"), "why takes a (subject, predicate, object) triple"),
        (lambda: geo.why(None), "why takes a (subject, predicate, object) triple"),
    ]
    for call, message in cases:
        with pytest.raises(QueryError, match=re.escape(message)):
            call()


def test_one_string_given_for_a_list_of_triples_says_so(geo):
    """validate("Lyon capitalOf France") said "validate takes (subject, predicate, object)
    triples in a list, not str 'L'" (it read the string's first character as a triple), and
    with a store of several domains it asked for a domain first. It now names the string."""
    for call in (lambda: geo.validate("Lyon capitalOf France"), lambda: geo.add("Lyon capitalOf France")):
        with pytest.raises(QueryError, match=r"takes a list of \(subject, predicate, object\) triples, not one str 'Lyon capitalOf France'"):
            call()


def test_an_update_given_as_a_query_says_it_is_an_update(geo):
    """query("INSERT DATA { ... }") said "invalid SPARQL: error at 1:10: expected CONSTRUCT";
    it now says it is an update and where updates go."""
    for update in ("INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
                   "PREFIX ex: <http://ex/#a>\n# drop b\ndelete where { ?s ex:b ?o }"):
        with pytest.raises(QueryError, match=r"^(INSERT|DELETE) starts a SPARQL update, not a query .*store\.update\(\)"):
            geo.query(update)
    with pytest.raises(QueryError, match="invalid SPARQL"):
        geo.query("SELECT ?x WHERE { ?x ")


def test_importing_the_api_leaves_networkx_until_a_graph_is_built():
    """`import kg.api` imported networkx (a third of its import time), though only
    KnowledgeGraph.networkx()/paths() and GraphML/GEXF export use it."""
    import subprocess
    import sys

    code = "import sys, kg.api; print('networkx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.split() == ["False"], done.stderr[-2000:]


def test_the_readme_python_example_closes_the_file_it_writes():
    """The README's Python example ended with `open("why.svg", "w").write(...)`, which leaks the
    file handle (ResourceWarning: unclosed file under `python -X dev`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("From Python:\n\n```python\n", 1)[1].split("```", 1)[0]
    compile(example, "README.md", "exec")
    assert 'Path("why.svg").write_text(explanation.to_svg())' in example and not re.search(r"(?<![\w.])open\(", example)


def test_the_api_methods_say_what_they_return():
    """kg ships py.typed, but why(), distill(), ingest(), retract(), apply_review(), check(),
    mine_rules() and predict_links() were typed `-> Any`, so a type checker accepted
    `report.acepted` or `explanation.to_svgg()`. Each now names the record it returns."""
    import inspect

    from kg.critics.rescore import RescoreReport
    from kg.critics.retract import RetractReport
    from kg.pipeline.runs import RunReport
    from kg.students.linkpred import Prediction
    from kg.students.rule_mining import MinedRules
    from reasoners.explanation import Explanation
    from reasoners.owl import ConsistencyReport

    names = {c.__name__: c for c in (RescoreReport, RetractReport, RunReport, Prediction, MinedRules, Explanation, ConsistencyReport)}
    expected = {"why": Explanation, "distill": RunReport, "ingest": RunReport, "retract": RetractReport,
                "apply_review": RescoreReport, "check": ConsistencyReport, "mine_rules": MinedRules,
                "predict_links": list[Prediction]}
    for method, returned in expected.items():
        annotation = inspect.signature(getattr(KnowledgeGraph, method)).return_annotation
        assert eval(annotation, {"list": list, **names}) == returned, (method, annotation)


def test_a_label_in_another_normal_form_or_case_resolves_as_the_pipeline_resolves_it(geo, capsys):
    """A label loaded in NFD (as macOS writes "Düsseldorf") and "İstanbul": ingestion and
    `kg predict` found them from "Düsseldorf" (NFC) and "istanbul", but resolve(), `kg why` and
    `kg rules predict` gave a freshly minted IRI, and `kg why` said "unknown"."""
    import unicodedata

    from rdflib import Literal, RDFS

    nfd = unicodedata.normalize("NFD", "Düsseldorf")
    geo.add([(URIRef("http://ex.org/c12"), RDFS.label, Literal(nfd)), (URIRef("http://ex.org/c12"), URIRef(GEO + "locatedIn"),
             URIRef(RES + "france")), (URIRef("http://ex.org/ist"), RDFS.label, Literal("İstanbul", lang="tr"))])
    assert geo.resolve("Düsseldorf") == URIRef("http://ex.org/c12")
    assert geo.resolve("istanbul") == URIRef("http://ex.org/ist")
    store = geo.store.location
    geo.close()
    capsys.readouterr()
    assert kg_exit_code("why", "Düsseldorf kgeo:locatedIn France", "--store", str(store)) == 0
    out = capsys.readouterr().out
    assert "http://ex.org/c12" in out and "unknown" not in out


def test_a_plugin_teachers_request_counts_reach_the_report_without_the_other_optional_parts(tmp_path):
    """A teacher object whose usage counts requests and retries but not resumed_tokens (and that
    has no revision or paid_since) had its requests reported as 0: the counts were read only
    from a usage with all three."""
    from dataclasses import dataclass

    from kg.teachers import make_teacher
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)

    @dataclass
    class Usage:
        hits: int = 0
        prompt_tokens: int = 0
        completion_tokens: int = 0
        requests: int = 0
        retries: int = 0

    class Wrapped:
        id = "mylab:geo"

        def __init__(self) -> None:
            self._inner = make_teacher(f"replay:{files['transcript']}", no_cache=True)
            self.stats = Usage()
            self.last_failures: list = []

        def complete(self, prompts, n=1, params=None):
            prompts = list(prompts)
            self.stats.requests += len(prompts)
            self.stats.retries += 1
            return self._inner.complete(prompts, n=n, params=params)

        def close(self) -> None:
            return None

    teacher = Wrapped()
    with KnowledgeGraph.create(tmp_path / "s") as kg:
        report = kg.distill(teacher, domain="geography", seeds=["France", "Paris"], settings={"teacher.samples": 1})
    assert report.requests == teacher.stats.requests > 0 and report.retries == teacher.stats.retries > 0


def test_an_alias_of_a_reference_entity_names_that_entity_as_a_run_reads_it(tmp_path: Path):
    """A run stores "French Republic" as France (res:france, labelled "France"): the API minted
    res:french_republic for the alias, so add() wrote a second France and why() of a fact a run
    stored under the alias said unknown."""
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    with KnowledgeGraph.open(store) as kg:
        kg.add([("French Republic", "hasCapital", "Paris")])
        france = URIRef("https://w3id.org/kgdistill/resource/france")
        assert kg.resolve("French Republic") == france
        assert kg.query("SELECT ?l WHERE { res:france rdfs:label ?l }").bindings()[0]["l"].value == "France"
        assert kg.why(("French Republic", "hasCapital", "Paris")).status == "accepted"


def test_resolve_reads_a_name_as_ingest_and_kg_why_read_it(tmp_path):
    """resolve("Love, Actually") and resolve("WALL-E") minted new IRIs, while ingest and `kg why`
    read them as the stored "Love Actually" and "WALL·E": a fact added through the API made a
    second entity."""
    from rdflib import Literal, RDFS

    from kg.cli import main

    main(["init", str(tmp_path / "st"), "--domain", "geography"])
    with KnowledgeGraph.open(tmp_path / "st") as kg:
        kg.add([(URIRef("http://ex.org/la"), RDFS.label, Literal("Love Actually")), (URIRef("http://ex.org/we"), RDFS.label, Literal("WALL·E"))])
        assert kg.resolve("Love, Actually") == kg.resolve("Love Actually") == URIRef("http://ex.org/la")
        assert kg.resolve("WALL-E") == URIRef("http://ex.org/we")
