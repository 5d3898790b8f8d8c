"""The names a chat answer's list items and sentences give an entity relation: a phrase is no
name, two names joined are two, a title is no part of a person's name, a table's value column is
the answer (found by this morning's new-user audits: politics, geography, architecture,
mythology, automotive)."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def _read(domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str], list[str]]:
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [r.object_label for r in out if isinstance(r, Candidate)], [r.reason for r in out if isinstance(r, Unreadable)]


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels", "unread"),
    [
        ("France", "headOfGovernment", "1. François Bayrou (since December 2024)\n2. *Note:* Michel Barnier served briefly before him (acting).",
         ["François Bayrou"], 0),
        ("Brazil", "headOfState", "Lula (Luiz Inácio Lula da Silva), President since 1 January 2023", ["Lula"], 1),
        ("Germany", "headOfGovernment", "Friedrich Merz (CDU) – Chancellor since 6 May 2025; predecessor Olaf Scholz (SPD)", ["Friedrich Merz"], 1),
        ("Nile", "tributary", "The main tributaries are the White Nile and the Blue Nile (Abay), joined at Khartoum; also the Atbara.",
         ["White Nile", "Blue Nile", "Atbara"], 0),
        ("Denali", "firstAscentBy", "Hudson Stuck's 1913 expedition: Harry Karstens, Walter Harper and Robert Tatum", ["Walter Harper", "Robert Tatum"], 1),
        ("Sagrada Família", "architect", "Antoni Gaudí (1883–1926), continued by Domènec Sugrañes, Lluís Bonet i Garí and Jordi Faulí",
         ["Antoni Gaudí", "Lluís Bonet i Garí", "Jordi Faulí"], 1),
        ("Tesla Model 3", "platform", "Tesla Model 3 platform (shared with Model Y)", ["Tesla Model 3 platform"], 0),
    ],
)
def test_a_phrase_in_a_list_item_is_no_name(almanac, spacy_model, head, relation, text, labels, unread) -> None:
    """'Note', 'President since 1 January 2023', 'predecessor Olaf Scholz' (aliased SPD), 'also the
    Atbara', "Hudson Stuck's 1913 expedition", 'continued by Domènec Sugrañes' and '(shared with
    Model Y)' were stored as entities: a remark in single emphasis is a remark, a phrase before a
    name or a person's name with lower-case words is quarantined, 'also' adds the last answer, and
    a name restating the relation's words keeps them rather than leave its gloss."""
    got, bad = _read(almanac, head, relation, text, spacy_model)
    assert got == labels and len(bad) == unread, (got, bad)
    assert all("not a name" in reason for reason in bad)
