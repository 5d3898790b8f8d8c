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
    assert kg_exit_code("ingest", str(commonsense), "--store", store, "--quiet", "--critic", "none") == 0
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
    assert kg_exit_code("ingest", str(friends), "--domain", str(people), "--store", store, "--quiet", "--critic", "none") == 0
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
    assert kg_exit_code("ingest", str(commonsense), "--domain", "commonsense", "--store", store, "--quiet", "--critic", "none") == 0
    return store


def test_validate_of_a_two_domain_store_checks_against_its_kg_toml_domain(tmp_path, capsys):
    """`kg validate --store` of a store of two domains refused ("pass --domain"), though its
    kg.toml names one, which `kg export -f atomic` and `kg train generator` take."""
    store = _two_domain_store(tmp_path)
    capsys.readouterr()
    assert kg_exit_code("validate", "--store", store, "--format", "json") in (0, 1)
    captured = capsys.readouterr()
    assert "checking against geography" in captured.err and "capitalOf" in captured.out


def _people(tmp_path) -> str:
    """A people domain folder, minting its entities in its own namespace (PEOPLE_ID)."""
    people = tmp_path / "people"
    people.mkdir()
    (people / "relations.toml").write_text(PEOPLE_RELATIONS)
    (people / "ontology.ttl").write_text(PEOPLE_ONTOLOGY)
    (people / "shapes.ttl").write_text("")
    return str(people)


def test_the_python_api_mints_a_new_entity_where_the_domain_mints(tmp_path):
    """With `[domain] entities`, kg.add, kg.validate and kg.resolve minted a new name under res:
    while the pipeline mints it in the domain's namespace: an entity first added from Python
    stayed under res: for good (the pipeline then reuses that IRI)."""
    from kg.api import KnowledgeGraph

    store = str(tmp_path / "s")
    assert kg_exit_code("init", store, "--domain", _people(tmp_path)) == 0
    with KnowledgeGraph.open(store) as kg:
        assert str(kg.resolve("Jordan")) == PEOPLE_ID + "jordan"
        [verdict] = kg.validate([("Paris", "friendOf", "Jordan")])
        assert (str(verdict.candidate.subject), str(verdict.candidate.object)) == (PEOPLE_ID + "paris", PEOPLE_ID + "jordan")
        kg.add([("Paris", "friendOf", "Jordan")])
    assert _objects(store, PEOPLE_ID + "paris", "https://example.org/people#friendOf") == {PEOPLE_ID + "jordan"}


def test_in_a_store_of_domains_minting_apart_the_api_mints_where_told(tmp_path):
    """A store of geography (res:) and people (its own namespace): kg.add without a domain mints
    in kg.toml's domain's namespace; in a store whose kg.toml names none, it asks for the domain
    rather than guess, and a name it does not hold is still an unknown entity to neighbors()."""
    import pytest

    from kg.api import KnowledgeGraph
    from kg.errors import ConfigError, QueryError

    people = _people(tmp_path)
    friends = tmp_path / "people.csv"
    friends.write_text("head,relation,tail\nAna,friendOf,Jordan\n")
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nParis,capitalOf,France\n")
    friend_of = "https://example.org/people#friendOf"
    for store, configured in ((str(tmp_path / "toml"), True), (str(tmp_path / "bare"), False)):
        if configured:
            assert kg_exit_code("init", store, "--domain", "geography") == 0
        else:
            KnowledgeGraph.create(store).close()
        for data, domain in ((friends, people),) if configured else ((geography, "geography"), (friends, people)):
            assert kg_exit_code("ingest", str(data), "--domain", domain, "--store", store, "--quiet", "--critic", "none") == 0
        with KnowledgeGraph.open(store) as kg:
            if configured:
                kg.add([("Lyon", "kgeo:capitalOf", "Rhône")])
                assert _objects(store, RES + "lyon", CAPITAL_OF) == {RES + "rhone"}
            else:
                with pytest.raises(ConfigError, match="different namespaces"):
                    kg.add([("Lyon", "kgeo:capitalOf", "Rhône")])
                with pytest.raises(QueryError, match="unknown entity"):
                    kg.neighbors("Atlantis")
            kg.add([("Ana", "friendOf", "Kim")], domain=people)
            assert kg.resolve("Ana", domain=people) == kg.resolve("Ana")  # a name the store holds
        assert _objects(store, PEOPLE_ID + "ana", friend_of) == {PEOPLE_ID + "jordan", PEOPLE_ID + "kim"}


def test_a_question_about_an_unknown_name_in_a_store_of_domains_minting_apart_is_unknown(tmp_path, capsys):
    """In a store of geography (res:) and people (its own namespace) whose kg.toml names neither,
    why() and predict_rules() of a name the store does not hold, and `kg rules predict --head`,
    raised a ConfigError asking for a domain= they do not take: a question is not a mint; the
    answer is unknown, from the API as from the CLI."""
    import pytest

    from kg.api import KnowledgeGraph
    from kg.errors import UnknownNameError

    people = _people(tmp_path)
    friends = tmp_path / "people.csv"
    friends.write_text("head,relation,tail\nAna,friendOf,Jordan\nJordan,friendOf,Ana\nKim,friendOf,Lee\nLee,friendOf,Kim\n")
    geography = tmp_path / "geo.csv"
    geography.write_text("head,relation,tail\nParis,capitalOf,France\n")
    store = str(tmp_path / "bare")
    KnowledgeGraph.create(store).close()
    for data, domain in ((geography, "geography"), (friends, people)):
        assert kg_exit_code("ingest", str(data), "--domain", domain, "--store", store, "--quiet", "--critic", "none") == 0
    assert kg_exit_code("mine", "rules", "--store", store, "-q", "--min-pca-confidence", "0.5") == 0
    with KnowledgeGraph.open(store) as kg:
        assert kg.why(("Atlantis", "kgeo:capitalOf", "France")).status == "unknown"
        assert kg.why(("Paris", "kgeo:capitalOf", "Atlantis")).status == "unknown"
        with pytest.raises(UnknownNameError, match="unknown head 'Atlantis'"):
            kg.predict_rules("Atlantis", "friendOf")
    capsys.readouterr()
    assert kg_exit_code("rules", "predict", "--store", store, "--head", "Atlantis", "--relation", "friendOf") == 2
    assert "unknown head 'Atlantis'" in capsys.readouterr().err


def test_repairing_an_interrupted_run_keeps_what_the_other_domains_inferred(tmp_path):
    """A run killed between a batch's write and its inference mark rebuilds ``inferred`` when it
    is run again; the rebuild used the run's one domain's rules, so in a store of two domains every
    inference of the other (here geography's types and inverse of Berlin capitalOf Germany) was gone."""
    import pyoxigraph as ox

    from kg.namespaces import KG
    from kg.store import open_store

    store = _two_domain_store(tmp_path)

    def inferred() -> set[str]:
        with open_store(store) as st:
            return {f"{q.subject} {q.predicate} {q.object}" for q in st.match(graph="inferred")}

    before = inferred()
    assert any("berlin" in t.lower() for t in before) and any("commonsense" in t for t in before)
    with open_store(store) as st:  # the window: batches written, their marks not yet
        st.remove_quads(list(st.match(predicate=ox.NamedNode(str(KG.inferredCount)), graph="provenance")))
    cs = tmp_path / "cs.jsonl"
    assert kg_exit_code("ingest", str(cs), "--domain", "commonsense", "--store", store, "--quiet", "--critic", "none") == 0
    assert inferred() == before
