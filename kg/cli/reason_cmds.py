"""Reasoning commands: ``kg reason`` (materialise / check the store) and ``kg why``."""

from __future__ import annotations

import json
import sys
import time
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.tree import Tree

from kg.cli.common import StoreOption, console, progress_bar
from kg.errors import FormatError

DomainOption = Annotated[
    str, typer.Option("--domain", "-d", help="Domain folder or shipped domain name (geography, commonsense).")
]


def reason(
    store: StoreOption = "kg-store",
    domain: DomainOption = "geography",
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute the inferred graph from scratch (the default unless --check alone).")] = False,
    check: Annotated[bool, typer.Option("--check", help="Check OWL consistency of the accepted facts (Java); alone, only check.")] = False,
    reasoner: Annotated[str, typer.Option("--reasoner", help="hermit or pellet (for --check).")] = "hermit",
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Materialise the domain's rules (OWL 2 RL + rules/*.rq) into the inferred graph, from
    scratch, and/or check OWL consistency: `kg reason` materialises, `kg reason --check` only
    checks, `kg reason --rebuild --check` does both."""
    from kg.ontology import load_domain
    from kg.store import open_store
    from reasoners.rules import Materializer

    dom = load_domain(domain)
    with open_store(store) as st:
        asserted = st.count("accepted")
        if rebuild or not check:
            started = time.perf_counter()
            materializer = Materializer(dom, st)
            with progress_bar("materialising", total=asserted, quiet=quiet) as advance:
                n = materializer.rebuild(progress=advance)
            seconds = time.perf_counter() - started
            console.print(
                f"materialised {n:,} inferred triples from {asserted:,} asserted in {seconds:.1f} s "
                f"(domain {dom.name}, {len(materializer.rules.domain_rules)} domain rule(s))"
            )
            _summary(st, quiet)
        if check:
            _check(st, dom, reasoner)


def _summary(st, quiet: bool) -> None:
    """The inferred graph's ten largest predicates, as a table."""
    from reasoners.schema import short

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
        table.add_row(short(f"<{p.value}>"), f"{int(n.value):,}")
    console.print(table)


def _check(st, dom, reasoner: str) -> None:
    from kg.terms import from_ox
    from reasoners.owl import check_consistency

    facts = [(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in st.match(graph="accepted")]
    with console.status(f"checking consistency of {len(facts):,} facts with {reasoner}…"):
        report = check_consistency(dom, facts, reasoner=reasoner)
    if report.consistent:
        console.print(f"[green]consistent[/] ({reasoner}, {report.facts:,} facts, {report.seconds:.1f} s)")
        return
    console.print(f"[bold red]{report.message}[/] ({reasoner}, {report.reasoner_calls} reasoner runs, {report.seconds:.1f} s)")
    for s, p, o in report.responsible:
        console.print(f"  {s.n3()} {p.n3()} {o.n3()}", highlight=False, soft_wrap=True)
    sys.exit(1)  # an inconsistent store is a failed check


def why(
    triple: Annotated[str, typer.Argument(help='The triple: "Paris geo:capitalOf France", labels, prefixed names or <IRIs>.')],
    store: StoreOption = "kg-store",
    domain: Annotated[Optional[str], typer.Option("--domain", "-d", help="Domain whose rules explain inferred facts (default: the store's ontology graph).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="tree or json")] = "tree",
) -> None:
    """Explain a triple: provenance (accepted), derivation tree (inferred) or reasons (rejected)."""
    from kg.store import open_store
    from reasoners.explain import explain, parse_triple

    if format not in ("tree", "json"):
        raise FormatError(f"unknown output format {format!r}; use tree or json")
    dom = None
    if domain is not None:
        from kg.ontology import load_domain

        dom = load_domain(domain)
    with open_store(store) as st:
        t = parse_triple(st, triple, domain=dom)
        result = explain(st, t, domain=dom)
        if format == "json":
            console.print_json(json.dumps(result.to_dict()))
            return
        console.print(render(st, result), highlight=False)


def render(st, result) -> Tree:
    """A rich tree of an explanation, with labels next to IRIs."""
    from reasoners.schema import short, to_node

    labels: dict[str, str] = {}

    def name(t: str) -> str:
        if not t.startswith("<"):
            return t
        if t not in labels:
            label = None
            for graph in ("accepted", "rejected"):
                for q in st.match(to_node(t), to_node("<http://www.w3.org/2000/01/rdf-schema#label>"), None, graph=graph):
                    label = q.object.value
                    break
                if label:
                    break
            labels[t] = f'"{label}" ({short(t)})' if label else short(t)
        return labels[t]

    def text(triple) -> str:
        s, p, o = triple
        return f"{name(s)} {short(p)} {name(o)}"

    colour = {"accepted": "green", "inferred": "cyan", "rejected": "red", "unknown": "yellow"}[result.status]
    root = Tree(f"{text(result.triple)}  [bold {colour}]{result.status}[/]")

    def add(node: Tree, step) -> None:
        if step.status == "asserted":
            branch = node if node is root else node.add(f"{text(step.triple)}  [green]asserted[/]")
            for rec in step.provenance:
                if "source" in rec:
                    branch.add(f"loaded from {rec['source']}")
                    continue
                parts = [f"{k}={rec[k]!r}" for k in ("teacher", "prompt_id", "extractor", "confidence", "run") if rec.get(k) is not None]
                leaf = branch.add("support: " + ", ".join(parts))
                if rec.get("prompt"):
                    leaf.add(f"prompt: {rec['prompt'][:200]!r}")
                if rec.get("text"):
                    leaf.add(f"completion: {rec['text'][:200]!r}")
                if rec.get("span"):
                    leaf.add(f"span: {rec['span'][:200]!r}")
            if not step.provenance and node is not root:
                branch.add("[dim]no provenance recorded[/]")
            return
        label = f"[cyan]{step.rule}[/] ({'; '.join(step.axioms)})"
        branch = node.add(label) if node is root else node.add(f"{text(step.triple)}  by {label}")
        for p in step.premises:
            add(branch, p)

    if result.tree is not None:
        add(root, result.tree)
    for rej in result.rejections:
        conf = f", confidence {rej['confidence']:.2f}" if rej.get("confidence") is not None else ""
        branch = root.add(f"[red]rejected[/] candidate (extractor {rej.get('extractor')!r}{conf})")
        for r in rej["reasons"]:
            flag = " [yellow](needs review)[/]" if r["needs_review"] else ""
            branch.add(f"[{r['check']}] {r['message']}{flag}")
    if result.note:
        root.add(f"[dim]{result.note}[/]")
    return root


def register(app: typer.Typer) -> None:
    app.command()(reason)
    app.command()(why)


