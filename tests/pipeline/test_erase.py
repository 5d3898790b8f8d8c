"""``kg erase``: every trace of a person's name, e-mail or phone leaves the store for good, its
files' bytes included; what it cannot change is listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.api import KnowledgeGraph
from tests.conftest import KILLED_AFTER_MOVING_THE_OLD_ASIDE, kg_exit_code, run_python

NAME, EMAIL = "Jane Q. Doe", "jane.doe@acme-example.com"
_RES, _GEO = "https://w3id.org/kgdistill/resource/", "https://w3id.org/kgdistill/ontology/geography#"
PERSON = f"""<{_RES}jane_q_doe> <http://www.w3.org/2000/01/rdf-schema#label> "{NAME}" .
<{_RES}france> <{_GEO}borders> <{_RES}jane_q_doe> .
<{_RES}france> <http://www.w3.org/2000/01/rdf-schema#comment> "write to {EMAIL.upper()}" .
<{_RES}france> <{_GEO}borders> <{_RES}spain> .
<{_RES}spain> <http://www.w3.org/2000/01/rdf-schema#label> "Spain" .
"""


def _files_holding(folder: Path, *strings: str) -> list[str]:
    """Every file under ``folder`` whose raw bytes hold one of ``strings`` (any case)."""
    needles = [s.lower().encode("utf-8") for s in strings]
    return sorted(
        str(path.relative_to(folder)) for path in folder.rglob("*")
        if path.is_file() and any(n in path.read_bytes().lower() for n in needles)
    )


def _mentions(store: Path) -> int:
    with KnowledgeGraph.open(store) as kg:
        rows = kg.query('SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(LCASE(CONCAT(STR(?s), " ", STR(?o))), "jane")) }',
                        graph="all").bindings()
    return len(rows)


@pytest.fixture
def person_store(tmp_path: Path) -> Path:
    """A store whose graphs, and whose teacher cache, name a person."""
    from kg.teachers.cache import CompletionCache

    store, data = tmp_path / "store", tmp_path / "person.nt"
    data.write_text(PERSON, encoding="utf-8")
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    assert kg_exit_code("load", str(data), "--store", str(store)) == 0
    cache = CompletionCache(store / "teacher-cache.sqlite")
    for i, text in enumerate([f"1. Spain\n2. {NAME}", "1. Spain\n2. Belgium"]):
        cache.put(f"k{i}", teacher="openai", model="m", prompt_id=f"p{i}", sample_index=0, params={}, text=text,
                  finish_reason="stop", usage={})
    cache.close()
    data.unlink()
    assert _files_holding(store, NAME, EMAIL)
    return store


def test_kg_erase_leaves_no_byte_of_the_strings_in_any_file_of_the_store(person_store, capsys):
    """The only delete the product offered (SPARQL DELETE) left the name in the database's files
    for good (Oxigraph never forgets a string), and the teacher cache kept the answer."""
    capsys.readouterr()
    assert kg_exit_code("erase", NAME, EMAIL, "--store", str(person_store), "--yes", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["removed"]["accepted"] == 3 and report["cache_entries"] == 1 and report["leftovers"] == []
    assert _files_holding(person_store, NAME, EMAIL, "jane_q_doe") == []
    assert _mentions(person_store) == 0
    with KnowledgeGraph.open(person_store) as kg:  # the rest is whole
        assert kg.query("ASK { res:france kgeo:borders res:spain }").boolean
        assert kg.query('ASK { ?x rdfs:label "Spain" }').boolean
        import sqlite3

        with sqlite3.connect(person_store / "teacher-cache.sqlite") as db:
            assert [t for (t,) in db.execute("SELECT text FROM completions")] == ["1. Spain\n2. Belgium"]


def test_a_dry_run_changes_nothing_and_erasing_asks_for_yes(person_store, capsys):
    mentions = _mentions(person_store)
    capsys.readouterr()
    assert kg_exit_code("erase", "jane", "--store", str(person_store), "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"would remove {mentions} quads (accepted 3, provenance" in " ".join(out.split()) and "1 teacher-cache entries" in out
    assert kg_exit_code("erase", "jane", "--store", str(person_store)) == 2  # no --yes, no terminal to ask
    assert "add --yes" in capsys.readouterr().err
    assert kg_exit_code("erase", "j", "--store", str(person_store), "--yes") == 2  # would match most of the store
    assert _mentions(person_store) == mentions and "teacher-cache.sqlite" in _files_holding(person_store, NAME)


def test_erase_lists_what_else_under_the_store_still_holds_the_strings(person_store, capsys):
    students = person_store / "students" / "generator"
    students.mkdir(parents=True)
    (students / "index.jsonl").write_text(json.dumps({"tail": NAME}) + "\n", encoding="utf-8")
    (person_store / "critic").mkdir()
    (person_store / "critic" / "weights.bin").write_bytes(b"\x00\x01")
    with KnowledgeGraph.open(person_store) as kg:
        report = kg.erase([NAME])
    assert [(x.path, x.files) for x in report.leftovers] == [("students/generator", ["students/generator/index.jsonl"])]
    assert "kg train generator" in report.leftovers[0].todo and "delete the folder" in report.leftovers[0].todo
    assert any(note.startswith("critic was trained") for note in report.notes)
    assert any("backups" in note and "exports" in note for note in report.notes)


def test_an_erasure_killed_while_it_swaps_the_database_leaves_a_whole_store(person_store):
    """The rewritten database is built beside the old one and swapped in: a kill between the
    two renames leaves no database under the name, and the next open puts the new one there
    (it used to be created empty)."""
    done = run_python(KILLED_AFTER_MOVING_THE_OLD_ASIDE + f"""
from kg.api import KnowledgeGraph
with KnowledgeGraph.open({str(person_store)!r}) as kg:
    kg.erase([{NAME!r}, {EMAIL!r}])
""", check=False)
    assert done.returncode == 9 and not (person_store / "oxigraph").exists()
    with KnowledgeGraph.open(person_store) as kg:
        assert kg.query("ASK { res:france kgeo:borders res:spain }").boolean
    assert _mentions(person_store) == 0
    assert _files_holding(person_store, NAME) == []


@pytest.mark.slow
def test_after_kg_erase_a_rerun_with_the_teacher_unreachable_does_not_bring_the_person_back(tmp_path, capsys):
    """`kg distill --again` replayed the erased answers from the teacher cache: the person was
    back in accepted, though the teacher was never asked."""
    from kg.teachers.testing import FakeOpenAIServer
    from tests.pipeline.conftest import answers_by_text, distill_args, write_geo_files

    files, answers = write_geo_files(tmp_path), answers_by_text()

    def answer(prompt: str, i: int) -> str:
        said = answers[prompt][i % 3]
        return f"{said}\n4. {NAME} ({EMAIL})" if said.startswith("1. Spain") else said

    store = tmp_path / "store"
    with FakeOpenAIServer(answer=answer) as server:
        args = distill_args(files, store, f"openai:demo@{server.base_url}", "--retries", "0")
        assert kg_exit_code(*args) == 0
    assert _mentions(store) > 0
    assert kg_exit_code("erase", NAME, EMAIL, "--store", str(store), "--yes") == 0
    assert _files_holding(store, NAME, EMAIL) == [] and _mentions(store) == 0
    kg_exit_code(*args, "--again", "--teacher-timeout", "2")  # the server is gone: only the cache could answer
    assert _mentions(store) == 0
    assert _files_holding(store, NAME, EMAIL) == []


@pytest.mark.parametrize("name", ["李小龍", "Jane Quentin Alexandra Doe-Montgomery of Westminster and Kensington-upon-Thames"])
def test_erase_removes_the_facts_of_a_name_kg_minted_into_a_hashed_iri(tmp_path, name):
    """A non-Latin name, or one over 64 characters, is minted as a hashed IRI (x_0df9414571):
    only its label went, and "NAME borders France" stayed."""
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    with KnowledgeGraph.open(store) as kg:
        kg.add([(name, "borders", "France"), ("Spain", "borders", "France")])
        kg.erase([name])
        left = kg.query("SELECT ?s WHERE { ?s kgeo:borders res:france }", graph="all").bindings()
    assert [str(row["s"]) for row in left] == [f"{_RES}spain"]


def test_erase_refuses_a_text_every_iri_holds_unless_forced(person_store, capsys):
    """`kg erase org` (or http, kgdistill) matched every IRI and wiped the whole store."""
    mentions = _mentions(person_store)
    capsys.readouterr()
    assert kg_exit_code("erase", "org", "--store", str(person_store), "--yes") == 2
    err = capsys.readouterr().err
    assert "namespace" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert kg_exit_code("erase", "kgdistill", "--store", str(person_store), "--dry-run") == 0  # counts it either way
    assert "would remove" in capsys.readouterr().out
    with KnowledgeGraph.open(person_store) as kg:
        assert kg.query('ASK { ?x rdfs:label "Spain" }').boolean
    assert _mentions(person_store) == mentions
    assert kg_exit_code("erase", "w3id", "--store", str(person_store), "--yes", "--force") == 0
    with KnowledgeGraph.open(person_store) as kg:
        assert not kg.query('ASK { ?x rdfs:label "Spain" }').boolean


def test_erase_refuses_to_remove_most_of_the_store_unless_forced(person_store, capsys, monkeypatch):
    """(The store is small: its load's provenance outweighs its 5 facts; the share is lowered.)"""
    monkeypatch.setattr("kg.pipeline.erase.LARGE_SHARE", 0.2)
    capsys.readouterr()
    assert kg_exit_code("erase", "spain", "france", "--store", str(person_store), "--yes") == 2
    assert "would remove 10 of the store's 32 quads" in capsys.readouterr().err
    with KnowledgeGraph.open(person_store) as kg:
        assert kg.query("ASK { res:france kgeo:borders res:spain }").boolean


def test_opening_a_store_removes_the_partial_copy_of_a_killed_erase(person_store):
    """A kill during `kg erase` left its partial database copy (.oxigraph.new-X, the size of the
    database) in the store until the next erase."""
    import subprocess
    import sys

    from kg.files import writer_id

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    partial = person_store / f".oxigraph.new-{dead}.{writer_id().split('.', 1)[1]}-x1y2z3"
    partial.mkdir()
    (partial / "000001.sst").write_text(NAME, encoding="utf-8")
    with KnowledgeGraph.open(person_store) as kg:
        assert kg.query("ASK { res:france kgeo:borders res:spain }").boolean
    assert not partial.exists()


def test_erase_takes_a_name_as_whole_words_never_inside_another_word(tmp_path, capsys):
    """`kg erase Ran` (a person named Ran) erased France and Iran with their borders: the text
    was matched anywhere, so "ran" inside "France" took every fact naming France."""
    from kg.teachers.cache import CompletionCache

    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    with KnowledgeGraph.open(store) as kg:
        kg.add([("Ran", "borders", "Spain"), ("France", "borders", "Spain"), ("Iran", "borders", "Iraq"),
                ("Mary Ran Cohen", "borders", "Iraq")])
    cache = CompletionCache(store / "teacher-cache.sqlite")
    for i, text in enumerate(["1. Spain\n2. France", "1. Ran's house\n2. Spain", "mail ran.cohen@example.org"]):
        cache.put(f"k{i}", teacher="openai", model="m", prompt_id=f"p{i}", sample_index=0, params={}, text=text,
                  finish_reason="stop", usage={})
    cache.close()
    capsys.readouterr()
    assert kg_exit_code("erase", "Ran", "--store", str(store), "--yes", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["cache_entries"] == 2 and report["leftovers"] == []  # France is no trace of Ran
    with KnowledgeGraph.open(store) as kg:
        left = {(str(r["s"]).rsplit("/", 1)[1], str(r["o"]).rsplit("/", 1)[1])
                for r in kg.query("SELECT ?s ?o WHERE { ?s kgeo:borders ?o }").bindings()}
    assert left == {("france", "spain"), ("iran", "iraq")}


def test_erase_removes_a_hashed_name_minted_in_its_domains_own_entities_namespace(tmp_path):
    """kg erase looked for the IRI a name mints to under res: only: in a domain with its own
    `[domain] entities`, an unlabelled fact of a hashed name (李小龍 as ENT:x_...) stayed."""
    from rdflib import Namespace, URIRef

    from kg.iri import mint_iri
    from tests.pipeline.test_domains_apart import PEOPLE_ID, _people

    name, friend_of = "李小龍", URIRef("https://example.org/people#friendOf")
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", _people(tmp_path)) == 0
    with KnowledgeGraph.open(store) as kg:
        minted = kg.resolve(name)
        assert minted == mint_iri(name, Namespace(PEOPLE_ID)) and minted.startswith(PEOPLE_ID + "x_")
        kg.add([(minted, friend_of, URIRef(PEOPLE_ID + "jordan")), (URIRef(PEOPLE_ID + "kim"), friend_of, URIRef(PEOPLE_ID + "jordan"))])
        kg.erase([name])
        left = kg.query(f"SELECT ?s WHERE {{ ?s <{friend_of}> ?o }}", graph="all").bindings()
    assert [str(row["s"]) for row in left] == [PEOPLE_ID + "kim"]


def test_erase_refuses_a_word_of_the_domains_entities_namespace_and_takes_a_name_inside_another_word(tmp_path, capsys):
    """`kg erase example` on a store minting in https://bib.example.de/entity/ erased every entity
    (583 quads, accepted and inferred emptied, no refusal); `kg erase Till` was refused because
    "till" is inside "kgdistill", though as a whole word it is in no namespace."""
    domain = tmp_path / "geo"
    import shutil

    from kg.ontology import load_domain

    shutil.copytree(load_domain("geography").path, domain)
    relations = domain / "relations.toml"
    relations.write_text(relations.read_text(encoding="utf-8").replace(
        "[domain]", '[domain]\nentities = "https://bib.example.de/entity/"', 1), encoding="utf-8")
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", str(domain)) == 0
    with KnowledgeGraph.open(store) as kg:
        kg.add([("Till", "borders", "Spain"), ("France", "borders", "Spain")])
    capsys.readouterr()
    assert kg_exit_code("erase", "example", "--store", str(store), "--yes") == 2
    assert "namespace" in capsys.readouterr().err
    assert kg_exit_code("erase", "Till", "--store", str(store), "--yes") == 0
    with KnowledgeGraph.open(store) as kg:
        left = {str(r["s"]) for r in kg.query("SELECT ?s WHERE { ?s ?p ?o }").bindings()}
    assert "https://bib.example.de/entity/france" in left and "https://bib.example.de/entity/till" not in left


def test_erase_lists_a_settings_file_only_where_a_setting_holds_the_text(tmp_path, capsys):
    """`kg erase France` listed kg.toml as still holding it, because the template's comment names
    France as an example seed; a seed that names the person is listed."""
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    with KnowledgeGraph.open(store) as kg:
        kg.add([("France", "borders", "Spain"), ("Jane Roe", "borders", "Spain")])
    toml = store / "kg.toml"
    assert "France" in toml.read_text(encoding="utf-8")  # in a comment of the template
    capsys.readouterr()
    assert kg_exit_code("erase", "France", "--store", str(store), "--yes", "--format", "json") == 0
    assert "kg.toml" not in {f for x in json.loads(capsys.readouterr().out)["leftovers"] for f in x["files"]}
    toml.write_text(toml.read_text(encoding="utf-8").replace("# seeds = []", 'seeds = ["Jane Roe"]', 1), encoding="utf-8")
    assert kg_exit_code("erase", "Jane Roe", "--store", str(store), "--yes", "--format", "json") == 0
    assert "kg.toml" in {f for x in json.loads(capsys.readouterr().out)["leftovers"] for f in x["files"]}
    toml.write_text(toml.read_text(encoding="utf-8").replace('seeds = ["Jane Roe"]', "# seeds = []  # Jane Roe's project"), encoding="utf-8")
    assert kg_exit_code("erase", "Jane Roe", "--store", str(store), "--yes", "--format", "json") == 0
    assert "kg.toml" in {f for x in json.loads(capsys.readouterr().out)["leftovers"] for f in x["files"]}  # her comment


def test_erase_finds_a_name_a_runs_saved_prompts_escaped_and_keeps_the_runs_other_prompts(tmp_path, capsys):
    """A run's saved prompts were JSON with \\u escapes ("S\\u00e3o Tom\\u00e9"), so `kg erase
    "São Tomé"` removed nothing there; and a run's whole prompt list was one literal, so erasing
    one name dropped every saved prompt of the run (the next run paid for all of them again)."""
    import pyoxigraph as ox

    from kg.namespaces import GRAPH, KG, RUN

    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", "geography") == 0
    prompts = [{"id": "p1", "text": "Name the countries that border São Tomé.", "head": "São Tomé"},
               {"id": "p2", "text": "Name the countries that border Spain.", "head": "Spain"}]
    run = ox.NamedNode(f"{RUN}distill-0123456789abcdef")
    with KnowledgeGraph.open(store) as kg:
        kg.store.add_quads([ox.Quad(run, ox.NamedNode(str(KG.promptsJson)), ox.Literal(json.dumps(prompts)),
                                    ox.NamedNode(str(GRAPH["provenance"])))])
        kg.add([("Spain", "borders", "France"), ("Spain", "borders", "Portugal")])  # the store is not only the run
    assert kg_exit_code("erase", "São Tomé", "--store", str(store), "--yes") == 0
    with KnowledgeGraph.open(store) as kg:
        saved = [json.loads(q.object.value) for q in kg.store.match(run, ox.NamedNode(str(KG.promptsJson)), graph="provenance")]
    assert saved == [[prompts[1]]]
    assert _files_holding(store, "S\\u00e3o Tom", "São Tomé") == []
