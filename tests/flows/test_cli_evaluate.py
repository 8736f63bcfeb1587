"""`ogi evaluate` prints the accuracy table and fails when a document misses its truth."""

import json
import shutil

from typer.testing import CliRunner

from flows.cli import app
from tests.support.paths import EXAMPLES


def test_evaluate_examples_is_perfect():
    result = CliRunner().invoke(app, ["evaluate", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert "shuyang_2023.pdf" in result.output and "200/200" in result.output


def test_evaluate_fails_on_a_wrong_truth(tmp_path):
    doc = tmp_path / "xuanwei_2021.html"
    shutil.copy(EXAMPLES / "xuanwei_2021.html", doc)
    truth = json.loads((EXAMPLES / "xuanwei_2021.truth.json").read_text("utf-8"))
    truth["facts"]["applications/new_received/total"] += 1
    (tmp_path / "xuanwei_2021.truth.json").write_text(json.dumps(truth, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1
    assert "cell applications/new_received/total" in result.output
