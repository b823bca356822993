"""The per-file pipeline: one report file through extract and transform, as a plain function that
never raises for bad input (the flow runs it in its tasks; ``ogi inspect`` runs it alone).

A PDF is read from its text layer (its ruled grids by camelot), else from its page images by OCR; a
web page, a Word document or a text file by its own reader (extract/webpage.py, word.py,
plaintext.py), which gives the same text and grids, so that one transform follows every format."""

from __future__ import annotations

import tempfile
from pathlib import Path

from extract.discover import printable
from extract.documents import Document, read_document
from extract.formats import FileFormat, format_of
from extract.messages import say
from extract.ocr import available as ocr_available
from extract.ocr import read_page, read_picture
from extract.ocr_cache import OcrCount
from extract.pdfium_lock import PDFIUM
from extract.status import Status
from extract.tables import (
    Grid,
    marked_tables,
    pages_to_retry,
    printed_tables,
    read_grids,
    read_table_grids,
    table_pages,
    tables_named,
)
from extract.text import LoadedPdf, PdfText, Rejection, document_date, document_text, load_pdf, unlocked_copy
from transform.metadata import KnownReport
from transform.model import table_codes, table_short_name, template_cells
from transform.reference import OcrOptions
from transform.report import TEXTLESS_PAGE_CHARS, ReportResult, build_report

# Rendering for the raster retry: camelot's default resolution, capped by pixels (an A4 page at
# 300 dpi has 8.7 million; camelot's line finding takes about 12 bytes a pixel); below
# MIN_RENDER_DPI ruled lines are no longer found, so the page is not retried.
RENDER_DPI = 300
MAX_RENDER_PIXELS = 12_000_000
# How OpenCV and numpy say they could not allocate (their errors are not MemoryError).
OUT_OF_MEMORY_WORDS = ("Insufficient memory", "Failed to allocate", "Unable to allocate")
MIN_RENDER_DPI = 72
# Text lines read by OCR at the top of a scan's first page, for its title: a header, a document
# number and marks of a photocopy's edge or speckle read as lines may stand above it.
TITLE_LINES = 12
# A scan is loaded only when at least this share of its template's cells were read without doubt.
OCR_MIN_SURE = 0.5
MISREAD_REASONS = {"ocr_low_confidence", "not_a_number", "not_read"}  # data/review_reasons.csv


def process_file(path: Path, sha256: str | None, county_of: dict[str, str] | None = None,
                 file_metadata: dict[str, KnownReport] | None = None,
                 ocr: OcrOptions | None = None) -> ReportResult:
    """Extract and transform one report file; bad input becomes a status and one sentence, not an
    exception. The result records the line of ``file_metadata`` its bytes were processed under,
    whatever came of it, so that a change to that line re-decides the file (flows/plan.py)."""
    result = _process_file(path, sha256, county_of, file_metadata, ocr)
    known = (file_metadata or {}).get(sha256 or "")
    result.named_as = known.key() if known else None
    return result


def _process_file(path: Path, sha256: str | None, county_of: dict[str, str] | None,
                  file_metadata: dict[str, KnownReport] | None, ocr: OcrOptions | None) -> ReportResult:
    ocr = ocr or OcrOptions()
    name = printable(path.name)
    if sha256 is None:
        return ReportResult(name, None, Status.UNREADABLE, say("file_unreadable_disk"), retry=True)
    form = format_of(path)
    if form is not None and form.reader != "pdf":
        return _process_document(path, name, sha256, form, county_of, file_metadata, ocr)
    with PDFIUM:  # pdfium is not thread-safe
        try:
            pdf = load_pdf(path)
        except OSError as exc:  # e.g. its permissions changed since it was fingerprinted
            return ReportResult(name, sha256, Status.UNREADABLE, say("file_unreadable_os", why=exc.strerror),
                                retry=True)
        if isinstance(pdf, Rejection):
            return ReportResult(name, sha256, pdf.status, pdf.detail)
        try:
            extracted = _extract(path, sha256, pdf, ocr)
        finally:
            pdf.close()
    if isinstance(extracted, ReportResult):
        return extracted
    text, grids, source, count = extracted
    result = build_report(name, sha256, text, grids, county_of, file_metadata, ocr.low_confidence)
    result.text_source = source
    if source == "ocr" and result.facts is None and result.status == Status.NOT_A_REPORT:
        # tables were seen in the images but not read: a scan too poor for OCR, not a non-report
        result = ReportResult(name, sha256, Status.NEEDS_OCR, say("ocr_failed_tables", why=result.detail),
                              pages=result.pages, agency=result.agency, county=result.county, year=result.year,
                              issuer=result.issuer)
    elif source == "ocr" and result.facts is not None:
        result = _unless_mostly_doubtful(result)
    elif source == "text" and result.status == Status.NOT_A_REPORT and result.issuer \
            and (printed := printed_tables(text.pages)):
        # its tables are printed in the text layer, but no grid was found for them (lines the grid
        # finder did not see): a report not read, never "not a report"
        result.status = Status.UNREADABLE
        result.detail = say("tables_not_found", issuer=result.issuer, year=result.year,
                            tables="、".join(table_short_name(t) for t in table_codes() if t in printed))
    return _counted(result, count)


def _unless_mostly_doubtful(result: ReportResult) -> ReportResult:
    """A report read by OCR, or ``needs_ocr`` with why when fewer than OCR_MIN_SURE of its
    template's cells were read without doubt about the reading itself (an identity it breaks is
    no doubt about the reading): a scan that poor (a fax, a page at 60 dpi) would load a few
    numbers and a list of doubts longer than the table, work for no one."""
    total = sum(len(columns) for rows in template_cells(result.template_version or "V2021").values()
                for _, columns in rows)
    doubtful = {(c.table_code, c.row_code, c.column_code) for c in result.review if c.reason in MISREAD_REASONS}
    sure = sum((t, r, c) not in doubtful for t, r, c in
               zip(result.facts.table_code, result.facts.row_code, result.facts.column_code, strict=True))
    if sure >= OCR_MIN_SURE * total:
        return result
    return ReportResult(result.source_file, result.sha256, Status.NEEDS_OCR,
                        say("ocr_mostly_doubtful", sure=sure, total=total), pages=result.pages,
                        agency=result.agency, county=result.county, year=result.year, issuer=result.issuer,
                        text_source="ocr")


def _counted(result: ReportResult, count: OcrCount) -> ReportResult:
    """The result with the pages OCR read for it, and those found in the OCR cache."""
    result.ocr_pages_read, result.ocr_pages_cached = count.read, count.cached
    return result


def _process_document(path: Path, name: str, sha256: str, form: FileFormat, county_of: dict[str, str] | None,
                      file_metadata: dict[str, KnownReport] | None, ocr: OcrOptions) -> ReportResult:
    """A web page, Word document or text file: its reader's text and grids, then the one transform."""
    try:
        read = read_document(path, form)
    except OSError as exc:  # e.g. its permissions changed since it was fingerprinted
        return ReportResult(name, sha256, Status.UNREADABLE, say("file_unreadable_os", why=exc.strerror),
                            retry=True)
    if isinstance(read, Rejection):
        return ReportResult(name, sha256, read.status, read.detail)
    result = build_report(name, sha256, read.text, read.grids, county_of, file_metadata, ocr.low_confidence)
    result.text_source = form.text_source
    named = result.issuer is not None or sha256 in (file_metadata or {})  # else OCR could not name it anyway
    if result.facts is None and read.shown and named and not any(tables_named(g) for g in read.grids):
        return _pictures_by_ocr(name, sha256, read, result, county_of, file_metadata, ocr)
    if form.reader == "plain" and result.status == Status.NOT_A_REPORT and result.issuer \
            and marked_tables(read.text.pages) and not any(tables_named(g) for g in read.grids):
        # a report's text whose tables lost their cell separators (one cell a line, say)
        result.status, result.detail = Status.UNREADABLE, say("text_tables_unseparated", issuer=result.issuer,
                                                               year=result.year)
    return result


def _pictures_by_ocr(name: str, sha256: str, read: Document, result: ReportResult, county_of: dict[str, str] | None,
                     file_metadata: dict[str, KnownReport] | None, ocr: OcrOptions) -> ReportResult:
    """A web page whose tables are pictures saved beside it: the pictures read by OCR, the title
    from the page; ``needs_ocr`` with why when they cannot be."""
    grids: list[Grid] = []
    count = OcrCount()
    if ocr.enabled and ocr_available():
        try:
            for number, picture in enumerate(read.pictures, 1):
                try:
                    found = read_picture(picture, number, cache=ocr.cache_dir, count=count)
                except ValueError:  # not a picture OpenCV reads (an animation, an icon format)
                    continue
                grids += [_grid_of(g, number, len(grids) + k) for k, g in enumerate(found)]
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - a picture that makes OCR fail must not stop the batch
            if out_of_memory(exc):
                raise MemoryError(str(exc)) from exc
            why = f"{type(exc).__name__}: {exc}"[:240]
            return _counted(ReportResult(name, sha256, Status.NEEDS_OCR, say("ocr_error", why=why),
                                         agency=result.agency, county=result.county, year=result.year,
                                         issuer=result.issuer), count)
    if grids:
        by_ocr = build_report(name, sha256, read.text, grids, county_of, file_metadata, ocr.low_confidence)
        by_ocr.text_source = "ocr"
        if by_ocr.facts is not None or by_ocr.status != Status.NOT_A_REPORT:
            return _counted(by_ocr, count)
    if result.issuer and result.year:
        result.status = Status.NEEDS_OCR
        result.detail = say("page_tables_are_pictures", issuer=result.issuer, year=result.year,
                            pictures=read.shown)
    return _counted(result, count)


def _grid_of(found, page: int, order: int) -> Grid:
    """A grid read by OCR as the transform takes it."""
    return Grid(page=page, order=order, cells=found.cells, cols=found.cols, confidence=found.confidence,
                boxes=found.boxes)


def _extract(path: Path, sha256: str, pdf: LoadedPdf,
             ocr: OcrOptions) -> tuple[PdfText, list[Grid], str, OcrCount] | ReportResult:
    """The text and the table grids of a loaded PDF (its pages are parsed once for both), where
    they were read from (text, or ocr for page images) and the pages OCR read, or why not."""
    text = document_text(pdf)
    use_ocr = ocr.enabled and ocr_available()
    count = OcrCount()
    if isinstance(text, Rejection):
        if text.status == Status.NEEDS_OCR and use_ocr:
            return _by_ocr(path, sha256, pdf, list(range(1, len(pdf.pages) + 1)), None, ocr.cache_dir, count)
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
        if out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        why = f"{type(exc).__name__}: {exc}"[:240]
        return ReportResult(printable(path.name), sha256, Status.UNREADABLE,
                            say("extraction_failed", pages=pages, why=why), pages=len(text.pages))
    images = [n for n, page in enumerate(text.pages, 1) if len("".join(page.split())) < TEXTLESS_PAGE_CHARS
              and not any(g.page == n for g in grids)]
    if use_ocr and images and not any(tables_named(g) for g in grids):
        # a digital report whose tables are pictures: read those pages by OCR, the title from the text
        return _by_ocr(path, sha256, pdf, images, text, ocr.cache_dir, count)
    return text, grids, "text", count


def out_of_memory(exc: BaseException) -> bool:
    """Whether a library said, in its own words, that it ran out of memory (OpenCV raises its own
    error, not ``MemoryError``): a limit of the worker, not a property of the file."""
    return any(words in str(exc) for words in OUT_OF_MEMORY_WORDS)


def _by_ocr(path: Path, sha256: str, pdf: LoadedPdf, pages: list[int], text: PdfText | None, cache: Path | None,
            count: OcrCount) -> tuple[PdfText, list[Grid], str, OcrCount] | ReportResult:
    """Grids of ``pages`` read from their images (through the OCR ``cache``, tallied in ``count``);
    the page texts are the text layer's where there is one (``text``), else the title lines OCR
    read at the top of page 1 and the cells' texts."""
    texts = list(text.pages) if text else [""] * len(pdf.pages)
    grids: list[Grid] = []
    try:
        for n in pages:
            found, lines = read_page(pdf.pages[n - 1], n, top_lines=TITLE_LINES if n == 1 and not text else 0,
                                     cache=cache, count=count)
            grids += [_grid_of(g, n, len(grids) + k) for k, g in enumerate(found)]
            cells = "\n".join(c for g in found for row in g.cells for c in dict.fromkeys(row) if c)
            texts[n - 1] = "\n".join([*lines, texts[n - 1], cells]).strip()
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a page that makes OCR fail must not stop the batch
        if out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        why = f"{type(exc).__name__}: {exc}"[:240]
        return _counted(ReportResult(printable(path.name), sha256, Status.NEEDS_OCR, say("ocr_error", why=why),
                                     pages=len(pdf.pages)), count)
    if not grids:
        return _counted(ReportResult(printable(path.name), sha256, Status.NEEDS_OCR,
                                     say("ocr_no_table", pages=", ".join(map(str, pages[:8]))),
                                     pages=len(pdf.pages)), count)
    pdf_date = text.pdf_date if text else document_date(pdf)
    return PdfText(pages=texts, restricted=bool(text and text.restricted), pdf_date=pdf_date), grids, "ocr", count


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
