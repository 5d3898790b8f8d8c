"""Names and symbols written in other scripts or with superscripts: what a chat answer gives."""

from __future__ import annotations

import pytest

from kg.ontology import Domain
from tests.extractors.measured import chat_values, measured_domain


@pytest.fixture(scope="module")
def symbols(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a person's symbol and motto (text values; a test double of a physicist's particles)."""
    return measured_domain(tmp_path_factory, [("symbol", "string", "symbol", None), ("motto", "string", "motto", None)])


@pytest.mark.parametrize("written", ["μ⁻", "e⁻", "¹⁴C", "²³⁵U", "π⁰", "K⁺", "τ⁺τ⁻", "m²", "E = mc²"])
def test_a_symbols_superscripts_are_kept_as_written(symbols: Domain, written: str) -> None:
    """A physicist's muon symbol 'μ⁻' was stored as 'μ−' and rejected beside the reference's 'μ⁻', and '¹⁴C', '²³⁵U',
    'π⁰', 'K⁺' were stored as '14C', '235U', 'π0', 'K+' (NFKC spells superscripts on the line): a text keeps them."""
    assert chat_values(symbols, "symbol", written) == [written]


@pytest.mark.parametrize(("written", "read"), [("H₂O", "H2O"), ("Ecotrin™", "Ecotrin™")])
def test_other_signs_read_as_before(symbols: Domain, written: str, read: str) -> None:
    """A formula's subscripts are its counts on the line; a trademark sign stays as written."""
    assert chat_values(symbols, "motto", written) == [read]
