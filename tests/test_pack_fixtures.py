"""The review pack of a warehouse built from the fixture corpus, read back as a county office's
reader would: integers, percentages, the printed row order, Chinese throughout, the workbook
holding the same numbers, and who has not reported."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from outputs.export import WORKBOOK, Selection, export_pack
from tests.conftest import FIXTURES, truths
from transform.labels import load_vocabulary
from transform.process import process_file
from warehouse.load import after_run, connect, record

# Two words of Latin letters in a row: an English phrase (codes are one word with underscores).
ENGLISH = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
COUNT_HEADERS = {"自然人", "总计", "年度", "序号"}
CODE_HEADERS = {"来源文件", "路径", "状态代码", "规则代码", "表", "行代码", "列代码", "代码", "报送情况代码",
                "模板版本"}


def build(folder: Path, names: list[str]) -> Path:
    warehouse = folder / "w.duckdb"
    con = connect(warehouse, folder / "none.csv")
    for name in names:
        pdf = FIXTURES / "pdf" / name
        record(con, name, process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest()))
    after_run(con, names)
    con.close()
    return warehouse


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    names = sorted({t["source_file"] for t in truths(FIXTURES)})
    warehouse = build(folder, names)
    out = folder / "pack"
    for year in (2020, 2021, 2022):
        export_pack(warehouse, out / str(year), Selection(year, "盐池县"))
    return out


def sheets(pack: Path) -> dict[str, pd.DataFrame]:
    return {f"{p.parent.name}/{p.stem}": pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            for p in sorted(pack.glob("*/*.csv"))}


def test_counts_print_as_integers_and_rates_as_percentages(pack):
    for name, sheet in sheets(pack).items():
        for header in sheet.columns:
            cells = [c for c in sheet[header] if c != ""]
            if header.endswith("（%）"):
                assert all(re.fullmatch(r"\d{1,3}(\.\d)?", c) and float(c) <= 100 for c in cells), (name, header)
            elif (header.endswith("数") and not header.startswith("每百件")) or header in COUNT_HEADERS:
                assert all(re.fullmatch(r"-?\d+", c) for c in cells), (name, header, cells[:5])
    metrics = sheets(pack)["2020/指标_各机关"]
    assert {"公开率（%）", "不予公开率（%）", "结转率（%）"} <= set(metrics.columns)
    assert set(metrics["是否乡镇街道"]) <= {"是", "否"} and "True" not in metrics.to_string()


def test_every_agencys_table_three_comes_in_the_printed_order(pack):
    order = {t.code: t.ord for t in load_vocabulary() if t.table_code == "applications" and t.axis == "row"}
    for year in ("2020", "2021", "2022"):
        table = sheets(pack)[f"{year}/表三_收到和处理政府信息公开申请情况"]
        for agency, rows in table.groupby("机关", sort=False):
            printed = [order[c] for c in rows["行代码"]]
            assert printed == sorted(printed) and rows["序号"].astype(int).is_monotonic_increasing, agency


def test_no_english_sentence_remains_in_the_pack(pack):
    for name, sheet in sheets(pack).items():
        for header in sheet.columns:
            assert not ENGLISH.search(header), (name, header)
            if header in CODE_HEADERS:
                continue
            english = [c for c in sheet[header] if ENGLISH.search(c)]
            assert english == [], (name, header, english[:3])


def test_the_workbook_holds_the_same_numbers_as_the_csv_files(pack):
    import openpyxl

    for year in ("2020", "2021"):
        book = openpyxl.load_workbook(pack / year / WORKBOOK)
        for path in sorted((pack / year).glob("*.csv")):
            ws = book[path.stem[:31]]
            assert ws.freeze_panes.endswith("2")  # the header frozen (and the body's name: test_outputs)
            rows = list(ws.iter_rows(values_only=True))
            with path.open(encoding="utf-8-sig") as fh:
                lines = list(csv.reader(fh))
            assert [str(h) for h in rows[0]] == lines[0]
            assert len(rows) == len(lines), path.name
            for got, want in zip(rows[1:], lines[1:], strict=True):
                for g, w in zip(got, want, strict=True):
                    if re.fullmatch(r"-?\d+(\.\d+)?", w):
                        assert isinstance(g, int | float) and g == pytest.approx(float(w)), (path.name, g, w)
                    else:
                        assert ("" if g is None else str(g)) == w, (path.name, g, w)


def test_coverage_lists_a_body_that_reported_last_year_and_is_missing_this_year(pack):
    coverage = sheets(pack)["2021/报送情况"]
    state = dict(zip(coverage["机关"], coverage["报送情况代码"], strict=True))
    # 麻黄山乡 published for 2019 and 2020 (t15, t16) and nothing for 2021
    assert state["麻黄山乡"] == "missing" and state["花马池镇"] == "reported"
    missing = coverage[coverage["机关"] == "麻黄山乡"].iloc[0]
    assert missing["报送情况"] == "未找到" and "2021" in missing["说明"] and missing["机关类型"] == "乡镇街道"
    kinds = dict(zip(coverage["机关"], coverage["机关类型"], strict=True))
    assert kinds["盐池县教育体育局"] == "部门"


def test_no_missing_body_when_all_have_reported(tmp_path):
    warehouse = build(tmp_path, ["t03_2019.pdf", "t04_2020.pdf", "t09_2019.pdf", "t10_2020.pdf"])
    con = duckdb.connect(str(warehouse), read_only=True)
    states = con.execute("SELECT year, agency, state FROM reporting_coverage ORDER BY ALL").fetchall()
    con.close()
    assert states == [(2019, "大水坑镇", "reported"), (2019, "高沙窝镇", "reported"),
                      (2020, "大水坑镇", "reported"), (2020, "高沙窝镇", "reported")]


@pytest.mark.slow  # a warehouse built with a scan read by OCR: 7 s
def test_a_scan_that_could_not_be_read_is_not_loaded_with_why(tmp_path):
    warehouse = build(tmp_path, ["t03_2019.pdf", "bad_scanned.pdf"])  # 花马池镇 2020, a scan
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT agency, year, state, status, reason FROM reporting_coverage "
                       "WHERE state <> 'reported'").fetchall()
    con.close()
    assert sorted(r[:4] for r in rows) == [("大水坑镇", 2020, "missing", None),  # reported 2019, not 2020
                                           ("花马池镇", 2020, "not_loaded", "needs_ocr")]
    assert all(r[4] for r in rows)  # each says why
