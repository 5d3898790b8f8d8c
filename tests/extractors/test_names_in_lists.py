"""The names a chat answer's list items and sentences give an entity relation: a phrase is no
name, two names joined are two, a title is no part of a person's name, a table's value column is
the answer (found by this morning's new-user audits: politics, geography, architecture,
mythology, automotive)."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from tests.extractors.measured import chat_labels as _read


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


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("India", "headOfState", "President Droupadi Murmu", ["Droupadi Murmu"]),
        ("Japan", "headOfGovernment", "Prime Minister Shigeru Ishiba (LDP)", ["Shigeru Ishiba"]),
        ("United States", "headOfState", "President Donald J. Trump (47th president; incumbent since 20 January 2025)", ["Donald J. Trump"]),
        ("United Kingdom", "headOfGovernment", "Sir Keir Starmer KCB KC", ["Keir Starmer"]),
        ("United Kingdom", "headOfGovernment", "The Rt Hon. Boris Johnson", ["Boris Johnson"]),
        ("Mount Everest", "firstAscentBy", "Sir Edmund Hillary (New Zealand) and Tenzing Norgay (Nepal)", ["Edmund Hillary", "Tenzing Norgay"]),
        ("Porsche 911", "designer", 'Ferdinand Alexander "Butzi" Porsche', ["Ferdinand Alexander Porsche"]),
        ("United Kingdom", "headOfState", "King Charles III", ["King Charles III"]),  # a monarch's title is the name's
    ],
)
def test_a_title_or_an_honorific_is_no_part_of_a_persons_name(almanac, spacy_model, head, relation, text, labels) -> None:
    """'President Droupadi Murmu', 'Prime Minister Shigeru Ishiba', 'Sir Keir Starmer KCB KC', 'The
    Rt Hon' (of 'The Rt Hon. Boris Johnson'), 'Sir Edmund Hillary' and 'Ferdinand Alexander "Butzi"
    Porsche' were people beside the known Droupadi Murmu, Keir Starmer, Edmund Hillary: an office
    title, an honorific, post-nominal letters and a nickname in quotes go from a person's name."""
    assert _read(almanac, head, relation, text, spacy_model) == (labels, [])


def test_a_tables_answers_are_the_column_headed_in_the_relations_words(almanac, spacy_model) -> None:
    """'| Tradition | Equivalent |' / '| Roman | Jupiter (Iuppiter) |' stored Zeus's equivalent
    deities 'Roman', 'Etruscan', 'Hindu', the names lost: the column headed in the relation's
    words holds the answers, the first column their gloss (a column of figures is none:
    '| Neighbour | Border length |')."""
    table = "| Tradition | Equivalent |\n|---|---|\n| Roman | Jupiter (Iuppiter) |\n| Etruscan | Tinia |\n| Norse | Odin |"
    assert _read(almanac, "Zeus", "equivalent", table, spacy_model) == (["Jupiter", "Tinia", "Odin"], [])
    lengths = "| Neighbour | Flows through |\n|---|---|\n| Sudan | 1,500 km |\n| Egypt | 1,200 km |"
    assert _read(almanac, "Nile", "flowsThrough", lengths, spacy_model) == (["Sudan", "Egypt"], [])


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Odin", "parent", "Borr and Bestla", ["Borr", "Bestla"]),
        ("Zeus", "child", "- Athena\n- Apollo and Artemis\n- Ares", ["Athena", "Apollo", "Artemis", "Ares"]),
        ("Osiris", "parent", "Geb and Nut", ["Geb", "Nut"]),
        ("Anubis", "parent", "Osiris and Nephthys (his parents); Ra", ["Osiris", "Nephthys", "Ra"]),
        ("Hagia Sophia", "architect", "Isidore of Miletus and Anthemius of Tralles", ["Isidore of Miletus", "Anthemius of Tralles"]),
        ("One World Trade Center", "architect", "David Childs of Skidmore, Owings & Merrill (SOM)", ["David Childs"]),
        ("Matterhorn", "locatedIn", "Switzerland/Italy border", ["Switzerland", "Italy"]),
        ("Mount Everest", "locatedIn", "Nepal–China border", ["Nepal", "China"]),
        ("Mont Blanc", "locatedIn", "On the France–Italy border (the summit's sovereignty is disputed)", ["France", "Italy"]),
        ("Lake Titicaca", "locatedIn", "Peru/Bolivia", ["Peru", "Bolivia"]),
        ("Rio Grande", "flowsThrough", "United States, Mexico", ["United States", "Mexico"]),
        ("Denali", "locatedIn", "Alaska, United States", ["United States"]),
        # one name stays one
        ("Pico Cano", "locatedIn", "Guinea-Bissau", ["Guinea-Bissau"]),
        ("Maglić", "locatedIn", "Bosnia and Herzegovina", ["Bosnia and Herzegovina"]),
        ("Zeus", "child", "Simon & Garfunkel", ["Simon & Garfunkel"]),
    ],
)
def test_two_names_joined_are_two_and_a_pair_of_countries_is_the_countries(almanac, spacy_model, head, relation, text, labels) -> None:
    """'Borr and Bestla', 'Apollo and Artemis', 'Geb and Nut' were one deity each (though 'Cronus
    and Rhea', whose Cronus was known, were two), 'Isidore of Miletus and Anthemius of Tralles' one
    architect, 'David Childs of Skidmore, Owings & Merrill' the architects 'David Childs of
    Skidmore' and 'Owings & Merrill', and 'Switzerland/Italy border', 'Peru/Bolivia', 'United
    States, Mexico', 'Alaska' (of 'Alaska, United States') countries: of a relation of beings two
    one-word names joined by "and" are two, so are two people named "X of Place", a person "of" a
    firm is the person, and of a relation of countries a pair is the two countries, a region and
    its country the country."""
    assert _read(almanac, head, relation, text, spacy_model) == (labels, [])


def test_a_file_rows_person_is_named_without_title_or_honorific(almanac) -> None:
    """A user's file row 'United Kingdom headOfGovernment Sir Keir Starmer KCB KC' and 'The Rt Hon.
    Boris Johnson memberOfParty Conservative Party' made people beside Keir Starmer and Boris
    Johnson: a subject or object that is a person is named without them, as a chat answer's."""
    from extractors.normalize import FILE_SOURCE

    extractor = Extractor(almanac)
    named = []
    for head, relation, tail in (("United Kingdom", "headOfGovernment", "Sir Keir Starmer KCB KC"),
                                 ("The Rt Hon. Boris Johnson", "memberOfParty", "Conservative Party")):
        prompt = Prompt.make("p", "list", head=head, relation=relation)
        out = extractor.extract(Completion(prompt.id, prompt.text, FILE_SOURCE + "rows.tsv", tail, finish_reason="stop"), prompt)
        named += [(c.subject_label, c.object_label) for c in out if isinstance(c, Candidate)]
    assert named == [("United Kingdom", "Keir Starmer"), ("Boris Johnson", "Conservative Party")]



@pytest.fixture(scope="module")
def ships():
    from pathlib import Path

    from kg.ontology import load_domain

    return load_domain(Path(__file__).parent / "ships")  # the maritime historian's domain, made with ``kg domain new``


@pytest.mark.parametrize(
    ("domain", "relation", "text", "answer"),
    [
        ("ships", "builder", "Harland and Wolff, Belfast", ("Harland and Wolff", "Belfast")),
        ("ships", "builder", "Blohm & Voss, Hamburg", ("Blohm & Voss", "Hamburg")),
        ("ships", "builder", "Framnæs shipyard, Sandefjord, Norway", ("Framnæs shipyard", "Sandefjord, Norway")),
        ("books", "publisher", "Simon & Schuster, New York", ("Simon & Schuster", "New York")),
    ],
)
def test_a_one_value_answers_name_and_where_it_lies_is_that_name(request, spacy_model, domain, relation, text, answer) -> None:
    """A one-value relation's 'Harland and Wolff, Belfast' (a shipyard the reference knows) was two
    builders, 'Harland' and 'Wolff', 'Blohm & Voss, Hamburg' 'Blohm' and 'Voss', 'Framnæs
    shipyard, Sandefjord, Norway' three: the name is the answer, where it lies its gloss."""
    extractor = Extractor(request.getfixturevalue(domain))
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head="Britannic", relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    assert [(c.object_label, c.rationale) for c in out if isinstance(c, Candidate)] == [answer]


def test_a_known_name_with_a_join_word_in_a_list_is_never_split(ships, spacy_model) -> None:
    """'Harland and Wolff, Blohm & Voss' gave 'Harland', 'Wolff', 'Blohm' and 'Voss', a name the
    reference knows whole split at its 'and'."""
    labels, _ = _read(ships, "RMS Titanic", "operator", "Harland and Wolff, Blohm & Voss", spacy_model)
    assert labels == ["Harland and Wolff", "Blohm & Voss"]


@pytest.mark.parametrize(
    "text",
    ["Evergreen Marine (operator); Shoei Kisen Kaisha (owner)", "- Evergreen Marine (operator)\n- Shoei Kisen Kaisha (owner)"],
)
def test_a_part_glossed_with_another_role_is_that_roles_answer(ships, spacy_model, text) -> None:
    """Of the Ever Given's operators 'Evergreen Marine (operator); Shoei Kisen Kaisha (owner)' stored
    both, the owner an operator too: a part whose gloss names another role than the relation's,
    beside one that names the relation's own, is another role's answer."""
    labels, _ = _read(ships, "Ever Given", "operator", text, spacy_model)
    assert labels == ["Evergreen Marine"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Sucre (constitutional) — though some sources say La Paz (seat of government)", "hedged answer ('some sources say')"),
        ("Potosí (old town) or Oruro (new town)", "several values, not one"),
    ],
)
def test_a_one_value_answer_with_another_view_or_a_choice_is_quarantined(geo, spacy_model, text, reason) -> None:
    """A climatologist's one-value 'ET (tundra) — though some sources say EF (ice cap)' stored EF, the
    view the answer doubts, where 'Sucre — though some sources say La Paz' is hedged; 'Af (tropical
    rainforest) or Am (tropical monsoon)' stored Af, Am refused as a second value: several values."""
    labels, unread = _read(geo, "Bolivia", "hasCapital", text, spacy_model)
    assert labels == [] and len(unread) == 1 and unread[0].startswith(reason)
