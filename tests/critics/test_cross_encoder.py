"""The cross-encoder critic, trained in the test on a tiny random-init BERT (``tiny_bert``)."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import numpy as np
import pytest

from kg.critics import metrics
from kg.critics.cross_encoder import CriticTrainConfig, CrossEncoderCritic, train_critic
from kg.critics.examples import Row, balanced_eval_set, split_by_head
from kg.errors import CriticError


TEMPLATES = {"xWant": "{head}; as a result, PersonX wants {tail}", "xReact": "{head}; as a result, PersonX feels {tail}"}


VERBS = {
    "bakes": ("to eat the loaf", "to share the loaf", "proud", "hungry"),
    "paints": ("to admire the colours", "to frame the picture", "creative", "artistic"),
    "sells": ("to count the money", "to bank the cash", "rich", "relieved"),
    "loses": ("to search the room", "to retrace the steps", "sad", "upset"),
    "fixes": ("to test the repair", "to tighten the bolts", "capable", "handy"),
    "cleans": ("to rest on the sofa", "to admire the shine", "tidy", "weary"),
}
THINGS = ["the bread", "a fence", "the car", "a house", "a bike", "the dishes", "a cake", "a boat", "a chair", "the lamp"]


def toy_critic_rows() -> list[Row]:
    rows = []
    for verb, (want1, want2, react1, react2) in VERBS.items():
        for thing in THINGS:
            rows.append(Row(f"PersonX {verb} {thing}", "xWant", (want1, want2)))
            rows.append(Row(f"PersonX {verb} {thing}", "xReact", (react1, react2)))
    return rows


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from .conftest import make_tiny_bert

    rows = toy_critic_rows()
    texts = [f"{r.head} {' '.join(r.tails)}" for r in rows] + list(TEMPLATES.values())
    bert = make_tiny_bert(tmp_path_factory.mktemp("toy-bert"), texts)
    train, test = split_by_head(rows, 0.25, seed=0)
    config = CriticTrainConfig(
        epochs=150, max_seconds=900, lr=1e-3, batch_size=32, freeze_embeddings=False, seed=0, progress=False,
        threads=1, negatives_per_positive=2, mix={"other_head": 2.0, "other_relation": 1.0, "random": 1.0},
    )
    critic = train_critic(train, templates=TEMPLATES, config=config, base_model=bert)
    return critic, test


def test_a_critic_trained_in_the_test_separates_held_out_heads(trained):
    critic, test = trained
    examples = [e for e in balanced_eval_set(test, seed=3) if e.kind in ("positive", "other_head", "other_relation", "random")]
    scores = critic.score([(e.head, e.relation, e.tail) for e in examples])
    labels = [e.label for e in examples]
    assert metrics.roc_auc(scores, labels) > 0.75  # chance: 0.5 (the untrained model scores about that)
    assert critic.info["calibration"]["heads"] > 0 and 0.0 < critic.threshold < 1.0


def test_scores_do_not_depend_on_the_order_of_a_batch(trained):
    critic, test = trained
    triples = [(r.head, r.relation, t) for r in test for t in r.tails] + [(test[0].head, "xWant", "proud")]
    base = CrossEncoderCritic(critic.model, critic.tokenizer, templates=critic.templates).score(triples)
    for seed in range(3):
        order = list(range(len(triples)))
        random.Random(seed).shuffle(order)
        fresh = CrossEncoderCritic(critic.model, critic.tokenizer, templates=critic.templates, threshold=critic.threshold)
        again = fresh.score([triples[i] for i in order])
        assert np.array_equal(again, base[order])


def test_a_quantised_score_depends_on_its_text_only(trained):
    """The same text scored alone, beside long texts, in another order or after other calls gets
    the same decision and the same score to within fp32 rounding (int8 dynamic quantisation took
    its activation scale over the whole padded batch, so a score moved with its batch mates)."""
    critic, test = trained
    model = CrossEncoderCritic(critic.model, critic.tokenizer, templates=critic.templates).quantize().model

    def fresh() -> CrossEncoderCritic:
        return CrossEncoderCritic(model, critic.tokenizer, templates=critic.templates, threshold=critic.threshold)

    triples = [(r.head, r.relation, t) for r in test for t in r.tails]
    long = [(f"{h} and then {h} again", rel, f"{t}, {t} and {t}") for h, rel, t in triples[:8]]
    alone = np.asarray([fresh().score([t])[0] for t in triples])
    beside_long = fresh().score(triples + long)[: len(triples)]
    reversed_ = fresh().score(triples[::-1])[::-1]
    earlier = fresh()
    earlier.score(long + triples[::2])
    after_calls = earlier.score(triples)
    for scores in (beside_long, reversed_, after_calls):
        assert np.abs(scores - alone).max() <= 1e-6  # before: 0.02 on this toy model, 0.41 on the real one
        assert np.array_equal(scores >= critic.threshold, alone >= critic.threshold)


def test_vacuous_answers_score_zero_without_the_model(trained):
    critic, _ = trained
    assert critic.score([("PersonX bakes bread", "xWant", "idk"), ("PersonX bakes bread", "xWant", "PersonX bakes bread")]).tolist() == [0.0, 0.0]


def test_a_saved_critic_loads_with_the_same_scores_and_refuses_changed_weights(trained, tmp_path):
    critic, test = trained
    folder = critic.save(tmp_path / "critic")
    meta = json.loads((folder / "critic.json").read_text())
    assert meta["id"] == critic.id and meta["threshold"] == critic.threshold
    triples = [(r.head, r.relation, t) for r in test for t in r.tails]
    loaded = CrossEncoderCritic.load(folder, threads=1)
    assert np.allclose(loaded.score(triples), critic.score(triples), atol=1e-6)
    quantized = CrossEncoderCritic.load(folder, quantize=True, threads=1)
    assert np.abs(quantized.score(triples) - critic.score(triples)).max() < 0.1
    weights = folder / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(CriticError, match="SHA-256") as exc:
        CrossEncoderCritic.load(folder)
    assert "the critic's files are corrupt" in str(exc.value) and "official" not in str(exc.value)


def test_loading_a_critic_leaves_torchs_threads_and_stderr_alone(trained, tmp_path, capfd):
    """Loading a critic (as KnowledgeGraph.judge and distill with a critic do, threads=None) set
    torch's thread count for the whole process to every core, over the application's own choice
    (1 became 2), and drew transformers' "Loading weights" bar on stderr."""
    import torch

    critic, _ = trained
    folder = critic.save(tmp_path / "critic")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        CrossEncoderCritic.load(folder)
        assert torch.get_num_threads() == 1
        CrossEncoderCritic.load(folder, threads=2)  # asked for: set
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
    assert "Loading weights" not in capfd.readouterr().err


def test_a_saved_critic_refuses_a_changed_tokenizer_file(trained, tmp_path):
    """Only the weights were hashed: a changed tokenizer_config.json (or an added vocabulary
    file) loaded under the same id and changed verdicts."""
    critic, _ = trained
    folder = critic.save(tmp_path / "critic")
    meta = json.loads((folder / "critic.json").read_text())
    assert {"tokenizer.json", "tokenizer_config.json", "config.json", "model.safetensors"} <= set(meta["files_sha256"])
    config = folder / "tokenizer_config.json"
    original = config.read_text()
    config.write_text(original.replace("[UNK]", "[PAD]"))
    with pytest.raises(CriticError, match="tokenizer_config.json: SHA-256"):
        CrossEncoderCritic.load(folder)
    config.write_text(original)
    (folder / "added_tokens.json").write_text('{"bakes": 9999}')
    with pytest.raises(CriticError, match="added_tokens.json"):
        CrossEncoderCritic.load(folder)


def test_the_id_covers_the_tokenizer(trained):
    import copy

    critic, _ = trained
    tokenizer = copy.deepcopy(critic.tokenizer)
    base = CrossEncoderCritic(critic.model, tokenizer, templates=critic.templates).id
    tokenizer.backend_tokenizer.normalizer = None  # no lower-casing: other tokens, other verdicts
    assert CrossEncoderCritic(critic.model, tokenizer, templates=critic.templates).id != base


def test_one_class_of_training_data_is_an_error(tiny_bert):
    from kg.critics.examples import Example

    labelled = [Example("PersonX bakes bread", "xWant", "to eat it", True, "labelled")] * 3
    with pytest.raises(CriticError, match="one class"):
        train_critic([], templates=TEMPLATES, labelled=labelled, base_model=tiny_bert,
                     config=CriticTrainConfig(max_seconds=5, progress=False, threads=1))




def test_the_default_training_is_listwise(trained):
    """Each right tail is trained against the wrong tails drawn for it (and pointwise)."""
    assert trained[0].info["trained"]["config"]["rank_weight"] == CriticTrainConfig().rank_weight > 0


def test_a_step_budget_runs_its_steps_and_the_time_cap_only_stops_a_run_gone_wrong(tiny_bert):
    rows = toy_critic_rows()
    base = CriticTrainConfig(lr=1e-3, freeze_embeddings=False, progress=False, threads=1, negatives_per_positive=1.0)
    critic = train_critic(rows, templates=TEMPLATES, config=replace(base, steps=7, epochs=50), base_model=tiny_bert)
    assert (critic.info["trained"]["steps"], critic.info["trained"]["stopped"]) == (7, "steps")  # not 50 epochs
    lines: list[str] = []
    capped = train_critic(rows, templates=TEMPLATES, config=replace(base, steps=10**7, max_seconds=0.3),
                          base_model=tiny_bert, log=lines.append)
    assert capped.info["trained"]["stopped"] == "max_seconds" and capped.info["trained"]["steps"] < 10**7
    assert any("time cap (0.3 s) stopped training after" in line for line in lines)


def test_the_progress_bar_ends_at_the_steps_run(tiny_bert, monkeypatch):
    """A run of fewer than ten steps (a small store's critic) left the bar at 0/4."""
    import kg.progress

    shown: list[int] = []

    class Bar(kg.progress.TrainingBar):
        def update(self, *, completed=None, advance=0, description=None):
            shown.append(completed)

    monkeypatch.setattr(kg.progress, "TrainingBar", Bar)
    config = CriticTrainConfig(lr=1e-3, freeze_embeddings=False, progress=False, threads=1, negatives_per_positive=1.0, steps=4)
    train_critic(toy_critic_rows(), templates=TEMPLATES, config=config, base_model=tiny_bert)
    assert shown and shown[-1] == 4


def test_a_label_on_a_held_out_head_written_otherwise_stays_held_out(tiny_bert):
    """split_by_head stripped punctuation but the labels were matched case-insensitively only:
    a label on "PersonX,  bakes a cake" trained the critic while "PersonX bakes a cake" was
    held out to calibrate it."""
    from kg.critics.examples import Example

    rows = toy_critic_rows()
    _, held = split_by_head(rows, CriticTrainConfig().calibration_fraction, seed=0, salt="calibration")
    head = held[0].head
    variant = head.replace(" ", ",  ", 1).upper()
    labelled = [Example(variant, "xWant", "to sleep", False, "labelled")]
    critic = train_critic(rows, templates=TEMPLATES, labelled=labelled, base_model=tiny_bert,
                          config=CriticTrainConfig(steps=1, progress=False, threads=1))
    assert critic.info["trained"]["labelled"] == 0  # in the calibration set, with its head


def test_a_critic_an_older_kg_saved_still_loads_with_what_it_reads_verified(tmp_path):
    """Format 1 kept the digest of the weights only. Such a critic, trained from the official
    backbone, loads with its weights checked and its configuration and tokenizer read from the
    verified backbone (its own copies are not read); changed weights are refused; one trained
    from weights of a user's own cannot be checked and is refused with a one-line reason."""
    import shutil

    from kg.critics.backbone import OFFICIAL_SHA256, resolve_backbone, sha256

    backbone = resolve_backbone()
    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(backbone / name, folder / name)
    meta = {"format": 1, "kind": "cross-encoder", "id": "cross-encoder:000000000000", "threshold": 0.5,
            "target_precision": 0.9, "max_length": 64, "templates": {}, "backbone": "all-MiniLM-L6-v2",
            "backbone_sha256": OFFICIAL_SHA256["model.safetensors"], "weights_sha256": sha256(folder / "model.safetensors")}
    (folder / "critic.json").write_text(json.dumps(meta), encoding="utf-8")
    config = folder / "tokenizer_config.json"
    config.write_text(config.read_text().replace('"do_lower_case": true', '"do_lower_case": false'))  # not read
    assert '"do_lower_case": false' in config.read_text()
    critic = CrossEncoderCritic.load(folder)
    assert critic.tokenizer.tokenize("PersonX Eats BREAD")[-1] == "bread"
    assert critic.id == "cross-encoder:000000000000"
    with open(folder / "model.safetensors", "r+b") as fh:
        fh.seek(-8, 2)
        fh.write(b"\x00" * 8)
    with pytest.raises(CriticError, match="digest it was saved with"):
        CrossEncoderCritic.load(folder)
    (folder / "critic.json").write_text(json.dumps({**meta, "backbone_sha256": "0" * 64}), encoding="utf-8")
    with pytest.raises(CriticError, match="weights of your own"):
        CrossEncoderCritic.load(folder)


def test_a_critic_saved_where_another_save_is_under_way_loads(toy_critic, tmp_path):
    """Two processes saving a critic into one folder (two `kg critic train -o same`, two `kg demo`
    sharing a cache) left a folder that would not load: one hashed the other's in-flight temp
    file into critic.json ("the critic at ... lacks .tmpbnGa7z; the critic's files are corrupt")."""
    critic = CrossEncoderCritic.load(toy_critic, threads=1)
    folder = critic.save(tmp_path / "critic")
    in_flight = folder / ".tmpbnGa7z"  # what another process's save_pretrained was writing
    in_flight.write_bytes(b"half a model")
    critic.save(folder)
    in_flight.unlink(missing_ok=True)  # that save went on and renamed it
    assert CrossEncoderCritic.load(folder, threads=1).id == critic.id
    assert not [p.name for p in tmp_path.iterdir() if p.name != "critic"]  # no temporary folder left


def test_a_critic_is_not_saved_over_a_folder_of_other_files(toy_critic, tmp_path):
    """Saving a critic into a folder of other files (`-o .`) must not replace them."""
    critic = CrossEncoderCritic.load(toy_critic, threads=1)
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CriticError, match="not a critic's folder nor an empty one"):
        critic.save(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert critic.save(tmp_path / "empty").is_dir() and (tmp_path / "empty" / "critic.json").is_file()


def test_a_critic_saved_under_umask_002_is_the_groups_to_read(toy_critic, tmp_path):
    """A critic saved in a group's folder under umask 002 could not be loaded by the group's other
    members: its model.safetensors was 0600 whatever the umask."""
    import os
    import stat

    critic = CrossEncoderCritic.load(toy_critic, threads=1)
    old = os.umask(0o002)
    try:
        folder = critic.save(tmp_path / "critic")
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o775
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {p.name: 0o664 for p in folder.iterdir()}


def test_a_decoder_backbone_trains_and_a_broken_folder_is_one_line(tmp_path):
    """`kg critic train --base-model` with a GPT-2-style backbone crashed ("unexpected ValueError:
    Cannot handle batch sizes > 1 if no padding token is defined": the critic never set the
    model's pad id), and a git-lfs pointer for weights gave "unexpected SafetensorError"."""
    import shutil

    from transformers import GPT2Config, GPT2LMHeadModel

    from kg.critics.backbone import resolve_backbone

    from .conftest import make_tiny_bert

    rows = toy_critic_rows()[:40]
    bert = make_tiny_bert(tmp_path / "bert", [f"{r.head} {' '.join(r.tails)}" for r in rows] + list(TEMPLATES.values()))
    gpt2 = tmp_path / "gpt2"
    shutil.copytree(bert, gpt2)  # its tokenizer, a decoder's weights
    (gpt2 / "model.safetensors").unlink()
    (gpt2 / "config.json").unlink()
    vocab = len(json.loads((bert / "tokenizer.json").read_text())["model"]["vocab"])
    GPT2LMHeadModel(GPT2Config(vocab_size=vocab, n_embd=32, n_layer=1, n_head=2, n_positions=128)).save_pretrained(gpt2)
    config = CriticTrainConfig(epochs=1, batch_size=8, seed=0, progress=False, threads=1)
    critic = train_critic(rows, templates=TEMPLATES, config=config, base_model=gpt2)
    assert 0.0 <= critic.score([("PersonX bakes the bread", "xWant", "to eat the loaf")])[0] <= 1.0
    (gpt2 / "model.safetensors").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n")
    with pytest.raises(CriticError, match="git-lfs pointer"):
        resolve_backbone(gpt2)
