"""Background analysis jobs: the results equal a direct analysis; a stop and a left page end them."""

from __future__ import annotations

import time

from conftest import seed_text

from components.engine import jobs
from components.engine.jobs import AnalysisJob
from components.engine.textanalysis import analyze_text

TEXTS = [(f"a{i}", f"Gas pipeline talks {i}", seed_text("002") + f" Extra sentence number {i}.") for i in range(10)]


def test_a_job_gives_the_analyses_a_direct_run_gives() -> None:
    job = AnalysisJob(TEXTS[:5])
    assert job.wait(timeout=120) == jobs.DONE
    assert job.progress == (5, 5)
    assert job.results["a3"] == analyze_text(TEXTS[3][2], TEXTS[3][1])  # the title is read too


def test_a_stopped_job_keeps_what_it_finished() -> None:
    job = AnalysisJob(TEXTS * 4)
    job.cancel()
    assert job.wait(timeout=120) == jobs.CANCELLED
    done, total = job.progress
    assert done < total == 40
    assert all(job.results[i] == analyze_text(t, title) for i, title, t in TEXTS[:1] if i in job.results)


def test_a_job_nobody_watches_stops_by_itself() -> None:
    job = AnalysisJob(TEXTS * 10, idle_seconds=0.5)
    time.sleep(1.0)  # no touch(): the page was left
    assert job.wait(timeout=120) == jobs.CANCELLED
    assert job.progress[0] < 100


def test_a_watched_job_runs_to_the_end() -> None:
    job = AnalysisJob(TEXTS, idle_seconds=5)
    while job.state == jobs.RUNNING:
        job.touch()
        time.sleep(0.1)
    assert job.state == jobs.DONE and job.progress == (10, 10)
