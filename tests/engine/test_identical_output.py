"""Speed work must not change the analysis: the CLI's JSON stays byte for byte what it was.

The expected files were written before the speed work (see ``data/README.md``); the seeds and
a random sample of Wikinews articles, analysed in this process and in the process pool.
"""

from pathlib import Path

import pytest

from components.cli import main
from components.engine import parallel

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("arguments", "expected", "pooled"),
    [
        (["seeds"], "expected-seeds.json", False),  # by a relative path: the JSON holds it
        (["tests/engine/data/wikinews-sample.csv"], "expected-wikinews-sample.json", False),
        (["tests/engine/data/wikinews-sample.csv"], "expected-wikinews-sample.json", True),
    ],
    ids=["seeds", "wikinews-sample", "wikinews-sample-in-the-pool"],
)
def test_cli_json_is_byte_identical(
    arguments: list[str], expected: str, pooled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA.parent.parent.parent)  # the article paths in the JSON are relative to the root
    if pooled:
        monkeypatch.setattr(parallel, "POOL_MIN_CHARS", 0)
    out = tmp_path / "out.json"
    assert main(["analyze", *arguments, "--quiet", "--workers", "2" if pooled else "1", "--json", str(out)]) == 0
    assert out.read_bytes() == (DATA / expected).read_bytes()
