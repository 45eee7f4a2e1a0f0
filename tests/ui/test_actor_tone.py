"""The dashboard's tone toward each actor: two actors of one sentence that treats them differently
get different tones in the per-actor view, and the ``actor_tone = "sentence"`` setting gives
them the sentence's one score. (The corpus is opened as a shared corpus, the one way a link
brings its own files.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_dashboard import chart, run_app

from components.engine.shares import ShareStore

SENTENCE = (
    "The rebels of the Northern Front shelled the town overnight, Governor Maria Lopez said, "
    "thanking General John Reed for his swift help."
)
CSV = (
    "title,text,source,published\n"
    f'"Shelling hits northern town","{SENTENCE} Three houses were destroyed.",Wire,2025-06-02\n'
).encode()


def actor_tones(*, actor_tone: str, shares: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[float, str]]:
    """Each actor's (tone, hover text) in the per-actor sentiment chart."""
    monkeypatch.setenv("NEWSSCOPE_SHARE_PATH", str(shares))
    monkeypatch.setenv("NEWSSCOPE_ACTOR_TONE", actor_tone)
    shared = ShareStore.from_settings().create((("shelling.csv", CSV),), include_base=False)
    (bars,) = chart(run_app(share=shared.id, tab="actor"), "actor_sentiment")["data"]
    return {name: (tone, hover) for (name,), tone, hover in zip(bars["customdata"], bars["x"], bars["hovertext"])}


def test_two_actors_of_one_sentence_get_the_tone_toward_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tones = actor_tones(actor_tone="target", shares=tmp_path, monkeypatch=monkeypatch)
    rebels, helper = tones["Northern Front"], tones["John Reed"]
    assert rebels[0] < -0.1 and helper[0] > 0.3  # shelled the town; thanked for his help
    # the sentence's own score stays on hover, the same for both
    sentence_tone = {hover.split("VADER: ")[1] for _, hover in (rebels, helper)}
    assert len(sentence_tone) == 1


def test_the_sentence_setting_gives_both_the_sentence_score(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tones = actor_tones(actor_tone="sentence", shares=tmp_path, monkeypatch=monkeypatch)
    assert tones["Northern Front"][0] == tones["John Reed"][0]
