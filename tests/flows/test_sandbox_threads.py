"""The sandbox under threads (`ogi ingest --workers N`): a child holds no other file's pipe.

If a thread forked while another thread's pipe still had its write end open in the parent, that
child would keep the other file's pipe open: the other file's result would then wait for this
child, and a hanging file could make a good one time out. Each child below reports the pipes it
holds open for writing: those it inherited from the test process, and its own.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flows.sandbox import Limits, guarded_extract


def _open_write_pipes(_path: Path) -> int:
    """Runs in the child: how many pipe descriptors it holds open for writing."""
    n = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if not os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
                continue
            with open(f"/proc/self/fdinfo/{fd}") as info:
                flags = int(next(line for line in info if line.startswith("flags:")).split()[1], 8)
        except (OSError, StopIteration):
            continue
        n += (flags & os.O_ACCMODE) == os.O_WRONLY
    return n


def test_each_child_holds_only_its_own_pipe(tmp_path: Path):
    files = []
    for i in range(40):
        f = tmp_path / f"r{i}.txt"
        f.write_text("二、主动公开政府信息情况", "utf-8")
        files.append(f)
    inherited = _open_write_pipes(tmp_path)  # e.g. pytest's or a shell's own pipes
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda f: guarded_extract(f, Limits(timeout_s=30), _open_write_pipes), files))
    assert counts == [inherited + 1] * len(files)
