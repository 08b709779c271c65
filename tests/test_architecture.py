"""The architecture rules of STYLE.md, checked on the source tree."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["chidao", "pipeline", "nlp", "index", "flows"]


def _top(module: str) -> str:
    """The package a module belongs to: "chidao.nlp.extract" → "nlp", "chidao.cli" → "chidao"."""
    parts = module.split(".")
    if parts[0] == "chidao" and len(parts) > 1 and parts[1] in PACKAGES:
        return parts[1]
    return parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(_top(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(_top(node.module))
    return names


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", [p for p in PACKAGES if p != "flows"])
def test_only_flows_import_prefect(package):
    offenders = [str(p.relative_to(ROOT)) for p in _sources(package) if "prefect" in _imports(p)]
    assert offenders == []


def test_pipeline_does_not_import_nlp_or_index():
    offenders = [
        str(p.relative_to(ROOT))
        for p in _sources("pipeline")
        if _imports(p) & {"nlp", "index", "flows"}
    ]
    assert offenders == []


def test_nlp_does_not_read_the_clock():
    # "today" arrives as Config.reference_date; nlp/ must give the same answer every run.
    offenders = []
    for path in _sources("nlp"):
        text = path.read_text(encoding="utf-8")
        if any(call in text for call in ("date.today(", "datetime.now(", "datetime.today(", "time.time(")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_source_files_stay_small():
    # STYLE.md: files stay around 400 lines; 500 leaves room for a docstring-heavy module.
    big = {
        str(p.relative_to(ROOT)): n
        for package in PACKAGES
        for p in _sources(package)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert big == {}


def test_installed_names_stay_under_chidao(tmp_path):
    # Outside the checkout only `chidao` is importable: no generic top-level packages.
    code = ("import importlib.util as u, chidao.pipeline, chidao.nlp, chidao.index, chidao.flows;"
            "print([m for m in ('pipeline', 'nlp', 'index', 'flows', 'corpus') if u.find_spec(m)])")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": ""})
    assert out.stdout.strip() == "[]"


def test_every_used_distribution_is_declared():
    # Third-party imports of the product map to a declared dependency (dateparser was not).
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = lambda deps: {re.split(r"[<>=\[ ;]", d)[0].lower().replace("_", "-") for d in deps}  # noqa: E731
    declared = names(project["dependencies"])
    # `chidao bench` compares against baselines that users need not install: the bench extra.
    bench = declared | names(project["optional-dependencies"]["bench"])
    dists = packages_distributions()
    stdlib = set(sys.stdlib_module_names)
    missing = set()
    for package in PACKAGES:
        for path in _sources(package):
            for name in _imports(path) - stdlib - set(PACKAGES) - {"corpus"}:
                found = {d.lower().replace("_", "-") for d in dists.get(name, [name])}
                if not found & (bench if "bench" in path.parts else declared):
                    missing.add(f"{name} ({path.relative_to(ROOT)})")
    assert not missing, sorted(missing)


def test_every_declared_distribution_is_used():
    # Declared-but-unused dependencies go until they are used.
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=\[ ;]", d)[0].lower().replace("_", "-") for d in project["dependencies"]}
    used = set()
    for package in PACKAGES:
        for path in _sources(package):
            for name in _imports(path):
                used.update(d.lower().replace("_", "-") for d in packages_distributions().get(name, []))
    # fastapi is pinned below 0.155 for Prefect's server, which breaks with newer ones;
    # itsdangerous signs the web app's session cookies inside Starlette's SessionMiddleware.
    assert declared - used - {"fastapi", "itsdangerous"} == set()


@pytest.mark.slow
def test_the_wheel_carries_every_module_and_the_corpus(tmp_path):
    # A wheel works outside the checkout: every module of the five folders and every shipped
    # data file is in it, under the chidao name.
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("chidao-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    folders = {"chidao": "chidao", "pipeline": "chidao/pipeline", "nlp": "chidao/nlp", "index": "chidao/index",
               "flows": "chidao/flows", "corpus": "chidao/corpus"}
    missing = []
    for folder, installed in folders.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
                rel = path.relative_to(ROOT / folder).as_posix()
                if folder == "chidao" and rel.split("/")[0] in folders:
                    continue
                if f"{installed}/{rel}" not in names:
                    missing.append(f"{installed}/{rel}")
    assert missing == []
