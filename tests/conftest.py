"""Shared fixtures: small stores and sample RDF built in the test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI (CI set, as .ci/run and most CI services do) draws the same examples every run, so a red CI
# is a change's doing; elsewhere each run explores new ones (`--hypothesis-seed=N` replays one)
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

def kg_exit_code(*argv: str) -> int:
    """``kg ARGV`` run in this process, as a user runs it: its exit code (0 when it returns)."""
    from kg.cli import main

    try:
        main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


SAMPLE_TTL = """\
@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .
@prefix res: <https://w3id.org/kgdistill/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

res:paris a kgeo:City ; rdfs:label "Paris" ; kgeo:capitalOf res:france ;
    kgeo:population "2102650"^^xsd:integer .
res:lyon a kgeo:City ; rdfs:label "Lyon" ; kgeo:locatedIn res:france .
res:france a kgeo:Country ; rdfs:label "France" ; kgeo:borders res:spain ;
    kgeo:onContinent res:europe .
res:spain a kgeo:Country ; rdfs:label "Spain" .
res:europe a kgeo:Continent ; rdfs:label "Europe" .
"""


@pytest.fixture
def sample_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE_TTL, encoding="utf-8")
    return path


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def kg(store_dir: Path):
    from kg.api import KnowledgeGraph

    graph = KnowledgeGraph.create(store_dir)
    yield graph
    graph.close()
