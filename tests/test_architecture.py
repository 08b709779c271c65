"""The architecture rules of STYLE.md, checked on the source tree."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["chidao", "pipeline", "nlp", "index", "flows"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
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
