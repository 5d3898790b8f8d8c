"""`kg domain show` says which reference graph a domain checks facts against, and warns of a
reference file it will not read."""

from __future__ import annotations

import json
import shutil

from tests.conftest import kg_exit_code


def test_show_names_the_reference_and_its_facts(capsys):
    assert kg_exit_code("domain", "show", "geography") == 0
    out = capsys.readouterr().out
    assert "reference: " in out and "triples from" in out and "reference.ttl" in out
    assert kg_exit_code("domain", "show", "geography", "--format", "json") == 0
    rows = {row["relation"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["capitalOf"]["reference_facts"] > 0


def test_show_warns_of_a_reference_file_it_will_not_read(tmp_path, capsys):
    folder = tmp_path / "geo"
    shutil.copytree("ontologies/geography", folder)
    (folder / "reference.ttl").rename(folder / "reference.nt")
    assert kg_exit_code("domain", "show", str(folder)) == 0
    captured = capsys.readouterr()
    assert "reference.nt is not read" in captured.err
    assert "reference: none" in captured.out


def test_show_warns_of_an_ontology_prefix_kg_keeps_for_its_own(tmp_path, capsys):
    # @prefix res: <https://kb.example.org/place/> in ontology.ttl was ignored in silence: a
    # query with res:Zürich found nothing, and nothing said why
    folder = tmp_path / "geo"
    shutil.copytree("ontologies/geography", folder)
    ontology = folder / "ontology.ttl"
    ontology.write_text("@prefix res: <https://kb.example.org/place/> .\n" + ontology.read_text(encoding="utf-8"), encoding="utf-8")
    assert kg_exit_code("domain", "show", str(folder)) == 0
    err = capsys.readouterr().err
    assert "@prefix res: <https://kb.example.org/place/> is not used" in err
