"""docs/metrics.md: every metric's definition and input fact keys, the `ogi compare` output, the harmonised
metrics and the panel view — generated from the code that defines them (`python -m warehouse.metrics_doc`)."""

from __future__ import annotations

from pipeline import harmonised
from warehouse import compare
from warehouse.metrics import METRICS, input_keys
from warehouse.panel import PANEL_BODY_YEAR


def metrics_markdown() -> str:
    """docs/metrics.md: every metric's definition and its input fact keys."""
    lines = [
        "# Metrics",
        "",
        ("Generated from `warehouse/metrics.py` (`python -m warehouse.metrics_doc > docs/metrics.md`). The views "
        "`metrics_doc`, `metrics_body_year` and `metrics_region_year` (see the "
        "[data dictionary](data_dictionary.md)) carry one column per metric; `ogi compare` selects them."),
        "",
        ("- Values come from `facts_effective`: reviewer corrections (`ogi review correct`) replace the "
        "extracted value and are counted in `n_corrected` / flagged `corrected`."),
        ("- Rates are NULL when the denominator is 0 or missing — never 0. Sums of several cells are NULL "
        "when every part is missing, else the sum of the parts present."),
        "- Only cells whose `value_kind` is `number` or `approx` count; blank, `/`, `无` are missing.",
        ("- Documents that are not reports (an invoice, a news page: `documents.not_report_reason`) are in no "
         "metric view."),
        ("- One row per body × year: governments (level county / prefecture / province: a body ending in "
        "人民政府, 管委会, 管理委员会 or 综合实验区, at its region's level) and departments are separate "
        "units and never summed. Several annual reports for one unit and year: the one with most inputs is "
        "used (flag `several_documents`)."),
        ("- `<metric>_yoy` = value − previous year's value; `<metric>_yoy_rel` = that / previous value; "
        "`<metric>_rank_province` / `_rank_prefecture` = rank (1 = largest) among units of the same level "
        "and year in the same province / prefecture."),
        ("- Cross-year checks X1/X2 are in the view `cross_year_checks` (a view rather than rows of `checks`: "
         "it pairs reports of consecutive years, so it must change whenever either report is loaded; "
         "`ogi review` lists its failures). A correction does not re-run identity checks: the other "
         "operands of a failed check keep their `failed_check` status until re-ingested."),
        "",
        "| metric | kind | definition | input fact keys |",
        "|---|---|---|---|",
    ]
    for m in METRICS:
        keys = ", ".join(f"`{k}`" for k in input_keys(m)) or "prose_counts (metric `releases_total`)"
        lines.append(f"| `{m.name}` | {m.kind} | {m.doc.replace('|', '/')} | {keys} |")
    doc = (compare.__doc__ or "").split("\n\n", 1)[1]
    lines += ["", "## Comparison output (`ogi compare`)", "", "```text", doc.strip(), "```", ""]
    lines += harmonised.metrics_markdown()
    lines += ["", "### The panel view `panel_body_year`", "", PANEL_BODY_YEAR.doc, "",
              "| column | meaning |", "|---|---|"]
    lines += [f"| `{c}` | {d.replace('|', '/')} |" for c, d in PANEL_BODY_YEAR.column_docs]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(metrics_markdown(), end="")
