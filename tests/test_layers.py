"""The code folders are layers: each imports only those below it, and no modules import each other in a loop."""

from __future__ import annotations

from pathlib import Path

from tests.support.layers import import_cycles, report, upward_imports
from tests.support.paths import REPO


def test_no_import_goes_up_a_layer():
    upward = upward_imports(REPO)
    assert not upward, "\n" + "\n".join(upward)


def test_no_modules_import_each_other_in_a_loop():
    loops = ["\n".join(e.where() for e in cycle) for cycle in import_cycles(REPO)]
    assert not loops, "\n\n" + "\n\n".join(loops)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def test_the_checker_finds_an_upward_import_and_a_loop_through_a_lazy_import(tmp_path: Path):
    root = _tree(tmp_path, {
        "extractors/__init__.py": "",
        "extractors/x.py": "import os\n\nfrom flows import cli\n",
        "normalizers/__init__.py": "",
        "normalizers/a.py": "from normalizers import b\n",
        "normalizers/b.py": "def late():\n    from .a import thing\n    return thing\n",
        "normalizers/c.py": "from extractors.x import y\n",  # downward: fine
        "flows/__init__.py": "",
        "flows/cli.py": "",
    })
    assert upward_imports(root) == ["extractors/x.py:3: from flows import cli"]
    (cycle,) = import_cycles(root)
    assert sorted(e.where() for e in cycle) == ["normalizers/a.py:1: from normalizers import b",
                                                "normalizers/b.py:2: from .a import thing"]
    assert "extractors/x.py:3" in report(root) and "import loop between normalizers.a, normalizers.b" in report(root)


def test_the_checker_passes_a_clean_tree(tmp_path: Path):
    root = _tree(tmp_path, {"pipeline/__init__.py": "from pipeline import run\n",
                            "pipeline/run.py": "import extractors.x\n", "extractors/x.py": ""})
    assert report(root) == ""
