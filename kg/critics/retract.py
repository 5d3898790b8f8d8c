"""Withdraw what one run or one loaded file brought in: ``kg retract RUN`` (``kg runs`` lists
the runs).

A run whose teacher turned out to be misconfigured (the wrong model behind a name, a broken
prompt template, a hijacked source), or a file loaded by mistake, vouched for facts that
nothing else supports. Provenance says which: every accepted fact has a statement node whose
supports lead to the completions, samplings and runs (or the loaded file, a ``kg:Source``)
they came from. ``retract`` moves to ``rejected`` every accepted fact whose every support comes
from that origin alone (or from runs and files retracted before), with the check ``retracted``
and the reason given, and keeps:

* facts some other run, file or person, not retracted, also supports (counted as ``kept``);
* facts a review confirmed or let in (people vouch for them: ``reviewed``).

Nothing is deleted: the move is recorded as a ``kg:Rescoring`` (critic ``retraction:NAME``,
``kg:retracted`` the origin), the origin and its supports are marked ``kg:retractedBy`` it, the
facts' rejections keep their statement, and ``inferred`` is rebuilt with every domain's rules
when it held anything. A retraction cut short (a crash) is finished by the next one of the same
origin, under its record. No critic promotes a retracted fact again; a review that finds it valid
does, and a later run that finds it anew brings it back with its own evidence. The teacher cache still holds a run's answers: a
rerun with the same teacher would read them again (``kg distill --again --no-cache`` asks anew;
``kg erase TEXT`` deletes them, and every other trace of ``TEXT``). The store's students
(``students/generator``, ``students/linkpred``) and its critic (``critic``) keep what they
learnt until they are trained again, or deleted where no fact is left to train them on: the
closing notes say so of those saved since the retracted run started.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.critics.moves import (
    GRAPHS, NT, EntityLabels, Progress, apply_update, integer_literal, label_lines, now_literal, rebuild_inferred,
    text_literal, unfinished_moves,
)
from kg.critics.rescore import RETRACT_CHECK, REVIEW_PREFIX
from kg.errors import UsageError
from kg.namespaces import KG, PROV, REJECTION, RESCORING, RUN, STATEMENT
from kg.provenance import triple_key

__all__ = ["RetractReport", "retract", "RETRACT_CHECK", "find_origin"]

CHUNK = 500
"""Facts moved per write (one transaction each)."""


@dataclass
class RetractReport:
    """What a retraction did (or, with ``dry_run``, would do): ``retracted`` facts moved to
    ``rejected``; ``kept`` facts that other evidence supports too; ``reviewed`` facts people
    vouched for; ``closed`` candidates it got quarantined that no longer await review (no critic
    promotes them either); ``unlabelled`` entities left with nothing but a label, whose label
    went with their facts; ``inferred`` the size of the rebuilt ``inferred`` graph (None: not
    rebuilt)."""

    origin: str
    name: str
    retracted: int = 0
    kept: int = 0
    reviewed: int = 0
    closed: int = 0
    unlabelled: int = 0
    dry_run: bool = False
    activity: str | None = None
    inferred: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        verb = "would move" if self.dry_run else "moved"
        return (
            f"retract {self.name}: {verb} {self.retracted:,} facts that only it supports to quarantine (the rejected graph); kept "
            f"{self.kept:,} that other runs, files or people support too and {self.reviewed:,} a review vouched for"
            + (f"; {self.closed:,} candidates it got quarantined {'would ' if self.dry_run else ''}no longer await review"
               if self.closed else "")
            + (f"; {self.unlabelled:,} entities left with no fact lost their label too" if self.unlabelled else "")
            + (" (dry run: nothing changed)" if self.dry_run else "")
        )


def find_origin(store: Any, given: str) -> tuple[ox.NamedNode, str]:
    """The run or loaded file ``given`` names, and a name for it: a run's id as ``kg runs``
    shows it (``distill-9cda849575a6ca75``) or its IRI; a file's path as it was loaded (or its
    name, where one loaded file has it)."""
    text = given.strip()
    run = ox.NamedNode(text) if text.startswith(str(RUN)) else None if "/" in text else ox.NamedNode(str(RUN) + text)
    if run is not None and store.query(f"ASK {{ {run} a <{KG.Run}> }}", graph="provenance"):
        return run, run.value.removeprefix(str(RUN))
    sources = [
        (row[0], row[1].value)
        for row in store.query(f"SELECT ?s ?path WHERE {{ ?s a <{KG.Source}> ; <{KG.path}> ?path }}", graph="provenance")
    ]
    wanted = {text, Path(text).expanduser().resolve().as_uri() if text and "://" not in text else text}
    hits = [s for s in sources if s[1] in wanted] or [s for s in sources if s[1] != "api" and Path(s[1]).name == Path(text).name]
    if len(hits) == 1:
        return hits[0][0], hits[0][1]
    if len(hits) > 1:
        raise UsageError(f"{given!r} names {len(hits)} loaded files ({', '.join(h[1] for h in hits[:3])}); give the whole path")
    runs = [row[0].value.removeprefix(str(RUN)) for row in store.query(
        f"SELECT ?r WHERE {{ ?r a <{KG.Run}> ; <{PROV.startedAtTime}> ?t }} ORDER BY DESC(?t) LIMIT 5", graph="provenance")]
    known = f"; the latest runs: {', '.join(runs)} (kg runs lists them all)" if runs else "; the store has no runs"
    raise UsageError(f"no run or loaded file {given!r} in this store{known}")


_IN = 400
"""Nodes per ``VALUES`` block of the queries that follow provenance (one big join took minutes
for a run of 4,000 facts; chunks of lookups take about a second)."""


def _chunked(store: Any, nodes: list[Any], sparql: str, graph: str = "provenance") -> list[Any]:
    """Rows of ``sparql`` (with ``{values}`` where ``VALUES ?x {...}`` goes) over ``nodes``, in chunks."""
    rows: list[Any] = []
    for i in range(0, len(nodes), _IN):
        values = "VALUES ?x { " + " ".join(str(x) for x in nodes[i : i + _IN]) + " }"
        rows += list(store.query(sparql.replace("{values}", values), graph=graph))
    return rows


def _completions(store: Any, origin: ox.NamedNode) -> list[Any]:
    """The completions a run got (through its samplings); none for a loaded file."""
    if not origin.value.startswith(str(RUN)):
        return []
    samplings = [row[0] for row in store.query(f"SELECT ?m WHERE {{ ?m <{KG.run}> {origin} }}", graph="provenance")]
    return [row[0] for row in _chunked(store, samplings, f"SELECT ?c WHERE {{ {{values}} ?c <{PROV.wasGeneratedBy}> ?x }}")]


def _facts(store: Any, origin: ox.NamedNode, completions: list[Any]) -> dict[tuple[Any, Any, Any], dict[str, Any]]:
    """The accepted facts with a support from ``origin``: each fact's statement, its supports'
    origins (a set per support; an empty set is a support of unknown origin) and whether a review
    vouched for it. Provenance is followed a step at a time: run → samplings → completions →
    supports → statements (a file: its ``kg:Source`` node is the support)."""
    derived, generated = f"<{PROV.wasDerivedFrom}>", f"<{PROV.wasGeneratedBy}>"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    if origin.value.startswith(str(RUN)):
        supports = [row[0] for row in _chunked(store, completions, f"SELECT ?sup WHERE {{ {{values}} ?sup {derived} ?x }}")]
        supports += [row[0] for row in store.query(f"SELECT ?sup WHERE {{ ?sup {generated} {origin} }}", graph="provenance")]
    else:
        supports = [origin]
    statements = list(dict.fromkeys(
        row[0] for row in _chunked(store, list(dict.fromkeys(supports)), f"SELECT ?st WHERE {{ {{values}} ?st {derived} ?x }}")
    ))
    facts: dict[tuple[Any, Any, Any], dict[str, Any]] = {}
    triples: dict[Any, tuple[Any, Any, Any]] = {}
    for st, s, p, o in _chunked(
        store, statements, f"SELECT ?x ?s ?p ?o WHERE {{ {{values}} ?x <{rdf}subject> ?s ; <{rdf}predicate> ?p ; <{rdf}object> ?o }}"
    ):
        triples[st] = (s, p, o)
    kept = {
        (s, p, o)
        for i in range(0, len(triples), _IN)
        for s, p, o in store.query(
            "SELECT ?s ?p ?o WHERE { VALUES (?s ?p ?o) { "
            + " ".join(f"({s} {p} {o})" for s, p, o in list(triples.values())[i : i + _IN])
            + " } ?s ?p ?o }", graph="accepted",
        )
    }
    for st, triple in triples.items():
        if triple in kept:
            facts[triple] = {"statement": st, "supports": {}, "reviewed": False}
    by_statement = {fact["statement"]: fact for fact in facts.values()}
    for st, sup, r1, r2, source in _chunked(store, list(by_statement), f"""SELECT ?x ?sup ?r1 ?r2 ?source WHERE {{ {{values}}
        ?x {derived} ?sup .
        OPTIONAL {{ ?sup {derived} ?c . ?c {generated} ?m . ?m <{KG.run}> ?r1 }}
        OPTIONAL {{ ?sup {generated} ?r2 . ?r2 a <{KG.Run}> }}
        OPTIONAL {{ ?sup a <{KG.Source}> BIND(?sup AS ?source) }} }}"""):
        by_statement[st]["supports"].setdefault(sup, set()).update(x for x in (r1, r2, source) if x is not None)
    for (st,) in _chunked(store, list(by_statement), f"""SELECT DISTINCT ?x WHERE {{ {{values}}
        ?x <{KG.confirmedBy}>|<{KG.promotedBy}> ?a . ?a <{KG.critic}> ?by FILTER(STRSTARTS(STR(?by), "{REVIEW_PREFIX}")) }}"""):
        by_statement[st]["reviewed"] = True
    return facts


def _cut_short(store: Any, origin: ox.NamedNode) -> str | None:
    """The retraction of ``origin`` a crash cut short (begun, never counted: its count is written
    last, with its end; another move may have stamped the end since), which this one finishes
    under the same record; None when there is none."""
    rows = store.query(
        f"SELECT ?a WHERE {{ ?a <{KG.retracted}> {origin} FILTER NOT EXISTS {{ ?a <{KG.demotedCount}> ?n }} }} LIMIT 1",
        graph="provenance",
    )
    return next((row[0].value for row in rows), None)


def _moved_by(store: Any, activity: str) -> list[tuple[Any, Any, Any]]:
    """The facts a retraction moved to ``rejected`` (their statements are ``kg:demotedBy`` it)."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return [
        (row[0], row[1], row[2]) for row in store.query(
            f"SELECT ?s ?p ?o WHERE {{ ?st <{KG.demotedBy}> <{activity}> ; <{rdf}subject> ?s ; <{rdf}predicate> ?p ; "
            f"<{rdf}object> ?o }}", graph="provenance")
    ]


def _retracted_origins(store: Any) -> set[Any]:
    """The runs and loaded files an earlier retraction withdrew: their evidence supports nothing."""
    return {row[0] for row in store.query(f"SELECT DISTINCT ?o WHERE {{ ?a <{KG.retracted}> ?o }}", graph="provenance")}


def _only_from(supports: dict[Any, set[Any]], origin: Any, gone: set[Any]) -> bool:
    """Whether every support of a fact that still counts comes from ``origin`` alone: a support
    whose every origin was retracted before counts no more (two runs that asked the same prompts
    each kept the other's facts), one of unknown origin (an empty set) still does."""
    return all(origins - gone == {origin} for origins in supports.values() if not origins or origins - gone)


def _store_folder(store: Any) -> Path | None:
    """The folder of a local store (None: a SPARQL endpoint's, which has none here)."""
    location = str(getattr(store, "location", ""))
    if not location or location.startswith(("http://", "https://")):
        return None
    return Path(location)


def _trained(folder: Path | None, since: float | None) -> list[str]:
    """The models a local store holds, trained on its facts (``students/generator``,
    ``students/linkpred``, ``critic``): what they learnt does not change when the facts do. A model
    last saved before ``since`` (the retracted run's start, seconds since the epoch) never saw its
    facts: left out."""
    if folder is None:
        return []
    places = ["students/generator", "students/linkpred", "critic"]
    return [p for p in places if (saved := _saved_at(folder / p)) is not None and (since is None or saved >= since)]


def _saved_at(model: Path) -> float | None:
    """When the model in the folder ``model`` was last saved (its newest file's time); None when
    there is none."""
    return max((f.stat().st_mtime for f in model.rglob("*") if f.is_file()), default=None) if model.is_dir() else None


def _started_at(store: Any, origin: ox.NamedNode) -> float | None:
    """When the run ``origin`` started (seconds since the epoch); None for a loaded file, or a run
    with no recorded start."""
    rows = store.query(f"SELECT ?t WHERE {{ <{origin.value}> <{PROV.startedAtTime}> ?t }}", graph="provenance").bindings()
    try:
        return min(datetime.fromisoformat(str(row["t"])).timestamp() for row in rows) if rows else None
    except ValueError:
        return None


_RETRAIN = {"students/generator": "kg train generator", "students/linkpred": "kg train linkpred", "critic": "kg critic train"}


def _facts_left(store: Any) -> bool:
    """Whether ``accepted`` still holds a fact between two entities (what the students and the
    critic train on)."""
    label, type_ = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    return bool(store.query(f"ASK {{ ?s ?p ?o FILTER(isIRI(?o) && ?p != <{type_}> && ?p != <{label}>) }}", graph="accepted"))


def _retrain_note(store: Any, trained: list[str]) -> str:
    """The closing note on the models that learnt the retracted facts: retrain them, or, with no
    fact left to train on (a retrain fails), delete their folders."""
    names = ", ".join(trained)
    if _facts_left(store):
        return (f"{names} learnt the retracted facts before: they still propose, rank or judge by them until retrained "
                f"({'; '.join(_RETRAIN[t] for t in trained)})")
    return (f"{names} learnt the retracted facts before and still answer with them, and no fact is left to retrain "
            f"them on: delete {'that folder' if len(trained) == 1 else 'those folders'} of the store to remove them")


def _drop_bare_labels(store: Any, withdrawn: list[tuple[Any, Any, Any]]) -> int:
    """Take out of ``accepted`` the labels of the withdrawn facts' entities that are left with
    nothing else there (the rejections keep a copy), unless a label is a fact of its own (it
    has a statement: a loaded file said it). Returns how many entities lost their label."""
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    entities = list(dict.fromkeys(x for s, _p, o in withdrawn for x in (s, o) if isinstance(x, ox.NamedNode)))
    used = {
        row[0] for row in _chunked(store, entities, f"""SELECT DISTINCT ?x WHERE {{ {{values}}
            {{ ?x ?p ?o FILTER(?p != <{label}>) }} UNION {{ ?s ?p ?x }} }}""", graph="accepted")
    }
    bare = [x for x in entities if x not in used]
    labels = _chunked(store, bare, f"SELECT ?x ?l WHERE {{ {{values}} ?x <{label}> ?l }}", graph="accepted")
    stated = {
        row[0] for row in _chunked(
            store, [ox.NamedNode(f"{STATEMENT}{triple_key(str(x), f'<{label}>', str(lit))}") for x, lit in labels],
            "SELECT ?x WHERE { {values} ?x ?p ?o }",
        )
    }
    drop = [(x, lit) for x, lit in labels if ox.NamedNode(f"{STATEMENT}{triple_key(str(x), f'<{label}>', str(lit))}") not in stated]
    for i in range(0, len(drop), CHUNK):
        apply_update(store, [f"{x} <{label}> {lit} {GRAPHS['accepted']} ." for x, lit in drop[i : i + CHUNK]], [])
    return len({x for x, _lit in drop})


def _open_rejections(store: Any, origin: ox.NamedNode, completions: list[Any]) -> list[Any]:
    """The run's quarantined candidates that still await a decision (no review or retraction
    closed them): read from its completions, or written by the run itself."""
    if not origin.value.startswith(str(RUN)):
        return []
    derived, generated = f"<{PROV.wasDerivedFrom}>", f"<{PROV.wasGeneratedBy}>"
    open_ = f"?r a <{KG.Rejection}> FILTER NOT EXISTS {{ ?r <{KG.confirmedBy}> ?done }}"
    found = [row[0] for row in _chunked(store, completions, f"SELECT ?r WHERE {{ {{values}} ?r {derived} ?x . {open_} }}", graph="rejected")]
    found += [row[0] for row in store.query(f"SELECT ?r WHERE {{ ?r {generated} {origin} . {open_} }}", graph="rejected")]
    return list(dict.fromkeys(found))


def _asked_a_teacher(store: Any, run: ox.NamedNode) -> bool:
    """Whether ``run`` asked a teacher (a distillation), not read a file (an ingest)."""
    return not store.query(f'ASK {{ {run} <{KG.runKind}> "ingest" }}', graph="provenance")


def retract(store: Any, given: str, *, reason: str | None = None, dry_run: bool = False,
            progress: Progress | None = None, chunk_size: int = CHUNK) -> RetractReport:
    """Withdraw the evidence of the run or loaded file ``given`` names (see the module docstring)."""
    started = time.perf_counter()
    tell = progress or (lambda *a, **k: None)
    origin, name = find_origin(store, given)
    report = RetractReport(origin.value, name, dry_run=dry_run)
    tell("read", 0, 1)
    completions = _completions(store, origin)  # read once: the facts and the open rejections both start there
    facts = _facts(store, origin, completions)
    tell("read", 1)
    gone = _retracted_origins(store) - {origin}
    withdrawn: list[tuple[Any, Any, Any]] = []
    for key, fact in facts.items():
        if not _only_from(fact["supports"], origin, gone):
            report.kept += 1
        elif fact["reviewed"]:
            report.reviewed += 1
        else:
            withdrawn.append(key)
    report.retracted = len(withdrawn)
    closing = _open_rejections(store, origin, completions)  # what it got quarantined: no longer for people to review
    report.closed = len(closing)
    unfinished = unfinished_moves(store)  # a move cut short (a crash): its inferences are stale
    resumed = _cut_short(store, origin)
    earlier = _moved_by(store, resumed) if resumed else []
    if resumed:
        report.notes.append(f"{'would finish' if dry_run else 'finished'} the retraction of {name} cut short before: "
                            f"it had moved {len(earlier):,} facts")
    elif not withdrawn and not closing and store.query(f"ASK {{ {origin} <{KG.retractedBy}> ?by }}", graph="provenance"):
        report.notes.append(f"{name} was retracted before; nothing left to move")
        if not unfinished:
            dry_run = True  # nothing to write: a second retraction records nothing
    if dry_run:
        report.seconds = round(time.perf_counter() - started, 3)
        return report
    seed = f"retract|{origin.value}|{time.time_ns()}|{os.getpid()}"
    activity = f"<{resumed or RESCORING + hashlib.sha1(seed.encode('utf-8')).hexdigest()}>"
    report.activity = activity[1:-1]
    gp, gr = GRAPHS["provenance"], GRAPHS["rejected"]
    message = f"the evidence of {name} was withdrawn" + (f" ({reason})" if reason else "")
    header = [
        f"{activity} {NT['type']} {NT['Rescoring']} {gp} .",
        f"{activity} {NT['type']} {NT['Activity']} {gp} .",
        f"{activity} {NT['critic']} {text_literal('retraction:' + name)} {gp} .",
        f"{activity} {NT['retracted']} {origin} {gp} .",
        f"{activity} {NT['message']} {text_literal(message)} {gp} .",
        *([] if resumed else [f"{activity} {NT['started']} {now_literal()} {gp} ."]),
        f"{origin} {NT['retractedBy']} {activity} {gp} .",
    ]
    supports = {sup for fact in facts.values() for sup, origins in fact["supports"].items() if origin in origins}
    marks = [f"{sup} {NT['retractedBy']} {activity} {gp} ." for sup in supports]
    marks += [f"{r} {NT['confirmedBy']} {activity} {gr} ." for r in closing]
    labels = EntityLabels(store)
    tell("write", 0, len(withdrawn))
    apply_update(store, [], header + marks[:chunk_size])
    for i in range(chunk_size, len(marks), chunk_size):
        apply_update(store, [], marks[i : i + chunk_size])
    for i in range(0, len(withdrawn), max(1, chunk_size)):
        chunk = withdrawn[i : i + max(1, chunk_size)]
        labels.fetch(x for s, _p, o in chunk for x in (s, o))
        delete: list[str] = []
        insert: list[str] = []
        for s, p, o in chunk:
            statement = triple_key(str(s), str(p), str(o))
            node = f"<{REJECTION}retract-{hashlib.sha1(f'{activity}|{statement}'.encode('utf-8')).hexdigest()}>"
            why = f"<{node[1:-1]}/reason/{RETRACT_CHECK}>"
            delete.append(f"{s} {p} {o} {GRAPHS['accepted']} .")
            insert += [
                f"{node} {NT['type']} {NT['Rejection']} {gr} .",
                f"{node} {NT['subject']} {s} {gr} .",
                f"{node} {NT['predicate']} {p} {gr} .",
                f"{node} {NT['object']} {o} {gr} .",
                f"{node} {NT['derived']} <{STATEMENT}{statement}> {gr} .",
                f"{node} {NT['generated']} {activity} {gr} .",
                f"{node} {NT['reason']} {why} {gr} .",
                f"{why} {NT['type']} {NT['Reason']} {gr} .",
                f"{why} {NT['check']} {text_literal(RETRACT_CHECK)} {gr} .",
                f"{why} {NT['message']} {text_literal(message)} {gr} .",
                f"{why} {NT['focusNode']} {s} {gr} .",
                *label_lines(labels, s, o, gr),
                f"<{STATEMENT}{statement}> {NT['demotedBy']} {activity} {gp} .",
            ]
        apply_update(store, delete, insert)
        tell("write", len(chunk))
    report.unlabelled = _drop_bare_labels(store, earlier + withdrawn)
    if (withdrawn or unfinished) and not store.is_empty("inferred"):
        report.inferred = rebuild_inferred(store, tell, report.notes)
    now = now_literal()
    ends = unfinished if resumed else [*unfinished, activity[1:-1]]  # a resumed one is unfinished or was ended
    ended = [f"<{a}> {NT['ended']} {now} {gp} ." for a in ends] + [
        f"{activity} {NT['demotedCount']} {integer_literal(len(earlier) + len(withdrawn))} {gp} .",
    ]
    store.add_nquads("\n".join(ended) + "\n")
    is_run = origin.value.startswith(str(RUN))
    folder = _store_folder(store)
    if not is_run:
        report.notes.append("loading the file again would bring its facts back")
    elif _asked_a_teacher(store, origin) and (folder is None or (folder / "teacher-cache.sqlite").is_file()):
        report.notes.append(
            "the teacher cache still holds the run's answers: a rerun with the same teacher reads them again "
            "(kg distill --again --no-cache asks anew; kg erase TEXT deletes every trace of TEXT, the cache's too)"
        )
    trained = _trained(folder, _started_at(store, origin) if is_run else None) if withdrawn or earlier else []
    if trained:
        report.notes.append(_retrain_note(store, trained))
    if is_run and not store.query(f"ASK {{ {origin} <{PROV.endedAtTime}> ?t }}", graph="provenance"):
        report.notes.append(
            f"{name} never finished: rerunning its command resumes it and brings in the batches it had left (add --again "
            "for a new run instead)"
        )
    report.seconds = round(time.perf_counter() - started, 3)
    return report
