"""The Python entry point: :class:`KnowledgeGraph`.

>>> from kg.api import KnowledgeGraph
>>> with KnowledgeGraph.create("my-store") as kg:           # doctest: +SKIP
...     kg.load("examples/geography.ttl")
...     for row in kg.query("SELECT ?c WHERE { ?c a kgeo:Country }"):
...         print(row)

The CLI's store commands are a thin layer over this class. Later layers (validation, reasoning,
students) add methods that delegate to their modules; this class holds no logic of its own beyond
wiring. Training and evaluating the students and the critic (``kg train``, ``kg eval``) are not
methods here: call their modules (docs/generator.md, docs/linkpred.md, docs/rules.md), whose
readers take this class or its ``.store`` (``read_store(kg)``, ``examples_from_store(kg)``).
Those modules are imported inside the methods (``why``, ``infer``, ``check``, ``ingest``,
``predict_links``, ``generate``), so the class works in an install that lacks one of them and
says which module is missing when such a method is called.

Exploring: :meth:`KnowledgeGraph.neighbors` lists the facts around an entity (by label or
IRI), :meth:`KnowledgeGraph.paths` the chains of facts joining two entities (networkx over
accepted + inferred). See docs/serving.md for a tour.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator, Literal as TypingLiteral, Sequence, TypeVar, cast

import pyoxigraph as ox
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.config import DistillConfig
from kg.errors import ConfigError, KGError, QueryError, StudentError, TeacherError, UnknownNameError
from kg.iri import local_name
from kg.progress import stage_bars
from kg.export import EXPORT_FORMATS, export_graph
from kg.modules import import_own
from kg.namespaces import GRAPH_NAMES
from kg.records import Unreadable, Verdict
from kg.terms import ox_value
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

if TYPE_CHECKING:  # networkx is imported where a graph is built (0.1 s of `import kg.api`)
    import networkx as nx

    # the types the methods below return, from the layers they import when called
    from kg.critics.rescore import RescoreReport
    from kg.critics.retract import RetractReport
    from kg.pipeline.erase import EraseReport
    from kg.pipeline.runs import RunReport
    from kg.students.linkpred import Prediction
    from kg.students.rule_mining import MinedRules
    from reasoners.explanation import Explanation
    from reasoners.owl import ConsistencyReport


@dataclass(frozen=True)
class Fact:
    """One triple of the graph with the labels of its ends (IRIs as strings)."""

    subject: str
    predicate: str
    object: str
    subject_label: str | None = None
    object_label: str | None = None
    object_is_literal: bool = False

    def __str__(self) -> str:
        def show(value: str, label: str | None) -> str:
            return label or local_name(value)

        pred = local_name(self.predicate)
        obj = repr(self.object) if self.object_is_literal else show(self.object, self.object_label)
        return f"{show(self.subject, self.subject_label)} --{pred}--> {obj}"


@dataclass(frozen=True)
class Neighbor:
    """A fact next to an entity: ``direction`` is ``out`` (the entity is the subject) or
    ``in`` (it is the object); ``node`` is the other end (an IRI, or a literal's value)."""

    direction: TypingLiteral["out", "in"]
    predicate: str
    node: str
    label: str | None
    is_literal: bool
    fact: Fact


@contextlib.contextmanager
def _progress(progress: Any) -> Iterator[Any]:
    """A pipeline's progress sink from ``progress``: True draws bars (:func:`kg.progress.stage_bars`),
    False or None nothing, a callable is used as it is."""
    if callable(progress):
        yield progress
        return
    with stage_bars(bool(progress)) as bars:
        yield bars


@contextlib.contextmanager
def _store_cache(teacher: object, config: DistillConfig) -> Iterator[None]:
    """A teacher object of the caller's without a cache gets the store's teacher cache for the
    run (as a teacher named by its spec has it), so a rerun after an interruption does not pay
    for the answers it already got; with ``teacher.no_cache``, none."""
    from kg.teachers.base import Teacher

    if not isinstance(teacher, Teacher) or teacher.cache is not None or config.teacher.no_cache:
        yield
        return
    from kg.pipeline.parts import teacher_cache_path
    from kg.teachers.cache import CompletionCache

    cache = CompletionCache(teacher_cache_path(config))
    teacher.cache = cache
    try:
        yield
    finally:
        teacher.cache = None
        cache.close()


_M = TypeVar("_M")


def _folder_state(folder: Path) -> tuple[object, ...]:
    """What changes when a model folder is saved again: the folder (a save swaps in a new one)
    and its files' names, sizes and times; () for a folder that is not there."""
    try:
        entries = sorted((e.name, e.inode(), e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder))
        return (folder.stat().st_ino, *entries)
    except OSError:
        return ()


def _needs(module: str, what: str) -> Any:
    """Import an optional layer, with a clear error when it is not there (:func:`kg.modules.import_own`)."""
    return import_own(module, what)


_RDF_TERMS = (Node, ox.NamedNode, ox.BlankNode, ox.Literal)
_NUMBER_TYPES = frozenset(
    URIRef(f"http://www.w3.org/2001/XMLSchema#{name}") for name in (
        "decimal", "float", "double", "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
    )
)
"""The datatypes of numbers: text of no number is no literal of them (rdflib warns "Serializing weird numerical")."""
_TEXT_PREDICATES = frozenset(
    URIRef(iri) for iri in (
        "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2000/01/rdf-schema#comment",
        "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
        "http://www.w3.org/2004/02/skos/core#definition",
    )
)


def _triple(item: object, method: str) -> tuple[object, object, object]:
    """``item`` as a (subject, predicate, object), or a QueryError saying what ``method`` takes
    (``add(("Paris", "capitalOf", "France"))``, one triple not in a list, said "not an RDF term: 'P'")."""
    if isinstance(item, (str, bytes)) or not isinstance(item, (tuple, list)) or len(item) != 3:
        wanted = "a (subject, predicate, object) triple" if method == "why" else "(subject, predicate, object) triples in a list"
        raise QueryError(f"{method} takes {wanted}, not {type(item).__name__} {str(item)[:60]!r}")
    return item[0], item[1], item[2]


_GENERATION_OPTIONS = ("sample", "num_beams", "temperature", "top_p", "seed", "batch_size", "no_repeat_ngram_size", "length_penalty")


def _generation_options(options: dict[str, Any]) -> None:
    """A StudentError for an option ``Generator.generate_batch`` does not take (``temprature=``
    was a bare TypeError from inside the model)."""
    import difflib

    for name in options:
        if name not in _GENERATION_OPTIONS:
            close = difflib.get_close_matches(name, _GENERATION_OPTIONS, n=1)
            raise StudentError(
                f"unknown generation option {name!r}{f'; did you mean {close[0]}?' if close else ''} "
                f"(the options: {', '.join(_GENERATION_OPTIONS)})"
            )


def _prompt(prompt: object, i: int) -> tuple[str, str]:
    """A ``(head, relation)`` prompt of text, or a StudentError naming it as ``kg generate``
    refuses an empty ``--head`` (an empty head got tails, None a TypeError or the head "None")."""
    if isinstance(prompt, (str, bytes)) or not isinstance(prompt, (tuple, list)) or len(prompt) != 2:
        raise StudentError(f"prompt {i}: a prompt is a (head, relation) pair, not {type(prompt).__name__} {str(prompt)[:60]!r}")
    head, relation = prompt
    for name, value in (("head", head), ("relation", relation)):
        if not isinstance(value, str):
            raise StudentError(f"prompt {i}: the {name} is text, not {type(value).__name__} {value!r}")
        if not value.strip():
            raise StudentError(f"prompt {i}: the {name} is empty; give the {name} to write tails for")
    return head, relation


def _label(term: object) -> bool:
    """Whether a term given as text is a label (no IRI, prefixed name nor rdflib term)."""
    return isinstance(term, str) and not isinstance(term, Node) and ":" not in term and term.strip() != ""


def _triples(items: Iterable[object], method: str) -> Iterator[tuple[object, object, object]]:
    """``items`` as triples, read as they are iterated; what cannot be a list of triples (one
    string, one triple) is refused at once."""
    if isinstance(items, (str, bytes)):
        raise QueryError(
            f"{method} takes a list of (subject, predicate, object) triples, not one {type(items).__name__} "
            f"{str(items)[:60]!r}; write {method}([('Paris', 'capitalOf', 'France')])"
        )
    if isinstance(items, tuple) and len(items) == 3 and all(isinstance(t, str) for t in items):
        raise QueryError(f"{method} takes a list of triples; wrap the one triple: {method}([{items!r}])")
    return (_triple(item, method) for item in items)


class KnowledgeGraph:
    """A knowledge graph in a store (a directory, or a SPARQL endpoint URL)."""

    def __init__(self, store: Store | str | Path) -> None:
        """``store``: an open :class:`~kg.store.Store`, or where one is (a directory or an
        endpoint URL), opened as :meth:`open` does: ``KnowledgeGraph("my-store")``."""
        self.store = store if isinstance(store, Store) else open_store(store)
        self._nx: nx.MultiDiGraph | None = None
        self._label_keys: dict[str, URIRef] | None = None
        self._simple: tuple[bool, nx.Graph] | None = None  # for paths(): (directed, graph)
        self._domain_prefixes: dict[str, str] | None = None  # the store's domains' prefixes, read once
        self._minting_namespace: Namespace | None = None  # where the store mints new entities, read until this object writes
        self._normalizers: list[Any] | None = None  # the store's domains' label normalisers (own_name)
        self._store_normalizers: list[Any] | None = None  # the same reading the store's names (lookup), until this object writes
        self._models: dict[tuple[object, ...], tuple[tuple[object, ...], object]] = {}  # see _model
        self._models_lock = threading.Lock()

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
        are always reachable with ``GRAPH``. Besides the project's prefixes, a query may use
        the prefix of the store's own domain (``[domain] prefix`` in its ``relations.toml``)
        without declaring it. A query's failure while its rows are read (an unknown function, a
        ``SERVICE`` that does not answer) is a :class:`QueryError` too. Like rdflib's, this
        query runs ``SERVICE`` clauses, so it connects where a query says: give queries from
        people you do not trust to ``kg serve``, which refuses them (docs/serving.md)."""
        if not isinstance(sparql, str):
            raise QueryError(f"a query is SPARQL text (a str), not {type(sparql).__name__}")
        try:
            result = self.store.query(sparql, graph=graph)
        except QueryError as exc:
            result = self._with_store_prefixes(sparql, graph, exc)
        result.prefix_source = self.prefixes  # read when a notebook draws the result
        return result

    def _with_store_prefixes(self, sparql: str, graph: GraphSelector, failed: QueryError) -> QueryResult:
        """The query again with the store's domain prefixes it uses declared, or ``failed`` (the
        retry's error, where it is at in the query as written); its unknown prefix's hint names
        the domains' own prefixes among those declared for every query."""
        from kg.namespaces import PREFIXES, prefix_hint, used_prefixes

        missing = used_prefixes(sparql)
        own = self._store_prefixes() if missing else {}
        ran = sparql
        declared = "".join(f"PREFIX {p}: <{own[p]}>\n" for p in sorted(missing & set(own)))
        if declared:
            try:
                return self.store.query(declared + sparql, graph=graph)
            except QueryError as exc:  # its own error, not "unknown prefix" at the film: it declared
                ran, lines = declared + sparql, declared.count("\n")
                at = re.search(r"error at (\d+):", str(exc))
                failed = QueryError(str(exc).replace(at.group(0), f"error at {int(at.group(1)) - lines}:")) if at and int(at.group(1)) > lines else exc
        hint = prefix_hint(ran)
        if own and hint and hint in str(failed):  # "use one declared for you: rdf, ..., kgeo" said nothing of film:
            raise QueryError(str(failed).replace(hint, prefix_hint(ran, {**PREFIXES, **own}))) from None
        raise failed

    def _store_prefixes(self) -> dict[str, str]:
        """The prefixes of the store's own domains (:func:`kg.domains.store_prefixes`), read once."""
        if self._domain_prefixes is None:
            from kg.domains import store_prefixes

            self._domain_prefixes = store_prefixes(self.store)
        return self._domain_prefixes

    def prefixes(self) -> dict[str, str]:
        """``prefix -> namespace`` that queries may use undeclared: the project's
        (:data:`kg.namespaces.PREFIXES`) and the store's own domains' (``fd:``)."""
        from kg.namespaces import PREFIXES

        return {**PREFIXES, **self._store_prefixes()}

    def short(self, iri: str) -> str:
        """``iri`` as a prefixed name (``fd:cuisine``) when one of :meth:`prefixes` fits, else itself."""
        from kg.namespaces import prefixed_name

        return prefixed_name(iri, self.prefixes()) or iri

    def add(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        graph: str = "accepted",
        source: str | None = "api",
        domain: Any = None,
    ) -> int:
        """Add triples directly (no checks), recording ``source`` as their provenance. Terms are
        RDF terms (rdflib's or pyoxigraph's) or, as :meth:`validate` reads them, labels
        (``"Paris"``), prefixed names, IRIs, a relation's name and a data property's value; an
        entity a label names that the store does not hold is minted with that label (in
        ``graph``). ``domain`` reads relation names and values (the store's own by default).
        Returns the number of triples written, those labels included."""
        rows: list[tuple[Any, ...]] = []
        labels: dict[URIRef, Literal] = {}  # entities minted from a label, with it
        read_with: list[Any] = []  # the domain, loaded when the first triple named in words needs it
        for triple in _triples(triples, "add"):
            if len(triple) == 3 and not all(isinstance(t, _RDF_TERMS) for t in triple):
                if not read_with:
                    read_with.append(self._one_domain(domain))
                s, p, o = self._terms(triple, read_with[0])
                named = ((triple[2], o),) if p == RDFS.label else ((triple[0], s), (triple[2], o))  # a label fact labels s
                for given, term in named:
                    if term not in labels and self._unlabelled(given, term, graph):  # the first name given wins
                        labels[term] = Literal(self.own_name(str(given)) or str(given).strip())  # France's, not "French Republic"
                triple = (s, p, o)
            rows.append(tuple(triple))
        rows += [(term, RDFS.label, label) for term, label in labels.items()]
        self._changed(labelled=rows if graph in GRAPH_NAMES else None)
        return self.store.add_triples(rows, graph=graph, source=source)

    def write(self, verdicts: Iterable[Verdict | Unreadable], *, run: URIRef | None = None) -> WriteSummary:
        """Write a batch of verdicts (accepted, rejected, unreadable) in one transaction."""
        self._changed()
        return self.store.write(verdicts, run=run)

    def load(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        graph: str = "accepted",
        progress: Progress | None = None,
        into_own_graphs: bool = False,
    ) -> int:
        """Load an RDF file (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD); quads keep
        their graph, and the store's own graphs take quads only with ``into_own_graphs``."""
        self._changed()
        return self.store.load(path, format=format, graph=graph, progress=progress, into_own_graphs=into_own_graphs)

    def stats(self) -> Stats:
        """Counts per graph, predicate and class; in a notebook, a table naming IRIs by the
        store's prefixes."""
        from kg.results import display_prefixes

        return dataclasses.replace(self.store.stats(), prefixes=display_prefixes(self.prefixes))

    def backup(self, target: str | Path) -> Path:
        """A consistent copy of the whole store (graphs, teacher cache, kg.toml, students) in the
        directory ``target`` (absent or empty), itself a store; an embedded store only."""
        return self.store.backup(target)

    def export(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        graph: str = "accepted",
        progress: Progress | None = None,
        domain: Any = None,
    ) -> int:
        """Export a graph to ``path`` in one of :data:`kg.export.EXPORT_FORMATS` (default: the
        one ``path``'s extension implies, e.g. ``.graphml``; a format that contradicts the
        extension is refused); returns the number of triples written. ``domain`` (a domain, its
        folder or name): the atomic format writes that domain's facts only (default: the store's
        domain, its kg.toml's where it holds several)."""
        return export_graph(self.store, Path(path), format=format, graph=graph, progress=progress, domain=domain)

    # -- the pipeline and the reasoners ---------------------------------------------------------

    def distill(
        self,
        teacher: Any,
        *,
        domain: str | Path | None = None,
        seeds: Iterable[str] | None = None,
        settings: dict[str, Any] | None = None,
        progress: Any = False,
    ) -> RunReport:
        """Ask ``teacher`` about ``seeds`` and store what the checks keep, as ``kg distill``
        does: the store's ``kg.toml`` (when it has one), then ``settings`` (dotted keys, e.g.
        ``{"teacher.samples": 3, "prompts.kind": "json"}``) over it. ``teacher``: a spec
        (``"openai:MODEL@URL"``, ``"replay:PATH"``, a plugin's ``NAME:ARG``) or a
        ``kg.teachers.Teacher`` object of your own; ``seeds``: the heads or topics (default:
        ``prompts.seeds_file``, else the domain's); ``progress``: True for bars on stderr (in a
        notebook too), or a ``progress(stage, advance, total)`` callable. Returns the
        ``kg.pipeline.RunReport``; an interrupted call resumes when made again with the same
        arguments. In a domain with no reference graph (commonsense) and a store with no trained
        critic, a :class:`KGError` says so, as :meth:`judge` does, unless ``critic.model`` is
        ``none`` (``settings={"critic.model": "none"}``: the signals' mean decides). A run whose every prompt failed (the teacher down or refusing) is a
        :class:`~kg.errors.TeacherError` (``kg distill`` exits 1), its ``report`` the run's; one
        where some failed returns its report (``outcome == "partial"``, ``failures``)."""
        from kg.config import find_config, load_config

        pipeline = _needs("kg.pipeline", "distill")
        overrides: dict[str, Any] = {"store": self.location, "domain": str(domain) if domain is not None else None, **(settings or {})}
        parts = None
        if isinstance(teacher, str):
            overrides["teacher.spec"] = teacher
        elif callable(getattr(teacher, "complete", None)):  # a kg.seams.Teacher
            parts = pipeline.Parts(teacher=teacher)
        else:
            raise KGError(f"teacher must be a spec such as 'openai:MODEL@URL' or a kg.teachers.Teacher, not {type(teacher).__name__}")
        if seeds is not None:
            if isinstance(seeds, str):
                raise KGError("seeds is a list of heads or topics, not one string")
            overrides["prompts.seeds"] = list(seeds)
            overrides["prompts.seeds_file"] = ""
        config = load_config(find_config(self.location), overrides)
        self._changed()
        with _progress(progress) as sink, _store_cache(teacher, config):
            report = pipeline.distill(config, parts=parts, progress=sink, store=self.store)
        if report.outcome == "failed":  # kg distill exits 1: a report of nothing was taken for a run that ran
            causes = "; ".join(f"{n} x {why}" for why, n in sorted(report.failures.items(), key=lambda item: -item[1])[:3])
            error = TeacherError(
                f"every prompt failed ({report.failed_prompts} of {report.asked_prompts}), nothing was stored"
                f"{': ' + causes if causes else ''}; call distill again once the teacher answers (the error's .report has the run)"
            )
            error.report = report  # type: ignore[attr-defined]
            raise error
        return report

    def ingest(
        self, path: str | Path, domain: Any, *, settings: dict[str, Any] | None = None, progress: Any = False, **options: Any
    ) -> RunReport:
        """Check outputs someone already has (a transcript, an RDF or JSON file, ATOMIC TSV)
        with ``domain``'s shapes and reasoners, and store the verdicts, as ``kg ingest`` does:
        with the store's ``kg.toml`` (when it has one) and its trained critic (``STORE/critic``),
        then ``settings`` over it (dotted keys, e.g. ``{"critic.model": "none"}``); returns the
        ``kg.pipeline.RunReport``; with no trained critic in a domain with no reference graph, a
        :class:`KGError` as in :meth:`distill` (``trusted=True`` or ``critic.model = "none"`` accepts
        that). ``progress`` as in :meth:`distill`; ``options`` go to :func:`kg.pipeline.ingest`
        (``config=`` replaces the store's configuration)."""
        from kg.config import find_config, load_config

        pipeline = _needs("kg.pipeline", "ingest")
        if "config" not in options:  # before, DistillConfig(): no store, so no critic and no kg.toml
            options["config"] = load_config(find_config(self.location), {"store": self.location, **(settings or {})})
        elif settings:
            raise KGError("ingest takes settings or config, not both")
        self._changed()
        with _progress(progress) as sink:
            return pipeline.ingest(path, domain, self.store, progress=sink, **options)

    def export_review(
        self, path: str | Path | IO[str], *, graph: str = "rejected", everything: bool = False, limit: int = 0, seed: int = 0,
        order: str = "subject", per_relation: int = 0,
    ) -> int:
        """Write facts for people to label (``kg review export``) to ``path`` (a file, or an open
        text stream): what the gate quarantined for review, or (``graph="accepted"``) what it
        kept; returns the rows written. See
        :mod:`kg.critics.review`."""
        review = _needs("kg.critics.review", "export_review")
        return int(review.export_review(self.store, path, graph=graph, everything=everything, limit=limit, seed=seed,
                                        order=order, per_relation=per_relation))

    def apply_review(
        self,
        labels: str | Path | Sequence[str | Path] | Iterable[tuple[str, str, str, bool]],
        *,
        domain: Any = None,
        reviewer: str | None = None,
        dry_run: bool = False,
        progress: Any = None,
    ) -> RescoreReport:
        """Move what people's labels decide (``kg review apply``): quarantined facts marked valid
        enter the graph, accepted ones marked invalid leave it (to quarantine, with the review as
        their reason), in ``domain`` (default: each of the store's domains); returns the
        ``kg.critics.rescore.RescoreReport``. ``labels``: a labelled file (``kg review export``'s
        CSV), several (several people's: the majority decides, a tie moves nothing), or rows
        ``(subject, relation, object, valid)`` by label and relation name, with ``reviewer``
        naming who decided: ``kg.apply_review([("Paris", "capitalOf", "Germany", False)],
        reviewer="ana")``."""
        from kg.domains import domains_for

        review = _needs("kg.critics.review", "apply_review")
        source: Any = labels
        domains, _ = domains_for(self.store, domain)  # default: every domain of the store
        if not isinstance(labels, (str, Path)):
            from kg.critics.evaluation import Labels

            rows = list(labels)
            files = bool(rows) and all(isinstance(x, (str, Path)) for x in rows)
            source = rows if files else Labels.from_rows(rows, source="apply_review")  # type: ignore[arg-type]
            if not files:
                self._check_relations(source, domains)
        self._changed()
        return review.apply_review(self.store, domains, source, reviewer=reviewer, dry_run=dry_run, progress=progress)

    def _check_relations(self, labels: Any, domains: list[Any]) -> None:
        """A row whose relation names none of ``domains``' (as a review file's rows are read: any
        case, ``has_capital``) nor a predicate of the store is a :class:`QueryError` with the
        relation it may mean, as :meth:`add` and :meth:`why` say (it moved nothing, with a note)."""
        from kg.critics.evaluation import row_key

        explaining = _needs("reasoners.explain", "apply_review")
        known = {row_key("x", name, "y")[1] for d in domains for name in d.relations}
        for key, (_, relation, _) in labels.text.items():
            if key[1] not in known:
                try:
                    explaining.resolve_predicate(self.store, relation, domain=domains[0] if len(domains) == 1 else domains)
                except QueryError as exc:
                    raise QueryError(f"{labels.where[key]}: {exc}") from None

    def runs(self) -> list[dict[str, Any]]:
        """Every run in the store, oldest first (``kg runs``): its id (what :meth:`retract`
        takes), kind, start and end, domain, teacher, batches and counts, and whether a
        retraction withdrew it."""
        runs = _needs("kg.pipeline.runs", "runs")
        return list(runs.run_history(self.store))

    def retract(self, run: str, *, reason: str | None = None, dry_run: bool = False, progress: Any = None) -> RetractReport:
        """Withdraw what a run (its id, as :meth:`runs` gives it) or a loaded file (its path)
        brought in (``kg retract``): every accepted fact that it alone supports moves to
        ``rejected`` with the check ``retracted`` and ``reason``; facts with other support, or
        that a review vouched for, stay. Returns ``kg.critics.retract.RetractReport``."""
        retracting = _needs("kg.critics.retract", "retract")
        if not dry_run:
            self._changed()
        return retracting.retract(self.store, run, reason=reason, dry_run=dry_run, progress=progress)

    def erase(self, strings: str | Sequence[str], *, dry_run: bool = False, force: bool = False) -> EraseReport:
        """Erase every trace of ``strings`` (a person's name, e-mail, ...) from the store, for
        good (``kg erase``): every quad of any graph whose subject, object or literal holds one
        (case-insensitively) or names an entity one of whose labels holds one, every
        teacher-cache answer that does, and the strings' bytes in the database's files (it is
        rewritten). A string found in the store's namespaces (``org``), or one that would remove
        more than half of the store, is a ``UsageError`` unless ``force``. Returns
        ``kg.pipeline.erase.EraseReport``, which lists what else under the store still holds one
        (students, critic)."""
        erasing = _needs("kg.pipeline.erase", "erase")
        if not dry_run:
            self._changed()
        return erasing.erase(self.store, [strings] if isinstance(strings, str) else list(strings), dry_run=dry_run,
                             force=force)

    def why(self, triple: tuple[object, object, object]) -> Explanation:
        """Why the graph holds (or rejected) a triple: its provenance, its derivation tree when
        inferred, or the reasons it was rejected (``reasoners.explain.Explanation``).
        Terms may be rdflib terms, IRIs as strings, or labels."""
        explaining = _needs("reasoners.explain", "why")
        from kg.domains import own_domains

        domain = own_domains(self.store)  # its names read the predicate, its rules explain
        s, p, o = _triple(triple, "why")
        predicate, value = self._predicate_value(p, o, domain)
        # a label as `kg why` reads it (one code path): the entity a rejected fact names too
        # ("Louis XIV succeededBy great", ent:great labelled only there, was an unknown text)
        subject = explaining.resolve_term(self.store, s, position="subject", domain=domain) if _label(s) else self._lookup(s)
        obj = value if value is not None else explaining.resolve_term(self.store, o, domain=domain) if _label(o) else self._object(o)
        return explaining.explain(self.store, (subject, predicate, obj), domain=domain)

    def infer(self, domain: Any = None, *, rebuild: bool = False) -> int:
        """Materialise the rules of ``domain`` (a loaded domain, a domain folder or shipped name,
        or a list of them; default: the domain(s) the store records, :func:`kg.domains.store_domains`)
        into ``inferred``; returns the size of ``inferred``.

        By default only what is missing is added: nothing already inferred is removed (a triple
        another domain's rules derived stays). ``rebuild=True`` replaces ``inferred`` by these
        rules' consequences of ``accepted``."""
        rules = _needs("reasoners.rules", "infer")
        from kg.domains import domains_for

        domains, _ = domains_for(self.store, domain)
        target = domains[0] if len(domains) == 1 else domains
        self._changed()
        materializer = rules.Materializer(target, self.store)
        if rebuild:
            return int(materializer.rebuild())
        return int(materializer.update().total)

    def validate(self, triples: Iterable[tuple[object, object, object]], *, domain: Any = None) -> list[Verdict]:
        """Judge facts with the domain's checks (ontology, shapes, reference graph, the batch's
        and the store's conflicts) against what the store holds, without writing them, as `kg
        validate` does: one ``Verdict`` per triple (``accepted``, ``reasons``, ``confidence``).
        Terms as :meth:`why` reads them: labels (``"Aspirin"``), prefixed names, IRIs, a relation
        by its name (``"treats"``), a data property's value as text or a number, text read as a
        run reads the teacher's (``"83 million"``, ``"547,030 km²"``). ``domain``: the store's
        own by default."""
        validating = _needs("kg.validate", "validate")
        from kg.domains import domains_for
        from kg.records import Candidate

        given = _triples(triples, "validate")
        domains, _ = domains_for(self.store, domain)
        if len(domains) != 1:
            raise KGError(f"the store has {len(domains)} domains; name the one to validate with: validate(..., domain=NAME)")
        dom = domains[0]
        cands = []
        explaining = _needs("reasoners.explain", "reading a triple")
        for s, p, o in given:
            subject, predicate, obj = self._terms((s, p, o), dom)
            if isinstance(obj, Literal) and obj.datatype in _NUMBER_TYPES and obj.ill_typed:
                obj = Literal(str(obj))  # "0–60 mph in 1.99 s": text a run reads no figure from, no "weird numerical" xsd:decimal
            cands.append(Candidate(
                subject, predicate, obj,
                bounds=explaining.data_bounds(predicate, o, dom) if isinstance(obj, Literal) else None,  # "25–30 cm": its middle, checked as the range
                # str(), not URIRef(label): rdflib logs "does not look like a valid URI" for a label with spaces
                subject_label=s if isinstance(s, str) and str(subject) != s and ":" not in s else None,
                object_label=o if isinstance(o, str) and isinstance(obj, URIRef) and str(obj) != o and ":" not in o else None,
            ))
        return validating.Validator(dom, self.store).validate(cands)

    def _unlabelled(self, given: object, term: object, graph: str) -> bool:
        """Whether ``term`` is an entity named by the label ``given`` that ``graph`` gives no label."""
        return (
            isinstance(given, str) and isinstance(term, URIRef) and ":" not in given
            and next(iter(self.store.match(term, RDFS.label, None, graph=graph)), None) is None
        )

    def _one_domain(self, domain: Any) -> Any:
        """``domain`` loaded, else the store's one domain, else None (relation names are then
        read from what the store holds)."""
        from kg.domains import domains_for
        from kg.errors import ConfigError

        try:
            domains, _ = domains_for(self.store, domain)
        except ConfigError:
            if domain is not None:
                raise
            return None
        return domains[0] if len(domains) == 1 else None

    def _terms(self, triple: tuple[object, object, object], domain: Any) -> tuple[Any, Any, Any]:
        """A triple of labels, prefixed names, IRIs or values as terms: the predicate by its
        relation name too, a data property's value in its datatype, an object property's object
        by its label (a new label names a new entity, as the pipeline mints it)."""
        s, p, o = triple
        predicate, value = self._predicate_value(p, o, domain)
        subject = self.resolve(s, domain=domain)
        if value is not None:
            return subject, predicate, value
        if not isinstance(o, (str, *_RDF_TERMS)):  # None went on to the store: a bare TypeError "not an RDF term"
            raise QueryError(f"an object is a label, an IRI, an RDF term or a value (text, a number), not {type(o).__name__} {o!r}")
        return subject, predicate, self.resolve(o, domain=domain) if isinstance(o, str) else o

    def _predicate_value(self, p: object, o: object, domain: Any) -> tuple[Any, Literal | None]:
        """The predicate (a relation's name too) and, for a value, the literal: a data property's
        in its datatype (``135`` for ``fd:calories``), a number or truth value as itself; None
        for an object to resolve."""
        explaining = _needs("reasoners.explain", "reading a triple")
        if isinstance(p, str) and "://" not in p and not p.startswith("urn:"):
            predicate = explaining.resolve_predicate(self.store, p, domain=domain)
        else:
            predicate = self.resolve(p)
        if isinstance(o, str) and predicate in _TEXT_PREDICATES:  # a label is text, never an entity
            return predicate, Literal(o)
        if isinstance(o, (str, int, float, Decimal)) and not isinstance(o, bool) and (
            value := explaining.data_value(predicate, o, domain)
        ) is not None:
            return predicate, value
        if isinstance(o, (int, float, Decimal, bool)):
            return predicate, Literal(o)
        return predicate, None

    def judge(
        self,
        triples: Iterable[tuple[object, object, object]],
        *,
        domain: Any = None,
        critic: str = "auto",
        target_precision: float | None = None,
    ) -> list[Verdict]:
        """Judge facts as the gate does, without writing them: :meth:`validate`'s checks, then
        the critic, with the store's ``kg.toml`` critic settings. ``critic``: ``auto`` (the store's trained critic), ``none``, or a trained
        critic's folder (not ``llm``: this asks no teacher); it accepts at the precision it was
        trained for, or at ``target_precision``. Each ``Verdict`` has the critic's
        ``confidence`` and, where the trained critic decided, ``critic`` (its id, P(valid),
        threshold). In a domain without a reference graph (commonsense) with no trained critic,
        a ``KGError`` says so: the checks alone would accept any well-formed fact."""
        from kg.critic import Critic
        from kg.critics import load_judge, store_critic_dir
        from kg.config import find_config, load_config
        from kg.domains import domains_for

        if critic == "llm":
            raise KGError("judge() does not ask a teacher; use critic='auto', 'none' or a trained critic's folder")
        domains, _ = domains_for(self.store, domain)
        if len(domains) != 1:
            raise KGError(f"the store has {len(domains)} domains; name the one to judge with: judge(..., domain=NAME)")
        dom = domains[0]
        def load() -> Any:
            return load_judge(critic, store=self.location if critic == "auto" else None, domain=dom, target_precision=target_precision)

        remote = self.location.startswith(("http://", "https://"))
        folder = store_critic_dir(self.location) if critic == "auto" and not remote else Path(critic)
        model, lock = self._model("critic", folder, load, dom.name, target_precision) if folder.is_dir() else (load(), threading.Lock())
        if model is None and critic == "auto" and dom.reference is None:
            raise KGError(
                f"no trained critic for {self.location}: open-world facts of {dom.name} would pass on the checks "
                "alone; train one (kg critic train --store STORE), or pass critic='none' to accept that"
            )
        verdicts = self.validate(triples, domain=dom)
        settings = load_config(find_config(self.location)).critic  # the store's kg.toml, as its runs read it
        with lock:
            return Critic.from_config(settings, domain=dom, model=model).judge(verdicts)

    def check(self, domain: Any = None, *, reasoner: str = "hermit") -> ConsistencyReport:
        """Check the knowledge (accepted + inferred) against ``domain``'s ontology (default: the
        store's own domain(s)) with an OWL reasoner; returns ``reasoners.owl.ConsistencyReport``."""
        owl = _needs("reasoners.owl", "check")
        triples = [
            (q.subject, q.predicate, q.object)
            for name in ("accepted", "inferred")
            for q in self.store.match(graph=name)
        ]
        from kg.terms import from_ox

        from kg.domains import domains_for, for_consistency

        rdf = [(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in triples]
        domains, _ = domains_for(self.store, domain)
        return owl.check_consistency(for_consistency(domains), rdf, reasoner=reasoner)

    # -- students ------------------------------------------------------------------------------

    def _model(self, kind: str, folder: Path, load: Callable[[], _M], *key: object) -> tuple[_M, threading.Lock]:
        """The model saved in ``folder``, loaded by ``load`` once and kept while the folder's files
        are the same (a retrain, which swaps in a new folder, is loaded again), with the lock its
        users hold (a Hugging Face tokenizer shared by threads fails "Already borrowed"); ``close``
        lets them go. Before, each ``generate``, ``predict_links`` and ``judge`` call loaded its
        model again (0.6-0.9 CPU s)."""
        slot, state = (kind, str(folder.absolute()), *key), _folder_state(folder)
        with self._models_lock:
            kept = self._models.get(slot)
        if kept is not None and kept[0] == state:
            return cast(tuple[_M, threading.Lock], kept[1])
        loaded = (load(), threading.Lock())
        with self._models_lock:
            self._models[slot] = (state, loaded)
        return loaded


    def predict_links(self, head: str, relation: str, k: int = 10, *, model: str | Path | None = None) -> list[Prediction]:
        """The ``k`` most plausible tails of ``(head, relation, ?)`` by a trained link
        predictor saved in ``model`` (``kg train linkpred``; default: the store's,
        ``STORE/students/linkpred``, as ``kg predict``'s); returns
        ``kg.students.linkpred.Prediction`` items."""
        linkpred = _needs("kg.students.linkpred", "predict_links")
        model = self._student_dir(model, "linkpred")
        predictor, lock = self._model("linkpred", Path(model), lambda: linkpred.LinkPredictor.load(model))
        if predictor.entity_id(head) is None:  # an alias, a typo: the model knows the entity by its own name
            head = self.stored_entity(head) or self.own_name(head) or head
        with lock:
            return list(predictor.with_store_schema(self.store).predict(head, relation, k))

    def mine_rules(self, *, graph: str = "entailed", write: bool = True, **settings: Any) -> MinedRules:
        """Mine closed Horn rules, as ``kg mine rules`` does, from ``graph``: ``entailed`` (the
        default: ``accepted`` with what the store's ontology and domain rules derive from it, not
        what accepted mined rules derive, so a rule's metrics describe it as the reasoner runs
        it), ``accepted`` alone, or the IRI of a graph ``kg load`` kept. ``settings`` are
        ``kg.students.rules.MiningConfig``'s (``max_length``, ``min_support``,
        ``min_pca_confidence``, ``constants``, ...). The rules are stored in the rules graph as
        proposed unless ``write=False``; an accepted or rejected rule this mining does not find
        again gets its metrics measured on the same triples. Returns
        ``kg.students.rules.MinedRules`` (``rules`` best PCA confidence first, ``exclusions``)."""
        rules = _needs("kg.students.rules", "mine_rules")
        graphs = _needs("kg.students.rule_graph", "mine_rules")
        triples = _needs("kg.students.triples", "mine_rules")
        from kg.store import user_graph

        if graph == "knowledge" or graph not in ("entailed", "accepted") and not user_graph(graph):
            why = ("it holds what accepted mined rules inferred: mined again, they would confirm themselves"
                   if graph in ("knowledge", "inferred") else "it is not a graph of facts")
            raise StudentError(f"rules are mined from entailed (the default), accepted or the IRI of a graph kg load kept, "
                               f"not {graph}: {why}")
        extra = self._entailed_rows() if graph == "entailed" else ()
        data = triples.read_store(self.store, graph="accepted" if graph == "entailed" else graph, extra=extra)
        config = rules.MiningConfig(**settings)
        mined = rules.mine(data, config)
        if write:
            decided = graphs.decided_rules(self.store)
            found = {graphs.rule_key(r) for r in mined.rules}
            again = rules.measure(data, [r for key, r in decided.items() if key not in found])
            mined.mining = graphs.write_rules(self.store, mined, source=graph, remeasured=again).value
            self._changed()
        return mined

    def _entailed_rows(self) -> list[tuple[str, str, str]]:
        """The entity-to-entity triples the store's domain(s) derive from ``accepted`` (OWL 2 RL
        and domain rule files; not the accepted mined rules), as ``read_store`` ids."""
        from kg.domains import domains_for

        reasoning = _needs("reasoners.rules", "mine_rules")
        try:
            domains, _ = domains_for(self.store, None)
        except ConfigError:  # no domain and no ontology: nothing is entailed
            return []
        target = domains[0] if len(domains) == 1 else domains
        rows = []
        for s, p, o in reasoning.Materializer(target, self.store, mined_rules=False).entailed():
            if o.startswith('"') or p == f"<{RDF.type}>":
                continue
            rows.append((s[1:-1] if s.startswith("<") else s, p[1:-1], o[1:-1] if o.startswith("<") else o))
        return rows

    def rules(self, status: str | None = None, *, top: int | None = None) -> list[Any]:
        """The stored rules (``kg rules list``), best PCA confidence first, of one ``status``
        (``proposed``, ``accepted``, ``rejected``) or all: ``kg.students.rule_graph.StoredRule``
        items (``id``, ``status``, ``rule``; ``str()`` reads the rule)."""
        graphs = _needs("kg.students.rule_graph", "rules")
        return list(graphs.stored_rules(self.store, status=status, top=top))

    def accept_rules(self, ids: Iterable[str] | None = None, *, min_pca_confidence: float = 0.9,
                     min_confidence: float = 0.0, min_support: int = 2) -> int:
        """Accept the stored rules ``ids`` names (``kg rules list``'s ids), or without ``ids``
        those meeting the thresholds: the reasoner (:meth:`infer`) then runs them. Returns how
        many changed."""
        return self._rule_status("accepted", "accept_rules", ids, min_pca_confidence, min_confidence, min_support)

    def reject_rules(self, ids: Iterable[str] | None = None, *, min_pca_confidence: float = 0.0,
                     min_confidence: float = 0.0, min_support: int = 0) -> int:
        """Reject the stored rules ``ids`` names (or, without ``ids``, those meeting the
        thresholds): the reasoner no longer runs them. Returns how many changed."""
        return self._rule_status("rejected", "reject_rules", ids, min_pca_confidence, min_confidence, min_support)

    def _rule_status(self, status: str, what: str, ids: Iterable[str] | None, pca: float, conf: float, support: int) -> int:
        graphs = _needs("kg.students.rule_graph", what)
        chosen = None if ids is None else [str(i) for i in ([ids] if isinstance(ids, str) else ids)]
        changed = int(graphs.set_status(self.store, status, ids=chosen, min_pca_confidence=pca,
                                        min_confidence=conf, min_support=support))
        self._changed()
        return changed

    def predict_rules(self, head: object, relation: object, k: int = 10, *, status: str = "all",
                      aggregation: str = "max", top_rules: int = 4) -> list[Any]:
        """The stored rules' best new tails of ``(head, relation, ?)`` (``kg rules predict``):
        ``head`` a label, prefixed name or IRI, ``relation`` a relation name, prefixed name or
        IRI; ``status`` the rules to use (``accepted``, ``proposed`` or ``all``). Returns
        ``kg.students.rules.RulePrediction`` items (tail, label, confidence, and the rule)."""
        graphs = _needs("kg.students.rule_graph", "predict_rules")
        rules = _needs("kg.students.rules", "predict_rules")
        triples = _needs("kg.students.triples", "predict_rules")
        rules.check_aggregation(aggregation, top_rules)
        chosen = [r.rule for r in graphs.stored_rules(self.store, status=None if status == "all" else status)]
        if not chosen:
            raise StudentError(f"no stored {'' if status == 'all' else status + ' '}rules; run `kg mine rules` first")
        data = triples.read_store(self.store)
        iri = str(self._lookup(head))
        if iri not in data.entity_index():
            raise UnknownNameError(f"unknown head {head!r}: no entity of the accepted graph has that label, name or IRI")
        named = {r.head for r in chosen if isinstance(relation, str) and local_name(r.head).casefold() == relation.casefold()}
        if len(named) == 1:  # a rule's head relation by its local name, in a store with no domain too
            predicate: object = named.pop()
        else:
            predicate, _ = self._predicate_value(relation, None, self._one_domain(None))
        predictor = rules.RulePredictor(chosen, data, exclusions=graphs.read_exclusions(self.store),
                                        aggregation=aggregation, top_rules=top_rules)
        # new tails: not what the reasoner already inferred either (accepted rules' own output was offered as new)
        inferred = {ox_value(q.object) for q in self.store.match(ox.NamedNode(iri), ox.NamedNode(str(predicate)), None, graph="inferred")}
        found = predictor.predict(iri, str(predicate), k + len(inferred))
        return [p for p in found if p.entity not in inferred][:k]

    def generate(self, head: str, relation: str, n: int = 5, *, model: str | Path | None = None, **options: Any) -> list[str]:
        """``n`` tails for ``(head, relation)`` from a trained generator saved in ``model``
        (``kg train generator``; default: the store's, ``STORE/students/generator``, as ``kg
        generate``'s). ``relation``: its name (``xWant``, in any case) or prefixed name (``cs:xWant``);
        ``options`` as :meth:`generate_batch`'s."""
        return self.generate_batch([(head, relation)], n, model=model, **options)[0]

    def generate_batch(
        self, prompts: Iterable[tuple[str, str]], n: int = 1, *, model: str | Path | None = None, **options: Any
    ) -> list[list[str]]:
        """``n`` tails for each ``(head, relation)`` of ``prompts``, in order, from a trained
        generator saved in ``model`` (loaded once; default: the store's, as :meth:`generate`). A
        relation the generator was not trained on, an empty head or an unknown option is a
        :class:`~kg.errors.StudentError` that names it (and lists the known relations), raised
        before anything is generated. ``options`` go to ``Generator.generate_batch``
        (``sample``, ``num_beams``, ``temperature``, ``top_p``, ``seed``, ``batch_size``,
        ``no_repeat_ngram_size``, ``length_penalty``)."""
        generator = _needs("kg.students.generator", "generate_batch")
        data = _needs("kg.students.generator_data", "generate_batch")
        _generation_options(options)
        folder = self._student_dir(model, "generator")
        pairs = []
        for i, prompt in enumerate(prompts, 1):
            head, relation = _prompt(prompt, i)
            pairs.append((head, relation))
        gen, lock = self._model("generator", folder, lambda: generator.load_generator(folder))
        pairs = [(head, data.relation_name(relation, gen.relations)) for head, relation in pairs]
        data.check_relations(pairs, gen.relations)
        with lock:
            return [list(tails) for tails in gen.generate_batch(pairs, n, **options)] if pairs else []

    def _student_dir(self, model: str | Path | None, student: str) -> Path:
        """``model``, else the store's ``students/<student>`` folder (``kg generate``'s and ``kg
        predict``'s default)."""
        if model is not None:
            return Path(model)
        if self.location.startswith(("http://", "https://")):
            raise StudentError("a remote store has no model folder; give one: model=DIR")
        return Path(self.location) / "students" / student

    # -- exploring -----------------------------------------------------------------------------

    def resolve(self, label_or_iri: object, *, domain: Any = None) -> URIRef:
        """An entity's IRI from an IRI (``URIRef``, ``"https://..."``, ``"res:paris"``) or from
        its ``rdfs:label``: an exact match first, then a case-insensitive one (the least IRI
        among equals). An alias of a reference entity that the store does not hold names that
        entity, as a run reads it ("French Republic" is France: :meth:`own_name`), and so does
        another spelling a run merges into a stored name ("Love, Actually" is the stored "Love
        Actually", "WALL-E" "WALL·E"), or a store's alias. A label the store does not hold gives the IRI the pipeline would mint for it, which the store does not
        hold either: in ``domain``'s ``[domain] entities`` namespace (a domain, its folder or
        name), by default where the store mints
        (:func:`kg.domains.store_entity_namespace`: its kg.toml's or only domain's namespace, kg's
        ``res:`` without a domain; a store whose domains mint in different namespaces and whose
        kg.toml names none of them is a :class:`~kg.errors.ConfigError` asking for ``domain``).
        Anything but a string or an IRI is a :class:`QueryError` (``None`` resolved to
        ``res:none``, ``1`` to ``res:1``). So resolve always gives an IRI and does not tell a
        known name from a new one: :meth:`stored_entity` does (None for a name the store holds no
        entity of), and ``neighbors`` and ``paths`` refuse an unknown name."""
        return self._resolve(label_or_iri, lambda: self._entity_namespace(domain))

    def _lookup(self, label_or_iri: object) -> URIRef:
        """:meth:`resolve` for a question about a name (why, predict_rules, neighbors): a name
        the store does not hold gives an IRI it does not hold either, minted where the store
        mints, else (its domains mint apart and kg.toml names none) in its first domain's
        namespace, as ``kg why`` does. A question never asks where to mint: minting is for writes.
        A name the store holds otherwise is read as a run reads it: an alias (``skos:altLabel``),
        a typo of a stored name ("Fyodor Dostoyevsky", which a run merged into "Fyodor Dostoevsky")."""
        return self._resolve(label_or_iri, self._lookup_namespace)

    def _lookup_namespace(self) -> Namespace:
        try:
            return self._entity_namespace(None)
        except ConfigError:  # domains minting apart, kg.toml naming none: any of them holds no such name
            from kg.domains import entity_namespaces

            return entity_namespaces(self.store)[0]

    def _resolve(self, label_or_iri: object, namespace: Callable[[], Namespace]) -> URIRef:
        """:meth:`resolve`, a name the store does not hold minted in ``namespace()``."""
        if isinstance(label_or_iri, URIRef):
            return label_or_iri
        if isinstance(label_or_iri, ox.NamedNode):
            return URIRef(label_or_iri.value)
        if not isinstance(label_or_iri, str):
            raise QueryError(f"an entity is named by a label or an IRI (a str or URIRef), not {type(label_or_iri).__name__} {label_or_iri!r}")
        text = label_or_iri.strip()
        if not text:
            raise QueryError("an empty label names nothing")
        from kg.namespaces import PREFIXES

        prefix, sep, local = text.partition(":")
        if "://" in text or text.startswith("urn:"):
            iri = text
        elif sep and prefix in PREFIXES and " " not in text:
            iri = PREFIXES[prefix] + local
        elif sep and " " not in text and prefix in self._store_prefixes():
            iri = self._store_prefixes()[prefix] + local
        else:
            iri = None
        if iri is not None:
            try:
                return URIRef(ox.NamedNode(iri).value)  # validated: safe to write as <iri>
            except ValueError as exc:
                raise QueryError(f"not a valid IRI: {text!r} ({exc})") from None
        # one scan; the exact label first (an unordered UNION ... LIMIT 1 gave "FRANCE"'s entity
        # for "France" when it came first), then the least IRI
        query = (
            "SELECT ?x ?exact WHERE { ?x rdfs:label ?l FILTER(LCASE(STR(?l)) = LCASE(?name)) "
            "BIND(STR(?l) = ?name AS ?exact) } ORDER BY DESC(?exact) STR(?x) LIMIT 1"
        )
        from extractors.normalize import component

        cased = component(text) is not None  # "Kepler-16 b", the planet, is no "Kepler-16 B", the star: as a run resolves it
        rows = self.store.query(query.replace("?name", Literal(text).n3()), graph="all").bindings()
        if rows and (not cased or str(rows[0]["exact"]) in ("true", "1")):
            return URIRef(str(rows[0]["x"]))
        from kg.iri import mint_iri, normalize_label

        # then as entity resolution matches a teacher's name: "Düsseldorf" typed in NFC for a
        # label loaded in NFD, "istanbul" for "İstanbul" (SPARQL's LCASE gives "i̇stanbul")
        found = None if cased else self._labels_by_key().get(normalize_label(text))
        if found is not None:
            return found
        own = self.own_name(text)  # an alias of a reference entity ("French Republic"): a run labels it by its own name
        if own is not None:
            return self._resolve(own, namespace)
        # as a run resolves it (ingest, kg why): a reference entity under its own IRI (ent:jp2 "John
        # Paul II"), a title or gloss around a name the reference knows, a store's alias or a typo of
        # its name, not another entity's minted IRI
        ns = namespace()
        normalizers = self._own_normalizers(store=True)
        return next((iri for n in normalizers if n.entity_namespace == ns and (iri := n.iri_for(text)) is not None), None) or mint_iri(text, ns)

    def stored_entity(self, name: str) -> str | None:
        """The IRI of the entity of the accepted graph a question by ``name`` is about, as a run
        reads the name: its label, an alias of it (the store's ``skos:altLabel``, a reference
        entity's name: "French Republic") or a typo of its label that a run merges into it ("Fyodor
        Dostoyevsky" for "Fyodor Dostoevsky"); None when it names none."""
        iri = self._lookup(name)
        return str(iri) if next(iter(self.store.match(iri, graph="accepted")), None) is not None else None

    def own_name(self, name: str) -> str | None:
        """The name a run labels the entity called ``name`` with, where that is another name: a
        reference entity's own ("France" for "French Republic", "United Kingdom" for "UK", by
        the store's domains' reference graphs); else None."""
        return next(filter(None, (n.own_name(name) for n in self._own_normalizers())), None)

    def _own_normalizers(self, *, store: bool = False) -> list[Any]:
        """The store's domains' label normalisers (without the store: their reference graphs;
        ``store``: reading the store's names too, its aliases and typo matches)."""
        if self._normalizers is None:  # read until this object runs or loads
            from extractors.normalize import Normalizer
            from kg.domains import own_domains
            from kg.ontology import Domain

            found = own_domains(self.store)
            self._normalizers = [Normalizer(d) for d in (found if isinstance(found, list) else [found]) if isinstance(d, Domain)]
        if not store:
            return self._normalizers
        if self._store_normalizers is None:  # read until this object writes
            from extractors.normalize import Normalizer

            self._store_normalizers = [Normalizer(n.domain, self.store) for n in self._normalizers]
        return self._store_normalizers

    def _entity_namespace(self, domain: Any) -> Namespace:
        """Where a new entity is minted: in ``domain`` (loaded, a folder or a name), else where
        the store mints (:func:`kg.domains.store_entity_namespace`)."""
        from kg.ontology import entity_namespace

        if isinstance(domain, (str, Path)):
            domain = self._one_domain(domain)
        if domain is not None:
            return entity_namespace(domain)
        if self._minting_namespace is None:
            from kg.domains import store_entity_namespace

            self._minting_namespace = store_entity_namespace(self.store)
        return self._minting_namespace

    def _known(self, label_or_iri: object) -> URIRef:
        """:meth:`resolve`, for a question about an entity the graph has: a name that resolves
        to nothing the accepted or inferred graph holds is a :class:`QueryError` (neighbors()
        and paths() of "Atlantis", or of the typo "Franse", were ``[]``, as for an entity with
        no facts)."""
        node = self._lookup(label_or_iri)
        for graph in ("accepted", "inferred"):
            if next(iter(self.store.match(node, graph=graph)), None) is not None or next(
                iter(self.store.match(None, None, node, graph=graph)), None
            ) is not None:
                return node
        raise QueryError(f"unknown entity {label_or_iri!r}: no entity of the graph has that label, name or IRI")

    def _labels_by_key(self) -> dict[str, URIRef]:
        """:meth:`kg.store.Store.label_keys` of every graph, read once, until this object writes."""
        if self._label_keys is None:
            self._label_keys = self.store.label_keys("all")
        return self._label_keys

    def _object(self, value: object) -> Any:
        if isinstance(value, str) and not ("://" in value or ":" in value):
            iri = self._lookup(value)
            if next(iter(self.store.match(iri, graph="accepted")), None) is not None or next(
                iter(self.store.match(None, None, iri, graph="accepted")), None
            ) is not None:
                return iri
            return Literal(value)
        return value if not isinstance(value, str) else self._lookup(value)

    def neighbors(self, label_or_iri: object, *, limit: int = 1000) -> list[Neighbor]:
        """The facts around an entity in what the graph knows (accepted + inferred): outgoing
        (``direction="out"``) then incoming, with labels."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise QueryError(f"limit is a whole number of facts, 0 or more, not {limit!r}")
        node = self._known(label_or_iri)
        term = node.n3()
        rows = self.store.query(
            f"""SELECT ?dir ?p ?n ?nl ?sl WHERE {{
              {{ BIND("out" AS ?dir) {term} ?p ?n FILTER(?p != rdfs:label) }}
              UNION {{ BIND("in" AS ?dir) ?n ?p {term} }}
              OPTIONAL {{ ?n rdfs:label ?nl }} OPTIONAL {{ {term} rdfs:label ?sl }}
            }} ORDER BY DESC(?dir) ?p ?n LIMIT {int(limit)}"""
        ).bindings()
        out: list[Neighbor] = []
        seen = set()
        for r in rows:
            direction = str(r["dir"])
            other = r["n"]
            key = (direction, str(r["p"]), str(other))
            if key in seen:
                continue
            seen.add(key)
            is_lit = isinstance(other, Literal)
            label = str(r["nl"]) if "nl" in r else None
            own = str(r["sl"]) if "sl" in r else None
            if direction == "out":
                fact = Fact(str(node), str(r["p"]), str(other), own, label, is_lit)
            else:
                fact = Fact(str(other), str(r["p"]), str(node), label, own, False)
            out.append(Neighbor(direction, str(r["p"]), str(other), label, is_lit, fact))  # type: ignore[arg-type]
        return out

    def _changed(self, labelled: Sequence[tuple[Any, Any, Any]] | None = None) -> None:
        """Forget the cached networkx graphs (this object wrote to the store), and the label keys
        of :meth:`resolve`, unless ``labelled`` holds what was written (:meth:`add`): the labels
        among it are added to them, as a fresh scan would (a loop of ``add`` calls naming new
        entities scanned every label of the store at each call)."""
        self._nx = None
        self._simple = None
        self._store_normalizers = None
        if labelled is None:  # a run, a load, a retraction: perhaps of another domain
            self._minting_namespace = None
            self._normalizers = None
        if labelled is None or self._label_keys is None:
            self._label_keys = None
            return
        from kg.iri import normalize_label

        for subject, predicate, value in labelled:
            if _text(predicate) != str(RDFS.label) or not isinstance(subject, (URIRef, ox.NamedNode)) \
                    or not isinstance(value, (Literal, ox.Literal)):
                continue
            key, iri = normalize_label(_text(value)), URIRef(_text(subject))
            known = self._label_keys.get(key)
            if key and (known is None or str(iri) < str(known)):
                self._label_keys[key] = iri

    def networkx(self) -> nx.MultiDiGraph:
        """What the graph knows (accepted + inferred) as a networkx ``MultiDiGraph`` (see
        :func:`kg.export.to_networkx`); cached until this object writes to the store, and
        frozen (``nx.MultiDiGraph(kg.networkx())`` is a copy to change): a caller's change to
        the cached graph made :meth:`paths` fail."""
        if self._nx is None:
            import networkx as nx

            from kg.export import to_networkx

            self._nx = nx.freeze(to_networkx(self.store, "knowledge"))
        return self._nx

    def paths(
        self, a: object, b: object, *, max_length: int = 4, limit: int = 10, directed: bool = False
    ) -> list[list[Fact]]:
        """Chains of facts joining ``a`` and ``b`` (labels or IRIs), shortest first, at most
        ``max_length`` facts long; over accepted + inferred, following edges either way
        unless ``directed``."""
        import networkx as nx

        source, target = str(self._known(a)), str(self._known(b))
        g = self.networkx()
        if source not in g or target not in g:
            return []
        if self._simple is None or self._simple[0] != directed:
            self._simple = (directed, nx.DiGraph(g) if directed else nx.Graph(g.to_undirected(as_view=True)))
        out: list[list[Fact]] = []
        try:
            for node_path in nx.shortest_simple_paths(self._simple[1], source, target):
                if len(node_path) - 1 > max_length or len(out) >= limit:
                    break
                out.append([self._edge(g, u, v) for u, v in zip(node_path, node_path[1:])])
        except nx.NetworkXNoPath:
            return []
        return out

    @staticmethod
    def _edge(g: nx.MultiDiGraph, u: str, v: str) -> Fact:
        label = lambda n: g.nodes[n].get("label")  # noqa: E731
        if g.has_edge(u, v):
            data = next(iter(g.get_edge_data(u, v).values()))
            return Fact(u, data["predicate"], v, label(u), label(v))
        data = next(iter(g.get_edge_data(v, u).values()))
        return Fact(v, data["predicate"], u, label(v), label(u))

    def close(self) -> None:
        with self._models_lock:
            self._models.clear()
        self.store.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r})"

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
            return
        with contextlib.suppress(OSError, KGError):  # closing must not replace the error on its way out
            self.close()


__all__ = ["KnowledgeGraph", "Fact", "Neighbor", "EXPORT_FORMATS"]


def _text(term: Any) -> str:
    """The IRI or lexical form of an rdflib or pyoxigraph term."""
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)
