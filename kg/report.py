"""``kg report``: one self-contained HTML page about a store, everything read by SPARQL.

Sections: the funnel of every run (prompts → completions → candidates → accepted / rejected →
inferred), accepted facts per relation, rejection reasons, the confidence histogram, graph growth
per run (``kg:Run`` nodes with their times and counts), and samples of accepted and rejected facts
with their reasons. Charts are PNGs drawn with matplotlib (Agg) and inlined as base64, so the page
needs no network and no other file; each has a table of its numbers beside it. Every value from the store is HTML-escaped (teacher text is
untrusted).
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.errors import cannot_write
from kg.files import new_file
from kg.namespaces import KG, PROV
from kg.store import Store, open_store

__all__ = ["ReportData", "collect", "collect_store", "render_html", "write_report"]

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class ReportData:
    """What the page shows, read from the store."""

    location: str
    prefixes: dict[str, str] = field(default_factory=dict)
    """The prefixes names are shortened with: the project's and the store's own domain's."""
    graphs: dict[str, int] = field(default_factory=dict)
    funnel: list[tuple[str, int]] = field(default_factory=list)
    relations: list[tuple[str, int]] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    """Quarantined records (``kg:Rejection``) in the rejected graph now, per check."""
    reasons_over_runs: dict[str, int] = field(default_factory=dict)
    """Rejections per check summed over every run's batches: the funnel's unit (a candidate a
    later run rejected again counts again; one several checks rejected counts under each)."""
    accepted_confidence: list[float] = field(default_factory=list)
    """One confidence per support of each fact the accepted graph holds (a fact several runs found has several)."""
    rejected_confidence: list[float] = field(default_factory=list)
    """One confidence per quarantined record that has one."""
    runs: list[dict[str, Any]] = field(default_factory=list)
    accepted_samples: list[dict[str, str]] = field(default_factory=list)
    rejected_samples: list[dict[str, str]] = field(default_factory=list)
    critic: dict[str, Any] | None = None
    """The store's trained critic (``STORE/critic/critic.json``), when it has one."""
    rules: list[dict[str, Any]] = field(default_factory=list)
    """The best mined rules of the ``rules`` graph, each with a supported example and a prediction."""
    rule_count: int = 0
    rationales: list[dict[str, str]] = field(default_factory=list)
    """Accepted facts with the teacher's reason for them (``kg:rationale``), a few."""
    rescorings: list[dict[str, str]] = field(default_factory=list)
    """Re-judgings of the stored graph: by a critic (``kg critic rescore``) or by people (``kg review apply``)."""
    awaiting_review: int = 0
    """Quarantined triples whose reasons all ask for review and no review has judged."""
    audit: list[dict[str, str]] = field(default_factory=list)
    """Per relation, the accepted facts people found valid (a review confirmed them) and invalid
    (a review quarantined them)."""
    coverage: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    """Per relation, accepted facts by what the domain's reference graph said of them when they
    were checked (``kg:referenceCheck``: confirmed, within tolerance, unknown), and under
    ``total`` all the relation's accepted facts (those with no record: loaded from a file, of a
    domain without a reference, or written before kg recorded it)."""


def _short(iri: str, prefixes: dict[str, str]) -> str:
    from kg.namespaces import prefixed_name

    return prefixed_name(iri, prefixes) or iri


def _rows(store: Store, sparql: str, graph: str = "all") -> list[dict[str, str]]:
    out = []
    for row in store.query(sparql, graph=graph).bindings():
        out.append({k: str(v) for k, v in row.items()})
    return out


_FUNNEL_TERMS = (
    ("prompts", KG.promptCount),
    ("completions", KG.completionCount),
    ("candidates", KG.candidateCount),
    ("unreadable outputs", KG.unreadableCount),
    ("no answer", KG.noAnswerCount),
    ("accepted", KG.acceptedCount),
    ("rejected", KG.rejectedCount),
    ("new triples", KG.newTripleCount),
    ("inferred", KG.inferredCount),
    ("cache hits", KG.cacheHits),
    ("tokens", KG.tokenCount),
)


def collect(store: Store, *, samples: int = 25) -> ReportData:
    """Read everything the report shows."""
    from kg.pipeline import run_history

    from kg.domains import store_prefixes
    from kg.namespaces import PREFIXES

    data = ReportData(store.location, {**PREFIXES, **store_prefixes(store)})
    data.graphs = store.stats().graphs
    selects = " ".join(f"(SUM(COALESCE(?v{i}, 0)) AS ?c{i})" for i in range(len(_FUNNEL_TERMS)))
    opts = " ".join(f"OPTIONAL {{ ?b <{term}> ?v{i} }}" for i, (_, term) in enumerate(_FUNNEL_TERMS))
    rows = _rows(store, f"SELECT {selects} WHERE {{ ?b a <{KG.Batch}> . {opts} }}", "provenance")
    row = rows[0] if rows else {}
    data.funnel = [(label, int(float(row.get(f"c{i}", 0)))) for i, (label, _) in enumerate(_FUNNEL_TERMS)]
    data.relations = [
        (_short(r["p"], data.prefixes), int(r["n"]))
        for r in _rows(
            store,
            f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(?p != <{_LABEL}>) }} GROUP BY ?p ORDER BY DESC(?n) ?p",
            "accepted",
        )
    ]
    data.reasons = [
        (r["check"], int(r["n"]))
        for r in _rows(
            store,
            # an answer that says there is none ("I don't know") is kept with the check "unreadable":
            # counted apart, as no answer
            f"SELECT ?check (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{KG.Rejection}> ; <{KG.reason}> ?r . "
            f"?r <{KG.check}> ?given . OPTIONAL {{ ?r <{KG.message}> ?why }} "
            f"BIND(IF(STR(?given) = \"unreadable\" && COALESCE(STR(?why), \"\") = \"none answer\", \"no answer\", STR(?given)) AS ?check) }} "
            "GROUP BY ?check ORDER BY DESC(?n) ?check",
            "rejected",
        )
    ]
    for r in _rows(store, f"SELECT ?j WHERE {{ ?b a <{KG.Batch}> ; <{KG.reasonsJson}> ?j }}", "provenance"):
        for check, n in json.loads(r["j"]).items():
            data.reasons_over_runs[check] = data.reasons_over_runs.get(check, 0) + int(n)
    data.accepted_confidence = [
        float(r["c"])
        for r in _rows(store, f"""SELECT ?c WHERE {{
              GRAPH <{_g('provenance')}> {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
                   <{PROV.wasDerivedFrom}> ?sup . ?sup <{KG.confidence}> ?c
                   FILTER NOT EXISTS {{ ?sup <{KG.retractedBy}> ?gone }} }}
              GRAPH <{_g('accepted')}> {{ ?s ?p ?o }} }}""")  # the facts the graph holds now
    ]
    data.rejected_confidence = [
        float(r["c"])
        for r in _rows(store, f"SELECT ?c WHERE {{ ?s a <{KG.Rejection}> ; <{KG.confidence}> ?c }}", "rejected")
    ]
    data.coverage = _coverage(store, data)
    data.runs = run_history(store)
    data.accepted_samples = _rows(
        store,
        # a fact read from a teacher has a confidence and the span it was read from; one `kg load`
        # or KnowledgeGraph.add wrote has a source (its file, or "api") and neither
        f"""SELECT ?s ?p ?o ?sl ?ol (MAX(?c) AS ?confidence) (SAMPLE(?span) AS ?raw) (SAMPLE(?path) AS ?source) WHERE {{
              GRAPH <{_g('provenance')}> {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
                   <{PROV.wasDerivedFrom}> ?sup FILTER(?p != <{_LABEL}>)
                   OPTIONAL {{ ?sup <{KG.confidence}> ?c }} OPTIONAL {{ ?sup <{KG.rawSpan}> ?span }}
                   OPTIONAL {{ ?sup a <{KG.Source}> ; <{KG.path}> ?path }}
                   FILTER NOT EXISTS {{ ?sup <{KG.retractedBy}> ?gone }} }}
              GRAPH <{_g('accepted')}> {{ ?s ?p ?o }}  # what the graph holds now: not a retracted or demoted fact
              OPTIONAL {{ GRAPH <{_g('accepted')}> {{ ?s <{_LABEL}> ?sl }} }}
              OPTIONAL {{ GRAPH <{_g('accepted')}> {{ ?o <{_LABEL}> ?ol }} }}
            }} GROUP BY ?s ?p ?o ?sl ?ol ORDER BY DESC(?confidence) ?s ?p ?o LIMIT {int(samples)}""",
    )
    data.rejected_samples = _rows(
        store,
        f"""SELECT ?x ?s ?p ?o ?sl ?ol ?confidence ?raw (GROUP_CONCAT(DISTINCT ?check; separator=", ") AS ?checks)
                   (SAMPLE(?msg) AS ?message) WHERE {{
              GRAPH <{_g('rejected')}> {{ ?x a <{KG.Rejection}> ; <{KG.reason}> ?r .
                   ?r <{KG.check}> ?check ; <{KG.message}> ?msg .
                   OPTIONAL {{ ?x <{KG.rawSpan}> ?raw }} OPTIONAL {{ ?x <{KG.confidence}> ?confidence }}
                   OPTIONAL {{ ?x <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                        <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o
                        OPTIONAL {{ ?s <{_LABEL}> ?sl }} OPTIONAL {{ ?o <{_LABEL}> ?ol }} }} }}
            }} GROUP BY ?x ?s ?p ?o ?sl ?ol ?confidence ?raw ORDER BY ?checks ?x LIMIT {int(samples)}""",
    )
    data.rationales = _rows(
        store,
        f"""SELECT ?s ?p ?o ?sl ?ol (SAMPLE(?why) AS ?rationale) WHERE {{
              GRAPH <{_g('provenance')}> {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
                   <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
                   <{PROV.wasDerivedFrom}> ?sup . ?sup <{KG.rationale}> ?why }}
              OPTIONAL {{ GRAPH <{_g('accepted')}> {{ ?s <{_LABEL}> ?sl }} }}
              OPTIONAL {{ GRAPH <{_g('accepted')}> {{ ?o <{_LABEL}> ?ol }} }}
            }} GROUP BY ?s ?p ?o ?sl ?ol ORDER BY ?s ?p ?o LIMIT {int(samples)}""",
    )
    data.rescorings = _rows(
        store,
        f"""SELECT ?a ?critic ?domain ?started ?ended ?promoted ?demoted (COUNT(DISTINCT ?x) AS ?confirmed) WHERE {{
              GRAPH <{_g('provenance')}> {{ ?a a <{KG.Rescoring}> ; <{KG.critic}> ?critic ; <{PROV.startedAtTime}> ?started .
                   OPTIONAL {{ ?a <{KG.domain}> ?domain }} OPTIONAL {{ ?a <{PROV.endedAtTime}> ?ended }}
                   OPTIONAL {{ ?a <{KG.promotedCount}> ?promoted }} OPTIONAL {{ ?a <{KG.demotedCount}> ?demoted }} }}
              OPTIONAL {{ ?x <{KG.confirmedBy}> ?a FILTER NOT EXISTS {{ ?x <{PROV.wasGeneratedBy}> ?a }} }}
            }} GROUP BY ?a ?critic ?domain ?started ?ended ?promoted ?demoted ORDER BY ?started""",
    )
    awaiting = _rows(
        store,
        f"""SELECT (COUNT(DISTINCT ?triple) AS ?n) WHERE {{ ?r a <{KG.Rejection}> ; <{KG.reason}> ?z ;
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
              <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o .
              FILTER NOT EXISTS {{ ?r <{KG.reason}> ?y FILTER NOT EXISTS {{ ?y <{KG.needsReview}> true }} }}
              FILTER NOT EXISTS {{ ?r <{KG.confirmedBy}> ?done }} BIND(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o)) AS ?triple) }}""",
        "rejected",
    )
    data.awaiting_review = int(float(awaiting[0].get("n", 0))) if awaiting else 0
    by_review = f'?a <{KG.critic}> ?by FILTER(STRSTARTS(STR(?by), "review:"))'
    data.audit = _rows(
        store,
        f"""SELECT ?p (COUNT(DISTINCT ?ok) AS ?valid) (COUNT(DISTINCT ?bad) AS ?invalid) WHERE {{
              ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p .
              {{ ?st <{KG.confirmedBy}> ?a . {by_review} BIND(?st AS ?ok)
                 FILTER NOT EXISTS {{ ?st <{KG.demotedBy}> ?d . ?d <{KG.critic}> ?later FILTER(STRSTARTS(STR(?later), "review:")) }} }}
              UNION {{ ?st <{KG.demotedBy}> ?a . {by_review} BIND(?st AS ?bad) }}
            }} GROUP BY ?p ORDER BY ?p""",
        "provenance",
    )
    data.critic = _critic_info(store.location)
    data.rule_count, data.rules = _rules(store, data.prefixes, top=samples // 2 or 1)
    return data


COVERAGE_WORDS = ("confirmed", "within tolerance", "unknown")


def _coverage(store: Store, data: ReportData) -> list[tuple[str, dict[str, int]]]:
    """:attr:`ReportData.coverage`: one count per fact (its statement node) the accepted graph
    holds now, of supports not retracted; a fact whose supports got two words counts under each."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    rows = _rows(store, f"""SELECT ?p ?word (COUNT(DISTINCT ?st) AS ?n) WHERE {{
          GRAPH <{_g('provenance')}> {{ ?st <{rdf}subject> ?s ; <{rdf}predicate> ?p ; <{rdf}object> ?o ;
               <{PROV.wasDerivedFrom}> ?sup . ?sup <{KG.referenceCheck}> ?word
               FILTER NOT EXISTS {{ ?sup <{KG.retractedBy}> ?gone }} }}
          GRAPH <{_g('accepted')}> {{ ?s ?p ?o }} }} GROUP BY ?p ?word""")
    if not rows:
        return []
    by_relation: dict[str, dict[str, int]] = {}
    for r in rows:
        by_relation.setdefault(_short(r["p"], data.prefixes), {})[r["word"]] = int(float(r["n"]))
    totals = dict(data.relations)
    return [(name, {**words, "total": totals.get(name, 0)}) for name, words in sorted(by_relation.items())]


def _coverage_section(data: ReportData) -> str:
    if not data.coverage:
        return ""
    return (
        '<h2 id="coverage">Reference coverage</h2><p class="muted">Accepted facts per relation by what the domain\'s '
        "trusted reference graph said when they were checked: it holds the fact (or the very figure), a figure within "
        "the tolerance, or nothing for that subject and relation (<i>unknown</i>: accepted on the other checks alone, "
        "at a lower confidence). A fact runs supported with different words counts under each, so the words can add up to "
        "more than the accepted facts. Facts loaded from a file, of a relation the reference holds nothing of, or written "
        "before kg recorded this, have no record.</p>"
        + _table(
            ["relation", "accepted", *COVERAGE_WORDS],
            [[name, counts["total"], *(counts.get(word, 0) for word in COVERAGE_WORDS)] for name, counts in data.coverage],
            {1, 2, 3, 4},
        )
    )


def _rules(store: Store, prefixes: dict[str, str], *, top: int) -> tuple[int, list[dict[str, Any]]]:
    """How many rules the ``rules`` graph holds, and the ``top`` best (PCA confidence, then
    support) with one grounding each: a head fact the body supports, and a fact the rule
    predicts that the graph lacks."""
    from kg.iri import local_name
    from kg.students.rule_graph import count_rules, read_rules, rule_id

    name = lambda iri: _short(iri, prefixes) if _short(iri, prefixes) != iri else local_name(iri)  # noqa: E731
    best = read_rules(store, top=top)
    out = []
    for _, status, rule in best:
        head, body = rule.atoms()
        pat = lambda a: f"{a[0]} <{a[1]}> {a[2]} ."  # noqa: E731
        where = " ".join(pat(b) for b in body)
        example = _rows(store, f"SELECT ?X ?Y WHERE {{ {pat(head)} {where} }} LIMIT 1", "knowledge")
        predicted = _rows(
            store, f"SELECT ?X ?Y WHERE {{ {where} FILTER(?X != ?Y) FILTER NOT EXISTS {{ {pat(head)} }} }} LIMIT 1",
            "knowledge",
        )
        show = lambda rows: f"{name(rows[0]['X'])} {name(rule.head)} {name(rows[0]['Y'])}" if rows else ""  # noqa: E731, B023 (called in this iteration)
        out.append({
            "id": rule_id(rule), "rule": rule.text(name), "status": status, "support": rule.support,
            "head_coverage": rule.head_coverage, "confidence": rule.confidence, "pca_confidence": rule.pca_confidence,
            "example": show(example), "predicts": show(predicted),
        })
    return count_rules(store), out


def _rules_section(data: ReportData) -> str:
    if not data.rule_count:
        return ""
    rows = [[r["id"], r["rule"], r["status"], r["support"], f"{r['head_coverage']:.3f}", f"{r['confidence']:.3f}",
             f"{r['pca_confidence']:.3f}", r["example"], r["predicts"]] for r in data.rules]
    return "\n".join([
        '<h2 id="rules">Mined rules</h2>',
        f'<p class="muted">{data.rule_count:,} rules in the rules graph (<code>kg mine rules</code>); the best '
        f"{len(rows)} by PCA confidence, each with a fact its body supports and one it predicts that the graph lacks. "
        "Accepted rules infer through the reasoner: <code>kg rules accept ID</code> or <code>kg rules reject ID</code> "
        "decides on one rule by its id.</p>",
        _table(["id", "rule", "status", "support", "head coverage", "confidence", "PCA confidence", "example", "predicts"],
               rows, {3, 4, 5, 6}),
    ])


def _critic_info(location: str) -> dict[str, Any] | None:
    """The description a trained critic keeps in ``STORE/critic/critic.json`` (None: no critic,
    a remote store, or a file that is not a JSON object)."""
    import json

    from kg.critics import store_critic_dir
    from kg.critics.cross_encoder import CRITIC_FILE

    if str(location).startswith(("http://", "https://")):
        return None
    path = store_critic_dir(location) / CRITIC_FILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _g(name: str) -> str:
    from kg.namespaces import GRAPH

    return str(GRAPH[name])


# -- charts -------------------------------------------------------------------------------------


def _pyplot() -> Any:
    """matplotlib's pyplot (Agg), its font cache kept in the project's cache directory
    (``$KG_CACHE_DIR/matplotlib``) unless ``MPLCONFIGDIR`` says otherwise: it wrote
    ``~/.cache/matplotlib`` and ``~/.config/matplotlib`` into HOME, and warned on stderr where
    HOME is read-only."""
    if "matplotlib" not in sys.modules:
        from kg.config import user_cache_dir

        os.environ.setdefault("MPLCONFIGDIR", str(user_cache_dir() / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _barh(items: list[tuple[str, int]], title: str, color: str) -> str | None:
    if not items:
        return None
    plt = _pyplot()
    if len(items) > 25:  # the chart shows the largest; its title says how many there are
        title = f"{title}: the largest 25 of {len(items)}"
        items = items[:25]
    labels = [k for k, _ in items][::-1]
    values = [v for _, v in items][::-1]
    # the labels are names from the store, drawn as they are: a predicate IRI may hold '$'
    # (`price$USD$`), which mathtext read as maths, or failed on ('cost$$')
    with plt.rc_context({"text.parse_math": False}):
        fig, ax = plt.subplots(figsize=(7, 0.3 * len(items) + 1.0))
        ax.barh(labels, values, color=color)
        ax.set_title(title)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,}", va="center", fontsize=8)
        return _png(fig)


_BINS = 20
"""The confidence histogram's bins, of width 1/20 from 0 to 1."""


def _histogram(accepted: list[float], rejected: list[float]) -> str | None:
    if not accepted and not rejected:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3))
    bins = [i / _BINS for i in range(_BINS + 1)]
    if accepted:
        ax.hist(accepted, bins=bins, alpha=0.7, label=f"supports of accepted facts ({len(accepted):,})", color="#2e7d32")
    if rejected:
        ax.hist(rejected, bins=bins, alpha=0.6, label=f"quarantined records ({len(rejected):,})", color="#c62828")
    ax.set_xlabel("critic confidence")
    ax.set_ylabel("supports / records")
    ax.legend()
    return _png(fig)


def _bin_counts(values: list[float]) -> list[int]:
    """How many ``values`` fall in each bin of the histogram (the last bin holds 1.0; values out
    of [0, 1] are not drawn, and not counted)."""
    counts = [0] * _BINS
    for v in values:
        if 0.0 <= v <= 1.0:
            counts[min(int(v * _BINS), _BINS - 1)] += 1
    return counts


def _histogram_table(accepted: list[float], rejected: list[float]) -> str:
    """The histogram's numbers: each bin that holds a candidate, with its accepted and rejected counts."""
    rows = [
        [f"{i / _BINS:.2f}-{(i + 1) / _BINS:.2f}", a, r]
        for i, (a, r) in enumerate(zip(_bin_counts(accepted), _bin_counts(rejected)))
        if a or r
    ]
    return _table(["critic confidence", "supports of accepted facts", "quarantined records"], rows, {1, 2}) if rows else ""


def _growth(runs: list[dict[str, Any]]) -> str | None:
    if not runs:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3))
    total = 0
    xs, ys, inferred = [], [], []
    inf_total = 0
    for i, run in enumerate(runs, 1):
        total += int(run.get("new", 0))
        inf_total += int(run.get("inferred", 0))
        xs.append(i)
        ys.append(total)
        inferred.append(inf_total)
    ax.plot(xs, ys, marker="o", label="new accepted triples (cumulative)")
    ax.plot(xs, inferred, marker="s", label="inferred (cumulative)")
    ax.set_ylim(bottom=0)
    ax.set_xticks(xs)
    ax.set_xlabel("run")
    ax.legend()
    return _png(fig)


def _pr_figure(curve: list[list[float]], threshold: float | None, target: float | None, at: tuple[Any, Any] = (None, None)) -> str | None:
    """The critic's precision–recall curve on its calibration heads, the threshold marked."""
    points = [c for c in curve if isinstance(c, (list, tuple)) and len(c) == 3]
    if not points:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot([float(c[2]) for c in points], [float(c[1]) for c in points], color="#1565c0", label="calibration heads")
    precision, recall = at
    if threshold is not None and isinstance(precision, (int, float)) and isinstance(recall, (int, float)):
        ax.plot([float(recall)], [float(precision)], "o", color="#c62828", label=f"threshold {threshold:.3f}")
    if target is not None:
        ax.axhline(target, color="#777", linestyle=":", linewidth=1, label=f"target precision {target:.2f}")
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower left", fontsize=8)
    return _png(fig)


def _interval(cal: dict) -> str:
    """The precision's 95% interval and the examples it rests on, as a suffix for its cell
    (empty for a critic saved before the calibration kept them)."""
    interval = cal.get("precision_interval")
    if not (isinstance(interval, (list, tuple)) and len(interval) == 2 and all(isinstance(x, (int, float)) for x in interval)):
        return ""
    return f" (95% interval {interval[0]:.2f}-{interval[1]:.2f} over {cal.get('accepted', 'n/a')} accepted)"


def _number(value: Any, digits: int = 3) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        return f"{float(value):.{digits}f}"
    return "n/a"


def _critic_section(info: dict[str, Any] | None) -> str:
    """The "Learned critic" section (empty without a trained critic)."""
    if not info:
        return ""
    calibration = info.get("calibration")
    cal: dict[str, Any] = calibration if isinstance(calibration, dict) else {}
    threshold = info.get("threshold") if isinstance(info.get("threshold"), (int, float)) else None
    target = info.get("target_precision") if isinstance(info.get("target_precision"), (int, float)) else None
    rows = [
        ["id", info.get("id", "")],
        ["backbone", info.get("backbone", "")],
        ["threshold", _number(threshold, 4)],
        ["target precision", _number(target, 2)],
        ["calibration ROC-AUC", _number(cal.get("roc_auc"))],
        ["precision at the threshold (on the heads that chose it: in-sample)", _number(cal.get("precision_at_threshold")) + _interval(cal)],
        ["recall at the threshold", _number(cal.get("recall_at_threshold"))],
        ["calibration heads / examples", f"{cal.get('heads', 'n/a')} / {cal.get('examples', 'n/a')}"],
    ]
    parts = ['<h2 id="critic">Learned critic</h2>', _table(["property", "value"], rows)]
    if not cal:
        parts.append('<p class="muted">not calibrated: no held-out heads with right and wrong examples</p>')
    curve = cal.get("curve") if isinstance(cal.get("curve"), list) else []
    if curve:
        parts.append(_img(_pr_figure(curve, threshold, target, (cal.get("precision_at_threshold"), cal.get("recall_at_threshold"))), "the critic's precision-recall curve"))
    per_relation = cal.get("per_relation") if isinstance(cal.get("per_relation"), dict) else {}
    if per_relation:
        parts.append(_table(
            ["relation", "examples", "ROC-AUC", "precision", "recall"],
            [[rel, v.get("n", ""), _number(v.get("auc")), _number(v.get("precision")), _number(v.get("recall"))]
             for rel, v in sorted(per_relation.items()) if isinstance(v, dict)],
            {1},
        ))
    return "\n".join(parts)


# -- html ---------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
.wide{overflow-x:auto;max-width:100%}img{max-width:100%;height:auto}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
img{max-width:100%}.muted{color:#6b6b6b}code{font-size:.85rem;word-break:break-all}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{_e(f"{c:,}" if isinstance(c, int) else c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    # a wide table scrolls in its own box: the growth table (13 columns) widened the whole page
    return f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _img(b64: str | None, alt: str) -> str:
    if b64 is None:
        return '<p class="muted">nothing to show yet</p>'
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{b64}">'


def _term(iri_or_value: str | None, label: str | None, prefixes: dict[str, str]) -> str:
    if label:
        return label
    if not iri_or_value:
        return ""
    return _short(iri_or_value, prefixes)


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _teacher_text(text: str, limit: int) -> str:
    """The first ``limit`` characters of teacher text, its bidi embedding, override and isolate
    controls shown as their code points (``[U+202E]``): live, they made a cell read otherwise
    than its characters (``to \u202egnp.exe\u202c open`` displayed as ``to exe.png open``)."""
    return _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text[:limit])


def _read_from(sample: dict[str, str]) -> str:
    """Where an accepted fact came from: the teacher's text, or the source `kg load` or
    KnowledgeGraph.add named (a file, or "api")."""
    if sample.get("raw"):
        return _teacher_text(sample["raw"], 200)
    return f"source: {sample['source']}" if sample.get("source") else ""


def _rationales_section(data: ReportData) -> str:
    """Accepted facts with the teacher's reasons; nothing when no prompt asked for reasons."""
    if not data.rationales:
        return ""
    return '<h2 id="rationales">The teacher\'s reasons (sample)</h2>' + _table(
        ["subject", "predicate", "object", "because"],
        [[_term(r.get("s"), r.get("sl"), data.prefixes), _short(r.get("p", ""), data.prefixes), _term(r.get("o"), r.get("ol"), data.prefixes),
          _teacher_text(r.get("rationale", ""), 300)] for r in data.rationales],
    )


def _review_section(data: ReportData) -> str:
    """People's reviews and critics' rescorings of the stored graph, and what awaits review."""
    store = _e(shlex.quote(str(data.location)))  # the commands are there to paste into a shell
    waiting = (
        f"<p>{data.awaiting_review:,} quarantined facts await review: <code>kg review export --store {store} "
        f"-o review.csv --order uncertain</code>, label them, then <code>kg review apply review.csv --store {store}</code>.</p>"
    )
    if not data.rescorings:
        return '<h2 id="reviews">Reviews and rescorings</h2>' + waiting if data.awaiting_review else ""
    rows = [
        [r.get("critic", ""), _who(r.get("critic", "")), r.get("domain", ""),
         r.get("started", ""), r.get("ended", "(interrupted)"), r.get("promoted", "0"), r.get("demoted", "0"), r.get("confirmed", "0")]
        for r in data.rescorings
    ]
    return (
        '<h2 id="reviews">Reviews and rescorings</h2>'
        + _table(["by", "who", "domain", "started", "ended", "let in", "quarantined", "confirmed"], rows, {5, 6, 7})
        + waiting + _audit(data)
    )


def _who(critic: str) -> str:
    return "people" if critic.startswith("review:") else "retraction" if critic.startswith("retraction:") else "critic"


def _audit(data: ReportData) -> str:
    """The precision of the accepted graph by people's verdicts on accepted facts, with its 95%
    interval, overall and per relation."""
    from kg.critics.metrics import wilson_interval

    counts = [(_short(r["p"], data.prefixes), int(float(r["valid"])), int(float(r["invalid"]))) for r in data.audit]
    counts = [c for c in counts if c[1] + c[2]]
    if not counts:
        return ""

    def row(name: str, valid: int, invalid: int) -> list[object]:
        low, high = wilson_interval(valid, valid + invalid) or (0.0, 1.0)
        return [name, valid + invalid, valid, f"{valid / (valid + invalid):.2f}", f"{low:.2f}-{high:.2f}"]

    valid, invalid = sum(c[1] for c in counts), sum(c[2] for c in counts)
    return (
        "<h3>People's audit of the accepted graph</h3><p>Accepted facts people judged (a review confirmed them "
        "or quarantined them). If they were a random sample (<code>kg review export --graph accepted --limit N</code>), "
        "this is the graph's precision; facts chosen by <code>--order uncertain</code> sit near the critic's "
        "threshold, where it errs most, and give a lower estimate.</p>"
        + _table(["relation", "judged", "valid", "precision", "95% interval"],
                 [row("all", valid, invalid), *(row(*c) for c in counts)], {1, 2, 3})
    )


def _runs(n: int) -> str:
    return f"{n:,} run" + ("" if n == 1 else "s")


def _reasons_table(data: ReportData) -> str:
    """Rejections per check in both units: summed over all runs (the funnel's) and the records in
    quarantine now."""
    now = dict(data.reasons)
    checks = sorted(now.keys() | data.reasons_over_runs.keys(), key=lambda c: (-now.get(c, 0), c))
    if not checks:
        return ""
    rows = [[c, data.reasons_over_runs.get(c, 0), now.get(c, 0)] for c in checks]
    return _table(["check", "over all runs", "records in quarantine now"], rows, {1, 2})


def render_html(data: ReportData) -> str:
    """The page, as one string."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>kg report: {_e(data.location)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Knowledge graph report</h1><p class=\"muted\">store <code>{_e(data.location)}</code>, written {_e(now)}</p>",
        '<h2 id="graphs">Graphs</h2>',
        _table(["graph", "triples in the graph now"], [[k, v] for k, v in data.graphs.items()], {1}),
        '<h2 id="funnel">Funnel: verdicts over all runs</h2>',
        f'<p class="muted">Summed over every batch of {_runs(len(data.runs))}: a candidate a later run read again (its '
        "prompt asked again, or answered by the teacher's cache) is counted again in each, so these counts can "
        "exceed the triples the graphs hold; <i>new triples</i> are those the runs added to the accepted graph.</p>",
        _table(["stage", "over all runs"], [[k, v] for k, v in data.funnel], {1}),
        '<h2 id="relations">Accepted facts per relation</h2>',
        _img(_barh(data.relations, "accepted triples per predicate", "#1565c0"), "accepted facts per relation"),
        _table(["relation", "accepted"], [[k, v] for k, v in data.relations], {1}) if data.relations else "",
        _coverage_section(data),
        '<h2 id="reasons">Rejection reasons</h2>',
        _img(_barh(data.reasons, "quarantined records per check (in the rejected graph now)", "#c62828"), "rejection reasons"),
        '<p class="muted">A candidate several checks rejected counts under each; unreadable outputs and retracted '
        "facts are quarantined too, and count here. <i>Over all runs</i> is the funnel's unit (its unreadable "
        "outputs are the row unreadable); <i>records in quarantine now</i> counts each record the rejected graph "
        "holds once, however many runs rejected it again.</p>" if data.reasons or data.reasons_over_runs else "",
        _reasons_table(data),
        '<h2 id="confidence">Confidence</h2>',
        '<p class="muted">One value per support of each fact the accepted graph holds (a fact several runs found has '
        "one from each) and one per quarantined record with a confidence.</p>" if data.accepted_confidence or data.rejected_confidence else "",
        _img(_histogram(data.accepted_confidence, data.rejected_confidence), "confidence histogram"),
        _histogram_table(data.accepted_confidence, data.rejected_confidence),
        '<h2 id="growth">Graph growth per run</h2>',
        _img(_growth(data.runs), "graph growth per run"),
        _table(
            ["#", "run", "kind", "domain", "teacher", "started", "ended", "batches", "candidates", "accepted", "rejected",
             "unreadable", "new triples", "inferred", "retracted"],
            [
                [i, r.get("run", "").rsplit("/", 1)[-1], r.get("kind", ""), r.get("domain") or "",
                 (r.get("teacher") or "") + (f"@{r['teacher_revision'][:12]}" if r.get("teacher_revision") else ""),
                 r.get("started", ""), r.get("ended") or "(interrupted)", r.get("batches", 0), r.get("candidates", 0),
                 r.get("accepted", 0), r.get("rejected", 0), r.get("unreadable", 0), r.get("new", 0), r.get("inferred", 0),
                 r.get("retracted") or ""]
                for i, r in enumerate(data.runs, 1)
            ],
            {7, 8, 9, 10, 11, 12, 13},
        ),
        _critic_section(data.critic),
        _review_section(data),
        _rules_section(data),
        '<h2 id="accepted">Accepted facts (sample)</h2>',
        _table(
            ["subject", "predicate", "object", "confidence", "read from"],
            [[_term(r.get("s"), r.get("sl"), data.prefixes), _short(r.get("p", ""), data.prefixes), _term(r.get("o"), r.get("ol"), data.prefixes),
              f"{float(r['confidence']):.2f}" if r.get("confidence") else "n/a", _read_from(r)] for r in data.accepted_samples],
        ),
        _rationales_section(data),
        '<h2 id="rejected">Rejected candidates (sample)</h2>',
        _table(
            ["subject", "predicate", "object", "checks", "reason", "confidence", "read from"],
            [[_term(r.get("s"), r.get("sl"), data.prefixes), _short(r.get("p", ""), data.prefixes), _term(r.get("o"), r.get("ol"), data.prefixes),
              r.get("checks", ""), _teacher_text(r.get("message", ""), 300), f"{float(r['confidence']):.2f}" if r.get("confidence") else "n/a",
              _teacher_text(r.get("raw", ""), 200)] for r in data.rejected_samples],
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def collect_store(store: Store | str | Path, *, samples: int = 25) -> ReportData:
    """:func:`collect` of a store, opened (and closed) here when given by its location."""
    if isinstance(store, Store):
        return collect(store, samples=samples)
    with open_store(store) as st:
        return collect(st, samples=samples)


def write_report(store: Store | str | Path, output: str | Path, *, samples: int = 25) -> Path:
    """Read the store and write the HTML page to ``output``."""
    page = render_html(collect_store(store, samples=samples))
    output = Path(output)
    try:  # written whole: a full disk left an empty page in place of the last one
        with new_file(output) as partial:
            partial.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise cannot_write(output, exc) from exc
    return output
