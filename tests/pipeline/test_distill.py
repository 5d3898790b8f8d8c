"""End to end: `kg distill` on the geography domain with a transcript holding wrong facts,
malformed lines, duplicates and contradictions; resume; the same run through a loopback
OpenAI-compatible server."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import distill
from kg.store import open_store
from kg.teachers import CompletionCache
from tests.conftest import kg_exit_code
from tests.pipeline.conftest import accepted_set, answers_by_text, distill_args, rejected_set

EXPECTED_ACCEPTED = {
    ("france", "area", "547030"),
    ("france", "borders", "belgium"),  # one sample of three, but the reference knows it
    ("france", "borders", "germany"),
    ("france", "borders", "spain"),
    ("france", "hasCapital", "paris"),
    ("france", "locatedIn", "europe"),
    ("france", "onContinent", "europe"),
    ("france", "population", "66987244"),
    ("paris", "area", "105.4"),
    ("paris", "capitalOf", "france"),
    ("paris", "locatedIn", "france"),
    ("paris", "onContinent", "europe"),
    ("paris", "population", "2138551"),
}

# (subject, predicate, object) -> the checks that rejected it
EXPECTED_REJECTED = {
    ("france", "borders", "france"): {"irreflexive"},  # borders itself
    ("france", "hasCapital", "lyon"): {"reference"},  # a second, wrong capital
    ("france", "locatedIn", "western_europe"): {"critic"},  # one sample of three, unknown
    ("paris", "capitalOf", "germany"): {"reference"},  # wrong capital
    ("paris", "locatedIn", "italy"): {"reference"},
}
# "about 67 million" and "about 2 million" agree with the reference's figures within the tolerance, as
# the samples' 66987244 and 2138551 do: they are those values (their support), no second population


def _rejected_by_triple(store) -> dict[tuple[str, str, str], set[str]]:
    """Rejections, except "Paris borders ..." (a city as a country; checked on its own, as how the
    injected line is read is the extractor's business)."""
    out: dict[tuple[str, str, str], set[str]] = {}
    for s, p, o, check in rejected_set(store):
        if (s, p) != ("paris", "borders"):
            out.setdefault((s, p, o), set()).add(check)
    return out


_distill_args = distill_args


def test_distill_replay_accepts_and_rejects_exactly(geo_run) -> None:
    report = geo_run["report"]
    with open_store(geo_run["store"]) as store:
        assert accepted_set(store) == EXPECTED_ACCEPTED
        assert _rejected_by_triple(store) == EXPECTED_REJECTED
        paris_borders = {(o, c) for s, p, o, c in rejected_set(store) if (s, p) == ("paris", "borders")}
        assert ("germany", "domain") in paris_borders and ("paris", "irreflexive") in paris_borders
        assert {c for _, c in paris_borders} <= {"domain", "range", "irreflexive", "conflict:irreflexive"}
        # the injected N-Triples stayed text: no quad anywhere uses its IRIs
        import pyoxigraph as ox

        for g in ("accepted", "inferred", "rejected", "provenance"):
            for q in store.match(graph=g):
                iris = [t.value for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)]
                assert not any("x.example" in iri for iri in iris), q
        # inference ran: the inverse of capitalOf / hasCapital is materialised
        inferred = {(q.subject.value, q.predicate.value) for q in store.match(graph="inferred")}
        assert inferred
    assert report["prompts"] == 14 and report["completions"] == 42
    # the "{{{{", the empty answer and the injected N-Triples are quarantined, each, not lost
    assert report["accepted"] + report["rejected"] == report["candidates"]
    assert report["rejected_by_reason"]["critic"] == 1
    # "France is a country." and "Paris is a city." name no answer: no entity of the sentence
    # (they were the tails "France is a country", rejected by the domain check); all of such an
    # answer dropped, it is quarantined with its text (it was a count alone), in 5 of the samples
    assert report["unreadable"] == 3 + 5
    assert "object: sentence naming no answer" not in report["dropped"]


def test_rerun_asks_nothing_and_adds_nothing(geo_files, capsys) -> None:
    store_dir = geo_files["dir"] / "store"
    args = _distill_args(geo_files, store_dir, f"replay:{geo_files['transcript']}", "--json")
    main(args)
    first = json.loads(capsys.readouterr().out)
    assert first["batches_resumed"] == 0
    with open_store(store_dir) as store:
        before = sorted(str(q) for q in store.match(graph="accepted")), store.stats().graphs
    main(args)
    second = json.loads(capsys.readouterr().out)
    with open_store(store_dir) as store:
        after = sorted(str(q) for q in store.match(graph="accepted")), store.stats().graphs
    assert second["batches_resumed"] == second["batches"] == 4
    assert second["run"] == first["run"]
    assert before == after


def test_an_edited_transcript_is_a_new_run_not_the_finished_one(geo_files, capsys) -> None:
    """A person corrects the teacher's answers in the transcript and runs the same command again:
    before, the run's identity was the spec alone, so it was the finished run (nothing asked)
    and, with --again, the cache gave back the old answers."""
    store_dir = geo_files["dir"] / "store"
    args = _distill_args(geo_files, store_dir, f"replay:{geo_files['transcript']}", "--format", "json", "--domain-examples")
    main(args)
    first = json.loads(capsys.readouterr().out)
    lines = [json.loads(line) for line in geo_files["transcript"].read_text().splitlines()]
    for line in lines:  # the wrong capital corrected
        line["completions"] = [c.replace("Lyon", "Paris") for c in line["completions"]]
    geo_files["transcript"].write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    main(args)
    second = json.loads(capsys.readouterr().out)
    assert second["run"] != first["run"] and second["batches_resumed"] == 0
    assert second["cache_hits"] == 0
    assert first["rejected_by_reason"]["reference"] - second["rejected_by_reason"]["reference"] == 1


def test_same_graph_through_openai_compatible_server(geo_run, geo_files, tmp_path: Path) -> None:
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    replay_store = geo_run["store"]
    with FakeOpenAIServer(answer=lambda prompt, i: answers[prompt][i % 3]) as server:
        http_store = tmp_path / "http-store"
        main(_distill_args(geo_files, http_store, f"openai:demo@{server.base_url}"))
        assert sum(server.served.values()) == 42
    with open_store(replay_store) as a:
        expected = accepted_set(a), rejected_set(a)
    with open_store(http_store) as b:
        assert (accepted_set(b), rejected_set(b)) == expected


class _Interrupting:
    """Wraps a real teacher; raises KeyboardInterrupt on its ``after``-th call."""

    def __init__(self, teacher, after: int) -> None:
        self.teacher, self.after, self.calls = teacher, after, 0
        self.stats = teacher.stats

    @property
    def id(self):
        return self.teacher.id

    @property
    def revision(self):
        return self.teacher.revision

    @property
    def last_failures(self):
        return self.teacher.last_failures

    def close(self):
        self.teacher.close()

    def complete(self, prompts, n=1, params=None):
        self.calls += 1
        if self.calls == self.after:
            self.teacher.complete(prompts[:2], n=n, params=params)  # half the batch answered
            raise KeyboardInterrupt
        return self.teacher.complete(prompts, n=n, params=params)


_RUN = re.compile(r"run/distill-[0-9a-f]+|(?<=/completion/)[0-9a-f]+")


def _snapshot(store_dir: Path) -> dict[str, set[str]]:
    """The store's graphs; run IRIs left out (they hash the transcript's path), and the
    completions' (they hash the run's)."""
    with open_store(store_dir) as store:
        out = {
            g: {_RUN.sub("run/X", str(q)) for q in store.match(graph=g)}
            for g in ("accepted", "rejected", "inferred")
        }
        rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a rdf:Statement }", graph="provenance")
        out["statements"] = {next(iter(rows))[0].value}
        del rows
    return out


def test_interrupted_run_resumes_to_the_same_store(geo_run, geo_files, tmp_path: Path) -> None:
    from kg.config import load_config
    from kg.pipeline import Parts
    from kg.teachers import make_teacher

    def config(store: Path):
        return load_config(None, {
            "domain": "geography", "teacher.spec": f"replay:{geo_files['transcript']}",
            "store": str(store), "prompts.seeds_file": str(geo_files["seeds"]),
            "teacher.samples": 3, "run.batch_size": 4,
        })

    whole = geo_run["store"]  # the same run, uninterrupted

    cut = tmp_path / "cut"
    cache = tmp_path / "cache.sqlite"
    first = make_teacher(f"replay:{geo_files['transcript']}", cache_path=cache)
    interrupted = False
    try:
        distill(config(cut), parts=Parts(teacher=_Interrupting(first, after=3)))
    except KeyboardInterrupt:
        interrupted = True
    assert interrupted
    first.close()
    with open_store(cut) as store:
        rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?r kg:batchDone ?b }", graph="provenance")
        done = int(next(iter(rows))[0].value)
        del rows  # a result keeps the store open
    assert done == 2  # whole batches only
    second = make_teacher(f"replay:{geo_files['transcript']}", cache_path=cache)
    report = distill(config(cut), parts=Parts(teacher=second))
    second.close()
    assert report.batches_resumed == 2
    assert first.stats.misses + second.stats.misses == 42  # no sample asked twice
    assert (second.stats.hits, second.stats.resumed) == (0, 6)  # the two prompts answered before the interrupt: paid by this run
    assert _snapshot(cut) == _snapshot(whole)


def test_bad_teacher_spec_is_one_clear_line(geo_files, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(_distill_args(geo_files, geo_files["dir"] / "s", "gpt4"))
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert "teacher.spec" in err and "gpt4" in err and "Traceback" not in err


def test_labels_give_precision_and_recall_of_the_critic(geo_run) -> None:
    evaluation = geo_run["report"]["evaluation"]
    # "Paris population 2000000" is read as the reference's 2138551 (within the tolerance): not matched
    assert (evaluation["matched"], evaluation["positives"]) == (3, 2)
    assert evaluation["precision"] == 1.0 and evaluation["recall"] == 0.5
    # lowering the threshold to the critic-rejected fact's score recovers it
    curve = {round(t, 2): (p, r) for t, p, r in evaluation["curve"]}
    assert curve[0.57] == (1.0, 1.0)


def test_a_failed_prompt_is_asked_again_on_rerun(geo_files, tmp_path: Path, capsys) -> None:
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    marker = "population of Paris"
    assert sum(marker in text for text in answers) == 1
    # a 400 to n=3 is asked again for one sample (a server may refuse n only): both refused
    with FakeOpenAIServer(answer=lambda prompt, i: answers[prompt][i % 3], faults={marker: ["400", "400"]}) as server:
        store_dir = tmp_path / "store"
        args = _distill_args(geo_files, store_dir, f"openai:demo@{server.base_url}", "--json")
        with pytest.raises(SystemExit) as exit:
            main(args)
        assert exit.value.code == 3  # partial
        first = json.loads(capsys.readouterr().out)
        assert first["failed_prompts"] == 1 and first["batches_resumed"] == 0
        main(args)
        second = json.loads(capsys.readouterr().out)
        assert second["failed_prompts"] == 0 and second["batches_resumed"] == 3
        assert server.requests_per_prompt.most_common(1)[0][1] == 3  # only the failed one: twice, then on the rerun
    with open_store(store_dir) as store:
        assert accepted_set(store) == EXPECTED_ACCEPTED


def test_a_batch_with_a_failed_prompt_is_counted_and_its_run_is_not_finished(geo_files, tmp_path: Path, capsys) -> None:
    """A batch one of whose prompts failed for good was written to the store but counted nowhere
    (the run's report said 0 prompts and 0 accepted, `kg runs` 'finished ... 0 accepted' while
    the store held its facts); its rerun, which asks the batch again, counted it once."""
    from kg.pipeline import run_history
    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    with FakeOpenAIServer(answer=lambda prompt, i: answers[prompt][i % 3], faults={"population of Paris": ["400", "400"]}) as server:
        store_dir = tmp_path / "store"
        args = _distill_args(geo_files, store_dir, f"openai:demo@{server.base_url}", "--json", "--batch-size", "100")
        with pytest.raises(SystemExit):
            main(args)
        first = json.loads(capsys.readouterr().out)
        with open_store(store_dir) as store:
            held = len(accepted_set(store))
            [run] = run_history(store)
        assert first["failed_prompts"] == 1 and first["prompts"] == 14 and first["new_triples"] == held > 0
        assert (run["accepted"], run["new"], run.get("ended")) == (first["accepted"], held, None)
        main(["runs", "--store", str(store_dir)])
        assert "unfinished" in capsys.readouterr().out
        main(args)
        second = json.loads(capsys.readouterr().out)
        with open_store(store_dir) as store:
            [run] = run_history(store)
            assert second["new_triples"] == len(accepted_set(store)) and second["prompts"] == 14
        assert run.get("ended") and (run["accepted"], run["batches"]) == (second["accepted"], 1)


def test_a_rebuilt_inferred_graph_keeps_the_runs_inferred_count(geo_files, capsys) -> None:
    """A kill between a batch's write and its inference mark makes the rerun rebuild ``inferred``;
    the run's inferred count then still adds up to the graph (it read 0 in that window)."""
    import pyoxigraph as ox

    from kg.namespaces import KG
    from kg.pipeline import run_history

    store_dir = geo_files["dir"] / "store"
    args = _distill_args(geo_files, store_dir, f"replay:{geo_files['transcript']}", "--json")
    main(args)
    first = json.loads(capsys.readouterr().out)
    assert first["inferred"] > 0
    with open_store(store_dir) as store:  # the window: batches written, their marks not yet
        marks = list(store.match(predicate=ox.NamedNode(str(KG.inferredCount)), graph="provenance"))
        assert marks
        store.remove_quads(marks)
    main(args)
    second = json.loads(capsys.readouterr().out)
    assert any("inferred graph rebuilt" in note for note in second["notes"])
    with open_store(store_dir) as store:
        size = sum(1 for _ in store.match(graph="inferred"))
        history = run_history(store)
    assert size > 0
    assert second["inferred"] == size
    assert sum(run["inferred"] for run in history) == size


def test_a_dry_run_counts_and_asks_nothing_and_relations_restrict_the_grid(geo_files, capsys) -> None:
    """There was no way to see what a grid would ask before it asked (175,200 prompts for a big
    ontology's seeds, the progress bar's total the only count), nor to ask some relations
    only. --dry-run counts prompts per relation, calls and tokens, and asks nothing (here a
    teacher that cannot be reached); --relations restricts the grid, and a wrong name is one line."""
    from tests.conftest import kg_exit_code

    store_dir = geo_files["dir"] / "store"
    unreachable = "openai:model@http://127.0.0.1:9/v1"
    args = _distill_args(geo_files, store_dir, unreachable, "--dry-run", "--relations", "borders,capitalOf", "-n", "3")
    assert kg_exit_code(*args) == 0
    out = capsys.readouterr().out
    assert "borders" in out and "capitalOf" in out and "population" not in out
    assert "prompts x 3 samples" in out and "Nothing was asked" in out
    assert not store_dir.exists()  # a dry run leaves no store behind (it made an empty one)
    assert kg_exit_code(*_distill_args(geo_files, store_dir, unreachable, "--dry-run", "--relations", "bordrs")) != 0
    assert "has no relation 'bordrs'; it has: area, borders" in capsys.readouterr().err

    replay = f"replay:{geo_files['transcript']}"
    assert kg_exit_code(*_distill_args(geo_files, store_dir, replay, "--relations", "borders")) == 0
    with open_store(store_dir) as store:
        asked = {q.predicate.value.rsplit("#", 1)[-1] for q in store.match(graph="accepted") if "ontology/geography#" in q.predicate.value}
    assert asked == {"borders"}, asked


def test_a_dry_run_prints_its_plan_in_the_asked_format(geo_files, capsys) -> None:
    """`kg distill --dry-run -f json` (or csv) printed the table for people, with exit 0; the plan
    is now JSON (counts, prompts per relation), or CSV/TSV rows of relation and prompts."""
    import csv
    import json

    from tests.conftest import kg_exit_code

    store_dir = geo_files["dir"] / "store"
    args = _distill_args(geo_files, store_dir, "openai:model@http://127.0.0.1:9/v1", "--dry-run", "--relations", "borders,capitalOf", "-n", "3")
    assert kg_exit_code(*args, "-f", "json") == 0
    plan = json.loads(capsys.readouterr().out)
    assert set(plan["per_relation"]) == {"borders", "capitalOf"} and plan["samples"] == 3
    assert plan["calls"] == plan["prompts"] * 3 == 3 * sum(plan["per_relation"].values())
    assert kg_exit_code(*args, "-f", "csv") == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert rows[0] == ["relation", "prompts"] and {r[0]: int(r[1]) for r in rows[1:]} == plan["per_relation"]


@pytest.mark.parametrize(
    ("flags", "needle"),
    [
        (("--strategy", "random"), "needs --budget"),
        (("--strategy", "random", "--budget", "20", "--kind", "json"), "use --kind list"),
        (("--student", "bogus"), "unknown student 'bogus'"),
        (("--teacher", "bogus:x"), "unknown teacher backend 'bogus'"),
        (("--critic", "/nonexistent"), "no critic folder"),
        # an Ollama model's tag with the @URL left off, and a URL without its scheme
        (("--teacher", "openai:qwen3:8b"), "openai needs MODEL@URL"),
        (("--teacher", "openai:qwen3:8b@localhost:11434/v1"), "must start with http:// or https://"),
    ],
)
def test_a_dry_run_refuses_what_the_run_refuses(geo_files, capsys, flags: tuple[str, ...], needle: str) -> None:
    """`kg distill --dry-run` planned and exited 0 for settings the real run refuses before
    asking anything: --strategy random without --budget, a choosing strategy with --kind json,
    an unknown student, teacher backend or critic. It now refuses them too, with the same error."""
    from tests.conftest import kg_exit_code

    args = _distill_args(geo_files, geo_files["dir"] / "store", "openai:model@http://127.0.0.1:9/v1", "--dry-run")
    assert kg_exit_code(*args, *flags) == 2
    assert needle in capsys.readouterr().err


def test_a_dry_runs_prompt_tokens_count_each_prompt_once(geo_files, capsys) -> None:
    """--dry-run multiplied the prompts' tokens by the samples, though a prompt is sent once
    with n samples asked together (-n 3 estimated three times the tokens the server was sent)."""
    from tests.conftest import kg_exit_code

    plans = []
    for samples in ("1", "3"):
        args = _distill_args(geo_files, geo_files["dir"] / "store", "openai:model@http://127.0.0.1:9/v1", "--dry-run", "-n", samples)
        assert kg_exit_code(*args, "-f", "json") == 0
        plans.append(json.loads(capsys.readouterr().out))
    assert plans[0]["prompt_tokens"] == plans[1]["prompt_tokens"] > 0
    assert plans[1]["max_completion_tokens"] == 3 * plans[0]["max_completion_tokens"]


def _geo_folder(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "geography"
    shutil.copytree(Path(__file__).parents[2] / "ontologies" / "geography", folder)
    return folder


def _edit_template(folder: Path, old: str, new: str) -> None:
    toml = folder / "relations.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")


POPULATION = "What is the population of {head}?"


def test_an_edited_template_is_asked_as_a_new_run(geo_files, tmp_path: Path, capsys) -> None:
    """A person rewords a relation's prompt in relations.toml and reruns the same command: the
    run's identity ignored the templates, so it was the finished run (nothing asked, "--again
    asks the same prompts") while --dry-run counted the new prompts."""
    from kg.teachers.testing import FakeOpenAIServer

    folder = _geo_folder(tmp_path)
    with FakeOpenAIServer(answer=lambda prompt, i: "1. Europe") as server:
        args = _distill_args(geo_files, tmp_path / "store", f"openai:demo@{server.base_url}", "--json", "--no-cache")
        args[args.index("geography")] = str(folder)
        main(args)
        first = json.loads(capsys.readouterr().out)
        _edit_template(folder, POPULATION, "How many people live in {head}?")
        main(args)
        second = json.loads(capsys.readouterr().out)
        assert any("How many people live in Paris?" in body["messages"][-1]["content"] for body in server.bodies)
    assert second["run"] != first["run"] and second["asked_prompts"] == first["asked_prompts"] == 14
    assert any("worded otherwise" in note and first["run"].rsplit("/", 1)[1] in note for note in second["notes"])
    main(args)  # and the same command again: that new run, finished
    third = json.loads(capsys.readouterr().out)
    assert third["run"] == second["run"] and third["asked_prompts"] == 0


def test_an_unfinished_run_asks_the_fixed_template_not_the_broken_one(geo_files, tmp_path: Path, capsys) -> None:
    """A template the server refused left the run unfinished (exit 3); after the person fixed
    the template, the rerun (and --again) resumed that run and sent the broken prompts saved at
    its start again."""
    from kg.teachers.testing import FakeOpenAIServer

    folder = _geo_folder(tmp_path)
    _edit_template(folder, POPULATION, "FAILME " + POPULATION)
    with FakeOpenAIServer(answer=lambda prompt, i: "1. 1000", faults={"FAILME": ["400"] * 20}) as server:
        args = _distill_args(geo_files, tmp_path / "store", f"openai:demo@{server.base_url}", "--json", "--retries", "0")
        args[args.index("geography")] = str(folder)
        with pytest.raises(SystemExit) as exit:
            main(args)
        assert exit.value.code == 3
        capsys.readouterr()
        _edit_template(folder, "FAILME ", "")
        sent = len(server.bodies)
        main(args)
        fixed = json.loads(capsys.readouterr().out)
        later = [body["messages"][-1]["content"] for body in server.bodies[sent:]]
    assert fixed["failed_prompts"] == 0 and fixed["outcome"] == "success"
    assert later and not any("FAILME" in text for text in later)
    assert any("population of Paris" in text for text in later)


def test_a_run_recorded_before_the_wording_joined_its_identity_is_still_the_same_run(geo_files, tmp_path: Path, capsys) -> None:
    """A store written by an earlier version names its run by the identity without the prompts'
    wording: the same command must still find it finished (and resume it when unfinished), not
    ask everything again as a new run; once the template is edited, it is a new run."""
    import pyoxigraph as ox

    from kg.namespaces import GRAPH_NAMES, KG
    from kg.teachers.testing import FakeOpenAIServer

    folder = _geo_folder(tmp_path)
    store_dir = tmp_path / "store"
    with FakeOpenAIServer(answer=lambda prompt, i: "1. Europe") as server:
        args = _distill_args(geo_files, store_dir, f"openai:demo@{server.base_url}", "--json", "--no-cache")
        args[args.index("geography")] = str(folder)
        main(args)
        first = json.loads(capsys.readouterr().out)
        with open_store(store_dir) as store:  # rewrite the run as an earlier version wrote it
            [key] = [q.object.value for q in store.match(None, ox.NamedNode(str(KG.commandKey)), None, graph="provenance")]
            quads = [q for name in GRAPH_NAMES for q in store.match(graph=name) if first["run"] in str(q)]
            store.remove_quads(quads)
            store.add_quads(
                ox.Quad(*(type(t)(t.value.replace(first["run"], key)) if isinstance(t, ox.NamedNode) else t for t in q))
                for q in quads if q.predicate.value != str(KG.commandKey)
            )
        main(args)
        again = json.loads(capsys.readouterr().out)
        assert again["run"] == key and again["asked_prompts"] == 0
        _edit_template(folder, POPULATION, "How many people live in {head}?")
        main(args)
        edited = json.loads(capsys.readouterr().out)
    assert edited["run"] not in (key, first["run"]) and edited["asked_prompts"] == 14
    assert any("worded otherwise" in note for note in edited["notes"])


@pytest.mark.slow  # two distills: several seconds on a loaded machine
def test_a_replay_run_recorded_before_the_teacher_id_named_the_transcript_digest_is_still_the_same_run(
    geo_files, capsys, monkeypatch
) -> None:
    """A store distilled with `replay:T.jsonl` when the teacher's id was `replay:STEM` (now
    `replay:STEM@DIGEST`): the same command started a new run, whose prompts the transcript could
    not answer ("transcript ... has no answer for prompt ...", exit 1)."""
    from kg.teachers.base import Teacher
    from kg.teachers.replay import ReplayTeacher

    store_dir = geo_files["dir"] / "store"
    args = _distill_args(geo_files, store_dir, f"replay:{geo_files['transcript']}", "--json")
    with monkeypatch.context() as old_code:  # the id the earlier version gave the teacher
        old_code.setattr(ReplayTeacher, "id", Teacher.id)
        main(args)
    first = json.loads(capsys.readouterr().out)
    main(args)
    again = json.loads(capsys.readouterr().out)
    assert again["run"] == first["run"] and again["asked_prompts"] == 0


def test_one_transcript_reached_by_two_paths_is_one_run(geo_files, capsys, monkeypatch) -> None:
    """The same transcript given as `replay:/abs/t.jsonl` and as `replay:t.jsonl` (another
    checkout, another working directory) made two runs, and every provenance IRI differed: the
    run's identity hashed the path as typed. It hashes the transcript's content now, and the run
    record still names the path given."""
    store_dir = geo_files["dir"] / "store"
    transcript = geo_files["transcript"].resolve()
    main(_distill_args(geo_files, store_dir, f"replay:{transcript}", "--json"))
    first = json.loads(capsys.readouterr().out)
    monkeypatch.chdir(transcript.parent)
    main(_distill_args(geo_files, store_dir, f"replay:{transcript.name}", "--json"))
    second = json.loads(capsys.readouterr().out)
    assert second["run"] == first["run"] and second["asked_prompts"] == 0
    assert first["teacher"] == f"replay:{transcript}"


def test_the_run_record_names_the_software_and_the_transcript_revision(geo_run, capsys) -> None:
    """No run record named the kg-distill version (or pyoxigraph's, torch's) that made the store,
    and the transcript's digest, computed for the run's identity, was recorded nowhere readable."""
    from kg.cli import version
    from kg.teachers.cache import file_digest

    main(["runs", "--store", str(geo_run["store"]), "--format", "json"])
    (run,) = json.loads(capsys.readouterr().out)
    assert run["software"].startswith(f"kg-distill {version()}; pyoxigraph ")
    assert run["teacher_revision"] == file_digest(geo_run["files"]["transcript"])
    assert run["input"] is None  # a distillation reads no file of teacher output


def test_a_store_made_under_umask_002_can_be_locked_and_cached_by_the_group(geo_files, tmp_path) -> None:
    """In a group's setgid folder under umask 002, a second member got "cannot lock ...
    kg.lock: Permission denied" and "attempt to write a readonly database": kg.lock and the
    teacher cache were made 0644 whatever the umask. They now follow it, -wal and -shm too."""
    store = tmp_path / "store"
    old = os.umask(0o002)
    try:
        assert kg_exit_code(*distill_args(geo_files, store, f"replay:{geo_files['transcript']}")) == 0
        cache = CompletionCache(store / "teacher-cache.sqlite")  # open: its -wal and -shm are there
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in store.iterdir() if p.name.startswith(("kg.lock", "teacher-cache"))}
        cache.close()
    finally:
        os.umask(old)
    assert modes == {name: 0o664 for name in ("kg.lock", "teacher-cache.sqlite", "teacher-cache.sqlite-wal", "teacher-cache.sqlite-shm")}


@pytest.mark.slow  # two distills: several seconds on a loaded machine (tests/teachers/test_replay.py has the fast check)
def test_two_transcripts_of_one_file_name_are_two_teachers(geo_files, capsys) -> None:
    """A researcher replays two transcripts both named transcript.jsonl (one says France borders
    Brazil) into one store: provenance named both `replay:transcript`, so a count grouped by
    kg:teacher saw one teacher, and `kg runs` showed both as `replay:transcript.jsonl`. Each is
    now named with its digest, alike in provenance and in `kg runs`."""
    other = geo_files["dir"] / "other"
    other.mkdir()
    lines = [json.loads(line) for line in geo_files["transcript"].read_text(encoding="utf-8").splitlines()]
    for line in lines:
        line["completions"] = [c.replace("Spain", "Brazil") for c in line["completions"]]
    (other / "transcript.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    store_dir = geo_files["dir"] / "store"
    for transcript in (geo_files["transcript"], other / "transcript.jsonl"):
        main(distill_args(geo_files, store_dir, f"replay:{transcript}", "--domain-examples", "--relations", "borders"))
    with open_store(store_dir) as store:
        teachers = sorted(str(row["t"].value) for row in store.query(
            "SELECT DISTINCT ?t WHERE { ?s a kg:Sampling ; kg:teacher ?t }", graph="provenance").bindings())
    assert len(teachers) == 2 and all(re.fullmatch(r"replay:transcript@[0-9a-f]{12}", t) for t in teachers)
    capsys.readouterr()
    main(["runs", "--store", str(store_dir)])
    shown = capsys.readouterr().out
    assert all(t.replace("replay:transcript@", "replay:transcript.jsonl@") in shown for t in teachers)


def test_a_store_restored_from_its_full_export_can_still_retract_a_run(geo_run, tmp_path: Path, capsys) -> None:
    """The documented move of a store (`kg export -g all`, `kg load --into-own-graphs`) named the
    dump file as one more source of every accepted fact, so `kg retract RUN` in the copy moved
    0 facts ('kept 85 that other runs, files or people support too')."""
    dump, copy = tmp_path / "all.nq", tmp_path / "copy"
    main(["export", "--store", str(geo_run["store"]), "-g", "all", "-o", str(dump), "--quiet"])
    main(["init", str(copy), "--domain", "geography"])
    main(["load", str(dump), "--store", str(copy), "--into-own-graphs", "--quiet"])
    capsys.readouterr()
    plans = []
    for store in (geo_run["store"], copy):
        main(["retract", geo_run["report"]["run"], "--store", str(store), "--dry-run", "--format", "json"])
        plans.append({k: v for k, v in json.loads(capsys.readouterr().out).items() if k != "seconds"})
    assert plans[0] == plans[1] and plans[0]["retracted"] > 0 and plans[0]["kept"] == 0


@pytest.mark.slow  # a whole distill against a server (tests/core/test_store.py has the fast check)
def test_completion_token_counts_sum_to_what_the_teacher_was_paid(tmp_path: Path) -> None:
    """With -n 3 each kg:Completion carried its whole request's usage: summing kg:promptTokens and
    kg:completionTokens over completions (the provenance way to cost a teacher) gave 3x the cost.
    Each now carries its share: the sum is what the server counted."""
    from kg.teachers.testing import FakeOpenAIServer

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\nGermany\n", encoding="utf-8")
    store_dir = tmp_path / "store"
    with FakeOpenAIServer(answer=lambda prompt, i: "1. Paris") as server:
        main(["distill", "--domain", "geography", "--store", str(store_dir), "--teacher", f"openai:m@{server.base_url}",
              "--seeds", str(seeds), "--relations", "hasCapital", "--samples", "3", "--temperature", "0.7",
              "--domain-examples", "--no-cache", "--quiet"])
    prompt_tokens = sum(len(body["messages"][-1]["content"].split()) for body in server.bodies)
    completion_tokens = sum(5 * body["n"] for body in server.bodies)
    with open_store(store_dir) as store:
        row = next(iter(store.query(
            "SELECT (COUNT(?c) AS ?n) (SUM(?p) AS ?pt) (SUM(?t) AS ?ct) WHERE { ?c a kg:Completion ; kg:promptTokens ?p ; "
            "kg:completionTokens ?t }", graph="provenance").bindings()))
    assert len(server.bodies) == 2 and int(row["n"].value) == 6
    assert (int(row["pt"].value), int(row["ct"].value)) == (prompt_tokens, completion_tokens)


def test_runs_in_machine_formats_give_every_run_every_key_and_its_status(geo_files, tmp_path: Path, capsys) -> None:
    """`kg runs -f json` left `ended` out of an unfinished run (``r["ended"]`` a KeyError in a
    script) and no machine format had the table's status; a failed run stayed "unfinished" for
    good once a run of a changed command (another seed file) had answered its prompts. Every run
    now has every key (null where unknown) and a status, and an unfinished run names the later
    runs that answered what it left."""
    import csv

    from kg.teachers.testing import FakeOpenAIServer

    answers = answers_by_text()
    with FakeOpenAIServer(answer=lambda prompt, i: answers.get(prompt, ["none"] * 3)[i % 3],
                          faults={"population of Paris": ["400", "400"]}) as server:
        store_dir = tmp_path / "store"
        teacher = f"openai:demo@{server.base_url}"
        assert kg_exit_code(*_distill_args(geo_files, store_dir, teacher, "--batch-size", "100", "--retries", "0")) != 0
        capsys.readouterr()
        assert kg_exit_code("runs", "--store", str(store_dir), "-f", "json") == 0
        [run] = json.loads(capsys.readouterr().out)
        assert (run["ended"], run["status"], run["answered_since"]) == (None, "unfinished", [])
        reordered = tmp_path / "reordered.txt"  # a changed command: a new run, asking the same questions
        reordered.write_text("Paris\nFrance\n", encoding="utf-8")
        later = _distill_args(geo_files, store_dir, teacher, "--batch-size", "100")
        later[later.index("--seeds") + 1] = str(reordered)
        assert kg_exit_code(*later) == 0
    capsys.readouterr()
    assert kg_exit_code("runs", "--store", str(store_dir), "-f", "json") == 0
    failed, answered = json.loads(capsys.readouterr().out)
    assert set(failed) == set(answered) and answered["status"] == "finished" and answered["ended"]
    assert failed["status"] == "unfinished" and failed["answered_since"] == [answered["id"]]
    assert kg_exit_code("runs", "--store", str(store_dir), "-f", "csv") == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["status"] for r in rows] == ["unfinished", "finished"] and rows[0]["answered_since"] == answered["id"]
    assert kg_exit_code("runs", "--store", str(store_dir)) == 0
    assert f"{failed['id']} (unfinished): its unanswered prompts were answered since by {answered['id']}" in capsys.readouterr().out


def test_a_dry_run_counts_only_what_the_command_would_ask(geo_files, tmp_path: Path, capsys) -> None:
    """`kg distill --dry-run` counted every prompt as a teacher call: 14 for a finished run whose
    command then asked nothing, and every prompt of a new run the cache answered. It now counts
    the prompts the command's run answered before and those the teacher's cache holds, and the
    calls left."""
    store_dir = geo_files["dir"] / "store"
    args = _distill_args(geo_files, store_dir, f"replay:{geo_files['transcript']}", "--domain-examples", "--json")
    assert kg_exit_code(*args) == 0
    ran = json.loads(capsys.readouterr().out)
    assert kg_exit_code(*args[:-1], "--dry-run", "-f", "json") == 0
    plan = json.loads(capsys.readouterr().out)
    assert (plan["prompts"], plan["answered"], plan["cached"], plan["calls"]) == (ran["prompts"], ran["prompts"], 0, 0)
    reordered = tmp_path / "reordered.txt"  # another command (a new run) asking the same prompts: the cache has them
    reordered.write_text("Paris\nFrance\n", encoding="utf-8")
    args[args.index("--seeds") + 1] = str(reordered)
    assert kg_exit_code(*args[:-1], "--dry-run") == 0
    assert f"({ran['prompts']} answered by the teacher's cache): 0 teacher calls" in capsys.readouterr().out
    assert kg_exit_code(*args) == 0
    assert json.loads(capsys.readouterr().out)["cache_hits"] == ran["prompts"] * 3


def test_spellings_of_one_seed_are_asked_once(tmp_path: Path) -> None:
    """Five spellings of one ATOMIC head ("personx ...", "Person X ...", a full stop, a double
    space) were five teacher calls that all ended as one head: now the head is asked once, as
    the store labels it; a named entity is asked as first written."""
    from kg.api import KnowledgeGraph
    from kg.teachers.simple import RequestTeacher

    asked: list[str] = []

    class Teacher(RequestTeacher):
        backend = "seeds"

        def ask(self, prompt, params, sample_index):
            asked.append(prompt.head)
            return "1. to be nice"

    seeds = ["personx pays persony a compliment", "PersonX pays PersonY a compliment", "PersonX pays PersonY a compliment.",
             "Person X pays Person Y a compliment", "PersonX  pays PersonY a compliment"]
    with KnowledgeGraph.create(tmp_path / "cs") as kg:
        report = kg.distill(Teacher("v"), domain="commonsense", seeds=seeds,
                            settings={"critic.model": "none", "prompts.relations": ["xIntent"]})
        assert asked == ["PersonX pays PersonY a compliment"] and report.prompts == 1
    asked.clear()
    with KnowledgeGraph.create(tmp_path / "geo") as kg:
        kg.distill(Teacher("v"), domain="geography", seeds=["Help!", "help", "New  York"],
                   settings={"critic.model": "none", "prompts.relations": ["hasCapital"]})
        assert sorted(asked) == ["Help!", "New York"]  # asked concurrently: in any order
