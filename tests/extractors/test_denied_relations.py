"""Chat answers that say in a sentence that the head has no value of the relation (found by the
genealogy, anatomy and cybersecurity users' audits): ``Kant never married.``, ``There is no eponym
for the liver itself; ...``, ``(no common name; ...)``; each was stored as a value. The domain is
the historian's (tests/extractors/dynasties) with the audits' relations added, as ``kg domain
new`` would write them."""

from __future__ import annotations


import pytest

from tests.extractors.measured import dynasties_with, none_answer, read_chat

_ADDED = {
    "heldTitle": ("owl:ObjectProperty ; rdfs:domain hist:Person ; rdfs:range hist:Title", "title held", '["title held", "held title"]'),
    "memberOfHouse": ("owl:ObjectProperty ; rdfs:domain hist:Person ; rdfs:range hist:House", "royal house", '["royal house", "member of house"]'),
    "antagonist": ("owl:ObjectProperty, owl:SymmetricProperty ; rdfs:domain hist:Muscle ; rdfs:range hist:Muscle", "antagonist", '["antagonist"]'),
    "eponym": ("owl:DatatypeProperty ; rdfs:range xsd:string", "eponymous name", '["eponymous name", "eponym"]'),
    "commonName": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:range xsd:string", "common name", '["common name"]'),
    "fixedVersion": ("owl:DatatypeProperty ; rdfs:range xsd:string", "fixed version", '["fixed version"]'),
}


@pytest.fixture(scope="module")
def genealogy(tmp_path_factory):
    return dynasties_with(tmp_path_factory, "genealogy", {"Title": "noble title", "House": "royal house", "Muscle": "muscle"}, _ADDED)


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("Immanuel Kant", "spouseOf", "Kant never married."),
        ("Immanuel Kant", "heldTitle", "Kant held no noble titles."),
        ("Frederick the Great", "parentOf", "Frederick the Great had no children; he was succeeded by his nephew."),
        ("liver", "eponym", "There is no eponym for the liver itself; its segments are named after Couinaud."),
        ("diaphragm", "antagonist", "The diaphragm has no true antagonist; during forced expiration the abdominal muscles oppose it."),
        ("CVE-2021-41773", "commonName", "There is no widely used nickname for this vulnerability."),
        ("CVE-2017-5638", "commonName", "(no common name; known from the Equifax breach)"),
    ],
)
def test_a_sentence_that_the_head_has_no_value_is_anone_answer(genealogy, spacy_model, head, relation, text) -> None:
    """'Kant never married.' gave the spouse 'Kant never married', 'Kant held no noble titles.' the
    title 'noble titles', '... had no children; he was succeeded by his nephew.' the child 'nephew',
    'The diaphragm has no true antagonist; during forced expiration ...' the muscle 'forced
    expiration'; the text answers were stored whole."""
    assert none_answer(genealogy, head, relation, text, spacy_model)


def test_a_denial_of_the_relation_beside_a_clause_in_its_words_is_unreadable(genealogy, spacy_model) -> None:
    """'Anne Boleyn was not a member of a royal house; she was born into the Boleyn family and
    married into the House of Tudor.' gave Boleyn family and House of Tudor: it says both no and
    one, kept unreadable."""
    text = "Anne Boleyn was not a member of a royal house; she was born into the Boleyn family and married into the House of Tudor."
    labels, unreadable, _ = read_chat(genealogy, "Anne Boleyn", "memberOfHouse", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and unreadable[0].startswith("the answer denies the relation")


def test_a_version_that_is_a_sentence_with_no_version_is_unreadable(genealogy, spacy_model) -> None:
    """'Fixed in builds released January 19-24, 2020.' was stored as a version; one that names its
    version, or a version's name with a month in it, is read as before."""
    labels, unreadable, _ = read_chat(genealogy, "CVE-2019-19781", "fixedVersion", "Fixed in builds released January 19-24, 2020.", spacy_model)
    assert labels == [] and unreadable and unreadable[0].startswith("a sentence, no version")
    for kept in ("Windows 10 May 2019 Update", "Fixed in 2.4.51", "1.0.1g"):
        assert read_chat(genealogy, "CVE-2019-19781", "fixedVersion", kept, spacy_model)[0], kept


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Louis XIV", "spouseOf", "Louis XIV married Maria Theresa of Spain.", ["Maria Theresa of Spain"]),
        ("CVE-2014-0160", "commonName", "No Country for Old Men", ["No Country for Old Men"]),  # a title, no denial
        ("CVE-2014-0160", "commonName", "Chanel No. 5", ["Chanel No. 5"]),
        ("CVE-2014-0160", "commonName", "Nono", ["Nono"]),
        ("CVE-2014-0160", "commonName", "Nobel Prize", ["Nobel Prize"]),
        ("CVE-2014-0160", "commonName", "No More Tears", ["No More Tears"]),
    ],
)
def test_words_of_denial_in_a_name_are_nonone_answer(genealogy, spacy_model, head, relation, text, expected) -> None:
    """A title or a name with "no" in it is no none answer."""
    labels, _, extractor = read_chat(genealogy, head, relation, text, spacy_model)
    assert labels == expected and not extractor.stats.as_dict()["dropped"].get("object: none answer")


@pytest.mark.parametrize("text", ["There is no doubt it is Paris.", "Not Lyon but Paris."])
def test_a_sentence_that_affirms_or_denies_another_gives_its_answer(genealogy, spacy_model, text) -> None:
    """'There is no doubt it is Paris.' and 'Not Lyon but Paris.' were none answers: the first
    affirms Paris, the second denies Lyon and gives Paris."""
    assert read_chat(genealogy, "Louis XIV", "birthPlace", text, spacy_model)[0] == ["Paris"]


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Elizabeth I", "heldTitle", "Queen of England; she held no other titles.", ["Queen of England"]),
        ("biceps brachii", "antagonist", "The biceps brachii has no single antagonist; the triceps brachii opposes it.", ["triceps brachii"]),
    ],
)
def test_a_denial_of_other_values_or_of_one_alone_keeps_the_answer(genealogy, spacy_model, head, relation, text, expected) -> None:
    """'she held no other titles' and 'has no single antagonist' deny no value: the answer beside them is read."""
    assert read_chat(genealogy, head, relation, text, spacy_model)[0] == expected
