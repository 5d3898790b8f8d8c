"""Datasets distilled by others: the ATOMIC 2020 sample and ATOMIC-style TSV."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from extractors.atomic import COMET, HUMAN, atomic_candidates, read_atomic_jsonl, read_atomic_tsv
from extractors.normalize import Normalizer
from kg.records import Candidate, Unreadable

DEV = Path(__file__).resolve().parents[2] / "kg" / "data" / "atomic2020" / "dev.jsonl"


def test_atomic2020_dev_human_tails_and_generations(cs) -> None:
    norm = Normalizer(cs)
    items = list(read_atomic_jsonl(DEV, sources=("human", "generations")))
    records = list(atomic_candidates(items, norm))
    rows = len({(p.head, p.relation) for p, _ in items})
    by = Counter((r.completion.teacher, type(r).__name__) for r in records if r.completion)
    stats = norm.stats
    print(
        f"\nATOMIC 2020 dev: {rows} rows, {len(items)} completions "
        f"({sum(c.teacher == HUMAN for _, c in items)} human tails, {sum(c.teacher == COMET for _, c in items)} COMET-BART beams)"
        f"\n  candidates: {stats.candidates} (human {by[(HUMAN, 'Candidate')]}, comet-bart {by[(COMET, 'Candidate')]})"
        f"\n  unreadable: {dict(stats.unreadable)}\n  dropped: {dict(stats.dropped)}"
    )
    assert rows == 3059 and stats.completions == len(items)
    # every completion is accounted for: a candidate, an unreadable record or a counted drop
    assert stats.candidates + sum(stats.unreadable.values()) + sum(stats.dropped.values()) == len(items)
    assert by[(HUMAN, "Candidate")] > 10_000 and by[(COMET, "Candidate")] > 25_000
    cands = [r for r in records if isinstance(r, Candidate)]
    assert all(c.predicate.startswith("https://w3id.org/kgdistill/ontology/commonsense#") for c in cands)
    assert not any("Person Y" in (c.object_label or "") for c in cands)
    assert set(stats.dropped) == {"object: none answer"}


def test_atomic_tsv_both_layouts(cs, tmp_path: Path) -> None:
    path = tmp_path / "atomic.tsv"
    path.write_text(
        "PersonX pays PersonY a compliment @@ xIntent\tto be nice|none|to be nice.\n"
        "PersonX bakes bread\txNeed\tto buy flour\n"
        "a broken line without tabs\n"
        "PersonX sleeps\tnotARelation\tto rest\n",
        encoding="utf-8",
    )
    norm = Normalizer(cs)
    records = list(atomic_candidates(read_atomic_tsv(path), norm))
    cands = [r for r in records if isinstance(r, Candidate)]
    bad = [r for r in records if isinstance(r, Unreadable)]
    assert [(c.subject_label, c.object_label) for c in cands] == [
        ("PersonX pays PersonY a compliment", "to be nice"),
        ("PersonX pays PersonY a compliment", "to be nice"),  # one per completion; merged later by IRI
        ("PersonX bakes bread", "to buy flour"),
    ]
    assert cands[0].object == cands[1].object and cands[0].completion.teacher == "atomic-tsv:atomic"
    assert sorted(b.reason.split(":")[0] for b in bad) == ["line 3", "unknown relation 'notARelation'"]
    assert norm.stats.dropped["object: none answer"] == 1


def test_tsv_rows_of_one_head_and_relation_are_distinct_completions(cs, kg, tmp_path: Path) -> None:
    """Issue #16: a completion's id holds its text, so rows that share a head and a relation
    (same prompt, sample 0) keep one completion each, and each support points to its own."""
    import dataclasses

    from kg.records import Verdict

    path = tmp_path / "atomic.tsv"
    path.write_text(
        "PersonX eats\txWant\tto sleep\nPersonX eats\txWant\tto drink\nPersonX eats\txWant\tto rest\n",
        encoding="utf-8",
    )
    items = list(read_atomic_tsv(path))
    assert len({p.id for p, _ in items}) == 1 and {c.sample_index for _, c in items} == {0}
    assert len({c.id for _, c in items}) == 3
    # the reader's line number aside (same prompt, teacher, parameters and sample), the text
    # alone tells the rows apart
    bare = [(p, dataclasses.replace(c, params={})) for p, c in items]
    assert len({c.id for _, c in bare}) == 3
    cands = [r for r in atomic_candidates(bare, Normalizer(cs)) if isinstance(r, Candidate)]
    assert len(cands) == 3
    kg.write([Verdict.accept(c, 0.9) for c in cands])
    rows = kg.query(
        """SELECT ?sup ?c ?text WHERE { GRAPH graph:provenance {
             ?st prov:wasDerivedFrom ?sup . ?sup kg:extractor ?e ; prov:wasDerivedFrom ?c . ?c kg:text ?text } }"""
    ).bindings()
    assert len({str(r["sup"]) for r in rows}) == 3
    assert len({str(r["c"]) for r in rows}) == 3
    assert sorted(str(r["text"]) for r in rows) == ["to drink", "to rest", "to sleep"]


def test_a_csv_saved_with_semicolons_reads_as_with_commas(cs, tmp_path: Path) -> None:
    """Excel where the decimal mark is a comma saves "CSV" with semicolons: every row was
    unreadable ("expected 3 columns")."""
    path = tmp_path / "facts.csv"
    path.write_text("head;relation;tail\nPersonX bakes bread;xNeed;to buy flour\n\"PersonX eats; then sleeps\";xWant;to rest\n",
                    encoding="utf-8")
    records = list(atomic_candidates(read_atomic_tsv(path), Normalizer(cs)))
    assert [(r.subject_label, r.object_label) for r in records if isinstance(r, Candidate)] == [
        ("PersonX bakes bread", "to buy flour"), ("PersonX eats; then sleeps", "to rest"),
    ]
    path.write_text("PersonX bakes bread,xNeed,to buy flour; and yeast\n", encoding="utf-8")  # commas still win
    records = list(atomic_candidates(read_atomic_tsv(path), Normalizer(cs)))
    assert [r.object_label for r in records if isinstance(r, Candidate)] == ["to buy flour; and yeast"]


def test_a_csv_field_with_a_line_break_is_one_row(cs, tmp_path: Path) -> None:
    """A quoted field holding a line break ("Multi\\nLine City") was read a line at a time: the
    first half was unreadable and the second ("Line City",locatedIn,...) stored as a fact of
    its own. It is one row (a quote inside an unquoted field, 5" tall, opens none); a quote
    never closed is one unreadable, reported."""
    path = tmp_path / "rows.csv"
    path.write_text('head,relation,tail\n"PersonX bakes\nbread",xNeed,"to buy flour"\nPersonX grows,xAttr,5" tall\nPersonX sings,xWant,to rest\n', encoding="utf-8")
    records = list(atomic_candidates(read_atomic_tsv(path), Normalizer(cs)))
    assert [r.object_label for r in records if isinstance(r, Candidate)] == ["to buy flour", '5" tall', "to rest"]
    assert not [r for r in records if isinstance(r, Unreadable)]
    items = [i for i in read_atomic_tsv(path) if not isinstance(i, Unreadable)]
    assert items[0][0].head == "PersonX bakes\nbread"
    broken = tmp_path / "broken.csv"
    broken.write_text('head,relation,tail\nPersonX sings,xWant,to rest\n"PersonX bakes,xNeed,flour\n', encoding="utf-8")
    out = list(read_atomic_tsv(broken))
    assert len([i for i in out if not isinstance(i, Unreadable)]) == 1
    assert [u.reason for u in out if isinstance(u, Unreadable)] == ["line 3: a quoted field is not closed at the end of the file"]


def test_a_jsonl_row_with_one_tail_as_text_number_or_tail_key_is_one_tail(tmp_path: Path) -> None:
    """A string in ``tails`` is one tail (not a tail per character), so are a number and the
    singular ``tail`` key; a row whose tails are no text nor a list of texts, or that has no
    tails at all, is unreadable with its reason (not an error, nor silently nothing)."""
    path = tmp_path / "facts.jsonl"
    rows = [
        {"head": "aspirin", "relation": "treats", "tails": "Kawasaki disease"},
        {"head": "insulin", "relation": "approvalYear", "tails": 1923},
        {"head": "vitamin B12", "relation": "treats", "tail": "pernicious anemia"},
        {"head": "aspirin", "relation": "treats", "tails": {"name": "fever"}},
        {"head": "aspirin", "relation": "treats", "object": "fever"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    items = list(read_atomic_jsonl(path))
    assert [(i[0].head, i[1].text) for i in items if not isinstance(i, Unreadable)] == [
        ("aspirin", "Kawasaki disease"), ("insulin", "1923"), ("vitamin B12", "pernicious anemia"),
    ]
    assert [i.reason for i in items if isinstance(i, Unreadable)] == [
        "line 4: tails and generations must be a list of texts, or one text",
        "line 5: no tails (expected head, relation and tails, or tail)",
    ]


def test_a_files_code_is_read_as_a_teachers(books, tmp_path: Path) -> None:
    """A user's file kept "DOI: 10.1038/nature14539" and "(LHR)" as written, where a teacher's
    answer gave the code alone (one fact, two values of a one-value relation), and stored
    "EGLL/LHR" or "ara (macrolanguage); arb for ..." whole as one code: the code is read alone on
    both paths, and two codes of a one-value relation are several values, unreadable."""
    from extractors.atomic import own_file_teacher

    path = tmp_path / "facts.tsv"
    path.write_text("Deep learning\tdoi\tDOI: 10.1038/nature14539\nMastering Go\tdoi\t(10.1038/nature16961)\n"
                    "Dune\tisbn\tISBN: 978-0441013593\nGo paper\tdoi\tABC/DEF\nAtari paper\tdoi\tnature14236 (print); 10.1038/x\n",
                    encoding="utf-8")
    records = list(atomic_candidates(read_atomic_tsv(path, teacher=own_file_teacher(path, books)), Normalizer(books)))
    assert [(r.subject_label, str(r.object)) for r in records if isinstance(r, Candidate)] == [
        ("Deep learning", "10.1038/nature14539"), ("Mastering Go", "10.1038/nature16961"), ("Dune", "978-0441013593"),
    ]
    assert [r.reason for r in records if isinstance(r, Unreadable)] == [
        "object is several values, not one: 'ABC/DEF'", "object is several values, not one: 'nature14236 (print); 10.1038/x'",
    ]


def test_a_users_row_is_read_as_the_same_chat_answer(geo, cs, tmp_path: Path) -> None:
    """A geographer's row 'Nile mouth Mediterranean Sea (via the Nile Delta)' minted an entity of
    the whole text where the same chat answer gives the sea (its gloss a note), and 'Edmund Hillary
    and Tenzing Norgay' was one person: in a domain of names a file's cell is read as the chat
    reader reads the same answer, names split, glosses off, several values of a one-value relation
    unreadable; a commonsense tail stays whole."""
    from extractors import Extractor
    from kg.prompts import Prompt
    from kg.records import Completion

    rows = [("Lyon", "locatedIn", "France (in the south-east)"), ("France", "borders", "Spain, Belgium and Italy"),
            ("Spain", "hasCapital", "Madrid / Toledo")]
    path = tmp_path / "facts.tsv"
    path.write_text("".join(f"{h}\t{r}\t{t}\n" for h, r, t in rows), encoding="utf-8")

    def read(records) -> list:
        return sorted((r.subject_label, r.object_label) if isinstance(r, Candidate) else ("unreadable", r.reason) for r in records)

    extractor = Extractor(geo)
    from_file = read(atomic_candidates(read_atomic_tsv(path, teacher="file:facts.tsv"), extractor.normalizer, context=extractor.context))
    chat = Extractor(geo)
    from_chat = []
    for head, relation, text in rows:
        prompt = Prompt.make(f"{head} {relation}?", "list", head=head, relation=relation)
        from_chat += chat.extract(Completion(prompt.id, prompt.text, "openai:model", text), prompt)
    assert from_file == read(from_chat) == [
        ("France", "Belgium"), ("France", "Italy"), ("France", "Spain"), ("Lyon", "France"),
        ("unreadable", "several values, not one: 'Madrid / Toledo'"),
    ]
    phrases = tmp_path / "atomic.tsv"
    phrases.write_text("PersonX bakes bread\txNeed\tto buy flour, eggs and sugar (at the shop)\n", encoding="utf-8")
    common = Extractor(cs)
    tails = read(atomic_candidates(read_atomic_tsv(phrases), common.normalizer, context=common.context))
    assert tails == [("PersonX bakes bread", "to buy flour, eggs and sugar (at the shop)")]


def test_a_users_row_the_chat_reader_drops_is_kept_unreadable_with_why(geo, tmp_path: Path) -> None:
    """A row the chat reader reads to no answer ('Country HE hasCapital City of HE', read as a
    sentence of "he" naming none) was lost from a file: no candidate, no unreadable record, and
    kg ingest counted one completion fewer; a user's row is kept unreadable with the reason."""
    from extractors import Extractor

    path = tmp_path / "facts.tsv"
    path.write_text("Country HE\thasCapital\tCity of HE\nCountry AB\thasCapital\tCity of AB\n", encoding="utf-8")
    extractor = Extractor(geo)
    records = list(atomic_candidates(read_atomic_tsv(path, teacher="file:facts.tsv"), extractor.normalizer, context=extractor.context))
    assert [r.object_label for r in records if isinstance(r, Candidate)] == ["City of AB"]
    [kept] = [r for r in records if isinstance(r, Unreadable)]
    assert kept.span == "City of HE" and kept.reason.startswith("the row gives no value (")


def test_a_users_cell_naming_a_place_and_its_regions_is_one_place(geo, tmp_path: Path) -> None:
    """A climatologist's cells 'Galveston, Texas', 'New Orleans, Louisiana' and 'Arica, Chile' of
    places a storm struck were two places each (the town and its state or country) once a file's
    cell was read as a chat answer, where the list item '1. New Orleans, Louisiana' is one: a cell
    is one answer, a place with the regions it lies in one place; 'Texas, Louisiana' still lists."""
    from extractors import Extractor

    path = tmp_path / "storms.tsv"
    path.write_text("Ike\tlocatedIn\tGalveston, Texas\nKatrina\tlocatedIn\tNew Orleans, Louisiana\nSwell\tlocatedIn\tArica, Chile\n"
                    "Rita\tlocatedIn\tTexas, Louisiana\n", encoding="utf-8")
    extractor = Extractor(geo)
    records = list(atomic_candidates(read_atomic_tsv(path, teacher="file:storms.tsv"), extractor.normalizer, context=extractor.context))
    assert [(r.subject_label, r.object_label) for r in records if isinstance(r, Candidate)] == [
        ("Ike", "Galveston, Texas"), ("Katrina", "New Orleans, Louisiana"), ("Swell", "Arica, Chile"), ("Rita", "Texas"), ("Rita", "Louisiana"),
    ]
    from kg.prompts import Prompt
    from kg.records import Completion

    def chat(head: str, text: str) -> list:  # a chat line of where a place lies names the regions it lies in, each an answer
        prompt = Prompt.make(f"Where is {head}?", "list", head=head, relation="locatedIn")
        return [r.object_label for r in Extractor(geo).extract(Completion(prompt.id, prompt.text, "openai:chat", text), prompt) if isinstance(r, Candidate)]

    assert chat("Kyoto", "Kyoto, Japan") == ["Japan"]
    assert chat("Lyon", "Located in: Auvergne-Rhône-Alpes, France") == ["Auvergne-Rhône-Alpes", "France"]
