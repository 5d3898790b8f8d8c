"""Erase every trace of some strings (a person's name, e-mail, phone) from a store: ``kg erase``.

Retraction (:mod:`kg.critics.retract`) deletes nothing; erasure does, for good:

* every quad, in every graph, whose subject or object IRI or whose literal holds one of the
  strings as a whole word or words (case-insensitively: ``Ran`` takes "Ran Cohen" and
  ``ran.cohen@example.org``, never France or Iran; in a script written without spaces, Chinese
  or Japanese, anywhere; an IRI also where it holds the string as kg mints it into one,
  ``Jane Q. Doe`` as ``jane_q_doe``): facts, labels, quarantined answers (completion text, raw spans,
  rationales), review notes, and the prompts of a run's saved list (``kg:promptsJson``) that
  carried them (as a head or a few-shot example; the run's other prompts stay, in their words);
* every quad naming an entity one of whose labels (``rdfs:label``, ``skos:prefLabel``,
  ``skos:altLabel``) holds a string, or the IRI kg mints from a string (in ``res:`` and where
  each of the store's domains mints, ``[domain] entities``): a name kg mints into a hashed IRI
  (``李小龍`` as ``x_0df9414571``, a name over 64 characters) holds no trace of it;
* every answer of the store's teacher cache (``STORE/teacher-cache.sqlite``) that holds one,
  so no rerun replays it; the file is rebuilt (VACUUM) so the bytes leave it;
* then the database is rewritten (:meth:`kg.store.embedded.EmbeddedStore.rewrite`): Oxigraph
  never forgets a string it stored, so a delete alone leaves it readable in its files.

What it cannot change is listed, not touched: other files under the store that still hold a
string (a student's or the critic's files: retrain or delete them), and, outside the store,
backups, exports, reports and logs made before.

A string that occurs in a namespace the store's IRIs share (``org``, ``http``, ``kgdistill``),
or whose erasure would remove more than half of the store's quads, is refused without ``force``:
it would erase the whole store. A dry run counts it either way, and notes the refusal.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pyoxigraph as ox

from kg.domains import entity_namespaces, store_prefixes
from kg.errors import UsageError
from kg.iri import distinct_iri, mint_iri, slugify
from kg.namespaces import (
    BASE, COMPLETION, GRAPH, KG, MINING, PREFIXES, PROMPT, REJECTION, RESCORING, RESOURCE, RULE, RUN, SAMPLING, SOURCE,
    STATEMENT, SUPPORT,
)
from kg.store import Store
from kg.store.embedded import EmbeddedStore
from kg.teachers.cache import CompletionCache

__all__ = ["EraseReport", "Leftover", "erase", "MIN_LENGTH"]

MIN_LENGTH = 3
"""The shortest string erase takes: a letter or two matches most of a store."""

CACHE = "teacher-cache.sqlite"

LARGE_SHARE = 0.5
"""The share of the store's quads an erasure removes only with ``force``."""

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_LABELS = [ox.NamedNode(iri) for iri in (PREFIXES["rdfs"] + "label", _SKOS + "prefLabel", _SKOS + "altLabel")]
_KG_NAMESPACES = [str(ns) for ns in (RESOURCE, GRAPH, STATEMENT, SUPPORT, COMPLETION, SAMPLING, PROMPT, REJECTION, RUN,
                                     SOURCE, RESCORING, RULE, MINING)]


@dataclass
class Leftover:
    """A place under the store that still holds one of the strings, and what to do about it."""

    path: str
    files: list[str]
    todo: str


@dataclass
class EraseReport:
    """What an erasure removed (with ``dry_run``: would remove): ``removed`` quads per graph,
    ``cache_entries`` answers of the teacher cache; ``kept`` the quads the rewritten database
    holds (None: not rewritten); ``leftovers`` what else under the store holds a string."""

    strings: list[str]
    removed: dict[str, int] = field(default_factory=dict)
    cache_entries: int = 0
    kept: int | None = None
    dry_run: bool = False
    leftovers: list[Leftover] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        total = sum(self.removed.values())
        per_graph = ", ".join(f"{graph} {n:,}" for graph, n in sorted(self.removed.items()))
        verb = "would remove" if self.dry_run else "removed"
        return (
            f"erase: {verb} {total:,} quads{f' ({per_graph})' if per_graph else ''} and {self.cache_entries:,} "
            "teacher-cache entries"
            + (" (dry run: nothing changed)" if self.dry_run else
               f"; the database was rewritten without them ({self.kept:,} quads kept)")
        )


def _needles(strings: Iterable[str]) -> list[str]:
    needles = list(dict.fromkeys(s.strip().casefold() for s in strings if s.strip()))
    if not needles:
        raise UsageError("give the text to erase (a name, an e-mail address, ...)")
    short = [s for s in needles if len(s) < MIN_LENGTH]
    if short:
        raise UsageError(f"{short[0]!r} is too short to erase (under {MIN_LENGTH} characters): it would match most of the store")
    return needles


_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uf900-\ufaff\uff66-\uff9f"
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, CJK, kana): a name
in them is found anywhere in a text."""
_IN_WORD = f"[^\\W_{_UNSPACED}]"
"""A letter or digit of a script with spaces between words (``_`` parts words, as in kg's IRIs)."""


def matcher(needles: Sequence[str]) -> Callable[[str | None], bool]:
    """Whether a text holds one of ``needles`` (case-folded) as a whole word or words: no letter
    or digit of a spaced script just before or after it (so ``ran`` is not in "France");
    anywhere where the needle's edge is not such a letter (``@acme.org``, ``李小龍``)."""
    parts = []
    for needle in needles:
        part = re.escape(needle)
        if re.match(_IN_WORD, needle[0]):
            part = f"(?<!{_IN_WORD})" + part
        if re.match(_IN_WORD, needle[-1]):
            part += f"(?!{_IN_WORD})"
        parts.append(part)
    pattern = re.compile("|".join(parts))

    def holds(text: str | None) -> bool:
        return bool(text) and pattern.search(text.casefold()) is not None  # type: ignore[union-attr]

    return holds


def _slugs(needles: Sequence[str]) -> list[str]:
    """The strings as kg mints them into IRIs (``Jane Q. Doe``: ``jane_q_doe``), those long enough."""
    return [slug for slug in dict.fromkeys(slugify(n).casefold() for n in needles) if len(slug) >= MIN_LENGTH]


def _named(store: EmbeddedStore, strings: Sequence[str], holds: Callable[[str | None], bool]) -> set[object]:
    """The entities named by a string: those one of whose labels holds one, and the IRIs kg
    mints from the strings (a hashed one, ``x_0df9414571``, holds no trace of the name), in
    ``res:`` and where each of the store's domains mints (``[domain] entities``)."""
    named: set[object] = set()
    namespaces = dict.fromkeys([RESOURCE, *entity_namespaces(store)])
    for text in strings:
        with contextlib.suppress(ValueError):  # no name in it ("..."): no IRI
            # and its hashed form, given a new name whose minted IRI was another entity's (kg.iri.distinct_iri)
            named.update(ox.NamedNode(str(mint(text, ns))) for ns in namespaces for mint in (mint_iri, distinct_iri))
    for label in _LABELS:
        for quad in store.raw.quads_for_pattern(None, label, None):
            if isinstance(quad.object, ox.Literal) and holds(quad.object.value):
                named.add(quad.subject)
    return named


def _in_namespaces(store: EmbeddedStore, needles: Sequence[str]) -> list[str]:
    """The strings that occur, as words (:func:`matcher`), in a namespace the store's IRIs
    share: kg's own, the standard vocabularies', the domains' ontologies' and where they mint
    their entities (``org`` is in every ``http://www.w3.org/`` IRI, ``example`` in every IRI of a
    domain minting in ``https://bib.example.de/entity/``; ``till`` is in none: "kgdistill" is
    another word)."""
    namespaces = [BASE, *_KG_NAMESPACES, *PREFIXES.values(), _SKOS, *store_prefixes(store).values(),
                  *map(str, entity_namespaces(store))]
    return [n for n in needles if any(matcher([n])(ns) for ns in namespaces)]


_JSON_ESCAPE = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")


def _unescaped(text: str) -> str:
    """``text`` with its JSON ``\\uXXXX`` escapes read (a run's saved prompts, written by
    ``json.dumps`` before December 2026, held "São Tomé" as ``S\\u00e3o Tom\\u00e9``)."""
    def read(match: re.Match[str]) -> str:
        try:
            return json.loads(f'"{match.group()}"')
        except ValueError:
            return match.group()

    return _JSON_ESCAPE.sub(read, text) if "\\u" in text else text


def _term_holds(term: object, in_literals: Callable[[str | None], bool], in_iris: Callable[[str | None], bool]) -> bool:
    if isinstance(term, ox.NamedNode):
        return in_iris(term.value)
    if isinstance(term, ox.Literal):
        return in_literals(_unescaped(term.value))
    return False


_PROMPTS_JSON = ox.NamedNode(str(KG.promptsJson))


def _prompts_without(literal: ox.Literal, holds: Callable[[str | None], bool]) -> ox.Literal | None:
    """A run's saved prompt list (``kg:promptsJson``) without the prompts that hold a string, or
    None when none is left or the list cannot be read: the run's other questions keep their
    words, so the teacher's cache still answers them (dropping the whole list made the next
    run ask every question of the run again)."""
    try:
        prompts = json.loads(literal.value)
    except ValueError:
        return None
    if not isinstance(prompts, list):
        return None
    kept = [p for p in prompts if not holds(json.dumps(p, ensure_ascii=False))]
    return ox.Literal(json.dumps(kept, ensure_ascii=False), datatype=literal.datatype) if kept else None


def _graph_name(graph: object) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return "default"
    value = graph.value if isinstance(graph, ox.NamedNode) else str(graph)
    return value.removeprefix(str(GRAPH)) if value.startswith(str(GRAPH)) else value


def _byte_pattern(needles: Sequence[str]) -> re.Pattern[bytes]:
    """:func:`matcher` for a file's lower-cased bytes: a word boundary is an ASCII letter or
    digit (a name beside a non-ASCII letter is taken: listing a file too many is the safe side)."""
    parts = []
    for needle in needles:
        part = re.escape(needle.encode("utf-8"))
        if needle[0].isascii() and needle[0].isalnum():
            part = b"(?<![0-9a-z])" + part
        if needle[-1].isascii() and needle[-1].isalnum():
            part += b"(?![0-9a-z])"
        parts.append(part)
    return re.compile(b"|".join(parts))


def _file_holds(path: Path, pattern: re.Pattern[bytes], longest: int) -> bool:
    """Whether the file's bytes, ASCII letters in any case, match ``pattern`` (needles up to
    ``longest`` bytes), read a block at a time."""
    tail = b""
    try:
        with path.open("rb") as fh:
            block = fh.read(1 << 22)
            while block:
                following = fh.read(1 << 22)
                text = tail + block.lower()
                # a match at the block's end may go on in the next block: found again there
                if any(not following or m.end() < len(text) for m in pattern.finditer(text)):
                    return True
                tail = text[-(longest + 1):]
                block = following
    except OSError:
        return False
    return False


def _todo(relative: Path) -> tuple[str, str]:
    """The place a file belongs to (a student's folder, the critic's, the file itself) and what to do."""
    parts = relative.parts
    if parts[0] == "students" and len(parts) > 2:
        return f"students/{parts[1]}", f"trained on the erased facts: retrain it (kg train {parts[1]}), or delete the folder"
    if parts[0] == "critic":
        return "critic", "trained on the erased facts: train it again (kg critic train), or delete the folder"
    if parts[0] == "oxigraph":
        return "oxigraph", "the database: run kg erase again (it rewrites the database)"
    if parts[0] == "journal":
        return str(relative), "a write that never loaded: delete the file"
    return str(relative), "delete the file, or edit the string out of it"


def _leftovers(folder: Path, needles: Sequence[str], skip: Sequence[str] = ()) -> list[Leftover]:
    """Every file under ``folder`` (but its entries named in ``skip``) whose bytes still hold
    one of ``needles``, by place."""
    pattern, longest = _byte_pattern(needles), max(len(n.encode("utf-8")) for n in needles)
    places: dict[str, Leftover] = {}
    for root, dirs, files in os.walk(folder):
        if Path(root) == folder:
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if not f.startswith(tuple(skip))]
        for name in sorted(files):
            path = Path(root) / name
            if path.is_symlink() or not path.is_file() or not _file_holds(path, pattern, longest):
                continue
            if path.suffix == ".toml" and not _settings_hold(path, matcher(needles)):
                continue  # only a line kg wrote holds it (kg.toml's template names France and Peru as examples)
            relative = path.relative_to(folder)
            place, todo = _todo(relative)
            places.setdefault(place, Leftover(place, [], todo)).files.append(str(relative))
    return sorted(places.values(), key=lambda x: x.path)


def _settings_hold(path: Path, holds: Callable[[str | None], bool]) -> bool:
    """Whether a line of a TOML file holds a string, but for the lines of the ``kg.toml`` kg
    writes (:func:`kg.config.default_toml`: its comments name France and Peru as example seeds);
    True for a file that cannot be read as text (its bytes held it)."""
    from kg.config import default_toml

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return True
    ours = set(default_toml().splitlines())
    return any(holds(line) for line in lines if line not in ours)


def _trained(folder: Path) -> list[str]:
    """The models under the store trained on its facts (``students/NAME``, ``critic``)."""
    students = sorted(f"students/{p.name}" for p in (folder / "students").glob("*") if p.is_dir() and any(p.iterdir()))
    critic = folder / "critic"
    return students + (["critic"] if critic.is_dir() and any(critic.iterdir()) else [])


def _refuse(refusal: str, dry_run: bool, force: bool) -> None:
    """Refuse an erasure that would wipe the store, unless ``force`` (a dry run only notes it)."""
    if not dry_run and not force:
        raise UsageError(f"{refusal}; check the count with --dry-run, and add --force if that is what you mean")


def erase(store: Store, strings: Iterable[str], *, dry_run: bool = False, force: bool = False) -> EraseReport:
    """Erase every trace of ``strings`` from ``store`` (see the module docstring); ``force``
    erases a string found in the store's namespaces, or most of the store, too."""
    started = time.perf_counter()
    strings = list(strings)
    needles = _needles(strings)
    if not isinstance(store, EmbeddedStore):
        raise UsageError(f"kg erase works on a store folder; {store.location!r} is a SPARQL endpoint, whose server keeps "
                         "its own files: delete there (SPARQL Update) and rebuild that server's database")
    report = EraseReport(strings, dry_run=dry_run)
    refusal = ""
    if shared := _in_namespaces(store, list(dict.fromkeys([*needles, *_slugs(needles)]))):
        refusal = f"{shared[0]!r} occurs in a namespace the store's IRIs share: it would erase every IRI in it"
        _refuse(refusal, dry_run, force)

    store.wait()
    in_iris = list(dict.fromkeys([*needles, *_slugs(needles)]))
    in_literals, in_iri = matcher(needles), matcher(in_iris)
    named = _named(store, strings, in_literals)

    def holds(quad: ox.Quad) -> bool:
        return (quad.subject in named or quad.object in named or quad.predicate in named
                or _term_holds(quad.subject, in_literals, in_iri) or _term_holds(quad.object, in_literals, in_iri))

    removed: Counter[str] = Counter()
    rewritten: dict[tuple[object, object], ox.Quad] = {}  # a run's saved prompts, less those that hold a string

    def count(quad: ox.Quad) -> bool:
        if holds(quad):
            removed[_graph_name(quad.graph_name)] += 1
            if quad.predicate == _PROMPTS_JSON and isinstance(quad.object, ox.Literal) and quad.subject not in named:
                kept = _prompts_without(quad.object, lambda text: in_literals(text) or in_iri(text))
                if kept is not None:
                    rewritten[(quad.subject, quad.graph_name)] = ox.Quad(quad.subject, quad.predicate, kept, quad.graph_name)
            return True
        return False

    folder = store.path
    if dry_run or not force:  # counted first: an erase of most of the store is refused before it starts
        total = 0
        for quad in store.raw.quads_for_pattern(None, None, None):
            total += 1
            count(quad)
        if not refusal and sum(removed.values()) > LARGE_SHARE * total:
            refusal = (f"erasing {', '.join(map(repr, strings))} would remove {sum(removed.values()):,} of the store's "
                       f"{total:,} quads")
            _refuse(refusal, dry_run, force)
    if refusal and dry_run and not force:
        report.notes.append(f"{refusal}: kg erase refuses it without --force")
    cache_file = folder / CACHE
    if cache_file.is_file():
        cache = CompletionCache(cache_file)
        try:
            report.cache_entries = cache.forget(in_literals, dry_run=dry_run)
        finally:
            cache.close()
    if not dry_run:  # the copy leaves out what it erases; also when nothing matches (a SPARQL DELETE left the strings)
        removed.clear()
        rewritten.clear()
        report.kept = store.rewrite(drop=count)
        if rewritten:  # the runs' other prompts keep their words (and their cache answers)
            store.add_quads(list(rewritten.values()))
            report.kept += len(rewritten)
    report.removed = dict(removed)
    # a dry run leaves the database and the cache as they were: what else holds a string is the question
    report.leftovers = _leftovers(folder, in_iris, skip=("oxigraph", CACHE) if dry_run else ())
    found = {x.path for x in report.leftovers}
    for model in _trained(folder):
        if model not in found and (removed or report.cache_entries):
            report.notes.append(
                f"{model} was trained on the store's facts before: it may keep what was erased in a form a text search "
                f"misses (weights, normalised text); retrain it, or delete the folder"
            )
    report.notes.append(
        "copies made before are yours to delete: backups (kg backup), exports (kg export), reports (kg report), review "
        "files, a server's access log (kg serve --access-log), and teacher caches kept elsewhere (teacher.cache, "
        "another user's store)"
    )
    report.seconds = round(time.perf_counter() - started, 3)
    return report
