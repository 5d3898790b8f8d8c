"""Chat answers of the volcanologist's audit (``corpus/volcanology``): hedges, other sources'
values and people's names, each beside counterexamples of other fields that a too-wide rule
would misread."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

DOMAIN = Path(__file__).parent / "corpus" / "volcanology" / "domain"


@pytest.fixture(scope="module")
def volcanoes() -> Domain:
    return load_domain(str(DOMAIN))


def _read(domain: Domain, head: str, relation: str, text: str) -> tuple[list[str], list[str]]:
    """The labels (or values) read from ``text`` and the reasons of what was kept unreadable."""
    prompt = Prompt.make(f"{head} {relation}?", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    read = [str(r.object_label or r.object) for r in out if isinstance(r, Candidate)]
    return read, [r.reason for r in out if isinstance(r, Unreadable)]


@pytest.mark.parametrize(("head", "relation", "text", "word"), [
    ("Popocatépetl", "firstAscentBy", "Diego de Ordaz (disputed)", "disputed"),
    ("Popocatépetl", "firstAscentBy", "1. Diego de Ordaz (1519) — disputed; some say he did not reach the summit", "disputed"),
    ("Mount Fuji", "firstAscentYear", "663 AD (traditional)", "traditional"),
    ("Mount Fuji", "firstAscentBy", "1. En no Gyōja (traditionally credited, 663 AD)", "traditionally credited"),
])
def test_a_disputed_or_traditional_credit_is_hedged(volcanoes: Domain, head: str, relation: str, text: str, word: str) -> None:
    """'Diego de Ordaz (disputed)' was stored with 'disputed' its rationale, while '1519 (disputed;
    ...)' of the year was quarantined as hedged; '663 AD (traditional)' was stored as 0663: a credit
    of a person the answer says is disputed, and a tradition's date or credit, are hedged (found by
    the volcanologist's audit)."""
    read, reasons = _read(volcanoes, head, relation, text)
    assert read == [] and len(reasons) == 1 and reasons[0].startswith(f"hedged answer ({word!r})")


@pytest.mark.parametrize(("head", "relation", "text", "read"), [
    ("Mount Etna", "locatedIn", "Kashmir (disputed)", ["Kashmir"]),  # a place that is itself disputed: no hedge
    ("Popocatépetl", "firstAscentBy", "Francisco Montaño (1521)", ["Francisco Montaño"]),
])
def test_a_disputed_place_is_no_hedged_credit(volcanoes: Domain, head: str, relation: str, text: str, read: list[str]) -> None:
    assert _read(volcanoes, head, relation, text)[0] == read
