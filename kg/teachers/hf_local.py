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
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping, Sequence

from kg.errors import TeacherError
from kg.records import reasoning_left_open
from kg.teachers.base import Job, Sink, Teacher
from kg.teachers.cache import CompletionCache, file_digest

__all__ = ["HFLocalTeacher"]


class HFLocalTeacher(Teacher):
    """A local ``transformers`` model; the teacher id is ``hf:<directory name>@<12 hex digits of
    its revision>``.

    ``chat=None`` uses the tokenizer's chat template when it has one; ``True``/``False`` force.
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

    @property
    def id(self) -> str:
        return f"{self.backend}:{self.model}@{(self.revision or '')[:12]}"

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
        try:
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
        except (OSError, ValueError, KeyError) as exc:
            raise TeacherError(f"cannot load the model in {str(self.path)!r}: {exc}") from None
        if self.device == "auto":
            import torch

            mps = getattr(torch.backends, "mps", None)
            self.device = "cuda" if torch.cuda.is_available() else "mps" if mps is not None and mps.is_available() else "cpu"
        if not self.is_encoder_decoder:
            self._tokenizer.padding_side = "left"  # a batch's prompts end where generation starts
        # transformers types PreTrainedModel.to through a wrapping decorator whose signature
        # takes the model as its first argument: the stub is wrong, the call is torch's Module.to
        try:
            model.to(self.device)  # type: ignore[arg-type]
        except (RuntimeError, AssertionError, ValueError) as exc:  # no such device, torch built without it
            raise TeacherError(f"cannot run the model on device {self.device!r}: {exc}; use --device cpu (teacher.device)") from None
        model.eval()
        self._model = model
        if self._tokenizer.pad_token_id is None and self._tokenizer.eos_token_id is not None:
            self._tokenizer.pad_token = self._tokenizer.eos_token

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
        self, texts: Sequence[str], k: int, params: Mapping[str, Any], seed: int
    ) -> list[list[tuple[str, str, int, int]]]:
        """``k`` answers for each of ``texts``, generated together (left-padded): per text, a list
        of (text, finish reason, prompt tokens, completion tokens)."""
        import torch

        tok, model = self._tokenizer, self._model
        inputs = [self._input_text(text, params) for text in texts]
        batch = tok(
            [text for text, _ in inputs],
            return_tensors="pt",
            padding=True,
            add_special_tokens=inputs[0][1],
        ).to(self.device)
        prompt_tokens = [int(n) for n in batch["attention_mask"].sum(dim=1)]
        temperature = float(params.get("temperature", 0.0))
        max_new = int(params.get("max_tokens", 256))
        limit = self._positions()
        if limit and not self.is_encoder_decoder:
            if max(prompt_tokens) >= limit:
                raise ValueError(
                    f"the prompt is {max(prompt_tokens)} tokens: the model takes {limit} positions in all "
                    "(fewer few-shot examples: --shots)"
                )
            max_new = min(max_new, limit - int(batch["input_ids"].shape[1]))  # an answer cut there: "length"
        kwargs: dict[str, Any] = {
            "max_new_tokens": max_new,
            "num_return_sequences": k,
            "pad_token_id": tok.pad_token_id,
        }
        if temperature > 0:
            kwargs.update(do_sample=True, temperature=temperature, top_p=float(params.get("top_p", 1.0)))
        elif k > 1:
            kwargs.update(num_beams=k)
        else:
            kwargs.update(do_sample=False)
        torch.manual_seed(seed)
        with torch.no_grad():
            out = model.generate(**batch, **kwargs)
        # a decoder-only output repeats the (left-padded) prompt; an encoder-decoder one starts
        # with the decoder start token
        prompt_len = 1 if self.is_encoder_decoder else batch["input_ids"].shape[1]
        eos, pad = tok.eos_token_id, tok.pad_token_id
        opened = [reasoning_left_open(text) if not plain else "" for text, plain in inputs]  # plain: no chat template
        results: list[list[tuple[str, str, int, int]]] = [[] for _ in texts]
        for r, row in enumerate(out):
            ids = [int(t) for t in row[prompt_len:] if int(t) != pad or pad == eos]
            hit_eos = eos is not None and eos in ids
            if hit_eos:
                ids = ids[: ids.index(eos)]
            finish = "stop" if hit_eos or len(ids) < max_new else "length"
            # special tokens are kept: gpt-oss's Harmony channels are special tokens (dropped,
            # its reasoning ran into its answer), and Completion.answer ends an answer at an
            # end-of-turn token. A template that ends the prompt inside an open <think> (R1
            # distills, Qwen3) gets it back: the answer is what follows the model's </think>
            text_out = opened[r // k] + tok.decode(ids, skip_special_tokens=False)
            for stop in params.get("stop") or []:
                if stop in text_out:
                    text_out, finish = text_out.split(stop, 1)[0], "stop"
            results[r // k].append((text_out, finish, prompt_tokens[r // k], len(ids)))
        return results

    def _positions(self) -> int | None:
        """The most positions (prompt and answer) the model takes, when its configuration says."""
        config = self._model.config
        for name in ("max_position_embeddings", "n_positions"):
            value = getattr(config, name, None)
            if isinstance(value, int) and value > 0:
                return value
        return None

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        """The jobs in batches of ``batch_size`` prompts that need as many samples; a batch that
        fails is asked again a prompt at a time, so one bad prompt (too long, out of memory)
        fails alone."""
        self._load()
        by_samples: dict[int, list[Job]] = {}
        for job in jobs:
            by_samples.setdefault(len(job.sample_indices), []).append(job)
        size = self.batch_size if self._tokenizer.pad_token_id is not None else 1
        for k, group in by_samples.items():
            for start in range(0, len(group), size):
                self._ask(group[start : start + size], k, params, sink)

    def _ask(self, chunk: Sequence[Job], k: int, params: Mapping[str, Any], sink: Sink) -> None:
        key = "|".join(f"{job.prompt.id}:{job.sample_indices}" for job in chunk)
        seed = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)
        try:
            sink.request()
            outs = self._generate([job.prompt.text for job in chunk], k, params, seed)
        except Exception as exc:  # noqa: BLE001 - one bad prompt (too long, OOM) must not stop the run
            if len(chunk) > 1:
                for job in chunk:
                    self._ask([job], k, params, sink)
                return
            sink.failed(chunk[0], chunk[0].sample_indices, f"{type(exc).__name__}: {exc}")
            return
        for job, answers in zip(chunk, outs):
            for j, (i, (text, finish, p_tokens, c_tokens)) in enumerate(zip(job.sample_indices, answers)):
                sink.completed(
                    job,
                    i,
                    text,
                    finish_reason=finish,
                    usage={"prompt_tokens": p_tokens if j == 0 else 0, "completion_tokens": c_tokens},
                )
