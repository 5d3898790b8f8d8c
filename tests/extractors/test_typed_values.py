"""A data property's value as the teacher wrote it: Turtle literals, JSON values and dates,
read from what was written, not from what rdflib guessed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, Literal

from extractors import Extractor
from extractors.datatypes import lexical_form
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable
from kg.terms import from_ox, to_ox

TURTLE = '@prefix mu: <https://example.org/music#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'


@pytest.fixture(scope="module")
def alive(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a yes-or-no relation: ``mu:alive`` (``xsd:boolean``)."""
    folder = tmp_path_factory.mktemp("domain") / "music"
    shutil.copytree(Path(__file__).parent / "music", folder)
    with (folder / "ontology.ttl").open("a") as f:
        f.write("\nmu:alive a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain mu:Person ; rdfs:range xsd:boolean .\n")
    with (folder / "relations.toml").open("a") as f:
        f.write('\n[relations.alive]\nprompt = "Is {head} still alive?"\nverbalization = "{head} is alive: {tail}"\n')
    return load_domain(folder)


def _read(domain: Domain, text: str, kind: str = "rdf") -> list[Candidate | Unreadable]:
    prompt = Prompt.make("Facts about Antonín Dvořák", kind, topic="Antonín Dvořák")
    return Extractor(domain).extract(Completion(prompt.id, prompt.text, "test:teacher", text), prompt)


@pytest.mark.parametrize("written", ['"yes"^^xsd:boolean', '"Yes"^^xsd:boolean', '" true"^^xsd:boolean', '"1"^^xsd:boolean'])
def test_a_turtle_boolean_is_read_as_written(alive: Domain, written: str) -> None:
    """A teacher's Turtle ``mu:Dvorak mu:alive "yes"^^xsd:boolean`` (also "Yes", " true") was
    stored as false: rdflib put the value it guessed for an ill-typed literal in place of the
    lexical form the answer was read from."""
    out = _read(alive, TURTLE + f"mu:Dvorak mu:alive {written} .")
    assert [(str(r.object), r.object.datatype) for r in out if isinstance(r, Candidate)] == [("true", XSD.boolean)]


def test_a_turtle_boolean_that_says_neither_is_quarantined(alive: Domain) -> None:
    """``"maybe"^^xsd:boolean`` was stored as false."""
    out = _read(alive, TURTLE + 'mu:Dvorak mu:alive "maybe"^^xsd:boolean .')
    assert [r.reason for r in out] == ["object not a valid boolean: 'maybe'"]


@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
def test_a_stored_literal_read_back_keeps_its_lexical_form() -> None:
    """``to_ox(from_ox(x))`` turned ``"abc"^^xsd:boolean`` into ``"false"`` and ``"INF"^^xsd:double``
    into ``"inf"`` (no xsd:double at all): the value rdflib guessed replaced what was stored."""
    for value, datatype in (("abc", XSD.boolean), ("INF", XSD.double), ("2020-01-01Z", XSD.date)):
        stored = ox.Literal(value, datatype=ox.NamedNode(str(datatype)))
        assert from_ox(stored) == Literal(value, datatype=datatype, normalize=False)
        assert to_ox(from_ox(stored)) == stored


@pytest.mark.parametrize("kind", ["rdf", "json"])
def test_a_date_before_year_one_is_quarantined_not_made_a_year_ad(alive: Domain, kind: str, caplog: pytest.LogCaptureFixture) -> None:
    """A teacher's ``"-0100-07-12"^^xsd:date`` (Julius Caesar's birth) was stored as
    ``0100-07-12``, a date AD, and the run printed rdflib's traceback "Failed to convert Literal
    lexical form to value"."""
    if kind == "rdf":
        text = TURTLE + 'mu:Julius_Caesar mu:birthDate "-0100-07-12"^^xsd:date .'
    else:
        text = json.dumps([{"subject": "Julius Caesar", "predicate": "birthDate", "object": "-0100-07-12"}])
    out = _read(alive, text, kind)
    assert [r.reason for r in out] == ["object is a date before year 1, which is not read (only years 1 to 9999 are): '-0100-07-12'"]
    assert not [r for r in caplog.records if r.name.startswith("rdflib")]
    assert lexical_form(str(XSD.date), "-0044-03-15") is None
    assert lexical_form(str(XSD.date), "0044-03-15") == "0044-03-15"  # the year 44 AD


@pytest.mark.parametrize("value", [True, False])
def test_a_json_boolean_is_the_answer_of_a_yes_or_no_relation(alive: Domain, value: bool) -> None:
    """``{"predicate": "alive", "object": true}`` for an ``xsd:boolean`` relation was
    quarantined: "a triple part is not a string, a finite number or a list of them". A JSON
    boolean of another relation still is."""
    written = "true" if value else "false"
    triple = [{"subject": "Antonín Dvořák", "predicate": "alive", "object": value}]
    out = _read(alive, json.dumps(triple), "json")
    assert [(str(r.object), r.object.datatype) for r in out if isinstance(r, Candidate)] == [(written, XSD.boolean)]
    out = _read(alive, json.dumps({"name": "Antonín Dvořák", "alive": value}), "json")
    assert [str(r.object) for r in out if isinstance(r, Candidate)] == [written]
    out = _read(alive, json.dumps([{"subject": "Antonín Dvořák", "predicate": "birthPlace", "object": value}]), "json")
    assert [r.reason for r in out] == ["a triple part is not a string, a finite number or a list of them"]


@pytest.mark.parametrize("written", ["47.3", "2.5", "-1", "-5"])
def test_a_fraction_or_a_negative_number_for_a_non_negative_integer_is_refused(geo: Domain, written: str) -> None:
    """``population`` is an ``xsd:nonNegativeInteger``: "47.3" must not become 47, nor "-1" a count."""
    from extractors.normalize import Normalizer

    normalizer = Normalizer(geo)
    population = normalizer.relation("population")
    assert population is not None
    assert normalizer.literal(population, written) is None
    assert normalizer.literal(population, "47") == Literal("47", datatype=XSD.nonNegativeInteger)


@pytest.mark.parametrize(("written", "year"), [("1996-12-17", "1996"), ("2001-05", "2001"), ("May 10, 2001", "2001"), ("1991-1992", None),
                                               ("1996-12-17 to 1997-01-02", None)])
def test_an_iso_date_for_a_year_is_its_year_not_a_range(alive: Domain, written: str, year: str | None) -> None:
    """An ISO date for a gYear relation ("1996-12-17", "2001-05") was quarantined as "a range,
    not one value": its hyphens were read as a range's, while "May 10, 2001" gave 2001."""
    from extractors.figures import read_value

    value = read_value(alive.relations["compositionYear"], written)
    assert (None if value is None else str(value)) == year
