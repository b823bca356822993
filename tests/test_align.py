"""The template as the prior: labels cut into pieces, header fragments cut by page breaks, and
cells placed by their position only when the identities confirm them."""

from extract.cells import Char, text_of
from extract.grids import Grid
from transform.align import place_by_position
from transform.checks import check_report
from transform.labels import terms_for
from transform.report import facts_frame
from transform.tables import _deepest, group_grids, read_tables

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
COLS10 = [(float(x), float(x + 10)) for x in range(0, 100, 10)]
# V2019 rows of table 三 as printed: (labels, values per column); every identity holds
ROWS = [
    (["一、本年新收政府信息公开申请数量"] * 3, [3, 1, 0, 0, 2, 0, 6]),
    (["二、上年结转政府信息公开申请数量"] * 3, [0, 0, 0, 0, 0, 0, 0]),
    (["三、本年度办理结果", "（一）予以公开", "（一）予以公开"], [2, 1, 0, 0, 1, 0, 4]),
    (["三、本年度办理结果"] + ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] * 2, [0] * 7),
    *[(["三、本年度办理结果", "（三）不予公开", label], [0] * 7) for label in (
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")],
    (["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"], [1, 0, 0, 0, 1, 0, 2]),
    *[(["三、本年度办理结果", "（四）无法提供", label], [0] * 7) for label in (
        "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")],
    *[(["三、本年度办理结果", "（五）不予处理", label], [0] * 7) for label in (
        "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息")],
    (["三、本年度办理结果", "（六）其他处理", "（六）其他处理"], [0] * 7),
    (["三、本年度办理结果", "（七）总计", "（七）总计"], [3, 1, 0, 0, 2, 0, 6]),
    (["四、结转下年度继续办理"] * 3, [0] * 7),
]


def applications_grid(columns: list[str] = COLUMNS, values=None) -> Grid:
    header = [[NOTE] * 3 + ["申请人情况"] * 7, [NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
              [NOTE] * 3 + columns]
    body = [labels + [str(v) for v in (values or {}).get(labels[-1], row)] for labels, row in ROWS]
    return Grid(1, 0, header + body, COLS10)


def read_with_position(grid: Grid):
    read = read_tables([grid])
    extra, unplaced = place_by_position(read, "V2019")
    return {(c.table_code, c.row_code, c.column_code): c for c in read.cells + extra}, unplaced


def test_a_label_cut_into_pieces_is_joined_before_matching():
    columns = terms_for("applications", ("column",))
    assert _deepest(["申请人情况", "法人或其他组织", "商业", "企业"], columns).term.code == "commercial_enterprise"
    assert _deepest(["申请人情况", "总", "计"], columns).term.code == "total"
    # a piece that names a column on its own is still read as itself
    assert _deepest(["申请人情况", "法人或其他组织", "其他"], columns).term.code == "other_org"


def test_lines_of_tightly_set_text_stay_apart():
    # two lines 10 pt apart whose font boxes (12 pt tall) overlap by 2 pt
    first = [Char(c, 10.0 * i, 100.0, 9.0, 94.0, 106.0) for i, c in enumerate("部分公开")]
    second = [Char(c, 10.0 * i, 90.0, 9.0, 84.0, 96.0) for i, c in enumerate("区分处理")]
    quote = Char("“", 45.0, 104.0, 3.0, 94.0, 106.0)  # a small high glyph of the first line
    assert text_of(first + second + [quote]) == "部分公开“\n区分处理"


def test_a_mark_in_a_small_font_box_of_its_own_low_in_the_line_is_on_the_line():
    # LibreOffice Calc sets , and . in a fallback font: their font boxes are a third of the digits'
    digits = [Char(c, 5.0 * i, 100.0, 4.5, 95.5, 104.0) for i, c in enumerate("1 038") if c != " "]
    comma = Char(",", 5.0, 96.0, 1.7, 94.5, 97.7)
    under = [Char(c, 5.0 * i, 88.0, 4.5, 83.5, 92.0) for i, c in enumerate("12")]
    assert text_of(digits + [comma] + under) == "1,038\n12"


def test_a_header_fragment_alone_at_the_foot_of_a_page_opens_the_next_table():
    fragment = Grid(3, 4, [["行政复议", "行政诉讼"]], [(0.0, 50.0), (50.0, 150.0)])
    review = Grid(4, 0, [
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
        ["1", "0", "0", "0", "1"] + ["0"] * 10,
    ], [(float(x), float(x + 10)) for x in range(0, 150, 10)])
    applications = applications_grid()
    groups = group_grids([Grid(2, 0, applications.cells, COLS10), fragment, review])
    assert [(code, len(grids)) for code, grids in groups] == [("applications", 1), ("review_litigation", 2)]
    cells = {(c.row_code, c.column_code): c.printed for c in read_tables([fragment, review]).cells}
    assert cells["administrative_review", "upheld"] == "1"
    assert cells["litigation_after_review", "total"] == "0"


def test_an_unread_column_header_is_placed_by_position_when_the_identities_hold():
    garbled = COLUMNS[:1] + ["商亚xx"] + COLUMNS[2:]  # 商业企业 unreadable
    placed, unplaced = read_with_position(applications_grid(garbled))
    cell = placed["applications", "new_received", "commercial_enterprise"]
    assert (cell.printed, cell.column_method) == ("1", "position")
    assert placed["applications", "total_handled", "commercial_enterprise"].printed == "1"
    assert unplaced == []
    facts = facts_frame(list(placed.values()))
    # every cell of table 三 read, every identity holds (tables 二 and 四 are not in this test)
    assert {i.rule for i in check_report(facts, "V2019")} == {"table_missing"}


def test_a_cell_the_identities_do_not_confirm_stays_unplaced():
    garbled = COLUMNS[:1] + ["商亚xx"] + COLUMNS[2:]
    # the agency's 新收 row does not add up (3 + 5 + 2 ≠ 6): the garbled column's 5 is not placed
    values = {"一、本年新收政府信息公开申请数量": [3, 5, 0, 0, 2, 0, 6]}
    placed, unplaced = read_with_position(applications_grid(garbled, values))
    assert ("applications", "new_received", "commercial_enterprise") not in placed
    assert any(u.printed == "5" for u in unplaced)
    # the other rows of that column are confirmed by their own identities
    assert placed["applications", "granted", "commercial_enterprise"].column_method == "position"


def test_a_cell_placed_in_its_column_by_position_is_kept_when_its_row_total_holds():
    garbled = COLUMNS[:1] + ["商亚xx"] + COLUMNS[2:]  # 商业企业 unreadable
    # the agency's (一)予以公开 row adds up (2 + 2 + 1 = 5) but breaks its columns' outcome sums:
    # the cell is kept as printed, the column's failure reported
    values = {"（一）予以公开": [2, 2, 0, 0, 1, 0, 5]}
    placed, unplaced = read_with_position(applications_grid(garbled, values))
    cell = placed["applications", "granted", "commercial_enterprise"]
    assert (cell.printed, cell.column_method) == ("2", "position")
    assert placed["applications", "unable_not_held", "commercial_enterprise"].column_method == "position"
    assert unplaced == []
    facts = facts_frame(list(placed.values()))
    failed = {(i.rule, i.column_code) for i in check_report(facts, "V2019")}
    assert ("applications_outcome_sum", "commercial_enterprise") in failed


def test_a_row_whose_label_was_not_read_is_placed_between_its_neighbours():
    values = {"（一）予以公开": [2, 1, 0, 0, 1, 0, 4]}
    grid = applications_grid(values=values)
    broken = [r[:] for r in grid.cells]
    at = next(i for i, r in enumerate(broken) if r[2] == "（一）予以公开")
    broken[at][:3] = ["", "", "(壹)予乂公幵"]  # unreadable label
    placed, unplaced = read_with_position(Grid(1, 0, broken, COLS10))
    cell = placed["applications", "granted", "total"]
    assert (cell.printed, cell.row_method) == ("4", "position")
    assert unplaced == []


def test_a_row_whose_own_label_ocr_read_as_nothing_is_not_its_group_s_row():
    # V2021: （六）其他处理 has three members; the second's label cell holds ink OCR read as nothing,
    # so the row is not （六）其他处理 itself (a V2019 row) but the member between its neighbours
    group = "（六）其他处理"
    members = [
        ([group, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], [0] * 7),
        ([group, ""], [0, 0, 1, 0, 0, 0, 1]),
        ([group, "3.其他"], [0] * 7),
    ]
    rows = [(labels, values) for labels, values in ROWS if labels[1] != group]
    at = next(i for i, (labels, _) in enumerate(rows) if labels[1] == "（七）总计")
    rows[at:at] = [(["三、本年度办理结果", *labels], values) for labels, values in members]
    totals = {"（七）总计": [3, 1, 1, 0, 2, 0, 7], "一、本年新收政府信息公开申请数量": [3, 1, 1, 0, 2, 0, 7]}
    header = applications_grid().cells[:3]
    body = [labels + [str(v) for v in totals.get(labels[-1], values)] for labels, values in rows]
    confidence = [[1.0] * 10 for _ in header + body]
    unread = len(header) + at + 1
    confidence[unread][2] = 0.0
    read = read_tables([Grid(1, 0, header + body, COLS10, confidence=confidence)])
    extra, unplaced = place_by_position(read, "V2021")
    placed = {(c.table_code, c.row_code, c.column_code): c for c in read.cells + extra}
    cell = placed["applications", "other_fee_unpaid", "total"]
    assert (cell.printed, cell.row_method) == ("1", "position")
    assert not any(key[1] == "other_handling" for key in placed)
    assert unplaced == []


def test_two_rows_whose_labels_were_not_read_are_placed_in_template_order():
    grid = applications_grid()
    broken = [r[:] for r in grid.cells]
    for wanted, garbled in (("3.要求提供", "3、要求提供么开出板"), ("4.无正当理由", "4无止当埋由大量")):
        at = next(i for i, r in enumerate(broken) if r[2].startswith(wanted))
        broken[at][2] = garbled  # two labels a scan garbled, one after the other
    placed, unplaced = read_with_position(Grid(1, 0, broken, COLS10))
    assert placed["applications", "not_processed_publication", "total"].row_method == "position"
    assert placed["applications", "not_processed_excessive", "legal_service_org"].row_method == "position"
    assert unplaced == []


def test_a_blank_row_whose_label_was_not_read_is_placed_between_its_neighbours_as_blank():
    grid = applications_grid()
    broken = [r[:] for r in grid.cells]
    at = next(i for i, r in enumerate(broken) if r[2].startswith("3.危及"))
    broken[at][2:] = ["3、危X”安全-稳"] + [""] * 7  # garbled by a fax-like scan, its cells blank
    placed, unplaced = read_with_position(Grid(1, 0, broken, COLS10))
    cell = placed["applications", "denied_security_stability", "natural_person"]
    assert (cell.printed, cell.row_method) == ("", "position")
    assert unplaced == []


def test_blank_rows_are_not_placed_where_more_rows_stand_than_the_template_misses():
    grid = applications_grid()
    broken = [r[:] for r in grid.cells]
    at = next(i for i, r in enumerate(broken) if r[2].startswith("3.危及"))
    broken[at][2:] = ["3、危X”安全-稳"] + [""] * 7
    broken.insert(at, ["", "", ""] + [""] * 7)  # a spacer row: two unread rows for one template row
    placed, _ = read_with_position(Grid(1, 0, broken, COLS10))
    assert ("applications", "denied_security_stability", "natural_person") not in placed


def test_no_placement_by_position_without_identities_to_confirm_it():
    # table 二 has no identity: an unread column stays unplaced whatever the order says
    grid = Grid(1, 0, [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年新制作数量", "本年新公开数量", "对X公开X数"],
        ["规章", "1", "2", "3"],
        ["规范性文件", "0", "0", "0"],
    ], [(0.0, 40.0), (40.0, 60.0), (60.0, 80.0), (80.0, 100.0)],
        boxes=[[(float(x), 20.0 * r, x + 20.0, 20.0 * r + 20) for x in (0, 40, 60, 80)] for r in range(4)])
    read = read_tables([grid])
    extra, unplaced = place_by_position(read, "V2019")
    assert extra == []
    assert [u.printed for u in unplaced] == ["3", "0"]
    assert unplaced[0].box == (80.0, 40.0, 100.0, 60.0)  # where to find it on the page


def test_cells_to_review_name_the_cells_of_a_broken_identity_and_those_placed_by_position():
    from transform.review import cells_to_review

    garbled = COLUMNS[:1] + ["商亚xx"] + COLUMNS[2:]
    values = {"一、本年新收政府信息公开申请数量": [4, 1, 0, 0, 2, 0, 7]}  # 新收 one more than the balance allows
    placed, _ = read_with_position(applications_grid(garbled, values))
    facts = facts_frame(list(placed.values()))
    review = cells_to_review(facts, check_report(facts, "V2019"))
    reasons = {(c.row_code, c.column_code, c.reason) for c in review}
    assert ("new_received", "natural_person", "in_failed_identity") in reasons
    assert ("total_handled", "natural_person", "in_failed_identity") in reasons
    assert ("granted", "commercial_enterprise", "placed_by_position") in reasons
    assert all(c.detail and not c.detail.isascii() for c in review)  # sentences for people, in Chinese


def test_glyphs_drawn_on_one_spot_keep_their_drawing_order():
    # a producer squeezed 结果维 into a line two glyphs wide: 维 drawn over 果
    line = [Char("结", 44.8, 342.9, 7.0, 339.1, 346.7, 1), Char("果", 52.8, 342.7, 7.0, 339.1, 346.5, 2),
            Char("维", 52.6, 343.0, 7.0, 339.2, 346.9, 3), Char("持", 52.8, 332.0, 7.0, 328.2, 335.8, 4)]
    assert text_of(line) == "结果维\n持"


def test_a_value_a_failed_row_and_a_failed_column_agree_on_is_offered_not_applied():
    from transform.review import cells_to_review

    values = {"（一）予以公开": [7, 1, 0, 0, 1, 0, 4]}  # 2 misread as 7: its row and its column break
    placed, _ = read_with_position(applications_grid(values=values))
    facts = facts_frame(list(placed.values()))
    review = cells_to_review(facts, check_report(facts, "V2019"))
    offered = [c.detail for c in review if (c.row_code, c.column_code) == ("granted", "natural_person")]
    assert offered and all("都指向 2" in d for d in offered)
    assert placed["applications", "granted", "natural_person"].printed == "7"  # the facts stay as read
    others = [c.detail for c in review if (c.row_code, c.column_code) == ("granted", "total")]
    assert others and not any("都指向" in d for d in others)


def test_a_blank_column_whose_header_was_not_read_is_placed_by_position():
    # a column of blanks under a header OCR read as nothing: still a value column (it stands
    # between value columns), its cells placed by position and listed for review
    garbled = COLUMNS[:3] + [""] + COLUMNS[4:]
    values = {labels[-1]: [v if k != 3 else "" for k, v in enumerate(row)] for labels, row in ROWS}
    placed, unplaced = read_with_position(applications_grid(garbled, values))
    cell = placed["applications", "new_received", "social_welfare_org"]
    assert (cell.printed, cell.column_method) == ("", "position")
    assert sum(key[2] == "social_welfare_org" for key in placed) == len(ROWS)
    assert unplaced == []


def test_a_cell_whose_row_label_and_column_header_were_both_not_read_is_placed_by_both():
    # a faint scan: 科研机构 read as 科|构 (no header), and one row's label unreadable; the row's
    # value under that column is the template's cell at both places, listed for review
    garbled = COLUMNS[:2] + ["科\n构"] + COLUMNS[3:]
    values = {"（一）予以公开": [2, 1, 0, 0, 1, 0, 4]}
    grid = applications_grid(garbled, values)
    broken = [r[:] for r in grid.cells]
    at = next(i for i, r in enumerate(broken) if r[2] == "（一）予以公开")
    broken[at][:3] = ["", "", "(壹)予乂公幵"]
    placed, unplaced = read_with_position(Grid(1, 0, broken, COLS10))
    cell = placed["applications", "granted", "research_institution"]
    assert (cell.printed, cell.row_method, cell.column_method) == ("0", "position", "position")
    assert sum(key[2] == "research_institution" for key in placed) == len(ROWS)
    assert unplaced == []


def test_a_table_split_in_two_on_one_page_with_columns_of_its_own_is_read_as_one():
    # a web page's table 三 cut after row 二 into a second table, laid out with other widths and
    # with the group's name first in each row: it still belongs to 三, its values in order
    grid = applications_grid()
    head = Grid(1, 0, grid.cells[:5], COLS10)
    rest = [["三、本年度办理结果", *row[1:]] for row in grid.cells[5:]]
    widths = [(0.0, 14.0), (14.0, 26.0), (26.0, 31.0)] + [(31.0 + 9.8 * k, 40.8 + 9.8 * k) for k in range(7)]
    tail = Grid(1, 1, rest, widths)
    assert [(code, len(grids)) for code, grids in group_grids([head, tail])] == [("applications", 2)]
    placed = {(c.row_code, c.column_code): c.printed for c in read_tables([head, tail]).cells}
    assert placed["granted", "natural_person"] == "2" and placed["granted", "total"] == "4"
    assert placed["total_handled", "legal_service_org"] == "2"
    assert len(placed) == len(ROWS) * 7


LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
COLS15 = [(float(x), float(x + 10)) for x in range(0, 150, 10)]


def placed_review(header: list[list[str]], values: list[str]):
    """Table 四's cells read from a header and a row of values, with those placed by position."""
    read = read_tables([Grid(3, 0, [*header, values], COLS15)])
    extra, unplaced = place_by_position(read, "V2021")
    return {(c.row_code, c.column_code): c for c in read.cells + extra}, unplaced


def review_without_first_group(values: list[str]):
    """Table 四 whose 行政复议 group label was drawn outside the grid (or left on the page before):
    its first five value columns have their leaves but no group."""
    return placed_review([[""] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5, LEAVES * 3], values)


def test_a_table_four_group_not_read_is_the_one_the_template_misses_when_its_totals_hold():
    placed, unplaced = review_without_first_group(["1", "2", "0", "0", "3", *["0"] * 10])
    cell = placed["administrative_review", "total"]
    assert (cell.printed, cell.row_method) == ("3", "position")
    assert placed["litigation_direct", "upheld"].row_method == "exact"
    assert len(placed) == 15 and unplaced == []


def test_a_table_four_group_not_read_over_a_leaf_not_read_either_is_placed_when_its_total_holds():
    # 未经复议直接起诉 read as 未经复议查接起诉, and its 总计 as 总: both by the template's order
    header = [["行政复议"] * 5 + ["未经复议查接起诉"] * 5 + ["复议后起诉"] * 5, LEAVES + LEAVES[:4] + ["总"] + LEAVES]
    values = ["1", "", "", "3", "4", "1", "", "", "3", "4", "4", "2", "1", "2", "9"]
    placed, unplaced = placed_review(header, values)
    cell = placed["litigation_direct", "total"]
    assert (cell.printed, cell.row_method, cell.column_method) == ("4", "position", "position")
    assert placed["litigation_direct", "upheld"].printed == "1"
    assert len(placed) == 15 and unplaced == []


def test_a_table_four_group_placed_by_position_needs_its_total_to_hold():
    placed, unplaced = review_without_first_group(["1", "2", "0", "0", "4", *["0"] * 10])  # 1 + 2 ≠ 4
    assert ("administrative_review", "upheld") not in placed
    assert [u.printed for u in unplaced] == ["1", "2", "0", "0", "4"]  # flagged, never guessed


def review_with_unread_leaves(values: list[str]):
    """Table 四 whose 结果纠正 and 其他结果 under 行政复议 OCR read as nothing."""
    leaves = ["结果维持", "", "", "尚未审结", "总计"]
    header = [["行政复议"] * 5 + ["行政诉讼"] * 10, ["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
              leaves + LEAVES * 2]
    return placed_review(header, values)


def test_table_four_leaves_not_read_are_the_template_s_columns_of_their_group_when_its_total_holds():
    placed, unplaced = review_with_unread_leaves(["2", "2", "1", "0", "5", *["0"] * 10])
    cell = placed["administrative_review", "corrected"]
    assert (cell.printed, cell.column_method, cell.row_method) == ("2", "position", "exact")
    assert placed["administrative_review", "other_result"].printed == "1"
    assert len(placed) == 15 and unplaced == []


def test_table_four_leaves_placed_by_position_need_their_group_s_total_to_hold():
    placed, unplaced = review_with_unread_leaves(["2", "2", "1", "0", "6", *["0"] * 10])  # 2 + 2 + 1 ≠ 6
    assert ("administrative_review", "corrected") not in placed
    assert sorted(u.printed for u in unplaced) == ["1", "2"]


def test_table_four_as_a_bare_row_of_values_is_placed_in_template_order_when_its_totals_hold():
    from transform.review import cells_to_review

    values = ["1", "2", "0", "0", "3", "0", "0", "1", "0", "1", *["0"] * 5]
    grids = [applications_grid(), Grid(1, 1, [values], COLS15)]  # its header drawn without rules
    read = read_tables(grids)
    extra, unplaced = place_by_position(read, "V2019")
    four = {(c.row_code, c.column_code): c for c in extra if c.table_code == "review_litigation"}
    assert len(four) == 15 and unplaced == []
    assert four["administrative_review", "total"].printed == "3"
    assert four["litigation_direct", "other_result"].printed == "1"
    facts = facts_frame(read.cells + extra)
    review = [c for c in cells_to_review(facts, check_report(facts, "V2019")) if c.table_code == "review_litigation"]
    assert len(review) == 15 and {c.reason for c in review} == {"placed_by_position"}  # one line per cell


def test_a_bare_row_of_table_four_values_opening_the_next_page_is_not_table_three_going_on():
    values = ["1", "2", "0", "0", "3", "0", "0", "1", "0", "1", *["0"] * 5]
    read = read_tables([applications_grid(), Grid(2, 0, [values], COLS15)])
    extra, _ = place_by_position(read, "V2019")
    four = {(c.row_code, c.column_code): c.printed for c in extra if c.table_code == "review_litigation"}
    assert len(four) == 15 and four["administrative_review", "total"] == "3"


def test_a_bare_row_of_values_whose_totals_fail_is_not_taken_for_table_four():
    values = ["1", "2", "0", "0", "9", *["0"] * 10]  # 1 + 2 ≠ 9
    read = read_tables([applications_grid(), Grid(1, 1, [values], COLS15)])
    extra, unplaced = place_by_position(read, "V2019")
    assert not [c for c in extra if c.table_code == "review_litigation" and c.row_code == "administrative_review"]
    assert {u.printed for u in unplaced} >= {"1", "2", "9"}


def test_table_four_printed_blank_under_its_unbordered_header_is_placed_by_the_leaves_above():
    # the groups' names over several columns are cut into pieces by the columns under them (行 |
    # 政复议); each leaf stands over one column, split over two lines
    above = [["", "行", "政复议", *[""] * 6, "行政", "诉讼", *[""] * 4],
             ["结果维", "结果纠", "其他结", "尚未审", "总"] * 3, ["持", "正", "果", "结", "计"] * 3]
    blank = Grid(3, 0, [[""] * 15], COLS15, above=above)
    read = read_tables([applications_grid(), blank])
    extra, _ = place_by_position(read, "V2019")
    four = {(c.row_code, c.column_code): c for c in extra if c.table_code == "review_litigation"}
    assert len(four) == 15 and {c.printed for c in four.values()} == {""}
    assert four["litigation_after_review", "total"].column_method == "position"


def test_a_blank_row_under_text_that_does_not_name_table_four_s_columns_in_order_is_not_table_four():
    above = [["结果纠", "结果维", "其他结", "尚未审", "总"] * 3, ["正", "持", "果", "结", "计"] * 3]  # two swapped
    read = read_tables([applications_grid(), Grid(3, 0, [[""] * 15], COLS15, above=above)])
    assert "review_litigation" not in read.tables_seen


def test_table_four_under_a_caption_beside_a_layouts_empty_column_is_placed_by_the_template_order():
    # a layout's empty navigation column (one region down both rows) beside the content cell's
    # caption (table 四's heading) and the ruled row of values; the header drawn without borders
    # was read above it, cut into pieces, each leaf name under several groups: no evidence alone
    # the caption region holds the heading and the header's lines, as one text
    heading = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n"
               "结果维持结果纠正其他结果尚未审结总计")
    values = ["", "", "4", "", "4", "1", "3", "2", "", "6", "", "", "4", "", "4"]
    nav = (0.0, 0.0, 30.0, 40.0)
    cols = [(0.0, 30.0)] + [(30.0 + 10 * k, 40.0 + 10 * k) for k in range(15)]
    boxes = [[nav] + [(30.0, 0.0, 180.0, 30.0)] * 15,
             [nav] + [(30.0 + 10 * k, 30.0, 40.0 + 10 * k, 40.0) for k in range(15)]]
    leaves = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    grid = Grid(2, 0, [["", *[heading] * 15], ["", *values]], cols, boxes=boxes,
                above=[["", *leaves * 3]])
    cells, _ = read_with_position(grid)
    got = {key: cell.printed for key, cell in cells.items() if key[0] == "review_litigation"}
    assert got["review_litigation", "administrative_review", "other_result"] == "4"
    assert got["review_litigation", "litigation_direct", "corrected"] == "3"
    assert got["review_litigation", "litigation_after_review", "total"] == "4"
    assert len(got) == 15
