"""The README documents every setting, and the deploy requirements match pyproject."""

import re
import tomllib
from pathlib import Path

import pytest

from components.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_readme_documents_setting(setting) -> None:
    row = re.search(rf"^\| `{setting.name}` \| `([^`]*)` \| (.+) \|$", README, re.MULTILINE)
    assert row, f"README settings table misses {setting.name}"
    assert row.group(1) == str(setting.default)
    assert row.group(2) == setting.help


def test_quick_start_has_exactly_the_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip() and not line.startswith("#")]
    assert commands == [
        "pip install -e . && streamlit run dashboard.py",
        "pip install -e '.[test]' && pytest",
    ]
    assert "pip install -e '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_requirements_txt_matches_pyproject_dependencies() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(lines) == sorted(declared)
