"""Read a Word document (``.docx``): its paragraphs as text and its tables as grids (python-docx).

Word keeps a table as cells: a merged cell spans grid columns (``gridSpan``) and continues down
rows (``vMerge``); python-docx gives the merged cell at every grid position it covers, which is the
layout camelot gives a ruled table. Headers and footers are not read (page numbers, letterheads).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import lxml.etree
from docx.document import Document
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table

from extract.grids import Grid, source_grid
from extract.markup import Region
from extract.text import PdfText, Rejection, describe_start
from ogi_data.messages import say
from ogi_data.status import Status


def read_word(path: Path) -> tuple[PdfText, list[Grid]] | Rejection:
    """The document's text in body order (paragraphs, then each table's cells a line per row) and
    the grid of each table (numbered in body order); or why it cannot be read."""
    if path.stat().st_size == 0:
        return Rejection(Status.UNREADABLE, say("file_empty"))
    if not zipfile.is_zipfile(path):  # a .doc, a web page or a cut download renamed .docx
        with path.open("rb") as fh:
            head = fh.read(1024)
        if head.startswith(b"PK"):
            return Rejection(Status.UNREADABLE, say("docx_truncated"))
        return Rejection(Status.UNREADABLE, say("docx_not_zip", start=describe_start(head)))
    try:
        document = docx.Document(str(path))
        lines, tables = _body(document)
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, lxml.etree.XMLSyntaxError, EOFError) as exc:
        return Rejection(Status.UNREADABLE, say("docx_damaged", why=f"{type(exc).__name__}: {exc}"[:200]))
    grids = [source_grid(n, *_grid_of(table)) for n, table in enumerate(tables, 1)]
    modified = document.core_properties.modified
    return (PdfText(pages=["\n".join(lines)], pdf_date=modified.strftime("%Y-%m-%dT%H:%M:%S") if modified else None),
            [g for g in grids if g.cells])


def _body(document: Document) -> tuple[list[str], list[Table]]:
    """The body's lines and its innermost tables, in order: content controls (``w:sdt``) are looked
    into, and a table laid out inside another's cell (or a text box) is the one read."""
    lines: list[str] = []

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                text = "".join(t.text or "" for t in child.iter(qn("w:t")))
                if text.strip():
                    lines.append(text.strip())
            elif child.tag == qn("w:tbl"):
                lines.extend("\t".join(c.text for c in row.cells) for row in Table(child, document).rows)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent")):
                walk(child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child)

    body = document.element.body
    walk(body)
    tables = [Table(tbl, document) for tbl in body.iter(qn("w:tbl")) if next(tbl.iterdescendants(qn("w:tbl")), None)
              is None]
    return lines, tables


def _grid_of(table: Table) -> tuple[list[list[str]], list[list[Region]]]:
    """A table's cells at every grid position (a merged cell's text repeated) and each position's
    merged cell as (column, row, end column, end row)."""
    rows = [[""] * row.grid_cols_before + [c.text for c in row.cells] for row in table.rows]
    where: dict[object, list[tuple[int, int]]] = {}  # a merged cell's one element → the positions it covers
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells, row.grid_cols_before):
            where.setdefault(cell._tc, []).append((i, j))
    regions: list[list[Region]] = [[(j, i, j + 1, i + 1) for j in range(len(r))] for i, r in enumerate(rows)]
    for spots in where.values():
        rs, cs = [i for i, _ in spots], [j for _, j in spots]
        region = (min(cs), min(rs), max(cs) + 1, max(rs) + 1)
        for i, j in spots:
            regions[i][j] = region
    return rows, regions
