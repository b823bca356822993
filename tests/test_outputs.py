"""What a county office publishes and works from: comparisons over the same bodies, errors where
there is nothing, the review index's order."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from outputs.export import Selection
from tests.test_analyst import A, C, apps, report, sample_warehouse
from transform.checks import Issue
from transform.review import ReviewCell
from warehouse.load import connect, record

# 高沙窝镇 reported in 2021 only: 花马池镇 is the one body of both years
D = apps(new_received="40", carried_in="0", granted="40", total_handled="40", carried_out="0")


@pytest.fixture
def warehouse(tmp_path) -> Path:
    return sample_warehouse(tmp_path / "w.duckdb", ("d.pdf", report("dd", "高沙窝镇", 2021, "V2019", D)))


def test_year_over_year_compares_only_the_bodies_of_both_years(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("SELECT of_year, agencies, new_received FROM county_metrics_comparable "
                       "WHERE county = '盐池县' AND year = 2022 ORDER BY of_year").fetchall()
    apart = con.execute("SELECT agency, side FROM bodies_not_comparable WHERE year = 2022 ORDER BY agency").fetchall()
    all_2021 = con.execute("SELECT new_received FROM county_metrics WHERE year = 2021").fetchone()[0]
    con.close()
    # 花马池镇 alone: 3 received in 2021 and 12 in 2022, not 43 (with 高沙窝镇) against 12
    assert rows == [(2021, 1, 3), (2022, 1, 12)]
    assert all_2021 == 43
    assert apart == [("大水坑镇", "this_year_only"), ("高沙窝镇", "last_year_only")]


def test_the_yearly_page_says_what_it_compares_and_hides_hashes(warehouse, tmp_path):
    from outputs.yearly_page import write_yearly_page
    from transform.report import ReportResult

    con = connect(warehouse, tmp_path / "none.csv")
    sha = "f" * 64
    record(con, "x.pdf", ReportResult("x.pdf", sha, "unidentified", f"没有标题；sha256 {sha}。"))
    record(con, "old.pdf", ReportResult("old.pdf", "e1", "needs_ocr", "扫描件。", agency="惠安堡镇",
                                        county="盐池县", year=2020))
    con.close()
    out = tmp_path / "page.html"
    write_yearly_page(warehouse, out, Selection(2022))
    text = out.read_text(encoding="utf-8")
    assert "<h1>盐池县 2022 年" in text and "全部县区" not in text
    assert "可比机关 1 个" in text
    assert "仅 2022 年报送（不计入对比）：大水坑镇" in text and "仅 2021 年报送（不计入对比）：高沙窝镇" in text
    assert sha not in text
    assert "old.pdf" not in text  # a file of 2020 is not on the 2022 page
    assert "另有 1 个文件未能识别机关或年度" in text
    assert "同类机关少于 3 个时不排名" in text  # two townships: no ranking
    assert "<th>名次</th>" not in text


@pytest.mark.parametrize(("argv", "named"), [
    (["export", "--year", "2030"], "盐池县 2021、2022 年"),
    (["report", "--year", "2022", "--county", "不存在县"], "不存在县 2022 年"),
    (["review", "--year", "2019"], "盐池县 2021、2022 年"),
    (["review", "--file", "nope.pdf"], "nope.pdf"),
])
def test_a_county_year_or_file_without_data_is_an_error_naming_what_exists(warehouse, tmp_path, capsys, argv, named):
    from flows.cli import EXIT_NO_DATA, main

    code = main([*argv, "--warehouse", str(warehouse), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_NO_DATA
    assert named in err
    assert not (tmp_path / "out").exists()


def test_the_review_index_lists_most_to_check_first(tmp_path):
    from outputs.evidence import from_warehouse

    def flagged(sha: str, agency: str, cells: int, issues: int):
        result = report(sha, agency, 2022, "V2021", A)
        result.review = [ReviewCell("applications", "granted", f"c{i}", "fuzzy_label", "x") for i in range(cells)]
        result.issues = [Issue("row_missing", "applications", f"r{i}", None, "x") for i in range(issues)]
        return result

    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "a.pdf", flagged("aa", "安乐镇", cells=0, issues=2))
    record(con, "b.pdf", flagged("bb", "北关镇", cells=30, issues=0))
    record(con, "c.pdf", flagged("cc", "城关镇", cells=5, issues=1))
    order = [e.agency for e in from_warehouse(con)]
    con.close()
    assert order == ["北关镇", "城关镇", "安乐镇"]


def test_every_sheet_of_the_pack_is_a_view_of_the_same_name_and_columns(warehouse, tmp_path):
    import pandas as pd

    from outputs.export import export_pack
    from outputs.sql_shell import open_warehouse
    from warehouse.pack import pack_sheets

    export_pack(warehouse, tmp_path / "pack", Selection(2022, "盐池县"))
    con = open_warehouse(warehouse)
    for sheet in pack_sheets():
        printed = pd.read_csv(tmp_path / "pack" / f"{sheet.name}.csv", encoding="utf-8-sig")
        view = con.execute(f'SELECT * FROM "{sheet.name}" LIMIT 0').df()
        assert list(view.columns) == list(printed.columns), sheet.name
    rates = con.execute('SELECT 机关, "公开率（%）" FROM 指标_各机关 WHERE 年度 = 2022 ORDER BY 机关').fetchall()
    con.close()
    sheet = pd.read_csv(tmp_path / "pack" / "指标_各机关.csv", encoding="utf-8-sig").sort_values("机关")
    assert rates == [(a, None if pd.isna(r) else r) for a, r in zip(sheet["机关"], sheet["公开率（%）"], strict=True)]
    assert rates[1] == ("花马池镇", 38.5)  # 5 of 13 handled, to one decimal as the pack prints it


def test_the_sql_shell_takes_the_packs_words_and_elides_what_does_not_fit(warehouse):
    from rich.console import Console

    from outputs.sql_shell import TABLES_SQL, in_pack_words, one_query

    assert in_pack_words("SELECT 公开率（%）, '公开率（%）' FROM x") == "SELECT \"公开率（%）\", '公开率（%）' FROM x"
    console = Console(width=100, record=True)
    assert one_query(warehouse, "SELECT 机关, 公开率（%） FROM 指标_各机关 WHERE 年度 = 2022;"
                                "SELECT * FROM agency_metrics;", console) == 0
    text = console.export_text()
    assert "38.5" in text
    assert "…" in text and "列（显示" in text and max(len(line) for line in text.splitlines()) <= 100
    listing = Console(width=200, record=True)
    assert one_query(warehouse, TABLES_SQL, listing) == 0  # what .tables runs
    listed = listing.export_text()
    assert "指标_各机关" in listed and "表三_收到和处理政府信息公开申请情况" in listed


def test_the_workbook_is_ready_to_browse_and_print_with_cells_to_check_marked(tmp_path):
    import openpyxl

    from outputs.export import LEGEND_SHEET, REVIEW_FILL, WORKBOOK, export_pack

    doubtful = report("aa", "花马池镇", 2022, "V2021", A)
    doubtful.review = [ReviewCell("applications", "granted", "total", "fuzzy_label", "标签近似匹配：予以公开")]
    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    record(con, "a.pdf", doubtful)
    record(con, "c.pdf", report("cc", "大水坑镇", 2022, "V2021", C))
    con.close()
    export_pack(tmp_path / "w.duckdb", tmp_path / "pack", Selection(2022))
    book = openpyxl.load_workbook(tmp_path / "pack" / WORKBOOK)
    for ws in book.worksheets:
        if ws.title == LEGEND_SHEET:
            continue
        assert ws.freeze_panes not in (None, "A2") and ws.freeze_panes.endswith("2"), ws.title
        assert ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    assert book["指标_各机关"].freeze_panes == "B2"
    table = book["表三_收到和处理政府信息公开申请情况"]
    headers = [c.value for c in table[1]]
    marked = [(table.cell(row=r, column=1).value, table.cell(row=r, column=headers.index("行代码") + 1).value,
               headers[c - 1], table.cell(row=r, column=c).comment.text)
              for r in range(2, table.max_row + 1) for c in range(1, table.max_column + 1)
              if table.cell(row=r, column=c).fill.fgColor.rgb.endswith(REVIEW_FILL)]
    assert marked == [("花马池镇", "granted", "总计", "标签近似匹配：予以公开")]
    metrics = book["指标_各机关"]
    agencies = {metrics.cell(row=r, column=1).value: metrics.cell(row=r, column=1).fill.fgColor.rgb
                for r in range(2, metrics.max_row + 1)}
    assert agencies["花马池镇"].endswith(REVIEW_FILL) and not agencies["大水坑镇"].endswith(REVIEW_FILL)
    legend = [[c.value for c in row] for row in book[LEGEND_SHEET].iter_rows()]
    assert legend[1][2] == 1 and "待核对" in legend[1][1]


def test_a_correction_runs_the_reports_checks_again_over_the_corrected_values(tmp_path):
    import hashlib

    from tests.conftest import FIXTURES
    from transform.process import process_file

    pdf = FIXTURES / "pdf" / "t07_2021.pdf"  # 行政复议 总计 printed 0, its parts add up to 5
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("sha256,agency,year,table_code,row_code,column_code,corrected_value,reason,corrected_by,"
                           "corrected_on\n", encoding="utf-8")
    con = connect(tmp_path / "w.duckdb", corrections)
    record(con, pdf.name, process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest()))
    con.close()

    def state(path: Path) -> tuple:
        con = connect(tmp_path / "w.duckdb", path)
        status, detail = con.execute("SELECT status, detail FROM source_files").fetchone()
        rules = sorted(r for (r,) in con.execute("SELECT rule FROM validation_issues").fetchall())
        flagged = con.execute("SELECT count(*) FROM cells_to_review WHERE reason = 'in_failed_identity'").fetchone()[0]
        kept = con.execute("SELECT value, current_value FROM facts_provenance WHERE table_code = 'review_litigation' "
                           "AND row_code = 'administrative_review' AND column_code = 'total'").fetchone()
        con.close()
        return status, detail, rules, flagged, kept

    status, _, rules, flagged, _ = state(corrections)
    assert (status, rules) == ("loaded_with_issues", ["review_litigation_total"]) and flagged == 5
    with corrections.open("a", encoding="utf-8") as fh:
        fh.write(",惠安堡镇,2021,review_litigation,administrative_review,total,5,与各项之和核对,李明,2024-03-02\n")
    status, detail, rules, flagged, kept = state(corrections)
    assert (status, rules, flagged, kept) == ("loaded", [], 0, (0.0, 5.0))
    assert "经分析人员更正 1 处后重新校验：0 项未通过" in detail
    with corrections.open("a", encoding="utf-8") as fh:  # a correction that breaks the row's total
        fh.write(",惠安堡镇,2021,applications,new_received,natural_person,9,笔误,李明,2024-03-02\n")
    status, detail, rules, flagged, _ = state(corrections)
    assert status == "loaded_with_issues" and "applications_row_total" in rules and flagged > 0
    assert "经分析人员更正 2 处后重新校验" in detail


def _table_four(values: dict[str, list[str]], loose_row: str, order: list[str]):
    from transform.report import facts_frame
    from transform.tables import PlacedCell

    columns = ["upheld", "corrected", "other_result", "pending", "total"]
    def y(row: str) -> float:
        return 300.0 + 20 * order.index(row)

    cells = [PlacedCell("review_litigation", row, column, value, 1, row, "fuzzy" if row == loose_row else "exact",
                        2 if row == loose_row else 0, column, "exact", None, 100.0 + 50 * j, y(row),
                        140.0 + 50 * j, y(row) + 18)
             for row, row_values in values.items() for j, (column, value) in enumerate(zip(columns, row_values,
                                                                                           strict=True))]
    return facts_frame(cells)


ROWS = {"administrative_review": ["2", "1", "0", "1", "4"], "litigation_direct": ["1", "0", "0", "0", "1"],
        "litigation_after_review": ["0", "0", "0", "0", "0"]}


def test_a_loose_label_the_template_and_identities_confirm_is_not_to_review():
    from transform.checks import check_report
    from transform.review import cells_to_review

    def fuzzy(facts) -> int:
        issues = [i for i in check_report(facts, "V2021") if i.table_code == "review_litigation"]
        return sum(c.reason == "fuzzy_label" for c in cells_to_review(facts, issues, version="V2021"))

    printed = list(ROWS)
    assert fuzzy(_table_four(ROWS, "litigation_direct", printed)) == 0  # in its place, every identity holds
    # the same label printed out of the template's order: the match is a guess
    assert fuzzy(_table_four(ROWS, "litigation_direct", [printed[1], printed[0], printed[2]])) == 5
    broken = ROWS | {"litigation_direct": ["1", "0", "0", "0", "2"]}  # 1 + 0 + 0 + 0 ≠ 2
    assert fuzzy(_table_four(broken, "litigation_direct", printed)) == 5
    missing = {k: v for k, v in ROWS.items() if k != "litigation_after_review"}
    assert fuzzy(_table_four(missing, "litigation_direct", printed)) == 5  # a template row not read
    facts = _table_four(ROWS, "litigation_direct", printed)
    assert sum(c.reason == "fuzzy_label" for c in cells_to_review(facts, [])) == 5  # no template known: flagged
