"""The domain's reference facts take part in the closure as premises: an accepted fact chains
through them (transitive, inverse), and they are not restated as inferred facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import open_store
from tests.conftest import domain_folder

AN = "https://example.org/anatomy#"
RES = "https://w3id.org/kgdistill/resource/"

ONTOLOGY = """
@prefix an: <https://example.org/anatomy#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
an:Structure a owl:Class ; rdfs:label "structure" .
an:partOf a owl:ObjectProperty, owl:TransitiveProperty ; rdfs:label "part of" ;
    rdfs:domain an:Structure ; rdfs:range an:Structure ; owl:inverseOf an:hasPart .
an:hasPart a owl:ObjectProperty ; rdfs:label "has part" .
"""

REFERENCE = """
@prefix an: <https://example.org/anatomy#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
res:arm a an:Structure ; rdfs:label "arm" ; an:partOf res:upper_limb .
res:upper_limb a an:Structure ; rdfs:label "upper limb" ; an:partOf res:body .
res:body a an:Structure ; rdfs:label "body" .
res:heart a an:Structure ; rdfs:label "heart" ; an:partOf res:thorax .
res:thorax a an:Structure ; rdfs:label "thorax" .
"""

RELATIONS = """
[domain]
name = "anatomy"
prefix = "an"
namespace = "https://example.org/anatomy#"

[relations.partOf]
prompt = "What is {head} part of?"
verbalization = "{head} part of {tail}"

[relations.hasPart]
prompt = "What are the parts of {head}?"
verbalization = "{head} has part {tail}"
"""


@pytest.fixture
def anatomy(tmp_path: Path) -> Path:
    return domain_folder(tmp_path / "anatomy", ontology=ONTOLOGY, reference=REFERENCE, relations=RELATIONS)


def inferred(store: Path) -> set[tuple[str, str, str]]:
    with open_store(str(store)) as st:
        return {(q.subject.value.removeprefix(RES), q.predicate.value.removeprefix(AN), q.object.value.removeprefix(RES))
                for q in st.match(graph="inferred") if not q.predicate.value.endswith("#type")}


def test_an_accepted_fact_chains_through_the_reference_and_the_reference_is_not_restated(anatomy, tmp_path):
    """`triceps brachii partOf arm` (accepted) never gave `triceps brachii partOf upper limb` though
    the reference holds `arm partOf upper limb` and partOf is transitive (anatomy audit): the closure
    of the run and of `kg reason --rebuild` joins with the reference's facts; what they alone entail
    (`arm partOf body`, `upper limb hasPart arm`) is no inferred fact of the store."""
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\ntriceps brachii,partOf,arm\n", encoding="utf-8")
    store = tmp_path / "kg"
    main(["ingest", str(rows), "-d", str(anatomy), "-s", str(store), "-q", "--critic", "none"])
    for step in ("run", "rebuild", "update"):
        if step == "rebuild":
            main(["reason", "--store", str(store), "--rebuild", "-q"])
        if step == "update":
            main(["reason", "--store", str(store), "-q"])
        found = inferred(store)
        assert {("triceps_brachii", "partOf", "upper_limb"), ("triceps_brachii", "partOf", "body"),
                ("upper_limb", "hasPart", "triceps_brachii"), ("arm", "hasPart", "triceps_brachii")} <= found, (step, found)
        assert not {t for t in found if "triceps_brachii" not in t}, (step, found)  # nothing of the reference alone


def test_a_reference_fact_the_accepted_facts_entail_is_still_inferred(anatomy, tmp_path):
    """A premise is joined with, not known: `thorax hasPart heart` accepted entails the reference's
    `heart partOf thorax`, which stays an inferred fact of the store (its knowledge without the domain)."""
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nthorax,hasPart,heart\n", encoding="utf-8")
    store = tmp_path / "kg"
    main(["ingest", str(rows), "-d", str(anatomy), "-s", str(store), "-q", "--critic", "none"])
    assert ("heart", "partOf", "thorax") in inferred(store)
    main(["reason", "--store", str(store), "--rebuild", "-q"])
    assert ("heart", "partOf", "thorax") in inferred(store)


def test_why_of_a_fact_inferred_through_the_reference_cites_the_reference_fact(anatomy, tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\ntriceps brachii,partOf,arm\n", encoding="utf-8")
    store = tmp_path / "kg"
    main(["ingest", str(rows), "-d", str(anatomy), "-s", str(store), "-q", "--critic", "none"])
    capsys.readouterr()
    main(["why", '"triceps brachii" partOf "upper limb"', "--store", str(store)])
    out = capsys.readouterr().out
    assert "prp-trp" in out and "reference" in out and "no derivation" not in out, out
    # the reference's upper limb, of which the store holds no label, was a bare IRI (res:upper_limb)
    assert out.count('"upper limb" (res:upper_limb)') >= 2 and "partOf res:upper_limb" not in out, out
    main(["why", "arm partOf \"upper limb\"", "--store", str(store), "--format", "json"])  # the reference's alone: not the store's
    assert json.loads(capsys.readouterr().out)["status"] == "unknown"

