"""Rivers named where they are given at, rivers joined in a list, and the peoples and capitals of
a demographer's answers: a hydrologist's and a demographer's audits."""

from __future__ import annotations

from tests.extractors.measured import read_chat


def test_a_river_at_a_place_is_the_river_never_the_known_place_after_its_comma(hydrology, tmp_path, spacy_model) -> None:
    """'Mississippi River at Cairo, Illinois' of the Ohio's mouth, the store knowing a river
    Illinois, stored 'Ohio mouth Illinois' (the part after the comma a known thing of the range,
    'Mississippi River at Cairo' its note); without Illinois known it was one entity 'Mississippi
    River at Cairo'. The river is the answer, where it is given at its note; a title with "at"
    ('Breakfast at Tiffany's') or a place in lower case ('at the Vicarage') stays whole."""
    from extractors import Extractor
    from kg.cli import main
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion
    from kg.store import open_store

    rows = tmp_path / "a.csv"
    rows.write_text("head,relation,tail\nMississippi,tributary,Illinois\n", encoding="utf-8")
    main(["ingest", str(rows), "--trusted", "--domain", str(hydrology.path), "--store", str(tmp_path / "s"), "-q"])
    prompt = Prompt.make("p", "list", head="Ohio", relation="mouth")
    with open_store(tmp_path / "s") as store:
        completion = Completion(prompt.id, prompt.text, "openai:chat", "Mississippi River at Cairo, Illinois", finish_reason="stop")
        out = [r for r in Extractor(hydrology, store).extract(completion, prompt) if isinstance(r, Candidate)]
    assert [(r.object_label, r.rationale) for r in out] == [("Mississippi", "at Cairo, Illinois")]
    assert read_chat(hydrology, "Ohio", "mouth", "Mississippi River at Cairo", spacy_model)[0] == ["Mississippi"]
    assert read_chat(hydrology, "Mississippi", "tributary", "Ohio River at Cairo, Illinois\nMissouri River", spacy_model)[0] == ["Ohio", "Missouri"]
    assert read_chat(hydrology, "Ohio", "mouth", "Breakfast at Tiffany's", spacy_model)[0] == ["Breakfast at Tiffany's"]
    assert read_chat(hydrology, "Ohio", "mouth", "Murder at the Vicarage", spacy_model)[0] == ["Murder at the Vicarage"]


def test_a_list_with_two_known_rivers_joined_gives_each_known_river(hydrology, spacy_model) -> None:
    """'Atbara, Blue Nile and White Nile' of the Nile's tributaries, all three known, was one
    entity (the head's name in 'Blue Nile' read as a sentence about the head), while 'Inn, Drava
    and Sava' was three; 'Blue Nile and White Nile, Atbara' gave the two and lost the Atbara
    (neither stored nor quarantined). A known name with the head's name in it is a list's item;
    two known names joined are two, wherever they stand in the line."""
    for text in ("Atbara, Blue Nile and White Nile", "Atbara, Blue Nile, and White Nile"):
        assert read_chat(hydrology, "Nile", "tributary", text, spacy_model)[0] == ["Atbara", "Blue Nile", "White Nile"], text
    assert read_chat(hydrology, "Nile", "tributary", "Blue Nile and White Nile, Atbara", spacy_model)[0] == ["Blue Nile", "White Nile", "Atbara"]
    assert read_chat(hydrology, "Danube", "tributary", "Inn, Drava and Sava", spacy_model)[0] == ["Inn", "Drava", "Sava"]


def test_two_known_names_joined_in_a_list_item_are_two_and_a_known_whole_stays_one(hydrology, geo, spacy_model) -> None:
    """'1. Blue Nile and White Nile' (both known rivers) was one entity 'Blue Nile and White
    Nile'; it gives both. A name known whole ('Bosnia and Herzegovina', 'Trinidad and Tobago'),
    one whose parts are not both known ('Oka and Kama', 'Simon and Garfunkel', 'Tyne and Wear')
    stays one."""
    assert read_chat(hydrology, "Nile", "tributary", "1. Blue Nile and White Nile\n2. Atbara", spacy_model)[0] == ["Blue Nile", "White Nile", "Atbara"]
    assert read_chat(hydrology, "Nile", "tributary", "Blue Nile and White Nile", spacy_model)[0] == ["Blue Nile", "White Nile"]
    assert read_chat(hydrology, "Volga", "tributary", "1. Oka and Kama", spacy_model)[0] == ["Oka and Kama"]
    assert read_chat(hydrology, "Tees", "tributary", "1. Tyne and Wear\n2. Atbara", spacy_model)[0] == ["Tyne and Wear", "Atbara"]
    assert read_chat(geo, "Croatia", "borders", "1. Bosnia and Herzegovina\n2. Serbia", spacy_model)[0] == ["Bosnia and Herzegovina", "Serbia"]
    assert read_chat(geo, "Venezuela", "borders", "1. Trinidad and Tobago\n2. Guyana", spacy_model)[0] == ["Trinidad and Tobago", "Guyana"]


def test_a_share_after_each_name_of_a_one_line_list_is_its_note_and_others_no_entity(demography, spacy_model) -> None:
    """'Indo-Aryan 72%, Dravidian 25%, Mongoloid and other 3%' of India's ethnic groups gave the
    entities 'Indo-Aryan 72%', 'Dravidian 25%', 'Mongoloid' and 'other' ('Indo-Aryan (72%)' gave
    another IRI than 'Indo-Aryan 72%'): a share after a name in a one-line list is the item's note,
    as a numbered list's already is ('1. Poles 96.9%'), and the rest ('other', 'others') no entity."""
    from tests.extractors.measured import chat_candidates

    bare = chat_candidates(demography, "India", "ethnicGroup", "Indo-Aryan 72%, Dravidian 25%, Mongoloid and other 3%", spacy_model)
    bracketed = chat_candidates(demography, "India", "ethnicGroup", "Indo-Aryan (72%), Dravidian (25%)", spacy_model)
    assert [(c.object_label, c.rationale) for c in bare[:2]] == [("Indo-Aryan", "72%"), ("Dravidian", "25%")]
    assert [c.object_label for c in bare] == ["Indo-Aryan", "Dravidian", "Mongoloid"]
    assert [c.object for c in bare[:2]] == [c.object for c in bracketed]
    assert read_chat(demography, "Poland", "ethnicGroup", "Poles 96.9%, Silesians 1.1%, others 2%", spacy_model)[0] == ["Poles", "Silesians"]
    assert read_chat(demography, "Poland", "ethnicGroup", "1. Poles 96.9%\n2. Silesians 1.1%\n3. Others 2%", spacy_model)[0] == ["Poles", "Silesians"]
    # a share in a name's brackets stays there, one note
    assert read_chat(demography, "Kazakhstan", "ethnicGroup", "Kazakhs (Qazaqs, 70%), Russians 15%", spacy_model)[0] == ["Kazakhs", "Russians"]


def test_a_denial_in_the_bracket_after_a_name_is_the_names_gloss(demography, spacy_model) -> None:
    """'Bern (de facto; Switzerland has no de jure capital)' of Switzerland's capital was dropped
    as a none answer (lost) while 'Bern (de facto)' read Bern: a bracket after a name is its
    gloss, a denial in it too; a denial outside a bracket, or after a none word, stays one."""
    from tests.extractors.measured import chat_candidates, none_answer

    read = chat_candidates(demography, "Switzerland", "capital", "Bern (de facto; Switzerland has no de jure capital)", spacy_model)
    assert [(c.object_label, c.rationale) for c in read] == [("Bern", "de facto; Switzerland has no de jure capital")]
    assert none_answer(demography, "Switzerland", "capital", "None (Switzerland has no de jure capital)", spacy_model)
    assert none_answer(demography, "Switzerland", "capital", "Switzerland has no de jure capital.", spacy_model)
    assert none_answer(demography, "Switzerland", "capital", "No official capital (Bern is the federal city)", spacy_model)


def test_a_bracket_naming_another_group_with_the_names_word_is_no_alias(demography, geo, spacy_model) -> None:
    """'Russians (Russian Germans)' of Kazakhstan's ethnic groups stored 'Russian Germans' as an
    alias of the Russians, another group: a bracket that is the name's word modifying another
    noun, or a people's name after a modifier ('Germans (Volga Germans)'), names another group, a
    note; other names in brackets stay aliases ('Kazakhs (Qazaqs)', 'Cronus (Kronos)', 'United
    States (USA)', 'Luiz Inácio Lula da Silva (Lula)', and 'Jones (Tom Jones)', no people's name)."""
    from tests.extractors.measured import chat_candidates

    def read(domain, text: str) -> tuple[str | None, str | None, str | None]:
        cand = chat_candidates(domain, "Kazakhstan", "ethnicGroup" if domain is demography else "borders", text, spacy_model)[0]
        return cand.object_label, getattr(cand.object_label, "written", None), cand.rationale

    assert read(demography, "Russians (Russian Germans)") == ("Russians", None, "Russian Germans")
    assert read(demography, "Germans (Volga Germans)") == ("Germans", None, "Volga Germans")
    assert read(demography, "Kazakhs (Qazaqs)")[:2] == ("Kazakhs", "Qazaqs")
    for text, (name, alias) in {"Cronus (Kronos)": ("Cronus", "Kronos"), "United States (USA)": ("United States", "USA"),
                                "Luiz Inácio Lula da Silva (Lula)": ("Luiz Inácio Lula da Silva", "Lula"), "Jones (Tom Jones)": ("Jones", "Tom Jones")}.items():
        assert read(geo, f"1. {text}")[:2] == (name, alias), text


def test_a_name_in_pinyin_with_its_tone_marks_in_brackets_is_an_alias(hydrology, geo, spacy_model) -> None:
    """'Yangtze (Cháng Jiāng)' kept the pinyin as a note, no alias, while 'Rio Negro (Río Negro)'
    and 'Tisza (Tisa)' gave theirs (akin to the name): a bracket of pinyin with a tone mark on each
    syllable is the Chinese name of the thing; a word of another Latin alphabet with accents is
    not vouched for so ('Latvia (Rīga)', 'Japan (Tōkyō)', 'Lionel Messi (Barça)' stay notes)."""
    from tests.extractors.measured import chat_candidates

    def read(domain, head: str, relation: str, text: str) -> tuple[str | None, str | None]:
        cand = chat_candidates(domain, head, relation, text, spacy_model)[0]
        return cand.object_label, getattr(cand.object_label, "written", None)

    assert read(hydrology, "China", "flowsThrough", "Yangtze (Cháng Jiāng)") == ("Yangtze", "Cháng Jiāng")
    assert read(hydrology, "China", "flowsThrough", "Yellow River (Huáng Hé)") == ("Yellow River", "Huáng Hé")
    assert read(hydrology, "Amazon", "tributary", "Rio Negro (Río Negro)") == ("Rio Negro", "Río Negro")
    for text in ("Latvia (Rīga)", "Japan (Tōkyō)", "Lionel Messi (Barça)", "Chile (Ñuñoa)"):
        assert read(geo, "France", "borders", f"1. {text}")[1] is None, text
