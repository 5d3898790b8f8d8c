"""Entity–relation–entity triples for the students: reading, id maps, leak-free splits, exports.

A :class:`TripleSet` holds string ids for entities and relations (IRIs when read from a store),
an ``int64`` array of ``(head, relation, tail)`` rows, the entities' labels and what the
ontology says about relations (``owl:inverseOf`` pairs, ``owl:SymmetricProperty``) and, in a
:class:`Schema`, about types (each entity's classes, each relation's domain and range, reflexive
relations) for type-constrained predictions.

Sources: a store's ``accepted`` graph (literals and ``rdfs:label`` left out, and so are
statements about statements, whose object is an RDF 1.2 triple term, with a note; ``rdf:type`` on
request), a PyKEEN-style TSV (``head<TAB>relation<TAB>tail``), or any iterable of string triples.
A fixed split is read from a folder of ``train`` / ``valid`` / ``test`` TSV files, or from one TSV
with a fourth column naming the part (:func:`read_split`, :func:`write_split`).

:func:`split_triples` makes seeded train / validation / test splits that leak nothing: a triple
and its inverse (by ``owl:inverseOf`` or a symmetric relation) always land in the same split,
and in a transductive split every entity and relation of validation and test occurs in training.

This module needs only numpy; torch is imported by the ``pyg`` exporter alone.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pyoxigraph as ox

from kg.errors import FormatError, StudentError
from kg.languages import preferred_label
from kg.reach import reachable
from kg.exporters.columns import iter_quads
from kg.iri import local_name
from kg.store import HoldsStore, Progress, Store, as_store, graph_names


log = logging.getLogger(__name__)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_INVERSE_OF = "http://www.w3.org/2002/07/owl#inverseOf"
OWL_SYMMETRIC = "http://www.w3.org/2002/07/owl#SymmetricProperty"
OWL_TRANSITIVE = "http://www.w3.org/2002/07/owl#TransitiveProperty"
OWL_EQUIVALENT_PROPERTY = "http://www.w3.org/2002/07/owl#equivalentProperty"
RDFS_SUBPROPERTY_OF = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
OWL_REFLEXIVE = "http://www.w3.org/2002/07/owl#ReflexiveProperty"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDFS_DOMAIN = "http://www.w3.org/2000/01/rdf-schema#domain"
RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"


@dataclass(frozen=True)
class Schema:
    """What the ontology says about the types of a triple set's entities and relations.

    ``classes``: entity -> its classes, superclasses included (``rdfs:subClassOf`` closure);
    ``domains`` / ``ranges``: relation -> the class its heads / tails belong to;
    ``reflexive``: relations declared ``owl:ReflexiveProperty`` (a query's own head may answer).
    Empty when nothing is known: then no query is constrained.
    """

    classes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    domains: Mapping[str, str] = field(default_factory=dict)
    ranges: Mapping[str, str] = field(default_factory=dict)
    reflexive: frozenset[str] = frozenset()

    def as_json(self) -> dict:
        """A JSON-ready form (class names listed once, entities point at their indices)."""
        names = sorted({c for cs in self.classes.values() for c in cs})
        index = {c: i for i, c in enumerate(names)}
        return {
            "class_names": names,
            "classes": {e: sorted(index[c] for c in cs) for e, cs in self.classes.items()},
            "domains": dict(self.domains), "ranges": dict(self.ranges), "reflexive": sorted(self.reflexive),
        }

    @classmethod
    def from_json(cls, data: Mapping | None) -> "Schema":
        if not data:
            return cls()
        names = data.get("class_names", [])
        return cls(
            classes={e: frozenset(names[i] for i in ids) for e, ids in data.get("classes", {}).items()},
            domains=dict(data.get("domains", {})), ranges=dict(data.get("ranges", {})),
            reflexive=frozenset(data.get("reflexive", ())),
        )


@dataclass(frozen=True)
class TripleSet:
    """Triples over fixed entity and relation vocabularies.

    ``triples`` is an ``int64`` array of shape ``[n, 3]`` with rows ``(head, relation, tail)``
    indexing ``entities`` and ``relations``; ``labels`` maps entity ids to labels.
    """

    entities: tuple[str, ...]
    relations: tuple[str, ...]
    triples: np.ndarray
    labels: Mapping[str, str] = field(default_factory=dict)
    inverse_pairs: tuple[tuple[str, str], ...] = ()
    symmetric: frozenset[str] = frozenset()
    schema: Schema = field(default_factory=Schema)
    subproperties: tuple[tuple[str, str], ...] = ()
    """``(p, q)``: every ``p`` fact is a ``q`` fact (``rdfs:subPropertyOf``, closed; both ways for
    ``owl:equivalentProperty``)."""
    transitive: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        arr = np.asarray(self.triples, dtype=np.int64).reshape(-1, 3)
        object.__setattr__(self, "triples", arr)

    def __len__(self) -> int:
        return len(self.triples)

    @property
    def num_entities(self) -> int:
        return len(self.entities)

    @property
    def num_relations(self) -> int:
        return len(self.relations)

    def entity_index(self) -> dict[str, int]:
        return {e: i for i, e in enumerate(self.entities)}

    def relation_index(self) -> dict[str, int]:
        return {r: i for i, r in enumerate(self.relations)}

    def with_triples(self, triples: np.ndarray) -> "TripleSet":
        """The same vocabularies with other rows."""
        return replace(self, triples=triples)

    def as_strings(self) -> list[tuple[str, str, str]]:
        return [(self.entities[h], self.relations[r], self.entities[t]) for h, r, t in self.triples]


def from_triples(
    triples: Iterable[tuple[str, str, str]],
    *,
    labels: Mapping[str, str] | None = None,
    inverse_pairs: Iterable[tuple[str, str]] = (),
    symmetric: Iterable[str] = (),
    subproperties: Iterable[tuple[str, str]] = (),
    transitive: Iterable[str] = (),
    entities: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
    schema: Schema | None = None,
) -> TripleSet:
    """A :class:`TripleSet` from string triples (duplicates dropped). Entities and relations
    are numbered in sorted order unless given."""
    rows = sorted(set((str(h), str(r), str(t)) for h, r, t in triples))
    if entities is None:
        entities = sorted({h for h, _, _ in rows} | {t for _, _, t in rows} | set(labels or ()))
    if relations is None:
        relations = sorted({r for _, r, _ in rows})
    e_idx = {e: i for i, e in enumerate(entities)}
    r_idx = {r: i for i, r in enumerate(relations)}
    try:
        arr = np.array([(e_idx[h], r_idx[r], e_idx[t]) for h, r, t in rows], dtype=np.int64)
    except KeyError as exc:
        raise StudentError(f"triple uses {exc.args[0]!r}, which is not in the given vocabulary") from None
    return TripleSet(
        entities=tuple(entities),
        relations=tuple(relations),
        triples=arr.reshape(-1, 3),
        labels=dict(labels or {}),
        inverse_pairs=tuple((str(a), str(b)) for a, b in inverse_pairs),
        symmetric=frozenset(str(s) for s in symmetric),
        subproperties=tuple((str(a), str(b)) for a, b in subproperties),
        transitive=frozenset(str(t) for t in transitive),
        schema=schema or Schema(),
    )


def _term_id(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value  # type: ignore[attr-defined]


def read_store(
    store: Store | HoldsStore,
    *,
    graph: str = "accepted",
    include_types: bool = False,
    inverse_pairs: Iterable[tuple[str, str]] | None = None,
    symmetric: Iterable[str] | None = None,
    progress: Progress | None = None,
    extra: Iterable[tuple[str, str, str]] = (),
    note_literals: bool = False,
) -> TripleSet:
    """Entity–relation–entity triples of ``graph`` (a graph name, ``knowledge`` or ``all``) and
    ``extra`` ones (``(subject, relation, object)`` as the ids here: an IRI, ``_:`` a blank node),
    with labels (``rdfs:label`` from the same graphs), the inverse / symmetric relations
    declared in the store's ``ontology`` graph unless given, and the :class:`Schema` of
    :func:`read_schema`. ``store``: a :class:`~kg.api.KnowledgeGraph` or its ``.store``.
    ``note_literals``: a note counts the literal-valued triples left out (an export's or a
    training's, where the user asked for the graph)."""
    store = as_store(store)
    rows: set[tuple[str, str, str]] = set()
    named: dict[str, list[tuple[str | None, str]]] = {}  # every label, to show one in the domain's language
    types: dict[str, set[str]] = {}
    about_statements = 0  # objects that are triple terms (rdf:reifies): statements, not entities
    literals: dict[str, int] = {}  # per relation, the literal-valued triples left out (labels are kept as names)
    for q in iter_quads(store, graph, progress):
        p = q.predicate.value
        if isinstance(q.object, ox.Triple):
            about_statements += 1
            continue
        if isinstance(q.object, ox.Literal):
            if p == RDFS_LABEL:
                named.setdefault(_term_id(q.subject), []).append((q.object.language, q.object.value))
            else:
                literals[p] = literals.get(p, 0) + 1
            continue
        if p == RDF_TYPE:
            types.setdefault(_term_id(q.subject), set()).add(_term_id(q.object))
            if not include_types:
                continue
        rows.add((_term_id(q.subject), p, _term_id(q.object)))
    if about_statements:
        log.warning("note: left out %d statement(s) whose object is an RDF 1.2 triple term (rdf:reifies): "
                    "a statement is no entity to link; an N-Triples or Turtle export keeps them", about_statements)
    if note_literals and literals:
        most = sorted(literals, key=lambda p: (-literals[p], p))
        log.warning("note: left out %d triple(s) whose object is a literal (%s): a value is no entity to link "
                    "(an N-Triples, Turtle or Parquet export keeps them)", sum(literals.values()),
                    ", ".join(local_name(p) for p in most[:4]) + (", ..." if len(most) > 4 else ""))
    rows.update(extra)
    ontology = ontology_quads(store)
    axioms = read_ontology_relations(store, ontology)
    inverse_pairs = axioms.inverse_pairs if inverse_pairs is None else inverse_pairs
    symmetric = axioms.symmetric if symmetric is None else symmetric
    present = {e for h, _, t in rows for e in (h, t)}
    from kg.domains import store_language

    language = store_language(store) if named else None
    labels = {e: str(preferred_label(found, language)) for e, found in named.items() if e in present}
    if "inferred" not in graph_names(graph):
        for q in store.match(None, ox.NamedNode(RDF_TYPE), graph="inferred"):
            types.setdefault(_term_id(q.subject), set()).add(_term_id(q.object))
    schema = read_schema(store, rows, {e: cs for e, cs in types.items() if e in present}, ontology)
    return from_triples(rows, labels=labels, inverse_pairs=inverse_pairs, symmetric=symmetric, schema=schema,
                        subproperties=axioms.subproperties, transitive=axioms.transitive)


def store_schema(store: Store, rows: Sequence[tuple[str, str, str]]) -> Schema:
    """The :class:`Schema` :func:`read_store` reads for ``rows`` of ``store``: their entities'
    ``rdf:type`` in its accepted and inferred graphs, and its ontology's; for a model saved
    without one (by an older kg-distill)."""
    present = {e for h, _, t in rows for e in (h, t)}
    types: dict[str, set[str]] = {}
    for graph in ("accepted", "inferred"):
        for q in store.match(None, ox.NamedNode(RDF_TYPE), graph=graph):
            if _term_id(q.subject) in present:
                types.setdefault(_term_id(q.subject), set()).add(_term_id(q.object))
    return read_schema(store, rows, types)


def ontology_quads(store: Store) -> list[ox.Quad]:
    """The axioms the store knows: its ``ontology`` graph and the ``ontology.ttl`` of each
    domain its runs or its ``kg.toml`` record (a distilled store keeps its ontology there)."""
    from kg.domains import store_domains
    from kg.errors import KGError
    from kg.ontology import ontology_file

    quads = list(store.match(graph="ontology"))
    try:
        folders = store_domains(store).specs
    except KGError:
        folders = []
    for folder in folders:
        path = ontology_file(folder)
        if path is not None:
            quads.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.RDF_XML))
    return quads


def read_schema(
    store: Store, rows: Iterable[tuple[str, str, str]], types: Mapping[str, set[str]],
    ontology: Sequence[ox.Quad] | None = None,
) -> Schema:
    """The :class:`Schema` of ``rows``: the ontology's (:func:`ontology_quads`) ``rdfs:domain``
    / ``rdfs:range`` of each relation and its reflexive relations; each entity's classes are
    its ``rdf:type`` (``types``) and what the domain and range of its relations entail (RDFS
    rules rdfs2 and rdfs3), closed under ``rdfs:subClassOf`` (rdfs9). A relation without a
    domain (range) of its own has its super-properties' and ``owl:equivalentProperty``'s: a
    property renamed in the ontology keeps its old IRI in the stored facts."""
    domains: dict[str, str] = {}
    ranges: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    reflexive: set[str] = set()
    supers: dict[str, set[str]] = {}  # a property -> those its facts are facts of
    for q in ontology_quads(store) if ontology is None else ontology:
        p, o = q.predicate.value, q.object
        if not isinstance(o, ox.NamedNode) or not isinstance(q.subject, ox.NamedNode):
            continue
        if p == RDFS_DOMAIN:
            domains[q.subject.value] = o.value
        elif p == RDFS_RANGE:
            ranges[q.subject.value] = o.value
        elif p == RDFS_SUBCLASS:
            parents.setdefault(q.subject.value, set()).add(o.value)
        elif p == RDF_TYPE and o.value == OWL_REFLEXIVE:
            reflexive.add(q.subject.value)
        elif p == RDFS_SUBPROPERTY_OF:
            supers.setdefault(q.subject.value, set()).add(o.value)
        elif p == OWL_EQUIVALENT_PROPERTY:
            supers.setdefault(q.subject.value, set()).add(o.value)
            supers.setdefault(o.value, set()).add(q.subject.value)
    for named in (domains, ranges):
        own = dict(named)
        for prop in supers:
            inherited = None if prop in own else _nearest(prop, supers, own)
            if inherited is not None:
                named[prop] = inherited
    classes: dict[str, set[str]] = {e: set(cs) for e, cs in types.items()}
    if domains or ranges:
        for h, r, t in rows:
            if r in domains:
                classes.setdefault(h, set()).add(domains[r])
            if r in ranges:
                classes.setdefault(t, set()).add(ranges[r])
    closure: dict[str, frozenset[str]] = {}

    def ancestors(c: str) -> frozenset[str]:
        if c not in closure:
            closure[c] = frozenset(reachable(c, lambda x: parents.get(x, ())))
        return closure[c]

    return Schema(
        classes={e: frozenset().union(*(ancestors(c) for c in cs)) for e, cs in classes.items()},
        domains=domains, ranges=ranges, reflexive=frozenset(reflexive),
    )


def _nearest(prop: str, supers: Mapping[str, set[str]], named: Mapping[str, str]) -> str | None:
    """The class ``named`` gives the nearest of ``prop``'s super-properties and equivalents,
    breadth first (ties: the least IRI), or None."""
    seen, level = {prop}, sorted(supers.get(prop, ()))
    while level:
        found = next((named[q] for q in level if q in named), None)
        if found is not None:
            return found
        seen.update(level)
        level = sorted({r for q in level for r in supers.get(q, ()) if r not in seen})
    return None


@dataclass(frozen=True)
class RelationAxioms:
    """What an ontology says of its relations that the reasoner derives facts from."""

    inverse_pairs: list[tuple[str, str]]
    symmetric: list[str]
    subproperties: list[tuple[str, str]]
    """``(p, q)`` with every ``p`` fact a ``q`` fact: ``rdfs:subPropertyOf`` closed transitively,
    ``owl:equivalentProperty`` both ways."""
    transitive: list[str]


def read_ontology_relations(store: Store, ontology: Sequence[ox.Quad] | None = None) -> RelationAxioms:
    """``owl:inverseOf`` pairs, ``owl:SymmetricProperty`` and ``owl:TransitiveProperty``
    relations and sub-properties of the store's ontology (:func:`ontology_quads`)."""
    quads = ontology_quads(store) if ontology is None else ontology
    named = [(q.subject.value, q.predicate.value, q.object.value) for q in quads
             if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)]
    typed = lambda cls: [s for s, p, o in named if p == RDF_TYPE and o == cls]  # noqa: E731
    up: dict[str, set[str]] = {}
    for s, p, o in named:
        if p == RDFS_SUBPROPERTY_OF and s != o:
            up.setdefault(s, set()).add(o)
        elif p == OWL_EQUIVALENT_PROPERTY and s != o:
            up.setdefault(s, set()).add(o)
            up.setdefault(o, set()).add(s)
    closed = set()
    for start in up:
        closed |= {(start, q) for q in reachable(start, lambda x: up.get(x, ())) if q != start}
    return RelationAxioms(
        inverse_pairs=[(s, o) for s, p, o in named if p == OWL_INVERSE_OF],
        symmetric=typed(OWL_SYMMETRIC), subproperties=sorted(closed), transitive=typed(OWL_TRANSITIVE),
    )


def read_tsv(path: str | Path, *, labels: Mapping[str, str] | None = None) -> TripleSet:
    """Triples from a PyKEEN-style TSV file: ``head<TAB>relation<TAB>tail`` per line."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no such triples file: {str(path)!r}")
    return from_triples(_read_rows(path, 3), labels=labels)  # type: ignore[arg-type]


SPLIT_PARTS = ("train", "valid", "test")
_PART_NAMES = {"train": 0, "training": 0, "valid": 1, "validation": 1, "dev": 1, "test": 2, "testing": 2}


def _read_rows(path: Path, columns: int) -> list[tuple[str, ...]]:
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != columns:
                want = "head<TAB>relation<TAB>tail" + ("<TAB>part" if columns == 4 else "")
                raise FormatError(f"{path}:{n}: expected {want}, got {len(parts)} field(s)")
            rows.append(tuple(parts))
    return rows


def _split_file(folder: Path, part: str) -> Path:
    names = [n for n, i in _PART_NAMES.items() if i == SPLIT_PARTS.index(part)]
    for name in names:
        for ext in (".tsv", ".txt"):
            if (folder / (name + ext)).is_file():
                return folder / (name + ext)
    raise FormatError(f"{str(folder)!r} has no {part} file; expected {part}.tsv (or .txt) beside the others")


def read_split(
    path: str | Path, *, labels: Mapping[str, str] | None = None, schema: Schema | None = None, inductive: bool = False,
) -> "Split":
    """A fixed train / validation / test split, to train and compare on the same triples.

    ``path`` is a folder of three TSV files (``train``, ``valid`` or ``validation``, ``test``;
    ``.tsv`` or ``.txt``; ``head<TAB>relation<TAB>tail``, PyKEEN's layout), or one TSV file whose
    fourth column names each triple's part (``train``, ``valid``, ``test``). The three parts
    share one vocabulary: every entity and relation of any part, in sorted order.

    A validation or test triple whose relation, or (unless ``inductive``) entity, the training
    part lacks is left out, as PyKEEN and LibKGE leave it out: the model has nothing learnt to
    rank it with. The split's ``notes`` say how many, and how many validation or test triples
    are training triples too (kept: a split may mean them, but they are not held out)."""
    path = Path(path)
    parts: list[list[tuple[str, str, str]]] = [[], [], []]
    if path.is_dir():
        for i, part in enumerate(SPLIT_PARTS):
            parts[i] = [(h, r, t) for h, r, t in _read_rows(_split_file(path, part), 3)]
    elif path.is_file():
        for n, (h, r, t, part) in enumerate(_read_rows(path, 4), 1):
            key = _PART_NAMES.get(part.strip().lower())
            if key is None:
                raise FormatError(f"{path}: unknown part {part!r} in row {n}; use train, valid or test")
            parts[key].append((h, r, t))
    else:
        raise FormatError(f"no such split: {str(path)!r}; give a folder with train/valid/test TSV files or one TSV with a part column")
    if not parts[0]:
        raise StudentError(f"the split {str(path)!r} has no training triples")
    rows = [row for p in parts for row in p]
    present = {e for h, _, t in rows for e in (h, t)}
    labels = {e: label for e, label in (labels or {}).items() if e in present}
    vocab = from_triples(rows, labels=labels, schema=schema)
    e_idx, r_idx = vocab.entity_index(), vocab.relation_index()

    def ids(rows: list[tuple[str, str, str]]) -> np.ndarray:
        return np.array([(e_idx[h], r_idx[r], e_idx[t]) for h, r, t in rows], dtype=np.int64).reshape(-1, 3)

    trained = set(parts[0])
    seen_e = {e for h, _, t in parts[0] for e in (h, t)}
    seen_r = {r for _, r, _ in parts[0]}
    notes = []
    for i in (1, 2):
        name = ("validation", "test")[i - 1]
        unseen = [row for row in parts[i] if row[1] not in seen_r or (not inductive and not {row[0], row[2]} <= seen_e)]
        if unseen:
            h, r, t = unseen[0]
            notes.append(f"left out {len(unseen):,} {name} triple(s) whose entity or relation the training part lacks "
                         f"(the first: {h} {r} {t}); the model has learnt nothing to rank them with")
            dropped = set(unseen)
            parts[i] = [row for row in parts[i] if row not in dropped]
        if again := sum(row in trained for row in parts[i]):
            notes.append(f"{again:,} {name} triple(s) are training triples too: they are not held out")
    train, validation, test = (vocab.with_triples(ids(p)) for p in parts)
    return Split(train, validation, test, notes=tuple(notes))


def write_split(split: "Split", path: str | Path) -> Path:
    """Write ``split`` for :func:`read_split`: a folder of ``train.tsv`` / ``valid.tsv`` /
    ``test.tsv``, or, when ``path`` ends in ``.tsv``, one file with a part column."""
    path = Path(path)
    parts = (split.train, split.validation, split.test)
    if path.suffix == ".tsv":
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            for name, part in zip(SPLIT_PARTS, parts):
                fh.writelines(f"{h}\t{r}\t{t}\t{name}\n" for h, r, t in part.as_strings())
        return path
    path.mkdir(parents=True, exist_ok=True)
    for name, part in zip(SPLIT_PARTS, parts):
        with open(path / f"{name}.tsv", "w", encoding="utf-8", newline="") as fh:
            fh.writelines(f"{h}\t{r}\t{t}\n" for h, r, t in part.as_strings())
    return path


# -- splits --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """Train / validation / test triples over one vocabulary."""

    train: TripleSet
    validation: TripleSet
    test: TripleSet
    notes: tuple[str, ...] = ()
    """What making or reading the split found and did (pairs kept together, triples left out)."""

    @property
    def all_triples(self) -> np.ndarray:
        return np.concatenate([self.train.triples, self.validation.triples, self.test.triples])


INVERSE_SHARE = 0.8
"""Relations r and s are inverse in the data (s symmetric when r = s) when at least this share of
the smaller one's pairs occur swapped in the other, as Toutanova and Chen (2015) found in FB15k."""


def inverses_in_data(data: TripleSet) -> list[tuple[int, int, float]]:
    """Relation pairs ``(r, s, share)``, r <= s, that are inverse (or, r = s, symmetric) in the
    triples themselves, by :data:`INVERSE_SHARE`: an ontology that does not declare them would
    let a test triple's swapped twin sit in training (WN18's and FB15k's leak)."""
    rows = data.triples
    if not len(rows):
        return []
    by_pair: dict[tuple[int, int], list[int]] = {}
    for h, r, t in rows.tolist():
        by_pair.setdefault((h, t), []).append(r)
    swapped: dict[tuple[int, int], int] = {}
    for (h, t), rels in by_pair.items():
        for s in by_pair.get((t, h), ()):
            for r in rels:
                if r <= s:
                    swapped[(r, s)] = swapped.get((r, s), 0) + 1
    sizes = np.bincount(rows[:, 1], minlength=data.num_relations)
    found = []
    for (r, s), n in swapped.items():
        share = n / min(sizes[r], sizes[s])
        if n >= 2 and share >= INVERSE_SHARE:
            found.append((r, s, share))
    return sorted(found)


def _inverse_map(data: TripleSet, extra: Iterable[tuple[int, int, float]] = ()) -> dict[int, list[int]]:
    """Relation id -> relation ids whose triples are this relation's inverse (swapped): declared
    (``owl:inverseOf``, ``owl:SymmetricProperty``) and ``extra`` (:func:`inverses_in_data`)."""
    r_idx = data.relation_index()
    pairs = [(r_idx[a], r_idx[b]) for a, b in data.inverse_pairs if a in r_idx and b in r_idx]
    pairs += [(r_idx[s], r_idx[s]) for s in data.symmetric if s in r_idx]
    pairs += [(r, s) for r, s, _ in extra]
    out: dict[int, list[int]] = {}
    for a, b in pairs:
        if b not in out.setdefault(a, []):
            out[a].append(b)
        if a not in out.setdefault(b, []):
            out[b].append(a)
    return out


def _groups(data: TripleSet, extra: Iterable[tuple[int, int, float]] = ()) -> list[list[int]]:
    """Row groups that must stay together: a triple with its inverse triples (union–find)."""
    n = len(data.triples)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    inverse = _inverse_map(data, extra)
    if inverse:
        index = {tuple(row): i for i, row in enumerate(data.triples.tolist())}
        for i, (h, r, t) in enumerate(data.triples.tolist()):
            for r2 in inverse.get(r, ()):
                j = index.get((t, r2, h))
                if j is not None:
                    a, b = find(i), find(j)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def split_triples(
    data: TripleSet,
    *,
    ratios: tuple[float, float, float] = (0.8, 0.1, 0.1),
    seed: int = 0,
    inductive: bool = False,
) -> Split:
    """Seeded, leak-free train / validation / test split.

    Transductive (default): groups of mutually inverse triples (declared, or found in the data:
    :func:`inverses_in_data`, named in the split's ``notes``) are shuffled and cut by
    ``ratios``; a validation or test group with an entity or relation unseen in training moves
    to training. Inductive: a share of the entities (``ratios[1] + ratios[2]``) is held out;
    triples touching a held-out entity go to validation / test, training never sees them.
    """
    if len(ratios) != 3 or min(ratios) < 0 or not 0.99 <= sum(ratios) <= 1.01:
        raise StudentError(f"split ratios must be three non-negative shares summing to 1, got {ratios!r}")
    rng = np.random.default_rng(seed)
    rows = data.triples
    if inductive:
        return _inductive_split(data, ratios, rng)
    declared = _inverse_map(data)
    found = [(r, s, share) for r, s, share in inverses_in_data(data) if s not in declared.get(r, ())]
    groups = _groups(data, found)
    notes = []
    if found:
        names = [local_name(x) for x in data.relations]
        said = ", ".join(
            (f"{names[r]} (symmetric" if r == s else f"{names[r]}/{names[s]} (inverse") + f", {share:.0%} of pairs)"
            for r, s, share in found[:8]
        )
        notes.append(f"inverse pairs found in the data, not declared, each kept in one part as declared ones are: {said}"
                     + (", ..." if len(found) > 8 else ""))
    order = rng.permutation(len(groups))
    n = len(rows)
    n_train = int(round(ratios[0] * n))
    n_valid = int(round(ratios[1] * n))
    assign: list[int] = []  # per group: 0 train, 1 valid, 2 test
    counted = 0
    for gi in order:
        part = 0 if counted < n_train else (1 if counted < n_train + n_valid else 2)
        assign.append(part)
        counted += len(groups[gi])
    seen_e: set[int] = set()
    seen_r: set[int] = set()
    for gi, part in zip(order, assign):
        if part == 0:
            for i in groups[gi]:
                h, r, t = rows[i]
                seen_e.update((int(h), int(t)))
                seen_r.add(int(r))
    parts: list[list[int]] = [[], [], []]
    # Moving a group to training only adds coverage, so one pass decides every group.
    for gi, part in zip(order, assign):
        group = groups[gi]
        if part != 0 and not all(
            int(rows[i][0]) in seen_e and int(rows[i][2]) in seen_e and int(rows[i][1]) in seen_r for i in group
        ):
            part = 0
            for i in group:
                h, r, t = rows[i]
                seen_e.update((int(h), int(t)))
                seen_r.add(int(r))
        parts[part].extend(group)
    train, validation, test = (data.with_triples(rows[np.sort(np.array(p, dtype=np.int64))]) for p in parts)
    return Split(train, validation, test, notes=tuple(notes))


def _inductive_split(data: TripleSet, ratios: tuple[float, float, float], rng: np.random.Generator) -> Split:
    rows = data.triples
    used = np.unique(np.concatenate([rows[:, 0], rows[:, 2]])) if len(rows) else np.array([], dtype=np.int64)
    held = rng.permutation(used)
    n_out = int(round((ratios[1] + ratios[2]) * len(used)))
    n_valid = int(round(ratios[1] / max(ratios[1] + ratios[2], 1e-9) * n_out))
    part_of = np.zeros(data.num_entities, dtype=np.int64)
    part_of[held[:n_valid]] = 1
    part_of[held[n_valid:n_out]] = 2
    part = np.maximum(part_of[rows[:, 0]], part_of[rows[:, 2]])
    # a triple between a validation and a test entity goes to test (never into training)
    train, validation, test = (data.with_triples(rows[part == k]) for k in range(3))
    return Split(train, validation, test)


# -- exporters (registered in kg.registry.exporters by kg.export) ----------------------------------------


def export_pykeen_tsv(store: Store, path: Path, graph: str, progress: Progress | None = None) -> int:
    """``head<TAB>relation<TAB>tail`` per line (IRIs), readable by
    ``pykeen.triples.TriplesFactory.from_path``."""
    data = read_store(store, graph=graph, progress=progress, note_literals=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerows(data.as_strings())
    return len(data)


def to_pyg(data: TripleSet):
    """A ``torch_geometric.data.Data``: ``edge_index`` [2, n], ``edge_type`` [n], ``num_nodes``,
    ``entities`` / ``relations`` (id → IRI lists) and ``labels`` (per node, "" when none)."""
    import torch
    from torch_geometric.data import Data

    t = torch.as_tensor(data.triples, dtype=torch.long).reshape(-1, 3)
    return Data(
        edge_index=t[:, [0, 2]].t().contiguous(),
        edge_type=t[:, 1].contiguous(),
        num_nodes=data.num_entities,
        entities=list(data.entities),
        relations=list(data.relations),
        labels=[data.labels.get(e, "") for e in data.entities],
    )


def export_pyg(store: Store, path: Path, graph: str, progress: Progress | None = None) -> int:
    """``torch.save`` of :func:`to_pyg` (load with ``torch.load(path, weights_only=False)``)."""
    import torch

    data = read_store(store, graph=graph, progress=progress, note_literals=True)
    torch.save(to_pyg(data), path)
    return len(data)
