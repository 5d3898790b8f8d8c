"""What classes a fact gives its entities, for the disjoint-classes check of :mod:`reasoners.conflicts`.

A triple ``s p o`` types ``s`` and ``o`` through ``p``'s domain and range (prp-dom, prp-rng),
through its super-properties, inverses and symmetry, closed over super-classes; an ``rdf:type``
triple types its subject with the class and its super-classes. In a domain typed by form
(:mod:`kg.forms`), an existing fact types its entities by ``rdf:type`` only
(:meth:`Typing.fact_types`).
"""

from __future__ import annotations

from reasoners.schema import TYPE, Schema, Term, Triple

__all__ = ["Typing", "NONE"]

NONE: frozenset[Term] = frozenset()


class Typing:
    """The classes triples give entities under one schema, and the classes disjoint with a set
    of classes (cached)."""

    def __init__(self, schema: Schema, *, by_form: bool = False) -> None:
        self.schema = schema
        self.by_form = by_form
        sch = schema
        props = set(sch.domains) | set(sch.ranges) | set(sch.inverses) | set(sch.super_properties)
        self.subject_types: dict[Term, frozenset[Term]] = {}
        self.object_types: dict[Term, frozenset[Term]] = {}
        for p in props | sch.symmetric:
            self.subject_types[p], self.object_types[p] = self._typing(p)
        self._class_cache: dict[Term, frozenset[Term]] = {}
        self._clash_cache: dict[frozenset[Term], frozenset[Term]] = {}

    def _typing(self, p: Term) -> tuple[frozenset[Term], frozenset[Term]]:
        """Classes a ``p`` triple gives its subject and its object (prp-dom/rng through
        super-properties, inverses and symmetry; closed over super-classes)."""
        sch = self.schema
        subj: set[Term] = set()
        obj: set[Term] = set()
        for q in {p} | set(sch.super_properties.get(p, ())):
            subj |= sch.domains.get(q, set())
            obj |= sch.ranges.get(q, set())
            for r in sch.inverses.get(q, ()):
                subj |= sch.ranges.get(r, set())
                obj |= sch.domains.get(r, set())
            if q in sch.symmetric:
                both = sch.domains.get(q, set()) | sch.ranges.get(q, set())
                subj |= both
                obj |= both
        return frozenset(sch.with_supers(subj)), frozenset(sch.with_supers(obj))

    def types_given(self, t: Triple, x: Term) -> frozenset[Term]:
        """Classes triple ``t`` gives entity ``x``."""
        s, p, o = t
        if p == TYPE:
            return self.class_types(o) if x == s else NONE
        out: frozenset[Term] = NONE
        if x == s:
            out |= self.subject_types.get(p, frozenset())
        if x == o:
            out |= self.object_types.get(p, frozenset())
        return out

    def fact_types(self, t: Triple, x: Term) -> frozenset[Term]:
        """Classes an existing fact (stored, or accepted earlier in the batch) gives entity ``x``:
        by form, only an ``rdf:type`` fact types an entity."""
        if self.by_form and t[1] != TYPE:
            return NONE
        return self.types_given(t, x)

    def class_types(self, c: Term) -> frozenset[Term]:
        """``c`` and its super-classes."""
        found = self._class_cache.get(c)
        if found is None:
            found = self._class_cache[c] = frozenset(self.schema.with_supers([c]))
        return found

    def clash(self, classes: frozenset[Term]) -> frozenset[Term]:
        """The classes disjoint with one of ``classes``."""
        found = self._clash_cache.get(classes)
        if found is None:
            out: set[Term] = set()
            for a in classes:
                out |= self.schema.disjoint_classes.get(a, set())
            found = self._clash_cache[classes] = frozenset(out)
        return found
