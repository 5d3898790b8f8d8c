"""A run of a domain in German (``[domain] language = "de"``): what a German teacher says is
read as German and stored with German labels."""

from __future__ import annotations

from pathlib import Path

from kg.languages import unread_sentences
from kg.ontology import load_domain
from kg.pipeline import Parts, distill
from kg.store import open_store
from kg.teachers.base import Teacher

LITERATUR = Path(__file__).resolve().parents[1] / "extractors" / "literatur"


class _GermanTeacher(Teacher):
    """Answers as a German chat model does, and records what it was asked."""

    backend = "deutsch"
    ANSWERS = {
        "Welche Werke hat Thomas Mann": "1. „Buddenbrooks“ (1901)\n2. „Der Zauberberg“",
        "Wie viele Einwohner hat München": "1.512.491",
        "Fläche von München": "310,7 km²",
        "In welchem Land liegt München": "Deutschland",
        "Stadt wurde Thomas Mann geboren": "Thomas Mann wurde in Lübeck geboren.",
    }

    def __init__(self, spec: str) -> None:
        super().__init__(spec)
        self.asked: list[str] = []

    def _run(self, jobs, params, sink) -> None:
        for job in jobs:
            last = job.prompt.text.strip().split("\n\n")[-1]
            self.asked.append(last)
            answer = next((a for k, a in self.ANSWERS.items() if k in last), "Keine Angabe.")
            for i in job.sample_indices:
                sink.completed(job, i, answer, finish_reason="stop")


def _config(tmp_path: Path, seeds: list[str]) -> dict:
    return {"domain": str(LITERATUR), "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds": seeds,
            "prompts.shots": 0, "critic.model": "none"}


def test_a_german_run_stores_german_figures_and_labels_and_no_keine_angabe(tmp_path) -> None:
    """Before: München's area was 3107 km² and its population unreadable ('1.512.491' read as
    1.512), 'Keine Angabe' was the birthplace of München, '„Buddenbrooks' an entity of its own,
    and every label a plain string, so no query could ask for the German labels."""
    report = distill(_config(tmp_path, ["Thomas Mann", "München"]), parts=Parts(teacher=_GermanTeacher("t")))
    with open_store(tmp_path / "s") as store:
        facts = {
            (str(r["s"]).rsplit("/", 1)[-1], str(r["p"]).rsplit("#", 1)[-1], str(r["o"]).rsplit("/", 1)[-1])
            for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), 'https://bib.example.de/')) }",
                                 graph="accepted").bindings()
        }
        labels = {str(r["l"]): str(r["lang"]) for r in store.query(
            "SELECT ?l (LANG(?l) AS ?lang) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            graph="accepted").bindings()}
    assert facts == {
        ("thomas_mann", "schrieb", "buddenbrooks"), ("thomas_mann", "schrieb", "der_zauberberg"),
        ("munchen", "einwohnerzahl", "1512491"), ("munchen", "flaeche", "310.7"), ("munchen", "liegtIn", "deutschland"),
    }
    assert set(labels) == {"Thomas Mann", "München", "Buddenbrooks", "Der Zauberberg", "Deutschland"}
    assert set(labels.values()) == {"de"}
    assert report.unreadable == 1  # "Thomas Mann wurde in Lübeck geboren.": kept, not misread
    if unread_sentences(load_domain(LITERATUR).language):  # no German spaCy pipeline here
        assert any("no spaCy pipeline for German" in note for note in report.notes)


def test_by_type_reads_the_types_of_entities_with_german_labels(tmp_path) -> None:
    """With labels tagged @de, the by-type filter looked the heads up as plain strings, found
    no types, and asked München where it was born."""
    distill(_config(tmp_path, ["München"]), parts=Parts(teacher=_GermanTeacher("t")))
    teacher = _GermanTeacher("t")
    distill(_config(tmp_path, ["München", "Thomas Mann"]) | {"prompts.by_type": True}, parts=Parts(teacher=teacher))
    assert not any("wurde München geboren" in asked for asked in teacher.asked)
    assert any("wurde Thomas Mann geboren" in asked for asked in teacher.asked)
