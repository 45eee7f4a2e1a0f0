"""The sentence line: the reader's article sentence by sentence; a click scrolls the reader there."""

from __future__ import annotations

import pandas as pd

from components.ui.widgets import draw_chart
from components.views.figures import build_sentence_chart
from components.views.selection import Views


def render_sentence_line(views: Views, article_id: str, sentences: pd.DataFrame, *, selected: int | None) -> None:
    """The sentences of the reader's article ``article_id``, ``selected`` emphasised."""
    figure = views.figure("sentences", lambda: build_sentence_chart(sentences, selected=selected), article_id)
    draw_chart(figure, "sentences", sentences[["sentence", "text", "compound", "label"]])
