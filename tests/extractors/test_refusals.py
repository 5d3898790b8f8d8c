"""Chat answers that refuse the prompt by saying the head is another kind of thing, state the
relation the other way round, hedge it in a gloss, say there is none in a sentence, or give a
result where a party was asked (found by the paleontology and military users' audits; the
domains are theirs, made with ``kg domain new``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def paleontology():
    return load_domain(HERE / "paleontology")


@pytest.fixture(scope="module")
def military():
    return load_domain(HERE / "military")


def _read(domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str], list[str], Extractor]:
    """(the candidates' labels, the unreadable spans' reasons, the extractor) of one chat answer."""
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    labels = [str(r.object_label or r.object) for r in out if isinstance(r, Candidate)]
    return labels, [r.reason for r in out if isinstance(r, Unreadable)], extractor


@pytest.mark.parametrize(
    ("field", "head", "relation", "text"),
    [
        ("paleontology", "Bahariya Formation", "typeSpecimen", "The Bahariya Formation is a rock formation, not an organism, so this doesn't apply."),
        ("paleontology", "Bahariya Formation", "inClade", "The Bahariya Formation is a rock formation, not an organism, so this doesn't apply."),
        ("paleontology", "Morrison Formation", "synonymOf", "The Morrison Formation is a rock formation, not an organism."),
        ("paleontology", "Hell Creek Formation", "describedBy", "Not applicable: Hell Creek Formation is a formation, not a taxon."),
        ("paleontology", "Tyrannosaurus", "formationCountry",
         "Tyrannosaurus is a genus of dinosaur, not a rock formation, so it has no country of formation."),
        ("military", "Battle of Poltava", "rank", "Battle of Poltava is a person, not a battle."),
        ("military", "Napoleon", "result", "Napoleon is a person, not a battle."),
        ("military", "Arthur Wellesley, 1st Duke of Wellington", "duration", "Arthur Wellesley, 1st Duke of Wellington is a person, not a battle."),
    ],
)
def test_an_answer_that_the_head_is_another_kind_of_thing_is_a_none_answer(request, spacy_model, field, head, relation, text) -> None:
    """'Battle of Poltava is a person, not a battle.' was stored as a rank, 'The Bahariya Formation is
    a rock formation, not an organism, ...' minted the clade 'rock formation', and the Duke of
    Wellington's '1st' was a duration of 1."""
    labels, unreadable, extractor = _read(request.getfixturevalue(field), head, relation, text, spacy_model)
    assert labels == [] and unreadable == []
    assert extractor.stats.as_dict()["dropped"].get("object: none answer") == 1


@pytest.mark.parametrize(
    ("field", "head", "relation", "text", "labels"),
    [
        ("military", "Battle of Waterloo", "location", "Waterloo is a town, not a country.", []),  # another's kind: not the head's
        ("paleontology", "Tyrannosaurus", "inClade", "Theropoda, not a sauropod.", ["Theropoda"]),  # no head said to be a kind
        ("military", "Arthur Wellesley, 1st Duke of Wellington", "birthYear", "Arthur Wellesley, 1st Duke of Wellington was born in 1769.", ["1769"]),
    ],
)
def test_a_sentence_of_the_kind_of_another_thing_reads_as_before(request, spacy_model, field, head, relation, text, labels) -> None:
    found, _, _ = _read(request.getfixturevalue(field), head, relation, text, spacy_model)
    assert found == labels


@pytest.mark.parametrize("relation", ["duration", "totalCasualties"])
def test_a_figure_of_the_heads_own_name_is_no_value(military, spacy_model, relation) -> None:
    """'Arthur Wellesley, 1st Duke of Wellington is a general.' gave a duration (and a death toll) of 1: the '1st'."""
    labels, unreadable, _ = _read(military, "Arthur Wellesley, 1st Duke of Wellington", relation,
                                  "Arthur Wellesley, 1st Duke of Wellington is a general.", spacy_model)
    assert labels == [] and len(unreadable) == 1


