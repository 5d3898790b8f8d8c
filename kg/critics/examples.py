"""Training and evaluation examples for a learned critic, without human labels.

Positives are facts with trusted provenance: tails people wrote (a dataset's human column),
facts a reference confirmed, or rows a user labelled valid. Negatives are made by corrupting
positives the ways teachers go wrong (West et al. 2022 trained their critic on labelled teacher
output; where no labels exist, corruption is the standard substitute, as in KG-BERT's negative
sampling):

==========================  ===================================================================
kind                        what the wrong tail is
==========================  ===================================================================
``other_relation``          a tail of the same head under another relation (fits the event,
                            answers a different question)
``other_head``              a tail of the same relation for another head (fits the relation,
                            describes another event: the hardest kind)
``random``                  a tail of another head under any relation
``shuffled``                the words of a right tail in a scrambled order
``ungrammatical``           a right tail with a word dropped and a stray word inserted
``contradiction``           a right tail negated ("to eat" → "to not eat")
``head_copy``               the head restated as its own tail
``evasive``                 a vague or evasive answer ("idk", "not sure", "it depends")
``empty``                   nothing, or punctuation only
==========================  ===================================================================

Everything is split **by head** (:func:`split_by_head`): a critic is judged on events it never saw.

>>> rows = [Row("PersonX bakes bread", "xWant", ("to eat it",)),
...         Row("PersonX runs a marathon", "xReact", ("tired",))]
>>> examples = make_examples(rows, seed=0, negatives_per_positive=2)
>>> sum(e.label for e in examples), len(examples)
(2, 6)
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping, Protocol, Sequence, TypeVar

from kg.languages import words
from kg.critics.labels import labelled_rows
from kg.errors import FormatError
from kg.iri import local_name

__all__ = [
    "Row",
    "head_key",
    "Example",
    "NEGATIVE_KINDS",
    "DEFAULT_MIX",
    "EVASIVE",
    "evasive_phrases",
    "clean_tail",
    "is_vacuous",
    "read_rows",
    "split_by_head",
    "leave_out_heads",
    "make_examples",
    "balanced_eval_set",
]

NEGATIVE_KINDS = (
    "other_relation",
    "other_head",
    "random",
    "shuffled",
    "ungrammatical",
    "contradiction",
    "head_copy",
    "evasive",
    "empty",
)

DEFAULT_MIX: Mapping[str, float] = {
    "other_head": 0.30,
    "other_relation": 0.22,
    "random": 0.08,
    "shuffled": 0.09,
    "ungrammatical": 0.07,
    "contradiction": 0.07,
    "head_copy": 0.06,
    "evasive": 0.08,
    "empty": 0.03,
}
"""How often each kind is drawn for training: weighted toward the kinds that are hard to tell
from a right tail (another head's or another relation's tail)."""

EVASIVE = (
    "idk", "i don't know", "i do not know", "dunno", "not sure", "i'm not sure", "unsure",
    "no idea", "i have no idea", "who knows", "hard to say", "can't say", "cannot say",
    "it depends", "depends", "maybe", "perhaps", "possibly", "something", "anything",
    "whatever", "stuff", "things", "something else", "etc", "and so on", "unknown", "unclear",
    "n/a", "na", "none", "nothing", "no answer", "not applicable", "null", "nil", "no comment",
    "?", "???", "...", "pass", "skip", "i can't answer that", "i cannot answer",
    "as an ai, i cannot say", "it is not possible to know", "there is no way to know",
    "not enough information", "insufficient information", "could be anything", "many things",
    "various things", "various", "some things", "a thing", "it", "this", "that", "same",
    "same as above", "see above", "the usual", "yes", "no", "ok", "sure", "good question",
    "not certain", "no clue", "beats me", "don't know", "not known", "hmm", "um",
)
"""Vague and evasive answers (the ``evasive`` kind)."""

_EMPTY = ("", " ", ".", "-", "--", "—", "…", "*", "()", '""', "''", "[]", "{}", ",", ";", "_")
_FILLERS = ("the", "a", "of", "to", "and", "is", "be", "with", "it", "for", "on", "was", "by")
_NEGATED = re.compile(r"\b(not|no|never|n't|nothing|none|without)\b", re.IGNORECASE)
_PERSON = re.compile(r"\bPerson\s+([XYZ])\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_EDGES = " \t\"'`“”‘’*"
_NONE = frozenset({"none", "nothing", "n/a", "na", "no answer", "null", "nil", "-", "unknown"})


def clean_tail(text: str) -> str:
    """The form a tail has once read from a teacher: whitespace collapsed, edge quotes and a
    trailing full stop dropped, ``Person X`` written ``PersonX``."""
    text = _SPACE.sub(" ", str(text)).strip(_EDGES)
    text = text.rstrip(".!;, ").strip(_EDGES)
    return _PERSON.sub(lambda m: "Person" + m.group(1).upper(), text)


_ASCII_WORD = re.compile(r"[a-z0-9']+")  # the key before December 2026 (_key_before_2026_12)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _key(text: str) -> str:
    """The text's words, case-folded and in NFC, punctuation and ``___`` blanks aside: letters,
    digits and combining marks of any script, and apostrophes (a curly one as ``'``). Before,
    only a-z and 0-9 counted (every Chinese head keyed as ""), then marks were dropped (the
    Hindi मिल and माल were one key, an NFD "café" another than the NFC one)."""
    return " ".join(words(unicodedata.normalize("NFC", text.casefold().translate(_APOSTROPHES)), inner="'"))


def head_key(head: str) -> str:
    """What makes two heads the same head for every split (:func:`split_by_head`, the critic's
    calibration heads): case, punctuation and spacing aside."""
    return _key(head)


class _OnAHead(Protocol):
    @property
    def head(self) -> str: ...


_Item = TypeVar("_Item", bound=_OnAHead)


def leave_out_heads(items: Iterable[_Item], keys: Iterable[str]) -> tuple[list[_Item], list[_Item]]:
    """``(kept, left_out)``: the items (rows, examples) whose head's :func:`head_key` is among
    ``keys`` are left out (an evaluation keeps the heads a critic never saw)."""
    keys = frozenset(keys)
    kept: list[_Item] = []
    left_out: list[_Item] = []
    for item in items:
        seen = head_key(item.head) in keys or _key_before_2026_12(item.head) in keys
        (left_out if seen else kept).append(item)
    return kept, left_out


def _key_before_2026_12(head: str) -> str:
    """The key critics saved before December 2026 recorded (``head_keys`` in ``critic.json``):
    only a-z, 0-9 and ``'`` counted ("café" keyed "caf"), so such a critic's training heads with
    other letters are found by it too."""
    return " ".join(_ASCII_WORD.findall(head.casefold()))


_PERSONS = re.compile(r"\b(?:person[xyz]|others?|they|he|she)\b\s*")
_EVASIVE_KEYS = frozenset(_key(p) for p in EVASIVE)


def evasive_phrases(part: str = "all") -> tuple[str, ...]:
    """The evasive answers, all or one half: ``"train"`` / ``"test"`` split the list by a hash
    of each phrase, so a benchmark can ask whether a critic recognises phrasings it never saw."""
    if part == "all":
        return EVASIVE
    if part not in ("train", "test"):
        raise ValueError(f"part must be all, train or test, not {part!r}")
    want = 0 if part == "train" else 1
    return tuple(p for p in EVASIVE if hashlib.sha1(p.encode()).digest()[0] % 3 != 0) if want == 0 else tuple(
        p for p in EVASIVE if hashlib.sha1(p.encode()).digest()[0] % 3 == 0
    )


def is_vacuous(head: str, tail: str) -> str | None:
    """Why ``tail`` says nothing about ``head`` by its form alone, or None: no letters or
    digits, a known evasive answer, or the head restated. A form check, not a judgement of
    content: everything else is the learned critic's to decide."""
    key = _key(tail)
    if not key:
        return "empty answer"
    if key in _EVASIVE_KEYS:
        return "vague or evasive answer"
    head_key = _key(head)
    if key == head_key or (len(key) > 8 and key in head_key and len(key) >= 0.8 * len(head_key)):
        return "restates the head"
    bare = _PERSONS.sub("", key).strip()
    if len(bare) > 3 and " " in bare and bare == _PERSONS.sub("", head_key).strip():
        return "restates the head"  # "bakes bread" for "PersonX bakes bread"
    return None


@dataclass(frozen=True, slots=True)
class Row:
    """One (head, relation) with the tails known to be right."""

    head: str
    relation: str
    tails: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Example:
    """A labelled (head, relation, tail); ``kind`` is ``positive``, ``labelled`` (a user's
    label) or a negative kind of :data:`NEGATIVE_KINDS`."""

    head: str
    relation: str
    tail: str
    label: bool
    kind: str = "positive"


def read_rows(path: str | Path, *, column: str = "tails") -> list[Row]:
    """ATOMIC-style JSONL rows (``head``, ``relation``, ``tails``): the tails of ``column``,
    cleaned, without ``none`` answers; rows left with no tail are dropped."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no data file at {str(path)!r}")
    rows: list[Row] = []
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                head, relation, tails = obj["head"], obj["relation"], obj.get(column) or []
                if isinstance(tails, (str, int, float)) and not isinstance(tails, bool):
                    tails = [str(tails)]  # one tail, not its characters ("tails": "Kawasaki disease", 1955)
                if not isinstance(tails, list):
                    raise TypeError(f"{column} must be a list of texts, or one text")
            except (ValueError, KeyError, TypeError) as exc:
                raise FormatError(f"{path}:{lineno}: not a JSON row with head, relation, {column} ({exc})") from None
            kept = tuple(dict.fromkeys(t for t in (clean_tail(x) for x in tails if isinstance(x, str)) if _key(t) and _key(t) not in _NONE))
            if kept:
                rows.append(Row(clean_tail(head), str(relation), kept))
    return rows


def _head_bucket(head: str, seed: int, salt: str) -> float:
    digest = hashlib.sha1(f"{salt}\x1f{seed}\x1f{_key(head)}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_by_head(
    rows: Sequence[Row], fraction: float, *, seed: int = 0, salt: str = "test"
) -> tuple[list[Row], list[Row]]:
    """``(rest, held_out)``: about ``fraction`` of the distinct heads, with all their rows, held
    out. Deterministic for a seed and ``salt``, and independent of the rows' order; splits with
    different salts are independent (a calibration split inside a training split)."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must lie in (0, 1), got {fraction!r}")
    rest: list[Row] = []
    held: list[Row] = []
    for row in rows:
        (held if _head_bucket(row.head, seed, salt) < fraction else rest).append(row)
    return rest, held


class _Corruptor:
    """Draws wrong tails of each kind for a (head, relation, right tail)."""

    def __init__(self, rows: Sequence[Row], rng: random.Random, evasive: Sequence[str]) -> None:
        self.rng = rng
        self.evasive = tuple(evasive)
        self.right: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_head: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.by_relation: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.all: list[tuple[str, str]] = []
        self.words: list[str] = []
        for row in rows:
            for tail in row.tails:
                self.right[(_key(row.head), row.relation)].add(_key(tail))
                self.by_head[_key(row.head)].append((row.relation, tail))
                self.by_relation[row.relation].append((row.head, tail))
                self.all.append((row.head, tail))
                self.words.extend(tail.split())

    def _wrong(self, head: str, relation: str, tail: str) -> bool:
        key = _key(tail)
        return bool(key) and key not in self.right[(_key(head), relation)] and key != _key(head)

    def draw(self, kind: str, head: str, relation: str, tail: str) -> str | None:
        for _ in range(8):
            got = self._draw(kind, head, relation, tail)
            if got is None:
                return None
            if kind in ("evasive", "empty", "head_copy") or self._wrong(head, relation, got):
                return got
        return None

    def _draw(self, kind: str, head: str, relation: str, tail: str) -> str | None:
        rng = self.rng
        if kind == "other_relation":
            others = [t for r, t in self.by_head[_key(head)] if r != relation]
            return rng.choice(others) if others else None
        if kind == "other_head":
            pool = self.by_relation[relation]
            pick = rng.choice(pool) if pool else None
            return pick[1] if pick and _key(pick[0]) != _key(head) else None
        if kind == "random":
            pick = rng.choice(self.all)
            return pick[1] if _key(pick[0]) != _key(head) else None
        words = tail.split()
        if kind == "shuffled":
            if len(words) < 2:
                return None
            shuffled = words[:]
            for _ in range(5):
                rng.shuffle(shuffled)
                if shuffled != words:
                    return " ".join(shuffled)
            return None
        if kind == "ungrammatical":
            if len(words) < 2:
                return None
            words = words[:]
            del words[rng.randrange(len(words))]
            words.insert(rng.randrange(len(words) + 1), rng.choice(_FILLERS + tuple(self.words[:2000] or ())))
            words.insert(rng.randrange(len(words) + 1), rng.choice(_FILLERS))
            return " ".join(words)
        if kind == "contradiction":
            if _NEGATED.search(tail):
                return None
            if words[0].lower() == "to" and len(words) > 1:
                return " ".join(["to", "not", *words[1:]])
            if words[0] in ("PersonX", "PersonY", "others") and len(words) > 1:
                return " ".join([words[0], "does", "not", *words[1:]])
            return "not " + tail
        if kind == "head_copy":
            variants = [head, head.lower(), head + ".", head.replace("PersonX ", "", 1)]
            return rng.choice(variants)
        if kind == "evasive":
            phrase = rng.choice(self.evasive)
            return rng.choice([phrase, phrase.capitalize(), phrase + ".", phrase.upper() if len(phrase) < 5 else phrase])
        if kind == "empty":
            return rng.choice(_EMPTY)
        raise ValueError(f"unknown negative kind {kind!r}; known: {', '.join(NEGATIVE_KINDS)}")


def make_examples(
    rows: Sequence[Row],
    *,
    seed: int = 0,
    negatives_per_positive: float = 1.0,
    mix: Mapping[str, float] | None = None,
    evasive: Sequence[str] = EVASIVE,
) -> list[Example]:
    """Every right tail of ``rows`` as a positive, and about ``negatives_per_positive`` wrong
    tails for each, of kinds drawn by ``mix`` (default :data:`DEFAULT_MIX`). Negatives are drawn
    from ``rows`` only, so a training split never sees a held-out head's tails."""
    mix = dict(DEFAULT_MIX if mix is None else mix)
    unknown = set(mix) - set(NEGATIVE_KINDS)
    if unknown:
        raise ValueError(f"unknown negative kinds {sorted(unknown)}; known: {', '.join(NEGATIVE_KINDS)}")
    rng = random.Random(seed)
    corrupt = _Corruptor(rows, rng, evasive)
    kinds = [k for k, w in mix.items() if w > 0]
    weights = [mix[k] for k in kinds]
    out: list[Example] = []
    for row in rows:
        for tail in row.tails:
            out.append(Example(row.head, row.relation, tail, True))
            n = int(negatives_per_positive) + (rng.random() < negatives_per_positive % 1)
            for _ in range(n):
                for _attempt in range(4):
                    kind = rng.choices(kinds, weights)[0]
                    wrong = corrupt.draw(kind, row.head, row.relation, tail)
                    if wrong is not None:
                        out.append(Example(row.head, row.relation, wrong, False, kind))
                        break
    return out


def balanced_eval_set(
    rows: Sequence[Row], *, seed: int = 0, evasive: Sequence[str] = EVASIVE
) -> list[Example]:
    """An evaluation set of held-out ``rows``: every right tail, and as many wrong ones, drawn
    evenly over all :data:`NEGATIVE_KINDS` (so a rejection rate per kind can be read off)."""
    return make_examples(
        rows, seed=seed, negatives_per_positive=1.0, mix={k: 1.0 for k in NEGATIVE_KINDS}, evasive=evasive
    )


def read_labelled(path: str | Path | Sequence[str | Path]) -> list[Example]:
    """A user's labelled rows as ``Example(head, relation, tail, label, kind="labelled")``: the
    files :func:`kg.critics.evaluation.load_labels` reads (CSV/TSV of ``head,relation,tail,label`` with an
    optional header, or JSONL with ``head``/``subject``, ``relation``, ``tail``/``object``,
    ``label``), parsed by the same readers. Heads and tails are cleaned as teacher text is
    (:func:`clean_tail`); the relation is its local name (``cs:xWant`` and the full IRI give
    ``xWant``). One triple labelled both ways in a file is an error; a repeated row counts once.
    Several files (several people's labels): each triple takes the majority's label, a tie none."""
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    files = [_labelled_file(p) for p in paths]
    if len(files) == 1:
        return list(files[0].values())
    from kg.critics.agreement import majority, reviewer_names

    votes: dict[tuple[str, str, str], dict[str, bool]] = {}
    first: dict[tuple[str, str, str], Example] = {}
    for name, examples in zip(reviewer_names(paths), files):
        for key, example in examples.items():
            votes.setdefault(key, {})[name] = example.label
            first.setdefault(key, example)
    decided, _agreement = majority(votes)
    return [replace(first[key], label=valid) for key, valid in decided.items()]


def _labelled_file(path: Path) -> dict[tuple[str, str, str], Example]:
    seen: dict[tuple[str, str, str], tuple[Example, int]] = {}
    for lineno, s, r, o, flag in labelled_rows(path):
        relation = local_name(r.strip())
        head, tail = clean_tail(s), clean_tail(o)
        if not head or not relation:
            raise FormatError(f"{path}:{lineno}: empty head or relation")
        key = (_key(head), relation, _key(tail))
        if key in seen:
            if seen[key][0].label != flag:
                raise FormatError(
                    f"{path}:{lineno}: labelled {'valid' if flag else 'invalid'}, but line {seen[key][1]} "
                    "labels the same triple the other way"
                )
            continue
        seen[key] = (Example(head, relation, tail, flag, kind="labelled"), lineno)
    return {key: example for key, (example, _line) in seen.items()}


__all__.append("read_labelled")
