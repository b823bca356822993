"""The warehouse analysts open, and the working file a run writes.

``--warehouse FILE`` names the file analysts open. A run never writes it: it writes its own
working file beside it (``FILE`` → ``<stem>.working<suffix>``) and, once it has finished,
publishes a copy atomically (checkpoint, copy, rename). So readers never block the run and
never see a half-loaded batch; a connection opened before keeps the previous version until it
reconnects. The previous published copy is kept as ``<stem>.previous<suffix>``.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ogi_data.messages import say
from warehouse.lock import WarehouseBusy

# DuckDB names the process holding a file's lock: "Conflicting lock is held in /usr/bin/python3 (PID 12345)".
_HOLDER = re.compile(r"held in (.+?) \(PID (\d+)\)")


def working_path(published: Path) -> Path:
    """The file a run writes: beside the published one."""
    return published.with_name(f"{published.stem}.working{published.suffix}")


def backup_path(published: Path) -> Path:
    """The previously published copy."""
    return published.with_name(f"{published.stem}.previous{published.suffix}")


def ocr_cache_path(published: Path) -> Path:
    """The folder where what OCR read is kept by page image (extract/ocr_cache.py): beside the
    warehouse, so that a new pipeline version or a retried scan does not recognise a page again."""
    return published.with_name(f"{published.stem}.ocr-cache")


def attempts_path(published: Path) -> Path:
    """Runs that could not open the working file, recorded in the warehouse by the next run that can."""
    return published.with_name(f"{published.name}.attempts.jsonl")


def prepare_working(published: Path) -> Path:
    """The working file; made from the published one when there is none yet (a warehouse from a
    release that wrote the published file directly, or a working file that was deleted)."""
    work = working_path(published)
    if not work.exists() and published.is_file():
        _copy_atomically(published, work)
    return work


def open_working(work: Path, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the working file for writing; while another process holds it, wait up to ``wait_seconds``,
    then raise WarehouseBusy with a sentence naming the holder."""
    work.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(work))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(say("warehouse_busy_working", work=work, holder=_holder(str(exc)),
                                        published=work.name.replace(".working", ""))) from None
            time.sleep(0.5)


def _holder(message: str) -> str:
    match = _HOLDER.search(message)
    return f"{match.group(1)} (pid {match.group(2)})" if match else say("another_process")


def publish(work: Path, published: Path) -> None:
    """Replace the published warehouse by a copy of the working file, atomically; keep the previous
    one as the backup. Call with the working file closed (DuckDB checkpoints on close)."""
    wal = work.with_name(work.name + ".wal")
    if wal.exists():  # left by a run that died: fold it into the file before copying
        duckdb.connect(str(work)).close()
    # left by a run of this warehouse killed while publishing (never another warehouse's: w2.duckdb)
    for name in (published.name, backup_path(published).name):
        for stale in published.parent.glob(f".{glob.escape(name)}.publishing-*"):
            stale.unlink(missing_ok=True)
    tmp = published.with_name(f".{published.name}.publishing-{os.getpid()}")
    _copy_file(work, tmp)
    if published.exists():
        backup = backup_path(published)
        backup_tmp = backup.with_name(f".{backup.name}.publishing-{os.getpid()}")
        try:
            os.link(published, backup_tmp)  # the old version, without copying it
        except OSError:
            _copy_file(published, backup_tmp)
        os.replace(backup_tmp, backup)
    os.replace(tmp, published)
    old_wal = published.with_name(published.name + ".wal")
    if old_wal.exists():
        # written by someone who opened the published file for writing: it belongs to the previous
        # version, and DuckDB would replay it onto the new one
        os.replace(old_wal, backup_path(published).with_name(backup_path(published).name + ".wal"))
    _fsync_dir(published.parent)


def record_attempt(published: Path, error: str) -> None:
    """Note a run that could not start (the warehouse was busy), for the next run to record in ``runs``."""
    line = json.dumps({"at": datetime.now(UTC).replace(tzinfo=None).isoformat(), "error": error},
                      ensure_ascii=False)
    with attempts_path(published).open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def take_attempts(published: Path) -> list[dict]:
    """The attempts noted since the last run, removed from their file."""
    path = attempts_path(published)
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    path.unlink()
    return [json.loads(line) for line in lines if line.strip()]


def _copy_atomically(source: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.copying-{os.getpid()}")
    _copy_file(source, tmp)
    os.replace(tmp, dest)


def _copy_file(source: Path, dest: Path) -> None:
    shutil.copyfile(source, dest)
    with dest.open("rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
