"""The tables a report's result is written to, from one table of columns (``data/columns.csv``:
relation, column, DuckDB type, nullable; what each column means is in ``data/column_docs.csv``,
which only shows the results): the long fact frame handed from transform to load, checked with
pandera, and the column lists of the frames and of ``report_file``."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from ogi_data import catalog
from transform.labels import load_vocabulary

VALUE_KINDS = ["number", "blank", "not_applicable", "unparsed"]
# how a label was matched (position: placed by the template's order, not by its label; transform/align.py)
MATCH_METHODS = [row["method"] for row in catalog.rows("match_methods")]

# Every table a result is written to begins with the report's key, which the loader adds.
REPORT_KEY = "sha256"
# DuckDB's type → the dtype pandera checks (text columns are checked by one frame-wide check below)
NUMERIC_DTYPES = {"DOUBLE": float, "INTEGER": int, "BIGINT": int}


def table_columns(relation: str) -> list[str]:
    """The columns of a table the pipeline writes (``data/columns.csv``), in the table's order."""
    return [r["column"] for r in catalog.rows("columns") if r["relation"] == relation]


def frame_columns(relation: str) -> list[str]:
    """The columns of a result's frame for ``relation``: the table's, without the report's key."""
    return [c for c in table_columns(relation) if c != REPORT_KEY]


def _fact_columns() -> list[dict[str, str]]:
    return [r for r in catalog.rows("columns") if r["relation"] == "fact" and r["column"] != REPORT_KEY]


FACT_COLUMNS = frame_columns("fact")
# columns that may be empty: a blank cell's value, a text-layer cell's OCR confidence, the box of a
# cell read from a grid without positions
NULLABLE = {r["column"] for r in _fact_columns() if r["nullable"] == "true"}
STRING_COLUMNS = [r["column"] for r in _fact_columns() if r["type"] == "VARCHAR"]
FACT_DTYPES = {r["column"]: NUMERIC_DTYPES[r["type"]] for r in _fact_columns() if r["type"] in NUMERIC_DTYPES}


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
        {r["column"]: pa.Column(FACT_DTYPES.get(r["column"]), nullable=r["nullable"] == "true")
         for r in _fact_columns()},
        checks=[
            pa.Check(text_columns_are_strings, name="text_columns_are_strings"),
            pa.Check(codes_known_and_counts_positive, name="codes_known_and_counts_positive"),
            pa.Check(value_exactly_when_number, name="value_exactly_when_number"),
        ],
        unique=["table_code", "row_code", "column_code"],
        strict=True,
        ordered=True,
    )
