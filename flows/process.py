"""One file through extract and transform, as a plain function: never raises for bad input."""

from __future__ import annotations

import tempfile
from pathlib import Path

from extract.pdfium_lock import PDFIUM
from extract.tables import Grid, marked_tables, read_grids, table_pages
from extract.text import LoadedPdf, PdfText, Rejection, document_text, load_pdf, unlocked_copy
from transform.report import ReportResult, build_report
from transform.tables import classify_grid


def process_file(path: Path, sha256: str | None, county_of: dict[str, str] | None = None) -> ReportResult:
    """Extract and transform one PDF; bad input becomes a status and one sentence, not an exception."""
    name = path.name
    if sha256 is None:
        return ReportResult(name, None, "unreadable", "The file could not be read from disk.")
    with PDFIUM:  # pdfium is not thread-safe
        pdf = load_pdf(path)
        if isinstance(pdf, Rejection):
            return ReportResult(name, sha256, pdf.status, pdf.detail)
        try:
            extracted = _extract(path, sha256, pdf)
        finally:
            pdf.close()
    if isinstance(extracted, ReportResult):
        return extracted
    text, grids = extracted
    return build_report(name, sha256, text, grids, county_of)


def _extract(path: Path, sha256: str, pdf: LoadedPdf) -> tuple[PdfText, list[Grid]] | ReportResult:
    """The text and the table grids of a loaded PDF (its pages are parsed once for both), or why not."""
    text = document_text(pdf)
    if isinstance(text, Rejection):
        return ReportResult(path.name, sha256, text.status, text.detail)
    pages = table_pages(text.pages)
    try:
        grids = read_grids(path, pages, pdf=pdf)
        retry = pages_to_retry(text.pages, grids)
        if retry:
            grids += _raster_grids(path, retry, text.restricted, pdf)
    except Exception as exc:  # noqa: BLE001 - a file that makes camelot fail must not stop the batch
        why = f"{type(exc).__name__}: {exc}"[:240]
        return ReportResult(path.name, sha256, "unreadable", f"Table extraction failed on pages {pages} ({why}).",
                            pages=len(text.pages))
    return text, grids


def _raster_grids(path: Path, pages: list[int], restricted: bool, pdf: LoadedPdf) -> list[Grid]:
    """camelot's raster engine on ``pages``; it refuses a copy-restricted PDF, so it reads an unrestricted
    copy (the cells are filled from ``pdf``, the same pages already loaded)."""
    with tempfile.TemporaryDirectory(prefix="ogi-") as tmp:
        source = unlocked_copy(path, Path(tmp) / "unlocked.pdf") if restricted else path
        return read_grids(source, pages, engine="raster", pdf=pdf)


def pages_to_retry(page_texts: list[str], grids: list[Grid]) -> list[int]:
    """Pages to read again with the raster engine: a table the text names was not found in any
    grid, and the page that names it yielded no grid at all (its rules may be images)."""
    found = {classify_grid(g) for g in grids}
    with_grids = {g.page for g in grids}
    return sorted(page for page, codes in marked_tables(page_texts).items()
                  if codes - found and page not in with_grids)
