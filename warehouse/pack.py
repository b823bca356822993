"""The analyst pack's words: how each column is headed and shown, and a view per sheet.

Every sheet of the pack (``指标_各机关``, ``表三_…``, ``校验问题`` …) is also a view of the same name
and the same Chinese columns, numbers as the pack prints them: what an analyst reads in Excel they
can query (``SELECT 机关, "公开率（%）" FROM 指标_各机关 WHERE 年度 = 2023``). A sheet's English
source is a view in ``sql/`` (``sql/45_pack_sources.sql`` and the generated ``*_wide`` views);
how a column is headed and shown is data (``data/metric_labels.csv``, the vocabulary). The views
are made after ``sql/`` is applied, from the columns the sources have; ``ogi export`` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ogi_data import catalog
from transform.model import flagged_columns, table_titles

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
PERCENT_KINDS = {"rate"}
# How each kind of column is shown, as SQL over the English column {c}: counts and ranks as
# integers, rates as percentages with one decimal, yes/no as 是/否.
SHOWN_AS = {
    "count": "CAST(round({c}) AS BIGINT)",
    "rank": "CAST(round({c}) AS BIGINT)",
    "year": "CAST({c} AS INTEGER)",
    "rate": "round({c} * 100, 1)",
    "per_100": "round({c}, 1)",
    "flag": "CASE WHEN {c} THEN '是' WHEN NOT {c} THEN '否' END",
}
YEAR, COUNTY = "year", "county"


@dataclass(frozen=True)
class Column:
    """How one column of the pack is shown: its Chinese header and its kind (text, year, count,
    decimal, rate, per_100, rank, flag)."""

    label: str
    kind: str

    def header(self) -> str:
        """The header as printed: a rate's says it is a percentage."""
        return f"{self.label}（%）" if self.kind in PERCENT_KINDS else self.label


@dataclass(frozen=True)
class Sheet:
    """One sheet of the pack: its name (also its view's) and the English view it shows."""

    name: str
    source: str
    unknown_year_too: bool = False  # its rows whose year was not told belong to every year's pack


def table_sheet_name(title: str) -> str:
    """The sheet of one table, named from its official title: 二、主动公开… → 表二_主动公开…."""
    number, _, name = title.partition("、")
    return f"表{number}_{name.replace('、', '')}"


def pack_sheets() -> list[Sheet]:
    """Every sheet of the pack, in order."""
    tables = [Sheet(table_sheet_name(title), f"{table}_wide") for table, title in table_titles().items()]
    return [Sheet("指标_各机关", "pack_agency_metrics"), Sheet("合计_各县", "pack_county_metrics"), *tables,
            Sheet("报送情况", "pack_coverage"), Sheet("校验问题", "pack_issues"),
            Sheet("未入库文件", "pack_files_not_loaded", unknown_year_too=True)]


def pack_columns(con: duckdb.DuckDBPyConnection) -> dict[str, Column]:
    """English column name → how it is shown, from data/metric_labels.csv and the vocabulary
    (a table column is a count unless the template's roles let it have decimals)."""
    decimals = {column for _, column in flagged_columns("decimals")}
    labels = con.execute("SELECT code, any_value(label_zh) FROM vocabulary WHERE axis = 'column' GROUP BY code")
    columns = {code: Column(label, "decimal" if code in decimals else "count") for code, label in labels.fetchall()}
    columns.update({r["column"]: Column(r["label_zh"], r["kind"]) for r in catalog.rows("metric_labels")})
    columns.update({name: Column(label, kind) for name, (label, kind) in (WIDE_LABELS | SHEET_LABELS).items()})
    return columns


def quoted(name: str) -> str:
    """A name as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def sheet_view_sql(sheet: Sheet, names: list[str], columns: dict[str, Column]) -> str:
    """The view of one sheet: each English column of its source under its Chinese header, shown
    as the pack prints it; the source's order kept."""
    shown = []
    for name in names:
        column = columns.get(name, Column(name, "text"))
        expression = SHOWN_AS.get(column.kind, "{c}").format(c=quoted(name))
        shown.append(f"    {expression} AS {quoted(column.header())}")
    return (f"CREATE OR REPLACE VIEW {quoted(sheet.name)} AS\nSELECT\n" + ",\n".join(shown)
            + f"\nFROM {sheet.source};\n"
            + f"COMMENT ON VIEW {quoted(sheet.name)} IS '分析报表包的“{sheet.name}”表（{sheet.source} 的中文列）。';\n")


def source_columns(con: duckdb.DuckDBPyConnection, source: str) -> list[str]:
    """The columns of a sheet's English source view, in order."""
    return [name for (name,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' "
        "ORDER BY column_index", [source]).fetchall()]


def pack_views_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The views of every sheet of the pack, from the columns their sources have now."""
    columns = pack_columns(con)
    return "\n".join(sheet_view_sql(sheet, source_columns(con, sheet.source), columns) for sheet in pack_sheets())


def view_column_docs(con: duckdb.DuckDBPyConnection, docs: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """(sheet view, Chinese column) → the description of the English column it shows."""
    columns = pack_columns(con)
    out = {}
    for sheet in pack_sheets():
        for name in source_columns(con, sheet.source):
            doc = docs.get((sheet.source, name)) or docs.get(("*", name))
            if doc:
                out[(sheet.name, columns.get(name, Column(name, "text")).header())] = doc
    return out
