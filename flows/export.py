"""``ogi export``: the yearly review pack as a county office would publish it — CSV files Excel
opens (UTF-8 with BOM, Chinese headers), the same sheets as one ``.xlsx`` workbook, and the long
facts as Parquet, read from the warehouse's analyst views.

Counts print as integers, rates as percentages with one decimal in columns headed ``…（%）``,
yes/no as 是/否, and each table's rows in the order the official table prints them. How a
column is shown is data (``data/metric_labels.csv``: its label and kind), never guessed from
its values.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd

from flows.reports import report, report_rows
from transform.model import code_labels, flagged_columns, rules, table_titles

METRIC_LABELS = files("ogi_data") / "metric_labels.csv"
# Columns of the wide views that are not vocabulary codes.
WIDE_LABELS = {"row_ord": ("序号", "rank"), "row_code": ("代码", "text"), "row_label": ("项目", "text")}
# Columns of the other sheets (files, checks, coverage) that are not measures.
SHEET_LABELS = {
    "source_file": ("来源文件", "text"), "path": ("路径", "text"), "status": ("状态代码", "text"),
    "status_label": ("状态", "text"), "detail": ("说明", "text"), "rule": ("规则代码", "text"),
    "rule_label": ("规则", "text"), "table_code": ("表", "text"), "row_code": ("行代码", "text"),
    "column_code": ("列代码", "text"), "state": ("报送情况代码", "text"), "state_label": ("报送情况", "text"),
    "reason": ("说明", "text"),
}
# How each kind of column is written: counts and ranks as integers, rates as percentages.
INTEGER_KINDS = {"count", "rank", "year"}
PERCENT_KINDS = {"rate"}
ONE_DECIMAL_KINDS = {"per_100"}
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
WORKBOOK = "年度报告统计.xlsx"
YES, NO = "是", "否"


@dataclass(frozen=True)
class Selection:
    """Which reports a pack covers: one year, optionally one county."""

    year: int
    county: str | None = None

    def parameters(self) -> dict:
        """The named parameters of the report queries (sql/reports/)."""
        return {"year": self.year, "county": self.county}


@dataclass(frozen=True)
class Column:
    """How one column of the pack is shown: its Chinese header and its kind (text, year, count,
    decimal, rate, per_100, rank, flag)."""

    label: str
    kind: str

    def header(self) -> str:
        """The header as printed: a rate's says it is a percentage."""
        return f"{self.label}（%）" if self.kind in PERCENT_KINDS else self.label


def pack_columns(con: duckdb.DuckDBPyConnection) -> dict[str, Column]:
    """English column name → how it is shown, from data/metric_labels.csv and the vocabulary
    (a table column is a count unless the template's roles let it have decimals)."""
    decimals = {column for _, column in flagged_columns("decimals")}
    columns = {code: Column(label, "decimal" if code in decimals else "count")
               for code, label in report_rows(con, "column_labels")}
    with METRIC_LABELS.open(encoding="utf-8") as fh:
        columns.update({r["column"]: Column(r["label_zh"], r["kind"]) for r in csv.DictReader(fh)})
    columns.update({name: Column(label, kind) for name, (label, kind) in (WIDE_LABELS | SHEET_LABELS).items()})
    return columns


def header_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """English column name → Chinese header (a rate's marked （%）)."""
    return {name: column.header() for name, column in pack_columns(con).items()}


def pack_frames(con: duckdb.DuckDBPyConnection, sel: Selection) -> dict[str, pd.DataFrame]:
    """Sheet name → frame with English columns, for every sheet of the pack."""
    params = sel.parameters()
    statuses = code_labels("statuses.csv", "status")
    frames = {"指标_各机关": report(con, "agency_metrics", **params),
              "合计_各县": report(con, "county_metrics", **params)}
    for table, title in table_titles().items():
        frames[table_sheet_name(title)] = report(con, "table_wide", {"view": f"{table}_wide"}, **params)
    coverage = report(con, "reporting_coverage", **params)
    coverage.insert(coverage.columns.get_loc("state") + 1, "state_label",
                    coverage["state"].map(code_labels("coverage_states.csv", "state")))
    frames["报送情况"] = coverage
    issues = report(con, "validation_issues", **params)
    issues.insert(issues.columns.get_loc("rule") + 1, "rule_label",
                  issues["rule"].map(lambda r: rules().get(r, {}).get("label_zh", r)))
    frames["校验问题"] = issues
    not_loaded = report(con, "files_not_loaded", **params)
    not_loaded.insert(not_loaded.columns.get_loc("status") + 1, "status_label", not_loaded["status"].map(statuses))
    frames["未入库文件"] = not_loaded
    kinds = code_labels("agency_kinds.csv", "agency_kind")
    return {name: frame.assign(agency_kind=frame["agency_kind"].map(kinds)) if "agency_kind" in frame else frame
            for name, frame in frames.items()}


def table_sheet_name(title: str) -> str:
    """The sheet of one table, named from its official title: 二、主动公开… → 表二_主动公开…."""
    number, _, name = title.partition("、")
    return f"表{number}_{name.replace('、', '')}"


def publishable(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame as the pack prints it: Chinese headers, counts as integers, rates as
    percentages with one decimal, 是/否 for yes/no, text made safe for a spreadsheet."""
    out = {}
    for name in frame.columns:
        column = columns.get(name, Column(name, "text"))
        values = frame[name]
        if column.kind in INTEGER_KINDS:
            values = pd.to_numeric(values, errors="coerce").round().astype("Int64")
        elif column.kind in PERCENT_KINDS:
            values = (pd.to_numeric(values, errors="coerce") * 100).round(1)
        elif column.kind in ONE_DECIMAL_KINDS:
            values = pd.to_numeric(values, errors="coerce").round(1)
        elif column.kind == "flag":
            values = values.map(lambda v: None if pd.isna(v) else (YES if bool(v) else NO))
        elif not pd.api.types.is_numeric_dtype(values):
            values = values.map(excel_safe)
        out[excel_safe(column.header())] = values
    return pd.DataFrame(out)


def excel_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made to show as text (a leading ``'``);
    numbers, including negative ones, and every other value are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


def export_pack(warehouse: Path, out_dir: Path, sel: Selection) -> list[Path]:
    """Write the pack (a CSV per sheet, the workbook, the long facts); returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = pack_columns(con)
        sheets = {name: publishable(frame, columns) for name, frame in pack_frames(con, sel).items()}
        kinds = {columns[name].header(): columns[name].kind for name in columns}
        written = []
        for name, sheet in sheets.items():
            path = out_dir / f"{name}.csv"
            sheet.to_csv(path, index=False, encoding="utf-8-sig")
            written.append(path)
        workbook = out_dir / WORKBOOK
        write_workbook(sheets, kinds, workbook)
        written.append(workbook)
        parquet = out_dir / "facts_long.parquet"
        report(con, "facts_long", **sel.parameters()).to_parquet(parquet, index=False)
        written.append(parquet)
    finally:
        con.close()
    return written


def write_workbook(sheets: dict[str, pd.DataFrame], kinds: dict[str, str], path: Path) -> None:
    """The sheets as one workbook (openpyxl): a frozen, bold header row, columns as wide as their
    text, integers without decimals and percentages with one."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    formats = {"count": "0", "rank": "0", "year": "0", "rate": "0.0", "per_100": "0.0", "decimal": "0.00"}
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, sheet in sheets.items():
            sheet.to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for i, header in enumerate(sheet.columns, 1):
                letter = get_column_letter(i)
                number_format = formats.get(kinds.get(header, "text"))
                if number_format:
                    for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = number_format
                widest = max([display_width(header), *(display_width(v) for v in sheet[header].head(500))])
                ws.column_dimensions[letter].width = min(60, max(6, widest + 2))


def display_width(value: object) -> int:
    """Columns a value takes in a fixed-width view: a CJK character takes two."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return 0
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(value))
