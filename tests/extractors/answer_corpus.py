"""The answer corpus: chat answers of twenty-eight fields, each with the domain its audit wrote, and what
the readers make of every answer (``readings.json``), so a change to how answers are read shows
every answer whose reading it changes.

    python -m tests.extractors.answer_corpus            # the answers whose reading changed
    python -m tests.extractors.answer_corpus --update   # ... and take the new readings as the snapshot

``corpus/<field>/answers.jsonl`` is a replay transcript (``kg ingest`` reads it); a reading is
what :func:`kg.pipeline.units.read_units` gives, with no store: ``subject | relation | object``
(an object's label, or a literal with its datatype) with the reason the reader kept, or
``UNREADABLE: reason :: span``. The answers were written by the project's audit sessions, each
playing a chat model for a user of its field (corpus/README.md).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rdflib import Literal

CORPUS = Path(__file__).resolve().parent / "corpus"


def fields() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "answers.jsonl").is_file())


def read_field(field: str) -> dict[str, list[str]]:
    """{answer key: its readings, sorted}: the key is the prompt id, the relation and the answer."""
    from kg.ontology import load_domain
    from kg.pipeline.units import read_units
    from kg.records import Candidate

    folder = CORPUS / field
    domain = load_domain(str(folder / "domain"))
    readings: dict[str, list[str]] = {}
    for unit in read_units(folder / "answers.jsonl", domain, format="transcript"):
        for record in unit:
            completion = record.completion
            key = f"{completion.prompt_id} #{completion.sample_index}: {completion.text[:300]}" if completion else "(no completion)"
            if isinstance(record, Candidate):
                obj = record.object
                value = f'"{obj}"^^{obj.datatype}' if isinstance(obj, Literal) else str(record.object_label or obj)
                predicate = str(record.predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                line = f"{record.subject_label or record.subject} | {predicate} | {value}"
                line += f"  [{record.rationale[:100]}]" if record.rationale else ""
            else:
                line = f"UNREADABLE: {record.reason[:200]} :: {record.span[:100]}"
            readings.setdefault(key, []).append(line)
    return {key: sorted(lines) for key, lines in readings.items()}


def snapshot(field: str) -> dict[str, list[str]]:
    return json.loads((CORPUS / field / "readings.json").read_text(encoding="utf-8"))


def write_snapshot(field: str, readings: dict[str, list[str]]) -> None:
    text = json.dumps(readings, indent=1, ensure_ascii=False, sort_keys=True)
    (CORPUS / field / "readings.json").write_text(text + "\n", encoding="utf-8")


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """The answers whose readings differ, each with what it lost (-) and gained (+)."""
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, []), after.get(key, [])
        if old != new:
            lines = [f"=== {key[:200]!r}"]
            lines += [f"  - {line}" for line in old if line not in new]
            lines += [f"  + {line}" for line in new if line not in old]
            out.append("\n".join(lines))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fields", nargs="*", help="fields to read (default: all)")
    parser.add_argument("--update", action="store_true", help="write the new readings as the snapshot")
    args = parser.parse_args()
    changed = 0
    for field in args.fields or fields():
        readings = read_field(field)
        before = snapshot(field) if (CORPUS / field / "readings.json").is_file() else {}
        diff = differences(before, readings)
        changed += len(diff)
        for entry in diff:
            print(f"[{field}] {entry}")
        print(f"{field}: {len(readings)} answers, {len(diff)} read differently")
        if args.update:
            write_snapshot(field, readings)
    print(f"answers read differently: {changed}" + (" (snapshot updated)" if args.update else ""))


if __name__ == "__main__":
    main()
