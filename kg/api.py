"""The Python entry point: :class:`KnowledgeGraph`.

>>> from kg.api import KnowledgeGraph
>>> with KnowledgeGraph.create("my-store") as kg:           # doctest: +SKIP
...     kg.load("examples/geography.ttl")
...     for row in kg.query("SELECT ?c WHERE { ?c a geo:Country }"):
...         print(row)

The CLI is a thin layer over this class. Later layers (validation, reasoning, students) add
methods that delegate to their modules; this class holds no logic of its own beyond wiring.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import URIRef

from kg.export import EXPORT_FORMATS, export_graph
from kg.records import Unreadable, Verdict
from kg.store import (
    GraphSelector,
    Progress,
    QueryResult,
    Stats,
    Store,
    WriteSummary,
    init_store,
    open_store,
)


class KnowledgeGraph:
    """A knowledge graph in a store (a directory, or a SPARQL endpoint URL)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, location: str | Path) -> "KnowledgeGraph":
        """Open an existing store."""
        return cls(open_store(location))

    @classmethod
    def create(cls, location: str | Path) -> "KnowledgeGraph":
        """Create a new, empty store."""
        return cls(init_store(location))

    @property
    def location(self) -> str:
        return self.store.location

    def query(self, sparql: str, *, graph: GraphSelector = None) -> QueryResult:
        """Run a SPARQL query. By default the query sees what the graph knows (``accepted``
        and ``inferred``); ``graph="all"`` gives the union of every graph, or name one graph
        (``accepted``, ``inferred``, ``rejected``, ``provenance``, ``ontology``). Named graphs
        are always reachable with ``GRAPH``."""
        return self.store.query(sparql, graph=graph)

    def add(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        graph: str = "accepted",
        source: str | None = "api",
    ) -> int:
        """Add triples directly (no checks), recording ``source`` as their provenance."""
        return self.store.add_triples(triples, graph=graph, source=source)

    def write(self, verdicts: Iterable[Verdict | Unreadable], *, run: URIRef | None = None) -> WriteSummary:
        """Write a batch of verdicts (accepted, rejected, unreadable) in one transaction."""
        return self.store.write(verdicts, run=run)

    def load(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        graph: str = "accepted",
        progress: Progress | None = None,
    ) -> int:
        """Load an RDF file (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD)."""
        return self.store.load(path, format=format, graph=graph, progress=progress)

    def stats(self) -> Stats:
        return self.store.stats()

    def export(
        self,
        path: str | Path,
        *,
        format: str,
        graph: str = "accepted",
        progress: Progress | None = None,
    ) -> int:
        """Export a graph to ``path`` in one of :data:`kg.export.EXPORT_FORMATS`; returns the
        number of triples written."""
        return export_graph(self.store, Path(path), format=format, graph=graph, progress=progress)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["KnowledgeGraph", "EXPORT_FORMATS"]
