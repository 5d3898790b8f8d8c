"""Each extractor on the outputs teachers really write, through the public dispatch."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from extractors import Extractor, choose_extractor, extract
from extractors.normalize import Normalizer, match_key
from kg.iri import mint_iri
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

NNI = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
GEO = "https://w3id.org/kgdistill/ontology/geography#"
CS = "https://w3id.org/kgdistill/ontology/commonsense#"


def _completion(text: str, prompt: Prompt, finish: str | None = None) -> Completion:
    return Completion(prompt.id, prompt.text, "test:teacher", text, finish_reason=finish)


def _run(extractor: Extractor, text: str, prompt: Prompt, finish: str | None = None):
    out = extractor.extract(_completion(text, prompt, finish), prompt)
    cands = [r for r in out if isinstance(r, Candidate)]
    bad = [r for r in out if isinstance(r, Unreadable)]
    return cands, bad


def _triples(cands):
    return {(str(c.subject).rsplit("/", 1)[-1], str(c.predicate).rsplit("#", 1)[-1], str(c.object).rsplit("/", 1)[-1]) for c in cands}


# -- lists ------------------------------------------------------------------------------------

def test_numbered_and_bulleted_lists(cs) -> None:
    ex = Extractor(cs)
    prompt = Prompt.make("Event: PersonX calls PersonY ambulance ...", "list", head="PersonX calls PersonY ambulance", relation="xNeed")
    text = "Here are some:\n1. to dial 911.\n2) To get a phone\n- to dial 911\n• None\n* see Person Y is hurt\nHope this helps!"
    cands, bad = _run(ex, text, prompt)
    assert [c.object_label for c in cands] == ["to dial 911", "to get a phone", "see PersonY is hurt"]
    assert all(c.predicate == URIRef(CS + "xNeed") and c.subject == mint_iri("PersonX calls PersonY ambulance") for c in cands)
    assert cands[0].span == "to dial 911." and cands[0].extractor == "lists"
    assert not bad
    assert ex.stats.dropped == {"prose line beside a list": 2, "object: none answer": 1, "duplicate within completion": 1}


@pytest.mark.parametrize(
    "text", ["1. to rest 2. to sleep 3. to eat", "ii. to rest\niii. to sleep\niv. to eat", "1) to rest\n2) to sleep 3) to eat"]
)
def test_a_list_whose_line_breaks_were_lost_or_numbered_in_roman_gives_its_items(cs, text: str) -> None:
    """'1. to rest 2. to sleep 3. to eat' (a small chat model that lost its line breaks) was one
    tail; 'ii.', 'iii.' were no item markers. Only numbers in sequence cut a line."""
    prompt = Prompt.make("p", "list", head="PersonX runs a marathon", relation="xWant")
    cands, _ = _run(Extractor(cs), text, prompt)
    assert [c.object_label for c in cands] == ["to rest", "to sleep", "to eat"]
    cands, _ = _run(Extractor(cs), "1. to buy 2 apples", prompt)
    assert [c.object_label for c in cands] == ["to buy 2 apples"]


def test_truncated_list_quarantines_the_cut_item(cs) -> None:
    """The item the token limit cut off is kept in quarantine with that reason, not dropped: a
    completion that was all one cut-off line (a small local model) left no trace in the store."""
    ex = Extractor(cs)
    prompt = Prompt.make("p", "list", head="PersonX runs", relation="xEffect")
    cands, bad = _run(ex, "1. gets tired\n2. sweats a lo", prompt, finish="length")
    assert [c.object_label for c in cands] == ["gets tired"]
    assert [(b.span, b.reason) for b in bad] == [("sweats a lo", "cut off at the token limit (finish_reason=length)")]
    _, bad = _run(ex, "generators generators generat", prompt, finish="length")
    assert [b.span for b in bad] == ["generators generators generat"]
    cands, bad = _run(ex, "1. gets tired\n2. sweats a lot\n", prompt, finish="length")  # the cut fell after a whole line
    assert len(cands) == 2 and bad == []


def test_underscore_emphasis_is_markdown_not_part_of_the_name(cs, geo) -> None:
    """``__bold__`` and ``_italic_`` are Markdown's other emphasis: the tails were accepted as
    "___to buy food___" (the ``__`` read as ATOMIC's blank) and "_to go home_", new entities, and
    Ecuador and Colombia got the labels "___Ecuador___" and "_Colombia_"."""
    prompt = Prompt.make("p", "list", head="PersonX goes to the store", relation="xWant")
    cands, _ = _run(Extractor(cs), "- __to buy food__\n- _to go home_", prompt)
    assert [c.object_label for c in cands] == ["to buy food", "to go home"]
    prompt = Prompt.make("q", "list", head="Peru", relation="borders")
    cands, _ = _run(Extractor(geo), "1. __Ecuador__\n2. _Colombia_", prompt)
    assert [c.object_label for c in cands] == ["Ecuador", "Colombia"]
    prompt = Prompt.make("r", "list", head="PersonX takes ___ to the vet", relation="xWant")
    cands, _ = _run(Extractor(cs), "1. to help ___", prompt)
    assert [c.object_label for c in cands] == ["to help ___"]  # a blank stays a blank


def test_underscores_around_an_identifier_or_in_a_file_are_no_emphasis(cs, software) -> None:
    """Underscore emphasis was taken off identifiers: pandas depended on "future" and "ctypes"
    (other entities) for ``__future__`` and ``_ctypes_``, and a file's labels, which are not
    Markdown, lost their underscores too."""
    prompt = Prompt.make("p", "list", head="pandas", relation="dependsOn")
    cands, _ = _run(Extractor(software), "1. __future__\n2. _ctypes_\n3. __init__", prompt)
    assert [c.object_label for c in cands] == ["__future__", "ctypes", "__init__"]  # one word in _..._ is italics
    prompt = Prompt.make("q", "list", head="PersonX wins the race", relation="xReact")
    cands, _ = _run(Extractor(cs), "1. _proud_", prompt)
    assert [c.object_label for c in cands] == ["proud"]  # one word in italics, in a domain of phrases
    done = Completion(prompt.id, prompt.text, "file:rows.json", "1. _to go home_", finish_reason="stop")
    assert [r.object_label for r in Extractor(cs).extract(done, prompt) if isinstance(r, Candidate)] == ["_to go home_"]


def test_one_word_in_single_underscores_is_italics_unless_the_store_names_it_so(software, medicine, cs, tmp_path: Path) -> None:
    """Every lower-case word in underscores was kept as an identifier: a model's italic
    "_numpy_" and "_ssl_" minted entities beside numpy and ssl, and medicine's "_fever_" one
    beside fever; a name the store holds with its underscores (a file's ``_ctypes_``) keeps them."""
    from rdflib import RDFS

    from kg.store import init_store

    prompt = Prompt.make("p", "list", head="pandas", relation="dependsOn")
    cands, _ = _run(Extractor(software), "1. _numpy_\n2. _ssl_\n3. __future__", prompt)
    assert [c.object_label for c in cands] == ["numpy", "ssl", "__future__"]
    cands, _ = _run(Extractor(software), '["_ctypes_", "_numpy_"]', prompt)
    assert [c.object_label for c in cands] == ["_ctypes_", "_numpy_"]  # a JSON string is no Markdown
    store = init_store(tmp_path / "store")
    store.add_triples([(mint_iri("_ctypes_"), RDFS.label, Literal("_ctypes_"))])
    try:
        cands, _ = _run(Extractor(software, store), "1. _ctypes_\n2. _numpy_", prompt)
        assert [c.object_label for c in cands] == ["_ctypes_", "numpy"]
    finally:
        store.close()
    cands, _ = _run(Extractor(medicine), "1. _fever_\n2. _pain_", Prompt.make("m", "list", head="ibuprofen", relation="treats"))
    assert [c.object_label for c in cands] == ["fever", "pain"]
    prompt = Prompt.make("q", "list", head="PersonX wins the race", relation="xReact")
    cands, _ = _run(Extractor(cs), "1. _proud_\n2. __happy__", prompt)
    assert [c.object_label for c in cands] == ["proud", "happy"]


def test_underscores_in_a_name_never_grow_and_a_blank_is_one_blank() -> None:
    """A run of underscores touching a letter grew: "___init___" became "____init____" (the
    blank rule matched part of the run), and an ATOMIC tail's "to eat ____s" kept its four
    underscores, a second spelling of the blank "___"; "_x_ and _y_" lost its outer underscores,
    read as one span of emphasis from the first underscore to the last."""
    clean = Normalizer.clean
    assert clean("___init___") == "___init___" and clean("__future__") == "__future__" and clean("snake__case") == "snake__case"
    assert clean("to eat ____s") == "to eat ___s" and clean("PersonX takes ____ to the vet") == "PersonX takes ___ to the vet"
    assert clean("_x_ and _y_") == "_x_ and _y_" and clean("_a snake_case name_") == "a snake_case name"
    assert clean("_snake_case_") == "_snake_case_" and clean("_numpy_") == "numpy"


def test_a_trademark_sign_ends_no_name_and_a_text_value_keeps_it() -> None:
    """NFKC spelt ™ as letters: the entity 'Advil™' was labelled 'AdvilTM' (IRI adviltm) and
    the text value 'Ecotrin™' stored as 'EcotrinTM'."""
    from extractors.text import clean_text

    clean = Normalizer.clean
    assert clean("Advil™") == "Advil" and clean("Tylenol®") == "Tylenol" and clean("Advil™ Liqui-Gels") == "Advil™ Liqui-Gels"
    assert clean_text("Ecotrin™", ",;:") == "Ecotrin™" and clean("ＣＹＰ３Ａ４") == "CYP3A4"


def test_underscore_emphasis_inside_an_answer_is_no_blank(cs) -> None:
    """The opening ``__`` of emphasis was read as ATOMIC's blank: a JSON answer's "__to go
    home__" became "___to go home__" and a chat answer's "to __go home__" "to ___go home__"."""
    prompt = Prompt.make("p", "list", head="PersonX goes to the store", relation="xWant")
    cands, _ = _run(Extractor(cs), '["__to go home__"]', prompt)
    assert [c.object_label for c in cands] == ["__to go home__"]  # a JSON string keeps its underscores
    cands, _ = _run(Extractor(cs), "- to __go home__\n- to eat ____s\n- to take ___ home", prompt)
    assert [c.object_label for c in cands] == ["to __go home__", "to eat ___s", "to take ___ home"]


def test_a_list_a_content_filter_cut_quarantines_the_cut_item(cs) -> None:
    """OpenAI and Azure stop the output mid-stream when a content filter fires
    (``finish_reason: "content_filter"``): the half-written last item was accepted as a fact."""
    prompt = Prompt.make("p", "list", head="PersonX goes to the store", relation="xWant")
    cands, bad = _run(Extractor(cs), "1. to buy food\n2. to go home\n3. to pay for the gro", prompt, finish="content_filter")
    assert [c.object_label for c in cands] == ["to buy food", "to go home"]
    assert [(b.span, b.reason) for b in bad] == [
        ("to pay for the gro", "cut off by the server's content filter (finish_reason=content_filter)"),
    ]


def test_a_list_numbered_without_dots_gives_its_names(geo) -> None:
    """'1 Spain' / '2 Andorra' / '3 Belgium' gave the entities "1 Spain", "2 Andorra", accepted:
    a running number and a space at the start of every line are list markers."""
    prompt = Prompt.make("p", "list", head="France", relation="borders")
    cands, _ = _run(Extractor(geo), "1 Spain\n2 Andorra\n3 Belgium", prompt)
    assert [c.object_label for c in cands] == ["Spain", "Andorra", "Belgium"]
    cands, _ = _run(Extractor(geo), "2 Spain\n3 Andorra", prompt)  # not a running count from 1: the lines as written
    assert [c.object_label for c in cands] == ["2 Spain", "3 Andorra"]


def test_broken_output_in_a_list_is_quarantined_not_made_entities(geo) -> None:
    """A list answer with JSON debris and control characters ('3. {"oops": [', '4. \\x00\\x07garbage')
    gave accepted countries '{"oops"' and 'garbage': such an item is unreadable, with its reason."""
    prompt = Prompt.make("p", "list", head="Spain", relation="borders")
    text = '1. France\n2. Portugal\n3. {"oops": [\n4. \x00\x07garbage \u2603\n5. Andorra (north\n6. Andorra\n7. '
    cands, bad = _run(Extractor(geo), text, prompt)
    assert [c.object_label for c in cands] == ["France", "Portugal", "Andorra"]
    assert [b.reason for b in bad] == [
        "list item is a JSON fragment",
        "list item holds control characters",
        "list item is a fragment: its brackets or quotes do not pair up",
    ]


def test_items_numbered_1000_and_above_are_read(geo) -> None:
    """In a list of 1,001 items, those numbered 1000 and 1001 were dropped as 'prose line beside
    a list' (999 records)."""
    prompt = Prompt.make("p", "list", head="Germany", relation="borders")
    ex = Extractor(geo)
    cands, _ = _run(ex, "\n".join(f"{i}. Country{i}" for i in range(1, 1002)), prompt)
    assert len(cands) == 1001 and cands[-1].object_label == "Country1001"
    assert "prose line beside a list" not in ex.stats.dropped


def test_unknown_relation_is_unreadable_not_an_exception(cs) -> None:
    prompt = Prompt.make("p", "list", head="PersonX runs", relation="xNonsense")
    out = extract(_completion("1. a", prompt), prompt, cs)
    assert len(out) == 1 and isinstance(out[0], Unreadable) and "xNonsense" in out[0].reason


# -- JSON -------------------------------------------------------------------------------------

JSON_PROMPT = Prompt.make("List true facts about France as JSON", "json", topic="France")


@pytest.mark.parametrize(
    "text",
    [
        '[{"subject": "Paris", "predicate": "capitalOf", "object": "France"}]',
        'Sure! Here you go:\n```json\n[{"subject": "Paris", "predicate": "capital of", "object": "France"},]\n```\nAnything else?',
        "[{'subject': 'Paris', 'predicate': 'capitalOf', 'object': 'France'}]",
        '{"triples": [{"s": "Paris", "p": "CAPITAL_OF", "o": "France"}]}',
        '[["Paris", "capitalOf", "France"]]',
        '[{"subject": "Paris", "predicate": "capitalOf", "object": "France"}, {"subject": "Lyon", "predicate": "locatedIn", "obj',
    ],
)
def test_json_variants(geo, text: str) -> None:
    cands, _ = _run(Extractor(geo), text, JSON_PROMPT, finish="length")
    assert ("paris", "capitalOf", "france") in _triples(cands)


def test_json_problems_cost_only_their_object(geo) -> None:
    text = (
        '[{"subject": "Paris", "predicate": "capitalOf", "object": "France"},'
        ' {"subject": "France", "predicate": "population", "object": NaN},'
        ' {"subject": "France", "predicate": "borders", "object": "Spain", "object": "Chile"},'
        ' {"subject": "France", "predicate": "likes", "object": "cheese"},'
        ' {"subject": "France", "predicate": "borders", "object": {"name": "Italy"}},'
        ' {"subject": "France", "predicate": "population", "object": "about 68 million"},'
        ' {"subject": "Lyon", "predicate": "locatedIn", "obj'
    )
    cands, bad = _run(Extractor(geo), text, JSON_PROMPT, finish="length")
    assert _triples(cands) >= {("paris", "capitalOf", "france")}
    population = [c for c in cands if c.predicate == URIRef(GEO + "population")]
    assert [c.object for c in population] == [Literal("68000000", datatype=NNI)]
    reasons = sorted(b.reason for b in bad)
    assert any("duplicate key" in r for r in reasons)
    assert any("truncated" in r for r in reasons)
    assert any("unknown predicate 'likes'" in r for r in reasons)
    assert sum("not a string, a finite number or a list of them" in r for r in reasons) == 2  # NaN, nested object


def test_a_json_triple_with_a_list_of_objects_gives_one_fact_each(geo) -> None:
    """Chat models write a relation's several values as a list; it was quarantined as 'not a
    string or finite number'."""
    text = ('[{"subject": "France", "predicate": "borders", "object": ["Spain", "Italy"]},'
            ' {"subject": ["Paris", "Lyon"], "predicate": "locatedIn", "object": "France"},'
            ' {"subject": "France", "predicate": "borders", "object": ["Belgium", {"name": "Germany"}]},'
            ' {"subject": "France", "predicate": "borders", "object": []}]')
    cands, bad = _run(Extractor(geo), text, JSON_PROMPT)
    assert _triples(cands) == {("france", "borders", "spain"), ("france", "borders", "italy"),
                               ("paris", "locatedIn", "france"), ("lyon", "locatedIn", "france")}
    assert len(bad) == 2  # a list holding an object, an empty list


LIST_PROMPT = Prompt.make("Which countries share a land border with France? List them.", "list", head="France", relation="borders")


def test_a_code_fences_language_tag_is_no_tail(geo) -> None:
    """```` ```markdown ```` around a list made "markdown" a tail: France borders markdown, and
    markdown a kgeo:Country (12 triples on res:markdown in one run)."""
    for text in ("```markdown\nSpain, Belgium and Germany\n```", "```text\n1. Spain\n2. Belgium\n3. Germany\n```", "~~~\nSpain\nBelgium\nGermany\n~~~"):
        cands, bad = _run(Extractor(geo), text, LIST_PROMPT)
        assert _triples(cands) == {("france", "borders", t) for t in ("spain", "belgium", "germany")}, text


@pytest.mark.parametrize(
    "text",
    [
        '["Spain", "Belgium", "Germany"]',
        '```json\n["Spain", "Belgium", "Germany"]\n```',
        '{"borders": ["Spain", "Belgium", "Germany"]}',
        '{"neighbours": ["Spain", "Belgium", "Germany"]}',
        '[{"country": "Spain"}, {"country": "Belgium"}, {"name": "Germany", "reason": "they share the Rhine"}]',
        '[{"tail": "Spain"}, {"object": "Belgium"}, {"answer": "Germany"}]',
    ],
)
def test_a_list_prompt_answered_in_json_gives_its_tails(geo, text: str) -> None:
    """A list prompt's answer written as a JSON array (or an object holding one) is the list of
    tails, not a malformed triple (the answers of several OpenAI-compatible models)."""
    cands, bad = _run(Extractor(geo), text, LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", t) for t in ("spain", "belgium", "germany")}
    assert bad == []


def test_a_list_prompt_answered_in_json_keeps_its_triples_and_flags_the_rest(geo) -> None:
    text = '[{"subject": "Lyon", "predicate": "locatedIn", "object": "France"}, {"a": "Spain", "b": "Italy"}, "Spain", null]'
    cands, bad = _run(Extractor(geo), text, LIST_PROMPT)
    assert _triples(cands) == {("lyon", "locatedIn", "france"), ("france", "borders", "spain")}
    assert [b.reason for b in bad] == ["neither a tail nor a subject/predicate/object triple"] * 2


@pytest.mark.parametrize(
    "text",
    [
        "- **Spain** – the longest border\n- **Belgium**: in the north\n- Germany (northeast)",
        "Spain, Belgium and Germany",
        "France shares land borders with Spain, Belgium and Germany.",
        "1. Spain - to the southwest\n2. Belgium\n3. Germany.",
    ],
)
def test_chat_answers_give_the_items_not_their_glosses_or_sentences(geo, spacy_model, text: str) -> None:
    """A chat model annotates items or writes the list inline; each used to become one entity
    ('Spain** – the longest border', 'France shares land borders with Spain, Belgium and Germany')."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", t) for t in ("spain", "belgium", "germany")} and bad == []


@pytest.mark.parametrize(
    "text",
    [
        "Here are the countries that border France:\nSpain\nBelgium\nGermany",
        "1. Spain\n   - shares the Pyrenees\n2. Belgium\n3. Germany",
        "Spain\nBelgium\nGermany\nThese are the main ones.",
    ],
)
def test_preambles_notes_and_remarks_are_not_tails(geo, spacy_model, text: str) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", t) for t in ("spain", "belgium", "germany")} and bad == []


def test_a_citations_short_form_for_an_earlier_one_is_no_answer(geo, spacy_model) -> None:
    """A legal user's list of citing cases gave the cases 'Id', 'Ibid' and 'Id. at 533': a short
    form that refers back to a case cited before names none; it is dropped, counted as a none answer."""
    from extractors.text import is_none

    ex = Extractor(geo)
    ex.spacy = spacy_model
    text = "1. Spain\n2. Id.\n3. *Ibid.*\n4. Id. at 533\n5. id. at 12-14\n6. Andorra, supra\n7. supra note 3\n8. Belgium"
    cands, bad = _run(ex, text, LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", "spain"), ("france", "borders", "andorra"), ("france", "borders", "belgium")}
    assert bad == [] and ex.stats.dropped["object: none answer"] == 5  # "Andorra, supra" names Andorra
    assert not is_none("ID") and not is_none("id") and not is_none("Idaho")  # Idaho's code, Indonesian's language code


@pytest.mark.parametrize(
    ("relation", "text", "tail"),
    [
        ("hasCapital", "The capital of France is Paris.", "paris"),
        ("hasCapital", "It is Paris.", "paris"),
        ("borders", "France borders Spain.", "spain"),
    ],
)
def test_a_one_sentence_answer_gives_the_entity_it_names(geo, spacy_model, relation: str, text: str, tail: str) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    prompt = Prompt.make("q", "list", head="France", relation=relation)
    cands, bad = _run(ex, text, prompt)
    assert _triples(cands) == {("france", relation, tail)} and bad == []


@pytest.mark.parametrize("text", ["68,000,000", "about 68,000,000 people", "France has about 68 million inhabitants."])
def test_a_value_with_thousands_separators_is_one_value(geo, spacy_model, text: str) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    prompt = Prompt.make("q", "list", head="France", relation="population")
    cands, _ = _run(ex, text, prompt)
    assert [str(c.object) for c in cands] == ["68000000"]


@pytest.mark.parametrize(
    ("relation", "text", "tail"),
    [
        ("xWant", "PersonX wants to buy food.", "to buy food"),
        ("xWant", "As a result, PersonX wants to buy food", "to buy food"),
        ("xIntent", "PersonX wanted to buy food", "to buy food"),
        ("xReact", "PersonX feels happy.", "happy"),
        ("oReact", "Others feel grateful.", "grateful"),
        ("xAttr", "PersonX is seen as responsible", "responsible"),
        ("xEffect", "PersonX spends money", "spends money"),
        ("xWant", "to buy food", "to buy food"),
        # as chat models vary the words: another name, a modal, another form of the verb, an opening clause
        ("xWant", "PersonX might want to buy food.", "to buy food"),
        ("xWant", "They would want to buy food", "to buy food"),
        ("xWant", "He wanted to buy food", "to buy food"),
        ("xIntent", "PersonX intended to buy food", "to buy food"),
        ("xNeed", "Before this, PersonX needed to have money.", "to have money"),
        ("xReact", "She felt happy.", "happy"),
        ("oReact", "The others might feel grateful.", "grateful"),
        ("oReact", "PersonY feels grateful", "grateful"),
        ("xAttr", "He would be seen as responsible", "responsible"),
        ("xAttr", "PersonX is responsible.", "responsible"),
        ("xEffect", "He gets tired", "gets tired"),
        ("xEffect", "Thereafter PersonX spends money", "thereafter PersonX spends money"),  # not the relation's words (sentence case lowered)
        # going on from the words the prompt ended with ("Before, PersonX needed ...", "This can be hindered by ...")
        ("xNeed", "- needed to see PersonY", "to see PersonY"),
        ("xWant", "wants to buy food", "to buy food"),
        ("xReact", "feels happy", "happy"),
        ("HinderedBy", "1. If PersonX is shy", "PersonX is shy"),
        ("HinderedBy", "when PersonX has no money", "PersonX has no money"),
        ("isAfter", "After PersonX gets paid", "PersonX gets paid"),
        ("xReason", "because PersonX is hungry", "PersonX is hungry"),
    ],
)
def test_an_answer_that_restates_the_fact_gives_its_tail(cs, relation: str, text: str, tail: str) -> None:
    """Chat models answer in the relation's own words ('PersonX wants to buy food.'); the tail
    is what the verbalisation puts in {tail}, as ATOMIC writes it."""
    prompt = Prompt.make("p", "list", head="PersonX goes to the store", relation=relation)
    cands, bad = _run(Extractor(cs), text, prompt)
    assert [c.object_label for c in cands] == [tail] and bad == []


def test_only_the_relations_own_words_are_taken_as_a_restatement(geo) -> None:
    from extractors.phrases import restated

    capital = geo.relations["hasCapital"]  # "the capital of {head} is {tail}"
    assert restated("The capital of Sydney is Canberra.", "Sydney", capital) == "Canberra."
    assert restated("Sydney is a city.", "Sydney", capital) == "Sydney is a city."  # "Sydney is" alone says nothing


def test_a_sentence_with_and_is_split_and_a_name_with_and_is_not(geo, spacy_model) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, _ = _run(ex, "France borders Spain and Belgium.", LIST_PROMPT)  # spaCy tags 'borders' a noun here
    assert _triples(cands) == {("france", "borders", "spain"), ("france", "borders", "belgium")}
    cands, _ = _run(ex, "Bosnia and Herzegovina", LIST_PROMPT)
    assert [c.object_label for c in cands] == ["Bosnia and Herzegovina"]


@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("James Stewart and Jean Arthur", ["James Stewart", "Jean Arthur"]),
        ("Robert De Niro and Ludwig van Beethoven.", ["Robert De Niro", "Ludwig van Beethoven"]),
        ("Saint Kitts and Nevis", ["Saint Kitts and Nevis"]),
        ("Saint Vincent and the Grenadines", ["Saint Vincent and the Grenadines"]),
        ("Trinidad and Tobago", ["Trinidad and Tobago"]),
    ],
)
def test_two_full_names_joined_by_and_are_two_items(geo, spacy_model, line: str, items: list[str]) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, _ = _run(ex, line, LIST_PROMPT)
    assert [c.object_label for c in cands] == items


def test_a_gloss_is_kept_as_the_rationale_and_phrase_domains_keep_their_lines(geo, cs) -> None:
    cands, _ = _run(Extractor(geo), "1. **Spain** – the longest border", LIST_PROMPT)
    assert [(c.object_label, c.rationale) for c in cands] == [("Spain", "the longest border")]
    # commonsense tails are phrases: a line with commas is one tail, as before
    prompt = Prompt.make("p", "list", head="PersonX bakes bread", relation="xNeed")
    cands, _ = _run(Extractor(cs), "to have flour, water, and yeast", prompt)
    assert [c.object_label for c in cands] == ["to have flour, water, and yeast"]


@pytest.mark.parametrize("text", ["I don't know.", "I am not sure", "There are none.", "No idea"])
def test_a_teacher_that_does_not_know_gives_no_fact(geo, text: str) -> None:
    """'I don't know' was minted as an entity France borders; it is a none answer."""
    ex = Extractor(geo)
    cands, bad = _run(ex, text, LIST_PROMPT)
    assert cands == [] and bad == [] and ex.stats.dropped["object: none answer"] == 1


@pytest.mark.parametrize("kind", ["json", "text"])
def test_a_non_answer_to_an_open_prompt_is_no_fact_and_a_refusal_is_quarantined(geo, spacy_model, kind: str) -> None:
    """An open prompt (JSON triples, free text) answered "I don't know." was quarantined as "no
    known relation in the text" and counted dropped as well; a refusal was quarantined as such."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    prompt = Prompt.make("List true facts about France as a JSON array.", kind)
    cands, bad = _run(ex, "I don't know.", prompt)
    assert cands == [] and bad == [] and dict(ex.stats.dropped) == {"answer: none answer": 1}
    cands, bad = _run(ex, "I'm sorry, but I can't help with that.", prompt)
    assert cands == [] and len(bad) == 1 and "is the teacher's refusal, not an answer" in bad[0].reason


@pytest.mark.parametrize(
    "text", ["I'm sorry, but I can't help with that.", "As an AI language model, I cannot browse the internet.", "I cannot answer that."]
)
def test_a_refusal_is_quarantined_not_minted(geo, cs, text: str) -> None:
    cands, bad = _run(Extractor(geo), text, LIST_PROMPT)
    assert cands == [] and len(bad) == 1 and "is the teacher's refusal, not an answer" in bad[0].reason
    # an emotion is no refusal
    prompt = Prompt.make("p", "list", head="PersonX breaks the vase", relation="xReact")
    cands, _ = _run(Extractor(cs), "sorry\nguilty", prompt)
    assert [c.object_label for c in cands] == ["sorry", "guilty"]


THINKING = "<think>\nOkay, the user asks about France.\nLet me recall its neighbours.\n</think>\n\n"


@pytest.mark.parametrize(
    "text",
    [THINKING + "Spain\nBelgium", THINKING + "1. Spain\n2. Belgium", THINKING + '```json\n["Spain", "Belgium"]\n```',
     "<THINKING>Spain? Italy?</THINKING>Spain\nBelgium"],
)
def test_a_reasoning_models_thinking_is_not_read_as_its_answer(geo, text: str) -> None:
    """DeepSeek-R1 or Qwen3 behind a server that does not split the reasoning off write a
    <think> block before the answer; its lines were read as tails ('<think>' became a country)."""
    cands, bad = _run(Extractor(geo), text, LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", "spain"), ("france", "borders", "belgium")} and bad == []
    assert all(c.completion.text == text for c in cands)  # the provenance keeps what the teacher said


def test_an_answer_cut_off_inside_the_reasoning_is_unreadable_with_that_reason(geo) -> None:
    cands, bad = _run(Extractor(geo), "<think>\nOkay, the user asks about France. Let me", LIST_PROMPT, finish="length")
    assert cands == [] and [b.reason for b in bad] == ["no answer after the model's reasoning (the token limit was reached inside it: raise max_tokens)"]


DRAFT = "Okay, France's neighbours. Candidates:\n1. Japan\n2. Mexico\nNo, those are wrong, not neighbours.\n"


@pytest.mark.parametrize(
    "text",
    [
        # R1-distill and Qwen3 templates put "<think>" in the prompt: the answer holds only "</think>"
        DRAFT + "</think>\n\n1. Spain\n2. Belgium",
        # gpt-oss's Harmony channels, written inline by a server without the Harmony parser
        f"<|channel|>analysis<|message|>{DRAFT}<|end|><|start|>assistant<|channel|>final<|message|>1. Spain\n2. Belgium<|return|>",
        f"analysis<|message|>{DRAFT}<|end|><|start|>assistant<|channel|>final<|message|>1. Spain\n2. Belgium",
        # Magistral and Seed-OSS reasoning tags
        f"[THINK]{DRAFT}[/THINK]1. Spain\n2. Belgium",
        f"<seed:think>{DRAFT}</seed:think>1. Spain\n2. Belgium",
        # a chat template's end-of-turn token left in the text, and the model running on past it
        "1. Spain\n2. Belgium<|im_end|>\n<|im_start|>user\n1. Japan",
        "1. Spain\n2. Belgium</s>", "1. Spain\n2. Belgium<|eot_id|>", "1. Spain\n2. Belgium<\uff5cend\u2581of\u2581sentence\uff5c>",
    ],
)
def test_reasoning_in_any_servers_form_is_not_read_and_no_special_token_is_an_entity(geo, text: str) -> None:
    """The candidates a model rejected while reasoning were stored (Japan, Mexico), the first
    item of a Harmony final answer was lost, and "Belgium<|return|>" was minted as an entity."""
    cands, bad = _run(Extractor(geo), text, LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", "spain"), ("france", "borders", "belgium")} and bad == []
    assert {c.object_label for c in cands} == {"Spain", "Belgium"}


def test_a_list_item_holding_any_other_special_token_is_unreadable(geo) -> None:
    cands, bad = _run(Extractor(geo), "1. Spain\n2. Belgium<|python_tag|>", LIST_PROMPT)
    assert _triples(cands) == {("france", "borders", "spain")}
    assert [b.reason for b in bad] == ["list item holds a chat template's special token"]


def test_a_json_draft_in_the_reasoning_is_not_taken_for_the_answer(geo) -> None:
    draft = '{"subject": "France", "predicate": "borders", "object": "Japan"} -- no, wrong.\n</think>\n'
    cands, _ = _run(Extractor(geo), draft + '[{"subject": "France", "predicate": "borders", "object": "Spain"}]', JSON_PROMPT)
    assert _triples(cands) == {("france", "borders", "spain")}


@pytest.mark.parametrize(
    "text",
    [f"<|channel|>analysis<|message|>{DRAFT}", f"[THINK]{DRAFT}", f"<seed:think>{DRAFT}"],
)
def test_an_answer_cut_off_inside_reasoning_of_any_form_is_unreadable_with_that_reason(geo, text: str) -> None:
    cands, bad = _run(Extractor(geo), text, LIST_PROMPT, finish="length")
    assert cands == [] and [b.reason for b in bad] == ["no answer after the model's reasoning (the token limit was reached inside it: raise max_tokens)"]


def test_prose_only_for_a_json_prompt_is_unreadable_or_read_as_text(geo, spacy_model) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    _, bad = _run(ex, "I'm sorry, I can't help with [that.", JSON_PROMPT)
    assert bad and bad[0].extractor == "json"


# -- RDF --------------------------------------------------------------------------------------

def test_turtle_iris_are_reminted_never_passed_through(geo) -> None:
    text = """Here is the data:
```turtle
@prefix ex: <http://example.org/> .
ex:Paris kgeo:capitalOf ex:France ; rdfs:label "Paris, the city" .
foo:NewYork <locatedIn> <United_States> .
<http://evil.example/x> <http://evil.example/capitalOf> <http://evil.example/y%3E%20.> .
_:b kgeo:borders ex:Spain .
ex:Paris a kgeo:City , ex:Thing .
ex:France kgeo:population "68000000"^^xsd:integer .
```"""
    cands, bad = _run(Extractor(geo), text, Prompt.make("p", "rdf"))
    iris = {t for c in cands for t in (c.subject, c.object) if isinstance(t, URIRef)}
    allowed = ("https://w3id.org/kgdistill/resource/", GEO)
    assert all(str(i).startswith(allowed) for i in iris), iris
    labels = {(c.subject_label, str(c.predicate).rsplit("#", 1)[-1], c.object_label) for c in cands}
    assert ("Paris, the city", "capitalOf", "France") in labels
    assert ("New York City", "locatedIn", "United States") in labels  # "New York" is an alias of the reference's city: its own name
    assert (mint_iri("Paris, the city"), RDF.type, URIRef(GEO + "City")) in {c.triple for c in cands}
    assert any(c.object == Literal("68000000", datatype=NNI) for c in cands)
    assert {b.reason.split(" ")[0] for b in bad} >= {"blank", "type"}


def test_turtle_with_a_broken_statement_keeps_the_others(geo) -> None:
    text = 'kgeo:x kgeo:y .\nres:lyon kgeo:locatedIn res:france .\nres:paris kgeo:capitalOf "France . <a> <b> <c> .\nres:nice kgeo:locatedIn res:france .'
    cands, bad = _run(Extractor(geo), text, Prompt.make("p", "rdf"))
    assert {("lyon", "locatedIn", "france"), ("nice", "locatedIn", "france")} <= _triples(cands)
    assert bad  # the unterminated literal, the unknown predicate


def test_injection_in_a_literal_is_quarantined(geo) -> None:
    text = 'res:paris kgeo:capitalOf "France\\" . <http://a> <http://b> <http://c> ." .\nres:lyon kgeo:locatedIn "France" .'
    cands, bad = _run(Extractor(geo), text, Prompt.make("p", "rdf"))
    assert [(c.subject_label, c.object_label) for c in cands] == [("lyon", "France")]
    assert len(bad) == 1 and "RDF syntax" in bad[0].reason


# -- free text --------------------------------------------------------------------------------

def test_free_text_svo_mapped_through_labels_and_synonyms(geo, spacy_model) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    text = "Paris is the capital of France. France borders Spain and Italy. Lyon is located in France. Berlin is a city. The weather is nice."
    cands, bad = _run(ex, text, Prompt.make("Tell me about France", "text"))
    assert _triples(cands) >= {
        ("paris", "capitalOf", "france"), ("france", "borders", "spain"), ("france", "borders", "italy"),
        ("lyon", "locatedIn", "france"),
    }
    assert (mint_iri("Berlin"), RDF.type, URIRef(GEO + "City")) in {c.triple for c in cands}
    assert [(u.span, u.reason) for u in bad] == [("The weather is nice.", "no known relation in the sentence")]


def test_free_text_relational_nouns(geo, spacy_model) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    text = "The capital of Peru is Lima. The population of France is 68 million."
    cands, bad = _run(ex, text, Prompt.make("p", "text"))
    assert ("peru", "hasCapital", "lima") in _triples(cands) and not bad
    assert (mint_iri("France"), URIRef(GEO + "population"), Literal("68000000", datatype=NNI)) in {c.triple for c in cands}


def test_free_text_without_any_relation_is_unreadable(geo, spacy_model) -> None:
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, "I like turtles.", Prompt.make("p", "text"))
    assert not cands and bad[0].reason == "no known relation in the text"


def test_spacy_model_name_is_configurable() -> None:
    from extractors.freetext import SpacyModel
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="no_such_model"):
        SpacyModel("no_such_model").nlp  # noqa: B018 - loading raises


# -- normaliser and dispatch ------------------------------------------------------------------

def test_normaliser_text_and_keys(cs) -> None:
    norm = Normalizer(cs)
    assert norm.clean("  “To see  Person Y is hurt.”  ") == "To see PersonY is hurt"
    assert norm.clean("personx gives ____ a gift!!") == "PersonX gives ___ a gift"
    assert norm.clean("PersonX pleases ____") == "PersonX pleases ___"
    assert norm.clean("a person x-rays it") == "a person x-rays it"
    # the last period of an abbreviation is part of the name
    for name in ("E.T.", "Washington, D.C.", "Sammy Davis Jr.", "Apple Inc.", "to move to the U.S."):
        assert norm.clean(name) == name and norm.clean(f'"{name}"') == name and norm.clean(name + "!") == name
    assert norm.clean("Paris.") == "Paris" and norm.clean("Mr. T.") == "Mr. T"
    assert match_key("To dial the numbers.") == match_key("dial number")
    assert norm.is_none("None.") and norm.is_none("nothing") and not norm.is_none("no one home")
    assert norm.relation("xintent") is cs.relations["xIntent"]
    assert norm.relation("because PersonX wanted") is cs.relations["xIntent"]
    assert norm.relation("no such relation") is None


def test_entity_resolution_exact_normalised_fuzzy(geo, tmp_path: Path) -> None:
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    odd = URIRef("https://w3id.org/kgdistill/resource/q90")
    store.add_triples([(odd, RDFS.label, Literal("Paris")), (mint_iri("Saint Petersburg"), RDFS.label, Literal("Saint Petersburg"))])
    try:
        norm = Normalizer(geo, store)
        assert norm.entity("Paris") == odd
        assert norm.entity("paris") == odd  # normalised
        assert norm.entity("Saint Petersbourg") == mint_iri("Saint Petersburg")  # fuzzy
        assert norm.entity("Lyon") == mint_iri("Lyon")  # new: minted
        assert Normalizer(geo, store, fuzzy=None).entity("Saint Petersbourg") == mint_iri("Saint Petersbourg")
    finally:
        store.close()


def test_a_name_is_not_its_plural_but_a_common_noun_is(geo, tmp_path: Path) -> None:
    """"Aliens" (1986) was merged into the stored "Alien" (1979), and one answer's "Alien" and
    "Aliens" deduplicated: plural endings were dropped from every name. A capitalised word keeps
    its ending; a word in lower case still loses it."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in ("Alien", "The Rolling Stone", "beta blocker")])
    try:
        norm = Normalizer(geo, store)
        assert norm.entity("Aliens") == mint_iri("Aliens") and norm.entity("Rolling Stones") == mint_iri("Rolling Stones")
        assert norm.entity("beta blockers") == mint_iri("beta blocker") and norm.entity("Rolling Stone") == mint_iri("The Rolling Stone")
    finally:
        store.close()
    assert match_key("Aliens") == match_key("Alien")  # a relation's, a phrase's key: still lemmatised


def test_a_name_with_its_name_in_another_script_in_brackets_is_that_name(geo) -> None:
    """"Spirited Away (千と千尋の神隠し)" was an entity apart from "Spirited Away": a gloss that names
    nothing known made the whole label another thing, though it is the name's original script."""
    norm = Normalizer(geo)
    assert norm.entity("Spirited Away (千と千尋の神隠し)") == norm.entity("千と千尋の神隠し (Spirited Away)") == mint_iri("Spirited Away")
    assert norm.entity("Tokyo (東京)") == norm.entity("Tokyo") and norm.entity("Moscow (Москва)") == norm.entity("Moscow")
    assert norm.entity("Paris (Texas)") == mint_iri("Paris (Texas)")  # a gloss in the same script: another thing


def test_a_name_with_its_native_name_in_latin_script_in_brackets_is_that_name(geo) -> None:
    """Seeds "Spanish (español)" and "Swahili (Kiswahili)" kept the whole label, an entity apart from
    the reference's or a file's "Spanish" (a one-value number of cases then held twice), though a
    native name in another script ("Russian (русский)") was an alias. A bracketed word that begins
    with the name's own first four letters is its native name, kept as the alias; a native name
    sharing no stem with it cannot be told from a place or a class by its letters and keeps the label whole."""
    norm = Normalizer(geo)
    for label, name, alias in (("Spanish (español)", "Spanish", "español"), ("Swahili (Kiswahili)", "Swahili", "Kiswahili"),
                               ("Old English (Englisc)", "Old English", "Englisc"), ("Turkey (Türkiye)", "Turkey", "Türkiye")):
        iri, found = norm.named_entity(label)
        assert (iri, found, found.written) == (mint_iri(name), name, alias), label
    assert norm.entity("Kiswahili") == mint_iri("Swahili")
    for other in ("Paris (Texas)", "Jordan (river)", "Columbia (Colombia)", "Basque (Euskara)"):
        assert norm.entity(other) == mint_iri(other), other


def test_a_fuzzy_match_never_merges_names_that_differ_in_a_number_or_a_letter(geo, tmp_path: Path) -> None:
    """'Type 2 diabetes' resolved to the stored 'Type 1 diabetes' (fuzz ratio 0.93 over the
    0.92 cutoff), 'PersonX plays game 8' to 'PersonX plays game 1', 'iPhone 14' to 'iPhone 13':
    two entities merged into one; so did names that differ in a Greek letter ('α1-adrenergic
    receptor' stored as the 'β1-adrenergic receptor' the store held), or in a roman numeral past xii
    ('Louis XV' as 'Louis XIV', 'Pope Pius XI' as 'Pope Pius XII'). A typo still resolves."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    names = ["Type 1 diabetes", "PersonX plays game 1", "iPhone 13", "Hepatitis B", "World War I", "Saint Petersburg",
             "PersonX goes home", "β1-adrenergic receptor", "estrogen receptor α", "Lanosterol 14α-demethylase", "Louis XIV",
             "Pope Pius XII", "Super Bowl XXIII"]
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in names])
    try:
        norm = Normalizer(geo, store)
        for other in ("Type 2 diabetes", "PersonX plays game 8", "iPhone 14", "Hepatitis C", "World War II",
                      "α1-adrenergic receptor", "estrogen receptor γ", "Lanosterol 14β-demethylase", "Louis XV", "Pope Pius XI",
                      "Super Bowl XXII"):
            assert norm.entity(other) == mint_iri(other), other
        assert norm.entity("Type 1 diabetis") == mint_iri("Type 1 diabetes")  # a typo: one entity
        assert norm.entity("Saint Petersbourg") == mint_iri("Saint Petersburg")
        assert norm.entity("Person X goes home") == mint_iri("PersonX goes home")  # a letter on one side only
    finally:
        store.close()


def test_a_fuzzy_match_never_merges_siblings_told_apart_by_a_word_or_a_country_and_its_language(geo, tmp_path: Path) -> None:
    """'East Germanic' was stored as the 'West Germanic' the store held (a close spelling), and
    'Russia' as the language 'Russian' ("Russian officialLanguageOf Russian"): a word like
    East/West, Upper/Lower, Old/Middle or a demonym's ending tells two things apart. A typo still resolves."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    names = ["West Germanic", "Russian", "German", "Upper Sorbian", "Old English", "Korean", "Southern Min", "Saint Petersburg", "Kyrgyzstan"]
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in names])
    try:
        norm = Normalizer(geo, store)
        for other in ("East Germanic", "Russia", "Germany", "Lower Sorbian", "Korea", "Northern Min"):
            assert norm.entity(other) == mint_iri(other), other
        assert norm.entity("West Germanik") == mint_iri("West Germanic")  # a typo: one entity
        assert norm.entity("Saint Petersbourg") == mint_iri("Saint Petersburg")
        assert norm.entity("Kyrgyzstann") == mint_iri("Kyrgyzstan")  # a doubled letter, no demonym's ending
    finally:
        store.close()


def test_a_movement_in_another_languages_form_is_no_typo_of_the_english_one(geo, tmp_path: Path) -> None:
    """'Modernisme' (the Catalan style) was stored as the 'Modernism' the store held, a close
    spelling: '-isme', '-ismo', '-ismus' after an English '-ism' is another language's movement, no
    typo; 'Kyrgyzstann' still resolves (found by the architectural historian's audit)."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in ("Modernism", "Expressionism", "Kyrgyzstan")])
    try:
        norm = Normalizer(geo, store)
        for other in ("Modernisme", "Modernismo", "Expressionismus"):
            assert norm.entity(other) == mint_iri(other), other
        assert norm.entity("Expressionsm") == mint_iri("Expressionism") and norm.entity("Kyrgyzstann") == mint_iri("Kyrgyzstan")
    finally:
        store.close()


def test_a_known_persons_name_written_surname_first_is_that_person(geo, tmp_path: Path) -> None:
    """A file's row "Kojima, Hideo" was an entity apart from the stored "Hideo Kojima": a known
    person's name written surname first is that person now; an unknown one keeps its label."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in ("Hideo Kojima", "K. Reitz")])
    try:
        norm = Normalizer(geo, store)
        assert norm.entity("Kojima, Hideo") == mint_iri("Hideo Kojima") and norm.entity("Reitz, K.") == mint_iri("K. Reitz")
        assert norm.entity("Miyamoto, Shigeru") == mint_iri("Miyamoto, Shigeru")
    finally:
        store.close()


def test_a_companys_legal_form_after_a_known_name_is_that_company(geo, tmp_path: Path) -> None:
    """'Intel Corporation' was rejected as contradicting the reference's 'Intel' and minted an
    entity apart, as 'Tesla, Inc.' was from a seed 'Tesla': a legal form after a known name is that
    name's entity, and a name alone is the one stored entity with it and a legal form; two stored
    things ('Apple', 'Apple Records') or two companies with one name stay apart (found by the
    computer-hardware analyst's audit)."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    names = ("Intel", "Tesla", "Nokia Oyj", "Apple", "Apple Records", "Acme Ltd", "Acme GmbH")
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in names])
    try:
        norm = Normalizer(geo, store)
        assert norm.entity("Intel Corporation") == norm.entity("Intel Corp.") == mint_iri("Intel")
        assert norm.entity("Tesla, Inc.") == mint_iri("Tesla") and norm.entity("Nokia") == mint_iri("Nokia Oyj")
        assert norm.entity("Apple Records") != norm.entity("Apple Inc.") == mint_iri("Apple")
        assert norm.entity("Acme") == mint_iri("Acme") and norm.entity("Umbrella Corporation") == mint_iri("Umbrella Corporation")
    finally:
        store.close()


def test_a_code_after_the_name_of_the_scheme_the_relation_is_called_by_is_the_code(tmp_path: Path) -> None:
    """'Köppen BWh (hot desert)' was an entity 'Köppen BWh' apart from a bare 'BWh': the scheme's
    name the relation is called by ('Köppen climate classification'), capitalised, before a short
    code is no part of the code's name; another word before a code keeps its name whole (found by
    the climatologist's audit)."""
    from kg.ontology import load_domain

    (tmp_path / "ontology.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix c: <https://example.org/c#> .\nc:Place a owl:Class . c:ClimateClass a owl:Class .\n"
        "c:koppenClass a owl:ObjectProperty ; rdfs:domain c:Place ; rdfs:range c:ClimateClass .\n")
    (tmp_path / "relations.toml").write_text(
        '[domain]\nname = "c"\nprefix = "c"\nnamespace = "https://example.org/c#"\n[relations.koppenClass]\n'
        'prompt = "Which climate class completes \\"{head} Köppen climate classification ___\\"?"\n'
        'verbalization = "{head} Köppen climate classification {tail}"\nsynonyms = ["Köppen climate classification"]\n')
    (tmp_path / "shapes.ttl").write_text((Path(__file__).parent / "dynasties" / "shapes.ttl").read_text())
    domain = load_domain(tmp_path)
    read = []
    for text in ("Köppen BWh (hot desert)", "BWh", "Koppen BWh", "Sahara BWh"):
        prompt = Prompt.make("p", "list", head="Cairo", relation="koppenClass")
        (found,) = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
        assert isinstance(found, Candidate), found
        read.append(found.object_label)
    assert read == ["BWh", "BWh", "BWh", "Sahara BWh"]


def test_a_components_designation_letter_is_part_of_its_name_in_either_case(geo, cs, tmp_path: Path) -> None:
    """With "Proxima Centauri" stored, "Proxima Centauri b" (its planet) resolved to the star (a
    letter on one side of a fuzzy match was let through), "Sirius A" to "Sirius" and "Alpha
    Centauri" to "Alpha Centauri A" (the last "A" read as an article), and the planet "Kepler-16 b"
    to the star "Kepler-16 B" (case folded; even its hashed IRI was the same): facts of one body
    stored on another. A designation letter now makes another body, in either case."""
    from kg.store import init_store
    from rdflib import RDFS

    store = init_store(tmp_path / "store")
    stored = {n: mint_iri(n) for n in ("Proxima Centauri", "Sirius", "Alpha Centauri A", "Kepler-16 B", "Alpha Centauri Bb")}
    store.add_triples([(iri, RDFS.label, Literal(n)) for n, iri in stored.items()])
    try:
        norm = Normalizer(geo, store)
        for other in ("Proxima Centauri b", "Proxima Centauri c", "Sirius A", "Alpha Centauri", "Alpha Centauri Ab"):
            assert norm.entity(other) == mint_iri(other), other
        planet = norm.entity("Kepler-16 b")
        assert planet != stored["Kepler-16 B"] and norm.entity("Kepler-16 B") == stored["Kepler-16 B"]
        assert norm.entity("Kepler-16 b") == planet and norm.entity("kepler-16 B") == stored["Kepler-16 B"]
        assert norm.entity("Proxima Centaury") == stored["Proxima Centauri"]  # a typo: one entity
        assert norm.entity("Kepler-16B") == stored["Kepler-16 B"]  # a space: one body
        fresh = Normalizer(geo)  # one batch: the planet, then the star, never one IRI
        assert fresh.entity("HD 189733 b") != fresh.entity("HD 189733 B")
        phrases = Normalizer(cs)  # a phrase matches up to case
        assert phrases.entity("PersonX gets an A") == phrases.entity("PersonX gets an a")
    finally:
        store.close()


def test_a_star_that_ends_a_name_is_the_names_own(geo, tmp_path: Path) -> None:
    """"Sagittarius A*" and "Sgr A*" were stored as "Sagittarius A" and "Sgr A" (a seed, a chat
    answer, a row of a file): the star was stripped as emphasis, and the name then was the radio
    source Sagittarius A. A star no emphasis opens is the name's own; a pair is still emphasis."""
    from rdflib import RDFS

    from extractors.text import clean
    from kg.store import init_store

    for text in ("Sagittarius A*", "**Sagittarius A***", "'Sagittarius A*'", "Sagittarius A*.", "**Sagittarius A***."):
        assert clean(text) == clean(text, markdown=False) == "Sagittarius A*", text
    assert clean("*Sagittarius A*") == "Sagittarius A" and clean("Escherichia *coli*", markdown=False) == "Escherichia coli"
    assert clean("**Vitamin A**.") == "Vitamin A" and clean("**Pluto***.") == "Pluto"
    assert clean("Pluto*") == "Pluto" and clean("Pluto*", markdown=False) == "Pluto*"  # a chat model's footnote; a file's name
    prompt = Prompt.make("p", "list", head="Milky Way", relation="borders")
    completion = Completion(prompt.id, prompt.text, "openai:chat", "1. Sagittarius A* (the black hole at its centre)\n2. Sgr A*")
    cands = [r for r in Extractor(geo).extract(completion, prompt) if isinstance(r, Candidate)]
    assert [c.object_label for c in cands] == ["Sagittarius A*", "Sgr A*"]
    store = init_store(tmp_path / "store")
    store.add_triples([(mint_iri("Sagittarius A"), RDFS.label, Literal("Sagittarius A"))])
    try:
        norm = Normalizer(geo, store)
        assert norm.entity("Sagittarius A*") != mint_iri("Sagittarius A") and norm.entity("Sagittarius A") == mint_iri("Sagittarius A")
    finally:
        store.close()


def test_a_name_with_another_name_of_it_in_brackets_is_one_entity_from_a_seed_a_file_or_an_answer(geo) -> None:
    """"Teollisuuden Voima Oyj (TVO)" was the company as a chat answer (the gloss split off and
    lost) but another entity, brackets and all, as a seed or a row of a file ("Olkiluoto 3 (OL3)",
    "Museum of Modern Art (MoMA)": a true fact then rejected as a second location), and "The Night
    Watch (Militia Company ...)" was not the reference's "The Night Watch". An abbreviation either
    way or the name in another script is the name's entity with the alias kept (its skos:altLabel,
    so a later "TVO" is the company); a share or a long subtitle after a known name is no part of it;
    a short gloss that may tell another thing keeps the label whole."""
    norm = Normalizer(geo)
    for label, name, alias in (("Teollisuuden Voima Oyj (TVO)", "Teollisuuden Voima Oyj", "TVO"), ("Olkiluoto 3 (OL3)", "Olkiluoto 3", "OL3"),
                               ("Électricité de France (EDF)", "Électricité de France", "EDF"),
                               ("The Museum of Modern Art (MoMA)", "The Museum of Modern Art", "MoMA"),
                               ("The Metropolitan Museum of Art (The Met)", "The Metropolitan Museum of Art", "The Met"),
                               ("TEPCO (Tokyo Electric Power Company)", "TEPCO", "Tokyo Electric Power Company"),
                               ("Three Gorges Dam (三峡大坝)", "Three Gorges Dam", "三峡大坝")):
        iri, found = norm.named_entity(label)
        assert (iri, found, found.written) == (mint_iri(name), name, alias), label
    assert norm.entity("TVO") == mint_iri("Teollisuuden Voima Oyj") and norm.entity("OL3") == mint_iri("Olkiluoto 3")  # this batch's too
    assert norm.entity("France (75%)") == norm.entity("France")
    for other in ("Paris (Texas)", "Georgia (GA)", "Boeing Company (BA)"):  # a place, a state, a ticker: no abbreviation of it
        assert norm.entity(other) == mint_iri(other), other
    assert norm.entity("Itaipu Dam (Itaipu Binacional)") == mint_iri("Itaipu Dam (Itaipu Binacional)")  # the dam, or its company
    prompt = Prompt.make("p", "list", head="Olkiluoto 3 (OL3)", relation="borders")
    completion = Completion(prompt.id, prompt.text, "openai:chat", "1. Teollisuuden Voima Oyj (TVO)")
    cand = next(r for r in Extractor(geo).extract(completion, prompt) if isinstance(r, Candidate))
    assert (cand.subject, cand.object) == (mint_iri("Olkiluoto 3"), mint_iri("Teollisuuden Voima Oyj"))
    assert (cand.subject_label.written, cand.object_label.written) == ("OL3", "TVO")


def test_a_name_with_its_codes_or_a_numbered_abbreviation_in_brackets_is_one_entity(geo) -> None:
    """Seeds "Tokyo Haneda (HND)", "London Heathrow Airport (LHR/EGLL)", "Charles de Gaulle Airport
    (CDG, Roissy)" and "Dubai International (DXB)" kept the codes in the name (a hashed IRI, no alias),
    so "Heathrow" facts fell on three entities and "DXB" was a new one, and "Grand Theft Auto V (GTA V)"
    kept its full label. An airport's codes (its first the alias) and an abbreviation with the name's
    number are now the name's entity with the alias kept; a state's two letters still keep the label whole."""
    norm = Normalizer(geo)
    for label, name, alias in (("Tokyo Haneda (HND)", "Tokyo Haneda", "HND"),
                               ("London Heathrow Airport (LHR/EGLL)", "London Heathrow Airport", "LHR"),
                               ("Charles de Gaulle Airport (CDG, Roissy)", "Charles de Gaulle Airport", "CDG"),
                               ("Dubai International (DXB)", "Dubai International", "DXB"),
                               ("Grand Theft Auto V (GTA V)", "Grand Theft Auto V", "GTA V")):
        iri, found = norm.named_entity(label)
        assert (iri, found, found.written) == (mint_iri(name), name, alias), label
    assert norm.entity("DXB") == norm.entity("Dubai International Airport (DXB)") == mint_iri("Dubai International")
    assert norm.entity("GTA V") == mint_iri("Grand Theft Auto V") and norm.entity("HND") == mint_iri("Tokyo Haneda")
    for other in ("Paris (TXA)", "Georgia (GA)", "Grand Theft Auto V (GTA 5)"):  # no code or abbreviation of the name
        assert norm.entity(other) == mint_iri(other), other


def test_a_name_with_other_names_in_brackets_is_one_entity_with_each_an_alias_and_a_disambiguator_or_code_stays_in_the_name(geo) -> None:
    """Seeds and file rows "Burj Khalifa (Burj Dubai)", "Mount Everest (Sagarmatha / Chomolungma)",
    "Denali (formerly Mount McKinley)" or "Athena (Pallas Athena; Minerva in Rome)" were entities
    named with their brackets and no alias, so a later plain "Burj Khalifa" was a second entity and
    the reference check missed the seed; a chat answer lost "Le Corbusier (Charles-Édouard
    Jeanneret)"'s alias, and "911 (991)" lost its generation (the predecessor of "911 (992)" was
    every 911). Other names in brackets (a list of them, a former name) are now the name's aliases,
    another culture's name of another thing a note; a region, a kind, a note in lower case, a year,
    an owner or a model's code keep the label whole."""
    norm = Normalizer(geo)
    for label, name, aliases in (("Burj Khalifa (Burj Dubai)", "Burj Khalifa", ["Burj Dubai"]),
                                 ("Mount Everest (Sagarmatha / Chomolungma)", "Mount Everest", ["Sagarmatha", "Chomolungma"]),
                                 ("Yangtze (Chang Jiang, 长江)", "Yangtze", ["Chang Jiang", "长江"]),
                                 ("Denali (formerly Mount McKinley)", "Denali", ["Mount McKinley"]),
                                 ("Mercedes-Benz Group (formerly Daimler AG)", "Mercedes-Benz Group", ["Daimler AG"]),
                                 ("Athena (Pallas Athena; Minerva in Rome)", "Athena", ["Pallas Athena"]),
                                 ("Odin (Óðinn, Woden, Wotan)", "Odin", ["Óðinn", "Woden", "Wotan"]),
                                 ("University of California, Berkeley (UC Berkeley)", "University of California, Berkeley", ["UC Berkeley"]),
                                 ("ETH Zürich (Swiss Federal Institute of Technology in Zurich)", "ETH Zürich", ["Swiss Federal Institute of Technology in Zurich"])):
        iri, found = norm.named_entity(label)
        assert (iri, found, [found.written, *found.also]) == (mint_iri(name), name, aliases), label
    assert norm.entity("Burj Dubai") == norm.entity("Burj Khalifa") == mint_iri("Burj Khalifa")  # this batch's too
    for whole in ("Paris (Texas)", "Cambridge (Massachusetts)", "Mercury (planet)", "Queen (band)", "Weezer (Blue Album)",
                  "Weezer (Green Album)", "1989 (Taylor's Version)", "A100 (Ampere)", "RTX 4090 (Ada Lovelace)", "Ra (Re)", "USS Hornet (CV-8)", "Old Town Road (Remix)", "Purple Rain (1984)", "Sucre (constitutional)", "Berlin (capital since 1990)",
                  "Itaipu Dam (Itaipu Binacional)", "911 (992)", "BMW 3 Series (E36)", "Mercedes-Benz S-Class (W222)", "Mini (Mk II)"):
        assert norm.named_entity(whole) == (mint_iri(whole), whole), whole
    answers = {"Le Corbusier (Charles-Édouard Jeanneret)": ("Le Corbusier", None), "Joe Biden (Democratic Party)": ("Joe Biden", None),
               "Danube (Black Sea)": ("Danube", None), "Apple (Apple Silicon)": ("Apple", None), "USS Hornet (CV-8)": ("USS Hornet (CV-8)", None), "PTGS1 (COX-1)": ("PTGS1", None), "Madrid (Community of Madrid)": ("Madrid", None), "Boeing 747 (Boeing Commercial Airplanes)": ("Boeing 747", None), "Burj Khalifa (Burj Dubai)": ("Burj Khalifa", "Burj Dubai"),
               "Cronus (Kronos)": ("Cronus", "Kronos"), "Andrés Manuel López Obrador (AMLO) — 2018–2024": ("Andrés Manuel López Obrador", "AMLO"),
               "911 (991)": ("911 (991)", None), "Toyota Corolla (E170)": ("Toyota Corolla (E170)", None),
               "Le Corbusier (Paris)": ("Le Corbusier", None)}  # one word not akin to the name: a model's note
    for text, (label, alias) in answers.items():
        prompt = Prompt.make("p", "list", head="911 (992)", relation="borders")
        cand = next(r for r in Extractor(geo).extract(Completion(prompt.id, prompt.text, "openai:chat", f"1. {text}"), prompt) if isinstance(r, Candidate))
        assert (cand.subject_label, cand.object, cand.object_label, getattr(cand.object_label, "written", None)) == ("911 (992)", mint_iri(label), label, alias), text



def test_a_quoted_nickname_in_brackets_is_an_alias_of_the_name(geo) -> None:
    """'USS Constitution ("Old Ironsides")' was an entity labelled with its quotes and brackets, as
    a seed, a file row and a chat answer alike: a quoted nickname in brackets is the name's alias."""
    norm = Normalizer(geo)
    for label in ('USS Constitution ("Old Ironsides")', "USS Constitution (“Old Ironsides”)"):
        iri, found = norm.named_entity(label)
        assert (iri, found, found.written) == (mint_iri("USS Constitution"), "USS Constitution", "Old Ironsides"), label
    prompt = Prompt.make("p", "list", head="HMS Victory", relation="borders")
    cand = next(r for r in Extractor(geo).extract(Completion(prompt.id, prompt.text, "openai:chat", 'USS Constitution ("Old Ironsides")'), prompt)
                if isinstance(r, Candidate))
    assert (cand.object_label, getattr(cand.object_label, "written", None)) == ("USS Constitution", "Old Ironsides")

def _history(tmp_path: Path):
    """A historian's domain minting in her own entity namespace, with a reference whose IRIs are
    her own (``ent:jp2``, ``ent:waterloo`` for the battle, ``ent:waterloo_place`` for the town)."""
    from kg.ontology import load_domain

    folder = tmp_path / "hist"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(
        "@prefix h: <https://example.org/hist#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "h:Person a owl:Class . h:Place a owl:Class . h:Battle a owl:Class ; owl:disjointWith h:Place .\n"
        "h:foughtAt a owl:ObjectProperty ; rdfs:domain h:Battle ; rdfs:range h:Place .\n"
        "h:succeededBy a owl:ObjectProperty ; rdfs:domain h:Person ; rdfs:range h:Person .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    (folder / "relations.toml").write_text(
        '[domain]\nname = "hist"\nprefix = "h"\nnamespace = "https://example.org/hist#"\n'
        'entities = "https://example.org/hist/entity/"\n'
        '[relations.foughtAt]\nprompt = "Where was {head} fought?"\nverbalization = "{head} fought at {tail}"\n'
        '[relations.succeededBy]\nprompt = "Who succeeded {head}?"\nverbalization = "{head} succeeded by {tail}"\n', encoding="utf-8")
    (folder / "reference.ttl").write_text(
        "@prefix h: <https://example.org/hist#> . @prefix ent: <https://example.org/hist/entity/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'ent:waterloo_place a h:Place ; rdfs:label "Waterloo" .\n'
        'ent:waterloo a h:Battle ; rdfs:label "Battle of Waterloo" ; h:foughtAt ent:waterloo_place .\n'
        'ent:pavia a h:Battle ; rdfs:label "Battle of Pavia" .\n'
        'ent:jp2 a h:Person ; rdfs:label "John Paul II" ; skos:altLabel "Karol Wojtyła" ; h:succeededBy ent:b16 .\n'
        'ent:b16 a h:Person ; rdfs:label "Benedict XVI" .\n'
        'ent:louis_xiv a h:Person ; rdfs:label "Louis XIV" ; skos:altLabel "the Sun King" .\n'
        'ent:elizabeth_ii a h:Person ; rdfs:label "Elizabeth II" .\n'
        'ent:augustus a h:Person ; rdfs:label "Augustus" .\n'
        '<https://example.org/wd/Q1> a h:Place ; rdfs:label "Hastings" .\n'
        'ent:hastings_1066 a h:Battle ; rdfs:label "Battle of Hastings" ; h:foughtAt <https://example.org/wd/Q1> .\n', encoding="utf-8")
    return load_domain(folder)


def test_a_name_the_reference_labels_is_its_entity_and_a_new_name_never_takes_another_entitys_iri(tmp_path: Path) -> None:
    """The town 'Waterloo' was minted ent:waterloo, the reference's IRI of the Battle of Waterloo
    (loaded, ent:waterloo was a battle and a place: the store inconsistent), the town 'Pavia'
    ent:pavia, the reference's Battle of Pavia; and 'John Paul II' ent:john_paul_ii beside the
    reference's ent:jp2 of that name. A name the reference labels is now its entity, and a new
    name whose minted IRI is another entity's (the reference's or the store's) gets its own."""
    from rdflib import RDFS

    from kg.store import init_store
    from kg.validate import Validator

    domain = _history(tmp_path)
    ent = "https://example.org/hist/entity/"
    store = init_store(tmp_path / "store")
    store.add_triples([(URIRef(ent + "napoleon"), RDFS.label, Literal("Napoleon Bonaparte"))])
    try:
        norm = Normalizer(domain, store)
        assert norm.entity("Waterloo") == URIRef(ent + "waterloo_place")
        assert norm.entity("Battle of Waterloo") == URIRef(ent + "waterloo")
        assert norm.entity("John Paul II") == norm.entity("Karol Wojtyła") == URIRef(ent + "jp2")
        for name, taken in (("Pavia", "pavia"), ("Napoleon", "napoleon")):
            iri, label = norm.named_entity(name)
            assert iri != URIRef(ent + taken) and str(iri).startswith(ent + taken + "_") and label == name, iri
        assert norm.entity("Benedict XVI") == URIRef(ent + "b16")
        assert norm.entity("Tiberius") == URIRef(ent + "tiberius")  # new, its IRI free: minted as ever
    finally:
        store.close()
    # a stored fact, no names given (`kg validate --store`): ent:hastings is the reference's "Hastings"
    fought_at = URIRef("https://example.org/hist#foughtAt")
    for fact in Validator(domain).validate([Candidate(URIRef(ent + "waterloo"), fought_at, URIRef(ent + "waterloo_place")),
                                            Candidate(URIRef(ent + "hastings_1066"), fought_at, URIRef(ent + "hastings"))]):
        assert fact.accepted and fact.reference == "confirmed", fact.reasons


def test_a_title_before_a_known_name_or_a_gloss_after_it_resolves_to_the_name(tmp_path: Path) -> None:
    """'Queen Elizabeth II', 'King Louis XIV', 'Emperor Augustus (Octavian)' and 'Louis XIV (the
    Sun King)' each became a new person beside the known one; a name nobody knows keeps its
    title, as its label, and a place's 'Saint' is part of its name. A title or a gloss around a
    name of another thing resolved onto it too: 'King Cobra' was Cobra, 'Queen Latifah' Latifah,
    'Duke Ellington' Ellington, 'Dr. Pepper' Pepper, 'Prince Edward Island' Edward Island,
    'Mercury (planet)' the same as 'Mercury (element)', 'Paris (Texas)' Paris and 'Jordan (river)'
    the country: only a gloss naming the same entity goes, and a monarch's or pope's title before
    a known name of two words or more."""
    from rdflib import RDFS

    from kg.store import init_store

    domain = _history(tmp_path)
    ent = "https://example.org/hist/entity/"
    store = init_store(tmp_path / "store")
    short = ["Helena", "Cobra", "Latifah", "Ellington", "Pepper", "Edward Island", "Mercury", "Paris", "Texas", "Jordan"]
    store.add_triples([(URIRef(ent + "henry_viii"), RDFS.label, Literal("Henry VIII"))] + [(URIRef(ent + "augustus"), RDFS.label, Literal(name)) for name in ("Augustus", "Octavian")])
    store.add_triples([(URIRef(ent + name.lower().replace(" ", "_")), RDFS.label, Literal(name)) for name in short])
    try:
        norm = Normalizer(domain, store)
        assert norm.entity("Queen Elizabeth II") == URIRef(ent + "elizabeth_ii")
        assert norm.entity("King Louis XIV") == norm.entity("Louis XIV (the Sun King)") == URIRef(ent + "louis_xiv")
        assert norm.entity("Augustus (Octavian)") == URIRef(ent + "augustus")
        assert norm.entity("King Henry VIII") == URIRef(ent + "henry_viii")  # the store's
        assert norm.named_entity("Pope John XXIII") == (URIRef(ent + "pope_john_xxiii"), "Pope John XXIII")
        assert norm.entity("Saint Helena") == URIRef(ent + "saint_helena")
        for other in ("King Cobra", "Queen Latifah", "Duke Ellington", "Dr. Pepper", "Prince Edward Island", "Emperor Augustus", "Paris (Texas)", "Jordan (river)"):
            iri, label = norm.named_entity(other)
            assert label == other and iri not in {URIRef(ent + k) for k in ("cobra", "latifah", "ellington", "pepper", "edward_island", "augustus", "paris", "jordan")}, other
        assert len({norm.entity("Mercury (planet)"), norm.entity("Mercury (element)"), URIRef(ent + "mercury")}) == 3
    finally:
        store.close()


def test_labels_that_differ_only_by_accents_resolve_to_one_entity(geo, tmp_path: Path) -> None:
    """Issue #16 item 7: "Zürich" and "Zurich", "Bogotá" and "Bogota" are one entity, whether
    the store knows it (under any IRI) or it is minted."""
    from kg.store import init_store
    from rdflib import RDFS

    assert match_key("Bogotá") == match_key("bogota") and match_key("São Paulo") == "sao paulo"
    assert Normalizer(geo).entity("Bogotá") == Normalizer(geo).entity("Bogota") == mint_iri("bogota")
    store = init_store(tmp_path / "store")
    odd = URIRef("https://w3id.org/kgdistill/resource/q72")
    store.add_triples([(odd, RDFS.label, Literal("Zurich")), (mint_iri("Lyon"), RDFS.label, Literal("Lyon"))])
    try:
        for fuzzy in (0.92, None):
            norm = Normalizer(geo, store, fuzzy=fuzzy)
            assert norm.entity("Zürich") == norm.entity("ZÜRICH") == norm.entity("Zurich") == odd
    finally:
        store.close()


def test_an_ampersand_and_and_between_words_name_one_entity(geo, tmp_path: Path) -> None:
    """'Simon and Schuster' was a second publisher beside the stored 'Simon & Schuster', and
    'Faber & Faber' beside 'Faber and Faber' (a functional relation refused each); minted IRIs
    stay as they were."""
    from kg.store import init_store
    from rdflib import RDFS

    simon, faber = mint_iri("Simon & Schuster"), mint_iri("Faber and Faber")
    store = init_store(tmp_path / "store")
    store.add_triples([(simon, RDFS.label, Literal("Simon & Schuster")), (faber, RDFS.label, Literal("Faber and Faber"))])
    try:
        norm = Normalizer(geo, store)
        assert norm.entity("Simon and Schuster") == simon and norm.entity("Faber & Faber") == faber
        assert norm.entity("AT&T") != norm.entity("AT and T")  # one name's sign, not a word
    finally:
        store.close()
    assert mint_iri("Simon and Schuster") != simon


def test_dispatch_follows_prompt_kind_and_text() -> None:
    lp = Prompt.make("p", "list", head="h", relation="r")
    c = lambda t: Completion("p", "p", "t", t)  # noqa: E731
    assert choose_extractor(c("1. a"), lp) == "lists"
    assert choose_extractor(c('[{"subject": 1}]'), lp) == "json"
    assert choose_extractor(c("res:a kgeo:b res:c ."), Prompt.make("p", "text")) == "rdf"
    assert choose_extractor(c("Paris is nice."), Prompt.make("p", "json")) == "freetext"
    assert choose_extractor(c("Paris is nice."), None) == "freetext"


@pytest.mark.parametrize(
    ("datatype", "answer", "lexical"),
    [
        ("gYear", "It was released in 1975.", "1975"),
        ("gYear", "1975 or 1976", None),
        ("date", "It premiered on June 20, 1975.", "1975-06-20"),
        ("date", "20th June 1975", "1975-06-20"),
        ("date", "Summer 1975", None),
        ("boolean", "Yes, it did.", "true"),
        ("boolean", "Possibly", None),
        ("gYearMonth", "1975-06", "1975-06"),
    ],
)
def test_a_data_property_gets_a_valid_lexical_form_of_its_datatype_or_none(geo, datatype, answer, lexical) -> None:
    """rdflib does not check xsd:gYear and the like, so 'It was released in 1975'^^xsd:gYear
    passed every check; the year, date or truth value is read from the answer, and an answer
    that gives none (or two) is unreadable."""
    from kg.ontology import Relation

    xsd = f"http://www.w3.org/2001/XMLSchema#{datatype}"
    relation = Relation("released", URIRef("https://example.org/film#released"), "When was {head} released?",
                        "{head} was released in {tail}", datatype=URIRef(xsd), object_is_literal=True)
    literal = Normalizer(geo).literal(relation, answer)
    assert literal == (None if lexical is None else Literal(lexical, datatype=URIRef(xsd)))


def test_a_text_value_keeps_its_sentences_end(geo) -> None:
    """A tagline or a motto is text, not a name: 'In space, no one can hear you scream.' lost its
    period, as names lose the list's punctuation; a name still does ('Ridley Scott.')."""
    from kg.ontology import Relation

    tagline = Relation("tagline", URIRef("https://example.org/film#tagline"), "Tagline of {head}?",
                       "{head} has the tagline {tail}", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"),
                       object_is_literal=True)
    out: list = []
    Normalizer(geo).candidate(None, "lists", "x", "Alien", tagline, '"In space, no one can hear you scream."', out=out)
    assert [c.object for c in out] == [Literal("In space, no one can hear you scream.")]


def test_a_one_word_text_value_ends_no_sentence(geo) -> None:
    """A formula ending the teacher's sentence, 'CO2.', was stored as 'CO2.'; one word's period is
    the sentence's, unless it ends an abbreviation ('sp.')."""
    from kg.ontology import Relation

    formula = Relation("formula", URIRef("https://example.org/chem#formula"), "Formula of {head}?",
                       "{head} has the formula {tail}", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string"),
                       object_is_literal=True)
    out: list = []
    for value in ("CO2.", "H<sub>2</sub>O.", "sp.", "Yahoo!"):
        Normalizer(geo).candidate(None, "lists", "x", "water", formula, value, out=out)
    assert [c.object for c in out] == [Literal("CO2"), Literal("H2O"), Literal("sp."), Literal("Yahoo!")]


@pytest.mark.parametrize(
    ("head", "relation", "text", "value"),
    [
        ("France", "hasCapital", "The capital of France is Paris, which is also its largest city.", "Paris"),
        ("Paris", "locatedIn", "Paris is located in France, in the Île-de-France region.", "France"),
        ("France", "population", "As of 2023, France has a population of approximately 68 million people.", "68000000"),
        ("France", "population", "France has about 68 million inhabitants (2021 census).", "68000000"),
        # the whole name, comma and all: the reference's alias of Washington, read as its own name
        ("United States", "hasCapital", "Washington, D.C.", "Washington"),
    ],
)
def test_a_chat_sentence_about_a_named_entity_gives_the_name_and_the_figure(geo, spacy_model, head, relation, text, value) -> None:
    """'Paris, which is also its largest city' was the entity; 'As of 2023, ... 68 million' gave
    the population 2023 (the first number): a year that dates the figure is passed over."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, Prompt.make("q", "list", head=head, relation=relation))
    assert [c.object_label or str(c.object) for c in cands] == [value] and bad == []


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Iceland", "borders", "Iceland is an island and has no land borders.", []),
        ("Australia", "borders", "None, Australia is an island.", []),
        ("Japan", "borders", "Japan doesn't share land borders with any country.", []),
        ("France", "borders", "1. Spain\n2. Italy\n3. Not Switzerland", ["Spain", "Italy"]),
        ("Bolivia", "borders", "Bolivia has no coastline; it borders Brazil, Peru and Chile.", ["Brazil", "Peru", "Chile"]),
        ("Monaco", "borders", "Only France.", ["France"]),
        # "Kingdom of Denmark": the reference's alias of Denmark, read as its own name
        ("Greenland", "locatedIn", "Greenland is not a country; it is part of the Kingdom of Denmark.", ["Denmark"]),
        ("Kinshasa", "capitalOf", "It is the capital of the Democratic Republic of the Congo.", ["Democratic Republic of the Congo"]),
        # a name with a word that can deny is no denial
        ("France", "borders", "1. No Man's Land\n2. Rebel Without a Cause\n3. Never Land", ["No Man's Land", "Rebel Without a Cause", "Never Land"]),
    ],
)
def test_a_chat_answer_that_denies_gives_no_entity(geo, spacy_model, head, relation, text, labels) -> None:
    """'Iceland is an island and has no land borders.' gave Iceland borders 'island' and 'land
    borders'; 'None, Australia is an island.' one entity of that text; 'Only France.' the entity
    'Only France'; 'the Kingdom of Denmark' two entities, Kingdom and Denmark."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, Prompt.make("q", "list", head=head, relation=relation))
    assert [c.object_label for c in cands] == labels and bad == []
    assert ex.stats.dropped.get("object: none answer", 0) == (1 if not labels or "Not" in text else 0)


@pytest.mark.parametrize(
    ("text", "value"),
    [("between 67 and 68 million", 67_000_000), ("67-68 million", 67_000_000), ("1.2–1.4 billion", 1_200_000_000),
     ("68,000,000", 68_000_000), ("about 2.1 million", 2_100_000), ("5 to 10 km", 5),
     ("As of 2023, about 68 million", 68_000_000), ("It was founded in 1999", 1999), ("$2.9B", 2_900_000_000),
     ("$384.9M", 384_900_000)],
)
def test_a_figure_is_read_with_its_scale_and_not_its_date(text: str, value: int) -> None:
    """'between 67 and 68 million' gave 67, a millionth of the figure (the scale word follows
    the range's end); 'As of 2023, ...' gave 2023; a box office of '$2.9B' gave 2.9 (a billion's
    letter was no scale, a million's was)."""
    from extractors.figures import parse_number

    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("M*A*S*H ran for 11 seasons, from 1972 to 1983.", 11), ("From 1972 to 1983, M*A*S*H ran for 11 seasons.", 11),
     ("256 episodes (1972–1983)", 256), ("It had 256 episodes between 1972 and 1983 on CBS.", 256),
     ("between 1900 and 2000 employees", None), ("250 to 260", None)],
)
def test_the_years_a_figure_held_in_are_no_range_of_it(text: str, value: int | None) -> None:
    """'M*A*S*H ran for 11 seasons, from 1972 to 1983.' was quarantined as a range, not one value
    (found by the film archive user's audit); a range of the figure itself still is one."""
    from decimal import Decimal

    from extractors.figures import figure

    assert figure(text) == (None if value is None else Decimal(value))


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("France", "borders", "France borders Spain, Belgium and Italy. It does not border Portugal.", ["Spain", "Belgium", "Italy"]),
        ("Portugal", "locatedIn", "Portugal is located in Europe, not in Africa.", ["Europe"]),
    ],
)
def test_a_chat_answer_with_a_denying_sentence_keeps_what_it_affirms(geo, spacy_model, head, relation, text, labels) -> None:
    """'France borders Spain, Belgium and Italy. It does not border Portugal.' was dropped whole
    as a none answer (the denial was read as the answer's), and so was 'Portugal is located in
    Europe, not in Africa.': the answer's clauses parted only at semicolons and "but"."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, Prompt.make("q", "list", head=head, relation=relation))
    assert [c.object_label for c in cands] == labels and bad == []


@pytest.mark.parametrize(
    ("head", "text", "value"),
    [
        ("Bavaria", "Bavaria's population is roughly 13 million, though some estimates say 13.4 million.", "13000000"),
        ("Catalonia", "About 8 million; Barcelona alone has 1.6 million.", "8000000"),
        ("Wales", "Wales has a population of about 3.1 million (2021).", "3100000"),
    ],
)
def test_a_scale_word_before_a_comma_or_semicolon_keeps_its_scale(geo, spacy_model, head, text, value) -> None:
    """'roughly 13 million, though ...' gave the population 13 and 'About 8 million; ...' 8: the
    scale word was read with the comma or semicolon after it ("million,"), which is no scale."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, Prompt.make("q", "list", head=head, relation="population"))
    assert [str(c.object) for c in cands] == [value] and bad == []


def test_todays_figure_is_taken_over_a_past_one(geo, spacy_model) -> None:
    """'In 1990 Scotland had 5.1 million inhabitants; today it has about 5.4 million.' gave the
    population 5.1 million, the figure of 1990."""
    ex = Extractor(geo)
    ex.spacy = spacy_model
    text = "In 1990 Scotland had 5.1 million inhabitants; today it has about 5.4 million."
    cands, bad = _run(ex, text, Prompt.make("q", "list", head="Scotland", relation="population"))
    assert [str(c.object) for c in cands] == ["5400000"] and bad == []


@pytest.mark.parametrize("text", ["km2", "CO2", "m2"])
def test_the_digit_of_a_unit_or_a_name_is_no_number(text: str) -> None:
    """'70,550 km²' was stored as the area 2 when only the unit reached the parser: 'km²' is
    'km2' after NFKC, and its digit was read as the figure."""
    from extractors.figures import parse_number

    assert parse_number(text) is None and parse_number(f"70,550 {text}") == 70_550


@pytest.mark.parametrize(
    ("text", "value"),
    [("−1.19", "-1.19"), ("logP ≈ −1.19", "-1.19"), ("–0.5", "-0.5"), ("about –0.5", "-0.5"), ("-1.19", "-1.19"),
     ("COX-2", "2"), ("1991–1992", "1991")],
)
def test_a_minus_sign_or_a_dash_before_a_number_keeps_its_sign(text: str, value: str) -> None:
    """'logP ≈ −1.19' (U+2212, the minus sign) was read as 1.19 and '–0.5' (an en dash set as
    a minus) as 0.5; a dash between numbers or after a letter is no sign."""
    from decimal import Decimal

    from extractors.figures import parse_number

    assert parse_number(text) == Decimal(value)


def test_an_entity_named_in_several_languages_is_named_by_its_plain_or_english_label(geo) -> None:
    """'Sueurs froides'@fr before 'Vertigo'@en named the entity in French (res:sueurs_froides):
    the first label the parser met won."""
    text = ('@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n'
            '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
            '<http://x.org/de> rdfs:label "Deutschland"@de, "Germany"@en ; kgeo:borders <http://x.org/fr> .\n'
            '<http://x.org/fr> rdfs:label "Frankreich"@de, "France" .\n')
    cands, _ = _run(Extractor(geo), text, Prompt.make("r", "rdf"))
    assert [(c.subject_label, c.object_label) for c in cands] == [("Germany", "France")]


def test_a_year_valued_property_keeps_the_year_a_sentence_dates() -> None:
    """A year kept as a number (a relation named ...Year): 'Released in 1975, it grossed $470
    million' is 1975, not the figure after it."""
    from extractors.figures import parse_number
    from kg.ontology import Relation

    year = Relation("releaseYear", URIRef("https://example.org/film#releaseYear"), "When was {head} released?",
                    "{head} was released in {tail}", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"),
                    object_is_literal=True)
    from kg.ontology import load_domain

    assert str(Normalizer(load_domain("geography")).literal(year, "Released in 1975, it grossed $470 million")) == "1975"
    assert parse_number("Released in 1975, it grossed $470 million") == 470_000_000


def test_a_name_the_store_holds_is_not_split_as_a_list(geo, spacy_model, tmp_path) -> None:
    """'Saint Helena, Ascension and Tristan da Cunha' (one territory) was read as three items;
    a one-line answer the store already names is that entity."""
    from rdflib import RDFS

    from kg.store import init_store

    store = init_store(tmp_path / "st")
    name = "Saint Helena, Ascension and Tristan da Cunha"
    store.add_triples([(mint_iri(name), RDFS.label, Literal(name))], graph="accepted")
    ex = Extractor(geo, store)
    ex.spacy = spacy_model
    prompt = Prompt.make("q", "list", head="Jamestown", relation="capitalOf")
    cands, _ = _run(ex, name, prompt)
    assert [c.object for c in cands] == [mint_iri(name)]
    cands, _ = _run(Extractor(geo), name, prompt)  # without the store: the reference names it (an alias of Saint Helena), one entity
    assert [c.object_label for c in cands] == ["Saint Helena"]
    store.close()


@pytest.mark.parametrize(
    ("head", "relation", "text", "labels"),
    [
        ("Metformin", "treats", "Metformin is primarily used to treat type 2 diabetes mellitus. It is also used off-label for "
         "polycystic ovary syndrome (PCOS).", ["type 2 diabetes mellitus", "polycystic ovary syndrome"]),
        ("Aspirin", "targets", "Aspirin irreversibly inhibits COX-1 and COX-2 (PTGS1 and PTGS2).", ["COX-1", "COX-2"]),
        ("Imatinib", "interactsWith", "Ketoconazole, rifampin", ["Ketoconazole", "rifampin"]),
        ("Atorvastatin", "treats", "Hypercholesterolemia; coronary artery disease", ["Hypercholesterolemia", "coronary artery disease"]),
        ("Imatinib", "treats", "1. Chronic myeloid leukemia (CML)\n2. Gastrointestinal stromal tumors", ["Chronic myeloid leukemia", "Gastrointestinal stromal tumors"]),
        # the sentences after the first that go on about the head, and the list a sentence
        # names rather than every noun in it ('the risk'), without its article
        ("Aspirin", "treats", "Aspirin is commonly used to treat pain, fever, and inflammation. It is also used to reduce the risk of "
         "heart attack and stroke.", ["pain", "fever", "inflammation", "heart attack", "stroke"]),
        ("Imatinib", "targets", "Imatinib targets the BCR-ABL tyrosine kinase, as well as c-KIT and PDGFR.", ["BCR-ABL tyrosine kinase", "c-KIT", "PDGFR"]),
        # what the head is ('an ACE inhibitor') is no answer
        ("Lisinopril", "treats", "Lisinopril is an ACE inhibitor used for hypertension and heart failure.", ["hypertension", "heart failure"]),
        ("Warfarin", "interactsWith", "Aspirin, amiodarone and fluconazole. These are the main ones.", ["Aspirin", "amiodarone", "fluconazole"]),
        ("Lisinopril", "treats", "Lisinopril is an ACE inhibitor.", []),  # names no answer: no entity of the sentence
        # a Markdown table: its rows' first cells (they were entities '| Amiodarone | higher INR |')
        ("Warfarin", "interactsWith", "| # | Drug | Effect |\n|---|------|--------|\n| 1 | Aspirin | more bleeding |\n"
         "| 2 | Amiodarone | higher INR |\n\nAsk your doctor.", ["Aspirin", "Amiodarone"]),
        ("Omeprazole", "treats", "GERD, peptic ulcer disease, H. pylori infection (with antibiotics), and Zollinger-Ellison syndrome.",
         ["GERD", "peptic ulcer disease", "H. pylori infection", "Zollinger-Ellison syndrome"]),
        # commas in brackets are no list's; "and, rarely," names nothing ('and' and 'rarely' were items)
        ("Metformin", "treats", "Gastrointestinal upset (nausea, diarrhea), vitamin B12 deficiency, and, rarely, lactic acidosis.",
         ["Gastrointestinal upset", "vitamin B12 deficiency", "lactic acidosis"]),
        ("Warfarin", "interactsWith", "Spain, Italy, and, rarely, France", ["Spain", "Italy", "France"]),
    ],
)
def test_a_chat_answer_in_prose_gives_names_written_in_lower_case(pharma, spacy_model, head, relation, text, labels) -> None:
    """Disease names in prose are lower case: of 'Metformin is ... used to treat type 2 diabetes
    mellitus. It is also used ... for polycystic ovary syndrome (PCOS).' only the proper noun
    PCOS was kept; an abbreviation or alias in brackets became a second entity (PTGS1, PTGS2);
    'Ketoconazole, rifampin' and 'Hypercholesterolemia; coronary artery disease' were one entity."""
    ex = Extractor(pharma)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, Prompt.make("q", "list", head=head, relation=relation))
    assert [c.object_label for c in cands] == labels and bad == []


def test_a_json_object_names_an_entity_without_its_bracketed_gloss(pharma) -> None:
    """'Reye's syndrome (in children)' was the entity's label; the gloss is the rationale."""
    text = ('[{"subject": "Aspirin", "predicate": "treats", "object": "Chronic myeloid leukemia (CML)"}, '
            '{"subject": "Aspirin", "predicate": "treats", "object": ["Reye\'s syndrome (in children)", "Fever"]}]')
    ex = Extractor(pharma)
    cands, bad = _run(ex, text, Prompt.make("q", "json", head="Aspirin"))
    assert [(c.object_label, c.rationale) for c in cands] == [
        ("Chronic myeloid leukemia", "CML"), ("Reye's syndrome", "in children"), ("Fever", None)] and bad == []


def test_a_number_has_one_lexical_form_per_value(geo) -> None:
    """'1. 547030' and '1. 547030.0' (two samples of one answer) were two literals: the SHACL
    shape's sh:maxCount 1 then counted two areas and rejected both, and a third, wrong figure
    took France's area."""
    from rdflib.namespace import XSD

    norm = Normalizer(geo)
    area = geo.relations["area"]
    assert norm.literal(area, "547030.0") == norm.literal(area, "547030") == Literal("547030", datatype=XSD.decimal)
    assert str(norm.literal(area, "1.50")) == "1.5" and str(norm.literal(area, "0.000120")) == "0.00012"


def test_a_value_after_the_heads_name_is_the_value(pharma, spacy_model) -> None:
    """'Aspirin: 180.16 g/mol' was read as the entity 'Aspirin' with the gloss '180.16 g/mol'
    (unreadable: 'object not a valid decimal: Aspirin')."""
    from rdflib.namespace import XSD

    ex = Extractor(pharma)
    ex.spacy = spacy_model
    cands, bad = _run(ex, "Aspirin: 180.16 g/mol", Prompt.make("q", "list", head="Aspirin", relation="molecularWeight"))
    assert [c.object for c in cands] == [Literal("180.16", datatype=XSD.decimal)] and bad == []
    cands, bad = _run(ex, "**Aspirin** – Warfarin, ibuprofen", Prompt.make("q", "list", head="Aspirin", relation="interactsWith"))
    assert [c.object_label for c in cands] == ["Warfarin", "ibuprofen"] and bad == []


@pytest.mark.parametrize(
    ("relation", "text", "answers"),
    [
        ("interactsWith", '```json\n[{"drug": "Aspirin", "effect": "bleeding"}, {"drug": "Amiodarone", "effect": "higher INR"}]\n```',
         [("Aspirin", "effect: bleeding"), ("Amiodarone", "effect: higher INR")]),
        ("interactsWith", '{"interactions": [{"name": "Aspirin", "severity": "major"}, {"name": "Fluconazole"}]}',
         [("Aspirin", "severity: major"), ("Fluconazole", None)]),
        ("molecularWeight", '{"molecular_weight": 180.16, "unit": "g/mol"}', [("180.16", "unit: g/mol")]),
        ("treats", '["Pain", "Inflammation (anti-inflammatory doses)"]', [("Pain", None), ("Inflammation", "anti-inflammatory doses")]),
    ],
)
def test_a_json_answer_with_several_fields_gives_the_field_that_answers(pharma, relation, text, answers) -> None:
    """A chat model's JSON objects carry more than the answer ({"drug": ..., "effect": ...}):
    they were unreadable ('neither a tail nor a subject/predicate/object triple'). The field that
    names the relation's range, the relation or a name is the answer; the others its gloss."""
    ex = Extractor(pharma)
    cands, bad = _run(ex, text, Prompt.make("q", "list", head="Warfarin", relation=relation))
    assert [(c.object_label or str(c.object), c.rationale) for c in cands] == answers and bad == []


def test_a_json_field_named_by_a_word_of_the_relation_answers_it() -> None:
    """{"iata": "JFK", "icao": "KJFK"} for iataCode was unreadable ('neither a tail nor a
    subject/predicate/object triple'): only the relation's last word ('code') named its field.
    Any word of its name does: {"max": 2180, "cruise": 2158} answers maxSpeed, cruise its gloss."""
    from kg.ontology import load_domain

    ex = Extractor(load_domain(Path(__file__).parent / "aerospace"))
    cands, bad = _run(ex, '{"max": 2180, "cruise": 2158}', Prompt.make("q", "list", head="Concorde", relation="maxSpeed"))
    assert [(str(c.object), c.rationale) for c in cands] == [("2180", "cruise: 2158")] and bad == []


# -- a chat model's answers about composers: accents, titles, places, dates ----------------------

@pytest.mark.parametrize(
    ("head", "relation", "text", "answers"),
    [
        # a functional relation has one answer: what follows its comma qualifies it
        ("Jean Sibelius", "bornIn", "Hämeenlinna, Finland", [("Hämeenlinna", "Finland")]),
        ("Edvard Grieg", "bornIn", "Bergen, Norway.", [("Bergen", "Norway")]),
        ("Béla Bartók", "bornIn", "Nagyszentmiklós, Kingdom of Hungary (now Sânnicolau Mare, Romania)",
         [("Nagyszentmiklós", "Kingdom of Hungary (now Sânnicolau Mare, Romania)")]),
        ("Edvard Grieg", "bornIn", "Washington, D.C.", [("Washington, D.C.", None)]),
        # an apposition after the name ("a village near ...") is no part of it
        ("Antonín Dvořák", "bornIn", "Antonín Dvořák was born in Nelahozeves, a village near Prague in Bohemia (now the Czech "
         "Republic).", [("Nelahozeves", None)]),
        # the answer with combining accents (NFD) reads as the head's (NFC): it was one entity, the whole sentence
        ("Leoš Janáček", "bornIn", unicodedata.normalize("NFD", "Leoš Janáček was born in Hukvaldy, Moravia."), [("Hukvaldy", None)]),
        # two full names on a line are two people; a title list with long titles and no verb is a list
        ("Edvard Grieg", "studiedWith", "Ignaz Moscheles, Carl Reinecke", [("Ignaz Moscheles", None), ("Carl Reinecke", None)]),
        ("Jean Sibelius", "composed", "Finlandia, Symphony No. 2, Violin Concerto in D minor and The Swan of Tuonela",
         [("Finlandia", None), ("Symphony No. 2", None), ("Violin Concerto in D minor", None), ("The Swan of Tuonela", None)]),
        # a title that ends in a quoted part keeps its closing quote
        ("Pyotr Ilyich Tchaikovsky", "composed", '1. Swan Lake\n2. Symphony No. 6 "Pathétique"',
         [("Swan Lake", None), ('Symphony No. 6 "Pathétique"', None)]),
        ("Frédéric Chopin", "composed", "- “Minute Waltz”", [("Minute Waltz", None)]),
        # catalogue numbers are part of a work's name, not items ('Op. 9' and 'No. 2' were three works)
        ("Frédéric Chopin", "composed", "Nocturne in E-flat major, Op. 9, No. 2", [("Nocturne in E-flat major, Op. 9, No. 2", None)]),
        ("Antonín Dvořák", "composed", "Slavonic Dances, Op. 46 and Op. 72", [("Slavonic Dances, Op. 46 and Op. 72", None)]),
        ("Antonín Dvořák", "composed", "Rusalka, Op. 114, Stabat Mater, Op. 58",
         [("Rusalka, Op. 114", None), ("Stabat Mater, Op. 58", None)]),
        # prose names a person by the surname after the first mention; a sentence with commas about
        # the head gives the names of the part that has its subject; a date beside them is no answer
        ("Antonín Dvořák", "bornIn", "Dvořák was born on 8 September 1841 in Nelahozeves, near Prague.", [("Nelahozeves", None)]),
        ("Frédéric Chopin", "bornIn", "Chopin was born in Żelazowa Wola, in the Duchy of Warsaw.", [("Żelazowa Wola", None)]),
        ("Antonín Dvořák", "studiedWith", "At the Organ School, Dvořák studied with Josef Krejčí.", [("Josef Krejčí", None)]),
        ("Antonín Dvořák", "bornIn", "He was born in the village of Nelahozeves.", [("Nelahozeves", None)]),
        ("Jean Sibelius", "playedInstrument", "Sibelius was a violinist; he also played the piano.", [("piano", None)]),
        ("Leoš Janáček", "studiedWith", "Janáček studied with Pavel Křížkovský.", [("Pavel Křížkovský", None)]),
        # the head's own ('Dvořák's birthplace') is no answer; what the head acts on is, over a
        # proper noun elsewhere in the sentence ('Provisional Theatre orchestra' was the answer)
        ("Antonín Dvořák", "bornIn", "Dvořák's birthplace is Nelahozeves.", [("Nelahozeves", None)]),
        ("Antonín Dvořák", "playedInstrument", "He played the viola in the Provisional Theatre orchestra.", [("viola", None)]),
        ("Antonín Dvořák", "composed", "Dvořák wrote the New World Symphony in New York.", [("New World Symphony", None)]),
        # a compass word before a name is where in it, not part of it ('West Virginia' is a name)
        ("Bergen", "locatedIn", "Bergen is located in western Norway.", [("Norway", None)]),
        ("Wheeling", "locatedIn", "Wheeling is in West Virginia.", [("West Virginia", None)]),
    ],
)
def test_a_chat_answer_about_composers_gives_their_names(music, spacy_model, head, relation, text, answers) -> None:
    """'Hämeenlinna, Finland' (a functional birthplace) was one entity the reference did not
    know; 'Ignaz Moscheles, Carl Reinecke' one teacher; of 'Finlandia, Symphony No. 2, Violin
    Concerto in D minor and The Swan of Tuonela' only 'Finlandia' and 'Swan' were read; 'Symphony
    No. 6 "Pathétique"' lost its last quote; an answer in NFD gave the whole sentence."""
    ex = Extractor(music)
    ex.spacy = spacy_model
    cands, bad = _run(ex, text, Prompt.make("q", "list", head=head, relation=relation))
    assert [(c.object_label, c.rationale) for c in cands] == answers and bad == []


def test_a_year_from_a_sentence_that_goes_on_to_another(music) -> None:
    """'Rusalka was composed in 1900 and premiered in 1901.' was unreadable (two years); the year
    is the first clause's. A choice between two years stays unreadable."""
    from rdflib.namespace import XSD

    norm, year = Normalizer(music), music.relations["compositionYear"]
    assert norm.literal(year, "1900 and premiered in 1901") == Literal("1900", datatype=XSD.gYear)
    assert norm.literal(year, "It was composed in 1899 and revised in 1900") == Literal("1899", datatype=XSD.gYear)
    assert norm.literal(year, "1899 or 1900") is None and norm.literal(year, "in 1899 and in 1900") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("7 May [O.S. 25 April] 1840", "1840-05-07"),  # the Old Style date is a note
        ("25/03/1881", "1881-03-25"),
        ("03/25/1881", "1881-03-25"),
        ("25.03.1881", "1881-03-25"),
        ("8 September 1841", "1841-09-08"),
        ("03/04/1881", None),  # the 3rd of April or the 4th of March
        ("31/02/1881", None),
    ],
)
def test_a_birth_date_in_the_forms_chat_models_write(music, text, day) -> None:
    """'7 May [O.S. 25 April] 1840' and '25/03/1881' were unreadable ('object not a valid date')."""
    from rdflib.namespace import XSD

    literal = Normalizer(music).literal(music.relations["birthDate"], text)
    assert literal == (Literal(day, datatype=XSD.date) if day else None)


def test_seeds_written_with_combining_accents_are_the_heads_answers_name(tmp_path) -> None:
    """A seeds file saved in NFD ('Dvořák' with a combining caron) gave heads no answer's
    name matched."""
    from kg.ontology import read_seeds

    path = tmp_path / "seeds.txt"
    path.write_text(unicodedata.normalize("NFD", "Antonín Dvořák\nLeoš Janáček\n"), encoding="utf-8")
    assert read_seeds(path) == ["Antonín Dvořák", "Leoš Janáček"]


def test_a_json_object_describing_the_topic_gives_its_facts(music) -> None:
    """Asked for facts about a composer as JSON, a chat model answers with one object of
    attributes ({"name": ..., "birthplace": ..., "birthDate": ...}): it was unreadable ('not a
    subject/predicate/object triple'). Its keys that name relations (by name or synonym) give
    facts about the topic; the others are counted as dropped."""
    text = ('```json\n{"name": "Antonín Dvořák", "birthplace": "Nelahozeves (Bohemia)", "studiedWith": ["Josef Krejčí", "Karel Pitsch"], '
            '"birthDate": "1841-09-08", "works": ["Rusalka"]}\n```')
    ex = Extractor(music)
    cands, bad = _run(ex, text, Prompt.make("List true facts about Antonín Dvořák as JSON", "json", topic="Antonín Dvořák"))
    assert [(c.subject_label, str(c.predicate).rsplit("#", 1)[-1], c.object_label or str(c.object), c.rationale) for c in cands] == [
        ("Antonín Dvořák", "bornIn", "Nelahozeves", "Bohemia"), ("Antonín Dvořák", "studiedWith", "Josef Krejčí", None),
        ("Antonín Dvořák", "studiedWith", "Karel Pitsch", None), ("Antonín Dvořák", "birthDate", "1841-09-08", None),
    ] and bad == []
    assert ex.stats.dropped["JSON key naming no relation"] == 1


def test_a_chat_models_sentence_case_and_hedges_are_not_part_of_a_phrase(cs, geo) -> None:
    """A chat model answered '1. To get married', '- Happy.', 'to drive the car, perhaps' and
    'receives money (most likely)': the store held 'To get married' beside 'to get married' (one
    IRI, two labels, the first one seen shown), the generator wrote 'Grateful' and 'Happy', and
    'to drive the car, perhaps' was a second tail beside 'to drive the car'."""
    ex = Extractor(cs)
    prompt = Prompt.make("p", "list", head="PersonX proposes to PersonY", relation="xWant")
    text = "1. To get married\n2. To go to New York\n3. to drive the car, perhaps\n4. Maybe to call PersonY\n5. To rest (most likely)"
    cands, bad = _run(ex, text, prompt)
    assert [c.object_label for c in cands] == ["to get married", "To go to New York", "to drive the car", "to call PersonY", "to rest"]
    assert bad == [] and all(c.rationale is None for c in cands)
    prompt = Prompt.make("p", "list", head="PersonX proposes to PersonY", relation="oReact")
    cands, _ = _run(ex, "- Happy.\n- Grateful, I think\n- Surprised", prompt)
    assert [c.object_label for c in cands] == ["happy", "grateful", "surprised"]
    prompt = Prompt.make("p", "list", head="France", relation="borders")  # names keep their capitals
    cands, _ = _run(Extractor(geo), "1. Spain\n2. Belgium, probably", prompt)
    assert [c.object_label for c in cands] == ["Spain", "Belgium"]


def test_a_json_list_cut_off_at_the_token_limit_keeps_its_whole_values(cs) -> None:
    """'```json\\n["smells smoke", "is late for wo' (finish_reason=length) was one unreadable
    'unparseable JSON': the whole first value was lost with the cut one."""
    prompt = Prompt.make("p", "list", head="PersonX burns the toast", relation="xEffect")
    cands, bad = _run(Extractor(cs), '```json\n["smells smoke", "gets wet", "is late for wo', prompt, finish="length")
    assert [c.object_label for c in cands] == ["smells smoke", "gets wet"]
    assert [(b.span, b.reason) for b in bad] == [('"is late for wo', "truncated JSON list item")]


@pytest.mark.parametrize(
    "relation,text,tails",
    [
        ("xWant", "After burning the toast, PersonX would probably want to make another slice and clean up the mess.",
         ["to make another slice", "to clean up the mess"]),
        ("xWant", "PersonX would likely want to make a new piece of toast, clean up the kitchen, or eat something else.",
         ["to make a new piece of toast", "to clean up the kitchen", "to eat something else"]),
        ("xWant", "PersonX wants to eat bread and butter.", ["to eat bread and butter"]),  # "butter" is no verb
        ("xAttr", "PersonX might be seen as careless or distracted.", ["careless", "distracted"]),
        ("xIntent", "PersonX probably wanted to have a pet, to have breakfast, or to be healthy.",
         ["to have a pet", "to have breakfast", "to be healthy"]),
        ("xNeed", "Before this, PersonX needed to put bread in the toaster and turn it on.",
         ["to put bread in the toaster", "to turn it on"]),
        ("xEffect", "PersonX smells smoke. PersonX has to throw the toast away.", ["smells smoke", "has to throw the toast away"]),
        ("oEffect", "As a result, others smell the smoke, are worried, or call for help.", ["smell the smoke", "are worried", "call for help"]),
        ("HinderedBy", "This could be hindered if PersonX has no bread.", ["PersonX has no bread"]),
        ("isAfter", "This happens after PersonX puts bread in the toaster.", ["PersonX puts bread in the toaster"]),
        ("xWant", "PersonX wants to eat. That is very common.", ["to eat"]),
        # a list item is the model's own unit, and a noun phrase's "and" is part of it
        ("xWant", "to go home and rest", ["to go home and rest"]),
        ("xWant", "PersonX wants bread and butter.", ["bread and butter"]),
    ],
)
def test_a_chat_answer_in_prose_about_an_event_gives_each_answer(cs, relation: str, text: str, tails: list[str]) -> None:
    """A chat model asked about 'PersonX burns the toast' answered in sentences: 'After burning
    the toast, PersonX would probably want to make another slice and clean up the mess.' was one
    tail, the whole sentence; 'This could be hindered if PersonX has no bread.' too; two
    sentences on a line were one tail; 'careless or distracted' one attribute."""
    prompt = Prompt.make("p", "list", head="PersonX burns the toast", relation=relation)
    cands, bad = _run(Extractor(cs), text, prompt)
    assert [c.object_label for c in cands] == tails and bad == []


@pytest.mark.parametrize(
    "text",
    [
        '```json\n{"PersonX burns the toast": {"xWant": ["to make more toast"], "xAttr": ["careless"]}}\n```',
        '{"event": "PersonX burns the toast", "inferences": {"xWant": ["to make more toast"], "xAttr": "careless"}}',
        '[{"relation": "xWant", "tails": ["to make more toast"]}, {"relation": "xAttr", "tails": ["careless"]}]',
        '[{"subject": "PersonX burns the toast", "predicate": "xWant", "object": "to make more toast"}, '
        '{"subject": "PersonX", "predicate": "xAttr", "object": "careless"}]',
    ],
)
def test_a_json_answer_about_an_event_in_the_shapes_chat_models_write(cs, text: str) -> None:
    """Asked for commonsense about an event as JSON, chat models nest the relations under the
    event or under 'inferences', list {"relation": ..., "tails": [...]} objects, or name the
    subject 'PersonX': each was unreadable ('not a subject/predicate/object triple') or made
    'PersonX' an entity of its own."""
    prompt = Prompt.make("facts as JSON", "json", topic="PersonX burns the toast")
    cands, bad = _run(Extractor(cs), text, prompt)
    assert {(c.subject_label, str(c.predicate).rsplit("#", 1)[-1], c.object_label) for c in cands} == {
        ("PersonX burns the toast", "xWant", "to make more toast"), ("PersonX burns the toast", "xAttr", "careless"),
    } and bad == []


def test_a_json_object_about_another_entity_is_not_the_topics(music) -> None:
    text = '{"Antonín Dvořák": {"bornIn": "Nelahozeves"}, "Bedřich Smetana": {"bornIn": "Litomyšl"}}'
    cands, _ = _run(Extractor(music), text, Prompt.make("facts as JSON", "json", topic="Antonín Dvořák"))
    assert [(c.subject_label, c.object_label) for c in cands] == [("Antonín Dvořák", "Nelahozeves")]


def test_a_title_with_none_words_or_an_elements_symbol_is_a_name_not_a_none_answer(music, spacy_model) -> None:
    """The albums "I'm Not Dead", "Can't Take Me Home", "None of the Above" and "Isn't It?" were
    dropped as none answers (a whole line "Strange Weather, Isn't It?" with them), and the symbol
    "Na" (sodium) as "n/a"; what a model writes instead of an answer still is one."""
    from extractors.text import is_none

    ex = Extractor(music)
    text = "1. I'm Not Dead\n2. Can't Take Me Home\n3. None of the Above\n4. Strange Weather, Isn't It?\n5. N/A\n6. None\n7. Not Fade Away"
    cands, bad = _run(ex, text, Prompt.make("q", "list", head="Antonín Dvořák", relation="composed"))
    assert [c.object_label for c in cands] == ["I'm Not Dead", "Can't Take Me Home", "None of the Above", "Strange Weather, Isn't It"]
    assert bad == [] and ex.stats.dropped["object: none answer"] == 3  # "Not Fade Away" reads as "Not Saudi Arabia" does
    assert not is_none("Na") and is_none("NA") and is_none("na") and is_none("n/a") and is_none("none of the above")
    ex.spacy = spacy_model  # "Ben Folds Five" was a sentence about Ben Folds naming no answer
    cands, bad = _run(ex, "Ben Folds Five", Prompt.make("q", "list", head="Ben Folds", relation="studiedWith"))
    assert [c.object_label for c in cands] == ["Ben Folds Five"] and bad == []


def test_a_names_end_marks_stay_where_a_seed_or_the_reference_writes_them(music) -> None:
    """The seed "Help!" was stored as "Help", "¡Tré!" as "¡Tré", "Enterobacter sp." as "Enterobacter
    sp", '"Fast" Eddie Clarke' as 'Fast" Eddie Clarke'; the band "!!!" as a seed made every answer
    "subject empty", and the album "÷" of the reference was "no letters or digits"."""
    import dataclasses

    from rdflib import Graph, Literal, RDFS, URIRef

    reference = Graph()
    for i, name in enumerate(["(What's the Story) Morning Glory?", "÷", "( )"]):
        reference.add((URIRef(f"http://www.wikidata.org/entity/Q{i}"), RDFS.label, Literal(name)))
    domain = dataclasses.replace(music, seeds=["Takk..."], reference=reference)
    ex = Extractor(domain)
    text = ("1. (What's the Story) Morning Glory?\n2. ÷\n3. ¡Tré!\n4. Takk...\n5. Spain!\n6. Enterobacter sp.\n"
            '7. "Fast" Eddie Clarke\n8. "Isn\'t It?"\n9. ( )')
    cands, bad = _run(ex, text, Prompt.make("q", "list", head="Help!", relation="composed"))
    assert {c.subject_label for c in cands} == {"Help!"} and bad == []
    assert [c.object_label for c in cands] == [
        "(What's the Story) Morning Glory?", "÷", "¡Tré!", "Takk...", "Spain", "Enterobacter sp.", '"Fast" Eddie Clarke', "Isn't It?", "( )",
    ]
    cands, bad = _run(ex, "1. Louden Up Now", Prompt.make("q", "list", head="!!!", relation="composed"))
    assert [(c.subject_label, c.object_label) for c in cands] == [("!!!", "Louden Up Now")] and bad == [] and cands[0].subject == mint_iri("!!!")


def test_html_subscripts_are_text() -> None:
    """'H<sub>2</sub>O' was read as 'sub>O' and 'C<sub>6</sub>H<sub>12</sub>O<sub>6</sub>' as 'sub>'."""
    assert Completion("p", "q", "t", "C<sub>6</sub>H<sub>12</sub>O<sub>6</sub>, 10<sup>-3</sup>").answer == "C6H12O6, 10⁻³"
    assert Normalizer.clean("H<sub>2</sub>O") == "H2O"


def test_a_year_in_brackets_that_tells_a_known_thing_apart_stays_in_the_name(geo, spacy_model, tmp_path) -> None:
    """'*Ocean's Eleven* (2001)' was read as "Ocean's Eleven" with the note 2001, the 1960 film,
    though the store held "Ocean's Eleven (2001)"; 'Dune (2021)' as a film was the novel Dune. A
    gloss the store names with its name is that name; a year after a name the reference or the
    store knows as another kind of thing than the relation's range stays part of the name."""
    from rdflib import RDFS

    from kg.store import init_store

    store = init_store(tmp_path / "st")
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in ("Georgia", "Georgia (1918)")], graph="accepted")
    ex = Extractor(geo, store)
    ex.spacy = spacy_model
    cands, _ = _run(ex, "1. *Georgia* (1918)\n2. Armenia (1991)", Prompt.make("q", "list", head="Turkey", relation="borders"))
    assert [(c.object, c.rationale) for c in cands] == [(mint_iri("Georgia (1918)"), None), (mint_iri("Armenia"), "1991")]
    cands, _ = _run(ex, "1. Lyon (1793)", Prompt.make("q", "list", head="Switzerland", relation="borders"))
    assert [c.object_label for c in cands] == ["Lyon (1793)"]  # the reference's Lyon is a city, no country
    store.close()


def test_a_vulgar_fraction_in_a_name_is_kept_as_written(geo) -> None:
    """The film "8½" was stored as "81⁄2" (NFKC) under res:812_…, so `?x rdfs:label "8½"` found
    nothing; its label keeps the fraction, and "8½" and "8 1/2" are one entity."""
    norm = Normalizer(geo)
    assert norm.clean("8½") == "8½" and norm.clean("*8½*") == "8½"
    assert norm.entity("8½") == norm.entity("8 1/2") and str(norm.entity("8½")).rsplit("/", 1)[1].startswith("8_1_2_")


def test_a_teachers_two_codes_for_one_are_several_values(books) -> None:
    """"VSO (Classical Arabic); SVO in many dialects" for a one-value text relation was stored
    whole as one value: a word and its gloss, then another value, are several values."""
    ex = Extractor(books)
    cands, bad = _run(ex, "nature14539 (print); 10.1038/nature14539 (online)", Prompt.make("q", "list", head="Deep learning", relation="doi"))
    assert cands == [] and [b.reason for b in bad] == ["object is several values, not one: 'nature14539 (print); 10.1038/nature14539 (online)'"]


def test_an_entity_named_by_the_code_the_store_gives_it_is_that_entity(tmp_path: Path) -> None:
    """Lufthansa's hubs answered as codes ("FRA", "MUC") minted entities "FRA" and "MUC" beside
    Frankfurt am Main Airport, whose iataCode the store holds as FRA: a code one entity has
    names it; one two entities share names neither."""
    from rdflib import RDFS

    from kg.ontology import entity_namespace, load_domain
    from kg.store import init_store

    (tmp_path / "air").mkdir()
    (tmp_path / "air" / "ontology.ttl").write_text(
        "@prefix tr: <http://example.org/transport#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "tr:Airport a owl:Class . tr:Airline a owl:Class .\n"
        'tr:iataCode a owl:DatatypeProperty ; rdfs:label "IATA code" ; rdfs:domain tr:Airport ; rdfs:range xsd:string .\n'
        'tr:hub a owl:ObjectProperty ; rdfs:label "hub" ; rdfs:domain tr:Airline ; rdfs:range tr:Airport .\n', encoding="utf-8")
    (tmp_path / "air" / "shapes.ttl").write_text("", encoding="utf-8")
    (tmp_path / "air" / "relations.toml").write_text('[domain]\nname = "air"\nprefix = "tr"\nnamespace = "http://example.org/transport#"\n'
                                                     '[relations.iataCode]\nprompt = "{head} IATA code?"\nverbalization = "{head} IATA code {tail}"\n'
                                                     '[relations.hub]\nprompt = "{head} hubs?"\nverbalization = "{head} hub {tail}"\n', encoding="utf-8")
    air = load_domain(tmp_path / "air")
    ns, code = entity_namespace(air), URIRef("http://example.org/transport#iataCode")
    fra, one, other = ns["frankfurt_am_main_airport"], ns["one"], ns["other"]
    with init_store(tmp_path / "s") as store:
        store.add_triples([(fra, RDFS.label, Literal("Frankfurt am Main Airport")), (fra, code, Literal("FRA")),
                           (one, code, Literal("XYZ")), (other, code, Literal("XYZ"))], graph="accepted")
        norm = Normalizer(air, store)
        assert norm.entity("FRA") == fra and norm.entity("XYZ") not in (one, other) and norm.entity("MUC") != fra


def test_a_json_answer_giving_a_figure_in_two_units_gives_the_one_in_the_relations_unit(tmp_path) -> None:
    """{"length_km": 6650, "length_mi": 4130} for a river's length in km was unreadable ('neither a tail nor a
    subject/predicate/object triple'): no field was named the relation alone (found by the geographer's audit). The
    field that names the relation and its declared unit is the answer, the other its gloss."""
    import shutil

    from kg.ontology import load_domain

    folder = tmp_path / "aerospace"
    shutil.copytree(Path(__file__).parent / "aerospace", folder)
    toml = (folder / "relations.toml").read_text(encoding="utf-8")
    (folder / "relations.toml").write_text(toml.replace("[relations.maxSpeed]\n", '[relations.maxSpeed]\nunit = "km/h"\n'), encoding="utf-8")
    ex = Extractor(load_domain(folder))
    for text, gloss in (('{"max_speed_mph": 1354, "max_speed_kmh": 2180}', "max_speed_mph: 1354"),
                        ('```json\n{"speed_km_h": 2180, "speed_mph": 1354}\n```', "speed_mph: 1354")):
        cands, bad = _run(ex, text, Prompt.make("q", "list", head="Concorde", relation="maxSpeed"))
        assert [(str(c.object), c.rationale) for c in cands] == [("2180", gloss)] and bad == []
