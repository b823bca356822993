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
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from playa.miner import LTLine, LTPage, LTRect

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Corners closer than this (PDF points) are the same point: pdfium stores coordinates as
# 32-bit floats, so a rectangle's closing corner may differ from its first in the last digit.
SAME_POINT = 1e-3
MOVETO, BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
# Form XObjects nest; deeper than this is not a table's ruling.
MAX_FORM_DEPTH = 4


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


def rules_layout(shapes: list[Shape], width: float, height: float) -> LTPage:
    """The shapes as the playa layout camelot's vector engine reads lines from (no text)."""
    layout = LTPage(1, (0.0, 0.0, width, height))
    for shape in shapes:
        obj = LTLine() if shape.kind == "line" else LTRect()
        obj.set_bbox((shape.x0, shape.y0, shape.x1, shape.y1))
        obj.stroke = shape.stroke
        obj.fill = shape.fill
        layout.add(obj)
    return layout


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
    if closed and not _same(corners[-1], corners[0]):
        corners.append(corners[0])
    if len(corners) != 5 or not _same(corners[0], corners[4]) or not _axis_aligned(corners[:4]):
        return None
    xs, ys = [p[0] for p in corners[:4]], [p[1] for p in corners[:4]]
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
