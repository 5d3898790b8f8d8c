"""People review the gate: ``kg review export`` and ``kg review apply``.

What the gate quarantined as doubtful (a rejection whose reasons all ask for review: the
critic's, an unconfirmed student guess, a conflict) and, to measure precision, a sample of
what it accepted, go out as a CSV a person fills in::

    subject,relation,object,label,graph,checks,reasons,critic_score
    PersonX burns the toast,xWant,to make another slice,,rejected,critic,"the learned critic ... gives P(valid) 0.41 ...",0.41

A cell that starts as a spreadsheet formula does (``=``, ``+``, ``-``, ``@``: teacher text is
untrusted) is written with a ``'`` in front, so it opens as text; reading the file back takes the
``'`` off. ``label`` is left blank: write ``valid`` or ``invalid`` (or 1/0, yes/no) where you have an
opinion and leave the rest blank. The file is a labels file as every command reads one
(``kg critic train --labels``, ``kg critic eval --labels``, ``kg distill --labels``): the
extra columns are read by their header and ignored, blank labels are skipped.

``apply_review`` then moves what people decided, as a rescoring by a judge that is the labels
(:func:`kg.critics.rescore.rescore` with ``review=True``): a fact marked valid that was
quarantined for review enters ``accepted``; one marked invalid leaves it for ``rejected`` with
the check ``review``; a fact marked valid that was already accepted is recorded as confirmed.
Either way people vouch for it from then on: no later critic rescoring demotes a fact a review
confirmed or promoted, nor promotes one it demoted. A rejection by a hard check (the ontology's
domain or range, a shape, a datatype) marked valid is checked again against the store, after
the file's other moves: it enters once the checks pass (the fact that typed its entity otherwise
marked invalid), else it stays where it is (counted as ``held``): fix the ontology or the data. So is
every quarantined fact marked valid: a second value of a one-value relation stored since stays
out (``held``), the stored value up to case enters as that value. Every move is recorded (``kg:Rescoring``, critic
``review:NAME``), nothing is deleted, and applying the same file again moves nothing.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import random
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib.namespace import XSD

from kg.critic import CRITIC_CHECK, UNCONFIRMED_CHECK
from kg.critics.agreement import Agreement
from kg.critics.evaluation import Labels, load_labels, row_key
from kg.critics.examples import Example
from kg.critics.labels import spreadsheet_safe
from kg.critics.metrics import wilson_interval
from kg.critics.moves import EntityLabels, Progress, text_literal
from kg.critics.rescore import REVIEW_PREFIX, RescoreReport, rescore
from kg.errors import FormatError, cannot_write
from kg.files import new_file
from kg.iri import local_name
from kg.namespaces import GRAPH, KG
from kg.ontology import Domain

__all__ = ["ReviewJudge", "export_review", "apply_review", "reviewed_examples", "write_majority", "REVIEW_COLUMNS"]

REVIEW_COLUMNS = ("subject", "relation", "object", "label", "graph", "checks", "reasons", "critic_score", "critic_threshold")
ORDERS = ("subject", "uncertain")


class ReviewJudge:
    """People's labels as a judge (:class:`kg.critic.LearnedJudge`): 1.0 for a triple labelled
    valid, 0.0 invalid, None (no opinion) otherwise; rows are matched as the gate's labels are
    (:func:`kg.critics.evaluation.row_key`, :meth:`~kg.critics.evaluation.Labels.find`)."""

    threshold = 0.5
    target_precision = 0.0

    def __init__(self, labels: Labels, name: str) -> None:
        self.labels = labels
        self.name = name
        self.relations = {key[1] for key in labels}
        self.matched: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        """The labelled rows a stored fact or quarantined candidate matched: row key → the
        fact's key (``68000000`` for the row ``68 millions``)."""

    @property
    def id(self) -> str:
        return REVIEW_PREFIX + self.name

    def covers(self, relation: str) -> bool:
        return row_key("x", relation, "y")[1] in self.relations

    def score(self, triples: Sequence[tuple[str, str, str]]) -> list[float | None]:
        out: list[float | None] = []
        for s, r, o in triples:
            key = row_key(s, r, o)
            row = self.labels.find(key)
            if row is not None:
                self.matched[row] = key
            out.append(None if row is None else float(self.labels[row]))
        return out


def apply_review(
    store: Any,
    domains: str | Path | Domain | list[Any],
    path: str | Path | Sequence[str | Path] | Labels,
    *,
    reviewer: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RescoreReport:
    """Move what the labels of ``path`` decide (see the module docstring), in each of
    ``domains`` (a store's domains: one review file may hold rows of several); ``reviewer`` names
    the review in provenance (default: the file's name). ``path`` may also be :class:`Labels`
    (``Labels.from_rows``), with ``reviewer`` then required, or several files (several people's
    labels of the same facts): each fact then moves as the majority labelled it, a tie not at
    all, and the report's notes say how far the reviewers agree (the default name joins the
    files' names with ``+``)."""
    inputs: list[tuple[str, str]] = []
    if isinstance(path, Labels):
        labels, name = path, reviewer
        if not name:
            raise FormatError("name who reviewed (reviewer=...): the store records it with each move")
    else:
        files = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
        labels, name = load_labels(files), reviewer or "+".join(f.stem for f in files)
        if not labels and not (labels.agreement and labels.agreement.labelled):
            raise FormatError(f"{files[0]}: no row is labelled valid or invalid; fill in the label column")
        inputs = [(str(f.resolve()), _file_digest(f)) for f in files]
    for domain in domains if isinstance(domains, list) else [domains]:
        if isinstance(domain, Domain):  # a row by the teacher's alias ("UK") names the fact a run labels by its own name
            from extractors.normalize import Normalizer

            labels.name_entities(Normalizer(domain).own_name)
    judge = ReviewJudge(labels, name)
    earlier = _earlier_reviews(store)
    namesake = _namesake(store, judge.id, {file for file, _digest in inputs}) if inputs and not reviewer else None
    tell = _summed(progress) if progress is not None else None
    report: RescoreReport | None = None
    for domain in domains if isinstance(domains, list) else [domains]:
        one = rescore(store, domain, judge, dry_run=dry_run, progress=tell, review=True, inputs=inputs)
        report = one if report is None else report.merge(one)
    assert report is not None, "at least one domain"
    if report.demoted and report.held and not dry_run:
        # what a hard check kept out may pass now that the facts marked invalid are gone (a
        # trusted "Guillermo del Toro composer ..." typed him a film: his films' director rows)
        again = [rescore(store, domain, judge, progress=tell, review=True, inputs=inputs)
                 for domain in (domains if isinstance(domains, list) else [domains])]
        report.promoted += sum(a.promoted for a in again)
        report.held, report.held_triples = sum(a.held for a in again), [t for a in again for t in a.held_triples]
    if namesake is not None:
        report.notes.append(
            f"{judge.id} was applied before from another file ({namesake}): both are recorded as one reviewer, "
            "and neither overrules the other in these notes; name each person (--reviewer NAME)"
        )
    if labels.agreement is not None:
        report.notes.append(labels.agreement.summary())
    audited, valid = report.audited, report.audited_valid  # accepted facts the gate let in, not people
    if audited:
        low, high = wilson_interval(valid, audited) or (0.0, 1.0)
        report.notes.append(
            f"people's verdict on {audited:,} accepted facts: {valid:,} valid, precision {valid / audited:.2f} "
            f"(95% interval {low:.2f}-{high:.2f}); the graph's precision, if they were a random sample "
            "(kg review export --graph accepted --limit N)"
        )
    unmatched = [labels.where[key] for key in labels if key not in judge.matched]
    if unmatched:
        report.notes.append(
            f"{len(unmatched)} labelled rows name no stored fact or quarantined candidate of the store's domain(s) "
            f"(a typo, or another store): {'; '.join(unmatched[:3])}"
        )
    voters = {REVIEW_PREFIX + part for part in [name, *name.split("+")]}
    held = {row_key(*words) for words in report.held_triples}  # marked valid, kept out by a hard check
    overruled: dict[str, int] = {}
    for key, fact in judge.matched.items():
        before = earlier.get(fact)
        if before is not None and before[0] not in voters and before[1] != labels[key] and fact not in held:
            overruled[before[0]] = overruled.get(before[0], 0) + 1
    for by, count in sorted(overruled.items()):
        report.notes.append(
            f"{count} facts that {by} decided the other way {'would now follow' if dry_run else 'now follow'} "
            f"{judge.id} (the later review wins; to let reviewers vote instead, apply their files together: "
            "kg review apply a.csv b.csv c.csv)"
        )
    return report


def _file_digest(path: Path) -> str:
    try:
        return "sha1:" + hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise FormatError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None


def _namesake(store: Any, review_id: str, paths: set[str]) -> str | None:
    """The files an earlier review of the same name read, when they were other files: two
    people's ``review.csv`` in two folders default to one name. None: no such review recorded
    (the same file edited and applied again is the same reviewer)."""
    rows = store.query(
        f"SELECT ?a ?path WHERE {{ ?a <{KG.critic}> ?by ; <{KG.inputFile}> ?path "
        f"FILTER(STR(?by) = {text_literal(review_id)}) }}",
        graph="provenance",
    )
    earlier: dict[str, set[str]] = {}
    for activity, file in rows:
        earlier.setdefault(str(activity), set()).add(file.value)
    for files in earlier.values():
        if files != paths:
            return ", ".join(sorted(files))
    return None


def write_majority(
    paths: Sequence[str | Path], output: str | Path | IO[str] | None = None, disputed: str | Path | None = None,
) -> Agreement:
    """How far several people's labels files agree; with ``output`` (a path or an open text
    stream), the majority's labels written there as a labels file (``subject, relation, object, label, votes``; ties left
    out); with ``disputed``, the facts the files label both ways written there as CSV
    (``subject, relation, object``, then one column per file with its label), for a lead to
    adjudicate."""
    labels = load_labels([Path(p) for p in paths])
    assert labels.agreement is not None, "two or more files"
    if output is not None:
        with _csv_file(output) as fh:
            writer = csv.writer(fh)
            writer.writerow(["subject", "relation", "object", "label", "votes"])
            for key, valid in labels.items():
                s, r, o = labels.text[key]
                votes = list(labels.votes[key].values())
                writer.writerow([
                    spreadsheet_safe(s), r, spreadsheet_safe(o), "valid" if valid else "invalid",
                    f"{sum(votes)} valid, {len(votes) - sum(votes)} invalid",
                ])
    if disputed is not None:
        reviewers = labels.agreement.reviewers
        with _csv_file(disputed) as fh:
            writer = csv.writer(fh)
            writer.writerow(["subject", "relation", "object", *reviewers])
            for key, by in labels.agreement.disputed:
                s, r, o = labels.text[key]
                writer.writerow([
                    spreadsheet_safe(s), r, spreadsheet_safe(o),
                    *("" if name not in by else "valid" if by[name] else "invalid" for name in reviewers),
                ])
    return labels.agreement


def _summed(progress: Progress) -> Progress:
    """``progress`` over several rescorings (one per domain): each stage's totals add up, so a
    domain with nothing to review does not reset a bar to 0."""
    totals: dict[str, int] = {}

    def tell(stage: str, advance: int = 0, total: int | None = None) -> None:
        if total is not None:
            totals[stage] = totals.get(stage, 0) + total
            total = totals[stage]
        progress(stage, advance, total)

    return tell


def _reviews(store: Any) -> list[tuple[Any, Any, Any, bool, str]]:
    """``(s, p, o, valid, review)`` of what reviews decided: facts a review confirmed or let
    into ``accepted`` (and that are there), rejections a review confirmed or made."""
    g = {name: f"<{GRAPH[name]}>" for name in ("accepted", "rejected", "provenance")}
    k = {name: f"<{KG[name]}>" for name in ("confirmedBy", "promotedBy", "critic")}
    reviewed = f'?a {k["critic"]} ?by FILTER(STRSTARTS(STR(?by), "{REVIEW_PREFIX}"))'
    valid = (
        f"SELECT DISTINCT ?s ?p ?o ?by WHERE {{ GRAPH {g['provenance']} {{ ?st {k['confirmedBy']}|{k['promotedBy']} ?a ; "
        f"rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . {reviewed} }} GRAPH {g['accepted']} {{ ?s ?p ?o }} }}"
    )
    invalid = (
        f"SELECT DISTINCT ?s ?p ?o ?by WHERE {{ GRAPH {g['rejected']} {{ ?r {k['confirmedBy']} ?a ; rdf:subject ?s ; "
        f"rdf:predicate ?p ; rdf:object ?o }} GRAPH {g['provenance']} {{ {reviewed} }} }}"
    )
    found = [(row[0], row[1], row[2], True, _value(row[3])) for row in store.query(valid, graph="all")]
    found += [(row[0], row[1], row[2], False, _value(row[3])) for row in store.query(invalid, graph="all")]
    return found


def _earlier_reviews(store: Any) -> dict[tuple[str, str, str], tuple[str, bool]]:
    """What reviews decided so far, by label key (:func:`row_key`): ``(review, valid)``; a fact
    in ``accepted`` counts as valid whatever an older review said."""
    found = _reviews(store)
    labels = EntityLabels(store)
    labels.fetch(x for s, _p, o, _ok, _by in found for x in (s, o))
    out: dict[tuple[str, str, str], tuple[str, bool]] = {}
    for s, p, o, ok, by in sorted(found, key=lambda f: not f[3]):  # valid first: it wins
        out.setdefault(row_key(_term_text(labels, s), local_name(p.value), _term_text(labels, o)), (by, ok))
    return out


def reviewed_examples(store: Any) -> list[Example]:
    """What people's reviews decided, as labelled examples for the critic's training
    (``kg critic train --store``): facts a review confirmed or let in are valid, facts it
    quarantined or found invalid are not. The labels live in the store; no file to keep."""
    found = [(s, p, o, ok) for s, p, o, ok, _by in _reviews(store)]
    both = {f[:3] for f in found if f[3]} & {f[:3] for f in found if not f[3]}
    found = list(dict.fromkeys(f for f in found if f[:3] not in both))  # reviews that disagree teach nothing
    labels = EntityLabels(store)
    labels.fetch(x for s, _p, o, _ok in found for x in (s, o))
    return [
        Example(_term_text(labels, s), local_name(p.value), _term_text(labels, o), ok, kind="labelled")
        for s, p, o, ok in found
    ]


def export_review(
    store: Any,
    path: str | Path | IO[str],
    *,
    graph: str = "rejected",
    everything: bool = False,
    limit: int = 0,
    seed: int = 0,
    order: str = "subject",
    per_relation: int = 0,
) -> int:
    """Write facts for people to label to ``path`` (a file, or an open text stream: CSV,
    :data:`REVIEW_COLUMNS`), one row per
    distinct triple: from ``rejected``, the rejections whose reasons all ask for review and that
    no review has found invalid yet (with ``everything``, every rejection); from ``accepted``,
    its facts no review confirmed or let in yet (an audit of the gate's precision); ``both``, the two. ``order``: ``subject``, or
    ``uncertain``: the facts whose critic score is nearest its threshold first (where a label
    teaches the critic most), those without a score last. ``limit``: that many rows, the first
    in the ``uncertain`` order, else a random sample (``seed``). ``per_relation``: that many rows
    of each relation, chosen the same way (a stratified audit: a precision per relation, the
    rare relations included). ``unreadable``: instead, what was read as no fact to check (a none
    answer, a value that cannot be read: ``graph`` and ``checks`` are ``unreadable``), the head and
    relation its prompt asked for, the teacher's text (or the file's cell) as ``object`` and the
    reason, by reason: to read, not to label. Returns the rows written."""
    if graph not in ("rejected", "accepted", "both", "unreadable"):
        raise FormatError(f"graph {graph!r}: review rejected, accepted or both, or list what was unreadable")
    if order not in ORDERS:
        raise FormatError(f"order {order!r}: use {' or '.join(ORDERS)}")
    rows: list[dict[str, str]] = []
    if graph in ("rejected", "both"):
        rows += _rejected_rows(store, everything)
    if graph in ("accepted", "both"):
        rows += _accepted_rows(store)
    if graph == "unreadable":
        rows += _unreadable_rows(store)
    if per_relation:
        by_relation: dict[str, list[dict[str, str]]] = {}
        for row in rows:
            by_relation.setdefault(row["relation"], []).append(row)
        rows = [row for name in sorted(by_relation) for row in _choose(by_relation[name], per_relation, seed, order)]
    rows = _choose(rows, limit, seed, order)
    with _csv_file(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=REVIEW_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


@contextlib.contextmanager
def _csv_file(output: str | Path | IO[str]) -> Iterator[IO[str]]:
    """A CSV file to write: ``output`` itself when it is an open text stream (standard output),
    else the file ``output`` names."""
    if not isinstance(output, (str, Path)):
        yield output
        return
    target = Path(output)
    if not target.parent.exists():
        raise FormatError(f"cannot write {str(target)!r}: the directory {str(target.parent)!r} does not exist")
    try:  # written whole: a full disk left an empty sheet in place of the one being labelled
        with new_file(target) as partial, partial.open("w", encoding="utf-8", newline="") as fh:
            yield fh
    except OSError as exc:
        raise cannot_write(target, exc) from exc


def _choose(rows: list[dict[str, str]], limit: int, seed: int, order: str) -> list[dict[str, str]]:
    """``limit`` of ``rows`` (0: all): the nearest the critic's threshold in the ``uncertain``
    order, else a seeded random sample, in a stable order."""
    if order == "uncertain":
        rows = sorted(rows, key=_margin)
        return rows[:limit] if limit else rows
    if limit and len(rows) > limit:
        rows = sorted(random.Random(seed).sample(rows, limit), key=lambda r: (r["graph"], r["subject"], r["relation"], r["object"]))
    return rows


def _margin(row: dict[str, str]) -> float:
    """How far a row's critic score is from its threshold (no score: last)."""
    if not row["critic_score"] or not row["critic_threshold"]:
        return float("inf")
    return abs(float(row["critic_score"]) - float(row["critic_threshold"]))


def _term_text(labels: EntityLabels, node: Any) -> str:
    if isinstance(node, ox.Literal):
        return node.value
    return labels.get(node) or local_name(node.value).replace("_", " ")


def _rows_of(store: Any, found: Iterable[tuple[Any, Any, Any, str, str, str, str, str]]) -> list[dict[str, str]]:
    """Review rows for (s, p, o, graph, checks, reasons, score, threshold), one per distinct triple."""
    by_triple: dict[tuple, tuple] = {}
    for item in found:
        by_triple.setdefault(item[:3], item)
    labels = EntityLabels(store)
    labels.fetch(x for s, _p, o in by_triple for x in (s, o))
    return [
        {
            "subject": spreadsheet_safe(_term_text(labels, s)), "relation": local_name(p.value),
            "object": spreadsheet_safe(_term_text(labels, o)),
            "label": "", "graph": graph, "checks": checks, "reasons": spreadsheet_safe(reasons), "critic_score": score,
            "critic_threshold": threshold,
        }
        for (s, p, o), (_s, _p, _o, graph, checks, reasons, score, threshold) in by_triple.items()
    ]


def _rejected_rows(store: Any, everything: bool) -> list[dict[str, str]]:
    k = {name: f"<{KG[name]}>" for name in ("reason", "check", "message", "needsReview", "criticScore", "criticThreshold", "confirmedBy")}
    soft = "" if everything else (
        f"FILTER NOT EXISTS {{ ?r {k['reason']} ?y FILTER NOT EXISTS {{ ?y {k['needsReview']} true }} }} "
        f"FILTER EXISTS {{ ?r {k['reason']} ?z }} FILTER NOT EXISTS {{ ?r {k['confirmedBy']} ?review }} "
    )
    sparql = (
        "SELECT ?s ?p ?o (GROUP_CONCAT(DISTINCT STR(?check); separator=\" \") AS ?checks) "
        "(GROUP_CONCAT(DISTINCT STR(?message); separator=\" | \") AS ?reasons) (MAX(?score) AS ?best) "
        "(MAX(?threshold) AS ?bar) (MAX(?confidence) AS ?mean) (SAMPLE(?run) AS ?by) WHERE { "
        "?r a kg:Rejection ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . "
        f"OPTIONAL {{ ?r {k['reason']} ?x . ?x {k['check']} ?check . OPTIONAL {{ ?x {k['message']} ?message }} }} "
        f"OPTIONAL {{ ?r {k['criticScore']} ?score }} OPTIONAL {{ ?r {k['criticThreshold']} ?threshold }} "
        f"OPTIONAL {{ ?r <{KG.confidence}> ?confidence }} OPTIONAL {{ ?r prov:wasGeneratedBy ?run }} {soft}"
        "FILTER(isIRI(?s) && !isBlank(?o)) } GROUP BY ?s ?p ?o ORDER BY ?s ?p ?o"
    )
    rows = list(store.query(sparql, graph="rejected"))
    thresholds = _run_thresholds(store) if rows else {}
    found = []
    for s, p, o, checks, reasons, score, threshold, mean, run in rows:
        if score is None and {CRITIC_CHECK, UNCONFIRMED_CHECK} & set(_value(checks).split()):
            # the critic's weighted mean (no learned critic's mark): the confidence it gave, held to the run's threshold
            score, threshold = mean, thresholds.get(_value(run))
        found.append((s, p, o, "rejected", _value(checks), _value(reasons), _score_text(score), _score_text(threshold)))
    return _rows_of(store, found)


def _run_thresholds(store: Any) -> dict[str, ox.Literal]:
    """The critic threshold each run was held to (its ``[critic] threshold``, ``kg:configJson``)."""
    out = {}
    for run, config in store.query(f"SELECT ?run ?config WHERE {{ ?run <{KG.configJson}> ?config }}", graph="provenance"):
        threshold = json.loads(config.value).get("critic", {}).get("threshold")
        if isinstance(threshold, (int, float)):
            out[run.value] = ox.Literal(str(threshold), datatype=ox.NamedNode(str(XSD.double)))
    return out


def _unreadable_rows(store: Any) -> list[dict[str, str]]:
    """What the quarantine holds that is no triple (:func:`export_review`'s ``unreadable``), one
    row per distinct head, relation, text and reason, by reason, the none answers last."""
    asked: dict[str, tuple[str, str]] = {}  # prompt id -> head, relation, from the runs' saved prompt lists
    for row in store.query(f"SELECT ?json WHERE {{ ?x <{KG.promptsJson}> ?json }}", graph="provenance"):
        for prompt in json.loads(row[0].value):
            asked[prompt.get("id", "")] = (prompt.get("head") or "", prompt.get("relation") or "")
    g = {name: f"<{GRAPH[name]}>" for name in ("rejected", "provenance")}
    sparql = (
        f"SELECT ?raw ?text ?check ?message ?id ?prompt ?head ?relation WHERE {{ GRAPH {g['rejected']} {{ ?r a <{KG.Rejection}> ; "
        f"<{KG.reason}> ?x . ?x <{KG.check}> ?check . OPTIONAL {{ ?x <{KG.message}> ?message }} "
        f"OPTIONAL {{ ?r <{KG.rawSpan}> ?raw }} FILTER NOT EXISTS {{ ?r rdf:subject ?s }} "
        f"OPTIONAL {{ ?r <{KG.askedHead}> ?head }} OPTIONAL {{ ?r <{KG.askedRelation}> ?relation }} "
        f"OPTIONAL {{ ?r prov:wasDerivedFrom ?c }} }} "
        f"OPTIONAL {{ GRAPH {g['provenance']} {{ ?c <{KG.text}> ?text ; <{KG.prompt}> ?p . "
        f"OPTIONAL {{ ?p <{KG.promptId}> ?id }} OPTIONAL {{ ?p <{KG.promptText}> ?prompt }} }} }} }}"
    )
    found: dict[tuple[str, str, str, str], str] = {}
    for raw, text, check, message, pid, prompt, asked_head, asked_relation in store.query(sparql, graph="all"):
        head, relation = asked.get(_value(pid), (_value(asked_head), _value(asked_relation)))
        if not head and _value(prompt).endswith(" [GEN]"):  # a file's row, asked as COMET is: "{head} {relation} [GEN]"
            head, _, relation = _value(prompt).removesuffix(" [GEN]").rpartition(" ")
        found.setdefault((_value(message) or _value(check), head, relation, _value(raw) or _value(text)), _value(check))
    return [
        {
            "subject": spreadsheet_safe(head), "relation": relation, "object": spreadsheet_safe(said), "label": "",
            "graph": "unreadable", "checks": check, "reasons": spreadsheet_safe(reason), "critic_score": "", "critic_threshold": "",
        }
        for (reason, head, relation, said), check in sorted(found.items(), key=lambda item: ("none answer" in item[0][0], item))
    ]


def _accepted_rows(store: Any) -> list[dict[str, str]]:
    """Accepted facts (not labels) no review confirmed or let in yet, with the critic's score
    where one judged them."""
    reviewed = {
        (row[0], row[1], row[2])
        for row in store.query(
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ ?st <{KG.confirmedBy}>|<{KG.promotedBy}> ?a ; rdf:subject ?s ; "
            f"rdf:predicate ?p ; rdf:object ?o . ?a <{KG.critic}> ?by FILTER(STRSTARTS(STR(?by), \"{REVIEW_PREFIX}\")) }}",
            graph="provenance",
        )
    }
    facts = [
        (row[0], row[1], row[2])
        for row in store.query(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o) && ?p != rdfs:label && ?p != rdf:type) } "
            "ORDER BY ?s ?p ?o",
            graph="accepted",
        )
        if (row[0], row[1], row[2]) not in reviewed
    ]
    scores: dict[tuple, tuple[str, str]] = {}
    for row in store.query(
        f"SELECT ?s ?p ?o (MAX(?score) AS ?best) (MAX(?threshold) AS ?bar) WHERE {{ ?st rdf:subject ?s ; "
        f"rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?x . ?x <{KG.criticScore}> ?score . "
        f"OPTIONAL {{ ?x <{KG.criticThreshold}> ?threshold }} }} GROUP BY ?s ?p ?o",
        graph="provenance",
    ):
        scores[(row[0], row[1], row[2])] = (_score_text(row[3]), _score_text(row[4]))
    return _rows_of(store, [(s, p, o, "accepted", "", "", *scores.get((s, p, o), ("", ""))) for s, p, o in facts])


def _value(term: Any) -> str:
    return "" if term is None else str(term.value)


def _score_text(term: Any) -> str:
    return "" if term is None else f"{float(term.value):.3f}"
