"""Chat answers that deny the head is of the kind asked about, deny the relation in a sentence, or
hedge an item in its gloss (found by the numismatics, agronomy, philosophy and mountaineering
users' audits): ``The Royal Mint is a mint, not a coin; it is in the United Kingdom.`` stored
the Royal Mint's issuing country "mint", ``Socrates left no written works.`` a work "written
works". The domain is the historian's (tests/extractors/dynasties) with the audits' classes and
relations added, as ``kg domain new`` would write them; each rule is checked against answers of
other fields that it must leave alone."""

from __future__ import annotations

import pytest

from extractors.denials import denies
from tests.extractors.measured import dynasties_with, none_answer, read_chat

_CLASSES = {
    "Coin": "coin", "Country": "country", "Cultivar": "cultivar", "Institution": "institution", "Philosopher": "philosopher",
    "Work": "work", "Language": "language", "School": "school", "Mountain": "mountain", "Route": "climbing route", "City": "city", "Condition": "condition",
}
_ADDED = {
    "issuedBy": ("owl:ObjectProperty, owl:FunctionalProperty ; rdfs:domain hist:Coin ; rdfs:range hist:Country", "issuing country", '["issuing country"]'),
    "bredBy": ("owl:ObjectProperty, owl:FunctionalProperty ; rdfs:domain hist:Cultivar ; rdfs:range hist:Institution", "breeding institution", '["breeding institution"]'),
    "capital": ("owl:ObjectProperty, owl:FunctionalProperty ; rdfs:domain hist:Country ; rdfs:range hist:City", "capital", '["capital"]'),
    "highestPoint": ("owl:ObjectProperty, owl:FunctionalProperty ; rdfs:domain hist:Mountain ; rdfs:range hist:Place", "highest point", '["highest point"]'),
    "wrote": ("owl:ObjectProperty ; rdfs:domain hist:Philosopher ; rdfs:range hist:Work", "wrote", '["wrote"]'),
    "writingLanguage": ("owl:ObjectProperty ; rdfs:domain hist:Philosopher ; rdfs:range hist:Language", "language of writing", '["language of writing"]'),
    "studentOf": ("owl:ObjectProperty ; rdfs:domain hist:Philosopher ; rdfs:range hist:Philosopher", "student of", '["student of"]'),
    "teacherOf": ("owl:ObjectProperty ; rdfs:domain hist:Philosopher ; rdfs:range hist:Philosopher", "teacher of", '["teacher of"]'),
    "memberOfSchool": ("owl:ObjectProperty ; rdfs:domain hist:Philosopher ; rdfs:range hist:School", "school", '["school"]'),
    "localName": ("owl:DatatypeProperty ; rdfs:domain hist:Mountain ; rdfs:range xsd:string", "local name", '["local name"]'),
    "regions": ("owl:ObjectProperty ; rdfs:domain hist:Country ; rdfs:range hist:Place", "regions", '["regions", "region"]'),
    "sideEffect": ("owl:ObjectProperty ; rdfs:range hist:Condition", "side effect", '["side effect", "adverse effect"]'),
    "hasParent": ("owl:ObjectProperty ; rdfs:domain hist:Person ; rdfs:range hist:Person", "parent", '["parent"]'),
    "dependsOn": ("owl:DatatypeProperty ; rdfs:range xsd:string", "depends on", '["depends on", "dependency"]'),
    "difficultyGrade": ("owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain hist:Route ; rdfs:range xsd:string", "difficulty grade", '["difficulty grade"]'),
}


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    return dynasties_with(tmp_path_factory, "kinds", _CLASSES, _ADDED)


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("Royal Mint", "issuedBy", "The Royal Mint is a mint, not a coin; it is in the United Kingdom."),
        ("Maize", "bredBy", "Maize is a crop species, not a cultivar, so it has no single breeding institution. "
                            "CIMMYT is the main international maize breeding centre."),
        ("Kashmir", "capital", "Kashmir is a region, not a country; Srinagar is its summer capital."),  # geography
    ],
)
def test_a_first_clause_denying_the_heads_kind_is_a_none_answer(audits, spacy_model, head, relation, text) -> None:
    """'The Royal Mint is a mint, not a coin; it is in the United Kingdom.' of a coin's issuer gave
    the country "mint", and the agronomist's maize answer the institution "crop species CIMMYT": a
    first clause saying the head is not of the relation's subject class is a none answer, what
    follows it a note."""
    assert none_answer(audits, head, relation, text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Greenland", "capital", "Greenland is an island, not a city; its capital is Nuuk.", ["Nuuk"]),  # denies another kind
        ("Mont Blanc", "highestPoint", "Mont Blanc is a massif, not a glacier; its highest point is Courmayeur.", ["Courmayeur"]),
    ],
)
def test_a_first_clause_denying_another_kind_leaves_the_answer(audits, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("Socrates", "wrote", "Socrates left no written works."),
        ("Socrates", "writingLanguage", "Socrates wrote nothing; his ideas survive through Plato and Xenophon."),
        ("Hegel", "studentOf", "Hegel studied at the Tübinger Stift alongside Schelling and Hölderlin; he had no single teacher."),
        ("René Descartes", "studentOf", "He studied at the Jesuit college of La Flèche; no single philosopher was his teacher."),
    ],
)
def test_a_sentence_denying_the_relation_is_a_none_answer(audits, spacy_model, head, relation, text) -> None:
    """The philosopher's audit: 'Socrates left no written works.' stored the work "written works",
    'Socrates wrote nothing; ... through Plato and Xenophon.' Plato and Xenophon as languages,
    '...; he had no single teacher.' Hegel's fellow students as his teachers, '...; no single
    philosopher was his teacher.' a college: a clause that denies the relation ('left no', 'wrote
    nothing', 'had no single teacher', 'no ... was his teacher') is a none answer, the names
    beside it context."""
    assert none_answer(audits, head, relation, text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Kant", "teacherOf", "Kant had no single teacher; he taught Herder.", ["Herder"]),  # his teacher is not whom he taught
        ("Kant", "teacherOf", "No single philosopher was his teacher; he taught Herder.", ["Herder"]),
        ("Plato", "studentOf", "Plato was a student of Socrates.", ["Socrates"]),
        ("David Hume", "wrote", "David Hume wrote the Treatise.", ["Treatise"]),
        ("Elizabeth I", "wrote", "Elizabeth I left no heirs; she wrote the Golden Speech.", ["Golden Speech"]),  # politics: no heir is no work
    ],
)
def test_a_denial_of_another_thing_leaves_the_answer(audits, spacy_model, head, relation, text, expected) -> None:
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert set(expected) <= set(labels)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Kant", "writingLanguage", "Kant wrote nothing in Latin; his works are in German.", ["German"]),
        ("Kant", "wrote", "Kant left no heirs; he wrote the Critique of Pure Reason.", ["Critique of Pure Reason"]),
        ("Kant", "writingLanguage", "Kant wrote in German.", ["German"]),
    ],
)
def test_a_clause_that_wrote_nothing_or_left_none_gives_no_value(audits, spacy_model, head, relation, text, expected) -> None:
    """The philosopher's audit: 'Kant wrote nothing in Latin; his works are in German.' read Latin,
    the denied value, as Kant's language, and 'Kant left no heirs; he wrote the Critique of Pure
    Reason.' the work "heirs": a clause whose verb writes nothing or leaves no thing ('wrote nothing
    in', 'left no') denies what it names, the other clause gives the value."""
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected


@pytest.mark.parametrize(
    ("clause", "denial"),
    [
        ("Kant wrote nothing in Latin", True),
        ("Elizabeth I left no heirs", True),
        ("Prince wrote Nothing Compares 2 U", False),  # music: a song's title
        ("Gwen Stefani left No Doubt in 2015", False),  # music: a band
        ("The 1995 referendum left no doubt that Quebec stays in Canada", False),  # politics: affirms
        ("Bayer made nothing but aspirin at first", False),  # companies: no verb of writing
        ("Jean de La Fontaine wrote fables in French", False),  # a name with a particle
    ],
)
def test_wrote_nothing_and_left_no_are_denials_only_in_lower_case(clause, denial) -> None:
    assert denies(clause) is denial


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Mont Blanc", "highestPoint", "Mont Blanc is a massif, not a glacier; its summit is Mont Blanc de Courmayeur.", ["Mont Blanc de Courmayeur"]),
        ("Mont Blanc", "highestPoint", "Its summit is Pointe Walker.", ["Pointe Walker"]),
        ("France", "capital", "Its seat of government is Paris.", ["Paris"]),  # geography
        ("Mozart", "hasParent", "His father was Leopold Mozart.", ["Leopold Mozart"]),  # music: not "father"
        ("Aspirin", "sideEffect", "Its main side effect is stomach bleeding.", ["stomach bleeding"]),  # pharmacology
    ],
)
def test_the_heads_own_thing_before_is_is_no_answer(audits, spacy_model, head, relation, text, expected) -> None:
    """The mountaineer's Mont Blanc: '...; its summit is Mont Blanc de Courmayeur.' of a highest
    point read "summit", 'His father was Leopold Mozart.' "father", 'Its main side effect is ...'
    "main side effect": the subject of "is" that a pronoun owns, in lower-case words, is what the
    head has in other words than the relation's, never the answer; the name after "is" is."""
    labels, _, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected


@pytest.mark.parametrize(
    ("head", "relation", "text", "kept", "hedged"),
    [
        ("Averroes", "teacherOf", "Maimonides (often claimed, but disputed)", [], "often claimed"),
        ("Arthur Schopenhauer", "memberOfSchool", "German idealism (critic of), Kantianism, Pessimism", ["Kantianism", "Pessimism"], "critic of"),
        ("Friedrich Nietzsche", "memberOfSchool", "Existentialism (he rejected the label)", [], "rejected the label"),
        ("Friedrich Nietzsche", "memberOfSchool", "Existentialism (precursor)", [], "precursor"),
        ("Laozi", "birthPlace", "Chu (state), Ku County — traditional account", [], "traditional account"),
    ],
)
def test_a_gloss_that_doubts_or_denies_its_item_quarantines_it(audits, spacy_model, head, relation, text, kept, hedged) -> None:
    """The philosopher's audit: 'Maimonides (often claimed, but disputed)' was accepted with its gloss
    a note, 'German idealism (critic of)' as Schopenhauer's school (the opposite), 'Existentialism
    (he rejected the label)' and '(precursor)' as Nietzsche's, 'Chu (state), Ku County — traditional
    account' as Laozi's birthplace while '571 BC (traditional)' was held as hedged: the item is
    quarantined as hedged, the other items kept."""
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == kept
    assert len(unreadable) == 1 and hedged in unreadable[0]


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("India", "regions", "Kashmir (disputed), Punjab", ["Kashmir", "Punjab"]),  # geography: the territory's word
        ("aspirin", "sideEffect", "Reye's syndrome (possibly fatal)", ["Reye's syndrome"]),  # pharmacology: a hedge of another thing
        ("Zeus", "hasParent", "Cronus (Kronos)", ["Cronus"]),  # a name's other spelling
        ("Nirvana", "hasParent", "Kurt Cobain (claimed by Seattle as its own)", ["Kurt Cobain"]),  # music: claimed by someone
        ("Lester Bangs", "hasParent", "Lester Bangs Sr. (critic)", ["Lester Bangs Sr."]),  # a role, no stance against the item
    ],
)
def test_a_gloss_that_qualifies_another_thing_keeps_its_item(audits, spacy_model, head, relation, text, expected) -> None:
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected and unreadable == []


def test_a_hedged_aside_after_a_dash_quarantines_the_answer(audits, spacy_model) -> None:
    """'Ibn Bajja (Avempace) — though he likely never met him in person' of Averroes's teachers was
    filed as a none answer (the 'never' denied the clause): the aside hedges the answer, held as
    'Confucius (according to legend)' is; an aside without a hedge word keeps its answer."""
    text = "Ibn Bajja (Avempace) — though he likely never met him in person"
    labels, unreadable, _ = read_chat(audits, "Averroes", "studentOf", text, spacy_model)
    assert labels == [] and len(unreadable) == 1 and unreadable[0].startswith("hedged answer ('likely')")
    labels, _, _ = read_chat(audits, "aspirin", "sideEffect", "Bleeding — though it is rare at low doses", spacy_model)
    assert labels == ["Bleeding"]


@pytest.mark.parametrize(
    ("head", "relation", "text"),
    [
        ("K2", "difficultyGrade", "It depends on the route."),
        ("Eiger", "localName", "There is no other local name."),
    ],
)
def test_a_text_sentence_saying_there_is_no_value_is_a_none_answer(audits, spacy_model, head, relation, text) -> None:
    """The mountaineer's audit: 'It depends on the route.' was stored as K2's difficulty grade and
    'There is no other local name.' as the Eiger's local name: a none answer."""
    assert none_answer(audits, head, relation, text, spacy_model)


@pytest.mark.parametrize(
    ("head", "relation", "text", "expected"),
    [
        ("Aconcagua", "localName", "Aconcagua; possibly from Quechua Ackon Cahuak, 'Sentinel of Stone'", ["Aconcagua"]),
        ("curl", "dependsOn", "It depends on OpenSSL.", ["OpenSSL"]),  # software: what it depends on is the answer
        ("Hillsong", "localName", "No Other Name", ["No Other Name"]),  # music: a title
    ],
)
def test_a_text_value_keeps_its_name_and_drops_a_hedged_origin(audits, spacy_model, head, relation, text, expected) -> None:
    """'Aconcagua; possibly from Quechua Ackon Cahuak, 'Sentinel of Stone'' was stored whole as a
    local name: the name, its hedged etymology no value."""
    labels, unreadable, _ = read_chat(audits, head, relation, text, spacy_model)
    assert labels == expected and unreadable == []
