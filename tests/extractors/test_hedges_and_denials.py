"""Hedges, denials and sentences that name no answer in a chat model's answers of the audits'
fields (archaeology, botany, nutrition), each beside answers of other fields a too-wide rule
would take (geography, medicine)."""

from __future__ import annotations

from extractors import Extractor
from kg.ontology import Domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def _read(domain: Domain, head: str, relation: str, text: str) -> tuple[list[str], list[str]]:
    """(the candidates' labels, the unreadable records' reasons) of one chat answer."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [str(r.object_label or r.object) for r in out if isinstance(r, Candidate)], [r.reason for r in out if isinstance(r, Unreadable)]


def test_a_sentence_denying_the_relations_own_verb_is_a_none_answer(archaeology, geo) -> None:
    """"It was found by treasure hunters (illegally), not excavated." of who excavated the Nebra
    sky disc gave "treasure hunters": the answer says no one excavated it."""
    assert _read(archaeology, "Nebra sky disc", "excavatedBy", "It was found by treasure hunters (illegally), not excavated.") == ([], [])
    assert _read(archaeology, "Nebra sky disc", "excavatedBy", "It was never excavated.") == ([], [])
    labels, _ = _read(archaeology, "Troy", "excavatedBy", "Heinrich Schliemann, not by Frank Calvert")
    assert "Heinrich Schliemann" in labels  # "not by ..." denies another answer, not the verb
    assert _read(geo, "France", "borders", "France borders Spain. It does not border Portugal.")[0] == ["Spain"]  # an object after it


def test_a_leading_possibly_or_probably_is_a_hedge(archaeology) -> None:
    """"possibly the National Archaeological Museum, Athens" gave "National Archaeological Museum"
    (the hedge dropped, the city cut off): a hedged answer, held for review."""
    for hedge in ("possibly", "Probably", "perhaps", "likely"):
        labels, reasons = _read(archaeology, "Antikythera mechanism", "heldBy", f"{hedge} the National Archaeological Museum, Athens")
        assert labels == [] and reasons[0].startswith(f"hedged answer ('{hedge.casefold()}')")
    labels, reasons = _read(archaeology, "Antikythera mechanism", "heldBy", "National Archaeological Museum, Athens")
    assert labels and labels[0].startswith("National Archaeological Museum") and reasons == []  # no hedge: read as before


def test_a_list_item_glossed_disputed_is_hedged(archaeology, geo) -> None:
    """"Troy culture; Luwian (disputed)" gave Luwian as a firm culture of Troy; a place that is
    itself disputed (``Kashmir (disputed)``) and a gloss naming a kind stay answers."""
    labels, reasons = _read(archaeology, "Troy", "hasCulture", "Troy culture; Luwian (disputed)")
    assert labels == ["Troy culture"] and reasons[0].startswith("hedged answer ('disputed')")
    labels, reasons = _read(archaeology, "Lascaux", "hasCulture", "Magdalenian (earlier attributed to the Solutrean; disputed)")
    assert labels == [] and reasons[0].startswith("hedged answer ('disputed')")
    assert "Kashmir" in _read(geo, "India", "borders", "- Pakistan\n- Kashmir (disputed)")[0]  # a place (test_volcanology_answers too)
    assert _read(geo, "Morocco", "borders", "- Algeria\n- Western Sahara (disputed territory)")[0] == ["Algeria", "Western Sahara"]


def test_a_reflexive_pronoun_is_no_name(archaeology) -> None:
    """"Skara Brae is itself a site." of where it was found gave the site "itself"."""
    assert _read(archaeology, "Skara Brae", "foundAt", "Skara Brae is itself a site.") == ([], [])


def test_a_clause_on_another_subject_is_no_answer_of_the_head(botany) -> None:
    """"Malus domestica itself is a cultivated hybrid; its main wild ancestor, *Malus sieversii*, is
    native to Central Asia" gave the region "cultivated hybrid": the place is the ancestor's."""
    text = "Malus domestica itself is a cultivated hybrid; its main wild ancestor, *Malus sieversii*, is native to Central Asia (Kazakhstan, Kyrgyzstan)."
    labels, reasons = _read(botany, "Malus domestica", "nativeTo", text)
    assert labels == [] and reasons[0].startswith("the answer speaks of another subject ('its main wild ancestor')")
    assert _read(botany, "Malus sieversii", "nativeTo", "Central Asia (Kazakhstan, Kyrgyzstan)")[0] == ["Central Asia"]


def test_as_a_noun_is_a_role_and_none_in_use_a_none_answer(botany) -> None:
    """"Widely planted as a street tree worldwide" gave the region "street tree"; "None widely
    used" of a synonym was the literal "None widely used"."""
    labels, reasons = _read(botany, "Platanus × acerifolia", "introducedTo", "Widely planted as a street tree worldwide")
    assert labels == [] and reasons[0].startswith("a role ('as a street tree')")
    for none in ("None widely used", "None in common use", "None known", "None"):
        assert _read(botany, "Digitalis purpurea", "synonym", none) == ([], [])


def test_a_gloss_of_cross_contamination_is_a_hedge(nutrition, medicine) -> None:
    """"1. Gluten (through cross-contamination)" of the allergens oats contain was a firm allergen;
    a gloss of how often (``(rare)``) is no hedge: a rare side effect is a side effect."""
    labels, reasons = _read(nutrition, "oats", "containsAllergen", "1. Gluten (through cross-contamination)")
    assert labels == [] and reasons[0].startswith("hedged answer ('through cross-contamination')")
    assert _read(nutrition, "wheat", "containsAllergen", "1. Gluten")[0] == ["Gluten"]
    assert "Stevens-Johnson syndrome" in _read(medicine, "Ibuprofen", "sideEffect", "- Nausea\n- Stevens-Johnson syndrome (rare)")[0]


def test_not_sure_but_a_figure_is_hedged(nutrition) -> None:
    """"I'm not sure of the exact figure, but roughly 34 kcal." was filed as a none answer though
    it gives a figure: it is a hedged answer (as freetext's "I'm not sure, but ..." is); a bare
    "I'm not sure." stays a none answer, and "roughly 34 kcal" the figure."""
    labels, reasons = _read(nutrition, "broccoli", "energyKcal", "I'm not sure of the exact figure, but roughly 34 kcal.")
    assert labels == [] and reasons[0].startswith("hedged answer (\"i'm not sure\")")
    assert _read(nutrition, "broccoli", "energyKcal", "I'm not sure.") == ([], [])
    assert _read(nutrition, "broccoli", "energyKcal", "roughly 34 kcal")[0] == ["34"]


def test_an_item_its_gloss_says_does_without_the_relation_is_no_answer(botany, geo) -> None:
    """"Mostly apomictic (sets seed without pollination), but visited by bees and hoverflies" of a
    plant's pollinators gave the pollinator "apomictic": its gloss says no pollinator (what visits
    it is no pollinator of the answer's words, and stays unread); "without" a word of no relation's
    is a gloss like any other."""
    text = "Mostly apomictic (sets seed without pollination), but visited by bees and hoverflies"
    assert "apomictic" not in _read(botany, "Taraxacum officinale", "pollinatedBy", text)[0]
    assert "Spain" in _read(geo, "Morocco", "borders", "- Algeria\n- Spain (via Ceuta, without Gibraltar)")[0]
    assert "France" in _read(geo, "Germany", "borders", "- Austria\n- France (without border controls)")[0]
