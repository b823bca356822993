"""``ogi export``: the yearly review pack as a county office would publish it — CSV files Excel
opens (UTF-8 with BOM, Chinese headers), the same sheets as one ``.xlsx`` workbook, and the long
facts as Parquet, read from the warehouse's analyst views.

Counts print as integers, rates as percentages with one decimal in columns headed ``…（%）``,
yes/no as 是/否, and each table's rows in the order the official table prints them. How a
column is shown is data (``data/metric_labels.csv``: its label and kind), never guessed from
its values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from flows.pack import pack_columns, pack_sheets, quoted
from flows.reports import report

# How each kind of column is written: counts and ranks as integers.
INTEGER_KINDS = {"count", "rank", "year"}
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
WORKBOOK = "年度报告统计.xlsx"


@dataclass(frozen=True)
class Selection:
    """Which reports a pack covers: one year, optionally one county."""

    year: int
    county: str | None = None

    def parameters(self) -> dict:
        """The named parameters of the report queries (sql/reports/)."""
        return {"year": self.year, "county": self.county}


def pack_frames(con: duckdb.DuckDBPyConnection, sel: Selection) -> dict[str, pd.DataFrame]:
    """Sheet name → its rows for the selection, read from the sheet's view (Chinese headers,
    numbers as printed): the pack is the views, filtered."""
    columns = pack_columns(con)
    year, county = quoted(columns["year"].header()), quoted(columns["county"].header())
    return {sheet.name: report(con, "pack_sheet", {"view": quoted(sheet.name), "year": year, "county": county},
                               unknown_year_too=sheet.unknown_year_too, **sel.parameters())
            for sheet in pack_sheets()}


def publishable(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """A sheet as the files print it: whole numbers without a decimal point (a column with a
    blank is still integers), text made safe for a spreadsheet."""
    out = frame.copy()
    for header in out.columns:
        if kinds.get(header) in INTEGER_KINDS:
            out[header] = pd.to_numeric(out[header], errors="coerce").round().astype("Int64")
        elif not pd.api.types.is_numeric_dtype(out[header]):
            out[header] = out[header].map(excel_safe)
    out.columns = [excel_safe(h) for h in out.columns]
    return out


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
        kinds = {column.header(): column.kind for column in pack_columns(con).values()}
        sheets = {name: publishable(frame, kinds) for name, frame in pack_frames(con, sel).items()}
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
