"""Writing generated documents under an output folder (one helper for every generator script)."""

from __future__ import annotations

from pathlib import Path


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each relative name's bytes under `out_dir` (folders made as needed); the paths written."""
    written = []
    for name, data in files.items():
        path = Path(out_dir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
