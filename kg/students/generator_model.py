"""The generator's model in use: a model, its tokenizer and its metadata, and how it reads text.

:class:`GeneratorModel` knows the relations and templates it was trained on, writes the model
input for a ``(head, relation)`` (:meth:`~GeneratorModel.source`), encodes examples into token
ids (:meth:`~GeneratorModel.encode`), scores tails (:meth:`~GeneratorModel.loss`,
:meth:`~GeneratorModel.validation_loss`, :meth:`~GeneratorModel.log_likelihood`) and saves and
loads itself. Training (:mod:`kg.students.generator_training`) and generation
(:mod:`kg.students.generator_decoding`) work on it; :class:`kg.students.generator.Generator`
is this class with those added.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Mapping, Self, Sequence

from kg.errors import StudentError, cannot_write
from kg.files import finish_interrupted_swap, follow_umask, new_folder
from kg.ontology import fill
from kg.software import software_version
from kg.students.generator_build import SEPARATOR, load_model, save_model
from kg.students.generator_data import Example, GeneratorFacts, relation_token, require_relations
from kg.students.generator_retrieval import CHECKPOINT, RETRIEVAL

MODEL_FILE = "generator.json"


class GeneratorModel(GeneratorFacts):
    """A model, its tokenizer and metadata (relations, templates, sizes)."""

    def __init__(self, model, tokenizer, meta: Mapping[str, object]) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.meta: dict[str, Any] = dict(meta)
        self.model.eval()

    # -- facts about the model

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
        require_relations(relations, self.relations)

    def source(self, head: str, relation: str) -> str:
        """The model input for ``(head, relation)``: the relation's template up to ``{tail}``
        with the head filled in, else the head; preceded by the relation token, or (a model
        without relation tokens) followed by the relation's name in words."""
        self.check_relations([relation])
        template = self.templates.get(relation)
        if template and "{tail}" in template:
            text = fill(template.split("{tail}", 1)[0], head=head).strip()
        else:
            text = head if self.relation_tokens else f"{head}; {_words(relation)}"
        return f"{relation_token(relation)} {text}" if self.relation_tokens else text

    # -- reading and scoring text

    def start_id(self, relation: str) -> int:
        """The decoder's first input: the relation token, so the decoder knows the relation
        from its first step (a model learns this long before it learns cross-attention)."""
        return int(self.tokenizer.convert_tokens_to_ids(relation_token(relation)))

    def prompts(self, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
        """A decoder-only model's prompt per ``(head, relation)``: source ids, then ``<sep>``."""
        src = self.tokenizer(
            [self.source(h, r) for h, r in pairs],
            add_special_tokens=False,
            truncation=True,
            max_length=int(self.meta["max_source_len"]) - 1,
        )["input_ids"]
        sep = int(self.tokenizer.convert_tokens_to_ids(SEPARATOR))
        return [ids + [sep] for ids in src]

    def encode(self, examples: Sequence[Example]) -> list[tuple[list[int], list[int], int]]:
        """``(source ids, target ids, decoder start id)`` per example; the target ends with
        ``</s>``. A decoder-only model's source is its prompt (ending ``<sep>``), its start id 0."""
        if self.causal:
            eos = int(self.tokenizer.eos_token_id)
            tgt = self.tokenizer(
                [e.tail for e in examples], add_special_tokens=False, truncation=True, max_length=self.max_target_len - 1
            )["input_ids"]
            prompts = self.prompts([(e.head, e.relation) for e in examples])
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
        return list(zip(src, tgt, [self.start_id(e.relation) for e in examples]))

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

    def loss(self, rows, label_smoothing: float = 0.0):
        """Token cross-entropy of a batch of encoded rows."""
        import torch.nn.functional as F

        logits, labels = self._logits(rows)
        return F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=-100, label_smoothing=label_smoothing
        )

    def validation_loss(self, examples: Sequence[Example], batch_size: int = 128) -> float:
        """Mean token cross-entropy of the tails of ``examples`` (no label smoothing)."""
        import torch

        rows = self.encode(examples)
        if not rows:
            return float("nan")
        self.model.eval()
        total = weight = 0.0
        with torch.no_grad():
            for i in range(0, len(rows), batch_size):
                chunk = rows[i : i + batch_size]
                n = sum(len(r[1]) for r in chunk)
                total += float(self.loss(chunk)) * n
                weight += n
        return total / weight

    def tail_text(self, decoded: str) -> str:
        """A decoded tail; an uncased tokenizer's ``personx`` written ``PersonX`` again. A tail
        is one line of text, as a stored one is: whitespace runs (a line break) are one space, and
        U+FFFD (a character a byte-level tokenizer cut in two) is dropped; ``kg generate -f tsv``
        folded them, the API and JSON lines kept them."""
        text = " ".join(decoded.replace("\ufffd", "").split())
        if getattr(self.tokenizer, "do_lower_case", False) or self.meta.get("architecture") == "minilm":
            text = _PERSON.sub(lambda m: "Person" + m.group(1).upper(), text)
        return text

    def log_likelihood(self, triples: Sequence[tuple[str, str, str]], batch_size: int = 128) -> list[float]:
        """Mean per-token log-probability of each tail given its head and relation (a
        plausibility signal for the critic)."""
        import torch

        rows = self.encode([Example(h, r, t) for h, r, t in triples])
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
        parameter count, training report) into a folder beside ``directory`` that then takes its
        place (:func:`kg.files.new_folder`): a save killed half-way leaves the model there before
        whole. A training's ``checkpoint/`` there is kept."""
        directory = Path(directory)
        try:
            with new_folder(directory, keep=(CHECKPOINT,)) as tmp:
                self._write(tmp)
        except OSError as exc:  # a full disk, ulimit -f: "File too large" named no file
            raise cannot_write(directory, exc) from exc
        return directory

    def _write(self, directory: Path) -> None:
        save_model(self.model, directory, self.meta.get("architecture"))  # minilm: shared embeddings once
        follow_umask(*directory.glob("*.safetensors"))  # safetensors makes them 0600 whatever the umask
        self.tokenizer.save_pretrained(str(directory))
        meta = dict(self.meta, parameters=self.num_parameters)
        meta.setdefault("software", software_version("torch", "transformers"))  # what trained it: kept by a re-save
        (directory / MODEL_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: str | Path) -> Self:
        """A generator saved by :meth:`save` (no network: local files only)."""
        from transformers import AutoTokenizer

        directory = Path(directory)
        finish_interrupted_swap(directory)
        if not (directory / MODEL_FILE).is_file():
            raise StudentError(
                f"no generator in {str(directory)!r} (no {MODEL_FILE}); train one with `kg train generator`"
            )
        meta = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
        if meta.get("architecture") == RETRIEVAL:
            raise StudentError(
                f"the generator in {str(directory)!r} is a retrieval index, not a neural model; "
                "load it with kg.students.generator.load_generator"
            )
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
            model = load_model(directory, meta.get("architecture"))
        except (OSError, ValueError, RuntimeError) as exc:
            raise StudentError(f"cannot load the generator in {str(directory)!r}: {exc}") from None
        return cls(model, tokenizer, meta)


_PERSON = re.compile(r"\bperson([xyz])\b")


def _words(relation: str) -> str:
    """A relation's name in words: ``xWant`` -> ``x want``, ``AtLocation`` -> ``at location``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.replace("_", " ")).lower()
