"""A kill in the middle of a student's save leaves the model there before whole or the new one,
never one's settings with another's weights; a folder a save left incomplete is a one-line error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from kg.errors import StudentError


def _family() -> list[tuple[str, str, str]]:
    ex = "http://example.org/"
    rows = []
    for i in range(6):
        for j in range(2):
            rows.append((f"{ex}p{i}", f"{ex}parentOf", f"{ex}c{2 * i + j}"))
            rows.append((f"{ex}c{2 * i + j}", f"{ex}childOf", f"{ex}p{i}"))
    return rows


def _predictor(decoder: str, dim: int):
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig
    from kg.students.triples import from_triples

    cfg = TrainConfig(epochs=2, batch_size=64, eval_every=1, patience=10, seed=1, progress=False)
    return LinkPredictor.train(from_triples(_family()), model=ModelConfig(dim=dim, decoder=decoder), training=cfg)


def test_a_link_predictor_save_cut_short_leaves_the_model_before_whole(tmp_path: Path, monkeypatch) -> None:
    """The save wrote config.json, then model.pt, in place: a retrain killed between the two left
    the new settings (decoder, dim, vocabulary) with the old weights, a folder that loaded and
    answered with neither model's answers."""
    from kg.students import linkpred
    from kg.students.linkpred import LinkPredictor

    folder = tmp_path / "linkpred"
    _predictor("distmult", 8).save(folder)
    (folder / "checkpoints").mkdir()
    (folder / "checkpoints" / "checkpoint.pt").write_bytes(b"the training's")
    retrained = _predictor("complex", 4)

    def killed(obj, path, *args, **kwargs):
        raise KeyboardInterrupt  # as a kill in the middle of the weights' write

    monkeypatch.setattr(linkpred.torch, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        retrained.save(folder)
    monkeypatch.undo()
    loaded = LinkPredictor.load(folder)
    assert loaded.model.config.decoder == "distmult" and loaded.model.config.dim == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linkpred"]  # no partial folder left
    retrained.save(folder)
    assert LinkPredictor.load(folder).model.config.decoder == "complex"
    assert (folder / "checkpoints" / "checkpoint.pt").read_bytes() == b"the training's"  # kept by a save


def test_an_incomplete_link_predictor_folder_is_a_one_line_error_naming_it(tmp_path: Path) -> None:
    from kg.students.linkpred import LinkPredictor

    folder = tmp_path / "linkpred"
    _predictor("distmult", 8).save(folder)
    (folder / "model.pt").unlink()
    with pytest.raises(StudentError, match=r"linkpred'.* is incomplete \(no model\.pt\); train it again"):
        LinkPredictor.load(folder)


# -- the retrieval generator


class _Encoder:
    """Head vectors from the head's length: no model to load."""

    name = "toy"
    num_parameters = 0

    def encode(self, texts):
        import numpy as np

        return np.array([[len(t), 1.0] for t in texts], dtype="float32")


def test_a_retrieval_generator_save_cut_short_leaves_the_generator_before_whole(tmp_path: Path, monkeypatch) -> None:
    """The save wrote index.jsonl, heads.json, heads.npy, then generator.json in place: a kill at
    heads.npy left one retrain's heads with another's vectors, which loaded (as many of each)."""
    import numpy as np

    from kg.students import generator_retrieval
    from kg.students.generator_retrieval import RetrievalGenerator

    folder = tmp_path / "generator"
    first = RetrievalGenerator([], {"PersonX eats": np.array([1.0, 0.0])}, _Encoder(), {"architecture": "retrieval", "retrieval": {}, "run": 1})
    first.save(folder)
    second = RetrievalGenerator([], {"PersonX runs": np.array([0.0, 1.0])}, _Encoder(), {"architecture": "retrieval", "retrieval": {}, "run": 2})

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(generator_retrieval.np, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        second.save(folder)
    monkeypatch.undo()
    assert json.loads((folder / "heads.json").read_text(encoding="utf-8")) == ["PersonX eats"]
    assert json.loads((folder / "generator.json").read_text(encoding="utf-8"))["run"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generator"]


def test_an_incomplete_retrieval_generator_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    import numpy as np

    from kg.students.generator_retrieval import RetrievalGenerator

    folder = tmp_path / "generator"
    RetrievalGenerator([], {"PersonX eats": np.array([1.0, 0.0])}, _Encoder(), {"architecture": "retrieval", "retrieval": {}}).save(folder)
    (folder / "heads.npy").unlink()
    with pytest.raises(StudentError, match=r"generator'.* is incomplete \(no heads\.npy\)"):
        RetrievalGenerator.load(folder)


# -- the link predictor's checkpoint


def test_resume_from_a_checkpoint_cut_short_is_an_error_naming_it(tmp_path: Path) -> None:
    """A kill in the middle of the checkpoint's write left half a file, and --resume said only
    "error: Invalid argument"."""
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig
    from kg.students.triples import from_triples

    checkpoint = tmp_path / "ck" / "checkpoint.pt"
    cfg = TrainConfig(epochs=2, batch_size=64, eval_every=1, patience=10, seed=1, progress=False,
                      checkpoint_dir=str(checkpoint.parent), resume=True)
    LinkPredictor.train(from_triples(_family()), model=ModelConfig(dim=4), training=cfg)
    whole = checkpoint.read_bytes()
    checkpoint.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(StudentError, match=rf"cannot resume from {checkpoint}: the checkpoint is damaged .*without --resume"):
        LinkPredictor.train(from_triples(_family()), model=ModelConfig(dim=4), training=cfg)


def test_a_checkpoint_write_cut_short_leaves_the_previous_checkpoint(tmp_path: Path, monkeypatch) -> None:
    from kg.students import linkpred_train
    from kg.students.linkpred import LinkPredictor, ModelConfig, TrainConfig
    from kg.students.triples import from_triples

    checkpoint = tmp_path / "ck" / "checkpoint.pt"
    cfg = TrainConfig(epochs=3, batch_size=64, eval_every=1, patience=10, seed=1, progress=False, checkpoint_dir=str(checkpoint.parent))
    save, calls = torch.save, []

    def half_then_killed(obj, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:  # the second checkpoint: half written, then the process is gone
            save(obj, path, *args, **kwargs)
            Path(path).write_bytes(Path(path).read_bytes()[:100])
            raise KeyboardInterrupt
        return save(obj, path, *args, **kwargs)

    monkeypatch.setattr(linkpred_train.torch, "save", half_then_killed)
    with pytest.raises(KeyboardInterrupt):
        LinkPredictor.train(from_triples(_family()), model=ModelConfig(dim=4), training=cfg)
    monkeypatch.undo()
    assert torch.load(checkpoint, weights_only=True)["epoch"] == 1
    assert sorted(p.name for p in checkpoint.parent.iterdir()) == ["checkpoint.pt"]
