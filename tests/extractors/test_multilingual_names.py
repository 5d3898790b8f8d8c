"""Names in other scripts: what tells two apart (numerals, joiners), what makes two spellings
one (stress marks, typographic hyphens, invisible marks), and text kept as it was written
(an RDF literal written as text, a dataset's case)."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDFS, Literal

from extractors import Extractor
from extractors.normalize import Normalizer
from kg.iri import mint_iri, normalize_label
from kg.prompts import Prompt
from kg.records import Candidate, Completion


def test_names_that_differ_in_a_han_numeral_stay_two_entities(geo, tmp_path: Path) -> None:
    """The 14th National People's Congress resolved to the stored 13th (fuzz ratio over the
    cutoff; only ASCII digits counted as numbers), and its facts were filed under the 13th."""
    from kg.store import init_store

    store = init_store(tmp_path / "store")
    thirteenth, twenty_first = "中华人民共和国第十三届全国人民代表大会", "東京都議会第二十一回定例会議事録"
    store.add_triples([(mint_iri(n), RDFS.label, Literal(n)) for n in (thirteenth, twenty_first)])
    try:
        norm = Normalizer(geo, store)
        for other in ("中华人民共和国第十四届全国人民代表大会", "東京都議会第二十二回定例会議事録"):
            assert norm.entity(other) == mint_iri(other), other
        assert norm.entity(thirteenth) == mint_iri(thirteenth)
    finally:
        store.close()


def test_spellings_of_one_name_share_a_key_and_different_letters_do_not() -> None:
    """"Белару́сь" (a stress mark) and "Беларусь", "Nordrhein‑Westfalen" (a non-breaking hyphen)
    and "Nordrhein-Westfalen", a name behind a right-to-left mark: two entities each."""
    same = [("Белару́сь", "Беларусь"), ("Nordrhein\u2011Westfalen", "Nordrhein-Westfalen"),
            ("Nordrhein\u2010Westfalen", "Nordrhein-Westfalen"), ("\u200fالقاهرة", "القاهرة")]
    for a, b in same:
        assert normalize_label(a) == normalize_label(b) and mint_iri(a) == mint_iri(b), (a, b)
    for a, b in [("й", "и"), ("ё", "е"), ("ѓ", "г")]:  # letters, not stressed vowels
        assert normalize_label(a) != normalize_label(b), (a, b)


def _objects(extractor: Extractor, text: str, prompt: Prompt, teacher: str = "test:teacher") -> list[str]:
    out = extractor.extract(Completion(prompt.id, prompt.text, teacher, text), prompt)
    return [c.object_label for c in out if isinstance(c, Candidate)]


def test_joiners_stay_in_the_text_and_invisible_marks_go(cs) -> None:
    """The zero-width joiner and non-joiner were made spaces: the family "👨‍👩‍👧" stored as
    three people, Persian "می‌خواهد" as two words; a zero-width space inside a word split it."""
    prompt = Prompt.make("p", "list", head="PersonX buys a present", relation="xIntent")
    # a user's file: a model's answer in Persian in an English domain is quarantined (test_chat_formatting)
    got = _objects(Extractor(cs), "1. to share with 👨\u200d👩\u200d👧\n2. می\u200cخواهد\n3. to sur\u200bprise", prompt, teacher="file:rows.json")
    assert got == ["to share with 👨\u200d👩\u200d👧", "می\u200cخواهد", "to surprise"]


def test_an_rdf_literal_written_as_text_gives_its_text(geo) -> None:
    """A teacher's JSON with '"القاهرة"@ar' made an entity labelled 'القاهرة"@ar' beside the
    stored 'القاهرة'."""
    prompt = Prompt.make("p", "list", head="مصر", relation="capital")
    assert _objects(Extractor(geo), '1. "القاهرة"@ar', prompt, teacher="file:rows.json") == ["القاهرة"]  # a user's file (above)


def test_a_users_own_file_keeps_its_case(cs) -> None:
    """Sentence case is lowered in a chat model's answers: a JSON or Turtle file's "Paris is the
    goal" (`kg ingest`) came out "paris is the goal"."""
    prompt = Prompt.make("p", "list", head="PersonX plans a trip", relation="xIntent")
    assert _objects(Extractor(cs), "1. Paris is the goal", prompt, teacher="file:rows.json") == ["Paris is the goal"]
    assert _objects(Extractor(cs), "1. To see the sea", prompt) == ["to see the sea"]  # a model's answer
