"""Write the SQL generated from the table model (sql/35_tables_wide.sql)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transform.sqlgen import wide_views_sql  # noqa: E402

TARGET = ROOT / "sql" / "35_tables_wide.sql"

if __name__ == "__main__":
    TARGET.write_text(wide_views_sql(), encoding="utf-8")
    print(f"wrote {TARGET}")
