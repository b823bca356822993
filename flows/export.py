"""``ogi export``: the yearly review pack — CSV files Excel opens (UTF-8 with BOM, Chinese
headers) and the long facts as Parquet, read from the warehouse's analyst views."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd

METRIC_LABELS = files("ogi_data") / "metric_labels.csv"
# Columns of the wide views that are not vocabulary codes.
WIDE_LABELS = {"row_ord": "序号", "row_code": "代码", "row_label": "项目"}
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Selection:
    """Which reports a pack covers: one year, optionally one county."""

    year: int
    county: str | None = None

    def where(self, alias: str = "") -> tuple[str, list]:
        prefix = f"{alias}." if alias else ""
        if self.county:
            return f"{prefix}year = ? AND {prefix}county = ?", [self.year, self.county]
        return f"{prefix}year = ?", [self.year]


def header_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """English column name → Chinese header, from data/metric_labels.csv and the vocabulary."""
    labels = {code: label for code, label in con.execute(
        "SELECT code, any_value(label_zh) FROM vocabulary WHERE axis = 'column' GROUP BY code").fetchall()}
    with METRIC_LABELS.open(encoding="utf-8") as fh:
        labels.update({r["column"]: r["label_zh"] for r in csv.DictReader(fh)})
    return labels | WIDE_LABELS


def pack_frames(con: duckdb.DuckDBPyConnection, sel: Selection) -> dict[str, pd.DataFrame]:
    """File name → frame with English columns, for every CSV of the pack."""
    where, params = sel.where()
    order = "ORDER BY agency, row_ord"
    frames = {
        "指标_各机关.csv": con.execute(
            f"SELECT * EXCLUDE (agencies) FROM agency_metrics WHERE {where} ORDER BY is_township DESC, agency",
            params).df(),
        "合计_各县.csv": con.execute(
            f"SELECT * FROM county_metrics WHERE {where} ORDER BY county", params).df(),
        "表二_主动公开政府信息情况.csv": con.execute(
            f"SELECT * FROM active_disclosure_wide WHERE {where} {order}", params).df(),
        "表三_收到和处理政府信息公开申请情况.csv": con.execute(
            f"SELECT * FROM applications_wide WHERE {where} {order}", params).df(),
        "表四_政府信息公开行政复议行政诉讼情况.csv": con.execute(
            f"SELECT * FROM review_litigation_wide WHERE {where} {order}", params).df(),
    }
    report_where, report_params = sel.where("r")
    frames["校验问题.csv"] = con.execute(
        f"""SELECT r.agency, r.year, v.source_file, v.rule, v.table_code, v.row_code, v.column_code, v.detail
            FROM validation_issues AS v JOIN source_files AS r USING (sha256)
            WHERE {report_where} ORDER BY r.agency, v.rule""", report_params).df()
    frames["未入库文件.csv"] = con.execute(
        """SELECT source_file, path, status, detail FROM source_files
           WHERE present AND status NOT IN (SELECT status FROM status WHERE loads) ORDER BY path""").df()
    return frames


def excel_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made to show as text (a leading ``'``);
    numbers, including negative ones, and every other value are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell made :func:`excel_safe`, and its headers too."""
    text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    safe = frame.assign(**{c: frame[c].map(excel_safe) for c in text_columns}) if text_columns else frame
    return safe.rename(columns=excel_safe)


def export_pack(warehouse: Path, out_dir: Path, sel: Selection) -> list[Path]:
    """Write the pack; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        labels = header_labels(con) | {"source_file": "来源文件", "path": "路径", "status": "状态",
                                        "detail": "说明", "rule": "规则", "table_code": "表", "row_code": "行",
                                        "column_code": "列"}
        written = []
        for name, frame in pack_frames(con, sel).items():
            path = out_dir / name
            safe_frame(frame.rename(columns=lambda c: labels.get(c, c))).to_csv(path, index=False,
                                                                                 encoding="utf-8-sig")
            written.append(path)
        where, params = sel.where()
        parquet = out_dir / "facts_long.parquet"
        con.execute(f"SELECT * FROM facts_long WHERE {where} ORDER BY ALL", params).df().to_parquet(
            parquet, index=False)
        written.append(parquet)
    finally:
        con.close()
    return written
