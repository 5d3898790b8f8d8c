"""Fuzz: nasty bytes in every input format of `kg ingest` and in recorded teacher output (issue
#18). A corpus (lone surrogates, NUL, 1 MB lines, deep JSON, binary, UTF-16 / Latin-1 / CP-1252
text, BOMs, injected statements) and hypothesis-drawn payloads, each put into a valid file of
each format and also given as the whole file. Every input is either refused with one clear line
(a ``KGError``) or read into candidates and quarantined records, each with its reason; nothing
raises anything else (no traceback). What was read is then written to a store, and every
rejection is there with its reason. The default suite tries a few hundred inputs; the slow test
thousands. Each test asserts how many it tried (``pytest -s`` prints it).

Extractors on arbitrary teacher text alone: ``tests/extractors/test_properties.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.pipeline import read_units
from kg.records import Candidate, Reason, Unreadable, Verdict

GEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"

NASTY: list[str | bytes] = [
    "\ud800", "a\udc00b", "\\ud800", "\x00", "a\x00b", "x" * 1_000_000, "[" * 100_000, "{" * 50_000 + "}",
    "\u202e\u2028\u2029\ufeff", "Fr\u00e9d\u00e9ric", "\ufffd", "NaN", "1e999999", '" . <http://a/b> <http://a/c> "x" .',
    "```json\n[1, 2", "\t\t\t", "\r\n\r\n", "", " ", "@@", "|||", "\\", '"', "<>",
    b"\xff\xfe\x00\x00", b"\xed\xa0\x80", b"\xe9t\xe9", b"\x93quoted\x94", b"\x00\x01\x02\x03\xff",
    "caf\u00e9".encode("utf-16"), "\ufeffPersonX eats".encode("utf-8"), bytes(range(256)),
]


def _json_str(payload: str | bytes) -> bytes:
    if isinstance(payload, bytes):
        return b'"' + payload + b'"'
    return json.dumps(payload).encode("ascii")


def _raw(payload: str | bytes) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")


def _lit(payload: str | bytes) -> bytes:
    return b'"' + _raw(payload).replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'


# name -> (file name, domain, the format read_units is given, payload -> file bytes)
FORMATS: dict[str, tuple[str, str, str, Callable[[str | bytes], bytes]]] = {
    "atomic-tsv": ("rows.tsv", "commonsense", "atomic", lambda p: (
        b"PersonX eats\txWant\tto sleep\n" + _raw(p) + b"\txWant\t" + _raw(p) + b"\n"
        b"PersonX runs @@ xNeed\tto rest|" + _raw(p) + b"\n" + _raw(p) + b"\n"
    )),
    "atomic-jsonl": ("rows.jsonl", "commonsense", "atomic", lambda p: (
        b'{"head": "PersonX eats", "relation": "xWant", "tails": ["to sleep"]}\n'
        b'{"head": ' + _json_str(p) + b', "relation": "xWant", "tails": [' + _json_str(p) + b', "to rest"]}\n'
        + _raw(p) + b"\n"
    )),
    "transcript": ("answers.jsonl", "geography", "transcript", lambda p: (
        # "kind": list and rdf: spaCy's free-text reading has its own fuzz (and takes seconds to load)
        b'{"prompt": "What is the capital city of France?", "kind": "list", "head": "France", "relation": "hasCapital", "completions": ["1. Paris", ' + _json_str(p) + b"]}\n"
        b'{"prompt": ' + _json_str(p) + b', "kind": "rdf", "completions": [' + _json_str(p) + b"]}\n" + _raw(p) + b"\n"
    )),
    "json": ("facts.json", "geography", "json", lambda p: (
        b'[{"subject": "France", "predicate": "hasCapital", "object": ' + _json_str(p) + b"},"
        b' {"subject": ' + _json_str(p) + b', "predicate": "borders", "object": "Spain"}]'
    )),
    "turtle": ("facts.ttl", "geography", "turtle", lambda p: (
        f"@prefix g: <{GEO}> .\n@prefix r: <{RES}> .\nr:france g:hasCapital r:paris .\n".encode()
        + b"r:france g:borders " + _lit(p) + b" .\n" + _raw(p) + b"\n"
    )),
    "ntriples": ("facts.nt", "geography", "ntriples", lambda p: (
        f"<{RES}france> <{GEO}hasCapital> <{RES}paris> .\n<{RES}spain> <{GEO}borders> ".encode()
        + _lit(p) + b" .\n" + _raw(p) + b"\n"
    )),
}


@dataclass
class Tally:
    """What the fuzz tried and how each input ended."""

    tried: int = 0
    refused: int = 0
    candidates: int = 0
    quarantined: int = 0
    failures: list[str] = field(default_factory=list)
    items: list[Candidate | Unreadable] = field(default_factory=list)


@pytest.fixture(scope="module")
def readers():
    """One extractor per domain (spaCy and the ontologies load once, here: a .json file that
    holds prose is read as free text)."""
    from extractors import Extractor
    from kg.ontology import load_domain

    out = {}
    for name in ("geography", "commonsense"):
        domain = load_domain(name)
        extractor = Extractor(domain)
        extractor.spacy.nlp  # noqa: B018 - load it now
        out[name] = (domain, extractor)
    return out


def _try(path: Path, data: bytes, fmt: str, domain_name: str, readers, tally: Tally) -> None:
    """Read one input as `kg ingest` does; a KGError is a refusal (one line), anything else a failure."""
    domain, extractor = readers[domain_name]
    path.write_bytes(data)
    tally.tried += 1
    try:
        units = list(read_units(
            path, domain, format=fmt, extractor=extractor,
            extract=lambda c, p, d, store=None: extractor.extract(c, p),
        ))
    except KGError as exc:
        tally.refused += 1
        if "\n" in str(exc).strip() or not str(exc).strip():
            tally.failures.append(f"{fmt}: a refusal not on one line: {str(exc)[:200]!r}")
        return
    except Exception as exc:  # noqa: BLE001 - the fuzz's finding: a traceback
        tally.failures.append(f"{fmt} {data[:60]!r}: {type(exc).__name__}: {str(exc)[:200]}")
        return
    for item in (x for unit in units for x in unit):
        if isinstance(item, Unreadable):
            tally.quarantined += 1
            if not item.reason.strip():
                tally.failures.append(f"{fmt}: an unreadable without a reason: {item.span[:60]!r}")
        elif isinstance(item, Candidate):
            tally.candidates += 1
        else:
            tally.failures.append(f"{fmt}: read a {type(item).__name__}")
        tally.items.append(item)


def _try_teacher(path: Path, data: bytes, tally: Tally) -> None:
    """A recorded transcript as a teacher (`kg distill --teacher replay:PATH`)."""
    from kg.teachers import make_teacher

    path.write_bytes(data)
    tally.tried += 1
    try:
        teacher = make_teacher(f"replay:{path}", no_cache=True)
        try:
            teacher.complete(["What is the capital city of France?"], n=1)
        finally:
            teacher.close()
    except KGError as exc:
        tally.refused += 1
        if "\n" in str(exc).strip():
            tally.failures.append(f"replay: a refusal not on one line: {str(exc)[:200]!r}")
    except Exception as exc:  # noqa: BLE001
        tally.failures.append(f"replay {data[:60]!r}: {type(exc).__name__}: {str(exc)[:200]}")


def _write_and_count(tmp_path: Path, tally: Tally) -> None:
    """Write everything read (candidates as verdicts both ways) to a store: each rejection is
    there with its reason."""
    from kg.store import init_store

    records: list[Verdict | Unreadable] = []
    for i, item in enumerate(tally.items):
        if isinstance(item, Candidate):
            records.append(Verdict.accept(item) if i % 2 else Verdict.reject(item, Reason("fuzz", "rejected by the fuzz")))
        else:
            records.append(item)
    ids = {r.id if isinstance(r, Unreadable) else r.candidate.id for r in records if not getattr(r, "accepted", False)}
    with init_store(tmp_path / "store") as store:
        store.write(records)
        rows = store.query(
            "SELECT ?x (COUNT(?m) AS ?n) WHERE { ?x a kg:Rejection ; kg:reason ?r . ?r kg:message ?m "
            "FILTER(STRLEN(?m) > 0) } GROUP BY ?x",
            graph="rejected",
        )
        assert len(list(rows)) == len(ids)  # every rejection quarantined, with a reason


def _inputs(payload: str | bytes):
    for name, (file_name, domain, fmt, build) in FORMATS.items():
        yield name, file_name, domain, fmt, build(payload)
    yield "json-whole", "whole.json", "geography", "json", _raw(payload)
    yield "transcript-whole", "whole.jsonl", "geography", "transcript", _raw(payload)


def test_the_corpus_of_nasty_inputs_in_every_format(tmp_path: Path, readers) -> None:
    tally = Tally()
    for k, payload in enumerate(NASTY):
        for name, file_name, domain, fmt, data in _inputs(payload):
            _try(tmp_path / f"{k}-{file_name}", data, fmt, domain, readers, tally)
            if name in ("transcript", "transcript-whole"):
                _try_teacher(tmp_path / f"{k}-teacher-{file_name}", data, tally)
    assert not tally.failures, "\n".join(tally.failures[:20])
    _write_and_count(tmp_path, tally)
    print(f"fuzz corpus: {tally.tried} inputs tried, {tally.refused} refused in one line, "
          f"{tally.candidates} candidates, {tally.quarantined} quarantined with a reason, 0 tracebacks")
    assert tally.tried == len(NASTY) * (len(FORMATS) + 4)
    assert tally.quarantined > len(NASTY)


ALPHABET = st.sampled_from(
    ["\ud800", "\udfff", "\x00", "\n", "\r", "\t", "|", "@@", "\\", '"', "{", "}", "[", "]", ",", ":", "<", ">", ".",
     "PersonX", "Paris", "\ufeff", "\u202e", "\ufffd", "é", "1e999", "none", " "]
)
PAYLOADS = st.one_of(
    st.lists(ALPHABET, max_size=30).map("".join),
    st.text(max_size=60),
    st.binary(max_size=80),
)


def _hypothesis_tally(examples: int):
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(payload=PAYLOADS, which=st.sampled_from(list(FORMATS) + ["json-whole", "transcript-whole"]))
    def run(tmp: Path, readers, tally: Tally, payload, which) -> None:
        for name, file_name, domain, fmt, data in _inputs(payload):
            if name == which:
                _try(tmp / file_name, data, fmt, domain, readers, tally)
                if name.startswith("transcript"):
                    _try_teacher(tmp / f"teacher-{file_name}", data, tally)

    return run


def test_hypothesis_payloads_in_every_format(tmp_path: Path, readers) -> None:
    tally = Tally()
    _hypothesis_tally(150)(tmp_path, readers, tally)
    assert not tally.failures, "\n".join(tally.failures[:20])
    _write_and_count(tmp_path, tally)
    print(f"fuzz (hypothesis): {tally.tried} inputs tried, {tally.refused} refused in one line, "
          f"{tally.quarantined} quarantined with a reason, 0 tracebacks")
    assert tally.tried >= 150


@pytest.mark.slow
def test_many_hypothesis_payloads_in_every_format(tmp_path: Path, readers) -> None:
    tally = Tally()
    _hypothesis_tally(3000)(tmp_path, readers, tally)
    assert not tally.failures, "\n".join(tally.failures[:20])
    _write_and_count(tmp_path, tally)
    print(f"fuzz (hypothesis, slow): {tally.tried} inputs tried, {tally.refused} refused in one line, "
          f"{tally.quarantined} quarantined with a reason, 0 tracebacks")
    assert tally.tried >= 3000
