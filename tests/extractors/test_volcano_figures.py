"""Figures, dates and units of a volcanologist's answers (found by the volcanology user's audit):
masses in megatonnes and teragrams, lengths in hectometres, volumes in km³ and cubic miles, years
before present, a day AD, a year that names an eruption beside the figure, and no deaths as a
death toll of 0; each rule beside answers of other fields that it must leave as they were."""

from __future__ import annotations

from pathlib import Path

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import build_prompts
from kg.records import Completion
from kg.scaffold import scaffold_domain

VOLCANOLOGY = Path(__file__).parent / "corpus" / "volcanology" / "domain"


def _things(tmp_path: Path, relations: dict[str, tuple[str, str | None]]) -> Domain:
    """A domain of things whose data relations (name → (XSD datatype, unit or None)) have one value each."""
    domain = tmp_path / "things"
    domain.mkdir()
    (domain / "ontology.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix th: <https://example.org/things#> .\n"
        "th:Thing a owl:Class .\n" + "".join(
            f"th:{name} a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain th:Thing ; rdfs:range xsd:{datatype} .\n"
            for name, (datatype, _) in relations.items()), encoding="utf-8")
    (domain / "shapes.ttl").write_text("", encoding="utf-8")
    (domain / "relations.toml").write_text(
        '[domain]\nname = "things"\nprefix = "th"\nnamespace = "https://example.org/things#"\n' + "".join(
            f'\n[relations.{name}]\nprompt = "What is the {name} of {{head}}?"\nverbalization = "{{head}} {name} {{tail}}"\n'
            + (f'unit = "{unit}"\n' if unit else "") for name, (_, unit) in relations.items()), encoding="utf-8")
    return load_domain(domain)


def _measured(tmp_path: Path, units: dict[str, str]) -> Domain:
    """A domain of things whose decimal relations declare ``units`` (relation name → unit)."""
    return _things(tmp_path, {name: ("decimal", unit) for name, unit in units.items()})


def _answers(domain: Domain, relation: str, *answers: str, head: str = "X") -> list[str]:
    """How a chat answer of ``relation`` is read: its value, or why it is unreadable."""
    prompt = build_prompts(domain, [head], kind="list", shots=0, relations=[relation])[0]
    extractor = Extractor(domain)
    return [str(read.object if hasattr(read, "object") else getattr(read, "reason", None))  # a Literal 0 is falsy
            for answer in answers for read in extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", answer), prompt)]


def test_a_mass_in_megatonnes_kilotonnes_teragrams_or_gigagrams_is_converted_and_megatons_refused(tmp_path) -> None:
    """With ``unit = "t"``, "about 60 megatonnes", "about 17 teragrams" and "60 gigagrams" were 60, 17 and 60 t, and
    "60,000 kt" was refused as in knots: Mt, kt, Gt, Tg and Gg are metric masses; "megatons" and "kilotons" may be
    short, long or metric tons, or a TNT equivalent, and are refused as bare "tons" are."""
    domain = _measured(tmp_path, {"so2Mass": "t", "payload": "kg", "speed": "kn", "height": "m"})
    assert _answers(domain, "so2Mass", "about 60 megatonnes", "about 17 teragrams", "60 gigagrams", "60,000 kt", "17 Tg", "17 Mt",
                    "1.2 Gt", "20 kilotonnes") == ["60000000", "17000000", "60000", "60000000", "17000000", "17000000", "1200000000",
                                                   "20000"]
    for written in ("60 kilotons", "60 megatons"):
        [why] = _answers(domain, "so2Mass", written)
        assert "short, long or metric tons or of TNT" in why and "not the t so2Mass is in" in why, why
    [tons] = _answers(domain, "so2Mass", "52,310 tons")  # bare tons: as before
    assert "in tons, short, long or metric (not said which)" in tons
    assert _answers(domain, "speed", "30 kt", "30 knots") == ["30", "30"]  # of a speed, kt is still knots
    assert _answers(domain, "payload", "3 t") == ["3000"]
    assert _answers(domain, "height", "Mt Fuji is 3,776 m high.", "3,776 m (Mt Fuji)") == ["3776", "3776"]  # Mt: a mountain, no megatonne


def test_a_length_in_hectometres_or_dekametres_is_converted_and_leagues_refused(tmp_path) -> None:
    """With ``unit = "km"``, "6 hectometres" and "6 leagues" were 6 km, "600 dekametres" 600 km: a hectometre is
    100 m, a dekametre 10 m; a league (3 miles, 4 km or 5.6 km by country and age) is no unit kg reads."""
    domain = _measured(tmp_path, {"calderaDiameter": "km", "depth": "m"})
    assert _answers(domain, "calderaDiameter", "6 hectometres", "600 dekametres", "600 decametres", "6 hm") == ["0.6", "6", "6", "0.6"]
    assert _answers(domain, "calderaDiameter", "6 leagues") == [
        "object is in 'leagues', no unit kg reads, not the km calderaDiameter is in: '6 leagues'"]
    assert _answers(domain, "depth", "20,000 fathoms") == ["36576"]  # a fathom is six feet (international: 1.8288 m)
    assert _answers(domain, "calderaDiameter", "7 km", "Twenty Thousand Leagues Under the Sea is 7 km long") == ["7", "7"]


def test_a_volume_in_cubic_kilometres_metres_or_miles_is_converted(tmp_path) -> None:
    """No unit of volume could be declared: "36 cubic miles" of a tephra volume was 36 (km³, the label's unit, was
    unknown); km³, m³, mi³ and litres are units of volume, converted."""
    domain = _measured(tmp_path, {"tephraVolume": "km³", "reservoir": "m³", "tank": "L", "length": "m", "flow": "m³/s"})
    assert _answers(domain, "tephraVolume", "36 cubic miles", "about 150 km³", "150 cubic kilometres", "150 km3", "1.5e11 m³",
                    "150 km^3") == ["150.055", "150", "150", "150", "150", "150"]
    assert _answers(domain, "reservoir", "2.5 million m³", "2,500 cubic metres", "1,000 L") == ["2500000", "2500", "1"]
    assert _answers(domain, "tank", "50 litres", "2 m³") == ["50", "2000"]
    [area] = _answers(domain, "tephraVolume", "150 km²")
    assert "not the km³ tephraVolume is in" in area
    assert _answers(domain, "length", "The BMW M3 is 4.7 m long.") == ["4.7"]  # M3: a car, no cubic metres
    assert _answers(domain, "flow", "500 m³/s") == ["500"]  # a flow, as before


def test_a_label_in_cubic_kilometres_declares_it(tmp_path) -> None:
    """`kg domain new` noted "erupted tephra volume (km³)" as a unit it does not know and left "(km³)" in the prompt."""
    path = tmp_path / "volc.ttl"
    path.write_text("""
        @prefix v: <https://example.org/volc#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        v:Eruption a owl:Class .
        v:tephraVolume a owl:DatatypeProperty ; rdfs:label "erupted tephra volume (km³)" ; rdfs:domain v:Eruption ; rdfs:range xsd:decimal .
    """, encoding="utf-8")
    made = scaffold_domain(path, tmp_path / "volc")
    volume = load_domain(tmp_path / "volc").relations["tephraVolume"]
    assert volume.unit is not None and volume.unit.name == "km³"
    assert not [note for note in made.notes if "km³" in note]
    assert volume.prompt_for("Tambora") == 'What completes "Tambora erupted tephra volume ___"? Answer with one item: a number in km³.'


def test_a_day_with_its_era_ad_is_a_day() -> None:
    """"24 August 79 AD" of an eruption's start date was refused as 'a year, not a day' (0079-08-24 was read):
    a day of a year written with AD or CE is that day; BC, a bare year AD and a year of two digits with no era
    stay unread."""
    domain = load_domain(VOLCANOLOGY)
    head = "79 eruption of Mount Vesuvius"
    assert _answers(domain, "startDate", "24 August 79 AD", "August 24, AD 79", "24th of August, 79 CE",
                    "Vesuvius erupted on 24 August 79 AD.", "24 August 1979", head=head) == ["0079-08-24"] * 4 + ["1979-08-24"]
    refused = _answers(domain, "startDate", "24 August 79 BC", "79 AD", "24 August 79", head=head)
    assert refused[0].endswith("a date before year 1, which is not read (only years 1 to 9999 are): '24 August 79 BC'")
    assert "a year, not a day" in refused[1]
    assert refused[2] != "0079-08-24" and "1979" not in refused[2]  # a year of two digits: no century known


def test_a_year_before_present_is_read_when_calibrated_and_a_grouped_year_bc_is_one_year(tmp_path) -> None:
    """"1300 BP" of a last eruption's year was stored as the gYear 1300, and "7,300 BC" refused as 'several years,
    not one' ("7300 BCE" was -7299): a calibrated year before present is 1950 less it ("1300 cal BP" is 650), an
    uncalibrated one (radiocarbon years, no calendar years) is refused with that reason, and a year BC grouped by a
    thousands comma is one year; a company called BP beside a year is no year before present."""
    domain = load_domain(VOLCANOLOGY)
    assert _answers(domain, "lastEruptionYear", "1300 cal BP", "cal. 1300 BP", "about 7,300 cal BP", "7,300 BC", "7300 BCE",
                    "It last erupted in 1944.", head="Mount Vesuvius") == ["0650", "0650", "-5350", "-7299", "-7299", "1944"]
    for written in ("1300 BP", "1300 years before present"):
        [why] = _answers(domain, "lastEruptionYear", written, head="Mount Vesuvius")
        assert "a year before present not said to be calibrated (cal BP)" in why, why
    companies = _measured_years(tmp_path)
    assert _answers(companies, "spillYear", "2010 (BP's Deepwater Horizon)", "In 2010 BP's rig exploded.", "44 BC", "1,500 AD") == [
        "2010", "2010", "-0043", "1500"]
    [several] = _answers(companies, "spillYear", "1975, 1976")
    assert "several years, not one" in several


def _measured_years(tmp_path: Path) -> Domain:
    """A domain of things with one year relation, ``spillYear`` (xsd:gYear)."""
    return _things(tmp_path, {"spillYear": ("gYear", None)})


def test_a_figure_in_the_relations_unit_beats_a_year_that_names_what_it_is_of(tmp_path) -> None:
    """"The 1883 caldera is roughly 7 km wide." of a caldera diameter was 1883 km ("The caldera formed in 1883 is
    roughly 7 km wide." was 7), "The June 1991 plume reached 35 km." a column height of 1991 km, "The 1815 plume reached
    43 km." 1815 km: where a relation declares a unit, a year before a word is passed over for a later figure given in
    a unit of its measure; a year before a unit ("1883 m") is a figure, and a relation of no unit keeps its first."""
    domain = load_domain(VOLCANOLOGY)
    assert _answers(domain, "calderaDiameter", "The 1883 caldera is roughly 7 km wide.", "The caldera formed in 1883 is roughly 7 km wide.",
                    head="Krakatoa") == ["7", "7"]
    assert _answers(domain, "columnHeight", "The June 1991 plume reached 35 km.", "The January 2022 eruption's plume reached 57 km.",
                    "The 1815 plume reached 43 km.", "The 1980 plume rose to 80,000 ft.", head="X eruption") == ["35", "57", "43", "24.384"]
    assert _answers(domain, "elevation", "1883 m (surveyed in 1902)", "The 1902 survey gave 3,776 m.", head="Mount Fuji") == ["1883", "3776"]
    assert _answers(domain, "deathToll", "1883 people died.", head="X eruption") == ["1883"]  # a count: no unit, its first figure
    others = _measured(tmp_path, {"area": "km²", "length": "m", "runningTime": "min"})
    assert _answers(others, "area", "The 1990 border gives it 357,000 km².") == ["357000"]  # geography
    assert _answers(others, "length", "The 2000 m steeplechase", "2000 metres") == ["2000", "2000"]  # a race named by its length
    assert _answers(others, "runningTime", "The 1969 recording runs 7 min.") == ["7"]  # music


def _counts(tmp_path: Path) -> Domain:
    """A domain of things with whole-number relations: counts ("deathToll", "numberOfMoons", "moonCount") and numbers that
    are no counts (a rank, an index, a jersey number, a population, which says no count in its name)."""
    names = ("deathToll", "numberOfMoons", "moonCount", "peakChartPosition", "vei", "jerseyNumber", "population")
    return _things(tmp_path, {name: ("integer", None) for name in names})


def test_none_of_a_count_is_zero_and_none_of_anything_else_no_answer(tmp_path) -> None:
    """"None (no direct fatalities)" of an eruption's death toll was dropped as a none answer: of a count of things
    ("deathToll", "numberOfMoons"), an answer that says there were none of them is 0; "None known", "No reliable
    figures", "No confirmed deaths" say nothing of the count, and a rank, a VEI, a jersey number or a population
    (no count in its name) given as "None" is still no answer."""
    volcanology = load_domain(VOLCANOLOGY)
    assert _answers(volcanology, "deathToll", "None (no direct fatalities)", "No deaths.", "Zero", "57 people", head="X eruption") == [
        "0", "0", "0", "57"]
    domain = _counts(tmp_path)
    assert _answers(domain, "numberOfMoons", "None", "No moons") == ["0", "0"]  # astronomy: Mercury
    assert _answers(domain, "moonCount", "None.") == ["0"]
    unsaid = _answers(domain, "deathToll", "None known", "No reliable figures", "No confirmed deaths", "None (buried in ash)", "Unknown")
    assert all(not read.isdigit() for read in unsaid), unsaid  # no answer, or unreadable: no count
    for relation in ("peakChartPosition", "vei", "jerseyNumber", "population"):  # music, volcanology, sport, geography
        assert _answers(domain, relation, "None") == [], relation
