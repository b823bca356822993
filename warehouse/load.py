"""Load stage: apply ``sql/`` to the DuckDB warehouse and replace one report's rows at a time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd

from ogi_data import catalog
from ogi_data.messages import language, sql_messages
from ogi_data.status import loading_statuses
from transform.checks import Issue
from transform.corrections import COLUMNS as CORRECTION_COLUMNS
from transform.corrections import read_corrections
from transform.recheck import corrected_facts, recheck
from transform.report import ReportResult
from transform.review import ReviewCell
from transform.schema import FACT_COLUMNS
from warehouse.pack import pack_views_sql, quoted, view_column_docs

# Package data, read where it is installed (a checkout, or a wheel's site-packages).
SQL_DIR = Path(str(files("ogi_sql")))
MIGRATIONS_DIR = SQL_DIR / "migrations"


class WarehouseTooNew(RuntimeError):
    """The warehouse was migrated by a newer release than this one."""


def connect(warehouse: Path, corrections: Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse, migrate it, and bring its corrections (the file
    ``corrections``; none when it does not exist) and views up to date."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    apply_sql(con, corrections)
    return con


def migrations() -> list[tuple[int, Path]]:
    """(version, file) of every ``sql/migrations/NNN_*.sql``, in order."""
    return sorted((int(p.name.split("_", 1)[0]), p) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The warehouse's schema version: 0 for an empty file, 1 for a warehouse of release 2 (it had no
    version table), else the last migration applied."""
    tables = _tables(con)
    if "schema_version" in tables:
        return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    return 1 if "report_file" in tables else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply, in order and each in its own transaction, the migrations the warehouse has not had;
    returns the versions applied. A warehouse of a newer release is refused, never altered."""
    current = schema_version(con)
    known = migrations()
    if known and current > known[-1][0]:
        raise WarehouseTooNew(f"the warehouse is at schema version {current}, newer than this release knows "
                              f"({known[-1][0]}); upgrade ogi-warehouse")
    if current and "schema_version" not in _tables(con):
        with transaction(con):  # a warehouse of release 2: record what it has
            _record_versions(con, [(v, p) for v, p in known if v <= current])
    applied = []
    for version, path in known:
        if version > current:
            with transaction(con):
                con.execute(path.read_text(encoding="utf-8"))
                _record_versions(con, [(version, path)])
            applied.append(version)
    return applied


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _record_versions(con: duckdb.DuckDBPyConnection, done: list[tuple[int, Path]]) -> None:
    if "schema_version" not in _tables(con):
        con.execute((MIGRATIONS_DIR / "schema_version.sql").read_text(encoding="utf-8"))
    now = datetime.now(UTC).replace(tzinfo=None)
    con.executemany("INSERT INTO schema_version VALUES (?, ?, ?)", [[v, p.stem, now] for v, p in done])


def apply_sql(con: duckdb.DuckDBPyConnection, corrections: Path) -> None:
    """Migrate the warehouse, then run every ``sql/*.sql`` file in name order (views and the
    reference tables rebuilt on every run; their sentences in this process's language)."""
    migrate(con)
    for name in ("vocabulary", "division_suffixes", "statuses", "text_sources", "coverage_states", "agency_kinds",
                 "rules"):
        con.execute(f"SET VARIABLE {name}_csv = ?", [str(catalog.csv_path(name))])
    read = read_corrections(corrections)
    accepted = pd.DataFrame([vars(c) for c in read.accepted], columns=["line", *CORRECTION_COLUMNS]).astype(object)
    rejected = pd.DataFrame([vars(r) for r in read.rejected], columns=["line", "text", "problem"]).astype(object)
    sentences = pd.DataFrame(sql_messages(language()), columns=["code", "template"])
    con.register("incoming_corrections", accepted)
    con.register("incoming_rejected_corrections", rejected)
    con.register("incoming_messages", sentences)
    try:
        for script in sorted(SQL_DIR.glob("*.sql")):
            con.execute(script.read_text(encoding="utf-8"))
        con.execute(pack_views_sql(con))  # the pack's sheets as views, from the sources just made
    finally:
        for name in ("incoming_corrections", "incoming_rejected_corrections", "incoming_messages"):
            con.unregister(name)
    recheck_corrected(con)
    document_columns(con)


def recheck_corrected(con: duckdb.DuckDBPyConnection) -> int:
    """Run the own checks of every current report an analyst has corrected again over its corrected
    values (:func:`transform.recheck.recheck`) and keep what they say in ``rechecked_*``, which the
    contract views read instead of what the extraction found; returns the reports rechecked."""
    counts = con.execute("SELECT sha256, count(*) FROM fact_corrected WHERE correction_line IS NOT NULL "
                         "GROUP BY sha256 ORDER BY sha256").fetchall()
    reports, issues, review = [], [], []
    for sha, corrections in counts:
        original = con.execute(f"SELECT {', '.join(FACT_COLUMNS)} FROM fact WHERE sha256 = ? "
                               "ORDER BY table_code, row_code, column_code", [sha]).df()
        layer = con.execute("SELECT correction_line IS NOT NULL AS corrected, current_value FROM fact_corrected "
                            "WHERE sha256 = ? ORDER BY table_code, row_code, column_code", [sha]).df()
        (version,) = con.execute("SELECT template_version FROM report_file WHERE sha256 = ? LIMIT 1", [sha]).fetchone()
        stored = [Issue(*row) for row in con.execute(
            "SELECT rule, table_code, row_code, column_code, detail FROM report_issue WHERE sha256 = ?",
            [sha]).fetchall()]
        cells = [ReviewCell(*row) for row in con.execute(
            "SELECT table_code, row_code, column_code, reason, detail FROM cell_review WHERE sha256 = ?",
            [sha]).fetchall()]
        corrected = corrected_facts(original, layer["corrected"].astype(bool), layer["current_value"])
        result = recheck(original, corrected, version, stored, cells)
        reports.append((sha, corrections, len(result.issues)))
        issues += [(sha, i.rule, i.table_code, i.row_code, i.column_code, i.detail) for i in result.issues]
        review += [(sha, c.table_code, c.row_code, c.column_code, c.reason, c.detail) for c in result.review]
    with transaction(con):
        for table in ("rechecked_report", "rechecked_issue", "rechecked_review"):
            con.execute(f"DELETE FROM {table}")
        for table, rows in (("rechecked_report", reports), ("rechecked_issue", issues),
                            ("rechecked_review", review)):
            if rows:
                con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' for _ in rows[0])})", rows)
    return len(reports)


def column_docs() -> dict[tuple[str, str], str]:
    """(relation, column) → description, from ``data/column_docs.csv``; relation ``*`` is the
    description of a column name wherever no relation-specific row says otherwise."""
    return {(r["relation"], r["column"]): r["description"] for r in catalog.rows("column_docs")}


def document_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Comment every column of every table and view from the one table of column docs (views are
    rebuilt on each run, so this runs each time); a column without a doc keeps none, which a
    test forbids."""
    docs = column_docs()
    docs |= view_column_docs(con, docs)
    columns = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal "
                          "AND schema_name = 'main'").fetchall()
    statements = [f"COMMENT ON COLUMN {quoted(rel)}.{quoted(col)} IS '{doc.replace(chr(39), chr(39) * 2)}';"
                  for rel, col in columns
                  if (doc := docs.get((rel, col)) or docs.get(("*", col)))]
    with transaction(con):
        con.execute("\n".join(statements))


LOADS = tuple(sorted(loading_statuses()))


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction; on failure it is rolled back and the original error is raised (a failed
    rollback, e.g. after the disk filled up, never hides the cause)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # DuckDB may have rolled back already; the error that matters is the one being raised
        raise


def decide_superseded(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute which loaded copy of each report is current (``sql/after_run/supersede.sql``);
    call inside a transaction."""
    con.execute((SQL_DIR / "after_run" / "supersede.sql").read_text(encoding="utf-8"))


def after_run(con: duckdb.DuckDBPyConnection, present: list[str] | None = None) -> None:
    """Once a batch is loaded, in one transaction: record which files the run found (when
    ``present`` is given; the data of files no longer there is kept) and re-decide superseding."""
    with transaction(con):
        if present is not None:
            con.execute("UPDATE report_file SET present = list_contains(?, path)", [present])
        decide_superseded(con)


@dataclass(frozen=True)
class FileStat:
    """Size and modification time of a file, to tell an unchanged file without opening it."""

    size_bytes: int
    mtime: float


@dataclass(frozen=True)
class FileRecord:
    """What the warehouse holds about one path, for planning the next run."""

    sha256: str | None
    stat: FileStat | None
    status: str
    retry: bool
    duplicate_of: str | None
    pipeline_version: str
    named_as: str | None = None  # the data/file_metadata.csv line it was processed under
    limit_hits: int = 0  # runs in a row it hit a limit (time, worker memory)
    processed_at: datetime | None = None


def file_records(con: duckdb.DuckDBPyConnection) -> dict[str, FileRecord]:
    """path → record of every file any run has seen."""
    rows = con.execute("SELECT path, sha256, size_bytes, mtime, status, coalesce(retry, false), duplicate_of, "
                       "pipeline_version, named_as, coalesce(limit_hits, 0), processed_at FROM report_file").fetchall()
    return {path: FileRecord(sha, FileStat(size, mtime) if size is not None else None, status, retry, dup, version,
                             named, hits, at)
            for path, sha, size, mtime, status, retry, dup, version, named, hits, at in rows}


def record(
    con: duckdb.DuckDBPyConnection, path: str, result: ReportResult, stat: FileStat | None = None,
    version: str = "",
) -> tuple[int, int]:
    """Replace everything known about one file in a single transaction (delete, then insert).

    Returns (facts inserted, facts of an earlier load deleted).
    """
    return record_many(con, [(path, result, stat)], version)


def record_many(
    con: duckdb.DuckDBPyConnection, items: list[tuple[str, ReportResult, FileStat | None]], version: str
) -> tuple[int, int]:
    """Replace everything known about several files (path, result, stat) in one transaction, and
    re-decide in it which copy of each report is current, so a kill never leaves two copies current.
    ``version`` is the pipeline version that made the results (flows/plan.py; a file recorded under
    another one is read again).

    Facts belong to bytes (sha256): a file's earlier facts are deleted only when no other file
    that is loaded holds the same bytes. One statement per table for the whole batch.
    Returns (facts inserted, facts of earlier loads deleted).
    """
    if not items:
        return 0, 0
    paths = [path for path, _, _ in items]
    loading = [result for _, result, _ in items if _loads(result)]
    processed_at = datetime.now(UTC).replace(tzinfo=None)
    with transaction(con):
        previous = {sha for (sha,) in con.execute(
            "SELECT sha256 FROM report_file WHERE list_contains(?, path) AND sha256 IS NOT NULL", [paths]).fetchall()}
        replaced = _delete_rows(con, sorted({r.sha256 for r in loading}))  # a file loaded again replaces its rows
        con.execute("DELETE FROM report_file WHERE list_contains(?, path)", [paths])
        lines = [_report_file_line(path, r, stat, version, processed_at) for path, r, stat in items]
        con.executemany(f"INSERT INTO report_file ({', '.join(lines[0])}) VALUES ({', '.join('?' for _ in lines[0])})",
                        [list(line.values()) for line in lines])
        replaced += _delete_rows(con, _orphaned(con, sorted(previous)))
        if loading:
            _insert_facts(con, loading)
        decide_superseded(con)
    return sum(len(r.facts) for r in loading), replaced


def _report_file_line(path: str, r: ReportResult, stat: FileStat | None, version: str,
                      processed_at: datetime) -> dict[str, object]:
    """One file's line of ``report_file``, by column name (an upgraded warehouse has its columns in
    another order); superseding is decided afterwards, over the whole warehouse."""
    return {"path": path, "source_file": r.source_file, "sha256": r.sha256, "status": r.status, "detail": r.detail,
            "agency": r.agency, "county": r.county, "year": r.year, "template_version": r.template_version,
            "issuer": r.issuer, "pages": r.pages, "size_bytes": stat.size_bytes if stat else None,
            "mtime": stat.mtime if stat else None, "present": True, "pdf_date": r.pdf_date, "retry": r.retry,
            "duplicate_of": r.duplicate_of, "pipeline_version": version, "processed_at": processed_at,
            "text_source": r.text_source if _loads(r) else None, "named_as": r.named_as,
            "limit_hits": r.limit_hits or None}


def _orphaned(con: duckdb.DuckDBPyConnection, shas: list[str]) -> list[str]:
    """Of ``shas``, those no file still records as loaded: their facts belong to nobody."""
    if not shas:
        return []
    held = {sha for (sha,) in con.execute(
        "SELECT DISTINCT sha256 FROM report_file WHERE list_contains(?, sha256) AND list_contains(?, status)",
        [shas, list(LOADS)]).fetchall()}
    return [sha for sha in shas if sha not in held]


def _loads(result: ReportResult) -> bool:
    return result.status in LOADS and result.facts is not None


def _delete_rows(con: duckdb.DuckDBPyConnection, shas: list[str]) -> int:
    if not shas:
        return 0
    (count,) = con.execute("SELECT count(*) FROM fact WHERE list_contains(?, sha256)", [shas]).fetchone()
    con.execute("DELETE FROM fact WHERE list_contains(?, sha256)", [shas])
    con.execute("DELETE FROM report_issue WHERE list_contains(?, sha256)", [shas])
    con.execute("DELETE FROM cell_review WHERE list_contains(?, sha256)", [shas])
    con.execute("DELETE FROM unplaced_value WHERE list_contains(?, sha256)", [shas])
    return count


def record_metadata_problems(con: duckdb.DuckDBPyConnection, problems: list[str]) -> None:
    """Replace the lines of data/file_metadata.csv that name no report (``file_metadata_problems``)."""
    with transaction(con):
        con.execute("DELETE FROM file_metadata_problems")
        if problems:
            con.executemany("INSERT INTO file_metadata_problems VALUES (?)", [[p] for p in problems])


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, input_dir: Path,
              version: str) -> None:
    """Record that a run started."""
    con.execute("INSERT INTO run (run_id, flow_run_id, input_dir, started_at, pipeline_version) VALUES (?, ?, ?, ?, ?)",
                [run_id, flow_run_id, str(input_dir), datetime.now(UTC).replace(tzinfo=None), version])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, **figures) -> None:
    """Record how a run ended: its figures, or the error that stopped it."""
    figures.setdefault("finished_at", datetime.now(UTC).replace(tzinfo=None))
    columns = ", ".join(f"{k} = ?" for k in figures)
    con.execute(f"UPDATE run SET {columns} WHERE run_id = ?", [*figures.values(), run_id])


def _insert_facts(con: duckdb.DuckDBPyConnection, results: list[ReportResult]) -> None:
    frames = [r.frames() for r in results]
    agencies = {r.agency: r.county for r in results if r.agency}
    if agencies:
        con.executemany(
            "INSERT INTO agency (agency, county) VALUES (?, ?) "
            "ON CONFLICT (agency) DO UPDATE SET county = excluded.county",
            [[agency, county] for agency, county in agencies.items()],
        )
    for table in ("fact", "report_issue", "cell_review", "unplaced_value"):
        parts = [f[table] for f in frames if len(f[table])]
        if parts:
            con.register("incoming", pd.concat(parts, ignore_index=True))
            try:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
            finally:
                con.unregister("incoming")
