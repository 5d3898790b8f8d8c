"""kg distill --strategy/--budget (issue #23): the budget holds, nothing is asked twice, the
choice is deterministic for a seed, and the grid default is unchanged."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from kg.active import Choice, GraphState, Weights, candidate_pool, choose
from kg.errors import ConfigError
from kg.pipeline import Parts, distill
from kg.teachers.base import Teacher
from kg.teachers.offline import OfflineTeacher

DEV = Path(__file__).resolve().parents[2] / "kg" / "data" / "atomic2020" / "dev.jsonl"


@pytest.fixture(scope="module")
def held_out(tmp_path_factory) -> dict[str, Path]:
    """The rows of six heads of the ATOMIC sample, and those heads as seeds."""
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    heads: list[str] = []
    for r in rows:
        if r["head"] not in heads and r["head"].startswith("PersonX"):
            heads.append(r["head"])
        if len(heads) == 6:
            break
    d = tmp_path_factory.mktemp("active")
    (d / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows if r["head"] in heads), encoding="utf-8")
    (d / "seeds.txt").write_text("\n".join(heads) + "\n", encoding="utf-8")
    return {"rows": d / "rows.jsonl", "seeds": d / "seeds.txt"}


def _config(held_out, store, **strategy):
    cfg = {
        "domain": "commonsense", "store": str(store), "teacher.spec": f"offline:{held_out['rows']}",
        "teacher.no_cache": True, "prompts.seeds_file": str(held_out["seeds"]), "prompts.shots": 1,
        "critic.model": "none", "run.materialize": False, "strategy.students": [],
    }
    cfg.update({f"strategy.{k}": v for k, v in strategy.items()})
    return cfg


def _run(held_out, store, **strategy):
    teacher = OfflineTeacher(held_out["rows"])
    report = distill(_config(held_out, store, **strategy), parts=Parts(teacher=teacher))
    return report, teacher


def _pairs(report):
    return [(c["head"], c["relation"]) for r in report.strategy["rounds"] for c in r["chosen"]]


@pytest.mark.parametrize("kind", ["grid", "random", "active"])
def test_the_budget_is_never_exceeded(held_out, tmp_path, kind):
    report, teacher = _run(held_out, tmp_path / "s", kind=kind, budget=7, rounds=3)
    assert report.strategy["spent"] == 7 and report.strategy["budget"] == 7
    assert teacher.stats.paid == 7 == report.prompts
    assert [r["calls"] for r in report.strategy["rounds"]] == [3, 2, 2]


def test_samples_count_as_calls(held_out, tmp_path):
    cfg = _config(held_out, tmp_path / "s", kind="active", budget=7, rounds=2) | {"teacher.samples": 2}
    teacher = OfflineTeacher(held_out["rows"])
    report = distill(cfg, parts=Parts(teacher=teacher))
    assert teacher.stats.paid == report.strategy["spent"] == 6  # 3 prompts x 2 samples; a 4th would be 8


def test_a_prompt_already_answered_is_never_asked_again(held_out, tmp_path):
    store = tmp_path / "s"
    first, _ = _run(held_out, store, kind="random", budget=5, rounds=1)
    second, _ = _run(held_out, store, kind="active", budget=5, rounds=2, seed=1)
    grid, _ = _run(held_out, store, kind="grid", budget=50, rounds=1, seed=2)
    asked = _pairs(first) + _pairs(second) + _pairs(grid)
    assert len(asked) == len(set(asked))
    # the grid ran the pool dry: every pair the data answers was asked exactly once
    teacher = OfflineTeacher(held_out["rows"])
    assert sorted(asked) == sorted(teacher.pairs())
    again, paid = _run(held_out, store, kind="active", budget=5, rounds=1, seed=3)
    assert again.strategy["spent"] == 0 and paid.stats.paid == 0
    assert any("nothing left to ask" in n for n in again.notes)


def test_the_choice_is_deterministic_for_a_seed(held_out, tmp_path):
    a, _ = _run(held_out, tmp_path / "a", kind="active", budget=6, rounds=2, seed=4)
    b, _ = _run(held_out, tmp_path / "b", kind="active", budget=6, rounds=2, seed=4)
    assert _pairs(a) == _pairs(b)
    r1, _ = _run(held_out, tmp_path / "c", kind="random", budget=6, rounds=2, seed=4)
    r2, _ = _run(held_out, tmp_path / "d", kind="random", budget=6, rounds=2, seed=5)
    assert _pairs(r1) != _pairs(r2)


def test_each_choice_is_explained_in_the_run_record(held_out, tmp_path):
    from kg.namespaces import KG
    from kg.store import open_store

    report, _ = _run(held_out, tmp_path / "s", kind="active", budget=4, rounds=2, w_sparse=1.0)
    store = open_store(str(tmp_path / "s"))
    try:
        rows = store.query(f"SELECT ?j WHERE {{ <{report.run}> <{KG.batchDone}> ?b . ?b <{KG.promptsJson}> ?j }}",
                           graph="provenance").bindings()
        saved = [c for row in rows for c in json.loads(str(row["j"]))]
    finally:
        store.close()
    assert len(saved) == 4
    assert all(c["why"].startswith("sparse 1.00 x 1, yields") and "signals" in c for c in saved)


def test_the_grid_default_is_unchanged(held_out, tmp_path):
    cfg = _config(held_out, tmp_path / "s")
    del cfg["strategy.students"]
    teacher = OfflineTeacher(held_out["rows"])
    report = distill(cfg, parts=Parts(teacher=teacher))
    from kg.ontology import load_domain

    relations = len(load_domain("commonsense").relations)
    assert report.strategy is None
    # every event relation of every seed (the 5 of physical entities are no event's), answerable or not
    assert report.prompts == 6 * (relations - 5) == teacher.stats.paid
    explicit = distill(cfg | {"strategy.kind": "grid", "strategy.budget": 0}, parts=Parts(teacher=OfflineTeacher(held_out["rows"])))
    assert explicit.run == report.run and explicit.batches_resumed == explicit.batches  # the same run


def test_random_and_active_need_a_budget(held_out, tmp_path):
    with pytest.raises(ConfigError, match="needs --budget"):
        _run(held_out, tmp_path / "s", kind="active")


# -- choose(), on tiny pools ----------------------------------------------------------------


SIGNALS_ON = Weights(sparse=1.0, unsure=1.0, disagree=1.0, conflict=1.0, yields=1.0)
"""Every signal weighted (the product's default is the yield signal alone)."""


class _Student:
    def __init__(self, name, tails):
        self.name, self.tails = name, tails

    def propose(self, pairs, k):
        return [list(self.tails.get(p, []))[:k] for p in pairs]


class _Judge:
    threshold = 0.5

    def __init__(self, scores):
        self.scores = scores

    def score(self, triples):
        return [self.scores.get(t[2], 0.99) for t in triples]


def test_sparse_prefers_the_head_the_graph_knows_least():
    state = GraphState()
    state.facts.update({"a": 5, "b": 0})
    pool = [("a", "r"), ("b", "r")]
    assert [c.head for c in choose(pool, 1, strategy="active", seed=0, state=state, weights=SIGNALS_ON)] == ["b"]


def test_disagreement_and_an_unsure_critic_raise_a_pair():
    pool = [("a", "r"), ("b", "r"), ("c", "r")]
    agree = {("a", "r"): ["x"], ("b", "r"): ["x"], ("c", "r"): ["x"]}
    other = {("a", "r"): ["x"], ("b", "r"): ["y"], ("c", "r"): ["x"]}
    picked = choose(pool, 1, strategy="active", seed=0, proposers=[_Student("one", agree), _Student("two", other)], weights=SIGNALS_ON)
    assert picked[0].head == "b" and picked[0].signals["disagree"] == 1.0 and "two proposes 'y'" in picked[0].why
    judge = _Judge({"x": 0.99, "y": 0.99})
    unsure = {("c", "r"): ["z"]}
    picked = choose(pool, 1, strategy="active", seed=0, proposers=[_Student("one", unsure)],
                    judge=_Judge({"z": 0.5}), weights=replace(SIGNALS_ON, disagree=0.0))
    assert picked[0].head == "c" and picked[0].signals["unsure"] == 1.0
    assert judge.score([("a", "r", "x")]) == [0.99]


def test_absent_students_and_critic_are_noted_and_skipped():
    notes: list[str] = []
    out = choose([("a", "r")], 1, strategy="active", seed=0, proposers=[_Student("one", {})], notes=notes, weights=SIGNALS_ON)
    assert out[0].signals["unsure"] is None and out[0].signals["disagree"] is None
    assert any("disagree signal is skipped" in n for n in notes) and any("no learned critic" in n for n in notes)


def test_choose_does_not_depend_on_the_pool_order():
    pool = [(f"h{i}", r) for i in range(30) for r in ("r1", "r2")]
    shuffled = list(pool)
    random.Random(1).shuffle(shuffled)
    for strategy in ("random", "active"):
        assert choose(pool, 7, strategy=strategy, seed=3) == choose(shuffled, 7, strategy=strategy, seed=3)


def test_the_pool_leaves_out_answered_pairs_and_what_the_teacher_cannot_answer():
    class Teacher:
        def covers(self, head, relation):
            return relation != "never"

    pool = candidate_pool(["A", "a "], ["B"], ["r", "never"], answered={("b", "r")}, teacher=Teacher())
    assert pool == [("A", "r")]
    assert isinstance(choose(pool, 1, strategy="grid", seed=0)[0], Choice)


# -- the command and the students ------------------------------------------------------------


def _kg(capsys, *argv):
    from kg.cli import main

    try:
        main(list(argv))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_kg_distill_strategy_budget_and_weights(capsys, held_out, tmp_path):
    config = tmp_path / "kg.toml"
    config.write_text("[strategy]\nstudents = []\n[critic]\nmodel = \"none\"\n", encoding="utf-8")  # no students to train: fast
    base = ["distill", "--domain", "commonsense", "--teacher", f"offline:{held_out['rows']}", "--store", str(tmp_path / "s"),
            "--config", str(config), "--seeds", str(held_out["seeds"]), "--shots", "1", "--no-materialize", "-q"]
    code, out, err = _kg(capsys, *base, "--strategy", "active", "--budget", "5", "--strategy-rounds", "2",
                         "--signal-weight", "sparse=2", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["strategy"]["spent"] == 5 and report["prompts"] == 5
    assert all(" x 2" in c["why"] for r in report["strategy"]["rounds"] for c in r["chosen"])
    code, out, err = _kg(capsys, *base, "--strategy", "active", "--budget", "2", "--signal-weight", "loud=2")
    assert code != 0 and "--signal-weight 'loud=2'" in err and "Traceback" not in err


def test_kg_distill_generator_and_yield_critic_reach_the_run(capsys, held_out, tmp_path):
    from kg.ontology import load_domain
    from kg.students.generator import train_generator
    from kg.students.generator_data import Example

    templates = {n: r.verbalization for n, r in load_domain("commonsense").relations.items()}
    train_generator([Example("PersonX plays a game", "xWant", "to win")], templates=templates).save(tmp_path / "gen")
    config = tmp_path / "kg.toml"
    config.write_text("[strategy]\nstudents = []\n[critic]\nmodel = \"none\"\n", encoding="utf-8")
    base = ["distill", "--domain", "commonsense", "--teacher", f"offline:{held_out['rows']}", "--config", str(config),
            "--seeds", str(held_out["seeds"]), "--shots", "1", "--no-materialize", "-q", "--format", "json",
            "--strategy", "active", "--budget", "2", "--generator", str(tmp_path / "gen")]
    code, out, err = _kg(capsys, *base, "--store", str(tmp_path / "s"))
    assert code == 0, err
    assert "strategy.generator: no learned critic, the yield signal's critic term is skipped" in json.loads(out)["notes"]
    code, out, err = _kg(capsys, *base, "--store", str(tmp_path / "t"), "--yield-critic", "0")
    assert code == 0, err
    assert not any("critic term" in n for n in json.loads(out)["notes"])  # weighted 0: not asked, nothing to note
    (tmp_path / "empty").mkdir()
    for bad, said in [
        (["--generator", str(tmp_path / "nowhere")], "no such directory"),
        (["--generator", str(tmp_path / "empty")], "not a saved generator (no generator.json)"),
        (["--yield-critic", "-1"], "--yield-critic -1.0: a weight is 0 or more"),
    ]:
        code, out, err = _kg(capsys, *base, "--store", str(tmp_path / "u"), *bad)
        assert code != 0 and said in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1, err


@pytest.mark.slow  # trains a link predictor and mines rules (~20 s with their imports)
def test_students_trained_for_the_signals_or_noted_absent(held_out, tmp_path):
    store = tmp_path / "s"
    cfg = _config(held_out, store, kind="active", budget=12, rounds=2, student_seconds=2) | {
        "strategy.students": ["linkpred", "rules"], "strategy.w_unsure": 1.0, "strategy.w_disagree": 1.0,
    }
    report = distill(cfg, parts=Parts(teacher=OfflineTeacher(held_out["rows"])))
    first, second = report.strategy["rounds"]
    assert any("student linkpred absent" in n for n in first["notes"])  # nothing to train on yet
    assert not any("student rules absent" in n for n in second["notes"]), second["notes"]
    assert report.strategy["spent"] == 12
    assert second["prompts"] == 6


def test_students_are_not_trained_when_no_signal_asks_them(held_out, tmp_path):
    cfg = _config(held_out, tmp_path / "s", kind="active", budget=4, rounds=2, w_unsure=0.0, w_disagree=0.0) | {
        "strategy.students": ["linkpred"]
    }
    report = distill(cfg, parts=Parts(teacher=OfflineTeacher(held_out["rows"])))
    notes = [n for r in report.strategy["rounds"] for n in r["notes"]]
    assert not any("student linkpred" in n for n in notes), notes  # an empty graph: training would have been noted
    assert all("the students are not asked" in n for n in notes) and len(notes) == 2


MUSIC = Path(__file__).resolve().parents[1] / "extractors" / "music"


class _ComposerTeacher(Teacher):
    """Answers as a chat model about one composer, and nothing else."""

    backend = "composers"
    ANSWERS = {"born?": "Bergen, Norway", "teachers of Edvard Grieg": "Ignaz Moscheles, Carl Reinecke",
               "country is the city Bergen": "Norway"}

    def _run(self, jobs, params, sink) -> None:
        for job in jobs:
            last = job.prompt.text.strip().splitlines()[-1]
            answer = next((a for k, a in self.ANSWERS.items() if k in last), "I don't know.")
            for i in job.sample_indices:
                sink.completed(job, i, answer, finish_reason="stop")


def test_a_named_entity_domain_asks_what_the_graph_names_by_type(tmp_path):
    """The pool held the seeds and the subjects of accepted facts only: after 'Edvard Grieg
    bornIn Bergen' and his teachers, --strategy active had 'nothing left to ask', and it asked a
    city whom it studied with. Now the entities facts name are heads too, asked only relations
    whose domain class their types are not disjoint with."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("Edvard Grieg\n", encoding="utf-8")
    cfg = {"domain": str(MUSIC), "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds_file": str(seeds),
           "prompts.shots": 0, "critic.model": "none", "strategy.students": [], "strategy.kind": "grid", "strategy.rounds": 1}
    first = distill(cfg | {"strategy.budget": 7}, parts=Parts(teacher=_ComposerTeacher("t")))
    assert first.accepted == 3  # Bergen, Moscheles, Reinecke
    second = distill(cfg | {"strategy.budget": 100}, parts=Parts(teacher=_ComposerTeacher("t")))
    asked = set(_pairs(second))
    assert ("Bergen", "locatedIn") in asked and ("Carl Reinecke", "studiedWith") in asked
    assert not {("Bergen", "studiedWith"), ("Bergen", "birthDate"), ("Carl Reinecke", "locatedIn")} & asked
    assert not any(head == "Edvard Grieg" for head, _ in asked)  # all seven asked in the first run


def test_the_grid_by_type_does_not_ask_a_head_a_relation_of_another_class(tmp_path):
    """The grid asks every relation of every seed: with 'Bergen' known as a city (Grieg was born
    there), 'Who were the teachers of Bergen?' and five more went to the teacher. With
    prompts.by_type (--by-type) they are left out; the geography tour asks 58 prompts instead of
    70 (12 such: 'Sydney is a city.' came back) and accepts the same 191 facts."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("Edvard Grieg\n", encoding="utf-8")
    cfg = {"domain": str(MUSIC), "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds_file": str(seeds),
           "prompts.shots": 0, "critic.model": "none"}
    first = distill(cfg, parts=Parts(teacher=_ComposerTeacher("t")))
    assert first.prompts == 7 and first.accepted == 3
    seeds.write_text("Bergen\n", encoding="utf-8")
    asks_all = distill(cfg | {"store": str(tmp_path / "other")}, parts=Parts(teacher=_ComposerTeacher("t")))
    assert asks_all.prompts == 7  # the default: every relation of every seed, and a note
    teacher = _ComposerTeacher("t")
    second = distill(cfg | {"prompts.by_type": True}, parts=Parts(teacher=teacher))
    assert second.prompts == 1 == teacher.stats.paid and second.accepted == 1  # Bergen locatedIn Norway
    assert any("6 prompts not asked" in n for n in second.notes)


def test_a_domain_typed_by_form_knows_an_event_head_from_its_words(tmp_path):
    """Commonsense seeds are typed by their wording, not by the store: the grid asked 'PersonX
    burns the toast' what it is used for, where it is and what it desires (5 of the 23 relations
    need a physical entity), 50 of a user's 230 calls, each answer rejected ('domain'), and no
    note said so. Now they are counted, and prompts.by_type leaves them out."""
    from kg.ontology import load_domain

    from kg.active import type_fit

    fits = type_fit(load_domain("commonsense"), {})
    event_only = {"AtLocation", "CapableOf", "Desires", "NotDesires", "ObjectUse"}
    assert {r for r in load_domain("commonsense").relations if not fits("PersonX burns the toast", r)} == event_only
    assert all(fits("umbrella", r) for r in load_domain("commonsense").relations)  # a noun: no form, asked all
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX burns the toast\numbrella\n", encoding="utf-8")
    cfg = {"domain": "commonsense", "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds_file": str(seeds),
           "prompts.shots": 0, "critic.model": "none", "prompts.by_type": True}
    teacher = _ComposerTeacher("t")
    report = distill(cfg, parts=Parts(teacher=teacher))
    assert report.prompts == 2 * 23 - 5 == teacher.stats.paid
    assert any("5 prompts not asked" in n for n in report.notes)


def test_a_domain_typed_by_form_asks_an_event_head_its_event_relations_by_default(tmp_path):
    """By default the grid asked an event head all 23 commonsense relations, 5 of them (AtLocation,
    CapableOf, ...) relations of physical entities whose answers the domain check rejects: 15 of
    a user's 69 prompts. Now a domain that tells the one from the other by wording leaves them
    out unless told otherwise (prompts.by_type = false, --every-relation), and says so; a domain
    of names still asks every relation by default."""
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("PersonX burns the toast\numbrella\n", encoding="utf-8")
    cfg = {"domain": "commonsense", "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds_file": str(seeds),
           "prompts.shots": 0, "critic.model": "none"}
    report = distill(cfg, parts=Parts(teacher=_ComposerTeacher("t")))
    assert report.prompts == 2 * 23 - 5
    assert any("5 prompts not asked" in n and "--every-relation" in n for n in report.notes)
    every = distill(cfg | {"store": str(tmp_path / "every"), "prompts.by_type": False}, parts=Parts(teacher=_ComposerTeacher("t")))
    assert every.prompts == 2 * 23 and any("--by-type" in n for n in every.notes)


class _FlakyOffline(OfflineTeacher):
    """The offline teacher, failing every third prompt it is asked the first time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[tuple[str, str]] = []

    def _run(self, jobs, params, sink) -> None:
        ok = []
        for job in jobs:
            self.asked.append((job.prompt.head, job.prompt.relation))
            if len(self.asked) % 3 == 0 and self.asked.count(self.asked[-1]) == 1:
                sink.request()
                sink.failed(job, job.sample_indices, "HTTP 500")
            else:
                ok.append(job)
        super()._run(ok, params, sink)


def test_a_round_with_a_failed_prompt_does_not_pay_for_its_answered_pairs_again(held_out, tmp_path):
    """A round one of whose prompts failed was never finished, and only finished rounds' pairs
    left the pool: later rounds of the same run chose its answered pairs again (36 distinct
    pairs for 40 calls against a server failing some requests), paying twice."""
    teacher = _FlakyOffline(held_out["rows"])
    cfg = _config(held_out, tmp_path / "s", kind="active", budget=12, rounds=4)
    report = distill(cfg, parts=Parts(teacher=teacher))
    chosen = _pairs(report)
    assert report.failed_prompts and len(chosen) == 12
    assert len(set(chosen)) == len(chosen), chosen
    assert report.requests == teacher.stats.requests == len(teacher.asked)  # what was sent, failures included


def test_tokens_an_attempt_paid_are_counted_when_its_round_is_resumed(held_out, tmp_path):
    """Answers are cached as they arrive but a round's counts are written when it finishes: a
    rerun found the answers an unfinished attempt had paid for in the cache, and counted them as
    free cache hits with no tokens (4,580 reported against the server's 4,926)."""
    from kg.teachers.cache import CompletionCache

    cache = tmp_path / "cache.sqlite"
    cfg = {**_config(held_out, tmp_path / "s", kind="random", budget=9, rounds=1), "teacher.no_cache": False}
    first = _FlakyOffline(held_out["rows"], cache=CompletionCache(cache))
    distill(cfg, parts=Parts(teacher=first))
    paid = first.stats.prompt_tokens + first.stats.completion_tokens
    second = OfflineTeacher(held_out["rows"], cache=CompletionCache(cache))
    again = distill(cfg, parts=Parts(teacher=second))
    assert (second.stats.hits, second.stats.resumed) == (0, 6)
    assert again.tokens == paid + second.stats.prompt_tokens + second.stats.completion_tokens


def test_weights_that_choose_nothing_are_refused(held_out, tmp_path):
    for weights in ({"w_yields": 0.0}, {"w_sparse": float("inf")}):
        with pytest.raises(ConfigError):
            distill(_config(held_out, tmp_path / "s", kind="active", budget=4, **weights), parts=Parts(teacher=OfflineTeacher(held_out["rows"])))


def test_kg_runs_says_what_a_budgeted_run_spent(held_out, tmp_path, capsys):
    """`kg runs` showed no strategy, budget or spend: a run stopped midway said "unfinished"
    with no word of the calls paid."""
    from kg.cli import main

    report, _ = _run(held_out, tmp_path / "s", kind="random", budget=6, rounds=2)
    capsys.readouterr()
    main(["runs", "--store", str(tmp_path / "s"), "--format", "json"])
    (run,) = json.loads(capsys.readouterr().out)
    assert (run["strategy"], run["budget"], run["spent"]) == ("random", 6, report.strategy["spent"])
    main(["runs", "--store", str(tmp_path / "s")])
    assert f"{report.strategy['spent']} of 6 calls" in " ".join(capsys.readouterr().out.split())
