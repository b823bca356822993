"""The ruled lines of a page, read from pdfium's path objects, as camelot's layout objects.

camelot's vector engine finds table grids from the page's stroked lines and rectangles,
which it takes from a full text layout analysis (playa). That analysis costs most of
camelot's time, and its text is not used here (cells are filled from pdfium's glyph
boxes), so the lines are read from pdfium directly and classified the way playa does:
a two-point subpath is a line, a closed axis-aligned four-corner subpath a rectangle,
anything else a curve (which camelot ignores).
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from playa.miner import LTLine, LTPage

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # a stroked rectangle: start, end across the rules; start, end along
Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Corners closer than this (PDF points) are the same point: pdfium stores coordinates as
# 32-bit floats, so a rectangle's closing corner may differ from its first in the last digit.
SAME_POINT = 1e-3
MOVETO, BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
# Form XObjects nest; deeper than this is not a table's ruling.
MAX_FORM_DEPTH = 4
# Rules closer than this (points) are one: the two borders of neighbouring cells drawn apart
# (HTML's border-spacing, 2 px by default, plus the borders' own width). Rows are further apart.
MERGE_RULES = 4.0
# Rules that only meet end to end, not side by side, are one when this close (points): the sides of
# cells one under the other. Further apart they are the rules of two tables printed flush, each with
# column widths of its own (a web page's long table split in two); merged, they would move both.
END_TO_END = 1.0
# Rules closer than this (points) hold no character between them: no need to look.
NO_GLYPH = 2.0
# One rule drawn double (a table's frame, the cell spacing and a cell's border) is at most this wide
# (points) in all; two rules this far apart along SIDE_BY_SIDE points or more are two, text or not.
WIDEST_DOUBLE = 6.0
SIDE_BY_SIDE = 20.0
ORTHOGONAL = 0.5  # a rule's ends differ by at most this across it (camelot's tolerance)
THIN_RECT = 1.5  # a filled rectangle this thin is a rule drawn as a rectangle (camelot's reading)
DOTS_IN_RULE = 3  # dots in a row that draw a rule (a dotted border); fewer are not one
THROUGH_TEXT = 3  # characters whose centres lie on a rule across: it is drawn through their line
ON_RULE = 1.0  # points: a character's centre this close to a rule lies on it
LINE_SPAN = 8.0  # points: rules this close above and below one through text part no line of it
# Lines of one extent side by side, nearer than MERGE_RULES: one rule drawn double draws two; this
# many are the sides of blank cells squeezed a few points wide (extract/rules.py: _ladder_lines).
LADDER_LINES = 3
# Pairs of rules this many apart, within DOUBLE_STEP points, make a page's spacing of rules drawn
# double (extract/rules.py: _double_spacing); fewer are blank cells squeezed, not a drawing habit.
DOUBLE_SEEN = 6
DOUBLE_STEP = 0.25
OPEN_FRAME_SIDES = 2  # vertical rules ending at one height with no rule across them: a frame left open


@dataclass(frozen=True)
class Shape:
    """One painted subpath: a ``line`` (two points) or an axis-aligned ``rect`` (x0 < x1, y0 < y1)."""

    kind: str
    x0: float
    y0: float
    x1: float
    y1: float
    stroke: bool
    fill: bool


def page_shapes(page: pdfium.PdfPage) -> list[Shape]:
    """Every painted line and rectangle of a page, in page coordinates (points, origin bottom left)."""
    shapes: list[Shape] = []
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    for i in range(count):
        _collect(pdfium_c.FPDFPage_GetObject(page.raw, i), IDENTITY, 0, shapes)
    return shapes


def rules_layout(shapes: list[Shape], width: float, height: float, glyphs: list[Point] = ()) -> LTPage:
    """The shapes' rules, merged (:func:`merged_rules`; ``glyphs``: the page's character centres), as
    the playa layout camelot's vector engine reads lines from (no text)."""
    layout = LTPage(1, (0.0, 0.0, width, height))
    for x0, y0, x1, y1 in merged_rules(shapes, glyphs=glyphs):
        obj = LTLine()
        obj.set_bbox((x0, y0, x1, y1))
        obj.stroke, obj.fill = True, False
        layout.add(obj)
    return layout


def merged_rules(shapes: list[Shape], tolerance: float = MERGE_RULES,
                 glyphs: list[Point] = ()) -> list[tuple[float, float, float, float]]:
    """The horizontal and vertical rules the shapes draw, as camelot reads them (a stroked line, a
    stroked rectangle's four edges, a thin filled rectangle's middle), with rules closer than
    ``tolerance`` merged into one: cells drawn as boxes apart from each other (HTML's separate
    borders, Word's spacing between cells) draw each rule twice, a few points apart. Two rules with
    a character between them (of ``glyphs``, the page's character centres) bound a narrow column
    or row, and stay two; so do two rules with a box drawn between them (a cell's border drawn as a
    stroked rectangle: a blank cell squeezed a few points wide beside others, each its own box)."""
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    for x0, y0, x1, y1 in _segments(shapes):
        if abs(y1 - y0) <= ORTHOGONAL and x1 - x0 > 0:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif abs(x1 - x0) <= ORTHOGONAL and y1 - y0 > 0:
            vertical.append(((x0 + x1) / 2, y0, y1))
    boxes = [s for s in shapes if s.kind == "rect" and s.stroke]
    down = _merged(vertical, tolerance, sorted(glyphs), sorted((b.x0, b.x1, b.y0, b.y1) for b in boxes
                                                               if b.x1 - b.x0 > THIN_RECT))
    by_height = sorted((y, x) for x, y in glyphs)
    across = _merged(horizontal, tolerance, by_height, sorted((b.y0, b.y1, b.x0, b.x1) for b in boxes
                                                              if b.y1 - b.y0 > THIN_RECT))
    across = [rule for rule in across if not _through_text(rule, across, by_height)]
    across += _open_ends_closed(down, across, tolerance)
    across, down = _reaching(across, down, tolerance), _reaching(down, across, tolerance)
    return [(lo, at, hi, at) for at, lo, hi in across] + [(at, lo, at, hi) for at, lo, hi in down]


def _through_text(rule: tuple[float, float, float], across: list[tuple[float, float, float]],
                  glyphs: list[Point]) -> bool:
    """Whether a rule across (y, x0, x1) is drawn through a line of text, parting no rows: the centres
    of THROUGH_TEXT characters or more (of ``glyphs``, as (y, x), sorted) lie on it, and rules of
    ``across`` run beside it within LINE_SPAN both above and below (rows that low hold no line of
    their own). QtWebKit draws the side of a cell spanning two rows through the text of the cell
    beside it. A page's last rule cutting the text of a cell the page break cut has no rule under
    it: it stays."""
    at, lo, hi = rule
    first, last = bisect_left(glyphs, (at - ON_RULE, float("-inf"))), bisect_right(glyphs, (at + ON_RULE, float("inf")))
    if sum(lo <= x <= hi for _, x in glyphs[first:last]) < THROUGH_TEXT:
        return False
    beside = [y for y, x0, x1 in across if x0 < hi and x1 > lo and 0 < abs(y - at) <= LINE_SPAN]
    return any(y > at for y in beside) and any(y < at for y in beside)


def _open_ends_closed(down: list[tuple[float, float, float]], across: list[tuple[float, float, float]],
                      tolerance: float) -> list[tuple[float, float, float]]:
    """Rules across the top of a table's frame left open, as (y, x0, x1): where OPEN_FRAME_SIDES
    vertical rules or more (as (x, y0, y1)) end at one height (within ORTHOGONAL), others between
    them stop short of it (within ``tolerance``), and no rule across runs there, a rule from the
    first to the last of them. A frame alone is left open: a page layout's. A browser leaves
    a table's frame open at the top of the page its rows go on to, and there the cells' sides (drawn
    apart from the frame's, HTML's cell spacing) stop short of the frame's sides: closed, the frame's
    top is where they all end. An open foot is left as it is: text run on under it is read there
    (extract/cells.py: open_foot)."""
    out: list[tuple[float, float, float]] = []
    by_top: dict[int, list[tuple[float, float, float]]] = {}
    for rule in down:
        by_top.setdefault(round(rule[2] / ORTHOGONAL), []).append(rule)
    for _, rules in sorted(by_top.items(), reverse=True):  # the highest first: the frame's sides
        if len(rules) < OPEN_FRAME_SIDES:
            continue
        at = sum(r[2] for r in rules) / len(rules)
        left, right = min(r[0] for r in rules), max(r[0] for r in rules)
        short = [r for r in down if left < r[0] < right and ORTHOGONAL < at - r[2] <= tolerance]
        if short and not any(abs(y - at) <= tolerance and x0 <= right and x1 >= left for y, x0, x1 in [*across, *out]):
            out.append((at, left, right))
    return out


def _reaching(rules: list[tuple[float, float, float]], crossing: list[tuple[float, float, float]],
              tolerance: float) -> list[tuple[float, float, float]]:
    """Rules (position, start, end) with each end that stops within ``tolerance`` of a crossing
    rule carried to it: rules merged into one lie between where each was drawn (a table's frame
    and its cells' sides a few points inside it), and the rules that met any of them must meet it,
    or the grid loses that row or column."""
    ordered = sorted(crossing)
    positions = [c[0] for c in ordered]

    def nearest(end: float, at: float) -> float:
        # the crossing rules within tolerance of this end (found by position), that span ``at``
        first, last = bisect_left(positions, end - tolerance), bisect_right(positions, end + tolerance)
        near = [c_at for c_at, c_lo, c_hi in ordered[first:last] if c_lo - tolerance <= at <= c_hi + tolerance]
        return min(near, key=lambda c: abs(c - end), default=end)

    return [(at, nearest(lo, at), nearest(hi, at)) for at, lo, hi in rules]


def _segments(shapes: list[Shape]) -> list[tuple[float, float, float, float]]:
    dots = [s for s in shapes if s.kind == "rect" and s.fill and max(s.x1 - s.x0, s.y1 - s.y0) <= THIN_RECT]
    out = dotted_rules(dots)
    for s in shapes:
        if s.kind == "line" and s.stroke:
            out.append((s.x0, s.y0, s.x1, s.y1))
        elif s.kind == "rect" and s.stroke:
            out += [(s.x0, s.y0, s.x1, s.y0), (s.x0, s.y1, s.x1, s.y1), (s.x0, s.y0, s.x0, s.y1),
                    (s.x1, s.y0, s.x1, s.y1)]
        elif s.kind == "rect" and s.fill and min(s.x1 - s.x0, s.y1 - s.y0) <= THIN_RECT < max(s.x1 - s.x0,
                                                                                                   s.y1 - s.y0):
            if s.x1 - s.x0 >= s.y1 - s.y0:
                out.append((s.x0, (s.y0 + s.y1) / 2, s.x1, (s.y0 + s.y1) / 2))
            else:
                out.append(((s.x0 + s.x1) / 2, s.y0, (s.x0 + s.x1) / 2, s.y1))
    return out


def dotted_rules(dots: list[Shape], gap: float = MERGE_RULES) -> list[tuple[float, float, float, float]]:
    """Rules drawn as dots (a dotted border: small filled squares in a row): each run of at least
    DOTS_IN_RULE dots on one line, none further than ``gap`` from the next, is one rule. A dot
    alone, or beside one other, is no rule; nor is a run most of whose dots lie on longer runs
    across it: the dots of narrow columns' dotted sides, side by side at every height (Chromium
    draws each dot of a 1 px dotted border as a square of its own), are no rule across them."""
    runs = {across: [run for line in _dot_lines(dots, across) for run in _dot_runs(line, across, gap)]
            for across in (False, True)}
    run_size = {across: {id(d): len(run) for run in runs[across] for d in run} for across in (False, True)}
    out: list[tuple[float, float, float, float]] = []
    for across in (False, True):  # rows of dots, then columns
        for run in runs[across]:
            crossed = sum(run_size[not across][id(d)] > len(run) for d in run)
            if len(run) < DOTS_IN_RULE or 2 * crossed > len(run):
                continue
            at = sum((r.x0 + r.x1) / 2 if across else (r.y0 + r.y1) / 2 for r in run) / len(run)
            out.append((at, run[0].y0, at, run[-1].y1) if across else (run[0].x0, at, run[-1].x1, at))
    return out


def _dot_lines(dots: list[Shape], across: bool) -> list[list[Shape]]:
    """Dots grouped by the line they lie on (their centre's height, or with ``across`` their centre's
    x, within ORTHOGONAL), each line in order along it."""
    lines: dict[int, list[Shape]] = {}
    for d in dots:
        at = (d.x0 + d.x1) / 2 if across else (d.y0 + d.y1) / 2
        lines.setdefault(round(at / ORTHOGONAL), []).append(d)
    return [sorted(line, key=lambda d: d.y0 if across else d.x0) for line in lines.values()]


def _dot_runs(line: list[Shape], across: bool, gap: float) -> list[list[Shape]]:
    """A line's dots cut where one is further than ``gap`` from the next."""
    runs: list[list[Shape]] = []
    for d in line:
        if runs and (d.y0 - runs[-1][-1].y1 if across else d.x0 - runs[-1][-1].x1) <= gap:
            runs[-1].append(d)
        else:
            runs.append([d])
    return runs


def _merged(rules: list[tuple[float, float, float]], tolerance: float,
            glyphs: list[Point] = (), boxes: list[Box] = ()) -> list[tuple[float, float, float]]:
    """Rules (position, start, end) of one direction merged: the pieces of one line first
    (:func:`_collinear`); then those whose positions lie within ``tolerance`` of each other and
    whose extents overlap become one, at their mean position (or that nearly meet, at one position:
    END_TO_END), unless they bound something (:func:`_text_between`; ``glyphs``: character centres
    as (position across the rules, position along them), sorted; ``boxes``: stroked rectangles as
    (start and end across the rules, start and end along them), sorted). Two tables printed flush are told
    apart later, in their grid: extract/cells.py: flush_parts."""
    out: list[tuple[float, float, float]] = []
    groups: list[list[tuple[float, float, float]]] = []
    joined = sorted(_collinear(rules, tolerance))
    double = _double_spacing(joined, tolerance)
    for rule in joined:
        if groups and rule[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    for group in groups:
        spans: list[list[float]] = []
        members: list[list[tuple[float, float, float]]] = []
        lines = _ladder_lines(group, double, boxes)
        for at, lo, hi in sorted(group, key=lambda r: r[1]):
            # the span it runs beside, unless they bound something (the rules of a narrow column,
            # chained only through a rule of a flush table's other part between them, or blank
            # cells squeezed side by side), or meets end to end at its position; the nearest of them
            fits = [k for k, (_, s_hi) in enumerate(spans)
                    if (lo < s_hi and not _text_between((at, lo, hi), members[k], glyphs, boxes)
                        and not _apart((at, lo, hi), members[k], lines))
                    or (lo <= s_hi + tolerance and min(abs(at - m[0]) for m in members[k]) <= END_TO_END)]
            k = min(fits, key=lambda k: min(abs(at - m[0]) for m in members[k]), default=None)
            if k is None:
                spans.append([lo, hi])
                members.append([(at, lo, hi)])
            else:
                spans[k][1] = max(spans[k][1], hi)
                members[k].append((at, lo, hi))
        out += [(sum(m[0] for m in ms) / len(ms), lo, hi) for (lo, hi), ms in zip(spans, members, strict=True)]
    return out


def _double_spacing(rules: list[tuple[float, float, float]], tolerance: float) -> float | None:
    """The spacing (points) at which a page draws its rules double, or None: the commonest distance
    between two rules (position, start, end; sorted by position) side by side within ``tolerance``,
    when DOUBLE_SEEN pairs or more are that far apart (within DOUBLE_STEP). Cells drawn as boxes apart (HTML's
    separate borders) double every boundary of a table, at the spacing the page sets."""
    gaps: Counter[int] = Counter()
    for i, (at, lo, hi) in enumerate(rules):
        for o_at, o_lo, o_hi in rules[i + 1:]:
            if o_at - at > tolerance:
                break
            if o_at - at > ORTHOGONAL and min(hi, o_hi) > max(lo, o_lo):
                gaps[round((o_at - at) / DOUBLE_STEP)] += 1
    if not gaps:
        return None
    step, _ = gaps.most_common(1)[0]
    seen = gaps[step - 1] + gaps[step] + gaps[step + 1]
    return step * DOUBLE_STEP if seen >= DOUBLE_SEEN else None


def _ladder_lines(group: list[tuple[float, float, float]], double: float | None = None,
                  boxes: list[Box] = ()) -> dict[tuple[float, float, float], tuple[int, int]]:
    """Rules of a merge group (position, start, end) that are LADDER_LINES lines or more of one extent
    (start and end within ORTHOGONAL), side by side, counting as one line those closer than NO_GLYPH
    or ``double`` apart (the page's :func:`_double_spacing`) or one box's end and the next box's
    start (of ``boxes``, as :func:`_merged` has them): each such rule with its ladder's number and
    its line's. One rule drawn double draws two lines of one extent (two cells' sides around the
    spacing; the two strokes of a double border); three lines or more are the sides of cells
    squeezed a few points wide, blank, each a boundary of its own."""
    by_extent: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    for rule in group:
        by_extent.setdefault((round(rule[1] / ORTHOGONAL), round(rule[2] / ORTHOGONAL)), []).append(rule)
    out: dict[tuple[float, float, float], tuple[int, int]] = {}
    for number, rules in enumerate(by_extent.values()):
        if len(rules) < LADDER_LINES:
            continue
        rules = sorted(rules)
        line_of = [0]
        for previous, rule in pairwise(rules):
            gap = rule[0] - previous[0]
            one_line = (gap < NO_GLYPH or (double is not None and abs(gap - double) <= DOUBLE_STEP)
                        or _between_boxes(previous[0], rule[0], boxes))
            line_of.append(line_of[-1] + (not one_line))
        if line_of[-1] + 1 >= LADDER_LINES:
            out.update({rule: (number, k) for rule, k in zip(rules, line_of, strict=True)})
    return out


def _between_boxes(a: float, b: float, boxes: list[Box]) -> bool:
    """Whether one of ``boxes`` ends at ``a`` and another starts at ``b`` (within ORTHOGONAL): the
    spacing between two cells drawn as boxes apart."""
    return (any(abs(end - a) <= ORTHOGONAL for _, end, _, _ in boxes)
            and any(abs(start - b) <= ORTHOGONAL for start, _, _, _ in boxes))


def _apart(rule: tuple[float, float, float], others: list[tuple[float, float, float]],
           lines: dict[tuple[float, float, float], tuple[int, int]]) -> bool:
    """Whether ``rule`` and one of ``others`` are different lines of one ladder (:func:`_ladder_lines`)."""
    mine = lines.get(rule)
    if mine is None:
        return False
    theirs = [lines[o] for o in others if o in lines]
    return any(ladder == mine[0] and line != mine[1] for ladder, line in theirs)


def _collinear(rules: list[tuple[float, float, float]], gap: float) -> list[tuple[float, float, float]]:
    """Pieces of one line joined: rules (position, start, end) at one position (within ORTHOGONAL)
    whose extents overlap or are less than ``gap`` apart (the dashes of a dashed rule, the sides of
    cells one under the other), so that a rule's length is known before rules side by side merge."""
    out: list[tuple[float, float, float]] = []
    lines: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules):
        if lines and rule[0] - lines[-1][0][0] <= ORTHOGONAL:
            lines[-1].append(rule)
        else:
            lines.append([rule])
    for line in lines:
        run: list[tuple[float, float, float]] = []
        end = float("-inf")
        for rule in [*sorted(line, key=lambda r: r[1]), None]:
            if rule is not None and (not run or rule[1] <= end + gap):
                run.append(rule)
                end = max(end, rule[2])
                continue
            out.append((sum(r[0] for r in run) / len(run), run[0][1], end))
            run, end = ([rule], rule[2]) if rule is not None else ([], end)
    return out


def _text_between(rule: tuple[float, float, float], others: list[tuple[float, float, float]],
                  glyphs: list[Point], boxes: list[Box] = ()) -> bool:
    """Whether a rule (position, start, end) and one of ``others`` bound something: a character centre
    (of ``glyphs``, sorted by position across the rules) or a box (of ``boxes``, as
    :func:`_merged` has them) lies between them where they run side by side, or they run side by
    side further apart than one rule drawn double, unless one of ``others`` runs beside it
    closer than NO_GLYPH (the other line of its own double border: with it, a chain of lines is one
    boundary drawn thick, a table's frame, the spacing, its cells' double borders and the frame of
    a table printed flush against it)."""
    at, lo, hi = rule

    def chained() -> bool:
        return any(abs(o_at - at) < NO_GLYPH and min(hi, o_hi) - max(lo, o_lo) >= SIDE_BY_SIDE
                   for o_at, o_lo, o_hi in others)

    for o_at, o_lo, o_hi in others:
        a, b = sorted((at, o_at))
        if _box_between(a, b, max(lo, o_lo), min(hi, o_hi), boxes):
            return True
        if b - a < NO_GLYPH:
            continue
        if b - a > WIDEST_DOUBLE and min(hi, o_hi) - max(lo, o_lo) >= SIDE_BY_SIDE and not chained():
            return True  # too far apart to be one rule drawn double: a narrow column's, blank
        first, last = bisect_right(glyphs, (a, float("inf"))), bisect_left(glyphs, (b, float("-inf")))
        if any(max(lo, o_lo) <= along <= min(hi, o_hi) for _, along in glyphs[first:last]):
            return True
    return False


def _box_between(a: float, b: float, lo: float, hi: float, boxes: list[Box]) -> bool:
    """Whether one of ``boxes`` stands between positions ``a`` and ``b`` (its two sides within
    ORTHOGONAL of them or inside) along some of ``lo``..``hi``."""
    first = bisect_left(boxes, (a - ORTHOGONAL, float("-inf"), float("-inf"), float("-inf")))
    for start, end, b_lo, b_hi in boxes[first:]:
        if start > b + ORTHOGONAL:
            return False
        if end <= b + ORTHOGONAL and min(hi, b_hi) > max(lo, b_lo):
            return True
    return False


def _collect(obj, outer: Matrix, depth: int, shapes: list[Shape]) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        shapes.extend(_path_shapes(obj, _compose(_matrix(obj), outer)))
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
        inner = _compose(_matrix(obj), outer)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, i), inner, depth + 1, shapes)


def _path_shapes(path, matrix: Matrix) -> list[Shape]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fill_mode, stroke):
        return []
    is_stroked, is_filled = bool(stroke.value), fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE
    if not (is_stroked or is_filled):
        return []
    shapes = []
    for points, closed, curved in _subpaths(path, matrix):
        shape = _classify(points, closed, curved, is_stroked, is_filled)
        if shape is not None:
            shapes.append(shape)
    return shapes


def _subpaths(path, matrix: Matrix) -> list[tuple[list[Point], bool, bool]]:
    """(points, closed, has a curve) of each subpath; a subpath starts at every move-to."""
    out: list[tuple[list[Point], bool, bool]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = matrix
    points: list[Point] = []
    closed = curved = False
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        seg_type = pdfium_c.FPDFPathSegment_GetType(segment)
        if seg_type == MOVETO and points:
            out.append((points, closed, curved))
            points, closed, curved = [], False, False
        pdfium_c.FPDFPathSegment_GetPoint(segment, x_ref, y_ref)
        px, py = x.value, y.value
        points.append((a * px + c * py + e, b * px + d * py + f))
        curved = curved or seg_type == BEZIERTO
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(segment))
    if points:
        out.append((points, closed, curved))
    return out


def _classify(points: list[Point], closed: bool, curved: bool, stroke: bool, fill: bool) -> Shape | None:
    """playa's reading of a subpath: two points make a line, a closed axis-aligned quadrilateral
    a rectangle; curves and other polygons are not rules."""
    if curved:
        return None
    if len(points) == 2:
        (x0, y0), (x1, y1) = points
        return Shape("line", min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), stroke, fill)
    corners = list(points)
    if (closed or fill) and not _same(corners[-1], corners[0]):
        corners.append(corners[0])  # filling closes a subpath (a dash drawn as three sides)
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    if len(corners) != 5 or not _same(corners[0], corners[4]) or not _axis_aligned(corners[:4]):
        if fill and 4 <= len(corners) <= 7 and min(max(xs) - min(xs), max(ys) - min(ys)) <= THIN_RECT:
            # one side of a cell's border drawn as a thin trapezoid, its ends cut at the corners
            # where it meets sides of another colour (a browser's inset or two-coloured borders)
            return Shape("rect", min(xs), min(ys), max(xs), max(ys), stroke, fill)
        return None
    return Shape("rect", min(xs), min(ys), max(xs), max(ys), stroke, fill)


def _axis_aligned(corners: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    close = _close
    return (close(x0, x1) and close(y1, y2) and close(x2, x3) and close(y3, y0)) or (
        close(y0, y1) and close(x1, x2) and close(y2, y3) and close(x3, x0)
    )


def _same(a: Point, b: Point) -> bool:
    return _close(a[0], b[0]) and _close(a[1], b[1])


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_POINT


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` and then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - the usual names of a PDF matrix's entries
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
