"""Write ``geography_transcript.jsonl``: the demo's recorded geography teacher.

Run it from the repository root whenever the geography domain's prompt templates or reference
examples change (the prompts' texts change with them)::

    python kg/data/demo/make_geography_transcript.py

The answers are written by hand in the style of a mid-sized chat model: mostly right, with the
mistakes such models make (a wrong capital, a city given as a country, a second capital, a
country bordering itself, "about 2 million" for a number, duplicates, list items with markup,
prose around JSON, a truncated answer). List prompts get three samples each (self-consistency),
JSON prompts one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = 3

# (head, relation) -> three sample answers (the text a teacher returned)
LIST_ANSWERS: dict[tuple[str, str], list[str]] = {
    # -- countries --------------------------------------------------------------------------------
    ("France", "hasCapital"): ["1. Paris", "1. Paris", "1. Paris"],
    ("France", "capitalOf"): [
        "France is a country, not a capital city.",
        "1. France",
        "France is not the capital of any country.",
    ],
    ("France", "locatedIn"): ["1. Europe", "1. Europe\n2. Western Europe", "1. Europe"],
    ("France", "onContinent"): ["1. Europe", "1. Europe", "1. Europe"],
    ("France", "borders"): [
        "1. Spain\n2. Germany\n3. Italy\n4. Belgium\n5. Switzerland\n6. Luxembourg",
        "1. Spain\n2. Germany\n3. Italy\n4. Belgium\n5. France\n6. Andorra",
        "1. Spain\n2. Spain\n3. Germany\n4. **Italy**\n5. Monaco",
    ],
    ("France", "population"): ["1. 67,000,000", "1. about 67 million", "1. 66987244"],
    ("France", "area"): ["1. 547030", "1. 551,695", "1. 547030.0"],
    ("Germany", "hasCapital"): ["1. Berlin", "1. Berlin", "1. Bonn"],
    ("Germany", "capitalOf"): ["Germany is a country.", "Germany is a country.", "1. Germany"],
    ("Germany", "locatedIn"): ["1. Europe", "1. Europe\n2. Central Europe", "1. Europe"],
    ("Germany", "onContinent"): ["1. Europe", "1. Europe", "1. Europe"],
    ("Germany", "borders"): [
        "1. France\n2. Poland\n3. Austria\n4. Switzerland\n5. Denmark\n6. Netherlands",
        "1. France\n2. Poland\n3. Austria\n4. Czech Republic\n5. Belgium",
        "1. France\n2. Austria\n3. Italy\n4. Germany",
    ],
    ("Germany", "population"): ["1. 83,000,000", "1. 82927922", "1. roughly eighty million"],
    ("Germany", "area"): ["1. 357021", "1. 357,022 km²", "1. 357021"],
    ("Italy", "hasCapital"): ["1. Rome", "1. Rome\n2. Milan", "1. Rome"],
    ("Italy", "capitalOf"): ["1. Italy", "Italy is a country, so it is not a capital.", "Not applicable."],
    ("Italy", "locatedIn"): ["1. Europe", "1. Southern Europe", "1. Europe"],
    ("Italy", "onContinent"): ["1. Europe", "1. Europe", "1. Europe"],
    ("Italy", "borders"): [
        "1. France\n2. Switzerland\n3. Austria\n4. Slovenia\n5. San Marino\n6. Vatican City",
        "1. France\n2. Switzerland\n3. Austria\n4. Slovenia",
        "1. France\n2. Switzerland\n3. Austria\n4. Slovenia\n5. Croatia",
    ],
    ("Italy", "population"): ["1. 60,431,283", "1. 60431283", "1. 60 million"],
    ("Italy", "area"): ["1. 301230", "1. 301,340", "1. 301230"],
    ("Egypt", "hasCapital"): ["1. Cairo", "1. Cairo", "1. Alexandria"],
    ("Egypt", "capitalOf"): ["Egypt is a country.", "Egypt is a country.", "Egypt is a country."],
    ("Egypt", "locatedIn"): ["1. Africa\n2. Middle East", "1. Africa", "1. North Africa"],
    ("Egypt", "onContinent"): ["1. Africa", "1. Africa", "1. Asia"],
    ("Egypt", "borders"): [
        "1. Libya\n2. Sudan\n3. Israel\n4. Gaza Strip",
        "1. Libya\n2. Sudan\n3. Israel",
        "1. Libya\n2. Sudan\n3. Israel\n4. Jordan",
    ],
    ("Egypt", "population"): ["1. 98423595", "1. about 100 million", "1. 98,423,595"],
    ("Egypt", "area"): ["1. 1001450", "1. 1,001,450", "1. 1001450"],
    ("Brazil", "hasCapital"): ["1. Brasília", "1. Rio de Janeiro", "1. Brasília"],
    ("Brazil", "capitalOf"): ["Brazil is a country, not a city.", "Brazil is a country.", "N/A"],
    ("Brazil", "locatedIn"): ["1. South America", "1. South America", "1. Latin America"],
    ("Brazil", "onContinent"): ["1. South America", "1. South America", "1. South America"],
    ("Brazil", "borders"): [
        "1. Argentina\n2. Paraguay\n3. Uruguay\n4. Bolivia\n5. Peru\n6. Colombia\n7. Venezuela",
        "1. Argentina\n2. Paraguay\n3. Uruguay\n4. Bolivia\n5. Peru\n6. Colombia\n7. Chile",
        "Brazil borders every South American country except Chile and Ecuador:\n"
        "1. Argentina\n2. Uruguay\n3. Paraguay\n4. Bolivia\n5. Peru\n6. Colombia\n7. Venezuela\n8. Guyana\n9. Suriname",
    ],
    ("Brazil", "population"): ["1. 209469333", "1. 209,469,333", "1. 210 million"],
    ("Brazil", "area"): ["1. 8511965", "1. 8,515,767", "1. 8511965"],
    ("Japan", "hasCapital"): ["1. Tokyo", "1. Tokyo", "1. Kyoto"],
    ("Japan", "capitalOf"): ["Japan is a country.", "Japan is a country.", "Japan is a country."],
    ("Japan", "locatedIn"): ["1. Asia", "1. East Asia", "1. Asia"],
    ("Japan", "onContinent"): ["1. Asia", "1. Asia", "1. Asia"],
    ("Japan", "borders"): [
        "Japan is an island country and shares no land border with any other country.",
        "None",
        "1. None (Japan is an island nation)",
    ],
    ("Japan", "population"): ["1. 126529100", "1. 126,529,100", "1. NaN"],
    ("Japan", "area"): ["1. 377835", "1. 377,975", "1. 377835"],
    ("Australia", "hasCapital"): ["1. Canberra", "1. Sydney", "1. Canberra"],
    ("Australia", "capitalOf"): ["Australia is a country.", "1. Australia", "Australia is a country."],
    ("Australia", "locatedIn"): ["1. Oceania", "1. Oceania", "1. Australia"],
    ("Australia", "onContinent"): ["1. Oceania", "1. Australia", "1. Oceania"],
    ("Australia", "borders"): ["None", "Australia has no land borders.", "1. Papua New Guinea"],
    ("Australia", "population"): ["1. 24992369", "1. 25 million", "1. 24,992,369"],
    ("Australia", "area"): ["1. 7686850", "1. 7,692,024", "1. 7686850"],
    ("Canada", "hasCapital"): ["1. Ottawa", "1. Toronto", "1. Ottawa"],
    ("Canada", "capitalOf"): ["Canada is a country.", "Canada is a country.", "Canada is a country."],
    ("Canada", "locatedIn"): ["1. North America", "1. North America", "1. North America"],
    ("Canada", "onContinent"): ["1. North America", "1. North America", "1. North America"],
    ("Canada", "borders"): ["1. United States", "1. United States", "1. United States\n2. Alaska"],
    ("Canada", "population"): ["1. 37058856", "1. -37058856", "1. 37,058,856"],
    ("Canada", "area"): ["1. 9984670", "1. 9,984,670", "1. 9984670"],
    # -- cities -----------------------------------------------------------------------------------
    ("Paris", "hasCapital"): [
        "Paris is a city; the capital of France is Paris.",
        "1. Paris",
        "Paris does not have a capital.",
    ],
    ("Paris", "capitalOf"): ["1. France", "1. France", "1. France"],
    ("Paris", "locatedIn"): ["1. France\n2. Europe", "1. France", "1. Île-de-France\n2. France"],
    ("Paris", "onContinent"): ["1. Europe", "1. Europe", "1. Europe"],
    ("Paris", "borders"): [
        "Paris is a city, so it does not border countries.",
        "1. Germany",
        "N/A",
    ],
    ("Paris", "population"): ["1. about 2 million", "1. 2138551", "1. 2,138,551"],
    ("Paris", "area"): ["1. 105.4", "1. 105.4", "1. 105"],
    ("Sydney", "hasCapital"): ["Sydney is a city.", "Sydney is a city.", "Sydney is a city."],
    ("Sydney", "capitalOf"): [
        "1. Australia",
        "Sydney is not a capital; the capital of Australia is Canberra.",
        "1. New South Wales",
    ],
    ("Sydney", "locatedIn"): ["1. Australia\n2. New South Wales", "1. Australia", "1. Australia\n2. Oceania"],
    ("Sydney", "onContinent"): ["1. Oceania", "1. Australia", "1. Oceania"],
    ("Sydney", "borders"): ["Sydney is a city.", "None", "1. Sydney"],
    ("Sydney", "population"): ["1. 5638830", "1. 5.3 million", "1. 5,638,830"],
    ("Sydney", "area"): ["1. 12368", "1. 12,368 km2", "1. twelve thousand"],
}

JSON_ANSWERS: dict[str, str] = {
    "France": (
        "Sure! Here are some facts about France:\n\n```json\n"
        + json.dumps(
            [
                {"subject": "France", "predicate": "hasCapital", "object": "Paris"},
                {"subject": "France", "predicate": "onContinent", "object": "Europe"},
                {"subject": "France", "predicate": "borders", "object": "Belgium"},
                {"subject": "France", "predicate": "borders", "object": "Switzerland"},
                {"subject": "Lyon", "predicate": "capitalOf", "object": "France"},
                {"subject": "Lyon", "predicate": "locatedIn", "object": "France"},
                {"subject": "Marseille", "predicate": "locatedIn", "object": "France"},
                {"subject": "France", "predicate": "population", "object": "67 million"},
                {"subject": "France", "predicate": "officialLanguage", "object": "French"},
            ],
            indent=1,
        )
        + "\n```\n\nLet me know if you need more!"
    ),
    "Kenya": json.dumps(
        [
            {"subject": "Kenya", "predicate": "hasCapital", "object": "Nairobi"},
            {"subject": "Kenya", "predicate": "onContinent", "object": "Africa"},
            {"subject": "Kenya", "predicate": "borders", "object": "Tanzania"},
            {"subject": "Kenya", "predicate": "borders", "object": "Uganda"},
            {"subject": "Kenya", "predicate": "borders", "object": "Kenya"},
            {"subject": "Mombasa", "predicate": "locatedIn", "object": "Kenya"},
            {"subject": "Nairobi", "predicate": "population", "object": "4397073"},
            {"subject": "Kenya", "predicate": "area", "object": "582650"},
        ]
    ),
    "Japan": (
        '[{"subject": "Japan", "predicate": "hasCapital", "object": "Tokyo"}, '
        '{"subject": "Osaka", "predicate": "locatedIn", "object": "Japan"}, '
        '{"subject": "Tokyo", "predicate": "population", "object": "8336599"}, '
        '{"subject": "Japan", "predicate": "onContinent", "object": "Asia"}, '
        '{"subject": "Japan", "predicate": "borders", "obj'
    ),
}


def _seeds(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def build_records() -> list[dict]:
    """Transcript lines for the demo's prompts (list prompts, then JSON prompts)."""
    from kg.ontology import load_domain
    from kg.prompts import build_prompts

    domain = load_domain("geography")
    records = []
    for prompt in build_prompts(domain, _seeds(HERE / "geography_seeds.txt"), kind="list", shots=3):
        answers = LIST_ANSWERS.get((prompt.head, prompt.relation))
        if answers is None:
            raise SystemExit(f"no answers written for ({prompt.head!r}, {prompt.relation!r})")
        records.append(
            {
                "prompt_id": prompt.id,
                "prompt": prompt.text,
                "kind": prompt.kind,
                "head": prompt.head,
                "relation": prompt.relation,
                "teacher": "demo-geography-chat",
                "completions": [{"text": a, "finish_reason": "stop"} for a in answers],
            }
        )
    for prompt in build_prompts(domain, _seeds(HERE / "geography_topics.txt"), kind="json", shots=3):
        text = JSON_ANSWERS[prompt.topic]
        finish = "length" if prompt.topic == "Japan" else "stop"
        records.append(
            {
                "prompt_id": prompt.id,
                "prompt": prompt.text,
                "kind": prompt.kind,
                "topic": prompt.topic,
                "teacher": "demo-geography-chat",
                "completions": [{"text": text, "finish_reason": finish}],
            }
        )
    return records


def main(argv: list[str] | None = None) -> int:
    out = HERE / "geography_transcript.jsonl"
    records = build_records()
    with out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} prompts to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
