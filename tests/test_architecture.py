"""The import rule from the README: analysis modules never import streamlit."""

import ast
from pathlib import Path

import pytest

COMPONENTS = Path(__file__).resolve().parent.parent / "components"
# Only these modules (and dashboard.py) may touch streamlit; see the README's module table.
UI_MODULES = {"cache.py", "panels.py"}
ANALYSIS_MODULES = sorted(p.name for p in COMPONENTS.glob("*.py") if p.name not in UI_MODULES)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_there_are_analysis_modules() -> None:
    assert {"actors.py", "analysis.py", "readers.py", "figures.py"} <= set(ANALYSIS_MODULES)


@pytest.mark.parametrize("module", ANALYSIS_MODULES)
def test_analysis_module_does_not_import_streamlit(module: str) -> None:
    assert "streamlit" not in imported_modules(COMPONENTS / module)


def test_readme_lists_every_module() -> None:
    readme = (COMPONENTS.parent / "README.md").read_text(encoding="utf-8")
    for path in COMPONENTS.glob("*.py"):
        if path.name != "__init__.py":
            assert f"`{path.stem}`" in readme, f"README's module table misses {path.stem}"
