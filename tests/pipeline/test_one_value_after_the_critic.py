"""A second value of a relation of one value, turned away for a first value that the critic then
rejects, is judged on its own (kg.pipeline's checks): the mountaineer's "Tenzing Norgay can have
only one nationality, and it already has Nepal", with Nepal rejected and never stored."""

from __future__ import annotations

import json

from kg.critic import Critic
from kg.pipeline import Parts, distill
from kg.records import Reason, Verdict
from kg.store import open_store
from tests.pipeline.conftest import accepted_set, geography_prompts, rejected_set

CAPITALS = ["1. Fredville", "1. Fredville", "1. Marxton"]
"""Freedonia's capital in three samples: a country the reference graph does not know."""


class RejectsFredville(Critic):
    """A critic at threshold 0 (it accepts what passed the checks), except that it rejects every
    candidate whose object is Fredville."""

    def judge(self, verdicts, **kwargs):
        out = super().judge(verdicts, **kwargs)
        return [
            Verdict.reject(v.candidate, Reason("critic", "confidence 0.10 below the threshold 0.60"), confidence=0.1)
            if v.accepted and v.candidate.object_label == "Fredville" else v
            for v in out
        ]


def _config(tmp_path, store) -> dict:
    transcript, seeds = tmp_path / "transcript.jsonl", tmp_path / "seeds.txt"
    with transcript.open("w", encoding="utf-8") as fh:
        for prompt in geography_prompts(["Freedonia"]):
            answers = CAPITALS if prompt.relation == "hasCapital" else ["I don't know."] * 3
            fh.write(json.dumps({"prompt": prompt.text, "completions": answers}) + "\n")
    seeds.write_text("Freedonia\n", encoding="utf-8")
    return {
        "domain": "geography", "store": str(store), "teacher.spec": f"replay:{transcript}",
        "prompts.seeds_file": str(seeds), "teacher.samples": 3, "critic.model": "none",
    }


def _capitals(store_path) -> tuple[set, set]:
    with open_store(store_path) as store:
        accepted = {o for s, p, o in accepted_set(store) if (s, p) == ("freedonia", "hasCapital")}
        rejected = {(o, c) for s, p, o, c in rejected_set(store) if (s, p) == ("freedonia", "hasCapital")}
    return accepted, rejected


def test_a_value_turned_away_for_one_the_critic_rejected_is_judged_on_its_own(tmp_path):
    """Fredville in two samples, Marxton in one. Fredville is judged first and the critic rejects
    it; Marxton is then no second capital, and the critic (which accepts it) decides."""
    distill(_config(tmp_path, tmp_path / "store"), parts=Parts(critic=RejectsFredville(threshold=0.0)))
    accepted, rejected = _capitals(tmp_path / "store")
    assert accepted == {"marxton"}
    assert rejected == {("fredville", "critic")}


def test_a_value_turned_away_for_a_stored_one_stays_rejected(tmp_path):
    """With Fredville stored as the capital by an earlier run, a rerun's Marxton is still a
    second capital, whatever the critic says of the rerun's Fredville."""
    cfg = _config(tmp_path, tmp_path / "store")
    distill(cfg, parts=Parts(critic=Critic(threshold=0.0)))
    assert _capitals(tmp_path / "store")[0] == {"fredville"}
    distill(cfg | {"run.again": True}, parts=Parts(critic=RejectsFredville(threshold=0.0)))
    accepted, rejected = _capitals(tmp_path / "store")
    assert accepted == {"fredville"} and ("marxton", "cardinality") in rejected
