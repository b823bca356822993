"""The batch flow behind ``ogi run``: discover → extract + transform (tasks over chunks of files) → load."""

import json
import logging
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
from prefect.utilities.timeout import timeout

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
    record_many,
    start_run,
    unchanged_files,
)
from flows.lock import warehouse_lock
from flows.process import process_file
from transform.agency import read_agency_counties
from transform.report import ReportResult

# Files per extract-transform task: at most MAX_CHUNK, and about CHUNKS_PER_WORKER chunks per worker.
MAX_CHUNK = 50
CHUNKS_PER_WORKER = 4


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
def extract_transform(files: list[tuple[Path, str | None]], county_of: dict[str, str],
                      file_timeout_seconds: float | None = None) -> list[ReportResult]:
    """Extract and transform a chunk of PDFs (path, sha256), one after another, each within its
    time limit (never raises for bad input).

    Files go to the workers in chunks: one task run per file costs Prefect's bookkeeping
    (API calls, state changes, result transfer) on every file.
    """
    return [_within_limit(path, sha256, county_of, file_timeout_seconds) for path, sha256 in files]


def _within_limit(path: Path, sha256: str | None, county_of: dict[str, str], seconds: float | None) -> ReportResult:
    """One file through extract and transform, stopped (and unreadable) once it runs over ``seconds``."""
    try:
        with timeout(seconds):  # Prefect's own mechanism for task timeouts, here per file
            return process_file(path, sha256, county_of)
    except TimeoutError:
        return _timed_out(path, sha256, seconds)


def _timed_out(path: Path, sha256: str | None, seconds: float | None) -> ReportResult:
    return ReportResult(path.name, sha256, "unreadable",
                        f"Extraction ran longer than the {seconds:g} s allowed per file and was stopped.")


def chunked(items: list[str], workers: int) -> list[list[str]]:
    """``items`` in consecutive chunks: a few per worker, so the load spreads evenly, and none over
    MAX_CHUNK, so that a chunk rerun file by file (after a crash) costs little."""
    size = max(1, min(MAX_CHUNK, len(items) // (workers * CHUNKS_PER_WORKER)))
    return [items[i:i + size] for i in range(0, len(items), size)]


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


def _chunk_outcome(future, files: list[tuple[Path, str | None]], county_of: dict[str, str],
                   timeout_seconds: float) -> list[ReportResult]:
    """The chunk's results. A chunk that crashed, or outran the backstop on its whole time, is run
    again one file per task, so that only the file at fault is marked unreadable."""
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - one bad file must not stop the batch
        if len(files) == 1:
            return [_outcome(future, *files[0], timeout_seconds)]
    single = extract_transform.with_options(timeout_seconds=timeout_seconds)
    retried = [(single.submit([f], county_of, timeout_seconds), f) for f in files]
    return [_outcome(f, *file, timeout_seconds) for f, file in retried]


def _outcome(future, path: Path, sha256: str | None, timeout_seconds: float) -> ReportResult:
    """A one-file task's result; a task that timed out or crashed becomes an unreadable file, not a failed run."""
    try:
        return future.result()[0]
    except TimeoutError:
        return _timed_out(path, sha256, timeout_seconds)
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
    workers: int = 1,
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
            summary = load_folder(con, input_dir, read_agency_counties(agency_county), file_timeout_seconds,
                                  workers)
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


def load_folder(con, input_dir: Path, county_of: dict[str, str], file_timeout_seconds: float,
                workers: int = 1) -> RunSummary:
    """Discover new or changed files, extract and transform them in chunked tasks (spread over
    ``workers``), and load each chunk's results in one transaction as it arrives."""
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
    new_files = [r for r in todo if r not in duplicates]
    chunks = chunked(new_files, workers)
    # each file has its time limit inside the task; the task's own limit is a backstop for a file
    # stuck where the per-file limit cannot interrupt it
    futures = [extract_transform.with_options(timeout_seconds=file_timeout_seconds * (len(chunk) + 1)).submit(
        [(rel[r], sha_of[r]) for r in chunk], county_of, file_timeout_seconds) for chunk in chunks]
    logger.info("%d files to extract in %d tasks of up to %d files", len(new_files), len(chunks),
                max(map(len, chunks), default=0))
    progress = Progress(len(todo), started, logger)
    copies = [(r, ReportResult(rel[r].name, sha_of[r], "duplicate",
                               f"Same bytes as {duplicates[r]}, which is loaded instead.")) for r in todo
              if r in duplicates]
    _load(con, copies, stats, summary, progress)
    pending = list(zip(chunks, futures, strict=True))
    del futures
    while pending:
        # loaded as each chunk arrives; its future is dropped with it, so a loaded chunk's facts
        # are not kept in memory for the rest of the run
        chunk, future = pending.pop(0)
        results = _chunk_outcome(future, [(rel[r], sha_of[r]) for r in chunk], county_of, file_timeout_seconds)
        _load(con, list(zip(chunk, results, strict=True)), stats, summary, progress)
    mark_present(con, list(rel))
    after_run(con)
    for path, superseded_by in con.execute(
            "SELECT path, superseded_by FROM report_file WHERE superseded_by IS NOT NULL AND present").fetchall():
        logger.warning("%s: superseded by %s", path, superseded_by)
    for line, problem in con.execute("SELECT line, problem FROM corrections_unmatched ORDER BY line").fetchall():
        logger.warning("correction on line %d not applied: %s", line, problem)
    # statuses as the warehouse tells them: cross-report steps may have changed some
    summary.by_status.update(dict(con.execute(
        "SELECT status, count(*) FROM source_files WHERE present GROUP BY status").fetchall()))
    summary.files, summary.processed, summary.skipped = len(files), len(todo), len(unchanged)
    return summary


@dataclass
class Progress:
    """Counts loaded files and logs each one, with a progress line per batch."""

    total: int
    started: float
    logger: logging.Logger | logging.LoggerAdapter
    done: int = 0

    def report(self, path: str, result: ReportResult) -> None:
        """Log one recorded file: a warning when it did not load."""
        self.done += 1
        if result.status not in ("loaded", "loaded_with_issues"):
            self.logger.warning("%d/%d %s: %s — %s", self.done, self.total, path, result.status, result.detail)
        else:
            self.logger.info("%d/%d %s: %s, %d facts", self.done, self.total, path, result.status, len(result.facts))

    def batch_done(self) -> None:
        """Log how far the run is."""
        self.logger.info("progress: %d/%d files, %.1f s", self.done, self.total, time.perf_counter() - self.started)


def _load(con, batch: list[tuple[str, ReportResult]], stats: dict[str, FileStat], summary: RunSummary,
          progress: Progress) -> None:
    """Record a batch of results in one transaction, and count and log them."""
    if not batch:
        return
    inserted, replaced = record_many(con, [(r, result, stats[r]) for r, result in batch])
    summary.facts_loaded += inserted
    summary.facts_replaced += replaced
    for r, result in batch:
        progress.report(r, result)
    progress.batch_done()


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
            "lock_wait_seconds": settings.lock_wait_seconds, "workers": settings.worker_count()}


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
