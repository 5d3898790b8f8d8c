"""The pretrained backbone is checked against the official SHA-256 digests before any use."""

from __future__ import annotations

import pytest

from kg.critics.backbone import OFFICIAL_SHA256, resolve_backbone, sha256
from kg.errors import CriticError


def test_the_packaged_backbone_matches_the_official_release(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    folder = resolve_backbone()
    assert folder.is_relative_to(tmp_path)
    for name, digest in OFFICIAL_SHA256.items():
        assert sha256(folder / name) == digest


def test_a_tampered_backbone_is_refused_with_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    folder = resolve_backbone()
    config = folder / "config.json"
    config.write_text(config.read_text().replace('"hidden_act": "gelu"', '"hidden_act": "relu"'))
    with pytest.raises(CriticError, match=r"config.json: SHA-256 .* does not match the official"):
        resolve_backbone()


def test_a_base_model_that_is_not_a_model_folder_is_refused(tmp_path):
    with pytest.raises(CriticError, match="not a local transformers model folder"):
        resolve_backbone(tmp_path)
