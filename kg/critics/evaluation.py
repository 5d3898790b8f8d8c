"""The gate against labels: how many of the candidates it keeps are right (precision) and how
many of the right ones it keeps (recall), at its threshold and over a sweep of thresholds, in
the manner of the critic of West et al. ("Symbolic Knowledge Distillation", NAACL 2022).

:func:`load_labels` reads labelled rows (:func:`kg.critics.labels.labelled_rows`) keyed as
:func:`label_key` keys a candidate, so a row written as the teacher wrote it matches the
candidate the extractor read from it; :func:`evaluate` scores the gate's verdicts against them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from kg.critic import CRITIC_CHECK, label_triple
from kg.critics.agreement import Agreement, majority, reviewer_names
from kg.critics.labels import label_flag, labelled_rows
from kg.errors import FormatError
from kg.iri import local_name, normalize_label
from kg.records import Candidate, Verdict
from kg.xsd import number_value

__all__ = ["CriticEvaluation", "Labels", "evaluate", "label_key", "load_labels", "row_key"]


def _extractor_text() -> Any:
    """``extractors.normalize``: the extractor's text normalisation, imported on first use
    (after that, Python's module table holds it)."""
    return importlib.import_module("extractors.normalize")


def _norm_relation(text: str) -> str:
    """``kgeo:hasCapital``, ``hasCapital``, ``has_capital`` and the full IRI name one relation
    (the extractor's relation key of the local name: case-folded, separators dropped)."""
    name = local_name(text.strip())
    return _extractor_text().relation_key(name) or name.casefold()


def _text_key(text: str) -> str:
    """A label as the extractor leaves it (:meth:`extractors.normalize.Normalizer.clean`:
    ``Person X`` → ``PersonX``, trailing ``.`` and edge quotes dropped, ...), then normalised
    (:func:`kg.iri.normalize_label`)."""
    return normalize_label(_extractor_text().Normalizer.clean(text))


def _number_key(value: Decimal) -> str:
    """A number as a key: ``68000000`` for ``6.8E+7``, ``105.4`` for ``105.40``."""
    return format(value.normalize(), "f")


def _object_key(text: str) -> str:
    """:func:`_text_key`, except that a number and nothing else (a literal's text:
    ``66987244``, ``105.40``, ``6.7E7``) is keyed by its value."""
    key = _text_key(text)
    value = number_value(key)
    return key if value is None else _number_key(value)


def _figure_key(text: str) -> str | None:
    """The key of the number the extractor makes of ``text`` as a numeric relation's answer
    (:func:`extractors.figures.figure`: ``68 millions``, ``ca. 68 million``, ``105.4 km²``),
    or None where it makes none."""
    value = importlib.import_module("extractors.figures").figure(_extractor_text().Normalizer.clean(text))
    return None if value is None else _number_key(value)


def label_key(candidate: Candidate) -> tuple[str, str, str]:
    """How a candidate is matched to a labelled row: normalised subject label, relation key
    (local name, case-folded, separators dropped), normalised object label (or literal value;
    numbers by value). A labelled row goes through the same normalisation
    (:func:`load_labels`), after the extractor's cleaning of teacher text, so a row written as
    the teacher wrote it (``Person X goes home.``) matches the candidate read from it."""
    subject, _, obj = label_triple(candidate)
    return (_text_key(subject), _norm_relation(str(candidate.predicate)), _object_key(obj))


def row_key(subject: str, relation: str, obj: str) -> tuple[str, str, str]:
    """The :func:`label_key` of a labelled row ``(subject, relation, object)``."""
    return (_text_key(subject), _norm_relation(relation), _object_key(obj))


class Labels(dict):
    """The labels of a file: ``{label key: valid?}``, and for each key where it was read
    (``where``: ``"labels.csv:3: Person X, xWant, to rest"``); read from several people's
    files, how they agree (``agreement``, else None). Look a candidate's key up with
    :meth:`find`: a row whose object the extractor reads as a number also matches that number."""

    def __init__(self) -> None:
        super().__init__()
        self.where: dict[tuple[str, str, str], str] = {}
        self.text: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        """Each key's row as first written: ``(subject, relation, object)``."""
        self.votes: dict[tuple[str, str, str], dict[str, bool]] = {}
        """Read from several files: each fact's labels by reviewer (a file's name,
        :func:`kg.critics.agreement.reviewer_names`), one per file that labels it."""
        self.agreement: Agreement | None = None
        self.by_figure: dict[tuple[str, str, str], tuple[str, str, str] | None] = {}
        """The key of a number → the row whose object the extractor reads as that number for a
        numeric relation (``68 millions``, ``ca. 68 million``: ``68000000``); None where rows
        labelled differently give one number."""
        self.by_name: dict[tuple[str, str, str], tuple[str, str, str] | None] = {}
        """A key under the names a run labels the entities with (:meth:`name_entities`) → the row
        that names them otherwise (``French Republic``, the teacher's alias of ``France``)."""

    def find(self, key: tuple[str, str, str]) -> tuple[str, str, str] | None:
        """The labelled row a candidate's :func:`label_key` matches: the row of that key, else
        the row whose object gives that number (the literal ``68000000`` the extractor made of
        "68 millions" matches the row ``France, population, 68 millions``); None if none."""
        if key in self:
            return key
        row = self.by_figure.get(key) or self.by_name.get(key)
        return row if row is not None and row in self else None

    def name_entities(self, own_name: Callable[[str], str | None]) -> None:
        """Let each row be found by the names a run labels its entities with, where ``own_name``
        gives one other than the row's (``Normalizer.own_name``: the row ``French Republic,
        hasCapital, Paris`` names the fact the store labels ``France``)."""
        for key in list(self):
            subject, _, obj = self.text[key]
            named_subject, named_object = own_name(subject), own_name(obj)
            if named_subject is None and named_object is None:
                continue
            named = (_text_key(named_subject or subject), key[1], _object_key(named_object or obj))
            figure = _figure_key(obj)
            for other in (named, *([(named[0], key[1], figure)] if figure is not None else [])):
                self._enter(self.by_name, other, key)

    def _index_figure(self, key: tuple[str, str, str], obj: str) -> None:
        """Enter the row ``key`` in :attr:`by_figure` by the number the extractor reads in its
        object ``obj`` (:func:`extractors.figures.figure`), if any."""
        figure = _figure_key(obj)
        if figure is None or figure == key[2]:
            return
        self._enter(self.by_figure, (key[0], key[1], figure), key)

    def _enter(self, index: dict[tuple[str, str, str], tuple[str, str, str] | None], other: tuple[str, str, str],
               key: tuple[str, str, str]) -> None:
        """``index[other]`` is the row ``key``; None where rows labelled differently are both ``other``."""
        known = index.setdefault(other, key)
        if known != key and (known is None or self.get(known) != self.get(key)):
            index[other] = None

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, bool | str]], source: str = "rows") -> "Labels":
        """Labels given in memory: ``(subject, relation, object, valid)`` rows, named as a
        labels file names them (labels, relation names), ``valid`` True or False or a label as a
        file writes it (``valid``/``invalid``, ``yes``/``no``...; ``unsure`` or blank: the row
        is skipped)."""
        labels = cls()
        for i, row in enumerate(rows, start=1):
            if len(row) != 4 or not isinstance(row[3], (bool, str)):
                raise FormatError(f"{source} row {i}: give (subject, relation, object, valid), valid True or False (or 'valid', 'invalid'); got {row!r}"[:300])
            valid = label_flag(row[3], f"{source} row {i}")
            if valid is not None:
                labels.put(str(row[0]), str(row[1]), str(row[2]), valid, where=f"{source} row {i}")
        return labels

    def put(self, subject: str, relation: str, obj: str, valid: bool, *, where: str, short: str | None = None) -> None:
        """Label a row; ``where`` it was read names it in errors (an empty term, a triple
        labelled both ways), and ``short`` (default: ``where``) in :attr:`where`."""
        key = row_key(subject, relation, obj)
        if not all(key):
            raise FormatError(f"{where}: empty subject, relation or object")
        if key in self and self[key] != valid:
            raise FormatError(
                f"{where}: labelled {'valid' if valid else 'invalid'}, but {self.where[key]} labels the same triple the other way"
            )
        self[key] = valid
        self.where.setdefault(key, f"{short or where}: {subject}, {relation}, {obj}")
        self.text.setdefault(key, (subject, relation, obj))
        self._index_figure(key, obj)


def load_labels(path: str | Path | Sequence[str | Path]) -> Labels:
    """Read labelled rows: CSV (TSV when the first line has tabs, semicolons where they split
    it into more cells or an Excel ``sep=;`` line says so; a first row naming the columns is a
    header, skipped) of ``subject,relation,object,label``, or JSONL
    (``.jsonl``/``.ndjson``, or a first line that is a JSON object) with the keys
    ``head``/``subject``, ``relation``, ``tail``/``object`` and ``label``. Labels:
    valid/invalid, true/false, 1/0, yes/no; blank or ``unsure`` rows are skipped.

    Rows are keyed as :func:`label_key` keys candidates (look one up with :meth:`Labels.find`).
    Two rows of one file that name one candidate with different labels are an error. Several
    files are several people's labels: each fact gets the majority's label (a tie: none), and
    :attr:`Labels.agreement` says how far the files agree."""
    if isinstance(path, (str, Path)):
        path = Path(path)
        labels = Labels()
        for lineno, s, r, o, flag in labelled_rows(path):
            labels.put(s, r, o, flag, where=f"{path}:{lineno}", short=f"{path.name}:{lineno}")
        return labels
    each = [load_labels(one) for one in path]
    if len(each) == 1:
        return each[0]
    combined = Labels()
    names = reviewer_names(path)
    for name, labels in zip(names, each):
        for key, valid in labels.items():
            combined.votes.setdefault(key, {})[name] = valid
            combined.where.setdefault(key, labels.where[key])
            combined.text.setdefault(key, labels.text[key])
    decided, combined.agreement = majority(combined.votes, names)
    combined.update(decided)
    for key in combined:
        combined._index_figure(key, combined.text[key][2])
    return combined


@dataclass(frozen=True)
class CriticEvaluation:
    """Precision and recall of the kept candidates against labels, at the threshold and over
    a sweep of thresholds (``curve``: (threshold, precision, recall) rows).

    ``precision`` is ``None`` (undefined) when no labelled candidate is kept. ``unmatched``:
    labelled rows no candidate matched (``unmatched_rows``: the first few, with their line)."""

    threshold: float
    precision: float | None
    recall: float
    labelled: int
    matched: int
    positives: int
    curve: list[tuple[float, float | None, float]] = field(default_factory=list)
    unmatched: int = 0
    unmatched_rows: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "threshold": self.threshold,
            "precision": self.precision,
            "recall": self.recall,
            "labelled": self.labelled,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "unmatched_rows": list(self.unmatched_rows),
            "positives": self.positives,
            "curve": [list(row) for row in self.curve],
        }

    def summary(self) -> str:
        """One line: precision (or why it is undefined), recall, and what matched."""
        p = "undefined (nothing kept)" if self.precision is None else f"{self.precision:.3f}"
        line = (
            f"critic at threshold {self.threshold:.2f}: precision {p}, recall {self.recall:.3f} "
            f"({self.matched} of {self.labelled} labelled candidates matched, {self.positives} valid)"
        )
        if self.unmatched:
            line += f"; {self.unmatched} labelled rows matched no candidate"
        return line


UNMATCHED_SHOWN = 10
"""How many unmatched labelled rows :func:`evaluate` names."""


def _pr(items: list[tuple[float, bool, bool]], t: float) -> tuple[float | None, float]:
    """Precision (``None`` when nothing is kept: undefined) and recall at threshold ``t``."""
    kept = [label for score, passed, label in items if passed and score >= t]
    positives = sum(1 for _, _, label in items if label)
    tp = sum(1 for label in kept if label)
    precision = round(tp / len(kept), 6) if kept else None
    recall = tp / positives if positives else 0.0
    return precision, round(recall, 6)


def evaluate(
    verdicts: Iterable[Verdict],
    labels: Mapping[tuple[str, str, str], bool],
    threshold: float,
) -> CriticEvaluation:
    """Precision/recall of the critic's accepted set against labelled candidates.

    Candidates are matched to labels by :func:`label_key` (:meth:`Labels.find`: a number also
    matches a row whose object the extractor reads as that number, ``68 millions``); several
    candidates of one triple count once (their best score). A candidate is *kept* at threshold
    ``t`` when it passed the hard checks and its score is ``>= t``. Labelled rows that match no
    candidate are counted (``unmatched``), not silently left out.
    """
    best: dict[tuple[str, str, str], tuple[float, bool]] = {}
    find = labels.find if isinstance(labels, Labels) else (lambda key: key if key in labels else None)
    for v in verdicts:
        key = find(label_key(v.candidate))
        if key is None:
            continue
        passed = v.accepted or all(r.check == CRITIC_CHECK for r in v.reasons)
        score, was_passed = best.get(key, (-1.0, False))
        best[key] = (max(score, v.confidence), was_passed or passed)
    items = [(score, passed, labels[key]) for key, (score, passed) in best.items()]
    precision, recall = _pr(items, threshold)
    thresholds = sorted({round(s, 6) for s, _, _ in items} | {0.0, 1.0})
    curve = [(t, *_pr(items, t)) for t in thresholds]
    where = labels.where if isinstance(labels, Labels) else {}
    missing = [key for key in labels if key not in best]
    return CriticEvaluation(
        threshold=threshold,
        precision=precision,
        recall=recall,
        labelled=len(labels),
        matched=len(items),
        positives=sum(1 for _, _, label in items if label),
        curve=curve,
        unmatched=len(missing),
        unmatched_rows=[where.get(key, ", ".join(key)) for key in missing[:UNMATCHED_SHOWN]],
    )
