"""Rule commands: ``kg mine rules`` (mine closed Horn rules, store them as rule nodes) and
``kg rules list`` / ``kg rules accept`` (the accepted ones are run by the reasoner) /
``kg rules export`` (as SPARQL CONSTRUCT files, a domain's rules folder format)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from kg.cli.common import FormatOption, StoreOption, console, emit, err_console, open_kg, output_format, escape

mine_app = typer.Typer(help="Mine knowledge from the graph.", no_args_is_help=True)
rules_app = typer.Typer(help="Rules mined from the graph (the rules graph).", no_args_is_help=True)

_COLUMNS = ("id", "rule", "support", "head_coverage", "confidence", "pca_confidence", "status")


def _rows(items):
    from kg.students.rule_graph import rule_id, rule_namer

    name = rule_namer(r for _, r in items)  # a relation's local name, unless two share it
    return [(rule_id(r), r.text(name), r.support, r.head_coverage, r.confidence, r.pca_confidence, st) for st, r in items]


def _rule_dicts(rules) -> list[dict[str, object]]:
    """The rules as JSON gives them: each with its id, and its text as the table and CSV show it
    (a relation's local name, unless two share it)."""
    from kg.students.rule_graph import rule_id, rule_namer

    rules = list(rules)
    name = rule_namer(rules)
    return [{"id": rule_id(r), **r.as_dict(), "rule": r.text(name)} for r in rules]


def _short(iri: str) -> str:
    from kg.iri import local_name

    return local_name(iri)


def _check_top(top: int) -> None:
    from kg.errors import StudentError

    if top < 0:
        raise StudentError(f"--top is how many rules to show: 0 or more, got {top}")


def _table(items, title: str) -> Table:
    table = Table(title=title)
    table.add_column("id", no_wrap=True)
    table.add_column("rule", ratio=1)
    for name in ("support", "head cov.", "conf.", "PCA conf.", "status"):
        table.add_column(name, justify="left" if name == "status" else "right")
    for rid, rule, support, hc, conf, pca, st in _rows(items):
        table.add_row(rid, rule, str(support), f"{hc:.3f}", f"{conf:.3f}", f"{pca:.3f}", st)
    return table


def mine_rules(
    store: StoreOption = "kg-store",
    graph: Annotated[str, typer.Option("--graph", "-g", help="entailed (default: accepted and what the ontology and domain rules derive from it, not what accepted mined rules do), accepted, or the IRI of a graph kg load kept.")] = "entailed",
    max_length: Annotated[int, typer.Option(help="Most atoms per rule, head included: 2 or 3.")] = 3,
    min_support: Annotated[int, typer.Option(help="Fewest head facts a rule must predict.")] = 2,
    min_head_coverage: Annotated[float, typer.Option(help="Smallest share of the head relation's facts a rule must predict.")] = 0.01,
    min_confidence: Annotated[float, typer.Option(help="Smallest standard confidence.")] = 0.0,
    min_pca_confidence: Annotated[float, typer.Option(help="Smallest PCA confidence.")] = 0.1,
    constants: Annotated[bool, typer.Option("--constants", help="Also mine rules with constants: r(X, c) <= b(X, d) and r(c, Y) <= b(Y, d).")] = False,
    subject_constants: Annotated[bool, typer.Option("--subject-constants/--no-subject-constants", help="With --constants, also r(c, Y) <= b(Y, d).")] = True,
    free_variable: Annotated[bool, typer.Option("--free-variable", help="With --constants, also r(X, c) <= b(X, Z) (a free body variable).")] = False,
    min_constant_confidence: Annotated[float, typer.Option(help="Smallest standard confidence of a rule with constants.")] = 0.5,
    exclusions: Annotated[bool, typer.Option("--exclusions/--no-exclusions", help="Also mine exclusions: not r(X, Y) <= b(X, Y) when no pair of b holds r.")] = True,
    min_exclusion_body: Annotated[int, typer.Option(help="Fewest pairs of b for an exclusion (at least 1).")] = 10,
    top: Annotated[int, typer.Option(help="Rules to show (best PCA confidence first; 0 or more); all are stored.")] = 20,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Store the rules as nodes in the rules graph (default) or only show them.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    format: FormatOption = "table",
) -> None:
    """Mine closed Horn rules (r(X,Y) <= one or two atoms on a path from X to Y) with support,
    head coverage, standard and PCA confidence; store them in the rules graph as proposed."""
    from kg.students.rules import MiningConfig

    fmt = output_format(format)
    _check_top(top)
    config = MiningConfig(
        max_length=max_length, min_support=min_support, min_head_coverage=min_head_coverage,
        min_confidence=min_confidence, min_pca_confidence=min_pca_confidence, progress=not quiet,
        constants=constants, min_constant_confidence=min_constant_confidence, subject_constants=subject_constants,
        free_variable=free_variable, exclusions=exclusions, min_exclusion_body=min_exclusion_body,
    )
    with open_kg(store) as kg:
        mined = kg.mine_rules(graph=graph, write=write, **asdict(config))
    items = [("proposed" if write else "", r) for r in mined.rules]
    data_out = {
        "rules": _rule_dicts(mined.rules), "count": len(mined.rules), "seconds": mined.seconds,
        "triples": mined.triples, "skipped_bodies": mined.skipped_bodies, "mining": mined.mining,
        "exclusions": [{"exclusion": x.text(), **asdict(x)} for x in mined.exclusions],
    }
    if emit(fmt, data=data_out, columns=_COLUMNS, rows=_rows(items)):
        return
    console.print(_table(items[:top], f"top {min(top, len(items))} of {len(items):,} rules"))
    note = f"; {mined.skipped_bodies:,} rules with bodies over {config.max_body:,} groundings left out" if mined.skipped_bodies else ""
    err_console.print(
        f"{len(mined.rules):,} rules and {len(mined.exclusions):,} exclusions from {mined.triples:,} triples "
        f"in {mined.seconds:.1f} s{note}"
        + ("; stored in graph:rules as proposed (kg rules accept runs them in the reasoner)" if write else "")
    )


def list_rules(
    store: StoreOption = "kg-store",
    status: Annotated[str, typer.Option(help="proposed | accepted | rejected | all")] = "all",
    top: Annotated[int, typer.Option(help="Most rules to show (0 or more).")] = 50,
    format: FormatOption = "table",
) -> None:
    """The stored rules, best PCA confidence first, each with its id: name it to decide on
    that one rule."""
    from kg.students.rule_graph import count_rules

    fmt = output_format(format)
    _check_top(top)
    with open_kg(store) as kg:
        found = kg.rules(status=None if status == "all" else status, top=top)
        total = count_rules(kg.store)
    items = [(r.status, r.rule) for r in found]
    data = [{**d, "status": r.status} for r, d in zip(found, _rule_dicts(r.rule for r in found))]
    if emit(fmt, data=data, columns=_COLUMNS, rows=_rows(items)):
        return
    console.print(_table(items, f"the best {len(items)} of {total:,} rules"))


RuleIds = Annotated[Optional[list[str]], typer.Argument(help="Ids of rules, as `kg rules list` shows them (the thresholds then do not apply).", show_default=False)]


def accept_rules(
    ids: RuleIds = None,
    store: StoreOption = "kg-store",
    min_pca_confidence: Annotated[float, typer.Option(help="Accept rules with at least this PCA confidence.")] = 0.9,
    min_confidence: Annotated[float, typer.Option(help="... and this standard confidence.")] = 0.0,
    min_support: Annotated[int, typer.Option(help="... and this support.")] = 2,
    reject: Annotated[bool, typer.Option("--reject", help="Mark the matching rules rejected instead.")] = False,
) -> None:
    """Accept the stored rules named by id, or without ids those meeting the thresholds: `kg
    reason` then infers with them and `kg why` shows them with their grounding."""
    with open_kg(store) as kg:
        change = kg.reject_rules if reject else kg.accept_rules
        n = change(ids or None, min_pca_confidence=min_pca_confidence, min_confidence=min_confidence, min_support=min_support)
    console.print(f"{n:,} rules marked {'rejected' if reject else 'accepted'}"
                  + ("" if reject else "; run `kg reason` to infer with them")
                  + ("; `kg reason --rebuild` takes out what they inferred" if reject and n else ""))


def reject_rules(
    ids: Annotated[list[str], typer.Argument(help="Ids of rules, as `kg rules list` shows them.")],
    store: StoreOption = "kg-store",
) -> None:
    """Reject the stored rules named by id: the reasoner no longer runs them (a rebuild of the
    inferred graph, `kg reason` with its rebuild option, takes out what they inferred), and a new
    mining keeps them rejected."""
    with open_kg(store) as kg:
        n = kg.reject_rules(ids)
    console.print(f"{n:,} rules marked rejected" + ("; `kg reason --rebuild` takes out what they inferred" if n else ""))


def export_rules(
    folder: Annotated[Path, typer.Argument(help="Folder to write one NAME.rq file per rule into (a domain's rules/ folder runs them).")],
    store: StoreOption = "kg-store",
    status: Annotated[str, typer.Option(help="accepted (default) | proposed | all")] = "accepted",
) -> None:
    """Write stored rules as SPARQL CONSTRUCT files, the format of a domain's rules folder."""
    from kg.files import new_file
    from kg.students.rule_graph import read_rules, rule_key
    from reasoners.rules import compile_rule

    with open_kg(store) as kg:
        found = read_rules(kg.store, status=None if status == "all" else status)
        prefixes = kg.prefixes()  # a person reads the file: ph:treats, not <https://...#treats>
    folder.mkdir(parents=True, exist_ok=True)
    for _, _, rule in found:
        name = f"mined-{rule_key(rule)}"
        text = f"# {rule.text(_short)}\n# support {rule.support}, head coverage {rule.head_coverage:.3f}, " \
               f"confidence {rule.confidence:.3f}, PCA confidence {rule.pca_confidence:.3f}\n{rule.sparql(prefixes)}"
        compile_rule(text, name=name)  # what the reasoner will read
        with new_file(folder / f"{name}.rq") as tmp:  # a kill leaves no half rule for the reasoner to fail on
            tmp.write_text(text, encoding="utf-8")
    console.print(f"{len(found):,} rules written to [bold]{folder}[/]")


def predict_rules(
    head: Annotated[str, typer.Option("--head", help="Head entity: label, IRI or prefixed name.")],
    relation: Annotated[str, typer.Option("--relation", "-r", help="Relation: name, prefixed name or IRI.")],
    store: StoreOption = "kg-store",
    status: Annotated[str, typer.Option(help="Rules to use: proposed | accepted | all")] = "all",
    k: Annotated[int, typer.Option("-k", help="How many tails.")] = 10,
    aggregation: Annotated[str, typer.Option(help="max (the best rule decides, the next break ties) | noisy-or.")] = "max",
    top_rules: Annotated[int, typer.Option(help="A tail's best rules that count (max: at most 5).")] = 4,
    format: FormatOption = "table",
) -> None:
    """The stored rules' best new tails of (head, relation, ?), each with the rule behind it. A
    tail's confidence is its best rule's as AnyBURL ranks with it, support / (body size + 5):
    a rule seen a few times counts less than its standard confidence says."""
    fmt = output_format(format)
    with open_kg(store) as kg:
        preds = kg.predict_rules(head, relation, k, status=status, aggregation=aggregation, top_rules=top_rules)
    from kg.students.rule_graph import rule_namer

    name = rule_namer(p.rule for p in preds)
    rows = [(i, p.entity, p.label, p.confidence, p.rule.text(name)) for i, p in enumerate(preds, 1)]
    rules = _rule_dicts(p.rule for p in preds)
    if emit(fmt, data=[{"entity": p.entity, "label": p.label, "confidence": p.confidence, "rule": r} for p, r in zip(preds, rules)],
            columns=("rank", "tail", "label", "confidence", "rule"), rows=rows):
        return
    table = Table("#", "tail", "confidence (AnyBURL)", "best rule")
    for i, entity, label, conf, rule in rows:
        table.add_row(str(i), escape(label or _short(entity)), f"{conf:.3f}", escape(rule))
    console.print(table)


def register(app: typer.Typer) -> None:
    mine_app.command("rules")(mine_rules)
    rules_app.command("list")(list_rules)
    rules_app.command("accept")(accept_rules)
    rules_app.command("reject")(reject_rules)
    rules_app.command("export")(export_rules)
    rules_app.command("predict")(predict_rules)
    app.add_typer(mine_app, name="mine")
    app.add_typer(rules_app, name="rules")
