"""The fact frame's schema: the contract between transform and load."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from transform.schema import FACT_COLUMNS, fact_schema


def _frame(**changes) -> pd.DataFrame:
    row = {
        "table_code": "applications", "row_code": "new_received", "column_code": "natural_person",
        "value": 3.0, "value_kind": "number", "printed": "3", "page": 4,
        "row_label": "一、本年新收政府信息公开申请数量", "row_method": "exact", "row_distance": 0,
        "column_label": "自然人", "column_method": "exact",
    }
    row.update(changes)
    frame = pd.DataFrame([row], columns=FACT_COLUMNS)
    numbers = {"value", "page", "row_distance", "ocr_confidence", "x0", "y0", "x1", "y1"}
    return frame.astype({c: "str" for c in FACT_COLUMNS if c not in numbers}
                        | {c: float for c in numbers - {"page", "row_distance"}})


def test_a_well_formed_frame_passes() -> None:
    frame = _frame()
    assert fact_schema().validate(frame).equals(frame)


@pytest.mark.parametrize("changes, check", [
    ({"row_code": "no_such_row"}, "codes_known_and_counts_positive"),
    ({"column_method": "guessed"}, "codes_known_and_counts_positive"),
    ({"page": 0}, "codes_known_and_counts_positive"),
    ({"value": None, "value_kind": "number"}, "value_exactly_when_number"),
    ({"value": 0.0, "value_kind": "blank"}, "value_exactly_when_number"),
])
def test_a_broken_rule_is_named(changes: dict, check: str) -> None:
    with pytest.raises(pandera.errors.SchemaError, match=check):
        fact_schema().validate(_frame(**changes))


def test_text_columns_must_hold_strings() -> None:
    frame = _frame()
    frame["printed"] = frame["printed"].astype(object).map(lambda _: 3)
    with pytest.raises(pandera.errors.SchemaError, match="text_columns_are_strings"):
        fact_schema().validate(frame)


def test_one_value_per_cell() -> None:
    with pytest.raises(pandera.errors.SchemaError):
        fact_schema().validate(pd.concat([_frame(), _frame()], ignore_index=True))


WRITTEN = ("report_file", "fact", "report_issue", "cell_review", "unplaced_value")


def test_the_table_of_columns_is_the_warehouse_s_own(tmp_path) -> None:
    """data/columns.csv, from which the frames and the fact schema come, names the columns of the
    tables a result is written to as the migrations made them: names in order, types, nullability."""
    from ogi_data import catalog
    from warehouse.load import connect

    con = connect(tmp_path / "w.duckdb", tmp_path / "none.csv")
    made = con.execute("SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() WHERE "
                       "list_contains(?, table_name) ORDER BY table_name, column_index", [list(WRITTEN)]).fetchall()
    con.close()
    listed = sorted(((r["relation"], r["column"], r["type"], r["nullable"] == "true") for r in catalog.rows("columns")),
                    key=lambda r: r[0])
    assert made == listed
    assert {r for r, *_ in listed} == set(WRITTEN)


def test_a_result_s_frames_are_its_tables_rows() -> None:
    """One function turns a result into the rows of every table it is written to, by column name."""
    from ogi_data.status import Status
    from transform.checks import Issue
    from transform.report import ReportResult
    from transform.review import ReviewCell
    from transform.schema import table_columns
    from transform.tables import Unplaced

    result = ReportResult("a.pdf", "ab", Status.LOADED_WITH_ISSUES, "", facts=fact_schema().validate(_frame()),
                          issues=[Issue("applications_total", "applications", None, "total", "不符")],
                          review=[ReviewCell("applications", "new_received", "natural_person", "not_read", "?")],
                          unplaced=[Unplaced("applications", 4, ("其他",), (), "7", (1.0, 2.0, 3.0, 4.0))])
    frames = result.frames()
    assert sorted(frames) == sorted(WRITTEN[1:])
    for table, frame in frames.items():
        assert list(frame.columns) == table_columns(table) and set(frame["sha256"]) == {"ab"}
    assert frames["report_issue"].loc[0, "rule"] == "applications_total"
    assert frames["unplaced_value"].loc[0, ["labels", "x1"]].tolist() == ["其他", 3.0]
    assert frames["fact"].loc[0, "value"] == 3.0
