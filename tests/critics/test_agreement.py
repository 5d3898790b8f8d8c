"""Agreement between reviewers (:mod:`kg.critics.agreement`) and labels files as spreadsheets
write them (:func:`kg.critics.evaluation.load_labels`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.critics.agreement import cohen_kappa, krippendorff_alpha, majority, reviewer_names
from kg.critics.evaluation import load_labels, row_key


def test_krippendorff_alpha_matches_the_published_example():
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units
    with missing values, nominal alpha 0.743."""
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = [[v for v in unit if v is not None] for unit in zip(*coders)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha([[True, True], [False, False]]) == pytest.approx(1.0)
    assert krippendorff_alpha([[True, True], [True, True]]) is None  # no disagreement to expect
    assert krippendorff_alpha([[True], [False]]) is None  # nothing pairable


def test_majority_leaves_ties_out():
    decided, agreement = majority({("a", "r", "b"): {"x": True, "y": True, "z": False}, ("c", "r", "d"): {"x": True, "z": False}})
    assert decided == {("a", "r", "b"): True}
    assert (agreement.shared, agreement.unanimous, agreement.ties) == (2, 0, 1)


def test_cohen_kappa_matches_the_textbook_example():
    """Wikipedia's "Cohen's kappa" example: 50 proposals, both say yes to 20, both no to 15,
    A yes and B no 5, A no and B yes 10: po 0.7, pe 0.5, kappa 0.4."""
    pairs = [(True, True)] * 20 + [(False, False)] * 15 + [(True, False)] * 5 + [(False, True)] * 10
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([(True, True), (True, True)]) is None  # one label throughout: chance agrees already
    assert cohen_kappa([]) is None
    assert cohen_kappa([(True, False), (False, True)]) == pytest.approx(-1.0)


def test_agreement_says_who_disagrees_with_whom():
    """A lead reads each reviewer's counts and each pair's kappa, and the facts they split on:
    before, one alpha for all three hid that one reviewer disagreed with both others."""
    votes = {
        ("a", "r", "1"): {"ana": True, "ben": True, "cai": False},
        ("a", "r", "2"): {"ana": False, "ben": False, "cai": True},
        ("a", "r", "3"): {"ana": True, "ben": True, "cai": True},
        ("a", "r", "4"): {"ana": False, "ben": False},
        ("a", "r", "5"): {"cai": True},
    }
    _decided, agreement = majority(votes)
    assert [(one.reviewer, one.labelled, one.valid) for one in agreement.per_reviewer] == [
        ("ana", 4, 2), ("ben", 4, 2), ("cai", 4, 3),
    ]
    pairs = {(p.first, p.second): (p.shared, p.same, p.kappa) for p in agreement.pairs}
    assert pairs[("ana", "ben")] == (4, 4, pytest.approx(1.0))
    assert pairs[("ana", "cai")][:2] == (3, 1) and pairs[("ana", "cai")][2] < 0
    assert [key for key, _by in agreement.disputed] == [("a", "r", "1"), ("a", "r", "2")]
    assert "ana and cai: 1 of 3 common facts alike (33%), Cohen's kappa" in agreement.summary()
    assert agreement.as_dict()["disputed"] == 2


def test_files_of_one_name_are_told_apart_by_their_paths():
    assert reviewer_names(["ana/review.csv", "ben/review.csv", "cai.csv"]) == ["ana/review.csv", "ben/review.csv", "cai"]


def test_a_spreadsheet_saved_by_german_excel_reads(tmp_path: Path):
    """Excel where the decimal mark is a comma saves "CSV" with semicolons, and on Windows in
    Windows-1252: "expected 4 columns subject,relation,object,label, got 1"."""
    path = tmp_path / "ana.csv"
    text = "subject;relation;object;label;graph\r\nPersonX eats;xWant;a crème brûlée;1;rejected\r\nPersonX eats, then;xNeed;food;0;\r\n"
    path.write_bytes(text.encode("cp1252"))
    labels = load_labels(path)
    assert labels == {row_key("PersonX eats", "xWant", "a crème brûlée"): True, row_key("PersonX eats, then", "xNeed", "food"): False}


def test_a_labels_file_with_classic_mac_line_endings_reads(tmp_path: Path):
    """A labels or review CSV whose lines end in CR alone (Excel for Mac's "CSV (Macintosh)"):
    `kg review apply` said "unexpected Error: new-line character seen in unquoted field"."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b'subject,relation,object,label\rParis,capitalOf,France,valid\r"Lyon","capitalOf","France",invalid\r')
    labels = load_labels(path)
    assert labels == {row_key("Paris", "capitalOf", "France"): True, row_key("Lyon", "capitalOf", "France"): False}


def test_no_opinion_marks_are_skipped_and_a_typo_is_still_an_error(tmp_path: Path):
    path = tmp_path / "cai.csv"
    path.write_text("subject,relation,object,label\na,xWant,b,unsure\nc,xWant,d,?\ne,xWant,f,valid\n", encoding="utf-8")
    assert list(load_labels(path).values()) == [True]
    path.write_text("subject,relation,object,label\na,xWant,b,valdi\n", encoding="utf-8")
    from kg.errors import FormatError

    with pytest.raises(FormatError, match="neither valid nor invalid"):
        load_labels(path)


def test_a_workbook_saved_as_xlsx_is_told_to_be_saved_as_csv(tmp_path: Path):
    """An annotator sent ana.xlsx: "ana.xlsx:1: expected 4 columns subject,relation,object,label, got 1"."""
    import zipfile

    from kg.errors import FormatError

    path = tmp_path / "ana.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(FormatError, match="spreadsheet workbook, not a CSV file: save it as CSV UTF-8"):
        load_labels(path)


def test_several_labels_files_for_the_critic_vote_rather_than_the_last_one_winning(tmp_path: Path):
    """`kg critic train --labels ana.csv --labels ben.csv` trained on ben's file alone (a repeated
    option kept its last value); now the files vote, as `kg review apply` does."""
    from kg.critics.examples import read_labelled

    ana = tmp_path / "ana.csv"
    ben = tmp_path / "ben.csv"
    cai = tmp_path / "cai.csv"
    ana.write_text("head,relation,tail,label\nPersonX eats,xWant,to sleep,valid\nPersonX runs,xNeed,shoes,valid\n", encoding="utf-8")
    ben.write_text("head,relation,tail,label\nPersonX eats,xWant,to sleep,invalid\nPersonX runs,xNeed,shoes,valid\n", encoding="utf-8")
    cai.write_text("head,relation,tail,label\nPersonX eats,xWant,to sleep,invalid\n", encoding="utf-8")
    voted = {(e.head, e.tail): e.label for e in read_labelled([ana, ben, cai])}
    assert voted == {("PersonX eats", "to sleep"): False, ("PersonX runs", "shoes"): True}
    assert {(e.head, e.tail) for e in read_labelled([ana, ben])} == {("PersonX runs", "shoes")}  # a tie: left out


def test_an_error_names_the_line_it_is_on_when_a_cell_above_holds_line_breaks(tmp_path: Path):
    """Annotators' notes with line breaks: the typo on line 7 was reported on line 4 (the CSV record)."""
    from kg.errors import FormatError

    path = tmp_path / "ana.csv"
    path.write_bytes(b'subject,relation,object,label,notes\r\nFrance,borders,Spain,valid,"ok\r\nchecked on map"\r\n'
                     b'PersonX eats,xIntent,to eat,invalid,"two\r\nline\r\nnote"\r\nPersonX runs,xWant,to rest,acept,\r\n')
    with pytest.raises(FormatError, match=r"ana\.csv:7: label 'acept'"):
        load_labels(path)


def test_a_headerless_file_whose_first_label_is_a_typo_is_an_error_not_a_header(tmp_path: Path):
    """The first row was taken for a header whenever its label was not one, and dropped unread."""
    from kg.errors import FormatError

    path = tmp_path / "first.csv"
    path.write_text("PersonX eats,xIntent,to eat,acept\nPersonX runs,xWant,to rest,valid\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"first\.csv:1: label 'acept'.*a header row names its columns"):
        load_labels(path)
    path.write_text("PersonX eats,xIntent,to eat,invalid\nPersonX runs,xWant,to rest,valid\n", encoding="utf-8")
    assert len(load_labels(path)) == 2
    path.write_text("head,relation,tail,label\nPersonX runs,xWant,to rest,valid\n", encoding="utf-8")
    assert len(load_labels(path)) == 1


def test_unicode_text_a_sep_line_and_a_blank_first_line_read_and_a_title_row_is_named(tmp_path: Path):
    """Excel's "Unicode Text" (UTF-16 TSV), its `sep=;` line and a blank first line were refused
    with "expected 4 columns"; a title typed above the header is now named as what is wrong."""
    from kg.errors import FormatError

    rows = [("subject", "relation", "object", "label", "graph"), ("PersonX eats", "xWant", "a crème brûlée", "valid", "rejected"),
            ("PersonX runs", "xNeed", "shoes", "invalid", "")]
    expected = {row_key("PersonX eats", "xWant", "a crème brûlée"): True, row_key("PersonX runs", "xNeed", "shoes"): False}
    unicode_text = tmp_path / "ana.txt"
    unicode_text.write_bytes("\ufeff".encode("utf-16-le") + "".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16-le"))
    assert load_labels(unicode_text) == expected
    sep_line = tmp_path / "sep.csv"
    sep_line.write_bytes(("sep=;\r\n" + "".join(";".join(r) + "\r\n" for r in rows)).encode("cp1252"))
    assert load_labels(sep_line) == expected
    blank_first = tmp_path / "blank.csv"
    blank_first.write_text("\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    assert load_labels(blank_first) == expected
    title = tmp_path / "title.csv"
    title.write_text("Batch 3 - ana\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(FormatError, match=r"title\.csv:2: the header is not the file's first line \(line 1: 'Batch 3 - ana'\)"):
        load_labels(title)
