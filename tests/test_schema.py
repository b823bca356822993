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
