"""Shared fixtures of the critic tests: a toy ATOMIC-style file and a tiny random-init BERT.

``tiny_bert`` is a 1-layer BERT (hidden size 32) with a word-level vocabulary over the toy data,
the commonsense domain's templates and the evasive phrases, saved as a local transformers folder
for ``--base-model``: a critic trains on it in a second or two. ``make_tiny_bert(folder, texts)``
builds one over other texts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

import pytest

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

_VERBS = ["bakes", "paints", "washes", "sells", "buys", "fixes", "cleans", "builds", "finds", "loses"]
_THINGS = ["bread", "a fence", "the car", "a house", "a bike", "the dishes", "a cake", "a boat"]
_WANTS = {
    "bakes": ["to eat it", "to share it"], "paints": ["to admire it", "to rest"], "washes": ["to dry it", "to rest"],
    "sells": ["to count the money", "to buy something new"], "buys": ["to use it", "to show it off"],
    "fixes": ["to test it", "to use it"], "cleans": ["to relax", "to rest"], "builds": ["to show it off", "to use it"],
    "finds": ["to keep it", "to tell a friend"], "loses": ["to find it", "to search again"],
}
_REACTS = {
    "bakes": ["proud", "hungry"], "paints": ["creative", "tired"], "washes": ["clean", "tired"], "sells": ["rich", "relieved"],
    "buys": ["happy", "excited"], "fixes": ["proud", "capable"], "cleans": ["tidy", "tired"], "builds": ["proud", "tired"],
    "finds": ["lucky", "happy"], "loses": ["sad", "upset"],
}


def toy_rows() -> list[dict]:
    """ATOMIC-style rows: 80 heads, xWant and xReact tails that depend on the verb."""
    rows = []
    for verb in _VERBS:
        for thing in _THINGS:
            head = f"PersonX {verb} {thing}"
            rows.append({"head": head, "relation": "xWant", "tails": _WANTS[verb], "generations": ["to sleep", "none"]})
            rows.append({"head": head, "relation": "xReact", "tails": _REACTS[verb], "generations": ["bored"]})
    return rows


def write_jsonl(path: Path, rows: Iterable[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def make_tiny_bert(folder: Path, texts: Iterable[str]) -> Path:
    """A random-init 1-layer BERT with a lower-cased word vocabulary over ``texts``, saved to
    ``folder`` (model, config and tokenizer): a ``--base-model`` that trains in seconds."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    words = sorted({w for text in texts for w in re.findall(r"\w+|[^\w\s]", text.lower())})
    folder.mkdir(parents=True, exist_ok=True)
    vocab = {token: i for i, token in enumerate(SPECIAL + [w for w in words if w not in SPECIAL])}
    backend = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    backend.normalizer = normalizers.BertNormalizer(lowercase=True)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]",
        mask_token="[MASK]",
    )
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=128, num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _domain_texts() -> list[str]:
    from kg.critics.examples import EVASIVE
    from kg.pipeline import load_domain

    domain = load_domain("commonsense")
    return [r.verbalization for r in domain.relations.values()] + list(EVASIVE)


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> Path:
    texts = [row["head"] + " " + " ".join(row["tails"] + row["generations"]) for row in toy_rows()]
    return make_tiny_bert(tmp_path_factory.mktemp("tiny-bert"), texts + _domain_texts())


@pytest.fixture
def toy_atomic(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "toy.jsonl", toy_rows())


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A geography store of one distill run (the pipeline tests' transcript, 3 samples)."""
    from tests.conftest import kg_exit_code
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)
    location = tmp_path / "store"
    assert kg_exit_code("distill", "--domain", "geography", "--teacher", f"replay:{files['transcript']}", "--store",
                        str(location), "--seeds", str(files["seeds"]), "--samples", "3", "--quiet") == 0
    return location


@pytest.fixture(scope="session")
def toy_critic(tiny_bert: Path, tmp_path_factory) -> Path:
    """A critic trained on ``toy_rows`` with ``tiny_bert`` (a few seconds), saved to a folder;
    copy it before changing it."""
    from kg.critics.cross_encoder import CriticTrainConfig, train_critic
    from kg.critics.examples import Row
    from kg.pipeline import load_domain

    domain = load_domain("commonsense")
    rows = [Row(r["head"], r["relation"], tuple(r["tails"])) for r in toy_rows()]
    config = CriticTrainConfig(steps=150, lr=1e-3, freeze_embeddings=False, max_seconds=120, target_precision=0.7, progress=False, threads=1)
    critic = train_critic(rows, templates={n: r.verbalization for n, r in domain.relations.items()}, config=config, base_model=tiny_bert)
    return critic.save(tmp_path_factory.mktemp("toy-critic") / "critic")
