"""People review the gate: ``kg review export`` writes what it doubted (and what it kept) for
labelling, ``kg review apply`` moves what they decided, and later critics respect it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kg.critics.evaluation import load_labels
from tests.conftest import kg_exit_code

LOCATED_IN_WESTERN_EUROPE = ("France", "locatedIn", "Western Europe")  # rejected by the critic (needs review)
PARIS_BORDERS_GERMANY = ("Paris", "borders", "Germany")  # rejected by a hard check (domain)
FRANCE_BORDERS_BELGIUM = ("France", "borders", "Belgium")  # accepted
PARIS_CAPITAL_OF_GERMANY = ("Paris", "capitalOf", "Germany")  # rejected by the reference


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _graph_of(store: Path, triple: tuple[str, str, str]) -> set[str]:
    from kg.api import KnowledgeGraph

    s, p, o = triple
    with KnowledgeGraph.open(store) as kg:
        where = set()
        if kg.query(f'ASK {{ ?s rdfs:label "{s}" ; kgeo:{p} ?o . ?o rdfs:label "{o}" }}', graph="accepted").boolean:
            where.add("accepted")
        if kg.query(f'ASK {{ ?r rdf:subject ?s ; rdf:predicate kgeo:{p} ; rdf:object ?o . ?s rdfs:label "{s}" . '
                    f'?o rdfs:label "{o}" }}', graph="rejected").boolean:
            where.add("rejected")
        return where


def test_export_label_apply_moves_what_people_decided_and_later_critics_respect_it(store, tmp_path, capsys):
    review = tmp_path / "review.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--graph", "both") == 0
    rows = _rows(review)
    doubted = [r for r in rows if r["graph"] == "rejected"]
    assert [(r["subject"], r["relation"], r["object"]) for r in doubted] == [LOCATED_IN_WESTERN_EUROPE]  # only what asks for review
    assert doubted[0]["checks"] == "critic" and "below the threshold" in doubted[0]["reasons"]
    # the critic's score and threshold, as its reason gives them (an art museum's export left them empty)
    assert f"confidence {float(doubted[0]['critic_score']):.2f} below the threshold {float(doubted[0]['critic_threshold']):.2f}" in doubted[0]["reasons"]
    assert FRANCE_BORDERS_BELGIUM in {(r["subject"], r["relation"], r["object"]) for r in rows if r["graph"] == "accepted"}

    everything = tmp_path / "all.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(everything), "--all") == 0
    assert PARIS_BORDERS_GERMANY in {(r["subject"], r["relation"], r["object"]) for r in _rows(everything)}

    # a reviewer fills in four rows and leaves the rest blank
    decided = {LOCATED_IN_WESTERN_EUROPE: "valid", FRANCE_BORDERS_BELGIUM: "invalid",
               PARIS_BORDERS_GERMANY: "valid", PARIS_CAPITAL_OF_GERMANY: "invalid"}
    filled = tmp_path / "filled.csv"
    with filled.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in rows + _rows(everything):
            writer.writerow(r | {"label": decided.get((r["subject"], r["relation"], r["object"]), "")})
    assert len(load_labels(filled)) == 4  # a labels file as every command reads one: extra columns, blanks skipped

    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(filled), "--store", str(store), "--reviewer", "ana", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["promoted"], report["demoted"], report["held"], report["unchanged_rejected"]) == (1, 1, 1, 1)
    assert report["critic"] == "review:ana"
    assert _graph_of(store, LOCATED_IN_WESTERN_EUROPE) == {"accepted"}
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"rejected"}
    assert _graph_of(store, PARIS_BORDERS_GERMANY) == {"rejected"}  # a hard check keeps it out

    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:
        reasons = kg.query('SELECT ?m WHERE { ?r kg:reason ?x . ?x kg:check "review" ; kg:message ?m }', graph="rejected").bindings()
    assert [str(r["m"]) for r in reasons] == ["reviewed: ana marked it invalid"]
    capsys.readouterr()
    assert kg_exit_code("why", "France kgeo:locatedIn Western Europe", "--store", str(store), "--format", "json") == 0
    assert "review:ana" in {r.get("critic") for r in json.loads(capsys.readouterr().out)["tree"]["provenance"]}  # who let it in
    assert kg_exit_code("why", "France kgeo:borders Belgium", "--store", str(store)) == 0
    shown = capsys.readouterr().out  # a demoted fact: no "extractor None", and who rejected it
    assert "rejected" in shown and "extractor None" not in shown and "ana marked it invalid" in shown

    # what people decided is kept in the store as labels for the critic (kg critic train --store)
    from kg.critics.review import reviewed_examples
    from kg.store import open_store as _open

    with _open(str(store)) as st:
        learnt = {(e.head, e.relation, e.tail): e.label for e in reviewed_examples(st)}
    assert learnt == {LOCATED_IN_WESTERN_EUROPE: True, FRANCE_BORDERS_BELGIUM: False, PARIS_CAPITAL_OF_GERMANY: False}

    # the same file again moves nothing and writes nothing new
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(filled), "--store", str(store), "--reviewer", "ana", "--format", "json") == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["promoted"], again["demoted"], again["confirmed"], again["activity"]) == (0, 0, 0, None)

    # a later critic neither demotes what people accepted nor promotes what they rejected
    from kg.critics.rescore import rescore
    from kg.store import open_store

    class Contrary:
        threshold, target_precision, id = 0.5, 0.0, "contrary"

        def __init__(self, p: float) -> None:
            self.p = p

        def covers(self, relation: str) -> bool:
            return True

        def score(self, triples):
            return [self.p] * len(triples)

    with open_store(str(store)) as st:
        rescore(st, "geography", Contrary(0.0))
        rescore(st, "geography", Contrary(1.0))
    assert _graph_of(store, LOCATED_IN_WESTERN_EUROPE) == {"accepted"}
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"rejected"}

    # and the next export does not ask again about what was reviewed
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--force") == 0
    assert LOCATED_IN_WESTERN_EUROPE not in {(r["subject"], r["relation"], r["object"]) for r in _rows(review)}


def test_a_review_with_no_labels_or_unknown_rows_says_so(store, tmp_path, capsys):
    blank = tmp_path / "blank.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(blank)) == 0
    assert kg_exit_code("review", "apply", str(blank), "--store", str(store)) != 0
    assert "no row is labelled valid or invalid" in capsys.readouterr().err
    typo = tmp_path / "typo.csv"
    typo.write_text("subject,relation,object,label\nFrance,borders,Atlantis,valid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(typo), "--store", str(store), "--dry-run") == 0
    assert "1 labelled rows name no stored fact" in capsys.readouterr().err.replace("\n", "")


def test_a_rejection_people_found_invalid_is_not_asked_again_nor_promoted_by_a_critic(store, tmp_path):
    labels = tmp_path / "no.csv"
    labels.write_text("subject,relation,object,label\nFrance,locatedIn,Western Europe,invalid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(labels), "--store", str(store), "-q") == 0
    review = tmp_path / "review.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review)) == 0
    assert _rows(review) == []  # before: the same doubtful rejection, asked again
    from kg.critics.rescore import rescore
    from kg.store import open_store

    class Yes:
        threshold, target_precision, id = 0.5, 0.0, "yes"

        def covers(self, relation: str) -> bool:
            return True

        def score(self, triples):
            return [1.0] * len(triples)

    with open_store(str(store)) as st:
        assert rescore(st, "geography", Yes()).promoted == 0
    assert _graph_of(store, LOCATED_IN_WESTERN_EUROPE) == {"rejected"}


def test_the_python_api_exports_and_applies_a_review(store, tmp_path):
    from kg.api import KnowledgeGraph

    review = tmp_path / "review.csv"
    with KnowledgeGraph.open(store) as kg:
        assert kg.export_review(review, graph="accepted", limit=3, seed=1) == 3
        rows = _rows(review)
        with review.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows([rows[0] | {"label": "invalid"}, *rows[1:]])
        report = kg.apply_review(review, reviewer="ana", dry_run=True)
        assert (report.demoted, report.dry_run) == (1, True)
        assert kg.apply_review(review, reviewer="ana").demoted == 1


def test_the_python_api_applies_labels_given_as_rows(store, tmp_path):
    """A notebook user who finds a wrong fact had to write a CSV to take it out of the graph."""
    from kg.api import KnowledgeGraph
    from kg.errors import FormatError

    review = tmp_path / "review.csv"
    with KnowledgeGraph.open(store) as kg:
        kg.export_review(review, graph="accepted", limit=1, seed=1)
        [row] = _rows(review)
        fact = (row["subject"], row["relation"], row["object"])
        with pytest.raises(FormatError, match="name who reviewed"):
            kg.apply_review([(*fact, False)])
        with pytest.raises(FormatError, match=r"give \(subject, relation, object, valid\)"):
            kg.apply_review([fact], reviewer="ana")
        assert kg.apply_review([(*fact, False)], reviewer="ana").demoted == 1
        assert kg.why(fact).status == "rejected"


def test_rows_given_to_the_python_api_take_the_review_files_labels_and_refuse_a_relation_typo(store, tmp_path):
    """A row with the relation misspelt ("capitalof" is fine, "hasCapitl" not) moved nothing,
    with a note only, where add, judge and why say "did you mean"; and a row labelled "invalid",
    as the review CSV labels it, was refused: only True or False."""
    from kg.api import KnowledgeGraph
    from kg.errors import FormatError, QueryError

    review = tmp_path / "review.csv"
    with KnowledgeGraph.open(store) as kg:
        kg.export_review(review, graph="accepted", limit=1, seed=1)
        [row] = _rows(review)
        subject, relation, obj = row["subject"], row["relation"], row["object"]
        typo = relation[:-1]
        with pytest.raises(QueryError, match=rf"apply_review row 2: .*{typo}.*did you mean .*{relation}"):
            kg.apply_review([(subject, relation, obj, "unsure"), (subject, typo, obj, "invalid")], reviewer="ana")
        with pytest.raises(FormatError, match="label 'wrong' is neither valid nor invalid"):
            kg.apply_review([(subject, relation, obj, "wrong")], reviewer="ana")
        assert kg.apply_review([(subject, relation, obj, "unsure")], reviewer="ana").judged == 0  # no opinion: skipped
        assert kg.apply_review([(subject, relation.upper(), obj, "invalid")], reviewer="ana").demoted == 1
        assert kg.why((subject, relation, obj)).status == "rejected"
        assert kg.apply_review([(subject, relation, obj, "Valid")], reviewer="bo").promoted == 1


def test_a_review_row_that_gives_a_figure_as_the_teacher_wrote_it_names_the_stored_number(tmp_path):
    """A reviewer types the figure as the teacher wrote it ("ca. 66,987,244 people"); the
    extractor stored the number 66987244. The row once matched no stored fact (its number
    grammar was not the extractor's) and moved nothing."""
    from kg.api import KnowledgeGraph

    location = tmp_path / "store"
    assert kg_exit_code("init", str(location), "--domain", "geography") == 0
    with KnowledgeGraph.open(location) as kg:
        kg.add([("France", "population", 66987244)])
        report = kg.apply_review([("France", "population", "ca. 66,987,244 people", False)], reviewer="ana")
        assert report.demoted == 1, report.notes
        assert kg.why(("France", "population", 66987244)).status == "rejected"


def test_a_review_row_that_names_an_entity_by_the_teachers_alias_names_the_stored_fact(tmp_path, capsys):
    """Facts ingested under aliases of reference entities ("French Republic", "Czech Republic",
    "UK") are stored labelled by the entities' own names (France, Czechia, United Kingdom): a
    review that named them as the teacher did said "3 labelled rows name no stored fact" and moved
    nothing, so people's invalid never landed and the facts came back with the next run."""
    from kg.api import KnowledgeGraph

    facts = {("French Republic", "hasCapital", "Paris"): "invalid", ("Czech Republic", "population", "10.6 million"): "invalid",
             ("UK", "population", "67 million"): "invalid"}
    rows = tmp_path / "facts.csv"
    rows.write_text("head,relation,tail\n" + "".join(f"{s},{r},{o}\n" for s, r, o in facts), encoding="utf-8")
    store = tmp_path / "store"
    assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", str(store), "--critic", "none", "-q") == 0
    ana = _labels_file(tmp_path / "ana.csv", facts)
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--reviewer", "ana", "-q") == 0
    out = capsys.readouterr().out
    assert "3 accepted → rejected" in out and "name no stored fact" not in out, out
    with KnowledgeGraph.open(store) as kg:
        assert kg.why(("France", "hasCapital", "Paris")).status == "rejected"
        assert kg.why(("United Kingdom", "population", 67000000)).status == "rejected"


def test_uncertain_order_puts_the_scores_nearest_the_threshold_first(tmp_path):
    """Labels teach the critic most where it is least sure: ``--order uncertain --limit N``."""
    from kg.critics.rescore import rescore
    from kg.store import open_store

    rows_file = tmp_path / "rows.tsv"
    rows_file.write_text(
        "PersonX bakes bread\txWant\tto eat it\nPersonX bakes bread\txWant\tto sell it\n"
        "PersonX bakes bread\txWant\tto fly\nPersonX bakes bread\txWant\tto sing\n", encoding="utf-8")
    store = tmp_path / "cs"
    assert kg_exit_code("ingest", str(rows_file), "--domain", "commonsense", "--store", str(store), "--critic", "none", "-q") == 0

    class Graded:
        threshold, target_precision, id = 0.5, 0.0, "graded"

        def covers(self, relation: str) -> bool:
            return True

        def score(self, triples):
            return [{"to sell it": 0.49, "to fly": 0.2, "to sing": 0.05}.get(t, 0.9) for _h, _r, t in triples]

    with open_store(str(store)) as st:
        assert rescore(st, "commonsense", Graded()).demoted == 3  # quarantined by a critic, with its scores
    review = tmp_path / "review.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--order", "uncertain") == 0
    scored = [(r["object"], r["critic_score"], r["critic_threshold"]) for r in _rows(review)]
    assert scored == [("to sell it", "0.490", "0.500"), ("to fly", "0.200", "0.500"), ("to sing", "0.050", "0.500")]
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--order", "uncertain", "-n", "1", "--force") == 0
    assert [r["object"] for r in _rows(review)] == ["to sell it"]
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--force") == 0  # by subject: as stored
    assert [r["object"] for r in _rows(review)] == ["to fly", "to sell it", "to sing"]


def test_the_report_shows_what_awaits_review_and_the_reviews(store, tmp_path):
    from kg.report import collect, render_html
    from kg.store import open_store

    with open_store(str(store)) as st:
        before = collect(st)
    assert before.awaiting_review == 1 and before.rescorings == []
    assert "1 quarantined facts await review" in render_html(before)
    labels = tmp_path / "yes.csv"
    labels.write_text("subject,relation,object,label\nFrance,locatedIn,Western Europe,valid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(labels), "--store", str(store), "--reviewer", "ana", "-q") == 0
    with open_store(str(store)) as st:
        after = collect(st)
    assert after.awaiting_review == 0
    assert [(r["critic"], r["promoted"]) for r in after.rescorings] == [("review:ana", "1")]
    page = render_html(after)
    assert "Reviews and rescorings" in page and "review:ana" in page and "people" in page


def test_teacher_text_that_looks_like_a_formula_stays_text_in_the_spreadsheet(store, tmp_path):
    """The review CSV is for people to open in a spreadsheet; a teacher's (or an injected
    document's) `=HYPERLINK("http://…","…")` went into a cell as written, which a spreadsheet
    runs as a formula (CSV injection). The cell now opens with a ' and applying it still matches."""
    formula = '=HYPERLINK("http://evil.example/x","click")'
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n"
        "@prefix res: <https://w3id.org/kgdistill/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'res:evil a kgeo:Country ; rdfs:label "{formula.replace(chr(34), chr(92) + chr(34))}" .\n'
        "res:france kgeo:borders res:evil .\n",
        encoding="utf-8",
    )
    assert kg_exit_code("load", str(extra), "--store", str(store), "-q") == 0
    review = tmp_path / "review.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--graph", "accepted") == 0
    rows = _rows(review)
    cells = [c for r in rows for c in r.values()]
    assert "'" + formula in cells and not any(c.startswith(("=", "+", "@")) for c in cells)
    with review.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([r | {"label": "invalid"} if r["object"] == "'" + formula else r for r in rows])
    assert kg_exit_code("review", "apply", str(review), "--store", str(store), "--reviewer", "ana") == 0
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:  # the label people marked invalid was matched: moved
        label = json.dumps(formula)  # a SPARQL string literal
        assert kg.query(f"ASK {{ ?r rdf:subject res:france ; rdf:object ?o . ?o rdfs:label {label} }}", graph="rejected").boolean
        assert not kg.query("ASK { res:france kgeo:borders res:evil }", graph="accepted").boolean


def test_a_negative_figure_guarded_for_the_spreadsheet_is_read_back_as_the_figure(store, tmp_path):
    """`kg review export` writes -28 as "'-28" (a cell starting with "-" opens as a formula):
    applying the file matches the fact -28 again (checked for the geographer's audit)."""
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '@prefix res: <https://w3id.org/kgdistill/resource/> .\nres:atlantis rdfs:label "Atlantis" ; kgeo:area "-28"^^xsd:decimal .\n',
        encoding="utf-8")
    assert kg_exit_code("load", str(extra), "--store", str(store), "-q") == 0
    review = tmp_path / "review.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review), "--graph", "accepted", "--limit", "1000") == 0
    rows = _rows(review)
    assert [r["object"] for r in rows if r["subject"] == "Atlantis"] == ["'-28"]
    with review.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([r | {"label": "invalid"} if r["object"] == "'-28" else r for r in rows])
    assert kg_exit_code("review", "apply", str(review), "--store", str(store), "--reviewer", "ana") == 0
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:  # matched as the figure -28, and moved out
        assert not kg.query("ASK { res:atlantis kgeo:area ?a }", graph="accepted").boolean
        assert kg.query("ASK { ?r rdf:subject res:atlantis ; rdf:object ?o FILTER(?o = -28) }", graph="rejected").boolean


def _labels_file(path: Path, rows: dict[tuple[str, str, str], str]) -> Path:
    path.write_text("subject,relation,object,label\n" + "".join(f"{s},{r},{o},{lab}\n" for (s, r, o), lab in rows.items()),
                    encoding="utf-8")
    return path


def test_several_reviewers_vote_a_tie_moves_nothing_and_their_agreement_is_reported(store, tmp_path, capsys):
    """A team of annotators (West et al. took three per fact) applied one file after another:
    the last one silently overruled the others."""
    ana = _labels_file(tmp_path / "ana.csv", {LOCATED_IN_WESTERN_EUROPE: "valid", FRANCE_BORDERS_BELGIUM: "invalid"})
    ben = _labels_file(tmp_path / "ben.csv", {LOCATED_IN_WESTERN_EUROPE: "valid", FRANCE_BORDERS_BELGIUM: "valid"})
    cai = _labels_file(tmp_path / "cai.csv", {LOCATED_IN_WESTERN_EUROPE: "invalid", FRANCE_BORDERS_BELGIUM: "unsure"})
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(ana), str(ben), str(cai), "--store", str(store), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["promoted"], report["demoted"], report["critic"]) == (1, 0, "review:ana+ben+cai")
    assert _graph_of(store, LOCATED_IN_WESTERN_EUROPE) == {"accepted"}  # 2 of 3
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"accepted"}  # 1 against 1: a tie moves nothing
    assert any("3 reviewers (ana, ben, cai) labelled 2 facts, 2 by two or more: all agree on 0 (0%)" in n
               and "1 ties left without a label" in n for n in report["notes"])


def test_a_later_review_that_overrules_an_earlier_one_says_so(store, tmp_path, capsys):
    ben = _labels_file(tmp_path / "ben.csv", {LOCATED_IN_WESTERN_EUROPE: "valid"})
    cai = _labels_file(tmp_path / "cai.csv", {LOCATED_IN_WESTERN_EUROPE: "invalid"})
    assert kg_exit_code("review", "apply", str(ben), "--store", str(store), "-q") == 0
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(cai), "--store", str(store), "-q") == 0
    assert "1 facts that review:ben decided the other way now follow review:cai" in capsys.readouterr().err.replace("\n", " ")
    assert _graph_of(store, LOCATED_IN_WESTERN_EUROPE) == {"rejected"}
    assert kg_exit_code("review", "apply", str(cai), "--store", str(store), "-q") == 0
    assert "decided the other way" not in capsys.readouterr().err  # its own earlier review


def test_review_agreement_reports_alpha_and_writes_the_majority(tmp_path, capsys):
    a = _labels_file(tmp_path / "a.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "valid", ("z", "xWant", "r"): "invalid"})
    b = _labels_file(tmp_path / "b.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "invalid", ("z", "xWant", "r"): "invalid"})
    c = _labels_file(tmp_path / "c.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "invalid"})
    out = tmp_path / "majority.csv"
    assert kg_exit_code("review", "agreement", str(a), str(b), str(c), "-o", str(out), "--format", "json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["labelled"], shown["shared"], shown["unanimous"], shown["ties"]) == (3, 3, 2, 0)
    assert shown["alpha"] == pytest.approx(0.5625)  # 1 - (n - 1) D_o / D_e: n 8, one disagreeing pair in y
    assert dict(load_labels(out)) == dict(load_labels([a, b, c]))
    assert {k[0]: v for k, v in load_labels(out).items()} == {"x": True, "y": False, "z": False}
    assert kg_exit_code("review", "agreement", str(a)) == 2
    assert "two or more labels files" in capsys.readouterr().err


def test_review_agreement_lists_the_disputed_facts_with_each_reviewers_label(tmp_path, capsys):
    a = _labels_file(tmp_path / "ana.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "valid", ("z", "xWant", "r"): "invalid"})
    b = _labels_file(tmp_path / "ben.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "invalid"})
    c = _labels_file(tmp_path / "cai.csv", {("y", "xWant", "q"): "invalid", ("z", "xWant", "r"): "valid"})
    disputed = tmp_path / "disputed.csv"
    assert kg_exit_code("review", "agreement", str(a), str(b), str(c), "--disputed", str(disputed)) == 0
    shown = capsys.readouterr()
    assert "ana: 3 labelled, 2 valid (67%)" in shown.out
    assert "ana and ben: 1 of 2 common facts alike (50%)" in shown.out
    assert "wrote 2 disputed facts" in shown.err
    assert disputed.read_text(encoding="utf-8").splitlines() == [
        "subject,relation,object,ana,ben,cai", "y,xWant,q,valid,invalid,invalid", "z,xWant,r,invalid,,valid",
    ]
    assert kg_exit_code("review", "agreement", str(a), str(b), "--disputed", str(disputed)) == 2
    assert "--force" in capsys.readouterr().err
    assert kg_exit_code("review", "agreement", str(a), str(b), "--disputed", str(disputed), "--force", "-f", "json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["disputed"] == 1 and shown["pairs"][0]["percent"] == 0.5


def test_review_agreement_names_a_reviewer_who_labelled_nothing(tmp_path, capsys):
    """A review export handed back blank dropped its reviewer: "2 reviewers (ana, ben)", no
    row for eve and no eve column in --disputed."""
    a = _labels_file(tmp_path / "ana.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "valid"})
    b = _labels_file(tmp_path / "ben.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "invalid"})
    e = _labels_file(tmp_path / "eve.csv", {("x", "xWant", "p"): "", ("y", "xWant", "q"): ""})
    disputed = tmp_path / "disputed.csv"
    assert kg_exit_code("review", "agreement", str(a), str(b), str(e), "--disputed", str(disputed)) == 0
    shown = capsys.readouterr().out
    assert "3 reviewers (ana, ben, eve)" in shown and "eve: 0 labelled" in shown
    assert disputed.read_text(encoding="utf-8").splitlines()[0] == "subject,relation,object,ana,ben,eve"


def test_progress_totals_add_up_over_the_domains_of_a_review(store, tmp_path):
    """`kg review apply` on a store of two domains drew `read 14/0`: the second domain's total
    replaced the first's."""
    from kg.critics.review import apply_review
    from kg.store import open_store

    seen: dict[str, list[int]] = {}

    def progress(stage: str, advance: int = 0, total: int | None = None) -> None:
        done, bar = seen.setdefault(stage, [0, 0])
        seen[stage] = [done + advance, bar if total is None else total]

    labels = _labels_file(tmp_path / "ana.csv", {LOCATED_IN_WESTERN_EUROPE: "valid"})
    with open_store(str(store)) as st:
        apply_review(st, ["geography", "geography"], labels, dry_run=True, progress=progress)
    assert seen["read"][0] > 0 and all(done == total for done, total in seen.values()), seen


def test_a_rescoring_in_one_domain_keeps_what_the_other_domains_rules_inferred(store):
    """On a store of two domains, a review rebuilt the inferred graph with one domain's rules:
    every border the geography rules had inferred (borders is symmetric) was gone."""
    from rdflib import URIRef

    from kg.api import KnowledgeGraph
    from kg.critics.rescore import rescore
    from kg.iri import mint_iri
    from kg.store import open_store

    cs = "https://w3id.org/kgdistill/ontology/commonsense#"
    inferred_borders = 'ASK { ?a kgeo:borders ?b }'
    with KnowledgeGraph.open(store) as kg:
        assert kg.query(inferred_borders, graph="inferred").boolean
        kg.add([(mint_iri("PersonX eats"), URIRef(cs + "xWant"), mint_iri("to fly a kite"))])

    class No:
        threshold, target_precision, id = 0.5, 0.0, "no"

        def covers(self, relation: str) -> bool:
            return relation == "xWant"

        def score(self, triples):
            return [0.0] * len(triples)

    with open_store(str(store)) as st:
        assert rescore(st, "commonsense", No(), review=True).demoted == 1  # people outrank what kg.add wrote
    with KnowledgeGraph.open(store) as kg:
        assert kg.query(inferred_borders, graph="inferred").boolean


def test_an_audit_of_accepted_facts_gives_the_graphs_precision_with_its_interval(store, tmp_path, capsys):
    """People labelled a random sample of what the gate kept; nothing said how precise that
    makes the graph."""
    from kg.report import collect, render_html
    from kg.store import open_store

    sample = tmp_path / "audit.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(sample), "--graph", "accepted",
                        "--limit", "4", "--seed", "3") == 0
    rows = _rows(sample)
    with sample.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r | {"label": "invalid" if i == 0 else "valid"} for i, r in enumerate(rows))
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(sample), "--store", str(store), "--format", "json") == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert any("people's verdict on 4 accepted facts: 3 valid, precision 0.75 (95% interval 0.30-0.95)" in n for n in notes)
    with open_store(str(store)) as st:
        data = collect(st)
    assert sum(int(r["valid"]) for r in data.audit) == 3 and sum(int(r["invalid"]) for r in data.audit) == 1
    page = render_html(data)
    assert "People's audit of the accepted graph" in page and "0.30-0.95" in page


def test_a_stratified_audit_takes_the_same_number_of_facts_of_each_relation(store, tmp_path):
    from collections import Counter

    from kg.api import KnowledgeGraph

    sample = tmp_path / "audit.csv"
    with KnowledgeGraph.open(store) as kg:
        everything = tmp_path / "all.csv"
        kg.export_review(everything, graph="accepted")
        per = Counter(r["relation"] for r in _rows(everything))
        kg.export_review(sample, graph="accepted", per_relation=2, seed=1)
    got = Counter(r["relation"] for r in _rows(sample))
    assert got == {relation: min(n, 2) for relation, n in per.items()} and len(per) > 2


def test_review_dash_writes_standard_output_not_a_file_named_dash(store, tmp_path, capsys, monkeypatch):
    """`kg review export -o -` wrote a file named `-` ("wrote 3 rows to -"), and so did `kg review
    agreement -o -`, where `kg export` and `kg report` take - as standard output; now all do."""
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert kg_exit_code("review", "export", "--store", str(store), "-o", "-", "--graph", "both") == 0
    printed = capsys.readouterr()
    rows = list(csv.DictReader(printed.out.splitlines()))
    assert rows and rows[0]["graph"] in ("accepted", "rejected") and f"wrote {len(rows)} rows to standard output" in printed.err
    a = _labels_file(tmp_path / "a.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "valid"})
    b = _labels_file(tmp_path / "b.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "invalid"})
    c = _labels_file(tmp_path / "c.csv", {("x", "xWant", "p"): "valid", ("y", "xWant", "q"): "invalid"})
    assert kg_exit_code("review", "agreement", str(a), str(b), str(c), "-o", "-") == 0
    printed = capsys.readouterr()
    assert [(r["subject"], r["label"]) for r in csv.DictReader(printed.out.splitlines())] == [("x", "valid"), ("y", "invalid")]
    assert "alpha" in printed.err
    assert not (tmp_path / "-").exists()


def test_a_later_run_that_proposes_a_fact_people_marked_invalid_keeps_it_out(store, tmp_path, capsys):
    labels = tmp_path / "ana.csv"
    labels.write_text("subject,relation,object,label\nFrance,borders,Belgium,invalid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(labels), "--store", str(store), "--reviewer", "ana", "-q") == 0
    again = tmp_path / "again.csv"
    again.write_text("head,relation,tail\nFrance,borders,Belgium\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("ingest", str(again), "--domain", "geography", "--store", str(store), "--format", "json") == 0
    run = json.loads(capsys.readouterr().out)
    assert (run["accepted"], run["rejected_by_reason"]) == (0, {"review": 1})  # before: accepted again, by the gate
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"rejected"}
    capsys.readouterr()
    assert kg_exit_code("why", "France kgeo:borders Belgium", "--store", str(store)) == 0
    assert "review:ana marked it invalid" in capsys.readouterr().out
    review = tmp_path / "review.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(review)) == 0
    assert FRANCE_BORDERS_BELGIUM not in {(r["subject"], r["relation"], r["object"]) for r in _rows(review)}  # decided


def test_review_export_refuses_to_replace_a_file_without_force(store, tmp_path, capsys):
    sheet = tmp_path / "review.csv"
    sheet.write_text("subject,relation,object,label\nFrance,locatedIn,Western Europe,valid\n", encoding="utf-8")
    labelled = sheet.read_text(encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(sheet)) == 2  # before: 0, the labels gone
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert sheet.read_text(encoding="utf-8") == labelled
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(sheet), "--force") == 0
    assert _rows(sheet)[0]["label"] == ""


def test_a_later_review_undoes_an_earlier_reviews_invalid_on_an_accepted_fact(store, tmp_path, capsys):
    """An annotator's mistaken "invalid" on an accepted fact could not be undone: the review's own
    rejection counted as a hard check (held), yet the note said the fact now followed the later review."""
    ben = _labels_file(tmp_path / "ben.csv", {FRANCE_BORDERS_BELGIUM: "invalid"})
    ana = _labels_file(tmp_path / "ana.csv", {FRANCE_BORDERS_BELGIUM: "valid", PARIS_BORDERS_GERMANY: "valid"})
    assert kg_exit_code("review", "apply", str(ben), "--store", str(store), "-q") == 0
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"rejected"}
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["promoted"], report["held"]) == (1, 1)  # Paris borders Germany: the domain check holds it
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"accepted"}
    assert any("1 facts that review:ben decided the other way now follow review:ana" in n for n in report["notes"])

    # an earlier "invalid" on what a hard check keeps out is not overruled by a later "valid": no note says so
    cai = _labels_file(tmp_path / "cai.csv", {PARIS_BORDERS_GERMANY: "invalid"})
    dan = _labels_file(tmp_path / "dan.csv", {PARIS_BORDERS_GERMANY: "valid"})
    assert kg_exit_code("review", "apply", str(cai), "--store", str(store), "-q") == 0
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(dan), "--store", str(store), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["held"] == 1 and not any("decided the other way" in n for n in report["notes"])


def test_a_persons_invalid_on_a_candidate_a_retraction_closed_is_recorded_as_theirs(store, tmp_path, capsys):
    """The retraction's kg:confirmedBy was taken for a review's: the review counted the verdict
    "confirmed" but wrote nothing, and the critic's training never saw it."""
    from kg.api import KnowledgeGraph
    from kg.critics.review import reviewed_examples

    capsys.readouterr()
    assert kg_exit_code("runs", "--store", str(store), "--format", "json") == 0
    [run] = json.loads(capsys.readouterr().out)
    with KnowledgeGraph.open(store) as kg:
        assert kg.retract(run["id"]).closed > 0  # the quarantined candidates no longer await review
        kg.apply_review([(*LOCATED_IN_WESTERN_EUROPE, False)], reviewer="ana")
        examples = {(e.head, e.relation, e.tail): e.label for e in reviewed_examples(kg.store)}
    assert examples == {LOCATED_IN_WESTERN_EUROPE: False}


@pytest.mark.parametrize("graph", ["accepted", "both"])
def test_an_audit_of_accepted_facts_does_not_ask_again_what_people_confirmed(store, tmp_path, graph):
    """The next week's `kg review export -g accepted` listed the facts confirmed the week before."""
    first = tmp_path / "first.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(first), "--graph", "accepted") == 0
    accepted = [(r["subject"], r["relation"], r["object"]) for r in _rows(first)]
    assert FRANCE_BORDERS_BELGIUM in accepted and len(accepted) > 1
    confirmed = _labels_file(tmp_path / "ana.csv", {FRANCE_BORDERS_BELGIUM: "valid"})
    assert kg_exit_code("review", "apply", str(confirmed), "--store", str(store), "-q") == 0
    second = tmp_path / "second.csv"
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(second), "--graph", graph) == 0
    again = [(r["subject"], r["relation"], r["object"]) for r in _rows(second) if r["graph"] == "accepted"]
    assert again == [t for t in accepted if t != FRANCE_BORDERS_BELGIUM]


def test_a_fact_people_rejected_is_not_put_back_by_the_reasoner_from_its_inverse(store, tmp_path, capsys):
    """Paris capitalOf France marked invalid left `accepted`, but the rebuild derived it again from
    France hasCapital Paris (owl:inverseOf): every default query still answered it, silently."""
    from kg.api import KnowledgeGraph

    ask = "ASK { res:paris kgeo:capitalOf res:france }"
    with KnowledgeGraph.open(store) as kg:
        assert kg.query("ASK { res:france kgeo:hasCapital res:paris }", graph="accepted").boolean
    ana = _labels_file(tmp_path / "ana.csv", {("Paris", "capitalOf", "France"): "invalid"})
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["demoted"] == 1
    assert any("1 facts people rejected are still entailed by accepted facts" in n for n in report["notes"])
    with KnowledgeGraph.open(store) as kg:
        assert not kg.query(ask).boolean  # accepted + inferred: people's "invalid" wins
        assert kg.why(("Paris", "capitalOf", "France")).status == "rejected"
    assert kg_exit_code("reason", "--rebuild", "--store", str(store), "-q") == 0  # any later rebuild, too
    with KnowledgeGraph.open(store) as kg:
        assert not kg.query(ask).boolean
        assert kg.query("ASK { res:germany kgeo:borders res:france }").boolean  # the rest is still inferred
    ben = _labels_file(tmp_path / "ben.csv", {("Paris", "capitalOf", "France"): "valid"})  # the later review wins
    assert kg_exit_code("review", "apply", str(ben), "--store", str(store), "-q") == 0
    with KnowledgeGraph.open(store) as kg:
        assert kg.query(ask, graph="accepted").boolean


def test_two_peoples_files_of_one_name_applied_one_after_the_other_get_a_warning(store, tmp_path, capsys):
    """Each annotator returned the exported review.csv from their own folder: both became one
    reviewer, review:review, and nothing said so (the 'decided the other way' note was silent)."""
    (tmp_path / "ana").mkdir()
    (tmp_path / "ben").mkdir()
    ana = _labels_file(tmp_path / "ana" / "review.csv", {FRANCE_BORDERS_BELGIUM: "valid"})
    ben = _labels_file(tmp_path / "ben" / "review.csv", {FRANCE_BORDERS_BELGIUM: "invalid"})
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "-q") == 0
    _labels_file(ana, {FRANCE_BORDERS_BELGIUM: "valid", LOCATED_IN_WESTERN_EUROPE: "valid"})  # ana adds a row
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "-q") == 0
    assert "applied before from another file" not in capsys.readouterr().err  # the same person's file
    assert kg_exit_code("review", "apply", str(ben), "--store", str(store), "-q") == 0
    err = " ".join(capsys.readouterr().err.split())
    assert f"review:review was applied before from another file ({ana.resolve()})" in err and "--reviewer NAME" in err
    assert kg_exit_code("review", "apply", str(ben), "--store", str(store), "--reviewer", "ben", "-q") == 0
    assert "applied before from another file" not in capsys.readouterr().err  # named: nothing to warn of


def test_kg_why_shows_who_decided_and_when_and_no_needs_review_after_people_decided(store, tmp_path, capsys):
    """Confirmations, the most common human outcome, were invisible in `kg why`, and a rejection
    people had confirmed invalid still said "(needs review)"."""
    from kg.api import KnowledgeGraph

    ana = _labels_file(tmp_path / "ana.csv", {LOCATED_IN_WESTERN_EUROPE: "invalid", FRANCE_BORDERS_BELGIUM: "valid"})
    assert kg_exit_code("why", '"France" kgeo:locatedIn "Western Europe"', "--store", str(store)) == 0
    assert "(needs review)" in capsys.readouterr().out  # before the review
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "-q") == 0
    with KnowledgeGraph.open(store) as kg:
        accepted = kg.why(FRANCE_BORDERS_BELGIUM)
    assert [(v["review"], v["verdict"]) for v in accepted.reviews] == [("review:ana", "valid")] and accepted.reviews[0]["at"]
    assert "people: valid (review:ana, " in str(accepted)
    capsys.readouterr()
    assert kg_exit_code("why", '"France" kgeo:locatedIn "Western Europe"', "--store", str(store)) == 0
    out = capsys.readouterr().out
    assert "people: invalid (review:ana, " in out and "(needs review)" not in out
    assert kg_exit_code("why", '"France" kgeo:locatedIn "Western Europe"', "--store", str(store), "--format", "json") == 0
    rejected = json.loads(capsys.readouterr().out)
    assert [(v["review"], v["verdict"]) for r in rejected["rejections"] for v in r["reviews"]] == [("review:ana", "invalid")]
    assert kg_exit_code("why", "France kgeo:borders Belgium", "--store", str(store), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["reviews"][0]["verdict"] == "valid"


def test_a_review_counts_facts_and_applied_again_reports_nothing_new(store, tmp_path, capsys):
    """Counts were rejection records (165 'moved' for 144 facts), and the same file applied again
    printed its confirmations again and a 'precision' of the facts people themselves let in."""
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:  # a second candidate of the doubted triple (another extractor, another sample)
        kg.store.update(
            "INSERT { GRAPH graph:rejected { ?twin ?p ?o } } WHERE { GRAPH graph:rejected { ?r a kg:Rejection ; "
            "rdf:predicate kgeo:locatedIn ; rdf:subject res:france ; ?p ?o } BIND(IRI(CONCAT(STR(?r), '-twin')) AS ?twin) }"
        )
        records = [row[0].value for row in kg.query('SELECT ?r WHERE { ?r rdf:subject res:france ; rdf:predicate kgeo:locatedIn }',
                                                    graph="rejected")]
    assert len(records) == 2
    del records
    ana = _labels_file(tmp_path / "ana.csv", {LOCATED_IN_WESTERN_EUROPE: "valid", FRANCE_BORDERS_BELGIUM: "valid",
                                              PARIS_CAPITAL_OF_GERMANY: "invalid"})
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--format", "json") == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["promoted"], first["confirmed"], first["confirmed_rejected"], first["audited"]) == (1, 1, 1, 1)
    assert any("people's verdict on 1 accepted facts: 1 valid" in n for n in first["notes"])
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--format", "json") == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["promoted"], again["demoted"], again["confirmed"], again["confirmed_rejected"], again["audited"]) == (0, 0, 0, 0, 0)
    assert not any("precision" in n for n in again["notes"])
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "-q") == 0
    assert "0 accepted facts confirmed, 0 rejections confirmed" in " ".join(capsys.readouterr().out.split())


def test_a_later_valid_review_lets_in_a_fact_a_rerun_kept_out_for_an_earlier_invalid(store, tmp_path, capsys):
    """The two sides of people's verdict meet: a run keeps out what a review marked invalid (a
    rejection with the check `review`), and a later review marking it valid must still win."""
    ana = tmp_path / "ana.csv"
    ana.write_text("subject,relation,object,label\nFrance,borders,Belgium,invalid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--reviewer", "ana", "-q") == 0
    again = tmp_path / "again.csv"
    again.write_text("head,relation,tail\nFrance,borders,Belgium\n", encoding="utf-8")
    assert kg_exit_code("ingest", str(again), "--domain", "geography", "--store", str(store), "-q") == 0
    assert _graph_of(store, FRANCE_BORDERS_BELGIUM) == {"rejected"}
    ben = tmp_path / "ben.csv"
    ben.write_text("subject,relation,object,label\nFrance,borders,Belgium,valid\n", encoding="utf-8")
    assert kg_exit_code("review", "apply", str(ben), "--store", str(store), "--reviewer", "ben", "-q") == 0
    assert "accepted" in _graph_of(store, FRANCE_BORDERS_BELGIUM)
    later = tmp_path / "later.csv"  # and a later run no longer keeps it out
    later.write_text("head,relation,tail\nFrance,borders,Belgium\nFrance,borders,Spain\n", encoding="utf-8")  # another run
    capsys.readouterr()
    assert kg_exit_code("ingest", str(later), "--domain", "geography", "--store", str(store), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["rejected_by_reason"] == {}
    assert "accepted" in _graph_of(store, FRANCE_BORDERS_BELGIUM)


def test_a_figure_people_rejected_is_kept_out_by_a_later_run(store, tmp_path, capsys):
    """A population people marked invalid came back with the next ingest: the store answers an
    ``xsd:nonNegativeInteger`` (population's range) as ``xsd:integer``, and the lookup of people's
    rejections compared the two as text, so no integer-typed fact was ever kept out."""
    first = tmp_path / "first.csv"
    first.write_text("head,relation,tail\nGermany,population,\"83,000,000\"\n", encoding="utf-8")
    assert kg_exit_code("ingest", str(first), "--domain", "geography", "--store", str(store), "-q") == 0
    fact = ("Germany", "population", "83000000")

    def graphs() -> set[str]:
        from kg.api import KnowledgeGraph

        with KnowledgeGraph.open(store) as kg:
            where = {"accepted"} if kg.query('ASK { ?s rdfs:label "Germany" ; kgeo:population 83000000 }', graph="accepted").boolean else set()
            if kg.query('ASK { ?r rdf:subject ?s ; rdf:predicate kgeo:population ; rdf:object ?o . ?s rdfs:label "Germany" '
                        'FILTER(?o = 83000000) }', graph="rejected").boolean:
                where.add("rejected")
            return where

    assert graphs() == {"accepted"}
    ana = _labels_file(tmp_path / "ana.csv", {fact: "invalid"})
    assert kg_exit_code("review", "apply", str(ana), "--store", str(store), "--reviewer", "ana", "-q") == 0
    assert graphs() == {"rejected"}
    again = tmp_path / "again.csv"
    again.write_text("head,relation,tail\nGermany,population,83 million\n", encoding="utf-8")
    capsys.readouterr()
    assert kg_exit_code("ingest", str(again), "--domain", "geography", "--store", str(store), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["rejected_by_reason"] == {"review": 1}
    assert graphs() == {"rejected"}


def test_an_empty_export_while_hard_checks_hold_rejections_says_to_add_all(tmp_path, capsys):
    """The README's `kg review export` wrote 0 rows with 4 rejections by hard checks in
    quarantine and said nothing: only --all exports them."""
    location, rows = tmp_path / "store", tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nFrance,borders,France\n", encoding="utf-8")
    assert kg_exit_code("init", str(location), "--domain", "geography") == 0
    assert kg_exit_code("ingest", str(rows), "--store", str(location), "--critic", "none", "-q") == 0
    capsys.readouterr()
    assert kg_exit_code("review", "export", "--store", str(location), "-o", str(tmp_path / "review.csv")) == 0
    assert "note: none of the 1 rejections in quarantine asks for review" in capsys.readouterr().err
    assert kg_exit_code("review", "export", "--store", str(location), "-o", str(tmp_path / "all.csv"), "--all") == 0
    assert len(_rows(tmp_path / "all.csv")) == 1 and "note:" not in capsys.readouterr().err


def test_an_export_that_leaves_out_a_hard_checks_rejections_says_how_many(store, tmp_path, capsys):
    """`kg review export` (default --graph rejected) wrote the critic's rejections and left out a
    shape's, a type's and the reference's without a word: only an empty export said so. The help
    names those hard checks, and a note says how many rejections were left out."""
    capsys.readouterr()
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(tmp_path / "review.csv")) == 0
    err = capsys.readouterr().err
    written = len(_rows(tmp_path / "review.csv"))
    assert kg_exit_code("review", "export", "--store", str(store), "-o", str(tmp_path / "all.csv"), "--all") == 0
    left = len(_rows(tmp_path / "all.csv")) - written
    assert written and left and f"note: {left} rejections in quarantine that hard checks made (a SHACL shape" in err, err
    assert kg_exit_code("review", "export", "--help") == 0
    assert "a SHACL shape's" in " ".join(capsys.readouterr().out.split())


def test_a_wrong_trusted_fact_marked_invalid_lets_in_what_its_type_kept_out(tmp_path, capsys):
    """A film archive's trusted 'Guillermo del Toro composer Alexandre Desplat' made del Toro a
    film, and every later 'X director Guillermo del Toro' was rejected by the range check: the
    rejection said to mark that fact invalid, but the rows it had kept out stayed rejected, held
    by the hard check, whatever people labelled them (and ingesting the file again did nothing)."""
    store = str(tmp_path / "s")
    wrong, right = tmp_path / "wrong.tsv", tmp_path / "right.tsv"
    wrong.write_text("Gotham\tcapitalOf\tFreedonia\n", encoding="utf-8")  # Gotham a city
    right.write_text("Sylvania\tborders\tGotham\n", encoding="utf-8")  # ... so no country borders it
    for rows in (wrong, right):
        assert kg_exit_code("ingest", str(rows), "--domain", "geography", "--store", store, "--trusted", "-q") == 0
    assert _graph_of(Path(store), ("Sylvania", "borders", "Gotham")) == {"rejected"}
    capsys.readouterr()
    assert kg_exit_code("why", "Sylvania borders Gotham", "--store", store) == 0
    assert "label it invalid and this one valid in `kg review export --graph both --all`" in capsys.readouterr().out
    labels = _labels_file(tmp_path / "ana.csv", {("Gotham", "capitalOf", "Freedonia"): "invalid",
                                                  ("Sylvania", "borders", "Gotham"): "valid"})
    assert kg_exit_code("review", "apply", str(labels), "--store", store, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["demoted"], report["promoted"], report["held"]) == (1, 1, 0)
    assert _graph_of(Path(store), ("Sylvania", "borders", "Gotham")) == {"accepted"}
    assert _graph_of(Path(store), ("Gotham", "capitalOf", "Freedonia")) == {"rejected"}


ART = "https://museum.example.org/ontology/art#"


def _art_store(tmp_path: Path, quarantined: tuple[str, ...], accepted: tuple[str, ...]) -> str:
    """A store of an own domain with a one-value text relation (medium): the Mona Lisa's media
    the critic quarantined and those stored."""
    from rdflib import Literal, URIRef

    from kg.iri import mint_iri
    from kg.records import Candidate, Completion, Reason, Verdict
    from kg.store import open_store

    folder = tmp_path / "art"
    folder.mkdir(parents=True)
    (folder / "relations.toml").write_text(
        f'[domain]\nname = "art"\nprefix = "art"\nnamespace = "{ART}"\n\n'
        '[relations.medium]\nprompt = "What is the medium of {head}?"\nverbalization = "{head} is painted in {tail}"\n',
        encoding="utf-8")
    (folder / "ontology.ttl").write_text(
        f"@prefix art: <{ART}> . @prefix owl: <http://www.w3.org/2002/07/owl#> . "
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "art:Painting a owl:Class . art:medium a owl:DatatypeProperty, owl:FunctionalProperty ; "
        "rdfs:domain art:Painting ; rdfs:range xsd:string .\n", encoding="utf-8")
    (folder / "shapes.ttl").write_text("", encoding="utf-8")
    store = str(tmp_path / "st")
    assert kg_exit_code("init", store, "--domain", str(folder)) == 0

    def candidate(text: str) -> Candidate:
        completion = Completion("p1", "What is the medium of Mona Lisa?", "replay:test", text)
        return Candidate(mint_iri("Mona Lisa"), URIRef(ART + "medium"), Literal(text), completion, text, "lists", "Mona Lisa")

    with open_store(store) as st:
        st.write([Verdict.accept(candidate(text), 1.0) for text in accepted]
                 + [Verdict.reject(candidate(text), Reason("critic", "confidence 0.56 below the threshold 0.60", needs_review=True),
                                   confidence=0.56) for text in quarantined])
    return store


def _media(store: str) -> list[str]:
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:
        return sorted(str(r["o"]) for r in kg.query(f"SELECT ?o WHERE {{ ?s <{ART}medium> ?o }}", graph="accepted").bindings())


def test_a_quarantined_value_marked_valid_beside_a_stored_one_of_a_one_value_relation_is_no_second_value(tmp_path, capsys):
    """An art museum marked valid the teacher's quarantined "Oil on poplar panel" after its own
    file had stored "oil on poplar panel": kg review apply stored both for the one-value medium,
    and the reasoner found the graph inconsistent. The same text up to case enters as the stored
    value (a further support of it); another value stays out, with the reason."""
    store = _art_store(tmp_path, ("Oil on poplar panel",), ("oil on poplar panel",))
    labels = _labels_file(tmp_path / "ana.csv", {("Mona Lisa", "medium", "Oil on poplar panel"): "valid"})
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(labels), "--store", store, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["promoted"], report["held"]) == (1, 0)
    assert _media(store) == ["oil on poplar panel"]

    store = _art_store(tmp_path / "2", ("tempera on panel",), ("oil on poplar panel",))
    labels = _labels_file(tmp_path / "bo.csv", {("Mona Lisa", "medium", "tempera on panel"): "valid"})
    capsys.readouterr()
    assert kg_exit_code("review", "apply", str(labels), "--store", store, "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["promoted"], report["held"]) == (0, 1)
    assert "can have only one medium, and it already has" in " ".join(report["notes"])
    assert _media(store) == ["oil on poplar panel"]


def test_kg_validate_store_finds_a_one_value_text_stored_twice_in_two_cases_as_the_reasoner_does(tmp_path, capsys):
    """kg validate --store passed "oil on poplar panel" beside "Oil on poplar panel" for the
    one-value medium (it reads a new text as the known one up to case), while kg reason --check
    found the two inconsistent and sent the user back to kg validate --store."""
    store = _art_store(tmp_path, (), ("oil on poplar panel", "Oil on poplar panel"))
    capsys.readouterr()
    assert kg_exit_code("validate", "--store", store, "--format", "json") == 1  # rejections found
    out = json.loads(capsys.readouterr().out)
    assert out["rejected"] == 2 and out["checks"] == {"cardinality": 2}


def test_what_was_read_as_no_fact_is_listed_with_its_reasons_and_the_exports_of_the_quarantine_say_where(tmp_path, capsys):
    """An energy user's quarantine held 309 unreadable outputs (none answers, "first power: 21
    December 2024" for a date), but kg review export --all showed 1 row and kg export -g rejected
    -f atomic 0, with no word of where the others were: they have no triple."""
    location, rows = tmp_path / "store", tmp_path / "rows.tsv"
    rows.write_text("France\tpopulation\tN/A\nSpain\tpopulation\tmany people\nFrance\tborders\tFrance\n", encoding="utf-8")
    assert kg_exit_code("init", str(location), "--domain", "geography") == 0
    assert kg_exit_code("ingest", str(rows), "--store", str(location), "--critic", "none", "-q") == 0
    capsys.readouterr()
    assert kg_exit_code("review", "export", "--store", str(location), "-o", str(tmp_path / "all.csv"), "--all") == 0
    assert "2 answers or rows in quarantine were read as no fact" in capsys.readouterr().err
    # refused: the one rejection a check made is no row of an atomic export, which says where all of them are
    assert kg_exit_code("export", "--store", str(location), "-g", "rejected", "-f", "atomic", "-o", str(tmp_path / "r.tsv")) == 2
    err = capsys.readouterr().err
    assert "kg review export --graph unreadable" in err and "kg review export --all" in err
    assert kg_exit_code("review", "export", "--store", str(location), "-g", "unreadable", "-o", str(tmp_path / "u.csv")) == 0
    found = [(r["subject"], r["relation"], r["object"], r["checks"]) for r in _rows(tmp_path / "u.csv")]
    assert found == [("Spain", "population", "many people", "unreadable"), ("France", "population", "N/A", "unreadable")]
    assert "none answer" in _rows(tmp_path / "u.csv")[1]["reasons"]
