"""``ogi review``: one self-contained HTML page per report that needs a person, and an index.

Each page shows the table pages as pictures with every cell outlined where it was read (green:
read and consistent; red: in an identity the report breaks; amber: uncertain or not placed),
hovering a box shows what was read there, and beside the pictures the tables as read, the
failed checks, and for every doubtful cell the line to paste into ``data/corrections.csv``.
Pictures are embedded and nothing is fetched: the pages open with no network.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from extract import Grid, PageImage, ReadOptions, Rejection, format_of, page_images, read_file
from ogi_data import catalog
from outputs.evidence import Evidence
from transform.corrections import COLUMNS, paste_line
from transform.labels import load_vocabulary, one_line
from transform.model import code_labels, rules, table_short_name, table_titles, template_terms, term_labels

CONSISTENT, IDENTITY, UNCERTAIN = "ok", "identity", "uncertain"
# reports whose numbers come from a document's own table cells: the page shows those tables
SOURCE_TABLES = ("html", "docx", "plain")
VIEW_MARGIN = 60.0  # points of the page shown above and below its tables: the header rows and the heading
MARK_TEXT = {CONSISTENT: "读出且一致", IDENTITY: "所在勾稽关系不成立", UNCERTAIN: "不确定或无法定位"}
FONTS = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif"
STYLE = f"""
body {{ font-family: {FONTS}; margin: 0; color: #222; }}
header {{ padding: 12px 20px; background: #f4f6f8; border-bottom: 1px solid #ccd; }}
h1 {{ font-size: 20px; margin: 0 0 6px; }} h2 {{ font-size: 16px; margin: 18px 0 6px; }}
.legend span {{ display: inline-block; margin-right: 14px; }}
.sw {{ display: inline-block; width: 14px; height: 10px; border: 2px solid; vertical-align: middle; }}
.sw.ok {{ border-color: #2e7d32; }} .sw.identity {{ border-color: #d32f2f; background: #d32f2f33; }}
.sw.uncertain {{ border-color: #ef8f00; background: #ef8f0033; }}
main {{ display: flex; gap: 16px; padding: 12px 20px; align-items: flex-start; }}
.pages {{ flex: 0 0 58%; }} .side {{ flex: 1; min-width: 0; overflow-x: auto; }}
figure {{ margin: 0 0 14px; border: 1px solid #bbb; }} figcaption {{ font-size: 12px; padding: 2px 6px; }}
svg {{ width: 100%; height: auto; display: block; }}
rect {{ fill: transparent; stroke-width: 1.2; }} rect:hover, rect.hot {{ stroke-width: 3; fill: #1565c022; }}
rect.ok {{ stroke: #2e7d32; }} rect.identity {{ stroke: #d32f2f; fill: #d32f2f22; stroke-width: 2; }}
rect.uncertain {{ stroke: #ef8f00; fill: #ef8f0022; stroke-width: 2; }} rect.unplaced {{ stroke-dasharray: 4 2; }}
table {{ border-collapse: collapse; font-size: 12px; margin-bottom: 8px; }}
th, td {{ border: 1px solid #ccc; padding: 2px 5px; }} th {{ background: #f0f0f0; font-weight: normal; }}
td.num {{ text-align: right; }} td.identity {{ background: #fbd5d5; }} td.uncertain {{ background: #ffe6bf; }}
td.absent {{ color: #aaa; text-align: center; }}
table.source td {{ white-space: pre-line; }} table.source td.ok {{ box-shadow: inset 0 0 0 2px #2e7d32; }}
table.source td.unplaced {{ outline: 2px dashed #ef8f00; }} table.source td.hot {{ background: #1565c022; }}
.paste {{ font-family: monospace; user-select: all; background: #f6f6f6; padding: 2px 4px; display: block;
          word-break: break-all; border: 1px dashed #aaa; margin: 2px 0 8px; }}
.note {{ color: #555; font-size: 13px; }} .warn {{ color: #b00; }}
li {{ margin-bottom: 4px; font-size: 13px; }}
.tag {{ background: #eee; border-radius: 3px; padding: 0 4px; font-size: 12px; }}
"""
# Hovering a cell of the table as read lights its box on the page, and the other way round.
SCRIPT = """
document.querySelectorAll('[data-cell]').forEach(function (el) {
  function light(on) {
    document.querySelectorAll('[data-cell="' + el.dataset.cell + '"]').forEach(function (o) {
      o.classList.toggle('hot', on); });
  }
  el.addEventListener('mouseenter', function () { light(true); });
  el.addEventListener('mouseleave', function () { light(false); });
});
"""


@dataclass(frozen=True)
class ReviewLabels:
    """The Chinese words the pages use for codes, from ``data/``."""

    reasons: dict[str, dict[str, str]]
    methods: dict[str, str]
    statuses: dict[str, str]


def review_labels() -> ReviewLabels:
    """Reason, method and status labels (``data/review_reasons.csv``, ``match_methods.csv``, ``statuses.csv``)."""
    reasons = {r["reason"]: r for r in catalog.rows("review_reasons")}
    return ReviewLabels(reasons, code_labels("match_methods.csv", "method"), code_labels("statuses.csv", "status"))


def cell_marks(ev: Evidence, labels: ReviewLabels) -> dict[tuple[str, str, str], str]:
    """(table, row, column) → its mark: in a failed identity, uncertain, or (absent) consistent."""
    marks: dict[tuple[str, str, str], str] = {}
    for c in ev.review.itertuples():
        mark = labels.reasons.get(c.reason, {}).get("mark", UNCERTAIN)
        key = (c.table_code, c.row_code, c.column_code)
        if marks.get(key) != IDENTITY:
            marks[key] = mark
    identity_rules = {r for r, row in rules().items() if row["kind"] == "identity"}
    for i in ev.issues.itertuples():  # an identity across reports names its cell (carry_over_continuity)
        if i.rule in identity_rules and isinstance(i.row_code, str) and isinstance(i.column_code, str):
            marks[(i.table_code, i.row_code, i.column_code)] = IDENTITY
    return marks


def write_review_pages(evidence: list[Evidence], out: Path, title: str = "待核对的年度报告") -> list[Path]:
    """Write one page per report and ``index.html`` into ``out``, in the order given (the warehouse
    gives the reports most to check first); returns the pages written, index first."""
    out.mkdir(parents=True, exist_ok=True)
    labels = review_labels()
    names = [page_name(e) for e in evidence]
    written = []
    for ev, name in zip(evidence, names, strict=True):
        path = out / name
        path.write_text(review_page(ev, labels), encoding="utf-8")
        written.append(path)
    index = out / "index.html"
    index.write_text(index_page(evidence, names, labels, title), encoding="utf-8")
    return [index, *written]


def page_name(ev: Evidence) -> str:
    """A file name per report: its agency, year and the start of its sha256 (unique, readable)."""
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", f"{ev.agency or Path(ev.source_file).stem}_{ev.year or ''}")
    return f"{stem}_{ev.sha256[:10]}.html"


def index_page(evidence: list[Evidence], names: list[str], labels: ReviewLabels, title: str) -> str:
    """The list of reports to check, most to check first."""
    rows = []
    for ev, name in zip(evidence, names, strict=True):
        rows.append(
            f"<tr><td><a href='{html.escape(name)}'>{_e(ev.agency)}</a></td><td>{_e(ev.year)}</td>"
            f"<td>{_e(ev.source_file)}</td><td>{_e(labels.statuses.get(ev.status, ev.status))}</td>"
            f"<td class='num'>{ev.to_check()}</td>"
            f"<td class='num'>{len(ev.review[['table_code', 'row_code', 'column_code']].drop_duplicates())}</td>"
            f"<td class='num'>{len(ev.issues)}</td><td class='num'>{len(ev.unplaced)}</td>"
            f"<td class='num'>{len(ev.corrections())}</td></tr>")
    body = (
        f"<header><h1>{_e(title)}</h1><div class='note'>共 {len(evidence)} 份报告需要人工核对，按待核对项目多少排列。"
        f"点击机关名称查看原件页面与读出的数字。</div></header><main><div>"
        "<table><tr><th>机关</th><th>年度</th><th>文件</th><th>状态</th><th>待核对合计</th><th>待核对单元格</th>"
        "<th>未通过的校验</th><th>无法定位的数值</th><th>已应用的更正</th></tr>"
        + "".join(rows) + "</table></div></main>"
    )
    return _document(title, body)


def review_page(ev: Evidence, labels: ReviewLabels) -> str:
    """The page of one report: its table pages with boxes, and beside them what was read."""
    marks = cell_marks(ev, labels)
    pages = sorted({int(p) for p in pd.concat([ev.facts["page"], ev.unplaced["page"]]).dropna()})
    if ev.path is None:
        pictures = ["<p class='warn'>报告文件的路径未记录，无法显示原件页面。</p>"]
    elif ev.text_source in SOURCE_TABLES:
        pictures = _source_tables(ev, pages, marks, labels)
    else:
        images = page_images(ev.path, pages)
        pictures = ([_picture(im, ev, marks, labels) for im in images] if isinstance(images, list)
                    else [f"<p class='warn'>{_e(images)}</p>"])
    title = f"{ev.agency or ev.source_file} {ev.year or ''} 年度报告核对"
    status = labels.statuses.get(ev.status, ev.status)
    head = (
        f"<header><h1>{_e(title)}</h1>"
        f"<div>文件 {_e(ev.source_file)} · 状态 {_e(status)} · 模板 {_e(ev.template_version)} · "
        f"数字来源 {_e(source_labels().get(ev.text_source or 'text', ev.text_source))} · "
        f"sha256 {_e(ev.sha256[:16])}…</div>"
        f"<div class='note'>{_e(ev.detail)}</div>"
        "<div class='legend'>" + "".join(f"<span><i class='sw {m}'></i> {t}</span>" for m, t in MARK_TEXT.items())
        + "<span>虚线框：无法定位的数值</span><span>鼠标停在框上可看到读出的内容</span></div></header>"
    )
    side = (_checks(ev) + _cells_to_review(ev, labels) + _unplaced(ev) + _corrections(ev)
            + "".join(_table(ev, table, title_zh, marks) for table, title_zh in table_titles().items()))
    body = head + f"<main><div class='pages'>{''.join(pictures)}</div><div class='side'>{side}</div></main>"
    return _document(title, body)


def _picture(image: PageImage, ev: Evidence, marks: dict, labels: ReviewLabels) -> str:
    """One page as an SVG: the picture, and a box per cell with what was read as its tooltip."""
    data = base64.b64encode(image.jpeg).decode("ascii")
    boxes = []
    for f in ev.facts[ev.facts["page"] == image.page].itertuples():
        if pd.isna(f.x0):
            continue
        key = (f.table_code, f.row_code, f.column_code)
        mark = marks.get(key, CONSISTENT)
        tip = (f"{f.table_code} / {f.row_code} / {f.column_code}\n"
               f"行标签：{_one_line(f.row_label)}（{labels.methods.get(f.row_method, f.row_method)}）\n"
               f"列标签：{_one_line(f.column_label)}（{labels.methods.get(f.column_method, f.column_method)}）\n"
               f"印作：{_one_line(f.printed) or '（空白）'}" + _confidence(f.ocr_confidence) + _corrected(f)
               + f"\n{MARK_TEXT[mark]}")
        boxes.append(_rect(f.x0, f.y0, f.x1, f.y1, mark, tip, "-".join(key)))
    for u in ev.unplaced[ev.unplaced["page"] == image.page].itertuples():
        if pd.isna(u.x0):
            continue
        tip = f"无法定位的数值（{u.table_code}）\n印作：{_one_line(u.printed)}\n周围标签：{u.labels}"
        boxes.append(_rect(u.x0, u.y0, u.x1, u.y1, f"{UNCERTAIN} unplaced", tip, None))
    x0, y0, x1, y1 = _view(image, ev)
    return (f"<figure><figcaption>第 {image.page} 页</figcaption>"
            f"<svg viewBox='{x0:.1f} {y0:.1f} {x1 - x0:.1f} {y1 - y0:.1f}' xmlns='http://www.w3.org/2000/svg'>"
            f"<image href='data:image/jpeg;base64,{data}' width='{image.width_pt:.1f}' "
            f"height='{image.height_pt:.1f}'/>{''.join(boxes)}</svg></figure>")


def source_labels() -> dict[str, str]:
    """text_source → its Chinese label (``data/text_sources.csv``)."""
    return code_labels("text_sources.csv", "text_source")


def _source_tables(ev: Evidence, tables: list[int], marks: dict, labels: ReviewLabels) -> list[str]:
    """The tables of a web page, Word document or text file as they stand in the file, each cell
    read outlined like a box on a page (its tooltip says what was read there)."""
    form = format_of(ev.path)
    if not ev.path.is_file() or form is None:
        return [f"<p class='warn'>找不到文件 {_e(ev.path)}，无法显示原件中的表格。</p>"]
    try:
        document = read_file(ev.path, ReadOptions(ocr=False))
    except OSError as exc:
        return [f"<p class='warn'>无法打开文件 {_e(ev.path.name)}（{_e(exc.strerror)}），无法显示原件中的表格。</p>"]
    if isinstance(document, Rejection):
        return [f"<p class='warn'>{_e(document.detail)}</p>"]
    grids = {g.page: g for g in document.grids}
    return [_source_table(grids[n], ev, marks, labels) for n in tables if n in grids]


def _source_table(grid: Grid, ev: Evidence, marks: dict, labels: ReviewLabels) -> str:
    """One table of the file, merged cells merged; a cell read is found by its columns and rows."""
    read = {(int(f.x0), int(f.y0)): f for f in ev.facts[ev.facts["page"] == grid.page].itertuples()
            if pd.notna(f.x0)}
    unplaced = {(int(u.x0), int(u.y0)): u for u in ev.unplaced[ev.unplaced["page"] == grid.page].itertuples()
                if pd.notna(u.x0)}
    rows = []
    for i, row in enumerate(grid.cells):
        tds = []
        for j, text in enumerate(row):
            x0, y0, x1, y1 = (int(v) for v in grid.boxes[i][j]) if grid.boxes else (j, i, j + 1, i + 1)
            if (x0, y0) != (j, i) and not grid.ragged:
                continue  # covered by a merged cell drawn from its top left
            spans = (f" colspan='{x1 - x0}'" if x1 - x0 > 1 and not grid.ragged else "") + (
                f" rowspan='{y1 - y0}'" if y1 - y0 > 1 and not grid.ragged else "")
            tds.append(_source_cell(text, spans, read.get((x0, y0)), unplaced.get((x0, y0)), marks, labels))
        rows.append(f"<tr>{''.join(tds)}</tr>")
    return (f"<figure><figcaption>原件第 {grid.page} 个表格</figcaption>"
            f"<table class='source'>{''.join(rows)}</table></figure>")


def _source_cell(text: str, spans: str, fact, unplaced, marks: dict, labels: ReviewLabels) -> str:
    if fact is not None:
        key = (fact.table_code, fact.row_code, fact.column_code)
        mark = marks.get(key, CONSISTENT)
        tip = (f"{' / '.join(key)}\n行标签：{_one_line(fact.row_label)}"
               f"（{labels.methods.get(fact.row_method, fact.row_method)}）\n"
               f"列标签：{_one_line(fact.column_label)}（{labels.methods.get(fact.column_method, fact.column_method)}）"
               + _corrected(fact) + f"\n{MARK_TEXT[mark]}")
        return (f"<td class='{mark}' data-cell='{html.escape('-'.join(key))}' title='{html.escape(tip)}'"
                f"{spans}>{_e(text)}</td>")
    if unplaced is not None:
        tip = f"无法定位的数值（{unplaced.table_code}）\n周围标签：{unplaced.labels}"
        return f"<td class='uncertain unplaced' title='{html.escape(tip)}'{spans}>{_e(text)}</td>"
    return f"<td{spans}>{_e(text)}</td>"


def _view(image: PageImage, ev: Evidence) -> tuple[float, float, float, float]:
    """The part of a page to show: the page's width, from its first table's top to its last one's
    bottom with a margin (the boxes cover value cells, the row labels are to their left)."""
    boxes = pd.concat([ev.facts.loc[ev.facts["page"] == image.page, ["x0", "y0", "x1", "y1"]],
                       ev.unplaced.loc[ev.unplaced["page"] == image.page, ["x0", "y0", "x1", "y1"]]]).dropna()
    if boxes.empty:
        return 0.0, 0.0, image.width_pt, image.height_pt
    return (0.0, max(0.0, boxes["y0"].min() - VIEW_MARGIN), image.width_pt,
            min(image.height_pt, boxes["y1"].max() + VIEW_MARGIN))


def _rect(x0: float, y0: float, x1: float, y1: float, css: str, tip: str, cell: str | None) -> str:
    data = f" data-cell='{html.escape(cell)}'" if cell else ""
    return (f"<rect class='{css}'{data} x='{x0:.1f}' y='{y0:.1f}' width='{x1 - x0:.1f}' height='{y1 - y0:.1f}'>"
            f"<title>{html.escape(tip)}</title></rect>")


def _checks(ev: Evidence) -> str:
    if ev.issues.empty:
        return "<h2>校验</h2><p class='note'>表内与跨年度的勾稽关系全部成立。</p>"
    items = []
    for i in ev.issues.itertuples():
        rule = rules().get(i.rule, {})
        items.append(f"<li><b>{_e(rule.get('label_zh', i.rule))}</b>（{_e(i.rule)}）：{_e(_one_line(i.detail))}</li>")
    return f"<h2>未通过的校验（{len(ev.issues)}）</h2><ul>{''.join(items)}</ul>"


def _cells_to_review(ev: Evidence, labels: ReviewLabels) -> str:
    """The doubtful cells, grouped by why (a broken identity lists its cells once), each with the
    line to paste into the corrections file."""
    if ev.review.empty:
        return ""
    values = {(f.table_code, f.row_code, f.column_code): f.current_value for f in ev.facts.itertuples()}
    groups = []
    for (reason, detail), group in ev.review.groupby(["reason", "detail"], sort=False):
        items = []
        for c in group.itertuples():
            key = (c.table_code, c.row_code, c.column_code)
            line = paste_line(*key, _number(values.get(key)), sha256=ev.sha256, agency=ev.agency or "",
                              year=ev.year or "", reason="经核对原件", vocabulary=load_vocabulary(),
                              template_version=ev.template_version)
            items.append(f"<li data-cell='{html.escape('-'.join(key))}'>{_e(_cell_name(*key, ev.template_version))}"
                         f"<span class='paste'>{_e(line)}</span></li>")
        label = labels.reasons.get(reason, {}).get("label_zh", reason)
        groups.append(f"<li><span class='tag'>{_e(label)}</span> {_e(_one_line(detail))}<ul>{''.join(items)}</ul></li>")
    cells = len(ev.review[["table_code", "row_code", "column_code"]].drop_duplicates())
    return (f"<h2>待核对的单元格（{cells}）</h2><p class='note'>核对原件后，把相应的一行复制到 data/corrections.csv"
            f"（表头为 {_e(','.join(COLUMNS))}）：数字与原件一致则原样保留（表示已核对），不一致则改为原件上的数字，"
            f"空白表示原件此格为空或“/”。下次运行 ogi run 时生效。</p><ul>{''.join(groups)}</ul>")


def _unplaced(ev: Evidence) -> str:
    if ev.unplaced.empty:
        return ""
    items = "".join(f"<li>第 {u.page} 页 {_e(table_titles().get(u.table_code, u.table_code))}：印作“{_e(u.printed)}”，"
                    f"周围标签：{_e(u.labels) or '（无）'}</li>" for u in ev.unplaced.itertuples())
    return (f"<h2>无法定位的数值（{len(ev.unplaced)}）</h2><p class='note'>这些数字已读出，但找不到它们所属的行和列，"
            f"未入库；如属表中某格，请按上面的格式写一行更正。</p><ul>{items}</ul>")


def _corrections(ev: Evidence) -> str:
    applied = ev.corrections()
    if applied.empty:
        return ""
    version = ev.template_version
    items = "".join(
        f"<li>第 {int(f.correction_line)} 行：{_e(_cell_name(f.table_code, f.row_code, f.column_code, version))}"
        f" 读出 {_e(_number(f.value) or '（空白）')}，更正为 {_e(_number(f.current_value) or '（空白）')}；"
        f"原因：{_e(f.correction_reason or '（未填写）')}；更正人：{_e(f.corrected_by or '（未填写）')}；"
        f"日期：{_e(f.corrected_on) or '（未填写）'}</li>" for f in applied.itertuples())
    return f"<h2>已应用的更正（{len(applied)}）</h2><ul>{items}</ul>"


def _table(ev: Evidence, table: str, title: str, marks: dict) -> str:
    """One table as read, in official order, each cell coloured by its mark."""
    facts = ev.facts[ev.facts["table_code"] == table]
    if facts.empty:
        return f"<h2>{_e(title)}</h2><p class='note'>未读出此表。</p>"
    rows = template_terms(table, "row", ev.template_version, set(facts["row_code"]))
    cols = template_terms(table, "column", ev.template_version, set(facts["column_code"]))
    cells = {(f.row_code, f.column_code): f for f in facts.itertuples()}
    head = "<tr><th></th>" + "".join(f"<th>{_e(_one_line(c.label_zh))}</th>" for c in cols) + "</tr>"
    body = []
    for row in rows:
        tds = []
        for col in cols:
            f = cells.get((row.code, col.code))
            if f is None:
                tds.append("<td class='absent'>·</td>")
                continue
            mark = marks.get((table, row.code, col.code), CONSISTENT)
            shown = _number(f.current_value) if f.value_kind == "number" or pd.notna(f.current_value) \
                else _one_line(f.printed)
            tds.append(f"<td class='num {mark}' data-cell='{html.escape(f'{table}-{row.code}-{col.code}')}' "
                       f"title='{html.escape(f'{row.code} / {col.code} 印作：{_one_line(f.printed)}')}'>"
                       f"{_e(shown)}</td>")
        body.append(f"<tr><th style='text-align:left'>{_e(_one_line(row.label_zh))}</th>{''.join(tds)}</tr>")
    return f"<h2>{_e(title)}（读出）</h2><table>{head}{''.join(body)}</table>"


def _cell_name(table: str, row: str, column: str, version: str | None) -> str:
    """表三 · 1.属于国家秘密 · 法律服务机构: a cell named as a person reads it."""
    terms = term_labels(version)
    return (f"{table_short_name(table)} · {terms.get((table, 'row', row), row)} · "
            f"{terms.get((table, 'column', column), column)}")


def _confidence(value: object) -> str:
    return f"\n识别置信度：{float(value):.2f}" if value is not None and pd.notna(value) else ""


def _corrected(f) -> str:
    if f.correction_line is None or pd.isna(f.correction_line):
        return ""
    return f"\n已更正为 {_number(f.current_value) or '（空白）'}（corrections.csv 第 {int(f.correction_line)} 行）"


def _number(value: object) -> str:
    """A value as printed in a table: an integer without a decimal point, blank for none."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return f"{int(number)}" if number.is_integer() else f"{number:g}"


def _one_line(text: object) -> str:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return one_line(text)


def _e(value: object) -> str:
    return html.escape("" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value))


def _document(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>{_e(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}<script>{SCRIPT}</script></body></html>")
