"""Each identity and structure rule fires on a broken report and stays silent on a clean one."""

import pandas as pd
import pytest

from tests.fixtures.layouts import APPLICATION_COLS, active_disclosure, application_rows, place
from transform.checks import check_report, outcome_leaves


def frame(cells: dict[tuple[str, str, str], str]) -> pd.DataFrame:
    from transform.numbers import parse_cell

    rows = []
    for (t, r, c), printed in cells.items():
        p = parse_cell(printed)
        rows.append({"table_code": t, "row_code": r, "column_code": c, "value": p.value,
                     "value_kind": p.kind, "printed": printed, "page": 1})
    return pd.DataFrame(rows)


def clean_report() -> dict[tuple[str, str, str], str]:
    """A small, consistent V2021 report: 3 requests by natural persons, 2 granted, 1 carried out."""
    cells = {cell.key: "0" for _, _, cell in place(active_disclosure("V2021")) if cell.key}
    for r in application_rows("V2021", other_as_one_row=False):
        for c in APPLICATION_COLS:
            cells["applications", r, c] = "0"
    for r, v in (("new_received", "3"), ("granted", "1"), ("unable_not_held", "1"),
                 ("total_handled", "2"), ("carried_out", "1")):
        cells["applications", r, "natural_person"] = v
        cells["applications", r, "total"] = v
    for r in ("administrative_review", "litigation_direct", "litigation_after_review"):
        for c in ("upheld", "corrected", "other_result", "pending", "total"):
            cells["review_litigation", r, c] = "0"
    cells["review_litigation", "administrative_review", "upheld"] = "2"
    cells["review_litigation", "administrative_review", "total"] = "2"
    return cells


def rules(cells) -> set[str]:
    return {i.rule for i in check_report(frame(cells), "V2021")}


def test_clean_report_raises_nothing():
    assert rules(clean_report()) == set()


@pytest.mark.parametrize(
    ("key", "printed", "rule"),
    [
        (("applications", "new_received", "natural_person"), "5", "applications_balance"),
        (("applications", "total_handled", "natural_person"), "9", "applications_outcome_sum"),
        (("applications", "granted", "total"), "4", "applications_row_total"),
        (("review_litigation", "administrative_review", "total"), "0", "review_litigation_total"),
        (("applications", "granted", "legal_service_org"), "三", "unparsed_cell"),
        (("applications", "carried_in", "other_org"), "-1", "negative_count"),
        (("applications", "granted", "other_org"), "1.5", "non_integer_count"),
    ],
)
def test_each_rule_fires(key, printed, rule):
    cells = clean_report()
    cells[key] = printed
    assert rule in rules(cells)


def test_negative_change_and_decimal_amount_are_allowed():
    cells = clean_report()
    cells["active_disclosure", "administrative_fees", "fee_amount_10k_yuan"] = "96171.6"
    cells["active_disclosure", "administrative_license", "items_change"] = "-2"
    assert rules(cells) == set()


def test_missing_row_is_reported_and_other_handling_may_be_one_row():
    cells = {k: v for k, v in clean_report().items() if k[1] != "denied_admin_query"}
    assert rules(cells) == {"row_missing"}
    one_row = {k: v for k, v in clean_report().items() if k[1] not in ("other_fee_unpaid", "other_other")}
    assert "row_missing" in rules(one_row)
    one_row = {k: v for k, v in clean_report().items() if not k[1].startswith("other_")}
    for c in APPLICATION_COLS:
        one_row["applications", "other_handling", c] = "0"
    assert rules(one_row) == set()


def test_missing_table_is_reported():
    cells = {k: v for k, v in clean_report().items() if k[0] != "review_litigation"}
    assert rules(cells) == {"table_missing"}


def test_a_blank_beside_numbers_counts_as_nothing_but_all_blank_is_silent():
    cells = clean_report()
    cells["applications", "carried_out", "natural_person"] = ""   # 3 + 0 != 2 + 0
    assert "applications_balance" in rules(cells)
    blank = {k: ("" if k[0] == "applications" else v) for k, v in clean_report().items()}
    assert rules(blank) == set()


def test_outcome_leaves_follow_the_printed_other_handling():
    v2021 = set(application_rows("V2021", other_as_one_row=False))
    one_row = set(application_rows("V2021", other_as_one_row=True))
    assert {"other_no_correction", "other_fee_unpaid", "other_other"} <= set(outcome_leaves(v2021))
    assert "other_handling" not in outcome_leaves(v2021)
    assert "other_handling" in outcome_leaves(one_row)
    assert len(outcome_leaves(one_row)) == 19


def test_the_identities_are_data_and_each_fires_on_its_own_cells():
    from transform.checks import cells_of
    from transform.model import identities, identity_of, side_codes

    assert [i.rule for i in identities()] == ["applications_balance", "applications_outcome_sum",
                                              "applications_row_total", "review_litigation_total"]
    for identity in identities():
        cells = clean_report()
        present = {k[1] if identity.for_each == "column" else k[2] for k in cells if k[0] == identity.table_code}
        code = side_codes(identity, identity.left, present)[0]
        key = "total" if identity.for_each == "column" else next(iter(sorted(
            k[1] for k in cells if k[0] == identity.table_code)))
        cell = (identity.table_code, code, key) if identity.for_each == "column" else (identity.table_code, key, code)
        cells[cell] = str(float(cells.get(cell) or 0) + 1000)
        fired = [i for i in check_report(frame(cells), "V2021") if i.rule == identity.rule]
        assert fired, identity.rule
        related = cells_of(identity_of(fired[0].rule), key, present)
        assert cell[1:] in related and len(related) == len(set(related)) >= 2


def test_inspect_marks_exactly_the_cells_of_a_broken_identity():
    from outputs.inspect import inspect_file
    from tests.conftest import FIXTURES

    out = inspect_file(FIXTURES / "pdf" / "t12_2020.pdf")  # applications_balance broken in two columns
    table = out.split("三、收到和处理政府信息公开申请情况")[1].split("四、政府信息公开行政复议")[0]
    assert table.count("!") == 8  # 4 rows of the identity × 2 columns
    marked_rows = {line.split("[")[1].split("]")[0] for line in table.splitlines() if "!" in line}
    assert marked_rows == {"new_received", "carried_in", "total_handled", "carried_out"}


def test_a_group_row_printed_beside_its_member_rows_is_flagged_cell_by_cell():
    from transform.checks import FactRow, check_group_with_members
    from transform.review import cells_to_review

    rows = [FactRow("applications", "other_handling", "total", 3.0, "number", "3", 2),
            FactRow("applications", "other_other", "total", 1.0, "number", "1", 2)]
    (issue,) = check_group_with_members(rows, "V2021")
    assert (issue.row_code, issue.column_code) == ("other_handling", "total") and "other_other" in issue.detail
    assert check_group_with_members(rows[:1], "V2021") == []  # printed as one row: as the contract allows
    facts = pd.DataFrame([{"table_code": "applications", "row_code": "other_handling", "column_code": "total",
                           "value": 3.0, "printed": "3", "page": 2, "ocr_confidence": None, "row_method": "exact",
                           "column_method": "exact", "row_label": "（六）其他处理", "column_label": "总计",
                           "value_kind": "number"}])
    assert [c.reason for c in cells_to_review(facts, [issue])] == ["group_with_members"]


@pytest.mark.parametrize("confidence", [0.99, None], ids=["ocr", "text_layer"])
def test_a_number_read_by_ocr_in_one_box_for_two_cells_is_listed(confidence):
    from transform.review import one_box_many_cells

    facts = frame({("active_disclosure", "normative_documents", "newly_made"): "3520",
                   ("active_disclosure", "normative_documents", "newly_disclosed"): "3520",
                   ("active_disclosure", "rules", "newly_made"): "24"})
    facts["ocr_confidence"] = confidence
    facts["x0"], facts["y0"], facts["x1"], facts["y1"] = [208.0, 208.0, 208.0], [90.0] * 3, [454.0, 454.0, 330.0], \
        [108.0, 108.0, 72.0]  # the first two share one box: the rule between them was lost
    listed = [(c.column_code, c.reason) for c in one_box_many_cells(facts)]
    expected = [("newly_made", "ocr_one_box_many_cells"), ("newly_disclosed", "ocr_one_box_many_cells")]
    assert listed == (expected if confidence else [])
