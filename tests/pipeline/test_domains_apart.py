"""Several domains in one store: a name resolves only to an entity of the domain being run."""

from __future__ import annotations

import json

from kg.store import open_store
from tests.conftest import kg_exit_code

RES = "https://w3id.org/kgdistill/resource/"
PEOPLE_ID = "https://example.org/people/id/"
CAPITAL_OF = "https://w3id.org/kgdistill/ontology/geography#capitalOf"
GEO_COUNTRY = "https://w3id.org/kgdistill/ontology/geography#Country"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

PEOPLE_RELATIONS = f"""
[domain]
name = "people"
prefix = "ppl"
namespace = "https://example.org/people#"
entities = "{PEOPLE_ID}"

[relations.friendOf]
prompt = "Who are friends of {{head}}?"
verbalization = "{{head}} is a friend of {{tail}}"
"""

PEOPLE_ONTOLOGY = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ppl: <https://example.org/people#> .
ppl:Person a owl:Class .
ppl:friendOf a owl:ObjectProperty ; rdfs:domain ppl:Person ; rdfs:range ppl:Person .
"""


def _objects(store: str, subject: str, predicate: str) -> set[str]:
    with open_store(store) as st:
        rows = st.query(f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }}", graph="knowledge").bindings()
        return {str(row["o"]) for row in rows}


def test_a_typo_match_never_takes_another_domains_entity(tmp_path):
    """Geography's "Germany" was matched by the typo matcher to commonsense's tail "German" (a
    cs:Concept): all of Germany's facts hung off "German"."""
    store = str(tmp_path / "s")
    assert kg_exit_code("init", store, "--domain", "commonsense") == 0
    commonsense = tmp_path / "cs.jsonl"
    commonsense.write_text(json.dumps({"head": "PersonX speaks the ___ fluently", "relation": "isFilledBy", "tails": ["German"]}) + "\n")
    assert kg_exit_code("ingest", str(commonsense), "--store", store, "--quiet") == 0
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nBerlin,capitalOf,Germany\n")
    assert kg_exit_code("ingest", str(geography), "--domain", "geography", "--store", store, "--quiet") == 0
    assert _objects(store, RES + "berlin", CAPITAL_OF) == {RES + "germany"}
    assert GEO_COUNTRY not in _objects(store, RES + "german", TYPE)


def test_an_own_entities_namespace_keeps_a_domains_names_apart(tmp_path):
    """A people domain's person "Paris", whose domain mints in its own namespace, became
    geography's city res:paris (a City, a Place and a Person, the capital of France)."""
    store = str(tmp_path / "s")
    assert kg_exit_code("init", store, "--domain", "geography") == 0
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nParis,capitalOf,France\n")
    assert kg_exit_code("ingest", str(geography), "--store", store, "--quiet") == 0
    people = tmp_path / "people"
    people.mkdir()
    (people / "relations.toml").write_text(PEOPLE_RELATIONS)
    (people / "ontology.ttl").write_text(PEOPLE_ONTOLOGY)
    (people / "shapes.ttl").write_text("")
    friends = tmp_path / "people.csv"
    friends.write_text("head,relation,tail\nParis,friendOf,Jordan\n")
    assert kg_exit_code("ingest", str(friends), "--domain", str(people), "--store", store, "--quiet") == 0
    friend_of = "https://example.org/people#friendOf"
    assert _objects(store, PEOPLE_ID + "paris", friend_of) == {PEOPLE_ID + "jordan"}
    assert _objects(store, RES + "paris", friend_of) == set()
    assert "https://example.org/people#Person" not in _objects(store, RES + "paris", TYPE)
    assert _objects(store, RES + "paris", CAPITAL_OF) == {RES + "france"}


def test_in_a_single_domain_store_the_users_own_typed_entities_still_resolve(tmp_path):
    """A store of one domain where the user loaded `ex:Narnia a schema:Country`: an ingest naming
    "Narnia" minted res:narnia beside it (schema:Country, not geography's, was taken for another
    domain's class, though the store holds no other domain), splitting its facts in two."""
    store = str(tmp_path / "s")
    assert kg_exit_code("init", store, "--domain", "geography") == 0
    own = tmp_path / "narnia.ttl"
    own.write_text('@prefix ex: <http://example.org/> . @prefix schema: <https://schema.org/> .\n'
                   '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                   'ex:Narnia a schema:Country ; rdfs:label "Narnia" .\n')
    assert kg_exit_code("load", str(own), "--store", store, "-q") == 0
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nCair Paravel,capitalOf,Narnia\n")
    assert kg_exit_code("ingest", str(geography), "--store", store, "--quiet") == 0
    assert _objects(store, RES + "cair_paravel", CAPITAL_OF) == {"http://example.org/Narnia"}


def _two_domain_store(tmp_path) -> str:
    """A store whose kg.toml names geography, holding a geography and a commonsense ingest."""
    store = str(tmp_path / "s")
    assert kg_exit_code("init", store, "--domain", "geography") == 0
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nBerlin,capitalOf,Germany\n")
    assert kg_exit_code("ingest", str(geography), "--store", store, "--quiet") == 0
    commonsense = tmp_path / "cs.jsonl"
    commonsense.write_text(json.dumps({"head": "PersonX speaks the ___ fluently", "relation": "isFilledBy", "tails": ["German"]}) + "\n")
    assert kg_exit_code("ingest", str(commonsense), "--domain", "commonsense", "--store", store, "--quiet") == 0
    return store


def test_validate_of_a_two_domain_store_checks_against_its_kg_toml_domain(tmp_path, capsys):
    """`kg validate --store` of a store of two domains refused ("pass --domain"), though its
    kg.toml names one, which `kg export -f atomic` and `kg train generator` take."""
    store = _two_domain_store(tmp_path)
    capsys.readouterr()
    assert kg_exit_code("validate", "--store", store, "--format", "json") in (0, 1)
    captured = capsys.readouterr()
    assert "checking against geography" in captured.err and "capitalOf" in captured.out
