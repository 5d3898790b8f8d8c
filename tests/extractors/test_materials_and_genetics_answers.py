"""Chat answers of a materials engineer's and a geneticist's audits (their domains of the answer
corpus, made with ``kg domain new``, without their reference graphs): sentences that deny a
relation, values given as examples, names read from sentences (a team is its leader's, an
institution no person) and a year after a name's comma. Each rule is checked against answers of
other fields it must not change."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import load_domain
from tests.extractors.measured import none_answer, read_chat

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    "text",
    [
        "Kevlar doesn't have a UNS number; UNS covers metals and alloys.",
        "Kevlar does not have a UNS number.",
    ],
)
def test_a_sentence_that_the_head_does_not_have_the_value_is_a_none_answer(materials, spacy_model, text) -> None:
    """'Kevlar doesn't have a UNS number; UNS covers metals and alloys.' was stored whole as Kevlar's UNS number."""
    assert none_answer(materials, "Kevlar", "unsNumber", text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Kevlar", "tradeName", "Kevlar does not have another trade name.", ["Kevlar does not have another trade name."]),  # of others, not none
    ],
)
def test_not_having_another_is_no_denial(materials, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(materials, head, relation, text, spacy_model)
    assert labels == expected


def test_not_having_a_single_one_is_no_denial_in_music(music, spacy_model) -> None:
    """'didn't have a single teacher' says there were several, not none: the teacher named is read."""
    labels, _, _ = read_chat(music, "Antonín Dvořák", "studiedWith", "Dvořák didn't have a single teacher; he studied with Josef Krejčí.", spacy_model)
    assert "Josef Krejčí" in labels


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("Kevlar", "inventedBy", "Developed in the US in 1954 at the Illinois Institute of Technology; no single inventor."),
        ("Kevlar", "inventedBy", "The inventor is unknown."),
        ("BRCA1", "discoveredBy", "Its discoverer is not known."),
    ],
)
def test_a_sentence_denying_the_doer_gives_no_person(materials, genetics, spacy_model, head, relation, text) -> None:
    """'Developed in the US in 1954 at the Illinois Institute of Technology; no single inventor.' of
    Kevlar's inventors gave the persons 'US' and 'Illinois Institute of Technology': the doer's
    noun (inventor, discoverer) names the relation (invented by, discovered by) as its verb does."""
    domain = materials if relation == "inventedBy" else genetics
    labels, unreadable, extractor = read_chat(domain, head, relation, text, spacy_model)
    assert labels == []
    assert unreadable or extractor.stats.as_dict()["dropped"].get("object: none answer") == 1


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Spain", "borders", "Spain borders France; the border is 623 km long.", "France"),  # "border" is no doer's noun
        ("Spain", "borders", "Spain borders France, Portugal and Andorra.", "France"),
    ],
)
def test_a_short_noun_is_no_doer_of_the_relation(geo, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(geo, head, relation, text, spacy_model)
    assert expected in labels


@pytest.mark.parametrize(
    ("head", "text", "expected"),
    [
        ("stainless steel", "Harry Brearley, 1913", ["Harry Brearley"]),
        ("polytetrafluoroethylene", "Roy Plunkett, 1938", ["Roy Plunkett"]),
        ("stainless steel", "Harry Brearley, 1913; Elwood Haynes, 1912", ["Harry Brearley", "Elwood Haynes"]),
        ("stainless steel", "1913", []),
    ],
)
def test_a_year_after_a_persons_name_is_its_gloss(materials, spacy_model, head, text, expected) -> None:
    """'Harry Brearley, 1913' of stainless steel's inventors gave a second inventor '1913' (typed a Person)."""
    labels, unreadable, _ = read_chat(materials, head, "inventedBy", text, spacy_model)
    assert labels == expected and unreadable == []


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Taylor Swift", "releasedAlbum", "Red, 1989", ["Red", "1989"]),  # two albums: a work's title may be a year
        ("Queen", "recordLabel", "EMI, 1973", ["EMI"]),  # a label, and the year it signed them
        ("The Beatles", "hasMember", "John Lennon, 1960", ["John Lennon"]),
    ],
)
def test_a_year_after_a_comma_in_other_fields(bands, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(bands, head, relation, text, spacy_model)
    assert labels == expected


@pytest.mark.parametrize(
    ("head", "text", "expected"),
    [
        ("BRCA1", "Mary-Claire King (mapped the locus in 1990); the gene was cloned by Mark Skolnick's team at Myriad Genetics in 1994",
         ["Mary-Claire King", "Mark Skolnick"]),
        ("BRCA1", "Mary-Claire King; Mark Skolnick's team", ["Mary-Claire King", "Mark Skolnick"]),
        ("CFTR", "Lap-Chee Tsui's group, Francis Collins's lab and John Riordan", ["Lap-Chee Tsui", "Francis Collins", "John Riordan"]),
        ("BRCA1", "Myriad Genetics' team", []),  # an institution's team: no person
    ],
)
def test_a_persons_team_is_the_person_and_where_it_was_done_no_one(genetics, spacy_model, head, text, expected) -> None:
    """'... the gene was cloned by Mark Skolnick's team at Myriad Genetics in 1994' of BRCA1's
    discoverers gave the person 'Myriad Genetics' and lost Mark Skolnick ('team': a phrase)."""
    labels, _, _ = read_chat(genetics, head, "discoveredBy", text, spacy_model)
    assert labels == expected


def test_where_an_invention_was_made_is_no_inventor(materials, spacy_model) -> None:
    """'Developed in the US in 1954 at the Illinois Institute of Technology.' gave the inventors 'US' and 'Illinois Institute of Technology'."""
    labels, _, _ = read_chat(materials, "Kevlar", "inventedBy", "Developed in 1954 at the Illinois Institute of Technology by Stephanie Kwolek.", spacy_model)
    assert labels == ["Stephanie Kwolek"]
    labels, _, _ = read_chat(materials, "Kevlar", "inventedBy", "Developed in the US in 1954 at the Illinois Institute of Technology.", spacy_model)
    assert labels == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He studied with Josef Krejčí in Prague and with Antonín Liehmann at Zlonice.", ["Josef Krejčí", "Antonín Liehmann"]),
        ("At the Organ School, Dvořák studied with Josef Krejčí.", ["Josef Krejčí"]),
    ],
)
def test_where_a_teacher_taught_is_no_teacher(music, spacy_model, text, expected) -> None:
    labels, _, _ = read_chat(music, "Antonín Dvořák", "studiedWith", text, spacy_model)
    assert labels == expected


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected", "why"),
    [
        ("stainless steel", "unsNumber", "Stainless steel is a family; e.g. S30400, S31600, S41000", [], "several values, given as examples"),
        ("stainless steel", "tradeName", "Many, e.g. Inox", [], "a value given as an example"),
        ("AISI 304", "unsNumber", "S30400 (e.g. as 304 in AISI)", ["S30400"], None),  # an example in a gloss's brackets
        ("stainless steel", "typicalUse", "Kitchen equipment (e.g. sinks, cutlery)", ["Kitchen equipment"], None),
    ],
)
def test_values_given_as_examples_are_no_value(materials, spacy_model, head, relation, text, expected, why) -> None:
    """'Stainless steel is a family; e.g. S30400, S31600, S41000' was stored whole as stainless steel's UNS number."""
    labels, unreadable, _ = read_chat(materials, head, relation, text, spacy_model)
    assert labels == expected
    assert [r.split(":")[0] for r in unreadable] == ([why] if why else [])


def test_a_dates_year_stays_in_the_date(spacy_model) -> None:
    """A table row's date (``| MHRA | Dec 2, 2020 |`` of a vaccine's regulators, a clinical trials
    user's field) is the row's gloss whole: its year after the day's comma is no name's gloss."""
    from extractors import Extractor
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion

    extractor = Extractor(load_domain(HERE / "corpus" / "clinicaltrials" / "domain"))
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head="BNT162b2", relation="approvedBy")
    text = "| Agency | Date |\n|---|---|\n| MHRA | Dec 2, 2020 |\n| EMA | Dec 21, 2020 |"
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    assert [r.rationale for r in out if isinstance(r, Candidate)] == ["Dec 2, 2020", "Dec 21, 2020"]
