"""Entity names a seismologist's and an economist's audits found misread: plates named by their
shared class word ("North American and Pacific plates") or without it ("Pacific"), a fault described,
not named ("A blind thrust fault (...)"), an office before a person's name ("Chair: Jerome H.
Powell"), a middle name written out where the reference writes its initial. Each rule is checked
against names of other fields it must leave alone."""

from __future__ import annotations

from tests.extractors.measured import read_chat

NORTHRIDGE = "1994 Northridge earthquake"


def test_two_plates_sharing_their_class_word_are_two_plates(seismology, spacy_model):
    labels, _, _ = read_chat(seismology, NORTHRIDGE, "involvesPlate", "1. North American and Pacific plates", spacy_model)
    assert labels == ["North American Plate", "Pacific Plate"]
    labels, _, _ = read_chat(seismology, "San Andreas Fault", "boundsPlate", "the North American and Pacific Plates (transform boundary)", spacy_model)
    assert labels == ["North American Plate", "Pacific Plate"]


def test_names_joined_by_and_without_a_class_word_of_the_range_stay_whole(seismology, bands, geo, spacy_model):
    assert read_chat(seismology, NORTHRIDGE, "epicentreRegion", "Bosnia and Herzegovina", spacy_model)[0] == ["Bosnia and Herzegovina"]
    assert read_chat(seismology, NORTHRIDGE, "involvesPlate", "Tom and Jerry", spacy_model)[0] == ["Tom and Jerry"]
    assert read_chat(geo, "Venezuela", "borders", "Trinidad and Tobago", spacy_model)[0] == ["Trinidad and Tobago"]
    _, unread, _ = read_chat(bands, "Abbey Road", "performedBy", "The Beatles and the Rolling Stones", spacy_model)
    assert unread == ["several values, not one: 'The Beatles and the Rolling Stones'"]


def test_a_plate_named_without_its_class_word_is_the_known_plate(seismology, spacy_model):
    labels, _, _ = read_chat(seismology, NORTHRIDGE, "involvesPlate", "1. Pacific\n2. North American\n3. Juan de Fuca\n4. Nazca", spacy_model)
    assert labels == ["Pacific Plate", "North American Plate", "Juan de Fuca Plate", "Nazca"]  # no Nazca Plate is known


def test_a_word_added_to_a_name_only_where_every_known_name_of_the_class_ends_in_it(seismology, spacy_model):
    # faults are named "... Fault" and "... Trench", people and places in no one word
    assert read_chat(seismology, NORTHRIDGE, "onFault", "San Andreas", spacy_model)[0] == ["San Andreas"]
    assert read_chat(seismology, "Beno Gutenberg", "knownFor", "Charles", spacy_model)[0] == ["Charles"]
    assert read_chat(seismology, NORTHRIDGE, "epicentreRegion", "Los", spacy_model)[0] == ["Los"]


def test_a_gloss_inside_a_plate_s_name_is_its_gloss(seismology, spacy_model):
    out, _ = _records(seismology, "involvesPlate", "1. Anatolian (Turkish) Plate\n2. Pacific Plate", spacy_model)
    assert [(str(c.object_label), c.rationale) for c in out] == [("Anatolian Plate", "Turkish"), ("Pacific Plate", None)]


def test_a_fault_described_by_its_kind_names_none(seismology, spacy_model):
    _, unread, _ = read_chat(seismology, NORTHRIDGE, "onFault", "A blind thrust fault (Northridge Thrust / Pico Thrust)", spacy_model)
    assert unread == ["a description ('A blind thrust fault'), no name: 'A blind thrust fault (Northridge Thrust / Pico Thrust)'"]
    labels, _, _ = read_chat(seismology, NORTHRIDGE, "onFault", "Northridge Thrust", spacy_model)
    assert labels == ["Northridge Thrust"]
    labels, _, _ = read_chat(seismology, NORTHRIDGE, "involvesPlate", "A Pacific plate", spacy_model)
    assert labels == ["Pacific Plate"]
    labels, _, _ = read_chat(seismology, NORTHRIDGE, "epicentreRegion", "a suburb of Los Angeles", spacy_model)
    assert not any("description" in why for why in read_chat(seismology, NORTHRIDGE, "epicentreRegion", "a suburb", spacy_model)[1])


def test_an_office_before_a_person_s_name_is_no_person(seismology, spacy_model):
    out, _ = _records(seismology, "director", "Chair: Jerome H. Powell", spacy_model, head="United States Geological Survey")
    assert [(str(c.object_label), c.rationale) for c in out] == [("Jerome H. Powell", "Chair")]
    labels, _, _ = read_chat(seismology, "United States Geological Survey", "director", "**CEO:** Tim Cook", spacy_model)
    assert labels == ["Tim Cook"]
    # a deputy's office names another person than the one asked
    labels, _, _ = read_chat(seismology, "United States Geological Survey", "director", "Vice Chair: Philip Jefferson", spacy_model)
    assert "Philip Jefferson" not in labels


def test_a_middle_name_written_out_is_the_known_person_with_its_initial(seismology, spacy_model):
    out, _ = _records(seismology, "knownFor", "Charles Francis Richter", spacy_model, head="Beno Gutenberg")
    assert [str(c.object_label) for c in out] == ["Charles F. Richter"]
    assert str(out[0].object) == "https://w3id.org/kgdistill/resource/charles_f_richter"
    assert read_chat(seismology, "Beno Gutenberg", "knownFor", "John F. Kennedy", spacy_model)[0] == ["John Fitzgerald Kennedy"]
    for other in ("Charles B. Richter", "Charles Richter"):  # another initial, no middle name on one side
        assert read_chat(seismology, "Beno Gutenberg", "knownFor", other, spacy_model)[0] == [other]
    # two known people fit (Johann Christian and Johann Christoph Bach); a place is no person
    assert read_chat(seismology, "Beno Gutenberg", "knownFor", "Johann C. Bach", spacy_model)[0] == ["Johann C. Bach"]
    assert read_chat(seismology, NORTHRIDGE, "epicentreRegion", "John Fitzgerald Kennedy Airport", spacy_model)[0] == ["John Fitzgerald Kennedy Airport"]


def test_a_middle_initial_a_is_no_article(seismology, spacy_model):
    # "John A. Smith" is no known "John Smith" (its key dropped the "A" as an article)
    assert read_chat(seismology, "Beno Gutenberg", "knownFor", "John A. Smith", spacy_model)[0] == ["John A. Smith"]
    assert read_chat(seismology, "Beno Gutenberg", "knownFor", "John Smith", spacy_model)[0] == ["John Smith"]


def _records(domain, relation, text, spacy_model, head=NORTHRIDGE):
    from tests.extractors.measured import _chat_records

    out, extractor = _chat_records(domain, head, relation, text, spacy_model)
    return [r for r in out if hasattr(r, "object")], extractor
