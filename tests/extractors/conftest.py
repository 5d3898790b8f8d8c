"""Domains and a shared extractor (spaCy loads once per test session)."""

from __future__ import annotations

import pytest

from kg.ontology import load_domain


@pytest.fixture(scope="session")
def geo():
    return load_domain("geography")


@pytest.fixture(scope="session")
def cs():
    return load_domain("commonsense")


@pytest.fixture(scope="session")
def pharma():
    """A user's own domain of drug names, which prose writes in lower case ("type 2 diabetes")."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "pharma")


@pytest.fixture(scope="session")
def music():
    """A user's own domain of composers: names with accents, works with commas in their titles,
    a functional birthplace and an ``xsd:date`` birth date."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "music")


@pytest.fixture(scope="session")
def spacy_model():
    from extractors.freetext import SpacyModel

    model = SpacyModel()
    model.nlp  # noqa: B018 - load once
    return model


@pytest.fixture(scope="session")
def literatur():
    """A user's own domain in German (``language = "de"``): authors, works, cities, with German
    prompts, and the figures a German teacher writes (``1.512.491``, ``310,7 km²``)."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "literatur")


@pytest.fixture(scope="session")
def medicine():
    """A user's own domain made with ``kg domain new``: drugs, what they treat and cause, their
    class and dose in mg; drug names are common nouns to spaCy ("ibuprofen", "statins")."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "medicine")


@pytest.fixture(scope="session")
def software():
    """A user's own domain made with ``kg domain new``: packages ("NumPy", "urllib3"), their
    languages, licences, dependencies and first release year."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "software")


@pytest.fixture(scope="session")
def dynasties():
    """A historian's own domain made with ``kg domain new``: monarchs and popes, whose names end
    in a regnal number ("Louis XIV", "Mary I"), who succeeded whom (functional), spouses, children."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "dynasties")


@pytest.fixture(scope="session")
def genealogy():
    """A historian's own domain made with ``kg domain new``: royal and noble persons (``Person``,
    ``Monarch``), places, houses and titles (all disjoint), father, mother, spouse, parentOf,
    heldTitle and epithets, and a small reference (``Henry VII``, ``Henry VIII``, ``Henry IV of
    France``, ``Castile`` a place)."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "genealogy")


@pytest.fixture(scope="session")
def books():
    """A librarian's own domain made with ``kg domain new``: books, papers, their authors and
    translators (people), publishers, series and awards, and a small reference (``J.K. Rowling``,
    ``Hugo Award``)."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "books")


@pytest.fixture(scope="session")
def bands():
    """A music user's own domain made with ``kg domain new``: bands, musicians, albums, songs,
    labels, genres and countries (functional ``countryOfOrigin`` and ``performedBy``), and a small
    reference that types its countries and bands (``Crosby, Stills, Nash & Young`` among them)."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "bands")


@pytest.fixture(scope="session")
def almanac():
    """A user's own domain made with ``kg domain new`` from an ontology of several fields: heads
    of government (people), deities (mythological figures, no people), architects (agents: a
    person or a firm), rivers, mountains, countries, car models and platforms; no reference."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "almanac")


@pytest.fixture(scope="session")
def genetics_ref():
    """A geneticist's domain (``kg domain new`` over genes, their chromosomes, proteins, diseases and
    inheritance patterns; case-sensitive gene symbols), with its reference; a gene's paralog added."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "genetics_ref")


@pytest.fixture(scope="session")
def materials_ref():
    """A materials engineer's domain (alloys, their elements and UNS numbers), with its reference."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "materials_ref")


def _without_reference(field: str, tmp_path_factory) -> object:
    """The answer corpus's domain of ``field`` (tests/extractors/corpus) without its reference graph."""
    import shutil
    from pathlib import Path

    folder = tmp_path_factory.mktemp(field) / "domain"
    shutil.copytree(Path(__file__).parent / "corpus" / field / "domain", folder, ignore=shutil.ignore_patterns("reference.ttl"))
    return load_domain(folder)


@pytest.fixture(scope="session")
def zoology(tmp_path_factory):
    """A zoologist's domain (``kg domain new`` over an ontology of species: habitats, scientific
    names and their authorities, IUCN statuses); no reference."""
    return _without_reference("zoology", tmp_path_factory)


@pytest.fixture(scope="session")
def literature(tmp_path_factory):
    """A literature user's domain (works, their publishers, sequels and settings); no reference."""
    return _without_reference("literature", tmp_path_factory)


@pytest.fixture(scope="session")
def epidemiology(tmp_path_factory):
    """An epidemiologist's domain (diseases, their pathogens and vaccines); no reference."""
    return _without_reference("epidemiology", tmp_path_factory)


@pytest.fixture(scope="session")
def archaeology(tmp_path_factory):
    """An archaeologist's domain (sites, finds, their excavators, cultures and holders); no reference."""
    return _without_reference("archaeology", tmp_path_factory)


@pytest.fixture(scope="session")
def botany(tmp_path_factory):
    """A botanist's domain (plants, their native and introduced ranges, pollinators, synonyms); no reference."""
    return _without_reference("botany", tmp_path_factory)


@pytest.fixture(scope="session")
def nutrition(tmp_path_factory):
    """A nutritionist's domain (foods, their nutrients per 100 g, allergens, food groups); no reference."""
    return _without_reference("nutrition", tmp_path_factory)


@pytest.fixture(scope="session")
def clinicaltrials(tmp_path_factory):
    """A clinical researcher's domain (trials, their drugs, sponsors and developers); no reference."""
    return _without_reference("clinicaltrials", tmp_path_factory)


@pytest.fixture(scope="session")
def materials(tmp_path_factory):
    """A materials engineer's domain (materials, their inventors (people), manufacturers, UNS numbers
    (a functional text) and trade names); no reference."""
    return _without_reference("materials", tmp_path_factory)


@pytest.fixture(scope="session")
def genetics(tmp_path_factory):
    """A geneticist's domain (genes, their discoverers (people), chromosomes and diseases); no reference."""
    return _without_reference("genetics", tmp_path_factory)


@pytest.fixture(scope="session")
def seismology():
    """A seismologist's own domain made with ``kg domain new``: earthquakes, the faults and tectonic
    plates they involve (the reference names each plate "... Plate"), seismologists and an
    organization's director, with a small reference."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "seismology")


@pytest.fixture(scope="session")
def hydrology():
    """A hydrologist's domain made with ``kg domain new``: rivers (their mouths, functional, and
    tributaries), lakes, seas, dams and countries, with a reference that knows the Nile's
    tributaries (``Blue Nile``, ``White Nile``, ``Atbara``) and the Mississippi."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "hydrology")


@pytest.fixture(scope="session")
def demography():
    """A demographer's domain made with ``kg domain new``: countries and cities, their populations,
    rates, capitals (functional), ethnic groups and official languages, with its reference."""
    from pathlib import Path

    return load_domain(Path(__file__).parent / "demography")
