"""The offline teacher answers (head, relation) list prompts from a dataset and counts calls."""

from __future__ import annotations

import json

import pytest

from kg.errors import ConfigError, TeacherError
from kg.ontology import load_domain
from kg.prompts import build_prompts
from kg.teachers import make_teacher
from kg.teachers.offline import NOTHING, OfflineTeacher


@pytest.fixture
def data(tmp_path):
    rows = [
        {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat"],
         "generations": ["to eat it", "none", "to eat it", "to share it"], "greedy": "to eat it"},
        {"head": "PersonX bakes bread", "relation": "xIntent", "tails": ["to be fed"],
         "generations": ["none"], "greedy": "none"},
    ]
    path = tmp_path / "held-out.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _prompt(relation):
    domain = load_domain("commonsense")
    return build_prompts(domain, ["PersonX bakes bread"], relations=[relation], shots=1)[0]


def test_it_answers_from_its_data_and_counts_calls_and_tokens(data):
    teacher = make_teacher(f"offline:{data}")
    assert isinstance(teacher, OfflineTeacher) and teacher.id == "offline:held-out"
    prompt = _prompt("xWant")
    out = teacher.complete([prompt], n=2)
    assert [c.text for c in out] == ["1. to eat it\n2. to share it"] * 2
    assert teacher.stats.paid == 2 and teacher.stats.requests == 1
    assert teacher.stats.prompt_tokens == len(prompt.text.split())
    assert teacher.stats.completion_tokens == 2 * 8  # "1. to eat it 2. to share it", twice
    assert teacher.covers("PersonX bakes bread", "xWant")
    assert not teacher.covers("PersonX bakes bread", "xIntent")  # only "none" in the data


def test_greedy_source_and_a_prompt_it_cannot_answer(data):
    teacher = make_teacher(f"offline:{data}#greedy")
    assert teacher.id == "offline:held-out#greedy"
    assert teacher.complete([_prompt("xWant")])[0].text == "1. to eat it"
    assert teacher.complete([_prompt("xNeed")])[0].text == NOTHING
    assert teacher.stats.paid == 2 and teacher.unanswerable == 1


def test_the_cache_answers_a_prompt_asked_again(data, tmp_path):
    teacher = make_teacher(f"offline:{data}", cache_path=tmp_path / "cache.sqlite")
    teacher.complete([_prompt("xWant")])
    teacher.complete([_prompt("xWant")])
    assert teacher.stats.paid == 1 and teacher.stats.hits == 1


def test_bad_specs_are_one_clear_error(data, tmp_path):
    with pytest.raises(TeacherError, match="no such dataset"):
        make_teacher(f"offline:{tmp_path / 'missing.jsonl'}")
    with pytest.raises(TeacherError, match="source 'beam'"):
        make_teacher(f"offline:{data}#beam")
    with pytest.raises(ConfigError):
        make_teacher("offline:")
