"""What the endpoint says about itself: the SPARQL 1.1 Service Description (Turtle) and the
query page for browsers, with example queries chosen from what the store holds."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Iterable, Mapping

from kg.namespaces import GRAPH, GRAPH_NAMES, PREFIXES, prefixed_name
from kg.server.config import ServeConfig

__all__ = ["GRAPH_IRIS", "QUERY_PAGE", "content_security_policy", "example_queries", "query_page", "service_description"]

GRAPH_IRIS = {name: str(GRAPH[name]) for name in GRAPH_NAMES}


def service_description(endpoint: str, config: ServeConfig) -> str:
    """A SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    formats = [
        "<http://www.w3.org/ns/formats/SPARQL_Results_JSON>",
        "<http://www.w3.org/ns/formats/SPARQL_Results_XML>",
        "<http://www.w3.org/ns/formats/SPARQL_Results_CSV>",
        "<http://www.w3.org/ns/formats/SPARQL_Results_TSV>",
        "<http://www.w3.org/ns/formats/Turtle>",
        "<http://www.w3.org/ns/formats/N-Triples>",
        "<http://www.w3.org/ns/formats/JSON-LD>",
        "<http://www.w3.org/ns/formats/RDF_XML>",
    ]
    languages = ["sd:SPARQL11Query"] + (["sd:SPARQL11Update"] if config.allow_update else [])
    feature = "    sd:feature sd:BasicFederatedQuery ;\n" if config.allow_service else ""
    named = "".join(
        f"""        sd:namedGraph [ a sd:NamedGraph ; sd:name <{iri}> ] ;\n""" for iri in GRAPH_IRIS.values()
    )
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint}> a sd:Service ;
    rdfs:label "kg-distill SPARQL endpoint" ;
    rdfs:comment "Default graph: the union of <{GRAPH_IRIS['accepted']}> and <{GRAPH_IRIS['inferred']}>. Read-only: {str(not config.allow_update).lower()}. Timeout {config.timeout:g} s; row cap {config.row_cap} (X-KG-Truncated header when reached)." ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage {", ".join(languages)} ;
    sd:resultFormat {", ".join(formats)} ;
{feature}    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; rdfs:comment "accepted + inferred" ] ;
{named}    ] .
"""


def example_queries(
    counts: dict[str, int], classes: list[str], predicates: list[str], prefixes: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The query page's examples; names are written with ``prefixes`` (default: the project's;
    ``kg serve`` adds the store's own domain's, which its endpoint predeclares)."""
    known = dict(PREFIXES if prefixes is None else prefixes)

    def short(iri: str) -> str:
        return prefixed_name(iri, known) or f"<{iri}>"

    out = [
        {
            "title": "Classes and how many instances",
            "query": "SELECT ?class (COUNT(?x) AS ?n)\nWHERE { ?x a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)\nLIMIT 50",
        },
        {
            "title": "Relations and how many facts",
            "query": "SELECT ?relation (COUNT(*) AS ?n)\nWHERE { ?s ?relation ?o }\nGROUP BY ?relation\nORDER BY DESC(?n)\nLIMIT 50",
        },
        {
            "title": "Triples per named graph",
            "query": "SELECT ?graph (COUNT(*) AS ?n)\nWHERE { GRAPH ?graph { ?s ?p ?o } }\nGROUP BY ?graph",
        },
    ]
    if "https://w3id.org/kgdistill/ontology/geography#capitalOf" in predicates:
        out.append(
            {
                "title": "Capitals (geography)",
                "query": "SELECT ?city ?country\nWHERE {\n  ?c kgeo:capitalOf ?k .\n  ?c rdfs:label ?city .\n  ?k rdfs:label ?country .\n}\nORDER BY ?country\nLIMIT 100",
            }
        )
    own = [p for p in predicates if any(p.startswith(ns) for k, ns in known.items() if k not in PREFIXES)]
    if own:  # the store's own domain: one of its relations
        out.append(
            {
                "title": f"Facts: {short(own[0])}",
                "query": f"SELECT ?subject ?object\nWHERE {{\n  ?s {short(own[0])} ?o .\n  OPTIONAL {{ ?s rdfs:label ?subject }}\n  OPTIONAL {{ ?o rdfs:label ?object }}\n}}\nLIMIT 100",
            }
        )
    if any(p.startswith(PREFIXES["cs"]) for p in predicates):
        rel = next(p for p in predicates if p.startswith(PREFIXES["cs"]))
        out.append(
            {
                "title": f"Commonsense: {short(rel)}",
                "query": f"SELECT ?head ?tail\nWHERE {{\n  ?h {short(rel)} ?t .\n  OPTIONAL {{ ?h rdfs:label ?head }}\n  OPTIONAL {{ ?t rdfs:label ?tail }}\n}}\nLIMIT 100",
            }
        )
    for cls in classes[:2]:
        out.append(
            {
                "title": f"Instances of {short(cls)}",
                "query": f"SELECT ?x ?label\nWHERE {{\n  ?x a {short(cls)} .\n  OPTIONAL {{ ?x rdfs:label ?label }}\n}}\nLIMIT 100",
            }
        )
    if counts.get("provenance"):
        out.append(
            {
                "title": "Where facts came from (provenance)",
                "query": "SELECT ?s ?p ?o ?evidence\nWHERE {\n  GRAPH graph:provenance {\n    ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;\n        prov:wasDerivedFrom ?evidence .\n  }\n}\nLIMIT 50",
            }
        )
    if counts.get("rejected"):
        out.append(
            {
                "title": "Rejected candidates and why",
                "query": "SELECT ?candidate ?check ?message\nWHERE {\n  GRAPH graph:rejected {\n    ?candidate a kg:Rejection ; kg:reason ?r .\n    ?r kg:check ?check ; kg:message ?message .\n  }\n}\nLIMIT 50",
            }
        )
    return out

def content_security_policy(page: str) -> str:
    """The policy the query page is served with: its own inline script and style (by hash) and
    requests to this endpoint, nothing else: no other script, frame, form target or base URL,
    so a value the page shows cannot bring code with it, whatever a later change does."""
    def hashes(tag: str) -> str:
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
        return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in bodies)

    return (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def query_page(examples: list[dict[str, str]], title: str, prefixes: Iterable[str] = PREFIXES) -> str:
    """The query page, offering ``examples`` (``{"title", "query"}``), headed ``title``, naming
    the ``prefixes`` the endpoint predeclares (the project's and the store's domains')."""
    return (
        QUERY_PAGE.replace("__EXAMPLES__", json.dumps(examples).replace("</", "<\\/"))
        .replace("__TITLE__", html.escape(title))
        .replace("__PREFIXES__", html.escape(" ".join(dict.fromkeys(prefixes))))
    )


QUERY_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SPARQL: __TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
  h1 { font-size: 1.3em; margin: 0 0 .6em; }
  #query { width: 100%; height: 14em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
  .bar { margin: .5em 0; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
  button { font-size: 14px; padding: .3em 1.2em; }
  #status { color: #555; }
  #status.error { color: #b00; white-space: pre-wrap; }
  #results { overflow-x: auto; max-width: 100%; }
  table { border-collapse: collapse; margin-top: .5em; }
  th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
  th { background: #f3f3f3; }
  td { font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
  pre { background: #f7f7f7; padding: .6em; overflow: auto; }
</style>
</head>
<body>
<h1>SPARQL query: __TITLE__</h1>
<noscript><p>This page needs JavaScript to run queries. Without it, send a query to the endpoint
<code>sparql</code> (<code>GET sparql?query=...</code>, or <code>POST</code> it), e.g. with
<code>curl</code> or <code>kg query --store URL</code>.</p></noscript>
<div class="bar">
  <label for="examples">Examples</label> <select id="examples"></select>
  <button id="load" type="button">Load example</button>
  <span>Prefixes __PREFIXES__ are predeclared.</span>
</div>
<label for="query">SPARQL query</label>
<textarea id="query" spellcheck="false"></textarea>
<div class="bar">
  <button id="run" type="button">Run</button>
  <span id="status" role="status" aria-live="polite"></span>
</div>
<div id="results"></div>
<script>
"use strict";
const EXAMPLES = __EXAMPLES__;
const select = document.getElementById("examples");
const editor = document.getElementById("query");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
EXAMPLES.forEach((ex, i) => {
  const opt = document.createElement("option");
  opt.value = String(i); opt.textContent = ex.title; select.appendChild(opt);
});
// choosing an example replaces the query only while it is the last example loaded: moving
// through the list (arrow keys) must not throw away what the user typed; Load always replaces it
let loaded = "";
function load() { if (EXAMPLES.length) { loaded = EXAMPLES[Number(select.value)].query; editor.value = loaded; } }
load();
select.addEventListener("change", () => {
  if (editor.value === loaded || !editor.value.trim()) load();
  else { statusLine.className = ""; statusLine.textContent = "your query is kept: Load example replaces it"; }
});
document.getElementById("load").addEventListener("click", load);
function cell(term) {
  if (!term) return "";
  if (term.type === "literal") {
    let s = term.value;
    if (term["xml:lang"]) s += "@" + term["xml:lang"];
    if (term["its:dir"]) s += "--" + term["its:dir"];
    return s;
  }
  if (term.type === "bnode") return "_:" + term.value;
  if (term.type === "triple") return "<< " + cell(term.value.subject) + " " + cell(term.value.predicate) + " " + cell(term.value.object) + " >>";
  return term.value;
}
// one query at a time: Run while a query runs cancels it, and its answer is never shown
let running = null;
async function run() {
  if (running) running.abort();
  const mine = running = new AbortController();
  statusLine.className = ""; statusLine.textContent = "running…"; results.textContent = "";
  results.setAttribute("aria-busy", "true");
  try { await show(mine.signal); }
  catch (e) {
    if (mine.signal.aborted) return;
    statusLine.className = "error"; statusLine.textContent = "request failed: " + e;
  } finally {
    if (running === mine) { running = null; results.removeAttribute("aria-busy"); }
  }
}
async function show(signal) {
  const started = performance.now();
  const response = await fetch("sparql", {
    method: "POST", signal,
    headers: {"Content-Type": "application/sparql-query",
              "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    body: editor.value,
  });
  const text = await response.text();
  if (signal.aborted) return;
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    statusLine.className = "error"; statusLine.textContent = response.status + ": " + text; return;
  }
  const sizeCap = response.headers.get("X-KG-Size-Cap");
  const truncated = response.headers.get("X-KG-Truncated") === "true"
    ? " (truncated at the row cap of " + response.headers.get("X-KG-Row-Cap")
      + (sizeCap ? " rows or " + Math.round(sizeCap / 1e6) + " MB" : "") + ")" : "";
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = text; results.appendChild(pre);
    statusLine.textContent = "graph result in " + ms + " ms" + truncated; return;
  }
  const data = JSON.parse(text);
  if (typeof data.boolean === "boolean") {
    statusLine.textContent = "answer in " + ms + " ms";
    const p = document.createElement("p"); p.id = "boolean"; p.textContent = data.boolean ? "yes" : "no";
    results.appendChild(p); return;
  }
  const vars = data.head.vars, rows = data.results.bindings;
  const table = document.createElement("table"); table.id = "result-table";
  const head = table.createTHead().insertRow();
  vars.forEach(v => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
  const body = table.createTBody();
  rows.forEach(b => { const tr = body.insertRow(); vars.forEach(v => { tr.insertCell().textContent = cell(b[v]); }); });
  results.appendChild(table);
  statusLine.textContent = rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + ms + " ms" + truncated;
}
document.getElementById("run").addEventListener("click", run);
editor.addEventListener("keydown", e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body>
</html>
"""
