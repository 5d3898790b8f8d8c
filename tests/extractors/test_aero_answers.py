"""An aerospace user's chat answers: engines counted, organisations with commas, designations
in brackets, sentence fragments (found by the aerospace user's audit). The domain is the
audit's own, made with ``kg domain new`` (``aerospace/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion


@pytest.fixture(scope="module")
def aero():
    return load_domain(Path(__file__).parent / "aerospace")


def _read(domain, head: str, relation: str, text: str, spacy_model) -> list[tuple[str, str | None]]:
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [(r.object_label, r.rationale) for r in out if isinstance(r, Candidate)]


def _labels(domain, head: str, relation: str, text: str, spacy_model) -> list[str]:
    return [label for label, _ in _read(domain, head, relation, text, spacy_model)]


@pytest.mark.parametrize(
    ("head", "text", "engines"),
    [
        ("Falcon 9 Block 5", "9 × Merlin 1D (first stage), 1 × Merlin 1D Vacuum (second stage)", [("Merlin 1D", "9 ×; first stage"), ("Merlin 1D Vacuum", "1 ×; second stage")]),
        ("Saturn V", "5× Rocketdyne F-1", [("Rocketdyne F-1", "5 ×")]),
        ("Concorde", "4 × Rolls-Royce/Snecma Olympus 593 Mk 610", [("Rolls-Royce/Snecma Olympus 593 Mk 610", "4 ×")]),
        ("Boeing 747", "- 4x Pratt & Whitney JT9D", [("Pratt & Whitney JT9D", "4 ×")]),
    ],
)
def test_a_count_before_an_engine_is_a_gloss(aero, spacy_model, head: str, text: str, engines: list[tuple[str, str]]) -> None:
    """'9 × Merlin 1D' and '5× Rocketdyne F-1' were engines named with their counts, each apart
    from the engine itself."""
    assert _read(aero, head, "engine", text, spacy_model) == engines


def test_an_organisation_before_its_divisions_is_one_name(aero, spacy_model) -> None:
    """'Boeing Defense, Space & Security' (the Super Hornet's maker) was two organisations,
    'Boeing Defense' and 'Space & Security'."""
    assert _labels(aero, "F/A-18E/F Super Hornet", "manufacturer", "Boeing Defense, Space & Security", spacy_model) == ["Boeing Defense, Space & Security"]
    assert _labels(aero, "Concorde", "operator", "Air France, British Airways", spacy_model) == ["Air France", "British Airways"]


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Saturn V", "designer", "Wernher von Braun and his team at Marshall Space Flight Center", ["Wernher von Braun"]),
        ("James Webb Space Telescope", "manufacturer", "Northrop Grumman (prime contractor), with Ball Aerospace", ["Northrop Grumman", "Ball Aerospace"]),
        ("Su-57", "designer", "Sukhoi Design Bureau; chief designer: Mikhail Strelets", ["Sukhoi Design Bureau", "Mikhail Strelets"]),
        ("SR-71 Blackbird", "designer", "The SR-71 was designed by Kelly Johnson at Lockheed's Skunk Works.", ["Kelly Johnson"]),
        ("SR-71 Blackbird", "manufacturer", "Lockheed (Skunk Works), now part of Lockheed Martin", ["Lockheed Corporation"]),  # the reference's company, its legal form after the name
        ("Saturn V", "manufacturer", "Built by Boeing", ["Boeing"]),
        ("SR-71 Blackbird", "designer", "Designed by Kelly Johnson at Lockheed in 1958, in Burbank, California.", ["Kelly Johnson"]),  # the agent alone
    ],
)
def test_a_sentence_fragment_is_no_entity(aero, spacy_model, head: str, relation: str, text: str, labels: list[str]) -> None:
    """'his team at Marshall Space Flight Center', 'with Ball Aerospace', the person 'chief
    designer' (note 'Mikhail Strelets'), 'Launched from Cape Canaveral ...' and 'Lockheed (Skunk
    Works), now part of Lockheed Martin' were stored as entities."""
    assert _labels(aero, head, relation, text, spacy_model) == labels


def test_a_participle_before_a_site_is_no_part_of_its_name(aero, spacy_model) -> None:
    labels = _labels(aero, "Voyager 1", "launchSite", "Launched from Cape Canaveral Air Force Station, Launch Complex 41, on a Titan IIIE-Centaur.", spacy_model)
    assert labels and not any("Launched" in label or "Titan" in label for label in labels), labels


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Soyuz-2.1a", "launchSite", "Baikonur Cosmodrome (Site 31/6) and Plesetsk Cosmodrome", ["Baikonur Cosmodrome", "Plesetsk Cosmodrome"]),
        ("Concorde", "manufacturer", "Aérospatiale and the British Aircraft Corporation (BAC)", ["Aérospatiale", "British Aircraft Corporation"]),
        ("Concorde", "manufacturer", "Sud Aviation & British Aircraft Corporation", ["Sud Aviation", "British Aircraft Corporation"]),
        ("Concorde", "operator", "Simon & Garfunkel", ["Simon & Garfunkel"]),  # one name: each part one word
        ("Concorde", "operator", "Bob Marley and the Wailers", ["Bob Marley and the Wailers"]),
        ("Concorde", "operator", "Department of Health and Human Services", ["Department of Health and Human Services"]),
        ("Concorde", "operator", "the Hugo and Nebula Awards", ["Hugo and Nebula Awards"]),  # a plural noun both share: not "Hugo", "Nebula Awards" (a lower-case "the" is the sentence's)
    ],
)
def test_two_full_names_joined_are_two_answers(aero, spacy_model, head: str, relation: str, text: str, labels: list[str]) -> None:
    """'Baikonur Cosmodrome (Site 31/6) and Plesetsk Cosmodrome', 'Aérospatiale and the British
    Aircraft Corporation (BAC)' and 'Sud Aviation & British Aircraft Corporation' were each one
    entity, though 'Air France and British Airways' (known names) gave two."""
    assert _labels(aero, head, relation, text, spacy_model) == labels


@pytest.mark.parametrize(
    ("head", "relation", "text", "label"),
    [
        ("Space Shuttle Challenger", "predecessor", "Space Shuttle Columbia (OV-102)", "Space Shuttle Columbia (OV-102)"),  # a seed
        ("Space Shuttle Challenger", "predecessor", "- **Space Shuttle Columbia** (OV-102)", "Space Shuttle Columbia (OV-102)"),
        ("Falcon 9 Block 5", "launchSite", "Vandenberg SFB (SLC-4E)", "Vandenberg SFB (SLC-4E)"),  # the reference's label
    ],
)
def test_a_name_held_with_its_bracketed_designation_stays_whole(aero, spacy_model, head: str, relation: str, text: str, label: str) -> None:
    """'Space Shuttle Columbia (OV-102)' from a chat answer was 'Space Shuttle Columbia' (note
    'OV-102'), not the seeded head a file's row names whole: one orbiter became two entities."""
    assert _labels(aero, head, relation, text, spacy_model) == [label]


def test_an_acronym_and_a_dotted_one_name_what_they_stand_for(aero, spacy_model, tmp_path) -> None:
    """'The U.S.' was a new country beside the reference's United States (aliases US, USA), and
    'JWST' a new entity beside the stored 'James Webb Space Telescope (JWST)'."""
    from rdflib import RDFS, Literal

    from extractors.normalize import Normalizer
    from kg.iri import mint_iri
    from kg.store import init_store

    assert _labels(aero, "Saturn V", "countryOfOrigin", "The U.S.", spacy_model) == ["United States"]
    webb = mint_iri("James Webb Space Telescope (JWST)")
    with init_store(tmp_path / "store") as store:
        store.add_triples([(webb, RDFS.label, Literal("James Webb Space Telescope (JWST)"))], graph="accepted")
        normalizer = Normalizer(aero, store)
        assert normalizer.entity("JWST") == webb
        assert normalizer.entity("James Webb Space Telescope") == webb
        assert normalizer.entity("JST") != webb
    with init_store(tmp_path / "other") as store:  # the acronym stored first
        store.add_triples([(mint_iri("JWST"), RDFS.label, Literal("JWST"))], graph="accepted")
        assert Normalizer(aero, store).entity("James Webb Space Telescope (JWST)") == mint_iri("JWST")


def test_a_site_and_the_country_it_lies_in_is_the_site(aero, spacy_model) -> None:
    """'- Baikonur Cosmodrome, Kazakhstan' was the launch site 'Baikonur Cosmodrome, Kazakhstan':
    a country the reference types as one is where the site lies, its gloss."""
    assert _read(aero, "Ariane 5", "launchSite", "- Guiana Space Centre, France\n- Kourou, France", spacy_model) == [
        ("Guiana Space Centre", "France"), ("Kourou", "France"),
    ]
    assert _labels(aero, "Ariane 5", "launchSite", "Guiana Space Centre, France", spacy_model) == ["Guiana Space Centre"]


def test_a_file_name_with_a_designation_is_the_stored_name(aero, tmp_path) -> None:
    """A file's 'Space Shuttle Challenger (OV-099)' was an entity apart from the stored 'Space
    Shuttle Challenger', which a chat answer's same words resolve to (its brackets a gloss); a
    seed written with its designation stays whole, and a year still tells a namesake apart."""
    from rdflib import RDFS, Literal

    from extractors.normalize import Normalizer
    from kg.iri import mint_iri
    from kg.store import init_store

    challenger, columbia = mint_iri("Space Shuttle Challenger"), mint_iri("Space Shuttle Columbia")
    with init_store(tmp_path / "store") as store:
        store.add_triples([(challenger, RDFS.label, Literal("Space Shuttle Challenger")), (columbia, RDFS.label, Literal("Space Shuttle Columbia"))], graph="accepted")
        normalizer = Normalizer(aero, store)
        assert normalizer.entity("Space Shuttle Challenger (OV-099)") == challenger
        assert normalizer.entity("Space Shuttle Columbia (OV-102)") != columbia  # the seed's own name
        assert normalizer.entity("Space Shuttle Challenger (1983)") != challenger
