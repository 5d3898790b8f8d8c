"""Replay a recorded transcript: JSONL, one prompt a line.

Each line is ``{"prompt": TEXT, "completions": [...]}`` (or one ``"completion"``) and/or ``{"prompt_id": ID, ...}``; a
completion is a string or ``{"text": ..., "finish_reason": ..., "usage": {...}}``. A prompt the transcript does not hold is
a :class:`~kg.errors.TeacherError` naming it, raised before anything is replayed.

The output of a batch run is read too (OpenAI's Batch API, vLLM's ``run_batch``): ``{"custom_id": PROMPT_ID,
"response": {"status_code": 200, "body": {"model": ..., "choices": [...], "usage": {...}}}, "error": null}`` for
the requests ``kg distill --batch-requests`` wrote; a request that failed there fails its prompt (the run ends with
exit code 3 and asks it again on a rerun with another teacher), and the teacher id names the model that answered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from kg.errors import ConfigError, TeacherError
from kg.prompts import Prompt, question_of
from kg.records import Completion
from kg.teachers.base import Job, Sink, Teacher, json_objects
from kg.teachers.cache import CompletionCache, file_digest
from kg.teachers.openai_compat import choice_text, token_counts

__all__ = ["ReplayTeacher", "write_transcript"]


def _completion(value: Any, where: str) -> tuple[str, str | None, dict[str, int]]:
    if isinstance(value, str):
        return value, None, {}
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        usage = value.get("usage") or {}
        finish = value.get("finish_reason")
        try:
            return value["text"], None if finish is None else str(finish), {str(k): int(v) for k, v in usage.items()}
        except (AttributeError, TypeError, ValueError, OverflowError):
            raise TeacherError(f"{where}: a completion's usage must map names to token counts") from None
    raise TeacherError(f"{where}: a completion must be a string or an object with a 'text' string")


class ReplayTeacher(Teacher):
    """Answers from a transcript; the teacher id is ``replay:<file stem>@<12 hex digits of its
    SHA-256>`` (a batch's results: ``replay:<model>@...``), so two transcripts that share a file
    name are two teachers."""

    backend = "replay"

    def __init__(self, path: str | Path, *, cache: CompletionCache | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ConfigError(f"no such transcript: {str(path)!r}")
        self._by_text: dict[str, list[tuple[str, str | None, dict[str, int]]]] = {}
        self._by_id: dict[str, list[tuple[str, str | None, dict[str, int]]]] = {}
        self._errors: dict[str, str] = {}  # a batch request that failed, by prompt id
        self._asked: dict[tuple[str, ...], str] = {}  # (head, relation) or (question,) -> a recorded prompt's id
        models: set[str] = set()
        for where, record in json_objects(self.path):
            if "custom_id" in record:
                model = self._read_batch_line(record, where)
                if model:
                    models.add(model)
                continue
            listed = record.get("completions")
            if listed is None and "completion" in record:  # the prompt-completion format: one answer
                listed = [record["completion"]]
            if not isinstance(listed, list):
                raise TeacherError(f"{where}: a line needs a 'completions' list (or one 'completion')")
            answers = [_completion(c, where) for c in listed]
            if "prompt" not in record and "prompt_id" not in record:
                raise TeacherError(f"{where}: a line needs 'prompt' or 'prompt_id'")
            self._note_question(record)
            if "prompt" in record:
                self._by_text.setdefault(str(record["prompt"]), []).extend(answers)
            if "prompt_id" in record:
                self._by_id.setdefault(str(record["prompt_id"]), []).extend(answers)
        # a batch's results are named by the model that answered (provenance), a transcript by its file
        # the revision is the file's hash: an edited transcript is never answered from the cache
        super().__init__(models.pop() if len(models) == 1 else self.path.stem, cache=cache, revision=file_digest(self.path))

    @property
    def id(self) -> str:
        return f"{self.backend}:{self.model}@{(self.revision or '')[:12]}"

    def _read_batch_line(self, record: dict[str, Any], where: str) -> str | None:
        """One line of a batch run's output: its answers (or its error) by prompt id; the model."""
        prompt_id = str(record["custom_id"])
        response = record.get("response") or {}
        body = response.get("body") if isinstance(response, dict) else None
        status = response.get("status_code") if isinstance(response, dict) else None
        error = record.get("error")
        if error or status not in (200, None) or not isinstance(body, dict):
            detail = error.get("message") if isinstance(error, dict) else error
            detail = detail or (body.get("error", {}).get("message") if isinstance(body, dict) and isinstance(body.get("error"), dict) else None)
            self._errors[prompt_id] = f"the batch request failed (status {status}): {detail or 'no response body'}"[:300]
            return None
        try:
            choices = sorted(body["choices"], key=lambda c: c.get("index", 0))
            usage = token_counts(body.get("usage"))
            answers = [(choice_text(c), c.get("finish_reason"), usage if i == 0 else {}) for i, c in enumerate(choices)]
        except (KeyError, TypeError, AttributeError) as exc:
            raise TeacherError(f"{where}: not a chat or completions response body ({type(exc).__name__}: {exc})") from None
        self._by_id.setdefault(prompt_id, []).extend(answers)
        return str(body["model"]) if body.get("model") else None

    def _note_question(self, record: Mapping[str, Any]) -> None:
        """Remember what a line asked, to name it when a prompt is not found: its head and
        relation where the line carries them (``kg distill`` records them), and its question
        (the prompt's last paragraph, after the few-shot examples)."""
        recorded = str(record.get("prompt_id") or record.get("prompt", ""))[:40]
        if record.get("head") and record.get("relation"):
            self._asked.setdefault((str(record["head"]), str(record["relation"])), recorded)
        if "prompt" in record:
            self._asked.setdefault((_question_text(str(record["prompt"])),), recorded)

    def _missing(self, prompt: Prompt) -> str:
        """Why a prompt has no answer, in words: the head and relation it asks (its question where
        it has none), and, where the transcript answers the same question under another prompt
        (other few-shot examples: the store's accepted facts, ``--store-examples``), how to ask
        it as recorded. That other prompt's answer is never given: its prompt is not this one."""
        question = _question_text(prompt.text)
        about = f"{prompt.head} / {prompt.relation}" if prompt.head and prompt.relation else repr(question[:80])
        missing = f"transcript {self.path.name} has no answer for prompt {prompt.id} ({about})"
        other = self._asked.get((prompt.head, prompt.relation)) if prompt.head and prompt.relation else None
        other = other or self._asked.get((question,))
        if other is None:
            return f"{missing}; record it or use another teacher"
        return (f"{missing}: it answers the same question under prompt {other}, whose few-shot examples differ (by default "
                "the store's accepted facts become examples); rerun with --domain-examples to ask it as recorded, or record "
                "this prompt or use another teacher")

    def _answers(self, prompt_id: str, text: str) -> list[tuple[str, str | None, dict[str, int]]] | None:
        return self._by_text.get(text) or self._by_id.get(prompt_id)

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        for job in jobs:
            answers = self._answers(job.prompt.id, job.prompt.text)
            if answers is None and job.prompt.id in self._errors:
                continue
            if answers is None:
                raise TeacherError(self._missing(job.prompt))
            wanted = max(job.sample_indices) + 1
            if len(answers) < wanted:
                raise TeacherError(
                    f"transcript {self.path.name} has {len(answers)} completions for prompt "
                    f"{job.prompt.id}, {wanted} asked; lower n or record more samples"
                )
        for job in jobs:
            answers = self._answers(job.prompt.id, job.prompt.text) or []
            if not answers:
                sink.failed(job, job.sample_indices, self._errors[job.prompt.id])
                continue
            for i in job.sample_indices:
                text, finish, usage = answers[i]
                sink.completed(job, i, text, finish_reason=finish, usage=usage, paid=False)


def write_transcript(completions: Iterable[Completion], path: str | Path) -> int:
    """Write completions as a replayable transcript (one line per prompt); returns lines."""
    grouped: dict[str, dict[str, Any]] = {}
    for c in sorted(completions, key=lambda c: (c.prompt_id, c.sample_index)):
        entry = grouped.setdefault(
            c.prompt_id, {"prompt_id": c.prompt_id, "prompt": c.prompt, "teacher": c.teacher, "completions": []}
        )
        entry["completions"].append({"text": c.text, "finish_reason": c.finish_reason, "usage": dict(c.usage)})
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        for entry in grouped.values():
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return len(grouped)


def _question_text(text: str) -> str:
    """A prompt's question (:func:`kg.prompts.question_of`) with its spaces collapsed, as two
    prompts are compared."""
    return " ".join(question_of(text.strip()).split())
