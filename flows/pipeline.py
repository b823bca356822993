"""The batch flow behind ``ogi run``: discover → extract + transform per file (tasks) → load."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extract.discover import discover_pdfs, sha256_of
from flows.config import Settings
from flows.load import CORRECTIONS_CSV, after_run, connect, known_sha, record
from flows.process import process_file
from transform.agency import read_agency_counties
from transform.report import ReportResult

# Log a progress line at least this often on long runs.
PROGRESS_EVERY = 25


@dataclass
class RunSummary:
    """What one run did."""

    files: int = 0
    by_status: Counter = field(default_factory=Counter)
    facts_loaded: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        statuses = ", ".join(f"{s} {n}" for s, n in sorted(self.by_status.items())) or "no files"
        return (f"{self.files} files ({statuses}); {self.facts_loaded} facts loaded; "
                f"{self.seconds:.1f} s")


@task(name="fingerprint", retries=2, retry_delay_seconds=[1, 4])
def fingerprint(path: Path) -> str | None:
    """SHA-256 of a file; retried because a read can fail transiently, None when it never succeeds."""
    return sha256_of(path)


@task(name="extract-transform")
def extract_transform(path: Path, sha256: str | None, county_of: dict[str, str]) -> ReportResult:
    """Extract and transform one PDF (never raises for bad input)."""
    return process_file(path, sha256, county_of)


def plan_duplicates(paths: list[str], sha_of: dict[str, str | None], loaded: dict[str, str]) -> dict[str, str]:
    """path → path of the original, for every file whose bytes another file already has.

    The original is the copy already loaded by an earlier run, else the first by path.
    """
    original: dict[str, str] = {}
    for path in paths:
        sha = sha_of[path]
        if sha is None:
            continue
        if sha in loaded and loaded[sha] in sha_of:
            original.setdefault(sha, loaded[sha])
        else:
            original.setdefault(sha, path)
    return {p: original[sha_of[p]] for p in paths if sha_of[p] is not None and original[sha_of[p]] != p}


def _safe_sha(path: Path) -> str | None:
    try:
        return fingerprint(path)
    except OSError:
        return None


def _outcome(future, path: Path, sha256: str | None, timeout: float) -> ReportResult:
    """The task's result; a task that timed out or crashed becomes an unreadable file, not a failed run."""
    try:
        return future.result()
    except TimeoutError:
        return ReportResult(path.name, sha256, "unreadable",
                            f"Extraction ran longer than the {timeout:g} s allowed per file and was stopped.")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return ReportResult(path.name, sha256, "unreadable",
                            f"Extraction crashed ({type(exc).__name__}: {str(exc)[:200]}).")


@flow(name="ogi-run", log_prints=False)
def run_batch(
    input_dir: Path,
    warehouse: Path,
    corrections: Path = CORRECTIONS_CSV,
    agency_county: Path | None = None,
    file_timeout_seconds: float = 300.0,
) -> RunSummary:
    """Load every report PDF under ``input_dir`` into the DuckDB ``warehouse``."""
    logger = get_run_logger()
    started = time.perf_counter()
    summary = RunSummary()
    files = discover_pdfs(input_dir)
    rel = {str(p.relative_to(input_dir)): p for p in files}
    logger.info("found %d PDF files under %s", len(files), input_dir)
    county_of = read_agency_counties(agency_county)
    per_file = extract_transform.with_options(timeout_seconds=file_timeout_seconds)
    con = connect(warehouse, corrections)
    try:
        sha_of = {r: _safe_sha(p) for r, p in rel.items()}
        duplicates = plan_duplicates(list(rel), sha_of, known_sha(con))
        futures = {r: per_file.submit(p, sha_of[r], county_of) for r, p in rel.items() if r not in duplicates}
        for i, (r, p) in enumerate(rel.items(), 1):
            if r in duplicates:
                result = ReportResult(p.name, sha_of[r], "duplicate",
                                      f"Same bytes as {duplicates[r]}, which is loaded instead.")
            else:
                result = _outcome(futures[r], p, sha_of[r], file_timeout_seconds)
            record(con, r, result)
            summary.facts_loaded += len(result.facts) if result.facts is not None else 0
            if result.status not in ("loaded", "loaded_with_issues"):
                logger.warning("%s: %s — %s", r, result.status, result.detail)
            if i % PROGRESS_EVERY == 0 or i == len(rel):
                logger.info("progress: %d/%d files, %.1f s", i, len(rel), time.perf_counter() - started)
        after_run(con)
        # statuses as the warehouse tells them: cross-report steps may have changed some
        summary.by_status.update(dict(con.execute(
            "SELECT status, count(*) FROM source_files WHERE path IN (SELECT unnest(?)) GROUP BY status",
            [list(rel)]).fetchall()))
        for (path, superseded_by) in con.execute(
                "SELECT path, superseded_by FROM report_file WHERE superseded_by IS NOT NULL").fetchall():
            logger.warning("%s: superseded by %s", path, superseded_by)
        for (line, code) in con.execute(
                "SELECT line, concat_ws('/', table_code, row_code, column_code) FROM corrections_unmatched"
        ).fetchall():
            logger.warning("correction on line %d (%s) matches no fact of a current report", line, code)
    finally:
        con.close()
    summary.files = len(files)
    summary.seconds = time.perf_counter() - started
    logger.info("run finished: %s", summary.line())
    return summary


def run(settings: Settings) -> RunSummary:
    """Run the flow with the configured task runner: ``threads`` (default) or ``processes``.

    ``processes`` spreads the CPU-bound extraction over cores, but each worker process
    needs a Prefect API to report to: without a running Prefect server it starts a
    temporary one of its own (~10 s), so it pays off on large batches only.
    """
    workers = settings.worker_count()
    task_runner = (ProcessPoolTaskRunner(max_workers=workers) if settings.runner == "processes"
                   else ThreadPoolTaskRunner(max_workers=workers))
    return run_batch.with_options(task_runner=task_runner)(
        input_dir=settings.input, warehouse=settings.warehouse, corrections=settings.corrections,
        agency_county=settings.agency_county, file_timeout_seconds=settings.file_timeout_seconds)
