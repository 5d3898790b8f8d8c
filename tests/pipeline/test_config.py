"""kg.toml: schema, clear messages, flags over the file, `kg init --domain`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.config import CONFIG_NAME, default_toml, find_config, load_config, resolve_domain_path
from kg.errors import ConfigError
from tests.conftest import kg_exit_code


def test_flags_override_the_file_and_unset_flags_do_not(tmp_path: Path) -> None:
    path = tmp_path / CONFIG_NAME
    path.write_text(
        'domain = "geography"\n[teacher]\nspec = "replay:a.jsonl"\nsamples = 3\n[critic]\nthreshold = 0.7\n',
        encoding="utf-8",
    )
    cfg = load_config(path, {"teacher.spec": "openai:m@http://127.0.0.1:1/v1", "critic.threshold": None})
    assert cfg.teacher.spec == "openai:m@http://127.0.0.1:1/v1"
    assert cfg.teacher.samples == 3
    assert cfg.critic.threshold == 0.7


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[critic]\nthreshold = 1.5\n", "critic.threshold = 1.5"),
        ("[teacher]\nsamlpes = 3\n", "teacher.samlpes: unknown key"),
        ('[teacher]\nspec = "gpt4"\n', "gpt4"),
        ("[run]\nbatch_size = 0\n", "run.batch_size = 0"),
        ("domain = [\n", "not valid TOML"),
    ],
)
def test_bad_values_name_the_key_and_the_value(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    assert needle in str(exc.value) and str(path) in str(exc.value)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[critic]\nthreshold = true\n", "critic.threshold = True"),
        ('[teacher]\nsamples = "3"\n', "teacher.samples = '3'"),
        ('[teacher]\nno_cache = "yes"\n', "teacher.no_cache = 'yes'"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_not_converted(tmp_path: Path, capsys, text: str, needle: str) -> None:
    """A kg.toml value of the wrong TOML type was silently converted: threshold = true ran at
    1.0, samples = "3" as 3, no_cache = "yes" as true. It is now refused (exit 2), naming the
    key; an integer is still a number, and a flag still overrides the file's value."""
    (tmp_path / CONFIG_NAME).write_text('domain = "geography"\n' + text, encoding="utf-8")
    assert kg_exit_code("distill", "--config", str(tmp_path / CONFIG_NAME), "--teacher", "replay:t.jsonl", "--dry-run") == 2
    assert needle in capsys.readouterr().err
    (tmp_path / "int.toml").write_text("[critic]\nthreshold = 1\n[teacher]\nsamples = \"3\"\n", encoding="utf-8")
    cfg = load_config(tmp_path / "int.toml", {"teacher.samples": 2})
    assert (cfg.critic.threshold, cfg.teacher.samples) == (1.0, 2)


def test_default_file_is_valid_and_documents_every_key_at_its_default() -> None:
    import re
    import tomllib

    cfg = load_config(None)
    text = default_toml(domain="geography", store="s", teacher="replay:t.jsonl")
    shown = tomllib.loads(re.sub(r"(?m)^# ([a-z_]+ *=)", r"\1", text))  # the commented defaults as settings
    for section in ("teacher", "prompts", "critic", "student", "run", "strategy", "server"):
        defaults = getattr(cfg, section).model_dump()
        assert set(shown[section]) == set(defaults), section
        for key, value in shown[section].items():
            if (section, key) != ("teacher", "spec") and defaults[key] is not None:  # None: an example is shown
                assert value == defaults[key], f"{section}.{key}"


def test_init_pins_no_default_so_an_upgrade_brings_new_ones() -> None:
    """kg init wrote every default as a setting: a kg.toml from before the retrieval student was
    the default generator kept `size = "small"` (and every other default of its day) after an
    upgrade. Now only the domain, the store and the teacher are set; the rest is shown commented."""
    import tomllib

    data = tomllib.loads(default_toml(domain="geography", store="s", teacher="replay:t.jsonl"))
    assert {k: v for k, v in data.items() if v} == {"domain": "geography", "store": "s", "teacher": {"spec": "replay:t.jsonl"}}


def test_init_with_domain_writes_a_config_distill_reads(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    main(["init", str(store), "--domain", "geography", "--teacher", "replay:t.jsonl"])
    assert find_config(store) == store / CONFIG_NAME
    cfg = load_config(find_config(store))
    assert (cfg.domain, cfg.teacher.spec, cfg.store) == ("geography", "replay:t.jsonl", str(store))
    assert "#" in (store / CONFIG_NAME).read_text()  # commented


@pytest.mark.parametrize("teacher", ["replay:C:\\data\\t.jsonl", "replay:my\\tanswers.jsonl", 'replay:say "hi".jsonl'])
def test_init_writes_any_path_so_it_reads_back_as_given(tmp_path: Path, teacher: str) -> None:
    """kg init wrote the store and the teacher into kg.toml unescaped: `kg init 'q"st'` and
    `--teacher 'replay:C:\\data\\t.jsonl'` gave a kg.toml no command could read, and
    `--teacher 'replay:my\\tanswers.jsonl'` read back with a TAB in the file name."""
    store = tmp_path / 'q"st'
    main(["init", str(store), "--domain", "geography", "--teacher", teacher])
    cfg = load_config(find_config(store))
    assert (cfg.store, cfg.teacher.spec) == (str(store.absolute()), teacher)


def test_a_store_named_with_a_tilde_has_its_kg_toml_read(tmp_path: Path, monkeypatch, capsys) -> None:
    """`kg distill --store=~/geo` (or KG_STORE='~/geo', which no shell expands) opened ~/geo but
    looked for a literal ./~/geo/kg.toml: the store's kg.toml was silently not read ("no domain
    given", or a run with the defaults)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    main(["init", str(tmp_path / "geo"), "--domain", "geography", "--teacher", "replay:t.jsonl"])
    assert find_config("~/geo") == tmp_path / "geo" / CONFIG_NAME
    (tmp_path / "t.jsonl").write_text('{"prompt": "France borders:", "completions": ["Spain"]}\n', encoding="utf-8")  # the dry run makes the teacher
    capsys.readouterr()
    assert kg_exit_code("distill", "--store=~/geo", "--dry-run") == 0, capsys.readouterr().err


def test_a_config_written_by_init_is_read_from_any_directory(tmp_path: Path, monkeypatch) -> None:
    """`kg init st --domain pharma` wrote domain = "pharma" and store = "st", relative to the
    folder it ran in: `kg distill --store /abs/st` from any other said "no domain folder at
    'pharma'". A folder is written by its absolute path; a shipped name stays a name."""
    from kg.ontology import domains_dir

    shutil.copytree(domains_dir() / "geography", tmp_path / "mine")
    monkeypatch.chdir(tmp_path)
    main(["init", "st", "--domain", "mine"])
    main(["init", "st2", "--domain", "geography"])
    monkeypatch.chdir(tmp_path / "mine")
    cfg = load_config(find_config(tmp_path / "st"))
    assert resolve_domain_path(cfg.domain) == (tmp_path / "mine").absolute() and Path(cfg.store) == (tmp_path / "st").absolute()
    assert load_config(find_config(tmp_path / "st2")).domain == "geography"


def test_files_a_user_edits_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    """kg.toml, a domain's relations.toml, a seeds file and a query file saved by a Windows
    editor start with a byte-order mark; tomllib refused it ('Invalid statement')."""
    from kg.ontology import domains_dir, load_domain

    store = tmp_path / "store"
    main(["init", str(store), "--domain", "geography", "--teacher", "replay:t.jsonl"])
    path = store / CONFIG_NAME
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_config(path).teacher.spec == "replay:t.jsonl"
    folder = tmp_path / "geo"
    shutil.copytree(domains_dir() / "geography", folder)
    relations = folder / "relations.toml"
    relations.write_bytes(b"\xef\xbb\xbf" + relations.read_bytes())
    assert "capitalOf" in load_domain(folder).relations


def test_cli_reports_a_bad_config_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[critic]\nthreshold = 2\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["distill", "--config", str(path), "--quiet"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "critic.threshold = 2" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "flags, blamed",
    [
        (["-n", "0"], "--samples (-n): teacher.samples = 0"),
        (["--strategy", "active", "--budget", "4", "--signal-weight", "sparse=-1"], "--signal-weight: strategy.w_sparse = -1.0"),
        (["--strategy", "bogus", "--budget", "4"], "--strategy: strategy.kind = 'bogus'"),
    ],
)
def test_a_bad_flag_value_is_blamed_on_the_flag_not_on_kg_toml(tmp_path: Path, capsys, flags: list[str], blamed: str) -> None:
    """kg distill --store st -n 0 said "error: st/kg.toml: teacher.samples = 0: ..." (the kg.toml
    sets no samples; the flag did), and "flags: teacher.samples = 0" without a kg.toml."""
    store = tmp_path / "st"
    main(["init", str(store), "--domain", "geography"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["distill", "--store", str(store), "--teacher", "offline:none.jsonl", "--quiet", *flags])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert f"error: {blamed}" in err and CONFIG_NAME not in err
    (store / CONFIG_NAME).write_text('domain = "geography"\n[critic]\nthreshold = 2\n', encoding="utf-8")
    with pytest.raises(SystemExit):  # a value the file gives is still blamed on the file
        main(["distill", "--store", str(store), "--quiet", "-n", "2"])
    assert f"{store / CONFIG_NAME}: critic.threshold = 2" in capsys.readouterr().err


def test_init_refuses_a_domain_that_does_not_load_and_makes_no_store(tmp_path: Path, capsys) -> None:
    """kg init --domain nosuch made a store and a kg.toml naming it; the first distill failed."""
    with pytest.raises(SystemExit) as stop:
        main(["init", str(tmp_path / "store"), "--domain", str(tmp_path / "nosuch")])
    assert stop.value.code != 0 and "no domain folder" in capsys.readouterr().err
    assert not (tmp_path / "store").exists()


def test_a_misspelt_key_is_named_with_the_key_meant(tmp_path: Path) -> None:
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match=r"critic.treshold: unknown key \(did you mean 'threshold'\?\)"):
        load_config(None, {"critic.treshold": 0.5})
    path = tmp_path / "kg.toml"
    path.write_text('domian = "geography"\n[teacher]\nsampels = 2\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "domian: unknown key (did you mean 'domain'?)" in str(error.value)
    assert "teacher.sampels: unknown key (did you mean 'samples'?)" in str(error.value)


def test_seeds_listed_in_kg_toml_are_asked_and_seeds_file_replaces_them(tmp_path: Path, capsys) -> None:
    """``[prompts] seeds = [...]``: the heads themselves (before: only a file of them); ``--seeds
    FILE`` replaces the list, and both in one file is an error."""
    import json

    from tests.conftest import kg_exit_code
    from tests.pipeline.conftest import write_geo_files

    files = write_geo_files(tmp_path)
    store = tmp_path / "store"
    assert kg_exit_code("init", str(store), "--domain", "geography", "--teacher", f"replay:{files['transcript']}") == 0
    toml = store / CONFIG_NAME
    toml.write_text(toml.read_text(encoding="utf-8").replace("\n# seeds = []", '\nseeds = ["France"]')
                    .replace("# store_examples = true", "store_examples = false"), encoding="utf-8")  # the transcript's prompts
    capsys.readouterr()
    assert kg_exit_code("distill", "--store", str(store), "--quiet", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["prompts"] == 7  # France's 7 relations
    assert kg_exit_code("distill", "--store", str(store), "--seeds", str(files["seeds"]), "--quiet", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["prompts"] == 14  # France and Paris
    toml.write_text(toml.read_text(encoding="utf-8").replace('# seeds_file = ""', f'seeds_file = "{files["seeds"]}"'), encoding="utf-8")
    assert kg_exit_code("distill", "--store", str(store), "--quiet") != 0
    assert "not both" in capsys.readouterr().err


def test_a_moved_store_is_the_store_its_kg_toml_names(tmp_path):
    """kg init writes the store's absolute path into its kg.toml: after the store was moved (or
    a backup restored under another name), a run reading that kg.toml created a new, empty store
    at the old path and wrote there."""
    from tests.conftest import kg_exit_code

    assert kg_exit_code("init", str(tmp_path / "old"), "--domain", "geography") == 0
    shutil.move(tmp_path / "old", tmp_path / "new")
    assert load_config(tmp_path / "new" / "kg.toml").store == str(tmp_path / "new")
    # a kg.toml naming another store that is there keeps it (on purpose, then)
    assert kg_exit_code("init", str(tmp_path / "other")) == 0
    toml = (tmp_path / "new" / "kg.toml").read_text(encoding="utf-8")
    (tmp_path / "new" / "kg.toml").write_text(toml.replace(str(tmp_path / "old"), str(tmp_path / "other")), encoding="utf-8")
    assert load_config(tmp_path / "new" / "kg.toml").store == str(tmp_path / "other")


def test_paths_written_with_a_tilde_are_read_from_home(tmp_path, monkeypatch):
    """`store = "~/kg"` in kg.toml, `--store=~/kg` (no shell expands a tilde after `=`) and
    `KnowledgeGraph.create("~/kg")` made a directory named `~` where the command ran."""
    from kg.api import KnowledgeGraph

    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir(), work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    cfg = load_config(None, {"store": "~/kg", "domain": "~/dom", "teacher.spec": "replay:~/t.jsonl", "teacher.cache": "~/c.sqlite",
                             "prompts.seeds_file": "~/s.txt", "strategy.generator": "~/gen", "critic.model": "~/critic"})
    assert (cfg.store, cfg.domain, cfg.teacher.spec) == (f"{home}/kg", f"{home}/dom", f"replay:{home}/t.jsonl")
    assert (cfg.teacher.cache, cfg.prompts.seeds_file, str(cfg.strategy.generator), cfg.critic.model) == (
        f"{home}/c.sqlite", f"{home}/s.txt", f"{home}/gen", f"{home}/critic")
    assert load_config(None, {"teacher.spec": "openai:m@http://h/v1"}).teacher.spec == "openai:m@http://h/v1"
    KnowledgeGraph.create("~/kg").close()
    with KnowledgeGraph.open("~/kg") as kg:
        assert kg.location == f"{home}/kg"
    assert (home / "kg" / "kg-store.json").is_file() and not (work / "~").exists()


@pytest.mark.parametrize("key, value", [("server.timeout", "inf"), ("server.long_after", "nan"),
                                        ("critic.w_student", "inf"), ("student.max_seconds", "inf")])
def test_a_setting_of_inf_or_nan_is_refused(tmp_path: Path, key: str, value: str) -> None:
    """`timeout = inf` under [server] started `kg serve`, which then answered every request 500
    ("Out of range float values are not JSON compliant"); a weight of inf was taken too."""
    section, name = key.split(".")
    path = tmp_path / CONFIG_NAME
    path.write_text(f"[{section}]\n{name} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{key} = {value}: Input should be a finite number"):
        load_config(path)


def test_a_nested_override_keeps_the_rest_of_the_files_section(tmp_path: Path) -> None:
    """An override given as a table ({"critic": {"threshold": 0.7}}, a kg.toml section's shape)
    replaced the whole section: the file's critic.model and w_validator fell back to their
    defaults (in load_config, DistillConfig.replace and KnowledgeGraph.distill(settings=...)).
    It now sets its keys and keeps the others; a section given as a whole object replaces it."""
    from kg.config import CriticConfig

    path = tmp_path / CONFIG_NAME
    path.write_text('domain = "geography"\n[critic]\nmodel = "none"\nw_validator = 5.0\n', encoding="utf-8")
    for cfg in (load_config(path, {"critic": {"threshold": 0.7}}), load_config(path).replace(critic={"threshold": 0.7})):
        assert (cfg.critic.threshold, cfg.critic.model, cfg.critic.w_validator) == (0.7, "none", 5.0)
    whole = load_config(path).replace(critic=CriticConfig(threshold=0.7))
    assert (whole.critic.model, whole.critic.w_validator) == ("auto", 2.0)


def test_an_error_of_flags_alone_is_blamed_on_the_flags(tmp_path: Path, capsys) -> None:
    """`kg distill --store geo --strategy active --budget 10 --signal-weight yields=0` said
    "geo/kg.toml: strategy = {...}: every signal weight is 0", though the kg.toml set none of it.
    A table's error is now blamed on the flags that set keys in it (and on the file where it does)."""
    store = tmp_path / "geo"
    main(["init", str(store), "--domain", "geography", "--teacher", "replay:t.jsonl"])
    capsys.readouterr()
    args = ("distill", "--store", str(store), "--dry-run", "--budget", "10", "--signal-weight", "yields=0")
    assert kg_exit_code(*args, "--strategy", "active") == 2
    assert capsys.readouterr().err.startswith("error: --strategy, --budget, --signal-weight: strategy = ")
    toml = store / CONFIG_NAME
    toml.write_text(toml.read_text(encoding="utf-8").replace('# kind = "grid"', 'kind = "active"'), encoding="utf-8")
    assert kg_exit_code(*args) == 2
    assert capsys.readouterr().err.startswith(f"error: {store / CONFIG_NAME} and --budget, --signal-weight: strategy = ")


def test_a_duplicate_key_names_its_line_and_the_hint_points_at_a_commented_file(tmp_path: Path) -> None:
    """A key given twice said "not valid TOML: Cannot overwrite a value (at line 3, column 14)",
    naming no key; an unknown key's hint sent the user to `kg init --help` for a commented
    kg.toml, which shows none. The error now quotes the line, and the hint names the command
    that writes one."""
    path = tmp_path / CONFIG_NAME
    path.write_text("[teacher]\ntemperature = 0.2\ntemperature = 0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\(at line 3, column \d+\): 'temperature = 0.5'"):
        load_config(path)
    with pytest.raises(ConfigError) as error:
        load_config(None, {"critic.bogus_key": 1})
    assert "kg init --help" not in str(error.value) and "`kg init DIR --domain X` writes a kg.toml" in str(error.value)
