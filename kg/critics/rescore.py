"""Re-judge a stored graph with a (new) learned critic: ``kg critic rescore``.

The gate (:meth:`kg.critic.Critic.judge`) decides each candidate once, with the critic of its
run. A better critic, trained later, can re-judge what is stored:

* every **accepted** fact of the domain whose relation the judge covers gets the judge's
  P(valid); below the judge's threshold it is *demoted*: removed from ``accepted`` and written
  to ``rejected`` as a ``kg:Rejection`` with a ``kg:Reason`` of check ``critic`` (the message
  names the critic, the score and the threshold) and the critic mark (``kg:critic``,
  ``kg:criticScore``, ``kg:criticThreshold``). Its provenance statement node stays, with
  ``kg:demotedBy`` the rescoring, and the new rejection points at it (``prov:wasDerivedFrom``);
* every **rejected** candidate of a covered relation whose *only* reasons are of check
  ``critic`` (a critic, not a validator, kept it out) and whose new score reaches the threshold
  is *promoted*: its triple and labels go to ``accepted``; its statement node gets
  ``kg:promotedBy`` and a new support node (``SUPPORT/<candidate id>``: the rejection's
  extractor, span and completion, the new critic mark, ``kg:promotedFrom`` the rejection); the
  rejection's quads (and its reasons') move from ``rejected`` to ``provenance``, with
  ``kg:promotedBy``, so the old verdict is kept but no longer counts as a rejection.

Facts people vouch for are judged but never demoted: a fact with a support from a teacher whose
id ends in ``:human`` (the trusted tails of a dataset, such as ``atomic2020:human``: the
critic's own training positives), a fact loaded from a file (a ``kg:Source``), a fact a review
(people's labels, :mod:`kg.critics.review`) confirmed or promoted, and a fact with no teacher
evidence at all (no support with a ``kg:extractor``). As in the gate, a fact or
candidate the domain's reference graph confirms or refutes is left to the reference (counted as
``skipped``), not to the judge.

The rescoring is a ``kg:Rescoring`` node (a ``prov:Activity``) in ``provenance``: the critic
id, its threshold, the domain, start and end time, how many facts it moved each way. Nothing
is deleted: every move can be queried, e.g. the facts a critic demoted::

    SELECT ?s ?p ?o ?score WHERE {
      GRAPH graph:provenance { ?st kg:demotedBy ?a ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                               ?a kg:critic "cross-encoder:..." }
      GRAPH graph:rejected { ?r prov:wasDerivedFrom ?st ; prov:wasGeneratedBy ?a ; kg:criticScore ?score } }

Writes: moves are written in chunks, each chunk one SPARQL Update request (``DELETE DATA`` of
what leaves a graph, ``INSERT DATA`` of what enters one and of the records) — one transaction
on the embedded store (a failing operation rolls the whole request back), one request on a
SPARQL endpoint — so a crash leaves whole chunks. (``Store.add_nquads``, the journaled bulk
write, only adds; a move also removes.) Afterwards the ``inferred`` graph is rebuilt from
``accepted`` (:meth:`reasoners.rules.Materializer.rebuild`), since a demoted fact may have
derived some of it; the rescoring is marked ended only then, and a rescoring left unended by a
crash makes the next one rebuild.

Idempotent: a second rescoring with the same critic finds every fact at or above the
threshold and every critic-only rejection below it, moves nothing and writes nothing.
``dry_run`` scores and counts, and writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol, Sequence

import pyoxigraph as ox
from rdflib.namespace import XSD

from kg.critic import CRITIC_CHECK, below, critic_only_rejections, label_triple
from kg.critics.examples import is_vacuous
from kg.critics.moves import (
    GRAPHS, NT, EntityLabels, Progress, apply_update, double_literal, integer_literal, label_lines, now_literal,
    rebuild_inferred, select_rows, text_literal, unfinished_moves,
)
from kg.critics.trusted import HUMAN_SUFFIX  # a teacher id ending so: people's answers, never demoted
from kg.errors import CriticError
from kg.ontology import Domain
from kg.iri import local_name
from kg.namespaces import COMPLETION, KG, PROV, REJECTION, RESCORING, RUN, STATEMENT, SUPPORT
from kg.provenance import REVIEW_PREFIX, completion_teacher, triple_key  # review:NAME; what it vouches for no critic demotes
from kg.records import Candidate
from kg.terms import from_ox, to_ox

__all__ = ["RescoreReport", "rescore", "HUMAN_SUFFIX", "REVIEW_CHECK", "REVIEW_PREFIX", "RETRACT_CHECK"]

CHUNK = 500
"""Moves per write (one transaction each)."""


class Judge(Protocol):
    """What re-judges a stored graph: a learned critic (:class:`kg.critic.LearnedJudge`), or
    people's labels (:class:`kg.critics.review.ReviewJudge`), whose score is None where they
    have no opinion."""

    threshold: float

    @property
    def id(self) -> str: ...

    def covers(self, relation: str) -> bool: ...

    def score(self, triples: Sequence[tuple[str, str, str]]) -> Iterable[float | None]: ...


REVIEW_CHECK = "review"
"""The ``Reason.check`` of a fact people marked invalid (:mod:`kg.critics.review`)."""
RETRACT_CHECK = "retracted"
"""The ``Reason.check`` of a fact whose only evidence was withdrawn (:mod:`kg.critics.retract`):
no critic promotes it; a review that finds it valid does."""

SCORE_BATCH = 256
"""Triples per call of the judge's ``score``."""

@dataclass
class RescoreReport:
    """What a rescoring did (or, with ``dry_run``, would do).

    ``judged`` = ``kept + demoted + promoted + unchanged_rejected``: accepted facts and
    critic-only rejections of covered relations the judge scored. ``trusted``: facts below the
    threshold kept because people vouch for them (counted in ``kept``). ``skipped``: facts and
    candidates the domain's reference graph decides (not judged). ``inferred``: the size of
    the rebuilt ``inferred`` graph (None: not rebuilt)."""

    critic: str
    threshold: float
    judged: int = 0
    kept: int = 0
    demoted: int = 0
    promoted: int = 0
    unchanged_rejected: int = 0
    trusted: int = 0
    skipped: int = 0
    confirmed: int = 0
    confirmed_rejected: int = 0
    """Rejected facts (distinct triples) a review found invalid for the first time."""
    audited: int = 0
    audited_valid: int = 0
    """Accepted facts no review had decided before that this review judged (an audit of the
    gate), and how many of them it found valid."""
    held: int = 0
    held_triples: list[tuple[str, str, str]] = field(default_factory=list)
    """The (subject, relation, object) text of each candidate counted in ``held``."""
    dry_run: bool = False
    activity: str | None = None
    inferred: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def merge(self, other: "RescoreReport") -> "RescoreReport":
        """The counts of two rescorings by one judge (a review of a store's several domains)."""
        counts = ("judged", "kept", "demoted", "promoted", "unchanged_rejected", "trusted", "skipped", "confirmed",
                  "confirmed_rejected", "audited", "audited_valid", "held")
        merged = replace(self, **{k: getattr(self, k) + getattr(other, k) for k in counts})
        merged.activity = self.activity or other.activity
        merged.inferred = other.inferred if other.inferred is not None else self.inferred
        merged.seconds = round(self.seconds + other.seconds, 3)
        merged.notes = [*self.notes, *other.notes]
        merged.held_triples = [*self.held_triples, *other.held_triples]
        return merged

    def summary(self) -> str:
        verb = "would move" if self.dry_run else "moved"
        return (
            f"critic {self.critic} at threshold {self.threshold:.2f}: judged {self.judged:,}; {verb} "
            f"{self.demoted:,} accepted → rejected and {self.promoted:,} rejected → accepted; kept "
            f"{self.kept:,} ({self.trusted:,} trusted below the threshold), {self.unchanged_rejected:,} "
            f"stay rejected"
        )


@dataclass
class _Fact:
    """An accepted fact: its terms (pyoxigraph) and whether it may be demoted."""

    s: Any
    p: Any
    o: Any
    demotable: bool = True
    reviewed: bool = False
    """A review confirmed it or let it in."""


@dataclass
class _Rejected:
    """A rejection: its node and triple, and whether it may be promoted (its reasons are the
    critic's; in a review, all ask for review)."""

    node: Any
    s: Any
    p: Any
    o: Any
    reviewable: bool = True
    confirmed: bool = False
    """A review found it invalid already."""


# -- entry point --------------------------------------------------------------------------------


def rescore(
    store: Any,
    domain: str | Path | Domain,
    judge: Judge,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    chunk_size: int = CHUNK,
    materialize: bool | None = None,
    review: bool = False,
    inputs: Sequence[tuple[str, str]] = (),
) -> RescoreReport:
    """Re-judge the store's facts and critic-only rejections with ``judge`` (see the module
    docstring). ``domain``: a loaded domain or a domain folder / shipped name.
    ``materialize``: rebuild ``inferred`` after moves: None (default) when the store has an
    inferred graph, True always, False never.

    ``review``: the judge is people's labels (:mod:`kg.critics.review`): it scores 1 or 0 what
    they labelled and None (no opinion: nothing moves) the rest; every rejection whose reasons
    all ask for review may be promoted (not only the critic's), any fact may be demoted (people
    outrank the reference graph and other people's sources), a fact marked valid is recorded as
    confirmed, and the check of a demotion is ``review``. ``inputs``: the files the judge read,
    ``(path, "sha1:HEX")``, recorded with the rescoring (``kg:inputFile``, ``kg:inputDigest``)."""
    started = time.perf_counter()
    dom = _load_domain(domain)
    critic_id, threshold = str(judge.id), float(judge.threshold)
    report = RescoreReport(critic_id, threshold, dry_run=dry_run)
    if isinstance(missed := getattr(judge, "missed_target", None), str):
        report.notes.append(missed)
    tell = progress or (lambda *a, **k: None)
    predicates = [
        ox.NamedNode(str(rel.iri))
        for name, rel in dom.relations.items()
        if judge.covers(local_name(str(rel.iri)))
    ]
    reference = None if review else _reference_signal(dom)

    # read everything first: the rejections this run writes are not candidates for promotion
    tell("read", 0, len(predicates))
    facts: list[_Fact] = []
    rejections: list[_Rejected] = []
    for p in predicates:
        facts.extend(_accepted_facts(store, p))
        rejections.extend(_rejections(store, p, everyone=review))
        tell("read", 1)
    if reference is not None:
        kept_facts = [f for f in facts if reference(f.s, f.p, f.o) is None]
        kept_rejections = [r for r in rejections if reference(r.s, r.p, r.o) is None]
        report.skipped = len(facts) - len(kept_facts) + len(rejections) - len(kept_rejections)
        facts, rejections = kept_facts, kept_rejections

    scores = _score(store, judge, [(f.s, f.p, f.o) for f in facts] + [(r.s, r.p, r.o) for r in rejections], tell)
    demote: list[tuple[_Fact, float, str | None]] = []
    confirm: list[_Fact | _Rejected] = []
    for f in facts:
        score, why, _words = scores[(f.s, f.p, f.o)]
        if score is None:
            continue  # no opinion (a review's unlabelled fact)
        if review and not f.reviewed:
            report.audited += 1
            report.audited_valid += score >= threshold
        if score >= threshold and (why is None or review):  # the form check's rejects stay out whatever the threshold
            report.kept += 1
            if review and f.demotable:  # people vouch for it from now on (once: a second review writes nothing)
                confirm.append(f)
        elif f.demotable or review:
            demote.append((f, score, why))
        else:
            report.kept += 1
            report.trusted += 1
    promote: list[tuple[_Rejected, float]] = []
    unchanged: set[tuple] = set()  # facts, not rejection records: a triple may have several
    held: set[tuple] = set()
    hard: list[tuple[_Rejected, float]] = []  # marked valid, rejected by a hard check
    for r in rejections:
        score, why, words = scores[(r.s, r.p, r.o)]
        if score is None:
            continue
        if score < threshold or (why is not None and not review):
            unchanged.add((r.s, r.p, r.o))
            if review and not r.confirmed:  # people agree: no critic promotes it later, no review asks again
                confirm.append(r)
        elif not r.reviewable:
            hard.append((r, score))
        else:
            promote.append((r, score))
    # what enters is checked against the store as it is now: a hard check's verdict stands while
    # the data it read stands (once the trusted "Guillermo del Toro composer ..." that typed him
    # a film is marked invalid, the checks pass and what people marked valid enters); a fact
    # quarantined before a value of its one-value relation was stored stays out (a second
    # medium beside the ingested one), and one that is that value up to case enters as it
    entering, promote = promote + hard, []
    read, refused = _passing_now(store, dom, [r for r, _ in entering])
    for r, score in entering:
        fact = (r.s, r.p, r.o)
        if fact in read:
            promote.append((replace(r, o=read[fact]), score))
        elif not review:
            unchanged.add(fact)
        else:
            if fact not in held:
                report.held_triples.append(scores[fact][2])
            held.add(fact)
    if held:
        shown = [f"{' '.join(scores[fact][2])} ({refused[fact]})" for fact in sorted(held, key=str)[:3] if fact in refused]
        report.notes.append(f"{len(held)} facts marked valid stay out, the checks reject them against the store as it is now: {'; '.join(shown)}")
    report.unchanged_rejected, report.held = len(unchanged), len(held)
    report.demoted, report.promoted = len(demote), len({(r.s, r.p, r.o) for r, _ in promote})
    report.confirmed_rejected = len({(x.s, x.p, x.o) for x in confirm if isinstance(x, _Rejected)})
    report.confirmed = sum(isinstance(x, _Fact) for x in confirm)
    report.judged = report.kept + report.demoted + report.promoted + report.unchanged_rejected + report.held
    if dry_run:
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    unfinished = unfinished_moves(store)
    moves: list[tuple[str, Any, float, str | None]] = [("demote", f, s, w) for f, s, w in demote]
    moves += [("promote", r, s, None) for r, s in promote]
    moves += [("confirm", f, 1.0, None) for f in confirm]
    activity = None
    if moves:
        activity = f"<{RESCORING}{_activity_key(critic_id, dom)}>"
        report.activity = activity[1:-1]
        header = _activity_nt(activity, critic_id, threshold, dom.name)
        header += [
            f"{activity} {NT[key]} {text_literal(value)} {GRAPHS['provenance']} ."
            for path, digest in inputs for key, value in (("inputFile", path), ("inputDigest", digest))
        ]
        labels = EntityLabels(store)
        tell("write", 0, len(moves))
        for i in range(0, len(moves), max(1, chunk_size)):
            chunk = moves[i : i + max(1, chunk_size)]
            labels.fetch(x for _, item, _, _ in chunk for x in (item.s, item.o))
            delete: list[str] = []
            insert: list[str] = list(header)
            for kind, item, score, why in chunk:
                if kind == "demote":
                    _demote(item, score, why, critic_id, threshold, activity, labels, delete, insert, review=review)
                elif kind == "promote":
                    _promote(store, item, score, critic_id, threshold, activity, labels, delete, insert)
                elif isinstance(item, _Rejected):
                    insert.append(f"{item.node} {NT['confirmedBy']} {activity} {GRAPHS['rejected']} .")
                else:
                    key = triple_key(str(item.s), str(item.p), str(item.o))
                    insert.append(f"<{STATEMENT}{key}> {NT['confirmedBy']} {activity} {GRAPHS['provenance']} .")
            apply_update(store, delete, insert)
            tell("write", len(chunk))
    if moves or unfinished:
        rebuild = materialize if materialize is not None else not store.is_empty("inferred")
        if rebuild and (demote or promote or unfinished):  # a confirmation changes no fact
            report.inferred = rebuild_inferred(store, tell, report.notes, also=dom)
        ended = now_literal()
        quads = [f"<{a}> {NT['ended']} {ended} {GRAPHS['provenance']} ." for a in unfinished]
        if activity is not None:
            g = GRAPHS["provenance"]
            quads += [
                f"{activity} {NT['ended']} {ended} {g} .",
                f"{activity} {NT['demotedCount']} {integer_literal(report.demoted)} {g} .",
                f"{activity} {NT['promotedCount']} {integer_literal(report.promoted)} {g} .",
            ]
        store.add_nquads("\n".join(quads) + "\n")
    report.seconds = round(time.perf_counter() - started, 3)
    return report


# -- reading ------------------------------------------------------------------------------------


def _load_domain(domain: str | Path | Domain) -> Domain:
    if isinstance(domain, (str, Path)):
        from kg.ontology import load_domain

        return load_domain(str(domain))
    return domain




def _passing_now(store: Any, dom: Domain, rejections: list[_Rejected]) -> tuple[dict[tuple, Any], dict[tuple, str]]:
    """The (s, p, o) of ``rejections`` the domain's checks accept against the store as it is now,
    each with the object as they read it (a known text up to case is the known one), and of
    those they reject, the first reason."""
    if not rejections:
        return {}, {}
    from kg.validate import Validator

    cands = [Candidate(from_ox(r.s), from_ox(r.p), from_ox(r.o)) for r in rejections]  # type: ignore[arg-type]
    verdicts = Validator(dom, store).validate(cands)
    read = {
        (r.s, r.p, r.o): r.o if v.candidate.object == c.object else to_ox(v.candidate.object)
        for r, c, v in zip(rejections, cands, verdicts) if v.accepted
    }
    refused = {(r.s, r.p, r.o): v.reasons[0].message for r, v in zip(rejections, verdicts) if not v.accepted}
    return read, refused


def _accepted_facts(store: Any, p: ox.NamedNode) -> list[_Fact]:
    """The accepted facts of one predicate (IRI subjects and objects or literal objects), each
    marked demotable unless people vouch for it."""
    facts = {
        (row[0], row[1]): _Fact(row[0], p, row[1])
        for row in select_rows(store, f"SELECT ?s ?o WHERE {{ ?s {p} ?o FILTER(isIRI(?s) && !isBlank(?o)) }}", "accepted")
    }
    if not facts:
        return []
    head = f"?st {NT['predicate']} {p} ; {NT['subject']} ?s ; {NT['object']} ?o ; {NT['derived']} ?x ."
    evidence = {
        (row[0], row[1])
        for row in select_rows(store, f"SELECT DISTINCT ?s ?o WHERE {{ {head} ?x {NT['extractor']} ?e }}", "provenance")
    }
    human = f'FILTER(STRENDS(STR(?t), "{HUMAN_SUFFIX}"))'
    reviewed = f'FILTER(STRSTARTS(STR(?by), "{REVIEW_PREFIX}"))'
    vouched = {
        (row[0], row[1])
        for row in select_rows(
            store,
            f"SELECT DISTINCT ?s ?o WHERE {{ {head} "
            f"{{ ?x {NT['type']} {NT['Source']} }} UNION "
            f"{{ ?x {NT['derived']} ?c . {completion_teacher('?c', '?t')} {human} }} }}",
            "provenance",
        )
    }
    by_people = {
        (row[0], row[1])
        for row in select_rows(
            store,
            f"SELECT DISTINCT ?s ?o WHERE {{ ?st {NT['predicate']} {p} ; {NT['subject']} ?s ; {NT['object']} ?o ; "
            f"{NT['confirmedBy']}|{NT['promotedBy']} ?a . ?a {NT['critic']} ?by {reviewed} }}",
            "provenance",
        )
    }
    for key, fact in facts.items():
        fact.reviewed = key in by_people
        fact.demotable = key in evidence and key not in vouched and not fact.reviewed
    return list(facts.values())


def _rejections(store: Any, p: ox.NamedNode, *, everyone: bool = False) -> list[_Rejected]:
    """The rejections of one predicate whose only reasons are the critic's; with ``everyone``
    (a review), every rejection, marked reviewable when all its reasons ask for review
    (``kg:needsReview``: the critic, an unconfirmed guess, a conflict), withdrew the evidence
    (a retraction: a person's word is evidence of its own) or are an earlier review's (the later
    review wins) rather than a hard check; marked confirmed when a review (not a retraction)
    found it invalid already."""
    n = NT
    if not everyone:
        of_predicate = f"?r {n['predicate']} {p} ."
        sparql = (
            f"SELECT ?r ?s ?o WHERE {{ {critic_only_rejections('?r', of_predicate)}"
            f"?r {n['type']} {n['Rejection']} ; {n['subject']} ?s ; {n['object']} ?o . "
            f"FILTER NOT EXISTS {{ ?r {n['confirmedBy']} ?review }} "  # people found it invalid
            f"FILTER(isIRI(?s) && !isBlank(?o)) }}"
        )
        return [_Rejected(row[0], row[1], p, row[2]) for row in select_rows(store, sparql, "rejected")]
    rejected, provenance = GRAPHS["rejected"], GRAPHS["provenance"]
    sparql = (
        f"SELECT ?r ?s ?o (COUNT(DISTINCT ?x) AS ?reasons) (COUNT(DISTINCT ?soft) AS ?soft_reasons) "
        f"(COUNT(DISTINCT ?review) AS ?reviews) WHERE {{ GRAPH {rejected} {{ "
        f"?r {n['type']} {n['Rejection']} ; {n['predicate']} {p} ; {n['subject']} ?s ; {n['object']} ?o . "
        f"OPTIONAL {{ ?r {n['reason']} ?x . OPTIONAL {{ {{ ?x {n['needsReview']} ?flag FILTER(?flag = true) }} "
        f"UNION {{ ?x {n['check']} ?soft_check FILTER(?soft_check IN ({text_literal(RETRACT_CHECK)}, "
        f"{text_literal(REVIEW_CHECK)})) }} BIND(?x AS ?soft) }} }} }} "
        f"OPTIONAL {{ GRAPH {rejected} {{ ?r {n['confirmedBy']} ?review }} "
        f"GRAPH {provenance} {{ ?review {n['critic']} ?by FILTER(STRSTARTS(STR(?by), {text_literal(REVIEW_PREFIX)})) }} }} "
        f"FILTER(isIRI(?s) && !isBlank(?o)) }} GROUP BY ?r ?s ?o"
    )
    return [
        _Rejected(
            row[0], row[1], p, row[2], reviewable=int(row[3].value) > 0 and row[3].value == row[4].value,
            confirmed=int(row[5].value) > 0,
        )
        for row in select_rows(store, sparql, "all")
    ]


def _score(
    store: Any, judge: Judge, triples: Sequence[tuple[Any, Any, Any]], tell: Progress
) -> dict[tuple, tuple[float | None, str | None, tuple[str, str, str]]]:
    """The judge's P(valid) of each distinct triple (read through its labels, as the gate reads
    a candidate: :func:`kg.critic.label_triple`; None where a review's labels say nothing), with
    why its tail is vacuous (or None) and the words it was judged by."""
    unique = list(dict.fromkeys(triples))
    tell("score", 0, len(unique))
    labels = EntityLabels(store)
    out: dict[tuple, tuple[float | None, str | None, tuple[str, str, str]]] = {}
    for i in range(0, len(unique), SCORE_BATCH):
        chunk = unique[i : i + SCORE_BATCH]
        labels.fetch(x for s, _p, o in chunk for x in (s, o))
        words = [
            label_triple(Candidate(
                from_ox(s), from_ox(p), from_ox(o),  # type: ignore[arg-type]
                subject_label=labels.get(s), object_label=labels.get(o),
            ))
            for s, p, o in chunk
        ]
        got = list(judge.score(words))
        if len(got) != len(chunk):
            raise CriticError(f"the judge {judge.id} returned {len(got)} scores for {len(chunk)} triples")
        for key, (head, _rel, tail), p in zip(chunk, words, got):
            out[key] = (None if p is None else min(1.0, max(0.0, float(p))), is_vacuous(head, tail), (head, _rel, tail))
        tell("score", len(chunk))
    return out


def _reference_signal(dom: Domain) -> Callable[[Any, Any, Any], float | None] | None:
    """The gate's reference signal for the domain (None without a reference graph): a fact the
    reference confirms or refutes is the reference's to decide, not the judge's."""
    if dom.reference is None:
        return None
    from kg.config import CriticConfig
    from kg.critic import Critic

    signal = Critic.from_config(CriticConfig(), domain=dom).reference_signal
    return lambda s, p, o: signal((from_ox(s), from_ox(p), from_ox(o)))


# -- writing ------------------------------------------------------------------------------------


def _activity_key(critic_id: str, dom: Domain) -> str:
    seed = f"{critic_id}|{dom.name}|{time.time_ns()}|{os.getpid()}"
    return hashlib.sha1(seed.encode("utf-8")).hexdigest()


def _activity_nt(activity: str, critic_id: str, threshold: float, domain: str) -> list[str]:
    g, n = GRAPHS["provenance"], NT
    return [
        f"{activity} {n['type']} {n['Rescoring']} {g} .",
        f"{activity} {n['type']} {n['Activity']} {g} .",
        f"{activity} {n['critic']} {text_literal(critic_id)} {g} .",
        f"{activity} {n['criticThreshold']} {double_literal(threshold)} {g} .",
        f"{activity} {n['domain']} {text_literal(domain)} {g} .",
        f"{activity} {n['started']} {now_literal()} {g} .",
    ]


def _mark(node: str, score: float, critic_id: str, threshold: float, g: str) -> list[str]:
    n = NT
    return [
        f"{node} {n['confidence']} {double_literal(score)} {g} .",
        f"{node} {n['critic']} {text_literal(critic_id)} {g} .",
        f"{node} {n['criticScore']} {double_literal(score)} {g} .",
        f"{node} {n['criticThreshold']} {double_literal(threshold)} {g} .",
    ]


def _demote(
    fact: _Fact, score: float, why: str | None, critic_id: str, threshold: float, activity: str,
    labels: EntityLabels, delete: list[str], insert: list[str], *, review: bool = False,
) -> None:
    """A fact leaves ``accepted`` for ``rejected``; its statement node records the move (a
    review's: check ``review``, nothing left to review)."""
    n, s, p, o = NT, str(fact.s), str(fact.p), str(fact.o)
    key = triple_key(s, p, o)
    stmt = f"<{STATEMENT}{key}>"
    node = f"<{REJECTION}rescore-{hashlib.sha1(f'{activity}|{key}'.encode('utf-8')).hexdigest()}>"
    check = REVIEW_CHECK if review else CRITIC_CHECK
    reason = f"<{node[1:-1]}/reason/{check}>"
    g = GRAPHS["rejected"]
    message = (
        f"reviewed: {critic_id.removeprefix('review:')} marked it invalid" if review else
        f"{why} (the critic's form check)" if why else
        "rescored: the learned critic {} gives P(valid) {}, below its threshold {}".format(critic_id, *below(score, threshold))
    )
    delete.append(f"{s} {p} {o} {GRAPHS['accepted']} .")
    insert += [
        f"{node} {n['type']} {n['Rejection']} {g} .",
        f"{node} {n['subject']} {s} {g} .",
        f"{node} {n['predicate']} {p} {g} .",
        f"{node} {n['object']} {o} {g} .",
        *_mark(node, score, critic_id, threshold, g),
        f"{node} {n['derived']} {stmt} {g} .",
        f"{node} {n['generated']} {activity} {g} .",
        f"{node} {n['reason']} {reason} {g} .",
        f"{reason} {n['type']} {n['Reason']} {g} .",
        f"{reason} {n['check']} {text_literal(check)} {g} .",
        f"{reason} {n['message']} {text_literal(message)} {g} .",
        f"{reason} {n['focusNode']} {s} {g} .",
        *label_lines(labels, fact.s, fact.o, g),
        f"{stmt} {n['demotedBy']} {activity} {GRAPHS['provenance']} .",
    ]
    if review:  # people decided: no critic promotes it later, no review asks again
        insert.append(f"{node} {n['confirmedBy']} {activity} {g} .")
    elif why is None:
        insert.append(f'{reason} {n["needsReview"]} "true"^^<{XSD.boolean}> {g} .')


def _quads_of(store: Any, node: Any, graph: str) -> list[Any]:
    return list(store.match(from_ox(node), graph=graph))


def _promote(
    store: Any, rej: _Rejected, score: float, critic_id: str, threshold: float, activity: str,
    labels: EntityLabels, delete: list[str], insert: list[str],
) -> None:
    """A critic-only rejection enters ``accepted``: a statement and a support made from the
    rejection; the rejection's quads move to ``provenance``."""
    n, s, p, o = NT, str(rej.s), str(rej.p), str(rej.o)
    stmt = f"<{STATEMENT}{triple_key(s, p, o)}>"
    node = str(rej.node)
    local = rej.node.value[len(str(REJECTION)):] if rej.node.value.startswith(str(REJECTION)) else (
        hashlib.sha1(rej.node.value.encode("utf-8")).hexdigest()
    )
    support = f"<{SUPPORT}{local}>"
    own = _quads_of(store, rej.node, "rejected")
    reasons = [q.object for q in own if q.predicate.value == str(KG.reason)]
    moved = own + [q for r in reasons for q in _quads_of(store, r, "rejected")]
    gp, ga, gr = GRAPHS["provenance"], GRAPHS["accepted"], GRAPHS["rejected"]
    for q in moved:
        delete.append(f"{q.subject} {q.predicate} {q.object} {gr} .")
        insert.append(f"{q.subject} {q.predicate} {q.object} {gp} .")
    insert += [
        f"{node} {n['promotedBy']} {activity} {gp} .",
        f"{s} {p} {o} {ga} .",
        *label_lines(labels, rej.s, rej.o, ga),
        f"{stmt} {n['type']} {n['Statement']} {gp} .",
        f"{stmt} {n['subject']} {s} {gp} .",
        f"{stmt} {n['predicate']} {p} {gp} .",
        f"{stmt} {n['object']} {o} {gp} .",
        f"{stmt} {n['derived']} {support} {gp} .",
        f"{stmt} {n['promotedBy']} {activity} {gp} .",
        *_mark(support, score, critic_id, threshold, gp),
        f"{support} {n['promotedFrom']} {node} {gp} .",
    ]
    completions = []
    runs = []
    for q in own:
        pred = q.predicate.value
        if pred in (str(KG.extractor), str(KG.rawSpan), str(KG.rationale), str(KG.lowerBound), str(KG.upperBound), str(KG.referenceCheck)):
            insert.append(f"{support} {q.predicate} {q.object} {gp} .")
        elif pred == str(PROV.wasDerivedFrom) and q.object.value.startswith(str(COMPLETION)):
            completions.append(q.object)
        elif pred == str(PROV.wasGeneratedBy) and q.object.value.startswith(str(RUN)):
            runs.append(q.object)
    # as the pipeline writes a support: derived from its completion, else generated by its run
    insert += [f"{support} {n['derived']} {c} {gp} ." for c in completions]
    if not completions:
        insert += [f"{support} {n['generated']} {r} {gp} ." for r in runs]




