"""A shared corpus's link under AppTest: it opens the shared files as the corpus, with the view the
link carries; an unknown, expired or malformed id says so plainly. (The click on "Share this
corpus" itself needs an upload, which AppTest cannot make: ``test_browser_sharing.py`` does it in
Chromium.)"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from test_dashboard import metrics, run_app

from components.engine.shares import DAY_SECONDS, ShareStore, new_share_id
from components.language.actors import parse_actor_dictionary

CSV = (
    "title,text,source,published\n"
    '"Moscow talks","Vladimir Putin met Abbas Araqchi in Moscow on Monday. Putin said Russia would help Iran.",Wire,2025-06-02\n'
    '"Tehran waits","Iran waited for an answer from Russia. Abbas Araqchi flew home on Tuesday.",Daily,2025-06-03\n'
    '"Markets calm","Oil prices held steady as traders watched the talks in Moscow.",Wire,2025-06-04\n'
).encode()


@pytest.fixture
def shares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ShareStore:
    monkeypatch.setenv("NEWSSCOPE_SHARE_PATH", str(tmp_path / "shares"))
    return ShareStore.from_settings()


def test_a_share_link_opens_the_shared_corpus_and_its_view(shares: ShareStore) -> None:
    shared = shares.create((("talks.csv", CSV),), include_base=False)
    at = run_app(share=shared.id, actor="Abbas Araqchi")
    assert metrics(at)["Articles"] == "2"  # the two articles that mention the selected actor, of three
    assert [m.help for m in at.metric][0] == "of 3 loaded"  # the shared files alone: the link left the bundled ones out
    assert at.query_params["share"] == shared.id and at.query_params["actor"] == "Abbas Araqchi"
    assert not at.warning and not at.error  # no "uploaded corpus not loaded here" note
    assert any(shared.id in code.value for code in at.code)  # the share link, to copy
    assert any("shared until" in c.value for c in at.caption)


def test_a_share_with_the_bundled_articles_brings_them_too(shares: ShareStore) -> None:
    shared = shares.create((("talks.csv", CSV),), include_base=True)
    at = run_app(share=shared.id)
    assert metrics(at)["Articles"] == "5"
    assert at.checkbox(key="ns_corpus_bundled").value is True


def test_an_unknown_share_says_so(shares: ShareStore) -> None:
    at = run_app(share=new_share_id(), actor="Vladimir Putin")
    assert any("not on this server" in e.value for e in at.error)
    # The bundled articles, with the rest of the link's view: not a silent empty page.
    assert metrics(at)["Articles"] == "2" and at.query_params["actor"] == "Vladimir Putin"
    assert "share" not in at.query_params


def test_an_expired_share_says_so_and_is_deleted(shares: ShareStore, tmp_path: Path) -> None:
    made_earlier = ShareStore(
        shares.root, max_bytes=shares.max_bytes, quota_bytes=shares.quota_bytes, ttl_seconds=shares.ttl_seconds,
        clock=lambda: time.time() - shares.ttl_seconds - 60,
    )
    shared = made_earlier.create((("talks.csv", CSV),), include_base=False)
    assert (shares.root / shared.id).is_dir()
    at = run_app(share=shared.id, upload="0123456789abcdef")
    assert any("expired on" in e.value and "has been deleted" in e.value for e in at.error)
    assert not (shares.root / shared.id).exists()
    assert not any("not loaded here" in w.value for w in at.warning)  # the share's message says it all


def test_a_malformed_share_id_is_ignored_with_a_note(shares: ShareStore) -> None:
    at = run_app(share="../../etc/passwd")
    assert any("Ignored shared corpus" in w.value for w in at.warning)
    assert not at.error and metrics(at)["Articles"] == "2"


def test_shares_last_the_days_of_the_setting(shares: ShareStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_SHARE_DAYS", "1")
    shared = ShareStore.from_settings().create((("talks.csv", CSV),))
    assert shared.expires - shared.created == DAY_SECONDS


def test_a_share_brings_its_actor_dictionary_and_cleaning_rules(shares: ShareStore) -> None:
    toml_text = parse_actor_dictionary(
        "[[actor]]\nname = 'Zorblax Consortium'\ntype = 'organization'\naliases = ['Zorblax']\n"
    ).to_toml()
    csv = CSV + b'"Zorblax day","Zorblax bought a port in Moscow. Vladimir Putin praised the deal.",Wire,2025-06-05\n'
    shared = shares.create(
        (("talks.csv", csv),), include_base=False, disabled_rules=frozenset({"photo_caption"}), dictionary_toml=toml_text
    )
    digest = hashlib.sha256(toml_text.encode("utf-8")).hexdigest()[:16]
    at = run_app(share=shared.id, actor="Zorblax Consortium", dict=digest)
    assert metrics(at)["Articles"] == "1"
    assert at.query_params["actor"] == "Zorblax Consortium" and at.query_params["dict"] == digest
    assert not at.warning  # neither "made with an edited dictionary" nor an ignored actor
    assert at.session_state["ns_cleaning_disabled"] == frozenset({"photo_caption"})
