"""Store commands: init, load, query, stats, export."""

from __future__ import annotations

import contextlib
import io
import shlex
import shutil
import tempfile
import time
from pathlib import Path
from typing import IO, Annotated, Any, Optional, cast

import typer
from rich.table import Table

from kg.cli.common import (
    escape,
    FormatOption,
    JsonAlias,
    StoreOption,
    console,
    emit,
    err_console,
    existing_file,
    is_stdout,
    open_kg,
    output_format,
    progress_bar,
    stdout_lines,
    terminate_as_interrupt,
)
from kg.errors import ConfigError, FormatError, QueryError, UsageError

QUERY_FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld")


def init(
    directory: Annotated[Path, typer.Argument(help="Directory for the new store (absent or empty).")],
    domain: Annotated[
        Optional[str], typer.Option("--domain", "-d", help="Domain folder; also writes a commented DIR/kg.toml.")
    ] = None,
    teacher: Annotated[Optional[str], typer.Option("--teacher", "-t", help="Teacher spec for kg.toml.")] = None,
) -> None:
    """Create a new, empty store (with --domain: and a commented kg.toml inside it)."""
    from kg.api import KnowledgeGraph

    if domain is not None:  # a domain that will not load is said now, before a store is made for it
        from kg.ontology import load_domain

        load_domain(domain)
    with KnowledgeGraph.create(directory):
        pass
    console.print(f"created an empty store in [bold]{directory}[/]")
    if domain is not None:
        from kg.config import CONFIG_NAME, default_toml

        path = directory / CONFIG_NAME
        folder = _domain_for_toml(domain)
        text = default_toml(domain=folder, store=str(directory.absolute()), teacher=teacher or "")
        path.write_text(text, encoding="utf-8")
        console.print(f"wrote {path}: `kg distill --store {shlex.quote(str(directory))}` reads it; flags override it", highlight=False, soft_wrap=True)


def _domain_for_toml(domain: str) -> str:
    """How kg.toml names ``--domain``: a shipped domain by its name (so the store still reads it
    after the checkout it was reached through is gone, or from an installed package); another
    folder by its absolute path, since the file is read from wherever a later command runs
    ("pharma" from the folder kg init ran in was "no domain folder" from any other)."""
    from kg.ontology import domains_dir

    path = Path(domain)
    if not path.is_dir():
        return domain
    if path.resolve().parent == domains_dir().resolve():
        return path.resolve().name
    return str(path.absolute())


def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: .ttl .nt .nq .trig .rdf/.owl .jsonld, also compressed (.nt.gz, .ttl.bz2, .nq.xz)")],
    store: StoreOption = "kg-store",
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Override the format.")] = None,
    graph: Annotated[str, typer.Option("--graph", "-g", help="Target graph of triples (quads keep their own graph).")] = "accepted",
    into_own_graphs: Annotated[
        bool, typer.Option("--into-own-graphs", help="Let quads name the store's own graphs (accepted, rejected, provenance, ...).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Load RDF files into the store (with provenance source=file). A malformed file adds nothing.
    N-Quads/TriG keep their graph names; quads into the store's own graphs need --into-own-graphs."""
    for f in files:
        existing_file(f)
    with open_kg(store) as kg:
        total = 0
        for f in files:
            with progress_bar(f"loading {f.name}", quiet=quiet) as advance:
                n = kg.load(f, format=format, graph=graph, progress=advance, into_own_graphs=into_own_graphs)
            total += n
            console.print(f"{f}: {n:,} triples")
        from kg.store.formats import RDF_FORMATS, guess_format

        datasets = any(RDF_FORMATS[guess_format(f, format)].supports_datasets for f in files)
        where = f"(default-graph triples into [bold]{graph}[/], quads into their own graphs)" if datasets else f"into [bold]{graph}[/]"
        console.print(f"loaded {total:,} triples {where}")
        if graph == "accepted" and kg.query("ASK { GRAPH graph:accepted { ?o a owl:Ontology } }", graph="all").boolean:
            err_console.print(
                "[yellow]note:[/] the accepted graph holds an owl:Ontology: its classes and axioms count as knowledge "
                "there; load an ontology with --graph ontology (kg reason, kg why and the students read its axioms there)",
                highlight=False, soft_wrap=True,
            )


def query(
    sparql: Annotated[Optional[str], typer.Argument(help="The SPARQL query (or use --file).")] = None,
    store: StoreOption = "kg-store",
    file: Annotated[Optional[Path], typer.Option("--file", help="Read the query from a .rq file.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="|".join(QUERY_FORMATS))] = "table",
    graph: Annotated[Optional[str], typer.Option("--graph", "-g", help="Default graph: knowledge (default), all, or one graph.")] = None,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    if file is not None:
        sparql = existing_file(file).read_text(encoding="utf-8-sig")
    if not sparql:
        raise QueryError("give a query as an argument or with --file Q.rq")
    format = output_format(format, allowed=QUERY_FORMATS)  # -f JSON as every other command reads it
    with open_kg(store) as kg:
        result = kg.query(sparql, graph=graph)
        if result.kind == "graph" and format in ("json", "csv", "tsv", "xml"):
            raise FormatError("a CONSTRUCT/DESCRIBE result is a graph; use --format turtle, ntriples or jsonld")
        if result.kind != "graph" and format in ("turtle", "ntriples", "jsonld"):
            raise FormatError(f"a {result.kind.upper()} result is a table; use --format table, json, xml, csv or tsv")
        try:  # rows are computed as they are read: a SERVICE that cannot be reached fails here
            if format == "table":
                print_table(result, kg.prefixes())
            else:  # ended with a line break: pyoxigraph ends ASK in csv/tsv/json/xml, SELECT in
                with stdout_lines() as out:  # json/xml and JSON-LD without one (`| read -r` failed)
                    result.write(out, format)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None


def print_table(result, prefixes: dict[str, str] | None = None) -> None:
    """A query's result as a table for people: IRIs as prefixed names where ``prefixes`` fit
    (``res:paris``, ``fd:cuisine``), literals as their text; ``--format json|csv|...`` keeps
    full IRIs for scripts."""
    if result.kind == "ask":
        console.print("yes" if result.boolean else "no")
        return
    table = Table(*result.variables, show_lines=False)
    n = 0
    for row in result:
        table.add_row(*("" if v is None else escape(_short(v, prefixes or {})) for v in row))  # data, not markup
        n += 1
    console.print(table)
    err_console.print(f"{n} row{'s' if n != 1 else ''}")


def _short(term, prefixes: dict[str, str]) -> str:
    import pyoxigraph as ox

    from kg.namespaces import prefixed_name

    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return prefixed_name(term.value, prefixes) or term.value
    return str(term)


def teacher_cache_info(store: str) -> dict[str, Any]:
    """Where ``kg distill --store STORE`` keeps the teacher's answers (the store's ``kg.toml``
    applied), and how many it holds."""
    from kg.config import find_config, load_config
    from kg.pipeline import teacher_cache_path

    try:
        config = load_config(find_config(store), {"store": store})
    except ConfigError as exc:  # the counts are still worth showing; the cache is the default's
        err_console.print(f"[yellow]warning:[/] {exc}; the teacher cache shown is the default's", highlight=False, soft_wrap=True)
        config = load_config(None, {"store": store})
    path = teacher_cache_path(config)
    info: dict[str, Any] = {"path": str(path), "exists": False, "answers": None, "bytes": None, "read": not config.teacher.no_cache}
    if path.is_file():
        import sqlite3

        info["exists"] = True
        info["bytes"] = path.stat().st_size
        try:
            with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
                info["answers"] = int(db.execute("SELECT COUNT(*) FROM completions").fetchone()[0])
        except sqlite3.Error:
            pass
    return info


def stats(
    store: StoreOption = "kg-store",
    format: FormatOption = "table",
    top: Annotated[int, typer.Option(help="How many predicates and classes to list.")] = 20,
    as_json: JsonAlias = False,
) -> None:
    """Counts per graph, per predicate and per class, and where the teacher cache is."""
    fmt = output_format(format, as_json)
    with open_kg(store) as kg:
        s = kg.stats()
        short = {key: kg.short(key) for key in [*s.predicates, *s.classes]}  # the table's names
        ontology = _ontology_note(kg.store) if not s.graphs.get("ontology") else None
    cache = teacher_cache_info(store)
    data = {**s.as_dict(), "teacher_cache": cache}
    rows: list[tuple[str, str, Any]] = [("graph", name, n) for name, n in s.graphs.items()]
    rows.append(("entities", "knowledge", s.entities))
    rows += [("predicate", key, n) for key, n in s.predicates.items()]
    rows += [("class", key, n) for key, n in s.classes.items()]
    rows.append(("teacher_cache", cache["path"] or "", cache["answers"]))
    if emit(fmt, data=data, columns=("kind", "name", "count"), rows=rows):
        return
    t = Table("graph", "triples", title=f"store {store}")
    for name, n in s.graphs.items():
        t.add_row(name, f"{n:,}")
    console.print(t)
    if ontology:
        console.print(ontology, highlight=False, soft_wrap=True, markup=False)
    console.print(f"entities (knowledge): {s.entities:,}")
    for title, counts in (("predicate", s.predicates), ("class", s.classes)):
        if not counts:  # an empty store, or facts loaded without types (kg reason adds them)
            console.print(f"{title}es: none" if title == "class" else f"{title}s: none")
            continue
        t = Table(title, "count")
        for key, n in list(counts.items())[:top]:
            t.add_row(short[key], f"{n:,}")
        console.print(t)
    if cache["exists"]:
        answers = f"{cache['answers']:,} answers, " if cache["answers"] is not None else ""
        where = f"{cache['path']} ({answers}{cache['bytes'] / 1e6:.1f} MB)"
    else:
        where = f"{cache['path']} (not written yet)"
    if not cache["read"]:
        where += "; not read: teacher.no_cache asks the teacher anew and writes its answers here"
    console.print(f"teacher cache: {where}", highlight=False, soft_wrap=True, markup=False)


def _ontology_note(store: Any) -> str:
    """Where the ontology of a store whose ``ontology`` graph is empty is read: its domain folder's
    ontology.ttl (``kg init --domain`` and ``kg distill`` copy nothing into the graph, so that an edited
    folder is read as it is); the graph holds one loaded with ``kg load FILE --graph ontology``, read
    where the store records no domain (:func:`kg.domains.store_domains`)."""
    from kg.domains import store_domains
    from kg.errors import KGError

    try:
        files = ", ".join(str(Path(spec) / "ontology.ttl") for spec in store_domains(store).specs)
    except KGError:  # a kg.toml that does not read: said elsewhere
        files = ""
    if not files:
        return ("the ontology graph is empty and the store records no domain: commands that need an ontology take --domain, "
                "or `kg load FILE --graph ontology` fills the graph")
    return (f"the ontology graph is empty: the ontology is read from the store's domain folder, {files} "
            "(`kg load FILE --graph ontology` fills the graph, read where a store records no domain)")


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="Output file, - for standard output (a directory for neo4j-csv).")],
    store: StoreOption = "kg-store",
    format: Annotated[
        Optional[str], typer.Option("--format", "-f", help="Export format (default: from the output's extension; turtle for -).")
    ] = None,
    graph: Annotated[
        str,
        typer.Option(
            "--graph",
            "-g",
            help="accepted, inferred, rejected (the quarantine; quarantine names it too), provenance, ontology, rules, "
            "knowledge (accepted+inferred), all, or the IRI of a graph kg load kept from N-Quads or TriG. -f atomic "
            "writes accepted, inferred or rejected (the candidates the critic rejected).",
        ),
    ] = "accepted",
    domain: Annotated[
        Optional[str],
        typer.Option("--domain", "-d", help="-f atomic: write this domain's relations only (default: the store's domain, "
                     "its kg.toml's where the store holds several). Other formats write the whole graph."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Export a graph: turtle, ntriples, nquads, trig, jsonld, rdfxml, graphml, gexf, csv, neo4j-csv, parquet, ...

    The format follows the output's extension (graph.graphml, graph.ttl, edges.csv: an edge list, ...) unless --format
    names it; a format that contradicts the extension is refused."""
    from kg.export import FOLDER_FORMATS, PROPERTY_GRAPH_EXPORTS, export_format
    from kg.store import graph_names

    to_stdout = is_stdout(output)
    if to_stdout:
        fmt = export_format("-", format or "turtle")
        if fmt in FOLDER_FORMATS:
            raise FormatError(f"{fmt} writes a folder of files, not one stream; give -o DIR")
    else:
        fmt = export_format(output, format)
    # a property graph's count is its edges: its nodes carry the types and literal values
    what = "edges (types and literal values are node properties)" if fmt in PROPERTY_GRAPH_EXPORTS else "triples"
    what = "rows (head,relation,tail; labels name the nodes)" if fmt == "csv" else what
    if domain is not None and fmt != "atomic":
        raise UsageError(f"--domain chooses the relations of an atomic export (COMET rows); a {fmt} export writes the whole graph")
    graph = "rejected" if graph == "quarantine" else graph  # the docs' word for the rejected graph
    graph_names(graph)  # an unknown name fails before the progress bar shows it being exported
    with open_kg(store) as kg, terminate_as_interrupt():  # SIGTERM too removes a half-written file
        with progress_bar(f"exporting {graph} as {fmt}", quiet=quiet) as advance:
            n = (_export_to_stdout(kg, fmt, format, graph, advance, domain) if to_stdout
                 else kg.export(output, format=fmt, graph=graph, progress=advance, domain=domain))
        unreadable = kg.export_review(io.StringIO(), graph="unreadable") if graph == "rejected" and fmt == "atomic" else 0
    if not to_stdout:
        console.print(f"wrote {n:,} {what} to {output}")
        if fmt == "pyg":  # torch.load's default (weights_only=True) refuses a Data object
            console.print(f"a torch_geometric Data: torch.load({str(output)!r}, weights_only=False)", highlight=False)
    elif not quiet:
        err_console.print(f"wrote {n:,} {what} to standard output")
    if unreadable and not quiet:
        from kg.cli.review_cmds import unreadable_note

        err_console.print(unreadable_note(unreadable, store), highlight=False, soft_wrap=True)


def _export_to_stdout(kg: Any, fmt: str, asked: str | None, graph: str, advance: Any, domain: str | None = None) -> int:
    """``kg export -o -``: an RDF format streamed as it is read; another written to a temporary
    file (named for its format: atomic's .tsv, or .jsonl with -f jsonl) and copied out."""
    from kg.export import RDF_EXPORTS, stream_extension, write_export

    with stdout_lines() as out:  # JSON-LD and RDF/XML end without a line break
        if fmt in RDF_EXPORTS:
            return write_export(kg.store, cast(IO[bytes], out), format=fmt, graph=graph, progress=advance)
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            path = Path(tmp) / f"export{stream_extension(fmt, asked)}"
            n = kg.export(path, format=fmt, graph=graph, progress=advance, domain=domain)
            with path.open("rb") as fh:
                shutil.copyfileobj(fh, out)
        return n


def backup(
    target: Annotated[Path, typer.Argument(help="The backup's directory (absent or empty): itself a store.")],
    store: StoreOption = "kg-store",
) -> None:
    """Copy the whole store, consistently, into a new directory: the graphs (a database
    checkpoint: hard links on the same file system, seconds for any size), the teacher cache,
    kg.toml, trained students. The copy is a store: --store it, or move it where the original was."""
    started = time.monotonic()
    with open_kg(store) as kg:
        path = kg.backup(target)
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    console.print(f"backed up {store} to {path} ({size / 1e6:,.1f} MB, {time.monotonic() - started:.1f} s); it is a store: kg stats --store {target}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(load)
    app.command()(query)
    app.command()(stats)
    app.command()(export)
    app.command()(backup)
