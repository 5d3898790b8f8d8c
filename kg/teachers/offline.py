"""An offline teacher for measurement: answers (head, relation) prompts from a held-out dataset.

Each row of an ATOMIC 2020 style JSONL file (``head``, ``relation``, ``generations``,
``greedy``; e.g. ``kg/data/atomic2020/dev.jsonl``, whose generations are COMET-BART's real
output) answers the list prompt built for its (head, relation): the row's ``generations`` as
a numbered list (``source="generations"``, the default) or its ``greedy`` tail
(``source="greedy"``). A prompt the data holds no row for is answered ``1. none`` (what ATOMIC's
annotators write when nothing fits) and still costs a call: strategies that ask such prompts
pay for them, as they would with a live model that has nothing to say.

It lets prompt strategies be compared without a live model (``bench/active.py``). Like any
teacher it goes through :meth:`Teacher.complete` (the cache in front, stats counted): every
sample it answers counts as a paid call, with its tokens counted as whitespace-separated words
(no tokenizer runs offline; ``usage`` says ``prompt_tokens`` and ``completion_tokens`` in those
words). All samples of a prompt are the same answer: the data has one per source, so
self-consistency over ``n > 1`` samples measures nothing here.

Spec: ``offline:PATH`` or ``offline:PATH#greedy``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from kg.errors import TeacherError
from kg.teachers.base import Job, Sink, Teacher, json_objects
from kg.teachers.cache import CompletionCache, file_digest

__all__ = ["OfflineTeacher", "SOURCES", "NOTHING"]

SOURCES = ("generations", "greedy")
NOTHING = "1. none"
"""The answer to a prompt the data holds no row for."""


def _words(text: str) -> int:
    return len(text.split())


class OfflineTeacher(Teacher):
    """Answers list prompts from a dataset's rows; the teacher id is ``offline:<stem>[#greedy]``.

    >>> teacher = OfflineTeacher("kg/data/atomic2020/dev.jsonl")           # doctest: +SKIP
    >>> teacher.covers("PersonX calls PersonY ambulance", "xNeed")       # doctest: +SKIP
    True
    """

    backend = "offline"

    def __init__(self, path: str | Path, *, source: str = "generations", cache: CompletionCache | None = None) -> None:
        self.path = Path(path)
        if source not in SOURCES:
            raise TeacherError(f"offline teacher source {source!r}: use {' or '.join(SOURCES)}")
        if not self.path.is_file():
            raise TeacherError(f"no such dataset for the offline teacher: {str(path)!r}")
        stem = self.path.stem + ("" if source == "generations" else f"#{source}")
        super().__init__(stem, cache=cache, revision=file_digest(self.path))  # another dataset: other answers
        self.source = source
        self._answers: dict[tuple[str, str], str] = {}
        self.unanswerable = 0
        """Samples asked for prompts the data holds no row for (answered ``1. none``)."""
        for where, row in json_objects(self.path):
            if not isinstance(row.get("head"), str) or not isinstance(row.get("relation"), str):
                raise TeacherError(f"{where}: a row needs 'head' and 'relation' strings")
            tails = _tails(row, source, where)
            if tails:
                key = (row["head"].strip(), row["relation"].strip())
                text = "\n".join(f"{i}. {t}" for i, t in enumerate(tails, 1))
                self._answers[key] = self._answers[key] + "\n" + text if key in self._answers else text

    def covers(self, head: str, relation: str) -> bool:
        """Whether the data holds a row for ``(head, relation)``."""
        return (head.strip(), relation.strip()) in self._answers

    def pairs(self) -> list[tuple[str, str]]:
        """Every (head, relation) the data answers, in file order."""
        return list(self._answers)

    def answer(self, head: str | None, relation: str | None) -> str:
        """The text it answers for ``(head, relation)``."""
        if head is None or relation is None:
            return NOTHING
        return self._answers.get((head.strip(), relation.strip()), NOTHING)

    def _run(self, jobs: Sequence[Job], params: Mapping[str, Any], sink: Sink) -> None:
        for job in jobs:
            prompt = job.prompt
            if prompt.head is None or prompt.relation is None:
                raise TeacherError(
                    f"the offline teacher answers (head, relation) list prompts only; prompt {prompt.id} has none"
                )
            text = self.answer(prompt.head, prompt.relation)
            sink.request()
            usage = {"prompt_tokens": _words(prompt.text), "completion_tokens": _words(text)}
            for n, i in enumerate(job.sample_indices):
                if text == NOTHING:
                    self.unanswerable += 1
                # one request for the job's samples, as an n-choice request: tokens of the prompt once
                sink.completed(job, i, text, finish_reason="stop", usage=usage if n == 0 else {"completion_tokens": _words(text)})


def _tails(row: dict, source: str, where: str) -> list[str]:
    value = row.get(source)
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TeacherError(f"{where}: {source!r} must be a string or a list of strings")
    out = []
    for v in values:
        v = " ".join(v.split())
        if v and v.casefold() != "none" and v not in out:
            out.append(v)
    return out
