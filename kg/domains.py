"""Which domain(s) a store holds, for commands that reason over a whole store (``kg reason``,
:meth:`kg.api.KnowledgeGraph.infer`) when no domain is given.

A store says it three ways, read in this order:

1. its runs: every ``kg:Run`` node of the ``provenance`` graph names the domain it checked
   against (``kg:domain``, and the folder as given in the run's ``kg:configJson``);
2. its ``kg.toml`` (a local store): the ``domain`` key;
3. its ``ontology`` graph, when something was loaded there (an ontology without a domain
   folder: its axioms, no domain rules).

Reasoning with another domain than the store's is how a commonsense store lost 14,295 of its
14,446 inferred triples (issue #21): a command that defaults to "the domain" reads it here, and
one given a domain the store does not record says so.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from kg.errors import ConfigError, KGError, OntologyError

if TYPE_CHECKING:
    from rdflib import Namespace

log = logging.getLogger("kg.domains")

__all__ = [
    "StoreDomains", "store_domains", "store_prefixes", "store_language", "own_domains", "domains_for", "domain_label",
    "changed_domain_note", "entity_namespaces", "store_entity_namespace",
]


@dataclass
class StoreDomains:
    """The domains a store records: ``names`` (as its runs or kg.toml name them), ``specs`` (a
    folder or shipped name per domain, resolved here), ``unresolved`` (named, but no folder of
    that name is found here), ``ontology`` (the store's ontology graph, when no domain is
    recorded and that graph is not empty) and ``notes`` (which of two differing folders of one
    domain is used)."""

    names: list[str] = field(default_factory=list)
    specs: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    ontology: Any = None
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    configured: str | None = None
    """The folder of the domain the store's kg.toml names (found here), else None: of a store
    several domains share, the one a command that works on one domain's facts defaults to."""

    @property
    def default(self) -> str | None:
        """The domain a command working on one domain's facts takes without ``--domain``: the one
        kg.toml names, else the only one recorded; None when the store records several and its
        kg.toml names none, or records none that is found here."""
        if self.configured:
            return self.configured
        return self.specs[0] if len(self.specs) == 1 and not self.unresolved else None

    @property
    def empty(self) -> bool:
        return not self.specs and not self.unresolved and self.ontology is None


def _resolve(spec: str, base: Path | None = None) -> Path | None:
    from kg.config import resolve_domain_path

    candidates = [spec]
    if base is not None and not Path(spec).is_absolute():
        candidates.append(str(base / spec))
    for candidate in candidates:
        try:
            return resolve_domain_path(candidate).resolve()
        except (ConfigError, OSError):
            continue
    return None


def _run_domains(store: Any) -> list[tuple[str, list[str | None]]]:
    """(name, [absolute folder, folder as given]) of each run's domain, oldest run first."""
    from kg.namespaces import KG, PROV

    sparql = f"""
    SELECT ?domain (SAMPLE(?folder) AS ?dir) (SAMPLE(?config) AS ?cfg) (MIN(?started) AS ?first) WHERE {{
      ?run a <{KG.Run}> ; <{KG.domain}> ?domain .
      OPTIONAL {{ ?run <{PROV.startedAtTime}> ?started }}
      OPTIONAL {{ ?run <{KG.domainFolder}> ?folder }}
      OPTIONAL {{ ?run <{KG.configJson}> ?config }}
    }} GROUP BY ?domain ORDER BY ?first ?domain
    """
    out: list[tuple[str, list[str | None]]] = []
    for row in store.query(sparql, graph="provenance").bindings():
        name = str(row["domain"])
        given = None
        if "cfg" in row:
            try:
                given = str(json.loads(str(row["cfg"])).get("domain") or "") or None
            except (ValueError, AttributeError, RecursionError):
                given = None
        out.append((name, [str(row["dir"]) if "dir" in row else None, given]))
    return out


def _identity(folder: Path) -> tuple[str, str] | Path:
    """What makes two folders one domain: its (name, namespace); the folder itself when its
    relations.toml cannot be read."""
    from kg.ontology import domain_identity

    try:
        return domain_identity(folder)
    except (OSError, KGError):
        return folder


def _digest(folder: Path) -> str:
    """A digest of the files a domain is loaded from (its docs and caches left out), to tell a
    copy of a domain folder from an edited one."""
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = file.relative_to(folder)
        if file.suffix in (".md", ".pyc") or any(part.startswith((".", "__pycache__")) for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _differ(one: Path, other: Path) -> bool:
    try:
        return _digest(one) != _digest(other)
    except OSError:
        return True


def store_domains(store: Any) -> StoreDomains:
    """The domains ``store`` (a :class:`kg.store.Store`) records (see the module docstring).
    One domain (same name and namespace) found in two folders counts once: a store made by
    another checkout records that checkout's folder, and its kg.toml names the domain here.
    kg.toml's folder is kept; where the two folders' files differ, ``notes`` says which is used."""
    found = StoreDomains()
    kept: dict[tuple[str, str] | Path, int] = {}

    def add(name: str, specs: Sequence[str | None], source: str, base: Path | None = None) -> None:
        for spec in specs:
            if not spec:
                continue
            folder = _resolve(spec, base)
            if folder is None:
                continue
            key = _identity(folder)
            if key not in kept:
                kept[key] = len(found.specs)
                found.names.append(name)
                found.specs.append(str(folder))
                found.sources.append(source)
            elif source == "kg.toml" and found.specs[kept[key]] != str(folder):
                _prefer(kept[key], folder, source)
            return
        if name not in found.unresolved and name not in found.names:
            found.unresolved.append(name)

    def _prefer(at: int, folder: Path, source: str) -> None:
        old = Path(found.specs[at])
        if _differ(old, folder):
            found.notes.append(
                f"the store's runs used the domain {found.names[at]} from {old}, and its kg.toml names "
                f"{folder}, whose files differ; using kg.toml's (--domain {old}, or domain= in Python, uses the runs')"
            )
        found.specs[at], found.sources[at] = str(folder), source

    for name, folders in _run_domains(store):
        add(name, (*folders, name), "runs")
    location = str(getattr(store, "location", ""))
    if location and not location.startswith(("http://", "https://")):
        from kg.config import find_config

        path = find_config(location)
        if path is not None:
            try:
                import tomllib

                data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError) as exc:
                raise ConfigError(f"{path}: cannot read its domain: {exc}") from None
            domain = data.get("domain") if isinstance(data, dict) else None
            if isinstance(domain, str) and domain:
                add(Path(domain).name or domain, (domain,), "kg.toml", base=path.parent)
                folder = _resolve(domain, path.parent)
                found.configured = None if folder is None else str(folder)
    if not found.specs and not found.unresolved:
        from rdflib import Graph

        from kg.terms import from_ox

        graph = Graph()
        for q in store.match(graph="ontology"):
            graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        if len(graph):
            found.ontology = graph
            found.sources.append("ontology graph")
    return found


def own_domains(store: Any) -> Any:
    """The store's own domain(s), loaded (one, or a list), for reading and explaining its
    triples; None when it records none that loads here (its ontology graph then explains), since
    explaining a fact must not fail for a domain folder that moved."""
    try:
        domains, _ = domains_for(store)
    except KGError:
        return None
    return domains[0] if len(domains) == 1 else domains


def store_prefixes(store: Any) -> dict[str, str]:
    """The ``[domain] prefix`` and ``namespace`` of each domain ``store`` records
    (:func:`kg.ontology.domain_prefix`: its ``relations.toml`` alone), and the prefixes its
    ``ontology.ttl`` declares (``schema:``), so a query or a triple written by hand may use the
    domain's own prefix (``fd:calories``) as it may ``kgeo:``. A prefix the project predeclares
    (:data:`kg.namespaces.PREFIXES`) keeps its meaning; a folder that cannot be read adds none."""
    from kg.namespaces import PREFIXES
    from kg.ontology import declared_prefixes, domain_prefix, shadowed_prefix_warning, shadowed_prefixes

    out: dict[str, str] = {}
    for spec in store_domains(store).specs:
        try:
            prefix, namespace = domain_prefix(spec)
        except (OSError, KGError):
            continue
        for shadowed, ns in shadowed_prefixes(spec).items():  # a query using it finds kg's, not hers
            log.warning("warning: %s", shadowed_prefix_warning(shadowed, ns))
        if prefix not in PREFIXES:
            out.setdefault(prefix, namespace)
        for declared, ns in declared_prefixes(spec).items():  # ontology.ttl's own: schema:
            if declared not in PREFIXES:
                out.setdefault(declared, ns)
    return out


def entity_namespaces(store: Any) -> list[Namespace]:
    """Where the domains ``store`` records mint their entities (:func:`kg.ontology.domain_entities`),
    each once, in the store's order; a domain whose folder is not found here, or cannot be read,
    adds none."""
    return _entity_namespaces(store_domains(store).specs)


def _entity_namespaces(specs: Sequence[str]) -> list[Namespace]:
    from kg.ontology import domain_entities

    out: list[Namespace] = []
    for spec in specs:
        try:
            namespace = domain_entities(spec)
        except (OSError, KGError):
            continue
        if namespace not in out:
            out.append(namespace)
    return out


def store_entity_namespace(store: Any) -> Namespace:
    """Where a new entity of ``store`` is minted when no domain is named (a label
    :meth:`kg.api.KnowledgeGraph.add` or ``resolve`` meets first): its default domain's
    ``[domain] entities`` (kg.toml's domain, else its only one), else the one namespace all its
    domains mint in, else (no domain) kg's ``res:``. A store whose domains mint in different
    namespaces, and whose kg.toml names none of them, is a :class:`~kg.errors.ConfigError`: which
    one is the caller's to say."""
    from kg.namespaces import RESOURCE

    recorded = store_domains(store)
    spaces = _entity_namespaces([recorded.default] if recorded.default else recorded.specs)
    if len(spaces) > 1:
        raise ConfigError(
            f"the store's domains mint new entities in different namespaces ({', '.join(spaces)}) and its kg.toml "
            "names none of them; name the domain to mint in (domain=NAME)"
        )
    return spaces[0] if spaces else RESOURCE


def store_language(store: Any) -> str | None:
    """The language tag of the store's domains (``[domain] language``) when they have one, the
    same, else None: the language to show its entities' labels in."""
    from kg.ontology import load_domain

    codes = set()
    for spec in store_domains(store).specs:
        try:
            codes.add(load_domain(spec).language.code)
        except (OSError, KGError):
            continue
    return codes.pop() if len(codes) == 1 else None


def changed_domain_note(store: Any, domain: Any) -> str | None:
    """A note when the files of ``domain`` (a loaded :class:`~kg.ontology.Domain`) differ from
    those the store's latest run of that domain checked its facts under (its
    ``kg:domainDigest``), else None (also for a store whose runs recorded no digest). The stored
    facts are not re-checked: the note names the commands that list and re-derive."""
    from kg.namespaces import KG, PROV, RUN
    from kg.ontology import Domain

    if not isinstance(domain, Domain) or not domain.digest:
        return None
    sparql = f"""
    SELECT ?run ?digest ?started WHERE {{
      ?run a <{KG.Run}> ; <{KG.domain}> ?name ; <{KG.domainDigest}> ?digest .
      OPTIONAL {{ ?run <{PROV.startedAtTime}> ?started }}
      FILTER(STR(?name) = {json.dumps(domain.name)})
    }} ORDER BY DESC(?started) DESC(?run) LIMIT 1
    """
    latest = next(iter(store.query(sparql, graph="provenance").bindings()), None)
    if latest is None or str(latest["digest"]) == domain.digest:
        return None
    run = str(latest["run"]).removeprefix(str(RUN))
    when = f", started {latest['started']}" if "started" in latest else ""
    where = getattr(store, "location", None) or "DIR"
    return (
        f"the {domain.name} domain's files (ontology, shapes, relations, reference, rules) changed since the store's "
        f"latest run checked facts under them ({run}{when}): the stored facts were checked under the earlier domain "
        f"and are not re-checked; `kg validate --store {where}` lists the stored facts the domain now rejects, "
        f"`kg reason --store {where} --rebuild` re-derives the inferred graph"
    )


def domain_label(domain: Any) -> str:
    """A domain's name for messages (``"ontology graph"`` for a bare rdflib graph)."""
    name = getattr(domain, "name", None)
    return str(name) if name else "the store's ontology graph"


def domains_for(store: Any, given: Sequence[Any] | Any | None = None) -> tuple[list[Any], StoreDomains]:
    """The loaded domains to reason with: ``given`` (one domain or several: loaded, folders or
    shipped names), else the store's own (:func:`store_domains`); and what the store records.

    Raises :class:`~kg.errors.ConfigError` when no domain is given and the store records none,
    or records one that cannot be found here."""
    from kg.ontology import load_domain

    recorded = store_domains(store)
    if given is not None and not isinstance(given, (list, tuple)):
        given = [given]
    if given:
        from rdflib import Graph

        from kg.ontology import Domain

        wrong = [d for d in given if not isinstance(d, (str, Path, Domain, Graph))]
        if wrong:
            raise ConfigError(
                f"a domain is a loaded Domain, a domain folder or a shipped name (geography, commonsense), "
                f"not {type(wrong[0]).__name__} {str(wrong[0])[:60]!r}"
            )
        return [load_domain(d) if isinstance(d, (str, Path)) else d for d in given], recorded
    if recorded.unresolved:
        names = ", ".join(repr(n) for n in recorded.unresolved)
        raise ConfigError(
            f"the store's runs used the domain(s) {names}, which are not found here; pass "
            "--domain PATH for each domain folder"
        )
    if recorded.specs:
        for note in recorded.notes:
            log.warning("note: %s", note)
        try:
            return [load_domain(spec) for spec in recorded.specs], recorded
        except (OntologyError, KGError) as exc:
            raise ConfigError(f"cannot load the store's domain: {exc}; pass --domain") from None
    if recorded.ontology is not None:
        return [recorded.ontology], recorded
    raise ConfigError(
        "the store records no domain (no runs, no domain in its kg.toml, an empty ontology graph); "
        "pass --domain NAME (e.g. --domain geography)"
    )


def for_consistency(domains: Sequence[Any]) -> Any:
    """What an OWL consistency check reads for ``domains`` (as :func:`domains_for` gives them):
    the one domain, or the union of several domains' ontologies (an rdflib Graph). A domain
    that types its phrases by form (:func:`kg.forms.typed_by_form`: commonsense) leaves out its
    ``rdfs:domain`` and ``rdfs:range`` axioms: its gate types a phrase by its form, never by the
    relations that use it, so one phrase is rightly a tail of two relations whose ranges are
    disjoint ("relaxed" for xReact and for ObjectUse), and every store of it read as
    inconsistent (`kg reason --check` of the demo's store failed)."""
    from rdflib import RDFS, Graph

    from kg.forms import typed_by_form

    by_form = [typed_by_form(d) for d in domains]
    if len(domains) == 1 and not by_form[0]:
        return domains[0]
    union = Graph()
    for d, form in zip(domains, by_form):
        ontology = d if isinstance(d, Graph) else d.ontology
        if form:
            ontology = Graph() + ontology
            ontology.remove((None, RDFS.domain, None))
            ontology.remove((None, RDFS.range, None))
        union += ontology
    return union
