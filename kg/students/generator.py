"""Student 2: a COMET-style generator. Given a head and a relation, it writes tails.

The model is a small decoder-only transformer (``transformers``' GPT-2 architecture) by
default, or an encoder–decoder (BART) one, trained from scratch with a byte-level BPE
tokenizer trained on the graph's own text, so nothing is downloaded; ``base_model=PATH``
fine-tunes a pretrained causal or sequence-to-sequence model (GPT-2, BART, T5, ...) from a
local directory instead.

Input and output (COMET style, the relation as a token)::

    source  "<xWant> PersonX goes to the store"            (relation token + head)
            "<xWant> PersonX goes to the store, so PersonX wants"   (with relation templates:
                                                            the verbalisation up to {tail})
    target  "to buy food"

A decoder-only model reads ``source <sep> target </s>`` as one sequence and is scored on the
target only, so every tail token attends to the head. (An encoder–decoder student this small
learns to ignore its encoder: its loss is unchanged with the heads shuffled; docs/generator.md.)

Data come from a store's accepted graph (:func:`examples_from_store`: ``rdfs:label`` of head
and tail, relation IRIs to names) or a file (:func:`read_examples`: ATOMIC JSONL rows with a
``tails`` list, "none" skipped, or ``head<TAB>relation<TAB>tail`` TSV).
:func:`split_by_head` splits by head, so no test head is seen in training.

Python::

    split = split_by_head(read_examples("dev.jsonl"), seed=0)
    gen = Generator.train(split.train, validation=split.validation, out_dir="model")
    gen.generate("PersonX goes to the store", "xWant", n=5)
    report = evaluate(gen, split.test, train_tails={e.tail for e in split.train})  # generator_eval
    Generator.load("model").generate_batch([("PersonX sleeps", "xNeed")], n=1)
"""

from __future__ import annotations

import copy
import json
import math
import random
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence, cast

from kg.errors import StudentError
from kg.students.generator_data import (
    Example,
    HeadSplit,
    default_model_dir,
    examples_from_store,
    read_examples,
    relation_token,
    split_by_head,
)
from kg.progress import TrainingBar

__all__ = [
    "Example",
    "HeadSplit",
    "ModelConfig",
    "TrainConfig",
    "TrainReport",
    "Generator",
    "read_examples",
    "examples_from_store",
    "split_by_head",
    "relation_token",
    "default_model_dir",
]

MODEL_FILE = "generator.json"
CHECKPOINT = "checkpoint"
TRAINER_STATE = "trainer.pt"
SEPARATOR = "<sep>"
"""Between source and tail in a decoder-only model's sequence."""
DEFAULT_LR = {"from_scratch": 1e-3, "pretrained": 2e-4}
"""Peak learning rate when :class:`TrainConfig` gives none."""
WEIGHTS = "model.safetensors"


# -- configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelConfig:
    """Size of a model and its tokenizer. ``architecture``: ``minilm`` (the default: an
    encoder–decoder warm-started from all-MiniLM-L6-v2, see :meth:`Generator._warm_start`),
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


@dataclass(frozen=True)
class TrainConfig:
    """How to train: epochs, batch, optimiser, early stopping, time budget, seed.

    ``max_seconds`` is a wall-clock budget: the first epoch's speed fixes how many epochs fit,
    the learning-rate schedule (linear warm-up, cosine decay) is fitted to them, and training
    stops after them (or after the epoch that passes the budget). ``patience`` stops after that
    many epochs without a better validation loss (the best weights are kept). ``threads``: torch
    CPU threads (1 by default: on a shared 2-core machine, 2 threads spin against each other).
    ``lr`` (None: the model's own, :data:`DEFAULT_LR`): 1e-3 and no label smoothing gave the
    from-scratch student the lowest validation loss on the generator bench's split (4.372, against
    4.476 at 2e-3 and 4.451 at 2e-3 with smoothing 0.1); a warm-started model uses 2e-4.
    The time budget is checked after every step, and the schedule's length re-estimated from the
    measured step time, so a slow first epoch does not fix how many epochs run.
    """

    epochs: int = 20
    batch_size: int = 64
    lr: float | None = None
    warmup_steps: int = 100
    weight_decay: float = 0.01
    label_smoothing: float = 0.0
    patience: int = 3
    max_seconds: float | None = None
    seed: int = 0
    threads: int = 1


@dataclass
class TrainReport:
    """What one training run did."""

    epochs: int = 0
    steps: int = 0
    train_loss: list[float] = field(default_factory=list)
    validation_loss: list[float] = field(default_factory=list)
    best_epoch: int = 0
    stopped: str = "epochs"
    seconds: float = 0.0
    examples: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# -- the model -----------------------------------------------------------------------------


class Generator:
    """A trained generator: model, tokenizer and metadata (relations, templates, sizes)."""

    def __init__(self, model, tokenizer, meta: Mapping[str, object]) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.meta: dict[str, Any] = dict(meta)
        self.model.eval()

    # -- facts about the model

    @property
    def relations(self) -> list[str]:
        return list(self.meta.get("relations", []))

    @property
    def templates(self) -> dict[str, str]:
        return dict(self.meta.get("templates", {}))

    @property
    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters())

    @property
    def max_target_len(self) -> int:
        return int(self.meta.get("max_target_len", 24))

    @property
    def causal(self) -> bool:
        """Decoder-only (source, separator and tail in one sequence) or encoder–decoder."""
        return not getattr(self.model.config, "is_encoder_decoder", False)

    def __repr__(self) -> str:
        return (
            f"Generator({self.meta.get('architecture', '?')}, {self.num_parameters:,} parameters, "
            f"{len(self.relations)} relations)"
        )

    @property
    def relation_tokens(self) -> bool:
        """Whether the input names the relation by a special token (``<xWant>``, from-scratch
        and fine-tuned models) or in words (the warm-started model: its embeddings stay MiniLM's)."""
        return bool(self.meta.get("relation_tokens", True))

    def check_relations(self, relations: Sequence[str]) -> None:
        """Raise :class:`StudentError` naming every relation in ``relations`` the generator was
        not trained on, and listing the ones it knows."""
        known = set(self.relations)
        unknown = sorted({r for r in relations if r not in known})
        if unknown:
            raise StudentError(
                f"the generator was not trained on relation(s) {', '.join(map(repr, unknown))}; "
                f"it knows {', '.join(self.relations) or 'none'}"
            )

    def source(self, head: str, relation: str) -> str:
        """The model input for ``(head, relation)``: the relation's template up to ``{tail}``
        with the head filled in, else the head; preceded by the relation token, or (a model
        without relation tokens) followed by the relation's name in words."""
        self.check_relations([relation])
        template = self.templates.get(relation)
        if template and "{tail}" in template:
            text = template.split("{tail}", 1)[0].replace("{head}", head).strip()
        else:
            text = head if self.relation_tokens else f"{head}; {_words(relation)}"
        return f"{relation_token(relation)} {text}" if self.relation_tokens else text

    # -- training

    @classmethod
    def train(
        cls,
        examples: Sequence[Example],
        *,
        validation: Sequence[Example] = (),
        model: ModelConfig | str = "small",
        config: TrainConfig = TrainConfig(),
        templates: Mapping[str, str] | None = None,
        base_model: str | Path | None = None,
        out_dir: str | Path | None = None,
        resume: bool = False,
        progress: bool = True,
    ) -> "Generator":
        """Train a generator on ``examples``; ``validation`` drives early stopping.

        From scratch (default): a tokenizer is trained on the examples' text and a BART model of
        size ``model`` is built. With ``base_model``: a pretrained seq2seq model and its
        tokenizer are loaded from that local directory and fine-tuned. With ``out_dir``,
        a checkpoint is written after every epoch and the final model saved there; ``resume``
        continues from that checkpoint.
        """
        examples = list(examples)
        if not examples:
            raise StudentError("no training examples: the graph (or file) holds no labelled triples")
        import torch

        torch.manual_seed(config.seed)
        checkpoint = Path(out_dir) / CHECKPOINT if out_dir is not None else None
        if resume and checkpoint is not None and (checkpoint / MODEL_FILE).is_file():
            gen = cls.load(checkpoint)
            gen.fit(examples, validation=validation, config=config, out_dir=out_dir, resume=True, progress=progress)
            return gen
        relations = sorted({e.relation for e in examples})
        cfg = ModelConfig.preset(model) if isinstance(model, str) else model
        templates = {r: t for r, t in (templates or {}).items() if r in relations}
        if base_model is not None:
            gen = cls._from_pretrained(Path(base_model), relations, cfg, templates)
        elif cfg.architecture == "minilm":
            gen = cls._warm_start(relations, cfg, templates, seed=config.seed)
        else:
            gen = cls._from_scratch(examples, relations, cfg, templates, seed=config.seed)
        gen.fit(examples, validation=validation, config=config, out_dir=out_dir, progress=progress)
        return gen

    @classmethod
    def _from_scratch(
        cls, examples: Sequence[Example], relations: list[str], cfg: ModelConfig, templates: dict, *, seed: int
    ) -> "Generator":
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
        build = cls._gpt2 if cfg.architecture == "gpt2" else cls._bart
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
        return cls(model, tokenizer, meta)

    @classmethod
    def _warm_start(cls, relations: list[str], cfg: ModelConfig, templates: dict, *, seed: int) -> "Generator":
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
        return cls(model, tokenizer, meta)

    @staticmethod
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

    @staticmethod
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

    @classmethod
    def _from_pretrained(cls, path: Path, relations: list[str], cfg: ModelConfig, templates: dict) -> "Generator":
        from transformers import AutoTokenizer

        if not path.is_dir():
            raise StudentError(f"base model {str(path)!r} is not a directory; give a local model folder")
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            model = _auto_model(path)
        except (OSError, ValueError, KeyError) as exc:
            raise StudentError(
                f"cannot load a causal or sequence-to-sequence model and tokenizer from {str(path)!r}: {exc}"
            ) from None
        causal = not model.config.is_encoder_decoder
        if causal and tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token  # GPT-2 has none; padding is masked anyway
        wanted = ([SEPARATOR] if causal else []) + [relation_token(r) for r in relations]
        new = [t for t in wanted if t not in tokenizer.get_vocab()]
        if new:
            tokenizer.add_special_tokens({"additional_special_tokens": new})
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
        return cls(model, tokenizer, meta)

    def _start_id(self, relation: str) -> int:
        """The decoder's first input: the relation token, so the decoder knows the relation
        from its first step (a model learns this long before it learns cross-attention)."""
        return int(self.tokenizer.convert_tokens_to_ids(relation_token(relation)))

    def _prompts(self, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
        """A decoder-only model's prompt per ``(head, relation)``: source ids, then ``<sep>``."""
        src = self.tokenizer(
            [self.source(h, r) for h, r in pairs],
            add_special_tokens=False,
            truncation=True,
            max_length=int(self.meta["max_source_len"]) - 1,
        )["input_ids"]
        sep = int(self.tokenizer.convert_tokens_to_ids(SEPARATOR))
        return [ids + [sep] for ids in src]

    def _encode(self, examples: Sequence[Example]) -> list[tuple[list[int], list[int], int]]:
        """``(source ids, target ids, decoder start id)`` per example; the target ends with
        ``</s>``. A decoder-only model's source is its prompt (ending ``<sep>``), its start id 0."""
        if self.causal:
            eos = int(self.tokenizer.eos_token_id)
            tgt = self.tokenizer(
                [e.tail for e in examples], add_special_tokens=False, truncation=True, max_length=self.max_target_len - 1
            )["input_ids"]
            prompts = self._prompts([(e.head, e.relation) for e in examples])
            return [(p, t + [eos], 0) for p, t in zip(prompts, tgt)]
        src = self.tokenizer(
            [self.source(e.head, e.relation) for e in examples],
            truncation=True,
            max_length=int(self.meta["max_source_len"]),
        )["input_ids"]
        if not self.relation_tokens:  # [CLS] starts the decoder, [SEP] ends the tail
            sep = int(self.tokenizer.sep_token_id)
            tgt = self.tokenizer(
                [e.tail for e in examples], add_special_tokens=False, truncation=True, max_length=self.max_target_len - 1
            )["input_ids"]
            start = int(self.model.config.decoder_start_token_id)
            return [(s, t + [sep], start) for s, t in zip(src, tgt)]
        tgt = self.tokenizer(
            [e.tail for e in examples], truncation=True, max_length=self.max_target_len
        )["input_ids"]
        return list(zip(src, tgt, [self._start_id(e.relation) for e in examples]))

    def _batch(self, rows: Sequence[tuple]):
        import torch

        pad = self.tokenizer.pad_token_id
        ls = max(len(r[0]) for r in rows)
        lt = max(len(r[1]) for r in rows)
        ids = torch.full((len(rows), ls), pad, dtype=torch.long)
        mask = torch.zeros((len(rows), ls), dtype=torch.long)
        labels = torch.full((len(rows), lt), -100, dtype=torch.long)
        for i, row in enumerate(rows):
            s, t = row[0], row[1]
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
            labels[i, : len(t)] = torch.tensor(t)
        return ids, mask, labels

    def _decoder(self, labels, rows):
        """Decoder inputs and labels for tail ``labels``: the decoder reads the start token,
        the row's relation token, then the tail shifted right; the relation token's position
        is not scored."""
        import torch

        n, t = labels.shape
        if not self.relation_tokens:  # the start token, then the tail shifted right
            inputs = labels.new_full((n, t), self.tokenizer.pad_token_id)
            inputs[:, 0] = torch.tensor([r[2] for r in rows])
            inputs[:, 1:] = labels[:, :-1]
            return inputs.masked_fill(inputs == -100, self.tokenizer.pad_token_id), labels
        start = self.model.config.decoder_start_token_id
        inputs = labels.new_full((n, t + 1), self.tokenizer.pad_token_id)
        inputs[:, 0] = start
        inputs[:, 1] = torch.tensor([r[2] for r in rows])
        inputs[:, 2:] = labels[:, :-1]
        inputs = inputs.masked_fill(inputs == -100, self.tokenizer.pad_token_id)
        full = labels.new_full((n, t + 1), -100)
        full[:, 1:] = labels
        return inputs, full

    def _logits(self, rows):
        """``(logits, labels)`` of a batch of encoded rows, aligned: ``logits[i, j]`` predicts
        ``labels[i, j]`` (-100 where nothing is scored). Encoder–decoder rows sharing a source
        (several tails of one prompt) share one encoder pass."""
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        if self.causal:
            pad = self.tokenizer.pad_token_id
            width = max(len(r[0]) + len(r[1]) for r in rows)
            ids = torch.full((len(rows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            labels = torch.full((len(rows), width), -100, dtype=torch.long)
            for i, (src, tgt, _) in enumerate(rows):
                n = len(src) + len(tgt)
                ids[i, :n] = torch.tensor(src + tgt)
                mask[i, :n] = 1
                labels[i, len(src) : n] = torch.tensor(tgt)
            logits = self.model(input_ids=ids, attention_mask=mask).logits
            return logits[:, :-1], labels[:, 1:]
        index: dict[tuple[int, ...], int] = {}
        which = [index.setdefault(tuple(src), len(index)) for src, *_ in rows]
        distinct = [list(k) for k in index]
        ids, mask, _ = self._batch([(src, [0]) for src in distinct])
        _, _, labels = self._batch(rows)
        decoder_inputs, labels = self._decoder(labels, rows)
        hidden = self.model.get_encoder()(input_ids=ids, attention_mask=mask).last_hidden_state
        sel = torch.tensor(which)
        logits = self.model(
            encoder_outputs=BaseModelOutput(last_hidden_state=hidden[sel]),
            attention_mask=mask[sel],
            decoder_input_ids=decoder_inputs,
        ).logits
        return logits, labels

    def _loss(self, rows, label_smoothing: float = 0.0):
        """Token cross-entropy of a batch of encoded rows."""
        import torch.nn.functional as F

        logits, labels = self._logits(rows)
        return F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100, label_smoothing=label_smoothing
        )

    def validation_loss(self, examples: Sequence[Example], batch_size: int = 128) -> float:
        """Mean token cross-entropy of the tails of ``examples`` (no label smoothing)."""
        import torch

        rows = self._encode(examples)
        if not rows:
            return float("nan")
        self.model.eval()
        total = weight = 0.0
        with torch.no_grad():
            for i in range(0, len(rows), batch_size):
                chunk = rows[i : i + batch_size]
                n = sum(len(r[1]) for r in chunk)
                total += float(self._loss(chunk)) * n
                weight += n
        return total / weight

    def fit(
        self,
        examples: Sequence[Example],
        *,
        validation: Sequence[Example] = (),
        config: TrainConfig = TrainConfig(),
        out_dir: str | Path | None = None,
        resume: bool = False,
        progress: bool = True,
    ) -> TrainReport:
        """(Continue to) train this model on ``examples``; returns a :class:`TrainReport`, also
        kept in ``meta["train"]``. The weights of the epoch with the best validation loss are
        kept (the last epoch's without validation data)."""
        import torch

        if config.threads:
            torch.set_num_threads(max(1, min(config.threads, torch.get_num_threads())))
        examples = [e for e in examples if e.relation in self.meta["relations"]]
        if not examples:
            raise StudentError("no training examples with a relation this generator knows")
        rows = self._encode(examples)
        valid = list(validation)
        rng = random.Random(config.seed)
        steps_per_epoch = len(_length_batches(rows, config.batch_size, random.Random(0)))
        horizon = {"steps": max(1, steps_per_epoch * config.epochs)}  # shortened to fit max_seconds
        if self.meta.get("freeze_embeddings"):  # the pretrained word embeddings (and output layer) stay
            self.model.get_input_embeddings().weight.requires_grad_(False)
        no_decay = ("bias", "norm", "layernorm")
        named = [(n, p) for n, p in self.model.named_parameters() if p.requires_grad]
        params = [
            {"params": [p for n, p in named if not any(k in n.lower() for k in no_decay)],
             "weight_decay": config.weight_decay},
            {"params": [p for n, p in named if any(k in n.lower() for k in no_decay)], "weight_decay": 0.0},
        ]
        lr = config.lr if config.lr is not None else DEFAULT_LR["from_scratch" if self.meta.get("from_scratch", True) else "pretrained"]
        optimizer = torch.optim.AdamW(params, lr=lr)

        def schedule(step: int) -> float:
            if step < config.warmup_steps:
                return (step + 1) / config.warmup_steps
            rest = (step - config.warmup_steps) / max(1, horizon["steps"] - config.warmup_steps)
            return max(0.05, 0.5 * (1 + math.cos(math.pi * min(1.0, rest))))

        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
        report = TrainReport(examples=len(rows))
        best_state = None
        best_loss = math.inf
        bad = 0
        start_epoch = 0
        checkpoint = Path(out_dir) / CHECKPOINT if out_dir is not None else None
        if resume and checkpoint is not None and (checkpoint / TRAINER_STATE).is_file():
            state = torch.load(checkpoint / TRAINER_STATE, weights_only=False)
            optimizer.load_state_dict(state["optimizer"])
            scheduler.load_state_dict(state["scheduler"])
            report = TrainReport(**state["report"])
            best_loss, bad, start_epoch = state["best_loss"], state["bad"], state["epoch"]
            best_state = state.get("best_state")
            rng.setstate(state["rng"])
            torch.set_rng_state(state["torch_rng"])
        started = time.monotonic() - report.seconds
        with TrainingBar(horizon["steps"], enabled=progress, completed=report.steps) as bar:
            for epoch in range(start_epoch, config.epochs):
                self.model.train()
                batches = _length_batches(rows, config.batch_size, rng)
                running = 0.0
                out_of_time = False
                for b, batch in enumerate(batches):
                    if config.max_seconds is not None and report.steps > 0:
                        spent = time.monotonic() - started
                        if spent > config.max_seconds:
                            out_of_time = True
                            break
                        if b == 20 or (b == 0 and epoch > start_epoch):
                            # fit the schedule to the steps the budget allows at the measured speed
                            per_step = spent / report.steps
                            fit_steps = report.steps + int((config.max_seconds - spent) / per_step)
                            horizon["steps"] = max(report.steps + 1, min(steps_per_epoch * config.epochs, fit_steps))
                            bar.set_total(horizon["steps"])
                    chunk = [rows[i] for i in batch]
                    loss = self._loss(chunk, config.label_smoothing)
                    optimizer.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                    optimizer.step()
                    scheduler.step()
                    report.steps += 1
                    running += float(loss.detach())
                    bar.update(advance=1, description=f"epoch {epoch + 1}/{config.epochs} loss {running / (b + 1):.3f}")
                report.epochs = epoch + 1
                report.train_loss.append(running / max(1, b + (0 if out_of_time else 1)))
                vloss = self.validation_loss(valid) if valid else report.train_loss[-1]
                if valid:
                    report.validation_loss.append(vloss)
                    bar.log(f"epoch {epoch + 1}: train loss {report.train_loss[-1]:.3f}, validation loss {vloss:.3f}")
                if vloss < best_loss - 1e-4:
                    best_loss, bad, report.best_epoch = vloss, 0, epoch + 1
                    best_state = copy.deepcopy(self.model.state_dict())
                else:
                    bad += 1
                report.seconds = time.monotonic() - started
                if checkpoint is not None:
                    self.meta["train"] = report.as_dict()
                    self.save(checkpoint)
                    torch.save(
                        {
                            "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(),
                            "report": report.as_dict(),
                            "best_loss": best_loss,
                            "bad": bad,
                            "epoch": epoch + 1,
                            "best_state": best_state,
                            "rng": rng.getstate(),
                            "torch_rng": torch.get_rng_state(),
                        },
                        checkpoint / TRAINER_STATE,
                    )
                if valid and bad >= config.patience:
                    report.stopped = "early stopping"
                    break
                if config.max_seconds is not None and (out_of_time or report.seconds > config.max_seconds):
                    report.stopped = "time budget"
                    break
        if best_state is not None:
            self.model.load_state_dict(best_state)
        self.model.eval()
        report.seconds = time.monotonic() - started
        self.meta["train"] = report.as_dict()
        if out_dir is not None:
            self.save(out_dir)
        return report

    # -- generation

    def generate(
        self, head: str, relation: str, n: int = 1, *, sample: bool = False, **kwargs: object
    ) -> list[str]:
        """``n`` tails for ``(head, relation)``: beam search (``n`` beams) or, with ``sample``,
        nucleus sampling."""
        return self.generate_batch([(head, relation)], n, sample=sample, **kwargs)[0]  # type: ignore[arg-type]

    def generate_batch(
        self,
        pairs: Sequence[tuple[str, str]],
        n: int = 1,
        *,
        sample: bool = False,
        num_beams: int | None = None,
        temperature: float = 1.0,
        top_p: float = 0.9,
        batch_size: int = 128,
        seed: int | None = None,
        no_repeat_ngram_size: int = 2,
        length_penalty: float = 1.0,
    ) -> list[list[str]]:
        """``n`` tails for each ``(head, relation)``, ``batch_size`` prompts at a time. Greedy
        when ``n == 1`` and not sampling; else beam search with ``max(n, num_beams)`` beams, or
        sampling (seeded by ``seed``). Tails of one prompt are distinct only under beam search.
        No n-gram of ``no_repeat_ngram_size`` tokens repeats within a tail (0: allowed).
        ``length_penalty`` (beam search only): finished beams are ranked by their summed
        log-probability over ``length ** length_penalty`` (> 1 favours longer tails)."""
        import torch

        if n < 1:
            raise StudentError(f"n must be at least 1, got {n}")
        self.check_relations([r for _, r in pairs])
        if seed is not None:
            torch.manual_seed(seed)
        beams = 1 if sample else max(n, num_beams or n)
        options = dict(
            max_new_tokens=self.max_target_len,
            num_beams=beams,
            num_return_sequences=n,
            do_sample=sample,
            temperature=temperature if sample else None,
            top_p=top_p if sample else None,
            top_k=0 if sample else None,
            early_stopping=True if beams > 1 else None,
            length_penalty=length_penalty if beams > 1 else None,
        )
        out: list[list[str]] = []
        self.model.eval()
        for i in range(0, len(pairs), batch_size):
            chunk = pairs[i : i + batch_size]
            with torch.no_grad():
                if self.causal:
                    ids = self._generate_causal(chunk, no_repeat_ngram_size, options)
                else:
                    ids = self._generate_seq2seq(chunk, no_repeat_ngram_size, options)
            texts = [self._text(t) for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True)]
            out += [texts[j : j + n] for j in range(0, len(texts), n)]
        return out

    def _generate_seq2seq(self, pairs: Sequence[tuple[str, str]], no_repeat: int, options: dict):
        import torch

        start = self.model.config.decoder_start_token_id
        enc = self.tokenizer(
            [self.source(h, r) for h, r in pairs],
            padding=True,
            truncation=True,
            max_length=int(self.meta["max_source_len"]),
            return_tensors="pt",
        )
        first = [[start] if not self.relation_tokens else [start, self._start_id(r)] for _, r in pairs]
        return self.model.generate(
            input_ids=enc["input_ids"],
            attention_mask=enc["attention_mask"],
            decoder_input_ids=torch.tensor(first),
            no_repeat_ngram_size=no_repeat or None,
            **options,
        )

    def _generate_causal(self, pairs: Sequence[tuple[str, str]], no_repeat: int, options: dict):
        """Prompts padded on the left (``generate`` numbers positions from the attention mask,
        so a padded prompt generates what it would alone); returns the generated ids only."""
        import torch
        from transformers import LogitsProcessorList

        prompts = self._prompts(pairs)
        width = max(len(p) for p in prompts)
        pad = self.tokenizer.pad_token_id
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts])
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts])
        processors = LogitsProcessorList([_NoRepeatInTail(no_repeat, width)] if no_repeat else [])
        out = self.model.generate(
            input_ids=ids,
            attention_mask=mask,
            logits_processor=processors,
            eos_token_id=self.tokenizer.eos_token_id,
            pad_token_id=pad,
            **options,
        )
        return out[:, width:]

    def _text(self, decoded: str) -> str:
        """A decoded tail; an uncased tokenizer's ``personx`` written ``PersonX`` again."""
        text = decoded.strip()
        if getattr(self.tokenizer, "do_lower_case", False) or self.meta.get("architecture") == "minilm":
            text = _PERSON.sub(lambda m: "Person" + m.group(1).upper(), text)
        return text

    def log_likelihood(self, triples: Sequence[tuple[str, str, str]], batch_size: int = 128) -> list[float]:
        """Mean per-token log-probability of each tail given its head and relation (a
        plausibility signal for the critic)."""
        import torch

        rows = self._encode([Example(h, r, t) for h, r, t in triples])
        scores: list[float] = []
        self.model.eval()
        with torch.no_grad():
            for i in range(0, len(rows), batch_size):
                logits, labels = self._logits(rows[i : i + batch_size])
                logp = logits.log_softmax(-1)
                keep = labels != -100
                tok = logp.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1) * keep
                scores += (tok.sum(-1) / keep.sum(-1).clamp(min=1)).tolist()
        return scores

    # -- persistence

    def save(self, directory: str | Path) -> Path:
        """Write model weights, tokenizer and ``generator.json`` (metadata: relations, templates,
        parameter count, training report) to ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if self.meta.get("architecture") == "minilm":  # one word-embedding matrix, shared: saved once
            from safetensors.torch import save_model

            self.model.config.save_pretrained(str(directory))
            save_model(self.model, str(directory / WEIGHTS))
        else:
            self.model.save_pretrained(str(directory))
        self.tokenizer.save_pretrained(str(directory))
        meta = dict(self.meta, parameters=self.num_parameters)
        (directory / MODEL_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> "Generator":
        """A generator saved by :meth:`save` (no network: local files only)."""
        from transformers import AutoTokenizer

        directory = Path(directory)
        if not (directory / MODEL_FILE).is_file():
            raise StudentError(
                f"no generator in {str(directory)!r} (no {MODEL_FILE}); train one with `kg train generator`"
            )
        meta = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
            model = _shared_embedding_model(directory) if meta.get("architecture") == "minilm" else _auto_model(directory)
        except (OSError, ValueError, RuntimeError) as exc:
            raise StudentError(f"cannot load the generator in {str(directory)!r}: {exc}") from None
        return cls(model, tokenizer, meta)


class _NoRepeatInTail:
    """Bans a token that would repeat an n-gram of ``size`` tokens within the generated part
    (from position ``start``): a decoder-only model's tail may repeat words of its head."""

    def __init__(self, size: int, start: int) -> None:
        self.size = size
        self.start = start

    def __call__(self, input_ids, scores):
        k = self.size - 1
        for row, seq in enumerate(input_ids[:, self.start :].tolist()):
            if len(seq) < max(k, 1):
                continue
            last = tuple(seq[len(seq) - k :]) if k else ()
            banned = [seq[j + k] for j in range(len(seq) - k) if tuple(seq[j : j + k]) == last]
            if banned:
                scores[row, banned] = -float("inf")
        return scores


_PERSON = re.compile(r"\bperson([xyz])\b")


def _words(relation: str) -> str:
    """A relation's name in words: ``xWant`` -> ``x want``, ``AtLocation`` -> ``at location``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.replace("_", " ")).lower()


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


def _shared_embedding_model(path: Path):
    """A warm-started encoder–decoder saved by :meth:`Generator.save` (weights with the shared
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

    config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    auto = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
    return auto.from_pretrained(str(path), local_files_only=True)


def _length_batches(rows: Sequence[tuple], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of about ``size`` rows with similar source lengths (less padding), the
    rows of one source kept together (one encoder pass for all its tails): sources are
    shuffled, sorted by length within pools of 50 batches, packed into batches, and the batches
    shuffled."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, (src, *_) in enumerate(rows):
        groups.setdefault(tuple(src), []).append(i)
    units = list(groups.values())
    rng.shuffle(units)
    batches: list[list[int]] = []
    pool: list[list[int]] = []
    pooled = 0

    def flush() -> None:
        current: list[int] = []
        for unit in sorted(pool, key=lambda u: len(rows[u[0]][0])):
            current += unit
            if len(current) >= size:
                batches.append(current)
                current = []
        if current:
            batches.append(current)

    for unit in units:
        pool.append(unit)
        pooled += len(unit)
        if pooled >= size * 50:
            flush()
            pool, pooled = [], 0
    if pool:
        flush()
    rng.shuffle(batches)
    return batches


def _token_id(tokenizer: Any, token: str) -> int:
    """The id of a special token the tokenizer was trained with."""
    found = tokenizer.token_to_id(token)
    if found is None:
        raise StudentError(f"the tokenizer has no {token!r} token")
    return int(found)
