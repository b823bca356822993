"""Body rows of a table copied as text (ragged grids: cells in reading order, spans not kept).

In such a copy a row's values are its trailing cells, and its labels the cells before them; but
the header's cells do not line up with the values: a browser writes a merged header once and
leaves out what a row span covers (``自然人 | 法人或其他组织 | 总计`` over ``商业企业 … 其他``). Two
readings, the first that applies:

1. **By the template.** The header names the table's columns (and, for table 四, the rows printed
   as column groups); when they are as many as the row's values (rows × columns), and each header
   line names them in the template's order, the values are the template's cells in order, each
   under the label the header printed for it.
2. **By position.** Otherwise the row is aligned on the header lines by their right ends (as a copy
   that keeps every cell of a line writes them); a value under no header has no column, and stays
   unplaced and flagged, never a guess.
"""

from __future__ import annotations

from extract import Grid
from transform.labels import Match, Term, match_label, normalise, terms_for
from transform.numbers import parse_cell
from transform.rows import BodyRow

FIRM = {"exact", "alias", "no_enumerator"}
RANK = {"exact": 0, "alias": 1, "no_enumerator": 2, "prefix": 3, "fuzzy": 4}
# a row printed in the header (table 四) is printed in full: ``其他`` or ``总计`` there is a column
PRINTED_IN_FULL = {"exact", "alias"}
VALUE_KINDS = ("number", "not_applicable", "blank")


def ragged_body_rows(table_code: str, grids: list[Grid]) -> list[BodyRow]:
    """The body rows of one table's ragged grids; header lines carry on into a continuing grid."""
    rows: list[BodyRow] = []
    header: list[list[str]] = []
    in_header = seen_body = False
    for grid in grids:
        cells, boxes = join_pieces(table_code, grid.cells, grid.boxes)
        for i, fields in enumerate(cells):
            texts = [f for f in fields if f.strip()]
            has_value = any(parse_cell(f).kind in ("number", "not_applicable") for f in fields)
            if not has_value and _is_header_line(table_code, texts, rows_too=not seen_body):
                header = header if in_header else []
                header.append(fields)
                in_header = True
                continue
            in_header, seen_body = False, True
            start = _values_start(fields)
            paths = None
            # blank cells before the first value may be a label merged over two columns
            for skip in range(_leading_blanks(fields, start) + 1):
                paths = by_template(table_code, header, len(fields) - start - skip)
                if paths is not None:
                    start += skip
                    break
            paths = paths or by_position(header, len(fields), start)
            rows.append(BodyRow(page=grid.page, grid=id(grid), labels=[f for f in fields[:start] if f.strip()],
                                cells=list(zip(paths, fields[start:], strict=True)),
                                boxes=boxes[i][start:] if boxes else None, ragged=True))
    return rows


def join_pieces(table_code: str, cells: list[list[str]],
                boxes: list[list] | None) -> tuple[list[list[str]], list | None]:
    """Lines of a browser's copy put back into rows: a cell whose text breaks over lines (a ``<br>``,
    a paragraph in the cell; one character per line) leaves one-cell lines between, or splits a
    line's last cell from the next line's first. Pieces are joined where the joined text names a
    label of the table that its ends alone do not (``结`` ``果`` ``纠`` ``正`` → 结果纠正); otherwise
    lines stay as they are."""
    terms = terms_for(table_code, ("row", "row_group", "column", "column_group"))
    lines = [(list(row), list(boxes[i]) if boxes else [None] * len(row)) for i, row in enumerate(cells)]
    out: list[tuple[list[str], list]] = []
    current: tuple[list[str], list] | None = None
    pending: list[tuple[list[str], list]] = []
    for line in [*lines, None]:
        if line is not None and len(line[0]) == 1 and current is not None:
            pending.append(line)
            continue
        pieces = [p[0][0] for p in pending]
        if current is None:
            current = line
            continue
        last = current[0][-1]
        if pieces and line is not None and _names([*pieces, line[0][0]], terms, retyped=True):  # a row's label
            out.append(current)
            current = (["\n".join([*pieces, line[0][0]]), *line[0][1:]], line[1])
        elif pieces and _names([last, *pieces], terms):  # a line's last cell
            current[0][-1] = "\n".join([last, *pieces])
            out.append(current)
            current = line
        elif line is not None and last.strip() and _names([last, *pieces, line[0][0]], terms):  # one cell
            current[0][-1] = "\n".join([last, *pieces, line[0][0]])
            current = (current[0] + line[0][1:], current[1] + line[1][1:])
        else:
            out += [current, *pending]
            current = line
        pending = []
    if current is not None:
        out.append(current)
    return [row for row, _ in out], ([box for _, box in out] if boxes else None)


def _names(parts: list[str], terms: tuple[Term, ...], retyped: bool = False) -> bool:
    """Whether the parts joined name a term firmly that neither end names alone (``2.其他`` alone
    names the row 3.其他, joined it is 2.其他法律行政法规禁止公开); with ``retyped``, or a row's
    label retyped within an edit (:func:`match_label`) that no piece names otherwise."""
    joined = match_label("".join(parts), terms)
    ends = (match_label(parts[0], terms), match_label(parts[-1], terms))
    if retyped and joined is not None and joined.method == "fuzzy":
        # a label retyped one character off (反 as 和) and broken over lines: joined only when no
        # piece names another label, or this one but loosely (by its start, or its start one
        # character off), and none is a character alone (a header set one character a line may
        # be half of a label)
        return all(len(normalise(part)) > 1 for part in parts) and all(
            end is None or (end.term is joined.term and end.method in ("prefix", "fuzzy")) for end in ends)
    if not _firm(joined):
        return False
    # an end naming the same label as well as the whole does is a label of its own; (二)部分公开 by
    # its short alias is not, when the whole is the label in full
    return not any(_firm(end) and end.term is joined.term and RANK[end.method] <= RANK[joined.method]
                   for end in ends)


def by_template(table_code: str, header: list[list[str]], count: int) -> list[list[str]] | None:
    """Each value's header path when the header names rows × columns of the table as many as
    ``count``, every header line in the template's order; else None."""
    columns = _named(header, terms_for(table_code, ("column",)))
    rows = _named(header, terms_for(table_code, ("row",)), methods=PRINTED_IN_FULL)
    if not columns or len(columns) * max(len(rows), 1) != count:
        return None
    if not all(_in_template_order(line, table_code) for line in header):
        return None
    row_labels = [printed for _, printed in rows] or [None]
    return [[label for label in (row_label, printed) if label]
            for row_label in row_labels for _, printed in columns]


def by_position(header: list[list[str]], width: int, start: int) -> list[list[str]]:
    """Each value's header path, the row (``width`` cells, values from ``start``) and every header
    line aligned on their right ends. Only a header line as wide as the run of values keeps
    its cells' places (a copy of every grid position); a shorter one (a browser's copy writes a
    merged cell once) would put its labels over the wrong values, and is left out."""
    full = [line for line in header if len(line) >= width - start]
    paths = []
    for k in range(start, width):
        path = []
        for line in full:
            j = k - width + len(line)
            if 0 <= j < len(line) and line[j].strip():
                path.append(line[j])
        paths.append(path)
    return paths


def _values_start(fields: list[str]) -> int:
    """Where the trailing run of value cells (numbers, marks, blanks) begins."""
    start = len(fields)
    while start > 0 and parse_cell(fields[start - 1]).kind in VALUE_KINDS:
        start -= 1
    return start


def _leading_blanks(fields: list[str], start: int) -> int:
    """How many blank cells open the run of values from ``start``."""
    count = 0
    while start + count < len(fields) and not fields[start + count].strip():
        count += 1
    return count


def _is_header_line(table_code: str, texts: list[str], rows_too: bool) -> bool:
    """A line with no value that names a column or column group of the table, or, above the table's
    first body row (``rows_too``), two of its rows printed in full (table 四 prints its rows as
    column groups; below, a row of blank cells under its group's label names two rows too)."""
    columns = terms_for(table_code, ("column", "column_group"))
    # printed in full: a blank row's own label (3.其他, （七）总计) names a column once its
    # enumerator is dropped
    if any((found := match_label(t, columns)) and found.method in PRINTED_IN_FULL for t in texts):
        return True
    rows = terms_for(table_code, ("row", "row_group"))
    named = [found for t in texts if (found := match_label(t, rows)) and found.method in PRINTED_IN_FULL]
    return rows_too and len(named) >= 2


def _named(header: list[list[str]], terms: tuple[Term, ...],
           methods: set[str] | None = None) -> list[tuple[Term, str]]:
    """The terms the header names, in the template's order, each with the label printed for it
    (its firmest match)."""
    best: dict[Term, Match] = {}
    for line in header:
        for text in line:
            found = match_label(text, terms) if text.strip() else None
            if found is None or (methods is not None and found.method not in methods):
                continue
            kept = best.get(found.term)
            if kept is None or (not _firm(kept) and _firm(found)):
                best[found.term] = found
    return [(term, best[term].printed) for term in sorted(best, key=lambda t: t.ord)]


def _in_template_order(line: list[str], table_code: str) -> bool:
    """Whether a header line names columns in the template's order; table 四 prints the same five
    columns under each of its rows, so the line may name one run of columns again and again, but a
    line that starts over with a column its longest run lacks (总计 before 自然人) is out of order."""
    columns = terms_for(table_code, ("column",))
    ords = [found.term.ord for t in line if t.strip() and (found := match_label(t, columns))]
    runs: list[list[int]] = []
    for value in ords:
        if runs and value > runs[-1][-1]:
            runs[-1].append(value)
        else:
            runs.append([value])
    longest = set(max(runs, key=len, default=[]))
    return all(set(run) <= longest for run in runs)  # a run may miss a label its copy broke


def _firm(found: Match | None) -> bool:
    return bool(found and found.method in FIRM)
