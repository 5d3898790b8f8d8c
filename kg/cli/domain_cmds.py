"""``kg domain new`` (a domain folder from an ontology someone already has) and ``kg domain
show`` (what a domain folder holds, checked as a run would load it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from kg.cli.common import FormatOption, console, emit, err_console, escape, existing_file, output_format

domain_app = typer.Typer(help="Domains: derive one from an ontology, show one.", no_args_is_help=True)

COLUMNS = ("relation", "iri", "kind", "prompt", "reference_facts")


def new(
    folder: Annotated[Path, typer.Argument(help="The domain folder to write (absent or empty).")],
    ontology: Annotated[Path, typer.Option("--ontology", "-o", help="The OWL ontology: Turtle, or RDF/XML as Protégé saves it (N-Triples, N3, TriG, JSON-LD are converted).")],
    name: Annotated[Optional[str], typer.Option(help="The domain's name (default: the folder's).")] = None,
    prefix: Annotated[Optional[str], typer.Option(help="The prefix of its namespace in queries (default: the one the ontology declares).")] = None,
    namespace: Annotated[Optional[str], typer.Option(help="Its namespace (default: the one most of the ontology's properties share).")] = None,
) -> None:
    """Derive a domain folder from an OWL ontology: relations.toml with a prompt per object and
    data property (from its label, range and characteristics), shapes.ttl, seeds.txt from its
    named individuals and most specific classes, a README; checked as a run loads it."""
    from kg.scaffold import scaffold_domain

    made = scaffold_domain(existing_file(ontology), folder, name=name, prefix=prefix, namespace=namespace)
    console.print(
        f"wrote {escape(str(made.folder))}: {len(made.relations)} relations, {made.seeds} seed{'' if made.seeds == 1 else 's'} "
        f"(domain {escape(made.name)!r}, prefix {escape(made.prefix)}: <{escape(made.namespace)}>)"
    )
    for note in made.notes:
        console.print(f"note: {escape(note)}")
    console.print(
        f"review its prompts ({escape(str(made.folder / 'relations.toml'))}) and seeds, then: "
        f"kg init STORE --domain {escape(str(made.folder))}"
    )


def show(
    domain: Annotated[str, typer.Argument(help="A domain folder, or a shipped domain's name (geography, commonsense).")],
    format: FormatOption = "table",
) -> None:
    """Load a domain as a run does (every file checked, its rules compiled) and show its relations, prompts and rules."""
    from rdflib import URIRef

    from kg.ontology import load_domain, reference_note, reference_warnings, shadowed_prefix_warning, shadowed_prefixes
    from reasoners.domain_rules import load_domain_rules

    fmt = output_format(format)
    loaded = load_domain(domain)
    rules = load_domain_rules(loaded.rules_dir)  # as kg reason and a run's materialising compile them
    reference = loaded.reference
    folder = Path(loaded.path)
    for prefix, namespace in shadowed_prefixes(folder).items():
        err_console.print(f"warning: {escape(shadowed_prefix_warning(prefix, namespace))}", highlight=False)
    for unread in sorted(p.name for p in folder.glob("reference.*") if p.name != "reference.ttl"):
        # reference.nt.gz beside no reference.ttl: a gate that checks nothing, silently
        err_console.print(
            f"warning: {escape(str(folder / unread))} is not read: a domain's reference graph is reference.ttl, "
            "Turtle (an N-Triples file is Turtle too: uncompress it and rename it)", highlight=False,
        )
    note = reference_note(loaded)
    if note:
        err_console.print(f"warning: {escape(note)}", highlight=False, soft_wrap=True)
    for warning in reference_warnings(loaded, shown=None):
        err_console.print(f"warning: {escape(warning)}", highlight=False, soft_wrap=True)
    rows: list[dict[str, object]] = [
        {
            "relation": name, "iri": str(r.iri), "kind": "value" if r.object_is_literal else "entity", "prompt": r.prompt,
            # the facts of the relation under any IRI owl:equivalentProperty makes the same (a
            # renamed relation: the reference keeps the old one)
            "reference_facts": sum(
                1 for iri in loaded.index.same_as(URIRef(str(r.iri))) for _ in reference.triples((None, iri, None))
            ) if reference is not None else 0,
        }
        for name, r in loaded.relations.items()
    ]
    if emit(fmt, data=rows, columns=COLUMNS, rows=([row[c] for c in COLUMNS] for row in rows)):
        return
    table = Table("relation", "answers", "reference facts", "prompt", title=f"{loaded.name} ({loaded.prefix}: <{loaded.namespace}>)")
    for row in rows:
        table.add_row(escape(str(row["relation"])), str(row["kind"]), str(row["reference_facts"]), escape(str(row["prompt"])))
    console.print(table)
    console.print(f"{len(loaded.seeds)} seeds" + (f": {escape(', '.join(loaded.seeds[:5]))}{', ...' if len(loaded.seeds) > 5 else ''}" if loaded.seeds else ""))
    console.print(f"{len(rules)} rule{'' if len(rules) == 1 else 's'}" + (f": {escape(', '.join(r.name for r in rules))}" if rules else ""))
    if reference is None:
        console.print("reference: none (no reference.ttl): facts are not checked against a reference graph")
    else:
        console.print(f"reference: {len(reference):,} triples from {escape(str(folder / 'reference.ttl'))}", highlight=False)


def register(app: typer.Typer) -> None:
    domain_app.command()(new)
    domain_app.command()(show)
    app.add_typer(domain_app, name="domain")
