"""The batch flow behind ``ogi run``: discover → extract + transform per file (tasks) → load."""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from extract.discover import discover_pdfs, sha256_of
from flows.load import connect, known_sha, record
from flows.process import process_file
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
def extract_transform(path: Path, sha256: str | None) -> ReportResult:
    """Extract and transform one PDF (never raises for bad input)."""
    return process_file(path, sha256)


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


@flow(name="ogi-run", log_prints=False)
def run_batch(input_dir: Path, warehouse: Path) -> RunSummary:
    """Load every report PDF under ``input_dir`` into the DuckDB ``warehouse``."""
    logger = get_run_logger()
    started = time.perf_counter()
    summary = RunSummary()
    files = discover_pdfs(input_dir)
    rel = {str(p.relative_to(input_dir)): p for p in files}
    logger.info("found %d PDF files under %s", len(files), input_dir)
    con = connect(warehouse)
    try:
        sha_of = {r: _safe_sha(p) for r, p in rel.items()}
        duplicates = plan_duplicates(list(rel), sha_of, known_sha(con))
        futures = {r: extract_transform.submit(p, sha_of[r]) for r, p in rel.items() if r not in duplicates}
        for i, (r, p) in enumerate(rel.items(), 1):
            if r in duplicates:
                result = ReportResult(p.name, sha_of[r], "duplicate",
                                      f"Same bytes as {duplicates[r]}, which is loaded instead.")
            else:
                result = futures[r].result()
            record(con, r, result)
            summary.by_status[result.status] += 1
            summary.facts_loaded += len(result.facts) if result.facts is not None else 0
            if result.status not in ("loaded", "loaded_with_issues"):
                logger.warning("%s: %s — %s", r, result.status, result.detail)
            if i % PROGRESS_EVERY == 0 or i == len(rel):
                logger.info("progress: %d/%d files, %.1f s", i, len(rel), time.perf_counter() - started)
    finally:
        con.close()
    summary.files = len(files)
    summary.seconds = time.perf_counter() - started
    logger.info("run finished: %s", summary.line())
    return summary


def run(input_dir: Path, warehouse: Path, workers: int | None = None, runner: str = "threads") -> RunSummary:
    """Run the flow on the chosen task runner: ``threads`` (default) or ``processes``.

    ``processes`` spreads the CPU-bound extraction over cores, but each worker process
    needs a Prefect API to report to: without a running Prefect server it starts a
    temporary one of its own (~10 s), so it pays off on large batches only.
    """
    workers = workers or int(os.environ.get("OGI_WORKERS", "0")) or os.cpu_count() or 1
    task_runner = (ProcessPoolTaskRunner(max_workers=workers) if runner == "processes"
                   else ThreadPoolTaskRunner(max_workers=workers))
    return run_batch.with_options(task_runner=task_runner)(input_dir=input_dir, warehouse=warehouse)
