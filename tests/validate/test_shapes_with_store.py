"""The SHACL gate against pySHACL's verdict on the store plus the batch: who is blamed for a
result without a path, the store data pair and qualified constraints need, severities, literal
spellings, and shapes files that would silently enforce less than their author wrote."""

from __future__ import annotations

import contextlib
import json

import pytest

from kg.cli import main
from tests.conftest import kg_exit_code

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ppl: <https://example.org/ppl#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ONTOLOGY = """@prefix ppl: <https://example.org/ppl#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/ppl> a owl:Ontology .
ppl:Person a owl:Class . ppl:Place a owl:Class . ppl:City a owl:Class ; rdfs:subClassOf ppl:Place .
ppl:Country a owl:Class ; rdfs:subClassOf ppl:Place . ppl:Org a owl:Class .
ppl:worksFor a owl:ObjectProperty ; rdfs:label "works for"@en .
ppl:friend a owl:ObjectProperty ; rdfs:label "friend"@en .
ppl:knows a owl:ObjectProperty ; rdfs:label "knows"@en .
ppl:citizenOf a owl:ObjectProperty ; rdfs:label "citizen of"@en .
ppl:motto a owl:DatatypeProperty ; rdfs:label "motto"@en .
ppl:age a owl:DatatypeProperty ; rdfs:label "age"@en ; rdfs:range xsd:integer .
ppl:score a owl:DatatypeProperty ; rdfs:label "score"@en .
ppl:born a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "born"@en ; rdfs:range xsd:dateTime .
ppl:since a owl:DatatypeProperty ; rdfs:label "since"@en ; rdfs:range xsd:gYear .
"""


@pytest.fixture(scope="module")
def domain_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("people")
    (root / "people.ttl").write_text(ONTOLOGY, encoding="utf-8")
    assert kg_exit_code("domain", "new", str(root / "dom"), "--ontology", str(root / "people.ttl")) == 0
    return root / "dom"


def verdicts(tmp_path, domain_dir, shapes: str, stored: str, candidates: str, capsys, rejects: bool = True) -> dict[str, str]:
    """``kg validate`` of ``candidates`` against a copy of the domain with ``shapes`` and a store
    holding ``stored``: each candidate's object (local name or lexical form) -> its status."""
    import shutil

    dom = tmp_path / "dom"
    shutil.copytree(domain_dir, dom)
    (dom / "shapes.ttl").write_text(PREFIXES + shapes, encoding="utf-8")
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", str(dom)) == 0
    if stored:
        (tmp_path / "stored.ttl").write_text(PREFIXES + stored, encoding="utf-8")
        assert kg_exit_code("load", str(tmp_path / "stored.ttl"), "--store", str(store), "-q") == 0
    (tmp_path / "cand.ttl").write_text(PREFIXES + candidates, encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit) if rejects else contextlib.nullcontext():  # exit 1 when one is rejected
        main(["validate", str(tmp_path / "cand.ttl"), "--domain", str(dom), "--store", str(store), "--format", "json"])
    out = {}
    for v in json.loads(capsys.readouterr().out)["verdicts"]:
        obj = v["object"]
        obj = obj.rstrip(">").rsplit("/", 1)[-1] if obj.startswith("<") else obj.split('"')[1]
        out[v["predicate"].rstrip(">").rsplit("#", 1)[-1] + " " + obj] = v["status"]
    return out


def test_a_node_shape_result_blames_the_edge_that_made_the_focus_not_a_fact_about_it(tmp_path, domain_dir, capsys):
    """`sh:targetObjectsOf worksFor ; sh:class Org`: "zed worksFor paris" (a City) violates it.
    The violation has no path, and the gate blamed every candidate about Paris: it accepted the
    worksFor edge and rejected "paris motto ...", which no shape is about."""
    got = verdicts(
        tmp_path, domain_dir,
        "ppl:O a sh:NodeShape ; sh:targetObjectsOf ppl:worksFor ; sh:class ppl:Org .",
        "res:paris a ppl:City .",
        'res:zed ppl:worksFor res:paris .\nres:paris ppl:motto "ville lumiere" .',
        capsys,
    )
    assert got == {"worksFor paris": "rejected", "motto ville lumiere": "accepted"}


def test_a_sparql_result_blames_the_edge_to_its_value_only(tmp_path, domain_dir, capsys):
    """A SHACL-SPARQL constraint's result names the focus and the value; all four candidates
    about the focus were rejected for "alice friend carl"."""
    shapes = """ppl:P a sh:NodeShape ; sh:targetSubjectsOf ppl:friend ; sh:sparql [
        sh:message "cannot befriend someone you do not know" ;
        sh:select '''SELECT $this ?value WHERE { $this <https://example.org/ppl#friend> ?value .
                   FILTER NOT EXISTS { $this <https://example.org/ppl#knows> ?value } }''' ] ."""
    got = verdicts(tmp_path, domain_dir, shapes, "", """res:alice ppl:knows res:bob ; ppl:friend res:bob, res:carl ;
        ppl:score 3 .""", capsys)
    assert got == {"knows bob": "accepted", "friend bob": "accepted", "friend carl": "rejected", "score 3": "accepted"}


def test_a_qualified_count_reads_the_types_of_stored_values(tmp_path, domain_dir, capsys):
    """At most one citizenship of a Country: the store holds "alice citizenOf france" (a
    Country); "alice citizenOf germany" (a Country in the store) was accepted, because the stored
    value's type was never read."""
    shapes = """ppl:P a sh:NodeShape ; sh:targetSubjectsOf ppl:citizenOf ; sh:property [ sh:path ppl:citizenOf ;
        sh:qualifiedValueShape [ sh:class ppl:Country ] ; sh:qualifiedMaxCount 1 ] ."""
    stored = "res:alice ppl:citizenOf res:france . res:france a ppl:Country . res:germany a ppl:Country ."
    got = verdicts(tmp_path, domain_dir, shapes, stored, "res:alice ppl:citizenOf res:germany .", capsys)
    assert got == {"citizenOf germany": "rejected"}


def test_pair_constraints_compare_with_the_other_propertys_stored_values(tmp_path, domain_dir, capsys):
    """sh:disjoint and sh:lessThan against values only the store holds were not compared: the
    store's side was never read."""
    shapes = """ppl:F a sh:NodeShape ; sh:targetSubjectsOf ppl:friend ; sh:property [ sh:path ppl:friend ; sh:disjoint ppl:knows ] .
ppl:A a sh:NodeShape ; sh:targetSubjectsOf ppl:age ; sh:property [ sh:path ppl:age ; sh:lessThan ppl:score ] ."""
    stored = "res:alice ppl:knows res:bob ; ppl:score 10 ."
    got = verdicts(tmp_path, domain_dir, shapes, stored, "res:alice ppl:friend res:bob ; ppl:age 40 .", capsys)
    assert set(got.values()) == {"rejected"} and len(got) == 2


def test_only_warning_and_info_severities_let_a_result_pass(tmp_path, domain_dir, capsys):
    """A shape of a custom severity (``ex:Critical``) was skipped like a warning; pySHACL fails
    it, as anything but sh:Warning and sh:Info."""
    shapes = """@prefix ex: <https://example.org/x#> .
ppl:W a sh:NodeShape ; sh:targetSubjectsOf ppl:motto ; sh:property [ sh:path ppl:motto ; sh:maxLength 3 ; sh:severity sh:Warning ] .
ppl:C a sh:NodeShape ; sh:targetSubjectsOf ppl:score ; sh:property [ sh:path ppl:score ; sh:datatype xsd:integer ; sh:severity ex:Critical ] ."""
    got = verdicts(tmp_path, domain_dir, shapes, "", 'res:alice ppl:motto "too long" ; ppl:score "x" .', capsys)
    assert got == {"motto too long": "accepted", "score x": "rejected"}


def test_a_decimal_in_another_spelling_is_the_stored_value_not_a_second_one(tmp_path, domain_dir, capsys):
    """The store holds score 1.5; "1.50"^^xsd:decimal is the same value (the store keeps it as
    1.5) but counted as a second one under sh:maxCount 1."""
    shapes = "ppl:S a sh:NodeShape ; sh:targetSubjectsOf ppl:score ; sh:property [ sh:path ppl:score ; sh:maxCount 1 ] ."
    got = verdicts(tmp_path, domain_dir, shapes, "res:alice ppl:score 1.5 .", 'res:alice ppl:score "1.50"^^xsd:decimal .', capsys,
                   rejects=False)
    assert list(got.values()) == ["accepted"]
    got = verdicts(tmp_path / "b", domain_dir, shapes, "res:alice ppl:score 1.5 .", 'res:alice ppl:score "1.25"^^xsd:decimal .', capsys)
    assert list(got.values()) == ["rejected"]


def test_a_date_time_in_another_spelling_is_the_stored_value_not_a_second_one(tmp_path, domain_dir, capsys):
    """The store holds score 2020-01-01T00:00:00Z; "2020-01-01T00:00:00+00:00" is the same
    value, and must stay one under sh:maxCount 1 now that a literal read back from the store
    keeps its lexical form (rdflib wrote both as +00:00; "INF"^^xsd:double it wrote as "inf")."""
    shapes = "ppl:S a sh:NodeShape ; sh:targetSubjectsOf ppl:score ; sh:property [ sh:path ppl:score ; sh:maxCount 1 ] ."
    got = verdicts(tmp_path, domain_dir, shapes, 'res:alice ppl:score "2020-01-01T00:00:00Z"^^xsd:dateTime .',
                   'res:alice ppl:score "2020-01-01T00:00:00+00:00"^^xsd:dateTime .', capsys, rejects=False)
    assert list(got.values()) == ["accepted"]
    got = verdicts(tmp_path / "b", domain_dir, shapes, 'res:alice ppl:score "INF"^^xsd:double .',
                   'res:alice ppl:score "INF"^^xsd:double .', capsys, rejects=False)
    assert list(got.values()) == ["accepted"]


def test_a_functional_value_in_another_spelling_is_the_stored_value_not_a_second_one(tmp_path, domain_dir, capsys):
    """The store holds born 2020-01-01T00:00:00Z; "2020-01-01T00:00:00+00:00" is the same value,
    not a second one of a functional property (once a stored literal kept its lexical form, the
    two spellings were compared as text)."""
    got = verdicts(tmp_path, domain_dir, "", 'res:alice ppl:born "2020-01-01T00:00:00Z"^^xsd:dateTime .',
                   'res:alice ppl:born "2020-01-01T00:00:00+00:00"^^xsd:dateTime .', capsys, rejects=False)
    assert list(got.values()) == ["accepted"]
    got = verdicts(tmp_path / "b", domain_dir, "", 'res:alice ppl:born "2020-01-01T00:00:00Z"^^xsd:dateTime .',
                   'res:alice ppl:born "2021-01-01T00:00:00Z"^^xsd:dateTime .', capsys)
    assert list(got.values()) == ["rejected"]


@pytest.mark.parametrize(("shape", "says"), [
    ("ppl:S a sh:NodeShape ; sh:targetSubjectsOf ppl:score ; sh:property [ sh:path ppl:score ; sh:maxCont 1 ] .",
     "sh:maxCont is not a SHACL term"),
    ("ppl:S a sh:NodeShape ; sh:targetSubjectsOf ppl:score ; sh:severity sh:violation .", "sh:violation is not a SHACL term"),
    ('ppl:S a sh:NodeShape ; sh:targetSubjectsOf ppl:score ; sh:property [ sh:path ppl:score ; sh:maxCount "1" ] .',
     'shape [sh:path ppl:score] of ppl:S: sh:maxCount "1" must be a non-negative integer'),
    ('ppl:S a sh:NodeShape ; sh:targetSubjectsOf ppl:motto ; sh:property [ sh:path ppl:motto ; sh:pattern "([a-z" ] .',
     "sh:pattern '([a-z' does not compile"),
])
def test_a_shapes_file_that_would_enforce_less_than_written_is_refused_at_load(tmp_path, domain_dir, capsys, shape, says):
    """pySHACL ignores a misspelt term (the constraint is off, no word), and a malformed count or
    pattern failed only once data reached the shape, as "unexpected ConstraintLoadError" or
    "unexpected error: unterminated character set", naming neither file nor shape."""
    import shutil

    dom = tmp_path / "dom"
    shutil.copytree(domain_dir, dom)
    (dom / "shapes.ttl").write_text(PREFIXES + shape, encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("domain", "show", str(dom)) != 0
    err = capsys.readouterr().err
    assert says in err and "shapes.ttl" in err and "unexpected" not in err


def test_a_year_that_is_no_year_is_not_of_its_datatype(tmp_path, domain_dir, capsys):
    """`sh:datatype xsd:gYear` passed "hello"^^xsd:gYear: rdflib does not read the g* types, so
    the value was not ill-typed to it (pySHACL, which asks rdflib, passes it too, against SHACL's
    rule that the literal be well-formed); a real year still passes."""
    shapes = "ppl:P a sh:NodeShape ; sh:targetSubjectsOf ppl:motto ; sh:property [ sh:path ppl:motto ; sh:datatype xsd:gYear ] ."
    candidates = 'res:alice ppl:motto "hello"^^xsd:gYear . res:bob ppl:motto "1984"^^xsd:gYear .'
    got = verdicts(tmp_path, domain_dir, shapes, "", candidates, capsys)
    assert got == {"motto hello": "rejected", "motto 1984": "accepted"}


def test_a_year_that_is_no_year_is_out_of_its_relations_range(tmp_path, domain_dir, capsys):
    """A relation whose range is xsd:gYear accepted "hello"^^xsd:gYear from `kg validate` (the
    domain's own datatype check asked rdflib, which does not read the g* types)."""
    candidates = 'res:alice ppl:since "hello"^^xsd:gYear . res:bob ppl:since "1984"^^xsd:gYear .'
    got = verdicts(tmp_path, domain_dir, "", "", candidates, capsys)
    assert got == {"since hello": "rejected", "since 1984": "accepted"}
