"""What an installed package promises: its licence, its declared dependencies, the version it
reports, and commands that work outside a checkout (a release engineer's audit)."""

from __future__ import annotations

import ast
import subprocess
import sys
import sysconfig
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from tests.conftest import kg_exit_code

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGES = ("kg", "extractors", "reasoners", "ontologies")
# imported only where an ImportError is caught and a one-line hint (or a fallback) given
GUARDED = {"certifi", "polars"}


def _declared() -> set[str]:
    project = PYPROJECT["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    names = set()
    for spec in specs:
        name = spec.split(";")[0]
        for stop in "<>=!~[ ":
            name = name.split(stop)[0]
        names.add(name.strip().lower().replace("_", "-"))
    return names


def _third_party_imports() -> set[str]:
    ours = set(PACKAGES) | set(sys.stdlib_module_names) | {"__future__"}
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                found |= {name.split(".")[0] for name in names} - ours
    return found


def test_every_package_imported_is_declared() -> None:
    """safetensors was imported by the generator and declared nowhere: it came only through
    transformers, so an install that resolved another way lacked it."""
    dists = packages_distributions()
    declared = _declared()
    missing = []
    for module in sorted(_third_party_imports() - GUARDED):
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} ({', '.join(sorted(names))})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_licence_text_ships() -> None:
    """pyproject declared Apache-2.0 and no file in the repository, the sdist or the wheel held
    the licence's text, which Apache-2.0 requires redistributors to pass on."""
    project = PYPROJECT["project"]
    assert project["license"] == "Apache-2.0"
    files = project["license-files"]
    assert files == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("Apache License") and "Version 2.0, January 2004" in text


def test_typer_is_bounded_below_where_it_works_with_todays_click() -> None:
    """typer 0.12-0.15 with click 8.2+ broke every command or `kg --help` (measured)."""
    typer = [d for d in PYPROJECT["project"]["dependencies"] if d.split(">")[0].split("=")[0].strip() == "typer"]
    assert typer == ["typer>=0.16"]


def test_the_version_is_the_running_codes_not_an_installed_distributions(monkeypatch, capsys) -> None:
    """A checkout run through PYTHONPATH beside an installed wheel of another version reported
    (and recorded in every run's provenance) the wheel's version."""
    import importlib.metadata

    import kg
    from kg.software import software_version

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9" if name == "kg-distill" else real(name))
    monkeypatch.setattr("kg.software.version", importlib.metadata.version)
    assert kg_exit_code("--version") == 0
    assert capsys.readouterr().out.strip() == f"kg-distill {kg.__version__}"
    assert software_version().startswith(f"kg-distill {kg.__version__}")
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "kg.__version__"}


def test_an_unknown_domain_is_a_usage_error(tmp_path: Path, capsys) -> None:
    """`kg init s --domain nosuch`, `kg domain show nosuch`: exit 1, where an unknown relation
    or rule id exits 2 (the README's usage errors)."""
    assert kg_exit_code("init", str(tmp_path / "s"), "--domain", "nosuch") == 2
    assert kg_exit_code("domain", "show", "nosuch") == 2
    err = capsys.readouterr().err
    assert "no domain folder at 'nosuch'" in err and "geography" in err and "Traceback" not in err


def test_init_names_a_shipped_domain_reached_by_its_path_by_its_name(tmp_path: Path) -> None:
    """`kg init s --domain ontologies/geography` (as a checkout's docs say) wrote the checkout's
    absolute path into kg.toml, so the store failed once the checkout was gone."""
    store = tmp_path / "s"
    assert kg_exit_code("init", str(store), "--domain", str(ROOT / "ontologies" / "geography")) == 0
    assert 'domain = "geography"' in (store / "kg.toml").read_text(encoding="utf-8")


def test_no_message_points_at_a_checkouts_ontologies_folder() -> None:
    """`--domain ontologies/NAME`, as help and errors advised, is no domain for an installed
    package (there is no ontologies/ folder in the user's current directory)."""
    for path in (ROOT / "kg").rglob("*.py"):
        assert "--domain ontologies/" not in path.read_text(encoding="utf-8"), path


def _python(cwd: Path, *argv: str, path: str = "") -> subprocess.CompletedProcess[str]:
    """Python as an installed wheel runs kg: ``-S`` leaves out site's .pth files, so no editable
    install's import hook finds kg's modules that Python's path would not."""
    site_packages = sysconfig.get_paths()["purelib"]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{path}{ROOT}:{site_packages}", "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-S", *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("package", ["extractors", "reasoners"])
def test_python_m_kg_ignores_a_folder_of_the_users_with_one_of_our_package_names(tmp_path: Path, package: str) -> None:
    """`python -m kg` from a folder holding a lab's own `extractors/` or `reasoners/` package
    imported theirs (Python puts the current folder first for -m): "No module named
    'extractors.datatypes'", or a raw ImportError traceback for every command."""
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("MINE = True\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("head,relation,tail\nLyon,capitalOf,France\n", encoding="utf-8")
    done = _python(tmp_path, "-m", "kg", "validate", "c.csv", "--domain", "geography")
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr
    assert "capitalOf" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(("package", "call"), [
    ("reasoners", "kg.why(('<urn:x:a>', '<urn:x:p>', '<urn:x:b>'))"),  # the API's optional layer
    ("extractors", "kg.ingest('c.csv', 'geography')"),  # the pipeline's part
])
def test_a_shadowing_package_of_the_users_is_named(tmp_path: Path, package: str, call: str) -> None:
    """A script in a folder holding its own `reasoners/` package: "needs the module
    reasoners.explain, which this installation does not have", blaming the installation; the
    pipeline said it another way of its own (now both through :mod:`kg.modules`)."""
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "c.csv").write_text("head,relation,tail\nLyon,capitalOf,France\n", encoding="utf-8")
    script = (
        "from kg.api import KnowledgeGraph\n"
        f"kg = KnowledgeGraph.create({str(tmp_path / 'store')!r})\n"
        f"try:\n    {call}\n"
        "except Exception as exc:\n    print(exc)\n"
    )
    done = _python(tmp_path, "-c", script, path=f"{tmp_path}:")
    assert f"another package named {package!r}" in done.stdout and str(tmp_path) in done.stdout, done.stdout + done.stderr


def test_python_m_kg_runs_from_a_deleted_folder(tmp_path: Path) -> None:
    """`python -m kg` from a folder since deleted: a FileNotFoundError traceback from os.getcwd."""
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run(
        ["/bin/sh", "-c", f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -S -m kg --version'],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT}:{sysconfig.get_paths()['purelib']}", "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.startswith("kg-distill ")

