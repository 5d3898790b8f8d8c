"""The retrieval generator (kg.students.generator_retrieval): the nearest training heads' tails,
chosen by consensus, on a toy graph whose tail depends on the head; save/load; the CLI."""

from __future__ import annotations

import contextlib
import json
import resource
import signal
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from kg.cli import app, main
from kg.errors import StudentError
from kg.students.generator import Generator, load_generator
from kg.students.generator_data import Example, split_by_head
from kg.students import generator_retrieval
from kg.students.generator_retrieval import RetrievalConfig, RetrievalGenerator
from tests.conftest import kg_exit_code

# four kinds of head, each with its own xWant tails; xAttr says the same per kind
KINDS = {
    "music": (["PersonX plays the guitar", "PersonX plays the piano", "PersonX sings a song"], "to make music", "musical"),
    "food": (["PersonX eats a pizza", "PersonX cooks dinner", "PersonX bakes a cake"], "to eat the food", "hungry"),
    "sport": (["PersonX runs a marathon", "PersonX plays football", "PersonX swims in the pool"], "to win the race", "athletic"),
    "sleep": (["PersonX goes to bed", "PersonX takes a nap", "PersonX feels very tired"], "to get some rest", "sleepy"),
}
NEW_HEADS = {  # heads no training row has
    "music": "PersonX plays the violin",
    "food": "PersonX eats a sandwich",
    "sport": "PersonX runs a race",
    "sleep": "PersonX lies down in bed",
}


def kind_tails(kind: str) -> set[str]:
    heads, want, _ = KINDS[kind]
    return {want} | {f"to see the {head.split()[-1]}" for head in heads}


def toy_examples() -> list[Example]:
    rows = []
    for heads, want, attr in KINDS.values():
        for head in heads:
            rows += [Example(head, "xWant", want), Example(head, "xAttr", attr)]
            rows.append(Example(head, "xWant", f"to see the {head.split()[-1]}"))  # a tail of this head only
    return rows


@pytest.fixture(scope="module")
def gen() -> RetrievalGenerator:
    torch.set_num_threads(1)
    return RetrievalGenerator.build(toy_examples(), config=RetrievalConfig(neighbours=3))


def test_the_tail_changes_with_the_head(gen: RetrievalGenerator) -> None:
    pairs = [(NEW_HEADS[kind], "xWant") for kind in KINDS]
    got = [tails[0] for tails in gen.generate_batch(pairs)]
    assert len(set(got)) == len(KINDS)
    assert all(tail in kind_tails(kind) for tail, kind in zip(got, KINDS)), got  # a tail of the head's own kind
    assert gen.generate_batch([(NEW_HEADS["food"], "xAttr"), (NEW_HEADS["sleep"], "xAttr")]) == [["hungry"], ["sleepy"]]


def test_n_best_is_distinct_and_sampling_is_seeded(gen: RetrievalGenerator) -> None:
    best = gen.generate(NEW_HEADS["music"], "xWant", 3)
    assert best[0] in kind_tails("music") and len(set(best)) == 3
    drawn = [gen.generate(NEW_HEADS["music"], "xWant", 2, sample=True, seed=7, top_p=1.0) for _ in range(2)]
    assert drawn[0] == drawn[1] and len(set(drawn[0])) == 2
    # a relation with fewer tails than asked: all it has, each once
    assert sorted(gen.generate(NEW_HEADS["music"], "xAttr", 10)) == ["athletic", "hungry", "musical", "sleepy"]


def test_a_batch_ranks_as_its_prompts_one_at_a_time(gen: RetrievalGenerator, monkeypatch: pytest.MonkeyPatch) -> None:
    # prompts of both relations, interleaved; utilities are computed per relation in blocks
    heads = [*NEW_HEADS.values(), "PersonX plays the guitar", "PersonX reads a book"]
    pairs = [(h, r) for h in heads for r in ("xWant", "xAttr")]
    alone = [gen.generate(h, r, 3) for h, r in pairs]
    assert gen.generate_batch(pairs, 3) == alone
    monkeypatch.setattr(generator_retrieval, "_BLOCK_CELLS", 1)  # one block per prompt
    assert gen.generate_batch(pairs, 3) == alone


def test_unknown_relation_names_it_and_lists_the_known(gen: RetrievalGenerator) -> None:
    with pytest.raises(StudentError, match=r"'oReact'.*it knows xAttr, xWant"):
        gen.generate_batch([(NEW_HEADS["food"], "xWant"), (NEW_HEADS["food"], "oReact")])


def test_saved_index_reloads_and_generates_identically(gen: RetrievalGenerator, tmp_path: Path) -> None:
    pairs = [(h, r) for h in NEW_HEADS.values() for r in ("xWant", "xAttr")]
    gen.save(tmp_path / "model")
    again = load_generator(tmp_path / "model")
    assert isinstance(again, RetrievalGenerator) and again.config == gen.config
    assert again.num_parameters == gen.num_parameters
    assert again.generate_batch(pairs, 3) == gen.generate_batch(pairs, 3)
    assert again.generate_batch(pairs, 2, sample=True, seed=1) == gen.generate_batch(pairs, 2, sample=True, seed=1)
    with pytest.raises(StudentError, match="retrieval index.*load_generator"):  # not a tokenizer traceback
        Generator.load(tmp_path / "model")


def test_cli_indexes_a_file_and_generates_a_batch(tmp_path: Path) -> None:
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"{e.head}\t{e.relation}\t{e.tail}\n" for e in toy_examples()), encoding="utf-8")
    model = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(
        app, ["train", "generator", "--data", str(data), "--size", "retrieval", "-m", str(model), "--heldout", "0.25", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "indexed RetrievalGenerator" in result.output and "bleu2" in result.output
    prompts = [(NEW_HEADS["food"], "xWant"), (NEW_HEADS["sleep"], "xAttr"), (NEW_HEADS["music"], "xWant")]
    jl = tmp_path / "prompts.jsonl"
    jl.write_text("".join(json.dumps({"head": h, "relation": r}) + "\n" for h, r in prompts), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["generate", "--model", str(model), "--input", str(jl), "-o", str(out), "-n", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["head"], r["relation"]) for r in rows] == prompts
    assert rows == [
        {"head": h, "relation": r, "tails": tails}
        for (h, r), tails in zip(prompts, load_generator(model).generate_batch(prompts, 2))
    ]
    result = runner.invoke(app, ["train", "generator", "--data", str(data), "--size", "retrieval", "-m", str(model), "--resume"])
    assert isinstance(result.exception, StudentError) and "--resume do not apply" in str(result.exception)


def test_train_without_a_size_builds_the_retrieval_student(tmp_path: Path) -> None:
    """The product's default generator (the loop, kg distill, kg demo) is the retrieval student;
    kg train generator without --size builds the same, and --max-seconds is said to be ignored."""
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"{e.head}\t{e.relation}\t{e.tail}\n" for e in toy_examples()), encoding="utf-8")
    model = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "generator", "--data", str(data), "-m", str(model), "--max-seconds", "5"])
    assert result.exit_code == 0, result.output
    assert isinstance(load_generator(model), RetrievalGenerator)
    assert "--max-seconds are ignored" in result.output


def test_an_unknown_size_lists_retrieval_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "toy.tsv"
    data.write_text("PersonX eats\txWant\tto rest\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["train", "generator", "--data", str(data), "--size", "huge", "-m", str(tmp_path / "m")])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "unknown model size 'huge'" in err[0] and "small" in err[0] and "retrieval" in err[0]


def test_resume_without_a_checkpoint_keeps_the_folder_s_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """kg train generator --resume on a folder with no checkpoint (the default retrieval student's)
    said nothing, trained a gpt2 from scratch and replaced the retrieval index with it."""
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"{e.head}\t{e.relation}\t{e.tail}\n" for e in toy_examples()), encoding="utf-8")
    model = tmp_path / "model"
    assert kg_exit_code("train", "generator", "--data", str(data), "-m", str(model), "--quiet") == 0
    capsys.readouterr()
    assert kg_exit_code("train", "generator", "--data", str(data), "-m", str(model), "--resume", "--epochs", "1", "--quiet") == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "nothing to resume" in err[0] and str(model) in err[0]
    assert isinstance(load_generator(model), RetrievalGenerator)


def test_the_relation_prior_prefers_the_relations_common_words(tmp_path: Path) -> None:
    # the nearest head has an odd tail; every other head's tail says "to go ..."
    rows = [Example("PersonX plays the viola", "xWant", "to buy a zebra hat"),
            Example("PersonX plays the cello", "xWant", "to go home now")]
    rows += [Example(head, "xWant", f"to go {place}") for head, place in
             [("PersonX eats a pizza", "out"), ("PersonX runs a marathon", "home"), ("PersonX takes a nap", "to bed"),
              ("PersonX cooks dinner", "shopping"), ("PersonX swims in the pool", "home now")]]
    prompt = [("PersonX plays the violin", "xWant")]
    plain = RetrievalGenerator.build(rows, config=RetrievalConfig(neighbours=2, prior=0.0))
    assert plain.generate_batch(prompt) == [["to buy a zebra hat"]]
    assert RetrievalGenerator.build(rows, config=RetrievalConfig(neighbours=2, prior=5.0)).generate_batch(prompt) == [["to go home now"]]
    with pytest.raises(StudentError, match="prior must be at least 0"):
        RetrievalConfig(prior=-0.1)
    # an index saved before the prior existed reloads without one (and generates as it did)
    plain.save(tmp_path / "old")
    meta = json.loads((tmp_path / "old" / "generator.json").read_text(encoding="utf-8"))
    del meta["retrieval"]["prior"]
    (tmp_path / "old" / "generator.json").write_text(json.dumps(meta), encoding="utf-8")
    old = load_generator(tmp_path / "old")
    assert isinstance(old, RetrievalGenerator) and old.config.prior == 0.0
    assert old.generate_batch(prompt) == [["to buy a zebra hat"]]


def test_kg_eval_scores_only_heads_the_model_never_saw_and_keeps_none_references(tmp_path: Path) -> None:
    """Evaluated on another file (or a store that grew), the data was split again: 91 of 174
    "held-out" heads were training heads (BLEU-2 0.59 against 0.12 on its own split). A "none"
    among a row's references was dropped, which COMET-ATOMIC 2020's scorer keeps."""
    rows = toy_examples()
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"{e.head}\t{e.relation}\t{e.tail}\n" for e in rows), encoding="utf-8")
    model = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(app, ["train", "generator", "--data", str(data), "-m", str(model), "--heldout", "0.25", "--quiet"])
    assert result.exit_code == 0, result.output
    seen = set(json.loads((model / "generator.json").read_text(encoding="utf-8"))["split"]["seen_heads"])
    other = tmp_path / "other.jsonl"  # every toy head, with a "none" beside each row's tails
    by_prompt: dict[tuple[str, str], list[str]] = {}
    for e in rows:
        by_prompt.setdefault((e.head, e.relation), []).append(e.tail)
    other.write_text("".join(json.dumps({"head": h, "relation": r, "tails": [*t, "none"]}) + "\n"
                             for (h, r), t in by_prompt.items()), encoding="utf-8")
    result = runner.invoke(app, ["eval", "generator", "-m", str(model), "--data", str(other), "--format", "json"])
    assert result.exit_code == 0, result.output
    unseen = {e.head for e in rows if e.head.casefold() not in seen}
    assert json.loads(result.stdout)["prompts"] == len({(e.head, e.relation) for e in rows if e.head in unseen})
    from kg.students.generator_data import none_references

    assert len(none_references(other)) == len(by_prompt)


def test_kg_eval_leaves_out_the_heads_an_index_built_in_python_holds(tmp_path: Path, capsys) -> None:
    """An index built with `RetrievalGenerator.build(split.train)` and saved (docs/generator.md's
    Python recipe) recorded no heads, and `kg eval generator --data` scored its training heads'
    prompts too; it records them now, and an index saved before that is its own record."""
    rows = toy_examples()
    split = split_by_head(rows, test=0.25, seed=0)
    other = tmp_path / "all.jsonl"
    other.write_text("".join(json.dumps({"head": e.head, "relation": e.relation, "tails": [e.tail]}) + "\n" for e in rows),
                     encoding="utf-8")
    trained = {e.head for e in split.train}
    unseen = {(e.head, e.relation) for e in rows if e.head not in trained}
    for record in (True, False):
        model = tmp_path / f"model-{record}"
        RetrievalGenerator.build(split.train).save(model)
        if not record:  # saved before indexing recorded its heads
            meta = json.loads((model / "generator.json").read_text(encoding="utf-8"))
            del meta["split"]
            (model / "generator.json").write_text(json.dumps(meta), encoding="utf-8")
        capsys.readouterr()
        main(["eval", "generator", "-m", str(model), "--data", str(other), "--format", "json"])
        out = capsys.readouterr()
        assert json.loads(out.out)["prompts"] == len(unseen), out.err
        assert f"scored {len(unseen)} of the" in out.err and "made before" not in out.err


def test_kg_eval_generator_validates_a_data_file_without_a_store(tmp_path: Path, monkeypatch, capsys) -> None:
    """`kg eval generator --data FILE --domain D --validate` failed with "no store at 'kg-store'"
    though nothing but the domain judges the tails; and --beams, which the retrieval generator
    ignores, changed nothing without a word (figures reported as beam-4 were its one ranking)."""
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"{e.head}\t{e.relation}\t{e.tail}\n" for e in toy_examples()), encoding="utf-8")
    model = tmp_path / "model"
    assert kg_exit_code("train", "generator", "--data", str(data), "-m", str(model), "--heldout", "0.25", "--quiet") == 0
    monkeypatch.chdir(tmp_path)  # no kg-store here
    capsys.readouterr()
    assert kg_exit_code("eval", "generator", "-m", str(model), "--data", str(data), "--domain", "commonsense", "--validate", "-f", "json") == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["validity"] is not None and "no store" not in err
    assert kg_exit_code("eval", "generator", "-m", str(model), "--data", str(data), "--beams", "4", "-f", "json") == 0
    assert "--beams 4 has no effect on the retrieval generator" in capsys.readouterr().err


def test_kg_train_generator_scores_as_kg_eval_generator_does(tmp_path: Path) -> None:
    """kg train generator --data FILE.jsonl printed BLEU-2 0.152 and kg eval generator 0.162 for
    the same model and held-out heads: only eval kept the rows' "none" references."""
    heads = [head for kind_heads, _, _ in KINDS.values() for head in kind_heads]
    held_out = split_by_head([Example(h, "xWant", "-") for h in heads], test=0.25, validation=0.05).heads("test")
    # the held-out rows' tails are longer than any the student can give: "none" is the closest in length
    tails = {h: ["to sit down and rest a while", "none"] if h in held_out else ["to rest"] for h in heads}
    data = tmp_path / "toy.jsonl"
    data.write_text("".join(json.dumps({"head": h, "relation": "xWant", "tails": t}) + "\n" for h, t in tails.items()),
                    encoding="utf-8")
    model = tmp_path / "model"
    runner = CliRunner()
    trained = runner.invoke(app, ["train", "generator", "--data", str(data), "-m", str(model), "--heldout", "0.25", "--quiet"])
    assert trained.exit_code == 0, trained.output
    rows = [line.split() for line in trained.stdout.splitlines()]
    shown = {row[1]: row[3] for row in rows if row[1:2] in (["prompts"], ["bleu1"], ["bleu2"])}
    evaluated = runner.invoke(app, ["eval", "generator", "-m", str(model), "--format", "json"])
    assert evaluated.exit_code == 0, evaluated.output
    scores = json.loads(evaluated.stdout)
    assert shown == {"prompts": str(scores["prompts"]), "bleu1": f"{scores['bleu1']:.3f}", "bleu2": f"{scores['bleu2']:.3f}"}


def test_a_file_generated_in_chunks_samples_as_one_call(gen: RetrievalGenerator) -> None:
    """`kg generate --input --sample --seed 1` seeded only its first chunk with the retrieval
    student: two identical runs differed from the 65th prompt on (batch size 64)."""
    pairs = [(NEW_HEADS[kind], "xWant") for kind in KINDS] * 3
    whole = gen.generate_batch(pairs, 2, sample=True, seed=1, top_p=1.0)
    chunked = gen.generate_batch(pairs[:4], 2, sample=True, seed=1, top_p=1.0)
    chunked += gen.generate_batch(pairs[4:], 2, sample=True, seed=None, top_p=1.0)
    assert chunked == whole


def test_odd_example_files_are_read_as_meant_or_refused(tmp_path: Path) -> None:
    """A string in "tails" trained on its characters; "tails": null was an unexpected TypeError;
    a TSV header became a relation named "relation"; a padded head was another head."""
    from kg.errors import FormatError
    from kg.students.generator_data import read_examples

    jl = tmp_path / "a.jsonl"
    jl.write_text('{"head": "  PersonX  eats ", "relation": "xWant", "tails": "to sleep"}\n', encoding="utf-8")
    assert read_examples(jl) == [Example("PersonX eats", "xWant", "to sleep")]
    for bad in ('{"head": "PersonX eats", "relation": "xWant", "tails": null}', '{"head": null, "relation": "xWant", "tails": ["x"]}'):
        jl.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(FormatError, match="a.jsonl:1"):
            read_examples(jl)
    tsv = tmp_path / "a.tsv"
    tsv.write_text("head\trelation\ttail\nPersonX eats\txWant\tto sleep\n", encoding="utf-8")
    assert read_examples(tsv) == [Example("PersonX eats", "xWant", "to sleep")]


def test_the_saved_index_names_the_software_that_built_it(gen: RetrievalGenerator, tmp_path: Path) -> None:
    """generator.json named no version of kg-distill, torch or transformers: a reviewer could not
    tell which code built the student."""
    from kg.cli import version

    meta = json.loads((gen.save(tmp_path / "model") / "generator.json").read_text(encoding="utf-8"))
    assert meta["software"].startswith(f"kg-distill {version()}; torch ") and "transformers " in meta["software"]


def test_the_api_generates_without_writing_to_stderr_and_loads_once(gen: RetrievalGenerator, tmp_path: Path, capfd, monkeypatch) -> None:
    """Each `KnowledgeGraph.generate` call loaded the model again and drew transformers' "Loading
    weights" bar on the application's stderr (128 bar lines for 100 calls in a web app's log)."""
    from kg.api import KnowledgeGraph
    from transformers import logging as hf_logging

    hf_logging.enable_progress_bar()  # as in an application that has not turned them off
    folder = tmp_path / "model"
    gen.save(folder)
    loads = []
    real = generator_retrieval.RetrievalGenerator.load.__func__
    monkeypatch.setattr(generator_retrieval.RetrievalGenerator, "load",
                        classmethod(lambda cls, *a, **k: loads.append(a) or real(cls, *a, **k)))
    capfd.readouterr()
    with KnowledgeGraph.create(tmp_path / "store") as kg:
        tails = [kg.generate(NEW_HEADS["music"], "xWant", 2, model=folder) for _ in range(3)]
    assert tails[0] == tails[1] == tails[2] == gen.generate(NEW_HEADS["music"], "xWant", 2)
    assert len(loads) == 1
    assert capfd.readouterr().err == ""


@contextlib.contextmanager
def file_size_limit(size: int):
    """``ulimit -f``: a file written past ``size`` bytes fails with EFBIG (SIGXFSZ ignored)."""
    before, handler = resource.getrlimit(resource.RLIMIT_FSIZE), signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, before[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, before)
        signal.signal(signal.SIGXFSZ, handler)


@pytest.mark.slow  # two trainings and two generations through the CLI: ~20 s
def test_outputs_a_file_size_limit_stops_keep_the_earlier_ones_and_name_them(tmp_path: Path, capsys) -> None:
    """Under `ulimit -f`, `kg generate --input ... -o tails.jsonl` left half a JSON line in place
    of an earlier complete file, and `kg train generator` said only "File too large". The file is
    now written whole or not at all, and each error names what could not be written."""
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"{e.head}\t{e.relation}\t{e.tail}\n" for e in toy_examples()), encoding="utf-8")
    model = tmp_path / "model"
    assert kg_exit_code("train", "generator", "--data", str(data), "--size", "retrieval", "-m", str(model), "--quiet") == 0
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"head": h, "relation": "xWant"}) + "\n" for h in NEW_HEADS.values()), encoding="utf-8")
    out = tmp_path / "tails.jsonl"
    assert kg_exit_code("generate", "--model", str(model), "--input", str(prompts), "-o", str(out), "-n", "3", "--quiet") == 0
    earlier = out.read_bytes()
    saved = {f.name: f.read_bytes() for f in model.iterdir()}
    capsys.readouterr()
    with file_size_limit(len(earlier) // 2):
        generated = kg_exit_code("generate", "--model", str(model), "--input", str(prompts), "-o", str(out), "-n", "3", "--quiet")
        said_generating = capsys.readouterr().err
        trained = kg_exit_code("train", "generator", "--data", str(data), "--size", "retrieval", "-m", str(model), "--quiet")
        said_training = capsys.readouterr().err
    assert out.read_bytes() == earlier
    assert (generated, said_generating) == (1, f"error: cannot write {str(out)!r}: File too large\n")
    assert {f.name: f.read_bytes() for f in model.iterdir()} == saved
    assert (trained, said_training) == (1, f"error: cannot write {str(model)!r}: File too large\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "prompts.jsonl", "tails.jsonl", "toy.tsv"]
