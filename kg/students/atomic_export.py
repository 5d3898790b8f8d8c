"""``kg export -f atomic``: the distilled corpus as ATOMIC 2020 data, by label, for COMET and the
tools of the field (West et al.'s ATOMIC-10x and COMET-ATOMIC 2020 are distributed this way).

``.tsv``: COMET-ATOMIC 2020's training file, ``head<TAB>relation<TAB>tail`` per fact, no header.

``.jsonl``: one row per (head, relation), as the shipped sample (``kg/data/atomic2020/dev.jsonl``)::

    {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"], "generations": ["to share it"]}

``tails`` are what people wrote (a teacher id ending in ``:human``) or what a file loaded (no
teacher); ``generations`` what a teacher model wrote and no person did. Both read back:
``kg ingest FILE.jsonl --sources human,generations`` keeps who wrote what, ``kg critic train
--data FILE.jsonl`` trusts the ``tails`` only, ``kg train generator --data FILE``.

``-g rejected`` writes the candidates the critic rejected (the quarantine keeps them as reified
statements, with their reasons; those a symbolic check rejected are no fact to train on and stay
out, as they stay out of ``kg train generator --unfiltered``). ``all`` and ``knowledge`` mix graphs
of another kind, and are refused.

Relations are named by the store's own domain (its relation names: ``xWant``), else by the
predicate IRI's local name; facts whose subject or object has no label are left out (the
generator's corpus: :func:`kg.students.generator_data.examples_from_store`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.domains import own_domains
from kg.errors import FormatError, UsageError
from kg.store import Progress
from kg.students.generator_data import examples_with_writers

__all__ = ["export_atomic"]


def export_atomic(store: Any, path: Path, graph: str, progress: Progress | None = None) -> int:
    """Write ``graph`` of ``store`` as ATOMIC data to ``path`` (``.tsv`` or ``.jsonl``, by its
    extension); returns the facts written."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".tsv", ".jsonl"):
        raise FormatError(f"the atomic format writes .tsv (COMET's head/relation/tail) or .jsonl (rows with tails lists), not {str(path)!r}")
    if graph in ("all", "knowledge"):
        raise UsageError(f"the atomic format writes the facts of one graph: accepted, inferred or rejected (the candidates "
                         f"the critic rejected), not {graph!r}")
    domain = own_domains(store)
    domain = domain if domain is not None and not isinstance(domain, list) else None
    if suffix == ".tsv":
        facts = list(examples_with_writers(store, domain, graph=graph))
        if progress:
            progress(len(facts))
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(f"{_one_line(e.head)}\t{e.relation}\t{_one_line(e.tail)}\n" for e in facts)
        return len(facts)
    written = examples_with_writers(store, domain, graph=graph)
    if progress:
        progress(len(written))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e, who in written.items():
        row = rows.setdefault((e.head, e.relation), {"head": e.head, "relation": e.relation, "tails": [], "generations": []})
        row["generations" if who == {"teacher"} else "tails"].append(e.tail)
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows.values():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(written)


def _one_line(text: str) -> str:
    return " ".join(text.split())

