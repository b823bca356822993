"""Grids as camelot hands them over (merged cells repeated) → placed cells."""

from extract.grids import Grid
from transform.report import facts_frame
from transform.tables import classify_grid, map_columns, read_tables
from transform.version import detect_version

APP_HEADER = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3 + ["申请人情况"] * 7,
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3
    + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3
    + ["自然人", "商 业 企\n业", "科研机\n构", "社会公益\n组织", "法律服务\n机构", "其他", "总计"],
]
OUTCOME = "三、\n本\n年\n度\n办\n理\n结\n果"
COLS10 = [(float(x), float(x + 10)) for x in range(0, 100, 10)]


def row(labels: list[str], values: list[str]) -> list[str]:
    return labels + values


def placed(grids: list[Grid]) -> dict[tuple[str, str, str], str]:
    return {(c.table_code, c.row_code, c.column_code): c.printed for c in read_tables(grids).cells}


def test_applications_split_across_pages_with_a_broken_group_label():
    page4 = Grid(4, 0, APP_HEADER + [
        row(["一、本年新收政府信息公开申请数量"] * 3, ["3001", "53", "0", "0", "61", "4", "3119"]),
        row([OUTCOME, "（四）无", "1.本机关不掌握相关政府信息"], ["746", "12", "0", "0", "10", "1", "769"]),
    ], COLS10)
    page5 = Grid(5, 0, [
        row(["", "法提供", "2.没有现成信息需要另行制作"], ["11", "0", "0", "0", "0", "0", "11"]),
        row(["", "（七）总计", "（七）总计"], ["2932", "53", "0", "0", "61", "4", "3050"]),
    ], COLS10)
    got = placed([page4, page5])
    assert got["applications", "new_received", "natural_person"] == "3001"
    assert got["applications", "new_received", "total"] == "3119"
    assert got["applications", "unable_not_held", "legal_service_org"] == "10"
    assert got["applications", "unable_needs_creation", "natural_person"] == "11"
    assert got["applications", "total_handled", "total"] == "3050"
    assert len(got) == 4 * 7


def test_a_row_cut_by_the_page_break_is_joined_to_its_numbers():
    page1 = Grid(1, 0, APP_HEADER + [
        row([OUTCOME, "（五）不予处理", "5.要求行政机关确认或重新出"], [""] * 7),
    ], COLS10)
    page2 = Grid(2, 0, [
        row(["", "", "具已获取信息"], ["1", "0", "0", "0", "0", "0", "1"]),
    ], COLS10)
    got = placed([page1, page2])
    assert got["applications", "not_processed_confirm_reissue", "natural_person"] == "1"
    assert got["applications", "not_processed_confirm_reissue", "total"] == "1"


def test_a_row_whose_values_the_page_break_cut_is_joined_line_by_line():
    # a word processor lets a row break across pages: 16 wrapped in its narrow cell, 1 at the foot of
    # page 1 and 6 at the top of page 2, under the rest of the turned group label only
    page1 = Grid(1, 0, APP_HEADER + [
        row([OUTCOME[:2]] * 2 + ["（一）予以公开"], ["17", "", "18", "36", "8", "1", "95"]),
    ], COLS10)
    page2 = Grid(2, 0, [
        row([OUTCOME[2:], "", ""], ["", "", "", "", "", "6", ""]),
        row([OUTCOME[2:], "（二）部分公开", "（二）部分公开"], ["", "2", "", "2", "", "", "4"]),
    ], COLS10)
    got = placed([page1, page2])
    assert got["applications", "granted", "other_org"] == "1\n6"
    assert got["applications", "granted", "natural_person"] == "17"
    assert got["applications", "partially_granted", "total"] == "4"
    assert not read_tables([page1, page2]).unplaced


def test_an_unlabelled_row_read_by_ocr_is_not_taken_for_the_rest_of_the_row_before():
    # an OCR'd label may be ink read as nothing: its numbers are not the digits of the row above
    page1 = Grid(1, 0, APP_HEADER + [row([OUTCOME] * 2 + ["（一）予以公开"], ["1"] * 7)], COLS10)
    page2 = Grid(2, 0, [row([OUTCOME, "", ""], ["6"] * 7)], COLS10, confidence=[[0.99] * 10])
    got = placed([page1, page2])
    assert got["applications", "granted", "other_org"] == "1"
    assert len(read_tables([page1, page2]).unplaced) == 7


def test_a_cut_rows_group_label_across_the_value_columns_at_a_page_foot_heads_no_column():
    # a browser cuts the group's row at the page break with its value cells' rules undrawn: the
    # group's label is one region over every value column, and no column's name
    page1 = Grid(1, 0, APP_HEADER + [
        row([OUTCOME, "（三）不予公开", "3.危及“三安全一稳定”"], ["", "2", "", "1", "", "", "3"]),
        row([OUTCOME] + ["（三）不予公开"] * 9, []),
    ], COLS10)
    page2 = Grid(2, 0, [row([OUTCOME, "", "4.保护第三方合法权益"], ["1", "2", "2", "2", "", "", "7"])], COLS10)
    cells = {(c.row_code, c.column_code): c for c in read_tables([page1, page2]).cells}
    assert cells["denied_third_party_rights", "total"].printed == "7"
    assert cells["denied_third_party_rights", "commercial_enterprise"].column_method == "exact"


def test_the_next_section_printed_under_a_tables_last_row_does_not_name_the_table():
    # a page layout's cell around table 三's last part and, under it, section 四 (its table too)
    part = Grid(3, 0, [
        row([OUTCOME, "（七）总计", "（七）总计"], ["40", "60", "27", "27", "17", "4", "175"]),
        row(["四、结转下年度继续办理"] * 3, ["3", "0", "0", "0", "0", "0", "3"]),
        ["四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n1 0 0 1 2"] * 10,
    ], COLS10)
    assert classify_grid(part) == "applications"


def test_a_layout_cell_holding_the_table_before_over_a_tables_first_row_does_not_name_it():
    # a page layout's cell (its text repeats table 三 printed in it, and ends with section 四's
    # heading) over table 四's rows, all one grid: the rows under it tell the table
    before = ("三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：…）申请人情况 自然人 商业企业\n"
              "一、本年新收政府信息公开申请数量 1 2\n（七）总计 3 4\n四、政府信息公开行政复议、行政诉讼情况")
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    part = Grid(2, 3, [[before] * 15, ["行政复议"] * 5 + ["行政诉讼"] * 10,
                       ["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5, leaves * 3, ["1"] * 15],
                [(float(x), float(x + 10)) for x in range(0, 150, 10)])
    assert classify_grid(part) == "review_litigation"
    heading_only = Grid(2, 3, [[before] * 10, row([OUTCOME, "（七）总计", "（七）总计"], ["1"] * 7)], COLS10)
    assert classify_grid(heading_only) == "applications"  # no marker under it: the whole grid votes


def test_a_part_with_widths_of_its_own_under_a_header_cell_spanning_two_columns_keeps_its_values_apart():
    # table 二's block (八) has two value columns where the blocks above have three: its last header
    # cell spans two grid columns, and the part printed on under it (a web page's table split in
    # two) has widths of its own, both its values under that one cell by position
    blocks = Grid(1, 0, [
        ["第二十条第（五）项"] * 4,
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "1675", "0", "0"],
        ["第二十条第（八）项"] * 4,
        ["信息内容", "上一年项目数量", "本年增/减", "本年增/减"],
    ], [(0.0, 100.0), (100.0, 200.0), (200.0, 300.0), (300.0, 400.0)])
    fees = Grid(1, 1, [["行政事业性收费", "0", "+3"]], [(0.0, 150.0), (150.0, 275.0), (275.0, 400.0)])
    got = placed([blocks, fees])
    assert got["active_disclosure", "administrative_fees", "items_last_year"] == "0"
    assert got["active_disclosure", "administrative_fees", "items_change"] == "+3"
    assert got["active_disclosure", "administrative_license", "decisions"] == "0"


def test_a_last_row_printed_as_a_part_of_two_cells_under_a_block_of_four_is_its_row():
    # table 二's block (八) in V2021: one value cell spanning the three value columns; the part
    # printed on under it (a web page's table split in two) is one row of two cells, its label
    # cell reaching under the block's value columns. The two parts share only their frame's sides
    block = Grid(1, 0, [
        ["第二十条第（八）项"] * 4,
        ["信息内容", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）", "本年收费金额（单位：万元）"],
    ], [(34.0, 186.0), (186.0, 316.0), (316.0, 447.0), (447.0, 578.0)])
    fees = Grid(1, 1, [["行政事业性收费", "12.5"]], [(34.0, 460.0), (460.0, 578.0)])
    assert placed([block, fees])["active_disclosure", "administrative_fees", "fee_amount_10k_yuan"] == "12.5"
    # the same inside a page layout's cell: the part keeps the layout's navigation column, whose
    # right side is the block's left
    block = Grid(1, 0, block.cells, [(148.0, 269.0), (269.0, 374.0), (374.0, 478.0), (478.0, 583.0)])
    fees = Grid(1, 1, [["", "行政事业性收费", "12.5"]], [(33.0, 148.0), (148.0, 489.0), (489.0, 583.0)])
    assert placed([block, fees])["active_disclosure", "administrative_fees", "fee_amount_10k_yuan"] == "12.5"


def test_a_merged_cell_repeated_into_a_sliver_row_under_it_is_no_value_of_its_own():
    # a double rule's lines drawn apart under a row part some cells: the sliver between holds the
    # cells above that no rule parted from it, their printed values repeated
    cells = APP_HEADER + [
        row(["一、本年新收政府信息公开申请数量"] * 3, ["7", "67", "42", "37", "66", "23", "242"]),
        row(["二、上年结转政府信息公开申请数量"] * 3, ["0"] * 7),
        row([""] * 3, ["", "", "", "", "0", "0", "0"]),
    ]
    boxes = [[(10.0 * j, 10.0 * i, 10.0 * j + 10, 10.0 * i + 10) for j in range(10)] for i in range(len(cells))]
    boxes[-1][7:] = boxes[-2][7:]  # the same regions as the cells above
    read = read_tables([Grid(1, 0, cells, COLS10, boxes=boxes)])
    assert not read.unplaced
    assert len(read.cells) == 14


def test_a_part_with_widths_of_its_own_whose_first_value_column_is_blank_in_every_row_keeps_it():
    # a web page's table split in two: no number under 自然人 in the second part, whose columns are
    # matched to the first part's in order: all seven of them, not six from the right
    first = row(["一、本年新收政府信息公开申请数量"] * 3, ["10", "21", "11", "18", "20", "10", "90"])
    upper = Grid(1, 0, APP_HEADER + [first], COLS10)
    cols = [(3.0, 33.0), (33.0, 57.0)] + [(57.0 + 5 * k, 62.0 + 5 * k) for k in range(7)]
    lower = Grid(1, 1, [
        ["（一）予以公开", "（一）予以公开", "", "3", "", "2", "", "", "5"],
        ["（三）不予公开", "1.属于国家秘密", "", "2", "", "2", "2", "", "6"],
    ], cols)
    got = placed([upper, lower])
    assert got["applications", "granted", "natural_person"] == ""
    assert got["applications", "granted", "commercial_enterprise"] == "3"
    assert got["applications", "denied_state_secret", "total"] == "6"


def test_a_part_with_widths_of_its_own_keeps_a_column_whose_name_ocr_misread():
    # the first part's 社会公益组织 read as 社企公格组 (a column all the same, a name of its own): the
    # second part's seven value columns are matched to seven, 自然人 first, not six from the right
    header = [list(r) for r in APP_HEADER]
    header[2][6] = "社企公格组"
    first = row(["一、本年新收政府信息公开申请数量"] * 3, ["20", "19", "10", "13", "18", "17", "97"])
    upper = Grid(1, 0, header + [first], COLS10)
    cols = [(3.0, 33.0), (33.0, 57.0)] + [(57.0 + 5 * k, 62.0 + 5 * k) for k in range(7)]
    lower = Grid(1, 1, [["（一）予以公开", "（一）予以公开", "2", "3", "", "", "2", "", "7"]], cols)
    got = placed([upper, lower])
    assert got["applications", "granted", "natural_person"] == "2"
    assert got["applications", "granted", "commercial_enterprise"] == "3"
    assert got["applications", "granted", "legal_service_org"] == "2"
    assert ("applications", "granted", "social_welfare_org") not in got  # its column named nothing


def test_the_end_of_a_column_name_overflowing_into_the_cell_under_it_is_not_the_value():
    # reportlab lets a long header overflow its cell: 织 of 社会公益组织 printed over the 55 under it
    header = [list(r) for r in APP_HEADER]
    header[2][6] = "社会公\n益组"
    values = ["65", "62", "6", "织\n55", "6", "5", "199"]
    got = placed([Grid(1, 0, header + [row(["一、本年新收政府信息公开申请数量"] * 3, values)], COLS10)])
    assert got["applications", "new_received", "social_welfare_org"] == "55"
    values[3] = "其\n55"  # no column's name: the cell stays as printed, for a person
    got = placed([Grid(1, 0, header + [row(["一、本年新收政府信息公开申请数量"] * 3, values)], COLS10)])
    assert got["applications", "new_received", "social_welfare_org"] == "其\n55"


def test_values_under_a_header_left_open_whose_leaves_ocr_did_not_read_stay_under_their_columns():
    # table 四's header at a page's foot, two leaves under 行政复议 read as nothing: its values on the
    # next page, under the same rules, are no part printed with widths of its own
    cols15 = [(10.0 * k, 10.0 * k + 10) for k in range(15)]
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = Grid(1, 0, [["行政复议"] * 5 + ["行政诉讼"] * 10,
                         ["维持", "", "", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
                         ["维持", "", "", "尚未审结", "总计"] + leaves * 2], cols15)
    values = Grid(2, 0, [["2", "2", "1", "0", "5", "1", "0", "0", "1", "2", "2", "3", "3", "1", "9"]], cols15)
    read = read_tables([header, values])
    got = {(c.table_code, c.row_code, c.column_code): c.printed for c in read.cells}
    assert got["review_litigation", "administrative_review", "total"] == "5"
    assert got["review_litigation", "litigation_direct", "pending"] == "1"
    # the values under the unread leaves kept, under their group, for the template to place
    assert [u.printed for u in read.unplaced] == ["2", "2", "1"]
    assert all(u.path[-1] == "行政复议" for u in read.unplaced[1:])
    assert got["review_litigation", "litigation_after_review", "total"] == "9"


def test_a_value_under_a_column_the_header_left_open_does_not_name_is_matched_in_order():
    # block (八)'s header opens page 2 in three columns, the third a margin no name heads, and its
    # value row is printed with widths of its own: its number, under that margin by position, is
    # the block's one value
    blocks = Grid(1, 0, [
        ["第二十条第（六）项"] * 4,
        ["信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项"] * 4,
    ], [(35.0, 106.0), (106.0, 168.0), (168.0, 231.0), (231.0, 293.0)])
    header = Grid(2, 1, [["信息内容", "本年收费金额（单位：万元）", ""]],
                  [(35.0, 106.0), (106.0, 293.0), (293.0, 577.0)])
    fees = Grid(2, 2, [["行政事业性收费", "3.26"]], [(35.0, 521.0), (521.0, 577.0)])
    got = placed([blocks, header, fees])
    assert got["active_disclosure", "administrative_fees", "fee_amount_10k_yuan"] == "3.26"


def header_on_page_one(natural: str = "自然人", total: str = "总计", stubs: bool = False) -> Grid:
    """Table 三's first header rows at the foot of page 1, in 4 grid columns (the rest of the header
    on page 2, in 10); with ``stubs``, a row with no text under them (cut cells OCR read as nothing)."""
    rows = [APP_HEADER[0][2:4] + ["申请人情况"] * 2, [APP_HEADER[0][0], natural, "法人或其他组织", total]]
    return Grid(1, 0, rows + ([[""] * 4] if stubs else []), [(0.0, 30.0), (30.0, 40.0), (40.0, 90.0), (90.0, 100.0)])


def test_a_header_cut_by_the_page_break_is_continued():
    # page 1 holds the first header rows in 4 grid columns, page 2 the rest in 10
    page1 = header_on_page_one()
    page2 = Grid(2, 0, [
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        row(["一、本年新收政府信息公开申请数量"] * 3, ["", "", "", "", "", "", ""]),
    ], COLS10)
    got = placed([page1, page2])
    assert set(got) == {("applications", "new_received", c) for c in (
        "natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total")}


def test_a_header_cut_by_the_page_break_goes_on_past_the_blank_stubs_of_its_cells():
    # a scan: the page break cut the header cells, whose stubs OCR read as a row with no text
    page1 = header_on_page_one("自", "总", stubs=True)
    page2 = Grid(2, 0, [
        ["", "", "", "然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "计"],
        row(["一、本年新收政府信息公开申请数量"] * 3, ["1", "", "", "", "", "", "1"]),
    ], COLS10)
    got = placed([page1, page2])
    assert got["applications", "new_received", "natural_person"] == "1"
    assert got["applications", "new_received", "total"] == "1"
    assert len(got) == 7


def test_a_vertical_header_that_lost_its_character_on_the_page_break_still_names_its_column():
    # 结果纠正 and 尚未审结 printed one character a line, cut by the page break: 结 / 纠正 and 尚 / 审结
    top = ["结\n果\n维", "结", "其\n他\n结", "尚", "总"]
    bottom = ["持", "纠\n正", "果", "审\n结", "计"]
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = Grid(2, 1, [["行政复议"] * 5 + ["行政诉讼"] * 10,
                         top + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5], COLS15)
    rest = Grid(3, 0, [bottom + leaves * 2, ["1", "4", "0", "3", "8", *["0"] * 10]], COLS15)
    got = placed([header, rest])
    assert got["review_litigation", "administrative_review", "corrected"] == "4"
    assert got["review_litigation", "administrative_review", "pending"] == "3"
    assert len(got) == 15


def test_a_number_among_the_labels_is_never_a_piece_of_a_label_cut_by_a_page_break():
    from transform.labels import terms_for
    from transform.tables import _deepest

    # a value standing in a column its block does not have: 行政事业性收费 + 0 is one edit from the
    # label, but a number is no character of a vertical label; the row's own label stays unread
    found = _deepest(["行政事业性收费", "0"], terms_for("active_disclosure", ("row",)))
    assert (found.term.code, found.method, found.printed) == ("administrative_fees", "exact", "行政事业性收费")


def test_a_label_ocr_read_as_a_number_left_of_the_row_labels_is_no_value_column():
    # the turned group label 三、本年度办理结果 read as "1" on the page after a header cut by the
    # page break: the columns right of it hold labels, not values
    page1 = header_on_page_one()
    page2 = Grid(2, 0, [
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        row(["一、本年新收政府信息公开申请数量"] * 3, ["68", "14", "21", "29", "29", "47", "208"]),
        row(["1", "（一）予以公开", "（一）予以公开"], ["25", "", "", "16", "12", "27", "80"]),
        row(["1", "（三）不予公开", "1.属于国家秘密"], ["1", "2", "1", "", "", "", "4"]),
    ], COLS10)
    got = placed([page1, page2])
    assert got["applications", "new_received", "total"] == "208"
    assert got["applications", "granted", "natural_person"] == "25"
    assert got["applications", "denied_state_secret", "commercial_enterprise"] == "2"
    assert len(got) == 3 * 7


def test_active_disclosure_blocks_and_a_continuation_with_merged_value_cells():
    cols4 = [(0.0, 25.0), (25.0, 50.0), (50.0, 75.0), (75.0, 100.0)]
    page3 = Grid(3, 0, [
        ["第二十条 第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["第二十条 第（八）项"] * 4,
        ["信息内容"] + ["本年收费金额（单位：万元）"] * 3,
    ], cols4)
    page4 = Grid(4, 0, [["行政事业性收费", "96171.6"]], [(0.0, 25.0), (25.0, 100.0)])
    got = placed([page3, page4])
    assert got == {
        ("active_disclosure", "rules", "issued"): "1",
        ("active_disclosure", "rules", "repealed"): "0",
        ("active_disclosure", "rules", "in_force"): "11",
        ("active_disclosure", "administrative_fees", "fee_amount_10k_yuan"): "96171.6",
    }


def test_review_litigation_rows_come_from_the_column_groups():
    leaves = ["结 果\n维持", "结 果\n纠正", "其 他 结\n果", "尚 未\n审结", "总计"]
    grid = Grid(5, 1, [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        leaves + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        leaves * 3,
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"],
    ])
    got = placed([grid])
    assert got["review_litigation", "administrative_review", "total"] == "351"
    assert got["review_litigation", "litigation_direct", "upheld"] == "13"
    assert got["review_litigation", "litigation_after_review", "pending"] == "6"
    assert len(got) == 15


def test_blank_and_slash_cells_are_placed_and_kept_apart():
    grid = Grid(2, 0, APP_HEADER + [row(["二、上年结转政府信息公开申请数量"] * 3, ["/", "", "0", "/", "/", "/", "/"])])
    facts = facts_frame(read_tables([grid]).cells)
    kinds = dict(zip(facts["column_code"], facts["value_kind"], strict=True))
    assert kinds["natural_person"] == "not_applicable"
    assert kinds["commercial_enterprise"] == "blank"
    assert kinds["research_institution"] == "number"
    assert facts["value"].isna().sum() == 6


def test_text_in_a_number_cell_is_kept_unparsed_not_zero():
    garbled = row(["一、本年新收政府信息公开申请数量"] * 3, ["三", "0", "0", "0", "0", "0", "3"])
    grid = Grid(2, 0, APP_HEADER + [garbled])
    facts = facts_frame(read_tables([grid]).cells)
    natural = facts[facts["column_code"] == "natural_person"].iloc[0]
    assert (natural["value_kind"], natural["printed"]) == ("unparsed", "三")
    assert natural["value"] != natural["value"]  # NaN: no number was printed


def test_version_is_detected_from_labels_not_year():
    v2019 = [("active_disclosure", "rules", "newly_made"), ("applications", "other_handling", "total")]
    v2021 = [("active_disclosure", "rules", "issued"), ("applications", "other_other", "total")]
    assert detect_version(v2019) == "V2019"
    assert detect_version(v2021) == "V2021"
    assert detect_version([("applications", "granted", "total")]) is None


def test_map_columns_by_position_then_by_right_edge():
    prev = [(0.0, 25.0), (25.0, 50.0), (50.0, 75.0), (75.0, 100.0)]
    assert map_columns(prev, [(0.0, 25.0), (25.0, 100.0)], 2) == [0, 2]
    assert map_columns(prev, [], 2) == [2, 3]
    assert map_columns([], [(0.0, 1.0)], 1) == [None]


def test_review_litigation_printed_transposed():
    grid = Grid(4, 0, [
        ["类别", "类别", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "行政复议", "1", "0", "0", "0", "1"],
        ["行政诉讼", "未经复议直接起诉", "0", "2", "0", "0", "2"],
        ["行政诉讼", "复议后起诉", "0", "0", "0", "3", "3"],
    ])
    got = placed([grid])
    assert got["review_litigation", "administrative_review", "upheld"] == "1"
    assert got["review_litigation", "litigation_direct", "corrected"] == "2"
    assert got["review_litigation", "litigation_after_review", "total"] == "3"
    assert len(got) == 15


def test_table_four_numbers_alone_on_the_next_page():
    cols15 = [(float(x), float(x + 10)) for x in range(0, 150, 10)]
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    header = Grid(5, 1, [["行政复议"] * 5 + ["行政诉讼"] * 10,
                         leaves + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5, leaves * 3], cols15)
    numbers = Grid(6, 0, [["1", "0", "0", "0", "1", "0", "0", "0", "2", "2", "0", "0", "0", "0", "0"]], cols15)
    got = placed([header, numbers])
    assert got["review_litigation", "administrative_review", "upheld"] == "1"
    assert got["review_litigation", "litigation_direct", "pending"] == "2"
    assert len(got) == 15


REVIEW_HEADER = [
    ["行政复议"] * 5 + ["行政诉讼"] * 10,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]
COLS15 = [(float(x), float(x + 10)) for x in range(0, 150, 10)]


def test_one_misread_value_does_not_make_table_four_value_row_a_header():
    values = ["1", "0", "0-", "0", "1", "0", "0", "0", "0", "0", "2", "0", "0", "0", "2"]
    got = placed([Grid(3, 0, REVIEW_HEADER + [values], COLS15)])
    assert got["review_litigation", "administrative_review", "upheld"] == "1"
    assert got["review_litigation", "litigation_after_review", "total"] == "2"
    assert got["review_litigation", "administrative_review", "other_result"] == "0-"  # kept, reported unparsable
    assert len(got) == 15


def test_a_digit_read_as_one_hanzi_does_not_make_table_four_value_row_a_header():
    values = ["", "4", "2", "1", "7", "", "", "", "3", "3", "二", "4", "", "", "5"]  # 1 read as 二
    got = placed([Grid(3, 0, REVIEW_HEADER + [values], COLS15)])
    assert got["review_litigation", "administrative_review", "total"] == "7"
    assert got["review_litigation", "litigation_after_review", "upheld"] == "二"  # kept, reported unparsable
    assert len(got) == 15


def test_a_page_s_repeated_header_of_another_block_places_nothing():
    # Chromium repeats table 二's first header (第（一）项: 本年制发件数 …) at the top of the next
    # page, over a row of block （六）: no template cell is 行政强制 × 本年制发件数, so its values
    # stay unplaced (listed), never loaded under another block's columns
    cols4 = [(0.0, 25.0), (25.0, 50.0), (50.0, 75.0), (75.0, 100.0)]
    page2 = Grid(2, 0, [
        ["第二十条 第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["行政强制", "0", "-1", "908"],
    ], cols4)
    read = read_tables([page2])
    assert [c for c in read.cells if c.row_code == "administrative_enforcement"] == []
    assert sorted(u.printed for u in read.unplaced) == ["-1", "0", "908"]


def test_the_first_header_repeated_over_a_later_block_s_row_leaves_it_under_its_own_block():
    # Chromium repeats table 二's first header (a thead) at the top of the next page; the row under
    # it is of block （六）, which began on the page before: it keeps （六）'s column
    cols4 = [(0.0, 25.0), (25.0, 50.0), (50.0, 75.0), (75.0, 100.0)]
    opening = [["第二十条 第（一）项"] * 4, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    page1 = Grid(1, 0, [
        *opening,
        ["规章", "1", "0", "11"],
        ["第二十条 第（六）项"] * 4,
        ["信息内容"] + ["本年处理决定数量"] * 3,
        ["行政处罚"] + ["12"] * 3,
    ], cols4)
    page2 = Grid(2, 0, [*opening, ["行政强制"] + ["908"] * 3], cols4)
    got = placed([page1, page2])
    assert got[("active_disclosure", "administrative_enforcement", "decisions")] == "908"
    assert got[("active_disclosure", "administrative_penalty", "decisions")] == "12"
    assert got[("active_disclosure", "rules", "issued")] == "1"
    assert not any(k[1] == "administrative_enforcement" and k[2] != "decisions" for k in got)


def test_of_two_blanks_under_one_header_the_doubtful_one_is_kept():
    # a scan's rule broken in two splits a column: a clean blank and ink OCR read as nothing stand
    # under one header; the doubt (confidence 0) must be the cell kept, so that it is listed
    from transform.tables import PlacedCell, _first_per_key

    def cell(printed: str, confidence: float | None) -> PlacedCell:
        return PlacedCell("active_disclosure", "rules", "issued", printed, 1, "规章", "exact", 0, "本年制发件数",
                          "exact", ocr_confidence=confidence)

    clean, inked, printed = cell("", None), cell("", 0.0), cell("0", 0.99)
    assert _first_per_key([clean, inked]) == [inked]
    assert _first_per_key([inked, printed]) == [printed]


def test_a_header_printed_above_the_grid_names_its_columns_only_when_each_is_a_different_column():
    values = ["1", "2", "3", "4", "5", "6", "21"]
    above = [["", "", "", "申请人情况", "", "", "", "", "", ""],
             ["", "", "自然", "商业", "科研", "社会公益", "法律服务", "其", "总"] + [""],
             ["", "", "人", "企业", "机构", "组织", "机构", "他", "计"] + [""]]
    # the header's lines split into the grid's columns (extract/cells.py: text_above), over the
    # value columns 3-9 right of the three label columns
    shifted = [r[:2] + [""] + r[2:9] for r in above]
    grid = Grid(1, 0, [row(["一、本年新收政府信息公开申请数量"] * 3, values)], COLS10, above=shifted)
    got = placed([grid])
    assert got["applications", "new_received", "natural_person"] == "1"
    assert got["applications", "new_received", "total"] == "21"
    # two value columns under one name: the header is no evidence, nothing is placed
    twice = [r[:] for r in shifted]
    twice[1][5], twice[2][5] = "商业", "企业"
    assert placed([Grid(1, 0, [row(["一、本年新收政府信息公开申请数量"] * 3, values)], COLS10, above=twice)]) == {}


def test_a_group_name_left_alone_on_the_page_before_its_member_is_that_member_s_row():
    page1 = Grid(1, 0, APP_HEADER + [
        row([OUTCOME, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
            ["0"] * 7),
        row([OUTCOME, "（六）其他处理", ""], [""] * 7),
    ], COLS10)
    page2 = Grid(2, 0, [
        [""] * 10,  # the sliver under a rule drawn double
        row(["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], ["1"] * 7),
    ], COLS10)
    got = placed([page1, page2])
    assert got["applications", "other_fee_unpaid", "natural_person"] == "1"
    assert not any(key[1] == "other_handling" for key in got)


def test_the_rest_of_a_table_split_on_its_page_with_widths_of_its_own_goes_on_in_the_order_of_its_headers():
    upper = Grid(1, 0, APP_HEADER + [row(["一、本年新收政府信息公开申请数量"] * 3, ["1"] * 6 + ["6"])], COLS10)
    # no marker, columns of its own, one label column: the table's value columns in order
    rest = Grid(1, 1, [["四、结转下年度继续办理", "2", "0", "0", "0", "0", "0", "2"]],
                [(0.0, 30.0)] + [(30.0 + 5 * k, 35.0 + 5 * k) for k in range(7)])
    got = placed([upper, rest])
    assert got["applications", "carried_out", "natural_person"] == "2"
    assert got["applications", "carried_out", "total"] == "2"


def test_a_continuing_part_whose_header_merged_two_columns_keeps_its_values_in_place():
    # the block 第二十条第（九）项 over a part with rules of its own: a rule of another block splits
    # 采购总金额 into two grid columns that repeat its text (one merged cell), not two values
    upper = Grid(1, 0, [["第二十条第（九）项"] * 4, ["信息内容", "采购项目数量", "采购总金额", "采购总金额"]],
                 [(0.0, 40.0), (40.0, 60.0), (60.0, 80.0), (80.0, 100.0)])
    lower = Grid(2, 0, [["政府集中采购", "9", "24252.31", "24252.31"]],
                 [(0.0, 40.0), (40.0, 60.0), (60.0, 66.0), (66.0, 78.0)])  # both under 采购总金额
    got = placed([upper, lower])
    assert got["active_disclosure", "government_procurement", "procurement_items"] == "9"
    assert got["active_disclosure", "government_procurement", "procurement_amount_yuan"] == "24252.31"


def test_a_turned_group_label_spilt_under_the_last_rule_of_a_page_heads_nothing():
    page1 = Grid(1, 0, APP_HEADER + [
        row([OUTCOME, "（一）予以公开", "（一）予以公开"], [""] * 7),
        [OUTCOME] * 10,  # the turned label's cell past the page's last rule, one region across the grid
    ], COLS10)
    page2 = Grid(2, 0, [row(["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] * 1 + [""], [""] * 7)],
                 COLS10)
    got = placed([page1, page2])
    assert ("applications", "partially_granted", "natural_person") in got
    assert ("applications", "partially_granted", "total") in got


def test_a_blank_part_keeps_its_columns_when_a_header_name_was_misread():
    # OCR read 商业企业 as 商业机—构: the header names six columns of seven, and the next page's part,
    # every value cell blank, must not be squeezed into six
    header = [list(r) for r in APP_HEADER]
    header[2][4] = "商业机\n—构"
    page1 = Grid(1, 0, header + [row(["一、本年新收政府信息公开申请数量"] * 3, [""] * 7)], COLS10)
    page2 = Grid(2, 0, [row([OUTCOME, "（五）不予处理", "2.重复申请"], [""] * 7)], COLS10)
    got = placed([page1, page2])
    on_page_two = {key[2] for key in got if key[1] == "not_processed_duplicate"}
    assert on_page_two == {key[2] for key in got if key[1] == "new_received"}
    assert "legal_service_org" in on_page_two and "total" in on_page_two


def test_a_squeezed_blank_part_with_a_retyped_label_and_the_next_heading_under_it_gets_its_columns():
    # a web page's second part, every value cell blank, its seven columns squeezed into three, a
    # label retyped (3.他 for 3.其他) and section 四's heading under it inside a layout's frame
    page1 = Grid(1, 0, APP_HEADER + [row(["一、本年新收政府信息公开申请数量"] * 3, [""] * 7)], COLS10)
    cols = [(0.0, 10.0), (10.0, 20.0), (20.0, 30.0), (30.0, 31.0), (31.0, 32.0), (32.0, 33.0)]
    page2 = Grid(2, 0, [
        [OUTCOME, "（六）其他处理", "3.他", "", "", ""],
        [OUTCOME, "（七）总计", "（七）总计", "", "", ""],
        ["四、政府信息公开行政复议、行政诉讼情况"] * 6,
    ], cols)
    got = placed([page1, page2])
    assert {key[2] for key in got if key[1] == "other_other"} == {key[2] for key in got if key[1] == "new_received"}
    assert len([key for key in got if key[1] == "total_handled"]) == 7


def test_a_blank_row_whose_label_lost_its_last_character_under_the_header_is_a_row():
    # not the rest of the header: 一、本年新收政府信息公开申请数(量) names its row by prefix
    grid = Grid(1, 0, APP_HEADER + [
        row(["一、本年新收政府信息公开申请数"] * 3, [""] * 7),
        row(["二、上年结转政府信息公开申请数量"] * 3, ["1", "0", "0", "0", "0", "0", "1"]),
    ], COLS10)
    got = placed([grid])
    assert got["applications", "new_received", "natural_person"] == ""
    assert got["applications", "carried_in", "total"] == "1"


def test_a_layout_grid_holding_two_tables_parted_by_a_heading_reads_both():
    # a portal's layout cell around tables 二 and 三 joins them into one grid: the cell's text over
    # them (title, prose, 二's heading), table 二's first block, 三's heading, then 三's header
    prose = "2022年某某乡政府信息公开工作年度报告……全年主动公开政府信息38条。二、主动公开政府信息情况"
    heading = "三、收到和处理政府信息公开申请情况"
    cells = [
        [prose] * 10,
        ["第二十条第（一）项"] * 10,
        ["信息内容"] * 3 + ["本年制发件数"] * 3 + ["本年废止件数"] * 2 + ["现行有效件数"] * 2,
        ["规章"] * 3 + ["10"] * 3 + ["36"] * 2 + ["583"] * 2,
        [heading] * 10,
        *APP_HEADER,
        row(["一、本年新收政府信息公开申请数量"] * 3, ["50", "14", "17", "41", "48", "27", "197"]),
    ]
    got = placed([Grid(1, 0, cells, COLS10)])
    assert got["active_disclosure", "rules", "issued"] == "10"
    assert got["active_disclosure", "rules", "repealed"] == "36"
    assert got["active_disclosure", "rules", "in_force"] == "583"
    assert got["applications", "new_received", "natural_person"] == "50"
    assert got["applications", "new_received", "total"] == "197"



def test_a_continuing_part_whose_two_equal_values_fall_under_one_header_cell_goes_on_in_value_order():
    # block (六) over a part with widths of its own: 行政强制's last two values, two cells (two
    # boxes) both 0, would fall under 本年增/减 by x position; equal numbers are not one merged cell
    upper = Grid(1, 0, [["第二十条第（六）项"] * 4, ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                        ["行政处罚", "1", "2", "3"]], [(0.0, 40.0), (40.0, 60.0), (60.0, 80.0), (80.0, 100.0)])
    cols = [(0.0, 40.0), (40.0, 60.0), (60.0, 66.0), (66.0, 72.0)]
    lower = Grid(1, 1, [["行政强制", "5", "0", "0"]], cols, boxes=[[(a, 0.0, b, 10.0) for a, b in cols]])
    got = placed([upper, lower])
    assert got["active_disclosure", "administrative_enforcement", "items_last_year"] == "5"
    assert got["active_disclosure", "administrative_enforcement", "decisions"] == "0"


def test_table_four_s_value_row_with_a_digit_read_as_a_hanzi_beside_digits_is_still_its_value_row():
    # OCR read one merged cell of the value row as "12 业" (a lost rule, a digit read as 业); a blank
    # sliver under the row: the value row stays the values, its odd cell unparsed and listed, and the
    # sliver's blanks never stand for the printed numbers
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    grid = Grid(3, 1, [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        leaves + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        leaves * 3,
        ["1", "1", "1", "/", "12 业", "12 业", "12 业", "1", "1", "3", "3", "4", "4", "4", "7"],
        [""] * 15,
    ])
    got = placed([grid])
    assert got["review_litigation", "administrative_review", "upheld"] == "1"
    assert got["review_litigation", "litigation_direct", "total"] == "3"
    assert got["review_litigation", "administrative_review", "total"] == "12 业"
