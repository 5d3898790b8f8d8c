"""Reading teacher output someone already has (:func:`read_units`): ATOMIC-style TSV/JSONL, a
replay transcript, JSON triples, Turtle or N-Triples, as units of candidates (the candidates of
one source record)."""

from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from kg.errors import FormatError
from kg.forms import typed_by_form
from kg.lines import MAX_DOCUMENT, read_lines
from kg.ontology import Domain
from kg.pipeline.parts import _required
from kg.prompts import Prompt, prompt_id, recognise
from kg.records import SURROGATES, Candidate, Completion, Unreadable
from kg.seams import Extractor
from kg.store import Store

__all__ = ["document_text", "guess_ingest_format", "read_units"]



def read_units(
    path: Path,
    domain: Domain,
    *,
    store: Store | None = None,
    extract: Callable | None = None,
    extractor: Extractor | None = None,
    format: str | None = None,
    atomic_sources: Sequence[str] = ("human", "generations"),
) -> Iterator[list[Candidate | Unreadable]]:
    """Teacher output someone already has, as units (the candidates of one source record;
    all samples of one prompt stay in one unit, so self-consistency sees them together).

    Formats: ATOMIC-style TSV/JSONL (``extractors.atomic``), a replay transcript (JSONL of
    prompts and completions, read by ``extractors.extract``), JSON triples
    (``extractors.json_triples``), Turtle/N-Triples (``extractors.rdf_text``).
    """
    fmt = format or guess_ingest_format(path)
    if fmt == "atomic":
        yield from _atomic_units(path, domain, store=store, extractor=extractor, sources=atomic_sources)
        return
    if fmt == "transcript":
        yield from _transcript_units(path, domain, store=store, extract=extract)
        return
    if fmt == "json" and not typed_by_form(domain):  # a user's triples: read as the same rows of a TSV are
        items = importlib.import_module("extractors.atomic").read_json_rows
        text = document_text(path, fmt)
        yield from _atomic_units(path, domain, store=store, extractor=extractor, sources=atomic_sources,
                                 rows=lambda normalizer: items(text, normalizer, teacher=f"file:{path.name}"))
        return
    if fmt in ("json", "turtle", "ntriples"):
        yield from _document_units(path, fmt, domain, store=store, extract=extract)
        return
    raise FormatError(f"cannot ingest {str(path)!r} as {fmt!r}; use atomic, transcript, json or turtle")


def guess_ingest_format(path: Path) -> str:
    """How `kg ingest` reads ``path`` when ``--input-format`` does not say (`kg validate` reads a
    file of rows the same way)."""
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".csv"):
        return "atomic"
    if suffix in (".ttl", ".nt", ".turtle"):
        return "turtle" if suffix != ".nt" else "ntriples"
    if suffix == ".json":
        return "json"
    if suffix == ".jsonl":
        with path.open("rb") as fh:
            for line in read_lines(fh):
                raw = line.raw
                if raw is None:
                    raise FormatError(f"{path}: {line.too_long()}; cannot tell its format")
                try:
                    text = raw.decode("utf-8").strip()
                except UnicodeDecodeError:
                    raise FormatError(f"{path}: the first line is not UTF-8 text; cannot tell its format") from None
                if not text:
                    continue
                try:
                    first = json.loads(text)
                except (ValueError, RecursionError):
                    raise FormatError(f"{path}: the first line is not JSON; cannot tell its format") from None
                if isinstance(first, dict) and ("completions" in first or ("completion" in first and "prompt" in first)):
                    return "transcript"
                if isinstance(first, dict) and "head" in first and "relation" in first:
                    return "atomic"
                if importlib.import_module("extractors.json_triples").triple_parts(first) is not None:
                    return "json"  # JSON Lines of subject, predicate and object: triples, a line each
                raise FormatError(
                    f"{path}: the first line is neither a transcript line (prompt, completions or completion), an "
                    "ATOMIC row (head, relation, tails/generations) nor a triple (subject, predicate, object); pass --input-format"
                )
    raise FormatError(
        f"cannot tell how to ingest {str(path)!r} from its extension; use .tsv/.csv/.jsonl (ATOMIC), "
        ".jsonl (transcript), .json or .ttl, or pass --input-format"
    )


def _atomic_units(
    path: Path, domain: Domain, *, store: Store | None, extractor: Extractor | None, sources: Sequence[str],
    rows: Callable[[Any], Iterable[Any]] | None = None,
) -> Iterator[list[Candidate | Unreadable]]:
    """The rows of an ATOMIC-style file (or those ``rows`` gives for the normaliser: a JSON file's
    triples), the rows of one head and relation one unit."""
    atomic = importlib.import_module("extractors.atomic")
    if extractor is None:
        extractor = _required("extractors", "Extractor", "reading ATOMIC data")(domain, store)
    normalizer = extractor.normalizer
    context = getattr(extractor, "context", None)  # extractors.Extractor's: a domain of names reads a cell as a chat answer
    own = atomic.own_file_teacher(path, domain)  # a user's known facts: provenance names the file, not ATOMIC
    if rows is not None:
        items = rows(normalizer)
    elif path.suffix.lower() in (".tsv", ".csv"):
        items = atomic.read_atomic_tsv(path, teacher=own)
    else:
        items = atomic.read_atomic_jsonl(path, sources=tuple(sources), teacher=own)
    group: list[Any] = []
    group_id = None
    for item in items:
        if isinstance(item, Unreadable):
            yield [item]
            continue
        prompt = item[0]
        if prompt.id != group_id and group:
            yield list(atomic.atomic_candidates(group, normalizer, context=context))
            group = []
        group_id = prompt.id
        group.append(item)
    if group:
        yield list(atomic.atomic_candidates(group, normalizer, context=context))


def _transcript_units(
    path: Path, domain: Domain, *, store: Store | None, extract: Callable | None
) -> Iterator[list[Candidate | Unreadable]]:
    """A replay transcript (``kg.teachers.replay`` format): one prompt a line with its
    completions; optional ``kind``, ``head``, ``relation``, ``topic`` and ``teacher`` keys say
    how to read it (without them, a text the domain's templates read as one of its list prompts
    is that prompt, as :func:`kg.teachers.replay.write_transcript` records them; else the
    extractor is chosen from the text)."""
    extract = extract or _required("extractors", "extract", "reading a transcript")
    with path.open("rb") as fh:
        for read in read_lines(fh):
            lineno, raw = read.number, read.raw
            if raw is None:
                yield [Unreadable(None, read.head.decode("utf-8", "replace"), "transcript", read.too_long())]
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("utf-8", "replace")[:2000]
                yield [Unreadable(None, text, "transcript", f"line {lineno}: not UTF-8 text (byte {exc.start})")]
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = str(record["prompt"])
                # {"prompt", "completion"}: the prompt-completion format many tools write
                answers = record["completions"] if "completions" in record or "completion" not in record else [record["completion"]]
                if not isinstance(answers, list):
                    raise TypeError("completions must be a list")
            except RecursionError:
                yield [Unreadable(None, line[:2000], "transcript", f"line {lineno}: JSON nested too deeply")]
                continue
            except (ValueError, KeyError, TypeError) as exc:
                yield [Unreadable(None, line[:2000], "transcript", f"line {lineno}: not a transcript line ({exc})")]
                continue
            if SURROGATES.search(text):  # its id could not be computed, nor the text stored
                yield [Unreadable(None, line[:2000], "transcript", f"line {lineno}: the prompt holds a lone surrogate")]
                continue
            prompt = _transcript_prompt(record, text, domain)
            teacher = str(record.get("teacher") or f"transcript:{path.stem}")
            unit: list[Candidate | Unreadable] = []
            for i, answer in enumerate(answers):
                body = answer if isinstance(answer, dict) else {"text": answer}
                completion = Completion(
                    prompt.id, text, teacher, str(body.get("text", "")), i,
                    finish_reason=body.get("finish_reason"), usage=dict(body.get("usage") or {}),
                )
                unit.extend(_asked(extract(completion, prompt, domain, store=store), prompt))
            yield unit


def _asked(items: Iterable[Candidate | Unreadable], prompt: Prompt) -> list[Candidate | Unreadable]:
    """``items`` with each unreadable output marked with the head and relation its prompt asked
    for (a transcript line's prompt, read to find both), as a distillation's saved prompt list
    tells the quarantine's export; candidates as they are. ``"SG 4.5"`` answered to "Which density
    completes \"galena density ___\"?" is listed under galena and density, not under no head."""
    if not (prompt.head and prompt.relation):
        return list(items)
    return [
        dataclasses.replace(x, head=prompt.head, relation=prompt.relation) if isinstance(x, Unreadable) and not x.head else x
        for x in items
    ]


def _transcript_prompt(record: dict[str, Any], text: str, domain: Domain) -> Prompt:
    """The prompt a transcript line answers: as its keys say, else, when the domain's templates
    read the text as one of its list prompts (a line with the prompt's text only), that prompt."""
    pid = str(record.get("prompt_id") or prompt_id(text))
    if not any(key in record for key in ("kind", "topic")):
        known = recognise(domain, text)
        if known is not None and all(record.get(key, value) == value for key, value in (("head", known.head), ("relation", known.relation))):
            return Prompt(pid, text, known.kind, head=known.head, relation=known.relation, rationales=known.rationales)
    # a line naming its head and relation but no kind asks for that relation's values, as a list prompt does
    kind = record.get("kind") or ("list" if record.get("head") and record.get("relation") else "json" if "JSON" in text else "text")
    return Prompt(pid, text, kind, head=record.get("head"), relation=record.get("relation"), topic=record.get("topic"))


def _document_units(path: Path, fmt: str, domain: Domain, *, store: Store | None, extract: Callable | None) -> Iterator[list[Candidate | Unreadable]]:
    """A JSON or Turtle file as one completion (up to :data:`kg.lines.MAX_DOCUMENT` bytes); an
    N-Triples file, whose lines stand alone, a piece of about a MiB of whole lines at a time."""
    extract = extract or _required("extractors", "extract", "reading a file")
    kind = "json" if fmt == "json" else "rdf"
    if fmt == "ntriples":
        yield from _ntriples_units(path, domain, store=store, extract=extract)
        return
    text = document_text(path, fmt)
    prompt = Prompt.make(f"file {path.name}", kind)
    completion = Completion(prompt.id, prompt.text, f"file:{path.name}", text)
    yield list(extract(completion, prompt, domain, store=store))


def document_text(path: Path, fmt: str) -> str:
    """A JSON or Turtle file's text, up to :data:`kg.lines.MAX_DOCUMENT` bytes."""
    size = path.stat().st_size
    if size > MAX_DOCUMENT:
        raise FormatError(
            f"{path}: {size / 2**20:,.0f} MiB is too large to read as one {fmt} document (at most "
            f"{MAX_DOCUMENT // 2**20} MiB); split it, or write JSON Lines or N-Triples, which are read a line at a time"
        )
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: not UTF-8 text (byte {exc.start}); cannot read it as {fmt}") from None


def _ntriples_units(path: Path, domain: Domain, *, store: Store | None, extract: Callable) -> Iterator[list[Candidate | Unreadable]]:
    piece: list[str] = []
    size = first = 0
    with path.open("rb") as fh:
        for line in read_lines(fh):
            if line.raw is None:
                yield [Unreadable(None, line.head.decode("utf-8", "replace"), "rdf", line.too_long())]
                continue
            try:
                text = line.raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                span = line.raw.decode("utf-8", "replace")[:2000]
                yield [Unreadable(None, span, "rdf", f"line {line.number}: not UTF-8 text (byte {exc.start})")]
                continue
            if not piece:
                first = line.number
            piece.append(text)
            size += len(line.raw)
            if size >= _NT_PIECE:
                yield _ntriples_unit(path, first, piece, domain, store=store, extract=extract)
                piece, size = [], 0
    if piece:
        yield _ntriples_unit(path, first, piece, domain, store=store, extract=extract)


def _ntriples_unit(
    path: Path, first: int, piece: list[str], domain: Domain, *, store: Store | None, extract: Callable
) -> list[Candidate | Unreadable]:
    """Lines ``first``.. of an N-Triples file (``piece``) as one completion, read."""
    prompt = Prompt.make(f"file {path.name} lines {first}-{first + len(piece) - 1}", "rdf")
    completion = Completion(prompt.id, prompt.text, f"file:{path.name}", "".join(piece))
    return list(extract(completion, prompt, domain, store=store))


_NT_PIECE = 2**20
"""Bytes of N-Triples read as one completion."""
