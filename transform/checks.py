"""Checks on one report's facts: the identities the official tables obey, and structure.

Each failure is an :class:`Issue` with a stable rule code and one sentence quoting the
numbers. The numbers are never changed: the agency's arithmetic is reported, not fixed.
Which identities there are, which columns may be negative or hold decimals, and what adds
up to what are data (transform/model.py). Carry-over continuity across years needs other
reports and runs in SQL after loading (``sql/20_checks.sql``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from ogi_data.messages import say
from transform.labels import load_vocabulary, one_line
from transform.model import (
    Identity,
    flagged_columns,
    identities,
    outcome_identity,
    printed_form,
    side_codes,
    table_codes,
    table_short_name,
    template_cells,
    term_labels,
)

# Tolerance for sums of printed decimals.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Issue:
    """One failed check."""

    rule: str
    table_code: str | None
    row_code: str | None
    column_code: str | None
    detail: str


class FactRow(NamedTuple):
    """The fields of one fact that the checks read."""

    table_code: str
    row_code: str
    column_code: str
    value: float | None
    value_kind: str
    printed: str
    page: int


TableValues = dict[tuple[str, str], float | None]  # (row, column) → value of one table


def check_report(facts: pd.DataFrame, version: str | None = None) -> list[Issue]:
    """Every check that runs on one report alone."""
    # The checks read a few hundred cells many times: plain tuples, read from the frame once,
    # are much cheaper to walk than the frame.
    rows = _fact_rows(facts)
    grids = {t: _grid(rows, t) for t in table_codes()}
    return [
        *check_tables_present(rows),
        *(check_rows_present(rows, version) if version else []),
        *(check_cells_present(rows, version) if version else []),
        *(check_group_with_members(rows, version) if version else []),
        *check_cells(rows),
        *(issue for identity in identities() for issue in check_identity(identity, grids[identity.table_code])),
    ]


def _fact_rows(facts: pd.DataFrame) -> list[FactRow]:
    columns = [facts[name].tolist() for name in FactRow._fields]
    return [FactRow(t, r, c, None if v != v else float(v), k, p, g)  # v != v: NaN, a cell without a number
            for t, r, c, v, k, p, g in zip(*columns, strict=True)]


def _grid(rows: list[FactRow], table: str) -> TableValues:
    return {(f.row_code, f.column_code): f.value for f in rows if f.table_code == table}


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_tables_present(rows: list[FactRow]) -> list[Issue]:
    """Each of the three tables must have been found."""
    found = {f.table_code for f in rows}
    return [
        Issue("table_missing", t, None, None, say("table_missing", table=table_short_name(t)))
        for t in table_codes() if t not in found
    ]


def check_rows_present(rows: list[FactRow], version: str) -> list[Issue]:
    """Every row of the template must be printed in each table that was found.

    A row with sub-rows in the template (V2021 （六）其他处理) may be printed as one row or as
    its sub-rows (transform/model.py: ``printed_form``).
    """
    issues = []
    present = {(f.table_code, f.row_code) for f in rows}
    found_tables = {f.table_code for f in rows}
    vocab = [t for t in load_vocabulary() if t.axis == "row" and version in t.versions]
    for table in found_tables:
        terms = [t for t in vocab if t.table_code == table]
        printed = {code for t, code in present if t == table}
        expected = printed_form(terms, printed)
        issues += [Issue("row_missing", table, term.code, None,
                         say("row_missing", row=term.code, label="".join(term.label_zh.split()), version=version,
                             table=table_short_name(table))) for term in expected if term.code not in printed]
    return sorted(issues, key=lambda i: (table_codes().index(i.table_code), i.row_code))


def check_group_with_members(rows: list[FactRow], version: str) -> list[Issue]:
    """A row printed both as one row and as its member rows (V2021 （六）其他处理 and its 1–3): a
    template prints one or the other, so the one row's values are a member row whose own label
    was not read, placed under its group's name. Each of its cells is flagged, never trusted."""
    present = {(f.table_code, f.row_code) for f in rows}
    members: dict[tuple[str, str], list[str]] = {}
    for term in load_vocabulary():
        if term.axis == "row" and version in term.versions and term.parent_code:
            members.setdefault((term.table_code, term.parent_code), []).append(term.code)
    return [Issue("group_with_members", f.table_code, f.row_code, f.column_code,
                  say("group_with_members", row=f.row_code, members=", ".join(
                      m for m in members[f.table_code, f.row_code] if (f.table_code, m) in present)))
            for f in rows if any((f.table_code, m) in present for m in members.get((f.table_code, f.row_code), []))]


def check_cells_present(rows: list[FactRow], version: str) -> list[Issue]:
    """Every cell the template prints in a row that was found must have been read (printed blank or
    not): a value column lost in a row that was read is flagged, never silently absent."""
    present = {(f.table_code, f.row_code, f.column_code) for f in rows}
    found_rows = {(f.table_code, f.row_code) for f in rows}
    issues = []
    for table, template_rows in template_cells(version).items():
        for row, columns in template_rows:
            if (table, row) not in found_rows:
                continue  # a row not found at all is row_missing
            issues += [Issue("cell_missing", table, row, column,
                             say("cell_missing", row=row, column=column, version=version,
                                 table=table_short_name(table), **_labels(table, row, column, version)))
                       for column in columns if (table, row, column) not in present]
    return issues


def check_cells(rows: list[FactRow]) -> list[Issue]:
    """A cell that is not a number, a negative count, or a count with decimals."""
    issues = []
    signed, decimals = flagged_columns("signed"), flagged_columns("decimals")
    for row in rows:
        where = (row.table_code, row.row_code, row.column_code)
        if row.value_kind == "unparsed":
            issues.append(Issue("unparsed_cell", *where,
                                say("unparsed_cell", row=row.row_code, column=row.column_code, page=row.page,
                                    printed=one_line(row.printed), **_labels(*where))))
        elif row.value_kind == "number":
            if row.value < 0 and (row.table_code, row.column_code) not in signed:
                issues.append(Issue("negative_count", *where,
                                    say("negative_count", row=row.row_code, column=row.column_code,
                                        value=_fmt(row.value), **_labels(*where))))
            if row.value != int(row.value) and (row.table_code, row.column_code) not in decimals:
                issues.append(Issue("non_integer_count", *where,
                                    say("non_integer_count", row=row.row_code, column=row.column_code,
                                        value=_fmt(row.value), **_labels(*where))))
    return issues


def outcome_leaves(present_rows: set[str]) -> list[str]:
    """The printed leaf outcome rows of table 三 whose sum is its total of requests handled."""
    identity = outcome_identity()
    return side_codes(identity, identity.right, present_rows)


def cells_of(identity: Identity, key: str, present: set[str]) -> list[tuple[str, str]]:
    """The (row, column) cells one identity relates in the column (or row) ``key`` of a report
    that printed the ``present`` rows (or columns)."""
    codes = side_codes(identity, identity.left, present) + side_codes(identity, identity.right, present)
    return [(c, key) if identity.for_each == "column" else (key, c) for c in codes]


def check_identity(identity: Identity, g: TableValues) -> list[Issue]:
    """One identity in each column (or row) of a table (``g``: row, column → value). A blank or
    "/" beside printed numbers stands for nothing to report (0); a column all blank is skipped."""
    per_column = identity.for_each == "column"
    keys = sorted({c for _, c in g} if per_column else {r for r, _ in g})
    present = {r for r, _ in g} if per_column else {c for _, c in g}
    left, right = side_codes(identity, identity.left, present), side_codes(identity, identity.right, present)
    if not left or not right:
        return []
    issues = []
    for key in keys:
        def value(code: str, key: str = key) -> float | None:
            return g.get((code, key) if per_column else (key, code))

        if all(value(c) is None for c in (*left, *right)):
            continue
        lsum, rsum = (sum(value(c) or 0.0 for c in side) for side in (left, right))
        if abs(lsum - rsum) > TOLERANCE:
            single = left[0] if len(left) == 1 else None  # the cell the identity names, e.g. a total
            row_code, column_code = (single, key) if per_column else (key, single)
            axis = "column" if per_column else "row"
            other = "row" if per_column else "column"

            def side(codes: list[str], total: float, named: bool, other: str = other) -> str:
                names = [term_labels().get((identity.table_code, other, c), c) if named else c for c in codes]
                return _side(names, [value(c) for c in codes], total)

            issues.append(Issue(
                identity.rule, identity.table_code, row_code, column_code,
                say("identity_failed", axis=say(f"axis_{axis}"), axis_en=say(f"axis_{axis}"), key=key,
                    key_label=term_labels().get((identity.table_code, axis, key), key), identity=identity.label_zh,
                    left=side(left, lsum, True), right=side(right, rsum, True),
                    left_en=side(left, lsum, False), right_en=side(right, rsum, False))))
    return issues


def _side(names: list[str], values: list[float | None], total: float) -> str:
    """One side of an identity in words, with its numbers."""
    if len(names) == 1:
        return say("side_one", label=names[0], code=names[0], value=_fmt(values[0] or 0.0))
    if len(names) <= 4:
        parts = " + ".join(f"{n} {_fmt(v or 0.0)}" for n, v in zip(names, values, strict=True))
        return say("side_parts", parts=parts, total=_fmt(total))
    return say("side_many", count=len(names), total=_fmt(total))


def _labels(table: str, row: str, column: str, version: str | None = None) -> dict[str, str]:
    """The official labels of a cell's row and column, as the fields of a sentence."""
    labels = term_labels(version)
    return {"row_label": labels.get((table, "row", row), row), "column_label": labels.get((table, "column", column),
                                                                                           column)}
