"""Values of text relations (``xsd:string``) as a chat answer or a user's trusted row gives them:
an authority's abbreviation keeps its full stop, a serving size its measure in brackets, a
dating its range; a year in brackets after a work's title in a sentence is a year's value; a
names relation's short list gives each name (the botany, nutrition and archaeology audits)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable
from tests.extractors.measured import measured_domain


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> Domain:
    """The music test domain with a composer's functional text values of other fields: a motto,
    a painting's medium, a flowering season, a firm."""
    words = {"motto": "motto", "medium": "medium", "season": "favourite season", "firm": "publishing firm", "route": "favourite road"}
    return measured_domain(tmp_path_factory, [(name, "string", said, None) for name, said in words.items()])


@pytest.fixture(scope="module")
def aliases(tmp_path_factory) -> Domain:
    """The music test domain with two text relations that are not functional: a person's alias
    (a person's names are written surname first) and a city's nickname, and a motto."""
    folder = tmp_path_factory.mktemp("domain") / "music"
    shutil.copytree(Path(__file__).parent / "music", folder)
    relations = {"alias": ("Person", "alias"), "nickname": ("City", "nickname"), "slogan": ("City", "slogan"), "namedAfter": ("City", "namesake")}
    with (folder / "ontology.ttl").open("a") as f:
        for name, (cls, _) in relations.items():
            f.write(f"\nmu:{name} a owl:DatatypeProperty ; rdfs:domain mu:{cls} ; rdfs:range xsd:string .\n")
    with (folder / "relations.toml").open("a") as f:
        for name, (_, words) in relations.items():
            f.write(f'\n[relations.{name}]\nprompt = "What is the {words} of {{head}}?"\nverbalization = "{{head}} {words} {{tail}}"\n')
    return load_domain(folder)


def _read(domain: Domain, head: str, relation: str, text: str, spacy_model) -> list[tuple[str, str | None]]:
    """(value, rationale) of each candidate of a chat answer, ("UNREADABLE", why) of each unreadable span."""
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [(str(r.object), r.rationale) if isinstance(r, Candidate) else ("UNREADABLE", r.reason) for r in out if isinstance(r, (Candidate, Unreadable))]


def _values(domain: Domain, head: str, relation: str, text: str, spacy_model) -> list[str]:
    return [value for value, _ in _read(domain, head, relation, text, spacy_model)]


@pytest.mark.parametrize(("relation", "text", "value"), [
    ("authority", "L.", "L."),
    ("authority", "(Suckow) Borkh.", "(Suckow) Borkh."),
    ("authority", "(L.) Mill.", "(L.) Mill."),
    ("authority", "Hook.f.", "Hook.f."),
    ("authority", "Hook. & Arn.", "Hook. & Arn."),
    ("authority", "Nutt. ex Torr.", "Nutt. ex Torr."),
    ("authority", "The authority is L.", "L."),
    ("synonym", "Pyrus malus L.", "Pyrus malus L."),
    ("authority", "(Linnaeus, 1758)", "(Linnaeus, 1758)"),
])
def test_an_authoritys_abbreviation_keeps_its_full_stop(botany, spacy_model, relation, text, value) -> None:
    """A species' authority 'L.', '(Suckow) Borkh.', 'Hook.f.' and the synonym 'Pyrus malus L.'
    were stored without their last full stop ('L', 'Hook.f'), so the right answer was rejected
    against a reference that holds 'L.': the stop of an abbreviation is part of a text value."""
    assert _values(botany, "Malus domestica", relation, text, spacy_model) == [value]


@pytest.mark.parametrize(("relation", "text", "value"), [
    ("motto", "In God We Trust.", "In God We Trust"),
    ("motto", "E Pluribus Unum.", "E Pluribus Unum"),
    ("motto", "Liberty, Equality, Fraternity.", "Liberty, Equality, Fraternity"),
    ("medium", "Oil on canvas.", "Oil on canvas"),
    ("medium", "Oil on Canvas.", "Oil on Canvas"),
    ("season", "Spring.", "Spring"),
    ("motto", "Plan B.", "Plan B"),
    ("motto", "Salt and Pepper.", "Salt and Pepper"),
    ("firm", "Smith & Wesson.", "Smith & Wesson"),
    ("firm", "Syncopy Inc.", "Syncopy Inc."),
    ("route", "Pierre de Fermat.", "Pierre de Fermat"),
])
def test_a_sentences_full_stop_still_ends_a_text_value(texts, spacy_model, relation, text, value) -> None:
    """Counterexamples of other fields for the rule above: a motto's, a medium's, a season's or a
    name's last capitalised word is no abbreviation, and its stop goes; a firm's "Inc." keeps it."""
    assert _values(texts, "Antonín Dvořák", relation, text, spacy_model) == [value]


def test_a_lone_abbreviation_the_reference_holds_keeps_its_stop(spacy_model) -> None:
    """A lone 'Mill.' cannot be told from a sentence's last word ('Spring.'), but the domain's
    reference holds it so as Lavandula angustifolia's authority: kept as written."""
    botany = load_domain(Path(__file__).parent / "corpus" / "botany" / "domain")
    assert _values(botany, "Lavandula angustifolia", "authority", "Mill.", spacy_model) == ["Mill."]


def test_a_trusted_rows_authority_keeps_its_full_stop(botany, tmp_path) -> None:
    """A trusted row 'Bellis perennis,authority,L.' was stored as 'L' while the Python API's
    validate kept 'L.': both keep it; a sentence's stop in a row still goes."""
    from kg.cli import main
    from kg.store import open_store

    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nBellis perennis,authority,L.\nBellis perennis,floweringSeason,Spring.\n",
                    encoding="utf-8")
    store = str(tmp_path / "s")
    main(["ingest", str(rows), "--trusted", "--domain", str(botany.path), "--store", store, "-q"])
    with open_store(store) as st:
        values = {q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: q.object.value for q in st.match(graph="accepted")
                  if not q.predicate.value.endswith("#label")}
    assert values.get("authority") == "L." and values.get("floweringSeason") == "Spring", values


@pytest.mark.parametrize(("text", "value"), [
    ("1 medium (182 g)", "1 medium (182 g)"),
    ("1 cup (240 ml)", "1 cup (240 ml)"),
    ("1/2 cup (40 g)", "1/2 cup (40 g)"),
    ("½ cup cooked (99 g)", "½ cup cooked (99 g)"),
    ("1 cup", "1 cup"),
])
def test_a_serving_sizes_measure_in_brackets_is_part_of_it(nutrition, spacy_model, text, value) -> None:
    """A serving size '1 medium (182 g)' was stored as '1 medium', its weight a gloss: the
    bracket that defines a portion is part of the value."""
    assert _values(nutrition, "apple", "servingSize", text, spacy_model) == [value]


def test_a_trusted_serving_size_keeps_its_measure(nutrition, tmp_path) -> None:
    """A trusted cell '1/2 cup (40 g)' was stored as '1/2 cup'."""
    from kg.cli import main
    from kg.store import open_store

    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\noats,servingSize,1/2 cup (40 g)\n", encoding="utf-8")
    store = str(tmp_path / "s")
    main(["ingest", str(rows), "--trusted", "--domain", str(nutrition.path), "--store", store, "-q"])
    with open_store(store) as st:
        values = {q.object.value for q in st.match(graph="accepted") if q.predicate.value.endswith("servingSize")}
    assert values == {"1/2 cup (40 g)"}


@pytest.mark.parametrize(("domain", "relation", "text", "read"), [
    ("botany", "authority", "Castellani (1919)", [("Castellani", "1919")]),
    ("texts", "route", "Route 66 (3,940 km)", [("Route 66", "3,940 km")]),
    ("texts", "motto", "Ocean's Eleven (2001)", [("Ocean's Eleven", "2001")]),
])
def test_other_brackets_after_a_text_value_stay_its_gloss(request, spacy_model, domain, relation, text, read) -> None:
    """Counterexamples: a year, or a measure after a name that is no portion, stays a gloss."""
    assert _read(request.getfixturevalue(domain), "Antonín Dvořák", relation, text, spacy_model) == read


@pytest.mark.parametrize(("text", "read"), [
    ("3000 BC – 2000 BC", [("3000 BC – 2000 BC", None)]),
    ("c. 3800 BC – 500 BC", [("c. 3800 BC – 500 BC", None)]),
    ("c. AD 85 – c. AD 370", [("c. AD 85 – c. AD 370", None)]),
    ("c. 3800 BC – 500 BC (Neolithic to Iron Age)", [("c. 3800 BC – 500 BC", "Neolithic to Iron Age")]),
    ("9600–8200 BCE", [("9600–8200 BCE", None)]),
    ("3000 BC – the earliest phase", [("3000 BC", "the earliest phase")]),
])
def test_a_dating_range_with_spaced_dashes_is_one_value(archaeology, spacy_model, text, read) -> None:
    """A dating '3000 BC – 2000 BC' was stored as '3000 BC' with the note '2000 BC': a spaced
    dash between two dates is one range; a dash before words is still a gloss's."""
    assert _read(archaeology, "Stonehenge", "dating", text, spacy_model) == read


@pytest.mark.parametrize(("relation", "text", "read"), [
    ("yearDescribed", "It was first described by Humphry Marshall in *Arbustrum Americanum* (1785).",
     [("1785", "It was first described by Humphry Marshall in *Arbustrum Americanum*")]),
    ("yearDescribed", "It was described by Linnaeus in 1771.", [("1771", None)]),
    ("yearDescribed", "1753 (in *Species Plantarum*)", [("1753", "in *Species Plantarum*")]),
])
def test_a_year_in_brackets_after_a_works_title_is_the_year(botany, spacy_model, relation, text, read) -> None:
    """'It was first described by Humphry Marshall in *Arbustrum Americanum* (1785).' was
    unreadable ("object not a valid gYear"): the year after the title, in a sentence that says
    the relation, is its value."""
    assert _read(botany, "Acer saccharum", relation, text, spacy_model) == read


def test_a_year_after_a_title_in_a_sentence_of_another_act_is_no_value(tmp_path_factory, spacy_model) -> None:
    """Counterexample: of a band's year founded, 'The band released *Abbey Road* (1969).' says
    another act, and 1969 is no founding year."""
    founded = measured_domain(tmp_path_factory, [("yearFounded", "gYear", "year founded", None)])
    assert [v for v, _ in _read(founded, "Antonín Dvořák", "yearFounded", "The band released *Abbey Road* (1969).", spacy_model)] == ["UNREADABLE"]


@pytest.mark.parametrize(("text", "values"), [
    ("Common ivy, English ivy", ["Common ivy", "English ivy"]),
    ("Common sage; German: Echter Salbei; French: sauge officinale", ["Common sage"]),
    ("English: Common ivy", ["Common ivy"]),
    ("German: Stieleiche", ["UNREADABLE"]),
    ("English oak", ["English oak"]),
])
def test_a_short_list_of_common_names_gives_each(botany, spacy_model, text, values) -> None:
    """commonName (a text relation, not functional): 'Common ivy, English ivy' was one literal,
    and 'Common sage; German: Echter Salbei; ...' the literal 'Common sage; German': each short
    name is a value, a name in another language no value of an English domain."""
    assert _values(botany, "Hedera helix", "commonName", text, spacy_model) == values


@pytest.mark.parametrize(("relation", "head", "text", "values"), [
    ("alias", "Antonín Dvořák", "Dvořák, Antonín", ["Dvořák, Antonín"]),  # a person's name, surname first
    ("slogan", "Prague", "Liberty, Equality, Fraternity", ["Liberty, Equality, Fraternity"]),  # no names relation
    ("nickname", "Prague", "Golden City, Czech Republic", ["Golden City, Czech Republic"]),  # where it lies
    ("nickname", "Prague", "City of a Hundred Spires, 1,000 towers", ["City of a Hundred Spires, 1,000 towers"]),
    ("nickname", "Prague", "Golden City, Mother of Cities", ["Golden City", "Mother of Cities"]),
    ("namedAfter", "Prague", "Saint Peter, apostle", ["Saint Peter, apostle"]),  # no names relation: what it is named after
])
def test_a_names_list_splits_only_where_each_part_is_a_name(aliases, spacy_model, relation, head, text, values) -> None:
    """Counterexamples: a person's name surname first, a motto, a place and its country, a part
    with a figure stay one text; a city's nicknames are each a value."""
    assert _values(aliases, head, relation, text, spacy_model) == values


@pytest.mark.parametrize(("text", "values"), [
    ("Löwe (German), león (Spanish), *simba* (Swahili)", ["UNREADABLE"]),
    ("Lion, Löwe (German)", ["Lion"]),
    ("Löwe (German)", ["UNREADABLE"]),
    ("African lion (English)", ["African lion"]),
])
def test_names_glossed_with_another_language_are_no_common_names(zoology, spacy_model, text, values) -> None:
    """The zoology corpus's 'Löwe (German), león (Spanish), *simba* (Swahili)' of the lion's
    commonName in an English domain must not give three English common names: a name its
    bracket says is in another language is left out, and an answer of such names alone is kept
    unreadable."""
    assert _values(zoology, "lion", "commonName", text, spacy_model) == values


def test_one_list_of_a_titles_small_words_reads_a_title_and_a_subtitle() -> None:
    """The short words a title leaves in lower case are one list (extractors.text.TITLE_SMALL_WORDS),
    read alike by a title written as an answer (``Roe v Wade``, ``None of the Above``) and a
    title's subtitle after a colon (``Songs as Written``); a gloss in lower case after a colon
    stays a gloss (``Spain: in the south``), and a sentence is no title."""
    from extractors.chat_answers import split_gloss
    from extractors.text import titled

    assert titled("Roe v Wade") and titled("None of the Above") and titled("Brown v Board of Education")
    assert not titled("the champion v the challenger") and not titled("Spain is in the south")
    assert split_gloss("Les Misérables: Songs as Written", titles=True) == ("Les Misérables: Songs as Written", None)
    assert split_gloss("Dune: Part Two", titles=True) == ("Dune: Part Two", None)
    assert split_gloss("Spain: in the south", titles=True) == ("Spain", "in the south")
