"""A known entity written otherwise in a chat answer: a firm with a partner's tail ("Eli Lilly and
Company"), a drug by another name with its known development code in brackets ("ChAdOx1 nCoV-19
(AZD1222)"), read in a clinical researcher's domain with a store that knows some of the names, and
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


def _named(extractor: Extractor, head: str, relation: str, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(label, aliases) of each candidate of a chat model's list answer."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    labels = [r.object_label for r in out if isinstance(r, Candidate)]
    return [(str(label), tuple(filter(None, (getattr(label, "written", None), *getattr(label, "also", ()))))) for label in labels]


def test_a_known_development_code_in_brackets_is_the_entity(clinicaltrials, tmp_path) -> None:
    """'ChAdOx1 nCoV-19 (AZD1222)' as a trial's intervention, AZD1222 a known drug, made a drug
    'ChAdOx1 nCoV-19 (AZD1222)': the code was kept as a model's, part of the name."""
    extractor = _known(clinicaltrials, tmp_path, {"AZD1222": "Drug", "BNT162b2": "Drug"})
    answer = "1. ChAdOx1 nCoV-19 (AZD1222)\n2. Comirnaty (BNT162b2)"
    assert _named(extractor, "NCT04516746", "testsIntervention", answer) == [("AZD1222", ("ChAdOx1 nCoV-19",)), ("BNT162b2", ("Comirnaty",))]


def test_a_bracket_that_says_which_stays_no_alias(clinicaltrials, tmp_path) -> None:
    """Counterexamples: a region, a kind word, a hull number, a generation's or a disease's short code,
    a phrase before the code, a code of another class than the range's: the known name is not taken."""
    extractor = _known(clinicaltrials, tmp_path, {"Texas": "Organization", "AZD1222": "Drug", "CVN-65": "Drug", "G20": "Drug",
                                                  "COVID-19": "Condition", "NCT04368728": "ClinicalTrial"})
    answer = ("1. Paris (Texas)\n2. Georgia (country)\n3. Mercury (planet)\n4. USS Enterprise (CVN-65)\n5. BMW 3 Series (G20)\n"
              "6. Booster dose (AZD1222)\n7. Trial drug (NCT04368728)")
    assert [label for label, _ in _named(extractor, "NCT04516746", "testsIntervention", answer)] == [
        "Paris", "Georgia", "Mercury", "USS Enterprise (CVN-65)", "BMW 3 Series (G20)", "Booster dose (AZD1222)", "Trial drug"]
    assert _named(extractor, "NCT04516746", "studiesCondition", "1. Pneumonia (COVID-19)") == [("Pneumonia", ())]
    assert _named(extractor, "NCT04516746", "sponsoredBy", "1. Paris (Texas)") == [("Paris", ())]


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
