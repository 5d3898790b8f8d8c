"""Type constraints of link prediction queries, from the ontology's domains and ranges.

A tail query ``(h, r, ?)`` may only be answered by an entity of ``r``'s range class, a head
query ``(?, r, t)`` only by an entity of its domain class (classes as a :class:`Schema` gives
them: ``rdf:type`` and what domain and range entail, closed under ``rdfs:subClassOf``). The
query's own entity answers only when the relation is declared reflexive. A class that no entity
of the vocabulary belongs to constrains nothing (the graph does not type that part).

Relation ids follow the link predictor: ``r`` in ``[0, R)`` asks for tails, ``r + R`` for heads.
"""

from __future__ import annotations

from typing import Sequence

import torch

from kg.students.triples import Schema


class TypeConstraints:
    """Allowed answers per query relation, as boolean masks over the entities (built lazily,
    one per class)."""

    def __init__(self, schema: Schema, entities: Sequence[str], relations: Sequence[str]) -> None:
        self.num_entities = len(entities)
        self.num_relations = len(relations)
        members: dict[str, list[int]] = {}
        for i, e in enumerate(entities):
            for c in schema.classes.get(e, ()):
                members.setdefault(c, []).append(i)
        self._members = members
        self._typed = {i for ids in members.values() for i in ids}  # entities of some known class
        self._masks: dict[str, torch.Tensor] = {}
        self._classes: list[str | None] = [
            *(self._usable(schema.ranges.get(r)) for r in relations),
            *(self._usable(schema.domains.get(r)) for r in relations),
        ]
        self._reflexive = [r in schema.reflexive for r in relations]

    def _usable(self, cls: str | None) -> str | None:
        return cls if cls is not None and cls in self._members else None

    @property
    def active(self) -> bool:
        """Whether any query is constrained by type."""
        return any(c is not None for c in self._classes)

    def may_ask(self, relation: int, entity: int | None) -> bool:
        """Whether ``(entity, relation, ?)`` is a query to ask: the entity is of the relation's
        domain class, or of no known class (a disease is never asked what it targets)."""
        domain = self.allowed(relation % self.num_relations + self.num_relations)
        return domain is None or entity is None or entity not in self._typed or bool(domain[entity])

    def reflexive(self, relation: int) -> bool:
        """Whether the query's own entity may answer (``owl:ReflexiveProperty``)."""
        return self._reflexive[relation % self.num_relations]

    def allowed(self, relation: int) -> torch.Tensor | None:
        """``[E]`` bool: the entities that may answer query relation ``relation`` (None: all)."""
        cls = self._classes[relation]
        if cls is None:
            return None
        if cls not in self._masks:
            mask = torch.zeros(self.num_entities, dtype=torch.bool)
            mask[torch.tensor(self._members[cls], dtype=torch.long)] = True
            self._masks[cls] = mask
        return self._masks[cls]

    def excluded(self, entities: torch.Tensor, relations: torch.Tensor) -> torch.Tensor:
        """``[B, E]`` bool: answers ruled out for queries ``(entities[i], relations[i], ?)``:
        entities outside the answer class, and the query's own entity unless reflexive."""
        out = torch.zeros(len(relations), self.num_entities, dtype=torch.bool)
        for i, (e, r) in enumerate(zip(entities.tolist(), relations.tolist())):
            ok = self.allowed(r)
            if ok is not None:
                out[i] = ~ok
            if not self.reflexive(r) and 0 <= e < self.num_entities:
                out[i, e] = True
        return out


__all__ = ["TypeConstraints"]
