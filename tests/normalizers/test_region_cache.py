"""The region history's scan of the MCA tables, prepared once into the user's cache
(`normalizers.user_cache`): read back identical, rebuilt when corrupt or stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalizers import region_history
from normalizers.user_cache import write_atomically


@pytest.fixture(scope="module")
def scanned() -> tuple[dict, dict]:
    return region_history._scan(region_history._data_file())


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "ogi-miner" / "region-history.json"


def _same(got: tuple[dict, dict], want: tuple[dict, dict]) -> bool:
    """Equal, in the same order (spans are built in insertion order)."""
    return got == want and all(list(g) == list(w) for g, w in zip(got, want, strict=True))


def test_prepared_once_then_read_back_identical(cache: Path, scanned, monkeypatch) -> None:
    path = region_history._data_file()
    assert _same(region_history._prepared_scan(path), scanned)
    assert cache.is_file()

    def no_scan(_path):
        raise AssertionError("scanned again although the cache is good")

    monkeypatch.setattr(region_history, "_scan", no_scan)
    assert _same(region_history._prepared_scan(path), scanned)


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2],
    lambda b: b"\xff\xfe" + b,
    lambda b: json.dumps({"key": json.loads(b)["key"], "runs": [[1]], "names": {}}).encode(),
    lambda b: b"",
])
def test_a_corrupt_cache_is_rebuilt(cache: Path, scanned, damage) -> None:
    path = region_history._data_file()
    region_history._prepared_scan(path)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    assert _same(region_history._prepared_scan(path), scanned)
    assert cache.read_bytes() == good


def test_a_cache_from_other_code_or_another_table_is_rebuilt(cache: Path, scanned) -> None:
    path = region_history._data_file()
    region_history._prepared_scan(path)
    data = json.loads(cache.read_bytes())
    data["key"] = "another version " + data["key"]
    data["runs"] = []
    cache.write_bytes(json.dumps(data).encode())
    assert _same(region_history._prepared_scan(path), scanned)
    assert json.loads(cache.read_bytes())["runs"]


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    write_atomically(blocker / "ogi-miner" / "x.bin", b"data")
    assert blocker.read_text() == "not a directory"
    assert list(tmp_path.iterdir()) == [blocker]
