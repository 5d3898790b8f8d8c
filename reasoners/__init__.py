"""Reasoners: consistency, inference, conflicts and explanations over the store."""
