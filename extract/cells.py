"""Fill a camelot grid with the page's characters, placed by their glyph boxes from pdfium.

camelot finds the ruled grid well, but assigns text by layout boxes built from font-wide
ascent/descent: with CJK fonts whose metrics are tall (LibreOffice exports embed Noto CJK
as Type 1) a label lands one row off. pdfium's tight glyph boxes put every character in
the cell that holds its centre. A merged cell (a missing rule between two grid cells)
repeats its whole text into every grid cell it covers, like camelot's ``copy_text``.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ogi_data.strings import HANZI, fold_radicals


@dataclass(frozen=True)
class Char:
    """One printed character: the centre and width of its glyph box, and the vertical extent of its
    font box (the same for every glyph of a line, quotes included). PDF points, origin bottom left."""

    text: str
    x: float
    y: float
    width: float
    bottom: float
    top: float
    index: int = 0  # position in the page's content: the order glyphs printed on one spot were drawn


def page_chars(textpage: pdfium.PdfTextPage) -> list[Char]:
    """Every visible character of a page (given by its text page) with its glyph box."""
    return _textpage_chars(textpage.raw)


def _textpage_chars(raw) -> list[Char]:
    # Raw pdfium calls with reused buffers: a page has thousands of characters, and the
    # helper methods allocate a buffer and a string per call.
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    loose = pdfium_c.FS_RECTF()
    loose_ref = ctypes.byref(loose)
    get_unicode, get_box, get_loose = (pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharBox,
                                       pdfium_c.FPDFText_GetLooseCharBox)
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = get_unicode(raw, i)
        if 0xDC00 <= code <= 0xDFFF:  # second half of a surrogate pair, joined to the first below
            continue
        if 0xD800 <= code <= 0xDBFF:
            code = _join_surrogates(code, get_unicode(raw, i + 1))
        if code == 0 or chr(code).isspace():
            continue
        if not get_box(raw, i, *box):
            continue
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        if x1 <= x0 and y1 <= y0:
            continue
        get_loose(raw, i, loose_ref)
        text = fold_radicals(chr(code)) if 0x2E80 <= code <= 0x2FDF else chr(code)  # ⼯ for 工 (some fonts)
        chars.append(Char(text, (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0,
                          min(y0, loose.bottom), max(y1, loose.top), i))
    return chars


def _left_to_right(line: list[Char]) -> list[Char]:
    """A line's glyphs by x; glyphs drawn on one spot (a producer that overprints a squeezed
    line) keep the order they were drawn in."""
    line = sorted(line, key=lambda c: c.x)
    for i in range(len(line) - 1):
        a, b = line[i], line[i + 1]
        if b.x - a.x < 0.5 * min(a.width, b.width) and b.index < a.index:
            line[i], line[i + 1] = b, a
    return line


def _join_surrogates(high: int, low: int) -> int:
    """The code point of a UTF-16 surrogate pair (pdfium reports characters outside the BMP in two
    halves); a lone half becomes U+FFFD."""
    if 0xDC00 <= low <= 0xDFFF:
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return 0xFFFD


def fill_grid(cells: list[list], chars: list[Char], foot: bool = False) -> list[list[str]]:
    """The text of every grid cell; ``cells`` are camelot cells (x1, y1, x2, y2 and edge flags).
    With ``foot`` (the lowest grid of its page), a last-row cell's lines spilt under the grid's
    bottom rule are its own (:func:`_spilt_lines`)."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    if not n_rows or not n_cols:
        return []
    region = _merged_regions(cells)
    # row bands top to bottom and column bands left to right, for a binary search per character
    row_tops = [-row[0].y2 for row in cells]
    col_lefts = [cell.x1 for cell in cells[0]]
    members: dict[int, list[Char]] = {}
    on_rule: list[tuple[Char, int, int]] = []
    for ch in chars:
        r = bisect_right(row_tops, -ch.y) - 1
        c = bisect_right(col_lefts, ch.x) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols and cells[r][c].y1 <= ch.y and ch.x <= cells[r][c].x2:
            if r > 0 and HANZI.match(ch.text) and cells[r][c].y2 - ch.y <= ON_ROW_RULE * (ch.top - ch.bottom):
                on_rule.append((ch, r, c))
            else:
                members.setdefault(region[r, c], []).append(ch)
    for ch, r, c in on_rule:
        # a character centred on a row's top rule: the cell above's when it goes on the column of
        # characters printed there (a narrow header cell's text overflowing its row), else its own
        above = members.get(region[r - 1, c], [])
        goes_on = any(HANZI.match(o.text) and abs(o.x - ch.x) <= o.width / 2
                      and 0 < o.y - ch.y <= SPILT_PITCH * (o.top - o.bottom) for o in above)
        members.setdefault(region[r - 1, c] if goes_on else region[r, c], []).append(ch)
    if foot:
        spans: dict[int, tuple[float, float]] = {}
        for c, cell in enumerate(cells[-1]):
            left, right = spans.get(region[n_rows - 1, c], (cell.x1, cell.x2))
            spans[region[n_rows - 1, c]] = (min(left, cell.x1), max(right, cell.x2))
        bottom = min(cell.y1 for cell in cells[-1])
        for rid, span in spans.items():
            members[rid] = members.get(rid, []) + _spilt_lines(members.get(rid, []), span, bottom, chars)
    texts = {rid: text_of(found) for rid, found in members.items()}
    return [[texts.get(region[r, c], "") for c in range(n_cols)] for r in range(n_rows)]


ON_ROW_RULE = 0.25  # a character centred this close to a row's rule (share of its height) stands on it

# A cell's text cut by the page break reaches its bottom rule: its last line ends within this share of a
# line's height above it. The next line spilt under the rule stands at most SPILT_PITCH heights lower.
CUT_TEXT = 0.5
SPILT_PITCH = 1.7
SECTION_HEADING = re.compile(r"[一二三四五六七八九十]+、")  # opens a report's section, never a cell's next line
ALIGNED = 0.5  # a spilt line starts, centres or ends this close (share of a line's height) to the line above
SAME_SIZE = 0.1  # a line's font box this close to a cell's line's (share of its height) is of the cell's font


def _spilt_lines(inside: list[Char], span: tuple[float, float], bottom: float, chars: list[Char]) -> list[Char]:
    """Lines of a last-row cell printed under the grid's bottom rule: a browser cuts a row at the page
    break and draws the cell's frame to the page's foot, but not the rest of its text, which runs on
    under the rule (``自然`` / ``人``). Taken while each line follows the one above at a line's pitch,
    in its size and aligned with it, the cell's text reached its bottom rule (or the next line stands
    across it), and the line lies wholly
    within the cell's width, and opens no section (a heading or paragraph under the table stands
    further off, in a size of its own, at the page's margin, or wider, or opens with 三、)."""
    if not inside:
        return []
    left, right = span
    last = _lines(inside)[-1]
    height = max(c.top - c.bottom for c in last)
    under = [ch for ch in chars if ch.top <= bottom + CUT_TEXT * height and ch.y < bottom]
    # the next line may stand across the rule itself, the break cutting the row through it
    across = any(ch.top > bottom and left <= ch.x <= right for ch in under)
    if min(c.bottom for c in last) - bottom > CUT_TEXT * height and not across:
        return []
    taken: list[Char] = []
    centre = (min(c.bottom for c in last) + max(c.top for c in last)) / 2
    for line in _lines(under):
        line_centre = (min(c.bottom for c in line) + max(c.top for c in line)) / 2
        if centre - line_centre > SPILT_PITCH * height or abs(max(c.top - c.bottom for c in line) - height) > (
                SAME_SIZE * height):
            break  # further off than the cell's next line, or in a size of its own: the text under the table
        words = [[left <= ch.x <= right for ch in word] for word in _words(line)]
        if any(any(word) and not all(word) for word in words):
            break  # text across the cell's rule: a paragraph under the table
        if not any(any(word) for word in words):
            continue  # a line of other cells' text, beside this one
        own = [ch for ch in line if left <= ch.x <= right]
        if not _aligned(own, last, ALIGNED * height) or SECTION_HEADING.match("".join(c.text for c in own)):
            break  # set where the cell sets no line, or the next section's heading (三、收到和处理…)
        taken += own
        centre, last = line_centre, own
    return taken


def _aligned(line: list[Char], above: list[Char], tolerance: float) -> bool:
    """Whether two lines start, centre or end within ``tolerance`` of each other, as a cell sets its
    lines (left, centred or right)."""
    def extent(chars: list[Char]) -> tuple[float, float]:
        return min(c.x - c.width / 2 for c in chars), max(c.x + c.width / 2 for c in chars)

    (a0, a1), (b0, b1) = extent(line), extent(above)
    return min(abs(a0 - b0), abs(a1 - b1), abs((a0 + a1) - (b0 + b1)) / 2) <= tolerance


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageFrame:
    """Where PDF user space (points, origin bottom left, as pdfium's glyph boxes and camelot's
    cells are given) lies on the page as displayed: its crop box and its /Rotate (clockwise)."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int = 0

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> PageFrame:
        """The frame of one pdfium page."""
        return cls(*page.get_cropbox(), rotation=page.get_rotation() % 360)

    def displayed(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A user-space box (origin bottom left) as (x0, y0, x1, y1) with the origin at the top left of
        the page as displayed, so that a rotated page's box lands where a viewer shows the cell."""
        width, height = self.right - self.left, self.top - self.bottom
        corners = [(x - self.left, self.top - y) for x, y in ((x0, y0), (x1, y1))]  # unrotated, top left
        if self.rotation == 90:
            corners = [(height - v, u) for u, v in corners]
        elif self.rotation == 180:
            corners = [(width - u, height - v) for u, v in corners]
        elif self.rotation == 270:
            corners = [(v, width - u) for u, v in corners]
        (a, b), (c, d) = corners
        return min(a, c), min(b, d), max(a, c), max(b, d)


def region_boxes(cells: list[list], frame: PageFrame) -> list[list[Box]]:
    """Each grid cell's box in PDF points on the page as displayed, origin at the top left, (x0, y0,
    x1, y1): the box of the whole merged region it belongs to; ``cells`` are camelot cells (user
    space, origin bottom left)."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    region = _merged_regions(cells)
    boxes: dict[int, list[float]] = {}
    for (r, c), rid in region.items():
        cell = cells[r][c]
        x0, y0, x1, y1 = float(cell.x1), float(cell.y1), float(cell.x2), float(cell.y2)
        box = boxes.setdefault(rid, [x0, y0, x1, y1])
        box[:] = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    shown = {rid: tuple(round(v, 2) for v in frame.displayed(*box)) for rid, box in boxes.items()}
    return [[shown[region[r, c]] for c in range(n_cols)] for r in range(n_rows)]


def _merged_regions(cells: list[list]) -> dict[tuple[int, int], int]:
    """Region id of every grid cell: cells with no rule between them belong to one region."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(n_rows):
        for c in range(n_cols):
            cell = cells[r][c]
            if c + 1 < n_cols and not (cell.right or cells[r][c + 1].left):
                union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not (cell.bottom or cells[r + 1][c].top):
                union(r * n_cols + c, (r + 1) * n_cols + c)
    return {(r, c): find(r * n_cols + c) for r in range(n_rows) for c in range(n_cols)}


# A glyph is on a line when its font box's centre is within this share of the box's height of the line's.
LINE_TOLERANCE = 0.35


def text_of(chars: list[Char]) -> str:
    """Characters in reading order: lines top to bottom, each left to right; lines joined by newlines.

    Every glyph of a line shares its font box (quotes and 、 included, whose own glyph boxes sit
    high or low), so a character joins the current line when the centre of its font box is
    that of the line, within a third of the box's height (a digit set in a Latin font beside
    Hanzi has a slightly different box); the next line, even of tightly set text whose boxes
    overlap, is a leading away.
    """
    # a space between words: the tight box of a thin glyph (1) is narrower than its advance, so the
    # line's height bounds the glyph's width from below (:func:`_words`)
    return "\n".join(" ".join("".join(c.text for c in word) for word in _words(line)) for line in _lines(chars))


# Header text printed above a grid, outside its rules (a web page's header cells drawn without
# borders), is read up to this many lines up, each no further than ABOVE_GAP line heights from the
# one below it (a heading over the table stands further off).
ABOVE_LINES = 8
ABOVE_GAP = 1.2


def text_above(cells: list[list], chars: list[Char], ceiling: float | None = None) -> list[list[str]]:
    """The lines of text printed just above a grid (or in the caption rows at its top) and within its
    width, top to bottom, each split into the grid's columns, a character to the column under its
    centre (with no rules to part them, a group's name over several columns is cut into pieces:
    only the names over single columns are relied on, in transform/tables.py). ``ceiling`` is the
    bottom of the grid above on the page (its text is its own); ``cells`` are camelot cells (user
    space, origin bottom left)."""
    if not cells or not cells[0]:
        return []
    # above the first row with a column rule: a caption row over the table (a page layout's cell
    # merged with the table's frame) holds the header text too. A rule between a column with no text
    # down the whole grid and one with text does not count (the layout's empty navigation column
    # beside the caption row); between two blank columns it does (a table printed blank)
    top, columns = max(c.y2 for c in cells[0]), [(c.x1, c.x2) for c in cells[0]]
    left, right = columns[0][0], columns[-1][1]
    inked = _inked_columns(columns, [ch for ch in chars if min(c.y1 for c in cells[-1]) <= ch.y <= top])
    first = next((r for r, row in enumerate(cells)
                  if any((c.right or d.left) and inked[j] == inked[j + 1]
                         for j, (c, d) in enumerate(zip(row, row[1:], strict=False)))), 0)
    top = max(c.y2 for c in cells[first])
    near = [ch for ch in chars if ch.bottom >= top - 0.5 and left <= ch.x <= right
            and (ceiling is None or ch.top <= ceiling)]
    return _into_columns(_lines_up(_lines(near), top), columns)


def _inked_columns(columns: list[tuple[float, float]], chars: list[Char]) -> list[bool]:
    """For each column, whether a character's centre stands in it."""
    return [any(a <= ch.x <= b for ch in chars) for a, b in columns]


# A line at a page's foot with no text but a page number's (第 1 页, - 2 -, 1/3) is its footer.
PAGE_NUMBER = re.compile(r"[\d\s\-—–/第页共]*")


def text_at_foot(columns: list[tuple[float, float]], chars: list[Char], floor: float | None = None) -> list[list[str]]:
    """The lines of text that end a page, under ``floor`` (the bottom of its lowest grid, user space)
    and within the width of ``columns`` (the x extent of each column of a grid that opens the next
    page), top to bottom, taken from the page's last line up as :func:`text_above` takes them, each
    split into those columns; a page number under them is not one of them. They are the header of a
    table printed without rules whose body the page break parted from it (a web page's header cells
    drawn without borders, its rows allowed to break away from the header)."""
    if not columns:
        return []
    left, right = columns[0][0], columns[-1][1]
    lines = _lines([ch for ch in chars if left <= ch.x <= right and (floor is None or ch.top <= floor)])
    while lines and PAGE_NUMBER.fullmatch("".join(ch.text for ch in lines[-1])):
        lines.pop()
    if not lines:
        return []
    return _into_columns(_lines_up(lines, min(ch.bottom for ch in lines[-1])), columns)


def _lines_up(lines: list[list[Char]], edge: float) -> list[list[Char]]:
    """The last of ``lines`` (top to bottom) that follow one another up from ``edge``, each no
    further than ABOVE_GAP line heights from the one below it, at most ABOVE_LINES."""
    taken: list[list[Char]] = []
    for line in reversed(lines):
        bottom, height = min(c.bottom for c in line), max(c.top - c.bottom for c in line)
        if bottom - edge > ABOVE_GAP * height or len(taken) == ABOVE_LINES:
            break
        taken.insert(0, line)
        edge = max(edge, max(c.top for c in line))
    return taken


def _into_columns(lines: list[list[Char]], columns: list[tuple[float, float]]) -> list[list[str]]:
    """Each line split into ``columns``: a character to the column under its centre."""
    lefts = [a for a, _ in columns]
    rows = []
    for line in lines:
        row = [""] * len(columns)
        for ch in line:
            row[min(max(bisect_right(lefts, ch.x) - 1, 0), len(columns) - 1)] += ch.text
        rows.append(row)
    return rows


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines, top to bottom, as :func:`text_of` reads them. A mark whose
    font box is a small one low in the line's (a producer's fallback font for ``,`` or ``.``: ``1,038``
    from LibreOffice Calc) is on the line too."""
    lines: list[tuple[float, float, float, list[Char]]] = []  # centre, height, bottom, chars
    for ch in sorted(chars, key=lambda c: -(c.top + c.bottom)):
        centre, height = (ch.top + ch.bottom) / 2, ch.top - ch.bottom
        if lines and (abs(lines[-1][0] - centre) <= LINE_TOLERANCE * max(height, lines[-1][1])
                      or _small_mark_on(ch, lines[-1][0], lines[-1][1], lines[-1][2])):
            line_centre, line_height, line_bottom, members = lines[-1]
            lines[-1] = (line_centre, max(line_height, height), min(line_bottom, ch.bottom), [*members, ch])
        else:
            lines.append((centre, height, ch.bottom, [ch]))
    return [_left_to_right(members) for *_, members in lines]


# A mark's font box under this share of a line's height, reaching no further below the line's than
# MARK_DROP of it, is a mark on that line.
SMALL_MARK = 0.6
MARK_DROP = 0.2


def _small_mark_on(ch: Char, centre: float, height: float, bottom: float) -> bool:
    """Whether a glyph with a small font box of its own sits within a line's lower half."""
    return (ch.top - ch.bottom < SMALL_MARK * height and ch.top <= centre + LINE_TOLERANCE * height
            and ch.bottom >= bottom - MARK_DROP * height)


def _words(line: list[Char]) -> list[list[Char]]:
    """A line's characters cut where the gap between two is wider than a glyph (as :func:`text_of`
    puts a space)."""
    words = [[line[0]]]
    for prev, ch in zip(line, line[1:], strict=False):
        gap = (ch.x - ch.width / 2) - (prev.x + prev.width / 2)
        if gap > max(prev.width, ch.width, 0.5 * (ch.top - ch.bottom)):
            words.append([])
        words[-1].append(ch)
    return words


# A column at a grid's right crossed by fewer than 1/FEW_CROSSINGS of the row rules that cross the
# column beside it is the margin of a page layout's cell, not a column of the table.
FEW_CROSSINGS = 3

# Two rows of one table share their column rules (a header's are among its body's); two tables printed
# flush share fewer than this share of the rules of the row with fewer (a few may coincide).
SHARED_RULES = 0.75


def flush_parts(cells: list[list]) -> list[list[list]]:
    """A camelot grid cut where two tables printed flush one under the other were read as one (a
    web page that prints a long table as two, each with column widths of its own, joined by their
    frames): at a row boundary where the column rules of the row above and those of the next row
    below stand mostly at different places, or those of the last row above with two rules or more
    and of the next such row below. Rules every row has (a frame) do not count, nor rows with none
    of their own (a caption across the table, the sliver between a frame and its cells).
    Each part keeps only its own columns. ``cells`` are camelot cells (x1, y1, x2, y2 and edge
    flags); a grid with no such boundary is returned whole."""
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    rules = [{c for c in range(n_cols - 1) if row[c].right or row[c + 1].left} for row in cells]
    frame = set.intersection(*[r for r in rules if r] or [set()])  # a sliver row crosses no rule at all
    cuts: list[int] = []
    prev = wide = None  # the last row with a rule of its own, and the last with two new ones since a cut
    for r in (r for r in range(n_rows) if rules[r] - frame):
        # each row against the row before, and a row of two rules or more also against the last such
        # row: a row of one rule (申请人情况 over 三's columns) shares it with tables either side
        for above in dict.fromkeys(x for x in (prev, wide if len(rules[r] - frame) >= 2 else None) if x is not None):
            a, b = rules[above] - frame, rules[r] - frame
            if len(a & b) < SHARED_RULES * min(len(a), len(b)):
                cuts.append(_cut_between(rules, above, r, a, b))
                wide = None
                break
        prev = r
        # a row whose rules are all the last such row's tells no columns of its own (the sliver
        # between two tables nested in a page layout's cell, crossing only their common frame)
        own = rules[r] - frame
        if len(own) >= 2 and (wide is None or not own <= rules[wide] - frame):
            wide = r
    if not cuts:
        # one table, perhaps inside a page layout's cell that its frame merged with: without the
        # layout's columns (its navigation, its margin), which no row rule of the table crosses
        return [_own_columns(cells)] if n_rows >= 2 and _outer_columns(cells) else [cells]
    bounds = [0, *cuts, n_rows]
    return [_own_columns(cells[a:b], _borrowed_sides(cells, a, b)) for a, b in zip(bounds, bounds[1:], strict=False)]


def open_foot(cells: list[list]) -> int:
    """How many rows end a grid with no column rule inside them and no rule across their top: the
    space under a table cut by the page break, inside the frame of a page layout's cell drawn on to
    the page's foot (the cut cells' text runs on there, and the next section's heading may follow).
    None of them is a row of the table; the whole grid when it has nothing else."""
    count = 0
    for row in reversed(cells):
        ruled = any(row[c].right or row[c + 1].left for c in range(len(row) - 1)) or all(c.top for c in row)
        if ruled or count == len(cells) - 1:
            break
        count += 1
    return count


def _cut_between(rules: list[set[int]], above: int, below: int, a: set[int], b: set[int]) -> int:
    """Where two joined tables part, given their ruled rows ``above`` and ``below`` (rules ``a``,
    ``b``): rows between with fewer rules (captions, spanned cells) go with the table whose rules
    they share more of. The first row that leans to the table below starts it, with the rows right
    over it that share no rule with either (its caption); when none does,
    the rows after the last that leans to the table above go with the table below (a spanned
    header row heads its table; a spreadsheet's printed grid draws the heading line over a table
    as a row, with rules where its text ends, that shares as many rules with either)."""
    between = range(above + 1, below)
    down = next((r for r in between if len(rules[r] & b) > len(rules[r] & a)), None)
    if down is not None:
        # with the rows right over it that share no rule with either: a caption over the table
        while down - 1 > above and not rules[down - 1] & (a | b):
            down -= 1
        return down
    up = [r for r in between if len(rules[r] & a) > len(rules[r] & b)]
    return up[-1] + 1 if up else above + 1


def _outside(rows: list[list], span: tuple[int, int], side: str) -> bool:
    """Whether columns ``span`` at the ``side`` of a grid are beyond the table's own frame, or a
    column no row rule crosses: the margin of a page layout's cell around the table (its
    navigation, its title), not a column of the table."""
    first, last = span
    framed = any(row[first].left for row in rows) if side == "left" else any(row[last].right for row in rows)
    crossed = _crossings(rows, first, last)
    # at the right, where every row rule crosses the values, a column crossed by few beside one crossed
    # by many: rules that reach into the margin from a caption over the table or from a wider table
    # under it that the layout's frame joined to it (at the left, a group's label is crossed by few)
    few = side == "right" and FEW_CROSSINGS * crossed < _crossings(rows, first - 1, first - 1)
    # in a part too short to tell by its crossings, a column of the table has its side towards the
    # table drawn along every row (总计 spanning a header part's two rows); the layout's margin
    # beyond a row printed as a table of its own is bounded there by that row's rule only
    open_side = not all(_inner_side(row, first, last, side) for row in rows)
    return not framed or (len(rows) >= 3 and (not crossed or few)) or (not crossed and open_side)


def _inner_side(row: list, first: int, last: int, side: str) -> bool:
    """Whether a row draws the side of columns ``first`` to ``last`` that faces the rest of the grid."""
    if side == "right":
        return first == 0 or bool(row[first].left or row[first - 1].right)
    return last + 1 == len(row) or bool(row[last].right or row[last + 1].left)


def _crossings(rows: list[list], first: int, last: int) -> int:
    """How many row boundaries a rule crosses within columns ``first`` to ``last``."""
    if not 0 <= first <= last < len(rows[0]):
        return 0
    return sum(any(rows[r][c].bottom or rows[r + 1][c].top for c in range(first, last + 1))
               for r in range(len(rows) - 1))



def _outer_columns(rows: list[list]) -> bool:
    """Whether the first or the last column of a grid is outside its table (:func:`_outside`)."""
    n_cols = len(rows[0])
    return n_cols > 1 and (_outside(rows, (0, 0), "left") or _outside(rows, (n_cols - 1, n_cols - 1), "right"))


def _borrowed_sides(cells: list[list], start: int, end: int) -> tuple[bool, bool]:
    """For the part of rows ``start``..``end`` of a camelot grid: whether its left and its right side
    are the grid's only, drawn along fewer than half its rows (the first may be a sliver the table
    above's side reaches into) and along most rows of the rest (camelot closes a grid with its
    border: a narrower table printed flush under a wider one gets the wider one's side, and a
    column of empty space beside its rows)."""
    def drawn(rows: list[list], side: str) -> bool:
        along = [getattr(row[0 if side == "left" else -1], f"drawn_{side}", True) for row in rows]
        return bool(along) and 2 * sum(along) >= len(along)

    rest = cells[:start] + cells[end:]
    return tuple(not drawn(cells[start:end], side) and drawn(rest, side) for side in ("left", "right"))


def _own_columns(rows: list[list], borrowed: tuple[bool, bool] = (False, False)) -> list[list]:
    """Rows of camelot cells with the columns no row of them separates joined into one, and
    without the columns beyond their own frame (where the other table was wider)."""
    from camelot.core import Cell

    n_cols = len(rows[0])
    kept = sorted({c for row in rows for c in range(n_cols - 1) if row[c].right or row[c + 1].left})
    spans = list(zip([0, *(c + 1 for c in kept)], [*kept, n_cols - 1], strict=True))

    if len(spans) > 1 and borrowed[0]:
        spans.pop(0)
    while len(spans) > 1 and _outside(rows, spans[0], "left"):
        spans.pop(0)
    if len(spans) > 1 and borrowed[1]:
        spans.pop()
    while len(spans) > 1 and _outside(rows, spans[-1], "right"):
        spans.pop()
    out = []
    for row in rows:
        joined = []
        for first, last in spans:
            cell = Cell(row[first].x1, row[first].y1, row[last].x2, row[last].y2)
            cell.left, cell.right = row[first].left, row[last].right
            cell.top = any(row[c].top for c in range(first, last + 1))
            cell.bottom = any(row[c].bottom for c in range(first, last + 1))
            joined.append(cell)
        out.append(joined)
    return out
