"""`rescore`: a new learned critic re-judges a stored graph; every move is recorded, nothing is
lost, people's facts stay, and a second rescoring moves nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.critic import Critic
from kg.critics.rescore import RescoreReport, rescore
from kg.iri import mint_iri
from kg.namespaces import GRAPH
from kg.pipeline import Parts, ingest, load_domain
from kg.records import Candidate, CriticMark, Reason, Verdict
from kg.store import open_store

CS = "https://w3id.org/kgdistill/ontology/commonsense#"

ROWS = [
    {"head": "PersonX calls a friend", "relation": "xNeed", "tails": ["a phone"], "generations": ["to find a phone", "to dial"]},
    {"head": "PersonX bakes bread", "relation": "xIntent", "tails": ["to eat"], "generations": ["to eat bread", "to fly"]},
    {"head": "PersonX bakes bread", "relation": "xWant", "tails": [], "generations": ["to sell it", "to swim"]},
]


class FakeJudge:
    """A learned judge that scores (head, relation, tail) label triples by a dict of tails
    (anything else: ``default``)."""

    target_precision = 0.9

    def __init__(self, name: str, scores: dict[str, float], *, threshold: float = 0.5, default: float = 0.9) -> None:
        self.name, self.scores, self.threshold, self.default = name, scores, threshold, default
        self.seen: list[tuple[str, str, str]] = []

    @property
    def id(self) -> str:
        return f"fake:{self.name}"

    def covers(self, relation: str) -> bool:
        return True

    def score(self, triples):
        self.seen.extend(triples)
        return [self.scores.get(tail, self.default) for _head, _rel, tail in triples]


def _res(label: str) -> str:
    return str(mint_iri(label))


@pytest.fixture(scope="module")
def domain():
    return load_domain("commonsense")


def _ingest(tmp_path: Path, domain, judge: FakeJudge) -> Path:
    data = tmp_path / "atomic.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    store = tmp_path / "store"
    ingest(data, domain, store, parts=Parts(critic=Critic(model=judge)))
    return store


def _facts(st) -> set[tuple[str, str, str]]:
    return {
        (q.subject.value, q.predicate.value, q.object.value)
        for q in st.match(graph="accepted")
        if not q.predicate.value.endswith("#label")
    }


def _rejections(st) -> dict[str, tuple[tuple[str, str, str], frozenset[str]]]:
    """Rejection node → (its triple, its checks)."""
    out: dict[str, tuple] = {}
    rows = st.query(
        "SELECT ?x ?s ?p ?o ?check WHERE { ?x a kg:Rejection ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; "
        "kg:reason/kg:check ?check }",
        graph="rejected",
    )
    for x, s, p, o, check in rows:
        triple, checks = out.get(x.value, ((s.value, p.value, o.value), frozenset()))
        out[x.value] = (triple, checks | {check.value})
    return out


def _dump(st) -> set[str]:
    return {" ".join(str(t) for t in row) for row in st.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", graph="all")}


def _non_critic_rejection(st) -> None:
    """A candidate a check rejected (and the critic too): never the critic's to promote."""
    cand = Candidate(
        mint_iri("PersonX bakes bread"), URIRef(CS + "xWant"), mint_iri("to run away"),
        span="to run away", extractor="lists", subject_label="PersonX bakes bread", object_label="to run away",
    )
    st.write([Verdict(cand, False, (Reason("shape", "too long"), Reason("critic", "low")), 0.1, CriticMark("fake:gate", 0.1, 0.5))])


def test_rescore_moves_facts_both_ways_with_records_and_a_rerun_moves_nothing(tmp_path: Path, domain) -> None:
    gate = FakeJudge("gate", {"to fly": 0.1, "to swim": 0.2})
    location = _ingest(tmp_path, domain, gate)
    xneed, xintent, xwant = CS + "xNeed", CS + "xIntent", CS + "xWant"
    dial = (_res("PersonX calls a friend"), xneed, _res("to dial"))
    phone = (_res("PersonX calls a friend"), xneed, _res("a phone"))
    fly = (_res("PersonX bakes bread"), xintent, _res("to fly"))
    swim = (_res("PersonX bakes bread"), xwant, _res("to swim"))
    with open_store(location) as st:
        _non_critic_rejection(st)
        facts0, rejections0 = _facts(st), _rejections(st)
        assert dial in facts0 and phone in facts0 and fly not in facts0
        assert st.query(f"ASK {{ <{dial[2]}> ?p ?o }}", graph="inferred")  # what the rules derived from it
        assert {t for t, _ in rejections0.values()} >= {fly, swim}

        # the new critic: "to dial" (a model's tail) and "a phone" (people's) are wrong,
        # "to fly" is right, "to swim" still wrong; "to run away" would pass, but a check failed it
        judge = FakeJudge("new", {"to dial": 0.1, "a phone": 0.1, "to fly": 0.8, "to swim": 0.3, "to run away": 0.9})
        stages: dict[str, list] = {}
        before = _dump(st)
        dry = rescore(st, domain, judge, dry_run=True)
        assert _dump(st) == before  # a dry run writes nothing
        report = rescore(st, domain, judge, progress=lambda stage, advance=0, total=None: stages.setdefault(stage, []).append((advance, total)))
        assert isinstance(report, RescoreReport)
        assert (report.demoted, report.promoted, report.unchanged_rejected, report.trusted) == (1, 1, 1, 1)
        assert report.judged == report.kept + report.demoted + report.promoted + report.unchanged_rejected
        assert report.judged == len(facts0) + 2  # every fact, and the two critic-only rejections
        assert {k: v for k, v in dry.as_dict().items() if k not in ("dry_run", "seconds", "activity", "inferred")} == {
            k: v for k, v in report.as_dict().items() if k not in ("dry_run", "seconds", "activity", "inferred")
        }
        assert dry.dry_run and dry.activity is None and report.activity
        assert {"read", "score", "write"} <= set(stages)
        assert sum(a for a, _ in stages["write"]) == 2 and (0, 2) in stages["write"]
        assert _dump(st) != before

        facts1, rejections1 = _facts(st), _rejections(st)
        assert facts1 == (facts0 - {dial}) | {fly}  # the human "a phone" stays
        # nothing lost: every triple is still accepted or rejected, and the counts balance
        triples = lambda facts, rej: facts | {t for t, _ in rej.values()}  # noqa: E731
        assert triples(facts1, rejections1) == triples(facts0, rejections0)
        assert len(facts1) + len(rejections1) == len(facts0) + len(rejections0)
        assert [checks for t, checks in rejections1.values() if t == swim] == [frozenset({"critic"})]

        # the demotion: a critic rejection naming the critic, its score and the threshold,
        # derived from the fact's statement, which says who demoted it
        rows = st.query(f"""SELECT ?message ?score ?threshold ?critic ?a WHERE {{
            GRAPH <{GRAPH.rejected}> {{ ?x a kg:Rejection ; rdf:object <{dial[2]}> ; kg:reason ?r ;
                 kg:criticScore ?score ; kg:criticThreshold ?threshold ; kg:critic ?critic ;
                 prov:wasDerivedFrom ?st ; prov:wasGeneratedBy ?a . ?r kg:check "critic" ; kg:message ?message }}
            GRAPH <{GRAPH.provenance}> {{ ?st rdf:object <{dial[2]}> ; kg:demotedBy ?a .
                 ?a a kg:Rescoring ; kg:critic "fake:new" ; prov:endedAtTime ?end ;
                 kg:demotedCount 1 ; kg:promotedCount 1 }} }}""", graph="all").bindings()
        assert len(rows) == 1
        row = rows[0]
        assert "fake:new" in str(row["message"]) and "0.10" in str(row["message"]) and "0.50" in str(row["message"])
        assert float(row["score"]) == pytest.approx(0.1) and float(row["threshold"]) == 0.5
        assert str(row["critic"]) == "fake:new" and str(row["a"]) == report.activity
        # its old support (the gate's mark) is still there
        assert st.query(f"""ASK {{ ?st rdf:object <{dial[2]}> ; prov:wasDerivedFrom ?sup .
            ?sup kg:critic "fake:gate" ; kg:extractor ?e ; prov:wasDerivedFrom ?c }}""", graph="provenance")

        # the promotion: a statement with a support made from the rejection (its completion and
        # span, the new mark); the old rejection is kept in provenance, marked promoted
        old = [x for x, (t, _) in rejections0.items() if t == fly]
        assert len(old) == 1 and old[0] not in rejections1
        rows = st.query(f"""SELECT ?score ?span ?text WHERE {{
            ?st rdf:subject <{fly[0]}> ; rdf:predicate <{fly[1]}> ; rdf:object <{fly[2]}> ;
                kg:promotedBy <{report.activity}> ; prov:wasDerivedFrom ?sup .
            ?sup kg:critic "fake:new" ; kg:criticScore ?score ; kg:rawSpan ?span ; kg:promotedFrom <{old[0]}> ;
                 prov:wasDerivedFrom ?c . ?c kg:text ?text .
            <{old[0]}> a kg:Rejection ; kg:promotedBy <{report.activity}> ; kg:critic "fake:gate" ;
                 kg:reason/kg:check "critic" }}""", graph="provenance").bindings()
        assert len(rows) == 1 and float(rows[0]["score"]) == pytest.approx(0.8) and str(rows[0]["span"]) == "to fly"
        assert st.query(f'ASK {{ <{fly[2]}> rdfs:label "to fly" }}', graph="accepted")

        # the inferred graph was rebuilt: nothing is left that only the demoted fact derived
        assert report.inferred is not None and report.inferred == st.count("inferred")
        assert not st.query(f"ASK {{ <{dial[2]}> ?p ?o }}", graph="inferred")
        assert st.query(f"ASK {{ <{fly[2]}> ?p ?o }}", graph="inferred")

        # the same critic again: nothing moves, nothing is written
        after = _dump(st)
        again = rescore(st, domain, judge)
        assert (again.demoted, again.promoted, again.activity) == (0, 0, None)
        assert again.kept == len(facts1) and again.unchanged_rejected == 2  # "to dial" now stays rejected
        assert _dump(st) == after


def test_a_demoted_fact_comes_back_when_a_later_critic_accepts_it(tmp_path: Path, domain) -> None:
    location = _ingest(tmp_path, domain, FakeJudge("gate", {}))
    with open_store(location) as st:
        facts0 = _facts(st)
        first = rescore(st, domain, FakeJudge("strict", {"to eat bread": 0.2}))
        assert first.demoted == 1 and len(_facts(st)) == len(facts0) - 1
        second = rescore(st, domain, FakeJudge("lenient", {}))
        assert second.promoted == 1 and _facts(st) == facts0
        assert not _rejections(st)  # the demotion's rejection moved to provenance, marked
        rows = st.query("""SELECT ?a ?b WHERE { ?st kg:demotedBy ?a ; kg:promotedBy ?b }""", graph="provenance").bindings()
        assert [(str(r["a"]), str(r["b"])) for r in rows] == [(first.activity, second.activity)]


def test_a_promoted_candidate_keeps_the_teachers_rationale(tmp_path: Path, domain) -> None:
    location = _ingest(tmp_path, domain, FakeJudge("gate", {}))
    cand = Candidate(
        mint_iri("PersonX bakes bread"), URIRef(CS + "xWant"), mint_iri("to share it"),
        span="to share it because bread is best fresh", extractor="lists",
        subject_label="PersonX bakes bread", object_label="to share it", rationale="bread is best fresh",
    )
    with open_store(location) as st:
        st.write([Verdict(cand, False, (Reason("critic", "low"),), 0.2, CriticMark("fake:gate", 0.2, 0.5))])
        assert rescore(st, domain, FakeJudge("lenient", {})).promoted == 1
        rows = st.query(f"""SELECT ?why WHERE {{ ?st rdf:object <{mint_iri("to share it")}> ;
            prov:wasDerivedFrom ?sup . ?sup kg:promotedFrom ?x ; kg:rationale ?why }}""", graph="provenance").bindings()
        assert [str(r["why"]) for r in rows] == ["bread is best fresh"]


def test_only_the_covered_relations_are_judged(tmp_path: Path, domain) -> None:
    location = _ingest(tmp_path, domain, FakeJudge("gate", {}))

    class OnlyXNeed(FakeJudge):
        def covers(self, relation: str) -> bool:
            return relation == "xNeed"

    judge = OnlyXNeed("xneed", {})
    with open_store(location) as st:
        report = rescore(st, domain, judge, dry_run=True)
    assert {rel for _h, rel, _t in judge.seen} == {"xNeed"} and report.judged == 3


def test_the_gate_writes_the_critic_mark_into_provenance(tmp_path: Path, domain) -> None:
    location = _ingest(tmp_path, domain, FakeJudge("gate", {"to fly": 0.1, "to swim": 0.2}))
    with open_store(location) as st:
        accepted = st.query(f"""SELECT ?o ?score ?threshold WHERE {{
            GRAPH <{GRAPH.accepted}> {{ ?s ?p ?o FILTER(?p != rdfs:label) }}
            GRAPH <{GRAPH.provenance}> {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?sup .
                 ?sup kg:critic "fake:gate" ; kg:criticScore ?score ; kg:criticThreshold ?threshold }} }}""", graph="all").bindings()
        assert {str(r["o"]).rsplit("/", 1)[1] for r in accepted} == {
            "a_phone", "to_find_a_phone", "to_dial", "to_eat", "to_eat_bread", "to_sell_it",
        }
        assert {float(r["score"]) for r in accepted} == {0.9} and {float(r["threshold"]) for r in accepted} == {0.5}
        rejected = st.query("""SELECT ?o ?score ?message WHERE { ?x a kg:Rejection ; rdf:object ?o ; kg:critic "fake:gate" ;
            kg:criticScore ?score ; kg:reason ?r . ?r kg:check "critic" ; kg:message ?message }""", graph="rejected").bindings()
        assert {(str(r["o"]).rsplit("/", 1)[1], float(r["score"])) for r in rejected} == {("to_fly", 0.1), ("to_swim", 0.2)}
        assert all("fake:gate" in str(r["message"]) for r in rejected)


def test_a_crash_between_chunks_leaves_whole_chunks_and_the_next_run_finishes(tmp_path: Path, domain, monkeypatch) -> None:
    location = _ingest(tmp_path, domain, FakeJudge("gate", {"to fly": 0.1}))
    judge = FakeJudge("new", {"to dial": 0.1, "to find a phone": 0.1, "to fly": 0.8})
    with open_store(location) as st:
        facts0, rejections0 = _facts(st), _rejections(st)
        real, calls = st.update, []

        def crash_on_the_second_chunk(sparql: str) -> None:
            calls.append(sparql)
            if len(calls) == 2:
                raise OSError("killed")
            real(sparql)

        monkeypatch.setattr(st, "update", crash_on_the_second_chunk)
        with pytest.raises(OSError):
            rescore(st, domain, judge, chunk_size=1)
        monkeypatch.setattr(st, "update", real)
        # one move written whole (the fact left accepted and its rejection is there), two not
        assert len(_facts(st)) == len(facts0) - 1 and len(_rejections(st)) == len(rejections0) + 1
        unfinished = st.query("ASK { ?a a kg:Rescoring FILTER NOT EXISTS { ?a prov:endedAtTime ?t } }", graph="provenance")
        assert unfinished
        report = rescore(st, domain, judge, chunk_size=1)
        assert report.demoted + report.promoted == 2 and report.inferred is not None
        assert not st.query("ASK { ?a a kg:Rescoring FILTER NOT EXISTS { ?a prov:endedAtTime ?t } }", graph="provenance")
        done = _facts(st)
        assert rescore(st, domain, judge).activity is None and _facts(st) == done


def test_the_unfiltered_corpus_adds_what_only_the_critic_rejected(tmp_path: Path, domain) -> None:
    """The generator's `--unfiltered` corpus and rescoring read the same rejections: those whose
    every reason is the critic's (one grouped query now, where a FILTER EXISTS / NOT EXISTS per
    rejection took 285 s on a store of 21,000: bench/rejections.py)."""
    from kg.critics.rescore import _rejections as critic_only_rejections
    from kg.students.generator_data import examples_from_store

    location = _ingest(tmp_path, domain, FakeJudge("gate", {"to fly": 0.1, "to swim": 0.2}))
    with open_store(location) as st:
        _non_critic_rejection(st)
        filtered = {e.tail for e in examples_from_store(st, domain)}
        unfiltered = {e.tail for e in examples_from_store(st, domain, filtered=False)}
        assert unfiltered - filtered == {"to fly", "to swim"}  # not "to run away": a check failed it too
        from pyoxigraph import NamedNode

        assert {r.o.value.rsplit("/", 1)[-1] for r in critic_only_rejections(st, NamedNode(CS + "xWant"))} == {_res("to swim").rsplit("/", 1)[-1]}


def test_an_answer_the_form_check_rejects_is_never_promoted(tmp_path: Path, domain) -> None:
    """A rescoring at a low threshold promoted every critic-only rejection, the form check's
    (an evasive answer, the head restated) included."""
    data = tmp_path / "atomic.jsonl"
    rows = [{"head": "PersonX bakes bread", "relation": "xWant", "tails": [], "generations": ["not sure", "bakes bread", "to sell it"]}]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = tmp_path / "store"
    ingest(data, domain, store, parts=Parts(critic=Critic(model=FakeJudge("gate", {"to sell it": 0.1}))))
    with open_store(store) as st:
        report = rescore(st, domain, FakeJudge("loose", {}, threshold=0.0, default=0.9))
        assert report.promoted == 1 and report.unchanged_rejected >= 1
        assert {o for _s, _p, o in _facts(st)} & {_res("not sure"), _res("bakes bread")} == set()


def test_kg_why_says_a_fact_was_promoted_from_quarantine_and_why_it_was_there(tmp_path: Path, domain) -> None:
    """After a rescoring promoted a candidate, `kg why` showed no rejection and only the run
    whose critic had rejected it, as if that run had accepted it."""
    from reasoners.explain import explain

    location = _ingest(tmp_path, domain, FakeJudge("gate", {}))
    cand = Candidate(
        mint_iri("PersonX bakes bread"), URIRef(CS + "xWant"), mint_iri("to share it"), span="to share it",
        extractor="lists", subject_label="PersonX bakes bread", object_label="to share it",
    )
    with open_store(location) as st:
        st.write([Verdict(cand, False, (Reason("critic", "P(valid) 0.20 below its threshold 0.50"),), 0.2, CriticMark("fake:gate", 0.2, 0.5))])
        done = rescore(st, domain, FakeJudge("lenient", {}))
        result = explain(st, cand.triple, domain=domain)
    (rec,) = [r for r in result.tree.provenance if r.get("promoted_by")]
    assert rec["promoted_by"] == done.activity and rec["rejected_before"] == ["P(valid) 0.20 below its threshold 0.50"]
    assert "promoted from quarantine by" in str(result)
