"""Loading domain folders: the shipped domains, and clear errors for broken folders."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from kg.errors import OntologyError
from kg.ontology import OntologyIndex, available_domains, domains_dir, load_domain

ATOMIC_RELATIONS = {
    "xIntent", "xNeed", "xAttr", "xEffect", "xReact", "xWant", "oEffect", "oReact", "oWant",
    "isAfter", "isBefore", "HinderedBy", "Causes", "xReason", "HasSubEvent", "isFilledBy",
    "ObjectUse", "AtLocation", "MadeUpOf", "HasProperty", "CapableOf", "Desires", "NotDesires",
}
CS = "https://w3id.org/kgdistill/ontology/commonsense#"
GEO = "https://w3id.org/kgdistill/ontology/geography#"


def test_shipped_domains_are_found_by_name():
    assert {"commonsense", "geography"} <= set(available_domains())
    assert domains_dir().name == "ontologies"


def test_commonsense_has_the_23_atomic_relations(commonsense):
    assert set(commonsense.relations) == ATOMIC_RELATIONS
    assert str(commonsense.namespace) == CS
    x = commonsense.relations["xReact"]
    assert x.iri == URIRef(CS + "xReact")
    assert x.domain == URIRef(CS + "Event") and x.range == URIRef(CS + "MentalState")
    assert "{head}" in x.prompt and x.verbalize("PersonX wins", "proud").endswith("proud")
    assert commonsense.relation_by_iri(CS + "AtLocation").range == URIRef(CS + "Location")
    assert len(commonsense.shapes) > 0 and commonsense.seeds
    assert commonsense.reference is None


def test_commonsense_axioms(commonsense):
    ix = commonsense.index
    assert URIRef(CS + "isBefore") in ix.inverse[URIRef(CS + "isAfter")]
    assert {URIRef(CS + "isBefore"), URIRef(CS + "isAfter")} <= ix.asymmetric
    assert URIRef(CS + "NotDesires") in ix.property_disjoint[URIRef(CS + "Desires")]
    assert ix.disjoint(URIRef(CS + "Event"), URIRef(CS + "Location"))
    # reactions and attributes share words ("happy"): not disjoint
    assert not ix.disjoint(URIRef(CS + "MentalState"), URIRef(CS + "Attribute"))


def test_geography_uses_the_interface_iris(geography):
    assert str(geography.namespace) == GEO
    rels = geography.relations
    assert rels["capitalOf"].domain == URIRef(GEO + "City") and rels["capitalOf"].range == URIRef(GEO + "Country")
    assert rels["population"].object_is_literal and rels["population"].datatype == XSD.nonNegativeInteger
    assert rels["area"].datatype == XSD.decimal
    assert not rels["borders"].object_is_literal
    ix = geography.index
    assert URIRef(GEO + "locatedIn") in ix.transitive
    assert URIRef(GEO + "borders") in ix.symmetric and URIRef(GEO + "borders") in ix.irreflexive
    assert ix.disjoint(URIRef(GEO + "City"), URIRef(GEO + "Country"))
    assert ix.disjoint(URIRef(GEO + "Continent"), URIRef(GEO + "Country"))
    assert {"country", "city", "continent"} <= ix.kind_words
    assert not ix.may_relate_to_itself(URIRef(GEO + "borders")) and not ix.may_relate_to_itself(URIRef(GEO + "locatedIn"))
    assert ix.may_relate_to_itself(URIRef(GEO + "capitalOf")) and not ix.holds_people(URIRef(GEO + "Country"))


def test_a_class_under_person_holds_people():
    ex = "https://example.org/music#"
    graph = Graph().parse(data=f"""@prefix ex: <{ex}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:Person a owl:Class . ex:Composer a owl:Class ; rdfs:subClassOf ex:Person ; rdfs:label "music composer" .
        ex:Song a owl:Class .""", format="turtle")
    ix = OntologyIndex(graph)
    assert ix.holds_people(URIRef(ex + "Composer")) and not ix.holds_people(URIRef(ex + "Song"))
    assert ix.kind_words == {"person", "composer", "song"}


def test_a_class_named_a_place_or_under_one_holds_places():
    """A place's name goes on with where it lies ("Paris, Texas") only of a class of places: it was
    told by a substring of the class's own name, so a ``Website`` (site) or a ``Statement`` (state)
    held places and a ``Capital`` under ``City`` did not."""
    ex = "https://example.org/places#"
    graph = Graph().parse(data=f"""@prefix ex: <{ex}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:City a owl:Class . ex:Capital a owl:Class ; rdfs:subClassOf ex:City . ex:PopulatedPlace a owl:Class .
        ex:Website a owl:Class . ex:Statement a owl:Class .""", format="turtle")
    ix = OntologyIndex(graph)
    assert all(ix.holds_places(URIRef(ex + c)) for c in ("City", "Capital", "PopulatedPlace"))
    assert not any(ix.holds_places(URIRef(ex + c)) for c in ("Website", "Statement"))


def test_a_class_named_a_titled_work_or_under_one_holds_works():
    """A title goes on after its colon only of a class of titled works: told by a substring of the
    class's name, a software ``Framework`` or a ``Network`` (work) and a ``Player`` (play) held works."""
    ex = "https://example.org/works#"
    graph = Graph().parse(data=f"""@prefix ex: <{ex}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:CreativeWork a owl:Class . ex:Documentary a owl:Class ; rdfs:subClassOf ex:CreativeWork . ex:TVSeries a owl:Class .
        ex:Framework a owl:Class . ex:Network a owl:Class . ex:Player a owl:Class .""", format="turtle")
    ix = OntologyIndex(graph)
    assert all(ix.holds_works(URIRef(ex + c)) for c in ("CreativeWork", "Documentary", "TVSeries"))
    assert not any(ix.holds_works(URIRef(ex + c)) for c in ("Framework", "Network", "Player"))


def test_geography_reference_graph(geography):
    ref = geography.reference
    assert ref is not None and len(ref) > 5000
    res = "https://w3id.org/kgdistill/resource/"
    assert (URIRef(res + "paris"), URIRef(GEO + "capitalOf"), URIRef(res + "france")) in ref
    assert (URIRef(res + "france"), URIRef(GEO + "borders"), URIRef(res + "spain")) in ref


def test_a_domain_loads_from_a_path(tmp_path: Path):
    folder = tmp_path / "geo2"
    shutil.copytree(domains_dir() / "geography", folder)
    (folder / "reference.ttl").unlink()
    d = load_domain(folder)
    assert d.name == "geography" and d.reference is None and d.path == folder


def test_broken_folders_fail_with_a_clear_error(tmp_path: Path):
    with pytest.raises(OntologyError, match="no domain folder"):
        load_domain(tmp_path / "missing")
    folder = tmp_path / "broken"
    shutil.copytree(domains_dir() / "commonsense", folder)
    (folder / "shapes.ttl").write_text("this is not turtle <")
    with pytest.raises(OntologyError, match="shapes.ttl: not valid Turtle"):
        load_domain(folder)
    (folder / "shapes.ttl").unlink()
    with pytest.raises(OntologyError, match="lacks shapes.ttl"):
        load_domain(folder)


def test_a_relation_missing_from_the_ontology_is_an_error(tmp_path: Path):
    folder = tmp_path / "cs"
    shutil.copytree(domains_dir() / "commonsense", folder)
    with open(folder / "relations.toml", "a") as fh:
        fh.write('\n[relations.xTypo]\nprompt = "{head}"\nverbalization = "{head} {tail}"\n')
    with pytest.raises(OntologyError, match="xTypo"):
        load_domain(folder)


def test_a_domain_prefix_that_the_project_gives_another_namespace_is_an_error(tmp_path: Path):
    """A domain calling its namespace cs: (or kg:, res:) would have every query and export read
    cs: as the commonsense ontology; a copy of a shipped domain keeps its own prefix and loads."""
    folder = tmp_path / "mine"
    shutil.copytree(domains_dir() / "geography", folder)
    text = (folder / "relations.toml").read_text(encoding="utf-8")
    (folder / "relations.toml").write_text(
        text.replace('prefix = "kgeo"', 'prefix = "cs"').replace("ontology/geography#", "ontology/mine#"), encoding="utf-8"
    )
    with pytest.raises(OntologyError, match=r"prefix 'cs' already names <https://w3id.org/kgdistill/ontology/commonsense#>"):
        load_domain(folder)


@pytest.mark.parametrize(
    ("line", "key", "missing"),
    [('prompt = "Which country is it the capital of?"', "prompt", "{head}"),
     ('verbalization = "{head} is a capital"', "verbalization", "{tail}"),
     ("verbalization = 3", "verbalization", "{head} or {tail}")],
)
def test_a_template_without_its_slots_is_an_error(tmp_path: Path, line: str, key: str, missing: str):
    """A prompt without {head} asked every seed the same question, silently."""
    folder = tmp_path / "geo"
    shutil.copytree(domains_dir() / "geography", folder)
    text = (folder / "relations.toml").read_text(encoding="utf-8")
    old = {"prompt": 'prompt = "Which country is {head} the capital of? Answer with the country name only."',
           "verbalization": 'verbalization = "{head} is the capital of {tail}"'}[key]
    assert old in text
    (folder / "relations.toml").write_text(text.replace(old, line), encoding="utf-8")
    with pytest.raises(OntologyError, match=rf"relation 'capitalOf': {key} .* has no {re.escape(missing)} slot"):
        load_domain(folder)


def test_a_seed_may_begin_with_a_hash_sign(tmp_path: Path):
    """The band '#1 Record' was silently read as a comment: a comment line is '#' and a space,
    another '#' or nothing else."""
    from kg.ontology import read_seeds

    path = tmp_path / "seeds.txt"
    path.write_text("# bands\n#1 Record\n##\n#\n#MeToo\n", encoding="utf-8")
    assert read_seeds(path) == ["#1 Record", "#MeToo"]


def test_a_seeds_file_from_a_windows_editor_reads_as_its_heads(tmp_path: Path):
    """A byte-order mark made '\\ufeffAlien' a head of its own (and put the mark in its
    prompts); a repeated head asked its prompts twice."""
    from kg.ontology import read_seeds

    path = tmp_path / "seeds.txt"
    path.write_bytes("\ufeffAlien\r\n# films\r\n\r\n  Jaws \r\nAlien\r\n".encode("utf-8"))
    assert read_seeds(path) == ["Alien", "Jaws"]
    folder = tmp_path / "geo"
    shutil.copytree(domains_dir() / "geography", folder)
    (folder / "seeds.txt").write_bytes(path.read_bytes())
    assert load_domain(folder).seeds == ["Alien", "Jaws"]


@pytest.mark.parametrize(
    ("table", "outcome"),
    [('name = "my films"', "my_films"), ('name = "2films"', "gives no prefix name"),
     ('name = "films"\nprefix = "f ilm"', "is not a SPARQL/Turtle prefix name"), ('name = "films"\nprefix = "fi.lm"', "fi.lm")],
)
def test_a_domain_prefix_is_a_prefix_name_sparql_and_turtle_accept(tmp_path: Path, table: str, outcome: str):
    """A domain named 'my films' without a prefix had 'my films:' written into queries and
    Turtle exports, which no parser reads."""
    from kg.ontology import domain_prefix

    folder = tmp_path / "mine"
    shutil.copytree(domains_dir() / "geography", folder)
    text = (folder / "relations.toml").read_text(encoding="utf-8")
    old = 'name = "geography"\nprefix = "kgeo"'
    assert old in text
    (folder / "relations.toml").write_text(text.replace(old, table), encoding="utf-8")
    if " " in outcome:
        with pytest.raises(OntologyError, match=outcome):
            load_domain(folder)
    else:
        assert load_domain(folder).prefix == outcome == domain_prefix(folder)[0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [('verbalization = "{head} is the capital of {tail}"', 'verbalization = "{head} is the capital of {tail}"\nexample = []',
      r"relation 'capitalOf': unknown key 'example'; did you mean 'examples'\?"),
     ('prefix = "kgeo"', 'prefix = "kgeo"\ntolerence = 0.2', r"\[domain\]: unknown key 'tolerence'; did you mean 'tolerance'\?")],
)
def test_a_misspelt_key_is_an_error_not_ignored(tmp_path: Path, old: str, new: str, message: str):
    """'example = [...]' (for examples) or 'tolerence' loaded, and the setting was silently not used."""
    folder = tmp_path / "geo"
    shutil.copytree(domains_dir() / "geography", folder)
    text = (folder / "relations.toml").read_text(encoding="utf-8")
    assert old in text
    (folder / "relations.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(OntologyError, match=message):
        load_domain(folder)


def test_a_domain_may_keep_its_ontology_in_rdf_xml_as_protege_saves_it(tmp_path):
    """A user with an ontology from Protégé has ontology.owl (RDF/XML): the folder was refused
    ("lacks ontology.ttl"). It loads as the Turtle does, with its declared prefixes; OWL/XML is
    refused in one line that says what to save instead."""
    import shutil

    from rdflib import Graph

    from kg.errors import OntologyError
    from kg.ontology import declared_prefixes, domains_dir, load_domain

    folder = tmp_path / "geo-owl"
    shutil.copytree(domains_dir() / "geography", folder)
    turtle = load_domain(folder)
    xml = Graph().parse(folder / "ontology.ttl").serialize(format="xml")  # Protégé declares its prefixes too:
    xml = xml.replace("<rdf:RDF\n", '<rdf:RDF\n   xmlns:kgeo="https://w3id.org/kgdistill/ontology/geography#"\n', 1)
    (folder / "ontology.owl").write_text(xml, encoding="utf-8")
    (folder / "ontology.ttl").unlink()
    domain = load_domain(folder)
    assert len(domain.ontology) == len(turtle.ontology) and set(domain.relations) == set(turtle.relations)
    assert domain.index.symmetric == turtle.index.symmetric
    assert declared_prefixes(folder)["kgeo"] == "https://w3id.org/kgdistill/ontology/geography#"
    (folder / "ontology.owl").write_text(
        '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" ontologyIRI="http://x.org/o"/>\n'
    )
    with pytest.raises(OntologyError, match="not RDF/XML .* save the ontology as RDF/XML or Turtle"):
        load_domain(folder)
    (folder / "ontology.owl").unlink()
    with pytest.raises(OntologyError, match=r"lacks ontology.ttl \(or ontology.owl in RDF/XML\)"):
        load_domain(folder)


def test_a_template_with_other_braces_fills_its_slots_instead_of_raising() -> None:
    """`Relation.prompt_for` raised KeyError for a prompt that asks for JSON ('{"tails": [...]}'),
    which the prompt builder itself reads as text."""
    from rdflib import URIRef

    from kg.ontology import Relation

    rel = Relation(name="x", iri=URIRef("urn:x"), prompt='Answer as JSON {"tails": [...]} for {head}.', verbalization="{head} x {tail} {n.b.}")
    assert rel.prompt_for("Lima") == 'Answer as JSON {"tails": [...]} for Lima.'
    assert rel.verbalize("Lima", "Peru") == "Lima x Peru {n.b.}"
    assert Relation(name="y", iri=URIRef("urn:y"), prompt="{{head}} is {head}", verbalization="").prompt_for("Lima") == "{head} is Lima"
