"""A trusted row and the class a teacher's answer gave its head: an archaeologist's seed of no
known class (the Nebra sky disc) was asked every relation, its first answer of a site's
relation (locatedInCountry) made it a site, and the user's own trusted row "Nebra sky disc,
madeOf, bronze" was rejected for it. A trusted row goes in over a class that only teachers'
answers implied, and the run's report names that answer for review; an asserted class, an
earlier file's row and a teacher's own later answer still turn it away."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import URIRef

from kg.cli import main
from kg.iri import mint_iri
from kg.records import Candidate, Completion, Verdict
from kg.store import open_store
from tests.pipeline.conftest import accepted_set

ARCH = "https://example.org/arch#"


def _domain(tmp_path: Path) -> Path:
    folder = tmp_path / "arch"
    folder.mkdir()
    (folder / "relations.toml").write_text(
        f'[domain]\nname = "arch"\nprefix = "arch"\nnamespace = "{ARCH}"\n\n'
        '[relations.locatedInCountry]\nprompt = "In which country is {head}?"\nverbalization = "{head} is in {tail}"\n\n'
        '[relations.madeOf]\nprompt = "What is {head} made of?"\nverbalization = "{head} is made of {tail}"\n', encoding="utf-8")
    (folder / "ontology.ttl").write_text(
        f"@prefix arch: <{ARCH}> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "arch:Site a owl:Class . arch:Artefact a owl:Class ; owl:disjointWith arch:Site . arch:Country a owl:Class . "
        "arch:Material a owl:Class .\n"
        "arch:locatedInCountry a owl:ObjectProperty ; rdfs:domain arch:Site ; rdfs:range arch:Country .\n"
        "arch:madeOf a owl:ObjectProperty ; rdfs:domain arch:Artefact ; rdfs:range arch:Material .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    return folder


def _store(tmp_path: Path, teacher: str = "replay:transcript.jsonl") -> tuple[str, Path]:
    """A store holding 'Nebra sky disc locatedInCountry Germany', answered by ``teacher``."""
    folder = _domain(tmp_path)
    store = str(tmp_path / "st")
    main(["init", store, "--domain", str(folder)])
    completion = Completion("p1", "In which country is Nebra sky disc?", teacher, "Germany")
    fact = Candidate(mint_iri("Nebra sky disc"), URIRef(ARCH + "locatedInCountry"), mint_iri("Germany"), completion, "Germany",
                     "lists", "Nebra sky disc", "Germany")
    with open_store(store) as st:
        st.write([Verdict.accept(fact, 0.9)])
    return store, folder


def _ingest(tmp_path: Path, store: str, folder: Path, capsys, *flags: str) -> list[str]:
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nNebra sky disc,madeOf,bronze\n", encoding="utf-8")
    capsys.readouterr()
    critic = () if "--trusted" in flags else ("--critic", "none", "--threshold", "0")
    main(["ingest", str(rows), "--domain", str(folder), "--store", store, *critic, "--json", *flags])
    return json.loads(capsys.readouterr().out)["notes"]


def _made_of_bronze(store: str) -> bool:
    with open_store(store) as st:
        return ("nebra_sky_disc", "madeOf", "bronze") in accepted_set(st)


def test_a_trusted_row_goes_in_over_a_class_a_teachers_answer_implied_and_the_answer_is_named_for_review(tmp_path, capsys):
    store, folder = _store(tmp_path)
    notes = " ".join(_ingest(tmp_path, store, folder, capsys, "--trusted"))
    assert _made_of_bronze(store)
    assert "1 of the file's trusted rows was accepted over a class an accepted fact's relation implied" in notes
    assert "though the accepted fact 'Nebra sky disc locatedInCountry Germany' made Nebra sky disc" in notes
    assert "kg review export" in notes


def test_the_same_row_from_a_teacher_is_still_turned_away(tmp_path, capsys):
    store, folder = _store(tmp_path)
    _ingest(tmp_path, store, folder, capsys)  # not --trusted: a teacher's answer against a teacher's
    assert not _made_of_bronze(store)


def test_a_class_an_earlier_files_row_or_an_asserted_type_gave_still_turns_a_trusted_row_away(tmp_path, capsys):
    store, folder = _store(tmp_path, teacher="file:curated.csv")  # the user's own earlier row
    notes = " ".join(_ingest(tmp_path, store, folder, capsys, "--trusted"))
    assert not _made_of_bronze(store) and "accepted over a class" not in notes

    asserted = tmp_path / "asserted"
    asserted.mkdir()
    store, folder = _store(asserted)
    typed = asserted / "typed.ttl"
    typed.write_text(f"<{mint_iri('Nebra sky disc')}> a <{ARCH}Site> .\n", encoding="utf-8")
    main(["load", str(typed), "--store", store])
    notes = " ".join(_ingest(asserted, store, folder, capsys, "--trusted"))
    assert not _made_of_bronze(store) and "accepted over a class" not in notes
