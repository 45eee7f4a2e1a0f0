"""The import rules, derived from the package layout (README "Code layout").

- Each subpackage of ``components`` is a stage; ``components.FLOW`` lists them in the order data
  flows. A module imports only from its own stage or earlier ones.
- A top-level module that imports no other module of the package is a foundation
  (``settings``): every stage may import it. Any other top-level module is an entry point
  (``cli``): it may import every stage but ``ui``, and nothing imports it.
- The root package (``components/__init__.py``: the version, ``FLOW`` and the lazily loaded
  public API) may be imported by anyone; its API never points into ``ui``.
- No import cycles between modules, within a stage either.
- Only ``ui`` (and ``dashboard.py``) imports streamlit.

:func:`check_package` finds every breach in a package tree; the tests run it on the real
package and on small planted trees, so a new module that breaks a rule makes them fail.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

import components

ROOT = Path(__file__).resolve().parent.parent
COMPONENTS = ROOT / "components"


def module_name(path: Path, package_dir: Path) -> str:
    """``components/engine/store/__init__.py`` -> ``components.engine.store``."""
    parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module named by an import statement in ``path`` (also inside functions), dotted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def check_package(package_dir: Path, flow: tuple[str, ...]) -> list[str]:
    """Every breach of the rules in the module docstring, as readable lines (empty: none)."""
    root = package_dir.name
    modules = {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}
    edges = {
        name: {m for m in imports_of(path) if m in modules and m != name and m != root}
        for name, path in modules.items()
    }
    problems: list[str] = []
    stages = {p.name for p in package_dir.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    problems += [f"subpackage {s!r} is not in the flow {flow}" for s in sorted(stages - set(flow))]

    def rank(name: str) -> float:
        parts = name.split(".")
        if len(parts) > 2 or parts[1] in stages:
            return 1 + flow.index(parts[1]) if parts[1] in flow else float("inf")
        if name == root:
            return 0
        return 0 if not edges[name] else len(flow) - 0.5  # foundation / entry point (before "ui")

    for name, targets in sorted(edges.items()):
        for target in sorted(targets):
            if rank(target) > rank(name):
                problems.append(f"{name} imports {target}, which comes later in the flow")
        path = modules[name]
        if "streamlit" in {m.split(".")[0] for m in imports_of(path)} and not name.startswith(f"{root}.ui"):
            problems.append(f"{name} imports streamlit, which only {root}.ui may")
    problems += [f"import cycle among: {', '.join(cycle)}" for cycle in find_cycles(edges)]
    return problems


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules that import each other (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return cycles


def test_the_package_keeps_the_import_rules() -> None:
    assert check_package(COMPONENTS, components.FLOW) == []


def test_every_stage_of_the_flow_is_a_subpackage_with_a_docstring() -> None:
    for stage in components.FLOW:
        init = COMPONENTS / stage / "__init__.py"
        assert init.exists(), stage
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{stage}/__init__.py has no docstring"


def test_the_public_api_never_points_into_the_ui() -> None:
    assert all(not module.startswith("components.ui") for module in components._API.values())


def test_importing_the_engine_does_not_import_streamlit() -> None:
    import subprocess
    import sys

    code = "import sys, components.engine.sources, components.views.selection, components.cli; print('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    """A small package ``pkg`` with these files (relative path -> source)."""
    package = tmp_path / "pkg"
    for relative, source in {"__init__.py": "", **files}.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return package


CLEAN = {
    "settings.py": "import os\n",
    "cli.py": "from pkg.engine.run import go\nfrom pkg.settings import X\n",
    "ingest/__init__.py": "", "ingest/read.py": "from pkg.settings import X\n",
    "engine/__init__.py": "", "engine/run.py": "from pkg.ingest.read import read\nfrom pkg import __version__\n",
    "ui/__init__.py": "", "ui/page.py": "import streamlit as st\nfrom pkg.engine import run\n",
}
FLOW = ("ingest", "engine", "ui")


def test_a_clean_planted_package_passes(tmp_path: Path) -> None:
    assert check_package(plant(tmp_path, CLEAN), FLOW) == []


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"ingest/read.py": "from pkg.engine.run import go\n"}, "pkg.ingest.read imports pkg.engine.run, which comes later"),
        ({"ingest/read.py": "def f():\n    from pkg.ui import page\n"}, "pkg.ingest.read imports pkg.ui.page"),
        ({"engine/run.py": "import pkg.cli\n"}, "pkg.engine.run imports pkg.cli, which comes later"),
        ({"cli.py": "from pkg.ui.page import draw\n"}, "pkg.cli imports pkg.ui.page, which comes later"),
        ({"engine/a.py": "from pkg.engine import b\n", "engine/b.py": "from pkg.engine.a import f\n"},
         "import cycle among: pkg.engine.a, pkg.engine.b"),
        ({"engine/run.py": "import streamlit\n"}, "pkg.engine.run imports streamlit"),
        ({"extra/__init__.py": "", "extra/m.py": ""}, "subpackage 'extra' is not in the flow"),
    ],
)
def test_a_planted_breach_fails(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    problems = check_package(plant(tmp_path, CLEAN | files), FLOW)
    assert any(expected in problem for problem in problems), problems


def test_readme_names_every_stage() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for stage in components.FLOW:
        assert f"`{stage}/`" in readme, f"README's code layout misses {stage}/"
