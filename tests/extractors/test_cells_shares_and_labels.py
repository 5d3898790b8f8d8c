"""How a chat answer's parts are cut into names (found by the physics, clinical-trials and
oceanography audits): a table's cells of several names, a share or a reaction after a decay
product, '&' inside one name, a phrase of funding beside a sponsor, an identifier after its label,
names joined by 'and'; each rule beside counterexamples of other fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import load_domain
from tests.extractors.measured import measured_domain, read_chat


@pytest.fixture(scope="module")
def aerospace():
    return load_domain(Path(__file__).parent / "aerospace")


def test_a_cell_under_a_plural_header_of_the_answers_gives_each_name(geo, spacy_model) -> None:
    """'| Side | Countries |': the countries of each row, its side their note (were 'East', 'West')."""
    text = "| Side | Countries |\n|---|---|\n| East | Saudi Arabia, Yemen |\n| West | Egypt, Sudan, Eritrea, Djibouti |"
    read, unread, _ = read_chat(geo, "Red Sea", "borders", text, spacy_model)
    assert read == ["Saudi Arabia", "Yemen", "Egypt", "Sudan", "Eritrea", "Djibouti"] and unread == []


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("| Country | Note |\n|---|---|\n| Korea, South | east |", ["South Korea"]),  # a singular header: one name a cell
        ("| Side | Countries |\n|---|---|\n| East | Washington, D.C. |", ["Washington"]),  # not 'D.C.' of its own
    ],
)
def test_a_cell_stays_whole_under_a_singular_header_or_with_a_part_no_name(geo, spacy_model, text, labels) -> None:
    """One answer of the cell, not cut at its comma."""
    read, _, _ = read_chat(geo, "Red Sea", "borders", text, spacy_model)
    assert read == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Food & Drug Administration", ["Food & Drug Administration"]),  # were "Food" and "Drug Administration"
        ("Marks & Spencer Group", ["Marks & Spencer Group"]),
        ("Sud Aviation & British Aircraft Corporation", ["Sud Aviation", "British Aircraft Corporation"]),  # two names of two words
        ("Air France & British Airways", ["Air France", "British Airways"]),
        ("Boeing and Lockheed Martin", ["Boeing", "Lockheed Martin"]),  # "and" joins two
    ],
)
def test_an_ampersand_after_one_word_is_inside_one_name(aerospace, spacy_model, text, labels) -> None:
    read, unread, _ = read_chat(aerospace, "Concorde", "operator", text, spacy_model)
    assert (read, unread) == (labels, [])


@pytest.mark.parametrize(
    "text",
    [
        "Air France, with funding from BARDA and NIAID",  # was an entity "with funding from BARDA"
        "Air France, in collaboration with British Airways",
        "1. Air France, in collaboration with British Airways",  # was one entity "Air France, in collaboration with British Airways"
        "1. Air France, supported by the French government",
    ],
)
def test_a_phrase_of_partners_after_a_name_is_its_note(aerospace, spacy_model, text) -> None:
    """The partners and funders beside an answer are no answer of their own, nor part of its name."""
    read, unread, extractor = read_chat(aerospace, "Concorde", "operator", text, spacy_model)
    assert (read, unread) == (["Air France"], [])


def test_a_name_with_a_comma_and_no_partners_is_read_as_before(aerospace, spacy_model) -> None:
    read, _, _ = read_chat(aerospace, "Concorde", "operator", "Air France, British Airways", spacy_model)
    assert read == ["Air France", "British Airways"]


@pytest.fixture(scope="module")
def archaeology():
    return load_domain(Path(__file__).parent / "corpus" / "archaeology" / "domain")


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # was one person "Leonard Woolley and Max Mallowan"
        ("Leonard Woolley and Max Mallowan (excavated, 1922); observed at the British Museum in 1935", ["Leonard Woolley", "Max Mallowan"]),
        ("Leonard Woolley and Max Mallowan (excavated, 1922)", ["Leonard Woolley", "Max Mallowan"]),
        ("Rodgers and Hammerstein (1943); revived in 1955", ["Rodgers and Hammerstein"]),  # a duo's name, not two full names
    ],
)
def test_full_names_joined_by_and_before_a_semicolon_are_two_people(archaeology, spacy_model, text, labels) -> None:
    read, _, _ = read_chat(archaeology, "Ur", "excavatedBy", text, spacy_model)
    assert read == labels


@pytest.fixture(scope="module")
def identified(tmp_path_factory):
    return measured_domain(tmp_path_factory, [("registryId", "string", "registry identifier", None), ("icd10Code", "string", "ICD-10 code", None)])


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("registryId", "- EudraCT Number: 2020-002641-42", ["2020-002641-42"]),  # was "EudraCT Number"
        ("registryId", "ISRCTN ID: ISRCTN12345678", ["ISRCTN12345678"]),
        ("icd10Code", "- ICD-10 Code: A00.9", ["A00.9"]),  # the relation's own words, as before
    ],
)
def test_an_identifier_after_a_label_of_its_kind_is_the_answer(identified, spacy_model, relation, text, labels) -> None:
    read, unread, _ = read_chat(identified, "Antonín Dvořák", relation, text, spacy_model)
    assert (read, unread) == (labels, [])


def test_an_identifier_of_another_scheme_is_no_answer_of_a_named_scheme(identified, spacy_model) -> None:
    """An EudraCT number is no ICD-10 code: the label is not read away."""
    read, _, _ = read_chat(identified, "Antonín Dvořák", "icd10Code", "- EudraCT Number: 2020-002641-42", spacy_model)
    assert "2020-002641-42" not in read


@pytest.fixture(scope="module")
def physics(tmp_path_factory):
    """A physicist's particles: a functional antiparticle (one answer), written as ``kg domain new`` writes it."""
    folder = tmp_path_factory.mktemp("physics")
    (folder / "ontology.ttl").write_text(
        "@prefix ph: <https://example.org/physics#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ph:Particle a owl:Class ; rdfs:label \"particle\" .\n"
        "ph:antiparticle a owl:ObjectProperty, owl:FunctionalProperty ; rdfs:domain ph:Particle ; rdfs:range ph:Particle ; rdfs:label \"antiparticle\" .\n"
        "ph:decaysTo a owl:ObjectProperty ; rdfs:domain ph:Particle ; rdfs:range ph:Particle ; rdfs:label \"decays to\" .\n"
    )
    (folder / "relations.toml").write_text(
        '[domain]\nname = "physics"\nprefix = "ph"\nnamespace = "https://example.org/physics#"\n\n'
        '[relations.antiparticle]\nprompt = "Which particle is the antiparticle of {head}?"\nverbalization = "{head} antiparticle {tail}"\n'
        'synonyms = ["antiparticle"]\n\n'
        '[relations.decaysTo]\nprompt = "Which particles does {head} decay to?"\nverbalization = "{head} decays to {tail}"\nsynonyms = ["decays to"]\n'
    )
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    return load_domain(folder)


def test_answers_each_for_a_case_are_several_values_of_a_relation_of_one(physics, geo, spacy_model) -> None:
    """'K⁻ for the K⁺; the K̄⁰ for the K⁰' was the particle 'K− for the K+' (one value per kaon)."""
    read, unread, _ = read_chat(physics, "kaon", "antiparticle", "K⁻ for the K⁺; the K̄⁰ for the K⁰", spacy_model)
    assert read == [] and len(unread) == 1 and unread[0].startswith("several values, not one")
    read, unread, _ = read_chat(geo, "Bolivia", "hasCapital", "La Paz for the government; Sucre for the judiciary", spacy_model)
    assert read == [] and len(unread) == 1 and unread[0].startswith("several values, not one")
    assert read_chat(physics, "electron", "antiparticle", "positron", spacy_model)[0] == ["positron"]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("* W boson pair ~21%", ["W boson pair"]),  # was "W boson pair ~21%"
        ("* b b̄ (bottom quark pair) ~58%", ["b b̄"]),  # was "b b̄ (bottom quark pair) ~58%"
        ("1. Muon + muon neutrino (K⁺ → μ⁺ν_μ, 63.6%)", ["Muon", "muon neutrino"]),  # was "Muon + muon neutrino"
        ("* muon 63.6%", ["muon"]),
        # was "electron neutrino; muon", "muon neutrino; tau" ... (the sums cut across the semicolons)
        ("Electron + electron neutrino; muon + muon neutrino; quark–antiquark pairs", ["Electron", "electron neutrino", "muon", "muon neutrino", "quark–antiquark pairs"]),
    ],
)
def test_a_share_after_a_decay_product_is_its_note_and_a_sum_its_products(physics, spacy_model, text, labels) -> None:
    read, unread, _ = read_chat(physics, "kaon", "decaysTo", text, spacy_model)
    assert (read, unread) == (labels, [])


def test_a_reaction_in_brackets_is_no_other_name(physics) -> None:
    """'muon (K⁺ → μ⁺ν_μ)' was the muon with an alias 'K⁺ → μ⁺ν_μ' (stored as skos:altLabel)."""
    from extractors.normalize import Normalizer

    normalizer = Normalizer(physics)
    for label in ("muon (K⁺ → μ⁺ν_μ)", "muon (K⁺ → μ⁺ν_μ, 63.6%)", "muon (K+ -> mu+ nu)"):
        _, name = normalizer.named_entity(label)
        assert (str(name), getattr(name, "written", None), getattr(name, "also", ())) == ("muon", None, ())
    assert getattr(normalizer.named_entity("Burj Khalifa (Burj Dubai)")[1], "written", None) == "Burj Dubai"  # another name, as before


@pytest.mark.parametrize(
    ("domain", "head", "relation", "text", "labels"),
    [
        ("music", "Sergei Prokofiev", "composed", "Romeo + Juliet", ["Romeo + Juliet"]),  # a title
        ("aerospace", "Concorde", "operator", "Florence + the Machine", ["Florence + the Machine"]),  # a band's name: 'the'
        ("physics", "kaon", "decaysTo", "C++", ["C++"]),
    ],
)
def test_a_plus_inside_a_name_or_title_stays(request, spacy_model, domain, head, relation, text, labels) -> None:
    read, _, _ = read_chat(request.getfixturevalue(domain), head, relation, text, spacy_model)
    assert read == labels
