"""Numbered and bulleted lists: the tails for a known head and relation.

``1. to dial 911`` / ``2) get a phone`` / ``- a phone`` / ``• phone`` each give one candidate
``(head, relation, tail)``. A completion with no list markers at all is read as one tail per
line (COMET-style one-line answers). Lines that are prose beside list items (a preamble, a
closing remark) are counted as dropped; a completion that gives nothing is unreadable. When the
teacher stopped at the token limit, a last item without its line ending may be cut off: it is
kept as unreadable, with that reason.

When the prompt asked for reasons (``rationales``), an item's trailing ``because ...`` clause is
the teacher's rationale: ``to eat it because they are hungry`` gives the tail ``to eat it`` with
the rationale ``they are hungry``. Without that request an item is read whole, as before.
"""

from __future__ import annotations

import re
from typing import Any

from extractors.normalize import Normalizer
from kg.records import Candidate, Completion, Unreadable

__all__ = ["extract_list", "list_items", "split_rationale", "NAME"]

NAME = "lists"

_ITEM = re.compile(
    r"""^\s*(?:
        \(?\d{1,3}[.)\]:]\s+ |     # 1.  1)  (1)  1:
        \(?[a-zA-Z][.)]\s+(?=\S) | # a)  b.
        [-*•‣◦·+–—]\s+             # bullets
    )(?P<item>.*\S)\s*$""",
    re.VERBOSE,
)
_MAX_LINE = 1000
_BECAUSE = re.compile(r"[\s,;:(\[–—-]*\bbecause\b(?:\s+of\b)?[\s:,]*(?P<why>.*?)[\s.)\]]*$", re.IGNORECASE)


def split_rationale(item: str) -> tuple[str, str | None]:
    """(tail, rationale) of one list item: the text before its first ``because`` and the reason
    after it; ``(item, None)`` when it gives no reason (or nothing before it)."""
    match = _BECAUSE.search(item)
    if match is None:
        return item, None
    tail, why = item[: match.start()].strip(), match.group("why").strip()
    if not tail:
        return item, None
    return tail, why or None


def list_items(text: str) -> tuple[list[str], list[str], bool]:
    """(items, prose lines, has_markers) of a completion's text."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    items, prose = [], []
    marked = False
    for line in lines:
        match = _ITEM.match(line[:_MAX_LINE])
        if match:
            marked = True
            items.append(match.group("item"))
        else:
            prose.append(line)
    if not marked:
        return [ln.strip() for ln in lines], [], False
    return items, prose, True


def extract_list(
    completion: Completion,
    head: str,
    relation: Any,
    normalizer: Normalizer,
    *,
    rationales: bool = False,
) -> list[Candidate | Unreadable]:
    """Candidates ``(head, relation, item)`` for each list item of ``completion``; with
    ``rationales``, each item's ``because ...`` clause is kept as the candidate's rationale."""
    text = completion.answer
    items, prose, marked = list_items(text)
    out: list[Candidate | Unreadable] = []
    if completion.truncated and items and not text.endswith("\n"):
        out.append(Unreadable(completion, items.pop()[:2000], NAME, "cut off at the token limit (finish_reason=length)"))
    if prose:
        normalizer.stats.drop("prose line beside a list", len(prose))
    if not marked and len(items) > 1 and all(len(i) > 150 for i in items):
        out.append(Unreadable(completion, text[:2000], NAME, "prose, not a list"))
        return normalizer.dedupe(out)
    for item in items:
        if len(item) > _MAX_LINE:
            out.append(Unreadable(completion, item[:2000], NAME, "list item too long"))
            continue
        tail, why = split_rationale(item) if rationales else (item, None)
        normalizer.candidate(completion, NAME, item, head, relation, tail, out=out, rationale=why)
    if not text.strip():
        normalizer.stats.drop("empty completion")
    return normalizer.dedupe(out)
