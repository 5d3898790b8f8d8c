"""Free text in a user's own domains made with ``kg domain new`` (medicine, software): drug and
package names that spaCy tags as common nouns, denials beyond "not", and parses that cut or
join names."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from tests.extractors.test_freetext import _read


def test_it_refers_to_the_drug_just_named_not_the_prompts_head(medicine, spacy_model) -> None:
    """Asked about aspirin, 'Ibuprofen treats fever. It causes stomach bleeding.' gave aspirin
    sideEffect stomach bleeding, and lost ibuprofen treats fever."""
    facts, _, _ = _read(medicine, spacy_model, "Ibuprofen treats fever. It causes stomach bleeding.", head="aspirin")
    assert facts == {("Ibuprofen", "treats", "fever"), ("Ibuprofen", "sideEffect", "stomach bleeding")}


def test_it_refers_to_a_lower_case_package_just_named(software, spacy_model) -> None:
    """Asked about Django, 'requests depends on urllib3. It is licensed under Apache-2.0.' gave
    Django the licence, and quarantined requests as a common noun."""
    text = "requests depends on urllib3. It is licensed under Apache-2.0."
    facts, _, _ = _read(software, spacy_model, text, head="Django")
    assert {s for s, _, _ in facts} == {"requests"} and ("requests", "dependsOn", "urllib3") in facts


@pytest.mark.parametrize(
    ("text", "fact"),
    [("Ibuprofen can cause headaches and stomach ulcers.", ("Ibuprofen", "sideEffect", "stomach ulcers")),
     ("Atorvastatin belongs to the statins.", ("Atorvastatin", "drugClass", "statins")),
     ("Statins treat high cholesterol.", ("Statins", "treats", "high cholesterol"))],
)
def test_a_plural_noun_names_an_entity_in_a_domain_of_names(medicine, spacy_model, text, fact) -> None:
    """Plural names ('headaches', 'statins') were quarantined as 'a common noun, not a name'."""
    facts, bad, _ = _read(medicine, spacy_model, text)
    assert fact in facts and bad == []


@pytest.mark.parametrize(
    ("text", "fact"),
    [("Requests depends on urllib3, idna and certifi.", ("Requests", "dependsOn", "certifi")),
     ("NumPy is written in C and Python.", ("NumPy", "writtenIn", "Python"))],
)
def test_a_package_name_is_no_common_noun(software, spacy_model, text, fact) -> None:
    """'NumPy is written in C and Python.' was quarantined: 'subject is a common noun 'NumPy''
    (spaCy tags it NNS), and the languages came as one entity 'C and Python'."""
    facts, bad, _ = _read(software, spacy_model, text)
    assert fact in facts and bad == []


@pytest.mark.parametrize(
    "text",
    ["There is no evidence that aspirin treats cancer.", "It is a myth that aspirin treats cancer.",
     "Aspirin hardly ever causes insomnia.", "It is a myth that codeine treats anxiety."],
)
def test_a_denied_drug_fact_is_no_fact(medicine, spacy_model, text) -> None:
    """'There is no evidence that aspirin treats cancer.' was accepted as aspirin treats cancer;
    so were 'It is a myth that ...' and 'Aspirin hardly ever causes insomnia.'."""
    facts, bad, _ = _read(medicine, spacy_model, text)
    assert facts == set() and len(bad) == 1


def test_no_longer_is_no_fact(software, spacy_model) -> None:
    """'Django no longer depends on six.' was accepted as Django dependsOn six."""
    facts, bad, _ = _read(software, spacy_model, "Django no longer depends on six.")
    assert facts == set() and [why for _, why in bad] == ["negated statement"]


def test_a_relative_clause_on_a_class_is_about_the_subject(medicine, spacy_model) -> None:
    """'Omeprazole is a proton pump inhibitor that treats acid reflux.' gave proton pump
    inhibitor treats acid reflux."""
    facts, _, _ = _read(medicine, spacy_model, "Omeprazole is a proton pump inhibitor that treats acid reflux.")
    assert facts == {("Omeprazole", "treats", "acid reflux")}


@pytest.mark.parametrize(
    ("text", "why"),
    [("Ibuprofen treats headaches and muscle aches.", "object is not one name: 'muscle aches'"),
     ("Lisinopril treats hypertension and heart failure.", "object is not one name: 'hypertension and heart failure'")],
)
def test_a_name_cut_or_joined_by_the_parse_is_quarantined(medicine, spacy_model, text, why) -> None:
    """'Ibuprofen treats headaches and muscle aches.' gave ibuprofen treats muscle, and
    'Lisinopril treats hypertension and heart failure.' one entity 'hypertension and heart
    failure'."""
    facts, bad, _ = _read(medicine, spacy_model, text)
    assert not {o for _, _, o in facts} & {"muscle", "hypertension and heart failure"} and why in [w for _, w in bad]


@pytest.mark.parametrize(
    ("text", "fact"),
    [("Aspirin treats pain, not infections.", ("Aspirin", "treats", "pain")),
     ("React is written in JavaScript, not TypeScript.", ("React", "writtenIn", "JavaScript")),
     ("Django is licensed under BSD, not GPL.", ("Django", "license", "BSD"))],
)
def test_a_contrast_keeps_the_asserted_part(medicine, software, spacy_model, text, fact) -> None:
    """'React is written in JavaScript, not TypeScript.' was quarantined whole as negated; and
    'Aspirin treats pain, not infections.' lost aspirin treats pain."""
    facts, _, _ = _read(medicine if "treats" in text else software, spacy_model, text)
    assert facts == {fact}


def test_each_line_of_a_list_is_a_sentence(software, spacy_model) -> None:
    """'1. curl is written in C.\\n2. curl is maintained by ...' gave curl writtenIn 'C. curl':
    the lines of a list were read as one sentence."""
    text = "1. curl is written in C.\n2. curl is maintained by Daniel Stenberg.\n3. curl was first released in 1998."
    facts, bad, _ = _read(software, spacy_model, text)
    assert facts == {("curl", "writtenIn", "C"), ("curl", "maintainer", "Daniel Stenberg"), ("curl", "firstReleased", "1998")}
    assert bad == []


@pytest.mark.parametrize(
    ("text", "fact"),
    [("Python was first released in 1991, and Python 3 was released in 2008.", ("Python 3", "firstReleased", "2008")),
     ("Numpy 2.0 depends on Python 3.9.", ("Numpy 2.0", "dependsOn", "Python 3.9")),
     ("Python 3.12 was released in October 2023.", ("Python 3.12", "firstReleased", "2023"))],
)
def test_a_version_is_part_of_the_name(software, spacy_model, text, fact) -> None:
    """'... and Python 3 was released in 2008.' gave Python a second first release, 2008;
    'Numpy 2.0 depends on Python 3.9.' gave numpy dependsOn python; and 'Python 3.12 was
    released in October 2023.' was quarantined: 'subject is a common noun 'Python''."""
    facts, _, _ = _read(software, spacy_model, text)
    assert fact in facts and ("Python", "firstReleased", "2008") not in facts


@pytest.mark.parametrize(
    ("text", "why"),
    [("The usual dose of amoxicillin is 0.5 g.", "object is in g, not the mg dosageMg is in: '0.5 g'"),
     ("The usual dose of levothyroxine is 50 micrograms.", "object is in µg, not the mg dosageMg is in: '50 micrograms'")],
)
def test_a_dose_given_as_a_range_or_in_another_unit_is_no_dose_in_mg(medicine, spacy_model, text, why) -> None:
    """'75 to 325 mg' was stored as dosageMg 75, '0.5 g' as 0.5 and '50 micrograms' as 50 (a range with more
    a range is read as its middle, below)."""
    facts, bad, _ = _read(medicine, spacy_model, text)
    assert facts == set() and [w for _, w in bad] == [why]


@pytest.mark.parametrize(("text", "fact"), [
    ("The usual dose of aspirin is 75 to 325 mg.", ("aspirin", "dosageMg", "200")),
    ("Ibuprofen has a usual dose of 200-400 mg every 4 to 6 hours.", ("Ibuprofen", "dosageMg", "300")),
])
def test_a_dose_given_as_a_range_is_its_middle(medicine, spacy_model, text, fact) -> None:
    """'The usual dose of aspirin is 75 to 325 mg.' was quarantined as a range, then (extractors.ranges) it is the
    range's middle, 200 mg, its ends the fact's bounds; never its first figure, 75."""
    facts, bad, _ = _read(medicine, spacy_model, text)
    assert facts == {fact} and bad == []


@pytest.mark.parametrize(("answer", "value"), [("75 to 325 mg", "200"), ("0.5 g", None), ("325 mg", "325")])
def test_a_listed_dose_is_read_by_the_same_rule(medicine, answer, value) -> None:
    """A list answer '75 to 325' for dosageMg was its first number, as in a sentence (now the range's middle, as there)."""
    ex = Extractor(medicine)
    prompt = Prompt.make("What is the usual dose of aspirin in mg?", "list", head="aspirin", relation="dosageMg")
    out = ex.extract(Completion(prompt.id, prompt.text, "test", answer), prompt)
    assert [str(c.object) for c in out if isinstance(c, Candidate)] == ([value] if value else [])


@pytest.mark.parametrize(
    "text",
    ["Django is likely written in Python.", "I'm not sure, but Django is written in Java.",
     "Django was originally written in Perl.", "Linux was first released in 1991 or 1992.",
     "Linux was first released in the early 1990s."],
)
def test_a_hedged_past_or_alternative_value_is_no_fact(software, spacy_model, text) -> None:
    """'Django is likely written in Python.', 'I'm not sure, but ...', 'originally' were
    accepted; 'in 1991 or 1992' gave two first releases and 'in the early 1990s' gave 1990."""
    facts, _, _ = _read(software, spacy_model, text)
    assert facts == set()


def test_an_object_pronoun_for_the_subject_itself_is_no_fact(software, spacy_model) -> None:
    """Asked about Django, 'Django depends on it.' was accepted as django dependsOn django."""
    facts, bad, _ = _read(software, spacy_model, "Django depends on it.", head="Django")
    assert facts == set() and [w for _, w in bad] == ["object is a pronoun for the subject itself: 'it'"]


def test_an_unknown_value_is_counted_once_as_a_none_answer(medicine, spacy_model) -> None:
    """'The usual dose of aspirin is unknown.' was quarantined as 'no known relation' and also
    counted as a dropped none answer."""
    facts, bad, stats = _read(medicine, spacy_model, "The usual dose of aspirin is unknown.", head="aspirin")
    assert facts == set() and bad == [] and stats.dropped["object: none answer"] == 1


@pytest.mark.parametrize(
    ("text", "fact"),
    [("Sumatriptan treats migraines.", ("Sumatriptan", "treats", "migraines")),
     ("I'm not a doctor, but insulin treats diabetes.", ("insulin", "treats", "diabetes"))],
)
def test_a_verb_parsed_as_a_noun_still_gives_its_fact(medicine, spacy_model, text, fact) -> None:
    """'Sumatriptan treats migraines.' and 'I'm not a doctor, but insulin treats diabetes.' gave
    nothing: spaCy parsed 'treats' as a plural noun ('treats migraines', 'treats' the subject
    of 'diabetes')."""
    facts, _, _ = _read(medicine, spacy_model, text)
    assert facts == {fact}


@pytest.mark.parametrize(
    ("domain", "text", "fact"),
    [("medicine", "Metformin is used to treat type 2 diabetes.", ("Metformin", "treats", "type 2 diabetes")),
     ("medicine", "**Amoxicillin** treats *bacterial infections*.", ("Amoxicillin", "treats", "bacterial infections")),
     ("software", "Django was first released on July 21, 2005.", ("Django", "firstReleased", "2005")),
     ("medicine", "Lisinopril is a member of the ACE inhibitors.", ("Lisinopril", "drugClass", "ACE inhibitors"))],
)
def test_declared_phrasings_italics_and_full_dates_are_read(request, spacy_model, domain, text, fact) -> None:
    """'Metformin is used to treat type 2 diabetes.', 'Lisinopril is a member of the ACE
    inhibitors.' (declared synonyms), '*bacterial
    infections*' in italics and 'first released on July 21, 2005' gave nothing."""
    facts, _, _ = _read(request.getfixturevalue(domain), spacy_model, text)
    assert facts == {fact}
