"""The run's checks as one callable (kg.pipeline.make_check): what they hand a validator, and
what they do when it answers wrongly."""

from __future__ import annotations

from typing import Sequence

import pytest
from rdflib import URIRef

from kg.errors import KGError
from kg.iri import mint_iri
from kg.pipeline import Parts, make_check
from kg.records import Candidate, Completion, Verdict
from kg.seams import Checker

CAPITAL = URIRef("https://w3id.org/kgdistill/ontology/geography#capitalOf")


def _candidate(city: str, sample: int) -> Candidate:
    completion = Completion("lyon|capitalOf", "Lyon is the capital of?", "test", f"answer {sample}", sample)
    return Candidate(mint_iri("Lyon"), CAPITAL, mint_iri(city), completion, city, "lists", "Lyon", city)


class Recording(Checker):
    """Accepts everything, and keeps the order it was handed the candidates in; ``extra``
    verdicts too many (or, negative, too few)."""

    def __init__(self, extra: int = 0) -> None:
        self.seen: list[str] = []
        self.extra = extra

    def validate(self, candidates: Sequence[Candidate]) -> list[Verdict]:
        self.seen += [str(c.object_label) for c in candidates]
        out = [Verdict.accept(c, 1.0) for c in candidates]
        return out + out[: self.extra] if self.extra >= 0 else out[: self.extra]


def test_the_value_more_samples_agree_on_is_judged_first():
    """Spain, said three times in one sample, is one sample's word; France, in two samples, goes first."""
    validator = Recording()
    batch = [_candidate("Spain", 0), _candidate("Spain", 0), _candidate("Spain", 0), _candidate("France", 1), _candidate("France", 2)]
    out = make_check(Parts(validator=validator))(batch)
    assert validator.seen == ["France", "Spain"] and len(out) == 5


@pytest.mark.parametrize("extra", [1, -1])
def test_a_validator_that_answers_for_more_or_fewer_candidates_is_an_error(extra):
    with pytest.raises(KGError, match="different number of verdicts"):
        make_check(Parts(validator=Recording(extra)))([_candidate("Spain", 0), _candidate("France", 1)])
