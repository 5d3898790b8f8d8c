"""Entity names a seismologist's and an economist's audits found misread: plates named by their
shared class word ("North American and Pacific plates") or without it ("Pacific"), a fault described,
not named ("A blind thrust fault (...)"), an office before a person's name ("Chair: Jerome H.
Powell"), a middle name written out where the reference writes its initial. Each rule is checked
against names of other fields it must leave alone."""

from __future__ import annotations

from tests.extractors.measured import read_chat

NORTHRIDGE = "1994 Northridge earthquake"


def test_an_office_before_a_person_s_name_is_no_person(seismology, spacy_model):
    out, _ = _records(seismology, "director", "Chair: Jerome H. Powell", spacy_model, head="United States Geological Survey")
    assert [(str(c.object_label), c.rationale) for c in out] == [("Jerome H. Powell", "Chair")]
    labels, _, _ = read_chat(seismology, "United States Geological Survey", "director", "**CEO:** Tim Cook", spacy_model)
    assert labels == ["Tim Cook"]
    # a deputy's office names another person than the one asked
    labels, _, _ = read_chat(seismology, "United States Geological Survey", "director", "Vice Chair: Philip Jefferson", spacy_model)
    assert "Philip Jefferson" not in labels


def _records(domain, relation, text, spacy_model, head=NORTHRIDGE):
    from tests.extractors.measured import _chat_records

    out, extractor = _chat_records(domain, head, relation, text, spacy_model)
    return [r for r in out if hasattr(r, "object")], extractor
