"""``ogi sql``: SQL on the warehouse from a terminal, with the DuckDB that wrote it.

With a query, prints its result and exits. Without one, an interactive session: statements end
with ``;`` (the README's examples paste as written), ``.tables`` lists the views and tables,
``.help`` says how, ``.quit`` or Ctrl-D leaves. The warehouse is opened read-only unless asked:
the nightly run publishes a new file, so what is written here would not last.

Results are drawn with rich, which pads by display width: Chinese lines up.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ogi_data import catalog
from warehouse.pack import quoted

MAX_ROWS = 500
PIPED_WIDTH = 240
NUMERIC_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "FLOAT", "DOUBLE", "DECIMAL"}
PROMPT, MORE = "ogi> ", "...> "
# What .tables lists: every view and table, the pack's sheets among them.
TABLES_SQL = ("SELECT table_name AS name, table_type AS type FROM information_schema.tables "
              "WHERE table_schema = 'main' ORDER BY table_type DESC, table_name;")
# The measures that are rates (data/metric_labels.csv): printed as percentages.
RATE_COLUMNS = frozenset(r["column"] for r in catalog.rows("metric_labels") if r["kind"] == "rate")
# A pack header with its percent sign, written without quotes: 公开率（%）.
PACK_PERCENT_NAME = re.compile(r"[^\s,()（）\"'.;=<>+*/-]+（[%％]）")
HELP = ("以分号 ; 结束一条 SQL 语句（可跨多行）。\n"
        ".tables  列出视图和表    .help  显示本说明    .quit  退出（或按 Ctrl-D）\n"
        "常用视图：facts_long、source_files、validation_issues、cells_to_review、reporting_coverage、"
        "agency_metrics、applications_wide\n"
        "报表包的每张表也是同名视图，列名与报表相同：SELECT 机关, 公开率（%） FROM 指标_各机关 WHERE 年度 = 2023;")


def terminal() -> Console:
    """The console results go to: the terminal's width, or a wide one when output is piped or
    redirected (a log, a file), so that tables are not folded to 80 columns."""
    return Console() if sys.stdout.isatty() else Console(width=PIPED_WIDTH)


def result_table(relation: duckdb.DuckDBPyRelation, max_rows: int = MAX_ROWS,
                 width: int | None = None) -> tuple[Table, int, int]:
    """A query's result as a rich table (at most ``max_rows`` rows), its number of rows and the
    number of its columns shown. Columns that do not fit ``width`` are left out of the middle and
    an ``…`` column stands for them, as DuckDB's own shell does."""
    names, kinds = relation.columns, [str(k).split("(")[0] for k in relation.types]
    rows = relation.limit(max_rows + 1).fetchall()
    texts = [[_cell(v, name) for v, name in zip(row, names, strict=True)] for row in rows[:max_rows]]
    shown = fitting_columns([max([display_width(name), *(display_width(r[i]) for r in texts)])
                             for i, name in enumerate(names)], width)
    table = Table(show_lines=False, header_style="bold")
    for i in shown:
        if i is None:
            table.add_column("…", justify="center")
        else:
            table.add_column(names[i], overflow="fold", justify="right" if kinds[i] in NUMERIC_TYPES else "left")
    for text in texts:  # Text, not markup: a value may hold [brackets]
        table.add_row(*(Text("…") if i is None else Text(text[i]) for i in shown))
    return table, len(rows), sum(i is not None for i in shown)


def fitting_columns(widths: list[int], width: int | None) -> list[int | None]:
    """The indexes of the columns to draw within ``width`` (each takes its width and 3 for the
    rule and padding): all when they fit, else as many from the start and the end as fit around
    one ``…`` column (None) that stands for the rest."""
    if width is None or sum(w + 3 for w in widths) + 1 <= width:
        return list(range(len(widths)))
    budget = width - 1 - 4  # the frame, and the … column
    left, right = [], []
    lo, hi = 0, len(widths) - 1
    while lo <= hi:
        take_left = len(left) <= len(right)
        i = lo if take_left else hi
        if widths[i] + 3 > budget:
            break
        budget -= widths[i] + 3
        if take_left:
            left.append(i)
            lo += 1
        else:
            right.insert(0, i)
            hi -= 1
    return [*left, None, *right] if lo <= hi else [*left, *right]


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell(value: object, name: str = "") -> str:
    """A value as the shell prints it: a rate of the English views as a percentage with one decimal,
    as the pack prints it; other numbers without trailing zeros, to four decimals at most."""
    if value is None:
        return "NULL"
    if isinstance(value, float):
        if name in RATE_COLUMNS:
            return f"{value * 100:.1f}%"
        if name.endswith("（%）"):  # a pack view's percentage, already rounded: as the pack prints it
            return f"{value:.1f}"
        if value.is_integer():
            return f"{value:.0f}"
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def in_pack_words(sql: str) -> str:
    """A query as an analyst types the pack's headers: a name with its ``（%）`` (公开率（%）), written
    without quotes, is quoted, so that the ``%`` is part of the name and not an operator."""
    parts = re.split(r"""("(?:[^"]|"")*"|'(?:[^']|'')*')""", sql)  # quoted names and strings stay as they are
    return "".join(part if i % 2 else PACK_PERCENT_NAME.sub(lambda m: quoted(m.group(0).replace("％", "%")), part)
                   for i, part in enumerate(parts))


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, console: Console) -> bool:
    """Run every statement of ``sql``, printing each result; False when one failed (said in red)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        console.print(f"[red]{exc}[/red]")
        return False
    for statement in statements:
        try:
            relation = con.sql(in_pack_words(statement.query))
        except duckdb.Error as exc:
            console.print(f"[red]{exc}[/red]")
            return False
        if relation is None:
            console.print("完成。")
            continue
        table, count, columns = result_table(relation, width=console.width)
        console.print(table)
        hidden = len(relation.columns) - columns
        console.print(f"{min(count, MAX_ROWS)} 行" + (f"（只显示前 {MAX_ROWS} 行）" if count > MAX_ROWS else "")
                      + (f"，{len(relation.columns)} 列（显示 {columns} 列，…处省略 {hidden} 列）" if hidden else ""))
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
                    run_sql(con, TABLES_SQL, console)
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

