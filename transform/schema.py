"""The schema of the long fact frame handed from transform to load, checked with pandera."""

from __future__ import annotations

from functools import lru_cache

import pandera.pandas as pa

from transform.labels import load_vocabulary

VALUE_KINDS = ["number", "blank", "not_applicable", "unparsed"]
MATCH_METHODS = ["exact", "alias", "no_enumerator", "prefix", "fuzzy"]

FACT_COLUMNS = [
    "table_code", "row_code", "column_code", "value", "value_kind", "printed", "page",
    "row_label", "row_method", "row_distance", "column_label", "column_method",
]


@lru_cache(maxsize=1)
def fact_schema() -> pa.DataFrameSchema:
    """One row per printed value cell; codes must come from the vocabulary."""
    vocab = load_vocabulary()
    tables = sorted({t.table_code for t in vocab})
    rows = sorted({t.code for t in vocab if t.axis == "row"})
    columns = sorted({t.code for t in vocab if t.axis == "column"})
    return pa.DataFrameSchema(
        {
            "table_code": pa.Column(str, pa.Check.isin(tables)),
            "row_code": pa.Column(str, pa.Check.isin(rows)),
            "column_code": pa.Column(str, pa.Check.isin(columns)),
            "value": pa.Column(float, nullable=True),
            "value_kind": pa.Column(str, pa.Check.isin(VALUE_KINDS)),
            "printed": pa.Column(str),
            "page": pa.Column(int, pa.Check.ge(1)),
            "row_label": pa.Column(str),
            "row_method": pa.Column(str, pa.Check.isin(MATCH_METHODS)),
            "row_distance": pa.Column(int, pa.Check.ge(0)),
            "column_label": pa.Column(str),
            "column_method": pa.Column(str, pa.Check.isin(MATCH_METHODS)),
        },
        checks=[
            # a value exactly when the cell printed a number
            pa.Check(lambda df: df["value"].notna() == (df["value_kind"] == "number"), element_wise=False),
        ],
        unique=["table_code", "row_code", "column_code"],
        strict=True,
        ordered=True,
    )
