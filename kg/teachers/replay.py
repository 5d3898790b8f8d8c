"""Replay a recorded transcript: JSONL, one prompt a line.

Each line is ``{"prompt": TEXT, "completions": [...]}`` (or one ``"completion"``) and/or ``{"prompt_id": ID, ...}``; a
completion is a string or ``{"text": ..., "finish_reason": ..., "usage": {...}}``. A prompt the transcript does not hold is
a :class:`~kg.errors.TeacherError` naming it, raised before anything is replayed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from kg.errors import TeacherError
from kg.records import Completion
from kg.teachers.base import Job, Sink, Teacher, json_objects
from kg.teachers.cache import CompletionCache

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
    """Answers from a transcript; the teacher id is ``replay:<file stem>``."""

    backend = "replay"

    def __init__(self, path: str | Path, *, cache: CompletionCache | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise TeacherError(f"no such transcript: {str(path)!r}")
        super().__init__(self.path.stem, cache=cache)
        self._by_text: dict[str, list[tuple[str, str | None, dict[str, int]]]] = {}
        self._by_id: dict[str, list[tuple[str, str | None, dict[str, int]]]] = {}
        for where, record in json_objects(self.path):
            listed = record.get("completions")
            if listed is None and "completion" in record:  # the prompt-completion format: one answer
                listed = [record["completion"]]
            if not isinstance(listed, list):
                raise TeacherError(f"{where}: a line needs a 'completions' list (or one 'completion')")
            answers = [_completion(c, where) for c in listed]
            if "prompt" not in record and "prompt_id" not in record:
                raise TeacherError(f"{where}: a line needs 'prompt' or 'prompt_id'")
            if "prompt" in record:
                self._by_text.setdefault(str(record["prompt"]), []).extend(answers)
            if "prompt_id" in record:
                self._by_id.setdefault(str(record["prompt_id"]), []).extend(answers)

    def _answers(self, prompt_id: str, text: str) -> list[tuple[str, str | None, dict[str, int]]] | None:
        return self._by_text.get(text) or self._by_id.get(prompt_id)

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        for job in jobs:
            answers = self._answers(job.prompt.id, job.prompt.text)
            if answers is None:
                start = " ".join(job.prompt.text.split())[:60]
                raise TeacherError(
                    f"transcript {self.path.name} has no answer for prompt {job.prompt.id} "
                    f"({start!r}); record it or use another teacher"
                )
            wanted = max(job.sample_indices) + 1
            if len(answers) < wanted:
                raise TeacherError(
                    f"transcript {self.path.name} has {len(answers)} completions for prompt "
                    f"{job.prompt.id}, {wanted} asked; lower n or record more samples"
                )
        for job in jobs:
            answers = self._answers(job.prompt.id, job.prompt.text) or []
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
