"""The generator student's data: (head, relation, tail) examples as text, read from a file or a
store, and split by head so that no test head is seen in training."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kg.errors import FormatError, StudentError

__all__ = [
    "Example",
    "HeadSplit",
    "read_examples",
    "examples_from_store",
    "split_by_head",
    "relation_token",
    "default_model_dir",
]

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, slots=True)
class Example:
    """One (head, relation, tail) as text: labels, and the relation's short name."""

    head: str
    relation: str
    tail: str


@dataclass(frozen=True)
class HeadSplit:
    """Train / validation / test examples; no head occurs in two parts."""

    train: list[Example]
    validation: list[Example]
    test: list[Example]

    def heads(self, part: str) -> set[str]:
        return {e.head for e in getattr(self, part)}


def relation_token(relation: str) -> str:
    """The special token a relation is written as in the model's input: ``<xWant>``."""
    return f"<{relation}>"


def default_model_dir(store: str | Path) -> Path:
    """Where a store's generator lives unless told otherwise: ``<store>/students/generator``."""
    return Path(store) / "students" / "generator"


def read_examples(path: str | Path) -> list[Example]:
    """Examples from a file: ATOMIC JSONL (``head``, ``relation`` and ``tails`` (a list, "none"
    skipped) or ``tail``) or TSV (``head<TAB>relation<TAB>tail``, ``#`` comments)."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no such examples file: {str(path)!r}")
    out: list[Example] = []
    with open(path, encoding="utf-8") as fh:
        if path.suffix.lower() in (".jsonl", ".json"):
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    tails = row["tails"] if "tails" in row else [row["tail"]]
                    head, relation = row["head"], row["relation"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise FormatError(
                        f"{path}:{n}: expected a JSON object with head, relation and tails (or tail): {exc}"
                    ) from None
                out += [Example(head, relation, t) for t in tails if _keep(t)]
        elif path.suffix.lower() in (".tsv", ".txt"):
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("\t")
                if len(parts) != 3:
                    raise FormatError(f"{path}:{n}: expected head<TAB>relation<TAB>tail, got {len(parts)} field(s)")
                if _keep(parts[2]):
                    out.append(Example(*parts))
        else:
            raise FormatError(f"cannot read examples from {str(path)!r}: use a .jsonl or .tsv file")
    return out


def _keep(tail: object) -> bool:
    return isinstance(tail, str) and bool(tail.strip()) and tail.strip().lower() != "none"


def examples_from_store(store, domain=None, *, graph: str = "accepted") -> list[Example]:
    """Examples from a store's graph: each triple whose subject has an ``rdfs:label`` and whose
    object has a label (or is a literal). Relations are named by the domain (``domain.relation_by_iri``;
    triples of other predicates are left out) or, without a domain, by the IRI's local name."""
    import pyoxigraph as ox

    labels: dict[str, str] = {}
    rows: list[tuple[object, str, object]] = []
    for q in store.match(graph=graph):
        p = q.predicate.value
        if p == RDFS_LABEL:
            if isinstance(q.object, ox.Literal):
                labels.setdefault(_key(q.subject), q.object.value)
            continue
        if p == RDF_TYPE:
            continue
        rows.append((q.subject, p, q.object))
    out = []
    for s, p, o in rows:
        if domain is not None:
            rel = domain.relation_by_iri(p)
            if rel is None:
                continue
            name = rel.name
        else:
            name = p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        head = labels.get(_key(s))
        tail = o.value if isinstance(o, ox.Literal) else labels.get(_key(o))
        if head and tail:
            out.append(Example(head, name, tail))
    return sorted(set(out), key=lambda e: (e.head, e.relation, e.tail))


def _key(term: object) -> str:
    return ("_:" if type(term).__name__ == "BlankNode" else "") + term.value  # type: ignore[attr-defined]


def split_by_head(
    examples: Iterable[Example], *, test: float = 0.1, validation: float = 0.1, seed: int = 0
) -> HeadSplit:
    """A seeded split by head: the sorted distinct heads are shuffled and cut, so every example
    of a head lands in one part and the same data and seed always give the same split."""
    if not (0 <= test < 1 and 0 <= validation < 1 and test + validation < 1):
        raise StudentError(f"split shares must lie in [0, 1) and sum below 1, got test={test}, validation={validation}")
    examples = list(examples)
    heads = sorted({e.head for e in examples})
    random.Random(seed).shuffle(heads)
    n_test = int(round(test * len(heads)))
    n_valid = int(round(validation * len(heads)))
    part = {h: 2 for h in heads[:n_test]}
    part.update({h: 1 for h in heads[n_test : n_test + n_valid]})
    parts: list[list[Example]] = [[], [], []]
    for e in examples:
        parts[part.get(e.head, 0)].append(e)
    return HeadSplit(*parts)
