"""Checks on one report's facts: the identities the official tables obey, and structure.

Each failure is an :class:`Issue` with a stable rule code and one sentence quoting the
numbers. The numbers are never changed: the agency's arithmetic is reported, not fixed.
Carry-over continuity across years needs other reports and runs in SQL after loading
(``sql/40_checks.sql``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from transform.labels import load_vocabulary

# Tolerance for sums of printed decimals.
TOLERANCE = 1e-6
APPLICATION_COLUMNS = (
    "natural_person", "commercial_enterprise", "research_institution",
    "social_welfare_org", "legal_service_org", "other_org",
)
REVIEW_COLUMNS = ("upheld", "corrected", "other_result", "pending")
# Only these columns may be negative (a change), and only amounts may have decimals.
SIGNED_COLUMNS = {("active_disclosure", "items_change")}
DECIMAL_COLUMNS = {("active_disclosure", "procurement_amount_yuan"), ("active_disclosure", "fee_amount_10k_yuan")}
TABLES = ("active_disclosure", "applications", "review_litigation")


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
    grids = {t: _grid(rows, t) for t in TABLES}
    return [
        *check_tables_present(rows),
        *(check_rows_present(rows, version) if version else []),
        *check_cells(rows),
        *check_applications_balance(grids["applications"]),
        *check_applications_outcome_sum(grids["applications"]),
        *check_row_totals(grids["applications"], "applications", APPLICATION_COLUMNS, "applications_row_total"),
        *check_row_totals(grids["review_litigation"], "review_litigation", REVIEW_COLUMNS,
                          "review_litigation_total"),
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
        Issue("table_missing", t, None, None, f"No cell of table {t} was found in the report.")
        for t in TABLES if t not in found
    ]


def check_rows_present(rows: list[FactRow], version: str) -> list[Issue]:
    """Every row of the template must be printed in each table that was found.

    （六）其他处理 may be printed as one row or as its three V2021 sub-rows.
    """
    issues = []
    present = {(f.table_code, f.row_code) for f in rows}
    found_tables = {f.table_code for f in rows}
    vocab = [t for t in load_vocabulary() if t.axis == "row" and version in t.versions]
    other_parts = {t.code for t in vocab if t.parent_code == "other_handling"}
    as_one_row = ("applications", "other_handling") in present
    as_parts = any(("applications", c) in present for c in other_parts)
    for term in vocab:
        if term.table_code not in found_tables or (term.table_code, term.code) in present:
            continue
        if (term.code == "other_handling" and as_parts) or (term.code in other_parts and as_one_row):
            continue
        issues.append(Issue("row_missing", term.table_code, term.code, None,
                            f"Row {term.code} ({term.label_zh}) of the {version} template was not found "
                            f"in table {term.table_code}."))
    return issues


def check_cells(rows: list[FactRow]) -> list[Issue]:
    """A cell that is not a number, a negative count, or a count with decimals."""
    issues = []
    for row in rows:
        where = (row.table_code, row.row_code, row.column_code)
        if row.value_kind == "unparsed":
            issues.append(Issue("unparsed_cell", *where,
                                f"Cell {row.row_code}/{row.column_code} on page {row.page} prints "
                                f"{row.printed!r}, which is not a number."))
        elif row.value_kind == "number":
            if row.value < 0 and (row.table_code, row.column_code) not in SIGNED_COLUMNS:
                issues.append(Issue("negative_count", *where,
                                    f"Count {row.row_code}/{row.column_code} is negative ({_fmt(row.value)})."))
            if row.value != int(row.value) and (row.table_code, row.column_code) not in DECIMAL_COLUMNS:
                issues.append(Issue("non_integer_count", *where,
                                    f"Count {row.row_code}/{row.column_code} is not a whole number "
                                    f"({_fmt(row.value)})."))
    return issues


def check_applications_balance(g: TableValues) -> list[Issue]:
    """Per column of table 三 (``g``: row, column → value): new_received + carried_in = total_handled + carried_out."""
    issues = []
    for col in (*APPLICATION_COLUMNS, "total"):
        parts = [g.get((r, col)) for r in ("new_received", "carried_in", "total_handled", "carried_out")]
        if all(p is None for p in parts):
            continue
        # a blank or "/" beside printed numbers stands for nothing to report
        new, carried_in, handled, carried_out = (p or 0.0 for p in parts)
        if abs((new + carried_in) - (handled + carried_out)) > TOLERANCE:
            issues.append(Issue(
                "applications_balance", "applications", None, col,
                f"Column {col}: new_received {_fmt(new)} + carried_in {_fmt(carried_in)} = "
                f"{_fmt(new + carried_in)}, but total_handled {_fmt(handled)} + carried_out "
                f"{_fmt(carried_out)} = {_fmt(handled + carried_out)}."))
    return issues


def outcome_leaves(present_rows: set[str]) -> list[str]:
    """The printed leaf outcome rows whose sum is （七）总计, from the vocabulary's parent codes.

    A row with printed sub-rows is left out for them (V2021 （六）其他处理); printed as one
    row, it is a leaf itself.
    """
    terms = {t.code: t for t in load_vocabulary() if t.table_code == "applications" and t.axis != "column"}

    def under_outcome(code: str) -> bool:
        parent = terms[code].parent_code
        return parent == "outcome" or (parent in terms and under_outcome(parent))

    leaves = []
    for t in terms.values():
        if t.axis != "row" or t.code == "total_handled" or t.code not in present_rows or not under_outcome(t.code):
            continue
        if any(k.parent_code == t.code and k.code in present_rows for k in terms.values()):
            continue
        leaves.append(t.code)
    return leaves


def check_applications_outcome_sum(g: TableValues) -> list[Issue]:
    """Per column of table 三: total_handled = the sum of every leaf outcome row."""
    leaves = outcome_leaves({r for r, _ in g})
    issues = []
    for col in (*APPLICATION_COLUMNS, "total"):
        total = g.get(("total_handled", col))
        if not leaves or (total is None and all(g.get((r, col)) is None for r in leaves)):
            continue
        total = total or 0.0
        found = sum(g.get((r, col)) or 0.0 for r in leaves)
        if abs(found - total) > TOLERANCE:
            issues.append(Issue(
                "applications_outcome_sum", "applications", "total_handled", col,
                f"Column {col}: total_handled is {_fmt(total)} but its {len(leaves)} outcome rows "
                f"add up to {_fmt(found)}."))
    return issues


def check_row_totals(g: TableValues, table: str, columns: tuple[str, ...], rule: str) -> list[Issue]:
    """Per row of ``table`` (``g``: row, column → value): the total column = the sum of the other columns."""
    issues = []
    for row in sorted({r for r, _ in g}):
        total = g.get((row, "total"))
        if total is None and all(g.get((row, c)) is None for c in columns):
            continue
        total = total or 0.0
        found = sum(g.get((row, c)) or 0.0 for c in columns)
        if abs(found - total) > TOLERANCE:
            issues.append(Issue(
                rule, table, row, "total",
                f"Row {row}: total is {_fmt(total)} but {' + '.join(columns)} add up to {_fmt(found)}."))
    return issues
