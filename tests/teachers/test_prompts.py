"""Prompt building from a domain's relation templates."""

from __future__ import annotations

import re

from pathlib import Path

from rdflib import RDFS, Literal, URIRef

from kg.iri import mint_iri
from kg.ontology import load_domain
from kg.prompts import Prompt, build_prompts, prompt_id
from kg.store import init_store


def test_list_prompts_are_deterministic_few_shot_from_the_domain() -> None:
    geo = load_domain("geography")
    first = build_prompts(geo, ["Peru", "Chile"], kind="list", relations=["capitalOf", "borders"])
    again = build_prompts(geo, ["Peru", "Chile"], kind="list", relations=["capitalOf", "borders"])
    assert [p.id for p in first] == [p.id for p in again] and len(first) == 4
    p = first[0]
    assert p.kind == "list" and p.head == "Peru" and p.relation == "borders" and p.id == prompt_id(p.text)
    assert p.text.rstrip().endswith(geo.relations["borders"].prompt.format(head="Peru"))
    assert p.text.count("1. ") == 3  # three shots from the domain's reference graph
    assert "Peru" not in p.text.split(geo.relations["borders"].prompt.format(head="Peru"))[0]


def test_few_shot_examples_come_from_the_store_when_it_has_any(tmp_path: Path) -> None:
    geo = load_domain("geography")
    rel = geo.relations["borders"]
    store = init_store(tmp_path / "store")
    try:
        triples = []
        for a, b in [("Atlantis", "Lemuria"), ("Atlantis", "Mu"), ("Lemuria", "Mu")]:
            triples += [(mint_iri(a), URIRef(str(rel.iri)), mint_iri(b)),
                        (mint_iri(a), RDFS.label, Literal(a)), (mint_iri(b), RDFS.label, Literal(b))]
        store.add_triples(triples)
        prompt = build_prompts(geo, ["Mu"], store=store, relations=["borders"], shots=2)[0]
    finally:
        store.close()
    assert "Atlantis" in prompt.text and "1. Lemuria" in prompt.text


def test_json_prompt_names_every_relation() -> None:
    geo = load_domain("geography")
    (p,) = build_prompts(geo, ["France"], kind="json")
    assert p.kind == "json" and p.topic == "France"
    assert all(f"- {name}" in p.text for name in geo.relations)
    assert Prompt.make(p.text, "json").id == p.id


def _commonsense_with(tmp_path: Path, examples: str) -> Path:
    """A copy of the shipped commonsense domain (no reference graph) whose xWant relation has
    ``examples = <examples>`` in relations.toml."""
    import shutil

    from kg.ontology import domains_dir

    folder = tmp_path / "commonsense"
    shutil.copytree(domains_dir() / "commonsense", folder)
    toml = folder / "relations.toml"
    text = toml.read_text(encoding="utf-8")
    shipped = re.search(r'(synonyms = \["PersonX wants", "want"\]\n)(examples = .*\n)?', text)
    assert shipped is not None
    toml.write_text(text.replace(shipped.group(0), f"{shipped.group(1)}examples = {examples}\n"), encoding="utf-8")
    return folder


def test_a_domains_own_examples_are_the_shots_before_the_store_has_any(tmp_path: Path) -> None:
    folder = _commonsense_with(tmp_path, '[{head = "PersonX buys a ticket", tails = ["to board the train", "to find a seat"]}, '
                                         '{head = "PersonX bakes bread", tails = "to eat it"}]')
    domain = load_domain(str(folder))
    assert domain.relations["xWant"].examples == (
        ("PersonX buys a ticket", ("to board the train", "to find a seat")), ("PersonX bakes bread", ("to eat it",)),
    )
    (prompt,) = build_prompts(domain, ["PersonX goes home"], relations=["xWant"], shots=2)
    assert "PersonX buys a ticket" in prompt.text and "to find a seat" in prompt.text and "to eat it" in prompt.text
    (own,) = build_prompts(domain, ["PersonX bakes bread"], relations=["xWant"], shots=2)
    assert "to eat it" not in own.text  # a head is never its own example
    # the shipped domain's are ATOMIC 2020's human tails
    (shipped,) = build_prompts(load_domain("commonsense"), ["PersonX goes home"], relations=["xWant"], shots=2)
    assert shipped.text.count("\n1. ") == 2 and "in the same way as the examples" in shipped.text



def test_a_domains_own_examples_keep_their_written_order(tmp_path: Path) -> None:
    """Few-shot examples written in relations.toml were re-sorted by head: a prompt showed
    "PersonX bakes bread" before "PersonX buys a ticket" though written after it."""
    folder = _commonsense_with(tmp_path, '[{head = "PersonX buys a ticket", tails = ["to board the train"]}, '
                                         '{head = "PersonX bakes bread", tails = ["to eat it"]}]')
    (prompt,) = build_prompts(load_domain(str(folder)), ["PersonX goes home"], relations=["xWant"], shots=3)
    assert prompt.text.index("PersonX buys a ticket") < prompt.text.index("PersonX bakes bread")


def test_malformed_examples_are_a_one_line_ontology_error(tmp_path: Path) -> None:
    import pytest

    from kg.errors import OntologyError

    for bad in ('"to rest"', '[{head = "PersonX sleeps"}]', '[{head = "", tails = ["x"]}]', '[{head = "a", tails = ["b"], why = 1}]'):
        with pytest.raises(OntologyError, match="relation 'xWant': .*example") as err:
            load_domain(str(_commonsense_with(tmp_path / str(abs(hash(bad))), bad)))
        assert "\n" not in str(err.value)


def test_the_reason_asked_for_is_shown_in_the_domains_own_kind_of_answer() -> None:
    """With --rationales a drug's prompt asked 'for example: "1. to eat it because they are
    hungry"' (ATOMIC's); a domain of named entities gets a pattern, a domain of phrases keeps it."""
    from kg.ontology import load_domain
    from kg.prompts import build_prompts

    geo = build_prompts(load_domain("geography"), ["France"], kind="list", shots=0, rationales=True, relations=["borders"])
    cs = build_prompts(load_domain("commonsense"), ["PersonX eats"], kind="list", shots=0, rationales=True, relations=["xWant"])
    assert "hungry" not in geo[0].text and '"1. <answer> because <a short reason>"' in geo[0].text
    assert '"1. to eat it because they are hungry"' in cs[0].text


def test_two_relations_asked_in_the_same_words_are_refused(tmp_path: Path) -> None:
    """Two relations whose prompts rendered to the same text got the same prompt id: the run
    asked it once and filed every answer under one relation, the other silently got nothing
    (and --batch-requests wrote the same custom_id twice)."""
    import shutil

    import pytest

    from kg.errors import ConfigError
    from kg.ontology import domains_dir

    folder = tmp_path / "geography"
    shutil.copytree(domains_dir() / "geography", folder)
    toml = folder / "relations.toml"
    asked = 'prompt = "On which continent is {head}? Answer with the continent name only."'
    text = toml.read_text(encoding="utf-8")
    assert asked in text
    toml.write_text(text.replace(asked, 'prompt = "In which country or continent is {head} located? List the places."'), encoding="utf-8")
    domain = load_domain(str(folder))
    with pytest.raises(ConfigError, match="'locatedIn' of 'Peru' and 'onContinent' of 'Peru' are the same text"):
        build_prompts(domain, ["Peru"], relations=["locatedIn", "onContinent"], shots=0)
    assert len(build_prompts(domain, ["Peru", "Peru"], relations=["locatedIn"], shots=0)) == 2  # one thing asked twice is no clash


def test_a_verbalization_with_other_braces_makes_a_json_prompt(tmp_path: Path) -> None:
    """A verbalization with a literal brace ("{head} has {tail} inhabitants (per {year})")
    worked with --kind list, but --kind json failed: "the 'json' prompt kind failed: KeyError: 'year'"."""
    import shutil

    from kg.ontology import domains_dir

    folder = tmp_path / "geography"
    shutil.copytree(domains_dir() / "geography", folder)
    toml = folder / "relations.toml"
    text = toml.read_text(encoding="utf-8")
    said = 'verbalization = "{head} has a population of {tail}"'
    assert said in text
    toml.write_text(text.replace(said, 'verbalization = "{head} has {tail} inhabitants (per {year})"'), encoding="utf-8")
    (prompt,) = build_prompts(load_domain(str(folder)), ["Peru"], kind="json")
    assert "- population (as in: X has Y inhabitants (per {year}))" in prompt.text


def test_a_template_reads_the_same_in_a_prompt_and_to_the_critics(tmp_path: Path) -> None:
    """``{{`` was a brace in one template and sent doubled in another, as some other brace
    happened to break str.format or not; and the critics (cross-encoder, LLM judge) replaced the
    slots only, so a verbalization read one way in a JSON prompt and another to the critic."""
    from kg.critics.cross_encoder import verbalizer
    from kg.critics.llm_judge import LLMJudge

    folder = _geography_with(tmp_path, 'prompt = "Which countries share a land border with {head}? List the country names."',
                             'prompt = "Answer as {{\\"tails\\": [...]}} or {\\"tails\\": []} if none: what borders {head}?"')
    toml = folder / "relations.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"{head} borders {tail}"', '"{head} borders {{roughly}} {tail}"'), encoding="utf-8")
    rel = load_domain(str(folder)).relations["borders"]
    assert rel.prompt_for("Peru") == 'Answer as {"tails": [...]} or {"tails": []} if none: what borders Peru?'
    said = "Peru borders {roughly} Chile"
    assert rel.verbalize("Peru", "Chile") == said
    assert verbalizer({"borders": rel.verbalization})("Peru", "borders", "Chile") == said
    assert LLMJudge(None, templates={"borders": rel.verbalization}).statement("Peru", "borders", "Chile") == said


def _geography_with(tmp_path: Path, old: str, new: str) -> Path:
    import shutil

    from kg.ontology import domains_dir

    folder = tmp_path / "geography"
    shutil.copytree(domains_dir() / "geography", folder)
    toml = folder / "relations.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_reference_name_of_several_places_is_no_few_shot_example() -> None:
    """Barcelona (Spain, Venezuela) has two populations in the shipped reference: drawn as an
    example, it taught "1. 1686208 2. 815141" for a one-figure question (at 13 shots)."""
    from kg.prompts import few_shot_examples

    geo = load_domain("geography")
    for shots in range(1, 21):
        assert all(len(tails) == 1 for _, tails in few_shot_examples(geo, geo.relations["population"], shots=shots))


def test_a_list_prompt_without_examples_asks_for_a_list_not_to_complete_the_last_item() -> None:
    """A prompt with no examples (a new domain's relation, or shots=0) said "Complete the last
    item in the same way as the examples" above no examples; in the domain's language too."""
    geo = load_domain("geography")
    (alone,) = build_prompts(geo, ["Peru"], relations=["borders"], shots=0)
    assert alone.text.startswith("Answer with a numbered list of short phrases, one per line.\n\n")
    assert "examples" not in alone.text
    (shown,) = build_prompts(geo, ["Peru"], relations=["borders"], shots=3)
    assert shown.text.startswith("Complete the last item in the same way as the examples")
    from kg.languages import LANGUAGES

    assert all(lang.answer_instruction and lang.answer_instruction != lang.list_instruction for lang in LANGUAGES.values())


def _zoo(tmp_path: Path) -> Path:
    """A tiny domain whose reference names its entities in German and English (Austria in
    German only), and whose one written example of adultMass is about lion."""
    folder = tmp_path / "zoo"
    folder.mkdir()
    (folder / "relations.toml").write_text(
        '[domain]\nname = "zoo"\nprefix = "zoo"\nnamespace = "https://example.org/zoo#"\n\n'
        '[relations.adultMass]\nprompt = "What completes \\"{head} adult mass ___\\"? Answer with one item: a number in kg."\n'
        'verbalization = "{head} adult mass {tail}"\nexamples = [{head = "lion", tails = ["190.0"]}]\n\n'
        '[relations.capital]\nprompt = "Which city is the capital of {head}? Answer with one item: its name."\n'
        'verbalization = "{tail} is the capital of {head}"\n', encoding="utf-8")
    (folder / "ontology.ttl").write_text(
        "@prefix zoo: <https://example.org/zoo#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "zoo:adultMass a owl:DatatypeProperty ; rdfs:range xsd:decimal . zoo:capital a owl:ObjectProperty .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    (folder / "reference.ttl").write_text(
        "@prefix zoo: <https://example.org/zoo#> . @prefix res: <https://w3id.org/kgdistill/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'res:lion rdfs:label "Löwe"@de, "lion"@en ; skos:altLabel "Panthera leo" ; zoo:adultMass 190.0 .\n'
        'res:tiger rdfs:label "Tiger"@de, "tiger"@en ; zoo:adultMass 220.0 .\n'
        'res:germany rdfs:label "Deutschland"@de, "Germany" ; zoo:capital res:berlin .\n'
        'res:berlin rdfs:label "Berlin"@de, "Berlin"@en .\n'
        'res:austria rdfs:label "Österreich"@de ; zoo:capital res:vienna .\n'
        'res:vienna rdfs:label "Wien"@de, "Vienna"@en .\n', encoding="utf-8")
    return folder


def test_a_head_is_no_example_of_its_own_prompt_under_any_of_its_names(tmp_path: Path) -> None:
    """The zoology user's adultMass prompt for lion showed 'What completes "Löwe adult mass ___"?
    190.0' (lion under its German label, from the reference graph, as the written example about
    lion was left out) and then asked the same of lion."""
    from kg.prompts import few_shot_examples

    zoo = load_domain(str(_zoo(tmp_path)))
    for head in ("lion", "Lion", "Löwe", "Panthera leo"):
        (prompt,) = build_prompts(zoo, [head], relations=["adultMass"])
        assert "190" not in prompt.text and "Löwe adult" not in prompt.text.replace(f'"{head} adult', "")
        assert "tiger adult mass" in prompt.text  # another species is still an example
    by_iri = few_shot_examples(zoo, zoo.relations["adultMass"], exclude="https://w3id.org/kgdistill/resource/lion")
    assert by_iri == [("tiger", ["220.0"])]
    (tiger,) = build_prompts(zoo, ["tiger"], relations=["adultMass"])
    assert '"lion adult mass ___"' in tiger.text and "190.0" in tiger.text  # the written example, about another head


def test_an_english_prompt_shows_english_or_untagged_labels_only(tmp_path: Path) -> None:
    """An English prompt showed an entity under whichever label the graph gave first ('Löwe',
    'Deutschland'); one named in another language only (Österreich) is no example there."""
    zoo = load_domain(str(_zoo(tmp_path)))
    (france,) = build_prompts(zoo, ["France"], relations=["capital"], shots=3)
    assert "capital of Germany?" in france.text and "Deutschland" not in france.text
    assert "Österreich" not in france.text and "Wien" not in france.text and "Vienna" not in france.text
    (lion,) = build_prompts(zoo, ["lion"], relations=["adultMass"])
    assert '"tiger adult mass ___"' in lion.text and "Tiger" not in lion.text


def test_a_store_example_is_not_the_head_under_another_label(tmp_path: Path) -> None:
    """The store's accepted facts were grouped by label, so an entity labelled "Löwe"@de and
    "lion"@en was an example of lion's own prompt under its German label."""
    zoo = load_domain(str(_zoo(tmp_path)))
    rel = URIRef(str(zoo.relations["adultMass"].iri))
    store = init_store(tmp_path / "store")
    try:
        lion, puma = mint_iri("lion"), mint_iri("puma")
        store.add_triples([(lion, rel, Literal("190.0")), (lion, RDFS.label, Literal("lion", lang="en")),
                           (lion, RDFS.label, Literal("Löwe", lang="de")),
                           (puma, rel, Literal("62.0")), (puma, RDFS.label, Literal("puma", lang="en")),
                           (puma, RDFS.label, Literal("Puma", lang="de"))])
        (prompt,) = build_prompts(zoo, ["lion"], store=store, relations=["adultMass"])
    finally:
        store.close()
    assert "190" not in prompt.text and "Löwe" not in prompt.text
    assert '"puma adult mass ___"' in prompt.text and '"Puma adult' not in prompt.text
