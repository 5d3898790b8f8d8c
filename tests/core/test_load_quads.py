"""`kg load` of N-Quads and TriG: quads keep their graph names; the store's own graphs take quads
only when asked (issue #18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.namespaces import GRAPH
from kg.store import init_store, open_store

EX = "http://ex.org/"
NQUADS = f"""\
<{EX}a> <{EX}p> <{EX}b> <{EX}g1> .
<{EX}c> <{EX}p> <{EX}d> .
_:x <{EX}p> "in a blank-named graph" _:g .
"""
TRIG = f"""\
@prefix ex: <{EX}> .
ex:c ex:p ex:d .
ex:g1 {{ ex:a ex:p ex:b . }}
"""
INTO_OWN = f"<{EX}e> <{EX}p> <{EX}f> <{GRAPH.provenance}> .\n<{EX}h> <{EX}p> <{EX}i> <{GRAPH.rejected}> .\n"


def _where(store_dir: Path) -> dict[str, str]:
    """subject -> the graph it is in (blank nodes and blank graph names as '_')."""
    with open_store(store_dir) as store:
        rows = store.query(f"SELECT ?s ?g WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}", graph="all")
        return {
            (s.value if hasattr(s, "value") and not str(s).startswith("_:") else "_"): (
                "_" if str(g).startswith("_:") else g.value
            )
            for s, g in rows
        }


@pytest.mark.parametrize("name,text", [("data.nq", NQUADS), ("data.trig", TRIG)])
@pytest.mark.parametrize("bulk", [False, True])
def test_quads_keep_their_graph_names(tmp_path: Path, monkeypatch, name: str, text: str, bulk: bool) -> None:
    if bulk:
        monkeypatch.setattr("kg.store.base.BULK_THRESHOLD", 1)  # the large-file path
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    init_store(tmp_path / "s").close()
    main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
    where = _where(tmp_path / "s")
    assert where[f"{EX}a"] == f"{EX}g1"
    assert where[f"{EX}c"] == str(GRAPH.accepted)  # the default graph goes to --graph
    if name.endswith(".nq"):
        assert where["_"] == "_"


def test_quads_into_the_stores_own_graphs_are_refused_unless_asked(tmp_path: Path, capsys) -> None:
    path = tmp_path / "own.nq"
    path.write_text(NQUADS + INTO_OWN, encoding="utf-8")
    store = tmp_path / "s"
    init_store(store).close()
    with pytest.raises(SystemExit) as exc:
        main(["load", str(path), "--store", str(store), "--quiet"])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "2 quads" in err and "graph:provenance" in err and "graph:rejected" in err and "--into-own-graphs" in err
    assert _where(store) == {}  # the whole file refused
    main(["load", str(path), "--store", str(store), "--quiet", "--into-own-graphs"])
    where = _where(store)
    assert where[f"{EX}e"] == str(GRAPH.provenance) and where[f"{EX}h"] == str(GRAPH.rejected)
    assert where[f"{EX}a"] == f"{EX}g1"


def test_a_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """Oxigraph's parser read the mark of a file saved by a Windows editor as data:
    'not valid turtle: ... \\ufeff is not a valid subject'."""
    path = tmp_path / "data.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + f"<{EX}a> <{EX}p> <{EX}b> .\n".encode())
    init_store(tmp_path / "s").close()
    main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
    assert _where(tmp_path / "s") == {f"{EX}a": str(GRAPH.accepted)}


def test_json_ld_with_a_remote_context_is_one_clear_line(tmp_path: Path, capsys) -> None:
    """Oxigraph said 'No LoadDocumentCallback has been set to load remote contexts'."""
    path = tmp_path / "film.jsonld"
    path.write_text('{"@context": "https://schema.org/", "@id": "https://example.org/alien", "name": "Alien"}', encoding="utf-8")
    init_store(tmp_path / "s").close()
    with pytest.raises(SystemExit) as stop:
        main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
    assert stop.value.code == 2
    assert "its @context is a URL, and kg reads files offline" in capsys.readouterr().err


@pytest.mark.parametrize("facts", [0, 5_000])
def test_an_export_of_every_graph_restores_them_all(tmp_path: Path, capsys, facts: int) -> None:
    """`kg export -g all` said it wrote every named graph and left out the ones a user loaded
    (<http://ex.org/g1>, lost from the copy); loading it back gave each provenance quad a
    provenance statement of its own (a restored store's provenance graph grew ~8x). With 5,000
    facts more the backup passes the bulk loader, which still did that (~6x)."""
    path = tmp_path / "data.nq"
    path.write_text(NQUADS + "".join(f"<{EX}n{i}> <{EX}p> <{EX}n{i + 1}> .\n" for i in range(facts)), encoding="utf-8")
    init_store(tmp_path / "s").close()
    main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
    assert "quads into their own graphs" in " ".join(capsys.readouterr().out.split())
    own = tmp_path / "own.nq"  # a rejected candidate and an inference, as runs write them
    own.write_text(
        f"<{EX}r> <{EX}p> <{EX}x> <{GRAPH.rejected}> .\n<{EX}i> <{EX}p> <{EX}y> <{GRAPH.inferred}> .\n", encoding="utf-8"
    )
    main(["load", str(own), "--store", str(tmp_path / "s"), "--quiet", "--into-own-graphs"])
    main(["export", "--store", str(tmp_path / "s"), "-g", "all", "-o", str(tmp_path / "all.nq"), "--quiet"])
    exported = (tmp_path / "all.nq").read_text(encoding="utf-8")
    assert f"<{EX}a> <{EX}p> <{EX}b> <{EX}g1> ." in exported
    init_store(tmp_path / "copy").close()
    main(["load", str(tmp_path / "all.nq"), "--store", str(tmp_path / "copy"), "--quiet", "--into-own-graphs"])
    assert _where(tmp_path / "copy") == _where(tmp_path / "s")
    with open_store(tmp_path / "s") as original, open_store(tmp_path / "copy") as copy:
        # the copy's provenance is the original's: the restored provenance explains every fact,
        # the backup file is no new source of them (it was, a statement a fact: `kg retract RUN`
        # then withdrew nothing in the copy), and the store's bookkeeping (provenance, rejected,
        # inferred) gets no statements of its own (a restored demo store's provenance grew from
        # 101,147 quads to 561,651)
        assert copy.count("provenance") == original.count("provenance")


@pytest.mark.parametrize("suffix,opener", [(".gz", "gzip"), (".bz2", "bz2"), (".xz", "lzma")])
def test_a_compressed_dump_loads_as_it_streams(tmp_path: Path, capsys, suffix: str, opener: str) -> None:
    """DBpedia, Wikidata and YAGO publish dumps as .nt.gz / .ttl.bz2: "cannot tell the RDF format
    of 'big.nt.gz' from its extension". Now read as they stream, and checked whole first."""
    import importlib

    module = importlib.import_module(opener)
    path = tmp_path / f"data.nq{suffix}"
    with module.open(path, "wt", encoding="utf-8") as fh:
        fh.write(NQUADS)
    init_store(tmp_path / "s").close()
    main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
    assert "3 triples" in capsys.readouterr().out
    assert _where(tmp_path / "s") == {f"{EX}a": f"{EX}g1", f"{EX}c": str(GRAPH.accepted), "_": "_"}


def test_a_dump_cut_short_or_not_compressed_loads_nothing(tmp_path: Path, capsys) -> None:
    import gzip

    whole = gzip.compress("".join(f"<{EX}n{i}> <{EX}p> <{EX}n{i + 1}> .\n" for i in range(30_000)).encode())
    cut = tmp_path / "cut.nt.gz"
    cut.write_bytes(whole[: len(whole) // 2])  # a download that stopped half-way
    fake = tmp_path / "fake.nt.gz"
    fake.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n", encoding="utf-8")  # named .gz, not compressed
    init_store(tmp_path / "s").close()
    for path in (cut, fake):
        with pytest.raises(SystemExit) as stop:
            main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
        assert stop.value.code == 2
        err = " ".join(capsys.readouterr().err.split())
        assert f"{path}: cannot read as ntriples" in err and "Traceback" not in err
    with open_store(tmp_path / "s") as store:
        assert store.count("accepted") == 0 and store.count("provenance") == 0


def test_an_export_named_gz_is_written_compressed_and_loads_back(tmp_path: Path, capsys) -> None:
    """`kg export -o dump.nq.gz` said it could not tell the format (and with --format it would
    have written plain text under a .gz name)."""
    import gzip

    path = tmp_path / "data.nq"
    path.write_text(NQUADS, encoding="utf-8")
    init_store(tmp_path / "s").close()
    main(["load", str(path), "--store", str(tmp_path / "s"), "--quiet"])
    main(["export", "--store", str(tmp_path / "s"), "-g", "all", "-o", str(tmp_path / "all.nq.gz"), "--quiet"])
    assert f"<{EX}a> <{EX}p> <{EX}b> <{EX}g1> ." in gzip.decompress((tmp_path / "all.nq.gz").read_bytes()).decode()
    init_store(tmp_path / "copy").close()
    main(["load", str(tmp_path / "all.nq.gz"), "--store", str(tmp_path / "copy"), "--quiet", "--into-own-graphs"])
    assert _where(tmp_path / "copy") == _where(tmp_path / "s")
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["export", "--store", str(tmp_path / "s"), "-o", str(tmp_path / "g.graphml.gz"), "--quiet"])
    assert "only RDF exports are written compressed" in " ".join(capsys.readouterr().err.split())


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    """A blank node's label names it within one file: two files' ``_:b`` were loaded as one node
    (its notes merged, 'from file a;from file b' in a property-graph export). Each file's blank
    nodes are its own now; the same file loaded again adds nothing."""
    (tmp_path / "a.nt").write_text('_:b <http://ex.org/note> "from file a" .\n_:b <http://ex.org/next> _:c .\n', encoding="utf-8")
    (tmp_path / "b.nt").write_text('_:b <http://ex.org/note> "from file b" .\n', encoding="utf-8")
    store = tmp_path / "st"
    init_store(store).close()
    main(["load", str(tmp_path / "a.nt"), str(tmp_path / "b.nt"), str(tmp_path / "a.nt"), "--store", str(store), "-q"])
    with open_store(store) as st:
        rows = st.query("SELECT ?b (COUNT(?n) AS ?c) WHERE { ?b <http://ex.org/note> ?n } GROUP BY ?b").bindings()
        assert sorted(int(r["c"]) for r in rows) == [1, 1]
        assert len(list(st.match(graph="accepted"))) == 3  # a's two triples once, b's one


def test_a_large_file_with_blank_nodes_loaded_again_adds_nothing(tmp_path: Path, monkeypatch) -> None:
    """A file over the bulk threshold lost its blank nodes' labels to pyoxigraph's bulk loader:
    each load wrote them as fresh nodes, so loading the same file again doubled its triples."""
    monkeypatch.setattr("kg.store.base.BULK_THRESHOLD", 1)  # the large-file path
    (tmp_path / "a.nt").write_text('_:b <http://ex.org/note> "one" .\n<http://ex.org/x> <http://ex.org/p> _:b .\n')
    store = tmp_path / "st"
    init_store(store).close()
    main(["load", str(tmp_path / "a.nt"), str(tmp_path / "a.nt"), "--store", str(store), "-q"])
    with open_store(store) as st:
        assert len(list(st.match(graph="accepted"))) == 2
        assert st.query("ASK { <http://ex.org/x> <http://ex.org/p> ?b . ?b <http://ex.org/note> 'one' }").boolean


def test_a_graph_the_user_loaded_exports_by_its_iri(tmp_path: Path, capsys) -> None:
    """`kg export -g <IRI>` of a graph `kg load` kept from N-Quads was refused as an unknown
    graph; its triples could only be read back through a CONSTRUCT query."""
    (tmp_path / "data.nq").write_text(NQUADS + f"<{EX}x> <{EX}p> <{EX}y> <{EX}g2> .\n")
    store = tmp_path / "s"
    main(["init", str(store)])
    main(["load", str(tmp_path / "data.nq"), "--store", str(store), "--quiet"])
    for selector in (f"{EX}g1", f"<{EX}g1>"):
        out = tmp_path / "g1.nt"
        main(["export", "--store", str(store), "-g", selector, "-o", str(out), "--quiet"])
        assert out.read_text() == f"<{EX}a> <{EX}p> <{EX}b> .\n"
    main(["export", "--store", str(store), "-g", f"{EX}g2", "-o", str(tmp_path / "g2.nq"), "--quiet"])
    assert (tmp_path / "g2.nq").read_text() == f"<{EX}x> <{EX}p> <{EX}y> <{EX}g2> .\n"
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit:
        main(["export", "--store", str(store), "-g", f"{EX}nope", "-o", str(tmp_path / "x.nt"), "--quiet"])
    assert exit.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"no graph <{EX}nope>" in err and f"<{EX}g1>, <{EX}g2>" in err
