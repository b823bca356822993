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

from warehouse.pack import pack_columns, pack_sheets, quoted
from warehouse.queries import query_frame

# How each kind of column is written: counts and ranks as integers.
INTEGER_KINDS = {"count", "rank", "year"}
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
WORKBOOK = "年度报告统计.xlsx"
# The workbook: the fill of a cell still to check (a light amber), its legend, and which headers
# name a body or a file (the columns that stay in view when scrolling right).
REVIEW_FILL = "FFE699"
LEGEND_SHEET = "说明"
LEGEND_CELL = "待核对的单元格：数字可能读错或不可信（见 cells_to_review），核对后再引用。"
LEGEND_AGENCY = "该机关本年度报告中有待核对的单元格，其指标由这些数字算出。"
NAME_HEADERS = ("机关", "来源文件")
LEGEND_HOW = "把鼠标停在标色的单元格上可看到原因；核对后在 data/corrections.csv 中更正，下次运行后标记即消失。"
FROZEN_SEARCH = 8
HEADER_WRAP = 8  # display columns of a header before it wraps (four Chinese characters)
COMMENT_MAX = 1000


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
    return {sheet.name: query_frame(con, "pack_sheet", {"view": quoted(sheet.name), "year": year, "county": county},
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
        write_workbook(sheets, kinds, workbook, review_marks(con, sel, sheets))
        written.append(workbook)
        parquet = out_dir / "facts_long.parquet"
        query_frame(con, "facts_long", **sel.parameters()).to_parquet(parquet, index=False)
        written.append(parquet)
    finally:
        con.close()
    return written


def review_marks(con: duckdb.DuckDBPyConnection, sel: Selection, sheets: dict[str, pd.DataFrame]
                 ) -> dict[str, dict[tuple[int, str], str]]:
    """Sheet → (row, header) → why, for every cell of a table sheet still in ``cells_to_review``,
    and for the 机关 cell of 指标_各机关 of a report that has such cells (its measures are made
    of them)."""
    columns = pack_columns(con)
    cells = query_frame(con, "pack_review_cells", **sel.parameters())
    agency, year, row = (columns[name].header() for name in ("agency", "year", "row_code"))
    marks: dict[str, dict[tuple[int, str], str]] = {}
    by_sheet = {sheet.source: sheet.name for sheet in pack_sheets()}
    for table, group in cells.groupby("table_code"):
        name = by_sheet.get(f"{table}_wide")
        if name not in sheets:
            continue
        frame = sheets[name]
        where = {(a, int(y), r): i for i, (a, y, r) in enumerate(zip(frame[agency], frame[year], frame[row],
                                                                     strict=True))}
        for c in group.itertuples():
            i = where.get((c.agency, int(c.year), c.row_code))
            header = columns[c.column_code].header() if c.column_code in columns else None
            if i is not None and header in frame.columns:
                marks.setdefault(name, {})[(i, header)] = c.detail
    metrics = next(s.name for s in pack_sheets() if s.source == "pack_agency_metrics")
    if metrics in sheets:
        flagged = {(a, int(y)) for a, y in zip(cells["agency"], cells["year"], strict=True)}
        frame = sheets[metrics]
        for i, (a, y) in enumerate(zip(frame[agency], frame[year], strict=True)):
            if (a, int(y)) in flagged:
                marks.setdefault(metrics, {})[(i, agency)] = LEGEND_AGENCY
    return marks


def frozen_after(headers: list[str]) -> int:
    """How many columns stay in view when scrolling right: up to the body's name, else the file's
    (at least one)."""
    for name in NAME_HEADERS:
        if name in headers[:FROZEN_SEARCH]:
            return headers.index(name) + 1
    return 1


def write_workbook(sheets: dict[str, pd.DataFrame], kinds: dict[str, str], path: Path,
                   marks: dict[str, dict[tuple[int, str], str]] | None = None) -> None:
    """The sheets as one workbook (openpyxl), ready to browse and print: the header and the body's
    name frozen, an autofilter on the header, columns as wide as their text, integers without
    decimals and percentages with one; landscape A4, one page wide, the header on every printed
    page. Cells still to check are filled (``marks``: sheet → (row, header) → why, also a note on
    the cell), and a sheet 说明 says what the fill means."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    marks = marks or {}
    fill = PatternFill("solid", fgColor=REVIEW_FILL)
    formats = {"count": "0", "rank": "0", "year": "0", "rate": "0.0", "per_100": "0.0", "decimal": "0.00"}
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, sheet in sheets.items():
            sheet.to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name[:31]]
            headers = list(sheet.columns)
            frozen = frozen_after(headers)
            ws.freeze_panes = f"{get_column_letter(frozen + 1)}2"
            ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{len(sheet) + 1}"
            ws.print_title_rows = "1:1"
            ws.print_title_cols = f"A:{get_column_letter(frozen)}"
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            for cell in ws[1]:  # a long header wraps: the column is as wide as its values
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for i, header in enumerate(headers, 1):
                letter = get_column_letter(i)
                number_format = formats.get(kinds.get(header, "text"))
                if number_format:
                    for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = number_format
                values = (display_width(v) for v in sheet[header].head(500))
                widest = max([min(display_width(header), HEADER_WRAP), *values])
                ws.column_dimensions[letter].width = min(60, max(6, widest + 2))
            index = {h: i for i, h in enumerate(headers, 1)}
            for (row, header), why in marks.get(name, {}).items():
                cell = ws.cell(row=row + 2, column=index[header])
                cell.fill = fill
                cell.comment = Comment(why[:COMMENT_MAX], "ogi")
        legend = writer.book.create_sheet(LEGEND_SHEET)
        legend.append(["标记", "含义", "个数"])
        legend.append(["", LEGEND_CELL, sum(len(m) for n, m in marks.items() if n != "指标_各机关")])
        legend.append(["", LEGEND_AGENCY, len(marks.get("指标_各机关", {}))])
        legend.append([])
        legend.append(["", LEGEND_HOW])
        for row in (2, 3):
            legend.cell(row=row, column=1).fill = fill
        for cell in legend[1]:
            cell.font = Font(bold=True)
        legend.column_dimensions["B"].width = 90
        legend.page_setup.orientation = "landscape"


def display_width(value: object) -> int:
    """Columns a value takes in a fixed-width view: a CJK character takes two."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return 0
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(value))
