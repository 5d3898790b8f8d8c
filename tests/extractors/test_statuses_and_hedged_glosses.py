"""Chat answers that say the question does not apply, that a value is held no more, or that
their value is disputed or only possible (found by the economist's and the seismologist's
audits): ``This doesn't apply.`` of a currency's credit rating was stored as a rating (and typed
the currency a country), ``Withdrawn — S&P, Moody's and Fitch withdrew their ratings in 2022.``
stored the rating ``Withdrawn``, ``Disputed: roughly 40% gross, ...`` the figure 40 and
``African Plate (disputed involvement)`` the plate. The domain is the historian's
(tests/extractors/dynasties) with the audits' relations added, as ``kg domain new`` would write
them; each rule is checked against answers of other fields that it must leave alone."""

from __future__ import annotations

import pytest

from tests.extractors.measured import dynasties_with, none_answer, read_chat

_CLASSES = {"Plate": "tectonic plate", "Organ": "organ", "Effect": "adverse effect", "Country": "country"}
_ADDED = {
    "creditRating": ("owl:DatatypeProperty ; rdfs:range xsd:string", "sovereign credit rating", '["sovereign credit rating", "credit rating"]'),
    "debtToGdp": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:decimal", "public debt (% of GDP)", '["public debt (% of GDP)", "debt to gdp"]'),
    "involvesPlate": ("owl:ObjectProperty ; rdfs:range hist:Plate", "involves plate", '["involves plate"]'),
    "affectsOrgan": ("owl:ObjectProperty ; rdfs:range hist:Organ", "affects organ", '["affects organ"]'),
    "sideEffect": ("owl:ObjectProperty ; rdfs:range hist:Effect", "side effect", '["side effect", "adverse effect"]'),
    "partOfCountry": ("owl:ObjectProperty ; rdfs:range hist:Country", "located in country", '["located in country"]'),
    "trialStatus": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string", "recruitment status", '["recruitment status", "status"]'),
    "locomotiveFate": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string", "fate", '["fate"]'),
    "englishTitle": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string", "English title", '["English title"]'),
    "motto": ("owl:DatatypeProperty ; rdfs:range xsd:string", "motto", '["motto"]'),
    "seatsWon": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:integer", "seats won", '["seats won"]'),
}


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    return dynasties_with(tmp_path_factory, "statuses", _CLASSES, _ADDED)


@pytest.mark.parametrize(
    "text",
    [
        "This doesn't apply.",
        "That doesn't apply",
        "Not relevant",
        "This question doesn't apply to a currency.",
        "Does not apply here.",
        "It is not applicable.",
    ],
)
def test_a_sentence_that_the_question_does_not_apply_is_a_none_answer(audits, spacy_model, text) -> None:
    """'This doesn't apply.' of the Chinese yuan's credit rating stored the text "This doesn't
    apply." (and so typed the currency a country), as 'Not applicable' already is not."""
    assert none_answer(audits, "Chinese yuan", "creditRating", text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Slow Horses", "englishTitle", "It Doesn't Apply", ["It Doesn't Apply"]),  # a title
        ("Slow Horses", "englishTitle", "Not Relevant", ["Not Relevant"]),
        ("Order of the Garter", "motto", "Honi soit qui mal y pense", ["Honi soit qui mal y pense"]),
    ],
)
def test_a_title_that_says_it_does_not_apply_is_a_title(audits, spacy_model, head, relation, text, expected) -> None:
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected and unreadable == []


@pytest.mark.parametrize(
    "text",
    [
        "This does not apply to Scotland",  # says where, no none answer of the whole
        "Not relevant to the plot, but AAA",
    ],
)
def test_a_sentence_that_goes_on_is_no_none_answer(audits, spacy_model, text) -> None:
    assert not none_answer(audits, "United Kingdom", "creditRating", text, spacy_model)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Withdrawn — S&P, Moody's and Fitch withdrew their ratings in 2022.", "withdrawn"),
        ("Withdrawn (2022)", "withdrawn"),
        ("Suspended", "suspended"),
    ],
)
def test_a_status_that_the_value_is_held_no_more_is_no_value(audits, spacy_model, text, status) -> None:
    """'Withdrawn — S&P, Moody's and Fitch withdrew their ratings in 2022.' of Russia's credit
    rating stored the rating 'Withdrawn': the answer says Russia has none now."""
    labels, unreadable, _ = read_chat(audits, "Russia", "creditRating", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and unreadable[0].startswith(f"a status ({status!r}), no current value")


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("NCT00000001", "trialStatus", "Withdrawn", ["Withdrawn"]),  # a trial's status
        ("NCT00000001", "trialStatus", "Suspended (funding)", ["Suspended"]),
        ("LMS Royal Scot 6100", "locomotiveFate", "Withdrawn", ["Withdrawn"]),  # a locomotive's fate
        ("Hanging Rock", "englishTitle", "Suspended", ["Suspended"]),  # a title
        ("Russia", "creditRating", "Suspended Animation Rating", ["Suspended Animation Rating"]),  # a name that goes on
        ("Russia", "creditRating", "Not rated", []),  # a none answer, as before
    ],
)
def test_a_status_of_a_relation_of_statuses_or_names_stays(audits, spacy_model, head, relation, text, expected) -> None:
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected and unreadable == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Disputed: roughly 40% gross, but Norway has large net assets", "disputed"),
        ("**Contested:** about 40%", "contested"),
        ("about 40% (disputed)", "disputed"),  # as before
    ],
)
def test_a_disputed_label_before_a_figure_is_a_hedge(audits, spacy_model, text, word) -> None:
    """'Disputed: roughly 40% gross, but Norway has large net assets' of Norway's public debt
    stored 40 with nothing saying it was disputed, where '40% (disputed)' is a hedged answer."""
    labels, unreadable, _ = read_chat(audits, "Norway", "debtToGdp", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and unreadable[0].startswith(f"hedged answer ({word!r})")


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Norway", "debtToGdp", "About 40% (gross); disputes over net assets aside", ["40"]),
        ("1997 general election", "seatsWon", "418", ["418"]),
    ],
)
def test_a_figure_without_a_disputed_label_stays(audits, spacy_model, head, relation, text, expected) -> None:
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected and unreadable == []


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("1. Indian Plate\n2. Burma Plate\n3. African Plate (disputed involvement)", "disputed involvement"),
        ("Indian Plate, Burma Plate, African Plate (possibly)", "possibly"),
        ("1. Indian Plate\n2. Burma Plate\n3. African Plate (probably)", "probably"),
        ("1. Indian Plate\n2. Burma Plate\n3. African Plate (uncertain role)", "uncertain"),
    ],
)
def test_a_hedged_gloss_after_a_list_item_quarantines_the_item(audits, spacy_model, text, hedge) -> None:
    """'3. African Plate (disputed involvement)' of the 2004 Indian Ocean earthquake's plates was
    accepted and its note dropped; '... African Plate (possibly)' lost the '(possibly)'. The item is
    a hedged answer, as 'Possibly the African Plate' and 'Luwian (disputed)' are; the others stay."""
    labels, unreadable, _ = read_chat(audits, "2004 Indian Ocean earthquake", "involvesPlate", text, spacy_model)
    assert labels == ["Indian Plate", "Burma Plate"]
    assert len(unreadable) == 1 and unreadable[0].startswith(f"hedged answer ({hedge!r})") and "African Plate" in unreadable[0]


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Aspirin", "sideEffect", "Reye's syndrome (possibly fatal)", ["Reye's syndrome"]),  # a hedge of another thing
        ("Srinagar", "partOfCountry", "Kashmir (disputed)", ["Kashmir"]),  # the territory's word
        ("Laayoune", "partOfCountry", "Western Sahara (disputed territory)", ["Western Sahara"]),
        ("Sarcoidosis", "affectsOrgan", "Lungs, heart (in some cases)", ["Lungs", "heart"]),
    ],
)
def test_a_gloss_that_hedges_no_item_leaves_it(audits, spacy_model, head, relation, text, expected) -> None:
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected and unreadable == []
