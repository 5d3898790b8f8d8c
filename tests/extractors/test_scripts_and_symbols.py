"""Names and symbols written in other scripts or with superscripts: what a chat answer gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from tests.extractors.measured import chat_values, measured_domain


@pytest.fixture(scope="module")
def symbols(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a person's symbol and motto (text values; a test double of a physicist's particles)."""
    return measured_domain(tmp_path_factory, [("symbol", "string", "symbol", None), ("motto", "string", "motto", None)])


@pytest.mark.parametrize("written", ["μ⁻", "e⁻", "¹⁴C", "²³⁵U", "π⁰", "K⁺", "τ⁺τ⁻", "m²", "E = mc²"])
def test_a_symbols_superscripts_are_kept_as_written(symbols: Domain, written: str) -> None:
    """A physicist's muon symbol 'μ⁻' was stored as 'μ−' and rejected beside the reference's 'μ⁻', and '¹⁴C', '²³⁵U',
    'π⁰', 'K⁺' were stored as '14C', '235U', 'π0', 'K+' (NFKC spells superscripts on the line): a text keeps them."""
    assert chat_values(symbols, "symbol", written) == [written]


@pytest.mark.parametrize(("written", "read"), [("H₂O", "H2O"), ("Ecotrin™", "Ecotrin™")])
def test_other_signs_read_as_before(symbols: Domain, written: str, read: str) -> None:
    """A formula's subscripts are its counts on the line; a trademark sign stays as written."""
    assert chat_values(symbols, "motto", written) == [read]


@pytest.mark.parametrize(("written", "read"), [
    ("π⁻", "π⁻"), ("Ξ⁰ π⁻", "Ξ⁰ π⁻"), ("μ⁺ + ν_μ", ["μ⁺", "ν_μ"]), ("π⁻ (the π⁺ and π⁻ are each other's antiparticles)", "π⁻"),
    ("東京 (Tokyo)", "Tokyo"),
    ("Αθήνα", "object written in Greek script, not in the domain's language (English)"),
    ("Ζευς", "object written in Greek script, not in the domain's language (English)"),
    ("Москва", "object written in Cyrillic script, not in the domain's language (English)"),
])
def test_a_short_symbol_in_greek_letters_is_no_word_of_greek(written: str, read: str | list[str]) -> None:
    """A physicist's decay products 'π⁻', 'Ξ⁰ π⁻', 'μ⁺ + ν_μ' were quarantined as written in Greek script, not in the
    domain's English: a symbol of a letter or two with its super- and subscripts, four letters at most, is read; a Greek
    word or name ('Αθήνα', 'Ζευς') and a Russian one stay refused."""
    domain = load_domain(Path(__file__).parent / "music")
    prompt = Prompt.make("p", "list", head="Antonín Dvořák", relation="playedInstrument")
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    assert [str(r.object_label) if isinstance(r, Candidate) else r.reason.split(": '")[0] for r in out] == (read if isinstance(read, list) else [read])


@pytest.fixture(scope="module")
def particles(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a symmetric antiparticle of a person (a test double of a physicist's particles)."""
    folder = tmp_path_factory.mktemp("domain") / "music"
    shutil.copytree(Path(__file__).parent / "music", folder)
    with (folder / "ontology.ttl").open("a") as f:
        f.write("\nmu:antiparticle a owl:ObjectProperty, owl:SymmetricProperty ; rdfs:domain mu:Person ; rdfs:range mu:Person .\n")
    with (folder / "relations.toml").open("a") as f:
        f.write('\n[relations.antiparticle]\nprompt = "What is the antiparticle of {head}?"\nverbalization = "{head} antiparticle {tail}"\n'
                'synonyms = ["antiparticle"]\n')
    return load_domain(folder)


def _objects(domain: Domain, head: str, relation: str, written: str) -> list[str]:
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [str(r.object_label) if isinstance(r, Candidate) else "unreadable" for r in out]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("antiparticle", "The Higgs boson is its own antiparticle.", ["Higgs boson"]),
    ("antiparticle", "It is its own antiparticle (π⁰).", ["Higgs boson"]),
    ("antiparticle", "Itself.", ["Higgs boson"]),
    ("antiparticle", "Positron", ["Positron"]),
    ("locatedIn", "It is its own country.", []),
    ("studiedWith", "Leopold Mozart", ["Leopold Mozart"]),
])
def test_its_own_answer_is_the_head(particles: Domain, relation: str, written: str, read: list[str]) -> None:
    """The Higgs boson's antiparticle 'The Higgs boson is its own antiparticle.' gave an entity "own antiparticle" (then a
    symmetric property's inferences joined particles to it): "its own X" of a relation said X, and "itself", is the head
    (a self-loop the checks judge). "Its own country" of a located-in is no self-loop (and names nothing)."""
    assert _objects(particles, "Higgs boson", relation, written) == read
