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

from flows.reports import report, report_rows
from transform.model import table_titles

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

    def parameters(self) -> dict:
        """The named parameters of the report queries (sql/reports/)."""
        return {"year": self.year, "county": self.county}


def header_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """English column name → Chinese header, from data/metric_labels.csv and the vocabulary."""
    labels = dict(report_rows(con, "column_labels"))
    with METRIC_LABELS.open(encoding="utf-8") as fh:
        labels.update({r["column"]: r["label_zh"] for r in csv.DictReader(fh)})
    return labels | WIDE_LABELS


def pack_frames(con: duckdb.DuckDBPyConnection, sel: Selection) -> dict[str, pd.DataFrame]:
    """File name → frame with English columns, for every CSV of the pack."""
    params = sel.parameters()
    frames = {"指标_各机关.csv": report(con, "agency_metrics", **params),
              "合计_各县.csv": report(con, "county_metrics", **params)}
    for table, title in table_titles().items():
        frames[table_file_name(title)] = report(con, "table_wide", {"view": f"{table}_wide"}, **params)
    frames["校验问题.csv"] = report(con, "validation_issues", **params)
    frames["未入库文件.csv"] = report(con, "files_not_loaded")
    return frames


def table_file_name(title: str) -> str:
    """The CSV of one table, named from its official title: 二、主动公开… → 表二_主动公开….csv."""
    number, _, name = title.partition("、")
    return f"表{number}_{name.replace('、', '')}.csv"


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
        parquet = out_dir / "facts_long.parquet"
        report(con, "facts_long", **sel.parameters()).to_parquet(parquet, index=False)
        written.append(parquet)
    finally:
        con.close()
    return written
