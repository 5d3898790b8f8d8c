"""The expected-yield signal of the active loop (kg.active.yields): it learns, from the prompts
already asked, which relations (and heads) bring accepted facts, and moves calls there."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kg.active import GraphState, Weights, YieldModel, choose, key, observations
from kg.pipeline import Parts, distill
from kg.teachers.offline import OfflineTeacher

YIELDS_ONLY = {"w_sparse": 0.0, "w_unsure": 0.0, "w_disagree": 0.0, "w_conflict": 0.0, "w_yields": 1.0}


@pytest.fixture()
def scripted(tmp_path):
    """Twelve heads; the teacher answers xWant with nine tails, oReact and xAttr with one."""
    heads = [f"PersonX plays game {i}" for i in range(12)]
    rows = []
    for h in heads:
        rows.append({"head": h, "relation": "xWant", "generations": [f"to win round {j} of {h[-2:]}" for j in range(9)]})
        rows.append({"head": h, "relation": "oReact", "generations": ["happy"]})
        rows.append({"head": h, "relation": "xAttr", "generations": ["playful"]})
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "seeds.txt").write_text("\n".join(heads) + "\n", encoding="utf-8")
    return tmp_path


def _distill(d, kind, store, **strategy):
    cfg = {
        "domain": "commonsense", "store": str(d / store), "teacher.spec": f"offline:{d / 'rows.jsonl'}",
        "teacher.no_cache": True, "prompts.seeds_file": str(d / "seeds.txt"), "prompts.shots": 1,
        "critic.model": "none", "run.materialize": False, "strategy.students": [],
        "strategy.kind": kind, "strategy.budget": 12, "strategy.rounds": 4, "strategy.seed": 1,
    }
    cfg.update({f"strategy.{k}": v for k, v in strategy.items()})
    return distill(cfg, parts=Parts(teacher=OfflineTeacher(d / "rows.jsonl")))


def test_the_chooser_moves_calls_to_the_relation_that_yields(scripted):
    report = _distill(scripted, "active", "a", **YIELDS_ONLY)
    rounds = report.strategy["rounds"]
    first = Counter(c["relation"] for c in rounds[0]["chosen"])
    assert first == {"xWant": 1, "oReact": 1, "xAttr": 1}  # nothing known yet: one call per relation
    later = Counter(c["relation"] for r in rounds[1:] for c in r["chosen"])
    assert later["xWant"] >= 8, later  # of 9: it learnt that xWant brings nine facts a call
    why = [c["why"] for r in rounds[1:] for c in r["chosen"] if c["relation"] == "xWant"]
    assert all("relation xWant yielded 9.0 accepted/call so far" in w for w in why), why
    assert report.strategy["spent"] == 12
    random = _distill(scripted, "random", "r")
    assert report.accepted > 1.5 * random.accepted


def test_yields_are_learnt_from_earlier_runs_in_the_store(scripted):
    _distill(scripted, "random", "s", budget=6, rounds=1)
    report = _distill(scripted, "active", "s", budget=3, rounds=1, seed=2, **YIELDS_ONLY)
    assert [c["relation"] for c in report.strategy["rounds"][0]["chosen"]] == ["xWant"] * 3


def _state(seen: dict[tuple[str, str], int]) -> GraphState:
    state = GraphState()
    for (head, rel), n in seen.items():
        state.asked[(key(head), rel)] = 1
        state.facts_by_relation[(key(head), f"r:{rel}")] += n
    return state


def test_a_head_like_those_that_yielded_well_is_expected_to_yield_more():
    state = _state({("PersonX bakes bread", "a"): 8, ("PersonX bakes a cake", "a"): 8,
                    ("PersonX fixes the car", "a"): 0, ("PersonX fixes the bike", "a"): 0})
    iris = {"a": "r:a", "b": "r:b"}
    model = YieldModel(observations(state, iris))
    assert model.estimate("PersonX bakes cookies", "b").mean > model.estimate("PersonX fixes the roof", "b").mean
    flat = YieldModel(observations(state, iris), heads=0.0)
    assert flat.estimate("PersonX bakes cookies", "b").mean == flat.estimate("PersonX fixes the roof", "b").mean


def test_exploration_spreads_a_round_over_relations_it_knows_little_about():
    pool = [(f"h{i}", r) for i in range(5) for r in ("a", "b", "c")]
    weights = Weights(sparse=0, unsure=0, disagree=0, conflict=0)
    picked = choose(pool, 3, strategy="active", seed=0, weights=weights)
    assert sorted(c.relation for c in picked) == ["a", "b", "c"]
    # without exploration, once "a" is known to yield it takes every call
    state = _state({("h9", "a"): 5, ("h8", "b"): 1})
    greedy = choose(pool, 3, strategy="active", seed=0, state=state, relation_iris={r: f"r:{r}" for r in "abc"},
                    weights=Weights(sparse=0, unsure=0, disagree=0, conflict=0, explore=0.0))
    assert [c.relation for c in greedy] == ["a", "a", "a"]


class _Judge:
    """A stand-in learned critic: it accepts the tail "holds" and nothing else."""

    threshold = 0.5

    def score(self, triples):
        return [0.9 if t == "holds" else 0.1 for _, _, t in triples]


class _Generator:
    """A stand-in generator student: "holds" for the heads in ``good``, "fails" for the others."""

    name = "generator"

    def __init__(self, good):
        self.good = set(good)

    def propose(self, pairs, k):
        return [["holds" if h in self.good else "fails"] for h, _ in pairs]


def test_the_critics_view_of_a_pair_moves_calls_to_the_pairs_it_accepts_the_generator_for():
    pool = [(f"PersonX does thing {i}", "a") for i in range(6)]
    state = _state({("PersonX knew this", "a"): 3, ("PersonX knew that", "a"): 1})
    iris = {"a": "r:a"}
    good = {"PersonX does thing 4", "PersonX does thing 5"}
    weights = Weights(sparse=0, unsure=0, disagree=0, conflict=0, explore=0.0, critic=1.0)
    picked = choose(pool, 2, strategy="active", seed=0, state=state, relation_iris=iris, weights=weights,
                    proposers=[_Generator(good)], judge=_Judge())
    assert {c.head for c in picked} == good
    assert all("the critic accepts 100% of what the generator proposes for it" in c.why for c in picked), picked[0].why
    # weighted 0, or without a generator student, the critic is not asked and the choice is the bandit's
    plain = choose(pool, 2, strategy="active", seed=0, state=state, relation_iris=iris,
                   weights=Weights(sparse=0, unsure=0, disagree=0, conflict=0, explore=0.0, critic=0.0))
    for other in ([_Generator(good)], []):
        off = choose(pool, 2, strategy="active", seed=0, state=state, relation_iris=iris, proposers=other, judge=_Judge(),
                     weights=Weights(sparse=0, unsure=0, disagree=0, conflict=0, explore=0.0, critic=0.0 if other else 1.0))
        assert [c.head for c in off] == [c.head for c in plain]
    assert {c.head for c in plain} != good


def test_the_critic_term_is_in_accepted_facts_per_call_around_the_relations_mean():
    state = _state({("h9", "a"): 4})
    state.rejected[(key("h9"), "r:a")] += 4  # eight answers a call on a, half accepted
    model = YieldModel(observations(state, {"a": "r:a"}), critic={("h1", "a"): 0.75, ("h2", "a"): 0.25}, critic_weight=1.0)
    assert model.critic_term("h1", "a") == pytest.approx(0.25 * 8)
    assert model.critic_term("h2", "a") == pytest.approx(-0.25 * 8)
    assert model.critic_term("h3", "a") == 0.0  # no share: nothing from the critic
    assert YieldModel(observations(state, {"a": "r:a"}), critic={("h1", "a"): 0.75}).critic_term("h1", "a") == 0.0


class _GateJudge:
    """A stand-in learned critic for a whole run: it accepts every tail but "fails"."""

    target_precision = 0.9
    threshold = 0.5
    id = "fake:gate"

    def covers(self, relation: str) -> bool:
        return True

    def score(self, triples):
        return [0.1 if t == "fails" else 0.9 for _, _, t in triples]


@pytest.mark.slow  # indexes a generator with MiniLM
def test_a_saved_generator_feeds_the_critic_term_of_a_run(scripted, tmp_path):
    from kg.critic import Critic
    from kg.config import load_config
    from kg.ontology import load_domain
    from kg.students.generator import train_generator
    from kg.students.generator_data import Example

    domain = load_domain("commonsense")
    examples = [Example(f"PersonX plays game {i}", r, "fails") for i in range(3) for r in ("xWant", "oReact", "xAttr")]
    train_generator(examples, templates={n: r.verbalization for n, r in domain.relations.items()}).save(tmp_path / "gen")
    base = {
        "domain": "commonsense", "store": str(tmp_path / "s"), "teacher.spec": f"offline:{scripted / 'rows.jsonl'}",
        "teacher.no_cache": True, "prompts.seeds_file": str(scripted / "seeds.txt"), "prompts.shots": 1,
        "run.materialize": False, "strategy.students": [], "strategy.kind": "active", "strategy.budget": 3,
        "strategy.rounds": 1, **{f"strategy.{k}": v for k, v in YIELDS_ONLY.items()},
    }
    cfg = load_config(None, base | {"strategy.generator": str(tmp_path / "gen")})
    critic = Critic.from_config(cfg.critic, domain=domain, model=_GateJudge())
    report = distill(cfg, parts=Parts(domain=domain, teacher=OfflineTeacher(scripted / "rows.jsonl"), critic=critic))
    why = [c["why"] for c in report.strategy["rounds"][0]["chosen"]]
    assert all("the critic accepts 0% of what the generator proposes for it" in w for w in why), why
    plain = load_config(None, base | {"store": str(tmp_path / "p")})
    report = distill(plain, parts=Parts(domain=domain, teacher=OfflineTeacher(scripted / "rows.jsonl"), critic=critic))
    assert any("no [strategy] generator given" in n for n in report.notes), report.notes
    assert not any("the critic accepts" in c["why"] for c in report.strategy["rounds"][0]["chosen"])


def test_a_bad_strategy_generator_starts_no_run(scripted, tmp_path):
    from kg.config import load_config
    from kg.critic import Critic
    from kg.errors import StudentError
    from kg.ontology import load_domain
    from kg.pipeline import run_history
    from kg.store import init_store, open_store

    init_store(tmp_path / "s").close()  # an existing store: a store the run created is removed on failure
    domain = load_domain("commonsense")
    cfg = load_config(None, {
        "domain": "commonsense", "store": str(tmp_path / "s"), "teacher.spec": f"offline:{scripted / 'rows.jsonl'}",
        "teacher.no_cache": True, "prompts.seeds_file": str(scripted / "seeds.txt"), "prompts.shots": 1,
        "run.materialize": False, "strategy.students": [], "strategy.kind": "active", "strategy.budget": 3,
        "strategy.rounds": 1, "strategy.generator": str(tmp_path / "nowhere"),
        **{f"strategy.{k}": v for k, v in YIELDS_ONLY.items()},
    })
    critic = Critic.from_config(cfg.critic, domain=domain, model=_GateJudge())
    with pytest.raises(StudentError, match="no generator in"):
        distill(cfg, parts=Parts(domain=domain, teacher=OfflineTeacher(scripted / "rows.jsonl"), critic=critic))
    with open_store(tmp_path / "s") as store:
        assert run_history(store) == []
