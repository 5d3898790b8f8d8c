"""Reasoners: consistency, inference, conflicts and explanations over the store.

The OWL reasoners for consistency checks are listed in :data:`kg.registry.reasoners`
(``kg reason --check --reasoner NAME``); a plugin adds one through the entry-point group
``kg.reasoners``."""

from kg.registry import reasoners as reasoner_registry

__all__ = ["reasoner_registry"]

