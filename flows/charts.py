"""`ogi chart`: ranked bar charts of one metric across units (one panel per year), and small-multiples time
series (one panel per unit).

Each chart is written twice: a PNG (matplotlib, with the Noto Sans CJK font the project installs so
Chinese labels render) and an interactive HTML page (plotly, with plotly.js embedded so it works
offline). Titles name the metric in Chinese (`warehouse.metrics.metric_title`) and the year(s) shown; axes start at 0. Both functions return what they drew —
the matplotlib figure (closed, still inspectable) and the series — so callers and tests can check them.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from warehouse.metrics import METRIC_BY_NAME, metric_title

_FONT_NAME: str | None = None
BAR, FLAG = "#4C72B0", "#C44E52"
FAILED_LABEL = "hatched: failed check, an input breaks an identity (核对未通过)"

def cjk_font() -> str | None:
    """Register the bundled CJK font with matplotlib once; its family name (None if unavailable)."""
    global _FONT_NAME
    if _FONT_NAME is not None:
        return _FONT_NAME
    try:
        import noto_cjk_sans_otc
        from matplotlib import font_manager
    except ImportError:  # pragma: no cover - the font is a project dependency
        return None
    path = str(noto_cjk_sans_otc.FONT_PATH)
    font_manager.fontManager.addfont(path)
    _FONT_NAME = font_manager.FontProperties(fname=path).get_name()
    return _FONT_NAME


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    name = cjk_font()
    if name:
        plt.rcParams["font.family"] = [name, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _label(row: pd.Series, most: int = 24) -> str:
    """The unit's name (else its body, else its id), cut to `most` characters."""
    name = next((str(v) for v in (row.get(k) for k in ("unit_name", "body", "unit_id")) if v and not pd.isna(v)), "")
    return name if len(name) <= most else name[: most - 1] + "…"


def _is_rate(metric: str) -> bool:
    m = METRIC_BY_NAME.get(metric)
    return bool(m and m.kind == "rate")


def _value(v) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v):
        return None
    return float(v)


def _years(df: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in df["year"].dropna()}) if "year" in df else []


def _span(years: list[int]) -> str:
    """'2024', '2019–2024' or '2019, 2021' (the years shown)."""
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


def _failed(row: pd.Series, metric: str) -> bool:
    """The metric's own status says an input failed a check (the row's flags when there is no status)."""
    status = row.get(f"{metric}_status")
    if status is not None and not pd.isna(status):
        return status == "failed_check"
    return "failed_check" in list(row.get("flags") or [])


def _panel(rows: pd.DataFrame, metric: str) -> dict[str, list]:
    """One year's units ranked by value: labels, values, failed (per bar), missing (units without a bar)."""
    drawn = [(_label(r), _value(r[metric]), _failed(r, metric)) for _, r in rows.iterrows()]
    have = sorted([d for d in drawn if d[1] is not None], key=lambda d: -d[1])
    return {"labels": [d[0] for d in have], "values": [d[1] for d in have], "failed": [d[2] for d in have],
            "missing": [d[0] for d in drawn if d[1] is None]}


def _fmt(metric: str, v: float) -> str:
    return f"{v:.1%}" if _is_rate(metric) else f"{v:,.0f}"


def ranked_bar(df: pd.DataFrame, metric: str, out: Path, title: str | None = None) -> dict[str, Any]:
    """Units of `df` (tidy compare output) ranked by `metric`, one panel per year; writes out.png and out.html.

    Units whose value is NULL are left out of that year's bars and named under its panel title. Bars whose
    inputs failed a check are hatched (PNG, explained in a legend) / outlined red (HTML). Returns
    {'figure', 'title', 'panels': {year: {'labels', 'values', 'failed', 'missing'}}}.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    years = _years(df)
    panels = {y: _panel(df[df["year"] == y], metric) for y in years}
    title = f"{title or metric_title(metric)} {_span(years)}".strip()
    fig = _bar_png(panels, metric, title, out.with_suffix(".png"))
    _bar_html(panels, metric, title, out.with_suffix(".html"))
    return {"figure": fig, "title": title, "panels": panels}


def _bar_png(panels: dict[int, dict], metric: str, title: str, path: Path):
    plt = _pyplot()
    heights = [max(1.2, 0.4 * len(p["labels"]) + 0.9) for p in panels.values()] or [1.2]
    fig, axes = plt.subplots(len(heights), 1, figsize=(8, sum(heights) + 0.8), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    any_failed = False
    for ax, (year, p) in zip(axes[:, 0], panels.items()):
        bars = ax.barh(p["labels"][::-1], p["values"][::-1], color=BAR)
        for bar, bad, v in zip(bars, p["failed"][::-1], p["values"][::-1]):
            if bad:
                bar.set_hatch("//")
                bar.set_edgecolor(FLAG)
                any_failed = True
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + _fmt(metric, v), va="center",
                    fontsize=9)
        missing = f"\nno value: {', '.join(p['missing'])}" if p["missing"] else ""
        ax.set_title(f"{year}年{missing}", fontsize=10, loc="left")
        ax.set_xlim(left=0, right=max(p["values"], default=1) * 1.15 or 1)
        if _is_rate(metric):
            ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:.0%}"))
    if any_failed:
        from matplotlib.patches import Patch

        fig.legend(handles=[Patch(facecolor=BAR, label="value"),
                            Patch(facecolor=BAR, edgecolor=FLAG, hatch="//", label=FAILED_LABEL)],
                   loc="lower center", ncol=2, fontsize=8, frameon=False)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.35 / fig.get_figheight() if any_failed else 0, 1, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return fig


def _bar_html(panels: dict[int, dict], metric: str, title: str, path: Path) -> None:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    n = max(1, len(panels))
    subtitles = [f"{y}年" + (f" — no value: {', '.join(p['missing'])}" if p["missing"] else "")
                 for y, p in panels.items()] or [""]
    pfig = make_subplots(rows=n, cols=1, subplot_titles=subtitles, vertical_spacing=0.3 / n,
                         row_heights=[max(1, len(p["labels"])) for p in panels.values()] or None)
    for i, (year, p) in enumerate(panels.items(), 1):
        pfig.add_trace(go.Bar(
            x=p["values"], y=p["labels"], orientation="h", name=f"{year}年",
            marker={"color": BAR, "line": {"color": [FLAG if b else BAR for b in p["failed"]],
                                           "width": [3 if b else 0 for b in p["failed"]]}},
            text=[_fmt(metric, v) for v in p["values"]], textposition="outside"), row=i, col=1)
        pfig.update_yaxes(autorange="reversed", row=i, col=1)
        pfig.update_xaxes(rangemode="tozero", row=i, col=1)
    flagged = any(b for p in panels.values() for b in p["failed"])
    note = "<br><sub>red outline: an input failed a check (核对未通过)</sub>" if flagged else ""
    rows = sum(max(1, len(p["labels"])) for p in panels.values())
    pfig.update_layout(title=title + note, showlegend=False, height=max(300, 40 * rows + 120 * n))
    pfig.write_html(path, include_plotlyjs=True, full_html=True)


def small_multiples(df: pd.DataFrame, metric: str, out: Path, title: str | None = None,
                    cols: int = 3) -> dict[str, Any]:
    """One small time-series panel per unit (tidy compare output over a year range), y from 0, year labels
    on every panel. Writes out.png and out.html; returns {'figure', 'title', 'series': {unit label: [(year,
    value), ...]}} (NULL years left out)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    series: dict[str, list[tuple[int, float]]] = {}
    for _, g in df.sort_values("year").groupby("unit_id", sort=True):
        pts = [(int(y), _value(v)) for y, v in zip(g["year"], g[metric])]
        series[_label(g.iloc[0])] = [(y, v) for y, v in pts if v is not None]
    years = _years(df)
    title = f"{title or metric_title(metric)} {_span(years)}".strip()
    fig = _lines_png(series, metric, title, years, cols, out.with_suffix(".png"))
    _lines_html(series, title, years, cols, out.with_suffix(".html"))
    return {"figure": fig, "title": title, "series": series}


def _lines_png(series: dict, metric: str, title: str, years: list[int], cols: int, path: Path):
    plt = _pyplot()
    names = list(series)
    cols = min(cols, max(1, len(names)))
    nrows = math.ceil(max(1, len(names)) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(3.2 * cols, 2.5 * nrows + 0.6), sharex=True, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(names):
            ax.set_visible(False)
            continue
        pts = series[names[i]]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color=BAR)
        ax.set_title(names[i], fontsize=10)
        ax.set_xticks(years, [str(y) for y in years])
        ax.tick_params(axis="x", labelbottom=True, labelrotation=45, labelsize=8)
        ax.set_ylim(bottom=0, top=max([p[1] for p in pts] + [0]) * 1.15 or 1)
        if _is_rate(metric):
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:.0%}"))
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return fig


def _lines_html(series: dict, title: str, years: list[int], cols: int, path: Path) -> None:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = list(series)
    cols = min(cols, max(1, len(names)))
    nrows = math.ceil(max(1, len(names)) / cols)
    pfig = make_subplots(rows=nrows, cols=cols, subplot_titles=names or [""])
    for i, name in enumerate(names):
        pts = series[name]
        pfig.add_trace(go.Scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=name),
                       row=i // cols + 1, col=i % cols + 1)
    pfig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], range=(
        [years[0] - 0.5, years[-1] + 0.5] if years else None))
    pfig.update_yaxes(rangemode="tozero")
    pfig.update_layout(title=title, showlegend=False, height=260 * nrows + 80)
    pfig.write_html(path, include_plotlyjs=True, full_html=True)
