"""Checks on one report's facts: the identities the official tables obey, and structure.

Each failure is an :class:`Issue` with a stable rule code and one sentence quoting the
numbers. The numbers are never changed: the agency's arithmetic is reported, not fixed.
Carry-over continuity across years needs other reports and runs in SQL after loading
(``sql/40_checks.sql``).
"""

from __future__ import annotations

from dataclasses import dataclass

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


def check_report(facts: pd.DataFrame, version: str | None = None) -> list[Issue]:
    """Every check that runs on one report alone."""
    return [
        *check_tables_present(facts),
        *(check_rows_present(facts, version) if version else []),
        *check_cells(facts),
        *check_applications_balance(facts),
        *check_applications_outcome_sum(facts),
        *check_row_totals(facts, "applications", APPLICATION_COLUMNS, "applications_row_total"),
        *check_row_totals(facts, "review_litigation", REVIEW_COLUMNS, "review_litigation_total"),
    ]


def _grid(facts: pd.DataFrame, table: str) -> dict[tuple[str, str], float | None]:
    part = facts[facts["table_code"] == table]
    return {
        (r, c): (None if pd.isna(v) else float(v))
        for r, c, v in zip(part["row_code"], part["column_code"], part["value"], strict=True)
    }


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_tables_present(facts: pd.DataFrame) -> list[Issue]:
    """Each of the three tables must have been found."""
    found = set(facts["table_code"])
    return [
        Issue("table_missing", t, None, None, f"No cell of table {t} was found in the report.")
        for t in TABLES if t not in found
    ]


def check_rows_present(facts: pd.DataFrame, version: str) -> list[Issue]:
    """Every row of the template must be printed in each table that was found.

    （六）其他处理 may be printed as one row or as its three V2021 sub-rows.
    """
    issues = []
    present = set(zip(facts["table_code"], facts["row_code"], strict=True))
    found_tables = set(facts["table_code"])
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


def check_cells(facts: pd.DataFrame) -> list[Issue]:
    """A cell that is not a number, a negative count, or a count with decimals."""
    issues = []
    for row in facts.itertuples(index=False):
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


def check_applications_balance(facts: pd.DataFrame) -> list[Issue]:
    """Per column: new_received + carried_in = total_handled + carried_out."""
    g = _grid(facts, "applications")
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


def check_applications_outcome_sum(facts: pd.DataFrame) -> list[Issue]:
    """Per column: total_handled = the sum of every leaf outcome row."""
    g = _grid(facts, "applications")
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


def check_row_totals(facts: pd.DataFrame, table: str, columns: tuple[str, ...], rule: str) -> list[Issue]:
    """Per row: the total column = the sum of the other columns."""
    g = _grid(facts, table)
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
