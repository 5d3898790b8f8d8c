"""A film archive's chat answers: titles with a colon, cast lines, directing pairs, award counts,
novels by their authors (found by the film archive user's audit). The domain is the audit's
own, made with ``kg domain new`` (``cinema/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import Extractor
from kg.ontology import load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion


@pytest.fixture(scope="module")
def films():
    return load_domain(Path(__file__).parent / "cinema")


def _labels(domain, head: str, relation: str, text: str, spacy_model) -> list[str]:
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [r.object_label for r in out if isinstance(r, Candidate)]


@pytest.mark.parametrize(
    ("head", "text", "labels"),
    [
        ("Dune: Part Two", "Star Wars: Episode IV – A New Hope", ["Star Wars: Episode IV – A New Hope"]),  # a stored title
        ("Mission: Impossible – Fallout", "*Mission: Impossible – Rogue Nation*", ["Mission: Impossible – Rogue Nation"]),
        ("The Return of the King", "The Lord of the Rings: The Two Towers (2002)", ["The Lord of the Rings: The Two Towers"]),
        ("Blade Runner 2049", "1. Dune: Part One\n2. Blade Runner: the one it follows", ["Dune: Part One", "Blade Runner"]),
        ("Alien", "Alien: Covenant", ["Alien: Covenant"]), ("Halo 3", "1. Halo 3: ODST", ["Halo 3: ODST"]),  # the head's own name before the colon
    ],
)
def test_a_title_with_a_colon_is_one_title(films, spacy_model, head: str, text: str, labels: list[str]) -> None:
    """'Star Wars: Episode IV – A New Hope' was the film 'Star Wars' with the note 'Episode IV – A
    New Hope'; a title's subtitle is capitalised, a gloss after a colon is not."""
    assert _labels(films, head, "sequelOf", text, spacy_model) == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("1. Brad Pitt as Tyler Durden\n2. Edward Norton as the Narrator", ["Brad Pitt", "Edward Norton"]),
        ("Brad Pitt as Detective David Mills", ["Brad Pitt"]),
        ("Brad Pitt as Rusty Ryan, George Clooney as Danny Ocean and Bill Murray as himself", ["Brad Pitt", "George Clooney", "Bill Murray"]),
    ],
)
def test_a_cast_line_gives_the_actor_not_the_role(films, spacy_model, text: str, labels: list[str]) -> None:
    """'Brad Pitt as Tyler Durden' and 'Brad Pitt as Rusty Ryan' were two people, neither Brad Pitt."""
    assert _labels(films, "Fight Club", "castMember", text, spacy_model) == labels


@pytest.mark.parametrize(
    ("relation", "text", "labels"),
    [
        ("director", "Directed by Joel and Ethan Coen", ["Joel Coen", "Ethan Coen"]),
        ("director", "Joel and Ethan Coen", ["Joel Coen", "Ethan Coen"]),
        ("director", "The Wachowskis (Lana Wachowski and Lilly Wachowski)", ["Lana Wachowski", "Lilly Wachowski"]),
        ("director", "Up was directed by Pete Docter, with Bob Peterson as co-director.", ["Pete Docter"]),
        ("screenwriter", "Fran Walsh, Philippa Boyens & Peter Jackson", ["Fran Walsh", "Philippa Boyens", "Peter Jackson"]),
        ("screenwriter", "1. Fran Walsh, Philippa Boyens and Peter Jackson", ["Fran Walsh", "Philippa Boyens", "Peter Jackson"]),
    ],
)
def test_people_who_made_a_film_together_are_each_one_person(films, spacy_model, relation: str, text: str, labels: list[str]) -> None:
    """'Directed by Joel and Ethan Coen' gave 'Directed by Joel' and 'Ethan Coen', 'Joel and Ethan
    Coen' one person, 'The Wachowskis (...)' the pair's name alone, 'Up was directed by Pete
    Docter, with ...' a person named by the whole sentence and 'Fran Walsh, Philippa Boyens & Peter
    Jackson' the person 'Philippa Boyens & Peter Jackson'."""
    assert _labels(films, "Fargo", relation, text, spacy_model) == labels


def test_an_award_count_is_a_gloss_of_one_award(films, spacy_model) -> None:
    """'11 Academy Awards, including Best Picture' gave the awards '11 Academy Awards' and
    'including Best Picture', 'Three Academy Awards (Best ...)' the award 'Three Academy Awards'."""
    assert _labels(films, "Titanic", "award", "11 Academy Awards, including Best Picture", spacy_model) == ["Academy Award"]
    assert _labels(films, "Titanic", "award", "Three Academy Awards (Best Picture, Best Director)", spacy_model) == ["Academy Award"]
    assert _labels(films, "Titanic", "award", "1. 2 Oscars\n2. BAFTA Award for Best Film", spacy_model) == ["Oscar", "BAFTA Award for Best Film"]
    assert _labels(films, "12 Angry Men (1997 film)", "sequelOf", "12 Angry Men", spacy_model) == ["12 Angry Men"]  # a title


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("*It* by Stephen King", ["It"]),
        ("The Shining (1977 novel) by Stephen King", ["The Shining"]),
        ("Jurassic Park by Michael Crichton", ["Jurassic Park"]),
        ('1. *It* by Stephen King\n2. "Carrie" by Stephen King', ["It", "Carrie"]),
    ],
)
def test_a_novel_by_its_author_is_the_novel(films, spacy_model, text: str, labels: list[str]) -> None:
    """'*It* by Stephen King' and 'The Shining (1977 novel) by Stephen King' gave the novel 'Stephen
    King', 'Jurassic Park by Michael Crichton' a novel named so."""
    assert _labels(films, "It (2017 film)", "basedOn", text, spacy_model) == labels


def test_a_film_named_as_its_novel_is_based_on_the_novel_not_on_itself(films, spacy_model) -> None:
    """'The Godfather basedOn The Godfather' was one entity based on itself, rejected as a
    self-loop (a work and a novel are disjoint): the novel is the film's namesake, named with its class."""
    assert _labels(films, "The Godfather", "basedOn", "The Godfather by Mario Puzo", spacy_model) == ["The Godfather (novel)"]
    assert _labels(films, "Dune (2021 film)", "basedOn", "Dune", spacy_model) == ["Dune"]  # named apart already
