"""No user-supplied text reaches a Markdown-rendering Streamlit call unescaped.

Streamlit renders Markdown (images and links included) in messages, captions, labels and help
texts, so a file named ``d![m](http://127.0.0.1:8599/x).toml`` quoted in a message would make
the visitor's browser fetch that address. The rule, checked here over every UI module: the text
given to such a call is a literal, a call of ``md_escape(...)``, or an f-string whose every
value is ``md_escape(...)`` or a formatted number (``{count:,}``). A new message that quotes
user text without escaping it fails this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from components.language.actors import load_actor_dictionary
from components.ui.panels.dictionary import read_dictionary_upload
from components.ui.widgets import md_escape

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted((ROOT / "components" / "ui").rglob("*.py")) + [ROOT / "dashboard.py"]
# Calls whose text Streamlit renders as Markdown: messages, captions, headings and widget labels.
SINKS = {
    "error", "warning", "success", "info", "caption", "markdown", "write", "toast", "status", "exception",
    "title", "header", "subheader", "expander", "button", "checkbox", "radio", "selectbox", "multiselect",
    "text_input", "slider", "file_uploader", "download_button", "metric", "tabs", "progress", "update",
}
TEXT_KEYWORDS = {"label", "body", "text", "help", "placeholder"}
HOSTILE = "d![m](http://127.0.0.1:8599/x).toml"


def _safe(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "md_escape":
        return True
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(part, ast.Constant)
            or (isinstance(part, ast.FormattedValue) and (part.format_spec is not None or _safe(part.value)))
            for part in node.values
        )
    if isinstance(node, ast.List | ast.Tuple):  # tabs(["Per article", ...])
        return all(_safe(item) for item in node.elts)
    return False


def unsafe_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SINKS):
            continue
        texts = node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        if node.func.attr == "progress":  # its first argument is the fraction done
            texts = texts[1:]
        if node.func.attr == "update":
            texts = [k.value for k in node.keywords if k.arg == "label"]
        for text in texts:
            if not _safe(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(text)[:80]}")
    return found


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_markdown_text_is_a_literal_or_escaped(path: Path) -> None:
    assert unsafe_calls(path) == []


def test_the_rule_catches_unescaped_text(tmp_path: Path) -> None:
    planted = tmp_path / "panel.py"
    planted.write_text(
        "import streamlit as st\n"
        "def show(name, count):\n"
        "    st.error(f'{name}: bad')\n"
        "    st.caption(name)\n"
        "    st.success(f'{count:,} ok {md_escape(name)}')\n"
        "    status.update(label=f'Done {name}')\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert [line.split(": ", 1)[0] for line in unsafe_calls(planted)] == ["panel.py:3", "panel.py:4", "panel.py:6"]
    finally:
        ROOT = saved


def test_a_hostile_dictionary_file_name_is_quoted_as_text() -> None:
    current = load_actor_dictionary()
    new, kind, message = read_dictionary_upload(HOSTILE, b"[[actor]]\nname = 'X'\ntype = 'nope'\n", current, replace=False)
    assert new is None and kind == "error" and HOSTILE in message
    shown = md_escape(message)  # what the panel passes to st.error
    assert "![m](http" not in shown and "\\!\\[m\\]\\(http" in shown
    claimed = b"[[actor]]\nname = 'A'\ntype = 'person'\naliases = ['![m](http://x)']\n[[actor]]\nname = 'B'\ntype = 'person'\naliases = ['![m](http://x)']\n"
    _, _, message = read_dictionary_upload("ok.toml", claimed, current, replace=True)
    assert "![m](http://x)" in message and "](http" not in md_escape(message)
