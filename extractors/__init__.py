"""Extractors: teacher output (Completion) → candidate triples (Candidate)."""
