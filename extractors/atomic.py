"""Datasets already distilled by others: ATOMIC-style TSV and the ATOMIC 2020 JSONL.

Readers yield ``(Prompt, Completion)`` pairs (and :class:`~kg.records.Unreadable` for lines they
cannot read), so a dataset flows through the same extractors, checks and provenance as a live
teacher. In ``kg/data/atomic2020/dev.jsonl`` the human tails come as teacher
``atomic2020:human`` and the COMET-BART beams (and greedy answer) as ``atomic2020:comet-bart``,
so provenance says which.

TSV lines: ``head @@ relation<TAB>tail|tail|...`` or ``head<TAB>relation<TAB>tail``; CSV rows
(``.csv``): ``head,relation,tail``, quoted as CSV quotes (``"Washington, D.C."``). A first line
that names the columns (``head, relation, tail`` or ``subject, predicate, object``) is a header.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from extractors.figures import NumberText, number_text
from extractors.lists import NAME as LISTS, extract_list
from extractors.normalize import FILE_SOURCE, HUMAN_ROWS, TABLE_SOURCE, Normalizer
from extractors.text import DAMAGED
from kg.errors import FormatError, KGError
from kg.forms import typed_by_form
from kg.lines import read_lines, sniff_delimiter
from kg.prompts import Prompt
from kg.records import SURROGATES, Candidate, Completion, Unreadable

if TYPE_CHECKING:
    from extractors import ExtractionContext

__all__ = [
    "read_atomic_jsonl",
    "read_atomic_tsv",
    "own_file_teacher",
    "atomic_candidates",
    "HUMAN",
    "COMET",
    "NAME",
]

NAME = "atomic"
HUMAN = HUMAN_ROWS
COMET = "atomic2020:comet-bart"
SOURCES = ("human", "generations", "greedy")

Item = tuple[Prompt, Completion] | Unreadable


def _prompt(head: str, relation: str) -> Prompt:
    # the text COMET-BART was given: "{head} {relation} [GEN]"
    return Prompt.make(f"{head} {relation} [GEN]", "list", head=head, relation=relation)


def _texts(value: object) -> list[str] | None:
    """A row's tails (or generations) as a list: a text or a number is one tail, not its
    characters (``"tails": "Kawasaki disease"``, ``"tail": 1955``); None when they are
    neither one such value nor a list of them (an object, true, a null in the list). A number is
    its digits as written (``3.10``), read as the number it is in every language
    (:class:`NumberText`: ``141.063`` is no 141063 in a German domain)."""
    def text(v: object) -> str | None:
        if isinstance(v, bool) or not isinstance(v, (str, int, float, Decimal)):
            return None
        return v if isinstance(v, str) else number_text(v)

    if value is None:
        return []
    texts = [text(v) for v in value] if isinstance(value, list) else [text(value)]
    return None if None in texts else [t for t in texts if t is not None]


def own_file_teacher(path: str | Path, domain: Any) -> str | None:
    """The teacher id of a user's own file of known facts in a domain of names: the file
    (``file:facts.tsv``; a JSONL's rows people wrote ``file:facts.jsonl:human``, so a critic trusts
    them and the generator reads them as people's, as it did ATOMIC's human column); None in a
    domain typed by form (commonsense), whose JSONL and TSV are a dataset's, ATOMIC 2020's
    (``atomic2020:human``, ``atomic-tsv:NAME``)."""
    from kg.forms import typed_by_form

    if domain is None or typed_by_form(domain):
        return None
    people = "" if Path(path).suffix.lower() in (".tsv", ".csv") else ":human"  # kg.critics.trusted.HUMAN_SUFFIX
    return f"{FILE_SOURCE}{Path(path).name}{people}"


def read_atomic_jsonl(
    path: str | Path, *, sources: Iterable[str] = ("human", "generations"), teacher: str | None = None
) -> Iterator[Item]:
    """Completions from an ATOMIC 2020 JSONL file (``head``, ``relation``, ``tails`` or
    ``tail``, ``generations``, ``greedy``). ``sources``: any of human, generations, greedy;
    ``teacher``: the file's, for the tails people wrote (default :data:`HUMAN`)."""
    people = HUMAN if teacher is None else teacher
    sources = tuple(sources)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        from kg.errors import ConfigError

        raise ConfigError(f"unknown ATOMIC source {sorted(unknown)!r}; use {', '.join(SOURCES)}")
    with Path(path).open("rb") as fh:
        for read in read_lines(fh):
            lineno, raw = read.number, read.raw
            if raw is None:
                yield Unreadable(None, read.head.decode("utf-8", "replace"), NAME, read.too_long())
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("utf-8", "replace")[:2000]
                yield Unreadable(None, text, NAME, f"line {lineno}: not UTF-8 text (byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line, parse_float=Decimal)  # 3.10 as written: no 3.1
                head, relation = row["head"], row["relation"]
                if not isinstance(head, str) or not isinstance(relation, str):
                    raise TypeError("head and relation must be strings")
            except RecursionError:
                yield Unreadable(None, line[:2000], NAME, f"line {lineno}: JSON nested too deeply")
                continue
            except (ValueError, KeyError, TypeError) as exc:
                yield Unreadable(None, line[:2000], NAME, f"line {lineno}: not an ATOMIC row ({exc})")
                continue
            if SURROGATES.search(head + relation):
                yield Unreadable(None, line[:2000], NAME, f"line {lineno}: {DAMAGED} in the head or relation")
                continue
            if not any(k in row for k in ("tails", "tail", "generations", "greedy")):
                yield Unreadable(None, line[:2000], NAME, f"line {lineno}: no tails (expected head, relation and tails, or tail)")
                continue
            human, generations = _texts(row.get("tails", row.get("tail"))), _texts(row.get("generations"))
            if human is None or generations is None:
                yield Unreadable(None, line[:2000], NAME, f"line {lineno}: tails and generations must be a list of texts, or one text")
                continue
            prompt = _prompt(head, relation)
            if "human" in sources:
                for i, tail in enumerate(human):
                    yield prompt, Completion(prompt.id, prompt.text, people, tail, i, {"split": "test"})
            if "generations" in sources:
                for i, tail in enumerate(generations):
                    params = {"decoding": "beam", "num_beams": 9}
                    yield prompt, Completion(prompt.id, prompt.text, COMET, tail, i, params)
            if "greedy" in sources and row.get("greedy") is not None:
                yield prompt, Completion(prompt.id, prompt.text, COMET, str(row["greedy"]), 0, {"decoding": "greedy"})


_HEAD_NAMES = {"head", "subject", "subj", "s", "h"}
_RELATION_NAMES = {"relation", "predicate", "rel", "property", "p", "r"}
_TAIL_NAMES = {"tail", "tails", "object", "obj", "o", "t", "target", "value"}


def _header_columns(fields: list[str]) -> tuple[int, int, int] | None:
    """The (head, relation, tail) columns a header row names, or None when the row is no header:
    ``head,relation,tail``, ``subject,predicate,object`` and, in a wider table such as a database
    export, ``drug,relation,target,source`` (the column named relation or predicate; the head
    and tail columns by name, else the ones beside it)."""
    names = [f.strip().casefold() for f in fields]
    relation = next((i for i, n in enumerate(names) if n in _RELATION_NAMES), None)
    if relation is None:
        return None
    head = next((i for i, n in enumerate(names) if n in _HEAD_NAMES), relation - 1)
    tail = next((i for i, n in enumerate(names) if n in _TAIL_NAMES), relation + 1)
    if head < 0 or tail >= len(names) or len({head, relation, tail}) < 3:
        return None
    return head, relation, tail


MAX_ROW_LINES = 100
"""Most lines one CSV row's quoted fields may span (a stray quote does not swallow the file)."""


def _open_quote(text: str, delimiter: str) -> bool:
    """Whether ``text`` ends inside a quoted CSV field (a quote within an unquoted field, as in
    ``5" tall``, opens none)."""
    try:
        next(csv.reader([text], delimiter=delimiter, strict=True), None)
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def read_atomic_tsv(path: str | Path, *, teacher: str | None = None) -> Iterator[Item]:
    """Completions from an ATOMIC-style TSV file, or a CSV file of ``head,relation,tail`` rows
    (by its ``.csv`` suffix); one completion per tail."""
    path = Path(path)
    comma = path.suffix.lower() == ".csv"
    teacher = teacher or f"{TABLE_SOURCE}{'csv' if comma else 'tsv'}:{path.stem}"
    first = True
    delimiter = ","
    columns: tuple[int, int, int] | None = None  # named by a header: extra columns are left out
    pending: list[str] = []  # a CSV row whose quoted field goes on over more lines
    with path.open("rb") as fh:
        for line in read_lines(fh):
            lineno = line.number
            if line.raw is None:
                yield Unreadable(None, line.head.decode("utf-8", "replace"), NAME, line.too_long())
                continue
            raw = line.raw.decode("utf-8", "replace").rstrip("\n\r")
            if lineno == 1 and "\r" in raw and not line.raw.endswith(b"\n"):
                # the whole file one line: a CSV module error ("new-line character seen in unquoted field")
                raise FormatError(f"{path}: its lines end in CR alone (classic Mac OS); save it with LF or CRLF line endings")
            if comma and (pending or ('"' in raw and _open_quote(raw, delimiter))):
                # a quoted field holding a line break ("Multi\nLine City") goes on to the next
                # line: read one row, not two (the second, "Line City", was stored as a fact)
                pending.append(raw)
                if _open_quote("\n".join(pending), delimiter) and len(pending) < MAX_ROW_LINES:
                    continue
                raw, pending = "\n".join(pending), []
                if _open_quote(raw, delimiter):
                    yield Unreadable(None, raw[:2000], NAME, f"line {lineno}: a quoted field is not closed within {MAX_ROW_LINES} lines")
                    continue
            if not raw.strip():
                continue
            if first and comma:
                delimiter = sniff_delimiter(raw)  # a comma, or Excel's semicolon where the decimal mark is a comma
            fields = next(csv.reader([raw], delimiter=delimiter), []) if comma else raw.split("\t")
            if first:
                first = False
                columns = _header_columns(fields)
                if columns is not None:
                    continue
            if columns is not None and len(fields) > max(columns):
                head, relation, tail = (fields[i].strip() for i in columns)
                tails = [tail]
            elif len(fields) == 2 and " @@ " in fields[0]:
                head, relation = (p.strip() for p in fields[0].split(" @@ ", 1))
                tails = fields[1].split("|")
            elif len(fields) == 3:
                head, relation, tail = (f.strip() for f in fields)
                tails = [tail]
            else:
                expected = "3 columns: head,relation,tail" if comma else "'head @@ relation<TAB>tails' or 3 columns"
                expected += " (or a first row naming the columns: head or subject, relation or predicate, tail or object)"
                if columns is not None:
                    expected = f"the columns the first row names ({', '.join(str(i + 1) for i in columns)})"
                yield Unreadable(None, raw[:2000], NAME, f"line {lineno}: expected {expected}")
                continue
            if not head or not relation:
                yield Unreadable(None, raw[:2000], NAME, f"line {lineno}: empty head or relation")
                continue
            prompt = _prompt(head, relation)
            for i, tail in enumerate(tails):
                yield prompt, Completion(prompt.id, prompt.text, teacher, tail, i, {"line": lineno})
    if pending:  # the file ended inside a quoted field
        yield Unreadable(None, "\n".join(pending)[:2000], NAME, f"line {lineno}: a quoted field is not closed at the end of the file")


def read_json_rows(text: str, normalizer: Normalizer, *, teacher: str) -> Iterator[Item]:
    """The triples of a user's JSON file (objects of subject, predicate and object, ``[s, p, o]``
    arrays, JSON Lines: what :mod:`extractors.json_triples` reads) as rows, one completion per
    subject and value as a TSV row's tail, so the same facts read the same from a JSON file as
    from a TSV (:func:`atomic_candidates`); what is no triple is unreadable with the reason. A
    ``"reason"`` key is the completion's ``rationale`` param."""
    from extractors import json_triples as js

    items, problems = js.find_json_items(text)
    for raw, reason in problems:
        yield Unreadable(None, raw[:2000], js.NAME, reason)
    if not items and not problems:
        yield Unreadable(None, text[:2000], js.NAME, "no JSON in the file")
    for raw, item in items:
        parts = js.triple_parts(item)
        if parts is None:
            yield Unreadable(None, raw[:2000], js.NAME, "not a subject/predicate/object triple")
            continue
        predicate = js._scalar(parts[1])
        yes_no = predicate is not None and js._yes_no(normalizer.relation(predicate))
        subjects, objects = js._values(parts[0]), js._values(parts[2], booleans=yes_no)
        if subjects is None or predicate is None or objects is None:
            yield Unreadable(None, raw[:2000], js.NAME, "a triple part is not a string, a finite number or a list of them")
            continue
        if SURROGATES.search("".join([*subjects, predicate, *objects])):  # its id could not be computed, nor the text stored
            yield Unreadable(None, raw[:2000], js.NAME, f"{DAMAGED} in the triple")
            continue
        why = js._field(item, js._RATIONALE) if isinstance(item, dict) else None
        params = {"rationale": why} if isinstance(why, str) and why.strip() else {}
        for subject in subjects:
            prompt = _prompt(subject, predicate)
            for i, tail in enumerate(objects):
                yield prompt, Completion(prompt.id, prompt.text, teacher, tail, i, params)


def atomic_candidates(
    items: Iterable[Item], normalizer: Normalizer, *, context: ExtractionContext | None = None
) -> Iterator[Candidate | Unreadable]:
    """Candidates (and unreadables) for the items a reader yields, through the list extractor,
    each item one tail: a row's tail holding a line break (``"a pen and\npaper"`` in a JSONL
    ``tails`` list, a quoted CSV field) is one tail, its whitespace folded; it was split into
    two, and a fragment nobody wrote (``paper``) could be accepted.

    With ``context`` (an :class:`~extractors.Extractor`'s) in a domain of names, a cell is read
    as the same answer of a chat teacher is (:func:`extractors.read_answer`): its gloss split off
    ("Mediterranean Sea (via the Nile Delta)"), what the chat reader quarantines kept unreadable,
    and the names it lists each a tail ("Edmund Hillary and Tenzing Norgay"; several for a
    relation with one value, unreadable); a domain of phrases (commonsense) keeps each cell whole."""
    from extractors import read_answer

    as_answer = context is not None and context.named_entities and context.domain is not None and not typed_by_form(context.domain)
    for item in items:
        if isinstance(item, Unreadable):
            normalizer.stats.unreadable["unreadable dataset line"] += 1
            yield item
            continue
        prompt, completion = item
        relation = normalizer.relation(prompt.relation or "")
        if relation is None:
            normalizer.stats.unknown_relations[prompt.relation or ""] += 1
            near = normalizer.domain.nearest_relation(prompt.relation or "") if normalizer.domain is not None else None
            unreadable = Unreadable(completion, completion.text[:2000], NAME, f"unknown relation {prompt.relation!r}"
                                    + (f"; did you mean {near!r}?" if near else ""))
            yield from normalizer.dedupe([unreadable])
            continue
        why = completion.params.get("rationale")  # a JSON file's "reason" key (read_json_rows)
        if isinstance(completion.text, NumberText):  # a JSON number: one value, as written, in no language
            out: list[Candidate | Unreadable] = []
            normalizer.candidate(completion, LISTS, completion.text, prompt.head or "", relation, completion.text, out=out, rationale=why)
            yield from normalizer.dedupe(out)
            continue
        if as_answer and context is not None:
            dropped = dict(normalizer.stats.dropped)
            try:
                found = list(read_answer(completion, prompt.head or "", relation, context, one_tail=True))
            except KGError:  # a user-facing error (a bad setting), not a bug
                raise
            except Exception as exc:  # noqa: BLE001 - a bug in the reader must not stop the run or lose the row (as Extractor.extract)
                error = f"{type(exc).__name__}: {exc}"[:300]
                found = normalizer.dedupe([Unreadable(completion, completion.text[:2000], LISTS, f"extractor error: {error}")])
            if not found:  # a user's row is never lost: what the chat reader drops as no answer is kept with why
                why_not = [r for r, n in normalizer.stats.dropped.items() if n > dropped.get(r, 0)]
                found = [Unreadable(completion, completion.text[:2000], LISTS, f"the row gives no value ({'; '.join(why_not) or 'nothing read'})")]
        else:
            found = extract_list(completion, prompt.head or "", relation, normalizer, one_tail=True)
        yield from (dataclasses.replace(x, rationale=x.rationale or why) if why and isinstance(x, Candidate) else x for x in found)
