"""The batch flow behind ``ogi run``: discover → plan → extract + transform (tasks over chunks of
files) → load → publish."""

import json
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import prefect.runtime.flow_run
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.events.worker import EventsWorker
from prefect.exceptions import MissingContextError
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.timeout import timeout

from extract import find_reports, printable, sha256_of
from flows import plan as plan_module
from flows.config import CORRECTIONS_CSV, Settings
from flows.memory import file_memory_limit
from flows.plan import Plan, backoff, known_fingerprints, plan_run
from flows.progress import reading, tell
from ogi_data.messages import say, set_language
from ogi_data.status import Status, loading_statuses, status_name
from transform.metadata import metadata_problems, read_file_metadata
from transform.process import process_file
from transform.reference import OcrOptions, Reference, load_reference
from transform.report import ReportResult
from warehouse.load import (
    FileRecord,
    FileStat,
    after_run,
    apply_sql,
    file_records,
    finish_run,
    record_many,
    record_metadata_problems,
    start_run,
)
from warehouse.lock import WarehouseBusy, warehouse_lock
from warehouse.publish import ocr_cache_path, open_working, prepare_working, publish, record_attempt, take_attempts
from warehouse.queries import query_rows

if TYPE_CHECKING:  # flows/runners.py loads Prefect's server (3 s): imported when a run has files to read
    from flows.runners import StallWatch, TemporaryServer

# Files per extract-transform task: at most MAX_CHUNK, and about CHUNKS_PER_WORKER chunks per worker.
MAX_CHUNK = 50
CHUNKS_PER_WORKER = 4
# Seconds a task may run beyond the sum of its files' time limits before the backstop stops it.
BACKSTOP_MARGIN_SECONDS = 30.0
# Seconds beyond the longest backstop with no task submitted or finished before the workers are
# taken for stuck and stopped (flows/runners.py: StallWatch).
STALL_MARGIN_SECONDS = 30.0
# The temporary Prefect server (no PREFECT_API_URL configured): how long it may take to start, and tries.
SERVER_STARTUP_SECONDS = 90
SERVER_STARTS = 2
LOG_DRAIN_SECONDS = 5  # what the run still has to send to its temporary server when it ends: at most this long


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
    errors: int = 0  # files this program's own code failed on
    paths_skipped: int = 0  # *.pdf paths that are not regular files inside the input folder
    ocr_pages_read: int = 0  # page images recognised by OCR
    limit_hits: int = 0  # files stopped at a limit (time, worker memory) in this run
    limit_waiting: int = 0  # files that hit a limit before and wait out their back-off (not tried)
    metadata_problems: int = 0  # lines of data/file_metadata.csv that name no report
    ocr_pages_cached: int = 0  # page images whose reading came from the OCR cache

    def line(self) -> str:
        statuses = say("list_separator").join(f"{status_name(s)} {n}" for s, n in sorted(self.by_status.items()))
        statuses = statuses or say("run_no_files")
        extra = (say("run_paths_skipped", count=self.paths_skipped) if self.paths_skipped else "") + (
            say("run_errors", count=self.errors) if self.errors else "") + (
            say("run_ocr_pages", read=self.ocr_pages_read, cached=self.ocr_pages_cached)
            if self.ocr_pages_read or self.ocr_pages_cached else "") + (
            say("run_limits", hits=self.limit_hits, waiting=self.limit_waiting)
            if self.limit_hits or self.limit_waiting else "") + (
            say("run_metadata_problems", count=self.metadata_problems) if self.metadata_problems else "")
        return say("run_line", files=self.files, statuses=statuses, processed=self.processed, skipped=self.skipped,
                   facts=self.facts_loaded, extra=extra, seconds=f"{self.seconds:.1f}")


@task(name="fingerprint", retries=2, retry_delay_seconds=[1, 4])
def fingerprint(paths: dict[str, Path]) -> dict[str, str]:
    """SHA-256 of every new or changed file, in one task (not one task run per file).

    Retried with backoff because a read can fail transiently (a file still being copied).
    """
    return {r: sha256_of(p) for r, p in paths.items()}


@task(name="extract-transform")
def extract_transform(files: list[tuple[Path, str | None]], reference: Reference,
                      file_timeout_seconds: float | None = None) -> list[ReportResult]:
    """Extract and transform a chunk of PDFs (path, sha256), one after another, each within its
    time limit (never raises for bad input, nor for a defect met by one file).

    Files go to the workers in chunks: one task run per file costs Prefect's bookkeeping
    (API calls, state changes, result transfer) on every file.
    """
    set_language(reference.language)  # a worker process writes its files' sentences in the run's language
    return [_within_limit(path, sha256, reference, file_timeout_seconds) for path, sha256 in files]


def _within_limit(path: Path, sha256: str | None, reference: Reference, seconds: float | None) -> ReportResult:
    """One file through extract and transform, stopped (and unreadable, to retry) once it runs over
    ``seconds``; a failure of this program's own code is recorded as such, not as bad input."""
    try:
        # Prefect's own mechanism for task timeouts, here per file; the memory limit, per file too
        with timeout(seconds), reading(path), file_memory_limit():
            return process_file(path, sha256, reference.county_of, reference.file_metadata, reference.ocr)
    except TimeoutError:
        return _timed_out(path, sha256, seconds)
    except MemoryError:
        return ReportResult(printable(path.name), sha256, Status.UNREADABLE,
                            say("worker_memory"), retry=True, limit_hits=1)
    except Exception as exc:  # noqa: BLE001 - a defect met by one file must not stop the batch
        return _defect(path, sha256, exc)


def _timed_out(path: Path, sha256: str | None, seconds: float | None) -> ReportResult:
    return ReportResult(printable(path.name), sha256, Status.UNREADABLE,
                        say("timed_out", seconds=f"{seconds:g}"), retry=True, limit_hits=1)


def _defect(path: Path, sha256: str | None, exc: BaseException) -> ReportResult:
    return ReportResult(printable(path.name), sha256, Status.UNREADABLE,
                        say("program_error", why=f"{type(exc).__name__}: {str(exc)[:200]}"), retry=True, error=True)


def chunked(items: list[str], workers: int) -> list[list[str]]:
    """``items`` in consecutive chunks: a few per worker, so the load spreads evenly, and none over
    MAX_CHUNK, so that a chunk rerun file by file (after a crash) costs little."""
    size = max(1, min(MAX_CHUNK, len(items) // (workers * CHUNKS_PER_WORKER)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_logger() -> logging.Logger | logging.LoggerAdapter:
    """The flow run's logger (its lines go to Prefect), or this program's own in a run that had
    nothing to read and so ran without Prefect (:func:`run`)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("ogi")


def _fingerprints(paths: dict[str, Path]) -> dict[str, str | None]:
    """Fingerprints of the files; after the retries, a file that still cannot be read gets None.
    Outside a flow run (a run with nothing to read, its plan) without the task: a task run
    outside a flow would start a Prefect server of its own."""
    if not paths:
        return {}
    if FlowRunContext.get() is None:
        return {r: _sha_or_none(p) for r, p in paths.items()}
    try:
        return fingerprint(paths)
    except OSError:
        return {r: _sha_or_none(p) for r, p in paths.items()}


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None


def _chunk_outcome(future, files: list[tuple[Path, str | None]], reference: Reference,
                   timeout_seconds: float, watch: "StallWatch") -> list[ReportResult]:
    """The chunk's results. A chunk whose worker died (or was stopped stuck), or that outran the
    backstop on its whole time, is run again one file per task, so that only the file at fault is
    marked unreadable."""
    try:
        return watch.result(future)
    except Exception:  # noqa: BLE001 - one bad file must not stop the batch
        pass
    retried = [(_submit_alone(f, reference, timeout_seconds, watch), f) for f in files]
    return [_outcome(fut, f, reference, timeout_seconds, watch) for fut, f in retried]


def _outcome(future, file: tuple[Path, str | None], reference: Reference, timeout_seconds: float,
             watch: "StallWatch", again: bool = True) -> ReportResult:
    """A one-file task's result. Its worker may have died for another file (the whole pool breaks):
    it is run once more, alone, before it is blamed."""
    path, sha256 = file
    try:
        return watch.result(future)[0]
    except TimeoutError:
        return _timed_out(path, sha256, timeout_seconds)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        if not _worker_died(exc):
            return _defect(path, sha256, exc)
        if again:
            return _outcome(_submit_alone(file, reference, timeout_seconds, watch), file, reference,
                            timeout_seconds, watch, again=False)
        return ReportResult(printable(path.name), sha256, Status.UNREADABLE, say("worker_died"), retry=True)


def _submit_alone(file: tuple[Path, str | None], reference: Reference, timeout_seconds: float,
                  watch: "StallWatch"):
    """One file in a task of its own (its task limit a backstop for the per-file limit inside)."""
    return watch.submitted(extract_transform.with_options(timeout_seconds=backstop(timeout_seconds, 1)).submit(
        [file], reference, timeout_seconds))


def backstop(file_timeout_seconds: float, files: int) -> float:
    """A task's own time limit: a backstop behind the per-file limits inside it, for a file stuck
    where those cannot interrupt it. Its margin keeps it from firing during Prefect's own work
    around a task (a task limit of a fraction of a second has been seen to leave a worker waiting
    forever on Prefect's event queue)."""
    return file_timeout_seconds * (files + 1) + BACKSTOP_MARGIN_SECONDS


def _count_limit_hit(result: ReportResult, before: FileRecord | None, summary: RunSummary) -> None:
    """A file that hit a limit again: its runs in a row, and when it is tried next, in its detail."""
    result.limit_hits = (before.limit_hits if before and before.retry else 0) + 1
    wait = backoff(result.limit_hits)
    result.detail += say("limit_backoff", hits=result.limit_hits, days=round(wait.total_seconds() / 86400)) \
        if wait else say("limit_next_run")
    summary.limit_hits += 1


def _worker_died(exc: BaseException) -> bool:
    """Whether a task failed because its worker process died (a process pool, or a Dask worker)."""
    return isinstance(exc, BrokenProcessPool) or type(exc).__name__ == "KilledWorker"


@flow(name="ogi-run", log_prints=False)
def run_batch(
    input_dir: Path,
    warehouse: Path,
    corrections: Path = CORRECTIONS_CSV,
    agency_county: Path | None = None,
    file_timeout_seconds: float = 300.0,
    file_metadata: Path | None = None,
    lock_wait_seconds: float = 0.0,
    workers: int = 1,
    ocr: bool = True,
    ocr_low_confidence: float = 0.9,
    language: str = "zh",
) -> RunSummary:
    """Load every new or changed report PDF under ``input_dir`` into the working file of ``warehouse``,
    then publish it as ``warehouse`` for analysts."""
    logger = run_logger()
    started = time.perf_counter()
    flow_run = prefect.runtime.flow_run.get_id()
    set_language(language)  # the sentences this process writes (duplicates, time limits, the views' SQL)
    try:
        with warehouse_lock(warehouse, lock_wait_seconds):
            work = prepare_working(warehouse)
            con = open_working(work, max(0.0, lock_wait_seconds - (time.perf_counter() - started)))
            try:
                options = OcrOptions(ocr, ocr_low_confidence, ocr_cache_path(warehouse))
                reference = load_reference(agency_county, file_metadata, options, language)
                summary, problems = _load_and_record(con, warehouse, input_dir, corrections, reference,
                                                     file_timeout_seconds, workers, flow_run, started)
            finally:
                con.close()
            publish(work, warehouse)
    except WarehouseBusy as busy:
        record_attempt(warehouse, f"WarehouseBusy: {busy}")
        raise
    logger.info(say("log_run_finished", line=summary.line()))
    logger.info(say("log_published", warehouse=warehouse))
    publish_summary(summary, problems, input_dir, flow_run)
    return summary


def _load_and_record(con, warehouse: Path, input_dir: Path, corrections: Path, reference: Reference,
                     file_timeout_seconds: float, workers: int, flow_run: str | None,
                     started: float) -> tuple[RunSummary, list[tuple]]:
    """The run inside the working file, recorded in ``runs`` (with the attempts that found it busy)."""
    apply_sql(con, corrections)
    for attempt in take_attempts(warehouse):
        run_id = uuid.uuid4().hex
        start_run(con, run_id, None, input_dir, plan_module.pipeline_version())
        finish_run(con, run_id, seconds=0.0, error=attempt["error"], finished_at=attempt["at"])
    run_id = uuid.uuid4().hex
    start_run(con, run_id, flow_run, input_dir, plan_module.pipeline_version())
    try:
        summary = load_folder(con, input_dir, reference, file_timeout_seconds, workers)
        summary.seconds = time.perf_counter() - started
        finish_run(con, run_id, seconds=summary.seconds, files_seen=summary.files,
                   files_processed=summary.processed, files_skipped=summary.skipped,
                   files_by_status=json.dumps(dict(summary.by_status), ensure_ascii=False),
                   facts_inserted=summary.facts_loaded, facts_replaced=summary.facts_replaced,
                   files_errored=summary.errors, paths_skipped=summary.paths_skipped)
        problems = [(path, status, detail)
                    for _, path, _, status, detail in query_rows(con, "files_not_loaded", year=None)]
    except Exception as exc:
        try:
            finish_run(con, run_id, seconds=time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}")
        except Exception:  # noqa: BLE001 - e.g. the disk is full: the original error is the one to show
            pass
        raise
    return summary, problems


def load_folder(con, input_dir: Path, reference: Reference, file_timeout_seconds: float,
                workers: int = 1) -> RunSummary:
    """Discover and plan (:func:`plan_folder`), extract and load (:func:`execute`), then settle the
    statuses over the whole folder (:func:`finalise`)."""
    started = time.perf_counter()
    folder = plan_folder(con, input_dir, {sha: known.key() for sha, known in reference.file_metadata.items()})
    summary = RunSummary(files=len(folder.paths), skipped=len(folder.plan.unchanged),
                         paths_skipped=len(folder.skipped), limit_waiting=len(folder.plan.waiting))
    execute(con, folder, reference, file_timeout_seconds, workers, summary, started)
    finalise(con, folder, summary)
    _tell_metadata_problems(con, reference, summary)
    return summary


def _tell_metadata_problems(con, reference: Reference, summary: RunSummary) -> None:
    """Log each line of data/file_metadata.csv that names no report (malformed, repeated, or the
    bytes of no file seen), and count them in the run line."""
    seen = {sha for (sha,) in con.execute(
        "SELECT DISTINCT sha256 FROM report_file WHERE sha256 IS NOT NULL").fetchall()}
    problems = metadata_problems(reference.metadata_path, seen)
    record_metadata_problems(con, problems)
    logger = run_logger()
    for problem in problems[:LOG_LIST_MAX]:
        logger.warning("%s", problem)
    summary.metadata_problems = len(problems)


@dataclass(frozen=True)
class Folder:
    """The input folder as found, and the plan for it."""

    paths: dict[str, Path]  # printable path relative to the folder → path to open
    stats: dict[str, FileStat]
    sha_of: dict[str, str | None]
    plan: Plan
    skipped: list[tuple[str, str]]  # printable path, why
    records: dict[str, FileRecord] = field(default_factory=dict)  # what the warehouse knew before this run


def plan_folder(con, input_dir: Path, named: dict[str, str] | None = None) -> Folder:
    """Find the report files, fingerprint the new or changed ones, and plan what to process (no
    file is opened; ``named``: sha256 → the data/file_metadata.csv line naming it)."""
    logger = run_logger()
    folder = survey(file_records(con), input_dir, named)
    for path, why in folder.skipped:
        logger.warning(say("log_skipped", path=path, why=why))
    plan = folder.plan
    logger.info(say("log_found", files=len(folder.paths), folder=input_dir, process=len(plan.process),
                    duplicates=len(plan.duplicates), unchanged=len(plan.unchanged),
                    skipped=say("log_found_skipped", count=len(folder.skipped)) if folder.skipped else ""))
    return folder


def survey(records: dict[str, FileRecord], input_dir: Path, named: dict[str, str] | None = None) -> Folder:
    """The folder's report files, their fingerprints (of new or changed files only) and the plan
    for them against the warehouse's ``records``; says nothing, opens no file."""
    root = input_dir.resolve()
    found = find_reports(root)
    paths = {printable(str(p.relative_to(root))): p for p in found.files}
    skipped = [(printable(str(p.relative_to(root))), why) for p, why in found.skipped]
    stats: dict[str, FileStat] = {}
    for r, p in list(paths.items()):
        try:
            st = p.stat()
        except OSError as exc:  # vanished since it was listed
            skipped.append((r, say("log_cannot_examine", why=exc.strerror)))
            del paths[r]
            continue
        stats[r] = FileStat(st.st_size, st.st_mtime)
    known = known_fingerprints(stats, records)
    sha_of = known | _fingerprints({r: p for r, p in paths.items() if r not in known})
    plan = plan_run(sha_of, stats, records, plan_module.pipeline_version(), named)
    return Folder(paths, stats, sha_of, plan, skipped, records)


def execute(con, folder: Folder, reference: Reference, file_timeout_seconds: float, workers: int,
            summary: RunSummary, started: float) -> None:
    """Record the duplicates, then extract and transform the files to process in chunked tasks
    (spread over ``workers``), loading each chunk's results in one transaction as it arrives."""
    logger = run_logger()
    plan = folder.plan
    progress = Progress(len(plan.process) + len(plan.duplicates), started, logger)
    tell(0, progress.total, "")
    copies = [(r, ReportResult(printable(folder.paths[r].name), folder.sha_of[r],
                               Status.DUPLICATE, say("duplicate", original=original),
                               duplicate_of=original))
              for r, original in sorted(plan.duplicates.items())]
    _load(con, copies, folder, summary, progress)
    if not plan.process:  # nothing to read: no task, and no task runner asked for (a run without Prefect has none)
        summary.processed = progress.done
        return
    chunks = chunked(plan.process, workers)
    # each file has its time limit inside the task; the task's own limit is a backstop for a file
    # stuck where the per-file limit cannot interrupt it, and the watch one for a stuck worker
    from flows.runners import StallWatch

    watch = StallWatch(FlowRunContext.get().task_runner,
                       backstop(file_timeout_seconds, max(map(len, chunks), default=1)) + STALL_MARGIN_SECONDS)
    futures = [watch.submitted(extract_transform.with_options(
        timeout_seconds=backstop(file_timeout_seconds, len(chunk))).submit(
        [(folder.paths[r], folder.sha_of[r]) for r in chunk], reference, file_timeout_seconds)) for chunk in chunks]
    logger.info(say("log_tasks", files=len(plan.process), tasks=len(chunks), size=max(map(len, chunks), default=0)))
    pending = list(zip(chunks, futures, strict=True))
    del futures
    while pending:
        # loaded as each chunk arrives; its future is dropped with it, so a loaded chunk's facts
        # are not kept in memory for the rest of the run
        chunk, future = pending.pop(0)
        results = _chunk_outcome(future, [(folder.paths[r], folder.sha_of[r]) for r in chunk], reference,
                                 file_timeout_seconds, watch)
        _load(con, list(zip(chunk, results, strict=True)), folder, summary, progress)
    summary.processed = progress.done


def finalise(con, folder: Folder, summary: RunSummary) -> None:
    """Record which files are present and re-decide superseding over the whole warehouse (one
    transaction); count statuses as the warehouse now tells them."""
    logger = run_logger()
    after_run(con, present=list(folder.paths))
    superseded = query_rows(con, "superseded_present")
    for path, superseded_by in superseded[:LOG_LIST_MAX]:
        logger.warning(say("log_superseded", path=path, by=superseded_by))
    refused = query_rows(con, "corrections_not_applied")
    for line, problem in refused[:LOG_LIST_MAX]:
        logger.warning(say("log_correction_refused", line=line, problem=problem))
    for rows, view in ((superseded, "source_files"), (refused, "corrections_unmatched")):
        if len(rows) > LOG_LIST_MAX:
            # a list of thousands would keep the run alive sending its log lines: the view has them
            logger.warning(say("log_more", count=len(rows) - LOG_LIST_MAX, view=view))
    summary.by_status.update(dict(query_rows(con, "statuses_present")))


LOG_LIST_MAX = 20  # lines of a list (superseded copies, refused corrections) logged one by one


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
        tell(self.done, self.total, path)
        if result.status not in loading_statuses():
            self.logger.warning(say("log_file_not_loaded", done=self.done, total=self.total, path=path,
                                    status=status_name(result.status), detail=result.detail))
        else:
            self.logger.info(say("log_file_loaded", done=self.done, total=self.total, path=path,
                                 status=status_name(result.status), facts=len(result.facts)))

    def batch_done(self) -> None:
        """Log how far the run is."""
        self.logger.info(say("log_progress", done=self.done, total=self.total,
                             seconds=f"{time.perf_counter() - self.started:.1f}"))


def _load(con, batch: list[tuple[str, ReportResult]], folder: Folder, summary: RunSummary,
          progress: Progress) -> None:
    """Record a batch of results in one transaction, and count and log them."""
    if not batch:
        return
    for r, result in batch:
        if result.limit_hits:
            _count_limit_hit(result, folder.records.get(r), summary)
    inserted, replaced = record_many(con, [(r, result, folder.stats[r]) for r, result in batch],
                                     plan_module.pipeline_version())
    summary.facts_loaded += inserted
    summary.facts_replaced += replaced
    summary.errors += sum(result.error for _, result in batch)
    summary.ocr_pages_read += sum(result.ocr_pages_read for _, result in batch)
    summary.ocr_pages_cached += sum(result.ocr_pages_cached for _, result in batch)
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
    server = _start_temporary_server()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield
            finally:
                # however the run ends (done, failed, terminated), send what is queued while the
                # server is still up: else the senders retry against a stopped server for minutes
                # and the process outlives its work
                send_queued_logs()
    finally:
        del os.environ["PREFECT_API_URL"]
        server.stop()


def send_queued_logs(seconds: float = LOG_DRAIN_SECONDS) -> int:
    """Send the log lines and events still queued, for at most ``seconds`` each; returns how many
    senders had not finished (what they hold is dropped, and one line says so)."""
    unsent = 0
    for service in (APILogWorker, EventsWorker):
        _, pending = service.drain_all(timeout=seconds)
        unsent += len(pending)
    if unsent:
        logging.getLogger("ogi").warning(say("log_unsent", seconds=f"{seconds:g}"))
    return unsent


def _start_temporary_server() -> "TemporaryServer":
    """Start the run's temporary Prefect server, with a long start-up allowance (a loaded machine
    is slow to start it) and one more try."""
    from flows.runners import TemporaryServer

    for attempt in range(1, SERVER_STARTS + 1):
        server = TemporaryServer()
        try:
            server.start(timeout=SERVER_STARTUP_SECONDS)
            return server
        except RuntimeError:
            server.stop()
            if attempt == SERVER_STARTS:
                raise
    raise AssertionError("unreachable")


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
        from flows.runners import RecoveringProcessPoolTaskRunner

        return RecoveringProcessPoolTaskRunner(max_workers=workers, memory_limit_mb=settings.worker_memory_mb)
    raise ValueError(f"unknown task runner {settings.runner!r}: threads, processes or dask")


def flow_parameters(settings: Settings) -> dict:
    """The flow's parameters from the settings."""
    return {"input_dir": settings.input, "warehouse": settings.warehouse, "corrections": settings.corrections,
            "agency_county": settings.agency_county, "file_timeout_seconds": settings.file_timeout_seconds,
            "file_metadata": settings.file_metadata,
            "lock_wait_seconds": settings.lock_wait_seconds, "workers": settings.worker_count(),
            "ocr": settings.ocr, "ocr_low_confidence": settings.ocr_low_confidence, "language": settings.language}


def run(settings: Settings) -> RunSummary:
    """One run of the flow with the configured task runner (processes by default: extraction is
    CPU-bound). A run with no file to read runs the same steps without Prefect: it starts no
    server and no worker, and is recorded in the warehouse (``runs``) all the same."""
    if not files_to_read(settings):
        with _logging_to_the_terminal():
            return run_batch.fn(**flow_parameters(settings))
    with shared_prefect_api(settings.runner != "threads"):
        return run_batch.with_options(task_runner=task_runner_for(settings))(**flow_parameters(settings))


def files_to_read(settings: Settings) -> bool:
    """Whether a run would read any file: planned against the published warehouse, read-only and
    without opening a report; True whenever that cannot be told (no warehouse yet, one being
    written, one of an older layout), so that the run then goes the whole way."""
    if not settings.input.is_dir():
        return True  # the run says what is wrong
    if not settings.warehouse.is_file():
        return bool(find_reports(settings.input.resolve()).files)
    try:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            records = file_records(con)
    except duckdb.Error:
        return True
    named = {sha: known.key() for sha, known in read_file_metadata(settings.file_metadata).items()}
    return bool(survey(records, settings.input, named).plan.process)


@contextmanager
def _logging_to_the_terminal() -> Iterator[None]:
    """The log lines of a run without Prefect at the level a flow run logs at (they go where
    Prefect's logging setup sends every logger's lines: the terminal)."""
    logger = logging.getLogger("ogi")
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.setLevel(previous)


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
