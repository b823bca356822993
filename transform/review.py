"""The cells a person should look at before trusting them, each with a stable reason code and one
sentence in Chinese (the contract view ``cells_to_review``; ``ogi inspect`` marks the same cells).

Reasons: ``ocr_low_confidence`` (read from a page image with a character confidence below the
threshold), ``fuzzy_label`` (a row or column label matched by edit distance or as a prefix),
``placed_by_position`` (placed by the template's order, its label unread), ``not_a_number``,
``in_failed_identity`` (a cell of an identity the report breaks: the agency's arithmetic, or a
misread), ``negative_count`` and ``non_integer_count``, ``not_read`` (a cell the template
prints in a row that was read, but which was not read), ``blank_beside_unplaced`` (read blank
in a row that prints a value no column was found for), and ``ocr_one_box_many_cells`` (a number
read from a page image in one box that stands for several cells of the template: a rule between
them was not found, and the number may be theirs run together).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ogi_data.messages import say
from transform.checks import Issue, cells_of
from transform.labels import load_vocabulary, normalise, one_line
from transform.model import Identity, identity_of, rules, side_codes
from transform.tables import Conflict

LOOSE_METHODS = ("fuzzy", "prefix")
# failed checks that are a reason of their own
CELL_RULES = ("negative_count", "non_integer_count", "group_with_members")


@dataclass(frozen=True)
class ReviewCell:
    """One cell to check, with why."""

    table_code: str
    row_code: str
    column_code: str
    reason: str
    detail: str


def blank_beside_unplaced(facts: pd.DataFrame, unplaced: list) -> list[ReviewCell]:
    """Cells read blank in a report that prints values no row or column was found for: a blank in
    a row whose labels an unplaced value names may be that value's cell, and so may any other
    blank of the report (a grid misread can put a table's numbers under another table's name).
    No blank is trusted while a printed value has no place."""
    out: list[ReviewCell] = []
    named: set[tuple[str, str, str]] = set()
    for u in unplaced:
        labels = {normalise(label) for label in u.labels}
        for f in facts.itertuples():
            if f.table_code == u.table_code and f.value_kind == "blank" and normalise(f.row_label) in labels:
                named.add((f.table_code, f.row_code, f.column_code))
                out.append(ReviewCell(f.table_code, f.row_code, f.column_code, "blank_beside_unplaced",
                                      say("review_blank_beside_unplaced", page=u.page, printed=one_line(u.printed))))
    if unplaced:
        for f in facts.itertuples():
            if f.value_kind == "blank" and (f.table_code, f.row_code, f.column_code) not in named:
                out.append(ReviewCell(f.table_code, f.row_code, f.column_code, "blank_beside_unplaced",
                                      say("review_blank_in_report_with_unplaced", count=len(unplaced))))
    return out


def cells_to_review(facts: pd.DataFrame, issues: list[Issue], low_confidence: float = 0.9,
                    unplaced: list | None = None, version: str | None = None) -> list[ReviewCell]:
    """Every doubtful cell of one report's facts, given the checks that failed on them and the
    printed values no column was found for; a value read by OCR with a character confidence below
    ``low_confidence`` is doubtful too. A label matched loosely is not doubtful where the template
    of ``version`` and the identities confirm its row or column (:func:`confirmed_tables`)."""
    out: list[ReviewCell] = blank_beside_unplaced(facts, unplaced or [])
    confirmed = confirmed_tables(facts, issues, unplaced or [], version)
    for f in facts.itertuples():
        where = (f.table_code, f.row_code, f.column_code)
        printed = one_line(f.printed) or say("blank_printed")
        if f.ocr_confidence == f.ocr_confidence and f.ocr_confidence is not None \
                and f.ocr_confidence < low_confidence:  # x == x: not NaN
            out.append(ReviewCell(*where, "ocr_low_confidence",
                                  say("review_ocr_low", page=f.page, printed=printed,
                                      confidence=f"{f.ocr_confidence:.2f}", threshold=f"{low_confidence:g}")))
        for method, label, axis in ((f.row_method, f.row_label, "row"), (f.column_method, f.column_label, "column")):
            words = {"axis": say(f"axis_{axis}"), "axis_en": say(f"axis_{axis}_en")}
            if method in LOOSE_METHODS and f.table_code not in confirmed:
                out.append(ReviewCell(*where, "fuzzy_label",
                                      say("review_fuzzy", page=f.page, label=one_line(label),
                                          printed=printed, **words)))
        by_position = [axis for method, axis in ((f.row_method, "row"), (f.column_method, "column"))
                       if method == "position"]
        if by_position:
            # one line per cell and reason, naming both labels when neither was read
            axis = by_position[0] if len(by_position) == 1 else "both"
            out.append(ReviewCell(*where, "placed_by_position",
                                  say("review_position", page=f.page, printed=printed, axis=say(f"axis_{axis}"),
                                      axis_en=say(f"axis_{axis}_en"))))
        if f.value_kind == "unparsed":
            out.append(ReviewCell(*where, "not_a_number", say("review_not_a_number", page=f.page, printed=printed)))
    out += one_box_many_cells(facts)
    out += identity_review_cells(facts, issues)
    for issue in issues:
        if issue.rule == "cell_missing":
            out.append(ReviewCell(issue.table_code, issue.row_code, issue.column_code, "not_read",
                                  say("review_not_read")))
        elif issue.rule in CELL_RULES:
            out.append(ReviewCell(issue.table_code, issue.row_code, issue.column_code, issue.rule,
                                  say("review_cell_rule", label=rules()[issue.rule]["label_zh"], detail=issue.detail)))
    return list(dict.fromkeys(out))


def read_twice_cells(conflicts: list[Conflict]) -> list[ReviewCell]:
    """One line per cell a page image gave two different values, naming both; the first is loaded
    (kept only when read by OCR: a text layer's would make the file ``not_a_report``)."""
    readings: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
    for conflict in conflicts:
        seen = readings.setdefault(conflict.key, [conflict.first])
        seen += [conflict.second] if conflict.second not in seen else []
    return [ReviewCell(*key, "ocr_read_twice",
                       say("review_read_twice", readings="、".join(
                           say("review_reading", page=page, printed=one_line(printed) or say("blank_printed"))
                           for printed, page in seen)))
            for key, seen in readings.items()]


def one_box_many_cells(facts: pd.DataFrame) -> list[ReviewCell]:
    """Numbers read by OCR whose box on the page stands for more than one cell of the template.
    A page image's grid lost the rule between two value cells: what was read there is one number
    placed in both, or both numbers run together (35 and 20 read as 3520). Never so in a text
    layer, where a merged value cell is the producer's."""
    boxes = ["page", "x0", "y0", "x1", "y1"]
    if facts.empty or not set(boxes) <= set(facts.columns):
        return []
    read = facts[facts["ocr_confidence"].notna() & facts["x0"].notna() & (facts["value_kind"] == "number")]
    shared = read[read.duplicated(subset=["table_code", *boxes], keep=False)]
    return [ReviewCell(f.table_code, f.row_code, f.column_code, "ocr_one_box_many_cells",
                       say("review_one_box_many_cells", page=f.page, printed=one_line(f.printed)))
            for f in shared.itertuples()]


def confirmed_tables(facts: pd.DataFrame, issues: list[Issue], unplaced: list, version: str | None) -> set[str]:
    """The tables whose every row and column is where the ``version`` template puts it: no check
    on the table failed (each template row and cell read, every identity holds, nothing is a
    misread number), no printed value is left unplaced, each code is printed once, rows run down
    the page and columns across each row in the template's order. Labels are then matched one for
    one, in order, to the template's: a loose match can be no other term than the one it names."""
    if version is None or any(i.table_code is None for i in issues):
        return set()  # a report-wide doubt (an assumed template, an unplaced value) confirms nothing
    failed = {i.table_code for i in issues} | {u.table_code for u in unplaced}
    ords = {(t.table_code, t.axis, t.code): t.ord for t in load_vocabulary()}
    out = set()
    for table, cells in facts.groupby("table_code"):
        if table in failed or cells[["y0", "x0"]].isna().any().any():
            continue
        if cells.duplicated(["row_code", "column_code"]).any():
            continue
        rows = cells.groupby("row_code").agg(page=("page", "min"), y=("y0", "median")).sort_values(["page", "y"])
        row_ords = [ords[(table, "row", code)] for code in rows.index]
        in_order = all(a < b for a, b in zip(row_ords, row_ords[1:], strict=False))
        for _, row in cells.groupby("row_code"):
            column_ords = [ords[(table, "column", c)] for c in row.sort_values("x0")["column_code"]]
            in_order = in_order and all(a < b for a, b in zip(column_ords, column_ords[1:], strict=False))
        if in_order:
            out.add(table)
    return out


def failed_identities(issues: list[Issue]) -> Iterator[tuple[Issue, Identity, bool, str | None]]:
    """Each failed identity check: the issue, its identity, whether it holds per column, and the
    column (or row) it failed on."""
    for issue in issues:
        identity = identity_of(issue.rule)
        if identity is not None:
            per_column = identity.for_each == "column"
            yield issue, identity, per_column, issue.column_code if per_column else issue.row_code


def identity_review_cells(facts: pd.DataFrame, issues: list[Issue]) -> list[ReviewCell]:
    """The cells of every identity the report breaks (``in_failed_identity``), each with the value
    both its row and its column imply when they agree (offered, never applied)."""
    suggested = suggested_values(facts, issues)
    out = []
    for issue, identity, per_column, key in failed_identities(issues):
        axis = "row_code" if per_column else "column_code"
        present = set(facts.loc[facts["table_code"] == identity.table_code, axis])
        for row, column in cells_of(identity, key, present):
            hint = suggested.get((identity.table_code, row, column))
            offer = say("review_offer", value=f"{hint:g}") if hint is not None else ""
            out.append(ReviewCell(identity.table_code, row, column, "in_failed_identity",
                                  say("review_identity", offer=offer, detail=issue.detail)))
    return out


def suggested_values(facts: pd.DataFrame, issues: list[Issue]) -> dict[tuple[str, str, str], float]:
    """Cells where a failed identity over a row and a failed identity over a column share exactly
    this one cell and both imply the same value for it: that value, to offer a person (never
    applied: the facts stay as printed)."""
    values = {(f.table_code, f.row_code, f.column_code): (None if f.value != f.value else f.value)
              for f in facts.itertuples()}
    implied: dict[tuple[str, str, str], list[tuple[str, float]]] = {}
    for _, identity, per_column, key in failed_identities(issues):
        present = {r if per_column else c for (t, r, c) in values if t == identity.table_code}
        left = side_codes(identity, identity.left, present)
        right = side_codes(identity, identity.right, present)

        def cell(code: str, table: str = identity.table_code, key: str = key,
                 per_column: bool = per_column) -> tuple[str, str, str]:
            return (table, code, key) if per_column else (table, key, code)

        lsum = sum(values.get(cell(c)) or 0.0 for c in left)
        rsum = sum(values.get(cell(c)) or 0.0 for c in right)
        for codes, gap in ((left, rsum - lsum), (right, lsum - rsum)):
            for code in codes:
                implied.setdefault(cell(code), []).append((identity.for_each, (values.get(cell(code)) or 0.0) + gap))
    out = {}
    for where, found in implied.items():
        by_row = {v for kind, v in found if kind == "row"}
        by_column = {v for kind, v in found if kind == "column"}
        common = {v for v in by_row if any(abs(v - w) < 1e-6 for w in by_column)}
        if len(common) == 1 and (value := common.pop()) >= 0:
            out[where] = value
    return out
