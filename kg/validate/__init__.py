"""Validation: judge every candidate triple against a domain's ontology, shapes and reference.

``Validator(domain, store).validate(candidates)`` returns one :class:`~kg.records.Verdict` per
candidate, in order. A rejection carries machine-readable reasons
(``Reason(check, message, focus_node, shape)``). The checks, in the order they run:

====================  ===========================================================================
check                 what it rejects
====================  ===========================================================================
``unknown-predicate`` a predicate the domain does not define
``unknown-class``     ``rdf:type`` with a class the ontology does not define
``entity-expected``   a literal where the relation needs an entity (and ``literal-expected``)
``datatype``          a literal that is not a value of the relation's datatype ("about 2 million")
``value``             a value outside the datatype's range (a negative population)
``domain`` / ``range``  a subject / object whose known type is disjoint with what the relation needs
``disjoint-class``    ``rdf:type`` with a class disjoint with the entity's known type
``self-loop``         ``x p x`` where ``p``'s domain and range are disjoint (``x xAttr x``: an event
                      and an attribute at once), or two classes neither under the other and ``p``
                      is not reflexive (``Indo-European languageFamily Indo-European``), or any
                      ``x p x`` of a ``p`` not declared ``owl:ReflexiveProperty`` (``Zeus parent Zeus``),
                      unless a trusted row says it or the reference graph holds it (``photon
                      antiparticle photon``); a teacher's of a symmetric ``p`` that is not
                      irreflexive, asymmetric or transitive is held for review (``needs_review``)
``irreflexive``       ``x borders x``
``asymmetric``        ``a isBefore b`` when ``b isBefore a`` (or ``a isAfter b``) is known
``disjoint-property`` ``a Desires b`` when ``a NotDesires b`` is known
``cardinality``       a second value of a functional property (a second capital of a country)
``reference``         a fact the domain's trusted reference graph contradicts
``shacl``             any violation of the domain's SHACL shapes (pySHACL's results)
====================  ===========================================================================

Typing: candidates rarely carry ``rdf:type``. An entity's known types come from the store
(``rdf:type`` in ``accepted``/``inferred``, and the domains / ranges of relations it already
takes part in), from the reference graph, and from earlier candidates of the same batch; a
candidate implies the relation's domain for its subject and range for its object.

Within a batch, candidates are judged as if written one after another: when two candidates
conflict (two capitals for one country, two disjoint types for one entity), the earlier one
wins and the later one is rejected with a reason naming the conflict. One conflict is not decided by
order: an entity of no known class (none in the store or the reference graph) whose candidates
imply disjoint classes through their relations' domains and ranges ("JOIDES Resolution" answered
of currentSpeed, an ocean current's, and of operator, flag and launch year, a research
vessel's). The class implied by more distinct relations than all the classes disjoint with it
together wins, and the candidates implying the others are held for review (a ``domain`` /
``range`` reason with ``needs_review``); with no such class, every candidate implying a class in
conflict is held. Otherwise the first answer would type the head, and every later right one would
be rejected. ``Validator.typed_by_answers`` names the entities the batch's answers typed, for the
run's report.

A row the user trusts (``kg ingest --trusted``, ``Validator.trusted``) is not turned away by a
class the store only infers from the relation of an accepted fact that teachers' answers alone
support ("Nebra sky disc locatedInCountry Germany" made the disc a site): it goes in, and
``Validator.overruled`` names that fact, for the run's report to send to review. An asserted
``rdf:type``, the reference graph's class and a class an earlier file's row implied still
turn it away.

Typing by form (a domain whose ontology annotates classes with ``kg:phraseForm``, such as
``commonsense``): free phrases are typed by their wording, not by the first relation that uses
them, which would make verdicts depend on the order in which candidates arrive ("happy" first
seen as an xReact tail would turn away a later xWant "happy", and the other way round). An
entity's known types are then its form's class (:func:`kg.forms.phrase_form` of its label:
"to eat" an event, "happy" a characteristic; a noun phrase gets none), ``rdf:type`` asserted in
the store's ``accepted`` graph (``inferred`` only holds the domains and ranges of earlier
facts), the reference graph's, and the ``rdf:type`` candidates of the batch (two disjoint ones
reject each other). The relations an entity takes part in, in the store or the batch, type
nothing, so two uses of an uncertain phrase never clash (the critic judges them). The batch is
decided in the order of its triples, not of its candidates, so its verdicts do not depend on
that order either (of two candidates in conflict, ``a isBefore b`` and ``b isBefore a``, the one
whose triple sorts first wins).

Incremental: the cost of a batch does not grow with the store. The store is only asked
point questions about the batch's own entities: two SPARQL queries per batch learn which
predicates each entity takes part in (each way), which answers most questions without a
lookup; the rest are pattern lookups with a bound subject or object (pyoxigraph directly on an
embedded store). The SHACL shapes run once per batch on the batch, the inferred types of its
entities and the part of the store the shapes' counting constraints need (the store's values
along a ``sh:maxCount``-style path, at a node where the batch adds an edge along that path).
Only the batch's entities are typed, so only they are focus nodes; existing store triples that
violate a shape are not blamed on the batch. The shapes run on :mod:`kg.shacl`, a compiled
SHACL Core engine with pySHACL's results (``shacl_engine="pyshacl"`` runs pySHACL itself;
shapes outside the compiled engine's subset run on pySHACL, ``Validator.shacl_fallback`` says
why).

Confidence: 1.0 for a clean candidate; ``unknown_confidence`` (0.7) for a factual claim the
domain's reference graph can check but knows nothing about.

Where it lives: ``validator`` (the driver, and the index kept across batches) runs ``terms``
(the checks of a candidate on its own), ``reference`` (the reference graph), ``batch`` (types,
property axioms and cardinality within a batch and against the store, read through ``view``),
and ``shapes`` (SHACL); ``report`` writes verdicts as a SHACL report graph; ``common`` holds
what they share.
"""

from __future__ import annotations

from kg.validate.common import CHECKS
from kg.validate.report import KG_CHECK, report_graph
from kg.validate.validator import SHACL_ENGINES, Validator

__all__ = ["CHECKS", "KG_CHECK", "SHACL_ENGINES", "Validator", "report_graph"]
