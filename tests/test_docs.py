"""The README documents every setting and every cleaning rule, and the deploy requirements match pyproject."""

import re
import tomllib
from pathlib import Path

import pytest

from components.ingest.cleaning import CLEANING_RULES
from components.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_readme_documents_setting(setting) -> None:
    row = re.search(rf"^\| `{setting.name}` \| `([^`]*)` \| (.+) \|$", README, re.MULTILINE)
    assert row, f"README settings table misses {setting.name}"
    assert row.group(1) == str(setting.default)
    assert row.group(2) == setting.help


@pytest.mark.parametrize("rule", CLEANING_RULES, ids=lambda r: r.name)
def test_readme_documents_cleaning_rule(rule) -> None:
    assert f"| `{rule.name}` | {rule.label} | {rule.help} |" in README.splitlines()


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


def test_readme_python_example_runs_on_the_public_api(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    block = README.split("From Python", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    imported = re.findall(r"^from (\S+) import (.+)$", block, re.MULTILINE)
    assert imported and all(module == "components" for module, _ in imported)  # the public API only
    monkeypatch.chdir(ROOT)
    exec(compile(block, "README.md", "exec"), {})
    shown = capsys.readouterr().out
    assert "Vladimir Putin" in shown and "Abbas Araqchi" in shown


def test_the_public_api_names_the_readme_promises() -> None:
    import components

    promised = {
        "load_corpus", "analyze_corpus", "analyze_text", "load_actor_dictionary", "find_mentions",
        "find_unknown_names", "extract_keywords", "label_sentiment", "fold_quotes",
    }
    assert promised <= set(components.__all__)
    for name in components.__all__:
        assert getattr(components, name) is not None, name
