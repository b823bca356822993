"""The door into extract: one report file read into a :class:`Document`, or a :class:`Rejection`.

Whatever the file's format, the reader decides how to read it: a PDF's text layer and its ruled
grids (camelot), camelot's raster engine again for a page whose table the text names but no grid
was found on, OCR for pages that are images; a web page, a Word document or a text file by its own
reader, and a web page's tables saved as pictures by OCR. The transform sees one kind of thing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from extract.documents import read_document
from extract.formats import FileFormat, format_of
from extract.grids import (
    Grid,
    marked_tables,
    pages_to_retry,
    printed_tables,
    read_grids,
    read_table_grids,
    table_pages,
    tables_named,
)
from extract.ocr import TITLE_SURE, read_page, read_picture
from extract.ocr import available as ocr_available
from extract.ocr_cache import OcrCount
from extract.pdfium_lock import PDFIUM
from extract.text import LoadedPdf, PdfText, Rejection, document_date, document_text, load_pdf, unlocked_copy
from extract.title import find_loose_title, find_title, title_of
from ogi_data.messages import say
from ogi_data.status import Status

# Rendering for the raster retry: camelot's default resolution, capped by pixels (an A4 page at
# 300 dpi has 8.7 million; camelot's line finding takes about 12 bytes a pixel); below
# MIN_RENDER_DPI ruled lines are no longer found, so the page is not retried.
RENDER_DPI = 300
MAX_RENDER_PIXELS = 12_000_000
MIN_RENDER_DPI = 72
# How OpenCV and numpy say they could not allocate (their errors are not MemoryError).
OUT_OF_MEMORY_WORDS = ("Insufficient memory", "Failed to allocate", "Unable to allocate")
# Text lines read by OCR at the top of a scan's first page, for its title: a header, a document
# number, marks of a photocopy's edge or speckle read as lines, or a portal page's menu and
# breadcrumbs may stand above it. Read a dozen at a time, until the title is among them.
TITLE_LINES = 36
TITLE_PAGES = 3  # title lines are read on page 1, else 2, else 3 (extract/title.py looks there too)


@dataclass(frozen=True)
class ReadOptions:
    """How a file may be read: whether page images are read by OCR, the folder where what OCR read
    is kept by page image (None: nothing kept; extract/ocr_cache.py), and whether the file is
    named elsewhere (``data/file_metadata.csv``), so that a web page's pictures are worth reading
    even when its text names no report."""

    ocr: bool = True
    ocr_cache: Path | None = None
    named_elsewhere: bool = False


@dataclass
class Document:
    """A report file as extract read it: its pages' text, its tables as grids with their cells'
    boxes, and where they came from (``source``: a code of ``data/text_sources.csv``).

    ``printed``: the tables whose own header or row texts the text shows, grid or not; ``marked``:
    whether the text names any table at all; ``named_in_grids``: the tables the grids' cells name.
    For a web page: how many ``pictures`` it shows; whether its tables may be those pictures
    (``tables_in_pictures``: no grid of its own names a table, and the page or the file metadata
    names a report); the grids OCR read from those saved beside it (``picture_grids``), or why they
    could not be read (``picture_failure``). ``ocr``: the page images OCR read, and those cached;
    ``doubtful_titles``: the titles (issuer, year) on text lines OCR read less surely than
    TITLE_SURE, which may name their issuer wrong."""

    text: PdfText
    grids: list[Grid]
    source: str
    printed: frozenset[str] = frozenset()
    marked: bool = False
    named_in_grids: frozenset[str] = frozenset()
    pictures: int = 0
    tables_in_pictures: bool = False
    picture_grids: list[Grid] = field(default_factory=list)
    picture_failure: str | None = None
    ocr: OcrCount = field(default_factory=OcrCount)
    doubtful_titles: frozenset[tuple[str, int]] = frozenset()


def read_file(path: Path, options: ReadOptions | None = None) -> Document | Rejection:
    """Read one report file, or say why it cannot be read (a status and one sentence; ``retry`` when
    the cause is outside its bytes, such as permissions). Never raises for bad input; raises
    MemoryError when a library ran out of memory (a limit of the worker, not a property of the file)."""
    options = options or ReadOptions()
    form = format_of(path)
    try:
        if form is not None and form.reader != "pdf":
            return _read_cells_document(path, form, options)
        return _read_pdf(path, options)
    except OSError as exc:  # e.g. its permissions changed since it was fingerprinted
        return Rejection(Status.UNREADABLE, say("file_unreadable_os", why=exc.strerror), retry=True)


def _read_pdf(path: Path, options: ReadOptions) -> Document | Rejection:
    with PDFIUM:  # pdfium is not thread-safe
        pdf = load_pdf(path)
        if isinstance(pdf, Rejection):
            return pdf
        try:
            return _extract(path, pdf, options)
        finally:
            pdf.close()


def _read_cells_document(path: Path, form: FileFormat, options: ReadOptions) -> Document | Rejection:
    """A web page, Word document or text file: its reader's text and grids, and a web page's
    pictures read by OCR when its own grids name no table and the page or the file metadata names it."""
    read = read_document(path, form)
    if isinstance(read, Rejection):
        return read
    document = _document(read.text, read.grids, form.text_source)
    document.pictures = read.shown
    named = title_of(read.text) is not None or options.named_elsewhere
    document.tables_in_pictures = bool(read.shown and named and not document.named_in_grids)
    if document.tables_in_pictures:
        _read_pictures(document, read.pictures, options)
    return document


def _document(text: PdfText, grids: list[Grid], source: str, count: OcrCount | None = None) -> Document:
    named = frozenset().union(*(tables_named(g) for g in grids))
    return Document(text, grids, source, printed=frozenset(printed_tables(text.pages)),
                    marked=bool(marked_tables(text.pages)), named_in_grids=named, ocr=count or OcrCount())


def _read_pictures(document: Document, pictures: list[Path], options: ReadOptions) -> None:
    """A web page's tables saved as pictures beside it, read by OCR into ``document``."""
    if not (options.ocr and ocr_available()):
        return
    try:
        for number, picture in enumerate(pictures, 1):
            try:
                found = read_picture(picture, number, cache=options.ocr_cache, count=document.ocr)
            except ValueError:  # not a picture OpenCV reads (an animation, an icon format)
                continue
            document.picture_grids += [_grid_of(g, number, len(document.picture_grids) + k)
                                       for k, g in enumerate(found)]
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a picture that makes OCR fail must not stop the batch
        _raise_if_out_of_memory(exc)
        document.picture_failure = say("ocr_error", why=f"{type(exc).__name__}: {exc}"[:240])


def _grid_of(found, page: int, order: int) -> Grid:
    """A grid read by OCR as the transform takes it."""
    return Grid(page=page, order=order, cells=found.cells, cols=found.cols, confidence=found.confidence,
                boxes=found.boxes)


def _extract(path: Path, pdf: LoadedPdf, options: ReadOptions) -> Document | Rejection:
    """The text and the table grids of a loaded PDF (its pages are parsed once for both), from the
    text layer, else from the page images by OCR."""
    text = document_text(pdf)
    use_ocr = options.ocr and ocr_available()
    if isinstance(text, Rejection):
        if text.status == Status.NEEDS_OCR and use_ocr:
            return _by_ocr(pdf, list(range(1, len(pdf.pages) + 1)), None, options.ocr_cache)
        return text
    pages = table_pages(text.pages)
    try:
        grids = read_table_grids(path, text.pages, pdf)
        retry = pages_to_retry(text.pages, grids)
        if retry:
            grids += _raster_grids(path, retry, text.restricted, pdf)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a file that makes camelot fail must not stop the batch
        _raise_if_out_of_memory(exc)
        why = f"{type(exc).__name__}: {exc}"[:240]
        return Rejection(Status.UNREADABLE, say("extraction_failed", pages=pages, why=why), pages=len(text.pages))
    images = [n for n in text.textless_pages() if not any(g.page == n for g in grids)]
    if use_ocr and images and not any(tables_named(g) for g in grids):
        # a digital report whose tables are pictures: read those pages by OCR, the title from the text
        return _by_ocr(pdf, images, text, options.ocr_cache)
    return _document(text, grids, "text")


def out_of_memory(exc: BaseException) -> bool:
    """Whether a library said, in its own words, that it ran out of memory (OpenCV raises its own
    error, not ``MemoryError``): a limit of the worker, not a property of the file."""
    return any(words in str(exc) for words in OUT_OF_MEMORY_WORDS)


def _raise_if_out_of_memory(exc: Exception) -> None:
    if out_of_memory(exc):
        raise MemoryError(str(exc)) from exc


def _by_ocr(pdf: LoadedPdf, pages: list[int], text: PdfText | None, cache: Path | None) -> Document | Rejection:
    """Grids of ``pages`` read from their images (through the OCR ``cache``); the page texts are
    the text layer's where there is one (``text``), else the title lines OCR read at the top of
    page 1 and the cells' texts."""
    count = OcrCount()
    texts = list(text.pages) if text else [""] * len(pdf.pages)
    grids: list[Grid] = []
    doubtful: set[str] = set()
    titled = False
    try:
        for n in pages:
            # the title's lines on page 1, or on the next pages while none was found (a portal page
            # printed with its menu may put the report's title on page 2); a text layer has its own
            wanted = TITLE_LINES if not text and not titled and n <= TITLE_PAGES else 0
            found, lines = read_page(pdf.pages[n - 1], n, top_lines=wanted, cache=cache, count=count,
                                     enough=_has_title)
            titled = titled or _has_title("\n".join(line for line, _ in lines))
            grids += [_grid_of(g, n, len(grids) + k) for k, g in enumerate(found)]
            cells = "\n".join(c for g in found for row in g.cells for c in dict.fromkeys(row) if c)
            texts[n - 1] = ocr_page_text("\n".join(line for line, _ in lines), texts[n - 1], cells)
            doubtful |= {line for line, score in lines if score < TITLE_SURE}
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a page that makes OCR fail must not stop the batch
        _raise_if_out_of_memory(exc)
        why = f"{type(exc).__name__}: {exc}"[:240]
        return Rejection(Status.NEEDS_OCR, say("ocr_error", why=why), pages=len(pdf.pages), ocr=count)
    if not grids:
        return Rejection(Status.NEEDS_OCR, say("ocr_no_table", pages=", ".join(map(str, pages[:8]))),
                         pages=len(pdf.pages), ocr=count)
    pdf_date = text.pdf_date if text else document_date(pdf)
    read = PdfText(pages=texts, restricted=bool(text and text.restricted), pdf_date=pdf_date)
    document = _document(read, grids, "ocr", count)
    titles = (find_title(line) or find_loose_title(line) for line in doubtful)
    document.doubtful_titles = frozenset((t.issuer, t.year) for t in titles if t)
    return document


def ocr_page_text(lines: str, layer: str, cells: str) -> str:
    """The text of a page read by OCR: the lines read outside its tables, its text layer's text
    and its cells' texts, in that order; the cells first when they hold a title and the lines
    do not (a portal page's layout frame read as a grid holds the title in its first cell, and
    the lines outside the grid are its menu)."""
    parts = [cells, layer, lines] if not _has_title(lines) and _has_title(cells) else [lines, layer, cells]
    return "\n".join(part for part in parts if part).strip()


def _has_title(text: str) -> bool:
    """Whether OCR's lines hold a title, read strictly or loosely."""
    return bool(find_title(text) or find_loose_title(text))


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
