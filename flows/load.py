"""Load stage: apply ``sql/`` to the DuckDB warehouse and replace one report's rows at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from transform.corrections import COLUMNS as CORRECTION_COLUMNS
from transform.corrections import read_corrections
from transform.report import ReportResult
from transform.schema import FACT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = ROOT / "sql"
VOCABULARY_CSV = ROOT / "data" / "vocabulary.csv"
CORRECTIONS_CSV = ROOT / "data" / "corrections.csv"
# Bumped whenever extraction or transformation changes what a PDF yields.
PIPELINE_VERSION = "2"


def connect(warehouse: Path, corrections: Path = CORRECTIONS_CSV) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse and bring its schema, corrections and views up to date."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    apply_sql(con, corrections)
    return con


def apply_sql(con: duckdb.DuckDBPyConnection, corrections: Path = CORRECTIONS_CSV) -> None:
    """Run every ``sql/*.sql`` file in name order (each is idempotent)."""
    con.execute("SET VARIABLE vocabulary_csv = ?", [str(VOCABULARY_CSV)])
    con.execute("SET VARIABLE division_suffixes_csv = ?", [str(ROOT / "data" / "division_suffixes.csv")])
    read = read_corrections(corrections)
    accepted = pd.DataFrame([vars(c) for c in read.accepted], columns=["line", *CORRECTION_COLUMNS]).astype(object)
    rejected = pd.DataFrame([vars(r) for r in read.rejected], columns=["line", "text", "problem"]).astype(object)
    con.register("incoming_corrections", accepted)
    con.register("incoming_rejected_corrections", rejected)
    try:
        for script in sorted(SQL_DIR.glob("*.sql")):
            con.execute(script.read_text(encoding="utf-8"))
    finally:
        con.unregister("incoming_corrections")
        con.unregister("incoming_rejected_corrections")


def after_run(con: duckdb.DuckDBPyConnection) -> None:
    """Steps over the whole warehouse once a batch is loaded (``sql/after_run/*.sql``), in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for script in sorted((SQL_DIR / "after_run").glob("*.sql")):
            con.execute(script.read_text(encoding="utf-8"))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def known_sha(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """sha256 → path of every file already recorded as loaded, for duplicate detection across runs."""
    rows = con.execute(
        "SELECT sha256, path FROM report_file WHERE status IN ('loaded', 'loaded_with_issues') ORDER BY path"
    ).fetchall()
    return {sha: path for sha, path in rows}


@dataclass(frozen=True)
class FileStat:
    """Size and modification time of a file, to tell an unchanged file without opening it."""

    size_bytes: int
    mtime: float


def unchanged_files(con: duckdb.DuckDBPyConnection, stats: dict[str, FileStat]) -> dict[str, str | None]:
    """path → sha256 of every file processed by this pipeline version whose size and mtime are unchanged."""
    rows = con.execute(
        "SELECT path, sha256, size_bytes, mtime FROM report_file WHERE pipeline_version = ?", [PIPELINE_VERSION]
    ).fetchall()
    return {path: sha for path, sha, size, mtime in rows
            if path in stats and stats[path] == FileStat(size, mtime)}


def mark_present(con: duckdb.DuckDBPyConnection, paths: list[str]) -> None:
    """Record which files the run found; the data of files no longer there is kept."""
    con.execute("UPDATE report_file SET present = list_contains(?, path)", [paths])


def record(
    con: duckdb.DuckDBPyConnection, path: str, result: ReportResult, stat: FileStat | None = None
) -> tuple[int, int]:
    """Replace everything known about one file in a single transaction (delete, then insert).

    Returns (facts inserted, facts of an earlier load deleted).
    """
    return record_many(con, [(path, result, stat)])


def record_many(
    con: duckdb.DuckDBPyConnection, items: list[tuple[str, ReportResult, FileStat | None]]
) -> tuple[int, int]:
    """Replace everything known about several files (path, result, stat) in one transaction.

    One statement per table for the whole batch: the deletes scan the fact table once, not
    once per file. Returns (facts inserted, facts of earlier loads deleted).
    """
    if not items:
        return 0, 0
    paths = [path for path, _, _ in items]
    loading = [result for _, result, _ in items if _loads(result)]
    con.execute("BEGIN TRANSACTION")
    try:
        previous = dict(con.execute("SELECT path, sha256 FROM report_file WHERE list_contains(?, path)",
                                    [paths]).fetchall())
        stale = {previous[p] for p, result, _ in items
                 if previous.get(p) is not None and previous[p] != result.sha256}
        stale |= {result.sha256 for result in loading}  # a file loaded again replaces its own rows
        replaced = _delete_rows(con, sorted(stale))
        con.execute("DELETE FROM report_file WHERE list_contains(?, path)", [paths])
        processed_at = datetime.now(UTC).replace(tzinfo=None)
        con.executemany(
            "INSERT INTO report_file VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, NULL, ?, ?)",
            [[path, r.source_file, r.sha256, r.status, r.detail, r.agency, r.county, r.year, r.template_version,
              r.issuer, r.pages, stat.size_bytes if stat else None, stat.mtime if stat else None, r.pdf_date,
              PIPELINE_VERSION, processed_at] for path, r, stat in items],
        )
        if loading:
            _insert_facts(con, loading)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return sum(len(r.facts) for r in loading), replaced


def _loads(result: ReportResult) -> bool:
    return result.status in ("loaded", "loaded_with_issues") and result.facts is not None


def _delete_rows(con: duckdb.DuckDBPyConnection, shas: list[str]) -> int:
    if not shas:
        return 0
    (count,) = con.execute("SELECT count(*) FROM fact WHERE list_contains(?, sha256)", [shas]).fetchone()
    con.execute("DELETE FROM fact WHERE list_contains(?, sha256)", [shas])
    con.execute("DELETE FROM report_issue WHERE list_contains(?, sha256)", [shas])
    return count


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None, input_dir: Path) -> None:
    """Record that a run started."""
    con.execute("INSERT INTO run (run_id, flow_run_id, input_dir, started_at, pipeline_version) VALUES (?, ?, ?, ?, ?)",
                [run_id, flow_run_id, str(input_dir), datetime.now(UTC).replace(tzinfo=None), PIPELINE_VERSION])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, **figures) -> None:
    """Record how a run ended: its figures, or the error that stopped it."""
    figures["finished_at"] = datetime.now(UTC).replace(tzinfo=None)
    columns = ", ".join(f"{k} = ?" for k in figures)
    con.execute(f"UPDATE run SET {columns} WHERE run_id = ?", [*figures.values(), run_id])


def _insert_facts(con: duckdb.DuckDBPyConnection, results: list[ReportResult]) -> None:
    facts = pd.concat([r.facts.assign(sha256=r.sha256)[["sha256", *FACT_COLUMNS]] for r in results],
                      ignore_index=True)
    con.register("incoming_facts", facts)
    try:
        con.execute("INSERT INTO fact SELECT * FROM incoming_facts")
    finally:
        con.unregister("incoming_facts")
    agencies = {r.agency: r.county for r in results if r.agency}
    if agencies:
        con.executemany(
            "INSERT INTO agency VALUES (?, ?) ON CONFLICT (agency) DO UPDATE SET county = excluded.county",
            [[agency, county] for agency, county in agencies.items()],
        )
    issues = pd.DataFrame(
        [(r.sha256, i.rule, i.table_code, i.row_code, i.column_code, i.detail) for r in results for i in r.issues],
        columns=["sha256", "rule", "table_code", "row_code", "column_code", "detail"],
    ).astype(object)
    if len(issues):
        con.register("incoming_issues", issues)
        try:
            con.execute("INSERT INTO report_issue SELECT * FROM incoming_issues")
        finally:
            con.unregister("incoming_issues")
