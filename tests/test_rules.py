"""Ruled lines read from pdfium's path objects, and the grids camelot builds from them."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from extract.grids import _camelot_grids, read_grids
from extract.rules import Shape, _classify, _compose, merged_rules, page_shapes
from tests.conftest import FIXTURES


def test_two_points_make_a_line_and_a_closed_quadrilateral_a_rectangle() -> None:
    assert _classify([(10, 5), (0, 5)], False, False, True, False) == Shape("line", 0, 5, 10, 5, True, False)
    square = [(0, 0), (4, 0), (4, 2), (0, 2)]
    assert _classify(square, True, False, False, True) == Shape("rect", 0, 0, 4, 2, False, True)
    assert _classify([*square, (0, 0)], False, False, True, False) == Shape("rect", 0, 0, 4, 2, True, False)


def test_curves_open_polylines_and_slanted_shapes_are_not_rules() -> None:
    assert _classify([(0, 0), (5, 5)], False, True, True, False) is None
    assert _classify([(0, 0), (4, 0), (4, 2), (0, 2)], False, False, True, False) is None
    assert _classify([(0, 0), (4, 1), (3, 3), (-1, 2)], True, False, True, False) is None


def test_matrices_compose_in_pdf_order() -> None:
    scale, shift = (2, 0, 0, 2, 0, 0), (1, 0, 0, 1, 10, 20)
    assert _compose(scale, shift) == (2, 0, 0, 2, 10, 20)  # scale, then shift
    assert _compose(shift, scale) == (2, 0, 0, 2, 20, 40)  # shift, then scale


def test_page_shapes_reads_lines_rectangles_and_form_contents(tmp_path: Path) -> None:
    pdf = tmp_path / "shapes.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(300, 300))
    c.line(10, 100, 110, 100)
    c.rect(20, 20, 50, 30, stroke=1, fill=0)
    c.rect(200, 20, 0.5, 80, stroke=0, fill=1)  # a rule drawn as a thin filled rectangle
    c.bezier(0, 0, 10, 30, 20, 30, 30, 0)
    c.beginForm("rules")
    c.line(0, 0, 40, 0)
    c.endForm()
    c.saveState()
    c.translate(100, 200)
    c.doForm("rules")
    c.restoreState()
    c.save()
    doc = pdfium.PdfDocument(str(pdf))
    try:
        shapes = {(s.kind, round(s.x0), round(s.y0), round(s.x1), round(s.y1), s.stroke, s.fill)
                  for s in page_shapes(doc[0])}
    finally:
        doc.close()
    assert shapes == {
        ("line", 10, 100, 110, 100, True, False),
        ("rect", 20, 20, 70, 50, True, False),
        ("rect", 200, 20, 200, 100, False, True),
        ("line", 100, 200, 140, 200, True, False),  # inside the form, moved by its placement
    }


@pytest.mark.parametrize("name", ["t01_2021.pdf", "d23_2023.pdf", "t04_2020.pdf"])
def test_grids_match_camelots_own_layout_analysis(name: str) -> None:
    """The same grids, cell for cell, as camelot's handler finds with its full layout analysis; the
    column rules where camelot puts them, within a point (camelot gives rules within 2 pt of
    each other their mean position, the grid here each rule's own)."""
    pdf = FIXTURES / "pdf" / name
    doc = pdfium.PdfDocument(str(pdf))
    pages = list(range(1, len(doc) + 1))
    doc.close()
    theirs = _camelot_grids(pdf, pages, "vector")
    ours = read_grids(pdf, pages)
    assert len(ours) >= 3
    assert [(g.page, g.cells) for g in ours] == [(g.page, g.cells) for g in theirs]
    for mine, camelots in zip(ours, theirs, strict=True):
        assert [x for col in mine.cols for x in col] == pytest.approx([x for col in camelots.cols for x in col],
                                                                      abs=1.0)


def test_rules_drawn_as_an_image_need_the_raster_engine(tmp_path: Path) -> None:
    """A grid printed as a picture has no path objects: the vector reading finds nothing, and
    camelot's raster engine (the pipeline's fallback) finds it, its cells filled from the text."""
    from PIL import Image, ImageDraw
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    scale = 4  # image pixels per point
    xs, ys = [100, 250, 350], [700, 670, 640]  # points, origin bottom left
    image = Image.new("L", ((xs[-1] - xs[0]) * scale + 4, (ys[0] - ys[-1]) * scale + 4), 255)
    draw = ImageDraw.Draw(image)
    for x in xs:
        draw.line([((x - xs[0]) * scale + 2, 0), ((x - xs[0]) * scale + 2, image.height)], fill=0, width=3)
    for y in ys:
        draw.line([(0, (ys[0] - y) * scale + 2), (image.width, (ys[0] - y) * scale + 2)], fill=0, width=3)
    png = tmp_path / "grid.png"
    image.save(png)
    pdf = tmp_path / "image_grid.pdf"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(pdf))
    c.drawImage(str(png), xs[0] - 0.5, ys[-1] - 0.5, width=image.width / scale, height=image.height / scale)
    c.setFont("STSong-Light", 9)
    for label, value, y in (("主动公开规章数", "3", ys[0] - 20), ("现行有效件数", "12", ys[1] - 20)):
        c.drawString(xs[0] + 5, y, label)
        c.drawString(xs[1] + 5, y, value)
    c.save()
    assert read_grids(pdf, [1]) == []
    grids = read_grids(pdf, [1], engine="raster")
    assert [g.cells for g in grids] == [[["主动公开规章数", "3"], ["现行有效件数", "12"]]]


def test_rules_drawn_twice_a_few_points_apart_are_one():
    from extract.rules import Shape, merged_rules

    # two cells drawn as boxes with 2 px between them (HTML's separate borders), as Chromium prints
    # them: thin filled rectangles; and a row rule 12 points lower that stays its own
    boxes = [Shape("rect", 10, 100, 60, 100.8, False, True), Shape("rect", 62.3, 100, 120, 100.8, False, True),
             Shape("rect", 10, 102.2, 60, 103.0, False, True), Shape("rect", 59.2, 80, 60, 103, False, True),
             Shape("rect", 62.3, 80, 63.1, 103, False, True), Shape("line", 10, 88, 120, 88, True, False)]
    rules = merged_rules(boxes)
    horizontal = sorted(r for r in rules if r[1] == r[3])
    vertical = [r for r in rules if r[0] == r[2]]
    assert len(horizontal) == 2 and horizontal[0][1] == 88 and horizontal[1][0] == 10 and horizontal[1][2] == 120
    assert len(vertical) == 1 and 59 < vertical[0][0] < 63


def test_a_dashed_rule_drawn_as_filled_three_sided_dashes_is_one_rule():
    from extract.rules import merged_rules

    # Chromium's dashed border: each dash a filled subpath of four corners, not closed
    dashes = [_classify([(x, 50), (x + 3, 50), (x + 3, 50.6), (x, 50.6)], False, False, False, True)
              for x in range(10, 100, 5)]
    assert all(d is not None and d.kind == "rect" for d in dashes)
    assert [tuple(round(v, 3) for v in r) for r in merged_rules(dashes)] == [(10, 50.3, 98, 50.3)]


def test_a_dotted_rule_is_a_run_of_dots_and_a_lone_dot_is_none():
    from extract.rules import dotted_rules, merged_rules

    def dot(x: float, y: float) -> Shape:
        return Shape("rect", x, y, x + 0.8, y + 0.8, False, True)

    across = [dot(x, 200) for x in range(10, 60, 2)]
    down = [dot(100, y) for y in range(100, 150, 2)]
    lone = [dot(300, 300), dot(302, 300)]  # two dots: a speck, a colon, not a rule
    found = [tuple(round(v, 3) for v in r) for r in dotted_rules(across + down + lone)]
    assert found == [(10, 200.4, 58.8, 200.4), (100.4, 100, 100.4, 148.8)]
    assert len(merged_rules(across + down + lone)) == 2


def test_the_dots_of_narrow_columns_dotted_sides_make_those_sides_not_a_rule_across_them():
    from extract.rules import dotted_rules

    def dot(x: float, y: float) -> Shape:
        return Shape("rect", x, y, x + 0.75, y + 0.75, False, True)

    # Chromium's 1 px dotted border: one square a dot, every 1.5 pt; three columns 4.5 pt wide put
    # their sides' dots side by side, 3.75 pt apart, at every height
    sides = [dot(x, y) for x in (450.75, 455.25, 459.75) for y in (100 + 1.5 * k for k in range(8))]
    found = [tuple(round(v, 3) for v in r) for r in dotted_rules(sides)]
    assert found == [(451.125, 100, 451.125, 111.25), (455.625, 100, 455.625, 111.25),
                     (460.125, 100, 460.125, 111.25)]

    # two tables printed flush, one's dotted foot on the other's dotted top: dots touching in pairs
    # across, in long runs along; two rules along, none across
    flush = [dot(10 + 1.5 * k, y) for k in range(40) for y in (200, 200.75)]
    assert sorted(r[1] for r in dotted_rules(flush)) == [200.375, 201.125]


def test_a_report_whose_tables_are_printed_without_any_rule_found_is_unreadable_not_a_non_report(tmp_path):
    import hashlib

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from transform.process import process_file

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = tmp_path / "unruled.pdf"
    c = canvas.Canvas(str(pdf))
    c.setFont("STSong-Light", 12)
    lines = ((780, "盐池县青山乡2021年政府信息公开工作年度报告"), (700, "三、收到和处理政府信息公开申请情况"),
             (680, "申请人情况   自然人   商业企业   总计"), (660, "一、本年新收政府信息公开申请数量   3   0   3"),
             (600, "四、政府信息公开行政复议、行政诉讼情况"), (580, "结果维持   结果纠正   尚未审结   总计"))
    for y, text in lines:
        c.drawString(60, y, text)  # the tables' texts, and no line drawn at all
    c.save()
    result = process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert result.status == "unreadable", result.detail
    assert "表三、表四" in result.detail and "框线" in result.detail
    assert (result.agency, result.year) == ("青山乡", 2021)  # who has reported: the body is known


def rect(x0: float, y0: float, x1: float, y1: float) -> Shape:
    """A cell's box stroked as a rectangle."""
    return Shape("rect", x0, y0, x1, y1, stroke=True, fill=False)


def test_a_border_side_drawn_as_a_thin_trapezoid_is_a_rule() -> None:
    # a browser's inset border: the top side of a cell in one grey, its ends cut at 45° where the
    # sides of the other grey meet it
    top = [(0.0, 100.0), (50.0, 100.0), (49.25, 99.25), (0.75, 99.25)]
    assert _classify(top, True, False, False, True) == Shape("rect", 0.0, 99.25, 50.0, 100.0, False, True)
    # a thick slanted polygon is no rule, filled or not
    assert _classify([(0, 0), (4, 1), (3, 3), (-1, 2)], True, False, False, True) is None


def test_merged_rules_still_meet_the_rules_that_met_their_members() -> None:
    # a frame 3 points outside the cells: the frame's side and the cells' left side merge into one
    # rule between them, and the row rules that started at the cells' side reach it
    frame = [Shape("line", 30.0, 0.0, 30.0, 100.0, True, False)]
    cells = [rect(33.0, y, 80.0, y + 20.0) for y in (10.0, 30.0, 50.0)]
    rules = merged_rules(frame + cells)
    (left,) = [x0 for x0, y0, x1, y1 in rules if x0 == x1 and x0 < 40]
    starts = {round(x0, 2) for x0, y0, x1, y1 in rules if y0 == y1}
    assert starts == {round(left, 2)}


def camelot_grid(rows: list[list[int]], n_cols: int) -> list[list]:
    """camelot cells, 10 points a side, with a rule after each column listed for each row (the
    frame, columns 0 and n_cols - 1's outer sides, ruled in every row)."""
    from camelot.core import Cell

    grid = []
    for r, rules in enumerate(rows):
        row = []
        for c in range(n_cols):
            cell = Cell(c * 10.0, 100.0 - (r + 1) * 10, (c + 1) * 10.0, 100.0 - r * 10)
            cell.left = c == 0 or (c - 1) in rules
            cell.right = c == n_cols - 1 or c in rules
            cell.top = cell.bottom = True
            row.append(cell)
        grid.append(row)
    return grid


def test_two_tables_joined_by_their_frames_are_cut_apart_each_with_its_own_columns() -> None:
    from extract.cells import flush_parts

    upper = [[1, 4, 6]] * 3          # a table of four columns over the union's eight
    lower = [[0, 2, 3, 5]] * 2       # another of five, its rules elsewhere
    parts = flush_parts(camelot_grid(upper + lower, 8))
    assert [len(part) for part in parts] == [3, 2]
    assert [len(part[0]) for part in parts] == [4, 5]
    assert [(cell.x1, cell.x2) for cell in parts[0][0]] == [(0.0, 20.0), (20.0, 50.0), (50.0, 70.0), (70.0, 80.0)]
    # one table whose header merges columns its body separates: never cut
    header_over_body = [[3]] + [[1, 3, 5]] + [[0, 1, 2, 3, 4, 5, 6]] * 3
    assert len(flush_parts(camelot_grid(header_over_body, 8))) == 1


def test_a_page_layout_cell_around_a_table_is_no_column_of_it() -> None:
    from extract.cells import flush_parts

    # a page layout's navigation column (no row rule crosses it) left of a table of three columns,
    # under which a table of other widths is printed flush: each part keeps its own columns only
    grid = camelot_grid([[0, 2, 4]] * 4 + [[0, 1, 3]] * 3, 6)
    for r, row in enumerate(grid):
        if r < len(grid) - 1:
            row[0].bottom = grid[r + 1][0].top = False
    parts = flush_parts(grid)
    assert [len(part[0]) for part in parts] == [3, 3]
    assert [(cell.x1, cell.x2) for cell in parts[0][0]] == [(10.0, 30.0), (30.0, 50.0), (50.0, 60.0)]
    assert [(cell.x1, cell.x2) for cell in parts[1][0]] == [(10.0, 20.0), (20.0, 40.0), (40.0, 60.0)]


def test_a_page_layout_cell_around_one_table_alone_is_no_column_of_it() -> None:
    from extract.cells import flush_parts

    # one table inside a page layout's cell, its frame merged with the layout's: the navigation
    # column left of it and the margin right of it (no row rule crosses either) are left out
    grid = camelot_grid([[0, 2, 4]] * 4, 6)
    for r, row in enumerate(grid):
        if r < len(grid) - 1:
            for c in (0, 5):
                row[c].bottom = grid[r + 1][c].top = False
    (part,) = flush_parts(grid)
    assert [(cell.x1, cell.x2) for cell in part[0]] == [(10.0, 30.0), (30.0, 50.0)]
    # a table whose every column a row rule crosses is returned as it is
    plain = camelot_grid([[0, 2, 4]] * 4, 6)
    assert flush_parts(plain) == [plain]


def test_rows_with_few_rules_between_two_joined_tables_go_with_the_table_they_share_rules_with() -> None:
    from extract.cells import flush_parts

    # table 二's later block (a caption, then a row whose value spans three columns: one rule)
    # before table 三: the block stays with table 二
    upper = [[1, 3, 5]] * 2 + [[]] + [[1]] * 2
    lower = [[0, 2, 4, 6]] * 3
    parts = flush_parts(camelot_grid(upper + lower, 8))
    assert [len(part) for part in parts] == [5, 3]


def test_a_spanned_header_row_under_a_printed_heading_line_starts_its_table() -> None:
    from extract.cells import flush_parts

    # a spreadsheet's printed grid: the heading line's text covers columns 0–4, the grid goes on
    # after it; table 四's first header row (行政复议 | 行政诉讼) has one rule, where the heading's
    # text ends too; it heads table 四, with the rows under it
    heading = [list(range(4, 14))]
    spanned = [[4]]
    table = [[0, 1, 2, 3, 4, 9]] + [list(range(14))] * 2
    parts = flush_parts(camelot_grid(heading + spanned + table, 15))
    assert [len(part) for part in parts] == [1, 4]


def test_a_rule_found_on_an_image_starts_where_the_grid_has_a_line_across_it():
    """A turned label's ink beside a rule made it start inside the first column: camelot then set
    no edge from it, and the two rows it parts were read as one (a web page's table picture)."""
    from extract.grids import rules_onto_grid

    vertical = [(9.5, 500.0, 9.5, 700.0), (34.3, 500.0, 34.3, 700.0), (68.2, 500.0, 68.2, 700.0)]
    horizontal = [(25.0, 576.4, 514.8, 576.4), (9.5, 594.1, 514.8, 594.1), (40.0, 590.0, 60.0, 590.0)]
    moved, _ = rules_onto_grid(horizontal, vertical, 2)
    assert moved == [(34.3, 576.4, 514.8, 576.4),  # onto the first boundary it crosses
                     (9.5, 594.1, 514.8, 594.1),  # on a boundary already: left alone
                     (40.0, 590.0, 60.0, 590.0)]  # crosses no boundary (a dash in a cell): left alone
    _, down = rules_onto_grid([(0.0, 650.0, 99.0, 650.0), (0.0, 600.0, 99.0, 600.0)],
                              [(34.3, 560.0, 34.3, 662.0), (68.2, 560.0, 68.2, 651.0)], 2)
    assert down == [(34.3, 560.0, 34.3, 650.0), (68.2, 560.0, 68.2, 651.0)]  # a vertical one from its top


def test_two_narrow_columns_rules_with_text_between_stay_two_however_rules_chain_them() -> None:
    from extract.rules import merged_rules

    # a flush table's lower part with value columns 5.6 points wide: its rules at 554.7 and 560.3,
    # and the upper part's rule at 558.6 meeting both end to end
    lower = [Shape("line", 554.7, 40, 554.7, 214, True, False), Shape("line", 560.3, 40, 560.3, 214, True, False)]
    upper = [Shape("line", 558.6, 214, 558.6, 271, True, False)]
    glyphs = [(557.5, 100.0)]  # a "/" in the narrow column
    xs = sorted(round(r[0], 1) for r in merged_rules(lower + upper, glyphs=glyphs) if r[0] == r[2])
    assert xs == [554.7, 558.6, 560.3]  # none moved, none lost
    # with nothing between them, rules further apart along their length than one drawn double are
    # two (blank columns 6.7 points wide); closer, they are one
    blank = [Shape("line", 554.7, 40, 554.7, 214, True, False), Shape("line", 561.4, 40, 561.4, 214, True, False)]
    xs = sorted(round(r[0], 1) for r in merged_rules(blank + upper) if r[0] == r[2])
    assert xs == [554.7, 558.6, 561.4]
    assert len([r for r in merged_rules(lower + upper) if r[0] == r[2]]) == 2
    # a rule drawn double (2 points apart) is one, and a dashed one's pieces join first
    double = [Shape("line", 100, 40, 100, 214, True, False)] + [
        Shape("line", 102, y, 102, y + 3, True, False) for y in range(40, 214, 5)]
    assert len([r for r in merged_rules(double) if r[0] == r[2]]) == 1


def test_a_table_under_another_is_cut_at_its_first_row_of_one_rule_and_a_sliver_row_does_not_join_them() -> None:
    from extract.cells import flush_parts

    # table 二's rows (rules after columns 1, 2, 3) and, at the page's foot, table 三's first
    # header row with one rule of its own (after column 4); a sliver row with no rule at all
    # under both keeps the frame from being known by intersection
    grid = camelot_grid([[1, 2, 3]] * 3 + [[4]] + [[]], 6)
    parts = flush_parts(grid)
    assert [len(part) for part in parts] == [3, 2]


def test_a_sliver_crossing_only_the_frame_of_two_nested_tables_does_not_join_them() -> None:
    from extract.cells import flush_parts

    # a page layout's cell (its rule after column 0 in every row, its top row no other) holds a
    # table's header and, printed flush under it, its body with widths of their own; between them a
    # sliver crosses only the two tables' common frame (after columns 1 and 8)
    header, sliver, body = [[0, 1, 3, 4, 6, 8]] * 3, [[0, 1, 8]] * 2, [[0, 1, 2, 5, 7, 8]] * 3
    parts = flush_parts(camelot_grid([[0]] + header + sliver + body, 10))
    assert [len(part) for part in parts] == [4, 5]


def test_the_layout_margin_beside_a_row_printed_as_a_table_of_its_own_is_no_column_of_it() -> None:
    from extract.cells import flush_parts

    # one row (a label, three narrow value cells) inside a page layout's cell drawn on to the page's
    # foot; right of it the layout's margin, bounded by the row's rule only in the row
    grid = camelot_grid([[0, 1, 2, 3], []], 5)
    grid[0][4].bottom = grid[1][4].top = False
    (part,) = flush_parts(grid)
    assert len(part[0]) == 4
    # a header part's 总计 spanning both its rows has its side drawn along both: a column
    header = camelot_grid([[0, 1, 2, 3], [0, 1, 2, 3]], 5)
    header[0][4].bottom = header[1][4].top = False
    assert len(flush_parts(header)[0][0]) == 5


def _foot_table(pdf: Path, below: list[tuple[float, float, str, int]], cut_at: float = 63) -> list[list[str]]:
    """A two-row table ruled down to y=60 at a page's foot, its last row's second cell cut after two
    characters (``自然``, their baseline at ``cut_at``), with ``below`` texts (x, baseline, text, size)
    printed under its bottom rule."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(pdf), pagesize=(300, 300))
    xs, ys = [20, 120, 170, 280], [120, 90, 60]
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x, y, text, size in [(25, 100, "申请数量", 9), (125, 100, "12", 9), (175, 100, "3", 9),
                             (25, 70, "总计", 9), (125, cut_at, "自然", 9), (175, 70, "7", 9), *below]:
        c.setFont("STSong-Light", size)
        c.drawString(x, y, text)
    c.save()
    return [g.cells for g in read_grids(pdf, [1])][0]


def test_a_cells_text_run_on_under_the_last_rule_at_the_page_foot_is_its_own(tmp_path: Path) -> None:
    # a browser cuts a row at the page break and draws its frame to the page's foot, but the cell's
    # text runs on under the rule: 自然 / 人
    cells = _foot_table(tmp_path / "spilt.pdf", [(125, 52, "人", 9)])
    assert cells == [["申请数量", "12", "3"], ["总计", "自然\n人", "7"]]


def test_a_cells_next_line_standing_across_the_rule_at_the_page_foot_is_its_own(tmp_path: Path) -> None:
    # the break cut the row through the cell's next line: 人 stands across the bottom rule, 自然 a
    # little higher than a line cut at the rule would
    cells = _foot_table(tmp_path / "across.pdf", [(125, 55, "人", 9)], cut_at=68)
    assert cells[1][1] == "自然\n人"


def test_a_paragraph_under_the_table_is_no_cells_text(tmp_path: Path) -> None:
    cells = _foot_table(tmp_path / "paragraph.pdf", [(25, 52, "四、政府信息公开行政复议情况", 9)])
    assert cells == [["申请数量", "12", "3"], ["总计", "自然", "7"]]
    far = _foot_table(tmp_path / "far.pdf", [(125, 30, "人", 9)])  # further off than a line's pitch
    assert far[1][1] == "自然"
    heading = _foot_table(tmp_path / "heading.pdf", [(125, 51, "四、", 11)])  # close under it, but larger
    assert heading[1][1] == "自然"
    aside = _foot_table(tmp_path / "aside.pdf", [(150, 52, "四、", 9)])  # in its size, set where it sets no line
    assert aside[1][1] == "自然"
    section = _foot_table(tmp_path / "section.pdf", [(125, 52, "三、收到", 9)])  # set as its lines, but a section
    assert section[1][1] == "自然"


def test_a_pages_grids_are_numbered_top_to_bottom_whatever_camelots_order() -> None:
    # camelot puts a table inside another's frame (a page layout's cell around a table's continuation)
    # before the one around it: the page reads top to bottom
    from types import SimpleNamespace

    from extract.cells import PageFrame
    from extract.grids import _page_grids

    upper = camelot_grid([[0]] * 3, 2)
    lower = camelot_grid([[0]] * 2, 2)
    for row in lower:
        for cell in row:
            cell.y1, cell.y2 = cell.y1 - 50, cell.y2 - 50
    tables = [SimpleNamespace(cells=lower), SimpleNamespace(cells=upper)]
    grids = _page_grids(1, 0, tables, [], PageFrame(0.0, 0.0, 200.0, 200.0))
    assert [(g.order, len(g.cells)) for g in grids] == [(0, 3), (1, 2)]
    # a frame's empty top (a row with no column rule) over the other part does not put it first
    framed = camelot_grid([[]] + [[0]] * 4, 2)
    for row in framed:
        for cell in row:
            cell.y1, cell.y2 = cell.y1 - 30, (cell.y2 - 30 if cell.y2 < 100 else 110.0)
    grids = _page_grids(1, 0, [SimpleNamespace(cells=framed), SimpleNamespace(cells=upper)], [],
                        PageFrame(0.0, 0.0, 200.0, 200.0))
    assert [len(g.cells) for g in grids] == [3, 5]


def test_rows_with_no_rule_inside_or_across_their_top_are_a_grids_open_foot_not_its_rows() -> None:
    # a page layout's frame drawn on to the page's foot under a table the page break cut: the space
    # under it holds the cut cells' run-on text and the next heading, no row of the table
    from extract.cells import open_foot

    cells = camelot_grid([[0, 1]] * 3 + [[]] * 2, 3)
    for cell in cells[3]:
        cell.top = cell.x1 == 10.0  # the rule under the middle cell only
    for cell in cells[4]:
        cell.top = False
    assert open_foot(cells) == 2
    # a note across the table's width, ruled over it, is the table's last row
    noted = camelot_grid([[0, 1]] * 3 + [[]], 3)
    assert open_foot(noted) == 0
    bare = camelot_grid([[]] * 2, 3)
    for cell in (c for row in bare for c in row):
        cell.top = False
    assert open_foot(bare) == 1  # never the whole grid


def test_a_column_narrower_than_two_points_from_another_tables_rule_keeps_its_rules(tmp_path: Path) -> None:
    # a one-row table of slashes in columns 3.6 pt wide (a web page's table squeezed to its content)
    # over a table with a rule 1.8 pt from two of them: camelot's own pass gave the three one position
    pdf = tmp_path / "narrow.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(300, 300))
    narrow = [100.0, 103.6, 107.2, 110.8]
    for x in narrow:
        c.line(x, 200, x, 220)
    for y in (200, 220):
        c.line(narrow[0], y, narrow[-1], y)
    for x in (100.0, 105.4, 130.0):
        c.line(x, 100, x, 150)
    for y in (100, 125, 150):
        c.line(100, y, 130, y)
    c.setFont("Helvetica", 4)
    for left in narrow[:-1]:
        c.drawString(left + 1.2, 208, "/")
    c.drawString(101, 110, "1")
    c.drawString(110, 110, "2")
    c.save()
    grids = read_grids(pdf, [1])
    assert [g.cells for g in grids][0] == [["/", "/", "/"]]


def test_a_rule_sets_the_edge_of_the_nearest_boundary_not_the_first_within_the_tolerance() -> None:
    from extract.grids import NearestEdgeTable

    table = NearestEdgeTable([(0.0, 12.8), (12.8, 14.47), (14.47, 20.0)], [(10.0, 0.0)])
    assert table._find_close_point(table.cols, 14.47, 2) == 2
    assert table._find_close_point(table.cols, 5.0, 2) is None


def test_column_rules_that_stop_short_of_an_open_frame_s_top_still_part_the_columns(tmp_path: Path) -> None:
    # a table going on at the top of the next page, its frame left open there (no rule across the
    # top): the frame's sides reach the page's top margin, the column rules stop 2.25 pt below them
    pdf = tmp_path / "short.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(300, 300))
    xs, top, ys = [20, 80, 140, 200], 250.0, [220, 190]
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in (xs[0], xs[-1]):
        c.line(x, top, x, ys[-1])
    for x in xs[1:-1]:
        c.line(x, top - 2.25, x, ys[-1])
    c.setFont("Helvetica", 9)
    for k, x in enumerate(xs[:-1]):
        c.drawString(x + 5, 230, f"{k}")
        c.drawString(x + 5, 200, f"{k + 5}")
    c.save()
    assert [g.cells for g in read_grids(pdf, [1])][0] == [["0", "1", "2"], ["5", "6", "7"]]


def test_a_rule_drawn_through_a_line_of_text_is_no_row_boundary() -> None:
    from extract.rules import merged_rules

    # QtWebKit draws the side of a cell spanning two rows through the middle of its neighbour's text
    def rule(y: float) -> Shape:
        return Shape("rect", 30, y, 295, y + 0.58, False, True)

    glyphs = [(36.6 + 7 * k, 168.5) for k in range(20)]
    found = {round(r[1], 1) for r in merged_rules([rule(162.6), rule(167.79), rule(172.98)], glyphs=glyphs)}
    assert found == {162.9, 173.3}
    assert len(merged_rules([rule(167.79)], glyphs=glyphs[:2])) == 1  # two characters: a rule beside a mark
    # LibreOffice Calc's page foot cuts a merged cell's text: its rule has no rule under it, and stays
    foot = {round(r[1], 1) for r in merged_rules([rule(167.79), rule(182.0)], glyphs=glyphs)}
    assert foot == {168.1, 182.3}


def test_a_page_layouts_frame_open_at_the_top_with_no_column_inside_stays_open() -> None:
    from extract.rules import merged_rules

    sides = [Shape("line", x, 100, x, 250, True, False) for x in (20, 200)]
    bottom = [Shape("line", 20, 100, 200, 100, True, False)]
    assert sorted(round(r[1]) for r in merged_rules(sides + bottom) if r[1] == r[3]) == [100]


def test_a_header_printed_without_rules_at_the_foot_of_the_page_before_is_the_text_above_the_grid(
        tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from extract.grids import with_header_before
    from extract.pdfium_lock import PDFIUM
    from extract.text import load_pdf

    # a web page's header cells drawn without borders end page 1 (a page number under them); the
    # table's ruled body, its rows allowed to break away from the header, opens page 2
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "parted.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 300))
    c.setFont("STSong-Light", 9)
    for x, y, text in [(20, 200, "三、收到和处理政府信息公开申请情况"), (125, 60, "自然人"), (175, 60, "总计"),
                       (140, 20, "- 1 -")]:
        c.drawString(x, y, text)
    c.showPage()
    xs, ys = [20, 120, 170, 220], [280, 250, 220]
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    c.setFont("STSong-Light", 9)
    for x, y, text in [(25, 260, "新收申请数量"), (125, 260, "3"), (175, 260, "3"), (25, 230, "结转申请数量"),
                       (125, 230, "1"), (175, 230, "1")]:
        c.drawString(x, y, text)
    c.save()
    with PDFIUM:
        pdf = load_pdf(path)
    try:
        (grid,) = with_header_before(read_grids(path, [1, 2], pdf=pdf), pdf)
    finally:
        with PDFIUM:
            pdf.close()
    assert grid.page == 2
    assert grid.above == [["", "自然人", "总计"]]  # the heading further up is not, nor the page number


def test_a_header_printed_in_a_layout_cells_caption_region_beside_an_empty_column_is_the_text_above(
        tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    from extract.pdfium_lock import PDFIUM
    from extract.text import load_pdf

    # a portal's layout table: an empty navigation column (20-80) beside the content cell, which
    # holds table 四's heading and its header drawn without borders over the ruled value row; the
    # layout's rules join them into one grid whose first row is the content cell's caption region
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "layout.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 300))
    xs = [80, 120, 160, 200, 240]
    for x, top in [(20, 280), (80, 280), (240, 280), *((x, 210) for x in xs[1:-1])]:
        c.line(x, top, x, 190)
    for y in (280, 190):
        c.line(20, y, 240, y)
    c.line(80, 210, 240, 210)
    c.setFont("STSong-Light", 9)
    for x, y, text in [(85, 260, "四、政府信息公开行政复议、行政诉讼情况"),
                       (85, 214, "结果维持"), (125, 214, "结果纠正"),
                       (165, 214, "其他结果"), (205, 214, "总计"), (95, 197, "1"), (135, 197, "2"),
                       (175, 197, "0"), (215, 197, "3")]:
        c.drawString(x, y, text)
    c.save()
    with PDFIUM:
        pdf = load_pdf(path)
    try:
        (grid,) = read_grids(path, [1], pdf=pdf)
    finally:
        with PDFIUM:
            pdf.close()
    assert grid.cells[-1] == ["", "1", "2", "0", "3"]
    # the header's line split into the columns; the heading further up is not one of its lines
    assert grid.above == [["", "结果维持", "结果纠正", "其他结果", "总计"]]



def test_a_rule_ending_inside_a_row_parts_the_rows_down_to_that_one_only() -> None:
    from extract.grids import NearestEdgeTable

    # a page layout's grid: rows 764-424, 424-400, 400-273 (user space, top first), columns at
    # 154, 219, 298, 581. A rule of the table nested in its first row runs from the top to 463.8,
    # inside that row: camelot's own would part every row down to the foot
    table = NearestEdgeTable([(154, 219), (219, 298), (298, 581)], [(764, 424), (424, 400), (400, 273)])
    table.set_edges([(219.5, 463.8, 219.5, 763.4)], [], joint_tol=2)
    assert [row[1].left for row in table.cells] == [True, False, False]
    # an open foot (a continuation whose rules run past its last row boundary) stays ruled to the foot
    table = NearestEdgeTable([(154, 219), (219, 298), (298, 581)], [(764, 424), (424, 400), (400, 273)])
    table.set_edges([(219.5, 250.0, 219.5, 763.4)], [], joint_tol=2)
    assert [row[1].left for row in table.cells] == [True, True, True]


def test_the_text_of_a_table_nested_in_a_layout_cell_is_not_the_cell_s() -> None:
    from types import SimpleNamespace

    from extract.cells import Char
    from extract.grids import _outside_nested

    def part(x0: float, y0: float, x1: float, y1: float) -> list[list]:
        return [[SimpleNamespace(x1=x0, y1=y0, x2=x1, y2=y1)]]

    layout, nested, beside = part(0, 0, 300, 300), part(20, 150, 280, 290), part(310, 0, 400, 300)
    chars = [Char("上", 50, 200, 9, 195, 205), Char("四", 50, 100, 9, 95, 105), Char("旁", 350, 100, 9, 95, 105)]
    assert [c.text for c in _outside_nested(layout, [layout, nested, beside], chars)] == ["四", "旁"]
    assert [c.text for c in _outside_nested(nested, [layout, nested, beside], chars)] == ["上", "四", "旁"]


def test_blank_cells_squeezed_a_few_points_wide_each_in_its_own_box_keep_their_rules() -> None:
    from extract.rules import Shape, merged_rules

    # HTML's separate borders as Chromium prints a row of its own: each cell a stroked box, 1.1 pt
    # apart; three blank ones squeezed to 3.4 and 1.7 pt, between them and the values' boxes
    lefts, widths = [100.0, 104.5, 109.0, 113.5, 118.1], [3.4, 3.4, 1.7, 5.1, 5.1]
    boxes = [Shape("rect", x, 50, x + w, 62, True, False) for x, w in zip(lefts, widths, strict=True)]
    xs = sorted(round(r[0], 1) for r in merged_rules(boxes) if r[0] == r[2])
    # the outer sides, and one rule between each two boxes: five cells
    assert len(xs) == 6 and xs[0] == 100.0 and xs[-1] == 123.2


def test_blank_cells_squeezed_between_dashed_collapsed_borders_keep_every_rule() -> None:
    from extract.rules import merged_rules

    # seed 120903: a row printed as a table of its own, dashed 1 px borders collapsed (one side
    # between two cells), five blank cells squeezed into 17 points: seven sides 2.2-6.8 points apart,
    # each drawn as Chromium's dashes, none with a character between them
    sides = [145.88, 151.12, 155.62, 157.88, 160.12, 163.12, 169.88]
    dashes = [Shape("rect", x - 0.375, y, x + 0.375, y + 2.25, False, True)
              for x in sides for y in (315.75, 319.5, 323.25, 327.0, 330.75)]
    xs = sorted(round(r[0], 2) for r in merged_rules(dashes) if r[0] == r[2])
    assert xs == sides
    # a border drawn double on both cells around the spacing (four strokes in 5.3 points) is one rule
    double = [Shape("line", x, 40, x, 80, True, False) for x in (100, 101.5, 103.75, 105.25)]
    assert len([r for r in merged_rules(double) if r[0] == r[2]]) == 1
    # four lines of one row, 2.24, 4.5 and 2.24 apart (chained by a rule elsewhere): sides of cells
    # squeezed, unless the page draws every boundary double 2.24 apart (HTML's separate borders,
    # seed 100010), where they are two rules drawn double
    row = [Shape("line", x, 32.2, x, 48.8, True, False) for x in (390.38, 392.62, 397.12, 399.38)]
    chain = [Shape("line", 394.9, 300, 394.9, 400, True, False)]
    doubled = [Shape("line", x + d, 100 + 20 * k, x + d, 115 + 20 * k, True, False)
               for k in range(3) for x in (100, 200) for d in (0, 2.24)]

    def in_row(shapes: list[Shape]) -> list[float]:
        return sorted(round(r[0], 2) for r in merged_rules(shapes) if r[0] == r[2] and r[1] < 50)

    assert in_row(row + chain) == [390.38, 392.62, 397.12, 399.38]
    assert len(in_row(row + chain + doubled)) < 3


def test_a_narrower_table_s_double_foot_flush_on_a_wider_table_s_double_frame_is_one_boundary() -> None:
    from extract.rules import merged_rules

    # seed 150024: table 二 split in two HTML tables with double borders, the upper part narrower;
    # its cells' double foot (136.9, 138.4), the lower part's double frame (139.1, 140.6) and its
    # cells' double tops (142.9, 144.4, one piece per cell) are one boundary 7.5 points thick.
    # Cut at the cells under the upper part only, it made a sliver row there, and two rows' values
    # ran together (2 over 1850, read as 21850)
    def across(y: float, x0: float, x1: float) -> Shape:
        return Shape("line", x0, 800 - y, x1, 800 - y, True, False)

    upper = [across(y, a, b) for y in (136.88, 138.38) for a, b in ((33.8, 87.8), (87.8, 175.5), (175.5, 351.0))]
    frame = [across(139.12, 34.1, 577.9), across(140.62, 35.6, 576.4)]
    tops = [across(y, a + d, b - d) for y, d in ((142.88, 0), (144.38, 1.5))
            for a, b in ((37.9, 226.9), (229.1, 364.9), (367.1, 454.1), (456.4, 574.1))]
    rules = [r for r in merged_rules(upper + frame + tops) if r[1] == r[3]]
    assert len(rules) == 1 and rules[0][0] <= 34 and rules[0][2] >= 577


def test_a_row_printed_as_a_narrower_table_flush_under_a_wider_one_has_no_column_beside_it(
        tmp_path: Path) -> None:
    from extract.pdfium_lock import PDFIUM
    from extract.text import load_pdf

    # table 三's header and first row (20-280), then the rest of the table as a table of its own,
    # narrower (20-150, blank cells squeezed): camelot closes its grid on the wider one's side, but
    # nothing is drawn beside the narrow rows
    path = tmp_path / "narrower.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 300))
    for x in (20, 100, 150, 200, 280):
        c.line(x, 200, x, 160)
    for y in (200, 180, 160):
        c.line(20, y, 280, y)
    for x in (20, 100, 113, 126, 138, 150):
        c.line(x, 160, x, 130)
    for y in (145, 130):
        c.line(20, y, 150, y)
    c.drawString(25, 186, "head")
    c.drawString(25, 166, "first")
    c.drawString(25, 150, "rest")
    c.drawString(25, 135, "last")
    c.save()
    with PDFIUM:
        pdf = load_pdf(path)
    try:
        grids = read_grids(path, [1], pdf=pdf)
    finally:
        with PDFIUM:
            pdf.close()
    rest = next(g for g in grids if g.cells[0][0] == "rest")
    assert len(rest.cells) == 2 and round(rest.cols[-1][1]) == 150 and len(rest.cols) == 5


def test_a_header_s_character_overflowing_onto_the_rule_under_its_cell_is_the_header_s() -> None:
    from camelot.core import Cell

    from extract.cells import Char, fill_grid

    # a narrow header cell set one character a line (社会公益组织) in a row cut by the page break:
    # its last character drawn across the rule under the cell, centred on it, over the row's value
    cells = []
    for top, bottom in ((130, 100), (100, 80)):
        cell = Cell(0, bottom, 20, top)
        cell.left = cell.right = cell.top = cell.bottom = True
        cells.append([cell])
    chars = [Char("组", 10, 114.3, 9.5, 108.7, 119.8), Char("织", 10, 99.8, 9.8, 94.3, 105.4),
             Char("0", 10, 88.6, 4.7, 83.5, 93.7)]
    assert fill_grid(cells, chars) == [["组\n织"], ["0"]]
    # a row's own label standing on its top rule, with no column of characters above it, stays
    assert fill_grid(cells, [Char("织", 10, 99.8, 9.8, 94.3, 105.4)]) == [[""], ["织"]]
