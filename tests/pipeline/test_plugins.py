"""Third-party parts through entry points: a package that is not ours adds a teacher, an
extractor, an exporter, a student and a reasoner (one module and its entry points), and the CLI
and pipeline use them."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import textwrap
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import ConfigError
from tests.pipeline.conftest import distill_args, write_geo_files

PLUGIN = '''
"""A plugin package: one module, registered through its entry points (entry_points.txt)."""
from kg.teachers.replay import ReplayTeacher
from kg.teachers.simple import RequestTeacher


MADE_WITH = []


def make_teacher(arg, *, cache, **options):
    MADE_WITH.append(options)
    teacher = ReplayTeacher(arg, cache=cache)
    teacher.made_by = "toy"
    return teacher


class Alpha(RequestTeacher):
    """A service of one kind (RequestTeacher's backend, "request", left as it is)."""

    def ask(self, prompt, params, sample_index):
        return "France | borders | Spain"


class Beta(RequestTeacher):
    def ask(self, prompt, params, sample_index):
        return "France | borders | Belgium"


def make_alpha(arg, *, cache, **options):
    return Alpha(arg, cache=cache, **options)


def make_beta(arg, *, cache, **options):
    return Beta(arg, cache=cache, **options)


def make_unconfigured(arg, *, cache, **options):
    raise RuntimeError("no endpoint configured")


def make_not_teacher(arg, *, cache, **options):
    return "not a teacher"


def extract_pipe(completion, prompt, context):
    """Lines ``subject | relation | object``."""
    out = []
    for line in completion.text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        relation = context.normalizer.relation(parts[1]) if len(parts) == 3 else None
        if relation is not None:
            context.normalizer.candidate(completion, "pipe", line, parts[0], relation, parts[2], out=out)
    return context.normalizer.dedupe(out)


def make_buggy(arg, *, cache, **options):
    """A replay teacher with a bug: a KeyError on its second call."""
    teacher = ReplayTeacher(arg, cache=cache)
    calls = []
    complete = teacher.complete

    def buggy(prompts, n=1, params=None):
        calls.append(1)
        if len(calls) == 2:
            raise KeyError("generated_text")
        return complete(prompts, n, params)

    teacher.complete = buggy
    return teacher


def pipe_prompts(domain, heads, *, store, shots, relations, rationales):
    """One prompt per head asking for lines ``subject | relation | object`` (read by extract_pipe)."""
    from kg.prompts import Prompt

    names = ", ".join(r.name for r in relations)
    return [Prompt.make(f"Facts about {h}, one per line as subject | relation | object ({names})", "pipe", topic=h)
            for h in heads]


def _own_kind(kind):
    def prompts(domain, heads, *, store, shots, relations, rationales):
        from kg.prompts import Prompt

        return [Prompt.make(f"Facts about {h} ({kind}) as subject | relation | object", kind, topic=h) for h in heads]

    return prompts


tupled_prompts, crashing_prompts, blind_prompts = _own_kind("tupled"), _own_kind("crashing"), _own_kind("blind")
copied_prompts = _own_kind("copied")


def extract_copied(completion, prompt, context):
    """extract_pipe, copied with the name of kg's own JSON extractor left in."""
    out = []
    for line in completion.answer.splitlines():
        parts = [p.strip() for p in line.split("|")]
        relation = context.normalizer.relation(parts[1]) if len(parts) == 3 else None
        if relation is not None:
            context.normalizer.candidate(completion, "json", line, parts[0], relation, parts[2], out=out)
    return context.normalizer.dedupe(out)


def extract_tupled(completion, prompt, context):
    return ("France", "borders", "Spain")


def extract_crashing(completion, prompt, context):
    raise ValueError("cell count mismatch")


def extract_blind(completion, prompt, context):
    return []


def failing_prompts(domain, heads, *, store, shots, relations, rationales):
    return [h.upper() for h in heads[5]]


def unread_prompts(domain, heads, *, store, shots, relations, rationales):
    from kg.prompts import Prompt

    return [Prompt.make(f"Facts about {h} as a table", "table", topic=h) for h in heads]


class Doubter:
    """A learned judge that finds every fact unlikely (P(valid) = 0.1)."""

    threshold = 0.5
    target_precision = 0.0

    def __init__(self, arg):
        self.id = f"doubter:{arg}"

    def covers(self, relation):
        return True

    def score(self, triples):
        return [0.1 for _ in triples]


def make_doubter(arg, *, teacher, domain, store):
    return Doubter(arg)


class Raising(Doubter):
    """Its model is not loaded."""

    def score(self, triples):
        raise RuntimeError("model not loaded")


def make_raising(arg, *, teacher, domain, store):
    return Raising(arg)


class Short(Doubter):
    """Scores all but the last fact (a bug)."""

    def score(self, triples):
        return [0.9 for _ in triples][:-1]


def make_short(arg, *, teacher, domain, store):
    return Short(arg)


def make_shapeless(arg, *, teacher, domain, store):
    return object()


def toy_student(store, check, *, domain, config, heads):
    """Proposes that the first head's capital is Atlantis; the run's checks judge it."""
    from kg.iri import mint_iri
    from kg.records import Candidate, Completion
    from kg.seams import StudentRound

    text = f"{heads[0]} has capital Atlantis"
    completion = Completion("toy", text, "student:toy", text)
    proposal = Candidate(
        mint_iri(heads[0]), domain.relations["hasCapital"].iri, mint_iri("Atlantis"), completion, text, "toy",
        heads[0], "Atlantis",
    )
    return StudentRound({"toy_heads": len(heads), "toy_top_k": config.top_k}, [proposal])


def listing_student(store, check, *, domain, config, heads):
    """Returns its proposals as a bare list (a bug)."""
    return []


def failing_student(store, check, *, domain, config, heads):
    """Runs out of memory."""
    raise RuntimeError("CUDA out of memory")


class ToyReasoner:
    """Calls a set of facts inconsistent when it says what a capital is (and counts its runs)."""

    runs = 0

    def __init__(self, ontology):
        self.ontology = ontology

    def consistent(self, facts):
        ToyReasoner.runs += 1
        return not any(str(p).endswith("hasCapital") for _, p, _ in facts)


class CrashingReasoner:
    """Crashes on every check."""

    def __init__(self, ontology):
        pass

    def consistent(self, facts):
        raise RuntimeError("segfault in native code")


def export_broken(store, path, graph, progress):
    """Writes half a file, then fails."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("half")
    raise ValueError("column mismatch")


def export_quota(store, path, graph, progress):
    """Its own storage is full."""
    raise OSError("disk quota exceeded on the plugin's scratch volume")


def export_uncounted(store, path, graph, progress):
    """Writes the file and returns nothing (not the count)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("x")


def export_lines(store, path, graph, progress):
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for q in store.match(graph=graph):
            fh.write(f"{q.subject.value} {q.predicate.value} {q.object.value}\\n")
            n += 1
    return n
'''

ENTRY_POINTS = """
[kg.prompts]
pipe = toy_kg_plugin:pipe_prompts
unread = toy_kg_plugin:unread_prompts
failing = toy_kg_plugin:failing_prompts
tupled = toy_kg_plugin:tupled_prompts
crashing = toy_kg_plugin:crashing_prompts
blind = toy_kg_plugin:blind_prompts
copied = toy_kg_plugin:copied_prompts

[kg.teachers]
toy = toy_kg_plugin:make_teacher
broken = toy_kg_plugin:no_such_factory
buggy = toy_kg_plugin:make_buggy
alpha = toy_kg_plugin:make_alpha
beta = toy_kg_plugin:make_beta
unconfigured = toy_kg_plugin:make_unconfigured
notteacher = toy_kg_plugin:make_not_teacher

[kg.extractors]
pipe = toy_kg_plugin:extract_pipe
tupled = toy_kg_plugin:extract_tupled
crashing = toy_kg_plugin:extract_crashing
blind = toy_kg_plugin:extract_blind
copied = toy_kg_plugin:extract_copied

[kg.exporters]
lines = toy_kg_plugin:export_lines
broken = toy_kg_plugin:export_broken
quota = toy_kg_plugin:export_quota
uncounted = toy_kg_plugin:export_uncounted

[kg.critics]
doubter = toy_kg_plugin:make_doubter
short = toy_kg_plugin:make_short
raising = toy_kg_plugin:make_raising
shapeless = toy_kg_plugin:make_shapeless

[kg.students]
toy = toy_kg_plugin:toy_student
failing = toy_kg_plugin:failing_student
listing = toy_kg_plugin:listing_student

[kg.reasoners]
toy = toy_kg_plugin:ToyReasoner
crashing = toy_kg_plugin:CrashingReasoner
"""


@pytest.fixture
def plugin(tmp_path, monkeypatch) -> Path:
    """``toy-kg-plugin`` installed the way pip leaves a package: the module and its dist-info
    (METADATA, entry_points.txt) on sys.path."""
    site = tmp_path / "site"
    dist = site / "toy_kg_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (site / "toy_kg_plugin.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-kg-plugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return site


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            main(list(argv))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue()


def test_kg_plugins_lists_a_plugins_parts_with_their_origin(plugin):
    code, out = _run("plugins", "--format", "json")
    assert code == 0
    rows = {(r["kind"], r["name"]): r for r in json.loads(out)}
    assert rows[("teacher", "toy")]["origin"] == "entry point of toy-kg-plugin"
    assert rows[("extractor", "pipe")]["group"] == "kg.extractors"
    assert rows[("exporter", "lines")]["origin"] == "entry point of toy-kg-plugin"
    assert rows[("teacher", "replay")]["origin"] == "built in"
    assert rows[("student", "toy")]["group"] == "kg.students"
    assert rows[("student", "rules")]["origin"] == "built in"
    assert rows[("reasoner", "toy")]["origin"] == "entry point of toy-kg-plugin"
    assert rows[("reasoner", "hermit")]["group"] == "kg.reasoners"
    assert rows[("prompt kind", "pipe")]["origin"] == "entry point of toy-kg-plugin"
    assert rows[("prompt kind", "list")]["origin"] == "built in"
    # what a plugin's part is (its docstring's first line), and whether it loads at all
    assert rows[("extractor", "pipe")]["help"] == "Lines ``subject | relation | object``."
    assert rows[("teacher", "broken")]["help"].startswith("cannot be loaded: cannot load 'broken' (entry point of toy-kg-plugin")


def test_a_plugin_teacher_runs_kg_distill_and_a_plugin_exporter_writes_the_graph(plugin, tmp_path, capsys):
    (tmp_path / "geo").mkdir()
    files = write_geo_files(tmp_path / "geo")
    store = tmp_path / "store"
    code, out = _run(*distill_args(files, store, f"toy:{files['transcript']}", "--json"))
    assert code == 0, out
    report = json.loads(out)
    assert report["completions"] == 42 and report["accepted"] > 0
    # how it asks reaches it (before: only the openai backend got --concurrency and the rest)
    code, _ = _run(*distill_args(files, tmp_path / "other", f"toy:{files['transcript']}", "--concurrency", "3", "--retries", "1"))
    assert code == 0
    assert importlib.import_module("toy_kg_plugin").MADE_WITH[-1] == {"timeout": 60.0, "max_retries": 1, "concurrency": 3}

    target = tmp_path / "graph.lines"
    code, _ = _run("export", "--store", str(store), "--format", "lines", "-o", str(target), "-q")
    assert code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 0 and any("capitalOf" in line for line in lines)
    # the extension that names a plugin's format implies it (before: "cannot tell the export format")
    code, _ = _run("export", "--store", str(store), "-o", str(tmp_path / "again.lines"), "-q")
    assert code == 0 and (tmp_path / "again.lines").read_text(encoding="utf-8").splitlines() == lines

    # a fault in an exporter: one line naming it (before: "unexpected ValueError: column mismatch"), and no file
    code, _ = _run("export", "--store", str(store), "--format", "broken", "-o", str(tmp_path / "g.x"), "-q")
    err = capsys.readouterr().err.replace("\n", "")
    assert code != 0 and "the broken exporter (entry point of toy-kg-plugin) failed: ValueError: column mismatch" in err
    assert "'g.x'" not in err
    assert not list(tmp_path.glob("*g.x*"))


def test_a_plugin_student_is_chosen_by_kg_distill_student_and_its_proposal_is_checked(plugin, tmp_path):
    files = write_geo_files(tmp_path)
    code, out = _run(*distill_args(files, tmp_path / "store", f"replay:{files['transcript']}", "--student", "toy", "--json"))
    assert code == 0, out
    student = json.loads(out)["student"]
    assert student["kind"] == "toy" and student["toy_top_k"] == 5 and student["toy_heads"] > 0
    assert student["proposed"] == 1 and student["accepted"] + student["rejected"] == 1  # judged by the run's checks


def test_a_fault_in_a_plugin_student_names_it_and_keeps_the_run(plugin, tmp_path, capsys):
    files = write_geo_files(tmp_path)
    code, _ = _run(*distill_args(files, tmp_path / "store", f"replay:{files['transcript']}", "--student", "failing"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 1 and "student 'failing' failed: RuntimeError: CUDA out of memory" in err
    code, out = _run(*distill_args(files, tmp_path / "store", f"replay:{files['transcript']}", "--format", "json"))
    assert code == 0 and json.loads(out)["batches_resumed"] == json.loads(out)["batches"]  # the teacher's work was kept


def test_an_unknown_student_is_refused_before_the_teacher_is_asked(plugin, tmp_path, capsys):
    from kg.store import init_store

    files = write_geo_files(tmp_path)
    store = tmp_path / "store"
    init_store(store).close()  # an existing store: a store the run created is removed on failure
    code, out = _run(*distill_args(files, store, f"replay:{files['transcript']}", "--student", "nope", "--json"))
    err = capsys.readouterr().err
    assert code != 0 and out == ""
    assert "unknown student 'nope'" in err and "toy" in err  # the plugin's student is among the choices
    from kg.pipeline import run_history
    from kg.store import open_store

    with open_store(str(store)) as st:
        assert run_history(st) == []  # no run was started


def test_a_plugin_reasoner_is_chosen_by_kg_reason_check_reasoner(plugin, tmp_path, capsys):
    ttl = tmp_path / "geo.ttl"
    ttl.write_text(
        "@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n"
        "@prefix res: <https://w3id.org/kgdistill/resource/> .\n"
        "res:lyon kgeo:locatedIn res:france .\nres:france kgeo:hasCapital res:paris .\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "kg")
    assert _run("init", store)[0] == 0
    assert _run("load", str(ttl), "--store", store, "--quiet")[0] == 0
    code, out = _run("reason", "--store", store, "--domain", "geography", "--check", "--reasoner", "toy", "--format", "json")
    assert code == 1 and json.loads(out)["consistent"] is False  # the toy reasoner objects to hasCapital

    from rdflib import URIRef

    from kg.ontology import load_domain
    from reasoners.owl import check_consistency

    res, geo = "https://w3id.org/kgdistill/resource/", "https://w3id.org/kgdistill/ontology/geography#"
    facts = [(URIRef(res + "lyon"), URIRef(geo + "locatedIn"), URIRef(res + "france")),
             (URIRef(res + "france"), URIRef(geo + "hasCapital"), URIRef(res + "paris"))]
    report = check_consistency(load_domain("geography"), facts, reasoner="toy")
    assert not report.consistent and report.reasoner == "toy" and report.minimal
    assert report.responsible == (facts[1],)  # QuickXplain over a plugin's reasoner

    # a fault in a reasoner names it (before: "unexpected RuntimeError: segfault in native code")
    code, _ = _run("reason", "--store", store, "--domain", "geography", "--check", "--reasoner", "crashing")
    err = capsys.readouterr().err.replace("\n", "")
    assert code != 0 and "the crashing reasoner failed: RuntimeError: segfault in native code" in err


def test_a_plugin_extractor_reads_prompts_of_its_kind(plugin):
    from extractors import Extractor
    from kg.ontology import load_domain
    from kg.prompts import Prompt
    from kg.records import Candidate, Completion

    prompt = Prompt.make("Capitals, one per line as subject | relation | object", kind="pipe")
    completion = Completion(prompt.id, prompt.text, "t", "Paris | capitalOf | France\nnot a triple")
    out = Extractor(load_domain("geography")).extract(completion, prompt)
    triples = [(c.subject_label, str(c.predicate).rsplit("/", 1)[-1].rsplit("#", 1)[-1], c.object_label)
               for c in out if isinstance(c, Candidate)]
    assert triples == [("Paris", "capitalOf", "France")]
    assert all(c.extractor == "pipe" for c in out if isinstance(c, Candidate))


def test_kg_distill_kind_asks_a_plugins_prompts_and_its_extractor_reads_the_answers(plugin, tmp_path):
    """A plugin adds an answer format whole: how to ask (``kg.prompts``) and how to read
    (``kg.extractors``); before, ``--kind`` took only list and json, so a plugin's extractor
    could never read a ``kg distill``'s answers."""
    transcript = tmp_path / "pipe.jsonl"
    answers = {
        "France": "France | hasCapital | Paris\nFrance | borders | Spain\nsome chatter",
        "Spain": "Spain | hasCapital | Madrid",
    }
    with transcript.open("w", encoding="utf-8") as fh:
        for prompt in importlib.import_module("toy_kg_plugin").pipe_prompts(
            None, list(answers), store=None, shots=0, relations=_geo_relations(), rationales=False
        ):
            fh.write(json.dumps({"prompt": prompt.text, "completions": [answers[prompt.topic]]}) + "\n")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("France\nSpain\n", encoding="utf-8")
    args = ["distill", "--domain", "geography", "--store", str(tmp_path / "store"), "--seeds", str(seeds),
            "--teacher", f"replay:{transcript}", "--kind", "pipe", "--quiet", "--format", "json"]
    code, out = _run(*args)
    assert code == 0, out
    report = json.loads(out)
    assert (report["prompts"], report["candidates"], report["accepted"]) == (2, 3, 3)

    from kg.store import open_store

    with open_store(str(tmp_path / "store")) as st:
        rows = st.query("SELECT ?o WHERE { res:spain kgeo:hasCapital ?o }").bindings()
    assert [str(r["o"]).rsplit("/", 1)[-1] for r in rows] == ["madrid"]


def _geo_relations():
    from kg.ontology import load_domain

    return [rel for _, rel in sorted(load_domain("geography").relations.items())]


def test_an_unknown_prompt_kind_or_one_no_extractor_reads_is_a_clear_error(plugin, tmp_path, capsys):
    from kg.prompts import build_prompts
    from kg.ontology import load_domain

    domain = load_domain("geography")
    with pytest.raises(ConfigError, match="unknown prompt kind 'tabel'; use one of list, json, .*pipe"):
        build_prompts(domain, ["France"], kind="tabel")
    with pytest.raises(ConfigError, match="prompts of kind 'table', and no extractor reads them"):
        build_prompts(domain, ["France"], kind="unread")
    with pytest.raises(ConfigError, match="the 'failing' prompt kind failed: IndexError"):
        build_prompts(domain, ["France"], kind="failing")
    files = write_geo_files(tmp_path)
    code, out = _run(*distill_args(files, tmp_path / "store", f"replay:{files['transcript']}", "--kind", "tabel"))
    assert code != 0 and "unknown prompt kind 'tabel'" in capsys.readouterr().err


def test_kg_distill_critic_chooses_a_plugins_judge_and_a_mistyped_name_is_a_clear_error(plugin, tmp_path, capsys):
    """``--critic`` (before: only ``critic.model`` in kg.toml) names the learned judge; a name that
    is neither a folder nor a registered critic said "no trained critic at 'doubtr:x' (no
    critic.json)"."""
    files = write_geo_files(tmp_path)
    store = tmp_path / "store"
    code, out = _run(*distill_args(files, store, f"replay:{files['transcript']}", "--critic", "doubter:strict", "--format", "json"))
    assert code == 0, out
    assert json.loads(out)["rejected_by_reason"].get("critic", 0) > 0
    from kg.store import open_store

    with open_store(str(store)) as st:
        judges = {str(r["c"]) for r in st.query("SELECT DISTINCT ?c WHERE { ?s kg:critic ?c }", graph="all").bindings()}
    assert judges == {"doubter:strict"}

    code, _ = _run(*distill_args(files, tmp_path / "other", f"replay:{files['transcript']}", "--critic", "doubtr:x"))
    err = capsys.readouterr().err
    assert code != 0 and "critic.model 'doubtr:x' is no critic folder and no critic's name" in err and "doubter:ARG" in err


def test_a_fault_in_a_plugin_teacher_stops_the_run_naming_the_teacher_and_keeps_what_is_stored(plugin, tmp_path, capsys):
    """Before: "error: unexpected KeyError: 'generated_text'", no word of which part failed."""
    files = write_geo_files(tmp_path)
    store = tmp_path / "store"
    code, _ = _run(*distill_args(files, store, f"buggy:{files['transcript']}"))
    err = capsys.readouterr().err
    assert code == 1
    assert f"teacher buggy:{files['transcript']} failed: KeyError: 'generated_text'" in err.replace("\n", "")
    assert "1 batch(es) before are stored" in err
    from kg.store import open_store

    with open_store(str(store)) as st:
        assert st.stats().graphs["accepted"] > 0  # the first batch's facts


def test_a_plugin_critic_that_scores_too_few_facts_or_is_no_judge_stops_the_run(plugin, tmp_path, capsys):
    """A judge that scored fewer facts than asked left the rest as the signals' mean decided (an
    open gate); one without covers() failed with "unexpected AttributeError"."""
    files = write_geo_files(tmp_path)
    code, _ = _run(*distill_args(files, tmp_path / "a", f"replay:{files['transcript']}", "--critic", "short:x"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 1 and "the critic doubter:x gave" in err and "it must score each" in err
    code, _ = _run(*distill_args(files, tmp_path / "c", f"replay:{files['transcript']}", "--critic", "raising:x"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 1 and "the critic doubter:x failed: RuntimeError: model not loaded" in err
    code, _ = _run(*distill_args(files, tmp_path / "b", f"replay:{files['transcript']}", "--critic", "shapeless:x"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code != 0 and "critic 'shapeless' made a object without id, threshold, target_precision, covers, score" in err


def test_a_plugin_that_cannot_load_is_a_clear_error_when_chosen(plugin):
    from kg.teachers import make_teacher

    with pytest.raises(ConfigError, match=r"cannot load 'broken' \(entry point of toy-kg-plugin"):
        make_teacher("broken:x", no_cache=True)
    with pytest.raises(ConfigError, match="unknown teacher backend 'nope'.*toy:"):
        make_teacher("nope:x", no_cache=True)


def test_a_plugin_cannot_replace_a_built_in_part():
    from kg.registry import teachers

    with pytest.raises(ConfigError, match="already registered"):
        teachers.register("replay", lambda arg, **kw: None)


def test_the_cli_lists_our_parts_without_importing_them():
    """``kg --help`` builds --teacher's and --student's help from the registries without
    importing the parts (before: kg.teachers, and through it rdflib, ~60 ms of every start)."""
    import subprocess
    import sys

    probe = (
        "import sys, kg.cli; from kg.registry import REGISTRIES; "
        "names = {g: r.builtin_names() for g, r in REGISTRIES.items()}; "
        "print(sorted(m for m in ('rdflib', 'kg.teachers', 'extractors', 'kg.export', 'kg.critics', 'kg.students.rounds', 'reasoners.owl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_built_in_part_loads():
    """Each target names the part even after its modules are imported (``kg.critics:llm_judge``
    named the factory until ``kg.critics.llm_judge``, the submodule, replaced it)."""
    import kg.critics.llm_judge  # noqa: F401
    from kg.export import RDF_EXPORTS
    from kg.registry import REGISTRIES, exporters, teachers

    assert teachers.builtin_names() == ["replay", "openai", "hf", "offline"]
    assert set(RDF_EXPORTS) <= set(exporters.builtin_names())
    for registry in REGISTRIES.values():
        for name in registry.builtin_names():
            assert callable(registry.load(name)), (registry.kind, name)


@pytest.fixture
def rival(plugin, tmp_path, monkeypatch) -> Path:
    """A second package, ``rival-kg-plugin``, whose entry points take the toy plugin's names
    (extractor ``pipe``) and built-in ones (extractor ``json``, exporter ``turtle``)."""
    site = tmp_path / "site2"
    dist = site / "rival_kg_plugin-2.0.dist-info"
    dist.mkdir(parents=True)
    (site / "rival_kg_plugin.py").write_text("def extract(completion, prompt, context):\n    return []\n", encoding="utf-8")
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: rival-kg-plugin\nVersion: 2.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[kg.extractors]\npipe = rival_kg_plugin:extract\njson = rival_kg_plugin:extract\n\n"
        "[kg.exporters]\nturtle = rival_kg_plugin:extract\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return site


def test_a_name_two_packages_provide_is_an_error_when_chosen_and_kg_plugins_lists_both(rival, tmp_path, capsys):
    """Before: of two packages with one extractor name the first on the path won without a word
    (the run read the toy plugin's answers with the rival's extractor: 0 facts, exit 0), and an
    entry point taking a built-in's name vanished from ``kg plugins``."""
    code, out = _run("plugins", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    pipes = [r for r in rows if (r["kind"], r["name"]) == ("extractor", "pipe")]
    assert {r["origin"] for r in pipes} == {"entry point of toy-kg-plugin", "entry point of rival-kg-plugin"}
    assert all("ambiguous" in r["help"] for r in pipes)
    shadowed = [r for r in rows if (r["kind"], r["name"], r["origin"]) in {
        ("extractor", "json", "entry point of rival-kg-plugin"), ("exporter", "turtle", "entry point of rival-kg-plugin")}]
    assert len(shadowed) == 2 and all("not used: kg's own" in r["help"] for r in shadowed)

    files = write_geo_files(tmp_path)
    code, out = _run(*distill_args(files, tmp_path / "store", f"replay:{files['transcript']}", "--kind", "pipe"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 2 and "the extractor name 'pipe' is ambiguous:" in err
    assert "rival-kg-plugin" in err and "toy-kg-plugin" in err
    from extractors import Extractor
    from kg.ontology import load_domain
    from kg.prompts import Prompt
    from kg.records import Completion

    prompt = Prompt.make("Capitals as subject | relation | object", kind="pipe")
    with pytest.raises(ConfigError, match="'pipe' is ambiguous"):
        Extractor(load_domain("geography")).extract(Completion(prompt.id, prompt.text, "t", "a | b | c"), prompt)
    # the built-in keeps its name
    assert importlib.import_module("extractors").extract_json_objects is __import__("kg.registry").registry.extractors.load("json")


def _pipe_args(tmp_path: Path, store: Path, teacher: str, *extra: str, kind: str = "pipe") -> list[str]:
    seeds = tmp_path / "france.txt"
    seeds.write_text("France\n", encoding="utf-8")
    return ["distill", "--domain", "geography", "--store", str(store), "--seeds", str(seeds), "--teacher", teacher,
            "--kind", kind, "--quiet", *extra]


def test_a_plugin_teachers_id_and_cache_key_are_the_name_it_was_chosen_by(plugin, tmp_path):
    """Two RequestTeacher subclasses registered as alpha and beta were both ``request:v1``: beta
    was never asked, got alpha's cached answers, and its facts were credited to ``request:v1``."""
    store = tmp_path / "store"
    for teacher in ("alpha:v1", "beta:v1"):
        code, out = _run(*_pipe_args(tmp_path, store, teacher, "--format", "json"))
        assert code == 0, out
        assert json.loads(out)["accepted"] == 1
    from kg.store import open_store

    with open_store(str(store)) as st:
        borders = {str(r["o"]).rsplit("/", 1)[-1] for r in st.query("SELECT ?o WHERE { res:france kgeo:borders ?o }").bindings()}
        teachers = {str(r["t"]) for r in st.query("SELECT DISTINCT ?t WHERE { ?s kg:teacher ?t }", graph="all").bindings()}
    assert borders == {"spain", "belgium"}
    assert teachers == {"alpha:v1", "beta:v1"}


def test_a_faulty_plugin_teacher_factory_or_student_is_named_in_one_line(plugin, tmp_path, capsys):
    """Before: "unexpected RuntimeError" / "unexpected AttributeError: 'str' object has no attribute
    'close'" (and a run record left without an end), naming no plugin."""
    from kg.store import init_store, open_store
    from kg.pipeline import run_history

    store = tmp_path / "store"
    init_store(store).close()
    code, _ = _run(*_pipe_args(tmp_path, store, "unconfigured:x"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 1
    assert ("the teacher 'unconfigured' (entry point of toy-kg-plugin) could not be made: RuntimeError: "
            "no endpoint configured") in err and "unexpected" not in err
    code, _ = _run(*_pipe_args(tmp_path, store, "notteacher:x"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 1 and "the teacher 'notteacher' (entry point of toy-kg-plugin) made a str, not a kg.teachers.Teacher" in err
    with open_store(str(store)) as st:
        assert run_history(st) == []  # no run was started
    code, _ = _run(*_pipe_args(tmp_path, store, "alpha:x", "--student", "listing"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 1 and "student 'listing' returned list, not a kg.seams.StudentRound" in err and "unexpected" not in err


def _quarantined(store: Path) -> list[str]:
    from kg.store import open_store

    with open_store(str(store)) as st:
        return [str(r["m"]) for r in st.query(
            "SELECT ?m WHERE { ?r a kg:Rejection ; kg:extractor ?x ; kg:reason/kg:message ?m }", graph="all"
        ).bindings()]


def test_an_extractor_that_returns_the_wrong_type_or_nothing_keeps_the_answer_with_the_reason(plugin, tmp_path, capsys):
    """An extractor returning a tuple of strings (not a list of Candidate | Unreadable) or [] for
    an answer lost it without a trace: 0 candidates, 0 unreadable, no record, exit 0."""
    code, out = _run(*_pipe_args(tmp_path, tmp_path / "a", "alpha:x", "--format", "json", kind="tupled"))
    assert code == 0 and json.loads(out)["unreadable"] == 1
    assert "the 'tupled' extractor" not in capsys.readouterr().out
    [reason] = _quarantined(tmp_path / "a")
    assert "the extractor returned tuple holding a str, not a list of kg.records.Candidate or Unreadable" in reason
    code, out = _run(*_pipe_args(tmp_path, tmp_path / "b", "alpha:x", "--format", "json", kind="blind"))
    assert code == 0 and json.loads(out)["unreadable"] == 1
    assert _quarantined(tmp_path / "b") == ["the 'blind' extractor read nothing in the answer"]


def test_an_extractor_failing_on_answers_is_named_on_stderr_with_its_error_and_counts(plugin, tmp_path, capsys):
    """Before: every answer quarantined, exit 0, "success", and nothing said which part failed."""
    capsys.readouterr()
    code, out = _run(*_pipe_args(tmp_path, tmp_path / "a", "alpha:x", "--format", "json", kind="crashing"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 0 and json.loads(out)["unreadable"] == 1
    assert ("the extractor 'crashing' (entry point of toy-kg-plugin) failed on 1 of 1 answers it was given "
            "(each kept as unreadable, with the error): ValueError: cell count mismatch") in err
    assert json.loads(out)["extractor_errors"] == [err.strip()]


def test_a_runs_provenance_names_the_plugin_packages_and_the_extractor_kg_called(plugin, tmp_path):
    """The run recorded kg's version only (a plugin's upgrade left old and new facts alike), and
    a plugin extractor that wrote "json" was recorded as kg's own JSON extractor."""
    store = tmp_path / "store"
    code, out = _run(*_pipe_args(tmp_path, store, "alpha:x", "--format", "json", kind="copied"))
    assert code == 0 and json.loads(out)["accepted"] == 1, out
    from kg.store import open_store

    with open_store(str(store)) as st:
        software = [str(r["v"]) for r in st.query("SELECT ?v WHERE { ?r a kg:Run ; kg:softwareVersion ?v }", graph="all").bindings()]
        extractors = {str(r["x"]) for r in st.query("SELECT DISTINCT ?x WHERE { ?s kg:extractor ?x }", graph="all").bindings()}
    assert len(software) == 1 and software[0].startswith("kg-distill ") and software[0].endswith("; toy-kg-plugin 0.1 (plugin)")
    assert extractors == {"copied"}


def test_kg_critic_eval_measures_a_plugin_critic(plugin, tmp_path, capsys):
    """It was hard-wired to a trained critic's folder: "no trained critic at 'doubter:x' (no
    critic.json); train one", exit 1, for a critic kg distill --critic takes."""
    labels = tmp_path / "labels.csv"
    labels.write_text("subject,relation,object,label\nFrance,hasCapital,Paris,valid\nFrance,hasCapital,Lyon,invalid\n",
                      encoding="utf-8")
    code, out = _run("critic", "eval", "--critic", "doubter:x", "--labels", str(labels), "--format", "json")
    assert code == 0, out
    report = json.loads(out)
    assert report["critic"] == "doubter:x" and report["labels"]["examples"] == 2
    code, _ = _run("critic", "eval", "--critic", "doubtr:x", "--labels", str(labels))
    assert code == 2 and "no critic folder and no critic's name" in capsys.readouterr().err


def test_a_plugin_exporter_is_handed_a_graph_selector_that_store_match_takes(plugin, tmp_path, capsys):
    """``kg export -g knowledge`` (or ``all``) hands the exporter the selector, which Store.match
    refused: "unknown graph 'knowledge'; use one of ..., knowledge or all"."""
    store = tmp_path / "store"
    code, out = _run(*_pipe_args(tmp_path, store, "alpha:x"))
    assert code == 0, out
    lines = {}
    for selector in ("accepted", "knowledge", "all"):
        target = tmp_path / f"{selector}.lines"
        code, _ = _run("export", "--store", str(store), "--format", "lines", "-g", selector, "-o", str(target), "-q")
        assert code == 0, capsys.readouterr().err
        lines[selector] = target.read_text(encoding="utf-8").splitlines()
    assert any("borders" in line for line in lines["accepted"])
    assert set(lines["accepted"]) <= set(lines["knowledge"]) and len(lines["all"]) > len(lines["knowledge"])


def test_a_plugin_exporters_faults_name_it_and_are_not_usage_errors(plugin, tmp_path, capsys):
    """Its own OSError was "cannot write 'out.x': ..." (the user's file blamed), a None for the count
    "int() argument must be ..."; both exit 2, the code of the user's mistakes."""
    from kg.store import init_store

    init_store(tmp_path / "store").close()
    for fmt, said in (
        ("quota", "the quota exporter (entry point of toy-kg-plugin) failed writing '{}': OSError: disk quota exceeded"),
        ("uncounted", "the uncounted exporter (entry point of toy-kg-plugin) returned NoneType, not the number of triples"),
        ("broken", "the broken exporter (entry point of toy-kg-plugin) failed: ValueError: column mismatch"),
    ):
        target = tmp_path / f"out.{fmt}"
        code, _ = _run("export", "--store", str(tmp_path / "store"), "--format", fmt, "-o", str(target), "-q")
        err = capsys.readouterr().err.replace("\n", "")
        assert code == 1 and said.format(target) in err, err
        assert not target.exists()


def test_a_module_of_the_users_that_shadows_extractors_is_named(tmp_path, monkeypatch, capsys):
    """A project's own extractors.py ahead of kg's on the path: "needs extractors.Extractor,
    which this checkout lacks", as if kg were broken."""
    import types

    own = types.ModuleType("extractors")
    own.__file__ = str(tmp_path / "extractors.py")
    monkeypatch.setitem(__import__("sys").modules, "extractors", own)
    files = write_geo_files(tmp_path)
    code, _ = _run(*distill_args(files, tmp_path / "store", f"replay:{files['transcript']}"))
    err = capsys.readouterr().err.replace("\n", "")
    assert code == 2 and f"another package named 'extractors' ({tmp_path / 'extractors.py'}) is imported in its place" in err
