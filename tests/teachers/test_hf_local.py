"""The hf_local backend with a tiny randomly initialised GPT-2 built in the test (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import TeacherError
from kg.teachers import make_teacher


def _tokenizer(path: Path, specials: list[str], **named: str):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = ["PersonX goes to the mall. 1. to buy clothes 2. to meet friends", "Paris is the capital of France."] * 20
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=120, special_tokens=specials))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", **named)
    fast.save_pretrained(path)
    return fast


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer GPT-2 with a 120-token BPE vocabulary, randomly initialised."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    path = tmp_path_factory.mktemp("tiny-gpt2")
    fast = _tokenizer(path, ["<unk>", "<eos>"], eos_token="<eos>", pad_token="<eos>")
    torch.manual_seed(0)
    config = GPT2Config(
        vocab_size=fast.vocab_size, n_positions=128, n_embd=16, n_layer=2, n_head=2,
        bos_token_id=fast.eos_token_id, eos_token_id=fast.eos_token_id,
    )
    GPT2LMHeadModel(config).save_pretrained(path)
    return path


def test_hf_local_seq2seq(tmp_path: Path) -> None:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    fast = _tokenizer(tmp_path, ["<pad>", "<s>", "</s>", "<unk>"], eos_token="</s>", pad_token="<pad>", bos_token="<s>")
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=fast.vocab_size, d_model=16, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
        max_position_embeddings=64, pad_token_id=fast.pad_token_id, bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id, decoder_start_token_id=fast.eos_token_id,
    )
    BartForConditionalGeneration(config).save_pretrained(tmp_path)
    teacher = make_teacher(f"hf:{tmp_path}", no_cache=True)
    out = teacher.complete(["PersonX goes to the mall xIntent [GEN]"], n=2, params={"max_tokens": 6})
    assert teacher.is_encoder_decoder and len(out) == 2  # n=2 at temperature 0: two beams
    assert all(0 <= c.usage["completion_tokens"] <= 6 for c in out) and any(c.text for c in out)


def test_hf_local_samples_and_caches(tiny_model: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    params = {"temperature": 1.0, "max_tokens": 8}
    with make_teacher(f"hf:{tiny_model}", cache_path=cache) as teacher:
        out = teacher.complete(["PersonX goes to", "Paris is"], n=2, params=params)
        assert [(c.prompt, c.sample_index) for c in out] == [
            ("PersonX goes to", 0), ("PersonX goes to", 1), ("Paris is", 0), ("Paris is", 1)
        ]
        assert all(isinstance(c.text, str) and c.finish_reason in ("stop", "length") for c in out)
        assert all(0 <= c.usage["completion_tokens"] <= 8 for c in out)
        assert any(c.text and c.usage["completion_tokens"] for c in out)
        assert all("Ġ" not in c.text for c in out)
        assert teacher.id == f"hf:{tiny_model.name}" and teacher.stats.paid == 4
        greedy = teacher.complete(["Paris is"], n=1, params={"max_tokens": 4})
        assert greedy[0].usage["completion_tokens"] <= 4
    # a rerun is answered from the cache and never loads the model
    with make_teacher(f"hf:{tiny_model}", cache_path=cache) as again:
        out2 = again.complete(["PersonX goes to", "Paris is"], n=2, params=params)
        assert [c.text for c in out2] == [c.text for c in out]
        assert again.stats.hits == 4 and again.stats.paid == 0 and again._model is None


def test_hf_local_refuses_a_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(TeacherError, match="config.json"):
        make_teacher(f"hf:{tmp_path}", no_cache=True)
