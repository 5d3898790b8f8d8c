"""Fixtures of the validation tests: the shipped domains, loaded once per session."""

from __future__ import annotations

import pytest

from kg.ontology import load_domain


@pytest.fixture(scope="session")
def geography():
    return load_domain("geography")


@pytest.fixture(scope="session")
def commonsense():
    return load_domain("commonsense")
