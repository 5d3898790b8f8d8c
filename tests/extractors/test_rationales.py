"""Rationales read with candidates (#22): a list item's ``because ...`` clause (only when the
prompt asked for reasons) and a JSON item's ``reason`` key."""

from __future__ import annotations

import json

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion


def _candidates(domain, text: str, prompt: Prompt) -> list[Candidate]:
    completion = Completion(prompt.id, prompt.text, "test", text)
    return [c for c in Extractor(domain, fuzzy=None).extract(completion, prompt) if isinstance(c, Candidate)]


def test_a_list_items_because_clause_is_its_rationale_not_its_tail(cs) -> None:
    prompt = Prompt.make("PersonX eats. xIntent", "list", head="PersonX eats", relation="xIntent", rationales=True)
    text = "1. to eat it because they are hungry\n2. to be full (because of hunger).\n3. to taste it"
    got = [(c.object_label, c.rationale) for c in _candidates(cs, text, prompt)]
    assert got == [("to eat it", "they are hungry"), ("to be full", "hunger"), ("to taste it", None)]
    assert _candidates(cs, text, prompt)[0].span == "to eat it because they are hungry"  # the raw text stays


def test_without_the_request_an_item_is_read_whole(cs) -> None:
    prompt = Prompt.make("PersonX eats. xIntent", "list", head="PersonX eats", relation="xIntent")
    (cand,) = _candidates(cs, "1. to eat it because they are hungry", prompt)
    assert cand.object_label == "to eat it because they are hungry" and cand.rationale is None


def test_a_json_items_reason_key_is_its_rationale(geo) -> None:
    prompt = Prompt.make("facts about France", "json", topic="France")
    text = json.dumps([
        {"subject": "France", "predicate": "hasCapital", "object": "Paris", "reason": "  the seat of\ngovernment "},
        {"subject": "France", "predicate": "borders", "object": "Spain", "rationale": ""},
        {"subject": "France", "predicate": "locatedIn", "object": "Europe", "why": ["not", "text"]},
    ])
    got = {(c.object_label, c.rationale) for c in _candidates(geo, text, prompt)}
    assert got == {("Paris", "the seat of government"), ("Spain", None), ("Europe", None)}


def test_a_named_entitys_reason_is_kept_when_the_item_reads_as_a_sentence(geo, spacy_model) -> None:
    """'Paris - because it is the seat of government.' has a verb, so the item was read as a
    sentence for the names in it, and the reason was lost; the reason is split off first."""
    prompt = Prompt.make("capital of France", "list", head="France", relation="hasCapital", rationales=True)
    completion = Completion(prompt.id, prompt.text, "test", "Paris - because it is the seat of government.")
    extractor = Extractor(geo, fuzzy=None)
    extractor.spacy = spacy_model
    got = [(c.object_label, c.rationale) for c in extractor.extract(completion, prompt) if isinstance(c, Candidate)]
    assert got == [("Paris", "it is the seat of government")]
