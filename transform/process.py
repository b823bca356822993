"""The per-file pipeline: one PDF through extract and transform, as a plain function that never
raises for bad input (the flow runs it in its tasks; ``ogi inspect`` runs it alone)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from extract.discover import printable
from extract.pdfium_lock import PDFIUM
from extract.status import Status
from extract.tables import Grid, pages_to_retry, read_grids, read_table_grids, table_pages
from extract.text import LoadedPdf, PdfText, Rejection, document_text, load_pdf, unlocked_copy
from transform.metadata import KnownReport
from transform.report import ReportResult, build_report

# Rendering for the raster retry: camelot's default resolution, capped by pixels (an A4 page at
# 300 dpi has 8.7 million; camelot's line finding takes about 12 bytes a pixel); below
# MIN_RENDER_DPI ruled lines are no longer found, so the page is not retried.
RENDER_DPI = 300
MAX_RENDER_PIXELS = 12_000_000
MIN_RENDER_DPI = 72


def process_file(path: Path, sha256: str | None, county_of: dict[str, str] | None = None,
                 file_metadata: dict[str, KnownReport] | None = None) -> ReportResult:
    """Extract and transform one PDF; bad input becomes a status and one sentence, not an exception."""
    name = printable(path.name)
    if sha256 is None:
        return ReportResult(name, None, Status.UNREADABLE, "The file could not be read from disk (permissions, or it "
                            "vanished); it will be tried again on the next run.", retry=True)
    with PDFIUM:  # pdfium is not thread-safe
        try:
            pdf = load_pdf(path)
        except OSError as exc:  # e.g. its permissions changed since it was fingerprinted
            return ReportResult(name, sha256, Status.UNREADABLE, f"The file could not be read from disk "
                                f"({exc.strerror}); it will be tried again on the next run.", retry=True)
        if isinstance(pdf, Rejection):
            return ReportResult(name, sha256, pdf.status, pdf.detail)
        try:
            extracted = _extract(path, sha256, pdf)
        finally:
            pdf.close()
    if isinstance(extracted, ReportResult):
        return extracted
    text, grids = extracted
    return build_report(name, sha256, text, grids, county_of, file_metadata)


def _extract(path: Path, sha256: str, pdf: LoadedPdf) -> tuple[PdfText, list[Grid]] | ReportResult:
    """The text and the table grids of a loaded PDF (its pages are parsed once for both), or why not."""
    text = document_text(pdf)
    if isinstance(text, Rejection):
        return ReportResult(printable(path.name), sha256, text.status, text.detail)
    pages = table_pages(text.pages)
    try:
        grids = read_table_grids(path, text.pages, pdf)
        retry = pages_to_retry(text.pages, grids)
        if retry:
            grids += _raster_grids(path, retry, text.restricted, pdf)
    except MemoryError:
        raise  # a limit of the worker, not a property of the file: the flow retries it next run
    except Exception as exc:  # noqa: BLE001 - a file that makes camelot fail must not stop the batch
        why = f"{type(exc).__name__}: {exc}"[:240]
        return ReportResult(printable(path.name), sha256, Status.UNREADABLE,
                            f"Table extraction failed on pages {pages} ({why}).", pages=len(text.pages))
    return text, grids


def _raster_grids(path: Path, pages: list[int], restricted: bool, pdf: LoadedPdf) -> list[Grid]:
    """camelot's raster engine on ``pages``, each rendered at a resolution that keeps it within
    MAX_RENDER_PIXELS (a page thousands of points wide must not take gigabytes); it refuses a
    copy-restricted PDF, so it reads an unrestricted copy (the cells are filled from ``pdf``, the
    same pages already loaded)."""
    grids: list[Grid] = []
    with tempfile.TemporaryDirectory(prefix="ogi-") as tmp:
        source = unlocked_copy(path, Path(tmp) / "unlocked.pdf") if restricted else path
        for page in pages:
            dpi = render_dpi(*pdf.pages[page - 1].get_size())
            if dpi >= MIN_RENDER_DPI:
                grids += read_grids(source, [page], engine="raster", pdf=pdf, resolution=dpi)
    return grids


def render_dpi(width_pt: float, height_pt: float) -> int:
    """The resolution to render a page at: RENDER_DPI, less for a page so large that it would
    exceed MAX_RENDER_PIXELS."""
    pixels_per_dpi2 = max(width_pt, 1.0) * max(height_pt, 1.0) / 72 / 72
    return min(RENDER_DPI, int((MAX_RENDER_PIXELS / pixels_per_dpi2) ** 0.5))
