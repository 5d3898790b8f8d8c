"""The pretrained backbone is checked against the official SHA-256 digests before any use."""

from __future__ import annotations

import pytest

from kg.critics.backbone import OFFICIAL_SHA256, resolve_backbone, sha256, verify
from kg.errors import CriticError


def test_the_packaged_backbone_matches_the_official_release(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    folder = resolve_backbone()
    assert folder.is_relative_to(tmp_path)
    for name, digest in OFFICIAL_SHA256.items():
        assert sha256(folder / name) == digest


def test_the_unpacked_backbone_is_readable_by_the_caches_other_users(tmp_path, monkeypatch):
    """The folder was made by tempfile.mkdtemp (mode 0700) and renamed into place: in a shared
    cache (umask 022) its files were 0644 but the folder was drwx------."""
    import os

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    old = os.umask(0o022)
    try:
        folder = resolve_backbone()
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o777 == 0o755


def test_a_tampered_backbone_is_refused_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    folder = resolve_backbone()
    config = folder / "config.json"
    config.write_text(config.read_text().replace('"hidden_act": "gelu"', '"hidden_act": "relu"'))
    with pytest.raises(CriticError, match=r"config.json: SHA-256 .* does not match the official"):
        verify(folder)


def test_a_base_model_that_is_not_a_model_folder_is_refused(tmp_path):
    with pytest.raises(CriticError, match="not a local transformers model folder"):
        resolve_backbone(tmp_path)


def test_the_tokenizer_files_of_the_backbone_are_checked_too(tmp_path, monkeypatch):
    """tokenizer_config.json and special_tokens_map.json change how texts are read and were not
    checked; nor was a file added to the folder (transformers reads a vocab.txt beside it)."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    folder = resolve_backbone()
    assert {"tokenizer_config.json", "special_tokens_map.json"} <= set(OFFICIAL_SHA256)
    assert {p.name for p in folder.iterdir()} == set(OFFICIAL_SHA256)
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        path = folder / name
        original = path.read_bytes()
        path.write_bytes(original.replace(b"true", b"false").replace(b"[CLS]", b"[SEP]"))
        with pytest.raises(CriticError, match=f"{name}: SHA-256"):
            verify(folder)
        path.write_bytes(original)
    (folder / "added_tokens.json").write_text('{"zzz": 30522}')
    with pytest.raises(CriticError, match="added_tokens.json"):
        verify(folder)


def test_a_damaged_cached_backbone_is_unpacked_again_from_the_package(tmp_path, monkeypatch):
    """A corrupt copy in the cache said "reinstall the package", but only a missing folder was
    unpacked again: reinstalling changed nothing."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    folder = resolve_backbone()
    (folder / "tokenizer_config.json").write_text("{}")
    (folder / "vocab.txt").write_text("[PAD]\n")
    assert resolve_backbone() == folder
    assert {p.name for p in folder.iterdir()} == set(OFFICIAL_SHA256)
    assert all(sha256(folder / name) == digest for name, digest in OFFICIAL_SHA256.items())



def test_judging_in_several_threads_leaves_the_process_as_it_was(toy_critic, tmp_path):
    """Critic loads in several threads (judge() from a web app's pool) overlapped: transformers
    builds a model under process-wide patches that two loads at once left in place, so every
    model built in the process afterwards had its weights on the meta device (a tiny generator
    trained later in the test suite wrote garbage), and one load restored the verbosity the other
    had set, leaving ERROR for good."""
    import shutil
    import threading

    import torch
    from transformers import logging as hf_logging

    from kg.api import KnowledgeGraph
    from tests.conftest import kg_exit_code

    store = tmp_path / "kg"
    assert kg_exit_code("init", str(store), "--domain", "commonsense") == 0
    shutil.copytree(toy_critic, store / "critic")
    hf_logging.set_verbosity_warning()
    graphs = [KnowledgeGraph.open(store) for _ in range(4)]  # one model each: all load
    judged: list[object] = []
    start = threading.Barrier(len(graphs), timeout=60)

    def judge(g: KnowledgeGraph) -> None:
        start.wait()  # the loads are asked for at once
        judged.append(g.judge([("PersonX bakes a cake", "xWant", "to eat it")]))

    try:
        threads = [threading.Thread(target=judge, args=(g,)) for g in graphs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
    finally:
        for g in graphs:
            g.close()
    assert len(judged) == len(graphs)
    assert hf_logging.get_verbosity() == hf_logging.WARNING
    assert torch.nn.Linear(2, 2).weight.device.type == "cpu"  # a model built now has real weights
