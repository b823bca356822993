"""Whole-report decisions made from text and grids, without a PDF."""

from extract.text import PdfText
from transform.report import build_report

TITLE = "盐池县花马池镇2021年政府信息公开工作年度报告\n一、总体情况\n全年公开信息120条。"


def test_tables_printed_as_images_need_ocr():
    result = build_report("x.pdf", "ab", PdfText(pages=[TITLE, "", " "]), grids=[])
    assert result.status == "needs_ocr"
    assert "第 2, 3 页" in result.detail
    # whose report it is is known, for who-has-reported, though nothing is loaded
    assert (result.agency, result.county, result.year) == ("花马池镇", "盐池县", 2021)


def test_a_titled_document_without_tables_is_not_a_report():
    result = build_report("x.pdf", "ab", PdfText(pages=[TITLE + "正文" * 20]), grids=[])
    assert result.status == "not_a_report"
    assert "盐池县花马池镇2021年度报告" in result.detail


def test_inspect_prints_tables_checks_and_marks():
    from outputs.inspect import inspect_file
    from tests.conftest import FIXTURES

    text = inspect_file(FIXTURES / "pdf" / "t12_2020.pdf")
    assert "状态      loaded_with_issues" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "applications_balance" in text
    assert "18!" in text  # new_received of natural persons, part of the broken balance
    assert inspect_file(FIXTURES / "pdf" / "bad_empty.pdf").count("\n") == 2


def test_raster_retry_only_where_a_named_table_was_not_found():
    from extract.grids import Grid, pages_to_retry

    pages = ["正文：全年行政复议结果维持3件、尚未审结1件。", "二、主动公开政府信息情况\n信息内容",
             "收到和处理政府信息公开申请情况"]
    disclosure = Grid(2, 0, [["第二十条第（一）项"] * 4, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]])
    # table 四 is named only in prose on page 1, table 三 on page 3 has no grid: retry page 1 and 3
    assert pages_to_retry(pages, [disclosure]) == [1, 3]
    review = Grid(1, 0, [["行政复议"] * 5 + ["行政诉讼"] * 10, ["结果维持"] * 15])
    assert pages_to_retry(pages, [disclosure, review]) == [3]


def _applications_grid(rows: list[list[str]]):
    from extract.grids import Grid
    from tests.test_tables import APP_HEADER

    return Grid(2, 0, APP_HEADER + rows)


def test_report_level_rules_fire():
    new = ["一、本年新收政府信息公开申请数量"] * 3 + ["1", "0", "0", "0", "0", "0", "1"]
    odd = ["本年新增加的其他奇怪事项合计"] * 3 + ["5", "0", "0", "0", "0", "0", "5"]
    title = PdfText(pages=["盐池县麻黄山乡2022年政府信息公开工作年度报告", ""])
    result = build_report("P0202.pdf", "ab", title, [_applications_grid([new, odd])])
    rules = {i.rule for i in result.issues}
    assert {"template_version_undetermined", "unplaced_cell", "table_missing", "row_missing"} <= rules
    assert result.status == "loaded_with_issues" and result.year == 2022


def test_a_report_without_a_readable_title_is_unidentified_until_file_metadata_names_it():
    from transform.metadata import KnownReport

    new = ["一、本年新收政府信息公开申请数量"] * 3 + ["1", "0", "0", "0", "0", "0", "1"]
    no_title = PdfText(pages=["正文第一页，没有标题。2022年以来……", ""])
    unknown = build_report("P0202.pdf", "ab", no_title, [_applications_grid([new])])
    assert unknown.status == "unidentified" and unknown.facts is None and not unknown.retry  # see test_plan
    assert "data/file_metadata.csv" in unknown.detail and "ab" in unknown.detail
    named = build_report("P0202.pdf", "ab", no_title, [_applications_grid([new])],
                         file_metadata={"ab": KnownReport("麻黄山乡", 2022, "盐池县")})
    assert (named.status, named.agency, named.county, named.year) == ("loaded_with_issues", "麻黄山乡", "盐池县", 2022)
    assert len(named.facts) == 7


def test_a_title_ocr_read_with_a_few_characters_wrong_names_the_report_and_says_so():
    new = ["一、本年新收政府信息公开申请数量"] * 3 + ["1", "0", "0", "0", "0", "0", "1"]
    garbled = PdfText(pages=["2021年盐池县明鸿镇政什信息公川I作年度报告\n本报古根批", ""])
    by_ocr = build_report("scan.pdf", "ab", garbled, [_applications_grid([new])], by_ocr=True)
    named = (by_ocr.status, by_ocr.agency, by_ocr.county, by_ocr.year)
    assert named == ("loaded_with_issues", "明鸿镇", "盐池县", 2021)
    loose = [i for i in by_ocr.issues if i.rule == "title_uncertain"]
    assert len(loose) == 1 and "盐池县明鸿镇" in loose[0].detail and "核对" in loose[0].detail
    # a text layer prints its title as the agency wrote it: no loose reading there
    assert build_report("text.pdf", "ab", garbled, [_applications_grid([new])]).status == "unidentified"


def test_a_title_ocr_read_unsurely_is_in_doubt_though_it_reads_as_a_title():
    new = ["一、本年新收政府信息公开申请数量"] * 3 + ["1", "0", "0", "0", "0", "0", "1"]
    line = "盐他县星兴委员会2021年政府信息公开工作年度报告"  # 池 read as 他, the line at 0.92
    text = PdfText(pages=[line + "\n本报告根据", ""])
    unsure = build_report("scan.pdf", "ab", text, [_applications_grid([new])], by_ocr=True,
                          doubtful_titles=frozenset({("盐他县星兴委员会", 2021)}))
    assert [i.rule for i in unsure.issues if i.rule.startswith("title")] == ["title_uncertain"]
    sure = build_report("scan.pdf", "ab", text, [_applications_grid([new])], by_ocr=True)
    assert not [i for i in sure.issues if i.rule.startswith("title")]


def test_a_document_with_two_reports_tables_is_not_a_report():
    from extract.grids import Grid
    from tests.test_tables import APP_HEADER

    title = PdfText(pages=["淮安市人民政府2023年政府信息公开工作年度报告", ""])
    new_2023 = ["一、本年新收政府信息公开申请数量"] * 3 + ["1", "0", "0", "0", "0", "0", "1"]
    new_2024 = ["一、本年新收政府信息公开申请数量"] * 3 + ["4", "0", "0", "0", "0", "0", "4"]
    twice = build_report("cmp.pdf", "cd", title, [Grid(2, 0, APP_HEADER + [new_2023]),
                                                   Grid(3, 0, [["四、政府信息公开行政复议、行政诉讼情况"]]),
                                                   Grid(4, 0, APP_HEADER + [new_2024])])
    side_by_side = build_report("cmp.pdf", "cd", title, [Grid(2, 0, APP_HEADER + [new_2023, new_2024])])
    for result in (twice, side_by_side):
        assert result.status == "not_a_report" and result.facts is None, result.detail
        assert "不止一份报告" in result.detail


def test_a_cell_a_page_image_gives_two_values_is_a_doubt_about_that_cell_not_a_second_report():
    from extract.grids import Grid
    from tests.test_tables import APP_HEADER

    # a row rule OCR did not find: two rows read as one box each, both placed in one row
    title = PdfText(pages=["盐池县花马池镇2021年政府信息公开工作年度报告", ""])
    new = ["一、本年新收政府信息公开申请数量"] * 3 + ["1", "0", "0", "0", "0", "0", "1"]
    misread = ["一、本年新收政府信息公开申请数量"] * 3 + ["7", "0", "0", "0", "0", "0", "1"]
    grids = [Grid(2, 0, APP_HEADER + [new, misread])]
    scan = build_report("scan.pdf", "ab", title, grids, by_ocr=True)
    assert scan.status == "loaded_with_issues" and len(scan.facts) == 7
    doubts = [c for c in scan.review if c.reason == "ocr_read_twice"]
    assert [(c.row_code, c.column_code) for c in doubts] == [("new_received", "natural_person")]
    assert "“1”" in doubts[0].detail and "“7”" in doubts[0].detail
    # a text layer prints what the agency printed: two values for one cell are two reports
    assert build_report("text.pdf", "ab", title, grids).status == "not_a_report"


def test_inspect_lines_up_chinese_by_display_width():
    from outputs.inspect import inspect_file
    from tests.conftest import FIXTURES

    text = inspect_file(FIXTURES / "pdf" / "t12_2020.pdf")
    table = text.split("三、收到和处理政府信息公开申请情况")[1].split("四、政府信息公开行政复议")[0]
    rows = [line for line in table.splitlines() if line.startswith("   ") and "[" in line]
    assert len(rows) > 20

    def width(s: str) -> int:
        return sum(2 if ord(c) > 0x2E7F else 1 for c in s)

    # the value of the last column (总计) ends in the same terminal column on every row
    assert len({width(line.rstrip()) for line in rows}) == 1, rows[:3]


def test_a_run_tells_its_listener_each_file():
    from flows.progress import listen, stop_listening, tell

    heard = []

    def listener(done: int, total: int, path: str) -> None:
        heard.append((done, total, path))

    listen(listener)
    tell(0, 2, "")
    tell(1, 2, "a.pdf")
    stop_listening(listener)
    tell(2, 2, "b.pdf")
    assert heard == [(0, 2, ""), (1, 2, "a.pdf")]


def test_file_metadata_lines_that_name_no_report_are_each_told(tmp_path):
    from transform.metadata import metadata_problems, read_file_metadata

    path = tmp_path / "file_metadata.csv"
    path.write_text("# 人工命名\nsha256,agency,year,county\nAB12,花马池镇,2022,盐池县\n,青山乡,2022,\n"
                    "ab12,王乐井乡,2021,盐池县\ncd34,青山乡,20x1,\nef56,青山乡,2021,\n", encoding="utf-8")
    assert read_file_metadata(path)["ab12"].agency == "王乐井乡"  # the later line applies
    problems = metadata_problems(path, {"ab12"})
    assert len(problems) == 4
    assert "第 4 行未应用" in problems[0] and "第 5 行与第 3 行指向同一文件" in problems[1]
    assert "第 6 行未应用" in problems[2] and "第 7 行的 sha256（ef56…）不是已见过的任何文件" in problems[3]


def test_a_scan_loads_with_its_doubts_listed_once_a_quarter_of_its_cells_are_sure():
    import pandas as pd

    from transform.model import template_cells
    from transform.process import OCR_MIN_SURE, _unless_mostly_doubtful
    from transform.report import ReportResult
    from transform.review import ReviewCell

    cells = [(table, row, column) for table, rows in template_cells("V2021").items()
             for row, columns in rows for column in columns]
    least = int(OCR_MIN_SURE * len(cells)) + 1  # the fewest sure cells that load

    def scan(read: int, doubtful: int, reason: str = "ocr_low_confidence") -> ReportResult:
        facts = pd.DataFrame(cells[:read], columns=["table_code", "row_code", "column_code"]).assign(value=1.0)
        review = [ReviewCell(*cell, reason, "") for cell in cells[:doubtful]]
        return _unless_mostly_doubtful(ReportResult("s.pdf", "ab", "loaded_with_issues", "", facts=facts,
                                                    review=review, template_version="V2021"))

    assert scan(least + 40, 40).status == "loaded_with_issues"  # 40 doubts, listed, do not hold it back
    poor = scan(least + 40, 41)
    assert poor.status == "needs_ocr" and poor.facts is None
    assert f"{len(cells)} 个单元格中的 {least - 1} 个" in poor.detail
    # a value that breaks an identity is no doubt about the reading
    assert scan(least, least, reason="in_failed_identity").status == "loaded_with_issues"
