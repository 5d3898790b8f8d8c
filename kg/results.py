"""Query results: :class:`QueryResult`, re-iterable, with typed values and DataFrames.

>>> result = kg.query("SELECT ?c ?pop WHERE { ?c kgeo:population ?pop }")   # doctest: +SKIP
>>> for c, pop in result: ...            # pyoxigraph terms, as fast as the store gives them
>>> result.records()                     # [{'c': 'https://...', 'pop': 2148000}, ...]
>>> result.to_pandas()                   # a DataFrame, numbers as numbers (needs pandas)

Rows are read from the store once, on first use, and kept: a result can be iterated again,
serialised after being iterated, or turned into a DataFrame after a loop (a result of more than
:data:`KEEP_ROWS` rows is run again instead, so a long one still streams in constant memory: a
second iteration sees what was written since, and after the store is closed it is a
:class:`~kg.errors.StoreError` saying so). Typed values follow
the literal's XSD datatype (:func:`python_value`): integers as ``int``, ``xsd:decimal`` as
``Decimal``, ``xsd:double``/``xsd:float`` as ``float``, booleans, dates and date-times; IRIs
as strings; a literal whose text does not fit its datatype stays text.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import datetime as dt
import importlib
import itertools
import json
import threading
import weakref
from decimal import Decimal, InvalidOperation
from typing import IO, Any, Callable, Generator, Iterable, Iterator, Sequence, cast
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib.term import Node

from kg.errors import FormatError, KGError, QueryError, StoreError
from kg.terms import from_ox

__all__ = ["QueryResult", "python_value", "term_json", "KEEP_ROWS"]

_END = object()


class _Home:
    """One thread's share of the query results it made. pyoxigraph's row iterators may be used
    and dropped only in the thread that made them: an iterator of a result another thread drops
    is parked here, and dropped by its own thread when it next makes a result, or as it ends."""

    def __init__(self) -> None:
        self.parked: list[Any] = []
        self.results: "weakref.WeakSet[QueryResult]" = weakref.WeakSet()  # its results not read whole
        self.alive = True


class _Ending:
    """Held only by its thread's local storage, so dropped by that thread as it ends (before the
    OS may give its id to a new thread): the thread drops what is parked for it and the iterators
    of its results still alive (another thread runs their query again for itself)."""

    def __init__(self, home: _Home) -> None:
        self.home = home

    def __del__(self) -> None:
        home = self.home
        home.alive = False
        home.parked.clear()
        for result in list(home.results):
            if result._home is home:  # not one another thread has since read again for itself
                result._let_go()
        _HOMES.discard(home)


_LOCAL = threading.local()
_HOMES: "weakref.WeakSet[_Home]" = weakref.WeakSet()
"""The homes of the threads alive, for the exit (below)."""


def _here() -> _Home:
    """This thread's :class:`_Home`."""
    home: _Home | None = getattr(_LOCAL, "home", None)
    if home is None:
        home = _LOCAL.home = _Home()
        _LOCAL.ending = _Ending(home)
        _HOMES.add(home)
    return home


@atexit.register
def _keep_orphans() -> None:
    # at exit, what is parked (and what results dropped later, as modules are torn down, park)
    # would be dropped outside its thread, a RuntimeError printed for each: one extra
    # reference keeps each parked list alive until the process ends
    for home in list(_HOMES):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(home.parked))

KEEP_ROWS = 100_000
"""Rows a result keeps for iterating again. A longer result from a store that can run the query
again (the embedded store) keeps none: iterating it again runs the query again, on the store as
it is then (writes made since show), and needs the store open."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte",
    )
}


def _boolean(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(text)


def _date(text: str) -> dt.date:
    # xsd:date may carry a time zone ("2024-05-01Z", "2024-05-01+02:00"), which a date cannot hold
    return dt.date.fromisoformat(text[:10]) if len(text) > 10 else dt.date.fromisoformat(text)


_PARSERS: dict[str, Callable[[str], Any]] = {
    **{iri: int for iri in _INTEGERS},
    _XSD + "decimal": Decimal,
    _XSD + "double": float,
    _XSD + "float": float,
    _XSD + "boolean": _boolean,
    _XSD + "date": _date,
    _XSD + "dateTime": dt.datetime.fromisoformat,
    _XSD + "dateTimeStamp": dt.datetime.fromisoformat,
}


def python_value(term: object) -> Any:
    """A pyoxigraph term as a plain Python value: an IRI as its string, a blank node as
    ``_:id``, a literal by its datatype (see the module docstring), ``None`` as ``None``."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        parse = _PARSERS.get(term.datatype.value)
        if parse is not None:
            try:
                return parse(term.value.strip())
            except (ValueError, InvalidOperation):
                return term.value
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _optional(module: str, method: str, hint: str) -> Any:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise KGError(f"{method} needs {module}, which is not installed; {hint}") from None


HTML_ROWS = 20
"""Rows a notebook shows of a result (:meth:`QueryResult._repr_html_`)."""


def _failing_as_query_errors(rows: Iterator[Any]) -> Iterator[Any]:
    """``rows``, with a failure of the query as it is evaluated (pyoxigraph evaluates lazily: an
    unknown function's RuntimeError, an unreachable SERVICE's ConnectionRefusedError) raised as
    a :class:`QueryError`."""
    try:
        yield from rows
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


def _source(rows: Iterable[Any]) -> Generator[Any, None, None]:
    """``rows``, held only by this generator, so that closing it drops the store's iterator."""
    yield from rows


def _ended(result: "weakref.ref[QueryResult]") -> Iterator[Any]:
    """Marks a result whole when its rows run out (by weak reference: a cycle through the
    result kept it, and the store its rows read, open until a garbage collection)."""
    found = result()
    if found is not None:
        found._whole = True
        if found.kind != "ask":
            found._raw = None  # dropped here, in its own thread
    return
    yield


class QueryResult:
    """The result of a SPARQL query: rows (SELECT), a boolean (ASK) or triples
    (CONSTRUCT/DESCRIBE).

    Iterating gives rows of pyoxigraph terms (a SELECT row is indexable by position or name
    and unpacks; a CONSTRUCT row is ``(subject, predicate, object)``), as often as wanted.
    :meth:`records` and :meth:`to_pandas` / :meth:`to_polars` give typed Python values,
    :meth:`bindings` rdflib terms, :meth:`serialize` a standard format."""

    SELECT_FORMATS = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }

    def __init__(self, raw: object, *, rerun: Callable[[], "QueryResult"] | None = None) -> None:
        _here().parked.clear()  # iterators of this thread's results other threads dropped
        self._raw = raw
        self._rerun = rerun
        self._started = False  # whether rows have been read from the store
        if isinstance(raw, ox.QuerySolutions):
            self.kind: TypingLiteral["select", "ask", "graph"] = "select"
            self.variables: list[str] = [v.value for v in raw.variables]
        elif isinstance(raw, ox.QueryBoolean):
            self.kind = "ask"
            self.variables = []
        else:
            self.kind = "graph"
            self.variables = ["subject", "predicate", "object"]
        self._keep(raw if self.kind != "ask" else ())

    def _keep(self, rows: Any) -> None:
        # A tee that is never advanced keeps every row any of its copies has read (in C: the
        # first pass costs little more than iterating pyoxigraph's own iterator). pyoxigraph's
        # row iterator must be advanced (and dropped) only in the thread that made it: reading a
        # result in another thread aborted the process (a Rust panic). So the thread is noted,
        # and once the rows are all read (_whole, set at their end, in that thread) the result
        # is plain Python objects any thread may read.
        self._home = _here()
        self._home.results.add(self)
        self._whole = False
        self._bound = isinstance(rows, (ox.QuerySolutions, ox.QueryTriples))  # not a list, which any thread reads
        self._source = _source(rows)  # closed by its thread as it ends, dropping the store's iterator
        self._rows: Any = itertools.tee(itertools.chain(self._source, _ended(weakref.ref(self))), 1)[0]

    def _elsewhere(self) -> Iterator[Any] | None:
        """The rows for a thread other than the result's own, while its rows are not all read:
        the query run again in that thread (the embedded store), never the result's own
        iterator; None in its own thread, or once whole."""
        if self._whole or self._at_home():
            return None
        if self._rerun is None:
            raise QueryError(
                "this query result was made in another thread and is not read whole yet; read it "
                "in the thread that ran the query (list(result) there makes it readable anywhere)"
            )
        return self._again("it was made in another thread and not read whole")._each()

    def _again(self, why: str) -> "QueryResult":
        """The query run again for rows not kept (``why``); a closed store says why it is needed."""
        assert self._rerun is not None
        try:
            return self._rerun()
        except StoreError as exc:
            raise StoreError(
                f"this query result's rows were not kept ({why}), so reading it again runs the query "
                f"again, which needs the store open: {exc}"
            ) from None

    def _at_home(self) -> bool:
        """Whether this is the thread that made the result (a thread id the OS gave again to a
        new thread is not)."""
        return self._home is _here()

    def _let_go(self) -> None:
        """Drop the store's row iterator, in the result's own thread as it ends: from then on,
        any thread reads the result by running the query again."""
        if not self._whole:
            self._source.close()  # iterations still held elsewhere find the rows not whole: they move
            self._rows = None
            if self.kind != "ask":
                self._raw = None

    def __del__(self) -> None:
        # dropped in another thread before its rows were all read: pyoxigraph's iterator is
        # parked for its own thread to drop (dropping it here printed a RuntimeError); a thread
        # that ended dropped its results' iterators itself
        home = getattr(self, "_home", None)
        if home is not None and home.alive and not self._whole and home is not getattr(_LOCAL, "home", None):
            with contextlib.suppress(Exception):  # at exit, the module may be half torn down
                home.parked.append((self._raw, self._rows))

    @property
    def boolean(self) -> bool:
        if self.kind != "ask":
            raise QueryError("only an ASK query has a boolean result")
        return bool(self._raw)

    def __bool__(self) -> bool:  # ASK results read naturally: ``if kg.query("ASK ..."):``
        return bool(self._raw) if self.kind == "ask" else True

    def _each(self) -> Iterator[Any]:
        """Every row, reading from the store only past what earlier iterations kept."""
        self._started = True
        elsewhere = self._elsewhere()
        if elsewhere is not None:
            return elsewhere
        if self._rows is None:  # too many to keep: run the query again
            self._keep(self._again(f"it has more than {KEEP_ROWS:,} rows")._raw)
        rows: Iterator[Any] = self._rows.__copy__()
        if self._rerun is not None:
            rows = itertools.chain.from_iterable(self._parts(rows))
        if self._bound:
            rows = self._step_by_step(rows)
        return _failing_as_query_errors(rows)

    def _step_by_step(self, rows: Iterator[Any]) -> Iterator[Any]:
        """``rows``, which any thread may advance, one step in one thread and the next in
        another (a thread pool serving a streamed response): pyoxigraph's row iterator may be
        advanced only in the thread that made it (a step in another aborted the process), so
        once another thread steps before the rows are all read, the rest come from
        :meth:`_moved`."""
        home: _Home | None = self._home
        read = 0
        while True:
            if home is not None and home is not getattr(_LOCAL, "home", None) and not self._whole:
                if home.alive:  # dropped by its own thread, as results other threads drop are; a
                    home.parked.append(rows)  # thread that ended closed its results' sources
                rows, home = self._moved(read), None
            row = next(rows, _END)
            if row is _END:
                return
            read += 1
            yield row

    def _moved(self, skip: int) -> Iterator[Any]:
        """The rows past the first ``skip``, for an iteration another thread goes on with: the
        query run again in the thread that steps, :data:`KEEP_ROWS` rows at a time read there
        whole, so no store iterator is used in two threads (a write made meanwhile may shift the
        rows); a result that cannot be run again is a QueryError."""
        if self._rerun is None:
            raise QueryError(
                "this query result is read on in a thread other than the one that ran the query, "
                "before it was read whole; read it in that thread (list(result) there makes it "
                "readable anywhere)"
            )
        while True:
            fresh = self._again("it is read on in another thread")
            chunk = list(itertools.islice(fresh._each(), skip, skip + KEEP_ROWS))
            del fresh  # with its iterator, in the thread that made it
            yield from chunk
            if len(chunk) < KEEP_ROWS:
                return
            skip += KEEP_ROWS

    def _parts(self, rows: Iterator[Any]) -> Iterator[Iterable[Any]]:
        # the first KEEP_ROWS rows, then (if there are more) the rest, iterated by chain in C;
        # past the cap, stop keeping rows, so a long result streams in constant memory as before
        # (what was kept is freed as the iterators advance)
        yield itertools.islice(rows, KEEP_ROWS)
        more = next(rows, _END)
        if more is not _END:
            self._rows = None
            yield (more,)
            yield rows

    def _all(self) -> list[Any]:
        return list(self._each())

    def __iter__(self) -> Iterator[Any]:
        if self.kind == "ask":
            return iter([(self.boolean,)])
        if self.kind == "select":
            # pyoxigraph's QuerySolution is already a row: indexable by position or name,
            # unpackable; converting each to a tuple would cost more than the lookup itself
            return self._each()
        return ((t.subject, t.predicate, t.object) for t in self._each())

    def __len__(self) -> int:
        """The number of rows (1 for ASK), counted without holding them (a result too long to
        keep is read through)."""
        return 1 if self.kind == "ask" else sum(1 for _ in self._each())

    def bindings(self) -> list[dict[str, Node]]:
        """SELECT rows as dicts of rdflib terms (unbound variables left out)."""
        if self.kind != "select":
            raise QueryError("only a SELECT query has bindings")
        return [
            {name: from_ox(value) for name, value in zip(self.variables, solution) if value is not None}
            for solution in self._all()
        ]

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """CONSTRUCT/DESCRIBE triples as rdflib terms."""
        if self.kind != "graph":
            raise QueryError("only a CONSTRUCT or DESCRIBE query has triples")
        for t in self._each():
            yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of typed Python values (:func:`python_value`), every variable present
        (``None`` where unbound); CONSTRUCT rows as ``subject``/``predicate``/``object``."""
        if self.kind == "ask":
            raise QueryError("an ASK result is a boolean, not a table; use .boolean")
        names = self.variables
        return [dict(zip(names, map(python_value, row))) for row in self]

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``, one column per variable: whole numbers as
        ``Int64``, other numbers as ``float64``, booleans as ``boolean``, date-times as
        ``datetime64``; IRIs and text as strings (needs pandas: the ``[dataframe]`` extra)."""
        pd = _optional("pandas", "to_pandas()", "pip install 'kg-distill[dataframe]' (or pandas)")
        records = self.records()
        columns = {name: [r[name] for r in records] for name in self.variables}
        frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})
        for name, values in columns.items():
            dtype = _column_dtype(values)
            if dtype is not None:
                frame[name] = frame[name].astype(dtype)
        return frame

    def to_polars(self) -> Any:
        """The rows as a ``polars.DataFrame`` (needs polars: ``pip install polars``)."""
        pl = _optional("polars", "to_polars()", "pip install polars")
        records = self.records()
        data = {name: [_plain_number(r[name]) for r in records] for name in self.variables}
        return pl.DataFrame(data, strict=False)

    def serialize(self, format: str) -> bytes:
        """Serialise to ``json|xml|csv|tsv`` (SELECT/ASK) or an RDF format (CONSTRUCT/DESCRIBE)."""
        if self.kind == "graph":
            from kg.store.formats import RDF_FORMATS, guess_format

            name = guess_format("", format)
            written = ox.serialize(self._all(), format=RDF_FORMATS[name])
            assert written is not None  # without an output, pyoxigraph returns the bytes
            return written
        if format not in self.SELECT_FORMATS:
            raise FormatError(
                f"a {self.kind.upper()} result cannot be written as {format!r}; use json, xml, csv or tsv"
            )
        target = self.SELECT_FORMATS[format]
        if self.kind == "ask":
            boolean: Any = self._raw
            return cast(bytes, boolean.serialize(format=target))
        if not self._started and self._at_home():
            # untouched: pyoxigraph writes it (the fast path), and what it wrote is read back if
            # the rows are wanted later (CSV goes through JSON: CSV loses datatypes)
            results_format = target if format != "csv" else ox.QueryResultsFormat.JSON
            raw: Any = self._raw
            data = cast(bytes, raw.serialize(format=results_format))
            self._keep(ox.parse_query_results(data, format=results_format))
            self._started = True  # its own rows are read: a second serialize reads what was kept
            if format != "csv":
                return data
        else:
            data = _json_results(self.variables, self._all())
        out = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=target)
        assert out is not None  # without an output, pyoxigraph returns the bytes
        return out

    def write(self, output: IO[bytes], format: str) -> None:
        """:meth:`serialize` into a binary file, streamed: rows go from the store to ``output``
        as they are read, so a long result is written in constant memory (``serialize`` builds
        it whole: a 6M-row CSV took 3.3 GB). The result can still be iterated afterwards (the
        query runs again where the store allows it)."""
        if self.kind == "graph":
            from kg.store.formats import RDF_FORMATS, guess_format

            ox.serialize(self._each(), output, format=RDF_FORMATS[guess_format("", format)])
            return
        if (self.kind == "select" and not self._started and self._rerun is not None and format in self.SELECT_FORMATS
                and self._at_home()):
            raw: Any = self._raw
            self._started = True
            raw.serialize(output, format=self.SELECT_FORMATS[format])
            self._rows = None  # read by pyoxigraph, not kept: a later iteration runs it again
            return
        output.write(self.serialize(format))

    def __reduce__(self) -> tuple[Callable[..., "QueryResult"], tuple[Any, ...]]:
        """Pickled (and deep-copied) as its rows: SELECT and ASK results as SPARQL JSON results,
        CONSTRUCT results as their triples; the copy is read without the store."""
        if self.kind == "graph":
            return _unpickled_graph, (self._all(),)
        return _unpickled, (self.serialize("json"),)

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<QueryResult ASK {self.boolean}>"
        # rows counted only once read: repr() of a 717k-row result read it whole (6 s, +490 MB),
        # and logging a result with %r does that
        rows = f"{len(self)} rows" if self._whole else "rows not read yet"
        return f"<QueryResult {self.kind.upper()} {rows}: {', '.join(self.variables)}>"

    prefix_source: Callable[[], dict[str, str]] | None = None
    """Where a notebook's view reads the prefixes it writes IRIs with, when it is drawn
    (``KnowledgeGraph.query`` gives the store's); the project's without one."""

    def _repr_html_(self) -> str:
        """A notebook's view: the first rows as a table, IRIs as prefixed names, literals as
        their text; how many rows there are in all."""
        from kg.namespaces import prefixed_name

        if self.kind == "ask":
            return f"<p>ASK: <b>{str(self.boolean).lower()}</b></p>"
        prefixes = display_prefixes(self.prefix_source)

        def cell(term: Any) -> str:
            if term is None:
                return ""
            if isinstance(term, ox.NamedNode):
                return prefixed_name(term.value, prefixes) or f"<{term.value}>"
            return term.value if isinstance(term, ox.Literal) else str(term)

        shown = [[cell(t) for t in row] for row in itertools.islice(iter(self), HTML_ROWS)]
        total = len(self)
        more = f"{len(shown):,} of {total:,} rows shown" if total > len(shown) else f"{total:,} row{'' if total == 1 else 's'}"
        return html_table(self.variables, shown) + f"<p>{more}</p>"


def _unpickled(data: bytes) -> QueryResult:
    return QueryResult(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))


def _unpickled_graph(triples: list[Any]) -> QueryResult:
    return QueryResult(triples)


def display_prefixes(source: Callable[[], dict[str, str]] | None) -> dict[str, str]:
    """The prefixes a notebook's view names IRIs by: ``source``'s (a store's), else, or when a
    domain folder the store records cannot be read, the project's."""
    from kg.namespaces import PREFIXES

    try:
        return source() if source is not None else PREFIXES
    except KGError:
        return PREFIXES


def html_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An HTML table of ``rows`` under ``headers``, every cell's text escaped."""
    import html

    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

def _column_dtype(values: list[Any]) -> str | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Int64" if all(-(2**63) <= v < 2**63 for v in present) else None
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
        return "float64"
    if all(isinstance(v, dt.datetime) for v in present):
        return "datetime64[us]" if all(v.tzinfo is None for v in present) else None
    if all(isinstance(v, str) for v in present):
        return "string"
    return None


def _plain_number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def term_json(term: Any) -> dict[str, Any]:
    """A pyoxigraph term as a SPARQL 1.1 JSON results binding (``kg serve`` writes them too); an
    RDF 1.2 directional literal (``"a"@ar--rtl``) carries its base direction as ``"its:dir"``,
    as SPARQL 1.2's JSON results (and pyoxigraph's writer and reader) have it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = term.direction.value
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {k: term_json(getattr(term, k)) for k in ("subject", "predicate", "object")},
        }
    raise TypeError(f"not a pyoxigraph term: {term!r}")


def _json_results(variables: list[str], rows: list[Any]) -> bytes:
    """SPARQL 1.1 JSON results of rows already read (what pyoxigraph writes, from a list)."""
    bindings = [
        {name: term_json(value) for name, value in zip(variables, row) if value is not None} for row in rows
    ]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode("utf-8")
