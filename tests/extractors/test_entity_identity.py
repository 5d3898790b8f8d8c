"""Which entity a name is: an exact name against a close spelling, a place named with its region,
a bracket after a name (another name of it or not), a name written short. Each rule beside the
names of other fields it must leave apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from extractors import Extractor
from extractors.atomic import atomic_candidates, read_atomic_tsv
from extractors.normalize import Normalizer
from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion

LIT = "https://example.org/lit#"


@pytest.fixture()
def lit(tmp_path: Path):
    """A reader's own domain: writers, works, places, languages, habitats and pathogens, with a reference."""
    folder = tmp_path / "lit"
    folder.mkdir()
    (folder / "ontology.ttl").write_text(
        f"@prefix l: <{LIT}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "l:Person a owl:Class . l:Place a owl:Class . l:Language a owl:Class . l:Work a owl:Class .\n"
        "l:Habitat a owl:Class . l:Pathogen a owl:Class . l:Disease a owl:Class .\n"
        "l:Work owl:disjointWith l:Person , l:Place , l:Language . l:Person owl:disjointWith l:Place , l:Language .\n"
        "l:author a owl:ObjectProperty ; rdfs:domain l:Work ; rdfs:range l:Person .\n"
        "l:birthPlace a owl:ObjectProperty , owl:FunctionalProperty ; rdfs:domain l:Person ; rdfs:range l:Place .\n"
        "l:originalLanguage a owl:ObjectProperty , owl:FunctionalProperty ; rdfs:domain l:Work ; rdfs:range l:Language .\n"
        "l:basedOn a owl:ObjectProperty ; rdfs:domain l:Work ; rdfs:range l:Work .\n"
        "l:causedBy a owl:ObjectProperty ; rdfs:domain l:Disease ; rdfs:range l:Pathogen .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    (folder / "relations.toml").write_text(
        f'[domain]\nname = "lit"\nprefix = "l"\nnamespace = "{LIT}"\n'
        '[relations.author]\nverbalization = "{head} written by {tail}"\nprompt = "Who wrote {head}?"\n'
        '[relations.birthPlace]\nverbalization = "{head} born in {tail}"\nprompt = "Where was {head} born?"\n'
        '[relations.originalLanguage]\nverbalization = "{head} written in {tail}"\nprompt = "In which language was {head} written?"\n'
        '[relations.basedOn]\nverbalization = "{head} based on {tail}"\nprompt = "Which work is {head} based on?"\n'
        '[relations.causedBy]\nverbalization = "{head} caused by {tail}"\nprompt = "Which pathogens cause {head}?"\n', encoding="utf-8")
    (folder / "seeds.txt").write_text("Gabriel Garcia Marquez\n", encoding="utf-8")
    names = {"Place": ["Saint Petersburg", "Democratic Republic of the Congo", "Georgia"], "Habitat": ["savanna"],
             "Person": ["Fyodor Dostoevsky", "John Snow", "Johann Strauss II"], "Work": ["Anna Karenina"],
             "Language": ["Russian"], "Pathogen": ["Anopheles mosquito", "Plasmodium falciparum", "SARS-CoV-2"]}
    rows = [f'<{mint_iri(n)}> a l:{cls} ; rdfs:label "{n}" .' for cls, labels in names.items() for n in labels]
    (folder / "reference.ttl").write_text(
        f"@prefix l: <{LIT}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return load_domain(folder)


def _store(tmp_path: Path, names: list[str], typed: str | None = None):
    from kg.store import init_store

    store = init_store(tmp_path / "store")
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in names])
    if typed:
        store.add_triples([(mint_iri(n), RDF.type, URIRef(LIT + typed)) for n in names])
    return store


def _answers(extractor: Extractor, head: str, relation: str, text: str) -> list[Candidate]:
    prompt = Prompt.make(extractor.normalizer.domain.relations[relation].prompt_for(head), "list", head=head, relation=relation)
    return [r for r in extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text), prompt) if isinstance(r, Candidate)]


def test_an_exact_name_wins_over_a_close_spelling_and_a_variant_is_the_references_name(lit, tmp_path: Path) -> None:
    """The reference's "savanna" resolved to a stored "Savannah" (a close spelling the store held),
    and its "Fyodor Dostoevsky" (a seed's, a trusted row's) to the "Fyodor Dostoyevsky" an answer
    had minted, so the reference's entity was never used; and "Fyodor Dostoyevsky" in a fresh
    store was an entity apart from the reference's. An exact name (the store's, the reference's,
    a seed's) wins over a close spelling, and a close spelling of a reference name is that entity,
    by the store's rule: no short word may differ ("Jon Snow" is no "John Snow")."""
    store = _store(tmp_path, ["Savannah", "Fyodor Dostoyevsky", "Gabriel Garcia Marques", "Mark Antony", "Carl Jung", "Jon Stewart"])
    try:
        norm = Normalizer(lit, store)
        assert norm.entity("savanna") == mint_iri("savanna") and norm.entity("Savannah") == mint_iri("Savannah")
        assert norm.entity("Fyodor Dostoevsky") == mint_iri("Fyodor Dostoevsky")
        assert norm.entity("Gabriel Garcia Marquez") == mint_iri("Gabriel Garcia Marquez")  # the seed as written
        assert norm.entity("Fyodor Dostoyevsky") == mint_iri("Fyodor Dostoyevsky")  # the store's own name
        for other in ("Marc Antony", "Karl Jung", "John Stewart"):  # a short word apart: another name, never a merge
            assert norm.entity(other) == mint_iri(other), other
        assert norm.entity("Fyodor Dostoyevksy") == mint_iri("Fyodor Dostoyevsky")  # a typo: the closer spelling, the store's
    finally:
        store.close()
    norm = Normalizer(lit)
    iri, name = norm.named_entity("Fyodor Dostoyevsky")
    assert (iri, name, name.written) == (mint_iri("Fyodor Dostoevsky"), "Fyodor Dostoevsky", "Fyodor Dostoyevsky")
    for other in ("Jon Snow", "Anne Karenina", "Johann Strauss I", "St. Louis", "Saint-Denis", "Georgina", "Savannah"):
        assert norm.entity(other) not in {mint_iri(n) for n in ("John Snow", "Anna Karenina", "Johann Strauss II", "Georgia", "savanna")}, other
        assert norm.named_entity(other)[1] == other, other


def test_a_trusted_row_of_a_reference_name_is_the_reference_entity_after_a_close_spelling(lit, tmp_path: Path) -> None:
    """A trusted row naming the reference's "Fyodor Dostoevsky" was stored on the variant an answer
    had minted before ("Fyodor Dostoyevsky"): the row's exact name is the reference's entity."""
    store = _store(tmp_path, ["Fyodor Dostoyevsky"])
    path = tmp_path / "rows.tsv"
    path.write_text("The Brothers Karamazov\tauthor\tFyodor Dostoevsky\n", encoding="utf-8")
    try:
        extractor = Extractor(lit, store)
        records = list(atomic_candidates(read_atomic_tsv(path, teacher="file:rows.tsv"), extractor.normalizer, context=extractor.context))
        assert [r.object for r in records if isinstance(r, Candidate)] == [mint_iri("Fyodor Dostoevsky")]
    finally:
        store.close()


def test_a_town_named_with_its_region_is_never_the_region(lit, tmp_path: Path) -> None:
    """A birthplace "Aracataca, Colombia" was Aracataca in a fresh store but Colombia once the
    store typed Colombia a place; "Florida, Missouri" (Mark Twain's) was the state Florida, as a
    chat answer and a trusted row. The town is the answer; a town named after a region no smaller
    than the one it lies in is named with it; a state with its country is still the state."""
    store = _store(tmp_path, ["Colombia", "Florida", "Missouri", "Texas", "Georgia", "USA"], typed="Place")
    try:
        extractor = Extractor(lit, store)
        for text, name in (("Aracataca, Colombia", "Aracataca"), ("Florida, Missouri", "Florida, Missouri"),
                           ("Victoria, Texas", "Victoria, Texas"), ("Washington, Georgia", "Washington, Georgia"),
                           ("Georgia, USA", "Georgia")):
            found = _answers(extractor, "Someone", "birthPlace", text)
            assert [c.object_label for c in found] == [name], text
        assert _answers(extractor, "Mark Twain", "birthPlace", "Florida, Missouri")[0].object != mint_iri("Florida")
        path = tmp_path / "rows.tsv"
        path.write_text("Mark Twain\tbirthPlace\tFlorida, Missouri\n", encoding="utf-8")
        records = list(atomic_candidates(read_atomic_tsv(path, teacher="file:rows.tsv"), extractor.normalizer, context=extractor.context))
        assert [r.object_label for r in records if isinstance(r, Candidate)] == ["Florida, Missouri"]
    finally:
        store.close()


def test_another_scripts_bracket_after_a_language_is_no_alias_of_it(lit) -> None:
    """"Russian (Преступление и наказание)" answering a novel's language stored the novel's Russian
    title as an alias of the language Russian: after a language (the relation's range, or a
    language's name) another script's bracket is no other name; after other names it still is."""
    extractor = Extractor(lit)
    found = _answers(extractor, "Crime and Punishment", "originalLanguage", "Russian (Преступление и наказание)")
    assert [(c.object, c.object_label, getattr(c.object_label, "written", None)) for c in found] == [(mint_iri("Russian"), "Russian", None)]
    norm = Normalizer(lit)
    assert norm.named_entity("Russian (Преступление и наказание)") == (mint_iri("Russian"), "Russian")
    assert norm.entity("Преступление и наказание") != mint_iri("Russian")
    work = _answers(Extractor(lit), "Spirited Away", "basedOn", "Spirited Away (千と千尋の神隠し)")
    assert [getattr(c.object_label, "written", None) for c in work] == ["千と千尋の神隠し"]  # a work's own title: an alias
    assert Normalizer(lit).entity("Moscow (Москва)") == Normalizer(lit).entity("Moscow")


def test_a_marked_real_name_or_new_name_in_brackets_is_an_alias(lit) -> None:
    """"Mark Twain (real name Samuel Langhorne Clemens)" and "George Eliot (pen name of Mary Ann
    Evans)" kept no alias; "2019-nCoV (now SARS-CoV-2)" was the old name, apart from the reference's
    SARS-CoV-2. A marked real name is an alias; a new name the reference knows is the entity, the
    old one its alias; "modern-day X" says where a historical place lies: no alias."""
    norm = Normalizer(lit)
    for label, name, alias in (("Mark Twain (real name Samuel Langhorne Clemens)", "Mark Twain", "Samuel Langhorne Clemens"),
                               ("George Eliot (pen name of Mary Ann Evans)", "George Eliot", "Mary Ann Evans"),
                               ("Mark Twain (born Samuel Clemens)", "Mark Twain", "Samuel Clemens"),
                               ("2019-nCoV (now SARS-CoV-2)", "SARS-CoV-2", "2019-nCoV"),
                               ("Bombay (now Mumbai)", "Bombay", "Mumbai")):
        iri, found = norm.named_entity(label)
        assert (iri, found, found.written) == (mint_iri(name), name, alias), label
    for label, name in (("Königsberg (modern-day Kaliningrad)", "Königsberg"), ("Persepolis (in present-day Iran)", "Persepolis"),
                        ("Bohemia (now Czech Republic)", "Bohemia")):
        iri, found = norm.named_entity(label)
        assert (iri, found, getattr(found, "written", None)) == (mint_iri(name), name, None), label
    for label in ("Lewis Carroll (Charles Lutwidge Dodgson)", "Mark Twain (born 1835)", "Joe Biden (Democratic Party)"):
        assert norm.entity(label) == mint_iri(label), label  # no marker, or no name after it: the label whole
    answers = _answers(Extractor(lit), "Alice's Adventures in Wonderland", "author", "Lewis Carroll (Charles Lutwidge Dodgson)")
    assert [(c.object_label, getattr(c.object_label, "written", None)) for c in answers] == [("Lewis Carroll", None)]


def test_a_name_written_short_is_the_one_known_name_it_shortens(lit, tmp_path: Path) -> None:
    """"DR Congo", "Anopheles mosquitoes" and "P. falciparum" were entities apart from the
    reference's "Democratic Republic of the Congo", "Anopheles mosquito" and "Plasmodium
    falciparum": initials before a joining word, a plural in "-oes" and a genus's initial name the
    one known name they shorten; never a person's initials ("JP Morgan"), an initial two genera
    share ("E. coli"), or a name no one knows whole."""
    norm = Normalizer(lit)
    for short, name in (("DR Congo", "Democratic Republic of the Congo"), ("Anopheles mosquitoes", "Anopheles mosquito"),
                        ("P. falciparum", "Plasmodium falciparum")):
        assert norm.named_entity(short) == (mint_iri(name), name), short
    store = _store(tmp_path, ["John Pierpont Morgan", "Escherichia coli", "Entamoeba coli", "sho"])
    try:
        norm = Normalizer(lit, store)
        for other in ("JP Morgan", "E. coli", "P. vivax", "shoes", "J. Smith"):
            assert norm.named_entity(other)[1] == other, other
    finally:
        store.close()
