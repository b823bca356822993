"""A report's own checks run again over its corrected values.

An analyst's correction (data/corrections.csv) changes what a cell holds, so the identities it
takes part in are judged again: a correction that makes the parts add up clears the failed check
and the cells it flagged; one that breaks an identity adds a failed check. Everything the checks
do not decide (an unplaced value, an assumed template) stays as the extraction found it, and the
extracted values stay in ``facts_provenance``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from transform.checks import Issue, check_report
from transform.review import ReviewCell, identity_review_cells


@dataclass(frozen=True)
class Rechecked:
    """One corrected report's failed checks and cells to review, as its corrected values make them."""

    issues: list[Issue]
    review: list[ReviewCell]


def corrected_facts(facts: pd.DataFrame, corrected: pd.Series, values: pd.Series) -> pd.DataFrame:
    """The facts with each corrected cell holding its corrected value: a number, or blank when the
    correction empties it (``corrected`` marks the corrected rows, ``values`` holds their values)."""
    out = facts.copy()
    out.loc[corrected, "value"] = values[corrected]
    out.loc[corrected, "value_kind"] = values[corrected].map(lambda v: "blank" if pd.isna(v) else "number")
    return out


def recheck(original: pd.DataFrame, corrected: pd.DataFrame, version: str | None, issues: list[Issue],
            review: list[ReviewCell]) -> Rechecked:
    """The checks of one report over its corrected facts. Of the stored ``issues``, a failure the
    checks make of the ``original`` facts but not of the ``corrected`` ones is gone, one they make
    of both is said anew (its sentence names the corrected values), and every other is kept; a
    failure only the corrected facts make is added. Cells flagged by a failed identity are
    flagged anew from the failures that remain."""
    def key(issue: Issue) -> tuple:
        return issue.rule, issue.table_code, issue.row_code, issue.column_code

    before = {key(i) for i in check_report(original, version)}
    after = {key(i): i for i in check_report(corrected, version)}
    kept = [after.get(key(i), i) for i in issues if key(i) not in before or key(i) in after]
    added = [i for k, i in after.items() if k not in before]
    all_issues = list(dict.fromkeys(kept + added))
    cells = [c for c in review if c.reason != "in_failed_identity"]
    return Rechecked(all_issues, list(dict.fromkeys(cells + identity_review_cells(corrected, all_issues))))
