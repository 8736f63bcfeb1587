"""The prepared jieba dictionary (`pipeline.prose_segmenter`): built once from the installed jieba,
reused, rebuilt when corrupt or stale, exactly the dictionary jieba itself builds, and a tokenizer
loading it by first character that segments exactly as jieba over the whole dictionary does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from normalizers.user_cache import cache_file
from pipeline import prose_segmenter
from pipeline.prose_segmenter import load_dictionary


@pytest.fixture(scope="module")
def jieba_dictionary() -> tuple[dict[str, int], int]:
    """What jieba builds from its own dict.txt (its initialize() does the same, or unmarshals it)."""
    return jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())


def test_built_once_then_read_back_identical(tmp_path: Path, jieba_dictionary, monkeypatch) -> None:
    path = tmp_path / "cache" / "jieba-dict.bin"
    assert load_dictionary(path).everything() == jieba_dictionary
    assert path.is_file()
    built = path.stat().st_mtime_ns

    def no_build(_f):
        raise AssertionError("rebuilt although the cache is good")

    monkeypatch.setattr(jieba.Tokenizer, "gen_pfdict", staticmethod(no_build))
    assert load_dictionary(path).everything() == jieba_dictionary
    assert path.stat().st_mtime_ns == built


@pytest.mark.parametrize("damage", [
    lambda b: b[: len(b) // 2],  # cut off mid-file
    lambda b: b"garbage" + b[7:],  # wrong magic
    lambda b: b[:40] + b"\xff\xfe{" + b[43:],  # unreadable header
    lambda b: b"",
    lambda b: b.replace(b'"index": {', b'"index": {"\\u0000": [0, 99999999, 0, 1], ', 1),  # a group past the end
    lambda b: b"ogi-jieba-dict 1\n" + b[len(b"ogi-jieba-dict 2\n"):],  # the earlier layout
])
def test_a_corrupt_cache_is_rebuilt(tmp_path: Path, jieba_dictionary, damage) -> None:
    path = tmp_path / "jieba-dict.bin"
    load_dictionary(path)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert load_dictionary(path).everything() == jieba_dictionary
    assert path.read_bytes() == good


def test_a_stale_cache_is_rebuilt(tmp_path: Path, jieba_dictionary, monkeypatch) -> None:
    path = tmp_path / "jieba-dict.bin"
    monkeypatch.setattr(prose_segmenter, "_dictionary_key", lambda: "jieba 0.0 dict 1 2 little")
    load_dictionary(path)
    monkeypatch.undo()
    stale = path.read_bytes()
    assert load_dictionary(path).everything() == jieba_dictionary
    assert path.read_bytes() != stale


def test_an_unwritable_cache_directory_still_segments(tmp_path: Path, jieba_dictionary) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert load_dictionary(blocker / "jieba-dict.bin").everything() == jieba_dictionary


def test_cache_lives_in_the_user_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_file("jieba-dict.bin") == tmp_path / "ogi-miner" / "jieba-dict.bin"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_file("jieba-dict.bin") == tmp_path / "home" / ".cache" / "ogi-miner" / "jieba-dict.bin"


def test_tokenizer_segments_as_jieba_does(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = "全年主动公开政府信息1800余条，通过政府网站发布政策解读36篇"
    reference = jieba.Tokenizer()  # its own initialize(): dict.txt or jieba's marshal cache
    reference.tmp_dir = str(tmp_path)
    assert prose_segmenter.tokenizer().lcut(text, HMM=False) == reference.lcut(text, HMM=False)


def test_jieba_is_imported_without_pkg_resources(tmp_path: Path) -> None:
    """A fresh process builds the cache through jieba's by-path file access, and segments the same."""
    code = (
        "import sys\n"
        "from pipeline.prose_segmenter import tokenizer\n"
        "print('pkg_resources' in sys.modules, '/'.join(tokenizer().lcut('全年主动公开政府信息1800余条', HMM=False)))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # builds the cache, then reads it
        run = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        assert run.stdout.split() == ["False", "/".join(jieba.lcut("全年主动公开政府信息1800余条", HMM=False))]
    assert (tmp_path / "ogi-miner" / "jieba-dict.bin").is_file()


REPORT_PROSE = [
    "全年主动公开政府信息1800余条，通过政府网站发布政策解读36篇",
    "本年度共收到政府信息公开申请152件，其中自然人提出141件，上年结转3件。",
    "因政府信息公开被申请行政复议2件、提起行政诉讼1件，均维持原行政行为。",
    "石屏县人民政府办公室依托“问政平潭”平台答复群众咨询1,024人次。",
    "2023年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进决策、执行、管理、服务、结果公开。",
]


def test_on_demand_groups_segment_as_the_whole_dictionary(tmp_path: Path, monkeypatch) -> None:
    """User words added before their group loads keep their frequency; prefixes of user words get the
    dictionary's; the result equals jieba over its whole dictionary with the same user words."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(tmp_path)
    on_demand = prose_segmenter.tokenizer()
    for tk in (reference, on_demand):
        for word, freq in (("主动公开", 2_000_000), ("石屏县", 100_000), ("问政平潭", 100_000), ("政府信息", 5)):
            tk.add_word(word, freq=freq)
    for text in REPORT_PROSE:
        assert on_demand.lcut(text, HMM=False) == reference.lcut(text, HMM=False)
    assert len(on_demand.FREQ) < len(reference.FREQ) / 2  # only the groups of these sentences' characters
    on_demand.load_everything()
    assert on_demand.FREQ == reference.FREQ
    assert on_demand.total == reference.total
