"""How a list answer is cut and read (found by an agronomist's, a numismatist's, a mountaineer's and
a philosopher's audits): names that open with the head's own name (a crop's diseases), commas in a
bracket, shares before a metal's name, catalogue numbers with their years, several values of a
one-value relation, a phrase before a name, a phrase "X to Y" of names; each rule beside
counterexamples of other fields (places, a sentence about the head, people's names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import load_domain
from tests.extractors.measured import chat_candidates, read_chat

_FIELDS = Path(__file__).parent / "corpus"  # each audit's domain, as the answer corpus holds it


@pytest.fixture(scope="module")
def agronomy():
    """An agronomist's domain (crops, their pests, botanical names and producers), with its reference."""
    return load_domain(_FIELDS / "agronomy" / "domain")


@pytest.fixture(scope="module")
def numismatics():
    """A numismatist's domain (coins, their metals, catalogue numbers and mints), with its reference."""
    return load_domain(_FIELDS / "numismatics" / "domain")


@pytest.fixture(scope="module")
def mountaineering():
    """A mountaineer's domain (mountains, their grades, first ascensionists and local names), with its reference."""
    return load_domain(_FIELDS / "mountaineering" / "domain")


@pytest.fixture(scope="module")
def philosophy():
    """A philosopher's domain (philosophers, their notable ideas and schools), with its reference."""
    return load_domain(_FIELDS / "philosophy" / "domain")


@pytest.mark.parametrize(("head", "answer", "pests"), [
    ("Barley", "Net blotch, powdery mildew, barley yellow dwarf virus", ["Net blotch", "powdery mildew", "barley yellow dwarf virus"]),
    ("Soybean", "Soybean cyst nematode, Asian soybean rust, aphids", ["Soybean cyst nematode", "Asian soybean rust", "aphids"]),
    ("Soybean", "Soybean cyst nematode, aphids", ["Soybean cyst nematode", "aphids"]),
    ("Apple", "Apple scab, codling moth, fire blight", ["Apple scab", "codling moth", "fire blight"]),
])
def test_a_name_the_heads_name_opens_is_an_item_whole(agronomy, spacy_model, head, answer, pests):
    """'barley yellow dwarf virus' of the barley's pests was lost, 'Soybean cyst nematode' read as
    'nematode', 'Apple scab, codling moth, fire blight' one pest: a crop's disease named after it."""
    read, unread, _ = read_chat(agronomy, head, "majorPest", answer, spacy_model)
    assert (read, unread) == (pests, [])


def test_a_users_row_naming_a_disease_after_the_crop_is_read(agronomy, tmp_path, capsys):
    """`kg validate` of the row 'Barley,majorPest,barley yellow dwarf virus' was "the row gives no
    value (object: sentence naming no answer)"; 'Barley,majorPest,Barley is a cereal' still is."""
    from kg.cli import main

    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nBarley,majorPest,barley yellow dwarf virus\nBarley,majorPest,Barley is a cereal\n")
    try:
        main(["validate", str(rows), "--domain", str(_FIELDS / "agronomy" / "domain"), "--format", "csv"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "resource/barley_yellow_dwarf_virus>" in out and "the row gives no value" in out and "barley yellow dwarf virus\"" not in out


@pytest.mark.parametrize(("head", "answer", "sentence"), [
    ("France", "Spain, Belgium, France borders Germany", "France borders Germany"),  # a sentence about the head, no name
    ("France", "Spain, Italy, France is large", "France is large"),
    ("Germany", "Austria, Poland, Germany erupts rarely", "Germany erupts rarely"),
    ("Paris", "Lyon, Marseille, Paris in the north", "Paris in the north"),
])
def test_a_sentence_or_phrase_the_heads_name_opens_is_no_name(geo, spacy_model, head, answer, sentence):
    read, _, _ = read_chat(geo, head, "borders", answer, spacy_model)
    assert sentence not in read


def test_a_comma_inside_a_bracket_never_cuts_an_item(numismatics, spacy_model):
    """'Aluminium bronze (92% Cu, 6% Al, 2% Ni)' gave 'Aluminium bronze (92% Cu', 'Al' and 'Ni (2%))':
    one alloy, the bracket its gloss."""
    candidates = chat_candidates(numismatics, "100 pesetas coin", "madeOf", "Aluminium bronze (92% Cu, 6% Al, 2% Ni)", spacy_model)
    assert [(c.object_label, c.rationale) for c in candidates] == [("Aluminium bronze", "92% Cu, 6% Al, 2% Ni")]


def test_a_share_outside_brackets_before_a_capitalised_name_is_still_its_gloss(numismatics, spacy_model):
    read, _, _ = read_chat(numismatics, "100 pesetas coin", "madeOf", "Fe with 18% Cr and 8% Ni", spacy_model)
    assert "18% Cr" not in read and "8% Ni" not in read


@pytest.mark.parametrize(("answer", "metals"), [
    ("91.67% gold, 8.33% copper", [("gold", "91.67%"), ("copper", "8.33%")]),
    ("90% silver, 10% copper", [("silver", "90%"), ("copper", "10%")]),
    ("99.99% gold", [("gold", "99.99%")]),
    ("22-carat gold", [("gold", "22-carat")]),
])
def test_a_share_or_fineness_before_a_known_metal_is_its_gloss(numismatics, spacy_model, answer, metals):
    """'91.67% gold' was a metal of its own, apart from the reference's gold: gold, its share a note."""
    candidates = chat_candidates(numismatics, "Krugerrand", "madeOf", answer, spacy_model)
    assert [(c.object_label, c.rationale) for c in candidates] == metals


def test_a_share_before_a_name_no_one_knows_stays_in_it(numismatics, spacy_model):
    """'2% milk' is a product, '100% juice' a drink: no name the share glosses."""
    read, _, _ = read_chat(numismatics, "Krugerrand", "madeOf", "2% milk, 100% juice", spacy_model)
    assert read == ["2% milk", "100% juice"]


@pytest.mark.parametrize(("answer", "numbers"), [
    ("KM# 797 (1982), KM# 826 (1986)", [("KM# 797", "1982"), ("KM# 826", "1986")]),
    ("KM# 201 (1982–2008)", [("KM# 201", "1982–2008")]),
])
def test_catalogue_numbers_between_commas_are_each_a_value(numismatics, spacy_model, answer, numbers):
    """'KM# 797 (1982), KM# 826 (1986)' was one catalogue number: two, their years notes."""
    candidates = chat_candidates(numismatics, "100 pesetas coin", "catalogNumber", answer, spacy_model)
    assert [(str(c.object), c.rationale) for c in candidates] == numbers


def test_a_text_with_a_comma_and_no_catalogue_number_stays_one(numismatics, spacy_model):
    candidates = chat_candidates(numismatics, "100 pesetas coin", "reverseSubject", "Bust of Juan Carlos I, 1982", spacy_model)
    assert [str(c.object) for c in candidates] == ["Bust of Juan Carlos I, 1982"]


@pytest.mark.parametrize(("relation", "answer"), [
    ("difficultyGrade", "PD / F+"),
    ("botanicalName", "Coffea arabica L. and Coffea canephora Pierre ex A.Froehner"),
])
def test_two_values_of_a_one_value_text_relation_are_quarantined(agronomy, mountaineering, spacy_model, relation, answer):
    """'PD / F+' of a route's one grade, and two species of a crop's one botanical name, were stored as one value."""
    domain = mountaineering if relation == "difficultyGrade" else agronomy
    read, unread, _ = read_chat(domain, "Coffee", relation, answer, spacy_model)
    assert read == [] and [r.split(":")[0] for r in unread] == ["several values, not one"]


@pytest.mark.parametrize(("relation", "answer", "value"), [
    ("difficultyGrade", "PD", "PD"),
    ("difficultyGrade", "A/A-1", "A/A-1"),
    ("botanicalName", "Coffea arabica L.", "Coffea arabica"),  # the authority a note (the gl branch)
    ("botanicalName", "Brassica oleracea var. capitata", "Brassica oleracea var. capitata"),
])
def test_one_grade_or_one_species_stays_one_value(agronomy, mountaineering, spacy_model, relation, answer, value):
    domain = mountaineering if relation == "difficultyGrade" else agronomy
    read, unread, _ = read_chat(domain, "Coffee", relation, answer, spacy_model)
    assert (read, unread) == ([value], [])


def test_one_status_in_two_initialisms_stays_one_value(mountaineering, spacy_model):
    """'AOP / AOC' of a wine's one status (the answer corpus): one status's two names, no two grades."""
    read, unread, _ = read_chat(mountaineering, "Lhotse", "difficultyGrade", "AOP / AOC", spacy_model)
    assert (read, unread) == (["AOP / AOC"], [])


def test_a_text_joined_by_and_of_no_species_relation_stays_one(numismatics, spacy_model):
    """A motto or face value whose parts read as two words each is no two species."""
    read, unread, _ = read_chat(numismatics, "100 pesetas coin", "faceValue", "Plus ultra and Pro patria", spacy_model)
    assert (read, unread) == (["Plus ultra and Pro patria"], [])


def test_with_guides_after_a_comma_is_no_part_of_the_names_after_it(mountaineering, spacy_model):
    """'Charles Barrington, with guides Christian Almer and Peter Bohren' lost Christian Almer ('a
    phrase, not a name'): three people."""
    read, unread, _ = read_chat(mountaineering, "Eiger", "firstAscensionist", "Charles Barrington, with guides Christian Almer and Peter Bohren", spacy_model)
    assert (read, unread) == (["Charles Barrington", "Christian Almer", "Peter Bohren"], [])


def test_also_after_a_comma_is_no_part_of_the_name_after_it(mountaineering, spacy_model):
    """'Chhogori (Balti), also Mount Godwin-Austen' stored 'also Mount Godwin-Austen'."""
    read, _, _ = read_chat(mountaineering, "K2", "localName", "Chhogori (Balti), also Mount Godwin-Austen", spacy_model)
    assert read == ["Chhogori", "Mount Godwin-Austen"]


def test_also_known_as_is_no_list_of_names(geo, spacy_model):
    """A description after 'also', lower case, stays as it was read."""
    read, _, _ = read_chat(geo, "France", "borders", "Spain, also known as España", spacy_model)
    assert "España" not in read and "known as España" not in read


@pytest.mark.parametrize("answer", ["4. Will to power", "Will to power"])
def test_to_between_two_words_no_one_knows_of_an_idea_is_a_name(philosophy, spacy_model, answer):
    """'4. Will to power' of Nietzsche's ideas was 'a range of values ('Will' to 'power')'."""
    read, unread, _ = read_chat(philosophy, "Friedrich Nietzsche", "notableIdea", answer, spacy_model)
    assert (read, unread) == (["Will to power"], [])


@pytest.mark.parametrize(("head", "answer", "names"), [
    ("Mont Blanc", "Mont Blanc (French), Monte Bianco (Italian)", [("Mont Blanc", "French"), ("Monte Bianco", "Italian")]),
    ("Matterhorn", "Cervino (Italian), Mont Cervin (French)", [("Cervino", "Italian"), ("Mont Cervin", "French")]),
    ("Mount Fuji", "富士山 (Fujisan)", [("富士山", "Fujisan")]),
    ("Mount Fuji", "Fujisan (Japanese)", [("Fujisan", "Japanese")]),
])
def test_names_in_other_languages_are_a_local_names_answers(mountaineering, spacy_model, head, answer, names):
    """'Mont Blanc (French), Monte Bianco (Italian)' of a local name was quarantined "names in other
    languages, not in the domain's", '富士山 (Fujisan)' stored Fujisan alone: each name, its language a note."""
    candidates = chat_candidates(mountaineering, head, "localName", answer, spacy_model)
    assert [(str(c.object), c.rationale) for c in candidates] == names
