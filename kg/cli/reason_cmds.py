"""Reasoning commands: ``kg reason`` (materialise / check the store) and ``kg why``."""

from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer
from rich.table import Table

from kg.cli.common import StoreOption, console, progress_bar, escape
from kg.cli.views import render
from kg.errors import FormatError, UsageError
from reasoners import reasoner_registry

REASONER_HELP = " | ".join(reasoner_registry.builtin_names()) + ", or a plugin's (kg plugins lists them); for --check"
"""``--reasoner``'s choices: the registered OWL reasoners (:data:`kg.registry.reasoners`)."""

DomainsOption = Annotated[
    Optional[list[str]],
    typer.Option(
        "--domain", "-d",
        help="Domain folder or shipped name (geography, commonsense); repeatable. Default: the domain(s) "
        "the store records (its runs, its kg.toml, its ontology graph).",
    ),
]


def reason(
    store: StoreOption = "kg-store",
    domain: DomainsOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Replace the inferred graph by these rules' consequences (drops what they do not derive).")] = False,
    check: Annotated[bool, typer.Option("--check", help="Check OWL consistency of the accepted facts (Java); alone, only check.")] = False,
    reasoner: Annotated[str, typer.Option("--reasoner", help=REASONER_HELP)] = "hermit",
    format: Annotated[str, typer.Option("--format", "-f", help="table (for people) | json | csv | tsv: what was materialised.")] = "table",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no table of the inferred predicates.")] = False,
) -> None:
    """Materialise the rules of the store's domain(s) (OWL 2 RL + rules/*.rq) into the inferred
    graph, and/or check OWL consistency: `kg reason` adds what is missing and removes nothing,
    `kg reason --rebuild` recomputes the inferred graph from scratch, `kg reason --check` only
    checks, `kg reason --rebuild --check` does both. Without --domain, the domain(s) are the
    store's own."""
    from kg.cli.common import emit, err_console, output_format
    from kg.domains import changed_domain_note, domain_label, domains_for, for_consistency
    from kg.store import open_store
    from reasoners.rules import Materializer

    fmt = output_format(format)
    with open_store(store) as st:
        domains, recorded = domains_for(st, domain or None)
        names = [domain_label(d) for d in domains]
        if domain and (recorded.names or recorded.unresolved):
            folders = {str(Path(d.path).resolve()) for d in domains if getattr(d, "path", None) is not None}
            given = {getattr(d, "name", None) for d in domains}
            foreign = [n for n, spec in zip(recorded.names, recorded.specs) if spec not in folders]
            foreign += [n for n in recorded.unresolved if n not in given]
            if foreign:
                what = "replaces the inferred graph and drops" if rebuild else "keeps"
                err_console.print(
                    f"[yellow]note:[/] the store's runs used the domain(s) {', '.join(foreign)} too; reasoning "
                    f"with {', '.join(names)} alone {what} their inferences (omit --domain to use the store's own)",
                    highlight=False, soft_wrap=True,
                )
        for note in filter(None, (changed_domain_note(st, d) for d in domains)):
            err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, soft_wrap=True)
        target = domains[0] if len(domains) == 1 else domains
        asserted = st.count("accepted")
        summary: dict = {"domains": names, "asserted": asserted}
        materializer = Materializer(target, st)  # built once: it reads the schema and the store's rules
        if rebuild or not check:
            started = time.perf_counter()
            with progress_bar("materialising", total=asserted, quiet=quiet or fmt != "table") as advance:
                if rebuild:
                    before = st.count("inferred")
                    n = materializer.rebuild(progress=advance)
                    summary.update(mode="rebuild", inferred=n, before=before)
                else:
                    update = materializer.update(progress=advance)
                    summary.update(
                        mode="update", inferred=update.total, added=update.added, kept=update.kept,
                        now_asserted=update.now_asserted,
                    )
            summary["seconds"] = round(time.perf_counter() - started, 3)
            summary["domain_rules"] = len(materializer.rules.domain_rules)
            if fmt == "table":
                _say_materialised(summary)
                _summary(st, quiet, _prefixes(st, domains))
        clashes = materializer.clashes(ignore=_typed_by_form_classes(domains))
        count = clashes.count
        summary["disjoint_class_clashes"] = count
        if count:
            from reasoners.domain_rules import store_rules

            summary["clashes"] = _say_clashes(clashes, _prefixes(st, domains), mined_rules=bool(store_rules(st)))
        if check:
            report = _check(st, for_consistency(domains), reasoner, quiet=fmt != "table", domains=domains, clashes=count)
            summary["consistent"] = report.consistent and not count
            if not report.consistent:  # the facts the table names
                summary["responsible"] = [_fact(t, _prefixes(st, domains)) for t in report.responsible]
        rows = [(k, ", ".join(v) if isinstance(v, list) else v) for k, v in summary.items()]
        emit(fmt, data=summary, columns=("key", "value"), rows=rows)
        if check and not summary["consistent"]:
            sys.exit(1)  # an inconsistent store is a failed check


def _typed_by_form_classes(domains: list) -> set[str]:
    """The classes (N-Triples terms) of the domains that type phrases by form (commonsense):
    there a relation's range types a phrase as it is used, so one phrase may get two."""
    from rdflib import OWL, RDF

    from kg.forms import typed_by_form
    from kg.ontology import ontology_of

    out = set()
    for d in domains:
        if typed_by_form(d):
            out |= {f"<{c}>" for c in ontology_of(d).subjects(RDF.type, OWL.Class)}
    return out


def _say_clashes(clashes: Any, prefixes: dict[str, str], *, mined_rules: bool) -> list[str]:
    """Warn of the entities in two disjoint classes: those the accepted facts put there
    themselves (loaded, not gated), and those the inferences do: an axiom of the domain over
    accepted facts (an ``rdfs:domain`` narrowed after they were accepted) or a rule derived
    something wrong (``kg rules reject`` only where the store has accepted ``mined_rules``);
    returns them as lines."""
    from kg.namespaces import prefixed_name

    from kg.cli.common import err_console

    name = lambda t: prefixed_name(t[1:-1], prefixes) or t  # noqa: E731
    said = lambda shown: [f"{name(e)} is a {name(a)} and a {name(b)}" for e, a, b in shown]  # noqa: E731
    entities = lambda n: f"{n:,} {'entity is' if n == 1 else 'entities are'}"  # noqa: E731
    if clashes.asserted:
        first = said(clashes.shown_asserted)
        err_console.print(
            f"[yellow]warning:[/] {entities(clashes.asserted)} in two disjoint classes by the accepted facts themselves "
            f"({'; '.join(first)}{', ...' if clashes.asserted > len(first) else ''}), no rule involved. "
            "`kg validate --store STORE` lists the facts the domain's checks reject",
            highlight=False, soft_wrap=True,
        )
    if clashes.derived:
        first = said(clashes.shown_derived)
        err_console.print(
            f"[yellow]warning:[/] {entities(clashes.derived)} in two disjoint classes once the rules have run "
            f"({'; '.join(first)}{', ...' if clashes.derived > len(first) else ''}): an axiom or a rule derives a type "
            "that contradicts the accepted facts (an rdfs:domain or rdfs:range over a fact accepted before the ontology "
            "changed, or a wrong rule). `kg why '<entity> a <class>'` shows which axiom or rule and from which facts; "
            "`kg validate --store STORE` lists the accepted facts the domain's checks now reject"
            + ("; `kg rules reject ID` and `kg reason --rebuild` take a mined rule's inferences out" if mined_rules else ""),
            highlight=False, soft_wrap=True,
        )
    return [f"{line} (asserted)" for line in said(clashes.shown_asserted)] + [
        f"{line} (inferred)" for line in said(clashes.shown_derived)
    ]


def _fact(t: tuple, prefixes: dict[str, str]) -> str:
    """A fact as the tables print it: prefixed names where a prefix fits, else N-Triples."""
    from rdflib import URIRef

    from kg.namespaces import prefixed_name

    return " ".join((prefixed_name(str(x), prefixes) or f"<{x}>") if isinstance(x, URIRef) else x.n3() for x in t)


def _say_materialised(s: dict) -> None:
    domains = ", ".join(s["domains"])
    rules = f"{s['domain_rules']} domain rule(s)"
    if s["mode"] == "rebuild":
        console.print(
            f"materialised {s['inferred']:,} inferred triples from {s['asserted']:,} asserted in {s['seconds']:.1f} s "
            f"(rebuilt from scratch; {s['before']:,} before; domain {domains}, {rules})",
            highlight=False, soft_wrap=True,
        )
        return
    kept = (
        f"; kept {s['kept']:,} these rules do not derive (--rebuild drops them)" if s["kept"] else ""
    )
    console.print(
        f"materialised {s['added']:,} new inferred triples from {s['asserted']:,} asserted in {s['seconds']:.1f} s; "
        f"the inferred graph holds {s['inferred']:,}{kept} (domain {domains}, {rules})",
        highlight=False, soft_wrap=True,
    )


def _prefixes(st, domains: list) -> dict[str, str]:
    """The prefixes a table or tree names terms by: the project's, the store's domains' and the
    given domains' (``fd:cuisine``)."""
    from kg.domains import store_prefixes
    from kg.namespaces import PREFIXES
    from kg.ontology import Domain

    return {**PREFIXES, **store_prefixes(st), **{str(d.prefix): str(d.namespace) for d in domains if isinstance(d, Domain)}}


def _summary(st, quiet: bool, prefixes: dict[str, str]) -> None:
    """The inferred graph's ten largest predicates, as a table."""
    from kg.namespaces import prefixed_name

    if quiet:
        return
    rows = list(
        st.query(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH graph:inferred { ?s ?p ?o } } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10",
            graph="all",
        )
    )
    table = Table(title="inferred triples by predicate")
    table.add_column("predicate")
    table.add_column("triples", justify="right")
    for p, n in rows:
        table.add_row(escape(prefixed_name(p.value, prefixes) or f"<{p.value}>"), f"{int(n.value):,}")
    console.print(table)


def _check(st, dom, reasoner: str, *, quiet: bool = False, domains: list | None = None, clashes: int = 0) -> Any:
    """Check OWL consistency of the accepted facts; prints the verdict (unless ``quiet``) and
    returns the report: the facts to blame by prefixed name, and, where the domain's checks can say it,
    why in words. ``clashes``: entities the rules' inferences put in two disjoint classes
    (printed above): the store is then inconsistent though the accepted facts are not (the
    headline said "consistent" while the check exited 1)."""
    from extractors.datatypes import rdflib_quiet
    from kg.terms import from_ox
    from reasoners.owl import check_consistency

    with rdflib_quiet():  # an ill-typed stored value: rdflib logged a traceback; the check blames it
        facts = [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in st.match(graph="accepted")]
    if quiet:
        return check_consistency(dom, facts, reasoner=reasoner)
    with console.status(f"checking consistency of {len(facts):,} facts with {reasoner}…"):
        report = check_consistency(dom, facts, reasoner=reasoner)
    for note in report.notes:
        console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, soft_wrap=True)
    if report.consistent and clashes:
        console.print(
            f"[bold red]inconsistent once the rules have run[/]: {clashes:,} {'entity is' if clashes == 1 else 'entities are'} "
            f"in two disjoint classes (the warning above); the accepted facts alone are consistent "
            f"({reasoner}, {report.facts:,} facts, {report.seconds:.1f} s)", highlight=False, soft_wrap=True,
        )
        return report
    if report.consistent:
        console.print(f"[green]consistent[/] ({reasoner}, {report.facts:,} facts, {report.seconds:.1f} s)")
        return report
    console.print(f"[bold red]{report.message}[/] ({reasoner}, {report.reasoner_calls} reasoner runs, {report.seconds:.1f} s)")
    prefixes = _prefixes(st, domains or [])
    for t in report.responsible:
        console.print(escape(f"  {_fact(t, prefixes)}"), highlight=False, soft_wrap=True)
    for reason in _in_words(report.responsible, domains or []):
        console.print(escape(f"  why: {reason}"), highlight=False, soft_wrap=True)
    console.print(
        "  (the reasoner names one smallest set of facts; `kg validate --store STORE` lists every fact the "
        "domain's checks reject, with its reasons)", highlight=False, soft_wrap=True,
    )
    return report


def _in_words(facts: tuple, domains: list) -> list[str]:
    """What the domain's checks say of the reasoner's conflicting facts, checked as one batch:
    the reasoner's raw triples named no axiom ("work1 director person0; work1 a Book"), the
    checks say "director needs a Film as its subject, but work1 is a Book ...; Book and Film
    are disjoint". Empty where they find nothing (an axiom only the reasoner reads)."""
    from kg.ontology import Domain
    from kg.records import Candidate
    from kg.validate import Validator

    if len(domains) != 1 or not isinstance(domains[0], Domain):
        return []
    from kg.validate.batch import EARLIER_IN_BATCH, TYPED_IN_BATCH

    cands = [Candidate(s, p, o, extractor="reasoner") for s, p, o in facts]
    verdicts = Validator(domains[0], use_reference=False).validate(cands)
    # the facts are the store's, checked together: no batch (a user read "from an earlier candidate of this batch")
    messages = (r.message.replace(EARLIER_IN_BATCH, "another of these facts").replace(TYPED_IN_BATCH, "an rdf:type fact among these")
                for v in verdicts for r in v.reasons)
    return list(dict.fromkeys(messages))


ENTITY_FACTS = 25
"""How many of an entity's facts ``kg why NAME`` explains; it counts the rest."""


def why(
    words: Annotated[list[str], typer.Argument(metavar="TRIPLE", help='The triple, as one string or three words: "Paris kgeo:capitalOf France" '
                                               'or Paris kgeo:capitalOf France ("New York City" as one word), labels, prefixed names or <IRIs>; '
                                               'or one entity\'s name alone ("Anne Boleyn", res:anne_boleyn): each of its facts explained.')],
    store: StoreOption = "kg-store",
    domain: Annotated[Optional[str], typer.Option("--domain", "-d", help="Domain whose rules and names explain the triple (default: the store's own domain(s), else its ontology graph).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="tree or json")] = "tree",
) -> None:
    """Explain a triple: provenance (accepted), derivation tree (inferred) or reasons (rejected); or, given one entity's name
    alone, each of its facts (as subject or object) so."""
    from kg.errors import QueryError
    from kg.store import open_store
    from reasoners.explain import entity_named, explain, parse_triple

    format = format.lower()
    if format not in ("tree", "json"):
        raise FormatError(f"unknown output format {format!r}; use tree or json")
    triple = _one_triple(words)
    dom: Any = None
    if domain is not None:
        from kg.ontology import load_domain

        dom = load_domain(domain)
    with open_store(store) as st:
        if dom is None:
            from kg.domains import own_domains

            dom = own_domains(st)
        try:
            t = parse_triple(st, triple, domain=dom)
        except QueryError as exc:
            entity = entity_named(st, triple, domain=dom)
            if entity is None:
                raise QueryError(f"{exc}; or give one entity's name alone (quoted where it holds spaces) to explain each of its facts") from None
            _why_entity(st, entity, dom, format)
            return
        result = explain(st, t, domain=dom)
        if format == "json":
            console.print_json(json.dumps(result.to_dict()))
            return
        _print_tree(st, result, dom)


def _one_triple(words: list[str]) -> str:
    """The triple ``kg why`` was given, as one string: one argument as it is ("Paris kgeo:capitalOf France", or an
    entity's name), three as the subject, predicate and object, each quoted where it holds a space (`kg why "New York
    City" demo:population 8336817`: its hint wrote three words, and three words were "unexpected extra arguments")."""
    if len(words) == 1:
        return words[0]
    if len(words) != 3:
        raise UsageError(f"kg why takes one triple, as one quoted string or as three words (subject, predicate, object), or one "
                         f"entity's name; got {len(words)} words: {' '.join(words)!r}")
    return " ".join(shlex.quote(word) if any(ch.isspace() for ch in word) else word for word in words)


def _why_entity(st: Any, entity: Any, dom: Any, format: str) -> None:
    """``kg why NAME``: each of the entity's facts (:func:`reasoners.explain.facts_of`) explained,
    :data:`ENTITY_FACTS` at most, and how many more there are."""
    from reasoners.explain import explain, facts_of

    facts = facts_of(st, entity, limit=ENTITY_FACTS + 1)
    shown = [explain(st, t, domain=dom) for t in facts[:ENTITY_FACTS]]
    more = len(facts_of(st, entity)) - len(shown) if len(facts) > ENTITY_FACTS else 0
    if format == "json":
        console.print_json(json.dumps({"entity": str(entity), "facts": [r.to_dict() for r in shown], "more": more}))
        return
    console.print(escape(f"{len(shown) + more} facts of <{entity}>; `kg why SUBJECT PREDICATE OBJECT` explains one"),
                  highlight=False, soft_wrap=True)
    for result in shown:
        _print_tree(st, result, dom)
    if more:
        console.print(escape(f"... and {more} more (`kg query` lists them all)"), highlight=False, soft_wrap=True)


def _reference_label(domains: list[Any]) -> Callable[[str], str | None]:
    """An entity's label in the domains' reference graphs, by its ``<IRI>`` (None where none
    holds one): a reference-only entity of a proof is named, not shown as a bare IRI."""
    from rdflib import RDFS, URIRef

    from kg.ontology import Domain

    graphs = [d.reference for d in domains if isinstance(d, Domain) and d.reference is not None]

    def label(t: str) -> str | None:
        iri = URIRef(t[1:-1])
        return next((str(x) for g in graphs for x in g.objects(iri, RDFS.label)), None)

    return label


def _print_tree(st: Any, result: Any, dom: Any) -> None:
    """An explanation as a tree: on a terminal as wide as it is, in a file or a pipe every line whole
    (a support's run and "retracted" come last), never cut at the console's 80 columns."""
    given = list(dom) if isinstance(dom, (list, tuple)) else [dom]
    tree = render(st, result, _prefixes(st, given), _reference_label(given))
    if console.is_terminal:
        console.print(tree, highlight=False)
        return
    from rich.measure import Measurement

    width = console.width
    console.width = max(width, Measurement.get(console, console.options.update_width(1_000_000), tree).maximum)
    try:
        console.print(tree, highlight=False)
    finally:
        console.width = width


def register(app: typer.Typer) -> None:
    app.command()(reason)
    app.command()(why)


