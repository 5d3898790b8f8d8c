"""The generator's data: which heads are one head when a split holds heads out."""

from __future__ import annotations


def test_heads_that_differ_by_a_blank_or_punctuation_are_one_head_for_the_split():
    """`PersonX drives ___ on the highway` was held out while `PersonX drives on the highway`
    was trained on: the critic's split counts them as one head, the generator's did not."""
    from kg.students.generator_data import Example, split_by_head

    twins = [("PersonX drives ___ on the highway", "PersonX drives on the highway"),
             ("PersonX eats quickly", "PersonX eats ___ quickly."), ("PersonX sees it", "personx SEES it!")]
    examples = [Example(h, "xWant", "to go") for pair in twins for h in pair]
    examples += [Example(f"PersonX does thing {i}", "xWant", "to go") for i in range(40)]
    for seed in range(8):
        split = split_by_head(examples, test=0.3, validation=0.2, seed=seed)
        for one, other in twins:
            where = [i for i, part in enumerate((split.train, split.validation, split.test))
                     if any(e.head in (one, other) for e in part)]
            assert len(where) == 1, (seed, one, where)
            assert (one in split.held_out) == (other in split.held_out)


def test_heads_in_a_script_without_latin_letters_are_told_apart():
    """The critic's head key kept only a-z and 0-9: every Chinese head keyed as "", so all were
    one head for its splits (and none was recorded as a head it trained on)."""
    from kg.critics.examples import head_key

    assert head_key("李小龍 學 功夫") != head_key("王小明 吃 飯")
    assert head_key("PersonX drives ___ on the highway!") == head_key("personx drives on the highway")
    assert head_key("Café au lait") != head_key("Caf au lait")


def test_a_head_key_keeps_combining_marks_and_reads_one_spelling_of_a_head_as_one():
    """The key dropped combining marks (the Hindi words मिल and माल were one head) and compared
    code points as written (an NFD "café" and a curly apostrophe made a second head)."""
    import unicodedata

    from kg.critics.examples import head_key

    assert head_key("PersonX मिलता है") != head_key("PersonX मालता है")
    assert head_key(unicodedata.normalize("NFD", "PersonX drinks café")) == head_key("PersonX drinks café")
    assert head_key("PersonX’s cat") == head_key("PersonX's cat") != head_key("PersonX s cat")
