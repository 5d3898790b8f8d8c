"""A run's report names each head that had no class and was typed by the teacher's answers
(a research vessel seed, "JOIDES Resolution", was made an ocean current by its first answer,
and nothing said so), and the answer of a relation of a disjoint class waits for review."""

from __future__ import annotations

from pathlib import Path

from kg.pipeline import Parts, distill
from kg.store import open_store
from kg.teachers.base import Teacher
from tests.conftest import domain_folder

OC = "https://example.org/ocean#"

ONTOLOGY = f"""
@prefix oc: <{OC}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
oc:OceanCurrent a owl:Class ; rdfs:label "ocean current" ; owl:disjointWith oc:ResearchVessel .
oc:ResearchVessel a owl:Class ; rdfs:label "research vessel" .
oc:Organisation a owl:Class ; rdfs:label "organisation" . oc:Port a owl:Class ; rdfs:label "port" .
oc:currentSpeed a owl:DatatypeProperty ; rdfs:label "current speed" ; rdfs:domain oc:OceanCurrent ; rdfs:range xsd:decimal .
oc:operator a owl:ObjectProperty ; rdfs:label "operator" ; rdfs:domain oc:ResearchVessel ; rdfs:range oc:Organisation .
oc:homePort a owl:ObjectProperty ; rdfs:label "home port" ; rdfs:domain oc:ResearchVessel ; rdfs:range oc:Port .
"""

RELATIONS = f"""
[domain]
name = "ocean"
prefix = "oc"
namespace = "{OC}"

[relations.currentSpeed]
prompt = "What is the current speed of {{head}}, in knots?"
verbalization = "{{head}} moves at {{tail}} knots"

[relations.operator]
prompt = "Who operates {{head}}?"
verbalization = "{{head}} is operated by {{tail}}"

[relations.homePort]
prompt = "What is the home port of {{head}}?"
verbalization = "{{head}} has its home port in {{tail}}"
"""


class _ShipTeacher(Teacher):
    backend = "ship"
    ANSWERS = {"current speed of": "11.5", "Who operates": "Texas A&M University", "home port of": "Honolulu"}

    def _run(self, jobs, params, sink) -> None:
        for job in jobs:
            last = job.prompt.text.strip().split("\n\n")[-1]
            answer = next((a for k, a in self.ANSWERS.items() if k in last), "Unknown.")
            for i in job.sample_indices:
                sink.completed(job, i, answer, finish_reason="stop")


def test_the_report_names_a_head_typed_by_the_answers_and_the_outvoted_answer_waits(tmp_path: Path) -> None:
    folder = domain_folder(tmp_path / "ocean", ontology=ONTOLOGY, reference="", relations=RELATIONS)
    config = {"domain": str(folder), "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds": ["JOIDES Resolution"],
              "prompts.shots": 0, "critic.model": "none"}
    report = distill(config, parts=Parts(teacher=_ShipTeacher("t")))
    [note] = [n for n in report.notes if "typed by the teacher's answers" in n]
    assert note.startswith("1 head was typed by the teacher's answers") and "JOIDES Resolution as a research vessel (from homePort, operator)" in note, note
    with open_store(tmp_path / "s") as store:
        accepted = {str(r["p"]).removeprefix(OC) for r in store.query(
            f"SELECT ?p WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), '{OC}')) }}", graph="accepted").bindings()}
    assert accepted == {"operator", "homePort"}
