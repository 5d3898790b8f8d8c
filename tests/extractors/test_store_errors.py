"""A store that cannot answer stops entity resolution loudly: it never turns it off in silence
(every label minted anew would split each entity in two) (issue #18)."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.errors import QueryError, StoreError
from kg.prompts import Prompt
from kg.records import Completion


class _BrokenStore:
    location = "http://127.0.0.1:9/sparql"

    def query(self, sparql, *, graph=None):
        raise QueryError("connection refused")


def test_a_store_that_cannot_answer_is_an_error_not_minting(geo) -> None:
    extractor = Extractor(geo, _BrokenStore())
    prompt = Prompt.make("What is the capital city of France?", "list", head="France", relation="hasCapital")
    completion = Completion(prompt.id, prompt.text, "t:m", "1. Paris")
    with pytest.raises(StoreError, match="entity resolution cannot read the labels.*connection refused"):
        extractor.extract(completion, prompt)
