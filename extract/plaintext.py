"""Read a report saved as text (``.txt``): the text copied from a portal page or a PDF.

A table copied as text is a run of lines whose cells are separated by tabs. How the cells line
up is lost: a browser writes a merged cell once and leaves out the positions a row span covers,
and a PDF's copy may do otherwise. So the lines become *ragged* grids, cells in reading order, and
the template decides where their values go (transform/text_tables.py), flagging what it cannot.
Blank lines may stand inside a table (a line of tabs alone is a row of blank cells); lines without
a tab right between two of its lines are pieces of a cell broken over lines; any other line without a
tab ends it. A copy with no tab at all separates cells by two spaces or more; its blank
cells leave no trace, so its values are placed only where the template's count confirms them.
"""

from __future__ import annotations

import re
from pathlib import Path

from extract.grids import Grid
from extract.text import PdfText, Rejection
from extract.webpage import decode_markup
from ogi_data.messages import say
from ogi_data.status import Status

# Between cells of a copy without tabs: two spaces or more, or an ideographic space
_SPACES = re.compile(r"(?: {2,}|\u3000+)")
# Characters in a file that is text, not a binary renamed .txt
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"}


def read_plain(path: Path) -> tuple[PdfText, list[Grid]] | Rejection:
    """The file's text and one ragged grid per run of tab-separated lines (numbered in order), with
    each cell's box as (field, line, field + 1, line + 1); or why it is not text."""
    data = path.read_bytes()
    if not data.strip():
        return Rejection(Status.UNREADABLE, say("file_empty"))
    text = decode_markup(data).replace("\r\n", "\n").replace("\r", "\n")
    if sum(ch in _CONTROL for ch in text[:4096]) > 8:
        return Rejection(Status.UNREADABLE, say("not_text"))
    return PdfText(pages=[text]), table_runs(text.split("\n"))


def table_runs(lines: list[str]) -> list[Grid]:
    """A ragged grid for every run of lines holding a tab (blank lines inside a run are skipped); in
    a text with no tab at all, cells are told apart by two or more spaces (a PDF viewer's copy)."""
    if not any("\t" in line for line in lines):
        lines = [_SPACES.sub("\t", line.strip()) for line in lines]
    grids: list[Grid] = []
    run: list[int] = []

    def close() -> None:
        if run:
            cells = [[field.strip() for field in lines[i].split("\t")] for i in run]
            boxes = [[(float(j), float(i), float(j + 1), float(i + 1)) for j in range(len(row))]
                     for i, row in zip(run, cells, strict=True)]
            grids.append(Grid(page=len(grids) + 1, order=0, cells=cells, boxes=boxes, ragged=True))
            run.clear()

    inside = _cell_pieces(lines)
    for i, line in enumerate(lines):
        if "\t" in line or i in inside:  # a line of tabs alone is a row of blank cells
            run.append(i)
        elif line.strip():
            close()
    close()
    return grids


def _cell_pieces(lines: list[str]) -> set[int]:
    """Lines without a tab set right between two lines of a table, with no blank line around them:
    a browser's copy breaks a cell's text there (a ``<br>`` or a paragraph inside the cell)."""
    pieces: set[int] = set()
    i = 0
    while i < len(lines):
        if "\t" in lines[i] or not lines[i].strip():
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end].strip() and "\t" not in lines[end]:
            end += 1
        if i > 0 and "\t" in lines[i - 1] and end < len(lines) and "\t" in lines[end]:
            pieces.update(range(i, end))
        i = end
    return pieces
