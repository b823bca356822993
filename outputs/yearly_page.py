"""``ogi report``: the yearly review as one self-contained HTML page (plotly inlined: it opens
with no network) — the county's totals against last year first, who has reported, a heatmap
of the main rates (agencies × measures), rankings of townships among townships and
departments among departments, year-over-year small multiples, the outcome mix, and the
validation problems and files not loaded, in Chinese. Which measures each section shows is
data (``data/review_page.csv``); how a measure is shown (count or percentage) is its kind in
``data/metric_labels.csv``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from ogi_data import catalog
from outputs.export import Selection
from transform.model import code_labels, outcome_categories, rules
from warehouse.pack import Column, pack_columns
from warehouse.queries import query_frame

SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
# CJK-capable fonts, first available wins in the reader's browser.
# More counties than this are counted in the page's title, not named.
MAX_NAMED_COUNTIES = 3
# A ranking of fewer bodies than this says nothing: it is left out.
MIN_RANKED = 3
FONTS = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif"
# How requests ended (their measures in agency_metrics carry the same codes), from the table model.
OUTCOMES = outcome_categories()[1]
STYLE = f"""body{{font-family:{FONTS};margin:2em;color:#222;max-width:1280px}}
table{{border-collapse:collapse;margin:0.6em 0}} td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}
th{{background:#f4f4f4}} td:first-child,th:first-child{{text-align:left}} .up{{color:#b71c1c}} .down{{color:#1b5e20}}
.cards{{display:flex;gap:12px;flex-wrap:wrap}} .card{{border:1px solid #ddd;border-radius:6px;padding:8px 14px}}
.card b{{font-size:22px;display:block}} .ranks{{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}}
.nowrap{{white-space:nowrap}} .missing td{{background:#fdecea}} .not_loaded td{{background:#fff4e0}}
.note{{color:#555;font-size:13px}}"""


def page_measures(section: str) -> list[str]:
    """The measures of one section of the page, in order (``data/review_page.csv``)."""
    return [r["measure"] for r in catalog.rows("review_page") if r["section"] == section]


def write_yearly_page(warehouse: Path, out: Path, sel: Selection) -> int:
    """Write the page; returns the number of agencies it covers."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = pack_columns(con)
        params = sel.parameters()
        metrics = query_frame(con, "agency_metrics", **params)
        totals = query_frame(con, "county_metrics", **params)
        comparable = query_frame(con, "county_comparable", **params)
        apart = query_frame(con, "bodies_not_comparable", **params)
        (trend_measure,) = page_measures("small_multiples")
        trend = query_frame(con, "measure_trend", {"measure": trend_measure}, **params)
        coverage = query_frame(con, "reporting_coverage", **params)
        issues = query_frame(con, "validation_summary", **params)
        not_loaded = query_frame(con, "files_not_loaded", **params)
    finally:
        con.close()
    title = f"{page_scope(sel, totals)} {sel.year} 年政府信息公开工作年度报告统计分析"
    figures = [heatmap_figure(metrics, columns), small_multiples_figure(trend, columns[trend_measure]),
               outcome_mix_figure(metrics, columns), requests_figure(metrics, columns)]
    out.parent.mkdir(parents=True, exist_ok=True)
    sections = [
        ("全县合计与上年对比", county_section(totals, comparable, apart, sel, columns)),
        ("报送情况", coverage_section(coverage)),
        ("主要比率热力图", None),
        ("排名", ranking_section(metrics, columns)),
        (f"{columns[trend_measure].label}历年变化", None),
        ("办理结果构成", None),
        ("申请收到与办理", None),
        ("各机关主要指标", measures_table(metrics, page_measures("summary_table"), columns)),
        ("校验问题", issues_section(issues)),
        ("未入库文件", files_section(not_loaded)),
    ]
    out.write_text(page(title, sections, figures), encoding="utf-8")
    return len(metrics)


def page_scope(sel: Selection, totals: pd.DataFrame) -> str:
    """Whom the page is about: the county asked for, else the counties of the year's reports
    (named when few, counted when many)."""
    if sel.county:
        return sel.county
    counties = sorted(c for c in totals["county"].dropna().unique()) if not totals.empty else []
    if not counties:
        return "县级以上机关"
    return "、".join(counties) if len(counties) <= MAX_NAMED_COUNTIES else f"{len(counties)} 个县区"


def shown(value: object, column: Column, signed: bool = False, unit: bool = True) -> str:
    """A value as the page prints it: a count as an integer, a rate as a percentage (its % sign
    left out with ``unit=False``, under a header that says （%））."""
    if value is None or pd.isna(value):
        return "—"
    sign = "+" if signed else ""
    if column.kind == "rate":
        return f"{value * 100:{sign}.1f}" + ("%" if unit else "")
    if column.kind == "per_100":
        return f"{value:{sign}.1f}"
    return f"{value:{sign},.0f}"


def county_section(totals: pd.DataFrame, comparable: pd.DataFrame, apart: pd.DataFrame, sel: Selection,
                   columns: dict[str, Column]) -> str:
    """Per county, each total of all its bodies this year, then this year against last year over
    the same bodies (those that reported in both: 可比机关), with the change (rates in percentage
    points); the bodies of only one year are named beside it, left out of the comparison."""
    if totals.empty:
        return "<p>本年度没有已入库的报告。</p>"
    parts = []
    for county, rows in totals.groupby("county", dropna=False, sort=True):
        now = rows.iloc[0]
        pair = comparable[comparable["county"] == county] if pd.notna(county) else comparable.iloc[0:0]
        this = pair[pair["of_year"] == sel.year]
        last = pair[pair["of_year"] == sel.year - 1]
        same = int(this.iloc[0]["agencies"]) if not this.empty else 0
        lines = []
        for measure in page_measures("county_totals"):
            column = columns[measure]
            a = this.iloc[0][measure] if not this.empty else None
            b = last.iloc[0][measure] if not last.empty else None
            lines.append(f"<tr><td>{html.escape(column.label)}</td><td>{shown(now[measure], column)}</td>"
                         f"<td>{shown(a, column)}</td><td>{shown(b, column)}</td>"
                         f"<td>{change_text(a, b, column)}</td></tr>")
        name = str(county) if pd.notna(county) else "（县级以上机关）"
        others = apart[apart["county"] == county] if pd.notna(county) else apart.iloc[0:0]
        parts.append(
            f"<h3>{html.escape(name)}（本年 {int(now['agencies'])} 个机关，可比机关 {same} 个）</h3>"
            f"<table><tr><th>指标</th><th>{sel.year} 年全部机关</th><th>{sel.year} 年可比机关</th>"
            f"<th>{sel.year - 1} 年可比机关</th><th>变化（可比机关）</th></tr>{''.join(lines)}</table>"
            f"<p class='note'>可比机关：{sel.year - 1} 年和 {sel.year} 年都已报送的机关，对比只计它们。"
            f"{apart_note(others, sel)}</p>")
    return "".join(parts) or "<p>本年度没有已入库的报告。</p>"


def change_text(this: object, last: object, column: Column) -> str:
    """This year against last year: a difference (a rate's in percentage points, a count's with
    its growth rate), or — when either is missing."""
    if this is None or last is None or pd.isna(this) or pd.isna(last):
        return "—"
    delta = this - last
    css = "up" if delta > 0 else "down" if delta < 0 else ""
    if column.kind == "rate":
        text = f"{delta * 100:+.1f} 个百分点"
    else:
        text = shown(delta, column, signed=True) + (f"（{delta / last:+.1%}）" if last else "")
    return f"<span class='{css}'>{text}</span>"


def apart_note(others: pd.DataFrame, sel: Selection) -> str:
    """The bodies that reported in only one of the two years, named."""
    if others.empty:
        return "两年报送的机关相同。"
    parts = []
    for side, label in (("this_year_only", f"仅 {sel.year} 年报送"), ("last_year_only", f"仅 {sel.year - 1} 年报送")):
        names = others.loc[others["side"] == side, "agency"].tolist()
        if names:
            parts.append(f"{label}（不计入对比）：{html.escape('、'.join(names))}")
    return "；".join(parts) + "。"


def coverage_section(coverage: pd.DataFrame) -> str:
    """How many bodies reported, and every one that did not, with why."""
    if coverage.empty:
        return "<p>没有记录。</p>"
    states = code_labels("coverage_states.csv", "state")
    kinds = code_labels("agency_kinds.csv", "agency_kind")
    cards = "".join(f"<div class='card'>{html.escape(states[s])}<b>{int((coverage['state'] == s).sum())}</b></div>"
                    for s in states)
    gaps = coverage[coverage["state"] != "reported"]
    rows = "".join(
        f"<tr class='{r.state}'><td>{html.escape(r.agency)}</td><td>{html.escape(kinds.get(r.agency_kind, ''))}</td>"
        f"<td class='nowrap'>{html.escape(states[r.state])}</td><td>{_text(r.source_file)}</td>"
        f"<td style='text-align:left'>{html.escape(public_text(r.reason))}</td></tr>" for r in gaps.itertuples())
    head = "<tr><th>机关</th><th>类型</th><th class='nowrap'>情况</th><th>文件</th><th>说明</th></tr>"
    table = (f"<table>{head}{rows}</table>"
             if len(gaps) else "<p>往年发布过报告的机关本年度均已报送并入库。</p>")
    return (f"<div class='cards'>{cards}</div><p class='note'>以往年度发布过报告的机关都列在这里；"
            f"“未找到”指以往年度有报告、本年度没有找到任何文件。</p>{table}")


def ranking_section(metrics: pd.DataFrame, columns: dict[str, Column]) -> str:
    """Per measure, townships ranked among townships and departments among departments (1 = highest)."""
    kinds = code_labels("agency_kinds.csv", "agency_kind")
    blocks = []
    for measure in page_measures("ranking"):
        column = columns[measure]
        for kind, group in metrics.groupby("agency_kind", sort=False):
            ranked = group[["agency", measure]].dropna().sort_values(measure, ascending=False)
            if len(ranked) < MIN_RANKED:
                continue
            ranked["rank"] = ranked[measure].rank(method="min", ascending=False).astype(int)
            rows = "".join(f"<tr><td>{r.rank}</td><td>{html.escape(r.agency)}</td>"
                           f"<td>{shown(getattr(r, measure), column)}</td></tr>" for r in ranked.itertuples())
            blocks.append(f"<div><b>{html.escape(column.header())} · {html.escape(kinds.get(kind, kind))}</b>"
                          f"<table><tr><th>名次</th><th>机关</th><th>数值</th></tr>{rows}</table></div>")
    return (f"<div class='ranks'>{''.join(blocks)}</div>" if blocks
            else f"<p>没有可排名的数据（同类机关少于 {MIN_RANKED} 个时不排名）。</p>")


def measures_table(metrics: pd.DataFrame, measures: list[str], columns: dict[str, Column]) -> str:
    """Every agency's main measures, counts as integers and rates as percentages."""
    head = "".join(f"<th>{html.escape(columns[m].header())}</th>" for m in measures)
    rows = "".join(f"<tr><td>{html.escape(r['agency'])}</td>"
                   + "".join(f"<td>{shown(r[m], columns[m], unit=False)}</td>" for m in measures) + "</tr>"
                   for _, r in metrics.iterrows())
    return f"<table><tr><th>机关</th>{head}</tr>{rows}</table>"


def issues_section(issues: pd.DataFrame) -> str:
    if issues.empty:
        return "<p>全部校验通过。</p>"
    rows = "".join(f"<tr><td>{html.escape(r.agency or '')}</td>"
                   f"<td style='text-align:left'>{html.escape(rules().get(r.rule, {}).get('label_zh', r.rule))}</td>"
                   f"<td>{r.checks}</td><td style='text-align:left'>{_text(' '.join(str(r.example).split()))}</td>"
                   f"</tr>" for r in issues.itertuples())
    return f"<table><tr><th>机关</th><th>规则</th><th>条数</th><th>示例</th></tr>{rows}</table>"


def files_section(not_loaded: pd.DataFrame) -> str:
    """The year's files that loaded nothing, with why; files whose year could not be told are
    counted, not listed (their names and hashes are for the review pages, not this page)."""
    unknown = not_loaded[not_loaded["year"].isna()]
    known = not_loaded[not_loaded["year"].notna()]
    note = (f"<p class='note'>另有 {len(unknown)} 个文件未能识别机关或年度，见审核页面（ogi review）和"
            f"报表包的“未入库文件”。</p>" if len(unknown) else "")
    if known.empty:
        return "<p>本年度的文件均已入库。</p>" + note
    statuses = code_labels("statuses.csv", "status")
    rows = "".join(f"<tr><td>{html.escape(r.path)}</td>"
                   f"<td class='nowrap'>{html.escape(statuses.get(r.status, r.status))}</td>"
                   f"<td style='text-align:left'>{html.escape(public_text(r.detail))}</td></tr>"
                   for r in known.itertuples())
    return f"<table><tr><th>文件</th><th class='nowrap'>状态</th><th>说明</th></tr>{rows}</table>{note}"


def public_text(text: object) -> str:
    """A sentence for the public page: file hashes (sha256) are left out."""
    return SHA256.sub("（文件编号见审核页面）", text) if isinstance(text, str) else ""


def heatmap_figure(metrics: pd.DataFrame, columns: dict[str, Column]) -> go.Figure:
    """The main rates, agencies down (townships first) and measures across, as percentages."""
    measures = page_measures("heatmap")
    frame = metrics.set_index("agency")[measures] * 100
    labels = [columns[m].header() for m in measures]
    fig = go.Figure(go.Heatmap(z=frame.values, x=labels, y=list(frame.index), colorscale="Blues", zmin=0, zmax=100,
                               text=[[("—" if pd.isna(v) else f"{v:.1f}") for v in row] for row in frame.values],
                               texttemplate="%{text}",
                               hovertemplate="%{y}<br>%{x}：%{z:.1f}%<extra></extra>",
                               colorbar={"title": "%"}))
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title="主要比率（%）", height=max(320, 38 * len(frame) + 160))
    return _styled(fig)


def small_multiples_figure(trend: pd.DataFrame, column: Column) -> go.Figure:
    """One small chart per agency of one measure over the years (rates as percentages)."""
    data = trend.assign(measure=trend["measure"] * (100 if column.kind == "rate" else 1))
    agencies = data["agency"].nunique()
    wrap = 4
    fig = px.line(data, x="year", y="measure", facet_col="agency", facet_col_wrap=wrap, markers=True,
                  labels={"year": "年度", "measure": column.header(), "agency": "机关"},
                  title=f"{column.header()}历年变化（每个机关一张小图）")
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    fig.update_xaxes(dtick=1)
    fig.update_layout(height=max(300, 220 * -(-agencies // wrap)))
    return _styled(fig)


def outcome_mix_figure(metrics: pd.DataFrame, columns: dict[str, Column]) -> go.Figure:
    """How requests ended, as percentages of all handled, per agency."""
    mix = metrics[["agency", *OUTCOMES]].copy()
    total = mix[OUTCOMES].sum(axis=1).astype(float).replace(0.0, float("nan"))
    for col in OUTCOMES:
        mix[col] = mix[col].astype(float) / total * 100
    long = mix.melt(id_vars="agency", value_vars=OUTCOMES, var_name="category", value_name="share")
    long["category"] = long["category"].map(lambda c: columns[c].label)
    fig = px.bar(long, x="agency", y="share", color="category", barmode="stack",
                 labels={"agency": "机关", "share": "占办理总数（%）", "category": ""}, title="办理结果构成（%）")
    return _styled(fig)


def requests_figure(metrics: pd.DataFrame, columns: dict[str, Column]) -> go.Figure:
    """Requests received and handled, agencies side by side."""
    measures = page_measures("requests_chart")
    long = metrics.melt(id_vars="agency", value_vars=measures, var_name="measure", value_name="n")
    long["measure"] = long["measure"].map(lambda m: columns[m].label)
    fig = px.bar(long, x="agency", y="n", color="measure", barmode="group",
                 labels={"agency": "机关", "n": "件数", "measure": ""}, title="申请收到与办理（件）")
    return _styled(fig)


def _text(value: object) -> str:
    return html.escape(value) if isinstance(value, str) else ""


def _styled(fig: go.Figure) -> go.Figure:
    fig.update_layout(font_family=FONTS, template="plotly_white", margin={"t": 70})
    if not fig.layout.height:
        fig.update_layout(height=420)
    return fig


def page(title: str, sections: list[tuple[str, str | None]], figures: list[go.Figure]) -> str:
    """The whole HTML document: sections in order, a chart wherever a section has no HTML of its own;
    plotly.js is inlined once."""
    charts = iter(fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=f"chart-{i}")
                  for i, fig in enumerate(figures))
    body = "".join(f"<section><h2>{html.escape(name)}</h2>{content if content is not None else next(charts)}"
                   f"</section>" for name, content in sections)
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>\n")
