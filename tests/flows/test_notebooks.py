"""The three notebooks run top to bottom (nbclient) against the example warehouse."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.support.paths import REPO
from tests.support.warehouse import warehouse_copy

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A python3 kernelspec for this interpreter in a temp JUPYTER_PATH, and OGI_DB for the notebooks."""
    pytest.importorskip("ipykernel")
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "ogi-test-python3"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "ogi test python3", "language": "python"}))
    db = warehouse_copy(tmp_path_factory, "notebooks")
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "OGI_DB", "MPLBACKEND")}
    os.environ["JUPYTER_PATH"] = str(root) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    os.environ["OGI_DB"] = str(db)
    os.environ["MPLBACKEND"] = "Agg"
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def test_three_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_cross_county_comparison.ipynb", "02_panel_over_years.ipynb",
                                           "03_data_quality.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel_env):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="ogi-test-python3", timeout=180,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on any error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_notebook_builds_its_own_warehouse(tmp_path, kernel_env, monkeypatch):
    """Without OGI_DB the first notebook ingests the example corpus itself."""
    monkeypatch.delenv("OGI_DB")
    path = NOTEBOOKS[0]
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="ogi-test-python3", timeout=180,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[1].outputs)
    assert "examples.duckdb" in text


def test_notebook_01_ranks_each_year_on_its_own(kernel_env):
    """The ranking and the bar chart are per report year (all years at once overlapped the bars and named
    units with a bar as having no value)."""
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        'import json\nprint(json.dumps({"panels": sorted(drawn["panels"]), '
        '"years": sorted(int(y) for y in df["year"].unique()), '
        '"best": ranked.dropna(subset=["share_substantive"]).groupby("year")["rank_in_year"].min().tolist()}))'))
    NotebookClient(nb, kernel_name="ogi-test-python3", timeout=180,
                   resources={"metadata": {"path": str(NOTEBOOKS[0].parent)}}).execute()
    seen = json.loads("".join(o.get("text", "") for o in nb.cells[-1].outputs))
    assert seen["panels"] == seen["years"] and len(seen["years"]) > 1
    assert set(seen["best"]) == {1}  # every year has its own first place
