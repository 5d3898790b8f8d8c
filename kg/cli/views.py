"""How runs and explanations look in a terminal: the pipeline's progress bars, a run's report
and an explanation tree. Shared by the commands and ``kg demo``."""

from __future__ import annotations

import contextlib
import re
import shlex
from typing import Any, Callable, Iterator

from rich.table import Table
from rich.tree import Tree

from kg.cli.common import console, emit, err_console, escape
from kg.progress import StageBars, stage_bars

__all__ = ["stage_progress", "print_report", "render"]


@contextlib.contextmanager
def stage_progress(quiet: bool) -> Iterator[StageBars | None]:
    """The pipeline's stages as bars on stderr (nothing when ``quiet``)."""
    with stage_bars(not quiet) as bars:
        yield bars


def print_report(report: Any, *, format: str = "table", as_json: bool = False) -> None:
    """The final funnel of a run: a table, or (``format``) its JSON, or the funnel and the
    rejection reasons as CSV/TSV rows (stage, count)."""
    if as_json:
        format = "json"
    rows = [*report.funnel(), *((f"rejected because {check}", n) for check, n in report.rejected_by_reason.items())]
    _print_failures(report)  # on stderr, whatever the format
    if emit(format, data=report.as_dict(), columns=("stage", "count"), rows=rows):
        return
    table = Table("stage", "count", title=f"{report.kind} run {report.run.rsplit('/', 1)[-1]}")
    for label, n in report.funnel():
        table.add_row(label, f"{n:,}")
    console.print(table)
    if report.rejected_by_reason:
        reasons = Table("rejected because", "count", caption="a candidate several checks rejected counts under each")
        for check, n in report.rejected_by_reason.items():
            reasons.add_row(check, f"{n:,}")
        console.print(reasons)
    if report.accepted_by_reference:
        console.print(reference_said(report.accepted_by_reference), highlight=False)
    if report.dropped:
        said = ", ".join(f"{why} {n:,}" for why, n in report.dropped.items())
        console.print(f"dropped, with no fact to check: {said}", highlight=False)
    if report.requests:
        retried = f", {report.retries:,} of them retries" if report.retries else ""
        console.print(f"the run sent the teacher {report.requests:,} requests{retried}", highlight=False)
    if report.batches_resumed:
        console.print(f"resumed: {report.batches_resumed} of {report.batches} batches were already done")
    for note in report.notes:
        console.print(f"[dim]note: {escape(note)}[/]")
    if report.evaluation is not None:
        e = report.evaluation
        console.print(escape(e.summary()))
        for row in e.unmatched_rows:
            console.print(escape(f"  no candidate for {row}"), style="dim")
        if e.unmatched > len(e.unmatched_rows):
            console.print(f"  ... and {e.unmatched - len(e.unmatched_rows)} more", style="dim")
    if report.strategy:
        st = report.strategy
        console.print(
            f"strategy {st['kind']}: spent {st['spent']:,} of {st['budget']:,} teacher calls in {len(st['rounds'])} rounds"
        )
    if report.student:
        console.print(escape(_student_line(report.student)), highlight=False)
    console.print(f"{report.seconds:.1f} s; store {report.store}")


def reference_said(counts: Any) -> str:
    """The line counting accepted candidates by what the reference graph said (``counts``: word →
    count), those it could not check last, so the counts add up to the accepted."""
    from kg.records import NOT_CHECKED  # here: kg --help imports no rdflib

    said = [f"{word} {n:,}" for word, n in sorted(counts.items()) if word != NOT_CHECKED]
    if counts.get(NOT_CHECKED):
        said.append(f"{NOT_CHECKED} {counts[NOT_CHECKED]:,} (the reference holds no value of their relation)")
    return "accepted, by what the reference graph said: " + ", ".join(said)


def _student_line(student: dict[str, Any]) -> str:
    """The student's round in words: ``student linkpred: proposed 12, accepted 9, rejected 3
    (domain 2, critic 1), new triples 9, test: MRR 0.41 ..., 3.2 s`` (``--format json`` has
    the fields)."""
    def words(value: dict[str, Any]) -> str:
        def shown(v: Any) -> str:
            return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else f"{v:.3g}" if isinstance(v, float) else str(v)

        return ", ".join(f"{k.replace('_', ' ')} {shown(v)}" for k, v in value.items() if v is not None)

    parts = []
    for key, value in student.items():
        name = key.replace("_", " ")
        if key in ("kind", "rejected_by_reason") or value is None:  # None: not measured ("test" of a tiny graph)
            continue
        if key == "seconds" and isinstance(value, (int, float)):
            parts.append(f"{value:.1f} s")
        elif key == "rejected" and student.get("rejected_by_reason"):
            parts.append(f"rejected {value:,} ({words(student['rejected_by_reason'])})")
        elif isinstance(value, dict):
            parts.append(f"{name}: {words(value)}")
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):  # the generator's rounds
            parts.append(f"{name}: " + "; ".join(words(v) for v in value))
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            parts.append(f"{name}: {value}")
        else:
            parts.append(f"{name} {value:,}" if isinstance(value, int) else f"{name} {value:.3g}")
    return f"student {student.get('kind', '')}: {', '.join(parts)}"


def _print_failures(report: Any) -> None:
    """The extractors that failed, how many prompts failed for good, and the teacher's most
    frequent errors."""
    for line in report.extractor_errors:
        err_console.print(f"[yellow]{escape(line)}[/]", highlight=False)  # a plugin's words: no markup
    if not report.failed_prompts:
        return
    err_console.print(
        f"[yellow]{report.failed_prompts} of {report.asked_prompts} prompts failed for good; rerun the same "
        "command to ask for them again, once the cause below is fixed if it is no passing fault[/]", highlight=False,
    )
    for error, n in sorted(report.failures.items(), key=lambda item: -item[1])[:5]:
        err_console.print(f"  {n} x {escape(error)}", highlight=False)  # a server's words: no control characters


def _tail(text: str, limit: int) -> str:
    """The last ``limit`` characters of ``text``, marked cut: a few-shot prompt ends with the
    question the completion answers, after its examples."""
    return text if len(text) <= limit else "…" + text[-limit:]


def replace_stored_hint(store: str) -> str:
    """How to have a value a one-value relation's stored value kept out instead of it: withdraw
    the stored one (a person's review, or a retraction of the run that brought it), then give
    this one again."""
    at = f" --store {shlex.quote(store)}"
    return (
        "to have this value instead, withdraw the stored one: kg review export -g accepted -o facts.csv" + at
        + ", mark its row invalid, kg review apply facts.csv" + at
        + " (or kg retract RUN" + at + " withdraws all the run that brought it: kg why of the stored fact shows the run); "
        "then give this one again (kg ingest FILE --again, for a file ingested before)"
    )


def render(st, result, prefixes: dict[str, str] | None = None, reference_label: Callable[[str], str | None] | None = None) -> Tree:
    """A rich tree of an explanation, with labels next to IRIs and prefixed names from
    ``prefixes`` (the project's and the store's domains'); an entity the store has no label of
    by ``reference_label`` (its ``<IRI>`` to the domain's reference graph's label: a proof's
    reference leaf, ``res:upper_limb``, showed as a bare IRI). What the store holds (labels,
    completions, messages) is shown as text, never read as rich markup: a label with ``[bold]``
    or a completion with ``[/INST]`` is printed as written."""
    from kg.domains import store_language
    from kg.languages import preferred_label
    from kg.namespaces import PREFIXES, prefixed_name
    from reasoners.explanation import rationale_text, verdict_text
    from reasoners.schema import to_node

    names = {**PREFIXES, **(prefixes or {})}
    labels: dict[str, str] = {}
    languages: list[str | None] = []

    def language() -> str | None:
        if not languages:
            languages.append(store_language(st))
        return languages[0]

    def short(t: str) -> str:
        return (prefixed_name(t[1:-1], names) if t.startswith("<") else None) or t

    def name(t: str) -> str:
        if not t.startswith("<"):
            value, typed, datatype = t.rpartition("^^")
            return escape(f"{value}^^{short(datatype)}" if typed and datatype.startswith("<") else t)
        if t not in labels:
            label = None
            for graph in ("accepted", "rejected"):  # in the domain's language where it has one
                found = st.match(to_node(t), to_node("<http://www.w3.org/2000/01/rdf-schema#label>"), None, graph=graph)
                label = preferred_label(((q.object.language, q.object.value) for q in found), language())
                if label:
                    break
            label = label or (reference_label(t) if reference_label is not None else None)
            labels[t] = escape(f'"{label}" ({short(t)})' if label else short(t))
        return labels[t]

    def text(triple) -> str:
        s, p, o = triple
        return f"{name(s)} {escape(short(p))} {name(o)}"

    colour = {"accepted": "green", "inferred": "cyan", "rejected": "red", "unknown": "yellow"}[result.status]
    root = Tree(f"{text(result.triple)}  [bold {colour}]{result.status}[/]")

    def add(node: Tree, step) -> None:
        if step.status == "asserted":
            branch = node if node is root else node.add(f"{text(step.triple)}  [green]asserted[/]")
            for rec in step.provenance:
                withdrawn = " [yellow](retracted: kg retract withdrew it)[/]" if rec.get("retracted") else ""
                if "source" in rec:
                    branch.add(escape(f"loaded from {rec['source']}") + withdrawn)
                    continue
                parts = [f"{k}={rec[k]!r}" for k in ("teacher", "prompt_id", "sample", "extractor", "confidence", "critic", "reference", "run") if rec.get(k) is not None]
                replayed = " [dim](from the teacher's cache: an earlier run's answer, no new evidence)[/]" if rec.get("cached") else ""
                leaf = branch.add(escape("support: " + ", ".join(parts)) + replayed + withdrawn)
                if rec.get("prompt"):
                    leaf.add(escape(f"prompt: {_tail(rec['prompt'], 200)!r}"))
                if rec.get("text"):
                    leaf.add(escape(f"completion: {rec['text'][:200]!r}"))
                if rec.get("span"):
                    leaf.add(escape(f"span: {rec['span'][:200]!r}"))
                if rec.get("rationale"):
                    leaf.add(escape(rationale_text(rec)))
                if rec.get("promoted_by"):
                    before = "; ".join(rec.get("rejected_before") or ()) or "no reason recorded"
                    leaf.add(escape(f"promoted from quarantine by {rec['promoted_by']} (rejected before: {before[:300]})"))
            if not step.provenance and node is not root:
                branch.add("[dim]no provenance recorded[/]")
            return
        if step.status == "reference":
            node.add(f"{text(step.triple)}  [green]reference[/] [dim](the domain's reference graph)[/]")
            return
        axioms = re.sub(r"<[^<>\s]+>", lambda m: short(m.group(0)), "; ".join(step.axioms))
        label = f"[cyan]{escape(step.rule)}[/] ({escape(axioms)})"
        branch = node.add(label) if node is root else node.add(f"{text(step.triple)}  by {label}")
        for p in step.premises:
            add(branch, p)

    if result.tree is not None:
        add(root, result.tree)
    for verdict in result.reviews:
        root.add(f"[green]{escape(verdict_text(verdict))}[/]")
    for rej in result.rejections:
        conf = f", confidence {rej['confidence']:.2f}" if rej.get("confidence") is not None else ""
        conf += f", reference: {rej['reference']}" if rej.get("reference") else ""
        extractor = rej.get("extractor")
        if extractor is not None:
            source = escape(f" (extractor {extractor!r}{conf})")
            branch = root.add(f"[red]rejected[/] candidate{source}")
        else:  # a person's review put it there: no extractor read it, and its reason says who
            branch = root.add("[red]rejected[/]")
        for r in rej["reasons"]:
            flag = " [yellow](needs review)[/]" if r["needs_review"] and not rej.get("reviews") else ""
            branch.add(f"{escape(r['check'])}: {escape(r['message'])}{flag}")
            if r["check"] == "cardinality" and "kg retract" not in r["message"]:
                branch.add(f"[dim]{escape(replace_stored_hint(st.location))}[/]")
        for verdict in rej.get("reviews", []):
            branch.add(f"[red]{escape(verdict_text(verdict))}[/]")
    if result.note:
        root.add(f"[dim]{escape(result.note)}[/]")
    return root
