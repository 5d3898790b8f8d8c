"""List cutting and grouping of answers read in audits of genealogy, anatomy and cybersecurity
domains: titles each with their years, children grouped by the other parent, lists of versions
between semicolons and of one product, spinal segments as a range, a part of the head as a
label, and a name given in several languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.ontology import Domain, load_domain
from tests.extractors.measured import read_chat

_ADDED = """
hist:Title a owl:Class ; rdfs:label "title" .
hist:Bone a owl:Class ; rdfs:label "bone" .
hist:Muscle a owl:Class ; rdfs:label "muscle" .
hist:Vulnerability a owl:Class ; rdfs:label "vulnerability" .
hist:heldTitle a owl:ObjectProperty ; rdfs:domain hist:Person ; rdfs:range hist:Title ; rdfs:label "title held" .
hist:originatesFrom a owl:ObjectProperty ; rdfs:domain hist:Muscle ; rdfs:range hist:Bone ; rdfs:label "origin" .
hist:latinName a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain hist:Muscle ; rdfs:range xsd:string ; rdfs:label "Latin name" .
hist:spinalRoots a owl:DatatypeProperty ; rdfs:domain hist:Muscle ; rdfs:range xsd:string ; rdfs:label "spinal nerve roots" .
hist:fixedVersion a owl:DatatypeProperty ; rdfs:domain hist:Vulnerability ; rdfs:range xsd:string ; rdfs:label "fixed version" .
hist:affectedVersions a owl:DatatypeProperty ; rdfs:domain hist:Vulnerability ; rdfs:range xsd:string ; rdfs:label "affected versions" .
"""


@pytest.fixture(scope="module")
def annals(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The dynasties test domain with a user's relations of other fields added, as ``kg domain
    new`` writes them: titles held, a muscle's origin, Latin name and spinal roots, a
    vulnerability's fixed and affected versions."""
    folder = tmp_path_factory.mktemp("annals") / "dynasties"
    shutil.copytree(Path(__file__).parent / "dynasties", folder)
    with (folder / "ontology.ttl").open("a") as f:
        f.write(_ADDED)
    with (folder / "relations.toml").open("a") as f:
        for name, words in (("heldTitle", "title held"), ("originatesFrom", "origin"), ("latinName", "Latin name"),
                            ("spinalRoots", "spinal nerve roots"), ("fixedVersion", "fixed version"), ("affectedVersions", "affected versions")):
            f.write(f'\n[relations.{name}]\nprompt = "Which values complete \\"{{head}} {words} ___\\"?"\n'
                    f'verbalization = "{{head}} {words} {{tail}}"\nsynonyms = ["{words}"]\n')
    return load_domain(folder)


def _read(domain: Domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str], list[str]]:
    labels, reasons, _ = read_chat(domain, head, relation, text, spacy_model)
    return labels, reasons


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2.17.1 (Java 8); 2.12.4 (Java 7); 2.3.2 (Java 6)", ["2.17.1", "2.12.4", "2.3.2"]),
        ("2023.0.1, 2022.1.5, 2022.0.4", ["2023.0.1", "2022.1.5", "2022.0.4"]),
        ("Liberté; égalité; fraternité", ["Liberté; égalité; fraternité"]),  # a motto: one text
    ],
)
def test_versions_between_semicolons_are_each_a_value(annals: Domain, spacy_model, written: str, stored: list[str]) -> None:
    """Log4j's fixed versions '2.17.1 (Java 8); 2.12.4 (Java 7); 2.3.2 (Java 6)' were stored as
    one text, while the same listed between commas gave three."""
    assert _read(annals, "CVE-2021-44228", "fixedVersion", written, spacy_model)[0] == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Citrix ADC 10.5, 11.1, 12.0", ["Citrix ADC 10.5", "Citrix ADC 11.1", "Citrix ADC 12.0"]),
        ("1. FortiOS 6.0.0 to 6.0.4\n2. 5.6.3 to 5.6.7", ["FortiOS 6.0.0 to 6.0.4", "FortiOS 5.6.3 to 5.6.7"]),
        ("macOS 12.1, 12.2", ["macOS 12.1", "macOS 12.2"]),
        ("Python 3.12, Kotlin 1.9", ["Python 3.12", "Kotlin 1.9"]),  # each names its product
        ("version 2.1, 2.2", ["version 2.1", "2.2"]),  # no product named
        ("2.17.1, 2.12.4", ["2.17.1", "2.12.4"]),
    ],
)
def test_a_product_named_before_its_first_version_is_each_versions(annals: Domain, spacy_model, written: str, stored: list[str]) -> None:
    """'Citrix ADC 10.5, 11.1, 12.0' gave 'Citrix ADC 10.5', '11.1' and '12.0': a version alone
    says not of what."""
    assert _read(annals, "CVE-2019-19781", "affectedVersions", written, spacy_model)[0] == stored


@pytest.mark.parametrize(
    ("relation", "written", "stored"),
    [
        ("spinalRoots", "C5–C7", ["C5", "C6", "C7"]), ("spinalRoots", "C5–C6", ["C5", "C6"]), ("spinalRoots", "L4-L5", ["L4", "L5"]),
        ("spinalRoots", "C5, C6 (C7)", ["C5", "C6"]),  # a variant level in brackets: a gloss
        ("spinalRoots", "C7–T1", ["C7–T1"]), ("spinalRoots", "C5–C9", ["C5–C9"]),  # two regions; no C9
        ("affectedVersions", "C5–C7", ["C5–C7"]),  # no spinal segments
    ],
)
def test_a_range_of_spinal_segments_gives_each(annals: Domain, spacy_model, relation: str, written: str, stored: list[str]) -> None:
    """The deltoid's roots 'C5–C6' were stored as one text, while 'C5 and C6' gave two."""
    assert _read(annals, "deltoid", relation, written, spacy_model)[0] == stored


@pytest.mark.parametrize(
    ("written", "stored", "reasons"),
    [
        ("Encephalon (Greek) / Cerebrum (Latin)", ["Cerebrum"], []),
        ("Cerebrum (Latin) or Encephalon (Greek)", ["Cerebrum"], []),
        ("Enkephalos (Greek) / Encephalon (Greek)", [], ["several values, not one: 'Enkephalos (Greek) / Encephalon (Greek)'"]),
    ],
)
def test_a_name_in_several_languages_gives_the_relations_one(annals: Domain, spacy_model, written: str, stored: list[str], reasons: list[str]) -> None:
    """The brain's Latin name 'Encephalon (Greek) / Cerebrum (Latin)' was stored whole."""
    assert _read(annals, "brain", "latinName", written, spacy_model) == (stored, reasons)


@pytest.mark.parametrize(
    ("head", "written", "stored"),
    [
        ("Frederick the Great", "King in Prussia (1740–1772), King of Prussia (1772–1786), Elector of Brandenburg",
         ["King in Prussia", "King of Prussia", "Elector of Brandenburg"]),
        ("Philip II", "King of Spain (1556–1598), King of England and Ireland (1554–1558)", ["King of Spain", "King of England and Ireland"]),
        ("Henry VIII", "King of England, Lord of Ireland, King of Ireland", ["King of England", "Lord of Ireland", "King of Ireland"]),
    ],
)
def test_titles_each_with_their_years_are_each_read(annals: Domain, spacy_model, head: str, written: str, stored: list[str]) -> None:
    """Frederick the Great's titles 'King in Prussia (1740–1772), King of Prussia (1772–1786),
    Elector of Brandenburg' stored King in Prussia with 'King of Prussia (1772–1786)' in its note:
    a title after a comma was read as the apposition of a name before it ('Mary I, Queen of
    England'), even where that was a title itself."""
    assert _read(annals, head, "heldTitle", written, spacy_model)[0] == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Mary I, Queen of England", ["Mary I"]),  # a name and its title: one person
        ("Arthur Wellesley, 1st Duke of Wellington", ["Arthur Wellesley, 1st Duke of Wellington"]),  # one name whole (no ordinal, no particle)
    ],
)
def test_a_title_after_a_name_is_still_its_apposition(dynasties: Domain, spacy_model, written: str, stored: list[str]) -> None:
    assert _read(dynasties, "Henry VIII", "parentOf", written, spacy_model)[0] == stored


def test_children_grouped_by_the_other_parent_are_each_read(dynasties: Domain, spacy_model) -> None:
    """Eleanor of Aquitaine's children 'With Louis VII: Marie; Alix. With Henry II: ...' gave a
    child 'With Louis VII' and one 'Alix. With Henry II: William IX': a group's header is the
    gloss of the children after its colon, cut at semicolons, and a sentence ends a group."""
    written = "With Louis VII: Marie; Alix. With Henry II: William IX; Henry the Young King; Richard I of England"
    labels, reasons = _read(dynasties, "Eleanor of Aquitaine", "parentOf", written, spacy_model)
    assert labels == ["Marie", "Alix", "William IX", "Henry the Young King", "Richard I of England"] and not reasons


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("By Catherine of Aragon: Mary I. By Anne Boleyn: Elizabeth I", ["Mary I", "Elizabeth I"]),
        ("From his first marriage: Mary I; Edward VI", ["Mary I", "Edward VI"]),
        ("Mary I; Edward VI", ["Mary I", "Edward VI"]),
    ],
)
def test_group_headers_of_children(dynasties: Domain, spacy_model, written: str, stored: list[str]) -> None:
    assert _read(dynasties, "Henry VIII", "parentOf", written, spacy_model)[0] == stored


def test_twins_after_two_children_are_their_gloss(dynasties: Domain, spacy_model) -> None:
    """Catherine de' Medici's 'Victoria (1556–1556) and Joan (1556–1556), twins' gave a child
    'twins' and one 'Victoria (1556–1556) and Joan (1556–1556)'."""
    written = "Victoria (1556–1556) and Joan (1556–1556), twins"
    assert _read(dynasties, "Catherine de' Medici", "parentOf", written, spacy_model)[0] == ["Victoria", "Joan"]


def test_a_label_naming_a_part_of_the_head_is_the_values_gloss(annals: Domain, spacy_model) -> None:
    """The biceps' origins '**Short head:** coracoid process of the scapula' / '**Long head:**
    ...' stored the bones 'Short head' and 'Long head': a label of a part of the head (lower case
    part word) is the gloss of the value after it."""
    written = "**Short head:** coracoid process of the scapula\n**Long head:** supraglenoid tubercle of the scapula"
    labels, _ = _read(annals, "biceps brachii", "originatesFrom", written, spacy_model)
    assert labels == ["coracoid process of the scapula", "supraglenoid tubercle of the scapula"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("**Northern part:** Belgium\n**Southern part:** Spain", ["Belgium", "Spain"]),
        ("**Spain:** the longest border\n**Belgium**: to the north", ["Spain", "Belgium"]),  # the name is bold
    ],
)
def test_part_labels_in_another_field(geo: Domain, spacy_model, written: str, stored: list[str]) -> None:
    assert _read(geo, "France", "borders", written, spacy_model)[0] == stored
