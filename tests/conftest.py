"""Shared fixtures: small stores and sample RDF built in the test."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
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


ROOT = Path(__file__).resolve().parents[1]

def domain_folder(folder: Path, *, ontology: str, reference: str, relations: str) -> Path:
    """A small domain folder written in a test: its ontology, reference graph and relations.toml
    (Turtle and TOML text), and no shapes."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"ontology.ttl": ontology, "reference.ttl": reference, "relations.toml": relations, "shapes.ttl": ""}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


KILLED_AFTER_MOVING_THE_OLD_ASIDE = """
import os, pathlib
_rename = pathlib.Path.rename
def _killed_after_moving_the_old_aside(self, target):
    done = _rename(self, target)
    if ".old-" in pathlib.Path(target).name:
        os._exit(9)
    return done
pathlib.Path.rename = _killed_after_moving_the_old_aside
"""
"""Prepended to a script for :func:`run_python`: the process dies (exit 9) once a folder swap
(``kg.files.new_folder``) has moved the old folder aside, before the new one takes its place."""


def run_python(code: str, *, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``code`` (dedented) run by a fresh interpreter with this checkout first on its path; with
    ``check``, it must exit 0."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stderr
    return done


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
