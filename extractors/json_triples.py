"""JSON triples: a list of ``{"subject", "predicate", "object"}`` objects.

Tolerant of what teachers really write: code fences, prose before and after the JSON,
trailing commas, single quotes, Python literals, a wrapping ``{"triples": [...]}`` object,
``[s, p, o]`` arrays, JSON Lines (one object a line, each read), a ``"reason"`` (or
``"because"``, ``"rationale"``, ``"why"``) key kept as the teacher's rationale for the triple,
and truncated output (every complete object is kept; the cut-off one is recorded as
unreadable). Duplicate keys, NaN/Infinity, nested values and unknown predicates make
that one object unreadable, never the whole completion.

A list prompt (a known head and relation) answered in JSON gives its tails: ``["Spain",
"Belgium"]``, an object holding one such list (``{"borders": [...]}``), and items that hold one
value (``{"country": "Spain"}``, ``{"tail": "Spain", "reason": "..."}``); a full triple among
them is still read as a triple.
"""

from __future__ import annotations

import ast
import json
import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator

from rdflib import XSD

from extractors.chat_answers import one_name, split_bracketed
from extractors.figures import number_text
from extractors.labels import is_remark
from extractors.normalize import FILE_SOURCE, TABLE_SOURCE, Normalizer
from extractors.text import FENCE
from kg.forms import typed_by_form
from kg.iri import local_name
from kg.records import SURROGATES, Candidate, Completion, Unreadable
from kg.units import Unit, unit_named

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["extract_json", "find_json_items", "NAME"]

NAME = "json"

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SUBJECT = ("subject", "s", "head", "subj", "entity1", "source", "from")
_PREDICATE = ("predicate", "p", "relation", "rel", "property", "relationship", "pred", "edge")
_OBJECT = ("object", "o", "tail", "obj", "value", "entity2", "target", "to")
_RATIONALE = ("reason", "because", "rationale", "why", "explanation")
_WRAPPERS = ("triples", "facts", "data", "results", "relations", "statements", "items")
MAX_TEXT = 200_000


class _DuplicateKey(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"duplicate key {key!r}")
        out[key] = value
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=Decimal)
"""A JSON number with a point or an exponent is a :class:`~decimal.Decimal`, its digits as
written: the version ``3.10`` is no 3.1."""


def _json_region(text: str) -> str:
    """The part of the text most likely to hold the JSON: the first fenced block that has a
    bracket in it (an unclosed fence runs to the end), else the whole text."""
    for match in FENCE.finditer(text):
        body = match.group(2)
        if "{" in body or "[" in body:
            return body
    return text


def _loads_lenient(raw: str) -> Any:
    """Parse one JSON-ish value: JSON, JSON without trailing commas, then a Python literal."""
    try:
        return _DECODER.decode(raw)
    except _DuplicateKey:
        raise
    except ValueError:
        pass
    fixed = _TRAILING_COMMA.sub(r"\1", raw)
    try:
        return _DECODER.decode(fixed)
    except _DuplicateKey:
        raise
    except ValueError:
        pass
    pythonish = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", fixed)))
    try:
        tree = ast.parse(pythonish, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ValueError("not JSON") from None
    # literal_eval silently keeps the last of duplicate keys: refuse them like JSON does
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            if len(keys) != len(set(map(repr, keys))):
                raise _DuplicateKey("duplicate key")
    try:
        return ast.literal_eval(tree)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        raise ValueError("not JSON") from None


def _outside_strings(text: str, start: int) -> Iterator[tuple[int, str]]:
    """``(index, character)`` of each character of ``text`` from ``start`` that is not in a
    string (both quote kinds; an apostrophe inside a word opens none), the quotes left out."""
    quote = ""
    escaped = False
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            if not (ch == "'" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()):
                quote = ch
            continue
        yield i, ch


def _top_objects(text: str, start: int) -> Iterator[tuple[str, bool]]:
    """The ``{...}`` objects at the outermost object level from ``start``, string-aware (both
    quote kinds); the last one may be incomplete (``complete=False``)."""
    depth = 0
    begin = -1
    for i, ch in _outside_strings(text, start):
        if ch == "{":
            if depth == 0:
                begin = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                yield text[begin : i + 1], True
                begin = -1
    if depth > 0 and begin >= 0:
        yield text[begin:], False


def _array_prefix(text: str, start: int) -> tuple[str, list[Any]] | None:
    """(the array up to its last whole value, closed, and that value) of a JSON list of values
    cut off before its end: ``["smells smoke", "is late for wo`` gives ``["smells smoke"]``;
    None when no value is whole."""
    depth = 0
    cuts: list[int] = []  # the top-level commas
    for i, ch in _outside_strings(text, start):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return None  # a closed list that did not parse: not a cut-off one
        elif ch == "," and depth == 1:
            cuts.append(i)
    for cut in reversed(cuts[-3:]):
        try:
            value = _loads_lenient(text[start:cut] + "]")
        except (ValueError, RecursionError):
            continue
        if isinstance(value, list) and value:
            return text[start:cut] + "]", value
    return None


def find_json_items(text: str) -> tuple[list[tuple[str, Any]], list[tuple[str, str]]]:
    """(items, problems): each item is (raw span, parsed value); each problem (raw span, reason).
    Returns no items and no problems when the text holds no JSON at all."""
    region = _json_region(text[:MAX_TEXT])
    starts = [i for i in (region.find("["), region.find("{")) if i >= 0]
    if not starts:
        return [], []
    start = min(starts)
    try:
        value, end = _DECODER.raw_decode(region, start)
        if not (isinstance(value, dict) and region[end:].lstrip().startswith("{")):  # JSON Lines: one object a line
            return _unwrap(region[start:end], value), []
    except (ValueError, RecursionError):
        pass
    # whole-value parse failed: try the bracketed region leniently, then object by object
    closing = region.rfind("]" if region[start] == "[" else "}")
    if closing > start:
        try:
            value = _loads_lenient(region[start : closing + 1])
            return _unwrap(region[start : closing + 1], value), []
        except (ValueError, RecursionError):
            pass
    if region[start] == "[" and region.find("{", start) < 0:  # a list of values, cut off: its whole values
        kept = _array_prefix(region, start)
        if kept is not None:
            raw, value = kept
            return _unwrap(raw, value), [(region[start + len(raw) - 1 :][:2000].lstrip(" ,\n"), "truncated JSON list item")]
    items: list[tuple[str, Any]] = []
    problems: list[tuple[str, str]] = []
    for raw, complete in _top_objects(region, start):
        if not complete:
            problems.append((raw, "truncated JSON object"))
            continue
        try:
            items.extend(_unwrap(raw, _loads_lenient(raw)))
        except _DuplicateKey as exc:
            problems.append((raw, f"JSON object with a {exc}"))
        except (ValueError, RecursionError):
            problems.append((raw, "unparseable JSON object"))
    if not items and not problems:
        problems.append((region[start : start + 2000], "unparseable JSON"))
    return items, problems


MARKDOWN_TABLE = re.compile(r"^[ \t]*\|.*\|[ \t]*\n[ \t]*\|?[ \t]*:?-{3,}", re.MULTILINE)
"""A Markdown table's header and the rule under it (``| subject | predicate | object |`` and ``|---|---|---|``)."""
_BOLD_CELL = re.compile(r"\*\*(.+)\*\*|__(.+)__")


def table_items(text: str) -> list[tuple[str, Any]]:
    """The rows of the first Markdown table in ``text``, each an object keyed by the header's
    cells (``{"subject": "Sagittarius A*", "predicate": "mass", ...}``) with its line as its raw
    span: a chat model's answer to a JSON prompt given as a table, read as the objects it would
    have written; none when ``text`` holds no table."""
    found = MARKDOWN_TABLE.search(text[:MAX_TEXT])
    if found is None:
        return []
    lines = text[found.start():MAX_TEXT].splitlines()
    header = _cells(lines[0])
    items: list[tuple[str, Any]] = []
    for line in lines[2:]:
        if not line.strip().startswith("|"):
            break  # the table's end
        cells = _cells(line)
        if len(cells) == len(header):
            items.append((line.strip(), dict(zip(header, cells))))
    return items


def _cells(line: str) -> list[str]:
    """A Markdown table row's cells, trimmed, a cell in bold as its text ("**Sagittarius A***")."""
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return [next(g for g in m.groups() if g is not None) if (m := _BOLD_CELL.fullmatch(cell)) else cell for cell in cells]


def _unwrap(raw: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        lowered = {str(k).casefold(): v for k, v in value.items()}
        for key in _WRAPPERS:
            if isinstance(lowered.get(key), list):
                value = lowered[key]
                break
        else:
            return [(raw, value)]
    if isinstance(value, list):
        single = len(value) == 1
        return [(raw if single else _span(item), item) for item in value]
    return [(raw, value)]


def _written(value: Any) -> str:
    """A :class:`~decimal.Decimal` (a JSON number) marked for :func:`_span` to write bare."""
    if isinstance(value, Decimal):
        return f"\0{value}\0"
    raise TypeError(f"{type(value).__name__} is not JSON")


_WRITTEN = re.compile(r'"\\u0000([^"\\]*)\\u0000"')


def _span(item: Any) -> str:
    """One item of a list as JSON, its numbers as written (``3.10``)."""
    try:
        text = json.dumps(item, ensure_ascii=False, default=_written)
    except (TypeError, ValueError):
        return repr(item)
    # a lone surrogate (from a "\ud800" escape) cannot be stored: keep it escaped, as it was
    return _WRITTEN.sub(r"\1", json.dumps(item, default=_written) if SURROGATES.search(text) else text)


def _field(item: dict[str, Any], names: tuple[str, ...]) -> Any:
    lowered = {str(k).casefold(): v for k, v in item.items()}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def _scalar(value: Any, *, booleans: bool = False) -> str | None:
    """A JSON value as text: a string, a finite number, and with ``booleans`` (the value of an
    ``xsd:boolean`` relation) ``true`` and ``false``; None for any other."""
    if isinstance(value, bool):
        return ("true" if value else "false") if booleans else None
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, float, Decimal)):
        return number_text(value)  # 3.10 as written; 141.063 in a German domain: no 141063
    if isinstance(value, str):
        return value
    return None


def triple_parts(item: Any) -> tuple[Any, Any, Any] | None:
    if isinstance(item, dict):
        parts = (_field(item, _SUBJECT), _field(item, _PREDICATE), _field(item, _OBJECT))
        return None if any(p is None for p in parts) else parts
    if isinstance(item, (list, tuple)) and len(item) == 3:
        return tuple(item)
    return None


_ANSWER = ("name", "answer", "label", "title", "item")


def _key(name: object) -> str:
    return re.sub(r"[\s_-]", "", str(name)).casefold()


def _in_unit(key: object, answer_keys: frozenset[str], unit: Unit) -> bool:
    """Whether a field name is a relation's and its ``unit``'s: ``length_km``, ``max_speed_kmh``, ``discharge_m3_s``."""
    parts = re.split(r"[\s_-]+", str(key))
    return any(_key("".join(parts[:i])) in answer_keys and unit in (unit_named(" ".join(parts[i:])), unit_named("/".join(parts[i:])))
               for i in range(1, len(parts)))


def _answer_key(item: dict[str, Any], answer_keys: frozenset[str], unit: Unit | None = None) -> Any:
    """The key of an object's one answer field among several (``{"drug": "Aspirin", "effect":
    "bleeding"}``: ``drug`` names the relation's range; ``{"molecular_weight": 180.16, "unit":
    "g/mol"}``: the relation; ``{"name": ..., "severity": ...}``; ``{"length_km": 6650, "length_mi":
    4130}``: the relation in its ``unit``), or None."""
    found = [k for k in item if _key(k) in answer_keys]
    if not found and unit is not None:
        found = [k for k in item if _in_unit(k, answer_keys, unit)]
    return found[0] if len(found) == 1 else None


def _answer_tails(
    item: Any, depth: int = 0, answer_keys: frozenset[str] = frozenset(), unit: Unit | None = None,
) -> list[tuple[str, str | None]] | None:
    """(tail, rationale) pairs of one item of a list prompt's JSON answer, or None when it holds
    no tails: a string or number; an object with one value besides a reason (or an ``object`` /
    ``tail`` / ``value`` field without a subject and predicate, or one field ``answer_keys`` name,
    the other text fields its gloss); a list of those, one level deep, also as the one value of an
    object (``{"interactions": [...]}``)."""
    value = _scalar(item)
    if value is not None:
        return [(value, None)]
    if isinstance(item, list) and depth <= 1:
        listed = [_answer_tails(v, 2, answer_keys, unit) for v in item]
        if not listed or any(t is None for t in listed):
            return None
        return [pair for t in listed if t for pair in t]
    if not isinstance(item, dict):
        return None
    why = _field(item, _RATIONALE)
    rationale = why if isinstance(why, str) and why.strip() else None
    values = [v for k, v in item.items() if str(k).casefold() not in _RATIONALE]
    named = _field(item, _OBJECT)
    if named is not None and _field(item, _SUBJECT) is None and _field(item, _PREDICATE) is None:
        values = [named]
    elif len(values) > 1 and (key := _answer_key(item, answer_keys, unit)) is not None:
        gloss = "; ".join(f"{k}: {v}" for k, v in item.items() if k != key and str(k).casefold() not in _RATIONALE and _scalar(v))
        values, rationale = [item[key]], rationale or gloss or None
    if len(values) != 1:
        return None
    found = _answer_tails(values[0], depth + (0 if isinstance(values[0], list) else 1), answer_keys, unit)
    if found is not None and len(found) == 1 and rationale:
        return [(found[0][0], rationale)]
    return found


def _answer_keys(relation: Relation) -> frozenset[str]:
    """The field names that hold a list prompt's answer in an object: ``name`` and the like, the
    relation's name and its words (``molecularWeight``, ``weight``; ``approvalYear``, ``year``;
    ``iataCode``, ``iata``: ``{"iata": "JFK", "icao": "KJFK"}``), and its range class's (``drug``)."""
    words = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", relation.name)
    names = {_key(relation.name), *(_key(w) for w in words if len(w) >= 3), *_ANSWER}
    if relation.range is not None and not relation.object_is_literal:
        names.add(_key(local_name(relation.range)))
    return frozenset(names)


def extract_json(
    completion: Completion, normalizer: Normalizer, *, head: str | None = None, relation: Relation | None = None,
    topic: str | None = None,
) -> list[Candidate | Unreadable]:
    """Candidates from the JSON triples in ``completion``; with ``head`` and ``relation`` (a list
    prompt's), also from the tails it lists; with ``topic`` (a topic prompt's), also from an
    object that describes the topic by its relations (``{"name": "Antonín Dvořák", "birthDate":
    "1841-09-08", "composed": ["Rusalka"]}``, as chat models answer "facts about X as JSON")."""
    out: list[Candidate | Unreadable] = []
    items, problems = find_json_items(completion.answer)
    if not items and not problems:  # "| subject | predicate | object |": a chat model's table for the JSON asked
        items = table_items(completion.answer)
    for raw, reason in problems:
        out.append(Unreadable(completion, raw[:2000], NAME, reason))
    if not items and not problems:
        if completion.answer.strip():
            out.append(Unreadable(completion, completion.answer[:2000], NAME, "no JSON in the output"))
        else:
            out.append(normalizer.empty(completion, NAME))
    asked = relation
    chat = not completion.teacher.startswith((FILE_SOURCE, TABLE_SOURCE))  # a model's answer, not a user's file or a dataset's
    for raw, item in items:
        parts = triple_parts(item)
        if head is not None and asked is not None and (parts is None or normalizer.relation(str(parts[1])) is None):
            tails = _answer_tails(item, answer_keys=_answer_keys(asked), unit=asked.unit)
            if tails is not None:
                for tail, why in tails:
                    if chat and is_remark(tail, normalizer.language):  # ["Spain", "Belgium", "Hope this helps!"]: a model's courtesy line
                        normalizer.stats.drop("remark beside an answer")
                        continue
                    gloss = None
                    if not asked.object_is_literal:  # "Inflammation (anti-inflammatory doses)"
                        tail, gloss = split_bracketed(tail)
                    normalizer.candidate(completion, NAME, raw[:2000], head, asked, tail, out=out, rationale=why or gloss)
                continue
        if parts is None and topic and isinstance(item, dict) and _described(item, topic, normalizer, completion, raw, out):
            continue
        if parts is None:
            listed = head is not None and asked is not None
            reason = "neither a tail nor a subject/predicate/object triple" if listed else "not a subject/predicate/object triple"
            out.append(Unreadable(completion, raw[:2000], NAME, reason))
            continue
        predicate = _scalar(parts[1])
        yes_no = predicate is not None and _yes_no(normalizer.relation(predicate))
        subjects, objects = _values(parts[0]), _values(parts[2], booleans=yes_no)
        if subjects is None or predicate is None or objects is None:
            out.append(Unreadable(completion, raw[:2000], NAME, "a triple part is not a string, a finite number or a list of them"))
            continue
        relation = normalizer.relation(predicate)
        if relation is None:
            out.append(Unreadable(completion, raw[:2000], NAME, f"unknown predicate {predicate[:80]!r}"))
            continue
        why = _field(item, _RATIONALE) if isinstance(item, dict) else None
        rationale = why if isinstance(why, str) and why.strip() else None
        if topic and topic.casefold().startswith("personx "):  # the event's participant for the event
            subjects = [topic if _PARTICIPANT.fullmatch(x.strip()) else x for x in subjects]
        if chat and not relation.object_is_literal:  # "R&B, soul, funk": a relation's values in one string
            objects = [value for obj in objects for value in _listed_values(obj, relation, normalizer)]
        for subject in subjects:
            for obj in objects:
                gloss = None
                if not relation.object_is_literal:  # "Reye's syndrome (in children)": a name and a gloss
                    obj, gloss = split_bracketed(obj)
                normalizer.candidate(completion, NAME, raw[:2000], subject, relation, obj, out=out, rationale=rationale or gloss)
    return normalizer.dedupe(out)


_NAME_KEYS = frozenset({"name", "label", "title", "id", "subject", "entity", "topic"})
_PARTICIPANT = re.compile(r"person ?x|x|the person", re.IGNORECASE)
"""How a model names the participant of a ``PersonX ...`` topic as the subject of its facts."""


_CONTAINERS = frozenset({*_WRAPPERS, "inferences", "properties", "attributes", "knowledge", "details", "info", "information"})
"""Keys an object about the topic nests its facts under (``{"event": ..., "inferences": {...}}``); another
entity's name is not one: its facts are not the topic's."""
_TAILS = ("tails", "objects", "answers", "values", "items", "tail", "object", "value", "answer")


def _described(item: dict[str, Any], topic: str, normalizer: Normalizer, completion: Completion, raw: str,
               out: list[Candidate | Unreadable], depth: int = 0) -> bool:
    """Candidates ``(topic, relation, value)`` of an object whose keys name relations (by name
    or synonym), also one level down (``{"PersonX bakes bread": {"xWant": [...]}}``, ``{"event":
    ..., "inferences": {"xWant": [...]}}``), or of an object that names one relation and its
    values (``{"relation": "xWant", "tails": [...]}``); False (nothing read) when none does.
    Keys that name the topic are no fact; other keys that name no relation are counted as dropped."""
    named = _field(item, _PREDICATE)
    listed = _field(item, _TAILS)
    if depth == 0 and isinstance(named, str) and listed is not None and _field(item, _SUBJECT) is None:
        rel = normalizer.relation(named)
        values = _values(listed)
        if rel is not None and values is not None:
            for value in values:
                normalizer.candidate(completion, NAME, raw[:2000], topic, rel, value, out=out)
            return True
    facts = [(rel, values) for key, value in item.items()
             if _key(key) not in _NAME_KEYS and (rel := normalizer.relation(str(key))) is not None
             and (values := _values(value, booleans=_yes_no(rel))) is not None]
    nested = [value for key, value in item.items() if isinstance(value, dict) and (_key(key) in _CONTAINERS or _key(key) == _key(topic))]
    if not facts:
        return depth == 0 and any([_described(v, topic, normalizer, completion, raw, out, depth + 1) for v in nested])
    unnamed = [k for k in item if _key(k) not in _NAME_KEYS and normalizer.relation(str(k)) is None]
    if unnamed:
        normalizer.stats.drop("JSON key naming no relation", len(unnamed))
    for rel, values in facts:
        for value in values:
            gloss = None
            if not rel.object_is_literal:
                value, gloss = split_bracketed(value)
            normalizer.candidate(completion, NAME, raw[:2000], topic, rel, value, out=out, rationale=gloss)
    return True


def _listed_values(text: str, relation: Relation, normalizer: Normalizer) -> list[str]:
    """The values a model's string lists between commas for a relation with several values
    (``"R&B, soul, funk"``), each a short name; ``[text]`` for one name written with commas (one
    the store or the reference knows, ``Earth, Wind & Fire``: :func:`one_name`), a longer part, a
    functional relation's value (``Bergen, Norway``) or a domain of phrases."""
    domain = normalizer.domain
    parts = [p.strip() for p in _OUTSIDE_BRACKETS.split(text)]
    if domain is None or typed_by_form(domain) or relation.iri in domain.index.functional or len(parts) < 2:
        return [text]
    if normalizer.names(text) or one_name(text) or not all(p and len(p.split()) <= 4 for p in parts):
        return [text]
    return parts


_OUTSIDE_BRACKETS = re.compile(r",(?![^()]*\))")


def _values(value: Any, *, booleans: bool = False) -> list[str] | None:
    """A triple part's values: one scalar, or a non-empty list of scalars (chat models write
    ``"object": ["Sigourney Weaver", "John Hurt"]`` for a relation with several values);
    ``booleans``: JSON ``true`` and ``false`` too (:func:`_scalar`)."""
    if isinstance(value, list):
        values = [_scalar(v, booleans=booleans) for v in value]
        return None if not values or any(v is None for v in values) else [v for v in values if v is not None]
    one = _scalar(value, booleans=booleans)
    return None if one is None else [one]


def _yes_no(relation: Relation | None) -> bool:
    """Whether ``relation``'s values are ``xsd:boolean``: a JSON ``true`` is its answer."""
    return relation is not None and str(relation.datatype) == str(XSD.boolean)
