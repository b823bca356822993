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
    """The checks of one report over its corrected facts: the stored ``issues`` the checks made
    from the ``original`` facts are replaced by what they make of the ``corrected`` ones, the
    others kept; cells flagged by a failed identity are flagged anew from the new failures."""
    def key(issue: Issue) -> tuple:
        return issue.rule, issue.table_code, issue.row_code, issue.column_code

    made_by_checks = {key(i) for i in check_report(original, version)}
    new = check_report(corrected, version)
    kept = [i for i in issues if key(i) not in made_by_checks]
    cells = [c for c in review if c.reason != "in_failed_identity"]
    all_issues = kept + new
    return Rechecked(all_issues, list(dict.fromkeys(cells + identity_review_cells(corrected, all_issues))))
