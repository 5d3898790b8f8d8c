"""What keeps a local folder from being a ``transformers`` model a student or critic can start
from (``--base-model``): checked before loading, so the user reads what is wrong with the folder,
not what ``transformers`` tripped over later ("Couldn't instantiate the backend tokenizer ...
install sentencepiece" for a folder with no config.json; a ``SafetensorError`` for a git-lfs
pointer; an empty tokenizer built silently when the tokenizer files were left behind)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["model_folder_problem"]

_TOKENIZER_FILES = (
    "tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt", "spiece.model",
    "sentencepiece.bpe.model", "tokenizer.model", "source.spm", "vocab.model",
)
_LFS_POINTER = b"version https://git-lfs.github.com/spec/"


def model_folder_problem(path: Path, *, tokenizer: bool = True) -> str | None:
    """Why ``path`` is not a local model folder to load, as one sentence naming what to do; None
    when nothing is seen to be wrong: not a folder; no ``config.json``; a weights file that is a
    file that is a git-lfs pointer (a clone without ``git lfs pull`` leaves each large file a few
    lines: the weights, a big tokenizer.json); with ``tokenizer``, no tokenizer files."""
    if not path.is_dir():
        return f"{str(path)!r} is not a directory; give a local model folder"
    if not (path / "config.json").is_file():
        return f"{str(path)!r} is not a local transformers model folder (no config.json)"
    for file in sorted(path.iterdir()):
        if file.is_file() and file.stat().st_size < 1024:
            with file.open("rb") as fh:
                if fh.read(len(_LFS_POINTER)) == _LFS_POINTER:
                    return f"{str(file)!r} is a git-lfs pointer, not the file itself: run `git lfs pull` in the model's clone"
    if tokenizer and not any((path / name).is_file() for name in _TOKENIZER_FILES):
        return (
            f"{str(path)!r} has no tokenizer files ({', '.join(_TOKENIZER_FILES[:5])}, ...): "
            "copy them from the model's release into the folder"
        )
    return None
