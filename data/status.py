"""The status every input file gets (the contract's codes), and which of them load facts.

The codes are a ``StrEnum`` so that code names them once; what each means, whether it loads
facts and its Chinese label are data (``data/statuses.csv``), also a table in the warehouse.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from ogi_data import catalog


class Status(StrEnum):
    """A file's status in ``source_files``."""

    LOADED = "loaded"
    LOADED_WITH_ISSUES = "loaded_with_issues"
    NEEDS_OCR = "needs_ocr"
    NOT_A_REPORT = "not_a_report"
    UNIDENTIFIED = "unidentified"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    DUPLICATE = "duplicate"
    SUPERSEDED = "superseded"


@lru_cache(maxsize=1)
def status_table() -> dict[Status, dict[str, str]]:
    """Status → its row of ``data/statuses.csv`` (loads, recorded, label_zh, meaning)."""
    return {Status(row["status"]): row for row in catalog.rows("statuses")}


def loading_statuses() -> frozenset[Status]:
    """The statuses of files whose facts are in the warehouse."""
    return frozenset(s for s, row in status_table().items() if row["loads"] == "true")


def status_name(status: str) -> str:
    """A status as a person reads it in the run's language: its Chinese label, or its code."""
    from ogi_data.messages import language

    return status_table()[Status(status)]["label_zh"] if language() == "zh" else str(status)
