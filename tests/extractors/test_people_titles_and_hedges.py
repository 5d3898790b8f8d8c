"""People's names, works' titles, a known name with 'and' in it, a sentence about the head and a
modal hedge in chat answers (found by developers' audits of literature, volcanology, zoology and
geography answers), each beside counterexamples of other fields that a too-wide rule would misread."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

VOLCANOES = Path(__file__).parent / "corpus" / "volcanology" / "domain"


@pytest.fixture(scope="module")
def volcanoes() -> Domain:
    return load_domain(str(VOLCANOES))


def _read(domain: Domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str], list[str]]:
    """The labels read from ``text`` and the reasons of what was kept unreadable."""
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [r.object_label for r in out if isinstance(r, Candidate)], [r.reason for r in out if isinstance(r, Unreadable)]


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Brazil", "headOfState", "Pelé and Diego Maradona", ["Pelé", "Diego Maradona"]),
        ("Brazil", "headOfState", "1. Pelé and Diego Maradona", ["Pelé", "Diego Maradona"]),
        ("United Kingdom", "headOfState", "Lloyd-Webber and Tim Rice", ["Lloyd-Webber", "Tim Rice"]),
        ("Matterhorn", "firstAscentBy", "Jean-Antoine and Louis Carrel", ["Jean-Antoine Carrel", "Louis Carrel"]),  # a compound given name
        ("Fargo", "headOfState", "Joel and Ethan Coen", ["Joel Coen", "Ethan Coen"]),  # a plain given name, as before
    ],
)
def test_a_one_word_name_before_a_full_name_keeps_its_own(almanac, spacy_model, head, relation, text, labels) -> None:
    """'Pelé and Diego Maradona' gave the person 'Pelé Maradona' and 'Lloyd-Webber and Tim Rice'
    'Lloyd-Webber Rice': a one-word name with an accent or a hyphen (a nickname, a double-barrelled
    surname) joined to a full name is its own person; a compound given name ('Jean-Antoine') and a
    plain one ('Joel') still share the surname after them."""
    assert _read(almanac, head, relation, text, spacy_model) == (labels, [])
