"""The corrections file read strictly: bad lines are rejected with a sentence, good ones apply."""

from __future__ import annotations

from tests.test_warehouse import HEADER, report, values
from transform.corrections import parse_corrections
from transform.labels import load_vocabulary
from warehouse.load import connect, record

GOOD = ",花马池镇,2022,applications,new_received,total,17,checked the paper copy,李明,2024-03-02\n"


def parse(text: str, encoding: str = "utf-8"):
    return parse_corrections(text.encode(encoding), load_vocabulary())


def test_a_value_that_is_not_a_number_rejects_its_line_with_a_sentence():
    lines = [f",花马池镇,{year},applications,new_received,total,{v},r,me,2024-03-02"
             for year, v in ((2022, "12O"), (2022, "abc"), (2022, '"1,234"'), (2022, "17"), (2021, ""))]
    read = parse(HEADER + "\n".join(lines) + "\n")
    assert [(r.line, r.problem.split("不是数字")[0]) for r in read.rejected] == [
        (1, "corrected_value“12O”"), (2, "corrected_value“abc”"), (3, "corrected_value“1,234”")]
    assert [(c.line, c.corrected_value) for c in read.accepted] == [(4, 17.0), (5, None)]  # empty = blank


def test_unknown_codes_short_rows_and_unnamed_reports_are_rejected():
    read = parse(HEADER
                 + ",花马池镇,2022,applications,granted_typo,total,1,r,me,2024-03-02\n"
                 + ",花马池镇,2022,applications,granted,everyone,1,r,me,2024-03-02\n"
                 + ",花马池镇,2022,appeals,granted,total,1,r,me,2024-03-02\n"
                 + ",花马池镇,2022,applications,granted\n"
                 + ",,,applications,granted,total,1,r,me,2024-03-02\n")
    problems = [r.problem for r in read.rejected]
    assert len(problems) == 5 and not read.accepted
    assert "row_code“granted_typo”既不是表三的行代码，也不是行标签" in problems[0]
    assert "column_code“everyone”" in problems[1]
    assert "table_code“appeals”" in problems[2]
    assert problems[3] == "此行有 5 个字段，而表头有 10 个。"
    assert "没有指明报告" in problems[4]


def test_columns_are_read_by_name_in_any_order_and_in_gbk_or_with_a_bom():
    reordered = ("corrected_value,column_code,row_code,table_code,year,agency,sha256,reason,corrected_by,"
                 "corrected_on\n17,total,new_received,applications,2022,花马池镇,,核对纸质件,李明,2024-03-02\n")
    for raw in (reordered.encode("gbk"), reordered.encode("utf-8-sig"), reordered.encode("utf-8")):
        (c,) = parse_corrections(raw, load_vocabulary()).accepted
        assert (c.agency, c.year, c.row_code, c.corrected_value, c.reason) == (
            "花马池镇", 2022, "new_received", 17.0, "核对纸质件")


def test_an_empty_file_or_a_header_alone_is_no_corrections():
    for raw in (b"", b"\n\n", HEADER.encode()):
        read = parse_corrections(raw, load_vocabulary())
        assert (read.accepted, read.rejected) == ([], [])


def test_a_missing_column_rejects_every_line_and_the_warehouse_still_loads(tmp_path):
    csv = tmp_path / "corrections.csv"
    csv.write_text("agency,year,table_code,column_code,corrected_value\n花马池镇,2022,applications,total,5\n")
    con = connect(tmp_path / "w.duckdb", csv)
    record(con, "a.pdf", report("aa", "7", "2023-01-05T00:00:00", "a.pdf"))
    assert values(con) == [("a.pdf", 7.0)]
    assert con.execute("SELECT line, problem FROM corrections_unmatched").fetchall() == [
        (1, "文件表头缺少列 row_code。")]


def test_bad_lines_are_listed_with_their_reason_and_the_good_line_applies(tmp_path):
    csv = tmp_path / "corrections.csv"
    csv.write_bytes((HEADER + ",花马池镇,2022,applications,new_received,total,12O,typo,李明,2024-03-02\n"
                     + GOOD + "aa,,,applications,granted,total,1,r,李明,2024-03-02\n").encode("gbk"))
    con = connect(tmp_path / "w.duckdb", csv)
    record(con, "a.pdf", report("aa", "7", "2023-01-05T00:00:00", "a.pdf"))
    assert values(con) == [("a.pdf", 17.0)]
    unmatched = con.execute("SELECT line, row_code, problem FROM corrections_unmatched ORDER BY line").fetchall()
    assert [(line, row) for line, row, _ in unmatched] == [(1, None), (3, "granted")]
    assert "“12O”不是数字" in unmatched[0][2]
    assert unmatched[1][2] == "此更正找不到当前报告中对应的单元格。"


def test_a_cell_may_be_named_by_its_chinese_labels_as_printed():
    read = parse("agency,year,table_code,row_code,column_code,corrected_value,reason\n"
                 "花马池镇,2022,表三,1.属于国家秘密,法律服务机构,3,核对纸质件\n"
                 "花马池镇,2021,三、收到和处理政府信息公开申请情况,1、属于国家秘密,法律服务机构,3,r\n"
                 "花马池镇,2022,表四,复议后起诉,总计,2,r\n"
                 "花马池镇,2022,applications,denied_state_secret,总计,3,r\n")
    assert not read.rejected
    assert [(c.table_code, c.row_code, c.column_code) for c in read.accepted] == [
        ("applications", "denied_state_secret", "legal_service_org"),
        ("applications", "denied_state_secret", "legal_service_org"),
        ("review_litigation", "litigation_after_review", "total"),
        ("applications", "denied_state_secret", "total")]


def test_an_unknown_or_ambiguous_label_is_refused_with_candidates_never_guessed():
    from dataclasses import replace

    read = parse("agency,year,table_code,row_code,column_code,corrected_value,reason\n"
                 "花马池镇,2022,表三,国家秘密啊,法律服务机构,3,r\n"
                 "花马池镇,2022,表五,granted,total,3,r\n")
    assert not read.accepted
    assert "最接近的是：1.属于国家秘密 (denied_state_secret)" in read.rejected[0].problem
    assert "表二、表三、表四" in read.rejected[1].problem
    # a vocabulary where two rows share a label: the label names neither
    vocabulary = load_vocabulary()
    twin = next(t for t in vocabulary if t.code == "granted")
    doubled = (*vocabulary, replace(twin, code="granted_again"))
    read = parse_corrections("agency,year,table_code,row_code,column_code,corrected_value,reason\n"
                             "花马池镇,2022,表三,（一）予以公开,总计,3,r\n".encode(), doubled)
    assert not read.accepted
    assert "指向表三中不止一个行" in read.rejected[0].problem


def test_a_correction_in_chinese_labels_shows_in_facts_long_and_in_provenance(tmp_path):
    csv = tmp_path / "corrections.csv"
    csv.write_text("agency,year,table_code,row_code,column_code,corrected_value,reason\n"
                   "花马池镇,2022,表三,一、本年新收政府信息公开申请数量,总计,17,核对纸质件\n", encoding="utf-8")
    con = connect(tmp_path / "w.duckdb", csv)
    record(con, "a.pdf", report("aa", "7", "2023-01-05T00:00:00", "a.pdf"))
    assert values(con) == [("a.pdf", 17.0)]
    assert con.execute("SELECT value, current_value, correction_reason FROM facts_provenance").fetchall() == [
        (7.0, 17.0, "核对纸质件")]


def test_every_line_ending_excel_writes_is_read_and_a_quoted_break_stays_in_its_field():
    other = ",花马池镇,2022,applications,granted,total,3,\"two\nlines\",李明,2024-03-02"
    for end in ("\r", "\r\n", "\n"):
        text = HEADER.replace("\n", end) + GOOD.replace("\n", end) + other.replace("\n", end) + end
        read = parse(text)
        assert [(c.row_code, c.corrected_value) for c in read.accepted] == [("new_received", 17.0),
                                                                            ("granted", 3.0)], repr(end)
        assert read.rejected == []


def test_garbage_bytes_reject_their_line_and_the_others_apply():
    raw = (HEADER + GOOD).encode("utf-8") + b",\xff\xfe\x00\x01,2022,applications,granted\x00,total,1,r,me,2024-03-02\n"
    read = parse_corrections(raw, load_vocabulary())
    assert [c.row_code for c in read.accepted] == ["new_received"]
    assert len(read.rejected) == 1 and read.rejected[0].line == 2


def test_two_lines_for_one_cell_are_a_conflict_and_neither_applies():
    read = parse(HEADER + GOOD + GOOD.replace(",17,", ",18,") + GOOD.replace("new_received", "granted"))
    assert [c.row_code for c in read.accepted] == ["granted"]
    assert [(r.line, "第 1、2 行更正同一个单元格" in r.problem) for r in read.rejected] == [(1, True), (2, True)]
