"""A known entity written otherwise in a chat answer: a firm with a partner's tail ("Eli Lilly and
Company"), a drug by another name with its known development code in brackets ("ChAdOx1 nCoV-19
(AZD1222)"), an element by its symbol ("Pb" of lead), read in a clinical researcher's domain with a store that knows some of the names, and
checked against names of other fields that must stay whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from extractors import Extractor
from kg.ontology import Domain, entity_namespace, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from kg.store import init_store


def _known(domain: Domain, tmp_path, names: dict[str, str], more: tuple = ()) -> Extractor:
    """An extractor over a store that holds each name (label: class's local name) as an entity of
    its class, and the triples ``more``."""
    store = init_store(tmp_path / "s")
    ns, classes = entity_namespace(domain), {c.rsplit("#", 1)[-1]: c for c in domain.index.classes}
    iri = {n: ns[n.lower().replace(" ", "_")] for n in names}
    store.add_triples([t for n, cls in names.items() for t in ((iri[n], RDFS.label, Literal(n)), (iri[n], RDF.type, classes[cls]))]
                      + list(more), graph="accepted")
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


_SYMBOLS = """
res:lead phys:symbol "Pb" .
res:iron a phys:Element ; rdfs:label "iron" ; phys:symbol "Fe" .
res:helium a phys:Element ; rdfs:label "helium" ; phys:symbol "He" .
res:indium a phys:Element ; rdfs:label "indium" ; phys:symbol "In" .
res:arsenic a phys:Element ; rdfs:label "arsenic" ; phys:symbol "As" .
"""


@pytest.fixture(scope="module")
def elements(tmp_path_factory) -> Domain:
    """The physicist's domain (tests/extractors/corpus/physics), its reference giving elements their symbols."""
    folder = tmp_path_factory.mktemp("physics") / "domain"
    shutil.copytree(Path(__file__).parent / "corpus" / "physics" / "domain", folder)
    with (folder / "reference.ttl").open("a", encoding="utf-8") as f:
        f.write(_SYMBOLS)
    return load_domain(folder)


def test_an_elements_symbol_is_the_known_element(elements) -> None:
    """An isotope's element written 'Pb' made an element 'Pb' beside the reference's lead, whose symbol it is."""
    extractor = Extractor(elements)
    assert _labels(extractor, "lead-206", "isotopeOf", "Pb") == ["lead"]
    assert _labels(extractor, "iron-56", "isotopeOf", "Fe") == ["iron"]
    assert _labels(extractor, "helium-4", "isotopeOf", "He") == ["helium"]


def test_an_elements_symbol_the_store_holds_is_that_element(elements, tmp_path) -> None:
    symbol = (entity_namespace(elements)["tin"], URIRef("http://example.org/phys#symbol"), Literal("Sn"))
    extractor = _known(elements, tmp_path, {"tin": "Element"}, (symbol,))
    assert _labels(extractor, "tin-120", "isotopeOf", "Sn") == ["tin"]


def test_a_symbols_letters_are_no_element_of_another_relation(elements) -> None:
    """Counterexamples: 'He', 'In', 'As' are words, a name, a particle's answer, outside a range of elements."""
    extractor = Extractor(elements)
    assert "helium" not in _labels(extractor, "neutron", "discoveredBy", "He")
    assert _labels(extractor, "muon", "decaysTo", "1. In\n2. As\n3. Pb") == ["In", "As", "Pb"]
