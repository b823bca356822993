"""Write docs/analyst_examples.md: each saved query of sql/queries/ with its result on the
sample reports (data/sample), so the examples always show what the warehouse returns.

    make demo && .venv/bin/python docs/make_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["highest_denied_rate", "requests_trend", "county_totals", "denial_reasons", "who_asks",
         "requests_by_agency", "reports_to_check", "files_by_status"]


def main() -> int:
    warehouse = ROOT / "data" / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse), read_only=True)
    out = ["# Questions analysts ask, answered in SQL", "",
           "Each query is a file in `sql/queries/` (run one with `ogi show NAME`); the result shown is",
           "what it returns on the sample reports of `data/sample` after `make demo`. The views it uses",
           "(`agency_metrics`, `county_metrics`, `township_ranks`, `agency_metrics_yoy`, the `*_wide`",
           "views) are documented in the warehouse itself: `SELECT * FROM duckdb_columns() WHERE",
           "table_name = 'agency_metrics'`.", ""]
    for name in ORDER:
        sql = (ROOT / "sql" / "queries" / f"{name}.sql").read_text(encoding="utf-8").strip()
        question = sql.splitlines()[0].removeprefix("-- ")
        result = con.sql(sql).df().to_string(index=False, na_rep="NULL")
        out += [f"## {question}", "", f"`ogi show {name}`", "", "```sql", sql, "```", "", "```",
                str(result).rstrip(), "```", ""]
    (ROOT / "docs" / "analyst_examples.md").write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
