"""Extract the ruled tables of a report with camelot, page by page.

Only pages that hold the statistical tables are parsed (found from the text layer),
plus the page after each, where a table may continue without its header.
camelot's lattice parser with its render-free vector engine finds the grids from the
PDF's own ruled lines, read from pdfium (extract/rules.py) instead of camelot's full
layout analysis; a page that should hold a table but yields none is retried through
camelot's own handler with the raster engine.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from camelot.core import Table
from camelot.handlers import PARSERS, PDFHandler
from camelot.image_processing import find_joints_from_lines
from camelot.parsers import Lattice
from playa.miner import LTLine

from extract.cells import (
    PageFrame,
    fill_grid,
    flush_parts,
    open_foot,
    region_boxes,
    text_above,
    text_at_foot,
)
from extract.pdfium_lock import PDFIUM
from extract.rules import page_shapes, rules_layout
from extract.text import LoadedPdf, Rejection, load_pdf
from ogi_data import catalog


class KeepSparseLattice(Lattice):
    """camelot's lattice parser without its filter that drops grids >= 90 % empty.

    That filter removes page borders mistaken for tables, but it also drops a township's
    table printed with blank cells, or the last rows of a table continued on a new page.
    Grids here are kept only when their labels say which table they belong to.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.icb = _RenderAtResolution(self.icb, self.resolution)

    def _reject_table(self, table) -> bool:
        return False


class ImageRulesLattice(KeepSparseLattice):
    """The lattice parser for a page image read by OCR (extract/ocr.py): camelot's line finding on
    the image, then each rule's start moved onto the grid (:func:`rules_onto_grid`). Not for a
    PDF's own rules, which are exact: there a rule starting inside a cell is one (a browser's
    doubled border), and moving it joins columns."""

    def _generate_table_bbox(self) -> None:
        super()._generate_table_bbox()
        self.horizontal_segments, self.vertical_segments = rules_onto_grid(
            self.horizontal_segments, self.vertical_segments, self.joint_tol)

    def _generate_table(self, table_idx, bbox, cols, rows, **kwargs):
        # the rows' rules again, onto this table's own columns: a scan that lost a rule of the
        # label column (a 1-bit page drops faint rules) leaves the page a short piece of it, which
        # is no column of the table; the rows' rules starting there set no edge in the value
        # columns either, and five rows of values were read as one. And the columns' rules onto
        # its rows: a header's dashed rule lost leaves the value columns' rules starting inside a
        # header row, and camelot drops each such rule whole (six value columns read as one)
        xs = [left for left, _ in cols] + [cols[-1][1]] if cols else []
        ys = [top for top, _ in rows] + [rows[-1][1]] if rows else []
        kwargs["h_s"] = row_rules_onto_columns(kwargs.get("h_s") or [], xs, self.joint_tol)
        kwargs["v_s"] = column_rules_onto_rows(kwargs.get("v_s") or [], ys, self.joint_tol)
        return super()._generate_table(table_idx, bbox, cols, rows, **kwargs)

    def _document_has_no_text(self) -> bool:
        return False  # an image has no text layer, by definition: its text comes from OCR


def rules_onto_grid(horizontal: list, vertical: list, tol: float) -> tuple[list, list]:
    """Rules found on an image, each starting where the grid has a line across it.

    Ink touching a rule (a character printed against it, a turned label in the column beside)
    makes the rule found on the image start inside a cell. camelot sets a cell's edge from a rule
    only when the rule starts at a column's (or a row's) boundary, within ``tol``: such a rule
    set no edge at all, and the two rows it parts were read as one. A rule that starts away from
    every boundary now starts at the first boundary it crosses; one that crosses none is left as
    it is. Segments are camelot's, in PDF points with y up: a horizontal one (left x, y, right
    x, y) starts at its left end, a vertical one (x, bottom y, x, top y) at its top."""
    xs = sorted({v[0] for v in vertical})
    ys = sorted({h[1] for h in horizontal}, reverse=True)  # from the top down, as vertical rules run

    def onto(start: float, end: float, lines: list[float], down: bool) -> float:
        if any(abs(start - line) <= tol for line in lines):
            return start
        inside = [line for line in lines if (end < line < start if down else start < line < end)]
        return inside[0] if inside else start

    horizontal = [(onto(h[0], h[2], xs, False), h[1], h[2], h[3]) for h in horizontal]
    vertical = [(v[0], v[1], v[2], onto(v[3], v[1], ys, True)) for v in vertical]
    return horizontal, vertical


def row_rules_onto_columns(horizontal: list, xs: list[float], tol: float) -> list:
    """A table's row rules (camelot's horizontal segments), each starting on one of its column
    boundaries ``xs``. A rule starting inside a column that it crosses to the column's right
    boundary starts at the nearer of the column's two boundaries: at its left one when the rule
    covers most of the column (the rule's start was lost with a rule a 1-bit scan dropped), at its
    right one when it only pokes into the column (ink beside the rule joined it)."""
    return [(_nearer_boundary(h[0], h[2], xs, tol), h[1], h[2], h[3]) for h in horizontal]


def column_rules_onto_rows(vertical: list, ys: list[float], tol: float) -> list:
    """A table's column rules (camelot's vertical segments: x, bottom y, x, top y, in PDF points
    with y up), each starting on one of its row boundaries ``ys``. camelot drops a rule whose top
    is on no row boundary. A rule starting inside a row that it crosses to the row's lower
    boundary starts at the nearer of the row's two boundaries: at its top when the rule covers
    most of the row (the rule across its top was lost), at its bottom when it only pokes into the
    row (ink beside the rule joined it; a caption row stays whole)."""
    down = [-y for y in ys]  # a rule runs down from its top: y up, measured the other way
    return [(v[0], v[1], v[2], -_nearer_boundary(-v[3], -v[1], down, tol)) for v in vertical]


def _nearer_boundary(start: float, end: float, bounds: list[float], tol: float) -> float:
    """Where a rule from ``start`` to ``end`` (``start`` < ``end``) starts on ``bounds``: where it
    is, when on one within ``tol``; else at the nearer side of the cell it starts in, if it
    crosses that cell's far side (a rule crossing no boundary is a dash inside a cell)."""
    bounds = sorted(bounds)
    if not bounds or any(abs(start - b) <= tol for b in bounds):
        return start
    before = [b for b in bounds if b < start]
    crossed = [b for b in bounds if start < b < end]
    if not crossed:
        return start
    return before[-1] if before and start - before[-1] < crossed[0] - start else crossed[0]


class _RenderAtResolution:
    """camelot's image conversion, rendering at the parser's ``resolution``: camelot 2.0 renders at
    its backend's default (300 dpi) whatever the parser was given, and a page thousands of points
    wide then takes gigabytes."""

    def __init__(self, icb, resolution: int):
        self._icb = icb
        self._resolution = resolution

    def to_array(self, pdf_path: str, page: int = 1):
        backend = self._icb.backend
        if hasattr(backend, "to_array"):
            return backend.to_array(pdf_path, resolution=self._resolution, page=page)
        return self._icb.to_array(pdf_path, page=page)

    def __getattr__(self, name: str):
        return getattr(self._icb, name)


class NearestEdgeTable(Table):
    """camelot's table, each rule's end and position set at the nearest row or column boundary within
    the tolerance, not the first: a column narrower than the tolerance (3 pt, a one-row table of
    slashes) keeps its own rules, where the first boundary within 2 pt is its neighbour's."""

    def _find_close_point(self, coords, coord, joint_tol):
        near = [(abs(coord - t[0]), i) for i, t in enumerate(coords) if abs(coord - t[0]) <= joint_tol]
        return min(near)[1] if near else None

    def set_border(self):
        """camelot's (every side of the grid taken as drawn), each outer column's own side kept first as
        ``drawn_left`` / ``drawn_right``: a row cut from under a wider table has no side there."""
        for row in self.cells:
            row[0].drawn_left, row[-1].drawn_right = row[0].left, row[-1].right
        return super().set_border()

    def _set_vertical_edges(self, vertical, joint_tol):
        """camelot's, but a rule that ends between two row boundaries parts the rows down to the one it
        ends in, not every row to the table's foot: a rule of a table nested in a page layout's cell
        (the rule of table 三 over table 四) would part the table under it too."""
        for v in vertical:
            start = self._find_close_point(self.rows, v[3], joint_tol)
            if start is None:
                continue
            end = self._find_close_point(self.rows, v[1], joint_tol)
            if end is None:
                end = sum(top > v[1] + joint_tol for top, _ in self.rows)
            self._update_vertical_edges(start, end, self._find_close_point(self.cols, v[0], joint_tol))


class RuledLattice(KeepSparseLattice):
    """The lattice parser fed a page's ruled lines only (no text layout), as built by extract/rules.py.

    camelot skips a page whose layout has no text; here the text layer was judged from pdfium
    already, and the cells are filled from pdfium's glyph boxes afterwards.
    """

    def _document_has_no_text(self) -> bool:
        return False

    def _initialize_new_table(self, table_idx, bbox, cols, rows) -> Table:
        """camelot's new table (the same attributes set), as a :class:`NearestEdgeTable`."""
        table = NearestEdgeTable(cols, rows)
        table.page, table.order, table.rotation, table._bbox = self.page, table_idx + 1, self.rotation, bbox
        return table

    def _generate_table_bbox_vector(self) -> None:
        """camelot's vector table finding (joints, table boxes, anchors), on the rules exactly as
        extract/rules.py merged them: camelot's own pass first gives one position to every rule
        within 2 pt of the next, chained across tables (a narrow column's two rules and another
        table's rule between them), and the narrow column is lost. No table areas or regions are
        given here: every rule of the page counts."""
        rules = [obj.bbox for obj in self.layout if isinstance(obj, LTLine)]
        self.pdf_image = self.threshold = None
        self.horizontal_segments = [r for r in rules if r[1] == r[3] and r[0] < r[2]]
        self.vertical_segments = [r for r in rules if r[0] == r[2] and r[1] < r[3]]
        joints = find_joints_from_lines(self.horizontal_segments, self.vertical_segments)
        self.table_bbox_parses = {bbox: {"joints": found} for bbox, found in joints.items()}
        self._compute_table_anchors()


# camelot picks its parser class by flavor name from this registry.
FLAVOR = "lattice_keep_sparse"
PARSERS.setdefault(FLAVOR, KeepSparseLattice)


@dataclass(frozen=True)
class Grid:
    """One ruled table as camelot read it: its page (1-based) and its cells as printed."""

    page: int
    order: int
    cells: list[list[str]]
    cols: list[tuple[float, float]] = field(default_factory=list)  # x extent of each column
    # for a grid read by OCR (extract/ocr.py): each cell's lowest character confidence (None: blank)
    confidence: list[list[float | None]] | None = None
    # each cell's box (its merged region's) in PDF points, origin top left: (x0, y0, x1, y1); for a
    # table of a web page, Word document or text, its columns and rows in that table (0-based, end
    # exclusive), and ``page`` the table's number in the document
    boxes: list[list[tuple[float, float, float, float]]] | None = None
    # cells in reading order with spans not kept (a table copied as text): columns do not line up
    ragged: bool = False
    # lines of text printed just above the grid, outside its rules, split into its columns (a web
    # page's header cells drawn without borders): header rows when the grid has none of its own
    above: list[list[str]] = field(default_factory=list)


def source_grid(number: int, cells: list[list[str]], regions: list[list[tuple[int, int, int, int]]]) -> Grid:
    """The grid of table ``number`` of a document whose tables come as cells (a web page, a Word
    document): ``cells`` with a merged cell's text in every position it covers, ``regions`` each
    position's merged cell as (column, row, end column, end row)."""
    width = max((len(row) for row in cells), default=0)
    return Grid(page=number, order=0, cells=[row + [""] * (width - len(row)) for row in cells],
                cols=[(float(j), float(j + 1)) for j in range(width)],
                boxes=[[tuple(map(float, box)) for box in row] + [(j, i, j + 1, i + 1) for j in range(len(row), width)]
                       for i, row in enumerate(regions)])


@lru_cache(maxsize=1)
def table_markers(in_table_only: bool = False) -> tuple[tuple[str, str], ...]:
    """(table_code, marker) pairs: texts that identify each statistical table (data/table_markers.csv);
    with ``in_table_only``, only those printed inside a table (headers, rows), not its section heading."""
    return tuple((r["table_code"], r["marker"]) for r in catalog.rows("table_markers")
                 if not in_table_only or r["in_table"] == "true")


def printed_tables(page_texts: list[str]) -> set[str]:
    """The tables whose own header or row texts the pages show: printed there, whether or not a
    grid was found for them."""
    compact = "".join("".join(text.split()) for text in page_texts)
    return {code for code, marker in table_markers(in_table_only=True) if marker in compact}


def marked_tables(page_texts: list[str]) -> dict[int, set[str]]:
    """1-based page → the tables whose marker texts the page shows (in a table or in prose)."""
    marked: dict[int, set[str]] = {}
    for i, text in enumerate(page_texts, 1):
        compact = "".join(text.split())
        codes = {code for code, marker in table_markers() if marker in compact}
        if codes:
            marked[i] = codes
    return marked


def tables_named(grid: Grid) -> set[str]:
    """The tables whose marker texts a grid's cells show."""
    compact = "".join("".join(cell.split()) for row in grid.cells for cell in dict.fromkeys(row))
    return {code for code, marker in table_markers() if marker in compact}


def pages_to_retry(page_texts: list[str], grids: list[Grid]) -> list[int]:
    """Pages to read again with the raster engine: a table the text names was not found in any
    grid, and the page that names it yielded no grid at all (its rules may be images)."""
    found = set().union(*(tables_named(g) for g in grids))
    with_grids = {g.page for g in grids}
    return sorted(page for page, codes in marked_tables(page_texts).items()
                  if codes - found and page not in with_grids)


def table_pages(page_texts: list[str]) -> list[int]:
    """1-based numbers of the pages to parse: those that show a table marker, and the page after each
    (where a table may continue without its header)."""
    hits = set(marked_tables(page_texts))
    return sorted(hits | {p + 1 for p in hits if p + 1 <= len(page_texts)})


def read_table_grids(path: Path, page_texts: list[str], pdf: LoadedPdf) -> list[Grid]:
    """The grids of the pages that show a table marker and of the page after each; then, while a
    page ends in a grid, of the page after it too (a long table runs over several pages with no
    marker on the later ones)."""
    pages = table_pages(page_texts)
    grids = read_grids(path, pages, pdf=pdf)
    done = set(pages)
    while more := sorted({g.page + 1 for g in grids if g.page + 1 <= len(page_texts)} - done):
        done |= set(more)
        grids = sorted(grids + read_grids(path, more, pdf=pdf), key=lambda g: (g.page, g.order))
    return with_header_before(grids, pdf)


def with_header_before(grids: list[Grid], pdf: LoadedPdf) -> list[Grid]:
    """``grids``, each that opens its page with no text above it given, as that text, the lines that
    end the page before under its grids: a table's header printed without rules (a web page's
    header cells drawn without borders) that the page break parted from its body. The transform
    takes them for the header only when they name the table's columns over the grid's."""
    first = {}  # page → the order of the grid that opens it
    for grid in grids:
        first[grid.page] = min(first.get(grid.page, grid.order), grid.order)
    out = []
    for grid in grids:
        before = grid.page - 1
        if grid.above or grid.order != first[grid.page] or before < 1 or not grid.cols:
            out.append(grid)
            continue
        with PDFIUM:
            frame = PageFrame.of(pdf.pages[before - 1])
            chars = pdf.chars(before) if frame.rotation == 0 else []
        if not chars:
            out.append(grid)  # a turned page's foot is not looked at
            continue
        # the grids' boxes are given as displayed, origin top left: on an unrotated page, user space
        # (origin bottom left) is that upside down
        floor = min((frame.top - max(box[3] for row in g.boxes for box in row)
                     for g in grids if g.page == before and g.boxes), default=None)
        foot = text_at_foot(grid.cols, chars, floor)
        out.append(replace(grid, above=foot) if foot else grid)
    return out


def read_grids(path: Path, pages: list[int], engine: str = "vector", pdf: LoadedPdf | None = None,
               resolution: int = 300) -> list[Grid]:
    """Every ruled table on ``pages``, in page order. ``vector`` reads the PDF's own ruled lines;
    ``raster`` renders the pages and finds the lines in the image (slower; for odd PDFs).
    ``pdf`` is the same file already loaded (extract/text.py), so its pages are not parsed again."""
    if not pages:
        return []
    if engine != "vector":
        grids = _camelot_grids(path, pages, engine, pdf, resolution)
    elif pdf is not None:
        grids = _ruled_grids(str(path), pdf, pages)
    else:
        with _loaded(path) as loaded:
            grids = _ruled_grids(str(path), loaded, pages)
    return sorted(grids, key=lambda g: (g.page, g.order))


@contextmanager
def _loaded(path: Path) -> Iterator[LoadedPdf]:
    """The file loaded for one call, when the caller has not loaded it (a file the caller has not
    checked, and that cannot be read, is a programming error here)."""
    with PDFIUM:
        loaded = load_pdf(path)
        if isinstance(loaded, Rejection):
            raise ValueError(f"{path} cannot be read: {loaded.detail}")
        try:
            yield loaded
        finally:
            loaded.close()


def _ruled_grids(source: str, pdf: LoadedPdf, pages: list[int]) -> list[Grid]:
    """Per page, pdfium gives both the ruled lines (for camelot) and the glyph boxes (for the cells)."""
    grids: list[Grid] = []
    with PDFIUM, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns for every page without a table
        for page_no in pages:
            page = pdf.pages[page_no - 1]
            width, height = page.get_size()
            # rules within a point are one boundary (one part's rule at 200.1, the next part's at 200.8);
            # camelot's 2 points would join a narrow column's rules (1.7 apart) with another table's
            parser = RuledLattice(engine="vector", line_tol=1)
            shapes = page_shapes(page)
            # the characters tell a narrow column's two rules from one rule drawn double
            chars = pdf.chars(page_no) if shapes else []
            layout = rules_layout(shapes, width, height, [(c.x, c.y) for c in chars])
            parser.prepare_page_parse(source, layout, (width, height), page_no, images=[], horizontal_text=[],
                                      vertical_text=[], rotation="", layout_kwargs={})
            tables = parser.extract_tables()
            grids += _page_grids(page_no, len(grids), tables, chars, PageFrame.of(page))
    return grids


def _page_grids(page_no: int, order: int, tables: list, chars, frame: PageFrame) -> list[Grid]:
    """The grids of a page's camelot tables, each table cut into its parts when it is two tables
    printed flush (numbered from ``order``, top to bottom), each with the text printed just above it."""
    parts = [cells for table in tables for cells in flush_parts(table.cells)]
    lowest = min((min(c.y1 for c in cells[-1]) for cells in parts), default=None)
    read = []
    for part in parts:
        foot = min(c.y1 for c in part[-1]) == lowest
        cells = part[:len(part) - open_foot(part)] if foot else part  # the lowest without its open foot
        read.append((part, cells, fill_grid(cells, _outside_nested(part, parts, chars), foot=foot)))
    # top to bottom, as the page reads: camelot may order a table inside another's frame (a page
    # layout's cell around a table's continuation) before the one around it
    extents = [(max(c.y2 for c in cells[0]), min(c.y1 for c in cells[-1])) for _, cells, _ in read]
    keys = [_content_top(cells, extents[:k] + extents[k + 1:]) for k, (_, cells, _) in enumerate(read)]
    read = [found for _, found in sorted(zip(keys, read, strict=True), key=lambda pair: pair[0])]
    grids = []
    for k, (part, cells, texts) in enumerate(read):
        top = max(c.y2 for c in cells[0])
        ceiling = min((min(c.y1 for c in other[-1]) for other in parts
                       if other is not part and min(c.y1 for c in other[-1]) >= top - 1), default=None)
        cols = [(float(cell.x1), float(cell.x2)) for cell in cells[0]]
        grids.append(Grid(page=page_no, order=order + k, cells=texts, cols=cols,
                          boxes=region_boxes(cells, frame), above=text_above(cells, chars, ceiling)))
    return grids


def _extent(cells: list[list]) -> tuple[float, float, float, float]:
    """A part's box (x0, y0, x1, y1), user space."""
    return (min(c.x1 for row in cells for c in row), min(c.y1 for row in cells for c in row),
            max(c.x2 for row in cells for c in row), max(c.y2 for row in cells for c in row))


def _outside_nested(part: list[list], parts: list[list[list]], chars: list) -> list:
    """``chars`` but those of the parts nested inside ``part`` (a table in a page layout's cell
    whose rules make a grid of the layout too): the nested table's text is its own."""
    x0, y0, x1, y1 = _extent(part)
    inner = [box for other in parts if other is not part
             for box in [_extent(other)] if x0 - 1 <= box[0] and box[2] <= x1 + 1 and y0 - 1 <= box[1]
             and box[3] <= y1 + 1 and (box[2] - box[0]) * (box[3] - box[1]) < (x1 - x0) * (y1 - y0)]
    if not inner:
        return chars
    return [ch for ch in chars if not any(a <= ch.x <= c and b <= ch.y <= d for a, b, c, d in inner)]


SAME_ROW = 1.0  # points: two parts whose rows overlap by less than this are one under the other


def _content_top(cells: list[list], others: list[tuple[float, float]]) -> float:
    """Minus the top of a part's first row beside no other part of the page (``others``: their tops and
    bottoms), else of its first row: a sort key for reading a page's parts top to bottom. A page
    layout's frame around a table's continuation and the table after it makes parts that overlap,
    and their first rows tell nothing."""
    def alone(row: list) -> bool:
        top, bottom = max(c.y2 for c in row), min(c.y1 for c in row)
        return all(min(top, o_top) - max(bottom, o_bottom) < SAME_ROW for o_top, o_bottom in others)

    return -max(c.y2 for c in next((row for row in cells if alone(row)), cells[0]))


def _camelot_grids(path: Path, pages: list[int], engine: str, pdf: LoadedPdf | None = None,
                   resolution: int = 300) -> list[Grid]:
    """camelot's own handler finds the ruled grids (with its layout analysis, and rendering for the
    raster engine); their text is placed from pdfium's glyph boxes (extract/cells.py), read from
    ``pdf`` when the file is already loaded."""
    # camelot may render pages with pdfium (raster engine): hold the lock for the whole call.
    # Threads gain nothing on this CPU-bound work anyway; parallelism comes from processes.
    with PDFIUM, warnings.catch_warnings():
        # camelot warns for every page without a table; a missing table is judged downstream.
        warnings.simplefilter("ignore")
        with PDFHandler(str(path), pages=",".join(map(str, pages))) as handler:
            # camelot's own text is not used (cells are filled from pdfium's glyph boxes): skip its
            # vertical-text analysis, which also keeps camelot from de-rotating the page away from
            # the coordinates pdfium gives
            tables = handler.parse(flavor=FLAVOR, suppress_stdout=True, engine=engine, resolution=resolution,
                                   layout_kwargs={"detect_vertical": False})
        if not tables:
            return []
        if pdf is not None:
            return _fill(pdf, tables)
        with _loaded(path) as loaded:
            return _fill(loaded, tables)


def _fill(pdf: LoadedPdf, tables) -> list[Grid]:
    grids: list[Grid] = []
    for page_no in sorted({int(table.page) for table in tables}):
        on_page = [table for table in tables if int(table.page) == page_no]
        grids += _page_grids(page_no, len(grids), on_page, pdf.chars(page_no),
                             PageFrame.of(pdf.pages[page_no - 1]))
    return grids
