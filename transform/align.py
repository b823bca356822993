"""Place by the official template what the labels could not: a value whose column header (or row
label) was not read is placed by its position in the printed order of the template, when that
order makes the position unambiguous and the table's own identities confirm the placement.

The cases, all with the template as the prior (``data/template_blocks.csv``):

* a row whose label was read, with as many value cells as the template gives the row, where every
  column that was read by its header (in this row, or in another row of the table with as many
  cells) stands at its template position: each unread column is the template's column there (in a
  table copied as text, where no header stands over its values, even when no header was read);
* rows whose labels were not read, between two rows that were, with as many template rows between
  them that the table does not print elsewhere: they are those rows, in order (and a cell of such
  a row whose header was not read either is the template's column there, by the rule above);
* in a table whose rows are printed as column groups (四: 行政复议 | 行政诉讼 over 结果维持 …), a
  value row whose cells under one group have their columns but no group (its label left on the
  page before, or drawn outside the grid) when every other group of the template was read: that
  group, when its cells stand where the template prints it and are as many as it has columns (a
  leaf header not read either is the template's column there);
  and such a table's row of values with no header read at all (drawn outside the grid): the
  template's cells in its printed order, when they are as many; and in such a table, a group's
  cells whose column headers were not all read, as many as the group's columns, side by side, with
  those read at the template's places: each unread one is the template's column there.

A cell so placed keeps ``position`` as its method. It is kept only when every identity of its
table that involves it holds with it in place (a table without identities, like 二, keeps
nothing by position); otherwise it stays unplaced and flagged, never a guessed number. One
exception: a cell of a read row placed in its column by position is kept when its row's total
holds with it in place, though an identity of its column fails (another cell of that column
misread): the row's total is what confirms the value; the column's failure stays reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from transform.checks import cells_of, check_identity
from transform.labels import Match, load_vocabulary, terms_for
from transform.model import identities, printed_form, rows_in_header, template_cells
from transform.numbers import parse_cell
from transform.tables import PlacedCell, RowRead, TableRead, Unplaced, placed_cell, row_in_header

POSITION = "position"
Key = tuple[str, str, str]


def place_by_position(read: TableRead, version: str) -> tuple[list[PlacedCell], list[Unplaced]]:
    """Cells placed by position and confirmed by the identities; and what stays unplaced."""
    template = template_cells(version)
    taken = {(c.table_code, c.row_code, c.column_code) for c in read.cells}
    candidates: dict[Key, tuple[PlacedCell, Unplaced | None]] = {}
    for found in (*_columns_by_position(read.rows, template), *_rows_by_position(read.rows, template, version),
                  *_groups_by_position(read.rows, template), *_group_columns_by_position(read.rows, template),
                  *_headless_by_position(read.rows, template)):
        cell, _ = found
        key = (cell.table_code, cell.row_code, cell.column_code)
        if key not in taken and key not in candidates:
            candidates[key] = found
    rejected = _unconfirmed(read.cells, [cell for cell, _ in candidates.values()])
    kept = {key: found for key, found in candidates.items() if key not in rejected}
    resolved = Counter(unplaced for _, unplaced in kept.values() if unplaced is not None)
    still = []
    for unplaced in read.unplaced:
        if resolved[unplaced]:
            resolved[unplaced] -= 1
        else:
            still.append(unplaced)
    return [cell for cell, _ in kept.values()], still


def _columns_by_position(rows: list[RowRead], template: dict) -> list[tuple[PlacedCell, Unplaced | None]]:
    out = []
    for row in rows:
        columns = dict(template.get(row.table_code, [])).get(row.row.term.code) if row.row else None
        for i, column in _unread_columns(rows, row, columns).items():
            path, printed, _ = row.cells[i]
            out.append((placed_cell(row.table_code, row.row, column, printed, row.page, *_extra(row, i)),
                        _unplaced(row, path, printed, i)))
    return out


def _unread_columns(rows: list[RowRead], row: RowRead, columns: list[str] | None) -> dict[int, Match]:
    """The template's column, by position, of each of a row's cells whose header was not read, when
    the row has as many cells as the template's ``columns`` for it and every header read in the
    table's rows of that many cells stands at its template position; else none."""
    if not columns or len(row.cells) != len(columns) or all(m for _, _, m in row.cells):
        return {}
    evidence = {(i, m.term.code) for other in rows if other.table_code == row.table_code
                and len(other.cells) == len(columns) for i, (_, _, m) in enumerate(other.cells) if m}
    if any(columns[i] != code for i, code in evidence) or (not evidence and not row.ragged):
        return {}  # a header read out of the template's order, or none in a layout that has its places
    return {i: Match(_term(row.table_code, "column", columns[i]), path[-1] if path else "", POSITION)
            for i, (path, _, match) in enumerate(row.cells) if match is None}


def _rows_by_position(rows: list[RowRead], template: dict, version: str) -> list[tuple[PlacedCell, Unplaced | None]]:
    out = []
    for table, template_rows in template.items():
        mine = [r for r in rows if r.table_code == table]
        present = {r.row.term.code for r in mine if r.row}
        terms = sorted((t for t in load_vocabulary() if t.table_code == table and t.axis == "row"
                        and version in t.versions), key=lambda t: t.ord)
        order = [t.code for t in printed_form(terms, present) if t.code in dict(template_rows)]
        for i, row in enumerate(mine):
            if row.row or not row.cells:
                continue
            start = next((k for k in range(i - 1, -1, -1) if mine[k].row), None)
            end = next((k for k in range(i + 1, len(mine)) if mine[k].row), None)
            if start is None or end is None:
                continue
            before, after = mine[start].row.term.code, mine[end].row.term.code
            if before not in order or after not in order:
                continue
            between = [c for c in order[order.index(before) + 1:order.index(after)] if c not in present]
            # the unread rows between the two read ones, in printed order: the template's rows
            # there, one for one, when they are as many (all of them, blank ones too, or those
            # that print values)
            unread = [k for k in range(start + 1, end)]
            if len(unread) != len(between):
                unread = [k for k in unread if any(parse_cell(p).kind != "blank" for _, p, _ in mine[k].cells)]
            if len(unread) != len(between) or i not in unread:
                continue
            code = between[unread.index(i)]
            match = Match(_term(table, "row", code), " ".join(row.labels), POSITION)
            # a cell whose header was not read either: the template's column there, as in a read row
            placed = _unread_columns(rows, row, dict(template_rows).get(code))
            out += [(placed_cell(table, match, column or placed[k], printed, row.page, *_extra(row, k)),
                     _unplaced(row, path, printed, k)) for k, (path, printed, column) in enumerate(row.cells)
                    if column or k in placed]
    return out


def _group_rows(rows: list[RowRead]) -> Iterator[tuple[RowRead, list[Match | None]]]:
    """The value rows of a table printed as column groups (四), each with the group (its row) that
    each cell's header path names, or None."""
    for row in rows:
        if not row.row and row.table_code in rows_in_header():
            yield row, [row_in_header(row.table_code, path) for path, _, _ in row.cells]


def _groups_by_position(rows: list[RowRead], template: dict) -> list[tuple[PlacedCell, Unplaced | None]]:
    out = []
    for row, groups in _group_rows(rows):
        order = template.get(row.table_code, [])
        named = {g.term.code for g in groups if g}
        missing = [(code, columns) for code, columns in order if code not in named]
        unread = [i for i, g in enumerate(groups) if not g]
        if len(missing) != 1 or not named or not unread:
            continue
        code, columns = missing[0]
        # the unread cells are the missing group's when they stand, as many as its columns and in
        # their order, between the groups the template prints before and after it; a leaf header
        # not read either is the template's column at its place
        rank = {c: k for k, (c, _) in enumerate(order)}
        before = [i for i, g in enumerate(groups) if g and rank[g.term.code] < rank[code]]
        after = [i for i, g in enumerate(groups) if g and rank[g.term.code] > rank[code]]
        in_place = all(i > max(before, default=-1) and i < min(after, default=len(groups)) for i in unread)
        if not in_place or not any(row.cells[i][2] for i in unread) or not _at_template_places(row, unread, columns):
            continue
        out += _in_template_columns(row, unread, Match(_term(row.table_code, "row", code), "", POSITION), columns)
    return out


def _group_columns_by_position(rows: list[RowRead], template: dict) -> list[tuple[PlacedCell, Unplaced | None]]:
    out = []
    for row, groups in _group_rows(rows):
        for code, columns in template.get(row.table_code, []):
            mine = [i for i, g in enumerate(groups) if g and g.term.code == code]
            # a group's cells, as many as its columns and side by side, whose read headers stand at
            # the template's places: each unread one is the template's column there
            if (not mine or all(row.cells[i][2] for i in mine) or mine != list(range(mine[0], mine[0] + len(mine)))
                    or not _at_template_places(row, mine, columns)):
                continue
            unread = [(i, column) for i, column in zip(mine, columns, strict=True) if row.cells[i][2] is None]
            out += _in_template_columns(row, [i for i, _ in unread], groups[mine[0]], [c for _, c in unread])
    return out


def _at_template_places(row: RowRead, cells: list[int], columns: tuple[str, ...]) -> bool:
    """Whether a row's ``cells`` are as many as the template's ``columns`` of a group and each one
    whose column header was read stands at that column's place."""
    read = [row.cells[i][2] for i in cells]
    return len(read) == len(columns) and all(m is None or m.term.code == c for m, c in zip(read, columns, strict=True))


def _in_template_columns(row: RowRead, cells: list[int], group: Match,
                         columns: list[str] | tuple[str, ...]) -> list[tuple[PlacedCell, Unplaced | None]]:
    """A row's ``cells`` placed in ``group``, each in its read column or else the template's column
    at its place (``columns``, one per cell)."""
    out = []
    for i, column in zip(cells, columns, strict=True):
        path, printed, found = row.cells[i]
        found = found or Match(_term(row.table_code, "column", column), path[-1] if path else "", POSITION)
        out.append((placed_cell(row.table_code, group, found, printed, row.page, *_extra(row, i)),
                    _unplaced(row, path, printed, i)))
    return out


def _headless_by_position(rows: list[RowRead], template: dict) -> list[tuple[PlacedCell, Unplaced | None]]:
    out = []
    for row in rows:
        if row.row or row.table_code not in rows_in_header() or any(column for _, _, column in row.cells):
            continue
        if any(row_in_header(row.table_code, path) for path, _, _ in row.cells):
            continue
        order = [(code, column) for code, columns in template.get(row.table_code, []) for column in columns]
        if len(order) != len(row.cells):
            continue
        for i, ((path, printed, _), (code, column)) in enumerate(zip(row.cells, order, strict=True)):
            match = Match(_term(row.table_code, "row", code), "", POSITION)
            column_match = Match(_term(row.table_code, "column", column), "", POSITION)
            out.append((placed_cell(row.table_code, match, column_match, printed, row.page, *_extra(row, i)),
                        _unplaced(row, path, printed, i)))
    return out


def _unconfirmed(placed: list[PlacedCell], candidates: list[PlacedCell]) -> set[Key]:
    """Candidates that no identity confirms: in a failed identity with the candidates in place, or in
    no identity of their table that holds; a candidate of a read row placed in its column by
    position is confirmed by its row's identity alone (see the module's docstring)."""
    cells = [*placed, *candidates]
    wanted = {(c.table_code, c.row_code, c.column_code) for c in candidates}
    by_column = {(c.table_code, c.row_code, c.column_code) for c in candidates
                 if c.column_method == POSITION and c.row_method != POSITION}
    failed: set[Key] = set()
    confirmed: set[Key] = set()
    row_failed: set[Key] = set()
    row_confirmed: set[Key] = set()
    for identity in identities():
        grid = {(c.row_code, c.column_code): parse_cell(c.printed).value for c in cells
                if c.table_code == identity.table_code}
        per_column = identity.for_each == "column"
        present = {r for r, _ in grid} if per_column else {c for _, c in grid}
        broken = {issue.column_code if per_column else issue.row_code
                  for issue in check_identity(identity, grid) if issue.rule == identity.rule}
        for key in {c for _, c in grid} if per_column else {r for r, _ in grid}:
            involved = {(identity.table_code, r, c) for r, c in cells_of(identity, key, present)} & wanted
            (failed if key in broken else confirmed).update(involved)
            if not per_column:
                (row_failed if key in broken else row_confirmed).update(involved)
    return wanted - (confirmed - failed) - ((row_confirmed - row_failed) & by_column)


def _extra(row: RowRead, k: int) -> tuple:
    """The OCR confidence and the box of a row's k-th value cell."""
    return (row.confidence[k] if row.confidence else None), (row.boxes[k] if row.boxes else None)


def _term(table: str, axis: str, code: str):
    return next(t for t in terms_for(table, (axis,)) if t.code == code)


def _unplaced(row: RowRead, path: list[str], printed: str, k: int) -> Unplaced | None:
    """The flag the row's k-th value got when it was not placed (blank cells were not flagged)."""
    if parse_cell(printed).kind == "blank":
        return None
    return Unplaced(row.table_code, row.page, tuple(row.labels), tuple(path), printed, _extra(row, k)[1])
