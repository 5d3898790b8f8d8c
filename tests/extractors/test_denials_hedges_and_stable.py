"""Chat answers that deny, hedge or say there is nothing (found by the clinical-trials,
oceanography and physics users' audits): ``it was **never** authorized by the FDA`` stored the
FDA, ``Some oceanographers consider it an estuary of the Atlantic Ocean.`` the Atlantic, ``The up
quark is ... stable; it does not decay.`` a decay product ``lightest quark``. The domain is the
historian's (tests/extractors/dynasties) with the audits' relations added, as ``kg domain new``
would write them; each rule is checked against answers of other fields that it must leave alone."""

from __future__ import annotations


import pytest

from tests.extractors.measured import dynasties_with, none_answer, read_chat

_CLASSES = {"Agency": "regulatory agency", "Ocean": "ocean", "Trench": "ocean trench", "Particle": "particle", "Country": "country"}
_ADDED = {
    "approvedBy": ("owl:ObjectProperty ; rdfs:range hist:Agency", "approved by", '["approved by"]'),
    "trialStatus": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string", "recruitment status", '["recruitment status", "status"]'),
    "trialPhase": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string", "trial phase", '["trial phase", "phase"]'),
    "partOfOcean": ("owl:ObjectProperty, owl:FunctionalProperty ; rdfs:range hist:Ocean", "part of ocean", '["part of ocean", "part of"]'),
    "deepestPoint": ("owl:ObjectProperty, owl:FunctionalProperty ; rdfs:range hist:Trench", "deepest point", '["deepest point"]'),
    "decaysTo": ("owl:ObjectProperty ; rdfs:domain hist:Particle ; rdfs:range hist:Particle", "decays to", '["decays to"]'),
    "borders": ("owl:ObjectProperty ; rdfs:range hist:Country", "borders", '["borders", "neighbour"]'),
}


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    return dynasties_with(tmp_path_factory, "audits", _CLASSES, _ADDED)


def test_a_clause_with_never_gives_no_value(audits, spacy_model) -> None:
    """'...; it was **never** authorized by the FDA.' stored the FDA beside MHRA and EMA, and 'The
    FDA never authorized it.' the FDA: 'never' denies as 'not' does, the other clause's names stay."""
    text = "It was authorized by the UK's MHRA and the EMA; it was **never** authorized by the FDA."
    labels, unreadable, _ = read_chat(audits, "AZD1222", "approvedBy", text, spacy_model)
    assert "FDA" not in " ".join(labels) and any("EMA" in label for label in labels) and unreadable == []
    assert none_answer(audits, "AZD1222", "approvedBy", "The FDA never authorized it.", spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Peter Pan", "borders", "Never Never Land", ["Never Never Land"]),  # a title that opens with "Never"
        ("Spain", "borders", "Spain has never been invaded by Andorra; it borders France and Portugal.", ["France", "Portugal"]),
        ("France", "borders", "France borders Spain and Belgium.", ["Spain", "Belgium"]),
        ("Nirvana", "approvedBy", "Nevermind Records", ["Nevermind Records"]),
    ],
)
def test_never_leaves_titles_and_other_words_alone(audits, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected


@pytest.mark.parametrize(
    ("head", "text"),
    [
        ("up quark", "The up quark is the lightest quark and is stable; it does not decay."),
        ("proton", "The proton is not known to decay; experiments (Super-Kamiokande) set a lower limit on its lifetime of about 1.67 × 10³⁴ years."),
        ("positron", "Stable; it annihilates with an electron into photons."),
        ("electron", "Stable"),
    ],
)
def test_a_particle_that_does_not_decay_has_no_decay_product(audits, spacy_model, head, text) -> None:
    """'... is stable; it does not decay.' gave the decay product 'lightest quark', '... is not
    known to decay; ... a lower limit on its lifetime ...' 'lower limit' and 'lifetime', 'Stable;
    it annihilates with an electron into photons.' Stable, electron and photon."""
    assert none_answer(audits, head, "decaysTo", text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("muon", "decaysTo", "It does not decay to a proton; it decays to an electron.", ["electron"]),  # one value denied
        ("France", "borders", "France does not border Portugal; it borders Spain.", ["Spain"]),
        ("Isaac Hayes", "approvedBy", "Stable Records", ["Stable Records"]),  # 'stable' says no decay only of a decay
    ],
)
def test_a_denied_act_with_an_object_or_another_relation_keeps_its_values(audits, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected


def _hedged(domain, head: str, relation: str, text: str, spacy_model) -> bool:
    labels, unreadable, _ = read_chat(domain, head, relation, text, spacy_model)
    return labels == [] and len(unreadable) == 1 and unreadable[0].startswith("hedged answer")


def test_what_some_consider_it_is_an_opinion_not_a_fact(audits, spacy_model) -> None:
    """'Some oceanographers consider it an estuary of the Atlantic Ocean.' of the Arctic Ocean's
    partOf stored the Atlantic Ocean: an opinion, held for review as 'disputed' is."""
    assert _hedged(audits, "Arctic Ocean", "partOfOcean", "Some oceanographers consider it an estuary of the Atlantic Ocean.", spacy_model)


def test_a_sentence_that_says_the_fact_is_disputed_is_hedged_whole(audits, spacy_model) -> None:
    """'The Southern Ocean's status as a separate ocean is disputed; it was recognized by the IHO in
    2000.' stored the IHO (typed an ocean) and kept the same answer unreadable ('a role'): one
    answer gives one record, the hedge."""
    text = "The Southern Ocean's status as a separate ocean is disputed; it was recognized by the IHO in 2000."
    assert _hedged(audits, "Southern Ocean", "partOfOcean", text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Battle of Hastings", "borders", "It was contested by Normans and Anglo-Saxons.", ["Normans", "Anglo-Saxons"]),  # who fought, no doubt
        ("Mick Jagger", "approvedBy", "Some Girls", ["Some Girls"]),  # an album's title
        ("Spain", "borders", "Spain borders France and Portugal; the border with Andorra is undisputed.", ["France", "Portugal"]),
        ("Spain", "borders", "France; the border is not disputed.", ["France"]),
    ],
)
def test_words_of_doubt_in_names_and_firm_facts_are_no_hedge(audits, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected


def test_no_access_to_data_is_anone_answer(audits, spacy_model) -> None:
    """'I don't have access to real-time registry data.' was stored as a trial's status: a refusal."""
    assert none_answer(audits, "NCT04368728", "trialStatus", "I don't have access to real-time registry data.", spacy_model)


@pytest.mark.parametrize(
    "text",
    ["As of my last update, the trial status was **Recruiting**, but this may have changed.", "Recruiting (as of 2021; may be outdated)"],
)
def test_a_status_that_may_have_changed_is_hedged(audits, spacy_model, text) -> None:
    """The first was stored whole, with its **; the second as Recruiting, its hedge dropped: each
    says its value may no longer hold, held for review as '(disputed)' is."""
    assert _hedged(audits, "NCT04368728", "trialStatus", text, spacy_model)


def test_a_text_value_framed_as_the_head_s_kind_is_the_value(audits, spacy_model) -> None:
    """'This is a Phase 1/2/3 study (originally Phase 1/2).' was stored as 'This is a Phase 1/2/3 study'."""
    labels, _, _ = read_chat(audits, "NCT04368728", "trialPhase", "This is a Phase 1/2/3 study (originally Phase 1/2).", spacy_model)
    assert labels == ["Phase 1/2/3"]


@pytest.mark.parametrize(
    ("relation", "text", "expected"),
    [
        ("trialStatus", "Active, not recruiting", ["Active, not recruiting"]),
        ("trialStatus", "Completed", ["Completed"]),
        ("trialStatus", "It is a Recruiting study.", ["It is a Recruiting study."]),  # no word of the relation: read as before
        ("trialPhase", "Phase 2/3", ["Phase 2/3"]),
    ],
)
def test_firm_text_values_are_read_as_before(audits, spacy_model, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, "NCT04368728", relation, text, spacy_model)
    assert labels == expected


def test_has_no_of_the_range_s_class_denies_the_relation(audits, spacy_model) -> None:
    """'The Baltic Sea has no ocean trench; its deepest point is Landsort Deep.' stored Landsort Deep
    typed a trench where the relation's words ('deepest point') do not say 'trench' and its range
    does: the answer denies the relation beside a clause that may give one, kept unreadable."""
    text = "The Baltic Sea has no ocean trench; its deepest point is Landsort Deep."
    labels, unreadable, _ = read_chat(audits, "Baltic Sea", "deepestPoint", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and unreadable[0].startswith("the answer denies the relation")


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Mediterranean Sea", "deepestPoint", "The Mediterranean has no large tides; its deepest point is the Calypso Deep.", ["Calypso Deep"]),
        ("Spain", "borders", "Spain has no colonies; it borders France and Portugal.", ["France", "Portugal"]),
        ("Pacific Ocean", "deepestPoint", "Mariana Trench", ["Mariana Trench"]),
    ],
)
def test_has_no_of_another_word_keeps_the_value(audits, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected
