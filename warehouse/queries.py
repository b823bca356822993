"""The queries the commands report with (``sql/reports/*.sql``), run by name.

A query takes named parameters (``$year``, ``$county``: NULL for every county); a few also name
a view or a column, given as ``{view}`` or ``{measure}`` from the project's own data (table
codes, review page measures), never from a user.
"""

from __future__ import annotations

import re
from importlib.resources import files

import duckdb
import pandas as pd

_PARAMETER = re.compile(r"\$(\w+)")


def query_sql(name: str, **identifiers: str) -> str:
    """The text of ``sql/reports/<name>.sql`` with its ``{identifiers}`` filled in."""
    text = (files("ogi_sql") / "reports" / f"{name}.sql").read_text(encoding="utf-8")
    return text.format(**identifiers) if identifiers else text


def query_frame(con: duckdb.DuckDBPyConnection, name: str, identifiers: dict[str, str] | None = None,
                **parameters) -> pd.DataFrame:
    """Run one named query with the named parameters it uses (others given are ignored)."""
    return _run(con, query_sql(name, **(identifiers or {})), parameters).df()


def query_rows(con: duckdb.DuckDBPyConnection, name: str, **parameters) -> list[tuple]:
    """The rows of one named query, as tuples."""
    return _run(con, query_sql(name), parameters).fetchall()


def _run(con: duckdb.DuckDBPyConnection, sql: str, parameters: dict) -> duckdb.DuckDBPyConnection:
    used = set(_PARAMETER.findall(sql))
    return con.execute(sql, {k: v for k, v in parameters.items() if k in used})
