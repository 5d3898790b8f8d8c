"""A food's figure as a chat answer gives it: in kcal, kJ or MJ, of a serving or per 100 g, beside another, after
a sentence; and a maximum given "up to" it. The counterexamples are other fields' relations, which keep their reading."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal

from extractors.ranges import read_value
from kg.ontology import Domain
from kg.units import UNITS, convert, unit_in, unit_named
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("energyKcal", "decimal", "energy per 100 g (kcal)", "kcal"), ("energyKJ", "decimal", "energy per 100 g (kJ)", "kJ"),
    ("energyBare", "decimal", "energy per 100 g (kcal)", None), ("potassium", "decimal", "potassium per 100 g (mg)", "mg"),
    ("protein", "decimal", "protein per 100 g (g)", "g"), ("glycemicIndex", "integer", "glycemic index", None),
    ("maxHeight", "decimal", "maximum height (m)", "m"), ("height", "decimal", "height (m)", "m"),
    ("adultMass", "decimal", "adult mass (kg)", "kg"), ("dose", "decimal", "usual dose (mg)", "mg"),
    ("members", "integer", "number of members", None), ("bestPosition", "integer", "highest chart position", None),
    ("lowestDepth", "decimal", "minimum depth (m)", "m"), ("blastEnergy", "decimal", "blast energy (kJ)", "kJ"),
)


@pytest.fixture(scope="module")
def foods(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a food's figures per 100 g (a test double of a nutrition domain, its energy in kcal
    and in kJ) and other fields' measured quantities (a plant's, a tree's, an animal's, a drug's, a band's)."""
    return measured_domain(tmp_path_factory, _RELATIONS)


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("energyKcal", "1 cup chopped carrots ≈ 52 kcal", "object is per serving, not per 100 g"),
    ("energyKcal", "A medium avocado (200 g) has about 322 calories.", "object is per serving, not per 100 g"),
    ("energyKcal", "1 medium apple (182 g) has about 95 calories", "object is per serving, not per 100 g"),
    ("energyKcal", "1 avocado ≈ 322 kcal", "object is per serving, not per 100 g"),
    ("energyKcal", "Approximately 89 calories in a medium banana (118 g).", "object is per serving, not per 100 g"),
    ("energyBare", "1 avocado ≈ 322 kcal", "object is per serving, not per 100 g"),
    ("protein", "About 6 g per large egg", "object is per serving, not per 100 g"),
    ("energyKcal", "About 52 kcal (218 kJ) per 100 g.", "52"), ("energyKcal", "116 kcal per 100 g cooked", "116"),
    ("protein", "3.4 g per 100 ml", "3.4"), ("energyKcal", "52 calories", "52"),
    # other fields: no relation per 100 g, so a count or a size before the figure is no serving
    ("adultMass", "A large male weighs about 180 kg", "180"), ("height", "A medium-sized tree of about 12 m", "12"),
    ("dose", "500 mg per tablet", "500"),
])
def test_a_servings_figure_is_no_value_per_100_g(foods: Domain, relation: str, written: str, read: str) -> None:
    """'1 cup chopped carrots ≈ 52 kcal' of an energy per 100 g was stored as 1, 'A medium avocado (200 g) has about
    322 calories' as 200 and '89 calories in a medium banana' as 89 (the nutritionist's audit): the serving's count or
    weight was read as the value, or the serving's energy as the 100 g's. A figure of a serving (a count of one or a
    size opening the answer, 'in a ...', 'per mango') is no value of a relation per 100 g: quarantined, with why."""
    assert chat_values(foods, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("potassium", "About 564 mg per mango (168 mg per 100 g)", "168"),
    ("protein", "About 6 g per large egg (12.6 g per 100 g)", "12.6"),
])
def test_the_figure_per_100_g_beside_a_servings_is_read(foods: Domain, relation: str, written: str, read: str) -> None:
    """'About 564 mg per mango (168 mg per 100 g)' of a potassium per 100 g was stored as 564 (the audit): the
    figure whose basis is the relation's, per 100 g, is read; the serving's is its gloss."""
    assert chat_values(foods, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("energyKJ", "60 kcal (250 kJ)", "250"), ("energyKJ", "567 kcal (2,372 kJ)", "2372"), ("energyKcal", "218 kJ (52 kcal)", "52"),
    ("energyKJ", "About 0.26 MJ", "260"), ("energyKJ", "130 kcal", "543.92"), ("energyKJ", "389 kcal / 1,628 kJ", "1628"),
    ("energyKJ", "52 calories", "object is in calorie, not the kJ energyKJ is in"),  # a food's kcal or a chemist's cal
    ("blastEnergy", "52 calories", "object is in calorie, not the kJ blastEnergy is in"),
    ("blastEnergy", "4 MJ", "4000"),
])
def test_food_energy_is_read_in_kcal_kj_and_mj(foods: Domain, relation: str, written: str, read: str) -> None:
    """kg.units knew no unit of food energy: a relation could declare no unit = "kcal" (refused) and '567 kcal (2,372
    kJ)' of an energy in kJ was stored as 567. kcal (4.184 kJ), kJ, MJ and J are units of energy; "calories" are kcal
    only of a relation in kcal (a food label's Calorie), else no one unit, refused."""
    assert chat_values(foods, relation, written) == [read]


def test_a_trusted_row_in_kcal_of_a_relation_in_kj_is_converted(foods: Domain) -> None:
    """A file's row 'white rice energyKJ 130 kcal' is read as 543.92 kJ, never as 130 kJ; IU stays no unit."""
    assert read_value(foods.relations["energyKJ"], "130 kcal") == Literal("543.92", datatype=foods.relations["energyKJ"].datatype)
    assert unit_named("kcal") is UNITS["kcal"] and unit_named("kilojoules") is UNITS["kJ"] and unit_named("IU") is None
    assert convert(Decimal(1), UNITS["kcal"], UNITS["kJ"]) == Decimal("4.184")
    assert unit_in("Cal Poly was founded in 1901") is None and unit_in("52 Cal") is UNITS["kcal"]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("energyBare", "155 kcal (hard-boiled); 143 kcal raw", "object is several values, not one"),
    ("energyBare", "42 kcal (skim); 61 kcal (whole milk)", "object is several values, not one"),
])
def test_figures_each_of_a_preparation_are_several_values(foods: Domain, relation: str, written: str, read: str) -> None:
    """'155 kcal (hard-boiled); 143 kcal raw' of an energy per 100 g (kcal) was stored as 155: the 'kcal' after each
    figure was read as a label naming the relation, so the first part was taken. kcal is a unit, no label."""
    assert chat_values(foods, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("maxHeight", "Up to 40 m (130 ft)", "40"), ("maxHeight", "Up to 130 ft", "39.624"),
    ("maxHeight", "Typically 2–4.5 m in cultivation, up to about 10 m in the wild.", "10"),
    ("maxHeight", "Over 40 m", "object is a bound, not one value"), ("maxHeight", "40 m+", "object is a bound, not one value"),
    ("maxHeight", "up to 40–50 m", "object is a range, not one value"),
    ("maxHeight", "Typically 2–4.5 m, up to 10 m or more", "object is a bound, not one value"),
    ("height", "Up to 40 m", "object is a bound, not one value"), ("lowestDepth", "Up to 40 m", "object is a bound, not one value"),
    ("members", "Up to 40", "object is a bound, not one value"), ("bestPosition", "Up to 3", "object is a bound, not one value"), ("height", "Typically 2–4.5 m, up to 10 m", "object is a range, not one value"),
])
def test_up_to_a_figure_is_a_maximums_value(foods: Domain, relation: str, written: str, read: str) -> None:
    """'Up to 40 m (130 ft)' of a plant's maximum height (m) was quarantined as 'a bound, not one value' (the
    botanist's audit): a maximum's value is what a thing grows up to. Of a relation that names a maximum (max,
    maximum, greatest, highest, tallest, longest; no rank), 'up to X' is X, and so is the one part given 'up to'
    beside typical ones; 'over 40 m' stays a bound, and so does 'up to' of a height, a minimum or a count."""
    assert chat_values(foods, relation, written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("glycemicIndex", "Spinach has a negligible glycemic index (~15).", "15"),
    ("glycemicIndex", "Glycemic index not established (~15)", "object not a valid integer"),
    ("glycemicIndex", "Spinach has a negligible glycemic index (~15 in some tables)", "object not a valid integer"),
])
def test_a_figure_after_a_sentence_naming_the_relation_is_read(foods: Domain, relation: str, written: str, read: str) -> None:
    """'Spinach has a negligible glycemic index (~15).' was quarantined as 'not a valid integer' quoting the sentence
    without its figure: the sentence names the relation and its bracket gives the figure alone, hedged, which is read
    as a hedged figure is ('about 15' is 15); a sentence that says none (not, unknown) or a gloss that says more is not."""
    assert chat_values(foods, relation, written) == [read]


def test_an_unreadable_answers_reason_quotes_its_gloss(foods: Domain) -> None:
    """The reason quoted the answer without its bracket ('Spinach has a negligible glycemic index' of '... (low)'),
    hiding what the user needs to see: it quotes the gloss too."""
    from kg.prompts import Prompt
    from kg.records import Completion, Unreadable
    from extractors import Extractor

    prompt = Prompt.make("p", "list", head="spinach", relation="glycemicIndex")
    text = "Spinach has a negligible glycemic index (low)."
    out = Extractor(foods).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    assert [r.reason for r in out if isinstance(r, Unreadable)] == [
        "object not a valid integer: 'Spinach has a negligible glycemic index (low)'"]
