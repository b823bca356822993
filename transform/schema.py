"""The schema of the long fact frame handed from transform to load, checked with pandera."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from ogi_data import catalog
from transform.labels import load_vocabulary

VALUE_KINDS = ["number", "blank", "not_applicable", "unparsed"]
# how a label was matched (position: placed by the template's order, not by its label; transform/align.py)
MATCH_METHODS = [row["method"] for row in catalog.rows("match_methods")]

FACT_COLUMNS = [
    "table_code", "row_code", "column_code", "value", "value_kind", "printed", "page",
    "row_label", "row_method", "row_distance", "column_label", "column_method", "ocr_confidence",
    "x0", "y0", "x1", "y1",
]
# columns that may be empty: a blank cell's value, a text-layer cell's OCR confidence, the box of a
# cell read from a grid without positions
NULLABLE = {"value", "ocr_confidence", "x0", "y0", "x1", "y1"}


STRING_COLUMNS = ["table_code", "row_code", "column_code", "value_kind", "printed",
                  "row_label", "row_method", "column_label", "column_method"]


@lru_cache(maxsize=1)
def fact_schema() -> pa.DataFrameSchema:
    """One row per printed value cell; codes must come from the vocabulary.

    The rules are a few frame-wide checks rather than one per column: pandera's cost is
    per check, not per row, and this schema runs once for every report.
    """
    vocab = load_vocabulary()
    allowed = {
        "table_code": frozenset(t.table_code for t in vocab),
        "row_code": frozenset(t.code for t in vocab if t.axis == "row"),
        "column_code": frozenset(t.code for t in vocab if t.axis == "column"),
        "value_kind": frozenset(VALUE_KINDS),
        "row_method": frozenset(MATCH_METHODS),
        "column_method": frozenset(MATCH_METHODS),
    }

    def text_columns_are_strings(df: pd.DataFrame) -> bool:
        return all(pd.api.types.is_string_dtype(df[c]) for c in STRING_COLUMNS)

    def codes_known_and_counts_positive(df: pd.DataFrame) -> pd.Series:
        ok = (df["page"] >= 1) & (df["row_distance"] >= 0)
        for column, values in allowed.items():
            ok &= df[column].isin(values)
        return ok

    def value_exactly_when_number(df: pd.DataFrame) -> pd.Series:
        return df["value"].notna() == (df["value_kind"] == "number")

    return pa.DataFrameSchema(
        {name: pa.Column(_DTYPES.get(name), nullable=name in NULLABLE) for name in FACT_COLUMNS},
        checks=[
            pa.Check(text_columns_are_strings, name="text_columns_are_strings"),
            pa.Check(codes_known_and_counts_positive, name="codes_known_and_counts_positive"),
            pa.Check(value_exactly_when_number, name="value_exactly_when_number"),
        ],
        unique=["table_code", "row_code", "column_code"],
        strict=True,
        ordered=True,
    )


# numeric columns are typed by pandera; text columns by the check above (a per-column string
# dtype check costs about 1 ms each)
_DTYPES = {"value": float, "page": int, "row_distance": int, "ocr_confidence": float,
           "x0": float, "y0": float, "x1": float, "y1": float}
