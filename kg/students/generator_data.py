"""The generator student's data: (head, relation, tail) examples as text, read from a file or a
store, and split by head so that no test head is seen in training."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from kg.critics.examples import head_key as critic_head_key
from kg.errors import FormatError, StudentError, UnknownNameError
from kg.iri import local_name
from kg.languages import preferred_label
from kg.lines import MAX_LINE, read_lines

__all__ = [
    "relation_name",
    "Example",
    "head_key",
    "record_seen_heads",
    "none_references",
    "HeadSplit",
    "read_examples",
    "examples_from_store",
    "examples_with_writers",
    "written_by",
    "CORPORA",
    "PromptRow",
    "read_prompts",
    "check_relations",
    "require_relations",
    "split_by_head",
    "write_split",
    "relation_token",
    "default_model_dir",
]

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, slots=True)
class Example:
    """One (head, relation, tail) as text: labels, and the relation's short name."""

    head: str
    relation: str
    tail: str


def head_key(head: str) -> str:
    """How heads are compared across data: as the critic compares them
    (:func:`kg.critics.examples.head_key`: case, punctuation, spacing and ``___`` blanks aside),
    so ``PersonX drives ___ on the highway`` is never held out while ``PersonX drives on the
    highway`` is trained on (before, only spacing and case were aside)."""
    return critic_head_key(head)


def record_seen_heads(meta: dict[str, Any], examples: Iterable[Example]) -> None:
    """Add the heads of ``examples`` to a model's record of the heads it saw,
    ``meta["split"]["seen_heads"]`` (keyed by :func:`head_key`): ``kg eval generator`` scores only
    other heads. Training and indexing write it, from the CLI or from Python alike."""
    split = meta.setdefault("split", {})
    split["seen_heads"] = sorted({*split.get("seen_heads", ()), *(head_key(e.head) for e in examples)})


@dataclass(frozen=True)
class HeadSplit:
    """Train / validation / test examples; no head occurs in two parts."""

    train: list[Example]
    validation: list[Example]
    test: list[Example]
    held_out: frozenset[str] = frozenset()
    """The held-out heads of the corpus the split was cut from, those without examples here too."""

    def heads(self, part: str) -> set[str]:
        return {e.head for e in getattr(self, part)} | (set(self.held_out) if part == "test" else set())


def relation_token(relation: str) -> str:
    """The special token a relation is written as in the model's input: ``<xWant>``."""
    return f"<{relation}>"


def default_model_dir(store: str | Path) -> Path:
    """Where a store's generator lives unless told otherwise: ``<store>/students/generator``."""
    return Path(store) / "students" / "generator"


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The numbered lines of a UTF-8 text file (a byte-order mark skipped), newlines kept; a line
    that is not UTF-8, or longer than :data:`kg.lines.MAX_LINE`, is a :class:`FormatError` naming
    ``path:line``."""
    with path.open("rb") as fh:
        for line in read_lines(fh):
            if line.raw is None:
                raise FormatError(f"{path}:{line.number}: longer than {MAX_LINE // 2**20} MiB")
            try:
                yield line.number, line.raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(f"{path}:{line.number}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None


def _json_object(path: Path, n: int, line: str, keys: str) -> dict[str, Any]:
    """Line ``n`` of a JSONL file as a JSON object, or a :class:`FormatError` naming ``path:n``
    and what is wrong (the column, not the JSON parser's own line numbers; a list, not an object)."""
    try:
        row = json.loads(line)
    except RecursionError:
        raise FormatError(f"{path}:{n}: JSON nested too deeply") from None
    except ValueError as exc:
        where = f" at column {exc.pos + 1}" if isinstance(exc, json.JSONDecodeError) else ""
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise FormatError(f"{path}:{n}: not valid JSON: {message}{where}") from None
    if not isinstance(row, dict):
        raise FormatError(f"{path}:{n}: expected a JSON object with {keys}, got a JSON {_json_kind(row)}")
    return row


def _json_kind(value: object) -> str:
    return {list: "array", str: "string", bool: "true/false", type(None): "null"}.get(type(value), "number")


def read_examples(path: str | Path, corpus: str = "human") -> list[Example]:
    """Examples from a file: ATOMIC JSONL (``head``, ``relation`` and ``tails`` (a list, "none"
    skipped) or ``tail``) or TSV (``head<TAB>relation<TAB>tail``, ``#`` comments). ``corpus``:
    a JSONL row's ``tails`` (human: what people wrote), its ``generations`` (teacher: what a model
    wrote, as ``kg export -f atomic`` writes them) or both; a TSV's tails are read whatever it is."""
    if corpus not in ("human", "teacher", "both"):
        raise StudentError(f"unknown corpus {corpus!r}; use human, teacher or both")
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no such examples file: {str(path)!r}")
    out: list[Example] = []
    lines = _text_lines(path)
    if path.suffix.lower() in (".jsonl", ".json"):
        for n, line in lines:
            if not line.strip():
                continue
            row = _json_object(path, n, line, "head, relation and tails (or tail)")
            missing = [k for k in ("head", "relation") if k not in row] + ([] if "tails" in row or "tail" in row else ["tails"])
            if missing:
                raise FormatError(f"{path}:{n}: this JSON object has no {missing[0]} (expected head, relation and tails, or tail)")
            tails = row["tails"] if "tails" in row else [row["tail"]]
            head, relation = row["head"], row["relation"]
            generations = row.get("generations") or []
            tails = [tails] if isinstance(tails, str) else tails  # one tail, not its characters
            generations = [generations] if isinstance(generations, str) else generations
            if not (isinstance(head, str) and head.strip() and isinstance(relation, str) and relation.strip()
                    and isinstance(tails, list) and all(isinstance(t, str) for t in tails)
                    and isinstance(generations, list) and all(isinstance(t, str) for t in generations)):
                raise FormatError(f"{path}:{n}: head and relation must be text, and tails (and generations) lists of texts")
            if corpus == "teacher":
                tails = generations
            elif corpus == "both":  # a tail both wrote is one example
                tails = tails + [t for t in generations if t not in tails]
            out += [Example(_clean(head), _clean(relation), _clean(t)) for t in tails if _keep(t)]
    elif path.suffix.lower() in (".tsv", ".txt"):
        for n, line in lines:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise FormatError(f"{path}:{n}: expected head<TAB>relation<TAB>tail, got {len(parts)} field(s)")
            if not out and [p.strip().lower() for p in parts] == ["head", "relation", "tail"]:
                continue  # a header row, not a relation named "relation"
            if _keep(parts[2]) and parts[0].strip() and parts[1].strip():
                out.append(Example(*(_clean(p) for p in parts)))
    else:
        raise FormatError(f"cannot read examples from {str(path)!r}: use a .jsonl or .tsv file")
    return out


@dataclass(frozen=True, slots=True)
class PromptRow:
    """One prompt to generate for: a head and a relation's short name, and where it was read."""

    head: str
    relation: str
    line: int = 0


def read_prompts(path: str | Path) -> list[PromptRow]:
    """Prompts from a file: JSONL (objects with ``head`` and ``relation``; other keys ignored), or
    CSV / TSV (a header row naming ``head`` and ``relation`` columns, or, without one, the head in
    the first column and the relation in the second). Blank lines are skipped."""
    import csv

    path = Path(path)
    if not path.is_file():
        raise FormatError(f"no such prompts file: {str(path)!r}")
    suffix = path.suffix.lower()
    out: list[PromptRow] = []
    lines = _text_lines(path)
    if suffix in (".jsonl", ".json"):
        for n, line in lines:
            if not line.strip():
                continue
            row = _json_object(path, n, line, "head and relation")
            missing = [k for k in ("head", "relation") if k not in row]
            if missing:
                raise FormatError(f"{path}:{n}: this JSON object has no {missing[0]} (expected head and relation)")
            head, relation = row["head"], row["relation"]
            if not isinstance(head, str) or not isinstance(relation, str):
                raise FormatError(f"{path}:{n}: head and relation must be text")
            out.append(PromptRow(head, relation, n))
    elif suffix in (".csv", ".tsv"):
        rows = csv.reader((line for _, line in lines), delimiter="," if suffix == ".csv" else "\t")
        columns = (0, 1)
        for n, fields in enumerate(rows, 1):
            if not any(f.strip() for f in fields):
                continue
            names = [f.strip().lower() for f in fields]
            if not out and columns == (0, 1) and "head" in names and "relation" in names:
                columns = (names.index("head"), names.index("relation"))
                continue
            if len(fields) <= max(columns):
                raise FormatError(f"{path}:{n}: expected head and relation columns, got {len(fields)} field(s)")
            out.append(PromptRow(fields[columns[0]].strip(), fields[columns[1]].strip(), n))
    else:
        raise FormatError(f"cannot read prompts from {str(path)!r}: use a .jsonl, .csv or .tsv file")
    return out


class GeneratorFacts:
    """What every generator says about itself from its metadata (``meta``, saved with it):
    the relations it knows and their verbalisation templates."""

    meta: dict[str, Any]

    @property
    def relations(self) -> list[str]:
        return list(self.meta.get("relations", []))

    @property
    def templates(self) -> dict[str, str]:
        return dict(self.meta.get("templates", {}))


def require_relations(relations: Iterable[str], known: Iterable[str]) -> None:
    """Raise :class:`StudentError` naming every relation in ``relations`` that is not in
    ``known`` (a generator's relations), and listing the known ones in their order."""
    names = list(known)
    unknown = sorted(set(relations) - set(names))
    if unknown:
        raise StudentError(
            f"the generator was not trained on relation(s) {', '.join(map(repr, unknown))}; "
            f"it knows {', '.join(names) or 'none'} (it writes phrases and names: a relation whose values are numbers "
            "or dates is not trained on; kg query reads them)"
        )


def relation_name(name: str, known: Iterable[str]) -> str:
    """``name`` as a generator knows its relations, by short name: a prefixed name or an IRI
    (``cs:xWant``, ``fd:cuisine``, ``<https://...#xWant>``) whose local name is one of ``known``
    gives that name, in any case where that names one (``xwant``: ``xWant``, as a run's and a
    review's relation names are read); anything else is returned as it is."""
    names = set(known)
    if name in names:
        return name
    text = name.strip().removeprefix("<").removesuffix(">")
    local = (local_name(text) or text).casefold()
    same = [known_name for known_name in names if known_name.casefold() == local]
    return same[0] if local and len(same) == 1 else name


def check_relations(prompts: Iterable[PromptRow | tuple[str, str]], known: Iterable[str], *, source: str = "") -> None:
    """Raise :class:`~kg.errors.UnknownNameError` (a ``StudentError``) at the first prompt whose relation is not in ``known``, naming
    it (and its line of ``source``) and listing the known relations."""
    names = set(known)
    for i, prompt in enumerate(prompts, 1):
        relation = prompt.relation if isinstance(prompt, PromptRow) else prompt[1]
        if relation not in names:
            line = prompt.line if isinstance(prompt, PromptRow) and prompt.line else None
            where = f"{source}:{line}" if source and line else f"line {line}" if line else f"prompt {i}"
            raise UnknownNameError(
                f"{where}: unknown relation {relation!r}; the generator knows {', '.join(sorted(names)) or 'none'}"
                " (it writes phrases and names: a relation whose values are numbers or dates is not trained on; kg query reads them)"
            )


def _clean(text: str) -> str:
    """Text as a head, relation or tail is compared: spaces at the ends and runs of them gone
    (a head "  PersonX goes to the store  " was another head, so it could land in training while
    "PersonX goes to the store" was held out)."""
    return " ".join(text.split())


def none_references(path: str | Path) -> set[tuple[str, str]]:
    """The ``(head, relation)`` rows of an ATOMIC JSONL file that have "none" among their tails:
    COMET-ATOMIC 2020's scorer keeps such a "none" as a reference beside the row's others
    (:func:`read_examples` leaves it out, being no fact to learn)."""
    path = Path(path)
    out: set[tuple[str, str]] = set()
    if path.suffix.lower() not in (".jsonl", ".json"):
        return out
    for _, line in _text_lines(path):
        if not line.strip():
            continue
        row = json.loads(line)
        tails = row.get("tails") or [row.get("tail")]
        tails = [tails] if isinstance(tails, str) else tails
        if any(isinstance(t, str) and t.strip().lower() == "none" for t in tails):
            out.add((_clean(row["head"]), _clean(row["relation"])))
    return out


def _keep(tail: object) -> bool:
    return isinstance(tail, str) and bool(tail.strip()) and tail.strip().lower() != "none"


CORPORA = ("human", "teacher", "both")
"""Which tails :func:`examples_from_store` reads: people's (a teacher id ending in ``:human``, the
human column of a dataset such as ``atomic2020:human``), a teacher's generations (any other
teacher id), or both."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PROV = "http://www.w3.org/ns/prov#"


def examples_from_store(
    store, domain=None, *, graph: str = "accepted", corpus: str = "both", filtered: bool = True
) -> list[Example]:
    """Examples from a store: each triple whose subject has an ``rdfs:label`` and whose object
    has a label (or is a literal). Relations are named by the domain (``domain.relation_by_iri``;
    triples of other predicates are left out) or, without a domain, by the IRI's local name.

    ``corpus`` (:data:`CORPORA`) picks tails by who wrote them (:func:`written_by`): ``human``
    (a completion by a teacher id ending in ``:human``, provenance: completion → sampling →
    ``kg:teacher``; or a fact a person gave, ``kg.add`` or ``kg load``, or with no teacher in its
    provenance: the ``tails`` of ``kg export -f atomic``), ``teacher`` (a completion by any other
    teacher: its ``generations``), or ``both``. A fact both wrote is in all three.
    ``filtered``: the ``accepted`` graph only (the critic-filtered corpus); ``False`` also reads
    the candidates in quarantine that only the critic rejected (the unfiltered corpus; those a
    symbolic check rejected stay out). ``store``: a :class:`~kg.api.KnowledgeGraph` or its ``.store``.
    """
    import pyoxigraph as ox

    from kg.store import as_store

    store = as_store(store)
    if corpus not in CORPORA:
        raise StudentError(f"unknown corpus {corpus!r}; use one of {', '.join(CORPORA)}")
    rows, labels = _facts(store, graph)
    if corpus != "both":
        writers = {key: who for key, (*_, who) in _writers(store, quarantined=False).items()}
        rows = [r for r in rows if written_by(writers.get(_triple_key(*r), set()), corpus)]
    if not filtered:
        for q in store.match(predicate=ox.NamedNode(RDFS_LABEL), graph="rejected"):
            if isinstance(q.object, ox.Literal):
                labels.setdefault(_key(q.subject), q.object.value)
        for s, p, o, who in _writers(store, quarantined=True).values():
            if written_by(who, corpus):
                rows.append((s, p, o))
    # a number or a date is no tail to write: a generator wrote other rivers' lengths for the Mekong
    out = [e for e, row in _named(rows, labels, domain) if not is_figure(row[2])]
    return sorted(set(out), key=lambda e: (e.head, e.relation, e.tail))


_FIGURE_TYPES = {"http://www.w3.org/2001/XMLSchema#" + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "decimal", "double", "float", "gYear", "gYearMonth",
    "date", "dateTime", "dateTimeStamp", "time", "duration", "dayTimeDuration", "yearMonthDuration")}


def is_figure(term: object) -> bool:
    """Whether ``term`` is a literal number, date or length of time: no tail a generator writes
    (a phrase or a name is), so :func:`examples_from_store` leaves it out."""
    datatype = getattr(term, "datatype", None)
    return datatype is not None and getattr(datatype, "value", str(datatype)) in _FIGURE_TYPES


def figure_relations(store, domain=None, *, graph: str = "accepted") -> list[str]:
    """The relations (named as :func:`examples_from_store` names them) whose values in ``graph``
    are numbers or dates only: left out of a generator's training, for a note to say so."""
    from kg.store import as_store

    rows, labels = _facts(as_store(store), graph)
    kinds: dict[str, set[bool]] = {}
    for example, row in _named(rows, labels, domain):
        kinds.setdefault(example.relation, set()).add(is_figure(row[2]))
    return sorted(name for name, figure in kinds.items() if figure == {True})


def written_by(who: set[str], corpus: str) -> bool:
    """Whether a fact whose writers are ``who`` (:func:`examples_with_writers`) is in ``corpus``:
    a fact no teacher wrote is people's, as ``kg export -f atomic`` writes it among a row's
    ``tails`` (an added or loaded fact once went to ``tails`` there and was in no ``human``
    corpus)."""
    return corpus == "both" or corpus in who or (corpus == "human" and not who)


def examples_with_writers(store, domain=None, *, graph: str = "accepted") -> dict[Example, set[str]]:
    """Each example :func:`examples_from_store` gives (``corpus="both"``) with who wrote the
    completions behind it: ``"human"`` (a person's, or a fact ``kg.add`` or ``kg load`` gave),
    ``"teacher"``, both, or neither (no provenance: read as people's, :func:`written_by`). One pass over ``graph`` and one query. ``graph="rejected"``: the candidates in
    quarantine that only the critic rejected (kept there as reified statements), those
    ``filtered=False`` adds to :func:`examples_from_store`."""
    from kg.store import as_store

    store = as_store(store)
    if graph == "rejected":
        import pyoxigraph as ox

        _, labels = _facts(store, "accepted")
        for q in store.match(predicate=ox.NamedNode(RDFS_LABEL), graph="rejected"):
            if isinstance(q.object, ox.Literal):
                labels.setdefault(_key(q.subject), q.object.value)
        quarantined = _writers(store, quarantined=True)
        rows: list[tuple[object, str, object]] = [(s, p, o) for s, p, o, _ in quarantined.values()]
        writers = {key: who for key, (*_, who) in quarantined.items()}
    else:
        rows, labels = _facts(store, graph)
        writers = {key: who for key, (*_, who) in _writers(store, quarantined=False).items()}
    out: dict[Example, set[str]] = {}
    for example, row in _named(rows, labels, domain):
        out.setdefault(example, set()).update(writers.get(_triple_key(*row), ()))
    return dict(sorted(out.items(), key=lambda item: (item[0].head, item[0].relation, item[0].tail)))


def _facts(store, graph: str) -> tuple[list[tuple[object, str, object]], dict[str, str]]:
    """The triples of ``graph`` (not labels or types, nor statements about statements: an RDF
    1.2 triple term names no tail) and one label of each node, in the
    domain's language where it has one (:func:`kg.languages.preferred_label`): a corpus for an
    English domain written in German because "de" sorts first was the wrong language."""
    import pyoxigraph as ox

    from kg.domains import store_language

    named: dict[str, list[tuple[str | None, str]]] = {}
    rows: list[tuple[object, str, object]] = []
    for q in store.match(graph=graph):
        p = q.predicate.value
        if p == RDFS_LABEL:
            if isinstance(q.object, ox.Literal):
                named.setdefault(_key(q.subject), []).append((q.object.language, q.object.value))
            continue
        if p == RDF_TYPE or isinstance(q.object, ox.Triple):  # a triple term (rdf:reifies) has no label
            continue
        rows.append((q.subject, p, q.object))
    language = store_language(store) if named else None
    return rows, {node: str(preferred_label(found, language)) for node, found in named.items()}


def _named(rows, labels: dict[str, str], domain) -> Iterable[tuple[Example, tuple[object, str, object]]]:
    """Each row as an :class:`Example` (with the row), relations named by ``domain`` (rows of
    other predicates left out) or by the IRI's local name; rows without labels left out."""
    import pyoxigraph as ox

    for s, p, o in rows:
        if domain is not None:
            rel = domain.relation_by_iri(p)
            if rel is None:
                continue
            name = rel.name
        else:
            name = local_name(p)
        head = labels.get(_key(s))
        tail = o.value if isinstance(o, ox.Literal) else labels.get(_key(o))
        if head and tail:
            yield Example(head, name, tail), (s, p, o)


def _writers(store, *, quarantined: bool) -> dict[tuple[str, str, str], tuple[object, str, object, set[str]]]:
    """``(subject, predicate IRI, object, who)`` by :func:`_triple_key`, ``who`` naming the
    writers of the completions behind the triple (``"human"`` and/or ``"teacher"``): of the
    accepted facts (their statements in ``provenance``) or, ``quarantined``, of the candidates in
    ``rejected`` that only the critic rejected. A fact a person gave (``kg.add``, ``kg load``:
    its statement derived from a ``kg:Source``) is ``"human"``. One SPARQL query."""
    from kg.critic import critic_only_rejections
    from kg.critics.trusted import HUMAN_SUFFIX
    from kg.namespaces import GRAPH, KG
    from kg.provenance import completion_teacher

    prov, rej = f"<{GRAPH['provenance']}>", f"<{GRAPH['rejected']}>"
    teacher = f"GRAPH {prov} {{ {completion_teacher('?c', '?t')} }} BIND(STRENDS(STR(?t), \"{HUMAN_SUFFIX}\") AS ?human)"
    if not quarantined:
        statement = f"?n a <{_RDF}Statement> ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; <{_RDF}object> ?o"
        where = (
            f"{{ GRAPH {prov} {{ {statement} ; <{_PROV}wasDerivedFrom> ?x . ?x <{_PROV}wasDerivedFrom> ?c }} {teacher} }} "
            f"UNION {{ GRAPH {prov} {{ {statement} ; <{_PROV}wasDerivedFrom> ?src . ?src a <{KG.Source}> }} BIND(true AS ?human) }}"
        )
    else:
        where = (
            f"{critic_only_rejections('?n', graph=rej)}GRAPH {rej} {{ ?n a <{KG.Rejection}> ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?p ; "
            f"<{_RDF}object> ?o ; <{_PROV}wasDerivedFrom> ?c }} {teacher}"
        )
    sparql = f"SELECT DISTINCT ?s ?p ?o ?human WHERE {{ {where} }}"
    out: dict[tuple[str, str, str], tuple[object, str, object, set[str]]] = {}
    for row in store.query(sparql, graph="all"):
        s, p, o, human = row[0], row[1].value, row[2], row[3]
        entry = out.setdefault(_triple_key(s, p, o), (s, p, o, set()))
        entry[-1].add("human" if human.value == "true" else "teacher")
    return dict(sorted(out.items()))


def _triple_key(s: object, p: str, o: object) -> tuple[str, str, str]:
    """A triple as text (terms in N-Triples form), the same for a quad's and a query's terms."""
    return (str(s), p, str(o))


def _key(term: object) -> str:
    return ("_:" if type(term).__name__ == "BlankNode" else "") + term.value  # type: ignore[attr-defined]


def write_split(split: HeadSplit, references: Sequence[Example], folder: str | Path) -> Path:
    """Write a generator's split as COMET-ATOMIC 2020's files: ``train.tsv`` and ``dev.tsv`` (the
    corpus trained and validated on) and ``test.tsv`` (the held-out prompts' human reference
    tails, what the student is scored against), ``head<TAB>relation<TAB>tail``, no header."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, part in (("train", split.train), ("dev", split.validation), ("test", references)):
        with open(folder / f"{name}.tsv", "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(f"{' '.join(e.head.split())}\t{e.relation}\t{' '.join(e.tail.split())}\n" for e in part)
    return folder


def split_by_head(
    examples: Iterable[Example], *, test: float = 0.1, validation: float = 0.1, seed: int = 0,
    heads: Iterable[str] | None = None,
) -> HeadSplit:
    """A seeded split by head: the sorted distinct heads are shuffled and cut, so every example
    of a head lands in one part and the same data and seed always give the same split.
    ``heads``: the heads to cut (default: the examples' own; others go to train): a corpus drawn
    from a larger one (the critic-filtered one from all of a store's) is split as that one is, so
    students of two corpora are scored on the same held-out heads."""
    if not (0 <= test < 1 and 0 <= validation < 1 and test + validation < 1):
        raise StudentError(f"split shares must lie in [0, 1) and sum below 1, got test={test}, validation={validation}")
    examples = list(examples)
    heads = sorted(set(heads) if heads is not None else {e.head for e in examples})
    random.Random(seed).shuffle(heads)
    n_test = int(round(test * len(heads)))
    n_valid = int(round(validation * len(heads)))
    # a head goes where the first head of its key went: twins that differ by a "___" blank or
    # punctuation (head_key) stay in one part (heads without twins are cut as they always were)
    by_key: dict[str, int] = {}
    for i, h in enumerate(heads):
        by_key.setdefault(head_key(h), 2 if i < n_test else 1 if i < n_test + n_valid else 0)
    parts: list[list[Example]] = [[], [], []]
    for e in examples:
        parts[by_key.get(head_key(e.head), 0)].append(e)
    return HeadSplit(parts[0], parts[1], parts[2],
                     held_out=frozenset(h for h in heads if by_key[head_key(h)] == 2))
