"""An explanation (:class:`Explanation`, built by :func:`reasoners.explain.explain`) and how a
notebook shows it: a small HTML table and a picture of its subgraph.

:func:`explanation_html` lists the explained triple and every step of its derivation tree (one
row a step: the triple, how the graph holds it, the rule and schema axioms, the evidence) and
any rejections; :func:`explanation_svg` draws the triples the explanation involves as an inline
SVG (no Graphviz: networkx's spring layout with a fixed seed, so the same explanation draws the
same picture): asserted facts solid, inferred facts dashed, the explained triple thick and blue,
a rejected one red.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import networkx as nx

from kg.iri import local_name
from reasoners.schema import Triple, is_literal, short, to_node, to_rdflib

__all__ = ["Explanation", "Step", "explanation_html", "explanation_svg", "rationale_text", "verdict_text"]

@dataclass
class Step:
    """One node of an explanation tree: a triple, how the graph holds it, and why."""

    triple: Triple
    status: str  # asserted | inferred | reference (a premise from the domain's reference graph) | unproven
    rule: str | None = None
    axioms: list[str] = field(default_factory=list)
    premises: list["Step"] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(short(t) for t in self.triple)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"triple": [str(to_rdflib(t)) for t in self.triple], "status": self.status}
        if self.rule:
            out["rule"] = self.rule
            out["axioms"] = self.axioms
            out["premises"] = [p.to_dict() for p in self.premises]
        if self.provenance:
            out["provenance"] = self.provenance
        return out


@dataclass
class Explanation:
    """Everything the store says about one triple."""

    triple: Triple
    status: str  # accepted | inferred | rejected | unknown
    tree: Step | None = None
    rejections: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    reviews: list[dict[str, Any]] = field(default_factory=list)
    """People's verdicts on the accepted triple (``review``, ``verdict``, ``at``); a rejection's
    are under its ``reviews``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "triple": [str(to_rdflib(t)) for t in self.triple],
            "status": self.status,
            "tree": self.tree.to_dict() if self.tree else None,
            "rejections": self.rejections,
            "reviews": self.reviews,
            "note": self.note,
        }

    def _repr_html_(self) -> str:
        """What a notebook shows: a table of the steps and evidence, and the subgraph drawn."""
        return explanation_html(self)

    def __str__(self) -> str:
        """Plain text, a line a step (``print(kg.why(...))`` printed the dataclass's repr, one
        line of nested dicts): the triple and its status, then the derivation tree indented,
        each step with its rule and evidence, then the rejections and their reasons."""
        lines = [f"{' '.join(_name(t) for t in self.triple)}: {self.status}" + (f" ({self.note})" if self.note else "")]
        for depth, step in _steps(self.tree):
            how = f"by {step.rule}" if step.rule else step.status
            evidence = _evidence(step)
            lines.append("  " * (depth + 1) + f"{' '.join(_name(t) for t in step.triple)} [{how}]" + (f": {evidence}" if evidence else ""))
        lines += [f"  {verdict_text(v)}" for v in self.reviews]
        for rejection in self.rejections:
            lines.append(f"  rejected ({rejection.get('extractor') or 'unknown extractor'}):")
            lines += [f"    {r['check']}: {r['message']}" for r in rejection.get("reasons", [])]
            lines += [f"    {verdict_text(v)}" for v in rejection.get("reviews", [])]
        return "\n".join(lines)

    def to_svg(self) -> str:
        """The explanation's subgraph as an SVG document (:func:`explanation_svg`)."""
        return explanation_svg(self)


_COLOURS = {"asserted": "#444", "inferred": "#777", "unproven": "#bbb", "explained": "#1f5fbf", "rejected": "#c0392b"}
MAX_NODES = 40
"""Larger subgraphs are cut to the steps nearest the root (a deep tree is read in the table)."""


def _name(t: str) -> str:
    """A compact name: a literal's text, a prefixed name, else an IRI's last segment (the full
    term is in the cell's or shape's tooltip)."""
    if is_literal(t):
        value = to_node(t).value
        return f'"{value[:40]}…"' if len(value) > 40 else f'"{value}"'
    name = short(t)
    if name.startswith("<") and name.endswith(">"):
        return local_name(name[1:-1])
    return name


def _steps(step: "Step | None", depth: int = 0) -> Iterator[tuple[int, "Step"]]:
    if step is None:
        return
    yield depth, step
    for child in step.premises:
        yield from _steps(child, depth + 1)


def verdict_text(verdict: dict[str, Any]) -> str:
    """One review's verdict, as ``kg why`` shows it: "people: valid (review:ana, 2026-...)"."""
    at = f", {verdict['at']}" if verdict.get("at") else ""
    return f"people: {verdict['verdict']} ({verdict['review']}{at})"


_A_REASON = re.compile(r"\b(?:because|reason)\b", re.IGNORECASE)


def rationale_text(rec: dict[str, Any]) -> str:
    """A support's rationale, as ``kg why`` and ``KnowledgeGraph.why`` show it: "because" where
    the teacher gave it as a reason (a JSON answer's "reason" key, a list item's "because ..." or
    "Reason:"), else "note": the store keeps a list item's bracketed gloss ("Kleinpolen
    (Małopolska)", "(Stand: 2023)") as its rationale too, and it is no reason.

    >>> rationale_text({"extractor": "lists", "span": "Spain (Espagne)", "rationale": "Espagne"})
    "note: 'Espagne'"
    >>> rationale_text({"extractor": "json", "rationale": "the government sits there"})
    "because: 'the government sits there'"
    """
    given = rec.get("extractor") == "json" or _A_REASON.search(rec.get("span") or "")
    return f"{'because' if given else 'note'}: {rec['rationale'][:300]!r}"


def _evidence(step: "Step") -> str:
    parts = []
    for rec in step.provenance:
        if "source" in rec:
            parts.append(f"file {rec['source']}" + (" (retracted)" if rec.get("retracted") else ""))
            continue
        bits = [rec.get("teacher") or "", rec.get("extractor") or ""]
        if rec.get("confidence") is not None:
            bits.append(f"confidence {rec['confidence']:.2f}")
        if rec.get("reference"):
            bits.append(f"reference: {rec['reference']}")
        if rec.get("rationale"):
            bits.append(rationale_text(rec))
        if rec.get("promoted_by"):
            bits.append(f"promoted from quarantine by {rec['promoted_by']}")
        if rec.get("retracted"):
            bits.append("retracted")
        parts.append(", ".join(b for b in bits if b))
    return "; ".join(parts)


def _cell(text: object, tag: str = "td", style: str = "", title: str = "") -> str:
    attr = f' style="{style}"' if style else ""
    attr += f' title="{html.escape(title)}"' if title else ""
    return f"<{tag}{attr}>{html.escape(str(text))}</{tag}>"


def _term_cell(t: str, style: str = "") -> str:
    return _cell(_name(t), style=style, title=str(to_node(t).value) if not is_literal(t) else "")


def explanation_html(explanation: "Explanation", *, picture: bool = True) -> str:
    """A table of the explanation (and, with ``picture``, its subgraph drawn beside it)."""
    s, p, o = (_name(x) for x in explanation.triple)
    head = (
        f"<p><b>{html.escape(f'{s} {p} {o}')}</b>: {html.escape(explanation.status)}"
        + (f" <i>({html.escape(explanation.note)})</i>" if explanation.note else "")
        + "</p>"
    )
    rows = [
        "<tr>" + "".join(_cell(h, "th") for h in ("step", "subject", "predicate", "object", "holds", "rule", "axioms", "evidence")) + "</tr>"
    ]
    for n, (depth, step) in enumerate(_steps(explanation.tree), 1):
        rows.append(
            "<tr>"
            + _cell(n)
            + _term_cell(step.triple[0], style=f"padding-left:{0.3 + 1.2 * depth:.1f}em")
            + "".join(_term_cell(x) for x in step.triple[1:])
            + _cell(step.status)
            + _cell(step.rule or "")
            + _cell("; ".join(step.axioms))
            + _cell(_evidence(step))
            + "</tr>"
        )
    table = "<table>" + "".join(rows) + "</table>" if len(rows) > 1 else ""
    if explanation.rejections:
        rej = ["<tr>" + "".join(_cell(h, "th") for h in ("rejected by", "message", "needs review", "extractor")) + "</tr>"]
        for r in explanation.rejections:
            for reason in r["reasons"] or [{"check": "", "message": "", "needs_review": False}]:
                rej.append(
                    "<tr>"
                    + _cell(reason["check"] or "")
                    + _cell(reason["message"] or "")
                    + _cell("yes" if reason["needs_review"] else "")
                    + _cell(r.get("extractor") or "")
                    + "</tr>"
                )
        table += "<table>" + "".join(rej) + "</table>"
    body = head + table
    if picture:
        body += explanation_svg(explanation)
    return f'<div class="kg-explanation">{body}</div>'


SVG_LABEL = 30
"""Characters of a name the picture draws (the rest as "…"; the whole name is in its tooltip):
longer names ran off the picture's edge and over each other, hiding the edge between them."""


def _drawn(name: str) -> str:
    return f"{name[:SVG_LABEL]}…" if len(name) > SVG_LABEL else name


def _edges(explanation: "Explanation") -> list[tuple[Triple, str]]:
    """The triples to draw, each with its style, the explained one first."""
    explained = "rejected" if explanation.status == "rejected" else "explained"
    out: dict[Triple, str] = {explanation.triple: explained}
    for _, step in _steps(explanation.tree):
        out.setdefault(step.triple, step.status)
    return list(out.items())


def explanation_svg(explanation: "Explanation", *, width: int = 560, height: int = 360) -> str:
    """The explanation's subgraph as an SVG document (a string to embed in HTML)."""
    edges = _edges(explanation)
    g = nx.MultiDiGraph()
    for (s, _, o), _style in edges:
        if g.number_of_nodes() >= MAX_NODES and (s not in g or o not in g):
            continue
        g.add_edge(s, o)
    nodes = sorted(g.nodes)
    if len(nodes) <= 2:
        pos = {n: (-0.8 + 1.6 * i, 0.0) for i, n in enumerate(nodes)}
    else:
        pos = nx.spring_layout(nx.Graph(g), seed=7, k=1.6 / math.sqrt(len(nodes)))
    margin = max((7 * len(_drawn(_name(n))) + 12) / 2 for n in nodes) + 8 if nodes else 70
    margin = min(margin, width / 3)
    xs = [float(x) for x, _ in pos.values()] or [0.0]
    ys = [float(y) for _, y in pos.values()] or [0.0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def at(node: str) -> tuple[float, float]:
        x, y = pos[node]
        fx = (float(x) - x0) / (x1 - x0) if x1 > x0 else 0.5
        fy = (float(y) - y0) / (y1 - y0) if y1 > y0 else 0.5
        return margin + fx * (width - 2 * margin), 30 + fy * (height - 60)

    what = " ".join(_name(t) for t in explanation.triple)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{html.escape(f'Why {what}: the triples it rests on')}</title>",
        "<defs>"
        + "".join(
            f'<marker id="kg-arrow-{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            for name, colour in _COLOURS.items()
        )
        + "</defs>",
    ]
    pair = lambda s, o: (min(s, o), max(s, o))  # noqa: E731
    between: dict[tuple[str, str], int] = {}
    for (s, _, o), _style in edges:
        between[pair(s, o)] = between.get(pair(s, o), 0) + 1
    drawn: dict[tuple[str, str], int] = {}
    for (s, p, o), style in edges:
        if s not in g or o not in g:
            continue
        (ax, ay), (bx, by) = at(s), at(o)
        k = drawn.get(pair(s, o), 0)
        drawn[pair(s, o)] = k + 1
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy) or 1.0
        # stop short of the node's label box; edges between the same two nodes bend apart
        ux, uy = dx / length, dy / length
        sx, sy, ex, ey = ax + ux * 18, ay + uy * 12, bx - ux * 18, by - uy * 12
        side = 1 if (s, o) == pair(s, o) else -1  # the same side whichever way an edge points
        bend = side * 60 * (k - (between[pair(s, o)] - 1) / 2)
        cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
        colour = _COLOURS.get(style, "#444")
        dash = ' stroke-dasharray="5,4"' if style == "inferred" else ""
        width_px = 2.5 if style in ("explained", "rejected") else 1.3
        if s == o:
            path = f"M{ax - 8:.1f},{ay - 10:.1f} C{ax - 30:.1f},{ay - 50:.1f} {ax + 30:.1f},{ay - 50:.1f} {ax + 8:.1f},{ay - 10:.1f}"
            cx, cy = ax, ay - 40
        else:
            path = f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width_px}"{dash} '
            f'marker-end="url(#kg-arrow-{style if style in _COLOURS else "asserted"})"><title>{html.escape(f"{_name(s)} {_name(p)} {_name(o)} ({style})")}</title></path>'
        )
        lx, ly = (sx + 2 * cx + ex) / 4 if s != o else cx, (sy + 2 * cy + ey) / 4 if s != o else cy
        parts.append(
            f'<text x="{lx:.1f}" y="{ly - 3:.1f}" text-anchor="middle" fill="{colour}">{html.escape(_drawn(_name(p)))}</text>'
        )
    for node in nodes:
        x, y = at(node)
        label = _drawn(_name(node))
        w = 7 * len(label) + 12
        shape = (
            f'<rect x="{x - w / 2:.1f}" y="{y - 10:.1f}" width="{w:.1f}" height="20" fill="#fff8e1" stroke="#b58b00"/>'
            if is_literal(node)
            else f'<rect x="{x - w / 2:.1f}" y="{y - 10:.1f}" width="{w:.1f}" height="20" rx="10" fill="#eef3fb" stroke="#5b7bb2"/>'
        )
        title = f"<title>{html.escape(to_node(node).value)}</title>"
        parts.append(
            f"<g>{title}{shape}<text x=\"{x:.1f}\" y=\"{y + 4:.1f}\" text-anchor=\"middle\">{html.escape(label)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)

