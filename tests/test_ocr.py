"""Scanned reports read by OCR: the image steps on synthetic pictures, and a real scan end to end."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from extract import ocr
from extract.pdfium_lock import PDFIUM
from transform.process import process_file
from transform.reference import OcrOptions

SCANNED = Path(__file__).parent / "fixtures" / "scanned"
needs_model = pytest.mark.skipif(not ocr.available(), reason="the OCR model wheel is not installed (make install)")


def test_the_environment_has_exactly_one_opencv():
    # rapidocr-onnxruntime asks for opencv-python, camelot for opencv-python-headless: both install cv2
    names = {d.metadata["Name"].lower() for d in metadata.distributions() if d.metadata["Name"]}
    assert len({n for n in names if n.startswith("opencv")}) == 1, sorted(n for n in names if "opencv" in n)


def ruled_page(angle: float) -> np.ndarray:
    import cv2

    page = np.full((1400, 2000), 255, dtype=np.uint8)
    for y in range(300, 1200, 60):
        cv2.line(page, (200, y), (1800, y), 0, 3)
    for x in (200, 700, 1800):
        cv2.line(page, (x, 300), (x, 1140), 0, 3)
    matrix = cv2.getRotationMatrix2D((1000, 700), angle, 1.0)
    return cv2.warpAffine(page, matrix, (2000, 1400), borderValue=255)


def test_a_page_fed_askew_is_measured_from_its_rules_and_straightened():
    turned = ruled_page(0.7)
    angle = ocr.skew_angle(turned)
    assert abs(angle + 0.7) < 0.05
    assert abs(ocr.skew_angle(ocr.straightened(turned, angle))) < 0.05


def dashed(page: np.ndarray, start: tuple[int, int], end: tuple[int, int], dash: int, gap: int, grey: int = 0,
           thickness: int = 3) -> None:
    """A dashed (or, with short dashes, dotted) straight rule drawn on ``page``."""
    import cv2

    (x0, y0), (x1, y1) = start, end
    length = max(abs(x1 - x0), abs(y1 - y0))
    for at in range(0, length, dash + gap):
        upto = min(at + dash, length)
        a = (x0 + (x1 - x0) * at // length, y0 + (y1 - y0) * at // length)
        b = (x0 + (x1 - x0) * upto // length, y0 + (y1 - y0) * upto // length)
        cv2.line(page, a, b, grey, thickness)


def test_a_page_ruled_in_dashes_is_measured_from_its_dashed_rules_not_from_a_dark_edge():
    import cv2

    page = np.full((1400, 2000), 255, dtype=np.uint8)
    for y in range(300, 1200, 60):
        dashed(page, (200, y), (1800, y), 9, 9)
    matrix = cv2.getRotationMatrix2D((1000, 700), 0.5, 1.0)
    turned = cv2.warpAffine(page, matrix, (2000, 1400), borderValue=255)
    turned[:12, :] = 40  # a photocopy's dark edge, level with the image, not with the page
    assert abs(ocr.skew_angle(turned, 300 / 72) + 0.5) < 0.05


@needs_model
@pytest.mark.parametrize(("dash", "gap"), [(12, 6), (2, 7)], ids=["dashed", "dotted"])
def test_a_table_ruled_in_dashes_or_dots_is_found_and_read(dash, gap):
    import cv2

    page = np.full((1200, 1600), 250, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 800, 100))
    for y in ys:  # a browser's `border: 1px dashed #999` (or dotted), printed and scanned
        dashed(page, (xs[0], y), (xs[-1], y), dash, gap, grey=150)
    for x in xs:
        dashed(page, (x, ys[0]), (x, ys[-1]), dash, gap, grey=150)
    for row, y in enumerate(ys[:-1]):
        for x in xs[:-1]:
            cv2.putText(page, str(row + 1), (x + 40, y + 70), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    grids, _ = ocr.read_image(page, 1, 1600 * 72 / 300, 1200 * 72 / 300)
    assert [grid.cells for grid in grids] == [[[str(row + 1)] * 4 for row in range(5)]]


def test_a_dotted_side_shorter_than_a_rule_is_drawn_whole_between_the_rules_across_it():
    # a cell's side in a row of one line (or two rows of table 二 between its captions) is
    # shorter than a dashed rule must be; it runs from one rule across to the next
    page = np.full((800, 1600), 255, dtype=np.uint8)
    for y in (200, 290):
        dashed(page, (100, y), (1500, y), 2, 7)
    dashed(page, (800, 200), (800, 290), 2, 7)  # 90 px: 21.6 pt at 300 dpi
    dashed(page, (400, 500), (400, 590), 2, 7)  # as long, under no rule: a column of dots
    joined = ocr.dashes_joined(page, 300 / 72)
    assert (joined[205:286, 798:803] == 0).any(axis=1).all()
    assert (joined[505:586, 398:403] == 255).all(axis=1).any()


def test_a_character_filling_a_narrow_column_between_dotted_sides_is_no_side_across_it():
    # a label set one character a line in a narrow column: 三's strokes reach almost from one
    # dotted side to the other, and the sides' own dots lie at their ends
    page = np.full((800, 1600), 255, dtype=np.uint8)
    for x in (600, 640):
        dashed(page, (x, 100), (x, 700), 2, 7)
    for y in (380, 400, 420):
        page[y:y + 3, 608:632] = 0  # 三, its strokes shorter than a dash may be
    joined = ocr.dashes_joined(page, 300 / 72)
    for y in (380, 400, 420):  # the gaps between the strokes and the sides stay paper
        assert (joined[y:y + 3, 603:607] == 255).all() and (joined[y:y + 3, 633:637] == 255).all()


def test_dots_beside_a_rule_the_same_way_are_no_side_of_a_cell():
    # a portal frame's dotted rule flush with a table's solid side: drawn whole, it would part a
    # sliver column from the table
    page = np.full((800, 1600), 255, dtype=np.uint8)
    for y in (200, 290):
        page[y:y + 3, 100:1500] = 0
    page[100:700, 800:803] = 0
    dashed(page, (812, 200), (812, 290), 2, 7)
    joined = ocr.dashes_joined(page, 300 / 72)
    assert (joined[205:286, 810:815] == 255).all(axis=1).any()


def test_a_dotted_rule_whose_dots_the_scan_ran_together_is_still_joined_whole():
    # a 1-px dotted border at 200 dpi, JPEG'd: stretches of its dots run together into pieces
    # longer than a dash, the rest stay dots
    page = np.full((600, 1600), 255, dtype=np.uint8)
    x = 100
    while x < 1480:
        page[300:303, x:x + 40] = 0  # dots run together
        for dot in range(x + 45, x + 70, 8):
            page[300:303, dot:dot + 3] = 0
        x += 75
    joined = ocr.dashes_joined(page, 300 / 72)
    assert (joined[299:304, 100:1470] == 0).any(axis=0).all()


def test_a_page_ruled_in_dots_far_askew_is_measured_from_its_rows():
    import cv2

    page = np.full((1400, 2000), 255, dtype=np.uint8)
    for y in range(300, 1200, 60):
        dashed(page, (200, y), (1800, y), 2, 7)
    for x in (200, 700, 1800):
        dashed(page, (x, 300), (x, 1140), 2, 7)
    matrix = cv2.getRotationMatrix2D((1000, 700), 2.0, 1.0)
    turned = cv2.warpAffine(page, matrix, (2000, 1400), borderValue=255)
    assert abs(ocr.skew_angle(turned, 300 / 72) + 2.0) < 0.1


def boxes_apart(page: np.ndarray, xs: list[int], ys: list[int], gap: int, grey: int = 0) -> None:
    """Each cell of the grid ``xs`` × ``ys`` drawn as its own box, ``gap`` pixels from its
    neighbours' (a web page's `border="1"` with the default cell spacing)."""
    import cv2

    for top, bottom in zip(ys, ys[1:], strict=False):
        for left, right in zip(xs, xs[1:], strict=False):
            cv2.rectangle(page, (left + gap // 2, top + gap // 2), (right - gap // 2, bottom - gap // 2), grey, 2)


def assert_grid_tables_of_separate_cells(page: np.ndarray, xs: list[int], ys: list[int]) -> None:
    """The page image (1600 x 1200 at 300 dpi, already flat) holds one table of the grid's shape
    (give or take an empty row or column at its edge, left by a frame), no two cells one region."""
    from extract.cells import _merged_regions

    tables = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert len(tables) == 1
    cells = tables[0].cells
    regions = set(_merged_regions(cells).values())
    assert len(ys) - 1 <= len(cells) <= len(ys) + 1 and len(xs) - 1 <= len(cells[0]) <= len(xs) + 1
    assert len(regions) == len(cells) * len(cells[0])


def test_cells_drawn_as_boxes_apart_make_one_grid():
    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 800, 100))
    boxes_apart(page, xs, ys, gap=10)
    assert_grid_tables_of_separate_cells(page, xs, ys)


def test_boxes_apart_in_rows_of_one_line_keep_their_short_sides():
    # a web page's `border="1"` table with rows lower than a piece of rule: each box's sides are
    # short, and only the tall row's are long; the short ones are the same rules all the same
    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], [200, 300, 340, 380, 420, 520]
    boxes_apart(page, xs, ys, gap=8)
    assert_grid_tables_of_separate_cells(page, xs, ys)


def test_a_table_of_boxes_apart_whose_rows_are_all_short_is_found_from_its_rows_rules():
    # table 四: a header and one row of values, every box's side shorter than a piece of rule
    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 380, 560, 740, 920, 1100, 1280], [300, 345, 390, 435]
    boxes_apart(page, xs, ys, gap=8)
    assert_grid_tables_of_separate_cells(page, xs, ys)


def test_ones_side_by_side_beside_a_box_s_side_are_no_sides():
    # "11" printed against the left side of a box: two strokes level with each other, as close as
    # two sides of boxes apart, but clear of the rules above and below them
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100], [200, 300, 360, 420]
    boxes_apart(page, xs, ys, gap=8)
    for y in ys[1:-1]:
        for x in (510, 810):
            cv2.line(page, (x + 4, y + 14), (x + 4, y + 46), 0, 3)
            cv2.line(page, (x + 14, y + 14), (x + 14, y + 46), 0, 3)
    whole = ocr.rules_drawn_whole(page, 300 / 72)
    for y in ys[1:-1]:
        for x in (510, 810):
            assert (whole[y + 20:y + 40, x + 3:x + 6] == 0).any() and (whole[y + 20:y + 40, x + 13:x + 16] == 0).any()


def test_two_tables_of_boxes_apart_printed_flush_one_under_the_other_are_read_as_two():
    # a web page's table split in two, each part with column widths of its own, printed flush:
    # one grid of thin rows and columns where the parts' rules meet, cut as the vector reader cuts it
    page = np.full((1200, 1600), 255, dtype=np.uint8)
    boxes_apart(page, [200, 700, 1400], [200, 300, 400], gap=10)
    boxes_apart(page, [200, 450, 720, 1400], [400, 500, 600, 700], gap=10)  # a rule 20 px off
    tables = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert sorted(table.shape for table in tables) == [(2, 2), (3, 3)]


def test_rules_fainter_than_the_paper_s_grain_are_found_along_their_length():
    rng = np.random.default_rng(7)
    page = np.clip(rng.normal(250, 7, (1200, 1600)), 0, 255).astype(np.uint8)  # grain down to 230
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 800, 100))
    boxes_apart(page, xs, ys, gap=10, grey=232)
    assert_grid_tables_of_separate_cells(page, xs, ys)


def test_rules_as_grey_as_the_grain_s_darkest_pixels_are_found_though_some_of_their_pixels_are_ink():
    # a faint print of Chromium's grey borders on clean paper: the rules' pixels straddle the
    # paper's grain floor, each one darker than it hid the rule around it from the run's mean
    rng = np.random.default_rng(3)
    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 800, 100))
    boxes_apart(page, xs, ys, gap=10, grey=0)
    rule = page == 0
    page[rule] = np.clip(rng.normal(ocr.PAPER_FLOOR + 5, 4, int(rule.sum())), 0, 254).astype(np.uint8)
    assert_grid_tables_of_separate_cells(page, xs, ys)


def test_characters_standing_on_a_run_beside_a_rule_make_no_rule():
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 800, 100))
    boxes_apart(page, xs, ys, gap=10)
    # a label's characters whose bottoms a scan joined into one run, starting 2 pt from the rule
    # on its left: drawn as a rule, it would reach that rule and part the row in two
    bottom = ys[2] - 30
    cv2.line(page, (xs[1] + 14, bottom), (xs[1] + 200, bottom), 0, 2)
    for x in range(xs[1] + 16, xs[1] + 200, 16):
        cv2.line(page, (x, bottom - 16), (x, bottom), 0, 2)
    tables = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert [table.shape for table in tables] == [(len(ys) - 1, len(xs) - 1)]


def test_a_table_inside_a_web_page_s_layout_frame_is_read_without_the_frame():
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    cv2.rectangle(page, (100, 100), (1500, 1100), 0, 3)  # the page's layout: a menu column, a content cell
    cv2.line(page, (300, 100), (300, 1100), 0, 3)
    xs, ys = [400, 700, 1000, 1300], [300, 400, 500, 600, 700]  # the report's table inside the content cell
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    (inner,) = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert (len(inner.rows), len(inner.cols)) == (len(ys) - 1, len(xs) - 1)
    assert all(abs(left * 300 / 72 - x) <= 3 for (left, _), x in zip(inner.cols, xs, strict=False))


def test_a_table_flush_with_a_web_page_s_content_cell_is_read_without_the_menu_beside_it():
    # a portal page whose table fills its content cell's width (its left side the menu's, its
    # right side 2 pt inside the cell's) and runs on to the next page: the content cell is round
    # the table on one side only, no frame to cut; the menu is a column as tall as the grid
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    cv2.rectangle(page, (100, 100), (1500, 1197), 0, 3)
    cv2.line(page, (300, 100), (300, 1197), 0, 3)
    xs, ys = [300, 600, 900, 1200, 1490], [300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1197]
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    (inner,) = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert [round(left * 300 / 72) for left, _ in inner.cols] == [301, 600, 900, 1200]
    assert len(inner.rows) == len(ys)  # the table's rows and the content cell's part above it


def test_a_table_s_group_label_as_tall_as_its_piece_on_a_page_is_no_menu():
    # the last rows of table 三 on a page of their own: 三、本年度办理结果 one narrow cell down
    # every row, value columns beside it; no row is one region across the rest
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 300, 700, 900, 1100, 1300], list(range(200, 800, 100))
    for y in ys:
        cv2.line(page, (xs[0] if y in (ys[0], ys[-1]) else xs[1], y), (xs[-1], y), 0, 3)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    (table,) = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert [round(left * 300 / 72) for left, _ in table.cols] == [200, 301, 700, 900, 1100]


def test_a_digit_against_a_rule_the_grid_s_line_missed_is_cut_out_whole():
    # two tables in one grid, their column rules 2 pt apart, one line for both: in the cell whose
    # rule stands outside the line, the 1 of 1392 set against the rule fell in the crop's margin
    # and 392 was read as sure
    import cv2

    scale = 300 / 72
    page = np.full((400, 800), 255, dtype=np.uint8)
    for y in (100, 200):
        cv2.line(page, (400, y), (700, y), 0, 3)
    for x in (400, 700):
        cv2.line(page, (x, 100), (x, 200), 0, 3)
    cv2.rectangle(page, (405, 130), (409, 170), 0, -1)  # the 1, a pixel or two from the rule
    for x in (430, 460, 490):
        cv2.rectangle(page, (x, 130), (x + 18, 170), 0, 3)
    mask = ocr.binarised(page)
    drawn = int((page[110:190, 403:690] < 128).sum())
    box = [410 / scale, 100 / scale, 700 / scale, 200 / scale]  # the grid's line 10 px inside the rule
    (line,), inked = ocr._cell_lines(page, mask, box, scale)
    assert inked and int((line.image < 128).sum()) == drawn


def test_a_table_found_in_pieces_first_is_read_whole_when_a_later_way_finds_it():
    # a dotted table whose header block the firm ink already rules (a heading's box printed solid
    # over it): that block is found first; the whole table, found once its dots are joined, is
    # read in its place, not left out as overlapping it
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 1100, 100))
    cv2.rectangle(page, (xs[0], ys[0]), (xs[-1], ys[2]), 0, 3)
    cv2.line(page, (xs[0], ys[1]), (xs[-1], ys[1]), 0, 3)
    cv2.line(page, (xs[2], ys[0]), (xs[2], ys[2]), 0, 3)
    for y in ys[2:]:
        dashed(page, (xs[0], y), (xs[-1], y), 2, 7)
    for x in xs:
        dashed(page, (x, ys[2]), (x, ys[-1]), 2, 7)
    for y in ys[2:-1]:
        for x in xs[:-1]:
            cv2.putText(page, "12", (x + 40, y + 70), cv2.FONT_HERSHEY_SIMPLEX, 1.5, 0, 3)
    tables = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert [table.shape for table in tables] == [(len(ys) - 1, len(xs) - 1)]


def ruled_part(left: float, right: float, top: float, bottom: float, n_rows: int, n_cols: int):
    """A camelot-like table (PDF points, y upwards) of n_rows x n_cols cells, every side ruled."""
    from camelot.core import Cell

    xs = [left + (right - left) * k / n_cols for k in range(n_cols + 1)]
    ys = [top - (top - bottom) * k / n_rows for k in range(n_rows + 1)]
    cells = []
    for r in range(n_rows):
        row = []
        for c in range(n_cols):
            cell = Cell(xs[c], ys[r + 1], xs[c + 1], ys[r])
            cell.left = cell.right = cell.top = cell.bottom = True
            row.append(cell)
        cells.append(row)
    return ocr._Part(cells, list(zip(xs, xs[1:], strict=False)), list(zip(ys, ys[1:], strict=False)))


def test_a_later_table_takes_the_place_of_pieces_not_of_a_table_it_adds_rows_to():
    whole = ruled_part(100, 500, 700, 300, 10, 4)
    header = ruled_part(100, 500, 700, 620, 2, 2)  # its header block, ruled solid, found first
    assert ocr._holds_far_more(whole, [header])
    # the same box with each row cut in two (a 100-dpi scan's strokes drawn as rules)
    assert not ocr._holds_far_more(ruled_part(100, 500, 700, 300, 20, 4), [ruled_part(100, 500, 700, 300, 10, 4)])


def test_boxes_apart_each_with_a_double_border_are_read_as_one_table_of_their_cells():
    # every rule a run of rules 3 pt apart (a box's double border, the next box's): columns of 100,
    # 3, 97, 3, 97 points and rows of 100, 3, 97; the header's box spans the first two columns
    whole = ruled_part(0, 300, 300, 100, 3, 5)
    xs, ys = [0, 100, 103, 200, 203, 300], [300, 200, 197, 100]
    for r, row in enumerate(whole.cells):
        for c, cell in enumerate(row):
            cell.x1, cell.x2, cell.y1, cell.y2 = xs[c], xs[c + 1], ys[r + 1], ys[r]
    whole.cols, whole.rows = list(zip(xs, xs[1:], strict=False)), list(zip(ys, ys[1:], strict=False))
    for c in (0, 1, 2):
        whole.cells[0][c].right = whole.cells[0][c + 1].left = False
    assert ocr._doubled(whole)
    table = ocr._collapsed(whole)
    assert table.shape == (2, 3) and not ocr._doubled(table)
    assert ocr._regions(table) == 5
    assert [(round(left), round(right)) for left, right in table.cols] == [(0, 100), (103, 200), (203, 300)]
    boxes = [ruled_part(left + 2, right - 2, top - 2, bottom + 2, 1, 1) for left, right in table.cols
             for top, bottom in table.rows]
    assert ocr._holds_far_more(table, boxes[:2]) and not ocr._holds_far_more(table, boxes)
    strokes = ruled_part(0, 9, 300, 100, 2, 3)  # columns of 3 points: a character's strokes
    assert ocr._collapsed(strokes) is strokes


def test_tables_above_and_inside_a_web_page_s_layout_frame_are_read_as_two_without_it():
    # page 2 of a portal page: table 三's end at the top of the content cell (its start on page 1),
    # then a heading and table 四 inside the cell; frame, menu and both tables one grid
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    cv2.rectangle(page, (100, 100), (1500, 1100), 0, 3)
    cv2.line(page, (300, 100), (300, 1100), 0, 3)
    for xs, ys in (([400, 700, 1000, 1300], [100, 200, 300, 400]), ([400, 600, 800, 1000, 1300], [600, 700, 800])):
        for y in ys:
            cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)
        for x in xs:
            cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    tables = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert [table.shape for table in tables] == [(3, 3), (2, 4)]
    assert [round(left * 300 / 72) for left, _ in tables[1].cols] == [401, 600, 800, 1000]


def test_a_table_printed_in_two_flush_parts_each_with_its_own_columns_is_read_as_two():
    # a web page's long table printed as two, the second's columns sized to its own cells: one
    # grid of both, whose columns side by side are no thinner than a table's own
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    upper = ([100, 500, 800, 1100, 1500], [100, 200, 300])
    lower = ([100, 300, 600, 900, 1200, 1500], [300, 400, 500, 600])
    for xs, ys in (upper, lower):
        for y in ys:
            cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)
        for x in xs:
            cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    tables = ocr._grid_tables(page, ocr.core_level(page), 1600 * 72 / 300, 1200 * 72 / 300)
    assert [table.shape for table in tables] == [(2, 4), (3, 5)]
    assert [round(left * 300 / 72) for left, _ in tables[1].cols] == [101, 300, 600, 900, 1200]


def stroke(dx: int) -> np.ndarray:
    import cv2

    image = np.full((40, 30), 255, dtype=np.uint8)
    cv2.line(image, (15 + dx, 5), (15 - dx, 34), 0, 2)
    return image


def test_a_slash_is_told_from_a_one_by_its_slant():
    assert ocr._slanted(stroke(6)) and ocr._one_stroke(stroke(6))
    assert not ocr._slanted(stroke(0)) and ocr._one_stroke(stroke(0))
    import cv2

    narrow_zero = np.full((40, 30), 255, dtype=np.uint8)
    cv2.ellipse(narrow_zero, (15, 20), (5, 14), 0, 0, 360, 0, 2)
    assert not ocr._one_stroke(narrow_zero)  # a ring is a 0, never a 1
    specked = stroke(6)
    specked[36:39, 26:29] = 0  # a speck at the foot, right of the slash, must not stand it up
    assert ocr._slanted(specked)


@needs_model
def test_a_line_without_hanzi_is_decoded_among_digits_only():
    recogniser = ocr.recogniser()
    alphabet = recogniser.alphabet
    probs = np.full((4, len(alphabet)), 1e-4, dtype=np.float32)
    comma, five = alphabet.index("，"), alphabet.index("5")
    probs[0, 0] = 0.9            # blank
    probs[1, comma] = 0.6        # a small 5 the model takes for a comma …
    probs[1, five] = 0.35        # … with the 5 close behind
    probs[2:, 0] = 0.9
    assert recogniser._decode(probs)[0] == ["5"]


def grammar(text: str, minus_drawn: bool = False) -> str:
    return "".join(ocr.number_text(list(text), [0.99] * len(text), minus_drawn)[0])


def test_a_speck_read_as_a_mark_at_either_end_of_a_value_is_dropped():
    for speck in ["0.", ".0", "0..", "-.0", "0-", "，0", "0·"]:
        assert grammar(speck) == "0", speck
    assert grammar("-12", minus_drawn=True) == "-12"  # a dash drawn before the digits is a minus
    assert grammar("-12") == "12"                     # a speck before them is not …
    assert min(ocr.number_text(list("-12"), [0.99] * 3, False)[1]) <= ocr.DROPPED_MINUS  # … and a person checks


def test_a_value_read_with_a_zero_before_its_other_digits_is_in_doubt():
    def least(text: str) -> float:
        return min(ocr.number_text(list(text), [0.99] * len(text), False)[1])

    assert least("012") <= ocr.LEADING_ZERO and least("-012") <= ocr.LEADING_ZERO
    assert least("0") == least("0.5") == least("10") == least("1,024") == 0.99


def drawn_value(mark: tuple[int, int, int, int] | None) -> np.ndarray:
    """A line image of a drawn 3 with a mark (x, y, w, h) before it."""
    import cv2

    image = np.full((48, 60), 250, dtype=np.uint8)
    cv2.putText(image, "3", (24, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
    if mark:
        x, y, w, h = mark
        image[y:y + h, x:x + w] = 30
    return image


def test_a_minus_is_told_from_a_speck_by_its_shape_and_place():
    assert ocr._minus_first(drawn_value((8, 24, 12, 4)))       # a dash at the digit's middle height
    assert not ocr._minus_first(drawn_value((10, 36, 5, 4)))   # a blob at the foot: a speck
    assert not ocr._minus_first(drawn_value((8, 8, 12, 4)))    # a dash at the top: not a minus
    assert not ocr._minus_first(drawn_value(None))


def test_stray_marks_beside_a_number_are_taken_out_for_its_second_reading_and_a_minus_or_point_stays():
    import cv2

    specked = stroke(6)
    specked[2:5, 2:5] = 0    # above, left of the slash
    specked[22:25, 25:28] = 0  # beside it, at mid-height
    bare = ocr.without_marks(specked)
    assert bare is not None and ocr._one_stroke(bare) and ocr._slanted(bare)
    assert not ocr._one_stroke(specked)  # the specks made the slash no one stroke
    assert ocr.without_marks(drawn_value((8, 24, 12, 4))) is None  # a minus before the digit stays
    assert ocr.without_marks(stroke(6)) is None  # nothing to take out: no second reading
    point = np.full((48, 90), 250, dtype=np.uint8)
    cv2.putText(point, "4", (4, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
    cv2.putText(point, "5", (50, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
    point[34:38, 38:42] = 20  # a decimal point on the baseline between them
    assert ocr.without_marks(point) is None


def test_a_slash_behind_a_dash_is_a_slash_and_an_upright_one_behind_it_a_minus_one():
    import cv2

    def dash_then(dx: int) -> np.ndarray:
        image = np.full((40, 44), 250, dtype=np.uint8)
        cv2.line(image, (25 + dx, 5), (25 - dx, 34), 20, 2)
        image[18:21, 6:12] = 40  # a dash (or a speck) at mid-height before it
        return image

    slash, one = dash_then(5), dash_then(0)
    assert not ocr._one_stroke(slash)  # the dash makes it no single stroke …
    rest = ocr._without_first_mark(slash)
    assert ocr._one_stroke(rest) and ocr._slanted(rest)  # … without it, a slash
    rest = ocr._without_first_mark(one)
    assert ocr._one_stroke(rest) and not ocr._slanted(rest)  # -1 stays -1


def test_a_speck_at_a_slash_s_head_is_no_seven_s_bar_and_a_seven_s_broken_bar_is_no_speck():
    import cv2

    slash = stroke(6)
    slash[3:6, 4:7] = 0  # a speck where a 7's bar would start
    bare = ocr.without_marks(slash)
    assert bare is not None and ocr._one_stroke(bare) and ocr._slanted(bare)
    seven = np.full((40, 30), 255, dtype=np.uint8)
    cv2.line(seven, (21, 9), (13, 34), 0, 2)   # its stem …
    cv2.line(seven, (5, 5), (17, 5), 0, 2)     # … and its bar, broken off by faint print
    assert ocr.without_marks(seven) is None


def test_a_second_reading_without_stray_marks_never_drops_a_digit():
    assert ocr.bare_reading_kept(("", 1.0), ("0", 0.6))        # the first read nothing
    assert ocr.bare_reading_kept(("7", 0.76), ("/", 0.95))     # a slash among specks read as 7
    assert ocr.bare_reading_kept(("0", 0.3), ("0", 0.9))
    assert not ocr.bare_reading_kept(("65", 0.6), ("5", 0.9))  # a piece of the 6 went with the specks
    assert not ocr.bare_reading_kept(("0", 0.8), ("0", 0.7))   # not surer
    assert not ocr.bare_reading_kept(("", 1.0), ("", 1.0))
    assert not ocr.bare_reading_kept(("/", 0.5), ("7", 0.97))  # a doubted slash stays one, in doubt


def test_a_zero_the_model_read_as_nothing_is_told_by_its_one_tall_counter():
    import cv2

    def drawn(*loops: tuple[int, int, int, int]) -> np.ndarray:
        image = np.full((48, 34), 250, dtype=np.uint8)
        for cx, cy, rx, ry in loops:
            cv2.ellipse(image, (cx, cy), (rx, ry), 0, 0, 360, 20, 3)
        return image

    zero = drawn((17, 24, 8, 15))
    zero[38:41, 24:27] = 20  # a speck on its rim
    assert ocr._ring(zero)
    assert not ocr._ring(drawn((17, 16, 7, 7), (17, 31, 8, 8)))  # an 8: two counters
    six = drawn((17, 30, 8, 8))
    cv2.line(six, (10, 28), (20, 6), 20, 3)  # a 6: its counter half its height
    assert not ocr._ring(six)
    assert not ocr._ring(stroke(0))


def test_a_decimal_point_between_digits_survives_full_width_or_not():
    assert grammar("49.50") == "49.50"
    assert grammar("1．5") == "1．5"
    assert grammar("1,500") == "1,500"
    assert grammar("/") == "/"


def speckled_cell(specks: bool) -> tuple[np.ndarray, float]:
    """A cell 60 × 40 points at 300 dpi holding a drawn 0, with specks far from it or none."""
    import cv2

    scale = 300 / 72
    image = np.full((int(40 * scale), int(60 * scale)), 250, dtype=np.uint8)
    cv2.ellipse(image, (125, 83), (9, 14), 0, 0, 360, 20, 3)
    if specks:
        for x, y in [(20, 20), (200, 30), (40, 140), (230, 150)]:
            image[y:y + 4, x:x + 5] = 90
    return image, scale


def test_specks_far_from_any_character_are_taken_out_and_the_character_stays():
    image, scale = speckled_cell(True)
    mask = ocr.binarised(ocr.flattened(image, scale))
    clean = ocr.without_specks(mask, scale)
    assert clean[60:110, 105:145].sum() == mask[60:110, 105:145].sum() > 0  # the 0 untouched
    assert clean.sum() == mask[60:110, 105:145].sum()                      # every speck gone
    lines, _ = ocr._cell_lines(ocr.flattened(image, scale), mask, [0, 0, 60, 40], scale)
    plain_flat = ocr.flattened(speckled_cell(False)[0], scale)
    plain, _ = ocr._cell_lines(plain_flat, ocr.binarised(plain_flat), [0, 0, 60, 40], scale)
    assert [line.image.shape for line in lines] == [line.image.shape for line in plain]  # cut to the 0 alone


def two_lines_cell(arc_grey: int | None) -> tuple[np.ndarray, float]:
    """A cell 60 × 40 points at 300 dpi holding two lines of four drawn 0s, and, unless
    ``arc_grey`` is None, a seal's faint arc of that grey crossing both lines and the gap between."""
    import cv2

    scale = 300 / 72
    image = np.full((int(40 * scale), int(60 * scale)), 250, dtype=np.uint8)
    for y in (50, 115):
        for x in (70, 95, 120, 145):
            cv2.ellipse(image, (x, y), (9, 14), 0, 0, 360, 20, 3)
    if arc_grey is not None:
        cv2.ellipse(image, (40, 83), (110, 70), 0, -40, 40, arc_grey, 2)
    return image, scale


def test_lines_joined_by_a_seals_faint_arc_are_still_cut_apart():
    for arc_grey in (None, 200):
        image, scale = two_lines_cell(arc_grey)
        flat = ocr.flattened(image, scale)
        level = ocr.core_level(flat)
        mask = ocr.binarised(flat, level)
        lines, inked = ocr._cell_lines(flat, mask, [0, 0, 60, 40], scale, level)
        assert inked and len(lines) == 2, arc_grey
        assert all(line.image.shape[0] < 30 * scale / 2 for line in lines)  # one line tall each


def test_a_characters_faint_stroke_or_a_column_of_characters_never_cuts_its_line():
    scale = 300 / 72
    core = np.zeros((120, 200), dtype=bool)
    core[10:14, 20:180] = core[30:60, 20:180] = True  # a light top stroke over a line's dark body
    assert ocr._lines_apart((8, 62), core, 3, scale) == [(8, 62)]
    lines = np.zeros((120, 200), dtype=bool)
    lines[10:35, 20:180] = lines[70:95, 20:120] = True  # two lines of a label
    assert ocr._lines_apart((8, 112), lines, 3, scale) == [(9, 36), (69, 96)]
    column = np.zeros((120, 200), dtype=bool)
    column[10:50, 20:60] = column[70:110, 20:60] = True  # two characters printed top to bottom
    assert ocr._lines_apart((8, 112), column, 3, scale) == [(8, 112)]
    character = np.zeros((120, 200), dtype=bool)
    character[10:26, 20:70] = character[34:50, 20:70] = True  # 会: its roof and its base
    assert ocr._lines_apart((8, 52), character, 3, scale) == [(8, 52)]


def test_uneven_light_and_a_dark_edge_are_paper_not_ink():
    scale = 300 / 72
    page = np.tile(np.linspace(255, 150, 800, dtype=np.float32), (600, 1))  # light fading across
    page[:, :40] = 30                                                        # a copier's dark edge
    page[300:304, 200:600] = np.minimum(page[300:304, 200:600], 90)          # one faint rule
    mask = ocr.binarised(ocr.flattened(page.astype(np.uint8), scale))
    assert mask[300:304, 220:580].all()
    assert mask[:, 60:].sum() == mask[300:304, 60:].sum()


@needs_model
@pytest.mark.parametrize("name", ["scan_21", pytest.param("scan_125", marks=pytest.mark.slow)])  # 125: 10 s
def test_a_scanned_report_is_read_and_every_doubtful_value_is_listed(name):
    # scan_125: 150 dpi, faint print (52 %), blur, JPEG 80, specks, a seal over the numbers; its
    # faint slashes were once read as 7s and 1s
    pdf = SCANNED / "pdf" / f"{name}.pdf"
    truth = json.loads((SCANNED / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    result = process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert (result.text_source, result.agency, result.year, result.template_version) == (
        "ocr", truth["agency"], truth["year"], truth["template_version"])
    got = {(f.table_code, f.row_code, f.column_code): None if f.value != f.value else f.value
           for f in result.facts.itertuples()}
    review = {(c.table_code, c.row_code, c.column_code) for c in result.review}
    exact = wrong_unflagged = 0
    for fact in truth["facts"]:
        key = (fact["table_code"], fact["row_code"], fact["column_code"])
        right = key in got and (got[key] == fact["value"] or (fact["value"] is None and got[key] in (None, 0)))
        exact += right
        wrong_unflagged += key in got and not right and key not in review
    assert exact / len(truth["facts"]) >= 0.995
    assert wrong_unflagged == 0


@needs_model
@pytest.mark.slow  # a black-and-white page is read twice: 15 s
def test_a_black_and_white_scan_whose_zeros_lost_their_tops_is_loaded_and_named():
    # scan_1062: 1-bit at 150 dpi from faint print (39 %) under blur; its 0s kept only their two
    # sides, "()", and it was once left needs_ocr with 97 of 207 cells sure
    pdf = SCANNED / "pdf" / "scan_1062.pdf"
    truth = json.loads((SCANNED / "truth" / "scan_1062.json").read_text(encoding="utf-8"))
    result = process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert (result.status, result.agency, result.year) == ("loaded_with_issues", truth["agency"], truth["year"])
    got = {(f.table_code, f.row_code, f.column_code): None if f.value != f.value else f.value
           for f in result.facts.itertuples()}
    review = {(c.table_code, c.row_code, c.column_code) for c in result.review}
    keys = [(f["table_code"], f["row_code"], f["column_code"]) for f in truth["facts"]]
    right = [k in got and (got[k] == f["value"] or (f["value"] is None and got[k] in (None, 0)))
             for k, f in zip(keys, truth["facts"], strict=True)]
    assert sum(right) >= 0.9 * len(keys)
    assert not [k for k, ok in zip(keys, right, strict=True) if not ok and k in got and k not in review]
    assert result.facts["ocr_confidence"].notna().any()


@needs_model
@pytest.mark.slow  # three pages at 200 dpi: 10 s
def test_a_scanned_browser_print_with_a_minus_against_the_rule_lists_that_value():
    # scan_2014: a portal page printed by Chromium (cells bordered on two sides, values set
    # against the left rule), scanned at 200 dpi, faint and blurred; the minus of -2 fell in the
    # margin cut off with the rule, and 2 was loaded as sure
    pdf = SCANNED / "pdf" / "scan_2014.pdf"
    truth = json.loads((SCANNED / "truth" / "scan_2014.json").read_text(encoding="utf-8"))
    result = process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    got = {(f.table_code, f.row_code, f.column_code): None if f.value != f.value else f.value
           for f in result.facts.itertuples()}
    review = {(c.table_code, c.row_code, c.column_code) for c in result.review}
    fee = ("active_disclosure", "administrative_fees", "items_change")
    assert got[fee] == 2 and fee in review  # printed -2
    keys = [(fact["table_code"], fact["row_code"], fact["column_code"], fact["value"]) for fact in truth["facts"]]
    wrong = [key[:3] for key in keys if key[:3] in got and got[key[:3]] != key[3]
             and not (key[3] is None and got[key[:3]] in (None, 0))]
    assert wrong and not [key for key in wrong if key not in review]


@needs_model
@pytest.mark.slow  # one page at 200 dpi, read twice: 8 s
def test_a_title_typed_into_a_workbook_s_grid_is_read_across_its_rules():
    # scan_2023_p1: page 1 of a workbook printed by Calc with its grid, the title typed into the
    # first cells and printed across their rules, scanned at 200 dpi; no line stands outside the
    # tables, and the report was `unidentified`
    pdf = SCANNED / "pdf" / "scan_2023_p1.pdf"
    result = process_file(pdf, hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert (result.county, result.agency, result.year) == ("盐池县", "星青街道", 2022)


@needs_model
def test_a_title_s_character_dots_are_read_with_it():
    # title_1143: the title line of scan_1143 (300 dpi, faint print, blur, JPEG 46); the two dots
    # of 池's 氵 are marks smaller than a stroke, were cut out with the specks, and the issuer
    # was loaded as 盐他县星兴委员会
    from PIL import Image

    gray = np.array(Image.open(SCANNED / "png" / "title_1143.png").convert("L"))
    height, width = gray.shape
    _, lines = ocr.read_image(gray, 1, width / 300 * 72, height / 300 * 72, top_lines=3)
    assert [text for text, _ in lines] == ["盐池县星兴委员会2021年政府信息公开工作年度报告"]


def grids_of_first_page(name: str) -> list:
    """OCR's grids of page 1 of a kept scan."""
    from extract.text import load_pdf

    pdf = load_pdf(SCANNED / "pdf" / name)
    with PDFIUM:
        grids, _ = ocr.read_page(pdf.pages[0], 1)
    return grids


def row_labelled(grid, label: str) -> list[str]:
    """The cells of the first row of an OCR grid with a cell holding ``label``."""
    return next(cells for cells in grid.cells if any(label in cell for cell in cells))


@needs_model
@pytest.mark.slow  # one page at 300 dpi, four ways to its grid: 10 s
def test_a_faint_print_of_grey_borders_as_grey_as_the_grain_is_found_and_read():
    # scan_2086_p2: page 2 of a portal page printed by Chromium with `border="1"` (grey boxes
    # apart), faint (39 %), scanned at 300 dpi; the rules' pixels straddle the paper's grain
    # floor and no way found a table on any page: `needs_ocr`
    grids = grids_of_first_page("scan_2086_p2.pdf")
    assert len(grids) == 1
    row = row_labelled(grids[0], "本年新收")
    assert [cell for cell in row if cell.isdigit()][-7:] == ["30", "42", "56", "38", "24", "29", "219"]


@needs_model
@pytest.mark.slow  # one page at 300 dpi, up to four ways to its grid: 10 s
def test_a_portal_page_of_boxes_apart_in_rows_of_one_line_is_read_past_its_frame():
    # scan_2098_p2: page 2 of a portal page printed by Chromium with `border="1"`, scanned at 300
    # dpi: tables 三 and 四 inside the layout frame, their boxes' sides short in rows of one line.
    # camelot joined sides only where they were long, and the frame made one grid of both
    # tables: 16 of 198 cells read surely, `needs_ocr`
    grids = grids_of_first_page("scan_2098_p2.pdf")
    assert len(grids) == 2
    row = row_labelled(grids[0], "本年新收")
    assert list(dict.fromkeys(cell for cell in row if cell.isdigit())) == ["20", "76", "47", "45", "50", "40", "278"]
    assert [cell for cell in row_labelled(grids[0], "补正后") if cell.isdigit()][-1] == "4"
    assert any("行政复议" in cell for cell in grids[1].cells[0])


def test_with_ocr_off_a_scan_stays_needs_ocr(tmp_path):
    pdf = SCANNED / "pdf" / "scan_21.pdf"
    result = process_file(pdf, "x", ocr=OcrOptions(enabled=False))
    assert result.status == "needs_ocr" and "OCR" in result.detail


@needs_model
@pytest.mark.slow  # three blank pages looked at in every way: 5 s
def test_a_scan_of_blank_pages_loads_nothing_and_says_why(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "blank_scan.pdf"
    image = tmp_path / "blank.png"
    from PIL import Image

    Image.fromarray(np.full((1100, 850), 250, dtype=np.uint8)).save(image)
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.drawImage(str(image), 0, 0, 595, 842)
        c.showPage()
    c.save()
    result = process_file(path, "x")
    assert result.status == "needs_ocr" and result.facts is None
    assert "找不到带框线的表格" in result.detail


@needs_model
def test_a_point_the_model_half_saw_between_two_digits_is_a_doubt():
    recogniser = ocr.recogniser()
    alphabet = recogniser.alphabet

    def steps(point_between: float) -> np.ndarray:
        probs = np.full((5, len(alphabet)), 1e-4, dtype=np.float32)
        for t, char in enumerate(["", "1", "", "2", ""]):
            probs[t, alphabet.index(char) if char else 0] = 0.9
        probs[2, recogniser.point] = point_between
        return probs

    assert recogniser._point_between(steps(0.3))       # 12 or 1.2: a person checks
    assert not recogniser._point_between(steps(0.001))


def test_a_point_drawn_on_the_baseline_between_digits_is_seen():
    import cv2

    def value(point: bool) -> np.ndarray:
        image = np.full((48, 100), 250, dtype=np.uint8)
        cv2.putText(image, "1", (8, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
        cv2.putText(image, "2", (30, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
        cv2.putText(image, "5", (66, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
        if point:
            image[34:38, 56:60] = 20
        return image

    assert ocr._point_drawn(value(True)) and not ocr._point_drawn(value(False))


def test_a_slash_a_scan_broke_into_dashes_is_still_one_slanted_stroke():
    broken = stroke(6)
    broken[12:15, :] = 255  # two gaps cut across the slash, as a 1-bit scan cuts a faint one
    broken[24:27, :] = 255
    assert ocr._one_stroke(broken) and ocr._slanted(broken)
    import cv2

    bars = np.full((60, 30), 255, dtype=np.uint8)
    for y in (8, 20, 32, 44):  # short flat strokes stacked: characters, not a stroke
        cv2.line(bars, (8, y), (22, y), 0, 2)
    assert not ocr._one_stroke(bars)
    side_by_side = np.full((40, 40), 255, dtype=np.uint8)
    cv2.line(side_by_side, (10, 5), (10, 34), 0, 2)
    cv2.line(side_by_side, (28, 5), (28, 34), 0, 2)
    assert not ocr._one_stroke(side_by_side)  # 11 is two strokes


def assert_one_grid_of_separate_cells(page: np.ndarray, xs: list[int], ys: list[int]) -> None:
    """The page image (1600 x 1200 at 300 dpi) holds one grid, its rules at ``xs`` and ``ys``,
    and no two of its cells are one region."""
    from extract.cells import _merged_regions

    tables = ocr._lattice(page, 1600 * 72 / 300, 1200 * 72 / 300)
    assert len(tables) == 1
    table = tables[0]
    assert table.shape == (len(ys) - 1, len(xs) - 1)
    assert len(set(_merged_regions(table.cells).values())) == (len(ys) - 1) * (len(xs) - 1)


def test_thick_rules_of_a_blurred_low_resolution_scan_keep_their_crossings():
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    ys, xs = list(range(200, 1000, 100)), [200, 500, 800, 1100, 1400]
    for y in ys:
        cv2.line(page, (200, y), (1400, y), 0, 12)  # rules as thick as a 100-dpi scan's under blur
    for x in xs:
        cv2.line(page, (x, 200), (x, 900), 0, 12)
    assert_one_grid_of_separate_cells(page, xs, ys)


def test_rows_parted_by_rules_that_start_where_a_lost_rule_stood_stay_apart():
    """A 1-bit scan lost most of the rule between a group label and its rows' labels: a piece of
    it is left, short and crossing no rule, so it is no column of the table. The rows' rules start
    where it stood; they must still part the rows in every column they cross, and in the label
    column, which they cross for the most part."""
    import cv2

    page = np.full((1200, 1600), 255, dtype=np.uint8)
    xs, ys = [100, 700, 900, 1100, 1300], list(range(200, 800, 100))
    for y in ys:
        left = xs[0] if y in (ys[0], ys[-1]) else 300  # the inner rules start at the lost rule
        cv2.line(page, (left, y), (xs[-1], y), 0, 3)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    cv2.line(page, (300, 420), (300, 480), 0, 3)  # what is left of the lost rule
    assert_one_grid_of_separate_cells(page, xs, ys)


@needs_model
def test_a_table_ruled_in_light_grey_is_found_beside_print_in_black():
    import cv2

    page = np.full((1200, 1600), 250, dtype=np.uint8)
    xs, ys = [200, 500, 800, 1100, 1400], list(range(200, 800, 100))
    for y in ys:  # a web page's #ccc borders: lighter than the print's threshold, darker than paper
        cv2.line(page, (xs[0], y), (xs[-1], y), 200, 3)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 200, 3)
    for row, y in enumerate(ys[:-1]):
        for x in xs[:-1]:
            cv2.putText(page, str(row + 1), (x + 40, y + 70), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
    page[900:1150, 200:1400] = 0  # the page's print, far more of it than of the rules
    grids, _ = ocr.read_image(page, 1, 1600 * 72 / 300, 1200 * 72 / 300)
    assert [grid.cells for grid in grids] == [[[str(row + 1)] * 4 for row in range(5)]]


def test_a_row_rule_that_pokes_into_a_column_starts_at_its_far_side_one_that_covers_it_at_its_near_side():
    from extract.grids import row_rules_onto_columns

    xs = [10.0, 110.0, 140.0, 170.0]
    rules = [(20.0, 500.0, 170.0, 500.0),  # most of the first column: its start was lost
             (95.0, 480.0, 170.0, 480.0),  # pokes into it (a turned label's ink beside the rule)
             (110.5, 460.0, 170.0, 460.0),  # on a boundary already
             (115.0, 440.0, 135.0, 440.0)]  # crosses no boundary: a dash inside a cell
    assert row_rules_onto_columns(rules, xs, 2) == [(10.0, 500.0, 170.0, 500.0), (110.0, 480.0, 170.0, 480.0),
                                                    (110.5, 460.0, 170.0, 460.0), (115.0, 440.0, 135.0, 440.0)]


def test_a_column_rule_starting_inside_a_row_starts_on_the_nearer_of_its_boundaries():
    # camelot drops a column rule whose top is on no row boundary: a header's dashed rule lost
    # left the value columns' rules starting inside a header row, and six columns were read as one
    from extract.grids import column_rules_onto_rows

    ys = [700.0, 690.0, 640.0, 620.0]  # row boundaries, top down (PDF points, y up)
    rules = [(300.0, 620.0, 300.0, 682.0),  # most of the second row: the rule across its top was lost
             (320.0, 620.0, 320.0, 645.0),  # pokes into it (ink beside the rule)
             (340.0, 620.0, 340.0, 689.5),  # on a boundary already
             (360.0, 650.0, 360.0, 680.0)]  # crosses no boundary: a dash inside a cell
    assert column_rules_onto_rows(rules, ys, 2) == [(300.0, 620.0, 300.0, 690.0), (320.0, 620.0, 320.0, 640.0),
                                                    (340.0, 620.0, 340.0, 689.5), (360.0, 650.0, 360.0, 680.0)]


def test_a_minus_printed_against_the_cell_s_left_rule_is_seen_beside_the_line():
    mask = np.zeros((40, 30), dtype=np.uint8)
    mask[:, 0:6] = 255  # the rule, 6 px thick, its rim included
    line = (8, 32)  # a line of digits 24 px high
    mask[19:22, 6:11] = 255  # a minus at mid-height, joined to the rule
    assert ocr._ink_before(mask, *line, rule=3, start=12)
    mask[19:22, 6:11] = 0
    assert not ocr._ink_before(mask, *line, rule=3, start=12)  # the rule alone
    mask[8:32, 8:11] = 255  # a digit's edge inside the margin: as tall as the line
    assert not ocr._ink_before(mask, *line, rule=3, start=12)


def test_a_black_and_white_page_is_told_and_smoothed_for_its_second_reading():
    import cv2

    page = np.full((200, 300), 255, dtype=np.uint8)
    cv2.putText(page, "1024", (20, 120), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 3, lineType=cv2.LINE_8)
    assert ocr.one_bit(page)
    soft = ocr.smoothed(page, 300 / 72)
    edges = (soft > 0) & (soft < 255)
    assert edges.sum() > 2 * ((page > 0) & (page < 255)).sum() and soft.min() < 128  # grey edges, strokes dark
    scanned_grey = np.clip(cv2.GaussianBlur(page, (0, 0), 1) * 0.9 + 12, 0, 255).astype(np.uint8)
    assert not ocr.one_bit(scanned_grey)  # a grey scan's paper is no pure white


def test_readings_are_compared_by_their_sure_values_each_merged_cell_once():
    box = (0.0, 0.0, 10.0, 10.0)
    grid = ocr.OcrGrid(page=1, cells=[["规章", "12", "12"], ["x", "7", "/"]],
                       confidence=[[1.0, 0.95, 0.95], [0.99, 0.5, 0.97]],
                       boxes=[[(0, 0, 1, 1), box, box], [(0, 1, 1, 2), (1, 1, 2, 2), (2, 1, 3, 2)]])
    # 12 (one merged cell over two columns) and the slash; not the label, not the doubtful 7; the
    # Latin x is no Hanzi but is sure: it counts
    assert ocr._sure_cells([grid]) == 3


def test_two_readings_of_a_black_and_white_page_are_made_one_cell_by_cell():
    boxes = [[(0, 0, 1, 1), (1, 0, 2, 1), (2, 0, 3, 1), (3, 0, 4, 1), (4, 0, 5, 1), (5, 0, 6, 1)]]
    raw = ocr.OcrGrid(page=1, cells=[["规章", "12", "0", "8", "", "5"]],
                      confidence=[[0.8, 0.6, 0.95, 0.97, None, 0.93]], boxes=boxes)
    soft = ocr.OcrGrid(page=1, cells=[["规章", "12", "6", "3", "0", ""]],
                       confidence=[[0.99, 0.98, 0.5, 0.96, 0.92, None]], boxes=boxes)
    both = ocr._agreed(raw, soft)
    assert both.cells == [["规章", "12", "0", "8", "0", "5"]]
    # agreeing: the surer; differing, one unsure: the surer, as sure; differing, both sure: a
    # doubt; ink in one reading only: a doubt, never a blank
    assert both.confidence == [[0.99, 0.98, 0.95, 0.0, 0.0, 0.0]]
    assert both.boxes is raw.boxes


def _bows(bulge: int, gap: int = 10, height: int = 28) -> np.ndarray:
    """A line image of two thin strokes side by side, each bulging outward by ``bulge`` pixels at
    mid-height (a 0 whose top and bottom a 1-bit scan lost; ``bulge`` 0: two standing 1s)."""
    import cv2

    line = np.full((height + 16, 2 * 8 + gap + 16), 255, dtype=np.uint8)
    top, bottom, mid = 8, 8 + height, 8 + height // 2
    left, right = 8 + bulge, 8 + bulge + 4 + gap
    for x, side in ((left, -1), (right, 1)):
        points = np.array([(x, top), (x + side * bulge, mid), (x, bottom)], dtype=np.int32)
        cv2.polylines(line, [points], False, 0, thickness=3)
    return line


def test_a_zero_whose_top_and_bottom_a_black_and_white_scan_lost_is_told_by_its_two_bows():
    assert ocr._open_zero(_bows(bulge=3))
    assert not ocr._open_zero(_bows(bulge=0))  # 11: two strokes standing straight
    assert not ocr._open_zero(_bows(bulge=-3))  # )(: bows facing away
    assert not ocr._open_zero(_bows(bulge=3, gap=40))  # two marks a character apart
    # a slight bulge: a 0 only when the model too read a 0
    slight = _bows(bulge=1, height=60)
    assert ocr._open_zero(slight, read_as_zero=True) and not ocr._open_zero(slight)


@needs_model
def test_texts_far_apart_on_one_line_outside_the_tables_are_read_as_two_lines():
    # a portal's menu heading (栏目导航) beside the report's title, in its layout's cells: read as
    # one line, the heading became the start of the agency's name
    import cv2

    scale = 300 / 72
    page = np.full((400, 2400), 255, dtype=np.uint8)
    cv2.putText(page, "2019", (100, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 5)
    cv2.putText(page, "2468", (1400, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 5)
    mask = ocr.binarised(page)
    lines = ocr._free_lines(page, mask, [], 4, scale)
    assert [text for text, _ in lines] == ["2019", "2468"]


def test_lines_printed_with_tight_leading_are_told_apart_by_a_few_blank_rows():
    # scan_2018 (Calc, 100 dpi): the title stood 5 blank rows above the prose at 300 dpi, closer
    # than the 8 the page's line gap allowed, and was read as one crop with it, and lost
    rows = np.array([*range(290, 330), *range(335, 372), *range(381, 410)])
    assert ocr._text_rows(rows, gap=8, least=20) == [(290, 330), (335, 372), (381, 410)]
    # a line's pieces lower than a line (二's two strokes, a comma's tail) stay in it
    two = np.array([*range(100, 108), *range(125, 133), *range(160, 200), *range(202, 206)])
    assert ocr._text_rows(two, gap=20, least=20) == [(100, 133), (160, 206)]
    # a piece with no line near it stays alone (a speck line, dropped later by its height)
    assert ocr._text_rows(np.array([*range(10, 14), *range(100, 140)]), gap=8, least=20) == [(10, 14), (100, 140)]


def test_the_later_ways_to_a_grid_are_left_when_only_running_text_stands_beside_the_tables():
    # the later ways (rules drawn whole, grey runs) cost about a second a page; a page's prose
    # beside its tables asks for none, a line parted as a table's columns are still does
    from types import SimpleNamespace

    scale = 300 / 72
    page = np.full((1200, 2400), 255, dtype=np.uint8)
    table = SimpleNamespace(rows=[(150.0, 60.0)], cols=[(20.0, 500.0)])  # pixel rows 575 to 950

    def character(x: int, y: int) -> None:
        page[y:y + 40, x:x + 40] = 0

    for y in (40, 100, 160, 220):  # lines of prose, characters 8 px apart
        for x in range(100, 2200, 48):
            character(x, y)
    assert ocr._text_lines_only(ocr._outside(page, [table], 288.0, scale), scale)
    for x in range(100, 2200, 400):  # a row of a table whose rules were not found: columns apart
        character(x, 300)
    assert not ocr._text_lines_only(ocr._outside(page, [table], 288.0, scale), scale)
    page[300:340] = 255
    for x in range(100, 2200, 400):  # the same row's cells, dashed rules between them: no fill
        page[300:340, x + 150:x + 152] = 0
        character(x, 300)
    assert not ocr._text_lines_only(ocr._outside(page, [table], 288.0, scale), scale)
    page[300:340] = 255
    for i, x in enumerate(range(100, 1000, 110)):  # a header printed top to bottom (scan_2051):
        for y in (300, 345, 390)[:3 - i % 2]:  # columns of 3 and 2 characters, each centred
            character(x, y + 22 * (i % 2))
    assert not ocr._text_lines_only(ocr._outside(page, [table], 288.0, scale), scale)
    page[300:430] = 255
    page[600:640, 100:140] = 0  # inside the table: not outside it
    page[600:640, 1800:1840] = 0
    assert ocr._text_lines_only(ocr._outside(page, [table], 288.0, scale), scale)


def test_a_dashed_rule_between_two_lines_is_taken_out_with_the_solid_ones():
    # a portal page's dashed frame between its breadcrumb and the title, read across the grid:
    # left in, its dashes join the two lines into one
    mask = np.zeros((400, 1600), dtype=np.uint8)
    mask[100:140, 200:240] = 255  # a character of the line above
    mask[260:300, 200:240] = 255  # a character of the line below
    for x in range(100, 1500, 16):
        mask[200:204, x:x + 8] = 255  # the dashed rule between them
    out = ocr._without_long_rules(mask, 300 / 72)
    assert not out[195:210].any()
    assert out[100:140, 200:240].all() and out[260:300, 200:240].all()
