"""Batch generation and honest scoring through the public interfaces: `kg generate --input`
(JSONL, CSV, TSV in; JSONL out), unknown relations, KnowledgeGraph.generate_batch, the store's
corpora (human / teacher / both, filtered / unfiltered) and human-only references in
`kg train generator` / `kg eval generator`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from typer.testing import CliRunner

from kg.api import KnowledgeGraph
from kg.cli import app, main
from kg.errors import StudentError
from kg.students.generator import Generator, ModelConfig, TrainConfig
from kg.students.generator_data import Example, examples_from_store
from tests.conftest import kg_exit_code

GAMES = ["chess", "golf", "piano", "tennis", "cards", "dice"]
TINY = ModelConfig(d_model=64, layers=1, heads=2, ffn=128, vocab_size=300, dropout=0.0)
FEW = TrainConfig(epochs=3, batch_size=12, lr=3e-3, warmup_steps=2, label_smoothing=0.0, threads=1)
CS = "https://w3id.org/kgdistill/ontology/commonsense#"


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("gen") / "model"
    examples = [
        Example(f"PersonX plays {g}", rel, f"{prefix} {g}")
        for g in GAMES
        for rel, prefix in (("xWant", "to win at"), ("xNeed", "to learn"))
    ]
    Generator.train(examples, model=TINY, config=FEW, out_dir=out, progress=False)
    return out


PROMPTS = [("PersonX plays golf", "xWant"), ("PersonX plays bridge, badly", "xNeed"), ("PersonX plays dice", "xWant")]


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_generate_input_jsonl_and_csv_round_trip_in_order(model: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    jl = tmp_path / "prompts.jsonl"
    jl.write_text("".join(json.dumps({"head": h, "relation": r, "id": i}) + "\n" for i, (h, r) in enumerate(PROMPTS)) + "\n")
    result = runner.invoke(app, ["generate", "--model", str(model), "--input", str(jl), "-n", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    rows = _lines(result.stdout)
    assert [(r["head"], r["relation"]) for r in rows] == PROMPTS
    assert all(len(r["tails"]) == 2 and all(isinstance(t, str) for t in r["tails"]) for r in rows)

    # the same prompts as CSV (a header, a quoted comma) and headerless TSV, into a file; small batches
    csv_file = tmp_path / "prompts.csv"
    csv_file.write_text("relation,head\n" + "".join(f'{r},"{h}"\n' for h, r in PROMPTS))
    tsv_file = tmp_path / "prompts.tsv"
    tsv_file.write_text("".join(f"{h}\t{r}\n" for h, r in PROMPTS))
    for source in (csv_file, tsv_file):
        out = tmp_path / f"{source.suffix[1:]}.jsonl"
        result = runner.invoke(
            app, ["generate", "--model", str(model), "-i", str(source), "-o", str(out), "-n", "2", "--batch-size", "2"]
        )
        assert result.exit_code == 0, result.output
        assert _lines(out.read_text(encoding="utf-8")) == rows  # beam search: the same tails

    # the Python API gives what the CLI wrote
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.create(tmp_path / "store") as kg:
        assert kg.generate_batch(PROMPTS, 2, model=model) == [r["tails"] for r in rows]
        assert kg.generate_batch([], model=model) == []
        with pytest.raises(StudentError, match=r"unknown relation 'oReact'.*xNeed, xWant"):
            kg.generate_batch([*PROMPTS, ("PersonX plays golf", "oReact")], model=model)


def test_unknown_relation_is_one_clear_line(model: Path, tmp_path: Path, capsys) -> None:
    jl = tmp_path / "prompts.jsonl"
    jl.write_text(json.dumps({"head": "PersonX plays golf", "relation": "xWant"}) + "\n"
                  + json.dumps({"head": "PersonX plays golf", "relation": "xWish"}) + "\n")
    out = tmp_path / "out.jsonl"
    for args, where in (
        (["generate", "--model", str(model), "--input", str(jl), "-o", str(out)], "prompts.jsonl:2: "),
        (["generate", "--model", str(model), "--head", "PersonX plays golf", "-r", "xWish"], ""),
    ):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2  # a usage error (it was 1; kg rules predict said 2)
        captured = capsys.readouterr()
        err = [line for line in captured.err.splitlines() if line.strip()]
        assert len(err) == 1 and "Traceback" not in captured.err, captured.err
        assert f"{where}unknown relation 'xWish'" in err[0] and "xNeed, xWant" in err[0]
    assert not out.exists() or out.read_text() == ""  # checked before anything is generated


def test_a_relation_may_be_given_by_prefixed_name_or_iri(model: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    for relation in ("xWant", "cs:xWant", f"<{CS}xWant>", f"{CS}xWant"):
        result = runner.invoke(app, ["generate", "--model", str(model), "--head", "PersonX plays golf", "-r", relation, "-n", "2"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert len(set(outputs)) == 1
    from kg.api import KnowledgeGraph

    with KnowledgeGraph.create(tmp_path / "store") as kg:
        assert kg.generate_batch([("PersonX plays golf", "cs:xWant")], 2, model=model) == kg.generate_batch(
            [("PersonX plays golf", "xWant")], 2, model=model)
        with pytest.raises(StudentError, match="unknown relation 'cs:xWish'"):
            kg.generate_batch([("PersonX plays golf", "cs:xWish")], model=model)


def test_generate_from_python_reads_its_prompts_and_options_as_kg_generate_does(model: Path, tmp_path: Path) -> None:
    """KnowledgeGraph.generate wrote tails for an empty head (``kg generate --head ""`` refuses
    it), failed on a None head with a bare TypeError (generate_batch wrote tails for the head
    "None"), and on a misspelt option (``temprature=0.5``) too; it needed ``model=`` where ``kg
    generate`` reads the store's; "xwant" was an unknown relation where "cs:xWant" was read; and
    a neural tail kept a line break and U+FFFD, which ``-f tsv`` folded and the API did not."""
    import shutil

    from kg.students.generator import load_generator

    with KnowledgeGraph.create(tmp_path / "store") as kg:
        shutil.copytree(model, tmp_path / "store" / "students" / "generator")
        tails = kg.generate("PersonX plays golf", "xWant", 2, model=model)
        assert kg.generate("PersonX plays golf", "xWant", 2) == tails  # the store's generator, as kg generate's
        assert kg.generate("PersonX plays golf", "xwant", 2) == tails == kg.generate_batch([("PersonX plays golf", "XWANT")], 2)[0]
        for head in ("", "  "):
            with pytest.raises(StudentError, match="prompt 1: the head is empty"):
                kg.generate(head, "xWant", model=model)
        with pytest.raises(StudentError, match="prompt 2: the head is text, not NoneType None"):
            kg.generate_batch([("PersonX plays golf", "xWant"), (None, "xWant")], model=model)  # type: ignore[list-item]
        with pytest.raises(StudentError, match="unknown generation option 'temprature'; did you mean temperature"):
            kg.generate("PersonX plays golf", "xWant", model=model, sample=True, temprature=0.5)
    assert load_generator(model).tail_text(" to win\nat  golf\ufffd ") == "to win at golf"


def test_a_relation_iri_ending_in_a_separator_is_read_by_its_local_name(model: Path, capsys) -> None:
    """kg.iri.local_name's rules, as every other command reads an IRI: before, `kg generate`
    split on its own and found no name in ``.../xWant/`` ("unknown relation")."""
    outputs = []
    for relation in ("xWant", "<https://example.org/atomic/xWant/>", "https://example.org/atomic#xWant", "urn:atomic:xWant"):
        assert kg_exit_code("generate", "--model", str(model), "--head", "PersonX plays golf", "-r", relation, "-n", "2") == 0
        outputs.append(capsys.readouterr().out)
    assert len(set(outputs)) == 1


def test_prompt_file_mistakes_are_clear(model: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"head": "PersonX runs"}\n')
    for args, words in (
        (["generate", "--model", str(model), "--input", str(bad)], "bad.jsonl:1"),
        (["generate", "--model", str(model), "--input", str(tmp_path / "prompts.txt")], "no such prompts file"),
        (["generate", "--model", str(model)], "--head and --relation, or"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code != 0
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err


# -- the store's corpora and human-only references -------------------------------------------


def _write(kg, rows: list[tuple[str, str, str, str, str | None]]) -> None:
    """Rows (head, relation, tail, teacher, rejected-by check or None) as the pipeline stores them."""
    from rdflib import URIRef

    from kg.iri import mint_iri
    from kg.records import Candidate, Completion, Reason, Verdict

    verdicts = []
    for i, (head, relation, tail, teacher, rejected) in enumerate(rows):
        completion = Completion(f"{head}|{relation}", f"{head} {relation}", teacher, tail, i)
        cand = Candidate(
            mint_iri(head), URIRef(CS + relation), mint_iri(tail), completion, tail, "test",
            subject_label=head, object_label=tail,
        )
        verdicts.append(Verdict.reject(cand, Reason(rejected, "no")) if rejected else Verdict.accept(cand, 0.9))
    kg.write(verdicts)


def test_examples_from_store_picks_human_teacher_both_filtered_or_not(kg) -> None:
    _write(kg, [
        ("PersonX bakes", "xWant", "to eat", "atomic2020:human", None),
        ("PersonX bakes", "xWant", "to sell", "openai:gpt", None),
        ("PersonX bakes", "xWant", "to eat", "openai:gpt", None),        # both wrote it
        ("PersonX bakes", "xNeed", "flour", "openai:gpt", "critic"),       # quarantined by the critic
        ("PersonX bakes", "xNeed", "an oven", "atomic2020:human", "critic"),
        ("PersonX bakes", "xNeed", "a river", "openai:gpt", "range"),     # a symbolic check: never read
    ])

    def tails(**kw) -> set[str]:
        return {e.tail for e in examples_from_store(kg.store, corpus=kw.pop("corpus", "both"), **kw)}

    assert tails() == {"to eat", "to sell"}
    assert tails(corpus="human") == {"to eat"}
    assert tails(corpus="teacher") == {"to eat", "to sell"}
    assert tails(filtered=False) == {"to eat", "to sell", "flour", "an oven"}
    assert tails(corpus="human", filtered=False) == {"to eat", "an oven"}
    assert tails(corpus="teacher", filtered=False) == {"to eat", "to sell", "flour"}
    with pytest.raises(StudentError, match="unknown corpus 'people'"):
        examples_from_store(kg.store, corpus="people")


def test_a_fact_a_person_added_is_a_human_tail_in_the_export_and_the_corpus(kg, tmp_path: Path) -> None:
    """A fact added with kg.add was exported among a row's `tails` (people's) but was in no
    `corpus="human"` of the generator (0 human tails), and one a teacher had also written went to
    `generations` only; exporters and corpora now agree on who wrote a fact, and a person's fact
    (kg.add, kg load) is people's."""
    _write(kg, [("PersonX pays PersonY a compliment", "oReact", "happy", "openai:gpt", None),
                ("PersonX pays PersonY a compliment", "oReact", "flattered", "openai:gpt", None)])
    kg.add([("PersonX pays PersonY a compliment", "oReact", "happy"),
            ("PersonX pays PersonY a compliment", "xIntent", "to cheer PersonY up")], domain="commonsense")

    def tails(corpus: str) -> set[str]:
        return {e.tail for e in examples_from_store(kg, corpus=corpus)}

    kg.export(tmp_path / "corpus.jsonl", format="atomic")
    rows = [json.loads(line) for line in (tmp_path / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {t for r in rows for t in r["tails"]} == tails("human") == {"happy", "to cheer PersonY up"}
    assert {t for r in rows for t in r["generations"]} == {"flattered"}
    assert tails("teacher") == {"happy", "flattered"}


def test_train_and_eval_score_against_human_tails_only(tmp_path: Path, capsys) -> None:
    from kg.api import KnowledgeGraph

    store = tmp_path / "store"
    rows = []
    for g in GAMES + ["polo", "darts", "bridge", "chess960"]:
        head = f"PersonX plays {g}"
        rows.append((head, "xWant", f"to win at {g}", "atomic2020:human", None))
        rows.append((head, "xWant", f"to beat them at {g}", "openai:gpt", None))
        rows.append((head, "xNeed", f"to learn {g}", "openai:gpt", None))  # teacher only: no reference
    with KnowledgeGraph.create(store) as kg:
        _write(kg, rows)
    model = tmp_path / "model"
    main(["train", "generator", "--store", str(store), "-o", str(model), "--size", "tiny", "--epochs", "1",
          "--heldout", "0.3", "--validation", "0", "--corpus", "teacher", "--unfiltered", "--quiet"])
    capsys.readouterr()
    meta = json.loads((model / "generator.json").read_text(encoding="utf-8"))
    assert (meta["split"]["corpus"], meta["split"]["filtered"]) == ("teacher", False)
    main(["eval", "generator", "--store", str(store), "--model", str(model), "--json"])
    scores = json.loads(capsys.readouterr().out)
    # 3 held-out heads; only their xWant prompts have human tails (the xNeed ones are the teacher's)
    assert scores["prompts"] == 3
    for key in ("distinct_tails", "distinct_tails_share", "distinct_2", "head_sensitivity"):
        assert key in scores

    # a store without human tails (a user's own domain, distilled from a teacher): the model is
    # built and saved, unscored, rather than refused; evaluating it is a clear error, never a
    # score against the teacher
    only_teacher = tmp_path / "teacher-store"
    with KnowledgeGraph.create(only_teacher) as kg:
        _write(kg, [r for r in rows if r[3] != "atomic2020:human"])
    main(["train", "generator", "--store", str(only_teacher), "-o", str(tmp_path / "m2"), "--heldout", "0.3"])
    err = capsys.readouterr().err
    assert "not scored: no human tails for the 3 held-out heads" in err and (tmp_path / "m2" / "generator.json").exists()
    with pytest.raises(SystemExit) as exc:
        main(["eval", "generator", "--store", str(only_teacher), "--model", str(tmp_path / "m2")])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert "no human tails for the 3 held-out heads" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["train", "generator", "--data", str(tmp_path / "any.tsv"), "--corpus", "human", "--quiet"])
    assert "a .tsv file does not say" in capsys.readouterr().err


def test_filtered_and_unfiltered_students_are_scored_on_the_same_heads(tmp_path: Path, capsys) -> None:
    """`kg train generator --filtered` and `--unfiltered` held out different heads (the split was
    cut from the corpus trained on: heads the critic rejected everything of could never be held
    out), so the two students of West et al.'s comparison shared few or no test prompts."""
    from kg.api import KnowledgeGraph

    store = tmp_path / "store"
    rows = []
    for i, g in enumerate(GAMES + ["polo", "darts", "bridge", "golf960"]):
        for verb, rejected in (("plays", None), ("hates", "critic")):  # every tail of "hates" quarantined by the critic
            rows.append((f"PersonX {verb} {g} {i}", "xWant", f"to {verb} {g} again", "atomic2020:human", rejected))
            rows.append((f"PersonX {verb} {g} {i}", "xWant", f"to {verb} {g} more", "openai:gpt", rejected))
    with KnowledgeGraph.create(store) as kg:
        _write(kg, rows)
    scored = []
    for flag in ("--filtered", "--unfiltered"):
        model = tmp_path / flag
        main(["train", "generator", "--store", str(store), "-o", str(model), "--heldout", "0.3", flag])
        err = capsys.readouterr().err
        assert "6 of 20 heads held out" in err and "6 held-out prompts with 6 human reference tails" in err
        main(["eval", "generator", "--store", str(store), "--model", str(model), "--json"])
        scored.append(json.loads(capsys.readouterr().out)["prompts"])
    assert scored == [6, 6]


def test_eval_generator_scores_a_test_file_whole(tmp_path: Path, capsys) -> None:
    """`kg eval generator --data TEST.jsonl` cut the test file as it trains (a tenth held out) and
    scored that tenth, silently: a file the model was not trained on is scored whole, but for the
    heads the model saw, and the note says how many of its prompts."""
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps({"head": f"PersonX plays {g}", "relation": "xWant", "tails": [f"to win at {g}"]}) + "\n"
                             for g in GAMES), encoding="utf-8")
    model = tmp_path / "model"
    main(["train", "generator", "--data", str(train), "-o", str(model), "--heldout", "0", "--validation", "0", "--quiet"])
    test = tmp_path / "test.jsonl"
    heads = [f"PersonX plays {g}" for g in ("chess", *(f"game {i}" for i in range(19)))]  # one the model saw
    test.write_text("".join(json.dumps({"head": h, "relation": "xWant", "tails": ["to win"]}) + "\n" for h in heads),
                    encoding="utf-8")
    capsys.readouterr()
    main(["eval", "generator", "--model", str(model), "--data", str(test), "--json"])
    out = capsys.readouterr()
    assert json.loads(out.out)["prompts"] == 19
    assert "scored 19 of the 20 prompts" in out.err and "the other 1 are on heads the model was trained on" in out.err


def test_eval_never_scores_heads_a_model_trained_in_python_saw(model: Path, tmp_path: Path, capsys) -> None:
    """A model trained with docs/generator.md's Python recipe recorded no heads, and `kg eval
    generator --data` scored the prompts of its training heads too (526 prompts, BLEU-2 0.80
    against 0.09 on the true held-out ones) under a note that it was "made before it did keep a
    record"; now training records them from Python as from the CLI, and a model with no record
    is not scored (a retrieval index is its own record)."""
    import shutil

    test = tmp_path / "test.jsonl"
    heads = ["PersonX plays chess", "PersonX plays golf", *(f"PersonX plays game {i}" for i in range(4))]
    test.write_text("".join(json.dumps({"head": h, "relation": "xWant", "tails": ["to win"]}) + "\n" for h in heads),
                    encoding="utf-8")
    capsys.readouterr()
    main(["eval", "generator", "--model", str(model), "--data", str(test), "--json"])
    out = capsys.readouterr()
    assert json.loads(out.out)["prompts"] == 4
    assert "scored 4 of the 6 prompts" in out.err and "made before" not in out.err
    old = tmp_path / "old"
    shutil.copytree(model, old)
    meta = json.loads((old / "generator.json").read_text(encoding="utf-8"))
    del meta["split"]
    (old / "generator.json").write_text(json.dumps(meta), encoding="utf-8")
    assert kg_exit_code("eval", "generator", "--model", str(old), "--data", str(test)) != 0
    err = capsys.readouterr().err
    assert "keeps no record of the heads it was trained on" in err and "Traceback" not in err


def test_an_exported_corpus_trains_with_its_generations(tmp_path: Path, capsys) -> None:
    """`kg export -f atomic -o corpus.jsonl` writes the critic-filtered teacher generations as
    `generations`, which `kg train generator --data corpus.jsonl` dropped (it read `tails` only):
    a teacher-only distillation trained on nothing. They are the teacher's corpus; `tails` stay
    the only references."""
    data = tmp_path / "corpus.jsonl"
    data.write_text("".join(json.dumps({"head": f"PersonX plays {g}", "relation": "xWant", "tails": [f"to win at {g}"],
                                        "generations": [f"to practise {g}", f"to win at {g}"]}) + "\n" for g in GAMES),
                    encoding="utf-8")
    counts = {}
    for corpus in ("both", "human", "teacher"):
        main(["train", "generator", "--data", str(data), "-o", str(tmp_path / corpus), "--heldout", "0.5", "--corpus", corpus])
        err = capsys.readouterr().err
        counts[corpus] = int(err.split(" examples")[0].split()[-1])
        assert "3 held-out prompts with 3 human reference tails" in err
    assert counts == {"both": 12, "human": 6, "teacher": 12}


def test_train_uses_the_models_own_learning_rate_unless_given(model: Path, tmp_path: Path) -> None:
    """`--lr` defaults to the model's own rate (2e-4 fine-tuning a --base-model, 1e-3 from scratch),
    not 1e-3 for every model."""
    data = tmp_path / "toy.tsv"
    data.write_text("".join(f"PersonX plays {g}\txWant\tto win at {g}\n" for g in GAMES), encoding="utf-8")
    runner = CliRunner()
    for extra, lr in (([], 2e-4), (["--lr", "5e-5"], 5e-5)):
        out = tmp_path / f"tuned{len(extra)}"
        args = ["train", "generator", "--data", str(data), "--base-model", str(model), "-m", str(out), "--epochs", "1", "--quiet"]
        result = runner.invoke(app, args + extra)
        assert result.exit_code == 0, result.output
        assert Generator.load(out).meta["train"]["lr"] == pytest.approx(lr)


def test_decoding_options_out_of_range_are_one_line(model: Path, capsys) -> None:
    """--temperature 0 with --sample leaked transformers' ValueError ('unexpected'); --beams 0
    and -2 ran greedy; --top-p 0 and 1.5 and an empty --head were taken."""
    for argv in (["generate", "--model", str(model), "--head", "PersonX eats", "-r", "xWant", "--sample", "--temperature", "0"],
                 ["generate", "--model", str(model), "--head", "PersonX eats", "-r", "xWant", "--top-p", "1.5"],
                 ["generate", "--model", str(model), "--head", " ", "-r", "xWant"],
                 ["eval", "generator", "--model", str(model), "--beams", "0"]):
        with pytest.raises(SystemExit):
            main(argv)
        err = capsys.readouterr().err
        assert "unexpected" not in err and "Traceback" not in err and err.strip(), argv


def test_generate_input_honours_the_format_and_dash_is_standard_output(
    model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kg generate --input F -f csv` ignored -f and wrote JSONL, and `-o -` wrote a file named
    `-`; now -f csv|tsv writes a row per tail (head, relation, tail) and - is standard output."""
    import csv

    monkeypatch.chdir(tmp_path)
    jl = tmp_path / "prompts.jsonl"
    jl.write_text("".join(json.dumps({"head": h, "relation": r}) + "\n" for h, r in PROMPTS))
    capsys.readouterr()
    assert kg_exit_code("generate", "--model", str(model), "--input", str(jl), "-n", "2", "-q", "-o", "-") == 0
    rows = _lines(capsys.readouterr().out)
    assert [(r["head"], r["relation"]) for r in rows] == PROMPTS and not (tmp_path / "-").exists()
    expected = [(r["head"], r["relation"], tail) for r in rows for tail in r["tails"]]
    assert kg_exit_code("generate", "--model", str(model), "--input", str(jl), "-n", "2", "-q", "-f", "csv", "--batch-size", "2") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "head,relation,tail" and [tuple(r) for r in csv.reader(out[1:])] == expected
    tsv = tmp_path / "tails.tsv"
    assert kg_exit_code("generate", "--model", str(model), "--input", str(jl), "-n", "2", "-q", "-f", "tsv", "-o", str(tsv)) == 0
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "head\trelation\ttail" and [tuple(line.split("\t")) for line in lines[1:]] == expected



def test_train_generator_writes_its_split_for_comet(tmp_path: Path, capsys) -> None:
    """No way to score a COMET baseline on the student's held-out prompts: `kg train generator
    --write-split DIR` writes COMET-ATOMIC 2020's train.tsv / dev.tsv / test.tsv of its split."""
    data = tmp_path / "rows.jsonl"
    data.write_text("".join(json.dumps({"head": f"PersonX plays {g} {i}", "relation": "xWant", "tails": [f"to win at {g}"]}) + "\n"
                            for i, g in enumerate(GAMES * 3)), encoding="utf-8")
    folder = tmp_path / "split"
    main(["train", "generator", "--data", str(data), "-o", str(tmp_path / "m"), "--heldout", "0.2", "--validation", "0.1",
          "--write-split", str(folder)])
    parts = {name: (folder / f"{name}.tsv").read_text(encoding="utf-8").splitlines() for name in ("train", "dev", "test")}
    assert [len(lines) for lines in parts.values()] == [12, 2, 4]
    heads = {name: {line.split("\t")[0] for line in lines} for name, lines in parts.items()}
    assert not (heads["train"] & heads["test"]) and not (heads["dev"] & heads["test"])
    meta = json.loads((tmp_path / "m" / "generator.json").read_text(encoding="utf-8"))
    assert not {h.casefold() for h in heads["test"]} & set(meta["split"]["seen_heads"])
    assert "4 held-out prompts" in capsys.readouterr().err


def test_an_unreadable_prompt_or_example_line_is_a_format_error_naming_file_and_line(tmp_path: Path, capsys) -> None:
    """A too deeply nested JSON line or a line that is not UTF-8 escaped `kg generate --input`'s
    and `kg train generator --data`'s readers raw (RecursionError, UnicodeDecodeError: no file,
    no line, exit 1); they are a FormatError naming ``path:line``, as their other mistakes are."""
    from kg.errors import FormatError
    from kg.students.generator_data import read_examples, read_prompts

    good = json.dumps({"head": "PersonX plays golf", "relation": "xWant", "tails": ["to win"]}) + "\n"
    files = {
        "nested.jsonl": (good + "[" * 100_000 + "\n").encode(),
        "latin1.jsonl": good.encode() + '{"head": "PersonX café", "relation": "xWant", "tails": ["to win"]}\n'.encode("latin-1"),
        "latin1.csv": "head,relation\nPersonX plays golf,xWant\nPersonX café,xWant\n".encode("latin-1"),
        "latin1.tsv": "PersonX plays golf\txWant\tto win\nPersonX café\txWant\tto win\n".encode("latin-1"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    for name in ("nested.jsonl", "latin1.jsonl", "latin1.csv"):
        with pytest.raises(FormatError, match=rf"{name}:[23]: "):
            read_prompts(tmp_path / name)
        assert kg_exit_code("generate", "--model", str(tmp_path / "no-model"), "--input", str(tmp_path / name)) == 2
        err = capsys.readouterr().err
        assert f"{name}:" in err and "Traceback" not in err
    for name in ("nested.jsonl", "latin1.jsonl", "latin1.tsv"):
        with pytest.raises(FormatError, match=rf"{name}:2: "):
            read_examples(tmp_path / name)
    assert kg_exit_code("train", "generator", "--data", str(tmp_path / "nested.jsonl"), "-m", str(tmp_path / "m")) == 2
    err = capsys.readouterr().err
    assert "nested.jsonl:2: JSON nested too deeply" in err and "Traceback" not in err


def test_a_jsonl_line_without_a_key_a_list_or_cut_says_so_in_words(tmp_path, capsys):
    """A prompt line without relation said `expected a JSON object with head and relation:
    'relation'` (a bare KeyError), a JSON array line `list indices must be integers or slices, not
    str`, and a cut line `d.jsonl:2: ... Expecting value: line 2 column 1` (two line numbers)."""
    good = json.dumps({"head": "PersonX plays golf", "relation": "xWant", "tails": ["to win"]}) + "\n"
    files = {
        "norel.jsonl": (good + '{"head": "PersonX runs", "tails": ["to win"]}\n', "no relation"),
        "array.jsonl": (good + '["PersonX runs", "xWant"]\n', "got a JSON array"),
        "cut.jsonl": (good + '{"head": "PersonX runs", "relation": "xWant", "tails": \n', "not valid JSON: Expecting value at column 57"),
    }
    for name, (text, said) in files.items():
        (tmp_path / name).write_text(text)
        assert kg_exit_code("generate", "--model", str(tmp_path / "no-model"), "--input", str(tmp_path / name)) == 2
        err = capsys.readouterr().err
        assert f"{name}:2: " in err and said in err and "line 2 column" not in err and "list indices" not in err, err
        assert kg_exit_code("train", "generator", "--data", str(tmp_path / name), "-m", str(tmp_path / "m")) == 2
        err = capsys.readouterr().err
        assert f"{name}:2: " in err and said in err and "line 2 column" not in err, err
