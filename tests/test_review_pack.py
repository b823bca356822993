"""The yearly review pack read back as a spreadsheet would, and the HTML review page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outputs.export import Selection, export_pack
from outputs.yearly_page import write_yearly_page
from tests.conftest import needs_chromium, rendered_dom, screenshot
from tests.test_analyst import A, report, sample_warehouse


@pytest.fixture
def warehouse(tmp_path) -> Path:
    return sample_warehouse(tmp_path / "w.duckdb")


def test_csv_pack_opens_with_chinese_headers_and_matches_the_views(warehouse, tmp_path):
    written = export_pack(warehouse, tmp_path / "pack", Selection(2022, "盐池县"))
    names = {p.name for p in written}
    assert {"指标_各机关.csv", "合计_各县.csv", "表三_收到和处理政府信息公开申请情况.csv", "校验问题.csv",
            "未入库文件.csv", "facts_long.parquet"} <= names
    raw = (tmp_path / "pack" / "指标_各机关.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    sheet = pd.read_csv(tmp_path / "pack" / "指标_各机关.csv", encoding="utf-8-sig")
    assert list(sheet.columns[:3]) == ["机关", "县（区）", "年度"]
    con = duckdb.connect(str(warehouse), read_only=True)
    view = con.execute("SELECT agency, disclosure_rate FROM agency_metrics WHERE year = 2022 ORDER BY agency").df()
    con.close()
    got = sheet[["机关", "公开率（%）"]].sort_values("机关").reset_index(drop=True)
    assert got["机关"].tolist() == view["agency"].tolist()
    assert got["公开率（%）"].tolist()[1] == pytest.approx(100 * view["disclosure_rate"].tolist()[1], abs=0.05)
    table3 = pd.read_csv(tmp_path / "pack" / "表三_收到和处理政府信息公开申请情况.csv", encoding="utf-8-sig")
    assert {"项目", "自然人", "总计"} <= set(table3.columns)
    facts = pd.read_parquet(tmp_path / "pack" / "facts_long.parquet")
    assert set(facts["year"]) == {2022}


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external_scripts: list[str] = []
        self.chart_divs: list[str] = []
        self.text: list[str] = []  # what a reader sees: not the scripts and styles
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._hidden += tag in ("script", "style")
        if tag == "script" and attrs.get("src"):
            self.external_scripts.append(attrs["src"])
        if tag == "div" and (attrs.get("id") or "").startswith("chart-"):
            self.chart_divs.append(attrs["id"])

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def test_html_review_is_self_contained_with_charts_and_chinese_labels(warehouse, tmp_path):
    out = tmp_path / "review.html"
    assert write_yearly_page(warehouse, out, Selection(2022, "盐池县")) == 2
    scan = _Scan()
    scan.feed(out.read_text(encoding="utf-8"))
    assert scan.external_scripts == []  # plotly.js is inlined: no network needed
    assert len(scan.chart_divs) >= 3
    text = "".join(scan.text)
    assert "盐池县 2022 年政府信息公开工作年度报告统计分析" in text
    assert "花马池镇" in text and "办理结果构成" in out.read_text(encoding="utf-8")
    for section in ("全县合计与上年对比", "报送情况", "主要比率热力图", "排名", "校验问题"):
        assert section in text
    assert re.search(r"\d+\.\d%", text)  # rates as percentages
    assert re.search(r"[+-]\d+\.\d 个百分点", text)  # this year's rates against last year's
    assert '"type":"heatmap"' in out.read_text(encoding="utf-8")
    # no English sentence in what a person reads (code columns aside, there are none on the page)
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", text)


@needs_chromium
def test_html_review_renders_in_headless_chromium(warehouse, tmp_path):
    out = tmp_path / "review.html"
    write_yearly_page(warehouse, out, Selection(2022, "盐池县"))
    shot = tmp_path / "review.png"
    screenshot(out, shot, 1280, 2400)
    assert shot.stat().st_size > 20_000
    # every chart drawn by plotly in the browser, from the inlined script alone
    dom = rendered_dom(out, tmp_path / "profile2")
    charts, drawn = dom.count('<div id="chart-'), dom.count('class="main-svg"')
    assert charts >= 3 and drawn >= charts


def test_no_exported_text_cell_can_run_as_a_formula(tmp_path):
    import csv

    from outputs.export import excel_safe
    from transform.report import ReportResult
    from warehouse.load import connect, record

    hostile = ['=HYPERLINK("http://x","y").pdf', "@SUM(1+1).pdf", "+1+1.pdf", "-2+3.pdf", "\tx.pdf"]
    path = tmp_path / "w.duckdb"
    con = connect(path, tmp_path / "none.csv")
    record(con, "a.pdf", report("aa", "=1+2镇", 2022, "V2021", A))
    for i, name in enumerate(hostile):
        record(con, name, ReportResult(name, f"x{i}", "unreadable", f"={name} cannot be read."))
    con.close()
    export_pack(path, tmp_path / "pack", Selection(2022))
    cells = [cell for sheet in (tmp_path / "pack").glob("*.csv")
             for row in csv.reader(sheet.open(encoding="utf-8-sig")) for cell in row]
    formulas = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and excel_safe(c) != c]
    assert formulas == []
    assert "'=HYPERLINK(\"http://x\",\"y\").pdf" in cells and "'@SUM(1+1).pdf" in cells and "'=1+2镇" in cells
    assert [excel_safe(v) for v in ("-3", "+4.5", "-", "12")] == ["-3", "+4.5", "'-", "12"]
