"""A ``transformers`` model from a local directory (causal or seq2seq); never downloads.

The model is loaded on first use (a run answered wholly from the cache never loads it), with
``local_files_only=True``. Its revision is the SHA-256 of the folder's files (the weights
included; each file's hash is remembered in the completion cache by size and modification time,
so a large model is read once): two checkpoints in folders of the same name, or a model trained
again in place, never share cached answers or a run. Sampling is seeded per prompt and sample index, so the same prompt,
parameters and sample index give the same text on the same machine.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping, Sequence

from kg.errors import TeacherError
from kg.teachers.base import Job, Sink, Teacher
from kg.teachers.cache import CompletionCache, file_digest

__all__ = ["HFLocalTeacher"]


class HFLocalTeacher(Teacher):
    """A local ``transformers`` model; the teacher id is ``hf:<directory name>@<12 hex digits of
    its revision>``.

    ``chat=None`` uses the tokenizer's chat template when it has one; ``True``/``False`` force.
    """

    backend = "hf"

    def __init__(
        self,
        path: str | Path,
        *,
        cache: CompletionCache | None = None,
        device: str = "cpu",
        chat: bool | None = None,
    ) -> None:
        self.path = Path(path)
        if not (self.path / "config.json").is_file():
            raise TeacherError(
                f"{str(path)!r} is not a local transformers model directory (no config.json); "
                "download the model yourself and pass its folder: hf:PATH"
            )
        super().__init__(self.path.resolve().name, cache=cache, revision=self._fingerprint(cache))
        self.device = device
        self.chat = chat
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
        # transformers types PreTrainedModel.to through a wrapping decorator whose signature
        # takes the model as its first argument: the stub is wrong, the call is torch's Module.to
        model.to(self.device)  # type: ignore[arg-type]
        model.eval()
        self._model = model
        if self._tokenizer.pad_token_id is None and self._tokenizer.eos_token_id is not None:
            self._tokenizer.pad_token = self._tokenizer.eos_token

    def _input_text(self, text: str, params: Mapping[str, Any]) -> str:
        use_chat = self.chat if self.chat is not None else bool(getattr(self._tokenizer, "chat_template", None))
        if not use_chat:
            return text
        messages = []
        if params.get("system"):
            messages.append({"role": "system", "content": str(params["system"])})
        messages.append({"role": "user", "content": text})
        return self._tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)

    def _generate(self, text: str, k: int, params: Mapping[str, Any], seed: int) -> list[tuple[str, str, int, int]]:
        import torch

        tok, model = self._tokenizer, self._model
        inputs = tok(self._input_text(text, params), return_tensors="pt").to(self.device)
        temperature = float(params.get("temperature", 0.0))
        max_new = int(params.get("max_tokens", 256))
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
            out = model.generate(**inputs, **kwargs)
        # a decoder-only output repeats the prompt; an encoder-decoder one starts with the
        # decoder start token
        prompt_len = 1 if self.is_encoder_decoder else inputs["input_ids"].shape[1]
        results = []
        eos = tok.eos_token_id
        for row in out:
            new = row[prompt_len:]
            ids = [int(t) for t in new if int(t) != tok.pad_token_id or tok.pad_token_id == eos]
            hit_eos = eos is not None and eos in ids
            if hit_eos:
                ids = ids[: ids.index(eos)]
            finish = "stop" if hit_eos or len(ids) < max_new else "length"
            text_out = tok.decode(ids, skip_special_tokens=True)
            stops = params.get("stop") or []
            for stop in stops:
                if stop in text_out:
                    text_out, finish = text_out.split(stop, 1)[0], "stop"
            results.append((text_out, finish, int(inputs["input_ids"].shape[1]), len(ids)))
        return results

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        self._load()
        for job in jobs:
            seed = int(hashlib.sha1(f"{job.prompt.id}:{job.sample_indices}".encode()).hexdigest()[:8], 16)
            try:
                sink.request()
                outs = self._generate(job.prompt.text, len(job.sample_indices), params, seed)
            except Exception as exc:  # noqa: BLE001 - one bad prompt (too long, OOM) must not stop the batch
                sink.failed(job, job.sample_indices, f"{type(exc).__name__}: {exc}")
                continue
            for j, (i, (text, finish, p_tokens, c_tokens)) in enumerate(zip(job.sample_indices, outs)):
                sink.completed(
                    job,
                    i,
                    text,
                    finish_reason=finish,
                    usage={"prompt_tokens": p_tokens if j == 0 else 0, "completion_tokens": c_tokens},
                )
