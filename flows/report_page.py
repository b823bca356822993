"""``ogi report``: the yearly review as one self-contained HTML page (plotly, inlined: no
network needed to view it) — townships side by side, the outcome mix, trends across years,
the validation summary and the files not loaded."""

from __future__ import annotations

import csv
import html
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from flows.export import Selection, header_labels
from flows.reports import report
from transform.model import outcome_categories

# CJK-capable fonts, first available wins in the reader's browser.
FONTS = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif"
# How requests ended (their measures in agency_metrics carry the same codes), from the table model.
OUTCOMES = outcome_categories()[1]


def page_measures(section: str) -> list[tuple[str, str]]:
    """(measure, kind) of one section of the page, in order (``data/review_page.csv``)."""
    with (files("ogi_data") / "review_page.csv").open(encoding="utf-8") as fh:
        return [(r["measure"], r["kind"]) for r in csv.DictReader(fh) if r["section"] == section]


def write_review(warehouse: Path, out: Path, sel: Selection) -> int:
    """Write the page; returns the number of agencies it covers."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        labels = header_labels(con)
        params = sel.parameters()
        metrics = report(con, "agency_metrics", **params)
        (trend_measure, _), = page_measures("trend_chart")
        trend = report(con, "measure_trend", {"measure": trend_measure}, **params)
        issues = report(con, "validation_summary", **params)
        not_loaded = report(con, "files_not_loaded")[["path", "status", "detail"]].rename(
            columns={"path": "文件", "status": "状态", "detail": "说明"})
    finally:
        con.close()
    title = f"{sel.county or '全部县区'} {sel.year} 年政府信息公开工作年度报告统计分析"
    figures = [
        requests_figure(metrics, labels),
        outcome_mix_figure(metrics, labels),
        trend_figure(trend, labels),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page(title, metrics, labels, figures, issues, not_loaded), encoding="utf-8")
    return len(metrics)


def requests_figure(metrics: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Requests received and handled, agencies side by side."""
    cols = [m for m, _ in page_measures("requests_chart")]
    long = metrics.melt(id_vars="agency", value_vars=cols, var_name="measure", value_name="n")
    long["measure"] = long["measure"].map(labels)
    fig = px.bar(long, x="agency", y="n", color="measure", barmode="group",
                 labels={"agency": "机关", "n": "件数", "measure": ""}, title="申请收到与办理（件）")
    return _styled(fig)


def outcome_mix_figure(metrics: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """How requests ended, as shares of all handled, per agency."""
    mix = metrics[["agency", *OUTCOMES]].copy()
    total = mix[OUTCOMES].sum(axis=1).replace(0, pd.NA)
    for col in OUTCOMES:
        mix[col] = mix[col] / total
    long = mix.melt(id_vars="agency", value_vars=OUTCOMES, var_name="category", value_name="share")
    long["category"] = long["category"].map(labels)
    fig = px.bar(long, x="agency", y="share", color="category", barmode="stack",
                 labels={"agency": "机关", "share": "占办理总数", "category": ""}, title="办理结果构成")
    fig.update_yaxes(tickformat=".0%")
    return _styled(fig)


def trend_figure(trend: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """New requests per agency over the years up to the review year."""
    (measure, _), = page_measures("trend_chart")
    fig = px.line(trend, x="year", y="measure", color="agency", markers=True,
                  labels={"year": "年度", "measure": labels[measure], "agency": "机关"},
                  title=f"{labels[measure]}历年变化")
    fig.update_xaxes(dtick=1)
    return _styled(fig)


def _styled(fig: go.Figure) -> go.Figure:
    fig.update_layout(font_family=FONTS, template="plotly_white", height=420, margin={"t": 60})
    return fig


def page(title: str, metrics: pd.DataFrame, labels: dict[str, str], figures: list[go.Figure],
         issues: pd.DataFrame, not_loaded: pd.DataFrame) -> str:
    """The whole HTML document; plotly.js is inlined once."""
    charts = [fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=f"chart-{i}")
              for i, fig in enumerate(figures)]
    measures = page_measures("summary_table")
    shown = ["agency", *(m for m, _ in measures)]
    formatters = {labels[m]: ((lambda x: f"{x:.0f}") if kind == "count" else (lambda x: f"{x:.3f}"))
                  for m, kind in measures}
    table = metrics[shown].rename(columns=labels)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:{FONTS};margin:2em;color:#222}} table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:right}} th{{background:#f4f4f4}}
td:first-child{{text-align:left}}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<h2>主要指标</h2>
{table.to_html(index=False, formatters=formatters, na_rep="—")}
{"".join(f"<section>{c}</section>" for c in charts)}
<h2>校验问题</h2>
{issues.to_html(index=False) if len(issues) else "<p>全部校验通过。</p>"}
<h2>未入库文件</h2>
{not_loaded.to_html(index=False) if len(not_loaded) else "<p>所有文件均已入库。</p>"}
</body></html>
"""
