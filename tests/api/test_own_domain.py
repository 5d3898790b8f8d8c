"""A user's own domain folder: its prefix and relation names work in queries and `kg why`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDFS, Literal, URIRef

from kg.api import KnowledgeGraph
from kg.cli import main
from kg.errors import QueryError
from kg.iri import mint_iri
from kg.records import Candidate, Completion, Reason, Verdict
from kg.store import open_store

FD = "https://example.org/food#"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")

RELATIONS = f"""
[domain]
name = "food"
prefix = "fd"
namespace = "{FD}"

[relations.cuisine]
prompt = "Which cuisine does {{head}} come from?"
verbalization = "{{head}} is a dish of {{tail}} cuisine"

[relations.calories]
prompt = "How many kilocalories are in 100 g of {{head}}?"
verbalization = "{{head}} has {{tail}} kcal per 100 g"
"""

ONTOLOGY = f"""
@prefix fd: <{FD}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
fd:Dish a owl:Class . fd:Cuisine a owl:Class .
fd:cuisine a owl:ObjectProperty ; rdfs:domain fd:Dish ; rdfs:range fd:Cuisine .
fd:calories a owl:DatatypeProperty ; rdfs:domain fd:Dish ; rdfs:range xsd:decimal .
fd:cuisineOf a owl:ObjectProperty ; owl:inverseOf fd:cuisine .
"""


@pytest.fixture
def food_store(tmp_path):
    folder = tmp_path / "food"
    folder.mkdir()
    (folder / "relations.toml").write_text(RELATIONS, encoding="utf-8")
    (folder / "ontology.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    store = str(tmp_path / "st")
    main(["init", store, "--domain", str(folder)])  # kg.toml names the domain
    completion = Completion("p1", "Which cuisine does Lasagna come from?", "replay:test", "Italian")
    with open_store(store) as st:
        st.write([
            Verdict.accept(Candidate(mint_iri("Lasagna"), URIRef(FD + "cuisine"), mint_iri("Italian"), completion, span="Italian"), 0.9),
            Verdict.accept(Candidate(mint_iri("Lasagna"), URIRef(FD + "calories"), Literal("135", datatype=DECIMAL), completion,
                                     span="135"), 0.9),
        ])
    return store


def test_a_query_may_use_the_store_domains_prefix(food_store, capsys) -> None:
    with KnowledgeGraph.open(food_store) as kg:
        rows = kg.query("SELECT ?c WHERE { res:lasagna fd:cuisine ?c }").bindings()
        assert [str(r["c"]) for r in rows] == [str(mint_iri("Italian"))]
        # a query's own declaration still wins
        assert not kg.query("PREFIX fd: <http://other.example/#> SELECT ?c WHERE { res:lasagna fd:cuisine ?c }").bindings()
    main(["query", "SELECT ?v WHERE { ?d fd:calories ?v }", "--store", food_store, "--format", "json"])
    assert "135" in capsys.readouterr().out
    main(["query", "SELECT ?d ?p WHERE { ?d ?p ?v FILTER(?v = 135) }", "--store", food_store])  # the table: prefixed names
    assert capsys.readouterr().out.split("\n")[3].split() == ["│", "res:lasagna", "│", "fd:calories", "│"]


def test_the_skos_prefix_the_store_writes_aliases_with_is_declared_for_a_query(food_store, capsys) -> None:
    """The store writes a name's aliases as skos:altLabel, but `kg query` refused skos: as an
    unknown prefix, while rdfs: (of rdfs:label) was declared (found by the games user's audit)."""
    main(["query", "SELECT ?p WHERE { VALUES ?p { skos:altLabel } }", "--store", food_store])
    assert "skos:altLabel" in capsys.readouterr().out


def test_an_undeclared_prefix_is_named_in_one_line(food_store, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["query", "SELECT ?v WHERE { ?d zz:calories ?v }", "--store", food_store])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unknown prefix; declare zz:" in err and "expected one of" not in err
    # the prefixes declared for it left out the domain's own, fd:, which a query may use as it does kgeo:
    assert err.rstrip().endswith(", kgeo, fd")
    with pytest.raises(SystemExit):  # a query that uses fd: too has its own error, not "unknown prefix" at fd:
        main(["query", "SELECT ?v WHERE { ?d fd:calories ?v ; zz:x ?w }", "--store", food_store])
    err = capsys.readouterr().err
    assert "declare zz: " in err and err.rstrip().endswith(", kgeo, fd")
    with pytest.raises(SystemExit):
        main(["query", "SELECT ?v WHERE {\n ?d fd:calories ?v . ?v fd:x }", "--store", food_store])
    err = capsys.readouterr().err
    assert "error at 2:" in err and "unknown prefix" not in err


def test_why_reads_the_store_domains_names(food_store, capsys) -> None:
    for triple in ("Lasagna cuisine Italian", "Lasagna fd:cuisine Italian", "Lasagna calories 135"):
        main(["why", triple, "--store", food_store, "--format", "json"])
        assert json.loads(capsys.readouterr().out)["status"] == "accepted", triple
    with pytest.raises(SystemExit) as stop:
        main(["why", "Lasagna cuisin Italian", "--store", food_store])
    assert stop.value.code == 2
    assert "did you mean fd:cuisine?" in capsys.readouterr().err


def test_the_endpoint_predeclares_the_store_domains_prefix(food_store, tmp_path) -> None:
    import httpx

    from tests.server.conftest import start_server

    server = start_server(Path(food_store), tmp_path / "serve.log", "--workers", "1")
    try:
        r = httpx.post(server.sparql, data={"query": "SELECT ?v WHERE { ?d fd:calories ?v }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert r.status_code == 200, r.text
        assert [b["v"]["value"] for b in r.json()["results"]["bindings"]] == ["135"]
        r = httpx.post(server.sparql, data={"query": "CONSTRUCT WHERE { ?d fd:cuisine ?c }"}, headers={"Accept": "text/turtle"},
                       timeout=30)
        assert r.status_code == 200 and "fd:cuisine" in r.text
        page = httpx.get(server.url + "/", headers={"Accept": "text/html"}, timeout=30).text  # the query page's examples use the prefix
        assert "Facts: fd:" in page and "?s fd:c" in page
        assert "Prefixes rdf rdfs owl xsd prov sh skos kg res graph cs kgeo fd are predeclared" in page  # fd: was left out
    finally:
        server.stop()


@pytest.mark.parametrize("name", ["out.ttl", "out.trig", "out.rdf"])
def test_rdf_exports_write_prefixed_names_and_read_back_whole(food_store, tmp_path, name) -> None:
    from rdflib import Dataset, Graph

    out = tmp_path / name
    main(["export", "--store", food_store, "-o", str(out), "--quiet"])
    text = out.read_text(encoding="utf-8")
    assert "fd:cuisine" in text and "res:lasagna" in text or 'xmlns:fd="https://example.org/food#"' in text
    back = Dataset(default_union=True) if name.endswith(".trig") else Graph()
    back.parse(out)
    with KnowledgeGraph.open(food_store) as kg:
        expected = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in kg.query("SELECT * WHERE { ?s ?p ?o }", graph="accepted")}
    assert {(s.n3(), p.n3(), o.n3()) for s, p, o in back.triples((None, None, None))} == expected


def test_the_python_api_explains_by_the_store_domains_names(food_store) -> None:
    with KnowledgeGraph.open(food_store) as kg:
        for triple in (("Lasagna", "cuisine", "Italian"), ("Lasagna", "fd:cuisine", "Italian"), ("Lasagna", "calories", "135"),
                       ("res:lasagna", "fd:calories", 135)):
            assert kg.why(triple).status == "accepted", triple
        assert kg.resolve("fd:cuisine") == URIRef(FD + "cuisine")
        with pytest.raises(QueryError, match="did you mean fd:cuisine"):
            kg.why(("Lasagna", "cuisin", "Italian"))


def test_the_report_names_relations_by_the_store_domains_prefix(food_store, tmp_path) -> None:
    out = tmp_path / "report.html"
    main(["report", "--store", food_store, "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    assert "fd:cuisine" in page and FD + "cuisine" not in page


def test_stats_names_predicates_and_classes_by_prefix(food_store, capsys) -> None:
    main(["stats", "--store", food_store])
    table = capsys.readouterr().out
    assert "fd:cuisine" in table and FD + "cuisine" not in table
    main(["stats", "--store", food_store, "--format", "json"])  # data keeps the full IRIs
    assert FD + "cuisine" in json.loads(capsys.readouterr().out)["predicates"]
    with KnowledgeGraph.open(food_store) as kg:
        assert kg.short(FD + "calories") == "fd:calories" and kg.prefixes()["fd"] == FD


def test_why_tree_names_terms_by_the_store_domains_prefix(food_store, capsys) -> None:
    main(["why", "Lasagna calories 135", "--store", food_store])
    out = " ".join(capsys.readouterr().out.split())
    assert 'res:lasagna fd:calories "135"^^xsd:decimal accepted' in out
    assert FD not in out
    main(["reason", "--store", food_store])  # its table of inferred predicates too (it printed <https://...>)
    out = capsys.readouterr().out
    assert "fd:cuisineOf" in out and FD not in out
    main(["why", "Italian fd:cuisineOf Lasagna", "--store", food_store])  # a derivation names its axiom by prefix too
    out = " ".join(capsys.readouterr().out.split())
    assert "inferred └── prp-inv (fd:cuisineOf owl:inverseOf fd:cuisine)" in out


def test_why_takes_the_triple_as_three_words_as_its_hint_writes_it(food_store, capsys) -> None:
    """`kg why Lasagna` hinted `kg why "SUBJECT" PREDICATE "OBJECT"`, and the triple so written was "Got unexpected extra
    argument(s)" (a demographer's audit): three words are the subject, the predicate and the object, as one string is;
    two words are a one-line usage error."""
    main(["why", "Lasagna calories 135", "--store", food_store])
    one = capsys.readouterr().out
    main(["why", "Lasagna", "fd:calories", "135", "--store", food_store])
    assert capsys.readouterr().out == one and "accepted" in one
    main(["why", "Lasagna", "--store", food_store])
    assert "`kg why SUBJECT PREDICATE OBJECT` explains one" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit) as stop:
        main(["why", "Lasagna", "calories", "--store", food_store])
    assert stop.value.code == 2 and "as three words (subject, predicate, object)" in capsys.readouterr().err


def test_data_that_looks_like_markup_is_printed_as_written(tmp_path, capsys) -> None:
    """A label or a completion holding rich's markup (``[/INST]`` from a Llama chat template,
    ``[bold]``) is data: `kg query` and `kg why` print it as written, and a rejection's check
    is named."""
    store = str(tmp_path / "st")
    main(["init", store])
    completion = Completion("p1", "[INST] Which cuisine does Lasagna come from? [/INST]", "replay:test",
                            "[/INST] [bold]Italian[/bold]")
    dish, cuisine = mint_iri("Lasagna [v2]"), URIRef(FD + "cuisine")
    with KnowledgeGraph.open(store) as kg:
        kg.add([(dish, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Lasagna [/INST] [bold]"))])
    with open_store(store) as st:
        st.write([
            Verdict.accept(Candidate(dish, cuisine, mint_iri("Italian"), completion, span="[bold]Italian"), 0.9),
            Verdict.reject(Candidate(dish, cuisine, mint_iri("French"), completion, span="French"),
                           Reason("reference", "[red]contradicted[/red] by the reference")),
        ])
    main(["query", "SELECT ?l WHERE { ?d rdfs:label ?l }", "--store", store])
    assert "Lasagna [/INST] [bold]" in capsys.readouterr().out
    main(["why", f"<{dish}> <{cuisine}> <{mint_iri('Italian')}>", "--store", store])
    out = capsys.readouterr().out
    assert "Lasagna [/INST] [bold]" in out and "[/INST] [bold]Italian[/bold]" in out
    main(["why", f"<{dish}> <{cuisine}> <{mint_iri('French')}>", "--store", store])
    out = capsys.readouterr().out
    assert "reference: [red]contradicted[/red] by the reference" in out


def test_a_relation_mapped_to_another_vocabulary_is_read_by_its_name_and_that_vocabularys_prefix(tmp_path, capsys) -> None:
    """A relation with iri = "http://schema.org/director" (a domain reusing schema.org): `kg why
    'Jaws director ...'` could not read 'director' and suggested mv:director, a property that
    does not exist; schema: was known to no query or display although ontology.ttl declares it."""
    folder = tmp_path / "movies"
    folder.mkdir()
    (folder / "relations.toml").write_text(
        '[domain]\nname = "movies"\nprefix = "mv"\nnamespace = "https://example.org/movies#"\n\n'
        '[relations.director]\niri = "http://schema.org/director"\nprompt = "Who directed {head}?"\n'
        'verbalization = "{head} was directed by {tail}"\n', encoding="utf-8")
    (folder / "ontology.ttl").write_text(
        "@prefix schema: <http://schema.org/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "schema:director a owl:ObjectProperty .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    store = str(tmp_path / "st")
    main(["init", store, "--domain", str(folder)])
    completion = Completion("p1", "Who directed Jaws?", "replay:test", "Steven Spielberg")
    with open_store(store) as st:
        st.write([Verdict.accept(Candidate(mint_iri("Jaws"), URIRef("http://schema.org/director"), mint_iri("Steven Spielberg"),
                                           completion, span="Steven Spielberg"), 0.9)])
    capsys.readouterr()
    for triple in ("Jaws director Steven Spielberg", "Jaws schema:director 'Steven Spielberg'"):
        main(["why", triple, "--store", store])
        assert " ".join(capsys.readouterr().out.split()).startswith("res:jaws schema:director res:steven_spielberg accepted"), triple
    with pytest.raises(SystemExit):
        main(["why", "Jaws directr 'Steven Spielberg'", "--store", store])
    assert "did you mean schema:director?" in capsys.readouterr().err
    main(["query", "SELECT ?d WHERE { res:jaws schema:director ?d }", "--store", store, "--format", "csv"])
    assert capsys.readouterr().out.split() == ["d", str(mint_iri("Steven Spielberg"))]


def test_a_store_finds_its_domain_folder_from_another_directory(tmp_path, monkeypatch, capsys) -> None:
    """A domain given as a relative path ('--domain food') was recorded as given: run from
    another directory, kg why could not read the relation and kg query not the prefix."""
    folder = tmp_path / "food"
    folder.mkdir()
    (folder / "relations.toml").write_text(RELATIONS, encoding="utf-8")
    (folder / "ontology.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    (tmp_path / "dishes.csv").write_text("head,relation,tail\nLasagna,cuisine,Italian\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["ingest", "dishes.csv", "--domain", "food", "--store", "st", "--quiet", "--critic", "none"])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    main(["why", "Lasagna cuisine Italian", "--store", str(tmp_path / "st"), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["status"] == "accepted"
    main(["query", "SELECT ?c WHERE { ?d fd:cuisine ?c }", "--store", str(tmp_path / "st"), "--format", "csv"])
    assert capsys.readouterr().out.split() == ["c", str(mint_iri("Italian"))]


def test_the_python_api_validates_facts_with_the_stores_domain_without_writing_them(tmp_path) -> None:
    """A reasoning API user had `kg validate` on the shell only; `check` needed its domain
    again, and a list of triples passed to it failed inside ('list' object has no attribute
    'ontology')."""
    from kg.errors import ConfigError

    pharma = Path(__file__).resolve().parents[1] / "extractors" / "pharma"
    store = str(tmp_path / "st")
    main(["init", store, "--domain", str(pharma)])
    with KnowledgeGraph.open(store) as kg:
        kg.add([(mint_iri("Aspirin"), URIRef("https://example.org/pharma#treats"), mint_iri("Fever"))])
        ok, swapped, new = kg.validate([("Aspirin", "treats", "Gout"), ("Gout", "ph:treats", "Aspirin"), ("Ibuprofen", "targets", "PTGS2")])
        assert ok.accepted and ok.candidate.object == mint_iri("Gout") and ok.candidate.object_label == "Gout"
        assert not swapped.accepted and {r.check for r in swapped.reasons} == {"domain", "range"}
        assert "Aspirin is a Drug" in " ".join(r.message for r in swapped.reasons)
        assert new.accepted
        assert kg.stats().graphs.get("accepted") == 1  # nothing written
        with pytest.raises(ConfigError, match="a domain is a loaded Domain, a domain folder or a shipped name"):
            kg.check([("Aspirin", "treats", "Gout")])


@pytest.mark.java
def test_the_python_api_checks_consistency_with_the_stores_own_domain(food_store) -> None:
    with KnowledgeGraph.open(food_store) as kg:
        report = kg.check()  # the domain the store records (it had to be given again)
        assert report.consistent and report.facts > 0


def test_validating_labels_with_spaces_logs_no_warning(tmp_path, caplog) -> None:
    """kg.validate([("Antonín Dvořák", "bornIn", "Prague")]) printed rdflib's "Antonín Dvořák
    does not look like a valid URI, trying to serialize this will break." for every label with a
    space: the API built an IRI of the label only to compare it."""
    import logging

    pharma = Path(__file__).resolve().parents[1] / "extractors" / "pharma"
    store = str(tmp_path / "st")
    main(["init", store, "--domain", str(pharma)])
    with KnowledgeGraph.open(store) as kg, caplog.at_level(logging.WARNING):
        (verdict,) = kg.validate([("Acetylsalicylic acid", "treats", "Type 2 diabetes")])
    assert verdict.candidate.subject_label == "Acetylsalicylic acid" and verdict.candidate.object_label == "Type 2 diabetes"
    assert not [r for r in caplog.records if "valid URI" in r.getMessage()]


def test_the_python_api_adds_facts_named_as_validate_reads_them(food_store) -> None:
    """`kg.add([("Lasagna", "cuisine", "Italian")])` failed inside with "TypeError: not an RDF
    term: 'Lasagna'", though validate, why and judge take labels and relation names."""
    with KnowledgeGraph.open(food_store) as kg:
        kg.add([(mint_iri("Lasagna"), RDFS.label, Literal("Lasagna"))])
        added = kg.add([("Lasagna", "cuisine", "Italian"), ("Pho", "fd:cuisine", "Vietnamese"), ("Pho", "calories", "45")])
        assert added == 3 + 3  # and the labels of Italian, Pho and Vietnamese
        rows = {(r["s"], r["o"]) for r in kg.query("SELECT ?s ?o WHERE { ?s fd:cuisine ?o }").records()}
        assert (str(mint_iri("Pho")), str(mint_iri("Vietnamese"))) in rows  # new entities, minted as the pipeline mints
        labels = {r["l"] for r in kg.query("SELECT ?l WHERE { ?x rdfs:label ?l }").records()}
        assert {"Pho", "Vietnamese", "Lasagna", "Italian"} <= labels
        assert len(kg.query("SELECT ?l WHERE { res:lasagna rdfs:label ?l }")) == 1  # a label it had is not added again
        assert kg.query("SELECT ?c WHERE { res:pho fd:calories ?c }").records()[0]["c"] == 45  # the property's datatype
        assert kg.why(("Pho", "cuisine", "Vietnamese")).status == "accepted"
        with pytest.raises(QueryError, match="the relations are fd:cuisine, fd:calories"):
            kg.add([("Pho", "servedWith", "Lime")])
        assert kg.add([("Bún chả", "rdfs:label", "Bún chả")]) == 1  # a label is text, and is the only one
        assert kg.query("SELECT ?l WHERE { ?x rdfs:label ?l FILTER(STRSTARTS(?l, 'Bún')) }").records() == [{"l": "Bún chả"}]


def _food_folder(parent: Path) -> Path:
    folder = parent / "food"
    folder.mkdir(parents=True)
    (folder / "relations.toml").write_text(RELATIONS, encoding="utf-8")
    (folder / "ontology.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    return folder


def _store_of_another_checkout(tmp_path: Path) -> tuple[str, Path, Path]:
    """A store whose run recorded the food folder of an older checkout, and whose kg.toml names
    the food folder of this one."""
    old, here = _food_folder(tmp_path / "old"), _food_folder(tmp_path / "here")
    (tmp_path / "dishes.csv").write_text("head,relation,tail\nLasagna,cuisine,Italian\n", encoding="utf-8")
    store = str(tmp_path / "st")
    main(["init", store, "--domain", str(here)])
    main(["ingest", str(tmp_path / "dishes.csv"), "--domain", str(old), "--store", store, "--quiet", "--critic", "none"])
    return store, old, here


def test_a_store_made_by_another_checkout_counts_its_domain_once(tmp_path, capsys) -> None:
    """A store made by an older checkout records that checkout's domain folder and its kg.toml
    names the domain here: the one domain counted as two, kg.validate failed "the store has 2
    domains" and kg reason loaded it twice ("domain food, food")."""
    from kg.domains import store_domains

    store, _, here = _store_of_another_checkout(tmp_path)
    with KnowledgeGraph.open(store) as kg:
        recorded = store_domains(kg.store)
        assert recorded.specs == [str(here.resolve())] and recorded.notes == []
        assert kg.validate([("Pizza", "cuisine", "Italian")])[0].accepted
    capsys.readouterr()
    main(["reason", "--store", store, "--quiet"])
    assert "(domain food, " in capsys.readouterr().out


def test_two_differing_folders_of_one_domain_use_kg_tomls_and_say_so(tmp_path) -> None:
    """Where the run's folder of a domain and kg.toml's differ (an edited copy), one is used,
    kg.toml's, and a note names both, instead of the domain counting twice."""
    from kg.domains import store_domains

    store, old, here = _store_of_another_checkout(tmp_path)
    with (here / "ontology.ttl").open("a", encoding="utf-8") as ontology:
        ontology.write("fd:Dessert a owl:Class .\n")
    with KnowledgeGraph.open(store) as kg:
        recorded = store_domains(kg.store)
        assert recorded.specs == [str(here.resolve())]
        assert len(recorded.notes) == 1 and str(old.resolve()) in recorded.notes[0] and "kg.toml's" in recorded.notes[0]
        assert kg.validate([("Pizza", "cuisine", "Italian")])[0].accepted
