"""The sentence line: the reader's article sentence by sentence; a click scrolls the reader there."""

from __future__ import annotations

import pandas as pd

from components.ui.widgets import draw_chart
from components.views.figures import build_sentence_chart


def render_sentence_line(sentences: pd.DataFrame, *, selected: int | None) -> None:
    draw_chart(build_sentence_chart(sentences, selected=selected), "sentences", sentences[["sentence", "text", "compound", "label"]])
