"""The names a chat answer gives a volcanologist's entities (found by the volcanology user's
audit, tests/extractors/corpus/volcanology): a comma inside a gloss cuts no name, "Mt" is "Mount",
a hyphenated or plural common noun is the known one, an alias of the reference is its own name,
and "also called X" is the known X; each rule with counterexamples of other fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ontology import load_domain
from kg.records import Candidate
from tests.extractors.measured import chat_candidates as _read

_CORPUS = Path(__file__).parent / "corpus"
_RES = "https://w3id.org/kgdistill/resource/"


@pytest.fixture(scope="module")
def volcanology():
    return load_domain(str(_CORPUS / "volcanology" / "domain"))


@pytest.fixture(scope="module")
def literature():
    return load_domain(str(_CORPUS / "literature" / "domain"))


@pytest.fixture(scope="module")
def zoology():
    return load_domain(str(_CORPUS / "zoology" / "domain"))


def _named(candidates: list[Candidate]) -> list[tuple[str, str]]:
    return [(str(c.object).removeprefix(_RES), str(c.object_label)) for c in candidates]


@pytest.mark.parametrize(
    ("head", "relation", "text", "named"),
    [
        ("Mount Tambora", "locatedIn", "Indonesia (West Nusa Tenggara province, on Sumbawa)", [("indonesia", "Indonesia")]),
        ("Mount Erebus", "locatedIn", "Antarctica (Ross Island, near McMurdo Station)", [("antarctica", "Antarctica")]),
        ("Mount Tambora", "locatedIn", "Indonesia, on Sumbawa", [("indonesia", "Indonesia")]),  # a clause outside brackets still goes
    ],
)
def test_a_comma_inside_a_gloss_cuts_no_name(volcanology, spacy_model, head, relation, text, named) -> None:
    """'Indonesia (West Nusa Tenggara province, on Sumbawa)' gave the entity 'Indonesia (West Nusa
    Tenggara province' and 'Antarctica (Ross Island, near McMurdo Station)' a new country: the
    clause that a comma and 'on'/'near' begin was cut inside the bracket; the bracket is the name's gloss."""
    assert _named(_read(volcanology, head, relation, text, spacy_model)) == named


@pytest.mark.parametrize(
    ("head", "text", "named"),
    [
        ("Eruption of Mount Vesuvius in 79 AD", "Mt Vesuvius", ("mount_vesuvius", "Mount Vesuvius")),
        ("1980 eruption of Mount St. Helens", "Mt. St. Helens", ("mount_st_helens_1aad45117e", "Mount St. Helens")),
        ("1980 eruption of Mount St. Helens", "Mt St Helens", ("mount_st_helens_1aad45117e", "Mount St. Helens")),
        ("1980 eruption of Mount St. Helens", "Mt Isa", ("mt_isa", "Mt Isa")),  # no Mount Isa known: as written
    ],
)
def test_mt_is_a_known_mount(volcanology, spacy_model, head, text, named) -> None:
    """'Mt Vesuvius' and 'Mt. St. Helens' minted new volcanoes, refused against the reference's
    Mount Vesuvius and Mount St. Helens: "Mt"/"Mt." before a capitalised word is "Mount" where the
    store or the reference knows that name."""
    assert _named(_read(volcanology, head, "eruptionOf", text, spacy_model)) == [named]


def test_st_is_no_saint(literature, spacy_model) -> None:
    """Counterexample (literature): Tom Sawyer's St. Petersburg is a town in Missouri, not the
    reference's Saint Petersburg; "St." is not read as "Saint" even where "Saint ..." is known."""
    got = _read(literature, "The Adventures of Tom Sawyer", "setIn",
                "St. Petersburg, Missouri (a fictional town based on Hannibal)", spacy_model)
    assert [str(c.object_label) for c in got][:1] == ["St. Petersburg"]
    assert all(str(c.object) != _RES + "saint_petersburg" for c in got)


@pytest.mark.parametrize("text", ["Strato-volcano", "stratovolcanoes", "Stratovolcanoes", "strato-volcanoes"])
def test_a_hyphenated_or_plural_noun_is_the_known_one(volcanology, spacy_model, text) -> None:
    """'Strato-volcano' and 'stratovolcanoes' minted new volcano types, refused against the
    reference's stratovolcano: a known common noun (a label in lower case) written with a
    hyphen or in the plural is that noun."""
    got = _read(volcanology, "Mount Vesuvius", "volcanoType", text, spacy_model)
    assert _named(got) == [("stratovolcano", "stratovolcano")]


@pytest.mark.parametrize(
    ("head", "relation", "text", "named"),
    [
        ("Mount Pinatubo", "partOfArc", "Kuril-Kamchatka Arcs", "kuril_kamchatka_arc_42e431b5fb"),
    ],
)
def test_a_capitalised_name_is_no_plural(volcanology, spacy_model, head, relation, text, named) -> None:
    """Counterexamples: a name with capitalised words is not a plural of a known noun ("The
    Doors", "Andes"); only a common noun in lower case but for its first letter is."""
    got = _read(volcanology, head, relation, text, spacy_model)
    assert [str(c.object_label) for c in got] == [text]
    assert named not in {str(c.object).removeprefix(_RES) for c in got}


@pytest.mark.parametrize(("relation", "text", "named"), [("habitat", "1. Savannas", "savanna"), ("preysOn", "1. Plains zebras", "plains zebra")])
def test_a_plural_of_another_field_is_its_noun(zoology, spacy_model, relation, text, named) -> None:
    """Zoology: 'Savannas' and 'Plains zebras' are the reference's savanna and plains zebra."""
    got = _read(zoology, "Lion", relation, text, spacy_model)
    assert [str(c.object_label) for c in got] == [named]


def test_an_alias_of_the_reference_is_its_own_name(volcanology, spacy_model) -> None:
    """'1. México' (the reference's "México"@es alias of res:mexico) labelled res:mexico "México",
    so no query for "Mexico" found it: the reference's own name is the label, the alias as
    written kept as skos:altLabel."""
    (got,) = _read(volcanology, "Popocatépetl", "locatedIn", "1. México", spacy_model)
    assert _named([got]) == [("mexico", "Mexico")]
    assert getattr(got.object_label, "written", None) == "México"
    (same,) = _read(volcanology, "Popocatépetl", "locatedIn", "1. Mexico", spacy_model)
    assert getattr(same.object_label, "written", None) is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("1. Luzon Arc (also called the Luzon Volcanic Arc)", ("luzon_volcanic_arc", "Luzon Volcanic Arc")),
        ("1. Luzon Arc (aka Luzon Volcanic Arc)", ("luzon_volcanic_arc", "Luzon Volcanic Arc")),
        ("1. Luzon Volcanic Arc (also called the Bataan Arc)", ("luzon_volcanic_arc", "Luzon Volcanic Arc")),  # the known name first
        ("1. Bataan Arc (formerly the Luzon Volcanic Arc)", ("bataan_arc", "Bataan Arc")),  # a former name may be another thing's
        ("1. Bataan Arc (near the Luzon Volcanic Arc)", ("bataan_arc", "Bataan Arc")),
    ],
)
def test_also_called_a_known_name_is_that_name(volcanology, spacy_model, text, named) -> None:
    """'Luzon Arc (also called the Luzon Volcanic Arc)' minted 'Luzon Arc' beside the reference's
    Luzon Volcanic Arc: "also called", "also known as" and "aka" vouch that the two names name one
    thing, so the known one is taken where the first is unknown, the first kept as an alias."""
    got = _read(volcanology, "Mount Pinatubo", "partOfArc", text, spacy_model)
    assert _named(got) == [named]
    if named[0] == "luzon_volcanic_arc" and text.startswith("1. Luzon Arc"):
        assert getattr(got[0].object_label, "written", None) == "Luzon Arc"


def test_an_ingested_alias_leaves_the_reference_name_to_query(tmp_path: Path, capsys) -> None:
    """kg ingest of the audit's '1. México' and '1. Luzon Arc (also called the Luzon Volcanic Arc)'
    answers: the store labels res:mexico "Mexico" and res:luzon_volcanic_arc "Luzon Volcanic Arc"
    (the reference's names, what a query asks by), the teacher's names their aliases."""
    from kg.cli import main
    from kg.store import open_store

    answers = [line for line in (_CORPUS / "volcanology" / "answers.jsonl").read_text(encoding="utf-8").splitlines()
               if '"p-fef230c2913974aba44f"' in line or '"p-489931822546ac8fcd5d"' in line]
    data = tmp_path / "answers.jsonl"
    data.write_text("\n".join(answers) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    main(["ingest", str(data), "--domain", str(_CORPUS / "volcanology" / "domain"), "--input-format", "transcript",
          "--critic", "none", "--store", str(store), "--json"])
    capsys.readouterr()
    query = ("SELECT ?s ?p ?l WHERE { ?s ?p ?l FILTER(?p IN (<http://www.w3.org/2000/01/rdf-schema#label>, "
             "<http://www.w3.org/2004/02/skos/core#altLabel>)) }")
    with open_store(store) as kg:
        rows = {(str(r["s"]).removeprefix(_RES), str(r["p"]).rsplit("#", 1)[-1], str(r["l"])) for r in kg.query(query).bindings()}
    assert {("mexico", "label", "Mexico"), ("mexico", "altLabel", "México"), ("luzon_volcanic_arc", "label", "Luzon Volcanic Arc"),
            ("luzon_volcanic_arc", "altLabel", "Luzon Arc")} <= rows
    assert ("mexico", "label", "México") not in rows
