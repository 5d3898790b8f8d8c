"""How a chat answer's line is cut into answers, nothing of it lost (found by the archaeology,
botany and nutrition audits): a second clause after a semicolon, more people after "later", a
campaign's years after an excavator, a range of periods, an example between commas; each rule
beside counterexamples of other fields (offices, titles, places)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import load_domain
from tests.extractors.measured import read_chat

_CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def archaeology():
    return load_domain(_CORPUS / "archaeology" / "domain")


@pytest.fixture(scope="module")
def botany():
    return load_domain(_CORPUS / "botany" / "domain")


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Amarna", "excavatedBy", "Flinders Petrie; the Egypt Exploration Society (EES) team led by Barry Kemp", ["Flinders Petrie", "Barry Kemp"]),
        ("Standard of Ur", "heldBy", "British Museum, London; some in the Iraq Museum, Baghdad", ["British Museum", "Iraq Museum"]),
        ("Hattusa", "excavatedBy", "Hugo Winckler and Theodor Makridi; later Kurt Bittel and Peter Neve",
         ["Hugo Winckler", "Theodor Makridi", "Kurt Bittel", "Peter Neve"]),
        ("Star Carr", "excavatedBy", "Grahame Clark (1949–1951); later Nicky Milner, Chantal Conneller and Barry Taylor",
         ["Grahame Clark", "Nicky Milner", "Chantal Conneller", "Barry Taylor"]),
        ("Çatalhöyük", "excavatedBy", "1. **James Mellaart** (1961–1965)\n2. Ian Hodder (1993–2017)", ["James Mellaart", "Ian Hodder"]),
        ("Göbekli Tepe", "excavatedBy", "Klaus Schmidt (German Archaeological Institute) and the Şanlıurfa Museum", ["Klaus Schmidt", "Şanlıurfa Museum"]),
        ("Nebra sky disc", "foundAt", "Mittelberg, near Nebra, Saxony-Anhalt", ["Mittelberg"]),
    ],
)
def test_each_clause_of_an_archaeology_answer_is_read(archaeology, spacy_model, head, relation, text, labels) -> None:
    """The EES team's leader and the museum holding some of it (both lost: neither read nor kept),
    'later' before more excavators (refused as a phrase), an excavation's years (refused as a past
    term), the article of 'the Şanlıurfa Museum', and 'near Nebra' (read as a place of its own)."""
    read, unread, _ = read_chat(archaeology, head, relation, text, spacy_model)
    assert (read, unread) == (labels, [])


@pytest.mark.parametrize("text", ["Late Neolithic to Early Bronze Age", "Middle Kingdom through Ptolemaic period"])
def test_a_range_of_periods_is_no_period(archaeology, spacy_model, text) -> None:
    """A range covers the periods between its ends too: kept unreadable, never one Period entity."""
    read, unread, _ = read_chat(archaeology, "Stonehenge", "hasPeriod", text, spacy_model)
    assert read == [] and len(unread) == 1 and unread[0].startswith("a range of periods")


@pytest.mark.parametrize("text", ["Ticket to Ride", "Journey to Reims"])
def test_a_title_with_to_is_one_name(music, spacy_model, text) -> None:
    """'X to Y' is a range only of a relation whose answers are spans of time: a work's title is one name."""
    read, unread, _ = read_chat(music, "Antonín Dvořák", "composed", text, spacy_model)
    assert (read, unread) == ([text], [])


def test_an_example_between_commas_is_its_items_gloss(botany, spacy_model) -> None:
    """'Insects, especially the bug *P. angolensis*, and wind' gave the bug alone (Insects and wind
    lost): the example is Insects' gloss, and the list goes on."""
    read, unread, _ = read_chat(botany, "Welwitschia mirabilis", "pollinatedBy", "Insects, especially the bug *Probergrothius angolensis*, and wind", spacy_model)
    assert (read, unread) == (["Insects", "wind"], [])


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels", "unread"),
    [
        # an office's term that is over is still a past value (heads of government)
        ("United States", "headOfState", "1. Donald Trump (since 2025)\n2. Joseph R. Biden Jr. (2021–2025)", ["Donald Trump"], 1),
        # "later" of one value is no more answers: the item is read as before
        ("Germany", "headOfGovernment", "Friedrich Merz (CDU) – Chancellor since 6 May 2025; predecessor Olaf Scholz (SPD)", ["Friedrich Merz"], 1),
    ],
)
def test_counterexamples_of_other_fields(almanac, spacy_model, head, relation, text, labels, unread) -> None:
    """The rules above leave an office's term and a predecessor as they were."""
    read, reasons, _ = read_chat(almanac, head, relation, text, spacy_model)
    assert (read, len(reasons)) == (labels, unread)


def test_the_article_of_a_name_in_another_script_is_read_off() -> None:
    """'the Ålesund ...' as 'the Yangtze': a capital not in A–Z starts the name; 'the bug' keeps its article as before."""
    from extractors.chat_answers import unarticled

    assert unarticled("the Şanlıurfa Museum") == "Şanlıurfa Museum"
    assert unarticled("the Ōsaka Castle") == "Ōsaka Castle"
    assert unarticled("the bug") == "the bug"


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Eucalyptus globulus", "nativeTo", "Tasmania and Victoria (southeastern Australia)", ["Tasmania", "Victoria"]),
        ("Acer saccharum", "nativeTo", "Eastern Canada and the northeastern United States", ["Eastern Canada", "northeastern United States"]),
        ("Quercus robur", "nativeTo", "Bosnia and Herzegovina", ["Bosnia and Herzegovina"]),  # one country's name, not two
        ("Quercus robur", "nativeTo", "Trinidad and Tobago", ["Trinidad and Tobago"]),
        ("Malus domestica", "pollinatedBy", "Flies and other small insects", ["Flies"]),  # the group no entity
    ],
)
def test_regions_a_join_word_joins_are_each_an_answer(botany, spacy_model, head, relation, text, labels) -> None:
    """Two states or countries joined were one region ('Tasmania and Victoria'), a name and its
    group one pollinator ('Flies and other small insects'); one country's name stays whole."""
    read, unread, _ = read_chat(botany, head, relation, text, spacy_model)
    assert (read, unread) == (labels, [])


@pytest.fixture(scope="module")
def nutrition():
    return load_domain(_CORPUS / "nutrition" / "domain")


def test_a_lone_numbered_item_listing_names_is_those_names(nutrition, spacy_model) -> None:
    """'1. Vitamin C, vitamin K and folate' was one nutrient, the same line unnumbered three."""
    read, unread, _ = read_chat(nutrition, "spinach", "richIn", "1. Vitamin C, vitamin K and folate", spacy_model)
    assert (read, unread) == (["Vitamin C", "vitamin K", "folate"], [])


@pytest.mark.parametrize(
    ("domain", "head", "relation", "text", "labels"),
    [
        ("almanac", "Nile", "flowsThrough", "1. Paris, Texas", ["Paris, Texas"]),  # a place and where it lies, no join word
        ("music", "Antonín Dvořák", "studiedWith", "1. Earth, Wind & Fire", ["Earth, Wind & Fire"]),  # a band's name
        ("music", "Antonín Dvořák", "studiedWith", "1. Crosby, Stills, Nash & Young", ["Crosby, Stills, Nash & Young"]),
        ("music", "Antonín Dvořák", "composed", "1. Pride, Prejudice and Zombies", ["Pride, Prejudice and Zombies"]),  # a title
    ],
)
def test_a_lone_numbered_name_with_commas_stays_whole(request, spacy_model, domain, head, relation, text, labels) -> None:
    read, unread, _ = read_chat(request.getfixturevalue(domain), head, relation, text, spacy_model)
    assert (read, unread) == (labels, [])


def test_a_table_of_amounts_answers_with_its_column_named_as_the_range(nutrition, spacy_model) -> None:
    """'| Nutrient | Amount |' of richIn gave the amounts typed as nutrients ('36.4 mg'), the nutrients their gloss."""
    text = "| Nutrient | Amount |\n|---|---|\n| Vitamin C | 36.4 mg |\n| Vitamin A | 54 µg |"
    read, unread, _ = read_chat(nutrition, "orange", "richIn", text, spacy_model)
    assert (read, unread) == (["Vitamin C", "Vitamin A"], [])


def test_a_yes_or_no_column_says_whether_its_row_holds(botany, spacy_model) -> None:
    """'| Month | Flowering |' with yes/sometimes gave 'yes' and 'sometimes': the months that say yes, the hedged one left out."""
    text = "| Month | Flowering |\n|---|---|\n| May | yes |\n| June | yes |\n| July | sometimes |"
    read, unread, _ = read_chat(botany, "Quercus robur", "floweringSeason", text, spacy_model)
    assert (read, unread) == (["May", "June"], [])
