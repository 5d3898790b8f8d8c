"""Conflict detection and the resolution policy, one small graph per kind of conflict."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDFS, XSD

from kg.records import Candidate, Reason, Verdict
from reasoners.conflicts import ConflictChecker

from .conftest import EX, R


def verdict(s, p, o, confidence=0.8, *, s_label=None, o_label=None) -> Verdict:
    cand = Candidate(s, p, o, extractor="test", span=f"{s} {p} {o}", subject_label=s_label, object_label=o_label)
    return Verdict.accept(cand, confidence)


def stored(store, *verdicts: Verdict) -> None:
    store.write(list(verdicts))


def test_no_conflict_leaves_verdicts_unchanged(domain, store):
    store.add_triples([(R.paris, EX.capitalOf, R.france)])
    rejected = Verdict.reject(Candidate(R.x, EX.borders, R.y), Reason("shape", "bad"))
    batch = [verdict(R.lyon, EX.locatedIn, R.france), rejected]
    assert ConflictChecker(domain, store).resolve(batch) == batch


def test_disjoint_classes_via_domain_and_range(domain, store):
    # loaded from a file: confidence 1.0; it makes Paris a City (domain of capitalOf)
    store.add_triples([(R.paris, EX.capitalOf, R.france)], source="file:///facts.ttl")
    store.add_triples([(R.paris, RDFS.label, Literal("Paris"))])
    # borders has domain Country: Paris would be a Country too, and City ⊓ Country = ∅
    out = ConflictChecker(domain, store).resolve([verdict(R.paris, EX.borders, R.spain, 0.7)])
    (v,) = out
    assert not v.accepted
    (reason,) = v.reasons
    assert reason.check == "conflict:disjoint-classes"
    assert not reason.needs_review
    assert '"Paris" (<http://example.org/res/paris>)' in reason.message
    assert "capitalOf" in reason.message and "confidence 1.00" in reason.message


def test_functional_property_candidate_weaker_is_rejected(domain, store):
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.9, s_label="Lyon", o_label="France"))
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.lyon, EX.capitalOf, R.spain, 0.5)])
    assert not v.accepted and v.reasons[0].check == "conflict:functional"
    assert not v.reasons[0].needs_review
    assert '"Lyon"' in v.reasons[0].message and '"France"' in v.reasons[0].message
    assert "confidence 0.90" in v.reasons[0].message


def test_candidate_stronger_than_stored_fact_goes_to_review_and_store_keeps_fact(domain, store):
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.4))
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.lyon, EX.capitalOf, R.spain, 0.9)])
    assert not v.accepted and v.reasons[0].needs_review
    assert "never dropped" in v.reasons[0].message
    assert any(True for _ in store.match(R.lyon, EX.capitalOf, R.france))


def test_tie_with_stored_fact_goes_to_review(domain, store):
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.8))
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.lyon, EX.capitalOf, R.spain, 0.8)])
    assert not v.accepted and v.reasons[0].needs_review and "equally confident" in v.reasons[0].message


def test_functional_through_inverse_and_for_literals(domain, store):
    store.add_triples([(R.france, EX.hasCapital, R.paris)])  # means paris capitalOf france
    pop = lambda n: Literal(n, datatype=XSD.nonNegativeInteger)  # noqa: E731
    store.add_triples([(R.paris, EX.population, pop(2100000))])
    out = ConflictChecker(domain, store).resolve(
        [verdict(R.paris, EX.capitalOf, R.germany, 0.5), verdict(R.paris, EX.population, pop(5), 0.5)]
    )
    assert [v.reasons[0].check for v in out] == ["conflict:functional", "conflict:functional"]


def test_asymmetric_both_ways_and_via_inverse(domain, store):
    store.add_triples([(R.wake_up, EX.isBefore, R.breakfast)])
    out = ConflictChecker(domain, store).resolve(
        [verdict(R.breakfast, EX.isBefore, R.wake_up, 0.6), verdict(R.wake_up, EX.isAfter, R.breakfast, 0.6)]
    )
    assert [v.accepted for v in out] == [False, False]
    assert {v.reasons[0].check for v in out} == {"conflict:asymmetric"}


def test_irreflexive(domain, store):
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.france, EX.borders, R.france)])
    assert not v.accepted and v.reasons[0].check == "conflict:irreflexive"


def test_cycle_in_before_after_with_inverse(domain, store):
    store.add_triples([(R.a, EX.isBefore, R.b), (R.c, EX.isAfter, R.b)])  # a < b < c
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.c, EX.isBefore, R.a, 0.7)])
    assert not v.accepted
    (reason,) = v.reasons
    assert reason.check == "conflict:cycle"
    assert "res/a" in reason.message and "res/b" in reason.message and "isAfter" in reason.message
    # a chain that does not close is fine
    (ok,) = ConflictChecker(domain, store).resolve([verdict(R.c, EX.isBefore, R.d, 0.7)])
    assert ok.accepted


def test_desires_vs_not_desires(domain, store):
    store.add_triples([(R.person, EX.Desires, R.cake)])
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.person, EX.NotDesires, R.cake, 0.3)])
    assert not v.accepted and v.reasons[0].check == "conflict:disjoint-properties"


def test_within_a_batch_the_more_confident_candidate_wins(domain, store):
    weak, strong = verdict(R.lyon, EX.capitalOf, R.spain, 0.6), verdict(R.lyon, EX.capitalOf, R.france, 0.9)
    out = ConflictChecker(domain, store).resolve([weak, strong])
    assert out[1] == strong
    assert not out[0].accepted and not out[0].reasons[0].needs_review
    assert "batch candidate #1" in out[0].reasons[0].message


def test_within_a_batch_a_tie_quarantines_both(domain, store):
    a, b = verdict(R.lyon, EX.capitalOf, R.spain, 0.7), verdict(R.lyon, EX.capitalOf, R.france, 0.7)
    c = verdict(R.nice, EX.locatedIn, R.france, 0.7)
    out = ConflictChecker(domain, store).resolve([a, b, c])
    assert [v.accepted for v in out] == [False, False, True]
    assert all(v.reasons[0].needs_review for v in out[:2])


def test_after_a_tie_in_the_batch_a_weaker_third_value_is_rejected(domain, store):
    # two equally confident values tie (both to review); a third, weaker one contradicts both
    tie = [verdict(R.lyon, EX.capitalOf, R.spain, 0.7), verdict(R.lyon, EX.capitalOf, R.france, 0.7)]
    out = ConflictChecker(domain, store).resolve([*tie, verdict(R.lyon, EX.capitalOf, R.italy, 0.5)])
    assert [v.accepted for v in out] == [False, False, False]
    assert [v.reasons[0].needs_review for v in out] == [True, True, False]
    assert "the other side is more confident, so this candidate is rejected" in out[2].reasons[0].message


def test_three_equally_confident_values_all_go_to_review(domain, store):
    three = [verdict(R.lyon, EX.capitalOf, country, 0.7) for country in (R.spain, R.france, R.italy)]
    out = ConflictChecker(domain, store).resolve(three)
    assert [v.accepted for v in out] == [False, False, False]
    assert all(r.needs_review for v in out for r in v.reasons)
    # the first value ties with both others, and keeps both reasons
    assert len(out[0].reasons) == 2


def test_quarantined_verdicts_are_written_to_rejected_with_review_flag(domain, store):
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.8))
    out = ConflictChecker(domain, store).resolve([verdict(R.lyon, EX.capitalOf, R.spain, 0.8)])
    store.write(out)
    rows = list(store.query("ASK { GRAPH graph:rejected { ?r kg:needsReview true } }", graph="all"))
    assert rows == [(True,)]


def test_shipped_ontologies_drive_the_same_checks(store):
    from rdflib import Namespace

    from kg.ontology import load_domain

    geo, cs = load_domain("geography"), load_domain("commonsense")
    G = Namespace("https://w3id.org/kgdistill/ontology/geography#")
    C = Namespace("https://w3id.org/kgdistill/ontology/commonsense#")
    store.add_triples([(R.paris, G.capitalOf, R.france), (R.wake, C.isBefore, R.eat), (R.eat, C.isBefore, R.work)])
    store.add_triples([(R.kid, C.Desires, R.candy)])
    geo_out = ConflictChecker(geo, store).resolve(
        [
            verdict(R.france, G.hasCapital, R.lyon, 0.5),  # hasCapital is functional
            verdict(R.paris, G.borders, R.spain, 0.5),  # borders: Country, Paris is a City
            verdict(R.spain, G.borders, R.spain, 0.5),
            verdict(R.lyon, G.capitalOf, R.france, 0.5),  # capitalOf is inverse-functional
        ]
    )
    assert [v.reasons[0].check for v in geo_out] == [
        "conflict:functional",
        "conflict:disjoint-classes",
        "conflict:irreflexive",
        "conflict:inverse-functional",
    ]
    cs_out = ConflictChecker(cs, store).resolve(
        [verdict(R.work, C.isBefore, R.wake, 0.5), verdict(R.kid, C.NotDesires, R.candy, 0.5),
         verdict(R.work, C.isAfter, R.wake, 0.5)]
    )
    assert [v.accepted for v in cs_out] == [False, False, True]
    assert [v.reasons[0].check for v in cs_out[:2]] == ["conflict:cycle", "conflict:disjoint-properties"]


def test_tracking_remembers_what_later_writes_give_an_entity(domain, store):
    # batch 1 looks at Paris (nothing stored yet); its fact is then written and reported
    checker = ConflictChecker(domain, store)
    checker.track_writes()
    first = [verdict(R.paris, EX.capitalOf, R.france, 0.9)]
    assert checker.resolve(first) == first
    stored(store, *first)
    checker.observe([first[0].candidate.triple])
    # batch 2: Paris is now a City (domain of capitalOf); borders would make it a Country
    later = [verdict(R.paris, EX.borders, R.spain, 0.7)]
    tracked = checker.resolve(later)
    assert tracked == ConflictChecker(domain, store).resolve(later)
    assert not tracked[0].accepted and tracked[0].reasons[0].check == "conflict:disjoint-classes"


def test_cycle_found_past_the_backward_search_limit(domain, store, monkeypatch):
    """When the nodes before the new edge's head outnumber the backward search, the forward
    search still finds the cycle; when they run out first, no cycle is reported."""
    import reasoners.conflicts as conflicts

    monkeypatch.setattr(conflicts, "BACK_SEARCH", 3)
    chain = [R[f"n{i}"] for i in range(8)]
    store.add_triples([(a, EX.isBefore, b) for a, b in zip(chain, chain[1:])])  # n0 < n1 < ... < n7
    (v,) = ConflictChecker(domain, store).resolve([verdict(chain[-1], EX.isBefore, chain[0], 0.7)])
    assert not v.accepted and v.reasons[0].check == "conflict:cycle"
    assert all(f"res/n{i}" in v.reasons[0].message for i in range(8))
    (ok,) = ConflictChecker(domain, store).resolve([verdict(chain[-1], EX.isBefore, R.elsewhere, 0.7)])
    assert ok.accepted


def test_a_self_loop_of_an_asymmetric_property_is_irreflexive(domain, store):
    # ex:isBefore is declared asymmetric only (as cs:isBefore is): x isBefore x is still a conflict
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.wake_up, EX.isBefore, R.wake_up, 0.9)])
    assert not v.accepted and v.reasons[0].check == "conflict:irreflexive"


def test_a_stored_facts_confidence_is_its_strongest_support(domain, store):
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.9))
    store.write([Verdict.accept(Candidate(R.lyon, EX.capitalOf, R.france, extractor="other", span="again"), 0.4)])
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.lyon, EX.capitalOf, R.spain, 0.6)])
    assert not v.accepted and not v.reasons[0].needs_review
    assert "the other side is more confident, so this candidate is rejected" in v.reasons[0].message


def test_a_fact_loaded_from_a_file_counts_as_certain_whatever_else_supports_it(domain, store):
    store.add_triples([(R.lyon, EX.capitalOf, R.france)], source="file:///facts.ttl")
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.4))
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.lyon, EX.capitalOf, R.spain, 0.6)])
    assert not v.accepted and not v.reasons[0].needs_review
    assert "confidence 1.00" in v.reasons[0].message


def test_disjoint_properties_through_an_inverse(tmp_path, store):
    from .conftest import ONTOLOGY, make_domain

    domain = make_domain(
        tmp_path, ONTOLOGY + "ex:NotDesiredBy a owl:ObjectProperty ; owl:inverseOf ex:NotDesires .\n"
    )
    store.add_triples([(R.cake, EX.NotDesiredBy, R.person)])  # means person NotDesires cake
    (v,) = ConflictChecker(domain, store).resolve([verdict(R.person, EX.Desires, R.cake, 0.3)])
    assert not v.accepted and v.reasons[0].check == "conflict:disjoint-properties"


def test_the_inverse_of_a_functional_property_is_inverse_functional(tmp_path, store):
    from .conftest import make_domain

    ontology = """
    @prefix ex: <http://example.org/onto#> .
    @prefix owl: <http://www.w3.org/2002/07/owl#> .
    ex:hasCapital a owl:ObjectProperty, owl:FunctionalProperty .
    ex:capitalOf a owl:ObjectProperty ; owl:inverseOf ex:hasCapital .
    """
    two = [verdict(R.paris, EX.capitalOf, R.france, 0.9), verdict(R.lyon, EX.capitalOf, R.france, 0.5)]
    out = ConflictChecker(make_domain(tmp_path, ontology), store).resolve(two)
    assert [v.accepted for v in out] == [True, False]
    assert out[1].reasons[0].check == "conflict:inverse-functional"


def test_an_untracked_checker_reads_the_store_afresh_for_each_batch(domain, store):
    """Without track_writes (a SPARQL endpoint others write to), a batch sees what was written since the last."""
    checker = ConflictChecker(domain, store)
    (first,) = checker.resolve([verdict(R.paris, EX.borders, R.spain, 0.7)])
    assert first.accepted  # the store says nothing about Paris yet
    store.add_triples([(R.paris, EX.capitalOf, R.france)], source="file:///facts.ttl")  # Paris is a City
    (second,) = checker.resolve([verdict(R.paris, EX.borders, R.italy, 0.7)])
    assert not second.accepted and second.reasons[0].check == "conflict:disjoint-classes"


def test_a_rejection_keeps_what_the_reference_graph_said(domain, store):
    """The record of a conflict rejection says whether the reference graph had been asked."""
    stored(store, verdict(R.lyon, EX.capitalOf, R.france, 0.9))
    cand = Candidate(R.lyon, EX.capitalOf, R.spain, extractor="test", span="Lyon capitalOf Spain")
    (v,) = ConflictChecker(domain, store).resolve([Verdict.accept(cand, 0.5, reference="unknown")])
    assert not v.accepted and v.reasons[0].check == "conflict:functional"
    assert v.reference == "unknown"
