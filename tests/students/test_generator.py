"""The COMET-style generator: data, leak-free splits, training, generation, persistence, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from kg.errors import FormatError, StudentError
from kg.students.generator import (
    Example,
    Generator,
    ModelConfig,
    TrainConfig,
    examples_from_store,
    read_examples,
    split_by_head,
)
from kg.students.generator_eval import evaluate

GAMES = ["chess", "golf", "piano", "tennis", "cards", "dice"]
TINY = ModelConfig(d_model=128, layers=2, heads=4, ffn=256, vocab_size=400, dropout=0.0)
TINY_BART = ModelConfig(architecture="bart", d_model=128, layers=2, heads=4, ffn=256, vocab_size=400, dropout=0.0)
TINY_MINILM = ModelConfig(
    architecture="minilm", pretrained=False, d_model=128, layers=2, heads=4, ffn=256, dropout=0.0
)  # the warm-started model's shape and WordPiece tokenizer, random weights at a test's size
FAST = TrainConfig(epochs=80, batch_size=12, lr=3e-3, warmup_steps=10, label_smoothing=0.0, threads=1)


def tiny_examples() -> list[Example]:
    """Tails that depend on the head: a model must read the head to reproduce them."""
    return [
        Example(f"PersonX plays {g}", rel, f"{prefix} {g}")
        for g in GAMES
        for rel, prefix in (("xWant", "to win at"), ("xNeed", "to learn"))
    ]


@pytest.fixture(scope="module", params=["gpt2", "bart"])
def trained(request, tmp_path_factory) -> tuple[Generator, Path]:
    """A tiny model of each from-scratch architecture: decoder-only and encoder–decoder."""
    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("gen") / "model"
    model = TINY if request.param == "gpt2" else TINY_BART
    gen = Generator.train(tiny_examples(), model=model, config=FAST, out_dir=out, progress=False)
    assert gen.causal == (request.param == "gpt2")
    return gen, out


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Generator, Path]:
    """The warm-started encoder–decoder's shape (MiniLM's WordPiece tokenizer, shared word
    embeddings, relations in words) at a test's size, with random weights."""
    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("warm") / "model"
    gen = Generator.train(tiny_examples(), model=TINY_MINILM, config=FAST, out_dir=out, progress=False)
    return gen, out


# -- data ----------------------------------------------------------------------------------


def test_read_examples_jsonl_skips_none_and_tsv(tmp_path):
    jl = tmp_path / "a.jsonl"
    jl.write_text(
        json.dumps({"head": "PersonX eats", "relation": "xNeed", "tails": ["food", "none", " "]}) + "\n"
        + json.dumps({"head": "PersonX runs", "relation": "xWant", "tail": "to rest"}) + "\n",
        encoding="utf-8",
    )
    assert read_examples(jl) == [Example("PersonX eats", "xNeed", "food"), Example("PersonX runs", "xWant", "to rest")]
    tsv = tmp_path / "a.tsv"
    tsv.write_text("# comment\nPersonX eats\txNeed\tfood\nPersonX eats\txNeed\tnone\n", encoding="utf-8")
    assert read_examples(tsv) == [Example("PersonX eats", "xNeed", "food")]
    tsv.write_text("only\ttwo\n", encoding="utf-8")
    with pytest.raises(FormatError, match="a.tsv:1"):
        read_examples(tsv)
    with pytest.raises(FormatError, match="no such"):
        read_examples(tmp_path / "missing.jsonl")


def test_split_by_head_has_no_leakage_and_is_deterministic():
    examples = [Example(f"head {i}", r, f"tail {i} {r}") for i in range(50) for r in ("a", "b", "c")]
    split = split_by_head(examples, test=0.2, validation=0.1, seed=3)
    train, valid, test = split.heads("train"), split.heads("validation"), split.heads("test")
    assert not (train & test) and not (train & valid) and not (valid & test)
    assert (len(test), len(valid)) == (10, 5)
    assert sorted(split.train + split.validation + split.test, key=str) == sorted(examples, key=str)
    again = split_by_head(list(reversed(examples)), test=0.2, validation=0.1, seed=3)
    assert again.heads("test") == test
    assert split_by_head(examples, test=0.2, validation=0.1, seed=4).heads("test") != test
    with pytest.raises(StudentError):
        split_by_head(examples, test=0.7, validation=0.5)


def test_examples_from_store_uses_labels_and_relation_names(kg):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    from kg.iri import mint_iri

    cs = "https://w3id.org/kgdistill/ontology/commonsense#"
    h, t = mint_iri("PersonX eats"), mint_iri("to be full")
    kg.store.add_triples(
        [
            (h, URIRef(cs + "xEffect"), t),
            (h, RDFS.label, Literal("PersonX eats")),
            (t, RDFS.label, Literal("to be full")),
            (h, URIRef(cs + "xAttr"), Literal("hungry")),
            (h, URIRef(cs + "xNeed"), mint_iri("no label here")),
        ]
    )
    assert examples_from_store(kg.store) == [
        Example("PersonX eats", "xAttr", "hungry"),
        Example("PersonX eats", "xEffect", "to be full"),
    ]


def test_a_relation_whose_values_are_numbers_or_dates_is_no_generator_example(kg):
    """`kg generate --head Mekong --relation length` wrote other rivers' lengths: a figure is no
    tail to generate (found by the geographer's audit)."""
    from rdflib import XSD, Literal, URIRef
    from rdflib.namespace import RDFS

    from kg.iri import mint_iri
    from kg.students.generator_data import figure_relations, require_relations

    hy = "https://example.org/hydro#"
    nile, egypt = mint_iri("Nile"), mint_iri("Egypt")
    kg.store.add_triples([
        (nile, RDFS.label, Literal("Nile")), (egypt, RDFS.label, Literal("Egypt")), (nile, URIRef(hy + "flowsThrough"), egypt),
        (nile, URIRef(hy + "length"), Literal("6650", datatype=XSD.decimal)),
        (nile, URIRef(hy + "named"), Literal("1850", datatype=XSD.gYear)),
    ])
    assert examples_from_store(kg.store) == [Example("Nile", "flowsThrough", "Egypt")]
    assert figure_relations(kg.store) == ["length", "named"]
    with pytest.raises(StudentError, match="a relation whose values are numbers or dates is not trained on"):
        require_relations(["length"], ["flowsThrough"])


# -- training and generation ---------------------------------------------------------------


def test_tiny_model_reproduces_its_training_tails(trained):
    gen, _ = trained
    examples = tiny_examples()
    outputs = gen.generate_batch([(e.head, e.relation) for e in examples], 1)
    assert [o[0] for o in outputs] == [e.tail for e in examples]
    assert gen.num_parameters < 1_000_000
    report = gen.meta["train"]
    assert report["train_loss"][-1] < report["train_loss"][0]
    # the head is read: the same relation gives different tails for different heads
    assert gen.generate("PersonX plays golf", "xWant", 1) != gen.generate("PersonX plays dice", "xWant", 1)


def test_batched_generation_equals_one_prompt_at_a_time(trained):
    gen, _ = trained
    # prompts of different lengths: a decoder-only model's are padded on the left
    pairs = [("PersonX plays chess", "xWant"), ("PersonX plays golf with a very old friend", "xNeed"),
             ("PersonX plays dice", "xNeed"), ("PersonX plays", "xWant")]
    alone = [gen.generate_batch([p], 1)[0] for p in pairs]
    assert gen.generate_batch(pairs, 1) == alone
    assert gen.generate_batch(pairs, 1, batch_size=3) == alone
    assert gen.generate_batch(pairs, 2) == [gen.generate_batch([p], 2)[0] for p in pairs]


def test_tails_may_repeat_words_of_their_head():
    # no n-gram repeats within a tail, but a decoder-only model's tail may repeat the head's
    examples = [Example(f"PersonX plays {g}", "xEffect", f"plays {g} well") for g in GAMES]
    gen = Generator.train(examples, model=TINY, config=FAST, progress=False)
    assert gen.generate("PersonX plays chess", "xEffect") == ["plays chess well"]
    assert gen.generate("PersonX plays chess", "xEffect", no_repeat_ngram_size=0) == ["plays chess well"]


def test_unknown_architecture_is_a_clear_error():
    with pytest.raises(StudentError, match="unknown architecture 'lstm'"):
        Generator.train(tiny_examples(), model=ModelConfig(architecture="lstm"), progress=False)


def test_beam_search_gives_n_distinct_tails(trained):
    gen, _ = trained
    tails = gen.generate("PersonX plays chess", "xWant", 3)
    assert len(tails) == 3 and len(set(tails)) == 3
    assert tails[0] == "to win at chess"


def test_length_penalty_and_beams_in_evaluate(trained):
    gen, _ = trained
    examples = tiny_examples()
    pairs = [(e.head, e.relation) for e in examples]
    # a length penalty changes only how finished beams are ranked; greedy ignores it
    assert gen.generate_batch(pairs, 1, length_penalty=2.0) == gen.generate_batch(pairs, 1)
    long_ = gen.generate_batch(pairs, 1, num_beams=3, length_penalty=2.0)
    assert all(len(o) == 1 for o in long_)
    result = evaluate(gen, examples, num_beams=3, length_penalty=0.5)
    assert result.prompts == len(examples) and result.bleu1 > 0.9


def test_head_shuffled_loss_shows_the_head_is_read(trained):
    gen, _ = trained
    examples = tiny_examples()
    heads = sorted({e.head for e in examples})
    moved = dict(zip(heads, heads[1:] + heads[:1]))
    shuffled = [Example(moved[e.head], e.relation, e.tail) for e in examples]
    assert gen.validation_loss(shuffled) > gen.validation_loss(examples) + 0.5


def test_saved_model_reloads_and_generates_identically(trained, tmp_path):
    gen, out = trained
    again = Generator.load(out)
    pairs = [(e.head, e.relation) for e in tiny_examples()] + [("PersonX plays football", "xWant")]
    assert again.generate_batch(pairs, 3) == gen.generate_batch(pairs, 3)
    assert again.generate_batch(pairs, 2, sample=True, seed=1) == gen.generate_batch(pairs, 2, sample=True, seed=1)
    meta = json.loads((out / "generator.json").read_text())
    assert meta["parameters"] == gen.num_parameters and meta["relations"] == ["xNeed", "xWant"]
    with pytest.raises(StudentError, match="no generator"):
        Generator.load(tmp_path)


def test_fine_tunes_a_local_pretrained_model(trained, tmp_path):
    _, out = trained  # a saved model + tokenizer folder (causal or seq2seq) stands in for a pretrained one
    examples = tiny_examples() + [Example(f"PersonX plays {g}", "oReact", "impressed") for g in GAMES]
    config = TrainConfig(epochs=40, batch_size=6, lr=2e-3, warmup_steps=5, label_smoothing=0.0, threads=1)
    gen = Generator.train(examples, base_model=out, config=config, progress=False)
    assert gen.meta["base_model"] == str(out) and not gen.meta["from_scratch"]
    assert gen.relations == ["oReact", "xNeed", "xWant"]  # the new relation token was added
    assert gen.generate("PersonX plays golf", "oReact", 1) == ["impressed"]
    with pytest.raises(StudentError, match="not a directory"):
        Generator.train(examples, base_model=tmp_path / "missing", progress=False)


def test_a_base_model_folder_that_cannot_serve_is_refused_in_one_line(trained, tmp_path):
    """Copy mistakes a user makes with a local model folder: the tokenizer files left behind
    trained anyway (an empty tokenizer: the embeddings cut to 20 rows, every tail empty, exit 0),
    a git-lfs pointer gave "unexpected SafetensorError", an encoder (a BertModel) was fine-tuned
    as if it wrote text, and --resume quietly ignored another --base-model."""
    import shutil

    _, out = trained
    examples = tiny_examples()

    def copy(name: str) -> Path:
        folder = tmp_path / name
        shutil.copytree(out, folder, ignore=shutil.ignore_patterns("checkpoint"))
        return folder

    no_tokenizer = copy("no_tokenizer")
    for file in no_tokenizer.iterdir():
        if "token" in file.name or "vocab" in file.name or "merges" in file.name:
            file.unlink()
    with pytest.raises(StudentError, match="no tokenizer files"):
        Generator.train(examples, base_model=no_tokenizer, progress=False)
    pointer = copy("lfs")
    (pointer / "model.safetensors").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n")
    with pytest.raises(StudentError, match="git-lfs pointer"):
        Generator.train(examples, base_model=pointer, progress=False)
    encoder = copy("encoder")
    config = json.loads((encoder / "config.json").read_text())
    (encoder / "config.json").write_text(json.dumps({**config, "architectures": ["BertModel"]}))
    with pytest.raises(StudentError, match="BertModel, which writes no text"):
        Generator.train(examples, base_model=encoder, progress=False)
    with pytest.raises(StudentError, match="drop --resume, or --base-model"):
        Generator.train(examples, base_model=copy("other"), out_dir=out, resume=True, progress=False)


def test_unknown_relation_is_a_clear_error(trained):
    gen, _ = trained
    with pytest.raises(StudentError, match="'oReact'"):
        gen.generate("PersonX plays chess", "oReact")
    # one unknown relation in a batch: the error names it and lists the known ones
    pairs = [("PersonX plays chess", "xWant"), ("PersonX plays golf", "isAfter"), ("PersonX naps", "oReact")]
    with pytest.raises(StudentError, match=r"relation\(s\) 'isAfter', 'oReact'; it knows xNeed, xWant \(it writes phrases and names"):
        gen.generate_batch(pairs, 1)


# -- the warm-started encoder–decoder (MiniLM's shape) ---------------------------------------


def test_warm_started_model_reads_the_head(warm):
    gen, _ = warm
    assert gen.meta["architecture"] == "minilm" and not gen.relation_tokens
    assert gen.source("PersonX plays chess", "xWant") == "PersonX plays chess; x want"  # no template: words
    tails = [gen.generate(f"PersonX plays {g}", "xWant", 1)[0] for g in GAMES]
    assert len(set(tails)) >= 5  # the tail changes with the head
    assert sum(t == f"to win at {g}" for t, g in zip(tails, GAMES)) >= 5
    good, bad = gen.log_likelihood(
        [("PersonX plays chess", "xWant", "to win at chess"), ("PersonX plays chess", "xWant", "a banana")]
    )
    assert good > bad


def test_warm_started_model_reloads_and_generates_identically(warm):
    gen, out = warm
    again = Generator.load(out)
    pairs = [(e.head, e.relation) for e in tiny_examples()] + [("PersonX plays football", "xWant")]
    assert again.generate_batch(pairs, 2) == gen.generate_batch(pairs, 2)
    assert again.num_parameters == gen.num_parameters
    # one word-embedding matrix: encoder input, decoder input and output layer
    emb = again.model.encoder.embeddings.word_embeddings.weight
    assert again.model.decoder.bert.embeddings.word_embeddings.weight is emb
    assert again.model.decoder.cls.predictions.decoder.weight is emb


def test_warm_started_model_writes_personx_cased(warm):
    gen, _ = warm
    assert gen.tail_text("personx wants persony to go") == "PersonX wants PersonY to go"


def test_log_likelihood_prefers_training_tails(trained):
    gen, _ = trained
    good, bad = gen.log_likelihood(
        [("PersonX plays chess", "xWant", "to win at chess"), ("PersonX plays chess", "xWant", "a banana")]
    )
    assert good > bad


def test_evaluate_scores_and_validity(trained):
    gen, _ = trained
    examples = tiny_examples()
    result = evaluate(gen, examples, train_tails=[e.tail for e in examples])
    assert result.prompts == 12
    assert result.bleu1 == pytest.approx(1.0) and result.bleu2 == pytest.approx(1.0)
    assert result.exact_match == 1.0 and result.novelty == 0.0 and result.validity is None
    assert result.tails_per_second > 0

    def check(cands):  # accept only the xWant triples
        from kg.records import Reason, Verdict

        return [Verdict.accept(c) if "win" in c else Verdict.reject(c, Reason("t", "no")) for c in cands]

    triples_seen = []

    def to_records(triples):
        triples_seen.extend(triples)
        return [t[2] for t in triples]

    result = evaluate(gen, examples, check=check, candidates=to_records)
    assert result.validity == pytest.approx(0.5)
    assert len(triples_seen) == 12


def test_training_resumes_from_checkpoint(tmp_path):
    examples = tiny_examples()
    config = TrainConfig(epochs=2, batch_size=6, lr=3e-3, warmup_steps=2, threads=1)
    first = Generator.train(examples, model=TINY, config=config, out_dir=tmp_path / "m", progress=False)
    assert first.meta["train"]["epochs"] == 2 and first.meta["train"]["steps"] == 4
    more = TrainConfig(epochs=3, batch_size=6, lr=3e-3, warmup_steps=2, threads=1)
    resumed = Generator.train(examples, model=TINY, config=more, out_dir=tmp_path / "m", resume=True, progress=False)
    assert resumed.meta["train"]["epochs"] == 3 and resumed.meta["train"]["steps"] == 6
    assert len(resumed.meta["train"]["train_loss"]) == 3


class _Planted:
    """A pickle that touches a file when it is loaded (what a hostile checkpoint could run)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        import pathlib

        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def test_resuming_runs_no_code_from_the_checkpoint(tmp_path):
    """--resume unpickled trainer.pt with weights_only=False: a model folder from someone else
    could run any code on the machine that resumed it."""
    import torch

    from kg.errors import StudentError

    examples = tiny_examples()
    config = TrainConfig(epochs=1, batch_size=6, lr=3e-3, warmup_steps=2, threads=1)
    Generator.train(examples, model=TINY, config=config, out_dir=tmp_path / "m", progress=False)
    marker = tmp_path / "ran"
    torch.save({"optimizer": _Planted(str(marker))}, tmp_path / "m" / "checkpoint" / "trainer.pt")
    with pytest.raises(StudentError, match="cannot resume from .*trainer.pt"):
        Generator.train(examples, model=TINY, config=config, out_dir=tmp_path / "m", resume=True, progress=False)
    assert not marker.exists()


def test_time_budget_stops_training(capsys):
    config = TrainConfig(epochs=50, batch_size=6, lr=3e-3, warmup_steps=2, max_seconds=1e-6, threads=1)
    gen = Generator.train(tiny_examples(), model=TINY, config=config, progress=True)
    report = gen.meta["train"]
    assert report["stopped"] == "time budget" and report["epochs"] == 1


def test_time_budget_is_checked_every_step():
    # one long epoch (10 steps): the budget stops it after the first step, not at its end
    examples = [Example(f"PersonX plays {g} {i}", "xWant", f"to win at {g}") for g in GAMES for i in range(10)]
    config = TrainConfig(epochs=3, batch_size=6, lr=3e-3, warmup_steps=2, max_seconds=1e-6, threads=1)
    gen = Generator.train(examples, model=TINY, config=config, progress=False)
    report = gen.meta["train"]
    assert report["stopped"] == "time budget" and report["steps"] == 1


def test_early_stopping_keeps_the_best_epoch():
    examples = tiny_examples()
    # validation heads never seen: the loss soon stops improving and training stops early
    held = [Example("PersonX sings opera", "xWant", "to be loud"), Example("PersonX swims", "xNeed", "water")]
    config = TrainConfig(epochs=60, batch_size=12, lr=3e-3, warmup_steps=5, patience=2, label_smoothing=0.0, threads=1)
    gen = Generator.train(examples, validation=held, model=TINY, config=config, progress=False)
    report = gen.meta["train"]
    assert report["stopped"] == "early stopping"
    assert report["epochs"] < 60
    best = min(report["validation_loss"])
    assert report["validation_loss"][report["best_epoch"] - 1] == best
    assert gen.validation_loss(held) == pytest.approx(best, rel=1e-4)


def test_validation_relation_the_training_lacks_is_left_out_of_the_loss():
    """kg train generator died after training ("the generator was not trained on relation(s)
    'xReason'") when a relation's heads all fell into validation: nothing was saved."""
    held = [Example("PersonX swims", "xNeed", "water"), Example("PersonX swims", "xReason", "it is hot")]
    config = TrainConfig(epochs=1, batch_size=12, lr=3e-3, warmup_steps=2, threads=1)
    gen = Generator.train(tiny_examples(), validation=held, model=TINY, config=config, progress=False)
    report = gen.meta["train"]
    assert report["validation_left_out"] == ["xReason"]
    assert report["validation_loss"] == [pytest.approx(gen.validation_loss(held[:1]), rel=1e-4)]


# -- CLI -----------------------------------------------------------------------------------


def test_cli_train_generate_eval(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    data = tmp_path / "d.tsv"
    rows = [f"PersonX plays {g}\txWant\tto win at {g}" for g in GAMES + ["golf", "polo", "bridge", "darts"]]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "model"
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["train", "generator", "--data", str(data), "-o", str(model), "--size", "tiny", "--epochs", "2",
         "--heldout", "0.2", "--validation", "0.1", "--quiet"],
    )
    assert result.exit_code == 0, result.output
    assert "bleu2" in result.output and (model / "generator.json").is_file()
    result = runner.invoke(app, ["generate", "--model", str(model), "--head", "PersonX plays golf", "-r", "xWant", "-n", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 2
    result = runner.invoke(app, ["eval", "generator", "--model", str(model), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["prompts"] == 2


def test_generator_json_names_the_software_that_trained_it(trained, tmp_path):
    """generator.json named no version of kg-distill, torch or transformers: a reviewer could not
    tell which code trained the student. It does now, and a loaded model saved again keeps it."""
    from kg.cli import version

    gen, out = trained
    software = json.loads((out / "generator.json").read_text())["software"]
    assert software.startswith(f"kg-distill {version()}; torch ") and "transformers " in software
    again = Generator.load(out).save(tmp_path / "again")
    assert json.loads((again / "generator.json").read_text())["software"] == software
