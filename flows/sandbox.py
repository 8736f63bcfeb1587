"""Run the pipeline on one untrusted file inside limits: wall time, memory, input size.

A hostile or broken file (a zip bomb, a PDF with deeply nested objects, a 30,000 × 30,000 pixel
image) must not hang a night's run or take the machine's memory. The extraction runs in a
forked child process with an address-space limit; the parent waits at most `timeout` seconds,
then kills it. Whatever goes wrong comes back as an `ExtractionError` naming the file and the
reason, so the run continues with the next file.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.errors import ExtractionError
from pipeline.record import DocumentRecord


@dataclass(frozen=True)
class Limits:
    """Per-document limits; defaults suit county reports (a few MB, a few seconds)."""

    timeout_s: float = 60.0
    memory_mb: int = 2048  # address space of the child, on top of what the parent had mapped
    max_input_mb: int = 200


DEFAULT_LIMITS = Limits()
# pipe → fork → closing the parent's write end happen under one lock: a thread that forked in between
# would hand its child another file's write end, and that file's result would wait for this child.
_FORK_LOCK = threading.Lock()


def _child(path: str, limits: Limits, extract: Callable[[Path], DocumentRecord] | None) -> bytes:
    """Runs in the forked child: limit memory, extract, return the pickled record or the error."""
    try:
        current = _address_space_bytes()
        cap = current + limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        pass  # a platform without RLIMIT_AS: the wall-time limit still holds
    try:
        if extract is None:
            from flows.local_files import extract_path as extract
        payload: tuple[str, object] = ("ok", extract(Path(path)))
    except ExtractionError as exc:
        payload = ("error", (exc.stage, exc.reason))
    except MemoryError:
        payload = ("error", ("extract", f"memory limit of {limits.memory_mb} MB exceeded"))
    except RecursionError:
        payload = ("error", ("extract", "structure nested too deeply to read"))
    except Exception as exc:  # noqa: BLE001 - any bug on one file becomes that file's error
        payload = ("error", ("extract", f"{type(exc).__name__}: {exc}"))
    try:
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("error", ("extract", "memory limit exceeded while returning the result")))


def _address_space_bytes() -> int:
    """Virtual memory the process has mapped now (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@lru_cache(maxsize=1)
def _warm_up() -> None:
    """Load what extraction loads on first use (OpenCC, jieba and its dictionary, region codes, cn2an)
    once in the parent, so forks start warm."""
    from normalizers.values import parse_value
    from pipeline.prose_phrases import preload
    from pipeline.run import extract_record

    extract_record("2020年宣威市政府信息公开工作年度报告\n全年主动公开政府信息1800余条。".encode(), "warm-up.txt")
    parse_value("二十")  # cn2an is imported on the first Chinese numeral
    preload()  # jieba's dictionary loads per character group on demand: each child would load it again


def _read_until_eof(fd: int, timeout_s: float) -> bytes | None:
    """All bytes the child writes before it closes the pipe, or None past the deadline."""
    deadline = time.monotonic() + timeout_s
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> int:
    """Kill the child if it still runs; its exit code (negative: the signal that ended it)."""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done == 0:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def guarded_extract(path: str | Path, limits: Limits = DEFAULT_LIMITS,
                    extract: Callable[[Path], DocumentRecord] | None = None) -> DocumentRecord:
    """`extract(path)` (default `flows.local_files.extract_path`) under `limits`.

    Raises ExtractionError on any failure. The child is forked, so `extract` needs no pickling;
    only the record travels back through a pipe.
    """
    path = Path(path)
    _warm_up()
    size = path.stat().st_size
    if size > limits.max_input_mb * 1024 * 1024:
        raise ExtractionError(str(path), "read", f"file of {size >> 20} MB is over the {limits.max_input_mb} MB limit")
    # a bare fork (not multiprocessing.Process): Dask workers are daemonic processes, which
    # multiprocessing forbids to have children
    with _FORK_LOCK:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "wb") as out:
                    out.write(_child(str(path), limits, extract))
            finally:
                os._exit(0)
        os.close(write_fd)
    try:
        data = _read_until_eof(read_fd, limits.timeout_s)
        if data is None:
            raise ExtractionError(str(path), "extract", f"took longer than the {limits.timeout_s:.0f} s limit")
    finally:
        os.close(read_fd)
        code = _reap(pid)
    try:
        status, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - nothing or a cut-off record: the child died on the way
        why = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        raise ExtractionError(str(path), "extract", f"the reader crashed ({why}), e.g. out of memory") from None
    if status == "error":
        stage, reason = value
        raise ExtractionError(str(path), stage, reason)
    return value
