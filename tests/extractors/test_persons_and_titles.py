"""Persons' names with a ruler's number, a realm, particles and noble titles, and epithets, as a
chat model writes them in a genealogy (the genealogy audit), beside names of other fields that the
same rules must leave as they are."""

from __future__ import annotations



from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def _read(domain, head: str, relation: str, text: str, store=None) -> list[Candidate | Unreadable]:
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    return Extractor(domain, store).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)


def _labels(domain, head: str, relation: str, text: str, store=None) -> list[tuple[str, str | None]]:
    """(label, note) of each candidate; ("unreadable", reason) of each unreadable span."""
    out = _read(domain, head, relation, text, store)
    return [(str(r.object_label or r.object), r.rationale) if isinstance(r, Candidate) else ("unreadable", r.reason) for r in out]


def _aliases(record: Candidate | Unreadable) -> set[str]:
    label = record.object_label if isinstance(record, Candidate) else None
    return {a for a in (getattr(label, "written", None), *getattr(label, "also", ())) if a}


def test_particles_with_an_apostrophe_and_a_titles_ordinal_are_parts_of_a_name(genealogy) -> None:
    """"Marie de' Medici (m. 1600–1610)" was unreadable ("a phrase ('de''), not a name"), and the
    table row "James Hepburn, 4th Earl of Bothwell" ("a phrase ('th')"): the particle and the
    ordinal are a name's parts; a lower-case word still makes a phrase."""
    assert _labels(genealogy, "Henry IV of France", "spouse", "1. Margaret of Valois (m. 1572)\n2. Marie de' Medici (m. 1600–1610)") == [
        ("Margaret of Valois", "m. 1572"), ("Marie de' Medici", "m. 1600–1610")]
    table = "| Spouse | Married |\n|---|---|\n| Francis II of France | 1558 |\n| James Hepburn, 4th Earl of Bothwell | 1567 |"
    assert "unreadable" not in [label for label, _ in _labels(genealogy, "Mary, Queen of Scots", "spouse", table)]
    assert _labels(genealogy, "Henry IV of France", "mother", "Jeanne d'Albret") == [("Jeanne d'Albret", None)]
    assert _labels(genealogy, "Henry VIII", "spouse", "predecessor Anne Boleyn")[0][0] == "unreadable"
