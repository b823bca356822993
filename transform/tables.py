"""Turn camelot grids into placed cells: (table, row code, column code, printed text).

A grid is classified as table 二, 三 or 四 by marker texts (``data/table_markers.csv``);
a grid with no marker directly after a table continues it (a page break). Grids of one
table are read row by row as one table:

* a row with text where numbers stand is a header row; consecutive header rows give
  each column its header path (``申请人情况 / 法人或其他组织 / 商业企业``);
* any other row is a body row: its label path (``三、本年度办理结果 / （三）不予公开 /
  1.属于国家秘密``) and one cell per numeric column;
* a grid that continues a table inherits the previous grid's header and value columns,
  column by column, matched by x position (the same table keeps its x positions from
  page to page); a header cut by the page break is continued on the next page;
* a body row cut by the page break (label on one page, numbers on the other, or its values'
  lines on both) is joined.

A cell's row code is the deepest row term on its label path (else, printed in full, on
its header path, as in table 四 whose rows are printed as column groups); its column
code the deepest column term on its header path (else, printed in full, on its label
path, as in a transposed table 四).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extract import Grid, table_markers
from ogi_data.messages import say
from ogi_data.strings import HANZI
from transform.labels import (
    Match,
    Term,
    match_label,
    match_numbered_child,
    normalise,
    one_line,
    strip_enumerator,
    terms_for,
)
from transform.model import (
    one_header_tables,
    printed_cells,
    rows_in_header,
    table_codes,
    table_titles,
    template_column_orders,
)
from transform.numbers import parse_cell
from transform.rows import BodyRow, Box
from transform.text_tables import ragged_body_rows

# Methods trusted enough to decide whether a row is a known data row.
FIRM_METHODS = {"exact", "alias", "no_enumerator"}
# A label is joined from at most this many consecutive pieces of a header or label path.
JOIN_MAX_PIECES = 4
# A row label this long (characters) a character off is still that row's label (_row_label).
ROW_LABEL_LONG = 6
MISREAD_SHARE = 3  # a row with this many numbers per lone Hanzi among its values is a row of values
SAME_RULE = 2.0  # points: a continuing grid's column rule this close to the previous grid's is the same rule


@dataclass(frozen=True)
class PlacedCell:
    """One printed value cell resolved to vocabulary codes, with its provenance."""

    table_code: str
    row_code: str
    column_code: str
    printed: str
    page: int
    row_label: str
    row_method: str
    row_distance: int
    column_label: str
    column_method: str
    ocr_confidence: float | None = None  # the lowest character confidence, for a cell read by OCR
    x0: float | None = None  # the cell's box on its page, PDF points, origin top left
    y0: float | None = None
    x1: float | None = None
    y1: float | None = None


@dataclass(frozen=True)
class Unplaced:
    """A printed value whose row or column could not be told from its labels."""

    table_code: str
    page: int
    labels: tuple[str, ...]
    path: tuple[str, ...]
    printed: str
    box: Box | None = None  # where it was printed: x0, y0, x1, y1 in PDF points, origin top left

    def labels_text(self) -> str:
        """The labels read around it, on one line: row labels, then the column's header path."""
        return " / ".join(one_line(t) for t in (*self.labels, *self.path))

    def describe(self) -> str:
        """Where it was printed, by page and labels, and what."""
        where = "/".join(one_line(t) for t in (*self.labels, *self.path)) or say("no_label")
        return say("unplaced_where", page=self.page, labels=where, printed=self.printed)


@dataclass
class RowRead:
    """One body row as its labels resolved it: its row (or None) and, per value cell in printed
    order, the header path, the printed text and its column (or None)."""

    table_code: str
    page: int
    labels: list[str]
    row: Match | None
    cells: list[tuple[list[str], str, Match | None]]
    confidence: list[float | None] | None = None
    boxes: list[Box | None] | None = None
    ragged: bool = False  # copied as text: no header stands over its values (transform/text_tables.py)


@dataclass(frozen=True)
class Conflict:
    """One cell (table, row, column) read twice with two different printed values, each with its page."""

    key: tuple[str, str, str]
    first: tuple[str, int]
    second: tuple[str, int]

    def __str__(self) -> str:
        (first, first_page), (second, second_page) = self.first, self.second
        return f"{'/'.join(self.key)}: {first!r} (p.{first_page}) and {second!r} (p.{second_page})"


@dataclass
class TableRead:
    """What was read from all grids: placed cells, and what could not be placed."""

    cells: list[PlacedCell] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    rows: list[RowRead] = field(default_factory=list)
    tables_seen: set[str] = field(default_factory=set)
    tables_repeated: list[str] = field(default_factory=list)  # tables that open more than once
    conflicts: list[Conflict] = field(default_factory=list)  # cells printed with two different values


def classify_grid(grid: Grid) -> str | None:
    """The table a grid belongs to by its marker texts, or None when it shows none. Rows of one
    region across the grid under its last ruled row do not vote: the next section's heading inside a
    page layout's cell around both (四、政府信息公开行政复议… under table 三's last part). Nor do
    those over its first ruled row, when the rows under them show markers: a page layout's cell
    holding the table before (its text repeated there) and this one's heading."""
    body = _without_trailing_headings(grid.cells)
    for rows in (_without_leading_regions(body), body):
        text = normalise("".join(c for row in rows for c in dict.fromkeys(row)))
        votes = {code: 0 for code in table_codes()}
        for code, marker in table_markers():
            if marker in text:
                votes[code] += 1
        best = max(votes, key=lambda c: votes[c])
        if votes[best]:
            return best
    # No header marker: the row labels may still tell (e.g. 行政处罚 on a continuation page), the
    # first text of a row or its last label (a group's name, 三、本年度办理结果, may come first)
    columns = [terms_for(code, ("column",)) for code in table_codes()]
    for code in table_codes():
        rows = terms_for(code, ("row",))
        for row in grid.cells:
            labels = [c for c in row if c.strip() and parse_cell(c).kind == "unparsed"]
            for text in dict.fromkeys([next((c for c in row if c.strip()), ""), *labels[-1:]]):
                if any(_firm_exact(match_label(text, terms)) for terms in columns):
                    continue  # a column's name (总计 over table 四's values), not a row's
                found = match_label(text, rows)
                if found and found.method in FIRM_METHODS:
                    votes[code] += 1
                    break
    best = max(votes, key=lambda c: votes[c])
    return best if votes[best] >= 2 else None


def apart_at_headings(grids: list[Grid]) -> list[Grid]:
    """``grids``, each that holds two tables parted by a row of one region across it that prints a
    table's section heading (a page layout's cell whose rules join both tables into one grid, the
    heading of the second printed between them) cut into two grids there, the heading opening the
    second. Only a grid with ruled rows on both sides of the heading is cut: a heading under a
    table's last part, the table it names on the next page, is left to :func:`classify_grid`.
    Grids are numbered again in page order, so that two parts of one grid stand next to each other."""
    out: list[Grid] = []
    for grid in grids:
        cut = _heading_between(grid.cells)
        if cut is None or grid.ragged:
            out.append(grid)
            continue
        out += [_rows_of(grid, 0, cut), replace(_rows_of(grid, cut, len(grid.cells)), above=[])]
    return [replace(grid, order=i) for i, grid in enumerate(out)]


def _heading_between(cells: list[list[str]]) -> int | None:
    """The first row of ``cells`` that is one region across them printing a table's section heading,
    with a row of more than one region both above and below it; None when there is none."""
    headings = [normalise(title).split("、", 1)[-1] for title in table_titles().values()]
    parted = [len(set(row)) > 1 for row in cells]
    for i, row in enumerate(cells):
        if (0 < i < len(cells) - 1 and len(row) > 1 and not parted[i] and any(parted[:i])
                and any(parted[i + 1:]) and any(h in normalise(row[0]) for h in headings)):
            return i
    return None


def _rows_of(grid: Grid, start: int, end: int) -> Grid:
    """Rows ``start``..``end`` of a grid (with their boxes and confidences), its columns kept."""
    return replace(grid, cells=grid.cells[start:end],
                   confidence=grid.confidence[start:end] if grid.confidence is not None else None,
                   boxes=grid.boxes[start:end] if grid.boxes is not None else None)


def _without_leading_regions(cells: list[list[str]]) -> list[list[str]]:
    """A grid's rows without those at its top that are one region across it (or blank)."""
    start = 0
    while start < len(cells) - 1 and len(cells[start]) > 1 and len(set(cells[start])) == 1:
        start += 1
    return cells[start:]


def _without_trailing_headings(cells: list[list[str]]) -> list[list[str]]:
    """A grid's rows without those at its foot that are one region across it (or blank)."""
    end = len(cells)
    while end > 1 and len(cells[end - 1]) > 1 and len(set(cells[end - 1])) == 1:
        end -= 1
    return cells[:end]


def group_grids(grids: list[Grid]) -> list[tuple[str, list[Grid]]]:
    """Grids grouped into tables; an unmarked grid that opens the page after a table continues it,
    and an unmarked grid that ends a page, all of whose texts are header labels of the table that
    opens the next page, is the start of that table's header (cut from it by the page break). A
    grid of one row of values alone, as many as a table whose rows are printed as column groups
    has (四's 15, its header drawn without rules), is that table, unless it was found already."""
    groups: list[tuple[str, list[Grid]]] = []
    pending: Grid | None = None
    for grid in grids:
        code = classify_grid(grid)
        previous = groups[-1] if groups else None
        if code is None:
            if (bare := _bare_values_of(grid)) and all(bare != c for c, _ in groups):
                groups.append((bare, [grid]))  # before a continuation: table 三 has not 15 columns
            elif previous and (_continues(previous[1][-1], grid, grids) or _goes_on(previous, grid)):
                previous[1].append(grid)
            pending = grid if _last_on_page(grid, grids) else None
            continue
        lead = [pending] if pending and _continues(pending, grid, grids) and _only_headers(code, pending) else []
        if lead and previous and previous[1][-1] is lead[0]:
            if previous[0] == code:
                lead = []  # already in this table's group, which the grid continues
            else:
                previous[1].pop()  # taken for a continuation of the table before: it opens this one
        pending = None
        if previous and previous[0] == code and not lead:
            previous[1].append(grid)
        else:
            groups.append((code, [*lead, grid]))
    return groups


def _bare_values_of(grid: Grid) -> str | None:
    """The table whose rows are printed as column groups (四) that a grid of one row of values and
    nothing else is, by their count: its header was drawn outside the grid (a web page's
    unbordered header cells), so the template's order alone can place them (transform/align.py).
    A row of blanks only is that table when the text above names its columns in the template's
    order (:func:`_blank_under_template_columns`)."""
    if len(grid.cells) != 1:
        return None
    kinds = [parse_cell(text).kind for text in grid.cells[0]]
    if any(k not in ("number", "not_applicable", "blank") for k in kinds):
        return None
    return next((code for code in sorted(rows_in_header())
                 if len(kinds) == sum(table == code for table, _, _ in printed_cells())
                 and ("number" in kinds or _blank_under_template_columns(code, grid, len(kinds)))), None)


def _goes_on(group: tuple[str, list[Grid]], grid: Grid) -> bool:
    """Whether an unmarked grid right under a table's last grid on its page prints rows of that table
    (a web page's table split in two, the rest with widths of its own): a row label of it, firmly."""
    code, members = group
    last = members[-1]
    if grid.page != last.page or grid.order != last.order + 1:
        return False
    rows = terms_for(code, ("row",))
    return any(_firm_row([c], rows) for row in grid.cells for c in dict.fromkeys(row)
               if c.strip() and parse_cell(c).kind == "unparsed")


def _last_on_page(grid: Grid, grids: list[Grid]) -> bool:
    return grid.order == max(g.order for g in grids if g.page == grid.page)


def _only_headers(table_code: str, grid: Grid) -> bool:
    """Whether every text of a grid, under the table's heading, names a column or a group of
    ``table_code`` exactly (or by alias)."""
    terms = terms_for(table_code, ("row", "row_group", "column", "column_group"))
    texts = [c for row in grid.cells[_headings(table_code, grid):] for c in dict.fromkeys(row) if c.strip()]
    return bool(texts) and all(_firm_exact(match_label(t, terms)) for t in texts)


def _continues(last: Grid, grid: Grid, grids: list[Grid]) -> bool:
    first_on_page = min((g.order for g in grids if g.page == grid.page), default=grid.order)
    return grid.page == last.page + 1 and grid.order == first_on_page


def read_tables(grids: list[Grid]) -> TableRead:
    """Place every value cell of every statistical table found in ``grids``."""
    out = TableRead()
    for code, members in group_grids(apart_at_headings(grids)):
        if code in out.tables_seen:
            out.tables_repeated.append(code)
        out.tables_seen.add(code)
        read = ragged_body_rows(code, members) if members[0].ragged else body_rows(code, members)
        rows = stitch_page_breaks(code, read)
        for row in rows:
            _place_row(code, row, out)
    # a merged cell repeats its value into every row it covers too (a sliver row between a double
    # rule's lines, under the cells it did not part): placed once, the repeats are no more values
    placed = {(c.page, (c.x0, c.y0, c.x1, c.y1)) for c in out.cells if c.x0 is not None}
    out.unplaced = [u for u in out.unplaced if u.box is None or (u.page, u.box) not in placed]
    out.conflicts = conflicting_cells(out.cells)
    out.cells = _first_per_key(out.cells)
    return out


def conflicting_cells(cells: list[PlacedCell]) -> list[Conflict]:
    """Cells read twice with two different printed values (not a merged cell repeating its text): a
    document that prints two reports' numbers, such as a comparison of two years; or, in a page
    image, two boxes OCR placed in one cell where a rule was not found."""
    seen: dict[tuple[str, str, str], PlacedCell] = {}
    conflicts: list[Conflict] = []
    for cell in cells:
        if parse_cell(cell.printed).kind == "blank":
            continue
        key = (cell.table_code, cell.row_code, cell.column_code)
        first = seen.setdefault(key, cell)
        if normalise(first.printed) != normalise(cell.printed):
            conflicts.append(Conflict(key, (first.printed, first.page), (cell.printed, cell.page)))
    return conflicts


def body_rows(table_code: str, grids: list[Grid]) -> list[BodyRow]:
    """The body rows of one table's grids, each cell carrying its header path.

    A grid that continues a table inherits, column by column (matched by x position),
    the previous grid's header paths and value columns; if the previous grid ended
    inside the header (a header split by the page break), its header rows extend it.
    """
    rows: list[BodyRow] = []
    paths: list[list[str]] = []
    value_cols: set[int] = set()
    prev_cols: list[tuple[float, float]] = []
    header_open = False
    opening: list[str] = []  # the table's first header rows, as printed
    under_opening = True  # whether the rows go on under the first header (not a later block's)
    for g, grid in enumerate(grids):
        slots = _slots(table_code, sorted(value_cols), paths)
        if value_cols and not _value_columns(grid):
            grid = _blank_values(table_code, grid, len(slots))
        width = max((len(r) for r in grid.cells), default=0)
        numeric_cols = _right_of_labels(table_code, grid, _value_columns(grid))
        if value_cols and not numeric_cols and len(blank := _blank_right(grid, width)) == len(slots):
            # a part printed on under the table with every value cell blank: its columns right of all
            # text are the table's value columns, as many as it has
            numeric_cols = blank
        mapping = map_columns(prev_cols, grid.cols, width)
        if prev_cols and len(grid.cols) == width and (
                not _same_rules(prev_cols, grid.cols)
                or (value_cols and (not header_open or _opens_on_values(grid))
                    and _values_collide(table_code, grid, mapping, numeric_cols, value_cols, paths))):
            # the table printed on under its first part with column widths of its own (a web
            # page's long table split in two, the parts flush or not): its value columns are the
            # first part's, in order
            mapping = _in_value_order(slots, _with_blank_lead(grid, sorted(_between(numeric_cols)), len(slots)), width)
        paths = [list(paths[k]) if k is not None and k < len(paths) else [] for k in mapping]
        value_cols = _between(numeric_cols | {j for j, k in enumerate(mapping) if k in value_cols})
        captions = _headings(table_code, grid) if g == 0 else 0
        if g == 0 and (above := _header_above(table_code, grid, width, value_cols)):
            paths, captions = above
            value_cols = _between(numeric_cols | _labelled_columns(table_code, paths))
        elif g == 0 and numeric_cols and _values_only(grid.cells[captions:]):
            # no label, no header: every column holds values, blank or not, but a layout's empty margin
            value_cols = set(range(width)) - _margins(grid)
        elif g == 0 and not numeric_cols and _blank_under_template_columns(table_code, grid, width):
            value_cols = set(range(width))  # a table printed blank under its header drawn without borders
        base, header, in_header = paths, [], header_open
        repeated = 0 if g == 0 or under_opening else _repeated_opening(opening, grid.cells)
        for i, raw in enumerate(grid.cells):
            row = raw + [""] * (width - len(raw))
            if i < captions:
                continue  # a caption across the table, its header read from it (or above it) already
            if rows and _spilled(table_code, row, value_cols):
                continue
            if i < repeated:
                # the table's first header, repeated by the browser at the top of the page (a
                # thead) over rows of a later block: those rows keep that block's columns
                continue
            if in_header and g < len(grids) - 1 and not any(c.strip() for r in grid.cells[i:] for c in r):
                # rows with no text that end a grid under its header, the table going on on the next
                # page (the stubs of header cells the page break cut, their ink read as nothing):
                # the header goes on past them. Table 四's blank value row ends its table.
                continue
            if in_header and not any(c.strip() for c in row) and _header_follows(table_code, grid.cells[i + 1:],
                                                                                 value_cols):
                continue  # a sliver between header rows (a rule drawn twice at the page's top): nothing
            if _is_header_row(table_code, row, value_cols) or (in_header and _continues_header(table_code, row)):
                if not in_header:
                    base, header = [[] for _ in range(width)], []
                    under_opening = g == 0 and not rows
                header.append(row)
                if g == 0 and not rows:
                    opening.append(_printed_row(row))
                paths = [_dedupe(base[j] + [r[j] for r in header if r[j].strip()]) for j in range(width)]
                value_cols = _between(numeric_cols | _labelled_columns(table_code, paths))
                in_header = True
                continue
            in_header = False
            labels = _dedupe([c for j, c in enumerate(row) if j not in value_cols and c.strip()])
            cells = [(paths[j] if j < len(paths) else [], row[j]) for j in sorted(value_cols)]
            rows.append(BodyRow(page=grid.page, grid=id(grid), labels=labels, cells=cells,
                                confidence=_per_value_cell(grid.confidence, i, width, value_cols),
                                boxes=_per_value_cell(grid.boxes, i, width, value_cols),
                                own_label_unread=_own_label_unread(grid, i, row, value_cols)))
        header_open, prev_cols = in_header, grid.cols
    return rows


def _own_label_unread(grid: Grid, i: int, row: list[str], value_cols: set[int]) -> bool:
    """Whether OCR read the ink of a row's innermost label cell as nothing, under outer labels that
    were read: the row's own label is unknown, and its group's name is not its name."""
    label_cols = [j for j in range(len(row)) if j not in value_cols]
    if len(label_cols) < 2 or not grid.confidence or i >= len(grid.confidence):
        return False
    last = label_cols[-1]
    scores = grid.confidence[i]
    return (not row[last].strip() and last < len(scores) and scores[last] == 0.0
            and any(row[j].strip() for j in label_cols[:-1]))


def _blank_values(table_code: str, grid: Grid, count: int) -> Grid:
    """A part of a table printed on with no value in any cell right of its labels, with ``count``
    blank columns there, as many as the table has value columns: columns squeezed narrower than
    its rules drawn double can be told apart (a browser's separate borders round empty cells) are
    read as fewer, but every cell of them is blank all the same. The grid as it is unless its only
    texts are the table's row labels (not the rest of a header) and it has fewer than that (more
    is a header whose name of a column was misread, its slot not counted: no squeezing then)."""
    width = max((len(r) for r in grid.cells), default=0)
    blank = _blank_right(grid, width)
    if not blank or len(blank) >= count or len(grid.cols) != width or not _labels_only(table_code, grid):
        return grid
    first = min(blank)
    left, right = grid.cols[first][0], grid.cols[-1][1]
    step = (right - left) / count
    cols = grid.cols[:first] + [(left + k * step, left + (k + 1) * step) for k in range(count)]
    cells = [row[:first] + [""] * count for row in grid.cells]
    return Grid(page=grid.page, order=grid.order, cells=cells, cols=cols, above=grid.above)


def _labels_only(table_code: str, grid: Grid) -> bool:
    """Whether every text of a grid, but the next section's heading under it, is one of the table's
    row labels (or a group's), or a numbered label that names no column (``3.他``, retyped)."""
    rows = terms_for(table_code, ("row", "row_group"))
    cols = terms_for(table_code, ("column", "column_group"))
    texts = [c for row in _without_trailing_headings(grid.cells) for c in dict.fromkeys(row) if c.strip()]
    return bool(texts) and all(_row_label(match_label(t, rows), t) or (
        strip_enumerator(normalise(t)) != normalise(t) and HANZI.search(t) and not match_label(t, cols))
        for t in texts)


def _blank_right(grid: Grid, width: int) -> set[int]:
    """The columns right of every text of a grid (blank in every row) but the next section's heading
    under it (one region across, inside a page layout's frame)."""
    last = max((j for row in _without_trailing_headings(grid.cells) for j, text in enumerate(row)
                if text.strip()), default=width - 1)
    return set(range(last + 1, width))


def _header_follows(table_code: str, rows: list[list[str]], value_cols: set[int]) -> bool:
    """Whether the next row with text is a header row of the table's columns (not one region across
    the grid, such as the next section's heading under table 四's blank value row)."""
    row = next((r for r in rows if any(c.strip() for c in r)), None)
    return row is not None and len(set(row)) > 1 and _is_header_row(table_code, row, value_cols)


def _values_only(rows: list[list[str]]) -> bool:
    """Whether every row that is not one region across the grid holds numbers, marks or blanks only
    (a table whose header was drawn outside its grid, its rows printed as column groups: 四)."""
    cells = [c for row in rows if len(set(row)) > 1 for c in row]
    return bool(cells) and all(parse_cell(c).kind != "unparsed" for c in cells)


def _blank_under_template_columns(table_code: str, grid: Grid, width: int) -> bool:
    """Whether a grid of blank cells, in a table whose rows are printed as column groups (四), stands
    under text that names a column of the template over each of its cells, in the order a template
    prints them all: the table printed blank under its header drawn without borders (the groups'
    names over several columns are cut into pieces there, and not read; the leaves name their
    columns). Its cells are then placed by the template's order and confirmed by its identities."""
    if table_code not in rows_in_header() or not grid.above or any(c.strip() for row in grid.cells for c in row):
        return False
    cols = terms_for(table_code, ("column",))
    named = [_deepest(_dedupe([row[j] for row in grid.above if j < len(row) and row[j].strip()]), cols)
             for j in range(width)]
    if not all(named):
        return False
    return [m.term.code for m in named] in template_column_orders(table_code)


def _headings(table_code: str, grid: Grid) -> int:
    """How many rows open a grid as one region across it that prints the table's section heading
    (三、收到和处理政府信息公开申请情况, a page layout's cell merged with the table's frame): a
    heading, no header row."""
    title = normalise(table_titles()[table_code])
    heading = title.split("、", 1)[-1]  # with its enumerator or not
    count, margins = 0, _margins(grid)
    for row in grid.cells:
        text = next((c for c in row if c.strip() or not margins), "")
        if not _caption(row, margins) or heading not in normalise(text):
            break
        count += 1
    return count


def _header_above(table_code: str, grid: Grid, width: int,
                  value_cols: set[int]) -> tuple[list[list[str]], int] | None:
    """The header paths of a table's first grid that opens on a body row, read from the text printed
    just above it (a web page's header cells drawn without borders): only when they name a
    different column of the table over each of the grid's value columns (two at least), as the
    template has it. With them, how many caption rows (one text across the grid) open the grid.
    None otherwise (the grid's own header rows, or no such text), and the cells stay unplaced."""
    margins = _margins(grid)
    captions = next((i for i, row in enumerate(grid.cells) if not _caption(row, margins)), len(grid.cells))
    if not grid.above or captions == len(grid.cells) or not _opens_on_body_row(table_code, grid.cells[captions],
                                                                                 value_cols):
        return None
    paths = [_dedupe([row[j] for row in grid.above if j < len(row) and row[j].strip()]) for j in range(width)]
    cols = terms_for(table_code, ("column",))
    named = {j: found.term.code for j in range(width) if (found := _deepest(paths[j], cols))}
    if len(named) < 2 or len(set(named.values())) < len(named) or not value_cols <= set(named):
        return None
    return paths, captions


def _margins(grid: Grid) -> set[int]:
    """The columns at a grid's sides that are one empty region down all its rows: a page layout's
    empty column beside a table, ruled into its grid (a blank value column is a cell per row)."""
    cells, boxes = grid.cells, grid.boxes
    if boxes is None or len(cells) < 2:
        return set()
    width = min(len(row) for row in cells)

    def margin(j: int) -> bool:
        return not any(row[j].strip() for row in cells) and len({row[j] for row in boxes}) == 1

    left = next((j for j in range(width) if not margin(j)), width)
    right = next((j for j in range(width - 1, left - 1, -1) if not margin(j)), left - 1)
    return set(range(left)) | set(range(right + 1, width))


def _caption(row: list[str], margins: set[int]) -> bool:
    """Whether a grid row is one text across the grid, but for its margins (:func:`_margins`)."""
    return len(row) > 1 and len({c for j, c in enumerate(row) if j not in margins}) == 1


def _opens_on_body_row(table_code: str, row: list[str], value_cols: set[int]) -> bool:
    """Whether a grid's first row is a body row: not a header row by its values or, with no value
    read (a table printed blank), a row's label and no column's name."""
    if value_cols:
        return not _is_header_row(table_code, row, value_cols)
    texts = [c for c in dict.fromkeys(row) if c.strip()]
    rows, cols = terms_for(table_code, ("row",)), terms_for(table_code, ("column", "column_group"))
    return any(_row_label(match_label(t, rows), t) for t in texts) and not any(
        _firm_exact(match_label(t, cols)) for t in texts)


def _spilled(table_code: str, row: list[str], value_cols: set[int]) -> bool:
    """Whether a grid row after the table's first values is one region with no number across the
    whole grid, or across every value column naming a group of rows, in a table printed under one
    header: a label's cell spilt past the last rule of a page (a turned group label 三、本年度办理结果
    under the last row; a cut row's group label （三）不予公开, its value cells' rules not drawn on the
    page), no header and no row of its own."""
    if table_code not in one_header_tables() or len(row) < 2:
        return False
    if len(set(row)) == 1:
        return bool(row[0].strip()) and parse_cell(row[0]).kind == "unparsed"
    across = {row[j] for j in value_cols if j < len(row)}
    groups = terms_for(table_code, ("row_group",))
    return len(value_cols) > 1 and len(across) == 1 and _firm_exact(match_label(across.pop(), groups))


def _printed_row(row: list[str]) -> str:
    """A grid row's texts, once each (a merged cell repeats its text), without spaces."""
    return "|".join(normalise(c) for c in dict.fromkeys(row) if c.strip())


def _repeated_opening(opening: list[str], cells: list[list[str]]) -> int:
    """How many of a grid's first rows repeat the table's first header rows (``opening``), all
    of them, in order; 0 when they do not."""
    if not opening or len(cells) <= len(opening):
        return 0
    same = all(_printed_row(cells[i]) == opening[i] for i in range(len(opening)))
    return len(opening) if same else 0


def _per_value_cell(table: list[list] | None, i: int, width: int, value_cols: set[int]) -> list | None:
    """Row ``i`` of a per-cell table (confidence, boxes) at the value columns, or None without one."""
    if table is None:
        return None
    row = table[i] + [None] * (width - len(table[i]))
    return [row[j] for j in sorted(value_cols)]


def map_columns(prev: list[tuple[float, float]], new: list[tuple[float, float]], width: int) -> list[int | None]:
    """For each column of a continuing grid, the previous grid's column under its centre.

    The same table keeps its x positions from page to page, while merged cells may
    split it into more or fewer grid columns. Without positions (or with none under
    any centre) the columns are aligned on the right edge, where the numbers are.
    """
    if not prev:
        return [None] * width
    mapped: list[int | None] = []
    for x0, x1 in new:
        centre = (x0 + x1) / 2
        mapped.append(next((k for k, (a, b) in enumerate(prev) if a <= centre <= b), None))
    if len(mapped) == width and any(k is not None for k in mapped):
        return mapped
    shift = len(prev) - width
    return [j + shift if 0 <= j + shift < len(prev) else None for j in range(width)]


def _slots(table_code: str, value_cols: list[int], paths: list[list[str]]) -> list[int]:
    """The previous grid's value columns, one per column of the table its header names: of columns
    a merged header cell covers (the same header path side by side), the first; a sliver column
    under no column's name (rules a border drew twice) is none, a column under a name of its own
    that OCR misread (:func:`_misread_name`) is one. All of them when no header names a column
    (its header not read)."""
    cols = terms_for(table_code, ("column",))
    named = [j for j in value_cols
             if j < len(paths) and (_deepest(paths[j], cols) or _misread_name(table_code, paths, j))]
    return [j for k, j in enumerate(named) if k == 0 or named[k - 1] != j - 1 or paths[j] != paths[j - 1]] or value_cols


def _misread_name(table_code: str, paths: list[list[str]], j: int) -> bool:
    """Whether a value column's header path ends in a name of its own that names no term: two
    Hanzi or more, no group's name, and neither neighbour's last text (a sliver column under its
    neighbour's header cell ends as that one does, or in a group's name)."""
    if not paths[j]:
        return False
    leaf = paths[j][-1]
    groups = terms_for(table_code, ("column_group",))
    neighbours = [paths[k][-1] for k in (j - 1, j + 1) if 0 <= k < len(paths) and paths[k]]
    found = match_label(leaf, groups) if groups else None
    return (len(HANZI.findall(leaf)) >= 2 and leaf not in neighbours
            and not (found and found.method in FIRM_METHODS))


def _in_value_order(before: list[int], values: list[int], width: int) -> list[int | None]:
    """Each column of a grid mapped to the previous grid's value column (``before``, one per header)
    of the same rank: from the left when there are as many (``values``: this grid's), else from the
    right, where the totals stand; others to none."""
    mapped: list[int | None] = [None] * width
    pairs = zip(values, before, strict=True) if len(values) == len(before) else zip(
        reversed(values), reversed(before), strict=False)
    for j, k in pairs:
        mapped[j] = k
    return mapped


def _opens_on_values(grid: Grid) -> bool:
    """Whether a grid's first row prints a number: under a header the page before closed (a block's
    header at a page's or part's end), not the rest of a header cut by the break."""
    return bool(grid.cells) and any(parse_cell(text).kind == "number" for text in grid.cells[0])


def _values_collide(table_code: str, grid: Grid, mapping: list[int | None], numeric_cols: set[int],
                    value_cols: set[int], paths: list[list[str]]) -> bool:
    """Whether matching columns by x position puts a continuing grid's numbers anywhere but one
    value column each of the grid before: under a label, or two columns under one (or under one
    merged header cell naming a column, the same header ``paths`` side by side; not a group's name
    over leaves OCR did not read) that are not one merged cell (two boxes in one row, or without
    boxes, different numbers):
    rules that happen to meet where two parts of a split table, each with widths of its own, are
    printed flush. A column under a name the template prints (table 四's 行政复议 over a leaf OCR did
    not read) is no label."""
    cols = terms_for(table_code, ("column",))
    named = terms_for(table_code, ("row", "row_group", "column", "column_group"))
    under: dict[int | None, list[int]] = {}
    for j in sorted(numeric_cols):
        if j < len(mapping):
            k = mapping[j]
            while (k is not None and k - 1 in value_cols and k < len(paths) and paths[k - 1] == paths[k]
                   and _deepest(paths[k], cols)):
                k -= 1  # the first column under the same header cell
            under.setdefault(k, []).append(j)
    if any(k not in value_cols and not (k is not None and k < len(paths) and _deepest(paths[k], named, strict=True))
           for k in under):
        return True
    for cols in (c for c in under.values() if len(c) > 1):
        for i, row in enumerate(grid.cells):
            held = [j for j in cols if j < len(row) and parse_cell(row[j]).kind in ("number", "not_applicable")]
            # two cells, by their boxes where the grid has them (two 0s side by side are two cells)
            if len({grid.boxes[i][j] for j in held} if grid.boxes else {row[j] for j in held}) > 1:
                return True
    return False


def _same_rules(prev: list[tuple[float, float]], new: list[tuple[float, float]]) -> bool:
    """Whether the inner column rules of one grid stand where most of the other's do, within
    SAME_RULE points: the same table, whichever of the two merges more cells (a header fragment of
    two columns over a grid of fifteen). A grid of one column has none to tell."""
    # each grid's two outer sides do not count: two parts of a split table printed flush share
    # them whatever their columns (a last row of two cells under a block of four)
    fewer, more = sorted((_inner_rules(prev), _inner_rules(new)), key=len)
    if not fewer:
        return True
    return sum(any(abs(x - y) <= SAME_RULE for y in more) for x in fewer) >= len(fewer) / 2


def _inner_rules(cols: list[tuple[float, float]]) -> set[float]:
    """The x positions of a grid's column rules but its outer two."""
    rules = {x for a, b in cols for x in (a, b)}
    return rules - {min(rules), max(rules)} if rules else set()


def stitch_page_breaks(table_code: str, rows: list[BodyRow]) -> list[BodyRow]:
    """Join a row cut by a page break: one part holds the label start, the other the rest.

    Joined when the two rows sit on either side of a grid boundary, one of them has no
    values, and their joined label is a data row that neither part is on its own.
    """
    terms, groups = terms_for(table_code, ("row",)), terms_for(table_code, ("row_group",))
    out: list[BodyRow] = []
    for row in rows:
        # the row before, past rows with nothing on them but a group's name (a sliver between a rule
        # drawn double, the blank top of a cut row, a turned label spilt under the page's last row),
        # which go where the rows either side of a break are joined
        k = len(out)
        while k and not out[k - 1].has_values() and (not out[k - 1].labels or groups and all(
                _firm_exact(match_label(t, groups)) for t in out[k - 1].labels)):
            k -= 1
        prev = out[k - 1] if k else None
        if prev and prev.grid != row.grid and (not prev.has_values() or not row.has_values()):
            joined = _join_leaf(prev, row)
            if joined and _firm_row(joined.labels, terms) and not (
                _firm_row(prev.labels, terms) and _firm_row(row.labels, terms)
            ):
                out[k - 1:] = [joined]
                continue
            if _group_of(prev, row, terms):
                out[k - 1:] = [row]  # its group's name and blank cells, cut from it by the break: one row
                continue
        if out and _rest_of_cut_row(out[-1], row, terms):
            out[-1] = _joined_cells(out[-1], row)
            continue
        out.append(row)
    return out


def _rest_of_cut_row(first: BodyRow, second: BodyRow, terms: tuple[Term, ...]) -> bool:
    """Whether ``second`` opens a new grid with the rest of ``first``'s value cells: a row the page
    break cut through its cells (a word processor lets a row break across pages), the last digits
    of a wrapped ``16`` on the next page under no row label of its own (only a turned group label's
    part, or nothing). Never for a row read by OCR, whose label ink may have been read as nothing."""
    return (first.grid != second.grid and second.confidence is None and first.has_values()
            and second.has_values() and _firm_row(first.labels, terms)
            and not any(match_label(t, terms) for t in second.labels)
            and [path for path, _ in first.cells] == [path for path, _ in second.cells])


def _joined_cells(first: BodyRow, second: BodyRow) -> BodyRow:
    """One row from the two parts of a row cut by a page break: each value cell's text from the
    first part's lines, then the second's (as a cell wrapped over two lines on one page)."""
    cells = [(path, "\n".join(t for t in (a, b) if t.strip()))
             for (path, a), (_, b) in zip(first.cells, second.cells, strict=True)]
    return BodyRow(page=first.page, grid=first.grid, labels=first.labels, cells=cells,
                   confidence=first.confidence, boxes=first.boxes)


def _group_of(first: BodyRow, second: BodyRow, terms: tuple[Term, ...]) -> bool:
    """Whether a row with no values names, as its last label, the group of the row after it."""
    if first.has_values() or not first.labels or not second.labels:
        return False
    group, member = match_label(first.labels[-1], terms), match_label(second.labels[-1], terms)
    return bool(group and member and group.method in FIRM_METHODS and member.method in FIRM_METHODS
                and member.term.parent_code == group.term.code)


def _join_leaf(first: BodyRow, second: BodyRow) -> BodyRow | None:
    if first.labels and not second.labels and not first.has_values() and second.has_values():
        # the row split by the break whole, its label and blank cells above, its numbers below (a
        # browser splits a table row across pages)
        return BodyRow(page=second.page, grid=second.grid, labels=first.labels, cells=second.cells,
                       confidence=second.confidence, boxes=second.boxes)
    if not first.labels or not second.labels:
        return None
    labels = first.labels[:-1] + [first.labels[-1] + second.labels[-1]]
    values = first if first.has_values() else second
    return BodyRow(page=first.page, grid=second.grid, labels=labels, cells=values.cells,
                   confidence=values.confidence, boxes=values.boxes)


def _firm_row(labels: list[str], terms: tuple[Term, ...]) -> bool:
    """Whether the last label names one of ``terms`` exactly, by alias or without its enumerator."""
    found = match_label(labels[-1], terms) if labels else None
    return bool(found and found.method in FIRM_METHODS)


def _place_row(table_code: str, row: BodyRow, out: TableRead) -> None:
    rows = terms_for(table_code, ("row",))
    cols = terms_for(table_code, ("column",))
    row_on_labels = _deepest(row.labels, rows)
    if row_on_labels and (row.own_label_unread or not _names_own_label(table_code, row.labels, row_on_labels)):
        row_on_labels = None  # its own label was not read: its group's name would be a guess
    if row_on_labels is None and not row.own_label_unread:
        row_on_labels = _numbered_in_group(table_code, row.labels)
    col_on_labels = _deepest(row.labels, cols)
    read = RowRead(table_code, row.page, row.labels, row_on_labels, [], row.confidence, row.boxes, row.ragged)
    placed_boxes: set[Box] = set()
    not_placed: list[Unplaced] = []
    for k, (path, printed) in enumerate(row.cells):
        confidence = row.confidence[k] if row.confidence else None
        box = row.boxes[k] if row.boxes else None
        printed = _under_header_overflow(path, printed, cols)
        row_match = row_on_labels or row_in_header(table_code, path)
        col_match = _deepest(path, cols) or (col_on_labels if _firm_exact(col_on_labels) else None)
        read.cells.append((path, printed, col_match))
        if row_match and col_match and (table_code, row_match.term.code, col_match.term.code) not in printed_cells():
            row_match = col_match = None  # a header that is not this row's (another block's, repeated by a page break)
        if row_match is None or col_match is None:
            if parse_cell(printed).kind != "blank":
                not_placed.append(Unplaced(table_code, row.page, tuple(row.labels), tuple(path), printed, box))
            continue
        out.cells.append(placed_cell(table_code, row_match, col_match, printed, row.page, confidence, box))
        if box is not None:
            placed_boxes.add(box)
    # a merged cell repeats its value into every column it covers: where one of them was placed, the
    # others are the same printed value, not one more (a producer's spans that do not match its header's)
    out.unplaced += [u for u in not_placed if u.box is None or u.box not in placed_boxes]
    out.rows.append(read)


def _under_header_overflow(path: list[str], printed: str, cols: tuple[Term, ...]) -> str:
    """A value cell whose first lines end its column's name, run down from the header cell above (a
    producer that lets a long header overflow its cell: 社会公益组 over 织 over 55): the number
    printed under them, when the name so joined is a column's exactly; the cell as printed else."""
    lines = printed.split("\n")
    if not path or parse_cell(printed).kind != "unparsed":
        return printed
    for k in range(1, len(lines)):
        head, rest = "".join(lines[:k]).strip(), "\n".join(lines[k:])
        if (head and all(HANZI.match(ch) for ch in head) and parse_cell(rest).kind == "number"
                and _deepest([*path[:-1], path[-1] + head], cols, strict=True)):
            return rest
    return printed


def _numbered_in_group(table_code: str, labels: list[str]) -> Match | None:
    """The row a short label retyped one character off names by its number under a group named
    firmly (``3.他`` under ``（六）其他处理``), as the template numbers the group's rows."""
    if len(labels) < 2:
        return None
    # a group of rows, or a row of V2019 that V2021 parts into rows: （六）其他处理
    group = _deepest(labels[:-1], terms_for(table_code, ("row", "row_group")))
    if not group or group.method not in FIRM_METHODS:
        return None
    return match_numbered_child(labels[-1], group.term, terms_for(table_code, ("row",)))


def row_in_header(table_code: str, path: list[str]) -> Match | None:
    """The row a value cell's header path names, in a table whose rows are printed as column groups
    (四), by a label printed in full: a column header 其他 or 总计 must not read as the row 3.其他 or
    （七）总计. None in other tables."""
    if table_code not in rows_in_header():
        return None
    return _deepest(path, terms_for(table_code, ("row",)), strict=True)


def _names_own_label(table_code: str, labels: list[str], match: Match) -> bool:
    """Whether a row's match names its last (innermost) label, or that label is a group's name
    (a row printed under a group label only): not an ancestor matched while the row's own label,
    unread or garbled, matched nothing."""
    last = labels[-1]
    if normalise(match.printed).endswith(normalise(last)):
        return True
    groups = terms_for(table_code, ("row_group", "column", "column_group"))
    return _firm_exact(match_label(last, groups))


def placed_cell(table_code: str, row: Match, column: Match, printed: str, page: int,
                confidence: float | None = None, box: Box | None = None) -> PlacedCell:
    """A cell placed by its row and column matches (the printed labels kept on one line)."""
    x0, y0, x1, y1 = box or (None, None, None, None)
    return PlacedCell(
        table_code=table_code,
        row_code=row.term.code,
        column_code=column.term.code,
        printed=printed,
        page=page,
        row_label=" ".join(row.printed.split()),
        row_method=row.method,
        row_distance=row.distance,
        column_label=" ".join(column.printed.split()),
        column_method=column.method,
        ocr_confidence=confidence,
        x0=x0, y0=y0, x1=x1, y1=y1,
    )


def _deepest(texts: list[str], terms: tuple[Term, ...], strict: bool = False) -> Match | None:
    """The match of the last text on a path that names one of ``terms`` (``strict``: exactly or by alias).

    A label cut into consecutive pieces of the path (a header wrapped over two grid rows, or
    cut by a page break: ``商业`` / ``企业``, ``总`` / ``计``) names a term when the pieces joined
    do, firmly; the longest such join ending at a piece is preferred to the piece alone. Where the
    last piece names nothing firmly, pieces of Hanzi joined one edit from a label name it (a
    character lost on the page break); never with ``strict``.
    """
    for end in range(len(texts) - 1, -1, -1):
        starts = range(max(0, end - JOIN_MAX_PIECES + 1), end)
        for start in starts:
            found = match_label("".join(texts[start:end + 1]), terms)
            if found and found.method in FIRM_METHODS and (not strict or _firm_exact(found)):
                return found
        found = match_label(texts[end], terms)
        if not strict and not (found and found.method in FIRM_METHODS):
            # a vertical label cut by the page break loses the character on the break (结 / 纠正
            # for 结果纠正): the pieces joined, one character short of a label, name it
            joined = [match_label("".join(texts[start:end + 1]), terms) for start in starts
                      if all(HANZI.search(t) for t in texts[start:end + 1])]  # a number is no piece of it
            near = next((j for j in joined if j and j.method == "fuzzy" and j.distance == 1), None)
            found = near or found
        if found and (not strict or _firm_exact(found)):
            return found
    return None


def _firm_exact(found: Match | None) -> bool:
    return bool(found and found.method in ("exact", "alias"))


def _first_per_key(cells: list[PlacedCell]) -> list[PlacedCell]:
    """One cell per (table, row, column): merged cells repeat their value into every cell they
    cover, so keep the first printed value, or, when none was printed, the blank read with the
    least confidence (ink OCR read as nothing beside a clean blank under one header: the doubt
    must stay)."""
    chosen: dict[tuple[str, str, str], PlacedCell] = {}
    for cell in cells:
        key = (cell.table_code, cell.row_code, cell.column_code)
        kept = chosen.get(key)
        if kept is None or (parse_cell(kept.printed).kind == "blank" and (
                parse_cell(cell.printed).kind != "blank" or _less_sure(cell, kept))):
            chosen[key] = cell
    return list(chosen.values())


def _less_sure(cell: PlacedCell, than: PlacedCell) -> bool:
    """Whether a cell's reading is in more doubt than another's (no confidence: a text layer's, sure)."""
    if cell.ocr_confidence is None:
        return False
    return than.ocr_confidence is None or cell.ocr_confidence < than.ocr_confidence


def _value_columns(grid: Grid) -> set[int]:
    """Columns that hold a number (or a not-applicable mark) in some row of the grid."""
    cols: set[int] = set()
    for row in grid.cells:
        for j, text in enumerate(row):
            if parse_cell(text).kind in ("number", "not_applicable"):
                cols.add(j)
    return cols


def _right_of_labels(table_code: str, grid: Grid, numeric_cols: set[int]) -> set[int]:
    """The numeric columns right of every column where a row of values prints its row label: the
    official tables print labels left of all values, so a "number" left of a label (a turned
    group label 三、本年度办理结果 that OCR read as 1, an enumerator in a cell of its own) is
    no value, and must not make the labels beside it value columns."""
    rows = terms_for(table_code, ("row", "row_group"))
    last_label = -1
    for row in grid.cells:
        numbers = [k for k in numeric_cols if k < len(row) and parse_cell(row[k]).kind in ("number", "not_applicable")]
        for j, text in enumerate(row):
            if last_label < j < max(numbers, default=-1) and (found := match_label(text, rows)) \
                    and found.method in FIRM_METHODS:
                last_label = j
    return {j for j in numeric_cols if j > last_label}


def _with_blank_lead(grid: Grid, values: list[int], count: int) -> list[int]:
    """A part's value columns with the columns just left of them that are blank in every row, when
    that makes them the table's ``count`` (its first column held no number in this part: 自然人
    blank in every row under a web page's table split in two)."""
    lead = list(values)
    while lead and len(lead) < count and lead[0] > 0 and not any(
            row[lead[0] - 1].strip() for row in grid.cells if lead[0] - 1 < len(row)):
        lead.insert(0, lead[0] - 1)
    return lead if len(lead) == count else values


def _between(value_cols: set[int]) -> set[int]:
    """Value columns with every column between two of them: the official tables print their
    labels left of all values, so a column among values whose header was not read and whose
    cells are blank still holds values (blanks), for the template to place by position."""
    return set(range(min(value_cols), max(value_cols) + 1)) if value_cols else set()


def _labelled_columns(table_code: str, paths: list[list[str]]) -> set[int]:
    """Columns whose header path names a column of the table: value columns even where
    every cell of the grid is blank."""
    cols = terms_for(table_code, ("column",))
    return {j for j, path in enumerate(paths) if _deepest(path, cols)}


def _is_header_row(table_code: str, row: list[str], value_cols: set[int]) -> bool:
    """Text where values stand makes a header row; before any value column is known, a term does.

    Exceptions, each a body row whose odd cells are reported as unparsable rather than read as
    a header: a row of values where the odd cells hold no Hanzi and name no term (a value misread
    by OCR); a known data row whose value cells hold text that names no term of the table
    (digits a broken font turned into Hanzi).
    """
    every_term = terms_for(table_code, ("row", "row_group", "column", "column_group"))
    if not value_cols:
        return any(match_label(c, every_term) for c in dict.fromkeys(row) if c.strip())
    texts = [row[j] for j in sorted(value_cols) if j < len(row) and parse_cell(row[j]).kind == "unparsed"]
    if not texts:
        # a header row whose text stands only over columns not yet known as value columns
        # (the rest of a header cut by a page break): it names columns, as no data row does
        columns = terms_for(table_code, ("column",))
        named = {found.term.code for c in dict.fromkeys(row) if c.strip()
                 and (found := match_label(c, columns)) and found.method in ("exact", "alias")}
        return len(named) >= 2
    numbers = [j for j in value_cols if j < len(row) and parse_cell(row[j]).kind in ("number", "not_applicable")]
    if numbers and not any(HANZI.search(t) or match_label(t, every_term) for t in texts):
        # values with one misread among them (``0-``, a speck): a data row, its misread cells
        # reported as unparsable; table 四's value row has no row label to tell it otherwise
        return False
    if len(numbers) >= MISREAD_SHARE * len(texts) and all(
            len(HANZI.findall(normalise(t))) == 1 and not match_label(t, every_term) for t in texts):
        # a digit OCR read as one Hanzi (1 as 二, or beside digits: 12 业) among many numbers:
        # still a row of values
        return False
    labels = _dedupe([c for j, c in enumerate(row) if j not in value_cols and c.strip()])
    garbled_data_row = _firm_row(labels, terms_for(table_code, ("row",))) and not any(
        match_label(t, every_term) for t in texts
    )
    return not garbled_data_row


def _continues_header(table_code: str, row: list[str]) -> bool:
    """Right after a header row (on this page or the last), a row with no number and no row label:
    the rest of header cells cut by a page break or wrapped onto a row of their own (``组织``)."""
    rows = terms_for(table_code, ("row", "row_group"))
    texts = [c for c in dict.fromkeys(row) if c.strip()]
    return bool(texts) and not any(parse_cell(t).kind in ("number", "not_applicable") for t in texts) and not any(
        _row_label(match_label(t, rows), t) for t in texts)


def _row_label(found: Match | None, text: str) -> bool:
    """Whether a text is a row's label: firmly, or a long one a character off or cut short (an
    office's retyping lost or changed one, a scan's cell lost its last; a header's pieces are short)."""
    return bool(found) and (found.method in FIRM_METHODS or (
        found.method in ("fuzzy", "prefix") and found.distance <= 1 and len(normalise(text)) >= ROW_LABEL_LONG))


def _dedupe(texts: list[str]) -> list[str]:
    """Drop consecutive repeats (merged cells copied into each cell they cover)."""
    out: list[str] = []
    for text in texts:
        if not out or normalise(out[-1]) != normalise(text):
            out.append(text)
    return out
