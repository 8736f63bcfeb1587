"""`ogi chart`: a ranked bar chart of one metric across units, and small-multiples time series.

Each chart is written twice: a PNG (matplotlib, with the Noto Sans CJK font the project installs so
Chinese labels render) and an interactive HTML page (plotly, with plotly.js embedded so it works
offline). Both functions return the series they drew, so callers and tests can check them.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from warehouse.metrics import METRIC_BY_NAME

_FONT_NAME: str | None = None


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


def _label(row: pd.Series) -> str:
    name = row.get("unit_name") or row.get("body") or row.get("unit_id")
    return str(name)


def _is_rate(metric: str) -> bool:
    m = METRIC_BY_NAME.get(metric)
    return bool(m and m.kind == "rate")


def _value(v) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v):
        return None
    return float(v)


def ranked_bar(df: pd.DataFrame, metric: str, out: Path, title: str | None = None) -> dict:
    """Units of `df` (tidy compare output, one year) ranked by `metric`; writes out.png and out.html.

    Units whose value is NULL are left out of the bars and named in the subtitle. Bars of units with
    a failed check are hatched (PNG) / outlined red (HTML). Returns {'labels', 'values', 'missing'}.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = [(_label(r), _value(r[metric]), str(r.get("flags") or "")) for _, r in df.iterrows()]
    have = sorted([r for r in rows if r[1] is not None], key=lambda r: -r[1])
    missing = [r[0] for r in rows if r[1] is None]
    labels = [r[0] for r in have]
    values = [r[1] for r in have]
    failed = ["failed_check" in r[2] for r in have]
    years = sorted({int(y) for y in df["year"].dropna()}) if "year" in df else []
    title = title or f"{metric} ({', '.join(map(str, years))})"
    subtitle = f"no value: {', '.join(missing)}" if missing else ""

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(labels) + 1.5)))
    bars = ax.barh(labels[::-1], values[::-1], color="#4C72B0")
    for bar, bad in zip(bars, failed[::-1]):
        if bad:
            bar.set_hatch("//")
            bar.set_edgecolor("#C44E52")
    for bar, v in zip(bars, values[::-1]):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                f" {v:.1%}" if _is_rate(metric) else f" {v:,.0f}", va="center", fontsize=9)
    ax.set_title(title + (f"\n{subtitle}" if subtitle else ""), fontsize=11)
    ax.set_xlabel(metric)
    if _is_rate(metric):
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:.0%}"))
    fig.tight_layout()
    fig.savefig(out.with_suffix(".png"), dpi=120)
    plt.close(fig)

    import plotly.graph_objects as go

    pfig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", name=metric,
        marker={"color": "#4C72B0", "line": {"color": ["#C44E52" if b else "#4C72B0" for b in failed],
                                              "width": [3 if b else 0 for b in failed]}},
        text=[f"{v:.1%}" if _is_rate(metric) else f"{v:,.0f}" for v in values], textposition="outside",
    ))
    pfig.update_layout(title=title + (f"<br><sub>{subtitle}</sub>" if subtitle else ""),
                       yaxis={"autorange": "reversed"}, xaxis={"title": metric},
                       height=max(300, 40 * len(labels) + 150))
    pfig.write_html(out.with_suffix(".html"), include_plotlyjs=True, full_html=True)
    return {"labels": labels, "values": values, "missing": missing}


def small_multiples(df: pd.DataFrame, metric: str, out: Path, title: str | None = None, cols: int = 3) -> dict:
    """One small time-series panel per unit (tidy compare output over a year range).

    Writes out.png and out.html; returns {unit label: [(year, value), ...]} (NULL years left out).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    series: dict[str, list[tuple[int, float]]] = {}
    for unit_id, g in df.sort_values("year").groupby("unit_id", sort=True):
        label = _label(g.iloc[0])
        series[label] = [(int(y), _value(v)) for y, v in zip(g["year"], g[metric]) if _value(v) is not None]
    names = list(series)
    n = max(1, len(names))
    cols = min(cols, n)
    nrows = math.ceil(n / cols)
    title = title or metric
    years = sorted({int(y) for y in df["year"].dropna()}) or [0]

    plt = _pyplot()
    fig, axes = plt.subplots(nrows, cols, figsize=(3.2 * cols, 2.4 * nrows + 0.6), sharex=True, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= n or not names:
            ax.set_visible(False)
            continue
        pts = series[names[i]]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color="#4C72B0")
        ax.set_title(names[i], fontsize=10)
        ax.set_xticks(years)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        if _is_rate(metric):
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:.0%}"))
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out.with_suffix(".png"), dpi=120)
    plt.close(fig)

    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    pfig = make_subplots(rows=nrows, cols=cols, subplot_titles=names or [""], shared_xaxes=True)
    for i, name in enumerate(names):
        pts = series[name]
        pfig.add_trace(go.Scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines+markers", name=name),
                       row=i // cols + 1, col=i % cols + 1)
    pfig.update_layout(title=title, showlegend=False, height=260 * nrows + 80)
    pfig.write_html(out.with_suffix(".html"), include_plotlyjs=True, full_html=True)
    return series
