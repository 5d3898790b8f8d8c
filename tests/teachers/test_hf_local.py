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
    args = ["distill", "--domain", "commonsense", "--critic", "none", "--teacher", f"hf:{tiny_model}", "--store", str(store),
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
    args = ["distill", "--domain", "commonsense", "--critic", "none", "--teacher", f"hf:{tiny_model}", "--store", str(tmp_path / "store"),
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


# -- the decoding the run asks for, whatever the model's generation config says ----------------


def _tiny_bart(path: Path, positions: int = 1024, word: int | None = None, **generation: int) -> Path:
    """A 1-layer BART; ``word``: it writes that token forever (its answers never end by
    themselves); ``generation``: its generation_config.json's settings (forced first and last tokens)."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    fast = _tokenizer(path, ["<pad>", "<s>", "</s>", "<unk>"], eos_token="</s>", pad_token="<pad>", bos_token="<s>")
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=fast.vocab_size, d_model=16, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
        max_position_embeddings=positions, pad_token_id=fast.pad_token_id, bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id, decoder_start_token_id=fast.eos_token_id,
    )
    model = BartForConditionalGeneration(config)
    if word is not None:
        with torch.no_grad():
            model.final_logits_bias[0, word] = 50.0
    model.generation_config = GenerationConfig(
        bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id, pad_token_id=fast.pad_token_id,
        decoder_start_token_id=fast.eos_token_id, **generation,
    )
    model.save_pretrained(path)
    return path


def test_a_forced_first_token_is_no_part_of_the_answer(tmp_path: Path) -> None:
    """facebook/bart-large's generation config forces <s> first: the answers began "<s>", so a
    list's first item was lost ('<s>1. Spain') and '<s>' itself was stored as a tail."""
    model = _tiny_bart(tmp_path, word=8, forced_bos_token_id=1)
    out = make_teacher(f"hf:{model}", no_cache=True, device="cpu").complete(["Paris is"], n=2, params={"max_tokens": 4})
    assert len(out) == 2 and all(c.text and "<s>" not in c.text for c in out), [c.text for c in out]


def test_an_answer_cut_at_the_token_limit_is_cut_though_the_model_forces_an_end_token(tmp_path: Path) -> None:
    """BART configs set forced_eos_token_id: generate() wrote </s> in the last slot of an answer
    cut at max_tokens, which was then reported finished ("stop"), its cut last item read whole."""
    model = _tiny_bart(tmp_path, word=8, forced_eos_token_id=2)
    out = make_teacher(f"hf:{model}", no_cache=True, device="cpu").complete(["Paris is", "PersonX goes to"], params={"max_tokens": 5})
    assert [(c.finish_reason, c.usage["completion_tokens"]) for c in out] == [("length", 5)] * 2


def test_a_seq2seq_model_with_learned_positions_is_guarded_as_a_causal_one(tmp_path: Path) -> None:
    """BART's positions were never checked: a prompt past them failed with a bare "IndexError:
    index out of range in self", and a --max-tokens past them failed every prompt."""
    model = _tiny_bart(tmp_path, positions=32, word=8)
    teacher = make_teacher(f"hf:{model}", no_cache=True, device="cpu")
    too_long = "Paris is " * 40
    out = teacher.complete(["Paris is", too_long], params={"max_tokens": 100})
    assert [(c.prompt, c.finish_reason, c.usage["completion_tokens"]) for c in out] == [("Paris is", "length", 32)]
    assert out[0].usage["context_tokens"] == 32  # cut by the model's positions, not at max_tokens
    (failure,) = teacher.last_failures
    assert re.search(r"the prompt is \d+ tokens: the model takes 32 positions in all", failure.error), failure.error


def _with_generation_config(model: Path, path: Path, **generation: object) -> Path:
    """A copy of ``model`` whose generation_config.json says ``generation`` too."""
    import json
    import shutil

    shutil.copytree(model, path)
    config = json.loads((path / "generation_config.json").read_text())
    (path / "generation_config.json").write_text(json.dumps(config | generation))
    return path


@pytest.mark.parametrize(
    "n, params", [(1, {"max_tokens": 6}), (3, {"max_tokens": 6}), (5, {"max_tokens": 6, "temperature": 0.7})],
    ids=["greedy", "beams", "samples"],
)
def test_the_models_generation_config_does_not_change_the_decoding_asked_for(
    tiny_model: Path, tmp_path: Path, n: int, params: dict
) -> None:
    """Qwen2.5-Instruct's generation config turns sampling on: --samples 3 at temperature 0 was
    beam *sampling* (answers depending on batch mates); a num_beams of 4 made --samples 5
    --temperature 0.7 fail every prompt ("num_return_sequences has to be smaller or equal to
    num_beams")."""
    odd = _with_generation_config(
        tiny_model, tmp_path / "odd", do_sample=True, temperature=0.7, top_k=20, top_p=0.8, num_beams=4,
        repetition_penalty=1.5, no_repeat_ngram_size=2,
    )
    prompts = ["PersonX goes to", "Paris is", "1.", "PersonX goes to the mall"]
    plain = make_teacher(f"hf:{tiny_model}", no_cache=True, device="cpu", batch_size=4).complete(prompts, n=n, params=params)
    given = make_teacher(f"hf:{odd}", no_cache=True, device="cpu", batch_size=4).complete(prompts, n=n, params=params)
    assert [c.text for c in given] == [c.text for c in plain] and len(given) == 4 * n


def test_samples_added_later_at_temperature_0_are_new_beams_not_copies(tiny_model: Path, tmp_path: Path) -> None:
    """--samples 2, then --samples 4: the cache answered samples 0-1, and 2-3 were asked of a
    2-beam search again, copies of 0-1 (four samples agreeing: an inflated consistency)."""
    prompts = ["PersonX goes to", "Paris is", "1."]
    params = {"max_tokens": 6}
    cache = tmp_path / "cache.sqlite"
    with make_teacher(f"hf:{tiny_model}", cache_path=cache, device="cpu") as first:
        first.complete(prompts, n=1, params=params)
    with make_teacher(f"hf:{tiny_model}", cache_path=cache, device="cpu") as later:
        more = later.complete(prompts, n=4, params=params)
        assert later.stats.hits == 3 and later.stats.paid == 9
    at_once = make_teacher(f"hf:{tiny_model}", no_cache=True, device="cpu").complete(prompts, n=4, params=params)
    assert [c.text for c in more if c.sample_index] == [c.text for c in at_once if c.sample_index]


def test_a_tokenizer_with_neither_pad_nor_end_token_asks_a_prompt_at_a_time(tmp_path: Path) -> None:
    """Every prompt failed: "Asking to pad but the tokenizer does not have a padding token"."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    fast = _tokenizer(tmp_path, ["<unk>"])
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=fast.vocab_size, n_positions=128, n_embd=16, n_layer=1, n_head=2,
                        bos_token_id=None, eos_token_id=None)
    GPT2LMHeadModel(config).save_pretrained(tmp_path)
    teacher = make_teacher(f"hf:{tmp_path}", no_cache=True, device="cpu")
    out = teacher.complete(["Paris is", "PersonX goes to"], n=2, params={"max_tokens": 3})
    assert len(out) == 4 and not teacher.last_failures and all(c.finish_reason == "length" for c in out)


def test_a_folder_without_a_tokenizer_is_one_clear_error(tiny_model: Path, tmp_path: Path) -> None:
    """transformers makes an empty tokenizer for it: every prompt failed with "cannot reshape
    tensor of 0 elements", blamed on a teacher that looks down."""
    import shutil

    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("config.json", "generation_config.json", "model.safetensors"):
        shutil.copy(tiny_model / name, bare / name)
    with pytest.raises(TeacherError, match=r"'.*bare' has no tokenizer \(tokenizer.json"):
        make_teacher(f"hf:{bare}", no_cache=True, device="cpu").complete(["Paris is"])


def test_weights_that_are_a_git_lfs_pointer_are_named(tiny_model: Path, tmp_path: Path) -> None:
    """A clone without git-lfs: "SafetensorError: Error while deserializing header", no file named."""
    import shutil

    clone = shutil.copytree(tiny_model, tmp_path / "clone")
    (clone / "model.safetensors").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1234\n")
    with pytest.raises(TeacherError, match=r"model.safetensors' is a git-lfs pointer.*git lfs pull"):
        make_teacher(f"hf:{clone}", no_cache=True, device="cpu").complete(["Paris is"])


def _chat_model(path: Path) -> Path:
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    fast = _tokenizer(path, ["<unk>", "<eos>"], eos_token="<eos>", pad_token="<eos>")
    fast.chat_template = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}assistant:"
    fast.save_pretrained(path)
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=len(fast), n_positions=4096, n_embd=16, n_layer=1, n_head=2, eos_token_id=fast.eos_token_id)
    GPT2LMHeadModel(config).save_pretrained(path)
    return path


def test_the_bare_prompt_and_the_chat_template_are_two_teachers(tmp_path: Path) -> None:
    """chat=False (the bare prompt) and the default (the chat template) shared their cache keys
    and their run: the one's answers were served as the other's."""
    model = _chat_model(tmp_path / "model")
    cache = tmp_path / "cache.sqlite"
    with make_teacher(f"hf:{model}", cache_path=cache, device="cpu", chat=False) as bare:
        bare.complete(["Paris is", "PersonX goes to"], params={"max_tokens": 4})
    with make_teacher(f"hf:{model}", cache_path=cache, device="cpu") as templated:
        templated.complete(["Paris is", "PersonX goes to"], params={"max_tokens": 4})
        assert templated.stats.hits == 0 and templated.stats.paid == 2
    assert bare.id == templated.id + " (no chat template)"


def test_kg_distill_no_chat_sends_the_bare_prompt(tmp_path: Path) -> None:
    """Whether the prompt is wrapped in the chat template could be set from Python alone."""
    from kg.store import open_store
    from tests.conftest import kg_exit_code

    model = _chat_model(tmp_path / "model")
    store = tmp_path / "store"
    args = ["distill", "--domain", "commonsense", "--critic", "none", "--teacher", f"hf:{model}", "--store", str(store), "--max-seeds", "1",
            "--relations", "xWant", "--max-tokens", "2", "--device", "cpu", "--quiet", "--no-chat"]
    assert kg_exit_code(*args) == 0
    with open_store(store) as opened:
        teachers = {row[0].value for row in opened.query("SELECT ?t WHERE { ?r kg:teacher ?t }", graph="provenance")}
    answered_by = {t for t in teachers if t.startswith("hf:model@")}  # (the run names the spec as given)
    assert answered_by and all(t.endswith("(no chat template)") for t in answered_by), teachers


def test_an_answer_cut_by_the_models_context_is_not_blamed_on_max_tokens(tmp_path: Path, capsys) -> None:
    """An answer cut because the prompt and answer filled the model's positions was reported as
    cut at --max-tokens 256, with the advice to raise it (which changes nothing)."""
    import json

    from kg.ontology import load_domain
    from kg.prompts import build_prompts
    from tests.conftest import kg_exit_code
    from transformers import AutoTokenizer

    _tiny_gpt2(tmp_path / "probe")
    tokenizer = AutoTokenizer.from_pretrained(tmp_path / "probe")
    (prompt,) = build_prompts(load_domain("geography"), ["Peru"], kind="list", shots=0)[:1]
    model = _tiny_gpt2(tmp_path / "model", positions=len(tokenizer(prompt.text)["input_ids"]) + 3)
    args = ["distill", "--domain", "geography", "--teacher", f"hf:{model}", "--store", str(tmp_path / "store"),
            "--seeds", str(_seeds(tmp_path, "Peru")), "--relations", prompt.relation, "--shots", "0",
            "--device", "cpu", "--quiet", "--json"]
    assert kg_exit_code(*args) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    (note,) = [note for note in notes if "cut off at the token limit" in note]
    assert "1 of them ran out of the model's context first" in note and "raise --max-tokens" not in note, note


def _seeds(tmp_path: Path, *heads: str) -> Path:
    path = tmp_path / "seeds.txt"
    path.write_text("\n".join(heads) + "\n")
    return path


def test_the_chat_template_asked_for_where_there_is_none_is_one_clear_error(tiny_model: Path) -> None:
    with pytest.raises(TeacherError, match="has no chat template; leave chat unset or false"):
        make_teacher(f"hf:{tiny_model}", no_cache=True, device="cpu", chat=True).complete(["Paris is"])
