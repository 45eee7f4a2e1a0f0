"""The share store: make and open shares, the size limit, the quota, expiry (with an injected
clock) and ids that must never become paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.engine.shares import (
    DAY_SECONDS,
    SHARE_ID_CHARS,
    ShareMissing,
    ShareRefused,
    ShareStore,
    new_share_id,
    valid_share_id,
)

FILES = (("news.csv", b"title,text\nTalks,Iran and Russia met in Moscow.\n"), ("../../etc/passwd", b"Plain words.\n"))


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def store(root: Path, clock: Clock, *, max_bytes: int = 10_000, quota_bytes: int = 100_000, days: float = 30) -> ShareStore:
    return ShareStore(root, max_bytes=max_bytes, quota_bytes=quota_bytes, ttl_seconds=days * DAY_SECONDS, clock=clock)


def test_a_share_opens_with_the_same_files_and_settings(tmp_path: Path) -> None:
    clock = Clock()
    shares = store(tmp_path / "shares", clock)
    made = shares.create(FILES, include_base=False, disabled_rules=frozenset({"photo_caption"}), dictionary_toml="[[actor]]\n")
    assert valid_share_id(made.id) and len(made.id) == SHARE_ID_CHARS
    opened = store(tmp_path / "shares", clock).load(made.id)  # another store object: nothing held in memory
    assert opened.files == FILES
    assert opened.include_base is False
    assert opened.disabled_rules == frozenset({"photo_caption"})
    assert opened.dictionary_toml == "[[actor]]\n"
    assert opened.expires == clock.now + 30 * DAY_SECONDS
    assert opened.expiry_date == "2027-02-14"  # 1,800,000,000 s is 2027-01-15 08:00 UTC; 30 days on
    # A file's name is a label, never a path: nothing is written outside the share's folder.
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(
        [f"shares/{made.id}/0", f"shares/{made.id}/1", f"shares/{made.id}/dictionary.toml", f"shares/{made.id}/share.json", "shares/.lock"]
    )


def test_without_a_dictionary_none_is_kept(tmp_path: Path) -> None:
    shares = store(tmp_path, Clock())
    made = shares.create(FILES[:1])
    opened = shares.load(made.id)
    assert opened.dictionary_toml is None and opened.include_base is True and opened.disabled_rules == frozenset()
    assert not (tmp_path / made.id / "dictionary.toml").exists()


def test_ids_are_unguessable_and_distinct(tmp_path: Path) -> None:
    shares = store(tmp_path, Clock())
    ids = {shares.create(FILES[:1]).id for _ in range(20)}
    assert len(ids) == 20
    assert all(valid_share_id(i) for i in ids)
    assert len({new_share_id() for _ in range(1000)}) == 1000


def test_over_the_size_limit_nothing_is_written(tmp_path: Path) -> None:
    shares = store(tmp_path / "shares", Clock(), max_bytes=40)
    with pytest.raises(ShareRefused, match=r"share_max_bytes") as refused:
        shares.create(FILES)
    assert "at most 40 bytes" in str(refused.value) and str(tmp_path) not in str(refused.value)
    assert shares.share_ids() == []
    # At the limit it is shared.
    exact = (("a.txt", b"x" * 40),)
    assert shares.load(shares.create(exact).id).files == exact


def test_the_quota_counts_every_share_and_refuses_the_one_over_it(tmp_path: Path) -> None:
    clock = Clock()
    shares = store(tmp_path, clock, max_bytes=100, quota_bytes=250)
    first = shares.create((("a.txt", b"a" * 100),))
    second = shares.create((("b.txt", b"b" * 100),))
    assert shares.used_bytes() == 200
    with pytest.raises(ShareRefused, match=r"share_quota_bytes") as refused:
        shares.create((("c.txt", b"c" * 60),))
    assert "200 of 250 bytes in use" in str(refused.value)
    # Nothing else is lost: both earlier shares still open, and a smaller one still fits.
    assert shares.load(first.id).files == (("a.txt", b"a" * 100),)
    assert shares.load(second.id).files == (("b.txt", b"b" * 100),)
    assert shares.create((("d.txt", b"d" * 50),)).id in shares.share_ids()
    assert shares.used_bytes() == 250


def test_expired_shares_free_the_quota_at_the_next_share(tmp_path: Path) -> None:
    clock = Clock()
    shares = store(tmp_path, clock, max_bytes=100, quota_bytes=150, days=1)
    old = shares.create((("a.txt", b"a" * 100),))
    clock.now += DAY_SECONDS / 2
    with pytest.raises(ShareRefused):
        shares.create((("b.txt", b"b" * 100),))
    clock.now += DAY_SECONDS / 2  # the first share's day is over: the sweep deletes it first
    new = shares.create((("b.txt", b"b" * 100),))
    assert shares.share_ids() == [new.id]
    assert not (tmp_path / old.id).exists()


def test_an_expired_share_says_so_and_is_deleted_when_opened(tmp_path: Path) -> None:
    clock = Clock()
    shares = store(tmp_path, clock, days=2)
    made = shares.create(FILES)
    clock.now = made.expires - 1
    assert shares.load(made.id).files == FILES  # the last second still opens
    clock.now = made.expires
    with pytest.raises(ShareMissing, match="expired on 2027-01-17") as missing:
        shares.load(made.id)
    assert missing.value.reason == "expired"
    assert not (tmp_path / made.id).exists()
    with pytest.raises(ShareMissing, match="not on this server") as again:  # once deleted, it is unknown
        shares.load(made.id)
    assert again.value.reason == "unknown"


def test_sweep_deletes_only_expired_and_broken_shares(tmp_path: Path) -> None:
    clock = Clock()
    shares = store(tmp_path, clock, days=1)
    old = shares.create(FILES[:1])
    clock.now += DAY_SECONDS / 2
    young = shares.create(FILES[:1])
    broken = tmp_path / new_share_id()
    broken.mkdir()
    (broken / "share.json").write_text("{not json", encoding="utf-8")
    outsider = tmp_path / "notes.txt"  # not a share: never touched
    outsider.write_text("keep", encoding="utf-8")
    clock.now += DAY_SECONDS / 2
    assert shares.sweep() == 2
    assert shares.share_ids() == [young.id]
    assert not (tmp_path / old.id).exists() and outsider.read_text(encoding="utf-8") == "keep"


def test_an_unknown_id_says_so(tmp_path: Path) -> None:
    shares = store(tmp_path / "never-made", Clock())
    with pytest.raises(ShareMissing, match="not on this server") as missing:
        shares.load(new_share_id())
    assert missing.value.reason == "unknown"


@pytest.mark.parametrize(
    "bad",
    [
        "", "abc", "../" + "a" * 29, "a" * 31, "a" * 33, "a" * 31 + "/", "a" * 31 + ".", "a" * 30 + "..",
        "/" + "a" * 31, "a" * 31 + "\0", "a" * 31 + "é", "a" * 31 + " ", "a" * 31 + "%", "a" * 31 + "\n",
    ],
)
def test_a_malformed_id_never_reaches_the_disk(tmp_path: Path, bad: str) -> None:
    root = tmp_path / "shares"
    root.mkdir()
    target = tmp_path / "share.json"  # what "../" would reach
    target.write_text('{"created": 0, "expires": 9e99, "files": []}', encoding="utf-8")
    assert not valid_share_id(bad)
    with pytest.raises(ShareMissing) as missing:
        store(root, Clock()).load(bad)
    assert missing.value.reason == "invalid"
    assert target.exists()


@pytest.mark.parametrize("bad", [None, 42, b"a" * 32, ["a" * 32]])
def test_only_text_can_be_an_id(bad: object) -> None:
    assert not valid_share_id(bad)


def test_settings_describe_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSCOPE_SHARE_PATH", str(tmp_path / "s"))
    monkeypatch.setenv("NEWSSCOPE_SHARE_MAX_BYTES", "123")
    monkeypatch.setenv("NEWSSCOPE_SHARE_QUOTA_BYTES", "456")
    monkeypatch.setenv("NEWSSCOPE_SHARE_DAYS", "2")
    shares = ShareStore.from_settings()
    assert (shares.root, shares.max_bytes, shares.quota_bytes, shares.ttl_seconds) == (tmp_path / "s", 123, 456, 2 * DAY_SECONDS)


@pytest.mark.parametrize(
    "damage",
    [
        lambda folder: (folder / "0").unlink(),  # a file gone
        lambda folder: (folder / "share.json").write_text('{"created": 0, "expires": 9e99, "files": [7]}', encoding="utf-8"),
        lambda folder: (folder / "share.json").write_text('{"created": 0, "expires": 9e99, "files": [], "disabled_rules": 3}', encoding="utf-8"),
        lambda folder: (folder / "share.json").write_text('{"created": "x", "expires": 9e99, "files": []}', encoding="utf-8"),
        lambda folder: (folder / "share.json").write_bytes(b"\xff\xfe{"),
    ],
)
def test_a_damaged_share_is_reported_as_missing_never_raised_otherwise(tmp_path: Path, damage) -> None:
    shares = store(tmp_path, Clock())
    made = shares.create(FILES)
    damage(tmp_path / made.id)
    with pytest.raises(ShareMissing) as missing:
        shares.load(made.id)
    assert missing.value.reason == "unknown"
