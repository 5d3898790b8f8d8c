"""The replay backend, the cache statistics and the spec parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import ConfigError, TeacherError
from kg.prompts import Prompt
from kg.teachers import make_teacher
from kg.teachers.replay import write_transcript


def _transcript(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_replay_by_text_and_by_id(tmp_path: Path) -> None:
    by_id = Prompt.make("second prompt", "list", head="h", relation="r")
    path = _transcript(
        tmp_path / "t.jsonl",
        [
            {"prompt": "first prompt", "completions": ["1. a\n2. b", {"text": "c", "finish_reason": "length"}]},
            {"prompt_id": by_id.id, "completions": ["x"]},
        ],
    )
    teacher = make_teacher(f"replay:{path}", cache_path=tmp_path / "c.sqlite")
    out = teacher.complete(["first prompt", by_id], n=1)
    assert [c.text for c in out] == ["1. a\n2. b", "x"]
    assert out[1].prompt_id == by_id.id and out[0].teacher == f"replay:t@{teacher.revision[:12]}"
    two = teacher.complete(["first prompt"], n=2)
    assert two[1].truncated and teacher.stats.hits == 1 and teacher.stats.paid == 0


def test_unknown_prompt_is_a_clear_error(tmp_path: Path) -> None:
    path = _transcript(tmp_path / "t.jsonl", [{"prompt": "known", "completions": ["a"]}])
    teacher = make_teacher(f"replay:{path}", no_cache=True)
    unknown = Prompt.make("never recorded", "list")
    with pytest.raises(TeacherError, match=unknown.id) as info:
        teacher.complete(["known", unknown])
    assert "never recorded" in str(info.value)
    with pytest.raises(TeacherError, match="1 completions"):
        teacher.complete(["known"], n=3)


def test_bad_transcripts(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such transcript"):  # the teacher spec names nothing: exit 2
        make_teacher(f"replay:{tmp_path / 'missing.jsonl'}", no_cache=True)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "p"}\n', encoding="utf-8")
    with pytest.raises(TeacherError, match="bad.jsonl:1"):
        make_teacher(f"replay:{bad}", no_cache=True)


def test_write_transcript_round_trip(tmp_path: Path) -> None:
    src = _transcript(tmp_path / "src.jsonl", [{"prompt": "p", "completions": ["a", "b"]}])
    out = make_teacher(f"replay:{src}", no_cache=True).complete(["p"], n=2)
    dst = tmp_path / "dst.jsonl"
    assert write_transcript(out, dst) == 1
    again = make_teacher(f"replay:{dst}", no_cache=True).complete(["p"], n=2)
    assert [c.text for c in again] == ["a", "b"]


def test_an_edited_transcript_is_read_again_not_answered_from_the_cache(tmp_path: Path) -> None:
    """A person corrects an answer in the transcript and replays it into the same store: before,
    the cache (keyed by the file's name) gave back the old answer."""
    path = _transcript(tmp_path / "t.jsonl", [{"prompt": "p", "completions": ["1. wrong"]}])
    cache = tmp_path / "c.sqlite"
    with make_teacher(f"replay:{path}", cache_path=cache) as teacher:
        assert [c.text for c in teacher.complete(["p"])] == ["1. wrong"]
    _transcript(path, [{"prompt": "p", "completions": ["1. right"]}])
    with make_teacher(f"replay:{path}", cache_path=cache) as teacher:
        assert [c.text for c in teacher.complete(["p"])] == ["1. right"]
        assert teacher.id.startswith("replay:t@")  # the id still names the model (here: the file), and its digest


def test_a_recorded_run_of_several_samples_a_request_replays_its_tokens_once(tmp_path: Path) -> None:
    """A live run asking n=2 in one request counted the request's tokens once (90); each
    completion carried the request's usage, so its recorded transcript replayed as twice as
    many tokens (180). An earlier version's records (no request_choice) count a share each."""
    from kg.teachers.testing import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        live = make_teacher(f"openai:m@{server.base_url}", no_cache=True)
        recorded = live.complete(["one", "two"], n=2)
    spent = live.stats.prompt_tokens + live.stats.completion_tokens
    assert spent and server.requests == 2
    write_transcript(recorded, tmp_path / "rec.jsonl")
    replayed = make_teacher(f"replay:{tmp_path / 'rec.jsonl'}", no_cache=True)
    replayed.complete(["one", "two"], n=2)
    assert replayed.stats.prompt_tokens + replayed.stats.completion_tokens == spent
    old = _transcript(tmp_path / "old.jsonl", [{"prompt": "p", "completions": [
        {"text": t, "usage": {"prompt_tokens": 10, "completion_tokens": 20, "request_choices": 2}} for t in ("a", "b")]}])
    earlier = make_teacher(f"replay:{old}", no_cache=True)
    earlier.complete(["p"], n=2)
    assert (earlier.stats.prompt_tokens, earlier.stats.completion_tokens) == (10, 20)


def test_two_transcripts_of_one_file_name_are_two_teachers(tmp_path: Path) -> None:
    """Two transcripts both named t.jsonl (another folder, other answers) were one teacher,
    ``replay:t``, in provenance: a count grouped by kg:teacher merged them. Each is named with
    the first 12 digits of its SHA-256."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = _transcript(tmp_path / "a" / "t.jsonl", [{"prompt": "p", "completions": ["1. Spain"]}])
    two = _transcript(tmp_path / "b" / "t.jsonl", [{"prompt": "p", "completions": ["1. Brazil"]}])
    teachers = [make_teacher(f"replay:{path}", no_cache=True) for path in (one, two)]
    said = [t.complete(["p"])[0].teacher for t in teachers]
    assert said == [t.id for t in teachers] and said[0] != said[1]
    assert said[0] == f"replay:t@{teachers[0].revision[:12]}"


def test_our_teachers_have_the_optional_parts_the_pipeline_reads_by_name(tmp_path: Path) -> None:
    """The pipeline read a teacher's revision, paid_since and its usage's requests, retries and
    resumed_tokens with getattr and a default: a rename in kg.teachers would have dropped the
    revision from the run's identity, or the spend of a resumed run, without an error. They are
    kg.seams protocols now; ours must keep satisfying them."""
    from kg.seams import CountsResumedSpend, PaidAnswers, RequestCounts, ResumedSpend, Revisioned, teacher_revision

    path = _transcript(tmp_path / "t.jsonl", [{"prompt": "known", "completions": ["a"]}])
    teacher = make_teacher(f"replay:{path}", cache_path=tmp_path / "c.sqlite")
    assert isinstance(teacher, Revisioned) and isinstance(teacher, CountsResumedSpend)
    assert isinstance(teacher.stats, RequestCounts) and isinstance(teacher.stats, ResumedSpend) and isinstance(teacher.stats, PaidAnswers)
    assert teacher_revision(teacher) == teacher.revision and teacher_revision(object()) is None


def _asked(head: str, relation: str, examples: str) -> Prompt:
    return Prompt.make(f"Complete the last item.\n\n{examples}\n\nWhat completes \"{head} {relation} ___\"?\n", "list", head=head, relation=relation)


def test_a_prompt_whose_examples_changed_names_its_head_and_relation_and_how_to_ask_it_as_recorded(tmp_path: Path) -> None:
    """A physics transcript, recorded on an empty store, replayed once accepted facts had become
    few-shot examples: 'has no answer for prompt p-c275... ('What completes "Higgs boson symbol
    ___"? ...')' quoted the first example, not the question, and did not say why."""
    recorded = _asked("Higgs boson", "symbol", 'What completes "photon symbol ___"?\nγ')
    path = _transcript(tmp_path / "t.jsonl", [{"prompt_id": recorded.id, "prompt": recorded.text, "kind": "list",
                                               "head": "Higgs boson", "relation": "symbol", "completions": ["H"]}])
    teacher = make_teacher(f"replay:{path}", no_cache=True)
    now = _asked("Higgs boson", "symbol", 'What completes "W boson symbol ___"?\nW')
    with pytest.raises(TeacherError) as err:
        teacher.complete([now], n=1)
    message = str(err.value)
    assert f"has no answer for prompt {now.id} (Higgs boson / symbol)" in message, message
    assert recorded.id in message and "--domain-examples" in message, message
    # a line without head and relation: the same question (the prompt's last paragraph) is found too
    bare = _transcript(tmp_path / "bare.jsonl", [{"prompt": recorded.text, "completions": ["H"]}])
    with pytest.raises(TeacherError, match="--domain-examples"):
        make_teacher(f"replay:{bare}", no_cache=True).complete([now], n=1)


@pytest.mark.parametrize("head, relation", [("W boson", "symbol"), ("Higgs boson", "mass")])
def test_another_head_or_relation_is_not_offered_as_the_same_question(tmp_path: Path, head: str, relation: str) -> None:
    recorded = _asked(head, relation, 'What completes "photon symbol ___"?\nγ')
    path = _transcript(tmp_path / "t.jsonl", [{"prompt_id": recorded.id, "prompt": recorded.text, "head": head, "relation": relation,
                                               "completions": ["W"]}])
    with pytest.raises(TeacherError) as err:
        make_teacher(f"replay:{path}", no_cache=True).complete([_asked("Higgs boson", "symbol", "")], n=1)
    assert "(Higgs boson / symbol); record it or use another teacher" in str(err.value)
