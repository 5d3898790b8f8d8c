"""Verdicts as N-Quads: accepted triples, their provenance statement nodes, quarantined candidates.

Shared by every store backend so that the embedded and the remote store write the same
graph. The model:

* an accepted triple goes to ``accepted``; its labels as ``rdfs:label`` (tagged with the
  domain's language, or with the reference label's own tag, :class:`kg.records.Name`), and a
  name the teacher wrote that the reference's replaced as ``skos:altLabel``;
* one ``rdf:Statement`` node per accepted triple, keyed by a hash of the triple, in
  ``provenance``, linked with ``prov:wasDerivedFrom`` to one support node per piece of evidence
  (``kg:extractor``, ``kg:rawSpan``, ``kg:confidence``, and ``kg:rationale``: the teacher's
  reason, when the prompt asked for one, or the note the reader kept: a hedge, a gloss;
  ``kg:lowerBound`` and ``kg:upperBound``: the ends of the range a figure is the middle of,
  ``extractors.ranges``; ``kg:referenceCheck``: what the domain's reference
  graph said of it, ``kg.records.ReferenceWord``, where the domain has one), which is derived
  from the completion it was read from;
* every completion a candidate came from (``kg:Completion``: sample index, full text, token
  counts, ``kg:fromCache`` true where the teacher's cache replayed an earlier run's answer), ``kg:prompt`` its prompt (``kg:Prompt``: id and text, written once however many
  samples answer it), ``prov:wasGeneratedBy`` its sampling (``kg:Sampling``, a
  ``prov:Activity``: the teacher, the sampling parameters and ``kg:run`` the run; one node for
  all the completions a run got from one teacher with the same parameters); supports and
  completions are each run's own (their IRIs hash the run in), so two runs that got the same
  answer each keep, and name, their evidence;
* a rejected candidate (or unreadable output) is a ``kg:Rejection`` node in ``rejected``
  with its ``kg:Reason`` nodes (check, message, focus node).

No wall-clock time is written next to a statement, so writing the same batch twice writes the
same quads (idempotence); times live on ``kg:Run`` nodes. Blank nodes are written as skolem
IRIs (``.../.well-known/genid/ID``), so that a blank node means the same node in every batch.

The writer builds N-Quads text directly (about 0.5 µs a quad, several times cheaper than
building pyoxigraph ``Quad`` objects); :func:`parse_nquads` reads it back where a caller needs
quad objects.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.namespaces import (
    BASE,
    COMPLETION,
    GRAPH,
    KG,
    PROV,
    PROMPT,
    REJECTION,
    SAMPLING,
    STATEMENT,
    SUPPORT,
)
from kg.records import SURROGATES, Candidate, Completion, Reason, Unreadable, Verdict, params_json
from kg.terms import stored_literal, to_ox
from kg.xsd import quantity

REVIEW_PREFIX = "review:"
"""The ``kg:critic`` of a review (people's labels, :mod:`kg.critics.review`): ``review:NAME``.
A rejection a review made or confirmed is people's "invalid": no inference puts it back."""

_N = ox.NamedNode
ACCEPTED = _N(str(GRAPH.accepted))
INFERRED = _N(str(GRAPH.inferred))
REJECTED = _N(str(GRAPH.rejected))
PROVENANCE = _N(str(GRAPH.provenance))
ONTOLOGY = _N(str(GRAPH.ontology))

SKOLEM = BASE + ".well-known/genid/"
"""Where blank nodes of written verdicts are skolemised."""

_TYPE = _N(str(RDF.type))
_STATEMENT = _N(str(RDF.Statement))
_SUBJ, _PRED, _OBJ = _N(str(RDF.subject)), _N(str(RDF.predicate)), _N(str(RDF.object))
_DERIVED = _N(str(PROV.wasDerivedFrom))


def _iri(term: object) -> str:
    return f"<{term}>"


def completion_teacher(completion: str, teacher: str, via: str = "?sampling_") -> str:
    """A SPARQL pattern binding the variable ``teacher`` to the teacher of the completion
    ``completion`` (a variable), in the provenance graph, in both layouts: through its
    ``kg:Sampling`` node (``via``, a variable of its own), or on the completion itself as stores
    written before 2026-11-24 have it. Every reader of who wrote a completion asks this way."""
    generated, named = _iri(PROV.wasGeneratedBy), _iri(KG.teacher)
    return f"{{ {completion} {generated} {via} . {via} {named} {teacher} }} UNION {{ {completion} {named} {teacher} }}"


# N-Triples forms of the constant terms
_G_ACC, _G_PROV, _G_REJ = str(ACCEPTED), str(PROVENANCE), str(REJECTED)
_A, _LABEL_NT, _ALT_LABEL_NT = _iri(RDF.type), _iri(RDFS.label), _iri(SKOS.altLabel)
_STATEMENT_NT = _iri(RDF.Statement)
_SUBJ_NT, _PRED_NT, _OBJ_NT = _iri(RDF.subject), _iri(RDF.predicate), _iri(RDF.object)
_DERIVED_NT, _GENERATED_NT = _iri(PROV.wasDerivedFrom), _iri(PROV.wasGeneratedBy)
_V = {name: _iri(getattr(KG, name)) for name in (
    "Completion", "Prompt", "Sampling", "Rejection", "Reason", "teacher", "run", "prompt", "promptId", "promptText",
    "sampleIndex", "text", "params", "finishReason", "fromCache", "promptTokens", "completionTokens", "extractor",
    "rawSpan", "askedHead", "askedRelation", "rationale", "lowerBound", "upperBound", "confidence", "critic", "criticScore", "criticThreshold", "referenceCheck", "reason", "check", "message", "focusNode", "shape", "needsReview",
)}
_XSD_INTEGER, _XSD_DOUBLE, _XSD_BOOLEAN = _iri(XSD.integer), _iri(XSD.double), _iri(XSD.boolean)


@lru_cache(maxsize=1 << 14)
def _text(value: str, language: str | None = None) -> str:
    """An xsd:string literal in N-Triples, or one tagged ``language`` (pyoxigraph does the
    escaping; a batch repeats many values: teacher, extractor, prompt, labels). A lone
    surrogate, which no store can hold, is written as U+FFFD: a record is never lost for its
    text (the extractors quarantine such labels as damaged text before they get here)."""
    try:
        return str(ox.Literal(value, language=language) if language else ox.Literal(value))
    except ValueError:
        value = SURROGATES.sub("\ufffd", value)
        return str(ox.Literal(value, language=language) if language else ox.Literal(value))


def token_share(usage: Mapping[str, int], key: str) -> int:
    """A completion's own share of its request's ``key`` tokens (``prompt_tokens``,
    ``completion_tokens``). A request that answered k samples (``request_choices``) reports its
    whole usage with each; choice j (``request_choice``) gets ``total*(j+1)//k - total*j//k``, so
    the shares of its k completions sum to the request's usage, not k times it. A usage that
    names no choice (an earlier version's cache or transcript) gets ``round(total/k)``."""
    total, choices = int(usage[key]), max(int(usage.get("request_choices", 1)), 1)
    if "request_choice" not in usage:
        return round(total / choices)
    choice = int(usage["request_choice"])
    return total * (choice + 1) // choices - total * choice // choices


def _int(value: int) -> str:
    return f'"{int(value)}"^^{_XSD_INTEGER}'


def _double(value: float) -> str:
    return f'"{value!r}"^^{_XSD_DOUBLE}'


@lru_cache(maxsize=1 << 17)
def nt(term: object) -> str:
    """An rdflib or pyoxigraph term in N-Triples (blank nodes as skolem IRIs)."""
    if isinstance(term, (BNode, ox.BlankNode)):
        return f"<{SKOLEM}{term.value if isinstance(term, ox.BlankNode) else term}>"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    return str(to_ox(term))  # type: ignore[arg-type]


def triples_nquads(triples: Iterable[tuple[str, str, str]], graph: ox.NamedNode = INFERRED) -> str:
    """Triples of N-Triples terms as an N-Quads document in ``graph``."""
    g = str(graph)
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o in triples)


def triple_key(s: object, p: object, o: object) -> str:
    """Hash of a triple in N-Triples form (pyoxigraph terms), its object as the store holds it
    (:func:`kg.terms.stored_literal`): the key of its statement node. A value of a derived
    integer type (``"47000000"^^xsd:nonNegativeInteger``, population's range) was hashed as
    given and looked up as stored (``xsd:integer``): `kg why` found no provenance for it."""
    return hashlib.sha1(f"{s} {p} {stored_literal(str(o))}".encode("utf-8")).hexdigest()


def statement_node(s: object, p: ox.NamedNode, o: object) -> ox.NamedNode:
    return _N(str(STATEMENT) + triple_key(s, p, o))


def taught_only(store: Any, s: object, p: object, o: object) -> bool:
    """Whether a stored fact (pyoxigraph terms, or their N-Triples text) rests on teachers'
    answers only: it has support, and every support is a completion of a teacher, none a file's
    row (``file:...``, a trusted or ingested file) or a loaded source (which has no completion)."""
    completion = completion_teacher("?c", "?teacher")
    rows = store.query(
        f"SELECT ?sup ?teacher WHERE {{ GRAPH {_iri(PROVENANCE.value)} {{ <{STATEMENT}{triple_key(s, p, o)}> {_DERIVED_NT} ?sup . "
        f"OPTIONAL {{ ?sup {_DERIVED_NT} ?c . {completion} }} }} }}",
        graph="all",
    )
    teachers = [teacher for _, teacher in rows]
    return bool(teachers) and all(t is not None and not t.value.startswith("file:") for t in teachers)


def stored_bounds(store: Any, statement: str | None = None) -> dict[str, tuple[Literal, Literal]]:
    """The ranges the store's figures are the middle of (``kg:lowerBound``, ``kg:upperBound`` on
    a fact's supports, :mod:`extractors.ranges`), by the IRI of the fact's statement node
    (:func:`statement_node`; ``statement``: that one fact's only); of a fact two answers gave as
    ranges, the span of both. A check of the stored facts (``kg validate --store``), or of a new
    figure beside a stored one, compares a range, as the run that stored it did."""
    one = f"VALUES ?st {{ <{statement}> }} " if statement is not None else ""
    rows = store.query(
        f"SELECT ?st ?low ?high WHERE {{ {one}GRAPH {_iri(PROVENANCE.value)} {{ ?st {_DERIVED_NT} ?sup . "
        f"?sup {_V['lowerBound']} ?low ; {_V['upperBound']} ?high }} }}",
        graph="all",
    )
    found: dict[str, tuple[Literal, Literal]] = {}
    for st, low, high in rows:
        ends = [Literal(low.value, datatype=URIRef(low.datatype.value)), Literal(high.value, datatype=URIRef(high.datatype.value))]
        if st.value in found:
            ends = [*found[st.value], *ends]
        ends.sort(key=lambda end: quantity(end) or 0)
        found[st.value] = (ends[0], ends[-1])
    return found


def _statement_nt(s: str, p: str, o: str) -> str:
    return f"<{STATEMENT}{triple_key(s, p, o)}>"


class _BatchLines:
    """Builds a batch's N-Quads lines, writing each node once: a completion, prompt, statement,
    label or support shared by several verdicts of the batch is written for the first only."""

    def __init__(
        self, run: object | None, labelled: Callable[[str], bool] | None = None, language: str | None = None
    ) -> None:
        self.language = language  # the labels' language tag (the domain's), or None: plain strings
        if run is None or isinstance(run, ox.NamedNode):
            self.run = nt(run) if run is not None else None
        else:
            self.run = nt(URIRef(str(run)))
        self.knowledge: list[str] = []  # the accepted graph
        self.records: list[str] = []  # provenance and rejected
        self.done: set[str] = set()  # nodes and label lines written
        self.samplings: dict[tuple[str, str], str] = {}  # (teacher, params JSON) -> its node
        self.labelled = labelled  # whether the store's accepted graph names a node already
        self.labels: list[tuple[str, str]] = []  # (node, label) written to accepted
        self.aliases: list[tuple[str, str]] = []  # (node, name as written) written to accepted

    def first(self, key: str) -> bool:
        if key in self.done:
            return False
        self.done.add(key)
        return True

    def add(self, item: Verdict | Unreadable) -> None:
        if isinstance(item, Unreadable):
            self._unreadable(item)
        elif item.accepted:
            self._accepted(item)
        else:
            self._rejected(item)

    def _own(self, local: str) -> str:
        """A completion's or support's local name in this run: two runs that got the same answer
        (a rerun with --again, the same prompts with other examples) each keep their own evidence,
        so retracting one leaves the other's, and each names its run."""
        return local if self.run is None else hashlib.sha1(f"{self.run}|{local}".encode("utf-8")).hexdigest()

    def _completion(self, c: Completion) -> str:
        node = f"<{COMPLETION}{self._own(c.id)}>"
        if not self.first(node):
            return node
        g, v, out = _G_PROV, _V, self.records
        prompt = f"<{PROMPT}{hashlib.sha1(c.prompt_id.encode('utf-8')).hexdigest()}>"
        out.append(f"{node} {_A} {v['Completion']} {g} .")
        out.append(f"{node} {v['prompt']} {prompt} {g} .")
        out.append(f"{node} {v['sampleIndex']} {_int(c.sample_index)} {g} .")
        out.append(f"{node} {v['text']} {_text(c.text)} {g} .")
        if c.finish_reason:
            out.append(f"{node} {v['finishReason']} {_text(c.finish_reason)} {g} .")
        if c.cached:
            out.append(f'{node} {v["fromCache"]} "true"^^{_XSD_BOOLEAN} {g} .')
        for key, prop in (("prompt_tokens", "promptTokens"), ("completion_tokens", "completionTokens")):
            if key in c.usage:
                out.append(f"{node} {v[prop]} {_int(token_share(c.usage, key))} {g} .")
        out.append(f"{node} {_GENERATED_NT} {self._sampling(c)} {g} .")
        if self.first(prompt):
            out.append(f"{prompt} {_A} {v['Prompt']} {g} .")
            out.append(f"{prompt} {v['promptId']} {_text(c.prompt_id)} {g} .")
            out.append(f"{prompt} {v['promptText']} {_text(c.prompt)} {g} .")
        return node

    def _sampling(self, c: Completion) -> str:
        """The node of the teacher sampling with ``c``'s parameters in this run (written once)."""
        params = params_json(c.params)
        node = self.samplings.get((c.teacher, params))
        if node is None:
            key = hashlib.sha1(f"{self.run or ''}|{c.teacher}|{params}".encode("utf-8")).hexdigest()
            node = self.samplings[(c.teacher, params)] = f"<{SAMPLING}{key}>"
            g, v, out = _G_PROV, _V, self.records
            out.append(f"{node} {_A} {v['Sampling']} {g} .")
            out.append(f"{node} {v['teacher']} {_text(c.teacher)} {g} .")
            if c.params:
                out.append(f"{node} {v['params']} {_text(params)} {g} .")
            if self.run is not None:
                out.append(f"{node} {v['run']} {self.run} {g} .")
        return node

    def _label(self, out: list[str], node: str, label: str, g: str) -> None:
        """``label`` as ``node``'s ``rdfs:label``: tagged with the domain's language, or with its
        own where it is the reference's label in another ("University of Salamanca"@en in a
        ``de`` domain)."""
        language = self.language and (getattr(label, "language", None) or self.language)
        line = f"{node} {_LABEL_NT} {_text(label, language)} {g} ."
        if self.first(line):
            out.append(line)

    def _name(self, node: str, label: str) -> None:
        """An entity's one label in ``accepted``: the first written ("Heartburn" and a later
        "heartburn" mint one entity; a second label would double every query that joins labels).
        The name the teacher wrote, when the reference's was chosen instead, is an alias
        (``skos:altLabel``, in the domain's language): "Kraków" stays findable beside "Krakau"@de."""
        if self.first(f"label {node}") and not (self.labelled is not None and self.labelled(node)):
            self._label(self.knowledge, node, label, _G_ACC)
            self.labels.append((node, label))
        for written in (getattr(label, "written", None), *getattr(label, "also", ())):
            if written and self.first(f"alias {node} {written}"):
                self.knowledge.append(f"{node} {_ALT_LABEL_NT} {_text(written, self.language)} {_G_ACC} .")
                self.aliases.append((node, written))

    def _accepted(self, item: Verdict) -> None:
        cand = item.candidate
        s, p, o = nt(cand.subject), nt(cand.predicate), nt(cand.object)
        stmt = _statement_nt(s, p, o)
        out = self.records
        if self.first(stmt):
            g = _G_ACC
            self.knowledge.append(f"{s} {p} {o} {g} .")
            g = _G_PROV
            out.append(f"{stmt} {_A} {_STATEMENT_NT} {g} .")
            out.append(f"{stmt} {_SUBJ_NT} {s} {g} .")
            out.append(f"{stmt} {_PRED_NT} {p} {g} .")
            out.append(f"{stmt} {_OBJ_NT} {o} {g} .")
        if cand.subject_label and s[0] == "<":
            self._name(s, cand.subject_label)
        if cand.object_label and o[0] == "<":
            self._name(o, cand.object_label)
        support, g = f"<{SUPPORT}{self._own(cand.id)}>", _G_PROV
        if not self.first(support):
            return
        out.append(f"{stmt} {_DERIVED_NT} {support} {g} .")
        self._evidence(support, g, cand.extractor, cand.span, item.confidence, cand.rationale)
        self._bounds(support, g, cand)
        self._critic(support, g, item)
        self._reference(support, g, item)
        if cand.completion is not None:
            out.append(f"{support} {_DERIVED_NT} {self._completion(cand.completion)} {g} .")
        elif self.run is not None:
            out.append(f"{support} {_GENERATED_NT} {self.run} {g} .")

    def _rejected(self, item: Verdict) -> None:
        cand, v = item.candidate, _V
        node, g, out = f"<{REJECTION}{cand.id}>", _G_REJ, self.records
        if not self.first(node):
            return
        s, p, o = nt(cand.subject), nt(cand.predicate), nt(cand.object)
        out.append(f"{node} {_A} {v['Rejection']} {g} .")
        out.append(f"{node} {_SUBJ_NT} {s} {g} .")
        out.append(f"{node} {_PRED_NT} {p} {g} .")
        out.append(f"{node} {_OBJ_NT} {o} {g} .")
        self._evidence(node, g, cand.extractor, cand.span, item.confidence, cand.rationale)
        self._bounds(node, g, cand)
        self._critic(node, g, item)
        self._reference(node, g, item)
        if cand.subject_label:
            self._label(out, s, cand.subject_label, g)
        if cand.object_label and o[0] == "<":
            self._label(out, o, cand.object_label, g)
        self._provenance_of_rejection(node, cand.completion, item.reasons)

    def _unreadable(self, item: Unreadable) -> None:
        v = _V
        node, g, out = f"<{REJECTION}{item.id}>", _G_REJ, self.records
        if not self.first(node):
            return
        out.append(f"{node} {_A} {v['Rejection']} {g} .")
        self._evidence(node, g, item.extractor, item.span)
        self._asked(node, g, item)
        self._provenance_of_rejection(node, item.completion, [Reason("unreadable", item.reason)])

    def _asked(self, node: str, g: str, item: Unreadable) -> None:
        """The head and relation the unreadable output's prompt asked for, where it named them."""
        for prop, value in (("askedHead", item.head), ("askedRelation", item.relation)):
            if value:
                self.records.append(f"{node} {_V[prop]} {_text(value)} {g} .")

    def _evidence(
        self, node: str, g: str, extractor: str, span: str, confidence: float | None = None, rationale: str | None = None
    ) -> None:
        """Which extractor read the node's candidate from which span, the teacher's reason for it
        (when it gave one), and with what confidence."""
        out, v = self.records, _V
        out.append(f"{node} {v['extractor']} {_text(extractor)} {g} .")
        out.append(f"{node} {v['rawSpan']} {_text(span)} {g} .")
        if rationale:
            out.append(f"{node} {v['rationale']} {_text(rationale)} {g} .")
        if confidence is not None:
            out.append(f"{node} {v['confidence']} {_double(round(float(confidence), 6))} {g} .")

    def _bounds(self, node: str, g: str, cand: Candidate) -> None:
        """The ends of the range the candidate's figure is the middle of, where it is one."""
        if cand.bounds is not None:
            for prop, end in zip(("lowerBound", "upperBound"), cand.bounds):
                self.records.append(f"{node} {_V[prop]} {nt(end)} {g} .")

    def _critic(self, node: str, g: str, item: Verdict) -> None:
        """The learned critic's id, score and threshold, when one judged the candidate."""
        mark = item.critic
        if mark is None:
            return
        out, v = self.records, _V
        out.append(f"{node} {v['critic']} {_text(mark.critic)} {g} .")
        out.append(f"{node} {v['criticScore']} {_double(round(float(mark.score), 6))} {g} .")
        out.append(f"{node} {v['criticThreshold']} {_double(round(float(mark.threshold), 6))} {g} .")

    def _reference(self, node: str, g: str, item: Verdict) -> None:
        """What the domain's reference graph said of the candidate, when it has one."""
        if item.reference is not None:
            self.records.append(f"{node} {_V['referenceCheck']} {_text(item.reference)} {g} .")

    def _provenance_of_rejection(self, node: str, completion: Completion | None, reasons: Iterable[Reason]) -> None:
        g, v, out = _G_REJ, _V, self.records
        if self.run is not None:
            out.append(f"{node} {_GENERATED_NT} {self.run} {g} .")
        if completion is not None:
            out.append(f"{node} {_DERIVED_NT} {self._completion(completion)} {g} .")
        owner = node[1:-1]
        for r in reasons:
            key = hashlib.sha1(f"{owner}|{r.check}|{r.message}|{r.focus_node}".encode()).hexdigest()
            reason = f"<{owner}/reason/{key[:16]}>"
            if not self.first(reason):
                continue
            out.append(f"{node} {v['reason']} {reason} {g} .")
            out.append(f"{reason} {_A} {v['Reason']} {g} .")
            out.append(f"{reason} {v['check']} {_text(r.check)} {g} .")
            out.append(f"{reason} {v['message']} {_text(r.message)} {g} .")
            if r.focus_node is not None:
                out.append(f"{reason} {v['focusNode']} {nt(r.focus_node)} {g} .")
            if r.shape is not None:
                out.append(f"{reason} {v['shape']} {nt(r.shape)} {g} .")
            if r.needs_review:
                out.append(f'{reason} {v["needsReview"]} "true"^^{_XSD_BOOLEAN} {g} .')


@dataclass
class BatchText:
    """A batch as N-Quads: ``knowledge`` (the ``accepted`` graph: what later checks read) and
    ``records`` (``provenance`` and ``rejected``), each quad once, and their number; ``labels``:
    the ``(node, label)`` pairs of ``knowledge`` (N-Triples node), what a run's indexes observe,
    and ``aliases``, its ``(node, skos:altLabel)`` pairs."""

    knowledge: str
    records: str
    quads: int
    labels: tuple[tuple[str, str], ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return self.knowledge + self.records


def batch_nquads(
    items: Iterable[Verdict | Unreadable],
    run: object | None = None,
    labelled: Callable[[str], bool] | None = None,
    language: str | None = None,
) -> BatchText:
    """The N-Quads of a batch of verdicts and unreadable outputs, each quad once; an accepted
    entity's label only when it is the batch's first for it and ``labelled`` (the N-Triples form
    of a node -> whether the store names it already) says the store has none. ``language``:
    the labels' language tag (the domain's ``[domain] language``; None: plain strings)."""
    lines = _BatchLines(run, labelled, language)
    for item in items:
        lines.add(item)
    return BatchText(
        _document(lines.knowledge), _document(lines.records), len(lines.knowledge) + len(lines.records), tuple(lines.labels),
        tuple(lines.aliases),
    )


def _document(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""


def parse_nquads(text: str) -> list[ox.Quad]:
    """N-Quads text (as written here) as pyoxigraph quads."""
    return list(ox.parse(text, format=ox.RdfFormat.N_QUADS))


def source_quads(
    s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: object, source: ox.NamedNode
) -> tuple[ox.Quad, ...]:
    """Provenance of a triple loaded from a file: its statement node points at the source."""
    stmt = statement_node(s, p, o)
    g = PROVENANCE
    return (
        ox.Quad(stmt, _TYPE, _STATEMENT, g),
        ox.Quad(stmt, _SUBJ, s, g),
        ox.Quad(stmt, _PRED, p, g),
        ox.Quad(stmt, _OBJ, o, g),  # type: ignore[arg-type]
        ox.Quad(stmt, _DERIVED, source, g),
    )
