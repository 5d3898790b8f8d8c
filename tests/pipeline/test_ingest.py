"""`kg ingest`: the same checks for teacher output someone already has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.store import open_store
from tests.pipeline.conftest import accepted_set, recorded_transcript, rejected_set


def _report(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_ingest_transcript_gives_the_graph_distill_gives(geo_run, tmp_path: Path, capsys) -> None:
    # the same answers as a transcript with the prompts' kind/head/relation, as `kg distill` records them
    transcript = recorded_transcript(geo_run, tmp_path / "recorded.jsonl")
    distilled = geo_run["store"]
    ingested = tmp_path / "ingested"
    main(["ingest", str(transcript), "--domain", "geography", "--store", str(ingested), "--json"])
    report = _report(capsys)
    assert report["kind"] == "ingest" and report["candidates"] > 0
    with open_store(distilled) as a:
        expected = accepted_set(a), {r[:3] for r in rejected_set(a)}
    with open_store(ingested) as b:
        assert (accepted_set(b), {r[:3] for r in rejected_set(b)}) == expected
    # a second ingest of the same file is the same run: nothing new
    main(["ingest", str(transcript), "--domain", "geography", "--store", str(ingested), "--json"])
    again = _report(capsys)
    assert again["run"] == report["run"] and again["batches_resumed"] == again["batches"]


def test_ingest_atomic_rows_and_a_bad_line(tmp_path: Path, capsys) -> None:
    data = tmp_path / "atomic.jsonl"
    rows = [
        {"head": "PersonX calls a friend", "relation": "xNeed", "tails": ["a phone"],
         "generations": ["to find a phone", "to find a phone", "none", "to dial"]},
        {"head": "PersonX bakes bread", "relation": "xIntent", "tails": [], "generations": ["to eat", "to eat bread"]},
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    store = tmp_path / "store"
    main(["ingest", str(data), "--domain", "commonsense", "--store", str(store), "--json", "--critic", "none"])
    report = _report(capsys)
    assert report["unreadable"] == 1  # the broken line is quarantined with its reason
    assert report["accepted"] >= 3
    with open_store(store) as st:
        tails = {o for s, p, o in accepted_set(st) if p == "xNeed"}
        assert tails == {"a_phone", "to_find_a_phone", "to_dial"}  # human tails and generations
        rows = st.query(
            "SELECT DISTINCT ?t WHERE { ?s kg:extractor ?e ; prov:wasDerivedFrom ?c . ?c prov:wasGeneratedBy/kg:teacher ?t }",
            graph="provenance",
        )
        teachers = {r[0].value for r in rows}
        del rows
    assert teachers == {"atomic2020:human", "atomic2020:comet-bart"}


def test_a_bracketed_alias_in_a_file_is_kept_and_a_later_file_names_the_entity_by_it(tmp_path: Path, capsys) -> None:
    """An energy user's rows "Olkiluoto 3 (OL3) ... Teollisuuden Voima Oyj (TVO)" made entities
    named with the brackets and kept no alias; a later file's "OL3 ... TVO" made two more. The
    name is the entity and the bracketed alias its skos:altLabel, which the later file resolves by."""
    (tmp_path / "a.tsv").write_text("Olkiluoto 3 (OL3)\tborders\tTeollisuuden Voima Oyj (TVO)\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("OL3\tborders\tTVO\n", encoding="utf-8")
    store = tmp_path / "store"
    for name in ("a.tsv", "b.tsv"):
        main(["ingest", str(tmp_path / name), "--domain", "geography", "--store", str(store), "-q", "--critic", "none"])
    capsys.readouterr()
    with open_store(store) as st:
        facts = accepted_set(st)
    assert facts == {("olkiluoto_3", "borders", "teollisuuden_voima_oyj"), ("olkiluoto_3", "altLabel", "OL3"),
                     ("teollisuuden_voima_oyj", "altLabel", "TVO")}


def test_every_other_name_in_brackets_is_kept_and_a_later_row_names_the_entity_by_any(tmp_path: Path, capsys) -> None:
    """A geographer's row "Mount Everest (Sagarmatha / Chomolungma)" made an entity named with the
    brackets and no alias, and a later "Sagarmatha" or "Mount Everest" a second one. The name is
    the entity and each other name in the brackets its skos:altLabel."""
    (tmp_path / "a.tsv").write_text("Mount Kailash (Gang Rinpoche / Kangrinboqe)\tlocatedIn\tAsia\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("Kangrinboqe\tlocatedIn\tChina\n", encoding="utf-8")
    store = tmp_path / "store"
    for name in ("a.tsv", "b.tsv"):
        main(["ingest", str(tmp_path / name), "--domain", "geography", "--store", str(store), "-q", "--critic", "none"])
    capsys.readouterr()
    with open_store(store) as st:
        facts = accepted_set(st)
    assert facts == {("mount_kailash", "locatedIn", "asia"), ("mount_kailash", "locatedIn", "china"),
                     ("mount_kailash", "altLabel", "Gang Rinpoche"), ("mount_kailash", "altLabel", "Kangrinboqe")}


def test_a_users_own_files_of_known_facts_are_named_in_provenance(tmp_path: Path, capsys) -> None:
    """An aerospace user's own known-facts JSONL was recorded as teacher 'atomic2020:human' and
    their TSV as 'atomic-tsv:facts', as if ATOMIC 2020 had written them; in a domain of names the
    provenance names the file, and the JSONL's rows are still people's (':human': trusted by a critic)."""
    (tmp_path / "facts.jsonl").write_text(json.dumps({"head": "Spain", "relation": "hasCapital", "tail": "Madrid"}) + "\n",
                                          encoding="utf-8")
    (tmp_path / "facts.tsv").write_text("France\thasCapital\tParis\n", encoding="utf-8")
    store = tmp_path / "store"
    for name in ("facts.jsonl", "facts.tsv"):
        main(["ingest", str(tmp_path / name), "--domain", "geography", "--store", str(store), "-q", "--critic", "none"])
    capsys.readouterr()
    with open_store(store) as st:
        rows = st.query("SELECT DISTINCT ?t WHERE { ?c prov:wasGeneratedBy/kg:teacher ?t }", graph="provenance")
        teachers = {r[0].value for r in rows}
        del rows
    assert teachers == {"file:facts.jsonl:human", "file:facts.tsv"}
    from kg.critics.trusted import is_trusted_teacher

    assert is_trusted_teacher("file:facts.jsonl:human")


def test_ingest_json_triples_file(tmp_path: Path, capsys) -> None:
    data = tmp_path / "facts.json"
    data.write_text(json.dumps([
        {"subject": "Spain", "predicate": "hasCapital", "object": "Madrid"},
        {"subject": "Spain", "predicate": "borders", "object": "Spain"},
        {"subject": "Spain", "predicate": "motto", "object": "Plus ultra"},
    ]), encoding="utf-8")
    store = tmp_path / "store"
    main(["ingest", str(data), "--domain", "geography", "--store", str(store), "--json"])
    _report(capsys)
    with open_store(store) as st:
        assert ("spain", "hasCapital", "madrid") in accepted_set(st)
        assert ("spain", "borders", "spain") not in accepted_set(st)


def test_ingest_csv_and_tsv_triples_with_a_header(tmp_path: Path, capsys) -> None:
    """A table of triples as people write one: CSV (quoted as CSV quotes) or TSV, with or without
    a header line; a row that is not three columns is quarantined with its reason."""
    csv_file = tmp_path / "capitals.csv"
    csv_file.write_text('head,relation,tail\nFrance,hasCapital,Paris\n"Washington, D.C.",capitalOf,United States\nbad row\n',
                        encoding="utf-8")
    tsv_file = tmp_path / "capitals.tsv"
    tsv_file.write_text("subject\tpredicate\tobject\nSpain\thasCapital\tMadrid\n", encoding="utf-8")
    store = tmp_path / "store"
    main(["ingest", str(csv_file), "--domain", "geography", "--store", str(store), "--json"])
    report = _report(capsys)
    assert (report["candidates"], report["unreadable"]) == (2, 1)
    main(["ingest", str(tsv_file), "--domain", "geography", "--store", str(store), "--json"])
    assert _report(capsys)["candidates"] == 1  # the header is no candidate
    with open_store(store) as st:
        facts = {(s, p, o) for s, p, o in accepted_set(st) | {r[:3] for r in rejected_set(st)}}
        labels = {q.object.value for q in st.match(None, None, None, graph="accepted") if q.predicate.value.endswith("#label")}
    # "Washington, D.C." read as one cell (quoted), a name the geography reference gives Washington,
    # and labelled by the reference's own name
    assert ("washington", "capitalOf", "united_states") in facts and ("spain", "hasCapital", "madrid") in facts
    assert "Washington" in labels and "Washington, D.C." not in labels


def test_a_table_may_name_relations_by_prefixed_name_and_the_report_names_those_it_does_not_know(tmp_path: Path, capsys) -> None:
    """A table exported from a triple store writes `kgeo:hasCapital`: it was "unknown relation",
    and the report said only "unreadable 2", not which names or what the domain has."""
    csv_file = tmp_path / "export.csv"
    csv_file.write_text("head,relation,tail\nFrance,kgeo:hasCapital,Paris\nParis,twinnedWith,Rome\nLyon,twinnedWith,Milan\n",
                        encoding="utf-8")
    main(["ingest", str(csv_file), "--domain", "geography", "--store", str(tmp_path / "store"), "--json"])
    report = _report(capsys)
    assert (report["candidates"], report["unreadable"]) == (1, 2)
    [note] = [n for n in report["notes"] if n.startswith("unknown relations")]
    assert "'twinnedWith' (2)" in note and "capitalOf, hasCapital" in note


def test_a_wider_table_is_read_by_the_columns_its_header_names(tmp_path: Path, capsys) -> None:
    """A database export has more columns than three (a source, a date): every row was
    unreadable ('expected 3 columns'), the header too. The header names the head, relation and
    tail columns (by name, or the ones beside 'relation'); the others are left out."""
    csv_file = tmp_path / "export.csv"
    csv_file.write_text('country,relation,capital,source\nFrance,hasCapital,Paris,GeoNames\n"Spain",hasCapital,Madrid,wiki\nshort,row\n',
                        encoding="utf-8")
    tsv_file = tmp_path / "export.tsv"
    tsv_file.write_text("id\tobject\tpredicate\tsubject\n1\tRome\thasCapital\tItaly\n", encoding="utf-8")
    store = tmp_path / "store"
    main(["ingest", str(csv_file), "--domain", "geography", "--store", str(store), "--json"])
    assert (lambda r: (r["candidates"], r["unreadable"]))(_report(capsys)) == (2, 1)
    main(["ingest", str(tsv_file), "--domain", "geography", "--store", str(store), "--json"])
    assert _report(capsys)["candidates"] == 1
    with open_store(store) as st:
        facts = {(s, p, o) for s, p, o in accepted_set(st)}
    assert {("france", "hasCapital", "paris"), ("spain", "hasCapital", "madrid"), ("italy", "hasCapital", "rome")} <= facts


def test_an_unknown_extension_names_the_option_that_sets_the_format(tmp_path: Path, capsys) -> None:
    data = tmp_path / "triples.txt"
    data.write_text("France hasCapital Paris\n", encoding="utf-8")
    try:
        main(["ingest", str(data), "--domain", "geography", "--store", str(tmp_path / "store")])
    except SystemExit as stop:
        assert stop.code == 2
    assert "--input-format" in capsys.readouterr().err


def test_files_saved_with_a_byte_order_mark_read_as_without(tmp_path: Path, capsys) -> None:
    """Excel's 'CSV UTF-8' starts with a byte-order mark: the header was then no header (and
    became a candidate), and a JSON Lines file's first line was no JSON."""
    csv_file = tmp_path / "capitals.csv"
    csv_file.write_bytes(b"\xef\xbb\xbfhead,relation,tail\r\nFrance,hasCapital,Paris\r\n")
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(b"\xef\xbb\xbf" + json.dumps({"head": "PersonX eats", "relation": "xIntent", "tails": ["to be full"]}).encode())
    main(["ingest", str(csv_file), "--domain", "geography", "--store", str(tmp_path / "geo"), "--json"])
    report = _report(capsys)
    assert (report["candidates"], report["unreadable"]) == (1, 0)
    main(["ingest", str(rows), "--domain", "commonsense", "--store", str(tmp_path / "cs"), "--json", "--critic", "none"])
    assert _report(capsys)["candidates"] == 1


def test_a_prompt_completion_file_is_a_transcript(tmp_path: Path, capsys) -> None:
    """{"prompt", "completion"} (one answer a line, as many tools write it) was refused: 'the
    first line is neither a transcript line ... nor an ATOMIC row'."""
    data = tmp_path / "answers.jsonl"
    data.write_text(json.dumps({"prompt": "Which country is Paris the capital of?", "completion": "France",
                                "kind": "list", "head": "Paris", "relation": "capitalOf"}) + "\n", encoding="utf-8")
    main(["ingest", str(data), "--domain", "geography", "--store", str(tmp_path / "geo"), "--json"])
    assert _report(capsys)["accepted"] == 1
    from kg.teachers.replay import ReplayTeacher

    (answer,) = ReplayTeacher(data).complete(["Which country is Paris the capital of?"])  # and it replays
    assert answer.text == "France"


def test_a_transcript_written_by_write_transcript_is_ingested(tmp_path: Path, capsys) -> None:
    """A transcript recorded with kg.teachers.replay.write_transcript (prompt texts only, no
    kind/head/relation keys) was read as free text by `kg ingest --input-format transcript`:
    0 candidates, its list answers unreadable, while `kg distill --teacher replay:` of it
    accepted them."""
    from kg.ontology import load_domain
    from kg.prompts import build_prompts
    from kg.records import Completion
    from kg.teachers.replay import write_transcript

    prompts = build_prompts(load_domain("geography"), ["Peru"], relations=["borders"], shots=2, rationales=True)
    answer = "1. Ecuador because they share a border\n2. Colombia because they share a border\n3. Brazil"
    write_transcript([Completion(p.id, p.text, "openai:m", answer, 0) for p in prompts], tmp_path / "recorded.jsonl")
    main(["ingest", str(tmp_path / "recorded.jsonl"), "--input-format", "transcript", "--domain", "geography",
          "--store", str(tmp_path / "geo"), "--json"])
    report = _report(capsys)
    assert (report["candidates"], report["unreadable"]) == (3, 0) and report["accepted"] == 3


def test_a_transcript_line_naming_its_head_and_relation_but_no_kind_is_a_list_prompt(tmp_path: Path, capsys) -> None:
    """A transcript written by hand with prompt_id, prompt, head, relation and completions (no
    "kind"), which `kg distill --teacher replay:` reads by its prompt id, was read by `kg ingest`
    as free text: every answer unreadable, "no known relation in the text" (a literature user's
    transcript, 229 of 229 answers)."""
    line = {"prompt_id": "p-1", "prompt": "Which countries border Peru? List them, one per line.", "head": "Peru",
            "relation": "borders", "completions": [{"text": "1. Ecuador\n2. Colombia", "finish_reason": "stop"}]}
    (tmp_path / "hand.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    main(["ingest", str(tmp_path / "hand.jsonl"), "--domain", "geography", "--store", str(tmp_path / "geo"), "--json"])
    report = _report(capsys)
    assert (report["candidates"], report["unreadable"]) == (2, 0)


def test_the_run_record_names_the_file_an_ingest_read_and_how(tmp_path: Path, capsys) -> None:
    """Two files of the same name (x/dev.jsonl, y/dev.jsonl) ingested into one store gave two runs
    `kg runs` showed alike ("teacher": "file:dev.jsonl"): neither the path, the digest nor the
    options were recorded, and the run node said totalBatches 0 though a batch was done."""
    import hashlib

    store = tmp_path / "store"
    files = []
    for folder, head in (("x", "PersonX bakes bread"), ("y", "PersonX calls a friend")):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "dev.jsonl"
        path.write_text(json.dumps({"head": head, "relation": "xWant", "tails": ["to rest"], "generations": []}) + "\n",
                        encoding="utf-8")
        files.append(path)
        main(["ingest", str(path), "--domain", "commonsense", "--store", str(store), "--sources", "human",
              "--input-format", "atomic", "--critic", "none", "--json"])
        capsys.readouterr()
    main(["runs", "--store", str(store), "--format", "json"])
    runs = json.loads(capsys.readouterr().out)
    assert [r["input"] for r in runs] == [
        {"path": str(path.resolve()), "digest": "sha1:" + hashlib.sha1(path.read_bytes()).hexdigest(),
         "format": "atomic", "sources": ["human"], "limit": None}
        for path in files
    ]
    with open_store(store) as st:
        totals = {r[0].value for r in st.query("SELECT ?n WHERE { ?run kg:totalBatches ?n }", graph="provenance")}
    assert totals == {"1"} and [r["batches"] for r in runs] == [1, 1]


def test_a_figure_within_the_tolerance_of_the_loaded_reference_figure_is_agreement(tmp_path: Path, capsys) -> None:
    """The reference's 'France population 66,987,244' loaded into the store: the teacher's
    rounded '67,000,000' (within the 25 % tolerance, confirmed by the reference) was refused
    as 'cardinality' ('it already has 66987244'), and then as conflict:functional; a figure
    off by more than the tolerance still is refused."""
    facts = tmp_path / "france.ttl"
    facts.write_text(
        "@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> . @prefix res: <https://w3id.org/kgdistill/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'res:france a kgeo:Country ; rdfs:label "France" ; kgeo:population "66987244"^^xsd:nonNegativeInteger .\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    main(["init", str(store), "--domain", "geography"])
    main(["load", str(facts), "--store", str(store), "-q"])
    capsys.readouterr()
    for figure, accepted in (("67000000", 1), ("6000000", 0)):
        rows = tmp_path / f"{figure}.csv"
        rows.write_text(f"head,relation,tail\nFrance,population,{figure}\n", encoding="utf-8")
        main(["ingest", str(rows), "--domain", "geography", "--store", str(store), "--critic", "none", "--json"])
        report = _report(capsys)
        assert (report["accepted"], report["rejected"]) == (accepted, 1 - accepted), (figure, report)


def test_figures_within_the_tolerance_keep_the_one_closest_to_the_reference_whatever_the_row_order(tmp_path: Path, capsys) -> None:
    """Two figures of one functional property, both within the reference's tolerance: the first
    row's stayed and the other was folded into it as its support, so a stale 65 million kept
    Germany's population and the reference's exact area of France (547,030) became the support of
    a 440,000. The one closest to the reference's figure is the stored value, in either order."""
    rows = [("Germany", "population", "65 million"), ("Germany", "population", "83 million"),
            ("France", "area", "440000"), ("France", "area", "547030")]
    for name, ordered in (("forward", rows), ("backward", rows[::-1])):
        data = tmp_path / f"{name}.csv"
        data.write_text("head,relation,tail\n" + "".join(f"{h},{r},{t}\n" for h, r, t in ordered), encoding="utf-8")
        store = tmp_path / name
        main(["ingest", str(data), "--domain", "geography", "--store", str(store), "--critic", "none", "--json"])
        report = _report(capsys)
        assert (report["accepted"], report["rejected"]) == (4, 0), (name, report)
        with open_store(store) as st:
            figures = {(s, p, o) for s, p, o in accepted_set(st) if p in ("population", "area")}
        assert figures == {("germany", "population", "83000000"), ("france", "area", "547030")}, name


def test_a_figure_closer_to_the_reference_than_the_stored_one_is_a_conflict_that_says_so(tmp_path: Path, capsys) -> None:
    """A stale 160 million for Nigeria stored first (within the 25 % tolerance of the reference's
    195,874,740): the exact figure ingested later was read as 160 million, reported accepted and
    never stored, `kg why` of it said "unknown", and retracting the stale run kept 160 million
    credited to the exact one. Now it is refused as a conflict whose reason says the stored figure
    is the farther one, and retracting the stale run leaves no population behind."""
    store = tmp_path / "store"
    stale, exact = tmp_path / "stale.csv", tmp_path / "exact.csv"
    stale.write_text("head,relation,tail\nNigeria,population,160 million\n", encoding="utf-8")
    exact.write_text("head,relation,tail\nNigeria,population,195874740\n", encoding="utf-8")
    main(["ingest", str(stale), "--domain", "geography", "--store", str(store), "--critic", "none", "--json"])
    first = _report(capsys)
    main(["ingest", str(exact), "--domain", "geography", "--store", str(store), "--critic", "none", "--json"])
    report = _report(capsys)
    assert (report["accepted"], report["rejected"]) == (0, 1), report
    with open_store(store) as st:
        assert ("nigeria", "population", "195874740", "cardinality") in rejected_set(st)
        (message,), = st.query("SELECT ?m WHERE { ?x rdf:object 195874740 ; kg:reason/kg:message ?m }", graph="rejected")
    assert "farther from the reference graph's 195,874,740 than 195,874,740 is" in message.value
    assert "kg review apply" in message.value and "kg retract" not in message.value  # not a whole run's facts for one figure
    main(["retract", first["run"], "--store", str(store)])
    capsys.readouterr()
    with open_store(store) as st:
        assert not {f for f in accepted_set(st) if f[1] == "population"}


def test_a_labels_row_by_the_teachers_alias_is_matched_to_the_candidate_labelled_by_its_own_name(tmp_path: Path, capsys) -> None:
    """`kg ingest --labels`: a candidate read from "UK" is labelled United Kingdom, the reference
    entity's own name, and the labels row written as the teacher wrote it ("UK") matched none."""
    rows, labels = tmp_path / "facts.csv", tmp_path / "labels.csv"
    rows.write_text("head,relation,tail\nFrench Republic,hasCapital,Paris\nUK,population,67 million\n", encoding="utf-8")
    labels.write_text("subject,relation,object,label\nFrench Republic,hasCapital,Paris,valid\nUK,population,67 million,invalid\n",
                      encoding="utf-8")
    main(["ingest", str(rows), "--domain", "geography", "--store", str(tmp_path / "s"), "--critic", "none",
          "--labels", str(labels), "--json"])
    evaluation = _report(capsys)["evaluation"]
    assert (evaluation["matched"], evaluation["unmatched"]) == (2, 0), evaluation


def test_a_file_of_facts_the_user_trusts_is_judged_by_the_checks_alone(tmp_path: Path, capsys) -> None:
    """A legal user's CSV of known facts lost correct rows to the signals' mean (the rows of one
    head and relation scored as a teacher's three samples: 0.57, below 0.6), and the only ways in
    were a threshold picked by hand or a review. ``--trusted`` takes in what the checks pass; the
    reference and the symbolic checks still reject what they refute."""
    csv_file = tmp_path / "borders.csv"
    csv_file.write_text("head,relation,tail\nZubrowka,borders,Freedonia\nZubrowka,borders,Sylvania\nZubrowka,borders,Tomainia\n"
                        "Lyon,capitalOf,France\n", encoding="utf-8")
    main(["ingest", str(csv_file), "--domain", "geography", "--store", str(tmp_path / "scored"), "--json"])
    capsys.readouterr()
    with open_store(tmp_path / "scored") as st:
        assert not any(s == "zubrowka" for s, _, _ in accepted_set(st))
        assert {r[3] for r in rejected_set(st) if r[0] == "zubrowka"} == {"critic"}
    main(["ingest", str(csv_file), "--domain", "geography", "--store", str(tmp_path / "trusted"), "--trusted", "--json"])
    report = _report(capsys)
    assert any("taken as trusted" in n for n in report["notes"])
    with open_store(tmp_path / "trusted") as st:
        assert {o for s, p, o in accepted_set(st) if s == "zubrowka"} == {"freedonia", "sylvania", "tomainia"}
        assert [r[3] for r in rejected_set(st) if r[0] == "lyon"] not in ([], ["critic"])  # the reference has Paris


def test_trusted_with_a_critic_setting_is_a_usage_error(tmp_path: Path, capsys) -> None:
    csv_file = tmp_path / "borders.csv"
    csv_file.write_text("head,relation,tail\nZubrowka,borders,Freedonia\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", str(csv_file), "--domain", "geography", "--store", str(tmp_path / "s"), "--trusted", "--threshold", "0.5"])
    assert exit_.value.code == 2 and "leave out --threshold" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_the_same_rows_in_json_jsonl_and_tsv_give_the_same_facts(tmp_path: Path, capsys) -> None:
    """An automotive analyst's JSON file and TSV of one row read its object two ways (the JSON's
    gloss split off, the TSV's kept in the name), and a JSON Lines file of subject, predicate and
    object lines was refused ("pass --input-format"): a user's rows are read one way whatever their
    format, each cell as the same chat answer (a gloss off, the names it lists each a fact)."""
    rows = [("Lyon", "locatedIn", "France (in the south-east)"), ("France", "borders", "Spain and Belgium")]
    files = {"facts.tsv": "".join(f"{s}\t{p}\t{o}\n" for s, p, o in rows),
             "facts.json": json.dumps([{"subject": s, "predicate": p, "object": o} for s, p, o in rows]),
             "facts.jsonl": "".join(json.dumps({"subject": s, "predicate": p, "object": o}) + "\n" for s, p, o in rows)}
    facts = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        store = tmp_path / name.replace(".", "_")
        main(["ingest", str(tmp_path / name), "--domain", "geography", "--store", str(store), "--trusted", "--json"])
        assert _report(capsys)["unreadable"] == 0
        with open_store(store) as st:
            facts[name] = accepted_set(st)
    assert facts["facts.tsv"] == facts["facts.json"] == facts["facts.jsonl"]
    assert {("lyon", "locatedIn", "france"), ("france", "borders", "spain"), ("france", "borders", "belgium")} <= facts["facts.tsv"]


@pytest.mark.parametrize(("stored", "given", "said"), [
    ("Pfizer–BioNTech", "Pfizer", "already has Pfizer–BioNTech, which names Pfizer as one of its partners, not Pfizer alone"),
    ("Pfizer–BioNTech", "BioNTech", "already has Pfizer–BioNTech, which names BioNTech as one of its partners"),
    ("Baden-Baden", "Baden", "already has Baden-Baden, not Baden"),  # a hyphen's one name, no partners
    ("Pfizer–BioNTech", "Moderna", "already has Pfizer–BioNTech, not Moderna"),
])
def test_a_value_refused_beside_a_joint_name_that_names_it_says_so(tmp_path: Path, capsys, stored: str, given: str, said: str) -> None:
    """'Comirnaty manufacturer Pfizer' was refused as 'it already has Pfizer–BioNTech, not Pfizer', as if the two
    named different companies (the epidemiologist's audit): a stored joint name written with an en dash that names
    the value given as one of its partners is said to (the two are still kept apart: no merge)."""
    domain = str(Path(__file__).parents[1] / "extractors" / "corpus" / "epidemiology" / "domain")
    store, first, second = str(tmp_path / "s"), tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(f"head,relation,tail\nComirnaty,manufacturer,{stored}\n", encoding="utf-8")
    second.write_text(f"head,relation,tail\nComirnaty,manufacturer,{given}\n", encoding="utf-8")
    main(["ingest", str(first), "--domain", domain, "--store", store, "--trusted", "--json"])
    capsys.readouterr()
    main(["ingest", str(second), "--domain", domain, "--store", store, "--trusted", "--json"])
    assert said in " ".join(_report(capsys)["notes"])


def test_a_trusted_row_against_a_stored_value_says_how_to_replace_it_and_again_ingests_it_anew(tmp_path: Path, capsys) -> None:
    """An epidemiology user's trusted row "Comirnaty,dosesInPrimarySeries,2" was refused ("can
    have only one dosesInPrimarySeries, and it already has 21, not 2") with no word of how to
    correct it; after kg review apply withdrew the 21, the same kg ingest printed the old table,
    "resumed: 1 of 1 batches were already done", and wrote nothing, with no way to ingest it anew."""
    store = str(tmp_path / "s")
    teacher, trusted = tmp_path / "teacher.csv", tmp_path / "trusted.csv"
    teacher.write_text("head,relation,tail\nZubrowka,hasCapital,Lutz\n", encoding="utf-8")
    trusted.write_text("head,relation,tail\nZubrowka,hasCapital,Nebelsbad\n", encoding="utf-8")
    main(["ingest", str(teacher), "--domain", "geography", "--store", store, "--trusted", "--json"])
    capsys.readouterr()
    main(["ingest", str(trusted), "--domain", "geography", "--store", store, "--trusted", "--json"])
    notes = " ".join(_report(capsys)["notes"])
    assert "1 of the file's trusted rows contradicts a value" in notes and "already has Lutz, not Nebelsbad" in notes
    assert f"kg review apply facts.csv --store {store}" in notes and "kg retract RUN" in notes
    assert f"kg ingest {trusted} --store {store} --trusted --again" in notes
    main(["why", "Zubrowka kgeo:hasCapital Nebelsbad", "--store", store])
    assert "to have this value instead, withdraw the stored one: kg review export -g accepted" in capsys.readouterr().out

    labels = tmp_path / "labels.csv"
    labels.write_text("subject,relation,object,label\nZubrowka,hasCapital,Lutz,invalid\n", encoding="utf-8")
    main(["review", "apply", str(labels), "--store", store])
    capsys.readouterr()
    main(["ingest", str(trusted), "--domain", "geography", "--store", store, "--trusted", "--json"])
    rerun = _report(capsys)
    assert rerun["batches_resumed"] == rerun["batches"] == 1
    assert any("trusted.csv was ingested before" in n and "nothing was checked or written now" in n and "--again" in n
               for n in rerun["notes"])
    with open_store(store) as st:
        assert ("zubrowka", "hasCapital", "nebelsbad") not in accepted_set(st)
    main(["ingest", str(trusted), "--domain", "geography", "--store", store, "--trusted", "--again", "--json"])
    anew = _report(capsys)
    assert anew["run"] != rerun["run"] and anew["batches_resumed"] == 0 and not any("ingested before" in n for n in anew["notes"])
    with open_store(store) as st:
        assert {o for s, p, o in accepted_set(st) if (s, p) == ("zubrowka", "hasCapital")} == {"nebelsbad"}
    # --again once more is a third run; without it, the second run, finished
    main(["ingest", str(trusted), "--domain", "geography", "--store", store, "--trusted", "--json"])
    assert _report(capsys)["run"] == rerun["run"]


MIN = "https://example.org/min#"


def _minerals(folder: Path) -> Path:
    """A mineralogist's domain: minerals, crystal systems and localities, whose reference and
    seeds write names in lower case ("aragonite", "monoclinic") as the field does."""
    folder.mkdir()
    (folder / "ontology.ttl").write_text(
        f"@prefix m: <{MIN}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "m:Mineral a owl:Class . m:CrystalSystem a owl:Class . m:Locality a owl:Class .\n"
        "m:polymorph a owl:ObjectProperty ; rdfs:domain m:Mineral ; rdfs:range m:Mineral .\n"
        "m:crystalSystem a owl:ObjectProperty ; rdfs:domain m:Mineral ; rdfs:range m:CrystalSystem .\n"
        "m:foundIn a owl:ObjectProperty ; rdfs:domain m:Mineral ; rdfs:range m:Locality .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", encoding="utf-8")
    (folder / "relations.toml").write_text(
        f'[domain]\nname = "minerals"\nprefix = "m"\nnamespace = "{MIN}"\n'
        '[relations.polymorph]\nverbalization = "{head} polymorph of {tail}"\nprompt = "Which minerals are polymorphs of {head}?"\n'
        '[relations.crystalSystem]\nverbalization = "{head} crystallises in {tail}"\nprompt = "Which crystal system has {head}?"\n'
        '[relations.foundIn]\nverbalization = "{head} found in {tail}"\nprompt = "Where is {head} found?"\n', encoding="utf-8")
    (folder / "seeds.txt").write_text("calcite\ngypsum\naragonite\nMolina de Aragón\nReading\nreading\n", encoding="utf-8")
    (folder / "reference.ttl").write_text(
        f"@prefix m: <{MIN}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix res: <https://w3id.org/kgdistill/resource/> .\n"
        'res:aragonite a m:Mineral ; rdfs:label "aragonite" .\nres:monoclinic a m:CrystalSystem ; rdfs:label "monoclinic" .\n'
        'res:krakow a m:Locality ; rdfs:label "Kraków" .\n', encoding="utf-8")
    return folder


def test_a_known_name_is_labelled_as_the_reference_and_the_seeds_write_it_not_as_an_answer_cased_it(tmp_path: Path, capsys) -> None:
    """The mineralogist's reference and seed "aragonite" was stored as "Aragonite", the casing of
    calcite's answer "1. Aragonite" that named it first, and the reference's "monoclinic" as
    "Monoclinic" (the mineralogy user's audit). A new entity whose name the reference or the
    domain's seeds write in another case only is labelled as they write it, and the teacher's
    casing is no alias; a name they do not know ("Vaterite"), a name two seeds write in two cases
    ("READING" of "Reading" and "reading") and one written otherwise beyond case ("Krakow" of the
    reference's "Kraków": an accent the reference writes is no casing) are labelled as before."""
    domain = _minerals(tmp_path / "minerals")
    lines = [("calcite", "polymorph", "1. Aragonite\n2. Vaterite"), ("gypsum", "crystalSystem", "Monoclinic"),
             ("aragonite", "foundIn", "1. molina de aragón\n2. READING\n3. Krakow")]
    transcript = tmp_path / "t.jsonl"
    transcript.write_text("".join(json.dumps(
        {"prompt": f"{head} {relation}?", "kind": "list", "head": head, "relation": relation, "completions": [text]}) + "\n"
        for head, relation, text in lines), encoding="utf-8")
    store_dir = tmp_path / "store"
    main(["ingest", str(transcript), "--input-format", "transcript", "--domain", str(domain), "--store", str(store_dir),
          "--quiet", "--critic", "none"])
    capsys.readouterr()
    store = open_store(store_dir)
    try:
        names = {str(r[0].value) for r in store.query(
            "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }", graph="accepted")}
        aliases = {str(r[0].value) for r in store.query(
            "SELECT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?l }", graph="accepted")}
    finally:
        store.close()
    assert {"aragonite", "monoclinic", "Molina de Aragón"} <= names
    assert not {"Aragonite", "Monoclinic", "molina de aragón"} & (names | aliases)
    assert {"Vaterite", "READING", "Krakow"} <= names and "Kraków" not in names
