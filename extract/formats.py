"""Which files are reports, and which reader reads each: the file formats a county publishes in
(``data/file_formats.csv``: suffix, reader, the ``text_source`` its numbers come from)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ogi_data import catalog


@dataclass(frozen=True)
class FileFormat:
    """One suffix: its reader (pdf, html, docx, plain, or office for a format not read), the
    ``text_source`` of what it loads, and its name for people."""

    suffix: str
    reader: str
    text_source: str
    name_zh: str


@lru_cache(maxsize=1)
def file_formats() -> dict[str, FileFormat]:
    """Lower-case suffix (with its dot) → its format."""
    return {r["suffix"]: FileFormat(r["suffix"], r["reader"], r["text_source"], r["name_zh"])
            for r in catalog.rows("file_formats")}


def format_of(path: Path | str) -> FileFormat | None:
    """The format of a file by its suffix (any case), or None for a file that is no report."""
    return file_formats().get(Path(path).suffix.lower())
