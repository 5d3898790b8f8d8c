"""Technical names in chat answers: identifiers before their names (``CWE-78: OS Command
Injection``), code spans, aliases in brackets and abbreviations, read in two users' own domains
(software vulnerabilities, human anatomy) and checked against names of other fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


@pytest.fixture(scope="session")
def vulnerabilities() -> Domain:
    """A security analyst's domain made with ``kg domain new``: CVEs, the CWE weaknesses, products,
    threat actors and discoverers of each; its reference knows CWE-22 ("Path Traversal"), Apache
    Log4j ("Log4j 2", "log4j-core"), Chen Zhaojun."""
    return load_domain(Path(__file__).parent / "vulnerabilities")


@pytest.fixture(scope="session")
def human_anatomy() -> Domain:
    """An anatomist's domain made with ``kg domain new``: muscles, their arteries and nerves; its
    reference knows the axillary artery and nerve, the brachial artery, the gastrocnemius."""
    return load_domain(Path(__file__).parent / "human_anatomy")


def _read(domain: Domain, head: str, relation: str, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(label, aliases) of each candidate of a chat model's list answer, the reason of each unreadable line."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    read: list[tuple[str, tuple[str, ...]]] = []
    for record in out:
        if isinstance(record, Candidate):
            label = record.object_label if record.object_label is not None else str(record.object)
            written = getattr(label, "written", None)
            read.append((str(label), tuple(filter(None, (written, *getattr(label, "also", ()))))))
        elif isinstance(record, Unreadable):
            read.append((f"unreadable: {record.reason}", ()))
    return read


def _labels(domain: Domain, head: str, relation: str, text: str) -> list[str]:
    return [label for label, _ in _read(domain, head, relation, text)]


def _entities(domain: Domain, head: str, relation: str, text: str) -> list[str]:
    """The local names of the entities a chat model's list answer names."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [str(r.object).rsplit("/", 1)[-1] for r in out if isinstance(r, Candidate)]


def test_code_marks_go_on_both_sides_of_a_code_span(vulnerabilities):
    assert _labels(vulnerabilities, "CVE-2021-44228", "affectedVersions", "1. 2.0-beta9 through 2.14.1\n2. `log4j-core` < 2.15.0") == [
        "2.0-beta9 through 2.14.1", "log4j-core < 2.15.0"]
    assert _labels(vulnerabilities, "CVE-2021-44228", "affectedVersions", "1. versions before `2.15.0`") == ["versions before 2.15.0"]


def test_a_threat_groups_tracking_code_in_brackets_is_its_alias(vulnerabilities):
    answer = "1. APT41 (a.k.a. Double Dragon)\n2. Hafnium\n3. Phosphorus (APT35)\n4. LuckyMouse (APT27)"
    read = dict(_read(vulnerabilities, "CVE-2021-44228", "exploitedBy", answer))
    assert read["Phosphorus"] == ("APT35",) and read["LuckyMouse"] == ("APT27",)
    assert "APT29" in _labels(vulnerabilities, "CVE-2018-13379", "exploitedBy", "1. APT29 (Cozy Bear)")


def test_a_models_code_in_brackets_stays_part_of_its_name(vulnerabilities):
    # a generation, a chassis, a hull number: that one, not every one of the name
    answer = "1. BMW 3 Series (G20)\n2. Mercedes-Benz S-Class (W222)\n3. USS Enterprise (CVN-65)"
    assert _labels(vulnerabilities, "CVE-2021-44228", "affectsProduct", answer) == [
        "BMW 3 Series (G20)", "Mercedes-Benz S-Class (W222)", "USS Enterprise (CVN-65)"]


def test_an_identifier_before_a_colon_is_the_answer_its_name_a_gloss(vulnerabilities):
    read = _labels(vulnerabilities, "CVE-2014-6271", "hasWeakness", "1. CWE-78: OS Command Injection")
    assert read == ["CWE-78"]
    read = _labels(vulnerabilities, "CVE-2021-41773", "hasWeakness",
                   "1. CWE-22: Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')")
    assert read == ["CWE-22"]
    assert _labels(vulnerabilities, "CVE-2021-26855", "hasWeakness", "CWE-918: Server-Side Request Forgery (SSRF)") == ["CWE-918"]
    # a label of the relation's own words is still a label; a name before a colon is still the answer
    assert _labels(vulnerabilities, "CVE-2014-6271", "hasWeakness", "1. **CWE weakness:** CWE-78") == ["CWE-78"]
    assert _labels(vulnerabilities, "CVE-2021-44228", "affectsProduct", "1. OpenSSL: a TLS library") == ["OpenSSL"]


def test_a_known_identifier_and_a_known_name_of_it_are_that_entity(vulnerabilities):
    assert _labels(vulnerabilities, "CVE-2014-0160", "hasWeakness", "1. CWE-125 Out-of-bounds Read\n2. CWE-119") == ["CWE-125", "CWE-119"]
    # an identifier and a name the reference does not give it: kept whole
    assert _labels(vulnerabilities, "CVE-2014-0160", "hasWeakness", "1. CWE-125 Heap Overflow") == ["CWE-125 Heap Overflow"]
    assert _labels(vulnerabilities, "CVE-2014-0160", "affectsProduct", "1. SR-71 Blackbird") == ["SR-71 Blackbird"]


def test_an_anatomists_abbreviation_is_the_known_structure_written_out(human_anatomy):
    assert _entities(human_anatomy, "deltoid", "innervatedBy", "1. Axillary n. (C5, C6)") == ["axillary_nerve"]
    assert _entities(human_anatomy, "deltoid", "arterialSupply", "1. Axillary a.") == ["axillary_artery"]
    assert _entities(human_anatomy, "soleus", "antagonist", "1. M. gastrocnemius") == ["gastrocnemius"]
    # no such structure known: the abbreviation kept with its full stop, not a mangled "Thoracoacromial a"
    assert _labels(human_anatomy, "deltoid", "arterialSupply", "1. Posterior circumflex humeral a.\n2. Thoracoacromial a. (deltoid branch)") == [
        "Posterior circumflex humeral a.", "Thoracoacromial a."]


def test_other_fields_initials_and_authorities_are_no_anatomists_abbreviations(human_anatomy, vulnerabilities):
    assert _labels(human_anatomy, "deltoid", "eponym", "1. Johann S. Bach\n2. Pyrus malus L.\n3. Washington, D.C.\n4. Vitamin A") == [
        "Johann S. Bach", "Pyrus malus L.", "Washington, D.C.", "Vitamin A"]
    assert _labels(vulnerabilities, "CVE-2021-44228", "discoveredBy", "1. M. Curie") == ["M. Curie"]


def test_a_bracketed_synonym_of_a_names_one_word_is_its_alias(human_anatomy):
    read = _read(human_anatomy, "soleus", "arterialSupply", "1. Posterior tibial artery\n2. Fibular (peroneal) artery\n3. Popliteal artery")
    assert read == [("Posterior tibial artery", ()), ("Fibular artery", ("peroneal artery",)), ("Popliteal artery", ())]
    # a word that says which one, or a maker and its product's code: no other name
    assert _labels(human_anatomy, "lung", "arterialSupply", "1. Pulmonary (left) artery")[0].startswith("unreadable")
    assert _labels(human_anatomy, "deltoid", "arterialSupply", "1. Deep brachial artery (profunda brachii)") == ["Deep brachial artery"]


def test_what_another_did_after_a_comma_is_a_note_not_part_of_the_name(vulnerabilities):
    prompt = Prompt.make("p", "list", head="CVE-2017-0144", relation="discoveredBy")
    text = "1. NSA (Equation Group), leaked by the Shadow Brokers"
    out = Extractor(vulnerabilities).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    assert [(r.object_label, r.rationale) for r in out if isinstance(r, Candidate)] == [("NSA", "Equation Group; leaked by the Shadow Brokers")]
    # one who shared the deed is named, not a note
    assert "Didier Queloz" in " ".join(_labels(vulnerabilities, "CVE-2017-0144", "discoveredBy", "1. Michel Mayor, assisted by Didier Queloz"))


def test_a_products_edition_after_a_colon_is_part_of_its_name(vulnerabilities, geo):
    answer = "1. **Apache Log4j 2**\n2. VMware Horizon\n3. Minecraft: Java Edition"
    assert _labels(vulnerabilities, "CVE-2021-44228", "affectsProduct", answer)[1:] == ["VMware Horizon", "Minecraft: Java Edition"]
    # a gloss after the colon, in lower case or not an edition, is none
    assert _labels(vulnerabilities, "CVE-2021-44228", "affectsProduct", "1. Windows 10: Enterprise and Pro editions") == ["Windows 10"]
    assert _labels(geo, "France", "borders", "1. Belgium: in the north\n2. Spain: Southern Border") == ["Belgium", "Spain"]


def test_a_known_product_with_its_version_or_alias_is_that_product(vulnerabilities):
    answer = "1. **Apache Log4j 2** (`log4j-core`)\n2. Apache HTTP Server 2.4.49\n3. VMware Horizon 8"
    assert _entities(vulnerabilities, "CVE-2021-44228", "affectsProduct", answer) == ["apache_log4j", "apache_http_server", "vmware_horizon_8"]
    # a number after a known name of another range than software is no version: "Cl0p 2" is not Cl0p
    assert _labels(vulnerabilities, "CVE-2023-34362", "exploitedBy", "1. Cl0p 2") == ["Cl0p 2"]


def test_a_known_person_of_a_team_is_that_person(vulnerabilities):
    assert _entities(vulnerabilities, "CVE-2021-44228", "discoveredBy", "1. Chen Zhaojun of Alibaba Cloud Security Team") == ["chen_zhaojun"]
    # a name of one word before "of", or one not known, is named whole
    assert _labels(vulnerabilities, "CVE-2021-44228", "discoveredBy", "1. Catherine of Aragon\n2. Isidore of Miletus") == [
        "Catherine of Aragon", "Isidore of Miletus"]


def test_an_acronym_opening_a_labelled_name_is_no_verb(vulnerabilities):
    assert _labels(vulnerabilities, "CVE-2014-6271", "hasWeakness", "1. CWE weakness: OS Command Injection") == ["OS Command Injection"]
    assert _labels(vulnerabilities, "CVE-2014-6271", "hasWeakness", "1. CWE weaknesses: SQL Injection, Path Traversal") == [
        "CWE-89", "CWE-22"]  # the reference's, by their altLabels


def test_a_countrys_name_with_of_is_no_person_of_a_team():
    paleontology = load_domain(Path(__file__).parent / "corpus" / "paleontology" / "domain")
    prompt = Prompt.make("p", "list", head="Apatosaurus", relation="foundInCountry")
    out = Extractor(paleontology).extract(Completion(prompt.id, prompt.text, "openai:chat", "1. United States of America", finish_reason="stop"), prompt)
    assert [r.rationale for r in out if isinstance(r, Candidate)] == [None]  # the country's own name, no "of America" note


def test_a_threat_groups_name_in_brackets_after_its_code_is_its_alias(vulnerabilities):
    # "APT29 (Cozy Bear)" kept Cozy Bear as a note, where "Phosphorus (APT35)" gave APT35 as an alias
    read = dict(_read(vulnerabilities, "CVE-2018-13379", "exploitedBy", "1. APT29 (Cozy Bear)\n2. UNC2452 (Nobelium)\n3. APT10 (Stone Panda, MenuPass)"))
    assert read == {"APT29": ("Cozy Bear",), "UNC2452": ("Nobelium",), "APT10": ("Stone Panda", "MenuPass")}
    # its sponsor's acronym, its country, its people: no other name of the group
    answer = "1. APT28 (GRU)\n2. APT41 (China)\n3. APT33 (Iranian)\n4. APT38 (North Korean)\n5. FIN11 (Russian-speaking)"
    assert _read(vulnerabilities, "CVE-2018-13379", "exploitedBy", answer) == [
        ("APT28", ()), ("APT41", ()), ("APT33", ()), ("APT38", ()), ("FIN11", ())]
    # after a name that is no group's code, a capitalised bracket is still no alias (a party, a group's other name unvouched)
    assert _read(vulnerabilities, "CVE-2018-13379", "exploitedBy", "1. Joe Biden (Democratic Party)\n2. Lazarus Group (Hidden Cobra)") == [
        ("Joe Biden", ()), ("Lazarus Group", ())]


def test_a_latin_name_in_brackets_is_an_alias(human_anatomy):
    # "Deep brachial artery (profunda brachii)" kept the Latin as a note
    answer = "1. Deep brachial artery (profunda brachii)\n2. Femoral artery (arteria femoralis)"
    assert _read(human_anatomy, "deltoid", "arterialSupply", answer) == [
        ("Deep brachial artery", ("profunda brachii",)), ("Femoral artery", ("arteria femoralis",))]
    # an English note, a word that says the way, another thing's Latin name: no alias
    answer = "1. Radial artery (forearm)\n2. Brachial artery (upper arm)\n3. Ulnar artery (via brachial)"
    assert _read(human_anatomy, "deltoid", "arterialSupply", answer) == [("Radial artery", ()), ("Brachial artery", ()), ("Ulnar artery", ())]
    assert _read(human_anatomy, "deltoid", "arterialSupply", "1. Lion (panthera leo)\n2. Requiem (missa pro defunctis)") == [
        ("Lion", ()), ("Requiem", ())]
