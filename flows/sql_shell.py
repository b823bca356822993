"""``ogi sql``: SQL on the warehouse from a terminal, with the DuckDB that wrote it.

With a query, prints its result and exits. Without one, an interactive session: statements end
with ``;`` (the README's examples paste as written), ``.tables`` lists the views and tables,
``.help`` says how, ``.quit`` or Ctrl-D leaves. The warehouse is opened read-only unless asked:
the nightly run publishes a new file, so what is written here would not last.

Results are drawn with rich, which pads by display width: Chinese lines up.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table
from rich.text import Text

MAX_ROWS = 500
PIPED_WIDTH = 240
NUMERIC_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL"}
PROMPT, MORE = "ogi> ", "...> "
HELP = ("以分号 ; 结束一条 SQL 语句（可跨多行）。\n"
        ".tables  列出视图和表    .help  显示本说明    .quit  退出（或按 Ctrl-D）\n"
        "常用视图：facts_long、source_files、validation_issues、cells_to_review、reporting_coverage、"
        "agency_metrics、applications_wide")


def terminal() -> Console:
    """The console results go to: the terminal's width, or a wide one when output is piped or
    redirected (a log, a file), so that tables are not folded to 80 columns."""
    return Console() if sys.stdout.isatty() else Console(width=PIPED_WIDTH)


def result_table(relation: duckdb.DuckDBPyRelation, max_rows: int = MAX_ROWS) -> tuple[Table, int]:
    """A query's result as a rich table (at most ``max_rows`` rows) and its number of rows."""
    table = Table(show_lines=False, header_style="bold")
    for name, kind in zip(relation.columns, relation.types, strict=True):
        numeric = str(kind).split("(")[0] in NUMERIC_TYPES
        table.add_column(name, overflow="fold", justify="right" if numeric else "left")
    rows = relation.limit(max_rows + 1).fetchall()
    for row in rows[:max_rows]:
        table.add_row(*(Text(_cell(v)) for v in row))  # Text, not markup: a value may hold [brackets]
    return table, len(rows)


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, console: Console) -> bool:
    """Run every statement of ``sql``, printing each result; False when one failed (said in red)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        console.print(f"[red]{exc}[/red]")
        return False
    for statement in statements:
        try:
            relation = con.sql(statement.query)
        except duckdb.Error as exc:
            console.print(f"[red]{exc}[/red]")
            return False
        if relation is None:
            console.print("完成。")
            continue
        table, count = result_table(relation)
        console.print(table)
        console.print(f"{min(count, MAX_ROWS)} 行" + (f"（只显示前 {MAX_ROWS} 行）" if count > MAX_ROWS else ""))
    return True


def open_warehouse(warehouse: Path, write: bool = False) -> duckdb.DuckDBPyConnection:
    """The warehouse for an analyst: read-only with no access outside it (no ``COPY … TO``,
    ``read_text`` or ``ATTACH`` of another file, and the setting locked), unless ``write`` (the
    working copy, as it is)."""
    if write:
        return duckdb.connect(str(warehouse))
    return duckdb.connect(str(warehouse), read_only=True,
                          config={"enable_external_access": False, "lock_configuration": True})


def one_query(warehouse: Path, sql: str, console: Console | None = None) -> int:
    """``ogi sql "…"``: the result of one query against the warehouse, opened read-only."""
    con = open_warehouse(warehouse)
    try:
        return 0 if run_sql(con, sql, console or terminal()) else 1
    finally:
        con.close()


def session(warehouse: Path, write: bool = False, console: Console | None = None) -> int:
    """The interactive session, until ``.quit`` or end of input."""
    console = console or terminal()
    try:
        import readline  # noqa: F401 - line editing and history for input(), where the platform has it
    except ImportError:
        pass
    con = open_warehouse(warehouse, write)
    mode = "可写：下次运行发布新文件后，这里写入的内容不会保留" if write else "只读"
    console.print(f"ogi sql：已打开 {warehouse}（{mode}，DuckDB {duckdb.__version__}）。输入 .help 查看用法。")
    buffer: list[str] = []
    try:
        while True:
            try:
                line = input(MORE if buffer else PROMPT)
            except EOFError:
                console.print()
                return 0
            except KeyboardInterrupt:
                console.print()
                buffer = []
                continue
            command = line.strip()
            if not buffer and command.startswith("."):
                if command in (".quit", ".exit", ".q"):
                    return 0
                if command == ".tables":
                    run_sql(con, "SELECT table_name AS name, table_type AS type FROM information_schema.tables "
                                 "WHERE table_schema = 'main' ORDER BY table_type DESC, table_name;", console)
                else:
                    console.print(HELP)
                continue
            if command or buffer:
                buffer.append(line)
            if command.endswith(";"):
                run_sql(con, "\n".join(buffer), console)
                buffer = []
    finally:
        con.close()

