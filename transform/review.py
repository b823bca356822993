"""The cells a person should look at before trusting them, each with a stable reason code and one
sentence in Chinese (the contract view ``cells_to_review``; ``ogi inspect`` marks the same cells).

Reasons: ``fuzzy_label`` (a row or column label matched by edit distance or as a prefix),
``placed_by_position`` (placed by the template's order, its label unread), ``not_a_number``,
``in_failed_identity`` (a cell of an identity the report breaks: the agency's arithmetic, or a
misread), ``negative_count`` and ``non_integer_count``, and ``not_read`` (a cell the template
prints in a row that was read, but which was not read).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from transform.checks import Issue, cells_of
from transform.model import identity_of

LOOSE_METHODS = ("fuzzy", "prefix")
CELL_RULES = {"negative_count": "负数计数", "non_integer_count": "计数带小数"}


@dataclass(frozen=True)
class ReviewCell:
    """One cell to check, with why."""

    table_code: str
    row_code: str
    column_code: str
    reason: str
    detail: str


def cells_to_review(facts: pd.DataFrame, issues: list[Issue]) -> list[ReviewCell]:
    """Every doubtful cell of one report's facts, given the checks that failed on them."""
    out: list[ReviewCell] = []
    for f in facts.itertuples():
        where = (f.table_code, f.row_code, f.column_code)
        printed = " ".join(str(f.printed).split()) or "（空白）"
        for method, label, axis in ((f.row_method, f.row_label, "行"), (f.column_method, f.column_label, "列")):
            if method in LOOSE_METHODS:
                out.append(ReviewCell(*where, "fuzzy_label",
                                      f"第{f.page}页：{axis}标签印作“{label}”，按近似匹配，读数“{printed}”。"))
            elif method == "position":
                out.append(ReviewCell(*where, "placed_by_position",
                                      f"第{f.page}页：{axis}标签未能识别，按模板顺序定位，读数“{printed}”，"
                                      f"已由表内勾稽关系核对。"))
        if f.value_kind == "unparsed":
            out.append(ReviewCell(*where, "not_a_number", f"第{f.page}页：印作“{printed}”，不是数字。"))
    for issue in issues:
        identity = identity_of(issue.rule)
        if identity is not None:
            per_column = identity.for_each == "column"
            key = issue.column_code if per_column else issue.row_code
            present = set(facts.loc[facts["table_code"] == identity.table_code,
                                    "row_code" if per_column else "column_code"])
            for row, column in cells_of(identity, key, present):
                out.append(ReviewCell(identity.table_code, row, column, "in_failed_identity",
                                      f"所在的勾稽关系不成立（{identity.label_zh}）：{issue.detail}"))
        elif issue.rule == "cell_missing":
            out.append(ReviewCell(issue.table_code, issue.row_code, issue.column_code, "not_read",
                                  "模板中有此单元格，所在行已读出，但此格未能读出。"))
        elif issue.rule in CELL_RULES:
            out.append(ReviewCell(issue.table_code, issue.row_code, issue.column_code, issue.rule,
                                  f"{CELL_RULES[issue.rule]}：{issue.detail}"))
    return list(dict.fromkeys(out))
