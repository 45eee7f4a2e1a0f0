"""The process pool: same results as a serial run, in input order, with progress and settings."""

import os
from pathlib import Path

import pytest

from components.engine import parallel, textanalysis
from components.ingest.corpus import load_corpus

SENTENCES = [
    "Iran asked Russia for support after the strikes.",
    "Putin met Araqchi in Moscow on Monday, and both praised the talks.",
    "The Kremlin condemned the attacks as unprovoked and dangerous.",
    "Markets were calm.",
    "Israel said its operation would continue until the threat was removed.",
]


def small_texts(count: int = 20) -> list[str]:
    """``count`` short distinct texts of growing length (text i: a heading and i + 1 sentences)."""
    return [
        f"Report {i}\n" + " ".join(SENTENCES[j % len(SENTENCES)] for j in range(i + 1))
        for i in range(count)
    ]


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the pool even for a few small texts (normally they are analysed in-process)."""
    monkeypatch.setattr(parallel, "POOL_MIN_CHARS", 0)


def refuse_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make analyze_text fail in this process only: results can then only come from workers,
    which import the module afresh."""

    def refuse(text: str, title: str = "") -> textanalysis.TextAnalysis:
        raise AssertionError("analysed in the calling process")

    monkeypatch.setattr(textanalysis, "analyze_text", refuse)


def test_pool_results_equal_serial_results_in_order(monkeypatch: pytest.MonkeyPatch, pool_always: None) -> None:
    texts = small_texts(20)
    serial = [textanalysis.analyze_text(text) for text in texts]
    refuse_in_process(monkeypatch)
    pooled = parallel.analyze_texts(texts, workers=2, chunksize=3)
    assert pooled == serial
    assert [r.n_words for r in pooled] == [textanalysis.count_words(t) for t in texts]
    assert len(pooled[19].sentences) == 21 and len(pooled[0].sentences) == 2  # the heading is one


def test_pool_on_the_seeds_equals_serial(monkeypatch: pytest.MonkeyPatch, pool_always: None) -> None:
    texts = [a.text for a in load_corpus().articles]
    serial = [textanalysis.analyze_text(text) for text in texts]
    refuse_in_process(monkeypatch)
    assert parallel.analyze_texts(texts, workers=2) == serial


def test_each_text_is_analysed_with_its_own_title(monkeypatch: pytest.MonkeyPatch, pool_always: None) -> None:
    texts = small_texts(6)
    titles = ["" if i % 2 else "Calm markets after the strikes" for i in range(6)]
    serial = [textanalysis.analyze_text(text, title) for text, title in zip(texts, titles)]
    assert serial != [textanalysis.analyze_text(text) for text in texts]  # the titles matter here
    refuse_in_process(monkeypatch)
    assert parallel.analyze_texts(texts, titles=titles, workers=2, chunksize=2) == serial


def test_titles_must_match_the_texts() -> None:
    with pytest.raises(ValueError, match="2 titles for 3 texts"):
        parallel.analyze_texts(small_texts(3), titles=["a", "b"], workers=1)


def test_progress_counts_up_to_the_total(pool_always: None) -> None:
    calls: list[tuple[int, int]] = []
    parallel.analyze_texts(small_texts(12), workers=2, chunksize=4, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert {t for _, t in calls} == {12}
    assert len(calls) == 1 + 3  # the start, then one call per chunk of 4


def test_workers_see_the_callers_settings(monkeypatch: pytest.MonkeyPatch, pool_always: None) -> None:
    texts = small_texts(8)[4:]
    monkeypatch.setenv("NEWSSCOPE_YAKE_TOP", "2")
    serial = [textanalysis.analyze_text(text) for text in texts]
    refuse_in_process(monkeypatch)
    pooled = parallel.analyze_texts(texts, workers=2)
    assert pooled == serial
    assert all(len(r.keywords) <= 2 for r in pooled) and any(len(r.keywords) == 2 for r in pooled)


@pytest.mark.parametrize(
    ("workers", "texts", "why"),
    [
        (1, small_texts(6), "one worker"),
        (4, small_texts(1), "one text"),
        (2, small_texts(6), "too little text to pay for starting workers"),
    ],
)
def test_small_jobs_run_in_process(monkeypatch: pytest.MonkeyPatch, workers: int, texts: list[str], why: str) -> None:
    seen: list[str] = []
    real = textanalysis.analyze_text
    monkeypatch.setattr(textanalysis, "analyze_text", lambda text, title="": seen.append(text) or real(text, title))
    calls: list[tuple[int, int]] = []
    results = parallel.analyze_texts(texts, workers=workers, progress=lambda d, t: calls.append((d, t)))
    assert seen == texts, why
    assert results == [real(text) for text in texts]
    assert calls == [(0, len(texts)), *((i, len(texts)) for i in range(1, len(texts) + 1))]


def test_no_texts_no_progress() -> None:
    calls: list[tuple[int, int]] = []
    assert parallel.analyze_texts([], workers=2, progress=lambda d, t: calls.append((d, t))) == []
    assert calls == []


@pytest.mark.parametrize(
    ("workers", "environment", "expected"),
    [
        (3, None, 3),
        (None, "5", 5),
        (None, None, os.cpu_count()),  # the setting's default, 0: one per core
        (0, "5", os.cpu_count()),
    ],
)
def test_resolve_workers(
    monkeypatch: pytest.MonkeyPatch, workers: int | None, environment: str | None, expected: int
) -> None:
    if environment is None:
        monkeypatch.delenv("NEWSSCOPE_WORKERS", raising=False)
    else:
        monkeypatch.setenv("NEWSSCOPE_WORKERS", environment)
    assert parallel.resolve_workers(workers) == expected


@pytest.mark.parametrize(("workers", "chunksize"), [(-1, None), (2, 0)])
def test_bad_numbers_are_refused(workers: int, chunksize: int | None) -> None:
    with pytest.raises(ValueError, match="must be >= "):
        parallel.analyze_texts(small_texts(3), workers=workers, chunksize=chunksize)


def test_a_failing_text_raises_in_the_caller(pool_always: None) -> None:
    texts: list = small_texts(6)
    texts[3] = texts[3].encode()  # bytes, not str: analyze_text raises in the worker
    with pytest.raises(TypeError):
        parallel.analyze_texts(texts, workers=2, chunksize=1)


def test_cleaning_in_the_pool_equals_cleaning_here(tmp_path, pool_always: None) -> None:
    sample = Path(__file__).parent / "data" / "wikinews-sample.csv"
    (tmp_path / "empty.txt").write_text("Share this article\n", encoding="utf-8")  # nothing left: an error
    here = load_corpus([sample, tmp_path])
    pooled = load_corpus([sample, tmp_path], clean=parallel.document_cleaner(2))
    assert pooled == here
    assert len(pooled.articles) == 12 and [e.path for e in pooled.errors] == [str(tmp_path / "empty.txt")]
