"""jieba's dictionary, loaded fast (`pipeline.prose_phrases` segments prose with it).

jieba builds its prefix dictionary (~500,000 words and prefixes with their frequencies) from the
`dict.txt` inside the installed wheel and caches it as one marshalled dict, which takes most of a
second to load. Here the same dictionary is prepared once into the user's cache
($XDG_CACHE_HOME/ogi-miner, else ~/.cache/ogi-miner) as two flat arrays, words and frequencies,
that load in about half the time and execute nothing when read (`normalizers.user_cache`). The
tokenizer gets exactly the words, frequencies and total jieba itself would build, so segmentation
is unchanged. A cache that is stale (another jieba or dictionary), cut off or corrupt is rebuilt,
never trusted. jieba itself is imported without pkg_resources (`import_jieba`), which cost more
than the dictionary.
"""

from __future__ import annotations

import array
import json
import logging
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from normalizers.user_cache import cache_file, write_atomically

if TYPE_CHECKING:
    import jieba

log = logging.getLogger(__name__)

CACHE_FILE = "jieba-dict.bin"
_MAGIC = b"ogi-jieba-dict 1\n"
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
    """A jieba tokenizer over the default dictionary, from the prepared cache (built if missing)."""
    tk = import_jieba().Tokenizer()
    tk.FREQ, tk.total = load_dictionary(cache_file(CACHE_FILE))
    tk.initialized = True  # jieba's own initialize() would build or unmarshal the same dict again
    return tk


def load_dictionary(path: Path) -> tuple[Freq, int]:
    """The prefix dictionary and its total from `path`, or built from jieba's dict.txt and saved."""
    key = _dictionary_key()
    loaded = _read(path, key)
    if loaded is not None:
        return loaded
    jieba = import_jieba()
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    _write(path, key, freq, total)
    return freq, total


def _dictionary_key() -> str:
    """What the cache was built from: jieba's version and its dict.txt, and this machine's byte order."""
    jieba = import_jieba()
    st = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    return f"jieba {jieba.__version__} dict {st.st_size} {st.st_mtime_ns} {sys.byteorder}"


def _read(path: Path, key: str) -> tuple[Freq, int] | None:
    """The cached dictionary, or None when missing, stale or damaged in any way."""
    try:
        data = path.read_bytes()
        head_end = data.index(b"\n", len(_MAGIC))
        if not data.startswith(_MAGIC):
            raise ValueError("not a prepared jieba dictionary")
        head = json.loads(data[len(_MAGIC):head_end])
        if head["key"] != key:
            log.info("jieba dictionary cache %s is stale: rebuilding", path)
            return None
        start, n, n_bytes = head_end + 1, head["n"], head["words_bytes"]
        words = data[start:start + n_bytes].decode().split("\n")
        freqs = array.array(_INT)
        freqs.frombytes(data[start + n_bytes:])
        if len(words) != n or len(freqs) != n:
            raise ValueError(f"{len(words)} words and {len(freqs)} frequencies, expected {n}")
        return dict(zip(words, freqs, strict=True)), int(head["total"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # json and unicode errors are ValueErrors
        log.warning("jieba dictionary cache %s is unreadable (%s): rebuilding", path, exc)
        return None


def _write(path: Path, key: str, freq: Freq, total: int) -> None:
    words = "\n".join(freq).encode()
    head = json.dumps({"key": key, "n": len(freq), "total": total, "words_bytes": len(words)}).encode()
    write_atomically(path, _MAGIC + head + b"\n" + words + array.array(_INT, freq.values()).tobytes())
