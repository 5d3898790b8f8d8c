"""Turtle and N-Triples written by a teacher.

The RDF is parsed with rdflib (whole region first, then statement by statement so one bad
statement or a prose line costs only itself). No teacher IRI goes into the graph as-is:

- every subject and object IRI (declared prefix, undeclared prefix, relative or absolute) is
  turned into a label (its ``rdfs:label`` in the same output, else its humanised local name) and
  re-minted with :func:`kg.iri.mint_iri` or resolved to an entity already in the store;
- predicates must name a relation of the domain (by IRI or local name), else unreadable;
- ``rdf:type`` is kept only for classes the domain's ontology declares;
- blank nodes are unreadable; literals become labels, or typed values for data properties,
  read from the lexical form as written (``"yes"^^xsd:boolean`` is true, not rdflib's guess).

Undeclared prefixes (``foo:x``) are declared to a placeholder namespace before parsing, so the
statement parses and its local name becomes a label like any other IRI.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import RDFSink, SinkParser

from extractors.datatypes import rdflib_quiet
from extractors.normalize import Normalizer
from extractors.text import FENCE
from kg.iri import local_name
from kg.namespaces import TEXT_PREFIXES as PREFIXES
from kg.records import Candidate, Completion, Unreadable

if TYPE_CHECKING:
    from kg.ontology import Domain, Relation

__all__ = ["extract_rdf", "split_statements", "looks_like_rdf", "NAME"]

NAME = "rdf"

BASE = "http://relative.invalid/"
UNDECLARED = "urn:kg-undeclared:"
_RDF_FENCES = {"turtle", "ttl", "n3", "nt", "ntriples", "n-triples", "rdf", "sparql", "trig"}
_PREFIX_DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<[^>]*>\s*\.?", re.IGNORECASE | re.MULTILINE)
_PNAME = re.compile(r"(?<![\w:/#<@.-])([A-Za-z][\w-]*)?:(?=[A-Za-z0-9_%])")
_START = re.compile(r"""^\s*(?:<|@|PREFIX\b|BASE\b|_:|[A-Za-z][\w.-]*:\S|:\S|\[|\()""", re.IGNORECASE)
_LABEL_PREDICATES = {
    str(RDFS.label),
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://schema.org/name",
    "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
MAX_TEXT = 200_000


def looks_like_rdf(text: str) -> bool:
    """Whether text is probably Turtle / N-Triples (prefix declarations or triple lines)."""
    if re.search(r"^\s*(?:@prefix|PREFIX)\s", text, re.IGNORECASE | re.MULTILINE):
        return True
    lines = [ln for ln in text.splitlines() if ln.strip()]
    triple_lines = sum(1 for ln in lines if re.match(r"^\s*(<[^>]*>|[\w-]*:\S+)\s+(<[^>]*>|[\w-]*:\S+|a)\s+.+\.\s*$", ln))
    return bool(lines) and triple_lines >= max(1, len(lines) // 2)


def _region(text: str) -> str:
    for match in FENCE.finditer(text):
        if match.group(1).casefold() in _RDF_FENCES:
            return match.group(2)
    for match in FENCE.finditer(text):
        return match.group(2)
    return text


def split_statements(text: str) -> list[str]:
    """Turtle statements (each ending with ``.``), aware of strings, IRIs and brackets."""
    out: list[str] = []
    i, n, begin = 0, len(text), 0
    depth = 0
    while i < n:
        ch = text[i]
        if ch in "\"'":
            triple = text[i : i + 3] == ch * 3
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if not triple and text[j] == "\n":
                    break
                j += 1
            if not triple and j < n and text[j] == "\n":
                # an unterminated one-line string: the statement ends, broken, at the line end
                out.append(text[begin:j])
                begin = i = j + 1
                continue
            i = j + len(quote)
            continue
        if ch == "<":
            j = text.find(">", i)
            nl = text.find("\n", i)
            if j != -1 and (nl == -1 or j < nl):
                i = j + 1
                continue
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            j = text.find("\n", i)
            i = n if j == -1 else j
            continue
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif ch == "." and depth == 0 and (i + 1 == n or text[i + 1] in " \t\r\n"):
            out.append(text[begin : i + 1])
            begin = i + 1
        i += 1
    rest = text[begin:]
    if rest.strip():
        out.append(rest)
    return [s for s in (s.strip() for s in out) if s]


def _header(text: str) -> tuple[str, set[str]]:
    """Prefix declarations: ours, then undeclared ones mapped to a placeholder namespace."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)}
    masked = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'|<[^>\n]*>', " ", text)
    used = {m.group(1) or "" for m in _PNAME.finditer(masked)}
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items() if p not in declared]
    unknown = {p for p in used if p not in declared and p not in PREFIXES and p != "_"}
    lines += [f"@prefix {p}: <{UNDECLARED}{p}#> ." for p in sorted(unknown)]
    return "\n".join(lines) + "\n", declared


class _AsWritten(RDFSink):
    """rdflib's Turtle sink, each literal kept as the teacher wrote it: rdflib's own puts the
    value it guessed for an ill-typed literal in its place ("yes"^^xsd:boolean became "false"),
    and the answer is read from the lexical form."""

    def newLiteral(self, s: str, dt: URIRef | None, lang: str | None) -> Literal:  # noqa: N802 - rdflib's name
        return Literal(s, datatype=dt, normalize=False) if dt else Literal(s, lang=lang)


def _parse(header: str, body: str) -> Graph | None:
    graph = Graph()
    try:
        with rdflib_quiet():
            SinkParser(_AsWritten(graph), baseURI=BASE, turtle=True).loadBuf(header + body)
    except Exception:  # noqa: BLE001 - rdflib raises many kinds: BadSyntax, ValueError, AssertionError, ...
        return None
    return graph


def _n3(term: Any) -> str:
    """The term as Turtle; rdflib parses some IRIs it refuses to write back (``<">``)."""
    try:
        return str(term.n3())
    except Exception:  # noqa: BLE001 - rdflib raises a bare Exception ("does not look like a valid URI")
        return f"<{term}>"


def _humanize(iri: str) -> str:
    local = unquote(local_name(iri))
    local = _CAMEL.sub(" ", local)
    return local.replace("_", " ").replace("-", " ")


def extract_rdf(completion: Completion, normalizer: Normalizer, domain: Domain | None = None) -> list[Candidate | Unreadable]:
    """Candidates from the Turtle / N-Triples in ``completion``."""
    out: list[Candidate | Unreadable] = []
    text = _region(completion.answer[:MAX_TEXT])
    if not completion.answer.strip():
        return normalizer.dedupe([normalizer.empty(completion, NAME)])
    if not text.strip():
        normalizer.stats.drop("empty completion")
        return normalizer.dedupe(out)
    header, _ = _header(text)
    parsed: list[tuple[str, Graph]] = []
    whole = _parse(header, text)
    if whole is not None:
        parsed.append((text, whole))
    else:
        directives = "\n".join(m.group(0) for m in _PREFIX_DECL.finditer(text))
        for statement in split_statements(text):
            if _PREFIX_DECL.match(statement):
                continue
            lines = statement.splitlines()
            while lines and not _START.match(lines[0]):
                lines.pop(0)
                normalizer.stats.drop("prose line beside RDF")
            if not lines:
                continue
            body = "\n".join(lines)
            complete = body.rstrip().endswith(".")
            if completion.cut_off and not complete:
                out.append(Unreadable(completion, body[:2000], NAME, "truncated RDF statement"))
                continue
            graph = _parse(header + directives + "\n", body if complete else body + " .")
            if graph is None:
                out.append(Unreadable(completion, body[:2000], NAME, "unparseable RDF statement"))
            else:
                parsed.append((body, graph))
    if not any(len(graph) for _, graph in parsed) and not out:
        out.append(Unreadable(completion, text[:2000], NAME, "no RDF statements"))
        return normalizer.dedupe(out)
    named: dict[Any, tuple[int, str]] = {}  # an entity's name: a label without a language first, then English
    for _, graph in parsed:
        for s, p, o in graph:
            if str(p) in _LABEL_PREDICATES and isinstance(o, Literal) and not isinstance(s, Literal):
                rank = 0 if not o.language else 1 if o.language.lower().split("-")[0] == "en" else 2
                if s not in named or rank < named[s][0]:
                    named[s] = (rank, str(o))
    labels = {s: label for s, (_, label) in named.items()}
    classes = _domain_classes(domain)
    for span, graph in parsed:
        for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            span_text = span if len(graph) == 1 else f"{_n3(s)} {_n3(p)} {_n3(o)} ."
            if str(p) in _LABEL_PREDICATES:
                normalizer.stats.drop("label statement (names an entity)")
                continue
            if isinstance(s, BNode) or isinstance(o, BNode):
                out.append(Unreadable(completion, span_text[:2000], NAME, "blank node"))
                continue
            s_label = labels.get(s) or _humanize(str(s))
            if p == RDF.type:
                if isinstance(o, URIRef) and str(o) in classes:
                    label = normalizer.clean(s_label)
                    if normalizer.label_problem(label) is None:
                        entity, name = normalizer.named_entity(label)
                        out.append(Candidate(entity, RDF.type, URIRef(str(o)), completion, span_text[:2000], NAME, name, None))
                        continue
                out.append(Unreadable(completion, span_text[:2000], NAME, f"type {str(o)[:120]!r} is not a class of the domain"))
                continue
            relation = _relation(normalizer, p)
            if relation is None:
                out.append(Unreadable(completion, span_text[:2000], NAME, f"unknown predicate {str(p)[:120]!r}"))
                continue
            if isinstance(o, Literal):
                o_label = str(o)
            else:
                if relation.object_is_literal:
                    out.append(Unreadable(completion, span_text[:2000], NAME, f"{relation.name} needs a literal value, got an IRI"))
                    continue
                o_label = labels.get(o) or _humanize(str(o))
            normalizer.candidate(completion, NAME, span_text[:2000], s_label, relation, o_label, out=out)
    return normalizer.dedupe(out)


def _relation(normalizer: Normalizer, predicate: Any) -> Relation | None:
    """The domain relation ``predicate`` names: by its IRI, else by its local name."""
    found = normalizer.domain.relation_by_iri(str(predicate)) if normalizer.domain is not None else None
    return found if found is not None else normalizer.relation(_humanize(str(predicate)).replace(" ", ""))


def _domain_classes(domain: Domain | None) -> set[str]:
    if domain is None:
        return set()
    ontology = domain.ontology
    owl_class = URIRef("http://www.w3.org/2002/07/owl#Class")
    return {str(c) for c in ontology.subjects(RDF.type, owl_class) if isinstance(c, URIRef)} | {
        str(c) for c in ontology.subjects(RDF.type, RDFS.Class) if isinstance(c, URIRef)
    }
