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

The code is in rooms: :mod:`~kg.students.generator_data` (examples, splits),
:mod:`~kg.students.generator_build` (:class:`ModelConfig`; building a model from scratch,
warm-started or pretrained), :mod:`~kg.students.generator_model` (the model in use: inputs,
scoring, saving), :mod:`~kg.students.generator_training` (:func:`fit`),
:mod:`~kg.students.generator_decoding` (generation), :mod:`~kg.students.generator_eval`
(scores). This module puts them together as :class:`Generator`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Protocol, Sequence

from kg.errors import StudentError
from kg.files import finish_interrupted_swap
from kg.students import generator_decoding, generator_training
from kg.students.generator_build import ModelConfig, from_pretrained, from_scratch, warm_start
from kg.students.generator_data import (
    Example,
    HeadSplit,
    default_model_dir,
    examples_from_store,
    read_examples,
    relation_token,
    split_by_head,
)
from kg.students.generator_model import MODEL_FILE, GeneratorModel
from kg.students.generator_retrieval import RETRIEVAL, RetrievalConfig, RetrievalGenerator
from kg.students.generator_training import CHECKPOINT, TrainConfig, TrainReport

__all__ = [
    "Example",
    "HeadSplit",
    "ModelConfig",
    "TrainConfig",
    "TrainReport",
    "Generator",
    "TailGenerator",
    "SIZES",
    "train_generator",
    "load_generator",
    "read_examples",
    "examples_from_store",
    "split_by_head",
    "relation_token",
    "default_model_dir",
]


class Generator(GeneratorModel):
    """A trained generator: model, tokenizer and metadata (relations, templates, sizes), with
    training (:meth:`train`, :meth:`fit`) and generation (:meth:`generate`,
    :meth:`generate_batch`) added to :class:`~kg.students.generator_model.GeneratorModel`."""

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
        continues from that checkpoint (a :class:`StudentError` when there is none: the folder
        may hold another model, such as the retrieval student, that training would replace).
        """
        examples = list(examples)
        if not examples:
            raise StudentError("no training examples: the graph (or file) holds no labelled triples")
        import torch

        torch.manual_seed(config.seed)
        checkpoint = Path(out_dir) / CHECKPOINT if out_dir is not None else None
        if resume:
            if checkpoint is None or not (checkpoint / MODEL_FILE).is_file():
                where = f"{str(out_dir)!r} holds no checkpoint" if out_dir is not None else "no model folder given"
                raise StudentError(
                    f"nothing to resume: {where} ({CHECKPOINT}/, written after each epoch of a neural "
                    "training); train without --resume to start a new model there"
                )
            gen = cls.load(checkpoint)
            started = gen.meta.get("base_model")
            if base_model is not None and str(base_model) != started:
                raise StudentError(
                    f"the checkpoint in {str(out_dir)!r} continues a training from "
                    f"{'base model ' + repr(started) if started else 'scratch'}; --base-model {str(base_model)!r} starts "
                    "a new one: drop --resume, or --base-model"
                )
            gen.fit(examples, validation=validation, config=config, out_dir=out_dir, resume=True, progress=progress)
            return gen
        relations = sorted({e.relation for e in examples})
        cfg = ModelConfig.preset(model) if isinstance(model, str) else model
        templates = {r: t for r, t in (templates or {}).items() if r in relations}
        if base_model is not None:
            gen = cls(*from_pretrained(Path(base_model), relations, cfg, templates))
        elif cfg.architecture == "minilm":
            gen = cls(*warm_start(relations, cfg, templates, seed=config.seed))
        else:
            gen = cls(*from_scratch(examples, relations, cfg, templates, seed=config.seed))
        gen.fit(examples, validation=validation, config=config, out_dir=out_dir, progress=progress)
        return gen

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
        kept (the last epoch's without validation data). See
        :func:`kg.students.generator_training.fit`."""
        return generator_training.fit(
            self, examples, validation=validation, config=config, out_dir=out_dir, resume=resume, progress=progress
        )

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
        log-probability over ``length ** length_penalty`` (> 1 favours longer tails). See
        :func:`kg.students.generator_decoding.generate_batch`."""
        return generator_decoding.generate_batch(
            self,
            pairs,
            n,
            sample=sample,
            num_beams=num_beams,
            temperature=temperature,
            top_p=top_p,
            batch_size=batch_size,
            seed=seed,
            no_repeat_ngram_size=no_repeat_ngram_size,
            length_penalty=length_penalty,
        )


class TailGenerator(Protocol):
    """What generating, scoring and saving need of a generator: a :class:`Generator` (neural) or
    a :class:`~kg.students.generator_retrieval.RetrievalGenerator` (nearest heads' tails)."""

    meta: dict[str, Any]

    @property
    def relations(self) -> list[str]: ...

    @property
    def num_parameters(self) -> int: ...

    def check_relations(self, relations: Sequence[str]) -> None: ...

    def source(self, head: str, relation: str) -> str: ...

    def generate(self, head: str, relation: str, n: int = 1, *, sample: bool = False, **kwargs: Any) -> list[str]: ...

    def generate_batch(self, pairs: Sequence[tuple[str, str]], n: int = 1, *, sample: bool = False, num_beams: int | None = None,
                       temperature: float = 1.0, top_p: float = 0.9, batch_size: int = 128, seed: int | None = None,
                       no_repeat_ngram_size: int = 2, length_penalty: float = 1.0) -> list[list[str]]: ...

    def save(self, directory: str | Path) -> Path: ...


SIZES = (RETRIEVAL, "tiny", "small", "base", "bart", "minilm")
"""The generator sizes a run or the loop can ask for by name, the default first: ``retrieval``
(:class:`RetrievalGenerator`, nothing trained), then :meth:`ModelConfig.preset`'s neural ones."""


def train_generator(
    examples: Sequence[Example],
    *,
    model: ModelConfig | RetrievalConfig | str = RETRIEVAL,
    config: TrainConfig = TrainConfig(),
    templates: Mapping[str, str] | None = None,
    progress: bool = False,
) -> Generator | RetrievalGenerator:
    """A generator for ``examples`` of the size ``model`` names (one of :data:`SIZES`) or
    describes: ``retrieval`` or a :class:`RetrievalConfig` indexes them
    (:meth:`RetrievalGenerator.build`; ``config`` does not apply: nothing is trained), a neural
    size or a :class:`ModelConfig` trains a :class:`Generator` with ``config``."""
    if isinstance(model, RetrievalConfig) or model == RETRIEVAL:
        retrieval = model if isinstance(model, RetrievalConfig) else RetrievalConfig()
        return RetrievalGenerator.build(examples, config=retrieval, templates=templates)
    if isinstance(model, str) and model not in SIZES:
        raise StudentError(f"unknown generator size {model!r}; use one of {', '.join(SIZES)}")
    return Generator.train(examples, model=model, config=config, templates=templates, progress=progress)


def load_generator(directory: str | Path) -> Generator | RetrievalGenerator:
    """The generator saved in ``directory``, of the kind its ``generator.json`` names
    (``architecture: "retrieval"``: a :class:`RetrievalGenerator`, else a :class:`Generator`)."""
    finish_interrupted_swap(Path(directory))
    path = Path(directory) / MODEL_FILE
    if path.is_file():
        try:
            architecture = json.loads(path.read_text(encoding="utf-8")).get("architecture")
        except (ValueError, AttributeError) as exc:
            raise StudentError(f"the generator's metadata {str(path)!r} is damaged: {exc}") from None
        if architecture == RETRIEVAL:
            return RetrievalGenerator.load(directory)
    return Generator.load(directory)
