"""The hf_local backend with a tiny randomly initialised GPT-2 built in the test (no download)."""

from __future__ import annotations

import re
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


def _tiny_gpt2(path: Path, seed: int = 0, positions: int = 128) -> Path:
    """A 2-layer GPT-2 with a 120-token BPE vocabulary, randomly initialised from ``seed``."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    path.mkdir(parents=True, exist_ok=True)
    fast = _tokenizer(path, ["<unk>", "<eos>"], eos_token="<eos>", pad_token="<eos>")
    torch.manual_seed(seed)
    config = GPT2Config(
        vocab_size=fast.vocab_size, n_positions=positions, n_embd=16, n_layer=2, n_head=2,
        bos_token_id=fast.eos_token_id, eos_token_id=fast.eos_token_id,
    )
    GPT2LMHeadModel(config).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tiny_gpt2(tmp_path_factory.mktemp("tiny-gpt2"))


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
        assert teacher.id == f"hf:{tiny_model.name}@{teacher.revision[:12]}" and teacher.stats.paid == 4
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


def test_checkpoints_behind_the_same_folder_name_never_share_answers(tmp_path: Path) -> None:
    """Two fine-tuning runs each save ``final/``; a model is trained again in place. Before, the
    teacher was known by its folder's name alone, so the second checkpoint got the first one's
    cached answers (and its provenance said the same teacher)."""
    cache = tmp_path / "cache.sqlite"
    first, second = _tiny_gpt2(tmp_path / "run1" / "final", seed=1), _tiny_gpt2(tmp_path / "run2" / "final", seed=2)
    params = {"temperature": 1.0, "max_tokens": 6}
    with make_teacher(f"hf:{first}", cache_path=cache) as one:
        one.complete(["PersonX goes to", "Paris is"], n=2, params=params)
    with make_teacher(f"hf:{second}", cache_path=cache) as two:
        two.complete(["PersonX goes to", "Paris is"], n=2, params=params)
        assert two.stats.hits == 0 and two.stats.paid == 4
        assert two.id != one.id and two.id.startswith("hf:final@")
    _tiny_gpt2(first, seed=3)  # trained again, saved over the same files
    with make_teacher(f"hf:{first}", cache_path=cache) as again:
        again.complete(["PersonX goes to", "Paris is"], n=2, params=params)
        assert again.stats.hits == 0 and again.revision != one.revision
    with make_teacher(f"hf:{first}", cache_path=cache) as same:  # the same files: the cache answers
        same.complete(["PersonX goes to", "Paris is"], n=2, params=params)
        assert same.stats.hits == 4 and same.revision == again.revision and same._model is None


def test_the_cache_remembers_a_file_digest_until_the_file_is_written(tmp_path: Path, monkeypatch) -> None:
    """A large model's weights are hashed once, not at every run; but other weights of the same
    size written with the old mtime (``touch -r``, an archive's normalised mtimes) were taken for
    the old ones by a memo keyed by path, size and mtime, and served the old model's answers."""
    import os
    import time

    import kg.teachers.cache as cache_module
    from kg.teachers.cache import CompletionCache, file_digest

    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"a" * 1000)
    cache = CompletionCache(tmp_path / "cache.sqlite")
    first = cache.file_digest(weights)
    assert first == file_digest(weights)
    with monkeypatch.context() as patched:  # untouched: remembered, not read again
        patched.setattr(cache_module, "file_digest", lambda path: pytest.fail("read again"))
        assert cache.file_digest(weights) == first
    stat = weights.stat()
    time.sleep(0.02)  # past the file clock's tick
    weights.write_bytes(b"b" * 1000)
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime: read again all the same
    assert cache.file_digest(weights) == file_digest(weights) != first
    cache.close()


def test_prompts_generated_together_answer_as_alone(tiny_model: Path) -> None:
    """Batched (left-padded) greedy generation gives each prompt the text it gets alone, and a
    prompt too long for the model fails alone, not its batch."""
    prompts = ["PersonX goes to", "Paris is the capital of", "1.", "PersonX goes to the mall. 1. to buy"]
    alone = make_teacher(f"hf:{tiny_model}", no_cache=True, batch_size=1, device="cpu")
    together = make_teacher(f"hf:{tiny_model}", no_cache=True, batch_size=4, device="cpu")
    params = {"max_tokens": 6}
    assert [c.text for c in together.complete(prompts, params=params)] == [c.text for c in alone.complete(prompts, params=params)]
    assert together.stats.requests == 1 and alone.stats.requests == 4
    too_long = "Paris is " * 100  # past the model's 128 positions
    out = together.complete([prompts[0], too_long, prompts[1]], params={"max_tokens": 6})
    assert [c.prompt for c in out] == [prompts[0], prompts[1]]
    (failure,) = together.last_failures
    assert failure.prompt == too_long
    assert re.search(r"the prompt is \d+ tokens: the model takes 128 positions in all", failure.error)


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="this machine has a GPU")
def test_a_device_the_machine_lacks_is_one_clear_error(tiny_model: Path) -> None:
    teacher = make_teacher(f"hf:{tiny_model}", no_cache=True, device="cuda")
    with pytest.raises(TeacherError, match="cannot run the model on device 'cuda'.*--device cpu"):
        teacher.complete(["PersonX goes to"])


def test_kg_distill_with_a_local_model(tmp_path: Path) -> None:
    """The hf teacher from the command line, with its device and batch size."""
    from tests.conftest import kg_exit_code

    tiny_model = _tiny_gpt2(tmp_path / "model", positions=4096)  # the commonsense prompts are long
    store = tmp_path / "store"
    args = ["distill", "--domain", "commonsense", "--teacher", f"hf:{tiny_model}", "--store", str(store),
            "--max-seeds", "1", "--max-tokens", "8", "--device", "cpu", "--concurrency", "4", "--quiet"]
    assert kg_exit_code(*args) == 0
    from kg.store import open_store

    with open_store(store) as opened:
        rows = opened.query("SELECT ?t WHERE { ?r kg:teacher ?t }", graph="provenance")
        teachers = {row[0].value for row in rows}
        del rows
    assert any(t.startswith(f"hf:{tiny_model.name}@") for t in teachers), teachers


def test_samples_at_temperature_0_of_a_local_model_are_noted_as_beams(tmp_path: Path, capsys) -> None:
    """kg distill noted "2 samples at temperature 0 are one answer paid 2 times" for an hf:
    teacher, which answers them with a 2-beam search: two different answers, nothing paid."""
    import json

    from tests.conftest import kg_exit_code

    tiny_model = _tiny_gpt2(tmp_path / "model", positions=4096)
    args = ["distill", "--domain", "commonsense", "--teacher", f"hf:{tiny_model}", "--store", str(tmp_path / "store"),
            "--max-seeds", "1", "--relations", "xWant", "-n", "2", "--max-tokens", "4", "--device", "cpu", "--quiet", "--json"]
    assert kg_exit_code(*args) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert not any("paid 2 times" in note for note in notes)
    assert any("2 best answers of one beam search" in note for note in notes)


def test_a_chat_templates_text_gets_its_special_tokens_once(tmp_path: Path) -> None:
    """A chat template writes the model's begin-of-text token itself; the tokenizer must not add
    another (before, Llama-style models read two)."""
    import torch
    from tokenizers.processors import TemplateProcessing
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    fast = _tokenizer(tmp_path, ["<unk>", "<s>", "<eos>"], eos_token="<eos>", pad_token="<eos>", bos_token="<s>")
    backend = fast.backend_tokenizer
    backend.post_processor = TemplateProcessing(single="<s> $A", special_tokens=[("<s>", fast.bos_token_id)])
    fast = PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="<unk>", eos_token="<eos>", pad_token="<eos>", bos_token="<s>")
    fast.chat_template = "<s>{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:"
    fast.save_pretrained(tmp_path)
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=len(fast), n_positions=256, n_embd=16, n_layer=1, n_head=2,
                        bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)
    GPT2LMHeadModel(config).save_pretrained(tmp_path)
    messages = [{"role": "user", "content": "Paris is"}]
    text = fast.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    expected = len(fast(text, add_special_tokens=False)["input_ids"])
    assert fast(text)["input_ids"][:2] == [fast.bos_token_id] * 2  # what adding them again gives
    (answer,) = make_teacher(f"hf:{tmp_path}", no_cache=True, device="cpu").complete(["Paris is"], params={"max_tokens": 2})
    assert answer.usage["prompt_tokens"] == expected


def test_a_template_that_opens_the_reasoning_in_the_prompt_keeps_it_open_in_the_answer(tmp_path: Path) -> None:
    """DeepSeek-R1-Distill's and Qwen3's chat templates end the prompt with "<think>": the
    model writes only "</think>". Its text went to the extractors as if it were the answer, so
    an answer cut off inside the reasoning was read (the reasoning's rejected candidates stored)."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    fast = _tokenizer(tmp_path, ["<unk>", "<eos>"], eos_token="<eos>", pad_token="<eos>")
    fast.chat_template = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant: <think>\n"
    fast.save_pretrained(tmp_path)
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=len(fast), n_positions=256, n_embd=16, n_layer=1, n_head=2, eos_token_id=fast.eos_token_id)
    GPT2LMHeadModel(config).save_pretrained(tmp_path)
    (answer,) = make_teacher(f"hf:{tmp_path}", no_cache=True, device="cpu").complete(["Paris is"], params={"max_tokens": 3})
    assert answer.text.startswith("<think>")
    assert answer.answer == ""  # 3 tokens: no </think>, no answer yet
