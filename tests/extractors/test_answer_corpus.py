"""Every answer of the answer corpus reads as its snapshot says (tests/extractors/answer_corpus.py):
a change to the readers that changes a reading it did not mean to fails here, naming the
answer. A change that means to: `python -m tests.extractors.answer_corpus --update`, and the
snapshot's diff shows each reading it changed for review."""

from __future__ import annotations

import pytest

from tests.extractors.answer_corpus import differences, fields, read_field, snapshot


@pytest.mark.slow
@pytest.mark.parametrize("field", fields())
def test_the_answers_read_as_the_snapshot_says(field: str) -> None:
    diff = differences(snapshot(field), read_field(field))
    assert not diff, f"{len(diff)} answers of {field} read differently (python -m tests.extractors.answer_corpus):\n" + "\n".join(diff[:20])


def test_the_corpus_has_its_fields() -> None:
    assert fields() == [
        "agronomy", "anatomy", "archaeology", "botany", "clinicaltrials", "cybersecurity", "demography", "economics", "epidemiology",
        "genealogy", "genetics", "hydrology", "literature", "materials", "meteorology", "military", "mineralogy", "mountaineering",
        "numismatics", "nutrition", "oceanography", "paleontology", "philosophy", "physics", "seismology", "volcanology", "wine", "zoology",
    ]
