"""A known entity written otherwise in a chat answer: a firm with a partner's tail ("Eli Lilly and
Company"), read in a clinical researcher's domain with a store that knows some of the names, and
checked against names of other fields that must stay whole."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal

from extractors import Extractor
from kg.ontology import Domain, entity_namespace
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from kg.store import init_store


def _known(domain: Domain, tmp_path, names: dict[str, str]) -> Extractor:
    """An extractor over a store that holds each name (label: class's local name) as an entity of its class."""
    store = init_store(tmp_path / "s")
    ns, classes = entity_namespace(domain), {c.rsplit("#", 1)[-1]: c for c in domain.index.classes}
    iri = {n: ns[n.lower().replace(" ", "_")] for n in names}
    store.add_triples([t for n, cls in names.items() for t in ((iri[n], RDFS.label, Literal(n)), (iri[n], RDF.type, classes[cls]))],
                      graph="accepted")
    return Extractor(domain, store)


def _labels(extractor: Extractor, head: str, relation: str, text: str) -> list[str]:
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [str(r.object_label or r.object) for r in out if isinstance(r, Candidate)]


def test_a_known_firm_with_a_partners_tail_is_that_firm(clinicaltrials, tmp_path) -> None:
    """'Eli Lilly and Company' as tirzepatide's developer made a firm beside the known Eli Lilly."""
    extractor = _known(clinicaltrials, tmp_path, {"Eli Lilly": "Organization", "Novo Nordisk": "Organization"})
    assert _labels(extractor, "tirzepatide", "developedBy", "1. Eli Lilly and Company") == ["Eli Lilly"]
    assert _labels(extractor, "semaglutide", "developedBy", "1. Novo Nordisk & Co.") == ["Novo Nordisk"]


def test_a_partners_tail_stays_part_of_another_name(clinicaltrials, tmp_path) -> None:
    """Counterexamples: a bookshop after a stored one-word name (an earlier wrong reading), one word
    naming two firms (Merck & Co. is no Merck KGaA), a name of two partners, a firm no one knows,
    and a known name of another class than the range's (a drug's)."""
    extractor = _known(clinicaltrials, tmp_path, {"Shakespeare": "Organization", "Merck": "Organization", "Johnson": "Organization",
                                                  "Insulin Glargine": "Drug"})
    answer = "1. Shakespeare and Company\n2. Merck & Co.\n3. Johnson & Johnson\n4. Acme Pharma and Company\n5. Insulin Glargine and Company"
    assert _labels(extractor, "tirzepatide", "developedBy", answer) == [
        "Shakespeare and Company", "Merck & Co.", "Johnson & Johnson", "Acme Pharma and Company", "Insulin Glargine and Company"]
