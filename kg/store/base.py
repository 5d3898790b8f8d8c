"""The store interface every backend implements (:class:`Store`), its records and helpers,
and the RDF file formats it reads and writes."""

from __future__ import annotations

import contextlib
import itertools
import re

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.config import STORE_MARKER
from kg.errors import FormatError, QueryError, StoreError
from kg.namespaces import GRAPH, GRAPH_NAMES, KG, SOURCE
from kg.provenance import ACCEPTED, INFERRED, batch_nquads, parse_nquads, source_quads
from kg.records import Unreadable, Verdict
from kg.results import QueryResult, display_prefixes, html_table
from kg.store.formats import guess_format, read_quads
from kg.terms import to_ox

# A term of a match pattern: an rdflib term, or a pyoxigraph one as the store's quads hold them
# (an ``ox.Triple`` is a quoted triple, the subject or object of an RDF-star quad).
PatternTerm = Node | ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

MARKER = STORE_MARKER  # the file that makes a directory a store (kg.config reads it too)
BULK_THRESHOLD = 20_000
"""Files with more triples than this are loaded with the (non-transactional) bulk loader."""
STORE_FORMAT_VERSION = 1
JOURNAL = "journal"
"""The store directory's folder of batches journaled but not yet known to be loaded."""

Progress = Callable[[int], None]
"""A callback told how many more items were processed."""

GraphSelector = str | None
"""``None`` or ``"knowledge"``: accepted + inferred; ``"all"``: every graph; or one graph name."""


@dataclass(frozen=True)
class WriteSummary:
    accepted: int = 0
    rejected: int = 0
    quads_added: int = 0


@dataclass(frozen=True)
class Stats:
    """Counts of a store: triples per graph, and per predicate / per class over knowledge
    (accepted + inferred)."""

    graphs: dict[str, int]
    predicates: dict[str, int] = field(default_factory=dict)
    classes: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    prefixes: dict[str, str] | None = field(default=None, repr=False, compare=False)
    """The prefixes a notebook's view names IRIs by (``KnowledgeGraph.stats`` gives the
    store's); the project's without them."""

    def as_dict(self) -> dict[str, object]:
        return {
            "graphs": self.graphs,
            "entities": self.entities,
            "predicates": self.predicates,
            "classes": self.classes,
        }

    def _repr_html_(self) -> str:
        """A notebook's view: triples per graph, then the predicates and classes of what the
        graph knows, most used first, by prefixed name (:attr:`prefixes`)."""
        from kg.namespaces import prefixed_name

        prefixes = self.prefixes if self.prefixes is not None else display_prefixes(None)

        def ranked(counts: dict[str, int], short: bool) -> list[tuple[str, str]]:
            return [((prefixed_name(k, prefixes) or k) if short else k, f"{n:,}") for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]

        return (
            html_table(("graph", "triples"), ranked(self.graphs, False)) + f"<p>{self.entities:,} entities</p>"
            + html_table(("predicate", "triples"), ranked(self.predicates, True))
            + html_table(("class", "members"), ranked(self.classes, True))
        )

class Store(ABC):
    """The small interface every store backend implements."""

    location: str

    def write(
        self, verdicts: Iterable[Verdict | Unreadable], *, run: URIRef | None = None, language: str | None = None
    ) -> WriteSummary:
        """Write a batch of verdicts atomically (all or nothing): every backend writes the same
        quads (:func:`kg.provenance.batch_nquads`) through its ``add_nquads``; ``language``
        tags the labels (the domain's ``[domain] language``)."""
        items = list(verdicts)
        accepted = sum(1 for v in items if isinstance(v, Verdict) and v.accepted)
        batch = batch_nquads(items, run, self.has_label, language)
        self.add_nquads(batch.text)
        return WriteSummary(accepted, len(items) - accepted, batch.quads)

    def has_label(self, node: str) -> bool:
        """Whether the ``accepted`` graph gives the node (N-Triples: ``<iri>``) an ``rdfs:label``,
        so a batch does not write it a second one (:func:`kg.provenance.batch_nquads`). A store
        that would answer with a request per entity says False: a batch still writes one label
        per entity, and a later batch may add another."""
        return False

    def add_nquads(self, text: str, background: str = "") -> None:
        """Add N-Quads documents (as :mod:`kg.provenance` writes them) atomically, as one batch.
        ``background`` (quads of the ``provenance`` and ``rejected`` graphs only) may still be
        loading when this returns, where the backend can do that; reads of those graphs wait for
        it, as does :meth:`wait`."""
        if (text + background).strip():
            self.add_quads(parse_nquads(text + background))

    def wait(self) -> None:  # noqa: B027 - a no-op unless a backend writes in the background
        """Wait for a batch's background part (:meth:`add_nquads`) to be written."""

    @abstractmethod
    def add_quads(self, quads: Iterable[ox.Quad], *, bulk: bool = False) -> int:
        """Add quads in one transaction; returns how many were given. ``bulk=True`` allows a
        faster, non-transactional path for large imports (a rerun completes an interrupted one:
        writes are idempotent)."""

    @abstractmethod
    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove quads in one transaction."""

    @abstractmethod
    def query(self, sparql: str, *, graph: GraphSelector = None) -> QueryResult:
        """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the chosen graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    def match(
        self,
        subject: PatternTerm | None = None,
        predicate: PatternTerm | None = None,
        object: PatternTerm | None = None,
        *,
        graph: str = "accepted",
    ) -> Iterator[ox.Quad]:
        """Quads matching a pattern (``None`` matches anything) in one graph, or in each graph of
        a selector as ``kg export --graph`` takes it: ``knowledge`` (accepted and inferred) or
        ``all`` (every graph of ours); an exporter is handed the selector."""
        names = GRAPH_NAMES if graph == "all" else ("accepted", "inferred") if graph == "knowledge" else (graph,)
        return itertools.chain(*[self._match(subject, predicate, object, graph=name) for name in names])

    @abstractmethod
    def _match(
        self,
        subject: PatternTerm | None,
        predicate: PatternTerm | None,
        object: PatternTerm | None,
        *,
        graph: str,
    ) -> Iterator[ox.Quad]:
        """Quads of one graph matching a pattern (``None`` matches anything)."""

    @abstractmethod
    def clear_graph(self, name: str) -> None:
        """Remove every triple of one named graph."""

    @abstractmethod
    def close(self) -> None:
        """Flush and release the store."""

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the whole store in the directory ``target``, itself a store."""
        raise StoreError(
            f"{self.location} is not a store directory here: back a served store up where it runs "
            "(kg serve --backup-dir DIR, then POST /backup with the token), or export it (kg export -g all -f nquads)"
        )

    def flush(self) -> None:
        """Make what was written durable now (default: every write already is)."""
        return None

    # -- shared behaviour built on the primitives --------------------------------------------

    def stats(self) -> Stats:
        graphs = {name: 0 for name in GRAPH_NAMES}
        for row in self.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", graph="all"
        ):
            iri, n = row[0].value, int(row[1].value)
            short = iri[len(str(GRAPH)) :] if iri.startswith(str(GRAPH)) else iri
            graphs[short] = n
        predicates = {
            row[0].value: int(row[1].value)
            for row in self.query(
                "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"
            )
        }
        classes = {
            row[0].value: int(row[1].value)
            for row in self.query(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)"
            )
        }
        entities = next(
            iter(self.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"))
        )[0]
        return Stats(graphs, predicates, classes, int(entities.value))

    def add_triples(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        graph: str = "accepted",
        source: str | None = None,
        batch_size: int = 10_000,
        bulk: bool = False,
        progress: Progress | None = None,
        restored: bool = False,
    ) -> int:
        """Add triples (rdflib or pyoxigraph terms) to a graph, in transactions of
        ``batch_size`` (or through the bulk loader with ``bulk=True``); with ``source``, each
        gets a provenance statement pointing at it. A 4-tuple's fourth term (a pyoxigraph graph
        name) is the graph of that one triple. ``restored``: the triples restore a store with its
        provenance (kg's own export, ``kg export -g all``), so a quad (a 4-tuple) is explained by
        the provenance restored with it, and gets none naming ``source``: the dump is no new
        source of the facts (``kg retract RUN`` still withdraws what only that run found)."""
        g = ox.NamedNode(str(GRAPH[graph]))
        source_node, about_source = _source(source)
        batch: list[ox.Quad] = []
        total = 0
        pending = 0
        for t in triples:
            s, p, o = _ox(t[0]), _ox(t[1]), _ox(t[2])
            target = t[3] if len(t) > 3 else g
            batch.append(ox.Quad(s, p, o, target))
            if source_node is not None and _sourced(t, target, restored):
                batch.extend(about_source)  # the file is described once, where it is a source
                about_source = []
                batch.extend(source_quads(s, p, o, source_node))
            total += 1
            pending += 1
            if pending >= batch_size:
                self.add_quads(batch, bulk=bulk)
                if progress:
                    progress(pending)
                batch, pending = [], 0
        if batch:
            self.add_quads(batch, bulk=bulk)
            if progress:
                progress(pending)
        return total

    def load(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        graph: str = "accepted",
        progress: Progress | None = None,
        into_own_graphs: bool = False,
    ) -> int:
        """Parse an RDF file and add its triples to ``graph`` with provenance ``source=file``.

        A quad of an N-Quads/TriG file (or a named graph of JSON-LD) keeps its graph; only
        triples of the default graph go to ``graph``. Quads naming one of the store's own graphs
        (``graph:accepted``, ``rejected``, ``provenance``, ...: what runs write, with their
        bookkeeping) are refused, the whole file with them, unless ``into_own_graphs``. A file's
        blank nodes are its own (``_:b`` of two files are two nodes), except in a restore
        (``into_own_graphs``), which keeps their labels.

        The whole file is read once to check it before anything is written, so a malformed file
        adds nothing, and once more as it is written, never held whole: memory does not grow with
        the file (the embedded store hands the bulk loader ``JOURNAL_CHUNK`` quads at a time).
        Files up to ``BULK_THRESHOLD`` triples are written in one transaction; larger ones go through the bulk loader (on the embedded store as one
        journaled write: atomic too; on a remote store in requests of many quads: rerun an
        interrupted load, it is idempotent). A compressed file (``.gz``, ``.bz2``, ``.xz``) is
        read as it streams.
        """
        path = Path(path)
        if not path.is_file():
            raise FormatError(f"no such file: {str(path)!r}")
        name = guess_format(path, format)
        own: dict[str, int] = {}
        total = 0
        for t in _file_triples(path, name):
            total += 1
            if len(t) > 3 and isinstance(t[3], ox.NamedNode) and t[3].value.startswith(_OWN_GRAPHS):
                own[t[3].value] = own.get(t[3].value, 0) + 1
        if own and not into_own_graphs:
            names = ", ".join(f"graph:{iri[len(_OWN_GRAPHS):]}" for iri in sorted(own))
            raise FormatError(
                f"{path}: {sum(own.values()):,} quads name the store's own graphs ({names}), which kg "
                "runs write with their provenance; nothing loaded. Pass --into-own-graphs to load them "
                "there anyway, or rename those graphs in the file"
            )
        bulk = total > BULK_THRESHOLD
        source = path.resolve().as_uri()
        try:
            return self.add_triples(
                # blank nodes scoped by the file: two files' are apart, the same file loaded again
                # the same; a restore (into_own_graphs: kg's own export) keeps them, as its
                # provenance statements name the facts' nodes by them
                _file_triples(path, name, scope="" if into_own_graphs else _source_key(source)[:12]),
                graph=graph,
                source=source,
                batch_size=200_000 if bulk else max(total, 1),
                bulk=bulk,
                progress=progress,
                # a restore that brings its provenance: the file is no new source of the facts it explains
                restored=into_own_graphs and str(GRAPH.provenance) in own,
            )
        except FormatError as exc:  # the file changed since it was checked: nothing written
            raise FormatError(f"{path}: changed while it was loaded, nothing loaded: {exc}") from None

    def triples(self, graph: str = "accepted") -> Iterator[ox.Quad]:
        return self.match(graph=graph)

    def holds(self, subject: str, predicate: str, object: str, graphs: Iterable[str] = ("accepted",)) -> bool:
        """Whether one of ``graphs`` holds the triple of three IRIs (a blank node's label is local
        to one document, so a ``_:`` subject or object is never held)."""
        if subject.startswith("_:") or object.startswith("_:"):
            return False
        s, p, o = URIRef(subject), URIRef(predicate), URIRef(object)
        return any(next(iter(self.match(s, p, o, graph=g)), None) is not None for g in graphs)

    def label_keys(self, graph: GraphSelector = "all") -> dict[str, URIRef]:
        """Each ``rdfs:label``'s key as entity resolution normalises names
        (:func:`kg.iri.normalize_label`: NFKC, case-folded, Latin accents dropped) -> the least
        IRI with that label: a name found as the pipeline would find it ("Düsseldorf" typed in NFC
        for a label loaded in NFD, "istanbul" for "İstanbul"). One scan of the labels."""
        from kg.iri import normalize_label

        keys: dict[str, str] = {}
        for row in self.query("SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(isIRI(?x)) }", graph=graph).bindings():
            key, iri = normalize_label(str(row["l"])), str(row["x"])
            if key and (key not in keys or iri < keys[key]):
                keys[key] = iri
        return {key: URIRef(iri) for key, iri in keys.items()}

    def is_empty(self, *graphs: str) -> bool:
        """Whether the named graphs hold no triple (one lookup each, not a count)."""
        return all(next(iter(self.match(graph=g)), None) is None for g in graphs)

    def count(self, graph: str = "accepted") -> int:
        row = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph=_graph_name(graph))))
        return int(row[0].value)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
            return
        # an error is on its way out: closing must not replace it (a full disk failed the write
        # with a clear "nothing written", then the flush at close raised a bare OSError over it)
        with contextlib.suppress(OSError, StoreError):
            self.close()


_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


_OWN_GRAPHS = str(GRAPH)
"""The store's own graphs (``graph:accepted`` ...) share this prefix; ``kg load`` keeps out of them."""


_BOOKKEEPING = frozenset(ox.NamedNode(str(GRAPH[name])) for name in ("provenance", "rejected", "inferred", "rules"))
"""The store's graphs that carry their own records (a restore brings those along): a quad
loaded into one gets no provenance statement naming the file."""


def keep_apart(quads: list[ox.Quad], accepted: Callable[[ox.Quad], bool]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """A write's quads as it must go in to keep a triple of ``graph:accepted`` out of
    ``graph:inferred`` (derived data: an asserted fact is not also inferred), whatever other
    writers did since the writer read the store: ``(the quads to add, the ``inferred`` quads to
    remove)``. A quad of ``inferred`` is left out where ``accepted`` holds its triple (``accepted``
    says whether the store does, given a quad of ``accepted``) or the write adds it there; each
    triple the write adds to ``accepted`` is removed from ``inferred``. The caller evaluates
    ``accepted`` and writes in one step (a store's transaction, or under its one writer's lock)."""
    asserted = {(q.subject, q.predicate, q.object) for q in quads if q.graph_name == ACCEPTED}
    if not asserted and all(q.graph_name != INFERRED for q in quads):
        return quads, []
    add = [
        q for q in quads
        if q.graph_name != INFERRED
        or ((q.subject, q.predicate, q.object) not in asserted and not accepted(ox.Quad(q.subject, q.predicate, q.object, ACCEPTED)))
    ]
    return add, [ox.Quad(s, p, o, INFERRED) for s, p, o in asserted]


def _sourced(triple: tuple[object, ...], target: Any, restored: bool) -> bool:
    """Whether a loaded quad gets a provenance statement naming its file. Provenance describes
    facts: a quad of the store's bookkeeping (a backup's provenance, rejected candidates,
    inferences, restored) gets none of its own (a restored demo store's provenance graph grew from
    101,147 quads to 561,651 with it), nor, in a restore that brings its provenance, a quad of a
    named graph (what ``kg export -g all`` writes): the provenance restored with it explains it
    (the dump named as one more source of every fact kept ``kg retract RUN`` from withdrawing
    any). A default-graph triple of such a file is new: the file is its source."""
    return target not in _BOOKKEEPING and not (restored and len(triple) > 3)


def _file_triples(path: Path, name: str, scope: str = "") -> Iterator[tuple[Any, ...]]:
    """An RDF file's triples as it streams: ``(s, p, o)`` of the default graph, ``(s, p, o, g)``
    of a named one. With ``scope``, its blank nodes are the file's own: ``_:b`` becomes
    ``_:b_SCOPE`` (a blank node's label names it within one file only: two files' ``_:b`` were
    merged into one node)."""
    renamed: dict[str, ox.BlankNode] = {}

    def own(term: Any) -> Any:
        if scope and isinstance(term, ox.BlankNode):
            node = renamed.get(term.value)
            if node is None:
                node = renamed[term.value] = ox.BlankNode(f"{term.value}_{scope}")
            return node
        return term

    for q in read_quads(path, name):
        g = q.graph_name
        s, o = own(q.subject), own(q.object)
        yield (s, q.predicate, o) if isinstance(g, ox.DefaultGraph) else (s, q.predicate, o, own(g))


def _source(source: str | None) -> tuple[ox.NamedNode | None, list[ox.Quad]]:
    """The node of a loaded file and the provenance quads that describe it (none without one)."""
    if source is None:
        return None, []
    node = ox.NamedNode(str(SOURCE) + _source_key(source))
    pg = ox.NamedNode(str(GRAPH.provenance))
    return node, [
        ox.Quad(node, ox.NamedNode(str(_RDF_TYPE)), ox.NamedNode(str(KG.Source)), pg),
        ox.Quad(node, ox.NamedNode(str(KG.path)), ox.Literal(source), pg),
    ]


def _source_key(source: str) -> str:
    import hashlib

    return hashlib.sha1(source.encode("utf-8")).hexdigest()


def _ox(term: object) -> Any:
    """A pyoxigraph term as it is, or an rdflib one converted (typed ``Any``: which position
    a term may take is pyoxigraph's to check)."""
    return term if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)) else to_ox(term)  # type: ignore[arg-type]


def sparql_error(exc: Exception, limit: int = 160) -> str:
    """A parser message short enough for one line (Oxigraph lists every expected token)."""
    text = " ".join(str(exc).split())
    text = text.split(": expected one of Prefix not found", 1)[0] + ": unknown prefix" if "expected one of Prefix not found" in text else text
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


_UPDATE = re.compile(
    r"(?:\s|#[^\n]*)*(?:(?:PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)(?:\s|#[^\n]*)*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def update_error(sparql: str) -> QueryError | None:
    """The error for a SPARQL update given as a query (the parser said "expected CONSTRUCT"),
    else None."""
    m = _UPDATE.match(sparql)
    if m is None:
        return None
    return QueryError(
        f"{m.group(1).upper()} starts a SPARQL update, not a query (SELECT, ASK, CONSTRUCT, DESCRIBE): "
        "write triples with KnowledgeGraph.add() or load(), run an update with KnowledgeGraph.store.update(), "
        "or send it to a `kg serve --allow-update` endpoint's /update"
    )


def _graph_name(name: str) -> str:
    if name not in GRAPH_NAMES:
        raise QueryError(f"unknown graph {name!r}; use one of {', '.join(GRAPH_NAMES)}, knowledge or all")
    return name
