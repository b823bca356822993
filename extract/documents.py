"""The readers of the reports that come as cells, not pages: a web page, a Word document or copied
text (``data/file_formats.csv``), each read by its own reader into the text and table grids the PDF
path gives (extract/reader.py makes them a Document, so that one transform follows every format)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extract.formats import FileFormat
from extract.grids import Grid
from extract.plaintext import read_plain
from extract.text import PdfText, Rejection
from extract.webpage import read_webpage
from extract.word import read_word
from ogi_data.messages import say
from ogi_data.status import Status


@dataclass(frozen=True)
class FormatRead:
    """A report file's text, its tables as grids (``Grid.page`` is the table's number), and for a
    web page (its tables may be images) how many pictures it shows and the files of those saved
    beside it."""

    text: PdfText
    grids: list[Grid]
    shown: int = 0
    pictures: list[Path] = field(default_factory=list)


def read_document(path: Path, form: FileFormat) -> FormatRead | Rejection:
    """Read a web page, Word document or text file, or say why it cannot be read (an office format
    that is not read says how to convert it). Raises OSError when the file cannot be opened."""
    if form.reader == "html":
        read = read_webpage(path)
        return read if isinstance(read, Rejection) else FormatRead(*read)
    if form.reader in ("docx", "plain"):
        read = read_word(path) if form.reader == "docx" else read_plain(path)
        return read if isinstance(read, Rejection) else FormatRead(*read)
    return Rejection(Status.UNREADABLE, say("format_not_read", name=form.name_zh, suffix=form.suffix))
