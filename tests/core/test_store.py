"""The embedded store: batches, idempotence, queries, counts, opening errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.api import KnowledgeGraph
from kg.errors import NotAStoreError, QueryError, StoreError, StoreLockedError
from kg.iri import mint_iri
from kg.namespaces import GRAPH
from kg.records import Candidate, Completion, Reason, Unreadable, Verdict
from kg.store import EmbeddedStore, init_store, open_store
from kg.terms import to_ox
from tests.conftest import kg_exit_code

GEO = "https://w3id.org/kgdistill/ontology/geography#"
CAPITAL = URIRef(GEO + "capitalOf")
POPULATION = URIRef(GEO + "population")


def _batch():
    completion = Completion("p1", "What is the capital of France?", "replay:test", "1. Paris\n2. about 2 million")
    good = Candidate(mint_iri("Paris"), CAPITAL, mint_iri("France"), completion, "1. Paris", "lists", "Paris", "France")
    bad = Candidate(mint_iri("Paris"), POPULATION, Literal("about 2 million"), completion, "2. about 2 million", "lists", "Paris")
    junk = Unreadable(completion, "}}{{", "json", "no JSON array found")
    return [
        Verdict.accept(good, 0.9),
        Verdict.reject(bad, Reason("datatype", "population must be a non-negative integer, got 'about 2 million'", mint_iri("Paris"))),
        junk,
    ]


def test_new_store_has_the_named_graphs(kg):
    stats = kg.stats()
    assert set(stats.graphs) == {"accepted", "inferred", "rejected", "provenance", "ontology", "rules"}
    assert all(n == 0 for n in stats.graphs.values())


def test_write_batch_records_accepted_provenance_and_quarantine(kg):
    summary = kg.write(_batch())
    assert (summary.accepted, summary.rejected) == (1, 2)
    accepted = kg.query("SELECT ?s ?o WHERE { ?s kgeo:capitalOf ?o }").bindings()
    assert accepted == [{"s": mint_iri("Paris"), "o": mint_iri("France")}]
    labels = {r["l"].toPython() for r in kg.query("SELECT ?l WHERE { ?s rdfs:label ?l }").bindings()}
    assert labels == {"Paris", "France"}
    # provenance: a statement node for the triple, its support, the completion text
    prov = kg.query(
        """SELECT ?extractor ?conf ?text WHERE { GRAPH graph:provenance {
             ?st rdf:subject res:paris ; rdf:predicate kgeo:capitalOf ; rdf:object res:france ;
                 prov:wasDerivedFrom ?sup . ?sup kg:extractor ?extractor ; kg:confidence ?conf ;
                 prov:wasDerivedFrom ?c . ?c kg:text ?text } }"""
    ).bindings()
    assert len(prov) == 1
    assert str(prov[0]["extractor"]) == "lists" and float(prov[0]["conf"]) == 0.9
    assert "Paris" in str(prov[0]["text"])
    # quarantine: both the rejected candidate and the unreadable output, with reasons
    reasons = kg.query(
        "SELECT ?check ?msg WHERE { GRAPH graph:rejected { ?r a kg:Rejection ; kg:reason ?x . ?x kg:check ?check ; kg:message ?msg } }"
    ).bindings()
    assert {str(r["check"]) for r in reasons} == {"datatype", "unreadable"}
    # the rejected triple is not knowledge
    assert not kg.query("ASK { ?s kgeo:population ?o }").boolean


def test_writing_the_same_batch_twice_changes_nothing(kg):
    kg.write(_batch())
    before = kg.stats().graphs
    kg.write(_batch())
    assert kg.stats().graphs == before


def test_query_forms_and_graph_selection(kg, sample_ttl):
    kg.load(sample_ttl)
    assert kg.query("ASK { res:paris kgeo:capitalOf res:france }").boolean
    select = kg.query("SELECT ?c WHERE { ?c a kgeo:Country } ORDER BY ?c")
    assert select.variables == ["c"]
    assert [str(r["c"]) for r in select.bindings()] == [str(mint_iri("France")), str(mint_iri("Spain"))]
    construct = list(kg.query("CONSTRUCT { ?s kgeo:borders ?o } WHERE { ?s kgeo:borders ?o }").triples())
    assert construct == [(mint_iri("France"), URIRef(GEO + "borders"), mint_iri("Spain"))]
    describe = list(kg.query("DESCRIBE res:spain").triples())
    assert len(describe) == 2
    # provenance is not in the default (knowledge) graph but is in "all" and by name
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s rdf:subject ?o }").bindings()[0]["n"].toPython() == 0
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s rdf:subject ?o }", graph="provenance").bindings()[0]["n"].toPython() == 15
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s rdf:subject ?o }", graph="all").bindings()[0]["n"].toPython() == 15
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph="inferred").bindings()[0]["n"].toPython() == 0


def test_inferred_graph_joins_the_default_graph(kg, sample_ttl):
    kg.load(sample_ttl)
    kg.add([(mint_iri("Spain"), URIRef(GEO + "borders"), mint_iri("France"))], graph="inferred", source=None)
    rows = kg.query("SELECT ?a ?b WHERE { ?a kgeo:borders ?b }").bindings()
    assert len(rows) == 2
    assert len(kg.query("SELECT ?a ?b WHERE { ?a kgeo:borders ?b }", graph="accepted").bindings()) == 1


def test_unknown_graph_and_bad_sparql_are_query_errors(kg):
    with pytest.raises(QueryError, match="unknown graph 'facts'"):
        kg.query("SELECT * WHERE { ?s ?p ?o }", graph="facts")
    with pytest.raises(QueryError, match="invalid SPARQL"):
        kg.query("SELEC * WHERE { ?s ?p ?o }")


def test_counts_per_predicate_and_class(kg, sample_ttl):
    kg.load(sample_ttl)
    stats = kg.stats()
    assert stats.graphs["accepted"] == 15
    assert stats.classes[GEO + "City"] == 2 and stats.classes[GEO + "Country"] == 2
    assert stats.predicates["http://www.w3.org/2000/01/rdf-schema#label"] == 5
    assert stats.entities == 5


def test_opening_something_that_is_not_a_store(tmp_path):
    with pytest.raises(NotAStoreError, match="no store at"):
        KnowledgeGraph.open(tmp_path / "absent")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("hello")
    with pytest.raises(NotAStoreError, match="is not a kg store"):
        KnowledgeGraph.open(tmp_path / "plain")
    with pytest.raises(StoreError, match="not empty"):
        KnowledgeGraph.create(tmp_path / "plain")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create a store"):
        KnowledgeGraph.create(blocker / "store")


def test_a_store_this_process_closed_opens_again_though_a_reference_cycle_still_holds_it(store_dir):
    """A closed store kept alive by a reference cycle (freed at the next garbage collection,
    whenever that comes) locked its directory against this very process: a notebook that
    closed a KnowledgeGraph, or a test suite, got "locked by another process" at random."""
    import gc

    first = EmbeddedStore.create(store_dir)
    cycle: list = []
    cycle += [cycle, first._store]  # the raw store, held by garbage only once closed
    first.close()
    del cycle
    gc.disable()
    try:
        EmbeddedStore.open(store_dir).close()
    finally:
        gc.enable()


def _holds_lock(store_dir) -> bool:
    """Whether another process is refused the store now."""
    probe = subprocess.run(
        [sys.executable, "-c", f"from kg.store import EmbeddedStore; EmbeddedStore.open({str(store_dir)!r}).close()"],
        capture_output=True, text=True,
    )
    return "locked by another process" in probe.stderr


def test_opening_a_store_this_process_has_open_gives_a_second_handle(store_dir):
    """A notebook cell `kg = KnowledgeGraph.open(DIR)` run again before the first handle was
    closed got "locked by another process" (it was this process). Now both handles share one
    database; it closes, and the lock goes, with the last of them."""
    first = KnowledgeGraph.create(store_dir)
    second = KnowledgeGraph.open(store_dir)
    assert repr(second) == f"KnowledgeGraph({str(store_dir)!r})"
    first.add([(mint_iri("Paris"), CAPITAL, mint_iri("France"))])
    assert len(second.query("SELECT * WHERE { ?s ?p ?o }")) == len(first.query("SELECT * WHERE { ?s ?p ?o }")) > 0
    first.close()
    first.close()  # again: closes nothing more, the second handle still reads
    assert len(second.query("SELECT * WHERE { ?s ?p ?o }")) > 0
    assert _holds_lock(store_dir)
    second.close()
    assert not _holds_lock(store_dir)


def test_a_handle_dropped_without_closing_lets_go_of_the_lock_when_collected(store_dir):
    """`kg = KnowledgeGraph.open(DIR)`, then `kg = None` in a notebook: the database stayed open
    in the registry of shared handles, so `!kg stats --store DIR` in the next cell was refused
    until the kernel restarted (before sharing, the collected store released its lock)."""
    import gc

    KnowledgeGraph.create(store_dir).close()
    kg = KnowledgeGraph.open(store_dir)
    kg.add([(mint_iri("Paris"), CAPITAL, mint_iri("France"))])
    assert _holds_lock(store_dir)
    del kg
    gc.collect()
    assert not _holds_lock(store_dir)
    with KnowledgeGraph.open(store_dir) as again:
        assert len(again.query("SELECT * WHERE { ?s ?p ?o }")) > 0


def test_a_store_reopens_after_a_plot_turned_on_pyparsings_cache(store_dir):
    """In a notebook that had drawn a plot (matplotlib's mathtext turns pyparsing's packrat cache
    on for the process), a store closed after a SPARQL parse (a retraction rebuilding inferences)
    could not be opened again: "locked by another process". The cache kept parse exceptions,
    their tracebacks every frame of the caller, and an unfinished query result there the
    database. Run in a fresh process: the cache is global."""
    script = textwrap.dedent(f"""
        import matplotlib._mathtext  # noqa: F401 - turns pyparsing's packrat cache on, as a plot does
        from rdflib.plugins.sparql import prepareQuery
        from kg.api import KnowledgeGraph
        kg = KnowledgeGraph.create({str(store_dir)!r})
        kg.add([("http://ex.org/a", "http://ex.org/p", "http://ex.org/b")])
        def work():
            pending = kg.store.query("SELECT ?s WHERE {{ ?s ?p ?o }}")
            next(iter(pending), None)
            prepareQuery("SELECT ?x WHERE {{ ?x ?y ?z . FILTER(?x) }}")
        work()
        kg.close()
        with KnowledgeGraph.open({str(store_dir)!r}) as again:
            print(len(again.query("SELECT * WHERE {{ ?s ?p ?o }}")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-600:]
    assert done.stdout.strip() == "1"


def test_a_store_held_open_by_this_process_says_so_not_another_process(store_dir):
    """A result kept from a closed handle (a notebook's variable, or the traceback IPython keeps
    of the last error) keeps the database open; reopening said "locked by another process"."""
    kg = KnowledgeGraph.create(store_dir)
    kg.add([(mint_iri("Paris"), CAPITAL, mint_iri("France"))])
    pending = kg.store.query("SELECT ?s WHERE { ?s ?p ?o }")
    next(iter(pending), None)  # begun, not finished: it holds a snapshot of the database
    kg.close()
    with pytest.raises(StoreLockedError, match="still open in this process"):
        KnowledgeGraph.open(store_dir)
    del pending
    KnowledgeGraph.open(store_dir).close()


def test_second_process_gets_a_clear_lock_error(store_dir):
    EmbeddedStore.create(store_dir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from kg.store import EmbeddedStore
            s = EmbeddedStore.open({str(store_dir)!r})
            print("open", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreLockedError, match="locked by another process") as refused:
            EmbeddedStore.open(store_dir)
        # which process: its pid and command line (before, the user had to find it with fuser)
        assert f"(pid {holder.pid}: " in str(refused.value) and "wait for it or stop it" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    EmbeddedStore.open(store_dir).close()  # usable again once the holder is gone


def test_the_lock_names_its_holder_without_its_arguments(store_dir):
    """kg.lock kept the holder's whole command line, `kg serve --token SECRET` included, after it
    ended, and showed it in every other user's "locked" error. It names the pid, the kg command
    and a server's URL only, and is emptied when the lock goes."""
    EmbeddedStore.create(store_dir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            sys.argv = ["kg", "serve", "--store", {str(store_dir)!r}, "--token", "s3cr3t-token"]
            from kg.store import locking
            locking.hold({str(store_dir)!r})
            locking.announce({str(store_dir)!r}, "http://127.0.0.1:7892")
            print("held", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        on_disk = (store_dir / "kg.lock").read_text()
        with pytest.raises(StoreLockedError) as refused:
            EmbeddedStore.open(store_dir)
    finally:
        holder.kill()
        holder.wait()
    assert "s3cr3t" not in on_disk and "--store" not in on_disk and '"command": "kg serve"' in on_disk
    message = str(refused.value)
    assert f"(pid {holder.pid}: kg serve)" in message and "http://127.0.0.1:7892" in message and "s3cr3t" not in message


def test_the_lock_keeps_no_erased_text_and_no_more_readers_than_the_store(store_dir, monkeypatch):
    """`kg erase TEXT` wrote the text it erased into kg.lock (then listed the file as a leftover),
    and the lock was readable by all whatever the store folder's mode."""
    EmbeddedStore.create(store_dir).close()
    lock = store_dir / "kg.lock"
    lock.chmod(0o644)
    store_dir.chmod(0o750)
    argv = ["erase", "Jane Q. Doe", "--store", str(store_dir), "--yes"]
    monkeypatch.setattr(sys, "argv", ["kg", *argv])
    assert kg_exit_code(*argv) == 0
    assert "Jane" not in lock.read_text()
    assert lock.stat().st_mode & 0o007 == 0


def test_reads_see_a_batch_still_loading_in_the_background(tmp_path):
    """A batch's records load on a worker thread: every read path sees the whole batch."""
    store = EmbeddedStore.create(tmp_path / "s")
    acc, inf, prov = (f"<{GRAPH[g]}>" for g in ("accepted", "inferred", "provenance"))
    n = 30_000
    knowledge = "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> {acc} .\n<urn:o{i}> <urn:q> <urn:s{i}> {inf} .\n" for i in range(n))
    records = "".join(f"<urn:st{i}> <urn:about> <urn:s{i}> {prov} .\n" for i in range(n))
    for batch in range(2):
        knowledge_b = knowledge.replace("<urn:s", f"<urn:b{batch}s")
        records_b = records.replace("<urn:s", f"<urn:b{batch}s")
        store.add_nquads(knowledge_b, records_b)
        last = (URIRef(f"urn:b{batch}s{n - 1}"), URIRef("urn:p"), URIRef(f"urn:o{n - 1}"))
        assert next(iter(store.match(*last)), None) is not None
        assert ox.Quad(*(to_ox(t) for t in last), store.graph_node("accepted")) in store.raw
        assert store.count("inferred") == n * (batch + 1)
        assert store.count("provenance") == n * (batch + 1)
    assert not list((tmp_path / "s" / "journal").glob("*.nq"))
    store.close()


def test_completions_share_one_sampling_node_per_teacher_and_parameters(kg):
    """Teacher, parameters and run are written once per setting, not once per completion."""
    def verdict(i, params):
        c = Completion(f"p{i}", f"prompt {i}", "openai:m", f"answer {i}", params=params)
        return Verdict.accept(Candidate(mint_iri(f"City{i}"), CAPITAL, mint_iri("France"), c, f"answer {i}", "lists"), 0.9)

    run = URIRef("https://w3id.org/kgdistill/run/r1")
    kg.store.write([verdict(i, {"temperature": 0.7}) for i in range(3)] + [verdict(3, {"temperature": True})], run=run)
    rows = kg.query(
        """SELECT ?s (COUNT(?c) AS ?n) ?params WHERE { GRAPH graph:provenance {
             ?c a kg:Completion ; prov:wasGeneratedBy ?s . ?s a kg:Sampling ; kg:teacher "openai:m" ;
                kg:params ?params ; kg:run <https://w3id.org/kgdistill/run/r1> } }
           GROUP BY ?s ?params ORDER BY ?params""",
        graph="all",
    ).bindings()
    assert [(int(r["n"]), str(r["params"])) for r in rows] == [(3, '{"temperature": 0.7}'), (1, '{"temperature": true}')]


def test_a_bulk_write_that_fails_midway_writes_nothing(tmp_path):
    """A large add (what `kg load` does with a big file) is one journaled write: a term that
    cannot be written, found after many good ones, leaves no triple and no journal behind."""
    store = EmbeddedStore.create(tmp_path / "s")
    good = [(mint_iri(f"City{i}"), CAPITAL, mint_iri("France")) for i in range(1000)]
    with pytest.raises(TypeError, match="not an RDF term"):
        store.add_triples([*good, (object(), CAPITAL, mint_iri("France"))], source="file:///x.nt", bulk=True)
    assert store.count("accepted") == 0 and store.count("provenance") == 0
    assert not any((tmp_path / "s" / "journal").iterdir())
    assert store.add_triples(good, source="file:///x.nt", bulk=True) == 1000
    assert store.count("accepted") == 1000
    store.close()


def test_an_entity_keeps_one_label_whatever_case_later_answers_write_it(kg):
    """'Heartburn' in one answer and 'heartburn' in another mint one entity, which got both
    labels: every query joining rdfs:label (the report's sample too) listed its facts twice. The
    first label written stays, in a batch and across batches."""
    side = URIRef("https://example.org/pharma#hasSideEffect")
    completion = Completion("p1", "Side effects?", "replay:test", "1. Heartburn")

    def said(drug, effect):
        return Verdict.accept(Candidate(mint_iri(drug), side, mint_iri(effect), completion, effect, "lists", drug, effect), 0.9)

    kg.write([said("Aspirin", "Heartburn"), said("Ibuprofen", "heartburn")])
    kg.write([said("Naproxen", "HEARTBURN"), said("Aspirin", "Bleeding")])
    labels = sorted(q.object.value for q in kg.store.match(to_ox(mint_iri("Heartburn")), to_ox(RDFS.label), None, graph="accepted"))
    assert labels == ["Heartburn"]
    assert len(list(kg.query("SELECT ?d ?l WHERE { ?d <https://example.org/pharma#hasSideEffect> ?e . ?e rdfs:label ?l }"))) == 4


def test_rocksdb_info_logs_do_not_pile_up(tmp_path):
    """Every read-write open leaves a LOG.old.* of ~140 KB and RocksDB keeps 1,000 of them: a
    1.6 MB store carried 4.5 MB of logs after 35 kg commands."""
    init_store(tmp_path / "s").close()
    for _ in range(20):
        open_store(tmp_path / "s").close()
    logs = [p.name for p in (tmp_path / "s" / "oxigraph").iterdir() if p.name.startswith("LOG.old.")]
    assert len(logs) == 10
    with open_store(tmp_path / "s") as store:  # the store is none the worse
        assert store.is_empty("accepted")


def test_a_batch_that_is_not_valid_nquads_writes_nothing_and_the_store_still_opens(tmp_path):
    """A batch with a literal no store takes (``"x"^^rdf:langString``, which a domain whose
    ontology gives a data property that range produced) was journaled, half bulk-loaded, then
    failed again at every open: no command could open the store until the journal file was
    removed by hand. It is now refused before the journal, whole; and a bad entry journaled by
    an older version is set aside (kept in journal/failed/) so the store opens."""
    acc = f"<{GRAPH['accepted']}>"
    good = "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> {acc} .\n" for i in range(100))
    bad = f'<urn:s> <urn:motto> "Think different"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> {acc} .\n'
    store = EmbeddedStore.create(tmp_path / "s")
    with pytest.raises(StoreError, match="nothing written: the batch is not valid N-Quads"):
        store.add_nquads(good + bad)
    assert store.count("accepted") == 0
    assert not list((tmp_path / "s" / "journal").glob("*.nq"))
    store.close()

    journal = tmp_path / "s" / "journal"
    journal.mkdir(exist_ok=True)
    (journal / "00000000000000000001-1.nq").write_text(good + bad, encoding="utf-8")  # an old version's entry
    (journal / "00000000000000000002-1.nq").write_text(good.replace("<urn:s", "<urn:t"), encoding="utf-8")
    store = EmbeddedStore.open(tmp_path / "s")
    assert store.count("accepted") >= 100  # the good entry after it was loaded
    assert (journal / "failed" / "00000000000000000001-1.nq").read_text(encoding="utf-8") == good + bad
    assert not list(journal.glob("*.nq"))
    store.close()
    EmbeddedStore.open(tmp_path / "s").close()  # and opens again


FORK = """
import multiprocessing as mp, sys
from kg.api import KnowledgeGraph
from kg.errors import StoreError

kg = KnowledgeGraph.open(sys.argv[1])
def inherited(q):
    try:
        q.put(("wrote", kg.add([("ForkTown", "capitalOf", "France")])))
    except StoreError as exc:
        q.put(("refused", str(exc)))
    kg.close()
def reopened(q):
    try:
        KnowledgeGraph.open(sys.argv[1])
        q.put(("opened", ""))
    except StoreError as exc:
        q.put(("refused", str(exc)))
ctx = mp.get_context("fork")
for target in (inherited, reopened):
    q = ctx.Queue(); p = ctx.Process(target=target, args=(q,)); p.start(); p.join(60)
    print(p.exitcode, *q.get(timeout=5))
print(kg.add([("Parisville", "capitalOf", "France")]))
kg.close()
with KnowledgeGraph.open(sys.argv[1]) as again:
    print(len(again.query("SELECT * WHERE { ?s ?p ?o }", graph="accepted")) > 0)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the fork start method")
def test_a_store_opened_before_a_fork_is_refused_in_the_child(tmp_path, sample_ttl):
    """A child forked after the store was opened (gunicorn --preload, multiprocessing) wrote
    through the inherited handle (writes lost, or the store corrupted: "Sequence number is
    being set backwards"), and a second child's open got the inherited handle and hung. Both
    are refused now, in one line each, and the parent's store is whole."""
    import subprocess

    store = tmp_path / "st"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    assert kg_exit_code("load", str(sample_ttl), "--store", str(store)) == 0
    done = subprocess.run([sys.executable, "-c", FORK, str(store)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("0 refused") and "opened before this process was forked" in lines[0], lines
    assert lines[1].startswith("0 refused") and "forked from, so it cannot be opened here" in lines[1], lines
    assert int(lines[2]) >= 1 and lines[3:] == ["True"], lines  # the parent writes on


def test_a_closed_store_says_so(tmp_path):
    """Using a knowledge graph after close() raised AttributeError: 'NoneType' object has no
    attribute 'quads_for_pattern' (or 'query'), and export wrapped that as a failed exporter."""
    kg = KnowledgeGraph.create(tmp_path / "s")
    kg.close()
    for call in (lambda: kg.query("ASK { ?s ?p ?o }"), lambda: kg.stats(), lambda: kg.add([("Paris", "http://example.org/p", "France")])):
        with pytest.raises(StoreError, match="is closed; open it again"):
            call()


def test_an_error_inside_a_store_block_is_not_replaced_by_one_as_it_closes(tmp_path, monkeypatch):
    """A full disk failed a load with 'write ... failed, nothing written'; the flush as the store
    closed then raised a bare OSError over it ('unexpected OSError: IO error: No space left')."""
    from kg.api import KnowledgeGraph
    from kg.errors import StoreError
    from kg.store import EmbeddedStore, init_store

    real_close = EmbeddedStore.close

    def full_disk(self):
        raise OSError("IO error: No space left on device")

    store = init_store(tmp_path / "s")
    monkeypatch.setattr(EmbeddedStore, "close", full_disk)
    for opened in (store, KnowledgeGraph(store)):
        with pytest.raises(StoreError, match="nothing written"):
            with opened:
                raise StoreError("write to the store failed, nothing written: No space left on device")
    with pytest.raises(OSError):
        with store:
            pass  # no error on its way out: the one at close is the error
    monkeypatch.setattr(EmbeddedStore, "close", real_close)
    store.close()


def test_a_rejection_keeps_its_run_completion_reasons_and_labels(tmp_path):
    """What review files, kg why and kg retract read of a rejection: its run, the teacher's answer
    (with why it ended), each reason's focus node and shape, the object's label, and the
    confidence to 6 decimals (the conflict checker reads stored confidences back)."""
    from kg.namespaces import RUN

    completion = Completion("p1", "Capital?", "replay:test", "Lyon, France", finish_reason="length")
    cand = Candidate(mint_iri("Lyon"), CAPITAL, mint_iri("France"), completion, "Lyon, France", "lists", "Lyon", "France")
    shape = URIRef("https://example.org/shapes#CapitalShape")
    reason = Reason("cardinality", "two capitals", mint_iri("Lyon"), shape)
    store = init_store(tmp_path / "s")
    try:
        store.write([Verdict.reject(cand, reason, confidence=0.714286)], run=URIRef(RUN + "r1"))
        rows = store.query(
            """SELECT ?run ?finish ?focus ?shape ?label ?conf WHERE {
                 GRAPH graph:rejected { ?r a kg:Rejection ; prov:wasGeneratedBy ?run ; prov:wasDerivedFrom ?c ;
                     kg:confidence ?conf ; kg:reason ?x . ?x kg:focusNode ?focus ; kg:shape ?shape .
                     res:france rdfs:label ?label }
                 GRAPH graph:provenance { ?c kg:finishReason ?finish } }""",
            graph="all",
        )
        [(run, finish, focus, got_shape, label, conf)] = [tuple(row) for row in rows]
    finally:
        store.close()
    assert (run.value, finish.value, focus.value, got_shape.value) == (str(RUN) + "r1", "length", str(mint_iri("Lyon")), str(shape))
    assert label.value == "France" and float(conf.value) == 0.714286


_ACC, _INF = "<https://w3id.org/kgdistill/graph/accepted>", "<https://w3id.org/kgdistill/graph/inferred>"
_BORDERS = "<https://w3id.org/kgdistill/ontology/geography#borders>"
_AT, _HU = "<https://w3id.org/kgdistill/resource/austria>", "<https://w3id.org/kgdistill/resource/hungary>"


def interleaved_writers(write) -> None:
    """Two writers of one store, each reading it before the other wrote (two `kg ingest` through
    one `kg serve`): one accepts "Austria borders Hungary" and infers the symmetric triple, the
    other accepts that one and infers the first. ``write`` is given each batch's N-Quads."""
    write(f"{_AT} {_BORDERS} {_HU} {_ACC} .\n{_HU} {_BORDERS} {_AT} {_INF} .\n")
    write(f"{_HU} {_BORDERS} {_AT} {_ACC} .\n{_AT} {_BORDERS} {_HU} {_INF} .\n")


def apart(store) -> tuple[int, int]:
    """(triples of accepted, triples of inferred), after checking no triple is in both."""
    accepted = {(q.subject, q.predicate, q.object) for q in store.match(graph="accepted")}
    inferred = {(q.subject, q.predicate, q.object) for q in store.match(graph="inferred")}
    assert not accepted & inferred, "a triple in both accepted and inferred"
    return len(accepted), len(inferred)


@pytest.mark.parametrize("method", ["add_nquads", "add_quads"])
def test_a_write_keeps_accepted_out_of_inferred_whatever_the_interleaving(tmp_path, method):
    """Two writers through one server, or a killed run rerun, left facts in both graph:accepted and
    graph:inferred (each had inferred, from what it read, what the other accepted meanwhile): the
    `inferred` count differed from a sequential run's, run to run. The write itself keeps them apart."""
    from kg.provenance import parse_nquads

    store = init_store(tmp_path / "s")
    try:
        interleaved_writers(store.add_nquads if method == "add_nquads" else lambda text: store.add_quads(parse_nquads(text)))
        assert apart(store) == (2, 0)
    finally:
        store.close()


def test_a_journaled_batch_finished_on_open_keeps_accepted_out_of_inferred(store_dir):
    """A batch killed mid-load is finished from the journal when the store is next opened: the
    same keeping apart as the write it was."""
    with EmbeddedStore.create(store_dir) as store:
        store.add_nquads(f"{_AT} {_BORDERS} {_HU} {_ACC} .\n{_HU} {_BORDERS} {_AT} {_INF} .\n")
    (store_dir / "journal").mkdir(exist_ok=True)
    (store_dir / "journal" / "00000000000000000001-1.nq").write_text(
        f"{_HU} {_BORDERS} {_AT} {_ACC} .\n{_AT} {_BORDERS} {_HU} {_INF} .\n", encoding="utf-8"
    )
    with EmbeddedStore.open(store_dir) as store:
        assert apart(store) == (2, 0)


@pytest.mark.parametrize("prompt_tokens, completion_tokens", [(33, 6), (10, 20)])
def test_completion_token_counts_are_each_completions_share(tmp_path, prompt_tokens: int, completion_tokens: int) -> None:
    """One request answered three samples (-n 3) and each stored kg:Completion carried the whole
    request's usage: a SPARQL sum over completions gave three times the cost. Each now carries its
    share, and the shares sum to the request's usage exactly."""
    from kg.records import Candidate, Completion, Verdict
    from kg.store import init_store

    ex = "http://ex.org/"
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "request_choices": 3}
    verdicts = [
        Verdict(Candidate(URIRef(ex + "france"), URIRef(ex + "hasCapital"), URIRef(ex + f"city{j}"),
                          Completion("p1", "capital of France?", "openai:m@http://h:80/v1", f"1. City {j}", j,
                                     usage={**usage, "request_choice": j})), True)
        for j in range(3)
    ]
    with init_store(tmp_path / "s") as store:
        store.write(verdicts)
        row = next(iter(store.query(
            "SELECT (COUNT(?c) AS ?n) (SUM(?p) AS ?pt) (SUM(?t) AS ?ct) WHERE { ?c a kg:Completion ; kg:promptTokens ?p ; "
            "kg:completionTokens ?t }", graph="provenance").bindings()))
    assert (int(row["n"].value), int(row["pt"].value), int(row["ct"].value)) == (3, prompt_tokens, completion_tokens)
