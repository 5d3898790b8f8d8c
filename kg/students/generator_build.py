"""The generator's model: its size (:class:`ModelConfig`) and how one is built and stored.

Three ways to a model and its tokenizer, each returning ``(model, tokenizer, metadata)`` for
:class:`kg.students.generator.Generator`:

- :func:`from_scratch`: a byte-level BPE tokenizer trained on the graph's own text and a GPT-2
  (decoder-only), BART or mBART (encoder–decoder) model with random weights;
- :func:`warm_start`: an encoder–decoder warm-started from all-MiniLM-L6-v2 (nothing downloaded);
- :func:`from_pretrained`: a causal or sequence-to-sequence model from a local directory.

:func:`save_model` and :func:`load_model` write and read a model's weights (a warm-started one's
shared word embeddings once).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Sequence, cast

from kg.errors import StudentError
from kg.students.generator_data import Example, relation_token

SEPARATOR = "<sep>"
"""Between source and tail in a decoder-only model's sequence."""
WEIGHTS = "model.safetensors"
"""The warm-started model's weights (its shared word embeddings saved once)."""

Built = tuple[Any, Any, dict[str, Any]]
"""A model, its tokenizer and its metadata (architecture, relations, templates, sizes)."""


@dataclass(frozen=True)
class ModelConfig:
    """Size of a model and its tokenizer. ``architecture``: ``minilm`` (the default: an
    encoder–decoder warm-started from all-MiniLM-L6-v2, see :func:`warm_start`),
    ``gpt2`` (decoder-only, from scratch), ``bart`` (encoder–decoder, post-LN) or ``mbart``
    (encoder–decoder, pre-LN), both from scratch.

    For ``minilm``, ``layers`` is the number of decoder layers (initialised from evenly spaced
    MiniLM layers; the encoder is MiniLM's six), and ``d_model``, ``heads``, ``ffn`` and
    ``vocab_size`` are MiniLM's own; ``pretrained=False`` builds the same shape at the given
    sizes with random weights (tests), still with MiniLM's WordPiece tokenizer."""

    architecture: str = "gpt2"
    d_model: int = 192
    layers: int = 4
    heads: int = 4
    ffn: int = 768
    vocab_size: int = 3000
    dropout: float = 0.1
    max_source_len: int = 48
    max_target_len: int = 24
    pretrained: bool = True

    @classmethod
    def preset(cls, name: str) -> "ModelConfig":
        """``minilm`` (warm-started from all-MiniLM-L6-v2, 3 decoder layers, ~30M parameters),
        ``tiny`` (~0.7M parameters), ``small`` (~2.4M), ``base`` (~6M), or ``bart`` (the ~1.2M
        encoder–decoder student of docs/generator.md's comparison), the last four from scratch."""
        presets = {
            "minilm": cls(architecture="minilm", d_model=384, layers=3, heads=12, ffn=1536, vocab_size=30522),
            "tiny": cls(d_model=128, layers=2, heads=4, ffn=512, vocab_size=2000),
            "small": cls(),
            "base": cls(d_model=256, layers=6, heads=4, ffn=1024, vocab_size=4000),
            "bart": cls(architecture="bart", d_model=128, layers=2, heads=4, ffn=512, vocab_size=2000),
        }
        if name not in presets:
            raise StudentError(f"unknown model size {name!r}; use one of {', '.join(presets)}")
        return presets[name]


def from_scratch(
    examples: Sequence[Example], relations: list[str], cfg: ModelConfig, templates: dict, *, seed: int
) -> Built:
    """A tokenizer trained on the examples' text (byte-level BPE; the special tokens, the
    relation tokens and, for ``gpt2``, the separator) and a ``gpt2``, ``bart`` or ``mbart``
    model of ``cfg``'s size with random weights."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    if cfg.architecture not in ("gpt2", "bart", "mbart"):
        raise StudentError(
            f"unknown architecture {cfg.architecture!r}; use minilm (warm-started), gpt2 (decoder-only), "
            "bart or mbart (encoder–decoder)"
        )
    extra = [SEPARATOR] if cfg.architecture == "gpt2" else []
    specials = ["<pad>", "<s>", "</s>", "<unk>", *extra] + [relation_token(r) for r in relations]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=cfg.vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    text = sorted({e.head for e in examples} | {e.tail for e in examples} | set(templates.values()))
    tok.train_from_iterator(text, trainer)
    eos = _token_id(tok, "</s>")
    tok.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", eos)])
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        pad_token="<pad>",
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        additional_special_tokens=[*extra, *(relation_token(r) for r in relations)],
    )
    torch.manual_seed(seed)
    build = _gpt2 if cfg.architecture == "gpt2" else _bart
    model = build(cfg, tok.get_vocab_size(), _token_id(tok, "<pad>"), _token_id(tok, "<s>"), eos)
    meta = {
        "architecture": cfg.architecture,
        "from_scratch": True,
        "base_model": None,
        "relations": relations,
        "templates": templates,
        "model_config": asdict(cfg),
        "max_source_len": cfg.max_source_len,
        "max_target_len": cfg.max_target_len,
    }
    return model, tokenizer, meta


def warm_start(relations: list[str], cfg: ModelConfig, templates: dict, *, seed: int) -> Built:
    """An encoder–decoder (``transformers``' ``EncoderDecoderModel``, BERT2BERT) warm-started
    from all-MiniLM-L6-v2 (the critic's backbone, SHA-verified, nothing downloaded): the
    encoder is MiniLM; the decoder has ``cfg.layers`` BERT layers copied from evenly spaced
    MiniLM layers, with causal self-attention and new cross-attention; its word embeddings and
    output layer are the encoder's word embeddings (one matrix, kept frozen in training, so the
    30k-word WordPiece vocabulary costs its 11.7M parameters once). The relation is written in
    words (its template), so no new token is needed. ``cfg.pretrained=False``: the same shape
    with random weights at ``cfg``'s sizes."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertLMHeadModel, BertModel, EncoderDecoderModel

    from kg.critics.backbone import resolve_backbone
    from kg.errors import CriticError

    try:
        backbone = resolve_backbone()
    except CriticError as exc:
        raise StudentError(f"the warm-started generator needs all-MiniLM-L6-v2: {exc}") from None
    tokenizer = AutoTokenizer.from_pretrained(str(backbone), local_files_only=True)
    torch.manual_seed(seed)
    if cfg.pretrained:
        encoder = BertModel.from_pretrained(str(backbone), local_files_only=True, add_pooling_layer=False)
        enc_cfg = encoder.config
    else:
        enc_cfg = BertConfig(
            vocab_size=len(tokenizer), hidden_size=cfg.d_model, num_hidden_layers=cfg.layers,
            num_attention_heads=cfg.heads, intermediate_size=cfg.ffn, hidden_dropout_prob=cfg.dropout,
            attention_probs_dropout_prob=cfg.dropout,
            max_position_embeddings=cfg.max_source_len + cfg.max_target_len + 8,
        )
        encoder = BertModel(enc_cfg, add_pooling_layer=False)
    dec_cfg = BertConfig(**{**enc_cfg.to_dict(), "num_hidden_layers": cfg.layers})
    dec_cfg.is_decoder = True
    dec_cfg.add_cross_attention = True
    decoder = BertLMHeadModel(dec_cfg)
    if cfg.pretrained:
        n_enc = enc_cfg.num_hidden_layers
        picks = [round(i * (n_enc - 1) / max(1, cfg.layers - 1)) for i in range(cfg.layers)]
        state = encoder.state_dict()
        mapped = {k: v for k, v in state.items() if not k.startswith("encoder.layer.")}
        for j, i in enumerate(picks):
            prefix = f"encoder.layer.{i}."
            mapped.update({f"encoder.layer.{j}." + k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)})
        decoder.bert.load_state_dict(mapped, strict=False)  # cross-attention stays new
    model = EncoderDecoderModel(encoder=encoder, decoder=decoder)
    _tie_embeddings(model)
    _generation_ids(model, tokenizer)
    meta = {
        "architecture": "minilm",
        "from_scratch": not cfg.pretrained,
        "base_model": "all-MiniLM-L6-v2" if cfg.pretrained else None,
        "relations": relations,
        "templates": templates,
        "relation_tokens": False,
        "freeze_embeddings": cfg.pretrained,
        "model_config": asdict(cfg),
        "max_source_len": cfg.max_source_len,
        "max_target_len": cfg.max_target_len,
    }
    return model, tokenizer, meta


def _gpt2(cfg: ModelConfig, vocab_size: int, pad: int, bos: int, eos: int):
    from transformers import GPT2Config, GPT2LMHeadModel

    return GPT2LMHeadModel(GPT2Config(
        vocab_size=vocab_size,
        n_positions=cfg.max_source_len + cfg.max_target_len + 8,
        n_embd=cfg.d_model,
        n_layer=cfg.layers,
        n_head=cfg.heads,
        n_inner=cfg.ffn,
        resid_pdrop=cfg.dropout,
        embd_pdrop=cfg.dropout,
        attn_pdrop=cfg.dropout,
        pad_token_id=pad,
        bos_token_id=bos,
        eos_token_id=eos,
    ))


def _bart(cfg: ModelConfig, vocab_size: int, pad: int, bos: int, eos: int):
    from transformers import BartConfig, BartForConditionalGeneration, MBartConfig, MBartForConditionalGeneration

    config_cls, model_cls = (
        (BartConfig, BartForConditionalGeneration)
        if cfg.architecture == "bart"
        else (MBartConfig, MBartForConditionalGeneration)
    )
    bart = config_cls(
        vocab_size=vocab_size,
        d_model=cfg.d_model,
        encoder_layers=cfg.layers,
        decoder_layers=cfg.layers,
        encoder_attention_heads=cfg.heads,
        decoder_attention_heads=cfg.heads,
        encoder_ffn_dim=cfg.ffn,
        decoder_ffn_dim=cfg.ffn,
        dropout=cfg.dropout,
        attention_dropout=0.0,
        max_position_embeddings=max(cfg.max_source_len, cfg.max_target_len) + 8,
        pad_token_id=pad,
        bos_token_id=bos,
        eos_token_id=eos,
        decoder_start_token_id=bos,
        scale_embedding=True,
    )
    bart.forced_bos_token_id = None  # not in the stubs' signature: set as attributes
    bart.forced_eos_token_id = None
    return model_cls(bart)  # type: ignore[arg-type]  # the pair is chosen together above


def from_pretrained(path: Path, relations: list[str], cfg: ModelConfig, templates: dict) -> Built:
    """A pretrained causal or sequence-to-sequence model and its tokenizer from the local
    directory ``path``, with the separator (causal) and relation tokens added."""
    from safetensors import SafetensorError
    from transformers import AutoTokenizer

    from kg.model_folders import model_folder_problem

    problem = model_folder_problem(path)
    if problem is not None:
        raise StudentError(f"base model: {problem}")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        model = _auto_model(path)
    except (OSError, ValueError, KeyError, RuntimeError, SafetensorError) as exc:  # RuntimeError: a size mismatch
        raise StudentError(
            f"cannot load a causal or sequence-to-sequence model and tokenizer from {str(path)!r}: {type(exc).__name__}: {exc}"
        ) from None
    causal = not model.config.is_encoder_decoder
    architectures = model.config.architectures or []
    if architectures and not any(a.endswith(_GENERATIVE) for a in architectures):
        raise StudentError(
            f"base model {str(path)!r} is a {architectures[0]}, which writes no text: give a causal or "
            "sequence-to-sequence language model (GPT-2, T5, BART, ...)"
        )
    if tokenizer.eos_token is None:  # a tail must end (a WordPiece tokenizer has no end token)
        tokenizer.add_special_tokens({"eos_token": "</s>"})
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token  # GPT-2 has none; padding is masked anyway
    wanted = ([SEPARATOR] if causal else []) + [relation_token(r) for r in relations]
    new = [t for t in wanted if t not in tokenizer.get_vocab()]
    if new:
        tokenizer.add_special_tokens({"additional_special_tokens": new})
    rows = model.get_input_embeddings().num_embeddings
    if len(tokenizer) > rows:  # grown, never cut (T5 keeps more rows than its tokenizer has)
        model.resize_token_embeddings(len(tokenizer))
    meta = {
        "architecture": model.config.model_type,
        "from_scratch": False,
        "base_model": str(path),
        "relations": relations,
        "templates": templates,
        "max_source_len": cfg.max_source_len,
        "max_target_len": cfg.max_target_len,
    }
    return model, tokenizer, meta


_GENERATIVE = ("ForCausalLM", "LMHeadModel", "ForConditionalGeneration", "ForSeq2SeqLM", "WithLMHead")
"""How the architectures of models that write text end (``GPT2LMHeadModel``,
``T5ForConditionalGeneration``, ``LlamaForCausalLM``); ``BertModel`` writes none."""


def _tie_embeddings(model) -> None:
    """The decoder reads and writes with the encoder's word embeddings (one matrix)."""
    emb = model.encoder.embeddings.word_embeddings
    model.decoder.bert.embeddings.word_embeddings = emb
    model.decoder.cls.predictions.decoder.weight = emb.weight


def _generation_ids(model, tokenizer) -> None:
    """Start with [CLS], stop at [SEP], pad with [PAD] (config and generation config)."""
    ids = {
        "decoder_start_token_id": tokenizer.cls_token_id,
        "bos_token_id": tokenizer.cls_token_id,
        "eos_token_id": tokenizer.sep_token_id,
        "pad_token_id": tokenizer.pad_token_id,
    }
    for key, value in ids.items():
        setattr(model.config, key, value)
        setattr(model.generation_config, key, value)


def save_model(model: Any, directory: Path, architecture: str | None) -> None:
    """Write ``model``'s configuration and weights to ``directory``; a warm-started (``minilm``)
    model's shared word-embedding matrix is saved once."""
    if architecture == "minilm":
        from safetensors.torch import save_model as save_weights

        model.config.save_pretrained(str(directory))
        save_weights(model, str(directory / WEIGHTS))
    else:
        model.save_pretrained(str(directory))


def load_model(directory: Path, architecture: str | None) -> Any:
    """The model :func:`save_model` wrote to ``directory`` (local files only)."""
    return _shared_embedding_model(directory) if architecture == "minilm" else _auto_model(directory)


def _shared_embedding_model(path: Path):
    """A warm-started encoder–decoder saved by :func:`save_model` (weights with the shared
    word embeddings once), rebuilt from its configuration and re-tied."""
    from safetensors.torch import load_model
    from transformers import BertConfig, BertLMHeadModel, BertModel, EncoderDecoderConfig, EncoderDecoderModel

    config = EncoderDecoderConfig.from_pretrained(str(path), local_files_only=True)
    model = EncoderDecoderModel(
        config=config,
        encoder=BertModel(cast(BertConfig, config.encoder), add_pooling_layer=False),
        decoder=BertLMHeadModel(cast(BertConfig, config.decoder)),
    )
    _tie_embeddings(model)
    load_model(model, str(path / WEIGHTS))
    for key in ("decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id"):
        setattr(model.generation_config, key, getattr(config, key, None))
    return model


def _auto_model(path: Path):
    """The causal or sequence-to-sequence model saved in ``path`` (local files only)."""
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM

    from kg.critics.backbone import quiet_loading

    config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    auto = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
    with quiet_loading():  # no "Loading weights" bar on the caller's stderr at each load
        return auto.from_pretrained(str(path), local_files_only=True)


def _token_id(tokenizer: Any, token: str) -> int:
    """The id of a special token the tokenizer was trained with."""
    found = tokenizer.token_to_id(token)
    if found is None:
        raise StudentError(f"the tokenizer has no {token!r} token")
    return int(found)
