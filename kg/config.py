"""The run configuration: one file (``kg.toml``) that holds everything the ``kg distill`` and
``kg ingest`` flags hold, validated by a schema with messages that name the bad key and value.

Flags override the file. ``kg init DIR --domain X`` writes a commented ``DIR/kg.toml`` inside
the store directory; ``kg distill --store DIR`` reads ``DIR/kg.toml`` when it exists (or the file
given with ``--config``). Relative paths in the file are read from the directory the command
runs in, like the flags.

>>> cfg = load_config(None, {"domain": "ontologies/geography", "teacher.spec": "replay:t.jsonl"})
>>> cfg.critic.threshold
0.6
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping, Sequence

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kg.errors import ConfigError

CONFIG_NAME = "kg.toml"

__all__ = [
    "CONFIG_NAME",
    "TeacherConfig",
    "PromptConfig",
    "CriticConfig",
    "StudentConfig",
    "RunConfig",
    "StrategyConfig",
    "DistillConfig",
    "load_config",
    "default_toml",
    "resolve_domain_path",
    "user_cache_dir",
    "toml_string",
]


def _home(value: Any) -> Any:
    """A path written with ``~`` (a kg.toml value, ``--store=~/kg``, which no shell expands, a
    Python argument) read from the user's home, as a shell would; anything else as it is."""
    if isinstance(value, str) and value.startswith("~"):
        return os.path.expanduser(value)
    if isinstance(value, Path) and str(value).startswith("~"):
        return value.expanduser()
    return value


PathText = Annotated[str, AfterValidator(_home)]
"""A path setting: ``~`` is the user's home."""


def _plain_word(value: str, what: str, ours: str) -> str:
    """A part's name as the registries take it (:meth:`kg.registry.Registry.register`)."""
    if not value or any(c in value for c in " :/\\"):
        raise ValueError(f"{what} is named by a plain word ({ours}), got {value!r}")
    return value


class _Section(BaseModel):
    # no float setting means anything at inf or nan ([server] timeout = inf started a server
    # that then answered every request 500)
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)


class TeacherConfig(_Section):
    """Which teacher answers, how often, and where its answers are cached."""

    spec: str = Field(
        "", description="NAME:ARG: replay:PATH | openai:MODEL@URL | hf:PATH | offline:PATH | a plugin's (kg plugins)"
    )
    samples: int = Field(1, ge=1, le=100, description="completions per prompt (self-consistency)")
    temperature: float = Field(0.0, ge=0.0, le=5.0)
    top_p: float = Field(1.0, gt=0.0, le=1.0)
    max_tokens: int = Field(256, ge=1, le=32768)
    cache: PathText = Field(
        "", description="SQLite cache path; empty: STORE/teacher-cache.sqlite (a remote store: the user's cache folder)"
    )
    no_cache: bool = False
    timeout: float = Field(60.0, gt=0.0, le=3600.0, description="openai (and plugins): seconds to wait for one answer")
    retries: int = Field(6, ge=0, le=100, description="openai (and plugins): retries of a failed request (429, 5xx, timeouts)")
    concurrency: int = Field(8, ge=1, le=1024, description="openai (and plugins): requests in flight at once; hf: prompts generated together")
    supports_n: bool = Field(True, description="openai: ask for several samples in one request (n); false: one request per sample, for a server that rejects n")
    device: str = Field("auto", description="hf: where the local model runs: auto (a CUDA GPU when torch sees one, else the CPU), cpu, cuda, cuda:1, mps")
    chat: bool | None = Field(
        None, description="hf: wrap each prompt in the tokenizer's chat template; unset: when it has one; false: the bare prompt (another teacher: hf:FOLDER@REV (no chat template))"
    )

    @field_validator("spec")
    @classmethod
    def _spec(cls, value: str) -> str:
        # the name is looked up when the teacher is made (kg.teachers.make_teacher): plugins add names
        if value and ":" not in value:
            raise ValueError(f"teacher {value!r} lacks its argument; e.g. replay:transcript.jsonl")
        name, _, argument = value.partition(":")
        return f"{name}:{_home(argument)}" if argument.startswith("~") else value

    def options(self) -> dict[str, Any]:
        """How the backend asks (not what it is asked: none of these is part of a run's identity
        or an answer's cache key, but ``hf``'s ``chat``, which its teacher id says). Given to the
        ``openai`` backend and to a plugin's, whose factory takes ``**options``
        (:data:`kg.registry.teachers`); ``hf`` takes its device, batch size and chat, our offline
        backends nothing."""
        backend = self.spec.split(":", 1)[0]
        if backend == "hf":
            return {"device": self.device, "batch_size": self.concurrency, "chat": self.chat}
        if backend in ("replay", "offline"):
            return {}
        options = {"timeout": self.timeout, "max_retries": self.retries, "concurrency": self.concurrency}
        return options | {"supports_n": self.supports_n} if backend == "openai" else options

    def params(self) -> dict[str, Any]:
        """Sampling parameters handed to ``Teacher.complete`` (part of each completion's id)."""
        return {"temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens}


class PromptConfig(_Section):
    kind: str = Field("list", description="list, json, or a prompt kind of a plugin's (kg.registry.prompts)")
    shots: int = Field(3, ge=0, le=20)
    seeds_file: PathText = Field("", description="one head/topic per line; empty: the domain's seeds")
    seeds: list[str] = Field(default_factory=list, description="the heads/topics themselves, instead of seeds_file")
    max_seeds: int = Field(0, ge=0, description="0: all seeds")
    store_examples: bool = Field(True, description="few-shot examples from the store's accepted facts")
    rationales: bool = Field(False, description="ask the teacher for a short reason with each answer, kept with the fact")
    by_type: bool | None = Field(
        None, description="leave out a prompt whose head's known class is disjoint with the relation's domain; unset: true "
        "in a domain that types its heads by their wording (commonsense: an event is asked no AtLocation), else false",
    )
    relations: list[str] = Field(default_factory=list, description="the relations to ask, by name; empty: every relation of the domain")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        # the name is looked up when the prompts are built (kg.prompts.build_prompts): plugins add kinds
        return _plain_word(value, "a prompt kind", "list, json")


class CriticConfig(_Section):
    """The critic: the learned judge that decides open-world facts (:mod:`kg.critics`), and the
    threshold and weights of the signals' mean that decides the rest (see :mod:`kg.critic`)."""

    threshold: float = Field(0.6, ge=0.0, le=1.0)
    w_validator: float = Field(2.0, ge=0.0)
    w_consistency: float = Field(1.0, ge=0.0)
    w_prompts: float = Field(0.5, ge=0.0)
    w_reference: float = Field(1.5, ge=0.0)
    w_student: float = Field(1.0, ge=0.0)
    labels: PathText = Field("", description="CSV/TSV of subject,relation,object,label for precision/recall")
    model: PathText = Field(
        "auto",
        description="the learned judge: auto (STORE/critic when trained), none, llm (ask the teacher), or a critic folder",
    )
    quantize: bool = Field(True, description="score with fp16 weights and fp32 activations (as fast on CPU as int8 was, scores independent of batch mates)")
    target_precision: float = Field(
        0.0, ge=0.0, le=1.0,
        description="the trained critic accepts at this precision on its calibration heads, as measured on the heads that choose the threshold (in-sample; 0: the one it was trained for)",
    )

    def identity(self) -> dict[str, Any]:
        """What of the critic's settings decides a run's output (its run IRI hashes it): not the
        labels it is evaluated on; an unset target precision leaves it as it was before the setting."""
        return self.model_dump(exclude={"labels"} | (set() if self.target_precision else {"target_precision"}))


class StudentConfig(_Section):
    kind: str = Field(
        "none", description="none, or a student's name in kg.registry.students: linkpred, rules, generator or a plugin's"
    )
    rounds: int = Field(1, ge=1, le=100)
    top_k: int = Field(5, ge=1, le=1000)
    epochs: int = Field(0, ge=0, description="0: the student's default")
    size: Literal["retrieval", "tiny", "small", "base", "bart", "minilm"] = Field(
        "retrieval",
        description="the generator: retrieval (the nearest heads' tails, nothing trained) or a neural size",
    )
    max_seconds: float = Field(120.0, gt=0, description="training time budget per round (neural generator, linkpred)")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        # the name is looked up when the run's parts are resolved (kg.students.load_student):
        # plugins add names
        return _plain_word(value, "a student", "linkpred, rules, generator")


class StrategyConfig(_Section):
    """Which prompts a distillation asks, and how many teacher calls it may spend
    (``kg.active``; docs/active.md)."""

    kind: Literal["grid", "random", "active"] = Field("grid", description="grid: every relation of every seed, in order")
    budget: int = Field(0, ge=0, description="teacher calls (prompts x samples) the run may spend; 0: no limit (grid only)")
    rounds: int = Field(4, ge=1, le=1000, description="random/active: the budget is spent in this many rounds")
    seed: int = Field(0, description="random/active: ties and the random order are drawn from this seed")
    students: list[Literal["linkpred", "rules", "generator"]] = Field(
        default=["linkpred", "rules"], description="active: students whose proposals feed the signals"
    )
    student_seconds: float = Field(20.0, gt=0, description="active: training budget of each student per round")
    shortlist: int = Field(200, ge=1, description="active: pairs (best by the cheap signals) the students and critic look at")
    # the default weights were chosen on the dev split of bench/active.py (docs/active.md): the
    # yield signal alone; the others (where the graph is weak) gave fewer facts and worse students
    w_sparse: float = Field(0.0, ge=0.0, description="the head has few accepted facts")
    w_unsure: float = Field(0.0, ge=0.0, description="the critic scores the students' proposals near its threshold")
    w_disagree: float = Field(0.0, ge=0.0, description="the students propose different tails")
    w_conflict: float = Field(0.0, ge=0.0, description="the conflict checks rejected facts about the head")
    w_yields: float = Field(1.0, ge=0.0, description="the pair is expected to yield many accepted facts per call (kg.active.yields)")
    yield_explore: float = Field(0.25, ge=0.0, description="the yield signal's exploration: its upper bound's width, in spreads")
    yield_heads: float = Field(1.0, ge=0.0, description="the yield signal's weight on what similar heads yielded (0: relations only)")
    # chosen on the dev split (docs/active.md): 0.5 and 1 were level, 2 lower
    yield_critic: float = Field(0.5, ge=0.0, description=(
        "the yield signal's weight on the critic's view of the pair: the share of the generator's proposals for it the "
        "learned critic accepts, around its relation's mean (0: not asked; needs a learned critic)"))
    generator: Annotated[Path | None, AfterValidator(_home)] = Field(None, description=(
        "active: a saved generator (kg train generator, e.g. --size retrieval on the critic's training data) whose "
        "proposals feed yield_critic; without one the critic term is skipped"))

    @model_validator(mode="after")
    def _some_signal(self) -> "StrategyConfig":
        if self.kind == "active" and not any((self.w_sparse, self.w_unsure, self.w_disagree, self.w_conflict, self.w_yields)):
            raise ValueError("every signal weight is 0: the active strategy has nothing to choose by (give one a weight, "
                             "or use --strategy random)")
        return self


class RunConfig(_Section):
    batch_size: int = Field(16, ge=1, le=100_000, description="distill: prompts per transaction")
    ingest_batch_size: int = Field(5000, ge=1, le=1_000_000, description="ingest: candidates per transaction")
    again: bool = Field(False, description=(
        "distill: a new run even when the same one finished (the same prompts asked again; the teacher's cache "
        "answers unless --no-cache); rerun, it resumes as any run does"
    ))
    materialize: bool = True
    quiet: bool = False


class ServerConfig(_Section):
    """``kg serve``'s settings that belong to the store (its flags override them)."""

    host: str = Field("127.0.0.1", description="address to bind (kg serve --host); loopback unless you mean it")
    port: int = Field(7878, ge=1, le=65535, description="port to listen on (kg serve --port)")
    workers: int = Field(2, ge=1, description="query worker processes (kg serve --workers)")
    timeout: float = Field(10.0, gt=0, le=86_400, description="seconds a query may run, up to a day (kg serve --timeout)")
    row_cap: int = Field(10_000, ge=1, description="most rows or triples in one response (kg serve --row-cap)")
    max_response_mb: int = Field(64, ge=0, description="most MB of terms in one answer; past it the answer is cut as at row_cap; 0: no cap (kg serve --max-response-mb)")
    max_query_memory: int = Field(2048, ge=0, description="MB of memory a query's worker may take before the query is stopped; 0: no cap (kg serve --max-query-memory)")
    max_client_queries: int | None = Field(None, ge=0, description="most queries of one client address given to the workers at once, its others waiting their turn; none: the workers; 0: no limit (kg serve --max-client-queries)")
    long_after: float = Field(0.5, gt=0, le=86_400, description="seconds after which a query is long (kg serve --long-after)")
    max_long: int | None = Field(None, ge=0, description="most long queries at once; none: the workers (kg serve --max-long)")
    access_log: bool = Field(False, description="one line per request on stderr (kg serve --access-log)")
    backup_dir: PathText = Field("", description="where POST /backup writes copies of the store; empty: off (kg serve --backup-dir)")
    cors_origins: list[str] = Field(default_factory=list, description="web origins whose pages may query (kg serve --cors-origin)")
    cors_updates: bool = Field(False, description="let those pages send updates too (kg serve --cors-updates)")
    allowed_hosts: list[str] = Field(default_factory=list, description="names the Host header may give besides the loopback ones: a proxy's, a DNS name (kg serve --allowed-host)")

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if not value.strip():  # uvicorn bound every address and said "listening on , ..."
            raise ValueError("an address to bind is needed: 127.0.0.1, 0.0.0.0, ::1 or a host name")
        return value


class DistillConfig(_Section):
    """Everything one ``kg distill`` run needs."""

    domain: PathText = ""
    store: PathText = "kg-store"
    teacher: TeacherConfig = TeacherConfig()
    prompts: PromptConfig = PromptConfig()
    critic: CriticConfig = CriticConfig()
    student: StudentConfig = StudentConfig()
    run: RunConfig = RunConfig()
    server: ServerConfig = ServerConfig()
    strategy: StrategyConfig = StrategyConfig()

    def replace(self, **overrides: Any) -> "DistillConfig":
        """A copy with dotted-key overrides (``{"critic.threshold": 0.7}``) or tables (``critic=
        {"threshold": 0.7}``: its keys set, the section's others kept), validated."""
        return _build(self.model_dump(), overrides, source="overrides", flags={key: "overrides" for key in overrides})


def _set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"cannot set {key!r}: {part!r} is not a table")
        node = child
    old = node.get(parts[-1])
    # a table ({"critic": {"threshold": 0.7}}) sets its keys, keeping the others the file set
    node[parts[-1]] = _merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value


def _merged(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``update``'s keys set, tables merged key by key."""
    merged = dict(base)
    for key, value in update.items():
        old = merged.get(key)
        merged[key] = _merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def _keys_at(path: Sequence[Any]) -> list[str]:
    """The keys a table of the configuration takes (``("critic",)``: threshold, weights, ...)."""
    model: type[BaseModel] = DistillConfig
    for part in path:
        field = model.model_fields.get(str(part))
        if field is None or not isinstance(field.annotation, type) or not issubclass(field.annotation, BaseModel):
            return []
        model = field.annotation
    return list(model.model_fields)


def _blame(loc: str, source: str, overrides: Mapping[str, Any], flags: Mapping[str, str], data: Mapping[str, Any]) -> str:
    """Where the value at dotted key ``loc`` came from: the flag that set it (``flags`` names
    each override's flag; "flags" when it has none), else ``source`` (the file, whose table is
    ``data``). A table's error (``strategy``: every signal weight is 0) is blamed on the flags
    that set keys in it, and on the file too where it sets some."""
    for key, value in overrides.items():
        if value is not None and (loc == key or loc.startswith(key + ".")):
            return flags.get(key, "flags")
    inside = [flags.get(key, "flags") for key, value in overrides.items() if value is not None and key.startswith(loc + ".")]
    if not inside:
        return source
    node: Any = data
    for part in loc.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    from_file = [source] if node and source != "flags" else []
    return " and ".join(from_file + [", ".join(dict.fromkeys(inside))])


def _format_errors(
    errors: Sequence[Any], source: str, overrides: Mapping[str, Any], flags: Mapping[str, str], data: Mapping[str, Any]
) -> str:
    lines = []
    for err in errors:
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        source_of = _blame(loc, source, overrides, flags, data)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(err["loc"][-1]), _keys_at(err["loc"][:-1]), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "misspelt? `kg init DIR --domain X` writes a kg.toml with every key, commented"
            lines.append(f"{source_of}: {loc}: unknown key ({hint})")
            continue
        value = err.get("input")
        lines.append(f"{source_of}: {loc} = {value!r}: {msg}")
    return "; ".join(lines)


def _build(data: dict[str, Any], overrides: Mapping[str, Any], *, source: str, flags: Mapping[str, str]) -> DistillConfig:
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for key, value in overrides.items():
        if value is not None:
            _set_dotted(merged, key, value)
    try:
        config = DistillConfig.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc.errors(), source, overrides, flags, data)) from None
    _check_types(data, overrides, source=source)
    return config


def _check_types(data: dict[str, Any], overrides: Mapping[str, Any], *, source: str) -> None:
    """A :class:`ConfigError` for a value the file gives in the wrong TOML type, which the
    schema would otherwise convert (``threshold = true`` read as 1.0, ``samples = "3"`` as 3,
    ``no_cache = "yes"`` as true); an integer is a number. Values a flag overrides are not read."""
    unset = _without(data, overrides)
    try:
        DistillConfig.model_validate(unset, strict=True)
    except ValidationError as exc:
        wrong = [err for err in exc.errors() if err["type"].endswith("_type")]  # int_type, bool_type, ...
        if wrong:
            raise ConfigError(_format_errors(wrong, source, {}, {}, unset)) from None


def _without(data: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` without the keys ``overrides`` set (dotted keys, or nested tables)."""
    kept = {k: (_without(v, {}) if isinstance(v, dict) else v) for k, v in data.items()}
    for key, value in overrides.items():
        if value is None:
            continue
        head, _, rest = key.partition(".")
        if rest and isinstance(kept.get(head), dict):
            kept[head] = _without(kept[head], {rest: value})
        elif isinstance(value, dict) and isinstance(kept.get(head), dict):
            kept[head] = _without(kept[head], value)
        else:
            kept.pop(head, None)
    return kept


def load_config(
    path: str | Path | None, overrides: Mapping[str, Any] | None = None, *, flags: Mapping[str, str] | None = None
) -> DistillConfig:
    """Read a ``kg.toml`` (or nothing, when ``path`` is None) and apply flag overrides.

    ``overrides`` maps dotted keys (``"teacher.spec"``) to values, or a section to a table of
    them (``{"critic": {"threshold": 0.7}}``: the file's other critic keys kept); ``None`` values are ignored,
    so CLI flags left unset do not override the file. ``flags`` names the flag of an override
    (``{"teacher.samples": "--samples (-n)"}``): a bad value is blamed on its flag (on "flags"
    when it has no name), never on the file.
    """
    data: dict[str, Any] = {}
    source = "flags"
    if path is not None:
        path = Path(path)
        source = str(path)
        if not path.is_file():
            raise ConfigError(f"no configuration file at {source!r}; create one with `kg init DIR --domain X`")
        try:
            text = path.read_text(encoding="utf-8-sig")
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML: {exc}{_line_of(text, exc)}") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{source}: not UTF-8 text (byte {exc.start}); a kg.toml is a UTF-8 TOML file") from None
        except OSError as exc:
            raise ConfigError(f"cannot read {source!r}: {exc.strerror or exc}") from None
        _follow_a_moved_store(data, path)
    return _build(data, overrides or {}, source=source, flags=flags or {})


def _line_of(text: str, exc: tomllib.TOMLDecodeError) -> str:
    """``: LINE`` the text of the line a TOML error points at ("Cannot overwrite a value (at
    line 13, column 12)" names no key), or nothing where it names none."""
    at = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    lines = text.splitlines()
    if at is None or not 0 < int(at.group(1)) <= len(lines):
        return ""
    return f": {lines[int(at.group(1)) - 1].strip()[:120]!r}"


STORE_MARKER = "kg-store.json"  # kg.store's MARKER: the file that makes a directory a store


def _follow_a_moved_store(data: dict[str, Any], path: Path) -> None:
    """A kg.toml inside a store whose ``store`` names a directory that is no store (the store
    was moved or restored under another name: ``kg init`` writes the absolute path) names the
    store it sits in. Before, a run read from it created a new, empty store at the old path and
    wrote there."""
    named = data.get("store")
    if not isinstance(named, str) or named.startswith(("http://", "https://")):
        return
    home = path.absolute().parent
    if (home / STORE_MARKER).is_file() and not (Path(named) / STORE_MARKER).is_file():
        data["store"] = str(home)


def find_config(store: str | Path | None, explicit: str | Path | None = None) -> Path | None:
    """The configuration file a command reads: ``explicit``, else ``STORE/kg.toml`` if present
    (``~`` in either read from the user's home, as the store itself is)."""
    if explicit is not None:
        return Path(_home(str(explicit)))
    if store is not None and not str(store).startswith(("http://", "https://")):
        candidate = Path(_home(str(store))) / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def resolve_domain_path(domain: str | Path) -> Path:
    """A domain folder: a path as given, else a folder of the bundled ``ontologies/``
    (``"geography"`` → ``ontologies/geography``)."""
    text = str(domain)
    if not text:
        raise ConfigError("no domain given; pass --domain NAME (a shipped domain) or a domain folder, or set domain in kg.toml")
    path = Path(_home(text))
    if path.is_dir():
        return path
    bundled = Path(__file__).resolve().parent.parent / "ontologies" / text
    if bundled.is_dir():
        return bundled
    shipped = sorted(p.name for p in bundled.parent.iterdir() if (p / "relations.toml").is_file()) if bundled.parent.is_dir() else []
    raise ConfigError(
        f"no domain folder at {text!r}; give a folder path or a shipped domain name ({', '.join(shipped) or 'none found'})"
    )


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, quotes included: ``"``, ``\\`` and control characters
    escaped, so a path such as ``C:\\data`` or ``q"st`` reads back as written."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def default_toml(*, domain: str = "", store: str = "kg-store", teacher: str = "") -> str:
    """The commented ``kg.toml`` that ``kg init`` writes: ``domain``, ``store`` and the
    teacher's ``spec`` set, every other key shown at its default in a comment (``# samples =
    1``). A default written as a setting would stay pinned in the file after an upgrade that
    improves it (``size = "small"`` in files written before the retrieval student was the
    default)."""
    text = _TEMPLATE.format(domain=toml_string(domain), store=toml_string(store), teacher=toml_string(teacher))
    section = ""
    lines = []
    for line in text.splitlines():
        if line.startswith("["):
            section = line.split("]", 1)[0].strip("[")
        elif _SETTING.match(line) and section and (section, line.split("=", 1)[0].strip()) != ("teacher", "spec"):
            line = "# " + line
        lines.append(line)
    return "\n".join(lines) + "\n"


_SETTING = re.compile(r"^[a-z_]+\s*=")

_TEMPLATE = '''\
# kg.toml: the configuration of `kg distill` / `kg ingest` (and `kg serve`) for this store.
# Every key can be overridden by a flag of the same name (e.g. --threshold 0.6).
# Relative paths are read from the directory the command runs in.
# A line "# key = value" shows the key's default: remove the "# " to set it. A key left
# commented follows kg-distill's default, also when a new version changes it.

domain = {domain}           # a domain folder: ontology, shapes, prompt templates, seeds
store = {store}             # the store directory (or an http(s):// SPARQL endpoint)

[teacher]
spec = {teacher}            # replay:PATH | openai:MODEL@URL | hf:PATH | offline:PATH | `kg plugins`
samples = 1                   # completions per prompt; >1 enables the self-consistency signal
temperature = 0.0
top_p = 1.0
max_tokens = 256
cache = ""                    # SQLite cache of answers; empty: STORE/teacher-cache.sqlite
no_cache = false
timeout = 60.0                # openai and plugin teachers: seconds to wait for one answer
retries = 6                   # openai and plugin teachers: retries of a failed request (429, 5xx, timeouts), with backoff
concurrency = 8               # openai and plugin teachers: requests in flight at once; hf: prompts generated together
supports_n = true             # openai: several samples per request (n); false: one per sample (a server that rejects n)
device = "auto"               # hf: where the local model runs: auto (a CUDA GPU when torch sees one), cpu, cuda:1, mps
# chat = false                # hf: the bare prompt, not wrapped in the tokenizer's chat template (unset: when it has one)

[prompts]
kind = "list"                 # list | json, or a plugin's prompt kind (kg plugins)
shots = 3                     # few-shot examples taken from the store
seeds_file = ""               # one head/topic per line; empty: the domain's seeds
seeds = []                    # or the heads/topics themselves: ["France", "Peru"] (not both)
max_seeds = 0                 # 0: all seeds
store_examples = true         # few-shot examples from the store's accepted facts (a question
                              # asked before keeps the words it was first asked in, so the cache
                              # answers it; false: the domain's own examples)
rationales = false            # ask the teacher why: a short reason with each answer, kept in
                              # the fact's provenance (kg:rationale) and shown by `kg why`
# by_type = true              # true: leave out a prompt whose head the store, the reference or
                              # its wording types with a class disjoint with the relation's
                              # domain ("Who taught Bergen?" of a city, "Where is PersonX bakes
                              # bread?" of an event); false: every relation of every seed;
                              # unset: true in a domain that types its heads by their wording
                              # (commonsense), false in others
relations = []                # the relations to ask, by name: ["borders", "capitalOf"]; empty: all

[critic]
threshold = 0.6               # accept a checked candidate when its confidence >= threshold
w_validator = 2.0             # weights of the signals in the weighted mean (see docs/pipeline.md)
w_consistency = 1.0           # share of a prompt's samples that gave the same triple
w_prompts = 0.5               # how many distinct prompts gave it
w_reference = 1.5             # agreement with the domain's reference graph
w_student = 1.0               # a trained student's plausibility score
labels = ""                   # CSV/TSV subject,relation,object,label: report precision/recall
model = "auto"                # learned judge for open-world facts: auto (STORE/critic, made by
                              # `kg critic train --store`), none, llm (ask the teacher), or a folder
quantize = true               # fp16-weight scoring on CPU
target_precision = 0.0        # a trained critic's threshold for this precision on its
                              # calibration heads (in-sample: measured on the heads that choose
                              # the threshold), e.g. 0.95 (0: the one it was trained for)

[student]
kind = "none"                 # none | linkpred | rules | generator, or a plugin's (kg plugins)
rounds = 1                    # rounds of the generator loop
top_k = 5
epochs = 0                    # 0: the student's default
size = "retrieval"            # generator: retrieval (nearest heads' tails, nothing trained)
                              # or a neural size: tiny | small | base | bart | minilm
max_seconds = 120.0           # training time budget per round (neural generator, linkpred)

[run]
batch_size = 16               # distill: prompts per batch; each batch is one transaction
ingest_batch_size = 5000      # ingest: candidates per batch (transaction)
again = false                 # distill: true starts a new run when the same one finished (the
                              # same prompts asked again; the teacher's cache answers unless
                              # no_cache); an interrupted run is resumed either way
materialize = true            # run the rule reasoner on each batch's accepted triples
quiet = false

[strategy]                    # which prompts to ask (docs/active.md)
kind = "grid"                 # grid (every relation of every seed) | random | active
budget = 0                    # teacher calls (prompts x samples) to spend; 0: no limit (grid)
rounds = 4                    # random/active: rounds the budget is spent in
seed = 0
students = ["linkpred", "rules"]  # active: students whose proposals feed the signals
student_seconds = 20.0        # active: training budget of each student per round
shortlist = 200               # active: pairs the students and the critic look at per round
w_sparse = 0.0                # weights of the signals (chosen on dev: the yield alone): the head has few accepted facts,
w_unsure = 0.0                # the critic is unsure about the students' proposals,
w_disagree = 0.0              # the students disagree (unsure or disagree > 0: the students train each round),
w_conflict = 0.0              # the conflict checks rejected facts about the head,
w_yields = 1.0                # the pair is expected to yield many accepted facts per call
yield_explore = 0.25          # yields: how much it explores (upper bound width, in spreads)
yield_heads = 1.0             # yields: weight of what similar heads yielded (0: relations only)
yield_critic = 0.5            # yields: weight of the critic's view of the pair (the share of the
                              # generator's proposals for it the critic accepts)
# generator = "gen-dir"       # active: a saved generator whose proposals feed yield_critic
                              # (none: the critic term is skipped)

[server]                      # kg serve --store (its flags override these)
host = "127.0.0.1"            # address to bind: loopback; "0.0.0.0" only behind a TLS proxy
port = 7878
workers = 2                   # query worker processes
timeout = 10.0                # seconds a query may run before it is stopped
row_cap = 10000               # most rows (or triples) in one response; longer ones are flagged
max_query_memory = 2048       # MB a query's worker may take before the query is stopped (0: no cap)
max_response_mb = 64          # most MB of terms in one answer; past it the answer is cut, as at row_cap (0: no cap)
# max_client_queries = 2      # most queries of one client address given to the workers at once; its others wait their turn (default: workers; 0: no limit)
long_after = 0.5              # seconds after which a query is long: lowest priority, one of max_long
# max_long = 2                # most long queries at once (default: workers)
access_log = false            # one line per request on stderr
backup_dir = ""               # a folder: POST /backup (with the token) copies the store there while served
cors_origins = []             # web origins whose pages may query, e.g. ["https://yasgui.example"]
cors_updates = false          # let those pages send updates too (still with the token)
allowed_hosts = []            # names the Host header may give besides 127.0.0.1/localhost (a proxy's, a DNS name)
'''


def user_cache_dir() -> Path:
    """The per-user cache folder for kg-distill (teacher answers of remote stores, unpacked
    models, cached critics): ``$KG_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/kg-distill`` (else
    ``~/.cache/kg-distill``) on Linux and the BSDs, ``~/Library/Caches/kg-distill`` on macOS,
    ``%LOCALAPPDATA%\\kg-distill\\Cache`` on Windows."""
    import os
    import sys

    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "kg-distill" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "kg-distill"
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "kg-distill"
