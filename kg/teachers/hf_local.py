"""A ``transformers`` model from a local directory (causal or seq2seq); never downloads.

The model is loaded on first use (a run answered wholly from the cache never loads it), with
``local_files_only=True``. Its revision is the SHA-256 of the folder's files (the weights
included; each file's hash is remembered in the completion cache until the file is written, so a
large model is read once): two checkpoints in folders of the same name, or a model trained
again in place, never share cached answers or a run. Sampling (a temperature above 0) is seeded per
batch, by its prompts and their sample indices, and the batch shares one random stream: the same
prompts asked together give the same texts on the same machine, but a prompt asked with other
batch mates (another ``batch_size``, or a resumed run whose cache answered some of them) may be
given other samples. Greedy and beam-search answers do not depend on batch mates.

The decoding is what the run's parameters say, whatever the model's ``generation_config.json``
says: at temperature 0 sample ``i`` is the ``i``-th best answer of a beam search as wide as the
highest sample index asked (sample 0 alone: greedy); at a temperature, independent samples at
that temperature and ``top_p`` (no top-k). No repetition penalty, n-gram block, minimum length,
length penalty or forced end token of the model's applies; of its generation config only its
token ids are read (end tokens, the forced first token of BART and mBART). Special tokens
(begin, end, padding; a forced first token) are no part of the answer's text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from kg.errors import TeacherError
from kg.model_folders import model_folder_problem
from kg.records import reasoning_left_open
from kg.teachers.base import Job, Sink, Teacher
from kg.teachers.cache import CompletionCache, file_digest

if TYPE_CHECKING:
    from transformers import GenerationConfig

__all__ = ["HFLocalTeacher"]


class HFLocalTeacher(Teacher):
    """A local ``transformers`` model; the teacher id is ``hf:<directory name>@<12 hex digits of
    its revision>``.

    ``chat=None`` uses the tokenizer's chat template when it has one; ``False`` sends the bare
    prompt (a base model that ships a template), and is another teacher: ``hf:FOLDER@REV (no chat
    template)``, with its own cache keys; ``True`` requires a template.
    ``device="auto"`` runs it on a CUDA GPU when torch sees one (else Apple's MPS, else the CPU);
    ``batch_size`` prompts are generated together (left-padded).
    """

    backend = "hf"

    def __init__(
        self,
        path: str | Path,
        *,
        cache: CompletionCache | None = None,
        device: str = "auto",
        chat: bool | None = None,
        batch_size: int = 8,
    ) -> None:
        self.path = Path(path)
        if not (self.path / "config.json").is_file():
            raise TeacherError(
                f"{str(path)!r} is not a local transformers model directory (no config.json); "
                "download the model yourself and pass its folder: hf:PATH"
            )
        if batch_size < 1:
            raise TeacherError(f"batch_size must be at least 1, got {batch_size}")
        super().__init__(self.path.resolve().name, cache=cache, revision=self._fingerprint(cache))
        self.device = device
        self.chat = chat
        self.batch_size = batch_size
        self._model: Any = None
        self._tokenizer: Any = None
        self.is_encoder_decoder = False
        self._ends: set[int] = set()
        """Token ids that end an answer (the tokenizer's and the generation config's)."""
        self._hidden: set[int] = set()
        """Token ids that are no part of an answer's text."""

    @property
    def id(self) -> str:
        """``hf:FOLDER@REV``; the bare prompt (``chat=False``) is another input, so another teacher."""
        return f"{self.backend}:{self.model}@{(self.revision or '')[:12]}" + _NO_CHAT * (self.chat is False)

    @property
    def cache_model(self) -> str:
        return super().cache_model + _NO_CHAT * (self.chat is False)

    def _fingerprint(self, cache: CompletionCache | None) -> str:
        """SHA-256 over the folder's own files (names and contents; what ``from_pretrained``
        reads: not subfolders, nor hidden entries such as ``.git``)."""
        sha = hashlib.sha256()
        for file in sorted(p for p in self.path.iterdir() if p.is_file() and not p.name.startswith(".")):
            try:
                digest = cache.file_digest(file) if cache is not None else file_digest(file)
            except OSError as exc:
                raise TeacherError(f"cannot read {str(file)!r} of the model: {exc.strerror or exc}") from None
            sha.update(f"{file.name}\0{digest}\n".encode())
        return sha.hexdigest()

    def _load(self) -> None:
        if self._model is not None:
            return
        problem = model_folder_problem(self.path, tokenizer=False)  # a git-lfs pointer for weights
        if problem is not None:
            raise TeacherError(problem)
        try:
            from safetensors import SafetensorError
            from transformers import (
                AutoConfig,
                AutoModelForCausalLM,
                AutoModelForSeq2SeqLM,
                AutoTokenizer,
            )

            config = AutoConfig.from_pretrained(self.path, local_files_only=True)
            self.is_encoder_decoder = bool(getattr(config, "is_encoder_decoder", False))
            cls = AutoModelForSeq2SeqLM if self.is_encoder_decoder else AutoModelForCausalLM
            self._tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
            model = cls.from_pretrained(self.path, local_files_only=True)
        except (OSError, ValueError, KeyError, RuntimeError, SafetensorError) as exc:
            raise TeacherError(f"cannot load the model in {str(self.path)!r}: {type(exc).__name__}: {exc}") from None
        tok = self._tokenizer
        if len(tok) <= len(set(tok.all_special_ids)):  # transformers makes an empty one for a folder without
            raise TeacherError(
                f"{str(self.path)!r} has no tokenizer (tokenizer.json, or the vocabulary files of its model type: "
                "vocab.json and merges.txt, spiece.model, ...): copy the model's tokenizer files into the folder"
            )
        if self.chat and not getattr(tok, "chat_template", None):
            raise TeacherError(f"the tokenizer of {str(self.path)!r} has no chat template; leave chat unset or false")
        if self.device == "auto":
            import torch

            mps = getattr(torch.backends, "mps", None)
            self.device = "cuda" if torch.cuda.is_available() else "mps" if mps is not None and mps.is_available() else "cpu"
        if not self.is_encoder_decoder:
            tok.padding_side = "left"  # a batch's prompts end where generation starts
        # transformers types PreTrainedModel.to through a wrapping decorator whose signature
        # takes the model as its first argument: the stub is wrong, the call is torch's Module.to
        try:
            model.to(self.device)  # type: ignore[arg-type]
        except (RuntimeError, AssertionError, ValueError) as exc:  # no such device, torch built without it
            raise TeacherError(f"cannot run the model on device {self.device!r}: {exc}; use --device cpu (teacher.device)") from None
        model.eval()
        if tok.pad_token_id is None and tok.eos_token_id is not None:
            tok.pad_token = tok.eos_token
        # the run's parameters say how to decode (_decoding): of the model's generation config
        # only its token ids stay, so that none of its sampling, beam, penalty or forced-end
        # settings fills what the run leaves unset
        model.generation_config = _token_ids_only(model.generation_config)
        self._model = model
        ends = model.generation_config.eos_token_id
        self._ends = {int(t) for t in (ends if isinstance(ends, list) else [ends]) if t is not None}
        if tok.eos_token_id is not None:
            self._ends.add(int(tok.eos_token_id))
        # never text: begin, end, padding and separator tokens, and the forced first token (BART's
        # <s>, mBART's language code); <unk> stays: an answer with an unknown word is not one without it
        hidden = [tok.bos_token_id, tok.eos_token_id, tok.pad_token_id, tok.cls_token_id, tok.sep_token_id, tok.mask_token_id]
        hidden.append(model.generation_config.forced_bos_token_id)
        self._hidden = {int(t) for t in hidden if isinstance(t, int) and t != tok.unk_token_id}

    def _input_text(self, text: str, params: Mapping[str, Any]) -> tuple[str, bool]:
        """The model's input for a prompt, and whether the tokenizer should add its special
        tokens (not to a chat template's text, which has them already)."""
        use_chat = self.chat if self.chat is not None else bool(getattr(self._tokenizer, "chat_template", None))
        if not use_chat:
            return text, True
        messages = []
        if params.get("system"):
            messages.append({"role": "system", "content": str(params["system"])})
        messages.append({"role": "user", "content": text})
        return self._tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True), False

    def _generate(
        self, texts: Sequence[str], indices: Sequence[int], params: Mapping[str, Any], seed: int
    ) -> list[list[tuple[str, str, dict[str, int]]]]:
        """Samples ``indices`` of each of ``texts``, generated together (left-padded): per text,
        a list of (text, finish reason, usage) in the order of ``indices``."""
        import torch

        tok, model = self._tokenizer, self._model
        inputs = [self._input_text(text, params) for text in texts]
        batch = tok(
            [text for text, _ in inputs],
            return_tensors="pt",
            padding=len(inputs) > 1,  # a tokenizer without a pad token is asked one prompt at a time
            add_special_tokens=inputs[0][1],
        ).to(self.device)
        prompt_tokens = [int(n) for n in batch["attention_mask"].sum(dim=1)]
        asked = max_new = int(params.get("max_tokens", 256))
        limit = self._positions()
        if limit:
            # a decoder-only model reads the prompt and the answer in its positions; an
            # encoder-decoder one (BART) the prompt in its encoder's, the answer in its decoder's
            longest = max(prompt_tokens)
            if longest > (limit if self.is_encoder_decoder else limit - 1):  # a causal one needs room to answer
                raise ValueError(
                    f"the prompt is {longest} tokens: the model takes {limit} positions in all "
                    "(fewer few-shot examples: --shots)"
                )
            room = limit if self.is_encoder_decoder else limit - int(batch["input_ids"].shape[1])
            max_new = min(max_new, room)  # an answer cut there: "length", its usage says where
        width, ranks = self._decoding_width(indices, params)
        torch.manual_seed(seed)
        with torch.no_grad():
            out = model.generate(**batch, **_decoding(params, width, max_new), pad_token_id=tok.pad_token_id)
        # a decoder-only output repeats the (left-padded) prompt; an encoder-decoder one starts
        # with the decoder start token
        prompt_len = 1 if self.is_encoder_decoder else batch["input_ids"].shape[1]
        opened = [reasoning_left_open(text) if not plain else "" for text, plain in inputs]  # plain: no chat template
        results: list[list[tuple[str, str, dict[str, int]]]] = []
        for t in range(len(texts)):
            results.append([])
            for rank in ranks:
                ids = [int(i) for i in out[t * width + rank][prompt_len:]]
                end = next((n for n, i in enumerate(ids) if i in self._ends), None)
                finish = "stop" if end is not None else "length"  # no end token: it ran to max_new
                ids = ids[:end]
                usage = {"prompt_tokens": prompt_tokens[t], "completion_tokens": len(ids)}
                if finish == "length" and max_new < asked:
                    usage["context_tokens"] = limit or 0  # cut by the model's positions, not by max_tokens
                # the reasoning and end-of-turn markup stays (gpt-oss's Harmony channels are special
                # tokens, and Completion.answer ends an answer at an end-of-turn token); begin, end and
                # padding tokens and a forced first token go. A template that ends the prompt inside an
                # open <think> (R1 distills, Qwen3) gets it back: the answer is what follows </think>
                text_out = opened[t] + tok.decode([i for i in ids if i not in self._hidden], skip_special_tokens=False)
                for stop in params.get("stop") or []:
                    if stop in text_out:
                        text_out, finish = text_out.split(stop, 1)[0], "stop"
                        usage.pop("context_tokens", None)
                results[t].append((text_out, finish, usage))
        return results

    @staticmethod
    def _decoding_width(indices: Sequence[int], params: Mapping[str, Any]) -> tuple[int, list[int]]:
        """How many sequences to generate per prompt, and which of them are the samples asked.
        At temperature 0 sample ``i`` is the ``i``-th best beam of a search as wide as the
        highest index asked (samples added later are new beams, not copies of the first ones);
        at a temperature each sample is drawn anew."""
        if float(params.get("temperature", 0.0)) > 0:
            return len(indices), list(range(len(indices)))
        return max(indices) + 1, list(indices)

    def _positions(self) -> int | None:
        """The most positions (prompt and answer) the model takes, when its configuration says."""
        config = self._model.config
        for name in ("max_position_embeddings", "n_positions"):
            value = getattr(config, name, None)
            if isinstance(value, int) and value > 0:
                return value
        return None

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        """The jobs in batches of ``batch_size`` prompts that need the same samples; a batch that
        fails is asked again a prompt at a time, so one bad prompt (too long, out of memory)
        fails alone."""
        self._load()
        by_samples: dict[tuple[int, ...], list[Job]] = {}
        for job in jobs:
            by_samples.setdefault(job.sample_indices, []).append(job)
        size = self.batch_size if self._tokenizer.pad_token_id is not None else 1
        for group in by_samples.values():
            for start in range(0, len(group), size):
                self._ask(group[start : start + size], params, sink)

    def _ask(self, chunk: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        indices = chunk[0].sample_indices
        key = "|".join(f"{job.prompt.id}:{job.sample_indices}" for job in chunk)
        seed = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)
        try:
            sink.request()
            outs = self._generate([job.prompt.text for job in chunk], indices, params, seed)
        except Exception as exc:  # noqa: BLE001 - one bad prompt (too long, OOM) must not stop the run
            if len(chunk) > 1:
                for job in chunk:
                    self._ask([job], params, sink)
                return
            sink.failed(chunk[0], indices, f"{type(exc).__name__}: {exc}")
            return
        for job, answers in zip(chunk, outs):
            for j, (i, (text, finish, usage)) in enumerate(zip(indices, answers)):
                sink.completed(job, i, text, finish_reason=finish, usage=usage | {"prompt_tokens": usage["prompt_tokens"] * (j == 0)})


_NO_CHAT = " (no chat template)"

def _token_ids_only(config: GenerationConfig) -> GenerationConfig:
    """A generation config with only what ``config`` says of the model itself: its token ids
    (and its cache settings); the rest of it is how to decode, which the run says."""
    from transformers import GenerationConfig

    return GenerationConfig(
        bos_token_id=config.bos_token_id,
        eos_token_id=config.eos_token_id,
        pad_token_id=config.pad_token_id,
        decoder_start_token_id=config.decoder_start_token_id,
        forced_bos_token_id=config.forced_bos_token_id,
        cache_implementation=config.cache_implementation,
        cache_config=config.cache_config,
    )


def _decoding(params: Mapping[str, Any], width: int, max_new: int) -> dict[str, Any]:
    """``generate``'s arguments for the run's decoding, every one given, so no default of
    transformers' (top-k 50 when sampling) changes it: greedy, a beam search ``width`` wide
    (all its beams returned), or ``width`` samples at the run's temperature and top_p."""
    temperature = float(params.get("temperature", 0.0))
    sampling = temperature > 0
    return {
        "max_new_tokens": max_new,
        "do_sample": sampling,
        "num_beams": 1 if sampling else width,
        "num_return_sequences": width,
        "temperature": temperature if sampling else 1.0,
        "top_p": float(params.get("top_p", 1.0)) if sampling else 1.0,
        "top_k": 0,
    }
