"""The batch flow behind ``ogi run``: discover → extract + transform per file (tasks) → load."""

import json
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import prefect.runtime.flow_run
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extract.discover import discover_pdfs, sha256_of
from flows.config import Settings
from flows.load import (
    CORRECTIONS_CSV,
    FileStat,
    after_run,
    connect,
    finish_run,
    known_sha,
    mark_present,
    record,
    start_run,
    unchanged_files,
)
from flows.lock import warehouse_lock
from flows.process import process_file
from transform.agency import read_agency_counties
from transform.report import ReportResult

# Log a progress line at least this often on long runs.
PROGRESS_EVERY = 25


@dataclass
class RunSummary:
    """What one run did."""

    files: int = 0
    processed: int = 0
    skipped: int = 0
    by_status: Counter = field(default_factory=Counter)
    facts_loaded: int = 0
    facts_replaced: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        statuses = ", ".join(f"{s} {n}" for s, n in sorted(self.by_status.items())) or "no files"
        return (f"{self.files} files ({statuses}); {self.processed} processed, {self.skipped} unchanged; "
                f"{self.facts_loaded} facts loaded; {self.seconds:.1f} s")


@task(name="fingerprint", retries=2, retry_delay_seconds=[1, 4])
def fingerprint(paths: dict[str, Path]) -> dict[str, str]:
    """SHA-256 of every new or changed file, in one task (not one task run per file).

    Retried with backoff because a read can fail transiently (a file still being copied).
    """
    return {r: sha256_of(p) for r, p in paths.items()}


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


def _fingerprints(paths: dict[str, Path]) -> dict[str, str | None]:
    """Fingerprints of the files; after the retries, a file that still cannot be read gets None."""
    try:
        return fingerprint(paths)
    except OSError:
        return {r: _sha_or_none(p) for r, p in paths.items()}


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
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
    lock_wait_seconds: float = 0.0,
) -> RunSummary:
    """Load every new or changed report PDF under ``input_dir`` into the DuckDB ``warehouse``."""
    logger = get_run_logger()
    started = time.perf_counter()
    with warehouse_lock(warehouse, lock_wait_seconds):
        con = connect(warehouse, corrections)
        run_id = uuid.uuid4().hex
        flow_run = prefect.runtime.flow_run.get_id()
        start_run(con, run_id, flow_run, input_dir)
        try:
            summary = load_folder(con, input_dir, read_agency_counties(agency_county), file_timeout_seconds)
            summary.seconds = time.perf_counter() - started
            finish_run(con, run_id, seconds=summary.seconds, files_seen=summary.files,
                       files_processed=summary.processed, files_skipped=summary.skipped,
                       files_by_status=json.dumps(dict(summary.by_status), ensure_ascii=False),
                       facts_inserted=summary.facts_loaded, facts_replaced=summary.facts_replaced)
            problems = con.execute(
                "SELECT path, status, detail FROM source_files WHERE present AND status NOT IN "
                "('loaded', 'loaded_with_issues') ORDER BY path").fetchall()
        except Exception as exc:
            finish_run(con, run_id, seconds=time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
            raise
        finally:
            con.close()
    logger.info("run finished: %s", summary.line())
    publish_summary(summary, problems, input_dir, flow_run)
    return summary


def load_folder(con, input_dir: Path, county_of: dict[str, str], file_timeout_seconds: float) -> RunSummary:
    """Discover, extract and transform new or changed files as tasks, and load them one by one."""
    logger = get_run_logger()
    started = time.perf_counter()
    summary = RunSummary()
    files = discover_pdfs(input_dir)
    rel = {p.relative_to(input_dir).as_posix(): p for p in files}
    stats = {r: FileStat(p.stat().st_size, p.stat().st_mtime) for r, p in rel.items()}
    unchanged = unchanged_files(con, stats)
    todo = [r for r in rel if r not in unchanged]
    logger.info("found %d PDF files under %s: %d new or changed, %d unchanged (not opened)",
                len(files), input_dir, len(todo), len(unchanged))
    sha_of = unchanged | _fingerprints({r: rel[r] for r in todo})
    duplicates = plan_duplicates(list(rel), sha_of, known_sha(con))
    per_file = extract_transform.with_options(timeout_seconds=file_timeout_seconds)
    futures = {r: per_file.submit(rel[r], sha_of[r], county_of) for r in todo if r not in duplicates}
    for i, r in enumerate(todo, 1):
        if r in duplicates:
            result = ReportResult(rel[r].name, sha_of[r], "duplicate",
                                  f"Same bytes as {duplicates[r]}, which is loaded instead.")
        else:
            # pop: a loaded result's facts are not kept in memory for the rest of the run
            result = _outcome(futures.pop(r), rel[r], sha_of[r], file_timeout_seconds)
        inserted, replaced = record(con, r, result, stats[r])
        summary.facts_loaded += inserted
        summary.facts_replaced += replaced
        if result.status not in ("loaded", "loaded_with_issues"):
            logger.warning("%d/%d %s: %s — %s", i, len(todo), r, result.status, result.detail)
        else:
            logger.info("%d/%d %s: %s, %d facts", i, len(todo), r, result.status, inserted)
        if i % PROGRESS_EVERY == 0 or i == len(todo):
            logger.info("progress: %d/%d files, %.1f s", i, len(todo), time.perf_counter() - started)
    mark_present(con, list(rel))
    after_run(con)
    for path, superseded_by in con.execute(
            "SELECT path, superseded_by FROM report_file WHERE superseded_by IS NOT NULL AND present").fetchall():
        logger.warning("%s: superseded by %s", path, superseded_by)
    for line, cell in con.execute(
            "SELECT line, concat_ws('/', table_code, row_code, column_code) FROM corrections_unmatched").fetchall():
        logger.warning("correction on line %d (%s) matches no fact of a current report", line, cell)
    # statuses as the warehouse tells them: cross-report steps may have changed some
    summary.by_status.update(dict(con.execute(
        "SELECT status, count(*) FROM source_files WHERE present GROUP BY status").fetchall()))
    summary.files, summary.processed, summary.skipped = len(files), len(todo), len(unchanged)
    return summary


def publish_summary(summary: RunSummary, problems: list[tuple], input_dir: Path, flow_run: str | None) -> None:
    """A markdown artifact in the Prefect UI: the run's figures and its problem files, linked."""
    if flow_run is None:
        return
    lines = [
        "# ogi run", "",
        "| files | processed | unchanged | facts inserted | facts replaced | seconds |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {summary.files} | {summary.processed} | {summary.skipped} | {summary.facts_loaded} "
        f"| {summary.facts_replaced} | {summary.seconds:.1f} |", "",
        "| status | files |", "|---|---:|",
        *(f"| {s} | {n} |" for s, n in sorted(summary.by_status.items())), "",
    ]
    if problems:
        lines += ["## Files not loaded", "", "| file | status | why |", "|---|---|---|"]
        lines += [f"| [{p}]({(input_dir / p).as_uri()}) | {s} | {d.replace('|', '/')} |" for p, s, d in problems]
    create_markdown_artifact(markdown="\n".join(lines), key="ogi-run-summary",
                             description=f"ogi run: {summary.line()}")


@contextmanager
def shared_prefect_api(needed: bool) -> Iterator[None]:
    """Worker processes must report to the same Prefect API as the flow: export the configured
    API to them, or, without one, start one temporary server for the run and point flow and
    workers at it (otherwise each worker process would start a temporary server of its own)."""
    configured = PREFECT_API_URL.value()
    if not needed or configured:
        previous = os.environ.get("PREFECT_API_URL")
        if needed:
            os.environ["PREFECT_API_URL"] = configured
        try:
            yield
        finally:
            if needed and previous is None:
                del os.environ["PREFECT_API_URL"]
        return
    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
            # send what is queued while the server is still up (else the senders retry for a minute)
            APILogWorker.drain_all(timeout=10)
            EventsWorker.drain_all(timeout=10)
    finally:
        del os.environ["PREFECT_API_URL"]
        server.stop()


def task_runner_for(settings: Settings):
    """The Prefect task runner the settings ask for."""
    workers = settings.worker_count()
    if settings.runner == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if settings.runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1})
    if settings.runner == "processes":
        return ProcessPoolTaskRunner(max_workers=workers)
    raise ValueError(f"unknown task runner {settings.runner!r}: threads, processes or dask")


def flow_parameters(settings: Settings) -> dict:
    """The flow's parameters from the settings."""
    return {"input_dir": settings.input, "warehouse": settings.warehouse, "corrections": settings.corrections,
            "agency_county": settings.agency_county, "file_timeout_seconds": settings.file_timeout_seconds,
            "lock_wait_seconds": settings.lock_wait_seconds}


def run(settings: Settings) -> RunSummary:
    """One run of the flow with the configured task runner (processes by default: extraction is CPU-bound)."""
    with shared_prefect_api(settings.runner != "threads"):
        return run_batch.with_options(task_runner=task_runner_for(settings))(**flow_parameters(settings))


DEPLOYMENT_NAME = "nightly"


def serve(settings: Settings) -> None:
    """Serve the flow as the deployment ``ogi-run/nightly`` on the configured cron schedule.

    Blocks, running each scheduled or hand-triggered flow run, until interrupted. Needs a
    Prefect server (``prefect server start``; PREFECT_API_URL pointing at it).
    """
    from prefect.schedules import Cron

    parameters = {k: (str(v) if isinstance(v, Path) else v) for k, v in flow_parameters(settings).items()}
    run_batch.with_options(task_runner=task_runner_for(settings)).serve(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(settings.schedule_cron, timezone=settings.schedule_timezone)],
        parameters=parameters,
        description="Load every new or changed report PDF of the input folder into the warehouse.",
        tags=["ogi"],
    )
