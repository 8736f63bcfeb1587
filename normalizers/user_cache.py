"""Prepared data in the user's cache directory ($XDG_CACHE_HOME/ogi-miner, else ~/.cache/ogi-miner).

Tables every process needs (the region history, jieba's dictionary) are slow to build from the
installed packages' files and quick to read back once prepared. A prepared file is only a copy: its
reader checks it against what it was built from and rebuilds it when missing, stale or damaged, and
a cache directory that cannot be written only costs the build on every start.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def cache_file(name: str) -> Path:
    """Where the prepared file `name` lives."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ogi-miner" / name


def write_atomically(path: Path, data: bytes) -> None:
    """Save `data` so that a concurrent reader sees the old file or the new one, never half of it."""
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        log.info("cannot save %s (%s): it is built again on each start", path, exc)
