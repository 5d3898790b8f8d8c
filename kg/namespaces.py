"""The vocabularies the project writes, as rdflib namespaces.

Our own terms live in :class:`KG` (a closed ``DefinedNamespace``: a misspelt term is an error).
Minted entities live under :data:`RESOURCE`, the store's named graphs under :data:`GRAPH`.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/kgdistill/"

RESOURCE = Namespace(BASE + "resource/")
"""Entities minted from labels (see :func:`kg.iri.mint_iri`)."""

GRAPH = Namespace(BASE + "graph/")
"""Named graphs of the store."""

STATEMENT = Namespace(BASE + "statement/")
SUPPORT = Namespace(BASE + "support/")
COMPLETION = Namespace(BASE + "completion/")
SAMPLING = Namespace(BASE + "sampling/")
PROMPT = Namespace(BASE + "prompt/")
REJECTION = Namespace(BASE + "rejection/")
RUN = Namespace(BASE + "run/")
SOURCE = Namespace(BASE + "source/")
RESCORING = Namespace(BASE + "rescoring/")
"""Rescorings of a stored graph by a learned critic (:mod:`kg.critics.rescore`)."""
RULE = Namespace(BASE + "rule/")
"""Rules mined from the graph (:mod:`kg.students.rule_graph`), keyed by a hash of the rule."""
MINING = Namespace(BASE + "mining/")
"""Runs of the rule miner."""

PROV = Namespace("http://www.w3.org/ns/prov#")


class KG(DefinedNamespace):
    """Terms of the kg-distill vocabulary (provenance and quarantine)."""

    _fail = True
    _NS = Namespace(BASE + "vocab#")

    # classes
    Completion: URIRef  # a teacher's answer to a prompt
    Sampling: URIRef  # a teacher answering prompts with fixed parameters in one run (prov:Activity)
    Prompt: URIRef  # a prompt put to a teacher (its samples are completions)
    Rejection: URIRef  # a quarantined candidate
    Reason: URIRef  # why a candidate was rejected
    Run: URIRef  # one distillation or load run
    Source: URIRef  # a file loaded into the store

    # support / completion / sampling properties
    teacher: URIRef  # sampling (or run) → the teacher's id
    run: URIRef  # sampling → the kg:Run it was part of
    model: URIRef
    prompt: URIRef  # completion → its kg:Prompt
    promptId: URIRef
    promptText: URIRef
    sampleIndex: URIRef
    params: URIRef
    text: URIRef
    finishReason: URIRef
    fromCache: URIRef  # completion → true: the teacher's cache replayed what an earlier run was told
    promptTokens: URIRef
    completionTokens: URIRef
    extractor: URIRef
    rawSpan: URIRef
    askedHead: URIRef  # unreadable output's rejection → the head its prompt asked about (a transcript's line, whose prompt was read)
    askedRelation: URIRef  # unreadable output's rejection → the relation its prompt asked for
    rationale: URIRef  # support / rejection → the teacher's reason for the triple, when asked for one
    lowerBound: URIRef  # support / rejection → the lower end of the range the figure is the middle of ("25–30 cm"), as Wikidata's quantityLowerBound
    upperBound: URIRef  # support / rejection → the upper end of that range
    confidence: URIRef
    path: URIRef
    critic: URIRef  # support / rejection → the id of the learned critic that judged it
    criticScore: URIRef  # the critic's P(valid)
    criticThreshold: URIRef  # the threshold it was held to
    namesSeveral: URIRef  # reference graph node → true: one name (one IRI) for several things (Hamilton, Bermuda and Ontario); its several values of a functional property are theirs, no mistake
    referenceCheck: URIRef  # support / rejection → what the domain's reference graph said: "confirmed", "within tolerance", "unknown", "contradicted"
    Rescoring: URIRef  # a learned critic re-judging a stored graph (a prov:Activity, kg.critics.rescore)
    demotedBy: URIRef  # statement → the kg:Rescoring that moved its fact from accepted to rejected
    promotedBy: URIRef  # statement / former rejection → the kg:Rescoring that moved it to accepted
    promotedFrom: URIRef  # support → the former kg:Rejection (kept in provenance) it was made from
    confirmedBy: URIRef  # statement → the review (a kg:Rescoring by people's labels) that found its fact valid
    demotedCount: URIRef  # rescoring → facts it moved to rejected
    promotedCount: URIRef  # rescoring → rejected facts (distinct triples) it moved to accepted
    retracted: URIRef  # rescoring → the kg:Run or kg:Source whose evidence it withdrew (kg.critics.retract)
    retractedBy: URIRef  # run / source / support → the kg:Rescoring that withdrew it

    # rejection properties
    reason: URIRef
    check: URIRef
    message: URIRef
    focusNode: URIRef
    shape: URIRef
    needsReview: URIRef

    # run bookkeeping (kg.pipeline): a kg:Run with one kg:Batch per written batch (finished or unfinished)
    Batch: URIRef
    batchDone: URIRef  # run → batch, written in the batch's own transaction
    batchUnfinished: URIRef  # run → batch some of whose prompts failed: written and counted, asked again by a rerun
    batchIndex: URIRef
    studentKind: URIRef  # a student's round (one more batch): which student, so a rerun with another runs it
    runKind: URIRef  # "distill" | "ingest"
    domain: URIRef
    domainFolder: URIRef  # run → the domain folder's absolute path, so later commands find it from anywhere
    domainDigest: URIRef  # run → "sha256:…" of the domain's checked files (kg.ontology.Domain.digest) it checked under
    configJson: URIRef
    promptsJson: URIRef  # the run's prompts, fixed at its start (resume asks the same)
    commandKey: URIRef  # run → a hash of its identity but its prompts' wording: the runs of one command
    totalBatches: URIRef  # an ingest's: written when it ends (it reads its file as it goes)
    softwareVersion: URIRef  # run → "kg-distill 0.1.0; pyoxigraph ...; torch ...": what ran it (not in its identity)
    teacherRevision: URIRef  # run → the teacher's revision (a transcript's digest, a model's weights), when it has one
    inputFile: URIRef  # ingest run (or review's kg:Rescoring) → the absolute path of a file it read
    inputDigest: URIRef  # ingest run (or review's kg:Rescoring) → "sha1:HEX" of that file (what names an ingest run)
    inputOptionsJson: URIRef  # ingest run → {"format", "sources", "limit"} it was read with
    promptCount: URIRef
    completionCount: URIRef
    candidateCount: URIRef
    unreadableCount: URIRef
    noAnswerCount: URIRef  # answers that say there is none ("I don't know"): no fact, not counted as unreadable
    acceptedCount: URIRef
    rejectedCount: URIRef
    newTripleCount: URIRef
    inferredCount: URIRef
    cacheHits: URIRef
    tokenCount: URIRef
    truncatedCount: URIRef  # completions that ended at the token limit (finish_reason "length")
    seconds: URIRef
    requestCount: URIRef  # requests sent to the teacher for one batch (an LLM judge's included), failed and retried ones too
    retryCount: URIRef  # of them, retries
    reasonsJson: URIRef  # rejections per check, of one batch
    referenceJson: URIRef  # accepted candidates per word of the reference graph (kg:referenceCheck), of one batch

    # mined rules (graph:rules, kg.students.rule_graph)
    Rule: URIRef  # a closed Horn rule mined from the graph
    Atom: URIRef  # one atom of a rule: subject, predicate, object (a variable name or an IRI)
    RuleMining: URIRef  # one run of the rule miner (a prov:Activity)
    ruleHead: URIRef  # rule → its head atom
    ruleBody: URIRef  # rule → a body atom (ordered by kg:atomIndex)
    atomIndex: URIRef
    atomSubject: URIRef  # a variable as a string ("X") or an entity IRI
    atomPredicate: URIRef
    atomObject: URIRef
    support: URIRef
    headSize: URIRef
    bodySize: URIRef
    pcaBodySize: URIRef
    headCoverage: URIRef
    standardConfidence: URIRef
    pcaConfidence: URIRef
    ruleStatus: URIRef  # "proposed" (mined) | "accepted" (run by the reasoner) | "rejected"
    sparql: URIRef  # the rule as a SPARQL CONSTRUCT (what the reasoner compiles)
    ruleCount: URIRef
    Exclusion: URIRef  # a negative rule, not head(X, Y) <= body(X, Y): the reasoner does not run it
    coOccurrences: URIRef  # of an exclusion: body pairs that hold the head too


GRAPH_NAMES = ("accepted", "inferred", "rejected", "provenance", "ontology", "rules")
"""The named graphs every store has: ``accepted`` (asserted knowledge), ``inferred`` (what the
rules derive; rebuildable), ``rejected`` (every rejected candidate with its reasons),
``provenance`` (where each accepted triple came from), ``ontology``, ``rules`` (mined rules)."""


PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": str(PROV),
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",  # the store's skos:altLabel, skos:prefLabel
    "kg": BASE + "vocab#",
    "res": str(RESOURCE),
    "graph": str(GRAPH),
    "cs": BASE + "ontology/commonsense#",
    "kgeo": BASE + "ontology/geography#",
}
"""Prefixes every query may use without declaring them (a query's own PREFIX wins).

None is a prefix a well-known vocabulary goes by (prefix.cc): the geography ontology's is
``kgeo:``, since ``geo:`` means W3C WGS84 (or GeoSPARQL) to rdflib, SPARQLWrapper users and
most SPARQL tools, which declare it for the user."""

TEXT_PREFIXES: dict[str, str] = {**PREFIXES, "geo": PREFIXES["kgeo"]}
"""Prefixes predeclared for RDF a teacher writes (:mod:`extractors.rdf_text`): ``geo:`` stays
the geography ontology there, as it was before ``kgeo:``, so recorded transcripts give the same
records (and record ids) as before; a predicate is read by its local name either way."""

_OLD_GEO = re.compile(r"(?<![\w.-])geo:")
_GEO_DECLARED = re.compile(r"PREFIX\s+geo:", re.IGNORECASE)


def prefix_hint(sparql: str, known: Iterable[str] = PREFIXES) -> str:
    """A hint for a query that failed to parse: it uses ``geo:``, the geography prefix's
    former name, without declaring it; or another prefix nobody declared (``known``: the ones
    declared for every query, the project's and, for a store's, its domains' own: ``film:``)."""
    known = list(known)
    if _OLD_GEO.search(sparql) and not _GEO_DECLARED.search(sparql) and "geo" not in known:
        return "; the geography ontology's prefix is kgeo: (geo: is W3C WGS84's and is not predeclared)"
    unknown = sorted(used_prefixes(sparql) - set(known))
    if unknown:
        names = " ".join(f"{p}:" for p in unknown)
        return f"; declare {names} (PREFIX {unknown[0]}: <IRI>) or use one declared for you: {', '.join(known)}"
    return ""


_STRINGS_AND_IRIS = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n]*""")


def used_prefixes(sparql: str) -> set[str]:
    """The prefixes ``sparql`` uses in prefixed names (``fd:calories`` → ``fd``), outside IRIs,
    strings and comments, less those it declares itself (``PREFIX fd: <...>``)."""
    text = _STRINGS_AND_IRIS.sub(" ", sparql)
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", text)}
    used = {m.group(1) for m in re.finditer(r"(?<![\w.:?$-])([A-Za-z][\w.-]*):", text)}
    return used - declared


_PN_CHARS_U = (
    "A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_PLAIN_LOCAL = re.compile(f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\\-\u00B7\u0300-\u036F\u203F-\u2040]*")
"""A local name SPARQL and Turtle read as it is (their PN_LOCAL, less ``.``, ``:`` and escapes):
not ``-draft`` (a leading ``-``) nor ``area_km²`` (``²`` is no name character)."""


def prefixed_name(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """``iri`` as a prefixed name (``kgeo:capitalOf``, ``fd:cuisine``) by the longest namespace
    of ``prefixes`` it starts with, when the rest is a plain local name (letters, digits, ``_``,
    ``-`` after the first character), one a query can use as written; else None."""
    best, name = "", None
    for prefix, ns in prefixes.items():
        local = iri[len(ns):]
        if iri.startswith(ns) and len(ns) > len(best) and _PLAIN_LOCAL.fullmatch(local):
            best, name = ns, f"{prefix}:{local}"
    return name


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """``PREFIX`` declarations for stores that cannot take prefixes as a parameter."""
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in (prefixes or PREFIXES).items())
