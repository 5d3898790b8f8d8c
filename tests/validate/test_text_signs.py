"""A text value compared with the reference's as texts are: a minus sign written as U+2212 (the physicist's audit), a
trial's phase in Roman numerals (the clinical researcher's)."""

from __future__ import annotations

import pytest

from kg.ontology import Domain, load_domain
from tests.conftest import kg_exit_code
from tests.extractors.measured import measured_domain

_REFERENCE = """@prefix mu: <https://example.org/music#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kgdistill/resource/electron> a mu:Person ; rdfs:label "Electron" ; mu:charge "-1" .
<https://w3id.org/kgdistill/resource/up_quark> a mu:Person ; rdfs:label "Up quark" ; mu:charge "+2/3" .
<https://w3id.org/kgdistill/resource/ceres> a mu:Person ; rdfs:label "Ceres" ; mu:charge "1" .
<https://w3id.org/kgdistill/resource/nct1> a mu:Person ; rdfs:label "NCT1" ; mu:phase "Phase III" .
<https://w3id.org/kgdistill/resource/nct2> a mu:Person ; rdfs:label "NCT2" ; mu:phase "Phase 1/2" .
<https://w3id.org/kgdistill/resource/henry> a mu:Person ; rdfs:label "Henry" ; mu:phase "Henry VIII" .
"""


@pytest.fixture(scope="module")
def charges(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a text relation of a particle's charge (a test double of a physics's) and a reference."""
    folder = measured_domain(tmp_path_factory, [("charge", "string", "electric charge", None), ("phase", "string", "trial phase", None)]).path
    (folder / "reference.ttl").write_text(_REFERENCE, encoding="utf-8")
    return load_domain(folder)


def _status(domain: Domain, tmp_path, capsys, row: str) -> str:
    """What `kg validate` says of one CSV row: accepted, rejected, ..."""
    rows = tmp_path / "rows.csv"
    rows.write_text(f"head,relation,tail\n{row}\n", encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(rows), "--domain", str(domain.path), "--format", "csv")
    line = capsys.readouterr().out.strip().splitlines()[-1]
    return next(word for word in ("accepted", "rejected", "unreadable", "needs review") if f",{word}," in line)


@pytest.mark.parametrize(("row", "status"), [
    ("Electron,charge,−1", "accepted"), ("Electron,charge,-1", "accepted"), ("Up quark,charge,+2/3", "accepted"),
    ("Electron,charge,+1", "rejected"), ("Ceres,charge,−1", "rejected"),  # a minus is no plus, nor nothing
])
def test_a_minus_sign_is_the_references_hyphen_minus(charges: Domain, tmp_path, capsys, row: str, status: str) -> None:
    """The electron's charge '−1' (U+2212, the minus sign) was rejected against the reference's '-1' (the physicist's
    audit): texts were compared up to case and spaces only. The minus sign is the hyphen-minus when texts are compared."""
    assert _status(charges, tmp_path, capsys, row) == status


@pytest.mark.parametrize(("row", "status"), [
    ("NCT1,phase,Phase 3", "accepted"), ("NCT1,phase,phase III", "accepted"), ("NCT2,phase,Phase I/II", "accepted"),
    ("NCT1,phase,Phase 2", "rejected"), ("NCT2,phase,Phase I", "rejected"), ("Henry,phase,Henry 8", "rejected"),
])
def test_a_phase_in_roman_numerals_is_the_same_phase(charges: Domain, tmp_path, capsys, row: str, status: str) -> None:
    """A trial's phase 'Phase 3' was rejected beside the stored 'Phase III', 'Phase 1/2' beside 'Phase I/II' (the
    clinical researcher's audit): a kind's number after its word (phase, stage, grade, type, class) is one in Roman
    numerals or in figures; a name's numerals are not ('Henry VIII' is no 'Henry 8')."""
    assert _status(charges, tmp_path, capsys, row) == status
