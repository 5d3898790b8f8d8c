"""``kg validate``: judge candidate triples (an RDF file, or a store's accepted graph) against a
domain's ontology, SHACL shapes and reference graph."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

import typer

from kg.cli.common import StandardOutput, console, err_console, escape, existing_file
from kg.cli.views import reference_said
from kg.errors import FormatError

FORMATS = ("table", "text", "json", "csv", "tsv", "turtle")
"""``table`` (``text``: the same) for people; ``json``, ``csv``/``tsv`` (one verdict a row) and
``turtle`` (a SHACL validation report graph) for machines."""


def _file_candidates(path: Path, format: str | None) -> list:

    from kg.records import Candidate
    from kg.store import guess_format
    from kg.store.formats import read_quads
    from kg.terms import from_ox

    quads = list(read_quads(path, guess_format(path, format, option="--input-format")))
    return [
        Candidate(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), extractor=f"file:{path.name}")  # type: ignore[arg-type]
        for q in quads
    ]


SPARQL_RESULTS = {".srj": "json", ".srx": "xml"}
"""SPARQL result files by extension; a ``.json``, ``.xml`` or ``.tsv`` file is one when its
content says so (:func:`_sparql_result_format`)."""
_TRIPLE_VARIABLES = (("s", "p", "o"), ("subject", "predicate", "object"))


def _sparql_result_format(path: Path, format: str | None) -> str | None:
    """``json``, ``xml`` or ``tsv`` when ``path`` is a SPARQL query result (by its extension, or a
    JSON document with ``head`` and ``results``, an XML one in the SPARQL results namespace, a TSV
    whose header names ``?variables``), else None. (A SPARQL CSV result is a table of head,
    relation, tail: its IRIs are read as IRIs.)"""
    named = (format or "").lower().replace("-", "").replace("_", "")
    if named in ("srj", "sparqljson", "sparqlresultsjson"):
        return "json"
    if named in ("srx", "sparqlxml", "sparqlresultsxml"):
        return "xml"
    if format:
        return None
    suffix = path.suffix.lower()
    if suffix in SPARQL_RESULTS:
        return SPARQL_RESULTS[suffix]
    if suffix not in (".json", ".xml", ".tsv") or not path.is_file():
        return None
    with path.open("rb") as fh:
        start = fh.read(4096).decode("utf-8", "replace")
    if suffix == ".json":
        return "json" if re.match(r'\s*\{\s*"head"\s*:', start) or ('"head"' in start and '"bindings"' in start) else None
    if suffix == ".xml":
        return "xml" if "http://www.w3.org/2005/sparql-results#" in start else None
    return "tsv" if start.startswith("?") else None


def _result_candidates(path: Path, kind: str) -> tuple[list, list[dict[str, str]]]:
    """Candidates from a SPARQL SELECT result whose variables are ``?s ?p ?o`` (or ``?subject
    ?predicate ?object``), one a row; a row that is no triple (a literal subject, an unbound
    variable) is unreadable. Any other result is a :class:`FormatError` that says why."""
    from rdflib import BNode, Literal, URIRef, Variable
    from rdflib.query import Result

    from kg.records import Candidate

    try:
        with path.open("rb") as fh:
            result = Result.parse(fh, format=kind)
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise what their libraries raise
        raise FormatError(f"{path}: not a valid SPARQL {kind} result: {type(exc).__name__}: {exc}") from None
    if result.type != "SELECT":
        raise FormatError(f"{path}: a SPARQL {result.type} result holds no triples to validate")
    variables = [str(v) for v in result.vars or ()]
    names = next((n for n in _TRIPLE_VARIABLES if set(n) <= set(variables)), None)
    if names is None:
        raise FormatError(
            f"{path}: a SPARQL result of {' '.join('?' + v for v in variables) or 'no variables'}; kg reads one "
            "with ?s ?p ?o (or ?subject ?predicate ?object) as triples"
        )
    cands, unreadable = [], []
    for number, row in enumerate(result.bindings, 1):
        s, p, o = (row.get(Variable(n)) for n in names)
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, (URIRef, BNode, Literal)):
            cands.append(Candidate(s, p, o, extractor=f"file:{path.name}"))
        else:
            span = " ".join(term.n3() if term is not None else "(unbound)" for term in (s, p, o))
            unreadable.append({"span": span, "reason": f"result row {number}: not a triple (an IRI subject and predicate, and an object)"})
    return cands, unreadable


def _is_table(path: Path, format: str | None) -> bool:
    """A CSV/TSV of head, relation, tail rows or an ATOMIC JSONL of head, relation, tails rows (by
    label and relation name), as `kg ingest` reads them; a JSONL of subject, predicate, object
    lines is triples, as `kg ingest` reads them (:func:`_is_json`)."""
    kind = (format or path.suffix.lstrip(".")).lower()
    if kind == "jsonl" and format is None and path.is_file():
        from kg.errors import FormatError
        from kg.pipeline.units import guess_ingest_format

        try:
            return guess_ingest_format(path) != "json"
        except FormatError:
            return True  # each line unreadable, with its reason
    return kind in ("csv", "tsv", "jsonl", "atomic")


def _table_candidates(path: Path, domain: Any, store: Any, format: str | None = None, rows: Any = None) -> tuple[list, list[dict[str, str]]]:
    """Candidates from a table's rows, named and read as `kg ingest` reads them: entities by label
    (the store's, when given), relations by name, label, synonym or prefixed name, a cell as the
    same chat answer (:func:`extractors.atomic.atomic_candidates`); and the rows that cannot be
    read (:func:`_unreadable_row`). ``rows``: a JSON file's triples as rows, given the normaliser."""
    from extractors import Extractor
    from extractors.atomic import atomic_candidates, own_file_teacher, read_atomic_jsonl, read_atomic_tsv
    from kg.records import Candidate, Unreadable

    kind = (format or path.suffix.lstrip(".")).lower()
    jsonl = rows is not None or kind == "jsonl" or (kind == "atomic" and path.suffix.lower() == ".jsonl")
    own = own_file_teacher(path, domain)
    extractor = Extractor(domain, store)
    if rows is not None:
        items = list(rows(extractor.normalizer))
    else:
        items = list(read_atomic_jsonl(path, teacher=own) if jsonl else read_atomic_tsv(path, teacher=own or f"file:{path.name}"))
    by_id = {item[1].id: item for item in items if not isinstance(item, Unreadable)}
    records = list(atomic_candidates(items, extractor.normalizer, context=extractor.context))
    delimiter = None if jsonl else "," if path.suffix.lower() == ".csv" else "\t"
    unreadable = [_unreadable_row(r, by_id, delimiter) for r in records if not isinstance(r, Candidate)]
    return [r for r in records if isinstance(r, Candidate)], unreadable


def _is_json(path: Path, format: str | None) -> bool:
    """A JSON file (by ``--input-format`` or its extension), which may be JSON-LD or, as `kg
    ingest` reads it, an array of ``{"subject", "predicate", "object"}`` objects."""
    return (format or path.suffix.lstrip(".")).lower().replace("-", "") in ("json", "jsonld")


def _json_candidates(path: Path, domain: Any, store: Any) -> tuple[list, list[dict[str, str]]]:
    """Candidates from a JSON document of triples, read as `kg ingest` reads it (entities by
    label, relations by name, values as a run reads them: in a domain of names, each triple a
    row, as a TSV's is), and what of it cannot be read."""
    from extractors.atomic import read_json_rows
    from kg.forms import typed_by_form
    from kg.pipeline.units import document_text, read_units
    from kg.records import Candidate

    if not typed_by_form(domain):
        text = document_text(path, "json")
        return _table_candidates(path, domain, store, rows=lambda normalizer: read_json_rows(text, normalizer, teacher=f"file:{path.name}"))
    records = [r for unit in read_units(path, domain, store=store, format="json") for r in unit]
    unreadable = [{"span": r.span, "reason": r.reason} for r in records if not isinstance(r, Candidate)]
    return [r for r in records if isinstance(r, Candidate)], unreadable


def _unreadable_row(record: Any, rows: dict[str, Any], delimiter: str | None) -> dict[str, str]:
    """An unreadable row as the report shows it: ``span``, the row as the file has it (the
    whole row: an unknown relation's record holds its tail only, "France" for
    ``Lyon,capitolOf,France``; a JSON object for a JSONL file's, ``delimiter`` None), and
    ``reason``, with its line."""
    import csv
    import io
    import json

    completion = record.completion
    if completion is None or completion.id not in rows:
        return {"span": record.span, "reason": record.reason}
    prompt, _ = rows[completion.id]
    row = [prompt.head, prompt.relation, completion.text]
    if delimiter is None:
        return {"span": json.dumps(dict(zip(("head", "relation", "tail"), row)), ensure_ascii=False), "reason": record.reason}
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(row)
    line = completion.params.get("line")
    return {"span": buffer.getvalue(), "reason": f"line {line}: {record.reason}" if line else record.reason}


def _store_candidates(store, domain: Any, batch_size: int) -> Iterator[list]:
    from kg.provenance import statement_node, stored_bounds
    from kg.records import Candidate
    from kg.terms import from_ox
    from kg.validate.shapes import as_declared

    ranges = domain.index.range
    bounds = stored_bounds(store)  # a figure stored as a range's middle is checked as the range
    batch = []
    for q in store.match(graph="accepted"):
        p = from_ox(q.predicate)
        # the store keeps "5"^^xsd:nonNegativeInteger as xsd:integer: read back as declared, or
        # the shapes rejected every such value twice (its sh:datatype, and sh:maxCount 1 counting
        # the candidate beside the store's own copy)
        o = as_declared(from_ox(q.object), ranges.get(p))
        ends = bounds.get(statement_node(q.subject, q.predicate, q.object).value) if bounds else None
        batch.append(Candidate(from_ox(q.subject), p, o, extractor="store", bounds=ends))  # type: ignore[arg-type]
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_domain(store: Any) -> Any:
    """The domain a store's facts are checked against without ``--domain``: the one it records
    (:func:`kg.domains.domains_for`: its runs, its kg.toml); of several, the one its kg.toml
    names, as ``kg export -f atomic`` and ``kg train generator`` take. A ConfigError when it
    records none that loads here, or several and its kg.toml names none (name it)."""
    from kg.domains import domains_for
    from kg.errors import ConfigError
    from kg.ontology import Domain, load_domain

    domains, recorded = domains_for(store)
    if len(domains) > 1 and recorded.configured:
        configured = load_domain(recorded.configured)
        err_console.print(
            f"note: the store holds the domains {escape(', '.join(recorded.names))}: checking against "
            f"{escape(configured.name)} (its kg.toml's domain); --domain NAME checks against another",
            highlight=False, soft_wrap=True)
        return configured
    if len(domains) > 1:
        raise ConfigError(
            f"the store records the domains {', '.join(recorded.names)}; pass --domain with the one to check against"
        )
    if not isinstance(domains[0], Domain):
        raise ConfigError("the store records no domain folder (only an ontology graph); pass --domain NAME or a domain folder")
    return domains[0]


def _read_as(verdicts: list, given: list, tolerance: Any) -> dict[int, tuple[Any, Any, Any]]:
    """``{index: (object given, object read, tolerance or None)}`` of the accepted verdicts whose
    object the validator read as a known one (a figure within the relation's tolerance of the
    reference's or a stored one is that one: "8,000 m" of Mount Everest's 8848.86), for the report
    to show both; the tolerance where both are numbers."""
    from kg.validate.batch import NUMBER_TYPES

    out = {}
    for i, (v, c) in enumerate(zip(verdicts, given)):
        read = v.candidate.object
        if v.accepted and read != c.object:
            numeric = getattr(read, "datatype", None) in NUMBER_TYPES
            out[i] = (c.object, read, tolerance(c.predicate) if numeric else None)
    return out


def _verdict_json(v, read_as: tuple[Any, Any, Any] | None = None) -> dict:
    c = v.candidate
    given = {}
    if read_as is not None:  # the figure given, and the known one it was read as (the "object")
        given = {"given": read_as[0].n3(), "read_as_known": True}
        if read_as[2] is not None:
            given["tolerance"] = str(read_as[2])
    return {
        "subject": c.subject.n3(),
        "predicate": c.predicate.n3(),
        "object": c.object.n3(),
        **given,
        "status": v.status,
        "confidence": v.confidence,
        "reference": v.reference,  # what the domain's reference graph said; None without one
        "reasons": [
            {
                "check": r.check,
                "message": r.message,
                "focus_node": r.focus_node.n3() if r.focus_node is not None else None,
                "shape": str(r.shape) if r.shape is not None else None,
            }
            for r in v.reasons
        ],
    }


def validate(
    file: Annotated[Optional[Path], typer.Argument(help="Candidate triples: an RDF file (.ttl .nt .nq ...), or a CSV/TSV of head, relation, tail rows by label and relation name.")] = None,
    domain: Annotated[Optional[str], typer.Option("--domain", "-d", help="Domain name (commonsense, geography) or folder. Default: with --store, the store's own (its runs, its kg.toml); else geography.")] = None,
    store: Annotated[Optional[str], typer.Option("--store", "-s", help="Store to validate against (and, without FILE, whose accepted graph to validate).", envvar="KG_STORE")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table (for people) | json | csv | tsv (one verdict a row) | turtle (a SHACL validation report graph).")] = "table",
    input_format: Annotated[Optional[str], typer.Option("--input-format", help="Format of FILE, if its extension does not tell: an RDF format, or csv | tsv | jsonl (ATOMIC rows: head, relation, tails).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Candidates per validation batch of a store's accepted graph (a FILE is one batch: its facts see each other, as its types).")] = 1000,
    limit: Annotated[int, typer.Option("--show", help="Rejections to list in the text report.")] = 50,
) -> None:
    """Validate candidate triples against a domain.

    Exit code 0: every candidate accepted; 1: any rejected or unreadable (the report is whole either way); 2: a usage error (no such file, an unknown format or domain).

    A row of a CSV/TSV that cannot be read (an unknown relation) is counted and listed too: in the report (json: unreadable_rows; csv/tsv: a row whose status is unreadable), or, in a table or turtle report, on standard error. Standard output holds the report alone; notes go to standard error."""
    from extractors.datatypes import rdflib_quiet
    from kg.ontology import load_domain, reference_note, reference_warnings
    from kg.validate import Validator, report_graph

    format = format.lower()
    if format not in FORMATS:
        raise FormatError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
    if file is None and store is None:
        raise FormatError("give an RDF FILE of candidates, or --store DIR to validate a store's accepted graph")
    kg_store = None
    if store is not None:
        from kg.store import open_store

        kg_store = open_store(store)
    try:
        dom = _store_domain(kg_store) if domain is None and kg_store is not None else load_domain(domain or "geography")
    except BaseException:
        if kg_store is not None:
            kg_store.close()
        raise
    notes = [reference_note(dom), *reference_warnings(dom)]
    if kg_store is not None:
        from kg.domains import changed_domain_note

        notes.append(changed_domain_note(kg_store, dom))
    for note in filter(None, notes):
        err_console.print(f"note: {escape(note)}", highlight=False, soft_wrap=True)
    # rdflib logs a traceback for every ill-typed literal it parses; the report says it better
    with rdflib_quiet():
        try:
            validator = Validator(dom, kg_store)
            verdicts = []
            given: list = []  # the candidates as given, beside their verdicts
            unreadable: list = []
            why = ""  # what kept a JSON file's objects from being read as triples
            if file is not None:
                result_format = _sparql_result_format(existing_file(file), input_format)
                if result_format is not None:
                    cands, unreadable = _result_candidates(file, result_format)
                elif _is_table(file, input_format):
                    cands, unreadable = _table_candidates(existing_file(file), dom, kg_store, input_format)
                elif input_format is None and file.suffix.lower() == ".jsonl":  # JSON Lines of triples, as kg ingest reads them
                    cands, unreadable = _json_candidates(file, dom, kg_store)
                else:
                    cands = _file_candidates(existing_file(file), input_format)
                    if not cands and _is_json(file, input_format):  # no JSON-LD: triples as objects, as kg ingest reads them
                        cands, unreadable = _json_candidates(file, dom, kg_store)
                        why = f": {unreadable[0]['reason']}" if unreadable else ""
                        unreadable = unreadable if cands else []
                if not cands and not unreadable:  # a JSON that is no JSON-LD reads as no triples, silently
                    raise FormatError(
                        f"{file}: no candidate triples in it (read as {result_format or input_format or file.suffix.lstrip('.') or 'RDF'}"
                        f"{why}); is it the format its extension says? name another with --input-format"
                    )
                # one batch: a fact's subject typed 1,000 lines earlier was an unknown entity to the
                # shapes in batches of 1,000 (1,482 of 14,584 rejected; 0 with --batch-size 20000)
                verdicts.extend(validator.validate(cands))
                given.extend(cands)
            else:
                for batch in _store_candidates(kg_store, dom, batch_size):
                    verdicts.extend(validator.validate(batch))
                    given.extend(batch)
        finally:
            if kg_store is not None:
                kg_store.close()

    rejected = [v for v in verdicts if not v.accepted]
    read_as = _read_as(verdicts, given, validator.tolerance_for)
    if format not in _LISTS_UNREADABLE:
        _print_unreadable(unreadable, limit)
    if format == "json":
        out = {
            "domain": dom.name,
            "candidates": len(verdicts),
            "facts": sum(1 for v in verdicts if not _is_meta(v)),  # less the labels and types among the candidates
            "accepted": len(verdicts) - len(rejected),
            "rejected": len(rejected),
            "unreadable": len(unreadable),
            "checks": dict(Counter(r.check for v in rejected for r in v.reasons)),
            "verdicts": [_verdict_json(v, read_as.get(i)) for i, v in enumerate(verdicts)],
            "unreadable_rows": unreadable,
        }
        StandardOutput().write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    elif format in ("csv", "tsv"):
        from kg.cli.common import write_rows

        write_rows(
            format,
            ("subject", "predicate", "object", "status", "confidence", "checks", "messages", "reference"),
            (
                (
                    v.candidate.subject.n3(), v.candidate.predicate.n3(), v.candidate.object.n3(), v.status,
                    v.confidence, " ".join(r.check for r in v.reasons), " | ".join(r.message for r in v.reasons),
                    v.reference or "",
                )
                for v in verdicts
            ),
        )
        write_rows(format, (), (("", "", "", "unreadable", "", "unreadable", f"{u['reason']}: {u['span']}", "") for u in unreadable))
    elif format == "turtle":
        StandardOutput().write(report_graph(verdicts).serialize(format="turtle"))
    else:
        from kg.namespaces import PREFIXES

        _print_text(dom.name, verdicts, rejected, len(unreadable), limit, {**PREFIXES, dom.prefix: str(dom.namespace)}, read_as)
    StandardOutput().flush()
    if rejected or unreadable:
        # SystemExit, not typer.Exit: `kg` runs click with standalone_mode=False, which turns
        # typer.Exit into a return value and would lose the exit code.
        raise SystemExit(1)


_LISTS_UNREADABLE = ("json", "csv", "tsv")
"""Report formats whose output lists the unreadable rows itself (``unreadable_rows``, a row
``unreadable``): standard error does not repeat them, so that ``2>&1`` still reads as the report."""


def _print_unreadable(unreadable: list[dict[str, str]], limit: int) -> None:
    """The first ``limit`` unreadable rows on standard error, one a line, and how many more."""
    for row in unreadable[:limit]:
        err_console.print(f"unreadable: {escape(row['reason'])}: {escape(row['span'][:120])}", highlight=False)
    if len(unreadable) > limit:
        err_console.print(f"... and {len(unreadable) - limit} more unreadable rows")


def _is_meta(verdict: Any) -> bool:
    """Whether ``verdict``'s triple names or types a thing (``rdfs:label``, ``skos:altLabel``,
    ``rdf:type``): checked, but no fact."""
    from rdflib import RDF

    from kg.validate.common import META_LITERAL_PREDICATES

    return verdict.candidate.predicate == RDF.type or verdict.candidate.predicate in META_LITERAL_PREDICATES


def _short(term: Any, prefixes: dict[str, str]) -> str:
    """A term as a person reads it: a prefixed name where a prefix fits, else its N-Triples form."""
    from rdflib import Literal, URIRef

    from kg.namespaces import prefixed_name

    if isinstance(term, Literal) and term.datatype is not None and term.language is None:
        datatype = prefixed_name(str(term.datatype), prefixes)
        if datatype:  # "1700"^^xsd:integer
            return f"{Literal(str(term)).n3()}^^{datatype}"
    return (prefixed_name(str(term), prefixes) if isinstance(term, URIRef) else None) or term.n3()


def _print_text(
    domain: str, verdicts, rejected, unreadable: int, limit: int, prefixes: dict[str, str], read_as: dict | None = None
) -> None:
    accepted = len(verdicts) - len(rejected)
    lowered = sum(1 for v in verdicts if v.accepted and v.confidence < 1.0)
    # a store's labels (and types) are checked too, but they are no facts: counted apart (249
    # "candidates" of a store of 140 facts and 109 labels)
    typing = [v for v in verdicts if _is_meta(v)]
    facts = len(verdicts) - len(typing)
    typed = (f"; and {len(typing):,} label and type triples: {sum(v.accepted for v in typing):,} accepted, "
             f"{sum(not v.accepted for v in typing):,} rejected" if typing else "")
    console.print(
        f"[bold]{facts:,}[/] {('fact' if facts == 1 else 'facts') if typing else 'candidates'} against the [bold]{domain}[/] domain: "
        f"[green]{accepted - sum(v.accepted for v in typing):,} accepted[/] ({lowered:,} with lowered confidence), "
        f"[red]{len(rejected) - sum(not v.accepted for v in typing):,} rejected[/]"
        + (f", [red]{unreadable:,} unreadable rows[/] (listed on stderr)" if unreadable else "") + typed,
        highlight=False,
    )
    from kg.records import NOT_CHECKED  # here: kg --help imports no rdflib

    said: Counter[str] = Counter(v.reference or NOT_CHECKED for v in verdicts if v.accepted and not _is_meta(v))  # of facts, as a run's
    if set(said) - {NOT_CHECKED}:
        console.print(reference_said(said), highlight=False)
    if read_as:  # accepted as a known figure: the one given is not the one stored ("8,000 m" as 8848.86)
        console.print(f"read as a known value ({len(read_as):,}): accepted as the value already known, not as given", highlight=False)
        for i, (shown, read, tolerance) in list(read_as.items())[:limit]:
            c = verdicts[i].candidate
            within = f" (within the relation's {float(tolerance) * 100:g} % tolerance)" if tolerance is not None else ""
            console.print(escape(f"  {_short(c.subject, prefixes)} {_short(c.predicate, prefixes)} {_short(shown, prefixes)} "
                                 f"read as {_short(read, prefixes)}{within}"), highlight=False, soft_wrap=True)
    if not rejected:
        return
    counts = Counter(r.check for v in rejected for r in v.reasons)
    console.print("by check: " + ", ".join(f"{k} {n:,}" for k, n in counts.most_common()), highlight=False)
    for v in rejected[:limit]:
        c = v.candidate
        triple = escape(" ".join(_short(t, prefixes) for t in (c.subject, c.predicate, c.object)))
        console.print(f"\n[red]✗[/] {triple}", highlight=False, soft_wrap=True)
        for r in v.reasons:
            where = f" [{_short(r.shape, prefixes)}]" if r.shape is not None else ""
            console.print(escape(f"    {r.check}: {r.message}{where}"), highlight=False, soft_wrap=True)
    if len(rejected) > limit:
        console.print(f"\n… and {len(rejected) - limit:,} more (use --format json for all)")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
