"""Plan a run from the folder and the warehouse's records, without opening a PDF.

Every run re-decides, over all files present, which file of each set of identical bytes is
processed and which are duplicates, so a duplicate whose original changed or vanished is
processed in its place. A file is skipped as unchanged only when its recorded outcome is a
property of its bytes: one that failed for a reason outside them (a time or memory limit,
permissions, a dead worker, a defect of this program) is processed again, and so is a file
whose line in ``data/file_metadata.csv`` was added, changed or removed since.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from ogi_data import catalog
from ogi_data.status import Status
from warehouse.load import FileRecord, FileStat

# What decides what a file yields: the code that reads it (extract, transform, the shared basics
# in data/) and the reference tables, where they are installed (a checkout, or a wheel).
CODE_ROOT = Path(str(files("extract"))).parent
DATA_DIR = catalog.data_dir()
VERSIONED_CODE = ("extract/*.py", "transform/*.py")
# Not in it: what an analyst edits (applied at load, or retried), what only shows the results
# (labels, column docs, the review pages' pictures): editing them reprocesses nothing.
NOT_VERSIONED = {"corrections.csv", "corrections_template.csv", "file_metadata.csv",
                 "column_docs.csv", "metric_labels.csv", "review_page.csv", "review_reasons.csv",
                 "coverage_states.csv", "agency_kinds.csv", "render.py"}
VERSIONED_PACKAGES = ("camelot-py", "pypdfium2", "playa-pdf", "noto-cjk-sans-otc", "lxml", "python-docx")


def derived_pipeline_version(code_root: Path = CODE_ROOT, data_dir: Path = DATA_DIR) -> str:
    """A short hash of the files that decide what a file yields and of the versions of the packages
    that read it: any change to them reprocesses every file once, and nothing else does."""
    digest = hashlib.sha256()
    code = sorted({p for pattern in VERSIONED_CODE for p in code_root.glob(pattern) if p.name not in NOT_VERSIONED})
    data = sorted(p for pattern in ("*.csv", "*.py") for p in data_dir.glob(pattern) if p.name not in NOT_VERSIONED)
    for path in [*code, *data]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in VERSIONED_PACKAGES:
        digest.update(f"{package}=={metadata.version(package)}\0".encode())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """This installation's pipeline version, computed once, when a run first needs it."""
    return derived_pipeline_version()


@dataclass(frozen=True)
class Plan:
    """What a run does with each file found."""

    process: list[str]  # extract and transform these
    duplicates: dict[str, str]  # path → the path processed instead, to record as a duplicate
    unchanged: list[str]  # left as recorded
    waiting: list[str] = field(default_factory=list)  # of those, files that hit a limit and wait (back-off)


def known_fingerprints(stats: dict[str, FileStat], records: dict[str, FileRecord]) -> dict[str, str]:
    """path → sha256 of every file whose size and mtime are as recorded (it need not be read again)."""
    return {path: rec.sha256 for path, rec in records.items()
            if path in stats and rec.sha256 is not None and rec.stat == stats[path]}


def backoff(limit_hits: int) -> timedelta:
    """How long a file that hit a limit ``limit_hits`` runs in a row waits before it is tried again:
    the next run after the first; then 1, 3, 7, 15, 30 days (a 150-page scan over the time limit
    must not cost every night)."""
    if limit_hits <= 1:
        return timedelta(0)
    return timedelta(days=min(2 ** (limit_hits - 1) - 1, MAX_BACKOFF_DAYS)) - BACKOFF_SLACK


MAX_BACKOFF_DAYS = 30
BACKOFF_SLACK = timedelta(hours=2)  # a nightly schedule that starts a little early still retries


def plan_run(sha_of: dict[str, str | None], stats: dict[str, FileStat], records: dict[str, FileRecord],
             version: str, named: dict[str, str] | None = None, now: datetime | None = None) -> Plan:
    """The plan for the files found (``sha_of``: path → sha256, None when unreadable from disk;
    ``named``: sha256 → the ``data/file_metadata.csv`` line that names it, KnownReport.key)."""
    named = named or {}
    now = now or datetime.now(UTC).replace(tzinfo=None)  # as report_file.processed_at is written

    def waits(path: str) -> bool:
        """A file that hit a limit runs in a row, unchanged, within its back-off."""
        rec = records.get(path)
        return (rec is not None and rec.retry and rec.limit_hits > 1 and rec.processed_at is not None
                and rec.stat == stats[path] and rec.sha256 == sha_of[path]
                and now - rec.processed_at < backoff(rec.limit_hits))

    def stands(path: str) -> bool:
        """The record of ``path`` is still its outcome: same bytes, same pipeline, not to be
        retried, and processed under the file metadata line that names its bytes today (a line
        added, changed or removed re-decides the report; an ``unidentified`` one waits for its
        line, as reading its title again would find what it found)."""
        rec = records.get(path)
        return (rec is not None and rec.stat == stats[path] and rec.sha256 == sha_of[path]
                and rec.pipeline_version == version and not rec.retry
                and rec.named_as == named.get(rec.sha256 or ""))

    groups: dict[str, list[str]] = {}
    process: list[str] = []
    unchanged: list[str] = []
    for path in sorted(sha_of):
        sha = sha_of[path]
        if sha is None:
            process.append(path)  # processed to record why it cannot be read, and retried next run
        else:
            groups.setdefault(sha, []).append(path)
    duplicates: dict[str, str] = {}
    for paths in groups.values():
        # the original: a file whose own outcome still stands, else one that was processed
        # before (not a duplicate), else the first by path
        original = min(paths, key=lambda p: (not (stands(p) and records[p].status != Status.DUPLICATE),
                                             records.get(p) is None or records[p].status == Status.DUPLICATE, p))
        for path in paths:
            if path == original:
                kept = (stands(path) and records[path].status != Status.DUPLICATE) or waits(path)
                (unchanged if kept else process).append(path)
            elif stands(path) and records[path].status == Status.DUPLICATE and records[path].duplicate_of == original:
                unchanged.append(path)
            else:
                duplicates[path] = original
    return Plan(sorted(process), duplicates, sorted(unchanged), sorted(p for p in unchanged if waits(p)))
