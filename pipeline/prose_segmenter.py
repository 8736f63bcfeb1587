"""jieba's dictionary, loaded fast (`pipeline.prose_phrases` segments prose with it).

jieba builds its prefix dictionary (~500,000 words and prefixes with their frequencies) from the
`dict.txt` inside the installed wheel and caches it as one marshalled dict, which takes most of a
second to load. Here the same dictionary is prepared once into the user's cache
($XDG_CACHE_HOME/ogi-miner, else ~/.cache/ogi-miner) as flat arrays of words and frequencies grouped
by their first character, which execute nothing when read (`normalizers.user_cache`). The tokenizer
takes a group into its dictionary only when a sentence holds that character: jieba looks up only
substrings of the sentence it segments, each starting with one of its characters, so segmentation is
exactly what the whole dictionary gives, and a single report loads a third of it. A process that
forks workers loads everything first (`load_everything`). A cache that is stale (another jieba or
dictionary), cut off or corrupt is rebuilt, never trusted. jieba itself is imported without
pkg_resources (`import_jieba`), which cost more than the dictionary.
"""

from __future__ import annotations

import array
import json
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from normalizers.user_cache import cache_file, write_atomically

if TYPE_CHECKING:
    import jieba

log = logging.getLogger(__name__)

CACHE_FILE = "jieba-dict.bin"
_MAGIC = b"ogi-jieba-dict 2\n"
_INT = "q"  # frequencies and their total fit in 64 bits

Freq = dict[str, int]
_IMPORT_LOCK = threading.Lock()


def import_jieba() -> ModuleType:
    """jieba, imported without the pkg_resources it imports only to open its own dict.txt.

    Importing pkg_resources scans every installed distribution, which costs more than the rest of
    jieba (0.1-0.4 s); without it jieba opens its files by path, the same bytes. A process that has
    already imported pkg_resources keeps it. The lock keeps two threads (`ogi ingest --workers`)
    from blocking and unblocking the name at once.
    """
    with _IMPORT_LOCK:
        if "jieba" in sys.modules or "pkg_resources" in sys.modules:
            import jieba
        else:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # importing it raises ImportError
            try:
                import jieba
            finally:
                del sys.modules["pkg_resources"]
    return jieba


def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer over the default dictionary from the prepared cache (built if missing), whose
    groups of words enter its dictionary as the sentences it segments need them."""
    prepared = load_dictionary(cache_file(CACHE_FILE))
    base = import_jieba().Tokenizer

    class OnDemandTokenizer(base):  # type: ignore[misc, valid-type]  # jieba is imported lazily
        def __init__(self) -> None:
            super().__init__()
            self.FREQ, self.total = {}, prepared.total
            self.initialized = True  # jieba's own initialize() would build or unmarshal the whole dict
            self._loaded: set[str] = set()
            self._added: set[str] = set()

        def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
            self._added.add(word)  # a user word keeps its own frequency when its group loads later
            super().add_word(word, freq, tag)

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # jieba's name
            for ch in set(sentence) - self._loaded:
                self._load(ch)
            return super().get_DAG(sentence)

        def load_everything(self) -> None:
            """Every group now (before forking workers, which would each load them again)."""
            for ch in prepared.first_chars - self._loaded:
                self._load(ch)

        def _load(self, ch: str) -> None:
            self._loaded.add(ch)
            for word, freq in prepared.group(ch):
                if word not in self._added:  # a prefix placeholder (0) of a user word is overwritten
                    self.FREQ[word] = freq

    return OnDemandTokenizer()


class PreparedDictionary:
    """jieba's prefix dictionary as read from the cache: its total and its words by first character."""

    def __init__(self, words: bytes, freqs: array.array, index: dict[str, list[int]], total: int) -> None:
        self._words, self._freqs, self._index, self.total = words, freqs, index, total
        self.first_chars = frozenset(index)

    def group(self, ch: str) -> Iterator[tuple[str, int]]:
        """The words (and prefixes) starting with `ch`, with their frequencies."""
        span = self._index.get(ch)
        if span is None:
            return iter(())
        start, end, first, n = span
        return zip(self._words[start:end].decode().split("\n"), self._freqs[first:first + n], strict=True)

    def everything(self) -> tuple[Freq, int]:
        """The whole dictionary and total, as jieba builds them."""
        return {w: f for ch in self._index for w, f in self.group(ch)}, self.total


def load_dictionary(path: Path) -> PreparedDictionary:
    """The prepared dictionary from `path`, or built from jieba's dict.txt and saved there first."""
    key = _dictionary_key()
    loaded = _read(path, key)
    if loaded is not None:
        return loaded
    jieba = import_jieba()
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    data = _prepare(key, freq, total)
    write_atomically(path, data)
    return _parse(data, key)


def _dictionary_key() -> str:
    """What the cache was built from: jieba's version and its dict.txt, and this machine's byte order."""
    jieba = import_jieba()
    st = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    return f"jieba {jieba.__version__} dict {st.st_size} {st.st_mtime_ns} {sys.byteorder}"


def _read(path: Path, key: str) -> PreparedDictionary | None:
    """The cached dictionary, or None when missing, stale or damaged in any way."""
    try:
        return _parse(path.read_bytes(), key)
    except FileNotFoundError:
        return None
    except _Stale:
        log.info("jieba dictionary cache %s is stale: rebuilding", path)
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # json and unicode errors are ValueErrors
        log.warning("jieba dictionary cache %s is unreadable (%s): rebuilding", path, exc)
        return None


class _Stale(Exception):
    """The cache was prepared from another jieba or dictionary."""


def _parse(data: bytes, key: str) -> PreparedDictionary:
    """Check a prepared file from end to end (sizes, every group's bounds) and open it."""
    if not data.startswith(_MAGIC):
        if data.startswith(_MAGIC.split(b" ")[0]):  # an earlier layout of ours
            raise _Stale
        raise ValueError("not a prepared jieba dictionary")
    head_end = data.index(b"\n", len(_MAGIC))
    head = json.loads(data[len(_MAGIC):head_end])
    if head["key"] != key:
        raise _Stale
    start, n, n_bytes = head_end + 1, head["n"], head["words_bytes"]
    words = data[start:start + n_bytes]
    freqs = array.array(_INT)
    freqs.frombytes(data[start + n_bytes:])
    index = head["index"]
    if len(words) != n_bytes or len(freqs) != n or sum(span[3] for span in index.values()) != n:
        raise ValueError(f"{len(words)} bytes of words and {len(freqs)} frequencies, expected {n_bytes} and {n}")
    if any(not (0 <= s <= e <= n_bytes and 0 <= f <= f + k <= n) for s, e, f, k in index.values()):
        raise ValueError("a group's bounds fall outside the file")
    return PreparedDictionary(words, freqs, index, int(head["total"]))


def _prepare(key: str, freq: Freq, total: int) -> bytes:
    """The file: a JSON head (key, sizes, each first character's byte and entry spans), words, frequencies."""
    groups: dict[str, list[str]] = {}
    for word in freq:
        groups.setdefault(word[0], []).append(word)
    blobs, values, index, at, first = [], array.array(_INT), {}, 0, 0
    for ch, ws in groups.items():
        blob = "\n".join(ws).encode()
        index[ch] = [at, at + len(blob), first, len(ws)]
        blobs.append(blob)
        values.extend(freq[w] for w in ws)
        at, first = at + len(blob), first + len(ws)
    words = b"".join(blobs)
    head = json.dumps({"key": key, "n": len(freq), "total": total, "words_bytes": len(words), "index": index},
                      ensure_ascii=False).encode()
    return _MAGIC + head + b"\n" + words + values.tobytes()
