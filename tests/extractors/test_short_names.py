"""A known entity written short in a chat answer: a person by the surname alone ("Kant" of Immanuel
Kant), read in a small domain of philosophers, climbers, mountains, countries and currencies
(tests/extractors/short_names), and checked against names of other fields that must stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from extractors import Extractor
from kg.ontology import Domain, entity_namespace, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable
from kg.store import init_store


@pytest.fixture(scope="module")
def short_names() -> Domain:
    return load_domain(Path(__file__).parent / "short_names")


def _with_store(domain: Domain, tmp_path: Path, names: dict[str, str]) -> Extractor:
    """An extractor over a store that holds each name (label: class's local name) as an entity of its class."""
    store = init_store(tmp_path / "s")
    ns, classes = entity_namespace(domain), {c.rsplit("#", 1)[-1]: c for c in domain.index.classes}
    store.add_triples([t for n, cls in names.items() for t in ((ns[n.lower().replace(" ", "_")], RDFS.label, Literal(n)),
                                                               (ns[n.lower().replace(" ", "_")], RDF.type, classes[cls]))], graph="accepted")
    return Extractor(domain, store)


def _read(extractor: Extractor, head: str, relation: str, text: str) -> list[str]:
    """The object of each candidate a chat model's list answer gives (its IRI's local name), and each refusal's reason."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [str(r.object).rsplit("/", 1)[-1] if isinstance(r, Candidate) else r.reason for r in out if isinstance(r, (Candidate, Unreadable))]


def test_a_known_persons_surname_alone_is_that_person(short_names) -> None:
    """'1. Kant' of Hegel's influences minted res:kant beside the known Immanuel Kant (and
    'Schopenhauer', 'Kierkegaard' so); 'Kant' as the Critique's author was refused against it."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Hegel", "influencedBy", "1. Kant\n2. Schopenhauer\n3. Kierkegaard") == [
        "immanuel_kant", "arthur_schopenhauer", "soren_kierkegaard"]
    assert _read(extractor, "Critique of Pure Reason", "author", "Kant") == ["immanuel_kant"]


def test_a_surname_of_a_stored_climber_is_that_climber(short_names, tmp_path) -> None:
    """'Compagnoni', 'Lacedelli' of K2's first ascensionists beside the stored Achille Compagnoni and Lino Lacedelli."""
    extractor = _with_store(short_names, tmp_path, {"Achille Compagnoni": "Person", "Lino Lacedelli": "Person"})
    assert _read(extractor, "K2", "firstAscensionist", "1. Compagnoni\n2. Lacedelli") == ["achille_compagnoni", "lino_lacedelli"]


def test_a_surname_as_the_subject_of_a_users_row_is_that_person(short_names) -> None:
    """A row 'Kant,wrote,Critique of Pure Reason' of a user's file named a new res:kant."""
    prompt = Prompt.make("p", "list", head="Kant", relation="wrote")
    out = Extractor(short_names).extract(Completion(prompt.id, prompt.text, "openai:chat", "1. Critique of Pure Reason", finish_reason="stop"), prompt)
    assert [str(r.subject).rsplit("/", 1)[-1] for r in out if isinstance(r, Candidate)] == ["immanuel_kant"]


def test_a_surname_that_may_be_another_stays_its_own(short_names) -> None:
    """Counterexamples: two known people of the surname (J. S. and C. P. E. Bach), a known person's
    first name too (Thomas Aquinas, Dylan Thomas), a known place ('Washington' the city beside George
    Washington), a range of no people (a city 'York' is no New York), and a surname no one known has."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Hegel", "influencedBy", "1. Bach\n2. Thomas\n3. Washington\n4. Spinoza") == [
        "bach", "thomas", "washington", "spinoza"]
    assert _read(extractor, "Hegel", "bornIn", "York") == ["york"]
    assert _read(extractor, "Hegel", "bornIn", "Kant") == ["kant"]


def test_a_known_mountain_or_lake_without_its_generic_word_is_that_one(short_names) -> None:
    """'Everest' as Lhotse's parent peak minted res:everest beside the known Mount Everest (and a
    trusted row 'Everest,elevation,…' went onto it); 'Himalaya' beside the known Himalayas."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Lhotse", "parentPeak", "Everest") == ["mount_everest"]
    assert _read(extractor, "Mount Kenya", "nearLake", "1. Titicaca") == ["lake_titicaca"]
    assert _read(extractor, "Lhotse", "inRange", "Himalaya") == ["himalayas"]
    prompt = Prompt.make("p", "list", head="Everest", relation="inRange")
    out = extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", "Himalayas", finish_reason="stop"), prompt)
    assert [str(r.subject).rsplit("/", 1)[-1] for r in out if isinstance(r, Candidate)] == ["mount_everest"]


def test_a_name_beside_a_known_mountain_or_lake_of_another_class_stays_its_own(short_names) -> None:
    """Counterexamples: a country 'Kenya' is no Mount Kenya, a city 'Geneva' no Lake Geneva, a
    country 'Netherland' no singular of a range's name."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Mount Kenya", "locatedIn", "1. Kenya\n2. Netherland") == ["kenya", "netherland"]
    assert _read(extractor, "Hegel", "bornIn", "Geneva") == ["geneva"]


def test_a_known_range_with_its_kind_words_after_it_is_that_range(short_names) -> None:
    """'Andes mountains' as Aconcagua's range was refused: the reference says Andes."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Aconcagua", "inRange", "Andes mountains") == ["andes"]
    assert _read(extractor, "Aconcagua", "inRange", "Andes Mountain Range") == ["andes"]
    assert _read(extractor, "Katoomba", "inRange", "Blue Mountains") == ["blue_mountains"]  # no known Blue


def test_a_country_by_its_people_or_its_own_name_is_that_country(short_names) -> None:
    """'New Zealander' as Hillary's nationality was refused against New Zealand; 'Österreich' as a
    mountain's country minted res:osterreich beside Austria."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Edmund Hillary", "nationality", "New Zealander") == ["new_zealand"]
    assert _read(extractor, "Heinrich Harrer", "nationality", "Austrian") == ["austria"]
    assert _read(extractor, "Grossglockner", "locatedIn", "1. Österreich") == ["austria"]


def test_a_demonym_or_an_own_name_that_may_be_another_stays_its_own(short_names) -> None:
    """Counterexamples: 'Dominican' begins the known Dominican Republic (no Dominica); a range of
    cities ('Austrian', 'Italia'), no country; a demonym of no known country."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Juan Marichal", "nationality", "Dominican") == ["dominican"]
    assert _read(extractor, "Hegel", "bornIn", "Austrian") == ["austrian"]
    assert _read(extractor, "Hegel", "bornIn", "Italia") == ["italia"]
    assert _read(extractor, "Reinhold Messner", "nationality", "Italian") == ["italian"]


def test_a_currency_by_its_code_or_its_word_is_the_known_currency(short_names) -> None:
    """'Złoty (PLN, zł)' of the 1 złoty coin was refused against the Polish złoty, 'GBP' against the
    pound sterling, 'US dollar' against the United States dollar ('USD' was read)."""
    extractor = Extractor(short_names)
    assert _read(extractor, "1 złoty coin", "currency", "Złoty (PLN, zł)") == ["polish_zloty"]
    assert _read(extractor, "Sovereign", "currency", "GBP") == ["pound_sterling"]
    assert _read(extractor, "Morgan dollar", "currency", "US dollar") == ["united_states_dollar"]


def test_a_currency_word_many_share_stays_its_own(short_names) -> None:
    """Counterexamples: 'dollar' alone, a dollar or a lira of a country the table has not, a code
    and another in its bracket, a code as a city's answer."""
    extractor = Extractor(short_names)
    assert _read(extractor, "Fiji 1 dollar", "currency", "dollar") == ["dollar"]
    assert _read(extractor, "Fiji 1 dollar", "currency", "Fijian dollar") == ["fijian_dollar"]
    assert _read(extractor, "100 lire coin", "currency", "Italian lira") == ["italian_lira"]
    assert "polish_zloty" not in _read(extractor, "1 złoty coin", "currency", "Złoty (EUR)")
    assert _read(extractor, "Hegel", "bornIn", "GBP") == ["gbp"]
