"""One file through extract and transform, as a plain function: never raises for bad input."""

from __future__ import annotations

import tempfile
from pathlib import Path

from extract.tables import read_grids, table_pages
from extract.text import Rejection, read_text, unlocked_copy
from transform.report import ReportResult, build_report


def process_file(path: Path, sha256: str | None, county_of: dict[str, str] | None = None) -> ReportResult:
    """Extract and transform one PDF; bad input becomes a status and one sentence, not an exception."""
    name = path.name
    if sha256 is None:
        return ReportResult(name, None, "unreadable", "The file could not be read from disk.")
    text = read_text(path)
    if isinstance(text, Rejection):
        return ReportResult(name, sha256, text.status, text.detail)
    pages = table_pages(text.pages)
    try:
        with tempfile.TemporaryDirectory(prefix="ogi-") as tmp:
            source = unlocked_copy(path, Path(tmp) / "unlocked.pdf") if text.restricted else path
            grids = read_grids(source, pages, marker_pages=set(pages))
    except Exception as exc:  # noqa: BLE001 - a file that makes camelot fail must not stop the batch
        why = f"{type(exc).__name__}: {exc}"[:240]
        return ReportResult(name, sha256, "unreadable", f"Table extraction failed on pages {pages} ({why}).",
                            pages=len(text.pages))
    return build_report(name, sha256, text, grids, county_of)
