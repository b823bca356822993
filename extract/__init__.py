"""Extract: report files in, documents out. Its one door is :func:`read_file` (extract/reader.py):
a file of any format read into a :class:`Document` (pages' text, table grids with their cells'
boxes, where they came from) or a :class:`Rejection` (a status and why). Besides it, the folder
(which files are reports, their fingerprints), the types a document is made of, and a page's
picture for the review pages. Other packages import these names from ``extract``, never its modules
(tests/test_architecture.py)."""

from extract.discover import find_reports, printable, sha256_of
from extract.formats import format_of
from extract.grids import Grid, table_markers
from extract.ocr import preload_model
from extract.ocr_cache import OcrCount
from extract.reader import Document, ReadOptions, read_file
from extract.render import PageImage, page_images
from extract.text import PdfText, Rejection
from extract.title import Title, division_suffixes, title_of

__all__ = ["Document", "Grid", "OcrCount", "PageImage", "PdfText", "ReadOptions", "Rejection", "Title",
           "division_suffixes", "find_reports", "format_of", "page_images", "preload_model", "printable", "read_file",
           "sha256_of", "table_markers", "title_of"]
