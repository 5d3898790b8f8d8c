"""Free text read as a careful reader reads it: what a sentence denies, hedges, attributes or
refers back to is not a plain fact, and nothing a sentence says is lost."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def _read(domain, spacy_model, text: str, head: str | None = None):
    ex = Extractor(domain)
    ex.spacy = spacy_model
    prompt = Prompt.make("Tell me about it", "text", head=head)
    out = ex.extract(Completion(prompt.id, prompt.text, "test", text), prompt)
    facts = {
        (c.subject_label, str(c.predicate).rsplit("#", 1)[-1], c.object_label or str(c.object))
        for c in out if isinstance(c, Candidate)
    }
    return facts, [(u.span, u.reason) for u in out if isinstance(u, Unreadable)], ex.stats


@pytest.mark.parametrize(
    "text",
    ["France does not border Italy.", "France doesn't border Belgium.", "Spain never borders Andorra.",
     "France borders neither Switzerland nor Luxembourg.", "Bavaria is not located in France.",
     "Neither France nor Spain borders Portugal."],
)
def test_a_negated_sentence_is_no_fact(geo, spacy_model, text) -> None:
    """'Bavaria is not located in France.' was accepted as Bavaria locatedIn France, the
    denying sentence kept as its evidence: negation was never looked at."""
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == set() and bad == [(text, "negated statement")]


def test_a_negated_part_of_a_sentence_is_no_fact_and_the_rest_is(geo, spacy_model) -> None:
    """'Spain is located in Europe, not in Africa.' gave Spain locatedIn Africa too."""
    facts, bad, _ = _read(geo, spacy_model, "Spain is located in Europe, not in Africa.")
    assert facts == {("Spain", "locatedIn", "Europe")} and [why for _, why in bad] == ["negated statement"]


def test_a_negated_commonsense_sentence_is_no_fact(cs, spacy_model) -> None:
    """'Bread is not made of meat.' was accepted as bread MadeUpOf meat."""
    facts, bad, _ = _read(cs, spacy_model, "Bread is not made of meat.")
    assert facts == set() and bad == [("Bread is not made of meat.", "negated statement")]


def test_a_pronoun_is_the_subject_it_refers_to_never_an_entity(geo, spacy_model) -> None:
    """'Chile is a long, narrow country. It borders Peru, Bolivia and Argentina.' gave 'it
    borders Peru' (an entity res:it, on which the facts of every answer piled up)."""
    text = "Chile is a long, narrow country. It borders Peru, Bolivia and Argentina. Its capital is Santiago."
    facts, _, _ = _read(geo, spacy_model, text)
    assert {("Chile", "borders", "Peru"), ("Chile", "borders", "Argentina"), ("Chile", "hasCapital", "Santiago")} <= facts
    assert not {s for s, _, _ in facts} - {"Chile"}


def test_a_pronoun_with_nothing_to_refer_to_is_the_prompts_head_or_quarantined(geo, spacy_model) -> None:
    """'It borders Spain.' alone gave 'it borders Spain'."""
    facts, bad, _ = _read(geo, spacy_model, "It borders Spain.")
    assert facts == set() and bad == [("It borders Spain.", "subject is a pronoun with nothing before it to refer to: 'It'")]
    facts, _, _ = _read(geo, spacy_model, "It borders Spain.", head="Portugal")
    assert facts == {("Portugal", "borders", "Spain")}


@pytest.mark.parametrize(("text", "value"), [("Bavaria has an area of 70,550 km².", "70550"),
                                             ("Germany has an area of 357,022 km2.", "357022")])
def test_an_area_in_square_kilometres_is_its_figure(geo, spacy_model, text, value) -> None:
    """'Bavaria has an area of 70,550 km².' was stored as the area 2: spaCy names 'km²' alone
    as the object, and its '2' was read as the figure."""
    facts, bad, _ = _read(geo, spacy_model, text)
    assert {v for _, p, v in facts if p == "area"} == {value} and bad == []


@pytest.mark.parametrize(
    ("text", "why"),
    [("Bavaria may border Italy.", "hedged statement ('may')"),
     ("Bavaria probably borders Hungary.", "hedged statement ('probably')"),
     ("If Scotland became independent, Scotland would border Ireland.", "conditional statement ('if')"),
     ("It is unclear whether Kosovo borders Albania.", "conditional statement ('whether')"),
     ("Some sources claim that Tibet borders Vietnam.", "attributed statement ('claim')"),
     ("A common misconception is that Bavaria borders Poland.", "attributed statement ('misconception')"),
     ("Berlin was formerly the capital of Prussia.", "past statement ('formerly')"),
     ("Is Lima the capital of Peru?", "a question, not a statement")],
)
def test_a_hedged_conditional_or_attributed_statement_is_no_fact(geo, spacy_model, text, why) -> None:
    """'Bavaria may border Italy.', 'If Scotland became independent, Scotland would border
    Ireland.', 'Some sources claim that Tibet borders Vietnam.' were stored as plain facts."""
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == set() and bad == [(text, why)]


def test_the_teachers_own_i_think_is_its_answer(geo, spacy_model) -> None:
    facts, _, _ = _read(geo, spacy_model, "I think Canberra is the capital of Australia.")
    assert facts == {("Canberra", "capitalOf", "Australia")}


def test_common_nouns_and_directions_are_no_entities(geo, spacy_model) -> None:
    """'Russia borders 14 countries, including China and Norway.' gave Russia locatedIn China
    ("country" names locatedIn) and Russia borders '14 countries'; 'to the north' a border
    partner 'north'."""
    facts, bad, _ = _read(geo, spacy_model, "Russia borders 14 countries, including China and Norway.")
    assert facts == {("Russia", "borders", "China"), ("Russia", "borders", "Norway")}
    assert [why for _, why in bad] == ["object is a common noun, not a name: '14 countries'"]
    facts, bad, _ = _read(geo, spacy_model, "Mexico borders Guatemala to the south.")
    assert facts == {("Mexico", "borders", "Guatemala")} and [why for _, why in bad] == ["object is a common noun, not a name: 'south'"]


def test_a_leading_article_is_no_part_of_a_name(geo, spacy_model) -> None:
    """'Spain borders the United Kingdom.' minted res:the_united_kingdom, an entity the
    reference graph's United Kingdom is not."""
    facts, _, _ = _read(geo, spacy_model, "Spain borders the United Kingdom.")
    assert facts == {("Spain", "borders", "United Kingdom")}


@pytest.mark.parametrize(
    "text",
    ["I'm not sure about the exact figure, but Lima is the capital of Peru.",
     "As an AI language model, I don't have real-time data, but Lima is the capital of Peru.",
     "I'm sorry for any confusion earlier. Lima is the capital of Peru."],
)
def test_an_answer_opening_with_a_hedge_or_a_disclaimer_keeps_its_facts(geo, spacy_model, text) -> None:
    """An answer opening with "I'm not sure ..., but" was dropped whole as "I don't know" (nothing
    accepted, nothing quarantined), one opening with "As an AI language model" quarantined whole
    as a refusal."""
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == {("Lima", "capitalOf", "Peru")} and bad == []


def test_an_answer_that_only_refuses_or_does_not_know_is_still_read_so(geo, spacy_model) -> None:
    facts, bad, stats = _read(geo, spacy_model, "I'm sorry, but I cannot help with that.")
    assert facts == set() and [why.split(":")[0] for _, why in bad] == ["answer is the teacher's refusal, not an answer"]
    facts, bad, stats = _read(geo, spacy_model, "I don't know.")
    assert facts == set() and bad == [] and stats.dropped["answer: none answer"] == 1


def test_a_sentence_without_a_fact_beside_others_is_quarantined(geo, spacy_model) -> None:
    """In an answer where one sentence gave a fact, the others were lost: only counted under
    'sentence without a known relation', though nothing the teacher said is to be lost."""
    text = "Paris is located in France. The weather in Paris is mild."
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == {("Paris", "locatedIn", "France")}
    assert bad == [("The weather in Paris is mild.", "no known relation in the sentence")]


def test_coordinated_values_are_each_their_own_relation(geo, spacy_model) -> None:
    """'a population of 13 million and an area of 70,550 square kilometres' read 'an area' as a
    second population (quarantined with a wrong reason) and lost the area."""
    text = "Bavaria has a population of 13 million and an area of 70,550 square kilometres."
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == {("Bavaria", "population", "13000000"), ("Bavaria", "area", "70550")} and bad == []


def test_markdown_bold_around_names_is_no_part_of_them(geo, spacy_model) -> None:
    """'**Madrid** is the capital of **Spain**.' added a spurious quarantine entry "subject
    empty: ''" besides the fact."""
    facts, bad, _ = _read(geo, spacy_model, "**Madrid** is the capital of **Spain**.")
    assert facts == {("Madrid", "capitalOf", "Spain")} and bad == []


@pytest.mark.parametrize(
    ("text", "facts"),
    [("Greece borders Albania, North Macedonia, Bulgaria and Turkey.",
      {("Greece", "borders", "Albania"), ("Greece", "borders", "North Macedonia"), ("Greece", "borders", "Bulgaria"),
       ("Greece", "borders", "Turkey")}),
     ("Hungary borders Austria.", {("Hungary", "borders", "Austria")}),
     ("Ecuador is located in South America and borders Colombia and Peru.",
      {("Ecuador", "locatedIn", "South America"), ("Ecuador", "borders", "Colombia"), ("Ecuador", "borders", "Peru")}),
     ("Tokyo, the capital of Japan, has about 14 million inhabitants.",
      {("Tokyo", "capitalOf", "Japan"), ("Tokyo", "population", "14000000")}),
     ("Rome is in Italy.", {("Rome", "locatedIn", "Italy")}),
     ("Norway's population is 5.4 million.", {("Norway", "population", "5400000")}),
     ("The capital city of Japan is Tokyo.", {("Japan", "hasCapital", "Tokyo")})],
)
def test_common_sentence_shapes_give_their_facts(geo, spacy_model, text, facts) -> None:
    """'Greece borders Albania, ...' (spaCy reads "borders" as a noun), 'Rome is in Italy.',
    "Norway's population is 5.4 million.", 'The capital city of Japan is Tokyo.' and a second
    verb or an apposition gave nothing but a quarantine entry "no known relation"."""
    found, bad, _ = _read(geo, spacy_model, text)
    assert found == facts and bad == []


def test_a_numbered_list_of_sentences_gives_each_sentences_fact(geo, spacy_model) -> None:
    """'1. France borders Spain.\\n2. France borders Belgium.' lost Spain: with the "1." before
    it spaCy read Spain as an adverb of the verb, and the sentence gave no fact."""
    found, bad, _ = _read(geo, spacy_model, "1. France borders Spain.\n2. France borders Belgium.")
    assert found == {("France", "borders", "Spain"), ("France", "borders", "Belgium")} and bad == []


@pytest.mark.parametrize(
    ("domain", "text"),
    [("software", "Django was first released in 2004 or 2005."),
     ("geo", "The population of France is 67 million or 68 million.")],
)
def test_values_offered_with_or_are_no_fact(request, spacy_model, domain, text) -> None:
    """Two guesses joined by "or" are not two facts (of a functional property, at that)."""
    facts, bad, _ = _read(request.getfixturevalue(domain), spacy_model, text)
    assert facts == set() and bad == [(text, "alternative values ('or'), not one value")]


@pytest.mark.parametrize("text", ["Spain hardly ever borders Andorra.", "France no longer borders Spain."])
def test_an_adverb_that_denies_makes_a_negated_statement(geo, spacy_model, text) -> None:
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == set() and bad == [(text, "negated statement")]


def test_what_follows_a_bare_not_sure_is_hedged(geo, spacy_model) -> None:
    text = "Paris is located in France. I'm not sure, but Lima is the capital of Peru."
    facts, bad, _ = _read(geo, spacy_model, text)
    assert facts == {("Paris", "locatedIn", "France")}
    assert bad == [("I'm not sure, but Lima is the capital of Peru.", "hedged statement ('not sure')")]
