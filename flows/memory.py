"""A memory limit that limits a file, not the program.

``worker_memory_mb`` is the address space a worker may use while it reads one file. The limit
(``RLIMIT_AS``) is set when a file starts and lifted when it ends, so a file that needs more
fails with ``MemoryError`` inside its own extraction (and is ``unreadable``, with why), while
Prefect's own threads, the imports and the model never run under it. A setting below what a
worker needs before it reads anything (its imports, the OCR model) is refused when the run
starts, with a sentence: it could read no file at all.
"""

from __future__ import annotations

import re
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ogi_data.messages import say

# The least a file may use beyond what its worker already holds: the address space a 300-dpi
# A4 scan takes through rendering, loading the OCR model and OCR (measured: ~1.5 GB reserved,
# ~0.35 GB resident; the limit counts what is reserved), with a third more for a worker's threads.
MIN_FILE_MB = 2048
BASELINE_STEP_MB = 128
WORKER_MARGIN_MB = 256  # a worker's threads and arenas beyond the run's own process (measured: ~200)
_STATUS = Path("/proc/self/status")
_worker_limit_mb = 0  # set once in each worker process (flows/runners.setup_worker)


def address_space_mb() -> int | None:
    """This process's address space (VmSize) in MB, where the system tells it (Linux)."""
    try:
        found = re.search(r"VmSize:\s+(\d+)", _STATUS.read_text())
    except OSError:
        return None
    return int(found.group(1)) // 1024 if found else None


def worker_baseline_mb() -> int | None:
    """What a worker holds before it reads a file: this process's address space with the
    extraction code and the OCR model loaded, and a margin for a worker's own threads."""
    from extract import preload_model

    preload_model()  # no model installed: scans stay needs_ocr, nothing to hold
    held = address_space_mb()
    if held is None:
        return None
    # rounded up, so that the least setting a refusal names is the same from one run to the next
    return -(-held // BASELINE_STEP_MB) * BASELINE_STEP_MB + WORKER_MARGIN_MB


def setting_problem(worker_memory_mb: int, baseline_mb: int | None) -> str | None:
    """The sentence refusing a ``worker_memory_mb`` below what a worker needs to read any file,
    or None (no limit, or enough, or a system that does not tell)."""
    if worker_memory_mb <= 0 or baseline_mb is None or worker_memory_mb >= baseline_mb + MIN_FILE_MB:
        return None
    return say("worker_memory_too_low", setting=worker_memory_mb, baseline=baseline_mb,
               least=baseline_mb + MIN_FILE_MB, file=MIN_FILE_MB)


def set_worker_limit(limit_mb: int) -> None:
    """Remember, in a worker process, the limit each file is read under (0: none)."""
    global _worker_limit_mb
    _worker_limit_mb = limit_mb


@contextmanager
def file_memory_limit(limit_mb: int | None = None) -> Iterator[None]:
    """Read one file under the address-space limit (``limit_mb``, by default the worker's), and
    lift it afterwards; the file is always allowed ``MIN_FILE_MB`` beyond what is held already."""
    limit_mb = _worker_limit_mb if limit_mb is None else limit_mb
    held = address_space_mb()
    if limit_mb <= 0 or held is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = max(limit_mb, held + MIN_FILE_MB) * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
