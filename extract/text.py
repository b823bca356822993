"""Read a PDF's text layer with pdfium: cheap, and enough to reject bad input early.

A file that cannot be read becomes a :class:`Rejection` (a status and one sentence),
never an exception, so one bad download cannot stop a batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from extract.cells import Char, page_chars, text_of
from extract.ocr_cache import OcrCount
from extract.pdfium_lock import PDFIUM
from extract.title import find_title
from ogi_data.messages import say
from ogi_data.status import Status
from ogi_data.strings import fold_radicals

# Fewer visible characters than this on every page means there is no usable text layer; on one
# page, that the page is an image (or blank).
MIN_TEXT_CHARS_PER_DOCUMENT = 20
TEXTLESS_PAGE_CHARS = 20


@dataclass(frozen=True)
class Rejection:
    """A file the pipeline cannot load: a contract status and one sentence of why; the pages it has
    when they were counted, whether the cause is outside its bytes (``retry``: a permission, say),
    and the page images OCR read on it before it gave up."""

    status: Status
    detail: str
    pages: int | None = None
    retry: bool = False
    ocr: OcrCount = field(default_factory=OcrCount)


@dataclass(frozen=True)
class PdfText:
    """The text of each page, in page order (index 0 is page 1), and whether the file is
    encrypted with an owner password only (it opens, but forbids copying text)."""

    pages: list[str]
    restricted: bool = False
    pdf_date: str | None = None  # ISO date-time the PDF was last written (ModDate, else CreationDate)
    # page 1's lines from the top down, each left to right, when the text layer's own order shows
    # no title (a spreadsheet prints its cells by font run: the title may come after the tables)
    first_page_in_order: str = ""

    def textless_pages(self) -> list[int]:
        """The 1-based pages with fewer visible characters than TEXTLESS_PAGE_CHARS: images, or blank."""
        return [n for n, page in enumerate(self.pages, 1) if len("".join(page.split())) < TEXTLESS_PAGE_CHARS]


@dataclass
class LoadedPdf:
    """A PDF opened with pdfium, each page and its text page loaded once for every later step.

    Use it while holding the PDFIUM lock, and ``close()`` it when done.
    """

    doc: pdfium.PdfDocument
    pages: list[pdfium.PdfPage]
    textpages: list[pdfium.PdfTextPage]
    read_chars: dict[int, list[Char]] = field(default_factory=dict)

    def chars(self, page_no: int) -> list[Char]:
        """Every visible character of page ``page_no`` (1-based) with its glyph box, read once."""
        if page_no not in self.read_chars:
            self.read_chars[page_no] = page_chars(self.textpages[page_no - 1])
        return self.read_chars[page_no]

    def close(self) -> None:
        """Release the text pages, the pages and the document, in that order."""
        for textpage in self.textpages:
            textpage.close()
        for page in self.pages:
            page.close()
        self.doc.close()


def load_pdf(path: Path) -> LoadedPdf | Rejection:
    """Open a PDF and load its pages with pdfium (hold the PDFIUM lock), or say why it cannot be opened."""
    if path.stat().st_size == 0:
        return Rejection(Status.UNREADABLE, say("file_empty"))
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        return Rejection(Status.UNREADABLE, say("not_a_pdf", start=describe_start(head)))
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return Rejection(Status.ENCRYPTED, say("pdf_encrypted"))
        return Rejection(Status.UNREADABLE, say("pdf_damaged", why=pdfium_why(exc)))
    pdf = LoadedPdf(doc, [], [])
    try:
        for page in doc:
            pdf.pages.append(page)
            pdf.textpages.append(page.get_textpage())
    except pdfium.PdfiumError as exc:
        pdf.close()
        return Rejection(Status.UNREADABLE, say("page_damaged", why=pdfium_why(exc)))
    return pdf


def document_text(pdf: LoadedPdf) -> PdfText | Rejection:
    """The text of every page, or why there is none to read."""
    restricted = pdfium.raw.FPDF_GetSecurityHandlerRevision(pdf.doc.raw) != -1
    pdf_date = document_date(pdf)
    texts = [fold_radicals(textpage.get_text_range()) for textpage in pdf.textpages]
    if not texts:
        return Rejection(Status.UNREADABLE, say("no_pages"))
    if sum(len("".join(t.split())) for t in texts) < MIN_TEXT_CHARS_PER_DOCUMENT:
        return Rejection(Status.NEEDS_OCR, say("no_text_layer", pages=len(texts)))
    # page 1 in reading order costs a pass over its text runs: only when its own order shows no title
    in_order = "" if find_title(texts[0]) else text_in_reading_order(pdf)
    return PdfText(pages=texts, restricted=restricted, pdf_date=pdf_date, first_page_in_order=in_order)


def text_in_reading_order(pdf: LoadedPdf, page_no: int = 1) -> str:
    """A page's text as lines from the top down, each left to right, its characters grouped into
    lines by their font boxes as a table's cells are (a spreadsheet's title over a smaller line set
    close under it: pdfium's text runs, grouped by their rectangles, ran the two together). The
    characters are read once for the page's grids too."""
    return text_of(pdf.chars(page_no))


def document_date(pdf: LoadedPdf) -> str | None:
    """When the PDF was last written (ModDate, else CreationDate), as an ISO date-time."""
    meta = pdf.doc.get_metadata_dict(skip_empty=True)
    return pdf_date_iso(meta.get("ModDate") or meta.get("CreationDate") or "")


def pdf_date_iso(value: str) -> str | None:
    """``D:20240226103000+08'00'`` → ``2024-02-26T10:30:00``; None when it is not a PDF date."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", value.strip())
    if not match:
        return None
    y, mo, d, h, mi, sec = (g or dflt for g, dflt in zip(match.groups(), ("", "01", "01", "00", "00", "00"),
                                                          strict=True))
    return f"{y}-{mo}-{d}T{h}:{mi}:{sec}"


def unlocked_copy(path: Path, dest: Path) -> Path:
    """Write a copy of an owner-password PDF without its security handler.

    Such a PDF opens without a password but forbids text extraction, which camelot
    honours; the numbers are public, so the pipeline reads an unrestricted copy.
    """
    with PDFIUM:
        doc = pdfium.PdfDocument(str(path))
        try:
            doc.save(str(dest), flags=pdfium.raw.FPDF_REMOVE_SECURITY)
        finally:
            doc.close()
    return dest


def pdfium_why(exc: pdfium.PdfiumError) -> str:
    """PDFium's reason for an error, in the run's language (its error code), else its own words."""
    code = getattr(exc, "err_code", None)
    return say(f"pdfium_err_{code}") if code in range(1, 7) else str(exc)


def describe_start(head: bytes) -> str:
    """A short, human description of what a non-PDF file starts with."""
    if not head.strip():
        return say("magic_blank")
    if head.startswith(b"PK"):
        return say("magic_zip")
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype" in lowered:
        return say("magic_html")
    return repr(head[:8])
